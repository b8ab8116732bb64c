/*
 * audit.c - the tamper-evident audit log: appending entries (time, user,
 * action, case code; never case content), listing them, verifying the
 * chain, and purging old entries by retention.
 *
 * The chain: each entry's mac is keyed BLAKE2b (crypto_generichash, key
 * core->audit_key) over the previous entry's mac (for the first entry the
 * head's base_mac, all zero before any purge), the entry's seq as 8 bytes
 * little-endian, and at, user, action and case_code, each followed by a
 * zero byte. audit_head holds the newest seq and mac, and where the chain
 * starts (base_seq, base_mac: the last entry purged). Its tag is keyed
 * BLAKE2b (personalised "sspf-audit-head", so it can never be taken for an
 * entry's mac) over seq, mac, base_seq and base_mac, so that the head
 * cannot be moved without the key either.
 *
 * What this finds: an entry edited, inserted, removed or moved; entries
 * cut off the end (the head then names a missing entry); entries removed
 * from the start with the base moved to fit (the tag then does not fit);
 * a head rewritten to name an earlier entry (the tag again).
 *
 * What it cannot find, as everything is in the one database: a whole
 * earlier state put back (the log and the head copied from an old copy of
 * the file, e.g. a backup), and the log wiped with its head row deleted,
 * which looks like a database in which nothing has been logged yet. The
 * key comes from the data key, so whoever can open the database could also
 * forge the chain; it is there to reveal changes made beside sspf.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>
#include <sqlite3.h>

#include <sspf/audit.h>

#include "core/audit.h"
#include "core/core_priv.h"
#include "core/gate.h"
#include "store/errors_internal.h"
#include "store/store_internal.h"

#define MAC_LEN 32
#define AT_LEN 20     /* "YYYY-MM-DDTHH:MM:SSZ" */
#define ACTION_MAX 32 /* longest action word */
#define CODE_MAX 15   /* longest case code */
#define USER_MAX 255  /* longest user name */
#define SAVEPOINT "sspf_audit"

/* The head row: newest entry, chain start, and its tag. */
struct head {
	int64_t seq;
	uint8_t mac[MAC_LEN];
	int64_t base_seq;
	uint8_t base_mac[MAC_LEN];
	uint8_t tag[MAC_LEN];
};

/* One field of an entry as hashed: its bytes, then a zero byte. */
struct field {
	const char *p;
	size_t n;
};

static void put_le64(uint8_t out[8], int64_t v)
{
	uint64_t u = (uint64_t)v;

	for (int i = 0; i < 8; i++)
		out[i] = (uint8_t)(u >> (8 * i));
}

/* An entry's mac: key over prev || seq (LE) || at 0 user 0 action 0 code 0. */
static void entry_mac(const uint8_t *key, const uint8_t prev[MAC_LEN],
		      int64_t seq, const struct field f[4],
		      uint8_t out[MAC_LEN])
{
	crypto_generichash_state h;
	uint8_t le[8];
	static const uint8_t zero = 0;

	put_le64(le, seq);
	crypto_generichash_init(&h, key, 32, MAC_LEN);
	crypto_generichash_update(&h, prev, MAC_LEN);
	crypto_generichash_update(&h, le, sizeof le);
	for (int i = 0; i < 4; i++) {
		crypto_generichash_update(&h, (const uint8_t *)f[i].p, f[i].n);
		crypto_generichash_update(&h, &zero, 1);
	}
	crypto_generichash_final(&h, out, MAC_LEN);
	sodium_memzero(&h, sizeof h);
}

/* The head's tag over seq, mac, base_seq and base_mac. */
static void head_tag(const uint8_t *key, const struct head *hd,
		     uint8_t out[MAC_LEN])
{
	static const uint8_t personal[16] = "sspf-audit-head";
	crypto_generichash_blake2b_state h;
	uint8_t le[8];

	crypto_generichash_blake2b_init_salt_personal(&h, key, 32, MAC_LEN,
						      NULL, personal);
	put_le64(le, hd->seq);
	crypto_generichash_blake2b_update(&h, le, sizeof le);
	crypto_generichash_blake2b_update(&h, hd->mac, MAC_LEN);
	put_le64(le, hd->base_seq);
	crypto_generichash_blake2b_update(&h, le, sizeof le);
	crypto_generichash_blake2b_update(&h, hd->base_mac, MAC_LEN);
	crypto_generichash_blake2b_final(&h, out, MAC_LEN);
	sodium_memzero(&h, sizeof h);
}

static bool head_tag_ok(const sspf_core *core, const struct head *hd)
{
	uint8_t want[MAC_LEN];

	head_tag(core->audit_key, hd, want);
	return sodium_memcmp(want, hd->tag, MAC_LEN) == 0;
}

/* ---- statements and transactions ---- */

/*
 * Run one statement without rows. Kept prepared (core_kept), like the
 * statements of an append: a list logs one entry per case it shows.
 */
static sspf_err exec(sspf_core *core, const char *sql, const char *what)
{
	sqlite3_stmt *q;
	sspf_err e = core_kept(core, sql, &q);
	int rc;

	if (e != SSPF_OK)
		return e;
	rc = sqlite3_step(q);
	core_kept_done(core, q);
	return rc == SQLITE_DONE ? SSPF_OK
				 : sspf_store_sqlerr(core->st, rc, what);
}

/*
 * Start a write: a transaction of our own if none is open (*own = true),
 * else a savepoint inside the caller's.
 */
static sspf_err tx_begin(sspf_core *core, bool *own)
{
	*own = sqlite3_get_autocommit(core->db) != 0;
	if (*own)
		return exec(core, "BEGIN IMMEDIATE", "writing the audit log");
	return exec(core, "SAVEPOINT " SAVEPOINT, "writing the audit log");
}

/* End a write begun by tx_begin: commit if e is SSPF_OK, else undo. */
static sspf_err tx_end(sspf_core *core, bool own, sspf_err e)
{
	if (e == SSPF_OK) {
		e = exec(core, own ? "COMMIT" : "RELEASE " SAVEPOINT,
			 "writing the audit log");
		if (e == SSPF_OK)
			return SSPF_OK;
	}
	/* Errors here would only hide the first one (SQLite may have
	 * rolled back already). */
	if (own) {
		sqlite3_exec(core->db, "ROLLBACK", NULL, NULL, NULL);
	} else {
		sqlite3_exec(core->db, "ROLLBACK TO " SAVEPOINT, NULL, NULL,
			     NULL);
		sqlite3_exec(core->db, "RELEASE " SAVEPOINT, NULL, NULL, NULL);
	}
	return e;
}

/* Copy a blob column into out; false if it is not exactly MAC_LEN bytes. */
static bool column_mac(sqlite3_stmt *q, int col, uint8_t out[MAC_LEN])
{
	const void *p = sqlite3_column_blob(q, col);

	if (p == NULL || sqlite3_column_bytes(q, col) != MAC_LEN)
		return false;
	memcpy(out, p, MAC_LEN);
	return true;
}

/*
 * Read the head into *hd; *found false if there is no head row. A head
 * row that cannot be right (macs of the wrong size, seq below base_seq)
 * gives SSPF_ERR_DAMAGED.
 */
static sspf_err head_read(sspf_core *core, struct head *hd, bool *found)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	*found = false;
	memset(hd, 0, sizeof *hd);
	e = core_kept(core,
		      "SELECT seq, mac, base_seq, base_mac, tag FROM audit_head"
		      " WHERE one = 1",
		      &q);
	if (e != SSPF_OK)
		return e;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*found = true;
		hd->seq = sqlite3_column_int64(q, 0);
		hd->base_seq = sqlite3_column_int64(q, 2);
		if (!column_mac(q, 1, hd->mac) ||
		    !column_mac(q, 3, hd->base_mac) ||
		    !column_mac(q, 4, hd->tag) || hd->base_seq < 0 ||
		    hd->seq < hd->base_seq)
			e = err_set(SSPF_ERR_DAMAGED,
				    "the head of the audit log has been "
				    "changed");
	} else if (rc != SQLITE_DONE) {
		e = sspf_store_sqlerr(core->st, rc, "reading the audit log");
	}
	core_kept_done(core, q);
	return e;
}

/* Write *hd as the head row, with the tag given (or computed if NULL). */
static sspf_err head_write(sspf_core *core, struct head *hd, const uint8_t *tag)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if (tag != NULL)
		memcpy(hd->tag, tag, MAC_LEN);
	else
		head_tag(core->audit_key, hd, hd->tag);
	e = core_kept(core,
		      "INSERT OR REPLACE INTO audit_head"
		      " (one, seq, mac, base_seq, base_mac, tag)"
		      " VALUES (1, ?1, ?2, ?3, ?4, ?5)",
		      &q);
	if (e != SSPF_OK)
		return e;
	rc = sqlite3_bind_int64(q, 1, hd->seq);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_blob(q, 2, hd->mac, MAC_LEN, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(q, 3, hd->base_seq);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_blob(q, 4, hd->base_mac, MAC_LEN,
				       SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_blob(q, 5, hd->tag, MAC_LEN, SQLITE_STATIC);
	if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_DONE)
		rc = SQLITE_OK;
	core_kept_done(core, q);
	if (rc != SQLITE_OK)
		return sspf_store_sqlerr(core->st, rc,
					 "writing the audit log's head");
	return SSPF_OK;
}

/* Whether audit_log has any row at all. */
static sspf_err log_empty(sspf_core *core, bool *empty)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	e = core_prepare(core, "SELECT 1 FROM audit_log LIMIT 1", &q);
	if (e != SSPF_OK)
		return e;
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
		*empty = rc == SQLITE_DONE;
		return SSPF_OK;
	}
	return sspf_store_sqlerr(core->st, rc, "reading the audit log");
}

/* ---- checking what goes in ---- */

/* An action is a short ASCII word: letters, digits, '-' and '_'. */
static bool action_ok(const char *s)
{
	size_t n = 0;

	if (s == NULL)
		return false;
	for (; s[n] != '\0'; n++) {
		char c = s[n];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return n > 0 && n <= ACTION_MAX;
}

/*
 * A case code is at most CODE_MAX printable ASCII characters without
 * spaces and with at least one digit ("2026-014"), so that no name or
 * other case content can ever end up in the log in its place.
 */
static bool code_ok(const char *s)
{
	bool digit = false;
	size_t n = 0;

	for (; s[n] != '\0'; n++) {
		if (s[n] < '!' || s[n] > '~')
			return false;
		if (s[n] >= '0' && s[n] <= '9')
			digit = true;
	}
	return n <= CODE_MAX && digit;
}

/* The user is any text without control characters, at most USER_MAX. */
static bool user_ok(const char *s)
{
	size_t n = 0;

	if (s == NULL)
		return false;
	for (; s[n] != '\0'; n++) {
		unsigned char c = (unsigned char)s[n];

		if (c < 0x20 || c == 0x7f)
			return false;
	}
	return n > 0 && n <= USER_MAX;
}

/* ---- appending ---- */

/* The append itself, inside a transaction or savepoint. */
static sspf_err append_in_tx(sspf_core *core, const char *at,
			     const char *action, const char *code)
{
	static const uint8_t poisoned[MAC_LEN];
	struct head hd;
	struct field f[4] = {
		{ at, strlen(at) },
		{ core->user, strlen(core->user) },
		{ action, strlen(action) },
		{ code, strlen(code) },
	};
	uint8_t mac[MAC_LEN];
	bool found = false, empty = false, tag_ok = false;
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = head_read(core, &hd, &found)) != SSPF_OK)
		return e;
	if (!found) {
		if ((e = log_empty(core, &empty)) != SSPF_OK)
			return e;
		if (!empty)
			return err_set(SSPF_ERR_DAMAGED,
				       "the head of the audit log has been "
				       "removed");
		memset(&hd, 0, sizeof hd);
		head_tag(core->audit_key, &hd, hd.tag);
	}
	/*
	 * A head that was tampered with keeps a wrong tag, so that writing
	 * on does not hide it; the new entry is chained to the head as it
	 * stands, so that entries missing before it stay missing.
	 */
	tag_ok = head_tag_ok(core, &hd);
	if (hd.seq == INT64_MAX)
		return err_set(SSPF_ERR_FULL, "the audit log is full");
	hd.seq++;
	entry_mac(core->audit_key, hd.mac, hd.seq, f, mac);

	e = core_kept(core,
		      "INSERT INTO audit_log (seq, at, os_user, action,"
		      " case_code, mac) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		      &q);
	if (e != SSPF_OK)
		return e;
	rc = sqlite3_bind_int64(q, 1, hd.seq);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(q, 2, at, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(q, 3, core->user, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(q, 4, action, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(q, 5, code, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_blob(q, 6, mac, MAC_LEN, SQLITE_STATIC);
	if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_DONE)
		rc = SQLITE_OK;
	core_kept_done(core, q);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return err_set(SSPF_ERR_DAMAGED,
			       "audit log entry %" PRId64 " is there "
			       "already, after the head of the log: "
			       "entries were added",
			       hd.seq);
	if (rc != SQLITE_OK)
		return sspf_store_sqlerr(core->st, rc, "writing the audit log");
	memcpy(hd.mac, mac, MAC_LEN);
	return head_write(core, &hd, tag_ok ? NULL : poisoned);
}

/* now as "YYYY-MM-DDTHH:MM:SSZ" (UTC). */
static sspf_err now_text(const sspf_core *core, char out[AT_LEN + 1])
{
	time_t now = sspf_clock_now(core->clock);
	struct tm tm;

	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(out, AT_LEN + 1, "%Y-%m-%dT%H:%M:%SZ", &tm) != AT_LEN)
		return err_set(SSPF_ERR_INTERNAL,
			       "the clock's time cannot be written as a date");
	return SSPF_OK;
}

sspf_err audit_append(sspf_core *core, const char *action,
		      const char *case_code)
{
	char at[AT_LEN + 1];
	const char *code = case_code != NULL ? case_code : "";
	sspf_err e;
	bool own;

	if (core == NULL || core->db == NULL)
		return err_set(SSPF_ERR_INVALID, "no open core");
	if (!action_ok(action))
		return err_set(SSPF_ERR_INVALID,
			       "an audit log action must be a short word");
	if (code[0] != '\0' && !code_ok(code))
		return err_set(SSPF_ERR_INVALID,
			       "the audit log takes a case code (like "
			       "2026-014), nothing else");
	if (!user_ok(core->user))
		return err_set(SSPF_ERR_INVALID,
			       "the user name cannot be written to the "
			       "audit log");
	if ((e = now_text(core, at)) != SSPF_OK)
		return e;
	if ((e = tx_begin(core, &own)) != SSPF_OK)
		return e;
	return tx_end(core, own, append_in_tx(core, at, action, code));
}

/* ---- listing ---- */

/* A text column, "" for NULL (never expected: the columns are NOT NULL). */
static const char *column_text(sqlite3_stmt *q, int col)
{
	const unsigned char *s = sqlite3_column_text(q, col);

	return s != NULL ? (const char *)s : "";
}

sspf_err sspf_audit_list(sspf_core *core, const char *case_code,
			 sspf_date since,
			 int (*fn)(void *arg, const sspf_audit_entry *e),
			 void *arg)
{
	char day[SSPF_DATE_TEXT];
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if (core == NULL || core->db == NULL || fn == NULL)
		return err_set(SSPF_ERR_INVALID, "no open core");
	err_clear();
	e = core_prepare(
		core,
		"SELECT seq, at, os_user, action, case_code FROM audit_log"
		" WHERE (?1 IS NULL OR case_code = ?1)"
		" AND (?2 IS NULL OR substr(at, 1, 10) >= ?2)"
		" ORDER BY seq",
		&q);
	if (e != SSPF_OK)
		return e;
	rc = sqlite3_bind_text(q, 1, case_code, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK && since != 0) {
		sspf_date_format(since, day);
		rc = sqlite3_bind_text(q, 2, day, -1, SQLITE_STATIC);
	}
	if (rc != SQLITE_OK) {
		sqlite3_finalize(q);
		return sspf_store_sqlerr(core->st, rc, "reading the audit log");
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sspf_audit_entry ent = {
			.seq = sqlite3_column_int64(q, 0),
			.at = column_text(q, 1),
			.user = column_text(q, 2),
			.action = column_text(q, 3),
			.case_code = column_text(q, 4),
		};

		if (fn(arg, &ent) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, "reading the audit log");
	sqlite3_finalize(q);
	return e;
}

/* ---- verifying ---- */

/* Walk the chain; *last_mac gets the mac of the newest entry. */
static sspf_err verify_in_tx(sspf_core *core, int64_t *count)
{
	struct head hd;
	uint8_t prev[MAC_LEN], want[MAC_LEN], got[MAC_LEN];
	int64_t expect, n = 0;
	bool found = false, empty = false;
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = head_read(core, &hd, &found)) != SSPF_OK)
		return e;
	if (!found) {
		if ((e = log_empty(core, &empty)) != SSPF_OK)
			return e;
		if (!empty)
			return err_set(SSPF_ERR_DAMAGED,
				       "the head of the audit log has been "
				       "removed");
		return SSPF_OK; /* nothing logged yet */
	}
	if (!head_tag_ok(core, &hd))
		return err_set(SSPF_ERR_DAMAGED,
			       "the head of the audit log (entry %" PRId64
			       ") has been changed: entries may have been "
			       "removed",
			       hd.seq);

	e = core_prepare(core,
			 "SELECT seq, at, os_user, action, case_code, mac"
			 " FROM audit_log ORDER BY seq",
			 &q);
	if (e != SSPF_OK)
		return e;
	memcpy(prev, hd.base_mac, MAC_LEN);
	expect = hd.base_seq + 1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(q, 0);
		struct field f[4];

		if (seq < expect) {
			e = err_set(SSPF_ERR_DAMAGED,
				    "audit log entry %" PRId64 " comes before "
				    "the start of the log (entry %" PRId64
				    "): it was added",
				    seq, expect);
			break;
		}
		if (seq > expect) {
			e = err_set(SSPF_ERR_DAMAGED,
				    "audit log entry %" PRId64 " is missing: "
				    "it has been removed",
				    expect);
			break;
		}
		if (seq > hd.seq) {
			e = err_set(SSPF_ERR_DAMAGED,
				    "audit log entry %" PRId64 " comes after "
				    "the end of the log (entry %" PRId64
				    "): it was added",
				    seq, hd.seq);
			break;
		}
		/* Hash the stored bytes, so that a zero byte put into a
		 * text is found too. */
		for (int i = 0; i < 4; i++) {
			f[i].p = column_text(q, i + 1);
			f[i].n = (size_t)sqlite3_column_bytes(q, i + 1);
		}
		entry_mac(core->audit_key, prev, seq, f, want);
		if (!column_mac(q, 5, got) ||
		    sodium_memcmp(want, got, MAC_LEN) != 0) {
			e = err_set(SSPF_ERR_DAMAGED,
				    "audit log entry %" PRId64 " has been "
				    "changed or removed",
				    seq);
			break;
		}
		memcpy(prev, got, MAC_LEN);
		expect++;
		n++;
	}
	if (e == SSPF_OK && rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, "reading the audit log");
	sqlite3_finalize(q);
	if (e != SSPF_OK)
		return e;
	if (expect - 1 != hd.seq)
		return err_set(SSPF_ERR_DAMAGED,
			       "the audit log ends at entry %" PRId64
			       " but its head says %" PRId64
			       ": entries were removed",
			       expect - 1, hd.seq);
	if (sodium_memcmp(prev, hd.mac, MAC_LEN) != 0)
		return err_set(SSPF_ERR_DAMAGED,
			       "audit log entry %" PRId64 " does not match "
			       "the head of the log: it has been changed or "
			       "removed",
			       hd.seq);
	if (count != NULL)
		*count = n;
	return SSPF_OK;
}

sspf_err sspf_audit_verify(sspf_core *core, int64_t *count)
{
	bool own;
	sspf_err e;

	if (count != NULL)
		*count = 0;
	if (core == NULL || core->db == NULL)
		return err_set(SSPF_ERR_INVALID, "no open core");
	err_clear();
	/* One read transaction, so that the head and the entries agree. */
	own = sqlite3_get_autocommit(core->db) != 0;
	if (own &&
	    (e = exec(core, "BEGIN", "reading the audit log")) != SSPF_OK)
		return e;
	e = verify_in_tx(core, count);
	if (own)
		sqlite3_exec(core->db, e == SSPF_OK ? "COMMIT" : "ROLLBACK",
			     NULL, NULL, NULL);
	return e;
}

/* ---- retention ---- */

/* Whether s is "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" in shape. */
static bool at_shape_ok(const char *s)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t n = strlen(s);

	if (n != 10 && n != AT_LEN)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (pat[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9')
				  : s[i] != pat[i])
			return false;
	}
	return true;
}

/*
 * Remove the oldest entries: all those before the first one (in seq
 * order) that is from before_at on. Only a run from the start of the
 * chain can go, else the chain would break; should the clock ever have
 * gone back, an old entry after a newer one is kept until the newer one
 * goes too.
 */
static sspf_err purge_in_tx(sspf_core *core, const char *before_at)
{
	struct head hd;
	int64_t last = 0;
	uint8_t last_mac[MAC_LEN];
	bool found;
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	/* Never purge a log that does not verify: it would hide that. */
	if ((e = verify_in_tx(core, NULL)) != SSPF_OK)
		return e;
	if ((e = head_read(core, &hd, &found)) != SSPF_OK)
		return e;
	if (found) {
		e = core_prepare(core,
				 "SELECT seq, mac FROM audit_log WHERE seq < "
				 "coalesce((SELECT min(seq) FROM audit_log"
				 " WHERE at >= ?1), ?2 + 1)"
				 " ORDER BY seq DESC LIMIT 1",
				 &q);
		if (e != SSPF_OK)
			return e;
		rc = sqlite3_bind_text(q, 1, before_at, -1, SQLITE_STATIC);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(q, 2, hd.seq);
		if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
			last = sqlite3_column_int64(q, 0);
			if (!column_mac(q, 1, last_mac))
				e = err_set(SSPF_ERR_DAMAGED,
					    "audit log entry %" PRId64
					    " has been changed",
					    last);
			rc = SQLITE_DONE;
		}
		sqlite3_finalize(q);
		if (e != SSPF_OK)
			return e;
		if (rc != SQLITE_DONE)
			return sspf_store_sqlerr(core->st, rc,
						 "purging the audit log");
	}
	if (last > 0) {
		e = core_prepare(core, "DELETE FROM audit_log WHERE seq <= ?1",
				 &q);
		if (e != SSPF_OK)
			return e;
		rc = sqlite3_bind_int64(q, 1, last);
		if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_DONE)
			rc = SQLITE_OK;
		sqlite3_finalize(q);
		if (rc != SQLITE_OK)
			return sspf_store_sqlerr(core->st, rc,
						 "purging the audit log");
		hd.base_seq = last;
		memcpy(hd.base_mac, last_mac, MAC_LEN);
		if ((e = head_write(core, &hd, NULL)) != SSPF_OK)
			return e;
	}
	return audit_append(core, "purge", NULL);
}

sspf_err audit_purge_before(sspf_core *core, const char *before_at)
{
	sspf_err e;
	bool own;

	if (core == NULL || core->db == NULL)
		return err_set(SSPF_ERR_INVALID, "no open core");
	if (before_at == NULL || !at_shape_ok(before_at))
		return err_set(SSPF_ERR_INVALID,
			       "purging the audit log needs a date "
			       "(YYYY-MM-DD) or a time (YYYY-MM-DDTHH:MM:SSZ)");
	err_clear();
	if ((e = tx_begin(core, &own)) != SSPF_OK)
		return e;
	return tx_end(core, own, purge_in_tx(core, before_at));
}

sspf_err sspf_audit_print(sspf_core *core, const char *case_code)
{
	sspf_id id;
	sspf_err e;

	if (core == NULL || core->db == NULL)
		return err_set(SSPF_ERR_INVALID, "no open core");
	err_clear();
	if (case_code != NULL && case_code[0] != '\0' &&
	    (e = gate_case_id(core, case_code, &id)) != SSPF_OK)
		return e;
	return audit_append(core, "print", case_code);
}
