/*
 * scr_run.h - what the two files of the screen that runs a meeting share:
 * scr_run.c (loading through the consent gate, the keys, the forms) and
 * scr_run_present.c (drawing the normal view and the presentation mode).
 */
#ifndef SSPF_SCR_RUN_H
#define SSPF_SCR_RUN_H

#include "tui/tui.h"

/* One agenda item; what came from a case is owned here and wiped. */
typedef struct run_item {
	sspf_id id;
	bool is_case, allowed;
	char code[SSPF_CODE_SIZE];
	char *topic; /* a topic item's text (owned) */
	unsigned present;
	char reason[512]; /* refused: the gate's reason (no names) */
	char *minutes;	  /* owned; NULL when refused */
	char *child_name; /* owned; NULL unless the gate shows it */
} run_item;

/* An action of the current case's plan (copies, owned, wiped). */
typedef struct run_action {
	sspf_id id;
	char *what, *person, *comment; /* owned; comment: newest follow-up */
	unsigned actor;
	sspf_date due, fu_on;
	sspf_action_status status;
	bool decided_here, followed_here; /* in this meeting */
} run_action;

/* The state of the screen; the plan is the current item's. */
typedef struct run_state {
	sspf_id mid;
	sspf_meeting m;
	run_item *items;
	size_t n, cur;
	char **goals; /* the current case's plan (owned) */
	size_t n_goals;
	run_action *acts;
	size_t n_acts;
	tui_list list;
	int list_h;    /* rows of the action list at the last draw */
	sspf_id added; /* an action just added: selected on reload */
	time_t started;
	bool present; /* presentation mode */
	bool nomem;
	char msg[512]; /* what a form's save said */
} run_state;

/* Draw the body, or the whole terminal in presentation mode. */
void run_draw(tui_app *app, void *state);

#endif
