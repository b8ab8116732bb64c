/*
 * store_internal.h - what the core (and the tests) may use of an open store
 * beyond the public API. Not installed: front ends never see the SQLite
 * handle, so every read of case data has to go through the core.
 */
#ifndef SSPF_STORE_INTERNAL_H
#define SSPF_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <sspf/store.h>

/* The SQLite connection of an open store; owned by the store. */
sqlite3 *sspf_store_db(sspf_store *st);

/*
 * Map the result of a failed SQLite call on st into an sspf_err with a
 * detail (page number for damage, "disk full", ...).
 */
sspf_err sspf_store_sqlerr(sspf_store *st, int rc, const char *what);

/*
 * A 32-byte key for the core derived from the data key (crypto_kdf, context
 * "sspfkey1", ids from 16 up; 1-3 are the store's own). For the audit
 * log's MAC chain. out must be sodium_malloc memory the caller wipes.
 */
enum { SSPF_SUBKEY_AUDIT = 16 };
sspf_err sspf_store_subkey(sspf_store *st, uint64_t id, uint8_t out[32]);

/*
 * Write every save in the write-ahead log into the file and empty the log
 * (truncated to 0 bytes), so that no older version of a page stays in it:
 * for the purge, after its VACUUM. SSPF_OK (also when read-only: nothing
 * to do), or an sspf_err with detail; on failure nothing is lost.
 */
sspf_err sspf_store_checkpoint(sspf_store *st);

/*
 * For tests only (not in the public API): decrypt every page slot of the
 * file as it stands on disk, in order, and hand each plaintext (4096
 * bytes, valid during the call) to fn; fn returns nonzero to stop. A slot
 * that does not authenticate gives SSPF_ERR_DAMAGED naming its page.
 * Pages SQLite has not committed yet are not seen.
 */
sspf_err sspf_store_scan_plain(sspf_store *st,
			       int (*fn)(void *arg, uint32_t pgno,
					 const uint8_t *plain),
			       void *arg);

/*
 * For tests only (not in the public API, no switch in the program): the
 * file calls of every store module that read or change a file's bytes,
 * its length or its name, or create or remove it (opening an existing
 * file is left out). Each member behaves as its POSIX (or
 * Linux, for fallocate) namesake, errno included. sspf_store_set_io
 * installs a table (the caller keeps it alive while it is set); NULL puts
 * the POSIX one back. Not thread-safe: set it while no store is in use.
 */
struct sspf_io {
	ssize_t (*pread)(int fd, void *buf, size_t n, off_t off);
	ssize_t (*pwrite)(int fd, const void *buf, size_t n, off_t off);
	int (*fsync)(int fd);
	int (*fdatasync)(int fd);
	int (*ftruncate)(int fd, off_t length);
	int (*fallocate)(int fd, int mode, off_t off, off_t len);
	int (*rename)(const char *from, const char *to);
	/* open(2) with O_CREAT: every file the store may create */
	int (*open)(const char *path, int flags, mode_t mode);
	int (*unlink)(const char *path);
};
void sspf_store_set_io(const struct sspf_io *io);

/*
 * For tests only (not in the public API, no switch in the program): the
 * size of the write-ahead log (bytes of records) at which a commit is
 * followed by a checkpoint; 0 puts the default (4 MiB) back. Lets a small
 * test workload cross checkpoints. Not thread-safe, like sspf_store_set_io.
 */
void sspf_store_set_checkpoint_size(size_t bytes);

#endif
