/*
 * consent_record.c - the newest consent of a case as it was registered
 * (dates, scope, wording, who signed, withdrawal), for the consent screens
 * and the case text. It holds nothing of the case's data, so it is given
 * without a valid consent and logged as consent work.
 */
#include <stdlib.h>
#include <string.h>

#include <sspf/cases.h>

#include "core/audit.h"
#include "core/core_priv.h"
#include "core/gate.h"
#include "store/errors_internal.h"

void sspf_consent_record_free(sspf_consent_record *r)
{
	if (r == NULL)
		return;
	core_free_text(r->scope_other);
	core_free_text(r->information);
	core_free_text(r->purpose);
	core_free_text(r->form_version);
	core_free_text(r->form_language);
	core_free_text(r->registered_by);
	core_free_text(r->withdrawn_by);
	core_free_text(r->withdrawn_note);
	free(r);
}

static char *text_of(sqlite3_stmt *q, int col)
{
	const char *t = (const char *)sqlite3_column_text(q, col);

	return strdup(t != NULL ? t : "");
}

static sspf_date date_of(sqlite3_stmt *q, int col)
{
	const char *t = (const char *)sqlite3_column_text(q, col);
	sspf_date d = 0;

	if (t != NULL && sspf_date_parse(t, &d) != SSPF_OK)
		d = 0;
	return d;
}

/* Fill r from the row of the newest consent of case_id; NOT_FOUND if none. */
static sspf_err read_record(sspf_core *core, sspf_id case_id,
			    sspf_consent_record *r)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	e = core_prepare(core,
			 "SELECT id, signed_on, valid_until, youth_signed, "
			 "scope, scope_other, information, purpose, "
			 "form_version, form_language, registered_by, "
			 "registered_on, withdrawn_on, withdrawn_by, "
			 "withdrawn_note FROM consent WHERE case_id = ?1 "
			 "ORDER BY id DESC LIMIT 1",
			 &q);
	if (e != SSPF_OK)
		return e;
	sqlite3_bind_int64(q, 1, case_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		r->id = sqlite3_column_int64(q, 0);
		r->signed_on = date_of(q, 1);
		r->valid_until = date_of(q, 2);
		r->youth_signed = sqlite3_column_int(q, 3) != 0;
		r->scope = (unsigned)sqlite3_column_int(q, 4);
		r->scope_other = text_of(q, 5);
		r->information = text_of(q, 6);
		r->purpose = text_of(q, 7);
		r->form_version = text_of(q, 8);
		r->form_language = text_of(q, 9);
		r->registered_by = text_of(q, 10);
		r->registered_on = date_of(q, 11);
		r->withdrawn = sqlite3_column_type(q, 12) != SQLITE_NULL;
		r->withdrawn_on = date_of(q, 12);
		r->withdrawn_by = text_of(q, 13);
		r->withdrawn_note = text_of(q, 14);
		if (!r->scope_other || !r->information || !r->purpose ||
		    !r->form_version || !r->form_language ||
		    !r->registered_by || !r->withdrawn_by || !r->withdrawn_note)
			e = err_set(SSPF_ERR_NOMEM, "reading a consent");
	} else if (rc == SQLITE_DONE) {
		e = err_set(SSPF_ERR_NOT_FOUND, "no consent is registered");
	} else {
		e = sspf_store_sqlerr(core->st, rc, "reading a consent");
	}
	sqlite3_finalize(q);
	if (e != SSPF_OK)
		return e;
	e = core_prepare(core,
			 "SELECT guardian_id FROM consent_signature "
			 "WHERE consent_id = ?1 ORDER BY guardian_id",
			 &q);
	if (e != SSPF_OK)
		return e;
	sqlite3_bind_int64(q, 1, r->id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW &&
	       r->n_signed_by < SSPF_MAX_GUARDIANS)
		r->signed_by[r->n_signed_by++] = sqlite3_column_int64(q, 0);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, "reading the signatures");
	sqlite3_finalize(q);
	return e;
}

sspf_err sspf_consent_current(sspf_core *core, const char *code,
			      sspf_consent_record **out)
{
	sspf_consent_record *r;
	sspf_id case_id;
	sspf_err e;

	*out = NULL;
	err_clear();
	if (core == NULL || code == NULL)
		return err_set(SSPF_ERR_INVALID, "no case given");
	if ((e = gate_case_id(core, code, &case_id)) != SSPF_OK)
		return e;
	if ((r = calloc(1, sizeof *r)) == NULL)
		return err_set(SSPF_ERR_NOMEM, "reading a consent");
	e = read_record(core, case_id, r);
	/* logged even when there is none yet; given only once logged */
	if (e == SSPF_OK || e == SSPF_ERR_NOT_FOUND) {
		sspf_err a = audit_append(core, "consent-work", code);

		if (a != SSPF_OK)
			e = a;
	}
	if (e != SSPF_OK) {
		sspf_consent_record_free(r);
		return e;
	}
	*out = r;
	return SSPF_OK;
}
