/*
 * fuzz_import.c - libFuzzer harness of the whole CSV import
 * (sspf_import_csv, src/core/import*.c): any bytes are the file a
 * coordinator imports into a database that already holds two cases. Each
 * input runs inside a transaction that is rolled back afterwards, so
 * every input meets the same database and nothing reaches the disk; the
 * store lives in a private temporary folder made at the first input and
 * removed at exit (it holds only fuzz data, under a cheap KDF cost).
 *
 * Beyond "no crash", it checks what import.h promises: a report that is
 * consistent with the result (problems only on failure, nothing created
 * unless SSPF_OK), and problem texts that never repeat a child's name, a
 * guardian's name or phone number, a note or a school from the file.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include <sspf/core.h>
#include <sspf/import.h>
#include <sspf/store.h>

#include "core/csv.h"
#include "fuzz.h"
#include "store/store_internal.h"

static char dir[256];
static char path[300], redo[320];
static sspf_store *st;
static sspf_core *core;

/* 2026-06-15 12:00 UTC: the import's "today" never moves. */
static time_t fixed_now(void *ctx)
{
	(void)ctx;
	return (time_t)1781524800;
}
static const sspf_clock fixed_clock = { fixed_now, NULL };

static void cleanup(void)
{
	sspf_core_close(core);
	sspf_store_close(st);
	unlink(redo);
	unlink(path);
	rmdir(dir);
}

/* The cases every input finds already there. */
static const char existing[] =
	"case_code;child_name;birth_date;guardian1_name;consent_signed;"
	"consent_scope\n"
	"2026-007;Kim Lund;2010-06-06;Eva Lund;2026-01-01;skola\n"
	";Nils Nord;2012-12-12;;;\n";

static void setup(void)
{
	static const sspf_kdf cheap = { .opslimit = 1,
					.memlimit = (uint64_t)8 << 20 };
	static const char pass[] = "fuzz passphrase, not secret";
	char rec[SSPF_RECOVERY_TEXT_SIZE];
	sspf_import_report rep;
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof dir, "%s/sspf-fuzz-import.XXXXXX",
		 tmp != NULL && strlen(tmp) < 200 ? tmp : "/tmp");
	FUZZ_CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/fuzz.db", dir);
	snprintf(redo, sizeof redo, "%s-redo", path);
	FUZZ_CHECK(sspf_store_create(path, pass, sizeof pass - 1, &cheap, rec,
				     &st) == SSPF_OK);
	FUZZ_CHECK(sspf_core_open(st, &fixed_clock, "fuzz", &core) == SSPF_OK);
	atexit(cleanup);
	if (sspf_import_csv(core, (const unsigned char *)existing,
			    sizeof existing - 1, &rep) != SSPF_OK) {
		fprintf(stderr, "import: %s\n", sspf_err_detail());
		for (size_t i = 0; i < rep.n_problems; i++)
			fprintf(stderr, "  %s\n", rep.problems[i]);
		abort();
	}
	FUZZ_CHECK(rep.n_new == 2);
	sspf_import_report_free(&rep);
}

/* The Swedish words of the import's messages (import_*.c). */
static const char messages_sv[] = "födelsedatum socialtjänst skolk/frånvaro "
				  "destruktiv miljö/kamrater";

static bool in_problems(const sspf_import_report *rep, const char *s)
{
	for (size_t i = 0; i < rep->n_problems; i++)
		if (strstr(rep->problems[i], s) != NULL)
			return true;
	return false;
}

/* Whether s occurs in a field of t other than those of free text. */
static bool elsewhere(const csv_table *t, const bool *free_col, const char *s)
{
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++)
			if ((r == 0 || !free_col[c]) &&
			    strstr(t->rows[r].fields[c], s) != NULL)
				return true;
	return false;
}

/*
 * The texts of a child and its guardians stay out of the problems. Only
 * values that cannot be a part of a message are tested: at least 8 bytes
 * with a byte above ASCII (the messages' own words are ASCII but for the
 * few Swedish words of messages_sv), and not found in the header or in a
 * field whose value a problem may quote (a gender, yes or no, a scope:
 * short words of a vocabulary).
 */
static void check_no_leak(const uint8_t *data, size_t size,
			  const sspf_import_report *rep)
{
	static const char *const free_words[] = { "childname",
						  "barnetsnamn",
						  "namn",
						  "guardian1name",
						  "guardian2name",
						  "guardian1phone",
						  "guardian2phone",
						  "note",
						  "anteckning",
						  "school",
						  "skola",
						  "vardnadshavare1namn",
						  "vardnadshavare2namn",
						  "vardnadshavare1telefon",
						  "vardnadshavare2telefon",
						  NULL };
	csv_table *t = NULL;
	bool *free_col;

	if (rep->n_problems == 0 || csv_parse(data, size, &t) != SSPF_OK)
		return;
	free_col = calloc(t->ncols, sizeof *free_col);
	FUZZ_CHECK(free_col != NULL);
	for (size_t c = 0; c < t->ncols; c++) {
		char w[64];
		size_t n = 0;

		/* folded as the import folds ASCII: lower case, no _ - space */
		for (const char *p = t->rows[0].fields[c];
		     *p != '\0' && n < sizeof w - 1; p++) {
			if (*p == ' ' || *p == '_' || *p == '-' || *p == '\t')
				continue;
			w[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
		}
		w[n] = '\0';
		for (size_t i = 0; free_words[i] != NULL; i++)
			if (strcmp(w, free_words[i]) == 0)
				free_col[c] = true;
	}
	for (size_t r = 1; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			const char *f = t->rows[r].fields[c];
			bool high = false;

			if (!free_col[c] || strlen(f) < 8)
				continue;
			for (const char *p = f; *p != '\0'; p++)
				high |= (unsigned char)*p >= 0x80;
			if (high && !elsewhere(t, free_col, f) &&
			    strstr(messages_sv, f) == NULL)
				FUZZ_CHECK(!in_problems(rep, f));
		}
	free(free_col);
	csv_table_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sqlite3 *db;
	sspf_import_report rep;
	sspf_err e;

	if (st == NULL)
		setup();
	db = sspf_store_db(st);
	FUZZ_CHECK(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK);
	e = sspf_import_csv(core, data, size, &rep);
	FUZZ_CHECK(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL) == SQLITE_OK);

	FUZZ_CHECK(rep.encoding != NULL);
	if (e == SSPF_OK) {
		FUZZ_CHECK(rep.n_problems == 0);
		FUZZ_CHECK(rep.n_new + rep.n_existing == rep.n_rows);
	} else {
		FUZZ_CHECK(rep.n_new == 0 && rep.n_existing == 0);
		if (e == SSPF_ERR_INVALID)
			FUZZ_CHECK(rep.n_problems > 0);
	}
	FUZZ_CHECK(rep.n_problems <= SSPF_IMPORT_MAX_PROBLEMS + 1);
	for (size_t i = 0; i < rep.n_problems; i++) {
		FUZZ_CHECK(rep.problems[i] != NULL);
		/* shown on a terminal: a value cut short must stay UTF-8 */
		FUZZ_CHECK(fuzz_valid_utf8(rep.problems[i]));
	}
	check_no_leak(data, size, &rep);
	sspf_import_report_free(&rep);
	return 0;
}
