/*
 * bench_gen.c - the ten-year dataset of a large district, made through the
 * public API of libsspf with a clock moved one day at a time, so that every
 * consent rule holds and every change is in the audit log, as if a
 * coordinator had typed it in the screens for ten years.
 *
 * At scale 1: 5,000 cases opened evenly over ten years (85 % get a consent,
 * renewed before it runs out while the case is open; 7 % decline; the rest
 * never answer), a network meeting for each consenting case and follow-up
 * meetings every three to six months, a weekly arbetsgruppsmöte with about
 * 40 cases on its agenda; each meeting decides actions and follows up the
 * open ones. Meetings are planned 14 days ahead, so that the last day has
 * upcoming meetings too.
 *
 * Each simulated day is one transaction (BEGIN on the store's connection;
 * each API call inside it is a savepoint of its own, with the same checks,
 * gate and audit entries as alone). One commit per change, as the screens
 * do it, would spend the ten years in fsync; bench_screens.c measures that
 * single change on the finished file instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sspf/cases.h>
#include <sspf/meetings.h>
#include <sspf/settings.h>

#include "bench_gen.h"
#include "store/store_internal.h"

/* Everything that happens to case c on day today. */
static int case_day(gen *g, gcase *c, sspf_date today)
{
	if (c->closed)
		return 0;
	if (c->close != 0 && today >= c->close) {
		/* the plan ends with the case: what is still open is cut */
		for (size_t i = 0; i < c->n_acts; i++)
			TRY(sspf_action_set_status(g->core, c->acts[i],
						   SSPF_ACTION_CANCELLED,
						   NULL));
		TRY(sspf_case_close(g->core, c->code, today, "Avslutat"));
		c->closed = true;
		free(c->acts);
		c->acts = NULL;
		c->n_acts = c->cap = 0;
		return 0;
	}
	if (c->fate == F_DECLINE && today == c->consent_day)
		TRY(sspf_consent_decline(g->core, c->code, today));
	if (c->fate != F_CONSENT)
		return 0;
	if (today == c->consent_day ||
	    (c->valid_until != 0 && today == c->valid_until - 10))
		if (register_consent(g, c, today) != 0)
			return 1;
	if (c->meet_day != 0 && today == c->meet_day - AHEAD &&
	    plan_case_meeting(g, c) != 0)
		return 1;
	if (c->meet_day != 0 && today == c->meet_day) {
		if (hold_case_meeting(g, c, today) != 0)
			return 1;
		c->meet_day = today + between(g, 100, 180);
		if (c->close != 0 && c->meet_day >= c->close)
			c->meet_day = 0;
	}
	return 0;
}

static int one_day(gen *g, sspf_date today)
{
	long span = g->d->last_day - g->d->first_day - 30;

	/* the cases opened today: evenly over the ten years */
	while (g->next_open < g->n &&
	       g->d->first_day + g->next_open * span / g->n <= today)
		if (open_case(g, &g->c[g->next_open++], today) != 0)
			return 1;
	while (g->first_live < g->next_open && g->c[g->first_live].closed)
		g->first_live++;
	for (long i = g->first_live; i < g->next_open; i++)
		if (case_day(g, &g->c[i], today) != 0)
			return 1;
	return group_day(g, today);
}

/* The life of each case, decided before the first day. */
static void plan_cases(gen *g)
{
	long span = g->d->last_day - g->d->first_day - 30;

	for (long i = 0; i < g->n; i++) {
		gcase *c = &g->c[i];
		sspf_date open = g->d->first_day + (sspf_date)(i * span / g->n);
		int r = between(g, 0, 99);

		c->open = open;
		c->birth = open - between(g, 10 * 365 + 3, 15 * 365);
		c->n_guardians = between(g, 0, 4) == 0 ? 1 : 2;
		c->fate = r < 85 ? F_CONSENT : r < 92 ? F_DECLINE : F_NONE;
		c->consent_day = open + between(g, 5, 30);
		c->close = open + (c->fate == F_CONSENT ? between(g, 150, 500)
							: between(g, 60, 180));
		if (c->close > g->d->last_day)
			c->close = 0;
		if (c->fate == F_CONSENT)
			c->meet_day = c->consent_day + AHEAD + between(g, 0, 7);
	}
}

static int set_settings(sspf_store *st)
{
	static const char *const kv[][2] = {
		{ "municipality", "Benchkommun" },
		{ "district", "Benchdistrikt" },
		/* ten years kept: nothing of the dataset is due for purging */
		{ "retention.case_months", "120" },
		{ "retention.log_years", "10" },
	};

	for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++) {
		sspf_err e = sspf_setting_set(st, kv[i][0], kv[i][1]);

		if (e != SSPF_OK)
			return bench_fail(kv[i][0], (int)e);
	}
	return 0;
}

int bench_generate(bench_data *d, double scale, bench_clock *clk)
{
	const sspf_kdf floor = { SSPF_KDF_OPS_FLOOR, SSPF_KDF_MEM_FLOOR };
	gen g = { .d = d, .rng = 20160104 };
	sspf_store *st = NULL;
	sspf_err e;
	double t0 = bench_now(), busy = 0;
	int rc = 1;

	g.n = (long)(5000 * scale + 0.5);
	if (g.n < 20)
		g.n = 20;
	g.group_every = (int)(7 / (scale < 1 ? scale : 1) + 0.5);
	if ((g.c = calloc((size_t)g.n, sizeof *g.c)) == NULL)
		return bench_fail("generating", SSPF_ERR_NOMEM);
	plan_cases(&g);
	bench_clock_set(clk, d->first_day);
	e = sspf_store_create(d->path, d->passphrase, strlen(d->passphrase),
			      &floor, d->recovery, &st);
	if (e != SSPF_OK || (e = sspf_core_open(st, &clk->clock, "bench",
						&g.core)) != SSPF_OK) {
		bench_fail("creating the database", (int)e);
		goto out;
	}
	if (set_settings(st) != 0)
		goto out;
	for (sspf_date day = d->first_day; day <= d->last_day; day++) {
		sqlite3 *db = sspf_store_db(st);
		double t = bench_now();

		bench_clock_set(clk, day);
		if (sqlite3_exec(db, "BEGIN IMMEDIATE", 0, 0, 0) != SQLITE_OK ||
		    one_day(&g, day) != 0 ||
		    sqlite3_exec(db, "COMMIT", 0, 0, 0) != SQLITE_OK) {
			fprintf(stderr, "sspf-bench: day %ld failed: %s\n",
				(long)(day - d->first_day), sqlite3_errmsg(db));
			goto out;
		}
		busy += bench_now() - t;
		d->n_days++;
		if ((day - d->first_day) % 365 == 364)
			fprintf(stderr, "sspf-bench: year %ld generated\n",
				(long)(day - d->first_day + 1) / 365);
	}
	/* the open case with the longest plan, for "one case" */
	for (long i = 0, most = 0; i < g.n; i++)
		if (!g.c[i].closed && g.c[i].opened &&
		    g.c[i].total_acts > most) {
			most = g.c[i].total_acts;
			snprintf(d->busy_case, sizeof d->busy_case, "%s",
				 g.c[i].code);
		}
	d->change_seconds = busy;
	d->gen_seconds = bench_now() - t0;
	rc = 0;
out:
	for (long i = 0; i < g.n; i++)
		free(g.c[i].acts);
	free(g.c);
	sspf_core_close(g.core);
	sspf_store_close(st);
	return rc;
}
