/*
 * scr_consent_decline.c - the consent screen's "no" (avböjt): record that
 * the guardians or the young person said no to a consent, on the day
 * they said it. Nothing else changes: the case still waits for a
 * consent, and the statistics count the "no" (sspf stats,
 * consent_outcomes).
 */
#include <stdio.h>

#include "tui/scr_consent.h"
#include "tui/tui.h"

enum { D_ON, D_N };

/* Why the "no" could not be saved; in static storage for the form. */
static const char *save_decline(tui_app *app, void *ctx, tui_field *f, size_t n,
				int *focus)
{
	static char msg[640];
	consent_state *s = ctx;
	sspf_date on;
	sspf_err e;

	(void)n;
	if (!tui_parse_date(f[D_ON].text, false, &on)) {
		*focus = D_ON;
		return _("The date must be a date like 2026-03-01.");
	}
	if (on > sspf_core_today(app->core)) {
		*focus = D_ON;
		return _("The date lies after today.");
	}
	if ((e = sspf_consent_decline(app->core, s->code, on)) == SSPF_OK)
		return NULL;
	snprintf(msg, sizeof msg, _("Could not save: %s"), tui_err_why(e));
	return msg;
}

unsigned consent_decline(tui_app *app, consent_state *s)
{
	tui_field f[D_N] = {
		[D_ON] = { .label = _("Said no on"),
			   .type = TUI_FIELD_DATE,
			   .hint = _("The day the guardians or the young "
				     "person said no to the consent.") },
	};
	char title[160], today[SSPF_DATE_TEXT];
	enum tui_result r = TUI_CANCELLED;

	snprintf(title, sizeof title, _("Record a no to consent for %s"),
		 s->code);
	tui_date_text(s->today, today);
	if (tui_field_set(&f[D_ON], today))
		r = tui_form(app, title, f, D_N, save_decline, s);
	tui_fields_free(f, D_N);
	if (r != TUI_DONE)
		return TUI_HANDLED;
	tui_flash(app, "%s",
		  _("Saved: the no is recorded. The case still waits for a "
		    "consent."));
	return TUI_HANDLED | TUI_RELOAD;
}
