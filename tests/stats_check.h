/*
 * stats_check.h - reading an export of the statistics suites, and the
 * whole check of it against the expected cells (stats_model.h): every
 * published count, and the protection a reader relies on, checked by
 * this code on its own: no published count of persons is 1 to k-1, no
 * line has one hidden cell or fewer than k persons hidden, and each
 * hidden cell gets a second non-negative filling that keeps every
 * published cell and total, so that none can be worked out.
 */
#ifndef SSPF_TESTS_STATS_CHECK_H
#define SSPF_TESTS_STATS_CHECK_H

#include <stdbool.h>

#include <sspf/stats.h>

#include "stats_model.h"

/* The index of cell table/c1/c2 of s (NULLs where a cell has no such
   dimension), or -1. */
long sd_find(const sspf_stats *s, const char *table, const char *c1,
	     const char *c2);
/* That cell, which must be there (it points into s). */
const sspf_stats_cell *sd_cell(const sspf_stats *s, const char *table,
			       const char *c1, const char *c2);
/* How many cells of s are hidden. */
size_t sd_n_hidden(const sspf_stats *s);

/* dy: a change of the hidden cells (hid) of table d that keeps every
 * line and moves cell (r, c); false if there is none: the cell can be
 * worked out. */
bool sd_change(const struct tdesc *d, const bool hid[8][5], int r, int c,
	       int dy[8][5]);
/* Assert export s, made with threshold k, holds exactly the cells of x,
 * published or hidden by the rules. */
void sd_check_export(const sspf_stats *s, const struct expect *x, int k);

#endif
