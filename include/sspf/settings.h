/*
 * settings.h - the settings of a database (municipality, coordinator,
 * consent and retention rules, ...): one fixed table of known keys, each
 * with its type, allowed range and default, kept as text in the table
 * `setting` of the encrypted database so that they travel with the data.
 *
 * A key that has no row has its default. Every value is checked before it
 * is stored: a setting can never hold a value outside its range.
 */
#ifndef SSPF_SETTINGS_H
#define SSPF_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include <sspf/error.h>
#include <sspf/store.h>

/* Longest text value, in bytes (UTF-8). */
#define SSPF_SETTING_TEXT_MAX 200u

typedef enum sspf_setting_type {
	SSPF_SETTING_TEXT = 0, /* UTF-8, no control characters */
	SSPF_SETTING_INT = 1,  /* a whole number from min to max */
} sspf_setting_type;

/* One known setting. */
typedef struct sspf_setting_def {
	const char *key;	 /* "consent.youth_age" */
	sspf_setting_type type;	 /* text or integer */
	long min, max;		 /* allowed range of an integer; 0 for text */
	const char *def;	 /* the default, as text ("15", "") */
	const char *unit;	 /* "years", "months", "minutes" or "" */
	const char *description; /* one line of English, no final period */
} sspf_setting_def;

/* How many settings there are. */
size_t sspf_setting_count(void);

/*
 * The i-th setting (0 <= i < sspf_setting_count()), in the order
 * "sspf config" lists them; NULL if i is out of range. Static.
 */
const sspf_setting_def *sspf_setting_at(size_t i);

/* The setting named key, or NULL if there is none. Static. */
const sspf_setting_def *sspf_setting_find(const char *key);

/*
 * Whether value is allowed for key, without a database. SSPF_ERR_INVALID
 * with a detail that names the key and what is allowed, e.g.
 * "consent.youth_age must be a whole number from 12 to 18; '11' is not".
 */
sspf_err sspf_setting_check(const char *key, const char *value);

/*
 * The value of key: the stored one, or the default if it is not set.
 * *value is malloc'ed; the caller frees it. *is_set (may be NULL) tells
 * whether a value is stored (false: *value is the default). An unknown key
 * gives SSPF_ERR_INVALID.
 */
sspf_err sspf_setting_lookup(sspf_store *st, const char *key, char **value,
			     bool *is_set);

/* sspf_setting_lookup() without is_set. */
sspf_err sspf_setting_get(sspf_store *st, const char *key, char **value);

/*
 * The value of an integer setting. SSPF_ERR_INVALID if key is unknown or
 * not an integer setting, or if the stored value is not within the range
 * (the detail says how to set it again).
 */
sspf_err sspf_setting_get_int(sspf_store *st, const char *key, long *out);

/*
 * Check value (sspf_setting_check) and store it. An integer is stored in
 * its plain form ("016" is stored as "16"). Nothing is changed on error.
 */
sspf_err sspf_setting_set(sspf_store *st, const char *key, const char *value);

/* Back to the default: remove the stored value, if any. */
sspf_err sspf_setting_reset(sspf_store *st, const char *key);

#endif
