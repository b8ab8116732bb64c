/*
 * line.c - the pieces the modal widgets share: the one-line editor of form
 * fields and prompts (what is typed may be a child's data or a passphrase:
 * the buffer never grows and is wiped when let go), the box a widget is
 * drawn in, and the widths of wide characters.
 */
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include <sodium.h>

#include "tui/widget.h"

size_t tui_u8len(wchar_t c)
{
	if (c < 0x80)
		return 1;
	if (c < 0x800)
		return 2;
	return c < 0x10000 || c > 0x10ffff ? 3 : 4;
}

int tui_wcols(wchar_t c)
{
	int w;

	if (c < 0x20 || c == 0x7f)
		return 1;
	w = wcwidth(c);
	return w < 0 ? 1 : w;
}

bool tui_is_enter(const tui_key *k)
{
	return k->code == '\n' || k->code == '\r' ||
	       (k->is_fn && k->code == KEY_ENTER);
}

/* ---- the one-line editor ---- */

void tui_line_drop(tui_line *l)
{
	if (l->buf != NULL) {
		sodium_memzero(l->buf, l->cap * sizeof *l->buf);
		free(l->buf);
	}
	memset(l, 0, sizeof *l);
}

bool tui_line_load(tui_line *l, const char *text, size_t max)
{
	size_t len;
	wchar_t *w = tui_wide(text, &len);

	tui_line_drop(l);
	if (w == NULL)
		return false;
	l->cap = (len > max ? len : max) + 1;
	if ((l->buf = calloc(l->cap, sizeof *l->buf)) != NULL) {
		wmemcpy(l->buf, w, len);
		l->len = l->cur = len;
		l->max = max;
		for (size_t i = 0; i < len; i++)
			l->bytes += tui_u8len(w[i]);
	}
	sodium_memzero(w, (len + 1) * sizeof *w);
	free(w);
	return l->buf != NULL;
}

char *tui_line_text(const tui_line *l)
{
	return tui_utf8(l->buf, l->len);
}

/* Remove the character at i. */
static void cut(tui_line *l, size_t i)
{
	l->bytes -= tui_u8len(l->buf[i]);
	wmemmove(l->buf + i, l->buf + i + 1, l->len - i);
	l->buf[--l->len] = L'\0';
}

bool tui_line_key(tui_line *l, const tui_key *k, const char *only)
{
	int c = k->code;
	wchar_t ch = k->ch;

	if (k->is_fn && c == KEY_LEFT)
		l->cur -= l->cur > 0;
	else if (k->is_fn && c == KEY_RIGHT)
		l->cur += l->cur < l->len;
	else if (k->is_fn && c == KEY_HOME)
		l->cur = 0;
	else if (k->is_fn && c == KEY_END)
		l->cur = l->len;
	else if ((k->is_fn && c == KEY_BACKSPACE) ||
		 (!k->is_fn && (ch == 127 || ch == 8))) {
		if (l->cur > 0)
			cut(l, --l->cur);
	} else if (k->is_fn && c == KEY_DC) {
		if (l->cur < l->len)
			cut(l, l->cur);
	} else if (k->is_fn || ch < 0x20 || !iswprint((wint_t)ch) ||
		   (only != NULL && (ch >= 0x80 || !strchr(only, (int)ch))))
		return false;
	else if (l->bytes + tui_u8len(ch) > l->max || l->len + 1 >= l->cap)
		beep();
	else {
		wmemmove(l->buf + l->cur + 1, l->buf + l->cur, l->len - l->cur);
		l->buf[l->cur++] = ch;
		l->buf[++l->len] = L'\0';
		l->bytes += tui_u8len(ch);
	}
	return true;
}

int tui_line_draw(tui_line *l, int y, int x, int w, bool secret, int attr)
{
	int c = 0;
	char *piece;

	if (l->cur < l->left)
		l->left = l->cur;
	for (;;) {
		c = 0;
		for (size_t i = l->left; i < l->cur; i++)
			c += secret ? 1 : tui_wcols(l->buf[i]);
		if (c < w || l->left == l->cur)
			break;
		l->left++;
	}
	tui_draw_attr(y, x, w, "", true, attr);
	if (secret) {
		for (size_t i = l->left; i < l->len && i - l->left < (size_t)w;
		     i++)
			mvaddch(y, x + (int)(i - l->left), '*' | (chtype)attr);
	} else if ((piece = tui_utf8(l->buf + l->left, l->len - l->left))) {
		tui_draw_attr(y, x, w, piece, false, attr);
		tui_free_text(piece);
	}
	return c;
}

/* ---- the box ---- */

void tui_box(const tui_app *app, tui_rect r, const char *title)
{
	for (int y = r.y; y < r.y + r.h; y++)
		tui_draw_attr(y, r.x, r.w, "", true, tui_attr(app, TUI_NORMAL));
	attrset(tui_attr(app, TUI_NORMAL));
	mvhline_set(r.y, r.x + 1, WACS_HLINE, r.w - 2);
	mvhline_set(r.y + r.h - 1, r.x + 1, WACS_HLINE, r.w - 2);
	mvvline_set(r.y + 1, r.x, WACS_VLINE, r.h - 2);
	mvvline_set(r.y + 1, r.x + r.w - 1, WACS_VLINE, r.h - 2);
	mvadd_wch(r.y, r.x, WACS_ULCORNER);
	mvadd_wch(r.y, r.x + r.w - 1, WACS_URCORNER);
	mvadd_wch(r.y + r.h - 1, r.x, WACS_LLCORNER);
	mvadd_wch(r.y + r.h - 1, r.x + r.w - 1, WACS_LRCORNER);
	if (title != NULL && title[0] != '\0') {
		int x = r.x + 2;

		x += tui_draw(r.y, x, r.w - 4, " ", false);
		x += tui_draw_attr(r.y, x, r.x + r.w - 3 - x, title, false,
				   A_BOLD);
		tui_draw(r.y, x, r.x + r.w - 2 - x, " ", false);
	}
}
