/*
 * test_date.c - dates as day numbers and the clock (src/core/date.c):
 * parsing and formatting "YYYY-MM-DD", ages across birthdays (also for
 * those born on 29 February), adding months, and "today" in
 * Europe/Stockholm from a fake clock around midnight UTC.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sspf/date.h>
#include <sspf/error.h>

/* ---- make, parts, parse, format ---- */

START_TEST(test_known_days)
{
	/* Day numbers computed independently (Python's datetime.date). */
	ck_assert_int_eq(tu_date(1970, 1, 1), 0);
	ck_assert_int_eq(tu_date(1970, 1, 2), 1);
	ck_assert_int_eq(tu_date(1969, 12, 31), -1);
	ck_assert_int_eq(tu_date(2000, 3, 1), 11017);
	ck_assert_int_eq(tu_date(2026, 1, 1), 20454);
	ck_assert_int_eq(tu_date(2028, 2, 29), 21243);
	ck_assert_int_eq(tu_date(1900, 1, 1), -25567);
	ck_assert_int_eq(tu_date(2199, 12, 31), 84005);
}
END_TEST

START_TEST(test_make_invalid)
{
	sspf_date out = 12345;

	ck_assert(!sspf_date_make(2026, 2, 29, &out));
	ck_assert(!sspf_date_make(2100, 2, 29, &out)); /* not a leap year */
	ck_assert(!sspf_date_make(2026, 4, 31, &out));
	ck_assert(!sspf_date_make(2026, 0, 1, &out));
	ck_assert(!sspf_date_make(2026, 13, 1, &out));
	ck_assert(!sspf_date_make(2026, 1, 0, &out));
	ck_assert(!sspf_date_make(2026, 1, 32, &out));
	ck_assert_int_eq(out, 12345);		      /* untouched */
	ck_assert(sspf_date_make(2000, 2, 29, &out)); /* 400: leap */
	ck_assert(sspf_date_make(2028, 2, 29, &out));
}
END_TEST

START_TEST(test_parse_valid)
{
	sspf_date d = -1;

	ck_assert_int_eq(sspf_date_parse("2026-01-01", &d), SSPF_OK);
	ck_assert_int_eq(d, 20454);
	ck_assert_int_eq(sspf_date_parse("2028-02-29", &d), SSPF_OK);
	ck_assert_int_eq(d, 21243);
	ck_assert_int_eq(sspf_date_parse("1900-01-01", &d), SSPF_OK);
	ck_assert_int_eq(d, -25567);
	ck_assert_int_eq(sspf_date_parse("2199-12-31", &d), SSPF_OK);
	ck_assert_int_eq(d, 84005);
	ck_assert_int_eq(sspf_date_parse("2026-12-31", &d), SSPF_OK);
	ck_assert_int_eq(d, tu_date(2026, 12, 31));
}
END_TEST

START_TEST(test_parse_invalid)
{
	static const char *const bad[] = {
		"2026-02-29", "2026-1-01",    "",
		"2026-13-01", "2026-00-10",   "2026-01-00",
		"2026-01-32", "2026-04-31",   "2100-02-29",
		"1899-12-31", "2200-01-01",   "26-01-01",
		"2026/01/01", "2026-01-01 ",  " 2026-01-01",
		"2026-01-1",  "+026-01-01",   "2026-+1-01",
		"2026- 1-01", "20260101",     "2026-01-01x",
		"abcd-ef-gh", "2026-01-01\n",
	};
	sspf_date d = 777;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_msg(sspf_date_parse(bad[i], &d) == SSPF_ERR_INVALID,
			      "'%s' was accepted", bad[i]);
		ck_assert_msg(sspf_err_detail()[0] != '\0',
			      "no detail for '%s'", bad[i]);
	}
	ck_assert_int_eq(sspf_date_parse(NULL, &d), SSPF_ERR_INVALID);
	ck_assert_int_eq(d, 777);
	/* The detail names the text. */
	ck_assert_int_eq(sspf_date_parse("2026-02-30", &d), SSPF_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(sspf_err_detail(), "2026-02-30"));
}
END_TEST

START_TEST(test_format)
{
	char text[SSPF_DATE_TEXT];

	sspf_date_format(0, text);
	ck_assert_str_eq(text, "1970-01-01");
	sspf_date_format(tu_date(2028, 2, 29), text);
	ck_assert_str_eq(text, "2028-02-29");
	sspf_date_format(tu_date(2026, 3, 1), text);
	ck_assert_str_eq(text, "2026-03-01");
	sspf_date_format(tu_date(1900, 1, 1), text);
	ck_assert_str_eq(text, "1900-01-01");
}
END_TEST

START_TEST(test_round_trip)
{
	/* Every day from 1900-01-01 to 2199-12-31. */
	sspf_date first = tu_date(1900, 1, 1), last = tu_date(2199, 12, 31);
	int py = 1899, pm = 12, pd = 31;

	for (sspf_date d = first; d <= last; d++) {
		char text[SSPF_DATE_TEXT];
		sspf_date back = -1;
		int y, m, day;

		sspf_date_format(d, text);
		ck_assert_int_eq(strlen(text), 10);
		ck_assert_msg(sspf_date_parse(text, &back) == SSPF_OK, "%s",
			      text);
		ck_assert_int_eq(back, d);
		sspf_date_parts(d, &y, &m, &day);
		ck_assert_int_eq(tu_date(y, m, day), d);
		/* d is the calendar day after d - 1 */
		if (day == 1) {
			ck_assert_int_eq(m, pm % 12 + 1);
			ck_assert_int_eq(y, py + (pm == 12));
			ck_assert(!sspf_date_make(py, pm, pd + 1, &back));
		} else {
			ck_assert_int_eq(y, py);
			ck_assert_int_eq(m, pm);
			ck_assert_int_eq(day, pd + 1);
		}
		py = y;
		pm = m;
		pd = day;
	}
}
END_TEST

/* ---- age and months ---- */

START_TEST(test_age)
{
	sspf_date birth = tu_date(2011, 4, 2);

	ck_assert_int_eq(sspf_date_age(birth, birth), 0);
	ck_assert_int_eq(sspf_date_age(birth, tu_date(2026, 4, 1)), 14);
	ck_assert_int_eq(sspf_date_age(birth, tu_date(2026, 4, 2)), 15);
	ck_assert_int_eq(sspf_date_age(birth, tu_date(2026, 4, 3)), 15);
	ck_assert_int_eq(sspf_date_age(birth, tu_date(2027, 4, 1)), 15);
	ck_assert_int_eq(sspf_date_age(birth, tu_date(2029, 4, 1)), 17);
	ck_assert_int_eq(sspf_date_age(birth, tu_date(2029, 4, 2)), 18);
	/* across the turn of the year */
	birth = tu_date(2008, 12, 31);
	ck_assert_int_eq(sspf_date_age(birth, tu_date(2026, 12, 30)), 17);
	ck_assert_int_eq(sspf_date_age(birth, tu_date(2026, 12, 31)), 18);
	ck_assert_int_eq(sspf_date_age(birth, tu_date(2027, 1, 1)), 18);
	birth = tu_date(2010, 1, 1);
	ck_assert_int_eq(sspf_date_age(birth, tu_date(2025, 12, 31)), 15);
	ck_assert_int_eq(sspf_date_age(birth, tu_date(2026, 1, 1)), 16);
}
END_TEST

START_TEST(test_age_leap_day)
{
	sspf_date birth = tu_date(2008, 2, 29);

	/* common year: a year older on 1 March */
	ck_assert_int_eq(sspf_date_age(birth, tu_date(2026, 2, 28)), 17);
	ck_assert_int_eq(sspf_date_age(birth, tu_date(2026, 3, 1)), 18);
	ck_assert_int_eq(sspf_date_age(birth, tu_date(2009, 2, 28)), 0);
	ck_assert_int_eq(sspf_date_age(birth, tu_date(2009, 3, 1)), 1);
	/* leap year: on 29 February */
	ck_assert_int_eq(sspf_date_age(birth, tu_date(2024, 2, 28)), 15);
	ck_assert_int_eq(sspf_date_age(birth, tu_date(2024, 2, 29)), 16);
	ck_assert_int_eq(sspf_date_age(birth, tu_date(2024, 3, 1)), 16);
	/* born 1 March, compared in a leap year */
	birth = tu_date(2007, 3, 1);
	ck_assert_int_eq(sspf_date_age(birth, tu_date(2024, 2, 29)), 16);
	ck_assert_int_eq(sspf_date_age(birth, tu_date(2024, 3, 1)), 17);
}
END_TEST

START_TEST(test_add_months)
{
	ck_assert_int_eq(sspf_date_add_months(tu_date(2026, 1, 15), 0),
			 tu_date(2026, 1, 15));
	ck_assert_int_eq(sspf_date_add_months(tu_date(2026, 1, 15), 1),
			 tu_date(2026, 2, 15));
	ck_assert_int_eq(sspf_date_add_months(tu_date(2026, 1, 15), 12),
			 tu_date(2027, 1, 15));
	ck_assert_int_eq(sspf_date_add_months(tu_date(2026, 11, 30), 3),
			 tu_date(2027, 2, 28));
	/* clamped to the last day of the month */
	ck_assert_int_eq(sspf_date_add_months(tu_date(2026, 1, 31), 1),
			 tu_date(2026, 2, 28));
	ck_assert_int_eq(sspf_date_add_months(tu_date(2028, 1, 31), 1),
			 tu_date(2028, 2, 29));
	ck_assert_int_eq(sspf_date_add_months(tu_date(2026, 3, 31), 1),
			 tu_date(2026, 4, 30));
	ck_assert_int_eq(sspf_date_add_months(tu_date(2026, 8, 31), 1),
			 tu_date(2026, 9, 30));
	ck_assert_int_eq(sspf_date_add_months(tu_date(2028, 2, 29), 12),
			 tu_date(2029, 2, 28));
	ck_assert_int_eq(sspf_date_add_months(tu_date(2028, 2, 29), 48),
			 tu_date(2032, 2, 29));
	/* backwards */
	ck_assert_int_eq(sspf_date_add_months(tu_date(2026, 1, 15), -1),
			 tu_date(2025, 12, 15));
	ck_assert_int_eq(sspf_date_add_months(tu_date(2026, 3, 31), -1),
			 tu_date(2026, 2, 28));
	ck_assert_int_eq(sspf_date_add_months(tu_date(2026, 3, 31), -13),
			 tu_date(2025, 2, 28));
	ck_assert_int_eq(sspf_date_add_months(tu_date(2026, 3, 31), -24),
			 tu_date(2024, 3, 31));
}
END_TEST

/* ---- the clock ---- */

static void stockholm(void)
{
	ck_assert_int_eq(setenv("TZ", "Europe/Stockholm", 1), 0);
	tzset();
}

START_TEST(test_clock_fake)
{
	struct tu_fake_clock now = { 0 };
	sspf_clock clock = { tu_fake_now, &now };

	ck_assert_int_eq(setenv("TZ", "UTC", 1), 0);
	tzset();
	ck_assert_int_eq(sspf_clock_now(&clock), 0);
	ck_assert_int_eq(sspf_clock_today(&clock), 0);
	now.now = 86399;
	ck_assert_int_eq(sspf_clock_now(&clock), 86399);
	ck_assert_int_eq(sspf_clock_today(&clock), 0);
	now.now = 86400;
	ck_assert_int_eq(sspf_clock_today(&clock), 1);
	now.now = (time_t)20454 * 86400 + 3600;
	ck_assert_int_eq(sspf_clock_today(&clock), tu_date(2026, 1, 1));
}
END_TEST

START_TEST(test_clock_stockholm_winter)
{
	/* CET = UTC+1: midnight local is 23:00 UTC the day before. */
	struct tu_fake_clock now = { (
		time_t)1768431599 }; /* 2026-01-14T22:59:59Z */
	sspf_clock clock = { tu_fake_now, &now };

	stockholm();
	ck_assert_int_eq(sspf_clock_today(&clock), tu_date(2026, 1, 14));
	now.now++; /* 23:00:00Z = 00:00 on the 15th in Stockholm */
	ck_assert_int_eq(sspf_clock_today(&clock), tu_date(2026, 1, 15));
	now.now += 3599; /* 23:59:59Z */
	ck_assert_int_eq(sspf_clock_today(&clock), tu_date(2026, 1, 15));
	now.now++; /* midnight UTC: still the 15th in Stockholm */
	ck_assert_int_eq(sspf_clock_today(&clock), tu_date(2026, 1, 15));
	now.now += 22 * 3600 + 3599; /* 22:59:59Z on the 15th */
	ck_assert_int_eq(sspf_clock_today(&clock), tu_date(2026, 1, 15));
	now.now++;
	ck_assert_int_eq(sspf_clock_today(&clock), tu_date(2026, 1, 16));
}
END_TEST

START_TEST(test_clock_stockholm_summer)
{
	/* CEST = UTC+2: midnight local is 22:00 UTC the day before. */
	struct tu_fake_clock now = { (
		time_t)1782856799 }; /* 2026-06-30T21:59:59Z */
	sspf_clock clock = { tu_fake_now, &now };

	stockholm();
	ck_assert_int_eq(sspf_clock_today(&clock), tu_date(2026, 6, 30));
	now.now++;
	ck_assert_int_eq(sspf_clock_today(&clock), tu_date(2026, 7, 1));
	now.now += 2 * 3600; /* midnight UTC on 1 July */
	ck_assert_int_eq(sspf_clock_today(&clock), tu_date(2026, 7, 1));
	now.now -= 2 * 3600 + 1;
	ck_assert_int_eq(sspf_clock_today(&clock), tu_date(2026, 6, 30));
}
END_TEST

START_TEST(test_clock_stockholm_dst_days)
{
	struct tu_fake_clock now;
	sspf_clock clock = { tu_fake_now, &now };

	stockholm();
	/* 2026-03-29: summer time from 01:00Z; the day before ends at
	 * 23:00Z on the 28th (CET), the day itself at 22:00Z (CEST). */
	now.now = (time_t)1774745999 - 2 * 3600; /* 2026-03-28T22:59:59Z */
	ck_assert_int_eq(sspf_clock_today(&clock), tu_date(2026, 3, 28));
	now.now++;
	ck_assert_int_eq(sspf_clock_today(&clock), tu_date(2026, 3, 29));
	now.now += 23 * 3600 - 1; /* 2026-03-29T21:59:59Z */
	ck_assert_int_eq(sspf_clock_today(&clock), tu_date(2026, 3, 29));
	now.now++;
	ck_assert_int_eq(sspf_clock_today(&clock), tu_date(2026, 3, 30));
	/* 2026-10-25: winter time from 01:00Z */
	now.now = (time_t)1792889999 - 3 * 3600; /* 2026-10-24T21:59:59Z */
	ck_assert_int_eq(sspf_clock_today(&clock), tu_date(2026, 10, 24));
	now.now++;
	ck_assert_int_eq(sspf_clock_today(&clock), tu_date(2026, 10, 25));
	now.now += 25 * 3600 - 1; /* 2026-10-25T22:59:59Z */
	ck_assert_int_eq(sspf_clock_today(&clock), tu_date(2026, 10, 25));
	now.now++;
	ck_assert_int_eq(sspf_clock_today(&clock), tu_date(2026, 10, 26));
}
END_TEST

START_TEST(test_clock_system)
{
	const sspf_clock *c = sspf_clock_system();
	time_t before, t, after;

	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_eq(c, sspf_clock_system());
	before = time(NULL);
	t = sspf_clock_now(c);
	after = time(NULL);
	ck_assert(before <= t && t <= after);
	/* today is some date of this century */
	ck_assert(sspf_clock_today(c) >= tu_date(2020, 1, 1));
}
END_TEST

static Suite *date_suite(void)
{
	Suite *s = suite_create("date");
	TCase *tc;

	tc = tcase_create("parse and format");
	tcase_add_test(tc, test_known_days);
	tcase_add_test(tc, test_make_invalid);
	tcase_add_test(tc, test_parse_valid);
	tcase_add_test(tc, test_parse_invalid);
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_round_trip);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);

	tc = tcase_create("age and months");
	tcase_add_test(tc, test_age);
	tcase_add_test(tc, test_age_leap_day);
	tcase_add_test(tc, test_add_months);
	suite_add_tcase(s, tc);

	tc = tcase_create("clock");
	tcase_add_test(tc, test_clock_fake);
	tcase_add_test(tc, test_clock_stockholm_winter);
	tcase_add_test(tc, test_clock_stockholm_summer);
	tcase_add_test(tc, test_clock_stockholm_dst_days);
	tcase_add_test(tc, test_clock_system);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(date_suite());
	int failed;

	srunner_run_all(sr, CK_VERBOSE);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
