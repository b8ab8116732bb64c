/*
 * fileio.h - the few POSIX file helpers the store shares: whole reads and
 * writes that survive EINTR and short transfers, durable folder entries,
 * the folders of a new database, the name of the redo log.
 *
 * Every call of the store that reads, writes, syncs, truncates, reserves,
 * renames, creates or removes a file goes through io_pread ... io_unlink
 * (opening an existing file does not), which call the
 * table set by sspf_store_set_io (store_internal.h): POSIX unless a test
 * put its fault layer there (tests/faultio.c).
 */
#ifndef SSPF_STORE_FILEIO_H
#define SSPF_STORE_FILEIO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <sspf/error.h>

/* The calls of the current table; each behaves as its POSIX namesake. */
ssize_t io_pread(int fd, void *buf, size_t n, off_t off);
ssize_t io_pwrite(int fd, const void *buf, size_t n, off_t off);
int io_fsync(int fd);
int io_fdatasync(int fd);
int io_ftruncate(int fd, off_t length);
int io_fallocate(int fd, int mode, off_t off, off_t len);
int io_rename(const char *from, const char *to);
/* open(path, flags | O_CREAT, mode): a file the store may make. */
int io_create(const char *path, int flags, mode_t mode);
int io_unlink(const char *path);

/* Write or read exactly len bytes at off; 0 or an errno value. */
int io_write_all(int fd, const void *buf, size_t len, off_t off);
int io_read_all(int fd, void *buf, size_t len, off_t off);

/* fsync the folder holding path, so that a new name in it is durable. */
int io_sync_dir_of(const char *path);

/* Make the missing folders above path, each with mode 0700. */
sspf_err io_make_parents(const char *path);

/* "path-redo", malloc'ed (caller frees), or NULL. */
char *io_redo_path(const char *path);

#endif
