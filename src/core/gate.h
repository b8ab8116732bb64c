/*
 * gate.h - the consent gate inside src/core/: the one place where the
 * consent rules (sspf_consent_evaluate) are applied to a case as the
 * database records it today, and where that decision is logged. Every
 * function of the core that reads a case's data calls gate_check() first
 * and releases nothing unless it returns SSPF_OK.
 */
#ifndef SSPF_CORE_GATE_H
#define SSPF_CORE_GATE_H

#include <sspf/cases.h>

/*
 * The id of the case code; SSPF_ERR_NOT_FOUND (with a detail naming the
 * code) if there is none. Nothing is logged.
 */
sspf_err gate_case_id(sspf_core *core, const char *code, sspf_id *id);

/*
 * Judge case case_id (whose code is code) for ctx (NULL: the case view)
 * today by the core's clock, and log the decision: "view" when allowed,
 * "refused" when not, with code. Returns SSPF_OK when the data may be
 * read, SSPF_ERR_REFUSED when not, or another error (then nothing may be
 * shown: a read that could not be logged does not happen, and v->allowed
 * is false). *v (may be NULL) gets the verdict; its guardian, if any,
 * points to thread-local storage valid until the next judgement on this
 * thread.
 */
sspf_err gate_check(sspf_core *core, sspf_id case_id, const char *code,
		    const sspf_context *ctx, sspf_verdict *v);

/*
 * The same judgement without an audit entry, for the two callers that log
 * their read themselves and release no case data on it: sspf_case_list
 * (one "list" entry; names only where this allows the case view) and
 * sspf_case_consent_info ("consent-work"; the verdict only). Returns
 * SSPF_OK with *v filled whether or not the verdict allows, or an error.
 */
sspf_err gate_judge(sspf_core *core, sspf_id case_id, const sspf_context *ctx,
		    sspf_verdict *v);

/*
 * The two halves of gate_check, shared with gate_batch.c: the verdict on
 * facts f for ctx today (the guardian it names copied to the thread-local
 * storage above), and the audit entry of that verdict for code with the
 * refusal, if any, as SSPF_ERR_REFUSED and its detail.
 */
void gate_verdict(sspf_core *core, const sspf_consent_facts *f,
		  const sspf_context *ctx, sspf_verdict *v);
sspf_err gate_log(sspf_core *core, const char *code, sspf_verdict *v);

/*
 * The facts of every case, loaded in one pass (a few scans instead of
 * five statements per case), for the lists that judge many cases: the
 * case list and search, the open actions. Judging from it gives exactly
 * what gate_judge/gate_check give for the same case on the same database
 * (tests/test_gate_batch.c). The core keeps it until a row it comes from
 * changes (core_watch.c): *out belongs to the core and is valid until the
 * next change of the database or sspf_core_close; never free it, and do
 * not hold it across a change.
 */
typedef struct gate_batch gate_batch;
sspf_err gate_batch_get(sspf_core *core, const gate_batch **out);
/* Free a batch (the core's, at close); NULL is fine. */
void gate_batch_free(gate_batch *b);
/* As gate_judge / gate_check; SSPF_ERR_NOT_FOUND if case_id is not in b. */
sspf_err gate_batch_judge(sspf_core *core, const gate_batch *b, sspf_id case_id,
			  const sspf_context *ctx, sspf_verdict *v);
sspf_err gate_batch_check(sspf_core *core, const gate_batch *b, sspf_id case_id,
			  const char *code, const sspf_context *ctx,
			  sspf_verdict *v);
/*
 * What retention (purge.c) looks at of the batch's case i, 0 <= i <
 * gate_batch_count(b), in id order: code (valid while b is), its year and
 * number, whether and when it was closed, the newest consent's last day
 * and withdrawal (0: none). False if one of those dates is not a date.
 */
typedef struct gate_case_dates {
	const char *code;
	int year, seq;
	bool closed;
	sspf_date closed_on, valid_until, withdrawn_on;
} gate_case_dates;
size_t gate_batch_count(const gate_batch *b);
bool gate_batch_dates(const gate_batch *b, size_t i, gate_case_dates *out);

/* The newest consent's last valid day of case_id (0: no consent). */
sspf_date gate_batch_valid_until(const gate_batch *b, sspf_id case_id);

#endif
