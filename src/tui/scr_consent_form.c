/*
 * scr_consent_form.c - the forms of the one-case consent screen
 * (scr_consent.c): add a guardian, register a signed consent form (or
 * renew: the same form filled from the current consent), withdraw.
 *
 * The register form follows the paper form from top to bottom, so that
 * the coordinator at the kitchen table reads it off line by line: who may
 * exchange information, what, why, for how long, then the date and the
 * signatures, and last the form's version and language at its foot.
 * Before it registers a consent that the rules would not count as valid
 * (a signature missing, ...), the form says so in the rules' own words
 * (sspf_consent_evaluate) and registers it only when saved again.
 *
 * The form's version and language are filled in from the installed
 * consent form (the template the screens print, in the language of the
 * screens), so that the consent records the form it was signed on; the
 * coordinator changes them when the family signed another one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "print/print.h"
#include "tui/scr_consent.h"
#include "tui/tui.h"

/* The language codes of the form_language choice, in its order. */
static const char *const lang_codes[] = { "sv", "en" };

/* Changed: flash the new state when the screen reloads. */
static unsigned changed(consent_state *s)
{
	s->announce = true;
	return TUI_HANDLED | TUI_RELOAD;
}

/* What the core said about a failed change, into msg. */
static const char *failed(char *msg, size_t size, sspf_err e)
{
	snprintf(msg, size, _("Could not save: %s"), tui_err_why(e));
	return msg;
}

/* NULL for an empty field (the core keeps "no value"). */
static const char *opt(const char *t)
{
	return tui_blank(t) ? NULL : t;
}

/* ---- add a guardian ---- */

enum { G_NAME, G_PHONE, G_EMAIL, G_ADDRESS, G_CUSTODY, G_N };

typedef struct form_ctx {
	consent_state *s;
	char msg[640];
	char warned[512]; /* register: the problem already told once */
	char hint_until[256], hint_youth[256];
} form_ctx;

static const char *save_guardian(tui_app *app, void *ctx, tui_field *f,
				 size_t n, int *focus)
{
	form_ctx *c = ctx;
	sspf_guardian_new g = { 0 };
	sspf_err e;

	(void)n;
	if (tui_blank(f[G_NAME].text)) {
		*focus = G_NAME;
		return _("Write the guardian's name.");
	}
	g.name = f[G_NAME].text;
	g.phone = opt(f[G_PHONE].text);
	g.email = opt(f[G_EMAIL].text);
	g.address = opt(f[G_ADDRESS].text);
	g.custody = f[G_CUSTODY].choice != 0;
	e = sspf_guardian_add(app->core, c->s->code, &g, NULL);
	return e == SSPF_OK ? NULL : failed(c->msg, sizeof c->msg, e);
}

unsigned consent_add_guardian(tui_app *app, consent_state *s)
{
	tui_field f[G_N] = {
		[G_NAME] = { .label = _("Name"), .max = SSPF_NAME_MAX },
		[G_PHONE] = { .label = _("Phone"), .max = 100 },
		[G_EMAIL] = { .label = _("E-mail"), .max = 200 },
		[G_ADDRESS] = { .label = _("Address"), .max = 400 },
		[G_CUSTODY] = { .label = _("Has custody"),
				.type = TUI_FIELD_BOOL,
				.choice = 1,
				.hint = _("Space: yes or no. A guardian "
					  "with custody signs the "
					  "consent.") },
	};
	form_ctx *c;
	char title[128];
	enum tui_result r;

	if (s->info->n_guardians >= SSPF_MAX_GUARDIANS) {
		tui_flash_error(app, _("A case has at most %d guardians."),
				SSPF_MAX_GUARDIANS);
		return TUI_HANDLED;
	}
	if ((c = calloc(1, sizeof *c)) == NULL) {
		tui_flash_err(app, SSPF_ERR_NOMEM, NULL);
		return TUI_HANDLED;
	}
	c->s = s;
	snprintf(title, sizeof title, _("Add a guardian to %s"), s->code);
	r = TUI_CANCELLED;
	if (tui_field_set(&f[G_NAME], "") && tui_field_set(&f[G_PHONE], "") &&
	    tui_field_set(&f[G_EMAIL], "") && tui_field_set(&f[G_ADDRESS], ""))
		r = tui_form(app, title, f, G_N, save_guardian, c);
	else
		tui_flash_err(app, SSPF_ERR_NOMEM, NULL);
	tui_fields_free(f, G_N);
	sodium_memzero(c, sizeof *c);
	free(c);
	return r == TUI_DONE ? changed(s) : TUI_HANDLED;
}

/* ---- register or renew a consent ---- */

/* In the order of the paper form. */
enum {
	R_SCOPE,
	R_OTHER,
	R_INFO,
	R_PURPOSE,
	R_UNTIL,
	R_SIGNED,
	R_BY,
	R_YOUTH,
	R_VERSION,
	R_LANG,
	R_N
};

/* Would the rules count this consent as valid? NULL, or why not. */
static const char *judge(tui_app *app, form_ctx *c, const sspf_consent_new *n,
			 unsigned by, int *focus)
{
	const consent_state *s = c->s;
	const sspf_consent_info *ci = s->info;
	sspf_consent_facts facts = { 0 };
	sspf_verdict v;
	char why[512];

	facts.birth = ci->birth;
	facts.sole_custody = ci->sole_custody;
	facts.n_guardians = ci->n_guardians;
	for (size_t i = 0; i < ci->n_guardians && i < SSPF_MAX_GUARDIANS; i++) {
		facts.guardians[i].name = ci->guardians[i].name;
		facts.guardians[i].custody = ci->guardians[i].custody;
		facts.guardians[i].signed_now = (by & (1u << i)) != 0;
	}
	facts.has_consent = true;
	facts.signed_on = n->signed_on;
	facts.valid_until =
		n->valid_until != 0
			? n->valid_until
			: sspf_date_add_months(n->signed_on, (int)s->months) -
				  1;
	facts.youth_signed = n->youth_signed;
	facts.scope = n->scope;
	facts.youth_age = (int)s->youth_age;
	v = sspf_consent_evaluate(&facts, NULL, sspf_core_today(app->core));
	if (v.allowed)
		return NULL;
	sspf_verdict_text(&v, why, sizeof why);
	if (strcmp(why, c->warned) == 0)
		return NULL; /* told once; saved again: register it as it is */
	snprintf(c->warned, sizeof c->warned, "%s", why);
	snprintf(c->msg, sizeof c->msg,
		 _("%s Save again (F2) to register it as it is."), why);
	sodium_memzero(why, sizeof why);
	switch (v.reason) {
	case SSPF_CONSENT_GUARDIAN_UNSIGNED:
	case SSPF_CONSENT_NO_GUARDIAN:
	case SSPF_CONSENT_SECOND_GUARDIAN:
		*focus = R_BY;
		break;
	case SSPF_CONSENT_YOUTH_UNSIGNED:
	case SSPF_CONSENT_ADULT_NOW:
		*focus = R_YOUTH;
		break;
	case SSPF_CONSENT_EXPIRED:
		*focus = R_UNTIL;
		break;
	case SSPF_CONSENT_NOT_YET:
		*focus = R_SIGNED;
		break;
	default:
		break;
	}
	return c->msg;
}

static const char *save_consent(tui_app *app, void *ctx, tui_field *f,
				size_t nf, int *focus)
{
	form_ctx *c = ctx;
	const sspf_consent_info *ci = c->s->info;
	sspf_consent_new n = { 0 };
	sspf_id ids[SSPF_MAX_GUARDIANS];
	sspf_date today = sspf_core_today(app->core);
	const char *why;
	sspf_err e;

	(void)nf;
	n.scope = f[R_SCOPE].bits & SSPF_ACTOR_ALL;
	if (n.scope == 0) {
		*focus = R_SCOPE;
		return _("Tick the actors the form names (at least one).");
	}
	if ((n.scope & SSPF_ACTOR_ANNAN) && tui_blank(f[R_OTHER].text)) {
		*focus = R_OTHER;
		return _("Write which other actor the form names.");
	}
	if (!(n.scope & SSPF_ACTOR_ANNAN) && !tui_blank(f[R_OTHER].text)) {
		*focus = R_SCOPE;
		return _("An other actor is named: tick \"other\" too, or "
			 "clear the name.");
	}
	if (!tui_parse_date(f[R_UNTIL].text, true, &n.valid_until)) {
		*focus = R_UNTIL;
		return _("Valid until must be a date like 2026-12-31, or "
			 "empty.");
	}
	if (!tui_parse_date(f[R_SIGNED].text, false, &n.signed_on)) {
		*focus = R_SIGNED;
		return _("The signing date must be a date like 2026-03-01.");
	}
	if (n.signed_on > today) {
		*focus = R_SIGNED;
		return _("The signing date lies after today.");
	}
	if (n.valid_until != 0 && n.valid_until < n.signed_on) {
		*focus = R_UNTIL;
		return _("Valid until lies before the signing date.");
	}
	n.youth_signed = f[R_YOUTH].choice != 0;
	for (size_t i = 0; i < ci->n_guardians && i < SSPF_MAX_GUARDIANS; i++)
		if (f[R_BY].bits & (1u << i))
			ids[n.n_signed_by++] = ci->guardians[i].id;
	if (n.n_signed_by == 0 && !n.youth_signed) {
		*focus = R_BY;
		return _("Tick who signed the form: the guardians, the youth "
			 "or both.");
	}
	n.signed_by = ids;
	n.scope_other = opt(f[R_OTHER].text);
	n.information = opt(f[R_INFO].text);
	n.purpose = opt(f[R_PURPOSE].text);
	n.form_version = opt(f[R_VERSION].text);
	n.form_language = lang_codes[f[R_LANG].choice == 1];
	if ((why = judge(app, c, &n, f[R_BY].bits, focus)) != NULL)
		return why;
	e = sspf_consent_register(app->core, c->s->code, &n, NULL);
	return e == SSPF_OK ? NULL : failed(c->msg, sizeof c->msg, e);
}

/* The hints that depend on the case: valid until, the youth's signature. */
static void make_hints(const consent_state *s, form_ctx *c)
{
	char d1[SSPF_DATE_TEXT], d2[SSPF_DATE_TEXT];
	int age = sspf_date_age(s->info->birth, s->today);

	tui_date_text(s->today, d1);
	tui_date_text(sspf_date_add_months(s->today, (int)s->months) - 1, d2);
	snprintf(c->hint_until, sizeof c->hint_until,
		 _("Empty: %ld months from the signing date (signed %s: "
		   "valid until %s)."),
		 s->months, d1, d2);
	if (age >= 18)
		snprintf(c->hint_youth, sizeof c->hint_youth,
			 _("Needed: the youth is %d on %s; from 18 the "
			   "youth alone consents."),
			 age, d1);
	else if (age >= s->youth_age)
		snprintf(c->hint_youth, sizeof c->hint_youth,
			 _("Needed: the youth is %d on %s and signs too "
			   "from %ld."),
			 age, d1, s->youth_age);
	else
		snprintf(c->hint_youth, sizeof c->hint_youth,
			 _("Not needed: the child is %d on %s; the youth "
			   "signs too from %ld."),
			 age, d1, s->youth_age);
}

/* Fill the fields; from the current consent when renewing. */
static bool fill(const consent_state *s, tui_field *f, bool renew)
{
	const sspf_consent_record *r = s->rec;
	char today[SSPF_DATE_TEXT];
	bool ok;

	tui_date_text(s->today, today);
	ok = tui_field_set(&f[R_SIGNED], today) &&
	     tui_field_set(&f[R_UNTIL], "") &&
	     tui_field_set(&f[R_OTHER], renew ? r->scope_other : "") &&
	     tui_field_set(&f[R_INFO], renew ? r->information : "") &&
	     tui_field_set(&f[R_PURPOSE], renew ? r->purpose : "") &&
	     tui_field_set(&f[R_VERSION],
			   renew && r->form_version[0] ? r->form_version : "1");
	for (size_t i = 0; i < s->info->n_guardians && i < SSPF_MAX_GUARDIANS;
	     i++) {
		bool on = s->info->guardians[i].custody;

		if (renew) {
			on = false;
			for (size_t j = 0; j < r->n_signed_by; j++)
				on |= r->signed_by[j] ==
				      s->info->guardians[i].id;
		}
		if (on)
			f[R_BY].bits |= 1u << i;
	}
	if (renew) {
		f[R_SCOPE].bits = r->scope & SSPF_ACTOR_ALL;
		f[R_LANG].choice = strcmp(r->form_language, "en") == 0;
	}
	return ok;
}

/*
 * Set f to the version of the installed consent form in lang (the header
 * "version" of its template). False, f unchanged, if there is none.
 */
static bool form_version(const char *lang, tui_field *f)
{
	print_template t;
	print_error err;
	const char *v;
	bool ok = false;

	if (!print_template_load(print_template_dir(), "consent-form", lang, &t,
				 &err))
		return false;
	v = print_template_get(&t, "version");
	if (v != NULL && v[0] != '\0' && strlen(v) <= f->max)
		ok = tui_field_set(f, v);
	print_template_free(&t);
	return ok;
}

unsigned consent_register(tui_app *app, consent_state *s, bool renew)
{
	const char *langs[] = { _("Swedish (sv)"), _("English (en)"), NULL };
	const char *names[SSPF_MAX_GUARDIANS + 1] = { NULL };
	tui_field f[R_N] = {
		[R_SCOPE] = { .label = _("Actors covered"),
			      .type = TUI_FIELD_ACTORS,
			      .hint = _("Tick what the form ticks: Space, "
					"or the keys s o p f a.") },
		[R_OTHER] = { .label = _("Other actor"),
			      .max = SSPF_NAME_MAX,
			      .hint = _("Needed when \"other\" is ticked: "
					"who it is.") },
		[R_INFO] = { .label = _("Information"),
			     .hint = _("The kinds of information the actors "
				       "may exchange.") },
		[R_PURPOSE] = { .label = _("Purpose"),
				.hint = _("What the cooperation is for, as "
					  "the form says.") },
		[R_UNTIL] = { .label = _("Valid until"),
			      .type = TUI_FIELD_DATE },
		[R_SIGNED] = { .label = _("Signed on"),
			       .type = TUI_FIELD_DATE,
			       .hint = _("The date by the signatures.") },
		[R_BY] = { .label = _("Signed by"),
			   .type = TUI_FIELD_GUARDIANS,
			   .choices = names,
			   .hint = _("Tick each guardian who signed: Space, "
				     "or the keys 1 to 4.") },
		[R_YOUTH] = { .label = _("Youth signed"),
			      .type = TUI_FIELD_BOOL },
		[R_VERSION] = { .label = _("Form version"),
				.max = 20,
				.hint = _("Filled in from the consent form "
					  "this program prints; change it if "
					  "the family signed another.") },
		[R_LANG] = { .label = _("Form language"),
			     .type = TUI_FIELD_CHOICE,
			     .choices = langs },
	};
	form_ctx *c;
	char title[128];
	enum tui_result r;

	if (s->info->n_guardians == 0 &&
	    sspf_date_age(s->info->birth, s->today) < 18) {
		tui_flash_error(app, "%s",
				_("Record the guardians first: press g."));
		return TUI_HANDLED;
	}
	if ((c = calloc(1, sizeof *c)) == NULL) {
		tui_flash_err(app, SSPF_ERR_NOMEM, NULL);
		return TUI_HANDLED;
	}
	c->s = s;
	for (size_t i = 0; i < s->info->n_guardians && i < SSPF_MAX_GUARDIANS;
	     i++)
		names[i] = s->info->guardians[i].name;
	make_hints(s, c);
	if (s->info->n_guardians == 0)
		f[R_BY].hint = _("No guardian is recorded: from 18 the youth "
				 "alone signs.");
	f[R_UNTIL].hint = c->hint_until;
	f[R_YOUTH].hint = c->hint_youth;
	if (!fill(s, f, renew && s->rec != NULL)) {
		tui_fields_free(f, R_N);
		free(c);
		tui_flash_err(app, SSPF_ERR_NOMEM, NULL);
		return TUI_HANDLED;
	}
	/* a new form is printed in the language of the screens; a renewal
	   keeps the family's language. fill() set the fallback version. */
	if (!renew || s->rec == NULL)
		f[R_LANG].choice = strcmp(app->lang, "en") == 0;
	form_version(lang_codes[f[R_LANG].choice == 1], &f[R_VERSION]);
	snprintf(title, sizeof title,
		 renew ? _("Renew the consent of %s")
		       : _("Register a signed consent form for %s"),
		 s->code);
	r = tui_form(app, title, f, R_N, save_consent, c);
	tui_fields_free(f, R_N);
	sodium_memzero(c, sizeof *c);
	free(c);
	return r == TUI_DONE ? changed(s) : TUI_HANDLED;
}

/* ---- withdraw ---- */

enum { W_ON, W_BY, W_COVERS, W_N };

static const char *save_withdraw(tui_app *app, void *ctx, tui_field *f,
				 size_t n, int *focus)
{
	form_ctx *c = ctx;
	sspf_date on;
	sspf_err e;

	(void)n;
	if (!tui_parse_date(f[W_ON].text, false, &on)) {
		*focus = W_ON;
		return _("The date must be a date like 2026-03-01.");
	}
	if (on > sspf_core_today(app->core)) {
		*focus = W_ON;
		return _("The date of the withdrawal lies after today.");
	}
	if (on < c->s->rec->signed_on) {
		*focus = W_ON;
		return _("The date lies before the consent was signed.");
	}
	if (tui_blank(f[W_BY].text)) {
		*focus = W_BY;
		return _("Write who withdrew the consent.");
	}
	e = sspf_consent_withdraw(app->core, c->s->code, on, f[W_BY].text,
				  opt(f[W_COVERS].text));
	return e == SSPF_OK ? NULL : failed(c->msg, sizeof c->msg, e);
}

unsigned consent_withdraw(tui_app *app, consent_state *s)
{
	tui_field f[W_N] = {
		[W_ON] = { .label = _("Withdrawn on"), .type = TUI_FIELD_DATE },
		[W_BY] = { .label = _("Withdrawn by"),
			   .max = SSPF_NAME_MAX,
			   .hint = _("Who withdrew it: a guardian or the "
				     "youth.") },
		[W_COVERS] = { .label = _("It covers"),
			       .hint = _("What the withdrawal covers; empty "
					 "means all of it.") },
	};
	char text[256], today[SSPF_DATE_TEXT];
	form_ctx *c;
	enum tui_result r;

	if (s->rec == NULL || s->rec->withdrawn) {
		tui_flash_error(
			app, "%s",
			s->rec == NULL
				? _("There is no consent to withdraw.")
				: _("The consent is withdrawn already."));
		return TUI_HANDLED;
	}
	snprintf(text, sizeof text,
		 _("Withdraw the consent of %s? The case's data is hidden "
		   "everywhere at once."),
		 s->code);
	r = tui_confirm(app, text);
	if (r != TUI_DONE)
		return TUI_HANDLED;
	if ((c = calloc(1, sizeof *c)) == NULL) {
		tui_flash_err(app, SSPF_ERR_NOMEM, NULL);
		return TUI_HANDLED;
	}
	c->s = s;
	tui_date_text(s->today, today);
	snprintf(text, sizeof text, _("Withdraw the consent of %s"), s->code);
	if (tui_field_set(&f[W_ON], today) && tui_field_set(&f[W_BY], "") &&
	    tui_field_set(&f[W_COVERS], ""))
		r = tui_form(app, text, f, W_N, save_withdraw, c);
	else
		r = TUI_CANCELLED;
	tui_fields_free(f, W_N);
	sodium_memzero(c, sizeof *c);
	free(c);
	return r == TUI_DONE ? changed(s) : TUI_HANDLED;
}
