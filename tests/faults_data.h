/*
 * faults_data.h - the transactions of the fault tests (test_faults.c) and
 * how their results are verified. Helpers that assert: never call them in
 * a forked child, except fd_txn, which only returns.
 */
#ifndef SSPF_TEST_FAULTS_DATA_H
#define SSPF_TEST_FAULTS_DATA_H

#include "testutil.h"

/*
 * Transaction k: odd k a case "2026-kkk" through the core (with its audit
 * entry); even k a row of 9000 random bytes (three pages) in the table
 * pad and k added to tally.s, in one SQL transaction. A failed one is
 * rolled back; the sspf_err says why.
 */
sspf_err fd_txn(sspf_store *st, sspf_core *core, int k);

/* Whether transaction k is there; asserts it is whole if so. */
int fd_present(sspf_store *st, int k);

/* Assert sspf_store_check finds nothing; when names the moment. */
void fd_check_ok(sspf_store *st, const char *when);

/*
 * Transactions 1..n against state[k]: 1 committed (must be there), 0
 * never committed (must not be), 2 failed (whole or absent). The tally
 * agrees, the file checks, the audit chain verifies (through core, or a
 * core of its own if NULL).
 */
void fd_verify(sspf_store *st, sspf_core *core, const unsigned char *state,
	       int n, const char *when);

/*
 * What a backup leaves in the folder bk: the backup "backup.db" (and its
 * log), or a temporary file of a cut one ("backup.db.tmp-..."), which the
 * store never opens; names of the fault layer (".fio-") aside. Asserts
 * none is left if when is "no cut".
 */
void fd_backup_folder_ok(const char *bk, const char *when);

/* Assert the backup at dest opens, checks and holds case 999; returns
 * its tally. */
int64_t fd_backup_verify(const char *dest, const char *when);

#endif
