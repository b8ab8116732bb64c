/*
 * stats_release.c - the memory of earlier statistics releases
 * (include/sspf/stats.h, "Earlier releases"; schema 0005): which periods
 * of a year were exported, with which method and threshold, and what each
 * of their cells published. Only published values and ".." are stored,
 * never a hidden count, so the table tells no more than the exports did.
 * The linked protection that uses it is in stats_link.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/sdc.h"
#include "core/stats_priv.h"
#include "store/errors_internal.h"

void stats_year_period(int year, int i, sspf_period *out)
{
	char text[16];
	unsigned y = (unsigned)year % 10000u;

	if (i < 4)
		snprintf(text, sizeof text, "%04uQ%u", y,
			 (unsigned)(i + 1) % 10u);
	else if (i < 6)
		snprintf(text, sizeof text, "%04uH%u", y,
			 (unsigned)(i - 3) % 10u);
	else
		snprintf(text, sizeof text, "%04u", y);
	/* year comes from a parsed period: this cannot fail */
	(void)sspf_period_parse(text, out);
}

int stats_year_index(const sspf_period *p)
{
	return p->kind == 'Q' ? p->part - 1 : p->kind == 'H' ? 3 + p->part : 6;
}

sspf_err stats_release_year(sspf_core *core, int year,
			    stats_release out[STATS_YEAR_PERIODS])
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	memset(out, 0, STATS_YEAR_PERIODS * sizeof *out);
	if ((e = core_prep(core, &q,
			   "SELECT id, period, method, k FROM stats_release "
			   "WHERE year = ?1",
			   "n", year)) != SSPF_OK)
		return e;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(q, 1);
		const char *method = (const char *)sqlite3_column_text(q, 2);
		sspf_period p;
		stats_release *r;

		if (name == NULL || method == NULL ||
		    sspf_period_parse(name, &p) != SSPF_OK || p.year != year) {
			sqlite3_finalize(q);
			return err_set(SSPF_ERR_DAMAGED,
				       "a statistics release of %d names no "
				       "period of that year",
				       year);
		}
		r = &out[stats_year_index(&p)];
		r->found = true;
		r->id = sqlite3_column_int64(q, 0);
		r->method = strcmp(method, "ckm") == 0 ? SSPF_STATS_CKM
						       : SSPF_STATS_SUPPRESS;
		r->k = sqlite3_column_int(q, 3);
	}
	e = rc == SQLITE_DONE ? SSPF_OK
			      : sspf_store_sqlerr(core->st, rc,
						  "reading the statistics "
						  "releases");
	sqlite3_finalize(q);
	return e;
}

/* The stored state of each cell i of b in from..to-1: -1 not stored, 0
   published with value[i], 1 hidden. */
static sspf_err load_cells(sspf_core *core, int64_t id, const stats_build *b,
			   size_t from, size_t to, signed char *state,
			   double *value)
{
	sqlite3_stmt *q;
	sspf_err e;

	if ((e = core_prep(core, &q,
			   "SELECT hidden, value FROM stats_release_cell "
			   "WHERE release_id = ?1 AND tbl = ?2 AND cat1 = ?3 "
			   "AND cat2 = ?4",
			   "ittt", id, "", "", "")) != SSPF_OK)
		return e;
	for (size_t i = from; e == SSPF_OK && i < to; i++) {
		const sspf_stats_cell *c = &b->cells[i];
		int rc;

		sqlite3_reset(q);
		if (core_bind_text(q, 2, c->table) != SQLITE_OK ||
		    core_bind_text(q, 3, c->cat[0]) != SQLITE_OK ||
		    core_bind_text(q, 4, c->cat[1]) != SQLITE_OK) {
			e = err_set(SSPF_ERR_NOMEM, "reading a release");
			break;
		}
		rc = sqlite3_step(q);
		state[i - from] = -1;
		if (rc == SQLITE_ROW) {
			state[i - from] = sqlite3_column_int(q, 0) ? 1 : 0;
			value[i - from] = sqlite3_column_double(q, 1);
		} else if (rc != SQLITE_DONE) {
			e = sspf_store_sqlerr(core->st, rc,
					      "reading a statistics release");
		}
	}
	sqlite3_finalize(q);
	return e;
}

/* load_cells into fresh arrays for from..to-1; both freed by the caller
   (also on an error). */
static sspf_err load(sspf_core *core, int64_t id, const stats_build *b,
		     size_t from, size_t to, signed char **state,
		     double **value)
{
	size_t n = to > from ? to - from : 1;

	*state = calloc(n, sizeof **state);
	*value = calloc(n, sizeof **value);
	if (*state == NULL || *value == NULL)
		return err_set(SSPF_ERR_NOMEM, "reading a release");
	return load_cells(core, id, b, from, to, *state, *value);
}

sspf_err stats_release_apply(sspf_core *core, int64_t id, stats_build *b)
{
	signed char *state;
	double *value;
	sspf_err e = load(core, id, b, 0, b->n, &state, &value);

	for (size_t i = 0; e == SSPF_OK && i < b->n; i++) {
		sspf_stats_cell *c = &b->cells[i];

		/* a cell the release does not know was not published */
		c->hidden = state[i] != 0;
		c->value = c->hidden ? 0 : value[i];
	}
	free(state);
	free(value);
	return e;
}

sspf_err stats_release_states(sspf_core *core, int64_t id, const stats_build *b,
			      size_t from, size_t to, int k,
			      unsigned char *fixed)
{
	signed char *state;
	double *value;
	sspf_err e = load(core, id, b, from, to, &state, &value);

	for (size_t i = from; e == SSPF_OK && i < to; i++) {
		int64_t n = b->count[i];

		/*
		 * Published then and still 0 or >= k: published. Published
		 * but now small (a late closing date, a purge) or not stored
		 * at all: treat as hidden, which protects it.
		 */
		if (state[i - from] == 0 && !(n >= 1 && n < k))
			fixed[i - from] = SDC_PUBLISHED;
		else
			fixed[i - from] = SDC_UNKNOWN;
	}
	free(state);
	free(value);
	return e;
}

sspf_err stats_release_store(sspf_core *core, const sspf_period *p,
			     sspf_stats_method method, int k,
			     const stats_build *b)
{
	sqlite3_stmt *q;
	char name[8];
	int64_t id;
	sspf_err e;

	sspf_period_text(p, name);
	if ((e = core_run(core, NULL, "remembering the statistics release",
			  "INSERT INTO stats_release(period, year, method, k, "
			  "made_on) VALUES (?1, ?2, ?3, ?4, ?5)",
			  "tntnD", name, p->year,
			  sspf_stats_method_name(method), k,
			  (int)sspf_core_today(core))) != SSPF_OK)
		return e;
	id = sqlite3_last_insert_rowid(core->db);
	if ((e = core_prep(core, &q,
			   "INSERT INTO stats_release_cell(release_id, tbl, "
			   "cat1, cat2, hidden, value) VALUES (?1, ?2, ?3, "
			   "?4, ?5, ?6)",
			   "i", id)) != SSPF_OK)
		return e;
	for (size_t i = 0; e == SSPF_OK && i < b->n; i++) {
		const sspf_stats_cell *c = &b->cells[i];
		int rc;

		sqlite3_reset(q);
		rc = core_bind_text(q, 2, c->table);
		if (rc == SQLITE_OK)
			rc = core_bind_text(q, 3, c->cat[0]);
		if (rc == SQLITE_OK)
			rc = core_bind_text(q, 4, c->cat[1]);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int(q, 5, c->hidden ? 1 : 0);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_double(q, 6,
						 c->hidden ? 0 : c->value);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(q);
		if (rc != SQLITE_DONE)
			e = sspf_store_sqlerr(core->st, rc,
					      "remembering the statistics "
					      "release");
	}
	sqlite3_finalize(q);
	return e;
}
