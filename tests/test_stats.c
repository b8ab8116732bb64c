/*
 * test_stats.c - the statistics export with suppression
 * (include/sspf/stats.h, src/core/stats*.c, sspf(1) STATISTICS) on a real
 * encrypted store with a clock the tests move. The data is made through
 * the public API from a list of profiles (stats_data.c); the expected
 * count of every cell is worked out from the same profiles by the rules
 * the man page states, not by the library's code (stats_model.c), and
 * compared with sspf_stats_make (stats_check.c): every table, margins,
 * the median and the share. Then: the same data gives the same bytes
 * twice; no identifier of the fixture reaches the CSV or JSON; the CSV
 * read back with the project's own reader (src/core/csv.h); the JSON's
 * layout; periods parsed; one "export" audit entry per export. With the
 * cell key method, cells get their keys from their cases.
 *
 * Small cells, thresholds and periods not yet over: test_stats_small.c.
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sspf/cases.h>
#include <sspf/stats.h>

#include "core/csv.h"
#include "stats_check.h"
#include "stats_data.h"
#include "stats_model.h"

/* ---- the tables' numbers ---- */

START_TEST(test_every_count_known)
{
	struct expect x;
	sspf_stats *s;

	sd_make_data(&sd_q3, sd_big);
	sd_today(NOW);
	sd_model(&sd_q3, sd_big, Q3, NOW, &x);
	s = sd_make("2026Q3", 3);
	sd_check_export(s, &x, 3);
	ck_assert_uint_eq(sd_n_hidden(s), 0);
	ck_assert_uint_eq(s->n_primary + s->n_secondary, 0);
	/* a few cells worked out by hand, so that the model is checked too */
	ck_assert(sd_cell(s, "cases_active", "total", "total")->value == 34);
	ck_assert(sd_cell(s, "cases_new", "total", "total")->value == 19);
	ck_assert(sd_cell(s, "cases_new", "0-12", "flicka")->value == 3);
	ck_assert(sd_cell(s, "cases_active", "13-15", "flicka")->value == 6);
	ck_assert(sd_cell(s, "consent_outcomes", "utgånget", "total")->value ==
		  6);
	ck_assert(sd_cell(s, "actions", "skola", "klar")->value == 6);
	ck_assert(sd_cell(s, "meetings", "nätverksmöte", NULL)->value == 6);
	ck_assert(sd_cell(s, "meetings", "total", NULL)->value == 9);
	ck_assert(sd_cell(s, "days_to_network_meeting", NULL, NULL)->value ==
		  14);
	ck_assert(fabs(sd_cell(s, "actions_done_by_due", NULL, NULL)->value -
		       14.0 / 24) < 1e-9);
	ck_assert_str_eq(s->district, DISTRICT);
	sspf_stats_free(s);
}
END_TEST

/* ---- the files written: CSV and JSON ---- */

START_TEST(test_same_bytes_twice)
{
	sspf_stats *a, *b;
	size_t la, lb;

	sd_make_data(&sd_q3, sd_small);
	sd_today(NOW);
	a = sd_make("2026Q3", 5);
	b = sd_make("2026Q3", 5);
	ck_assert_uint_gt(sd_n_hidden(a), 0);
	for (int f = SSPF_STATS_CSV; f <= SSPF_STATS_JSON; f++) {
		char *x = sd_written(a, (sspf_stats_format)f, &la);
		char *y = sd_written(b, (sspf_stats_format)f, &lb);
		char *z = sd_written(a, (sspf_stats_format)f, &lb);

		ck_assert_uint_eq(la, lb);
		ck_assert(memcmp(x, y, la) == 0);
		ck_assert(memcmp(x, z, la) == 0);
		free(x);
		free(y);
		free(z);
	}
	sspf_stats_free(a);
	sspf_stats_free(b);
}
END_TEST

/* Whether text holds YYYY-MM-DD anywhere. */
static bool has_date(const char *t)
{
	for (; *t; t++) {
		static const char pat[] = "dddd-dd-dd";
		size_t i = 0;

		while (pat[i] && t[i] &&
		       (pat[i] == 'd' ? t[i] >= '0' && t[i] <= '9'
				      : t[i] == pat[i]))
			i++;
		if (pat[i] == '\0')
			return true;
	}
	return false;
}

START_TEST(test_no_identifier)
{
	static const char *const words[] = {
		"Statbarn", "Testsson", "Kopia",	  SCHOOL,
		CLASS,	    "Oro-text", "Vårdnadshavare", "Stöd i skolan",
		"Uppföljt", "Rum 3",	"Avslutat",
	};

	sd_make_data(&sd_q3, sd_small);
	sd_today(NOW);
	for (int k = 3; k <= 5; k += 2) {
		sspf_stats *s = sd_make("2026Q3", k);

		for (int f = SSPF_STATS_CSV; f <= SSPF_STATS_JSON; f++) {
			size_t len;
			char *t = sd_written(s, (sspf_stats_format)f, &len);

			ck_assert_uint_eq(strlen(t), len);
			for (int i = 0; i < sd_n_codes; i++)
				ck_assert_msg(strstr(t, sd_codes[i]) == NULL,
					      "code %s in the export",
					      sd_codes[i]);
			for (size_t i = 0; i < sizeof words / sizeof *words;
			     i++)
				ck_assert_msg(strstr(t, words[i]) == NULL,
					      "%s in the export", words[i]);
			ck_assert_msg(!has_date(t), "a date in the export");
			free(t);
		}
		sspf_stats_free(s);
	}
}
END_TEST

/* The text of a published value, as sspf(1) says it is written. */
static void value_text(const sspf_stats_cell *c, char *buf, size_t size)
{
	if (c->hidden)
		snprintf(buf, size, "..");
	else if (c->kind == SSPF_CELL_COUNT)
		snprintf(buf, size, "%lld", (long long)c->value);
	else
		snprintf(buf, size,
			 c->kind == SSPF_CELL_MEDIAN ? "%.1f" : "%.3f",
			 c->value);
}

START_TEST(test_csv_read_back)
{
	static const char *const head[] = { "period",	  "district",
					    "method",	  "k",
					    "table",	  "dimension_1",
					    "category_1", "dimension_2",
					    "category_2", "value" };
	sspf_stats *s;
	csv_table *t = NULL;
	size_t len;
	char *text;

	sd_make_data(&sd_q3, sd_small);
	sd_today(NOW);
	s = sd_make("2026Q3", 5);
	text = sd_written(s, SSPF_STATS_CSV, &len);
	/* CRLF after every line, the last one too */
	ck_assert(len > 2 && memcmp(text + len - 2, "\r\n", 2) == 0);
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n')
			ck_assert(i > 0 && text[i - 1] == '\r');
	ck_assert_ptr_nonnull(strstr(text, ",\"Norr, \"\"Gamla\"\" stan\","));
	tu_ok(csv_parse((const unsigned char *)text, len, &t), "csv_parse");
	ck_assert_int_eq(t->sep, ',');
	ck_assert_uint_eq(t->ncols, 10);
	ck_assert_uint_eq(t->nrows, s->n_cells + 1);
	for (size_t j = 0; j < 10; j++)
		ck_assert_str_eq(t->rows[0].fields[j], head[j]);
	for (size_t i = 0; i < s->n_cells; i++) {
		const sspf_stats_cell *c = &s->cells[i];
		char **f = t->rows[i + 1].fields, want[32];

		ck_assert_str_eq(f[0], "2026Q3");
		ck_assert_str_eq(f[1], DISTRICT);
		ck_assert_str_eq(f[2], "suppression");
		ck_assert_str_eq(f[3], "5");
		ck_assert_str_eq(f[4], c->table);
		ck_assert_str_eq(f[5], c->dim[0] ? c->dim[0] : "");
		ck_assert_str_eq(f[6], c->cat[0] ? c->cat[0] : "");
		ck_assert_str_eq(f[7], c->dim[1] ? c->dim[1] : "");
		ck_assert_str_eq(f[8], c->cat[1] ? c->cat[1] : "");
		value_text(c, want, sizeof want);
		ck_assert_str_eq(f[9], want);
	}
	ck_assert_uint_gt(sd_n_hidden(s), 0);
	csv_table_free(t);
	free(text);
	sspf_stats_free(s);
}
END_TEST

/* How often needle occurs in hay. */
static size_t occurs(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

START_TEST(test_json_structure)
{
	sspf_stats *s;
	size_t len, hidden;
	char *text;

	sd_make_data(&sd_q3, sd_small);
	sd_today(NOW);
	s = sd_make("2026Q3", 5);
	hidden = sd_n_hidden(s);
	ck_assert_uint_gt(hidden, 0);
	text = sd_written(s, SSPF_STATS_JSON, &len);
	ck_assert_ptr_nonnull(strstr(text, "\"schema\": \"sspf-stats/1\""));
	ck_assert_ptr_nonnull(strstr(text, "\"period\": \"2026Q3\""));
	ck_assert_ptr_nonnull(
		strstr(text, "\"district\": \"Norr, \\\"Gamla\\\" stan\""));
	ck_assert_ptr_nonnull(strstr(text, "\"method\": \"suppression\""));
	ck_assert_ptr_nonnull(strstr(text, "\"threshold\": 5"));
	ck_assert_ptr_nonnull(strstr(text, "\"additive\": true"));
	ck_assert_uint_eq(occurs(text, "{\"table\": "), s->n_cells);
	ck_assert_uint_eq(occurs(text, "\"value\": null"), hidden);
	ck_assert_uint_eq(occurs(text, "\"hidden\": true"), hidden);
	ck_assert_uint_eq(occurs(text, "\"hidden\": false"),
			  s->n_cells - hidden);
	ck_assert_ptr_nonnull(strstr(
		text, "{\"table\": \"cases_new\", \"dimensions\": "
		      "{\"age_band\": \"13-15\", \"gender\": \"flicka\"}, "
		      "\"kind\": \"count\", \"value\": "));
	ck_assert_ptr_nonnull(
		strstr(text, "{\"table\": \"days_to_network_meeting\", "
			     "\"dimensions\": {}, \"kind\": \"median_days\""));
	ck_assert_ptr_nonnull(
		strstr(text, "{\"table\": \"actions_done_by_due\", "
			     "\"dimensions\": {}, \"kind\": \"share\""));
	free(text);
	sspf_stats_free(s);
}
END_TEST

/* ---- periods and the audit log ---- */

START_TEST(test_periods)
{
	static const struct {
		const char *text;
		int first, last;
	} good[] = {
		{ "2026Q1", 20260101, 20260331 },
		{ "2026Q2", 20260401, 20260630 },
		{ "2026Q3", 20260701, 20260930 },
		{ "2026Q4", 20261001, 20261231 },
		{ "2026H1", 20260101, 20260630 },
		{ "2026H2", 20260701, 20261231 },
		{ "2026", 20260101, 20261231 },
		{ "2028Q1", 20280101, 20280331 },
		{ "2028H1", 20280101, 20280630 },
		{ "2028", 20280101, 20281231 },
	};
	static const char *const bad[] = {
		"2026Q5", "2026H3", "26Q1",  "2026-01", "",	   "2026Q1x",
		"2026Q0", "2026H0", "2026Y", "1999",	"2100",	   " 2026",
		"2026 ",  "Q32026", "2026Q", "202Q3",	"2026-Q3",
	};
	sspf_period p;
	char text[8];

	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		tu_ok(sspf_period_parse(good[i].text, &p), good[i].text);
		ck_assert_msg(p.first == sd_day(good[i].first) &&
				      p.last == sd_day(good[i].last),
			      "%s", good[i].text);
		sspf_period_text(&p, text);
		ck_assert_str_eq(text, good[i].text);
	}
	ck_assert_int_eq(sd_day(20280331) - sd_day(20280101),
			 90); /* 29 February */
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(sspf_period_parse(bad[i], &p) == SSPF_ERR_INVALID,
			      "'%s' taken as a period", bad[i]);
	ck_assert_int_eq(sspf_period_parse(NULL, &p), SSPF_ERR_INVALID);
}
END_TEST

START_TEST(test_audit_one_export)
{
	int64_t all, exports;
	sspf_period p;
	sspf_stats *s = NULL;

	sd_make_data(&sd_q3, sd_small);
	sd_today(NOW);
	all = tu_int(sd_st, "SELECT COUNT(*) FROM audit_log");
	exports = tu_audit_n(sd_st, "export", "");
	sspf_stats_free(sd_make("2026Q3", 5));
	ck_assert_int_eq(tu_audit_n(sd_st, "export", ""), exports + 1);
	ck_assert_int_eq(tu_int(sd_st, "SELECT COUNT(*) FROM audit_log"),
			 all + 1);
	sspf_stats_free(sd_make("2026H2", 3));
	ck_assert_int_eq(tu_audit_n(sd_st, "export", ""), exports + 2);
	ck_assert_int_eq(tu_int(sd_st, "SELECT COUNT(*) FROM audit_log"),
			 all + 2);
	ck_assert_int_eq(tu_int(sd_st, "SELECT COUNT(*) FROM audit_log WHERE "
				       "action = 'export' AND case_code != ''"),
			 0);
	/* refused before anything is read: nothing to log */
	tu_ok(sspf_period_parse("2026Q3", &p), "period");
	ck_assert_int_eq(
		sspf_stats_make(sd_core, &p, SSPF_STATS_SUPPRESS, 2, &s),
		SSPF_ERR_INVALID);
	ck_assert_int_eq(tu_audit_n(sd_st, "export", ""), exports + 2);
}
END_TEST

/* ---- the cell key method: each cell's key from its cases' keys ---- */

/*
 * sspf(1): "a cell's key is the sum of its records' keys (modulo 1)", so
 * cells of different cases get independent noise. 16 cells of 7 cases
 * each all published alike happens by chance with p < 1e-6 (the noise
 * of a 7 takes 5 values, the likeliest with p 6/16); it is what cells
 * whose keys are all 0 get.
 */
START_TEST(test_ckm_cells_keyed_by_cases)
{
	static const int births[4] = { 20150310, 20120120, 20090601, 20070214 };
	static const sspf_gender g4[4] = { SSPF_GENDER_GIRL, SSPF_GENDER_BOY,
					   SSPF_GENDER_OTHER,
					   SSPF_GENDER_UNSTATED };
	sspf_period p;
	sspf_stats *s = NULL;
	double first = -1;
	bool differ = false;

	sd_today(20260810);
	for (int a = 0; a < 4; a++) {
		for (int g = 0; g < 4; g++) {
			for (int i = 0; i < 7; i++) {
				sspf_case_new c = { 0 };
				char code[SSPF_CODE_SIZE];

				c.child_name = "Nyckel Testsson";
				c.birth = sd_day(births[a]);
				c.gender = g4[g];
				sd_ok(sspf_case_create(sd_core, &c, code),
				      "case", 0);
			}
		}
	}
	sd_today(NOW);
	tu_ok(sspf_period_parse("2026Q3", &p), "period");
	tu_ok(sspf_stats_make(sd_core, &p, SSPF_STATS_CKM, 5, &s), "make");
	for (int a = 0; a < 4; a++) {
		for (int g = 0; g < 4; g++) {
			double v = sd_cell(s, "cases_new", sd_ages[a],
					   sd_genders[g])
					   ->value;

			ck_assert(v >= 5 && v <= 9);
			differ = differ || (first >= 0 && v != first);
			first = v;
		}
	}
	ck_assert_msg(differ,
		      "16 cells of 7 cases all published as %g: "
		      "the cells' keys do not come from the cases",
		      first);
	sspf_stats_free(s);
}
END_TEST

static Suite *stats_suite(void)
{
	const struct tu_test tests[] = {
		{ "every_count_known", test_every_count_known, 0 },
		{ "same_bytes_twice", test_same_bytes_twice, 0 },
		{ "no_identifier", test_no_identifier, 0 },
		{ "csv_read_back", test_csv_read_back, 0 },
		{ "json_structure", test_json_structure, 0 },
		{ "periods", test_periods, 0 },
		{ "audit_one_export", test_audit_one_export, 0 },
		{ "ckm_cells_keyed_by_cases", test_ckm_cells_keyed_by_cases,
		  0 },
	};
	Suite *s = suite_create("stats");

	sd_tables_init();
	tu_add_tests(s, tests, sizeof tests / sizeof tests[0], sd_setup,
		     sd_teardown);
	return s;
}

int main(void)
{
	tu_tz_stockholm();
	return run_all(stats_suite());
}
