/*
 * test_crash.c - a program killed at any moment loses nothing it was told
 * was saved, and leaves a file that opens and checks clean.
 *
 * 1. A writer commits one row at a time and reports each COMMIT over a
 *    pipe; it is SIGKILLed at a random moment, hundreds of times.
 * 2. A passphrase change is SIGKILLed at random moments: the old or the new
 *    passphrase opens, and the recovery key.
 * 3. Torn header writes, built byte for byte at every 512-byte boundary.
 *
 * The random delays print their seed; SSPF_TEST_SEED=N repeats a run.
 */
#include "testutil.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#define PASS_A "passphrase A of the crash tests"
#define PASS_B "passphrase B of the crash tests"
static const char *const pass_ab[2] = { PASS_A, PASS_B };

static char *dir, *db, *redo;
static uint64_t rng;

static void setup(void)
{
	rng = tu_seed("crash");
	dir = tu_tmpdir();
	db = tu_join(dir, "sspf.db");
	redo = tu_redo(db);
}

static void teardown(void)
{
	tu_rmrf(dir);
	free(dir);
	free(db);
	free(redo);
}

/* A random kill delay in microseconds: often 0, else up to max_us (longer
 * under valgrind: tu_wait_us). */
static useconds_t delay_us(long max_us)
{
	if (tu_below(&rng, 8) == 0)
		return 0;
	return (useconds_t)tu_below(&rng, (uint64_t)tu_wait_us(max_us) + 1);
}

static pid_t spawn(void (*fn)(int), int *rfd)
{
	int fds[2];
	ck_assert_int_eq(pipe(fds), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(fds[0]);
		fn(fds[1]);
		_exit(0);
	}
	close(fds[1]);
	*rfd = fds[0];
	return pid;
}

static void kill_and_reap(pid_t pid)
{
	kill(pid, SIGKILL);
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
		      "child ended by itself (status %#x)", status);
}

static sspf_store *create_with(const char *pass,
			       char rec[SSPF_RECOVERY_TEXT_SIZE])
{
	sspf_store *st = NULL;
	sspf_err e =
		sspf_store_create(db, pass, strlen(pass), &tu_kdf, rec, &st);
	ck_assert_msg(e == SSPF_OK, "create: %s", sspf_strerror(e));
	return st;
}

static void check_ok(sspf_store *st, const char *when)
{
	struct tu_report r = { 0 };
	sspf_err e = sspf_store_check(st, tu_report_cb, &r);
	ck_assert_msg(e == SSPF_OK, "%s: check gave %s:\n%s", when,
		      sspf_strerror(e), r.text);
}

/* ---- 1. commits killed at random moments ---- */

/* Child: reports the highest n it found, then commits n+1, n+2, ... and
 * reports each after its COMMIT returned. */
static void commit_child(int wfd)
{
	sspf_store *st = tu_child_open(db);
	sqlite3 *h = sspf_store_db(st);
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(h, "SELECT coalesce(max(n), 0) FROM t", -1, &s,
			       NULL) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW)
		_exit(TU_EXIT_SETUP + 3);
	int64_t k = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (write(wfd, &k, sizeof k) != sizeof k)
		_exit(TU_EXIT_SETUP + 4);
	if (sqlite3_prepare_v2(h, "INSERT INTO t(n) VALUES(?)", -1, &s, NULL) !=
	    SQLITE_OK)
		_exit(TU_EXIT_SETUP + 3);
	for (;;) {
		k++;
		sqlite3_bind_int64(s, 1, k);
		if (sqlite3_step(s) != SQLITE_DONE)
			_exit(TU_EXIT_SETUP + 5);
		sqlite3_reset(s);
		if (write(wfd, &k, sizeof k) != sizeof k)
			_exit(TU_EXIT_SETUP + 4);
	}
}

START_TEST(test_commit_kill)
{
	sspf_store *st = tu_create(db, NULL);
	tu_exec(st, "CREATE TABLE t(n INTEGER NOT NULL)");
	sspf_store_close(st);

	int64_t known = 0; /* rows the last verification found */
	int rounds = tu_rounds(220), leftover = 0, applied = 0, silent = 0;
	char *before = tu_join(dir, "before.db");
	for (int round = 0; round < rounds; round++) {
		int rfd;
		tu_copy_file(db, before);
		pid_t pid = spawn(commit_child, &rfd);
		int64_t start, v, last;
		if (read(rfd, &start, sizeof start) != sizeof start)
			ck_abort_msg("round %d: the writer did not start: %s",
				     round, tu_reap_status(pid));
		ck_assert_int_eq(start, known);
		usleep(delay_us(20000));
		kill_and_reap(pid);
		last = start;
		while (read(rfd, &v, sizeof v) == sizeof v) {
			ck_assert_int_eq(v, last + 1);
			last = v;
		}
		close(rfd);
		if (last == start)
			silent++;
		/* each whole record in the log passed its commit point and
		 * must be there; a record cut short: must not */
		int left = tu_file_size(redo) > 0,
		    whole = tu_redo_records(redo, NULL);
		int name_same = tu_files_equal(db, before);
		leftover += left;

		st = tu_open_ok(db, 0);
		int was_applied =
			(sspf_store_warnings(st) & SSPF_WARN_REDO_APPLIED) != 0;
		applied += was_applied;
		ck_assert_msg(was_applied == (whole > 0),
			      "round %d: %s log left (%d whole records),"
			      " WARN_REDO_APPLIED %d",
			      round, left ? "a" : "no", whole, was_applied);
		int64_t count = tu_int(st, "SELECT count(*) FROM t");
		int64_t distinct =
			tu_int(st, "SELECT count(DISTINCT n) FROM t");
		int64_t lo = tu_int(st, "SELECT coalesce(min(n), 1) FROM t");
		int64_t hi = tu_int(st, "SELECT coalesce(max(n), 0) FROM t");
		/* every reported commit there, at most the one in flight more */
		ck_assert_msg(hi >= last && hi <= last + 1,
			      "round %d: max %lld, last reported %lld", round,
			      (long long)hi, (long long)last);
		/* NAME untouched (no checkpoint in the session): the
		 * session's saves are exactly the whole records */
		if (name_same)
			ck_assert_msg(hi == start + whole,
				      "round %d: %d whole records were left,"
				      " max %lld, %lld before the session",
				      round, whole, (long long)hi,
				      (long long)start);
		else
			ck_assert_int_ge(hi, start + whole);
		ck_assert_msg(count == hi && distinct == hi && lo == 1,
			      "round %d: %lld rows, %lld distinct, %lld..%lld",
			      round, (long long)count, (long long)distinct,
			      (long long)lo, (long long)hi);
		char when[32];
		snprintf(when, sizeof when, "round %d", round);
		check_ok(st, when);
		sspf_store_close(st);
		known = hi;
	}
	free(before);
	printf("%d rounds, %lld commits; %d rounds without a commit; redo log"
	       " left %d times, applied %d times\n",
	       rounds, (long long)known, silent, leftover, applied);
	/* the kills did hit writers at work, not only ones still opening */
	ck_assert_int_ge(known, rounds / 4);
}
END_TEST

/* ---- 2. passphrase changes killed at random moments ---- */

/* Child: opens with A or B, reports which, then changes to the other one
 * again and again, reporting each change that returned. */
static void passwd_child(int wfd)
{
	sspf_store *st = NULL;
	unsigned char which = 0;
	sspf_err e = sspf_store_open(db, SSPF_UNLOCK_PASSPHRASE, PASS_A,
				     strlen(PASS_A), 0, &st);
	if (e == SSPF_ERR_WRONG_PASSPHRASE) {
		which = 1;
		e = sspf_store_open(db, SSPF_UNLOCK_PASSPHRASE, PASS_B,
				    strlen(PASS_B), 0, &st);
	}
	if (e != SSPF_OK)
		_exit((int)e);
	if (write(wfd, &which, 1) != 1)
		_exit(TU_EXIT_SETUP + 4);
	for (;;) {
		which ^= 1;
		if (sspf_store_passwd(st, pass_ab[which],
				      strlen(pass_ab[which]),
				      &tu_kdf) != SSPF_OK)
			_exit(TU_EXIT_SETUP + 3);
		if (write(wfd, &which, 1) != 1)
			_exit(TU_EXIT_SETUP + 4);
	}
}

START_TEST(test_passwd_kill)
{
	char rec[SSPF_RECOVERY_TEXT_SIZE];
	sspf_store *st = create_with(PASS_A, rec);
	tu_exec(st, "CREATE TABLE t(n INTEGER NOT NULL);"
		    "INSERT INTO t VALUES(1),(2),(3)");
	sspf_store_close(st);

	int cur = 0, changes = 0, mid = 0, rounds = tu_rounds(60);
	for (int round = 0; round < rounds; round++) {
		int rfd;
		pid_t pid = spawn(passwd_child, &rfd);
		unsigned char b;
		if (read(rfd, &b, 1) != 1)
			ck_abort_msg("round %d: the child did not start: %s",
				     round, tu_reap_status(pid));
		ck_assert_int_eq(b, cur);
		usleep(delay_us(30000));
		kill_and_reap(pid);
		int last = b;
		while (read(rfd, &b, 1) == 1) {
			last = b;
			changes++;
		}
		close(rfd);

		/* look without repairing: exactly one of A and B opens */
		sspf_store *sa, *sb, *sr;
		sspf_err ea =
			tu_open(db, PASS_A,
				SSPF_OPEN_NO_REPAIR | SSPF_OPEN_READONLY, &sa);
		sspf_store_close(sa);
		sspf_err eb =
			tu_open(db, PASS_B,
				SSPF_OPEN_NO_REPAIR | SSPF_OPEN_READONLY, &sb);
		sspf_store_close(sb);
		ck_assert_msg(ea == SSPF_OK || eb == SSPF_OK,
			      "round %d: neither passphrase opens (%s / %s)",
			      round, sspf_strerror(ea), sspf_strerror(eb));
		ck_assert_msg(!(ea == SSPF_OK && eb == SSPF_OK),
			      "round %d: the old passphrase still opens too",
			      round);
		ck_assert_int_eq(ea == SSPF_OK ? eb : ea,
				 SSPF_ERR_WRONG_PASSPHRASE);
		cur = ea == SSPF_OK ? 0 : 1;
		if (cur != last)
			mid++; /* the change in flight was already on disk */
		ck_assert_int_eq(
			tu_open_rec(db, rec,
				    SSPF_OPEN_NO_REPAIR | SSPF_OPEN_READONLY,
				    &sr),
			SSPF_OK);
		sspf_store_close(sr);

		/* a normal open (repairs a torn copy) and check */
		ck_assert_int_eq(tu_open(db, pass_ab[cur], 0, &st), SSPF_OK);
		ck_assert_int_eq(tu_int(st, "SELECT sum(n) FROM t"), 6);
		char when[32];
		snprintf(when, sizeof when, "passwd round %d", round);
		check_ok(st, when);
		sspf_store_close(st);
	}
	printf("%d rounds, %d changes reported, %d times the unreported change"
	       " was in force\n",
	       rounds, changes, mid);
	ck_assert_int_gt(changes, 0);
}
END_TEST

/* ---- 3. torn header writes ---- */

/*
 * Which of A (old) and B (new) opens work; rows and check after a normal
 * open. Returns 0 for A, 1 for B.
 */
static int which_opens(const char *path, const char *rec, const char *what)
{
	sspf_store *sa, *sb, *sr;
	sspf_err ea = tu_open(path, PASS_A,
			      SSPF_OPEN_NO_REPAIR | SSPF_OPEN_READONLY, &sa);
	sspf_store_close(sa);
	sspf_err eb = tu_open(path, PASS_B,
			      SSPF_OPEN_NO_REPAIR | SSPF_OPEN_READONLY, &sb);
	sspf_store_close(sb);
	ck_assert_msg(ea == SSPF_OK || eb == SSPF_OK,
		      "%s: neither passphrase opens (%s / %s)", what,
		      sspf_strerror(ea), sspf_strerror(eb));
	ck_assert_msg(!(ea == SSPF_OK && eb == SSPF_OK), "%s: both open", what);
	int w = ea == SSPF_OK ? 0 : 1;
	ck_assert_int_eq(tu_open_rec(path, rec,
				     SSPF_OPEN_NO_REPAIR | SSPF_OPEN_READONLY,
				     &sr),
			 SSPF_OK);
	sspf_store_close(sr);

	sspf_store *st;
	ck_assert_int_eq(tu_open(path, pass_ab[w], 0, &st), SSPF_OK);
	ck_assert_int_eq(tu_int(st, "SELECT sum(n) FROM t"), 55);
	check_ok(st, what);
	sspf_store_close(st);
	return w;
}

START_TEST(test_torn_header)
{
	char rec[SSPF_RECOVERY_TEXT_SIZE];
	sspf_store *st = create_with(PASS_A, rec);
	tu_exec(st,
		"CREATE TABLE t(n INTEGER NOT NULL);"
		"WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c"
		" WHERE i < 10) INSERT INTO t SELECT i FROM c");
	sspf_store_close(st);
	size_t lo, ln;
	uint8_t *old = tu_read_file(db, &lo);
	ck_assert_int_eq(tu_open(db, PASS_A, 0, &st), SSPF_OK);
	ck_assert_int_eq(sspf_store_passwd(st, PASS_B, strlen(PASS_B), &tu_kdf),
			 SSPF_OK);
	sspf_store_close(st);
	uint8_t *new = tu_read_file(db, &ln);
	ck_assert_uint_eq(lo, ln);
	ck_assert_msg(memcmp(old + 8192, new + 8192, lo - 8192) == 0,
		      "passwd changed more than the header");
	ck_assert(memcmp(old, new, 4096) != 0);
	ck_assert(memcmp(old + 4096, new + 4096, 4096) != 0);

	char *path = tu_join(dir, "torn.db");
	uint8_t *buf = malloc(lo);
	ck_assert_ptr_nonnull(buf);
	for (size_t k = 0; k <= 4096; k += 512) {
		char what[64];
		/* the write of copy 0 torn after k bytes; copy 1 old */
		memcpy(buf, old, lo);
		memcpy(buf, new, k);
		tu_write_file(path, buf, lo);
		snprintf(what, sizeof what, "copy 0 torn at %zu", k);
		ck_assert_msg(which_opens(path, rec, what) ==
				      (k < 4096 ? 0 : 1),
			      "%s: the wrong passphrase opens", what);

		/* copy 0 new; the write of copy 1 torn after k bytes */
		memcpy(buf, old, lo);
		memcpy(buf, new, 4096 + k);
		tu_write_file(path, buf, lo);
		snprintf(what, sizeof what, "copy 1 torn at %zu", k);
		ck_assert_msg(which_opens(path, rec, what) == 1,
			      "%s: the old passphrase opens", what);
	}
	free(old);
	free(new);
	free(buf);
	free(path);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("crash");
	const struct tu_test tests[] = {
		{ "commit_kill", test_commit_kill },
		{ "passwd_kill", test_passwd_kill },
		{ "torn_header", test_torn_header },
	};
	tu_add_tests(s, tests, sizeof tests / sizeof *tests, setup, teardown);
	return run_all(s);
}
