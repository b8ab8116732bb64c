/*
 * test_ckm.c - the cell key method of the statistics export
 * (src/core/ckm.c): what a published count promises (never 1..k-1, never
 * negative, at most D from the truth for counts >= k), that the same cell
 * always gets the same value, that the noise has mean 0 for every count,
 * that the cell keys on a fine grid pick each noise as often as the
 * perturbation table says, and the cell keys themselves. Run for k = 3, 5,
 * 10 and D = 1, 2, 3.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sspf/error.h>

#include "core/ckm.h"
#include "testutil.h"

static const int ks[] = { 3, 5, 10 };
static const int ds[] = { 1, 2, 3 };
#define N_KS (sizeof ks / sizeof ks[0])
#define N_DS (sizeof ds / sizeof ds[0])

/*
 * An assertion for the hot loops: check's ck_assert reports every passing
 * check to the runner through a pipe, which made this suite spend minutes
 * in the kernel; this one only calls check when it fails.
 */
#define CHECK(expr, ...)                           \
	do {                                       \
		if (!(expr))                       \
			ck_abort_msg(__VA_ARGS__); \
	} while (0)

/* The grid of cell keys: 2^GRID_BITS evenly spaced fractions i / 2^16. */
#define GRID_BITS 16
#define GRID (1u << GRID_BITS)
#define GRID_KEY(i) ((uint32_t)(i) << (32 - GRID_BITS))

static int64_t publish(const ckm_params *p, int64_t n, uint32_t key)
{
	int64_t out = -1;
	sspf_err e = ckm_perturb(p, n, key, &out);

	CHECK(e == SSPF_OK, "ckm_perturb(k %d, D %d, n %lld): %d (%s)", p->k,
	      p->d_max, (long long)n, (int)e, sspf_err_detail());
	return out;
}

static ckm_row row_of(const ckm_params *p, int64_t n)
{
	ckm_row r;

	memset(&r, 0, sizeof r);
	tu_ok(ckm_row_get(p, n, &r), "ckm_row_get");
	return r;
}

/* What a user of the export relies on for one published value. */
static void check_published(const ckm_params *p, int64_t n, uint32_t key,
			    int64_t v)
{
	CHECK(v >= 0, "n %lld key %u: published %lld", (long long)n, key,
	      (long long)v);
	CHECK(v == 0 || v >= p->k,
	      "k %d n %lld key %u: published %lld is in 1..k-1", p->k,
	      (long long)n, key, (long long)v);
	if (n == 0)
		CHECK(v == 0, "n 0 key %u: published %lld", key, (long long)v);
	else if (n < p->k)
		CHECK(v == 0 || v == p->k,
		      "k %d n %lld: published %lld, not 0 or k", p->k,
		      (long long)n, (long long)v);
	else
		CHECK(llabs(v - n) <= p->d_max && v >= p->k,
		      "k %d D %d n %lld key %u: published %lld", p->k, p->d_max,
		      (long long)n, key, (long long)v);
}

/* Call fn for each table (k in ks, D in ds) and each count 0..200. */
static void each_row(void (*fn)(const ckm_params *p, int64_t n))
{
	size_t a, b;
	int64_t n;

	for (a = 0; a < N_KS; a++)
		for (b = 0; b < N_DS; b++) {
			ckm_params p = { ks[a], ds[b] };

			for (n = 0; n <= 200; n++)
				fn(&p, n);
		}
}

/* ---- published values ---- */

static uint64_t bounds_rng;

/* The ends of the key range, a coarse grid, and random keys. */
static void bounds_of(const ckm_params *p, int64_t n)
{
	uint32_t j, key;

	check_published(p, n, 0, publish(p, n, 0));
	check_published(p, n, UINT32_MAX, publish(p, n, UINT32_MAX));
	for (j = 0; j < 1024; j++) {
		key = j << 22;
		check_published(p, n, key, publish(p, n, key));
		key = (uint32_t)tu_rand(&bounds_rng);
		check_published(p, n, key, publish(p, n, key));
	}
}

START_TEST(test_bounds)
{
	bounds_rng = tu_seed("ckm bounds");
	each_row(bounds_of);
}
END_TEST

START_TEST(test_large_counts)
{
	ckm_params p = { 5, 2 };
	int64_t big[] = { 1000, 123456789, CKM_COUNT_MAX - 2, CKM_COUNT_MAX };
	size_t i;

	for (i = 0; i < sizeof big / sizeof big[0]; i++) {
		check_published(&p, big[i], 0, publish(&p, big[i], 0));
		ck_assert_int_eq(publish(&p, big[i], 0), big[i] - 2);
		ck_assert_int_eq(publish(&p, big[i], UINT32_MAX), big[i] + 2);
	}
}
END_TEST

START_TEST(test_deterministic)
{
	uint64_t rng = tu_seed("ckm deterministic");
	ckm_params p = { 5, 2 };
	int64_t n;
	int i;

	for (i = 0; i < 10000; i++) {
		uint32_t key = (uint32_t)tu_rand(&rng);

		n = (int64_t)tu_below(&rng, 201);
		CHECK(publish(&p, n, key) == publish(&p, n, key),
		      "n %lld key %u: two values", (long long)n, key);
	}
	/* another cell key can give another value: the smallest and the
	   largest key take the two ends of each row */
	for (n = 1; n < 5; n++) {
		ck_assert_int_eq(publish(&p, n, 0), 0);
		ck_assert_int_eq(publish(&p, n, UINT32_MAX), 5);
	}
	ck_assert_int_eq(publish(&p, 6, 0), 5);
	ck_assert_int_eq(publish(&p, 6, UINT32_MAX), 7);
	for (n = 7; n <= 200; n++) {
		ck_assert_int_eq(publish(&p, n, 0), n - 2);
		ck_assert_int_eq(publish(&p, n, 0x80000000u), n);
		ck_assert_int_eq(publish(&p, n, UINT32_MAX), n + 2);
	}
}
END_TEST

/* ---- the perturbation table ---- */

/* A row's own promises, checked in integers: ascending noises with weights
   above 0 that sum to the total, mean 0, and the bounds. */
static void check_row(const ckm_params *p, const ckm_row *r)
{
	uint64_t sum = 0;
	int64_t moment = 0;
	size_t i;

	ck_assert_uint_ge(r->n, 1);
	ck_assert_uint_le(r->n, CKM_ROW_MAX);
	for (i = 0; i < r->n; i++) {
		ck_assert_uint_gt(r->weight[i], 0);
		if (i > 0)
			ck_assert_int_lt(r->noise[i - 1], r->noise[i]);
		check_published(p, r->count, 0, r->count + r->noise[i]);
		ck_assert(r->prob[i] ==
			  (double)r->weight[i] / (double)r->total);
		sum += r->weight[i];
		moment += r->noise[i] * (int64_t)r->weight[i];
	}
	ck_assert_uint_eq(sum, r->total);
	ck_assert_msg(moment == 0, "k %d D %d n %lld: mean noise %lld/%llu",
		      p->k, p->d_max, (long long)r->count, (long long)moment,
		      (unsigned long long)r->total);
}

/* Rows 1..k-1: 0 with probability 1 - n/k, k with probability n/k. */
static void check_small_row(const ckm_params *p, const ckm_row *r)
{
	int64_t n = r->count;

	ck_assert_uint_eq(r->n, 2);
	ck_assert_int_eq(r->noise[0], -n);
	ck_assert_int_eq(r->noise[1], p->k - n);
	/* weight / total == n / k, cross-multiplied */
	ck_assert_uint_eq(r->weight[1] * (uint64_t)p->k,
			  (uint64_t)n * r->total);
}

static void row_ok(const ckm_params *p, int64_t n)
{
	int64_t last = ckm_last_row(p);
	ckm_row r = row_of(p, n), lr = row_of(p, last);

	ck_assert_int_eq(r.count, n);
	check_row(p, &r);
	if (n == 0)
		ck_assert_uint_eq(r.n, 1);
	else if (n < p->k)
		check_small_row(p, &r);
	else if (n > p->k) /* there is noise above k */
		ck_assert_uint_ge(r.n, 3);
	if (n >= last) { /* rows beyond the last reuse it */
		ck_assert_uint_eq(r.n, lr.n);
		ck_assert_uint_eq(r.total, lr.total);
		ck_assert(memcmp(r.noise, lr.noise, sizeof r.noise) == 0);
		ck_assert(memcmp(r.weight, lr.weight, sizeof r.weight) == 0);
	}
	/* the last row uses the full width -D..D */
	ck_assert_uint_eq(lr.n, (size_t)(2 * p->d_max + 1));
	ck_assert_int_eq(lr.noise[0], -p->d_max);
}

START_TEST(test_rows)
{
	each_row(row_ok);
}
END_TEST

/* The table printed in the comment of ckm.c for k = 5, D = 2. */
START_TEST(test_documented_table)
{
	static const struct {
		int n;
		int nn;
		int noise[5];
		uint64_t weight[5], total;
	} want[] = {
		{ 0, 1, { 0 }, { 1 }, 1 },
		{ 1, 2, { -1, 4 }, { 4, 1 }, 5 },
		{ 2, 2, { -2, 3 }, { 3, 2 }, 5 },
		{ 3, 2, { -3, 2 }, { 2, 3 }, 5 },
		{ 4, 2, { -4, 1 }, { 1, 4 }, 5 },
		{ 5, 1, { 0 }, { 1 }, 1 },
		{ 6, 3, { -1, 0, 1 }, { 1, 2, 1 }, 4 },
		{ 7, 5, { -2, -1, 0, 1, 2 }, { 1, 4, 6, 4, 1 }, 16 },
	};
	ckm_params p = { 5, 2 };
	size_t i, j;

	ck_assert_int_eq(ckm_last_row(&p), 7);
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		ckm_row r = row_of(&p, want[i].n);

		ck_assert_uint_eq(r.n, (size_t)want[i].nn);
		ck_assert_uint_eq(r.total, want[i].total);
		for (j = 0; j < r.n; j++) {
			ck_assert_int_eq(r.noise[j], want[i].noise[j]);
			ck_assert_uint_eq(r.weight[j], want[i].weight[j]);
		}
	}
}
END_TEST

/*
 * Over the 2^16 grid of cell keys, for every n: each noise comes up as
 * often as its row says, within one key of the grid (exactly, when the
 * row's total divides 2^16), and the mean noise is 0 (exactly for the
 * rows n = 0 and n >= k, whose totals are powers of two; within k / 2^16
 * for 1..k-1, whose probabilities are multiples of 1/k).
 */
static void grid_of(const ckm_params *p, int64_t n)
{
	ckm_row r = row_of(p, n);
	uint64_t freq[CKM_ROW_MAX] = { 0 };
	int64_t moment = 0, d, diff; /* moment: the sum of the noises */
	uint32_t g;
	size_t i;

	/* under valgrind every count up to past k + D, where the rows
	 * differ, and every tenth one above (tu_rounds) */
	if (n > 2 * p->k + p->d_max && n % (200 / tu_rounds(200)) != 0)
		return;
	for (g = 0; g < GRID; g++) {
		d = publish(p, n, GRID_KEY(g)) - n;
		for (i = 0; i < r.n && r.noise[i] != d; i++)
			;
		CHECK(i < r.n, "n %lld: noise %lld is not in its row",
		      (long long)n, (long long)d);
		freq[i]++;
		moment += d;
	}
	for (i = 0; i < r.n; i++) {
		/* |freq / 2^16 - weight / total| <= 2^-16, cross-multiplied */
		diff = (int64_t)(freq[i] * r.total) -
		       (int64_t)(r.weight[i] << GRID_BITS);
		ck_assert_msg(llabs(diff) <= (int64_t)r.total,
			      "k %d D %d n %lld noise %d: %llu of 2^16, want "
			      "%llu/%llu",
			      p->k, p->d_max, (long long)n, r.noise[i],
			      (unsigned long long)freq[i],
			      (unsigned long long)r.weight[i],
			      (unsigned long long)r.total);
		if (GRID % r.total == 0)
			ck_assert_int_eq(diff, 0);
	}
	if (n == 0 || n >= p->k)
		ck_assert_int_eq(moment, 0);
	else
		ck_assert_msg(llabs(moment) <= p->k,
			      "k %d n %lld: mean noise %lld / 2^16", p->k,
			      (long long)n, (long long)moment);
}

START_TEST(test_grid)
{
	each_row(grid_of);
}
END_TEST

/* ---- keys ---- */

START_TEST(test_cell_key)
{
	uint64_t rng = tu_seed("ckm cell key");
	uint32_t keys[64], shuffled[64], more[65];
	uint32_t wrap[] = { UINT32_MAX, 2 };
	uint32_t sum = 0;
	size_t i, j;

	for (i = 0; i < 64; i++)
		keys[i] = ckm_record_key();
	memcpy(shuffled, keys, sizeof keys);
	for (i = 63; i > 0; i--) {
		uint32_t t;

		j = (size_t)tu_below(&rng, i + 1);
		t = shuffled[i];
		shuffled[i] = shuffled[j];
		shuffled[j] = t;
	}
	/* order independent, and the same as counting one by one */
	ck_assert_uint_eq(ckm_cell_key(keys, 64), ckm_cell_key(shuffled, 64));
	for (i = 0; i < 64; i++)
		sum = ckm_key_add(sum, shuffled[i]);
	ck_assert_uint_eq(sum, ckm_cell_key(keys, 64));
	/* one more person changes the key, whoever it is */
	memcpy(more, keys, sizeof keys);
	for (i = 0; i < 1000; i++) {
		more[64] = ckm_record_key();
		ck_assert_uint_ne(ckm_cell_key(more, 65),
				  ckm_cell_key(keys, 64));
	}
	/* the sum is modulo 2^32; an empty cell has key 0 */
	ck_assert_uint_eq(ckm_cell_key(wrap, 2), 1);
	ck_assert_uint_eq(ckm_cell_key(NULL, 0), 0);
}
END_TEST

START_TEST(test_record_key)
{
	int i, high = 0, distinct = 0;
	uint32_t first = ckm_record_key();

	/* never 0, and random: the top bit is a fair coin (1000 tosses
	   outside 400..600 happen with probability below 1e-9) */
	for (i = 0; i < 1000; i++) {
		uint32_t k = ckm_record_key();

		ck_assert_uint_ne(k, 0);
		high += (k >> 31) != 0;
		distinct += k != first;
	}
	ck_assert_int_ge(high, 400);
	ck_assert_int_le(high, 600);
	ck_assert_int_ge(distinct, 999);
}
END_TEST

/* ---- errors ---- */

START_TEST(test_invalid)
{
	static const ckm_params bad[] = { { 2, 2 },  { 0, 2 },
					  { -5, 2 }, { 5, 0 },
					  { 5, -1 }, { 5, CKM_D_MAX + 1 } };
	ckm_params ok = { 3, 1 };
	int64_t out = 42;
	ckm_row r;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_int_eq(ckm_params_check(&bad[i]), SSPF_ERR_INVALID);
		ck_assert_str_ne(sspf_err_detail(), "");
		ck_assert_int_eq(ckm_perturb(&bad[i], 7, 0, &out),
				 SSPF_ERR_INVALID);
		ck_assert_int_eq(ckm_row_get(&bad[i], 7, &r), SSPF_ERR_INVALID);
	}
	ck_assert_int_eq(ckm_params_check(NULL), SSPF_ERR_INVALID);
	ck_assert_int_eq(ckm_perturb(NULL, 7, 0, &out), SSPF_ERR_INVALID);
	ck_assert_int_eq(ckm_perturb(&ok, -1, 0, &out), SSPF_ERR_INVALID);
	ck_assert_int_eq(ckm_perturb(&ok, CKM_COUNT_MAX + 1, 0, &out),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(ckm_row_get(&ok, -1, &r), SSPF_ERR_INVALID);
	ck_assert_int_eq(out, 42); /* untouched on failure */
	tu_ok(ckm_params_check(&ok), "k 3, D 1");
	ok.d_max = CKM_D_MAX;
	tu_ok(ckm_params_check(&ok), "D at its limit");
	ck_assert_int_eq(publish(&ok, 200, UINT32_MAX), 200 + CKM_D_MAX);
}
END_TEST

static Suite *ckm_suite(void)
{
	const struct tu_test tests[] = {
		{ "bounds", test_bounds, 0 },
		{ "large_counts", test_large_counts, 0 },
		{ "deterministic", test_deterministic, 0 },
		{ "rows", test_rows, 0 },
		{ "documented_table", test_documented_table, 0 },
		{ "grid", test_grid, 0 },
		{ "cell_key", test_cell_key, 0 },
		{ "record_key", test_record_key, 0 },
		{ "invalid", test_invalid, 0 },
	};
	Suite *s = suite_create("ckm");

	tu_add_tests(s, tests, sizeof tests / sizeof tests[0], NULL, NULL);
	return s;
}

int main(void)
{
	return run_all(ckm_suite());
}
