/*
 * stats_merge.c - the city's merge of district exports
 * (include/sspf/statsmerge.h): read every input's published facts and
 * refuse what cannot be merged, open each input's sealed figures and
 * check them against its published cells and the first input's layout,
 * add the figures up: the counts of one export of all the districts'
 * cases. Then protect the sum: the cell key method as that export would,
 * suppression linked with the districts' published cells, so that the
 * two levels together give nothing away (stats_merge_link.c).
 *
 * The sum is the union's figures because the districts hold disjoint
 * cases: counts and supports add up, a cell key is the sum of its
 * records' keys modulo 2^32 (ckm.h) so the districts' cell keys add up to
 * the union's, the median's day lists are merged and the share's parts
 * added. The opened figures are wiped before they are freed.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/sdc.h"
#include "core/stats_priv.h"
#include "store/errors_internal.h"

/* One input: its published cells and its opened figures. */
typedef struct input {
	const char *path;
	sspf_stats *pub;
	stats_figures fig;
} input;

static bool same_str(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool same_cell(const sspf_stats_cell *a, const sspf_stats_cell *b)
{
	return same_str(a->table, b->table) && same_str(a->dim[0], b->dim[0]) &&
	       same_str(a->cat[0], b->cat[0]) &&
	       same_str(a->dim[1], b->dim[1]) &&
	       same_str(a->cat[1], b->cat[1]) && a->kind == b->kind;
}

/* The published facts of input i against input 0 and the others. */
static sspf_err facts(const input *in, size_t i)
{
	const sspf_stats *a = in[0].pub, *b = in[i].pub;
	char pa[8], pb[8];

	if (b->sealed == NULL)
		return err_set(SSPF_ERR_INVALID,
			       "%s holds no sealed figures: stats-merge needs "
			       "the JSON exports made with --for-city",
			       in[i].path);
	sspf_period_text(&a->period, pa);
	sspf_period_text(&b->period, pb);
	if (strcmp(pa, pb) != 0)
		return err_set(SSPF_ERR_INVALID,
			       "%s is of %s but %s of %s: merge the exports "
			       "of one period",
			       in[0].path, pa, in[i].path, pb);
	if (a->method != b->method)
		return err_set(SSPF_ERR_INVALID,
			       "%s was protected by %s but %s by %s: merge "
			       "exports of one method",
			       in[0].path, sspf_stats_method_name(a->method),
			       in[i].path, sspf_stats_method_name(b->method));
	if (a->k != b->k)
		return err_set(SSPF_ERR_INVALID,
			       "%s has threshold %d but %s %d: merge exports "
			       "of one threshold",
			       in[0].path, a->k, in[i].path, b->k);
	for (size_t j = 0; j < i; j++)
		if (same_str(in[j].pub->district, b->district))
			return err_set(SSPF_ERR_INVALID,
				       "%s and %s are both of district '%s': "
				       "each district may be merged once",
				       in[j].path, in[i].path, b->district);
	return SSPF_OK;
}

/* The opened figures of input x against its own published cells. */
static sspf_err agrees(const input *x)
{
	const sspf_stats *p = x->pub;
	const stats_figures *f = &x->fig;
	char period[8];

	sspf_period_text(&p->period, period);
	if (strcmp(period, f->period) != 0 ||
	    !same_str(p->district, f->district) || p->method != f->method ||
	    p->k != f->k || p->preliminary != f->preliminary)
		return err_set(SSPF_ERR_INVALID,
			       "%s: its sealed figures are of another export "
			       "(%s, district '%s') than its cells: the file "
			       "was changed",
			       x->path, f->period, f->district);
	if (p->n_cells != f->b.n)
		return err_set(SSPF_ERR_INVALID,
			       "%s: its sealed figures have %zu cells, its "
			       "published ones %zu: the file was changed",
			       x->path, f->b.n, p->n_cells);
	for (size_t i = 0; i < p->n_cells; i++)
		if (!same_cell(&p->cells[i], &f->b.cells[i]))
			return err_set(SSPF_ERR_INVALID,
				       "%s: cell %zu of its sealed figures is "
				       "not its published cell %zu: the file "
				       "was changed",
				       x->path, i + 1, i + 1);
	return SSPF_OK;
}

/* Every equation of b holds for its counts and its cell keys. */
static sspf_err adds_up(const char *path, const stats_build *b)
{
	for (size_t e = 0; e < b->n_eq; e++) {
		size_t t = b->eq_total[e];
		int64_t sum = 0;
		uint32_t key = 0;
		/* an equation is of counts, all protected or all not */
		bool bad = b->cells[t].kind != SSPF_CELL_COUNT;

		for (size_t j = b->eq_start[e]; j < b->eq_start[e + 1]; j++) {
			size_t x = b->eq_terms[j];

			sum += b->count[x];
			key += b->key[x];
			bad = bad || b->protect[x] != b->protect[t] ||
			      b->cells[x].kind != SSPF_CELL_COUNT;
		}
		if (bad || sum != b->count[t] || key != b->key[t])
			return err_set(SSPF_ERR_INVALID,
				       "%s: its sealed figures do not add up "
				       "(equation %zu): they were not made by "
				       "sspf stats",
				       path, e + 1);
	}
	return SSPF_OK;
}

/* Input x's layout (cells and equations) is input 0's. */
static sspf_err same_layout(const input *in, const input *x)
{
	const stats_build *a = &in[0].fig.b, *b = &x->fig.b;
	bool same =
		a->n == b->n && a->n_eq == b->n_eq && a->n_terms == b->n_terms;

	for (size_t i = 0; same && i < a->n; i++)
		same = same_cell(&a->cells[i], &b->cells[i]) &&
		       a->protect[i] == b->protect[i];
	if (same)
		same = memcmp(a->eq_total, b->eq_total,
			      a->n_eq * sizeof *a->eq_total) == 0 &&
		       memcmp(a->eq_start, b->eq_start,
			      (a->n_eq + 1) * sizeof *a->eq_start) == 0 &&
		       memcmp(a->eq_terms, b->eq_terms,
			      a->n_terms * sizeof *a->eq_terms) == 0;
	if (!same)
		return err_set(SSPF_ERR_INVALID,
			       "%s and %s have different tables: they were "
			       "made by different versions of sspf; export "
			       "every district with the same version",
			       in[0].path, x->path);
	return SSPF_OK;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The sum of the inputs' figures into m, with input 0's layout; the
   median and share values as stats_tables.c and stats_actions.c make
   them. */
static sspf_err sum_up(const input *in, size_t n, stats_build *m)
{
	const stats_build *a = &in[0].fig.b;
	size_t nd = 0;

	m->cells = calloc(a->n ? a->n : 1, sizeof *m->cells);
	m->count = calloc(a->n ? a->n : 1, sizeof *m->count);
	m->protect = calloc(a->n ? a->n : 1, sizeof *m->protect);
	m->support = calloc(a->n ? a->n : 1, sizeof *m->support);
	m->key = calloc(a->n ? a->n : 1, sizeof *m->key);
	m->eq_total = malloc((a->n_eq ? a->n_eq : 1) * sizeof *m->eq_total);
	m->eq_start = malloc((a->n_eq + 1) * sizeof *m->eq_start);
	m->eq_terms =
		malloc((a->n_terms ? a->n_terms : 1) * sizeof *m->eq_terms);
	for (size_t i = 0; i < n; i++)
		nd += in[i].fig.b.n_days;
	m->days = malloc((nd ? nd : 1) * sizeof *m->days);
	m->n = m->cap = a->n;
	if (!m->cells || !m->count || !m->protect || !m->support || !m->key ||
	    !m->eq_total || !m->eq_start || !m->eq_terms || !m->days)
		return err_set(SSPF_ERR_NOMEM, "merging the statistics");
	memcpy(m->cells, a->cells, a->n * sizeof *m->cells);
	memcpy(m->protect, a->protect, a->n * sizeof *m->protect);
	memcpy(m->eq_total, a->eq_total, a->n_eq * sizeof *m->eq_total);
	memcpy(m->eq_start, a->eq_start, (a->n_eq + 1) * sizeof *m->eq_start);
	memcpy(m->eq_terms, a->eq_terms, a->n_terms * sizeof *m->eq_terms);
	m->n_eq = m->cap_eq = a->n_eq;
	m->n_terms = m->cap_terms = a->n_terms;
	for (size_t i = 0; i < n; i++) {
		const stats_build *b = &in[i].fig.b;

		for (size_t j = 0; j < a->n; j++) {
			m->count[j] += b->count[j];
			m->key[j] += b->key[j]; /* modulo 2^32 */
			m->support[j] += b->support[j];
		}
		if (b->n_days > 0)
			memcpy(m->days + m->n_days, b->days,
			       b->n_days * sizeof *m->days);
		m->n_days += b->n_days;
		m->share_num += b->share_num;
	}
	qsort(m->days, m->n_days, sizeof *m->days, cmp_int);
	for (size_t j = 0; j < m->n; j++) {
		sspf_stats_cell *c = &m->cells[j];
		size_t d = m->n_days;

		if (m->count[j] > SDC_MAX_COUNT ||
		    m->support[j] > SDC_MAX_COUNT)
			return err_set(SSPF_ERR_INVALID,
				       "the merged counts are too large");
		c->hidden = false;
		if (c->kind == SSPF_CELL_COUNT)
			c->value = (double)m->count[j];
		else if (c->kind == SSPF_CELL_MEDIAN)
			c->value = d == 0  ? 0
				   : d % 2 ? m->days[d / 2]
					   : (m->days[d / 2 - 1] +
					      m->days[d / 2]) /
						     2.0;
		else
			c->value = m->support[j] > 0
					   ? (double)m->share_num /
						     (double)m->support[j]
					   : 0;
	}
	return SSPF_OK;
}

/* The cells' names moved into s->names (the figures are freed). */
static sspf_err own_names(sspf_stats *s, sspf_stats_cell *cells, size_t n)
{
	size_t len = 1;
	char *at;

	for (size_t i = 0; i < n; i++) {
		len += strlen(cells[i].table) + 1;
		for (int d = 0; d < SSPF_STATS_DIMS; d++)
			if (cells[i].dim[d] != NULL)
				len += strlen(cells[i].dim[d]) +
				       strlen(cells[i].cat[d]) + 2;
	}
	if ((s->names = malloc(len)) == NULL)
		return err_set(SSPF_ERR_NOMEM, "merging the statistics");
	at = s->names;
	for (size_t i = 0; i < n; i++) {
		const char **str[5] = { &cells[i].table, &cells[i].dim[0],
					&cells[i].cat[0], &cells[i].dim[1],
					&cells[i].cat[1] };

		for (int j = 0; j < 5; j++) {
			size_t l;

			if (*str[j] == NULL)
				continue;
			l = strlen(*str[j]) + 1;
			memcpy(at, *str[j], l);
			*str[j] = at;
			at += l;
		}
	}
	return SSPF_OK;
}

/*
 * Protect the sum: the cell key method as for any export (a district's
 * noise and the city's are drawn from different cell keys); suppression
 * linked with what the districts published (stats_merge_link.c).
 */
static sspf_err protect(const input *in, size_t n, stats_build *m,
			sspf_stats *s)
{
	const stats_build **fig;
	const sspf_stats **pub;
	sspf_err e;

	if (s->method == SSPF_STATS_CKM)
		return stats_protect(m, s->method, s->k, s);
	fig = calloc(n, sizeof *fig);
	pub = calloc(n, sizeof *pub);
	if (fig == NULL || pub == NULL) {
		e = err_set(SSPF_ERR_NOMEM, "merging the statistics");
	} else {
		for (size_t i = 0; i < n; i++) {
			fig[i] = &in[i].fig.b;
			pub[i] = in[i].pub;
		}
		e = stats_suppress_merged(m, fig, pub, n, s->k, s);
	}
	free(fig);
	free(pub);
	return e;
}

/* Read, check and open every input. */
static sspf_err open_inputs(const sspf_citykey *key, input *in, size_t n)
{
	sspf_err e = SSPF_OK;

	for (size_t i = 0; e == SSPF_OK && i < n; i++)
		if ((e = sspf_stats_read(in[i].path, &in[i].pub)) == SSPF_OK)
			e = facts(in, i);
	for (size_t i = 0; e == SSPF_OK && i < n; i++)
		if ((e = stats_unseal(key, in[i].pub->sealed, in[i].path,
				      &in[i].fig)) == SSPF_OK &&
		    (e = agrees(&in[i])) == SSPF_OK &&
		    (e = adds_up(in[i].path, &in[i].fig.b)) == SSPF_OK && i > 0)
			e = same_layout(in, &in[i]);
	return e;
}

sspf_err sspf_stats_merge_check(const char *const *paths, size_t n)
{
	input *in;
	sspf_err e = SSPF_OK;

	err_clear();
	if (paths == NULL || n == 0 || n > SSPF_MERGE_MAX_INPUTS)
		return err_set(SSPF_ERR_INVALID,
			       "merge 1 to %d exports, not %zu",
			       SSPF_MERGE_MAX_INPUTS, paths ? n : 0);
	if ((in = calloc(n, sizeof *in)) == NULL)
		return err_set(SSPF_ERR_NOMEM, "merging the statistics");
	for (size_t i = 0; e == SSPF_OK && i < n; i++) {
		in[i].path = paths[i];
		if ((e = sspf_stats_read(paths[i], &in[i].pub)) == SSPF_OK)
			e = facts(in, i);
	}
	for (size_t i = 0; i < n; i++)
		sspf_stats_free(in[i].pub);
	free(in);
	return e;
}

sspf_err sspf_stats_merge(const sspf_citykey *key, const char *const *paths,
			  size_t n, const char *name, sspf_stats **out)
{
	input *in = NULL;
	stats_build m;
	sspf_stats *s = NULL;
	sspf_err e;

	err_clear();
	if (key == NULL || paths == NULL || out == NULL)
		return err_set(SSPF_ERR_INVALID, "nothing to merge");
	*out = NULL;
	if (n == 0 || n > SSPF_MERGE_MAX_INPUTS)
		return err_set(SSPF_ERR_INVALID,
			       "merge 1 to %d exports, not %zu",
			       SSPF_MERGE_MAX_INPUTS, n);
	memset(&m, 0, sizeof m);
	if ((in = calloc(n, sizeof *in)) == NULL ||
	    (s = calloc(1, sizeof *s)) == NULL) {
		e = err_set(SSPF_ERR_NOMEM, "merging the statistics");
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		in[i].path = paths[i];
	if ((e = open_inputs(key, in, n)) != SSPF_OK ||
	    (e = sum_up(in, n, &m)) != SSPF_OK ||
	    (e = own_names(s, m.cells, m.n)) != SSPF_OK)
		goto done;
	s->period = in[0].pub->period;
	s->method = in[0].pub->method;
	s->k = in[0].pub->k;
	for (size_t i = 0; i < n; i++)
		s->preliminary = s->preliminary || in[i].pub->preliminary;
	if ((s->district = strdup(name != NULL ? name : "city")) == NULL) {
		e = err_set(SSPF_ERR_NOMEM, "merging the statistics");
		goto done;
	}
	if ((e = protect(in, n, &m, s)) != SSPF_OK)
		goto done;
	/* the cells go out; the exact figures are wiped */
	s->cells = m.cells;
	s->n_cells = m.n;
	m.cells = NULL;
	*out = s;
	s = NULL;
done:
	stats_build_wipe(&m);
	for (size_t i = 0; in != NULL && i < n; i++) {
		sspf_stats_free(in[i].pub);
		stats_figures_free(&in[i].fig);
	}
	free(in);
	sspf_stats_free(s);
	return e;
}
