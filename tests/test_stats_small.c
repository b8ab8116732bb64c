/*
 * test_stats_small.c - how the statistics export protects small counts
 * (sspf(1) STATISTICS), on the generated data of stats_data.c: with small
 * cells at thresholds 3, 5 and 10, and random counts of every profile at
 * every k from 3 to 10, each export is checked against the expected cells
 * (stats_model.c) and, on its own, against what a reader could work out
 * (stats_check.c): no published count of persons is 1 to k-1, and no
 * hidden cell can be worked out (each gets a second non-negative filling
 * that keeps every published cell and total); that check is shown able
 * to fail. A threshold below 3 is refused. A period not yet over (2026Q4
 * on 2026-11-16) counts the status of actions today, no consent as
 * expired before its last day has gone by, and no meeting only planned.
 */
#include "testutil.h"

#include <string.h>

#include <sspf/stats.h>

#include "stats_check.h"
#include "stats_data.h"
#include "stats_model.h"

/* ---- small cells and thresholds ---- */

/* The checks of stats_check.c can fail: a hidden cell that only a bridge between
   two cycles of hidden cells holds is found out; cycles are not. */
START_TEST(test_checker_sees_a_bridge)
{
	bool hid[8][5] = { { false } };
	int dy[8][5];

	hid[0][0] = hid[0][1] = hid[1][0] = hid[1][1] = true;
	hid[2][2] = hid[2][3] = hid[3][2] = hid[3][3] = true;
	ck_assert(sd_change(&sd_tables[T_NEW], hid, 0, 0, dy));
	ck_assert_int_eq(dy[0][0] + dy[0][1] + dy[1][0] + dy[1][1], 0);
	hid[0][2] = true;
	ck_assert(!sd_change(&sd_tables[T_NEW], hid, 0, 2, dy));
	ck_assert(sd_change(&sd_tables[T_NEW], hid, 3, 3, dy));
	/* through the margins: a cell, its row and column totals, the
	   grand total */
	memset(hid, 0, sizeof hid);
	hid[1][2] = hid[1][4] = hid[4][2] = hid[4][4] = true;
	ck_assert(sd_change(&sd_tables[T_ACTIVE], hid, 1, 2, dy));
	ck_assert(sd_change(&sd_tables[T_ACTIVE], hid, 4, 4, dy));
	/* row totals only: a second hidden cell in the row frees it */
	memset(hid, 0, sizeof hid);
	hid[2][1] = true;
	ck_assert(!sd_change(&sd_tables[T_OUTCOME], hid, 2, 1, dy));
	hid[2][4] = true;
	ck_assert(sd_change(&sd_tables[T_OUTCOME], hid, 2, 1, dy));
}
END_TEST

START_TEST(test_small_cells_hidden)
{
	static const int ks[] = { 3, 5, 10 };
	struct expect x;
	size_t secondary = 0;

	sd_make_data(&sd_q3, sd_small);
	sd_today(NOW);
	sd_model(&sd_q3, sd_small, Q3, NOW, &x);
	for (size_t i = 0; i < 3; i++) {
		sspf_stats *s = sd_make("2026Q3", ks[i]);

		sd_check_export(s, &x, ks[i]);
		ck_assert_uint_gt(s->n_primary, 0);
		ck_assert_uint_eq(sd_n_hidden(s),
				  s->n_primary + s->n_secondary);
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
	sd_make_data(&sd_q3, mult);
	sd_today(NOW);
	sd_model(&sd_q3, mult, Q3, NOW, &x);
	for (int k = 3; k <= 10; k++) {
		sspf_stats *s = sd_make("2026Q3", k);

		sd_check_export(s, &x, k);
		sspf_stats_free(s);
	}
}
END_TEST

START_TEST(test_threshold_at_least_3)
{
	static const int bad[] = { 2, 1, 0, -1, -5 };
	sspf_period p;
	sspf_stats *s;

	sd_make_data(&sd_q3, sd_small);
	sd_today(NOW);
	tu_ok(sspf_period_parse("2026Q3", &p), "period");
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		s = (sspf_stats *)&p; /* anything but NULL */
		ck_assert_int_eq(sspf_stats_make(sd_core, &p,
						 SSPF_STATS_SUPPRESS, bad[i],
						 &s),
				 SSPF_ERR_INVALID);
		ck_assert_ptr_null(s);
	}
	s = sd_make("2026Q3", SSPF_STATS_K_MIN);
	sspf_stats_free(s);
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

	sd_make_data(&q4, three);
	sd_today(NOW);
	s = sd_make("2026Q4", 3);
	/* sspf(1): "for a period not yet over, the status today" */
	ck_assert_msg(sd_cell(s, "actions", "skola", "avbruten")->value == 3 &&
			      sd_cell(s, "actions", "skola", "pågår")->value ==
				      0,
		      "an action cancelled today after a follow-up 'pågår' "
		      "counts as %g avbruten, %g pågår",
		      sd_cell(s, "actions", "skola", "avbruten")->value,
		      sd_cell(s, "actions", "skola", "pågår")->value);
	sspf_stats_free(s);
}
END_TEST

START_TEST(test_current_not_yet_expired)
{
	sspf_stats *s;

	sd_make_data(&q4, three);
	sd_today(NOW);
	s = sd_make("2026Q4", 3);
	/* valid until 2026-12-15: its last day has not fallen yet */
	ck_assert_msg(
		sd_cell(s, "consent_outcomes", "utgånget", "total")->value == 0,
		"%g consents valid today counted as expired",
		sd_cell(s, "consent_outcomes", "utgånget", "total")->value);
	sspf_stats_free(s);
}
END_TEST

START_TEST(test_current_median_held)
{
	sspf_stats *s;
	const sspf_stats_cell *m;

	sd_make_data(&q4, three);
	sd_today(NOW);
	s = sd_make("2026Q4", 3);
	/* three cases have had one on day 10; three have one planned */
	m = sd_cell(s, "days_to_network_meeting", NULL, NULL);
	ck_assert_msg(!m->hidden && m->value == 10,
		      "median %g (hidden %d) with planned meetings", m->value,
		      m->hidden);
	sspf_stats_free(s);
}
END_TEST

START_TEST(test_current_meetings_held)
{
	sspf_stats *s;

	sd_make_data(&q4, three);
	sd_today(NOW);
	s = sd_make("2026Q4", 3);
	/* held: the arbetsgruppsmöte of 10-01 and the nätverksmöte of
	   10-11; the one of 12-01 is only planned */
	ck_assert_msg(sd_cell(s, "meetings", "nätverksmöte", NULL)->value == 1,
		      "%g network meetings held",
		      sd_cell(s, "meetings", "nätverksmöte", NULL)->value);
	sspf_stats_free(s);
}
END_TEST

/* The whole period not yet over against the model. */
START_TEST(test_current_period)
{
	struct expect x;
	sspf_stats *s;

	sd_make_data(&q4, three);
	sd_today(NOW);
	sd_model(&q4, three, Q4, NOW, &x);
	s = sd_make("2026Q4", 3);
	sd_check_export(s, &x, 3);
	sspf_stats_free(s);
}
END_TEST

static Suite *stats_small_suite(void)
{
	const struct tu_test tests[] = {
		{ "checker_sees_a_bridge", test_checker_sees_a_bridge, 0 },
		{ "small_cells_hidden", test_small_cells_hidden, 0 },
		{ "random_counts", test_random_counts, 3 },
		{ "threshold_at_least_3", test_threshold_at_least_3, 0 },
		{ "current_status_today", test_current_status_today, 0 },
		{ "current_not_yet_expired", test_current_not_yet_expired, 0 },
		{ "current_median_held", test_current_median_held, 0 },
		{ "current_meetings_held", test_current_meetings_held, 0 },
		{ "current_period", test_current_period, 0 },
	};
	Suite *s = suite_create("stats_small");

	sd_tables_init();
	tu_add_tests(s, tests, sizeof tests / sizeof tests[0], sd_setup,
		     sd_teardown);
	return s;
}

int main(void)
{
	tu_tz_stockholm();
	return run_all(stats_small_suite());
}
