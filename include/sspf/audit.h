/*
 * audit.h - reading and verifying the audit log, for spot checks
 * (`sspf audit`) and for `sspf check`, and recording a printed document.
 */
#ifndef SSPF_AUDIT_H
#define SSPF_AUDIT_H

#include <stdint.h>

#include <sspf/core.h>
#include <sspf/date.h>

typedef struct sspf_audit_entry {
	int64_t seq;
	const char *at; /* "YYYY-MM-DDTHH:MM:SSZ" (UTC) */
	const char *user;
	const char *action;
	const char *case_code; /* "" when no case */
} sspf_audit_entry;

/*
 * Entries in order, only those of case_code (NULL: all) from the date
 * since on (0: all). Strings are valid during the call only; fn returns
 * nonzero to stop.
 */
sspf_err sspf_audit_list(sspf_core *core, const char *case_code,
			 sspf_date since,
			 int (*fn)(void *arg, const sspf_audit_entry *e),
			 void *arg);

/*
 * Record that a document was printed or saved outside the encrypted file
 * (action "print"), with case_code (NULL or "": a document of no one case,
 * e.g. a blank form, or an agenda: log one entry per case it holds). Call
 * before the document leaves the program: a document whose printing
 * cannot be logged is not printed.
 */
sspf_err sspf_audit_print(sspf_core *core, const char *case_code);

/*
 * Verify the whole chain against its head: an edited, inserted, deleted
 * or cut-off entry gives SSPF_ERR_DAMAGED with a detail naming the first
 * entry that is wrong. *count (may be NULL) gets the number of entries.
 */
sspf_err sspf_audit_verify(sspf_core *core, int64_t *count);

#endif
