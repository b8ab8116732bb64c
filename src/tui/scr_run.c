/*
 * scr_run.c - running a meeting item by item, as the coordinator does in
 * the room: the current agenda item large, its minutes, and for a case
 * the commitment plan's goals and the actions to follow up, with forms to
 * follow an action up, decide a new action or goal and write the minutes;
 * a stopwatch per item; and the presentation mode (Visningsläge) for a
 * projector, which shows the current item alone on the whole terminal.
 *
 * Everything of a case comes through the consent gate in the meeting's
 * context: a refused case item is its code and the reason only; the
 * child's name only where the gate hands it out (never in an
 * arbetsgruppsmöte); never anything of another item's case but its code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/scr_run.h"

enum {
	RUN_NEXT = 1,
	RUN_PREV,
	RUN_MINUTES,
	RUN_FOLLOW,
	RUN_ACTION,
	RUN_GOAL,
	RUN_TIMER,
	RUN_PRESENT,
};

/* TUI_LIST_BINDINGS without 'g', which adds a goal here. */
static const tui_binding run_keys[] = {
	{ RUN_NEXT, N_("Next item"), { 'n', KEY_RIGHT, ' ' }, true },
	{ RUN_PREV, N_("Previous item"), { 'p', KEY_LEFT }, false },
	{ RUN_MINUTES, N_("Minutes"), { 'm' }, true },
	{ RUN_FOLLOW, N_("Follow up"), { 'f' }, true },
	{ RUN_ACTION, N_("New action"), { 'a' }, true },
	{ RUN_GOAL, N_("New goal"), { 'g' }, false },
	{ RUN_TIMER, N_("Restart the timer"), { 'z' }, false },
	{ RUN_PRESENT, N_("Presentation mode on or off"), { 'v' }, false },
	{ TUI_ACT_UP, N_("Up"), { KEY_UP, 'k' }, false },
	{ TUI_ACT_DOWN, N_("Down"), { KEY_DOWN, 'j' }, false },
	{ TUI_ACT_PGUP, N_("Page up"), { KEY_PPAGE }, false },
	{ TUI_ACT_PGDN, N_("Page down"), { KEY_NPAGE }, false },
	{ TUI_ACT_HOME, N_("First"), { KEY_HOME }, false },
	{ TUI_ACT_END, N_("Last"), { KEY_END, 'G' }, false },
};

/* ---- loading ---- */

static char *dup_text(const char *s, bool *nomem)
{
	char *c = strdup(s != NULL ? s : "");

	if (c == NULL)
		*nomem = true;
	return c;
}

static void free_plan(run_state *s)
{
	for (size_t i = 0; i < s->n_goals; i++)
		tui_free_text(s->goals[i]);
	free(s->goals);
	for (size_t i = 0; i < s->n_acts; i++) {
		tui_free_text(s->acts[i].what);
		tui_free_text(s->acts[i].person);
		tui_free_text(s->acts[i].comment);
	}
	free(s->acts);
	s->goals = NULL;
	s->acts = NULL;
	s->n_goals = s->n_acts = 0;
}

static void free_item(run_item *it)
{
	tui_free_text(it->topic);
	tui_free_text(it->minutes);
	tui_free_text(it->child_name);
	it->topic = it->minutes = it->child_name = NULL;
	it->allowed = false;
}

static void free_items(run_state *s)
{
	for (size_t i = 0; i < s->n; i++)
		free_item(&s->items[i]);
	free(s->items);
	s->items = NULL;
	s->n = 0;
}

/* Copy one agenda line; the verdict's text is made here (no names). */
static int copy_line(void *arg, const sspf_agenda_line *l)
{
	run_state *s = arg;
	run_item *grown = realloc(s->items, (s->n + 1) * sizeof *grown);
	run_item *it;

	if (grown == NULL) {
		s->nomem = true;
		return 1;
	}
	s->items = grown;
	it = &s->items[s->n++];
	memset(it, 0, sizeof *it);
	it->id = l->id;
	it->is_case = l->is_case;
	snprintf(it->code, sizeof it->code, "%s", l->code);
	it->present = l->present;
	it->topic = dup_text(l->topic, &s->nomem);
	if (l->is_case && !l->verdict.allowed) {
		tui_verdict_text(&l->verdict, it->reason, sizeof it->reason);
		return s->nomem;
	}
	it->allowed = true;
	it->minutes = dup_text(l->minutes, &s->nomem);
	if (l->is_case && l->child_name != NULL)
		it->child_name = dup_text(l->child_name, &s->nomem);
	return s->nomem;
}

static bool wanted(const run_state *s, const sspf_action_line *a)
{
	bool here = a->meeting_id == s->mid;

	for (size_t j = 0; j < a->n_follow_ups; j++)
		here = here || a->follow_ups[j].meeting_id == s->mid;
	return here || a->status == SSPF_ACTION_NOT_STARTED ||
	       a->status == SSPF_ACTION_ONGOING;
}

/* The plan of the current item, if it is a case the gate allows. */
static sspf_err load_plan(tui_app *app, run_state *s, sspf_id keep)
{
	run_item *it = s->n > 0 ? &s->items[s->cur] : NULL;
	sspf_context ctx = { SSPF_CTX_NETWORK_MEETING, 0 };
	sspf_plan *p = NULL;
	sspf_verdict v;
	int old = s->list.sel;
	bool found = false;
	sspf_err e;

	free_plan(s);
	tui_list_set(&s->list, 0);
	if (it == NULL || !it->is_case || !it->allowed)
		return SSPF_OK;
	if (s->m.kind == SSPF_MEETING_GROUP)
		ctx.kind = SSPF_CTX_GROUP_MEETING;
	ctx.present = it->present;
	memset(&v, 0, sizeof v);
	e = sspf_case_plan(app->core, it->code, &ctx, &p, &v);
	if (e == SSPF_ERR_REFUSED) { /* the consent changed meanwhile */
		free_item(it);
		tui_verdict_text(&v, it->reason, sizeof it->reason);
		return SSPF_OK;
	}
	if (e != SSPF_OK)
		return e;
	s->goals = calloc(p->n_goals + 1, sizeof *s->goals);
	s->acts = calloc(p->n_actions + 1, sizeof *s->acts);
	if (s->goals == NULL || s->acts == NULL)
		s->nomem = true;
	for (size_t i = 0; !s->nomem && i < p->n_goals; i++)
		s->goals[s->n_goals++] = dup_text(p->goals[i].text, &s->nomem);
	for (size_t i = 0; !s->nomem && i < p->n_actions; i++) {
		const sspf_action_line *a = &p->actions[i];
		run_action *r = &s->acts[s->n_acts];

		if (!wanted(s, a))
			continue;
		s->n_acts++;
		r->id = a->id;
		r->what = dup_text(a->what, &s->nomem);
		r->person = dup_text(a->person, &s->nomem);
		r->actor = a->actor;
		r->due = a->due;
		r->status = a->status;
		r->decided_here = a->meeting_id == s->mid;
		for (size_t j = 0; j < a->n_follow_ups; j++) {
			const sspf_follow_up_line *f = &a->follow_ups[j];

			r->followed_here |= f->meeting_id == s->mid;
			tui_free_text(r->comment);
			r->comment = dup_text(f->comment, &s->nomem);
			r->fu_on = f->made_on;
		}
		if (r->id == keep) {
			s->list.sel = (int)s->n_acts - 1;
			found = true;
		}
	}
	sspf_plan_free(p);
	if (keep != 0 && !found)
		s->list.sel = old; /* it is gone: stay about where it was */
	tui_list_set(&s->list, (int)s->n_acts);
	return s->nomem ? SSPF_ERR_NOMEM : SSPF_OK;
}

/* Load the meeting, its agenda and the current item's plan. */
static sspf_err load(tui_app *app, run_state *s)
{
	sspf_id item = s->n > 0 ? s->items[s->cur].id : 0;
	sspf_id action =
		s->list.sel < (int)s->n_acts ? s->acts[s->list.sel].id : 0;
	size_t old = s->cur;
	sspf_err e;

	if (s->added != 0) /* a new action: select it */
		action = s->added;
	s->added = 0;
	free_plan(s);
	free_items(s);
	sspf_meeting_clear(&s->m);
	s->nomem = false;
	e = sspf_meeting_get(app->core, s->mid, &s->m);
	if (e == SSPF_OK)
		e = sspf_agenda_get(app->core, s->mid, copy_line, s);
	if (e == SSPF_OK && s->nomem)
		e = SSPF_ERR_NOMEM;
	if (e != SSPF_OK) {
		free_items(s);
		return e;
	}
	s->cur = old < s->n ? old : (s->n > 0 ? s->n - 1 : 0);
	for (size_t i = 0; i < s->n; i++)
		if (s->items[i].id == item)
			s->cur = i;
	if (s->n == 0 || s->items[s->cur].id != item)
		s->started = time(NULL);
	return load_plan(app, s, action);
}

static sspf_err run_enter(tui_app *app, const void *arg, void **state)
{
	run_state *s = calloc(1, sizeof *s);
	sspf_err e;

	if (s == NULL)
		return SSPF_ERR_NOMEM;
	s->mid = *(const sspf_id *)arg;
	s->started = time(NULL);
	e = load(app, s);
	if (e != SSPF_OK) {
		free_plan(s);
		free_items(s);
		sspf_meeting_clear(&s->m);
		free(s);
		return e;
	}
	*state = s;
	return SSPF_OK;
}

static sspf_err run_reload(tui_app *app, void *state)
{
	return load(app, state);
}

static void run_leave(tui_app *app, void *state)
{
	run_state *s = state;

	(void)app;
	free_plan(s);
	free_items(s);
	sspf_meeting_clear(&s->m);
	free(s);
}

static bool run_fullscreen(const void *state)
{
	return ((const run_state *)state)->present;
}

/* ---- changes ---- */

/* What a failed change tells in a form (into buf); NULL if it worked. */
static const char *why(sspf_err e, const sspf_verdict *v, char *buf,
		       size_t size)
{
	char reason[512];

	if (e == SSPF_OK)
		return NULL;
	if (e == SSPF_ERR_REFUSED) {
		tui_verdict_text(v, reason, sizeof reason);
		snprintf(buf, size, _("Not allowed in this meeting: %s"),
			 reason);
	} else {
		snprintf(buf, size, "%s", tui_err_why(e));
	}
	return buf;
}

typedef struct run_ctx {
	run_state *s;
	const run_item *it;
	sspf_id action;
} run_ctx;

static const char *save_follow_up(tui_app *app, void *ctx, tui_field *f,
				  size_t n, int *focus)
{
	run_ctx *c = ctx;
	sspf_verdict v;
	sspf_err e;

	(void)n;
	(void)focus;
	memset(&v, 0, sizeof v);
	e = sspf_follow_up_add(app->core, c->action, c->s->mid,
			       (sspf_action_status)f[0].choice, f[1].text, NULL,
			       &v);
	return why(e, &v, c->s->msg, sizeof c->s->msg);
}

static const char *save_action(tui_app *app, void *ctx, tui_field *f, size_t n,
			       int *focus)
{
	run_ctx *c = ctx;
	sspf_action_new a = { 0 };
	sspf_verdict v;
	sspf_err e;

	(void)n;
	if (f[0].text == NULL || f[0].text[0] == '\0') {
		*focus = 0;
		return _("Write what is to be done.");
	}
	if (!tui_parse_date(f[3].text, true, &a.due)) {
		*focus = 3;
		return _("Write the due date as YYYY-MM-DD, for example "
			 "2026-05-31, or leave it empty.");
	}
	a.what = f[0].text;
	a.actor = 1u << f[1].choice;
	a.person = f[2].text != NULL && f[2].text[0] != '\0' ? f[2].text : NULL;
	a.meeting_id = c->s->mid;
	memset(&v, 0, sizeof v);
	e = sspf_action_add(app->core, c->it->code, &a, &c->s->added, &v);
	return why(e, &v, c->s->msg, sizeof c->s->msg);
}

static const char *save_goal(tui_app *app, void *ctx, tui_field *f, size_t n,
			     int *focus)
{
	run_ctx *c = ctx;
	sspf_verdict v;
	sspf_err e;

	(void)n;
	if (f[0].text == NULL || f[0].text[0] == '\0') {
		*focus = 0;
		return _("Write the goal.");
	}
	memset(&v, 0, sizeof v);
	e = sspf_goal_add(app->core, c->it->code, f[0].text, NULL, &v);
	return why(e, &v, c->s->msg, sizeof c->s->msg);
}

/* Run a form; on TUI_DONE flash done. Returns the TUI_* flags. */
static unsigned run_form(tui_app *app, run_state *s, const char *title,
			 tui_field *f, size_t n, tui_form_save save,
			 const char *done)
{
	run_ctx c = { s, &s->items[s->cur], 0 };
	enum tui_result r;

	if (s->n_acts > 0)
		c.action = s->acts[s->list.sel].id;
	r = tui_form(app, title, f, n, save, &c);
	tui_fields_free(f, n);
	memset(s->msg, 0, sizeof s->msg);
	if (r != TUI_DONE)
		return TUI_HANDLED;
	tui_flash(app, "%s", done);
	return TUI_HANDLED | TUI_RELOAD;
}

static unsigned follow_up(tui_app *app, run_state *s)
{
	const char *st[SSPF_ACTION_STATUSES + 1];
	tui_field f[2] = {
		{ .label = _("Status"),
		  .type = TUI_FIELD_CHOICE,
		  .choices = st },
		{ .label = _("Comment"), .max = SSPF_LONG_TEXT_MAX },
	};
	char title[200];

	if (s->n_acts == 0) {
		tui_flash_error(app, "%s",
				_("There is no action to follow up. Press a "
				  "to add one."));
		return TUI_HANDLED;
	}
	for (int i = 0; i < SSPF_ACTION_STATUSES; i++)
		st[i] = tui_status_name((sspf_action_status)i);
	st[SSPF_ACTION_STATUSES] = NULL;
	f[0].choice = (int)s->acts[s->list.sel].status;
	snprintf(title, sizeof title, _("Follow up: %s"),
		 s->acts[s->list.sel].what);
	return run_form(app, s, title, f, 2, save_follow_up,
			_("Follow-up saved."));
}

static unsigned new_action(tui_app *app, run_state *s)
{
	const char *who[6];
	tui_field f[4] = {
		{ .label = _("What"), .type = TUI_FIELD_TEXT },
		{ .label = _("Who"), .type = TUI_FIELD_CHOICE, .choices = who },
		{ .label = _("Person"),
		  .max = SSPF_NAME_MAX,
		  .hint = _("May be empty.") },
		{ .label = _("Due date"),
		  .type = TUI_FIELD_DATE,
		  .hint = _("YYYY-MM-DD; may be empty.") },
	};

	for (int i = 0; i < 5; i++)
		who[i] = tui_actor_name(1u << i);
	who[5] = NULL;
	return run_form(app, s, _("New action"), f, 4, save_action,
			_("Action added."));
}

static unsigned new_goal(tui_app *app, run_state *s)
{
	tui_field f[1] = {
		{ .label = _("Goal"), .max = SSPF_LONG_TEXT_MAX },
	};

	return run_form(app, s, _("New goal"), f, 1, save_goal,
			_("Goal added."));
}

/*
 * Write the minutes of the current item in the editor. When saving fails
 * for another reason than the consent, the editor opens again with the
 * text kept; refused, the text is wiped (no case data without consent).
 */
static unsigned minutes(tui_app *app, run_state *s)
{
	const run_item *it = &s->items[s->cur];
	char title[SSPF_TEXT_MAX + 64], msg[700];
	char *text = strdup(it->minutes != NULL ? it->minutes : "");
	sspf_verdict v;
	sspf_err e = SSPF_OK;

	if (text == NULL) {
		tui_flash_err(app, SSPF_ERR_NOMEM, NULL);
		return TUI_HANDLED;
	}
	snprintf(title, sizeof title, _("Minutes: %s"),
		 it->is_case ? it->code : it->topic);
	for (;;) {
		if (tui_editor(app, title, &text, SSPF_LONG_TEXT_MAX) !=
		    TUI_DONE) {
			tui_free_text(text);
			return TUI_HANDLED;
		}
		memset(&v, 0, sizeof v);
		e = sspf_agenda_set_minutes(app->core, it->id, text, &v);
		if (e == SSPF_OK || e == SSPF_ERR_REFUSED)
			break;
		if (tui_message(app, _("Could not save"),
				why(e, &v, msg, sizeof msg)) != TUI_DONE) {
			tui_free_text(text); /* interrupted */
			return TUI_HANDLED;
		}
	}
	tui_free_text(text);
	if (e != SSPF_OK) {
		tui_flash_error(app, "%s: %s", _("Could not save"),
				why(e, &v, msg, sizeof msg));
		return TUI_HANDLED | TUI_RELOAD;
	}
	tui_flash(app, "%s", _("Minutes saved."));
	return TUI_HANDLED | TUI_RELOAD;
}

/* Move to item i (clamped); a new item restarts the timer. */
static void go_to(tui_app *app, run_state *s, size_t i)
{
	sspf_err e;

	if (i == s->cur || i >= s->n)
		return;
	s->cur = i;
	s->started = time(NULL);
	s->list.sel = s->list.top = 0;
	e = load_plan(app, s, 0);
	if (e != SSPF_OK)
		tui_flash_err(app, e, _("Could not read it"));
}

static unsigned run_act(tui_app *app, void *state, int action)
{
	run_state *s = state;
	const run_item *it = s->n > 0 ? &s->items[s->cur] : NULL;

	switch (action) {
	case RUN_NEXT:
		if (s->n == 0)
			tui_flash_error(app, "%s", _("The agenda is empty."));
		else if (s->cur + 1 < s->n)
			go_to(app, s, s->cur + 1);
		else
			tui_flash(app, "%s", _("This is the last item."));
		return TUI_HANDLED;
	case RUN_PREV:
		if (s->n == 0)
			tui_flash_error(app, "%s", _("The agenda is empty."));
		else if (s->cur > 0)
			go_to(app, s, s->cur - 1);
		else
			tui_flash(app, "%s", _("This is the first item."));
		return TUI_HANDLED;
	case RUN_TIMER:
		s->started = time(NULL);
		return TUI_HANDLED;
	case RUN_PRESENT:
		s->present = !s->present;
		return TUI_HANDLED;
	default:
		break;
	}
	if (s->present) /* the projector shows no forms and no selection */
		return TUI_HANDLED;
	if (tui_list_act(&s->list, action, s->list_h > 0 ? s->list_h : 1))
		return TUI_HANDLED;
	if (it == NULL) {
		tui_flash_error(app, "%s", _("The agenda is empty."));
		return TUI_HANDLED;
	}
	if (it->is_case && !it->allowed) {
		tui_flash_error(app, _("Not allowed in this meeting: %s"),
				it->reason);
		return TUI_HANDLED;
	}
	if (action == RUN_MINUTES)
		return minutes(app, s);
	if (!it->is_case) {
		tui_flash_error(app, "%s",
				_("This item is a topic: goals and actions "
				  "belong to a case."));
		return TUI_HANDLED;
	}
	switch (action) {
	case RUN_FOLLOW:
		return follow_up(app, s);
	case RUN_ACTION:
		return new_action(app, s);
	case RUN_GOAL:
		return new_goal(app, s);
	default:
		return TUI_UNHANDLED;
	}
}

const tui_screen tui_run_screen = {
	.name = N_("Run the meeting"),
	.keys = run_keys,
	.n_keys = sizeof run_keys / sizeof run_keys[0],
	.enter = run_enter,
	.reload = run_reload,
	.leave = run_leave,
	.draw = run_draw,
	.act = run_act,
	.fullscreen = run_fullscreen,
};
