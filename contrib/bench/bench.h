/*
 * bench.h - what the parts of sspf-bench share: the timer and the result
 * table (bench_time.c), the ten-year dataset (bench_gen.c), the screen,
 * open, stats, backup and check measurements (bench_screens.c) and the
 * SQL workload run three ways (bench_sql.c, workload.c).
 *
 * Every measurement is repeated; the table shows the median and the
 * spread (fastest to slowest run) next to the target.
 */
#ifndef SSPF_BENCH_H
#define SSPF_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <sspf/cases.h>
#include <sspf/core.h>
#include <sspf/date.h>
#include <sspf/store.h>

/* Seconds on the monotonic clock. */
double bench_now(void);

/* The median, fastest and slowest of n samples (sorts v in place). */
typedef struct bench_stat {
	double median, min, max;
	int n;
} bench_stat;
bench_stat bench_summary(double *v, int n);

/*
 * One line of the result table. target is the limit in the line's unit
 * (0: no target, the line is for information); unit is "ms", "s", "MiB",
 * "x" or "" (a count).
 */
void bench_row(const char *name, bench_stat s, const char *unit, double target,
	       const char *target_text);
/* A line with a single number (a count, a size). */
void bench_row_value(const char *name, double value, const char *unit,
		     const char *note);
/* A heading between groups of lines. */
void bench_section(const char *title);
/* How many lines missed their target so far. */
int bench_missed(void);

/* The moving clock of the dataset: seconds since the epoch, set by hand. */
typedef struct bench_clock {
	sspf_clock clock; /* hand this to sspf_core_open */
	time_t now;
} bench_clock;
void bench_clock_init(bench_clock *c);
/* Set the clock to 10:00 UTC of day d (the same date in Sweden). */
void bench_clock_set(bench_clock *c, sspf_date d);

/* What the generator made, for the measurements that follow. */
typedef struct bench_data {
	char path[4096];			/* the database file */
	char passphrase[64];			/* made up for the run */
	char recovery[SSPF_RECOVERY_TEXT_SIZE]; /* its recovery key */
	sspf_date first_day, last_day, today;	/* the ten years, "now" */
	long n_cases, n_meetings, n_items, n_actions, n_follow_ups;
	long n_goals, n_participants, n_consents;
	long long n_audit;	   /* entries of the audit log at the end */
	sspf_id big_group_meeting; /* a recent arbetsgruppsmöte */
	sspf_id network_meeting;   /* a recent nätverksmöte */
	char busy_case[16];	   /* an open case with a long plan */
	double gen_seconds;	   /* generating, all of it */
	double change_seconds;	   /* the API calls inside the days */
	long n_days, n_calls;	   /* simulated days and API calls */
} bench_data;

/*
 * Create the database at d->path (passphrase d->passphrase, the key
 * derivation at SSPF_KDF_*_FLOOR) and fill it with the ten-year dataset
 * of a large district scaled by scale, through the public API with clock
 * moved day by day (one transaction per simulated day). Fills the counts
 * of d. Progress goes to stderr.
 */
int bench_generate(bench_data *d, double scale, bench_clock *clk);

/* The measurements over the generated file; rows go to the table. */
int bench_measure_open(bench_data *d, int runs);
/* The screens; judge: hold them to the target (false: for comparison). */
int bench_measure_screens(bench_data *d, bench_clock *clk, int runs,
			  const char *title, bool judge);
/* The dataset's counts (and its audit log's, verified) as table rows. */
int bench_report_dataset(bench_data *d, bench_clock *clk);
/* Milliseconds of one 4 KiB write + fdatasync in dir (the disk's cost). */
int bench_measure_sync(const char *dir, int runs);
int bench_measure_tools(bench_data *d, bench_clock *clk, int runs);

/*
 * Peak memory of the screens: runs this program again (self) with
 * --memory-probe in a fresh process, which opens the file as the TUI does,
 * loads every screen's data and reports its peak resident size.
 */
int bench_measure_memory(bench_data *d, const char *self);
/* The probe itself (in the child). Prints "rss KIB HWM_KIB". */
int bench_memory_probe(const char *path, const char *recovery, const char *pass,
		       sspf_date today);

/* The SQL workload run plainly, through the sspf store and SQLCipher. */
int bench_sql(const char *dir, double scale, int runs,
	      const char *sqlcipher_prog);

/* Open the store with the recovery key (no key derivation) and a core. */
int bench_open(const bench_data *d, const sspf_clock *clk, sspf_store **st,
	       sspf_core **core);

/*
 * DIR/tenyears.facts (bench_facts.c): what --keep leaves for --reuse and
 * the TUI test, the made-up passphrase and recovery key included (mode
 * 0600). Load fills d, d->path included; both return 0 or 1 (reported).
 */
int bench_facts_save(const char *dir, const bench_data *d);
int bench_facts_load(const char *dir, bench_data *d);

/* Print the error of a failed library call and return 1. */
int bench_fail(const char *what, int err);

#endif
