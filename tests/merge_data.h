/*
 * merge_data.h - the shared fixture of the city merge's suites
 * (test_stats_merge.c, test_stats_merge_refuse.c): three district stores
 * and a fourth, the union, on real encrypted databases with a clock the
 * tests move; the city's key pair; generated cases (consents, "no"s,
 * actions, follow-ups, network meetings) made the same way every time;
 * and the helpers that export, seal, write and merge.
 *
 * Everything here asserts with check, so call it from a test function
 * (or the fixture) of a suite with md_setup / md_teardown.
 */
#ifndef SSPF_TESTS_MERGE_DATA_H
#define SSPF_TESTS_MERGE_DATA_H

#include "testutil.h"

#include <stdbool.h>
#include <stddef.h>

#include <sspf/core.h>
#include <sspf/stats.h>
#include <sspf/statsmerge.h>

#define MD_CITY_PASS "the city's own passphrase"
#define MD_NDIST 3 /* the districts; store MD_NDIST is the union */

/* The fixture, from md_setup (today 2026-01-02) until md_teardown: a
 * store and a core per district (district setting Norr, Söder, Väster)
 * and for the union (Hela); the city's key files, its public key and
 * its secret key opened. */
extern sspf_store *md_st[MD_NDIST + 1];
extern sspf_core *md_core[MD_NDIST + 1];
extern char *md_keyfile, *md_pubfile;
extern unsigned char md_city_pub[SSPF_CITY_PUBLIC_BYTES];
extern sspf_citykey *md_city;
void md_setup(void);
void md_teardown(void);

/* dir/name in the fixture's directory (malloc'ed: the caller frees). */
char *md_path_of(const char *name);
/* text written to the file at path, replacing it. */
void md_write_text(const char *path, const char *text);

/* ---- the generated cases ---- */

/* Every district's cases in its own store and in the union; then today
   is 2026-11-16, after the quarter 2026Q3 has ended. */
void md_make_all(void);
/* Only the districts' own cases (no union): enough to export. */
void md_make_small(void);
/* The same record key for a case in its district and in the union. */
void md_give_keys(sspf_store *s);
/* No code or name of a case made so far in the file at path; no date. */
void md_no_identifier(const char *path);

/* ---- exports ---- */

/* The period text parsed. */
sspf_period md_period(const char *text);
/* Store i's export of period p, sealed to pub (NULL: not sealed); the
   caller frees it with sspf_stats_free. */
sspf_stats *md_export(int i, const char *p, sspf_stats_method m, int k,
		      const unsigned char *pub);
/* s written to dir/name in format f; the path (malloc'ed). */
char *md_save(const sspf_stats *s, const char *name, sspf_stats_format f);
/* Store i's JSON export of p sealed to the city, into dir/name; the path
   (malloc'ed). */
char *md_sealed_file(int i, const char *p, sspf_stats_method m, int k,
		     const char *name);
/* Merge the n files with the city's key; the error, *out set (the
   caller's) on success and NULL otherwise. */
sspf_err md_merge(char *const *files, size_t n, sspf_stats **out);

#endif
