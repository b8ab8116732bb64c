/*
 * stats_check.c - reading an export of the statistics suites and checking
 * it against the expected cells (see stats_check.h). What a reader can
 * work out is found here on its own, not by the library's disclosure
 * control: the lines (a row or column and its total) as equations, and
 * for each hidden cell a cycle of hidden cells to move it along.
 */
#include "stats_check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading an export ---- */

long sd_find(const sspf_stats *s, const char *table, const char *c1,
	     const char *c2)
{
	for (size_t i = 0; i < s->n_cells; i++) {
		const sspf_stats_cell *c = &s->cells[i];

		if (strcmp(c->table, table) != 0)
			continue;
		if ((c1 == NULL) != (c->cat[0] == NULL) ||
		    (c2 == NULL) != (c->cat[1] == NULL))
			continue;
		if ((c1 == NULL || strcmp(c1, c->cat[0]) == 0) &&
		    (c2 == NULL || strcmp(c2, c->cat[1]) == 0))
			return (long)i;
	}
	return -1;
}

const sspf_stats_cell *sd_cell(const sspf_stats *s, const char *table,
			       const char *c1, const char *c2)
{
	long i = sd_find(s, table, c1, c2);

	ck_assert_msg(i >= 0, "no cell %s/%s/%s", table, c1 ? c1 : "",
		      c2 ? c2 : "");
	return &s->cells[i];
}

size_t sd_n_hidden(const sspf_stats *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n_cells; i++)
		n += s->cells[i].hidden;
	return n;
}

/* ---- what a reader can work out from the published cells ---- */

/* A line: cells whose last one is the sum of the others. */
struct line {
	int n, r[7], c[7];
};

/* The lines (equations) of table d, as a reader sees them. */
static int lines_of(const struct tdesc *d, struct line *L)
{
	int nl = 0;

	if (!d->rows || d->n2 == 0)
		return 0; /* new_by_concern; meetings are not protected */
	for (int r = 0; r < d->n1 + (d->cols ? 1 : 0); r++, nl++) {
		L[nl].n = 0;
		for (int c = 0; c <= d->n2; c++, L[nl].n++)
			L[nl].r[L[nl].n] = r, L[nl].c[L[nl].n] = c;
	}
	for (int c = 0; d->cols && c <= d->n2; c++, nl++) {
		L[nl].n = 0;
		for (int r = 0; r <= d->n1; r++, L[nl].n++)
			L[nl].r[L[nl].n] = r, L[nl].c[L[nl].n] = c;
	}
	return nl;
}

/* Rules a and b: no line with one hidden cell; the hidden cells of a
   line count k or more, unless every cell of it that is not 0 is hidden. */
static void check_lines(const struct tdesc *d, const bool hid[8][5],
			const int64_t x[8][5], int k)
{
	struct line L[16];
	int nl = lines_of(d, L);

	for (int i = 0; i < nl; i++) {
		int nh = 0;
		int64_t sum = 0;
		bool all = true;

		for (int j = 0; j < L[i].n; j++) {
			int r = L[i].r[j], c = L[i].c[j];

			if (hid[r][c])
				nh++, sum += x[r][c];
			else if (x[r][c] != 0)
				all = false;
		}
		ck_assert_msg(nh != 1, "%s: one hidden cell in line %d, k %d",
			      d->name, i, k);
		ck_assert_msg(nh == 0 || sum >= k || all,
			      "%s: hidden cells of line %d count %lld < k %d",
			      d->name, i, (long long)sum, k);
	}
}

/* In the table with its margins as cells, every line sums to 0 when a
   margin counts negatively (and the grand total positively again). */
static int sign(const struct tdesc *d, int r, int c)
{
	bool tr = d->cols && r == d->n1, tc = c == d->n2;

	return tr != tc ? -1 : 1;
}

/*
 * dy: a change of the hidden cells that keeps every line at 0 and moves
 * cell (r, c): for a table with both margins, a cycle of hidden cells
 * through it (rows and columns as the nodes of a graph, hidden cells as
 * its edges, +1 and -1 in turn); for row totals only, another hidden cell
 * of its row. False if there is none: the cell can be worked out.
 */
bool sd_change(const struct tdesc *d, const bool hid[8][5], int r, int c,
	       int dy[8][5])
{
	int R = d->n1 + (d->cols ? 1 : 0), C = d->n2 + 1, N = R + C;
	int prev_r[13], prev_c[13], queue[13], head = 0, tail = 0, path = 0;
	bool seen[13] = { false };

	memset(dy, 0, sizeof(int[8][5]));
	dy[r][c] = 1;
	if (!d->cols) {
		for (int j = 0; j < C; j++)
			if (j != c && hid[r][j]) {
				dy[r][j] = -1;
				return true;
			}
		return false;
	}
	/* a path from row r to column c over the other hidden cells */
	queue[tail++] = r;
	seen[r] = true;
	while (head < tail && !seen[R + c]) {
		int v = queue[head++];

		for (int w = 0; w < N; w++) {
			int cr = v < R ? v : w, cc = v < R ? w - R : v - R;

			if (seen[w] || (v < R) == (w < R) || !hid[cr][cc] ||
			    (cr == r && cc == c))
				continue;
			seen[w] = true;
			prev_r[w] = cr, prev_c[w] = cc;
			queue[tail++] = w;
		}
	}
	if (!seen[R + c])
		return false;
	/* walk back: the edge at the column end gets -1, then +1, ... */
	for (int v = R + c; v != r; path++) {
		int cr = prev_r[v], cc = prev_c[v];

		dy[cr][cc] = path % 2 ? 1 : -1;
		v = v < R ? R + cc : cr;
	}
	ck_assert(path % 2 == 1);
	return true;
}

/* Rule c, shown by example: each hidden cell gets a second filling of the
   hidden cells, >= 0, that keeps every published cell and every line. */
static void check_free(const struct tdesc *d, const bool hid[8][5],
		       const int64_t x[8][5])
{
	struct line L[16];
	int nl = lines_of(d, L), dy[8][5];

	if (nl == 0)
		return; /* no equation ties a cell to any other */
	for (int r = 0; r < 8; r++) {
		for (int c = 0; c < 5; c++) {
			int64_t y[8][5];
			bool fine = false;

			if (!hid[r][c])
				continue;
			ck_assert_msg(sd_change(d, hid, r, c, dy),
				      "%s: hidden cell %d/%d can be worked out",
				      d->name, r, c);
			for (int way = 1; way >= -1 && !fine; way -= 2) {
				fine = true;
				for (int i = 0; i < 8; i++)
					for (int j = 0; j < 5; j++) {
						y[i][j] = x[i][j] +
							  way * dy[i][j] *
								  sign(d, i, j);
						fine = fine && y[i][j] >= 0 &&
						       (dy[i][j] == 0 ||
							hid[i][j]);
					}
			}
			ck_assert_msg(fine, "%s: no other filling for %d/%d",
				      d->name, r, c);
			ck_assert(y[r][c] != x[r][c]);
			for (int i = 0; i < nl; i++) {
				int64_t sum = 0;
				int t = L[i].n - 1;

				for (int j = 0; j < t; j++)
					sum += y[L[i].r[j]][L[i].c[j]];
				ck_assert_msg(sum == y[L[i].r[t]][L[i].c[t]],
					      "%s: line %d broken", d->name, i);
			}
		}
	}
}

/* ---- the whole check of an export against the expected cells ---- */

void sd_check_export(const sspf_stats *s, const struct expect *x, int k)
{
	bool *used = calloc(s->n_cells + 1, sizeof *used);
	size_t n = 0;
	const sspf_stats_cell *med, *share;

	ck_assert_ptr_nonnull(used);
	for (int t = 0; t < NT; t++) {
		const struct tdesc *d = &sd_tables[t];
		int rows = d->n1 + (d->cols || (d->rows && !d->n2) ? 1 : 0);
		int cols = d->n2 ? d->n2 + (d->rows ? 1 : 0) : 1;
		bool hid[8][5] = { { false } };

		for (int r = 0; r < rows; r++) {
			for (int c = 0; c < cols; c++) {
				const char *c1 = r < d->n1 ? d->c1[r] : "total";
				const char *c2 = !d->n2	     ? NULL
						 : c < d->n2 ? d->c2[c]
							     : "total";
				long i = sd_find(s, d->name, c1, c2);
				int64_t want = x->grid[t][r][c];
				const sspf_stats_cell *e;

				ck_assert_msg(i >= 0, "no cell %s/%s/%s",
					      d->name, c1, c2 ? c2 : "");
				e = &s->cells[i];
				ck_assert(!used[i]);
				used[i] = true;
				n++;
				ck_assert_str_eq(e->dim[0], d->d1);
				if (d->d2)
					ck_assert_str_eq(e->dim[1], d->d2);
				else
					ck_assert_ptr_null(e->dim[1]);
				ck_assert_int_eq(e->kind, SSPF_CELL_COUNT);
				hid[r][c] = e->hidden;
				ck_assert_msg(d->prot || !e->hidden,
					      "%s/%s hidden", d->name, c1);
				if (e->hidden) {
					ck_assert(e->value == 0);
					continue;
				}
				ck_assert_msg(e->value == (double)want,
					      "%s/%s/%s (k %d): published "
					      "%g, expected %lld",
					      d->name, c1, c2 ? c2 : "", k,
					      e->value, (long long)want);
				ck_assert_msg(!d->prot || want == 0 ||
						      want >= k,
					      "%s/%s/%s: %lld published, k %d",
					      d->name, c1, c2 ? c2 : "",
					      (long long)want, k);
			}
		}
		if (d->prot) {
			check_lines(d, hid, x->grid[t], k);
			check_free(d, hid, x->grid[t]);
		}
	}
	med = sd_cell(s, "days_to_network_meeting", NULL, NULL);
	share = sd_cell(s, "actions_done_by_due", NULL, NULL);
	ck_assert_int_eq(med->kind, SSPF_CELL_MEDIAN);
	ck_assert_int_eq(share->kind, SSPF_CELL_SHARE);
	ck_assert_msg(med->hidden == (x->n_days < k), "median over %d, k %d",
		      x->n_days, k);
	if (!med->hidden)
		ck_assert_msg(fabs(med->value - sd_median(x)) < 1e-9,
			      "median %g, expected %g", med->value,
			      sd_median(x));
	ck_assert_msg(share->hidden == (x->due < k), "share over %lld, k %d",
		      (long long)x->due, k);
	if (!share->hidden)
		ck_assert(fabs(share->value -
			       (double)x->in_time / (double)x->due) < 1e-9);
	ck_assert_uint_eq(n + 2, s->n_cells);
	free(used);
}
