/*
 * faultio_disk.h - the disk of the fault layer (faultio_disk.c), for
 * faultio.c only: the changes made to real files, remembered until they
 * are durable, and what a power cut leaves of them. Tests use faultio.h.
 */
#ifndef SSPF_TEST_FAULTIO_DISK_H
#define SSPF_TEST_FAULTIO_DISK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "faultio.h"

/* pwrite, ftruncate, rename, open(O_CREAT), unlink made and remembered;
 * POSIX results. */
ssize_t disk_write(int fd, const void *buf, size_t n, off_t off);
int disk_trunc(int fd, off_t length);
int disk_rename(const char *from, const char *to);
int disk_create(const char *path, int flags, mode_t mode);
int disk_unlink(const char *path);
/* A sync of fd (a file, or a folder for names) succeeded. */
void disk_durable(int fd);
/* Whether data up to end in fd's file needs new space: past its length
 * and past what fallocate reserved (disk_reserved). */
int disk_allocating(int fd, off_t end);
void disk_reserved(int fd, off_t end);

/*
 * The power goes as call (kind, fd, buf, n, off, from, to) is about to be
 * made: the disk is left as how says (faultio.h), and the process ends
 * with _exit(FIO_EXIT_CUT).
 */
_Noreturn void disk_cut(enum fio_cut how, unsigned tear, uint64_t seed,
			unsigned kind, int fd, const void *buf, size_t n,
			off_t off, const char *from, const char *to);

/* Forget every record and close the dup'ed descriptors. */
void disk_reset(void);

#endif
