/*
 * migrate.h - the schema steps compiled into the binary (schema.c is made
 * from the files in schema/ by embed_schema.py) and applying them.
 */
#ifndef SSPF_STORE_MIGRATE_H
#define SSPF_STORE_MIGRATE_H

#include <sqlite3.h>

#include <sspf/error.h>

struct schema_step {
	int version;
	const char *name;
	const char *sql;
};

extern const struct schema_step schema_steps[];
extern const int schema_step_count;

/*
 * Bring db up to the newest schema in one transaction. A database newer
 * than this build gives SSPF_ERR_NEWER and is not written. *version gets
 * the resulting schema version. When an SQLite call failed, *sqlrc holds
 * its code for the caller to map (it knows the file); else SQLITE_OK.
 */
sspf_err migrate_apply(sqlite3 *db, int readonly, int *version, int *sqlrc);

#endif
