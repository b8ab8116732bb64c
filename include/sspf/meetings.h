/*
 * meetings.h - meetings (arbetsgruppsmöte, nätverksmöte, uppföljning) with
 * participants and an ordered agenda (dagordning), and the commitment plan
 * (åtagandeplan) of a case: goals, actions and their follow-ups
 * (../shared/design/DOMAIN.md, "Meetings" and "Consent").
 *
 * Meeting facts (date, time, kind, place, district, actors) are not case
 * data. Everything that belongs to a case (the minutes of its agenda item,
 * its goals, actions and follow-ups, the child's name) is read only
 * through the consent gate, which logs every decision with the case code:
 * an agenda item of a case in the meeting's context (SSPF_CTX_GROUP_MEETING
 * for an arbetsgruppsmöte, which never shows names, else
 * SSPF_CTX_NETWORK_MEETING) with the actors present at that item; plans and
 * open actions in the case view. Writing case data (minutes, goals,
 * actions, follow-ups) passes the same gate: without a valid consent no
 * case data is collected. Every change is logged as "change".
 *
 * Times are "HH:MM" (00:00-23:59); dates are sspf_date, 0 meaning "none"
 * where a field says so. Strings handed to callbacks are valid during the
 * call only.
 */
#ifndef SSPF_MEETINGS_H
#define SSPF_MEETINGS_H

#include <stdbool.h>
#include <stddef.h>

#include <sspf/cases.h>
#include <sspf/consent.h>
#include <sspf/core.h>
#include <sspf/date.h>

typedef enum sspf_meeting_kind {
	SSPF_MEETING_GROUP = 0, /* arbetsgruppsmöte: codes only */
	SSPF_MEETING_NETWORK,	/* nätverksmöte */
	SSPF_MEETING_FOLLOW_UP, /* uppföljning */
} sspf_meeting_kind;
#define SSPF_MEETING_KINDS 3

/* The Swedish word of a kind ("arbetsgruppsmöte"); NULL if unknown. */
const char *sspf_meeting_kind_name(sspf_meeting_kind k);
/* Parse the Swedish word (also without å/ä/ö); false if unknown. */
bool sspf_meeting_kind_parse(const char *text, sspf_meeting_kind *out);

/*
 * Minutes since midnight of a time written exactly "HH:MM" (00:00-23:59),
 * or -1 if it is not one: the check sspf_meeting_create makes, for front
 * ends that check a form before they save it.
 */
int sspf_time_minutes(const char *hhmm);

/* The longest free text (place, topic, role, what, ...) in bytes. */
#define SSPF_TEXT_MAX 2000
/* The longest minutes of one agenda item, comment or goal, in bytes. */
#define SSPF_LONG_TEXT_MAX 100000

typedef struct sspf_meeting_new {
	sspf_meeting_kind kind;
	sspf_date date;
	const char *start, *end;      /* "HH:MM"; end after start */
	const char *place, *district; /* may be NULL */
} sspf_meeting_new;

/* Create a meeting; *id_out (may be NULL) gets its id. */
sspf_err sspf_meeting_create(sspf_core *core, const sspf_meeting_new *m,
			     sspf_id *id_out);
/* Replace the facts of meeting id. SSPF_ERR_NOT_FOUND if there is none. */
sspf_err sspf_meeting_update(sspf_core *core, sspf_id id,
			     const sspf_meeting_new *m);
/*
 * Delete a meeting with its participants and agenda (and the minutes);
 * actions and follow-ups decided in it stay, no longer linked to it.
 * Logged as "change" once per case on its agenda (once without a code if
 * none).
 */
sspf_err sspf_meeting_delete(sspf_core *core, sspf_id id);

/*
 * Add a participant: name required, actor one sspf_actor bit or 0 for the
 * family or the youth, role (may be NULL) e.g. "mentor".
 */
sspf_err sspf_participant_add(sspf_core *core, sspf_id meeting_id,
			      const char *name, unsigned actor,
			      const char *role, sspf_id *id_out);
sspf_err sspf_participant_remove(sspf_core *core, sspf_id participant_id);

/*
 * Append an agenda item: a case by its code (not gated: a code on an
 * agenda is not case data; logged as "change" with the code), or a free
 * topic (required, at most SSPF_TEXT_MAX bytes).
 */
sspf_err sspf_agenda_add_case(sspf_core *core, sspf_id meeting_id,
			      const char *code, sspf_id *id_out);
sspf_err sspf_agenda_add_topic(sspf_core *core, sspf_id meeting_id,
			       const char *topic, sspf_id *id_out);
/* Move item to position (1 = first, up to the number of items). */
sspf_err sspf_agenda_move(sspf_core *core, sspf_id item_id, int position);
/* Remove an item (and its minutes); the later ones move up. */
sspf_err sspf_agenda_remove(sspf_core *core, sspf_id item_id);
/*
 * Set the minutes of an item (NULL or "" clears them). For a case item
 * this is case data: the gate must allow it in the item's context
 * (SSPF_ERR_REFUSED with *v, which may be NULL, saying why).
 */
sspf_err sspf_agenda_set_minutes(sspf_core *core, sspf_id item_id,
				 const char *minutes, sspf_verdict *v);
/* The actors present at an item; SSPF_PRESENT_MEETING: the meeting's. */
#define SSPF_PRESENT_MEETING (~0u)
sspf_err sspf_agenda_set_present(sspf_core *core, sspf_id item_id,
				 unsigned present);

typedef enum sspf_action_status {
	SSPF_ACTION_NOT_STARTED = 0, /* ej påbörjad */
	SSPF_ACTION_ONGOING,	     /* pågår */
	SSPF_ACTION_DONE,	     /* klar */
	SSPF_ACTION_CANCELLED,	     /* avbruten */
} sspf_action_status;
#define SSPF_ACTION_STATUSES 4

/* The Swedish word of a status ("pågår"); NULL if unknown. */
const char *sspf_action_status_name(sspf_action_status s);

/*
 * Add a goal to the plan of case code (text required). Gated in the case
 * view (SSPF_ERR_REFUSED, *v may be NULL).
 */
sspf_err sspf_goal_add(sspf_core *core, const char *code, const char *text,
		       sspf_id *id_out, sspf_verdict *v);

typedef struct sspf_action_new {
	const char *what;   /* required */
	unsigned actor;	    /* one sspf_actor bit (who) */
	const char *person; /* may be NULL */
	sspf_date due;	    /* 0: none */
	sspf_id goal_id;    /* 0, or a goal of the same case */
	sspf_id meeting_id; /* 0, or the meeting it was decided in */
} sspf_action_new;

/* Add an action to the plan of case code; gated as sspf_goal_add. */
sspf_err sspf_action_add(sspf_core *core, const char *code,
			 const sspf_action_new *a, sspf_id *id_out,
			 sspf_verdict *v);
/* Set an action's status (done_on: today for klar); gated likewise. */
sspf_err sspf_action_set_status(sspf_core *core, sspf_id action_id,
				sspf_action_status status, sspf_verdict *v);
/*
 * Record a follow-up of an action today, in meeting_id (0: none), and set
 * the action's status to status. Gated likewise.
 */
sspf_err sspf_follow_up_add(sspf_core *core, sspf_id action_id,
			    sspf_id meeting_id, sspf_action_status status,
			    const char *comment, sspf_id *id_out,
			    sspf_verdict *v);

/* ---- reads ---- */

typedef struct sspf_meeting {
	sspf_id id;
	sspf_meeting_kind kind;
	sspf_date date;
	char start[6], end[6];
	const char *place, *district;
	unsigned actors; /* the union of the participants' actors */
	size_t n_participants;
	size_t n_items; /* agenda items */
} sspf_meeting;

/*
 * The meetings from from to to (inclusive; 0: open-ended) whose kind is in
 * kinds (bits 1u << sspf_meeting_kind; 0: every kind), by date and start
 * time. Meeting facts only: no case codes, no names. fn returns nonzero to
 * stop. Not logged (no case data).
 */
sspf_err sspf_meeting_list(sspf_core *core, sspf_date from, sspf_date to,
			   unsigned kinds,
			   int (*fn)(void *arg, const sspf_meeting *m),
			   void *arg);

typedef struct sspf_agenda_line {
	sspf_id id;
	int position; /* 1, 2, ... */
	bool is_case;
	char code[SSPF_CODE_SIZE]; /* "" for a topic */
	const char *topic;	   /* the topic; "" for a case */
	unsigned present;	   /* the actors present at this item */
	/* a case item: the gate's decision for it */
	sspf_verdict verdict;
	/* NULL for a case item the gate refused; else the minutes ("") */
	const char *minutes;
	/* a case item the gate allows with show_name; else NULL */
	const char *child_name;
} sspf_agenda_line;

/*
 * The agenda of a meeting in order. Every case item is judged (and
 * logged) by the gate before the first call of fn. SSPF_ERR_NOT_FOUND for
 * an unknown meeting. fn returns nonzero to stop.
 */
sspf_err sspf_agenda_get(sspf_core *core, sspf_id meeting_id,
			 int (*fn)(void *arg, const sspf_agenda_line *l),
			 void *arg);

/*
 * One meeting by its id: *out gets its facts (place and district are
 * malloc'ed copies the caller frees with sspf_meeting_clear). Not logged.
 * SSPF_ERR_NOT_FOUND if there is none.
 */
sspf_err sspf_meeting_get(sspf_core *core, sspf_id id, sspf_meeting *out);
/* Free the strings of a meeting from sspf_meeting_get and zero it. */
void sspf_meeting_clear(sspf_meeting *m);

/*
 * The next meeting (today by the core's clock or later, by date and start
 * time) that has case code on its agenda, as sspf_meeting_get gives it
 * (the caller frees it with sspf_meeting_clear); for the plan's "next
 * meeting". Meeting facts only; not logged. SSPF_ERR_NOT_FOUND for an
 * unknown code, or (with out->id 0 and no detail) when none is planned.
 */
sspf_err sspf_case_next_meeting(sspf_core *core, const char *code,
				sspf_meeting *out);

typedef struct sspf_participant_line {
	sspf_id id;
	unsigned actor; /* 0: family or youth */
	const char *role;
	/*
	 * A professional's name always; a family member's name only where
	 * every case on the agenda may show its name in this meeting (never
	 * in an arbetsgruppsmöte, never with no case on the agenda); else
	 * NULL.
	 */
	const char *name;
} sspf_participant_line;

/*
 * The participants of a meeting in the order they were added. Where the
 * meeting has family participants, each case on its agenda is judged
 * (and logged) by the gate in the meeting's context.
 */
sspf_err sspf_participants_get(sspf_core *core, sspf_id meeting_id,
			       int (*fn)(void *arg,
					 const sspf_participant_line *l),
			       void *arg);

typedef struct sspf_follow_up_line {
	sspf_id id;
	sspf_id meeting_id; /* 0: none */
	sspf_date made_on;
	sspf_action_status status;
	char *comment;
} sspf_follow_up_line;

typedef struct sspf_action_line {
	sspf_id id;
	sspf_id goal_id, meeting_id; /* 0: none */
	char *what;
	unsigned actor;
	char *person;
	sspf_date due; /* 0: none */
	sspf_action_status status;
	sspf_date created_on, done_on; /* done_on 0: not done */
	size_t n_follow_ups;
	sspf_follow_up_line *follow_ups; /* oldest first */
} sspf_action_line;

typedef struct sspf_goal_line {
	sspf_id id;
	char *text;
	sspf_date created_on;
} sspf_goal_line;

/* A case's commitment plan; everything in it is owned by it. */
typedef struct sspf_plan {
	char code[SSPF_CODE_SIZE];
	size_t n_goals;
	sspf_goal_line *goals; /* oldest first */
	size_t n_actions;
	sspf_action_line *actions; /* by due date (none last), then id */
} sspf_plan;
void sspf_plan_free(sspf_plan *p);

/*
 * The plan of case code through the gate in ctx (NULL: the case view).
 * Refused: SSPF_ERR_REFUSED, *out NULL, *v (may be NULL) says why.
 * *out is the caller's (sspf_plan_free).
 */
sspf_err sspf_case_plan(sspf_core *core, const char *code,
			const sspf_context *ctx, sspf_plan **out,
			sspf_verdict *v);

typedef struct sspf_action_filter {
	unsigned actor;	    /* 0: any actor */
	const char *person; /* NULL or "": anyone */
	const char *code;   /* NULL or "": every case */
	bool overdue_only;
	/*
	 * At most this many lines, the first in the list's order (0: all).
	 * Only the cases of those lines are judged and logged. With an
	 * actor or person filter every line is judged (those filters look
	 * at what only the gate may open) and the limit only stops the list.
	 */
	size_t limit;
} sspf_action_filter;

typedef struct sspf_open_action {
	sspf_id id;
	char code[SSPF_CODE_SIZE];
	sspf_date due; /* 0: none */
	bool overdue;  /* due before today by the core's clock */
	bool withheld; /* the gate refused the case: only code and due */
	sspf_verdict verdict;
	/* withheld: NULL, 0 and SSPF_ACTION_NOT_STARTED */
	const char *what;
	unsigned actor;
	const char *person;
	sspf_action_status status;
} sspf_open_action;

/*
 * The open actions (ej påbörjad, pågår) of every case, or those filter
 * (may be NULL) asks for, by due date (none last), then code and id. Each
 * case is judged (and logged) once by the gate in the case view before
 * the first call of fn. The actor and person filters look only at actions
 * the gate lets be read: a withheld line is listed whatever they say, so
 * that neither its presence nor its absence tells what it holds. fn
 * returns nonzero to stop.
 */
sspf_err sspf_actions_open(sspf_core *core, const sspf_action_filter *filter,
			   int (*fn)(void *arg, const sspf_open_action *a),
			   void *arg);

/*
 * How many open actions there are of one case (filter->code) or of all,
 * overdue only if filter->overdue_only: a number, no case's data, so
 * nothing is judged or logged. The actor, person and limit of the filter
 * must be unset (SSPF_ERR_INVALID): they would need the gate.
 */
sspf_err sspf_actions_count(sspf_core *core, const sspf_action_filter *filter,
			    size_t *n);

#endif
