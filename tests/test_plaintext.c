/*
 * test_plaintext.c - no byte of what was stored is ever on disk in clear:
 * not in the file, not in the redo log, not in a backup, not in a temporary
 * file, not after a transaction killed half way, a killed commit or VACUUM.
 * The same writes into a plain SQLite file are found by the same scan, so
 * the scan itself is known to work.
 */
#include "testutil.h"

#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

/* Stored and kept: the control file must show each of these. */
static const char *const kept[] = {
	"MARKER-Ahmed-Åsa-7f3a",     "MARKER-Björk-Lindqvist-91c4",
	"MARKER-Zeynep-Öztürk-0b5e", "MARKER-Mirja-Kallio-44d1",
	"LONGTEXT-Ibrahimović-",
};
#define NKEPT (sizeof kept / sizeof *kept)
/* Stored, then deleted. */
#define DELETED "MARKER-deleted-Ekström-c3d7"
/* Written in a transaction that was killed before COMMIT. */
#define KILLED "MARKER-killed-Lövgren-2e8c"
/* Written by commits that were killed at random moments. */
#define CRASHED "MARKER-crashed-Sörensen-5a90"

static void exec_h(sqlite3 *h, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(h, sql, NULL, NULL, &msg);
	ck_assert_msg(rc == SQLITE_OK, "%.60s: rc %d %s", sql, rc,
		      msg ? msg : "");
	sqlite3_free(msg);
}

static int insert(sqlite3 *h, const char *name, const char *note)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(
		h, "INSERT INTO rec(name, note) VALUES(?, ?)", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, note, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc;
}

/* A note holding marker m, padded to about len bytes. */
static char *note_for(const char *m, int i, size_t len)
{
	char *p = malloc(len + 128);
	ck_assert_ptr_nonnull(p);
	int n = snprintf(p, len + 128, "%s: note %d about the child %s; ", m, i,
			 m);
	while ((size_t)n < len)
		n += snprintf(p + n, len + 128 - (size_t)n, "%s ", m);
	return p;
}

/* The long text: ~40 KB over several overflow pages. */
static char *long_text(void)
{
	size_t cap = 48 * 1024, n = 0;
	char *p = malloc(cap);
	ck_assert_ptr_nonnull(p);
	for (int i = 0; n + 64 < cap - 4096; i++)
		n += (size_t)snprintf(p + n, cap - n, "%s%06d ", kept[4], i);
	return p;
}

/* The same writes for the encrypted store and the plain control file. */
static void write_records(sqlite3 *h)
{
	exec_h(h,
	       "CREATE TABLE rec(id INTEGER PRIMARY KEY, name TEXT, note TEXT);"
	       "CREATE INDEX rec_name ON rec(name);"
	       "CREATE INDEX rec_note ON rec(note);");
	/* many small transactions */
	for (int i = 0; i < 200; i++) {
		const char *m = i % 5 == 4 ? DELETED : kept[i % 4];
		char *note = note_for(m, i, 100 + (size_t)(i % 7) * 150);
		ck_assert_int_eq(insert(h, m, note), SQLITE_DONE);
		free(note);
	}
	/* a few big ones */
	for (int t = 0; t < 3; t++) {
		exec_h(h, "BEGIN");
		for (int i = 0; i < 400; i++) {
			const char *m =
				i % 5 == 4 ? DELETED : kept[(i + t) % 4];
			char *note = note_for(m, i, 300);
			ck_assert_int_eq(insert(h, m, note), SQLITE_DONE);
			free(note);
		}
		exec_h(h, "COMMIT");
	}
	/* long text over several pages, indexed too */
	char *lt = long_text();
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(insert(h, kept[i], lt), SQLITE_DONE);
	free(lt);
	exec_h(h, "DELETE FROM rec WHERE name = '" DELETED "'");
}

/* ---- the scan ---- */

struct needle {
	const char *s;
	size_t len;
	int hits;
};

static struct needle *g_needles;
static size_t g_nneedles;
static int g_files;
static long g_bytes;

static int scan_one(const char *path, const struct stat *sb, int flag,
		    struct FTW *ftw)
{
	(void)ftw;
	if (flag != FTW_F || !S_ISREG(sb->st_mode))
		return 0;
	size_t len;
	uint8_t *buf = tu_read_file(path, &len);
	if (buf == NULL)
		return 0;
	g_files++;
	g_bytes += (long)len;
	for (size_t i = 0; i < g_nneedles; i++) {
		const uint8_t *at =
			memmem(buf, len, g_needles[i].s, g_needles[i].len);
		if (at != NULL) {
			g_needles[i].hits++;
			printf("  %s: '%s' at offset %ld\n", path,
			       g_needles[i].s, (long)(at - buf));
		}
	}
	free(buf);
	return 0;
}

/* Scan every file under root; returns the total number of hits. */
static int scan(const char *root, struct needle *n, size_t count)
{
	g_needles = n;
	g_nneedles = count;
	g_files = 0;
	g_bytes = 0;
	for (size_t i = 0; i < count; i++) {
		n[i].len = strlen(n[i].s);
		n[i].hits = 0;
	}
	ck_assert_int_eq(nftw(root, scan_one, 16, FTW_PHYS), 0);
	int hits = 0;
	for (size_t i = 0; i < count; i++)
		hits += n[i].hits;
	printf("scanned %d files, %ld bytes under %s: %d hits\n", g_files,
	       g_bytes, root, hits);
	fflush(stdout);
	return hits;
}

/* ---- children that get killed ---- */

/* Opens, writes KILLED rows in one open transaction (more than the page
 * cache holds, so pages spill), tells the parent, waits to be killed. */
static void killed_txn_child(const char *db, int wfd)
{
	sspf_store *st = tu_child_open(db);
	sqlite3 *h = sspf_store_db(st);
	if (sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		_exit(TU_EXIT_SETUP + 3);
	char note[1200];
	for (int i = 0; i < 3000; i++) {
		int n = snprintf(note, sizeof note, "%s %d ", KILLED, i);
		while (n < 1100)
			n += snprintf(note + n, sizeof note - (size_t)n, "%s ",
				      KILLED);
		if (insert(h, KILLED, note) != SQLITE_DONE)
			_exit(TU_EXIT_SETUP + 4);
	}
	if (write(wfd, "x", 1) != 1)
		_exit(TU_EXIT_SETUP + 5);
	for (;;)
		pause();
}

/* Commits CRASHED rows one by one, a byte to the parent after each. */
static void crash_child(const char *db, int wfd)
{
	sspf_store *st = tu_child_open(db);
	if (write(wfd, "o", 1) != 1)
		_exit(TU_EXIT_SETUP + 5);
	char note[600];
	for (int i = 0;; i++) {
		snprintf(note, sizeof note, "%s %d %s %s %s", CRASHED, i,
			 CRASHED, CRASHED, CRASHED);
		if (insert(sspf_store_db(st), CRASHED, note) != SQLITE_DONE)
			_exit(TU_EXIT_SETUP + 4);
		if (write(wfd, "c", 1) != 1)
			_exit(TU_EXIT_SETUP + 5);
	}
}

static pid_t spawn(void (*fn)(const char *, int), const char *db, int *rfd)
{
	int fds[2];
	ck_assert_int_eq(pipe(fds), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(fds[0]);
		fn(db, fds[1]);
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
		      "child ended by itself (status %d)", status);
}

START_TEST(test_no_plaintext)
{
	uint64_t rng = tu_seed("plaintext");
	char *dir = tu_tmpdir();
	/* any temporary file SQLite made would land here and be scanned */
	char *sqltmp = tu_join(dir, "tmp");
	ck_assert_int_eq(mkdir(sqltmp, 0700), 0);
	setenv("TMPDIR", sqltmp, 1);
	setenv("SQLITE_TMPDIR", sqltmp, 1);
	char *db = tu_join(dir, "sspf.db");
	char *redo = tu_redo(db);
	char rec[SSPF_RECOVERY_TEXT_SIZE];

	sspf_store *st = tu_create(db, rec);
	write_records(sspf_store_db(st));
	ck_assert_int_gt(tu_int(st, "SELECT count(*) FROM rec"), 1000);
	sspf_store_close(st);

	/* a transaction killed half way, after its pages spilled */
	int rfd;
	char c = 0;
	pid_t pid = spawn(killed_txn_child, db, &rfd);
	if (read(rfd, &c, 1) != 1 || c != 'x')
		ck_abort_msg("the writer did not get into its transaction: %s",
			     tu_reap_status(pid));
	kill_and_reap(pid);
	close(rfd);

	/* commits killed at random moments; keep any redo log left over */
	char *leftover = tu_join(dir, "leftover-redo");
	int left = 0;
	for (int round = 0; round < 30; round++) {
		pid = spawn(crash_child, db, &rfd);
		if (read(rfd, &c, 1) != 1)
			ck_abort_msg("round %d: the writer did not start: %s",
				     round, tu_reap_status(pid));
		usleep((useconds_t)tu_below(&rng, 15000));
		kill_and_reap(pid);
		close(rfd);
		if (tu_file_size(redo) > 0) {
			char name[64];
			snprintf(name, sizeof name, "%s-%d", leftover, left++);
			tu_copy_file(redo, name);
		}
	}
	printf("%d killed commits left a redo log behind\n", left);

	st = tu_open_ok(db, 0);
	ck_assert_int_eq(tu_int(st,
				"SELECT count(*) FROM rec WHERE name = '" KILLED
				"'"),
			 0);
	ck_assert_int_eq(
		tu_int(st,
		       "SELECT count(*) FROM rec WHERE name = '" DELETED "'"),
		0);
	tu_exec(st, "VACUUM");
	char *bdir = tu_join(dir, "backup");
	char *dest = tu_join(bdir, "copy.db");
	ck_assert_int_eq(mkdir(bdir, 0700), 0);
	ck_assert_int_eq(sspf_store_backup(st, dest, 0), SSPF_OK);
	/* and one more round of work after VACUUM */
	tu_exec(st, "DELETE FROM rec WHERE id % 3 = 0");
	sspf_store_close(st);

	char bare[SSPF_RECOVERY_TEXT_SIZE] = "";
	for (size_t i = 0, b = 0; rec[i]; i++)
		if (rec[i] != '-')
			bare[b++] = rec[i];
	struct needle n[NKEPT + 6] = { 0 };
	for (size_t i = 0; i < NKEPT; i++)
		n[i].s = kept[i];
	n[NKEPT].s = DELETED;
	n[NKEPT + 1].s = KILLED;
	n[NKEPT + 2].s = CRASHED;
	n[NKEPT + 3].s = TU_PASS;
	n[NKEPT + 4].s = rec;
	n[NKEPT + 5].s = bare;
	ck_assert_int_eq(scan(dir, n, NKEPT + 6), 0);
	/* the scan saw the store, its redo log and the backup */
	ck_assert_int_ge(g_files, 3);
	ck_assert_int_gt(tu_file_size(db), 100 * 1024);
	ck_assert_int_ge(tu_file_size(redo), 0);
	ck_assert_int_gt(tu_file_size(dest), 100 * 1024);

	tu_rmrf(dir);
	free(dir);
	free(sqltmp);
	free(db);
	free(redo);
	free(leftover);
	free(bdir);
	free(dest);
}
END_TEST

START_TEST(test_scan_finds_plaintext)
{
	char *dir = tu_tmpdir();
	char *plain = tu_join(dir, "plain.sqlite");
	sqlite3 *h = NULL;
	ck_assert_int_eq(sqlite3_open(plain, &h), SQLITE_OK);
	write_records(h);
	ck_assert_int_eq(sqlite3_close(h), SQLITE_OK);

	struct needle n[NKEPT] = { 0 };
	for (size_t i = 0; i < NKEPT; i++)
		n[i].s = kept[i];
	scan(dir, n, NKEPT);
	for (size_t i = 0; i < NKEPT; i++)
		ck_assert_msg(n[i].hits > 0,
			      "the scan missed '%s' in a plain file", kept[i]);
	tu_rmrf(dir);
	free(dir);
	free(plain);
}
END_TEST

/*
 * No file but the database and its redo log is ever made, not even for a
 * moment: SQLite unlinks its temporary files as soon as it opens them, so
 * a scan afterwards could not see them; inotify sees every creation. The
 * workload forces temporary files in plain SQLite: a tiny page cache,
 * large sorts, a temporary table and index, VACUUM.
 */
static const char *const temp_workload =
	"PRAGMA cache_size=4;"
	"CREATE TABLE w(id INTEGER PRIMARY KEY, name TEXT);"
	"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c"
	"  WHERE x<6000) INSERT INTO w(name) SELECT 'MARKER-temp-' ||"
	"  hex(randomblob(200)) FROM c;"
	"CREATE INDEX w_name ON w(name);"
	"CREATE TEMP TABLE tw AS SELECT name FROM w ORDER BY name DESC;"
	"CREATE INDEX temp.tw_name ON tw(name);"
	"SELECT count(*) FROM (SELECT DISTINCT name FROM w ORDER BY 1);"
	"VACUUM;";

/* Names created in dir while fn runs; returns how many were unexpected. */
static int creations(const char *dir, const char *const *allowed,
		     void (*fn)(void *), void *arg)
{
	char buf[8192] __attribute__((aligned(8)));
	int fd = inotify_init1(IN_NONBLOCK), unexpected = 0;
	ssize_t n;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_ge(inotify_add_watch(fd, dir, IN_CREATE), 0);
	fn(arg);
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		for (char *p = buf; p < buf + n;) {
			struct inotify_event *ev = (struct inotify_event *)p;
			int ok = 0;

			for (size_t i = 0; ev->len && allowed[i]; i++)
				ok |= strcmp(ev->name, allowed[i]) == 0;
			if (!ok) {
				printf("created in %s: %s\n", dir,
				       ev->len ? ev->name : "?");
				unexpected++;
			}
			p += sizeof *ev + ev->len;
		}
	}
	close(fd);
	return unexpected;
}

static void run_sspf_workload(void *arg)
{
	sspf_store *st = tu_create(arg, NULL);
	tu_exec(st, temp_workload);
	sspf_store_close(st);
}

static void run_plain_workload(void *arg)
{
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(arg, &h), SQLITE_OK);
	exec_h(h, "PRAGMA temp_store=FILE");
	exec_h(h, temp_workload);
	sqlite3_close(h);
}

START_TEST(test_no_temp_files)
{
	char *dir = tu_tmpdir();
	char *db = tu_join(dir, "sspf.db");
	char *plain = tu_join(dir, "plain.db");
	static const char *const ours[] = { "sspf.db", "sspf.db-redo", NULL };
	static const char *const theirs[] = { "plain.db", "plain.db-journal",
					      NULL };

	setenv("SQLITE_TMPDIR", dir, 1);
	setenv("TMPDIR", dir, 1);
	ck_assert_int_eq(creations(dir, ours, run_sspf_workload, db), 0);
	/* the control: plain SQLite does make temporary files here */
	ck_assert_int_gt(creations(dir, theirs, run_plain_workload, plain), 0);
	unsetenv("SQLITE_TMPDIR");
	unsetenv("TMPDIR");
	tu_rmrf(dir);
	free(dir);
	free(db);
	free(plain);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("plaintext");
	TCase *tc = tcase_create("scan");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_scan_finds_plaintext);
	tcase_add_test(tc, test_no_plaintext);
	tcase_add_test(tc, test_no_temp_files);
	suite_add_tcase(s, tc);
	return run_all(s);
}
