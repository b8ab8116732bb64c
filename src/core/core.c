/*
 * core.c - opening and closing the core over a store: the clock, the user
 * the audit log names, and the audit chain's key.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "core/core_priv.h"
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
	*out = core;
	return SSPF_OK;
}

void sspf_core_close(sspf_core *core)
{
	if (core == NULL)
		return;
	sodium_free(core->audit_key);
	free(core->user);
	free(core);
}

sspf_date sspf_core_today(const sspf_core *core)
{
	return sspf_clock_today(core->clock);
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
