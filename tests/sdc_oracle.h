/*
 * sdc_oracle.h - what the disclosure-control suites (test_sdc.c,
 * test_sdc_linked.c) share: a builder of sdc_problems, random tables, and
 * an independent check of the rules the engine (src/core/sdc.h) promises,
 * written without the engine's code (rationals as __int128 fractions).
 *
 * Everything here asserts with check, so call it from a test function.
 */
#ifndef SSPF_TESTS_SDC_ORACLE_H
#define SSPF_TESTS_SDC_ORACLE_H

#include "testutil.h"

#include <stdbool.h>
#include <stdint.h>

#include "core/sdc.h"

/* ck_assert costs a system call even when it holds: in loops, this */
#define REQUIRE(cond, ...)                         \
	do {                                       \
		if (!(cond))                       \
			ck_abort_msg(__VA_ARGS__); \
	} while (0)

#define MAXC 512 /* cells in a test problem */
#define MAXE 256
#define MAXT 4096
#define NONE SIZE_MAX /* "no cell yet" for so_table */

/* A problem under construction; tests own it (on the stack, or static
 * when it is large and a test reuses it). */
struct pb {
	size_t n, ne, nt;
	int64_t count[MAXC];
	size_t total[MAXE], start[MAXE + 1], terms[MAXT];
};

/* ---- building problems ---- */

/* A new cell counting count; returns its index. */
size_t so_cell(struct pb *b, int64_t count);
/* total = sum of the nt cells t[]; the total's count is set here. */
void so_eq(struct pb *b, size_t total, const size_t *t, size_t nt);
/* The sdc_problem of b with threshold k; it points into b. */
sdc_problem so_prob(const struct pb *b, int k);
/* An r x c table of inner counts v (row-major) with row totals (the cells
 * rows[] if given and not NONE, shared with another table, else new ones,
 * written back to rows[]), column totals and grand total *g (new if
 * NONE). in[] gets the r * c inner cells. */
void so_table(struct pb *b, size_t r, size_t c, const int64_t *v, size_t *rows,
	      size_t *g, size_t *in);
/* sdc_suppress on b with threshold k must succeed; s may be NULL. */
void so_suppress_ok(const struct pb *b, int k, bool *hidden, sdc_summary *s);
/* The hidden cells among the first ncells are exactly the n in want[]. */
void so_expect_hidden(const bool *hidden, size_t ncells, const size_t *want,
		      size_t n);

/* ---- random tables ---- */

/* The random state of so_random_pb and so_permuted; a test seeds it. */
extern uint64_t so_rng;

/* FLAT: one table with margins; SHARED: two tables sharing their row
 * totals (age x gender, age x concern); QUARTERS: two quarters and their
 * half-year, cell by cell, each a table, laid out in thirds of b. */
enum so_kind { SO_FLAT, SO_SHARED, SO_QUARTERS };

/* A new random problem of that kind in *b (b is overwritten). */
void so_random_pb(struct pb *b, enum so_kind kind);
/* out: b's equations in reverse order, each with its terms shuffled. */
void so_permuted(const struct pb *b, struct pb *out);

/* ---- the independent solver and the rules ---- */

/* What so_broken or so_undetermined found last (a static buffer). */
extern char so_why[200];
/* so_free_dirs' answers, h x h: big, so one for all. */
extern __int128 so_dir[MAXC * MAXC];

/* For each hidden cell (col[] gets them, h in all, the count returned), a
 * direction of change of the hidden cells that keeps every equation and
 * moves that cell: ok[j] whether there is one, dir[j * h ...] it, in
 * integers. A hidden cell without one can be worked out. */
size_t so_free_dirs(const struct pb *b, const bool *hidden, size_t *col,
		    bool *ok, __int128 *dir);
/* Whether every hidden cell marked in need (all if NULL) can take two
 * values: a second non-negative filling is built and checked equation by
 * equation. False with so_why set if one can be worked out. */
bool so_undetermined(const struct pb *b, const bool *hidden, const bool *need);

/* The fixed state of cell j (fx may be NULL: all free). */
#define FX(fx, j) ((fx) == NULL ? SDC_FREE : (fx)[j])

/* A cell that, hidden, must stay undetermined: "watched" in sdc.h. */
bool so_watched(const struct pb *b, int k, const unsigned char *fx, size_t j);
/* The first rule a user relies on that hidden breaks (so_why), or NULL.
 * fx: the fixed states or NULL; inh: NULL, or the cells the fixed cells
 * give away by themselves, which sdc.h exempts. */
const char *so_broken(const struct pb *b, int k, const bool *hidden,
		      const unsigned char *fx, const bool *inh);
/* Assert every rule holds and no secondary cell (FREE, >= k) could be
 * published; hidden is changed and put back. */
void so_check_linked(const struct pb *b, int k, bool *hidden,
		     const unsigned char *fx, const bool *inh);
/* so_check_linked without fixed cells. */
void so_check_rules(const struct pb *b, int k, bool *hidden);

#endif
