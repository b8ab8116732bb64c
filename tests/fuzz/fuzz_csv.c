/*
 * fuzz_csv.c - libFuzzer harness of the CSV reader of `sspf import`
 * (src/core/csv.c): any bytes are a file. csv_parse must accept or refuse
 * them without a crash, and what it accepts must keep csv.h's promises:
 * 2..CSV_MAX_COLUMNS columns, every row as wide as the header, fields
 * that are valid UTF-8 without NUL and no longer than CSV_MAX_FIELD, rows
 * in file order; a refusal is SSPF_ERR_INVALID with a detail that names
 * a line.
 */
#include <string.h>

#include "core/csv.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	csv_table *t = NULL;
	sspf_err e = csv_parse(data, size, &t);

	if (e != SSPF_OK) {
		FUZZ_CHECK(t == NULL);
		FUZZ_CHECK(e == SSPF_ERR_INVALID || e == SSPF_ERR_NOMEM);
		FUZZ_CHECK(sspf_err_detail()[0] != '\0');
		return 0;
	}
	FUZZ_CHECK(t != NULL);
	FUZZ_CHECK(t->nrows >= 1);
	FUZZ_CHECK(t->ncols >= 2 && t->ncols <= CSV_MAX_COLUMNS);
	FUZZ_CHECK(t->sep == ',' || t->sep == ';');
	FUZZ_CHECK(t->enc == CSV_UTF8_BOM || t->enc == CSV_UTF8 ||
		   t->enc == CSV_CP1252);
	for (size_t r = 0; r < t->nrows; r++) {
		FUZZ_CHECK(t->rows[r].fields != NULL);
		FUZZ_CHECK(t->rows[r].line >= 1);
		if (r > 0)
			FUZZ_CHECK(t->rows[r].line > t->rows[r - 1].line);
		for (size_t c = 0; c < t->ncols; c++) {
			const char *f = t->rows[r].fields[c];

			FUZZ_CHECK(f != NULL);
			FUZZ_CHECK(strlen(f) <= CSV_MAX_FIELD);
			FUZZ_CHECK(fuzz_valid_utf8(f));
		}
	}
	csv_table_free(t);
	return 0;
}
