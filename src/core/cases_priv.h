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
