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

sspf_err stats_protect(stats_build *b, sspf_stats_method method, int k,
		       sspf_stats *s)
{
	return method == SSPF_STATS_CKM
		       ? perturb(b, k)
		       : stats_suppress_linked(NULL, NULL, k, NULL, b, s);
}

/* The year's releases allow this method and threshold, or a refusal
   naming the release they must follow. */
static sspf_err same_as_year(const stats_release rel[STATS_YEAR_PERIODS],
			     int year, sspf_stats_method method, int k)
{
	for (int i = 0; i < STATS_YEAR_PERIODS; i++) {
		sspf_period q;
		char name[8];

		if (!rel[i].found || (rel[i].method == method && rel[i].k == k))
			continue;
		stats_year_period(year, i, &q);
		sspf_period_text(&q, name);
		return err_set(SSPF_ERR_INVALID,
			       "%s was exported with --method %s --threshold "
			       "%d: every export of %d must use the same, so "
			       "that they cannot be combined to reveal a small "
			       "group",
			       name, sspf_stats_method_name(rel[i].method),
			       rel[i].k, year);
	}
	return SSPF_OK;
}

/*
 * Inside the export's transaction: count, then the period's release
 * again, or protect it (linked with its year for suppression) and
 * remember it if the period has ended; seal the exact figures if asked.
 */
static sspf_err make_in_tx(sspf_core *core, const sspf_period *p,
			   const sspf_stats_request *rq, stats_build *b,
			   sspf_stats *s)
{
	stats_release rel[STATS_YEAR_PERIODS];
	const stats_release *own = NULL;
	sspf_err e;

	/* the read of every case for counting is logged before it happens */
	if ((e = audit_append(core, "export", NULL)) != SSPF_OK ||
	    (e = stats_release_year(core, p->year, rel)) != SSPF_OK ||
	    (e = same_as_year(rel, p->year, rq->method, rq->k)) != SSPF_OK ||
	    (e = stats_collect(core, p, rq->method == SSPF_STATS_CKM, b)) !=
		    SSPF_OK)
		return e;
	own = &rel[stats_year_index(p)];
	if (own->found) {
		s->rewritten = true;
		e = stats_release_apply(core, own->id, b);
	} else if (rq->method == SSPF_STATS_CKM) {
		e = perturb(b, rq->k);
	} else {
		e = stats_suppress_linked(core, p, rq->k, rel, b, s);
	}
	if (e == SSPF_OK && !own->found && !s->preliminary) {
		e = stats_release_store(core, p, rq->method, rq->k, b);
		s->remembered = e == SSPF_OK;
	}
	if (e == SSPF_OK && rq->city_key != NULL)
		e = stats_seal(b, s, rq->city_key, &s->sealed);
	return e;
}

sspf_err sspf_stats_make_for(sspf_core *core, const sspf_period *p,
			     const sspf_stats_request *rq, sspf_stats **out)
{
	stats_build b;
	sspf_stats *s;
	bool own;
	sspf_err e;

	err_clear();
	if (core == NULL || p == NULL || rq == NULL || out == NULL)
		return err_set(SSPF_ERR_INVALID, "nothing to count");
	*out = NULL;
	{ /* only a period sspf_period_parse makes */
		sspf_period chk;
		char text[8];

		sspf_period_text(p, text);
		if ((p->kind != 'Q' && p->kind != 'H' && p->kind != 'Y') ||
		    sspf_period_parse(text, &chk) != SSPF_OK ||
		    chk.year != p->year || chk.part != p->part ||
		    chk.first != p->first || chk.last != p->last)
			return err_set(SSPF_ERR_INVALID, "not a period");
	}
	if (rq->k < SSPF_STATS_K_MIN)
		return err_set(SSPF_ERR_INVALID,
			       "the threshold must be at least %d, not %d",
			       SSPF_STATS_K_MIN, rq->k);
	if (rq->method != SSPF_STATS_SUPPRESS && rq->method != SSPF_STATS_CKM)
		return err_set(SSPF_ERR_INVALID, "an unknown method");
	if ((s = calloc(1, sizeof *s)) == NULL)
		return err_set(SSPF_ERR_NOMEM, "making the statistics");
	memset(&b, 0, sizeof b);
	s->period = *p;
	s->method = rq->method;
	s->k = rq->k;
	s->preliminary = p->last >= sspf_core_today(core);
	if ((e = sspf_setting_get(core->st, "district", &s->district)) !=
	    SSPF_OK)
		goto fail;
	if ((e = core_tx_begin(core, &own)) != SSPF_OK)
		goto fail;
	e = core_tx_end(core, own, make_in_tx(core, p, rq, &b, s));
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

sspf_err sspf_stats_make(sspf_core *core, const sspf_period *p,
			 sspf_stats_method method, int k, sspf_stats **out)
{
	const sspf_stats_request rq = { method, k, NULL };

	return sspf_stats_make_for(core, p, &rq, out);
}

void sspf_stats_free(sspf_stats *s)
{
	if (s == NULL)
		return;
	free(s->district);
	free(s->cells);
	free(s->sealed);
	free(s->names);
	free(s);
}
