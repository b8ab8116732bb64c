/*
 * stats_priv.h - inside the statistics (src/core/stats*.c): the cells of
 * an export as they are built, with the true counts and the equations of
 * their margins that disclosure control (sdc.h) works on. Nothing here
 * leaves the core: only the published cells of sspf_stats do.
 */
#ifndef SSPF_CORE_STATS_PRIV_H
#define SSPF_CORE_STATS_PRIV_H

#include <sqlite3.h>

#include <sspf/stats.h>

#include "core/core_priv.h"

/* The cells being built and their equations "total = sum of terms". */
typedef struct stats_build {
	size_t n, cap;
	sspf_stats_cell *cells;
	int64_t *count;	  /* the true count of each cell */
	bool *protect;	  /* a count of persons (or actions): protected */
	int64_t *support; /* median/share: how many it is computed over */
	uint32_t *key;	  /* the cell key: its records' keys summed (ckm.h) */
	size_t n_eq, cap_eq;
	size_t *eq_total; /* the total cell of each equation */
	size_t *eq_start; /* n_eq + 1 offsets into eq_terms */
	size_t n_terms, cap_terms;
	size_t *eq_terms;
	bool nomem;
} stats_build;

/* Which margins ("total") a table has. */
enum {
	STATS_ROW_TOTALS = 1, /* per category of d1, the sum over d2 */
	STATS_COL_TOTALS = 2, /* per category of d2, the sum over d1 */
	STATS_MARGINS = 3     /* both, and the grand total */
};

/*
 * A table of n1 x n2 counts (row-major; n2 1 for a one-way table, whose
 * STATS_ROW_TOTALS is then its total) under dimension names d1/d2 (d2
 * NULL for one-way) with category names c1/c2, with the margins asked
 * for and their equations. keys: each inner cell's cell key (NULL: 0),
 * a margin's is the sum of its terms' (each record counts once in a
 * line). protect: counts of persons (or actions), under disclosure
 * control.
 */
void stats_table(stats_build *b, const char *table, const char *d1,
		 const char *const *c1, size_t n1, const char *d2,
		 const char *const *c2, size_t n2, const int64_t *counts,
		 const uint32_t *keys, unsigned margins, bool protect);

/* One cell of a median or share computed over support items. */
void stats_value(stats_build *b, const char *table, sspf_stats_kind kind,
		 double value, int64_t support);

/*
 * Fill b with every table of period p from the database of core. With
 * keys, first give every case without a record key one (ckm.h), in the
 * caller's transaction.
 */
sspf_err stats_collect(sspf_core *core, const sspf_period *p, bool keys,
		       stats_build *b);

void stats_build_free(stats_build *b);

/* ---- shared by the counting (stats_tables.c, stats_actions.c) ---- */

/* A date column, 0 when NULL. */
sspf_date stats_col_date(sqlite3_stmt *q, int col);
/* Whether d (0: none) lies in p. */
bool stats_within(sspf_date d, const sspf_period *p);
/* One record more in cell x: its count and its cell key. */
void stats_count_in(int64_t *cnt, uint32_t *key, int x, uint32_t rec);

/* Actions by actor x status at the end of p, and the share done in time
   of those due in p, with today as the core's today. */
sspf_err stats_action_tables(sspf_core *core, stats_build *b,
			     const sspf_period *p, sspf_date today);
/* Meetings held in p (up to today) by kind. */
sspf_err stats_meeting_table(sspf_core *core, stats_build *b,
			     const sspf_period *p);

#endif
