/*
 * sdc.c - disclosure control for the statistics export (sdc.h): primary
 * suppression and the greedy secondary suppression. Checking the tables
 * is in sdc_check.c, the linear-algebra test of rule c in sdc_rank.c.
 *
 * The loop: hide the primary cells (and the fixed UNKNOWN and UNRELEASED
 * ones); then, as long as a rule is broken for a watched cell that is not
 * inherited (a "target"), hide one more FREE cell and look again. Rules a
 * and b are cheap and looked at first; rule c (one exact reduction of the
 * equation matrix) only when they hold. Every round hides a cell, so the
 * loop ends within n rounds; and it always finds one while a rule is
 * broken. Call B the hidden set with every FREE cell that may be hidden
 * hidden too:
 *   - a or b is reported only where a FREE cell can mend it;
 *   - a target is free in B (that is what "not inherited" means, worked
 *     out once at the start), and freedom only grows with the hidden set,
 *     so while one is determined some FREE cell of B is still published.
 *     Without fixed cells B hides every cell > 0; then nothing is
 *     determined (the hidden cells satisfy A_H x = 0 with x > 0, and a
 *     determined cell would have to be 0), so nothing is inherited.
 * Then prune() publishes again the secondary cells that later choices
 * made needless. Choosing a cell looks only at counts, fixed states, cell
 * numbers and the equations as sets, never at their order, so the answer
 * does not depend on it.
 *
 * Hidden cells of 0 (only fixed ones) and inherited cells take part as if
 * published: the linear system and rules a and b see only the other
 * hidden cells ("counted"). Treating a determined cell as known changes
 * no other cell's freedom, so this is exact for inherited cells, and B
 * without them leaves every target as free as B does.
 */
#include <stdlib.h>
#include <string.h>

#include "core/sdc.h"
#include "core/sdc_rank.h"
#include "store/errors_internal.h"

/* What the rounds need besides the problem; all owned here. */
struct work {
	const sdc_problem *p;
	bool *is_total;	  /* n: the cell is the total of some equation */
	size_t *ce_start; /* n + 1: equations of cell j are */
	size_t *ce_eq;	  /* ce_eq[ce_start[j] .. ce_start[j + 1]) */
	bool *target;	  /* n: watched when hidden, and not inherited */
	bool *inherited;  /* n: determined even in B (see the top) */
	bool *cand, *det, *helps; /* n each: scratch for rule c */
	bool *counted;		  /* n: hidden, > 0, not inherited */
	bool linked;		  /* some cell is fixed */
	size_t n_modular;	  /* see sdc_summary */
};

static void work_free(struct work *w)
{
	free(w->is_total);
	free(w->ce_start);
	free(w->ce_eq);
	free(w->cand);
}

/* Build the cell -> equations index (a cell's equations in order). */
static sspf_err work_init(struct work *w, const sdc_problem *p)
{
	size_t n = p->n_cells, e, i, nt = p->n_eq ? p->eq_start[p->n_eq] : 0;

	memset(w, 0, sizeof *w);
	w->p = p;
	w->is_total = calloc(n + 1, sizeof *w->is_total);
	w->ce_start = calloc(n + 2, sizeof *w->ce_start);
	w->ce_eq = malloc((nt + p->n_eq + 1) * sizeof *w->ce_eq);
	w->cand = calloc(6 * n + 6, sizeof *w->cand);
	if (!w->is_total || !w->ce_start || !w->ce_eq || !w->cand) {
		work_free(w);
		return err_set(SSPF_ERR_NOMEM, "protecting the statistics");
	}
	w->det = w->cand + n + 1;
	w->helps = w->det + n + 1;
	w->target = w->helps + n + 1;
	w->inherited = w->target + n + 1;
	w->counted = w->inherited + n + 1;
	for (i = 0; i < n; i++)
		w->linked = w->linked || FIXED(p, i) != SDC_FREE;
	/* count per cell into ce_start[j + 2], then prefix sums */
	for (e = 0; e < p->n_eq; e++) {
		w->is_total[p->eq_total[e]] = true;
		w->ce_start[p->eq_total[e] + 2]++;
		for (i = p->eq_start[e]; i < p->eq_start[e + 1]; i++)
			w->ce_start[p->eq_terms[i] + 2]++;
	}
	for (i = 2; i <= n + 1; i++)
		w->ce_start[i] += w->ce_start[i - 1];
	/* ce_start[j + 1] is now where cell j's list starts; fill it */
	for (e = 0; e < p->n_eq; e++) {
		w->ce_eq[w->ce_start[p->eq_total[e] + 1]++] = e;
		for (i = p->eq_start[e]; i < p->eq_start[e + 1]; i++)
			w->ce_eq[w->ce_start[p->eq_terms[i] + 1]++] = e;
	}
	return SSPF_OK;
}

/* Whether cell j, hidden, must stay undetermined (sdc.h: "watched"). */
static bool watched(const sdc_problem *p, size_t j)
{
	return p->count[j] > 0 &&
	       (FIXED(p, j) != SDC_UNRELEASED || p->count[j] < p->k);
}

/* Whether cell j may be hidden as a secondary cell now. */
static bool hideable(const struct work *w, const bool *hidden, size_t j)
{
	const sdc_problem *p = w->p;

	return !hidden[j] && PROTECTED(p, j) && FIXED(p, j) == SDC_FREE &&
	       p->count[j] > 0 && !w->inherited[j];
}

/* w->counted: the hidden cells that the linear system sees (see the top);
 * returns it. */
static const bool *counted(struct work *w, const bool *hidden)
{
	for (size_t j = 0; j < w->p->n_cells; j++)
		w->counted[j] =
			hidden[j] && w->p->count[j] > 0 && !w->inherited[j];
	return w->counted;
}

/* Whether cell a is a better choice to hide than b (b may be NONE). */
static bool better(const struct work *w, size_t a, size_t b)
{
	const int64_t *c = w->p->count;

	if (b == NONE)
		return true;
	if (c[a] != c[b])
		return c[a] < c[b];
	if (w->is_total[a] != w->is_total[b])
		return !w->is_total[a];
	return a < b;
}

/*
 * Work out which cells are inherited: determined even in B, so that no
 * hiding here can free them, and hiding them protects nothing. Only fixed
 * cells make any (see the top of this file). Then target = watched and
 * not inherited.
 */
static sspf_err find_inherited(struct work *w, const bool *hidden)
{
	const sdc_problem *p = w->p;
	sspf_err err = SSPF_OK;
	size_t j;

	if (w->linked) {
		for (j = 0; j < p->n_cells; j++)
			w->cand[j] = hidden[j] || hideable(w, hidden, j);
		err = sdc_rank_analyse(p, counted(w, w->cand), NULL, NULL,
				       w->inherited, NULL, &w->n_modular);
	}
	for (j = 0; err == SSPF_OK && j < p->n_cells; j++)
		w->target[j] = watched(p, j) && !w->inherited[j];
	return err;
}

/* The cell to hide for rules a and b, or NONE if they hold (or only FREE
 * cells could mend them and none is left) everywhere. */
static size_t pick_ab(const struct work *w, const bool *hidden)
{
	const sdc_problem *p = w->p;
	size_t e, i, pick = NONE;

	for (e = 0; e < p->n_eq; e++) {
		size_t t = p->eq_total[e], nh = 0, pick_e = NONE, c;
		bool watch = false;
		int64_t sum = 0;

		/* i == end stands for the total */
		for (i = p->eq_start[e]; i <= p->eq_start[e + 1]; i++) {
			c = i < p->eq_start[e + 1] ? p->eq_terms[i] : t;
			if (hidden[c]) {
				bool known =
					p->count[c] == 0 || w->inherited[c];
				nh += !known;
				sum += known ? 0 : p->count[c];
				watch = watch || w->target[c];
			} else if (hideable(w, hidden, c) &&
				   better(w, c, pick_e)) {
				pick_e = c;
			}
		}
		if (!watch || pick_e == NONE || (nh >= 2 && sum >= p->k))
			continue;
		if (better(w, pick_e, pick))
			pick = pick_e;
	}
	return pick;
}

/* Whether cell j shares an equation with a cell marked in set. */
static bool near(const struct work *w, size_t j, const bool *set)
{
	const sdc_problem *p = w->p;

	for (size_t x = w->ce_start[j]; x < w->ce_start[j + 1]; x++) {
		size_t e = w->ce_eq[x];
		if (set[p->eq_total[e]])
			return true;
		for (size_t i = p->eq_start[e]; i < p->eq_start[e + 1]; i++)
			if (set[p->eq_terms[i]])
				return true;
	}
	return false;
}

/*
 * Rule c: *pick gets the cell to hide, or NONE if no target is
 * determined. Of the cells that free a determined one, the best; if no
 * single cell does, the best next to a determined target, then any.
 */
static sspf_err pick_c(struct work *w, const bool *hidden, size_t *pick)
{
	const sdc_problem *p = w->p;
	size_t n = p->n_cells, j, any = NONE, next = NONE;
	bool some = false;
	sspf_err err;

	*pick = NONE;
	hidden = counted(w, hidden);
	/* only a cell all of whose equations have a hidden cell can help */
	for (j = 0; j < n; j++) {
		w->cand[j] = hideable(w, hidden, j) &&
			     w->ce_start[j] < w->ce_start[j + 1];
		for (size_t x = w->ce_start[j];
		     w->cand[j] && x < w->ce_start[j + 1]; x++) {
			size_t e = w->ce_eq[x], i;
			bool h = hidden[p->eq_total[e]];
			for (i = p->eq_start[e]; !h && i < p->eq_start[e + 1];
			     i++)
				h = hidden[p->eq_terms[i]];
			w->cand[j] = h;
		}
	}
	err = sdc_rank_analyse(p, hidden, w->cand, w->target, w->det, w->helps,
			       &w->n_modular);
	if (err != SSPF_OK)
		return err;
	for (j = 0; j < n; j++) {
		w->det[j] = w->det[j] && w->target[j];
		some = some || w->det[j];
	}
	if (!some)
		return SSPF_OK;
	for (j = 0; j < n; j++) {
		if (!hideable(w, hidden, j))
			continue;
		if (w->helps[j] && better(w, j, *pick))
			*pick = j;
		if (better(w, j, any))
			any = j;
		if (better(w, j, next) && near(w, j, w->det))
			next = j;
	}
	if (*pick == NONE)
		*pick = next != NONE ? next : any;
	if (*pick == NONE) /* impossible, see the top of this file */
		return err_set(SSPF_ERR_INTERNAL,
			       "statistics: a hidden cell follows from the "
			       "others but every cell is hidden");
	return SSPF_OK;
}

/* *ok: whether every rule holds (as the main loop judges it) for hidden. */
static sspf_err rules_hold(struct work *w, const bool *hidden, bool *ok)
{
	sspf_err err;

	*ok = false;
	if (pick_ab(w, hidden) != NONE)
		return SSPF_OK;
	err = sdc_rank_analyse(w->p, counted(w, hidden), NULL, NULL, w->det,
			       NULL, &w->n_modular);
	for (size_t j = 0; err == SSPF_OK && j < w->p->n_cells; j++)
		if (w->det[j] && w->target[j])
			return SSPF_OK;
	*ok = err == SSPF_OK;
	return err;
}

/*
 * A greedy choice can be made needless by a later one. Publish again each
 * secondary cell (FREE; they count >= k, primary ones count less) without
 * which every rule still holds, the largest first as it hides the most
 * persons; repeat until a pass changes nothing, so that no single
 * secondary cell could be published. Fixed cells are never touched.
 */
static sspf_err prune(struct work *w, bool *hidden, sdc_summary *s)
{
	const sdc_problem *p = w->p;
	bool *tried = w->cand, ok, changed = true;
	sspf_err err = SSPF_OK;

	while (changed && err == SSPF_OK) {
		changed = false;
		memset(tried, 0, p->n_cells * sizeof *tried);
		for (;;) {
			size_t c = NONE;
			for (size_t j = 0; j < p->n_cells; j++)
				if (hidden[j] && FIXED(p, j) == SDC_FREE &&
				    p->count[j] >= p->k && !tried[j] &&
				    (c == NONE || better(w, c, j)))
					c = j;
			if (c == NONE)
				break;
			tried[c] = true;
			hidden[c] = false;
			err = rules_hold(w, hidden, &ok);
			if (err != SSPF_OK || !ok) {
				hidden[c] = true;
				if (err != SSPF_OK)
					break;
				continue;
			}
			changed = true;
			s->n_secondary--;
			s->secondary_persons -= p->count[c];
		}
	}
	return err;
}

/* The greedy rounds and the pruning, on a checked problem. */
static sspf_err suppress(struct work *w, bool *hidden, sdc_summary *s)
{
	const sdc_problem *p = w->p;
	sspf_err err;
	size_t j, c;

	for (j = 0; j < p->n_cells; j++) {
		unsigned f = FIXED(p, j);
		if (f == SDC_UNKNOWN || f == SDC_UNRELEASED) {
			hidden[j] = true;
		} else if (f == SDC_FREE && PROTECTED(p, j) &&
			   p->count[j] > 0 && p->count[j] < p->k) {
			hidden[j] = true;
			s->n_primary++;
		}
	}
	err = find_inherited(w, hidden);
	for (;;) {
		if (err != SSPF_OK)
			return err;
		c = pick_ab(w, hidden);
		if (c == NONE) {
			err = pick_c(w, hidden, &c);
			if (err != SSPF_OK || c == NONE)
				break;
		}
		hidden[c] = true;
		s->n_secondary++;
		s->secondary_persons += p->count[c];
	}
	if (err == SSPF_OK)
		err = prune(w, hidden, s);
	/* fixed or primary: an inherited FREE cell >= k is never hidden */
	for (j = 0; j < p->n_cells; j++)
		s->n_inherited += hidden[j] && watched(p, j) && w->inherited[j];
	return err;
}

sspf_err sdc_suppress(const sdc_problem *p, bool *hidden, sdc_summary *sum)
{
	struct work w;
	sdc_summary s = { 0, 0, 0, 0, 0 };
	sspf_err err;

	if (sum != NULL)
		*sum = s;
	if (p != NULL && hidden != NULL && p->n_cells <= SDC_MAX_CELLS)
		memset(hidden, 0, p->n_cells * sizeof *hidden);
	if (hidden == NULL)
		return err_set(SSPF_ERR_INVALID, "statistics: nowhere to put "
						 "the hidden cells");
	err = sdc_check(p);
	if (err != SSPF_OK)
		return err;
	err = work_init(&w, p);
	if (err != SSPF_OK)
		return err;
	err = suppress(&w, hidden, &s);
	s.n_modular = w.n_modular;
	work_free(&w);
	if (err != SSPF_OK) {
		memset(hidden, 0, p->n_cells * sizeof *hidden);
		return err;
	}
	if (sum != NULL)
		*sum = s;
	return SSPF_OK;
}

sspf_err sdc_determined(const sdc_problem *p, const bool *hidden,
			bool *determined)
{
	sspf_err err;

	if (hidden == NULL || determined == NULL)
		return err_set(SSPF_ERR_INVALID, "statistics: no cells given");
	err = sdc_check(p);
	if (err != SSPF_OK)
		return err;
	return sdc_rank_analyse(p, hidden, NULL, NULL, determined, NULL, NULL);
}

bool sdc_small(int64_t n, int k)
{
	return n < (k < SDC_K_MIN ? SDC_K_MIN : k);
}
