/*
 * import.c - importing a coordinator's case list from a CSV file
 * (include/sspf/import.h): the public function, the problems and the
 * report, and applying the plan. Three steps:
 *
 *   1. csv_parse() reads the file into a table of UTF-8 fields;
 *   2. every row is checked and turned into a plan (struct import_row,
 *      import_columns.c and import_rows.c), without touching the
 *      database, collecting every problem of every row;
 *   3. only if there is none, the plan is applied in one transaction
 *      through sspf_case_create, sspf_guardian_add, sspf_consent_register
 *      and sspf_consent_withdraw (which open a SAVEPOINT inside it), so the
 *      rules and audit entries are those of cases made one by one. Any
 *      failure rolls all of it back.
 *
 * Ownership: the plan points into the CSV table (owned here, wiped and
 * freed by csv_table_free before returning); the problem texts belong to
 * the report (sspf_import_report_free wipes them). Problem texts name
 * lines, columns and short values of the fixed vocabularies (gender, yes
 * or no, actors, concerns), never a name, a phone number, a date or a note.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include <sspf/cases.h>
#include <sspf/consent.h>
#include <sspf/date.h>
#include <sspf/import.h>

#include "core/core_priv.h"
#include "core/csv.h"
#include "core/import_priv.h"
#include "store/errors_internal.h"

_Static_assert(SSPF_IMPORT_MAX_BYTES == CSV_MAX_BYTES,
	       "import.h and csv.h must agree on the largest file");

/* Who a withdrawal read from a spreadsheet is recorded as made by. */
#define WITHDRAWN_BY "import"

/* ---- problems ---- */

struct problem {
	unsigned line;
	size_t order; /* the order found, for a stable sort */
	char *text;   /* owned */
};

void import_problem_add(struct import_ctx *x, unsigned line, const char *text)
{
	char *copy;

	if (x->nomem)
		return;
	if (x->n_probs >= SSPF_IMPORT_MAX_PROBLEMS) {
		x->more++;
		return;
	}
	if (x->n_probs == x->cap_probs) {
		size_t cap = x->cap_probs != 0 ? 2 * x->cap_probs : 16;
		struct problem *p = realloc(x->probs, cap * sizeof *p);

		if (p == NULL) {
			x->nomem = true;
			return;
		}
		x->probs = p;
		x->cap_probs = cap;
	}
	if ((copy = strdup(text)) == NULL) {
		x->nomem = true;
		return;
	}
	x->probs[x->n_probs].line = line;
	x->probs[x->n_probs].order = x->n_probs;
	x->probs[x->n_probs].text = copy;
	x->n_probs++;
}

/*
 * Drop from s (in place) the bytes of UTF-8 characters that are not
 * whole. The problems quote values with "%.40s" and the like, which cut
 * by bytes: a value of the file (always UTF-8 after csv_parse) cut in the
 * middle of "å" would leave half a character on the user's terminal.
 */
static void utf8_drop_cut(char *s)
{
	const unsigned char *in = (const unsigned char *)s;
	char *out = s;

	while (*in != '\0') {
		size_t k = *in < 0x80		  ? 0
			   : (*in & 0xE0) == 0xC0 ? 1
			   : (*in & 0xF0) == 0xE0 ? 2
			   : (*in & 0xF8) == 0xF0 ? 3
						  : 4; /* not a lead byte */
		size_t j = 1;

		while (k < 4 && j <= k && (in[j] & 0xC0) == 0x80)
			j++;
		if (k < 4 && j == k + 1) {
			memmove(out, in, k + 1);
			out += k + 1;
			in += k + 1;
		} else {
			in += j; /* the lead byte and what there is of it */
		}
	}
	*out = '\0';
}

/*
 * A problem of the field at header column hcol (-1: the row as a whole) on
 * line: "line N, column NAME (L): " + the message.
 */
void import_problem(struct import_ctx *x, unsigned line, int hcol,
		    const char *fmt, ...)
{
	char buf[512], letters[4];
	int n;
	va_list ap;

	if (hcol >= 0) {
		import_col_letters((size_t)hcol, letters);
		n = snprintf(buf, sizeof buf,
			     "line %u, column %.60s (%s): ", line,
			     x->t->rows[0].fields[hcol], letters);
	} else {
		n = snprintf(buf, sizeof buf, "line %u: ", line);
	}
	if (n < 0 || (size_t)n >= sizeof buf)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(buf + n, sizeof buf - (size_t)n, fmt, ap);
	va_end(ap);
	utf8_drop_cut(buf);
	import_problem_add(x, line, buf);
	sodium_memzero(buf, sizeof buf);
}

static int problem_cmp(const void *a, const void *b)
{
	const struct problem *p = a, *q = b;

	if (p->line != q->line)
		return p->line < q->line ? -1 : 1;
	return p->order < q->order ? -1 : p->order > q->order;
}

static void problems_free(struct problem *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sodium_memzero(p[i].text, strlen(p[i].text));
		free(p[i].text);
	}
	free(p);
}

/* Move the problems of x into rep, in file order. */
static sspf_err problems_to_report(struct import_ctx *x,
				   sspf_import_report *rep)
{
	size_t n = x->n_probs + (x->more > 0 ? 1 : 0);
	char more[96];

	if (x->nomem)
		return err_set(SSPF_ERR_NOMEM, "listing the problems");
	if (n == 0)
		return SSPF_OK;
	qsort(x->probs, x->n_probs, sizeof *x->probs, problem_cmp);
	if ((rep->problems = calloc(n, sizeof *rep->problems)) == NULL)
		return err_set(SSPF_ERR_NOMEM, "listing the problems");
	for (size_t i = 0; i < x->n_probs; i++) {
		rep->problems[i] = x->probs[i].text;
		x->probs[i].text = NULL;
	}
	rep->n_problems = x->n_probs;
	free(x->probs);
	x->probs = NULL;
	x->n_probs = 0;
	if (x->more > 0) {
		snprintf(more, sizeof more, "... and %zu more problems",
			 x->more);
		if ((rep->problems[rep->n_problems] = strdup(more)) == NULL)
			return err_set(SSPF_ERR_NOMEM, "listing the problems");
		rep->n_problems++;
	}
	return SSPF_OK;
}

void sspf_import_report_free(sspf_import_report *rep)
{
	if (rep == NULL)
		return;
	for (size_t i = 0; i < rep->n_problems; i++) {
		if (rep->problems[i] == NULL)
			continue;
		sodium_memzero(rep->problems[i], strlen(rep->problems[i]));
		free(rep->problems[i]);
	}
	free(rep->problems);
	memset(rep, 0, sizeof *rep);
	rep->encoding = "";
}

/* ---- applying the plan ---- */

/* Statements used for every row. */
struct stmts {
	sqlite3_stmt *by_code, *by_child, *note;
};

static void stmts_free(struct stmts *s)
{
	sqlite3_finalize(s->by_code);
	sqlite3_finalize(s->by_child);
	sqlite3_finalize(s->note);
	memset(s, 0, sizeof *s);
}

static sspf_err stmts_prepare(sspf_core *core, struct stmts *s)
{
	sspf_err e;

	memset(s, 0, sizeof *s);
	e = core_prepare(core,
			 "SELECT 1 FROM case_file WHERE code = ?1 OR "
			 "(year = ?2 AND seq = ?3)",
			 &s->by_code);
	if (e == SSPF_OK)
		e = core_prepare(
			core,
			"SELECT 1 FROM case_file WHERE child_name = ?1 "
			"AND birth_date = ?2",
			&s->by_child);
	if (e == SSPF_OK)
		e = core_prepare(
			core, "UPDATE case_file SET note = ?1 WHERE code = ?2",
			&s->note);
	if (e != SSPF_OK)
		stmts_free(s);
	return e;
}

/* Run q (bound), reset it and clear its bindings; *row: a row came. */
static sspf_err run(sspf_core *core, sqlite3_stmt *q, int rc, bool *row,
		    const char *what)
{
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	if (row != NULL)
		*row = rc == SQLITE_ROW;
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return SSPF_OK;
	return sspf_store_sqlerr(core->st, rc, what);
}

/* Whether the case of r is there already: by code, else by child. */
static sspf_err already_there(sspf_core *core, struct stmts *s,
			      const struct import_row *r, bool *found)
{
	char birth[SSPF_DATE_TEXT];
	int rc;

	if (r->code[0] != '\0') {
		rc = sqlite3_bind_text(s->by_code, 1, r->code, -1,
				       SQLITE_STATIC);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int(s->by_code, 2, r->year);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(s->by_code, 3, r->seq);
		return run(core, s->by_code, rc, found, "looking up a case");
	}
	sspf_date_format(r->birth, birth);
	rc = sqlite3_bind_text(s->by_child, 1, r->name, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(s->by_child, 2, birth, -1,
				       SQLITE_STATIC);
	return run(core, s->by_child, rc, found, "looking up a case");
}

/* Create the case of r with its guardians and consent. */
static sspf_err create(sspf_core *core, struct stmts *s,
		       const struct import_row *r)
{
	char code[SSPF_CODE_SIZE];
	sspf_case_new c = { 0 };
	sspf_guardian_new g = { 0 };
	sspf_consent_new cn = { 0 };
	sspf_id ids[2];
	size_t n = 0;
	sspf_err e;
	int rc;

	c.code = r->code;
	c.child_name = r->name;
	c.birth = r->birth;
	c.gender = r->gender;
	c.school = r->school;
	c.class_name = r->class_name;
	c.district = r->district;
	c.concerns = r->concerns;
	c.sole_custody = r->sole;
	if ((e = sspf_case_create(core, &c, code)) != SSPF_OK)
		return e;
	if (r->note[0] != '\0') {
		rc = sqlite3_bind_text(s->note, 1, r->note, -1, SQLITE_STATIC);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_text(s->note, 2, code, -1,
					       SQLITE_STATIC);
		if ((e = run(core, s->note, rc, NULL, "saving a note")) !=
		    SSPF_OK)
			return e;
	}
	if (r->g1name[0] != '\0') {
		g.name = r->g1name;
		g.phone = r->g1phone;
		g.custody = true;
		if ((e = sspf_guardian_add(core, code, &g, &ids[n++])) !=
		    SSPF_OK)
			return e;
	}
	if (r->g2name[0] != '\0') {
		g.name = r->g2name;
		g.phone = r->g2phone;
		g.custody = !r->sole;
		if ((e = sspf_guardian_add(core, code, &g, &ids[n])) != SSPF_OK)
			return e;
		if (g.custody)
			n++;
	}
	if (!r->has_consent)
		return SSPF_OK;
	/* the guardians with custody signed */
	cn.signed_on = r->signed_on;
	cn.valid_until = r->until;
	cn.signed_by = ids;
	cn.n_signed_by = n;
	cn.youth_signed = r->youth;
	cn.scope = r->scope;
	if ((e = sspf_consent_register(core, code, &cn, NULL)) != SSPF_OK)
		return e;
	if (r->withdrawn)
		e = sspf_consent_withdraw(core, code, r->withdrawn_on,
					  WITHDRAWN_BY, NULL);
	return e;
}

/*
 * Apply every row in one transaction (or a savepoint inside the caller's);
 * counts into rep. On failure everything is rolled back; a row the
 * database refused becomes a problem in x with SSPF_ERR_INVALID.
 */
static sspf_err apply(sspf_core *core, struct import_ctx *x,
		      const struct import_row *rows, size_t n,
		      sspf_import_report *rep)
{
	const struct import_row *failed = NULL;
	struct stmts s;
	bool own = sqlite3_get_autocommit(core->db) != 0;
	sspf_err e;
	size_t i = 0;
	int rc;

	rc = sqlite3_exec(core->db,
			  own ? "BEGIN IMMEDIATE" : "SAVEPOINT sspf_import",
			  NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return sspf_store_sqlerr(core->st, rc, "starting the import");
	e = stmts_prepare(core, &s);
	/*
	 * Rows with a code first, so that the codes given to the others
	 * (the highest of the year + 1) never take a code the file names.
	 */
	for (int pass = 0; pass < 2 && e == SSPF_OK; pass++)
		for (i = 0; e == SSPF_OK && i < n; i++) {
			const struct import_row *r = &rows[i];
			bool found = false;

			if ((r->code[0] != '\0') != (pass == 0))
				continue;
			e = already_there(core, &s, r, &found);
			if (e == SSPF_OK && found)
				rep->n_existing++;
			else if (e == SSPF_OK &&
				 (e = create(core, &s, r)) == SSPF_OK)
				rep->n_new++;
			if (e != SSPF_OK)
				failed = r;
		}
	stmts_free(&s);
	if (e == SSPF_OK) {
		rc = sqlite3_exec(core->db,
				  own ? "COMMIT" : "RELEASE sspf_import", NULL,
				  NULL, NULL);
		if (rc == SQLITE_OK)
			return SSPF_OK;
		e = sspf_store_sqlerr(core->st, rc, "saving the import");
	} else if (failed != NULL) {
		/* the row that failed: say which */
		char detail[400];

		snprintf(detail, sizeof detail, "%s", sspf_err_detail());
		if (e == SSPF_ERR_INVALID || e == SSPF_ERR_EXISTS) {
			import_problem(x, failed->line, -1,
				       "could not be imported: %s", detail);
			e = err_set(SSPF_ERR_INVALID,
				    "a row could not be imported");
		} else {
			e = err_set(e, "line %u: %s", failed->line, detail);
		}
	}
	/* SQLite may have rolled back already; the first error counts */
	if (own)
		sqlite3_exec(core->db, "ROLLBACK", NULL, NULL, NULL);
	else
		sqlite3_exec(core->db,
			     "ROLLBACK TO sspf_import; RELEASE sspf_import",
			     NULL, NULL, NULL);
	rep->n_new = 0;
	rep->n_existing = 0;
	return e;
}

/* ---- the import ---- */

sspf_err sspf_import_csv(sspf_core *core, const unsigned char *data, size_t len,
			 sspf_import_report *rep)
{
	struct import_ctx x;
	csv_table *t = NULL;
	struct import_row *rows = NULL;
	size_t n = 0;
	sspf_err e, e2;

	err_clear();
	if (rep == NULL)
		return err_set(SSPF_ERR_INVALID, "no report to fill in");
	memset(rep, 0, sizeof *rep);
	rep->encoding = "";
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	memset(&x, 0, sizeof x);
	x.today = sspf_core_today(core);

	if ((e = csv_parse(data, len, &t)) != SSPF_OK) {
		if (e == SSPF_ERR_INVALID) {
			import_problem_add(&x, 0, sspf_err_detail());
			if ((e2 = problems_to_report(&x, rep)) != SSPF_OK)
				e = e2;
			else
				e = err_set(SSPF_ERR_INVALID,
					    "the file cannot be read as CSV");
		}
		problems_free(x.probs, x.n_probs);
		return e;
	}
	x.t = t;
	rep->encoding = csv_encoding_name(t->enc);
	rep->separator = t->sep;

	import_read_header(&x);
	if ((rows = calloc(t->nrows, sizeof *rows)) == NULL) {
		e = err_set(SSPF_ERR_NOMEM, "reading the rows");
		goto out;
	}
	for (size_t i = 1; i < t->nrows; i++) {
		for (size_t j = 0; j < t->ncols; j++)
			import_trim(t->rows[i].fields[j]);
		if (import_row_empty(t, &t->rows[i]))
			continue;
		import_check_row(&x, &t->rows[i], &rows[n++]);
	}
	rep->n_rows = n;
	import_check_twice(&x, rows, n);

	if (x.n_probs == 0 && !x.nomem)
		e = apply(core, &x, rows, n, rep);
	else
		e = SSPF_ERR_INVALID;
	if ((e2 = problems_to_report(&x, rep)) != SSPF_OK)
		e = e2;
	else if (e == SSPF_ERR_INVALID)
		e = err_set(SSPF_ERR_INVALID,
			    "%zu problem%s in the file; nothing was imported",
			    rep->n_problems, rep->n_problems == 1 ? "" : "s");
out:
	if (rows != NULL)
		sodium_memzero(rows, t->nrows * sizeof *rows);
	free(rows);
	problems_free(x.probs, x.n_probs);
	csv_table_free(t);
	return e;
}
