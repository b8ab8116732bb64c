/*
 * cases.c - cases (ärenden) (include/sspf/cases.h): creating a case with
 * the next code of the year, closing it, and the reads of a case and the
 * list of cases, which pass the consent gate (gate.c) first. Guardians and
 * consents are in cases_consents.c, the helpers both use in
 * cases_common.c. Every change is written to the audit log in the same
 * transaction as the change itself; the log holds the case code, never
 * what the case holds.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include <sspf/cases.h>

#include "core/audit.h"
#include "core/cases_priv.h"
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

/* ---- creating a case ---- */

/* Check what a new case holds, before anything is written. */
static sspf_err check_new_case(const sspf_case_new *c, sspf_date today)
{
	sspf_err e;

	if ((e = cases_check_name(c->child_name, "child")) != SSPF_OK)
		return e;
	if (!cases_date_in_range(c->birth) || c->birth > today)
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
	if ((e = core_prep(core, &q,
			   "SELECT COALESCE(MAX(seq), 0) + 1 FROM case_file "
			   "WHERE year = ?1",
			   "n", year)) != SSPF_OK)
		return e;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		*seq = sqlite3_column_int64(q, 0);
	return core_finish(core, q, rc, "numbering a case");
}

/* SSPF_ERR_EXISTS if code, or its year and number, is taken. */
static sspf_err code_free(sspf_core *core, const char *code, int year,
			  int64_t seq)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = core_prep(core, &q,
			   "SELECT code FROM case_file WHERE code = ?1 "
			   "OR (year = ?2 AND seq = ?3)",
			   "tni", code, year, (sspf_id)seq)) != SSPF_OK)
		return e;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		e = err_set(SSPF_ERR_EXISTS, "case %s exists already (as %s)",
			    code, (const char *)sqlite3_column_text(q, 0));
		sqlite3_finalize(q);
		return e;
	}
	return core_finish(core, q, rc == SQLITE_DONE ? SQLITE_OK : rc,
			   "checking a case code");
}

static sspf_err insert_case(sspf_core *core, const sspf_case_new *c,
			    const char *code, int year, int64_t seq,
			    sspf_date today)
{
	return core_run(core, NULL, "saving a case",
			"INSERT INTO case_file (code, year, seq, child_name, "
			"birth_date, gender, school, class, district, "
			"raised_by, concerns, concern_text, sole_custody, "
			"opened_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
			"?9, ?10, ?11, ?12, ?13, ?14)",
			"tnitDttttiitnD", code, year, (sspf_id)seq,
			c->child_name, c->birth, gender_text[c->gender],
			c->school, c->class_name, c->district,
			(sspf_id)c->raised_by, (sspf_id)c->concerns,
			c->concern_text, c->sole_custody ? 1 : 0, today);
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
		if (!cases_parse_code(c->code, &year, &seq))
			return err_set(SSPF_ERR_INVALID,
				       "'%s' is not a case code (YYYY-NNN, "
				       "e.g. 2026-014)",
				       c->code);
		strcpy(code, c->code);
	}

	if ((e = core_tx_begin(core, &own)) != SSPF_OK)
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
	if ((e = core_tx_end(core, own, e)) != SSPF_OK)
		return e;
	if (code_out != NULL)
		strcpy(code_out, code);
	return SSPF_OK;
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

	if ((e = core_prep(core, &q,
			   "SELECT status, opened_on FROM case_file "
			   "WHERE id = ?1",
			   "i", case_id)) != SSPF_OK)
		return e;
	rc = sqlite3_step(q);
	if (rc != SQLITE_ROW)
		return core_finish(core, q, rc, "reading a case");
	status = (const char *)sqlite3_column_text(q, 0);
	if (status != NULL && strcmp(status, "closed") == 0)
		e = err_set(SSPF_ERR_INVALID, "case %s is closed already",
			    code);
	if (e == SSPF_OK)
		e = cases_date_col(q, 1, false, &opened_on);
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
	bool own;
	sspf_err e;

	err_clear();
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if (!cases_date_in_range(on) || on > sspf_core_today(core))
		return err_set(SSPF_ERR_INVALID,
			       "a case cannot be closed on a day after "
			       "today");
	if ((e = core_tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = gate_case_id(core, code, &case_id);
	if (e == SSPF_OK)
		e = closable(core, case_id, code, on);
	if (e == SSPF_OK)
		e = core_run(core, NULL, "closing a case",
			     "UPDATE case_file SET status = 'closed', "
			     "closed_on = ?1, outcome = ?2 WHERE id = ?3",
			     "Dti", on, outcome, case_id);
	if (e == SSPF_OK)
		e = audit_append(core, "close", code);
	return core_tx_end(core, own, e);
}

sspf_err sspf_case_set_sole_custody(sspf_core *core, const char *code,
				    bool sole)
{
	sspf_id case_id;
	bool own;
	sspf_err e;

	err_clear();
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if ((e = core_tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = gate_case_id(core, code, &case_id);
	if (e == SSPF_OK)
		e = core_run(core, NULL, "recording the custody",
			     "UPDATE case_file SET sole_custody = ?1 WHERE "
			     "id = ?2",
			     "ni", sole ? 1 : 0, case_id);
	if (e == SSPF_OK)
		e = audit_append(core, "change", code);
	return core_tx_end(core, own, e);
}

/* ---- reading a case ---- */

void sspf_case_free(sspf_case *c)
{
	if (c == NULL)
		return;
	core_free_text(c->child_name);
	core_free_text(c->school);
	core_free_text(c->class_name);
	core_free_text(c->district);
	core_free_text(c->concern_text);
	core_free_text(c->note);
	core_free_text(c->outcome);
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

	if ((e = core_prep(
		     core, &q,
		     "SELECT code, child_name, birth_date, gender, school, "
		     "class, district, raised_by, concerns, concern_text, "
		     "note, status, opened_on, closed_on, outcome "
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
	snprintf(c->code, sizeof c->code, "%s", code != NULL ? code : "");
	if (show_name) {
		e = cases_date_col(q, 2, false, &c->birth);
		if (e == SSPF_OK && !cases_text_col(q, 1, &c->child_name))
			e = err_set(SSPF_ERR_NOMEM, "reading a case");
	}
	c->gender = gender_of((const char *)sqlite3_column_text(q, 3));
	c->raised_by = (unsigned)sqlite3_column_int64(q, 7);
	c->concerns = (unsigned)sqlite3_column_int64(q, 8);
	c->closed =
		sqlite3_column_text(q, 11) != NULL &&
		strcmp((const char *)sqlite3_column_text(q, 11), "closed") == 0;
	if (e == SSPF_OK)
		e = cases_date_col(q, 12, false, &c->opened_on);
	if (e == SSPF_OK)
		e = cases_date_col(q, 13, true, &c->closed_on);
	if (e == SSPF_OK && (!cases_text_col(q, 4, &c->school) ||
			     !cases_text_col(q, 5, &c->class_name) ||
			     !cases_text_col(q, 6, &c->district) ||
			     !cases_text_col(q, 9, &c->concern_text) ||
			     !cases_text_col(q, 10, &c->note) ||
			     !cases_text_col(q, 14, &c->outcome)))
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

	if (!core_grow(&L->line, cap, sizeof *L->line) ||
	    !core_grow(&L->name, cap, sizeof *L->name))
		return false;
	L->cap = cap;
	return true;
}

/* One case of the list: its code, state, and name if the gate allows. */
static sspf_err add_line(sspf_core *core, const gate_batch *b, struct lines *L,
			 sqlite3_stmt *q)
{
	sspf_id id = sqlite3_column_int64(q, 0);
	const char *code = (const char *)sqlite3_column_text(q, 1);
	const char *status = (const char *)sqlite3_column_text(q, 2);
	sspf_case_line *line;
	sspf_verdict v;
	sspf_err e;

	if (L->n == L->cap && !lines_grow(L))
		return err_set(SSPF_ERR_NOMEM, "listing the cases");
	e = gate_batch_judge(core, b, id, NULL, &v);
	if (e != SSPF_OK)
		return e;
	line = &L->line[L->n];
	memset(line, 0, sizeof *line);
	snprintf(line->code, sizeof line->code, "%s", code != NULL ? code : "");
	line->closed = status != NULL && strcmp(status, "closed") == 0;
	line->state = state_of(&v);
	line->reason = v.reason;
	line->valid_until = gate_batch_valid_until(b, id);
	L->name[L->n] = NULL;
	if (v.allowed && v.show_name && !cases_text_col(q, 3, &L->name[L->n]))
		return err_set(SSPF_ERR_NOMEM, "listing the cases");
	L->n++;
	return SSPF_OK;
}

sspf_err sspf_case_list(sspf_core *core,
			int (*fn)(void *arg, const sspf_case_line *line),
			void *arg)
{
	struct lines L = { 0 };
	const gate_batch *b = NULL;
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	err_clear();
	if (core == NULL || fn == NULL)
		return err_set(SSPF_ERR_INVALID, "nothing to list to");
	if ((e = gate_batch_get(core, &b)) != SSPF_OK)
		return e;
	if ((e = core_kept(core,
			   "SELECT id, code, status, child_name FROM case_file "
			   "ORDER BY year, seq",
			   &q)) != SSPF_OK)
		return e;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if ((e = add_line(core, b, &L, q)) != SSPF_OK)
			break;
	if (e == SSPF_OK && rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, "listing the cases");
	core_kept_done(core, q);
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
