/*
 * fileio.c - the POSIX file helpers of the store (see fileio.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/errors_internal.h"
#include "store/fileio.h"

int io_write_all(int fd, const void *buf, size_t len, off_t off)
{
	const uint8_t *p = buf;

	while (len > 0) {
		ssize_t w = pwrite(fd, p, len, off);

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
		ssize_t r = pread(fd, p, len, off);

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
		rc = fsync(fd);
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
