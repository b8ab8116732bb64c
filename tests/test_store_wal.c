/*
 * test_store_wal.c - the write-ahead log NAME-redo as a user relies on it:
 * saves a crash left in the log are seen by a read-only open (which writes
 * nothing) and written into the file by the next writable open; the log
 * is empty after a close and after sspf_store_checkpoint (the purge's);
 * a log crossing its checkpoint limit many times loses nothing.
 * Power cuts and failing disks are test_faults.c's.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

static char *dir, *db, *redo, *keep, *keepredo;

static void setup(void)
{
	dir = tu_tmpdir();
	db = tu_join(dir, "sspf.db");
	redo = tu_redo(db);
	keep = tu_join(dir, "keep.db");
	keepredo = tu_redo(keep);
}

static void teardown(void)
{
	sspf_store_set_checkpoint_size(0);
	tu_rmrf(dir);
	free(dir);
	free(db);
	free(redo);
	free(keep);
	free(keepredo);
}

static void insert(sspf_store *st, int from, int to)
{
	for (int i = from; i <= to; i++) {
		char sql[96];
		snprintf(sql, sizeof sql,
			 "INSERT INTO t VALUES(%d, zeroblob(%d))", i,
			 100 + i * 37 % 3000);
		tu_exec(st, sql);
	}
}

static void expect_rows(sspf_store *st, int n)
{
	ck_assert_int_eq(tu_int(st, "SELECT count(*) FROM t"), n);
	ck_assert_int_eq(tu_int(st, "SELECT coalesce(sum(id), 0) FROM t"),
			 n * (n + 1) / 2);
}

/* A child commits rows 1..n one by one and ends without closing. */
static void crash_after(int n)
{
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		sspf_store *st = tu_child_open(db);
		for (int i = 1; i <= n; i++) {
			char sql[64];
			snprintf(sql, sizeof sql,
				 "INSERT INTO t VALUES(%d, zeroblob(200))", i);
			if (sqlite3_exec(sspf_store_db(st), sql, NULL, NULL,
					 NULL) != SQLITE_OK)
				_exit(TU_EXIT_SETUP + 1);
		}
		_exit(0); /* no close: the saves stay in the log */
	}
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "the child ended with %#x", status);
}

START_TEST(test_crash_then_readonly)
{
	sspf_store *st = tu_create(db, NULL);
	tu_exec(st, "CREATE TABLE t(id INTEGER PRIMARY KEY, b BLOB)");
	sspf_store_close(st);
	ck_assert_int_eq(tu_file_size(redo), 0); /* empty after a close */

	crash_after(20);
	ck_assert_int_gt(tu_file_size(redo), 0);
	tu_copy_file(db, keep);
	tu_copy_file(redo, keepredo);

	/* read-only: every save seen, nothing written */
	st = tu_open_ok(db, SSPF_OPEN_READONLY);
	ck_assert(sspf_store_warnings(st) & SSPF_WARN_REDO_APPLIED);
	expect_rows(st, 20);
	struct tu_report r = { 0 };
	ck_assert_msg(sspf_store_check(st, tu_report_cb, &r) == SSPF_OK, "%s",
		      r.text);
	sspf_store_close(st);
	ck_assert(tu_files_equal(db, keep) && tu_files_equal(redo, keepredo));

	/* writable: written into the file at once */
	st = tu_open_ok(db, 0);
	ck_assert(sspf_store_warnings(st) & SSPF_WARN_REDO_APPLIED);
	ck_assert(!tu_files_equal(db, keep));
	expect_rows(st, 20);
	insert(st, 21, 25);
	sspf_store_close(st);
	ck_assert_int_eq(tu_file_size(redo), 0);

	st = tu_open_ok(db, 0);
	ck_assert(!(sspf_store_warnings(st) & SSPF_WARN_REDO_APPLIED));
	expect_rows(st, 25);
	sspf_store_close(st);
}
END_TEST

START_TEST(test_checkpoint_empties)
{
	sspf_store *st = tu_create(db, NULL);
	tu_exec(st, "CREATE TABLE t(id INTEGER PRIMARY KEY, b BLOB)");
	insert(st, 1, 30);
	ck_assert_int_gt(tu_file_size(redo), 0);
	tu_ok(sspf_store_checkpoint(st), "checkpoint");
	ck_assert_int_eq(tu_file_size(redo), 0);
	expect_rows(st, 30);
	/* and saving goes on after it */
	insert(st, 31, 40);
	ck_assert_int_gt(tu_file_size(redo), 0);
	sspf_store_close(st);
	st = tu_open_ok(db, 0);
	expect_rows(st, 40);
	sspf_store_close(st);
}
END_TEST

/* Many generations in one session, with deletes that shrink the file. */
START_TEST(test_many_checkpoints)
{
	sspf_store_set_checkpoint_size(20000);
	sspf_store *st = tu_create(db, NULL);
	tu_exec(st, "CREATE TABLE t(id INTEGER PRIMARY KEY, b BLOB)");
	insert(st, 1, 200);
	tu_exec(st, "DELETE FROM t WHERE id > 100");
	tu_exec(st, "VACUUM");
	expect_rows(st, 100);
	/* the log is as long as its longest generation (the VACUUM's);
	 * after that it is reused, not grown */
	long size = tu_file_size(redo);
	insert(st, 101, 150);
	ck_assert_int_eq(tu_file_size(redo), size);
	struct tu_report r = { 0 };
	ck_assert_msg(sspf_store_check(st, tu_report_cb, &r) == SSPF_OK, "%s",
		      r.text);
	sspf_store_close(st);
	st = tu_open_ok(db, 0);
	expect_rows(st, 150);
	sspf_store_close(st);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("store_wal");
	const struct tu_test tests[] = {
		{ "crash_then_readonly", test_crash_then_readonly, 1 },
		{ "checkpoint_empties", test_checkpoint_empties, 1 },
		{ "many_checkpoints", test_many_checkpoints, 1 },
	};
	tu_add_tests(s, tests, sizeof tests / sizeof *tests, setup, teardown);
	return run_all(s);
}
