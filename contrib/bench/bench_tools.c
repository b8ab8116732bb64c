/*
 * bench_tools.c - the dataset's size, then the measurements that are not a
 * screen: one change saved with its own commit as the screens save it, a
 * year's statistics export, backup, check (the store's and the audit
 * chain's, as `sspf check` does both), and the memory of the screens in a
 * fresh process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sspf/audit.h>
#include <sspf/meetings.h>
#include <sspf/stats.h>

#include "bench.h"

int bench_report_dataset(bench_data *d, bench_clock *clk)
{
	struct stat sb;
	sspf_store *st;
	sspf_core *core;
	int64_t audit = 0;
	sspf_err e;

	bench_clock_set(clk, d->today);
	if (bench_open(d, &clk->clock, &st, &core) != 0)
		return 1;
	e = sspf_audit_verify(core, &audit);
	sspf_core_close(core);
	sspf_store_close(st);
	if (e != SSPF_OK)
		return bench_fail("verifying the audit log", (int)e);
	d->n_audit = audit;

	bench_section("the dataset (made through the API, one transaction "
		      "per simulated day)");
	bench_row_value("cases", (double)d->n_cases, "",
			"target 5,000 x scale");
	bench_row_value("meetings", (double)d->n_meetings, "", "10,000");
	bench_row_value("agenda items", (double)d->n_items, "", "60,000");
	bench_row_value("actions", (double)d->n_actions, "", "100,000");
	bench_row_value("follow-ups", (double)d->n_follow_ups, "", NULL);
	bench_row_value("goals / participants / consents", (double)d->n_goals,
			"", NULL);
	printf("  %-44s %10ld / %ld\n", "", d->n_participants, d->n_consents);
	bench_row_value("audit log entries", (double)d->n_audit, "",
			"200,000 (every API call writes its own)");
	if (stat(d->path, &sb) == 0)
		bench_row_value("file size", (double)sb.st_size / 1048576.0,
				"MiB", NULL);
	bench_row_value("simulated days / API calls", (double)d->n_days, "",
			NULL);
	printf("  %-44s %10ld\n", "", d->n_calls);
	bench_row_value("generating, all", d->gen_seconds, "s", NULL);
	bench_row_value("  per API call (inside the day's transaction)",
			d->change_seconds / (double)d->n_calls * 1e6, "us",
			"with the day's commit");
	return 0;
}

int bench_measure_sync(const char *dir, int runs)
{
	char path[4200], page[4096];
	double v[64];
	int fd, n = runs * 4 < 64 ? runs * 4 : 64;

	snprintf(path, sizeof path, "%s/sync-probe", dir);
	if ((fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600)) < 0)
		return bench_fail("the sync probe", SSPF_ERR_IO);
	memset(page, 0, sizeof page);
	for (int i = 0; i < n; i++) {
		double t = bench_now();

		if (pwrite(fd, page, sizeof page, 0) != (ssize_t)sizeof page ||
		    fdatasync(fd) != 0) {
			close(fd);
			return bench_fail("the sync probe", SSPF_ERR_IO);
		}
		v[i] = bench_now() - t;
	}
	close(fd);
	unlink(path);
	bench_row("the disk: one 4 KiB write + fdatasync", bench_summary(v, n),
		  "ms", 0, "(a commit makes 1)");
	return 0;
}

/* Report of sspf_store_check: count problems (there must be none). */
static void on_check(void *ctx, sspf_check_level level, const char *msg)
{
	(void)msg;
	if (level == SSPF_CHECK_PROBLEM)
		++*(int *)ctx;
}

/* One export of year: on a fresh copy each run, so that each is a first
   export (the one that protects the year; later ones reread it). */
static int stats_runs(bench_data *d, bench_clock *clk, sspf_store *st, int runs,
		      double *v)
{
	sspf_period p;
	char copy[sizeof d->path];

	snprintf(copy, sizeof copy, "%.4000s.stats", d->path);
	if (sspf_period_parse("2025", &p) != SSPF_OK)
		return bench_fail("period", SSPF_ERR_INVALID);
	for (int r = 0; r < runs; r++) {
		bench_data c = *d;
		sspf_store *cs;
		sspf_core *core;
		sspf_stats *s = NULL;
		sspf_err e = sspf_store_backup(st, copy, SSPF_BACKUP_OVERWRITE);
		double t;

		if (e != SSPF_OK)
			return bench_fail("copying for stats", (int)e);
		snprintf(c.path, sizeof c.path, "%s", copy);
		if (bench_open(&c, &clk->clock, &cs, &core) != 0)
			return 1;
		t = bench_now();
		e = sspf_stats_make(core, &p, SSPF_STATS_SUPPRESS,
				    SSPF_STATS_K_DEFAULT, &s);
		v[r] = bench_now() - t;
		if (e == SSPF_OK && (s->preliminary || !s->remembered))
			e = SSPF_ERR_INTERNAL; /* 2025 has ended: first export */
		sspf_stats_free(s);
		sspf_core_close(core);
		sspf_store_close(cs);
		if (e != SSPF_OK)
			return bench_fail("the stats of 2025", (int)e);
	}
	unlink(copy);
	return 0;
}

/* A change saved the way the screens save it: one call, one commit. */
static int change_runs(bench_data *d, sspf_core *core, int runs, double *v)
{
	sspf_plan *p = NULL;
	sspf_err e = sspf_case_plan(core, d->busy_case, NULL, &p, NULL);

	if (e != SSPF_OK || p->n_actions == 0) {
		sspf_plan_free(p);
		return bench_fail("the plan of the busy case", (int)e);
	}
	for (int r = 0; r < runs; r++) {
		double t = bench_now();

		e = sspf_action_set_status(core, p->actions[0].id,
					   r % 2 ? SSPF_ACTION_NOT_STARTED
						 : SSPF_ACTION_ONGOING,
					   NULL);
		v[r] = bench_now() - t;
		if (e != SSPF_OK)
			break;
	}
	sspf_plan_free(p);
	return e == SSPF_OK ? 0 : bench_fail("one change", (int)e);
}

int bench_measure_tools(bench_data *d, bench_clock *clk, int runs)
{
	int n = runs < 5 ? runs : 5, problems = 0;
	double v[64];
	char dest[4200];
	sspf_store *st;
	sspf_core *core;
	sspf_err e;

	bench_clock_set(clk, d->today);
	if (bench_open(d, &clk->clock, &st, &core) != 0)
		return 1;

	bench_section("changes, statistics, backup, check");
	if (change_runs(d, core, runs * 2, v) != 0)
		return 1;
	bench_row("one change saved (own commit, 1 fsync)",
		  bench_summary(v, runs * 2), "ms", 0, NULL);
	if (stats_runs(d, clk, st, n, v) != 0)
		return 1;
	bench_row("stats export of 2025 (first, remembered)",
		  bench_summary(v, n), "ms", 500, "<= 500 ms");

	snprintf(dest, sizeof dest, "%.4000s.backup", d->path);
	for (int r = 0; r < n; r++) {
		double t = bench_now();

		e = sspf_store_backup(st, dest, SSPF_BACKUP_OVERWRITE);
		v[r] = bench_now() - t;
		if (e != SSPF_OK)
			return bench_fail("backup", (int)e);
	}
	unlink(dest);
	bench_row("backup (whole file, new file id)", bench_summary(v, n), "ms",
		  0, NULL);
	for (int r = 0; r < n; r++) {
		double t = bench_now();

		e = sspf_store_check(st, on_check, &problems);
		v[r] = bench_now() - t;
		if (e != SSPF_OK || problems != 0)
			return bench_fail("check", (int)e);
	}
	bench_row("check: headers, every page, integrity", bench_summary(v, n),
		  "ms", 0, NULL);
	for (int r = 0; r < n; r++) {
		double t = bench_now();

		e = sspf_audit_verify(core, NULL);
		v[r] = bench_now() - t;
		if (e != SSPF_OK)
			return bench_fail("audit verify", (int)e);
	}
	bench_row("check: the audit chain (sspf check does both)",
		  bench_summary(v, n), "ms", 0, NULL);
	sspf_core_close(core);
	sspf_store_close(st);
	return 0;
}

/* Run the probe in a fresh process; *rss and *hwm in KiB. */
static int probe(const bench_data *d, const char *self, bool recovery,
		 long *rss, long *hwm)
{
	int in[2], out[2], status;
	char day[16], buf[128];
	pid_t pid;
	FILE *f;
	ssize_t n;

	snprintf(day, sizeof day, "%d", (int)d->today);
	if (pipe(in) != 0 || pipe(out) != 0)
		return bench_fail("pipe", SSPF_ERR_IO);
	if ((pid = fork()) == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execl(self, "sspf-bench", "--memory-probe", d->path, day,
		      recovery ? "recovery" : "passphrase", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	/* the secret goes through a pipe, never on a command line */
	f = fdopen(in[1], "w");
	fprintf(f, "%s\n%lld %s %lld\n", recovery ? d->recovery : d->passphrase,
		(long long)d->big_group_meeting, d->busy_case,
		(long long)d->network_meeting);
	fclose(f);
	n = read(out[0], buf, sizeof buf - 1);
	close(out[0]);
	waitpid(pid, &status, 0);
	buf[n > 0 ? n : 0] = '\0';
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    sscanf(buf, "rss %ld %ld", rss, hwm) != 2)
		return bench_fail("the memory probe", SSPF_ERR_INTERNAL);
	return 0;
}

int bench_measure_memory(bench_data *d, const char *self)
{
	long rss, hwm, prss, phwm;
	bench_stat s = { 0, 0, 0, 1 };

	if (probe(d, self, true, &rss, &hwm) != 0 ||
	    probe(d, self, false, &prss, &phwm) != 0)
		return 1;
	bench_section("memory of a process that opened the file and loaded "
		      "every screen 3 times");
	s.median = s.min = s.max = (double)rss / 1024;
	bench_row("resident after loading (steady)", s, "MiB", 64, "<= 64 MiB");
	s.median = s.min = s.max = (double)hwm / 1024;
	bench_row("peak resident (VmHWM), no KDF", s, "MiB", 64, "<= 64 MiB");
	bench_row_value("peak resident with the passphrase's KDF",
			(double)phwm / 1024, "MiB",
			"Argon2id's 64 MiB, freed after unlocking");
	bench_row_value("resident after loading, opened by passphrase",
			(double)prss / 1024, "MiB", NULL);
	return 0;
}
