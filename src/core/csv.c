/*
 * csv.c - the CSV reader of `sspf import` (csv.h).
 *
 * One pass over the raw bytes: quotes, separators, CR and LF are the same
 * bytes in UTF-8 and in Windows-1252 (and in UTF-8 they never occur inside
 * a multi-byte character), so the state machine works on either, and each
 * field byte is converted as it is copied. All field text goes into one
 * buffer whose size is known before parsing (every input byte yields at
 * most its UTF-8 length, or ends a field and yields a NUL), so the buffer
 * never moves and never leaves copies of the text behind in freed memory.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/csv.h"
#include "store/errors_internal.h"

/* The table with what csv_table_free needs; pub comes first. */
struct table_impl {
	csv_table pub;
	char *text;   /* all fields, NUL-terminated, one after another */
	size_t used;  /* bytes of text written (and to wipe) */
	char **cells; /* nrows * ncols pointers into text */
};

struct parser {
	const unsigned char *d;
	size_t n, i;   /* input and position */
	unsigned line; /* line of d[i], 1-based */
	csv_encoding enc;
	char sep;

	char *text; /* output buffer of cap bytes, never moved */
	size_t used, cap;
	size_t field; /* offset in text of the field being read */
	size_t col;   /* its 1-based index in the record */

	char **cells;
	size_t ncells, cells_cap;
	struct csv_row *rows;
	size_t nrows, rows_cap;
	size_t ncols; /* 0 while reading the header */
};

static const char utf16_msg[] = "the file is UTF-16; save it from Excel as "
				"CSV UTF-8 or CSV (semicolon)";

/*
 * Windows-1252 0x80-0x9F as Unicode (from unicode.org's CP1252.TXT); 0 is
 * a byte that Windows-1252 does not define. 0xA0-0xFF equal Latin-1.
 */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0,	0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,	0x017D, 0,
	0,	0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,	0x017E, 0x0178,
};

const char *csv_encoding_name(csv_encoding enc)
{
	switch (enc) {
	case CSV_UTF8_BOM:
		return "UTF-8 with BOM";
	case CSV_UTF8:
		return "UTF-8";
	case CSV_CP1252:
		return "Windows-1252";
	}
	return "unknown";
}

/* The Unicode code point of a Windows-1252 byte; 0 if undefined. */
static uint32_t cp1252_to_ucs(unsigned char c)
{
	if (c >= 0x80 && c <= 0x9F)
		return cp1252_high[c - 0x80];
	return c;
}

/* Encode u (< 0x10000, not a surrogate) as UTF-8 into buf; the length. */
static size_t utf8_put(uint32_t u, char buf[3])
{
	if (u < 0x80) {
		buf[0] = (char)u;
		return 1;
	}
	if (u < 0x800) {
		buf[0] = (char)(0xC0 | (u >> 6));
		buf[1] = (char)(0x80 | (u & 0x3F));
		return 2;
	}
	buf[0] = (char)(0xE0 | (u >> 12));
	buf[1] = (char)(0x80 | ((u >> 6) & 0x3F));
	buf[2] = (char)(0x80 | (u & 0x3F));
	return 3;
}

/*
 * The offset of the first byte of s that does not start a valid UTF-8
 * character (RFC 3629: no overlong forms, surrogates or values above
 * U+10FFFF), or n if all of s is valid.
 */
static size_t utf8_invalid_at(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t k, j;
		uint32_t u, min;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			k = 1;
			u = c & 0x1F;
			min = 0x80;
		} else if (c >= 0xE0 && c <= 0xEF) {
			k = 2;
			u = c & 0x0F;
			min = 0x800;
		} else if (c >= 0xF0 && c <= 0xF4) {
			k = 3;
			u = c & 0x07;
			min = 0x10000;
		} else {
			return i;
		}
		if (n - i - 1 < k)
			return i;
		for (j = 1; j <= k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return i;
			u = u << 6 | (s[i + j] & 0x3Fu);
		}
		if (u < min || u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF))
			return i;
		i += k + 1;
	}
	return n;
}

/* The 1-based line of s[pos]: CRLF, LF and a lone CR each end a line. */
static unsigned line_at(const unsigned char *s, size_t pos)
{
	unsigned line = 1;
	size_t i;

	for (i = 0; i < pos; i++) {
		if (s[i] == '\n' || (s[i] == '\r' && s[i + 1] != '\n'))
			line++;
	}
	return line;
}

/* Excel's name of column col (1 -> A, 27 -> AA). */
static void col_letters(size_t col, char buf[16])
{
	char rev[16];
	size_t k = 0, j;

	while (col > 0 && k < sizeof rev - 1) {
		col--;
		rev[k++] = (char)('A' + col % 26);
		col /= 26;
	}
	for (j = 0; j < k; j++)
		buf[j] = rev[k - 1 - j];
	buf[k] = '\0';
}

/* SSPF_ERR_INVALID with "line L, column C (X): " and the formatted text. */
__attribute__((format(printf, 3, 4))) static sspf_err
at_error(const struct parser *p, unsigned line, const char *fmt, ...)
{
	char what[256], letters[16];
	va_list ap;

	va_start(ap, fmt);
	if (vsnprintf(what, sizeof what, fmt, ap) < 0)
		what[0] = '\0';
	va_end(ap);
	col_letters(p->col, letters);
	return err_set(SSPF_ERR_INVALID, "line %u, column %zu (%s): %s", line,
		       p->col, letters, what);
}

/*
 * Choose the separator from the first record, which starts at d[i]:
 * whichever of ',' and ';' occurs more outside quotes; ';' on a tie.
 */
static sspf_err detect_sep(const unsigned char *d, size_t n, size_t i,
			   char *sep)
{
	size_t commas = 0, semis = 0;
	bool quoted = false;

	for (; i < n; i++) {
		unsigned char c = d[i];

		if (c == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (c == '\r' || c == '\n')
			break;
		else if (c == ',')
			commas++;
		else if (c == ';')
			semis++;
	}
	/*
	 * A quote left open: the parser names it, whatever the separator.
	 * (If it accepted the record, the quotes there would be balanced.)
	 */
	if (quoted && commas == 0 && semis == 0)
		semis = 1;
	if (commas == 0 && semis == 0)
		return err_set(SSPF_ERR_INVALID, "the first line has no ',' or "
						 "';': is this a CSV file?");
	*sep = commas > semis ? ',' : ';';
	return SSPF_OK;
}

/*
 * Double the array arr of *cap elements of size bytes (64 at first): the
 * new array, or NULL with arr unchanged.
 */
static void *grow(void *arr, size_t *cap, size_t size)
{
	size_t ncap = *cap == 0 ? 64 : *cap * 2;
	void *p;

	if (ncap > SIZE_MAX / size)
		return NULL;
	p = realloc(arr, ncap * size);
	if (p != NULL)
		*cap = ncap;
	return p;
}

/* Append byte c of the input to the current field, converting it. */
static sspf_err put(struct parser *p, unsigned char c)
{
	char buf[3];
	size_t k = 1;

	buf[0] = (char)c;
	if (p->enc == CSV_CP1252 && c >= 0x80) {
		uint32_t u = cp1252_to_ucs(c);

		if (u == 0)
			return at_error(p, p->line,
					"byte 0x%02X is not a character in "
					"UTF-8 or Windows-1252; save the file "
					"from Excel as CSV UTF-8",
					c);
		k = utf8_put(u, buf);
	}
	if (p->used - p->field + k > CSV_MAX_FIELD)
		return at_error(p, p->line,
				"the field is longer than %u bytes, the most "
				"sspf reads",
				CSV_MAX_FIELD);
	if (p->used + k > p->cap) /* cannot happen: cap is an upper bound */
		return err_set(SSPF_ERR_INTERNAL, "CSV text buffer overflow");
	memcpy(p->text + p->used, buf, k);
	p->used += k;
	return SSPF_OK;
}

static sspf_err nul_error(const struct parser *p)
{
	return at_error(p, p->line,
			"a NUL byte: this is not a text file (if it is "
			"UTF-16, save it from Excel as CSV UTF-8)");
}

/* Read one field starting at d[i], up to its separator or line ending. */
static sspf_err read_field(struct parser *p)
{
	const unsigned char *d = p->d;
	sspf_err err;

	if (p->i < p->n && d[p->i] == '"') {
		unsigned start = p->line;

		p->i++;
		for (;;) {
			unsigned char c;

			if (p->i == p->n)
				return at_error(
					p, start,
					"a quoted field starts here but its "
					"closing quote (\") is missing");
			c = d[p->i];
			if (c == '"') {
				if (p->i + 1 < p->n && d[p->i + 1] == '"') {
					err = put(p, '"');
					p->i += 2;
				} else {
					p->i++;
					break;
				}
			} else if (c == '\r') {
				p->line++;
				if (p->i + 1 < p->n && d[p->i + 1] == '\n') {
					err = put(p, '\n');
					p->i += 2;
				} else {
					err = put(p, '\r');
					p->i++;
				}
			} else if (c == '\0') {
				return nul_error(p);
			} else {
				if (c == '\n')
					p->line++;
				err = put(p, c);
				p->i++;
			}
			if (err != SSPF_OK)
				return err;
		}
		if (p->i < p->n && d[p->i] != (unsigned char)p->sep &&
		    d[p->i] != '\r' && d[p->i] != '\n')
			return at_error(p, p->line,
					"text after the closing quote (\") of "
					"a field; a quote inside a quoted "
					"field must be doubled (\"\")");
		return SSPF_OK;
	}

	while (p->i < p->n) {
		unsigned char c = d[p->i];

		if (c == (unsigned char)p->sep || c == '\r' || c == '\n')
			break;
		if (c == '"')
			return at_error(p, p->line,
					"a quote (\") in a field that does not "
					"start with one; in Excel's CSV such a "
					"field is in quotes with the quote "
					"doubled (\"\")");
		if (c == '\0')
			return nul_error(p);
		err = put(p, c);
		if (err != SSPF_OK)
			return err;
		p->i++;
	}
	return SSPF_OK;
}

/* Consume the line ending at d[i] (CRLF, LF or CR). */
static void skip_eol(struct parser *p)
{
	if (p->d[p->i] == '\r' && p->i + 1 < p->n && p->d[p->i + 1] == '\n')
		p->i++;
	p->i++;
	p->line++;
}

/* Read one record starting at d[i], which is not a line ending. */
static sspf_err read_record(struct parser *p)
{
	bool header = p->ncols == 0;
	unsigned start = p->line;
	sspf_err err;

	p->col = 0;
	for (;;) {
		p->col++;
		if (header && p->col > CSV_MAX_COLUMNS)
			return err_set(SSPF_ERR_INVALID,
				       "the first line has more than %u "
				       "columns, the most sspf reads",
				       CSV_MAX_COLUMNS);
		p->field = p->used;
		err = read_field(p);
		if (err != SSPF_OK)
			return err;
		if (p->used >= p->cap)
			return err_set(SSPF_ERR_INTERNAL,
				       "CSV text buffer overflow");
		p->text[p->used++] = '\0';
		if (header || p->col <= p->ncols) {
			if (p->ncells == p->cells_cap) {
				char **c = grow(p->cells, &p->cells_cap,
						sizeof *c);

				if (c == NULL)
					return err_set(SSPF_ERR_NOMEM,
						       "no memory for the CSV "
						       "fields");
				p->cells = c;
			}
			p->cells[p->ncells++] = p->text + p->field;
		}
		if (p->i == p->n)
			break;
		if (p->d[p->i] == (unsigned char)p->sep) {
			p->i++;
			continue;
		}
		skip_eol(p); /* read_field stops only there */
		break;
	}

	if (header) {
		p->ncols = p->col;
	} else if (p->col != p->ncols) {
		return err_set(SSPF_ERR_INVALID,
			       "line %u has %zu field%s but the header (line "
			       "%u) has %zu",
			       start, p->col, p->col == 1 ? "" : "s",
			       p->rows[0].line, p->ncols);
	}
	if (p->nrows == p->rows_cap) {
		struct csv_row *rows =
			grow(p->rows, &p->rows_cap, sizeof *rows);

		if (rows == NULL)
			return err_set(SSPF_ERR_NOMEM,
				       "no memory for the CSV rows");
		p->rows = rows;
	}
	p->rows[p->nrows].line = start;
	p->rows[p->nrows].fields = NULL; /* set when cells stops moving */
	p->nrows++;
	return SSPF_OK;
}

static void parser_free(struct parser *p)
{
	if (p->text != NULL) {
		sodium_memzero(p->text, p->used);
		free(p->text);
	}
	free(p->cells);
	free(p->rows);
}

sspf_err csv_parse(const unsigned char *data, size_t len, csv_table **out)
{
	struct parser p = { 0 };
	struct table_impl *t;
	size_t start = 0, extra = 0, bad, r;
	sspf_err err;

	*out = NULL;
	err_clear();
	if (len > CSV_MAX_BYTES)
		return err_set(SSPF_ERR_INVALID,
			       "the file is larger than %u MiB, the most sspf "
			       "reads; split it into smaller files",
			       CSV_MAX_BYTES / (1024u * 1024u));
	if (len >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) ||
			 (data[0] == 0xFE && data[1] == 0xFF)))
		return err_set(SSPF_ERR_INVALID, "%s", utf16_msg);

	p.d = data;
	p.n = len;
	p.line = 1;
	if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
		start = 3;
		p.enc = CSV_UTF8_BOM;
		bad = start + utf8_invalid_at(data + start, len - start);
		if (bad != len)
			return err_set(SSPF_ERR_INVALID,
				       "line %u is not valid UTF-8, but the "
				       "file starts with the UTF-8 mark (BOM)",
				       line_at(data, bad));
	} else if (utf8_invalid_at(data, len) == len) {
		p.enc = CSV_UTF8;
	} else {
		p.enc = CSV_CP1252;
		for (r = 0; r < len; r++) {
			char buf[3];

			if (data[r] >= 0x80 && cp1252_to_ucs(data[r]) != 0)
				extra += utf8_put(cp1252_to_ucs(data[r]), buf) -
					 1;
		}
	}
	p.i = start;

	/* Skip empty lines before the header. */
	while (p.i < p.n && (data[p.i] == '\r' || data[p.i] == '\n'))
		skip_eol(&p);
	if (p.i == p.n)
		return err_set(SSPF_ERR_INVALID,
			       "the file is empty: it has no header line");
	err = detect_sep(data, len, p.i, &p.sep);
	if (err != SSPF_OK)
		return err;

	p.cap = len - start + extra + 1;
	p.text = malloc(p.cap);
	if (p.text == NULL)
		return err_set(SSPF_ERR_NOMEM, "no memory for the CSV text");

	while (p.i < p.n) {
		if (data[p.i] == '\r' || data[p.i] == '\n') {
			skip_eol(&p);
			continue;
		}
		err = read_record(&p);
		if (err != SSPF_OK) {
			parser_free(&p);
			return err;
		}
	}

	t = calloc(1, sizeof *t);
	if (t == NULL) {
		parser_free(&p);
		return err_set(SSPF_ERR_NOMEM, "no memory for the CSV table");
	}
	for (r = 0; r < p.nrows; r++)
		p.rows[r].fields = p.cells + r * p.ncols;
	t->pub.nrows = p.nrows;
	t->pub.ncols = p.ncols;
	t->pub.rows = p.rows;
	t->pub.enc = p.enc;
	t->pub.sep = p.sep;
	t->text = p.text;
	t->used = p.used;
	t->cells = p.cells;
	*out = &t->pub;
	return SSPF_OK;
}

void csv_table_free(csv_table *pub)
{
	struct table_impl *t = (struct table_impl *)pub;

	if (t == NULL)
		return;
	sodium_memzero(t->text, t->used);
	free(t->text);
	free(t->cells);
	free(t->pub.rows);
	sodium_memzero(t, sizeof *t);
	free(t);
}
