/*
 * stats_data.h - the generated data of the statistics suites
 * (test_stats.c, test_stats_small.c): a real encrypted store with a clock
 * the tests move, and cases, consents, "no"s, actions, follow-ups and
 * meetings made in it through the public API from a list of profiles,
 * each made a chosen number of times. stats_model.h works out from the
 * same profiles what the export must hold.
 *
 * Everything here asserts with check, so call it from a test function
 * (or the fixture) of a suite with sd_setup / sd_teardown.
 */
#ifndef SSPF_TESTS_STATS_DATA_H
#define SSPF_TESTS_STATS_DATA_H

#include "testutil.h"

#include <stdbool.h>
#include <stddef.h>

#include <sspf/cases.h>
#include <sspf/consent.h>
#include <sspf/core.h>
#include <sspf/meetings.h>
#include <sspf/stats.h>

/* The fixture: a fresh store sd_st and a core sd_core on it, today
 * 2026-01-02; sd_teardown removes it all. */
extern sspf_store *sd_st;
extern sspf_core *sd_core;
void sd_setup(void);
void sd_teardown(void);

/* ---- the profiles: dates are written YYYYMMDD, 0 for none ---- */

#define SCHOOL "Ekbackeskolan"
#define CLASS "8C"
#define DISTRICT "Norr, \"Gamla\" stan" /* a comma and quotes in CSV */

#define GIRL SSPF_GENDER_GIRL
#define BOY SSPF_GENDER_BOY
#define OTHER SSPF_GENDER_OTHER
#define NOG SSPF_GENDER_UNSTATED
#define TRU SSPF_CONCERN_TRUANCY
#define CRI SSPF_CONCERN_CRIME
#define DRU SSPF_CONCERN_DRUGS
#define PEE SSPF_CONCERN_PEERS
#define EXT SSPF_CONCERN_EXTREMISM
#define OTH SSPF_CONCERN_OTHER
#define SK SSPF_ACTOR_SKOLA
#define SOC SSPF_ACTOR_SOCIALTJANST
#define POL SSPF_ACTOR_POLIS
#define FRI SSPF_ACTOR_FRITID
#define ANN SSPF_ACTOR_ANNAN
#define ST_NS SSPF_ACTION_NOT_STARTED
#define ST_ON SSPF_ACTION_ONGOING
#define ST_DONE SSPF_ACTION_DONE
#define ST_CANC SSPF_ACTION_CANCELLED
#define GRP SSPF_MEETING_GROUP
#define NET SSPF_MEETING_NETWORK
#define FUP SSPF_MEETING_FOLLOW_UP

/* A case, made mult times by a test (a profile). */
struct pcase {
	int birth;
	sspf_gender gender;
	unsigned concerns;
	int opened, closed;
};
/* A consent of case prof; a case's consents are registered in order. */
struct pcon {
	int prof, signed_on, until, withdrawn;
};
/* The day the guardians of case prof said no. */
struct pno {
	int prof, on;
};
/* An action of case prof. */
struct pact {
	int prof;
	unsigned actor;
	int created, due;
};
enum { FOLLOW = 1, SET = 2 }; /* a follow-up, or a status set without one */
/* A step of action act (its index among the actions), in order. */
struct pstep {
	int act, on, how, status;
};
/* Case prof on the agenda of the meeting of a kind on a day. */
struct pagenda {
	int prof;
	sspf_meeting_kind kind;
	int on;
};
/* A set of profiles and what happens to them: DATA(p) makes one of the
 * arrays p_cases, p_consents, p_nos, p_actions, p_steps and p_agenda. */
struct data {
	const struct pcase *cs;
	const struct pcon *con;
	const struct pno *no;
	const struct pact *act;
	const struct pstep *step;
	const struct pagenda *ag;
	size_t ncs, ncon, nno, nact, nstep, nag;
};
#define N(a) (sizeof(a) / sizeof((a)[0]))
#define DATA(p)                                                                \
	{                                                                      \
		p##_cases, p##_consents, p##_nos, p##_actions, p##_steps,      \
			p##_agenda, N(p##_cases), N(p##_consents), N(p##_nos), \
			N(p##_actions), N(p##_steps), N(p##_agenda)            \
	}

/* Around 2026Q3 (07-01..09-30), exported on 2026-11-16: NQ3 profiles. */
#define NQ3 12
extern const struct data sd_q3;
/* Nothing small: every count is a sum of these (0 or >= 3). */
extern const int sd_big[NQ3];
/* Some small cells, for k = 3, 5 and 10. */
extern const int sd_small[NQ3];
#define Q3 20260701, 20260930
#define NOW 20261116

/* Every meeting there is (sd_make_data makes them all); the profiles'
 * agendas name some of them. */
struct pmeeting {
	sspf_meeting_kind kind;
	int on;
};
#define SD_NMEET 14
extern const struct pmeeting sd_meetings[SD_NMEET];

/* The codes of the cases sd_make_data made, for the identifier check. */
extern char sd_codes[400][SSPF_CODE_SIZE];
extern int sd_n_codes;

/* The day number of YYYYMMDD, which must exist. */
sspf_date sd_day(int ymd);
/* Set the fake clock to noon of YYYYMMDD. */
void sd_today(int ymd);
/* Assert e is SSPF_OK; the message names what and the profile. */
void sd_ok(sspf_err e, const char *what, size_t prof);
/* The meetings, mult[i] cases of each profile i of d (each step with the
 * clock on its day), and the district DISTRICT. */
void sd_make_data(const struct data *d, const int *mult);

/* ---- making an export ---- */

/* The export of period ("2026Q3") with suppression at threshold k, as the
 * first release of its year (earlier releases are forgotten); asserts it
 * is made. The caller frees it with sspf_stats_free. */
sspf_stats *sd_make(const char *period, int k);
/* The export in format f, malloc'ed (the caller frees it) with a NUL
 * after its *len bytes. */
char *sd_written(const sspf_stats *s, sspf_stats_format f, size_t *len);

#endif
