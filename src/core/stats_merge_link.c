/*
 * stats_merge_link.c - cell suppression of the city's merge linked with
 * the district exports it was made from (stats_priv.h,
 * stats_suppress_merged). Both levels are published: if the city
 * published a total whose districts all but one published their cell,
 * the difference would be the last district's cell, hidden or not. So
 * the districts' cells enter the problem as they were published
 * (SDC_PUBLISHED, or SDC_UNKNOWN where hidden), tied to the city's cells
 * by city = sum of the districts, cell by cell, and only the city's cells
 * are chosen (sdc.h). Tables share no cell, so each table is a problem
 * of its own, which keeps a merge of many districts small.
 */
#include <stdlib.h>
#include <string.h>

#include "core/sdc.h"
#include "core/stats_priv.h"
#include "store/errors_internal.h"

/* One table's problem: the city's cells, then each district's. */
typedef struct tproblem {
	size_t lo, w;	/* the table's cells in the build: lo..lo+w-1 */
	size_t n_cells; /* (districts + 1) * w */
	int64_t *count;
	bool *protect;
	unsigned char *fixed;
	size_t n_eq, n_terms;
	size_t *eq_total, *eq_start, *eq_terms;
} tproblem;

static void tp_free(tproblem *t)
{
	/* exact counts of districts: wiped like the figures they copy */
	if (t->count != NULL)
		memset(t->count, 0, t->n_cells * sizeof *t->count);
	free(t->count);
	free(t->protect);
	free(t->fixed);
	free(t->eq_total);
	free(t->eq_start);
	free(t->eq_terms);
}

static void tp_eq(tproblem *t, size_t total, const size_t *terms, size_t nt)
{
	t->eq_total[t->n_eq] = total;
	memcpy(t->eq_terms + t->n_terms, terms, nt * sizeof *terms);
	t->n_terms += nt;
	t->eq_start[++t->n_eq] = t->n_terms;
}

/* The equations of m whose total lies in the table, for block b (0 the
   city, i + 1 district i); false if one reaches outside the table (not
   a layout sspf makes: stats_table keeps a table's margins to itself). */
static bool block_equations(tproblem *t, const stats_build *m, size_t b)
{
	size_t terms[128];

	for (size_t e = 0; e < m->n_eq; e++) {
		size_t tot = m->eq_total[e], nt = 0;

		if (tot < t->lo || tot >= t->lo + t->w)
			continue;
		if (m->eq_start[e + 1] - m->eq_start[e] > 128)
			return false;
		for (size_t x = m->eq_start[e]; x < m->eq_start[e + 1]; x++) {
			size_t c = m->eq_terms[x];

			if (c < t->lo || c >= t->lo + t->w)
				return false;
			terms[nt++] = b * t->w + (c - t->lo);
		}
		tp_eq(t, b * t->w + (tot - t->lo), terms, nt);
	}
	return true;
}

/* Lay out the table lo..lo+w-1 over the city and n districts. */
static sspf_err lay_out(tproblem *t, const stats_build *m,
			const stats_build *const *fig,
			const sspf_stats *const *pub, size_t n, int k)
{
	size_t eqs = 0, terms = 0, *link;

	for (size_t e = 0; e < m->n_eq; e++)
		if (m->eq_total[e] >= t->lo && m->eq_total[e] < t->lo + t->w) {
			eqs++;
			terms += m->eq_start[e + 1] - m->eq_start[e];
		}
	t->n_cells = (n + 1) * t->w;
	if (t->n_cells > SDC_MAX_CELLS)
		return err_set(SSPF_ERR_INVALID,
			       "%zu districts are too many for one merge", n);
	t->count = calloc(t->n_cells, sizeof *t->count);
	t->protect = calloc(t->n_cells, sizeof *t->protect);
	t->fixed = calloc(t->n_cells, sizeof *t->fixed);
	t->eq_total = calloc((n + 1) * eqs + t->w, sizeof *t->eq_total);
	t->eq_start = calloc((n + 1) * eqs + t->w + 1, sizeof *t->eq_start);
	t->eq_terms = calloc((n + 1) * terms + t->w * n, sizeof *t->eq_terms);
	link = calloc(n, sizeof *link);
	if (!t->count || !t->protect || !t->fixed || !t->eq_total ||
	    !t->eq_start || !t->eq_terms || !link) {
		free(link);
		return err_set(SSPF_ERR_NOMEM, "merging the statistics");
	}
	for (size_t j = 0; j < t->w; j++) {
		size_t c = t->lo + j;
		bool prot =
			m->protect[c] && m->cells[c].kind == SSPF_CELL_COUNT;

		t->count[j] = prot ? m->count[c] : 0;
		t->protect[j] = prot;
		for (size_t i = 0; i < n; i++) {
			size_t x = (i + 1) * t->w + j;
			int64_t v = prot ? fig[i]->count[c] : 0;

			t->count[x] = v;
			t->protect[x] = prot;
			/* published then and not small now: published; a
			   cell published as released earlier whose count
			   has since become small is treated as hidden */
			t->fixed[x] = prot && (pub[i]->cells[c].hidden ||
					       (v >= 1 && v < k))
					      ? SDC_UNKNOWN
					      : SDC_PUBLISHED;
		}
	}
	for (size_t b = 0; b <= n; b++) {
		if (!block_equations(t, m, b)) {
			free(link);
			return err_set(SSPF_ERR_INVALID,
				       "the exports' tables share cells: they "
				       "were not made by sspf stats");
		}
	}
	for (size_t j = 0; j < t->w; j++) {
		if (!t->protect[j])
			continue;
		for (size_t i = 0; i < n; i++)
			link[i] = (i + 1) * t->w + j;
		tp_eq(t, j, link, n);
	}
	free(link);
	return SSPF_OK;
}

/* Solve one table; its city cells' verdicts into hidden[lo..]. */
static sspf_err solve(tproblem *t, int k, bool *hidden, sspf_stats *s)
{
	bool *h = calloc(t->n_cells, sizeof *h);
	sdc_problem p;
	sdc_summary sum;
	sspf_err e;

	if (h == NULL)
		return err_set(SSPF_ERR_NOMEM, "merging the statistics");
	memset(&p, 0, sizeof p);
	p.n_cells = t->n_cells;
	p.count = t->count;
	p.protect = t->protect;
	p.fixed = t->fixed;
	p.n_eq = t->n_eq;
	p.eq_total = t->eq_total;
	p.eq_start = t->eq_start;
	p.eq_terms = t->eq_terms;
	p.k = k;
	if ((e = sdc_suppress(&p, h, &sum)) == SSPF_OK) {
		memcpy(hidden + t->lo, h, t->w * sizeof *h);
		s->n_primary += sum.n_primary;
		s->n_secondary += sum.n_secondary;
		s->n_inherited += sum.n_inherited;
	}
	free(h);
	return e;
}

sspf_err stats_suppress_merged(stats_build *m, const stats_build *const *fig,
			       const sspf_stats *const *pub, size_t n, int k,
			       sspf_stats *s)
{
	bool *hidden = calloc(m->n ? m->n : 1, sizeof *hidden);
	sspf_err e = SSPF_OK;

	if (hidden == NULL)
		return err_set(SSPF_ERR_NOMEM, "merging the statistics");
	s->n_primary = s->n_secondary = s->n_inherited = 0;
	for (size_t lo = 0, hi; e == SSPF_OK && lo < m->n; lo = hi) {
		tproblem t;

		/* a table's cells follow each other (stats_build.c) */
		for (hi = lo + 1; hi < m->n && strcmp(m->cells[hi].table,
						      m->cells[lo].table) == 0;
		     hi++)
			;
		memset(&t, 0, sizeof t);
		t.lo = lo;
		t.w = hi - lo;
		if ((e = lay_out(&t, m, fig, pub, n, k)) == SSPF_OK)
			e = solve(&t, k, hidden, s);
		tp_free(&t);
	}
	if (e == SSPF_OK)
		stats_hide(m, hidden, k);
	free(hidden);
	return e;
}
