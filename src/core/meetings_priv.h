/*
 * meetings_priv.h - what meetings.c, agenda.c and plan.c share inside
 * src/core/ (the helpers are in meetings_common.c unless said otherwise).
 * Nothing outside these files includes this. All of it uses the core's
 * connection and sets the error detail (err_set) on failure.
 */
#ifndef SSPF_CORE_MEETINGS_PRIV_H
#define SSPF_CORE_MEETINGS_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include <sqlite3.h>

#include <sspf/meetings.h>

/* *out gets date column col of q, 0 for NULL; SSPF_ERR_DAMAGED if bad. */
sspf_err mtg_date_col(sqlite3_stmt *q, int col, sspf_date *out);

/* A malloc'ed copy of text column col of q ("" for NULL); NULL: no memory. */
char *mtg_text_dup(sqlite3_stmt *q, int col);

/* Whether d lies in 1900-01-01 to 2199-12-31. */
bool mtg_date_ok(sspf_date d);

/*
 * SSPF_ERR_INVALID naming what if s is missing (NULL or "") while
 * required, or longer than max bytes; else SSPF_OK.
 */
sspf_err mtg_check_text(const char *s, size_t max, bool required,
			const char *what);

/* Whether a is exactly one actor of SSPF_ACTOR_ALL. */
bool mtg_one_actor(unsigned a);

/*
 * The gate for a write of case data (case_id, code) in ctx (NULL: the
 * case view): judged and logged by gate_check() before the change starts,
 * so that a refusal stays in the log. v (may be NULL) gets the verdict.
 */
sspf_err mtg_gate_write(sspf_core *core, sspf_id case_id, const char *code,
			const sspf_context *ctx, sspf_verdict *v);

/* Clear *v (may be NULL) to "not allowed, no consent". */
void mtg_verdict_clear(sspf_verdict *v);

/*
 * (meetings.c) The kind of meeting meeting_id and, if actors is not NULL,
 * the union of its participants' actors; SSPF_ERR_NOT_FOUND if there is
 * no such meeting.
 */
sspf_err mtg_meeting_of(sspf_core *core, sspf_id meeting_id,
			sspf_meeting_kind *kind, unsigned *actors);

/*
 * (agenda.c) *ok: whether a family member's name may be shown in
 * meeting_id: not in an arbetsgruppsmöte, and only if there is a case on
 * the agenda and every case item may show its name (each judged and
 * logged by gate_check()).
 */
sspf_err mtg_family_names_ok(sspf_core *core, sspf_id meeting_id, bool *ok);

#endif
