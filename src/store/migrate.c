/*
 * migrate.c - applying the numbered schema files (schema/NNNN_name.sql,
 * compiled in as schema_steps) in order, in one transaction.
 */
#include <stdio.h>

#include "store/errors_internal.h"
#include "store/migrate.h"

static int user_version(sqlite3 *db, int *v)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*v = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

static int record(sqlite3 *db, const struct schema_step *s)
{
	char sql[96];
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(
		db, "INSERT INTO schema_migration(version, name) VALUES(?, ?)",
		-1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int(st, 1, s->version);
	sqlite3_bind_text(st, 2, s->name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return rc;
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", s->version);
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

sspf_err migrate_apply(sqlite3 *db, int readonly, int *version, int *sqlrc)
{
	int latest = schema_steps[schema_step_count - 1].version;
	int v = 0, rc, i;

	*sqlrc = SQLITE_OK;
	if ((rc = user_version(db, &v)) != SQLITE_OK) {
		*sqlrc = rc;
		return SSPF_ERR_IO;
	}
	*version = v;
	if (v > latest)
		return err_set(SSPF_ERR_NEWER,
			       "the database has schema version %d; this sspf "
			       "knows up to %d",
			       v, latest);
	if (v == latest)
		return SSPF_OK;
	if (readonly)
		return err_set(
			SSPF_ERR_PERMISSION,
			"the database needs an upgrade (schema %d to %d) "
			"and is open read-only",
			v, latest);
	rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	for (i = 0; rc == SQLITE_OK && i < schema_step_count; i++) {
		const struct schema_step *s = &schema_steps[i];

		if (s->version <= v)
			continue;
		rc = sqlite3_exec(db, s->sql, NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			rc = record(db, s);
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		*sqlrc = rc;
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return SSPF_ERR_IO;
	}
	*version = latest;
	return SSPF_OK;
}
