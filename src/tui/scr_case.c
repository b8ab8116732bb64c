/*
 * scr_case.c - one case (arg: its code) as the consent gate lets it be
 * seen. Refused: the code, the consent state and the reason, nothing else.
 * Allowed: one scrolling page with the case, its guardians, the consent,
 * the commitment plan (åtagandeplan) and the meetings it was discussed in;
 * goals and actions are added here, the case is closed here, and the
 * consent work is one key away. The page is drawn by scr_case_draw.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "tui/print_dialog.h"
#include "tui/scr_case.h"

enum { CASE_CLOSE = 1, CASE_CONSENT, CASE_GOAL, CASE_ACTION, CASE_PRINT };

/* Not TUI_LIST_BINDINGS: 'g' adds a goal here. */
static const tui_binding case_keys[] = {
	{ CASE_CONSENT, N_("Consent"), { 'c' }, true },
	{ CASE_GOAL, N_("Add goal"), { 'g' }, true },
	{ CASE_ACTION, N_("Add action"), { 'a' }, true },
	{ CASE_PRINT, N_("Print…"), { 'u' }, true },
	{ CASE_CLOSE, N_("Close the case"), { 'x' }, false },
	{ TUI_ACT_UP, N_("Scroll up"), { KEY_UP, 'k' }, false },
	{ TUI_ACT_DOWN, N_("Scroll down"), { KEY_DOWN, 'j' }, false },
	{ TUI_ACT_PGUP, N_("Page up"), { KEY_PPAGE }, false },
	{ TUI_ACT_PGDN, N_("Page down"), { KEY_NPAGE, ' ' }, false },
	{ TUI_ACT_HOME, N_("First"), { KEY_HOME }, false },
	{ TUI_ACT_END, N_("Last"), { KEY_END, 'G' }, false },
};

/* ---- loading and freeing ---- */

static void wipe(char *s)
{
	if (s != NULL)
		sodium_memzero(s, strlen(s));
}

/* The library's free functions do not wipe: wipe first, then free. */
static void case_clear(case_state *s)
{
	if (s->c != NULL) {
		wipe(s->c->child_name);
		wipe(s->c->school);
		wipe(s->c->class_name);
		wipe(s->c->concern_text);
		wipe(s->c->note);
		wipe(s->c->outcome);
	}
	sspf_case_free(s->c);
	if (s->ci != NULL) {
		wipe(s->ci->child_name);
		for (size_t i = 0; i < s->ci->n_guardians; i++) {
			wipe(s->ci->guardians[i].name);
			wipe(s->ci->guardians[i].phone);
			wipe(s->ci->guardians[i].email);
			wipe(s->ci->guardians[i].address);
		}
	}
	sspf_consent_info_free(s->ci);
	sspf_consent_record_free(s->rec);
	if (s->plan != NULL) {
		for (size_t i = 0; i < s->plan->n_goals; i++)
			wipe(s->plan->goals[i].text);
		for (size_t i = 0; i < s->plan->n_actions; i++) {
			sspf_action_line *a = &s->plan->actions[i];

			wipe(a->what);
			wipe(a->person);
			for (size_t j = 0; j < a->n_follow_ups; j++)
				wipe(a->follow_ups[j].comment);
		}
	}
	sspf_plan_free(s->plan);
	for (size_t i = 0; i < s->n_hist; i++)
		tui_free_text(s->hist[i].minutes);
	free(s->hist);
	s->c = NULL;
	s->ci = NULL;
	s->rec = NULL;
	s->plan = NULL;
	s->hist = NULL;
	s->n_hist = s->cap_hist = 0;
	s->refused = false;
	sodium_memzero(s->reason, sizeof s->reason);
}

static int collect_history(void *arg, const sspf_history_line *l)
{
	case_state *s = arg;
	case_hist_row *h;

	if (s->n_hist == s->cap_hist) {
		size_t cap = s->cap_hist ? s->cap_hist * 2 : 8;
		case_hist_row *rows = realloc(s->hist, cap * sizeof *rows);

		if (rows == NULL) {
			s->hist_err = SSPF_ERR_NOMEM;
			return 1;
		}
		s->hist = rows;
		s->cap_hist = cap;
	}
	h = &s->hist[s->n_hist];
	h->date = l->date;
	h->kind = l->kind;
	h->minutes = strdup(l->minutes != NULL ? l->minutes : "");
	if (h->minutes == NULL) {
		s->hist_err = SSPF_ERR_NOMEM;
		return 1;
	}
	s->n_hist++;
	return 0;
}

/* As the list shows it (the library's own mapping). */
static sspf_consent_state state_of(const sspf_verdict *v)
{
	if (v->allowed)
		return SSPF_STATE_VALID;
	if (v->reason == SSPF_CONSENT_EXPIRED)
		return SSPF_STATE_EXPIRED;
	if (v->reason == SSPF_CONSENT_WITHDRAWN)
		return SSPF_STATE_WITHDRAWN;
	return SSPF_STATE_PENDING;
}

static void set_refused(case_state *s, const sspf_verdict *v)
{
	case_clear(s);
	s->refused = true;
	s->state = state_of(v);
	tui_verdict_text(v, s->reason, sizeof s->reason);
}

static sspf_err load(tui_app *app, case_state *s)
{
	sspf_verdict v;
	sspf_err e;

	case_clear(s);
	e = sspf_case_get(app->core, s->code, NULL, &s->c, &v);
	if (e == SSPF_ERR_REFUSED) {
		set_refused(s, &v);
		return SSPF_OK;
	}
	if (e == SSPF_OK)
		e = sspf_case_consent_info(app->core, s->code, &s->ci);
	if (e == SSPF_OK) {
		e = sspf_consent_current(app->core, s->code, &s->rec);
		if (e == SSPF_ERR_NOT_FOUND)
			e = SSPF_OK;
	}
	if (e == SSPF_OK)
		e = sspf_case_plan(app->core, s->code, NULL, &s->plan, &v);
	if (e == SSPF_OK) {
		s->hist_err = SSPF_OK;
		e = sspf_case_history(app->core, s->code, collect_history, s,
				      &v);
		if (e == SSPF_OK)
			e = s->hist_err;
	}
	if (e == SSPF_ERR_REFUSED) {
		set_refused(s, &v);
		return SSPF_OK;
	}
	if (e != SSPF_OK)
		case_clear(s);
	return e;
}

static sspf_err case_enter(tui_app *app, const void *arg, void **state)
{
	case_state *s;
	sspf_err e;

	if (arg == NULL)
		return SSPF_ERR_INVALID;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return SSPF_ERR_NOMEM;
	snprintf(s->code, sizeof s->code, "%s", (const char *)arg);
	if ((e = load(app, s)) != SSPF_OK) {
		case_clear(s);
		free(s);
		return e;
	}
	*state = s;
	return SSPF_OK;
}

static sspf_err case_reload(tui_app *app, void *state)
{
	return load(app, state);
}

static void case_leave(tui_app *app, void *state)
{
	case_state *s = state;

	(void)app;
	case_clear(s);
	sodium_memzero(s, sizeof *s);
	free(s);
}

/* ---- actions ---- */

typedef struct form_ctx {
	case_state *s;
	char msg[700];
} form_ctx;

static const char *fail(form_ctx *x, sspf_err e, const sspf_verdict *v)
{
	if (e == SSPF_ERR_REFUSED && v != NULL) {
		tui_verdict_text(v, x->msg, sizeof x->msg);
		return x->msg;
	}
	snprintf(x->msg, sizeof x->msg, "%s: %s", _("Could not save"),
		 tui_err_why(e));
	return x->msg;
}

/* "2026-02-30 is not a date." and how to write it. */
static const char *bad_date(form_ctx *x, const char *text, const char *how)
{
	if (text == NULL || text[0] == '\0')
		return how;
	snprintf(x->msg, sizeof x->msg, _("%s is not a date. %s"), text, how);
	return x->msg;
}

static const char *close_save(tui_app *app, void *arg, tui_field *f, size_t n,
			      int *focus)
{
	form_ctx *x = arg;
	sspf_date on;
	sspf_err e;

	if (!tui_parse_date(f[0].text, false, &on)) {
		*focus = 0;
		return bad_date(x, f[0].text,
				_("Write the closing date as YYYY-MM-DD."));
	}
	e = sspf_case_close(app->core, x->s->code, on,
			    n > 1 ? f[1].text : NULL);
	if (e != SSPF_OK) {
		*focus = 0;
		return fail(x, e, NULL);
	}
	return NULL;
}

static const char *goal_save(tui_app *app, void *arg, tui_field *f, size_t n,
			     int *focus)
{
	form_ctx *x = arg;
	sspf_verdict v;
	sspf_err e;

	(void)n;
	if (tui_blank(f[0].text)) {
		*focus = 0;
		return _("Write the goal.");
	}
	e = sspf_goal_add(app->core, x->s->code, f[0].text, NULL, &v);
	return e == SSPF_OK ? NULL : fail(x, e, &v);
}

static const char *action_save(tui_app *app, void *arg, tui_field *f, size_t n,
			       int *focus)
{
	form_ctx *x = arg;
	sspf_action_new a = { 0 };
	sspf_verdict v;
	sspf_err e;

	(void)n;
	if (tui_blank(f[0].text)) {
		*focus = 0;
		return _("Write what is to be done.");
	}
	if (!tui_parse_date(f[3].text, true, &a.due)) {
		*focus = 3;
		return bad_date(x, f[3].text,
				_("Write the due date as YYYY-MM-DD, or leave "
				  "it empty."));
	}
	a.what = f[0].text;
	a.actor = 1u << f[1].choice;
	a.person = f[2].text;
	e = sspf_action_add(app->core, x->s->code, &a, NULL, &v);
	return e == SSPF_OK ? NULL : fail(x, e, &v);
}

/* Run a form; the flags for the main loop. */
static unsigned run_form(tui_app *app, case_state *s, const char *title,
			 tui_field *f, size_t n, tui_form_save save,
			 const char *done)
{
	form_ctx x = { .s = s };
	enum tui_result r = tui_form(app, title, f, n, save, &x);

	tui_fields_free(f, n);
	sodium_memzero(&x, sizeof x);
	if (r != TUI_DONE)
		return TUI_HANDLED;
	tui_flash(app, "%s", done);
	return TUI_HANDLED | TUI_RELOAD;
}

static unsigned close_case(tui_app *app, case_state *s)
{
	tui_field f[2] = {
		{ .label = _("Closed on"),
		  .type = TUI_FIELD_DATE,
		  .max = SSPF_DATE_TEXT - 1,
		  .hint = _("YYYY-MM-DD") },
		{ .label = _("Outcome"),
		  .hint = _("What came of the work, in a few words; it may "
			    "be left empty.") },
	};
	char q[300], d[SSPF_DATE_TEXT];

	if (s->c != NULL && s->c->closed) {
		tui_flash_error(app, "%s", _("This case is closed already."));
		return TUI_HANDLED;
	}
	snprintf(q, sizeof q,
		 _("Close case %s? The retention time of its data starts "
		   "from the closing date."),
		 s->code);
	if (tui_confirm(app, q) != TUI_DONE)
		return TUI_HANDLED;
	tui_date_text(sspf_core_today(app->core), d);
	if (!tui_field_set(&f[0], d)) {
		tui_flash_err(app, SSPF_ERR_NOMEM, NULL);
		return TUI_HANDLED;
	}
	/* without a valid consent no outcome (case data) is written */
	return run_form(app, s, _("Close the case"), f, s->refused ? 1 : 2,
			close_save, _("The case is closed."));
}

/*
 * The plan and the consent form; a case the gate closes has only the
 * consent form (the family signs it to open the case), so no question.
 */
static unsigned print_case(tui_app *app, const case_state *s)
{
	static const print_kind both[] = { PRINT_PLAN, PRINT_CONSENT_FORM };
	tui_print_job job = { .code = s->code };

	if (s->refused || s->c == NULL)
		return tui_print(app, PRINT_CONSENT_FORM, &job);
	return tui_print_choose(app, both, 2, &job);
}

static unsigned case_act(tui_app *app, void *state, int action)
{
	case_state *s = state;
	int h = tui_body().h, page = h > 1 ? h - 1 : 1;
	const char *actors[6];
	tui_field f[4];

	memset(f, 0, sizeof f);
	switch (action) {
	case TUI_ACT_UP:
	case TUI_ACT_DOWN:
	case TUI_ACT_PGUP:
	case TUI_ACT_PGDN:
	case TUI_ACT_HOME:
	case TUI_ACT_END:
		s->top += action == TUI_ACT_UP	   ? -1
			  : action == TUI_ACT_DOWN ? 1
			  : action == TUI_ACT_PGUP ? -page
			  : action == TUI_ACT_PGDN ? page
			  : action == TUI_ACT_HOME ? -s->total
						   : s->total;
		if (s->top > s->total - h)
			s->top = s->total - h;
		if (s->top < 0)
			s->top = 0;
		return TUI_HANDLED;
	case CASE_CONSENT:
		tui_push(app, &tui_consent_screen, s->code);
		return TUI_HANDLED;
	case CASE_CLOSE:
		return close_case(app, s);
	case CASE_PRINT:
		return print_case(app, s);
	case CASE_GOAL:
	case CASE_ACTION:
		break;
	default:
		return TUI_UNHANDLED;
	}
	if (s->c == NULL && !s->refused) {
		tui_flash_error(app, "%s", _("The case could not be read."));
		return TUI_HANDLED;
	}
	if (s->refused) {
		tui_flash_error(app, "%s %s", s->reason,
				_("Consent work: press c"));
		return TUI_HANDLED;
	}
	if (action == CASE_GOAL) {
		f[0] = (tui_field){ .label = _("Goal") };
		return run_form(app, s, _("Add a goal"), f, 1, goal_save,
				_("Saved: the goal is added."));
	}
	for (int i = 0; i < 5; i++)
		actors[i] = tui_actor_name(1u << i);
	actors[5] = NULL;
	f[0] = (tui_field){ .label = _("What") };
	f[1] = (tui_field){ .label = _("Who (actor)"),
			    .type = TUI_FIELD_CHOICE,
			    .choices = actors };
	f[2] = (tui_field){ .label = _("Person") };
	f[3] = (tui_field){ .label = _("Due"),
			    .type = TUI_FIELD_DATE,
			    .max = SSPF_DATE_TEXT - 1,
			    .hint = _("YYYY-MM-DD; empty: no date") };
	return run_form(app, s, _("Add an action"), f, 4, action_save,
			_("Saved: the action is added."));
}

/*
 * A case the gate closes offers the consent work only, and printing (its
 * consent form; print_case leaves out the plan).
 */
static bool case_offers(const void *state, int action)
{
	const case_state *s = state;

	return !s->refused || action == CASE_CONSENT || action == CASE_PRINT;
}

const tui_screen tui_case_screen = {
	.name = N_("Case"),
	.keys = case_keys,
	.n_keys = sizeof case_keys / sizeof case_keys[0],
	.enter = case_enter,
	.reload = case_reload,
	.leave = case_leave,
	.draw = case_draw,
	.act = case_act,
	.offers = case_offers,
};
