/*
 * testutil.h - small helpers shared by the check suites of libsspf.
 *
 * Helpers that assert (tu_create, tu_exec, tu_int, ...) may only be called
 * from a check test function itself, never from a child process the test
 * forked; children use the plain library calls and report by exit status.
 */
#ifndef SSPF_TESTUTIL_H
#define SSPF_TESTUTIL_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include <sspf/core.h>
#include <sspf/date.h>
#include <sspf/error.h>
#include <sspf/store.h>

#include "store/store_internal.h"

/* The passphrase every test database is created with. */
#define TU_PASS "test passphrase: correct horse battery staple"
#define TU_PASS_LEN (sizeof TU_PASS - 1)

/* Where a file's pages start and how long a page slot is (FORMAT.md). */
#define TU_HDR_AREA 8192L
#define TU_SLOT 4136L
/* Offset of page n (1-based) in the file. */
#define TU_PAGE_OFF(n) (TU_HDR_AREA + ((long)(n)-1) * TU_SLOT)

/* Argon2id at its cheapest: tests only, never what sspf writes itself. */
extern const sspf_kdf tu_kdf;

/* A fresh folder under ${TMPDIR:-/tmp} (malloc'ed path). */
char *tu_tmpdir(void);
/* Remove a file or folder tree; missing is fine. */
void tu_rmrf(const char *path);
/* "dir/name", malloc'ed. */
char *tu_join(const char *dir, const char *name);
/* "path-redo", malloc'ed. */
char *tu_redo(const char *path);

/* Create a store at path with TU_PASS and tu_kdf; asserts success. */
sspf_store *tu_create(const char *path, char rec[SSPF_RECOVERY_TEXT_SIZE]);
/* Open with a passphrase (NUL-terminated). *out is NULL on failure. */
sspf_err tu_open(const char *path, const char *pass, unsigned flags,
		 sspf_store **out);
/* Open with a recovery key text. *out is NULL on failure. */
sspf_err tu_open_rec(const char *path, const char *rec, unsigned flags,
		     sspf_store **out);
/* Open with TU_PASS, asserting success. */
sspf_store *tu_open_ok(const char *path, unsigned flags);

/* Run SQL on the store's connection; asserts SQLITE_OK. */
void tu_exec(sspf_store *st, const char *sql);
/* First column of the first row as an integer; asserts a row comes. */
int64_t tu_int(sspf_store *st, const char *sql);

/* The whole file, malloc'ed (+1 byte NUL), or NULL if it cannot be read. */
uint8_t *tu_read_file(const char *path, size_t *len);
/* Write (replace) a whole file; asserts. */
void tu_write_file(const char *path, const void *buf, size_t len);
/* Xor the byte at off with mask (nonzero); asserts. */
void tu_flip_byte(const char *path, off_t off, uint8_t mask);
/* Copy src to dst; if src does not exist, dst is removed. */
void tu_copy_file(const char *src, const char *dst);
/* 1 if both files have the same bytes (both missing counts as equal). */
int tu_files_equal(const char *a, const char *b);
/* File size, -1 if missing. */
long tu_file_size(const char *path);
/* Pages in an sspf file: (size - 8192) / 4136, or -1 if no whole number. */
long tu_page_count(const char *path);
/*
 * Records of the write-ahead log at path that were written whole, by
 * their framing alone (FORMAT.md; no key, so no MAC check): a record is
 * past its commit point once it is whole, as a killed process leaves the
 * page cache. *end (if not NULL) gets the offset after the last, or 0.
 */
int tu_redo_records(const char *path, long *end);
/* Number of entries in a folder (without . and ..), -1 on error. */
int tu_dir_entries(const char *dir);

/* Seed from $SSPF_TEST_SEED or the clock; printed so a run can be repeated. */
uint64_t tu_seed(const char *what);
/* splitmix64 step. */
uint64_t tu_rand(uint64_t *state);
/* Uniform in [0, n). */
uint64_t tu_below(uint64_t *state, uint64_t n);

/*
 * How many rounds a test that loops should do: n, or under valgrind n
 * times $SSPF_TEST_ROUNDS_SCALE (a fraction such as 0.1, which only
 * tests/vgwrap sets), rounded up, at least 1. Printed once, so a log says
 * that a run was a reduced one. Only the test programs read it.
 */
int tu_rounds(int n);
/*
 * How long to wait for work in progress before killing it: us, or under
 * valgrind us times $SSPF_TEST_SLOWDOWN (tests/vgwrap sets 30, about what
 * memcheck costs), so that a kill still lands inside the work.
 */
long tu_wait_us(long us);

/* Collects what sspf_store_check reports. */
struct tu_report {
	int problems;
	int infos;
	char text[8192]; /* the problem messages, one per line, cut if long */
};
void tu_report_cb(void *ctx, sspf_check_level level, const char *message);
/* Whether text mentions "page N" with no further digit after N. */
int tu_mentions_page(const char *text, long n);

/*
 * Children the tests fork exit with the sspf_err of an open that failed
 * (always below SSPF_ERR_COUNT_), or with TU_EXIT_SETUP + n on any other
 * failure. Never ck_assert in such a child.
 */
#define TU_EXIT_SETUP 100
/* Reap child pid; its end as text for a failure message (static buffer). */
const char *tu_reap_status(pid_t pid);
/* In a forked child: open path with TU_PASS (no flags); on failure the
 * child exits with the sspf_err. Never asserts. */
sspf_store *tu_child_open(const char *path);

/* A clock the tests move: { tu_fake_now, &a struct tu_fake_clock }. */
struct tu_fake_clock {
	time_t now;
};
/* The now() callback of a fake clock: ctx is a struct tu_fake_clock. */
time_t tu_fake_now(void *ctx);
/* The fake clock of the core suites, and the sspf_clock that reads it. */
extern struct tu_fake_clock tu_fake;
extern const sspf_clock tu_clock;
/* Set tu_fake to noon, local time, of y-m-d: today for the core. */
void tu_set_today(int y, int m, int d);
/* The day number of a date that must exist; asserts. */
sspf_date tu_date(int y, int m, int d);
/* Assert e is SSPF_OK; the message names what, the error and its detail. */
void tu_ok(sspf_err e, const char *what);
/* TZ=Europe/Stockholm for the whole suite; call first in main. */
void tu_tz_stockholm(void);

/*
 * The fixture of the core suites: a fresh folder *dir, a store at
 * *db = dir/sspf.db (tu_create) as *st, tu_fake set to noon of y-m-d, and
 * a core on it (tu_core_open) as *core. tu_core_teardown closes and frees
 * it all and removes the folder.
 */
void tu_core_setup(int y, int m, int d, char **dir, char **db, sspf_store **st,
		   sspf_core **core);
void tu_core_teardown(char *dir, char *db, sspf_store *st, sspf_core *core);
/* A core on st for user "koordinator" with tu_clock; asserts. */
sspf_core *tu_core_open(sspf_store *st);

/* Audit entries of action for code ("" for entries without a case). */
int64_t tu_audit_n(sspf_store *st, const char *action, const char *code);
/* Assert no audit entry holds text anywhere in any column. */
void tu_audit_lacks(sspf_store *st, const char *text);

/* One test case of a suite's table; loops 0 means a plain test. */
struct tu_test {
	const char *name;
	const TTest *t;
	int loops;
};
/* Add each test of the table as its own TCase named after it, with a
 * 600 s timeout and the checked fixture setup/teardown. */
void tu_add_tests(Suite *s, const struct tu_test *tests, size_t n,
		  void (*setup)(void), void (*teardown)(void));

/* Run a suite with CK_FORK and CK_VERBOSE; returns 1 on any failure. */
int run_all(Suite *s);

#endif
