/*
 * testutil.c - small helpers shared by the check suites of libsspf.
 */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

const sspf_kdf tu_kdf = { .opslimit = 1, .memlimit = (uint64_t)8 << 20 };

char *tu_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	if (base == NULL || *base == '\0')
		base = "/tmp";
	char *tmpl = tu_join(base, "sspf-test-XXXXXX");
	ck_assert_msg(mkdtemp(tmpl) != NULL, "mkdtemp in %s: %s", base,
		      strerror(errno));
	return tmpl;
}

static int rm_one(const char *path, const struct stat *sb, int flag,
		  struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void tu_rmrf(const char *path)
{
	if (path != NULL)
		nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *tu_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	ck_assert_ptr_nonnull(p);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

char *tu_redo(const char *path)
{
	size_t n = strlen(path) + sizeof "-redo";
	char *p = malloc(n);
	ck_assert_ptr_nonnull(p);
	snprintf(p, n, "%s-redo", path);
	return p;
}

sspf_store *tu_create(const char *path, char rec[SSPF_RECOVERY_TEXT_SIZE])
{
	char dummy[SSPF_RECOVERY_TEXT_SIZE];
	sspf_store *st = NULL;
	sspf_err e = sspf_store_create(path, TU_PASS, TU_PASS_LEN, &tu_kdf,
				       rec ? rec : dummy, &st);
	ck_assert_msg(e == SSPF_OK, "create %s: %s (%s)", path,
		      sspf_strerror(e), sspf_err_detail());
	ck_assert_ptr_nonnull(st);
	return st;
}

sspf_err tu_open(const char *path, const char *pass, unsigned flags,
		 sspf_store **out)
{
	*out = NULL;
	sspf_err e = sspf_store_open(path, SSPF_UNLOCK_PASSPHRASE, pass,
				     strlen(pass), flags, out);
	if (e != SSPF_OK) {
		sspf_store_close(*out);
		*out = NULL;
	}
	return e;
}

sspf_err tu_open_rec(const char *path, const char *rec, unsigned flags,
		     sspf_store **out)
{
	*out = NULL;
	sspf_err e = sspf_store_open(path, SSPF_UNLOCK_RECOVERY, rec,
				     strlen(rec), flags, out);
	if (e != SSPF_OK) {
		sspf_store_close(*out);
		*out = NULL;
	}
	return e;
}

sspf_store *tu_open_ok(const char *path, unsigned flags)
{
	sspf_store *st;
	sspf_err e = tu_open(path, TU_PASS, flags, &st);
	ck_assert_msg(e == SSPF_OK, "open %s: %s (%s)", path, sspf_strerror(e),
		      sspf_err_detail());
	return st;
}

void tu_exec(sspf_store *st, const char *sql)
{
	int rc = sqlite3_exec(sspf_store_db(st), sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		sspf_err e = sspf_store_sqlerr(st, rc, sql);
		ck_abort_msg("%s: rc %d: %s (%s)", sql, rc, sspf_strerror(e),
			     sspf_err_detail());
	}
}

int64_t tu_int(sspf_store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(sspf_store_db(st), sql, -1, &s, NULL);
	ck_assert_msg(rc == SQLITE_OK, "%s: rc %d", sql, rc);
	rc = sqlite3_step(s);
	int64_t v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW) {
		sspf_err e = sspf_store_sqlerr(st, rc, sql);
		ck_abort_msg("%s: rc %d: %s (%s)", sql, rc, sspf_strerror(e),
			     sspf_err_detail());
	}
	return v;
}

uint8_t *tu_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	struct stat sb;
	uint8_t *buf = NULL;
	if (fstat(fileno(f), &sb) == 0 &&
	    (buf = malloc((size_t)sb.st_size + 1)) != NULL) {
		size_t got = fread(buf, 1, (size_t)sb.st_size, f);
		buf[got] = 0;
		*len = got;
	}
	fclose(f);
	return buf;
}

void tu_write_file(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "write %s: %s", path, strerror(errno));
	ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

void tu_flip_byte(const char *path, off_t off, uint8_t mask)
{
	int fd = open(path, O_RDWR);
	ck_assert_msg(fd >= 0, "open %s: %s", path, strerror(errno));
	uint8_t b;
	ck_assert_msg(pread(fd, &b, 1, off) == 1, "no byte %jd in %s",
		      (intmax_t)off, path);
	b ^= mask;
	ck_assert_int_eq(pwrite(fd, &b, 1, off), 1);
	close(fd);
}

void tu_copy_file(const char *src, const char *dst)
{
	size_t len;
	uint8_t *buf = tu_read_file(src, &len);
	if (buf == NULL) {
		unlink(dst);
		return;
	}
	tu_write_file(dst, buf, len);
	free(buf);
}

int tu_files_equal(const char *a, const char *b)
{
	size_t la = 0, lb = 0;
	uint8_t *ba = tu_read_file(a, &la), *bb = tu_read_file(b, &lb);
	int eq = (ba == NULL && bb == NULL) ||
		 (ba != NULL && bb != NULL && la == lb &&
		  memcmp(ba, bb, la) == 0);
	free(ba);
	free(bb);
	return eq;
}

long tu_file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

long tu_page_count(const char *path)
{
	long size = tu_file_size(path);
	if (size < TU_HDR_AREA || (size - TU_HDR_AREA) % TU_SLOT != 0)
		return -1;
	return (size - TU_HDR_AREA) / TU_SLOT;
}

static uint32_t le32_at(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

int tu_redo_records(const char *path, long *end)
{
	size_t len, off = 512;
	uint8_t *b = tu_read_file(path, &len);
	int n = 0;

	if (end != NULL)
		*end = 0;
	/* header: "sspf-wl", generation at 16; records from 512 */
	if (b == NULL || len < 512 || memcmp(b, "sspf-wl", 8) != 0) {
		free(b);
		return 0;
	}
	while (off + 64 <= len && memcmp(b + off, "sspf-tx", 8) == 0 &&
	       memcmp(b + off + 8, b + 16, 8) == 0 &&
	       le32_at(b + off + 16) == (uint32_t)n + 1 &&
	       le32_at(b + off + 20) == 0) {
		size_t rl = 64 + (size_t)le32_at(b + off + 24) * 4144 + 32;
		static const uint8_t zero[32];

		/* a write cut short leaves zeros (or the end of the file)
		 * where its MAC goes */
		if (off + rl > len || memcmp(b + off + rl - 32, zero, 32) == 0)
			break;
		off += rl;
		n++;
	}
	if (end != NULL)
		*end = n > 0 ? (long)off : 0;
	free(b);
	return n;
}

int tu_dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

uint64_t tu_seed(const char *what)
{
	const char *env = getenv("SSPF_TEST_SEED");
	uint64_t seed;
	if (env != NULL && *env != '\0') {
		seed = strtoull(env, NULL, 0);
	} else {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		seed = (uint64_t)ts.tv_sec * 1000003u ^ (uint64_t)ts.tv_nsec ^
		       (uint64_t)getpid() << 32;
	}
	printf("%s: seed %" PRIu64 " (SSPF_TEST_SEED=%" PRIu64
	       " repeats this run)\n",
	       what, seed, seed);
	fflush(stdout);
	return seed;
}

int tu_rounds(int n)
{
	static double scale = -1;
	if (scale < 0) {
		const char *env = getenv("SSPF_TEST_ROUNDS_SCALE");
		char *end = NULL;
		scale = env != NULL ? strtod(env, &end) : 1;
		if (env == NULL || end == env || *end != '\0' || !(scale > 0) ||
		    scale > 1)
			scale = 1;
		if (scale < 1) {
			printf("rounds scaled by %g (SSPF_TEST_ROUNDS_SCALE)\n",
			       scale);
			fflush(stdout);
		}
	}
	double r = (double)n * scale;
	int k = (int)r;
	if (k < r)
		k++; /* rounded up */
	return k < 1 ? 1 : k;
}

long tu_wait_us(long us)
{
	static long slowdown = 0;
	if (slowdown == 0) {
		const char *env = getenv("SSPF_TEST_SLOWDOWN");
		char *end = NULL;
		slowdown = env != NULL ? strtol(env, &end, 10) : 1;
		if (env == NULL || end == env || *end != '\0' || slowdown < 1 ||
		    slowdown > 1000)
			slowdown = 1;
	}
	return us * slowdown;
}

uint64_t tu_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

uint64_t tu_below(uint64_t *state, uint64_t n)
{
	return n == 0 ? 0 : tu_rand(state) % n;
}

void tu_report_cb(void *ctx, sspf_check_level level, const char *message)
{
	struct tu_report *r = ctx;
	if (level != SSPF_CHECK_PROBLEM) {
		r->infos++;
		return;
	}
	r->problems++;
	size_t used = strlen(r->text);
	snprintf(r->text + used, sizeof r->text - used, "%s\n",
		 message ? message : "(null)");
}

int tu_mentions_page(const char *text, long n)
{
	char needle[32];
	snprintf(needle, sizeof needle, "page %ld", n);
	size_t nl = strlen(needle);
	for (const char *p = strstr(text, needle); p != NULL;
	     p = strstr(p + 1, needle))
		if (p[nl] < '0' || p[nl] > '9')
			return 1;
	return 0;
}

const char *tu_reap_status(pid_t pid)
{
	static char buf[200];
	int status;
	if (waitpid(pid, &status, 0) != pid)
		snprintf(buf, sizeof buf, "cannot wait for it: %s",
			 strerror(errno));
	else if (WIFSIGNALED(status))
		snprintf(buf, sizeof buf, "killed by signal %d",
			 WTERMSIG(status));
	else if (WEXITSTATUS(status) > 0 &&
		 WEXITSTATUS(status) < SSPF_ERR_COUNT_)
		snprintf(buf, sizeof buf, "its open failed: %s",
			 sspf_strerror((sspf_err)WEXITSTATUS(status)));
	else
		snprintf(buf, sizeof buf, "exited with %d",
			 WEXITSTATUS(status));
	return buf;
}

int run_all(Suite *s)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "sodium_init failed\n");
		return 1;
	}
	SRunner *sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_VERBOSE);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}

sspf_store *tu_child_open(const char *path)
{
	sspf_store *st = NULL;
	sspf_err e = sspf_store_open(path, SSPF_UNLOCK_PASSPHRASE, TU_PASS,
				     TU_PASS_LEN, 0, &st);
	if (e != SSPF_OK)
		_exit((int)e);
	return st;
}

struct tu_fake_clock tu_fake;

time_t tu_fake_now(void *ctx)
{
	return ((struct tu_fake_clock *)ctx)->now;
}

const sspf_clock tu_clock = { tu_fake_now, &tu_fake };

void tu_set_today(int y, int m, int d)
{
	struct tm tm = { 0 };

	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	tu_fake.now = mktime(&tm);
	ck_assert(tu_fake.now != (time_t)-1);
}

sspf_date tu_date(int y, int m, int d)
{
	sspf_date out = -1;

	ck_assert_msg(sspf_date_make(y, m, d, &out), "%04d-%02d-%02d", y, m, d);
	return out;
}

void tu_ok(sspf_err e, const char *what)
{
	ck_assert_msg(e == SSPF_OK, "%s: %s (%s)", what, sspf_strerror(e),
		      sspf_err_detail());
}

void tu_tz_stockholm(void)
{
	setenv("TZ", "Europe/Stockholm", 1);
	tzset();
}

sspf_core *tu_core_open(sspf_store *st)
{
	sspf_core *core = NULL;

	tu_ok(sspf_core_open(st, &tu_clock, "koordinator", &core), "core");
	return core;
}

void tu_core_setup(int y, int m, int d, char **dir, char **db, sspf_store **st,
		   sspf_core **core)
{
	*dir = tu_tmpdir();
	*db = tu_join(*dir, "sspf.db");
	*st = tu_create(*db, NULL);
	tu_set_today(y, m, d);
	*core = tu_core_open(*st);
}

void tu_core_teardown(char *dir, char *db, sspf_store *st, sspf_core *core)
{
	sspf_core_close(core);
	sspf_store_close(st);
	tu_rmrf(dir);
	free(dir);
	free(db);
}

int64_t tu_audit_n(sspf_store *st, const char *action, const char *code)
{
	char *sql = sqlite3_mprintf("SELECT COUNT(*) FROM audit_log WHERE "
				    "action = %Q AND case_code = %Q",
				    action, code);
	int64_t n;

	ck_assert_ptr_nonnull(sql);
	n = tu_int(st, sql);
	sqlite3_free(sql);
	return n;
}

void tu_audit_lacks(sspf_store *st, const char *text)
{
	char *sql = sqlite3_mprintf(
		"SELECT COUNT(*) FROM audit_log WHERE instr(at, %Q) OR "
		"instr(os_user, %Q) OR instr(action, %Q) OR "
		"instr(case_code, %Q) OR instr(CAST(mac AS TEXT), %Q)",
		text, text, text, text, text);
	int64_t n;

	ck_assert_ptr_nonnull(sql);
	n = tu_int(st, sql);
	sqlite3_free(sql);
	ck_assert_msg(n == 0, "%lld audit entries hold '%s'", (long long)n,
		      text);
}

void tu_add_tests(Suite *s, const struct tu_test *tests, size_t n,
		  void (*setup)(void), void (*teardown)(void))
{
	for (size_t i = 0; i < n; i++) {
		TCase *tc = tcase_create(tests[i].name);
		tcase_set_timeout(tc, 600);
		tcase_add_checked_fixture(tc, setup, teardown);
		tcase_add_loop_test(tc, tests[i].t, 0,
				    tests[i].loops > 0 ? tests[i].loops : 1);
		suite_add_tcase(s, tc);
	}
}
