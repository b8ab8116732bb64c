/*
 * test_stats_ckm.c - the statistics export with the cell key method
 * (sspf_stats_make with SSPF_STATS_CKM, src/core/stats.c and ckm.c): no
 * published count is 1 to k-1, each count stays within the noise of its
 * true value, the same cells give the same values in every export (the
 * record keys are given once and kept), a cell whose cases did not change
 * keeps its value when others change, and no key leaves the database.
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store/store_internal.h"
#include "stats_data.h"
#include "testutil.h"

#include <sspf/cases.h>
#include <sspf/stats.h>

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

/* Ages in 2026Q1 by band, for a case opened then. */
static const int birth_year[4] = { 2015, 2012, 2009, 2006 };
static const sspf_gender genders[4] = { SSPF_GENDER_GIRL, SSPF_GENDER_BOY,
					SSPF_GENDER_OTHER,
					SSPF_GENDER_UNSTATED };

/* n cases opened on 2026-02-10 in age band a with gender g. */
static void cases(int a, int g, int n)
{
	tu_set_today(2026, 2, 10);
	for (int i = 0; i < n; i++) {
		sspf_case_new c = { 0 };
		char code[SSPF_CODE_SIZE], name[64];

		snprintf(name, sizeof name, "Barn %d-%d-%d", a, g, i);
		c.child_name = name;
		c.birth = tu_date(birth_year[a], 6, 1);
		c.gender = genders[g];
		tu_ok(sspf_case_create(core, &c, code), "case");
	}
	tu_set_today(2026, 5, 2);
}

/* The published value of cell table/c1/c2 (c2 NULL for one-way). */
static double cell(const sspf_stats *s, const char *table, const char *c1,
		   const char *c2)
{
	for (size_t i = 0; i < s->n_cells; i++) {
		const sspf_stats_cell *c = &s->cells[i];

		if (strcmp(c->table, table) == 0 && c->cat[0] != NULL &&
		    strcmp(c->cat[0], c1) == 0 &&
		    (c2 == NULL
			     ? c->cat[1] == NULL
			     : c->cat[1] != NULL && strcmp(c->cat[1], c2) == 0))
			return c->value;
	}
	ck_abort_msg("no cell %s %s %s", table, c1, c2 ? c2 : "");
	return -1;
}

/* The export written as CSV, malloc'ed and NUL-terminated. */
static char *csv(const sspf_stats *s)
{
	size_t len;

	return sd_written(s, SSPF_STATS_CSV, &len);
}

/*
 * One export of 2026Q1, with every earlier release forgotten: these tests
 * look at the method itself, not at a release written again
 * (test_stats_release.c).
 */
static sspf_stats *make(int k)
{
	sspf_period p;
	sspf_stats *s = NULL;

	ck_assert_int_eq(sqlite3_exec(sspf_store_db(st),
				      "DELETE FROM stats_release", NULL, NULL,
				      NULL),
			 SQLITE_OK);
	tu_ok(sspf_period_parse("2026Q1", &p), "period");
	tu_ok(sspf_stats_make(core, &p, SSPF_STATS_CKM, k, &s), "make");
	ck_assert_str_eq(sspf_stats_method_name(s->method), "ckm");
	return s;
}

static const char *const bands[4] = { "0-12", "13-15", "16-17", "18+" };
static const char *const gnames[4] = { "flicka", "pojke", "annat",
				       "ej angivet" };

START_TEST(test_bounds)
{
	/* true counts 0..15 over the 16 cells of cases_new */
	for (int a = 0; a < 4; a++)
		for (int g = 0; g < 4; g++)
			cases(a, g, a * 4 + g);
	for (int k = 3; k <= 7; k += 2) {
		sspf_stats *s = make(k);

		for (int a = 0; a < 4; a++) {
			for (int g = 0; g < 4; g++) {
				int n = a * 4 + g;
				double v = cell(s, "cases_new", bands[a],
						gnames[g]);

				if (n == 0)
					ck_assert(v == 0);
				else if (n < k)
					ck_assert(v == 0 || v == k);
				else
					ck_assert(v >= k && v >= n - 2 &&
						  v <= n + 2);
			}
		}
		for (size_t i = 0; i < s->n_cells; i++) {
			const sspf_stats_cell *c = &s->cells[i];

			ck_assert(c->kind != SSPF_CELL_COUNT || c->value == 0 ||
				  c->value >= k);
			ck_assert(!c->hidden || c->kind != SSPF_CELL_COUNT);
		}
		sspf_stats_free(s);
	}
}
END_TEST

START_TEST(test_same_every_time)
{
	sspf_stats *s1, *s2;
	char *a, *b;
	int64_t keys;

	for (int g = 0; g < 4; g++)
		cases(1, g, 3 + g);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM case_file WHERE "
				    "record_key IS NULL"),
			 18);
	s1 = make(5);
	/* every case has its key now, and keeps it */
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM case_file WHERE "
				    "record_key IS NULL"),
			 0);
	keys = tu_int(st, "SELECT SUM(record_key) FROM case_file");
	s2 = make(5);
	ck_assert_int_eq(tu_int(st, "SELECT SUM(record_key) FROM case_file"),
			 keys);
	a = csv(s1);
	b = csv(s2);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	sspf_stats_free(s1);
	sspf_stats_free(s2);
}
END_TEST

START_TEST(test_unchanged_cells_keep_values)
{
	sspf_stats *s1, *s2;
	double before[4];

	for (int g = 0; g < 4; g++)
		cases(1, g, 6 + g);
	s1 = make(5);
	for (int g = 0; g < 4; g++)
		before[g] = cell(s1, "cases_new", "13-15", gnames[g]);
	/* one more boy: only his cells (and totals) may change */
	cases(1, 1, 1);
	s2 = make(5);
	for (int g = 0; g < 4; g++)
		if (g != 1)
			ck_assert(cell(s2, "cases_new", "13-15", gnames[g]) ==
				  before[g]);
	sspf_stats_free(s1);
	sspf_stats_free(s2);
}
END_TEST

START_TEST(test_no_key_in_output)
{
	sspf_stats *s;
	char *out, key[32];
	sqlite3_stmt *q;

	for (int g = 0; g < 2; g++)
		cases(2, g, 4);
	s = make(5);
	out = csv(s);
	ck_assert_ptr_null(strstr(out, "Barn"));
	ck_assert(sqlite3_prepare_v2(sspf_store_db(st),
				     "SELECT record_key FROM case_file", -1, &q,
				     NULL) == SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		snprintf(key, sizeof key, "%" PRId64,
			 (int64_t)sqlite3_column_int64(q, 0));
		ck_assert_msg(strstr(out, key) == NULL, "a record key");
	}
	sqlite3_finalize(q);
	free(out);
	sspf_stats_free(s);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("stats_ckm");
	TCase *tc = tcase_create("ckm");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_bounds);
	tcase_add_test(tc, test_same_every_time);
	tcase_add_test(tc, test_unchanged_cells_keep_values);
	tcase_add_test(tc, test_no_key_in_output);
	suite_add_tcase(s, tc);
	return run_all(s);
}
