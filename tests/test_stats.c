/*
 * test_stats.c - the statistics export with suppression
 * (include/sspf/stats.h, src/core/stats*.c, sspf(1) STATISTICS) on a real
 * encrypted store with a clock the tests move. Cases, consents, "no"s,
 * actions, follow-ups and meetings are made through the public API from a
 * list of profiles, each made a chosen number of times; the expected count
 * of every cell is worked out here from the same profiles by the rules the
 * man page states (not by the library's code) and compared with
 * sspf_stats_make: every table, margins, the median and the share.
 * Then: no published count of persons is 1 to k-1; no hidden cell can be
 * worked out (each gets a second non-negative filling that keeps every
 * published cell and total); the same data gives the same bytes twice; no
 * identifier of the fixture reaches the CSV or JSON; the CSV read back
 * with the project's own reader (src/core/csv.h); periods parsed; one
 * "export" audit entry per export. A period not yet over (2026Q4 on
 * 2026-11-16) counts the status of actions today, no consent as expired
 * before its last day has gone by, and no meeting only planned. With the
 * cell key method, cells get their keys from their cases.
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <sspf/cases.h>
#include <sspf/consent.h>
#include <sspf/core.h>
#include <sspf/meetings.h>
#include <sspf/settings.h>
#include <sspf/stats.h>

#include "core/csv.h"

static char *dir, *db;
static sspf_store *st;
static sspf_core *core;

static void setup(void)
{
	tu_core_setup(2026, 1, 2, &dir, &db, &st, &core);
}

static void teardown(void)
{
	tu_core_teardown(dir, db, st, core);
}

/* ---- the generated data: dates are written YYYYMMDD, 0 for none ---- */

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

/* Around 2026Q3 (07-01..09-30), exported on 2026-11-16. */
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
#define NQ3 N(q3_cases)
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
static const struct data q3 = DATA(q3);

/* Nothing small: every count is a sum of these (0 or >= 3). */
static const int big[NQ3] = { 3, 4, 3, 5, 3, 3, 3, 3, 3, 4, 3, 3 };
/* Some small cells, for k = 3, 5 and 10. */
static const int small[NQ3] = { 1, 2, 3, 1, 1, 2, 4, 1, 2, 5, 2, 6 };

/* Every meeting there is; the cases' agendas name some of them. */
static const struct {
	sspf_meeting_kind kind;
	int on;
} meetings[] = {
	{ GRP, 20260615 }, { GRP, 20260717 }, { GRP, 20261001 },
	{ NET, 20260711 }, { NET, 20260720 }, { NET, 20260724 },
	{ NET, 20260813 }, { NET, 20260820 }, { NET, 20260914 },
	{ FUP, 20260630 }, { FUP, 20260701 }, { FUP, 20260930 },
	{ NET, 20261011 }, { NET, 20261201 }, /* 12-01: planned */
};
#define NMEET N(meetings)
static sspf_id meeting_id[NMEET];

/* What the identifier check looks for. */
static char codes[400][SSPF_CODE_SIZE];
static int n_codes;

static sspf_date D(int ymd)
{
	return tu_date(ymd / 10000, ymd / 100 % 100, ymd % 100);
}

static void today(int ymd)
{
	tu_set_today(ymd / 10000, ymd / 100 % 100, ymd % 100);
}

static void ok(sspf_err e, const char *what, size_t prof)
{
	ck_assert_msg(e == SSPF_OK, "%s (profile %zu): %s (%s)", what, prof,
		      sspf_strerror(e), sspf_err_detail());
}

static void make_meetings(void)
{
	for (size_t i = 0; i < NMEET; i++) {
		sspf_meeting_new m = { meetings[i].kind, D(meetings[i].on),
				       "09:00",		 "10:00",
				       "Rum 3",		 "Norr" };

		ok(sspf_meeting_create(core, &m, &meeting_id[i]), "meeting", i);
	}
}

static sspf_id meeting_of(sspf_meeting_kind kind, int on)
{
	for (size_t i = 0; i < NMEET; i++)
		if (meetings[i].kind == kind && meetings[i].on == on)
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
	c.birth = D(p->birth);
	c.gender = p->gender;
	c.school = SCHOOL;
	c.class_name = CLASS;
	c.district = "Norr";
	c.concerns = p->concerns;
	c.concern_text = "Oro-text";
	ok(sspf_case_create(core, &c, code), "case", pi);
	ck_assert_int_lt(n_codes, 400);
	memcpy(codes[n_codes++], code, SSPF_CODE_SIZE);
	gn.custody = true;
	gn.name = "Vårdnadshavare Ett";
	ok(sspf_guardian_add(core, code, &gn, &g[0]), "guardian", pi);
	gn.name = "Vårdnadshavare Två";
	ok(sspf_guardian_add(core, code, &gn, &g[1]), "guardian", pi);
	for (size_t i = 0; i < d->nag; i++)
		if ((size_t)d->ag[i].prof == pi)
			ok(sspf_agenda_add_case(
				   core, meeting_of(d->ag[i].kind, d->ag[i].on),
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

		today(v->on);
		if (v->what == EV_CREATE) {
			create(d, pi, name, code, g);
		} else if (v->what == EV_CONSENT) {
			sspf_consent_new k = { 0 };

			k.signed_on = D(d->con[v->i].signed_on);
			k.valid_until = D(d->con[v->i].until);
			k.signed_by = g;
			k.n_signed_by = 2;
			k.youth_signed = true;
			k.scope = SSPF_ACTOR_ALL;
			ok(sspf_consent_register(core, code, &k, NULL),
			   "consent", pi);
		} else if (v->what == EV_DECLINE) {
			ok(sspf_consent_decline(core, code, D(v->on)), "no",
			   pi);
		} else if (v->what == EV_ACTION) {
			sspf_action_new a = { 0 };

			a.what = "Stöd i skolan";
			a.actor = d->act[v->i].actor;
			a.due = D(d->act[v->i].due);
			ok(sspf_action_add(core, code, &a, &aid[v->i], NULL),
			   "action", pi);
		} else if (v->what == EV_STEP) {
			const struct pstep *s = &d->step[v->i];

			if (s->how == FOLLOW)
				ok(sspf_follow_up_add(core, aid[s->act], 0,
						      s->status, "Uppföljt",
						      NULL, NULL),
				   "follow-up", pi);
			else
				ok(sspf_action_set_status(core, aid[s->act],
							  s->status, NULL),
				   "status", pi);
		} else if (v->what == EV_WITHDRAW) {
			ok(sspf_consent_withdraw(core, code, D(v->on),
						 "Vårdnadshavare Ett", NULL),
			   "withdraw", pi);
		} else {
			ok(sspf_case_close(core, code, D(v->on), "Avslutat"),
			   "close", pi);
		}
	}
}

/* The meetings, mult[i] cases of each profile, and the district. */
static void make_data(const struct data *d, const int *mult)
{
	n_codes = 0;
	make_meetings();
	for (size_t i = 0; i < d->ncs; i++)
		for (int r = 0; r < mult[i]; r++)
			make_case(d, i, r);
	tu_ok(sspf_setting_set(st, "district", DISTRICT), "district");
}

/* ---- the expected tables, by the rules of sspf(1) STATISTICS ---- */

enum {
	T_ACTIVE,
	T_NEW,
	T_CLOSED,
	T_CONCERN,
	T_OUTCOME,
	T_ACTIONS,
	T_MEETINGS,
	NT
};

static const char *const ages[] = { "0-12", "13-15", "16-17", "18+" };
static const char *const genders[] = { "flicka", "pojke", "annat",
				       "ej angivet" };
static const char *const concerns[] = { "skolk/frånvaro",
					"misstänkt brottslighet",
					"alkohol/narkotika",
					"destruktiv miljö/kamrater",
					"våldsbejakande extremism",
					"annat",
					"ej angivet" };
static const char *const outcomes[] = { "lämnat", "avböjt", "återkallat",
					"utgånget",
					"väntar vid periodens slut" };
static const char *actors[5], *statuses[4], *kinds[3];

/* A table: n1 x n2 inner cells (n2 0: one-way), which margins. */
struct tdesc {
	const char *name, *d1, *d2;
	const char *const *c1, *const *c2;
	int n1, n2;
	bool rows, cols, prot; /* row totals, column totals, protected */
};

static struct tdesc tables[NT];

/* A table's description; margins: 1 row totals, 2 column totals. */
static struct tdesc td(const char *name, const char *d1, const char *const *c1,
		       int n1, const char *d2, const char *const *c2, int n2,
		       unsigned margins, bool prot)
{
	struct tdesc t = { name, d1, d2,	  c1,	       c2,
			   n1,	 n2, margins & 1, margins & 2, prot };

	return t;
}

static void tables_init(void)
{
	for (unsigned i = 0; i < 5; i++)
		actors[i] = sspf_actor_name(1u << i);
	for (int i = 0; i < 4; i++)
		statuses[i] = sspf_action_status_name((sspf_action_status)i);
	for (int i = 0; i < 3; i++)
		kinds[i] = sspf_meeting_kind_name((sspf_meeting_kind)i);
	tables[T_ACTIVE] = td("cases_active", "age_band", ages, 4, "gender",
			      genders, 4, 3, true);
	tables[T_NEW] = td("cases_new", "age_band", ages, 4, "gender", genders,
			   4, 3, true);
	tables[T_CLOSED] = td("cases_closed", "age_band", ages, 4, "gender",
			      genders, 4, 3, true);
	tables[T_CONCERN] = td("new_by_concern", "concern", concerns, 7, NULL,
			       NULL, 0, 0, true);
	tables[T_OUTCOME] = td("consent_outcomes", "outcome", outcomes, 5,
			       "age_band", ages, 4, 1, true);
	tables[T_ACTIONS] = td("actions", "actor", actors, 5, "status",
			       statuses, 4, 3, true);
	/* meetings are not persons: published as they are */
	tables[T_MEETINGS] =
		td("meetings", "kind", kinds, 3, NULL, NULL, 0, 1, false);
}

/* grid[t][row][col]: row n1 holds column totals, col n2 (or 0 for one-way
   tables, whose total is row n1) row totals. */
struct expect {
	int64_t grid[NT][8][5];
	int days[512], n_days;
	int64_t due, in_time;
};

static int band(int birth, int on)
{
	int age = (on - birth) / 10000; /* whole years, YYYYMMDD apart */

	return age <= 12 ? 0 : age <= 15 ? 1 : age <= 17 ? 2 : 3;
}

static int gcol(sspf_gender g)
{
	return g == SSPF_GENDER_UNSTATED ? 3 : (int)g - 1;
}

static bool in(int d, int first, int last)
{
	return d != 0 && d >= first && d <= last;
}

static int next_day(int ymd)
{
	int y, m, d;

	sspf_date_parts(D(ymd) + 1, &y, &m, &d);
	return y * 10000 + m * 100 + d;
}

static void add(struct expect *x, int t, int r, int c, int64_t m)
{
	x->grid[t][r][c] += m;
}

static void model_consents(const struct data *d, size_t pi, int64_t m, int f,
			   int l, int now, struct expect *x)
{
	const struct pcase *p = &d->cs[pi];
	int given = 0, no = 0, wd = 0, gone = 0;
	bool before = false;

	for (size_t i = 0; i < d->nno; i++) {
		const struct pno *n = &d->no[i];

		if ((size_t)n->prof != pi)
			continue;
		if (in(n->on, f, l) && (!no || n->on < no))
			no = n->on;
		before = before || n->on <= l;
	}
	for (size_t i = 0; i < d->ncon; i++) {
		const struct pcon *c = &d->con[i];
		bool renewed = false;

		if ((size_t)c->prof != pi)
			continue;
		/* renewed: a later consent signed by the day after */
		for (size_t j = i + 1; j < d->ncon; j++)
			renewed = renewed ||
				  ((size_t)d->con[j].prof == pi &&
				   d->con[j].signed_on <= next_day(c->until));
		before = before || c->signed_on <= l;
		if (in(c->signed_on, f, l) && !given)
			given = c->signed_on;
		if (in(c->withdrawn, f, l) && !wd)
			wd = c->withdrawn;
		/* its last day has gone by in P, not withdrawn before */
		if (in(c->until, f, l) && c->until < now && !renewed &&
		    !(c->withdrawn && c->withdrawn <= c->until) && !gone)
			gone = c->until;
	}
	if (given)
		add(x, T_OUTCOME, 0, band(p->birth, given), m);
	if (no)
		add(x, T_OUTCOME, 1, band(p->birth, no), m);
	if (wd)
		add(x, T_OUTCOME, 2, band(p->birth, wd), m);
	if (gone)
		add(x, T_OUTCOME, 3, band(p->birth, gone), m);
	/* waiting: open at the end, nothing signed and no "no" by then */
	if (p->opened <= l && (!p->closed || p->closed > l) && !before)
		add(x, T_OUTCOME, 4, band(p->birth, l), m);
}

static void model_actions(const struct data *d, size_t pi, int64_t m, int f,
			  int l, int now, struct expect *x)
{
	for (size_t i = 0; i < d->nact; i++) {
		const struct pact *a = &d->act[i];
		int status = ST_NS, done = 0, fu = -1, at_end, who = 0;

		if ((size_t)a->prof != pi)
			continue;
		for (size_t j = 0; j < d->nstep; j++) {
			const struct pstep *s = &d->step[j];

			if ((size_t)s->act != i)
				continue;
			status = s->status;
			done = status == ST_DONE ? s->on : 0;
			if (s->how == FOLLOW && s->on <= l)
				fu = status;
		}
		if (in(a->due, f, l)) {
			x->due += m;
			if (done && done <= a->due)
				x->in_time += m;
		}
		if (!in(a->created, f, l))
			continue;
		while ((1u << who) != a->actor)
			who++;
		if (done && done <= l)
			at_end = ST_DONE;
		else if (l >= now) /* not over: the status today */
			at_end = status;
		else /* the newest follow-up by then, else as decided */
			at_end = fu >= 0 ? fu : ST_NS;
		add(x, T_ACTIONS, who, at_end, m);
	}
}

/* Margins: row n1 the column sums, column n2 the row sums. */
static void margins(struct expect *x)
{
	for (int t = 0; t < NT; t++) {
		const struct tdesc *d = &tables[t];
		int n2 = d->n2 ? d->n2 : 1, tc = d->n2 ? d->n2 : 0;

		for (int r = 0; r < d->n1; r++)
			for (int c = 0; c < n2; c++) {
				if (d->rows && d->n2)
					x->grid[t][r][tc] += x->grid[t][r][c];
				if (d->cols || (d->rows && !d->n2))
					x->grid[t][d->n1][c] +=
						x->grid[t][r][c];
			}
		if (d->rows && d->cols)
			for (int r = 0; r < d->n1; r++)
				x->grid[t][d->n1][tc] += x->grid[t][r][tc];
	}
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* Every expected cell of period f..l, exported on day now. */
static void model(const struct data *d, const int *mult, int f, int l, int now,
		  struct expect *x)
{
	memset(x, 0, sizeof *x);
	for (size_t i = 0; i < d->ncs; i++) {
		const struct pcase *p = &d->cs[i];
		int64_t m = mult[i];
		int g = gcol(p->gender), net = 0;

		if (m == 0)
			continue;
		if (p->opened <= l && (!p->closed || p->closed >= f))
			add(x, T_ACTIVE,
			    band(p->birth,
				 p->closed && p->closed < l ? p->closed : l),
			    g, m);
		if (in(p->opened, f, l)) {
			add(x, T_NEW, band(p->birth, p->opened), g, m);
			for (int b = 0; b < 6; b++)
				if (p->concerns & (1u << b))
					add(x, T_CONCERN, b, 0, m);
			if (p->concerns == 0)
				add(x, T_CONCERN, 6, 0, m);
			/* its first nätverksmöte held (not one planned) */
			for (size_t j = 0; j < d->nag; j++) {
				const struct pagenda *a = &d->ag[j];

				if ((size_t)a->prof == i && a->kind == NET &&
				    a->on >= p->opened && a->on <= now &&
				    (net == 0 || a->on < net))
					net = a->on;
			}
			for (int r = 0; net && r < m; r++)
				x->days[x->n_days++] = D(net) - D(p->opened);
		}
		if (in(p->closed, f, l))
			add(x, T_CLOSED, band(p->birth, p->closed), g, m);
		model_consents(d, i, m, f, l, now, x);
		model_actions(d, i, m, f, l, now, x);
	}
	for (size_t i = 0; i < NMEET; i++)
		if (in(meetings[i].on, f, l) && meetings[i].on <= now)
			add(x, T_MEETINGS, (int)meetings[i].kind, 0, 1);
	qsort(x->days, (size_t)x->n_days, sizeof x->days[0], cmp_int);
	margins(x);
}

static double median(const struct expect *x)
{
	int n = x->n_days;

	return n % 2 ? x->days[n / 2]
		     : (x->days[n / 2 - 1] + x->days[n / 2]) / 2.0;
}

/* ---- reading an export ---- */

/* The index of cell table/c1/c2 (NULLs where a cell has no such
   dimension), or -1. */
static long find(const sspf_stats *s, const char *table, const char *c1,
		 const char *c2)
{
	for (size_t i = 0; i < s->n_cells; i++) {
		const sspf_stats_cell *c = &s->cells[i];

		if (strcmp(c->table, table) != 0)
			continue;
		if ((c1 == NULL) != (c->cat[0] == NULL) ||
		    (c2 == NULL) != (c->cat[1] == NULL))
			continue;
		if ((c1 == NULL || strcmp(c1, c->cat[0]) == 0) &&
		    (c2 == NULL || strcmp(c2, c->cat[1]) == 0))
			return (long)i;
	}
	return -1;
}

static const sspf_stats_cell *cell(const sspf_stats *s, const char *table,
				   const char *c1, const char *c2)
{
	long i = find(s, table, c1, c2);

	ck_assert_msg(i >= 0, "no cell %s/%s/%s", table, c1 ? c1 : "",
		      c2 ? c2 : "");
	return &s->cells[i];
}

static sspf_stats *make(const char *period, int k)
{
	sspf_period p;
	sspf_stats *s = NULL;

	tu_ok(sspf_period_parse(period, &p), "period");
	tu_ok(sspf_stats_make(core, &p, SSPF_STATS_SUPPRESS, k, &s), "make");
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->k, k);
	ck_assert_int_eq(s->method, SSPF_STATS_SUPPRESS);
	return s;
}

/* The export in format f, malloc'ed with a NUL after *len bytes. */
static char *written(const sspf_stats *s, sspf_stats_format f, size_t *len)
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

/* ---- what a reader can work out from the published cells ---- */

/* A line: cells whose last one is the sum of the others. */
struct line {
	int n, r[7], c[7];
};

/* The lines (equations) of table d, as a reader sees them. */
static int lines_of(const struct tdesc *d, struct line *L)
{
	int nl = 0;

	if (!d->rows || d->n2 == 0)
		return 0; /* new_by_concern; meetings are not protected */
	for (int r = 0; r < d->n1 + (d->cols ? 1 : 0); r++, nl++) {
		L[nl].n = 0;
		for (int c = 0; c <= d->n2; c++, L[nl].n++)
			L[nl].r[L[nl].n] = r, L[nl].c[L[nl].n] = c;
	}
	for (int c = 0; d->cols && c <= d->n2; c++, nl++) {
		L[nl].n = 0;
		for (int r = 0; r <= d->n1; r++, L[nl].n++)
			L[nl].r[L[nl].n] = r, L[nl].c[L[nl].n] = c;
	}
	return nl;
}

/* Rules a and b: no line with one hidden cell; the hidden cells of a
   line count k or more, unless every cell of it that is not 0 is hidden. */
static void check_lines(const struct tdesc *d, const bool hid[8][5],
			const int64_t x[8][5], int k)
{
	struct line L[16];
	int nl = lines_of(d, L);

	for (int i = 0; i < nl; i++) {
		int nh = 0;
		int64_t sum = 0;
		bool all = true;

		for (int j = 0; j < L[i].n; j++) {
			int r = L[i].r[j], c = L[i].c[j];

			if (hid[r][c])
				nh++, sum += x[r][c];
			else if (x[r][c] != 0)
				all = false;
		}
		ck_assert_msg(nh != 1, "%s: one hidden cell in line %d, k %d",
			      d->name, i, k);
		ck_assert_msg(nh == 0 || sum >= k || all,
			      "%s: hidden cells of line %d count %lld < k %d",
			      d->name, i, (long long)sum, k);
	}
}

/* In the table with its margins as cells, every line sums to 0 when a
   margin counts negatively (and the grand total positively again). */
static int sign(const struct tdesc *d, int r, int c)
{
	bool tr = d->cols && r == d->n1, tc = c == d->n2;

	return tr != tc ? -1 : 1;
}

/*
 * dy: a change of the hidden cells that keeps every line at 0 and moves
 * cell (r, c): for a table with both margins, a cycle of hidden cells
 * through it (rows and columns as the nodes of a graph, hidden cells as
 * its edges, +1 and -1 in turn); for row totals only, another hidden cell
 * of its row. False if there is none: the cell can be worked out.
 */
static bool change(const struct tdesc *d, const bool hid[8][5], int r, int c,
		   int dy[8][5])
{
	int R = d->n1 + (d->cols ? 1 : 0), C = d->n2 + 1, N = R + C;
	int prev_r[13], prev_c[13], queue[13], head = 0, tail = 0, path = 0;
	bool seen[13] = { false };

	memset(dy, 0, sizeof(int[8][5]));
	dy[r][c] = 1;
	if (!d->cols) {
		for (int j = 0; j < C; j++)
			if (j != c && hid[r][j]) {
				dy[r][j] = -1;
				return true;
			}
		return false;
	}
	/* a path from row r to column c over the other hidden cells */
	queue[tail++] = r;
	seen[r] = true;
	while (head < tail && !seen[R + c]) {
		int v = queue[head++];

		for (int w = 0; w < N; w++) {
			int cr = v < R ? v : w, cc = v < R ? w - R : v - R;

			if (seen[w] || (v < R) == (w < R) || !hid[cr][cc] ||
			    (cr == r && cc == c))
				continue;
			seen[w] = true;
			prev_r[w] = cr, prev_c[w] = cc;
			queue[tail++] = w;
		}
	}
	if (!seen[R + c])
		return false;
	/* walk back: the edge at the column end gets -1, then +1, ... */
	for (int v = R + c; v != r; path++) {
		int cr = prev_r[v], cc = prev_c[v];

		dy[cr][cc] = path % 2 ? 1 : -1;
		v = v < R ? R + cc : cr;
	}
	ck_assert(path % 2 == 1);
	return true;
}

/* Rule c, shown by example: each hidden cell gets a second filling of the
   hidden cells, >= 0, that keeps every published cell and every line. */
static void check_free(const struct tdesc *d, const bool hid[8][5],
		       const int64_t x[8][5])
{
	struct line L[16];
	int nl = lines_of(d, L), dy[8][5];

	if (nl == 0)
		return; /* no equation ties a cell to any other */
	for (int r = 0; r < 8; r++) {
		for (int c = 0; c < 5; c++) {
			int64_t y[8][5];
			bool fine = false;

			if (!hid[r][c])
				continue;
			ck_assert_msg(change(d, hid, r, c, dy),
				      "%s: hidden cell %d/%d can be worked out",
				      d->name, r, c);
			for (int way = 1; way >= -1 && !fine; way -= 2) {
				fine = true;
				for (int i = 0; i < 8; i++)
					for (int j = 0; j < 5; j++) {
						y[i][j] = x[i][j] +
							  way * dy[i][j] *
								  sign(d, i, j);
						fine = fine && y[i][j] >= 0 &&
						       (dy[i][j] == 0 ||
							hid[i][j]);
					}
			}
			ck_assert_msg(fine, "%s: no other filling for %d/%d",
				      d->name, r, c);
			ck_assert(y[r][c] != x[r][c]);
			for (int i = 0; i < nl; i++) {
				int64_t sum = 0;
				int t = L[i].n - 1;

				for (int j = 0; j < t; j++)
					sum += y[L[i].r[j]][L[i].c[j]];
				ck_assert_msg(sum == y[L[i].r[t]][L[i].c[t]],
					      "%s: line %d broken", d->name, i);
			}
		}
	}
}

/* ---- the whole check of an export against the expected cells ---- */

static void check_export(const sspf_stats *s, const struct expect *x, int k)
{
	bool *used = calloc(s->n_cells + 1, sizeof *used);
	size_t n = 0;
	const sspf_stats_cell *med, *share;

	ck_assert_ptr_nonnull(used);
	for (int t = 0; t < NT; t++) {
		const struct tdesc *d = &tables[t];
		int rows = d->n1 + (d->cols || (d->rows && !d->n2) ? 1 : 0);
		int cols = d->n2 ? d->n2 + (d->rows ? 1 : 0) : 1;
		bool hid[8][5] = { { false } };

		for (int r = 0; r < rows; r++) {
			for (int c = 0; c < cols; c++) {
				const char *c1 = r < d->n1 ? d->c1[r] : "total";
				const char *c2 = !d->n2	     ? NULL
						 : c < d->n2 ? d->c2[c]
							     : "total";
				long i = find(s, d->name, c1, c2);
				int64_t want = x->grid[t][r][c];
				const sspf_stats_cell *e;

				ck_assert_msg(i >= 0, "no cell %s/%s/%s",
					      d->name, c1, c2 ? c2 : "");
				e = &s->cells[i];
				ck_assert(!used[i]);
				used[i] = true;
				n++;
				ck_assert_str_eq(e->dim[0], d->d1);
				if (d->d2)
					ck_assert_str_eq(e->dim[1], d->d2);
				else
					ck_assert_ptr_null(e->dim[1]);
				ck_assert_int_eq(e->kind, SSPF_CELL_COUNT);
				hid[r][c] = e->hidden;
				ck_assert_msg(d->prot || !e->hidden,
					      "%s/%s hidden", d->name, c1);
				if (e->hidden) {
					ck_assert(e->value == 0);
					continue;
				}
				ck_assert_msg(e->value == (double)want,
					      "%s/%s/%s (k %d): published "
					      "%g, expected %lld",
					      d->name, c1, c2 ? c2 : "", k,
					      e->value, (long long)want);
				ck_assert_msg(!d->prot || want == 0 ||
						      want >= k,
					      "%s/%s/%s: %lld published, k %d",
					      d->name, c1, c2 ? c2 : "",
					      (long long)want, k);
			}
		}
		if (d->prot) {
			check_lines(d, hid, x->grid[t], k);
			check_free(d, hid, x->grid[t]);
		}
	}
	med = cell(s, "days_to_network_meeting", NULL, NULL);
	share = cell(s, "actions_done_by_due", NULL, NULL);
	ck_assert_int_eq(med->kind, SSPF_CELL_MEDIAN);
	ck_assert_int_eq(share->kind, SSPF_CELL_SHARE);
	ck_assert_msg(med->hidden == (x->n_days < k), "median over %d, k %d",
		      x->n_days, k);
	if (!med->hidden)
		ck_assert_msg(fabs(med->value - median(x)) < 1e-9,
			      "median %g, expected %g", med->value, median(x));
	ck_assert_msg(share->hidden == (x->due < k), "share over %lld, k %d",
		      (long long)x->due, k);
	if (!share->hidden)
		ck_assert(fabs(share->value -
			       (double)x->in_time / (double)x->due) < 1e-9);
	ck_assert_uint_eq(n + 2, s->n_cells);
	free(used);
}

static size_t n_hidden(const sspf_stats *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n_cells; i++)
		n += s->cells[i].hidden;
	return n;
}

#define Q3 20260701, 20260930
#define NOW 20261116

/* ---- the tests ---- */

/* The checks above can fail: a hidden cell that only a bridge between
   two cycles of hidden cells holds is found out; cycles are not. */
START_TEST(test_checker_sees_a_bridge)
{
	bool hid[8][5] = { { false } };
	int dy[8][5];

	hid[0][0] = hid[0][1] = hid[1][0] = hid[1][1] = true;
	hid[2][2] = hid[2][3] = hid[3][2] = hid[3][3] = true;
	ck_assert(change(&tables[T_NEW], hid, 0, 0, dy));
	ck_assert_int_eq(dy[0][0] + dy[0][1] + dy[1][0] + dy[1][1], 0);
	hid[0][2] = true;
	ck_assert(!change(&tables[T_NEW], hid, 0, 2, dy));
	ck_assert(change(&tables[T_NEW], hid, 3, 3, dy));
	/* through the margins: a cell, its row and column totals, the
	   grand total */
	memset(hid, 0, sizeof hid);
	hid[1][2] = hid[1][4] = hid[4][2] = hid[4][4] = true;
	ck_assert(change(&tables[T_ACTIVE], hid, 1, 2, dy));
	ck_assert(change(&tables[T_ACTIVE], hid, 4, 4, dy));
	/* row totals only: a second hidden cell in the row frees it */
	memset(hid, 0, sizeof hid);
	hid[2][1] = true;
	ck_assert(!change(&tables[T_OUTCOME], hid, 2, 1, dy));
	hid[2][4] = true;
	ck_assert(change(&tables[T_OUTCOME], hid, 2, 1, dy));
}
END_TEST

START_TEST(test_every_count_known)
{
	struct expect x;
	sspf_stats *s;

	make_data(&q3, big);
	today(NOW);
	model(&q3, big, Q3, NOW, &x);
	s = make("2026Q3", 3);
	check_export(s, &x, 3);
	ck_assert_uint_eq(n_hidden(s), 0);
	ck_assert_uint_eq(s->n_primary + s->n_secondary, 0);
	/* a few cells worked out by hand, so that the model is checked too */
	ck_assert(cell(s, "cases_active", "total", "total")->value == 34);
	ck_assert(cell(s, "cases_new", "total", "total")->value == 19);
	ck_assert(cell(s, "cases_new", "0-12", "flicka")->value == 3);
	ck_assert(cell(s, "cases_active", "13-15", "flicka")->value == 6);
	ck_assert(cell(s, "consent_outcomes", "utgånget", "total")->value == 6);
	ck_assert(cell(s, "actions", "skola", "klar")->value == 6);
	ck_assert(cell(s, "meetings", "nätverksmöte", NULL)->value == 6);
	ck_assert(cell(s, "meetings", "total", NULL)->value == 9);
	ck_assert(cell(s, "days_to_network_meeting", NULL, NULL)->value == 14);
	ck_assert(fabs(cell(s, "actions_done_by_due", NULL, NULL)->value -
		       14.0 / 24) < 1e-9);
	ck_assert_str_eq(s->district, DISTRICT);
	sspf_stats_free(s);
}
END_TEST

START_TEST(test_small_cells_hidden)
{
	static const int ks[] = { 3, 5, 10 };
	struct expect x;
	size_t secondary = 0;

	make_data(&q3, small);
	today(NOW);
	model(&q3, small, Q3, NOW, &x);
	for (size_t i = 0; i < 3; i++) {
		sspf_stats *s = make("2026Q3", ks[i]);

		check_export(s, &x, ks[i]);
		ck_assert_uint_gt(s->n_primary, 0);
		ck_assert_uint_eq(n_hidden(s), s->n_primary + s->n_secondary);
		secondary += s->n_secondary;
		sspf_stats_free(s);
	}
	ck_assert_uint_gt(secondary, 0); /* the secondary rules had work */
}
END_TEST

/* Random counts of every profile; the seed is printed. */
START_TEST(test_random_counts)
{
	uint64_t seed = tu_seed("stats"), rs = seed;
	int mult[NQ3];
	struct expect x;

	for (size_t i = 0; i < NQ3; i++)
		mult[i] = (int)tu_below(&rs, 6);
	make_data(&q3, mult);
	today(NOW);
	model(&q3, mult, Q3, NOW, &x);
	for (int k = 3; k <= 10; k++) {
		sspf_stats *s = make("2026Q3", k);

		check_export(s, &x, k);
		sspf_stats_free(s);
	}
}
END_TEST

START_TEST(test_same_bytes_twice)
{
	sspf_stats *a, *b;
	size_t la, lb;

	make_data(&q3, small);
	today(NOW);
	a = make("2026Q3", 5);
	b = make("2026Q3", 5);
	ck_assert_uint_gt(n_hidden(a), 0);
	for (int f = SSPF_STATS_CSV; f <= SSPF_STATS_JSON; f++) {
		char *x = written(a, (sspf_stats_format)f, &la);
		char *y = written(b, (sspf_stats_format)f, &lb);
		char *z = written(a, (sspf_stats_format)f, &lb);

		ck_assert_uint_eq(la, lb);
		ck_assert(memcmp(x, y, la) == 0);
		ck_assert(memcmp(x, z, la) == 0);
		free(x);
		free(y);
		free(z);
	}
	sspf_stats_free(a);
	sspf_stats_free(b);
}
END_TEST

/* Whether text holds YYYY-MM-DD anywhere. */
static bool has_date(const char *t)
{
	for (; *t; t++) {
		static const char pat[] = "dddd-dd-dd";
		size_t i = 0;

		while (pat[i] && t[i] &&
		       (pat[i] == 'd' ? t[i] >= '0' && t[i] <= '9'
				      : t[i] == pat[i]))
			i++;
		if (pat[i] == '\0')
			return true;
	}
	return false;
}

START_TEST(test_no_identifier)
{
	static const char *const words[] = {
		"Statbarn", "Testsson", "Kopia",	  SCHOOL,
		CLASS,	    "Oro-text", "Vårdnadshavare", "Stöd i skolan",
		"Uppföljt", "Rum 3",	"Avslutat",
	};

	make_data(&q3, small);
	today(NOW);
	for (int k = 3; k <= 5; k += 2) {
		sspf_stats *s = make("2026Q3", k);

		for (int f = SSPF_STATS_CSV; f <= SSPF_STATS_JSON; f++) {
			size_t len;
			char *t = written(s, (sspf_stats_format)f, &len);

			ck_assert_uint_eq(strlen(t), len);
			for (int i = 0; i < n_codes; i++)
				ck_assert_msg(strstr(t, codes[i]) == NULL,
					      "code %s in the export",
					      codes[i]);
			for (size_t i = 0; i < sizeof words / sizeof *words;
			     i++)
				ck_assert_msg(strstr(t, words[i]) == NULL,
					      "%s in the export", words[i]);
			ck_assert_msg(!has_date(t), "a date in the export");
			free(t);
		}
		sspf_stats_free(s);
	}
}
END_TEST

/* The text of a published value, as sspf(1) says it is written. */
static void value_text(const sspf_stats_cell *c, char *buf, size_t size)
{
	if (c->hidden)
		snprintf(buf, size, "..");
	else if (c->kind == SSPF_CELL_COUNT)
		snprintf(buf, size, "%lld", (long long)c->value);
	else
		snprintf(buf, size,
			 c->kind == SSPF_CELL_MEDIAN ? "%.1f" : "%.3f",
			 c->value);
}

START_TEST(test_csv_read_back)
{
	static const char *const head[] = { "period",	  "district",
					    "method",	  "k",
					    "table",	  "dimension_1",
					    "category_1", "dimension_2",
					    "category_2", "value" };
	sspf_stats *s;
	csv_table *t = NULL;
	size_t len;
	char *text;

	make_data(&q3, small);
	today(NOW);
	s = make("2026Q3", 5);
	text = written(s, SSPF_STATS_CSV, &len);
	/* CRLF after every line, the last one too */
	ck_assert(len > 2 && memcmp(text + len - 2, "\r\n", 2) == 0);
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n')
			ck_assert(i > 0 && text[i - 1] == '\r');
	ck_assert_ptr_nonnull(strstr(text, ",\"Norr, \"\"Gamla\"\" stan\","));
	tu_ok(csv_parse((const unsigned char *)text, len, &t), "csv_parse");
	ck_assert_int_eq(t->sep, ',');
	ck_assert_uint_eq(t->ncols, 10);
	ck_assert_uint_eq(t->nrows, s->n_cells + 1);
	for (size_t j = 0; j < 10; j++)
		ck_assert_str_eq(t->rows[0].fields[j], head[j]);
	for (size_t i = 0; i < s->n_cells; i++) {
		const sspf_stats_cell *c = &s->cells[i];
		char **f = t->rows[i + 1].fields, want[32];

		ck_assert_str_eq(f[0], "2026Q3");
		ck_assert_str_eq(f[1], DISTRICT);
		ck_assert_str_eq(f[2], "suppression");
		ck_assert_str_eq(f[3], "5");
		ck_assert_str_eq(f[4], c->table);
		ck_assert_str_eq(f[5], c->dim[0] ? c->dim[0] : "");
		ck_assert_str_eq(f[6], c->cat[0] ? c->cat[0] : "");
		ck_assert_str_eq(f[7], c->dim[1] ? c->dim[1] : "");
		ck_assert_str_eq(f[8], c->cat[1] ? c->cat[1] : "");
		value_text(c, want, sizeof want);
		ck_assert_str_eq(f[9], want);
	}
	ck_assert_uint_gt(n_hidden(s), 0);
	csv_table_free(t);
	free(text);
	sspf_stats_free(s);
}
END_TEST

/* How often needle occurs in hay. */
static size_t occurs(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

START_TEST(test_json_structure)
{
	sspf_stats *s;
	size_t len, hidden;
	char *text;

	make_data(&q3, small);
	today(NOW);
	s = make("2026Q3", 5);
	hidden = n_hidden(s);
	ck_assert_uint_gt(hidden, 0);
	text = written(s, SSPF_STATS_JSON, &len);
	ck_assert_ptr_nonnull(strstr(text, "\"schema\": \"sspf-stats/1\""));
	ck_assert_ptr_nonnull(strstr(text, "\"period\": \"2026Q3\""));
	ck_assert_ptr_nonnull(
		strstr(text, "\"district\": \"Norr, \\\"Gamla\\\" stan\""));
	ck_assert_ptr_nonnull(strstr(text, "\"method\": \"suppression\""));
	ck_assert_ptr_nonnull(strstr(text, "\"threshold\": 5"));
	ck_assert_ptr_nonnull(strstr(text, "\"additive\": true"));
	ck_assert_uint_eq(occurs(text, "{\"table\": "), s->n_cells);
	ck_assert_uint_eq(occurs(text, "\"value\": null"), hidden);
	ck_assert_uint_eq(occurs(text, "\"hidden\": true"), hidden);
	ck_assert_uint_eq(occurs(text, "\"hidden\": false"),
			  s->n_cells - hidden);
	ck_assert_ptr_nonnull(strstr(
		text, "{\"table\": \"cases_new\", \"dimensions\": "
		      "{\"age_band\": \"13-15\", \"gender\": \"flicka\"}, "
		      "\"kind\": \"count\", \"value\": "));
	ck_assert_ptr_nonnull(
		strstr(text, "{\"table\": \"days_to_network_meeting\", "
			     "\"dimensions\": {}, \"kind\": \"median_days\""));
	ck_assert_ptr_nonnull(
		strstr(text, "{\"table\": \"actions_done_by_due\", "
			     "\"dimensions\": {}, \"kind\": \"share\""));
	free(text);
	sspf_stats_free(s);
}
END_TEST

START_TEST(test_periods)
{
	static const struct {
		const char *text;
		int first, last;
	} good[] = {
		{ "2026Q1", 20260101, 20260331 },
		{ "2026Q2", 20260401, 20260630 },
		{ "2026Q3", 20260701, 20260930 },
		{ "2026Q4", 20261001, 20261231 },
		{ "2026H1", 20260101, 20260630 },
		{ "2026H2", 20260701, 20261231 },
		{ "2026", 20260101, 20261231 },
		{ "2028Q1", 20280101, 20280331 },
		{ "2028H1", 20280101, 20280630 },
		{ "2028", 20280101, 20281231 },
	};
	static const char *const bad[] = {
		"2026Q5", "2026H3", "26Q1",  "2026-01", "",	   "2026Q1x",
		"2026Q0", "2026H0", "2026Y", "1999",	"2100",	   " 2026",
		"2026 ",  "Q32026", "2026Q", "202Q3",	"2026-Q3",
	};
	sspf_period p;
	char text[8];

	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		tu_ok(sspf_period_parse(good[i].text, &p), good[i].text);
		ck_assert_msg(p.first == D(good[i].first) &&
				      p.last == D(good[i].last),
			      "%s", good[i].text);
		sspf_period_text(&p, text);
		ck_assert_str_eq(text, good[i].text);
	}
	ck_assert_int_eq(D(20280331) - D(20280101), 90); /* 29 February */
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(sspf_period_parse(bad[i], &p) == SSPF_ERR_INVALID,
			      "'%s' taken as a period", bad[i]);
	ck_assert_int_eq(sspf_period_parse(NULL, &p), SSPF_ERR_INVALID);
}
END_TEST

START_TEST(test_threshold_at_least_3)
{
	static const int bad[] = { 2, 1, 0, -1, -5 };
	sspf_period p;
	sspf_stats *s;

	make_data(&q3, small);
	today(NOW);
	tu_ok(sspf_period_parse("2026Q3", &p), "period");
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		s = (sspf_stats *)&p; /* anything but NULL */
		ck_assert_int_eq(sspf_stats_make(core, &p, SSPF_STATS_SUPPRESS,
						 bad[i], &s),
				 SSPF_ERR_INVALID);
		ck_assert_ptr_null(s);
	}
	s = make("2026Q3", SSPF_STATS_K_MIN);
	sspf_stats_free(s);
}
END_TEST

START_TEST(test_audit_one_export)
{
	int64_t all, exports;
	sspf_period p;
	sspf_stats *s = NULL;

	make_data(&q3, small);
	today(NOW);
	all = tu_int(st, "SELECT COUNT(*) FROM audit_log");
	exports = tu_audit_n(st, "export", "");
	sspf_stats_free(make("2026Q3", 5));
	ck_assert_int_eq(tu_audit_n(st, "export", ""), exports + 1);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM audit_log"), all + 1);
	sspf_stats_free(make("2026H2", 3));
	ck_assert_int_eq(tu_audit_n(st, "export", ""), exports + 2);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM audit_log"), all + 2);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM audit_log WHERE "
				    "action = 'export' AND case_code != ''"),
			 0);
	/* refused before anything is read: nothing to log */
	tu_ok(sspf_period_parse("2026Q3", &p), "period");
	ck_assert_int_eq(sspf_stats_make(core, &p, SSPF_STATS_SUPPRESS, 2, &s),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(tu_audit_n(st, "export", ""), exports + 2);
}
END_TEST

/* ---- a period not yet over: 2026Q4 exported on 2026-11-16 ---- */

static const struct pcase q4_cases[] = {
	{ 20120120, GIRL, TRU, 20261001, 0 },
	{ 20120120, BOY, CRI, 20261001, 0 },
};
#define NQ4 N(q4_cases)
static const struct pcon q4_consents[] = {
	{ 0, 20261001, 20270930, 0 },
	{ 1, 20261001, 20261215, 0 }, /* its last day still to come */
};
static const struct pno q4_nos[] = { { -1, 0 } }; /* none */
static const struct pact q4_actions[] = {
	{ 0, SK, 20261005, 20261215 },
};
static const struct pstep q4_steps[] = {
	/* followed up as going on, then cancelled without a follow-up */
	{ 0, 20261020, FOLLOW, ST_ON },
	{ 0, 20261110, SET, ST_CANC },
};
static const struct pagenda q4_agenda[] = {
	{ 0, NET, 20261011 }, /* held */
	{ 1, NET, 20261201 }, /* planned */
};
static const struct data q4 = DATA(q4);
static const int three[NQ4] = { 3, 3 };
#define Q4 20261001, 20261231

START_TEST(test_current_status_today)
{
	sspf_stats *s;

	make_data(&q4, three);
	today(NOW);
	s = make("2026Q4", 3);
	/* sspf(1): "for a period not yet over, the status today" */
	ck_assert_msg(cell(s, "actions", "skola", "avbruten")->value == 3 &&
			      cell(s, "actions", "skola", "pågår")->value == 0,
		      "an action cancelled today after a follow-up 'pågår' "
		      "counts as %g avbruten, %g pågår",
		      cell(s, "actions", "skola", "avbruten")->value,
		      cell(s, "actions", "skola", "pågår")->value);
	sspf_stats_free(s);
}
END_TEST

START_TEST(test_current_not_yet_expired)
{
	sspf_stats *s;

	make_data(&q4, three);
	today(NOW);
	s = make("2026Q4", 3);
	/* valid until 2026-12-15: its last day has not fallen yet */
	ck_assert_msg(cell(s, "consent_outcomes", "utgånget", "total")->value ==
			      0,
		      "%g consents valid today counted as expired",
		      cell(s, "consent_outcomes", "utgånget", "total")->value);
	sspf_stats_free(s);
}
END_TEST

START_TEST(test_current_median_held)
{
	sspf_stats *s;
	const sspf_stats_cell *m;

	make_data(&q4, three);
	today(NOW);
	s = make("2026Q4", 3);
	/* three cases have had one on day 10; three have one planned */
	m = cell(s, "days_to_network_meeting", NULL, NULL);
	ck_assert_msg(!m->hidden && m->value == 10,
		      "median %g (hidden %d) with planned meetings", m->value,
		      m->hidden);
	sspf_stats_free(s);
}
END_TEST

START_TEST(test_current_meetings_held)
{
	sspf_stats *s;

	make_data(&q4, three);
	today(NOW);
	s = make("2026Q4", 3);
	/* held: the arbetsgruppsmöte of 10-01 and the nätverksmöte of
	   10-11; the one of 12-01 is only planned */
	ck_assert_msg(cell(s, "meetings", "nätverksmöte", NULL)->value == 1,
		      "%g network meetings held",
		      cell(s, "meetings", "nätverksmöte", NULL)->value);
	sspf_stats_free(s);
}
END_TEST

/* The whole period not yet over against the model. */
START_TEST(test_current_period)
{
	struct expect x;
	sspf_stats *s;

	make_data(&q4, three);
	today(NOW);
	model(&q4, three, Q4, NOW, &x);
	s = make("2026Q4", 3);
	check_export(s, &x, 3);
	sspf_stats_free(s);
}
END_TEST

/* ---- the cell key method: each cell's key from its cases' keys ---- */

/*
 * sspf(1): "a cell's key is the sum of its records' keys (modulo 1)", so
 * cells of different cases get independent noise. 16 cells of 7 cases
 * each all published alike happens by chance with p < 1e-6 (the noise
 * of a 7 takes 5 values, the likeliest with p 6/16); it is what cells
 * whose keys are all 0 get.
 */
START_TEST(test_ckm_cells_keyed_by_cases)
{
	static const int births[4] = { 20150310, 20120120, 20090601, 20070214 };
	static const sspf_gender g4[4] = { SSPF_GENDER_GIRL, SSPF_GENDER_BOY,
					   SSPF_GENDER_OTHER,
					   SSPF_GENDER_UNSTATED };
	sspf_period p;
	sspf_stats *s = NULL;
	double first = -1;
	bool differ = false;

	today(20260810);
	for (int a = 0; a < 4; a++) {
		for (int g = 0; g < 4; g++) {
			for (int i = 0; i < 7; i++) {
				sspf_case_new c = { 0 };
				char code[SSPF_CODE_SIZE];

				c.child_name = "Nyckel Testsson";
				c.birth = D(births[a]);
				c.gender = g4[g];
				ok(sspf_case_create(core, &c, code), "case", 0);
			}
		}
	}
	today(NOW);
	tu_ok(sspf_period_parse("2026Q3", &p), "period");
	tu_ok(sspf_stats_make(core, &p, SSPF_STATS_CKM, 5, &s), "make");
	for (int a = 0; a < 4; a++) {
		for (int g = 0; g < 4; g++) {
			double v = cell(s, "cases_new", ages[a], genders[g])
					   ->value;

			ck_assert(v >= 5 && v <= 9);
			differ = differ || (first >= 0 && v != first);
			first = v;
		}
	}
	ck_assert_msg(differ,
		      "16 cells of 7 cases all published as %g: "
		      "the cells' keys do not come from the cases",
		      first);
	sspf_stats_free(s);
}
END_TEST

static Suite *stats_suite(void)
{
	const struct tu_test tests[] = {
		{ "checker_sees_a_bridge", test_checker_sees_a_bridge, 0 },
		{ "every_count_known", test_every_count_known, 0 },
		{ "small_cells_hidden", test_small_cells_hidden, 0 },
		{ "random_counts", test_random_counts, 3 },
		{ "same_bytes_twice", test_same_bytes_twice, 0 },
		{ "no_identifier", test_no_identifier, 0 },
		{ "csv_read_back", test_csv_read_back, 0 },
		{ "json_structure", test_json_structure, 0 },
		{ "periods", test_periods, 0 },
		{ "threshold_at_least_3", test_threshold_at_least_3, 0 },
		{ "audit_one_export", test_audit_one_export, 0 },
		{ "current_status_today", test_current_status_today, 0 },
		{ "current_not_yet_expired", test_current_not_yet_expired, 0 },
		{ "current_median_held", test_current_median_held, 0 },
		{ "current_meetings_held", test_current_meetings_held, 0 },
		{ "current_period", test_current_period, 0 },
		{ "ckm_cells_keyed_by_cases", test_ckm_cells_keyed_by_cases,
		  0 },
	};
	Suite *s = suite_create("stats");

	tables_init();
	tu_add_tests(s, tests, sizeof tests / sizeof tests[0], setup, teardown);
	return s;
}

int main(void)
{
	tu_tz_stockholm();
	return run_all(stats_suite());
}
