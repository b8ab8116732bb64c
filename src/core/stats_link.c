/*
 * stats_link.c - cell suppression of an export linked with the other
 * periods of its year (include/sspf/stats.h, "Earlier releases"). A
 * half-year's cell is the sum of its two quarters' cells, the year's the
 * sum of its half-years'; so the additive tables (cases_new, cases_closed,
 * new_by_concern) of all seven periods of a year are laid out as one
 * problem for sdc.h, with an equation per cell and overlap: released
 * periods as they were published (SDC_PUBLISHED / SDC_UNKNOWN), periods
 * not released yet as SDC_UNRELEASED, the new export free. The other
 * tables (active cases, consents, actions) are states at a day, not sums,
 * and stay problems of their own export.
 */
#include <stdlib.h>
#include <string.h>

#include "core/sdc.h"
#include "core/stats_priv.h"
#include "store/errors_internal.h"

/* The tables whose cells add up across periods. */
static bool additive(const char *table)
{
	return strcmp(table, "cases_new") == 0 ||
	       strcmp(table, "cases_closed") == 0 ||
	       strcmp(table, "new_by_concern") == 0;
}

/* The linked problem being laid out. */
typedef struct link {
	const stats_build *self;
	int me;	       /* the new export's place in its year */
	size_t lo, hi; /* its additive cells: lo..hi-1 */
	stats_build other[STATS_YEAR_PERIODS];
	size_t n; /* cells in all */
	int64_t *count;
	bool *protect;
	unsigned char *fixed;
	size_t n_eq, n_terms;
	size_t *eq_total, *eq_start, *eq_terms;
} link;

/* Cell j (lo <= j < hi) of period i in the linked problem. */
static size_t at(const link *l, int i, size_t j)
{
	size_t before = 0;

	if (i == l->me)
		return j;
	for (int t = 0; t < i; t++)
		before += t != l->me;
	return l->self->n + before * (l->hi - l->lo) + (j - l->lo);
}

/* Where the additive cells lie in b (they follow each other), or false. */
static bool find_range(const stats_build *b, size_t *lo, size_t *hi)
{
	*lo = *hi = 0;
	for (size_t i = 0; i < b->n; i++) {
		if (!additive(b->cells[i].table))
			continue;
		if (*hi != 0 && *hi != i)
			return false;
		if (*hi == 0)
			*lo = i;
		*hi = i + 1;
	}
	return *hi > *lo;
}

static void add_eq(link *l, size_t total, const size_t *terms, size_t n)
{
	l->eq_total[l->n_eq] = total;
	memcpy(l->eq_terms + l->n_terms, terms, n * sizeof *terms);
	l->n_terms += n;
	l->eq_start[++l->n_eq] = l->n_terms;
}

/* Period i's own equations among its additive cells, renumbered. */
static void own_equations(link *l, int i)
{
	const stats_build *b = i == l->me ? l->self : &l->other[i];
	size_t terms[64];

	for (size_t e = 0; e < b->n_eq; e++) {
		size_t from = b->eq_start[e], to = b->eq_start[e + 1], n = 0;
		size_t t = b->eq_total[e];

		if (i == l->me) { /* the export keeps every equation */
			add_eq(l, t, b->eq_terms + from, to - from);
			continue;
		}
		if (t < l->lo || t >= l->hi || to - from > 64)
			continue;
		for (size_t x = from; x < to; x++)
			terms[n++] = at(l, i, b->eq_terms[x]);
		add_eq(l, at(l, i, t), terms, n);
	}
}

/* The layout: cells, fixed states and every equation. */
static sspf_err lay_out(sspf_core *core, link *l, int k,
			const stats_release rel[STATS_YEAR_PERIODS])
{
	const stats_build *self = l->self;
	size_t width = l->hi - l->lo, cap_eq = self->n_eq, cap_terms;
	sspf_err e = SSPF_OK;

	l->n = self->n + (STATS_YEAR_PERIODS - 1) * width;
	cap_eq += STATS_YEAR_PERIODS * (self->n_eq + width);
	cap_terms =
		STATS_YEAR_PERIODS * (self->eq_start[self->n_eq] + 3 * width);
	l->count = calloc(l->n, sizeof *l->count);
	l->protect = calloc(l->n, sizeof *l->protect);
	l->fixed = calloc(l->n, sizeof *l->fixed);
	l->eq_total = calloc(cap_eq, sizeof *l->eq_total);
	l->eq_start = calloc(cap_eq + 1, sizeof *l->eq_start);
	l->eq_terms = calloc(cap_terms, sizeof *l->eq_terms);
	if (!l->count || !l->protect || !l->fixed || !l->eq_total ||
	    !l->eq_start || !l->eq_terms)
		return err_set(SSPF_ERR_NOMEM, "protecting the statistics");
	memcpy(l->count, self->count, self->n * sizeof *l->count);
	memcpy(l->protect, self->protect, self->n * sizeof *l->protect);
	for (int i = 0; e == SSPF_OK && i < STATS_YEAR_PERIODS; i++) {
		const stats_build *b = &l->other[i];
		size_t first = at(l, i, l->lo);

		if (i != l->me) {
			for (size_t j = l->lo; j < l->hi; j++) {
				l->count[at(l, i, j)] = b->count[j];
				l->protect[at(l, i, j)] = true;
				l->fixed[at(l, i, j)] = SDC_UNRELEASED;
			}
			if (rel[i].found)
				e = stats_release_states(core, rel[i].id, b,
							 l->lo, l->hi, k,
							 l->fixed + first);
		}
		own_equations(l, i);
	}
	/* a half-year is its quarters, the year its half-years */
	for (size_t j = l->lo; e == SSPF_OK && j < l->hi; j++) {
		static const int parts[3][3] = { { 4, 0, 1 },
						 { 5, 2, 3 },
						 { 6, 4, 5 } };

		for (int r = 0; r < 3; r++) {
			size_t t[2] = { at(l, parts[r][1], j),
					at(l, parts[r][2], j) };

			add_eq(l, at(l, parts[r][0], j), t, 2);
		}
	}
	return e;
}

/* Collect the additive tables of the year's other periods. */
static sspf_err collect_others(sspf_core *core, const sspf_period *p, link *l)
{
	stats_cases *cases = NULL;
	sspf_err e = stats_cases_load(core, &cases);

	for (int i = 0; e == SSPF_OK && i < STATS_YEAR_PERIODS; i++) {
		sspf_period q;
		stats_build *b = &l->other[i];

		if (i == l->me)
			continue;
		stats_year_period(p->year, i, &q);
		if ((e = stats_collect_cases(cases, &q, b)) != SSPF_OK)
			break;
		/* the same code lays out every period: a mismatch is a bug */
		if (b->n < l->hi ||
		    strcmp(b->cells[l->lo].table, l->self->cells[l->lo].table))
			e = err_set(SSPF_ERR_INTERNAL,
				    "the periods' tables differ");
	}
	stats_cases_free(cases);
	return e;
}

static void link_free(link *l)
{
	for (int i = 0; i < STATS_YEAR_PERIODS; i++)
		stats_build_free(&l->other[i]);
	free(l->count);
	free(l->protect);
	free(l->fixed);
	free(l->eq_total);
	free(l->eq_start);
	free(l->eq_terms);
}

void stats_hide(stats_build *b, const bool *hidden, int k)
{
	for (size_t i = 0; i < b->n; i++) {
		sspf_stats_cell *c = &b->cells[i];

		c->hidden = c->kind != SSPF_CELL_COUNT ? b->support[i] < k
						       : hidden[i];
		if (c->hidden)
			c->value = 0;
	}
}

sspf_err stats_suppress_linked(sspf_core *core, const sspf_period *p, int k,
			       const stats_release rel[STATS_YEAR_PERIODS],
			       stats_build *b, sspf_stats *s)
{
	link l;
	sdc_summary sum;
	sdc_problem pr;
	bool *hidden = NULL;
	sspf_err e = SSPF_OK;

	memset(&l, 0, sizeof l);
	memset(&pr, 0, sizeof pr);
	memset(&sum, 0, sizeof sum);
	l.self = b;
	pr.k = k;
	if (core != NULL && p != NULL && rel != NULL &&
	    find_range(b, &l.lo, &l.hi)) {
		l.me = stats_year_index(p);
		if ((e = collect_others(core, p, &l)) == SSPF_OK)
			e = lay_out(core, &l, k, rel);
		pr.n_cells = l.n;
		pr.count = l.count;
		pr.protect = l.protect;
		pr.fixed = l.fixed;
		pr.n_eq = l.n_eq;
		pr.eq_total = l.eq_total;
		pr.eq_start = l.eq_start;
		pr.eq_terms = l.eq_terms;
	} else { /* on its own (the merge) */
		pr.n_cells = b->n;
		pr.count = b->count;
		pr.protect = b->protect;
		pr.n_eq = b->n_eq;
		pr.eq_total = b->eq_total;
		pr.eq_start = b->eq_start;
		pr.eq_terms = b->eq_terms;
	}
	if (e == SSPF_OK && (hidden = calloc(pr.n_cells ? pr.n_cells : 1,
					     sizeof *hidden)) == NULL)
		e = err_set(SSPF_ERR_NOMEM, "protecting the statistics");
	if (e == SSPF_OK)
		e = sdc_suppress(&pr, hidden, &sum);
	if (e == SSPF_OK) {
		stats_hide(b, hidden, k);
		s->n_primary = sum.n_primary;
		s->n_secondary = sum.n_secondary;
		s->n_inherited = sum.n_inherited;
	}
	free(hidden);
	link_free(&l);
	return e;
}
