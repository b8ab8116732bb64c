/*
 * import_priv.h - what the parts of the CSV import share (import.c: the
 * public function, the problems and report, and applying the plan;
 * import_columns.c: the columns and the header; import_rows.c: checking
 * each row into the plan). Nothing outside src/core/ includes this.
 */
#ifndef SSPF_IMPORT_PRIV_H
#define SSPF_IMPORT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sspf/cases.h>
#include <sspf/date.h>

#include "core/csv.h"

/* The fields of a case list, in the order of the English column names. */
enum import_col {
	C_CODE,
	C_NAME,
	C_BIRTH,
	C_GENDER,
	C_SCHOOL,
	C_CLASS,
	C_DISTRICT,
	C_G1NAME,
	C_G1PHONE,
	C_G2NAME,
	C_G2PHONE,
	C_SOLE,
	C_SIGNED,
	C_YOUTH,
	C_UNTIL,
	C_SCOPE,
	C_WITHDRAWN,
	C_CONCERNS,
	C_NOTE,
	N_COLS
};

/* Longest folded word compared (column names, vocabulary values). */
#define IMPORT_FOLD_MAX 64

/* One problem found (import.c). */
struct problem;

/* Everything the checking step needs. */
struct import_ctx {
	const csv_table *t;
	int idx[N_COLS];       /* column of each field, -1 if absent */
	struct problem *probs; /* owned */
	size_t n_probs, cap_probs;
	size_t more; /* problems beyond SSPF_IMPORT_MAX_PROBLEMS */
	bool nomem;
	sspf_date today;
};

/* One case to import, as checked; strings point into the CSV table. */
struct import_row {
	unsigned line;
	bool ok;	  /* no problem found */
	const char *code; /* "" for the next code */
	int year;
	int64_t seq;
	const char *name;
	bool birth_ok;
	sspf_date birth;
	sspf_gender gender;
	const char *school, *class_name, *district, *note;
	const char *g1name, *g1phone, *g2name, *g2phone;
	bool sole;
	bool has_consent;
	sspf_date signed_on, until; /* until 0: the setting's validity */
	bool youth;
	unsigned scope;
	bool withdrawn;
	sspf_date withdrawn_on;
	unsigned concerns;
};

/* ---- import.c: the problems ---- */

/*
 * Add a problem of line (0: the file as a whole) with text as it is; past
 * SSPF_IMPORT_MAX_PROBLEMS it is only counted. Out of memory sets
 * x->nomem.
 */
void import_problem_add(struct import_ctx *x, unsigned line, const char *text);

/*
 * A problem of the field at header column hcol (-1: the row as a whole) on
 * line: "line N, column NAME (L): " + the message.
 */
void import_problem(struct import_ctx *x, unsigned line, int hcol,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ---- import_columns.c: the columns and the header ---- */

/*
 * Fold s for comparing: ASCII lower case, å ä (also A/a with a combining
 * ring or diaeresis) as a, ö as o, é as e, without spaces, tabs, '_', '-'
 * and no-break spaces. False if the result does not fit out.
 */
bool import_fold(const char *s, char out[IMPORT_FOLD_MAX]);

/* Whether folded word w is one of the NULL-ended list. */
bool import_word_in(const char *w, const char *const *list);

/* Excel's letters of 0-based column i (A, B, ..., Z, AA, ...). */
void import_col_letters(size_t i, char out[4]);

/* Remove leading and trailing white space of s in place. */
void import_trim(char *s);

/*
 * Map the header's columns (x->t's first row, trimmed here) to fields in
 * x->idx; problems for unnamed, unknown and repeated columns and for
 * missing required ones.
 */
void import_read_header(struct import_ctx *x);

/* ---- import_rows.c: checking the rows ---- */

/* Check row cr (trimmed) into *r; problems for everything wrong. */
void import_check_row(struct import_ctx *x, const struct csv_row *cr,
		      struct import_row *r);

/* Whether every field of cr is empty (after trimming). */
bool import_row_empty(const csv_table *t, const struct csv_row *cr);

/*
 * Problems for the same case code twice, and for a row without a code
 * whose child (name and birth date) is on another row too; such rows are
 * no longer ok.
 */
void import_check_twice(struct import_ctx *x, struct import_row *rows,
			size_t n);

#endif
