/*
 * faultshim.c - a test-only LD_PRELOAD library for the screens' test
 * (tests/tui/test_tui.sh, scenario "disk"): the disk under the database
 * fills up, or the medium turns read-only, while sspf is open. It is
 * never linked into sspf; the shipped binary has no such switch.
 *
 * While the file named by SSPF_FAULT_TRIGGER exists, every write, sync
 * or truncation of a file under the folder SSPF_FAULT_DIR fails with the
 * errno SSPF_FAULT_ERRNO names (ENOSPC or EROFS); reads and every other
 * file (the terminal) are left alone. Removing the trigger file is the
 * space coming back (or the medium being writable again).
 */
/* both names of each call are defined here: no renaming by the header */
#undef _FILE_OFFSET_BITS
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/* Whether fd's file lies under SSPF_FAULT_DIR while the trigger exists;
   the errno to fail with, or 0. */
static int fault_for(int fd)
{
	const char *dir = getenv("SSPF_FAULT_DIR");
	const char *trigger = getenv("SSPF_FAULT_TRIGGER");
	const char *name = getenv("SSPF_FAULT_ERRNO");
	char link[64], target[PATH_MAX];
	ssize_t n;

	if (dir == NULL || trigger == NULL || name == NULL ||
	    access(trigger, F_OK) != 0)
		return 0;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof target - 1);
	if (n <= 0)
		return 0;
	target[n] = '\0';
	if (strncmp(target, dir, strlen(dir)) != 0)
		return 0;
	return strcmp(name, "EROFS") == 0 ? EROFS : ENOSPC;
}

/* The libc function name, looked up once. */
#define REAL(type, name, args)          \
	static type(*real_##name) args; \
	if (real_##name == NULL)        \
	real_##name = (type(*) args)dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void *buf, size_t n)
{
	REAL(ssize_t, write, (int, const void *, size_t));
	int e = fault_for(fd);

	if (e != 0) {
		errno = e;
		return -1;
	}
	return real_write(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	REAL(ssize_t, pwrite, (int, const void *, size_t, off_t));
	int e = fault_for(fd);

	if (e != 0) {
		errno = e;
		return -1;
	}
	return real_pwrite(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
	REAL(ssize_t, pwrite64, (int, const void *, size_t, off64_t));
	int e = fault_for(fd);

	if (e != 0) {
		errno = e;
		return -1;
	}
	return real_pwrite64(fd, buf, n, off);
}

int fdatasync(int fd)
{
	REAL(int, fdatasync, (int));
	int e = fault_for(fd);

	if (e != 0) {
		errno = e;
		return -1;
	}
	return real_fdatasync(fd);
}

int fsync(int fd)
{
	REAL(int, fsync, (int));
	int e = fault_for(fd);

	if (e != 0) {
		errno = e;
		return -1;
	}
	return real_fsync(fd);
}

int ftruncate(int fd, off_t len)
{
	REAL(int, ftruncate, (int, off_t));
	int e = fault_for(fd);

	if (e != 0) {
		errno = e;
		return -1;
	}
	return real_ftruncate(fd, len);
}

int ftruncate64(int fd, off64_t len)
{
	REAL(int, ftruncate64, (int, off64_t));
	int e = fault_for(fd);

	if (e != 0) {
		errno = e;
		return -1;
	}
	return real_ftruncate64(fd, len);
}
