/*
 * faultio.h - a fault layer for the tests, put under the store with
 * sspf_store_set_io (store_internal.h). It passes every call to the real
 * file, counts the calls (1, 2, 3, ... from fio_install), and can
 *
 * - cut the power at call N: every write, truncation, rename, creation
 *   or removal of a file not yet made durable by an fsync/fdatasync (of
 *   the file, or of a folder for names) is undone (or some of them are
 *   kept, or the last is torn after 512*j bytes), then the process ends
 *   with _exit(FIO_EXIT_CUT). Only ever in a forked child;
 * - fail calls of some kinds with an errno from call N on: the first
 *   one once (EIO), or every one until fio_fail_stop (ENOSPC, EROFS).
 *
 * One process, one thread; the state is global. Memory of the undo
 * records is the layer's own, freed by fio_uninstall.
 */
#ifndef SSPF_TEST_FAULTIO_H
#define SSPF_TEST_FAULTIO_H

#include <stdint.h>

/* Kinds of call, as bits. */
enum {
	FIO_READ = 1u << 0,   /* pread */
	FIO_WRITE = 1u << 1,  /* pwrite */
	FIO_SYNC = 1u << 2,   /* fsync, fdatasync */
	FIO_TRUNC = 1u << 3,  /* ftruncate */
	FIO_ALLOC = 1u << 4,  /* fallocate */
	FIO_RENAME = 1u << 5, /* rename */
	FIO_CREATE = 1u << 6, /* open with O_CREAT */
	FIO_UNLINK = 1u << 7, /* unlink */
	FIO_ANY = (1u << 8) - 1,
	/* what a medium that turned read-only refuses */
	FIO_MUTATE = FIO_WRITE | FIO_SYNC | FIO_TRUNC | FIO_ALLOC | FIO_RENAME |
		     FIO_CREATE | FIO_UNLINK,
};

/* How a power cut leaves the unsynced writes. */
enum fio_cut {
	FIO_CUT_DROP,	 /* none of them reached the disk */
	FIO_CUT_TORN,	 /* all earlier ones did; call N, a write, only its
			    first 512*j bytes */
	FIO_CUT_REORDER, /* a random subset did (seeded): an earlier one may
			    be lost while a later one is kept */
};

/* Exit status of a child whose power was cut. */
#define FIO_EXIT_CUT 77

/* Flags of fio_fail. */
enum {
	FIO_ONCE = 0,	     /* only the first matching call fails */
	FIO_PERSIST = 1u,    /* the nth and every later one, until stopped */
	FIO_ALLOCATING = 2u, /* count only calls that need new disk space:
				writes and reservations past what the file
				holds or has reserved (a full disk) */
};

/* Put the layer under the store; counters and records start empty. */
void fio_install(void);
/* Put POSIX back and free the records. */
void fio_uninstall(void);

/* Calls made since fio_install. */
long fio_calls(void);
/* Kind (FIO_READ ...) of call n (1-based; the first 65536 are kept), or 0. */
unsigned fio_kind_of(long n);
/* A name for a kind: "read", "write", "sync", ... */
const char *fio_kind_name(unsigned kind);

/*
 * Cut the power when call n is about to be made (n counted from
 * fio_install). tear_sectors is j for FIO_CUT_TORN; seed drives
 * FIO_CUT_REORDER (and the tear of its last write).
 */
void fio_cut_at(long n, enum fio_cut how, unsigned tear_sectors, uint64_t seed);

/*
 * Fail calls of the given kinds with err from the nth call from now on
 * (1-based, every kind counted): the first such call once, or with
 * FIO_PERSIST every one until fio_fail_stop.
 */
void fio_fail(unsigned kinds, long nth, int err, unsigned flags);
/* No more failures (the space came back, the medium is writable). */
void fio_fail_stop(void);
/* Calls the current or last rule failed. */
long fio_failed(void);

#endif
