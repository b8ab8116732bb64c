/*
 * settings.c - the table of known settings, checking a value against it,
 * and reading, storing and resetting values in the table `setting` of an
 * open store (see include/sspf/settings.h).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include <sspf/settings.h>

#include "store/errors_internal.h"
#include "store/store_internal.h"

#define DEF_TEXT(k, d)                                                        \
	{                                                                     \
		.key = (k), .type = SSPF_SETTING_TEXT, .def = "", .unit = "", \
		.description = (d)                                            \
	}
#define DEF_INT(k, lo, hi, dflt, u, d)                                     \
	{                                                                  \
		.key = (k), .type = SSPF_SETTING_INT, .min = (lo),         \
		.max = (hi), .def = #dflt, .unit = (u), .description = (d) \
	}

/* Every setting, in the order "sspf config" lists them. */
static const sspf_setting_def settings[] = {
	DEF_TEXT("municipality", "The municipality the SSPF work is done in"),
	DEF_TEXT("district", "The district (area) this coordinator works in"),
	DEF_TEXT("coordinator.name", "The coordinator's full name"),
	DEF_TEXT("coordinator.phone", "The coordinator's work phone number"),
	DEF_TEXT("coordinator.email",
		 "The coordinator's work e-mail address (name@example.se)"),
	DEF_INT("consent.youth_age", 12, 18, 15, "years",
		"From this age the young person signs the consent too"),
	DEF_INT("consent.validity_months", 1, 36, 12, "months",
		"How long a signed consent is valid"),
	DEF_INT("retention.case_months", 1, 120, 12, "months",
		"Case data is deleted this long after the case closed or its "
		"consent ended"),
	DEF_INT("retention.log_years", 5, 20, 5, "years",
		"How long the entries of the audit log are kept"),
	DEF_INT("lock.idle_minutes", 1, 60, 5, "minutes",
		"The database is locked after this long without use"),
	DEF_INT("stats.threshold", 3, 20, 5, "",
		"Statistics hide counts of fewer persons than this (k)"),
};

#define NSETTINGS (sizeof settings / sizeof settings[0])

size_t sspf_setting_count(void)
{
	return NSETTINGS;
}

const sspf_setting_def *sspf_setting_at(size_t i)
{
	return i < NSETTINGS ? &settings[i] : NULL;
}

const sspf_setting_def *sspf_setting_find(const char *key)
{
	if (key == NULL)
		return NULL;
	for (size_t i = 0; i < NSETTINGS; i++) {
		if (strcmp(settings[i].key, key) == 0)
			return &settings[i];
	}
	return NULL;
}

/* ---- checking values ---- */

/*
 * Decode the UTF-8 character at s (n bytes left, n > 0) into *cp. Returns
 * its length (1 to 4), or 0 if the bytes are not valid UTF-8 (overlong
 * forms, surrogates and code points above U+10FFFF are not).
 */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len;
	uint32_t c = s[0], min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Unicode's control characters (category Cc): C0, DEL and C1. */
static int is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

/*
 * Whether s is valid UTF-8 without control characters. If not, *bad is
 * the offset of the first byte that is wrong and *control tells whether
 * it is a control character (else invalid UTF-8).
 */
static int text_ok(const char *s, size_t *bad, int *control)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = utf8_next(p + i, n - i, &cp);

		if (len == 0 || is_control(cp)) {
			*bad = i;
			*control = len != 0;
			return 0;
		}
		i += len;
	}
	return 1;
}

/*
 * A value to quote in a message: at most 40 bytes, cut after a whole
 * character, control characters and invalid bytes shown as '?'.
 */
static const char *shown(const char *s, char *buf, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, o = 0;
	const size_t limit = 40;

	while (i < n && o + 4 + 4 < size) {
		uint32_t cp;
		size_t len = utf8_next(p + i, n - i, &cp);

		if (o >= limit) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		if (len == 0 || is_control(cp)) {
			buf[o++] = '?';
			i += len == 0 ? 1 : len;
			continue;
		}
		memcpy(buf + o, p + i, len);
		o += len;
		i += len;
	}
	buf[o] = '\0';
	return buf;
}

static sspf_err unknown_key(const char *key)
{
	char b[64];

	return err_set(SSPF_ERR_INVALID,
		       "there is no setting '%s'; 'sspf config' lists the "
		       "settings there are",
		       shown(key != NULL ? key : "", b, sizeof b));
}

/*
 * Parse a whole number: an optional '-' and digits, nothing else. Returns
 * 0 if s is not one, 1 if *out holds it, 2 if it is too large for a long
 * (outside every range).
 */
static int parse_whole(const char *s, long *out)
{
	const char *p = s;
	char *end;
	long v;

	if (*p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p != '\0')
		return 0;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno == ERANGE)
		return 2;
	*out = v;
	return 1;
}

/* The value of integer setting d in v, or SSPF_ERR_INVALID with detail. */
static sspf_err check_int(const sspf_setting_def *d, const char *value, long *v)
{
	char b[64];

	if (parse_whole(value, v) != 1 || *v < d->min || *v > d->max)
		return err_set(SSPF_ERR_INVALID,
			       "%s must be a whole number from %ld to %ld; "
			       "'%s' is not",
			       d->key, d->min, d->max,
			       shown(value, b, sizeof b));
	return SSPF_OK;
}

/* "one '@' with text on both sides", and no spaces. */
static int email_ok(const char *s)
{
	const char *at = strchr(s, '@');

	if (at == NULL || at == s || at[1] == '\0' || strchr(at + 1, '@'))
		return 0;
	return strchr(s, ' ') == NULL;
}

static sspf_err check_text(const sspf_setting_def *d, const char *value)
{
	size_t len = strlen(value), bad;
	int control;
	char b[64];

	if (len > SSPF_SETTING_TEXT_MAX)
		return err_set(SSPF_ERR_INVALID,
			       "%s may be at most %u bytes long (letters like "
			       "å, ä and ö take two); the value given has "
			       "%zu",
			       d->key, SSPF_SETTING_TEXT_MAX, len);
	if (!text_ok(value, &bad, &control)) {
		if (control)
			return err_set(SSPF_ERR_INVALID,
				       "%s must not contain control characters "
				       "such as tabs or line breaks; the value "
				       "given has one at byte %zu",
				       d->key, bad + 1);
		return err_set(SSPF_ERR_INVALID,
			       "%s must be text in UTF-8; the value given is "
			       "not valid UTF-8 at byte %zu (check the "
			       "character set of the terminal)",
			       d->key, bad + 1);
	}
	if (strcmp(d->key, "coordinator.email") == 0 && *value != '\0' &&
	    !email_ok(value))
		return err_set(SSPF_ERR_INVALID,
			       "%s must be an e-mail address such as "
			       "name@example.se (one '@' with text on both "
			       "sides, no spaces) or empty; '%s' is not",
			       d->key, shown(value, b, sizeof b));
	return SSPF_OK;
}

/* Check value for the setting key; *dp gets the setting. */
static sspf_err check(const char *key, const char *value,
		      const sspf_setting_def **dp, long *v)
{
	const sspf_setting_def *d = sspf_setting_find(key);

	*dp = d;
	if (d == NULL)
		return unknown_key(key);
	if (value == NULL)
		return err_set(SSPF_ERR_INVALID, "no value given for %s",
			       d->key);
	if (d->type == SSPF_SETTING_INT)
		return check_int(d, value, v);
	return check_text(d, value);
}

sspf_err sspf_setting_check(const char *key, const char *value)
{
	const sspf_setting_def *d;
	long v;

	return check(key, value, &d, &v);
}

/* ---- the table `setting` ---- */

/* Prepare sql and bind key (and value if not NULL). */
static sspf_err prepare(sspf_store *st, const char *sql, const char *key,
			const char *value, sqlite3_stmt **q)
{
	sqlite3 *db = sspf_store_db(st);
	int rc;

	*q = NULL;
	rc = sqlite3_prepare_v2(db, sql, -1, q, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(*q, 1, key, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK && value != NULL)
		rc = sqlite3_bind_text(*q, 2, value, -1, SQLITE_STATIC);
	if (rc != SQLITE_OK) {
		sspf_err e = sspf_store_sqlerr(st, rc, "preparing a setting");

		sqlite3_finalize(*q);
		*q = NULL;
		return e;
	}
	return SSPF_OK;
}

/* Run a statement that returns no rows, then finalize it. */
static sspf_err run(sspf_store *st, sqlite3_stmt *q, const char *what)
{
	int rc = sqlite3_step(q);
	sspf_err e = SSPF_OK;

	if (rc != SQLITE_DONE)
		e = sspf_store_sqlerr(st, rc, what);
	sqlite3_finalize(q);
	return e;
}

sspf_err sspf_setting_lookup(sspf_store *st, const char *key, char **value,
			     bool *is_set)
{
	const sspf_setting_def *d = sspf_setting_find(key);
	const char *text;
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	*value = NULL;
	if (is_set != NULL)
		*is_set = false;
	if (d == NULL)
		return unknown_key(key);
	e = prepare(st, "SELECT value FROM setting WHERE key = ?1", d->key,
		    NULL, &q);
	if (e != SSPF_OK)
		return e;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		text = (const char *)sqlite3_column_text(q, 0);
		if (text == NULL) {
			e = sqlite3_errcode(sspf_store_db(st)) == SQLITE_NOMEM
				    ? err_set(SSPF_ERR_NOMEM,
					      "reading setting %s", d->key)
				    : err_set(SSPF_ERR_DAMAGED,
					      "setting %s has no value",
					      d->key);
		} else if ((*value = strdup(text)) == NULL) {
			e = err_set(SSPF_ERR_NOMEM, "reading setting %s",
				    d->key);
		} else if (is_set != NULL) {
			*is_set = true;
		}
	} else if (rc == SQLITE_DONE) {
		if ((*value = strdup(d->def)) == NULL)
			e = err_set(SSPF_ERR_NOMEM, "reading setting %s",
				    d->key);
	} else {
		e = sspf_store_sqlerr(st, rc, "reading a setting");
	}
	sqlite3_finalize(q);
	return e;
}

sspf_err sspf_setting_get(sspf_store *st, const char *key, char **value)
{
	return sspf_setting_lookup(st, key, value, NULL);
}

sspf_err sspf_setting_get_int(sspf_store *st, const char *key, long *out)
{
	const sspf_setting_def *d = sspf_setting_find(key);
	char *value, b[64];
	sspf_err e;
	long v;

	if (d == NULL)
		return unknown_key(key);
	if (d->type != SSPF_SETTING_INT)
		return err_set(SSPF_ERR_INVALID,
			       "setting %s is text, not a number", d->key);
	if ((e = sspf_setting_get(st, key, &value)) != SSPF_OK)
		return e;
	if (parse_whole(value, &v) != 1 || v < d->min || v > d->max) {
		e = err_set(SSPF_ERR_INVALID,
			    "the stored value of %s, '%s', is not a whole "
			    "number from %ld to %ld; set it again with 'sspf "
			    "config %s VALUE' or 'sspf config --reset %s'",
			    d->key, shown(value, b, sizeof b), d->min, d->max,
			    d->key, d->key);
		free(value);
		return e;
	}
	free(value);
	*out = v;
	return SSPF_OK;
}

sspf_err sspf_setting_set(sspf_store *st, const char *key, const char *value)
{
	const sspf_setting_def *d;
	sqlite3_stmt *q;
	char num[32];
	sspf_err e;
	long v;

	if ((e = check(key, value, &d, &v)) != SSPF_OK)
		return e;
	if (d->type == SSPF_SETTING_INT) {
		snprintf(num, sizeof num, "%ld", v);
		value = num;
	}
	e = prepare(st,
		    "INSERT INTO setting (key, value) VALUES (?1, ?2) "
		    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
		    d->key, value, &q);
	if (e != SSPF_OK)
		return e;
	return run(st, q, "saving a setting");
}

sspf_err sspf_setting_reset(sspf_store *st, const char *key)
{
	const sspf_setting_def *d = sspf_setting_find(key);
	sqlite3_stmt *q;
	sspf_err e;

	if (d == NULL)
		return unknown_key(key);
	e = prepare(st, "DELETE FROM setting WHERE key = ?1", d->key, NULL, &q);
	if (e != SSPF_OK)
		return e;
	return run(st, q, "resetting a setting");
}
