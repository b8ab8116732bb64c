/*
 * meetings_common.c - the helpers that meetings.c, agenda.c and plan.c
 * share (declared and described in meetings_priv.h): transactions,
 * statements with bound parameters, reading columns, checking input, and
 * the consent gate for a write.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include <sqlite3.h>

#include <sspf/meetings.h>

#include "core/core_priv.h"
#include "core/gate.h"
#include "core/meetings_priv.h"
#include "store/errors_internal.h"

/* A change: a transaction of its own (*own), else a savepoint. */
sspf_err mtg_tx_begin(sspf_core *core, bool *own)
{
	int rc;

	*own = sqlite3_get_autocommit(core->db) != 0;
	rc = sqlite3_exec(core->db,
			  *own ? "BEGIN IMMEDIATE" : "SAVEPOINT sspf_meetings",
			  NULL, NULL, NULL);
	return rc == SQLITE_OK
		       ? SSPF_OK
		       : sspf_store_sqlerr(core->st, rc, "starting a change");
}

/* Keep the change if e is SSPF_OK, else undo all of it; returns e. */
sspf_err mtg_tx_end(sspf_core *core, bool own, sspf_err e)
{
	if (e == SSPF_OK) {
		int rc = sqlite3_exec(core->db,
				      own ? "COMMIT" : "RELEASE sspf_meetings",
				      NULL, NULL, NULL);

		if (rc == SQLITE_OK)
			return SSPF_OK;
		e = sspf_store_sqlerr(core->st, rc, "saving a change");
	}
	if (own)
		sqlite3_exec(core->db, "ROLLBACK", NULL, NULL, NULL);
	else
		sqlite3_exec(core->db,
			     "ROLLBACK TO sspf_meetings; RELEASE sspf_meetings",
			     NULL, NULL, NULL);
	return e;
}

/*
 * Prepare sql and bind its parameters ?1, ?2, ... in order as fmt says:
 * 'i' an sspf_id, 't' a text (NULL binds ""), 'd' an sspf_date (0 binds
 * NULL), 'D' an sspf_date always bound.
 */
static sspf_err vprep(sspf_core *core, sqlite3_stmt **q, const char *sql,
		      const char *fmt, va_list ap)
{
	int rc = sqlite3_prepare_v2(core->db, sql, -1, q, NULL);

	for (int i = 0; rc == SQLITE_OK && fmt[i] != '\0'; i++) {
		char text[SSPF_DATE_TEXT];
		const char *s;
		sspf_date d;

		switch (fmt[i]) {
		case 'i':
			rc = sqlite3_bind_int64(*q, i + 1, va_arg(ap, sspf_id));
			break;
		case 't':
			s = va_arg(ap, const char *);
			rc = sqlite3_bind_text(*q, i + 1, s != NULL ? s : "",
					       -1, SQLITE_TRANSIENT);
			break;
		default: /* 'd', 'D' */
			d = (sspf_date)va_arg(ap, int);
			if (d == 0 && fmt[i] == 'd') {
				rc = sqlite3_bind_null(*q, i + 1);
				break;
			}
			sspf_date_format(d, text);
			rc = sqlite3_bind_text(*q, i + 1, text, -1,
					       SQLITE_TRANSIENT);
			break;
		}
	}
	if (rc != SQLITE_OK) {
		sqlite3_finalize(*q);
		*q = NULL;
		return sspf_store_sqlerr(core->st, rc, "preparing a statement");
	}
	return SSPF_OK;
}

sspf_err mtg_prep(sspf_core *core, sqlite3_stmt **q, const char *sql,
		  const char *fmt, ...)
{
	va_list ap;
	sspf_err e;

	va_start(ap, fmt);
	e = vprep(core, q, sql, fmt, ap);
	va_end(ap);
	return e;
}

/*
 * Run a statement that returns no row; *changed (may be NULL) gets the
 * number of rows it changed.
 */
sspf_err mtg_run(sspf_core *core, int *changed, const char *what,
		 const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *q;
	va_list ap;
	sspf_err e;
	int rc;

	va_start(ap, fmt);
	e = vprep(core, &q, sql, fmt, ap);
	va_end(ap);
	if (e != SSPF_OK)
		return e;
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sspf_store_sqlerr(core->st, rc, what);
	if (changed != NULL)
		*changed = sqlite3_changes(core->db);
	return SSPF_OK;
}

/* A date column; 0 for NULL. */
sspf_err mtg_date_col(sqlite3_stmt *q, int col, sspf_date *out)
{
	const char *text = (const char *)sqlite3_column_text(q, col);

	*out = 0;
	if (text == NULL)
		return SSPF_OK;
	if (sspf_date_parse(text, out) != SSPF_OK)
		return err_set(SSPF_ERR_DAMAGED,
			       "a meeting or plan holds a bad date ('%s')",
			       text);
	return SSPF_OK;
}

/* A copy of a text column ("" for NULL); NULL when out of memory. */
char *mtg_text_dup(sqlite3_stmt *q, int col)
{
	const char *text = (const char *)sqlite3_column_text(q, col);

	return strdup(text != NULL ? text : "");
}

bool mtg_date_ok(sspf_date d)
{
	sspf_date lo, hi;

	sspf_date_make(1900, 1, 1, &lo);
	sspf_date_make(2199, 12, 31, &hi);
	return d >= lo && d <= hi;
}

/* A text: required or not, at most max bytes. */
sspf_err mtg_check_text(const char *s, size_t max, bool required,
			const char *what)
{
	if (required && (s == NULL || s[0] == '\0'))
		return err_set(SSPF_ERR_INVALID, "the %s is missing", what);
	if (s != NULL && strlen(s) > max)
		return err_set(SSPF_ERR_INVALID,
			       "the %s is longer than %zu bytes", what, max);
	return SSPF_OK;
}

bool mtg_one_actor(unsigned a)
{
	return a != 0 && (a & ~SSPF_ACTOR_ALL) == 0 && (a & (a - 1)) == 0;
}

/*
 * The gate for a write of case data: judged and logged before the change
 * starts, so that a refusal stays in the log. v may be NULL.
 */
sspf_err mtg_gate_write(sspf_core *core, sspf_id case_id, const char *code,
			const sspf_context *ctx, sspf_verdict *v)
{
	sspf_verdict local;

	return gate_check(core, case_id, code, ctx, v != NULL ? v : &local);
}

void mtg_verdict_clear(sspf_verdict *v)
{
	if (v != NULL) {
		memset(v, 0, sizeof *v);
		v->reason = SSPF_CONSENT_NONE;
	}
}
