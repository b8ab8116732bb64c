/*
 * purge.h - retention (gallring): removing case data whose time is up, and
 * old entries of the audit log (DOMAIN.md "Accountability").
 *
 * A case is due when it was closed more than retention.case_months ago, or
 * when its newest consent ended (withdrawn, or past its valid-until date,
 * whichever came first) more than retention.case_months ago; "today" is
 * the core's clock. Audit log entries are due when they are older than
 * retention.log_years. A purge deletes each due case with everything that
 * hangs on it (guardians, consents and signatures, goals, actions and
 * follow-ups, the agenda items about it; meetings stay), writes one audit
 * entry "purge" per case code, purges the old log entries, and then
 * rebuilds the file (VACUUM) so that no freed page keeps a trace of them.
 * The report names case codes only, never what a case held.
 */
#ifndef SSPF_PURGE_H
#define SSPF_PURGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sspf/cases.h>
#include <sspf/core.h>
#include <sspf/date.h>

/* Why a case is due. */
typedef enum sspf_purge_why {
	SSPF_PURGE_CLOSED = 0,	      /* closed on .since */
	SSPF_PURGE_CONSENT_ENDED = 1, /* its newest consent ended on .since */
} sspf_purge_why;

typedef struct sspf_purge_case {
	char code[SSPF_CODE_SIZE];
	sspf_purge_why why;
	sspf_date since; /* the day the case closed or its consent ended */
} sspf_purge_case;

/*
 * What is due (dry run) or what was purged. The caller owns the struct;
 * cases is owned by it and freed with sspf_purge_report_free.
 */
typedef struct sspf_purge_report {
	sspf_purge_case *cases; /* in code order; NULL when none */
	size_t n_cases;
	int64_t log_entries; /* audit log entries older than log_before */
	sspf_date log_before;
	sspf_date today; /* by the core's clock */
	bool purged;	 /* not a dry run, and what was due is gone */
} sspf_purge_report;

/* Free what rep holds (not rep itself) and zero it; NULL is fine. */
void sspf_purge_report_free(sspf_purge_report *rep);

/*
 * Find what is due (see the file comment) into *rep (required; filled
 * also on error as far as it got; free it with sspf_purge_report_free).
 * Unless dry_run, purge it: the cases, their audit entries "purge" and
 * the old log entries in one transaction, then VACUUM (also when nothing
 * was due). A dry run changes nothing and writes nothing to the log. SSPF_ERR_INVALID when called
 * inside an open transaction; SSPF_ERR_DAMAGED (nothing purged) when
 * the audit log does not verify. If only the VACUUM fails, the purge
 * stands (rep->purged is true; secure_delete has zeroed the freed space)
 * and its error is returned.
 */
sspf_err sspf_purge(sspf_core *core, bool dry_run, sspf_purge_report *rep);

#endif
