/*
 * workload.h - the one SQL workload that sspf-bench runs on plain SQLite
 * and on sspf's encrypted store, and sqlcipher-bench on SQLCipher.
 * workload.c is compiled into both programs, each against its own
 * sqlite3.h (SQLCipher's clashes with SQLite's, so they never meet in one
 * program).
 */
#ifndef SSPF_BENCH_WORKLOAD_H
#define SSPF_BENCH_WORKLOAD_H

#include <sqlite3.h>

/* Seconds spent in each kind of work, and all of it. */
typedef struct wl_times {
	double insert, read, scan, update, total;
	long rows; /* rows in the table at the end */
} wl_times;

/*
 * Set a fresh connection up as sspf's store sets its own up (page size
 * 4096, secure_delete, synchronous FULL, temp_store in memory, no mmap)
 * with journal mode journal ("MEMORY" as the store, "WAL", "DELETE").
 * Returns an SQLite result code.
 */
int workload_setup(sqlite3 *db, const char *journal);

/*
 * Create the workload's tables in db and run the mixed workload at scale
 * (1: 100,000 rows inserted in transactions of 100, 50,000 point reads,
 * 2,000 range scans, 20,000 updates in transactions of 50, interleaved
 * in ten rounds). Deterministic. Returns an SQLite result code.
 */
int workload_run(sqlite3 *db, double scale, wl_times *t);

/* Print t as one line "workload NAME total=... insert=..." to stdout. */
void workload_print(const char *name, const wl_times *t);

#endif
