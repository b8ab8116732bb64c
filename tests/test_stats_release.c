/*
 * test_stats_release.c - the memory of statistics releases
 * (include/sspf/stats.h "Earlier releases", src/core/stats_release.c and
 * stats_link.c): an ended period is written again exactly as released,
 * the year keeps its method and threshold, a period not ended is
 * preliminary and not remembered, and - the test - two adjacent
 * quarters and their half-year, published in any order, never let a
 * hidden cell be worked out: neither by subtraction (H1 - Q2) nor by any
 * linear combination of the published cells, checked by an elimination
 * written here, independent of src/core/sdc_rank.c. A contrast case
 * shows what protects it: with the memory wiped between exports, the
 * subtraction gives a small group away.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store/store_internal.h"
#include "testutil.h"

#include <sspf/cases.h>
#include <sspf/settings.h>
#include <sspf/stats.h>

static char *dir, *db;
static sspf_store *st;
static sspf_core *core;

static void setup(void)
{
	tu_core_setup(2026, 1, 2, &dir, &db, &st, &core);
	tu_ok(sspf_setting_set(st, "district", "Norr"), "district");
}

static void teardown(void)
{
	tu_core_teardown(dir, db, st, core);
}

/* ---- data: cases opened (and some closed) on given days ---- */

static int n_cases;

/* A case of a child born on birth, opened on day (the clock moves
   there). */
static void add_case(sspf_date birth, sspf_gender g, unsigned concerns,
		     sspf_date day, char code[SSPF_CODE_SIZE])
{
	sspf_case_new c = { 0 };
	char name[48];
	int y, m, d;

	sspf_date_parts(day, &y, &m, &d);
	tu_set_today(y, m, d);
	snprintf(name, sizeof name, "Releasebarn%03d Testsson", n_cases++);
	c.child_name = name;
	c.birth = birth;
	c.gender = g;
	c.concerns = concerns;
	tu_ok(sspf_case_create(core, &c, code), "case");
}

/* n cases of girls of 14 opened on day. */
static void girls(int n, sspf_date day)
{
	char code[SSPF_CODE_SIZE];

	for (int i = 0; i < n; i++)
		add_case(tu_date(2012, 1, 10), SSPF_GENDER_GIRL,
			 SSPF_CONCERN_TRUANCY, day, code);
}

/* Random cases over the first half of 2026 (seed), some closed later in
   it; the clock ends on 2026-07-10, when H1 has ended. */
static void random_half_year(unsigned seed)
{
	static const sspf_gender gs[] = { SSPF_GENDER_GIRL, SSPF_GENDER_BOY,
					  SSPF_GENDER_OTHER };
	struct {
		char code[SSPF_CODE_SIZE];
		sspf_date close;
	} cs[80];
	int n = 40 + (int)(seed % 20);

	srand(seed);
	for (int i = 0; i < n; i++) {
		/* sorted days: the clock only moves forward */
		sspf_date day = tu_date(2026, 1, 5) + i * 170 / n;
		sspf_date birth = tu_date(2008 + rand() % 8, 1 + rand() % 12,
					  1 + rand() % 28);

		add_case(birth, gs[rand() % 3], 1u << (rand() % 4), day,
			 cs[i].code);
		cs[i].close = rand() % 3 == 0 ? day + 1 + rand() % 40 : 0;
	}
	tu_set_today(2026, 7, 10);
	for (int i = 0; i < n; i++)
		if (cs[i].close != 0 && cs[i].close <= tu_date(2026, 6, 30))
			tu_ok(sspf_case_close(core, cs[i].code, cs[i].close,
					      "klart"),
			      "close");
}

static sspf_stats *make(const char *period, sspf_stats_method m, int k)
{
	sspf_period p;
	sspf_stats *s = NULL;

	tu_ok(sspf_period_parse(period, &p), "period");
	tu_ok(sspf_stats_make(core, &p, m, k, &s), period);
	return s;
}

static void forget(void)
{
	tu_exec(st, "DELETE FROM stats_release");
}

/* The index of cell table/c1/c2 in s (c2 NULL for one-way), or -1. */
static long find(const sspf_stats *s, const char *table, const char *c1,
		 const char *c2)
{
	for (size_t i = 0; i < s->n_cells; i++) {
		const sspf_stats_cell *c = &s->cells[i];

		if (strcmp(c->table, table) == 0 && c->cat[0] &&
		    strcmp(c->cat[0], c1) == 0 &&
		    (c2 == NULL ? c->cat[1] == NULL
				: c->cat[1] && strcmp(c->cat[1], c2) == 0))
			return (long)i;
	}
	return -1;
}

static const sspf_stats_cell *girls_cell(const sspf_stats *s)
{
	long i = find(s, "cases_new", "13-15", "flicka");

	ck_assert_int_ge(i, 0);
	return &s->cells[i];
}

/* ---- written again, the year's method, preliminary ---- */

START_TEST(test_written_again_exactly)
{
	sspf_stats *a, *b, *c;
	char code[SSPF_CODE_SIZE];

	girls(6, tu_date(2026, 2, 2));
	add_case(tu_date(2011, 5, 5), SSPF_GENDER_BOY, SSPF_CONCERN_CRIME,
		 tu_date(2026, 2, 3), code);
	tu_set_today(2026, 4, 10);
	a = make("2026Q1", SSPF_STATS_SUPPRESS, 5);
	ck_assert(a->remembered && !a->rewritten && !a->preliminary);
	ck_assert_int_eq(
		tu_int(st, "SELECT COUNT(*) FROM stats_release WHERE period = "
			   "'2026Q1' AND method = 'suppression' AND k = 5"),
		1);
	/* a late correction: one of Q1's cases closed in Q1 */
	tu_ok(sspf_case_close(core, code, tu_date(2026, 3, 1), NULL), "close");
	b = make("2026Q1", SSPF_STATS_SUPPRESS, 5);
	ck_assert(b->rewritten && !b->remembered);
	ck_assert_uint_eq(a->n_cells, b->n_cells);
	for (size_t i = 0; i < a->n_cells; i++) {
		ck_assert_int_eq(a->cells[i].hidden, b->cells[i].hidden);
		ck_assert_msg(a->cells[i].value == b->cells[i].value,
			      "cell %zu changed", i);
	}
	/* what the memory prevents: a new version would differ */
	forget();
	c = make("2026Q1", SSPF_STATS_SUPPRESS, 5);
	ck_assert(!c->rewritten);
	{
		bool differs = false;

		for (size_t i = 0; i < a->n_cells; i++)
			differs |= a->cells[i].hidden != c->cells[i].hidden ||
				   a->cells[i].value != c->cells[i].value;
		ck_assert_msg(differs, "the correction changes nothing");
	}
	sspf_stats_free(a);
	sspf_stats_free(b);
	sspf_stats_free(c);
}
END_TEST

START_TEST(test_year_keeps_method_and_k)
{
	sspf_period p;
	sspf_stats *s = NULL;

	girls(6, tu_date(2026, 2, 2));
	tu_set_today(2026, 7, 10);
	sspf_stats_free(make("2026Q1", SSPF_STATS_SUPPRESS, 5));
	tu_ok(sspf_period_parse("2026Q2", &p), "period");
	ck_assert_int_eq(sspf_stats_make(core, &p, SSPF_STATS_SUPPRESS, 3, &s),
			 SSPF_ERR_INVALID);
	ck_assert_ptr_null(s);
	ck_assert_ptr_nonnull(strstr(sspf_err_detail(), "2026Q1"));
	ck_assert_int_eq(sspf_stats_make(core, &p, SSPF_STATS_CKM, 5, &s),
			 SSPF_ERR_INVALID);
	/* and a period not made by sspf_period_parse */
	ck_assert_int_eq(sspf_stats_make(core, &(sspf_period){ 0 },
					 SSPF_STATS_CKM, 5, &s),
			 SSPF_ERR_INVALID);
	/* the same method and k are fine, and so is another year */
	sspf_stats_free(make("2026H1", SSPF_STATS_SUPPRESS, 5));
	sspf_stats_free(make("2025", SSPF_STATS_CKM, 3));
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM stats_release"), 3);
	/* a ckm release is written again too */
	s = make("2025", SSPF_STATS_CKM, 3);
	ck_assert(s->rewritten);
	sspf_stats_free(s);
}
END_TEST

START_TEST(test_preliminary_not_remembered)
{
	sspf_stats *s;

	girls(6, tu_date(2026, 2, 2));
	tu_set_today(2026, 3, 31); /* the last day of Q1: not ended */
	s = make("2026Q1", SSPF_STATS_SUPPRESS, 5);
	ck_assert(s->preliminary && !s->remembered && !s->rewritten);
	sspf_stats_free(s);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM stats_release"), 0);
	/* nothing fixed the year: another threshold is allowed */
	sspf_stats_free(make("2026Q1", SSPF_STATS_SUPPRESS, 3));
	tu_set_today(2026, 4, 1);
	s = make("2026Q1", SSPF_STATS_SUPPRESS, 3);
	ck_assert(!s->preliminary && s->remembered);
	sspf_stats_free(s);
}
END_TEST

/* ---- the attacker: every published cell of Q1, Q2 and H1 ---- */

enum { P_Q1, P_Q2, P_H1, NP };

static const char *const additive[] = { "cases_new", "cases_closed",
					"new_by_concern" };

/* The published picture: for each period, its export. */
struct picture {
	sspf_stats *s[NP];
};

/* Whether cell i of s is in an additive table. */
static bool is_additive(const sspf_stats_cell *c)
{
	for (size_t t = 0; t < 3; t++)
		if (strcmp(c->table, additive[t]) == 0)
			return true;
	return false;
}

/* Unknown x of period p, cell i (the three exports share the layout). */
#define X(p, i) ((size_t)(p)*n + (i))

/*
 * The equations a reader knows, over unknowns X(p, i): every table's
 * margins (from the names: a "total" category is the sum of the others
 * in its line) and H1 = Q1 + Q2 cell by cell. Rows of nvar coefficients
 * (+1 / -1 / 0), written to a; the number of rows.
 */
static size_t equations(const sspf_stats *s, double *a, size_t nvar,
			size_t max_rows)
{
	size_t n = s->n_cells, rows = 0;

	for (size_t t = 0; t < n; t++) {
		const sspf_stats_cell *c = &s->cells[t];

		if (!is_additive(c))
			continue;
		for (int d = 0; d < 2; d++) {
			/* t is the total of the line along dimension d */
			if (c->cat[d] == NULL || strcmp(c->cat[d], "total"))
				continue;
			for (int p = 0; p < NP; p++) {
				double *row = a + rows * nvar;
				int terms = 0;

				memset(row, 0, nvar * sizeof *row);
				row[X(p, t)] = 1;
				for (size_t u = 0; u < n; u++) {
					const sspf_stats_cell *o = &s->cells[u];
					int e = 1 - d;

					if (strcmp(o->table, c->table) ||
					    !strcmp(o->cat[d], "total") ||
					    (c->cat[e] == NULL) !=
						    (o->cat[e] == NULL) ||
					    (c->cat[e] &&
					     strcmp(c->cat[e], o->cat[e])))
						continue;
					row[X(p, u)] = -1;
					terms++;
				}
				ck_assert_int_gt(terms, 0);
				rows++;
				ck_assert_uint_le(rows, max_rows);
			}
			break; /* the grand total: once, along d 0 */
		}
		{
			double *row = a + rows * nvar;

			memset(row, 0, nvar * sizeof *row);
			row[X(P_H1, t)] = 1;
			row[X(P_Q1, t)] = -1;
			row[X(P_Q2, t)] = -1;
			rows++;
			ck_assert_uint_le(rows, max_rows);
		}
	}
	return rows;
}

/*
 * Which hidden unknowns the published ones determine: reduce the
 * equations restricted to the hidden unknowns (the published ones are
 * constants) to reduced row echelon form; hidden unknown j is determined
 * iff its column is a pivot whose row has no other non-zero among the
 * hidden columns (then e_j is in the row space). Doubles with partial
 * pivoting: the coefficients are small integers.
 */
static void determined(double *a, size_t rows, size_t nvar, const bool *hid,
		       bool *det)
{
	size_t r = 0;
	long *piv_row = malloc(nvar * sizeof *piv_row);

	ck_assert_ptr_nonnull(piv_row);
	for (size_t j = 0; j < nvar; j++) {
		size_t best = rows;

		piv_row[j] = -1;
		det[j] = false;
		if (!hid[j])
			continue;
		for (size_t i = r; i < rows; i++)
			if (fabs(a[i * nvar + j]) > 1e-9 &&
			    (best == rows ||
			     fabs(a[i * nvar + j]) > fabs(a[best * nvar + j])))
				best = i;
		if (best == rows)
			continue;
		for (size_t c = 0; c < nvar; c++) {
			double t = a[r * nvar + c];

			a[r * nvar + c] = a[best * nvar + c];
			a[best * nvar + c] = t;
		}
		for (size_t c = 0, p = j; c < nvar; c++)
			if (c != p)
				a[r * nvar + c] /= a[r * nvar + p];
		a[r * nvar + j] = 1;
		for (size_t i = 0; i < rows; i++) {
			double f = a[i * nvar + j];

			if (i == r || fabs(f) < 1e-12)
				continue;
			for (size_t c = 0; c < nvar; c++)
				a[i * nvar + c] -= f * a[r * nvar + c];
		}
		piv_row[j] = (long)r++;
	}
	for (size_t j = 0; j < nvar; j++) {
		bool alone = piv_row[j] >= 0;

		for (size_t c = 0; alone && c < nvar; c++)
			if (c != j && hid[c] &&
			    fabs(a[(size_t)piv_row[j] * nvar + c]) > 1e-9)
				alone = false;
		det[j] = alone;
	}
	free(piv_row);
}

/*
 * Check the picture as an attacker would: no hidden additive cell of any
 * period follows from the published ones; in particular no cell hidden
 * in one period has both of the others published (the subtraction).
 * Returns the number of cells the subtraction gives away (0 required
 * unless leaks_ok).
 */
static int attack(const struct picture *pic, bool leaks_ok)
{
	const sspf_stats *s = pic->s[P_Q1];
	size_t n = s->n_cells, nvar = NP * n, max_rows = 4 * n + 8;
	double *a = calloc(max_rows * nvar, sizeof *a);
	bool *hid = calloc(nvar, sizeof *hid), *det = calloc(nvar, sizeof *det);
	size_t rows;
	int leaks = 0;

	ck_assert(a && hid && det);
	for (int p = 0; p < NP; p++) {
		ck_assert_uint_eq(pic->s[p]->n_cells, n);
		for (size_t i = 0; i < n; i++)
			hid[X(p, i)] = pic->s[p]->cells[i].hidden &&
				       is_additive(&s->cells[i]);
	}
	for (size_t i = 0; i < n; i++) {
		bool h1 = hid[X(P_H1, i)], q1 = hid[X(P_Q1, i)],
		     q2 = hid[X(P_Q2, i)];

		/* exactly one of the three hidden: it is the difference */
		leaks += (h1 + q1 + q2) == 1;
	}
	rows = equations(s, a, nvar, max_rows);
	determined(a, rows, nvar, hid, det);
	for (size_t j = 0; !leaks_ok && j < nvar; j++)
		ck_assert_msg(!det[j],
			      "hidden %s %s/%s of period %zu follows "
			      "from the published cells",
			      s->cells[j % n].table, s->cells[j % n].cat[0],
			      s->cells[j % n].cat[1] ? s->cells[j % n].cat[1]
						     : "",
			      j / n);
	if (!leaks_ok)
		ck_assert_int_eq(leaks, 0);
	free(a);
	free(hid);
	free(det);
	return leaks;
}

static const char *const names[NP] = { "2026Q1", "2026Q2", "2026H1" };

/* The six orders of releasing Q1, Q2 and H1. */
static const int orders[6][3] = { { P_Q1, P_Q2, P_H1 }, { P_Q1, P_H1, P_Q2 },
				  { P_Q2, P_Q1, P_H1 }, { P_Q2, P_H1, P_Q1 },
				  { P_H1, P_Q1, P_Q2 }, { P_H1, P_Q2, P_Q1 } };

/* Release the three periods in order o (k 5); check the picture. */
static void release_in_order(const int *o, bool forget_between,
			     struct picture *pic)
{
	forget();
	for (int i = 0; i < 3; i++) {
		if (forget_between)
			forget();
		pic->s[o[i]] = make(names[o[i]], SSPF_STATS_SUPPRESS, 5);
		ck_assert_uint_eq(pic->s[o[i]]->n_inherited, 0);
	}
}

static void picture_free(struct picture *pic)
{
	for (int p = 0; p < NP; p++)
		sspf_stats_free(pic->s[p]);
}

/* Q1 hides 2 girls, Q2 publishes 6, H1 counts 8: H1 - Q2 = 2 unless H1
   hides it too. Every order of release protects the 2. */
/* 2 girls of 14 in Q1, 6 in Q2, and 12 boys of 16 in Q2 so that the
   tables are not all hidden; the clock after H1. */
static void two_and_six(void)
{
	girls(2, tu_date(2026, 2, 2));
	girls(6, tu_date(2026, 5, 5));
	for (int i = 0; i < 12; i++) {
		char code[SSPF_CODE_SIZE];

		add_case(tu_date(2010, 3, 3), SSPF_GENDER_BOY,
			 SSPF_CONCERN_CRIME, tu_date(2026, 5, 20 + i % 5),
			 code);
	}
	tu_set_today(2026, 7, 10);
}

START_TEST(test_quarters_and_half_year)
{
	two_and_six();
	for (int o = 0; o < 6; o++) {
		struct picture pic = { { NULL } };

		release_in_order(orders[o], false, &pic);
		ck_assert(girls_cell(pic.s[P_Q1])->hidden);
		ck_assert_msg(girls_cell(pic.s[P_H1])->hidden ||
				      girls_cell(pic.s[P_Q2])->hidden,
			      "order %d: H1 - Q2 gives the 2 girls away", o);
		attack(&pic, false);
		picture_free(&pic);
	}
}
END_TEST

/* What protects it: without the memory, each export is safe alone, and
   H1 - Q2 gives the 2 girls of Q1 away. */
START_TEST(test_without_memory_it_leaks)
{
	struct picture pic = { { NULL } };

	two_and_six();
	/* H1 first with everything forgotten, then Q2, then Q1 */
	release_in_order(orders[4], true, &pic);
	ck_assert(girls_cell(pic.s[P_Q1])->hidden);
	ck_assert(!girls_cell(pic.s[P_Q2])->hidden);
	ck_assert(!girls_cell(pic.s[P_H1])->hidden);
	ck_assert(girls_cell(pic.s[P_H1])->value -
			  girls_cell(pic.s[P_Q2])->value ==
		  2);
	ck_assert_int_gt(attack(&pic, true), 0);
	picture_free(&pic);
}
END_TEST

/* Random half-years, every order: no hidden cell can be worked out. */
START_TEST(test_random_half_years)
{
	random_half_year(1000u + (unsigned)_i);
	for (int o = 0; o < 6; o++) {
		struct picture pic = { { NULL } };
		size_t hidden = 0;

		release_in_order(orders[o], false, &pic);
		for (int p = 0; p < NP; p++)
			hidden += pic.s[p]->n_primary;
		attack(&pic, false);
		/* the data must exercise the protection at all */
		ck_assert_uint_gt(hidden, 0);
		picture_free(&pic);
	}
}
END_TEST

int main(void)
{
	const struct tu_test tests[] = {
		{ "written_again_exactly", test_written_again_exactly, 0 },
		{ "year_keeps_method_and_k", test_year_keeps_method_and_k, 0 },
		{ "preliminary_not_remembered", test_preliminary_not_remembered,
		  0 },
		{ "quarters_and_half_year", test_quarters_and_half_year, 0 },
		{ "without_memory_it_leaks", test_without_memory_it_leaks, 0 },
		{ "random_half_years", test_random_half_years, 4 },
	};
	Suite *s = suite_create("stats_release");

	tu_tz_stockholm();
	tu_add_tests(s, tests, sizeof tests / sizeof tests[0], setup, teardown);
	return run_all(s);
}
