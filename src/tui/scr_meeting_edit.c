/*
 * scr_meeting_edit.c - the changes made on the meeting screen
 * (scr_meeting.c): adding participants, cases (by code, or chosen from the
 * codes: never names) and topics to the agenda, putting the agenda in
 * order, removing participants and items after asking, and showing a
 * whole line. Every change is saved by the library call that makes it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "tui/scr_meeting.h"

static const part_row *sel_part(const meeting_state *s)
{
	if (s->pane != PANE_PART || s->plist.sel >= (int)s->n_parts)
		return NULL;
	return &s->parts[s->plist.sel];
}

static const item_row *sel_item(const meeting_state *s)
{
	if (s->pane != PANE_AGENDA || s->alist.sel >= (int)s->n_items)
		return NULL;
	return &s->items[s->alist.sel];
}

/* Copy at most max bytes of s into buf, cut at a character, "…" if cut. */
static void shorten(char *buf, size_t size, const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max) {
		snprintf(buf, size, "%s", s);
		return;
	}
	while (n > max || (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80))
		n--;
	snprintf(buf, size, "%.*s…", (int)n, s);
}

/* The actors a participant may have, in the order of the form. */
static const unsigned part_actors[] = {
	SSPF_ACTOR_SKOLA,  SSPF_ACTOR_SOCIALTJANST, SSPF_ACTOR_POLIS,
	SSPF_ACTOR_FRITID, SSPF_ACTOR_ANNAN,	    0,
};
#define N_PART_ACTORS (sizeof part_actors / sizeof part_actors[0])

enum { PF_NAME, PF_ACTOR, PF_ROLE, PF_N };

typedef struct part_ctx {
	meeting_state *s;
	char msg[600];
} part_ctx;

static const char *part_save(tui_app *app, void *ctx, tui_field *f, size_t n,
			     int *focus)
{
	part_ctx *c = ctx;
	sspf_id pid = 0;
	sspf_err e;

	(void)n;
	if (tui_blank(f[PF_NAME].text)) {
		*focus = PF_NAME;
		return _("Write the participant's name.");
	}
	e = sspf_participant_add(
		app->core, c->s->id, f[PF_NAME].text,
		part_actors[f[PF_ACTOR].choice],
		tui_blank(f[PF_ROLE].text) ? NULL : f[PF_ROLE].text, &pid);
	if (e != SSPF_OK) {
		snprintf(c->msg, sizeof c->msg, _("Could not save: %s"),
			 tui_err_why(e));
		return c->msg;
	}
	c->s->want_part = pid;
	return NULL;
}

unsigned mtg_add_participant(tui_app *app, meeting_state *s)
{
	const char *choices[N_PART_ACTORS + 1];
	tui_field f[PF_N];
	part_ctx c = { .s = s };
	enum tui_result r;

	for (size_t i = 0; i < N_PART_ACTORS; i++)
		choices[i] = tui_actor_name(part_actors[i]);
	choices[N_PART_ACTORS] = NULL;
	memset(f, 0, sizeof f);
	f[PF_NAME] = (tui_field){ .label = _("Name"),
				  .type = TUI_FIELD_TEXT,
				  .max = SSPF_NAME_MAX };
	f[PF_ACTOR] = (tui_field){
		.label = _("Actor"),
		.type = TUI_FIELD_CHOICE,
		.choices = choices,
		.hint = _("Left/Right or Space chooses; family is the family "
			  "or the young person."),
	};
	f[PF_ROLE] =
		(tui_field){ .label = _("Role"),
			     .type = TUI_FIELD_TEXT,
			     .hint = _("For example mentor, social worker, "
				       "mother.") };
	if (!tui_field_set(&f[PF_NAME], "") ||
	    !tui_field_set(&f[PF_ROLE], "")) {
		tui_fields_free(f, PF_N);
		return TUI_HANDLED;
	}
	r = tui_form(app, _("Add a participant"), f, PF_N, part_save, &c);
	tui_fields_free(f, PF_N);
	sodium_memzero(c.msg, sizeof c.msg);
	if (r != TUI_DONE)
		return TUI_HANDLED;
	s->pane = PANE_PART;
	tui_flash(app, "%s", _("The participant is added."));
	return TUI_HANDLED | TUI_RELOAD;
}

/* The case codes a case item may be chosen from. */
typedef struct code_list {
	const meeting_state *s;
	const char *typed; /* the codes containing it ("": every one) */
	char exact[SSPF_CODE_SIZE];
	char (*codes)[SSPF_CODE_SIZE + 64]; /* "2026-014  consent valid" */
	size_t n, cap;
	bool nomem;
} code_list;

static bool on_agenda(const meeting_state *s, const char *code)
{
	for (size_t i = 0; i < s->n_items; i++)
		if (s->items[i].is_case && strcmp(s->items[i].code, code) == 0)
			return true;
	return false;
}

static int add_code(void *arg, const sspf_case_line *l)
{
	code_list *c = arg;

	/* the child's name in l is never used here: codes only */
	if (strcmp(l->code, c->typed) == 0)
		snprintf(c->exact, sizeof c->exact, "%s", l->code);
	if (l->closed || on_agenda(c->s, l->code) ||
	    strstr(l->code, c->typed) == NULL)
		return 0;
	if (!mtg_grow((void **)&c->codes, &c->cap, c->n, sizeof *c->codes)) {
		c->nomem = true;
		return 1;
	}
	snprintf(c->codes[c->n++], sizeof *c->codes, "%s  %s", l->code,
		 tui_state_name(l->state));
	return 0;
}

/* The code of the case to add into code; TUI_DONE when there is one. */
static enum tui_result ask_code(tui_app *app, const meeting_state *s,
				char code[SSPF_CODE_SIZE])
{
	char *typed = strdup("");
	code_list c = { .s = s };
	const char **items = NULL;
	enum tui_result r;
	int choice = 0;
	sspf_err e;

	if (typed == NULL)
		return TUI_CANCELLED;
	r = tui_prompt(app, _("Case code, or Enter for a list: "), &typed,
		       SSPF_CODE_SIZE - 1);
	if (r != TUI_DONE) {
		free(typed);
		return r;
	}
	c.typed = typed;
	e = sspf_case_list(app->core, add_code, &c);
	if (e == SSPF_OK && c.nomem)
		e = SSPF_ERR_NOMEM;
	if (e != SSPF_OK) {
		tui_flash_err(app, e, _("Could not read the cases"));
		r = TUI_CANCELLED;
	} else if (c.exact[0] != '\0') {
		snprintf(code, SSPF_CODE_SIZE, "%s", c.exact);
	} else if (c.n == 0) {
		tui_flash_error(app,
				_("No case found for \"%s\" (closed cases and "
				  "cases on the agenda are left out)."),
				typed);
		r = TUI_CANCELLED;
	} else if (c.n == 1) {
		snprintf(code, SSPF_CODE_SIZE, "%.*s", SSPF_CODE_SIZE - 1,
			 c.codes[0]);
	} else if ((items = calloc(c.n, sizeof *items)) == NULL) {
		r = TUI_CANCELLED;
	} else {
		for (size_t i = 0; i < c.n; i++)
			items[i] = c.codes[i];
		r = tui_choose(app, _("Which case?"), items, (int)c.n, &choice);
		if (r == TUI_DONE && choice >= 0 && choice < (int)c.n)
			snprintf(code, SSPF_CODE_SIZE, "%.*s",
				 SSPF_CODE_SIZE - 1, c.codes[choice]);
		else if (r == TUI_DONE)
			r = TUI_CANCELLED;
	}
	/* "2026-014  consent valid": the code ends at the first space */
	code[strcspn(code, " ")] = '\0';
	free(items);
	free(c.codes);
	free(typed);
	return r;
}

unsigned mtg_add_case(tui_app *app, meeting_state *s)
{
	char code[SSPF_CODE_SIZE] = "";
	sspf_id item = 0;
	sspf_err e;

	if (ask_code(app, s, code) != TUI_DONE || code[0] == '\0')
		return TUI_HANDLED;
	if (on_agenda(s, code)) {
		tui_flash_error(app, _("Case %s is on the agenda already."),
				code);
		return TUI_HANDLED;
	}
	e = sspf_agenda_add_case(app->core, s->id, code, &item);
	if (e != SSPF_OK) {
		tui_flash_err(app, e, _("Could not add the case"));
		return TUI_HANDLED;
	}
	s->want_item = item;
	s->pane = PANE_AGENDA;
	tui_flash(app, _("Case %s is on the agenda now."), code);
	return TUI_HANDLED | TUI_RELOAD;
}

unsigned mtg_add_topic(tui_app *app, meeting_state *s)
{
	char *text = strdup("");
	sspf_id item = 0;
	enum tui_result r;
	sspf_err e;

	if (text == NULL)
		return TUI_HANDLED;
	r = tui_prompt(app, _("Topic: "), &text, SSPF_TEXT_MAX);
	if (r != TUI_DONE || tui_blank(text)) {
		tui_free_text(text);
		return TUI_HANDLED;
	}
	e = sspf_agenda_add_topic(app->core, s->id, text, &item);
	tui_free_text(text);
	if (e != SSPF_OK) {
		tui_flash_err(app, e, _("Could not add the topic"));
		return TUI_HANDLED;
	}
	s->want_item = item;
	s->pane = PANE_AGENDA;
	tui_flash(app, "%s", _("The topic is on the agenda now."));
	return TUI_HANDLED | TUI_RELOAD;
}

unsigned mtg_move(tui_app *app, meeting_state *s, int by)
{
	const item_row *it = sel_item(s);
	sspf_err e;

	if (it == NULL) {
		tui_flash(app, "%s",
			  s->pane == PANE_AGENDA
				  ? _("The agenda is empty.")
				  : _("Press Tab to go to the agenda first."));
		return TUI_HANDLED;
	}
	if (it->position + by < 1 || it->position + by > (int)s->n_items)
		return TUI_HANDLED;
	e = sspf_agenda_move(app->core, it->id, it->position + by);
	if (e != SSPF_OK) {
		tui_flash_err(app, e, _("Could not move the item"));
		return TUI_HANDLED | TUI_RELOAD;
	}
	s->want_item = it->id;
	tui_flash(app, "%s", _("The item is moved."));
	return TUI_HANDLED | TUI_RELOAD;
}

static unsigned remove_part(tui_app *app, const part_row *p)
{
	char q[800], name[256];
	enum tui_result r;
	sspf_err e;

	if (p->name != NULL) {
		shorten(name, sizeof name, p->name, 120);
		snprintf(q, sizeof q,
			 _("Remove %s (%s) from the participants?"), name,
			 tui_actor_name(p->actor));
	} else if (p->role[0] != '\0') {
		shorten(name, sizeof name, p->role, 120);
		snprintf(q, sizeof q,
			 _("Remove the family member with the role %s from "
			   "the participants?"),
			 name);
	} else {
		snprintf(q, sizeof q, "%s",
			 _("Remove this family member from the participants?"));
	}
	sodium_memzero(name, sizeof name);
	r = tui_confirm(app, q);
	sodium_memzero(q, sizeof q);
	if (r != TUI_DONE)
		return TUI_HANDLED;
	if ((e = sspf_participant_remove(app->core, p->id)) != SSPF_OK) {
		tui_flash_err(app, e, _("Could not remove the participant"));
		return TUI_HANDLED | TUI_RELOAD;
	}
	tui_flash(app, "%s", _("The participant is removed."));
	return TUI_HANDLED | TUI_RELOAD;
}

static unsigned remove_item(tui_app *app, const item_row *it)
{
	char q[800], topic[256];
	enum tui_result r;
	sspf_err e;

	if (it->is_case) {
		snprintf(q, sizeof q,
			 _("Remove case %s from the agenda? Its minutes from "
			   "this meeting are deleted too."),
			 it->code);
	} else {
		shorten(topic, sizeof topic, it->topic, 80);
		snprintf(q, sizeof q,
			 _("Remove the topic \"%s\" from the agenda? Its "
			   "minutes are deleted too."),
			 topic);
	}
	r = tui_confirm(app, q);
	if (r != TUI_DONE)
		return TUI_HANDLED;
	if ((e = sspf_agenda_remove(app->core, it->id)) != SSPF_OK) {
		tui_flash_err(app, e, _("Could not remove the item"));
		return TUI_HANDLED | TUI_RELOAD;
	}
	tui_flash(app, "%s", _("The item is removed from the agenda."));
	return TUI_HANDLED | TUI_RELOAD;
}

unsigned mtg_show(tui_app *app, const meeting_state *s)
{
	const item_row *it = sel_item(s);
	const part_row *p = sel_part(s);
	char text[3000], actors[160];
	size_t used = 0;

	text[0] = '\0';
	if (it == NULL && p == NULL)
		return TUI_HANDLED;
	if (p != NULL) {
		snprintf(text, sizeof text, _("Name: %s\nActor: %s\nRole: %s"),
			 p->name != NULL ? p->name : "–",
			 tui_actor_name(p->actor), p->role);
		tui_message(app, _("Participant"), text);
		sodium_memzero(text, sizeof text);
		return TUI_HANDLED;
	}
	if (it->is_case && !it->allowed) {
		snprintf(text, sizeof text,
			 _("Not allowed in this meeting: %s"),
			 it->reason != NULL ? it->reason : "");
	} else if (it->is_case) {
		if (it->child_name != NULL)
			used = (size_t)snprintf(text, sizeof text, "%s\n",
						it->child_name);
	} else {
		used = (size_t)snprintf(text, sizeof text, "%s\n", it->topic);
	}
	if (used < sizeof text && (!it->is_case || it->allowed)) {
		tui_actors_text(it->present, actors, sizeof actors);
		snprintf(text + used, sizeof text - used,
			 _("Present at this item: %s"), actors);
	}
	if (it->is_case) {
		char title[64];

		snprintf(title, sizeof title, _("Case %s"), it->code);
		tui_message(app, title, text);
	} else {
		tui_message(app, _("Topic"), text);
	}
	sodium_memzero(text, sizeof text);
	return TUI_HANDLED;
}

unsigned mtg_remove(tui_app *app, meeting_state *s)
{
	if (sel_part(s) != NULL)
		return remove_part(app, sel_part(s));
	if (sel_item(s) != NULL)
		return remove_item(app, sel_item(s));
	tui_flash(app, "%s", _("There is nothing here to remove."));
	return TUI_HANDLED;
}
