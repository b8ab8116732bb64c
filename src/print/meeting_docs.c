/*
 * meeting_docs.c - a meeting's agenda (dagordning) and minutes
 * (minnesanteckningar) as PDF, from the templates agenda.LANG.txt and
 * minutes.LANG.txt: the meeting's kind, date, time and place, the
 * participants, and the numbered items; the minutes add what was noted
 * under each item. Case items are judged by the consent gate in the
 * meeting's context (sspf_agenda_get): an arbetsgruppsmöte shows codes
 * only, a refused item its code and a neutral label (never the reason,
 * which may name a guardian), family members' names appear only where
 * sspf_participants_get gives them. Logged as "print" once per case on
 * the agenda (once without a code when there is none) before the first
 * byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <sspf/audit.h>
#include <sspf/cases.h>
#include <sspf/consent.h>
#include <sspf/date.h>
#include <sspf/meetings.h>

#include "print/doc.h"

/* What the callbacks gather while the library reads the meeting. */
struct mdoc {
	const print_template *tp;
	bool minutes;	  /* the minutes, not the agenda */
	bool group;	  /* an arbetsgruppsmöte: never a child's name */
	print_text parts; /* the participants, one a line */
	print_text items; /* the items */
	size_t n_parts, n_items;
	char (*codes)[SSPF_CODE_SIZE]; /* the cases on it, each once */
	size_t n_codes;
	bool nomem;
};

/* One participant: "role, actor: name" (family names only if given). */
static int mdoc_participant(void *arg, const sspf_participant_line *l)
{
	struct mdoc *d = arg;
	print_text *t = &d->parts;
	char word[128];
	const char *actor;

	if (l->actor == 0) {
		actor = print_label(d->tp, "label-family", "familjen");
	} else {
		actor = print_actor_word(d->tp, l->actor, word, sizeof word);
	}
	if (d->n_parts++ > 0)
		print_text_add(t, "\n");
	if (l->role != NULL && *l->role != '\0') {
		print_text_add_user(t, l->role);
		print_text_add(t, ", ");
	}
	print_text_add(t, actor != NULL ? actor : "");
	if (l->name != NULL && *l->name != '\0') {
		print_text_add(t, ": ");
		print_text_add_user(t, l->name);
	}
	return 0;
}

/* Remember code for the audit log, once. */
static void mdoc_code(struct mdoc *d, const char *code)
{
	void *p;

	for (size_t i = 0; i < d->n_codes; i++)
		if (strcmp(d->codes[i], code) == 0)
			return;
	p = realloc(d->codes, (d->n_codes + 1) * sizeof *d->codes);
	if (p == NULL) {
		d->nomem = true;
		return;
	}
	d->codes = p;
	snprintf(d->codes[d->n_codes++], SSPF_CODE_SIZE, "%s", code);
}

/*
 * One item: "N. topic", or "N. Case CODE: child's name" where the line
 * gives the name, or "N. Case CODE (label)" where the gate refused it.
 * In the minutes each item is a heading with its minutes below.
 */
static int mdoc_item(void *arg, const sspf_agenda_line *l)
{
	struct mdoc *d = arg;
	print_text *t = &d->items;
	bool refused = l->is_case && !l->verdict.allowed;
	char num[32];

	if (d->n_items++ > 0)
		print_text_add(t, d->minutes ? "\n\n" : "\n");
	snprintf(num, sizeof num, "%s%d. ", d->minutes ? "# " : "",
		 l->position);
	print_text_add(t, num);
	if (l->is_case) {
		mdoc_code(d, l->code);
		print_text_add(t, print_label(d->tp, "label-case", "Ärende"));
		print_text_add(t, " ");
		print_text_add(t, l->code);
		if (refused) {
			/* neutral: the reason could name a guardian */
			print_text_add(t, d->minutes ? "\n" : " (");
			print_text_add(
				t,
				print_label(
					d->tp, "label-refused",
					"tas inte upp: giltigt samtycke saknas "
					"för detta möte"));
			if (!d->minutes)
				print_text_add(t, ")");
			return 0;
		}
		/* the gate gives no name here; this is a second lock */
		if (l->child_name != NULL && !d->group) {
			print_text_add(t, ": ");
			print_text_add_user(t, l->child_name);
		}
	} else {
		print_text_add_user(t, l->topic);
	}
	if (!d->minutes)
		return 0;
	print_text_add(t, "\n");
	if (l->minutes != NULL && *l->minutes != '\0')
		print_text_add_user(t, l->minutes);
	else
		print_text_add(t, print_label(d->tp, "label-no-minutes",
					      "Inga anteckningar."));
	return 0;
}

/* Read the meeting's participants and agenda into d. */
static sspf_err mdoc_read(sspf_core *core, sspf_id id, struct mdoc *d)
{
	sspf_err e;

	if ((e = sspf_participants_get(core, id, mdoc_participant, d)) !=
	    SSPF_OK)
		return e;
	if ((e = sspf_agenda_get(core, id, mdoc_item, d)) != SSPF_OK)
		return e;
	if (d->n_parts == 0)
		print_text_add(&d->parts,
			       print_label(d->tp, "label-no-participants",
					   "Inga deltagare är angivna."));
	if (d->n_items == 0)
		print_text_add(&d->items, print_label(d->tp, "label-no-items",
						      "Inga punkter ännu."));
	if (!print_text_done(&d->parts) || !print_text_done(&d->items) ||
	    d->nomem)
		return SSPF_ERR_NOMEM;
	return SSPF_OK;
}

/* One "print" entry per case on the document, or one without a case. */
static sspf_err mdoc_log(sspf_core *core, const struct mdoc *d)
{
	sspf_err e = SSPF_OK;

	if (d->n_codes == 0)
		return sspf_audit_print(core, NULL);
	for (size_t i = 0; e == SSPF_OK && i < d->n_codes; i++)
		e = sspf_audit_print(core, d->codes[i]);
	return e;
}

/* The agenda, or with minutes the minutes, of meeting r->meeting on fd. */
static bool meeting_doc(sspf_core *core, sspf_store *st, const print_request *r,
			int fd, bool minutes, print_error *err)
{
	char *set[PRINT_S_COUNT] = { NULL }, *body = NULL;
	char date[SSPF_DATE_TEXT], time[16], num[24], id[160], kind[128];
	sspf_meeting m = { 0 };
	print_template tp;
	struct mdoc d = { .minutes = minutes };
	bool ok = false;
	sspf_err e;

	if (!print_template_load(r->tdir, minutes ? "minutes" : "agenda",
				 r->lang, &tp, err))
		return false;
	d.tp = &tp;
	if (!print_settings_load(st, set, err))
		goto out;
	if ((e = sspf_meeting_get(core, r->meeting, &m)) != SSPF_OK)
		goto fail;
	d.group = m.kind == SSPF_MEETING_GROUP;
	if ((e = mdoc_read(core, r->meeting, &d)) != SSPF_OK)
		goto fail;
	sspf_date_format(m.date, date);
	snprintf(time, sizeof time, "%s\u2013%s", m.start, m.end);
	/* the footer names the meeting where another document has a code */
	snprintf(num, sizeof num, "%lld", (long long)m.id);
	snprintf(id, sizeof id, "%s %s",
		 print_label(&tp, "label-meeting", "möte"), num);
	{
		const print_value vals[] = {
			{ "municipality", set[PRINT_S_MUNICIPALITY], false },
			{ "district", set[PRINT_S_DISTRICT], false },
			{ "meeting_kind",
			  print_list_item(&tp, "kinds", (unsigned)m.kind,
					  sspf_meeting_kind_name(m.kind), kind,
					  sizeof kind),
			  true },
			{ "meeting_date", date, true },
			{ "meeting_time", time, true },
			{ "meeting_place", m.place, false },
			{ "meeting_district", m.district, false },
			{ "meeting_id", num, false },
			{ "participants", d.parts.s, true },
			{ "items", d.items.s, true },
			{ "coordinator_name", set[PRINT_S_NAME], false },
			{ "coordinator_phone", set[PRINT_S_PHONE], false },
			{ "coordinator_email", set[PRINT_S_EMAIL], false },
		};

		body = print_template_expand(&tp, vals,
					     sizeof vals / sizeof vals[0], err);
		if (body == NULL)
			goto out;
	}
	/* the document leaves the program: log it first */
	if ((e = mdoc_log(core, &d)) != SSPF_OK)
		goto fail;
	ok = print_emit(st, &tp, id, r->lang, body, fd, err);
	goto out;
fail:
	err->core = e;
out:
	print_settings_free(set);
	print_text_free(&d.parts);
	print_text_free(&d.items);
	free(d.codes);
	if (body != NULL) {
		sodium_memzero(body, strlen(body));
		free(body);
	}
	sspf_meeting_clear(&m);
	print_template_free(&tp);
	return ok;
}

bool print_agenda(sspf_core *core, sspf_store *st, const print_request *r,
		  int fd, print_error *err)
{
	return meeting_doc(core, st, r, fd, false, err);
}

bool print_minutes(sspf_core *core, sspf_store *st, const print_request *r,
		   int fd, print_error *err)
{
	return meeting_doc(core, st, r, fd, true, err);
}
