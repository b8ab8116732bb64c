/*
 * vfs.h - the encrypting SQLite VFS of one open store, the page cipher and
 * the redo log that makes commits atomic (contrib/FORMAT.md).
 */
#ifndef SSPF_STORE_VFS_H
#define SSPF_STORE_VFS_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "store/header.h"

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
	int broken;	   /* an I/O error after a commit point: reopen */
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
 * Commit pages atomically: redo log, fdatasync, pages into the file, set
 * its length to npages, fdatasync, empty the log. Returns an SQLite code
 * (SQLITE_OK, SQLITE_FULL, SQLITE_IOERR_*); on failure before the commit
 * point nothing changed; after it ctx->broken is set.
 */
int redo_commit(struct vfs_ctx *ctx, const struct redo_page *pages, size_t n,
		uint32_t old_npages, uint32_t npages);

/*
 * At open, with the key verified: apply a complete redo log left by a
 * crash, discard an incomplete one. *applied is set to 1 if one was
 * applied. Returns SSPF_OK or an sspf_err with detail.
 */
sspf_err redo_recover(struct vfs_ctx *ctx, int *applied);

#endif
