/*
 * workload.c - the mixed SQL workload (workload.h), written once: inserts
 * in transactions, point reads, range scans over an index, and updates in
 * transactions, in ten interleaved rounds so that reads meet a table that
 * grows, as a database in use does. The rows look like the store's: a
 * group (a case), a day, a status and a text of 100-300 bytes.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "workload.h"

#define ROUNDS 10
#define INSERT_TX 100
#define UPDATE_TX 50

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned long long next(unsigned long long *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return *s >> 33;
}

int workload_setup(sqlite3 *db, const char *journal)
{
	char sql[512];

	snprintf(sql, sizeof sql,
		 "PRAGMA page_size=4096; PRAGMA journal_mode=%s;"
		 "PRAGMA temp_store=MEMORY; PRAGMA mmap_size=0;"
		 "PRAGMA secure_delete=ON; PRAGMA synchronous=FULL;"
		 "PRAGMA cell_size_check=ON; PRAGMA foreign_keys=ON",
		 journal);
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* ASCII, so that a cut anywhere is still valid UTF-8; over 300 bytes */
static const char filler[] =
	"Skolan rapporterar att narvaron har varierat under perioden; mentor "
	"har haft veckovisa samtal. Socialtjansten har traffat familjen och "
	"erbjudit foraldrastod. Polisen har inga nya uppgifter. Fritidsgarden "
	"rapporterar deltagande en till tva kvallar i veckan. Overenskommet: "
	"fortsatt stod enligt planen och ny uppfoljning om sex manader.";
_Static_assert(sizeof filler > 300, "the rows take up to 299 bytes");

/* Step a statement to its end, counting rows; SQLite's result code. */
static int drain(sqlite3_stmt *q, long *rows)
{
	int rc;

	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		/* read the text as a reader of the row would */
		const unsigned char *t = sqlite3_column_text(q, 0);

		if (t != NULL && rows != NULL)
			(*rows)++;
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int inserts(sqlite3 *db, sqlite3_stmt *q, long n, long *id, long groups,
		   unsigned long long *rng)
{
	int rc = SQLITE_OK;

	for (long done = 0; rc == SQLITE_OK && done < n; done += INSERT_TX) {
		rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		for (long i = 0; rc == SQLITE_OK && i < INSERT_TX; i++) {
			int len = 100 + (int)(next(rng) % 200);

			++*id;
			sqlite3_bind_int64(q, 1, *id);
			sqlite3_bind_int64(q, 2, (long)(next(rng) % groups));
			sqlite3_bind_int64(q, 3, *id / 30);
			sqlite3_bind_int(q, 4, (int)(next(rng) % 4));
			sqlite3_bind_text(q, 5, filler, len, SQLITE_STATIC);
			rc = drain(q, NULL);
		}
		rc = sqlite3_exec(db, rc == SQLITE_OK ? "COMMIT" : "ROLLBACK",
				  NULL, NULL, NULL) == SQLITE_OK
			     ? rc
			     : SQLITE_ERROR;
	}
	return rc;
}

static int updates(sqlite3 *db, sqlite3_stmt *q, long n, long max_id,
		   unsigned long long *rng)
{
	int rc = SQLITE_OK;

	for (long done = 0; rc == SQLITE_OK && done < n; done += UPDATE_TX) {
		rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		for (long i = 0; rc == SQLITE_OK && i < UPDATE_TX; i++) {
			sqlite3_bind_int(q, 1, (int)(next(rng) % 4));
			sqlite3_bind_int64(
				q, 2,
				1 + (long)(next(rng) %
					   (unsigned long long)max_id));
			rc = drain(q, NULL);
		}
		if (sqlite3_exec(db, rc == SQLITE_OK ? "COMMIT" : "ROLLBACK",
				 NULL, NULL, NULL) != SQLITE_OK)
			rc = SQLITE_ERROR;
	}
	return rc;
}

int workload_run(sqlite3 *db, double scale, wl_times *t)
{
	long rows = (long)(100000 * scale), groups, id = 0, seen = 0;
	unsigned long long rng = 2026;
	sqlite3_stmt *ins = NULL, *get = NULL, *scan = NULL, *upd = NULL;
	double t0, t1;
	int rc;

	if (rows < 2000)
		rows = 2000;
	rows -= rows % (ROUNDS * INSERT_TX);
	groups = rows / 50;
	memset(t, 0, sizeof *t);
	rc = sqlite3_exec(db,
			  "CREATE TABLE w_item (id INTEGER PRIMARY KEY, grp "
			  "INTEGER NOT NULL, day INTEGER NOT NULL, status "
			  "INTEGER NOT NULL, body TEXT NOT NULL);"
			  "CREATE INDEX w_item_grp ON w_item (grp, day)",
			  NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db,
					"INSERT INTO w_item VALUES (?1, ?2, "
					"?3, ?4, ?5)",
					-1, &ins, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db,
					"SELECT body, status FROM w_item "
					"WHERE id = ?1",
					-1, &get, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db,
					"SELECT body, day FROM w_item WHERE "
					"grp = ?1 ORDER BY day",
					-1, &scan, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db,
					"UPDATE w_item SET status = ?1 WHERE "
					"id = ?2",
					-1, &upd, NULL);
	t0 = now();
	for (int r = 0; rc == SQLITE_OK && r < ROUNDS; r++) {
		t1 = now();
		rc = inserts(db, ins, rows / ROUNDS, &id, groups, &rng);
		t->insert += now() - t1;
		t1 = now();
		for (long i = 0; rc == SQLITE_OK && i < rows / 2 / ROUNDS;
		     i++) {
			sqlite3_bind_int64(get, 1,
					   1 + (long)(next(&rng) %
						      (unsigned long long)id));
			rc = drain(get, &seen);
		}
		t->read += now() - t1;
		t1 = now();
		for (long i = 0; rc == SQLITE_OK && i < rows / 50 / ROUNDS;
		     i++) {
			sqlite3_bind_int64(scan, 1,
					   (long)(next(&rng) %
						  (unsigned long long)groups));
			rc = drain(scan, &seen);
		}
		t->scan += now() - t1;
		t1 = now();
		rc = rc == SQLITE_OK
			     ? updates(db, upd, rows / 5 / ROUNDS, id, &rng)
			     : rc;
		t->update += now() - t1;
	}
	t->total = now() - t0;
	t->rows = id;
	sqlite3_finalize(ins);
	sqlite3_finalize(get);
	sqlite3_finalize(scan);
	sqlite3_finalize(upd);
	return rc;
}

void workload_print(const char *name, const wl_times *t)
{
	printf("workload %s total=%.4f insert=%.4f read=%.4f scan=%.4f "
	       "update=%.4f rows=%ld\n",
	       name, t->total, t->insert, t->read, t->scan, t->update, t->rows);
	fflush(stdout);
}
