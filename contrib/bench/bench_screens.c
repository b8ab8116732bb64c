/*
 * bench_screens.c - opening the ten-year file, and the data each screen of
 * the TUI loads: the same library calls, in the same order, that
 * src/tui/scr_*.c make when the screen is entered (the drawing is not
 * timed; ncurses is not part of the library). The callbacks copy what the
 * screens copy, so that the strings are really read.
 *
 * Also the steady memory of the screens (bench_memory_probe): a fresh
 * process that opens the file and loads every screen, then reports its
 * resident size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <sspf/cases.h>
#include <sspf/meetings.h>
#include <sspf/purge.h>
#include <sspf/settings.h>

#include "bench.h"

int bench_open(const bench_data *d, const sspf_clock *clk, sspf_store **st,
	       sspf_core **core)
{
	sspf_err e;

	*core = NULL;
	e = sspf_store_open(d->path, SSPF_UNLOCK_RECOVERY, d->recovery,
			    strlen(d->recovery), 0, st);
	if (e == SSPF_OK)
		e = sspf_core_open(*st, clk, "bench", core);
	if (e != SSPF_OK) {
		sspf_store_close(*st);
		*st = NULL;
		return bench_fail("opening the ten-year file", (int)e);
	}
	return 0;
}

/* What the TUI does to open a file (unlock.c, app.c), with secret. */
static sspf_err tui_open(const char *path, sspf_unlock how, const char *secret,
			 const sspf_clock *clk, sspf_store **st,
			 sspf_core **core)
{
	char *district = NULL;
	long idle;
	sspf_err e = sspf_store_probe(path);

	if (e == SSPF_OK)
		e = sspf_store_open(path, how, secret, strlen(secret), 0, st);
	if (e == SSPF_OK)
		e = sspf_core_open(*st, clk, "bench", core);
	if (e == SSPF_OK)
		e = sspf_setting_get_int(*st, "lock.idle_minutes", &idle);
	if (e == SSPF_OK)
		e = sspf_setting_get(*st, "district", &district);
	if (e == SSPF_OK)
		(void)sspf_store_is_demo(*st);
	free(district);
	return e;
}

int bench_measure_open(bench_data *d, int runs)
{
	double kdf[16], pass[16], diff[16], rec[32];
	int nk = runs < 5 ? runs : 5, nr = runs * 2 < 32 ? runs * 2 : 32;
	uint8_t salt[crypto_pwhash_SALTBYTES] = { 0 }, key[32];
	bench_stat sk, sp;

	bench_section("opening (key derivation at its floor: Argon2id, "
		      "64 MiB, 3 passes)");
	/* interleaved, so that the machine's drift hits both alike */
	for (int i = 0; i < nk; i++) {
		sspf_store *st = NULL;
		sspf_core *core = NULL;
		double t = bench_now();
		sspf_err e;

		if (crypto_pwhash(key, sizeof key, d->passphrase,
				  strlen(d->passphrase), salt,
				  SSPF_KDF_OPS_FLOOR, SSPF_KDF_MEM_FLOOR,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
			return bench_fail("the key derivation", SSPF_ERR_NOMEM);
		kdf[i] = bench_now() - t;
		t = bench_now();
		e = tui_open(d->path, SSPF_UNLOCK_PASSPHRASE, d->passphrase,
			     NULL, &st, &core);
		pass[i] = bench_now() - t;
		sspf_core_close(core);
		sspf_store_close(st);
		if (e != SSPF_OK)
			return bench_fail("opening with the passphrase",
					  (int)e);
		diff[i] = pass[i] - kdf[i];
	}
	for (int i = 0; i < nr; i++) {
		sspf_store *st = NULL;
		sspf_core *core = NULL;
		double t = bench_now();
		sspf_err e = tui_open(d->path, SSPF_UNLOCK_RECOVERY,
				      d->recovery, NULL, &st, &core);

		rec[i] = bench_now() - t;
		sspf_core_close(core);
		sspf_store_close(st);
		if (e != SSPF_OK)
			return bench_fail("opening with the recovery key",
					  (int)e);
	}
	sk = bench_summary(kdf, nk);
	bench_row("key derivation alone (the floor)", sk, "ms", 0, NULL);
	sp = bench_summary(pass, nk);
	bench_row("open with the passphrase (KDF + store)", sp, "ms", 0, NULL);
	bench_row("  beyond the key derivation (noise: may be < 0)",
		  bench_summary(diff, nk), "ms", 100, "<= 100 ms");
	bench_row("open without key derivation (recovery key)",
		  bench_summary(rec, nr), "ms", 100, "<= 100 ms");
	return 0;
}

/* ---- the screens' callbacks: copy what the screen keeps ---- */

typedef struct sink {
	long lines;
	size_t bytes;
	char keep[256];
} sink;

static void sink_text(sink *s, const char *t)
{
	if (t != NULL) {
		size_t n = strlen(t);

		s->bytes += n;
		snprintf(s->keep, sizeof s->keep, "%s", t);
	}
}

static int on_meeting(void *a, const sspf_meeting *m)
{
	sink *s = a;

	s->lines++;
	sink_text(s, m->place);
	return 0;
}

static int on_action(void *a, const sspf_open_action *x)
{
	sink *s = a;

	s->lines++;
	sink_text(s, x->what);
	sink_text(s, x->person);
	return 0;
}

static int on_case(void *a, const sspf_case_line *l)
{
	sink *s = a;

	s->lines++;
	sink_text(s, l->child_name);
	return 0;
}

static int on_item(void *a, const sspf_agenda_line *l)
{
	sink *s = a;

	s->lines++;
	sink_text(s, l->minutes);
	sink_text(s, l->topic);
	return 0;
}

static int on_part(void *a, const sspf_participant_line *l)
{
	sink *s = a;

	s->lines++;
	sink_text(s, l->name);
	return 0;
}

static int on_history(void *a, const sspf_history_line *l)
{
	sink *s = a;

	s->lines++;
	sink_text(s, l->minutes);
	return 0;
}

/* ---- one function per screen: the calls its load() makes ---- */

typedef struct screen_ctx {
	sspf_core *core;
	const bench_data *d;
	sink s;
} screen_ctx;

/* As src/tui/scr_overview.c: the first 100 overdue actions and the
   count of all of them. */
static sspf_err scr_overview(screen_ctx *x)
{
	sspf_action_filter f = { .overdue_only = true, .limit = 100 };
	sspf_date today = sspf_core_today(x->core);
	sspf_purge_report rep;
	size_t overdue;
	sspf_err e = sspf_meeting_list(x->core, today, 0, 0, on_meeting, &x->s);

	if (e == SSPF_OK)
		e = sspf_actions_open(x->core, &f, on_action, &x->s);
	f.limit = 0;
	if (e == SSPF_OK)
		e = sspf_actions_count(x->core, &f, &overdue);
	if (e == SSPF_OK)
		e = sspf_case_list(x->core, on_case, &x->s);
	memset(&rep, 0, sizeof rep);
	if (e == SSPF_OK)
		e = sspf_purge(x->core, true, &rep);
	sspf_purge_report_free(&rep);
	return e;
}

static sspf_err scr_meetings_upcoming(screen_ctx *x)
{
	return sspf_meeting_list(x->core, sspf_core_today(x->core), 0, 0,
				 on_meeting, &x->s);
}

static int found_one(void *arg, const sspf_meeting *m)
{
	(void)m;
	*(bool *)arg = true;
	return 1;
}

/* As src/tui/scr_meetings.c: the last year, and whether there are older
   ones (loaded a year at a time as the list is scrolled). */
static sspf_err scr_meetings_past(screen_ctx *x)
{
	sspf_date today = sspf_core_today(x->core);
	bool older = false;
	sspf_err e = sspf_meeting_list(x->core, today - 365, today - 1, 0,
				       on_meeting, &x->s);

	if (e == SSPF_OK)
		e = sspf_meeting_list(x->core, 0, today - 366, 0, found_one,
				      &older);
	return e;
}

/* All ten years at once, as the screen did before it loaded by year. */
static sspf_err scr_meetings_all_past(screen_ctx *x)
{
	return sspf_meeting_list(x->core, 0, sspf_core_today(x->core) - 1, 0,
				 on_meeting, &x->s);
}

static sspf_err one_meeting(screen_ctx *x, sspf_id id)
{
	sspf_meeting m;
	sspf_err e = sspf_meeting_get(x->core, id, &m);

	if (e == SSPF_OK)
		e = sspf_participants_get(x->core, id, on_part, &x->s);
	if (e == SSPF_OK)
		e = sspf_agenda_get(x->core, id, on_item, &x->s);
	sspf_meeting_clear(&m);
	return e;
}

static sspf_err scr_group_meeting(screen_ctx *x)
{
	return one_meeting(x, x->d->big_group_meeting);
}

static sspf_err scr_network_meeting(screen_ctx *x)
{
	return one_meeting(x, x->d->network_meeting);
}

/* Running a meeting (scr_run.c): the item's case with its plan, actions
   and their follow-ups, in the meeting's context. */
static sspf_err scr_run_item(screen_ctx *x)
{
	sspf_context ctx = { SSPF_CTX_NETWORK_MEETING,
			     SSPF_ACTOR_SKOLA | SSPF_ACTOR_SOCIALTJANST |
				     SSPF_ACTOR_POLIS | SSPF_ACTOR_FRITID };
	sspf_plan *p = NULL;
	sspf_meeting m;
	sspf_err e = sspf_meeting_get(x->core, x->d->network_meeting, &m);

	if (e == SSPF_OK)
		e = sspf_agenda_get(x->core, x->d->network_meeting, on_item,
				    &x->s);
	if (e == SSPF_OK)
		e = sspf_case_plan(x->core, x->d->busy_case, &ctx, &p, NULL);
	if (p != NULL)
		x->s.lines += (long)p->n_actions;
	sspf_plan_free(p);
	sspf_meeting_clear(&m);
	return e;
}

static sspf_err scr_cases(screen_ctx *x)
{
	return sspf_case_list(x->core, on_case, &x->s);
}

static sspf_err scr_case_search(screen_ctx *x)
{
	return sspf_case_search(x->core, "påhitt", on_case, &x->s);
}

static sspf_err scr_one_case(screen_ctx *x)
{
	const char *code = x->d->busy_case;
	sspf_case *c = NULL;
	sspf_consent_info *ci = NULL;
	sspf_consent_record *rec = NULL;
	sspf_plan *p = NULL;
	sspf_err e = sspf_case_get(x->core, code, NULL, &c, NULL);

	if (e == SSPF_OK)
		e = sspf_case_consent_info(x->core, code, &ci);
	if (e == SSPF_OK)
		e = sspf_consent_current(x->core, code, &rec);
	if (e == SSPF_OK)
		e = sspf_case_plan(x->core, code, NULL, &p, NULL);
	if (e == SSPF_OK)
		e = sspf_case_history(x->core, code, on_history, &x->s, NULL);
	sspf_plan_free(p);
	sspf_consent_record_free(rec);
	sspf_consent_info_free(ci);
	sspf_case_free(c);
	return e;
}

static sspf_err scr_actions(screen_ctx *x)
{
	sspf_action_filter f = { 0 };

	return sspf_actions_open(x->core, &f, on_action, &x->s);
}

static const struct {
	const char *name;
	sspf_err (*load)(screen_ctx *x);
	bool target; /* held to the screens' target (else information) */
} screens[] = {
	{ "1 overview (+ retention dry run)", scr_overview, true },
	{ "2 meetings, upcoming", scr_meetings_upcoming, true },
	{ "2 meetings, past (the last year)", scr_meetings_past, true },
	{ "  (all ten years at once: not a screen)", scr_meetings_all_past,
	  false },
	{ "2 one arbetsgruppsmöte (~40 items)", scr_group_meeting, true },
	{ "2 one nätverksmöte", scr_network_meeting, true },
	{ "2 running it: the case's plan + follow-ups", scr_run_item, true },
	{ "3 case list", scr_cases, true },
	{ "3 case search (a name, all cases)", scr_case_search, true },
	{ "3 one case (plan, history)", scr_one_case, true },
	{ "5 open actions", scr_actions, true },
};
#define N_SCREENS (sizeof screens / sizeof screens[0])

/*
 * The overview as the first screen after unlocking: a new core each run,
 * so the facts of every case are read (later screens reuse them while
 * nothing changes, core_watch.c).
 */
static int overview_cold(bench_data *d, bench_clock *clk, int runs)
{
	double v[64];
	int n = runs < 64 ? runs : 64;

	for (int r = 0; r < n; r++) {
		sspf_store *st;
		screen_ctx x = { .d = d };
		double t;
		sspf_err e;

		if (bench_open(d, &clk->clock, &st, &x.core) != 0)
			return 1;
		t = bench_now();
		e = scr_overview(&x);
		v[r] = bench_now() - t;
		sspf_core_close(x.core);
		sspf_store_close(st);
		if (e != SSPF_OK)
			return bench_fail("the overview after unlocking",
					  (int)e);
	}
	bench_row("1 overview, first after unlocking", bench_summary(v, n),
		  "ms", 0, "(the gate's facts read)");
	return 0;
}

int bench_measure_screens(bench_data *d, bench_clock *clk, int runs,
			  const char *title, bool judge)
{
	sspf_store *st;
	screen_ctx x = { .d = d };
	double v[64];

	bench_clock_set(clk, d->today);
	if (bench_open(d, &clk->clock, &st, &x.core) != 0)
		return 1;
	bench_section(title);
	for (size_t i = 0; i < N_SCREENS; i++) {
		int n = runs * 2 < 64 ? runs * 2 : 64;
		char name[96];

		double spent = 0;
		int r;

		/* a slow screen gets 3 runs, not the whole count */
		for (r = 0; r < n && (r < 3 || spent < 5); r++) {
			double t;
			sspf_err e;

			memset(&x.s, 0, sizeof x.s);
			t = bench_now();
			e = screens[i].load(&x);
			v[r] = bench_now() - t;
			spent += v[r];
			if (e != SSPF_OK) {
				sspf_core_close(x.core);
				sspf_store_close(st);
				return bench_fail(screens[i].name, (int)e);
			}
		}
		snprintf(name, sizeof name, "%s: %ld lines", screens[i].name,
			 x.s.lines);
		bench_row(name, bench_summary(v, r), "ms",
			  judge && screens[i].target ? 10 : 0,
			  judge && screens[i].target ? "<= 10 ms"
						     : "(for comparison)");
	}
	sspf_core_close(x.core);
	sspf_store_close(st);
	return judge ? overview_cold(d, clk, runs) : 0;
}

int bench_memory_probe(const char *path, const char *recovery, const char *pass,
		       sspf_date today)
{
	bench_clock clk;
	bench_data d;
	screen_ctx x = { .d = &d };
	sspf_store *st = NULL;
	sspf_err e;
	char line[256];
	long rss = -1, hwm = -1;
	FILE *f;

	memset(&d, 0, sizeof d);
	bench_clock_init(&clk);
	bench_clock_set(&clk, today);
	e = tui_open(path,
		     recovery ? SSPF_UNLOCK_RECOVERY : SSPF_UNLOCK_PASSPHRASE,
		     recovery ? recovery : pass, &clk.clock, &st, &x.core);
	if (e != SSPF_OK)
		return bench_fail("memory probe", (int)e);
	/* the ids the measured screens use come from the parent */
	if (scanf("%lld %15s %lld", (long long *)&d.big_group_meeting,
		  d.busy_case, (long long *)&d.network_meeting) != 3)
		return 2;
	for (int round = 0; round < 3; round++)
		for (size_t i = 0; i < N_SCREENS; i++)
			if ((e = screens[i].load(&x)) != SSPF_OK)
				return bench_fail(screens[i].name, (int)e);
	if ((f = fopen("/proc/self/status", "r")) != NULL) {
		while (fgets(line, sizeof line, f) != NULL) {
			sscanf(line, "VmRSS: %ld", &rss);
			sscanf(line, "VmHWM: %ld", &hwm);
		}
		fclose(f);
	}
	printf("rss %ld %ld\n", rss, hwm);
	sspf_core_close(x.core);
	sspf_store_close(st);
	return 0;
}
