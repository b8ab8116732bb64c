/*
 * test_settings.c - the settings of a database (src/core/settings.c): the
 * table of keys, ranges and defaults as the specification gives them,
 * defaults when nothing is set, set/get and reset, values kept across
 * close and open, and every kind of value that must be refused (out of
 * range, not a number, control characters, invalid UTF-8, too long, a bad
 * e-mail address, an unknown key) without changing what is stored.
 */
#include "testutil.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sspf/settings.h>

static char *dir, *db;

static void setup(void)
{
	dir = tu_tmpdir();
	db = tu_join(dir, "sspf.db");
}

static void teardown(void)
{
	tu_rmrf(dir);
	free(dir);
	free(db);
}

/* The settings as the specification lists them, written out here. */
static const struct {
	const char *key;
	int is_int;
	long min, max;
	const char *def;
} spec[] = {
	{ "municipality", 0, 0, 0, "" },
	{ "district", 0, 0, 0, "" },
	{ "coordinator.name", 0, 0, 0, "" },
	{ "coordinator.phone", 0, 0, 0, "" },
	{ "coordinator.email", 0, 0, 0, "" },
	{ "consent.youth_age", 1, 12, 18, "15" },
	{ "consent.validity_months", 1, 1, 36, "12" },
	{ "retention.case_months", 1, 1, 120, "12" },
	{ "retention.log_years", 1, 5, 20, "5" },
	{ "lock.idle_minutes", 1, 1, 60, "5" },
	{ "stats.threshold", 1, 3, 20, "5" },
};
#define NSPEC (sizeof spec / sizeof spec[0])

/* The value of key, asserting success; the caller frees it. */
static char *get(sspf_store *st, const char *key, bool *is_set)
{
	char *v = NULL;
	sspf_err e = sspf_setting_lookup(st, key, &v, is_set);

	ck_assert_msg(e == SSPF_OK, "get %s: %s (%s)", key, sspf_strerror(e),
		      sspf_err_detail());
	ck_assert_ptr_nonnull(v);
	return v;
}

static void assert_value(sspf_store *st, const char *key, const char *want)
{
	char *v = get(st, key, NULL);

	ck_assert_msg(strcmp(v, want) == 0, "%s is '%s', expected '%s'", key, v,
		      want);
	free(v);
}

static void set_ok(sspf_store *st, const char *key, const char *value)
{
	sspf_err e = sspf_setting_set(st, key, value);

	ck_assert_msg(e == SSPF_OK, "set %s to '%s': %s (%s)", key, value,
		      sspf_strerror(e), sspf_err_detail());
}

/*
 * Setting key to value is refused with SSPF_ERR_INVALID, a detail that
 * contains every string of want (NULL-terminated), and nothing changes.
 */
static void refused(sspf_store *st, const char *key, const char *value,
		    const char *const *want)
{
	char *before = NULL, *after = NULL;
	bool set_before = false, set_after = false;
	sspf_err e;

	if (sspf_setting_find(key) != NULL)
		before = get(st, key, &set_before);
	e = sspf_setting_set(st, key, value);
	ck_assert_msg(e == SSPF_ERR_INVALID,
		      "set %s to '%s' gave %d (%s), expected INVALID", key,
		      value, (int)e, sspf_err_detail());
	for (const char *const *w = want; *w != NULL; w++)
		ck_assert_msg(strstr(sspf_err_detail(), *w) != NULL,
			      "detail of %s = '%s' is '%s'; lacks '%s'", key,
			      value, sspf_err_detail(), *w);
	/* the check without a store says the same */
	ck_assert_int_eq(sspf_setting_check(key, value), SSPF_ERR_INVALID);
	if (before != NULL) {
		after = get(st, key, &set_after);
		ck_assert_str_eq(after, before);
		ck_assert(set_after == set_before);
	}
	free(before);
	free(after);
}

/* ---- the table ---- */

START_TEST(test_table)
{
	ck_assert_uint_eq(sspf_setting_count(), NSPEC);
	ck_assert_ptr_null(sspf_setting_at(NSPEC));
	ck_assert_ptr_null(sspf_setting_find("no.such.key"));
	ck_assert_ptr_null(sspf_setting_find(""));
	ck_assert_ptr_null(sspf_setting_find(NULL));
	ck_assert_ptr_null(sspf_setting_find("Consent.Youth_Age"));
	for (size_t i = 0; i < NSPEC; i++) {
		const sspf_setting_def *d = sspf_setting_find(spec[i].key);

		ck_assert_msg(d != NULL, "no setting %s", spec[i].key);
		ck_assert_ptr_eq(sspf_setting_at(i), d);
		ck_assert_str_eq(d->key, spec[i].key);
		ck_assert_str_eq(d->def, spec[i].def);
		ck_assert_int_eq(d->type, spec[i].is_int ? SSPF_SETTING_INT
							 : SSPF_SETTING_TEXT);
		if (spec[i].is_int) {
			ck_assert_int_eq(d->min, spec[i].min);
			ck_assert_int_eq(d->max, spec[i].max);
		}
		ck_assert_ptr_nonnull(d->unit);
		ck_assert_ptr_nonnull(d->description);
		/* one line that fits 80 columns when sspf config indents it */
		ck_assert_msg(strlen(d->description) > 10 &&
				      strlen(d->description) <= 75 &&
				      strchr(d->description, '\n') == NULL,
			      "%s: description is not one short line", d->key);
	}
}
END_TEST

/* ---- defaults, set, get ---- */

START_TEST(test_defaults)
{
	sspf_store *st = tu_create(db, NULL);

	for (size_t i = 0; i < NSPEC; i++) {
		bool is_set = true;
		char *v = get(st, spec[i].key, &is_set);

		ck_assert_str_eq(v, spec[i].def);
		ck_assert(!is_set);
		free(v);
		if (spec[i].is_int) {
			long n = -1;

			ck_assert_int_eq(
				sspf_setting_get_int(st, spec[i].key, &n),
				SSPF_OK);
			ck_assert_int_eq(n, strtol(spec[i].def, NULL, 10));
		}
	}
	ck_assert_int_eq(tu_int(st, "SELECT count(*) FROM setting"), 0);
	sspf_store_close(st);
}
END_TEST

START_TEST(test_roundtrip)
{
	sspf_store *st = tu_create(db, NULL);
	bool is_set = false;
	long n = 0;
	char *v;

	set_ok(st, "consent.youth_age", "16");
	v = get(st, "consent.youth_age", &is_set);
	ck_assert_str_eq(v, "16");
	ck_assert(is_set);
	free(v);
	ck_assert_int_eq(sspf_setting_get_int(st, "consent.youth_age", &n),
			 SSPF_OK);
	ck_assert_int_eq(n, 16);

	/* sspf_setting_get is lookup without is_set */
	v = NULL;
	ck_assert_int_eq(sspf_setting_get(st, "consent.youth_age", &v),
			 SSPF_OK);
	ck_assert_str_eq(v, "16");
	free(v);

	/* a second set replaces the first; one row per key */
	set_ok(st, "consent.youth_age", "17");
	assert_value(st, "consent.youth_age", "17");
	ck_assert_int_eq(tu_int(st, "SELECT count(*) FROM setting"), 1);

	/* leading zeros are stored in the plain form */
	set_ok(st, "retention.case_months", "024");
	assert_value(st, "retention.case_months", "24");

	/* the bounds themselves are allowed, for every integer setting */
	for (size_t i = 0; i < NSPEC; i++) {
		char buf[32];

		if (!spec[i].is_int)
			continue;
		snprintf(buf, sizeof buf, "%ld", spec[i].min);
		set_ok(st, spec[i].key, buf);
		assert_value(st, spec[i].key, buf);
		snprintf(buf, sizeof buf, "%ld", spec[i].max);
		set_ok(st, spec[i].key, buf);
		ck_assert_int_eq(sspf_setting_get_int(st, spec[i].key, &n),
				 SSPF_OK);
		ck_assert_int_eq(n, spec[i].max);
	}

	/* text, with Swedish letters; empty text is a value too */
	set_ok(st, "municipality", "Malmö stad");
	assert_value(st, "municipality", "Malmö stad");
	set_ok(st, "district", "Rosengård – Södra Innerstaden");
	assert_value(st, "district", "Rosengård – Södra Innerstaden");
	set_ok(st, "coordinator.phone", "040-34 10 00");
	assert_value(st, "coordinator.phone", "040-34 10 00");
	set_ok(st, "coordinator.name", "");
	v = get(st, "coordinator.name", &is_set);
	ck_assert_str_eq(v, "");
	ck_assert(is_set);
	free(v);
	sspf_store_close(st);
}
END_TEST

START_TEST(test_persisted)
{
	sspf_store *st = tu_create(db, NULL);

	set_ok(st, "consent.youth_age", "13");
	set_ok(st, "coordinator.name", "Åsa Öberg");
	set_ok(st, "coordinator.email", "asa.oberg@example.se");
	set_ok(st, "stats.threshold", "7");
	sspf_store_close(st);

	st = tu_open_ok(db, 0);
	assert_value(st, "consent.youth_age", "13");
	assert_value(st, "coordinator.name", "Åsa Öberg");
	assert_value(st, "coordinator.email", "asa.oberg@example.se");
	assert_value(st, "stats.threshold", "7");
	/* the others are still at their defaults */
	assert_value(st, "lock.idle_minutes", "5");
	assert_value(st, "municipality", "");
	ck_assert_int_eq(sspf_setting_reset(st, "stats.threshold"), SSPF_OK);
	sspf_store_close(st);

	st = tu_open_ok(db, 0);
	assert_value(st, "stats.threshold", "5");
	assert_value(st, "consent.youth_age", "13");
	sspf_store_close(st);
}
END_TEST

/* ---- refusals ---- */

START_TEST(test_int_refused)
{
	sspf_store *st = tu_create(db, NULL);
	static const char *const junk[] = {
		"15a",
		"",
		" 15",
		"15 ",
		"abc",
		"1.5",
		"1e1",
		"0x0f",
		"١٥", /* Arabic-Indic digits */
		"99999999999999999999999",
		"-99999999999999999999999",
	};

	/* the exact words the specification gives */
	ck_assert_int_eq(sspf_setting_set(st, "consent.youth_age", "11"),
			 SSPF_ERR_INVALID);
	ck_assert_str_eq(sspf_err_detail(), "consent.youth_age must be a "
					    "whole number from 12 to 18; "
					    "'11' is not");

	for (size_t i = 0; i < NSPEC; i++) {
		char range[64], below[32], above[32];
		const char *want[] = { spec[i].key, range, NULL };

		if (!spec[i].is_int)
			continue;
		snprintf(range, sizeof range, "from %ld to %ld", spec[i].min,
			 spec[i].max);
		snprintf(below, sizeof below, "%ld", spec[i].min - 1);
		snprintf(above, sizeof above, "%ld", spec[i].max + 1);

		/* first unset, then with a value set: it stays either way */
		for (int round = 0; round < 2; round++) {
			refused(st, spec[i].key, below, want);
			refused(st, spec[i].key, above, want);
			for (size_t j = 0; j < sizeof junk / sizeof *junk; j++)
				refused(st, spec[i].key, junk[j], want);
			set_ok(st, spec[i].key, spec[i].def);
		}
	}
	sspf_store_close(st);
}
END_TEST

START_TEST(test_text_refused)
{
	sspf_store *st = tu_create(db, NULL);
	static const char *const control[] = {
		"Anna\tBerg",	"Anna\nBerg",
		"Anna\rBerg",	"\x1b[31mred",
		"Anna\x7f",	"Anna\x01",
		"Anna\xc2\x85", /* U+0085, NEL */ "Anna\xc2\x9b",
	};
	static const char *const bad_utf8[] = {
		"Malm\xf6", /* Latin-1 ö */
		"\xff",
		"Anna\xc3",	    /* cut short */
		"\xc0\xaf",	    /* overlong '/' */
		"\xe0\x80\xaf",	    /* overlong '/' */
		"\xed\xa0\x80",	    /* a surrogate */
		"\xf4\x90\x80\x80", /* above U+10FFFF */
		"\x80",		    /* a lone continuation byte */
	};
	const char *want_control[] = { "control characters", NULL };
	const char *want_utf8[] = { "UTF-8", NULL };
	const char *want_long[] = { "at most 200 bytes", NULL };
	char s200[201], s201[202], oe100[201], oe101[203];

	memset(s200, 'a', 200);
	s200[200] = '\0';
	memset(s201, 'a', 201);
	s201[201] = '\0';
	for (int i = 0; i < 100; i++)
		memcpy(oe100 + 2 * i, "ö", 2);
	oe100[200] = '\0';
	memcpy(oe101, oe100, 200);
	memcpy(oe101 + 200, "ö", 3);

	for (size_t i = 0; i < NSPEC; i++) {
		const char *key = spec[i].key;
		const char *want[] = { key, NULL };

		if (spec[i].is_int)
			continue;
		for (int round = 0; round < 2; round++) {
			for (size_t j = 0; j < sizeof control / sizeof *control;
			     j++) {
				refused(st, key, control[j], want);
				refused(st, key, control[j], want_control);
			}
			for (size_t j = 0;
			     j < sizeof bad_utf8 / sizeof *bad_utf8; j++) {
				refused(st, key, bad_utf8[j], want);
				refused(st, key, bad_utf8[j], want_utf8);
			}
			refused(st, key, s201, want_long);
			refused(st, key, oe101, want_long);
			if (strcmp(key, "coordinator.email") != 0) {
				/* 200 bytes are allowed, in any letters */
				set_ok(st, key, s200);
				assert_value(st, key, s200);
				set_ok(st, key, oe100);
				assert_value(st, key, oe100);
			}
		}
	}
	sspf_store_close(st);
}
END_TEST

START_TEST(test_email)
{
	sspf_store *st = tu_create(db, NULL);
	static const char *const bad[] = {
		"anna",
		"@example.se",
		"anna@",
		"@",
		"anna@@example.se",
		"a@b@example.se",
		"anna berg@example.se",
	};
	const char *want[] = { "coordinator.email", "@", NULL };

	set_ok(st, "coordinator.email", "anna.berg@example.se");
	assert_value(st, "coordinator.email", "anna.berg@example.se");
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		refused(st, "coordinator.email", bad[i], want);
	set_ok(st, "coordinator.email", "åsa@kommun.example");
	set_ok(st, "coordinator.email", "a@b");
	set_ok(st, "coordinator.email", "");
	assert_value(st, "coordinator.email", "");
	/* only the e-mail setting is checked this way */
	set_ok(st, "coordinator.name", "anna");
	set_ok(st, "coordinator.phone", "@");
	sspf_store_close(st);
}
END_TEST

START_TEST(test_unknown_key)
{
	sspf_store *st = tu_create(db, NULL);
	const char *want[] = { "no.such.key", "sspf config", NULL };
	char *v = (char *)"x";
	long n = 7;

	refused(st, "no.such.key", "1", want);
	ck_assert_int_eq(sspf_setting_lookup(st, "no.such.key", &v, NULL),
			 SSPF_ERR_INVALID);
	ck_assert_ptr_null(v);
	ck_assert_ptr_nonnull(strstr(sspf_err_detail(), "sspf config"));
	ck_assert_int_eq(sspf_setting_get_int(st, "no.such.key", &n),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(n, 7);
	ck_assert_int_eq(sspf_setting_reset(st, "no.such.key"),
			 SSPF_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(sspf_err_detail(), "no.such.key"));
	/* keys are exact: no other case, no spaces */
	ck_assert_int_eq(sspf_setting_set(st, "Consent.youth_age", "15"),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(sspf_setting_set(st, "consent.youth_age ", "15"),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(sspf_setting_set(st, NULL, "15"), SSPF_ERR_INVALID);
	ck_assert_int_eq(sspf_setting_set(st, "consent.youth_age", NULL),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(tu_int(st, "SELECT count(*) FROM setting"), 0);
	sspf_store_close(st);
}
END_TEST

START_TEST(test_reset)
{
	sspf_store *st = tu_create(db, NULL);
	bool is_set = true;
	long n = 0;
	char *v;

	set_ok(st, "consent.validity_months", "24");
	set_ok(st, "municipality", "Lund");
	ck_assert_int_eq(sspf_setting_reset(st, "consent.validity_months"),
			 SSPF_OK);
	v = get(st, "consent.validity_months", &is_set);
	ck_assert_str_eq(v, "12");
	ck_assert(!is_set);
	free(v);
	ck_assert_int_eq(
		sspf_setting_get_int(st, "consent.validity_months", &n),
		SSPF_OK);
	ck_assert_int_eq(n, 12);
	/* the other one is untouched; a second reset is harmless */
	assert_value(st, "municipality", "Lund");
	ck_assert_int_eq(sspf_setting_reset(st, "consent.validity_months"),
			 SSPF_OK);
	ck_assert_int_eq(sspf_setting_reset(st, "municipality"), SSPF_OK);
	assert_value(st, "municipality", "");
	ck_assert_int_eq(tu_int(st, "SELECT count(*) FROM setting"), 0);
	sspf_store_close(st);
}
END_TEST

START_TEST(test_get_int_misuse)
{
	sspf_store *st = tu_create(db, NULL);
	long n = 7;
	char *v;

	/* a text setting is not a number */
	ck_assert_int_eq(sspf_setting_get_int(st, "municipality", &n),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(n, 7);

	/* a stored value out of range (not written by sspf) is reported */
	tu_exec(st, "INSERT INTO setting VALUES ('lock.idle_minutes', '0')");
	ck_assert_int_eq(sspf_setting_get_int(st, "lock.idle_minutes", &n),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(n, 7);
	ck_assert_ptr_nonnull(strstr(sspf_err_detail(), "lock.idle_minutes"));
	ck_assert_ptr_nonnull(strstr(sspf_err_detail(), "--reset"));
	/* ... but can be read as text, and set right again */
	v = get(st, "lock.idle_minutes", NULL);
	ck_assert_str_eq(v, "0");
	free(v);
	set_ok(st, "lock.idle_minutes", "10");
	ck_assert_int_eq(sspf_setting_get_int(st, "lock.idle_minutes", &n),
			 SSPF_OK);
	ck_assert_int_eq(n, 10);

	/* rows of keys this version does not know are ignored */
	tu_exec(st, "INSERT INTO setting VALUES ('future.key', 'x')");
	assert_value(st, "consent.youth_age", "15");
	sspf_store_close(st);
}
END_TEST

static Suite *settings_suite(void)
{
	Suite *s = suite_create("settings");
	const struct tu_test tests[] = {
		{ "table", test_table },
		{ "defaults", test_defaults },
		{ "roundtrip", test_roundtrip },
		{ "persisted", test_persisted },
		{ "int_refused", test_int_refused },
		{ "text_refused", test_text_refused },
		{ "email", test_email },
		{ "unknown_key", test_unknown_key },
		{ "reset", test_reset },
		{ "get_int_misuse", test_get_int_misuse },
	};
	tu_add_tests(s, tests, sizeof tests / sizeof *tests, setup, teardown);
	return s;
}

int main(void)
{
	return run_all(settings_suite());
}
