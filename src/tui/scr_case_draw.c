/*
 * scr_case_draw.c - the page of one case (scr_case.c loads it): the case,
 * its guardians, the consent, the commitment plan with overdue actions
 * marked, and the meetings it was discussed in, as one scrolling page;
 * or, when the consent gate refused, the code, the consent state and the
 * reason only.
 */
#include <stdio.h>
#include <string.h>

#include "tui/scr_case.h"

static const char *const concern_names[] = {
	N_("truancy/absence"),	 N_("suspected crime"),	  N_("alcohol/drugs"),
	N_("destructive peers"), N_("violent extremism"), N_("other"),
};
#define N_CONCERNS (sizeof concern_names / sizeof concern_names[0])

static const char *const gender_names[] = {
	N_("not stated"),
	N_("girl"),
	N_("boy"),
	N_("other"),
};

/* ---- the page: lines counted from the top, drawn when visible ---- */

typedef struct page {
	tui_app *app;
	tui_rect r;
	int top;	/* the first line shown */
	int y;		/* the next line of the page */
	int lw, vx, vw; /* label width, value column and width */
} page;

/* Text s wrapped in w columns at column x, from the next line. */
static void pg_text(page *p, int x, int w, const char *s, int attr)
{
	int n = tui_draw_wrapped((tui_rect){ 0, 0, 0, w }, s, 0, 0);
	int skip, row;

	if (n == 0)
		n = 1;
	if (p->y + n > p->top && p->y < p->top + p->r.h) {
		skip = p->y < p->top ? p->top - p->y : 0;
		row = p->y + skip - p->top;
		tui_draw_wrapped((tui_rect){ p->r.y + row, x, p->r.h - row, w },
				 s, skip, attr);
	}
	p->y += n;
}

static void pg_blank(page *p)
{
	p->y++;
}

static void pg_heading(page *p, const char *title)
{
	if (p->y > 0)
		pg_blank(p);
	pg_text(p, 1, p->r.w - 2, title, A_BOLD | A_UNDERLINE);
}

/* A label and its value (wrapped under itself). */
static void pg_field(page *p, const char *label, const char *value, int attr)
{
	if (p->y >= p->top && p->y < p->top + p->r.h)
		tui_draw_attr(p->r.y + p->y - p->top, 3, p->lw, label, false,
			      tui_attr(p->app, TUI_DIM));
	pg_text(p, p->vx, p->vw, value, attr);
}

/* ---- drawing ---- */

static const char *const labels[] = {
	N_("Name"),	     N_("Born"),	 N_("Gender"),
	N_("School, class"), N_("District"),	 N_("Concerns"),
	N_("About it"),	     N_("Raised by"),	 N_("Note"),
	N_("Opened"),	     N_("Closed"),	 N_("Outcome"),
	N_("Guardian"),	     N_("Sole custody"), N_("Signed on"),
	N_("Valid until"),   N_("Signed by"),	 N_("Scope"),
	N_("Information"),   N_("Purpose"),	 N_("Form version"),
};

static void draw_refused(tui_app *app, case_state *s, page *p)
{
	char line[200];

	snprintf(line, sizeof line, _("Case %s"), s->code);
	pg_text(p, 1, p->r.w - 2, line, A_BOLD);
	pg_blank(p);
	pg_field(p, _("Consent"), tui_state_name(s->state),
		 tui_attr(app, TUI_REFUSED));
	pg_blank(p);
	pg_text(p, 3, p->r.w - 4, s->reason, tui_attr(app, TUI_REFUSED));
	pg_blank(p);
	pg_text(p, 3, p->r.w - 4, _("Consent work: press c"), A_NORMAL);
	pg_text(p, 3, p->r.w - 4,
		_("The consent form for the family to sign: press u"),
		A_NORMAL);
}

static void draw_case(tui_app *app, const sspf_case *c, page *p)
{
	char buf[1200], d[SSPF_DATE_TEXT];
	size_t used = 0;

	snprintf(buf, sizeof buf, _("Case %s"), c->code);
	pg_text(p, 1, p->r.w - 2, buf, A_BOLD);
	if (c->child_name != NULL)
		pg_field(p, _("Name"), c->child_name, A_BOLD);
	if (c->birth != 0) {
		tui_date_text(c->birth, d);
		snprintf(buf, sizeof buf, _("%s (%d years)"), d,
			 sspf_date_age(c->birth, sspf_core_today(app->core)));
		pg_field(p, _("Born"), buf, A_NORMAL);
	}
	pg_field(p, _("Gender"),
		 (unsigned)c->gender < 4 ? _(gender_names[c->gender]) : "?",
		 A_NORMAL);
	snprintf(buf, sizeof buf, "%s%s%s", c->school,
		 c->school[0] && c->class_name[0] ? ", " : "", c->class_name);
	pg_field(p, _("School, class"), buf, A_NORMAL);
	if (c->district[0] != '\0')
		pg_field(p, _("District"), c->district, A_NORMAL);
	buf[0] = '\0';
	for (size_t i = 0; i < N_CONCERNS && used < sizeof buf; i++)
		if (c->concerns & (1u << i))
			used += (size_t)snprintf(buf + used, sizeof buf - used,
						 "%s%s", used ? ", " : "",
						 _(concern_names[i]));
	pg_field(p, _("Concerns"), used ? buf : _("none"), A_NORMAL);
	if (c->concern_text[0] != '\0')
		pg_field(p, _("About it"), c->concern_text, A_NORMAL);
	pg_field(p, _("Raised by"),
		 c->raised_by ? tui_actor_name(c->raised_by) : _("not stated"),
		 A_NORMAL);
	if (c->note[0] != '\0')
		pg_field(p, _("Note"), c->note, A_NORMAL);
	tui_date_text(c->opened_on, d);
	pg_field(p, _("Opened"), d, A_NORMAL);
	if (c->closed) {
		tui_date_text(c->closed_on, d);
		pg_field(p, _("Closed"), d, A_NORMAL);
		pg_field(p, _("Outcome"), c->outcome, A_NORMAL);
	} else {
		pg_field(p, _("Closed"), _("no, the case is open"),
			 tui_attr(app, TUI_DIM));
	}
}

static void draw_people(tui_app *app, case_state *s, page *p)
{
	const sspf_consent_info *ci = s->ci;
	const sspf_consent_record *r = s->rec;
	char buf[1200], d[SSPF_DATE_TEXT];
	size_t used = 0;

	pg_heading(p, _("Guardians"));
	for (size_t i = 0; ci != NULL && i < ci->n_guardians; i++) {
		snprintf(buf, sizeof buf, "%s%s%s%s%s (%s)",
			 ci->guardians[i].name,
			 ci->guardians[i].phone[0] ? ", " : "",
			 ci->guardians[i].phone,
			 ci->guardians[i].email[0] ? ", " : "",
			 ci->guardians[i].email,
			 ci->guardians[i].custody ? _("has custody")
						  : _("no custody"));
		pg_field(p, _("Guardian"), buf, A_NORMAL);
	}
	if (ci == NULL || ci->n_guardians == 0)
		pg_text(p, 3, p->r.w - 4, _("No guardian is recorded."),
			tui_attr(app, TUI_DIM));
	if (ci != NULL)
		pg_field(p, _("Sole custody"),
			 ci->sole_custody ? _("yes") : _("no"), A_NORMAL);

	pg_heading(p, _("Consent"));
	if (r == NULL) {
		pg_text(p, 3, p->r.w - 4, _("No consent is registered."),
			tui_attr(app, TUI_DIM));
		return;
	}
	tui_date_text(r->signed_on, d);
	pg_field(p, _("Signed on"), d, A_NORMAL);
	tui_date_text(r->valid_until, d);
	pg_field(p, _("Valid until"), d, tui_attr(app, TUI_OK));
	buf[0] = '\0';
	for (size_t i = 0; ci != NULL && i < r->n_signed_by; i++)
		for (size_t j = 0; j < ci->n_guardians && used < sizeof buf;
		     j++)
			if (ci->guardians[j].id == r->signed_by[i])
				used += (size_t)snprintf(
					buf + used, sizeof buf - used, "%s%s",
					used ? ", " : "",
					ci->guardians[j].name);
	if (r->youth_signed && used < sizeof buf)
		used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s",
					 used ? ", " : "",
					 _("the young person"));
	pg_field(p, _("Signed by"), buf, A_NORMAL);
	tui_actors_text(r->scope, buf, sizeof buf);
	if (r->scope_other[0] != '\0') {
		used = strlen(buf);
		snprintf(buf + used, sizeof buf - used, " (%s)",
			 r->scope_other);
	}
	pg_field(p, _("Scope"), buf, A_NORMAL);
	pg_field(p, _("Information"), r->information, A_NORMAL);
	pg_field(p, _("Purpose"), r->purpose, A_NORMAL);
	snprintf(buf, sizeof buf, "%s%s%s%s", r->form_version,
		 r->form_language[0] ? " (" : "", r->form_language,
		 r->form_language[0] ? ")" : "");
	pg_field(p, _("Form version"), buf, A_NORMAL);
}

static void draw_plan(tui_app *app, const sspf_plan *pl, page *p)
{
	sspf_date today = sspf_core_today(app->core);
	char buf[600], d[SSPF_DATE_TEXT];

	pg_heading(p, _("Commitment plan: goals"));
	for (size_t i = 0; i < pl->n_goals; i++) {
		snprintf(buf, sizeof buf, "%zu.", i + 1);
		if (p->y >= p->top && p->y < p->top + p->r.h)
			tui_draw(p->r.y + p->y - p->top, 3, 4, buf, false);
		pg_text(p, 7, p->r.w - 8, pl->goals[i].text, A_NORMAL);
	}
	if (pl->n_goals == 0)
		pg_text(p, 3, p->r.w - 4,
			_("No goals yet. Press g to add one."),
			tui_attr(app, TUI_DIM));

	pg_heading(p, _("Commitment plan: actions"));
	for (size_t i = 0; i < pl->n_actions; i++) {
		const sspf_action_line *a = &pl->actions[i];
		bool open = a->status == SSPF_ACTION_NOT_STARTED ||
			    a->status == SSPF_ACTION_ONGOING;
		bool late = open && a->due != 0 && a->due < today;
		int attr = late ? tui_attr(app, TUI_OVERDUE) : (int)A_NORMAL;
		char who[400];

		if (p->y >= p->top && p->y < p->top + p->r.h)
			tui_draw_attr(p->r.y + p->y - p->top, 3, 2, "*", false,
				      attr);
		pg_text(p, 5, p->r.w - 6, a->what, attr | (int)A_BOLD);
		snprintf(who, sizeof who, "%s%s%s", tui_actor_name(a->actor),
			 a->person[0] ? ", " : "", a->person);
		tui_date_text(a->due, d);
		snprintf(buf, sizeof buf,
			 late ? _("Who: %s.  Due: %s.  Status: %s, overdue.")
			      : _("Who: %s.  Due: %s.  Status: %s."),
			 who, a->due ? d : _("no date"),
			 tui_status_name(a->status));
		pg_text(p, 5, p->r.w - 6, buf, attr);
		for (size_t j = 0; j < a->n_follow_ups; j++) {
			const sspf_follow_up_line *f = &a->follow_ups[j];

			tui_date_text(f->made_on, d);
			snprintf(buf, sizeof buf, _("Follow-up %s: %s. %s"), d,
				 tui_status_name(f->status), f->comment);
			pg_text(p, 7, p->r.w - 8, buf, tui_attr(app, TUI_DIM));
		}
	}
	if (pl->n_actions == 0)
		pg_text(p, 3, p->r.w - 4,
			_("No actions yet. Press a to add one."),
			tui_attr(app, TUI_DIM));
}

static void draw_history(tui_app *app, case_state *s, page *p)
{
	char buf[200], d[SSPF_DATE_TEXT];

	pg_heading(p, _("Meetings about the case"));
	for (size_t i = 0; i < s->n_hist; i++) {
		const case_hist_row *h = &s->hist[i];
		sspf_meeting_kind k;

		tui_date_text(h->date, d);
		snprintf(buf, sizeof buf, "%s  %s", d,
			 sspf_meeting_kind_parse(h->kind, &k) ? tui_kind_name(k)
							      : h->kind);
		pg_text(p, 3, p->r.w - 4, buf, A_BOLD);
		if (h->minutes[0] != '\0')
			pg_text(p, 5, p->r.w - 6, h->minutes, A_NORMAL);
		else
			pg_text(p, 5, p->r.w - 6, _("No minutes."),
				tui_attr(app, TUI_DIM));
	}
	if (s->n_hist == 0)
		pg_text(p, 3, p->r.w - 4,
			_("The case has not been on a meeting's agenda yet."),
			tui_attr(app, TUI_DIM));
}

void case_draw(tui_app *app, void *state)
{
	case_state *s = state;
	page p = { .app = app, .r = tui_body(), .top = s->top };

	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (tui_width(_(labels[i])) > p.lw)
			p.lw = tui_width(_(labels[i]));
	if (p.lw > p.r.w / 3)
		p.lw = p.r.w / 3;
	p.vx = 3 + p.lw + 2;
	p.vw = p.r.w - p.vx - 1;
	/* count first (nothing visible), then draw at the clamped top */
	for (int pass = 0; pass < 2; pass++) {
		p.y = 0;
		p.top = pass == 0 ? -1000000 : s->top;
		if (s->refused) {
			draw_refused(app, s, &p);
		} else if (s->c == NULL) {
			pg_text(&p, 1, p.r.w - 2,
				_("The case could not be read."),
				tui_attr(app, TUI_OVERDUE));
		} else {
			draw_case(app, s->c, &p);
			draw_people(app, s, &p);
			draw_plan(app, s->plan, &p);
			draw_history(app, s, &p);
		}
		s->total = p.y;
		if (s->top > s->total - p.r.h)
			s->top = s->total - p.r.h;
		if (s->top < 0)
			s->top = 0;
	}
	if (s->top > 0)
		tui_draw(p.r.y, p.r.w - 2, 1, "↑", false);
	if (s->top + p.r.h < s->total)
		tui_draw(p.r.y + p.r.h - 1, p.r.w - 2, 1, "↓", false);
}
