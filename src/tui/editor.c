/*
 * editor.c - the multi-line editor for minutes, comments and goals: a box
 * over the body, the text soft-wrapped at words (wcwidth columns; a word
 * longer than a line is broken), the cursor moved by display lines. The
 * text may be about a child: the wide buffer is allocated once at its
 * full size (a realloc would leave copies behind) and wiped on closing.
 */
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include <sodium.h>

#include "tui/widget.h"

typedef struct editor {
	tui_app *app;
	const char *title;
	wchar_t *b; /* the text, cap wide characters */
	size_t cap, len, cur, bytes, max;
	size_t *ls;	  /* where each display line starts */
	size_t nl, top;	  /* display lines; the first one shown */
	int want;	  /* the column Up/Down aim at; -1: the cursor's */
	const char *note; /* in the help line until the next key */
	tui_rect box;	  /* where the box was drawn last */
	tui_rect r;	  /* the text inside it */
} editor;

/*
 * Find the display lines in r.w columns: break after the last space that
 * fits, else in the word. The last column is kept for the cursor and for
 * a space at a break, which stays at the end of its line.
 */
static void wrap(editor *ed)
{
	size_t start = 0, brk = 0;
	int col = 0, w = ed->r.w - 1 > 1 ? ed->r.w - 1 : 1;

	ed->nl = 0;
	ed->ls[ed->nl++] = 0;
	for (size_t i = 0; i < ed->len; i++) {
		wchar_t c = ed->b[i];
		int cw = tui_wcols(c);

		if (c == '\n' || (c == ' ' && col + cw > w)) {
			ed->ls[ed->nl++] = start = i + 1;
			col = 0;
			brk = 0;
			continue;
		}
		if (col + cw > w && i > start) {
			start = brk > start ? brk : i;
			ed->ls[ed->nl++] = start;
			brk = 0;
			col = 0;
			for (size_t j = start; j < i; j++)
				col += tui_wcols(ed->b[j]);
		}
		col += cw;
		if (c == ' ')
			brk = i + 1;
	}
}

/* The display line the cursor (or position p) is on. */
static size_t line_of(const editor *ed, size_t p)
{
	size_t lo = 0, hi = ed->nl - 1;

	while (lo < hi) {
		size_t mid = (lo + hi + 1) / 2;

		if (ed->ls[mid] <= p)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* The last position the cursor may take on display line l. */
static size_t line_end(const editor *ed, size_t l)
{
	return l + 1 < ed->nl ? ed->ls[l + 1] - 1 : ed->len;
}

static int col_of(const editor *ed, size_t l, size_t p)
{
	int c = 0;

	for (size_t i = ed->ls[l]; i < p; i++)
		c += tui_wcols(ed->b[i]);
	return c;
}

/* The position nearest column want on display line l. */
static size_t at_col(const editor *ed, size_t l, int want)
{
	size_t p = ed->ls[l], end = line_end(ed, l);
	int c = 0;

	while (p < end && c + tui_wcols(ed->b[p]) <= want)
		c += tui_wcols(ed->b[p++]);
	return p;
}

/* ---- editing ---- */

static void insert(editor *ed, wchar_t c)
{
	if (ed->bytes + tui_u8len(c) > ed->max || ed->len + 1 >= ed->cap) {
		ed->note = _("The text cannot be longer.");
		beep();
		return;
	}
	wmemmove(ed->b + ed->cur + 1, ed->b + ed->cur, ed->len - ed->cur);
	ed->b[ed->cur++] = c;
	ed->b[++ed->len] = L'\0';
	ed->bytes += tui_u8len(c);
}

static void cut(editor *ed, size_t i)
{
	ed->bytes -= tui_u8len(ed->b[i]);
	wmemmove(ed->b + i, ed->b + i + 1, ed->len - i);
	ed->b[--ed->len] = L'\0';
}

/* Move by n display lines (negative: up), keeping the column. */
static void vertical(editor *ed, long n)
{
	size_t l = line_of(ed, ed->cur);

	if (ed->want < 0)
		ed->want = col_of(ed, l, ed->cur);
	if (n < 0)
		l = (size_t)-n > l ? 0 : l - (size_t)-n;
	else
		l = l + (size_t)n >= ed->nl ? ed->nl - 1 : l + (size_t)n;
	ed->cur = at_col(ed, l, ed->want);
}

/* One key: move, delete or type (Tab and other keys do nothing). */
static void edit(editor *ed, const tui_key *k)
{
	int c = k->code, want = ed->want;
	long page = ed->r.h > 1 ? ed->r.h - 1 : 1;
	size_t l = line_of(ed, ed->cur);

	ed->want = -1;
	if (k->is_fn && (c == KEY_UP || c == KEY_DOWN)) {
		ed->want = want;
		vertical(ed, c == KEY_UP ? -1 : 1);
	} else if (k->is_fn && (c == KEY_PPAGE || c == KEY_NPAGE)) {
		ed->want = want;
		vertical(ed, c == KEY_PPAGE ? -page : page);
	} else if (k->is_fn && c == KEY_LEFT) {
		ed->cur -= ed->cur > 0;
	} else if (k->is_fn && c == KEY_RIGHT) {
		ed->cur += ed->cur < ed->len;
	} else if (k->is_fn && c == KEY_HOME) {
		ed->cur = ed->ls[l];
	} else if (k->is_fn && c == KEY_END) {
		ed->cur = line_end(ed, l);
	} else if ((k->is_fn && c == KEY_BACKSPACE) ||
		   (!k->is_fn && (c == 127 || c == 8))) {
		if (ed->cur > 0)
			cut(ed, --ed->cur);
	} else if (k->is_fn && c == KEY_DC) {
		if (ed->cur < ed->len)
			cut(ed, ed->cur);
	} else if (tui_is_enter(k)) {
		insert(ed, L'\n');
	} else if (!k->is_fn && k->ch >= 0x20 && iswprint((wint_t)k->ch)) {
		insert(ed, k->ch);
	} else {
		return;
	}
	wrap(ed);
}

/* ---- drawing ---- */

static void draw_editor(editor *ed)
{
	tui_app *app = ed->app;
	tui_rect body = tui_body(), box = { body.y, 1, body.h, COLS - 2 };
	size_t l;

	curs_set(0);
	if (app->too_small)
		return;
	if (memcmp(&box, &ed->box, sizeof box) != 0) { /* first, or resized */
		tui_redraw(app);
		if (app->too_small)
			return;
		ed->box = box;
		ed->r = (tui_rect){ box.y + 1, box.x + 2, box.h - 3,
				    box.w - 4 };
		wrap(ed);
	}
	l = line_of(ed, ed->cur);
	if (l < ed->top)
		ed->top = l;
	if (l >= ed->top + (size_t)ed->r.h)
		ed->top = l - (size_t)ed->r.h + 1;
	tui_box(app, box, ed->title);
	tui_draw(LINES - 1, 0, COLS, "", true); /* the screen's keys wait */
	for (int i = 0; i < ed->r.h && ed->top + (size_t)i < ed->nl; i++) {
		size_t a = ed->ls[ed->top + (size_t)i];
		size_t e = ed->top + (size_t)i + 1 < ed->nl
				   ? ed->ls[ed->top + (size_t)i + 1]
				   : ed->len;
		char *piece;

		if (e > a && ed->b[e - 1] == '\n')
			e--;
		if ((piece = tui_utf8(ed->b + a, e - a)) != NULL) {
			tui_draw(ed->r.y + i, ed->r.x, ed->r.w, piece, false);
			tui_free_text(piece);
		}
	}
	if (ed->top > 0)
		tui_draw(box.y, box.x + box.w - 3, 1, "↑", false);
	if (ed->top + (size_t)ed->r.h < ed->nl)
		tui_draw(box.y + box.h - 1, box.x + box.w - 3, 1, "↓", false);
	tui_draw_attr(
		box.y + box.h - 2, ed->r.x, ed->r.w,
		ed->note != NULL ? ed->note : _("F2/Ctrl-S Save  Esc Cancel"),
		false, tui_attr(app, ed->note != NULL ? TUI_OVERDUE : TUI_DIM));
	move(ed->r.y + (int)(l - ed->top), ed->r.x + col_of(ed, l, ed->cur));
	curs_set(1);
	refresh();
}

/* ---- the editor ---- */

/* Make the buffers for text; false if out of memory. */
static bool load(editor *ed, const char *text)
{
	size_t len;
	wchar_t *w = tui_wide(text, &len);

	if (w == NULL)
		return false;
	ed->cap = (len > ed->max ? len : ed->max) + 1;
	ed->b = calloc(ed->cap, sizeof *ed->b);
	ed->ls = calloc(ed->cap + 1, sizeof *ed->ls);
	if (ed->b != NULL && ed->ls != NULL) {
		wmemcpy(ed->b, w, len);
		ed->len = ed->cur = len; /* ready to go on writing */
		for (size_t i = 0; i < len; i++)
			ed->bytes += tui_u8len(w[i]);
	}
	sodium_memzero(w, (len + 1) * sizeof *w);
	free(w);
	return ed->b != NULL && ed->ls != NULL;
}

static void unload(editor *ed)
{
	if (ed->b != NULL)
		sodium_memzero(ed->b, ed->cap * sizeof *ed->b);
	free(ed->b);
	free(ed->ls);
	ed->b = NULL;
	ed->ls = NULL;
	curs_set(0);
}

enum tui_result tui_editor(tui_app *app, const char *title, char **text,
			   size_t max)
{
	editor ed = { .app = app,
		      .title = title,
		      .want = -1,
		      .max = max != 0 ? max : SSPF_TEXT_MAX };
	enum tui_result r;

	if (!load(&ed, *text)) {
		unload(&ed);
		tui_flash_error(app, "%s", _("Out of memory."));
		return TUI_CANCELLED;
	}
	ed.r.w = 2;
	wrap(&ed);
	for (;;) {
		tui_key k;
		char *out;

		draw_editor(&ed);
		k = tui_getkey(app);
		if (k.code == TUI_EV_QUIT) {
			r = TUI_INTERRUPTED;
			break;
		}
		/*
		 * Idle too long (a coordinator listening in a meeting): what
		 * was typed is handed back to be saved before the lock.
		 */
		if (k.code == TUI_EV_LOCK) {
			if ((out = tui_utf8(ed.b, ed.len)) == NULL) {
				r = TUI_INTERRUPTED;
				break;
			}
			tui_free_text(*text);
			*text = out;
			r = TUI_DONE;
			break;
		}
		if (k.code == TUI_EV_NONE || app->too_small ||
		    (k.is_fn && k.code == KEY_RESIZE))
			continue;
		ed.note = NULL;
		if (!k.is_fn && k.ch == TUI_ESC) {
			r = TUI_CANCELLED;
			break;
		}
		if ((k.is_fn && k.code == KEY_F(2)) ||
		    (!k.is_fn && k.ch == TUI_CTRL('s'))) {
			if ((out = tui_utf8(ed.b, ed.len)) == NULL) {
				ed.note = _("Out of memory.");
				continue;
			}
			tui_free_text(*text);
			*text = out;
			r = TUI_DONE;
			break;
		}
		edit(&ed, &k);
	}
	unload(&ed);
	return r;
}
