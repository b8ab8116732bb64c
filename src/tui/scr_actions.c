/*
 * scr_actions.c - the open actions (åtgärder) of every case, by due date:
 * overdue ones stand out (colour and a "!"), an action of a case whose
 * consent is not valid shows its code, due date and the reason only.
 * Filters by actor, person, case code and overdue; Enter opens the case,
 * s sets the status of the selected action.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include <sodium.h>

#include "tui/tui.h"

#define DETAIL_ROWS 2 /* the selected action's whole text, under the list */

/* One open action as listed; what and person came from a case. */
typedef struct act_line {
	sspf_id id;
	char code[SSPF_CODE_SIZE];
	sspf_date due;
	bool overdue, withheld;
	sspf_consent_reason reason; /* withheld: why */
	sspf_verdict verdict;	    /* withheld: why, for the detail line */
	char *what, *person;	    /* NULL when withheld (wiped on free) */
	unsigned actor;
	sspf_action_status status;
} act_line;

typedef struct act_state {
	act_line *lines;
	int n, cap, n_overdue;
	sspf_err err; /* the last load */
	/* the filters: 0 / NULL when not used */
	unsigned actor;
	char *person, *code;
	bool overdue_only;
	bool fresh; /* the filters changed: select the first line */
	tui_list list;
} act_state;

enum {
	ACT_OPEN = 1,
	ACT_STATUS,
	ACT_F_ACTOR,
	ACT_F_PERSON,
	ACT_F_CODE,
	ACT_F_OVERDUE,
	ACT_F_CLEAR,
};

static const tui_binding act_keys[] = {
	{ ACT_OPEN, N_("Open case"), { '\n' }, true },
	{ ACT_STATUS, N_("Status"), { 's' }, true },
	{ ACT_F_ACTOR, N_("Filter by actor"), { 'a' }, false },
	{ ACT_F_PERSON, N_("Filter by person"), { 'p' }, false },
	{ ACT_F_CODE, N_("Filter by case code"), { 'c' }, false },
	{ ACT_F_OVERDUE, N_("Overdue only"), { 'o' }, true },
	{ ACT_F_CLEAR, N_("Clear the filters"), { 'x' }, false },
	TUI_LIST_BINDINGS,
};

/* The reason of a withheld line in a few words. */
static const char *short_reason(sspf_consent_reason r)
{
	switch (r) {
	case SSPF_CONSENT_NONE:
		return _("no consent yet");
	case SSPF_CONSENT_NO_GUARDIAN:
		return _("no guardian with custody recorded");
	case SSPF_CONSENT_SECOND_GUARDIAN:
		return _("second guardian missing");
	case SSPF_CONSENT_GUARDIAN_UNSIGNED:
		return _("a guardian has not signed");
	case SSPF_CONSENT_YOUTH_UNSIGNED:
		return _("the youth has not signed");
	case SSPF_CONSENT_NOT_YET:
		return _("consent not valid yet");
	case SSPF_CONSENT_EXPIRED:
		return _("consent expired");
	case SSPF_CONSENT_WITHDRAWN:
		return _("consent withdrawn");
	case SSPF_CONSENT_OUT_OF_SCOPE:
		return _("outside the consent's scope");
	case SSPF_CONSENT_ADULT_NOW:
		return _("turned 18: the youth must sign");
	default:
		return _("no valid consent");
	}
}

/* Whether needle is in hay, letters compared without case (å = Å). */
static bool contains(const char *hay, const char *needle)
{
	size_t hn, nn;
	wchar_t *h, *n;
	bool found;

	if (needle == NULL || needle[0] == '\0')
		return true;
	if (hay == NULL)
		return false;
	h = tui_wide(hay, &hn);
	n = tui_wide(needle, &nn);
	if (h == NULL || n == NULL) {
		free(h);
		free(n);
		return false;
	}
	for (size_t i = 0; i < hn; i++)
		h[i] = (wchar_t)towlower((wint_t)h[i]);
	for (size_t i = 0; i < nn; i++)
		n[i] = (wchar_t)towlower((wint_t)n[i]);
	found = wcsstr(h, n) != NULL;
	/* h may hold an action text: wipe it like the rest */
	memset(h, 0, hn * sizeof *h);
	free(h);
	free(n);
	return found;
}

/* ---- loading ---- */

static void lines_free(act_state *st)
{
	for (int i = 0; i < st->n; i++) {
		tui_free_text(st->lines[i].what);
		tui_free_text(st->lines[i].person);
	}
	free(st->lines);
	st->lines = NULL;
	st->n = st->cap = st->n_overdue = 0;
}

static int on_action(void *arg, const sspf_open_action *a)
{
	act_state *st = arg;
	act_line *l;

	/* person and code match parts, without case; a withheld line is
	   listed whatever the person filter says (as the library does) */
	if (!contains(a->code, st->code))
		return 0;
	if (!a->withheld && !contains(a->person, st->person))
		return 0;
	if (st->n == st->cap) {
		int cap = st->cap ? 2 * st->cap : 32;
		act_line *g = realloc(st->lines, (size_t)cap * sizeof *g);

		if (g == NULL) {
			st->err = SSPF_ERR_NOMEM;
			return 1;
		}
		st->lines = g;
		st->cap = cap;
	}
	l = &st->lines[st->n];
	memset(l, 0, sizeof *l);
	l->id = a->id;
	snprintf(l->code, sizeof l->code, "%s", a->code);
	l->due = a->due;
	l->overdue = a->overdue;
	l->withheld = a->withheld;
	l->reason = a->verdict.reason;
	l->verdict = a->verdict;
	l->verdict.guardian = NULL; /* valid in the callback only */
	if (!a->withheld) {
		l->what = strdup(a->what != NULL ? a->what : "");
		l->person = strdup(a->person != NULL ? a->person : "");
		l->actor = a->actor;
		l->status = a->status;
	}
	st->n++;
	if (a->overdue)
		st->n_overdue++;
	return 0;
}

static sspf_err load(tui_app *app, act_state *st)
{
	sspf_action_filter f = { .actor = st->actor,
				 .overdue_only = st->overdue_only };
	sspf_id keep = !st->fresh && st->list.sel < st->n
			       ? st->lines[st->list.sel].id
			       : 0;
	sspf_err e;

	lines_free(st);
	if (st->fresh)
		st->list.sel = st->list.top = 0;
	st->fresh = false;
	st->err = SSPF_OK;
	e = sspf_actions_open(app->core, &f, on_action, st);
	if (e == SSPF_OK)
		e = st->err;
	st->err = e;
	for (int i = 0; i < st->n && keep != 0; i++)
		if (st->lines[i].id == keep)
			st->list.sel = i;
	tui_list_set(&st->list, st->n);
	return e;
}

static sspf_err act_enter(tui_app *app, const void *arg, void **state)
{
	act_state *st = calloc(1, sizeof *st);
	sspf_err e;

	(void)arg;
	if (st == NULL)
		return SSPF_ERR_NOMEM;
	e = load(app, st);
	if (e == SSPF_ERR_NOMEM) {
		lines_free(st);
		free(st);
		return e;
	}
	*state = st;
	return SSPF_OK;
}

static sspf_err act_reload(tui_app *app, void *state)
{
	return load(app, state);
}

static void act_leave(tui_app *app, void *state)
{
	act_state *st = state;

	(void)app;
	lines_free(st);
	tui_free_text(st->person);
	tui_free_text(st->code);
	free(st);
}

/* ---- drawing ---- */

static bool filtered(const act_state *st)
{
	return st->actor != 0 || st->person != NULL || st->code != NULL ||
	       st->overdue_only;
}

static void draw_filters(tui_app *app, const act_state *st, int y, int w)
{
	char buf[600];
	size_t used;

	used = (size_t)snprintf(buf, sizeof buf, "%s", _("Filter:"));
	if (st->actor != 0 && used < sizeof buf)
		used += (size_t)snprintf(buf + used, sizeof buf - used,
					 _("  actor %s"),
					 tui_actor_name(st->actor));
	if (st->person != NULL && used < sizeof buf)
		used += (size_t)snprintf(buf + used, sizeof buf - used,
					 _("  person \"%s\""), st->person);
	if (st->code != NULL && used < sizeof buf)
		used += (size_t)snprintf(buf + used, sizeof buf - used,
					 _("  case \"%s\""), st->code);
	if (st->overdue_only && used < sizeof buf)
		used += (size_t)snprintf(buf + used, sizeof buf - used, "  %s",
					 _("overdue only"));
	if (used < sizeof buf)
		snprintf(buf + used, sizeof buf - used, "  %s",
			 _("(x clears)"));
	tui_draw_attr(y, 1, w - 2, buf, false, tui_attr(app, TUI_OK));
}

/* The columns of the list. */
typedef struct act_cols {
	int due, code, what, actor, person, status, end;
	int w_what, w_actor, w_person;
} act_cols;

static act_cols columns(int w)
{
	act_cols c;
	int status_w = 0;

	for (int s = 0; s < SSPF_ACTION_STATUSES; s++) {
		int sw = tui_width(tui_status_name((sspf_action_status)s));

		status_w = sw > status_w ? sw : status_w;
	}
	if (status_w > 16)
		status_w = 16;
	c.w_actor = w >= 120 ? 16 : 10;
	c.w_person = w >= 120 ? 24 : 12;
	c.due = 3;
	c.code = c.due + 11;
	c.what = c.code + 10;
	c.end = w - 1;
	c.status = c.end - status_w;
	c.person = c.status - c.w_person - 1;
	c.actor = c.person - c.w_actor - 1;
	c.w_what = c.actor - c.what - 1;
	return c;
}

static void draw_header(const act_cols *c, int y)
{
	int a = A_BOLD;

	tui_draw_attr(y, c->due, 10, _("Due"), false, a);
	tui_draw_attr(y, c->code, 9, _("Case"), false, a);
	tui_draw_attr(y, c->what, c->w_what, _("What"), false, a);
	tui_draw_attr(y, c->actor, c->w_actor, _("Actor"), false, a);
	tui_draw_attr(y, c->person, c->w_person, _("Person"), false, a);
	tui_draw_attr(y, c->status, c->end - c->status, _("Status"), false, a);
}

static void draw_line(tui_app *app, const act_line *l, const act_cols *c, int y,
		      int w, bool selected)
{
	int base = selected ? tui_attr(app, TUI_SELECTED) : (int)A_NORMAL;
	int over = selected ? base | (int)A_BOLD : tui_attr(app, TUI_OVERDUE);
	char date[SSPF_DATE_TEXT];

	tui_draw_attr(y, 0, w, "", true, base);
	if (l->overdue)
		tui_draw_attr(y, 1, 1, "!", false, over);
	tui_date_text(l->due, date);
	tui_draw_attr(y, c->due, 10, date[0] ? date : "—", false,
		      l->overdue ? over : base);
	tui_draw_attr(y, c->code, 9, l->code, false, base);
	if (l->withheld) {
		char why[200];

		snprintf(why, sizeof why, _("not readable: %s"),
			 short_reason(l->reason));
		tui_draw_attr(y, c->what, c->end - c->what, why, false,
			      selected ? base : tui_attr(app, TUI_REFUSED));
		return;
	}
	tui_draw_attr(y, c->what, c->w_what, l->what ? l->what : "", false,
		      base);
	tui_draw_attr(y, c->actor, c->w_actor, tui_actor_name(l->actor), false,
		      base);
	tui_draw_attr(y, c->person, c->w_person, l->person ? l->person : "",
		      false, base);
	tui_draw_attr(y, c->status, c->end - c->status,
		      tui_status_name(l->status), false, base);
}

/* Rows above the list: the count, the filters, the column names. */
static int head_rows(const act_state *st)
{
	return filtered(st) ? 3 : 2;
}

/* The height of the list: the body less the head and the detail. */
static int list_rows(const act_state *st)
{
	int h = tui_body().h - head_rows(st);

	return h - DETAIL_ROWS >= 3 ? h - DETAIL_ROWS : h;
}

/* Under the list: the whole text of the selected line. */
static void draw_detail(tui_app *app, const act_state *st, int y, int w)
{
	const act_line *l = &st->lines[st->list.sel];
	char buf[SSPF_TEXT_MAX + 600], who[64];

	if (l->withheld) {
		char why[512];

		tui_verdict_text(&l->verdict, why, sizeof why);
		snprintf(buf, sizeof buf, _("%s: %s"), l->code, why);
		tui_draw_wrapped((tui_rect){ y, 3, DETAIL_ROWS, w - 4 }, buf, 0,
				 tui_attr(app, TUI_REFUSED));
		return;
	}
	tui_actors_text(l->actor, who, sizeof who);
	if (l->person != NULL && l->person[0] != '\0')
		snprintf(buf, sizeof buf, _("%s (%s, %s)"),
			 l->what != NULL ? l->what : "", l->person, who);
	else
		snprintf(buf, sizeof buf, _("%s (%s)"),
			 l->what != NULL ? l->what : "", who);
	tui_draw_wrapped((tui_rect){ y, 3, DETAIL_ROWS, w - 4 }, buf, 0,
			 tui_attr(app, TUI_DIM));
	sodium_memzero(buf, sizeof buf);
}

static void act_draw(tui_app *app, void *state)
{
	act_state *st = state;
	tui_rect r = tui_body();
	act_cols c = columns(r.w);
	int y = r.y, h;
	char buf[256];

	if (st->err != SSPF_OK)
		snprintf(buf, sizeof buf, _("Could not read the actions: %s"),
			 tui_strerror(st->err));
	else
		snprintf(buf, sizeof buf,
			 _("Open actions: %d, overdue (marked !): %d"), st->n,
			 st->n_overdue);
	tui_draw_attr(y++, 1, r.w - 2, buf, false,
		      st->err != SSPF_OK ? tui_attr(app, TUI_OVERDUE)
					 : (int)A_NORMAL);
	if (filtered(st))
		draw_filters(app, st, y++, r.w);
	draw_header(&c, y++);
	h = list_rows(st);
	tui_list_set(&st->list, st->n);
	tui_list_scroll(&st->list, h);
	if (st->n == 0) {
		tui_draw_attr(y, 3, r.w - 4,
			      filtered(st) ? _("No open action matches the "
					       "filters.")
					   : _("There are no open actions."),
			      false, tui_attr(app, TUI_DIM));
		return;
	}
	for (int row = 0; row < h; row++) {
		int i = st->list.top + row;

		if (i >= st->n)
			break;
		draw_line(app, &st->lines[i], &c, y + row, r.w,
			  i == st->list.sel);
	}
	if (h < r.h - head_rows(st))
		draw_detail(app, st, r.y + r.h - DETAIL_ROWS, r.w);
}

/* ---- actions ---- */

static unsigned set_status(tui_app *app, act_state *st)
{
	const act_line *l;
	const char *items[SSPF_ACTION_STATUSES];
	sspf_verdict v;
	sspf_id id;
	int choice;
	enum tui_result r;
	sspf_err e;

	if (st->n == 0)
		return TUI_HANDLED;
	l = &st->lines[st->list.sel];
	if (l->withheld) {
		tui_flash_error(app,
				_("%s: the action cannot be read or "
				  "changed: %s."),
				l->code, short_reason(l->reason));
		return TUI_HANDLED;
	}
	for (int s = 0; s < SSPF_ACTION_STATUSES; s++)
		items[s] = tui_status_name((sspf_action_status)s);
	choice = (int)l->status;
	id = l->id;
	r = tui_choose(app, _("Status of the action"), items,
		       SSPF_ACTION_STATUSES, &choice);
	if (r != TUI_DONE || choice == (int)st->lines[st->list.sel].status)
		return TUI_HANDLED;
	memset(&v, 0, sizeof v);
	e = sspf_action_set_status(app->core, id, (sspf_action_status)choice,
				   &v);
	if (e == SSPF_ERR_REFUSED) {
		char why[512];

		tui_verdict_text(&v, why, sizeof why);
		tui_flash_error(app, _("Not changed: %s"), why);
		return TUI_HANDLED;
	}
	if (e != SSPF_OK) {
		tui_flash_err(app, e, _("Could not save"));
		return TUI_HANDLED;
	}
	if (choice == SSPF_ACTION_DONE || choice == SSPF_ACTION_CANCELLED)
		tui_flash(app, "%s",
			  _("Saved. Done and cancelled actions are not "
			    "listed here."));
	else
		tui_flash(app, "%s", _("Saved."));
	return TUI_HANDLED | TUI_RELOAD;
}

/* Ask a text filter; NULL when emptied. */
static unsigned ask_filter(tui_app *app, act_state *st, char **filter,
			   const char *prompt, size_t max)
{
	char *text = strdup(*filter != NULL ? *filter : "");
	enum tui_result r;

	if (text == NULL)
		return TUI_HANDLED;
	r = tui_prompt(app, prompt, &text, max);
	if (r == TUI_DONE) {
		tui_free_text(*filter);
		*filter = NULL;
		if (text != NULL && text[0] != '\0') {
			*filter = text;
			text = NULL;
		}
		st->fresh = true;
	}
	tui_free_text(text);
	return r == TUI_DONE ? TUI_HANDLED | TUI_RELOAD : TUI_HANDLED;
}

static unsigned choose_actor(tui_app *app, act_state *st)
{
	const char *items[6];
	int choice = 0;

	items[0] = _("All actors");
	for (int i = 0; i < 5; i++) {
		items[i + 1] = tui_actor_name(1u << i);
		if (st->actor == 1u << i)
			choice = i + 1;
	}
	if (tui_choose(app, _("Show the actions of"), items, 6, &choice) !=
	    TUI_DONE)
		return TUI_HANDLED;
	st->actor = choice > 0 ? 1u << (choice - 1) : 0;
	st->fresh = true;
	return TUI_HANDLED | TUI_RELOAD;
}

static unsigned act_act(tui_app *app, void *state, int action)
{
	act_state *st = state;
	int h = list_rows(st);

	if (tui_list_act(&st->list, action, h))
		return TUI_HANDLED;
	switch (action) {
	case ACT_OPEN:
		if (st->n > 0) {
			char code[SSPF_CODE_SIZE];

			snprintf(code, sizeof code, "%s",
				 st->lines[st->list.sel].code);
			tui_push(app, &tui_case_screen, code);
		}
		return TUI_HANDLED;
	case ACT_STATUS:
		return set_status(app, st);
	case ACT_F_ACTOR:
		return choose_actor(app, st);
	case ACT_F_PERSON:
		return ask_filter(app, st, &st->person,
				  _("Person (empty: everyone): "),
				  SSPF_NAME_MAX);
	case ACT_F_CODE:
		return ask_filter(app, st, &st->code,
				  _("Case code (empty: every case): "),
				  SSPF_CODE_SIZE - 1);
	case ACT_F_OVERDUE:
		st->overdue_only = !st->overdue_only;
		st->fresh = true;
		return TUI_HANDLED | TUI_RELOAD;
	case ACT_F_CLEAR:
		if (!filtered(st))
			return TUI_HANDLED;
		st->actor = 0;
		st->overdue_only = false;
		tui_free_text(st->person);
		tui_free_text(st->code);
		st->person = st->code = NULL;
		st->fresh = true;
		return TUI_HANDLED | TUI_RELOAD;
	default:
		return TUI_UNHANDLED;
	}
}

const tui_screen tui_actions_screen = {
	.name = N_("Actions"),
	.keys = act_keys,
	.n_keys = sizeof act_keys / sizeof act_keys[0],
	.enter = act_enter,
	.reload = act_reload,
	.leave = act_leave,
	.draw = act_draw,
	.act = act_act,
};
