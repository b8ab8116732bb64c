/*
 * fileio.c - the POSIX file helpers of the store (see fileio.h), and the
 * one table of file calls every store module goes through, so that a test
 * can put a fault layer under the store (sspf_store_set_io).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/errors_internal.h"
#include "store/fileio.h"
#include "store/store_internal.h"

static ssize_t posix_pread(int fd, void *buf, size_t n, off_t off)
{
	return pread(fd, buf, n, off);
}

static ssize_t posix_pwrite(int fd, const void *buf, size_t n, off_t off)
{
	return pwrite(fd, buf, n, off);
}

static int posix_fallocate_(int fd, int mode, off_t off, off_t len)
{
	return fallocate(fd, mode, off, len);
}

static int posix_open(const char *path, int flags, mode_t mode)
{
	return open(path, flags, mode);
}

static const struct sspf_io posix_io = {
	.pread = posix_pread,
	.pwrite = posix_pwrite,
	.fsync = fsync,
	.fdatasync = fdatasync,
	.ftruncate = ftruncate,
	.fallocate = posix_fallocate_,
	.rename = rename,
	.open = posix_open,
	.unlink = unlink,
};

/* Not locked: a test swaps it while no store is in use on other threads. */
static const struct sspf_io *io_table = &posix_io;

void sspf_store_set_io(const struct sspf_io *io)
{
	io_table = io != NULL ? io : &posix_io;
}

ssize_t io_pread(int fd, void *buf, size_t n, off_t off)
{
	return io_table->pread(fd, buf, n, off);
}

ssize_t io_pwrite(int fd, const void *buf, size_t n, off_t off)
{
	return io_table->pwrite(fd, buf, n, off);
}

int io_fsync(int fd)
{
	return io_table->fsync(fd);
}

int io_fdatasync(int fd)
{
	return io_table->fdatasync(fd);
}

int io_ftruncate(int fd, off_t length)
{
	return io_table->ftruncate(fd, length);
}

int io_fallocate(int fd, int mode, off_t off, off_t len)
{
	return io_table->fallocate(fd, mode, off, len);
}

int io_rename(const char *from, const char *to)
{
	return io_table->rename(from, to);
}

int io_create(const char *path, int flags, mode_t mode)
{
	return io_table->open(path, flags | O_CREAT, mode);
}

int io_unlink(const char *path)
{
	return io_table->unlink(path);
}

int io_write_all(int fd, const void *buf, size_t len, off_t off)
{
	const uint8_t *p = buf;

	while (len > 0) {
		ssize_t w = io_pwrite(fd, p, len, off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? errno : EIO;
		p += w;
		len -= (size_t)w;
		off += w;
	}
	return 0;
}

int io_read_all(int fd, void *buf, size_t len, off_t off)
{
	uint8_t *p = buf;

	while (len > 0) {
		ssize_t r = io_pread(fd, p, len, off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r < 0 ? errno : EIO;
		p += r;
		len -= (size_t)r;
		off += r;
	}
	return 0;
}

int io_sync_dir_of(const char *path)
{
	char *copy = strdup(path);
	int fd, rc = -1;

	if (copy == NULL)
		return -1;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		rc = io_fsync(fd);
		close(fd);
	}
	free(copy);
	return rc;
}

sspf_err io_make_parents(const char *path)
{
	char *copy = strdup(path);
	char *p;

	if (copy == NULL)
		return err_set(SSPF_ERR_NOMEM, "making the folder for %s",
			       path);
	for (p = strchr(copy + 1, '/'); p != NULL; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
			sspf_err e =
				err_errno(errno, "making the folder", copy);
			free(copy);
			return e;
		}
		*p = '/';
	}
	free(copy);
	return SSPF_OK;
}

char *io_redo_path(const char *path)
{
	size_t n = strlen(path);
	char *p = malloc(n + sizeof "-redo");

	if (p != NULL) {
		memcpy(p, path, n);
		memcpy(p + n, "-redo", sizeof "-redo");
	}
	return p;
}
