/*
 * wal.h - the write-ahead log NAME-redo as redo.c and redo_scan.c see it:
 * its layout constants (contrib/FORMAT.md, "The write-ahead log") and the
 * in-memory state of an open log. Nothing outside src/store/ includes it.
 */
#ifndef SSPF_STORE_WAL_H
#define SSPF_STORE_WAL_H

#include <stddef.h>
#include <stdint.h>

#define WAL_MAGIC "sspf-wl"
#define WAL_REC_MAGIC "sspf-tx"
#define WAL_VERSION 2u
#define WAL_HDR 512u	  /* the header sector; records start here */
#define WAL_HDR_MACED 64u /* the MAC stands at 64; it covers the rest */
#define WAL_REC_HDR 64u
#define WAL_ENTRY (8u + SSPF_PAGE_SLOT)
#define WAL_MAC 32u
#define WAL_GROW ((uint64_t)1 << 20) /* the log grows by whole MiB */
#define WAL_CHECKPOINT_DEFAULT ((size_t)4 << 20)
#define WAL_MAX_ENTRIES (1u << 22) /* sanity bound of one record */

/* The open log: which pages it holds and where the next record goes. */
struct wal {
	uint64_t *slot_off; /* pgno -> offset of its newest slot; 0: not in
			       the log. malloc'ed, cap entries */
	size_t cap;
	uint32_t npages;   /* page count after the last record (nrec > 0) */
	uint64_t nrec;	   /* records of this generation */
	uint64_t gen;	   /* generation of the header */
	uint64_t end;	   /* offset of the next record */
	uint64_t length;   /* the log file's length as this process made it */
	uint64_t retry_at; /* a failed checkpoint waits until end passes */
	uint8_t chain[WAL_MAC]; /* MAC of the header or the last record */
	int ready;		/* recovered: the log may be written */
	int need_header;	/* a new header must be durable first */
	int tail_uncertain;	/* a failed record could not be erased */
};

#endif
