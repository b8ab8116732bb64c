/*
 * sdc_check.c - checking the tables handed to disclosure control (sdc.h,
 * sdc_check): limits, counts, fixed states, and that every equation is
 * well formed and adds up. A problem that fails here is the caller's bug
 * (the tables were built wrongly), and the detail says so; details name
 * cells and equations by number, never their counts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/sdc.h"
#include "core/sdc_rank.h"
#include "store/errors_internal.h"

static sspf_err bad(const char *what, size_t i)
{
	return err_set(
		SSPF_ERR_INVALID,
		"statistics: %s %zu (a bug in how the tables were built)", what,
		i);
}

/* The checks of one cell's count and fixed state. */
static sspf_err check_cell(const sdc_problem *p, size_t i)
{
	int64_t v = p->count[i];
	unsigned f = FIXED(p, i);

	if (v < 0 || v > SDC_MAX_COUNT)
		return bad("count out of range in cell", i);
	if (f > SDC_UNRELEASED)
		return bad("unknown fixed state of cell", i);
	if (f == SDC_PUBLISHED && PROTECTED(p, i) && v > 0 && v < p->k)
		return err_set(SSPF_ERR_INVALID,
			       "statistics: cell %zu was published earlier but "
			       "counts fewer persons than the threshold (an "
			       "earlier release with a smaller threshold, or a "
			       "bug in how the tables were built)",
			       i);
	if ((f == SDC_UNKNOWN || f == SDC_UNRELEASED) && !PROTECTED(p, i))
		return bad("hidden but outside disclosure control: cell", i);
	return SSPF_OK;
}

/* The checks of sdc_check; mark is scratch of n_cells entries. */
static sspf_err check_with(const sdc_problem *p, size_t *mark)
{
	size_t n = p->n_cells, e, i;
	sspf_err err;

	if (p->k < SDC_K_MIN)
		return err_set(SSPF_ERR_INVALID,
			       "statistics: the threshold is %d; it must be at "
			       "least %d",
			       p->k, SDC_K_MIN);
	if ((p->flags & ~SDC_FLAG_MODULAR) != 0)
		return bad("unknown flags", p->flags);
	for (i = 0; i < n; i++) {
		if ((err = check_cell(p, i)) != SSPF_OK)
			return err;
		mark[i] = NONE;
	}
	if (p->n_eq > 0 &&
	    (p->eq_total == NULL || p->eq_start == NULL || p->eq_terms == NULL))
		return bad("no arrays for equations:", p->n_eq);
	if (p->n_eq > 0 && p->eq_start[0] != 0)
		return bad("eq_start[0] is not 0; equations:", p->n_eq);
	for (e = 0; e < p->n_eq; e++) {
		size_t from = p->eq_start[e], to = p->eq_start[e + 1];
		size_t total = p->eq_total[e];
		int64_t sum = 0;

		if (to <= from)
			return bad("no terms in equation", e);
		if (to > SDC_MAX_TERMS)
			return err_set(SSPF_ERR_INVALID,
				       "statistics: more than %u terms in all",
				       SDC_MAX_TERMS);
		if (total >= n)
			return bad("total out of range in equation", e);
		mark[total] = e;
		bool prot = PROTECTED(p, total);
		for (i = from; i < to; i++) {
			size_t t = p->eq_terms[i];
			if (t >= n)
				return bad("term out of range in equation", e);
			if (mark[t] == e)
				return bad("a cell twice in equation", e);
			if (PROTECTED(p, t) != prot)
				return bad("protected and unprotected cells in "
					   "equation",
					   e);
			mark[t] = e;
			sum += p->count[t];
		}
		if (sum != p->count[total])
			return bad("total is not the sum of its terms in "
				   "equation",
				   e);
	}
	return SSPF_OK;
}

sspf_err sdc_check(const sdc_problem *p)
{
	size_t *mark;
	sspf_err err;

	if (p == NULL)
		return err_set(SSPF_ERR_INVALID, "statistics: no tables");
	if (p->n_cells > SDC_MAX_CELLS || p->n_eq > SDC_MAX_EQUATIONS)
		return err_set(SSPF_ERR_INVALID,
			       "statistics: too large to protect (%zu cells, "
			       "%zu equations; at most %u and %u)",
			       p->n_cells, p->n_eq, SDC_MAX_CELLS,
			       SDC_MAX_EQUATIONS);
	if (p->n_cells > 0 && p->count == NULL)
		return bad("no counts for cells:", p->n_cells);
	mark = malloc((p->n_cells + 1) * sizeof *mark);
	if (mark == NULL)
		return err_set(SSPF_ERR_NOMEM,
			       "checking the statistics tables");
	err = check_with(p, mark);
	free(mark);
	return err;
}
