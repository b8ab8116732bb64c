/*
 * sdc.h - disclosure control for the statistics export: which cells of a
 * set of linked tables of person counts must be hidden so that no child
 * can be singled out (issue 6, "Anonymised statistics" in DOMAIN.md).
 *
 * This is a pure engine: no database, no I/O, no global state. The caller
 * (the export, later the city-level merge) lays its tables out as cells
 * and equations and gets back the cells to write as "..".
 *
 * The tables are given as n cells, each a count of persons (>= 0), and m
 * equations "total = term + term + ...": a row total, a column total, a
 * grand total. Tables that share a margin share that cell, so that hiding
 * across tables is one problem. A cell is a total when it is the total of
 * some equation (it may be a term of another, as a row total is a term of
 * the grand total).
 *
 * Earlier releases. Periods overlap: a half-year cell is the sum of its
 * two quarter cells, a year cell of its half-years and of its quarters,
 * so hiding a quarter cell is worthless if the half-year and the other
 * quarter are published. The caller therefore hands over ONE linked
 * problem: the cells of the new export, the cells of every earlier release
 * of an overlapping period, and the cells of overlapping periods not
 * released yet, with the equations that link them cell by cell. Each cell
 * has a fixed state (sdc_problem.fixed):
 *   SDC_FREE        a cell of the new export; the engine decides;
 *   SDC_PUBLISHED   published earlier: never hidden; it must count 0 or
 *                   >= k (else the problem is invalid);
 *   SDC_UNKNOWN     hidden earlier: never published, never primary here;
 *                   like any hidden cell it must stay undetermined;
 *   SDC_UNRELEASED  of a period not released yet: never published here;
 *                   it must stay undetermined only if it counts 1..k-1
 *                   (what its own release would hide); a count of 0 or
 *                   >= k may follow from the others, as it would be
 *                   published anyway. Without this a half-year not yet
 *                   released, which the two published quarters add up to,
 *                   would force the second quarter to be hidden almost
 *                   whole. Passing such cells as SDC_UNKNOWN is safe too,
 *                   only it hides far more.
 * A cell outside disclosure control (protect) may only be FREE or
 * PUBLISHED. Call the cells that must stay undetermined "watched": hidden
 * FREE and UNKNOWN cells counting >= 1, UNRELEASED cells counting 1..k-1.
 *
 * What sdc_suppress guarantees, over the whole linked problem:
 *   1. primary: no published cell counts 1..k-1 persons (0 is published:
 *      it is no person);
 *   2. secondary, for every equation with a watched cell:
 *      a. it has at least two hidden cells counting >= 1 (its total
 *         included);
 *      b. its hidden cells (but inherited ones, below) together count
 *         at least k persons, or every cell of it that is not 0 is hidden
 *         already (a whole table of fewer than k persons);
 *   c. no watched cell can be worked out from the published cells, the
 *      hidden cells counting 0 and the equations: the linear system leaves
 *      its value free (exact arithmetic, see sdc_rank.c).
 * A hidden cell counting 0 (only a fixed one: FREE cells of 0 are never
 * hidden) is not watched, as learning it is 0 reveals no person, and it
 * counts as known for a and c, for two reasons: its period publishes it
 * as 0 when released, and a cell at 0 can only grow, so a watched cell
 * that only it left free could be pinned exactly by the bound 0 (a <= 5
 * by one line, a >= 5 by another). With every hidden cell in the linear
 * system counting >= 1, a watched cell it leaves free can really move (to
 * non-negative values) without breaking any published figure.
 * Earlier releases can have published too much already (a different k, a
 * history made without this engine): a watched cell may follow from the
 * PUBLISHED cells even with every FREE cell hidden. No choice of this
 * export can change that, so such a cell is "inherited": it counts as
 * known, like a published cell (for a, b and c, and it is never hidden as
 * a secondary cell: it would protect nothing), and nothing is hidden for
 * it. That is harmless for a FREE cell counting >= k (e.g. a quarter cell
 * that the half-year minus the other quarter gives away: it is simply
 * published); for a hidden one, a small group or a cell hidden earlier,
 * it is a leak that already happened, and sdc_summary.n_inherited counts
 * them, for the caller to warn about. Rule b can fail the same way, in an
 * equation where no FREE cell is left to hide. Every other rule is met: hiding every FREE cell meets it, so
 * sdc_suppress never fails for this reason. With a history this engine
 * made with the same k (each release protected together with the earlier
 * ones and the periods then unreleased), n_inherited is 0.
 *
 * Secondary cells are chosen greedily to hide few persons: of all the
 * FREE cells that would mend a violated rule, the one with the smallest
 * count, inner cells before totals, then the lowest cell index.
 * Afterwards each secondary cell that a later choice made needless is
 * published again (the largest first), so no single secondary cell could
 * be published without breaking a rule. This is not a proven minimum. The
 * result depends only on the counts, the fixed states and the equations as
 * sets: not on the order of the equations or of their terms, not on
 * memory addresses. A problem without fixed cells is answered exactly as
 * before fixed cells existed.
 *
 * Not covered: an attacker who also uses bounds (a hidden cell is >= 0,
 * a primary cell is < k) can narrow a hidden cell to an interval; rule b
 * keeps those intervals from being about small groups in one line, but no
 * interval width ("protection level") is computed.
 *
 * Do not publish which hidden cells are primary and which secondary:
 * "primary" says the cell counts 1..k-1.
 *
 * Cost: each round of rule c reduces a dense matrix (equations touching
 * hidden cells x hidden and candidate cells). An export's tables of a few
 * hundred cells take milliseconds; 2000 cells of linked tables with
 * margins took 2-3 s on the CI machine; memory stays below 70 MiB at the
 * limits. Fixed cells add one reduction (is anything inherited?).
 */
#ifndef SSPF_CORE_SDC_H
#define SSPF_CORE_SDC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sspf/error.h>

/* Limits of one problem; beyond them sdc_suppress refuses (INVALID). */
#define SDC_MAX_CELLS 2048u
#define SDC_MAX_EQUATIONS 2048u
#define SDC_MAX_TERMS 65536u	      /* all equations' terms together */
#define SDC_MAX_COUNT 1000000000000LL /* persons in one cell (10^12) */
#define SDC_K_MIN 3		      /* smallest threshold accepted */

/* The fixed state of a cell: sdc_problem.fixed, see the top of this file. */
enum sdc_fixed {
	SDC_FREE = 0,	   /* a cell of the new export */
	SDC_PUBLISHED = 1, /* published by an earlier release */
	SDC_UNKNOWN = 2,   /* hidden by an earlier release */
	SDC_UNRELEASED = 3 /* of an overlapping period not released yet */
};

/* flags of sdc_problem */
#define SDC_FLAG_MODULAR 1u /* tests only: the fallback arithmetic */

typedef struct sdc_problem {
	size_t n_cells;
	const int64_t *count; /* n_cells counts of persons, each >= 0 */
	size_t n_eq;
	/*
	 * Equation e says count[eq_total[e]] = sum of count[eq_terms[i]]
	 * for i in eq_start[e] .. eq_start[e + 1] - 1 (eq_start has n_eq + 1
	 * entries, eq_start[0] == 0). At least one term; no cell twice in
	 * one equation (the total not among its own terms). May all be NULL
	 * when n_eq is 0.
	 */
	const size_t *eq_total;
	const size_t *eq_start;
	const size_t *eq_terms;
	/*
	 * NULL, or n_cells flags: only cells flagged are under disclosure
	 * control (hidden if small, or to protect others); the others, e.g.
	 * counts that are not of persons, are always published. An equation
	 * must be all protected or all not.
	 */
	const bool *protect;
	/*
	 * NULL (every cell SDC_FREE), or n_cells values of enum sdc_fixed:
	 * the cells of earlier releases and of periods not released yet.
	 */
	const unsigned char *fixed;
	int k;		/* threshold: cells of 1..k-1 persons are hidden */
	unsigned flags; /* 0, or SDC_FLAG_* */
} sdc_problem;

typedef struct sdc_summary {
	/* FREE cells only; fixed cells are counted in neither */
	size_t n_primary;	   /* cells hidden for counting 1..k-1 */
	size_t n_secondary;	   /* cells hidden to protect those */
	int64_t secondary_persons; /* sum of the counts of the secondary cells:
				      what the greedy choice keeps small */
	size_t n_modular;   /* rank checks answered modulo primes because the
			     integers would have grown too large (or forced);
			     0 for tables with margins (tests look at it) */
	size_t n_inherited; /* hidden cells of 1..k-1 or hidden earlier that
			       the earlier releases give away on their own
			       (see the top): 0 unless the history was made
			       otherwise; tell the user */
} sdc_summary;

/*
 * Check p without suppressing: SSPF_OK, or SSPF_ERR_INVALID with a detail
 * naming the equation or cell. Every reason but a limit is a bug of the
 * caller (e.g. a total that is not the sum of its terms: the tables were
 * built wrongly), and the detail says so; a PUBLISHED cell counting
 * 1..k-1 may also mean an earlier release used a smaller k. Details hold cell and equation
 * numbers, never counts.
 */
sspf_err sdc_check(const sdc_problem *p);

/*
 * Decide which cells to hide: hidden (n_cells, written by the call, owned
 * by the caller) gets true for every cell to write as "..", for fixed
 * cells too (PUBLISHED false, UNKNOWN and UNRELEASED true). sum may be
 * NULL. On an error hidden is all false and sum all 0; errors are those
 * of sdc_check, SSPF_ERR_NOMEM, or SSPF_ERR_INTERNAL (a bug here).
 * The same problem gives the same answer every time.
 */
sspf_err sdc_suppress(const sdc_problem *p, bool *hidden, sdc_summary *sum);

/*
 * Which hidden cells can be worked out from the published ones and the
 * equations: determined (n_cells, written, owned by the caller) gets true
 * for cell j iff hidden[j] and its count follows from the published counts
 * by the equations (exactly: e_j lies in the row space of the equation
 * matrix restricted to the hidden cells). Published cells get false.
 * For tests and for checking a hand-made hidden set.
 */
sspf_err sdc_determined(const sdc_problem *p, const bool *hidden,
			bool *determined);

/*
 * Whether a median, a share or any figure computed over n persons must be
 * hidden: n < k. Unlike a count, a figure over 0 persons is hidden too
 * (there is nothing to compute). A k below SDC_K_MIN counts as SDC_K_MIN.
 */
bool sdc_small(int64_t n, int k);

#endif
