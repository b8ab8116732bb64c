/*
 * test_sdc_linked.c - the disclosure control of the statistics
 * (src/core/sdc.h) with earlier releases, as fixed cells: two quarters
 * and their half-year released one by one in the three orders, each
 * export linked with the earlier ones as published and the later ones as
 * not released, and the rules checked over the union; a half-year
 * released while a quarter never is; random fixed states (kept as given;
 * every rule holds but for what the fixed cells give away by themselves,
 * which given_away() below works out on its own); the fixed states a
 * caller can get wrong. The rules are checked by the independent solver
 * of sdc_oracle.c; the suite without fixed cells is test_sdc.c.
 */
#include "sdc_oracle.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small examples ---- */

/*
 * A quarter cell hidden earlier (5), the other quarter not released yet
 * and 0: the half-year cell (5) must be hidden, as the 0 will be published
 * with its quarter. If the other quarter counts 7 (>= k) instead, the
 * half-year (12) can be published: 5 + 7 are free together.
 */
START_TEST(test_fixed_zero)
{
	struct pb b = { 0 };
	size_t h = so_cell(&b, 0), q1 = so_cell(&b, 5), q2 = so_cell(&b, 0);
	unsigned char fx[MAXC] = { SDC_FREE, SDC_UNKNOWN, SDC_UNRELEASED };
	bool hid[MAXC];
	sdc_summary s;

	so_eq(&b, h, (size_t[]){ q1, q2 }, 2);
	sdc_problem p = so_prob(&b, 5);
	p.fixed = fx;
	tu_ok(sdc_suppress(&p, hid, &s), "sdc_suppress");
	so_expect_hidden(hid, b.n, (size_t[]){ h, q1, q2 }, 3);
	ck_assert_uint_eq(s.n_primary, 0);
	ck_assert_uint_eq(s.n_secondary, 1);
	ck_assert_uint_eq(s.n_inherited, 0);
	so_check_linked(&b, 5, hid, fx, NULL);
	b.count[q2] = 7, b.count[h] = 12;
	tu_ok(sdc_suppress(&p, hid, &s), "sdc_suppress");
	so_expect_hidden(hid, b.n, (size_t[]){ q1, q2 }, 2);
	so_check_linked(&b, 5, hid, fx, NULL);
	/* released now as 0, the half-year published: given away */
	b.count[q2] = 0, b.count[h] = 5;
	fx[h] = SDC_PUBLISHED, fx[q2] = SDC_FREE;
	tu_ok(sdc_suppress(&p, hid, &s), "sdc_suppress");
	so_expect_hidden(hid, b.n, (size_t[]){ q1 }, 1);
	ck_assert_uint_eq(s.n_inherited, 1);
}
END_TEST

/* An earlier release gave a hidden 3 away (10 - 7): reported, not
 * failed, and no free cell is hidden for it. */
START_TEST(test_fixed_inherited)
{
	struct pb b = { 0 };
	size_t h = so_cell(&b, 0), q1 = so_cell(&b, 7), q2 = so_cell(&b, 3);
	size_t t = so_cell(&b, 0), x = so_cell(&b, 2), y = so_cell(&b, 9);
	unsigned char fx[MAXC] = { SDC_PUBLISHED, SDC_PUBLISHED, SDC_UNKNOWN };
	bool hid[MAXC];
	sdc_summary s;

	so_eq(&b, h, (size_t[]){ q1, q2 }, 2);
	so_eq(&b, t, (size_t[]){ x, y }, 2); /* the new export, unlinked */
	sdc_problem p = so_prob(&b, 5);
	p.fixed = fx;
	tu_ok(sdc_suppress(&p, hid, &s), "sdc_suppress");
	so_expect_hidden(hid, b.n, (size_t[]){ q2, x, y }, 3);
	ck_assert_uint_eq(s.n_inherited, 1);
	bool inh[MAXC] = { false };
	inh[q2] = true;
	so_check_linked(&b, 5, hid, fx, inh);
	ck_assert_ptr_nonnull(so_broken(&b, 5, hid, fx, NULL)); /* it is given
								away */
}
END_TEST

START_TEST(test_fixed_invalid)
{
	struct pb b = { 0 };
	size_t g = NONE, in[4], j;
	unsigned char fx[MAXC] = { 0 };
	bool hid[MAXC], prot[MAXC];

	so_table(&b, 2, 2, (int64_t[]){ 2, 10, 8, 20 }, NULL, &g, in);
	sdc_problem p = so_prob(&b, 5);
	p.fixed = fx;
	fx[in[0]] = SDC_PUBLISHED; /* counts 2 < 5: a bug, or k was lower */
	ck_assert_int_eq(sdc_suppress(&p, hid, NULL), SSPF_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(sspf_err_detail(), "published earlier"));
	for (j = 0; j < b.n; j++)
		ck_assert(!hid[j]);
	p.k = 3; /* 2 < 3 still */
	ck_assert_int_eq(sdc_check(&p), SSPF_ERR_INVALID);
	fx[in[0]] = SDC_UNKNOWN;
	tu_ok(sdc_check(&p), "a small cell hidden earlier");
	fx[in[0]] = SDC_UNRELEASED + 1;
	ck_assert_int_eq(sdc_check(&p), SSPF_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(sspf_err_detail(), "fixed state"));
	fx[in[0]] = SDC_FREE;
	/* outside disclosure control: published, never hidden */
	for (j = 0; j < b.n; j++)
		prot[j] = false;
	p.protect = prot;
	fx[in[1]] = SDC_PUBLISHED;
	tu_ok(sdc_suppress(&p, hid, NULL), "unprotected published");
	fx[in[1]] = SDC_UNKNOWN;
	ck_assert_int_eq(sdc_check(&p), SSPF_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(sspf_err_detail(), "outside"));
}
END_TEST

/* ---- random tables, released one after another ---- */

/* The cells given away by the fixed cells alone: determined even with
 * every FREE cell hidden; by the solver of sdc_oracle.c. */
static void given_away(const struct pb *b, const bool *hidden,
		       const unsigned char *fx, bool *inh)
{
	bool all[MAXC], ok[MAXC];
	size_t col[MAXC], h, j;

	for (j = 0; j < b->n; j++) {
		all[j] = (hidden[j] || fx[j] == SDC_FREE) && b->count[j] > 0;
		inh[j] = false;
	}
	h = so_free_dirs(b, all, col, ok, so_dir);
	for (j = 0; j < h; j++)
		inh[col[j]] = !ok[j];
}

/*
 * Q1, Q2 and H = Q1 + Q2 (cells by thirds of b, as so_random_pb lays out
 * SO_QUARTERS) exported one at a time in order[], steps of them: each export
 * linked with the earlier ones fixed as they were released and the later
 * ones fixed as unrel. After each, the rules hold over the whole linked
 * problem, nothing is inherited but FREE cells of >= k (as if published),
 * and the answer is the same with the modular arithmetic. fin gets every
 * released cell's hidden state; returns the persons hidden in all.
 */
static int64_t release(const struct pb *b, int k, const int *order, int steps,
		       unsigned char unrel, bool *fin)
{
	unsigned char fx[MAXC];
	bool hid[MAXC], again[MAXC], inh[MAXC], released[3] = { false };
	size_t third = b->n / 3, j;
	int64_t persons = 0;
	sdc_summary sum;

	for (int st = 0; st < steps; st++) {
		for (j = 0; j < b->n; j++) {
			size_t per = j / third;
			fx[j] = (int)per == order[st] ? SDC_FREE
				: !released[per]      ? unrel
				: fin[j]	      ? SDC_UNKNOWN
						      : SDC_PUBLISHED;
		}
		sdc_problem p = so_prob(b, k);
		p.fixed = fx;
		tu_ok(sdc_suppress(&p, hid, &sum), "sdc_suppress");
		ck_assert_uint_eq(sum.n_inherited, 0);
		given_away(b, hid, fx, inh);
		for (j = 0; j < b->n; j++)
			REQUIRE(!inh[j] || !hid[j] || !so_watched(b, k, fx, j),
				"step %d: hidden cell %zu given away", st, j);
		so_check_linked(b, k, hid, fx, inh);
		p.flags = SDC_FLAG_MODULAR;
		tu_ok(sdc_suppress(&p, again, NULL), "modular");
		ck_assert(memcmp(hid, again, b->n * sizeof *hid) == 0);
		for (j = 0; j < b->n; j++) {
			if (j / third != (size_t)order[st])
				continue;
			fin[j] = hid[j];
			persons += hid[j] ? b->count[j] : 0;
		}
		released[order[st]] = true;
	}
	return persons;
}

/*
 * The three orders of releasing two quarters and their half-year, on
 * random tables with margins: once all three are out, no hidden cell of
 * any of them that counts >= 1 can be worked out from the published cells
 * of all three, and no published cell counts 1..k-1. The periods not yet
 * released are passed as SDC_UNRELEASED, and as SDC_UNKNOWN (safe too,
 * only costlier).
 */
START_TEST(test_release_orders)
{
	static struct pb b;
	static const int orders[3][3] = { { 0, 1, 2 },
					  { 0, 2, 1 },
					  { 2, 0, 1 } };
	static const int ks[] = { 3, 5, 10 };
	unsigned char all[MAXC];
	bool fin[MAXC];
	int64_t cost[2] = { 0, 0 };
	size_t j;

	setenv("SSPF_TEST_SEED", "20260601", 0);
	so_rng = tu_seed("sdc release orders");
	for (int round = 0; round < tu_rounds(120); round++) {
		int k = ks[tu_below(&so_rng, 3)];
		so_random_pb(&b, SO_QUARTERS);
		for (int o = 0; o < 3; o++) {
			for (int m = 0; m < 2; m++) {
				cost[m] += release(
					&b, k, orders[o], 3,
					m ? SDC_UNKNOWN : SDC_UNRELEASED, fin);
				/* the union, everything released */
				for (j = 0; j < b.n; j++)
					all[j] = fin[j] ? SDC_UNKNOWN
							: SDC_PUBLISHED;
				const char *msg =
					so_broken(&b, k, fin, all, NULL);
				ck_assert_msg(msg == NULL, "round %d: %s",
					      round, msg);
			}
		}
	}
	/* SDC_UNKNOWN for what is not out yet hides more than needed */
	ck_assert_int_lt(cost[0], cost[1]);
	printf("release orders: %lld persons hidden, %lld with unreleased "
	       "periods as unknown\n",
	       (long long)cost[0], (long long)cost[1]);
}
END_TEST

/*
 * Q1 released, then H, Q2 never: H is protected so that Q1's hidden cells
 * and Q2's small cells stay undetermined. Without the link (H protected on
 * its own), H - Q1 would give some of them away: shown too.
 */
START_TEST(test_release_part)
{
	static struct pb b, h;
	static const int order[3] = { 0, 2, 1 };
	unsigned char fx[MAXC];
	bool fin[MAXC], alone[MAXC], need[MAXC];
	size_t third, j, n_leak = 0, n_q1 = 0;

	setenv("SSPF_TEST_SEED", "20260601", 0);
	so_rng = tu_seed("sdc release part");
	for (int round = 0; round < tu_rounds(150); round++) {
		so_random_pb(&b, SO_QUARTERS);
		third = b.n / 3;
		release(&b, 5, order, 2, SDC_UNRELEASED, fin);
		for (j = 0; j < b.n; j++) {
			size_t per = j / third;
			fx[j] = per == 1 ? SDC_UNRELEASED
				: fin[j] ? SDC_UNKNOWN
					 : SDC_PUBLISHED;
			need[j] = fx[j] != SDC_PUBLISHED &&
				  so_watched(&b, 5, fx, j);
			n_q1 += per == 0 && fin[j];
		}
		bool hid[MAXC]; /* cells of 0 count as known, see sdc.h */
		for (j = 0; j < b.n; j++)
			hid[j] = fx[j] != SDC_PUBLISHED && b.count[j] > 0;
		REQUIRE(so_undetermined(&b, hid, need), "round %d: %s", round,
			so_why);
		/* H alone: its own table, its own equations */
		memset(&h, 0, sizeof h);
		h.n = third;
		memcpy(h.count, b.count + 2 * third, third * sizeof *h.count);
		for (size_t e = 0; e < b.ne; e++) {
			if (b.terms[b.start[e]] < 2 * third)
				continue; /* Q1's, Q2's, or linking */
			size_t t[16], n = 0;
			for (size_t i = b.start[e]; i < b.start[e + 1]; i++)
				t[n++] = b.terms[i] - 2 * third;
			so_eq(&h, b.total[e] - 2 * third, t, n);
		}
		sdc_problem p = so_prob(&h, 5);
		tu_ok(sdc_suppress(&p, alone, NULL), "H alone");
		for (j = 0; j < third; j++) {
			hid[2 * third + j] = alone[j] && h.count[j] > 0;
			need[2 * third + j] = alone[j] && h.count[j] > 0;
		}
		n_leak += !so_undetermined(&b, hid, need);
	}
	ck_assert_uint_gt(n_q1, 0);
	ck_assert_uint_gt(n_leak, 0); /* the link is what protects them */
	printf("release part: H on its own gave cells away in %zu of %d\n",
	       n_leak, tu_rounds(150));
}
END_TEST

/* Random fixed states on random tables: fixed cells keep their state,
 * every rule holds but for what the fixed cells give away themselves, and
 * the order of the equations does not matter. */
START_TEST(test_fixed_random)
{
	static struct pb b, b2;
	unsigned char fx[MAXC];
	bool hid[MAXC], again[MAXC], inh[MAXC];
	size_t j, n_inh = 0, n_fixed = 0;
	sdc_summary sum;

	setenv("SSPF_TEST_SEED", "20260601", 0);
	so_rng = tu_seed("sdc random fixed");
	for (int round = 0; round < tu_rounds(600); round++) {
		int k = 5;
		so_random_pb(&b, (enum so_kind)(round % 3));
		for (j = 0; j < b.n; j++) {
			uint64_t r = tu_below(&so_rng, 10);
			bool small = b.count[j] > 0 && b.count[j] < k;
			fx[j] = r < 5		  ? SDC_FREE
				: r < 7 && !small ? SDC_PUBLISHED
				: r < 9		  ? SDC_UNKNOWN
						  : SDC_UNRELEASED;
		}
		sdc_problem p = so_prob(&b, k);
		p.fixed = fx;
		tu_ok(sdc_suppress(&p, hid, &sum), "sdc_suppress");
		given_away(&b, hid, fx, inh);
		size_t want = 0;
		for (j = 0; j < b.n; j++) {
			REQUIRE(fx[j] == SDC_FREE ||
					hid[j] == (fx[j] != SDC_PUBLISHED),
				"round %d: fixed cell %zu changed", round, j);
			want += hid[j] && inh[j] && so_watched(&b, k, fx, j);
			REQUIRE(!inh[j] || !hid[j] || fx[j] != SDC_FREE ||
					b.count[j] < k,
				"round %d: cell %zu hidden for nothing", round,
				j);
			n_fixed += fx[j] != SDC_FREE;
		}
		ck_assert_uint_eq(sum.n_inherited, want);
		n_inh += want;
		so_check_linked(&b, k, hid, fx, inh);
		so_permuted(&b, &b2);
		p = so_prob(&b2, k);
		p.fixed = fx;
		tu_ok(sdc_suppress(&p, again, NULL), "permuted");
		ck_assert(memcmp(hid, again, b.n * sizeof *hid) == 0);
		p.flags = SDC_FLAG_MODULAR;
		tu_ok(sdc_suppress(&p, again, NULL), "modular");
		ck_assert(memcmp(hid, again, b.n * sizeof *hid) == 0);
	}
	ck_assert_uint_gt(n_inh, 0); /* random histories do give away */
	ck_assert_uint_gt(n_fixed, 0);
}
END_TEST

static Suite *sdc_linked_suite(void)
{
	Suite *s = suite_create("sdc_linked");
	TCase *tc = tcase_create("small tables");

	tcase_add_test(tc, test_fixed_zero);
	tcase_add_test(tc, test_fixed_inherited);
	tcase_add_test(tc, test_fixed_invalid);
	suite_add_tcase(s, tc);
	tc = tcase_create("random tables");
	tcase_add_test(tc, test_release_orders);
	tcase_add_test(tc, test_release_part);
	tcase_add_test(tc, test_fixed_random);
	tcase_set_timeout(tc, 600);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(sdc_linked_suite());
	int failed;

	srunner_run_all(sr, CK_VERBOSE);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
