/*
 * test_tamper.c - a changed byte anywhere is noticed, never read as data.
 *
 * One byte of a copy of a known database is changed (at hundreds of random
 * places over the header copies, the keyslots and every page), then the
 * copy is opened, read and checked. A damaged header copy is survived (the
 * other copy is used) and reported by check; a damaged page makes the open
 * or the read fail as DAMAGED, and check reports it; no read ever returns a
 * row other than what was written. Also: wrong file length, swapped pages,
 * a page from a backup, and a damaged leftover redo log.
 *
 * The random choices print their seed; SSPF_TEST_SEED=N repeats a run.
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

#define NROWS 80

struct row {
	char k[256];
	uint8_t *v;
	size_t vlen;
};

static struct row rows[NROWS]; /* row id i+1 */
static uint64_t rng;
static char *dir, *db, *work, *workredo;
static uint8_t *owned; /* owned[p]: page p belongs to t or t_k */
static long npages;

/* ---- the database under test ---- */

static void make_rows(void)
{
	for (int i = 0; i < NROWS; i++) {
		struct row *r = &rows[i];
		int n = snprintf(r->k, sizeof r->k, "k-%03d-", i + 1);
		int klen = 20 + (int)tu_below(&rng, 200);
		while (n < klen)
			r->k[n++] = (char)('a' + tu_below(&rng, 26));
		r->k[n] = 0;
		r->vlen = i % 17 == 5 ? 20000 + tu_below(&rng, 5000)
				      : tu_below(&rng, 6000);
		r->v = malloc(r->vlen + 1);
		ck_assert_ptr_nonnull(r->v);
		for (size_t j = 0; j < r->vlen; j++)
			r->v[j] = (uint8_t)tu_rand(&rng);
	}
}

static void insert_rows(sspf_store *st)
{
	sqlite3 *h = sspf_store_db(st);
	tu_exec(st, "CREATE TABLE t(id INTEGER PRIMARY KEY, k TEXT NOT NULL,"
		    " v BLOB NOT NULL); CREATE INDEX t_k ON t(k); BEGIN");
	sqlite3_stmt *s = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(h, "INSERT INTO t VALUES(?,?,?)",
					    -1, &s, NULL),
			 SQLITE_OK);
	for (int i = 0; i < NROWS; i++) {
		sqlite3_bind_int(s, 1, i + 1);
		sqlite3_bind_text(s, 2, rows[i].k, -1, SQLITE_STATIC);
		sqlite3_bind_blob(s, 3, rows[i].v, (int)rows[i].vlen,
				  SQLITE_STATIC);
		ck_assert_int_eq(sqlite3_step(s), SQLITE_DONE);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	tu_exec(st, "COMMIT");
}

/* Which pages hold t and its index, from SQLite's dbstat. */
static void find_owners(void)
{
	npages = tu_page_count(db);
	ck_assert_int_gt(npages, 10);
	owned = calloc((size_t)npages + 1, 1);
	ck_assert_ptr_nonnull(owned);
	sspf_store *st = tu_open_ok(db, SSPF_OPEN_READONLY);
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(sspf_store_db(st),
			       "SELECT pageno FROM dbstat"
			       " WHERE name IN ('t', 't_k')",
			       -1, &s, NULL) != SQLITE_OK) {
		printf("no dbstat: pages are not told apart\n");
	} else {
		while (sqlite3_step(s) == SQLITE_ROW) {
			long p = (long)sqlite3_column_int64(s, 0);
			if (p >= 1 && p <= npages)
				owned[p] = 1;
		}
	}
	sqlite3_finalize(s);
	sspf_store_close(st);
}

static void setup(void)
{
	rng = tu_seed("tamper");
	dir = tu_tmpdir();
	db = tu_join(dir, "orig.db");
	work = tu_join(dir, "work.db");
	workredo = tu_redo(work);
	make_rows();
	sspf_store *st = tu_create(db, NULL);
	insert_rows(st);
	sspf_store_close(st);
	find_owners();
}

static void teardown(void)
{
	for (int i = 0; i < NROWS; i++)
		free(rows[i].v);
	tu_rmrf(dir);
	free(dir);
	free(db);
	free(work);
	free(workredo);
	free(owned);
}

/*
 * Read every row through the table and through the index. Every row that
 * comes back must be exactly as written; on a failure the SQLite error is
 * mapped with sspf_store_sqlerr and returned. SSPF_OK means all NROWS rows
 * came back.
 */
static sspf_err read_all(sspf_store *st)
{
	sqlite3 *h = sspf_store_db(st);
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(h, "SELECT id, k, v FROM t ORDER BY id", -1,
				    &s, NULL);
	if (rc != SQLITE_OK)
		return sspf_store_sqlerr(st, rc, "prepare");
	int64_t prev = 0;
	int n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		ck_assert_msg(id > prev && id <= NROWS,
			      "row id %lld after %lld", (long long)id,
			      (long long)prev);
		const struct row *r = &rows[id - 1];
		const char *k = (const char *)sqlite3_column_text(s, 1);
		ck_assert_msg(k != NULL && strcmp(k, r->k) == 0,
			      "row %lld: k differs", (long long)id);
		ck_assert_msg((size_t)sqlite3_column_bytes(s, 2) == r->vlen &&
				      (r->vlen == 0 ||
				       memcmp(sqlite3_column_blob(s, 2), r->v,
					      r->vlen) == 0),
			      "row %lld: v differs", (long long)id);
		prev = id;
		n++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return sspf_store_sqlerr(st, rc, "read t");
	ck_assert_msg(n == NROWS, "%d rows read without an error, %d written",
		      n, NROWS);

	rc = sqlite3_prepare_v2(h,
				"SELECT k, id FROM t INDEXED BY t_k ORDER BY k",
				-1, &s, NULL);
	if (rc != SQLITE_OK)
		return sspf_store_sqlerr(st, rc, "prepare index");
	n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 1);
		const char *k = (const char *)sqlite3_column_text(s, 0);
		ck_assert_msg(id >= 1 && id <= NROWS && k != NULL &&
				      strcmp(k, rows[id - 1].k) == 0,
			      "index entry for %lld differs", (long long)id);
		n++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return sspf_store_sqlerr(st, rc, "read t_k");
	ck_assert_msg(n == NROWS, "%d index entries read without an error", n);
	return SSPF_OK;
}

static sspf_err check_quiet(sspf_store *st, struct tu_report *r)
{
	memset(r, 0, sizeof *r);
	return sspf_store_check(st, tu_report_cb, r);
}

static void fresh_copy(void)
{
	tu_copy_file(db, work);
	unlink(workredo);
}

/* ---- single byte flips ---- */

struct tally {
	int header, open_failed, read_failed, read_ok;
};

/* A flipped header copy: survived, reported by check, repaired on open. */
static void verify_header_flip(long off)
{
	char *keep = tu_join(dir, "keep.db");
	tu_copy_file(work, keep);
	sspf_store *st;
	sspf_err e = tu_open(work, TU_PASS,
			     SSPF_OPEN_NO_REPAIR | SSPF_OPEN_READONLY, &st);
	ck_assert_msg(e == SSPF_OK, "header flip at %ld: open gave %s (%s)",
		      off, sspf_strerror(e), sspf_err_detail());
	ck_assert_int_eq(read_all(st), SSPF_OK);
	struct tu_report r;
	ck_assert_msg(check_quiet(st, &r) == SSPF_ERR_DAMAGED,
		      "header flip at %ld: check says all is well", off);
	ck_assert_int_ge(r.problems, 1);
	sspf_store_close(st);
	ck_assert_msg(tu_files_equal(work, keep), "NO_REPAIR open wrote");

	st = tu_open_ok(work, 0);
	ck_assert_msg(sspf_store_warnings(st) & SSPF_WARN_HEADER_REPAIRED,
		      "header flip at %ld: no repair warning", off);
	sspf_store_close(st);
	st = tu_open_ok(work, SSPF_OPEN_NO_REPAIR | SSPF_OPEN_READONLY);
	ck_assert_msg(check_quiet(st, &r) == SSPF_OK,
		      "after repair of flip at %ld: %s", off, r.text);
	ck_assert_int_eq(read_all(st), SSPF_OK);
	sspf_store_close(st);
	free(keep);
}

/* Damage in the page area: the open or the read fails, check reports it. */
static void verify_page_damage(const char *what, long page, unsigned flags,
			       struct tally *t)
{
	sspf_store *st;
	sspf_err e = tu_open(work, TU_PASS, flags, &st);
	if (e != SSPF_OK) {
		ck_assert_msg(e == SSPF_ERR_DAMAGED, "%s: open gave %s (%s)",
			      what, sspf_strerror(e), sspf_err_detail());
		t->open_failed++;
		return;
	}
	e = read_all(st);
	if (e != SSPF_OK) {
		ck_assert_msg(e == SSPF_ERR_DAMAGED, "%s: read gave %s (%s)",
			      what, sspf_strerror(e), sspf_err_detail());
		t->read_failed++;
	} else {
		ck_assert_msg(page < 1 || page > npages || !owned[page],
			      "%s: page %ld of the table read without error",
			      what, page);
		t->read_ok++;
	}
	struct tu_report r;
	ck_assert_msg(check_quiet(st, &r) == SSPF_ERR_DAMAGED,
		      "%s: check says all is well", what);
	ck_assert_int_ge(r.problems, 1);
	if (page >= 1 && !tu_mentions_page(r.text, page))
		printf("%s: report does not name page %ld:\n%s", what, page,
		       r.text);
	sspf_store_close(st);
}

static void flip_and_verify(long off, int iter, struct tally *t)
{
	fresh_copy();
	uint8_t mask = (uint8_t)(1 + tu_below(&rng, 255));
	tu_flip_byte(work, off, mask);
	char what[96];
	if (off < TU_HDR_AREA) {
		snprintf(what, sizeof what, "flip %#x at %ld (header copy %ld)",
			 mask, off, off / 4096);
		verify_header_flip(off);
		t->header++;
		return;
	}
	long page = (off - TU_HDR_AREA) / TU_SLOT + 1;
	snprintf(what, sizeof what, "flip %#x at %ld (page %ld, byte %ld)",
		 mask, off, page, (off - TU_HDR_AREA) % TU_SLOT);
	unsigned flags =
		iter % 2 ? SSPF_OPEN_NO_REPAIR | SSPF_OPEN_READONLY : 0;
	verify_page_damage(what, page, flags, t);
}

START_TEST(test_random_flips)
{
	long size = tu_file_size(db);
	long offs[2000];
	int n = 0;
	/* under valgrind fewer flips of each kind: every pstep-th page */
	long pstep = npages / tu_rounds((int)npages);
	for (int c = 0; c < 2; c++) {
		long base = c * 4096L;
		for (int i = 0; i < tu_rounds(40); i++)
			offs[n++] = base + (long)tu_below(&rng, 4096);
		for (int i = 0; i < tu_rounds(15); i++) /* the keyslots */
			offs[n++] = base + 64 + (long)tu_below(&rng, 512);
		for (int i = 0; i < tu_rounds(5); i++) /* the checksum */
			offs[n++] = base + 4064 + (long)tu_below(&rng, 32);
	}
	for (long p = 1; p <= npages; p += pstep) {
		long base = TU_PAGE_OFF(p);
		offs[n++] = base + (long)tu_below(&rng, TU_SLOT);
		if (p % (4 * pstep) == 1) {
			offs[n++] = base + (long)tu_below(&rng, 24); /* nonce */
			offs[n++] =
				base + TU_SLOT - 16 + (long)tu_below(&rng, 16);
		}
	}
	while (n < tu_rounds(620))
		offs[n++] = (long)tu_below(&rng, (uint64_t)size);
	printf("%d flips over %ld bytes (%ld pages)\n", n, size, npages);

	struct tally t = { 0 };
	for (int i = 0; i < n; i++)
		flip_and_verify(offs[i], i, &t);
	printf("header copies %d; pages: open failed %d, read failed %d,"
	       " read fine (page outside t) %d\n",
	       t.header, t.open_failed, t.read_failed, t.read_ok);
	ck_assert_int_ge(t.header + t.open_failed + t.read_failed + t.read_ok,
			 tu_rounds(500));
}
END_TEST

START_TEST(test_both_header_copies)
{
	const long offs[] = { 3, 8, 20, 100, 300, 600, 4070 };
	for (size_t i = 0; i < sizeof offs / sizeof *offs; i++) {
		fresh_copy();
		tu_flip_byte(work, offs[i], 0x10);
		tu_flip_byte(work, 4096 + offs[i], 0x10);
		/* a flip in the magic makes it "not a header" */
		sspf_err want =
			offs[i] < 8 ? SSPF_ERR_NOT_SSPF : SSPF_ERR_DAMAGED;
		ck_assert_int_eq(sspf_store_probe(work), want);
		sspf_store *st;
		ck_assert_int_eq(tu_open(work, TU_PASS, 0, &st), want);
	}
}
END_TEST

/* ---- wrong length, moved pages, pages from another file ---- */

START_TEST(test_wrong_length)
{
	size_t len;
	uint8_t *buf = tu_read_file(db, &len);
	ck_assert_ptr_nonnull(buf);
	uint8_t *big = calloc(len + TU_SLOT, 1);
	ck_assert_ptr_nonnull(big);
	memcpy(big, buf, len);
	struct tally t = { 0 };

	tu_write_file(work, buf, len - 1);
	verify_page_damage("one byte short", npages, 0, &t);
	tu_write_file(work, buf, len - 100);
	verify_page_damage("100 bytes short", npages, SSPF_OPEN_READONLY, &t);
	tu_write_file(work, buf, len - TU_SLOT);
	verify_page_damage("last page cut off", npages, 0, &t);
	tu_write_file(work, big, len + 1);
	verify_page_damage("one byte more", -1, 0, &t);
	tu_write_file(work, big, len + TU_SLOT);
	verify_page_damage("a zero page more", npages + 1, 0, &t);
	memcpy(big + len, buf + len - TU_SLOT, TU_SLOT);
	tu_write_file(work, big, len + TU_SLOT);
	verify_page_damage("last page doubled", npages + 1,
			   SSPF_OPEN_NO_REPAIR | SSPF_OPEN_READONLY, &t);
	free(buf);
	free(big);
}
END_TEST

static long pick_owned(long not )
{
	for (int tries = 0; tries < 10000; tries++) {
		long p = 2 + (long)tu_below(&rng, (uint64_t)npages - 1);
		if (owned[p] && p != not )
			return p;
	}
	return 0;
}

static void copy_slot(const char *from, long pfrom, const char *to, long pto)
{
	size_t lf, lt;
	uint8_t *f = tu_read_file(from, &lf), *t = tu_read_file(to, &lt);
	ck_assert(f != NULL && t != NULL);
	ck_assert((size_t)TU_PAGE_OFF(pfrom) + TU_SLOT <= lf);
	ck_assert((size_t)TU_PAGE_OFF(pto) + TU_SLOT <= lt);
	memcpy(t + TU_PAGE_OFF(pto), f + TU_PAGE_OFF(pfrom), TU_SLOT);
	tu_write_file(to, t, lt);
	free(f);
	free(t);
}

START_TEST(test_moved_pages)
{
	ck_assert_msg(owned[npages / 2] || pick_owned(0) != 0,
		      "no table pages");
	struct tally t = { 0 };
	for (int round = 0; round < tu_rounds(10); round++) {
		long p = pick_owned(0), q = pick_owned(p);
		ck_assert(p != 0 && q != 0);
		char what[64];
		/* p's slot put in q's place (and the other way round) */
		fresh_copy();
		copy_slot(db, p, work, q);
		copy_slot(db, q, work, p);
		snprintf(what, sizeof what, "pages %ld and %ld swapped", p, q);
		verify_page_damage(what, p, round % 2 ? SSPF_OPEN_READONLY : 0,
				   &t);
		/* one slot copied over another */
		fresh_copy();
		copy_slot(db, p, work, q);
		snprintf(what, sizeof what, "page %ld copied onto %ld", p, q);
		verify_page_damage(what, q, 0, &t);
	}
	ck_assert_int_eq(t.read_ok, 0);
}
END_TEST

START_TEST(test_page_from_backup)
{
	/* a backup: same keys for the user, its own file id */
	char *bak = tu_join(dir, "backup.db");
	sspf_store *st = tu_open_ok(db, 0);
	ck_assert_int_eq(sspf_store_backup(st, bak, 0), SSPF_OK);
	sspf_store_close(st);
	st = tu_open_ok(bak, SSPF_OPEN_READONLY);
	sspf_store_close(st);
	ck_assert_int_eq(tu_page_count(bak), npages);

	struct tally t = { 0 };
	/* page 1, then table pages (under valgrind at least one) */
	for (int round = 0; round < 1 + tu_rounds(9); round++) {
		long p = round == 0 ? 1 : pick_owned(0);
		ck_assert(p != 0);
		fresh_copy();
		copy_slot(bak, p, work, p);
		char what[64];
		snprintf(what, sizeof what, "page %ld from the backup", p);
		verify_page_damage(what, p, round % 2 ? SSPF_OPEN_READONLY : 0,
				   &t);
	}
	ck_assert_int_eq(t.read_ok, 0);
	free(bak);
}
END_TEST

/* ---- a damaged leftover redo log ---- */

#define RR 300	  /* rows in the redo test database */
#define RLEN 4000 /* bytes of each row's blob */

static void rblob(int64_t id, int64_t gen, uint8_t *buf)
{
	uint64_t s = (uint64_t)id * 0x100000001b3u ^ (uint64_t)gen << 40;
	for (size_t i = 0; i < RLEN; i += 8) {
		uint64_t v = tu_rand(&s);
		memcpy(buf + i, &v, RLEN - i < 8 ? RLEN - i : 8);
	}
}

static int update_all(sqlite3 *h, int64_t gen)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(
		h, "UPDATE r SET gen = ?, v = ? WHERE id = ?", -1, &s, NULL);
	uint8_t buf[RLEN];
	for (int64_t id = 1; rc == SQLITE_OK && id <= RR; id++) {
		rblob(id, gen, buf);
		sqlite3_bind_int64(s, 1, gen);
		sqlite3_bind_blob(s, 2, buf, RLEN, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 3, id);
		rc = sqlite3_step(s) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return rc;
}

/* Child: open, rewrite every row as generation gen+1 in one transaction,
 * 'S' to the parent just before COMMIT, 'C' after it. */
static void redo_child(const char *path, int wfd)
{
	sspf_store *st = tu_child_open(path);
	sqlite3 *h = sspf_store_db(st);
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(h, "SELECT max(gen) FROM r", -1, &s, NULL) !=
		    SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW)
		_exit(TU_EXIT_SETUP + 3);
	int64_t gen = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (sqlite3_exec(h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    update_all(h, gen + 1) != SQLITE_OK)
		_exit(TU_EXIT_SETUP + 4);
	if (write(wfd, "S", 1) != 1)
		_exit(TU_EXIT_SETUP + 5);
	if (sqlite3_exec(h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		_exit(TU_EXIT_SETUP + 6);
	if (write(wfd, "C", 1) != 1)
		_exit(TU_EXIT_SETUP + 5);
	sspf_store_close(st);
	_exit(0);
}

/*
 * Read all rows of r. Every row must be as written for its generation
 * (never garbage); lo and hi get the lowest and highest generation. Returns
 * the mapped error of a failed read, else SSPF_OK (with all RR rows).
 */
static sspf_err read_gens(sspf_store *st, int64_t *lo, int64_t *hi)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(sspf_store_db(st),
				    "SELECT id, gen, v FROM r ORDER BY id", -1,
				    &s, NULL);
	if (rc != SQLITE_OK)
		return sspf_store_sqlerr(st, rc, "prepare");
	uint8_t buf[RLEN];
	int n = 0;
	*lo = INT64_MAX;
	*hi = INT64_MIN;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0),
			gen = sqlite3_column_int64(s, 1);
		ck_assert_msg(id == n + 1, "row id %lld, expected %d",
			      (long long)id, n + 1);
		rblob(id, gen, buf);
		ck_assert_msg(sqlite3_column_bytes(s, 2) == RLEN &&
				      memcmp(sqlite3_column_blob(s, 2), buf,
					     RLEN) == 0,
			      "row %lld is not what generation %lld wrote",
			      (long long)id, (long long)gen);
		*lo = gen < *lo ? gen : *lo;
		*hi = gen > *hi ? gen : *hi;
		n++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return sspf_store_sqlerr(st, rc, "read r");
	ck_assert_int_eq(n, RR);
	return SSPF_OK;
}

/*
 * Open path and read it: one generation, g or g+1, and check OK. expect
 * 1: a whole redo log was left, so the commit was past its commit point and
 * must be there (and the open says it completed it); 0: an incomplete log,
 * the commit must not be there; -1: either. Returns the generation.
 */
static int64_t settled_gen(const char *path, int64_t g, int expect)
{
	sspf_store *st = tu_open_ok(path, 0);
	int applied = (sspf_store_warnings(st) & SSPF_WARN_REDO_APPLIED) != 0;
	int64_t lo, hi;
	ck_assert_int_eq(read_gens(st, &lo, &hi), SSPF_OK);
	ck_assert_msg(
		lo == hi && (lo == g || lo == g + 1),
		"after a killed commit: generations %lld..%lld, before %lld",
		(long long)lo, (long long)hi, (long long)g);
	if (expect >= 0) {
		ck_assert_msg(lo == g + expect,
			      "%s redo log left by a killed"
			      " commit: generation %lld after the open, %lld"
			      " before the commit",
			      expect ? "a whole" : "an incomplete",
			      (long long)lo, (long long)g);
		ck_assert_msg(applied == expect,
			      "%s redo log: WARN_REDO_APPLIED"
			      " is %d",
			      expect ? "a whole" : "an incomplete", applied);
	}
	struct tu_report r;
	ck_assert_msg(check_quiet(st, &r) == SSPF_OK, "%s", r.text);
	sspf_store_close(st);
	return lo;
}

struct redo_case {
	int64_t gen;	  /* generation before the killed commit */
	int main_changed; /* NAME differs from before the commit */
	int whole;	  /* the log holds the commit's record whole */
	long end;	  /* where its records end; past it: zeros, slack */
	char *main, *redo,
		*before; /* NAME and NAME-redo as left, NAME before */
};

/* Flip bytes in the case's redo log; each open must apply nothing (or the
 * whole, untouched log) or fail as DAMAGED, and never show garbage. */
static void flip_redo(const struct redo_case *c, int nflips)
{
	long rsize = tu_file_size(c->redo);
	int before = 0, after = 0, mixed = 0, failed = 0;
	/* flips in the log's header, in its end, anywhere */
	int nhead = tu_rounds(20), ntail = nhead + tu_rounds(10);
	for (int i = 0; i < nflips; i++) {
		long off =
			i < nhead ? (long)tu_below(&rng,
						   rsize < 64 ? (uint64_t)rsize
							      : 64)
			: i < ntail
				? rsize - 1 -
					  (long)tu_below(
						  &rng,
						  rsize < 32 ? (uint64_t)rsize
							     : 32)
				: (long)tu_below(&rng, (uint64_t)rsize);
		tu_copy_file(c->main, work);
		tu_copy_file(c->redo, workredo);
		uint8_t mask = (uint8_t)(1 + tu_below(&rng, 255));
		tu_flip_byte(workredo, off, mask);
		sspf_store *st;
		sspf_err e = tu_open(work, TU_PASS, 0, &st);
		if (e != SSPF_OK) {
			ck_assert_msg(e == SSPF_ERR_DAMAGED,
				      "redo flip %#x at %ld: open gave %s (%s)",
				      mask, off, sspf_strerror(e),
				      sspf_err_detail());
			failed++;
			continue;
		}
		int64_t lo, hi;
		e = read_gens(st, &lo, &hi);
		struct tu_report r;
		sspf_err ce = check_quiet(st, &r);
		sspf_store_close(st);
		if (!c->main_changed) {
			/*
			 * A flip in the header or a record: the log cannot
			 * be applied, exactly the state before. Past the
			 * records (the log's zeroed slack): as if untouched.
			 */
			int64_t want =
				off < c->end || !c->whole ? c->gen : c->gen + 1;
			ck_assert_msg(
				e == SSPF_OK && lo == want && hi == want,
				"redo flip %#x at %ld (records end at %ld): "
				"state is not generation %lld (%s, gen "
				"%lld..%lld)",
				mask, off, c->end, (long long)want,
				sspf_strerror(e), (long long)lo, (long long)hi);
			ck_assert_msg(ce == SSPF_OK, "redo flip at %ld: %s",
				      off, r.text);
			before += want == c->gen;
			after += want != c->gen;
			continue;
		}
		/* NAME was half rewritten and its log is damaged too: only
		 * authentic rows may show, or damage be reported */
		ck_assert_msg(e == SSPF_OK || e == SSPF_ERR_DAMAGED,
			      "redo flip at %ld: read gave %s", off,
			      sspf_strerror(e));
		ck_assert(ce == SSPF_OK || ce == SSPF_ERR_DAMAGED);
		if (e == SSPF_OK && lo == hi && lo == c->gen)
			before++;
		else if (e == SSPF_OK && lo == hi)
			after++;
		else
			mixed++;
	}
	printf("redo log of %ld bytes, NAME %s: %d flips -> before %d, after "
	       "%d,"
	       " damaged on open %d, mixed/damaged read %d\n",
	       rsize, c->main_changed ? "partly rewritten" : "untouched",
	       nflips, before, after, failed, mixed);
}

START_TEST(test_redo_flips)
{
	char *rdb = tu_join(dir, "redo.db");
	char *rredo = tu_redo(rdb);
	char *before = tu_join(dir, "before.db");
	sspf_store *st = tu_create(rdb, NULL);
	tu_exec(st,
		"CREATE TABLE r(id INTEGER PRIMARY KEY, gen INTEGER NOT NULL,"
		" v BLOB NOT NULL); BEGIN");
	for (int id = 1; id <= RR; id++) {
		char sql[64];
		snprintf(sql, sizeof sql, "INSERT INTO r VALUES(%d, 0, x'00')",
			 id);
		tu_exec(st, sql);
	}
	ck_assert_int_eq(update_all(sspf_store_db(st), 0), SQLITE_OK);
	tu_exec(st, "COMMIT");
	sspf_store_close(st);

	struct redo_case cases[2] = { { 0 }, { 0 } }; /* untouched, changed */
	int64_t g = 0;
	int attempts = 0, found = 0, first = 0; /* first: when found */
	long max_delay = tu_wait_us(30000);
	for (; attempts < tu_rounds(2000) && found < 2; attempts++) {
		/* the other kind: a while longer (under valgrind the first
		 * may take long to come, so counted from it) */
		if (found == 1 && attempts > first + tu_rounds(400))
			break;
		tu_copy_file(rdb, before);
		int fds[2];
		ck_assert_int_eq(pipe(fds), 0);
		pid_t pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			close(fds[0]);
			redo_child(rdb, fds[1]);
		}
		close(fds[1]);
		char c = 0;
		if (read(fds[0], &c, 1) != 1 || c != 'S')
			ck_abort_msg(
				"attempt %d: the writer did not get to COMMIT:"
				" %s",
				attempts, tu_reap_status(pid));
		usleep((useconds_t)tu_below(&rng, (uint64_t)max_delay));
		kill(pid, SIGKILL);
		int status;
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		int committed = read(fds[0], &c, 1) == 1 && c == 'C';
		close(fds[0]);
		long rs = tu_file_size(rredo);
		/* aim the kill inside the commit */
		if (committed && max_delay > tu_wait_us(2000))
			max_delay = max_delay * 3 / 4;
		else if (!committed && rs <= 0 &&
			 max_delay < tu_wait_us(200000))
			max_delay = max_delay * 5 / 4;
		if (rs > 0) {
			int changed = !tu_files_equal(rdb, before);
			struct redo_case *k = &cases[changed];
			if (k->main == NULL) {
				char name[64];
				snprintf(name, sizeof name, "case%d.db",
					 changed);
				k->main = tu_join(dir, name);
				k->redo = tu_redo(k->main);
				snprintf(name, sizeof name, "case%d-before.db",
					 changed);
				k->before = tu_join(dir, name);
				k->gen = g;
				k->main_changed = changed;
				k->whole = tu_redo_records(rredo, &k->end) > 0;
				if (!k->whole)
					k->end = rs; /* a header, a torn tail */
				tu_copy_file(rdb, k->main);
				tu_copy_file(rredo, k->redo);
				tu_copy_file(before, k->before);
				found++;
				first = attempts;
				printf("attempt %d: %s redo log of %ld bytes "
				       "left,"
				       " NAME %s\n",
				       attempts,
				       k->whole ? "a whole" : "an incomplete",
				       rs, changed ? "changed" : "untouched");
				/* NAME is written only once the log is whole */
				ck_assert(k->whole || !changed);
			}
		}
		/* a killed commit is all there or not at all */
		g = settled_gen(rdb, g,
				rs > 0 ? tu_redo_records(rredo, NULL) > 0 : -1);
	}
	if (found == 0) {
		printf("SKIP test_redo_flips: no killed commit left a redo log "
		       "in"
		       " %d attempts\n",
		       attempts);
	}
	for (int i = 0; i < 2; i++) {
		struct redo_case *k = &cases[i];
		if (k->main == NULL)
			continue;
		/* the leftover as it is: completed if whole, else dropped */
		tu_copy_file(k->main, work);
		tu_copy_file(k->redo, workredo);
		settled_gen(work, k->gen, k->whole);
		if (k->whole) {
			/* killed right at the commit point: NAME not yet
			 * written, the log whole */
			tu_copy_file(k->before, work);
			tu_copy_file(k->redo, workredo);
			settled_gen(work, k->gen, 1);
		}
		flip_redo(k, tu_rounds(150));
		free(k->main);
		free(k->redo);
		free(k->before);
	}
	free(rdb);
	free(rredo);
	free(before);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tamper");
	const struct tu_test tests[] = {
		{ "random_flips", test_random_flips },
		{ "both_header_copies", test_both_header_copies },
		{ "wrong_length", test_wrong_length },
		{ "moved_pages", test_moved_pages },
		{ "page_from_backup", test_page_from_backup },
		{ "redo_flips", test_redo_flips },
	};
	tu_add_tests(s, tests, sizeof tests / sizeof *tests, setup, teardown);
	return run_all(s);
}
