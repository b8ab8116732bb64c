/*
 * store_priv.h - the open store as store.c and check.c see it. Nothing
 * outside src/store/ includes this.
 */
#ifndef SSPF_STORE_PRIV_H
#define SSPF_STORE_PRIV_H

#include <sqlite3.h>

#include "store/header.h"
#include "store/vfs.h"

struct sspf_store {
	struct vfs_ctx ctx;
	sqlite3 *db;
	sspf_keys *keys; /* sodium_malloc'ed, owned */
	sspf_header hdr; /* the header copy in use */
	char *user_path; /* as the caller named it, owned */
	unsigned flags;
	unsigned warnings;
	int schema_version;
	int guarded; /* counted in the core dump guard */
};

/* A new store object for path (keys allocated, nothing open), or NULL. */
struct sspf_store *store_new(const char *path, unsigned flags);
/* Write both header copies of st->hdr, each made durable in turn. */
sspf_err store_write_header(struct sspf_store *st);
/*
 * Open NAME-redo (made 0600 if missing and writable) and read the saves in
 * it (redo_recover; *found gets their number). st->hdr must be read.
 */
sspf_err store_open_redo(struct sspf_store *st, uint64_t *found);
/* Open SQLite through the store's VFS, set it up, migrate the schema. */
sspf_err store_open_sqlite(struct sspf_store *st, int creating);

#endif
