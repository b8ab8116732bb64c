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
	/*
	 * For the city's merge (stats_seal.c): the day values behind the
	 * median cell, ascending (malloc'ed, n_days of them), and the
	 * numerator of the share cell (its support is the denominator).
	 */
	int *days;
	size_t n_days;
	int64_t share_num;
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

/*
 * Protect b's cells by method with threshold k, each cell on its own
 * problem (no earlier releases): suppression (sdc.h) or the cell key
 * method (ckm.h); medians and shares over fewer than k hidden. Hidden
 * cells get value 0; s gets the counts of hidden cells. Used by the
 * merge; an export goes through stats_suppress_linked for suppression.
 */
sspf_err stats_protect(stats_build *b, sspf_stats_method method, int k,
		       sspf_stats *s);

/* ---- earlier releases (stats_release.c, stats_link.c) ---- */

/* The periods of a year in the order of stats_release_year. */
enum { STATS_YEAR_PERIODS = 7 }; /* Q1..Q4, H1, H2, the year */

/* A period's release, if any. */
typedef struct stats_release {
	bool found;
	int64_t id;
	sspf_stats_method method;
	int k;
} stats_release;

/* The i-th period of year (0-3 Q1-Q4, 4-5 H1-H2, 6 the year). */
void stats_year_period(int year, int i, sspf_period *out);
/* The index of p among its year's periods. */
int stats_year_index(const sspf_period *p);

/* The releases of the periods of year, in stats_year_period order. */
sspf_err stats_release_year(sspf_core *core, int year,
			    stats_release out[STATS_YEAR_PERIODS]);
/*
 * Make b's cells those of release id: a cell's stored value, or hidden;
 * a cell the release does not hold (a table added by a later version)
 * is hidden.
 */
sspf_err stats_release_apply(sspf_core *core, int64_t id, stats_build *b);
/*
 * The fixed states (sdc.h) of b's cells from..to-1 by release id:
 * published or hidden there; a published cell whose count has since
 * become 1..k-1 is passed as hidden (SDC_UNKNOWN).
 */
sspf_err stats_release_states(sspf_core *core, int64_t id, const stats_build *b,
			      size_t from, size_t to, int k,
			      unsigned char *fixed);
/* Remember b's published cells as period p's release (in the caller's
   transaction). */
sspf_err stats_release_store(sspf_core *core, const sspf_period *p,
			     sspf_stats_method method, int k,
			     const stats_build *b);

/*
 * Only the tables of cases (the first ones of stats_collect, in the same
 * order, so that cell i is the same cell in both), of the cases read
 * once with stats_cases_load (*out the caller's, stats_cases_free) for
 * all the periods of a year.
 */
typedef struct stats_cases stats_cases;
sspf_err stats_cases_load(sspf_core *core, stats_cases **out);
void stats_cases_free(stats_cases *c);
sspf_err stats_collect_cases(const stats_cases *c, const sspf_period *p,
			     stats_build *b);

/*
 * Suppression of b (period p's whole export) linked with the other
 * periods of its year by rel (stats_release_year): see stats.h,
 * "Earlier releases". s gets the summary, n_inherited included.
 */
sspf_err stats_suppress_linked(sspf_core *core, const sspf_period *p, int k,
			       const stats_release rel[STATS_YEAR_PERIODS],
			       stats_build *b, sspf_stats *s);

/* ---- the city's merge (stats_seal.c) ---- */

/*
 * The exact figures of b (the export s, before protection) sealed to the
 * city's public key city_key: *out is base64 text, the caller's (free).
 */
sspf_err stats_seal(const stats_build *b, const sspf_stats *s,
		    const unsigned char *city_key, char **out);

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

/* ---- the city's merge (citykey.c, stats_seal.c, stats_merge.c) ---- */

#include <sspf/statsmerge.h>

/* The bytes of a key's fingerprint, written before the sealed figures. */
#define CITYKEY_FP_BYTES 16

/* The fingerprint of the public key pk (BLAKE2b): which key figures were
   sealed to, so that another city's key is told apart from tampering. */
void citykey_fingerprint(const unsigned char pk[SSPF_CITY_PUBLIC_BYTES],
			 unsigned char fp[CITYKEY_FP_BYTES]);
/* The public key of an open secret key. */
const unsigned char *citykey_public(const sspf_citykey *key);
/* crypto_box_seal_open of c (clen bytes) into m (clen -
   crypto_box_SEALBYTES bytes): false if it does not open. */
bool citykey_unseal(const sspf_citykey *key, const unsigned char *c,
		    size_t clen, unsigned char *m);

/* An export's exact figures, opened (stats_unseal). */
typedef struct stats_figures {
	char period[8];
	char *district;
	sspf_stats_method method;
	int k;
	bool preliminary;
	stats_build b; /* cells (names in names), counts, equations, days */
	char *names;
} stats_figures;

/*
 * Open the sealed figures (base64 text, sspf_stats.sealed) of the export
 * file with key into *out (stats_figures_free). INVALID: sealed to
 * another key, or a form this version does not know; DAMAGED: changed
 * after sealing. Details name file.
 */
sspf_err stats_unseal(const sspf_citykey *key, const char *sealed,
		      const char *file, stats_figures *out);
/* Wipe the exact figures and free them. */
void stats_figures_free(stats_figures *f);

/*
 * Suppression of the city's sum m (stats_merge.c) linked with the
 * districts' exports: district i's exact figures fig[i] and what it
 * published, pub[i] (same layout as m). A city cell is the sum of its
 * districts' cells, so each table is one problem of the city's cells
 * (free) and every district's (fixed as published: SDC_PUBLISHED or
 * SDC_UNKNOWN): the city's totals minus the other districts' published
 * cells never give a district's hidden cell away. s gets the summary.
 * (stats_merge_link.c)
 */
sspf_err stats_suppress_merged(stats_build *m, const stats_build *const *fig,
			       const sspf_stats *const *pub, size_t n, int k,
			       sspf_stats *s);
/* Hide in b what hidden says (counts) and the medians and shares over
   fewer than k; hidden cells get value 0. (stats_link.c) */
void stats_hide(stats_build *b, const bool *hidden, int k);
/* Wipe b's exact counts, keys, supports and days, then free b. */
void stats_build_wipe(stats_build *b);

#endif
