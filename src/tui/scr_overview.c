/*
 * scr_overview.c - the overview (home screen after unlocking): the next
 * meetings, the overdue actions, the consents that expire within 30 days,
 * the cases waiting for consent and what retention (gallring) has due,
 * each a short section with a count. It is the screen shown when the
 * laptop is opened in a room, so it never shows a child's or a guardian's
 * name: case codes, dates, meeting facts and action texts only. One
 * selection runs over every line; Enter opens what the line is about.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sspf/purge.h>

#include "tui/tui.h"

#define EXPIRY_DAYS 30
#define SECTION_MAX 100 /* lines kept per section; the count is all */

enum ov_section {
	OV_MEETINGS = 0,
	OV_OVERDUE,
	OV_EXPIRING,
	OV_PENDING,
	OV_RETENTION,
	OV_SECTIONS
};

/* One line of a section. */
typedef struct ov_item {
	sspf_id id;		   /* a meeting */
	char code[SSPF_CODE_SIZE]; /* an action's or a consent's case */
	sspf_date date;		   /* meeting, due, valid until */
	bool withheld;		   /* an action the gate refused */
	char *text; /* meeting: time, kind, place; action: what (wiped) */
} ov_item;

typedef struct ov_section_data {
	ov_item *items; /* at most SECTION_MAX */
	int n;		/* items held */
	long count;	/* all there are */
	sspf_err err;	/* SSPF_OK, or why it could not be read */
} ov_section_data;

typedef struct ov_state {
	ov_section_data sec[OV_SECTIONS];
	sspf_date today;
	size_t purge_cases;
	long long purge_log;
	sspf_date log_before;
	tui_list list; /* over the lines shown */
} ov_state;

enum { OV_OPEN = 1 };

static const tui_binding ov_keys[] = {
	{ OV_OPEN, N_("Open"), { '\n', ' ' }, true },
	TUI_LIST_BINDINGS,
};

static const char *const ov_titles[OV_SECTIONS] = {
	N_("Next meetings"),
	N_("Overdue actions"),
	N_("Consents expiring within 30 days"),
	N_("Waiting for consent"),
	N_("Retention due"),
};

/* ---- loading ---- */

static void section_clear(ov_section_data *s)
{
	for (int i = 0; i < s->n; i++)
		tui_free_text(s->items[i].text);
	free(s->items);
	memset(s, 0, sizeof *s);
}

/* A new line at the end of s, or NULL (then only the count grows). */
static ov_item *section_add(ov_section_data *s)
{
	s->count++;
	if (s->n >= SECTION_MAX)
		return NULL;
	if (s->items == NULL) {
		s->items = calloc(SECTION_MAX, sizeof *s->items);
		if (s->items == NULL) {
			s->err = SSPF_ERR_NOMEM;
			return NULL;
		}
	}
	return &s->items[s->n++];
}

static int on_meeting(void *arg, const sspf_meeting *m)
{
	ov_section_data *s = arg;
	ov_item *it = section_add(s);
	char buf[SSPF_TEXT_MAX + 64];

	if (it == NULL)
		return s->err != SSPF_OK;
	it->id = m->id;
	it->date = m->date;
	snprintf(buf, sizeof buf, "%s–%s  %s%s%s", m->start, m->end,
		 tui_kind_name(m->kind),
		 m->place != NULL && m->place[0] != '\0' ? ", " : "",
		 m->place != NULL ? m->place : "");
	it->text = strdup(buf);
	return 0;
}

static int on_overdue(void *arg, const sspf_open_action *a)
{
	ov_section_data *s = arg;
	ov_item *it = section_add(s);

	if (it == NULL)
		return s->err != SSPF_OK;
	snprintf(it->code, sizeof it->code, "%s", a->code);
	it->date = a->due;
	it->withheld = a->withheld;
	if (!a->withheld && a->what != NULL)
		it->text = strdup(a->what);
	return 0;
}

static int on_case(void *arg, const sspf_case_line *l)
{
	ov_state *st = arg;
	ov_item *it;

	/* only the code, the state and the consent's date are used here */
	if (l->closed)
		return 0;
	if (l->state == SSPF_STATE_VALID && l->valid_until != 0 &&
	    l->valid_until - st->today <= EXPIRY_DAYS) {
		it = section_add(&st->sec[OV_EXPIRING]);
		if (it != NULL) {
			snprintf(it->code, sizeof it->code, "%s", l->code);
			it->date = l->valid_until;
		}
	} else if (l->state == SSPF_STATE_PENDING) {
		it = section_add(&st->sec[OV_PENDING]);
		if (it != NULL)
			snprintf(it->code, sizeof it->code, "%s", l->code);
	}
	return 0;
}

static int by_date(const void *a, const void *b)
{
	const ov_item *x = a, *y = b;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return strcmp(x->code, y->code);
}

static void load_retention(tui_app *app, ov_state *st)
{
	ov_section_data *s = &st->sec[OV_RETENTION];
	sspf_purge_report rep;
	sspf_err e;

	memset(&rep, 0, sizeof rep);
	e = sspf_purge(app->core, true, &rep);
	if (e != SSPF_OK) {
		s->err = e;
		sspf_purge_report_free(&rep);
		return;
	}
	st->purge_cases = rep.n_cases;
	st->purge_log = (long long)rep.log_entries;
	st->log_before = rep.log_before;
	for (size_t i = 0; i < rep.n_cases; i++) {
		ov_item *it = section_add(s);

		if (it == NULL)
			break;
		snprintf(it->code, sizeof it->code, "%s", rep.cases[i].code);
	}
	sspf_purge_report_free(&rep);
}

static void load(tui_app *app, ov_state *st)
{
	/* the lines a section can hold; the count is all of them */
	sspf_action_filter f = { .overdue_only = true, .limit = SECTION_MAX };
	ov_section_data *s;
	size_t overdue = 0;
	sspf_err e;

	for (int i = 0; i < OV_SECTIONS; i++)
		section_clear(&st->sec[i]);
	st->purge_cases = 0;
	st->purge_log = 0;
	st->today = sspf_core_today(app->core);

	s = &st->sec[OV_MEETINGS];
	if ((e = sspf_meeting_list(app->core, st->today, 0, 0, on_meeting,
				   s)) != SSPF_OK)
		s->err = e;
	s = &st->sec[OV_OVERDUE];
	if ((e = sspf_actions_open(app->core, &f, on_overdue, s)) != SSPF_OK)
		s->err = e;
	f.limit = 0;
	if (e == SSPF_OK &&
	    (e = sspf_actions_count(app->core, &f, &overdue)) == SSPF_OK)
		s->count = (long)overdue;
	else if (e != SSPF_OK)
		s->err = e;
	if ((e = sspf_case_list(app->core, on_case, st)) != SSPF_OK) {
		st->sec[OV_EXPIRING].err = e;
		st->sec[OV_PENDING].err = e;
	}
	s = &st->sec[OV_EXPIRING];
	if (s->n > 1)
		qsort(s->items, (size_t)s->n, sizeof *s->items, by_date);
	load_retention(app, st);
}

static sspf_err ov_enter(tui_app *app, const void *arg, void **state)
{
	ov_state *st = calloc(1, sizeof *st);

	(void)arg;
	if (st == NULL)
		return SSPF_ERR_NOMEM;
	load(app, st);
	*state = st;
	return SSPF_OK;
}

static sspf_err ov_reload(tui_app *app, void *state)
{
	load(app, state);
	return SSPF_OK;
}

static void ov_leave(tui_app *app, void *state)
{
	ov_state *st = state;

	(void)app;
	for (int i = 0; i < OV_SECTIONS; i++)
		section_clear(&st->sec[i]);
	free(st);
}

/* ---- layout ---- */

/* The lines of retention: the codes, then the log entries. */
static int retention_lines(const ov_state *st)
{
	return (st->sec[OV_RETENTION].n > 0 ? 1 : 0) + (st->purge_log > 0);
}

static int section_lines(const ov_state *st, int i)
{
	if (st->sec[i].err != SSPF_OK && st->sec[i].n == 0)
		return 0;
	return i == OV_RETENTION ? retention_lines(st) : st->sec[i].n;
}

/*
 * How many lines of each section fit in h rows (quota) and whether a gap
 * goes between sections: the room is shared out one line at a time, so a
 * short section leaves its room to the others.
 */
static bool layout(const ov_state *st, int h, int quota[OV_SECTIONS])
{
	bool gaps = h >= 30;
	int rows = h - OV_SECTIONS - (gaps ? OV_SECTIONS - 1 : 0);
	bool more = true;

	for (int i = 0; i < OV_SECTIONS; i++)
		quota[i] = 0;
	while (rows > 0 && more) {
		more = false;
		for (int i = 0; i < OV_SECTIONS && rows > 0; i++) {
			if (quota[i] < section_lines(st, i)) {
				quota[i]++;
				rows--;
				more = true;
			}
		}
	}
	return gaps;
}

static int shown_lines(const ov_state *st, int h)
{
	int quota[OV_SECTIONS], n = 0;

	layout(st, h, quota);
	for (int i = 0; i < OV_SECTIONS; i++)
		n += quota[i];
	return n;
}

/* Which section and line the selection index sel is on. */
static bool locate(const ov_state *st, int h, int sel, int *sec, int *line)
{
	int quota[OV_SECTIONS];

	layout(st, h, quota);
	for (int i = 0; i < OV_SECTIONS; i++) {
		if (sel < quota[i]) {
			*sec = i;
			*line = sel;
			return true;
		}
		sel -= quota[i];
	}
	return false;
}

/* ---- drawing ---- */

static void draw_heading(tui_app *app, const ov_state *st, int i, int y, int w,
			 int shown)
{
	const ov_section_data *s = &st->sec[i];
	char buf[256];

	if (s->err != SSPF_OK) {
		snprintf(buf, sizeof buf, _("%s: could not be read (%s)"),
			 _(ov_titles[i]), tui_strerror(s->err));
		tui_draw_attr(y, 1, w - 2, buf, false,
			      tui_attr(app, TUI_OVERDUE));
		return;
	}
	if (i == OV_RETENTION)
		snprintf(buf, sizeof buf,
			 _("Retention due: cases %zu, log entries %lld"),
			 st->purge_cases, st->purge_log);
	else if (shown < s->count && s->count > 0)
		snprintf(buf, sizeof buf, _("%s (%ld, the first %d shown)"),
			 _(ov_titles[i]), s->count, shown);
	else
		snprintf(buf, sizeof buf, _("%s (%ld)"), _(ov_titles[i]),
			 s->count);
	tui_draw_attr(y, 1, w - 2, buf, false, A_BOLD);
}

/* The codes of the cases due, as many as fit. */
static void retention_codes(const ov_state *st, char *buf, size_t size)
{
	const ov_section_data *s = &st->sec[OV_RETENTION];
	size_t used = (size_t)snprintf(buf, size, "%s ", _("Cases:"));

	for (int i = 0; i < s->n && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 i > 0 ? ", " : "", s->items[i].code);
	if (s->count > s->n && used < size)
		snprintf(buf + used, size - used, ", …");
}

static void draw_item(tui_app *app, const ov_state *st, int sec, int line,
		      int y, int w, bool selected)
{
	const ov_section_data *s = &st->sec[sec];
	const ov_item *it = line < s->n ? &s->items[line] : NULL;
	int base = selected ? tui_attr(app, TUI_SELECTED) : (int)A_NORMAL;
	int x = 3, right = w - 1;
	char date[SSPF_DATE_TEXT], buf[1024];

	tui_draw_attr(y, 1, w - 2, "", true, base);
	switch (sec) {
	case OV_MEETINGS:
		tui_date_text(it->date, date);
		x += tui_draw_attr(y, x, right - x, date, false, base) + 2;
		tui_draw_attr(y, x, right - x, it->text ? it->text : "", false,
			      base);
		break;
	case OV_OVERDUE:
		x += tui_draw_attr(y, x, right - x, it->code, false, base);
		x = x < 14 ? 14 : x + 2;
		tui_date_text(it->date, date);
		tui_draw_attr(y, x, right - x, date, false,
			      selected ? base : tui_attr(app, TUI_OVERDUE));
		x += 12;
		if (it->withheld)
			tui_draw_attr(y, x, right - x,
				      _("not readable: consent"), false,
				      selected ? base
					       : tui_attr(app, TUI_REFUSED));
		else
			tui_draw_attr(y, x, right - x, it->text ? it->text : "",
				      false, base);
		break;
	case OV_EXPIRING:
		x += tui_draw_attr(y, x, right - x, it->code, false, base);
		x = x < 14 ? 14 : x + 2;
		tui_date_text(it->date, date);
		snprintf(buf, sizeof buf, _("valid until %s"), date);
		tui_draw_attr(y, x, right - x, buf, false, base);
		break;
	case OV_PENDING:
		tui_draw_attr(y, x, right - x, it->code, false, base);
		break;
	case OV_RETENTION:
		if (line == 0 && s->n > 0) {
			retention_codes(st, buf, sizeof buf);
		} else {
			tui_date_text(st->log_before, date);
			snprintf(buf, sizeof buf,
				 _("Audit log entries older than %s: %lld"),
				 date, st->purge_log);
		}
		tui_draw_attr(y, x, right - x, buf, false, base);
		break;
	default:
		break;
	}
}

static void ov_draw(tui_app *app, void *state)
{
	ov_state *st = state;
	tui_rect r = tui_body();
	int quota[OV_SECTIONS], y = r.y, k = 0;
	bool gaps = layout(st, r.h, quota);

	tui_list_set(&st->list, shown_lines(st, r.h));
	for (int i = 0; i < OV_SECTIONS && y < r.y + r.h; i++) {
		draw_heading(app, st, i, y++, r.w, quota[i]);
		for (int j = 0; j < quota[i] && y < r.y + r.h; j++, k++)
			draw_item(app, st, i, j, y++, r.w, k == st->list.sel);
		if (gaps)
			y++;
	}
	if (st->list.n == 0 && y + 1 < r.y + r.h)
		tui_draw_attr(y + 1, 1, r.w - 2,
			      _("Nothing needs attention right now."), false,
			      tui_attr(app, TUI_DIM));
}

/* ---- actions ---- */

static unsigned open_selected(tui_app *app, ov_state *st)
{
	int sec, line;
	const ov_item *it;
	char code[SSPF_CODE_SIZE];
	sspf_id id;

	if (st->list.n == 0 ||
	    !locate(st, tui_body().h, st->list.sel, &sec, &line))
		return TUI_HANDLED;
	if (sec == OV_RETENTION) {
		/* leaves every screen, this one too: touch nothing after */
		tui_switch(app, &tui_settings_screen);
		tui_flash(app, "%s",
			  _("Press g to see what retention would delete."));
		return TUI_HANDLED;
	}
	it = &st->sec[sec].items[line];
	/* tui_push keeps this screen; copy what the next one needs */
	snprintf(code, sizeof code, "%s", it->code);
	id = it->id;
	switch (sec) {
	case OV_MEETINGS:
		tui_push(app, &tui_meeting_screen, &id);
		break;
	case OV_OVERDUE:
		tui_push(app, &tui_case_screen, code);
		break;
	default:
		tui_push(app, &tui_consent_screen, code);
		break;
	}
	return TUI_HANDLED;
}

static unsigned ov_act(tui_app *app, void *state, int action)
{
	ov_state *st = state;
	int h = tui_body().h;

	tui_list_set(&st->list, shown_lines(st, h));
	/* the lines are short: the list never scrolls, h is its height */
	if (tui_list_act(&st->list, action, h))
		return TUI_HANDLED;
	if (action == OV_OPEN)
		return open_selected(app, st);
	return TUI_UNHANDLED;
}

const tui_screen tui_overview_screen = {
	.name = N_("Overview"),
	.keys = ov_keys,
	.n_keys = sizeof ov_keys / sizeof ov_keys[0],
	.enter = ov_enter,
	.reload = ov_reload,
	.leave = ov_leave,
	.draw = ov_draw,
	.act = ov_act,
};
