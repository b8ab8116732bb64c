/*
 * check.c - `sspf check`: verify both header copies, the file's length,
 * the authentication tag of every page (after writing the saves in the
 * write-ahead log into the file, or in the log if the store is read-only), the page count SQLite expects, and
 * SQLite's own integrity check. Reports each finding; repairs nothing.
 * Also the tests' view of every decrypted page (sspf_store_scan_plain).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "store/errors_internal.h"
#include "store/fileio.h"
#include "store/store_internal.h"
#include "store/store_priv.h"

struct report {
	sspf_check_report fn;
	void *ctx;
	unsigned problems;
};

static void say(struct report *r, sspf_check_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(struct report *r, sspf_check_level level, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (level == SSPF_CHECK_PROBLEM)
		r->problems++;
	if (r->fn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	r->fn(r->ctx, level, msg);
}

static void check_header(struct sspf_store *st, struct report *r)
{
	uint8_t area[SSPF_HDR_AREA];
	hdr_copy_state state[2];
	sspf_header h;
	int used, i;

	if (io_read_all(st->ctx.fd, area, sizeof area, 0) != 0) {
		say(r, SSPF_CHECK_PROBLEM, "the header cannot be read");
		return;
	}
	if (hdr_parse(area, &h, &used, state) != SSPF_OK) {
		say(r, SSPF_CHECK_PROBLEM, "the header is damaged");
		return;
	}
	for (i = 0; i < 2; i++) {
		const uint8_t *raw = area + (size_t)i * SSPF_HDR_COPY_SIZE;

		if (state[i] != HDR_COPY_VALID)
			say(r, SSPF_CHECK_PROBLEM,
			    "header copy %d is damaged (the other copy is "
			    "intact and in use)",
			    i + 1);
		else if (!hdr_mac_ok(raw, st->keys->hdr))
			say(r, SSPF_CHECK_PROBLEM,
			    "header copy %d has been changed (its MAC does not "
			    "match)",
			    i + 1);
	}
	if (state[0] == HDR_COPY_VALID && state[1] == HDR_COPY_VALID &&
	    le64_get(area + 16) != le64_get(area + SSPF_HDR_COPY_SIZE + 16))
		say(r, SSPF_CHECK_INFO,
		    "the header copies differ: a passphrase change was "
		    "interrupted; the newer copy is in use");
}

/* Every page must authenticate. Returns the number of pages, or -1. */
static int64_t check_pages(struct sspf_store *st, struct report *r)
{
	uint8_t *slot = malloc(SSPF_PAGE_SLOT);
	uint8_t *plain = malloc(SSPF_PAGE_SIZE);
	struct stat sb;
	int64_t pages, pgno, bad = 0;

	if (slot == NULL || plain == NULL || fstat(st->ctx.fd, &sb) != 0) {
		say(r, SSPF_CHECK_PROBLEM, "the file cannot be read");
		free(slot);
		free(plain);
		return -1;
	}
	pages = redo_npages(&st->ctx);
	if (pages < 0) {
		say(r, SSPF_CHECK_PROBLEM,
		    "the file has the wrong length (%lld bytes): it was cut "
		    "short or added to",
		    (long long)sb.st_size);
		pages = sb.st_size < (off_t)SSPF_HDR_AREA
				? 0
				: (sb.st_size - SSPF_HDR_AREA) / SSPF_PAGE_SLOT;
	} else if (st->ctx.wal.nrec > 0) {
		say(r, SSPF_CHECK_INFO,
		    "%llu saves are still in the write-ahead log (%s-redo); "
		    "their pages are checked there",
		    (unsigned long long)st->ctx.wal.nrec, st->user_path);
	}
	for (pgno = 1; pgno <= pages; pgno++) {
		if (redo_read_slot(&st->ctx, (uint32_t)pgno, slot) != 0 ||
		    page_open(st->keys, st->ctx.file_id, (uint32_t)pgno, slot,
			      plain) != 0) {
			if (++bad <= 20)
				say(r, SSPF_CHECK_PROBLEM,
				    "page %lld failed authentication: it is "
				    "damaged or was tampered with",
				    (long long)pgno);
			continue;
		}
		/* SQLite's own idea of the page count, from page 1 */
		if (pgno == 1 && memcmp(plain + 24, plain + 92, 4) == 0) {
			uint32_t n = (uint32_t)plain[28] << 24 |
				     (uint32_t)plain[29] << 16 |
				     (uint32_t)plain[30] << 8 | plain[31];
			if (n > (uint64_t)pages)
				say(r, SSPF_CHECK_PROBLEM,
				    "the database says it has %u pages but the "
				    "file holds only %lld: it was cut short",
				    n, (long long)pages);
			else if (n < (uint64_t)pages)
				say(r, SSPF_CHECK_INFO,
				    "%lld unused pages at the end of the file "
				    "(left by an interrupted clean-up; "
				    "harmless)",
				    (long long)pages - n);
		}
	}
	if (bad > 20)
		say(r, SSPF_CHECK_PROBLEM,
		    "%lld more pages failed authentication",
		    (long long)bad - 20);
	sodium_memzero(plain, SSPF_PAGE_SIZE);
	free(slot);
	free(plain);
	return bad ? -1 : pages;
}

static void check_sqlite(struct sspf_store *st, struct report *r)
{
	sqlite3_stmt *q;
	int rc, rows = 0;

	rc = sqlite3_prepare_v2(st->db, "PRAGMA integrity_check(50)", -1, &q,
				NULL);
	if (rc == SQLITE_OK)
		rc = SQLITE_ROW;
	while (rc == SQLITE_ROW && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(q, 0);

		if (t != NULL && strcmp(t, "ok") != 0) {
			say(r, SSPF_CHECK_PROBLEM, "database structure: %s", t);
			rows++;
		}
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE && rows == 0) {
		sspf_store_sqlerr(st, rc, "integrity check");
		say(r, SSPF_CHECK_PROBLEM, "the integrity check stopped: %s",
		    sspf_err_detail());
	}
}

sspf_err sspf_store_scan_plain(sspf_store *st,
			       int (*fn)(void *arg, uint32_t pgno,
					 const uint8_t *plain),
			       void *arg)
{
	uint8_t *slot = malloc(SSPF_PAGE_SLOT);
	uint8_t *plain = sodium_malloc(SSPF_PAGE_SIZE);
	sspf_err e = SSPF_OK;
	struct stat sb;
	int64_t pages;

	err_clear();
	if (slot == NULL || plain == NULL) {
		e = err_set(SSPF_ERR_NOMEM, "reading the pages");
		goto out;
	}
	if (fstat(st->ctx.fd, &sb) != 0) {
		e = err_errno(errno, "reading", st->user_path);
		goto out;
	}
	(void)sb;
	if ((pages = redo_npages(&st->ctx)) < 0) {
		e = err_set(SSPF_ERR_DAMAGED, "%s has the wrong length",
			    st->user_path);
		goto out;
	}
	for (int64_t pgno = 1; pgno <= pages; pgno++) {
		int err = redo_read_slot(&st->ctx, (uint32_t)pgno, slot);

		if (err != 0) {
			e = err < 0 ? err_set(SSPF_ERR_DAMAGED,
					      "%s is cut short", st->user_path)
				    : err_errno(err, "reading", st->user_path);
			break;
		}
		if (page_open(st->keys, st->ctx.file_id, (uint32_t)pgno, slot,
			      plain) != 0) {
			e = err_set(SSPF_ERR_DAMAGED,
				    "page %lld failed authentication",
				    (long long)pgno);
			break;
		}
		if (fn(arg, (uint32_t)pgno, plain) != 0)
			break;
	}
out:
	sodium_free(plain);
	free(slot);
	return e;
}

sspf_err sspf_store_check(sspf_store *st, sspf_check_report fn, void *ctx)
{
	struct report r = { fn, ctx, 0 };
	int64_t pages;

	err_clear();
	/* NAME as it should stand: the saves in the log written into it */
	if (redo_checkpoint(&st->ctx, 0) != 0)
		say(&r, SSPF_CHECK_INFO,
		    "the write-ahead log could not be written into the file "
		    "(%s); its pages are checked in the log",
		    strerror(st->ctx.last_errno));
	check_header(st, &r);
	pages = check_pages(st, &r);
	if (pages >= 0 && st->db != NULL)
		check_sqlite(st, &r);
	else if (st->db == NULL && r.problems == 0)
		say(&r, SSPF_CHECK_PROBLEM,
		    "the database cannot be read although every page "
		    "authenticates");
	if (r.problems > 0)
		return err_set(SSPF_ERR_DAMAGED, "%u problem%s found in %s",
			       r.problems, r.problems == 1 ? "" : "s",
			       st->user_path);
	say(&r, SSPF_CHECK_INFO,
	    "all %lld pages verified: the header, every page and the database "
	    "structure are intact",
	    (long long)pages);
	return SSPF_OK;
}
