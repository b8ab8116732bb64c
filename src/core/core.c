/*
 * core.c - opening and closing the core over a store: the clock, the user
 * the audit log names, and the audit chain's key.
 */
#include <pwd.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "core/core_priv.h"
#include "core/gate.h"
#include "store/errors_internal.h"

/* The operating-system user, "uid N" if it has no name; malloc'ed. */
static char *os_user(void)
{
	struct passwd *pw = getpwuid(geteuid());
	char buf[32];

	if (pw != NULL && pw->pw_name != NULL && pw->pw_name[0] != '\0')
		return strdup(pw->pw_name);
	snprintf(buf, sizeof buf, "uid %lu", (unsigned long)geteuid());
	return strdup(buf);
}

sspf_err sspf_core_open(sspf_store *st, const sspf_clock *clock,
			const char *user, sspf_core **out)
{
	sspf_core *core;
	sspf_err e;

	*out = NULL;
	err_clear();
	if (st == NULL || sspf_store_db(st) == NULL)
		return err_set(SSPF_ERR_INVALID, "no open database");
	if ((core = calloc(1, sizeof *core)) == NULL)
		return err_set(SSPF_ERR_NOMEM, "starting the core");
	core->st = st;
	core->db = sspf_store_db(st);
	core->clock = clock != NULL ? clock : sspf_clock_system();
	core->user = user != NULL ? strdup(user) : os_user();
	core->audit_key = sodium_malloc(32);
	if (core->user == NULL || core->audit_key == NULL) {
		sspf_core_close(core);
		return err_set(SSPF_ERR_NOMEM, "starting the core");
	}
	if ((e = sspf_store_subkey(st, SSPF_SUBKEY_AUDIT, core->audit_key)) !=
	    SSPF_OK) {
		sspf_core_close(core);
		return e;
	}
	core_watch_facts(core);
	*out = core;
	return SSPF_OK;
}

void sspf_core_close(sspf_core *core)
{
	if (core == NULL)
		return;
	for (int i = 0; i < CORE_KEPT; i++)
		sqlite3_finalize(core->kept[i].q);
	core_unwatch_facts(core);
	gate_batch_free(core->batch);
	sodium_free(core->audit_key);
	free(core->user);
	free(core);
}

sspf_date sspf_core_today(const sspf_core *core)
{
	return sspf_clock_today(core->clock);
}

sspf_err core_kept(sspf_core *core, const char *sql, sqlite3_stmt **q)
{
	int i;

	for (i = 0; i < CORE_KEPT && core->kept[i].sql != NULL; i++) {
		if (core->kept[i].sql == sql) {
			*q = core->kept[i].q;
			return SSPF_OK;
		}
	}
	if (i == CORE_KEPT)
		return core_prepare(core, sql, q);
	if (sqlite3_prepare_v3(core->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
			       &core->kept[i].q, NULL) != SQLITE_OK) {
		int rc = sqlite3_errcode(core->db);

		sqlite3_finalize(core->kept[i].q);
		core->kept[i].q = NULL;
		*q = NULL;
		return sspf_store_sqlerr(core->st, rc, "preparing a statement");
	}
	core->kept[i].sql = sql;
	*q = core->kept[i].q;
	return SSPF_OK;
}

void core_kept_done(sspf_core *core, sqlite3_stmt *q)
{
	if (q == NULL)
		return;
	for (int i = 0; i < CORE_KEPT; i++) {
		if (core->kept[i].q == q) {
			sqlite3_reset(q);
			sqlite3_clear_bindings(q);
			return;
		}
	}
	sqlite3_finalize(q);
}

sspf_err core_prepare(sspf_core *core, const char *sql, sqlite3_stmt **q)
{
	int rc = sqlite3_prepare_v2(core->db, sql, -1, q, NULL);

	if (rc != SQLITE_OK) {
		sqlite3_finalize(*q);
		*q = NULL;
		return sspf_store_sqlerr(core->st, rc, "preparing a statement");
	}
	return SSPF_OK;
}

/* ---- statements and changes shared by the modules (core_priv.h) ---- */

/* The savepoint of a change inside a transaction the caller opened. */
#define SAVEPOINT "sspf_change"

sspf_err core_tx_begin(sspf_core *core, bool *own)
{
	int rc;

	*own = sqlite3_get_autocommit(core->db) != 0;
	rc = sqlite3_exec(core->db,
			  *own ? "BEGIN IMMEDIATE" : "SAVEPOINT " SAVEPOINT,
			  NULL, NULL, NULL);
	return rc == SQLITE_OK
		       ? SSPF_OK
		       : sspf_store_sqlerr(core->st, rc, "starting a change");
}

sspf_err core_tx_end(sspf_core *core, bool own, sspf_err e)
{
	if (e == SSPF_OK) {
		int rc = sqlite3_exec(core->db,
				      own ? "COMMIT" : "RELEASE " SAVEPOINT,
				      NULL, NULL, NULL);

		if (rc == SQLITE_OK)
			return SSPF_OK;
		e = sspf_store_sqlerr(core->st, rc, "saving a change");
	}
	/* SQLite may have rolled back already; the first error counts */
	if (own)
		sqlite3_exec(core->db, "ROLLBACK", NULL, NULL, NULL);
	else
		sqlite3_exec(core->db,
			     "ROLLBACK TO " SAVEPOINT "; RELEASE " SAVEPOINT,
			     NULL, NULL, NULL);
	return e;
}

int core_bind_text(sqlite3_stmt *q, int i, const char *s)
{
	return sqlite3_bind_text(q, i, s != NULL ? s : "", -1,
				 SQLITE_TRANSIENT);
}

int core_bind_date(sqlite3_stmt *q, int i, sspf_date d)
{
	char text[SSPF_DATE_TEXT];

	sspf_date_format(d, text);
	return sqlite3_bind_text(q, i, text, -1, SQLITE_TRANSIENT);
}

/* core_prep with the parameters in ap. */
static sspf_err vprep(sspf_core *core, sqlite3_stmt **q, const char *sql,
		      const char *fmt, va_list ap)
{
	int rc = sqlite3_prepare_v2(core->db, sql, -1, q, NULL);

	for (int i = 0; rc == SQLITE_OK && fmt[i] != '\0'; i++) {
		sspf_date d;

		switch (fmt[i]) {
		case 'i':
			rc = sqlite3_bind_int64(*q, i + 1, va_arg(ap, int64_t));
			break;
		case 'n':
			rc = sqlite3_bind_int(*q, i + 1, va_arg(ap, int));
			break;
		case 't':
			rc = core_bind_text(*q, i + 1,
					    va_arg(ap, const char *));
			break;
		case 'd':
		case 'D':
			d = (sspf_date)va_arg(ap, int);
			if (d == 0 && fmt[i] == 'd')
				rc = sqlite3_bind_null(*q, i + 1);
			else
				rc = core_bind_date(*q, i + 1, d);
			break;
		default:
			rc = SQLITE_MISUSE;
			break;
		}
	}
	if (rc != SQLITE_OK) {
		sqlite3_finalize(*q);
		*q = NULL;
		return sspf_store_sqlerr(core->st, rc, "preparing a statement");
	}
	return SSPF_OK;
}

sspf_err core_prep(sspf_core *core, sqlite3_stmt **q, const char *sql,
		   const char *fmt, ...)
{
	va_list ap;
	sspf_err e;

	va_start(ap, fmt);
	e = vprep(core, q, sql, fmt, ap);
	va_end(ap);
	return e;
}

sspf_err core_run(sspf_core *core, int *changed, const char *what,
		  const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *q;
	va_list ap;
	sspf_err e;
	int rc;

	va_start(ap, fmt);
	e = vprep(core, &q, sql, fmt, ap);
	va_end(ap);
	if (e != SSPF_OK)
		return e;
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sspf_store_sqlerr(core->st, rc, what);
	if (changed != NULL)
		*changed = sqlite3_changes(core->db);
	return SSPF_OK;
}

sspf_err core_finish(sspf_core *core, sqlite3_stmt *q, int rc, const char *what)
{
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return SSPF_OK;
	return sspf_store_sqlerr(core->st, rc, what);
}

void core_free_text(char *s)
{
	if (s == NULL)
		return;
	sodium_memzero(s, strlen(s));
	free(s);
}

bool core_grow(void *arrp, size_t cap, size_t elem)
{
	void *old, *grown;

	memcpy(&old, arrp, sizeof old);
	if ((grown = realloc(old, cap * elem)) == NULL)
		return false;
	memcpy(arrp, &grown, sizeof grown);
	return true;
}
