/*
 * cases_common.c - the helpers that cases.c and cases_consents.c share
 * (declared in cases_priv.h): a change as a transaction or a savepoint,
 * preparing, binding and stepping statements, reading date and text
 * columns, and checking dates, case codes and names.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include <sspf/cases.h>

#include "core/cases_priv.h"
#include "core/core_priv.h"
#include "store/errors_internal.h"

/*
 * Start a change: a transaction of its own (*own) when none is open, else
 * a savepoint inside the caller's.
 */
sspf_err cases_tx_begin(sspf_core *core, bool *own)
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
sspf_err cases_tx_end(sspf_core *core, bool own, sspf_err e)
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

/* Bind s, or "" for NULL. */
int cases_bind_text(sqlite3_stmt *q, int i, const char *s)
{
	return sqlite3_bind_text(q, i, s != NULL ? s : "", -1, SQLITE_STATIC);
}

/* Bind a date as 'YYYY-MM-DD'. */
int cases_bind_date(sqlite3_stmt *q, int i, sspf_date d)
{
	char text[SSPF_DATE_TEXT];

	sspf_date_format(d, text);
	return sqlite3_bind_text(q, i, text, -1, SQLITE_TRANSIENT);
}

/*
 * Step a statement that returns no row (or whose row is not wanted after
 * the first), finalize it; rc is what binding gave.
 */
sspf_err cases_finish(sspf_core *core, sqlite3_stmt *q, int rc,
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
sspf_err cases_date_col(sqlite3_stmt *q, int col, bool null_ok, sspf_date *out)
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
bool cases_text_col(sqlite3_stmt *q, int col, char **dst)
{
	const char *text = (const char *)sqlite3_column_text(q, col);

	*dst = strdup(text != NULL ? text : "");
	return *dst != NULL;
}

/* Whether d lies in the years sspf stores (those sspf_date_parse reads). */
bool cases_date_in_range(sspf_date d)
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
bool cases_parse_code(const char *code, int *year, int64_t *seq)
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
sspf_err cases_check_name(const char *name, const char *what)
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
