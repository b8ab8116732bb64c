/*
 * test_faults.c - power cuts, I/O errors, a full disk and a medium that
 * turns read-only, under the encrypted store (the fault layer faultio.c
 * and faultio_disk.c; the transactions and their checks faults_data.c).
 *
 * 1. Power cuts: a child runs a workload of committed transactions (cases
 *    through the core, multi-page SQL transactions) and reports each one
 *    that returned OK; the power is cut at every I/O call of it in turn,
 *    dropping the unsynced writes, tearing the last one, or keeping a
 *    random subset. After "reboot" the file opens, checks, its audit chain
 *    verifies, and it holds every reported transaction and no half of one.
 *    The write-ahead log's checkpoint limit is lowered so that the
 *    workload crosses checkpoints. The same for the open that recovers
 *    saves a crash left in the log, a passphrase change, a backup, and a
 *    backup over an older one.
 * 2. EIO at each I/O call of a commit, ENOSPC, EROFS: a clear error, the
 *    failed save never there, nothing committed lost, the still open store
 *    saves again once the fault is gone, a reopen sees it all.
 *
 * The random tears print their seed; SSPF_TEST_SEED=N repeats a run.
 * FAULTS_VERBOSE=1 prints what each injected error did.
 */
#include "testutil.h"

#include "faultio.h"
#include "faults_data.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#define PASS_B "the new passphrase of the fault tests"
#define K 6	 /* transactions of the power-cut workload */
#define NMAX 400 /* transactions of the error tests, at most */

static char *dir, *db, *redo, *db0, *redo0, *db1, *redo1, *bk, *bk0;
static char rec[SSPF_RECOVERY_TEXT_SIZE];
static uint64_t rng;

/* Small enough that the workloads cross checkpoints (redo.c). */
#define CHECKPOINT_BYTES (24 * 1024)

static void setup(void)
{
	sspf_store_set_checkpoint_size(CHECKPOINT_BYTES);
	rng = tu_seed("faults");
	dir = tu_tmpdir();
	db = tu_join(dir, "sspf.db");
	redo = tu_redo(db);
	db0 = tu_join(dir, "pristine.db");
	redo0 = tu_redo(db0);
	db1 = tu_join(dir, "crashed.db");
	redo1 = tu_redo(db1);
	bk = tu_join(dir, "bk");
	bk0 = tu_join(dir, "old-backup.db");
	tu_set_today(2026, 3, 2);
}

static void teardown(void)
{
	fio_uninstall();
	sspf_store_set_checkpoint_size(0);
	tu_rmrf(dir);
	free(dir);
	free(db);
	free(redo);
	free(db0);
	free(redo0);
	free(db1);
	free(redo1);
	free(bk);
	free(bk0);
}

/* Reopen (with normal I/O) and verify. */
static void reopen_verify(const unsigned char *state, int n, const char *when)
{
	sspf_store *st = NULL;
	sspf_err e = tu_open(db, TU_PASS, 0, &st);
	ck_assert_msg(e == SSPF_OK, "%s: reopen: %s (%s)", when,
		      sspf_strerror(e), sspf_err_detail());
	fd_verify(st, NULL, state, n, when);
	sspf_store_close(st);
}

/* The start of every test: a case, the pad and tally tables; kept as
 * pristine.db so that every round starts from the same bytes. */
static void make_db(void)
{
	sspf_store *st = tu_create(db, rec);
	sspf_core *core = tu_core_open(st);
	tu_ok(fd_txn(st, core, 999), "the first case");
	sspf_core_close(core);
	tu_exec(st, "CREATE TABLE pad(n INTEGER PRIMARY KEY, b BLOB NOT NULL);"
		    "CREATE TABLE tally(s INTEGER NOT NULL);"
		    "INSERT INTO tally VALUES(0)");
	sspf_store_close(st);
	tu_copy_file(db, db0);
	tu_copy_file(redo, redo0);
}

/* Where every round starts: pristine.db, or crashed.db for a recovery. */
static int from_crashed;

static void restore(void)
{
	tu_copy_file(from_crashed ? db1 : db0, db);
	tu_copy_file(from_crashed ? redo1 : redo0, redo);
}

/* ---- 1. power cuts ---- */

struct plan {
	long at; /* 0: no cut */
	enum fio_cut how;
	unsigned tear;
	uint64_t seed;
};
static const char *const cut_name[] = { "drop", "torn", "reorder" };

enum job {
	JOB_WORK,
	JOB_PASSWD,
	JOB_BACKUP,
	JOB_BACKUP_OVER, /* over an older backup (SSPF_BACKUP_OVERWRITE) */
	JOB_CRASH,
	JOB_RECOVER,
};

/* Reported by the workload before it closes: the file was checkpointed. */
#define CHECKPOINTED 1000

static void put(int wfd, int64_t v)
{
	if (write(wfd, &v, sizeof v) != sizeof v)
		_exit(TU_EXIT_SETUP + 4);
}

/* Child: the job under the fault layer; reports each success (k > 0),
 * then the number of I/O calls (as -calls). Never asserts. */
static void child(int wfd, enum job job, const struct plan *p)
{
	fio_install();
	if (p->at > 0)
		fio_cut_at(p->at, p->how, p->tear, p->seed);
	sspf_store *st = tu_child_open(db);
	if (job == JOB_WORK || job == JOB_CRASH) {
		sspf_core *core = NULL;
		if (sspf_core_open(st, &tu_clock, "koordinator", &core) !=
		    SSPF_OK)
			_exit(TU_EXIT_SETUP + 1);
		for (int k = 1; k <= K; k++) {
			if (fd_txn(st, core, k) != SSPF_OK)
				_exit(TU_EXIT_SETUP + 2);
			put(wfd, k);
		}
		sspf_core_close(core);
		/* NAME changed before the close: a checkpoint was made */
		if (!tu_files_equal(db, db0))
			put(wfd, CHECKPOINTED);
		if (job == JOB_CRASH) {
			/* a crash with saves in the log: no close */
			put(wfd, -fio_calls());
			_exit(0);
		}
	} else if (job == JOB_RECOVER) {
		put(wfd, 1); /* the open, with its recovery, returned */
	} else if (job == JOB_PASSWD) {
		if (sspf_store_passwd(st, PASS_B, strlen(PASS_B), &tu_kdf) !=
		    SSPF_OK)
			_exit(TU_EXIT_SETUP + 2);
		put(wfd, 1);
	} else {
		char *dest = tu_join(bk, "backup.db");
		if (sspf_store_backup(st, dest,
				      job == JOB_BACKUP_OVER
					      ? SSPF_BACKUP_OVERWRITE
					      : 0) != SSPF_OK)
			_exit(TU_EXIT_SETUP + 2);
		put(wfd, 1);
		free(dest);
	}
	sspf_store_close(st);
	put(wfd, -fio_calls());
	_exit(0);
}

static int checkpointed; /* the last round reported CHECKPOINTED */

/* One round from pristine.db; *last gets the last success reported.
 * Returns the child's I/O calls (0 if it was cut). */
static long round_run(enum job job, const struct plan *p, int *last)
{
	int fds[2], status;
	int64_t v;
	long calls = 0;

	restore();
	tu_rmrf(bk);
	ck_assert_int_eq(mkdir(bk, 0700), 0);
	if (job == JOB_BACKUP_OVER) {
		char *dest = tu_join(bk, "backup.db");
		tu_copy_file(bk0, dest);
		free(dest);
	}
	ck_assert_int_eq(pipe(fds), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(fds[0]);
		child(fds[1], job, p);
	}
	close(fds[1]);
	*last = 0;
	checkpointed = 0;
	while (read(fds[0], &v, sizeof v) == sizeof v) {
		if (v < 0)
			calls = (long)-v;
		else if (v == CHECKPOINTED)
			checkpointed = 1;
		else {
			ck_assert_int_eq(v, *last + 1);
			*last = (int)v;
		}
	}
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	int want = p->at > 0 ? FIO_EXIT_CUT : 0;
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == want,
		      "%s cut at call %ld: the child ended with status %#x",
		      cut_name[p->how], p->at, status);
	return calls;
}

/* The power cut at every call (every stride-th if there are many), each
 * way; check(what, last) verifies the result. Returns the rounds. */
static int sweep(enum job job, void (*check)(const char *what, int last))
{
	struct plan p = { 0 };
	int last, rounds = 0;
	long total = round_run(job, &p, &last);
	ck_assert_int_gt(total, 0);
	check("no cut", last);
	/* the workload crossed a checkpoint, so the cuts hit one too */
	ck_assert(job != JOB_WORK || checkpointed);
	long stride = total / tu_rounds(150) + 1;
	for (int how = FIO_CUT_DROP; how <= FIO_CUT_REORDER; how++) {
		for (long n = 1 + (long)tu_below(&rng, (uint64_t)stride);
		     n <= total; n += stride) {
			char what[64];
			p = (struct plan){ n, (enum fio_cut)how,
					   (unsigned)tu_below(&rng, 9),
					   tu_rand(&rng) };
			round_run(job, &p, &last);
			snprintf(what, sizeof what, "%s cut at call %ld of %ld",
				 cut_name[how], n, total);
			check(what, last);
			rounds++;
		}
	}
	printf("%s: %ld I/O calls, %d power cuts\n",
	       job == JOB_WORK	    ? "workload"
	       : job == JOB_PASSWD  ? "passwd"
	       : job == JOB_RECOVER ? "recovery at open"
	       : job == JOB_BACKUP  ? "backup"
				    : "backup over an older one",
	       total, rounds);
	return rounds;
}

static void check_work(const char *what, int last)
{
	unsigned char state[K + 1] = { 0 };
	for (int k = 1; k <= K; k++)
		state[k] = k <= last ? 1 : k == last + 1 ? 2 : 0;
	reopen_verify(state, K, what);
}

START_TEST(test_power_cut)
{
	make_db();
	sweep(JOB_WORK, check_work);
}
END_TEST

static void check_recovered(const char *what, int last)
{
	unsigned char state[K + 1];
	(void)last;
	memset(state, 1, sizeof state); /* all were acknowledged */
	reopen_verify(state, K, what);
}

/*
 * A crash left saves in the log (the workload ended without a close);
 * the power is then cut at every I/O call of the open that recovers them
 * (it writes them into NAME and starts a new log generation), and the
 * next open must still find every one.
 */
START_TEST(test_power_cut_recovery)
{
	struct plan p = { 0 };
	int last;
	make_db();
	round_run(JOB_CRASH, &p, &last);
	ck_assert_int_eq(last, K);
	ck_assert_int_gt(tu_file_size(redo), 0);
	tu_copy_file(db, db1);
	tu_copy_file(redo, redo1);
	from_crashed = 1;
	sweep(JOB_RECOVER, check_recovered);
	from_crashed = 0;
}
END_TEST

/*
 * Child of test_failed_sync_then_crash: transaction 1, then transaction 2
 * whose log sync fails with EIO; cut (if cut_at) keeping every write made.
 * Exits 0 with the failed call's number in *wfd.
 */
static void failed_sync_child(int wfd, long cut_at)
{
	fio_install();
	if (cut_at > 0)
		fio_cut_at(cut_at, FIO_CUT_TORN, 0, 0);
	sspf_store *st = tu_child_open(db);
	sspf_core *core = NULL;
	if (sspf_core_open(st, &tu_clock, "koordinator", &core) != SSPF_OK ||
	    fd_txn(st, core, 1) != SSPF_OK)
		_exit(TU_EXIT_SETUP + 1);
	long c0 = fio_calls(), c;
	/* the next sync is the log's, of transaction 2 */
	fio_fail(FIO_SYNC, 1, EIO, FIO_ONCE);
	sspf_err e = fd_txn(st, core, 2);
	for (c = c0 + 1; c <= fio_calls() && fio_kind_of(c) != FIO_SYNC; c++)
		;
	put(wfd, c);
	_exit(e == SSPF_ERR_IO && fio_failed() == 1 ? 0 : TU_EXIT_SETUP + 2);
}

static long failed_sync_run(long cut_at)
{
	int fds[2], status;
	int64_t v = 0;
	restore();
	ck_assert_int_eq(pipe(fds), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(fds[0]);
		failed_sync_child(fds[1], cut_at);
	}
	close(fds[1]);
	if (read(fds[0], &v, sizeof v) != sizeof v)
		v = 0;
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) ==
						   (cut_at ? FIO_EXIT_CUT : 0),
		      "the child ended with %#x", status);
	return (long)v;
}

/*
 * A save whose log sync fails with EIO was written whole (the page cache
 * may still write it). The power goes after the store erased its record
 * (the erase's sync), every write made kept: the next open must not find
 * the failed save, and the one before it must be there. Without a cut,
 * SQLite's own rollback writes over the record, which would hide a
 * missing erase.
 */
START_TEST(test_failed_sync_then_crash)
{
	make_db();
	long failed = failed_sync_run(0);
	ck_assert_int_gt(failed, 0);
	failed_sync_run(failed + 2);
	unsigned char state[3] = { 0, 1, 0 };
	reopen_verify(state, 2, "a failed save, then a power cut");
}
END_TEST

static void check_passwd(const char *what, int last)
{
	sspf_store *sa, *sb, *sr, *st;
	sspf_err ea = tu_open(db, TU_PASS,
			      SSPF_OPEN_NO_REPAIR | SSPF_OPEN_READONLY, &sa);
	sspf_store_close(sa);
	sspf_err eb = tu_open(db, PASS_B,
			      SSPF_OPEN_NO_REPAIR | SSPF_OPEN_READONLY, &sb);
	sspf_store_close(sb);
	ck_assert_msg((ea == SSPF_OK) != (eb == SSPF_OK), "%s: old %s, new %s",
		      what, sspf_strerror(ea), sspf_strerror(eb));
	ck_assert_msg(last == 0 || eb == SSPF_OK,
		      "%s: the change returned OK but the old one opens", what);
	ck_assert_int_eq(tu_open_rec(db, rec, SSPF_OPEN_READONLY, &sr),
			 SSPF_OK);
	sspf_store_close(sr);
	ck_assert_int_eq(tu_open(db, ea == SSPF_OK ? TU_PASS : PASS_B, 0, &st),
			 SSPF_OK);
	ck_assert_int_eq(fd_present(st, 999), 1);
	fd_check_ok(st, what);
	sspf_store_close(st);
}

START_TEST(test_power_cut_passwd)
{
	make_db();
	sweep(JOB_PASSWD, check_passwd);
}
END_TEST

static void check_backup(const char *what, int last)
{
	char *dest = tu_join(bk, "backup.db");
	ck_assert_msg(tu_files_equal(db, db0), "%s: the source changed", what);
	ck_assert_msg(last == 0 || tu_file_size(dest) > 0,
		      "%s: the backup returned OK but is not there", what);
	fd_backup_folder_ok(bk, what);
	if (tu_file_size(dest) >= 0)
		ck_assert_int_eq(fd_backup_verify(dest, what), 0);
	free(dest);
}

/* Over an older backup (its tally 1): always one of the two, whole. */
static void check_backup_over(const char *what, int last)
{
	char *dest = tu_join(bk, "backup.db");
	ck_assert_msg(tu_files_equal(db, db0), "%s: the source changed", what);
	fd_backup_folder_ok(bk, what);
	ck_assert_msg(tu_file_size(dest) > 0, "%s: no backup at all", what);
	int64_t tally = fd_backup_verify(dest, what);
	ck_assert_msg(tally == 0 || (tally == 1 && last == 0),
		      "%s: tally %lld, the backup %s", what, (long long)tally,
		      last ? "returned OK" : "did not return");
	free(dest);
}

START_TEST(test_power_cut_backup)
{
	make_db();
	sweep(JOB_BACKUP, check_backup);
}
END_TEST

START_TEST(test_power_cut_backup_over)
{
	sspf_store *st;
	make_db();
	/* the older backup: of the same data, its tally set to 1 */
	st = tu_open_ok(db, 0);
	tu_ok(sspf_store_backup(st, bk0, 0), "the older backup");
	sspf_store_close(st);
	st = tu_open_ok(bk0, 0);
	tu_exec(st, "UPDATE tally SET s = 1");
	sspf_store_close(st);
	restore();
	sweep(JOB_BACKUP_OVER, check_backup_over);
}
END_TEST

/* ---- 2. errors ---- */

/* Does the detail name the operation of a failed call of kind? */
static const char *op_word(unsigned kind)
{
	switch (kind) {
	case FIO_READ:
		return "reading";
	case FIO_SYNC:
		return "syncing";
	case FIO_TRUNC:
		return "truncating";
	default:
		return "writing";
	}
}

/*
 * For each call i of one commit (of a case, then of a pad transaction):
 * call i fails with err (from i on if flags has FIO_PERSIST). The commit
 * returns want (or OK if the store could do without the call); after the
 * fault passes the same store commits again; nothing is lost.
 */
static void error_sweep(int err, unsigned kinds, unsigned flags, sspf_err want,
			const char *text)
{
	static unsigned char state[NMAX + 2];
	int k = 0, failed = 0, ok = 0;
	make_db();
	sspf_store *st = tu_open_ok(db, 0);
	sspf_core *core = tu_core_open(st);
	memset(state, 0, sizeof state);
	for (int type = 0; type < 2; type++) {
		long calls;
		/* measure: how many calls a commit of this type makes */
		fio_install();
		k += (k & 1) == type ? 1 : 2;
		tu_ok(fd_txn(st, core, k), "a commit without faults");
		state[k] = 1;
		calls = fio_calls();
		for (long i = 1; i <= calls && k + 8 <= NMAX; i++) {
			char when[96];
			fio_install();
			fio_fail(kinds, i, err, flags);
			k += 2;
			sspf_err e = fd_txn(st, core, k);
			unsigned kind = fio_kind_of(i);
			snprintf(when, sizeof when,
				 "%s at call %ld (%s) of %ld", strerror(err), i,
				 fio_kind_name(kind), calls);
			if (getenv("FAULTS_VERBOSE"))
				printf("%s: %s, %ld failed\n", when,
				       e == SSPF_OK ? "ok" : sspf_err_detail(),
				       fio_failed());
			if (e == SSPF_OK) {
				state[k] = 1;
				ok++;
			} else {
				const char *d = sspf_err_detail();
				ck_assert_msg(e == want, "%s: %s (%s)", when,
					      sspf_strerror(e), d);
				ck_assert_msg(strstr(d, text) != NULL &&
						      strstr(d, db) != NULL,
					      "%s: detail \"%s\"", when, d);
				ck_assert_msg(err != EIO ||
						      strstr(d, op_word(kind)),
					      "%s: \"%s\" does not say %s",
					      when, d, op_word(kind));
				/* a failed save never turns up, not later
				 * and not after a reopen */
				state[k] = 0;
				failed++;
			}
			/*
			 * While the fault lasts, saving fails; on a full
			 * disk a save that fits in the space the log
			 * already has still goes through.
			 */
			if ((flags & FIO_PERSIST) && fio_failed() > 0) {
				k += 2;
				sspf_err again = fd_txn(st, core, k);
				ck_assert_msg(
					again == want ||
						(again == SSPF_OK &&
						 (flags & FIO_ALLOCATING)),
					"%s: the next save: %s", when,
					sspf_strerror(again));
				state[k] = again == SSPF_OK;
			}
			fio_fail_stop();
			k += 2;
			tu_ok(fd_txn(st, core, k), "a commit after the fault");
			state[k] = 1;
			fd_verify(st, core, state, k, when);
		}
	}
	fio_uninstall();
	sspf_core_close(core);
	sspf_store_close(st);
	reopen_verify(state, k, "reopened after the faults");
	printf("%s: %d commits failed, %d went through despite the fault\n",
	       strerror(err), failed, ok);
	ck_assert_int_gt(failed, 0);
}

START_TEST(test_eio)
{
	error_sweep(EIO, FIO_ANY, FIO_ONCE, SSPF_ERR_IO, strerror(EIO));
}
END_TEST

START_TEST(test_enospc)
{
	/* a full disk: writes that need new space fail, overwrites do not */
	error_sweep(ENOSPC, FIO_WRITE | FIO_ALLOC, FIO_PERSIST | FIO_ALLOCATING,
		    SSPF_ERR_FULL, "the disk is full");
}
END_TEST

START_TEST(test_enospc_strict)
{
	/* a file system that may refuse even overwrites when full */
	error_sweep(ENOSPC, FIO_WRITE | FIO_ALLOC, FIO_PERSIST, SSPF_ERR_FULL,
		    "the disk is full");
}
END_TEST

START_TEST(test_erofs)
{
	error_sweep(EROFS, FIO_MUTATE, FIO_PERSIST, SSPF_ERR_PERMISSION,
		    "read-only");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("faults");
	const struct tu_test tests[] = {
		{ "power_cut", test_power_cut },
		{ "power_cut_passwd", test_power_cut_passwd },
		{ "power_cut_backup", test_power_cut_backup },
		{ "power_cut_backup_over", test_power_cut_backup_over },
		{ "power_cut_recovery", test_power_cut_recovery },
		{ "eio", test_eio },
		{ "failed_sync_then_crash", test_failed_sync_then_crash },
		{ "enospc", test_enospc },
		{ "enospc_strict", test_enospc_strict },
		{ "erofs", test_erofs },
	};
	tu_add_tests(s, tests, sizeof tests / sizeof *tests, setup, teardown);
	return run_all(s);
}
