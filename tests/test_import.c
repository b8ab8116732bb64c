/*
 * test_import.c - importing case lists from CSV (src/core/import.c,
 * include/sspf/import.h) on a real encrypted store with a fake clock
 * (today 2026-03-10): both separators, a BOM, Windows-1252, quoted fields
 * with line breaks, Swedish and English headers in any order; an unknown
 * column and every kind of bad row refused with line and column, and
 * nothing imported (also when the database refuses a row half-way);
 * importing a file again adds nothing; the guardians' custody and
 * signatures; the consent gate on imported cases; the audit log.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include <sspf/audit.h>
#include <sspf/cases.h>
#include <sspf/consent.h>
#include <sspf/core.h>
#include <sspf/date.h>
#include <sspf/import.h>

/* ---- fixture: a store, a core and a clock ---- */

static char *dir, *db;
static sspf_store *st;
static sspf_core *core;
static sspf_import_report rep;

static void setup(void)
{
	tu_core_setup(2026, 3, 10, &dir, &db, &st, &core);
	memset(&rep, 0, sizeof rep);
}

static void teardown(void)
{
	sspf_import_report_free(&rep);
	tu_core_teardown(dir, db, st, core);
}

/* ---- helpers ---- */

/* All problems of rep, one a line, for failure messages (static). */
static const char *problems(void)
{
	static char all[8192];
	size_t n = 0;

	all[0] = '\0';
	for (size_t i = 0; i < rep.n_problems && n < sizeof all; i++)
		n += (size_t)snprintf(all + n, sizeof all - n, "%s\n",
				      rep.problems[i]);
	return all;
}

/* Import the NUL-terminated csv into rep (freed first). */
static sspf_err import(const char *csv)
{
	sspf_import_report_free(&rep);
	return sspf_import_csv(core, (const unsigned char *)csv, strlen(csv),
			       &rep);
}

/* Import csv, asserting success with n_new and n_existing. */
static void import_ok(const char *csv, size_t n_new, size_t n_existing)
{
	sspf_err e = import(csv);

	ck_assert_msg(e == SSPF_OK, "import: %s (%s)\n%s", sspf_strerror(e),
		      sspf_err_detail(), problems());
	ck_assert_uint_eq(rep.n_problems, 0);
	ck_assert_uint_eq(rep.n_new, n_new);
	ck_assert_uint_eq(rep.n_existing, n_existing);
}

/* Whether a problem holds all of a, b (b may be NULL). */
static bool has_problem(const char *a, const char *b)
{
	for (size_t i = 0; i < rep.n_problems; i++)
		if (strstr(rep.problems[i], a) != NULL &&
		    (b == NULL || strstr(rep.problems[i], b) != NULL))
			return true;
	return false;
}

#define ASSERT_PROBLEM(a, b)                                      \
	ck_assert_msg(has_problem(a, b),                          \
		      "no problem with '%s' and '%s' in:\n%s", a, \
		      b != NULL ? b : "", problems())

static int64_t n_cases(void)
{
	return tu_int(st, "SELECT COUNT(*) FROM case_file");
}

static int64_t n_audit(void)
{
	return tu_int(st, "SELECT COUNT(*) FROM audit_log");
}

/* An integer from SQL with one %Q for s. */
static int64_t q_int(const char *fmt, const char *s)
{
	char *sql = sqlite3_mprintf(fmt, s);
	int64_t v;

	ck_assert_ptr_nonnull(sql);
	v = tu_int(st, sql);
	sqlite3_free(sql);
	return v;
}

/* Whether case code has column col equal to want (text). */
static bool case_text_is(const char *code, const char *col, const char *want)
{
	char *sql = sqlite3_mprintf("SELECT COUNT(*) FROM case_file WHERE "
				    "code = %Q AND %s = %Q",
				    code, col, want);
	int64_t v;

	ck_assert_ptr_nonnull(sql);
	v = tu_int(st, sql);
	sqlite3_free(sql);
	return v == 1;
}

/* The code of the case of child name (asserts one). */
static void code_of(const char *name, char code[SSPF_CODE_SIZE])
{
	sqlite3_stmt *q;
	int rc = sqlite3_prepare_v2(sspf_store_db(st),
				    "SELECT code FROM case_file "
				    "WHERE child_name = ?1",
				    -1, &q, NULL);

	ck_assert_int_eq(rc, SQLITE_OK);
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
	snprintf(code, SSPF_CODE_SIZE, "%s", sqlite3_column_text(q, 0));
	ck_assert_int_eq(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);
}

/* ---- the files ---- */

#define HEADER_EN                                                        \
	"case_code;child_name;birth_date;gender;school;class;district;"  \
	"guardian1_name;guardian1_phone;guardian2_name;guardian2_phone;" \
	"sole_custody;consent_signed;youth_signed;consent_valid_until;"  \
	"consent_scope;consent_withdrawn;concerns;note\r\n"

/* Semicolons, as Swedish Excel writes them. */
static const char semicolon_csv[] = HEADER_EN
	"2026-101;Selma Lindqvist;2013-05-20;flicka;Backaskolan;7B;Angered;"
	"Anna Berg;070-111 11 11;Erik Berg;070-222 22 22;nej;2026-03-01;nej;"
	";skola,socialtjänst;;\"skolk;brott\";Första mötet i mars\r\n"
	";Omar Said;2012-01-15;pojke;Hjällboskolan;8A;Angered;Leila Said;"
	"070-333 33 33;;;ja;;;;;;vbe|annat;\r\n";

START_TEST(test_semicolon)
{
	char code[SSPF_CODE_SIZE];

	import_ok(semicolon_csv, 2, 0);
	ck_assert_str_eq(rep.encoding, "UTF-8");
	ck_assert_int_eq(rep.separator, ';');
	ck_assert_uint_eq(rep.n_rows, 2);
	ck_assert_int_eq(n_cases(), 2);

	ck_assert(case_text_is("2026-101", "child_name", "Selma Lindqvist"));
	ck_assert(case_text_is("2026-101", "gender", "flicka"));
	ck_assert(case_text_is("2026-101", "school", "Backaskolan"));
	ck_assert(case_text_is("2026-101", "class", "7B"));
	ck_assert(case_text_is("2026-101", "district", "Angered"));
	ck_assert(case_text_is("2026-101", "note", "Första mötet i mars"));
	ck_assert_int_eq(q_int("SELECT concerns FROM case_file WHERE code = %Q",
			       "2026-101"),
			 SSPF_CONCERN_TRUANCY | SSPF_CONCERN_CRIME);
	/* two guardians, joint custody, both signed */
	ck_assert_int_eq(q_int("SELECT COUNT(*) FROM guardian g JOIN case_file "
			       "c ON c.id = g.case_id WHERE c.code = %Q AND "
			       "g.custody = 1",
			       "2026-101"),
			 2);
	ck_assert_int_eq(
		q_int("SELECT COUNT(*) FROM consent_signature s JOIN "
		      "consent k ON k.id = s.consent_id JOIN case_file "
		      "c ON c.id = k.case_id WHERE c.code = %Q",
		      "2026-101"),
		2);
	ck_assert_int_eq(q_int("SELECT scope FROM consent k JOIN case_file c "
			       "ON c.id = k.case_id WHERE c.code = %Q",
			       "2026-101"),
			 SSPF_ACTOR_SKOLA | SSPF_ACTOR_SOCIALTJANST);
	/* default validity: 12 months less a day */
	ck_assert_int_eq(q_int("SELECT COUNT(*) FROM consent k JOIN case_file "
			       "c ON c.id = k.case_id WHERE c.code = %Q AND "
			       "k.valid_until = '2027-02-28'",
			       "2026-101"),
			 1);

	/* no code: the next of the year, after the codes of the file */
	code_of("Omar Said", code);
	ck_assert_str_eq(code, "2026-102");
	ck_assert(case_text_is(code, "gender", "pojke"));
	ck_assert_int_eq(q_int("SELECT sole_custody FROM case_file WHERE "
			       "code = %Q",
			       code),
			 1);
	ck_assert_int_eq(
		q_int("SELECT concerns FROM case_file WHERE code = %Q", code),
		SSPF_CONCERN_EXTREMISM | SSPF_CONCERN_OTHER);
	ck_assert_int_eq(q_int("SELECT COUNT(*) FROM consent k JOIN case_file "
			       "c ON c.id = k.case_id WHERE c.code = %Q",
			       code),
			 0);
}
END_TEST

/* Commas, a BOM, and the scope quoted because it holds commas. */
START_TEST(test_comma_bom)
{
	static const char csv[] =
		"\xef\xbb\xbf"
		"child_name,birth_date,guardian1_name,guardian2_name,"
		"sole_custody,consent_signed,consent_scope,concerns\n"
		"Ella Ek,2014-02-02,Per Ek,Lisa Ek,yes,2026-02-01,"
		"\"skola,polis\",\"alkohol/narkotika;destruktiv miljö\"\n";
	char code[SSPF_CODE_SIZE];

	import_ok(csv, 1, 0);
	ck_assert_str_eq(rep.encoding, "UTF-8 with BOM");
	ck_assert_int_eq(rep.separator, ',');
	code_of("Ella Ek", code);
	ck_assert_int_eq(
		q_int("SELECT concerns FROM case_file WHERE code = %Q", code),
		SSPF_CONCERN_DRUGS | SSPF_CONCERN_PEERS);
	/* sole custody: guardian 2 without custody and without signature */
	ck_assert_int_eq(
		q_int("SELECT g.custody FROM guardian g JOIN case_file "
		      "c ON c.id = g.case_id WHERE c.code = %Q AND "
		      "g.name = 'Lisa Ek'",
		      code),
		0);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM consent_signature s "
				    "JOIN guardian g ON g.id = s.guardian_id "
				    "WHERE g.name = 'Per Ek'"),
			 1);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM consent_signature"),
			 1);
}
END_TEST

/* Windows-1252, with å ä ö in the names and in a Swedish header. */
START_TEST(test_cp1252)
{
	static const char csv[] = "Namn;F\xf6"
				  "delsedatum;K\xf6n;"
				  "V\xe5rdnadshavare1 namn\r\n"
				  "\xc5sa \xd6"
				  "berg;2013-07-07;flicka;"
				  "M\xe4rta \xc4ngstr\xf6m\r\n";
	char code[SSPF_CODE_SIZE];

	import_ok(csv, 1, 0);
	ck_assert_str_eq(rep.encoding, "Windows-1252");
	ck_assert_int_eq(rep.separator, ';');
	code_of("Åsa Öberg", code);
	ck_assert_int_eq(q_int("SELECT COUNT(*) FROM guardian WHERE name = %Q",
			       "Märta Ängström"),
			 1);
}
END_TEST

/* A quoted note with line breaks, separators and quotes. */
START_TEST(test_quoted_note)
{
	static const char csv[] =
		"child_name;birth_date;note;school\r\n"
		"Nils Nord;2012-12-12;\"rad ett;\r\nrad \"\"två\"\"\nrad tre\";"
		"Skolan\r\n"
		"Tove Syd;2012-11-11;;\r\n";
	char code[SSPF_CODE_SIZE];

	import_ok(csv, 2, 0);
	code_of("Nils Nord", code);
	ck_assert(case_text_is(code, "note", "rad ett;\nrad \"två\"\nrad tre"));
	ck_assert(case_text_is(code, "school", "Skolan"));
	/* the second row starts on line 4 of the file */
	code_of("Tove Syd", code);
}
END_TEST

/* Swedish names, any case, spaces or underscores, in another order. */
START_TEST(test_swedish_headers)
{
	static const char csv[] =
		"Oro;Samtycke omfattning;ÄRENDEKOD;födelsedatum;Barnets namn;"
		"Kön;Vårdnadshavare2_namn;vårdnadshavare1_namn;"
		"Samtycke_undertecknat;Samtycke giltigt till;Ungdom "
		"undertecknat;Ensam vårdnad;Stadsdel;Klass;Skola;Anteckning;"
		"Vårdnadshavare1 telefon;Samtycke återkallat\n"
		"Skolk/Frånvaro;Skola,Socialtjänst,Polis,Fritid;2025-040;"
		"2011-04-04;Liam Holm;Pojke;Sara Holm;Jon Holm;2026-01-10;"
		"2026-12-31;Ja;Nej;Gårdsten;9C;Gårdstensskolan;Ok;"
		"0701234567;\n";

	import_ok(csv, 1, 0);
	ck_assert(case_text_is("2025-040", "child_name", "Liam Holm"));
	ck_assert(case_text_is("2025-040", "birth_date", "2011-04-04"));
	ck_assert(case_text_is("2025-040", "gender", "pojke"));
	ck_assert(case_text_is("2025-040", "district", "Gårdsten"));
	ck_assert(case_text_is("2025-040", "note", "Ok"));
	ck_assert_int_eq(q_int("SELECT concerns FROM case_file WHERE code = %Q",
			       "2025-040"),
			 SSPF_CONCERN_TRUANCY);
	ck_assert_int_eq(tu_int(st, "SELECT scope || ' ' || youth_signed || "
				    "' ' || valid_until = '15 1 2026-12-31' "
				    "FROM consent"),
			 1);
	ck_assert_int_eq(q_int("SELECT COUNT(*) FROM guardian WHERE phone = %Q",
			       "0701234567"),
			 1);
}
END_TEST

START_TEST(test_unknown_column)
{
	static const char csv[] = "child_name;birth_date;shoe_size\n"
				  "Kim Ljung;2012-02-02;38\n";
	sspf_err e = import(csv);

	ck_assert_int_eq(e, SSPF_ERR_INVALID);
	ASSERT_PROBLEM("line 1, column shoe_size (C)", "unknown column");
	ck_assert_uint_eq(rep.n_new, 0);
	ck_assert_int_eq(n_cases(), 0);

	/* the same column twice, and a needed one missing */
	e = import("namn;child_name\nA;B\n");
	ck_assert_int_eq(e, SSPF_ERR_INVALID);
	ASSERT_PROBLEM("column child_name (B)", "the same column");
	ASSERT_PROBLEM("line 1:", "birth_date");
	ck_assert_int_eq(n_cases(), 0);
}
END_TEST

/* Every kind of bad row, among good ones: all listed, nothing imported. */
START_TEST(test_bad_rows)
{
	static const char csv[] = HEADER_EN
		/* 2: good */
		";Bra Barn;2013-01-01;;;;;A Vh;;;;nej;2026-03-01;;;skola;;;\n"
		/* 3: a date that is not one, and one in another format */
		";Fel Datum;2013-02-30;;;;;;;;;;;;;;;;\n"
		";Fel Format;1/2/2013;;;;;;;;;;;;;;;;\n"
		/* 5: unknown gender */
		";Fel Kon;2013-01-01;kvinna;;;;;;;;;;;;;;;\n"
		/* 6: unknown actor in the scope */
		";Fel Aktor;2013-01-01;;;;;B Vh;;;;;2026-03-01;;;"
		"skola,kyrkan;;;\n"
		/* 7: unknown concern */
		";Fel Oro;2013-01-01;;;;;;;;;;;;;;;\"skolk;spelberoende\";\n"
		/* 8: no child_name */
		";;2013-01-01;;;;;;;;;;;;;;;;\n"
		/* 9: valid until before signed */
		";Fel Giltig;2013-01-01;;;;;C Vh;;;;;2026-03-01;;2026-02-01;"
		"skola;;;\n"
		/* 10: good */
		"2026-200;Bra Igen;2013-01-01;pojke;;;;;;;;;;;;;;;\n"
		/* 11: a bad code, yes/no, withdrawal without consent */
		"26-1;Fel Kod;2013-01-01;;;;;;;;;kanske;;;;;2026-03-01;;\n";
	int64_t audit_before = n_audit();
	sspf_err e = import(csv);

	ck_assert_int_eq(e, SSPF_ERR_INVALID);
	ASSERT_PROBLEM("line 3, column birth_date (C)", "not a real date");
	ASSERT_PROBLEM("line 4, column birth_date (C)", "YYYY-MM-DD");
	ASSERT_PROBLEM("line 5, column gender (D)", "kvinna");
	ASSERT_PROBLEM("line 6, column consent_scope (P)", "kyrkan");
	ASSERT_PROBLEM("line 7, column concerns (R)", "spelberoende");
	ASSERT_PROBLEM("line 8, column child_name (B)", "missing");
	ASSERT_PROBLEM("line 9, column consent_valid_until (O)", "before");
	ASSERT_PROBLEM("line 11, column case_code (A)", "not a case code");
	ASSERT_PROBLEM("line 11, column sole_custody (L)", "kanske");
	ASSERT_PROBLEM("line 11, column consent_withdrawn (Q)",
		       "consent_signed is empty");
	ck_assert_msg(!has_problem("line 2", NULL) &&
			      !has_problem("line 10", NULL),
		      "good rows reported:\n%s", problems());
	ck_assert_uint_eq(rep.n_problems, 10);
	/* in file order */
	for (size_t i = 1; i < rep.n_problems; i++)
		ck_assert_int_le(atoi(rep.problems[i - 1] + 5),
				 atoi(rep.problems[i] + 5));
	/* no name of the file in any problem */
	ck_assert(!has_problem("Fel ", NULL) && !has_problem("Vh", NULL));
	ck_assert_uint_eq(rep.n_new, 0);
	ck_assert_int_eq(n_cases(), 0);
	ck_assert_int_eq(n_audit(), audit_before);
}
END_TEST

/* The same child or code twice in one file. */
START_TEST(test_twice_in_file)
{
	static const char csv[] = "case_code;child_name;birth_date\n"
				  "2026-005;A B;2013-01-01\n"
				  ";C D;2013-01-01\n"
				  "2026-005;E F;2013-01-01\n"
				  ";C D;2013-01-01\n";
	sspf_err e = import(csv);

	ck_assert_int_eq(e, SSPF_ERR_INVALID);
	ASSERT_PROBLEM("line 4, column case_code", "line 2");
	ASSERT_PROBLEM("line 3, column child_name", "line 5");
	ASSERT_PROBLEM("line 5, column child_name", "line 3");
	ck_assert_int_eq(n_cases(), 0);
}
END_TEST

/* The database refuses a row half-way: everything is rolled back. */
START_TEST(test_rollback_half_way)
{
	static const char csv[] =
		"child_name;birth_date;guardian1_name;consent_signed;"
		"consent_scope\n"
		"Ett Barn;2013-01-01;Vh Ett;2026-03-01;skola\n"
		"Två Barn;2013-01-01;Vh Två;2026-03-01;skola\n"
		"Tre Barn;2013-01-01;Vh Tre;2026-03-01;polis\n";
	int64_t audit_before = n_audit(), count = 0;
	sspf_err e;

	tu_exec(st, "CREATE TEMP TRIGGER no_police BEFORE INSERT ON consent "
		    "WHEN NEW.scope = 4 BEGIN SELECT RAISE(ABORT, 'no'); END");
	e = import(csv);
	ck_assert_int_ne(e, SSPF_OK);
	ck_assert_int_eq(n_cases(), 0);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM guardian"), 0);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM consent"), 0);
	ck_assert_int_eq(n_audit(), audit_before);
	ck_assert_uint_eq(rep.n_new, 0);
	ck_assert_msg(rep.n_problems > 0
			      ? has_problem("line 4", NULL)
			      : strstr(sspf_err_detail(), "line 4") != NULL,
		      "the row is not named: %s / %s", problems(),
		      sspf_err_detail());
	e = sspf_audit_verify(core, &count);
	ck_assert_msg(e == SSPF_OK, "audit: %s", sspf_err_detail());

	/* and the file goes in once the database takes it */
	tu_exec(st, "DROP TRIGGER no_police");
	import_ok(csv, 3, 0);
	ck_assert_int_eq(sspf_audit_verify(core, &count), SSPF_OK);
	ck_assert_int_eq(q_int("SELECT COUNT(*) FROM audit_log WHERE action = "
			       "%Q",
			       "create"),
			 3);
	ck_assert_int_eq(q_int("SELECT COUNT(*) FROM audit_log WHERE action = "
			       "%Q",
			       "consent"),
			 3);
	ck_assert_int_eq(q_int("SELECT COUNT(*) FROM audit_log WHERE action = "
			       "%Q",
			       "change"),
			 3);
}
END_TEST

/* Importing the same file again adds nothing. */
START_TEST(test_reimport)
{
	int64_t cases, guardians, consents;

	import_ok(semicolon_csv, 2, 0);
	cases = n_cases();
	guardians = tu_int(st, "SELECT COUNT(*) FROM guardian");
	consents = tu_int(st, "SELECT COUNT(*) FROM consent");
	import_ok(semicolon_csv, 0, 2);
	ck_assert_int_eq(n_cases(), cases);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM guardian"),
			 guardians);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM consent"), consents);

	/* a new row among the old ones is the only one added */
	{
		size_t n = strlen(semicolon_csv) + 64;
		char *more = malloc(n);

		ck_assert_ptr_nonnull(more);
		snprintf(more, n, "%s;Ny Rad;2014-04-04;;;;;;;;;;;;;;;;\r\n",
			 semicolon_csv);
		import_ok(more, 1, 2);
		free(more);
	}
	ck_assert_int_eq(n_cases(), cases + 1);
}
END_TEST

/* The consent gate on imported cases. */
START_TEST(test_gate)
{
	static const char csv[] =
		"case_code;child_name;birth_date;guardian1_name;"
		"guardian2_name;sole_custody;consent_signed;"
		"consent_valid_until;consent_scope;consent_withdrawn\n"
		"2026-001;Med Samtycke;2013-01-01;Vh A;Vh B;nej;2026-03-01;"
		"2027-02-28;skola,socialtjänst;\n"
		"2026-002;Utan Samtycke;2013-01-01;Vh C;Vh D;;;;;\n"
		"2026-003;Ensam Vardnad;2013-01-01;Vh E;Vh F;ja;2026-03-01;;"
		"skola;\n"
		"2026-004;Aterkallat;2013-01-01;Vh G;;ja;2026-02-01;;skola;"
		"2026-03-05\n"
		"2026-005;Bara En;2013-01-01;Vh H;;nej;2026-03-01;;skola;\n";
	sspf_case *c = NULL;
	sspf_verdict v;
	sspf_err e;

	import_ok(csv, 5, 0);

	e = sspf_case_get(core, "2026-001", NULL, &c, &v);
	ck_assert_msg(e == SSPF_OK, "%s %d", sspf_err_detail(), v.reason);
	ck_assert_str_eq(c->child_name, "Med Samtycke");
	sspf_case_free(c);

	e = sspf_case_get(core, "2026-002", NULL, &c, &v);
	ck_assert_int_eq(e, SSPF_ERR_REFUSED);
	ck_assert_ptr_null(c);
	ck_assert_int_eq(v.reason, SSPF_CONSENT_NONE);

	e = sspf_case_get(core, "2026-003", NULL, &c, &v);
	ck_assert_msg(e == SSPF_OK, "%s %d", sspf_err_detail(), v.reason);
	sspf_case_free(c);

	e = sspf_case_get(core, "2026-004", NULL, &c, &v);
	ck_assert_int_eq(e, SSPF_ERR_REFUSED);
	ck_assert_int_eq(v.reason, SSPF_CONSENT_WITHDRAWN);

	/* joint custody with one guardian recorded: the second is missing */
	e = sspf_case_get(core, "2026-005", NULL, &c, &v);
	ck_assert_int_eq(e, SSPF_ERR_REFUSED);
	ck_assert_int_eq(v.reason, SSPF_CONSENT_SECOND_GUARDIAN);

	/* the validity window ends */
	tu_set_today(2027, 3, 1);
	e = sspf_case_get(core, "2026-001", NULL, &c, &v);
	ck_assert_int_eq(e, SSPF_ERR_REFUSED);
	ck_assert_int_eq(v.reason, SSPF_CONSENT_EXPIRED);
}
END_TEST

/* The file itself cannot be read: one problem, nothing imported. */
START_TEST(test_not_csv)
{
	static const unsigned char utf16[] = { 0xff, 0xfe, 'a', 0, ';', 0 };
	sspf_err e;

	sspf_import_report_free(&rep);
	e = sspf_import_csv(core, utf16, sizeof utf16, &rep);
	ck_assert_int_eq(e, SSPF_ERR_INVALID);
	ck_assert_uint_eq(rep.n_problems, 1);
	ck_assert_int_eq(n_cases(), 0);

	/* header only: nothing to do, and that is fine */
	import_ok("child_name;birth_date\n", 0, 0);
}
END_TEST

static Suite *import_suite(void)
{
	Suite *s = suite_create("import");
	TCase *tc = tcase_create("import");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_semicolon);
	tcase_add_test(tc, test_comma_bom);
	tcase_add_test(tc, test_cp1252);
	tcase_add_test(tc, test_quoted_note);
	tcase_add_test(tc, test_swedish_headers);
	tcase_add_test(tc, test_unknown_column);
	tcase_add_test(tc, test_bad_rows);
	tcase_add_test(tc, test_twice_in_file);
	tcase_add_test(tc, test_rollback_half_way);
	tcase_add_test(tc, test_reimport);
	tcase_add_test(tc, test_gate);
	tcase_add_test(tc, test_not_csv);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	tu_tz_stockholm();
	return run_all(import_suite());
}
