/*
 * test_purge.c - closing cases and retention (gallring): sspf_case_close
 * (src/core/cases.c) and sspf_purge (src/core/purge.c, include/sspf/
 * purge.h, DOMAIN.md "Accountability") on a real encrypted store with a
 * clock the tests move: a closed case and a case whose consent was
 * withdrawn or expired become due exactly one day after
 * retention.case_months; an open case with a valid consent never does; a
 * dry run changes nothing; a purge removes a case with every row that
 * hangs on it and leaves meetings and other cases, logs "purge" with the
 * code only and keeps the audit chain valid; old log entries go after
 * retention.log_years; and, decrypting every page of the file, no trace
 * of a purged case is left in it (while before the purge there is).
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include <sspf/audit.h>
#include <sspf/cases.h>
#include <sspf/consent.h>
#include <sspf/core.h>
#include <sspf/date.h>
#include <sspf/purge.h>
#include <sspf/settings.h>

/* ---- fixture: a store, a core and a clock the tests move ---- */

static char *dir, *db;
static sspf_store *st;
static sspf_core *core;

static void setup(void)
{
	tu_core_setup(2025, 1, 10, &dir, &db, &st, &core);
}

static void teardown(void)
{
	tu_core_teardown(dir, db, st, core);
}

/* Close the core and the store, and open both again. */
static void reopen(void)
{
	sspf_core_close(core);
	sspf_store_close(st);
	core = NULL;
	st = tu_open_ok(db, 0);
	core = tu_core_open(st);
}

/* ---- helpers ---- */

#define SCOPE (SSPF_ACTOR_SKOLA | SSPF_ACTOR_SOCIALTJANST)

/* A new case of child name (birth 2012-04-01) with concern text. */
static void new_case(const char *name, const char *concern,
		     char code[SSPF_CODE_SIZE])
{
	sspf_case_new c = { 0 };

	c.child_name = name;
	c.birth = tu_date(2012, 4, 1);
	c.gender = SSPF_GENDER_BOY;
	c.school = "Centralskolan";
	c.raised_by = SSPF_ACTOR_SKOLA;
	c.concerns = SSPF_CONCERN_TRUANCY;
	c.concern_text = concern;
	tu_ok(sspf_case_create(core, &c, code), "create");
}

static sspf_id guardian(const char *code, const char *name)
{
	sspf_guardian_new g = { 0 };
	sspf_id id = 0;

	g.name = name;
	g.phone = "070-765 43 21";
	g.custody = true;
	tu_ok(sspf_guardian_add(core, code, &g, &id), "guardian");
	return id;
}

/* A case with one guardian (sole custody not recorded: joint with one
 * recorded is enough for these tests) and a consent signed on signed_on,
 * valid until until (0: the default). */
static void consented_case(const char *name, const char *concern,
			   sspf_date signed_on, sspf_date until,
			   char code[SSPF_CODE_SIZE])
{
	sspf_consent_new c = { 0 };
	sspf_id g;

	new_case(name, concern, code);
	g = guardian(code, "Maria Holm");
	c.signed_on = signed_on;
	c.valid_until = until;
	c.signed_by = &g;
	c.n_signed_by = 1;
	c.scope = SCOPE;
	c.purpose = "SSPF";
	tu_ok(sspf_consent_register(core, code, &c, NULL), "consent");
}

/* A dry run; the report is the caller's (sspf_purge_report_free). */
static void dry(sspf_purge_report *rep)
{
	tu_ok(sspf_purge(core, true, rep), "dry run");
	ck_assert(!rep->purged);
}

/* The entry of code in rep, or NULL. */
static const sspf_purge_case *due(const sspf_purge_report *rep,
				  const char *code)
{
	for (size_t i = 0; i < rep->n_cases; i++)
		if (strcmp(rep->cases[i].code, code) == 0)
			return &rep->cases[i];
	return NULL;
}

/* Whether code is due today, and if it is, why and since when. */
static bool is_due(const char *code, sspf_purge_why why, sspf_date since)
{
	sspf_purge_report rep;
	const sspf_purge_case *c;
	bool yes;

	dry(&rep);
	c = due(&rep, code);
	yes = c != NULL;
	if (c != NULL) {
		ck_assert_int_eq(c->why, why);
		ck_assert_int_eq(c->since, since);
	}
	sspf_purge_report_free(&rep);
	return yes;
}

/* The number of rows of table. */
static int64_t rows(const char *table)
{
	char *sql = sqlite3_mprintf("SELECT COUNT(*) FROM \"%w\"", table);
	int64_t n;

	ck_assert_ptr_nonnull(sql);
	n = tu_int(st, sql);
	sqlite3_free(sql);
	return n;
}

static const char *const tables[] = {
	"case_file", "guardian",    "consent",	   "consent_signature",
	"meeting",   "participant", "agenda_item", "goal",
	"action",    "follow_up",   "audit_log",
};
#define N_TABLES (sizeof tables / sizeof tables[0])

static void count_all(int64_t n[N_TABLES])
{
	for (size_t i = 0; i < N_TABLES; i++)
		n[i] = rows(tables[i]);
}

static void audit_ok(void)
{
	int64_t n = 0;

	tu_ok(sspf_audit_verify(core, &n), "audit verify");
	ck_assert(n > 0);
}

/* Whether the n bytes at hay hold needle. */
static bool holds(const uint8_t *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; k <= n && i <= n - k; i++)
		if (hay[i] == (uint8_t)needle[0] &&
		    memcmp(hay + i, needle, k) == 0)
			return true;
	return false;
}

/* ---- closing a case ---- */

START_TEST(test_close)
{
	char code[SSPF_CODE_SIZE];

	new_case("Olle Sund", "", code);
	/* not after today, not before it was opened */
	ck_assert_int_eq(sspf_case_close(core, code, tu_date(2025, 1, 11), "x"),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(sspf_case_close(core, code, tu_date(2025, 1, 9), "x"),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(
		sspf_case_close(core, "2025-999", tu_date(2025, 1, 10), ""),
		SSPF_ERR_NOT_FOUND);
	ck_assert_int_eq(tu_audit_n(st, "close", code), 0);
	tu_ok(sspf_case_close(core, code, tu_date(2025, 1, 10),
			      "avslutat: mål nått"),
	      "close");
	ck_assert_int_eq(
		tu_int(st, "SELECT COUNT(*) FROM case_file WHERE "
			   "status = 'closed' AND closed_on = '2025-01-10' AND "
			   "outcome = 'avslutat: mål nått'"),
		1);
	ck_assert_int_eq(tu_audit_n(st, "close", code), 1);
	/* never twice */
	ck_assert_int_eq(
		sspf_case_close(core, code, tu_date(2025, 1, 10), "igen"),
		SSPF_ERR_INVALID);
	ck_assert_int_eq(tu_audit_n(st, "close", code), 1);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM case_file WHERE "
				    "outcome = 'igen'"),
			 0);
	audit_ok();
}
END_TEST

/* ---- when a case is due ---- */

START_TEST(test_closed_boundary)
{
	char code[SSPF_CODE_SIZE];

	new_case("Olle Sund", "", code);
	tu_ok(sspf_case_close(core, code, tu_date(2025, 1, 10), NULL), "close");
	tu_set_today(2025, 6, 1);
	ck_assert(!is_due(code, SSPF_PURGE_CLOSED, tu_date(2025, 1, 10)));
	/* 12 months after the closing day: not yet */
	tu_set_today(2026, 1, 10);
	ck_assert(!is_due(code, SSPF_PURGE_CLOSED, tu_date(2025, 1, 10)));
	/* the day after: due */
	tu_set_today(2026, 1, 11);
	ck_assert(is_due(code, SSPF_PURGE_CLOSED, tu_date(2025, 1, 10)));

	/* the setting counts */
	tu_ok(sspf_setting_set(st, "retention.case_months", "24"), "setting");
	ck_assert(!is_due(code, SSPF_PURGE_CLOSED, tu_date(2025, 1, 10)));
	tu_set_today(2027, 1, 10);
	ck_assert(!is_due(code, SSPF_PURGE_CLOSED, tu_date(2025, 1, 10)));
	tu_set_today(2027, 1, 11);
	ck_assert(is_due(code, SSPF_PURGE_CLOSED, tu_date(2025, 1, 10)));
}
END_TEST

START_TEST(test_withdrawn_boundary)
{
	char code[SSPF_CODE_SIZE];

	tu_set_today(2025, 2, 1);
	consented_case("Lisa Ek", "", tu_date(2025, 1, 20),
		       tu_date(2026, 1, 19), code);
	tu_ok(sspf_consent_withdraw(core, code, tu_date(2025, 2, 1),
				    "Maria Holm", "allt"),
	      "withdraw");
	tu_set_today(2026, 2, 1);
	ck_assert(!is_due(code, SSPF_PURGE_CONSENT_ENDED, tu_date(2025, 2, 1)));
	tu_set_today(2026, 2, 2);
	ck_assert(is_due(code, SSPF_PURGE_CONSENT_ENDED, tu_date(2025, 2, 1)));
}
END_TEST

START_TEST(test_expired_boundary)
{
	char code[SSPF_CODE_SIZE], renewed[SSPF_CODE_SIZE];
	sspf_consent_new c = { 0 };
	sspf_id g;

	consented_case("Lisa Ek", "", tu_date(2025, 1, 10),
		       tu_date(2025, 3, 31), code);
	/* a second case whose expired consent was renewed */
	consented_case("Nils Ek", "", tu_date(2025, 1, 10),
		       tu_date(2025, 3, 31), renewed);
	tu_set_today(2026, 3, 1);
	g = tu_int(st, "SELECT g.id FROM guardian g JOIN case_file c ON "
		       "c.id = g.case_id WHERE c.child_name = 'Nils Ek'");
	c.signed_on = tu_date(2026, 3, 1);
	c.signed_by = &g;
	c.n_signed_by = 1;
	c.scope = SCOPE;
	tu_ok(sspf_consent_register(core, renewed, &c, NULL), "renew");

	tu_set_today(2026, 3, 31);
	ck_assert(
		!is_due(code, SSPF_PURGE_CONSENT_ENDED, tu_date(2025, 3, 31)));
	tu_set_today(2026, 4, 1);
	ck_assert(is_due(code, SSPF_PURGE_CONSENT_ENDED, tu_date(2025, 3, 31)));
	/* the renewal counts: not due */
	ck_assert(!is_due(renewed, SSPF_PURGE_CONSENT_ENDED,
			  tu_date(2025, 3, 31)));
}
END_TEST

START_TEST(test_open_valid_never_due)
{
	char code[SSPF_CODE_SIZE], pending[SSPF_CODE_SIZE];

	consented_case("Lisa Ek", "", tu_date(2025, 1, 10), tu_date(2035, 1, 9),
		       code);
	/* an open case without any consent is not due by these rules */
	new_case("Per Ek", "", pending);
	for (int y = 2025; y <= 2034; y += 3) {
		sspf_purge_report rep;

		tu_set_today(y, 12, 31);
		dry(&rep);
		ck_assert_uint_eq(rep.n_cases, 0);
		sspf_purge_report_free(&rep);
	}
}
END_TEST

/* ---- dry run and purge ---- */

/*
 * A full case: guardians, consent and signatures, goal, action, follow-up,
 * a meeting with a participant and agenda items for it and for another
 * case. Returns the meeting's id.
 */
static int64_t full_case(const char *code, const char *other)
{
	char *sql = sqlite3_mprintf(
		"INSERT INTO meeting (kind, date, start_time, end_time, place) "
		"VALUES ('arbetsgruppsmöte', '2025-01-10', '09:00', '10:00', "
		"'Rummet');"
		"INSERT INTO participant (meeting_id, name, actor) VALUES "
		"(last_insert_rowid(), 'Karin Skola', %d);"
		"INSERT INTO agenda_item (meeting_id, position, case_id, "
		"minutes)"
		" SELECT max(m.id), 1, c.id, 'protokoll' FROM meeting m, "
		"case_file c WHERE c.code = %Q;"
		"INSERT INTO agenda_item (meeting_id, position, case_id, "
		"minutes)"
		" SELECT max(m.id), 2, c.id, 'annat' FROM meeting m, "
		"case_file c WHERE c.code = %Q;"
		"INSERT INTO goal (case_id, text, created_on) SELECT id, "
		"'närvaro', '2025-01-10' FROM case_file WHERE code = %Q;"
		"INSERT INTO action (case_id, goal_id, meeting_id, what, actor,"
		" created_on) SELECT c.id, g.id, (SELECT max(id) FROM meeting),"
		" 'samtal', %d, '2025-01-10' FROM case_file c JOIN goal g ON "
		"g.case_id = c.id WHERE c.code = %Q;"
		"INSERT INTO follow_up (action_id, made_on, status) SELECT "
		"a.id,"
		" '2025-01-10', 'pågår' FROM action a JOIN case_file c ON "
		"c.id = a.case_id WHERE c.code = %Q;",
		SSPF_ACTOR_SKOLA, code, other, code, SSPF_ACTOR_SKOLA, code,
		code);

	ck_assert_ptr_nonnull(sql);
	tu_exec(st, sql);
	sqlite3_free(sql);
	return tu_int(st, "SELECT max(id) FROM meeting");
}

/* Rows that hang on case code, in every table that holds any. */
static int64_t rows_of(const char *code)
{
	char *sql = sqlite3_mprintf(
		"SELECT (SELECT COUNT(*) FROM case_file WHERE id = x.id)"
		" + (SELECT COUNT(*) FROM guardian WHERE case_id = x.id)"
		" + (SELECT COUNT(*) FROM consent WHERE case_id = x.id)"
		" + (SELECT COUNT(*) FROM consent_signature s JOIN consent n"
		"    ON n.id = s.consent_id WHERE n.case_id = x.id)"
		" + (SELECT COUNT(*) FROM agenda_item WHERE case_id = x.id)"
		" + (SELECT COUNT(*) FROM goal WHERE case_id = x.id)"
		" + (SELECT COUNT(*) FROM action WHERE case_id = x.id)"
		" + (SELECT COUNT(*) FROM follow_up f JOIN action a"
		"    ON a.id = f.action_id WHERE a.case_id = x.id)"
		" FROM (SELECT coalesce((SELECT id FROM case_file"
		" WHERE code = %Q), -1) AS id) x",
		code);
	int64_t n;

	ck_assert_ptr_nonnull(sql);
	n = tu_int(st, sql);
	sqlite3_free(sql);
	return n;
}

START_TEST(test_dry_run_changes_nothing)
{
	char a[SSPF_CODE_SIZE], b[SSPF_CODE_SIZE];
	int64_t before[N_TABLES], after[N_TABLES];
	sspf_purge_report rep;
	char *copy = tu_join(dir, "copy.db");

	consented_case("Lisa Ek", "", tu_date(2025, 1, 10), 0, a);
	consented_case("Nils Ek", "", tu_date(2025, 1, 10), 0, b);
	full_case(a, b);
	tu_ok(sspf_case_close(core, a, tu_date(2025, 1, 10), NULL), "close");
	tu_set_today(2030, 1, 1);
	count_all(before);
	tu_copy_file(db, copy);

	dry(&rep);
	ck_assert_uint_eq(rep.n_cases, 2);
	ck_assert_str_eq(rep.cases[0].code, a);
	ck_assert_int_eq(rep.cases[0].why, SSPF_PURGE_CLOSED);
	ck_assert_str_eq(rep.cases[1].code, b);
	ck_assert_int_eq(rep.cases[1].why, SSPF_PURGE_CONSENT_ENDED);
	ck_assert_int_eq(rep.cases[1].since, tu_date(2026, 1, 9));
	ck_assert_int_eq(rep.today, tu_date(2030, 1, 1));
	ck_assert_int_eq(rep.log_before, tu_date(2025, 1, 1));
	ck_assert_int_eq(rep.log_entries, 0);
	sspf_purge_report_free(&rep);
	ck_assert_ptr_null(rep.cases);

	count_all(after);
	for (size_t i = 0; i < N_TABLES; i++)
		ck_assert_msg(before[i] == after[i], "%s: %lld rows, were %lld",
			      tables[i], (long long)after[i],
			      (long long)before[i]);
	ck_assert_msg(tu_files_equal(db, copy), "a dry run wrote the file");
	free(copy);
}
END_TEST

START_TEST(test_purge_removes_case)
{
	char a[SSPF_CODE_SIZE], b[SSPF_CODE_SIZE];
	int64_t meeting, before_b, entries = 0;
	sspf_purge_report rep;

	consented_case("Lisa Ek", "", tu_date(2025, 1, 10), 0, a);
	consented_case("Nils Ek", "", tu_date(2025, 1, 10), tu_date(2030, 1, 9),
		       b);
	meeting = full_case(a, b);
	full_case(b, a);
	tu_ok(sspf_case_close(core, a, tu_date(2025, 1, 10), NULL), "close");
	/* case, guardian, consent, signature, 2 agenda items, goal, action,
	 * follow-up */
	ck_assert_int_eq(rows_of(a), 9);
	before_b = rows_of(b);
	ck_assert_int_eq(before_b, 9);

	tu_set_today(2026, 1, 11);
	tu_ok(sspf_purge(core, false, &rep), "purge");
	ck_assert(rep.purged);
	ck_assert_uint_eq(rep.n_cases, 1);
	ck_assert_str_eq(rep.cases[0].code, a);
	sspf_purge_report_free(&rep);

	/* the case and all its rows are gone; the other case is whole */
	ck_assert_int_eq(rows_of(a), 0);
	ck_assert_int_eq(rows_of(b), before_b);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM guardian WHERE "
				    "name = 'Maria Holm'"),
			 1);
	/* meetings stay, with their participants */
	ck_assert_int_eq(rows("meeting"), 2);
	ck_assert_int_eq(rows("participant"), 2);
	{
		char *sql = sqlite3_mprintf(
			"SELECT COUNT(*) FROM meeting WHERE id = %lld",
			(long long)meeting);

		ck_assert_int_eq(tu_int(st, sql), 1);
		sqlite3_free(sql);
	}
	/* an action of the other case decided in that meeting keeps it */
	ck_assert_int_eq(
		tu_int(st, "SELECT COUNT(*) FROM action WHERE meeting_id IS "
			   "NOT NULL"),
		1);

	/* one "purge" entry with the code, none with a name */
	ck_assert_int_eq(tu_audit_n(st, "purge", a), 1);
	ck_assert_int_eq(tu_audit_n(st, "purge", b), 0);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM audit_log WHERE "
				    "instr(case_code, 'Lisa') OR "
				    "instr(os_user, 'Lisa') OR "
				    "instr(action, 'Lisa')"),
			 0);
	tu_ok(sspf_audit_verify(core, &entries), "verify");
	ck_assert(entries > 0);
	/* nothing more is due; the store is intact */
	dry(&rep);
	ck_assert_uint_eq(rep.n_cases, 0);
	sspf_purge_report_free(&rep);
	{
		struct tu_report r = { 0 };

		tu_ok(sspf_store_check(st, tu_report_cb, &r), "check");
		ck_assert_int_eq(r.problems, 0);
	}
}
END_TEST

START_TEST(test_log_retention)
{
	char a[SSPF_CODE_SIZE];
	sspf_purge_report rep;
	int64_t old, total, n = 0;

	/* entries written in 2019 and 2020 */
	tu_set_today(2019, 6, 1);
	new_case("Olle Sund", "", a);
	guardian(a, "Maria Holm");
	tu_set_today(2020, 6, 1);
	guardian(a, "Jonas Holm");
	tu_set_today(2026, 3, 10);
	guardian(a, "Tredje Holm");
	old = tu_int(st, "SELECT COUNT(*) FROM audit_log WHERE "
			 "at < '2021-03-10'");
	ck_assert_int_eq(old, 3);
	total = rows("audit_log");

	dry(&rep);
	ck_assert_int_eq(rep.log_before, tu_date(2021, 3, 10));
	ck_assert_int_eq(rep.log_entries, old);
	ck_assert_uint_eq(rep.n_cases, 0);
	sspf_purge_report_free(&rep);
	ck_assert_int_eq(rows("audit_log"), total);

	tu_ok(sspf_purge(core, false, &rep), "purge");
	ck_assert(rep.purged);
	ck_assert_int_eq(rep.log_entries, old);
	sspf_purge_report_free(&rep);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM audit_log WHERE "
				    "at < '2021-03-10'"),
			 0);
	/* the newer entries and the log's own "purge" entry remain */
	ck_assert_int_eq(rows("audit_log"), total - old + 1);
	ck_assert_int_eq(tu_audit_n(st, "purge", ""), 1);
	tu_ok(sspf_audit_verify(core, &n), "verify");
	ck_assert_int_eq(n, total - old + 1);

	/* the setting counts: 7 years back is 2019-03-10 */
	tu_ok(sspf_setting_set(st, "retention.log_years", "7"), "setting");
	dry(&rep);
	ck_assert_int_eq(rep.log_before, tu_date(2019, 3, 10));
	ck_assert_int_eq(rep.log_entries, 0);
	sspf_purge_report_free(&rep);
}
END_TEST

START_TEST(test_purge_refused_in_transaction)
{
	sspf_purge_report rep;

	tu_exec(st, "BEGIN");
	ck_assert_int_eq(sspf_purge(core, false, &rep), SSPF_ERR_INVALID);
	ck_assert(!rep.purged);
	tu_exec(st, "ROLLBACK");
	sspf_purge_report_free(&rep);
}
END_TEST

START_TEST(test_purge_refused_on_tampered_log)
{
	char a[SSPF_CODE_SIZE];
	int64_t before[N_TABLES], after[N_TABLES];
	sspf_purge_report rep;

	new_case("Olle Sund", "", a);
	tu_ok(sspf_case_close(core, a, tu_date(2025, 1, 10), NULL), "close");
	tu_exec(st, "UPDATE audit_log SET os_user = 'någon' WHERE seq = 1");
	tu_set_today(2026, 6, 1);
	count_all(before);
	ck_assert_int_eq(sspf_purge(core, false, &rep), SSPF_ERR_DAMAGED);
	ck_assert(!rep.purged);
	sspf_purge_report_free(&rep);
	count_all(after);
	for (size_t i = 0; i < N_TABLES; i++)
		ck_assert_int_eq(before[i], after[i]);
}
END_TEST

/* ---- the freed pages hold no trace ---- */

#define MARK_NAME "MARKER-7f3a-child-Zlatan"
#define MARK_CONCERN "MARKER-7f3a-concern-text"
#define MARK_NOTE "MARKER-7f3a-note-text"
#define MARK_GUARDIAN "MARKER-7f3a-guardian"

static const char *const marks[] = { MARK_NAME, MARK_CONCERN, MARK_NOTE,
				     MARK_GUARDIAN };
#define N_MARKS (sizeof marks / sizeof marks[0])

struct scan {
	unsigned pages;
	unsigned found[N_MARKS];
};

static int scan_page(void *arg, uint32_t pgno, const uint8_t *plain)
{
	struct scan *s = arg;

	(void)pgno;
	s->pages++;
	for (size_t i = 0; i < N_MARKS; i++)
		if (holds(plain, 4096, marks[i]))
			s->found[i]++;
	return 0;
}

/* Close everything, open the store again, decrypt every page. */
static void scan_all(struct scan *s)
{
	long pages;

	reopen();
	memset(s, 0, sizeof *s);
	tu_ok(sspf_store_scan_plain(st, scan_page, s), "scan");
	pages = tu_page_count(db);
	ck_assert_int_gt(pages, 0);
	ck_assert_int_eq(s->pages, pages);
}

/* The raw file (and its redo log) holds none of the marks. */
static void raw_lacks_marks(void)
{
	char *redo = tu_redo(db);
	const char *files[] = { db, redo };

	for (size_t f = 0; f < 2; f++) {
		size_t len = 0;
		uint8_t *raw = tu_read_file(files[f], &len);

		if (raw == NULL)
			continue;
		for (size_t i = 0; i < N_MARKS; i++)
			ck_assert_msg(!holds(raw, len, marks[i]),
				      "%s is in %s as plain text", marks[i],
				      files[f]);
		free(raw);
	}
	free(redo);
}

START_TEST(test_no_trace_left)
{
	char a[SSPF_CODE_SIZE], b[SSPF_CODE_SIZE], note[64];
	int64_t before_b;
	char *sql;
	struct scan s;

	consented_case(MARK_NAME, MARK_CONCERN, tu_date(2025, 1, 10), 0, a);
	guardian(a, MARK_GUARDIAN);
	consented_case("Nils Ek", "oro för närvaron", tu_date(2025, 1, 10),
		       tu_date(2030, 1, 9), b);
	full_case(a, b);
	snprintf(note, sizeof note, "%s", MARK_NOTE);
	sql = sqlite3_mprintf("UPDATE case_file SET note = %Q WHERE code = %Q",
			      note, a);
	tu_exec(st, sql);
	sqlite3_free(sql);
	/* more rows, so that the purged case's pages are not the only ones */
	for (int i = 0; i < 40; i++) {
		char code[SSPF_CODE_SIZE], name[64];

		snprintf(name, sizeof name, "Barn nummer %d", i);
		new_case(name, "en lång text om oron för barnet i skolan",
			 code);
	}
	tu_ok(sspf_case_close(core, a, tu_date(2025, 1, 10), NULL), "close");
	before_b = rows_of(b);

	/* before: the marks are found in the decrypted pages */
	scan_all(&s);
	for (size_t i = 0; i < N_MARKS; i++)
		ck_assert_msg(s.found[i] > 0, "%s not found before the purge",
			      marks[i]);
	raw_lacks_marks();

	tu_set_today(2026, 1, 11);
	{
		sspf_purge_report rep;

		tu_ok(sspf_purge(core, false, &rep), "purge");
		ck_assert_uint_eq(rep.n_cases, 1);
		ck_assert_str_eq(rep.cases[0].code, a);
		sspf_purge_report_free(&rep);
	}

	/* after: in no page of the file, decrypted or not */
	scan_all(&s);
	for (size_t i = 0; i < N_MARKS; i++)
		ck_assert_msg(s.found[i] == 0,
			      "%s is still in %u decrypted pages", marks[i],
			      s.found[i]);
	raw_lacks_marks();
	ck_assert_int_eq(rows_of(a), 0);
	ck_assert_int_eq(rows_of(b), before_b);
	audit_ok();
}
END_TEST

static Suite *purge_suite(void)
{
	Suite *s = suite_create("purge");
	TCase *tc = tcase_create("purge");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_close);
	tcase_add_test(tc, test_closed_boundary);
	tcase_add_test(tc, test_withdrawn_boundary);
	tcase_add_test(tc, test_expired_boundary);
	tcase_add_test(tc, test_open_valid_never_due);
	tcase_add_test(tc, test_dry_run_changes_nothing);
	tcase_add_test(tc, test_purge_removes_case);
	tcase_add_test(tc, test_log_retention);
	tcase_add_test(tc, test_purge_refused_in_transaction);
	tcase_add_test(tc, test_purge_refused_on_tampered_log);
	tcase_add_test(tc, test_no_trace_left);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	tu_tz_stockholm();
	return run_all(purge_suite());
}
