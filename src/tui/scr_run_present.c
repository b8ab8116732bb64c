/*
 * scr_run_present.c - drawing the screen that runs a meeting (scr_run.c
 * loads it and handles the keys): the normal view in the frame (the
 * current item large, a narrow agenda of codes and topics at 120 columns
 * or more, the minutes, goals and actions) and the presentation mode
 * (Visningsläge) on the whole terminal for a projector, which shows the
 * current item alone: nothing of any other item or child.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tui/scr_run.h"

static bool is_open(sspf_action_status st)
{
	return st == SSPF_ACTION_NOT_STARTED || st == SSPF_ACTION_ONGOING;
}

static void timer_text(const run_state *s, char *buf, size_t size)
{
	long t = (long)difftime(time(NULL), s->started);

	if (t < 0)
		t = 0;
	if (t >= 6000)
		snprintf(buf, size, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60,
			 t % 60);
	else
		snprintf(buf, size, "%02ld:%02ld", t / 60, t % 60);
}

static void meeting_text(const run_state *s, char *buf, size_t size)
{
	char date[SSPF_DATE_TEXT];

	tui_date_text(s->m.date, date);
	/* TRANSLATORS: meeting kind, date, start and end time */
	snprintf(buf, size, _("%s, %s %s–%s"), tui_kind_name(s->m.kind), date,
		 s->m.start, s->m.end);
}

/* Text in a column of width w (one space kept free on the right). */
static void cell(int y, int *x, int w, const char *t, int attr)
{
	if (w > 1)
		tui_draw_attr(y, *x, w - 1, t, true, attr);
	*x += w;
}

/* The wider of have and t's width + 1, at most cap. */
static int widest(int have, const char *t, int cap)
{
	int w = tui_width(t) + 1;

	w = w > cap ? cap : w;
	return w > have ? w : have;
}

/* The widths of the action columns over w columns (2 for the mark). */
static void columns(const run_state *s, int w, int c[6])
{
	c[1] = widest(0, _("Who"), 20);
	c[2] = widest(0, _("Person"), 24);
	c[3] = SSPF_DATE_TEXT;
	c[4] = widest(0, _("Status"), 16);
	for (size_t i = 0; i < s->n_acts; i++) {
		c[1] = widest(c[1], tui_actor_name(s->acts[i].actor), 20);
		c[2] = widest(c[2], s->acts[i].person, w >= 100 ? 24 : 16);
		c[4] = widest(c[4], tui_status_name(s->acts[i].status), 16);
	}
	c[5] = w >= 120 ? (w - 2 - c[1] - c[2] - c[3] - c[4]) / 3 : 0;
	c[0] = w - 2 - c[1] - c[2] - c[3] - c[4] - c[5];
}

/* One action as a row from x over w columns; the header when a is NULL. */
static void action_row(tui_app *app, const run_state *s, int y, int x, int w,
		       const run_action *a, bool sel)
{
	int dim = tui_attr(app, TUI_DIM), attr = A_NORMAL, c[6];
	char due[SSPF_DATE_TEXT] = "";
	bool late;

	columns(s, w, c);
	if (a == NULL) {
		tui_draw_attr(y, x, w, "", true, dim);
		x += 2;
		cell(y, &x, c[0], _("What"), dim);
		cell(y, &x, c[1], _("Who"), dim);
		cell(y, &x, c[2], _("Person"), dim);
		cell(y, &x, c[3], _("Due"), dim);
		cell(y, &x, c[4], _("Status"), dim);
		cell(y, &x, c[5], _("Latest comment"), dim);
		return;
	}
	late = a->due != 0 && a->due < sspf_core_today(app->core) &&
	       is_open(a->status);
	if (sel)
		attr = tui_attr(app, TUI_SELECTED);
	else if (late)
		attr = tui_attr(app, TUI_OVERDUE);
	tui_date_text(a->due, due);
	tui_draw_attr(y, x, w,
		      a->followed_here	? "✓"
		      : a->decided_here ? "+"
					: "",
		      true, attr);
	x += 2;
	cell(y, &x, c[0], a->what, attr);
	cell(y, &x, c[1], tui_actor_name(a->actor), attr);
	cell(y, &x, c[2], a->person, attr);
	cell(y, &x, c[3], due, late ? attr | (int)A_BOLD : attr);
	cell(y, &x, c[4], tui_status_name(a->status), attr);
	cell(y, &x, c[5], a->comment != NULL ? a->comment : "", attr);
}

/*
 * The current item: its title (code and the name the gate gives, or the
 * topic) at y in the rectangle; returns the next free row. Refused: the
 * code and the reason only.
 */
static int item_title(tui_app *app, const run_item *it, tui_rect r, int attr,
		      bool bar)
{
	char line[SSPF_CODE_SIZE + SSPF_NAME_MAX + 8];
	int y = r.y, rows = 1, bx = r.x > 0 ? r.x - 1 : 0;

	if (!it->is_case) {
		tui_rect t = { y, r.x, 0, r.w };

		rows = tui_draw_wrapped(t, it->topic, 0, attr);
		rows = rows < 1 ? 1 : rows > 3 ? 3 : rows;
	}
	for (int i = 0; bar && i < rows; i++)
		tui_draw_attr(y + i, bx, r.w + r.x - bx, "", true, attr);
	if (!it->is_case) {
		tui_rect t = { y, r.x, rows, r.w };

		tui_draw_wrapped(t, it->topic, 0, attr);
		return y + rows;
	}
	snprintf(line, sizeof line, "%s", it->code);
	if (it->child_name != NULL)
		snprintf(line, sizeof line, "%s   %s", it->code,
			 it->child_name);
	tui_draw_attr(y++, r.x, r.w, line, false, attr);
	if (!it->allowed) {
		char msg[700];
		tui_rect t = { y + 1, r.x, 4, r.w };

		snprintf(msg, sizeof msg, _("Not allowed in this meeting: %s"),
			 it->reason);
		y = t.y +
		    tui_draw_wrapped(t, msg, 0, tui_attr(app, TUI_REFUSED));
	}
	return y;
}

/* The minutes wrapped into at most h rows from y; returns the rows. */
static int draw_minutes(tui_app *app, const run_item *it, int y, int x, int w,
			int h, bool hint)
{
	tui_rect t = { y + 1, x, h - 1, w };
	int n;

	if (h < 2)
		return 0;
	tui_draw_attr(y, x, w, _("Minutes"), false, A_BOLD);
	if (it->minutes == NULL || it->minutes[0] == '\0') {
		tui_draw_attr(y + 1, x, w,
			      hint ? _("No minutes yet. Press m to write them.")
				   : _("No minutes yet."),
			      false, tui_attr(app, TUI_DIM));
		return 2;
	}
	n = tui_draw_wrapped(t, it->minutes, 0, A_NORMAL);
	if (n > h - 1) {
		tui_draw_attr(y + h - 1, x, w, "…", true,
			      tui_attr(app, TUI_DIM));
		n = h - 1;
	}
	return n + 1;
}

/* Rows the minutes want at width w (the heading included). */
static int minutes_rows(const run_item *it, int w)
{
	tui_rect t = { 0, 0, 0, w };
	int n = it->minutes != NULL ? tui_draw_wrapped(t, it->minutes, 0, 0)
				    : 0;

	return 1 + (n > 0 ? n : 1);
}

/* The narrow column of the agenda at the left: codes and topics only. */
static void draw_agenda(tui_app *app, const run_state *s, tui_rect r)
{
	int top = 0;

	tui_draw_attr(r.y, r.x + 1, r.w - 2, _("Agenda"), false, A_BOLD);
	if ((int)s->cur >= r.h - 2)
		top = (int)s->cur - (r.h - 2) + 1;
	for (int row = 0; row < r.h - 2 && top + row < (int)s->n; row++) {
		const run_item *it = &s->items[top + row];
		int attr = (size_t)(top + row) == s->cur
				   ? tui_attr(app, TUI_SELECTED)
				   : (int)A_NORMAL;
		char num[16];

		snprintf(num, sizeof num, "%2d ", top + row + 1);
		tui_draw_attr(r.y + 2 + row, r.x, 3, num, true, attr);
		tui_draw_attr(r.y + 2 + row, r.x + 3, r.w - 4,
			      it->is_case ? it->code : it->topic, true, attr);
	}
	for (int y = r.y; y < r.y + r.h; y++)
		tui_draw(y, r.x + r.w - 1, 1, "│", false);
}

/* The newest follow-up of the selected action, for the line below. */
static void detail_text(const run_state *s, char *buf, size_t size)
{
	const run_action *a = &s->acts[s->list.sel];
	char date[SSPF_DATE_TEXT];

	tui_date_text(a->fu_on, date);
	if (a->comment == NULL)
		snprintf(buf, size, "%s", _("Not followed up yet."));
	else
		snprintf(buf, size, _("Latest follow-up %s: %s"), date,
			 a->comment);
}

/* Rows of the goals and actions at width w, every action shown. */
static int plan_rows(const run_state *s, int w)
{
	int goals = s->n_goals == 0 ? 1 : s->n_goals < 3 ? (int)s->n_goals : 3;
	char buf[700];
	tui_rect t = { 0, 0, 0, w };
	int detail;

	if (s->n_acts == 0)
		return goals + 4;
	detail_text(s, buf, sizeof buf);
	detail = tui_draw_wrapped(t, buf, 0, 0);
	return goals + 4 + (int)s->n_acts + (detail < 2 ? detail : 2);
}

/* The goals (briefly) and the actions with the selection, from y. */
static void draw_plan(tui_app *app, run_state *s, int y, int x, int w, int end)
{
	int dim = tui_attr(app, TUI_DIM), shown, detail;
	int goals = (int)s->n_goals < 3 ? (int)s->n_goals : 2;
	char buf[700];
	tui_rect t = { 0, x, 0, w };

	tui_draw_attr(y++, x, w, _("Goals"), false, A_BOLD);
	if (s->n_goals == 0)
		tui_draw_attr(y++, x, w, _("No goals yet. Press g to add one."),
			      false, dim);
	for (int i = 0; i < goals; i++) {
		snprintf(buf, sizeof buf, "• %s", s->goals[i]);
		tui_draw(y++, x, w, buf, false);
	}
	if (s->n_goals > (size_t)goals) {
		size_t more = s->n_goals - (size_t)goals;

		snprintf(buf, sizeof buf,
			 ngettext("… and %zu more goal", "… and %zu more goals",
				  more),
			 more);
		tui_draw_attr(y++, x, w, buf, false, dim);
	}
	y++;
	tui_draw_attr(y++, x, w,
		      _("Actions to follow up (✓ followed up, + decided in "
			"this meeting)"),
		      false, A_BOLD);
	if (s->n_acts == 0) {
		tui_draw_attr(y, x, w,
			      _("No open actions. Press a to add one."), false,
			      dim);
		return;
	}
	action_row(app, s, y++, x, w, NULL, false);
	detail_text(s, buf, sizeof buf);
	detail = tui_draw_wrapped(t, buf, 0, 0);
	detail = detail < 2 ? detail : 2;
	s->list_h = end - y - detail;
	if (s->list_h < 1)
		s->list_h = 1;
	tui_list_scroll(&s->list, s->list_h);
	shown = (int)s->n_acts - s->list.top;
	shown = shown < s->list_h ? shown : s->list_h;
	for (int i = 0; i < shown; i++)
		action_row(app, s, y + i, x, w, &s->acts[s->list.top + i],
			   s->list.top + i == s->list.sel);
	if (s->list.top > 0)
		tui_draw_attr(y, x + w - 1, 1, "↑", false, A_BOLD);
	if (s->list.top + shown < (int)s->n_acts)
		tui_draw_attr(y + shown - 1, x + w - 1, 1, "↓", false, A_BOLD);
	t.y = y + shown;
	t.h = end - t.y;
	tui_draw_wrapped(t, buf, 0, dim);
}

/* The normal view in the frame's body. */
static void draw_normal(tui_app *app, run_state *s)
{
	tui_rect r = tui_body();
	const run_item *it;
	char buf[300], timer[32];
	int x = 1, w, y, end = r.y + r.h, wt, wi;

	if (s->n == 0) {
		tui_draw_attr(
			r.y + 1, 1, r.w - 2,
			_("The agenda of this meeting is empty. Add items "
			  "on the meeting's screen."),
			false, tui_attr(app, TUI_DIM));
		return;
	}
	if (COLS >= 120) {
		tui_rect side = { r.y, 0, r.h, 26 };

		draw_agenda(app, s, side);
		x = 28;
	}
	w = COLS - x - 1;
	it = &s->items[s->cur];
	timer_text(s, timer, sizeof timer);
	wt = tui_width(timer);
	snprintf(buf, sizeof buf, _("Item %zu of %zu"), s->cur + 1, s->n);
	wi = tui_draw_attr(r.y, x, w - wt - 1, buf, false, A_BOLD) + 3;
	meeting_text(s, buf, sizeof buf);
	tui_draw_attr(r.y, x + wi, w - wt - wi - 1, buf, false,
		      tui_attr(app, TUI_DIM));
	tui_draw_attr(r.y, x + w - wt, wt, timer, false, A_BOLD);
	{
		tui_rect t = { r.y + 1, x, 3, w };

		y = item_title(app, it, t, tui_attr(app, TUI_TITLE) | A_BOLD,
			       true);
	}
	if (it->is_case && it->allowed) {
		char actors[200];

		tui_actors_text(it->present, actors, sizeof actors);
		snprintf(buf, sizeof buf, _("Present: %s"), actors);
		tui_draw_attr(y++, x, w, buf, false, tui_attr(app, TUI_DIM));
	}
	if (!it->allowed && it->is_case)
		return;
	y++;
	if (!it->is_case) {
		draw_minutes(app, it, y, x, w, end - y, true);
		return;
	}
	{
		int want = minutes_rows(it, w);
		int room = end - y - 1 - plan_rows(s, w);

		if (room < 4) /* the actions scroll, the minutes show a bit */
			room = want < 4 ? want : 4;
		y += draw_minutes(app, it, y, x, w, want < room ? want : room,
				  true) +
		     1;
	}
	draw_plan(app, s, y, x, w, end);
}

/* Presentation mode: the current item alone on the whole terminal. */
static void draw_present(tui_app *app, run_state *s)
{
	int x = 2, w = COLS - 4, y = 0, end = LINES - 2, dim;
	const run_item *it;
	char buf[300], timer[32];
	int n_rows, wr;

	dim = tui_attr(app, TUI_DIM);
	tui_draw_attr(LINES - 1, x, w,
		      _("n next item   p previous item   v leave the "
			"presentation mode"),
		      false, dim);
	buf[0] = '\0';
	if (s->n > 0) {
		timer_text(s, timer, sizeof timer);
		snprintf(buf, sizeof buf, _("Item %zu of %zu"), s->cur + 1,
			 s->n);
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "   %s",
			 timer);
	}
	wr = tui_width(buf);
	tui_draw_attr(0, x + w - wr, wr, buf, false, A_BOLD);
	meeting_text(s, buf, sizeof buf);
	tui_draw_attr(0, x, w - wr - 2, buf, false, A_BOLD);
	if (s->n == 0)
		return;
	it = &s->items[s->cur];
	y = 2;
	{
		tui_rect t = { y, x, 3, w };

		y = item_title(app, it, t, A_BOLD, false) + 1;
	}
	if (it->is_case && !it->allowed)
		return;
	if (LINES >= 30)
		y++;
	n_rows = end - y;
	if (it->is_case && s->n_acts > 0)
		n_rows = n_rows / 2 > 3 ? n_rows / 2 : 3;
	{
		int want = minutes_rows(it, w);

		y += draw_minutes(app, it, y, x, w,
				  want < n_rows ? want : n_rows, false) +
		     1;
	}
	if (!it->is_case || s->n_acts == 0 || y + 2 >= end)
		return;
	tui_draw_attr(y++, x, w,
		      _("Actions to follow up (✓ followed up, + decided in "
			"this meeting)"),
		      false, A_BOLD);
	action_row(app, s, y++, x, w, NULL, false);
	for (size_t i = 0; i < s->n_acts && y < end; i++, y++) {
		if (y == end - 1 && i + 1 < s->n_acts) {
			size_t more = s->n_acts - i;

			snprintf(buf, sizeof buf,
				 ngettext("… and %zu more action",
					  "… and %zu more actions", more),
				 more);
			tui_draw_attr(y, x + 2, w - 2, buf, false, dim);
			break;
		}
		action_row(app, s, y, x, w, &s->acts[i], false);
	}
}

void run_draw(tui_app *app, void *state)
{
	if (app->too_small)
		return;
	if (((run_state *)state)->present)
		draw_present(app, state);
	else
		draw_normal(app, state);
}
