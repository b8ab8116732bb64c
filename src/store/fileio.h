/*
 * fileio.h - the few POSIX file helpers the store shares: whole reads and
 * writes that survive EINTR and short transfers, durable folder entries,
 * the folders of a new database, the name of the redo log.
 */
#ifndef SSPF_STORE_FILEIO_H
#define SSPF_STORE_FILEIO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <sspf/error.h>

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
