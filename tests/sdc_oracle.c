/*
 * sdc_oracle.c - the helpers of the disclosure-control suites (see
 * sdc_oracle.h): a builder of sdc_problems and of random tables, and an
 * independent solver that checks the rules without the engine's code. The
 * rules: no published cell of 1..k-1, no line with one hidden cell, at
 * least k persons hidden per line, and, for every hidden cell, two
 * different non-negative fillings of the hidden cells that agree with
 * every published figure (found by a rational null-space computation and
 * then verified equation by equation), so that no hidden cell can be
 * worked out; and no secondary cell could be published without breaking
 * a rule.
 */
#include "sdc_oracle.h"

#include <stdio.h>
#include <string.h>

/* ---- building problems ---- */

size_t so_cell(struct pb *b, int64_t count)
{
	REQUIRE(b->n < MAXC, "too many cells");
	b->count[b->n] = count;
	return b->n++;
}

/* total = sum of the nt terms; the total's count is set here. */
void so_eq(struct pb *b, size_t total, const size_t *t, size_t nt)
{
	int64_t s = 0;

	REQUIRE(b->ne < MAXE && b->nt + nt <= MAXT, "too many equations");
	b->start[b->ne] = b->nt;
	b->total[b->ne++] = total;
	for (size_t i = 0; i < nt; i++)
		s += b->count[b->terms[b->nt++] = t[i]];
	b->start[b->ne] = b->nt;
	b->count[total] = s;
}

sdc_problem so_prob(const struct pb *b, int k)
{
	sdc_problem p = { .n_cells = b->n,
			  .count = b->count,
			  .n_eq = b->ne,
			  .eq_total = b->total,
			  .eq_start = b->start,
			  .eq_terms = b->terms,
			  .k = k };
	return p;
}

/*
 * An r x c table of inner counts v (row-major) with row totals (the cells
 * rows[] if given, shared with another table, else new), column totals
 * and the grand total *g (new if NONE). in[] gets the inner cells.
 */
void so_table(struct pb *b, size_t r, size_t c, const int64_t *v, size_t *rows,
	      size_t *g, size_t *in)
{
	size_t i, j, line[16], rt[16], ct[16];

	for (i = 0; i < r * c; i++)
		in[i] = so_cell(b, v[i]);
	for (i = 0; i < r; i++) {
		for (j = 0; j < c; j++)
			line[j] = in[i * c + j];
		rt[i] = rows != NULL && rows[i] != NONE ? rows[i]
							: so_cell(b, 0);
		so_eq(b, rt[i], line, c);
		if (rows != NULL)
			rows[i] = rt[i];
	}
	for (j = 0; j < c; j++) {
		for (i = 0; i < r; i++)
			line[i] = in[i * c + j];
		so_eq(b, ct[j] = so_cell(b, 0), line, r);
	}
	if (*g == NONE)
		*g = so_cell(b, 0);
	so_eq(b, *g, rt, r);
	so_eq(b, *g, ct, c);
}

void so_suppress_ok(const struct pb *b, int k, bool *hidden, sdc_summary *s)
{
	sdc_problem p = so_prob(b, k);
	tu_ok(sdc_suppress(&p, hidden, s), "sdc_suppress");
}

/* The hidden cells are exactly the n listed. */
void so_expect_hidden(const bool *hidden, size_t ncells, const size_t *want,
		      size_t n)
{
	bool w[MAXC] = { false };

	for (size_t i = 0; i < n; i++)
		w[want[i]] = true;
	for (size_t j = 0; j < ncells; j++)
		REQUIRE(hidden[j] == w[j], "cell %zu is %s, expected %s", j,
			hidden[j] ? "hidden" : "published",
			w[j] ? "hidden" : "published");
}

/* ---- random tables ---- */

uint64_t so_rng;

/* A fifth zeros, two fifths small, the rest larger. */
static int64_t rnd_count(void)
{
	uint64_t r = tu_below(&so_rng, 5);

	return r == 0  ? 0
	       : r < 3 ? 1 + (int64_t)tu_below(&so_rng, 6)
		       : 5 + (int64_t)tu_below(&so_rng, 40);
}

/* The cells of a table made by so_table() start at in[0]: inner, row totals,
 * column totals, grand total. */
#define BLOCK(r, c) ((r) * (c) + (r) + (c) + 1)

void so_random_pb(struct pb *b, enum so_kind kind)
{
	int64_t v[64] = { 0 }, w[64] = { 0 };
	size_t in[64], in2[64], in3[64], g = NONE, rows[16], r, c, c2, i, j;

	memset(b, 0, sizeof *b);
	r = 2 + tu_below(&so_rng, kind == SO_FLAT ? 7 : 4);
	c = 2 + tu_below(&so_rng, kind == SO_FLAT ? 7 : 3);
	for (i = 0; i < r * c; i++)
		v[i] = rnd_count();
	if (kind == SO_FLAT) {
		so_table(b, r, c, v, NULL, &g, in);
	} else if (kind == SO_SHARED) { /* age x gender, age x concern */
		for (i = 0; i < r; i++)
			rows[i] = NONE;
		so_table(b, r, c, v, rows, &g, in);
		c2 = 2 + tu_below(&so_rng, 5);
		for (i = 0; i < r; i++) { /* split each age total */
			int64_t left = b->count[rows[i]];
			for (j = 0; j + 1 < c2; j++) {
				w[i * c2 + j] =
					(int64_t)tu_below(&so_rng, left + 1);
				left -= w[i * c2 + j];
			}
			w[i * c2 + c2 - 1] = left;
		}
		so_table(b, r, c2, w, rows, &g, in2);
	} else { /* two quarters and their half-year, cell by cell */
		for (i = 0; i < r * c; i++)
			w[i] = rnd_count();
		so_table(b, r, c, v, NULL, &g, in);
		g = NONE;
		so_table(b, r, c, w, NULL, &g, in2);
		for (i = 0; i < r * c; i++)
			v[i] += w[i];
		g = NONE;
		so_table(b, r, c, v, NULL, &g, in3);
		for (i = 0; i < BLOCK(r, c); i++)
			so_eq(b, in3[0] + i,
			      (size_t[]){ in[0] + i, in2[0] + i }, 2);
	}
}

/* The same equations in reverse order, each with its terms shuffled. */
void so_permuted(const struct pb *b, struct pb *out)
{
	size_t t[MAXC], e, i, n;

	memcpy(out->count, b->count, sizeof b->count);
	out->n = b->n, out->ne = 0, out->nt = 0;
	for (e = b->ne; e-- > 0;) {
		n = b->start[e + 1] - b->start[e];
		memcpy(t, b->terms + b->start[e], n * sizeof *t);
		for (i = n; i > 1; i--) {
			size_t x = tu_below(&so_rng, i), y = t[i - 1];
			t[i - 1] = t[x], t[x] = y;
		}
		so_eq(out, b->total[e], t, n);
	}
}

/* ---- an independent solver: rationals as __int128 fractions ---- */

typedef struct {
	__int128 n, d; /* d > 0, reduced */
} q_t;

static __int128 gcd128(__int128 a, __int128 b)
{
	a = a < 0 ? -a : a, b = b < 0 ? -b : b;
	while (b != 0) {
		__int128 t = a % b;
		a = b, b = t;
	}
	return a;
}

static q_t q_make(__int128 n, __int128 d)
{
	__int128 g = gcd128(n, d);
	if (d < 0)
		n = -n, d = -d;
	return g > 1 ? (q_t){ n / g, d / g } : (q_t){ n, d };
}

static __int128 mul(__int128 a, __int128 b)
{
	__int128 r;
	REQUIRE(!__builtin_mul_overflow(a, b, &r), "test overflow");
	return r;
}

static q_t q_sub_mul(q_t a, q_t f, q_t b) /* a - f * b */
{
	q_t fb = q_make(mul(f.n, b.n), mul(f.d, b.d));
	return q_make(mul(a.n, fb.d) - mul(fb.n, a.d), mul(a.d, fb.d));
}

static q_t Q[MAXE][MAXC]; /* the reduced matrix, rows x hidden columns */

/*
 * so_free_dirs: for each hidden cell j (col[] lists the hidden cells), find
 * a direction d (integers, over the hidden cells) with A_H d = 0 and
 * d_j != 0, or report that none exists. Returns the number of hidden
 * cells; ok[j] tells whether a direction was found, dir[j * h + ...]
 * holds it.
 */
size_t so_free_dirs(const struct pb *b, const bool *hidden, size_t *col,
		    bool *ok, __int128 *dir)
{
	size_t h = 0, rank = 0, e, i, c, r, pos[MAXC], piv[MAXE];
	bool is_piv[MAXC] = { false };

	for (c = 0; c < b->n; c++)
		if (hidden[c])
			pos[c] = h, col[h++] = c;
	for (e = 0; e < b->ne; e++) {
		for (c = 0; c < h; c++)
			Q[e][c] = (q_t){ 0, 1 };
		if (hidden[b->total[e]])
			Q[e][pos[b->total[e]]].n = 1;
		for (i = b->start[e]; i < b->start[e + 1]; i++)
			if (hidden[b->terms[i]])
				Q[e][pos[b->terms[i]]].n = -1;
	}
	for (c = 0; c < h; c++) { /* Gauss-Jordan, pivots scaled to 1 */
		for (r = rank; r < b->ne && Q[r][c].n == 0; r++)
			;
		if (r == b->ne)
			continue;
		for (i = 0; i < h; i++) {
			q_t t = Q[r][i];
			Q[r][i] = Q[rank][i], Q[rank][i] = t;
		}
		q_t pv = Q[rank][c];
		for (i = 0; i < h; i++)
			Q[rank][i] = q_make(mul(Q[rank][i].n, pv.d),
					    mul(Q[rank][i].d, pv.n));
		for (r = 0; r < b->ne; r++) {
			q_t f = Q[r][c];
			for (i = 0; r != rank && f.n != 0 && i < h; i++)
				Q[r][i] = q_sub_mul(Q[r][i], f, Q[rank][i]);
		}
		is_piv[c] = true;
		piv[rank++] = c;
	}
	for (c = 0; c < h; c++) {
		/* the free column f to set to 1: c itself, or one in c's row */
		size_t f = NONE, cr = NONE;
		for (r = 0; r < rank; r++)
			cr = piv[r] == c ? r : cr;
		for (i = 0; f == NONE && i < h; i++)
			if (!is_piv[i] &&
			    (i == c || (cr != NONE && Q[cr][i].n != 0)))
				f = i;
		ok[c] = f != NONE;
		if (!ok[c])
			continue;
		__int128 l = 1; /* d = lcm * (e_f - sum_r Q[r][f] e_piv[r]) */
		for (r = 0; r < rank; r++)
			l = mul(l / gcd128(l, Q[r][f].d), Q[r][f].d);
		for (i = 0; i < h; i++)
			dir[c * h + i] = 0;
		dir[c * h + f] = l;
		for (r = 0; r < rank; r++)
			dir[c * h + piv[r]] = mul(-Q[r][f].n, l / Q[r][f].d);
	}
	return h;
}

char so_why[200];
__int128 so_dir[MAXC * MAXC];

/* Every cell marked in need (all hidden ones if NULL) can take two
 * values: check a second filling. */
bool so_undetermined(const struct pb *b, const bool *hidden, const bool *need)
{
	static __int128 y[MAXC]; /* the filling * m */
	size_t col[MAXC], h, j, e, i;
	bool ok[MAXC];

	h = so_free_dirs(b, hidden, col, ok, so_dir);
	for (j = 0; j < h; j++) {
		const __int128 *d = so_dir + j * h;
		__int128 m = 1;
		if (need != NULL && !need[col[j]])
			continue;
		if (!ok[j]) {
			snprintf(so_why, sizeof so_why,
				 "hidden cell %zu can be worked out", col[j]);
			return false;
		}
		REQUIRE(d[j] != 0, "no direction for cell %zu", col[j]);
		for (i = 0; i < h; i++)
			m = d[i] > m ? d[i] : -d[i] > m ? -d[i] : m;
		for (i = 0; i < b->n; i++)
			y[i] = mul(b->count[i], m);
		for (i = 0; i < h; i++) { /* x + d / m, all >= 0 */
			y[col[i]] += d[i];
			REQUIRE(y[col[i]] >= 0, "negative filling");
		}
		REQUIRE(y[col[j]] != mul(b->count[col[j]], m), "same value");
		for (e = 0; e < b->ne; e++) { /* every equation still holds */
			__int128 s = 0;
			for (i = b->start[e]; i < b->start[e + 1]; i++)
				s += y[b->terms[i]];
			REQUIRE(s == y[b->total[e]], "filling breaks eq. %zu",
				e);
		}
	}
	return true;
}

/* A hidden cell that must stay undetermined: "watched" in sdc.h. */
bool so_watched(const struct pb *b, int k, const unsigned char *fx, size_t j)
{
	return b->count[j] > 0 &&
	       (FX(fx, j) != SDC_UNRELEASED || b->count[j] < k);
}

/*
 * The first rule a user relies on that hidden breaks, or NULL; checked
 * without the engine. fx: the fixed states or NULL; inh: NULL, or the
 * cells given away by the fixed cells alone, which sdc.h exempts. Hidden
 * cells of 0 (fixed ones) count as known, so every filling found moves
 * only cells >= 1 and stays non-negative.
 */
const char *so_broken(const struct pb *b, int k, const bool *hidden,
		      const unsigned char *fx, const bool *inh)
{
	bool need[MAXC], pos[MAXC];
	size_t j, e, i;

	for (j = 0; j < b->n; j++) {
		int64_t v = b->count[j];
		unsigned f = FX(fx, j);
		pos[j] = hidden[j] && v > 0 && !(inh != NULL && inh[j]);
		need[j] = hidden[j] && so_watched(b, k, fx, j) &&
			  !(inh != NULL && inh[j]);
		if (!hidden[j] && v > 0 && v < k)
			snprintf(so_why, sizeof so_why, "cell %zu is published",
				 j);
		else if (hidden[j] && v == 0 && f == SDC_FREE)
			snprintf(so_why, sizeof so_why, "zero cell %zu hidden",
				 j);
		else if (hidden[j] != (f != SDC_FREE && f != SDC_PUBLISHED) &&
			 f != SDC_FREE)
			snprintf(so_why, sizeof so_why,
				 "fixed cell %zu changed", j);
		else
			continue;
		return so_why;
	}
	for (e = 0; e < b->ne; e++) {
		size_t nh = 0;
		int64_t sum = 0;
		bool watch = false, mend = false; /* a FREE cell > 0 to hide */
		for (i = b->start[e]; i <= b->start[e + 1]; i++) {
			size_t c =
				i < b->start[e + 1] ? b->terms[i] : b->total[e];
			nh += pos[c];
			sum += pos[c] ? b->count[c] : 0;
			watch = watch || need[c];
			mend = mend || (!hidden[c] && b->count[c] > 0 &&
					FX(fx, c) == SDC_FREE &&
					!(inh != NULL && inh[c]));
		}
		if (watch && nh == 1)
			snprintf(so_why, sizeof so_why,
				 "eq. %zu: one hidden cell", e);
		else if (watch && sum < k && mend)
			snprintf(so_why, sizeof so_why, "eq. %zu hides %lld", e,
				 (long long)sum);
		else
			continue;
		return so_why;
	}
	return so_undetermined(b, pos, need) ? NULL : so_why;
}

/* All rules hold, and no secondary cell (FREE, >= k) could be
 * published. */
void so_check_linked(const struct pb *b, int k, bool *hidden,
		     const unsigned char *fx, const bool *inh)
{
	const char *msg = so_broken(b, k, hidden, fx, inh);

	ck_assert_msg(msg == NULL, "%s", msg);
	for (size_t j = 0; j < b->n; j++) {
		if (!hidden[j] || FX(fx, j) != SDC_FREE || b->count[j] < k)
			continue;
		hidden[j] = false;
		REQUIRE(so_broken(b, k, hidden, fx, inh) != NULL,
			"secondary cell %zu is needless", j);
		hidden[j] = true;
	}
}

void so_check_rules(const struct pb *b, int k, bool *hidden)
{
	so_check_linked(b, k, hidden, NULL, NULL);
}
