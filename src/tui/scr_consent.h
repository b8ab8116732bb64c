/*
 * scr_consent.h - what the two files of the one-case consent screen
 * share: scr_consent.c (loading, drawing, keys), scr_consent_form.c
 * (the forms: add a guardian, register or renew, withdraw) and
 * scr_consent_decline.c (a "no" to consent).
 */
#ifndef SSPF_SCR_CONSENT_H
#define SSPF_SCR_CONSENT_H

#include "tui/tui.h"

/* A valid consent ending within this many days: the screen says renew. */
#define CONSENT_SOON_DAYS 30

typedef struct consent_state {
	char code[SSPF_CODE_SIZE];
	sspf_consent_info *info;  /* names and contact: wiped on unload */
	sspf_consent_record *rec; /* the newest consent, NULL if none */
	long youth_age;		  /* setting consent.youth_age */
	long months;		  /* setting consent.validity_months */
	sspf_date today;
	int scroll, max_scroll, page_h;
	bool announce; /* after a change: flash the new state on reload */
} consent_state;

/*
 * The state in words for the top line and the flash after a change:
 * "Valid until ...", "Waiting: <reason>" or "Not valid: <reason>" (the
 * reason may name a guardian); *style is the tui_style to draw it in.
 */
void consent_state_text(const consent_state *s, char *buf, size_t size,
			int *style);

/* The actions with forms; each returns TUI_* flags for act(). */
unsigned consent_add_guardian(tui_app *app, consent_state *s);
/* renew: fill the form from the current consent (s->rec not NULL) */
unsigned consent_register(tui_app *app, consent_state *s, bool renew);
unsigned consent_withdraw(tui_app *app, consent_state *s);
/* scr_consent_decline.c: record the family's "no" (avböjt) */
unsigned consent_decline(tui_app *app, consent_state *s);

#endif
