/*
 * stats_build.c - collecting the cells of an export (stats_priv.h): each
 * table's inner cells, its margins and the equations "total = sum of
 * terms" that tie them together, so that disclosure control sees what a
 * reader could compute from the published cells.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats_priv.h"

/* Room for one more cell; false (and b->nomem) if there is none. */
static bool grow_cells(stats_build *b)
{
	size_t cap = b->cap * 2 + 64;
	void *p[5];

	if (b->n < b->cap)
		return true;
	p[0] = realloc(b->cells, cap * sizeof *b->cells);
	if (p[0] != NULL)
		b->cells = p[0];
	p[1] = realloc(b->count, cap * sizeof *b->count);
	if (p[1] != NULL)
		b->count = p[1];
	p[2] = realloc(b->protect, cap * sizeof *b->protect);
	if (p[2] != NULL)
		b->protect = p[2];
	p[3] = realloc(b->support, cap * sizeof *b->support);
	if (p[3] != NULL)
		b->support = p[3];
	p[4] = realloc(b->key, cap * sizeof *b->key);
	if (p[4] != NULL)
		b->key = p[4];
	for (int i = 0; i < 5; i++) {
		if (p[i] == NULL) {
			b->nomem = true;
			return false;
		}
	}
	b->cap = cap;
	return true;
}

/* Add a cell; its index, or (size_t)-1 if out of memory. */
static size_t add_cell(stats_build *b, const char *table, const char *d1,
		       const char *c1, const char *d2, const char *c2,
		       sspf_stats_kind kind, int64_t count, uint32_t key,
		       bool protect)
{
	sspf_stats_cell *c;

	if (b->nomem || !grow_cells(b))
		return (size_t)-1;
	c = &b->cells[b->n];
	memset(c, 0, sizeof *c);
	c->table = table;
	c->dim[0] = d1;
	c->cat[0] = c1;
	c->dim[1] = d2;
	c->cat[1] = c2;
	c->kind = kind;
	c->value = (double)count;
	b->count[b->n] = count;
	b->protect[b->n] = protect;
	b->support[b->n] = count;
	b->key[b->n] = key;
	return b->n++;
}

/* Add the equation "cell total = the sum of terms[0..n-1]". */
static void add_eq(stats_build *b, size_t total, const size_t *terms, size_t n)
{
	if (b->nomem)
		return;
	if (b->n_eq + 2 > b->cap_eq) {
		size_t cap = b->cap_eq * 2 + 32;
		size_t *t = realloc(b->eq_total, cap * sizeof *t);
		size_t *s;

		if (t == NULL) {
			b->nomem = true;
			return;
		}
		b->eq_total = t;
		if ((s = realloc(b->eq_start, (cap + 1) * sizeof *s)) == NULL) {
			b->nomem = true;
			return;
		}
		b->eq_start = s;
		b->cap_eq = cap;
	}
	if (b->n_terms + n > b->cap_terms) {
		size_t cap = (b->n_terms + n) * 2 + 64;
		size_t *t = realloc(b->eq_terms, cap * sizeof *t);

		if (t == NULL) {
			b->nomem = true;
			return;
		}
		b->eq_terms = t;
		b->cap_terms = cap;
	}
	if (b->n_eq == 0)
		b->eq_start[0] = 0;
	b->eq_total[b->n_eq] = total;
	memcpy(b->eq_terms + b->n_terms, terms, n * sizeof *terms);
	b->n_terms += n;
	b->eq_start[++b->n_eq] = b->n_terms;
}

void stats_table(stats_build *b, const char *table, const char *d1,
		 const char *const *c1, size_t n1, const char *d2,
		 const char *const *c2, size_t n2, const int64_t *counts,
		 const uint32_t *keys, unsigned margins, bool protect)
{
	size_t inner[256], terms[64], rows[64], cols[64];
	int64_t sum, gsum = 0;
	uint32_t key, gkey = 0;

	if (n1 * n2 > sizeof inner / sizeof inner[0] || n1 > 64 || n2 > 64) {
		b->nomem = true; /* a table this large is the caller's bug */
		return;
	}
	for (size_t i = 0; i < n1 * n2; i++) {
		inner[i] = add_cell(b, table, d1, c1[i / n2], d2,
				    d2 ? c2[i % n2] : NULL, SSPF_CELL_COUNT,
				    counts[i], keys ? keys[i] : 0, protect);
		gsum += counts[i];
		gkey += keys ? keys[i] : 0;
	}
	if (b->nomem || margins == 0)
		return;
	if (d2 == NULL) { /* one-way: a total */
		add_eq(b,
		       add_cell(b, table, d1, "total", NULL, NULL,
				SSPF_CELL_COUNT, gsum, gkey, protect),
		       inner, n1);
		return;
	}
	for (size_t i = 0; (margins & STATS_ROW_TOTALS) && i < n1; i++) {
		sum = 0;
		key = 0;
		for (size_t j = 0; j < n2; j++) {
			sum += counts[i * n2 + j];
			key += keys ? keys[i * n2 + j] : 0;
			terms[j] = inner[i * n2 + j];
		}
		rows[i] = add_cell(b, table, d1, c1[i], d2, "total",
				   SSPF_CELL_COUNT, sum, key, protect);
		add_eq(b, rows[i], terms, n2);
	}
	for (size_t j = 0; (margins & STATS_COL_TOTALS) && j < n2; j++) {
		sum = 0;
		key = 0;
		for (size_t i = 0; i < n1; i++) {
			sum += counts[i * n2 + j];
			key += keys ? keys[i * n2 + j] : 0;
			terms[i] = inner[i * n2 + j];
		}
		cols[j] = add_cell(b, table, d1, "total", d2, c2[j],
				   SSPF_CELL_COUNT, sum, key, protect);
		add_eq(b, cols[j], terms, n1);
	}
	if (margins == STATS_MARGINS && !b->nomem) {
		size_t grand = add_cell(b, table, d1, "total", d2, "total",
					SSPF_CELL_COUNT, gsum, gkey, protect);

		add_eq(b, grand, rows, n1);
		add_eq(b, grand, cols, n2);
	}
}

void stats_value(stats_build *b, const char *table, sspf_stats_kind kind,
		 double value, int64_t support)
{
	size_t i =
		add_cell(b, table, NULL, NULL, NULL, NULL, kind, 0, 0, false);

	if (i == (size_t)-1)
		return;
	b->cells[i].value = value;
	b->support[i] = support;
}

void stats_build_free(stats_build *b)
{
	free(b->cells);
	free(b->count);
	free(b->protect);
	free(b->support);
	free(b->key);
	free(b->eq_total);
	free(b->eq_start);
	free(b->eq_terms);
	free(b->days);
	memset(b, 0, sizeof *b);
}
