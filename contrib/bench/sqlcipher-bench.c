/*
 * sqlcipher-bench.c - the SQL workload of workload.c on SQLCipher
 * (Debian's libsqlcipher), a program of its own because SQLCipher's
 * symbols clash with SQLite's. sspf-bench runs it and reads its lines:
 *
 *   sqlcipher-bench DIR [--scale F] [--runs N]
 *
 * prints "workload sqlcipher total=... insert=..." once per run. Each run
 * uses a new database in DIR with the same settings as sspf's store and
 * SQLCipher's 4096-byte pages (as sspf's); the key derivation (PBKDF2, on
 * the first read) is done before the clock starts: this measures the
 * work on pages, as the other two runs do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "workload.h"

static int run_once(const char *dir, double scale, int run)
{
	char path[4096];
	sqlite3 *db = NULL;
	wl_times t;
	int rc;

	snprintf(path, sizeof path, "%s/sqlcipher-%d.db", dir, run);
	unlink(path);
	rc = sqlite3_open(path, &db);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db,
				  "PRAGMA key = 'made-up bench passphrase';"
				  "PRAGMA cipher_page_size = 4096;",
				  NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = workload_setup(db, "MEMORY");
	/* the first read derives the key: outside the timed work */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_master",
				  NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = workload_run(db, scale, &t);
	if (rc != SQLITE_OK)
		fprintf(stderr, "sqlcipher-bench: %s\n", sqlite3_errmsg(db));
	else
		workload_print("sqlcipher", &t);
	sqlite3_close(db);
	unlink(path);
	return rc == SQLITE_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
	double scale = 1;
	int runs = 3;

	if (argc < 2) {
		fprintf(stderr,
			"usage: sqlcipher-bench DIR [--scale F] [--runs N]\n");
		return 2;
	}
	for (int i = 2; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--scale") == 0)
			scale = atof(argv[i + 1]);
		else if (strcmp(argv[i], "--runs") == 0)
			runs = atoi(argv[i + 1]);
	}
	for (int r = 0; r < runs; r++)
		if (run_once(argv[1], scale, r) != 0)
			return 1;
	return 0;
}
