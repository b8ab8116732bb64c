/*
 * gate.c - the consent gate (gate.h, include/sspf/cases.h, DOMAIN.md
 * "Consent"): load what the consent rules look at for one case from the
 * database (the child's birth date, custody, the guardians, the newest
 * consent with its signatures and withdrawal, the youth age setting),
 * judge it with sspf_consent_evaluate() on the core's today, and log the
 * decision. This is the one place where that decision is made.
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include <sspf/settings.h>

#include "core/audit.h"
#include "core/core_priv.h"
#include "core/gate.h"
#include "store/errors_internal.h"

/*
 * The guardian a verdict names, for the caller to show: the facts it was
 * judged on are gone by then. Valid until the next judgement on this
 * thread (gate.h).
 */
static _Thread_local char verdict_guardian[SSPF_NAME_MAX + 1];

/* The facts of one case and the storage their guardian names point to. */
struct loaded {
	sspf_consent_facts f;
	sspf_id ids[SSPF_MAX_GUARDIANS];
	char names[SSPF_MAX_GUARDIANS][SSPF_NAME_MAX + 1];
};

/* Copy src into dst (SSPF_NAME_MAX + 1 bytes), cut at a UTF-8 boundary. */
static void copy_name(char *dst, const char *src)
{
	size_t n = strlen(src);

	if (n > SSPF_NAME_MAX) {
		n = SSPF_NAME_MAX;
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The kept statement of sql (core_kept: the gate runs for every case a
   list shows) with the case (or consent) id bound to ?1; hand it back
   with core_kept_done. */
static sspf_err prepare_id(sspf_core *core, const char *sql, sspf_id id,
			   sqlite3_stmt **q)
{
	sspf_err e = core_kept(core, sql, q);
	int rc;

	if (e != SSPF_OK)
		return e;
	if ((rc = sqlite3_bind_int64(*q, 1, id)) != SQLITE_OK) {
		core_kept_done(core, *q);
		*q = NULL;
		return sspf_store_sqlerr(core->st, rc, "reading a case");
	}
	return SSPF_OK;
}

/* A 'YYYY-MM-DD' column; SSPF_ERR_DAMAGED if it is not one. */
static sspf_err date_col(sqlite3_stmt *q, int col, sspf_date *out)
{
	const char *text = (const char *)sqlite3_column_text(q, col);

	if (text == NULL || sspf_date_parse(text, out) != SSPF_OK)
		return err_set(SSPF_ERR_DAMAGED,
			       "a case holds a bad date ('%s')",
			       text != NULL ? text : "");
	return SSPF_OK;
}

/* The case row: birth date and custody. */
static sspf_err load_case(sspf_core *core, sspf_id case_id, struct loaded *L)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	e = prepare_id(core,
		       "SELECT birth_date, sole_custody FROM case_file "
		       "WHERE id = ?1",
		       case_id, &q);
	if (e != SSPF_OK)
		return e;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		e = date_col(q, 0, &L->f.birth);
		L->f.sole_custody = sqlite3_column_int(q, 1) != 0;
	} else if (rc == SQLITE_DONE) {
		e = err_set(SSPF_ERR_NOT_FOUND, "there is no such case");
	} else {
		e = sspf_store_sqlerr(core->st, rc, "reading a case");
	}
	core_kept_done(core, q);
	return e;
}

/* The guardians, in the order they were added. */
static sspf_err load_guardians(sspf_core *core, sspf_id case_id,
			       struct loaded *L)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	e = prepare_id(core,
		       "SELECT id, name, custody FROM guardian "
		       "WHERE case_id = ?1 ORDER BY id",
		       case_id, &q);
	if (e != SSPF_OK)
		return e;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		size_t i = L->f.n_guardians;
		const char *name = (const char *)sqlite3_column_text(q, 1);

		if (i == SSPF_MAX_GUARDIANS) {
			/* never judge on a part of the guardians */
			core_kept_done(core, q);
			return err_set(SSPF_ERR_DAMAGED,
				       "a case has more than %d guardians",
				       SSPF_MAX_GUARDIANS);
		}
		L->ids[i] = sqlite3_column_int64(q, 0);
		copy_name(L->names[i], name != NULL ? name : "");
		L->f.guardians[i].name = L->names[i];
		L->f.guardians[i].custody = sqlite3_column_int(q, 2) != 0;
		L->f.guardians[i].signed_now = false;
		L->f.n_guardians++;
	}
	e = rc == SQLITE_DONE
		    ? SSPF_OK
		    : sspf_store_sqlerr(core->st, rc, "reading the guardians");
	core_kept_done(core, q);
	return e;
}

/* Which guardians signed consent consent_id. */
static sspf_err load_signatures(sspf_core *core, sspf_id consent_id,
				struct loaded *L)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	e = prepare_id(core,
		       "SELECT guardian_id FROM consent_signature "
		       "WHERE consent_id = ?1",
		       consent_id, &q);
	if (e != SSPF_OK)
		return e;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sspf_id g = sqlite3_column_int64(q, 0);

		for (size_t i = 0; i < L->f.n_guardians; i++)
			if (L->ids[i] == g)
				L->f.guardians[i].signed_now = true;
	}
	e = rc == SQLITE_DONE
		    ? SSPF_OK
		    : sspf_store_sqlerr(core->st, rc, "reading the signatures");
	core_kept_done(core, q);
	return e;
}

/* The newest consent (highest id), its signatures and withdrawal. */
static sspf_err load_consent(sspf_core *core, sspf_id case_id, struct loaded *L)
{
	sqlite3_stmt *q;
	sspf_id consent_id = 0;
	sspf_err e;
	int rc;

	e = prepare_id(core,
		       "SELECT id, signed_on, valid_until, youth_signed, "
		       "scope, withdrawn_on FROM consent WHERE case_id = ?1 "
		       "ORDER BY id DESC LIMIT 1",
		       case_id, &q);
	if (e != SSPF_OK)
		return e;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		L->f.has_consent = true;
		consent_id = sqlite3_column_int64(q, 0);
		e = date_col(q, 1, &L->f.signed_on);
		if (e == SSPF_OK)
			e = date_col(q, 2, &L->f.valid_until);
		L->f.youth_signed = sqlite3_column_int(q, 3) != 0;
		L->f.scope =
			(unsigned)sqlite3_column_int64(q, 4) & SSPF_ACTOR_ALL;
		if (e == SSPF_OK && sqlite3_column_type(q, 5) != SQLITE_NULL) {
			L->f.withdrawn = true;
			e = date_col(q, 5, &L->f.withdrawn_on);
		}
	} else if (rc != SQLITE_DONE) {
		e = sspf_store_sqlerr(core->st, rc, "reading the consent");
	}
	core_kept_done(core, q);
	if (e == SSPF_OK && L->f.has_consent)
		e = load_signatures(core, consent_id, L);
	return e;
}

/* Everything sspf_consent_evaluate() looks at for case case_id. */
static sspf_err load_facts(sspf_core *core, sspf_id case_id, struct loaded *L)
{
	long youth_age;
	sspf_err e;

	memset(L, 0, sizeof *L);
	if ((e = load_case(core, case_id, L)) != SSPF_OK ||
	    (e = load_guardians(core, case_id, L)) != SSPF_OK ||
	    (e = load_consent(core, case_id, L)) != SSPF_OK)
		return e;
	e = sspf_setting_get_int(core->st, "consent.youth_age", &youth_age);
	if (e != SSPF_OK)
		return e;
	L->f.youth_age = (int)youth_age;
	return SSPF_OK;
}

sspf_err gate_case_id(sspf_core *core, const char *code, sspf_id *id)
{
	sqlite3_stmt *q = NULL;
	sspf_err e;
	int rc;

	*id = 0;
	if (code == NULL || code[0] == '\0')
		return err_set(SSPF_ERR_INVALID, "no case code given");
	if ((e = core_kept(core, "SELECT id FROM case_file WHERE code = ?1",
			   &q)) != SSPF_OK)
		return e;
	rc = sqlite3_bind_text(q, 1, code, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(q, 0);
		e = SSPF_OK;
	} else if (rc == SQLITE_DONE) {
		e = err_set(SSPF_ERR_NOT_FOUND, "there is no case %s", code);
	} else {
		e = sspf_store_sqlerr(core->st, rc, "finding a case");
	}
	core_kept_done(core, q);
	return e;
}

sspf_err gate_judge(sspf_core *core, sspf_id case_id, const sspf_context *ctx,
		    sspf_verdict *v)
{
	struct loaded L;
	sspf_err e;

	memset(v, 0, sizeof *v);
	v->allowed = false;
	v->reason = SSPF_CONSENT_NONE;
	if ((e = load_facts(core, case_id, &L)) != SSPF_OK)
		return e;
	gate_verdict(core, &L.f, ctx, v);
	return SSPF_OK;
}

void gate_verdict(sspf_core *core, const sspf_consent_facts *f,
		  const sspf_context *ctx, sspf_verdict *v)
{
	*v = sspf_consent_evaluate(f, ctx, sspf_core_today(core));
	if (v->guardian != NULL) {
		copy_name(verdict_guardian, v->guardian);
		v->guardian = verdict_guardian;
	}
}

sspf_err gate_log(sspf_core *core, const char *code, sspf_verdict *v)
{
	sspf_err e = audit_append(core, v->allowed ? "view" : "refused", code);

	if (e != SSPF_OK) {
		/* not logged: not shown */
		v->allowed = false;
		v->show_name = false;
		return e;
	}
	if (!v->allowed) {
		char why[SSPF_NAME_MAX + 200];

		v->show_name = false;
		sspf_verdict_text(v, why, sizeof why);
		return err_set(SSPF_ERR_REFUSED, "case %s: %s", code, why);
	}
	return SSPF_OK;
}

sspf_err gate_check(sspf_core *core, sspf_id case_id, const char *code,
		    const sspf_context *ctx, sspf_verdict *v)
{
	sspf_verdict local;
	sspf_err e;

	if (v == NULL)
		v = &local;
	if ((e = gate_judge(core, case_id, ctx, v)) != SSPF_OK) {
		v->allowed = false;
		v->show_name = false;
		return e;
	}
	return gate_log(core, code, v);
}

sspf_err sspf_gate(sspf_core *core, const char *code, const sspf_context *ctx,
		   sspf_verdict *v)
{
	sspf_id id;
	sspf_err e;

	err_clear();
	if (v != NULL) {
		memset(v, 0, sizeof *v);
		v->reason = SSPF_CONSENT_NONE;
	}
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if ((e = gate_case_id(core, code, &id)) != SSPF_OK)
		return e;
	return gate_check(core, id, code, ctx, v);
}
