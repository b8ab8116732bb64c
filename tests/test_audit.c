/*
 * test_audit.c - the audit log (src/core/audit.c): appending with a clock
 * the test sets, listing all entries, one case's and those from a date on;
 * verifying an intact chain; and finding every change made beside sspf
 * with raw SQL: an entry's time, user, action, case code or mac edited, an
 * entry removed from the middle or the end, the head moved back over a
 * removed entry, a forged entry added, two entries swapped. Retention
 * (audit_purge_before) keeps the chain verifiable. Anything but a case
 * code is refused as a case code. The one limit (a whole earlier state of
 * the log and its head put back) is pinned down in test_limit_rollback.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sspf/audit.h>
#include <sspf/core.h>
#include <sspf/date.h>

#include "core/audit.h"

static char *dir, *db;

/* The clock of the tests: now is whatever the test sets. */
static time_t fake_time;

static time_t fake_now(void *ctx)
{
	(void)ctx;
	return fake_time;
}

static const sspf_clock fake_clock = { fake_now, NULL };

/* Set the clock to y-m-d h:mi:s UTC. */
static void set_time(int y, int m, int d, int h, int mi, int s)
{
	sspf_date day;

	ck_assert(sspf_date_make(y, m, d, &day));
	fake_time = (time_t)day * 86400 + h * 3600 + mi * 60 + s;
}

static void setup(void)
{
	dir = tu_tmpdir();
	db = tu_join(dir, "sspf.db");
}

static void teardown(void)
{
	tu_rmrf(dir);
	free(dir);
	free(db);
}

static sspf_core *core_for(sspf_store *st, const char *user)
{
	sspf_core *core = NULL;
	sspf_err e = sspf_core_open(st, &fake_clock, user, &core);

	ck_assert_msg(e == SSPF_OK, "core open: %s (%s)", sspf_strerror(e),
		      sspf_err_detail());
	return core;
}

static void append_ok(sspf_core *core, const char *action, const char *code)
{
	sspf_err e = audit_append(core, action, code);

	ck_assert_msg(e == SSPF_OK, "append %s %s: %s (%s)", action,
		      code ? code : "(null)", sspf_strerror(e),
		      sspf_err_detail());
}

static void verify_ok(sspf_core *core, int64_t want)
{
	int64_t n = -1;
	sspf_err e = sspf_audit_verify(core, &n);

	ck_assert_msg(e == SSPF_OK, "verify: %s (%s)", sspf_strerror(e),
		      sspf_err_detail());
	ck_assert_int_eq(n, want);
}

/* Verify must fail as damaged with a detail containing want. */
static void verify_damaged(sspf_core *core, const char *want)
{
	sspf_err e = sspf_audit_verify(core, NULL);

	ck_assert_msg(e == SSPF_ERR_DAMAGED, "verify gave %s (%s), not damaged",
		      sspf_strerror(e), sspf_err_detail());
	ck_assert_msg(strstr(sspf_err_detail(), want) != NULL,
		      "detail '%s' does not say '%s'", sspf_err_detail(), want);
}

/* The listing as text, one "seq at user action code" line per entry. */
struct listing {
	char text[4096];
	int n, stop_after;
};

static int collect(void *arg, const sspf_audit_entry *e)
{
	struct listing *l = arg;
	size_t used = strlen(l->text);

	snprintf(l->text + used, sizeof l->text - used, "%lld %s %s %s %s\n",
		 (long long)e->seq, e->at, e->user, e->action, e->case_code);
	l->n++;
	return l->stop_after != 0 && l->n >= l->stop_after;
}

static void list_is(sspf_core *core, const char *code, const char *since,
		    const char *want)
{
	struct listing l = { { 0 }, 0, 0 };
	sspf_date d = 0;
	sspf_err e;

	if (since != NULL)
		ck_assert_int_eq(sspf_date_parse(since, &d), SSPF_OK);
	e = sspf_audit_list(core, code, d, collect, &l);
	ck_assert_msg(e == SSPF_OK, "list: %s (%s)", sspf_strerror(e),
		      sspf_err_detail());
	ck_assert_msg(strcmp(l.text, want) == 0,
		      "list %s since %s:\n%s\nexpected:\n%s",
		      code ? code : "(all)", since ? since : "(all)", l.text,
		      want);
}

#define ALL5                                            \
	"1 2026-01-10T08:00:00Z anna create 2026-001\n" \
	"2 2026-01-10T08:05:00Z anna view 2026-001\n"   \
	"3 2026-01-11T23:59:59Z anna consent-work \n"   \
	"4 2026-01-12T00:00:00Z bertil view 2026-002\n" \
	"5 2026-01-13T12:00:00Z bertil print 2026-001\n"

/* A database with the five entries of ALL5; *core is anna's. */
static sspf_store *make5(sspf_core **core)
{
	sspf_store *st = tu_create(db, NULL);
	sspf_core *anna = core_for(st, "anna"), *bertil;

	set_time(2026, 1, 10, 8, 0, 0);
	append_ok(anna, "create", "2026-001");
	set_time(2026, 1, 10, 8, 5, 0);
	append_ok(anna, "view", "2026-001");
	set_time(2026, 1, 11, 23, 59, 59);
	append_ok(anna, "consent-work", NULL);
	bertil = core_for(st, "bertil");
	set_time(2026, 1, 12, 0, 0, 0);
	append_ok(bertil, "view", "2026-002");
	set_time(2026, 1, 13, 12, 0, 0);
	append_ok(bertil, "print", "2026-001");
	sspf_core_close(bertil);
	*core = anna;
	return st;
}

START_TEST(test_empty)
{
	sspf_store *st = tu_create(db, NULL);
	sspf_core *core = core_for(st, "anna");

	verify_ok(core, 0);
	list_is(core, NULL, NULL, "");
	sspf_core_close(core);
	sspf_store_close(st);
}
END_TEST

START_TEST(test_append_list)
{
	sspf_core *core;
	sspf_store *st = make5(&core);
	struct listing l = { { 0 }, 0, 2 };

	list_is(core, NULL, NULL, ALL5);
	list_is(core, "2026-001", NULL,
		"1 2026-01-10T08:00:00Z anna create 2026-001\n"
		"2 2026-01-10T08:05:00Z anna view 2026-001\n"
		"5 2026-01-13T12:00:00Z bertil print 2026-001\n");
	list_is(core, "2026-002", NULL,
		"4 2026-01-12T00:00:00Z bertil view 2026-002\n");
	list_is(core, "2026-999", NULL, "");
	/* since compares the date of the entry (UTC): the whole day counts */
	list_is(core, NULL, "2026-01-11",
		"3 2026-01-11T23:59:59Z anna consent-work \n"
		"4 2026-01-12T00:00:00Z bertil view 2026-002\n"
		"5 2026-01-13T12:00:00Z bertil print 2026-001\n");
	list_is(core, NULL, "2026-01-12",
		"4 2026-01-12T00:00:00Z bertil view 2026-002\n"
		"5 2026-01-13T12:00:00Z bertil print 2026-001\n");
	list_is(core, NULL, "2026-01-14", "");
	list_is(core, "2026-001", "2026-01-11",
		"5 2026-01-13T12:00:00Z bertil print 2026-001\n");
	/* the callback stops the walk */
	ck_assert_int_eq(sspf_audit_list(core, NULL, 0, collect, &l), SSPF_OK);
	ck_assert_int_eq(l.n, 2);
	verify_ok(core, 5);
	ck_assert_int_eq(tu_int(st, "SELECT seq FROM audit_head"), 5);
	sspf_core_close(core);
	sspf_store_close(st);

	/* the chain's key comes from the database: it verifies when opened
	 * again, and goes on */
	st = tu_open_ok(db, 0);
	core = core_for(st, "anna");
	verify_ok(core, 5);
	append_ok(core, "view", "2026-002");
	verify_ok(core, 6);
	sspf_core_close(core);
	sspf_store_close(st);
}
END_TEST

/* Raw SQL edits of one entry, each on a fresh database. */
static const struct {
	const char *sql;
	const char *want;
} edits[] = {
	{ "UPDATE audit_log SET action = 'change' WHERE seq = 3",
	  "entry 3 has been changed" },
	{ "UPDATE audit_log SET case_code = '2026-002' WHERE seq = 2",
	  "entry 2 has been changed" },
	{ "UPDATE audit_log SET case_code = '' WHERE seq = 5",
	  "entry 5 has been changed" },
	{ "UPDATE audit_log SET os_user = 'cecilia' WHERE seq = 1",
	  "entry 1 has been changed" },
	{ "UPDATE audit_log SET at = '2026-01-12T00:00:01Z' WHERE seq = 4",
	  "entry 4 has been changed" },
	{ "UPDATE audit_log SET mac = zeroblob(32) WHERE seq = 2",
	  "entry 2 has been changed" },
	{ "UPDATE audit_log SET mac = x'00' WHERE seq = 2",
	  "entry 2 has been changed" },
	/* a zero byte hidden in a text changes what is stored */
	{ "UPDATE audit_log SET action = 'view' || char(0) || 'x'"
	  " WHERE seq = 2",
	  "entry 2 has been changed" },
	/* an entry taken out of the middle */
	{ "DELETE FROM audit_log WHERE seq = 3", "entry 3 is missing" },
	{ "DELETE FROM audit_log WHERE seq = 1", "entry 1 is missing" },
	/* the newest entry removed, the head left */
	{ "DELETE FROM audit_log WHERE seq = 5",
	  "ends at entry 4 but its head says 5" },
	{ "DELETE FROM audit_log WHERE seq >= 3",
	  "ends at entry 2 but its head says 5" },
	{ "DELETE FROM audit_log", "ends at entry 0 but its head says 5" },
	/* ... and the head moved back to the entry before: its tag no
	 * longer fits */
	{ "DELETE FROM audit_log WHERE seq = 5;"
	  " UPDATE audit_head SET seq = 4,"
	  " mac = (SELECT mac FROM audit_log WHERE seq = 4)",
	  "head of the audit log (entry 4) has been changed" },
	/* entries cut off the start, the chain's start moved to fit */
	{ "UPDATE audit_head SET base_seq = 2,"
	  " base_mac = (SELECT mac FROM audit_log WHERE seq = 2);"
	  " DELETE FROM audit_log WHERE seq <= 2",
	  "head of the audit log (entry 5) has been changed" },
	{ "DELETE FROM audit_head", "head of the audit log has been removed" },
	{ "UPDATE audit_head SET mac = x'01'", "head of the audit log" },
	/* forged entries */
	{ "INSERT INTO audit_log VALUES (6, '2026-01-14T08:00:00Z', 'anna',"
	  " 'view', '2026-003', zeroblob(32))",
	  "entry 6 comes after the end of the log (entry 5)" },
	{ "INSERT INTO audit_log VALUES (6, '2026-01-14T08:00:00Z', 'anna',"
	  " 'view', '2026-003', zeroblob(32));"
	  " UPDATE audit_head SET seq = 6, mac = zeroblob(32)",
	  "head of the audit log (entry 6) has been changed" },
	{ "INSERT INTO audit_log VALUES (0, '2026-01-09T08:00:00Z', 'anna',"
	  " 'view', '2026-003', zeroblob(32))",
	  "entry 0 comes before the start of the log" },
	/* an entry replaced by one copied from elsewhere */
	{ "UPDATE audit_log SET (at, os_user, action, case_code, mac) ="
	  " (SELECT at, os_user, action, case_code, mac FROM audit_log"
	  " WHERE seq = 4) WHERE seq = 3",
	  "entry 3 has been changed" },
	/* two entries swapped */
	{ "UPDATE audit_log SET seq = -2 WHERE seq = 2;"
	  " UPDATE audit_log SET seq = 2 WHERE seq = 3;"
	  " UPDATE audit_log SET seq = 3 WHERE seq = -2",
	  "entry 2 has been changed" },
	{ "UPDATE audit_log SET seq = -4 WHERE seq = 4;"
	  " UPDATE audit_log SET seq = 4 WHERE seq = 5;"
	  " UPDATE audit_log SET seq = 5 WHERE seq = -4",
	  "entry 4 has been changed" },
};

START_TEST(test_tamper)
{
	sspf_core *core;
	sspf_store *st = make5(&core);

	verify_ok(core, 5);
	tu_exec(st, edits[_i].sql);
	verify_damaged(core, edits[_i].want);
	/* writing on does not hide it */
	if (tu_int(st, "SELECT count(*) FROM audit_head") == 1 &&
	    audit_append(core, "view", "2026-001") == SSPF_OK)
		verify_damaged(core, "");
	sspf_core_close(core);
	sspf_store_close(st);

	/* nor does closing and opening again */
	st = tu_open_ok(db, 0);
	core = core_for(st, "anna");
	verify_damaged(core, "");
	sspf_core_close(core);
	sspf_store_close(st);
}
END_TEST

/*
 * The limit: everything is in the one database, so an earlier state of
 * the log put back whole (its entries and its head, e.g. from a copy of
 * the file) cannot be told from the real one. Here entry 6 is removed and
 * the head of before it was written is put back: the chain verifies. Only
 * something kept outside the database (a backup, a printed count) shows
 * it. The simple removal without the old head is found (test_tamper).
 */
START_TEST(test_limit_rollback)
{
	sspf_core *core;
	sspf_store *st = make5(&core);

	tu_exec(st, "CREATE TEMP TABLE old_head AS SELECT * FROM audit_head");
	append_ok(core, "view", "2026-003");
	verify_ok(core, 6);
	tu_exec(st, "DELETE FROM audit_log WHERE seq = 6;"
		    " DELETE FROM audit_head;"
		    " INSERT INTO audit_head SELECT * FROM old_head");
	verify_ok(core, 5);
	sspf_core_close(core);
	sspf_store_close(st);
}
END_TEST

START_TEST(test_refused)
{
	static const char *const bad_codes[] = {
		"Anna Svensson",      /* a name */
		"AnnaSvensson",	      /* a name without a space */
		"2026-014 Anna",      /* a code and a name */
		"2026-0140000000000", /* longer than 15 */
		"2026\n014",	      /* control character */
		"2026-014\xc3\xa5",   /* not ASCII */
		" 2026-014",	      /* a space */
	};
	static const char *const bad_actions[] = {
		"",
		"view case",
		"view\n",
		"visa\xc3\xa5",
		"an-action-word-of-more-than-32-chars",
	};
	sspf_store *st = tu_create(db, NULL);
	sspf_core *core = core_for(st, "anna");
	sspf_core *bad_user = core_for(st, "anna\nberg");

	set_time(2026, 2, 1, 9, 0, 0);
	for (size_t i = 0; i < sizeof bad_codes / sizeof bad_codes[0]; i++)
		ck_assert_msg(audit_append(core, "view", bad_codes[i]) ==
				      SSPF_ERR_INVALID,
			      "case code '%s' was taken", bad_codes[i]);
	for (size_t i = 0; i < sizeof bad_actions / sizeof bad_actions[0]; i++)
		ck_assert_msg(audit_append(core, bad_actions[i], "2026-014") ==
				      SSPF_ERR_INVALID,
			      "action '%s' was taken", bad_actions[i]);
	ck_assert_int_eq(audit_append(core, NULL, "2026-014"),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(audit_append(bad_user, "view", "2026-014"),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(tu_int(st, "SELECT count(*) FROM audit_log"), 0);

	/* what is a code */
	append_ok(core, "view", "2026-014");
	append_ok(core, "view", "2026-0140000000"); /* 15 */
	append_ok(core, "export", "");
	append_ok(core, "export", NULL);
	list_is(core, NULL, NULL,
		"1 2026-02-01T09:00:00Z anna view 2026-014\n"
		"2 2026-02-01T09:00:00Z anna view 2026-0140000000\n"
		"3 2026-02-01T09:00:00Z anna export \n"
		"4 2026-02-01T09:00:00Z anna export \n");
	verify_ok(core, 4);
	sspf_core_close(bad_user);
	sspf_core_close(core);
	sspf_store_close(st);
}
END_TEST

/* The append joins the caller's transaction, and goes with it. */
START_TEST(test_transaction)
{
	sspf_core *core;
	sspf_store *st = make5(&core);

	tu_exec(st, "BEGIN");
	append_ok(core, "change", "2026-001");
	ck_assert_int_eq(tu_int(st, "SELECT seq FROM audit_head"), 6);
	tu_exec(st, "ROLLBACK");
	ck_assert_int_eq(tu_int(st, "SELECT count(*) FROM audit_log"), 5);
	verify_ok(core, 5);

	tu_exec(st, "BEGIN");
	append_ok(core, "change", "2026-001");
	/* a refused append leaves the transaction as it was */
	ck_assert_int_eq(audit_append(core, "change", "Anna Svensson"),
			 SSPF_ERR_INVALID);
	append_ok(core, "view", "2026-001");
	tu_exec(st, "COMMIT");
	verify_ok(core, 7);

	/* in a savepoint of the caller's too */
	tu_exec(st, "SAVEPOINT outer_sp");
	append_ok(core, "view", "2026-002");
	tu_exec(st, "ROLLBACK TO outer_sp; RELEASE outer_sp");
	verify_ok(core, 7);

	/* a failed append in the caller's transaction undoes only itself */
	tu_exec(st, "BEGIN");
	append_ok(core, "view", "2026-002");
	tu_exec(st, "INSERT INTO audit_log VALUES (9, '2026-01-14T08:00:00Z',"
		    " 'x', 'view', '', zeroblob(32))");
	ck_assert_int_eq(audit_append(core, "view", "2026-002"),
			 SSPF_ERR_DAMAGED);
	ck_assert_int_eq(tu_int(st, "SELECT seq FROM audit_head"), 8);
	tu_exec(st, "DELETE FROM audit_log WHERE seq = 9");
	tu_exec(st, "COMMIT");
	verify_ok(core, 8);
	sspf_core_close(core);
	sspf_store_close(st);
}
END_TEST

/* Ten entries, one a day from 2026-01-01 at noon. */
static sspf_store *make10(sspf_core **core)
{
	sspf_store *st = tu_create(db, NULL);
	char code[16];

	*core = core_for(st, "anna");
	for (int i = 1; i <= 10; i++) {
		set_time(2026, 1, i, 12, 0, 0);
		snprintf(code, sizeof code, "2026-%03d", i);
		append_ok(*core, "view", code);
	}
	return st;
}

START_TEST(test_purge)
{
	sspf_core *core;
	sspf_store *st = make10(&core);

	set_time(2031, 1, 5, 12, 0, 0);
	ck_assert_int_eq(audit_purge_before(core, "2026-01-05"), SSPF_OK);
	/* 1-4 went; the chain starts after 4; a purge entry was added */
	ck_assert_int_eq(tu_int(st, "SELECT min(seq) FROM audit_log"), 5);
	ck_assert_int_eq(tu_int(st, "SELECT base_seq FROM audit_head"), 4);
	list_is(core, NULL, "2031-01-01",
		"11 2031-01-05T12:00:00Z anna purge \n");
	verify_ok(core, 7);

	/* a time as well as a date; nothing to remove: only the entry */
	ck_assert_int_eq(audit_purge_before(core, "2026-01-05T11:59:59Z"),
			 SSPF_OK);
	ck_assert_int_eq(tu_int(st, "SELECT min(seq) FROM audit_log"), 5);
	verify_ok(core, 8);
	ck_assert_int_eq(audit_purge_before(core, "2026-01-05T12:00:01Z"),
			 SSPF_OK);
	ck_assert_int_eq(tu_int(st, "SELECT min(seq) FROM audit_log"), 6);
	verify_ok(core, 8);

	/* removing the start and moving the base is still found */
	tu_exec(st, "DELETE FROM audit_log WHERE seq = 6;"
		    " UPDATE audit_head SET base_seq = 6,"
		    " base_mac = x'00'");
	verify_damaged(core, "head of the audit log");
	/* and a log that does not verify is not purged */
	ck_assert_int_eq(audit_purge_before(core, "2030-01-01"),
			 SSPF_ERR_DAMAGED);
	ck_assert_int_eq(tu_int(st, "SELECT count(*) FROM audit_log"), 7);
	sspf_core_close(core);
	sspf_store_close(st);
}
END_TEST

START_TEST(test_purge_all)
{
	sspf_core *core;
	sspf_store *st = make10(&core);

	set_time(2031, 6, 1, 8, 0, 0);
	ck_assert_int_eq(audit_purge_before(core, "2031-06-01T08:00:00Z"),
			 SSPF_OK);
	list_is(core, NULL, NULL, "11 2031-06-01T08:00:00Z anna purge \n");
	verify_ok(core, 1);
	ck_assert_int_eq(audit_purge_before(core, "2031-06-02"), SSPF_OK);
	list_is(core, NULL, NULL, "12 2031-06-01T08:00:00Z anna purge \n");
	verify_ok(core, 1);
	sspf_core_close(core);
	sspf_store_close(st);

	/* a fresh log can be purged too */
	tu_rmrf(db);
	st = tu_create(db, NULL);
	core = core_for(st, "anna");
	ck_assert_int_eq(audit_purge_before(core, "2031-06-02"), SSPF_OK);
	verify_ok(core, 1);
	ck_assert_int_eq(audit_purge_before(core, "2031-6-2"),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(audit_purge_before(core, "2031-06-02T"),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(audit_purge_before(core, NULL), SSPF_ERR_INVALID);
	sspf_core_close(core);
	sspf_store_close(st);
}
END_TEST

/* The clock went back: only the run of old entries from the start goes. */
START_TEST(test_purge_clock_back)
{
	sspf_store *st = tu_create(db, NULL);
	sspf_core *core = core_for(st, "anna");

	set_time(2026, 1, 1, 12, 0, 0);
	append_ok(core, "view", "2026-001");
	set_time(2026, 1, 3, 12, 0, 0);
	append_ok(core, "view", "2026-002");
	set_time(2026, 1, 2, 12, 0, 0);
	append_ok(core, "view", "2026-003");
	set_time(2026, 1, 5, 12, 0, 0);
	append_ok(core, "view", "2026-004");
	set_time(2031, 1, 5, 12, 0, 0);
	ck_assert_int_eq(audit_purge_before(core, "2026-01-03"), SSPF_OK);
	ck_assert_int_eq(tu_int(st, "SELECT min(seq) FROM audit_log"), 2);
	verify_ok(core, 4);
	ck_assert_int_eq(audit_purge_before(core, "2026-01-04"), SSPF_OK);
	ck_assert_int_eq(tu_int(st, "SELECT min(seq) FROM audit_log"), 4);
	verify_ok(core, 3);
	sspf_core_close(core);
	sspf_store_close(st);
}
END_TEST

static Suite *audit_suite(void)
{
	Suite *s = suite_create("audit");
	TCase *tc = tcase_create("audit");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_append_list);
	tcase_add_loop_test(tc, test_tamper, 0,
			    (int)(sizeof edits / sizeof edits[0]));
	tcase_add_test(tc, test_limit_rollback);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_transaction);
	tcase_add_test(tc, test_purge);
	tcase_add_test(tc, test_purge_all);
	tcase_add_test(tc, test_purge_clock_back);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_all(audit_suite());
}
