/*
 * cases_common.c - the helpers that cases.c and cases_consents.c share
 * (declared in cases_priv.h): reading date and text columns, and checking
 * dates, case codes and names. Changes and statements use the helpers of
 * core.c (core_priv.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include <sspf/cases.h>

#include "core/cases_priv.h"
#include "core/core_priv.h"
#include "store/errors_internal.h"

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
