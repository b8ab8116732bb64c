/*
 * cases_priv.h - the helpers shared by the case modules of src/core/
 * (cases.c, cases_consents.c; defined in cases_common.c). Nothing outside
 * src/core/ includes this.
 */
#ifndef SSPF_CASES_PRIV_H
#define SSPF_CASES_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

#include <sspf/cases.h>
#include <sspf/date.h>

/*
 * Start a change: a transaction of its own (*own) when none is open, else
 * the savepoint sspf_cases inside the caller's.
 */
sspf_err cases_tx_begin(sspf_core *core, bool *own);

/*
 * End a change begun by cases_tx_begin: keep it if e is SSPF_OK, else undo
 * all of it. Returns e, or the error of saving the change.
 */
sspf_err cases_tx_end(sspf_core *core, bool own, sspf_err e);

/* Bind s (static: it must outlive the statement's step), or "" for NULL. */
int cases_bind_text(sqlite3_stmt *q, int i, const char *s);

/* Bind a date as 'YYYY-MM-DD'. */
int cases_bind_date(sqlite3_stmt *q, int i, sspf_date d);

/*
 * Step a statement that returns no row (or whose row is not wanted after
 * the first) unless rc, what binding gave, is an error; finalize it. The
 * error names what was being done.
 */
sspf_err cases_finish(sspf_core *core, sqlite3_stmt *q, int rc,
		      const char *what);

/*
 * The 'YYYY-MM-DD' column col of q into *out, or 0 for NULL when null_ok;
 * SSPF_ERR_DAMAGED if it is not a date.
 */
sspf_err cases_date_col(sqlite3_stmt *q, int col, bool null_ok, sspf_date *out);

/* A copy of text column col ("" for NULL) into *dst; false: out of memory. */
bool cases_text_col(sqlite3_stmt *q, int col, char **dst);

/* Whether d lies in the years sspf stores (those sspf_date_parse reads). */
bool cases_date_in_range(sspf_date d);

/*
 * Whether code matches ^[0-9]{4}-[0-9]{3,}$ and fits SSPF_CODE_SIZE; its
 * year and number into *year and *seq.
 */
bool cases_parse_code(const char *code, int *year, int64_t *seq);

/*
 * A required name: non-empty, at most SSPF_NAME_MAX bytes; else
 * SSPF_ERR_INVALID naming what (the "child", the "guardian").
 */
sspf_err cases_check_name(const char *name, const char *what);

#endif
