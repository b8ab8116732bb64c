/*
 * meetings_common.c - the helpers that meetings.c, agenda.c and plan.c
 * share (declared and described in meetings_priv.h): reading columns,
 * checking input, and the consent gate for a write. Transactions and
 * statements with bound parameters are core_tx_begin/core_prep/core_run
 * (core.c).
 */
#include <stdbool.h>
#include <string.h>

#include <sqlite3.h>

#include <sspf/meetings.h>

#include "core/core_priv.h"
#include "core/gate.h"
#include "core/meetings_priv.h"
#include "store/errors_internal.h"

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
