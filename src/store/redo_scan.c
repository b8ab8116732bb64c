/*
 * redo_scan.c - recovery of the write-ahead log NAME-redo at open.
 *
 * With the key verified, the log's header is checked (magic, version,
 * file id, MAC); then its records are read in sequence, each of the
 * header's generation, numbered one more than the last, and verifying
 * under a MAC chained over the previous one. The first that does not is
 * the end: a torn or never acknowledged tail is dropped, and no record of
 * another generation (another header's salt) can ever chain. Nothing is
 * written here; the store decides whether to checkpoint at once.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "store/errors_internal.h"
#include "store/fileio.h"
#include "store/vfs.h"
#include "store/wal.h"

void wal_header_mac(const struct vfs_ctx *ctx, const uint8_t *hdr,
		    uint8_t mac[WAL_MAC])
{
	crypto_generichash_state st;

	/* bytes 0-63 and 96-511: everything but the MAC itself */
	crypto_generichash_init(&st, ctx->keys->redo, SSPF_KEY_SIZE, WAL_MAC);
	crypto_generichash_update(&st, hdr, WAL_HDR_MACED);
	crypto_generichash_update(&st, hdr + WAL_HDR_MACED + WAL_MAC,
				  WAL_HDR - WAL_HDR_MACED - WAL_MAC);
	crypto_generichash_final(&st, mac, WAL_MAC);
}

/* Whether the header at buf is this file's and authentic. */
static int header_ok(struct vfs_ctx *ctx, const uint8_t *buf)
{
	uint8_t mac[WAL_MAC];

	if (memcmp(buf, WAL_MAGIC, sizeof WAL_MAGIC) != 0 ||
	    le32_get(buf + 8) != WAL_VERSION ||
	    memcmp(buf + 24, ctx->file_id, SSPF_FILE_ID_SIZE) != 0)
		return 0;
	wal_header_mac(ctx, buf, mac);
	return sodium_memcmp(mac, buf + 64, WAL_MAC) == 0;
}

/*
 * The record at w->end, if it is the next one and verifies: its length,
 * or 0 if the log ends here; -errno if it cannot be read.
 */
static int64_t record_next(struct vfs_ctx *ctx, uint64_t size, uint8_t **buf,
			   size_t *bufcap)
{
	struct wal *w = &ctx->wal;
	uint8_t head[WAL_REC_HDR], mac[WAL_MAC];
	crypto_generichash_state st;
	uint64_t n, len;
	int err;

	if (w->end + WAL_REC_HDR > size)
		return 0;
	if ((err = io_read_all(ctx->redo_fd, head, sizeof head,
			       (off_t)w->end)) != 0)
		return -err;
	n = le32_get(head + 24);
	len = WAL_REC_HDR + n * WAL_ENTRY + WAL_MAC;
	if (memcmp(head, WAL_REC_MAGIC, sizeof WAL_REC_MAGIC) != 0 ||
	    le64_get(head + 8) != w->gen ||
	    le64_get(head + 16) != w->nrec + 1 || n > WAL_MAX_ENTRIES ||
	    w->end + len > size)
		return 0;
	if (len > *bufcap) {
		uint8_t *b = realloc(*buf, len);

		if (b == NULL)
			return -ENOMEM;
		*buf = b;
		*bufcap = len;
	}
	if ((err = io_read_all(ctx->redo_fd, *buf, len, (off_t)w->end)) != 0)
		return -err;
	crypto_generichash_init(&st, ctx->keys->redo, SSPF_KEY_SIZE, WAL_MAC);
	crypto_generichash_update(&st, w->chain, WAL_MAC);
	crypto_generichash_update(&st, *buf, len - WAL_MAC);
	crypto_generichash_final(&st, mac, WAL_MAC);
	if (sodium_memcmp(mac, *buf + len - WAL_MAC, WAL_MAC) != 0)
		return 0;
	return (int64_t)len;
}

/* Index a verified record at w->end (in buf, len bytes). */
static int record_take(struct wal *w, const uint8_t *buf, uint64_t len)
{
	uint32_t n = le32_get(buf + 24), npages = le32_get(buf + 28), i;

	if (wal_index_reserve(w, npages) != 0)
		return ENOMEM;
	for (i = 0; i < n; i++) {
		const uint8_t *e = buf + WAL_REC_HDR + (size_t)i * WAL_ENTRY;
		uint32_t pgno = le32_get(e);

		if (pgno >= 1 && pgno <= npages)
			w->slot_off[pgno] = w->end + WAL_REC_HDR +
					    (uint64_t)i * WAL_ENTRY + 8;
	}
	wal_index_cut(w, npages);
	memcpy(w->chain, buf + len - WAL_MAC, WAL_MAC);
	w->end += len;
	w->nrec++;
	w->npages = npages;
	return 0;
}

sspf_err redo_recover(struct vfs_ctx *ctx, const char *path, uint64_t *found)
{
	struct wal *w = &ctx->wal;
	uint8_t hdr[WAL_HDR], *buf = NULL;
	size_t bufcap = 0;
	struct stat sb;
	int64_t len;
	int err = 0;

	*found = 0;
	redo_free(ctx);
	w->need_header = 1;
	if (ctx->redo_fd < 0)
		return SSPF_OK;
	if (fstat(ctx->redo_fd, &sb) != 0)
		return err_errno(errno, "reading the redo log of", path);
	w->length = (uint64_t)sb.st_size;
	if (w->length < WAL_HDR) {
		w->ready = 1;
		return SSPF_OK;
	}
	if ((err = io_read_all(ctx->redo_fd, hdr, WAL_HDR, 0)) != 0)
		return err_errno(err, "reading the redo log of", path);
	if (!header_ok(ctx, hdr)) {
		w->ready = 1;
		return SSPF_OK; /* no generation: NAME holds everything */
	}
	w->gen = le64_get(hdr + 16);
	memcpy(w->chain, hdr + 64, WAL_MAC);
	w->end = WAL_HDR;
	w->need_header = 0;
	while ((len = record_next(ctx, w->length, &buf, &bufcap)) > 0)
		if ((err = record_take(w, buf, (uint64_t)len)) != 0)
			break;
	free(buf);
	if (len < 0)
		err = (int)-len;
	if (err == ENOMEM)
		return err_set(SSPF_ERR_NOMEM, "reading the redo log");
	if (err != 0)
		return err_errno(err, "reading the redo log of", path);
	*found = w->nrec;
	w->ready = 1;
	return SSPF_OK;
}

int64_t redo_npages(struct vfs_ctx *ctx)
{
	struct stat sb;

	if (ctx->wal.nrec > 0)
		return ctx->wal.npages;
	if (fstat(ctx->fd, &sb) != 0)
		return -1;
	return file_pages(sb.st_size);
}
