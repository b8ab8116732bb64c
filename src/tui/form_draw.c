/*
 * form_draw.c - drawing the modal form of form.c: where the box goes and
 * how wide the labels are, the fields scrolled to the focused one, the
 * checkboxes flowed over as many lines as they need, the hint of the
 * focused field and what save() said is wrong under them.
 */
#include <stdio.h>
#include <string.h>

#include "tui/widget.h"

#define FIXED_ROWS 4 /* the two borders, a blank line above and below */

typedef tui_form_state form;

/* Row and column of each checkbox in w columns; returns the rows. */
static int place(const char **names, int n, int w, int *row, int *col)
{
	int r = 0, c = 0;

	for (int i = 0; i < n; i++) {
		int iw = 4 + tui_width(names[i]);

		if (c > 0 && c + iw > w) {
			r++;
			c = 0;
		}
		row[i] = r;
		col[i] = c;
		c += iw + 1;
	}
	return r + 1;
}

static int field_rows(const form *fm, const tui_field *f)
{
	const char *names[TUI_FORM_ITEMS];
	int row[TUI_FORM_ITEMS], col[TUI_FORM_ITEMS];

	if (f->type != TUI_FIELD_ACTORS && f->type != TUI_FIELD_GUARDIANS)
		return 1;
	return place(names, tui_field_items(f, names), fm->vw, row, col);
}

/* The lines of the hints (the longest, for a steady box), of the message. */
static int hint_rows(const form *fm, int w)
{
	int h = 0;

	for (int i = 0; i < fm->n; i++)
		if (fm->f[i].hint != NULL) {
			int k = tui_draw_wrapped((tui_rect){ 0, 0, 0, w },
						 fm->f[i].hint, 0, 0);

			h = k > h ? k : h;
		}
	return h < 2 ? h : 2;
}

static int msg_rows(const form *fm, int w)
{
	int m = 0;

	if (fm->msg[0] != '\0')
		m = tui_draw_wrapped((tui_rect){ 0, 0, 0, w }, fm->msg, 0, 0);
	return m < 3 ? m : 3;
}

/* Where the box goes and how wide the labels are; scroll to focus. */
static tui_rect layout(form *fm)
{
	tui_rect body = tui_body(), r;
	int iw, need = 0, notes;

	r.w = COLS - 4 < 76 ? COLS - 4 : 76;
	iw = r.w - 4;
	fm->lw = 0;
	for (int i = 0; i < fm->n; i++) {
		int lw = tui_width(fm->f[i].label);

		fm->lw = lw > fm->lw ? lw : fm->lw;
	}
	fm->lw = fm->lw < iw * 2 / 5 ? fm->lw : iw * 2 / 5;
	fm->vw = iw - fm->lw - 2;
	for (int i = 0; i < fm->n; i++)
		need += field_rows(fm, &fm->f[i]);
	notes = hint_rows(fm, iw) + msg_rows(fm, iw);
	r.h = FIXED_ROWS + need + notes;
	r.h = r.h < body.h ? r.h : body.h;
	fm->rows = r.h - FIXED_ROWS - notes;
	if (fm->rows < 1)
		fm->rows = 1;
	r.y = body.y + (body.h - r.h) / 2;
	r.x = (COLS - r.w) / 2;
	fm->vx = r.x + 2 + fm->lw + 2;
	if (fm->focus < fm->top)
		fm->top = fm->focus;
	for (;;) {
		int used = 0;

		for (int i = fm->top; i <= fm->focus; i++)
			used += field_rows(fm, &fm->f[i]);
		if (used <= fm->rows || fm->top == fm->focus)
			break;
		fm->top++;
	}
	while (fm->top > 0) { /* no empty lines under the last field */
		int used = 0;

		for (int i = fm->top - 1; i < fm->n; i++)
			used += field_rows(fm, &fm->f[i]);
		if (used > fm->rows)
			break;
		fm->top--;
	}
	return r;
}

static void draw_value(form *fm, int i, int y, int *cursor)
{
	tui_field *f = &fm->f[i];
	bool focused = i == fm->focus, text = tui_field_is_text(f);
	int sel = tui_attr(fm->app, TUI_SELECTED), x = fm->vx, w = fm->vw;
	int plain = tui_attr(fm->app, TUI_NORMAL);
	const char *names[TUI_FORM_ITEMS];
	int row[TUI_FORM_ITEMS], col[TUI_FORM_ITEMS], n;
	char s[256];

	if (text && focused && fm->ed.buf != NULL) {
		*cursor =
			tui_line_draw(&fm->ed, y, x, w, f->secret, A_UNDERLINE);
	} else if (text && f->secret) {
		int stars = 0;

		for (const char *p = f->text; p != NULL && *p; p++)
			stars += ((unsigned char)*p & 0xc0) != 0x80;
		tui_draw_attr(y, x, w, "", true, A_UNDERLINE);
		for (int j = 0; j < stars && j < w; j++)
			mvaddch(y, x + j, '*' | A_UNDERLINE);
	} else if (text) {
		tui_draw_attr(y, x, w, f->text, true, A_UNDERLINE);
	} else if (f->type == TUI_FIELD_BOOL) {
		tui_draw_attr(y, x, w, f->choice ? "[x]" : "[ ]", false,
			      focused ? sel : plain);
	} else if (f->type == TUI_FIELD_CHOICE) {
		int m = 0;

		while (f->choices != NULL && f->choices[m] != NULL)
			m++;
		snprintf(s, sizeof s, "< %s >",
			 f->choice >= 0 && f->choice < m ? f->choices[f->choice]
							 : "");
		tui_draw_attr(y, x, w, s, false, focused ? sel : plain);
	} else {
		n = tui_field_items(f, names);
		place(names, n, w, row, col);
		for (int j = 0; j < n; j++) {
			bool off = f->type == TUI_FIELD_ACTORS &&
				   f->allowed != 0 &&
				   (f->allowed & (1u << j)) == 0;
			int attr = focused && j == fm->sub ? sel
				   : off ? tui_attr(fm->app, TUI_DIM)
					 : plain;

			if (y + row[j] >= fm->box.y + 2 + fm->rows)
				break;
			snprintf(s, sizeof s, "[%c] %s",
				 f->bits & (1u << j) ? 'x' : ' ', names[j]);
			tui_draw_attr(y + row[j], x + col[j], w - col[j], s,
				      false, attr);
		}
	}
}

void tui_form_draw(form *fm)
{
	tui_app *app = fm->app;
	tui_rect r, notes;
	int y, i, cursor = -1, cursor_y = 0, dummy, end;
	const char *hint = fm->f[fm->focus].hint;

	if (fm->full)
		tui_redraw(app);
	fm->full = false;
	curs_set(0);
	if (app->too_small)
		return;
	r = layout(fm);
	if (memcmp(&r, &fm->box, sizeof r) != 0) { /* first, moved, resized */
		tui_redraw(app);
		if (app->too_small)
			return;
	}
	fm->box = r;
	tui_box(app, r, fm->title);
	end = r.y + 2 + fm->rows;
	for (i = fm->top, y = r.y + 2; i < fm->n; i++) {
		int h = field_rows(fm, &fm->f[i]);

		if (y + h > end && i > fm->top)
			break;
		tui_draw_attr(y, r.x + 2, fm->lw, fm->f[i].label, true,
			      i == fm->focus ? A_BOLD : A_NORMAL);
		draw_value(fm, i, y, i == fm->focus ? &cursor : &dummy);
		if (i == fm->focus)
			cursor_y = y;
		y += h;
	}
	if (fm->top > 0)
		tui_draw(r.y + 1, r.x + r.w - 3, 1, "↑", false);
	if (i < fm->n)
		tui_draw(end, r.x + r.w - 3, 1, "↓", false);
	notes = (tui_rect){ end + 1, r.x + 2, hint_rows(fm, r.w - 4), r.w - 4 };
	if (hint != NULL)
		tui_draw_wrapped(notes, hint, 0, tui_attr(app, TUI_DIM));
	notes.y += notes.h;
	notes.h = r.y + r.h - 1 - notes.y;
	if (fm->msg[0] != '\0')
		tui_draw_wrapped(notes, fm->msg, 0, tui_attr(app, TUI_OVERDUE));
	tui_draw_attr(LINES - 1, 0, COLS,
		      _("F2 Save  Esc Cancel  Tab Next field"), true, A_NORMAL);
	if (cursor >= 0) {
		move(cursor_y, fm->vx + cursor);
		curs_set(1);
	}
	refresh();
}
