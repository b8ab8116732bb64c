/*
 * test_csv.c - the CSV reader of `sspf import` (src/core/csv.c): the
 * encodings Excel saves (UTF-8 with and without BOM, Windows-1252),
 * separator detection, RFC 4180 quoting, line endings, the line numbers
 * of rows and every error with the line and column it names. Expected
 * UTF-8 bytes are written out here from the Unicode tables, not taken
 * from the code under test.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sspf/error.h>

#include "core/csv.h"

/* ---- helpers ---- */

static csv_table *parse_ok(const char *s, size_t n)
{
	csv_table *t = NULL;
	sspf_err e = csv_parse((const unsigned char *)s, n, &t);

	ck_assert_msg(e == SSPF_OK, "csv_parse failed: %d (%s)", (int)e,
		      sspf_err_detail());
	ck_assert_ptr_nonnull(t);
	return t;
}
#define PARSE_OK(lit) parse_ok(lit, sizeof(lit) - 1)

/*
 * Parsing must fail with code and a detail that starts with want (the
 * whole detail if exact).
 */
static void parse_err(const char *s, size_t n, sspf_err code, const char *want,
		      int exact)
{
	csv_table *t = (csv_table *)&t; /* not NULL: must be reset */
	sspf_err e = csv_parse((const unsigned char *)s, n, &t);
	const char *d = sspf_err_detail();

	ck_assert_int_eq(e, code);
	ck_assert_ptr_null(t);
	if (exact)
		ck_assert_str_eq(d, want);
	else
		ck_assert_msg(strncmp(d, want, strlen(want)) == 0,
			      "detail \"%s\" does not start with \"%s\"", d,
			      want);
}
#define ERR_PREFIX(lit, want) \
	parse_err(lit, sizeof(lit) - 1, SSPF_ERR_INVALID, want, 0)
#define ERR_EXACT(lit, want) \
	parse_err(lit, sizeof(lit) - 1, SSPF_ERR_INVALID, want, 1)

/* Row r starts on line and holds exactly the fields given, then NULL. */
static void check_row(const csv_table *t, size_t r, unsigned line, ...)
{
	va_list ap;
	const char *want;
	size_t c = 0;

	ck_assert_uint_lt(r, t->nrows);
	ck_assert_uint_eq(t->rows[r].line, line);
	va_start(ap, line);
	while ((want = va_arg(ap, const char *)) != NULL) {
		ck_assert_uint_lt(c, t->ncols);
		ck_assert_ptr_nonnull(t->rows[r].fields[c]);
		ck_assert_msg(strcmp(t->rows[r].fields[c], want) == 0,
			      "row %zu field %zu is \"%s\", expected \"%s\"", r,
			      c, t->rows[r].fields[c], want);
		c++;
	}
	va_end(ap);
	ck_assert_uint_eq(c, t->ncols);
}

/* ---- separators ---- */

START_TEST(test_comma)
{
	csv_table *t = PARSE_OK("namn,ort\nAnna,Malmö\nBo,Luleå\n");

	ck_assert_int_eq(t->sep, ',');
	ck_assert_int_eq(t->enc, CSV_UTF8);
	ck_assert_uint_eq(t->nrows, 3);
	ck_assert_uint_eq(t->ncols, 2);
	check_row(t, 0, 1, "namn", "ort", NULL);
	check_row(t, 1, 2, "Anna", "Malmö", NULL);
	check_row(t, 2, 3, "Bo", "Luleå", NULL);
	csv_table_free(t);
}
END_TEST

START_TEST(test_semicolon)
{
	csv_table *t = PARSE_OK("Namn;Personnummer;Skola\r\n"
				"Anna, Lisa;20150101-1234;Väster\r\n"
				";;\r\n");

	ck_assert_int_eq(t->sep, ';');
	ck_assert_uint_eq(t->nrows, 3);
	ck_assert_uint_eq(t->ncols, 3);
	check_row(t, 0, 1, "Namn", "Personnummer", "Skola", NULL);
	/* The other separator is ordinary text. */
	check_row(t, 1, 2, "Anna, Lisa", "20150101-1234", "Väster", NULL);
	/* Excel's blank row: kept, all fields empty. */
	check_row(t, 2, 3, "", "", "", NULL);
	csv_table_free(t);
}
END_TEST

START_TEST(test_sep_detection)
{
	csv_table *t;

	/* More commas than semicolons. */
	t = PARSE_OK("a,b,c;d\n1,2,3;4\n");
	ck_assert_int_eq(t->sep, ',');
	check_row(t, 0, 1, "a", "b", "c;d", NULL);
	check_row(t, 1, 2, "1", "2", "3;4", NULL);
	csv_table_free(t);

	/* More semicolons than commas. */
	t = PARSE_OK("a;b;c,d\n1;2;3,4\n");
	ck_assert_int_eq(t->sep, ';');
	check_row(t, 0, 1, "a", "b", "c,d", NULL);
	csv_table_free(t);

	/* A tie is ';'. */
	t = PARSE_OK("a,b;c\n1,2;3\n");
	ck_assert_int_eq(t->sep, ';');
	check_row(t, 0, 1, "a,b", "c", NULL);
	check_row(t, 1, 2, "1,2", "3", NULL);
	csv_table_free(t);

	/* Separators inside quotes do not count. */
	t = PARSE_OK("\"Efternamn; förnamn; tilltal\",Ort\nx,y\n");
	ck_assert_int_eq(t->sep, ',');
	check_row(t, 0, 1, "Efternamn; förnamn; tilltal", "Ort", NULL);
	csv_table_free(t);

	/* Only the first record counts; a quoted header spans lines. */
	t = PARSE_OK("\"a\n,,,\";b\n1;2,3,4,5,6\n");
	ck_assert_int_eq(t->sep, ';');
	check_row(t, 0, 1, "a\n,,,", "b", NULL);
	check_row(t, 1, 3, "1", "2,3,4,5,6", NULL);
	csv_table_free(t);
}
END_TEST

START_TEST(test_no_sep)
{
	static const char want[] =
		"the first line has no ',' or ';': is this a CSV file?";

	ERR_EXACT("namn\nAnna;Bo\n", want);
	/* Separators in quotes do not count. */
	ERR_EXACT("\"a;b,c\"\n1;2\n", want);
	ERR_EXACT("\n \r\n1;2\n", want);
	/* A tab-separated file is not read as one column. */
	ERR_EXACT("namn\tort\nAnna\tMalm\xC3\xB6\n", want);
}
END_TEST

/* ---- encodings ---- */

START_TEST(test_bom)
{
	csv_table *t = PARSE_OK("\xEF\xBB\xBFnamn;ort\r\nÅsa;Malmö\r\n");

	ck_assert_int_eq(t->enc, CSV_UTF8_BOM);
	ck_assert_int_eq(t->sep, ';');
	check_row(t, 0, 1, "namn", "ort", NULL);
	check_row(t, 1, 2, "Åsa", "Malmö", NULL);
	csv_table_free(t);

	/* A BOM and a quoted first field. */
	t = PARSE_OK("\xEF\xBB\xBF\"namn\",\"ort\"");
	ck_assert_int_eq(t->enc, CSV_UTF8_BOM);
	check_row(t, 0, 1, "namn", "ort", NULL);
	csv_table_free(t);
}
END_TEST

START_TEST(test_bom_then_invalid)
{
	/* With a BOM the file must be UTF-8 all through. */
	ERR_EXACT("\xEF\xBB\xBFnamn;ort\n\xC5sa;Malm\xF6\n",
		  "line 2 is not valid UTF-8, but the file starts with the "
		  "UTF-8 mark (BOM)");
	ERR_PREFIX("\xEF\xBB\xBF"
		   "a;b\r\n1;2\r\n\r\n3;\xED\xA0\x80\r\n",
		   "line 4 is not valid UTF-8");
}
END_TEST

START_TEST(test_cp1252_names)
{
	/* "Åsa Öberg;€ 5 – 7 kr" as Swedish Excel saves it. */
	csv_table *t = PARSE_OK("Namn;Belopp\r\n"
				"\xC5sa \xD6"
				"berg;\x80 5 \x96 7 kr\r\n");

	ck_assert_int_eq(t->enc, CSV_CP1252);
	ck_assert_int_eq(t->sep, ';');
	check_row(t, 0, 1, "Namn", "Belopp", NULL);
	check_row(t, 1, 2,
		  "\xC3\x85sa \xC3\x96"
		  "berg",
		  "\xE2\x82\xAC 5 \xE2\x80\x93 7 kr", NULL);
	ck_assert_str_eq(t->rows[1].fields[0], "Åsa Öberg");
	ck_assert_str_eq(t->rows[1].fields[1], "€ 5 – 7 kr");
	csv_table_free(t);
}
END_TEST

/* Windows-1252 0x80-0x9F, from unicode.org's CP1252.TXT; NULL: undefined. */
static const char *const cp1252_expect[32] = {
	"€", NULL, "‚",	 "ƒ", "„",  "…",  "†", "‡",  "ˆ", "‰", "Š",
	"‹", "Œ",  NULL, "Ž", NULL, NULL, "‘", "’",  "“", "”", "•",
	"–", "—",  "˜",	 "™", "š",  "›",  "œ", NULL, "ž", "Ÿ",
};

START_TEST(test_cp1252_table)
{
	char buf[2048];
	size_t n = 0;
	unsigned b, r;
	csv_table *t;

	/* One row per defined byte 0x80-0xFF: "x;<byte>". */
	n += (size_t)snprintf(buf + n, sizeof buf - n, "byte;text\n");
	for (b = 0x80; b <= 0xFF; b++) {
		if (b < 0xA0 && cp1252_expect[b - 0x80] == NULL)
			continue;
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%02X;%c\n", b,
				      (char)b);
	}
	t = parse_ok(buf, n);
	ck_assert_int_eq(t->enc, CSV_CP1252);
	r = 1;
	for (b = 0x80; b <= 0xFF; b++) {
		char want[3], hex[3];

		if (b < 0xA0 && cp1252_expect[b - 0x80] == NULL)
			continue;
		snprintf(hex, sizeof hex, "%02X", b);
		if (b < 0xA0) {
			check_row(t, r, r + 1, hex, cp1252_expect[b - 0x80],
				  NULL);
		} else {
			/* Latin-1: U+00A0-U+00FF. */
			want[0] = (char)(b < 0xC0 ? 0xC2 : 0xC3);
			want[1] = (char)(0x80 | (b & 0x3F));
			want[2] = '\0';
			check_row(t, r, r + 1, hex, want, NULL);
		}
		r++;
	}
	ck_assert_uint_eq(t->nrows, r);
	ck_assert_uint_eq(t->nrows, 1 + 27 + 96);
	csv_table_free(t);
}
END_TEST

START_TEST(test_cp1252_undefined)
{
	static const unsigned char undef[] = { 0x81, 0x8D, 0x8F, 0x90, 0x9D };
	size_t k;

	for (k = 0; k < sizeof undef; k++) {
		char buf[64], want[128];
		int n = snprintf(buf, sizeof buf,
				 "a;b\r\n1;2\r\n\xC5sa;x%cy\r\n", undef[k]);

		snprintf(want, sizeof want,
			 "line 3, column 2 (B): byte 0x%02X is not a character",
			 undef[k]);
		parse_err(buf, (size_t)n, SSPF_ERR_INVALID, want, 0);
	}
}
END_TEST

START_TEST(test_utf8_kept)
{
	static const char in[] = "Namn;Ort;Kommentar\n"
				 "محمد عبد الله;Göteborg;تم الاتصال\n"
				 "Cabdiraxmaan Maxamed Cali;Rinkeby;Xuseen\n"
				 "فاطمة الزهراء;Västerås;😀 ok\n";
	csv_table *t = PARSE_OK(in);

	ck_assert_int_eq(t->enc, CSV_UTF8);
	check_row(t, 1, 2, "محمد عبد الله", "Göteborg", "تم الاتصال", NULL);
	check_row(t, 2, 3, "Cabdiraxmaan Maxamed Cali", "Rinkeby", "Xuseen",
		  NULL);
	check_row(t, 3, 4, "فاطمة الزهراء", "Västerås", "\xF0\x9F\x98\x80 ok",
		  NULL);
	/* The bytes are exactly those of the input. */
	ck_assert_int_eq(memcmp(t->rows[1].fields[0],
				"\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF", 8),
			 0);
	csv_table_free(t);
}
END_TEST

START_TEST(test_mixed_is_cp1252)
{
	/* One byte that is not UTF-8 makes the whole file Windows-1252. */
	csv_table *t = PARSE_OK("namn;ort\nG\xC3\xB6ran;V\xE4xj\xF6\n");

	ck_assert_int_eq(t->enc, CSV_CP1252);
	check_row(t, 1, 2, "G\xC3\x83\xC2\xB6ran", "Växjö", NULL);
	csv_table_free(t);
}
END_TEST

START_TEST(test_utf16)
{
	static const char want[] = "the file is UTF-16; save it from Excel as "
				   "CSV UTF-8 or CSV (semicolon)";

	ERR_EXACT("\xFF\xFEn\0;\0o\0\r\0\n\0", want);
	ERR_EXACT("\xFE\xFF\0n\0;\0o\0\r\0\n", want);
	ERR_EXACT("\xFF\xFE", want);
	/* Without a BOM: the NUL bytes give it away. */
	ERR_PREFIX("n\0;\0o\0\r\0\n\0", "line 1, column 1 (A): a NUL byte");
}
END_TEST

START_TEST(test_encoding_names)
{
	ck_assert_str_eq(csv_encoding_name(CSV_UTF8_BOM), "UTF-8 with BOM");
	ck_assert_str_eq(csv_encoding_name(CSV_UTF8), "UTF-8");
	ck_assert_str_eq(csv_encoding_name(CSV_CP1252), "Windows-1252");
}
END_TEST

/* ---- quoting ---- */

START_TEST(test_quoted)
{
	csv_table *t = PARSE_OK("namn;anteckning;ort\n"
				"\"Berg; Anna\";\"sa \"\"hej\"\" igen\";\"\"\n"
				"\"Bo\";\"rad 1\nrad 2\n\nrad 4\";\"x\"\n"
				"\"\"\"\";\" \";Kiruna\n");

	ck_assert_uint_eq(t->nrows, 4);
	check_row(t, 0, 1, "namn", "anteckning", "ort", NULL);
	check_row(t, 1, 2, "Berg; Anna", "sa \"hej\" igen", "", NULL);
	check_row(t, 2, 3, "Bo", "rad 1\nrad 2\n\nrad 4", "x", NULL);
	/* The row after four lines of one record starts on line 7. */
	check_row(t, 3, 7, "\"", " ", "Kiruna", NULL);
	csv_table_free(t);
}
END_TEST

START_TEST(test_quoted_line_endings)
{
	csv_table *t;

	/* CRLF inside a field becomes LF. */
	t = PARSE_OK("a;b\r\n\"x\r\ny\r\n\";2\r\n3;4\r\n");
	check_row(t, 1, 2, "x\ny\n", "2", NULL);
	check_row(t, 2, 5, "3", "4", NULL);
	csv_table_free(t);

	/* A lone CR (old Mac Excel) or LF is kept as it is. */
	t = PARSE_OK("a;b\r\"x\ry\";\"p\nq\"\r3;4");
	check_row(t, 1, 2, "x\ry", "p\nq", NULL);
	check_row(t, 2, 5, "3", "4", NULL);
	csv_table_free(t);

	/* LF CR is two line breaks. */
	t = PARSE_OK("a;b\n\"x\n\ry\";2\n3;4\n");
	check_row(t, 1, 2, "x\n\ry", "2", NULL);
	check_row(t, 2, 5, "3", "4", NULL);
	csv_table_free(t);
}
END_TEST

/* ---- line endings and empty lines ---- */

START_TEST(test_line_endings)
{
	static const struct {
		const char *in;
		size_t len;
	} cases[] = {
#define CASE(s) { s, sizeof(s) - 1 }
		CASE("a;b\n1;2\n3;4\n"), CASE("a;b\r\n1;2\r\n3;4\r\n"),
		CASE("a;b\r1;2\r3;4\r"), CASE("a;b\n1;2\r\n3;4\r"),
		CASE("a;b\n1;2\n3;4"),	 CASE("a;b\r\n1;2\r\n3;4"),
		CASE("a;b\r1;2\r3;4"),
#undef CASE
	};
	size_t k;

	for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		csv_table *t = parse_ok(cases[k].in, cases[k].len);

		ck_assert_uint_eq(t->nrows, 3);
		check_row(t, 0, 1, "a", "b", NULL);
		check_row(t, 1, 2, "1", "2", NULL);
		check_row(t, 2, 3, "3", "4", NULL);
		csv_table_free(t);
	}
}
END_TEST

START_TEST(test_no_final_newline)
{
	csv_table *t;

	t = PARSE_OK("a;b\n1;2");
	ck_assert_uint_eq(t->nrows, 2);
	check_row(t, 1, 2, "1", "2", NULL);
	csv_table_free(t);

	/* A separator just before the end: an empty last field. */
	t = PARSE_OK("a;b\n1;");
	check_row(t, 1, 2, "1", "", NULL);
	csv_table_free(t);

	/* A quoted last field. */
	t = PARSE_OK("a;b\n1;\"x;y\"");
	check_row(t, 1, 2, "1", "x;y", NULL);
	csv_table_free(t);

	/* Only a header. */
	t = PARSE_OK("a;b");
	ck_assert_uint_eq(t->nrows, 1);
	check_row(t, 0, 1, "a", "b", NULL);
	csv_table_free(t);
}
END_TEST

START_TEST(test_empty_lines)
{
	csv_table *t =
		PARSE_OK("\n\r\na;b\n\n1;2\r\n\r\n\r\n3;4\r\r\n5;6\n\n\n");

	/*
	 * Lines: 1 "", 2 "", 3 header, 4 "", 5 "1;2", 6 "", 7 "", 8 "3;4",
	 * 9 "" (the lone CR), 10 "5;6", 11 "", 12 "".
	 */
	ck_assert_uint_eq(t->nrows, 4);
	check_row(t, 0, 3, "a", "b", NULL);
	check_row(t, 1, 5, "1", "2", NULL);
	check_row(t, 2, 8, "3", "4", NULL);
	check_row(t, 3, 10, "5", "6", NULL);
	csv_table_free(t);
}
END_TEST

START_TEST(test_whitespace_kept)
{
	csv_table *t = PARSE_OK("a ; b\n x ;y \t\n  ;\n");

	check_row(t, 0, 1, "a ", " b", NULL);
	check_row(t, 1, 2, " x ", "y \t", NULL);
	check_row(t, 2, 3, "  ", "", NULL);
	csv_table_free(t);
}
END_TEST

START_TEST(test_empty_file)
{
	static const char want[] = "the file is empty: it has no header line";
	csv_table *t = (csv_table *)&t;

	ERR_EXACT("", want);
	ERR_EXACT("\xEF\xBB\xBF", want);
	ERR_EXACT("\r\n\n\r", want);
	ERR_EXACT("\xEF\xBB\xBF\r\n", want);
	ck_assert_int_eq(csv_parse(NULL, 0, &t), SSPF_ERR_INVALID);
	ck_assert_ptr_null(t);
	ck_assert_str_eq(sspf_err_detail(), want);
}
END_TEST

/* ---- errors ---- */

START_TEST(test_unterminated_quote)
{
	/* The line where the quote started, not the end of the file. */
	ERR_EXACT("a;b\n1;2\n\"open;x\n3;4\n5;6\n",
		  "line 3, column 1 (A): a quoted field starts here but its "
		  "closing quote (\") is missing");
	ERR_PREFIX("a;b\r\n1;2\r\n3;\"open\r\n", "line 3, column 2 (B): a "
						 "quoted field starts here");
	ERR_PREFIX("a;b\n1;\"", "line 2, column 2 (B): a quoted field starts");
	/* In the header. */
	ERR_PREFIX("\"a;b\n1;2\n", "line 1, column 1 (A): a quoted field");
	ERR_PREFIX("x;\"a;b\n1;2\n", "line 1, column 2 (B): a quoted field");
}
END_TEST

START_TEST(test_quote_inside_unquoted)
{
	ERR_PREFIX("a;b\n1;ab\"c\n",
		   "line 2, column 2 (B): a quote (\") in a field that does "
		   "not start with one");
	ERR_PREFIX("a;b\n1;2\n 3\";4\n", "line 3, column 1 (A): a quote");
	/* After a record of several lines, the line is still right. */
	ERR_PREFIX("a;b\n\"1\n2\n3\";x\nq;ab\"c\n",
		   "line 5, column 2 (B): a quote");
	/* Column letters past Z, as in Excel. */
	ERR_PREFIX("1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19;20;21;22;"
		   "23;24;25;26;27;28\n"
		   "1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19;20;21;22;"
		   "23;24;25;26;27;2\"8\n",
		   "line 2, column 28 (AB): a quote");
}
END_TEST

START_TEST(test_text_after_quote)
{
	ERR_PREFIX("a;b\n\"ab\"c;2\n",
		   "line 2, column 1 (A): text after the closing quote (\")");
	ERR_PREFIX("a;b\n1;\"ab\" \n", "line 2, column 2 (B): text after");
	/* The line of the closing quote, in a field of several lines. */
	ERR_PREFIX("a;b\n1;\"x\ny\"z\n", "line 3, column 2 (B): text after");
}
END_TEST

START_TEST(test_nul)
{
	static const char in[] = "a;b\n1;2\n3;x\0y\n";

	parse_err(in, sizeof in - 1, SSPF_ERR_INVALID,
		  "line 3, column 2 (B): a NUL byte", 0);
	ERR_PREFIX("a;b\n1;\"x\0\"\n", "line 2, column 2 (B): a NUL byte");
	ERR_PREFIX("a;b\n\0;2\n", "line 2, column 1 (A): a NUL byte");
}
END_TEST

START_TEST(test_field_count)
{
	ERR_EXACT("a;b\n1;2\n3;4;5\n",
		  "line 3 has 3 fields but the header (line 1) has 2");
	ERR_EXACT("a;b;c\n1;2;3\n4;5\n",
		  "line 3 has 2 fields but the header (line 1) has 3");
	/* The line where the row starts, after a field of two lines. */
	ERR_EXACT("a;b\n\"x\ny\";2\n3\n",
		  "line 4 has 1 field but the header (line 1) has 2");
	ERR_EXACT("\n\na;b\n1\n",
		  "line 4 has 1 field but the header (line 3) has 2");
	ERR_EXACT("a;b\n1;2;\n",
		  "line 2 has 3 fields but the header (line 1) has 2");
	ERR_EXACT("a,b\n1;2\n",
		  "line 2 has 1 field but the header (line 1) has 2");
	/* A row that starts over several lines. */
	ERR_EXACT("a;b\n1;2\n\"p\nq\";r;s\n",
		  "line 3 has 3 fields but the header (line 1) has 2");
}
END_TEST

/* Error details name lines and columns, never the text of the file. */
START_TEST(test_detail_has_no_text)
{
	static const char *const in[] = {
		"namn;ort\nKalle;\"Kalle\n",	 "namn;ort\nKalle;Ka\"lle\n",
		"namn;ort\n\"Kalle\"Kalle;x\n",	 "namn;ort\nKalle\n",
		"namn;ort\nKalle;Kalle;Kalle\n",
	};
	size_t k;

	for (k = 0; k < sizeof in / sizeof in[0]; k++) {
		csv_table *t = NULL;

		ck_assert_int_eq(csv_parse((const unsigned char *)in[k],
					   strlen(in[k]), &t),
				 SSPF_ERR_INVALID);
		ck_assert_ptr_null(t);
		ck_assert_str_ne(sspf_err_detail(), "");
		ck_assert_ptr_null(strstr(sspf_err_detail(), "Kalle"));
		ck_assert_ptr_null(strstr(sspf_err_detail(), "namn"));
	}
}
END_TEST

/* ---- limits ---- */

START_TEST(test_file_size_limit)
{
	size_t n = CSV_MAX_BYTES, pos, row = 60003, k;
	char *buf = malloc(n + 1);
	csv_table *t;

	ck_assert_ptr_nonnull(buf);
	/* Exactly 64 MiB: "a;b\n", then rows of 60000 x's, ';', 'y', LF. */
	memcpy(buf, "a;b\n", 4);
	pos = 4;
	for (k = 0; pos + row <= n; k++) {
		memset(buf + pos, 'x', row - 3);
		memcpy(buf + pos + row - 3, ";y\n", 3);
		pos += row;
	}
	ck_assert_uint_ge(n - pos, 3);
	memset(buf + pos, 'z', n - pos - 2);
	memcpy(buf + n - 2, ";y", 2);
	t = parse_ok(buf, n);
	ck_assert_uint_eq(t->nrows, k + 2);
	ck_assert_uint_eq(strlen(t->rows[k + 1].fields[0]), n - pos - 2);
	ck_assert_uint_eq(t->rows[k + 1].line, k + 2);
	csv_table_free(t);

	/* One byte more. */
	buf[n] = '\n';
	parse_err(buf, n + 1, SSPF_ERR_INVALID,
		  "the file is larger than 64 MiB, the most sspf reads; split "
		  "it into smaller files",
		  1);
	free(buf);
}
END_TEST

/* "a;b\n" then a row whose field at col 2 is fill repeated count times. */
static size_t field_file(char *buf, char fill, size_t count, int quoted)
{
	size_t n = 0;

	memcpy(buf, "a;b\nx;", 6);
	n = 6;
	if (quoted)
		buf[n++] = '"';
	memset(buf + n, fill, count);
	n += count;
	if (quoted)
		buf[n++] = '"';
	buf[n++] = '\n';
	return n;
}

START_TEST(test_field_limit)
{
	char *buf = malloc(CSV_MAX_FIELD + 64);
	static const char want[] =
		"line 2, column 2 (B): the field is longer than 65536 bytes";
	csv_table *t;
	size_t n;
	int q;

	ck_assert_ptr_nonnull(buf);
	for (q = 0; q <= 1; q++) {
		n = field_file(buf, 'x', CSV_MAX_FIELD, q);
		t = parse_ok(buf, n);
		ck_assert_uint_eq(strlen(t->rows[1].fields[1]), 65536);
		csv_table_free(t);

		n = field_file(buf, 'x', CSV_MAX_FIELD + 1, q);
		parse_err(buf, n, SSPF_ERR_INVALID, want, 0);
	}

	/* The limit is on the UTF-8 text: each 0xE9 (é) becomes 2 bytes. */
	n = field_file(buf, '\xE9', CSV_MAX_FIELD / 2, 0);
	t = parse_ok(buf, n);
	ck_assert_int_eq(t->enc, CSV_CP1252);
	ck_assert_uint_eq(strlen(t->rows[1].fields[1]), 65536);
	ck_assert_int_eq(memcmp(t->rows[1].fields[1], "éé", 4), 0);
	csv_table_free(t);
	n = field_file(buf, '\xE9', CSV_MAX_FIELD / 2 + 1, 0);
	parse_err(buf, n, SSPF_ERR_INVALID, want, 0);
	free(buf);
}
END_TEST

/* count fields "c1;c2;..." and a line ending. */
static size_t columns_line(char *buf, size_t count)
{
	size_t n = 0, k;

	for (k = 1; k <= count; k++)
		n += (size_t)sprintf(buf + n, k == 1 ? "c%zu" : ";c%zu", k);
	buf[n++] = '\n';
	return n;
}

START_TEST(test_column_limit)
{
	char buf[4096];
	size_t n;
	csv_table *t;

	n = columns_line(buf, 200);
	n += columns_line(buf + n, 200);
	t = parse_ok(buf, n);
	ck_assert_uint_eq(t->ncols, 200);
	ck_assert_str_eq(t->rows[1].fields[199], "c200");
	csv_table_free(t);

	n = columns_line(buf, 201);
	parse_err(buf, n, SSPF_ERR_INVALID,
		  "the first line has more than 200 columns, the most sspf "
		  "reads",
		  1);
}
END_TEST

START_TEST(test_free_null)
{
	csv_table_free(NULL);
}
END_TEST

static Suite *csv_suite(void)
{
	Suite *s = suite_create("csv");
	TCase *tc;

	tc = tcase_create("separators");
	tcase_add_test(tc, test_comma);
	tcase_add_test(tc, test_semicolon);
	tcase_add_test(tc, test_sep_detection);
	tcase_add_test(tc, test_no_sep);
	suite_add_tcase(s, tc);

	tc = tcase_create("encodings");
	tcase_add_test(tc, test_bom);
	tcase_add_test(tc, test_bom_then_invalid);
	tcase_add_test(tc, test_cp1252_names);
	tcase_add_test(tc, test_cp1252_table);
	tcase_add_test(tc, test_cp1252_undefined);
	tcase_add_test(tc, test_utf8_kept);
	tcase_add_test(tc, test_mixed_is_cp1252);
	tcase_add_test(tc, test_utf16);
	tcase_add_test(tc, test_encoding_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("quoting and lines");
	tcase_add_test(tc, test_quoted);
	tcase_add_test(tc, test_quoted_line_endings);
	tcase_add_test(tc, test_line_endings);
	tcase_add_test(tc, test_no_final_newline);
	tcase_add_test(tc, test_empty_lines);
	tcase_add_test(tc, test_whitespace_kept);
	tcase_add_test(tc, test_empty_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_unterminated_quote);
	tcase_add_test(tc, test_quote_inside_unquoted);
	tcase_add_test(tc, test_text_after_quote);
	tcase_add_test(tc, test_nul);
	tcase_add_test(tc, test_field_count);
	tcase_add_test(tc, test_detail_has_no_text);
	tcase_add_test(tc, test_free_null);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_file_size_limit);
	tcase_add_test(tc, test_field_limit);
	tcase_add_test(tc, test_column_limit);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;

	sr = srunner_create(csv_suite());
	srunner_run_all(sr, CK_VERBOSE);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
