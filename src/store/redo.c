/*
 * redo.c - the redo log NAME-redo that makes a commit atomic.
 *
 * A commit writes every changed page, already encrypted, to the redo log
 * with a MAC over the whole log, syncs it (the commit point), then writes
 * the same slots into the database file and syncs that. A crash before the
 * commit point leaves an incomplete log that is discarded at the next open;
 * a crash after it leaves a complete log that is applied again. Layout in
 * contrib/FORMAT.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <sodium.h>

#include "store/errors_internal.h"
#include "store/fileio.h"
#include "store/vfs.h"

#define REDO_MAGIC "sspf-rl"
#define REDO_VERSION 1u
#define REDO_HDR 64u
#define REDO_REC (8u + SSPF_PAGE_SLOT)
#define REDO_MAC 32u

static size_t redo_size(size_t n)
{
	return REDO_HDR + n * REDO_REC + REDO_MAC;
}

static int sqlite_code(int err, int fallback)
{
	if (err == ENOSPC || err == EFBIG || err == EDQUOT)
		return SQLITE_FULL;
	return fallback;
}

/*
 * Make sure growing the file to length will not fail for want of space
 * once the commit point is passed: the process's file size limit, then
 * blocks reserved without changing the length.
 */
static int reserve(struct vfs_ctx *ctx, off_t from, off_t length)
{
	struct rlimit rl;

	if (length <= from)
		return 0;
	if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    (rlim_t)length > rl.rlim_cur)
		return EFBIG;
	if (io_fallocate(ctx->fd, FALLOC_FL_KEEP_SIZE, from, length - from) !=
		    0 &&
	    errno != EOPNOTSUPP && errno != ENOSYS)
		return errno;
	return 0;
}

/*
 * Apply a verified log (records at buf) to the database file. On failure
 * returns the errno and sets *op to the SQLite code of what failed.
 */
static int apply(struct vfs_ctx *ctx, const uint8_t *recs, size_t n,
		 uint32_t npages, int *op)
{
	size_t i;
	int err;

	*op = SQLITE_IOERR_WRITE;
	for (i = 0; i < n; i++) {
		const uint8_t *r = recs + i * REDO_REC;
		uint32_t pgno = le32_get(r);

		if (pgno > npages)
			continue;
		if ((err = io_write_all(ctx->fd, r + 8, SSPF_PAGE_SLOT,
					page_offset(pgno))) != 0)
			return err;
	}
	*op = SQLITE_IOERR_TRUNCATE;
	if (io_ftruncate(ctx->fd, page_offset(npages + 1)) != 0)
		return errno;
	*op = SQLITE_IOERR_FSYNC;
	if (io_fdatasync(ctx->fd) != 0)
		return errno;
	return 0;
}

int redo_commit(struct vfs_ctx *ctx, const struct redo_page *pages, size_t n,
		uint32_t old_npages, uint32_t npages)
{
	crypto_generichash_state mac;
	size_t len = redo_size(n), i;
	uint8_t *log, *zero = NULL;
	int err, op = SQLITE_IOERR_WRITE;

	if (ctx->redo_fd < 0)
		return SQLITE_READONLY;
	if ((log = malloc(len)) == NULL)
		return SQLITE_IOERR_NOMEM;
	memset(log, 0, REDO_HDR);
	memcpy(log, REDO_MAGIC, sizeof REDO_MAGIC);
	le32_put(log + 8, REDO_VERSION);
	le32_put(log + 12, (uint32_t)n);
	memcpy(log + 16, ctx->file_id, SSPF_FILE_ID_SIZE);
	le32_put(log + 32, npages);
	for (i = 0; i < n; i++) {
		uint8_t *r = log + REDO_HDR + i * REDO_REC;
		const uint8_t *plain = pages[i].plain;

		if (plain == NULL) {
			if (zero == NULL &&
			    (zero = calloc(1, SSPF_PAGE_SIZE)) == NULL) {
				free(log);
				return SQLITE_IOERR_NOMEM;
			}
			plain = zero;
		}
		le32_put(r, pages[i].pgno);
		le32_put(r + 4, 0);
		page_seal(ctx->keys, ctx->file_id, pages[i].pgno, plain, r + 8);
	}
	free(zero);
	crypto_generichash_init(&mac, ctx->keys->redo, SSPF_KEY_SIZE, REDO_MAC);
	crypto_generichash_update(&mac, log, len - REDO_MAC);
	crypto_generichash_final(&mac, log + len - REDO_MAC, REDO_MAC);

	/* Before the commit point: any failure leaves the file as it was. */
	err = reserve(ctx, page_offset(old_npages + 1),
		      page_offset(npages + 1));
	if (err == 0)
		err = io_write_all(ctx->redo_fd, log, len, 0);
	if (err == 0 && io_fdatasync(ctx->redo_fd) != 0) {
		err = errno;
		op = SQLITE_IOERR_FSYNC;
	}
	if (err != 0) {
		ctx->last_errno = err;
		if (io_ftruncate(ctx->redo_fd, 0) != 0) {
			/* the log is incomplete and will be discarded */
		}
		free(log);
		return sqlite_code(err, op);
	}

	/*
	 * Past the commit point: the log holds the transaction. A fault
	 * that passes (a loose cable, a busy controller) often lets a
	 * second try through; it writes every slot again, so that pages a
	 * failed sync may have dropped from the cache reach the disk too.
	 */
	err = apply(ctx, log + REDO_HDR, n, npages, &op);
	if (err != 0)
		err = apply(ctx, log + REDO_HDR, n, npages, &op);
	free(log);
	if (err != 0) {
		/*
		 * The log stays: the next transaction (vfs.c, main_lock) or
		 * the next open applies it.
		 */
		ctx->last_errno = err;
		ctx->broken = 1;
		return sqlite_code(err, op);
	}
	if (io_ftruncate(ctx->redo_fd, 0) != 0) {
		/* harmless: applying it again writes the same slots */
	}
	return SQLITE_OK;
}

sspf_err redo_recover(struct vfs_ctx *ctx, int *applied)
{
	struct stat sb;
	uint8_t *log, calc[REDO_MAC];
	size_t n, i;
	uint32_t npages;
	int err, op;

	*applied = 0;
	if (ctx->redo_fd < 0)
		return SSPF_OK;
	if (fstat(ctx->redo_fd, &sb) != 0)
		return err_errno(errno, "reading", ctx->path);
	if (sb.st_size == 0)
		return SSPF_OK;
	if ((uint64_t)sb.st_size < redo_size(0) ||
	    (uint64_t)sb.st_size > ((uint64_t)1 << 40))
		goto discard;
	if ((log = malloc((size_t)sb.st_size)) == NULL)
		return err_set(SSPF_ERR_NOMEM, "reading the redo log");
	if ((err = io_read_all(ctx->redo_fd, log, (size_t)sb.st_size, 0)) !=
	    0) {
		free(log);
		return err_errno(err, "reading the redo log of", ctx->path);
	}
	n = le32_get(log + 12);
	npages = le32_get(log + 32);
	if (memcmp(log, REDO_MAGIC, sizeof REDO_MAGIC) != 0 ||
	    le32_get(log + 8) != REDO_VERSION ||
	    memcmp(log + 16, ctx->file_id, SSPF_FILE_ID_SIZE) != 0 ||
	    redo_size(n) != (uint64_t)sb.st_size) {
		free(log);
		goto discard;
	}
	crypto_generichash(calc, sizeof calc, log, redo_size(n) - REDO_MAC,
			   ctx->keys->redo, SSPF_KEY_SIZE);
	if (sodium_memcmp(calc, log + redo_size(n) - REDO_MAC, REDO_MAC) != 0) {
		free(log);
		goto discard;
	}
	/* Complete and authentic: every slot must open, or it is damage. */
	for (i = 0; i < n; i++) {
		const uint8_t *r = log + REDO_HDR + i * REDO_REC;
		uint8_t plain[SSPF_PAGE_SIZE];
		int bad = le32_get(r) == 0 ||
			  page_open(ctx->keys, ctx->file_id, le32_get(r), r + 8,
				    plain) != 0;

		sodium_memzero(plain, sizeof plain);
		if (bad) {
			free(log);
			return err_set(
				SSPF_ERR_DAMAGED,
				"the unfinished save in %s-redo is damaged",
				ctx->path);
		}
	}
	if (ctx->readonly) {
		free(log);
		return err_set(
			SSPF_ERR_PERMISSION,
			"%s has an unfinished save that must be completed "
			"first; open it once without read-only",
			ctx->path);
	}
	err = apply(ctx, log + REDO_HDR, n, npages, &op);
	free(log);
	if (err != 0)
		return err_errno(err, "completing an unfinished save in",
				 ctx->path);
	*applied = 1;
discard:
	if (ctx->readonly)
		return SSPF_OK; /* an incomplete log is ignored all the same */
	if (io_ftruncate(ctx->redo_fd, 0) != 0 ||
	    io_fdatasync(ctx->redo_fd) != 0)
		return err_errno(errno, "clearing the redo log of", ctx->path);
	return SSPF_OK;
}
