/*
 * audit.h - writing the audit log (inside src/core/ only): every read
 * through the gate, every print or export, every change. Time, user,
 * action, case code; never case content. Reading and verifying it is in
 * include/sspf/audit.h.
 */
#ifndef SSPF_CORE_AUDIT_H
#define SSPF_CORE_AUDIT_H

#include <sspf/core.h>

/*
 * Append one entry: action is a short word ("view", "refused", "create",
 * "change", "consent", "withdraw", "print", "export", "consent-work",
 * "purge"); case_code may be NULL or "" when no case is concerned. Runs in
 * the caller's transaction if one is open, else in its own.
 */
sspf_err audit_append(sspf_core *core, const char *action,
		      const char *case_code);

/*
 * Retention: remove the entries from before before_at ("YYYY-MM-DD" or
 * "YYYY-MM-DDTHH:MM:SSZ", UTC), oldest first, stopping at the first entry
 * that is not older; the chain then starts after the last one removed, so
 * that it still verifies. Refuses (SSPF_ERR_DAMAGED) if the log does not
 * verify. Appends a "purge" entry itself. Runs in the caller's
 * transaction if one is open, else in its own.
 */
sspf_err audit_purge_before(sspf_core *core, const char *before_at);

#endif
