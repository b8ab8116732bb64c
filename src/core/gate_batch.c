/*
 * gate_batch.c - the consent gate's facts for every case at once (gate.h):
 * the lists judge thousands of cases, and loading each one's facts with
 * five statements (gate.c) made a ten-year district's case list take
 * 80 ms. Here four scans in rowid order fill one array of cases sorted by
 * id, which the core keeps until a row it was read from changes
 * (core_watch.c); the judging itself is gate.c's (gate_verdict,
 * gate_log), on today's date at each call, so a list and a single case
 * can never disagree.
 *
 * The guardians' names are case data: they sit in one buffer that is
 * wiped when the batch is freed.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include <sspf/settings.h>

#include "core/core_priv.h"
#include "core/gate.h"
#include "store/errors_internal.h"

struct bcase {
	sspf_id id;
	char code[SSPF_CODE_SIZE];
	int year, seq;
	bool closed, bad_closed_on;
	sspf_date closed_on; /* 0: open */
	sspf_id consent_id;  /* the newest consent, 0: none */
	sspf_id guardian_id[SSPF_MAX_GUARDIANS];
	size_t name_at[SSPF_MAX_GUARDIANS]; /* offsets into names */
	bool bad_date, bad_consent_date;    /* refused as damaged when judged */
	sspf_consent_facts f;		    /* names set by gate_batch_judge */
};

/* A guardian's place: which case, which slot (guardians sorted by id). */
struct bguardian {
	sspf_id id;
	size_t case_at, slot;
};

struct gate_batch {
	struct bcase *c;
	size_t n, cap;
	struct bguardian *g;
	size_t ng, gcap;
	char *names; /* NUL-terminated names, one after another */
	size_t names_len, names_cap;
};

void gate_batch_free(gate_batch *b)
{
	if (b == NULL)
		return;
	if (b->names != NULL)
		sodium_memzero(b->names, b->names_cap);
	free(b->names);
	free(b->c);
	free(b->g);
	free(b);
}

/*
 * The index of id among the n elements of size bytes at base, sorted by
 * id, each starting with its sspf_id (struct bcase, struct bguardian);
 * n if it is not there.
 */
static size_t find_id(const void *base, size_t n, size_t size, sspf_id id)
{
	const char *p = base;
	size_t lo = 0, hi = n;
	sspf_id at;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		memcpy(&at, p + mid * size, sizeof at);
		if (at < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n)
		memcpy(&at, p + lo * size, sizeof at);
	return lo < n && at == id ? lo : n;
}

_Static_assert(offsetof(struct bcase, id) == 0 &&
		       offsetof(struct bguardian, id) == 0,
	       "find_id reads the id at the start of each element");

static size_t find_case(const gate_batch *b, sspf_id id)
{
	return find_id(b->c, b->n, sizeof *b->c, id);
}

static size_t find_guardian(const gate_batch *b, sspf_id id)
{
	return find_id(b->g, b->ng, sizeof *b->g, id);
}

/*
 * A 'YYYY-MM-DD' column; false if it is not one. A bad date fails the
 * judgement of its own case only, when it is judged, as in gate.c.
 */
static bool date_col(sqlite3_stmt *q, int col, sspf_date *out)
{
	const char *text = (const char *)sqlite3_column_text(q, col);

	return text != NULL && sspf_date_parse(text, out) == SSPF_OK;
}

/* Step q to its end, handing each row to row(); an error stops it. */
static sspf_err scan(sspf_core *core, gate_batch *b, const char *sql,
		     sspf_err (*row)(gate_batch *b, sqlite3_stmt *q),
		     const char *what)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = core_kept(core, sql, &q)) != SSPF_OK)
		return e;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if ((e = row(b, q)) != SSPF_OK)
			break;
	if (e == SSPF_OK && rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, what);
	core_kept_done(core, q);
	return e;
}

static sspf_err case_row(gate_batch *b, sqlite3_stmt *q)
{
	struct bcase *c;

	if (b->n == b->cap) {
		size_t cap = b->cap != 0 ? 2 * b->cap : 256;

		if (!core_grow(&b->c, cap, sizeof *b->c))
			return err_set(SSPF_ERR_NOMEM, "judging the cases");
		b->cap = cap;
	}
	c = &b->c[b->n++];
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(q, 0);
	c->f.sole_custody = sqlite3_column_int(q, 2) != 0;
	c->bad_date = !date_col(q, 1, &c->f.birth);
	snprintf(c->code, sizeof c->code, "%s",
		 (const char *)sqlite3_column_text(q, 3));
	c->year = sqlite3_column_int(q, 4);
	c->seq = sqlite3_column_int(q, 5);
	c->closed =
		strcmp((const char *)sqlite3_column_text(q, 6), "closed") == 0;
	if (sqlite3_column_type(q, 7) != SQLITE_NULL)
		c->bad_closed_on = !date_col(q, 7, &c->closed_on);
	return SSPF_OK;
}

/* Copy a name (cut at SSPF_NAME_MAX on a UTF-8 boundary, as gate.c). */
static bool add_name(gate_batch *b, const char *name, size_t *at)
{
	size_t n = strlen(name);

	if (n > SSPF_NAME_MAX) {
		n = SSPF_NAME_MAX;
		while (n > 0 && ((unsigned char)name[n] & 0xc0) == 0x80)
			n--;
	}
	if (b->names_len + n + 1 > b->names_cap) {
		size_t cap = b->names_cap != 0 ? 2 * b->names_cap : 16384;
		char *p;

		while (cap < b->names_len + n + 1)
			cap *= 2;
		/* move by hand so that the old buffer is wiped, not leaked */
		if ((p = malloc(cap)) == NULL)
			return false;
		if (b->names != NULL) {
			memcpy(p, b->names, b->names_len);
			sodium_memzero(b->names, b->names_cap);
			free(b->names);
		}
		b->names = p;
		b->names_cap = cap;
	}
	memcpy(b->names + b->names_len, name, n);
	b->names[b->names_len + n] = '\0';
	*at = b->names_len;
	b->names_len += n + 1;
	return true;
}

static sspf_err guardian_row(gate_batch *b, sqlite3_stmt *q)
{
	size_t at = find_case(b, sqlite3_column_int64(q, 1));
	const char *name = (const char *)sqlite3_column_text(q, 2);
	struct bcase *c;
	size_t i;

	if (at == b->n)
		return SSPF_OK; /* a case made after the cases were read */
	c = &b->c[at];
	if ((i = c->f.n_guardians) == SSPF_MAX_GUARDIANS)
		return err_set(SSPF_ERR_DAMAGED,
			       "a case has more than %d guardians",
			       SSPF_MAX_GUARDIANS);
	if (b->ng == b->gcap) {
		size_t cap = b->gcap != 0 ? 2 * b->gcap : 512;

		if (!core_grow(&b->g, cap, sizeof *b->g))
			return err_set(SSPF_ERR_NOMEM, "judging the cases");
		b->gcap = cap;
	}
	if (!add_name(b, name != NULL ? name : "", &c->name_at[i]))
		return err_set(SSPF_ERR_NOMEM, "judging the cases");
	c->guardian_id[i] = sqlite3_column_int64(q, 0);
	c->f.guardians[i].custody = sqlite3_column_int(q, 3) != 0;
	c->f.n_guardians++;
	b->g[b->ng++] = (struct bguardian){ c->guardian_id[i], at, i };
	return SSPF_OK;
}

/* Each consent in id order: the last one of a case is its newest. */
static sspf_err consent_row(gate_batch *b, sqlite3_stmt *q)
{
	size_t at = find_case(b, sqlite3_column_int64(q, 1));
	struct bcase *c;
	sspf_consent_facts *f;

	if (at == b->n)
		return SSPF_OK;
	c = &b->c[at];
	f = &c->f;
	c->consent_id = sqlite3_column_int64(q, 0);
	f->has_consent = true;
	f->withdrawn = false;
	f->withdrawn_on = 0;
	c->bad_consent_date = !date_col(q, 2, &f->signed_on) ||
			      !date_col(q, 3, &f->valid_until);
	f->youth_signed = sqlite3_column_int(q, 4) != 0;
	f->scope = (unsigned)sqlite3_column_int64(q, 5) & SSPF_ACTOR_ALL;
	if (sqlite3_column_type(q, 6) != SQLITE_NULL) {
		f->withdrawn = true;
		if (!date_col(q, 6, &f->withdrawn_on))
			c->bad_consent_date = true;
	}
	return SSPF_OK;
}

/* A signature counts where it is on its case's newest consent. */
static sspf_err signature_row(gate_batch *b, sqlite3_stmt *q)
{
	size_t at = find_guardian(b, sqlite3_column_int64(q, 1));
	struct bcase *c;

	if (at == b->ng)
		return SSPF_OK;
	c = &b->c[b->g[at].case_at];
	if (c->consent_id == sqlite3_column_int64(q, 0))
		c->f.guardians[b->g[at].slot].signed_now = true;
	return SSPF_OK;
}

static sspf_err batch_load(sspf_core *core, gate_batch **out)
{
	gate_batch *b = calloc(1, sizeof *b);
	long youth_age;
	sspf_err e;

	*out = NULL;
	if (b == NULL)
		return err_set(SSPF_ERR_NOMEM, "judging the cases");
	/* rowid order everywhere: no sorting, and the ids come sorted */
	if ((e = scan(core, b,
		      "SELECT id, birth_date, sole_custody, code, year, seq, "
		      "status, closed_on FROM case_file ORDER BY id",
		      case_row, "reading the cases")) != SSPF_OK ||
	    (e = scan(core, b,
		      "SELECT id, case_id, name, custody FROM guardian "
		      "ORDER BY id",
		      guardian_row, "reading the guardians")) != SSPF_OK ||
	    (e = scan(core, b,
		      "SELECT id, case_id, signed_on, valid_until, "
		      "youth_signed, scope, withdrawn_on FROM consent "
		      "ORDER BY id",
		      consent_row, "reading the consents")) != SSPF_OK ||
	    (e = scan(core, b,
		      "SELECT consent_id, guardian_id FROM consent_signature",
		      signature_row, "reading the signatures")) != SSPF_OK ||
	    (e = sspf_setting_get_int(core->st, "consent.youth_age",
				      &youth_age)) != SSPF_OK) {
		gate_batch_free(b);
		return e;
	}
	for (size_t i = 0; i < b->n; i++)
		b->c[i].f.youth_age = (int)youth_age;
	*out = b;
	return SSPF_OK;
}

sspf_err gate_batch_get(sspf_core *core, const gate_batch **out)
{
	gate_batch *b;
	uint64_t changes = core->facts_changes;
	sspf_err e;

	if (core->batch != NULL && core->facts_watched &&
	    core->batch_changes == changes) {
		*out = core->batch;
		return SSPF_OK;
	}
	gate_batch_free(core->batch);
	core->batch = NULL;
	*out = NULL;
	if ((e = batch_load(core, &b)) != SSPF_OK)
		return e;
	core->batch = b;
	core->batch_changes = changes;
	*out = b;
	return SSPF_OK;
}

sspf_err gate_batch_judge(sspf_core *core, const gate_batch *b, sspf_id case_id,
			  const sspf_context *ctx, sspf_verdict *v)
{
	size_t at = find_case(b, case_id);
	sspf_consent_facts f;

	memset(v, 0, sizeof *v);
	v->reason = SSPF_CONSENT_NONE;
	if (at == b->n)
		return err_set(SSPF_ERR_NOT_FOUND, "there is no such case");
	if (b->c[at].bad_date || b->c[at].bad_consent_date)
		return err_set(SSPF_ERR_DAMAGED, "a case holds a bad date");
	f = b->c[at].f;
	for (size_t i = 0; i < f.n_guardians; i++)
		f.guardians[i].name = b->names + b->c[at].name_at[i];
	gate_verdict(core, &f, ctx, v);
	return SSPF_OK;
}

sspf_err gate_batch_check(sspf_core *core, const gate_batch *b, sspf_id case_id,
			  const char *code, const sspf_context *ctx,
			  sspf_verdict *v)
{
	sspf_verdict local;
	sspf_err e;

	if (v == NULL)
		v = &local;
	if ((e = gate_batch_judge(core, b, case_id, ctx, v)) != SSPF_OK) {
		v->allowed = false;
		v->show_name = false;
		return e;
	}
	return gate_log(core, code, v);
}

sspf_date gate_batch_valid_until(const gate_batch *b, sspf_id case_id)
{
	size_t at = find_case(b, case_id);

	return at < b->n && b->c[at].f.has_consent ? b->c[at].f.valid_until : 0;
}

size_t gate_batch_count(const gate_batch *b)
{
	return b->n;
}

bool gate_batch_dates(const gate_batch *b, size_t i, gate_case_dates *out)
{
	const struct bcase *c = &b->c[i];

	memset(out, 0, sizeof *out);
	out->code = c->code;
	out->year = c->year;
	out->seq = c->seq;
	out->closed = c->closed;
	out->closed_on = c->closed_on;
	if (c->f.has_consent) {
		out->valid_until = c->f.valid_until;
		out->withdrawn_on = c->f.withdrawn ? c->f.withdrawn_on : 0;
	}
	return !c->bad_closed_on && !c->bad_consent_date;
}
