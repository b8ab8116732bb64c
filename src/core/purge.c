/*
 * purge.c - retention (gallring, include/sspf/purge.h): which cases and
 * audit log entries are due by the retention settings and the core's
 * clock, and purging them: the cases with all that hangs on them (ON
 * DELETE CASCADE; the agenda items about a case go, their meetings stay)
 * and the old log entries in one transaction, one audit entry "purge" per
 * case code, then VACUUM so that the file keeps no freed page. The store
 * runs with secure_delete=ON, so freed space is zeroed even before that.
 * Nothing here reads what a case holds beyond its status and dates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include <sspf/audit.h>
#include <sspf/purge.h>
#include <sspf/settings.h>

#include "core/audit.h"
#include "core/core_priv.h"
#include "core/gate.h"
#include "store/errors_internal.h"

void sspf_purge_report_free(sspf_purge_report *rep)
{
	if (rep == NULL)
		return;
	free(rep->cases);
	memset(rep, 0, sizeof *rep);
}

static sspf_err exec(sspf_core *core, const char *sql, const char *what)
{
	int rc = sqlite3_exec(core->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? SSPF_OK
			       : sspf_store_sqlerr(core->st, rc, what);
}

/* Append one due case to rep. */
static sspf_err add_case(sspf_purge_report *rep, size_t *cap, const char *code,
			 sspf_purge_why why, sspf_date since)
{
	sspf_purge_case *c;

	if (rep->n_cases == *cap) {
		size_t n = *cap != 0 ? 2 * *cap : 16;

		if ((c = realloc(rep->cases, n * sizeof *c)) == NULL)
			return err_set(SSPF_ERR_NOMEM, "listing the cases due");
		rep->cases = c;
		*cap = n;
	}
	c = &rep->cases[rep->n_cases++];
	memset(c, 0, sizeof *c);
	snprintf(c->code, sizeof c->code, "%s", code);
	c->why = why;
	c->since = since;
	return SSPF_OK;
}

/* A due case with its place in code order. */
struct due {
	int year, seq;
	size_t i;
	sspf_purge_why why;
	sspf_date since;
};

static int due_cmp(const void *a, const void *b)
{
	const struct due *x = a, *y = b;

	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Whether case d is due today with months of retention, and why. */
static bool is_due(const gate_case_dates *d, long months, sspf_date today,
		   struct due *out)
{
	sspf_date ended = d->valid_until;

	if (d->closed && d->closed_on != 0 &&
	    sspf_date_add_months(d->closed_on, (int)months) < today) {
		out->why = SSPF_PURGE_CLOSED;
		out->since = d->closed_on;
		return true;
	}
	if (d->withdrawn_on != 0 && (ended == 0 || d->withdrawn_on < ended))
		ended = d->withdrawn_on;
	if (ended != 0 && sspf_date_add_months(ended, (int)months) < today) {
		out->why = SSPF_PURGE_CONSENT_ENDED;
		out->since = ended;
		return true;
	}
	return false;
}

/*
 * The cases due today with months of retention, in code order, from the
 * gate's facts of every case (gate_batch.c: the same newest consent, the
 * one with the highest id). A consent ended on its withdrawal or its
 * valid-until date, whichever came first. A date that does not parse is
 * damage: retention must not guess.
 */
static sspf_err cases_due(sspf_core *core, long months, sspf_purge_report *rep)
{
	const gate_batch *b;
	struct due *due = NULL;
	size_t n = 0, cap = 0;
	sspf_err e;

	if ((e = gate_batch_get(core, &b)) != SSPF_OK)
		return e;
	for (size_t i = 0; i < gate_batch_count(b); i++) {
		gate_case_dates d;
		struct due x = { 0 };

		if (!gate_batch_dates(b, i, &d)) {
			free(due);
			return err_set(SSPF_ERR_DAMAGED,
				       "case %s holds a bad date", d.code);
		}
		if (!is_due(&d, months, rep->today, &x))
			continue;
		if (n == cap) {
			cap = cap != 0 ? 2 * cap : 16;
			if (!core_grow(&due, cap, sizeof *due)) {
				free(due);
				return err_set(SSPF_ERR_NOMEM,
					       "listing the cases due");
			}
		}
		x.year = d.year;
		x.seq = d.seq;
		x.i = i;
		due[n++] = x;
	}
	if (n > 1)
		qsort(due, n, sizeof *due, due_cmp);
	for (size_t k = 0, rcap = 0; e == SSPF_OK && k < n; k++) {
		gate_case_dates d;

		(void)gate_batch_dates(b, due[k].i, &d);
		e = add_case(rep, &rcap, d.code, due[k].why, due[k].since);
	}
	free(due);
	return e;
}

/*
 * How many audit log entries audit_purge_before(before) would remove: the
 * run from the start of the chain up to the first entry that is not older.
 */
static sspf_err log_due(sspf_core *core, const char *before, int64_t *n)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	*n = 0;
	e = core_prepare(
		core,
		"SELECT count(*) FROM audit_log WHERE seq < "
		"coalesce((SELECT min(seq) FROM audit_log WHERE at >= ?1),"
		" (SELECT max(seq) FROM audit_log) + 1)",
		&q);
	if (e != SSPF_OK)
		return e;
	rc = sqlite3_bind_text(q, 1, before, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		*n = sqlite3_column_int64(q, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_OK ? SSPF_OK
			       : sspf_store_sqlerr(core->st, rc,
						   "reading the audit log");
}

/* Delete one case and what hangs on it; log "purge" with its code. */
static sspf_err purge_case(sspf_core *core, const char *code)
{
	static const char *const sql[] = {
		"DELETE FROM agenda_item WHERE case_id = "
		"(SELECT id FROM case_file WHERE code = ?1)",
		"DELETE FROM case_file WHERE code = ?1",
	};
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		if ((e = core_prepare(core, sql[i], &q)) != SSPF_OK)
			return e;
		rc = sqlite3_bind_text(q, 1, code, -1, SQLITE_STATIC);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(q);
		sqlite3_finalize(q);
		if (rc != SQLITE_DONE)
			return sspf_store_sqlerr(core->st, rc,
						 "purging a case");
	}
	if (sqlite3_changes(core->db) != 1)
		return err_set(SSPF_ERR_NOT_FOUND, "case %s is gone", code);
	return audit_append(core, "purge", code);
}

/* The purge itself, inside the caller's transaction. */
static sspf_err purge_in_tx(sspf_core *core, sspf_purge_report *rep,
			    const char *log_before)
{
	sspf_err e;

	/* Never write a purge into a log that does not verify. */
	if ((e = sspf_audit_verify(core, NULL)) != SSPF_OK)
		return e;
	for (size_t i = 0; i < rep->n_cases; i++)
		if ((e = purge_case(core, rep->cases[i].code)) != SSPF_OK)
			return e;
	if (rep->log_entries > 0)
		return audit_purge_before(core, log_before);
	return SSPF_OK;
}

/* A step after the purge stood failed with e: say so, with its detail. */
static sspf_err done_but(sspf_err e, const char *step)
{
	const char *d = sspf_err_detail();
	char why[256];

	snprintf(why, sizeof why, "%s", d != NULL ? d : "");
	return err_set(e,
		       "the purge is done, but %s failed (%s); run 'sspf "
		       "purge' again",
		       step, why);
}

sspf_err sspf_purge(sspf_core *core, bool dry_run, sspf_purge_report *rep)
{
	char before[SSPF_DATE_TEXT];
	long months, years;
	sspf_err e;

	err_clear();
	if (rep == NULL)
		return err_set(SSPF_ERR_INVALID, "nowhere to put the report");
	memset(rep, 0, sizeof *rep);
	if (core == NULL || core->db == NULL)
		return err_set(SSPF_ERR_INVALID, "no open core");
	if (sqlite3_get_autocommit(core->db) == 0)
		return err_set(SSPF_ERR_INVALID,
			       "a purge cannot run inside a transaction");
	if ((e = sspf_setting_get_int(core->st, "retention.case_months",
				      &months)) != SSPF_OK ||
	    (e = sspf_setting_get_int(core->st, "retention.log_years",
				      &years)) != SSPF_OK)
		return e;
	rep->today = sspf_core_today(core);
	rep->log_before = sspf_date_add_months(rep->today, -12 * (int)years);
	sspf_date_format(rep->log_before, before);

	/* A real purge decides and deletes in one write transaction. */
	if (!dry_run && (e = exec(core, "BEGIN IMMEDIATE",
				  "starting the purge")) != SSPF_OK)
		return e;
	e = cases_due(core, months, rep);
	if (e == SSPF_OK)
		e = log_due(core, before, &rep->log_entries);
	if (dry_run)
		return e;
	if (e == SSPF_OK && (rep->n_cases > 0 || rep->log_entries > 0)) {
		e = purge_in_tx(core, rep, before);
		if (e == SSPF_OK)
			e = exec(core, "COMMIT", "saving the purge");
	} else if (e == SSPF_OK) {
		e = exec(core, "ROLLBACK", "ending the purge");
	}
	if (e != SSPF_OK) {
		/* SQLite may have rolled back already; the first error counts */
		if (sqlite3_get_autocommit(core->db) == 0)
			sqlite3_exec(core->db, "ROLLBACK", NULL, NULL, NULL);
		return e;
	}
	rep->purged = true;

	/*
	 * Rebuild the file, also when nothing was due (a VACUUM that failed
	 * before is made up for): no freed page stays in it.
	 */
	if ((e = exec(core, "VACUUM", "compacting the database")) != SSPF_OK)
		return done_but(e, "compacting the file");
	/* older versions of the purged pages must not wait in the log */
	if ((e = sspf_store_checkpoint(core->st)) != SSPF_OK)
		return done_but(e, "writing it into the file");
	return SSPF_OK;
}
