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

#endif
