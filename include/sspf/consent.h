/*
 * consent.h - the consent rules of SSPF (../shared/design/DOMAIN.md,
 * "Consent"): whether a case's data may be read now, in a given context,
 * and if not, the reason a person can act on.
 *
 * sspf_consent_evaluate() is a pure function of the facts it is given; the
 * gate in the core (which reads the facts from the database, asks the
 * clock and writes the audit entry) is built on it. A front end never
 * decides this itself.
 */
#ifndef SSPF_CONSENT_H
#define SSPF_CONSENT_H

#include <stdbool.h>
#include <stddef.h>

#include <sspf/date.h>

/* The actors of SSPF, as a bit set (a consent's scope, who is present). */
typedef enum sspf_actor {
	SSPF_ACTOR_SKOLA = 1u << 0,	   /* school */
	SSPF_ACTOR_SOCIALTJANST = 1u << 1, /* social services */
	SSPF_ACTOR_POLIS = 1u << 2,	   /* police */
	SSPF_ACTOR_FRITID = 1u << 3,	   /* leisure */
	SSPF_ACTOR_ANNAN = 1u << 4,	   /* other, named in the consent */
} sspf_actor;
#define SSPF_ACTOR_ALL 0x1fu

/* Swedish name of one actor ("skola"), or NULL if a is not one actor. */
const char *sspf_actor_name(unsigned a);
/* Parse "skola", "socialtjänst" (also "socialtjanst"), ...; 0 if unknown. */
unsigned sspf_actor_parse(const char *name);

/* Where the data would be shown. */
typedef enum sspf_context_kind {
	SSPF_CTX_CASE_VIEW = 0, /* the coordinator's own case view */
	SSPF_CTX_GROUP_MEETING, /* arbetsgruppsmöte: codes only, never names */
	SSPF_CTX_NETWORK_MEETING, /* nätverksmöte or uppföljning about a child */
	SSPF_CTX_DOCUMENT,	  /* a printed or saved document */
	SSPF_CTX_EXPORT,	  /* an export (never names) */
} sspf_context_kind;

typedef struct sspf_context {
	sspf_context_kind kind;
	unsigned
		present; /* actors present (meetings); 0 = only the coordinator */
} sspf_context;

#define SSPF_MAX_GUARDIANS 4

typedef struct sspf_guardian_facts {
	const char *name; /* for the reason text; not copied */
	bool custody;	  /* has custody (vårdnad) */
	bool signed_now;  /* signed the consent being judged */
} sspf_guardian_facts;

/* Everything the rules look at for one case and its newest consent. */
typedef struct sspf_consent_facts {
	sspf_date birth;   /* the child's birth date */
	bool sole_custody; /* sole custody recorded explicitly */
	size_t n_guardians;
	sspf_guardian_facts guardians[SSPF_MAX_GUARDIANS];
	bool has_consent;      /* a consent has been registered */
	sspf_date signed_on;   /* signing date */
	sspf_date valid_until; /* last day it is valid */
	bool youth_signed;
	unsigned scope; /* sspf_actor bits */
	bool withdrawn;
	sspf_date withdrawn_on;
	int youth_age; /* setting: the youth signs too from this age */
} sspf_consent_facts;

typedef enum sspf_consent_reason {
	SSPF_CONSENT_OK = 0,
	SSPF_CONSENT_NONE,	      /* no consent registered yet */
	SSPF_CONSENT_NO_GUARDIAN,     /* no guardian with custody recorded */
	SSPF_CONSENT_SECOND_GUARDIAN, /* joint custody but one guardian recorded */
	SSPF_CONSENT_GUARDIAN_UNSIGNED, /* a guardian with custody has not signed */
	SSPF_CONSENT_YOUTH_UNSIGNED, /* the youth was old enough and did not sign */
	SSPF_CONSENT_NOT_YET,	     /* signing date lies in the future */
	SSPF_CONSENT_EXPIRED,	     /* valid_until has passed */
	SSPF_CONSENT_WITHDRAWN,
	SSPF_CONSENT_OUT_OF_SCOPE, /* an actor present is not covered */
	SSPF_CONSENT_ADULT_NOW,	   /* turned 18 since signing; the youth
					   did not sign */
} sspf_consent_reason;

typedef struct sspf_verdict {
	bool allowed;
	sspf_consent_reason reason;
	/* details for the message: a guardian's name, a date, an actor */
	const char *guardian; /* points into the facts */
	sspf_date date;
	unsigned actors; /* actors outside the scope */
	int age;	 /* YOUTH_UNSIGNED: the age from which the youth
				 signs (the setting, or 18: the youth alone) */
	/* allowed, and may the child's name be shown in this context? */
	bool show_name;
} sspf_verdict;

/*
 * Judge facts for ctx on today. The first rule that fails decides the
 * reason, in this order: none, guardians (or, from 18 on the signing date,
 * the youth alone), youth, not yet valid, withdrawn, expired, turned 18
 * since signing without the youth's signature, scope. Ages are those of
 * sspf_date_age(). A NULL ctx is the case view with nobody else present.
 * The details not named by the reason are zero (guardian NULL).
 */
sspf_verdict sspf_consent_evaluate(const sspf_consent_facts *facts,
				   const sspf_context *ctx, sspf_date today);

/*
 * The reason as a sentence a coordinator can act on, in English (gettext
 * later), e.g. "Anna Berg (guardian with custody) has not signed the
 * consent." or "The consent expired on 2026-03-01; register a renewed
 * consent." Never names the child. Truncates to fit size (buf may be NULL
 * when size is 0); returns snprintf's count, the length of the whole text.
 */
int sspf_verdict_text(const sspf_verdict *v, char *buf, size_t size);

#endif
