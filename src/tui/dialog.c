/*
 * dialog.c - the small modal dialogs: a message in a box, a yes/no
 * question (j or y for yes: Swedish users answer "ja"), one line typed on
 * the message line (a search), and a choice from a short list.
 */
#include <wchar.h>

#include "tui/widget.h"

/* ---- where a dialog goes, its keys ---- */

/* A box of w x h (cut to the body) in the middle of the body. */
static tui_rect centred(int w, int h)
{
	tui_rect body = tui_body(), r;

	r.w = w < COLS - 4 ? w : COLS - 4;
	r.h = h < body.h ? h : body.h;
	r.y = body.y + (body.h - r.h) / 2;
	r.x = (COLS - r.w) / 2;
	return r;
}

/*
 * The next key a dialog acts on; TUI_EV_NONE for nothing (a tick, a
 * resize, a key while the window is too small). False on lock or quit.
 */
static bool next_key(tui_app *app, tui_key *k)
{
	*k = tui_getkey(app);
	if (k->code == TUI_EV_LOCK || k->code == TUI_EV_QUIT)
		return false;
	if (app->too_small || (k->is_fn && k->code == KEY_RESIZE))
		k->code = TUI_EV_NONE;
	return true;
}

/* ---- a message, a question ---- */

/*
 * Draw text wrapped in a box with foot under it, from wrapped line skip;
 * *rows gets the lines shown. Returns the lines of the whole text.
 */
static int draw_text(tui_app *app, const char *title, const char *text,
		     const char *foot, int skip, int *rows)
{
	int w = tui_width(text), lines;
	tui_rect r, t;

	w = w > tui_width(title) + 4 ? w : tui_width(title) + 4;
	w = w > tui_width(foot) ? w : tui_width(foot);
	w = (w < 60 ? w : 60) + 4;
	lines = tui_draw_wrapped((tui_rect){ 0, 0, 0, w - 4 }, text, 0, 0);
	r = centred(w, lines + 5);
	t = (tui_rect){ r.y + 2, r.x + 2, r.h - 5, r.w - 4 };
	*rows = t.h;
	tui_box(app, r, title);
	tui_draw(LINES - 1, 0, COLS, "", true); /* the screen's keys wait */
	tui_draw_wrapped(t, text, skip, tui_attr(app, TUI_NORMAL));
	if (skip > 0)
		tui_draw(r.y + 1, r.x + r.w - 3, 1, "↑", false);
	if (skip + t.h < lines)
		tui_draw(r.y + r.h - 3, r.x + r.w - 3, 1, "↓", false);
	tui_draw_attr(r.y + r.h - 2, t.x, t.w, foot, false,
		      tui_attr(app, TUI_DIM));
	refresh();
	return lines;
}

/*
 * Show text until a key (yes_no false: TUI_DONE), or until yes (j y:
 * TUI_DONE) or no (n Esc: TUI_CANCELLED). Arrows scroll a long text.
 */
static enum tui_result ask(tui_app *app, const char *title, const char *text,
			   const char *foot, bool yes_no)
{
	int skip = 0, rows = 1, lines = 0;

	flushinp(); /* a key typed before the question is no answer */
	tui_redraw(app);
	curs_set(0);
	for (;;) {
		tui_key k;

		if (!app->too_small)
			lines = draw_text(app, title, text, foot, skip, &rows);
		if (!next_key(app, &k))
			return TUI_INTERRUPTED;
		if (k.code == TUI_EV_NONE)
			continue;
		if (k.is_fn && lines > rows &&
		    (k.code == KEY_UP || k.code == KEY_DOWN ||
		     k.code == KEY_PPAGE || k.code == KEY_NPAGE)) {
			skip += k.code == KEY_UP      ? -1
				: k.code == KEY_DOWN  ? 1
				: k.code == KEY_PPAGE ? -rows
						      : rows;
			skip = skip < lines - rows ? skip : lines - rows;
			skip = skip > 0 ? skip : 0;
			continue;
		}
		if (!yes_no)
			return TUI_DONE;
		if (k.is_fn)
			continue;
		if (k.ch != 0 && wcschr(L"jJyY", k.ch) != NULL)
			return TUI_DONE;
		if (k.ch != 0 && wcschr(L"nN\x1b", k.ch) != NULL)
			return TUI_CANCELLED;
	}
}

enum tui_result tui_message(tui_app *app, const char *title, const char *text)
{
	return ask(app, title, text, _("Press any key"), false);
}

enum tui_result tui_confirm(tui_app *app, const char *question)
{
	return ask(app, NULL, question, _("Yes (y) / No (n)"), true);
}

/* ---- a line on the message line ---- */

enum tui_result tui_prompt(tui_app *app, const char *prompt, char **text,
			   size_t max)
{
	tui_line l = { 0 };
	enum tui_result r;

	if (!tui_line_load(&l, *text, max != 0 ? max : SSPF_TEXT_MAX)) {
		tui_line_drop(&l);
		tui_flash_error(app, "%s", _("Out of memory."));
		return TUI_CANCELLED;
	}
	for (;;) {
		tui_key k;
		char *out;

		curs_set(0);
		if (!app->too_small) {
			int y = LINES - 2, x, c;

			tui_draw(y, 0, COLS, "", true);
			x = 1 + tui_draw_attr(y, 1, COLS / 2, prompt, false,
					      A_BOLD);
			c = tui_line_draw(&l, y, x, COLS - 1 - x, false,
					  tui_attr(app, TUI_NORMAL));
			tui_draw(LINES - 1, 0, COLS, _("Enter OK  Esc Cancel"),
				 true);
			move(y, x + c);
			curs_set(1);
			refresh();
		}
		if (!next_key(app, &k)) {
			r = TUI_INTERRUPTED;
			break;
		}
		if (k.code == TUI_EV_NONE)
			continue;
		if (!k.is_fn && k.ch == TUI_ESC) {
			r = TUI_CANCELLED;
			break;
		}
		if (!tui_is_enter(&k)) {
			tui_line_key(&l, &k, NULL);
			continue;
		}
		if ((out = tui_line_text(&l)) == NULL) {
			beep();
			continue;
		}
		tui_free_text(*text);
		*text = out;
		r = TUI_DONE;
		break;
	}
	tui_line_drop(&l);
	curs_set(0);
	tui_draw(LINES - 2, 0, COLS, "", true);
	return r;
}

/* ---- a choice ---- */

enum tui_result tui_choose(tui_app *app, const char *title,
			   const char *const *items, int n, int *choice)
{
	tui_list l = { 0, *choice, 0 };
	const char *foot = _("Enter Choose  Esc Cancel");
	int w = tui_width(title) + 8;

	if (n <= 0)
		return TUI_CANCELLED;
	tui_list_set(&l, n);
	for (int i = 0; i < n; i++)
		w = w > tui_width(items[i]) + 6 ? w : tui_width(items[i]) + 6;
	w = w > tui_width(foot) + 4 ? w : tui_width(foot) + 4;
	tui_redraw(app);
	curs_set(0);
	for (;;) {
		tui_rect r = centred(w, n + 4);
		int rows = r.h - 4, act = 0;
		tui_key k;

		tui_list_scroll(&l, rows);
		if (!app->too_small) {
			tui_box(app, r, title);
			tui_draw(LINES - 1, 0, COLS, "", true);
			for (int i = 0; i < rows && l.top + i < n; i++) {
				int at = l.top + i, y = r.y + 1 + i;
				int attr =
					tui_attr(app, at == l.sel ? TUI_SELECTED
								  : TUI_NORMAL);

				tui_draw_attr(y, r.x + 1, r.w - 2, "", true,
					      attr);
				tui_draw_attr(y, r.x + 2, r.w - 4, items[at],
					      false, attr);
			}
			tui_draw_attr(r.y + r.h - 2, r.x + 2, r.w - 4, foot,
				      false, tui_attr(app, TUI_DIM));
			refresh();
		}
		if (!next_key(app, &k))
			return TUI_INTERRUPTED;
		if (k.code == TUI_EV_NONE)
			continue;
		if (!k.is_fn && k.ch == TUI_ESC)
			return TUI_CANCELLED;
		if (tui_is_enter(&k)) {
			*choice = l.sel;
			return TUI_DONE;
		}
		if (k.is_fn ? k.code == KEY_UP : k.ch == 'k')
			act = TUI_ACT_UP;
		else if (k.is_fn ? k.code == KEY_DOWN : k.ch == 'j')
			act = TUI_ACT_DOWN;
		else if (k.is_fn && k.code == KEY_PPAGE)
			act = TUI_ACT_PGUP;
		else if (k.is_fn && k.code == KEY_NPAGE)
			act = TUI_ACT_PGDN;
		else if (k.is_fn ? k.code == KEY_HOME : k.ch == 'g')
			act = TUI_ACT_HOME;
		else if (k.is_fn ? k.code == KEY_END : k.ch == 'G')
			act = TUI_ACT_END;
		tui_list_act(&l, act, rows);
	}
}
