/*
 * core_priv.h - the core handle as the modules of src/core/ see it.
 * Nothing outside src/core/ (and the tests) includes this.
 */
#ifndef SSPF_CORE_PRIV_H
#define SSPF_CORE_PRIV_H

#include <sqlite3.h>
#include <stdint.h>

#include <sspf/core.h>

#include "store/store_internal.h"

struct sspf_core {
	sspf_store *st;		 /* not owned */
	sqlite3 *db;		 /* the store's connection */
	const sspf_clock *clock; /* not owned */
	char *user;		 /* owned: who the audit log names */
	uint8_t *audit_key;	 /* owned, sodium_malloc: the MAC chain key */
};

/*
 * Prepare sql on the core's connection. On failure *q is NULL and the
 * SQLite error is mapped (sspf_store_sqlerr); the caller finalizes *q.
 */
sspf_err core_prepare(sspf_core *core, const char *sql, sqlite3_stmt **q);

#endif
