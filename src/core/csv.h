/*
 * csv.h - reading the CSV files that coordinators save from Excel, for
 * `sspf import FILE CSV`. This is only the reader: it turns the bytes of
 * the file into a table of text fields; mapping columns to cases is done
 * elsewhere.
 *
 * What it accepts:
 *   - UTF-8 with a BOM ("CSV UTF-8" in Excel; the BOM is stripped), UTF-8
 *     without one, or Windows-1252 ("CSV (semicolon)" in Swedish Excel),
 *     which is converted to UTF-8. A BOM means UTF-8; otherwise the file is
 *     UTF-8 if all of it is valid UTF-8, else Windows-1252. UTF-16 files
 *     are refused with a message saying how to save them instead.
 *   - ',' or ';' as the separator, whichever occurs more often outside
 *     quotes in the header (the first record); ';' on a tie.
 *   - RFC 4180 quoting: "..." fields may hold separators, quotes written
 *     as "" and line breaks (CRLF inside a field becomes LF; a lone CR or
 *     LF is kept as it is). Records end with CRLF, LF or CR; the last line
 *     ending is optional. Empty lines are skipped. Spaces are kept.
 *   - Every record must have as many fields as the header.
 *
 * Errors are SSPF_ERR_INVALID with a detail (sspf_err_detail()) that names
 * the line of the file and, where it applies, the column as a number and
 * as Excel's letter, e.g. "line 7, column 3 (C): ...". Details never
 * contain field text: the file may hold children's names.
 */
#ifndef SSPF_CORE_CSV_H
#define SSPF_CORE_CSV_H

#include <stddef.h>

#include <sspf/error.h>

/* Largest file accepted, in bytes, as read from disk. */
#define CSV_MAX_BYTES (64u * 1024u * 1024u)
/* Largest field, in bytes of UTF-8 (after conversion), without its NUL. */
#define CSV_MAX_FIELD (64u * 1024u)
/* Most columns in the header. */
#define CSV_MAX_COLUMNS 200u

typedef enum csv_encoding {
	CSV_UTF8_BOM, /* UTF-8 starting with EF BB BF (stripped) */
	CSV_UTF8,     /* UTF-8 without a BOM (plain ASCII is this) */
	CSV_CP1252,   /* Windows-1252, converted to UTF-8 */
} csv_encoding;

struct csv_row {
	unsigned line; /* 1-based line of the file where the row starts */
	char **fields; /* ncols NUL-terminated UTF-8 strings, never NULL */
};

typedef struct csv_table {
	size_t nrows;	      /* rows, the header included: always >= 1 */
	size_t ncols;	      /* fields in every row: 2..CSV_MAX_COLUMNS */
	struct csv_row *rows; /* rows[0] is the header */
	csv_encoding enc;     /* how the file was read */
	char sep;	      /* ',' or ';' */
} csv_table;

/*
 * Parse len bytes at data (the whole file; data may be NULL if len is 0).
 * On success *out is a new table and SSPF_OK is returned; on failure *out
 * is NULL and the code (SSPF_ERR_INVALID for anything wrong with the file,
 * SSPF_ERR_NOMEM) comes with a detail. Nothing is printed.
 *
 * The table does not point into data: the caller may wipe and free data
 * as soon as csv_parse returns. Everything reachable from the table (rows,
 * field arrays, field text) belongs to it; the caller may change field
 * text in place without making it longer, but frees nothing of it.
 */
sspf_err csv_parse(const unsigned char *data, size_t len, csv_table **out);

/*
 * Overwrite all field text with zeros and free the table and everything in
 * it. NULL is allowed.
 */
void csv_table_free(csv_table *t);

/* "UTF-8 with BOM", "UTF-8" or "Windows-1252"; static, never NULL. */
const char *csv_encoding_name(csv_encoding enc);

#endif
