/*
 * vfs.h - the encrypting SQLite VFS of one open store, the page cipher and
 * the write-ahead log NAME-redo that makes commits atomic with one sync
 * each (contrib/FORMAT.md).
 */
#ifndef SSPF_STORE_VFS_H
#define SSPF_STORE_VFS_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "store/header.h"
#include "store/wal.h"

/*
 * What the VFS needs of a store. Owned by the store; lives as long as the
 * SQLite connection that uses it.
 */
struct vfs_ctx {
	int fd;	     /* the database file, flock'ed by the store */
	int redo_fd; /* NAME-redo (read-only when readonly), or -1 */
	char *path;  /* full path as SQLite names it (malloc'ed) */
	const sspf_keys *keys;
	uint8_t file_id[SSPF_FILE_ID_SIZE];
	int readonly;
	struct wal wal;	   /* the log: its pages, its end (redo.c) */
	uint32_t bad_page; /* last page that failed authentication, or 0 */
	int last_errno;	   /* errno of the last failed system call */
	sqlite3_vfs vfs;   /* registered under name */
	char name[48];
};

/* Offset of page pgno's slot (pgno >= 1) in the database file. */
static inline int64_t page_offset(uint32_t pgno)
{
	return (int64_t)SSPF_HDR_AREA + (int64_t)(pgno - 1) * SSPF_PAGE_SLOT;
}

/* Encrypt plain (4096 bytes) as page pgno into a fresh slot. */
void page_seal(const sspf_keys *k, const uint8_t file_id[SSPF_FILE_ID_SIZE],
	       uint32_t pgno, const uint8_t *plain, uint8_t *slot);
/* Decrypt a slot; 0 if authentic, -1 if not (plain is then zeroed). */
int page_open(const sspf_keys *k, const uint8_t file_id[SSPF_FILE_ID_SIZE],
	      uint32_t pgno, const uint8_t *slot, uint8_t *plain);

/*
 * Number of pages in the file by its length, or -1 if the length is not
 * SSPF_HDR_AREA + N * SSPF_PAGE_SLOT.
 */
int64_t file_pages(int64_t length);

/* A temporary file in wiped memory (memfile.c). */
struct mem_file {
	sqlite3_file base;
	uint8_t *data;
	size_t size, cap;
};
int memfile_open(sqlite3_file *file, int flags, int *out_flags);

/* Register ctx->vfs under a unique name (not as default). */
int vfs_register(struct vfs_ctx *ctx);
void vfs_unregister(struct vfs_ctx *ctx);

/* One page of a commit. */
struct redo_page {
	uint32_t pgno;
	const uint8_t *plain; /* 4096 bytes, or NULL for a zero page */
};

/*
 * Commit pages atomically: append one record to the log and sync it (the
 * commit point); its pages are read from the log from now on. The
 * database has npages pages after it. Returns an SQLite code (SQLITE_OK,
 * SQLITE_FULL, SQLITE_IOERR_*); on failure nothing was committed and the
 * record will never verify (unless wal.tail_uncertain: see redo.c). May
 * checkpoint afterwards; a failed checkpoint does not fail the commit.
 */
int redo_commit(struct vfs_ctx *ctx, const struct redo_page *pages, size_t n,
		uint32_t npages);

/*
 * Read the committed slot of page pgno (from the log if it is there, else
 * from NAME). 0, -1 if the file is cut short there (damage), or an errno
 * value, also kept in ctx->last_errno.
 */
int redo_read_slot(struct vfs_ctx *ctx, uint32_t pgno, uint8_t *slot);

/*
 * Checkpoint: every logged page into NAME, its length set, synced; then a
 * new generation (closing: the log emptied to 0 bytes instead). 0 or an
 * errno value; on failure nothing is lost and the log is still used.
 * Does nothing for a read-only store.
 */
int redo_checkpoint(struct vfs_ctx *ctx, int closing);

/*
 * At open, with the key verified: read the log's valid records (redo_scan.c)
 * and index their pages; path names the database in errors. Writes
 * nothing; until it succeeded, nothing writes to the log. *found is the number of records
 * (saves a crash left in the log). Returns SSPF_OK or an sspf_err with
 * detail.
 */
sspf_err redo_recover(struct vfs_ctx *ctx, const char *path, uint64_t *found);

/* Committed page count: the log's if it has records, else NAME's by its
 * length (-1 if that length is wrong). */
int64_t redo_npages(struct vfs_ctx *ctx);

/* Free the log's index (at close). */
void redo_free(struct vfs_ctx *ctx);

/* For redo.c and redo_scan.c: the index and the header MAC. */
int wal_index_reserve(struct wal *w, uint32_t pgno);
void wal_index_cut(struct wal *w, uint32_t npages);
void wal_header_mac(const struct vfs_ctx *ctx, const uint8_t *hdr,
		    uint8_t mac[WAL_MAC]);

#endif
