/*
 * scr_cases.c - the Cases tab (Ärenden): every case by its code, open or
 * closed, its consent state and how long the consent lasts, and the
 * child's name only where the consent gate gives it. A search by code or
 * name (the library decides what a search may look at), and a new case
 * with its guardians in one form, after which the consent can be
 * registered at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

/* One line of the list: copies made in the callback. */
typedef struct case_row {
	char code[SSPF_CODE_SIZE];
	bool closed;
	sspf_consent_state state;
	sspf_date valid_until;
	char *name; /* owned, wiped; NULL where the gate gives none */
} case_row;

typedef struct cases_state {
	case_row *rows; /* owned */
	size_t n, cap;
	tui_list list;
	char *query;		   /* the active search (owned, wiped); NULL */
	char want[SSPF_CODE_SIZE]; /* select this code after the next load */
} cases_state;

enum { CASES_OPEN = 1, CASES_SEARCH, CASES_NEW, CASES_CONSENT };

static const tui_binding cases_keys[] = {
	{ CASES_OPEN, N_("Open"), { '\n' }, true },
	{ CASES_NEW, N_("New case"), { 'n' }, true },
	{ CASES_SEARCH, N_("Search"), { '/' }, true },
	{ CASES_CONSENT, N_("Consent"), { 'c' }, true },
	TUI_LIST_BINDINGS,
};

/* The concern categories of cases.h, bit i = name i. */
static const char *const concern_names[] = {
	N_("truancy/absence"),	 N_("suspected crime"),	  N_("alcohol/drugs"),
	N_("destructive peers"), N_("violent extremism"), N_("other"),
};
#define N_CONCERNS (sizeof concern_names / sizeof concern_names[0])

/* ---- loading ---- */

static void rows_free(cases_state *s)
{
	for (size_t i = 0; i < s->n; i++)
		tui_free_text(s->rows[i].name);
	free(s->rows);
	s->rows = NULL;
	s->n = s->cap = 0;
}

typedef struct loader {
	cases_state *s;
	sspf_err err;
} loader;

static int collect(void *arg, const sspf_case_line *l)
{
	loader *ld = arg;
	cases_state *s = ld->s;
	case_row *r;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		case_row *rows = realloc(s->rows, cap * sizeof *rows);

		if (rows == NULL) {
			ld->err = SSPF_ERR_NOMEM;
			return 1;
		}
		s->rows = rows;
		s->cap = cap;
	}
	r = &s->rows[s->n];
	memset(r, 0, sizeof *r);
	snprintf(r->code, sizeof r->code, "%s", l->code);
	r->closed = l->closed;
	r->state = l->state;
	r->valid_until = l->valid_until;
	if (l->child_name != NULL &&
	    (r->name = strdup(l->child_name)) == NULL) {
		ld->err = SSPF_ERR_NOMEM;
		return 1;
	}
	s->n++;
	return 0;
}

/* Load the list (or the search), keeping the selected code. */
static sspf_err load(tui_app *app, cases_state *s)
{
	loader ld = { s, SSPF_OK };
	char keep[SSPF_CODE_SIZE] = "";
	sspf_err e;

	if (s->want[0] != '\0')
		snprintf(keep, sizeof keep, "%s", s->want);
	else if (s->list.sel < (int)s->n)
		snprintf(keep, sizeof keep, "%s", s->rows[s->list.sel].code);
	s->want[0] = '\0';
	rows_free(s);
	if (s->query != NULL)
		e = sspf_case_search(app->core, s->query, collect, &ld);
	else
		e = sspf_case_list(app->core, collect, &ld);
	if (e == SSPF_OK)
		e = ld.err;
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->rows[i].code, keep) == 0)
			s->list.sel = (int)i;
	tui_list_set(&s->list, (int)s->n);
	return e;
}

static sspf_err cases_enter(tui_app *app, const void *arg, void **state)
{
	cases_state *s = calloc(1, sizeof *s);
	sspf_err e;

	(void)arg;
	if (s == NULL)
		return SSPF_ERR_NOMEM;
	if ((e = load(app, s)) != SSPF_OK) {
		rows_free(s);
		free(s);
		return e;
	}
	*state = s;
	return SSPF_OK;
}

static sspf_err cases_reload(tui_app *app, void *state)
{
	return load(app, state);
}

static void cases_leave(tui_app *app, void *state)
{
	cases_state *s = state;

	(void)app;
	rows_free(s);
	tui_free_text(s->query);
	free(s);
}

/* ---- drawing ---- */

/* The lines the list itself has: the body less its header lines. */
static int list_height(const cases_state *s)
{
	return tui_body().h - 1 - (s->query != NULL);
}

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

static int state_style(sspf_consent_state st)
{
	switch (st) {
	case SSPF_STATE_VALID:
		return TUI_OK;
	case SSPF_STATE_EXPIRED:
		return TUI_OVERDUE;
	default:
		return TUI_REFUSED;
	}
}

static void cases_draw(tui_app *app, void *state)
{
	cases_state *s = state;
	tui_rect r = tui_body();
	int y = r.y, h, x, wc, ws, wk, wv;
	char line[600];

	wc = max_int(tui_width(_("Code")), 8);
	for (size_t i = 0; i < s->n; i++)
		wc = max_int(wc, tui_width(s->rows[i].code));
	ws = max_int(tui_width(_("Status")), tui_width(_("open")));
	ws = max_int(ws, tui_width(_("closed")));
	wk = tui_width(_("Consent"));
	for (int k = SSPF_STATE_VALID; k <= SSPF_STATE_WITHDRAWN; k++)
		wk = max_int(wk, tui_width(tui_state_name(k)));
	wv = max_int(tui_width(_("Valid until")), SSPF_DATE_TEXT - 1);

	if (s->query != NULL) {
		snprintf(line, sizeof line,
			 _("Search \"%s\": %zu found. Press / and Enter to "
			   "show every case."),
			 s->query, s->n);
		tui_draw_attr(y++, 1, r.w - 2, line, false,
			      tui_attr(app, TUI_DIM));
	}
	x = 1;
	x += tui_draw_attr(y, x, wc, _("Code"), true, A_BOLD) + 2;
	x += tui_draw_attr(y, x, ws, _("Status"), true, A_BOLD) + 2;
	x += tui_draw_attr(y, x, wk, _("Consent"), true, A_BOLD) + 2;
	x += tui_draw_attr(y, x, wv, _("Valid until"), true, A_BOLD) + 2;
	if (x < r.w - 1)
		tui_draw_attr(y, x, r.w - 1 - x, _("Name"), false, A_BOLD);
	y++;
	h = r.y + r.h - y;
	if (s->n == 0) {
		tui_draw_attr(y, 1, r.w - 2,
			      s->query != NULL
				      ? _("No case matches the search.")
				      : _("No cases yet. Press n to make one."),
			      false, tui_attr(app, TUI_DIM));
		return;
	}
	tui_list_scroll(&s->list, h);
	for (int row = 0; row < h; row++) {
		int i = s->list.top + row;
		const case_row *c;
		bool sel = i == s->list.sel;
		int attr = sel ? tui_attr(app, TUI_SELECTED) : (int)A_NORMAL;
		char until[SSPF_DATE_TEXT];

		if (i >= (int)s->n)
			break;
		c = &s->rows[i];
		tui_date_text(c->valid_until, until);
		tui_draw_attr(y + row, 0, r.w, "", true, attr);
		x = 1;
		x += tui_draw_attr(y + row, x, wc, c->code, true, attr) + 2;
		x += tui_draw_attr(y + row, x, ws,
				   c->closed ? _("closed") : _("open"), true,
				   attr) +
		     2;
		x += tui_draw_attr(y + row, x, wk, tui_state_name(c->state),
				   true,
				   sel ? attr
				       : tui_attr(app, state_style(c->state))) +
		     2;
		x += tui_draw_attr(y + row, x, wv, until, true, attr) + 2;
		if (c->name != NULL && x < r.w - 1)
			tui_draw_attr(y + row, x, r.w - 1 - x, c->name, false,
				      attr);
	}
}

/* ---- the new case ---- */

enum {
	F_NAME,
	F_BIRTH,
	F_GENDER,
	F_SCHOOL,
	F_CLASS,
	F_CONCERNS,
	F_CTEXT,
	F_RAISED,
	F_SOLE,
	F_G1, /* name, phone, e-mail, custody */
	F_G2 = F_G1 + 4,
	F_N = F_G2 + 4,
};

typedef struct new_ctx {
	char code[SSPF_CODE_SIZE]; /* the case made, "" until then */
	char msg[600];		   /* what save() says is wrong */
	char warn[800];		   /* the case was made, a guardian not */
} new_ctx;

/* Trim spaces around a field's text in place; true if empty. */
static bool blank(tui_field *f)
{
	char *t = f->text, *b;
	size_t n;

	if (t == NULL)
		return true;
	for (b = t; *b == ' ' || *b == '\t'; b++)
		;
	n = strlen(b);
	while (n > 0 && (b[n - 1] == ' ' || b[n - 1] == '\t'))
		n--;
	memmove(t, b, n);
	t[n] = '\0';
	return n == 0;
}

/* The library's reason for a failed call, after what. */
static const char *fail(new_ctx *x, sspf_err e, const char *what)
{
	snprintf(x->msg, sizeof x->msg, "%s: %s", what, tui_err_why(e));
	return x->msg;
}

/* Check one guardian's fields (g: 0 or 1); fill *out if given. */
static const char *guardian_of(tui_field *f, int g, sspf_guardian_new *out,
			       bool *given, int *focus)
{
	static const char *const need[] = {
		N_("Write the name of guardian 1, or clear the phone and "
		   "e-mail."),
		N_("Write the name of guardian 2, or clear the phone and "
		   "e-mail."),
	};
	tui_field *b = &f[F_G1 + 4 * g];
	bool no_name = blank(&b[0]);
	bool no_phone = blank(&b[1]);
	bool no_mail = blank(&b[2]);

	*given = !no_name;
	if (no_name && !(no_phone && no_mail)) {
		*focus = F_G1 + 4 * g;
		return _(need[g]);
	}
	memset(out, 0, sizeof *out);
	out->name = b[0].text;
	out->phone = b[1].text;
	out->email = b[2].text;
	out->custody = b[3].choice != 0;
	return NULL;
}

static const char *new_save(tui_app *app, void *arg, tui_field *f, size_t n,
			    int *focus)
{
	new_ctx *x = arg;
	sspf_case_new c;
	sspf_guardian_new g[2];
	int from[2], ng = 0, custody = 0;
	sspf_date birth, today = sspf_core_today(app->core);
	const char *m;
	sspf_err e;

	(void)n;
	if (blank(&f[F_NAME])) {
		*focus = F_NAME;
		return _("Write the child's name.");
	}
	if (!tui_parse_date(f[F_BIRTH].text, false, &birth)) {
		*focus = F_BIRTH;
		if (blank(&f[F_BIRTH]))
			return _("Write the birth date as YYYY-MM-DD, for "
				 "example 2012-05-31.");
		snprintf(x->msg, sizeof x->msg,
			 _("%s is not a date: write the birth date as "
			   "YYYY-MM-DD, for example 2012-05-31."),
			 f[F_BIRTH].text);
		return x->msg;
	}
	if (birth > today) {
		*focus = F_BIRTH;
		return _("The birth date lies in the future.");
	}
	for (int i = 0; i < 2; i++) {
		bool given;

		if ((m = guardian_of(f, i, &g[ng], &given, focus)) != NULL)
			return m;
		if (given) {
			custody += g[ng].custody;
			from[ng++] = i + 1;
		}
	}
	if (ng == 0 && sspf_date_age(birth, today) < 18) {
		*focus = F_G1;
		return _("Write the name of guardian 1: the guardians sign "
			 "the consent for a child under 18.");
	}
	if (f[F_SOLE].choice && custody > 1) {
		*focus = F_SOLE;
		return _("Sole custody is marked, but both guardians have "
			 "custody. Correct one of them.");
	}
	blank(&f[F_SCHOOL]);
	blank(&f[F_CLASS]);
	blank(&f[F_CTEXT]);
	memset(&c, 0, sizeof c);
	c.child_name = f[F_NAME].text;
	c.birth = birth;
	c.gender = (sspf_gender)f[F_GENDER].choice;
	c.school = f[F_SCHOOL].text;
	c.class_name = f[F_CLASS].text;
	c.district = app->district;
	c.raised_by =
		f[F_RAISED].choice > 0 ? 1u << (f[F_RAISED].choice - 1) : 0;
	c.concerns = f[F_CONCERNS].bits;
	c.concern_text = f[F_CTEXT].text;
	c.sole_custody = f[F_SOLE].choice != 0;
	if ((e = sspf_case_create(app->core, &c, x->code)) != SSPF_OK)
		return fail(x, e, _("The case was not made"));
	/* the case exists now: whatever happens, the form closes */
	for (int i = 0; i < ng; i++) {
		if ((e = sspf_guardian_add(app->core, x->code, &g[i], NULL)) ==
		    SSPF_OK)
			continue;
		fail(x, e, _("Could not save"));
		if (x->warn[0] != '\0')
			snprintf(x->warn, sizeof x->warn,
				 _("Case %s was made, but neither guardian "
				   "was saved (%s). Add the guardians on the "
				   "consent screen: press c on the case."),
				 x->code, x->msg);
		else
			snprintf(x->warn, sizeof x->warn,
				 _("Case %s was made, but guardian %d was not "
				   "saved (%s). Add the guardian on the "
				   "consent screen: press c on the case."),
				 x->code, from[i], x->msg);
	}
	return NULL;
}

static unsigned new_case(tui_app *app, cases_state *s)
{
	const char *genders[] = { _("not stated"), _("girl"), _("boy"),
				  _("other"), NULL };
	const char *raised[] = { _("none"),
				 tui_actor_name(SSPF_ACTOR_SKOLA),
				 tui_actor_name(SSPF_ACTOR_SOCIALTJANST),
				 tui_actor_name(SSPF_ACTOR_POLIS),
				 tui_actor_name(SSPF_ACTOR_FRITID),
				 tui_actor_name(SSPF_ACTOR_ANNAN),
				 NULL };
	const char *concerns[N_CONCERNS + 1];
	tui_field f[F_N];
	new_ctx x;
	enum tui_result r;
	char q[200];

	for (size_t i = 0; i < N_CONCERNS; i++)
		concerns[i] = _(concern_names[i]);
	concerns[N_CONCERNS] = NULL;
	memset(f, 0, sizeof f);
	memset(&x, 0, sizeof x);
	f[F_NAME] =
		(tui_field){ .label = _("Child's name"), .max = SSPF_NAME_MAX };
	f[F_BIRTH] = (tui_field){ .label = _("Birth date"),
				  .type = TUI_FIELD_DATE,
				  .max = SSPF_DATE_TEXT - 1,
				  .hint = _("YYYY-MM-DD") };
	f[F_GENDER] = (tui_field){ .label = _("Gender"),
				   .type = TUI_FIELD_CHOICE,
				   .choices = genders };
	f[F_SCHOOL] = (tui_field){ .label = _("School") };
	f[F_CLASS] = (tui_field){ .label = _("Class") };
	f[F_CONCERNS] = (tui_field){
		.label = _("Concerns"),
		.type = TUI_FIELD_GUARDIANS,
		.choices = concerns,
		.hint = _("Space or 1-6 marks a concern; Left and Right "
			  "move."),
	};
	f[F_CTEXT] = (tui_field){ .label = _("About the concern") };
	f[F_RAISED] = (tui_field){ .label = _("Concern raised by"),
				   .type = TUI_FIELD_CHOICE,
				   .choices = raised };
	f[F_SOLE] = (tui_field){
		.label = _("Sole custody"),
		.type = TUI_FIELD_BOOL,
		.hint = _("Mark it when one guardian alone has custody: one "
			  "signature is then enough."),
	};
	for (int i = 0; i < 2; i++) {
		tui_field *b = &f[F_G1 + 4 * i];

		b[0] = (tui_field){ .label = i == 0 ? _("Guardian 1, name")
						    : _("Guardian 2, name"),
				    .max = SSPF_NAME_MAX,
				    .hint = i == 0 ? NULL
						   : _("Leave guardian 2 empty "
						       "if there is none.") };
		b[1] = (tui_field){ .label = i == 0 ? _("Guardian 1, phone")
						    : _("Guardian 2, phone"),
				    .max = 100 };
		b[2] = (tui_field){ .label = i == 0 ? _("Guardian 1, e-mail")
						    : _("Guardian 2, e-mail"),
				    .max = 200 };
		b[3] = (tui_field){ .label = i == 0 ? _("Guardian 1, custody")
						    : _("Guardian 2, custody"),
				    .type = TUI_FIELD_BOOL,
				    .choice = 1,
				    .hint = _("Space: has custody or not.") };
	}
	r = tui_form(app, _("New case"), f, F_N, new_save, &x);
	tui_fields_free(f, F_N);
	if (r != TUI_DONE)
		return TUI_HANDLED;
	snprintf(s->want, sizeof s->want, "%s", x.code);
	if (x.warn[0] != '\0') {
		tui_flash_error(app, "%s", x.warn);
		if (tui_message(app, _("A guardian was not saved"), x.warn) ==
		    TUI_INTERRUPTED)
			return TUI_HANDLED;
	} else {
		tui_flash(app, _("Saved: the new case is %s."), x.code);
	}
	snprintf(q, sizeof q, _("Register the consent for case %s now?"),
		 x.code);
	r = tui_confirm(app, q);
	if (r == TUI_INTERRUPTED)
		return TUI_HANDLED;
	if (r == TUI_DONE)
		tui_push(app, &tui_consent_screen, x.code);
	return TUI_HANDLED | TUI_RELOAD;
}

/* ---- actions ---- */

static unsigned search(tui_app *app, cases_state *s)
{
	char *text = strdup("");
	tui_field t = { .text = text };
	enum tui_result r;

	if (text == NULL) {
		tui_flash_err(app, SSPF_ERR_NOMEM, NULL);
		return TUI_HANDLED;
	}
	r = tui_prompt(app, _("Search for a code or a name: "), &t.text,
		       SSPF_NAME_MAX);
	if (r != TUI_DONE) {
		tui_free_text(t.text);
		return TUI_HANDLED;
	}
	tui_free_text(s->query);
	s->query = NULL;
	if (blank(&t))
		tui_free_text(t.text);
	else
		s->query = t.text;
	s->list.sel = 0;
	s->list.top = 0;
	return TUI_HANDLED | TUI_RELOAD;
}

static unsigned cases_act(tui_app *app, void *state, int action)
{
	cases_state *s = state;
	char code[SSPF_CODE_SIZE];

	if (tui_list_act(&s->list, action, list_height(s)))
		return TUI_HANDLED;
	switch (action) {
	case CASES_SEARCH:
		return search(app, s);
	case CASES_NEW:
		return new_case(app, s);
	case CASES_OPEN:
	case CASES_CONSENT:
		if (s->n == 0) {
			tui_flash_error(app, "%s", _("There is no case here."));
			return TUI_HANDLED;
		}
		snprintf(code, sizeof code, "%s", s->rows[s->list.sel].code);
		tui_push(app,
			 action == CASES_OPEN ? &tui_case_screen
					      : &tui_consent_screen,
			 code);
		return TUI_HANDLED;
	default:
		return TUI_UNHANDLED;
	}
}

const tui_screen tui_cases_screen = {
	.name = N_("Cases"),
	.keys = cases_keys,
	.n_keys = sizeof cases_keys / sizeof cases_keys[0],
	.enter = cases_enter,
	.reload = cases_reload,
	.leave = cases_leave,
	.draw = cases_draw,
	.act = cases_act,
};
