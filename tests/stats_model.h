/*
 * stats_model.h - what an export of the statistics suites' generated data
 * (stats_data.h) must hold, worked out from the profiles by the rules
 * sspf(1) STATISTICS states, not by the library's code: every table's
 * cells with their margins, the median and the share.
 */
#ifndef SSPF_TESTS_STATS_MODEL_H
#define SSPF_TESTS_STATS_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "stats_data.h"

/* The tables of an export of counts, in sd_tables. */
enum {
	T_ACTIVE,
	T_NEW,
	T_CLOSED,
	T_CONCERN,
	T_OUTCOME,
	T_ACTIONS,
	T_MEETINGS,
	NT
};

/* A table: n1 x n2 inner cells (n2 0: one-way), which margins. */
struct tdesc {
	const char *name, *d1, *d2;
	const char *const *c1, *const *c2;
	int n1, n2;
	bool rows, cols, prot; /* row totals, column totals, protected */
};

/* The tables as sspf(1) describes them; set by sd_tables_init. */
extern struct tdesc sd_tables[NT];
/* The categories of the age bands and of the genders, in table order. */
extern const char *const sd_ages[4], *const sd_genders[4];
/* Fill sd_tables (it asks the library for the names of actors, statuses
 * and meeting kinds); call it once before any test runs. */
void sd_tables_init(void);

/* grid[t][row][col]: row n1 holds column totals, col n2 (or 0 for one-way
   tables, whose total is row n1) row totals. */
struct expect {
	int64_t grid[NT][8][5];
	int days[512], n_days;
	int64_t due, in_time;
};

/* *x: every expected cell of period f..l (YYYYMMDD) for mult[i] cases of
 * each profile i of d, exported on day now. */
void sd_model(const struct data *d, const int *mult, int f, int l, int now,
	      struct expect *x);
/* The expected median of the days to the first network meeting (x has at
 * least one). */
double sd_median(const struct expect *x);

#endif
