/*
 * stats.h - anonymised statistics of a district for the city's central
 * unit (DOMAIN.md "Anonymised statistics", `sspf stats`): aggregate
 * counts of a fixed period (a calendar quarter, half-year or year, never
 * a free range, so that two exports cannot be subtracted to single out a
 * small group), with disclosure control on every count of persons.
 *
 * The tables (each documented in sspf(1), STATISTICS):
 *   cases_active, cases_new, cases_closed   age band x gender, margins
 *   new_by_concern                          concern category (a case may
 *                                           count under several)
 *   consent_outcomes                        outcome x age band, margins
 *   actions                                 actor x status at the end of
 *                                           the period, margins
 *   meetings                                meeting kind (not persons:
 *                                           never hidden)
 *   days_to_network_meeting                 the median, and its n
 *   actions_done_by_due                     the share, and its n
 * A cell holds no name, case code, birth date, exact date, school or
 * class: only its table, up to two dimensions and a value.
 *
 * Reading the cases for statistics is logged once as "export" without a
 * case code; no case's data leaves the core except as counts.
 */
#ifndef SSPF_STATS_H
#define SSPF_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sspf/core.h>
#include <sspf/date.h>

/* A reporting period. */
typedef struct sspf_period {
	int year;
	char kind; /* 'Q' (quarter), 'H' (half-year) or 'Y' (year) */
	int part;  /* 1-4 for a quarter, 1-2 for a half-year, 0 for a year */
	sspf_date first, last; /* the first and the last day */
} sspf_period;

/* "2026Q3", "2026H2" or "2026" (years 2000-2099); SSPF_ERR_INVALID with a
   detail saying what a period looks like. */
sspf_err sspf_period_parse(const char *text, sspf_period *out);
/* The text of p ("2026Q3") into out. */
void sspf_period_text(const sspf_period *p, char out[8]);

/* How small counts are protected. */
typedef enum sspf_stats_method {
	SSPF_STATS_SUPPRESS = 0, /* primary and secondary cell suppression */
	SSPF_STATS_CKM,		 /* the cell key method (noise, SCB 2025) */
} sspf_stats_method;

/* The name of a method in exports ("suppression", "ckm"). */
const char *sspf_stats_method_name(sspf_stats_method m);

/* The smallest and the default threshold k. */
#define SSPF_STATS_K_MIN 3
#define SSPF_STATS_K_DEFAULT 5

typedef enum sspf_stats_kind {
	SSPF_CELL_COUNT = 0, /* persons (or actions, meetings): an integer */
	SSPF_CELL_MEDIAN,    /* a median number of days */
	SSPF_CELL_SHARE,     /* a share, 0 to 1 */
} sspf_stats_kind;

#define SSPF_STATS_DIMS 2

/* One published cell. Strings are static names, never data of a case. */
typedef struct sspf_stats_cell {
	const char *table;
	/* dimension names and their categories ("age_band", "13-15";
	   "gender", "total"); NULL names for the unused ones */
	const char *dim[SSPF_STATS_DIMS], *cat[SSPF_STATS_DIMS];
	sspf_stats_kind kind;
	bool hidden;  /* suppressed: written ".." */
	double value; /* the published value; 0 when hidden */
} sspf_stats_cell;

/* An export: its facts and cells, in a fixed order. */
typedef struct sspf_stats {
	sspf_period period;
	char *district; /* the setting "district" */
	sspf_stats_method method;
	int k;
	size_t n_cells;
	sspf_stats_cell *cells;
	/* cells hidden by primary and by secondary suppression (for the
	   coordinator; never written into the export, since "primary" would
	   say that a cell counts 1 to k-1) */
	size_t n_primary, n_secondary;
	/*
	 * Releases (see "Earlier releases" below). preliminary: the period
	 * has not ended, its figures may still change, and this export is
	 * not remembered: for a look, not for publishing. remembered: this
	 * export is now stored as the period's release. rewritten: the
	 * period was released before and this is that release again, cell
	 * for cell. n_inherited: hidden cells that earlier releases give
	 * away on their own (sdc.h; 0 unless the history was made
	 * otherwise): warn the user.
	 */
	bool preliminary, remembered, rewritten;
	size_t n_inherited;
	/*
	 * NULL, or (sspf_stats_request.city_key) the exact figures of the
	 * export sealed to the city's key, as base64 text: the JSON export
	 * carries it for sspf_stats_merge (statsmerge.h). Owned by s.
	 */
	char *sealed;
	/* the merge only: names of the cells held here (freed with s) */
	char *names;
} sspf_stats;

/*
 * Earlier releases. Periods overlap (a half-year is two quarters, a year
 * two half-years), so hiding a quarter's cell is worthless if the
 * half-year and the other quarter are published. An export of a period
 * that has ended is therefore remembered (the published value or ".." of
 * each cell, never a hidden count) as that period's release, and:
 *  - the same period asked again is written exactly as released
 *    (rewritten), so two versions cannot be subtracted either;
 *  - with suppression, a new period is protected together with every
 *    released period of its year and those not released yet: the cells
 *    of cases_new, cases_closed and new_by_concern, which add up across
 *    periods, form one linked problem (sdc.h, fixed states);
 *  - every export of a year uses the method and threshold of the year's
 *    first release; another is refused (SSPF_ERR_INVALID) with a detail
 *    naming the release.
 * A period that has not ended (its last day after today) is made the
 * same way but not remembered (preliminary).
 */

/* What an export is asked for. */
typedef struct sspf_stats_request {
	sspf_stats_method method;
	int k; /* at least SSPF_STATS_K_MIN */
	/*
	 * NULL, or the city's public key (SSPF_CITY_PUBLIC_BYTES bytes, read
	 * by sspf_citykey_read_public, statsmerge.h): the export then also
	 * carries its exact figures sealed to that key (sspf_stats.sealed),
	 * which only the city's secret key opens, for the city's merge.
	 */
	const unsigned char *city_key;
} sspf_stats_request;

/*
 * The statistics of period p as rq asks. *out is the caller's
 * (sspf_stats_free). Logged as one "export" entry; an ended period's
 * first export is remembered in the same change.
 */
sspf_err sspf_stats_make_for(sspf_core *core, const sspf_period *p,
			     const sspf_stats_request *rq, sspf_stats **out);
/* The same without a city key. */
sspf_err sspf_stats_make(sspf_core *core, const sspf_period *p,
			 sspf_stats_method method, int k, sspf_stats **out);
void sspf_stats_free(sspf_stats *s);

typedef enum sspf_stats_format {
	SSPF_STATS_CSV = 0, /* RFC 4180, long form, hidden cells ".." */
	SSPF_STATS_JSON,    /* the same cells with the method and schema */
} sspf_stats_format;

/* Write s to descriptor fd in format f. */
sspf_err sspf_stats_write(const sspf_stats *s, sspf_stats_format f, int fd);

#endif
