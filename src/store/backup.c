/*
 * backup.c - `sspf backup`: a consistent encrypted copy of an open
 * database, written through SQLite's backup API into a new file with the
 * same data key and keyslots but a file id of its own, under a temporary
 * name in the destination's folder, then renamed into place.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "store/errors_internal.h"
#include "store/fileio.h"
#include "store/store_internal.h"
#include "store/store_priv.h"

static sspf_err backup_into(struct sspf_store *src, struct sspf_store *dst)
{
	sqlite3_backup *b;
	int rc;

	b = sqlite3_backup_init(dst->db, "main", src->db, "main");
	if (b == NULL)
		return sspf_store_sqlerr(dst, sqlite3_errcode(dst->db),
					 "starting the backup");
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		if (src->ctx.bad_page != 0)
			return sspf_store_sqlerr(src, rc, "backup");
		return sspf_store_sqlerr(dst, rc, "writing the backup");
	}
	return SSPF_OK;
}

sspf_err sspf_store_backup(sspf_store *st, const char *dest, unsigned flags)
{
	struct sspf_store *dst;
	char *tmp, *tmp_redo = NULL;
	uint64_t found;
	sspf_err e;
	int fd;

	err_clear();
	if (st->db == NULL)
		return err_set(SSPF_ERR_DAMAGED, "%s cannot be read",
			       st->user_path);
	if (!(flags & SSPF_BACKUP_OVERWRITE) && access(dest, F_OK) == 0)
		return err_set(SSPF_ERR_EXISTS,
			       "%s exists already and was not touched", dest);
	if ((tmp = malloc(strlen(dest) + sizeof ".tmp-0123456789abcdef")) ==
	    NULL)
		return err_set(SSPF_ERR_NOMEM, "backing up");
	do { /* mkostemp, through the file-call table */
		sprintf(tmp, "%s.tmp-%08x%08x", dest, randombytes_random(),
			randombytes_random());
		fd = io_create(tmp, O_RDWR | O_EXCL | O_CLOEXEC | O_NOCTTY,
			       0600);
	} while (fd < 0 && errno == EEXIST);
	if (fd < 0) {
		e = err_errno(errno, "writing the backup", dest);
		free(tmp);
		return e;
	}
	if ((dst = store_new(tmp, 0)) == NULL) {
		close(fd);
		(void)io_unlink(tmp);
		free(tmp);
		return err_set(SSPF_ERR_NOMEM, "backing up");
	}
	/* same data key and keyslots, a file id of its own */
	memcpy(dst->keys, st->keys, sizeof *dst->keys);
	dst->hdr = st->hdr;
	dst->hdr.seq = 1;
	randombytes_buf(dst->hdr.file_id, sizeof dst->hdr.file_id);
	dst->ctx.fd = fd;
	tmp_redo = io_redo_path(tmp);
	if (dst->ctx.fd < 0)
		e = err_errno(errno, "writing the backup", tmp);
	else if (fchmod(dst->ctx.fd, 0600) != 0 ||
		 flock(dst->ctx.fd, LOCK_EX | LOCK_NB) != 0)
		e = err_errno(errno, "writing the backup", tmp);
	else if ((e = store_write_header(dst)) == SSPF_OK &&
		 (e = store_open_redo(dst, &found)) == SSPF_OK &&
		 (e = store_open_sqlite(dst, 1)) == SSPF_OK)
		e = backup_into(st, dst);
	/* the copy's pages are in its own log: into the file with them */
	if (e == SSPF_OK && redo_checkpoint(&dst->ctx, 1) != 0)
		e = err_errno(dst->ctx.last_errno, "writing the backup", tmp);
	if (e == SSPF_OK && io_fsync(dst->ctx.fd) != 0)
		e = err_errno(errno, "writing the backup", tmp);
	sspf_store_close(dst);
	if (e == SSPF_OK && io_rename(tmp, dest) != 0)
		e = err_errno(errno, "writing the backup", dest);
	if (e == SSPF_OK && io_sync_dir_of(dest) != 0)
		e = err_errno(errno, "writing the backup", dest);
	if (e != SSPF_OK)
		(void)io_unlink(tmp);
	if (tmp_redo != NULL)
		(void)io_unlink(tmp_redo);
	free(tmp_redo);
	free(tmp);
	return e;
}
