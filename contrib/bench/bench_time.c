/*
 * bench_time.c - the timer, the summary of repeated runs, the table of
 * results with the targets, and the moving clock of the dataset.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sspf/error.h>

#include "bench.h"

static int missed;

double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

bench_stat bench_summary(double *v, int n)
{
	bench_stat s = { 0, 0, 0, n };

	if (n <= 0)
		return s;
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	s.min = v[0];
	s.max = v[n - 1];
	s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	return s;
}

/* Seconds shown in the line's unit. */
static double in_unit(double seconds, const char *unit)
{
	if (strcmp(unit, "ms") == 0)
		return seconds * 1e3;
	return seconds;
}

void bench_section(const char *title)
{
	printf("\n%s\n", title);
	fflush(stdout);
}

void bench_row(const char *name, bench_stat s, const char *unit, double target,
	       const char *target_text)
{
	double med = in_unit(s.median, unit);
	const char *verdict = "";

	if (target > 0) {
		verdict = med <= target ? "ok" : "MISSED";
		if (med > target)
			missed++;
	}
	printf("  %-44s %10.2f %-3s  [%9.2f .. %9.2f] n=%-3d %-22s %s\n", name,
	       med, unit, in_unit(s.min, unit), in_unit(s.max, unit), s.n,
	       target_text != NULL ? target_text : "", verdict);
	fflush(stdout);
}

void bench_row_value(const char *name, double value, const char *unit,
		     const char *note)
{
	printf("  %-44s %10.2f %-3s  %s\n", name, value, unit,
	       note != NULL ? note : "");
	fflush(stdout);
}

int bench_missed(void)
{
	return missed;
}

static time_t clock_now(void *ctx)
{
	return ((bench_clock *)ctx)->now;
}

void bench_clock_init(bench_clock *c)
{
	c->clock.now = clock_now;
	c->clock.ctx = c;
	c->now = 0;
}

void bench_clock_set(bench_clock *c, sspf_date d)
{
	c->now = (time_t)d * 86400 + 10 * 3600;
}

int bench_fail(const char *what, int err)
{
	fprintf(stderr, "sspf-bench: %s: %s (%s)\n", what,
		sspf_strerror((sspf_err)err), sspf_err_detail());
	return 1;
}
