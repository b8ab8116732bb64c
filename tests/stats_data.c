/*
 * stats_data.c - the generated data of the statistics suites (see
 * stats_data.h): the fixture, the profiles around 2026Q3, making them in
 * the store through the public API with the clock on each step's day,
 * and making and writing an export.
 */
#include "stats_data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <sspf/settings.h>

#include "store/store_internal.h"

#include <sqlite3.h>

static char *dir, *db;
sspf_store *sd_st;
sspf_core *sd_core;

void sd_setup(void)
{
	tu_core_setup(2026, 1, 2, &dir, &db, &sd_st, &sd_core);
}

void sd_teardown(void)
{
	tu_core_teardown(dir, db, sd_st, sd_core);
}

/* ---- the profiles around 2026Q3 ---- */

static const struct pcase q3_cases[] = {
	{ 20150310, GIRL, TRU, 20260305, 0 },		   /* 0: open before */
	{ 20120120, BOY, CRI | DRU, 20260710, 0 },	   /* 1: new in Q3 */
	{ 20090601, OTHER, 0, 20260803, 20260930 },	   /* 2: no concern */
	{ 20070214, NOG, PEE, 20260115, 20260701 },	   /* 3: first day */
	{ 20150310, BOY, EXT | OTH, 20260601, 20260620 },  /* 4: gone before */
	{ 20120120, GIRL, TRU, 20260930, 0 },		   /* 5: last day */
	{ 20130815, GIRL, TRU, 20260720, 0 },		   /* 6: turns 13 */
	{ 20080910, BOY, DRU, 20260501, 0 },		   /* 7: turns 18 */
	{ 20120120, BOY, CRI, 20261002, 0 },		   /* 8: after Q3 */
	{ 20090601, GIRL, TRU | PEE, 20260201, 20261015 }, /* 9: closed after */
	{ 20070214, OTHER, OTH, 20260701, 0 },		   /* 10: first day */
	{ 20150310, NOG, TRU, 20260715, 0 },		   /* 11 */
};
_Static_assert(N(q3_cases) == NQ3, "NQ3 is the number of profiles");
static const struct pcon q3_consents[] = {
	{ 0, 20260310, 20270309, 0 },
	{ 1, 20260712, 20270711, 0 },
	{ 2, 20260805, 20260920, 0 },	     /* expires in Q3 */
	{ 3, 20260120, 20261231, 20260630 }, /* withdrawn before Q3 */
	{ 4, 20260602, 20270601, 0 },
	{ 7, 20260705, 20270704, 20260912 }, /* signed at 17, withdrawn at 18 */
	{ 9, 20260205, 20260810, 0 },	     /* renewed the next day */
	{ 9, 20260811, 20270810, 0 },
	{ 10, 20260701, 20260731, 0 }, /* expired, renewed days later */
	{ 10, 20260805, 20270804, 0 },
	{ 11, 20260716, 20270115, 0 },
};
static const struct pno q3_nos[] = {
	{ 5, 20260930 },  /* the day it was opened */
	{ 6, 20261010 },  /* after Q3: waiting at its end */
	{ 9, 20260203 },  /* before Q3 */
	{ 10, 20260801 }, /* twice in Q3: counted once */
	{ 10, 20260802 },
};
static const struct pact q3_actions[] = {
	{ 0, SK, 20260715, 20260831 },	 /* 0: done in time */
	{ 1, SOC, 20260720, 20260915 },	 /* 1: going on, late */
	{ 7, POL, 20260708, 20260731 },	 /* 2: done late, no follow-up */
	{ 7, FRI, 20260708, 20261015 },	 /* 3: cancelled; due after Q3 */
	{ 9, ANN, 20260812, 20260901 },	 /* 4: done in time, no follow-up */
	{ 9, SK, 20260610, 20260710 },	 /* 5: decided before Q3, due in it */
	{ 10, SK, 20260702, 20260730 },	 /* 6: two follow-ups, done */
	{ 11, SOC, 20260925, 20260928 }, /* 7: done after Q3, late */
};
static const struct pstep q3_steps[] = {
	{ 0, 20260820, FOLLOW, ST_DONE }, { 1, 20260901, FOLLOW, ST_ON },
	{ 2, 20260805, SET, ST_DONE },	  { 3, 20260901, FOLLOW, ST_CANC },
	{ 4, 20260830, SET, ST_DONE },	  { 5, 20260709, FOLLOW, ST_DONE },
	{ 6, 20260715, FOLLOW, ST_ON },	  { 6, 20260728, FOLLOW, ST_DONE },
	{ 7, 20261005, FOLLOW, ST_DONE },
};
static const struct pagenda q3_agenda[] = {
	{ 0, NET, 20260720 },  { 1, NET, 20260724 },  { 2, NET, 20260813 },
	{ 10, NET, 20260711 }, { 10, NET, 20260820 }, { 11, NET, 20260914 },
	{ 11, GRP, 20260717 },
};
const struct data sd_q3 = DATA(q3);

const int sd_big[NQ3] = { 3, 4, 3, 5, 3, 3, 3, 3, 3, 4, 3, 3 };
const int sd_small[NQ3] = { 1, 2, 3, 1, 1, 2, 4, 1, 2, 5, 2, 6 };

const struct pmeeting sd_meetings[SD_NMEET] = {
	{ GRP, 20260615 }, { GRP, 20260717 }, { GRP, 20261001 },
	{ NET, 20260711 }, { NET, 20260720 }, { NET, 20260724 },
	{ NET, 20260813 }, { NET, 20260820 }, { NET, 20260914 },
	{ FUP, 20260630 }, { FUP, 20260701 }, { FUP, 20260930 },
	{ NET, 20261011 }, { NET, 20261201 }, /* 12-01: planned */
};
static sspf_id meeting_id[SD_NMEET];

char sd_codes[400][SSPF_CODE_SIZE];
int sd_n_codes;

/* ---- making the data ---- */

sspf_date sd_day(int ymd)
{
	return tu_date(ymd / 10000, ymd / 100 % 100, ymd % 100);
}

void sd_today(int ymd)
{
	tu_set_today(ymd / 10000, ymd / 100 % 100, ymd % 100);
}

void sd_ok(sspf_err e, const char *what, size_t prof)
{
	ck_assert_msg(e == SSPF_OK, "%s (profile %zu): %s (%s)", what, prof,
		      sspf_strerror(e), sspf_err_detail());
}

static void make_meetings(void)
{
	for (size_t i = 0; i < SD_NMEET; i++) {
		sspf_meeting_new m = { sd_meetings[i].kind,
				       sd_day(sd_meetings[i].on),
				       "09:00",
				       "10:00",
				       "Rum 3",
				       "Norr" };

		sd_ok(sspf_meeting_create(sd_core, &m, &meeting_id[i]),
		      "meeting", i);
	}
}

static sspf_id meeting_of(sspf_meeting_kind kind, int on)
{
	for (size_t i = 0; i < SD_NMEET; i++)
		if (sd_meetings[i].kind == kind && sd_meetings[i].on == on)
			return meeting_id[i];
	ck_abort_msg("no meeting %d", on);
	return 0;
}

/* What happens to one case, in the order of the days. */
enum {
	EV_CREATE,
	EV_CONSENT,
	EV_DECLINE,
	EV_ACTION,
	EV_STEP,
	EV_WITHDRAW,
	EV_CLOSE
};
struct ev {
	int on, what;
	size_t i; /* the consent, "no", action or step */
};

static int ev_cmp(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;

	if (x->on != y->on)
		return x->on < y->on ? -1 : 1;
	if (x->what != y->what)
		return x->what - y->what;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The events of case pi of d, sorted; how many. */
static size_t events(const struct data *d, size_t pi, struct ev *ev)
{
	const struct pcase *p = &d->cs[pi];
	size_t n = 0;

	ev[n++] = (struct ev){ p->opened, EV_CREATE, 0 };
	for (size_t i = 0; i < d->ncon; i++) {
		if ((size_t)d->con[i].prof != pi)
			continue;
		ev[n++] = (struct ev){ d->con[i].signed_on, EV_CONSENT, i };
		if (d->con[i].withdrawn)
			ev[n++] = (struct ev){ d->con[i].withdrawn, EV_WITHDRAW,
					       i };
	}
	for (size_t i = 0; i < d->nno; i++)
		if ((size_t)d->no[i].prof == pi)
			ev[n++] = (struct ev){ d->no[i].on, EV_DECLINE, i };
	for (size_t i = 0; i < d->nact; i++)
		if ((size_t)d->act[i].prof == pi)
			ev[n++] =
				(struct ev){ d->act[i].created, EV_ACTION, i };
	for (size_t i = 0; i < d->nstep; i++)
		if ((size_t)d->act[d->step[i].act].prof == pi)
			ev[n++] = (struct ev){ d->step[i].on, EV_STEP, i };
	if (p->closed)
		ev[n++] = (struct ev){ p->closed, EV_CLOSE, 0 };
	ck_assert_uint_le(n, 32);
	qsort(ev, n, sizeof ev[0], ev_cmp);
	return n;
}

/* A new case like p, its guardians and its agenda items. */
static void create(const struct data *d, size_t pi, const char *name,
		   char code[SSPF_CODE_SIZE], sspf_id g[2])
{
	const struct pcase *p = &d->cs[pi];
	sspf_case_new c = { 0 };
	sspf_guardian_new gn = { 0 };

	c.child_name = name;
	c.birth = sd_day(p->birth);
	c.gender = p->gender;
	c.school = SCHOOL;
	c.class_name = CLASS;
	c.district = "Norr";
	c.concerns = p->concerns;
	c.concern_text = "Oro-text";
	sd_ok(sspf_case_create(sd_core, &c, code), "case", pi);
	ck_assert_int_lt(sd_n_codes, 400);
	memcpy(sd_codes[sd_n_codes++], code, SSPF_CODE_SIZE);
	gn.custody = true;
	gn.name = "Vårdnadshavare Ett";
	sd_ok(sspf_guardian_add(sd_core, code, &gn, &g[0]), "guardian", pi);
	gn.name = "Vårdnadshavare Två";
	sd_ok(sspf_guardian_add(sd_core, code, &gn, &g[1]), "guardian", pi);
	for (size_t i = 0; i < d->nag; i++)
		if ((size_t)d->ag[i].prof == pi)
			sd_ok(sspf_agenda_add_case(
				      sd_core,
				      meeting_of(d->ag[i].kind, d->ag[i].on),
				      code, NULL),
			      "agenda", pi);
}

/* One case of profile pi (copy r), each step with the clock on its day. */
static void make_case(const struct data *d, size_t pi, int r)
{
	struct ev ev[32];
	size_t n = events(d, pi, ev);
	char name[64], code[SSPF_CODE_SIZE];
	sspf_id g[2], aid[32];

	ck_assert_uint_le(d->nact, 32);
	snprintf(name, sizeof name, "Statbarn%02zu Kopia%d Testsson", pi, r);
	for (size_t e = 0; e < n; e++) {
		const struct ev *v = &ev[e];

		sd_today(v->on);
		if (v->what == EV_CREATE) {
			create(d, pi, name, code, g);
		} else if (v->what == EV_CONSENT) {
			sspf_consent_new k = { 0 };

			k.signed_on = sd_day(d->con[v->i].signed_on);
			k.valid_until = sd_day(d->con[v->i].until);
			k.signed_by = g;
			k.n_signed_by = 2;
			k.youth_signed = true;
			k.scope = SSPF_ACTOR_ALL;
			sd_ok(sspf_consent_register(sd_core, code, &k, NULL),
			      "consent", pi);
		} else if (v->what == EV_DECLINE) {
			sd_ok(sspf_consent_decline(sd_core, code,
						   sd_day(v->on)),
			      "no", pi);
		} else if (v->what == EV_ACTION) {
			sspf_action_new a = { 0 };

			a.what = "Stöd i skolan";
			a.actor = d->act[v->i].actor;
			a.due = sd_day(d->act[v->i].due);
			sd_ok(sspf_action_add(sd_core, code, &a, &aid[v->i],
					      NULL),
			      "action", pi);
		} else if (v->what == EV_STEP) {
			const struct pstep *s = &d->step[v->i];

			if (s->how == FOLLOW)
				sd_ok(sspf_follow_up_add(sd_core, aid[s->act],
							 0, s->status,
							 "Uppföljt", NULL,
							 NULL),
				      "follow-up", pi);
			else
				sd_ok(sspf_action_set_status(sd_core,
							     aid[s->act],
							     s->status, NULL),
				      "status", pi);
		} else if (v->what == EV_WITHDRAW) {
			sd_ok(sspf_consent_withdraw(sd_core, code,
						    sd_day(v->on),
						    "Vårdnadshavare Ett", NULL),
			      "withdraw", pi);
		} else {
			sd_ok(sspf_case_close(sd_core, code, sd_day(v->on),
					      "Avslutat"),
			      "close", pi);
		}
	}
}

/* The meetings, mult[i] cases of each profile, and the district. */
void sd_make_data(const struct data *d, const int *mult)
{
	sd_n_codes = 0;
	make_meetings();
	for (size_t i = 0; i < d->ncs; i++)
		for (int r = 0; r < mult[i]; r++)
			make_case(d, i, r);
	tu_ok(sspf_setting_set(sd_st, "district", DISTRICT), "district");
}

/* ---- making an export ---- */

/*
 * Forget every statistics release, so that the next export is the first
 * of its year: these tests look at one export at a time (the memory of
 * releases is tested in test_stats_release.c).
 */
static void forget_releases(void)
{
	ck_assert_int_eq(sqlite3_exec(sspf_store_db(sd_st),
				      "DELETE FROM stats_release", NULL, NULL,
				      NULL),
			 SQLITE_OK);
}

sspf_stats *sd_make(const char *period, int k)
{
	sspf_period p;
	sspf_stats *s = NULL;

	forget_releases();
	tu_ok(sspf_period_parse(period, &p), "period");
	tu_ok(sspf_stats_make(sd_core, &p, SSPF_STATS_SUPPRESS, k, &s), "make");
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->k, k);
	ck_assert_int_eq(s->method, SSPF_STATS_SUPPRESS);
	return s;
}

/* The export in format f, malloc'ed with a NUL after *len bytes. */
char *sd_written(const sspf_stats *s, sspf_stats_format f, size_t *len)
{
	int fd = memfd_create("stats", 0);
	off_t n;
	char *buf;

	ck_assert_int_ge(fd, 0);
	tu_ok(sspf_stats_write(s, f, fd), "write");
	n = lseek(fd, 0, SEEK_END);
	ck_assert_int_gt(n, 0);
	buf = calloc(1, (size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(pread(fd, buf, (size_t)n, 0), n);
	close(fd);
	*len = (size_t)n;
	return buf;
}
