/*
 * faults_data.c - the transactions of the fault tests and how their
 * results (and those of a cut backup) are verified (faults_data.h).
 */
#include "faults_data.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>
#include <sspf/audit.h>
#include <sspf/cases.h>

/* Transaction k: odd k a case through the core; even k 9000 bytes of
 * blob (three pages) and the tally, in one SQL transaction. */
sspf_err fd_txn(sspf_store *st, sspf_core *core, int k)
{
	char code[SSPF_CODE_SIZE], want[24], sql[160];
	sqlite3 *h = sspf_store_db(st);

	if (k & 1) {
		sspf_case_new c = { 0 };
		snprintf(want, sizeof want, "2026-%03d", k);
		c.code = want;
		c.child_name = "Kim Faultsson";
		if (!sspf_date_make(2014, 5, 6, &c.birth))
			return SSPF_ERR_INTERNAL;
		c.concerns = SSPF_CONCERN_TRUANCY;
		return sspf_case_create(core, &c, code);
	}
	snprintf(sql, sizeof sql,
		 "BEGIN; INSERT INTO pad VALUES(%d, randomblob(9000));"
		 " UPDATE tally SET s = s + %d; COMMIT",
		 k, k);
	int rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		return SSPF_OK;
	sspf_err e = sspf_store_sqlerr(st, rc, "the pad transaction");
	if (!sqlite3_get_autocommit(h))
		sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	return e;
}

/* Whether transaction k is there; asserts it is whole if so. */
int fd_present(sspf_store *st, int k)
{
	char q[128], code[24];

	if (k & 1) {
		snprintf(code, sizeof code, "2026-%03d", k);
		snprintf(q, sizeof q,
			 "SELECT count(*) FROM case_file WHERE code = '%s'",
			 code);
		int64_t c = tu_int(st, q), a = tu_audit_n(st, "create", code);
		ck_assert_msg(c == a, "case %s: %lld rows, %lld audit entries",
			      code, (long long)c, (long long)a);
		return c > 0;
	}
	snprintf(q, sizeof q, "SELECT count(*) FROM pad WHERE n = %d", k);
	if (tu_int(st, q) == 0)
		return 0;
	snprintf(q, sizeof q, "SELECT length(b) FROM pad WHERE n = %d", k);
	ck_assert_int_eq(tu_int(st, q), 9000);
	return 1;
}

void fd_check_ok(sspf_store *st, const char *when)
{
	struct tu_report r = { 0 };
	sspf_err e = sspf_store_check(st, tu_report_cb, &r);
	ck_assert_msg(e == SSPF_OK, "%s: check gave %s:\n%s", when,
		      sspf_strerror(e), r.text);
}

/*
 * Transactions 1..n against state: 1 committed (must be there), 0 never
 * committed (must not), 2 failed (whole or absent). The tally agrees,
 * the file checks, the audit chain verifies.
 */
void fd_verify(sspf_store *st, sspf_core *core, const unsigned char *state,
	       int n, const char *when)
{
	int64_t sum = 0, entries;
	for (int k = 1; k <= n; k++) {
		int has = fd_present(st, k);
		ck_assert_msg(state[k] == 2 || has == state[k],
			      "%s: transaction %d %s", when, k,
			      has ? "is there but never committed"
				  : "was committed but is lost");
		if (has && !(k & 1))
			sum += k;
	}
	ck_assert_msg(tu_int(st, "SELECT s FROM tally") == sum,
		      "%s: the tally is not the sum of the pad rows", when);
	fd_check_ok(st, when);
	sspf_core *own = core != NULL ? core : tu_core_open(st);
	sspf_err e = sspf_audit_verify(own, &entries);
	ck_assert_msg(e == SSPF_OK, "%s: audit chain: %s (%s)", when,
		      sspf_strerror(e), sspf_err_detail());
	if (own != core)
		sspf_core_close(own);
}

void fd_backup_folder_ok(const char *bk, const char *what)
{
	DIR *d = opendir(bk);
	struct dirent *e;
	int cut = strcmp(what, "no cut") != 0;
	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		const char *n = e->d_name;
		if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0 ||
		    strstr(n, ".fio-") != NULL || strcmp(n, "backup.db") == 0 ||
		    strcmp(n, "backup.db-redo") == 0)
			continue;
		ck_assert_msg(cut && strncmp(n, "backup.db.tmp-", 14) == 0,
			      "%s: %s is left in the backup folder", what, n);
	}
	closedir(d);
}

int64_t fd_backup_verify(const char *dest, const char *what)
{
	sspf_store *st;
	sspf_err e = tu_open(dest, TU_PASS, 0, &st);
	ck_assert_msg(e == SSPF_OK, "%s: the backup: %s (%s)", what,
		      sspf_strerror(e), sspf_err_detail());
	ck_assert_int_eq(fd_present(st, 999), 1);
	int64_t tally = tu_int(st, "SELECT s FROM tally");
	fd_check_ok(st, what);
	sspf_store_close(st);
	return tally;
}
