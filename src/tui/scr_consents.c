/*
 * scr_consents.c - the "Consents" tab: the consent work to do, in four
 * sections: cases waiting for consent, consents that expire within 30
 * days, expired ones and withdrawn ones (closed cases left out). Only
 * case codes, states and consent dates are shown, never a name: this list
 * may be on a projector. The names belong on the one-case consent screen
 * (scr_consent.c), opened with Enter or with 'n' for a code typed. A
 * blank consent form, to fill in by hand, is printed from here with u.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/print_dialog.h"
#include "tui/tui.h"

/* Consents that end within this many days are listed as expiring. */
#define EXPIRING_DAYS 30

enum section { SEC_WAITING, SEC_EXPIRING, SEC_EXPIRED, SEC_WITHDRAWN, SEC_N };

static const char *const section_names[SEC_N] = {
	N_("Waiting for consent"),
	N_("Expiring within 30 days"),
	N_("Expired"),
	N_("Withdrawn"),
};

/* One case of the list: what sspf_case_list gives, without the name. */
typedef struct line {
	char code[SSPF_CODE_SIZE];
	sspf_consent_state state;
	sspf_consent_reason reason;
	sspf_date valid_until;
	enum section sec;
} line;

enum row_kind { ROW_HEAD, ROW_NONE, ROW_GAP, ROW_CASE };

/* One line on the screen: a section heading, "none", a gap or a case. */
typedef struct row {
	enum row_kind kind;
	enum section sec;
	int idx; /* ROW_CASE: index into lines */
} row;

typedef struct consents_state {
	line *lines;
	size_t n, cap;
	row *rows;
	int n_rows;
	int count[SEC_N];
	sspf_date today;
	tui_list list; /* over rows; sel is always a case row if any */
} consents_state;

enum { ACT_OPEN = 1, ACT_CODE, ACT_BLANK };

static const tui_binding consents_keys[] = {
	{ ACT_OPEN, N_("Open"), { '\n' }, true },
	{ ACT_CODE, N_("Go to a case code"), { 'n' }, true },
	{ ACT_BLANK, N_("Blank form…"), { 'u' }, true },
	TUI_LIST_BINDINGS,
};

/* ---- loading ---- */

/* Which section a case belongs to; -1 for none. */
static int section_of(const sspf_case_line *l, sspf_date today)
{
	if (l->closed)
		return -1;
	switch (l->state) {
	case SSPF_STATE_PENDING:
		return SEC_WAITING;
	case SSPF_STATE_VALID:
		return l->valid_until != 0 &&
				       l->valid_until - today <= EXPIRING_DAYS
			       ? SEC_EXPIRING
			       : -1;
	case SSPF_STATE_EXPIRED:
		return SEC_EXPIRED;
	case SSPF_STATE_WITHDRAWN:
		return SEC_WITHDRAWN;
	}
	return -1;
}

struct collect {
	consents_state *s;
	sspf_err err;
};

/* Copies code, state and dates only: the name is never kept. */
static int collect_line(void *arg, const sspf_case_line *l)
{
	struct collect *c = arg;
	consents_state *s = c->s;
	int sec = section_of(l, s->today);
	line *ln;

	if (sec < 0)
		return 0;
	if (s->n == s->cap) {
		size_t cap = s->cap != 0 ? 2 * s->cap : 32;
		line *p = realloc(s->lines, cap * sizeof *p);

		if (p == NULL) {
			c->err = SSPF_ERR_NOMEM;
			return 1;
		}
		s->lines = p;
		s->cap = cap;
	}
	ln = &s->lines[s->n++];
	memset(ln, 0, sizeof *ln);
	snprintf(ln->code, sizeof ln->code, "%s", l->code);
	ln->state = l->state;
	ln->reason = l->reason;
	ln->valid_until = l->valid_until;
	ln->sec = (enum section)sec;
	s->count[sec]++;
	return 0;
}

/* Within a section: expiring soonest first, most recently expired
 * first, the others in code order (the order of sspf_case_list). */
static int cmp_lines(const void *a, const void *b)
{
	const line *x = a, *y = b;

	if (x->sec != y->sec)
		return (int)x->sec - (int)y->sec;
	if (x->sec == SEC_EXPIRING && x->valid_until != y->valid_until)
		return x->valid_until < y->valid_until ? -1 : 1;
	if (x->sec == SEC_EXPIRED && x->valid_until != y->valid_until)
		return x->valid_until > y->valid_until ? -1 : 1;
	return strcmp(x->code, y->code);
}

/* The rows: each section's heading, its cases (or "none"), a gap. */
static sspf_err build_rows(consents_state *s)
{
	int max = (int)s->n + 3 * SEC_N, k = 0;
	size_t i = 0;

	free(s->rows);
	s->rows = calloc((size_t)max, sizeof *s->rows);
	s->n_rows = 0;
	if (s->rows == NULL)
		return SSPF_ERR_NOMEM;
	for (int sec = 0; sec < SEC_N; sec++) {
		if (sec > 0)
			s->rows[k++] = (row){ ROW_GAP, (enum section)sec, -1 };
		s->rows[k++] = (row){ ROW_HEAD, (enum section)sec, -1 };
		if (s->count[sec] == 0)
			s->rows[k++] = (row){ ROW_NONE, (enum section)sec, -1 };
		for (; i < s->n && (int)s->lines[i].sec == sec; i++)
			s->rows[k++] =
				(row){ ROW_CASE, (enum section)sec, (int)i };
	}
	s->n_rows = k;
	return SSPF_OK;
}

static bool is_case(const consents_state *s, int r)
{
	return r >= 0 && r < s->n_rows && s->rows[r].kind == ROW_CASE;
}

/* Put the selection on a case row, looking in direction dir first. */
static void fix_sel(consents_state *s, int dir)
{
	int r = s->list.sel;

	if (is_case(s, r))
		return;
	for (int i = r; i >= 0 && i < s->n_rows; i += dir)
		if (is_case(s, i)) {
			s->list.sel = i;
			return;
		}
	for (int i = r; i >= 0 && i < s->n_rows; i -= dir)
		if (is_case(s, i)) {
			s->list.sel = i;
			return;
		}
	s->list.sel = 0;
}

static sspf_err load(tui_app *app, consents_state *s)
{
	struct collect c = { s, SSPF_OK };
	char keep[SSPF_CODE_SIZE] = "";
	sspf_err e;

	if (is_case(s, s->list.sel))
		snprintf(keep, sizeof keep, "%s",
			 s->lines[s->rows[s->list.sel].idx].code);
	s->n = 0;
	memset(s->count, 0, sizeof s->count);
	s->today = sspf_core_today(app->core);
	e = sspf_case_list(app->core, collect_line, &c);
	if (e == SSPF_OK)
		e = c.err;
	if (e != SSPF_OK) {
		s->n = 0;
		memset(s->count, 0, sizeof s->count);
	}
	if (s->n > 1)
		qsort(s->lines, s->n, sizeof *s->lines, cmp_lines);
	if (build_rows(s) != SSPF_OK)
		return SSPF_ERR_NOMEM;
	tui_list_set(&s->list, s->n_rows);
	for (int r = 0; keep[0] != '\0' && r < s->n_rows; r++)
		if (is_case(s, r) &&
		    strcmp(s->lines[s->rows[r].idx].code, keep) == 0)
			s->list.sel = r;
	fix_sel(s, 1);
	return e;
}

static sspf_err consents_enter(tui_app *app, const void *arg, void **state)
{
	consents_state *s = calloc(1, sizeof *s);
	sspf_err e;

	(void)arg;
	if (s == NULL)
		return SSPF_ERR_NOMEM;
	e = load(app, s);
	if (e != SSPF_OK) {
		free(s->lines);
		free(s->rows);
		free(s);
		return e;
	}
	*state = s;
	return SSPF_OK;
}

static sspf_err consents_reload(tui_app *app, void *state)
{
	return load(app, state);
}

static void consents_leave(tui_app *app, void *state)
{
	consents_state *s = state;

	(void)app;
	free(s->lines);
	free(s->rows);
	free(s);
}

/* ---- drawing ---- */

/* What is still missing for a case waiting for consent, without names. */
static const char *missing_text(sspf_consent_reason r)
{
	switch (r) {
	case SSPF_CONSENT_NONE:
		return _("no consent registered yet");
	case SSPF_CONSENT_NO_GUARDIAN:
		return _("no guardian with custody recorded");
	case SSPF_CONSENT_SECOND_GUARDIAN:
		return _("second guardian not recorded");
	case SSPF_CONSENT_GUARDIAN_UNSIGNED:
		return _("a guardian has not signed");
	case SSPF_CONSENT_YOUTH_UNSIGNED:
		return _("the youth has not signed");
	case SSPF_CONSENT_NOT_YET:
		return _("not valid yet");
	case SSPF_CONSENT_ADULT_NOW:
		return _("turned 18: the youth must consent");
	default:
		return "";
	}
}

/* Days left of a valid consent, or how long ago it expired. */
static void days_text(const consents_state *s, const line *l, char *buf,
		      size_t size)
{
	long d = (long)l->valid_until - (long)s->today;

	buf[0] = '\0';
	if (l->valid_until == 0)
		return;
	if (l->sec == SEC_EXPIRING) {
		if (d == 0)
			snprintf(buf, size, "%s", _("last day today"));
		else
			snprintf(buf, size,
				 ngettext("%ld day left", "%ld days left",
					  (unsigned long)d),
				 d);
	} else if (l->sec == SEC_EXPIRED && d < 0) {
		snprintf(buf, size,
			 ngettext("expired %ld day ago", "expired %ld days ago",
				  (unsigned long)-d),
			 -d);
	}
}

/* The widths of the columns code, state, valid until, days left. */
struct cols {
	int code, state, date, days;
};

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

static struct cols measure(const consents_state *s)
{
	struct cols c = { tui_width(_("Code")), tui_width(_("State")),
			  max_int(tui_width(_("Valid until")), 10),
			  tui_width(_("Days left")) };
	char days[64];

	for (size_t i = 0; i < s->n; i++) {
		c.code = max_int(c.code, tui_width(s->lines[i].code));
		c.state = max_int(c.state,
				  tui_width(tui_state_name(s->lines[i].state)));
		days_text(s, &s->lines[i], days, sizeof days);
		c.days = max_int(c.days, tui_width(days));
	}
	/* the last column (what is missing) keeps some room at 80 */
	if (c.state > 22)
		c.state = 22;
	return c;
}

static void draw_case(tui_app *app, const consents_state *s, const line *l,
		      int y, const struct cols *c, bool sel)
{
	tui_rect r = tui_body();
	int attr = A_NORMAL, x = 2;
	char date[SSPF_DATE_TEXT], days[64];

	if (sel)
		attr = tui_attr(app, TUI_SELECTED);
	else if (l->sec == SEC_EXPIRED)
		attr = tui_attr(app, TUI_OVERDUE);
	else if (l->sec == SEC_WITHDRAWN)
		attr = tui_attr(app, TUI_REFUSED);
	tui_draw_attr(y, 1, r.w - 2, "", true, attr);
	/* a withdrawn consent's end date would read as still valid */
	tui_date_text(l->sec == SEC_WITHDRAWN ? 0 : l->valid_until, date);
	days_text(s, l, days, sizeof days);
	x += tui_draw_attr(y, x, c->code, l->code, true, attr) + 2;
	x += tui_draw_attr(y, x, c->state, tui_state_name(l->state), true,
			   attr) +
	     2;
	x += tui_draw_attr(y, x, c->date, date, true, attr) + 2;
	if (l->sec == SEC_WAITING) {
		tui_draw_attr(y, x, r.w - 1 - x, missing_text(l->reason), false,
			      attr);
		return;
	}
	tui_draw_attr(y, x, r.w - 1 - x, days, false, attr);
}

static void draw_heading(tui_app *app, int y, const row *rw,
			 const consents_state *s)
{
	char text[160];

	if (rw->kind == ROW_HEAD) {
		snprintf(text, sizeof text, "%s (%d)",
			 _(section_names[rw->sec]), s->count[rw->sec]);
		tui_draw_attr(y, 1, tui_body().w - 2, text, false, A_BOLD);
	} else if (rw->kind == ROW_NONE) {
		tui_draw_attr(y, 2, tui_body().w - 3, _("None."), false,
			      tui_attr(app, TUI_DIM));
	}
}

/* The rows shown start at list.top; show a case's heading with it. */
static void scroll_list(consents_state *s, int h)
{
	tui_list_set(&s->list, s->n_rows);
	tui_list_scroll(&s->list, h);
	if (s->list.top > 0 && s->list.top == s->list.sel) {
		int t = s->list.top;

		while (t > 0 && !is_case(s, t - 1) &&
		       s->rows[t - 1].kind != ROW_GAP &&
		       s->list.sel - t + 1 < h)
			t--;
		s->list.top = t;
	}
	/* the first case: show everything above it */
	for (int i = 0; i < s->list.sel && s->list.sel < h; i++)
		if (is_case(s, i))
			return;
	if (s->list.sel < h)
		s->list.top = 0;
}

static void consents_draw(tui_app *app, void *state)
{
	consents_state *s = state;
	tui_rect r = tui_body();
	struct cols c = measure(s);
	int x = 2, h = r.h - 1, dim = tui_attr(app, TUI_DIM);

	x += tui_draw_attr(r.y, x, c.code, _("Code"), true, dim) + 2;
	x += tui_draw_attr(r.y, x, c.state, _("State"), true, dim) + 2;
	x += tui_draw_attr(r.y, x, c.date, _("Valid until"), true, dim) + 2;
	tui_draw_attr(r.y, x, r.w - 1 - x, _("Days left"), false, dim);
	scroll_list(s, h);
	for (int i = 0; i < h; i++) {
		int k = s->list.top + i;

		if (k >= s->n_rows)
			break;
		if (s->rows[k].kind == ROW_CASE)
			draw_case(app, s, &s->lines[s->rows[k].idx],
				  r.y + 1 + i, &c, k == s->list.sel);
		else
			draw_heading(app, r.y + 1 + i, &s->rows[k], s);
	}
	if (s->list.top > 0)
		tui_draw(r.y + 1, r.w - 2, 1, "↑", false);
	if (s->list.top + h < s->n_rows)
		tui_draw(r.y + h, r.w - 2, 1, "↓", false);
}

/* ---- actions ---- */

struct find {
	const char *code;
	bool found;
};

static int find_code(void *arg, const sspf_case_line *l)
{
	struct find *f = arg;

	f->found = strcmp(l->code, f->code) == 0;
	return f->found; /* nonzero stops */
}

/* Is there a case with this code? (one "list" audit entry, no data) */
static bool case_exists(tui_app *app, const char *code)
{
	struct find f = { code, false };

	return sspf_case_list(app->core, find_code, &f) == SSPF_OK && f.found;
}

/* 'n': the consent work for a code typed. */
static unsigned open_code(tui_app *app)
{
	char *text = strdup(""), *p, *end;
	enum tui_result res;

	if (text == NULL) {
		tui_flash_err(app, SSPF_ERR_NOMEM, NULL);
		return TUI_HANDLED;
	}
	res = tui_prompt(app, _("Case code: "), &text, SSPF_CODE_SIZE - 1);
	if (res == TUI_DONE && text != NULL) {
		for (p = text; *p == ' '; p++)
			;
		end = p + strlen(p);
		while (end > p && end[-1] == ' ')
			*--end = '\0';
		if (*p != '\0' && !case_exists(app, p))
			tui_flash_error(app, _("There is no case %s."), p);
		else if (*p != '\0')
			tui_push(app, &tui_consent_screen, p);
	}
	free(text);
	return TUI_HANDLED;
}

static unsigned consents_act(tui_app *app, void *state, int action)
{
	consents_state *s = state;
	int h = tui_body().h - 1;

	switch (action) {
	case ACT_OPEN:
		if (is_case(s, s->list.sel))
			tui_push(app, &tui_consent_screen,
				 s->lines[s->rows[s->list.sel].idx].code);
		return TUI_HANDLED;
	case ACT_CODE:
		return open_code(app);
	case ACT_BLANK:
		return tui_print(app, PRINT_CONSENT_FORM,
				 &(tui_print_job){ .code = NULL });
	default:
		break;
	}
	tui_list_set(&s->list, s->n_rows);
	if (tui_list_act(&s->list, action, h)) {
		bool up = action == TUI_ACT_UP || action == TUI_ACT_PGUP ||
			  action == TUI_ACT_END;

		/* past a heading to the next case; at either end: stay */
		fix_sel(s, up ? -1 : 1);
		return TUI_HANDLED;
	}
	return TUI_UNHANDLED;
}

const tui_screen tui_consents_screen = {
	.name = N_("Consents"),
	.keys = consents_keys,
	.n_keys = sizeof consents_keys / sizeof consents_keys[0],
	.enter = consents_enter,
	.reload = consents_reload,
	.leave = consents_leave,
	.draw = consents_draw,
	.act = consents_act,
};
