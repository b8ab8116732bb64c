/*
 * test_store.c - the encrypted store as a user meets it: create, open,
 * close, the passphrase and the recovery key, refusals (locked, wrong,
 * newer, not an sspf file), file modes, passphrase change, VACUUM, backup,
 * a full disk, a damaged header copy, check, no core dumps.
 */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static char *dir, *db, *redo;

static void setup(void)
{
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

/* ---- rows with content that follows from their id ---- */

static size_t row_len(int64_t id)
{
	return 500 + (size_t)((id * 7919) % 7000);
}

static void row_blob(int64_t id, uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(id * 131 + (int64_t)i * 17 +
				   (int64_t)(i >> 8));
}

static void row_name(int64_t id, char *buf, size_t n)
{
	snprintf(buf, n, "name-%lld-Åsa-Ödegaard", (long long)id);
}

static void rows_create(sspf_store *st)
{
	tu_exec(st, "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
		    " data BLOB NOT NULL); CREATE INDEX t_name ON t(name);");
}

/* Insert one row; returns the SQLite result (SQLITE_DONE on success). */
static int row_insert(sqlite3 *h, int64_t id)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(h,
				    "INSERT INTO t(id, name, data)"
				    " VALUES(?, ?, ?)",
				    -1, &s, NULL);
	if (rc != SQLITE_OK)
		return rc;
	char name[64];
	size_t len = row_len(id);
	uint8_t *buf = malloc(len);
	if (buf == NULL) {
		sqlite3_finalize(s);
		return SQLITE_NOMEM;
	}
	row_name(id, name, sizeof name);
	row_blob(id, buf, len);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(s, 3, buf, (int)len, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	free(buf);
	return rc;
}

static void rows_insert(sspf_store *st, int64_t first, int64_t last)
{
	tu_exec(st, "BEGIN");
	for (int64_t id = first; id <= last; id++)
		ck_assert_int_eq(row_insert(sspf_store_db(st), id),
				 SQLITE_DONE);
	tu_exec(st, "COMMIT");
}

/* The table holds exactly the rows first..last, each as written. */
static void rows_verify(sspf_store *st, int64_t first, int64_t last)
{
	sqlite3_stmt *s = NULL;
	ck_assert_int_eq(
		sqlite3_prepare_v2(sspf_store_db(st),
				   "SELECT id, name, data FROM t ORDER BY id",
				   -1, &s, NULL),
		SQLITE_OK);
	int64_t want = first;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		ck_assert_int_eq(id, want);
		char name[64];
		row_name(id, name, sizeof name);
		ck_assert_str_eq((const char *)sqlite3_column_text(s, 1), name);
		size_t len = row_len(id);
		uint8_t *buf = malloc(len);
		ck_assert_ptr_nonnull(buf);
		row_blob(id, buf, len);
		ck_assert_int_eq(sqlite3_column_bytes(s, 2), (int)len);
		ck_assert(memcmp(sqlite3_column_blob(s, 2), buf, len) == 0);
		free(buf);
		want++;
	}
	sqlite3_finalize(s);
	ck_assert_int_eq(rc, SQLITE_DONE);
	ck_assert_int_eq(want, last + 1);
}

/* Copies of NAME and NAME-redo to compare with later. */
static void snapshot(const char *path, const char *tag)
{
	char *a = tu_join(dir, tag), *ar = tu_redo(a), *r = tu_redo(path);
	tu_copy_file(path, a);
	tu_copy_file(r, ar);
	free(a);
	free(ar);
	free(r);
}

static int unchanged(const char *path, const char *tag)
{
	char *a = tu_join(dir, tag), *ar = tu_redo(a), *r = tu_redo(path);
	int same = tu_files_equal(path, a) && tu_files_equal(r, ar);
	free(a);
	free(ar);
	free(r);
	return same;
}

static void make_db(char rec[SSPF_RECOVERY_TEXT_SIZE], int64_t nrows)
{
	sspf_store *st = tu_create(db, rec);
	rows_create(st);
	if (nrows > 0)
		rows_insert(st, 1, nrows);
	sspf_store_close(st);
}

static int mode_of(const char *path)
{
	struct stat sb;
	ck_assert_msg(stat(path, &sb) == 0, "stat %s: %s", path,
		      strerror(errno));
	return (int)(sb.st_mode & 07777);
}

/* ---- create, open, close ---- */

START_TEST(test_roundtrip)
{
	char rec[SSPF_RECOVERY_TEXT_SIZE];
	sspf_store *st = tu_create(db, rec);
	ck_assert_str_eq(sspf_store_path(st), db);
	/* 8 groups of 4 Crockford characters: what the user writes down */
	ck_assert_uint_eq(strlen(rec), 39);
	for (int i = 0; i < 39; i++) {
		if (i % 5 == 4)
			ck_assert_int_eq(rec[i], '-');
		else
			ck_assert_ptr_nonnull(strchr(crockford, rec[i]));
	}
	rows_create(st);
	rows_insert(st, 1, 40);
	rows_verify(st, 1, 40);
	sspf_store_close(st);
	ck_assert_int_ge(tu_page_count(db), 2);

	st = tu_open_ok(db, 0);
	rows_verify(st, 1, 40);
	rows_insert(st, 41, 60);
	sspf_store_close(st);

	st = tu_open_ok(db, 0);
	ck_assert_str_eq(sspf_store_path(st), db);
	rows_verify(st, 1, 60);
	sspf_store_close(st);
}
END_TEST

START_TEST(test_locked)
{
	make_db(NULL, 3);
	sspf_store *st = tu_open_ok(db, 0), *st2;
	ck_assert_int_eq(tu_open(db, TU_PASS, 0, &st2), SSPF_ERR_LOCKED);
	ck_assert_int_eq(tu_open(db, TU_PASS, SSPF_OPEN_READONLY, &st2),
			 SSPF_ERR_LOCKED);

	/* another process */
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* do not close the inherited store: its lock is shared */
		sspf_store *c = NULL;
		sspf_err e = sspf_store_open(db, SSPF_UNLOCK_PASSPHRASE,
					     TU_PASS, TU_PASS_LEN, 0, &c);
		_exit((int)e);
	}
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), SSPF_ERR_LOCKED);

	rows_verify(st, 1, 3); /* the holder is unaffected */
	sspf_store_close(st);
	st = tu_open_ok(db, 0);
	rows_verify(st, 1, 3);
	sspf_store_close(st);
}
END_TEST

START_TEST(test_wrong_passphrase)
{
	char rec[SSPF_RECOVERY_TEXT_SIZE];
	make_db(rec, 5);
	snapshot(db, "before");
	char shorter[sizeof TU_PASS], longer[sizeof TU_PASS + 1];
	memcpy(shorter, TU_PASS, TU_PASS_LEN - 1);
	shorter[TU_PASS_LEN - 1] = 0;
	snprintf(longer, sizeof longer, "%sx", TU_PASS);
	const char *wrong[] = { "wrong passphrase 123", shorter, longer, rec };
	for (size_t i = 0; i < sizeof wrong / sizeof *wrong; i++) {
		sspf_store *st;
		ck_assert_int_eq(tu_open(db, wrong[i], 0, &st),
				 SSPF_ERR_WRONG_PASSPHRASE);
		ck_assert_ptr_null(st);
		ck_assert_int_eq(tu_open(db, wrong[i], SSPF_OPEN_READONLY, &st),
				 SSPF_ERR_WRONG_PASSPHRASE);
	}
	ck_assert_msg(unchanged(db, "before"),
		      "a failed open changed the files");
	sspf_store *st = tu_open_ok(db, 0);
	rows_verify(st, 1, 5);
	sspf_store_close(st);
}
END_TEST

START_TEST(test_weak_passphrase)
{
	sspf_store *st = NULL;
	char rec[SSPF_RECOVERY_TEXT_SIZE];
	const char *weak = "123456789"; /* one below SSPF_PASSPHRASE_MIN */
	ck_assert_uint_eq(strlen(weak) + 1, SSPF_PASSPHRASE_MIN);
	ck_assert_int_eq(
		sspf_store_create(db, weak, strlen(weak), &tu_kdf, rec, &st),
		SSPF_ERR_WEAK_PASSPHRASE);
	sspf_store_close(st);
	ck_assert_int_eq(tu_file_size(db), -1);

	make_db(NULL, 2);
	st = tu_open_ok(db, 0);
	ck_assert_int_eq(sspf_store_passwd(st, weak, strlen(weak), &tu_kdf),
			 SSPF_ERR_WEAK_PASSPHRASE);
	sspf_store_close(st);
	st = tu_open_ok(db, 0);
	sspf_store_close(st);
}
END_TEST

/* ---- the recovery key ---- */

START_TEST(test_recovery_opens)
{
	char rec[SSPF_RECOVERY_TEXT_SIZE];
	make_db(rec, 7);
	sspf_store *st;
	ck_assert_int_eq(tu_open_rec(db, rec, 0, &st), SSPF_OK);
	rows_verify(st, 1, 7);
	sspf_store_close(st);

	/* as a user might type it: lower case, spaces, no dashes */
	char typed[2 * SSPF_RECOVERY_TEXT_SIZE] = "",
		       bare[SSPF_RECOVERY_TEXT_SIZE] = "";
	size_t t = 0, b = 0;
	for (const char *p = rec; *p; p++) {
		if (*p == '-') {
			typed[t++] = ' ';
			continue;
		}
		typed[t++] =
			(char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
		bare[b++] = *p;
	}
	ck_assert_int_eq(tu_open_rec(db, typed, SSPF_OPEN_READONLY, &st),
			 SSPF_OK);
	rows_verify(st, 1, 7);
	sspf_store_close(st);
	ck_assert_int_eq(tu_open_rec(db, bare, SSPF_OPEN_READONLY, &st),
			 SSPF_OK);
	sspf_store_close(st);

	/* O for 0, I and L for 1 */
	char look[SSPF_RECOVERY_TEXT_SIZE];
	memcpy(look, rec, sizeof look);
	int swapped = 0;
	for (char *p = look; *p; p++) {
		if (*p == '0') {
			*p = 'O';
			swapped++;
		} else if (*p == '1') {
			*p = (swapped & 1) ? 'I' : 'l';
			swapped++;
		}
	}
	if (swapped > 0) {
		ck_assert_int_eq(tu_open_rec(db, look, SSPF_OPEN_READONLY, &st),
				 SSPF_OK);
		sspf_store_close(st);
	} else {
		printf("recovery key has no 0 or 1: look-alike check "
		       "skipped\n");
	}
}
END_TEST

START_TEST(test_recovery_typo)
{
	char rec[SSPF_RECOVERY_TEXT_SIZE];
	make_db(rec, 2);
	snapshot(db, "before");
	const int positions[] = { 0, 6, 17, 23, 38 };
	for (size_t i = 0; i < sizeof positions / sizeof *positions; i++) {
		char bad[SSPF_RECOVERY_TEXT_SIZE];
		memcpy(bad, rec, sizeof bad);
		int p = positions[i];
		const char *at = strchr(crockford, bad[p]);
		ck_assert_ptr_nonnull(at);
		bad[p] = crockford[(at - crockford + 1) % 32];
		sspf_store *st;
		ck_assert_msg(
			tu_open_rec(db, bad, 0, &st) == SSPF_ERR_RECOVERY_TYPO,
			"'%s' (from '%s') is not reported as a typo", bad, rec);
	}
	/* a character left out */
	char cut[SSPF_RECOVERY_TEXT_SIZE];
	memcpy(cut, rec, sizeof cut);
	cut[37] = 0;
	sspf_store *st;
	ck_assert_int_eq(tu_open_rec(db, cut, 0, &st), SSPF_ERR_RECOVERY_TYPO);
	ck_assert_msg(unchanged(db, "before"),
		      "a failed open changed the files");
}
END_TEST

START_TEST(test_recovery_other_db)
{
	char rec[SSPF_RECOVERY_TEXT_SIZE], rec2[SSPF_RECOVERY_TEXT_SIZE];
	make_db(rec, 2);
	char *other = tu_join(dir, "other.db");
	sspf_store_close(tu_create(other, rec2));
	ck_assert_str_ne(rec, rec2);
	snapshot(db, "before");
	sspf_store *st;
	ck_assert_int_eq(tu_open_rec(db, rec2, 0, &st),
			 SSPF_ERR_WRONG_RECOVERY);
	ck_assert_int_eq(tu_open_rec(other, rec, 0, &st),
			 SSPF_ERR_WRONG_RECOVERY);
	ck_assert_msg(unchanged(db, "before"),
		      "a failed open changed the files");
	ck_assert_int_eq(tu_open_rec(other, rec2, 0, &st), SSPF_OK);
	sspf_store_close(st);
	free(other);
}
END_TEST

/* ---- probe ---- */

static void expect_refused(const char *path, sspf_err want)
{
	char *keep = tu_join(dir, "keep"), *r = tu_redo(path);
	tu_copy_file(path, keep);
	int entries = tu_dir_entries(dir);
	ck_assert_msg(sspf_store_probe(path) == want, "probe %s: %s, want %s",
		      path, sspf_strerror(sspf_store_probe(path)),
		      sspf_strerror(want));
	sspf_store *st;
	sspf_err e = tu_open(path, TU_PASS, 0, &st);
	ck_assert_msg(e == want, "open %s: %s, want %s", path, sspf_strerror(e),
		      sspf_strerror(want));
	e = tu_open(path, TU_PASS, SSPF_OPEN_READONLY, &st);
	ck_assert_msg(e == want, "open readonly %s: %s", path,
		      sspf_strerror(e));
	ck_assert_msg(tu_files_equal(path, keep), "%s was written to", path);
	ck_assert_int_eq(tu_file_size(r), -1);
	ck_assert_int_eq(tu_dir_entries(dir), entries);
	unlink(keep);
	free(keep);
	free(r);
}

START_TEST(test_probe_not_sspf)
{
	char *plain = tu_join(dir, "plain.sqlite");
	sqlite3 *h = NULL;
	ck_assert_int_eq(sqlite3_open(plain, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h,
				      "CREATE TABLE x(a); INSERT INTO x"
				      " VALUES('hello');",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(h);
	expect_refused(plain, SSPF_ERR_NOT_SSPF);

	char *rnd = tu_join(dir, "random.bin");
	uint64_t s = tu_seed("random file");
	uint8_t buf[20000];
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (uint8_t)tu_rand(&s);
	tu_write_file(rnd, buf, sizeof buf);
	expect_refused(rnd, SSPF_ERR_NOT_SSPF);

	char *empty = tu_join(dir, "empty");
	tu_write_file(empty, "", 0);
	expect_refused(empty, SSPF_ERR_NOT_SSPF);
	free(plain);
	free(rnd);
	free(empty);
}
END_TEST

START_TEST(test_probe_truncated)
{
	make_db(NULL, 5);
	ck_assert_int_eq(sspf_store_probe(db), SSPF_OK);
	size_t len;
	uint8_t *whole = tu_read_file(db, &len);
	ck_assert_ptr_nonnull(whole);
	char *cut = tu_join(dir, "cut.db");
	const size_t lens[] = { 4000, 6000, 8191 };
	for (size_t i = 0; i < sizeof lens / sizeof *lens; i++) {
		tu_write_file(cut, whole, lens[i]);
		expect_refused(cut, SSPF_ERR_DAMAGED);
	}
	/* whole header, a torn page: damage, from open or from check */
	tu_write_file(cut, whole, 8192 + 100);
	sspf_store *st;
	sspf_err e = tu_open(cut, TU_PASS, SSPF_OPEN_READONLY, &st);
	if (e == SSPF_OK) {
		struct tu_report r = { 0 };
		ck_assert_int_eq(sspf_store_check(st, tu_report_cb, &r),
				 SSPF_ERR_DAMAGED);
		ck_assert_int_ge(r.problems, 1);
		sspf_store_close(st);
	} else {
		ck_assert_int_eq(e, SSPF_ERR_DAMAGED);
	}
	free(whole);
	free(cut);
}
END_TEST

START_TEST(test_probe_missing)
{
	char *missing = tu_join(dir, "nothere.db");
	char *folder = tu_join(dir, "nofolder");
	char *deep = tu_join(folder, "x.db");
	ck_assert_int_eq(sspf_store_probe(missing), SSPF_ERR_NOT_FOUND);
	ck_assert_int_eq(sspf_store_probe(deep), SSPF_ERR_NOT_FOUND);
	sspf_store *st;
	ck_assert_int_eq(tu_open(missing, TU_PASS, 0, &st), SSPF_ERR_NOT_FOUND);
	ck_assert_int_eq(tu_open(deep, TU_PASS, 0, &st), SSPF_ERR_NOT_FOUND);
	ck_assert_int_eq(tu_dir_entries(dir), 0); /* nothing was made */
	free(missing);
	free(folder);
	free(deep);
}
END_TEST

/* ---- create: modes, refusals ---- */

START_TEST(test_create_modes)
{
	mode_t old = umask(0); /* modes must not depend on the umask */
	char *sub = tu_join(dir, "newfolder");
	char *path = tu_join(sub, "sspf.db");
	char *r = tu_redo(path);
	sspf_store *st = tu_create(path, NULL);
	rows_create(st);
	rows_insert(st, 1, 3);
	sspf_store_close(st);
	umask(old);

	struct stat sb;
	ck_assert_int_eq(stat(sub, &sb), 0);
	ck_assert(S_ISDIR(sb.st_mode));
	ck_assert_msg((sb.st_mode & 07777) == 0700, "folder mode %o",
		      (unsigned)(sb.st_mode & 07777));
	ck_assert_msg(mode_of(path) == 0600, "file mode %o",
		      (unsigned)mode_of(path));
	ck_assert_msg(mode_of(r) == 0600, "redo mode %o", (unsigned)mode_of(r));
	ck_assert_int_eq(tu_file_size(r), 0); /* empty between commits */
	ck_assert_int_gt(tu_page_count(path), 0);
	free(sub);
	free(path);
	free(r);
}
END_TEST

START_TEST(test_create_exists)
{
	static const char text[] = "my notes, not a database";
	tu_write_file(db, text, sizeof text);
	snapshot(db, "before");
	sspf_store *st = NULL;
	char rec[SSPF_RECOVERY_TEXT_SIZE];
	ck_assert_int_eq(
		sspf_store_create(db, TU_PASS, TU_PASS_LEN, &tu_kdf, rec, &st),
		SSPF_ERR_EXISTS);
	sspf_store_close(st);
	ck_assert_msg(unchanged(db, "before"), "create overwrote a file");

	char *real = tu_join(dir, "real.db");
	sspf_store_close(tu_create(real, NULL));
	tu_copy_file(real, db); /* keep for comparing */
	st = NULL;
	ck_assert_int_eq(sspf_store_create(real, "another passphrase", 18,
					   &tu_kdf, rec, &st),
			 SSPF_ERR_EXISTS);
	sspf_store_close(st);
	ck_assert(tu_files_equal(real, db));
	st = tu_open_ok(real, 0); /* still the old passphrase */
	sspf_store_close(st);
	free(real);
}
END_TEST

START_TEST(test_readonly)
{
	make_db(NULL, 10);
	snapshot(db, "before");
	if (geteuid() != 0) {
		ck_assert_int_eq(chmod(db, 0400), 0);
		sspf_store *st;
		ck_assert_int_eq(tu_open(db, TU_PASS, 0, &st),
				 SSPF_ERR_PERMISSION);
	} else {
		printf("test_readonly: running as root, permission bits do not"
		       " apply; testing SSPF_OPEN_READONLY only\n");
	}
	sspf_store *st = tu_open_ok(db, SSPF_OPEN_READONLY);
	rows_verify(st, 1, 10);
	ck_assert_int_eq(tu_int(st, "SELECT count(*) FROM t WHERE name LIKE"
				    " 'name-1%'"),
			 2);
	ck_assert_int_ne(sqlite3_exec(sspf_store_db(st),
				      "INSERT INTO t VALUES"
				      "(99, 'x', x'00')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	ck_assert_int_ne(sspf_store_passwd(st, "a new passphrase", 16, &tu_kdf),
			 SSPF_OK);
	sspf_store_close(st);
	ck_assert_msg(unchanged(db, "before"), "a read-only open wrote");
	chmod(db, 0600);
	st = tu_open_ok(db, 0);
	rows_verify(st, 1, 10);
	sspf_store_close(st);
}
END_TEST

/* ---- versions ---- */

START_TEST(test_newer_schema)
{
	make_db(NULL, 3);
	sspf_store *st = tu_open_ok(db, 0);
	tu_exec(st, "PRAGMA user_version = 999");
	sspf_store_close(st);
	snapshot(db, "before");
	ck_assert_int_eq(tu_open(db, TU_PASS, 0, &st), SSPF_ERR_NEWER);
	ck_assert_int_eq(tu_open(db, TU_PASS, SSPF_OPEN_READONLY, &st),
			 SSPF_ERR_NEWER);
	ck_assert_msg(unchanged(db, "before"), "a refused open wrote");
}
END_TEST

static void set_version(uint8_t *copy, uint32_t v)
{
	copy[8] = (uint8_t)v;
	copy[9] = (uint8_t)(v >> 8);
	copy[10] = (uint8_t)(v >> 16);
	copy[11] = (uint8_t)(v >> 24);
	crypto_generichash(copy + 4064, 32, copy, 4064, NULL, 0);
}

START_TEST(test_newer_format)
{
	make_db(NULL, 3);
	size_t len;
	uint8_t *buf = tu_read_file(db, &len);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_ge(len, 8192);
	for (int c = 0; c < 2; c++) {
		uint8_t *copy = buf + c * 4096, sum[32];
		/* the file is as FORMAT.md says: magic, version 1, checksum */
		ck_assert(memcmp(copy, "sspf-db\0", 8) == 0);
		ck_assert_int_eq(copy[8], 1);
		crypto_generichash(sum, 32, copy, 4064, NULL, 0);
		ck_assert(memcmp(sum, copy + 4064, 32) == 0);
		set_version(copy, 2);
	}
	tu_write_file(db, buf, len);
	free(buf);
	snapshot(db, "before");
	ck_assert_int_eq(sspf_store_probe(db), SSPF_ERR_NEWER);
	sspf_store *st;
	ck_assert_int_eq(tu_open(db, TU_PASS, 0, &st), SSPF_ERR_NEWER);
	ck_assert_int_eq(tu_open(db, TU_PASS, SSPF_OPEN_READONLY, &st),
			 SSPF_ERR_NEWER);
	ck_assert_msg(unchanged(db, "before"), "a refused open wrote");
}
END_TEST

START_TEST(test_schema_version)
{
	int latest = sspf_schema_latest();
	ck_assert_int_ge(latest, 1);
	sspf_store *st = tu_create(db, NULL);
	ck_assert_int_eq(sspf_store_schema_version(st), latest);
	ck_assert_int_eq(tu_int(st, "PRAGMA user_version"), latest);
	ck_assert_int_eq(
		tu_int(st, "SELECT max(version) FROM schema_migration"),
		latest);
	ck_assert_int_eq(tu_int(st, "SELECT count(*) FROM schema_migration"),
			 latest);
	sspf_store_close(st);
	st = tu_open_ok(db, SSPF_OPEN_READONLY);
	ck_assert_int_eq(sspf_store_schema_version(st), latest);
	sspf_store_close(st);
}
END_TEST

/* ---- passphrase change ---- */

START_TEST(test_passwd)
{
	static const char newpass[] = "a brand new passphrase";
	char rec[SSPF_RECOVERY_TEXT_SIZE];
	make_db(rec, 20);
	size_t before_len, after_len;
	uint8_t *before = tu_read_file(db, &before_len);
	sspf_store *st = tu_open_ok(db, 0);
	ck_assert_int_eq(
		sspf_store_passwd(st, newpass, strlen(newpass), &tu_kdf),
		SSPF_OK);
	rows_verify(st, 1, 20); /* the open store goes on working */
	sspf_store_close(st);

	/* only the header was rewritten, no page */
	uint8_t *after = tu_read_file(db, &after_len);
	ck_assert_uint_eq(after_len, before_len);
	ck_assert(memcmp(before, after, 8192) != 0);
	ck_assert_msg(memcmp(before + 8192, after + 8192, before_len - 8192) ==
			      0,
		      "passwd rewrote pages");
	free(before);
	free(after);

	ck_assert_int_eq(tu_open(db, TU_PASS, 0, &st),
			 SSPF_ERR_WRONG_PASSPHRASE);
	ck_assert_int_eq(tu_open(db, newpass, 0, &st), SSPF_OK);
	rows_verify(st, 1, 20);
	rows_insert(st, 21, 22);
	sspf_store_close(st);
	ck_assert_int_eq(tu_open_rec(db, rec, 0, &st), SSPF_OK);
	rows_verify(st, 1, 22);
	sspf_store_close(st);
	ck_assert_int_eq(tu_open(db, TU_PASS, 0, &st),
			 SSPF_ERR_WRONG_PASSPHRASE);
}
END_TEST

/* ---- VACUUM ---- */

START_TEST(test_vacuum)
{
	make_db(NULL, 300);
	sspf_store *st = tu_open_ok(db, 0);
	tu_exec(st, "DELETE FROM t WHERE id > 60");
	sspf_store_close(st);
	long pages_before = tu_page_count(db);
	ck_assert_int_gt(pages_before, 0);

	st = tu_open_ok(db, 0);
	tu_exec(st, "VACUUM");
	sspf_store_close(st);
	long pages_after = tu_page_count(db);
	ck_assert_msg(pages_after > 0 && pages_after < pages_before,
		      "pages %ld -> %ld", pages_before, pages_after);

	st = tu_open_ok(db, 0);
	rows_verify(st, 1, 60);
	ck_assert_int_eq(tu_int(st, "PRAGMA page_count"), pages_after);
	struct tu_report r = { 0 };
	ck_assert_int_eq(sspf_store_check(st, tu_report_cb, &r), SSPF_OK);
	ck_assert_int_eq(r.problems, 0);
	rows_insert(st, 61, 70);
	sspf_store_close(st);
	st = tu_open_ok(db, 0);
	rows_verify(st, 1, 70);
	sspf_store_close(st);
}
END_TEST

/* ---- backup ---- */

START_TEST(test_backup)
{
	char rec[SSPF_RECOVERY_TEXT_SIZE];
	make_db(rec, 50);
	char *bdir = tu_join(dir, "backups");
	char *dest = tu_join(bdir, "copy.db");
	char *dredo = tu_redo(dest);
	ck_assert_int_eq(mkdir(bdir, 0700), 0);

	sspf_store *st = tu_open_ok(db, 0);
	ck_assert_int_eq(sspf_store_backup(st, dest, 0), SSPF_OK);
	rows_insert(st, 51, 51); /* after the backup: not in it */
	rows_verify(st, 1, 51);
	sspf_store_close(st);

	/* nothing but the copy (and its redo log) in the folder */
	int n = tu_dir_entries(bdir);
	ck_assert_int_eq(n, tu_file_size(dredo) >= 0 ? 2 : 1);
	ck_assert_msg(mode_of(dest) == 0600, "backup mode %o",
		      (unsigned)mode_of(dest));
	ck_assert_int_gt(tu_page_count(dest), 0);

	/* a backup gets its own file id */
	size_t la, lb;
	uint8_t *a = tu_read_file(db, &la), *b = tu_read_file(dest, &lb);
	ck_assert(la >= 8192 && lb >= 8192);
	ck_assert(memcmp(a + 24, b + 24, 16) != 0);
	free(a);
	free(b);

	st = tu_open_ok(dest, 0);
	rows_verify(st, 1, 50);
	struct tu_report r = { 0 };
	ck_assert_int_eq(sspf_store_check(st, tu_report_cb, &r), SSPF_OK);
	sspf_store_close(st);
	ck_assert_int_eq(tu_open_rec(dest, rec, SSPF_OPEN_READONLY, &st),
			 SSPF_OK);
	rows_verify(st, 1, 50);
	sspf_store_close(st);
	free(bdir);
	free(dest);
	free(dredo);
}
END_TEST

START_TEST(test_backup_exists)
{
	make_db(NULL, 5);
	char *dest = tu_join(dir, "dest.db");
	char *keep = tu_join(dir, "keep");
	static const char text[] = "an older backup";
	tu_write_file(dest, text, sizeof text);
	tu_copy_file(dest, keep);

	sspf_store *st = tu_open_ok(db, 0);
	ck_assert_int_eq(sspf_store_backup(st, dest, 0), SSPF_ERR_EXISTS);
	ck_assert(tu_files_equal(dest, keep));
	ck_assert_int_eq(sspf_store_backup(st, dest, SSPF_BACKUP_OVERWRITE),
			 SSPF_OK);
	rows_insert(st, 6, 8);
	ck_assert_int_eq(sspf_store_backup(st, dest, 0), SSPF_ERR_EXISTS);
	sspf_store_close(st);

	st = tu_open_ok(dest, 0);
	rows_verify(st, 1, 5);
	sspf_store_close(st);
	free(dest);
	free(keep);
}
END_TEST

/* ---- a full disk ---- */

/* Child: open, cap the file size, insert until it fails. Exit status: the
 * sspf_err of the failed insert; >= 100 for a broken setup. */
static int full_child(int wfd)
{
	sspf_store *st = NULL;
	if (sspf_store_open(db, SSPF_UNLOCK_PASSPHRASE, TU_PASS, TU_PASS_LEN, 0,
			    &st) != SSPF_OK)
		return 100;
	long size = tu_file_size(db);
	struct rlimit rl = { (rlim_t)size + 256 * 1024,
			     (rlim_t)size + 256 * 1024 };
	signal(SIGXFSZ, SIG_IGN);
	if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
		return 101;
	for (int64_t id = 41; id < 5000; id++) {
		int rc = row_insert(sspf_store_db(st), id);
		if (rc != SQLITE_DONE) {
			sspf_err e = sspf_store_sqlerr(st, rc, "insert");
			fprintf(stderr,
				"child: insert %lld: rc %d -> %s (%s)\n",
				(long long)id, rc, sspf_strerror(e),
				sspf_err_detail());
			sspf_store_close(st);
			return (int)e;
		}
		if (write(wfd, &id, sizeof id) != sizeof id)
			return 102;
	}
	return 103;
}

START_TEST(test_disk_full)
{
	make_db(NULL, 40);
	int fds[2];
	ck_assert_int_eq(pipe(fds), 0);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(fds[0]);
		_exit(full_child(fds[1]));
	}
	close(fds[1]);
	int64_t k, last = 40;
	int committed = 0;
	while (read(fds[0], &k, sizeof k) == sizeof k) {
		last = k;
		committed++;
	}
	close(fds[0]);
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status), "child died (signal %d)",
		      WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	ck_assert_msg(WEXITSTATUS(status) == SSPF_ERR_FULL,
		      "insert on a full disk gave %d (%s), want FULL",
		      WEXITSTATUS(status),
		      WEXITSTATUS(status) < SSPF_ERR_COUNT_
			      ? sspf_strerror((sspf_err)WEXITSTATUS(status))
			      : "setup");
	ck_assert_int_ge(committed, 1);
	printf("disk full after %d commits (last id %lld)\n", committed,
	       (long long)last);

	sspf_store *st = tu_open_ok(db, 0);
	int64_t count = tu_int(st, "SELECT count(*) FROM t");
	/* every acknowledged commit is there; the failed one at most whole */
	ck_assert_msg(count == last || count == last + 1,
		      "%lld rows, %lld acknowledged", (long long)count,
		      (long long)last);
	rows_verify(st, 1, count);
	struct tu_report r = { 0 };
	ck_assert_msg(sspf_store_check(st, tu_report_cb, &r) == SSPF_OK, "%s",
		      r.text);
	rows_insert(st, count + 1, count + 1); /* still writable */
	sspf_store_close(st);
	st = tu_open_ok(db, 0);
	rows_verify(st, 1, count + 1);
	sspf_store_close(st);
}
END_TEST

/* ---- header copies, check ---- */

START_TEST(test_header_copy_damage)
{
	int c = _i; /* which copy: 0 or 1 */
	make_db(NULL, 10);
	tu_flip_byte(db, c * 4096 + 200, 0x40); /* in keyslot 1 */
	snapshot(db, "before");
	ck_assert_int_eq(sspf_store_probe(db), SSPF_OK);

	/* as `sspf check` opens: sees the damage, repairs nothing */
	sspf_store *st =
		tu_open_ok(db, SSPF_OPEN_NO_REPAIR | SSPF_OPEN_READONLY);
	ck_assert(sspf_store_warnings(st) & SSPF_WARN_HEADER_DAMAGED);
	ck_assert(!(sspf_store_warnings(st) & SSPF_WARN_HEADER_REPAIRED));
	rows_verify(st, 1, 10);
	struct tu_report r = { 0 };
	ck_assert_int_eq(sspf_store_check(st, tu_report_cb, &r),
			 SSPF_ERR_DAMAGED);
	ck_assert_int_ge(r.problems, 1);
	sspf_store_close(st);
	ck_assert_msg(unchanged(db, "before"), "NO_REPAIR|READONLY wrote");

	/* a normal open repairs it and says so */
	st = tu_open_ok(db, 0);
	ck_assert(sspf_store_warnings(st) & SSPF_WARN_HEADER_REPAIRED);
	rows_verify(st, 1, 10);
	sspf_store_close(st);
	ck_assert(!unchanged(db, "before"));

	st = tu_open_ok(db, SSPF_OPEN_NO_REPAIR | SSPF_OPEN_READONLY);
	ck_assert(!(sspf_store_warnings(st) &
		    (SSPF_WARN_HEADER_DAMAGED | SSPF_WARN_HEADER_REPAIRED)));
	memset(&r, 0, sizeof r);
	ck_assert_msg(sspf_store_check(st, tu_report_cb, &r) == SSPF_OK, "%s",
		      r.text);
	sspf_store_close(st);
}
END_TEST

START_TEST(test_check_healthy)
{
	make_db(NULL, 30);
	sspf_store *st =
		tu_open_ok(db, SSPF_OPEN_NO_REPAIR | SSPF_OPEN_READONLY);
	struct tu_report r = { 0 };
	ck_assert_msg(sspf_store_check(st, tu_report_cb, &r) == SSPF_OK, "%s",
		      r.text);
	ck_assert_int_eq(r.problems, 0);
	ck_assert_int_eq(sspf_store_check(st, NULL, NULL), SSPF_OK);
	sspf_store_close(st);
	st = tu_open_ok(db, 0);
	ck_assert_int_eq(sspf_store_check(st, NULL, NULL), SSPF_OK);
	sspf_store_close(st);
}
END_TEST

START_TEST(test_check_page_damage)
{
	make_db(NULL, 30);
	ck_assert_int_gt(tu_page_count(db), 5);
	tu_flip_byte(db, TU_PAGE_OFF(3) + 24 + 1000, 0x01);
	sspf_store *st =
		tu_open_ok(db, SSPF_OPEN_NO_REPAIR | SSPF_OPEN_READONLY);
	struct tu_report r = { 0 };
	ck_assert_int_eq(sspf_store_check(st, tu_report_cb, &r),
			 SSPF_ERR_DAMAGED);
	ck_assert_int_ge(r.problems, 1);
	ck_assert_msg(tu_mentions_page(r.text, 3),
		      "report without 'page 3':\n%s", r.text);
	sspf_store_close(st);
}
END_TEST

/* ---- no core dumps while a store is open ---- */

static void allow_dumps(void)
{
	ck_assert_int_eq(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0), 0);
	struct rlimit rl;
	ck_assert_int_eq(getrlimit(RLIMIT_CORE, &rl), 0);
	if (rl.rlim_max == 0 && geteuid() == 0)
		rl.rlim_max = RLIM_INFINITY;
	rl.rlim_cur = rl.rlim_max < (1u << 20) ? rl.rlim_max : (1u << 20);
	ck_assert_int_eq(setrlimit(RLIMIT_CORE, &rl), 0);
	ck_assert_int_eq(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);
	if (rl.rlim_cur == 0)
		printf("RLIMIT_CORE hard limit is 0: the limit part proves"
		       " nothing here\n");
}

static void assert_no_dumps(void)
{
	ck_assert_int_eq(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
	struct rlimit rl;
	ck_assert_int_eq(getrlimit(RLIMIT_CORE, &rl), 0);
	ck_assert_int_eq(rl.rlim_cur, 0);
}

START_TEST(test_no_core_dumps)
{
	char rec[SSPF_RECOVERY_TEXT_SIZE];
	allow_dumps();
	sspf_store *st = tu_create(db, rec);
	assert_no_dumps();
	sspf_store_close(st);

	allow_dumps();
	st = tu_open_ok(db, SSPF_OPEN_READONLY);
	assert_no_dumps();
	sspf_store_close(st);

	allow_dumps();
	ck_assert_int_eq(tu_open_rec(db, rec, 0, &st), SSPF_OK);
	assert_no_dumps();
	sspf_store_close(st);
}
END_TEST

/*
 * Read-only file and read-only folder, with permission bits that apply:
 * tests often run as root, so the child becomes the user "nobody" first.
 * The child reports the first step that went wrong by its exit status.
 */
static int permissions_child(void)
{
	char *bak = tu_join(dir, "backup.db"), *fresh = tu_join(dir, "new.db");
	char rec[SSPF_RECOVERY_TEXT_SIZE];
	sspf_store *st;
	int rc = 0;

	if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
		return 90;
	/* a read-only file opens for reading, never for writing */
	if (chmod(db, 0400) != 0)
		return 91;
	if (tu_open(db, TU_PASS, 0, &st) != SSPF_ERR_PERMISSION)
		rc = 1;
	else if (tu_open(db, TU_PASS, SSPF_OPEN_READONLY, &st) != SSPF_OK)
		rc = 2;
	else
		sspf_store_close(st);
	if (rc != 0 || chmod(db, 0600) != 0 || chmod(dir, 0500) != 0)
		return rc ? rc : 92;
	/* a read-only folder: the database still saves (its files exist) */
	if (tu_open(db, TU_PASS, 0, &st) != SSPF_OK)
		return 3;
	if (sqlite3_exec(sspf_store_db(st),
			 "INSERT INTO t VALUES(100, 'x', "
			 "x'00')",
			 NULL, NULL, NULL) != SQLITE_OK)
		rc = 4;
	/* but nothing new can be made in it, and nothing half-made is left */
	else if (sspf_store_backup(st, bak, 0) != SSPF_ERR_PERMISSION)
		rc = 5;
	sspf_store_close(st);
	if (rc == 0 && sspf_store_create(fresh, TU_PASS, TU_PASS_LEN, &tu_kdf,
					 rec, &st) != SSPF_ERR_PERMISSION)
		rc = 6;
	if (rc == 0 && (access(bak, F_OK) == 0 || access(fresh, F_OK) == 0))
		rc = 7;
	chmod(dir, 0700);
	free(bak);
	free(fresh);
	return rc;
}

START_TEST(test_permissions)
{
	static const char *const step[] = {
		"",
		"writable open of a 0400 file was not refused",
		"read-only open of a 0400 file failed",
		"open in a read-only folder failed",
		"saving in a read-only folder failed",
		"backup into a read-only folder was not refused",
		"create in a read-only folder was not refused",
		"a refused backup or create left a file behind",
	};
	int status;
	pid_t pid;

	make_db(NULL, 3);
	if (geteuid() == 0)
		ck_assert(chown(dir, 65534, 65534) == 0 &&
			  chown(db, 65534, 65534) == 0 &&
			  chown(redo, 65534, 65534) == 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(permissions_child());
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status), "the child died");
	ck_assert_msg(WEXITSTATUS(status) == 0, "%s (exit %d)",
		      WEXITSTATUS(status) < 8 ? step[WEXITSTATUS(status)]
					      : "setting up the child failed",
		      WEXITSTATUS(status));
	/* the row saved in the read-only folder is there */
	sspf_store *st = tu_open_ok(db, 0);
	ck_assert_int_eq(tu_int(st, "SELECT count(*) FROM t WHERE id = 100"),
			 1);
	sspf_store_close(st);
}
END_TEST

static Suite *store_suite(void)
{
	Suite *s = suite_create("store");
	const struct tu_test tests[] = {
		{ "roundtrip", test_roundtrip, 1 },
		{ "locked", test_locked, 1 },
		{ "wrong_passphrase", test_wrong_passphrase, 1 },
		{ "weak_passphrase", test_weak_passphrase, 1 },
		{ "recovery_opens", test_recovery_opens, 1 },
		{ "recovery_typo", test_recovery_typo, 1 },
		{ "recovery_other_db", test_recovery_other_db, 1 },
		{ "probe_not_sspf", test_probe_not_sspf, 1 },
		{ "probe_truncated", test_probe_truncated, 1 },
		{ "probe_missing", test_probe_missing, 1 },
		{ "create_modes", test_create_modes, 1 },
		{ "create_exists", test_create_exists, 1 },
		{ "readonly", test_readonly, 1 },
		{ "permissions", test_permissions, 1 },
		{ "newer_schema", test_newer_schema, 1 },
		{ "newer_format", test_newer_format, 1 },
		{ "schema_version", test_schema_version, 1 },
		{ "passwd", test_passwd, 1 },
		{ "vacuum", test_vacuum, 1 },
		{ "backup", test_backup, 1 },
		{ "backup_exists", test_backup_exists, 1 },
		{ "disk_full", test_disk_full, 1 },
		{ "header_copy_damage", test_header_copy_damage, 2 },
		{ "check_healthy", test_check_healthy, 1 },
		{ "check_page_damage", test_check_page_damage, 1 },
		{ "no_core_dumps", test_no_core_dumps, 1 },
	};
	tu_add_tests(s, tests, sizeof tests / sizeof *tests, setup, teardown);
	return s;
}

int main(void)
{
	return run_all(store_suite());
}
