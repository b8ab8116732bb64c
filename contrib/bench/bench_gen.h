/*
 * bench_gen.h - what the two halves of the generator share (bench_gen.c:
 * the cases day by day; bench_gen_meet.c: the meetings and plans). Not
 * for anything else.
 */
#ifndef SSPF_BENCH_GEN_H
#define SSPF_BENCH_GEN_H

#include <stdio.h>
#include <stdlib.h>

#include <sspf/cases.h>
#include <sspf/meetings.h>

#include "bench.h"

#define AHEAD 14 /* meetings are planned this many days ahead */
#define NET_ACTIONS 14
#define FU_ACTIONS 8
#define GROUP_CASES 40
#define ACTORS                                                           \
	(SSPF_ACTOR_SKOLA | SSPF_ACTOR_SOCIALTJANST | SSPF_ACTOR_POLIS | \
	 SSPF_ACTOR_FRITID)

enum fate { F_CONSENT, F_DECLINE, F_NONE };

/* One case as the generator follows it through its life. */
typedef struct gcase {
	char code[SSPF_CODE_SIZE];
	enum fate fate;
	sspf_date open, close; /* close 0: still open at the end */
	sspf_date birth, consent_day, valid_until, meet_day;
	sspf_id guardians[2];
	int n_guardians;
	bool opened, closed, first_meeting_done;
	sspf_id mid, item; /* the planned meeting and its case item */
	sspf_id *acts;	   /* open actions */
	size_t n_acts, cap;
	long total_acts;
} gcase;

typedef struct gen {
	bench_data *d;
	sspf_core *core;
	uint64_t rng;
	gcase *c;
	long n;
	long next_open;	 /* index of the next case to open */
	long first_live; /* no case before it is still active */
	long group_pos;	 /* rotates the group meeting's agenda */
	struct {
		sspf_id mid;
		sspf_date day;
	} planned[4]; /* group meetings planned, not held yet */
	int group_every;
	char minutes[1024];
} gen;

static inline uint64_t gen_rand(gen *g)
{
	uint64_t z = (g->rng += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static inline int between(gen *g, int lo, int hi)
{
	return lo + (int)(gen_rand(g) % (uint64_t)(hi - lo + 1));
}

#define TRY(call)                                          \
	do {                                               \
		sspf_err e_ = (call);                      \
		g->d->n_calls++;                           \
		if (e_ != SSPF_OK)                         \
			return bench_fail(#call, (int)e_); \
	} while (0)

/* bench_gen_meet.c */
int open_case(gen *g, gcase *c, sspf_date today);
int register_consent(gen *g, gcase *c, sspf_date today);
int plan_case_meeting(gen *g, gcase *c);
int hold_case_meeting(gen *g, gcase *c, sspf_date today);
int group_day(gen *g, sspf_date today);

#endif
