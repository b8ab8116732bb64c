/*
 * scr_meetings.c - the Meetings tab (Möten): the list of meetings, the
 * upcoming ones (today and later, soonest first) or the past ones (latest
 * first: the last year at first, a year more each time the selection
 * reaches the oldest one loaded, so that ten years of meetings do not
 * load at once), of every kind or of one kind. From here a meeting is opened
 * (scr_meeting.c), made, deleted or run (scr_run.c). Only meeting facts
 * are shown here: no case code, no name. Also the form of a meeting's
 * facts (kind, date, time, place, district), which scr_meeting.c uses to
 * change them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sspf/settings.h>

#include "tui/scr_meeting.h" /* tui_meeting_form */

/* One meeting of the list: its facts, copied from the callback. */
typedef struct mtg_row {
	sspf_id id;
	sspf_meeting_kind kind;
	sspf_date date;
	char start[6], end[6];
	char *place, *district; /* owned, never NULL */
	size_t n_participants, n_items;
} mtg_row;

typedef struct meetings_state {
	bool past;	     /* past meetings (latest first), else upcoming */
	sspf_date past_from; /* the oldest day loaded (past; 0: a year) */
	bool older;	     /* there are past meetings before past_from */
	int kind;	     /* -1: every kind, else an sspf_meeting_kind */
	mtg_row *rows;
	size_t n, cap;
	bool nomem;
	tui_list list;
	sspf_id want; /* select this one after the next load */
} meetings_state;

enum {
	MS_OPEN = 1,
	MS_NEW,
	MS_DELETE,
	MS_RUN,
	MS_PAST,
	MS_KIND,
};

static const tui_binding meetings_keys[] = {
	{ MS_OPEN, N_("Open"), { '\n' }, true },
	{ MS_NEW, N_("New meeting"), { 'n' }, true },
	{ MS_RUN, N_("Run"), { 'r' }, true },
	{ MS_PAST, N_("Past/upcoming"), { 'p' }, true },
	{ MS_KIND, N_("Filter by kind"), { 'f' }, false },
	{ MS_DELETE, N_("Delete meeting"), { 'd', KEY_DC }, false },
	TUI_LIST_BINDINGS,
};

/* ---- the form of a meeting's facts ---- */

enum { F_KIND, F_DATE, F_START, F_END, F_PLACE, F_DISTRICT, F_N };

typedef struct facts_ctx {
	sspf_id id, created;
	char msg[600];
} facts_ctx;

static const char *facts_save(tui_app *app, void *ctx, tui_field *f, size_t n,
			      int *focus)
{
	facts_ctx *c = ctx;
	sspf_meeting_new m = { 0 };
	sspf_err e;

	(void)n;
	m.kind = (sspf_meeting_kind)f[F_KIND].choice;
	if (!tui_parse_date(f[F_DATE].text, false, &m.date)) {
		*focus = F_DATE;
		return _("Write the date as YYYY-MM-DD, for example "
			 "2026-05-04.");
	}
	if (sspf_time_minutes(f[F_START].text) < 0) {
		*focus = F_START;
		return _("Write the start time as HH:MM, for example 09:00.");
	}
	if (sspf_time_minutes(f[F_END].text) < 0) {
		*focus = F_END;
		return _("Write the end time as HH:MM, for example 10:30.");
	}
	if (sspf_time_minutes(f[F_END].text) <=
	    sspf_time_minutes(f[F_START].text)) {
		*focus = F_END;
		return _("The meeting must end after it starts.");
	}
	m.start = f[F_START].text;
	m.end = f[F_END].text;
	m.place = f[F_PLACE].text[0] != '\0' ? f[F_PLACE].text : NULL;
	m.district = f[F_DISTRICT].text[0] != '\0' ? f[F_DISTRICT].text : NULL;
	if (c->id == 0)
		e = sspf_meeting_create(app->core, &m, &c->created);
	else
		e = sspf_meeting_update(app->core, c->id, &m);
	if (e != SSPF_OK) {
		snprintf(c->msg, sizeof c->msg, _("Could not save: %s"),
			 tui_err_why(e));
		return c->msg;
	}
	return NULL;
}

/* Fill the fields with meeting id's facts, or a new one's defaults. */
static sspf_err facts_fill(tui_app *app, sspf_id id, tui_field *f)
{
	sspf_meeting m = { 0 };
	char date[SSPF_DATE_TEXT];
	bool ok;
	sspf_err e;

	if (id != 0) {
		if ((e = sspf_meeting_get(app->core, id, &m)) != SSPF_OK)
			return e;
	} else {
		m.kind = SSPF_MEETING_GROUP; /* the most common, no names */
		m.date = sspf_core_today(app->core);
		m.district = app->district; /* the setting, read at unlock */
	}
	f[F_KIND].choice = (int)m.kind;
	tui_date_text(m.date, date);
	ok = tui_field_set(&f[F_DATE], date) &&
	     tui_field_set(&f[F_START], m.start) &&
	     tui_field_set(&f[F_END], m.end) &&
	     tui_field_set(&f[F_PLACE], m.place) &&
	     tui_field_set(&f[F_DISTRICT], m.district);
	if (id != 0)
		sspf_meeting_clear(&m);
	return ok ? SSPF_OK : SSPF_ERR_NOMEM;
}

enum tui_result tui_meeting_form(tui_app *app, sspf_id id, sspf_id *created)
{
	const char *kinds[SSPF_MEETING_KINDS + 1];
	tui_field f[F_N];
	facts_ctx c = { .id = id };
	enum tui_result r = TUI_CANCELLED;
	sspf_err e;

	for (int k = 0; k < SSPF_MEETING_KINDS; k++)
		kinds[k] = tui_kind_name((sspf_meeting_kind)k);
	kinds[SSPF_MEETING_KINDS] = NULL;
	memset(f, 0, sizeof f);
	f[F_KIND] = (tui_field){ .label = _("Kind"),
				 .type = TUI_FIELD_CHOICE,
				 .choices = kinds,
				 .hint = _("Left/Right or Space chooses.") };
	f[F_DATE] = (tui_field){ .label = _("Date"),
				 .type = TUI_FIELD_DATE,
				 .max = SSPF_DATE_TEXT - 1,
				 .hint = _("YYYY-MM-DD") };
	f[F_START] = (tui_field){ .label = _("Starts"),
				  .type = TUI_FIELD_TIME,
				  .max = 5,
				  .hint = _("HH:MM, for example 09:00") };
	f[F_END] = (tui_field){ .label = _("Ends"),
				.type = TUI_FIELD_TIME,
				.max = 5,
				.hint = _("HH:MM, for example 10:30") };
	f[F_PLACE] = (tui_field){ .label = _("Place"), .type = TUI_FIELD_TEXT };
	f[F_DISTRICT] =
		(tui_field){ .label = _("District"), .type = TUI_FIELD_TEXT };
	if ((e = facts_fill(app, id, f)) != SSPF_OK)
		tui_flash_err(app, e, _("Could not read the meeting"));
	else
		r = tui_form(app,
			     id == 0 ? _("New meeting")
				     : _("Change the meeting"),
			     f, F_N, facts_save, &c);
	tui_fields_free(f, F_N);
	if (r == TUI_DONE && created != NULL)
		*created = c.created;
	return r;
}

/* ---- data ---- */

static void rows_free(meetings_state *s)
{
	for (size_t i = 0; i < s->n; i++) {
		tui_free_text(s->rows[i].place);
		tui_free_text(s->rows[i].district);
	}
	free(s->rows);
	s->rows = NULL;
	s->n = s->cap = 0;
}

static int add_row(void *arg, const sspf_meeting *m)
{
	meetings_state *s = arg;
	mtg_row *r;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32;
		void *more = realloc(s->rows, cap * sizeof *s->rows);

		if (more == NULL) {
			s->nomem = true;
			return 1;
		}
		s->rows = more;
		s->cap = cap;
	}
	r = &s->rows[s->n];
	memset(r, 0, sizeof *r);
	r->id = m->id;
	r->kind = m->kind;
	r->date = m->date;
	snprintf(r->start, sizeof r->start, "%s", m->start);
	snprintf(r->end, sizeof r->end, "%s", m->end);
	r->place = strdup(m->place != NULL ? m->place : "");
	r->district = strdup(m->district != NULL ? m->district : "");
	r->n_participants = m->n_participants;
	r->n_items = m->n_items;
	s->n++;
	if (r->place == NULL || r->district == NULL) {
		s->nomem = true;
		return 1;
	}
	return 0;
}

/* How far back the past meetings go at first, and each step further. */
#define PAST_STEP_DAYS 365

/* Turn rows from..n round: the past list shows the latest first. */
static void rows_reverse(meetings_state *s, size_t from)
{
	for (size_t i = from, j = s->n; i + 1 < j; i++, j--) {
		mtg_row t = s->rows[i];

		s->rows[i] = s->rows[j - 1];
		s->rows[j - 1] = t;
	}
}

static int found_one(void *arg, const sspf_meeting *m)
{
	(void)m;
	*(bool *)arg = true;
	return 1;
}

/*
 * The year before the oldest past meeting loaded, added at the end of the
 * list (the latest first), the selection where it was; a quiet year is
 * passed over.
 */
static sspf_err load_older(tui_app *app, meetings_state *s)
{
	unsigned kinds = s->kind < 0 ? 0 : 1u << s->kind;
	size_t n0 = s->n;
	sspf_err e = SSPF_OK;

	while (e == SSPF_OK && s->older && s->n == n0) {
		sspf_date from = s->past_from - PAST_STEP_DAYS;

		e = sspf_meeting_list(app->core, from, s->past_from - 1, kinds,
				      add_row, s);
		if (e == SSPF_OK && s->nomem)
			e = SSPF_ERR_NOMEM;
		s->past_from = from;
		s->older = false;
		if (e == SSPF_OK)
			e = sspf_meeting_list(app->core, 0, from - 1, kinds,
					      found_one, &s->older);
	}
	rows_reverse(s, n0);
	tui_list_set(&s->list, (int)s->n);
	return e;
}

/* Load the list, keeping the selected meeting selected. */
static sspf_err load(tui_app *app, meetings_state *s)
{
	sspf_id keep = s->want != 0 ? s->want
		       : s->n > 0 && s->list.sel < (int)s->n
			       ? s->rows[s->list.sel].id
			       : 0;
	sspf_date today = sspf_core_today(app->core);
	unsigned kinds = s->kind < 0 ? 0 : 1u << s->kind;
	sspf_err e;

	s->want = 0;
	rows_free(s);
	s->nomem = false;
	s->older = false;
	if (s->past) {
		if (s->past_from == 0)
			s->past_from = today - PAST_STEP_DAYS;
		e = sspf_meeting_list(app->core, s->past_from, today - 1, kinds,
				      add_row, s);
		if (e == SSPF_OK)
			e = sspf_meeting_list(app->core, 0, s->past_from - 1,
					      kinds, found_one, &s->older);
		if (e == SSPF_OK)
			rows_reverse(s, 0);
		/* a quiet year: the year before it, rather than nothing */
		if (e == SSPF_OK && s->n == 0 && s->older)
			e = load_older(app, s);
	} else
		e = sspf_meeting_list(app->core, today, 0, kinds, add_row, s);
	if (e == SSPF_OK && s->nomem)
		e = SSPF_ERR_NOMEM;
	tui_list_set(&s->list, (int)s->n);
	for (size_t i = 0; keep != 0 && i < s->n; i++)
		if (s->rows[i].id == keep) {
			s->list.sel = (int)i;
			break;
		}
	return e;
}

static sspf_err meetings_enter(tui_app *app, const void *arg, void **state)
{
	meetings_state *s = calloc(1, sizeof *s);
	sspf_err e;

	(void)arg;
	if (s == NULL)
		return SSPF_ERR_NOMEM;
	s->kind = -1;
	if ((e = load(app, s)) != SSPF_OK) {
		rows_free(s);
		free(s);
		return e;
	}
	*state = s;
	return SSPF_OK;
}

static sspf_err meetings_reload(tui_app *app, void *state)
{
	return load(app, state);
}

static void meetings_leave(tui_app *app, void *state)
{
	meetings_state *s = state;

	(void)app;
	if (s == NULL)
		return;
	rows_free(s);
	free(s);
}

/* ---- drawing ---- */

/* The columns of the list, from the translated headings. */
typedef struct cols {
	int date, time, kind, place, district, people, items;
	int w_kind, w_place, w_district, w_people, w_items;
} cols;

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

static cols layout(int x, int w)
{
	cols c;
	int rest;

	c.w_kind = tui_width(_("Kind"));
	for (int k = 0; k < SSPF_MEETING_KINDS; k++)
		c.w_kind =
			max_int(c.w_kind,
				tui_width(tui_kind_name((sspf_meeting_kind)k)));
	c.w_people = max_int(tui_width(_("People")), 3);
	c.w_items = max_int(tui_width(_("Items")), 3);
	c.date = x;
	c.time = c.date + 12;
	c.kind = c.time + 13;
	c.place = c.kind + c.w_kind + 2;
	rest = x + w - c.place - c.w_people - c.w_items - 4;
	if (rest >= 50) { /* room for the district too */
		c.w_place = rest * 3 / 5;
		c.w_district = rest - c.w_place - 2;
		c.district = c.place + c.w_place + 2;
	} else {
		c.w_place = rest;
		c.w_district = 0;
		c.district = c.place + c.w_place;
	}
	c.people = x + w - c.w_items - 2 - c.w_people;
	c.items = x + w - c.w_items;
	return c;
}

/* n right-aligned in w columns at y, x. */
static void draw_count(int y, int x, int w, size_t n, int attr)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%*zu", w, n);
	tui_draw_attr(y, x, w, buf, true, attr);
}

static void draw_heading(const meetings_state *s, tui_rect r, int dim)
{
	const char *which = s->past ? _("Past meetings, the latest first")
				    : _("Upcoming meetings, the soonest first");
	char kind[160];
	int x;

	if (s->kind < 0)
		snprintf(kind, sizeof kind, "%s", _("Kind: all"));
	else
		snprintf(kind, sizeof kind, _("Kind: %s"),
			 tui_kind_name((sspf_meeting_kind)s->kind));
	x = 1 + tui_draw_attr(r.y, 1, r.w - 2, which, false, A_BOLD);
	x += 2;
	x += tui_draw_attr(r.y, x, r.w - 1 - x, kind, false, A_BOLD);
	x += 2;
	tui_draw_attr(r.y, x, r.w - 1 - x, _("(p: past/upcoming, f: kind)"),
		      false, dim);
}

static void meetings_draw(tui_app *app, void *state)
{
	meetings_state *s = state;
	tui_rect r = tui_body();
	cols c = layout(1, r.w - 2);
	int dim = tui_attr(app, TUI_DIM), rows = r.h - 2;

	draw_heading(s, r, dim);
	tui_draw_attr(r.y + 1, c.date, 10, _("Date"), false, A_UNDERLINE);
	tui_draw_attr(r.y + 1, c.time, 11, _("Time"), false, A_UNDERLINE);
	tui_draw_attr(r.y + 1, c.kind, c.w_kind, _("Kind"), false, A_UNDERLINE);
	tui_draw_attr(r.y + 1, c.place, c.w_place, _("Place"), false,
		      A_UNDERLINE);
	if (c.w_district > 0)
		tui_draw_attr(r.y + 1, c.district, c.w_district, _("District"),
			      false, A_UNDERLINE);
	tui_draw_attr(r.y + 1, c.people, c.w_people, _("People"), false,
		      A_UNDERLINE);
	tui_draw_attr(r.y + 1, c.items, c.w_items, _("Items"), false,
		      A_UNDERLINE);
	if (s->n == 0) {
		tui_draw_attr(r.y + 3, 2, r.w - 4,
			      s->past ? _("There are no past meetings here.")
				      : _("There are no upcoming meetings "
					  "here."),
			      false, dim);
		tui_draw_attr(r.y + 4, 2, r.w - 4,
			      _("Press n to make a new meeting."), false, dim);
		return;
	}
	tui_list_scroll(&s->list, rows);
	for (int row = 0; row < rows; row++) {
		int i = s->list.top + row, y = r.y + 2 + row, attr;
		const mtg_row *m;
		char date[SSPF_DATE_TEXT], time[32];

		if (i >= (int)s->n)
			break;
		m = &s->rows[i];
		attr = i == s->list.sel ? tui_attr(app, TUI_SELECTED)
					: (int)A_NORMAL;
		tui_draw_attr(y, 0, r.w, "", true, attr);
		tui_date_text(m->date, date);
		snprintf(time, sizeof time, "%s–%s", m->start, m->end);
		tui_draw_attr(y, c.date, 10, date, false, attr);
		tui_draw_attr(y, c.time, 11, time, false, attr);
		tui_draw_attr(y, c.kind, c.w_kind, tui_kind_name(m->kind),
			      false, attr);
		tui_draw_attr(y, c.place, c.w_place, m->place, false, attr);
		if (c.w_district > 0)
			tui_draw_attr(y, c.district, c.w_district, m->district,
				      false, attr);
		draw_count(y, c.people, c.w_people, m->n_participants, attr);
		draw_count(y, c.items, c.w_items, m->n_items, attr);
	}
	if (s->list.top > 0)
		tui_draw(r.y + 2, r.w - 1, 1, "↑", false);
	if (s->list.top + rows < (int)s->n)
		tui_draw(r.y + r.h - 1, r.w - 1, 1, "↓", false);
}

/* ---- actions ---- */

static const mtg_row *selected(const meetings_state *s)
{
	if (s->n == 0 || s->list.sel < 0 || s->list.sel >= (int)s->n)
		return NULL;
	return &s->rows[s->list.sel];
}

static unsigned do_new(tui_app *app, meetings_state *s)
{
	sspf_id id = 0;
	enum tui_result res = tui_meeting_form(app, 0, &id);
	sspf_meeting m = { 0 };

	if (res != TUI_DONE)
		return TUI_HANDLED;
	/* back in the list, the new meeting is shown and selected */
	if (sspf_meeting_get(app->core, id, &m) == SSPF_OK) {
		s->past = m.date < sspf_core_today(app->core);
		s->kind = -1;
		s->want = id;
		sspf_meeting_clear(&m);
	}
	tui_flash(app, "%s", _("The meeting is saved."));
	tui_push(app, &tui_meeting_screen, &id);
	return TUI_HANDLED | TUI_RELOAD;
}

static unsigned do_delete(tui_app *app, const mtg_row *m)
{
	char date[SSPF_DATE_TEXT], q[512];
	enum tui_result res;
	sspf_err e;

	tui_date_text(m->date, date);
	snprintf(q, sizeof q,
		 _("Delete the %s of %s with its participants, agenda and "
		   "minutes? Actions decided in it are kept."),
		 tui_kind_name(m->kind), date);
	res = tui_confirm(app, q);
	if (res != TUI_DONE)
		return TUI_HANDLED;
	e = sspf_meeting_delete(app->core, m->id);
	if (e != SSPF_OK) {
		tui_flash_err(app, e, _("Could not delete the meeting"));
		return TUI_HANDLED | TUI_RELOAD;
	}
	tui_flash(app, "%s", _("The meeting is deleted."));
	return TUI_HANDLED | TUI_RELOAD;
}

static unsigned meetings_act(tui_app *app, void *state, int action)
{
	meetings_state *s = state;
	const mtg_row *m = selected(s);
	sspf_id id;

	if (tui_list_act(&s->list, action, tui_body().h - 2)) {
		/* at the oldest meeting loaded: load a year more */
		if (s->past && s->older && s->n > 0 &&
		    s->list.sel == (int)s->n - 1) {
			sspf_err e = load_older(app, s);

			if (e != SSPF_OK)
				tui_flash_err(app, e, _("Could not read it"));
		}
		return TUI_HANDLED;
	}
	switch (action) {
	case MS_NEW:
		return do_new(app, s);
	case MS_PAST:
		s->past = !s->past;
		s->past_from = 0;
		s->list.sel = s->list.top = 0;
		return TUI_HANDLED | TUI_RELOAD;
	case MS_KIND:
		s->kind = s->kind + 1 < SSPF_MEETING_KINDS ? s->kind + 1 : -1;
		return TUI_HANDLED | TUI_RELOAD;
	default:
		break;
	}
	if (action != MS_OPEN && action != MS_DELETE && action != MS_RUN)
		return TUI_UNHANDLED;
	if (m == NULL) {
		tui_flash(app, "%s",
			  _("There is no meeting here; press n to "
			    "make one."));
		return TUI_HANDLED;
	}
	id = m->id;
	switch (action) {
	case MS_OPEN:
		tui_push(app, &tui_meeting_screen, &id);
		return TUI_HANDLED;
	case MS_RUN:
		tui_push(app, &tui_run_screen, &id);
		return TUI_HANDLED;
	default:
		return do_delete(app, m);
	}
}

const tui_screen tui_meetings_screen = {
	.name = N_("Meetings"),
	.keys = meetings_keys,
	.n_keys = sizeof meetings_keys / sizeof meetings_keys[0],
	.enter = meetings_enter,
	.reload = meetings_reload,
	.leave = meetings_leave,
	.draw = meetings_draw,
	.act = meetings_act,
};
