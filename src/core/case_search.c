/*
 * case_search.c - finding cases (the TUI's "/", scripts): by code always,
 * by the child's name only where the consent gate allows the name. Built
 * on sspf_case_list, so the order, the audit entry and what a refused case
 * shows are the list's: a search can never tell what a refused case holds.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <sspf/cases.h>

#include "store/errors_internal.h"

/*
 * Fold one character at *p for comparing: ASCII letters and the Swedish
 * capitals Å Ä Ö (also É, Ü) to lower case. Returns the folded code point
 * and advances *p past the character (invalid bytes count as themselves).
 */
static uint32_t fold_next(const unsigned char **p)
{
	const unsigned char *s = *p;
	uint32_t c;
	int n;

	if (s[0] < 0x80) {
		c = s[0];
		n = 1;
	} else if ((s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80) {
		c = (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
		n = 2;
	} else if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 &&
		   (s[2] & 0xc0) == 0x80) {
		c = (uint32_t)(s[0] & 0x0f) << 12 |
		    (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
		n = 3;
	} else if ((s[0] & 0xf8) == 0xf0 && (s[1] & 0xc0) == 0x80 &&
		   (s[2] & 0xc0) == 0x80 && (s[3] & 0xc0) == 0x80) {
		c = (uint32_t)(s[0] & 0x07) << 18 |
		    (uint32_t)(s[1] & 0x3f) << 12 |
		    (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
		n = 4;
	} else {
		c = 0x110000u + s[0]; /* an invalid byte matches only itself */
		n = 1;
	}
	*p = s + n;
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if ((c >= 0xc0 && c <= 0xde && c != 0xd7)) /* Latin-1 capitals */
		return c + 32;
	return c;
}

/* Whether h starts with n, letters compared without case. */
static bool starts_with(const unsigned char *h, const unsigned char *n)
{
	while (*n != '\0') {
		uint32_t a, b;

		if (*h == '\0')
			return false;
		a = fold_next(&h);
		b = fold_next(&n);
		if (a != b)
			return false;
	}
	return true;
}

/* Whether hay contains needle, letters compared without case. */
static bool contains(const char *hay, const char *needle)
{
	const unsigned char *h = (const unsigned char *)hay;

	for (;;) {
		if (starts_with(h, (const unsigned char *)needle))
			return true;
		if (*h == '\0')
			return false;
		fold_next(&h);
	}
}

struct search {
	const char *query;
	int (*fn)(void *arg, const sspf_case_line *line);
	void *arg;
};

static int filter(void *arg, const sspf_case_line *l)
{
	struct search *s = arg;

	if (contains(l->code, s->query) ||
	    (l->child_name != NULL && contains(l->child_name, s->query)))
		return s->fn(s->arg, l);
	return 0;
}

sspf_err sspf_case_search(sspf_core *core, const char *query,
			  int (*fn)(void *arg, const sspf_case_line *line),
			  void *arg)
{
	struct search s = { query != NULL ? query : "", fn, arg };

	if (fn == NULL)
		return err_set(SSPF_ERR_INVALID,
			       "nothing to give the results to");
	return sspf_case_list(core, filter, &s);
}
