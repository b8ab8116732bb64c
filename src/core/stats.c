/*
 * stats.c - the statistics of a period (include/sspf/stats.h): the period
 * names, and sspf_stats_make, which counts (stats_tables.c), protects
 * the small counts (sdc.h: suppression, or ckm.h: the cell key method)
 * and hands out only the published cells. One "export" audit entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sspf/settings.h>

#include "core/audit.h"
#include "core/ckm.h"
#include "core/sdc.h"
#include "core/stats_priv.h"
#include "store/errors_internal.h"

sspf_err sspf_period_parse(const char *text, sspf_period *out)
{
	int year, part = 0, n = 0;
	char kind = 'Y', c = 0;

	err_clear();
	if (text == NULL || out == NULL)
		return err_set(SSPF_ERR_INVALID, "no period");
	memset(out, 0, sizeof *out);
	if (strlen(text) == 4 && sscanf(text, "%4d%n", &year, &n) == 1 &&
	    n == 4) {
		kind = 'Y';
	} else if (strlen(text) == 6 &&
		   sscanf(text, "%4d%c%1d%n", &year, &c, &part, &n) == 3 &&
		   n == 6 && (c == 'Q' || c == 'H' || c == 'q' || c == 'h')) {
		kind = (char)(c == 'q' ? 'Q' : c == 'h' ? 'H' : c);
		if (part < 1 || part > (kind == 'Q' ? 4 : 2))
			kind = 0;
	} else {
		kind = 0;
	}
	if (kind == 0 || year < 2000 || year > 2099 ||
	    strspn(text, "0123456789") < 4)
		return err_set(
			SSPF_ERR_INVALID,
			"'%s' is not a period: write a quarter "
			"(2026Q3), a half-year (2026H2) or a year (2026)",
			text);
	out->year = year;
	out->kind = kind;
	out->part = kind == 'Y' ? 0 : part;
	{
		int months = kind == 'Q' ? 3 : kind == 'H' ? 6 : 12;
		int m0 = kind == 'Y' ? 1 : (part - 1) * months + 1;
		sspf_date first;

		(void)sspf_date_make(year, m0, 1, &first);
		out->first = first;
		out->last = sspf_date_add_months(first, months) - 1;
	}
	return SSPF_OK;
}

void sspf_period_text(const sspf_period *p, char out[8])
{
	if (p->kind == 'Y')
		snprintf(out, 8, "%04u", (unsigned)p->year % 10000u);
	else
		snprintf(out, 8, "%04u%c%u", (unsigned)p->year % 10000u,
			 p->kind, (unsigned)p->part % 10u);
}

const char *sspf_stats_method_name(sspf_stats_method m)
{
	return m == SSPF_STATS_CKM ? "ckm" : "suppression";
}

/*
 * Primary and secondary suppression over every protected count, then
 * medians and shares over fewer than k. The hidden cells get value 0.
 */
static sspf_err suppress(stats_build *b, int k, sspf_stats *s)
{
	bool *hidden = calloc(b->n ? b->n : 1, sizeof *hidden);
	sdc_summary sum;
	sdc_problem p;
	sspf_err e;

	if (hidden == NULL)
		return err_set(SSPF_ERR_NOMEM, "protecting the statistics");
	memset(&p, 0, sizeof p);
	p.n_cells = b->n;
	p.count = b->count;
	p.protect = b->protect;
	p.n_eq = b->n_eq;
	p.eq_total = b->eq_total;
	p.eq_start = b->eq_start;
	p.eq_terms = b->eq_terms;
	p.k = k;
	e = sdc_suppress(&p, hidden, &sum);
	s->n_primary = sum.n_primary;
	s->n_secondary = sum.n_secondary;
	for (size_t i = 0; e == SSPF_OK && i < b->n; i++) {
		sspf_stats_cell *c = &b->cells[i];

		if (c->kind != SSPF_CELL_COUNT)
			hidden[i] = b->support[i] < k;
		c->hidden = hidden[i];
		if (c->hidden)
			c->value = 0;
	}
	free(hidden);
	return e;
}

/*
 * The cell key method: every protected count gets the noise its cell key
 * picks from the perturbation table (ckm.c), so that no published count
 * is 1 to k-1 and the same cell gets the same value in every export;
 * medians and shares over fewer than k are hidden. The keys stay here.
 */
static sspf_err perturb(stats_build *b, int k)
{
	const ckm_params cp = { k, CKM_D_DEFAULT };
	sspf_err e = SSPF_OK;

	for (size_t i = 0; e == SSPF_OK && i < b->n; i++) {
		sspf_stats_cell *c = &b->cells[i];
		int64_t v;

		if (c->kind != SSPF_CELL_COUNT) {
			c->hidden = b->support[i] < k;
			if (c->hidden)
				c->value = 0;
		} else if (b->protect[i]) {
			e = ckm_perturb(&cp, b->count[i], b->key[i], &v);
			c->value = (double)v;
		}
	}
	return e;
}

sspf_err sspf_stats_make(sspf_core *core, const sspf_period *p,
			 sspf_stats_method method, int k, sspf_stats **out)
{
	stats_build b;
	sspf_stats *s;
	bool own;
	sspf_err e;

	err_clear();
	if (core == NULL || p == NULL || out == NULL)
		return err_set(SSPF_ERR_INVALID, "nothing to count");
	*out = NULL;
	if (k < SSPF_STATS_K_MIN)
		return err_set(SSPF_ERR_INVALID,
			       "the threshold must be at least %d, not %d",
			       SSPF_STATS_K_MIN, k);
	if (method != SSPF_STATS_SUPPRESS && method != SSPF_STATS_CKM)
		return err_set(SSPF_ERR_INVALID, "an unknown method");
	if ((s = calloc(1, sizeof *s)) == NULL)
		return err_set(SSPF_ERR_NOMEM, "making the statistics");
	memset(&b, 0, sizeof b);
	s->period = *p;
	s->method = method;
	s->k = k;
	if ((e = sspf_setting_get(core->st, "district", &s->district)) !=
	    SSPF_OK)
		goto fail;
	if ((e = core_tx_begin(core, &own)) != SSPF_OK)
		goto fail;
	/* the read of every case for counting is logged before it happens */
	if ((e = audit_append(core, "export", NULL)) == SSPF_OK)
		e = stats_collect(core, p, method == SSPF_STATS_CKM, &b);
	e = core_tx_end(core, own, e);
	if (e == SSPF_OK)
		e = method == SSPF_STATS_CKM ? perturb(&b, k)
					     : suppress(&b, k, s);
	if (e != SSPF_OK)
		goto fail;
	/* the cells go out; the true counts stay here */
	s->cells = b.cells;
	s->n_cells = b.n;
	b.cells = NULL;
	stats_build_free(&b);
	*out = s;
	return SSPF_OK;
fail:
	stats_build_free(&b);
	sspf_stats_free(s);
	return e;
}

void sspf_stats_free(sspf_stats *s)
{
	if (s == NULL)
		return;
	free(s->district);
	free(s->cells);
	free(s);
}
