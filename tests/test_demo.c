/*
 * test_demo.c - the demo database (sspf_store_create_demo, sspf_demo_fill):
 * filled with a fixed fake clock, it holds 35+ cases in every consent state
 * (one valid consent ending within 30 days), meetings of every kind before
 * and after today, actions in every status and some overdue, names in
 * Arabic script and Somali names, and an audit log that verifies; "demo"
 * opens it, and only there: sspf_store_create still refuses "demo".
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sspf/audit.h>
#include <sspf/cases.h>
#include <sspf/core.h>
#include <sspf/date.h>
#include <sspf/demo.h>
#include <sspf/meetings.h>
#include <sspf/settings.h>

static struct tu_fake_clock fake, later;

static const sspf_clock clock_ = { tu_fake_now, &fake };
static const sspf_clock later_ = { tu_fake_now, &later };

static char *dir, *db;
static sspf_store *st;
static sspf_core *core;
static sspf_date today;

static void setup(void)
{
	struct tm tm = { .tm_year = 2026 - 1900,
			 .tm_mon = 4,
			 .tm_mday = 20,
			 .tm_hour = 12,
			 .tm_isdst = -1 };
	sspf_err e;

	fake.now = mktime(&tm);
	later.now = fake.now + 30 * 86400;
	dir = tu_tmpdir();
	db = tu_join(dir, "demo.db");
	e = sspf_store_create_demo(db, &tu_kdf, &st);
	ck_assert_msg(e == SSPF_OK, "create: %s (%s)", sspf_strerror(e),
		      sspf_err_detail());
	e = sspf_core_open(st, &clock_, "demo", &core);
	ck_assert_int_eq(e, SSPF_OK);
	today = sspf_core_today(core);
	e = sspf_demo_fill(core);
	ck_assert_msg(e == SSPF_OK, "fill: %s (%s)", sspf_strerror(e),
		      sspf_err_detail());
}

static void teardown(void)
{
	sspf_core_close(core);
	sspf_store_close(st);
	tu_rmrf(dir);
	free(db);
	free(dir);
}

/* ---- cases and consent states ---- */

#define MAX_CASES 100

struct cases {
	size_t n;
	char code[MAX_CASES][SSPF_CODE_SIZE];
	sspf_consent_reason reason[MAX_CASES];
	sspf_consent_state state[MAX_CASES];
	bool closed[MAX_CASES];
};

static int collect(void *arg, const sspf_case_line *l)
{
	struct cases *c = arg;

	ck_assert_uint_lt(c->n, MAX_CASES);
	strcpy(c->code[c->n], l->code);
	c->reason[c->n] = l->reason;
	c->state[c->n] = l->state;
	c->closed[c->n] = l->closed;
	c->n++;
	return 0;
}

START_TEST(test_consent_states)
{
	static const sspf_consent_reason want[] = {
		SSPF_CONSENT_OK,
		SSPF_CONSENT_NONE,
		SSPF_CONSENT_GUARDIAN_UNSIGNED,
		SSPF_CONSENT_YOUTH_UNSIGNED,
		SSPF_CONSENT_EXPIRED,
		SSPF_CONSENT_WITHDRAWN,
	};
	struct cases now = { 0 }, then = { 0 };
	sspf_core *core30;
	int expiring = 0, closed = 0;

	ck_assert_int_eq(sspf_case_list(core, collect, &now), SSPF_OK);
	ck_assert_uint_ge(now.n, 35);
	for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
		bool seen = false;
		for (size_t i = 0; i < now.n; i++)
			seen = seen || now.reason[i] == want[w];
		ck_assert_msg(seen, "no case with reason %d", (int)want[w]);
	}
	for (size_t i = 0; i < now.n; i++)
		closed += now.closed[i];
	ck_assert_int_ge(closed, 1);

	/* valid today, expired in 30 days: a consent ending within 30 days */
	ck_assert_int_eq(sspf_core_open(st, &later_, "demo", &core30), SSPF_OK);
	ck_assert_int_eq(sspf_case_list(core30, collect, &then), SSPF_OK);
	sspf_core_close(core30);
	ck_assert_uint_eq(now.n, then.n);
	for (size_t i = 0; i < now.n; i++)
		if (now.reason[i] == SSPF_CONSENT_OK &&
		    then.reason[i] == SSPF_CONSENT_EXPIRED)
			expiring++;
	ck_assert_int_ge(expiring, 1);
}
END_TEST

/* ---- names ---- */

static bool arabic_script(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0xD8 && *p <= 0xDB)
			return true;
	return false;
}

START_TEST(test_names)
{
	struct cases c = { 0 };
	int arabic = 0, somali = 0;

	ck_assert_int_eq(sspf_case_list(core, collect, &c), SSPF_OK);
	for (size_t i = 0; i < c.n; i++) {
		sspf_consent_info *ci = NULL;

		ck_assert_int_eq(sspf_case_consent_info(core, c.code[i], &ci),
				 SSPF_OK);
		arabic += arabic_script(ci->child_name);
		somali += strstr(ci->child_name, "Warsame") != NULL ||
			  strstr(ci->child_name, "Abdirahman") != NULL;
		for (size_t g = 0; g < ci->n_guardians; g++) {
			arabic += arabic_script(ci->guardians[g].name);
			/* fictional numbers and addresses only */
			ck_assert_msg(strncmp(ci->guardians[g].phone,
					      "070-1740", 8) == 0,
				      "%s", ci->guardians[g].phone);
			ck_assert(ci->guardians[g].email[0] == '\0' ||
				  strstr(ci->guardians[g].email,
					 "@example.se") != NULL);
		}
		sspf_consent_info_free(ci);
	}
	ck_assert_int_ge(arabic, 1);
	ck_assert_int_ge(somali, 1);
}
END_TEST

/* ---- meetings ---- */

static int meeting_seen(void *arg, const sspf_meeting *m)
{
	int(*seen)[2] = arg;

	seen[m->kind][m->date >= today]++;
	ck_assert_uint_ge(m->n_participants, 1);
	ck_assert_uint_ge(m->n_items, 1);
	return 0;
}

START_TEST(test_meetings)
{
	int seen[SSPF_MEETING_KINDS][2] = { { 0 } };

	ck_assert_int_eq(sspf_meeting_list(core, 0, 0, 0, meeting_seen, seen),
			 SSPF_OK);
	for (int k = 0; k < SSPF_MEETING_KINDS; k++) {
		ck_assert_msg(seen[k][0] > 0, "no past %s",
			      sspf_meeting_kind_name((sspf_meeting_kind)k));
		ck_assert_msg(seen[k][1] > 0, "no upcoming %s",
			      sspf_meeting_kind_name((sspf_meeting_kind)k));
	}
	/* a year of group meetings: about every other week */
	ck_assert_int_ge(
		seen[SSPF_MEETING_GROUP][0] + seen[SSPF_MEETING_GROUP][1], 20);
}
END_TEST

/* ---- actions ---- */

static int overdue_seen(void *arg, const sspf_open_action *a)
{
	*(int *)arg += a->overdue;
	return 0;
}

START_TEST(test_actions)
{
	struct cases c = { 0 };
	int status[SSPF_ACTION_STATUSES] = { 0 }, follow_ups = 0, overdue = 0;

	ck_assert_int_eq(sspf_case_list(core, collect, &c), SSPF_OK);
	for (size_t i = 0; i < c.n; i++) {
		sspf_plan *p = NULL;

		if (c.reason[i] != SSPF_CONSENT_OK)
			continue;
		ck_assert_int_eq(
			sspf_case_plan(core, c.code[i], NULL, &p, NULL),
			SSPF_OK);
		for (size_t a = 0; a < p->n_actions; a++) {
			status[p->actions[a].status]++;
			for (size_t f = 0; f < p->actions[a].n_follow_ups; f++)
				follow_ups += p->actions[a]
						      .follow_ups[f]
						      .meeting_id != 0;
		}
		sspf_plan_free(p);
	}
	for (int s = 0; s < SSPF_ACTION_STATUSES; s++)
		ck_assert_msg(status[s] > 0, "no action %s",
			      sspf_action_status_name((sspf_action_status)s));
	ck_assert_int_ge(follow_ups, 1);
	ck_assert_int_eq(sspf_actions_open(core, NULL, overdue_seen, &overdue),
			 SSPF_OK);
	ck_assert_int_ge(overdue, 1);
}
END_TEST

/* ---- settings, audit log, passphrase ---- */

START_TEST(test_settings_audit)
{
	char *v = NULL;
	int64_t n = 0;
	sspf_err e;

	ck_assert_int_eq(sspf_setting_get(st, "municipality", &v), SSPF_OK);
	ck_assert_str_eq(v, "Demokommun");
	free(v);
	ck_assert_int_eq(sspf_setting_get(st, "district", &v), SSPF_OK);
	ck_assert_str_eq(v, "Demodistrikt Nord");
	free(v);
	ck_assert_int_eq(sspf_setting_get(st, "coordinator.name", &v), SSPF_OK);
	ck_assert_str_eq(v, "Kim Demo");
	free(v);
	e = sspf_audit_verify(core, &n);
	ck_assert_msg(e == SSPF_OK, "audit: %s (%s)", sspf_strerror(e),
		      sspf_err_detail());
	ck_assert_int_gt(n, 100);
}
END_TEST

START_TEST(test_passphrase)
{
	char rec[SSPF_RECOVERY_TEXT_SIZE];
	char *other = tu_join(dir, "other.db");
	sspf_store *s2 = NULL;
	int64_t cases;

	ck_assert(sspf_store_is_demo(st));
	sspf_core_close(core);
	core = NULL;
	sspf_store_close(st);
	st = NULL;

	ck_assert_int_eq(tu_open(db, "demo", 0, &s2), SSPF_OK);
	ck_assert(sspf_store_is_demo(s2));
	cases = tu_int(s2, "SELECT count(*) FROM case_file");
	ck_assert_int_ge(cases, 35);
	sspf_store_close(s2);
	ck_assert_int_eq(tu_open(db, "demo2", 0, &s2),
			 SSPF_ERR_WRONG_PASSPHRASE);

	/* "demo" is still too short for a real database */
	ck_assert_int_eq(sspf_store_create(other, "demo", 4, &tu_kdf, rec, &s2),
			 SSPF_ERR_WEAK_PASSPHRASE);
	ck_assert(s2 == NULL);
	ck_assert_int_eq(tu_file_size(other), -1);
	/* and an ordinary database is not a demo */
	s2 = tu_create(other, rec);
	ck_assert(!sspf_store_is_demo(s2));
	sspf_store_close(s2);
	free(other);
}
END_TEST

START_TEST(test_refuses_existing)
{
	sspf_store *s2 = NULL;

	sspf_core_close(core);
	core = NULL;
	sspf_store_close(st);
	st = NULL;
	/* after the close: its checkpoint writes the log into the file */
	long size = tu_file_size(db);
	ck_assert_int_ne(sspf_store_create_demo(db, &tu_kdf, &s2), SSPF_OK);
	ck_assert(s2 == NULL);
	ck_assert_int_eq(tu_file_size(db), size);
	ck_assert_int_eq(tu_open(db, "demo", 0, &s2), SSPF_OK);
	sspf_store_close(s2);
}
END_TEST

static Suite *demo_suite(void)
{
	Suite *s = suite_create("demo");
	const struct tu_test tests[] = {
		{ "consent_states", test_consent_states },
		{ "names", test_names },
		{ "meetings", test_meetings },
		{ "actions", test_actions },
		{ "settings_audit", test_settings_audit },
		{ "passphrase", test_passphrase },
		{ "refuses_existing", test_refuses_existing },
	};
	tu_add_tests(s, tests, sizeof tests / sizeof *tests, setup, teardown);
	return s;
}

int main(void)
{
	return run_all(demo_suite());
}
