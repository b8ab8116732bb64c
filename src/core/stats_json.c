/*
 * stats_json.c - the JSON primitives of the export reader (stats_json.h):
 * white space, punctuation, strings with their escapes decoded to UTF-8,
 * numbers, literals and object keys, each failing with the file, line
 * and column of the first error. Numbers are read by hand, never by
 * strtod, whose decimal point follows the locale; only what stats_write.c
 * writes is taken (no sign, no exponent, no leading zero).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/stats_json.h"
#include "store/errors_internal.h"

/* The first error only, with the line and column of p: line and column
   count from 1, a column in bytes. */
bool sj_fail(sj_reader *r, sspf_err code, const char *fmt, ...)
{
	char what[256];
	int line = 1, col = 1;
	va_list ap;

	if (r->err != SSPF_OK)
		return false;
	for (const char *q = r->s; q < r->p && q < r->end; q++) {
		col++;
		if (*q == '\n') {
			line++;
			col = 1;
		}
	}
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	r->err = err_set(code, "%s, line %d, column %d: %s", r->file, line, col,
			 what);
	return false;
}

/* JSON's four white space characters (a NUL is none of them). */
void sj_ws(sj_reader *r)
{
	while (r->p < r->end && strchr(" \t\r\n", *r->p) != NULL && *r->p)
		r->p++;
}

/* The character c next (after white space), taken. */
bool sj_take(sj_reader *r, char c)
{
	sj_ws(r);
	if (r->p < r->end && *r->p == c) {
		r->p++;
		return true;
	}
	return false;
}

/* c taken, or the error naming it. */
bool sj_expect(sj_reader *r, char c)
{
	return sj_take(r, c) ||
	       sj_fail(r, SSPF_ERR_DAMAGED, "'%c' expected", c);
}

static int hex4(const char *p)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* A code point as UTF-8 at *o. */
static void utf8(char **o, unsigned cp)
{
	unsigned char *u = (unsigned char *)*o;

	if (cp < 0x80) {
		*u++ = (unsigned char)cp;
	} else if (cp < 0x800) {
		*u++ = (unsigned char)(0xC0 | cp >> 6);
		*u++ = (unsigned char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*u++ = (unsigned char)(0xE0 | cp >> 12);
		*u++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		*u++ = (unsigned char)(0x80 | (cp & 0x3F));
	} else {
		*u++ = (unsigned char)(0xF0 | cp >> 18);
		*u++ = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
		*u++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		*u++ = (unsigned char)(0x80 | (cp & 0x3F));
	}
	*o = (char *)u;
}

/*
 * A string, decoded into the arena (never longer than its JSON text, so
 * the arena of the file's size has room); NULL after an error.
 */
const char *sj_string(sj_reader *r)
{
	char *o = r->at, *start = r->at;

	if (!sj_take(r, '"')) {
		sj_fail(r, SSPF_ERR_DAMAGED, "a string expected");
		return NULL;
	}
	while (r->p < r->end && *r->p != '"') {
		unsigned char c = (unsigned char)*r->p++;
		int cp, lo;

		if (c < 0x20) {
			sj_fail(r, SSPF_ERR_DAMAGED,
				"a control character in "
				"a string");
			return NULL;
		}
		if (c != '\\') {
			*o++ = (char)c;
			continue;
		}
		if (r->p >= r->end)
			break;
		c = (unsigned char)*r->p++;
		if (c != 'u') {
			const char *from = "\"\\/bfnrt",
				   *to = "\"\\/\b\f\n\r\t";
			const char *x = c ? strchr(from, c) : NULL;

			if (x == NULL) {
				sj_fail(r, SSPF_ERR_DAMAGED, "a bad escape");
				return NULL;
			}
			*o++ = to[x - from];
			continue;
		}
		if (r->end - r->p < 4 || (cp = hex4(r->p)) <= 0) {
			sj_fail(r, SSPF_ERR_DAMAGED, "a bad \\u escape");
			return NULL;
		}
		r->p += 4;
		if (cp >= 0xD800 && cp < 0xDC00 && r->end - r->p >= 10 &&
		    r->p[0] == '\\' && r->p[1] == 'u' &&
		    (lo = hex4(r->p + 2)) >= 0xDC00 && lo < 0xE000) {
			r->p += 6;
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		} else if (cp >= 0xD800 && cp < 0xE000) {
			sj_fail(r, SSPF_ERR_DAMAGED, "a lone surrogate");
			return NULL;
		}
		utf8(&o, (unsigned)cp);
	}
	if (r->p >= r->end) {
		sj_fail(r, SSPF_ERR_DAMAGED, "the file ends inside a string");
		return NULL;
	}
	r->p++;
	*o++ = '\0';
	r->at = o;
	return start;
}

/* A number as stats_write.c writes it: digits, maybe '.' and digits. */
bool sj_number(sj_reader *r, double *v)
{
	double whole = 0, frac = 0, scale = 1;
	int digits = 0;

	sj_ws(r);
	if (r->p < r->end && *r->p == '-')
		return sj_fail(r, SSPF_ERR_NOT_SSPF, "a negative number");
	while (r->p < r->end && *r->p >= '0' && *r->p <= '9' && digits < 16) {
		whole = whole * 10 + (*r->p++ - '0');
		digits++;
	}
	if (digits == 0 || (digits > 1 && r->p[-digits] == '0'))
		return sj_fail(r, SSPF_ERR_DAMAGED, "a number expected");
	if (r->p < r->end && *r->p == '.') {
		r->p++;
		digits = 0;
		while (r->p < r->end && *r->p >= '0' && *r->p <= '9' &&
		       digits < 9) {
			frac = frac * 10 + (*r->p++ - '0');
			scale *= 10;
			digits++;
		}
		if (digits == 0)
			return sj_fail(r, SSPF_ERR_DAMAGED, "digits expected");
	}
	if (r->p < r->end && strchr("0123456789eE.", *r->p) && *r->p)
		return sj_fail(r, SSPF_ERR_NOT_SSPF,
			       "a number sspf does not "
			       "write");
	*v = whole + frac / scale;
	return true;
}

/* true, false or (with null_ok) null: 1, 0, or -1 for null. */
int sj_literal(sj_reader *r, bool null_ok)
{
	static const char *const words[] = { "false", "true", "null" };

	sj_ws(r);
	for (int i = 0; i < (null_ok ? 3 : 2); i++) {
		size_t n = strlen(words[i]);

		if ((size_t)(r->end - r->p) >= n &&
		    memcmp(r->p, words[i], n) == 0) {
			r->p += n;
			return i == 2 ? -1 : i;
		}
	}
	sj_fail(r, SSPF_ERR_DAMAGED,
		null_ok ? "true, false or null expected"
			: "true or false expected");
	return 0;
}

/* The next key of an object (after '{' or ','), or NULL at its end. */
const char *sj_key(sj_reader *r, bool *first)
{
	const char *k;

	if (sj_take(r, '}'))
		return NULL;
	if (!*first && !sj_expect(r, ','))
		return NULL;
	*first = false;
	if ((k = sj_string(r)) == NULL || !sj_expect(r, ':'))
		return NULL;
	return k;
}

/* Key k seen once only: bit in *seen. */
bool sj_once(sj_reader *r, unsigned *seen, unsigned bit, const char *k)
{
	if (*seen & bit)
		return sj_fail(r, SSPF_ERR_NOT_SSPF, "\"%s\" twice", k);
	*seen |= bit;
	return true;
}
