/*
 * scr_consent.c - the consent work for one case (arg: its code): exactly
 * what is needed to obtain consent, shown without a valid consent
 * (DOMAIN.md, "Consent"): the child's name and birth date, the guardians
 * and their contact, and the newest consent as registered. At the top,
 * the state in words (valid until a date, or what it waits for, naming
 * the guardian: this is a consent screen) and what to do next.
 *
 * Keys: g adds a guardian, r registers a signed consent form, n renews
 * (the same form filled from the current consent), w withdraws, a records
 * a "no" to consent, u prints the consent form filled in with the child's
 * and guardians' names for the family to sign. The forms themselves are
 * in scr_consent_form.c and scr_consent_decline.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sspf/settings.h>

#include "tui/print_dialog.h"
#include "tui/scr_consent.h"
#include "tui/tui.h"

enum {
	ACT_REGISTER = 1,
	ACT_RENEW,
	ACT_WITHDRAW,
	ACT_GUARDIAN,
	ACT_CUSTODY,
	ACT_DECLINE,
	ACT_PRINT,
};

/* A page, not a list: the scrolling keys without g/G (g adds a guardian). */
static const tui_binding consent_keys[] = {
	{ ACT_REGISTER, N_("Register consent"), { 'r' }, true },
	{ ACT_RENEW, N_("Renew"), { 'n' }, true },
	{ ACT_WITHDRAW, N_("Withdraw"), { 'w' }, true },
	{ ACT_DECLINE, N_("They said no"), { 'a' }, false },
	{ ACT_PRINT, N_("Print…"), { 'u' }, true },
	{ ACT_GUARDIAN, N_("Add guardian"), { 'g' }, false },
	{ ACT_CUSTODY, N_("Sole custody or joint custody"), { 's' }, false },
	{ TUI_ACT_UP, N_("Scroll up"), { KEY_UP, 'k' }, false },
	{ TUI_ACT_DOWN, N_("Scroll down"), { KEY_DOWN, 'j' }, false },
	{ TUI_ACT_PGUP, N_("Page up"), { KEY_PPAGE }, false },
	{ TUI_ACT_PGDN, N_("Page down"), { KEY_NPAGE }, false },
	{ TUI_ACT_HOME, N_("First"), { KEY_HOME }, false },
	{ TUI_ACT_END, N_("Last"), { KEY_END }, false },
};

/* ---- loading ---- */

static void consent_info_wipe(sspf_consent_info *ci)
{
	if (ci == NULL)
		return;
	tui_free_text(ci->child_name);
	ci->child_name = NULL;
	for (size_t i = 0; i < ci->n_guardians && i < SSPF_MAX_GUARDIANS; i++) {
		tui_free_text(ci->guardians[i].name);
		tui_free_text(ci->guardians[i].phone);
		tui_free_text(ci->guardians[i].email);
		tui_free_text(ci->guardians[i].address);
		memset(&ci->guardians[i], 0, sizeof ci->guardians[i]);
	}
	sspf_consent_info_free(ci);
}

static void record_wipe(sspf_consent_record *r)
{
	char **texts[] = { &r->scope_other,   &r->information,
			   &r->purpose,	      &r->form_version,
			   &r->form_language, &r->registered_by,
			   &r->withdrawn_by,  &r->withdrawn_note };

	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		tui_free_text(*texts[i]);
		*texts[i] = NULL;
	}
	sspf_consent_record_free(r);
}

static void unload(consent_state *s)
{
	consent_info_wipe(s->info);
	s->info = NULL;
	if (s->rec != NULL)
		record_wipe(s->rec);
	s->rec = NULL;
}

static sspf_err load(tui_app *app, consent_state *s)
{
	sspf_err e;

	unload(s);
	if (sspf_setting_get_int(app->st, "consent.youth_age", &s->youth_age) !=
	    SSPF_OK)
		s->youth_age = 15;
	if (sspf_setting_get_int(app->st, "consent.validity_months",
				 &s->months) != SSPF_OK)
		s->months = 12;
	s->today = sspf_core_today(app->core);
	e = sspf_case_consent_info(app->core, s->code, &s->info);
	if (e != SSPF_OK)
		return e;
	e = sspf_consent_current(app->core, s->code, &s->rec);
	if (e == SSPF_ERR_NOT_FOUND) {
		s->rec = NULL;
		e = SSPF_OK;
	}
	if (e != SSPF_OK)
		unload(s);
	return e;
}

void consent_state_text(const consent_state *s, char *buf, size_t size,
			int *style)
{
	const sspf_verdict *v = &s->info->verdict;
	char reason[512];

	*style = TUI_REFUSED;
	if (v->allowed && s->rec != NULL) {
		char date[SSPF_DATE_TEXT];
		long d = (long)s->rec->valid_until - (long)s->today;

		tui_date_text(s->rec->valid_until, date);
		snprintf(buf, size,
			 ngettext("Valid until %s: %ld day left.",
				  "Valid until %s: %ld days left.",
				  (unsigned long)d),
			 date, d);
		*style = TUI_OK;
		return;
	}
	/* the consent screen: the reason may name the guardian */
	sspf_verdict_text(v, reason, sizeof reason);
	if (v->reason == SSPF_CONSENT_EXPIRED ||
	    v->reason == SSPF_CONSENT_WITHDRAWN ||
	    v->reason == SSPF_CONSENT_ADULT_NOW) {
		snprintf(buf, size, _("Not valid: %s"), reason);
		*style = TUI_OVERDUE;
	} else {
		snprintf(buf, size, _("Waiting: %s"), reason);
	}
	sodium_memzero(reason, sizeof reason);
}

/*
 * Before any consent: what the rules would still miss if everyone signed
 * today (no guardian with custody, the second guardian), asked of the
 * rules themselves, so that the next step can say it first.
 */
static sspf_consent_reason missing_before(const consent_state *s)
{
	const sspf_consent_info *ci = s->info;
	sspf_consent_facts f = { 0 };

	f.birth = ci->birth;
	f.sole_custody = ci->sole_custody;
	f.n_guardians = ci->n_guardians;
	for (size_t i = 0; i < ci->n_guardians && i < SSPF_MAX_GUARDIANS; i++) {
		f.guardians[i].custody = ci->guardians[i].custody;
		f.guardians[i].signed_now = true;
	}
	f.has_consent = true;
	f.signed_on = s->today;
	f.valid_until = s->today;
	f.youth_signed = true;
	f.scope = SSPF_ACTOR_ALL;
	f.youth_age = (int)s->youth_age;
	return sspf_consent_evaluate(&f, NULL, s->today).reason;
}

/* What the coordinator does next, for the state the gate gave. */
static const char *next_step(const consent_state *s)
{
	const sspf_verdict *v = &s->info->verdict;

	switch (v->reason) {
	case SSPF_CONSENT_OK:
		if (s->rec != NULL &&
		    s->rec->valid_until - s->today <= CONSENT_SOON_DAYS)
			return _("It ends soon: when the family has signed a "
				 "new form, register it with n (renew).");
		return _("The case's data can be read. If the consent is "
			 "withdrawn, press w.");
	case SSPF_CONSENT_NONE:
		if (missing_before(s) == SSPF_CONSENT_SECOND_GUARDIAN)
			return _("Joint custody: add the second guardian with "
				 "g, then register the signed form with r.");
		if (s->info->n_guardians > 0 &&
		    missing_before(s) == SSPF_CONSENT_NO_GUARDIAN)
			return _("No guardian has custody: add the guardian "
				 "with custody with g.");
		if (sspf_date_age(s->info->birth, s->today) >= 18)
			return _("The youth is 18 or older and consents "
				 "alone: when the youth has signed, register "
				 "it with r.");
		if (s->info->n_guardians == 0)
			return _("Add the guardians with g, then register "
				 "the signed form with r.");
		return _("When the form is signed, register it with r.");
	case SSPF_CONSENT_NO_GUARDIAN:
		return _("Add the guardians with g, saying who has custody.");
	case SSPF_CONSENT_SECOND_GUARDIAN:
		return _("Add the second guardian with g.");
	case SSPF_CONSENT_GUARDIAN_UNSIGNED:
	case SSPF_CONSENT_YOUTH_UNSIGNED:
		return _("When every signature is on the form, register it "
			 "again with n.");
	case SSPF_CONSENT_EXPIRED:
		return _("Register a renewed consent with n.");
	case SSPF_CONSENT_WITHDRAWN:
		return _("If the family consents again, register the new "
			 "form with r.");
	case SSPF_CONSENT_ADULT_NOW:
		return _("The youth is 18 now and consents alone: register "
			 "the youth's own consent with r.");
	default:
		return "";
	}
}

static sspf_err consent_enter(tui_app *app, const void *arg, void **state)
{
	consent_state *s;
	sspf_err e;

	if (arg == NULL || ((const char *)arg)[0] == '\0' ||
	    strlen(arg) >= SSPF_CODE_SIZE)
		return SSPF_ERR_NOT_FOUND;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return SSPF_ERR_NOMEM;
	snprintf(s->code, sizeof s->code, "%s", (const char *)arg);
	e = load(app, s);
	if (e != SSPF_OK) {
		free(s);
		return e;
	}
	*state = s;
	return SSPF_OK;
}

static sspf_err consent_reload(tui_app *app, void *state)
{
	consent_state *s = state;
	sspf_err e = load(app, s);
	char text[640];
	int style;

	if (e == SSPF_OK && s->announce) {
		consent_state_text(s, text, sizeof text, &style);
		tui_flash(app, _("Saved. %s"), text);
		sodium_memzero(text, sizeof text);
	}
	s->announce = false;
	return e;
}

static void consent_leave(tui_app *app, void *state)
{
	(void)app;
	unload(state);
	free(state);
}

/* ---- drawing ---- */

/* One line of the page: a heading, or a label and its (wrapped) value. */
typedef struct item {
	const char *label; /* NULL: the text takes the whole width */
	const char *text;
	int attr;
	char buf[256];
} item;

#define MAX_ITEMS 48

typedef struct page {
	item it[MAX_ITEMS];
	int n;
} page;

static void add(page *p, const char *label, const char *text, int attr)
{
	if (p->n == MAX_ITEMS)
		return;
	p->it[p->n].label = label;
	p->it[p->n].text = text != NULL ? text : "";
	p->it[p->n].attr = attr;
	p->n++;
}

static void addf(page *p, const char *label, int attr, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void addf(page *p, const char *label, int attr, const char *fmt, ...)
{
	va_list ap;
	item *it;

	if (p->n == MAX_ITEMS)
		return;
	it = &p->it[p->n];
	va_start(ap, fmt);
	vsnprintf(it->buf, sizeof it->buf, fmt, ap);
	va_end(ap);
	add(p, label, it->buf, attr);
}

/* The name of guardian id, or "?" if it is not one of the case's. */
static const char *guardian_name(const consent_state *s, sspf_id id)
{
	for (size_t i = 0; i < s->info->n_guardians; i++)
		if (s->info->guardians[i].id == id)
			return s->info->guardians[i].name;
	return "?";
}

static bool has_signed(const consent_state *s, sspf_id id)
{
	for (size_t i = 0; s->rec != NULL && i < s->rec->n_signed_by; i++)
		if (s->rec->signed_by[i] == id)
			return true;
	return false;
}

/* "Anna Berg, custody, has not signed": the guardian's line into buf;
 * sig: 0 no consent registered, 1 has not signed it, 2 signed it. */
static void guardian_line(char *buf, size_t size, const char *name,
			  bool custody, int sig)
{
	switch (custody * 3 + sig) {
	case 0:
		snprintf(buf, size, _("%s, no custody"), name);
		break;
	case 1:
		snprintf(buf, size, _("%s, no custody, has not signed"), name);
		break;
	case 2:
		snprintf(buf, size, _("%s, no custody, signed"), name);
		break;
	case 3:
		snprintf(buf, size, _("%s, custody"), name);
		break;
	case 4:
		snprintf(buf, size, _("%s, custody, has not signed"), name);
		break;
	default:
		snprintf(buf, size, _("%s, custody, signed"), name);
		break;
	}
}

static void guardians_page(tui_app *app, const consent_state *s, page *p)
{
	const sspf_consent_info *ci = s->info;
	int dim = tui_attr(app, TUI_DIM);

	addf(p, NULL, A_BOLD, _("Guardians (%zu)"), ci->n_guardians);
	add(p, NULL,
	    ci->sole_custody
		    ? _("Sole custody is recorded: one signature is enough "
			"(s changes it).")
		    : _("Joint custody: every guardian with custody signs "
			"(s records sole custody)."),
	    dim);
	if (ci->n_guardians == 0)
		add(p, NULL, _("No guardian is recorded yet: press g."), dim);
	for (size_t i = 0; i < ci->n_guardians; i++) {
		const char *g[3] = { ci->guardians[i].phone,
				     ci->guardians[i].email,
				     ci->guardians[i].address };
		bool custody = ci->guardians[i].custody;
		int sig = 0;
		item *it;
		size_t used = 0;

		if (p->n + 2 > MAX_ITEMS)
			return;
		if (s->rec != NULL)
			sig = has_signed(s, ci->guardians[i].id) ? 2 : 1;
		it = &p->it[p->n];
		guardian_line(it->buf, sizeof it->buf, ci->guardians[i].name,
			      custody, sig);
		add(p, NULL, it->buf,
		    custody && sig == 1 ? tui_attr(app, TUI_REFUSED)
					: (int)A_BOLD);
		it = &p->it[p->n];
		it->buf[0] = '\0';
		for (int k = 0; k < 3; k++) {
			int w;

			if (g[k] == NULL || g[k][0] == '\0' ||
			    used >= sizeof it->buf)
				continue;
			w = snprintf(it->buf + used, sizeof it->buf - used,
				     "%s%s", used > 0 ? "  ·  " : "", g[k]);
			used += w > 0 ? (size_t)w : 0;
		}
		add(p, _("Contact"),
		    used > 0 ? it->buf : _("no contact recorded"),
		    used > 0 ? (int)A_NORMAL : dim);
	}
}

static void consent_page(tui_app *app, const consent_state *s, page *p)
{
	const sspf_consent_record *r = s->rec;
	char d1[SSPF_DATE_TEXT], names[256], actors[128];
	size_t used = 0;

	add(p, NULL, _("Newest consent"), A_BOLD);
	if (s->info->declined_on != 0) {
		tui_date_text(s->info->declined_on, d1);
		addf(p, _("Said no"), A_NORMAL, _("on %s (the newest no)"), d1);
	}
	if (r == NULL) {
		add(p, NULL, _("None is registered yet."),
		    tui_attr(app, TUI_DIM));
		return;
	}
	/* a withdrawal first: it is what the consent is now */
	if (r->withdrawn) {
		tui_date_text(r->withdrawn_on, d1);
		addf(p, _("Withdrawn"), tui_attr(app, TUI_OVERDUE),
		     _("%s by %s"), d1, r->withdrawn_by);
		add(p, _("It covers"),
		    r->withdrawn_note[0] != '\0' ? r->withdrawn_note
						 : _("all of it"),
		    A_NORMAL);
	}
	tui_date_text(r->signed_on, d1);
	addf(p, _("Signed on"), A_NORMAL, _("%s (the child was %d)"), d1,
	     sspf_date_age(s->info->birth, r->signed_on));
	tui_date_text(r->valid_until, d1);
	addf(p, _("Valid until"),
	     r->valid_until < s->today ? tui_attr(app, TUI_OVERDUE)
				       : (int)A_NORMAL,
	     "%s", d1);
	names[0] = '\0';
	for (size_t i = 0; i < r->n_signed_by && used < sizeof names; i++) {
		int k = snprintf(names + used, sizeof names - used, "%s%s",
				 i > 0 ? ", " : "",
				 guardian_name(s, r->signed_by[i]));

		if (k < 0)
			break;
		used += (size_t)k;
	}
	addf(p, _("Signed by"), A_NORMAL, "%s",
	     r->n_signed_by > 0 ? names : _("no guardian"));
	sodium_memzero(names, sizeof names);
	add(p, _("Youth signed"), r->youth_signed ? _("yes") : _("no"),
	    A_NORMAL);
	tui_actors_text(r->scope, actors, sizeof actors);
	addf(p, _("Actors covered"), A_NORMAL, "%s", actors);
	if (r->scope_other[0] != '\0')
		add(p, _("Other actor"), r->scope_other, A_NORMAL);
	add(p, _("Information"), r->information, A_NORMAL);
	add(p, _("Purpose"), r->purpose, A_NORMAL);
	addf(p, _("Form"), A_NORMAL, _("version %s, language %s"),
	     r->form_version, r->form_language);
	tui_date_text(r->registered_on, d1);
	addf(p, _("Registered"), A_NORMAL, _("%s by %s"), d1, r->registered_by);
}

static int label_width(const page *p, int w)
{
	int lw = 0;

	for (int i = 0; i < p->n; i++)
		if (p->it[i].label != NULL && tui_width(p->it[i].label) > lw)
			lw = tui_width(p->it[i].label);
	return lw < w / 3 ? lw : w / 3;
}

/* Draw p into r from line skip on (draw false: only count); the lines. */
static int draw_page(const page *p, tui_rect r, int skip, bool draw)
{
	int lw = label_width(p, r.w), vy = 0;

	for (int i = 0; i < p->n; i++) {
		const item *it = &p->it[i];
		int x = it->label != NULL ? r.x + lw + 2 : r.x;
		int w = r.x + r.w - x, h, row;
		tui_rect tr = { 0, x, 0, w };

		h = tui_draw_wrapped(tr, it->text, 0, 0);
		h = h > 0 ? h : 1;
		row = vy - skip;
		if (draw && row + h > 0 && row < r.h) {
			tr.y = r.y + (row > 0 ? row : 0);
			tr.h = r.y + r.h - tr.y;
			if (it->label != NULL && row >= 0)
				tui_draw_attr(tr.y, r.x, lw, it->label, false,
					      A_DIM);
			tui_draw_wrapped(tr, it->text, row < 0 ? -row : 0,
					 it->attr);
		}
		vy += h;
	}
	return vy;
}

static void consent_draw(tui_app *app, void *state)
{
	consent_state *s = state;
	const sspf_consent_info *ci = s->info;
	tui_rect r = tui_body(), top, a, b;
	page *pa = calloc(1, sizeof *pa), *pb = calloc(1, sizeof *pb);
	char line[640], date[SSPF_DATE_TEXT];
	int style, y = r.y, ha, hb, total;
	bool wide = r.w >= 120;

	if (pa == NULL || pb == NULL || ci == NULL) {
		free(pa);
		free(pb);
		if (ci == NULL) /* a reload failed: nothing to show */
			tui_draw_wrapped(r,
					 _("The case could not be read. Press "
					   "q to go back."),
					 0, A_NORMAL);
		return;
	}
	/* the child, the state in words and the next step: always shown */
	tui_date_text(ci->birth, date);
	snprintf(line, sizeof line, _("%s  %s, born %s (%d years old)"),
		 ci->code, ci->child_name != NULL ? ci->child_name : "", date,
		 sspf_date_age(ci->birth, s->today));
	tui_draw_attr(y++, 1, r.w - 2, line, false, A_BOLD);
	consent_state_text(s, line, sizeof line, &style);
	top = (tui_rect){ y, 1, 2, r.w - 2 };
	y += tui_draw_wrapped(top, line, 0, tui_attr(app, style)) > 1 ? 2 : 1;
	top = (tui_rect){ y, 1, 2, r.w - 2 };
	y += tui_draw_wrapped(top, next_step(s), 0, tui_attr(app, TUI_DIM));
	sodium_memzero(line, sizeof line);
	y++;
	/* below: the guardians and the consent, side by side when wide */
	guardians_page(app, s, pa);
	consent_page(app, s, pb);
	a = (tui_rect){ y, 1, r.y + r.h - y, wide ? r.w / 2 - 2 : r.w - 3 };
	b = wide ? (tui_rect){ y, r.w / 2 + 1, a.h, r.w - r.w / 2 - 3 } : a;
	ha = draw_page(pa, a, 0, false);
	hb = draw_page(pb, b, 0, false);
	total = wide ? (ha > hb ? ha : hb) : ha + 1 + hb;
	s->page_h = a.h;
	s->max_scroll = total > a.h ? total - a.h : 0;
	if (s->scroll > s->max_scroll)
		s->scroll = s->max_scroll;
	draw_page(pa, a, s->scroll, true);
	if (!wide) {
		b.y = a.y + ha + 1 - s->scroll;
		b.h = a.y + a.h - b.y;
		if (b.y < a.y) {
			b.h = a.h;
			draw_page(pb, (tui_rect){ a.y, b.x, a.h, b.w },
				  a.y - b.y, true);
		} else if (b.h > 0) {
			draw_page(pb, b, 0, true);
		}
	} else {
		draw_page(pb, b, s->scroll, true);
	}
	if (s->scroll > 0)
		tui_draw(a.y, r.w - 2, 1, "↑", false);
	if (s->scroll < s->max_scroll)
		tui_draw(a.y + a.h - 1, r.w - 2, 1, "↓", false);
	sodium_memzero(pa, sizeof *pa);
	sodium_memzero(pb, sizeof *pb);
	free(pa);
	free(pb);
}

/* ---- actions ---- */

/* Record sole custody (one signature suffices) or joint custody again. */
static unsigned consent_custody(tui_app *app, consent_state *s)
{
	bool sole = !s->info->sole_custody;
	enum tui_result r;
	sspf_err e;

	r = tui_confirm(app, sole ? _("Record that the child is in the sole "
				      "custody of one guardian, so that one "
				      "signature suffices?")
				  : _("Record joint custody again, so that "
				      "every guardian with custody must "
				      "sign?"));
	if (r != TUI_DONE)
		return TUI_HANDLED;
	e = sspf_case_set_sole_custody(app->core, s->code, sole);
	if (e != SSPF_OK) {
		tui_flash_err(app, e, NULL);
		return TUI_HANDLED;
	}
	s->announce = true;
	return TUI_HANDLED | TUI_RELOAD;
}

static unsigned consent_act(tui_app *app, void *state, int action)
{
	consent_state *s = state;
	int step = s->page_h > 1 ? s->page_h - 1 : 1;

	if (s->info == NULL && action >= ACT_REGISTER && action <= ACT_PRINT)
		return TUI_HANDLED; /* a reload failed: the draw says so */
	switch (action) {
	case ACT_REGISTER:
		return consent_register(app, s, false);
	case ACT_RENEW:
		return consent_register(app, s, s->rec != NULL);
	case ACT_WITHDRAW:
		return consent_withdraw(app, s);
	case ACT_DECLINE:
		return consent_decline(app, s);
	case ACT_GUARDIAN:
		return consent_add_guardian(app, s);
	case ACT_CUSTODY:
		return consent_custody(app, s);
	case ACT_PRINT:
		return tui_print(app, PRINT_CONSENT_FORM,
				 &(tui_print_job){ .code = s->code });
	case TUI_ACT_UP:
		s->scroll--;
		break;
	case TUI_ACT_DOWN:
		s->scroll++;
		break;
	case TUI_ACT_PGUP:
		s->scroll -= step;
		break;
	case TUI_ACT_PGDN:
		s->scroll += step;
		break;
	case TUI_ACT_HOME:
		s->scroll = 0;
		break;
	case TUI_ACT_END:
		s->scroll = s->max_scroll;
		break;
	default:
		return TUI_UNHANDLED;
	}
	if (s->scroll > s->max_scroll)
		s->scroll = s->max_scroll;
	if (s->scroll < 0)
		s->scroll = 0;
	return TUI_HANDLED;
}

const tui_screen tui_consent_screen = {
	.name = N_("Consent work"),
	.keys = consent_keys,
	.n_keys = sizeof consent_keys / sizeof consent_keys[0],
	.enter = consent_enter,
	.reload = consent_reload,
	.leave = consent_leave,
	.draw = consent_draw,
	.act = consent_act,
};
