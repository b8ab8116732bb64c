/*
 * bench_sql.c - the same SQL workload (workload.c) three ways in one run:
 * plain SQLite with the store's settings, sspf's encrypted store (SQL
 * through its connection), and SQLCipher (the separate program
 * sqlcipher-bench, whose lines are read here). Each run gets a new
 * database; the medians give the ratios encrypted / plain and sspf /
 * SQLCipher. Plain SQLite is also run with its crash-safe journals (WAL,
 * DELETE) for comparison: with journal_mode=MEMORY plain SQLite does not
 * survive a power cut, while the store does (its redo log).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "store/store_internal.h"
#include "workload.h"

#define MAX_RUNS 16

static void remove_db(const char *path)
{
	static const char *const ext[] = { "", "-redo", "-wal", "-shm",
					   "-journal" };
	char p[4200];

	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		snprintf(p, sizeof p, "%s%s", path, ext[i]);
		unlink(p);
	}
}

static int run_plain(const char *dir, double scale, const char *journal,
		     wl_times *t)
{
	char path[4200];
	sqlite3 *db = NULL;
	int rc;

	snprintf(path, sizeof path, "%s/plain.db", dir);
	remove_db(path);
	rc = sqlite3_open(path, &db);
	if (rc == SQLITE_OK)
		rc = workload_setup(db, journal);
	if (rc == SQLITE_OK)
		rc = workload_run(db, scale, t);
	if (rc != SQLITE_OK)
		fprintf(stderr, "sspf-bench: plain SQLite: %s\n",
			sqlite3_errmsg(db));
	sqlite3_close(db);
	remove_db(path);
	return rc == SQLITE_OK ? 0 : 1;
}

static int run_store(const char *dir, double scale, wl_times *t)
{
	const sspf_kdf floor = { SSPF_KDF_OPS_FLOOR, SSPF_KDF_MEM_FLOOR };
	char path[4200], rec[SSPF_RECOVERY_TEXT_SIZE];
	const char *pass = "made-up bench passphrase";
	sspf_store *st = NULL;
	sspf_err e;
	int rc;

	snprintf(path, sizeof path, "%s/store.db", dir);
	remove_db(path);
	e = sspf_store_create(path, pass, strlen(pass), &floor, rec, &st);
	if (e != SSPF_OK)
		return bench_fail("creating a store", (int)e);
	rc = workload_run(sspf_store_db(st), scale, t);
	if (rc != SQLITE_OK)
		fprintf(stderr, "sspf-bench: sspf store: %s (%s)\n",
			sqlite3_errmsg(sspf_store_db(st)), sspf_err_detail());
	sspf_store_close(st);
	remove_db(path);
	return rc == SQLITE_OK ? 0 : 1;
}

/* Run sqlcipher-bench and read its totals; 0 runs if it is not there. */
static int run_cipher(const char *prog, const char *dir, double scale, int runs,
		      wl_times *t, int *got)
{
	char cmd[8400], line[512];
	FILE *p;

	*got = 0;
	if (prog == NULL || prog[0] == '\0' || access(prog, X_OK) != 0)
		return 0;
	snprintf(cmd, sizeof cmd, "'%s' '%s' --scale %g --runs %d", prog, dir,
		 scale, runs);
	if ((p = popen(cmd, "r")) == NULL)
		return bench_fail("running sqlcipher-bench", 3);
	while (*got < runs && fgets(line, sizeof line, p) != NULL) {
		wl_times *x = &t[*got];

		if (sscanf(line,
			   "workload sqlcipher total=%lf insert=%lf read=%lf "
			   "scan=%lf update=%lf rows=%ld",
			   &x->total, &x->insert, &x->read, &x->scan,
			   &x->update, &x->rows) == 6)
			++*got;
	}
	return pclose(p) == 0 && *got == runs
		       ? 0
		       : bench_fail("sqlcipher-bench failed", 3);
}

/* The rows of one way: total and each kind of work. */
static bench_stat report(const char *name, const wl_times *t, int n)
{
	double v[MAX_RUNS], ins[MAX_RUNS], rd[MAX_RUNS], sc[MAX_RUNS],
		up[MAX_RUNS];
	char label[96];
	bench_stat s;

	for (int i = 0; i < n; i++) {
		v[i] = t[i].total;
		ins[i] = t[i].insert;
		rd[i] = t[i].read;
		sc[i] = t[i].scan;
		up[i] = t[i].update;
	}
	s = bench_summary(v, n);
	bench_row(name, s, "ms", 0, NULL);
	snprintf(label, sizeof label, "  inserts / reads / scans / updates");
	printf("  %-44s %10.1f / %.1f / %.1f / %.1f ms\n", label,
	       bench_summary(ins, n).median * 1e3,
	       bench_summary(rd, n).median * 1e3,
	       bench_summary(sc, n).median * 1e3,
	       bench_summary(up, n).median * 1e3);
	return s;
}

static void ratio_row(const char *name, bench_stat a, bench_stat b,
		      double target, const char *text)
{
	bench_stat r = { a.median / b.median, a.min / b.max, a.max / b.min,
			 a.n };

	bench_row(name, r, "x", target, text);
}

int bench_sql(const char *dir, double scale, int runs, const char *cipher)
{
	static wl_times mem[MAX_RUNS], wal[MAX_RUNS], del[MAX_RUNS],
		enc[MAX_RUNS], sqc[MAX_RUNS];
	bench_stat smem, senc, ssqc;
	int got = 0;

	if (runs > MAX_RUNS)
		runs = MAX_RUNS;
	bench_section("the same SQL workload three ways (rows: 100,000 x "
		      "scale; see workload.c)");
	for (int r = 0; r < runs; r++) /* alternate, so drift hits all */
		if (run_plain(dir, scale, "MEMORY", &mem[r]) != 0 ||
		    run_store(dir, scale, &enc[r]) != 0 ||
		    run_plain(dir, scale, "WAL", &wal[r]) != 0 ||
		    run_plain(dir, scale, "DELETE", &del[r]) != 0)
			return 1;
	if (run_cipher(cipher, dir, scale, runs, sqc, &got) != 0)
		return 1;
	smem = report("plain SQLite, journal MEMORY (as the store)", mem, runs);
	report("plain SQLite, WAL (crash-safe)", wal, runs);
	report("plain SQLite, DELETE journal (crash-safe)", del, runs);
	senc = report("sspf encrypted store", enc, runs);
	ratio_row("encrypted / plain (same settings)", senc, smem, 1.3,
		  "<= 1.3 x");
	if (got == 0) {
		printf("  %-44s %s\n", "SQLCipher",
		       "not built (libsqlcipher-dev missing): no ratio");
		return 0;
	}
	ssqc = report("SQLCipher 3 (4096-byte pages)", sqc, got);
	ratio_row("sspf / SQLCipher", senc, ssqc, 0.999, "< 1 x (faster)");
	return 0;
}
