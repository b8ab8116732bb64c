/*
 * date.c - civil dates as day numbers and the clock (include/sspf/date.h).
 * The day-number arithmetic is Howard Hinnant's days_from_civil /
 * civil_from_days algorithm, exact for the proleptic Gregorian calendar.
 */
#include <stdio.h>
#include <string.h>

#include <sspf/date.h>

#include "store/errors_internal.h"

static sspf_date days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (sspf_date)(era * 146097 + doe - 719468);
}

void sspf_date_parts(sspf_date z, int *year, int *month, int *day)
{
	int era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	*year = y + (m <= 2);
	*month = m;
	*day = d;
}

static int month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

bool sspf_date_make(int year, int month, int day, sspf_date *out)
{
	if (month < 1 || month > 12 || day < 1 || day > month_days(year, month))
		return false;
	*out = days_from_civil(year, month, day);
	return true;
}

/* The number of the n digits at s, or -1 if one is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

sspf_err sspf_date_parse(const char *text, sspf_date *out)
{
	int y, m, d;

	/* by hand, not sscanf: the lists parse a date per row */
	if (text == NULL || strnlen(text, 11) != 10 || text[4] != '-' ||
	    text[7] != '-' || (y = digits(text, 4)) < 0 ||
	    (m = digits(text + 5, 2)) < 0 || (d = digits(text + 8, 2)) < 0)
		return err_set(SSPF_ERR_INVALID,
			       "'%s' is not a date of the form YYYY-MM-DD",
			       text ? text : "");
	if (y < 1900 || y > 2199 || !sspf_date_make(y, m, d, out))
		return err_set(SSPF_ERR_INVALID, "%s is not a date", text);
	return SSPF_OK;
}

void sspf_date_format(sspf_date d, char out[SSPF_DATE_TEXT])
{
	int y, m, day;

	sspf_date_parts(d, &y, &m, &day);
	if (y < 0 || y > 9999)
		y = 0;
	snprintf(out, SSPF_DATE_TEXT, "%04u-%02u-%02u", (unsigned)y % 10000u,
		 (unsigned)m % 100u, (unsigned)day % 100u);
}

int sspf_date_age(sspf_date birth, sspf_date at)
{
	int by, bm, bd, ay, am, ad, age;

	sspf_date_parts(birth, &by, &bm, &bd);
	sspf_date_parts(at, &ay, &am, &ad);
	age = ay - by;
	if (am < bm || (am == bm && ad < bd))
		age--;
	return age;
}

sspf_date sspf_date_add_months(sspf_date d, int months)
{
	int y, m, day, total;

	sspf_date_parts(d, &y, &m, &day);
	total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	if (day > month_days(y, m))
		day = month_days(y, m);
	return days_from_civil(y, m, day);
}

static time_t system_now(void *ctx)
{
	(void)ctx;
	return time(NULL);
}

const sspf_clock *sspf_clock_system(void)
{
	static const sspf_clock system_clock = { system_now, NULL };

	return &system_clock;
}

time_t sspf_clock_now(const sspf_clock *c)
{
	return c->now(c->ctx);
}

sspf_date sspf_clock_today(const sspf_clock *c)
{
	time_t t = sspf_clock_now(c);
	struct tm tm;

	localtime_r(&t, &tm);
	return days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
