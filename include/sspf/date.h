/*
 * date.h - calendar dates and the one injectable clock of libsspf.
 *
 * A date is a day number: days since 1970-01-01 in the proleptic Gregorian
 * calendar, independent of time zones. "Today" is the date of the clock's
 * now in the local time zone (Europe/Stockholm for the users). Every rule
 * that depends on time (consent expiry, overdue actions, retention) asks
 * the clock passed to it; tests pass a clock they move.
 */
#ifndef SSPF_DATE_H
#define SSPF_DATE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <sspf/error.h>

typedef int32_t sspf_date;

/* Buffer size for "YYYY-MM-DD" and its NUL. */
#define SSPF_DATE_TEXT 11

/* The day number of a civil date; false if it is not a real date. */
bool sspf_date_make(int year, int month, int day, sspf_date *out);
/* The civil date of a day number. */
void sspf_date_parts(sspf_date d, int *year, int *month, int *day);
/*
 * Parse exactly "YYYY-MM-DD" (years 1900-2199). SSPF_ERR_INVALID with a
 * detail naming what is wrong ("2026-02-30 is not a date").
 */
sspf_err sspf_date_parse(const char *text, sspf_date *out);
/* Format as "YYYY-MM-DD" into out. */
void sspf_date_format(sspf_date d, char out[SSPF_DATE_TEXT]);
/*
 * Whole years of age on date at for someone born on birth (a person born
 * on 29 February becomes a year older on 1 March in common years).
 */
int sspf_date_age(sspf_date birth, sspf_date at);
/* The same day months later (clamped to the month's last day). */
sspf_date sspf_date_add_months(sspf_date d, int months);

/* The clock: now() returns seconds since the epoch, like time(). */
typedef struct sspf_clock {
	time_t (*now)(void *ctx);
	void *ctx;
} sspf_clock;

/* The system clock; static, never NULL. */
const sspf_clock *sspf_clock_system(void);
/* The clock's now. */
time_t sspf_clock_now(const sspf_clock *c);
/* The local date of the clock's now (TZ decides the zone). */
sspf_date sspf_clock_today(const sspf_clock *c);

#endif
