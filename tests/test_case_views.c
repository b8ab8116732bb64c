/*
 * test_case_views.c - searching cases and a case's meeting history, both
 * behind the consent gate: a refused case is found by its code only, never
 * by its name, and its history is not given; the query is never logged.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sspf/cases.h>
#include <sspf/core.h>
#include <sspf/meetings.h>

static char *dir;
static sspf_store *st;
static sspf_core *core;
static char allowed[SSPF_CODE_SIZE], refused[SSPF_CODE_SIZE];

/* A case of a 13-year-old with one guardian and sole custody. */
static void make_case(const char *name, bool consent, char *code)
{
	sspf_case_new c = { .child_name = name,
			    .birth = sspf_core_today(core) - 13 * 366,
			    .sole_custody = true };
	sspf_guardian_new g = { .name = "Förälder Testsson", .custody = true };
	sspf_id gid;

	ck_assert_int_eq(sspf_case_create(core, &c, code), SSPF_OK);
	ck_assert_int_eq(sspf_guardian_add(core, code, &g, &gid), SSPF_OK);
	if (consent) {
		sspf_consent_new k = {
			.signed_on = sspf_core_today(core) - 10,
			.valid_until = sspf_core_today(core) + 100,
			.signed_by = &gid,
			.n_signed_by = 1,
			.scope = SSPF_ACTOR_ALL,
		};
		ck_assert_int_eq(sspf_consent_register(core, code, &k, NULL),
				 SSPF_OK);
	}
}

static void setup(void)
{
	char *db;

	dir = tu_tmpdir();
	db = tu_join(dir, "views.db");
	st = tu_create(db, NULL);
	free(db);
	ck_assert_int_eq(sspf_core_open(st, NULL, "tester", &core), SSPF_OK);
	make_case("Åsa Giltigsson", true, allowed);
	make_case("Åke Hemligsson", false, refused);
}

static void teardown(void)
{
	sspf_core_close(core);
	sspf_store_close(st);
	tu_rmrf(dir);
	free(dir);
}

struct found {
	int n;
	char codes[4][SSPF_CODE_SIZE];
	bool named[4];
};

static int collect(void *arg, const sspf_case_line *l)
{
	struct found *f = arg;

	if (f->n < 4) {
		snprintf(f->codes[f->n], SSPF_CODE_SIZE, "%s", l->code);
		f->named[f->n] = l->child_name != NULL;
	}
	f->n++;
	return 0;
}

static struct found search(const char *q)
{
	struct found f = { 0 };

	ck_assert_int_eq(sspf_case_search(core, q, collect, &f), SSPF_OK);
	return f;
}

START_TEST(test_search_by_name_only_where_allowed)
{
	struct found f = search("giltig");

	ck_assert_int_eq(f.n, 1);
	ck_assert_str_eq(f.codes[0], allowed);
	ck_assert(f.named[0]);
	/* upper case Å matches å, and the other way round */
	ck_assert_int_eq(search("ÅSA").n, 1);
	ck_assert_int_eq(search("åsa gil").n, 1);
	/* the refused case's name is never searched */
	ck_assert_int_eq(search("Hemlig").n, 0);
	ck_assert_int_eq(search("åke").n, 0);
	/* a name shared by both ("sson") finds only the allowed one */
	f = search("sson");
	ck_assert_int_eq(f.n, 1);
	ck_assert_str_eq(f.codes[0], allowed);
}
END_TEST

START_TEST(test_search_by_code_finds_refused_without_name)
{
	struct found f = search(refused);

	ck_assert_int_eq(f.n, 1);
	ck_assert_str_eq(f.codes[0], refused);
	ck_assert(!f.named[0]);
	/* the year part matches both, in code order */
	char year[5];
	memcpy(year, allowed, 4);
	year[4] = '\0';
	f = search(year);
	ck_assert_int_eq(f.n, 2);
	ck_assert_str_eq(f.codes[0], allowed);
	ck_assert_str_eq(f.codes[1], refused);
	ck_assert_int_eq(search("").n, 2);
	ck_assert_int_eq(search("no such thing").n, 0);
}
END_TEST

START_TEST(test_search_query_not_logged)
{
	search("Hemligsson-QUERY");
	ck_assert_int_eq(tu_int(st, "SELECT count(*) FROM audit_log WHERE "
				    "action || os_user || case_code LIKE "
				    "'%QUERY%'"),
			 0);
	ck_assert_int_ge(tu_int(st, "SELECT count(*) FROM audit_log WHERE "
				    "action = 'list'"),
			 1);
}
END_TEST

struct hist {
	int n;
	sspf_date dates[4];
	char minutes[4][64];
};

static int collect_history(void *arg, const sspf_history_line *l)
{
	struct hist *h = arg;

	if (h->n < 4) {
		h->dates[h->n] = l->date;
		snprintf(h->minutes[h->n], sizeof h->minutes[0], "%s",
			 l->minutes);
	}
	h->n++;
	return 0;
}

static sspf_id meeting_with(const char *code, sspf_date date,
			    const char *minutes)
{
	sspf_meeting_new m = { .kind = SSPF_MEETING_NETWORK,
			       .date = date,
			       .start = "09:00",
			       .end = "10:00" };
	sspf_id mid, item;

	ck_assert_int_eq(sspf_meeting_create(core, &m, &mid), SSPF_OK);
	ck_assert_int_eq(sspf_agenda_add_case(core, mid, code, &item), SSPF_OK);
	if (minutes != NULL)
		ck_assert_int_eq(
			sspf_agenda_set_minutes(core, item, minutes, NULL),
			SSPF_OK);
	return mid;
}

START_TEST(test_history_oldest_first_with_minutes)
{
	sspf_date today = sspf_core_today(core);
	struct hist h = { 0 };
	sspf_verdict v;

	meeting_with(allowed, today - 3, "second meeting");
	meeting_with(allowed, today - 20, "first meeting");
	meeting_with(refused, today - 5, NULL);
	ck_assert_int_eq(
		sspf_case_history(core, allowed, collect_history, &h, &v),
		SSPF_OK);
	ck_assert_int_eq(h.n, 2);
	ck_assert_int_eq(h.dates[0], today - 20);
	ck_assert_str_eq(h.minutes[0], "first meeting");
	ck_assert_str_eq(h.minutes[1], "second meeting");
}
END_TEST

START_TEST(test_history_refused_without_consent)
{
	struct hist h = { 0 };
	sspf_verdict v;

	meeting_with(refused, sspf_core_today(core) - 5, NULL);
	ck_assert_int_eq(
		sspf_case_history(core, refused, collect_history, &h, &v),
		SSPF_ERR_REFUSED);
	ck_assert_int_eq(h.n, 0);
	ck_assert_int_eq(v.reason, SSPF_CONSENT_NONE);
	ck_assert_int_eq(
		sspf_case_history(core, "2099-999", collect_history, &h, &v),
		SSPF_ERR_NOT_FOUND);
}
END_TEST

START_TEST(test_consent_record)
{
	sspf_date today = sspf_core_today(core);
	sspf_consent_record *r = NULL;
	int64_t before = tu_int(st, "SELECT count(*) FROM audit_log WHERE "
				    "action = 'consent-work'");

	ck_assert_int_eq(sspf_consent_current(core, allowed, &r), SSPF_OK);
	ck_assert_int_eq(r->signed_on, today - 10);
	ck_assert_int_eq(r->valid_until, today + 100);
	ck_assert_uint_eq(r->scope, SSPF_ACTOR_ALL);
	ck_assert_uint_eq(r->n_signed_by, 1);
	ck_assert(!r->withdrawn);
	ck_assert_str_eq(r->registered_by, "tester");
	sspf_consent_record_free(r);
	ck_assert_int_eq(tu_int(st, "SELECT count(*) FROM audit_log WHERE "
				    "action = 'consent-work'"),
			 before + 1);
	/* a withdrawn consent is still shown, as withdrawn */
	ck_assert_int_eq(
		sspf_consent_withdraw(core, allowed, today, "Förälder", "allt"),
		SSPF_OK);
	ck_assert_int_eq(sspf_consent_current(core, allowed, &r), SSPF_OK);
	ck_assert(r->withdrawn);
	ck_assert_int_eq(r->withdrawn_on, today);
	sspf_consent_record_free(r);
	/* no consent yet: nothing to show */
	ck_assert_int_eq(sspf_consent_current(core, refused, &r),
			 SSPF_ERR_NOT_FOUND);
	ck_assert_ptr_null(r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("case_views");
	TCase *tc = tcase_create("search and history");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_search_by_name_only_where_allowed);
	tcase_add_test(tc, test_search_by_code_finds_refused_without_name);
	tcase_add_test(tc, test_search_query_not_logged);
	tcase_add_test(tc, test_history_oldest_first_with_minutes);
	tcase_add_test(tc, test_history_refused_without_consent);
	tcase_add_test(tc, test_consent_record);
	suite_add_tcase(s, tc);
	return run_all(s);
}
