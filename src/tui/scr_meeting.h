/*
 * scr_meeting.h - what the two files of the meeting screen share
 * (scr_meeting.c: the data and the drawing; scr_meeting_edit.c: adding,
 * moving and removing participants and agenda items), and the form of a
 * meeting's facts in scr_meetings.c. Not for other screens.
 */
#ifndef SSPF_SCR_MEETING_H
#define SSPF_SCR_MEETING_H

#include "tui/tui.h"

typedef struct part_row {
	sspf_id id;
	unsigned actor; /* 0: family or youth */
	char *name;	/* owned; NULL where the name may not be shown */
	char *role;	/* owned, never NULL */
} part_row;

typedef struct item_row {
	sspf_id id;
	int position;
	bool is_case;
	char code[SSPF_CODE_SIZE];
	char *topic;	  /* owned, "" for a case */
	unsigned present; /* the actors present at this item */
	bool allowed;	  /* a case item the gate allows here */
	char *child_name; /* owned; NULL unless the API gave it */
	char *reason;	  /* owned; why the gate refused, else NULL */
} item_row;

enum { PANE_PART = 0, PANE_AGENDA = 1 };

typedef struct meeting_state {
	sspf_id id;
	sspf_meeting m; /* sspf_meeting_clear */
	part_row *parts;
	size_t n_parts, cap_parts;
	item_row *items;
	size_t n_items, cap_items;
	bool nomem;
	tui_list plist, alist;
	int pane;
	sspf_id want_part, want_item; /* select these after a reload */
} meeting_state;

/* Room for one more of n elements of size in *p; false if out of memory. */
bool mtg_grow(void **p, size_t *cap, size_t n, size_t size);

/*
 * The form of a meeting's facts (scr_meetings.c): a new meeting when id is
 * 0 (*created, which may be NULL, gets its id), else meeting id's facts
 * are changed. Returns tui_form's result.
 */
enum tui_result tui_meeting_form(tui_app *app, sspf_id id, sspf_id *created);

/*
 * The actions of scr_meeting_edit.c on the meeting of s; each returns the
 * TUI_* flags for the main loop and sets s->want_* to what to select.
 */
unsigned mtg_add_participant(tui_app *app, meeting_state *s);
unsigned mtg_add_case(tui_app *app, meeting_state *s);
unsigned mtg_add_topic(tui_app *app, meeting_state *s);
/* Move the selected agenda item by one: -1 up, +1 down. */
unsigned mtg_move(tui_app *app, meeting_state *s, int by);
/* Remove the selected participant or agenda item (asks first). */
unsigned mtg_remove(tui_app *app, meeting_state *s);
/* Show the whole of the selected line in a box. */
unsigned mtg_show(tui_app *app, const meeting_state *s);

#endif
