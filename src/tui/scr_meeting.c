/*
 * scr_meeting.c - one meeting (arg: a const sspf_id *): its facts, its
 * participants and its agenda (dagordning), in two panes; Tab chooses the
 * pane the keys act on. Participants and agenda items are added, removed
 * and (the agenda) put in order (scr_meeting_edit.c); the meeting is run
 * in scr_run.c. Its agenda and minutes are printed from here (u).
 *
 * What a case item shows is what the consent gate in the library lets be
 * shown in this meeting: its code, the child's name only where the API
 * gives it (never in an arbetsgruppsmöte), and for a refused case the code
 * and the reason, nothing else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/print_dialog.h"
#include "tui/scr_meeting.h"

enum {
	ME_EDIT = 1,
	ME_PART,
	ME_CASE,
	ME_TOPIC,
	ME_UP,
	ME_DOWN,
	ME_REMOVE,
	ME_RUN,
	ME_PANE,
	ME_SHOW,
	ME_PRINT,
};

static const tui_binding meeting_keys[] = {
	{ ME_PART, N_("Add participant"), { 'p' }, true },
	{ ME_CASE, N_("Add case"), { 'c' }, true },
	{ ME_TOPIC, N_("Add topic"), { 't' }, true },
	{ ME_RUN, N_("Run"), { 'r' }, true },
	{ ME_PRINT, N_("Print…"), { 'u' }, true },
	{ ME_EDIT, N_("Change date, time, place"), { 'e' }, false },
	{ ME_PANE, N_("Participants or agenda"), { '\t' }, false },
	{ ME_SHOW, N_("Show the whole line"), { '\n' }, false },
	{ ME_UP, N_("Move the agenda item up"), { '+' }, false },
	{ ME_DOWN, N_("Move the agenda item down"), { '-' }, false },
	{ ME_REMOVE,
	  N_("Remove participant or agenda item"),
	  { KEY_DC, 'x' },
	  false },
	TUI_LIST_BINDINGS,
};

/* ---- data ---- */

static void data_free(meeting_state *s)
{
	for (size_t i = 0; i < s->n_parts; i++) {
		tui_free_text(s->parts[i].name);
		tui_free_text(s->parts[i].role);
	}
	for (size_t i = 0; i < s->n_items; i++) {
		tui_free_text(s->items[i].topic);
		tui_free_text(s->items[i].child_name);
		tui_free_text(s->items[i].reason);
	}
	free(s->parts);
	free(s->items);
	s->parts = NULL;
	s->items = NULL;
	s->n_parts = s->cap_parts = s->n_items = s->cap_items = 0;
	sspf_meeting_clear(&s->m);
}

bool mtg_grow(void **p, size_t *cap, size_t n, size_t size)
{
	void *more;
	size_t c;

	if (n < *cap)
		return true;
	c = *cap ? *cap * 2 : 16;
	if ((more = realloc(*p, c * size)) == NULL)
		return false;
	*p = more;
	*cap = c;
	return true;
}

static char *dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

static int add_part(void *arg, const sspf_participant_line *l)
{
	meeting_state *s = arg;
	part_row *p;

	if (!mtg_grow((void **)&s->parts, &s->cap_parts, s->n_parts,
		      sizeof *s->parts)) {
		s->nomem = true;
		return 1;
	}
	p = &s->parts[s->n_parts++];
	p->id = l->id;
	p->actor = l->actor;
	p->name = dup_or_null(l->name);
	p->role = strdup(l->role != NULL ? l->role : "");
	if ((l->name != NULL && p->name == NULL) || p->role == NULL) {
		s->nomem = true;
		return 1;
	}
	return 0;
}

static int add_item(void *arg, const sspf_agenda_line *l)
{
	meeting_state *s = arg;
	item_row *it;
	char reason[512];

	if (!mtg_grow((void **)&s->items, &s->cap_items, s->n_items,
		      sizeof *s->items)) {
		s->nomem = true;
		return 1;
	}
	it = &s->items[s->n_items++];
	memset(it, 0, sizeof *it);
	it->id = l->id;
	it->position = l->position;
	it->is_case = l->is_case;
	snprintf(it->code, sizeof it->code, "%s", l->code);
	it->topic = strdup(l->topic != NULL ? l->topic : "");
	it->present = l->present;
	it->allowed = !l->is_case || l->verdict.allowed;
	/* never a name in an arbetsgruppsmöte, whatever comes */
	if (l->is_case && it->allowed && s->m.kind != SSPF_MEETING_GROUP &&
	    l->child_name != NULL &&
	    (it->child_name = strdup(l->child_name)) == NULL)
		s->nomem = true;
	if (!it->allowed) {
		/* the verdict's details are valid during this call only */
		tui_verdict_text(&l->verdict, reason, sizeof reason);
		if ((it->reason = strdup(reason)) == NULL)
			s->nomem = true;
	}
	if (it->topic == NULL)
		s->nomem = true;
	return s->nomem ? 1 : 0;
}

/* Select the row with id want (if any) in l, else keep l's index. */
static void reselect(tui_list *l, int n, sspf_id want, const sspf_id *ids,
		     size_t stride)
{
	tui_list_set(l, n);
	for (int i = 0; want != 0 && i < n; i++)
		if (*(const sspf_id *)((const char *)ids +
				       (size_t)i * stride) == want) {
			l->sel = i;
			break;
		}
}

static sspf_err load(tui_app *app, meeting_state *s)
{
	sspf_id part = s->want_part, item = s->want_item;
	sspf_err e;

	if (part == 0 && s->plist.sel < (int)s->n_parts)
		part = s->parts[s->plist.sel].id;
	if (item == 0 && s->alist.sel < (int)s->n_items)
		item = s->items[s->alist.sel].id;
	s->want_part = s->want_item = 0;
	data_free(s);
	s->nomem = false;
	e = sspf_meeting_get(app->core, s->id, &s->m);
	if (e == SSPF_OK)
		e = sspf_participants_get(app->core, s->id, add_part, s);
	if (e == SSPF_OK && !s->nomem)
		e = sspf_agenda_get(app->core, s->id, add_item, s);
	if (e == SSPF_OK && s->nomem)
		e = SSPF_ERR_NOMEM;
	reselect(&s->plist, (int)s->n_parts, part,
		 s->parts != NULL ? &s->parts[0].id : NULL, sizeof *s->parts);
	reselect(&s->alist, (int)s->n_items, item,
		 s->items != NULL ? &s->items[0].id : NULL, sizeof *s->items);
	return e;
}

static sspf_err meeting_enter(tui_app *app, const void *arg, void **state)
{
	meeting_state *s;
	sspf_err e;

	if (arg == NULL)
		return SSPF_ERR_INVALID;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return SSPF_ERR_NOMEM;
	s->id = *(const sspf_id *)arg;
	s->pane = PANE_AGENDA;
	if ((e = load(app, s)) != SSPF_OK) {
		data_free(s);
		free(s);
		return e;
	}
	*state = s;
	return SSPF_OK;
}

static sspf_err meeting_reload(tui_app *app, void *state)
{
	return load(app, state);
}

static void meeting_leave(tui_app *app, void *state)
{
	meeting_state *s = state;

	(void)app;
	if (s == NULL)
		return;
	data_free(s);
	free(s);
}

/* ---- drawing ---- */

typedef struct panes {
	tui_rect part, agenda; /* a heading line, then the rows */
} panes;

static panes layout(const meeting_state *s)
{
	tui_rect b = tui_body();
	int y = b.y + 3, h = b.h - 3;
	panes p;

	/* side by side where the room is wide but low; else one above the
	   other, where the agenda's long lines (a reason) have the width */
	if (b.w >= 120 && b.h < 30) {
		int pw = (b.w - 3) * 2 / 5;

		p.part = (tui_rect){ y, 1, h, pw };
		p.agenda = (tui_rect){ y, pw + 3, h, b.w - pw - 4 };
	} else {
		/* the participants get what the agenda does not need, and at
		   least 5 lines; the agenda at least half of the room */
		int avail = h - 3, parts = (int)s->n_parts;
		int need = s->n_items > 0 ? (int)s->n_items : 1, rows;

		need = need < avail / 2 ? need : avail / 2;
		rows = parts < avail - need ? parts : avail - need;
		if (rows < 5)
			rows = parts < 5 ? parts : 5;
		rows = rows > 0 ? rows : 1;
		p.part = (tui_rect){ y, 1, rows + 1, b.w - 2 };
		p.agenda = (tui_rect){ y + rows + 2, 1, h - rows - 2, b.w - 2 };
	}
	return p;
}

static void draw_facts(tui_app *app, const meeting_state *s, tui_rect b)
{
	const sspf_meeting *m = &s->m;
	char date[SSPF_DATE_TEXT], line[SSPF_TEXT_MAX + 64], actors[160];
	int x = 1, dim = tui_attr(app, TUI_DIM);

	tui_date_text(m->date, date);
	snprintf(line, sizeof line, "%s  %s–%s  %s", date, m->start, m->end,
		 tui_kind_name(m->kind));
	x += tui_draw_attr(b.y, x, b.w - 2, line, false, A_BOLD) + 3;
	if (m->place != NULL && m->place[0] != '\0') {
		snprintf(line, sizeof line, _("Place: %s"), m->place);
		x += tui_draw(b.y, x, b.w - 1 - x, line, false) + 3;
	}
	/* the district in the title needs no repeating */
	if (m->district != NULL && m->district[0] != '\0' &&
	    (app->district == NULL ||
	     strcmp(m->district, app->district) != 0)) {
		snprintf(line, sizeof line, _("District: %s"), m->district);
		tui_draw(b.y, x, b.w - 1 - x, line, false);
	}
	tui_actors_text(m->actors, actors, sizeof actors);
	snprintf(line, sizeof line, _("Actors: %s"), actors);
	x = 1 + tui_draw(b.y + 1, 1, b.w - 2, line, false) + 3;
	if (m->kind == SSPF_MEETING_GROUP)
		tui_draw_attr(b.y + 1, x, b.w - 1 - x,
			      _("Case codes only, no names."), false, dim);
}

/* A pane's heading: its title, marked when the keys act on it. */
static void draw_heading(tui_app *app, const meeting_state *s, tui_rect r,
			 int pane, const char *title)
{
	int x;

	if (s->pane == pane) {
		x = r.x + tui_draw_attr(r.y, r.x, r.w, "▶ ", false, A_BOLD);
		tui_draw_attr(r.y, x, r.x + r.w - x, title, false,
			      A_BOLD | A_UNDERLINE);
		return;
	}
	x = r.x + 2 +
	    tui_draw_attr(r.y, r.x + 2, r.w - 2, title, false, A_BOLD);
	tui_draw_attr(r.y, x + 2, r.x + r.w - x - 2, _("(Tab to select)"),
		      false, tui_attr(app, TUI_DIM));
}

static int actor_width(void)
{
	int w = 0;

	for (unsigned a = 0; a <= SSPF_ACTOR_ANNAN; a = a ? a << 1 : 1) {
		int k = tui_width(tui_actor_name(a));

		w = k > w ? k : w;
	}
	return w;
}

static void draw_parts(tui_app *app, meeting_state *s, tui_rect r)
{
	char title[128];
	int rows = r.h - 1, aw = actor_width(), nw = (r.w - aw - 6) / 2;

	nw = nw < 32 ? nw : 32;
	int dim = tui_attr(app, TUI_DIM);

	snprintf(title, sizeof title, _("Participants (%zu)"), s->n_parts);
	draw_heading(app, s, r, PANE_PART, title);
	if (s->n_parts == 0) {
		tui_draw_attr(r.y + 1, r.x + 2, r.w - 2,
			      _("No participants yet; press p to add one."),
			      false, dim);
		return;
	}
	tui_list_scroll(&s->plist, rows);
	for (int row = 0; row < rows; row++) {
		int i = s->plist.top + row, y = r.y + 1 + row, x = r.x + 2;
		bool sel = s->pane == PANE_PART && i == s->plist.sel;
		int attr = sel ? tui_attr(app, TUI_SELECTED) : (int)A_NORMAL;
		const part_row *p;

		if (i >= (int)s->n_parts)
			break;
		p = &s->parts[i];
		tui_draw_attr(y, r.x, r.w, "", true, attr);
		if (p->name != NULL)
			tui_draw_attr(y, x, nw, p->name, false, attr);
		else
			tui_draw_attr(y, x, nw, "–", false, sel ? attr : dim);
		x += nw + 2;
		tui_draw_attr(y, x, aw, tui_actor_name(p->actor), false, attr);
		x += aw + 2;
		tui_draw_attr(y, x, r.x + r.w - x, p->role, false, attr);
	}
	if (s->plist.top + rows < (int)s->n_parts)
		tui_draw(r.y + r.h - 1, r.x + r.w - 1, 1, "↓", false);
	if (s->plist.top > 0)
		tui_draw(r.y + 1, r.x + r.w - 1, 1, "↑", false);
}

/* One agenda line from x to the pane's end. */
static void draw_item(tui_app *app, const meeting_state *s, const item_row *it,
		      int y, int x, int end, bool sel)
{
	int attr = sel ? tui_attr(app, TUI_SELECTED) : (int)A_NORMAL;
	int dim = sel ? attr : tui_attr(app, TUI_DIM);
	char buf[600], actors[160];

	if (it->is_case && !it->allowed) {
		int refused = sel ? attr : tui_attr(app, TUI_REFUSED);

		x += tui_draw_attr(y, x, end - x, it->code, false, refused) + 2;
		snprintf(buf, sizeof buf, _("not allowed here: %s"),
			 it->reason != NULL ? it->reason : "");
		tui_draw_attr(y, x, end - x, buf, false, refused);
		return;
	}
	if (it->is_case) {
		x += tui_draw_attr(y, x, end - x, it->code, false,
				   attr | A_BOLD) +
		     2;
		if (it->child_name != NULL)
			x += tui_draw_attr(y, x, end - x, it->child_name, false,
					   attr) +
			     2;
	} else {
		x += tui_draw_attr(y, x, end - x, it->topic, false, attr) + 2;
	}
	if (it->present != s->m.actors) {
		tui_actors_text(it->present, actors, sizeof actors);
		snprintf(buf, sizeof buf, _("(present: %s)"), actors);
		tui_draw_attr(y, x, end - x, buf, false, dim);
	}
}

static void draw_agenda(tui_app *app, meeting_state *s, tui_rect r)
{
	char title[128];
	int rows = r.h - 1;

	snprintf(title, sizeof title, _("Agenda (%zu)"), s->n_items);
	draw_heading(app, s, r, PANE_AGENDA, title);
	if (s->n_items == 0) {
		tui_draw_attr(r.y + 1, r.x + 2, r.w - 2,
			      _("The agenda is empty; press c to add a case "
				"or t to add a topic."),
			      false, tui_attr(app, TUI_DIM));
		return;
	}
	tui_list_scroll(&s->alist, rows);
	for (int row = 0; row < rows; row++) {
		int i = s->alist.top + row, y = r.y + 1 + row;
		bool sel = s->pane == PANE_AGENDA && i == s->alist.sel;
		int attr = sel ? tui_attr(app, TUI_SELECTED) : (int)A_NORMAL;
		char num[16];

		if (i >= (int)s->n_items)
			break;
		tui_draw_attr(y, r.x, r.w, "", true, attr);
		snprintf(num, sizeof num, "%3d.", s->items[i].position);
		tui_draw_attr(y, r.x, 4, num, false, attr);
		draw_item(app, s, &s->items[i], y, r.x + 5, r.x + r.w - 1, sel);
	}
	if (s->alist.top + rows < (int)s->n_items)
		tui_draw(r.y + r.h - 1, r.x + r.w - 1, 1, "↓", false);
	if (s->alist.top > 0)
		tui_draw(r.y + 1, r.x + r.w - 1, 1, "↑", false);
}

static void meeting_draw(tui_app *app, void *state)
{
	meeting_state *s = state;
	panes p = layout(s);

	draw_facts(app, s, tui_body());
	draw_parts(app, s, p.part);
	draw_agenda(app, s, p.agenda);
}
/* ---- actions ---- */

static tui_list *active_list(meeting_state *s, int *height)
{
	panes p = layout(s);

	if (s->pane == PANE_PART) {
		*height = p.part.h - 1;
		return &s->plist;
	}
	*height = p.agenda.h - 1;
	return &s->alist;
}

/* The agenda or the minutes, named by the meeting's date. */
static unsigned print_meeting(tui_app *app, const meeting_state *s)
{
	static const print_kind docs[] = { PRINT_AGENDA, PRINT_MINUTES };
	char date[SSPF_DATE_TEXT];

	tui_date_text(s->m.date, date);
	return tui_print_choose(
		app, docs, 2,
		&(tui_print_job){ .meeting = s->id, .tag = date });
}

static unsigned meeting_act(tui_app *app, void *state, int action)
{
	meeting_state *s = state;
	int height;
	tui_list *l = active_list(s, &height);
	sspf_id id = s->id;

	if (tui_list_act(l, action, height))
		return TUI_HANDLED;
	switch (action) {
	case ME_PANE:
		s->pane = s->pane == PANE_PART ? PANE_AGENDA : PANE_PART;
		return TUI_HANDLED;
	case ME_EDIT:
		if (tui_meeting_form(app, s->id, NULL) != TUI_DONE)
			return TUI_HANDLED;
		tui_flash(app, "%s", _("Saved."));
		return TUI_HANDLED | TUI_RELOAD;
	case ME_PART:
		return mtg_add_participant(app, s);
	case ME_CASE:
		return mtg_add_case(app, s);
	case ME_TOPIC:
		return mtg_add_topic(app, s);
	case ME_UP:
		return mtg_move(app, s, -1);
	case ME_DOWN:
		return mtg_move(app, s, +1);
	case ME_REMOVE:
		return mtg_remove(app, s);
	case ME_RUN:
		tui_push(app, &tui_run_screen, &id);
		return TUI_HANDLED;
	case ME_SHOW:
		return mtg_show(app, s);
	case ME_PRINT:
		return print_meeting(app, s);
	default:
		return TUI_UNHANDLED;
	}
}

const tui_screen tui_meeting_screen = {
	.name = N_("Meeting"),
	.keys = meeting_keys,
	.n_keys = sizeof meeting_keys / sizeof meeting_keys[0],
	.enter = meeting_enter,
	.reload = meeting_reload,
	.leave = meeting_leave,
	.draw = meeting_draw,
	.act = meeting_act,
};
