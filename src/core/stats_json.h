/*
 * stats_json.h - the JSON primitives under stats_read.c: a strict reader
 * of the little JSON that stats_write.c writes (white space, punctuation,
 * strings, plain decimal numbers, true, false, null, object keys). It
 * knows nothing of the export's schema; stats_read.c does. Internal to
 * stats_read.c and stats_json.c.
 *
 * Every function keeps only the first error (in r->err, its detail naming
 * the file, line and column) and does nothing useful once one is set, so
 * a caller may chain calls and look at r->err at the end.
 */
#ifndef SSPF_CORE_STATS_JSON_H
#define SSPF_CORE_STATS_JSON_H

#include <stdbool.h>

#include <sspf/error.h>

/* The reader: the text, where it is, and the first error. */
typedef struct sj_reader {
	const char *s, *p, *end; /* the text [s, end), the next byte p */
	const char *file;	 /* the file's name, for the errors */
	char *at;		 /* the next free byte of the caller's arena */
	sspf_err err;		 /* the first error, SSPF_OK if none */
} sj_reader;

/* Sets the first error (code, fmt) at p's line and column; false. */
__attribute__((format(printf, 3, 4))) bool sj_fail(sj_reader *r, sspf_err code,
						   const char *fmt, ...);
/* Skips white space. */
void sj_ws(sj_reader *r);
/* Takes the character c if it is next (after white space); whether. */
bool sj_take(sj_reader *r, char c);
/* Takes c, or fails "'c' expected"; whether it was taken. */
bool sj_expect(sj_reader *r, char c);
/* A string decoded into the caller's arena at r->at; NULL on an error. */
const char *sj_string(sj_reader *r);
/* A number as stats_write.c writes it into *v; false after an error. */
bool sj_number(sj_reader *r, double *v);
/* true, false or (with null_ok) null: 1, 0, or -1 for null; 0 on error. */
int sj_literal(sj_reader *r, bool null_ok);
/* An object's next key, its ':' taken (*first true at '{'); NULL at '}'. */
const char *sj_key(sj_reader *r, bool *first);
/* Key k seen once only: bit is set in *seen, or fails "k twice". */
bool sj_once(sj_reader *r, unsigned *seen, unsigned bit, const char *k);

#endif
