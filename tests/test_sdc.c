/*
 * test_sdc.c - the disclosure control of the statistics (src/core/sdc.h):
 * small tables whose right answer is worked out by hand, then many random
 * tables (2-D with margins, two tables sharing their age totals, two
 * quarters linked to their half-year) checked against the rules by the
 * independent solver of sdc_oracle.c: no published cell of 1..k-1, no
 * line with one hidden cell, at least k persons hidden per line, no
 * hidden cell that can be worked out, and no secondary cell that could be
 * published without breaking a rule. Same input, same output; the order
 * of the equations and of their terms does not matter. Also: cells
 * outside disclosure control, bad input, and equations whose minors
 * overflow 64 bits (the modular fallback of src/core/sdc_rank.c).
 *
 * Earlier releases (fixed cells) are tested in test_sdc_linked.c.
 */
#include "sdc_oracle.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* ---- known small tables ---- */

START_TEST(test_rectangle)
{
	struct pb b = { 0 };
	size_t g = NONE, in[4];
	bool hid[MAXC];
	sdc_summary s;

	so_table(&b, 2, 2, (int64_t[]){ 2, 10, 8, 20 }, NULL, &g, in);
	so_suppress_ok(&b, 5, hid, &s);
	so_expect_hidden(hid, b.n, in, 4);
	ck_assert_uint_eq(s.n_primary, 1);
	ck_assert_uint_eq(s.n_secondary, 3);
	ck_assert_int_eq(s.secondary_persons, 38);
	so_check_rules(&b, 5, hid);
}
END_TEST

START_TEST(test_row)
{
	struct pb b = { 0 };
	size_t t = so_cell(&b, 0), a = so_cell(&b, 2), c = so_cell(&b, 6);
	bool hid[MAXC];

	so_cell(&b, 9);
	so_eq(&b, t, (size_t[]){ a, c, 3 }, 3);
	so_suppress_ok(&b, 5, hid, NULL);
	/* the small cell and the next smallest, 8 >= 5; total published */
	so_expect_hidden(hid, b.n, (size_t[]){ a, c }, 2);
	so_check_rules(&b, 5, hid);

	/* in a table with margins: its row and column partners, and the
	 * cell closing the rectangle; x13 (9) and all margins published */
	struct pb m = { 0 };
	size_t g = NONE, in[6];
	so_table(&m, 2, 3, (int64_t[]){ 3, 7, 9, 6, 8, 10 }, NULL, &g, in);
	so_suppress_ok(&m, 5, hid, NULL);
	so_expect_hidden(hid, m.n, (size_t[]){ in[0], in[1], in[3], in[4] }, 4);
	so_check_rules(&m, 5, hid);
}
END_TEST

START_TEST(test_zeros)
{
	struct pb b = { 0 };
	size_t g = NONE, in[4];
	bool hid[MAXC];

	so_table(&b, 2, 2, (int64_t[]){ 0, 2, 0, 9 }, NULL, &g, in);
	so_suppress_ok(&b, 5, hid, NULL);
	/* x12 and its row total, x22 and its row total; zeros stay */
	so_expect_hidden(hid, b.n, (size_t[]){ in[1], 4, in[3], 5 }, 4);
	so_check_rules(&b, 5, hid);

	/* a table of 4 persons: everything but its zeros is hidden */
	struct pb t = { 0 };
	g = NONE;
	so_table(&t, 2, 2, (int64_t[]){ 1, 0, 3, 0 }, NULL, &g, in);
	so_suppress_ok(&t, 5, hid, NULL);
	for (size_t j = 0; j < t.n; j++)
		ck_assert(hid[j] == (t.count[j] > 0));
}
END_TEST

START_TEST(test_k)
{
	struct pb b = { 0 };
	size_t t = so_cell(&b, 0);
	bool hid[MAXC];

	for (int i = 0; i < 4; i++)
		so_cell(&b, (int64_t[]){ 2, 3, 4, 10 }[i]);
	so_eq(&b, t, (size_t[]){ 1, 2, 3, 4 }, 4);
	so_suppress_ok(&b, 3, hid, NULL); /* 2, and 3 to make 5 >= 3 */
	so_expect_hidden(hid, b.n, (size_t[]){ 1, 2 }, 2);
	so_suppress_ok(&b, 5, hid, NULL); /* 2, 3, 4 all small */
	so_expect_hidden(hid, b.n, (size_t[]){ 1, 2, 3 }, 3);
	so_suppress_ok(&b, 11, hid, NULL); /* 10 too; 19 >= 11 hidden */
	so_expect_hidden(hid, b.n, (size_t[]){ 1, 2, 3, 4 }, 4);
}
END_TEST

/* Rules a and b hold, but x13 joins two closed groups (a bridge). */
static const int64_t bridge[16] = { 3,	3,  3, 20, 3,  4, 20, 20,
				    20, 20, 3, 4,  20, 6, 3,  4 };

START_TEST(test_linear_algebra)
{
	struct pb b = { 0 };
	size_t g = NONE, in[16], j;
	bool hid[MAXC] = { false }, det[MAXC];
	sdc_summary s;

	so_table(&b, 4, 4, bridge, NULL, &g, in);
	sdc_problem p = so_prob(&b, 5);
	for (j = 0; j < 16; j++)
		hid[in[j]] = bridge[j] < 5;
	tu_ok(sdc_determined(&p, hid, det), "sdc_determined");
	for (j = 0; j < b.n; j++)
		ck_assert_msg(det[j] == (j == in[2]), "cell %zu", j);
	p.flags = SDC_FLAG_MODULAR;
	tu_ok(sdc_determined(&p, hid, det), "sdc_determined");
	for (j = 0; j < b.n; j++)
		ck_assert_msg(det[j] == (j == in[2]), "cell %zu", j);

	/* the smallest cell that closes a loop through x13 is x42 (6) */
	so_suppress_ok(&b, 5, hid, &s);
	ck_assert_uint_eq(s.n_primary, 9);
	ck_assert_uint_eq(s.n_secondary, 1);
	ck_assert(hid[in[13]]);
	so_check_rules(&b, 5, hid);
}
END_TEST

/* Cells outside disclosure control are published whatever they count. */
START_TEST(test_unprotected)
{
	struct pb b = { 0 };
	size_t g = NONE, g2 = NONE, in[4], in2[4], j;
	bool hid[MAXC], prot[MAXC];

	so_table(&b, 2, 2, (int64_t[]){ 2, 10, 8, 20 }, NULL, &g, in);
	so_table(&b, 2, 2, (int64_t[]){ 1, 2, 0, 3 }, NULL, &g2, in2);
	for (j = 0; j < b.n; j++)
		prot[j] = j < in2[0];
	sdc_problem p = so_prob(&b, 5);
	p.protect = prot;
	tu_ok(sdc_suppress(&p, hid, NULL), "sdc_suppress");
	for (j = 0; j < b.n; j++)
		ck_assert(hid[j] == (j < 4)); /* the rectangle of the first */
	prot[in2[0]] = true; /* an equation half protected: a bug */
	ck_assert_int_eq(sdc_suppress(&p, hid, NULL), SSPF_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(sspf_err_detail(), "protected"));
}
END_TEST

START_TEST(test_invalid)
{
	struct pb b = { 0 };
	size_t g = NONE, in[4];
	bool hid[MAXC];

	so_table(&b, 2, 2, (int64_t[]){ 2, 10, 8, 20 }, NULL, &g, in);
	sdc_problem p = so_prob(&b, 2);
	ck_assert_int_eq(sdc_suppress(&p, hid, NULL), SSPF_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(sspf_err_detail(), "at least 3"));
	p.k = 5;
	b.count[in[0]] = 3; /* the row total no longer adds up */
	ck_assert_int_eq(sdc_suppress(&p, hid, NULL), SSPF_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(sspf_err_detail(), "not the sum"));
	ck_assert_ptr_nonnull(strstr(sspf_err_detail(), "a bug"));
	for (size_t j = 0; j < b.n; j++)
		ck_assert(!hid[j]);
	b.count[in[0]] = 2;
	b.terms[0] = b.n; /* out of range */
	ck_assert_int_eq(sdc_check(&p), SSPF_ERR_INVALID);
	b.terms[0] = b.terms[1]; /* twice */
	ck_assert_int_eq(sdc_check(&p), SSPF_ERR_INVALID);
	b.terms[0] = in[0];
	b.count[0] = -1;
	ck_assert_int_eq(sdc_check(&p), SSPF_ERR_INVALID);
	b.count[0] = 2;
	ck_assert_int_eq(sdc_check(&p), SSPF_OK);
	p.n_cells = SDC_MAX_CELLS + 1;
	ck_assert_int_eq(sdc_check(&p), SSPF_ERR_INVALID);
	ck_assert_int_eq(sdc_suppress(NULL, hid, NULL), SSPF_ERR_INVALID);
	ck_assert(sdc_small(0, 5) && sdc_small(4, 5) && !sdc_small(5, 5));
	ck_assert(sdc_small(2, 1) && !sdc_small(3, 1));
}
END_TEST

/* ---- random tables ---- */

/* Rounds of random tables of a kind, k chosen at random: the rules hold,
 * and the answer does not depend on the order of the equations or on the
 * arithmetic (integers, or modular forced). */
static void random_rounds(enum so_kind kind, int rounds)
{
	static struct pb b, b2;
	static const int ks[] = { 3, 4, 5, 7, 10 };
	bool hid[MAXC], again[MAXC];
	sdc_summary sum;

	setenv("SSPF_TEST_SEED", "20260601", 0); /* the same run each time */
	so_rng = tu_seed("sdc random tables") + (uint64_t)kind;
	for (int round = 0; round < rounds; round++) {
		int k = ks[tu_below(&so_rng, 5)];
		so_random_pb(&b, kind);
		so_suppress_ok(&b, k, hid, &sum);
		so_check_rules(&b, k, hid);
		ck_assert_uint_eq(sum.n_modular, 0); /* integers suffice */
		so_suppress_ok(&b, k, again, NULL);
		ck_assert(memcmp(hid, again, b.n * sizeof *hid) == 0);
		so_permuted(&b, &b2);
		so_suppress_ok(&b2, k, again, NULL);
		ck_assert_msg(memcmp(hid, again, b.n * sizeof *hid) == 0,
			      "round %d: order of equations matters", round);
		sdc_problem p = so_prob(&b, k);
		p.flags = SDC_FLAG_MODULAR;
		tu_ok(sdc_suppress(&p, again, NULL), "modular");
		ck_assert(memcmp(hid, again, b.n * sizeof *hid) == 0);
	}
}

START_TEST(test_random_flat)
{
	random_rounds(SO_FLAT, tu_rounds(1000));
}
END_TEST

START_TEST(test_random_shared)
{
	random_rounds(SO_SHARED, tu_rounds(600));
}
END_TEST

START_TEST(test_random_quarters)
{
	random_rounds(SO_QUARTERS, tu_rounds(300));
}
END_TEST

/*
 * Equations over random halves of 60 cells: their minors pass 2^62, so
 * the integer method gives up and the modular one must answer, as the
 * modular method forced does.
 */
START_TEST(test_large_minors)
{
	static struct pb b;
	bool hid[MAXC], det[MAXC], det2[MAXC], again[MAXC];
	size_t i, e, t[64], nd = 0;
	sdc_summary sum;

	setenv("SSPF_TEST_SEED", "20260601", 0);
	so_rng = tu_seed("sdc large minors");
	for (int round = 0; round < 3; round++) {
		memset(&b, 0, sizeof b);
		for (i = 0; i < 60; i++)
			so_cell(&b, 1 + (int64_t)tu_below(&so_rng, 9));
		for (e = 0; e < 62 + 8 * (size_t)round; e++) {
			size_t n = 0, total = so_cell(&b, 0);
			for (i = 0; i < 60; i++)
				if (tu_below(&so_rng, 2))
					t[n++] = i;
			so_eq(&b, total, t, n);
		}
		/* all 60, and a few totals: none in the last round, where
		 * more equations than unknowns determine every cell */
		unsigned pct = 20u - 10u * (unsigned)round;
		for (i = 0; i < b.n; i++)
			hid[i] = i < 60 || tu_below(&so_rng, 100) < pct;
		sdc_problem p = so_prob(&b, 5);
		tu_ok(sdc_determined(&p, hid, det), "sdc_determined");
		tu_ok(sdc_suppress(&p, again, &sum), "sdc_suppress");
		/* the integers overflowed */
		ck_assert_uint_gt(sum.n_modular, 0);
		p.flags = SDC_FLAG_MODULAR;
		tu_ok(sdc_determined(&p, hid, det2), "sdc_determined");
		ck_assert(memcmp(det, det2, b.n * sizeof *det) == 0);
		tu_ok(sdc_suppress(&p, hid, NULL), "sdc_suppress");
		ck_assert(memcmp(hid, again, b.n * sizeof *hid) == 0);
		for (i = 0; i < b.n; i++)
			nd += det[i];
	}
	ck_assert_uint_gt(nd, 0); /* not only "all free" */
}
END_TEST

/* sdc_determined against the solver of sdc_oracle.c, on random hidden sets. */
START_TEST(test_random_determined)
{
	static struct pb b;
	bool hid[MAXC], det[MAXC], det2[MAXC], ok[MAXC];
	size_t col[MAXC], h, i, n_det = 0, n_free = 0;

	setenv("SSPF_TEST_SEED", "20260601", 0);
	so_rng = tu_seed("sdc random hidden sets");
	for (int round = 0; round < tu_rounds(600); round++) {
		so_random_pb(&b, (enum so_kind)(round % 3));
		for (i = 0; i < b.n; i++)
			hid[i] = tu_below(&so_rng, 100) <
				 (uint64_t)(15 + round % 50);
		sdc_problem p = so_prob(&b, 5);
		tu_ok(sdc_determined(&p, hid, det), "sdc_determined");
		p.flags = SDC_FLAG_MODULAR;
		tu_ok(sdc_determined(&p, hid, det2), "sdc_determined");
		h = so_free_dirs(&b, hid, col, ok, so_dir);
		for (i = 0; i < h; i++) {
			REQUIRE(det[col[i]] == !ok[i], "round %d cell %zu",
				round, col[i]);
			REQUIRE(det2[col[i]] == det[col[i]], "modular");
			n_det += det[col[i]], n_free += !det[col[i]];
		}
		for (i = 0; i < b.n; i++)
			REQUIRE(hid[i] || (!det[i] && !det2[i]), "published");
	}
	/* both answers came up often enough to mean something */
	ck_assert_uint_gt(n_det, (size_t)tu_rounds(500));
	ck_assert_uint_gt(n_free, (size_t)tu_rounds(500));
}
END_TEST

static Suite *sdc_suite(void)
{
	Suite *s = suite_create("sdc");
	TCase *tc = tcase_create("small tables");

	tcase_add_test(tc, test_rectangle);
	tcase_add_test(tc, test_row);
	tcase_add_test(tc, test_zeros);
	tcase_add_test(tc, test_k);
	tcase_add_test(tc, test_linear_algebra);
	tcase_add_test(tc, test_unprotected);
	tcase_add_test(tc, test_invalid);
	suite_add_tcase(s, tc);
	tc = tcase_create("random tables");
	tcase_add_test(tc, test_random_flat);
	tcase_add_test(tc, test_random_shared);
	tcase_add_test(tc, test_random_quarters);
	tcase_add_test(tc, test_random_determined);
	tcase_add_test(tc, test_large_minors);
	tcase_set_timeout(tc, 600);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(sdc_suite());
	int failed;

	srunner_run_all(sr, CK_VERBOSE);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
