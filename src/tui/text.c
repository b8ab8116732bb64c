/*
 * text.c - UTF-8 text on the screen: widths from wcwidth (so that å ä ö,
 * Arabic and Somali names and double-width scripts keep columns straight),
 * invalid bytes drawn as U+FFFD, cutting at a character boundary, and
 * word wrapping. Also the conversions between UTF-8 and wide strings the
 * editors work in.
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <sodium.h>

#include "tui/tui.h"

#define REPLACEMENT 0xFFFD

/* Decode one character of s (n bytes left) into *wc; the bytes used. */
static size_t next_char(const char *s, size_t n, wchar_t *wc)
{
	mbstate_t ps;
	size_t r;

	memset(&ps, 0, sizeof ps);
	r = mbrtowc(wc, s, n, &ps);
	if (r == (size_t)-1 || r == (size_t)-2) {
		*wc = REPLACEMENT;
		return 1;
	}
	if (r == 0) { /* an embedded NUL: cannot happen in a C string */
		*wc = REPLACEMENT;
		return 1;
	}
	return r;
}

/* The columns of one character as drawn: controls and unknowns as one. */
static int char_width(wchar_t wc)
{
	int w;

	if (wc < 0x20 || wc == 0x7f)
		return 1;
	w = wcwidth(wc);
	return w < 0 ? 1 : w;
}

/* What is drawn for wc: controls become U+FFFD, tabs a space. */
static wchar_t shown(wchar_t wc)
{
	if (wc == '\t')
		return ' ';
	if (wc < 0x20 || wc == 0x7f || wcwidth(wc) < 0)
		return REPLACEMENT;
	return wc;
}

int tui_width(const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;
	int cols = 0;

	while (n > 0) {
		wchar_t wc;
		size_t k = next_char(s, n, &wc);

		cols += char_width(wc);
		s += k;
		n -= k;
	}
	return cols;
}

/* Draw one wide character at the cursor. */
static void put_wide(wchar_t wc, int attr)
{
	cchar_t cc;
	wchar_t str[2] = { shown(wc), L'\0' };

	/* the colour pair goes in its own argument, not in the attributes */
	setcchar(&cc, str, (attr_t)attr & ~A_COLOR, (short)PAIR_NUMBER(attr),
		 NULL);
	add_wch(&cc);
}

int tui_draw_attr(int y, int x, int w, const char *s, bool pad, int attr)
{
	size_t n = s != NULL ? strlen(s) : 0;
	int cols = 0;

	if (w <= 0)
		return 0;
	move(y, x);
	while (n > 0) {
		wchar_t wc;
		size_t k = next_char(s, n, &wc);
		int cw = char_width(wc);

		if (wc == '\n')
			break;
		if (cols + cw > w)
			break;
		put_wide(wc, attr);
		cols += cw;
		s += k;
		n -= k;
	}
	if (pad) {
		attr_t old;
		short pair;

		attr_get(&old, &pair, NULL);
		attrset((attr_t)attr);
		for (; cols < w; cols++)
			addch(' ');
		attrset(old);
	}
	return cols;
}

int tui_draw(int y, int x, int w, const char *s, bool pad)
{
	return tui_draw_attr(y, x, w, s, pad, A_NORMAL);
}

/*
 * The bytes of the next wrapped line of s (at most w columns), breaking
 * after the last space that fits, else in the middle of a long word.
 * *skip gets the bytes to skip after it (the space or newline).
 */
static size_t wrap_line(const char *s, int w, size_t *skip)
{
	size_t n = strlen(s), i = 0, last_space = 0;
	bool have_space = false;
	int cols = 0;

	*skip = 0;
	while (i < n) {
		wchar_t wc;
		size_t k = next_char(s + i, n - i, &wc);
		int cw = char_width(wc);

		if (wc == '\n') {
			*skip = 1;
			return i;
		}
		if (cols + cw > w) {
			if (have_space) {
				*skip = 1;
				return last_space;
			}
			return i > 0 ? i : k;
		}
		if (wc == ' ') {
			last_space = i;
			have_space = true;
		}
		cols += cw;
		i += k;
	}
	return i;
}

int tui_draw_wrapped(tui_rect r, const char *s, int skip, int attr)
{
	int line = 0;

	if (s == NULL || r.w <= 0)
		return 0;
	while (*s != '\0') {
		size_t after, len = wrap_line(s, r.w, &after);
		int row = line - skip;

		if (row >= 0 && row < r.h) {
			char *piece = strndup(s, len);

			if (piece != NULL) {
				tui_draw_attr(r.y + row, r.x, r.w, piece, false,
					      attr);
				sodium_memzero(piece, len);
				free(piece);
			}
		}
		line++;
		s += len + after;
		if (len == 0 && after == 0)
			break;
	}
	return line;
}

wchar_t *tui_wide(const char *s, size_t *len)
{
	size_t n = s != NULL ? strlen(s) : 0, i = 0;
	wchar_t *w = calloc(n + 1, sizeof *w);

	if (w == NULL)
		return NULL;
	while (n > 0) {
		size_t k = next_char(s, n, &w[i]);

		i++;
		s += k;
		n -= k;
	}
	w[i] = L'\0';
	if (len != NULL)
		*len = i;
	return w;
}

char *tui_utf8(const wchar_t *w, size_t len)
{
	char *out = malloc(len * MB_CUR_MAX + 1), *p = out;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		mbstate_t ps;
		size_t k;

		memset(&ps, 0, sizeof ps);
		k = wcrtomb(p, w[i], &ps);
		if (k == (size_t)-1)
			k = wcrtomb(p, REPLACEMENT, &ps);
		if (k != (size_t)-1)
			p += k;
	}
	*p = '\0';
	return out;
}

void tui_free_text(char *s)
{
	if (s == NULL)
		return;
	sodium_memzero(s, strlen(s));
	free(s);
}
