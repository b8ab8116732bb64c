/*
 * bench_main.c - sspf-bench, the ten-year benchmark of issue 7:
 *
 *   sspf-bench [--scale F] [--runs N] [--keep DIR | --reuse DIR]
 *              [--only PARTS] [--sqlcipher PROG]
 *
 * makes the dataset of a large district at scale F (1: 5,000 cases, ten
 * years), measures opening, the data of every screen, a year's statistics,
 * backup, check and memory on it, runs the same SQL workload plainly,
 * through the encrypted store and (when built) through SQLCipher, and
 * prints each number next to the target. Everything it writes is
 * made up and goes to a new folder, removed at the end unless --keep
 * (which also leaves tenyears.facts, bench_facts.c). --reuse measures a
 * kept folder again without making it anew; --only runs some parts
 * (comma-separated: open, screens, tmpfs, tools, memory, sql; "none"
 * only makes the dataset).
 * Exit status 0 when every measurement ran (missed targets are reported,
 * not failures: this is a benchmark, not a test).
 */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "bench.h"

#ifndef SQLCIPHER_BENCH
#define SQLCIPHER_BENCH ""
#endif

static void usage(void)
{
	fprintf(stderr, "usage: sspf-bench [--scale F] [--runs N] "
			"[--keep DIR | --reuse DIR] [--only PARTS] "
			"[--sqlcipher PROG]\n"
			"  PARTS: open,screens,tmpfs,tools,memory,sql or "
			"none\n");
}

static int rm_one(const char *path, const struct stat *sb, int flag,
		  struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* The hidden mode of the memory probe: --memory-probe FILE DAY KIND. */
static int probe_main(int argc, char **argv)
{
	char secret[128];
	size_t len;

	if (argc != 5 || fgets(secret, sizeof secret, stdin) == NULL)
		return 2;
	len = strcspn(secret, "\n");
	secret[len] = '\0';
	return strcmp(argv[4], "recovery") == 0
		       ? bench_memory_probe(argv[2], secret, NULL,
					    atoi(argv[3]))
		       : bench_memory_probe(argv[2], NULL, secret,
					    atoi(argv[3]));
}

/*
 * The screens again on a copy in /dev/shm (tmpfs, where fdatasync costs
 * nothing): what is left is the library's own work, without the disk's
 * commits (each logged read is a commit, see README).
 */
static int screens_in_memory(bench_data *d, bench_clock *clk, int runs)
{
	char dir[] = "/dev/shm/sspf-bench-XXXXXX";
	bench_data m = *d;
	sspf_store *st;
	sspf_core *core;
	sspf_err e;
	int rc;

	if (mkdtemp(dir) == NULL) {
		printf("  (no /dev/shm: the screens are not run in memory)\n");
		return 0;
	}
	snprintf(m.path, sizeof m.path, "%s/tenyears.db", dir);
	if (bench_open(d, &clk->clock, &st, &core) != 0)
		return 1;
	e = sspf_store_backup(st, m.path, 0);
	sspf_core_close(core);
	sspf_store_close(st);
	rc = e == SSPF_OK ? bench_measure_screens(&m, clk, runs,
						  "the same on tmpfs "
						  "(fdatasync free): the "
						  "library's own work",
						  false)
			  : bench_fail("copying to /dev/shm", (int)e);
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return rc;
}

/* Whether part is among the comma-separated parts (NULL: all of them). */
static bool wanted(const char *parts, const char *part)
{
	size_t n = strlen(part);

	for (const char *p = parts; p != NULL; p = strchr(p, ',')) {
		if (*p == ',')
			p++;
		if (strncmp(p, part, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
	}
	return parts == NULL;
}

/* A new dataset's file name, made-up passphrase and its ten years. */
static void make_names(bench_data *d, const char *dir)
{
	uint8_t rnd[12];

	snprintf(d->path, sizeof d->path, "%s/tenyears.db", dir);
	unlink(d->path);
	randombytes_buf(rnd, sizeof rnd);
	snprintf(d->passphrase, sizeof d->passphrase, "bench-");
	sodium_bin2hex(d->passphrase + 6, sizeof d->passphrase - 6, rnd,
		       sizeof rnd);
	sspf_date_make(2016, 1, 15, &d->first_day);
	sspf_date_make(2026, 1, 14, &d->last_day);
	d->today = d->last_day;
}

int main(int argc, char **argv)
{
	const char *keep = NULL, *reuse = NULL, *only = NULL;
	const char *cipher = SQLCIPHER_BENCH;
	double scale = 1;
	int runs = 0, rc = 0;
	char dir[2048];
	bench_data d;
	bench_clock clk;

	if (argc > 1 && strcmp(argv[1], "--memory-probe") == 0)
		return probe_main(argc, argv);
	for (int i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(argv[i], "--scale") == 0 && v != NULL)
			scale = atof(argv[++i]);
		else if (strcmp(argv[i], "--runs") == 0 && v != NULL)
			runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "--keep") == 0 && v != NULL)
			keep = argv[++i];
		else if (strcmp(argv[i], "--reuse") == 0 && v != NULL)
			reuse = argv[++i];
		else if (strcmp(argv[i], "--only") == 0 && v != NULL)
			only = argv[++i];
		else if (strcmp(argv[i], "--sqlcipher") == 0 && v != NULL)
			cipher = argv[++i];
		else {
			usage();
			return 2;
		}
	}
	if (scale <= 0 || scale > 10 || runs < 0 ||
	    (keep != NULL && reuse != NULL)) {
		usage();
		return 2;
	}
	if (runs == 0) /* fewer repetitions where one run is small */
		runs = scale >= 0.5 ? 11 : 5;
	if (sodium_init() < 0)
		return bench_fail("starting libsodium", 17);
	if (reuse != NULL) {
		snprintf(dir, sizeof dir, "%s", reuse);
	} else if (keep != NULL) {
		if (mkdir(keep, 0700) != 0 && errno != EEXIST) {
			perror(keep);
			return 1;
		}
		snprintf(dir, sizeof dir, "%s", keep);
	} else {
		const char *tmp = getenv("TMPDIR");

		snprintf(dir, sizeof dir, "%s/sspf-bench-XXXXXX",
			 tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
		if (mkdtemp(dir) == NULL) {
			perror("mkdtemp");
			return 1;
		}
	}
	memset(&d, 0, sizeof d);
	bench_clock_init(&clk);
	if (reuse != NULL) {
		if (bench_facts_load(reuse, &d) != 0)
			return 1;
		printf("sspf-bench: the kept dataset in %s, %d runs per "
		       "measurement\n",
		       dir, runs);
	} else {
		make_names(&d, dir);
		printf("sspf-bench: scale %g, %d runs per measurement, in %s\n",
		       scale, runs, dir);
	}
	printf("  %-44s %10s %-3s  [%9s .. %9s] %-5s %-22s %s\n", "measurement",
	       "median", "", "fastest", "slowest", "runs", "target", "");
	if (reuse == NULL && bench_generate(&d, scale, &clk) != 0)
		rc = 1;
	if (rc == 0 && keep != NULL)
		rc = bench_facts_save(keep, &d);
	if (rc == 0)
		rc = bench_report_dataset(&d, &clk);
	if (rc == 0 && wanted(only, "open"))
		rc = bench_measure_sync(dir, runs);
	if (rc == 0 && wanted(only, "open"))
		rc = bench_measure_open(&d, runs);
	if (rc == 0 && wanted(only, "screens"))
		rc = bench_measure_screens(&d, &clk, runs,
					   "the data of each screen (the "
					   "library calls of its load)",
					   true);
	if (rc == 0 && wanted(only, "tmpfs"))
		rc = screens_in_memory(&d, &clk, runs);
	if (rc == 0 && wanted(only, "tools"))
		rc = bench_measure_tools(&d, &clk, runs);
	if (rc == 0 && wanted(only, "memory")) {
		/* The probe runs this program again, by its real path: under
		 * valgrind (contrib/bootstrap test-valgrind) /proc/self/exe is
		 * valgrind's own tool, which refuses to run by itself, while
		 * readlink gives the program's path. */
		char self[4096];
		ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

		if (n > 0)
			self[n] = '\0';
		else
			strcpy(self, "/proc/self/exe");
		rc = bench_measure_memory(&d, self);
	}
	if (rc == 0 && wanted(only, "sql"))
		rc = bench_sql(dir, scale, runs < 5 ? runs : 5, cipher);
	bench_section("summary");
	printf("  targets missed: %d\n", bench_missed());
	printf("sspf-bench: %s\n", rc == 0 ? "done" : "FAILED");
	if (keep == NULL && reuse == NULL)
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return rc;
}
