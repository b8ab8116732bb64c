/*
 * sdc_rank.c - the exact linear-algebra test of the disclosure control
 * (sdc_rank.h).
 *
 * Write each equation as a row: +1 at its total, -1 at its terms, so that
 * A x = 0 for the true counts x. Split the columns into the hidden cells H
 * and the published ones: A_H x_H = -(published part), known. A hidden
 * cell j is determined iff every solution of A_H d = 0 has d_j = 0, i.e.
 * iff e_j lies in the row space of A_H. In the reduced row echelon form of
 * A_H that is: j is a pivot column and its row is zero in every non-pivot
 * column. One reduction answers it for all hidden cells at once.
 *
 * A published cell c, hidden too, frees a determined cell j iff a_c (its
 * column) lies in the column space of A_H and the solution d of
 * A_H d = a_c has d_j != 0 (then d - e_c moves j and nothing published).
 * The candidates are reduced along as extra columns that never pivot:
 * a_c is in the column space iff its entries below the rank are all 0,
 * and d_j is its entry in j's pivot row.
 *
 * Exactness, two ways:
 *  1. Fraction-free Gauss-Jordan over the integers: a row is replaced by
 *     (pivot * row - factor * pivot row) / gcd, so entries stay integers
 *     and, for the 0/±1 matrices of tables with margins, tiny (network
 *     matrices are totally unimodular). Products are taken in __int128
 *     and every entry must stay within 2^62, so nothing can overflow
 *     unnoticed; if an entry would grow past that, method 2 is used.
 *  2. Modulo several primes just below 2^62. Over F_p the rank can only
 *     be lower than over the rationals, and only if p divides every
 *     nonzero minor of the right size. Every minor of A_H is at most
 *     Hadamard's bound H (product of the rows' Euclidean lengths, or of
 *     the columns'), so with primes whose product exceeds H some prime
 *     keeps each nonzero minor nonzero: the rational rank is the largest
 *     rank seen, and j is free over the rationals iff it is free modulo
 *     some prime that reaches that rank. Two fixed primes would not do
 *     in general (a ±1 minor of order 48 can reach 48^24 > 2^134), so
 *     the number of primes follows from H.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/sdc_rank.h"
#include "store/errors_internal.h"

#define ENTRY_MAX ((int64_t)1 << 62) /* integer method: largest |entry| */
#define PRIME_TOP (((uint64_t)1 << 62) - 1) /* primes are below this */

/* The matrix: rows are the equations that touch a column; columns are the
 * nh hidden cells, then the candidates, each in cell order. */
struct mat {
	size_t rows, cols, nh;
	size_t *col_cell; /* cols: the cell of each column */
	int64_t *base;	  /* rows * cols: the 0/±1 entries */
};

static void mat_free(struct mat *m)
{
	free(m->col_cell);
	free(m->base);
}

static sspf_err mat_build(const sdc_problem *p, const bool *hidden,
			  const bool *candidate, struct mat *m)
{
	size_t n = p->n_cells, e, i, *col_of = malloc((n + 1) * sizeof *col_of);
	size_t *row_eq = malloc((p->n_eq + 1) * sizeof *row_eq);
	sspf_err err = SSPF_OK;

	memset(m, 0, sizeof *m);
	m->col_cell = malloc((n + 1) * sizeof *m->col_cell);
	if (col_of == NULL || row_eq == NULL || m->col_cell == NULL)
		goto nomem;
	for (i = 0; i < n; i++)
		col_of[i] = NONE;
	for (i = 0; i < n; i++)
		if (hidden[i])
			col_of[i] = m->nh++, m->col_cell[m->nh - 1] = i;
	m->cols = m->nh;
	for (i = 0; candidate != NULL && i < n; i++)
		if (candidate[i] && !hidden[i])
			col_of[i] = m->cols++, m->col_cell[m->cols - 1] = i;
	for (e = 0; e < p->n_eq; e++) {
		bool touches = col_of[p->eq_total[e]] != NONE;
		for (i = p->eq_start[e]; i < p->eq_start[e + 1]; i++)
			touches = touches || col_of[p->eq_terms[i]] != NONE;
		if (touches)
			row_eq[m->rows++] = e;
	}
	m->base = calloc(m->rows * m->cols + 1, sizeof *m->base);
	if (m->base == NULL)
		goto nomem;
	for (size_t r = 0; r < m->rows; r++) {
		int64_t *row = m->base + r * m->cols;
		e = row_eq[r];
		if (col_of[p->eq_total[e]] != NONE)
			row[col_of[p->eq_total[e]]] = 1;
		for (i = p->eq_start[e]; i < p->eq_start[e + 1]; i++)
			if (col_of[p->eq_terms[i]] != NONE)
				row[col_of[p->eq_terms[i]]] = -1;
	}
	goto out;
nomem:
	err = err_set(SSPF_ERR_NOMEM, "checking which hidden cells follow");
	mat_free(m);
out:
	free(col_of);
	free(row_eq);
	return err;
}

/* ceil(log2(v)) for v >= 1 */
static unsigned log2_ceil(size_t v)
{
	return v <= 1 ? 0 : 64 - (unsigned)__builtin_clzll((uint64_t)v - 1);
}

/* Bits b with Hadamard's bound on every minor of the hidden columns <= 2^b:
 * the smaller of the row-wise and the column-wise bound. */
static size_t hadamard_bits(const struct mat *m)
{
	size_t r, c, nz, by_rows = 0, by_cols = 0;

	for (r = 0; r < m->rows; r++) {
		for (nz = 0, c = 0; c < m->nh; c++)
			nz += m->base[r * m->cols + c] != 0;
		by_rows += log2_ceil(nz);
	}
	for (c = 0; c < m->nh; c++) {
		for (nz = 0, r = 0; r < m->rows; r++)
			nz += m->base[r * m->cols + c] != 0;
		by_cols += log2_ceil(nz);
	}
	/* |v| <= sqrt(nz) <= 2^(ceil(log2 nz) / 2) for each row or column */
	return ((by_rows < by_cols ? by_rows : by_cols) + 1) / 2;
}

static uint64_t mulmod(uint64_t a, uint64_t b, uint64_t p)
{
	return (uint64_t)((unsigned __int128)a * b % p);
}

static uint64_t powmod(uint64_t a, uint64_t e, uint64_t p)
{
	uint64_t r = 1;

	for (; e > 0; e >>= 1, a = mulmod(a, a, p))
		if (e & 1)
			r = mulmod(r, a, p);
	return r;
}

/* Miller-Rabin with the first twelve primes as bases: exact below 3.3e24. */
static bool is_prime(uint64_t n)
{
	static const uint64_t bases[] = { 2,  3,  5,  7,  11, 13,
					  17, 19, 23, 29, 31, 37 };
	uint64_t d = n - 1;
	unsigned s = 0;

	if (n < 2 || n % 2 == 0)
		return n == 2;
	for (; d % 2 == 0; d /= 2)
		s++;
	for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
		uint64_t x = powmod(bases[i] % n, d, n);
		if (bases[i] % n == 0 || x == 1 || x == n - 1)
			continue;
		unsigned t;
		for (t = 1; t < s && x != n - 1; t++)
			x = mulmod(x, x, n);
		if (x != n - 1)
			return false;
	}
	return true;
}

static unsigned __int128 gcd128(unsigned __int128 a, unsigned __int128 b)
{
	while (b != 0) {
		unsigned __int128 t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* Modulo p: row -= row[c] * pr (pr[c] is 1), so that row[c] becomes 0. */
static void row_sub_mod(int64_t *row, const int64_t *pr, size_t cols, size_t c,
			uint64_t p)
{
	uint64_t nf = p - (uint64_t)row[c];

	for (size_t i = 0; i < cols; i++)
		row[i] = (int64_t)((mulmod(nf, (uint64_t)pr[i], p) +
				    (uint64_t)row[i]) %
				   p);
}

/*
 * Integers: row = (pv * row - f * pr) / g, with pv = pr[c] > 0, f = row[c]
 * (both first divided by their gcd) and g the gcd of the new entries, so
 * that row[c] becomes 0 and the row stays as small as it can. False if an
 * entry would pass ±ENTRY_MAX (then row is spoilt). tmp: cols entries.
 */
static bool row_sub_int(int64_t *row, const int64_t *pr, size_t cols, size_t c,
			__int128 *tmp)
{
	int64_t pv = pr[c], f = row[c];
	unsigned __int128 g =
		gcd128((unsigned __int128)pv, (unsigned __int128)llabs(f));
	size_t i;

	pv /= (int64_t)g;
	f /= (int64_t)g;
	for (g = 0, i = 0; i < cols; i++) {
		/* |entries| <= 2^62: each product < 2^124, no overflow */
		tmp[i] = (__int128)pv * row[i] - (__int128)f * pr[i];
		g = gcd128(tmp[i] < 0 ? -(unsigned __int128)tmp[i]
				      : (unsigned __int128)tmp[i],
			   g);
	}
	for (i = 0; i < cols; i++) {
		__int128 v = g > 1 ? tmp[i] / (__int128)g : tmp[i];
		if (v > ENTRY_MAX || v < -ENTRY_MAX)
			return false;
		row[i] = (int64_t)v;
	}
	return true;
}

/*
 * Reduce a (rows x cols, pivots only among the first nh columns) to
 * reduced row echelon form; piv[i] is the pivot column of row i < rank.
 * Integer method if p is 0 (tmp: cols entries): returns NONE if an entry
 * would pass ±ENTRY_MAX. Else modulo p, entries in [0, p).
 */
static size_t reduce(int64_t *a, const struct mat *m, uint64_t p, size_t *piv,
		     __int128 *tmp)
{
	size_t rank = 0, cols = m->cols, c, i, r, best;

	for (c = 0; c < m->nh && rank < m->rows; c++) {
		/* the first row with the smallest nonzero |entry| pivots */
		for (best = NONE, r = rank; r < m->rows; r++) {
			int64_t v = llabs(a[r * cols + c]);
			if (v != 0 &&
			    (best == NONE || v < llabs(a[best * cols + c])))
				best = r;
		}
		if (best == NONE)
			continue;
		int64_t *pr = a + rank * cols, *pb = a + best * cols;
		for (i = 0; best != rank && i < cols; i++) {
			int64_t t = pr[i];
			pr[i] = pb[i];
			pb[i] = t;
		}
		if (p != 0) { /* scale the pivot to 1 */
			uint64_t inv = powmod((uint64_t)pr[c], p - 2, p);
			for (i = 0; i < cols; i++)
				pr[i] = (int64_t)mulmod((uint64_t)pr[i], inv,
							p);
		} else if (pr[c] < 0) {
			for (i = 0; i < cols; i++)
				pr[i] = -pr[i];
		}
		for (r = 0; r < m->rows; r++) {
			int64_t *row = a + r * cols;
			if (r == rank || row[c] == 0)
				continue;
			if (p != 0)
				row_sub_mod(row, pr, cols, c, p);
			else if (!row_sub_int(row, pr, cols, c, tmp))
				return NONE;
		}
		piv[rank++] = c;
	}
	return rank;
}

/* Read a reduced matrix: det (nh) and, if helps is not NULL, helps
 * (cols - nh), freeing only target cells (by cell; NULL: all) counting.
 * is_piv is scratch of cols entries. */
static void read_out(const int64_t *a, const struct mat *m, size_t rank,
		     const size_t *piv, const bool *target, bool *is_piv,
		     bool *det, bool *helps)
{
	size_t i, c, r, cols = m->cols;

	memset(is_piv, 0, cols * sizeof *is_piv);
	memset(det, 0, m->nh * sizeof *det);
	for (i = 0; i < rank; i++)
		is_piv[piv[i]] = true;
	for (i = 0; i < rank; i++) {
		det[piv[i]] = true;
		for (c = 0; c < m->nh; c++)
			if (!is_piv[c] && a[i * cols + c] != 0)
				det[piv[i]] = false;
	}
	for (c = m->nh; helps != NULL && c < cols; c++) {
		bool in_span = true, frees = false;
		for (r = rank; r < m->rows; r++)
			in_span = in_span && a[r * cols + c] == 0;
		for (i = 0; i < rank; i++)
			frees = frees || (det[piv[i]] && a[i * cols + c] != 0 &&
					  (target == NULL ||
					   target[m->col_cell[piv[i]]]));
		helps[c - m->nh] = in_span && frees;
	}
}

/* Method 2: fill det and helps from as many primes as Hadamard asks. */
static void by_primes(const struct mat *m, int64_t *a, size_t *piv,
		      const bool *target, bool *is_piv, bool *det, bool *helps,
		      bool *det_p, bool *helps_p)
{
	size_t need = hadamard_bits(m) / 61 + 1, used = 0, best = 0, rank, c;
	size_t cells = m->rows * m->cols;
	uint64_t p = PRIME_TOP;

	while (used < need) {
		while (!is_prime(p))
			p -= 2;
		for (size_t i = 0; i < cells; i++)
			a[i] = m->base[i] < 0 ? (int64_t)(p - 1) : m->base[i];
		rank = reduce(a, m, p, piv, NULL);
		read_out(a, m, rank, piv, target, is_piv, det_p, helps_p);
		if (used == 0 || rank > best) { /* a truer rank: start over */
			best = rank;
			memcpy(det, det_p, m->nh * sizeof *det);
			if (helps != NULL)
				memcpy(helps, helps_p,
				       (m->cols - m->nh) * sizeof *helps);
		} else if (rank == best) {
			/* free modulo one good prime means free */
			for (c = 0; c < m->nh; c++)
				det[c] = det[c] && det_p[c];
		}
		used++;
		p -= 2;
	}
}

sspf_err sdc_rank_analyse(const sdc_problem *p, const bool *hidden,
			  const bool *candidate, const bool *target,
			  bool *determined, bool *helps, size_t *n_modular)
{
	struct mat m;
	sspf_err err = mat_build(p, hidden, candidate, &m);
	size_t cols = m.cols, rank = NONE, c;
	int64_t *a;
	size_t *piv;
	__int128 *tmp;
	bool *flags, *det, *hlp, *is_piv, *det_p, *hlp_p;

	if (err != SSPF_OK)
		return err;
	memset(determined, 0, p->n_cells * sizeof *determined);
	if (helps != NULL)
		memset(helps, 0, p->n_cells * sizeof *helps);
	a = malloc((m.rows * cols + 1) * sizeof *a);
	piv = malloc((cols + 1) * sizeof *piv);
	tmp = malloc((cols + 1) * sizeof *tmp);
	/* det, helps by column, is_piv, and det, helps of one prime */
	flags = calloc(4 * cols + 4, sizeof *flags);
	if (a == NULL || piv == NULL || tmp == NULL || flags == NULL) {
		err = err_set(SSPF_ERR_NOMEM,
			      "checking which hidden cells follow");
		goto out;
	}
	det = flags, hlp = det + cols + 1, is_piv = hlp + cols + 1;
	det_p = is_piv + cols + 1, hlp_p = det_p + m.nh;

	if (!(p->flags & SDC_FLAG_MODULAR)) {
		memcpy(a, m.base, m.rows * cols * sizeof *a);
		rank = reduce(a, &m, 0, piv, tmp);
	}
	if (rank != NONE)
		read_out(a, &m, rank, piv, target, is_piv, det,
			 helps ? hlp : NULL);
	else
		by_primes(&m, a, piv, target, is_piv, det, helps ? hlp : NULL,
			  det_p, helps ? hlp_p : NULL);
	if (rank == NONE && n_modular != NULL)
		(*n_modular)++;
	for (c = 0; c < m.nh; c++)
		determined[m.col_cell[c]] = det[c];
	for (c = m.nh; helps != NULL && c < cols; c++)
		helps[m.col_cell[c]] = hlp[c - m.nh];
out:
	free(a);
	free(piv);
	free(tmp);
	free(flags);
	mat_free(&m);
	return err;
}
