/*
 * scr_case.h - what the two files of the one-case screen share:
 * scr_case.c (loading through the consent gate, keys, the forms that add
 * goals and actions and close the case) and scr_case_draw.c (the page).
 */
#ifndef SSPF_SCR_CASE_H
#define SSPF_SCR_CASE_H

#include "tui/tui.h"

/* One meeting of the history: copies made in the callback. */
typedef struct case_hist_row {
	sspf_date date;
	const char *kind; /* static (the library's word) */
	char *minutes;	  /* owned, wiped */
} case_hist_row;

/* Everything of the case is owned here and wiped when let go. */
typedef struct case_state {
	char code[SSPF_CODE_SIZE];
	bool refused;
	sspf_consent_state state; /* when refused */
	char reason[512];	  /* when refused: never names a guardian */
	sspf_case *c;		  /* the rest only when allowed */
	sspf_consent_info *ci;
	sspf_consent_record *rec; /* NULL: none registered */
	sspf_plan *plan;
	case_hist_row *hist;
	size_t n_hist, cap_hist;
	sspf_err hist_err;
	int top, total; /* scrolling: first line shown, lines in all */
} case_state;

/* Draw the page of the case (the screen's draw). */
void case_draw(tui_app *app, void *state);

#endif
