/*
 * cases.c - cases (ärenden), their guardians and consents
 * (include/sspf/cases.h): creating a case with the next code of the year,
 * adding guardians, registering and withdrawing consents, and the reads of
 * a case, which all pass the consent gate (gate.c) first. Every change is
 * written to the audit log in the same transaction as the change itself;
 * the log holds the case code, never what the case holds.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include <sspf/cases.h>
#include <sspf/settings.h>

#include "core/audit.h"
#include "core/core_priv.h"
#include "core/gate.h"
#include "store/errors_internal.h"

/* The texts of sspf_gender in the table case_file. */
static const char *const gender_text[] = {
	[SSPF_GENDER_UNSTATED] = "ej angivet",
	[SSPF_GENDER_GIRL] = "flicka",
	[SSPF_GENDER_BOY] = "pojke",
	[SSPF_GENDER_OTHER] = "annat",
};
#define N_GENDERS (sizeof gender_text / sizeof gender_text[0])

/* Every concern category bit. */
#define CONCERNS_ALL 0x3fu

/* ---- helpers ---- */

/*
 * Start a change: a transaction of its own (*own) when none is open, else
 * a savepoint inside the caller's.
 */
static sspf_err tx_begin(sspf_core *core, bool *own)
{
	int rc;

	*own = sqlite3_get_autocommit(core->db) != 0;
	rc = sqlite3_exec(core->db,
			  *own ? "BEGIN IMMEDIATE" : "SAVEPOINT sspf_cases",
			  NULL, NULL, NULL);
	return rc == SQLITE_OK
		       ? SSPF_OK
		       : sspf_store_sqlerr(core->st, rc, "starting a change");
}

/* Keep the change if e is SSPF_OK, else undo all of it; returns e. */
static sspf_err tx_end(sspf_core *core, bool own, sspf_err e)
{
	if (e == SSPF_OK) {
		int rc = sqlite3_exec(core->db,
				      own ? "COMMIT" : "RELEASE sspf_cases",
				      NULL, NULL, NULL);

		if (rc == SQLITE_OK)
			return SSPF_OK;
		e = sspf_store_sqlerr(core->st, rc, "saving a change");
	}
	/* SQLite may have rolled back already; the first error counts */
	if (own)
		sqlite3_exec(core->db, "ROLLBACK", NULL, NULL, NULL);
	else
		sqlite3_exec(core->db,
			     "ROLLBACK TO sspf_cases; RELEASE sspf_cases", NULL,
			     NULL, NULL);
	return e;
}

static sspf_err prepare(sspf_core *core, const char *sql, sqlite3_stmt **q)
{
	int rc = sqlite3_prepare_v2(core->db, sql, -1, q, NULL);

	if (rc != SQLITE_OK) {
		sqlite3_finalize(*q);
		*q = NULL;
		return sspf_store_sqlerr(core->st, rc, "preparing a statement");
	}
	return SSPF_OK;
}

/* Bind s, or "" for NULL. */
static int bind_text(sqlite3_stmt *q, int i, const char *s)
{
	return sqlite3_bind_text(q, i, s != NULL ? s : "", -1, SQLITE_STATIC);
}

/* Bind a date as 'YYYY-MM-DD'. */
static int bind_date(sqlite3_stmt *q, int i, sspf_date d)
{
	char text[SSPF_DATE_TEXT];

	sspf_date_format(d, text);
	return sqlite3_bind_text(q, i, text, -1, SQLITE_TRANSIENT);
}

/*
 * Step a statement that returns no row (or whose row is not wanted after
 * the first), finalize it; rc is what binding gave.
 */
static sspf_err finish(sspf_core *core, sqlite3_stmt *q, int rc,
		       const char *what)
{
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return SSPF_OK;
	return sspf_store_sqlerr(core->st, rc, what);
}

/* A 'YYYY-MM-DD' column, or 0 for NULL when null_ok. */
static sspf_err date_col(sqlite3_stmt *q, int col, bool null_ok, sspf_date *out)
{
	const char *text = (const char *)sqlite3_column_text(q, col);

	*out = 0;
	if (text == NULL && null_ok)
		return SSPF_OK;
	if (text == NULL || sspf_date_parse(text, out) != SSPF_OK)
		return err_set(SSPF_ERR_DAMAGED,
			       "a case holds a bad date ('%s')",
			       text != NULL ? text : "");
	return SSPF_OK;
}

/* A copy of a text column ("" for NULL) into *dst; false: out of memory. */
static bool text_col(sqlite3_stmt *q, int col, char **dst)
{
	const char *text = (const char *)sqlite3_column_text(q, col);

	*dst = strdup(text != NULL ? text : "");
	return *dst != NULL;
}

/* Whether d lies in the years sspf stores (those sspf_date_parse reads). */
static bool date_in_range(sspf_date d)
{
	sspf_date lo, hi;

	sspf_date_make(1900, 1, 1, &lo);
	sspf_date_make(2199, 12, 31, &hi);
	return d >= lo && d <= hi;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Whether code matches ^[0-9]{4}-[0-9]{3,}$ and fits SSPF_CODE_SIZE; its
 * year and number.
 */
static bool parse_code(const char *code, int *year, int64_t *seq)
{
	size_t n = strlen(code);

	if (n < 8 || n >= SSPF_CODE_SIZE || code[4] != '-')
		return false;
	*year = 0;
	*seq = 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 4)
			continue;
		if (!is_digit(code[i]))
			return false;
		if (i < 4)
			*year = *year * 10 + (code[i] - '0');
		else
			*seq = *seq * 10 + (code[i] - '0');
	}
	return true;
}

/* A required name: non-empty, at most SSPF_NAME_MAX bytes. */
static sspf_err check_name(const char *name, const char *what)
{
	if (name == NULL || name[0] == '\0')
		return err_set(SSPF_ERR_INVALID, "the %s's name is missing",
			       what);
	if (strlen(name) > SSPF_NAME_MAX)
		return err_set(SSPF_ERR_INVALID,
			       "the %s's name is longer than %d bytes", what,
			       SSPF_NAME_MAX);
	return SSPF_OK;
}

/* ---- creating a case ---- */

/* Check what a new case holds, before anything is written. */
static sspf_err check_new_case(const sspf_case_new *c, sspf_date today)
{
	sspf_err e;

	if ((e = check_name(c->child_name, "child")) != SSPF_OK)
		return e;
	if (!date_in_range(c->birth) || c->birth > today)
		return err_set(SSPF_ERR_INVALID,
			       "the birth date must lie between 1900-01-01 "
			       "and today");
	if ((unsigned)c->gender >= N_GENDERS)
		return err_set(SSPF_ERR_INVALID, "unknown gender %d",
			       (int)c->gender);
	if ((c->raised_by & ~SSPF_ACTOR_ALL) != 0 ||
	    (c->raised_by & (c->raised_by - 1)) != 0)
		return err_set(SSPF_ERR_INVALID,
			       "the concern is raised by one actor or none");
	if ((c->concerns & ~CONCERNS_ALL) != 0)
		return err_set(SSPF_ERR_INVALID, "unknown concern category");
	return SSPF_OK;
}

/* The next number of year: one more than the highest so far. */
static sspf_err next_seq(sspf_core *core, int year, int64_t *seq)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	*seq = 1;
	if ((e = prepare(core,
			 "SELECT COALESCE(MAX(seq), 0) + 1 FROM case_file "
			 "WHERE year = ?1",
			 &q)) != SSPF_OK)
		return e;
	rc = sqlite3_bind_int(q, 1, year);
	if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW)
		*seq = sqlite3_column_int64(q, 0);
	return finish(core, q, rc, "numbering a case");
}

/* SSPF_ERR_EXISTS if code, or its year and number, is taken. */
static sspf_err code_free(sspf_core *core, const char *code, int year,
			  int64_t seq)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = prepare(core,
			 "SELECT code FROM case_file WHERE code = ?1 "
			 "OR (year = ?2 AND seq = ?3)",
			 &q)) != SSPF_OK)
		return e;
	rc = bind_text(q, 1, code);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(q, 2, year);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(q, 3, seq);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		e = err_set(SSPF_ERR_EXISTS, "case %s exists already (as %s)",
			    code, (const char *)sqlite3_column_text(q, 0));
		sqlite3_finalize(q);
		return e;
	}
	return finish(core, q, rc == SQLITE_DONE ? SQLITE_OK : rc,
		      "checking a case code");
}

static sspf_err insert_case(sspf_core *core, const sspf_case_new *c,
			    const char *code, int year, int64_t seq,
			    sspf_date today)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = prepare(core,
			 "INSERT INTO case_file (code, year, seq, child_name, "
			 "birth_date, gender, school, class, district, "
			 "raised_by, concerns, concern_text, sole_custody, "
			 "opened_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
			 "?9, ?10, ?11, ?12, ?13, ?14)",
			 &q)) != SSPF_OK)
		return e;
	rc = bind_text(q, 1, code);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(q, 2, year);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(q, 3, seq);
	if (rc == SQLITE_OK)
		rc = bind_text(q, 4, c->child_name);
	if (rc == SQLITE_OK)
		rc = bind_date(q, 5, c->birth);
	if (rc == SQLITE_OK)
		rc = bind_text(q, 6, gender_text[c->gender]);
	if (rc == SQLITE_OK)
		rc = bind_text(q, 7, c->school);
	if (rc == SQLITE_OK)
		rc = bind_text(q, 8, c->class_name);
	if (rc == SQLITE_OK)
		rc = bind_text(q, 9, c->district);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(q, 10, c->raised_by);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(q, 11, c->concerns);
	if (rc == SQLITE_OK)
		rc = bind_text(q, 12, c->concern_text);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(q, 13, c->sole_custody ? 1 : 0);
	if (rc == SQLITE_OK)
		rc = bind_date(q, 14, today);
	return finish(core, q, rc, "saving a case");
}

sspf_err sspf_case_create(sspf_core *core, const sspf_case_new *c,
			  char code_out[SSPF_CODE_SIZE])
{
	char code[SSPF_CODE_SIZE];
	sspf_date today;
	int year = 0, month, day;
	int64_t seq = 0;
	bool own;
	sspf_err e;

	err_clear();
	if (code_out != NULL)
		code_out[0] = '\0';
	if (core == NULL || c == NULL)
		return err_set(SSPF_ERR_INVALID, "no case given");
	today = sspf_core_today(core);
	if ((e = check_new_case(c, today)) != SSPF_OK)
		return e;
	if (c->code != NULL && c->code[0] != '\0') {
		if (!parse_code(c->code, &year, &seq))
			return err_set(SSPF_ERR_INVALID,
				       "'%s' is not a case code (YYYY-NNN, "
				       "e.g. 2026-014)",
				       c->code);
		strcpy(code, c->code);
	}

	if ((e = tx_begin(core, &own)) != SSPF_OK)
		return e;
	if (c->code != NULL && c->code[0] != '\0') {
		e = code_free(core, code, year, seq);
	} else {
		sspf_date_parts(today, &year, &month, &day);
		e = next_seq(core, year, &seq);
		if (e == SSPF_OK)
			snprintf(code, sizeof code, "%04d-%03lld", year,
				 (long long)seq);
	}
	if (e == SSPF_OK)
		e = insert_case(core, c, code, year, seq, today);
	if (e == SSPF_OK)
		e = audit_append(core, "create", code);
	if ((e = tx_end(core, own, e)) != SSPF_OK)
		return e;
	if (code_out != NULL)
		strcpy(code_out, code);
	return SSPF_OK;
}

/* ---- guardians ---- */

/* How many guardians case_id has. */
static sspf_err count_guardians(sspf_core *core, sspf_id case_id, int *n)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	*n = 0;
	if ((e = prepare(core,
			 "SELECT COUNT(*) FROM guardian WHERE case_id = ?1",
			 &q)) != SSPF_OK)
		return e;
	rc = sqlite3_bind_int64(q, 1, case_id);
	if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW)
		*n = sqlite3_column_int(q, 0);
	return finish(core, q, rc, "counting guardians");
}

static sspf_err insert_guardian(sspf_core *core, sspf_id case_id,
				const sspf_guardian_new *g)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = prepare(core,
			 "INSERT INTO guardian (case_id, name, phone, email, "
			 "address, custody) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			 &q)) != SSPF_OK)
		return e;
	rc = sqlite3_bind_int64(q, 1, case_id);
	if (rc == SQLITE_OK)
		rc = bind_text(q, 2, g->name);
	if (rc == SQLITE_OK)
		rc = bind_text(q, 3, g->phone);
	if (rc == SQLITE_OK)
		rc = bind_text(q, 4, g->email);
	if (rc == SQLITE_OK)
		rc = bind_text(q, 5, g->address);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(q, 6, g->custody ? 1 : 0);
	return finish(core, q, rc, "saving a guardian");
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
	if ((e = check_name(g->name, "guardian")) != SSPF_OK)
		return e;
	if ((e = tx_begin(core, &own)) != SSPF_OK)
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
	if ((e = tx_end(core, own, e)) != SSPF_OK)
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

	if (!date_in_range(c->signed_on))
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
	if (!date_in_range(*until))
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

	if ((e = prepare(core,
			 "SELECT 1 FROM guardian WHERE id = ?1 AND "
			 "case_id = ?2",
			 &q)) != SSPF_OK)
		return e;
	rc = sqlite3_bind_int64(q, 1, g);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(q, 2, case_id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(q);
		return err_set(SSPF_ERR_INVALID,
			       "guardian %lld is not a guardian of case %s",
			       (long long)g, code);
	}
	return finish(core, q, rc, "checking a guardian");
}

static sspf_err insert_consent(sspf_core *core, sspf_id case_id,
			       const sspf_consent_new *c, sspf_date until,
			       sspf_date today)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = prepare(core,
			 "INSERT INTO consent (case_id, signed_on, "
			 "valid_until, youth_signed, scope, scope_other, "
			 "information, purpose, form_version, form_language, "
			 "registered_by, registered_on) VALUES (?1, ?2, ?3, "
			 "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
			 &q)) != SSPF_OK)
		return e;
	rc = sqlite3_bind_int64(q, 1, case_id);
	if (rc == SQLITE_OK)
		rc = bind_date(q, 2, c->signed_on);
	if (rc == SQLITE_OK)
		rc = bind_date(q, 3, until);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(q, 4, c->youth_signed ? 1 : 0);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(q, 5, c->scope);
	if (rc == SQLITE_OK)
		rc = bind_text(q, 6, c->scope_other);
	if (rc == SQLITE_OK)
		rc = bind_text(q, 7, c->information);
	if (rc == SQLITE_OK)
		rc = bind_text(q, 8, c->purpose);
	if (rc == SQLITE_OK)
		rc = bind_text(q, 9, c->form_version);
	if (rc == SQLITE_OK)
		rc = bind_text(q, 10,
			       c->form_language != NULL &&
					       c->form_language[0] != '\0'
				       ? c->form_language
				       : "sv");
	if (rc == SQLITE_OK)
		rc = bind_text(q, 11, core->user);
	if (rc == SQLITE_OK)
		rc = bind_date(q, 12, today);
	return finish(core, q, rc, "saving a consent");
}

static sspf_err insert_signature(sspf_core *core, sspf_id consent_id,
				 sspf_id guardian_id)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = prepare(core,
			 "INSERT INTO consent_signature (consent_id, "
			 "guardian_id) VALUES (?1, ?2)",
			 &q)) != SSPF_OK)
		return e;
	rc = sqlite3_bind_int64(q, 1, consent_id);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(q, 2, guardian_id);
	return finish(core, q, rc, "saving a signature");
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
	if ((e = tx_begin(core, &own)) != SSPF_OK)
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
	if ((e = tx_end(core, own, e)) != SSPF_OK)
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

	if ((e = prepare(core,
			 "SELECT id, signed_on, withdrawn_on FROM consent "
			 "WHERE case_id = ?1 ORDER BY id DESC LIMIT 1",
			 &q)) != SSPF_OK)
		return e;
	rc = sqlite3_bind_int64(q, 1, case_id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(q);
		return err_set(SSPF_ERR_INVALID,
			       "case %s has no consent to withdraw", code);
	}
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(q, 0);
		e = date_col(q, 1, false, signed_on);
		if (e == SSPF_OK)
			e = date_col(q, 2, true, withdrawn_on);
		if (e == SSPF_OK && sqlite3_column_type(q, 2) != SQLITE_NULL)
			e = err_set(SSPF_ERR_INVALID,
				    "the consent of case %s is withdrawn "
				    "already",
				    code);
		sqlite3_finalize(q);
		return e;
	}
	return finish(core, q, rc, "reading the consent");
}

sspf_err sspf_consent_withdraw(sspf_core *core, const char *code, sspf_date on,
			       const char *by, const char *covers)
{
	sspf_id case_id, id = 0;
	sspf_date signed_on = 0, withdrawn_on = 0;
	sqlite3_stmt *q;
	bool own;
	sspf_err e;
	int rc;

	err_clear();
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if (by == NULL || by[0] == '\0')
		return err_set(SSPF_ERR_INVALID,
			       "say who withdrew the consent");
	if (!date_in_range(on) || on > sspf_core_today(core))
		return err_set(SSPF_ERR_INVALID,
			       "a withdrawal is registered on or after the "
			       "day it is made, not before");
	if ((e = tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = gate_case_id(core, code, &case_id);
	if (e == SSPF_OK)
		e = newest_consent(core, case_id, code, &id, &signed_on,
				   &withdrawn_on);
	if (e == SSPF_OK && on < signed_on)
		e = err_set(SSPF_ERR_INVALID,
			    "the consent of case %s was signed after that date",
			    code);
	if (e == SSPF_OK &&
	    (e = prepare(core,
			 "UPDATE consent SET withdrawn_on = ?1, "
			 "withdrawn_by = ?2, withdrawn_note = ?3 WHERE id = ?4",
			 &q)) == SSPF_OK) {
		rc = bind_date(q, 1, on);
		if (rc == SQLITE_OK)
			rc = bind_text(q, 2, by);
		if (rc == SQLITE_OK)
			rc = bind_text(q, 3, covers);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(q, 4, id);
		e = finish(core, q, rc, "withdrawing a consent");
	}
	if (e == SSPF_OK)
		e = audit_append(core, "withdraw", code);
	return tx_end(core, own, e);
}

/* ---- closing a case ---- */

/* SSPF_ERR_INVALID if case_id is closed already or was opened after on. */
static sspf_err closable(sspf_core *core, sspf_id case_id, const char *code,
			 sspf_date on)
{
	sqlite3_stmt *q;
	sspf_date opened_on = 0;
	const char *status;
	sspf_err e;
	int rc;

	if ((e = prepare(core,
			 "SELECT status, opened_on FROM case_file "
			 "WHERE id = ?1",
			 &q)) != SSPF_OK)
		return e;
	rc = sqlite3_bind_int64(q, 1, case_id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	if (rc != SQLITE_ROW)
		return finish(core, q, rc, "reading a case");
	status = (const char *)sqlite3_column_text(q, 0);
	if (status != NULL && strcmp(status, "closed") == 0)
		e = err_set(SSPF_ERR_INVALID, "case %s is closed already",
			    code);
	if (e == SSPF_OK)
		e = date_col(q, 1, false, &opened_on);
	if (e == SSPF_OK && on < opened_on)
		e = err_set(SSPF_ERR_INVALID,
			    "case %s was opened after that date", code);
	sqlite3_finalize(q);
	return e;
}

sspf_err sspf_case_close(sspf_core *core, const char *code, sspf_date on,
			 const char *outcome)
{
	sspf_id case_id;
	sqlite3_stmt *q;
	bool own;
	sspf_err e;
	int rc;

	err_clear();
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if (!date_in_range(on) || on > sspf_core_today(core))
		return err_set(SSPF_ERR_INVALID,
			       "a case cannot be closed on a day after "
			       "today");
	if ((e = tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = gate_case_id(core, code, &case_id);
	if (e == SSPF_OK)
		e = closable(core, case_id, code, on);
	if (e == SSPF_OK &&
	    (e = prepare(core,
			 "UPDATE case_file SET status = 'closed', "
			 "closed_on = ?1, outcome = ?2 WHERE id = ?3",
			 &q)) == SSPF_OK) {
		rc = bind_date(q, 1, on);
		if (rc == SQLITE_OK)
			rc = bind_text(q, 2, outcome);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(q, 3, case_id);
		e = finish(core, q, rc, "closing a case");
	}
	if (e == SSPF_OK)
		e = audit_append(core, "close", code);
	return tx_end(core, own, e);
}

/* ---- reading a case ---- */

void sspf_case_free(sspf_case *c)
{
	if (c == NULL)
		return;
	free(c->child_name);
	free(c->school);
	free(c->class_name);
	free(c->district);
	free(c->concern_text);
	free(c->note);
	free(c->outcome);
	free(c);
}

/* The gender of its text in the table; unstated if unknown. */
static sspf_gender gender_of(const char *text)
{
	for (size_t i = 0; text != NULL && i < N_GENDERS; i++)
		if (strcmp(text, gender_text[i]) == 0)
			return (sspf_gender)i;
	return SSPF_GENDER_UNSTATED;
}

/* The row of case_id into *c; names only if show_name. */
static sspf_err read_case(sspf_core *core, sspf_id case_id, bool show_name,
			  sspf_case *c)
{
	sqlite3_stmt *q;
	const char *code;
	sspf_err e;
	int rc;

	if ((e = prepare(core,
			 "SELECT code, child_name, birth_date, gender, school, "
			 "class, district, raised_by, concerns, concern_text, "
			 "note, status, opened_on, closed_on, outcome "
			 "FROM case_file WHERE id = ?1",
			 &q)) != SSPF_OK)
		return e;
	rc = sqlite3_bind_int64(q, 1, case_id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(q);
		return err_set(SSPF_ERR_NOT_FOUND, "the case is gone");
	}
	if (rc != SQLITE_ROW)
		return finish(core, q, rc, "reading a case");
	code = (const char *)sqlite3_column_text(q, 0);
	snprintf(c->code, sizeof c->code, "%s", code != NULL ? code : "");
	if (show_name) {
		e = date_col(q, 2, false, &c->birth);
		if (e == SSPF_OK && !text_col(q, 1, &c->child_name))
			e = err_set(SSPF_ERR_NOMEM, "reading a case");
	}
	c->gender = gender_of((const char *)sqlite3_column_text(q, 3));
	c->raised_by = (unsigned)sqlite3_column_int64(q, 7);
	c->concerns = (unsigned)sqlite3_column_int64(q, 8);
	c->closed =
		sqlite3_column_text(q, 11) != NULL &&
		strcmp((const char *)sqlite3_column_text(q, 11), "closed") == 0;
	if (e == SSPF_OK)
		e = date_col(q, 12, false, &c->opened_on);
	if (e == SSPF_OK)
		e = date_col(q, 13, true, &c->closed_on);
	if (e == SSPF_OK &&
	    (!text_col(q, 4, &c->school) || !text_col(q, 5, &c->class_name) ||
	     !text_col(q, 6, &c->district) ||
	     !text_col(q, 9, &c->concern_text) || !text_col(q, 10, &c->note) ||
	     !text_col(q, 14, &c->outcome)))
		e = err_set(SSPF_ERR_NOMEM, "reading a case");
	sqlite3_finalize(q);
	return e;
}

sspf_err sspf_case_get(sspf_core *core, const char *code,
		       const sspf_context *ctx, sspf_case **out,
		       sspf_verdict *v)
{
	sspf_verdict verdict;
	sspf_case *c;
	sspf_id case_id;
	sspf_err e;

	err_clear();
	memset(&verdict, 0, sizeof verdict);
	verdict.reason = SSPF_CONSENT_NONE;
	if (out != NULL)
		*out = NULL;
	if (v != NULL)
		*v = verdict;
	if (core == NULL || out == NULL)
		return err_set(SSPF_ERR_INVALID, "nowhere to put the case");
	if ((e = gate_case_id(core, code, &case_id)) != SSPF_OK)
		return e;
	e = gate_check(core, case_id, code, ctx, &verdict);
	if (v != NULL)
		*v = verdict;
	if (e != SSPF_OK)
		return e;
	if ((c = calloc(1, sizeof *c)) == NULL)
		return err_set(SSPF_ERR_NOMEM, "reading case %s", code);
	if ((e = read_case(core, case_id, verdict.show_name, c)) != SSPF_OK) {
		sspf_case_free(c);
		return e;
	}
	*out = c;
	return SSPF_OK;
}

/* ---- the list of cases ---- */

/* The state a list shows for a verdict in the case view. */
static sspf_consent_state state_of(const sspf_verdict *v)
{
	if (v->allowed)
		return SSPF_STATE_VALID;
	switch (v->reason) {
	case SSPF_CONSENT_EXPIRED:
		return SSPF_STATE_EXPIRED;
	case SSPF_CONSENT_WITHDRAWN:
		return SSPF_STATE_WITHDRAWN;
	default:
		return SSPF_STATE_PENDING;
	}
}

/* The lines of a list, collected before any callback runs. */
struct lines {
	sspf_case_line *line;
	char **name; /* owned copies; NULL where the gate does not allow */
	size_t n, cap;
};

static void lines_free(struct lines *L)
{
	for (size_t i = 0; i < L->n; i++)
		free(L->name[i]);
	free(L->line);
	free(L->name);
}

static bool lines_grow(struct lines *L)
{
	size_t cap = L->cap != 0 ? 2 * L->cap : 16;
	sspf_case_line *line;
	char **name;

	if ((line = realloc(L->line, cap * sizeof *line)) == NULL)
		return false;
	L->line = line;
	if ((name = realloc(L->name, cap * sizeof *name)) == NULL)
		return false;
	L->name = name;
	L->cap = cap;
	return true;
}

/* One case of the list: its code, state, and name if the gate allows. */
static sspf_err add_line(sspf_core *core, struct lines *L, sqlite3_stmt *q)
{
	const char *code = (const char *)sqlite3_column_text(q, 1);
	const char *status = (const char *)sqlite3_column_text(q, 2);
	sspf_case_line *line;
	sspf_verdict v;
	sspf_err e;

	if (L->n == L->cap && !lines_grow(L))
		return err_set(SSPF_ERR_NOMEM, "listing the cases");
	e = gate_judge(core, sqlite3_column_int64(q, 0), NULL, &v);
	if (e != SSPF_OK)
		return e;
	line = &L->line[L->n];
	memset(line, 0, sizeof *line);
	snprintf(line->code, sizeof line->code, "%s", code != NULL ? code : "");
	line->closed = status != NULL && strcmp(status, "closed") == 0;
	line->state = state_of(&v);
	line->reason = v.reason;
	L->name[L->n] = NULL;
	if (v.allowed && v.show_name && !text_col(q, 3, &L->name[L->n]))
		return err_set(SSPF_ERR_NOMEM, "listing the cases");
	L->n++;
	return SSPF_OK;
}

sspf_err sspf_case_list(sspf_core *core,
			int (*fn)(void *arg, const sspf_case_line *line),
			void *arg)
{
	struct lines L = { 0 };
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	err_clear();
	if (core == NULL || fn == NULL)
		return err_set(SSPF_ERR_INVALID, "nothing to list to");
	if ((e = prepare(core,
			 "SELECT id, code, status, child_name FROM case_file "
			 "ORDER BY year, seq",
			 &q)) != SSPF_OK)
		return e;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if ((e = add_line(core, &L, q)) != SSPF_OK)
			break;
	if (e == SSPF_OK && rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, "listing the cases");
	sqlite3_finalize(q);
	/* the list is shown only once it is logged */
	if (e == SSPF_OK)
		e = audit_append(core, "list", NULL);
	for (size_t i = 0; e == SSPF_OK && i < L.n; i++) {
		L.line[i].child_name = L.name[i];
		if (fn(arg, &L.line[i]) != 0)
			break;
	}
	lines_free(&L);
	return e;
}

/* ---- what the consent work needs ---- */

void sspf_consent_info_free(sspf_consent_info *ci)
{
	if (ci == NULL)
		return;
	free(ci->child_name);
	for (size_t i = 0; i < ci->n_guardians && i < SSPF_MAX_GUARDIANS; i++) {
		free(ci->guardians[i].name);
		free(ci->guardians[i].phone);
		free(ci->guardians[i].email);
		free(ci->guardians[i].address);
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

	if ((e = prepare(core,
			 "SELECT code, child_name, birth_date, sole_custody "
			 "FROM case_file WHERE id = ?1",
			 &q)) != SSPF_OK)
		return e;
	rc = sqlite3_bind_int64(q, 1, case_id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(q);
		return err_set(SSPF_ERR_NOT_FOUND, "the case is gone");
	}
	if (rc != SQLITE_ROW)
		return finish(core, q, rc, "reading a case");
	code = (const char *)sqlite3_column_text(q, 0);
	snprintf(ci->code, sizeof ci->code, "%s", code != NULL ? code : "");
	ci->sole_custody = sqlite3_column_int(q, 3) != 0;
	e = date_col(q, 2, false, &ci->birth);
	if (e == SSPF_OK && !text_col(q, 1, &ci->child_name))
		e = err_set(SSPF_ERR_NOMEM, "reading a case");
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

	if ((e = prepare(core,
			 "SELECT id, name, phone, email, address, custody "
			 "FROM guardian WHERE case_id = ?1 ORDER BY id",
			 &q)) != SSPF_OK)
		return e;
	rc = sqlite3_bind_int64(q, 1, case_id);
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
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
		if (!text_col(q, 1, &ci->guardians[i].name) ||
		    !text_col(q, 2, &ci->guardians[i].phone) ||
		    !text_col(q, 3, &ci->guardians[i].email) ||
		    !text_col(q, 4, &ci->guardians[i].address)) {
			e = err_set(SSPF_ERR_NOMEM, "reading the guardians");
			break;
		}
		rc = SQLITE_OK;
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
