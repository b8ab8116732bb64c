/*
 * cases.h - cases (ärenden), their guardians and consents, and the consent
 * gate in front of every read of a case's data.
 *
 * Reads of case data take a context (where it will be shown) and return
 * SSPF_ERR_REFUSED with a verdict saying why when the consent rules do not
 * allow it; every read, allowed or refused, is written to the audit log
 * with the case code only. Without a valid consent a case is its code, and
 * to the consent work (sspf_case_consent_info) the child's and guardians'
 * names and contact: exactly what is needed to obtain consent.
 */
#ifndef SSPF_CASES_H
#define SSPF_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sspf/consent.h>
#include <sspf/core.h>
#include <sspf/date.h>

typedef int64_t sspf_id;

/* "YYYY-NNN" and NUL (NNN may grow to more digits). */
#define SSPF_CODE_SIZE 16

/* The longest name (child, guardian) in bytes of UTF-8. */
#define SSPF_NAME_MAX 200

typedef enum sspf_gender {
	SSPF_GENDER_UNSTATED = 0, /* ej angivet */
	SSPF_GENDER_GIRL,	  /* flicka */
	SSPF_GENDER_BOY,	  /* pojke */
	SSPF_GENDER_OTHER,	  /* annat */
} sspf_gender;

/* Concern categories, as bits. */
enum {
	SSPF_CONCERN_TRUANCY = 1u << 0,	  /* skolk/frånvaro */
	SSPF_CONCERN_CRIME = 1u << 1,	  /* misstänkt brottslighet */
	SSPF_CONCERN_DRUGS = 1u << 2,	  /* alkohol/narkotika */
	SSPF_CONCERN_PEERS = 1u << 3,	  /* destruktiv miljö/kamrater */
	SSPF_CONCERN_EXTREMISM = 1u << 4, /* våldsbejakande extremism */
	SSPF_CONCERN_OTHER = 1u << 5,	  /* annat */
};

typedef struct sspf_case_new {
	const char *code; /* NULL or "": the next code of today's year */
	const char *child_name;
	sspf_date birth;
	sspf_gender gender;
	const char *school, *class_name, *district; /* may be NULL */
	unsigned raised_by;	  /* one sspf_actor bit, or 0 */
	unsigned concerns;	  /* SSPF_CONCERN_* bits */
	const char *concern_text; /* may be NULL */
	bool sole_custody;
} sspf_case_new;

/*
 * Create a case; code_out gets its code ("" on error). Logged as "create".
 * An explicit code must match YYYY-NNN (3 or more digits) and be unused
 * (SSPF_ERR_EXISTS, also for the same number written with more zeros);
 * child_name is required (at most SSPF_NAME_MAX bytes); the birth date
 * lies from 1900 to today.
 */
sspf_err sspf_case_create(sspf_core *core, const sspf_case_new *c,
			  char code_out[SSPF_CODE_SIZE]);

typedef struct sspf_guardian_new {
	const char *name;
	const char *phone, *email, *address; /* may be NULL */
	bool custody;
} sspf_guardian_new;

/*
 * Add a guardian to a case; *id_out (may be NULL) gets its id. The name
 * is required (at most SSPF_NAME_MAX bytes); a case has at most
 * SSPF_MAX_GUARDIANS (SSPF_ERR_INVALID beyond). Logged as "change".
 */
sspf_err sspf_guardian_add(sspf_core *core, const char *code,
			   const sspf_guardian_new *g, sspf_id *id_out);

/*
 * Record whether the case's child is in sole custody (one guardian's
 * signature suffices) or not: a fact of the consent work, like the
 * guardians, so not gated. Logged as "change".
 */
sspf_err sspf_case_set_sole_custody(sspf_core *core, const char *code,
				    bool sole);

typedef struct sspf_consent_new {
	sspf_date signed_on;
	sspf_date valid_until; /* 0: signed_on + the setting's months - 1 day */
	const sspf_id *signed_by; /* guardian ids that signed */
	size_t n_signed_by;
	bool youth_signed;
	unsigned scope;					 /* sspf_actor bits */
	const char *scope_other, *information, *purpose; /* may be NULL */
	const char *form_version, *form_language;	 /* may be NULL */
} sspf_consent_new;

/*
 * Register a consent (a renewal is a new one); the newest one counts.
 * signed_by must be guardians of this case, each once; scope nonzero
 * within SSPF_ACTOR_ALL; valid_until not before signed_on; else
 * SSPF_ERR_INVALID and nothing is kept. Logged as "consent".
 */
sspf_err sspf_consent_register(sspf_core *core, const char *code,
			       const sspf_consent_new *c, sspf_id *id_out);

/*
 * Withdraw the newest consent of a case as of date, by whom (required),
 * covering what (may be NULL). SSPF_ERR_INVALID if there is no consent,
 * it is withdrawn already, or on lies before its signing date or after
 * today. Logged as "withdraw".
 */
sspf_err sspf_consent_withdraw(sspf_core *core, const char *code, sspf_date on,
			       const char *by, const char *covers);

/*
 * Record that the guardians (or the young person) said no to a consent
 * on date on (not after today): the case stays waiting for consent, and
 * the statistics count it as declined ("avböjt"). Logged as "consent".
 */
sspf_err sspf_consent_decline(sspf_core *core, const char *code, sspf_date on);

/*
 * Close a case as of date on with an outcome (may be NULL): its status
 * becomes closed; retention (sspf_purge) counts from on. SSPF_ERR_INVALID
 * if it is closed already or on lies after today or before it was opened.
 * Logged as "close".
 */
sspf_err sspf_case_close(sspf_core *core, const char *code, sspf_date on,
			 const char *outcome);

/*
 * The consent gate: may the data of case code be read in ctx now? Fills
 * *v (may be NULL) and returns SSPF_OK or SSPF_ERR_REFUSED; logs the
 * decision. SSPF_ERR_NOT_FOUND for an unknown code. v->guardian, if set,
 * points to thread-local storage valid until the next decision of the gate
 * on this thread (sspf_gate, sspf_case_get, sspf_case_list,
 * sspf_case_consent_info).
 */
sspf_err sspf_gate(sspf_core *core, const char *code, const sspf_context *ctx,
		   sspf_verdict *v);

/*
 * A case as the gate lets it be seen. Strings are owned by the struct and
 * never NULL ("" when empty), except child_name.
 */
typedef struct sspf_case {
	char code[SSPF_CODE_SIZE];
	char *child_name; /* NULL where the context may not show names */
	sspf_date birth;  /* 0 where names are not shown */
	sspf_gender gender;
	char *school, *class_name, *district;
	unsigned raised_by;
	unsigned concerns;
	char *concern_text;
	char *note;
	bool closed;
	sspf_date opened_on, closed_on;
	char *outcome;
} sspf_case;
void sspf_case_free(sspf_case *c);

/*
 * Read a case through the gate. Refused: SSPF_ERR_REFUSED, *out NULL, *v
 * says why (v may be NULL; v->guardian as for sspf_gate). *out is the
 * caller's (sspf_case_free). Logged as "view" or "refused".
 */
sspf_err sspf_case_get(sspf_core *core, const char *code,
		       const sspf_context *ctx, sspf_case **out,
		       sspf_verdict *v);

/* The consent state of a case, for lists: always visible with the code. */
typedef enum sspf_consent_state {
	SSPF_STATE_VALID = 0,
	SSPF_STATE_PENDING, /* no consent registered, or not all signatures */
	SSPF_STATE_EXPIRED,
	SSPF_STATE_WITHDRAWN,
} sspf_consent_state;

typedef struct sspf_case_line {
	char code[SSPF_CODE_SIZE];
	bool closed;
	sspf_consent_state state;
	sspf_consent_reason reason;
	/* the last day of the newest consent, 0 if none is registered: a
	   consent date, not case data, so it is given for every case (the
	   overview lists the consents that expire soon) */
	sspf_date valid_until;
	const char *
		child_name; /* NULL unless the gate allows; valid in the callback only */
} sspf_case_line;

/*
 * Every case, in code order (never an order that depends on what a refused
 * case holds), one call of fn each. Names only where the gate allows them
 * in the case view. fn returns nonzero to stop. Logged as one "list"
 * entry without a case code, before the first call of fn.
 */
sspf_err sspf_case_list(sspf_core *core,
			int (*fn)(void *arg, const sspf_case_line *line),
			void *arg);

/* What the consent work needs, without consent: see the file comment. */
typedef struct sspf_consent_info {
	char code[SSPF_CODE_SIZE];
	char *child_name;
	sspf_date birth;
	bool sole_custody;
	size_t n_guardians;
	struct {
		sspf_id id;
		char *name, *phone, *email, *address;
		bool custody;
	} guardians[SSPF_MAX_GUARDIANS];
	sspf_verdict verdict;  /* of the newest consent, in the case view;
				 its guardian points into guardians[] */
	sspf_date declined_on; /* the newest "no" recorded
				  (sspf_consent_decline), 0 if none */
} sspf_consent_info;
void sspf_consent_info_free(sspf_consent_info *ci);

/*
 * Logged as "consent-work" (not "view": no case data is given). *out is
 * the caller's (sspf_consent_info_free).
 */
sspf_err sspf_case_consent_info(sspf_core *core, const char *code,
				sspf_consent_info **out);

/*
 * Search the cases for query: a case matches when its code contains query,
 * or when the gate allows its name in the case view and the name contains
 * query (letters compared without case, å ä ö included). A refused case
 * can be found by its code only, so a search never tells anything about
 * what a refused case holds; results come in code order like
 * sspf_case_list, which this is built on (one "list" audit entry; the
 * query itself is never logged). An empty query matches every case.
 */
sspf_err sspf_case_search(sspf_core *core, const char *query,
			  int (*fn)(void *arg, const sspf_case_line *line),
			  void *arg);

/* One meeting where a case was on the agenda. */
typedef struct sspf_history_line {
	sspf_id meeting_id;
	sspf_date date;
	const char *kind;    /* "nätverksmöte", ...; static */
	const char *minutes; /* the item's minutes; valid in the callback */
} sspf_history_line;

/*
 * The meetings case code was discussed in, oldest first, with the minutes
 * of its agenda items, through the gate in the case view. Refused:
 * SSPF_ERR_REFUSED and *v (may be NULL) says why; fn is not called.
 */
sspf_err sspf_case_history(sspf_core *core, const char *code,
			   int (*fn)(void *arg, const sspf_history_line *l),
			   void *arg, sspf_verdict *v);

/* The newest consent of a case as registered. Strings owned by it. */
typedef struct sspf_consent_record {
	sspf_id id;
	sspf_date signed_on, valid_until;
	bool youth_signed;
	unsigned scope; /* sspf_actor bits */
	char *scope_other, *information, *purpose;
	char *form_version, *form_language;
	char *registered_by;
	sspf_date registered_on;
	bool withdrawn;
	sspf_date withdrawn_on;
	char *withdrawn_by, *withdrawn_note;
	size_t n_signed_by;
	sspf_id signed_by[SSPF_MAX_GUARDIANS]; /* guardian ids */
} sspf_consent_record;
void sspf_consent_record_free(sspf_consent_record *r);

/*
 * The newest consent of case code, for the consent screens and the case
 * text: its dates, scope and wording, never the case's data, so it is
 * given without a valid consent (that is what renewing needs) and logged
 * as "consent-work". SSPF_ERR_NOT_FOUND if the case has no consent yet.
 * *out is the caller's (sspf_consent_record_free).
 */
sspf_err sspf_consent_current(sspf_core *core, const char *code,
			      sspf_consent_record **out);

#endif
