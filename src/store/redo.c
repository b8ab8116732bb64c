/*
 * redo.c - the write-ahead log NAME-redo: one sync per commit.
 *
 * A commit appends one record (the changed pages as encrypted slots, the
 * page count, a sequence number, a MAC chained over the previous record's)
 * to the log and syncs the log once: that is the commit point. Pages in
 * the log are read from it (wal.slot_off, built at open by redo_recover
 * in redo_scan.c). A checkpoint copies the newest slot of every logged
 * page into NAME, sets NAME's length and syncs it; only then does a new
 * generation of the log begin, with a header of its own (random salt)
 * that is written and synced before any record of it, so that no record
 * of an older generation can ever verify again. Layout in
 * contrib/FORMAT.md, "The write-ahead log".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "store/fileio.h"
#include "store/store_internal.h"
#include "store/vfs.h"
#include "store/wal.h"

/* Log size (bytes of records) that starts a checkpoint after a commit. */
static size_t checkpoint_bytes = WAL_CHECKPOINT_DEFAULT;

void sspf_store_set_checkpoint_size(size_t bytes)
{
	checkpoint_bytes = bytes > 0 ? bytes : WAL_CHECKPOINT_DEFAULT;
}

static int sqlite_code(int err, int fallback)
{
	if (err == ENOSPC || err == EFBIG || err == EDQUOT)
		return SQLITE_FULL;
	return fallback;
}

/* Make room for pgno in the index; 0 or ENOMEM. */
int wal_index_reserve(struct wal *w, uint32_t pgno)
{
	size_t cap = w->cap ? w->cap : 256;
	uint64_t *n;

	if (pgno < w->cap)
		return 0;
	while (cap <= pgno)
		cap *= 2;
	if ((n = realloc(w->slot_off, cap * sizeof *n)) == NULL)
		return ENOMEM;
	memset(n + w->cap, 0, (cap - w->cap) * sizeof *n);
	w->slot_off = n;
	w->cap = cap;
	return 0;
}

/* Forget the pages above npages (the database shrank). */
void wal_index_cut(struct wal *w, uint32_t npages)
{
	if ((size_t)npages + 1 < w->cap)
		memset(w->slot_off + npages + 1, 0,
		       (w->cap - npages - 1) * sizeof *w->slot_off);
}

/* A fresh header (new generation, random salt) into buf, its MAC kept. */
static void header_make(struct vfs_ctx *ctx, uint8_t buf[WAL_HDR])
{
	struct wal *w = &ctx->wal;

	memset(buf, 0, WAL_HDR);
	memcpy(buf, WAL_MAGIC, sizeof WAL_MAGIC);
	le32_put(buf + 8, WAL_VERSION);
	w->gen++;
	le64_put(buf + 16, w->gen);
	memcpy(buf + 24, ctx->file_id, SSPF_FILE_ID_SIZE);
	randombytes_buf(buf + 40, 16);
	wal_header_mac(ctx, buf, buf + 64);
	memcpy(w->chain, buf + 64, WAL_MAC);
}

/*
 * Start a new generation: write a new header and sync it before any
 * record of it is written. Until it is durable every commit fails.
 */
static int header_write(struct vfs_ctx *ctx)
{
	uint8_t buf[WAL_HDR];
	int err;

	header_make(ctx, buf);
	err = io_write_all(ctx->redo_fd, buf, WAL_HDR, 0);
	if (err == 0 && io_fdatasync(ctx->redo_fd) != 0)
		err = errno;
	if (err != 0)
		return err;
	if (ctx->wal.length < WAL_HDR)
		ctx->wal.length = WAL_HDR;
	ctx->wal.need_header = 0;
	ctx->wal.nrec = 0;
	ctx->wal.end = WAL_HDR;
	return 0;
}

/*
 * After a record that grew the log: grow it on with zeros to a whole
 * step, so that the next commits overwrite blocks that exist and their
 * sync needs no metadata. Only an optimisation: a failure (a full disk)
 * is left for the next record to meet.
 */
static void log_pregrow(struct vfs_ctx *ctx)
{
	static const uint8_t zero[64 * 1024];
	struct wal *w = &ctx->wal;
	uint64_t step = checkpoint_bytes / 4 / 4096 * 4096;
	uint64_t to;

	if (step > WAL_GROW)
		step = WAL_GROW;
	if (step < 4096)
		step = 4096;
	to = (w->length + step - 1) / step * step;
	while (w->length < to) {
		size_t n = to - w->length > sizeof zero
				   ? sizeof zero
				   : (size_t)(to - w->length);

		if (io_write_all(ctx->redo_fd, zero, n, (off_t)w->length) != 0)
			return;
		w->length += n;
	}
}

/* Seal the pages into one record (malloc'ed, *len bytes) or NULL. */
static uint8_t *record_make(struct vfs_ctx *ctx, const struct redo_page *pages,
			    size_t n, uint32_t npages, size_t *len)
{
	struct wal *w = &ctx->wal;
	crypto_generichash_state mac;
	uint8_t *rec, *zero = NULL;
	size_t i;

	*len = WAL_REC_HDR + n * WAL_ENTRY + WAL_MAC;
	if ((rec = malloc(*len)) == NULL)
		return NULL;
	memset(rec, 0, WAL_REC_HDR);
	memcpy(rec, WAL_REC_MAGIC, sizeof WAL_REC_MAGIC);
	le64_put(rec + 8, w->gen);
	le64_put(rec + 16, w->nrec + 1);
	le32_put(rec + 24, (uint32_t)n);
	le32_put(rec + 28, npages);
	for (i = 0; i < n; i++) {
		uint8_t *e = rec + WAL_REC_HDR + i * WAL_ENTRY;
		const uint8_t *plain = pages[i].plain;

		if (plain == NULL) {
			if (zero == NULL &&
			    (zero = calloc(1, SSPF_PAGE_SIZE)) == NULL) {
				free(rec);
				return NULL;
			}
			plain = zero;
		}
		le32_put(e, pages[i].pgno);
		le32_put(e + 4, 0);
		page_seal(ctx->keys, ctx->file_id, pages[i].pgno, plain, e + 8);
	}
	free(zero);
	crypto_generichash_init(&mac, ctx->keys->redo, SSPF_KEY_SIZE, WAL_MAC);
	crypto_generichash_update(&mac, w->chain, WAL_MAC);
	crypto_generichash_update(&mac, rec, *len - WAL_MAC);
	crypto_generichash_final(&mac, rec + *len - WAL_MAC, WAL_MAC);
	return rec;
}

/* The record is durable: its pages are now read from the log. */
static void record_index(struct vfs_ctx *ctx, const uint8_t *rec, size_t n,
			 uint32_t npages, size_t len)
{
	struct wal *w = &ctx->wal;
	size_t i;

	for (i = 0; i < n; i++) {
		const uint8_t *e = rec + WAL_REC_HDR + i * WAL_ENTRY;
		uint32_t pgno = le32_get(e);

		if (pgno <= npages)
			w->slot_off[pgno] = w->end + (uint64_t)(e + 8 - rec);
	}
	wal_index_cut(w, npages);
	memcpy(w->chain, rec + len - WAL_MAC, WAL_MAC);
	w->end += len;
	w->nrec++;
	w->npages = npages;
}

int redo_commit(struct vfs_ctx *ctx, const struct redo_page *pages, size_t n,
		uint32_t npages)
{
	struct wal *w = &ctx->wal;
	size_t len;
	uint8_t *rec;
	int err = 0, op = SQLITE_IOERR_WRITE;

	if (ctx->redo_fd < 0 || ctx->readonly || !w->ready)
		return SQLITE_READONLY;
	if (wal_index_reserve(w, npages) != 0)
		return SQLITE_IOERR_NOMEM;
	if (w->need_header && (err = header_write(ctx)) != 0) {
		ctx->last_errno = err;
		return sqlite_code(err, SQLITE_IOERR_WRITE);
	}
	if ((rec = record_make(ctx, pages, n, npages, &len)) == NULL)
		return SQLITE_IOERR_NOMEM;
	err = io_write_all(ctx->redo_fd, rec, len, (off_t)w->end);
	if (err == 0 && w->end + len > w->length) {
		w->length = w->end + len;
		log_pregrow(ctx);
	}
	if (err == 0 && io_fdatasync(ctx->redo_fd) != 0) {
		err = errno;
		op = SQLITE_IOERR_FSYNC;
	}
	if (err != 0) {
		/*
		 * Before the commit point. What was written of the record
		 * (all of it, if only the sync failed) must never verify
		 * later: zero its header and make that durable. If even that
		 * fails, the next record overwrites it at the same offset;
		 * until one is durable, a crash may bring it back.
		 */
		static const uint8_t zero[WAL_REC_HDR];

		ctx->last_errno = err;
		w->tail_uncertain =
			io_write_all(ctx->redo_fd, zero, sizeof zero,
				     (off_t)w->end) != 0 ||
			io_fdatasync(ctx->redo_fd) != 0;
		free(rec);
		return sqlite_code(err, op);
	}
	/* The commit point is passed: nothing below can fail the commit. */
	w->tail_uncertain = 0;
	record_index(ctx, rec, n, npages, len);
	free(rec);
	if (w->end - WAL_HDR >= checkpoint_bytes && w->end >= w->retry_at) {
		/* a failure here is no error of this commit's */
		int saved = ctx->last_errno;

		if (redo_checkpoint(ctx, 0) != 0)
			w->retry_at = w->end + checkpoint_bytes / 2 + 1;
		ctx->last_errno = saved;
	}
	return SQLITE_OK;
}

int redo_read_slot(struct vfs_ctx *ctx, uint32_t pgno, uint8_t *slot)
{
	const struct wal *w = &ctx->wal;
	int fd = ctx->fd;
	off_t off = page_offset(pgno);
	size_t got = 0;

	if (pgno < w->cap && w->slot_off[pgno] != 0) {
		fd = ctx->redo_fd;
		off = (off_t)w->slot_off[pgno];
	}
	while (got < SSPF_PAGE_SLOT) {
		ssize_t r = io_pread(fd, slot + got, SSPF_PAGE_SLOT - got,
				     off + (off_t)got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			/* 0: cut short, which is damage, not an I/O error */
			ctx->last_errno = r < 0 ? errno : 0;
			return r < 0 ? (errno ? errno : EIO) : -1;
		}
		got += (size_t)r;
	}
	return 0;
}

/* Copy every logged page into NAME, set its length, sync it. */
static int checkpoint_copy(struct vfs_ctx *ctx)
{
	struct wal *w = &ctx->wal;
	uint8_t *slot = malloc(SSPF_PAGE_SLOT);
	struct stat sb;
	uint32_t pgno;
	int err = 0;

	if (slot == NULL)
		return ENOMEM;
	for (pgno = 1; pgno <= w->npages && pgno < w->cap && err == 0; pgno++) {
		if (w->slot_off[pgno] == 0)
			continue;
		err = io_read_all(ctx->redo_fd, slot, SSPF_PAGE_SLOT,
				  (off_t)w->slot_off[pgno]);
		if (err == 0)
			err = io_write_all(ctx->fd, slot, SSPF_PAGE_SLOT,
					   page_offset(pgno));
	}
	free(slot);
	if (err != 0)
		return err;
	if (fstat(ctx->fd, &sb) != 0)
		return errno;
	if (sb.st_size != page_offset(w->npages + 1) &&
	    io_ftruncate(ctx->fd, page_offset(w->npages + 1)) != 0)
		return errno;
	if (io_fdatasync(ctx->fd) != 0)
		return errno;
	return 0;
}

int redo_checkpoint(struct vfs_ctx *ctx, int closing)
{
	struct wal *w = &ctx->wal;
	int err;

	/* a log not read yet (a failed open) is never touched */
	if (ctx->redo_fd < 0 || ctx->readonly || !w->ready)
		return 0;
	if (w->nrec == 0 && !closing)
		return 0; /* a missing header waits for the next record */
	if (w->nrec > 0) {
		/* On failure every record stays and is read from the log. */
		if ((err = checkpoint_copy(ctx)) != 0) {
			ctx->last_errno = err;
			return err;
		}
		/* NAME holds everything: the generation is done. */
		memset(w->slot_off, 0, w->cap * sizeof *w->slot_off);
		w->nrec = 0;
		w->need_header = 1;
	}
	w->retry_at = 0;
	if (closing) {
		/* Nothing stale left behind between sessions. */
		if (w->length == 0)
			return 0;
		if (io_ftruncate(ctx->redo_fd, 0) != 0 ||
		    io_fdatasync(ctx->redo_fd) != 0)
			return errno;
		w->length = 0;
		w->need_header = 1;
		return 0;
	}
	if (w->need_header && (err = header_write(ctx)) != 0) {
		/* retried before the next record: nothing is lost */
		ctx->last_errno = err;
		return err;
	}
	return 0;
}

void redo_free(struct vfs_ctx *ctx)
{
	free(ctx->wal.slot_off);
	memset(&ctx->wal, 0, sizeof ctx->wal);
}
