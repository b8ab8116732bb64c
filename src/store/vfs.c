/*
 * vfs.c - the encrypting SQLite VFS: where a page is encrypted.
 *
 * SQLite sees a plain database of 4096-byte pages. This VFS keeps each page
 * in the file as an XChaCha20-Poly1305 slot (page_seal/page_open) and holds
 * the pages SQLite writes in memory until xSync, SQLite's commit point, when
 * redo.c appends them to the write-ahead log with one sync. A committed
 * page is read from the log while it is there, else from the file. A
 * rollback (the lock drops without xSync) drops the pending pages. Only
 * the main database is a real file: temporary files SQLite asks for live
 * in wiped memory, and journals or WAL files are refused, so no plaintext
 * can reach the disk through SQLite.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "store/fileio.h"
#include "store/vfs.h"

/* Associated data of a page slot: file id and page number. */
static void page_ad(uint8_t ad[SSPF_FILE_ID_SIZE + 4],
		    const uint8_t file_id[SSPF_FILE_ID_SIZE], uint32_t pgno)
{
	memcpy(ad, file_id, SSPF_FILE_ID_SIZE);
	le32_put(ad + SSPF_FILE_ID_SIZE, pgno);
}

void page_seal(const sspf_keys *k, const uint8_t file_id[SSPF_FILE_ID_SIZE],
	       uint32_t pgno, const uint8_t *plain, uint8_t *slot)
{
	uint8_t ad[SSPF_FILE_ID_SIZE + 4];

	page_ad(ad, file_id, pgno);
	randombytes_buf(slot, SSPF_NONCE_SIZE);
	crypto_aead_xchacha20poly1305_ietf_encrypt_detached(
		slot + SSPF_NONCE_SIZE, slot + SSPF_NONCE_SIZE + SSPF_PAGE_SIZE,
		NULL, plain, SSPF_PAGE_SIZE, ad, sizeof ad, NULL, slot,
		k->page);
}

int page_open(const sspf_keys *k, const uint8_t file_id[SSPF_FILE_ID_SIZE],
	      uint32_t pgno, const uint8_t *slot, uint8_t *plain)
{
	uint8_t ad[SSPF_FILE_ID_SIZE + 4];

	page_ad(ad, file_id, pgno);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt_detached(
		    plain, NULL, slot + SSPF_NONCE_SIZE, SSPF_PAGE_SIZE,
		    slot + SSPF_NONCE_SIZE + SSPF_PAGE_SIZE, ad, sizeof ad,
		    slot, k->page) != 0) {
		sodium_memzero(plain, SSPF_PAGE_SIZE);
		return -1;
	}
	return 0;
}

int64_t file_pages(int64_t length)
{
	if (length < (int64_t)SSPF_HDR_AREA ||
	    (length - SSPF_HDR_AREA) % SSPF_PAGE_SLOT != 0)
		return -1;
	return (length - SSPF_HDR_AREA) / SSPF_PAGE_SLOT;
}

/* ---- the pages of the transaction in progress: pgno -> plaintext ---- */

struct pending {
	uint32_t *keys;	 /* 0 = empty */
	uint8_t **pages; /* SSPF_PAGE_SIZE each */
	size_t cap;	 /* power of two */
	size_t count;
};

static size_t pend_index(const struct pending *p, uint32_t pgno)
{
	size_t i = (pgno * 2654435761u) & (p->cap - 1);

	while (p->keys[i] != 0 && p->keys[i] != pgno)
		i = (i + 1) & (p->cap - 1);
	return i;
}

static uint8_t *pend_get(const struct pending *p, uint32_t pgno)
{
	size_t i;

	if (p->count == 0)
		return NULL;
	i = pend_index(p, pgno);
	return p->keys[i] == pgno ? p->pages[i] : NULL;
}

/* Put an existing buffer in; the table must have room. */
static void pend_insert(struct pending *p, uint32_t pgno, uint8_t *page)
{
	size_t i = pend_index(p, pgno);

	p->keys[i] = pgno;
	p->pages[i] = page;
	p->count++;
}

static int pend_grow(struct pending *p)
{
	struct pending n = { 0 };
	size_t i;

	n.cap = p->cap ? p->cap * 2 : 64;
	n.keys = calloc(n.cap, sizeof *n.keys);
	n.pages = calloc(n.cap, sizeof *n.pages);
	if (n.keys == NULL || n.pages == NULL) {
		free(n.keys);
		free(n.pages);
		return -1;
	}
	for (i = 0; i < p->cap; i++)
		if (p->keys[i] != 0)
			pend_insert(&n, p->keys[i], p->pages[i]);
	free(p->keys);
	free(p->pages);
	*p = n;
	return 0;
}

/* The buffer for pgno, made (zeroed) if new; NULL when out of memory. */
static uint8_t *pend_put(struct pending *p, uint32_t pgno, int *created)
{
	uint8_t *page;

	*created = 0;
	if ((page = pend_get(p, pgno)) != NULL)
		return page;
	if ((p->count + 1) * 2 > p->cap && pend_grow(p) != 0)
		return NULL;
	if ((page = calloc(1, SSPF_PAGE_SIZE)) == NULL)
		return NULL;
	pend_insert(p, pgno, page);
	*created = 1;
	return page;
}

static void page_free(uint8_t *page)
{
	sodium_memzero(page, SSPF_PAGE_SIZE);
	free(page);
}

/* Drop the pages above npages (all if npages is 0); -1 if out of memory. */
static int pend_drop_above(struct pending *p, uint32_t npages)
{
	struct pending keep = { 0 };
	size_t i;

	if (npages > 0 && p->count > 0) {
		keep.cap = p->cap;
		keep.keys = calloc(keep.cap, sizeof *keep.keys);
		keep.pages = calloc(keep.cap, sizeof *keep.pages);
		if (keep.keys == NULL || keep.pages == NULL) {
			free(keep.keys);
			free(keep.pages);
			return -1;
		}
	}
	for (i = 0; i < p->cap; i++) {
		if (p->keys[i] == 0)
			continue;
		if (p->keys[i] > npages)
			page_free(p->pages[i]);
		else
			pend_insert(&keep, p->keys[i], p->pages[i]);
	}
	free(p->keys);
	free(p->pages);
	*p = keep;
	return 0;
}

/* ---- the main database file ---- */

struct main_file {
	sqlite3_file base;
	struct vfs_ctx *ctx;
	struct pending pend;
	uint32_t npages;      /* committed pages in the file */
	uint32_t pend_npages; /* size SQLite sees, with pending changes */
	int dirty;	      /* pending pages or a size change */
	int lock;
	uint8_t *slot;	/* scratch: one slot as read from the file */
	uint8_t *plain; /* scratch: one decrypted page */
};

static void main_discard(struct main_file *f)
{
	(void)pend_drop_above(&f->pend, 0); /* cannot fail for 0 */
	f->pend_npages = f->npages;
	f->dirty = 0;
}

static int main_close(sqlite3_file *file)
{
	struct main_file *f = (struct main_file *)file;

	main_discard(f);
	if (f->plain != NULL)
		page_free(f->plain);
	free(f->slot);
	f->plain = f->slot = NULL;
	return SQLITE_OK;
}

/* Read committed page pgno (from the log or the file) into plain. */
static int main_read_page(struct main_file *f, uint32_t pgno, uint8_t *plain)
{
	int err;

	if (pgno > f->npages) {
		memset(plain, 0, SSPF_PAGE_SIZE);
		return SQLITE_OK;
	}
	err = redo_read_slot(f->ctx, pgno, f->slot);
	if (err != 0) {
		f->ctx->bad_page = err < 0 ? pgno : 0;
		return err < 0 ? SQLITE_IOERR_DATA : SQLITE_IOERR_READ;
	}
	if (page_open(f->ctx->keys, f->ctx->file_id, pgno, f->slot, plain) !=
	    0) {
		f->ctx->bad_page = pgno;
		return SQLITE_IOERR_DATA;
	}
	return SQLITE_OK;
}

static int main_read(sqlite3_file *file, void *buf, int amt, sqlite3_int64 off)
{
	struct main_file *f = (struct main_file *)file;
	uint8_t *out = buf;
	int rc = SQLITE_OK;
	int64_t end = off + amt;

	while (off < end) {
		uint32_t pgno = (uint32_t)(off / SSPF_PAGE_SIZE) + 1;
		size_t in = (size_t)(off % SSPF_PAGE_SIZE);
		size_t n = SSPF_PAGE_SIZE - in;
		const uint8_t *src;

		if ((int64_t)n > end - off)
			n = (size_t)(end - off);
		if (pgno > f->pend_npages) {
			memset(out, 0, (size_t)(end - off));
			rc = SQLITE_IOERR_SHORT_READ;
			break;
		}
		src = pend_get(&f->pend, pgno);
		if (src == NULL) {
			rc = main_read_page(f, pgno, f->plain);
			if (rc != SQLITE_OK)
				break;
			src = f->plain;
		}
		memcpy(out, src + in, n);
		out += n;
		off += (int64_t)n;
	}
	return rc;
}

static int main_write(sqlite3_file *file, const void *buf, int amt,
		      sqlite3_int64 off)
{
	struct main_file *f = (struct main_file *)file;
	const uint8_t *in = buf;
	int64_t end = off + amt;

	if (f->ctx->readonly)
		return SQLITE_READONLY;
	while (off < end) {
		uint32_t pgno = (uint32_t)(off / SSPF_PAGE_SIZE) + 1;
		size_t at = (size_t)(off % SSPF_PAGE_SIZE);
		size_t n = SSPF_PAGE_SIZE - at;
		int created;
		uint8_t *page;

		if ((int64_t)n > end - off)
			n = (size_t)(end - off);
		if ((page = pend_put(&f->pend, pgno, &created)) == NULL)
			return SQLITE_IOERR_NOMEM;
		if (created && n < SSPF_PAGE_SIZE && pgno <= f->pend_npages) {
			int rc = main_read_page(f, pgno, page);
			if (rc != SQLITE_OK)
				return rc;
		}
		memcpy(page + at, in, n);
		if (pgno > f->pend_npages)
			f->pend_npages = pgno;
		f->dirty = 1;
		in += n;
		off += (int64_t)n;
	}
	return SQLITE_OK;
}

static int main_flush(struct main_file *f);

static int main_truncate(sqlite3_file *file, sqlite3_int64 size)
{
	struct main_file *f = (struct main_file *)file;
	uint32_t npages =
		(uint32_t)((size + SSPF_PAGE_SIZE - 1) / SSPF_PAGE_SIZE);

	if (f->ctx->readonly)
		return SQLITE_READONLY;
	if (npages < f->npages && !f->dirty) {
		/*
		 * SQLite shrinks the file outside a transaction (after a
		 * commit): log the new size as a commit of its own. NAME is
		 * cut at the next checkpoint.
		 */
		int rc;

		f->pend_npages = npages;
		f->dirty = 1;
		rc = main_flush(f);
		return rc == SQLITE_OK ? SQLITE_OK : SQLITE_IOERR_TRUNCATE;
	}
	if (npages < f->pend_npages) {
		if (pend_drop_above(&f->pend, npages) != 0)
			return SQLITE_IOERR_NOMEM;
		f->pend_npages = npages;
		f->dirty = 1;
	}
	return SQLITE_OK;
}

static int cmp_pgno(const void *a, const void *b)
{
	const struct redo_page *x = a, *y = b;

	return (x->pgno > y->pgno) - (x->pgno < y->pgno);
}

/* Write the pending transaction through the redo log. */
static int main_flush(struct main_file *f)
{
	struct redo_page *list;
	size_t n = 0, i;
	uint32_t pgno;
	int rc;

	if (!f->dirty)
		return SQLITE_OK;
	/* Every page up to the new size that is not in the file yet. */
	list = calloc(f->pend.count +
			      (f->pend_npages > f->npages
				       ? f->pend_npages - f->npages
				       : 0) +
			      1,
		      sizeof *list);
	if (list == NULL)
		return SQLITE_IOERR_NOMEM;
	for (i = 0; i < f->pend.cap; i++) {
		if (f->pend.keys[i] != 0) {
			list[n].pgno = f->pend.keys[i];
			list[n++].plain = f->pend.pages[i];
		}
	}
	for (pgno = f->npages + 1; pgno <= f->pend_npages; pgno++) {
		if (pend_get(&f->pend, pgno) == NULL) {
			list[n].pgno = pgno;
			list[n++].plain = NULL;
		}
	}
	qsort(list, n, sizeof *list, cmp_pgno);
	rc = redo_commit(f->ctx, list, n, f->pend_npages);
	free(list);
	if (rc == SQLITE_OK)
		f->npages = f->pend_npages;
	main_discard(f);
	return rc;
}

static int main_sync(sqlite3_file *file, int flags)
{
	(void)flags;
	return main_flush((struct main_file *)file);
}

static int main_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
	struct main_file *f = (struct main_file *)file;

	*size = (sqlite3_int64)f->pend_npages * SSPF_PAGE_SIZE;
	return SQLITE_OK;
}

static int main_lock(sqlite3_file *file, int level)
{
	((struct main_file *)file)->lock = level;
	return SQLITE_OK;
}

/* Dropping below RESERVED without xSync is a rollback: forget the pages. */
static int main_unlock(sqlite3_file *file, int level)
{
	struct main_file *f = (struct main_file *)file;

	if (level < SQLITE_LOCK_RESERVED && f->dirty)
		main_discard(f);
	f->lock = level;
	return SQLITE_OK;
}

static int main_check_reserved(sqlite3_file *file, int *out)
{
	*out = ((struct main_file *)file)->lock >= SQLITE_LOCK_RESERVED;
	return SQLITE_OK;
}

static int main_file_control(sqlite3_file *file, int op, void *arg)
{
	switch (op) {
	case SQLITE_FCNTL_SYNC_OMITTED:
		/* never left out: a commit is a commit */
		return main_flush((struct main_file *)file);
	case SQLITE_FCNTL_HAS_MOVED:
		*(int *)arg = 0;
		return SQLITE_OK;
	default:
		return SQLITE_NOTFOUND;
	}
}

static int main_sector_size(sqlite3_file *file)
{
	(void)file;
	return SSPF_PAGE_SIZE;
}

static int main_device_characteristics(sqlite3_file *file)
{
	(void)file;
	return SQLITE_IOCAP_POWERSAFE_OVERWRITE;
}

static const sqlite3_io_methods main_methods = {
	.iVersion = 1,
	.xClose = main_close,
	.xRead = main_read,
	.xWrite = main_write,
	.xTruncate = main_truncate,
	.xSync = main_sync,
	.xFileSize = main_file_size,
	.xLock = main_lock,
	.xUnlock = main_unlock,
	.xCheckReservedLock = main_check_reserved,
	.xFileControl = main_file_control,
	.xSectorSize = main_sector_size,
	.xDeviceCharacteristics = main_device_characteristics,
};

/* ---- the VFS object ---- */

static struct vfs_ctx *ctx_of(sqlite3_vfs *vfs)
{
	return vfs->pAppData;
}

static int vfs_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file,
		    int flags, int *out_flags)
{
	struct vfs_ctx *ctx = ctx_of(vfs);

	file->pMethods = NULL;
	if (flags & SQLITE_OPEN_MAIN_DB) {
		struct main_file *f = (struct main_file *)file;
		int64_t pages;

		if (name == NULL || strcmp(name, ctx->path) != 0)
			return SQLITE_CANTOPEN;
		if ((pages = redo_npages(ctx)) < 0)
			return SQLITE_CANTOPEN;
		memset(f, 0, sizeof *f);
		f->slot = malloc(SSPF_PAGE_SLOT);
		f->plain = malloc(SSPF_PAGE_SIZE);
		if (f->slot == NULL || f->plain == NULL) {
			free(f->slot);
			free(f->plain);
			return SQLITE_NOMEM;
		}
		f->ctx = ctx;
		f->npages = f->pend_npages = (uint32_t)pages;
		if (out_flags != NULL)
			*out_flags = ctx->readonly ? SQLITE_OPEN_READONLY
						   : SQLITE_OPEN_READWRITE;
		file->pMethods = &main_methods;
		return SQLITE_OK;
	}
	if (flags & (SQLITE_OPEN_TEMP_DB | SQLITE_OPEN_TEMP_JOURNAL |
		     SQLITE_OPEN_SUBJOURNAL | SQLITE_OPEN_TRANSIENT_DB)) {
		return memfile_open(file, flags, out_flags);
	}
	/* rollback journal, WAL, super-journal: never on disk */
	return SQLITE_CANTOPEN;
}

static int vfs_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	(void)sync_dir;
	if (strcmp(name, ctx_of(vfs)->path) == 0)
		return SQLITE_IOERR_DELETE;
	return SQLITE_OK; /* nothing but the main file exists on disk */
}

static int vfs_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	struct vfs_ctx *ctx = ctx_of(vfs);

	*out = strcmp(name, ctx->path) == 0 &&
	       (flags != SQLITE_ACCESS_READWRITE || !ctx->readonly);
	return SQLITE_OK;
}

static int vfs_full_pathname(sqlite3_vfs *vfs, const char *name, int n,
			     char *out)
{
	sqlite3_vfs *base = sqlite3_vfs_find(NULL);

	(void)vfs;
	return base->xFullPathname(base, name, n, out);
}

static int vfs_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	randombytes_buf(out, (size_t)n);
	return n;
}

static int vfs_sleep(sqlite3_vfs *vfs, int micro)
{
	sqlite3_vfs *base = sqlite3_vfs_find(NULL);

	(void)vfs;
	return base->xSleep(base, micro);
}

static int vfs_current_time(sqlite3_vfs *vfs, double *out)
{
	sqlite3_vfs *base = sqlite3_vfs_find(NULL);

	(void)vfs;
	return base->xCurrentTime(base, out);
}

static int vfs_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	sqlite3_vfs *base = sqlite3_vfs_find(NULL);

	(void)vfs;
	return base->xCurrentTimeInt64(base, out);
}

static int vfs_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	if (n > 0)
		out[0] = '\0';
	return 0;
}

int vfs_register(struct vfs_ctx *ctx)
{
	static const sqlite3_vfs proto = {
		.iVersion = 2,
		.szOsFile =
			(int)(sizeof(struct main_file) > sizeof(struct mem_file)
				      ? sizeof(struct main_file)
				      : sizeof(struct mem_file)),
		.mxPathname = 4096,
		.xOpen = vfs_open,
		.xDelete = vfs_delete,
		.xAccess = vfs_access,
		.xFullPathname = vfs_full_pathname,
		.xRandomness = vfs_randomness,
		.xSleep = vfs_sleep,
		.xCurrentTime = vfs_current_time,
		.xGetLastError = vfs_last_error,
		.xCurrentTimeInt64 = vfs_current_time64,
	};
	static unsigned long serial;

	ctx->vfs = proto;
	snprintf(ctx->name, sizeof ctx->name, "sspf-%p-%lu", (void *)ctx,
		 __atomic_add_fetch(&serial, 1, __ATOMIC_RELAXED));
	ctx->vfs.zName = ctx->name;
	ctx->vfs.pAppData = ctx;
	return sqlite3_vfs_register(&ctx->vfs, 0);
}

void vfs_unregister(struct vfs_ctx *ctx)
{
	sqlite3_vfs_unregister(&ctx->vfs);
}
