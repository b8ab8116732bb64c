/*
 * cases_consents.c - the guardians and consents of a case
 * (include/sspf/cases.h): adding guardians, registering and withdrawing
 * consents, and what the consent work needs to know of a case without a
 * consent (sspf_case_consent_info). The consent rules themselves are in
 * consent.c, the gate in gate.c. Every change is written to the audit log
 * in the same transaction as the change itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include <sspf/cases.h>
#include <sspf/settings.h>

#include "core/audit.h"
#include "core/cases_priv.h"
#include "core/core_priv.h"
#include "core/gate.h"
#include "store/errors_internal.h"

/* ---- guardians ---- */

/* How many guardians case_id has. */
static sspf_err count_guardians(sspf_core *core, sspf_id case_id, int *n)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	*n = 0;
	if ((e = core_prep(core, &q,
			   "SELECT COUNT(*) FROM guardian WHERE case_id = ?1",
			   "i", case_id)) != SSPF_OK)
		return e;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		*n = sqlite3_column_int(q, 0);
	return core_finish(core, q, rc, "counting guardians");
}

static sspf_err insert_guardian(sspf_core *core, sspf_id case_id,
				const sspf_guardian_new *g)
{
	return core_run(core, NULL, "saving a guardian",
			"INSERT INTO guardian (case_id, name, phone, email, "
			"address, custody) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			"ittttn", case_id, g->name, g->phone, g->email,
			g->address, g->custody ? 1 : 0);
}

sspf_err sspf_guardian_add(sspf_core *core, const char *code,
			   const sspf_guardian_new *g, sspf_id *id_out)
{
	sspf_id case_id, id = 0;
	int n;
	bool own;
	sspf_err e;

	err_clear();
	if (id_out != NULL)
		*id_out = 0;
	if (core == NULL || g == NULL)
		return err_set(SSPF_ERR_INVALID, "no guardian given");
	if ((e = cases_check_name(g->name, "guardian")) != SSPF_OK)
		return e;
	if ((e = core_tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = gate_case_id(core, code, &case_id);
	if (e == SSPF_OK)
		e = count_guardians(core, case_id, &n);
	if (e == SSPF_OK && n >= SSPF_MAX_GUARDIANS)
		e = err_set(SSPF_ERR_INVALID,
			    "case %s has %d guardians already, the most there "
			    "can be",
			    code, n);
	if (e == SSPF_OK)
		e = insert_guardian(core, case_id, g);
	if (e == SSPF_OK) {
		id = sqlite3_last_insert_rowid(core->db);
		e = audit_append(core, "change", code);
	}
	if ((e = core_tx_end(core, own, e)) != SSPF_OK)
		return e;
	if (id_out != NULL)
		*id_out = id;
	return SSPF_OK;
}

/* ---- consents ---- */

/* Check what a new consent holds; fills in *until. */
static sspf_err check_new_consent(sspf_core *core, const sspf_consent_new *c,
				  sspf_date *until)
{
	long months;
	sspf_err e;

	if (!cases_date_in_range(c->signed_on))
		return err_set(SSPF_ERR_INVALID,
			       "the signing date is not a date sspf keeps");
	if (c->scope == 0 || (c->scope & ~SSPF_ACTOR_ALL) != 0)
		return err_set(SSPF_ERR_INVALID,
			       "the consent must name the actors it covers "
			       "(skola, socialtjänst, polis, fritid, annan)");
	if (c->n_signed_by > 0 && c->signed_by == NULL)
		return err_set(SSPF_ERR_INVALID, "no signatures given");
	for (size_t i = 0; i < c->n_signed_by; i++)
		for (size_t j = 0; j < i; j++)
			if (c->signed_by[i] == c->signed_by[j])
				return err_set(SSPF_ERR_INVALID,
					       "guardian %lld is named twice "
					       "among those who signed",
					       (long long)c->signed_by[i]);
	*until = c->valid_until;
	if (*until == 0) {
		e = sspf_setting_get_int(core->st, "consent.validity_months",
					 &months);
		if (e != SSPF_OK)
			return e;
		*until = sspf_date_add_months(c->signed_on, (int)months) - 1;
	}
	if (!cases_date_in_range(*until))
		return err_set(SSPF_ERR_INVALID,
			       "the valid-until date is not a date sspf keeps");
	if (*until < c->signed_on)
		return err_set(SSPF_ERR_INVALID,
			       "the consent would end before it was signed");
	return SSPF_OK;
}

/* SSPF_ERR_INVALID unless guardian g belongs to case case_id. */
static sspf_err guardian_of(sspf_core *core, sspf_id case_id, sspf_id g,
			    const char *code)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = core_prep(core, &q,
			   "SELECT 1 FROM guardian WHERE id = ?1 AND "
			   "case_id = ?2",
			   "ii", g, case_id)) != SSPF_OK)
		return e;
	rc = sqlite3_step(q);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(q);
		return err_set(SSPF_ERR_INVALID,
			       "guardian %lld is not a guardian of case %s",
			       (long long)g, code);
	}
	return core_finish(core, q, rc, "checking a guardian");
}

static sspf_err insert_consent(sspf_core *core, sspf_id case_id,
			       const sspf_consent_new *c, sspf_date until,
			       sspf_date today)
{
	const char *lang =
		c->form_language != NULL && c->form_language[0] != '\0'
			? c->form_language
			: "sv";

	return core_run(core, NULL, "saving a consent",
			"INSERT INTO consent (case_id, signed_on, "
			"valid_until, youth_signed, scope, scope_other, "
			"information, purpose, form_version, form_language, "
			"registered_by, registered_on) VALUES (?1, ?2, ?3, "
			"?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
			"iDDnittttttD", case_id, c->signed_on, until,
			c->youth_signed ? 1 : 0, (sspf_id)c->scope,
			c->scope_other, c->information, c->purpose,
			c->form_version, lang, core->user, today);
}

static sspf_err insert_signature(sspf_core *core, sspf_id consent_id,
				 sspf_id guardian_id)
{
	return core_run(core, NULL, "saving a signature",
			"INSERT INTO consent_signature (consent_id, "
			"guardian_id) VALUES (?1, ?2)",
			"ii", consent_id, guardian_id);
}

sspf_err sspf_consent_register(sspf_core *core, const char *code,
			       const sspf_consent_new *c, sspf_id *id_out)
{
	sspf_id case_id, id = 0;
	sspf_date until = 0;
	bool own;
	sspf_err e;

	err_clear();
	if (id_out != NULL)
		*id_out = 0;
	if (core == NULL || c == NULL)
		return err_set(SSPF_ERR_INVALID, "no consent given");
	if ((e = check_new_consent(core, c, &until)) != SSPF_OK)
		return e;
	if ((e = core_tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = gate_case_id(core, code, &case_id);
	for (size_t i = 0; e == SSPF_OK && i < c->n_signed_by; i++)
		e = guardian_of(core, case_id, c->signed_by[i], code);
	if (e == SSPF_OK)
		e = insert_consent(core, case_id, c, until,
				   sspf_core_today(core));
	if (e == SSPF_OK)
		id = sqlite3_last_insert_rowid(core->db);
	for (size_t i = 0; e == SSPF_OK && i < c->n_signed_by; i++)
		e = insert_signature(core, id, c->signed_by[i]);
	if (e == SSPF_OK)
		e = audit_append(core, "consent", code);
	if ((e = core_tx_end(core, own, e)) != SSPF_OK)
		return e;
	if (id_out != NULL)
		*id_out = id;
	return SSPF_OK;
}

/* The newest consent of case_id: its id, signing and withdrawal dates. */
static sspf_err newest_consent(sspf_core *core, sspf_id case_id,
			       const char *code, sspf_id *id,
			       sspf_date *signed_on, sspf_date *withdrawn_on)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = core_prep(core, &q,
			   "SELECT id, signed_on, withdrawn_on FROM consent "
			   "WHERE case_id = ?1 ORDER BY id DESC LIMIT 1",
			   "i", case_id)) != SSPF_OK)
		return e;
	rc = sqlite3_step(q);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(q);
		return err_set(SSPF_ERR_INVALID,
			       "case %s has no consent to withdraw", code);
	}
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(q, 0);
		e = cases_date_col(q, 1, false, signed_on);
		if (e == SSPF_OK)
			e = cases_date_col(q, 2, true, withdrawn_on);
		if (e == SSPF_OK && sqlite3_column_type(q, 2) != SQLITE_NULL)
			e = err_set(SSPF_ERR_INVALID,
				    "the consent of case %s is withdrawn "
				    "already",
				    code);
		sqlite3_finalize(q);
		return e;
	}
	return core_finish(core, q, rc, "reading the consent");
}

sspf_err sspf_consent_withdraw(sspf_core *core, const char *code, sspf_date on,
			       const char *by, const char *covers)
{
	sspf_id case_id, id = 0;
	sspf_date signed_on = 0, withdrawn_on = 0;
	bool own;
	sspf_err e;

	err_clear();
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if (by == NULL || by[0] == '\0')
		return err_set(SSPF_ERR_INVALID,
			       "say who withdrew the consent");
	if (!cases_date_in_range(on) || on > sspf_core_today(core))
		return err_set(SSPF_ERR_INVALID,
			       "a withdrawal is registered on or after the "
			       "day it is made, not before");
	if ((e = core_tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = gate_case_id(core, code, &case_id);
	if (e == SSPF_OK)
		e = newest_consent(core, case_id, code, &id, &signed_on,
				   &withdrawn_on);
	if (e == SSPF_OK && on < signed_on)
		e = err_set(SSPF_ERR_INVALID,
			    "the consent of case %s was signed after that date",
			    code);
	if (e == SSPF_OK)
		e = core_run(core, NULL, "withdrawing a consent",
			     "UPDATE consent SET withdrawn_on = ?1, "
			     "withdrawn_by = ?2, withdrawn_note = ?3 WHERE "
			     "id = ?4",
			     "Dtti", on, by, covers, id);
	if (e == SSPF_OK)
		e = audit_append(core, "withdraw", code);
	return core_tx_end(core, own, e);
}

sspf_err sspf_consent_decline(sspf_core *core, const char *code, sspf_date on)
{
	sspf_id case_id;
	bool own;
	sspf_err e;

	err_clear();
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if (!cases_date_in_range(on) || on > sspf_core_today(core))
		return err_set(SSPF_ERR_INVALID,
			       "a \"no\" is registered on or after the day it "
			       "is said, not before");
	if ((e = core_tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = gate_case_id(core, code, &case_id);
	if (e == SSPF_OK)
		e = core_run(core, NULL, "registering a declined consent",
			     "INSERT INTO consent_declined (case_id, "
			     "declined_on, registered_by, registered_on) "
			     "VALUES (?1, ?2, ?3, ?4)",
			     "iDtD", case_id, on, core->user,
			     sspf_core_today(core));
	if (e == SSPF_OK)
		e = audit_append(core, "consent", code);
	return core_tx_end(core, own, e);
}

/* ---- what the consent work needs ---- */

void sspf_consent_info_free(sspf_consent_info *ci)
{
	if (ci == NULL)
		return;
	core_free_text(ci->child_name);
	for (size_t i = 0; i < ci->n_guardians && i < SSPF_MAX_GUARDIANS; i++) {
		core_free_text(ci->guardians[i].name);
		core_free_text(ci->guardians[i].phone);
		core_free_text(ci->guardians[i].email);
		core_free_text(ci->guardians[i].address);
	}
	free(ci);
}

/* The child's name, birth date and custody. */
static sspf_err info_case(sspf_core *core, sspf_id case_id,
			  sspf_consent_info *ci)
{
	sqlite3_stmt *q;
	const char *code;
	sspf_err e;
	int rc;

	if ((e = core_prep(core, &q,
			   "SELECT code, child_name, birth_date, sole_custody "
			   "FROM case_file WHERE id = ?1",
			   "i", case_id)) != SSPF_OK)
		return e;
	rc = sqlite3_step(q);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(q);
		return err_set(SSPF_ERR_NOT_FOUND, "the case is gone");
	}
	if (rc != SQLITE_ROW)
		return core_finish(core, q, rc, "reading a case");
	code = (const char *)sqlite3_column_text(q, 0);
	snprintf(ci->code, sizeof ci->code, "%s", code != NULL ? code : "");
	ci->sole_custody = sqlite3_column_int(q, 3) != 0;
	e = cases_date_col(q, 2, false, &ci->birth);
	if (e == SSPF_OK && !cases_text_col(q, 1, &ci->child_name))
		e = err_set(SSPF_ERR_NOMEM, "reading a case");
	sqlite3_finalize(q);
	return e;
}

/* The newest "no" recorded for the case, 0 if none. */
static sspf_err info_declined(sspf_core *core, sspf_id case_id,
			      sspf_consent_info *ci)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = core_prep(core, &q,
			   "SELECT MAX(declined_on) FROM consent_declined "
			   "WHERE case_id = ?1",
			   "i", case_id)) != SSPF_OK)
		return e;
	rc = sqlite3_step(q);
	if (rc != SQLITE_ROW)
		return core_finish(core, q, rc, "reading a no to consent");
	e = cases_date_col(q, 0, true, &ci->declined_on);
	sqlite3_finalize(q);
	return e;
}

/* The guardians and their contact, in the order they were added. */
static sspf_err info_guardians(sspf_core *core, sspf_id case_id,
			       sspf_consent_info *ci)
{
	sqlite3_stmt *q;
	sspf_err e = SSPF_OK;
	int rc;

	if ((e = core_prep(core, &q,
			   "SELECT id, name, phone, email, address, custody "
			   "FROM guardian WHERE case_id = ?1 ORDER BY id",
			   "i", case_id)) != SSPF_OK)
		return e;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		size_t i = ci->n_guardians;

		if (i == SSPF_MAX_GUARDIANS) {
			e = err_set(SSPF_ERR_DAMAGED,
				    "a case has more than %d guardians",
				    SSPF_MAX_GUARDIANS);
			break;
		}
		ci->n_guardians++;
		ci->guardians[i].id = sqlite3_column_int64(q, 0);
		ci->guardians[i].custody = sqlite3_column_int(q, 5) != 0;
		if (!cases_text_col(q, 1, &ci->guardians[i].name) ||
		    !cases_text_col(q, 2, &ci->guardians[i].phone) ||
		    !cases_text_col(q, 3, &ci->guardians[i].email) ||
		    !cases_text_col(q, 4, &ci->guardians[i].address)) {
			e = err_set(SSPF_ERR_NOMEM, "reading the guardians");
			break;
		}
	}
	if (e == SSPF_OK && rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, "reading the guardians");
	sqlite3_finalize(q);
	return e;
}

sspf_err sspf_case_consent_info(sspf_core *core, const char *code,
				sspf_consent_info **out)
{
	sspf_consent_info *ci;
	sspf_id case_id;
	sspf_err e;

	err_clear();
	if (out != NULL)
		*out = NULL;
	if (core == NULL || out == NULL)
		return err_set(SSPF_ERR_INVALID, "nowhere to put the case");
	if ((e = gate_case_id(core, code, &case_id)) != SSPF_OK)
		return e;
	if ((ci = calloc(1, sizeof *ci)) == NULL)
		return err_set(SSPF_ERR_NOMEM, "reading case %s", code);
	e = gate_judge(core, case_id, NULL, &ci->verdict);
	if (e == SSPF_OK)
		e = info_case(core, case_id, ci);
	if (e == SSPF_OK)
		e = info_guardians(core, case_id, ci);
	if (e == SSPF_OK)
		e = info_declined(core, case_id, ci);
	/* shown only once it is logged */
	if (e == SSPF_OK)
		e = audit_append(core, "consent-work", code);
	if (e != SSPF_OK) {
		sspf_consent_info_free(ci);
		return e;
	}
	/* the guardian the verdict names, as the struct holds it */
	for (size_t i = 0; ci->verdict.guardian != NULL && i < ci->n_guardians;
	     i++)
		if (strcmp(ci->guardians[i].name, ci->verdict.guardian) == 0) {
			ci->verdict.guardian = ci->guardians[i].name;
			break;
		}
	*out = ci;
	return SSPF_OK;
}
