/*
 * plan.c - the commitment plan (åtagandeplan) of a case as PDF, for the
 * family and the actors: the child's name and the case code, the goals,
 * the actions (what, who, by when, status, the latest follow-up) and the
 * next meeting, from the template plan.LANG.txt. Everything of the case is
 * read through the consent gate in SSPF_CTX_DOCUMENT: without a valid
 * consent nothing is written and the reason (naming no guardian) is
 * given. Logged as "print" with the code before the first byte.
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

static const char *status_word(const print_template *t, sspf_action_status s,
			       char *buf, size_t size)
{
	const char *w = print_list_item(t, "statuses", (unsigned)s,
					sspf_action_status_name(s), buf, size);

	return w != NULL ? w : "";
}

/* The goals, one numbered paragraph each. */
static void plan_goals(print_text *t, const print_template *tp,
		       const sspf_plan *p)
{
	char num[32];

	if (p->n_goals == 0)
		print_text_add(t, print_label(tp, "label-no-goals",
					      "Inga mål är skrivna ännu."));
	for (size_t i = 0; i < p->n_goals; i++) {
		snprintf(num, sizeof num, "%s%zu. ", i > 0 ? "\n\n" : "",
			 i + 1);
		print_text_add(t, num);
		print_text_add_user(t, p->goals[i].text);
	}
}

/*
 * One action: "N. what", then "Who: actor, person · By: date · Status: s"
 * and its latest follow-up, if any.
 */
static void plan_action(print_text *t, const print_template *tp,
			const sspf_action_line *a, size_t n, sspf_date today)
{
	const sspf_follow_up_line *f;
	char num[32], date[SSPF_DATE_TEXT], word[128];
	const char *who = print_actor_word(tp, a->actor, word, sizeof word);
	bool open = a->status == SSPF_ACTION_NOT_STARTED ||
		    a->status == SSPF_ACTION_ONGOING;

	snprintf(num, sizeof num, "%zu. ", n);
	print_text_add(t, num);
	print_text_add_user(t, a->what);
	print_text_add(t, "\n");
	print_text_add(t, print_label(tp, "label-who", "Vem"));
	print_text_add(t, ": ");
	if (who != NULL)
		print_text_add(t, who);
	if (*a->person != '\0') {
		print_text_add(t, who != NULL ? ", " : "");
		print_text_add_user(t, a->person);
	}
	print_text_add(t, " \u00b7 ");
	print_text_add(t, print_label(tp, "label-due", "Senast"));
	print_text_add(t, ": ");
	if (a->due != 0) {
		sspf_date_format(a->due, date);
		print_text_add(t, date);
		/* overdue actions must stand out */
		if (open && a->due < today) {
			print_text_add(t, " (");
			print_text_add(t, print_label(tp, "label-overdue",
						      "försenad"));
			print_text_add(t, ")");
		}
	} else {
		print_text_add(t,
			       print_label(tp, "label-no-due", "inget datum"));
	}
	print_text_add(t, " \u00b7 ");
	print_text_add(t, print_label(tp, "label-status", "Status"));
	print_text_add(t, ": ");
	print_text_add(t, status_word(tp, a->status, word, sizeof word));
	if (a->n_follow_ups == 0)
		return;
	f = &a->follow_ups[a->n_follow_ups - 1];
	sspf_date_format(f->made_on, date);
	print_text_add(t, "\n");
	print_text_add(t,
		       print_label(tp, "label-follow-up", "Senast uppföljd"));
	print_text_add(t, " ");
	print_text_add(t, date);
	print_text_add(t, " (");
	print_text_add(t, status_word(tp, f->status, word, sizeof word));
	print_text_add(t, ")");
	if (f->comment != NULL && *f->comment != '\0') {
		print_text_add(t, ": ");
		print_text_add_user(t, f->comment);
	}
}

static void plan_actions(print_text *t, const print_template *tp,
			 const sspf_plan *p, sspf_date today)
{
	if (p->n_actions == 0)
		print_text_add(t,
			       print_label(tp, "label-no-actions",
					   "Inga åtgärder är beslutade ännu."));
	for (size_t i = 0; i < p->n_actions; i++) {
		if (i > 0)
			print_text_add(t, "\n\n");
		plan_action(t, tp, &p->actions[i], i + 1, today);
	}
}

/* The next meeting: "date, start–end: kind" and its place, or a label. */
static sspf_err plan_next(sspf_core *core, const char *code, print_text *t,
			  const print_template *tp)
{
	char date[SSPF_DATE_TEXT], word[128];
	sspf_meeting m;
	sspf_err e = sspf_case_next_meeting(core, code, &m);

	if (e == SSPF_ERR_NOT_FOUND && m.id == 0) {
		print_text_add(t, print_label(tp, "label-none-planned",
					      "Inget möte är inbokat ännu."));
		return SSPF_OK;
	}
	if (e != SSPF_OK)
		return e;
	sspf_date_format(m.date, date);
	print_text_add(t, date);
	print_text_add(t, ", ");
	print_text_add(t, m.start);
	print_text_add(t, "\u2013");
	print_text_add(t, m.end);
	print_text_add(t, ": ");
	print_text_add(t, print_list_item(tp, "kinds", (unsigned)m.kind,
					  sspf_meeting_kind_name(m.kind), word,
					  sizeof word));
	if (m.place != NULL && *m.place != '\0') {
		print_text_add(t, "\n");
		print_text_add(t, print_label(tp, "label-place", "Plats"));
		print_text_add(t, ": ");
		print_text_add_user(t, m.place);
	}
	sspf_meeting_clear(&m);
	return SSPF_OK;
}

/*
 * The plan of r->code through the gate; on refusal err says why, with no
 * guardian's name (the document may be shown to anyone present).
 */
static bool plan_read(sspf_core *core, const char *code, sspf_plan **plan,
		      sspf_case **c, print_error *err)
{
	const sspf_context ctx = { SSPF_CTX_DOCUMENT, 0 };
	sspf_verdict v;
	sspf_err e;

	*plan = NULL;
	*c = NULL;
	memset(&v, 0, sizeof v);
	e = sspf_case_plan(core, code, &ctx, plan, &v);
	if (e == SSPF_OK)
		e = sspf_case_get(core, code, &ctx, c, &v);
	if (e == SSPF_ERR_REFUSED) {
		v.guardian = NULL;
		sspf_verdict_text(&v, err->msg, sizeof err->msg);
	}
	if (e == SSPF_OK && (*c)->child_name == NULL)
		e = SSPF_ERR_INTERNAL; /* a document always shows the name */
	err->core = e;
	return e == SSPF_OK;
}

bool print_plan(sspf_core *core, sspf_store *st, const print_request *r, int fd,
		print_error *err)
{
	char *set[PRINT_S_COUNT] = { NULL }, *body = NULL;
	char today_text[SSPF_DATE_TEXT];
	print_text goals = { 0 }, actions = { 0 }, next = { 0 };
	sspf_date today = sspf_core_today(core);
	sspf_plan *plan = NULL;
	sspf_case *c = NULL;
	print_template tp;
	bool ok = false;
	sspf_err e;

	if (r->code == NULL) {
		err->core = SSPF_ERR_INVALID;
		return false;
	}
	if (!print_template_load(r->tdir, "plan", r->lang, &tp, err))
		return false;
	if (!print_settings_load(st, set, err))
		goto out;
	if (!plan_read(core, r->code, &plan, &c, err))
		goto out;
	plan_goals(&goals, &tp, plan);
	plan_actions(&actions, &tp, plan, today);
	if ((e = plan_next(core, r->code, &next, &tp)) != SSPF_OK) {
		err->core = e;
		goto out;
	}
	if (!print_text_done(&goals) || !print_text_done(&actions) ||
	    !print_text_done(&next)) {
		err->core = SSPF_ERR_NOMEM;
		goto out;
	}
	sspf_date_format(today, today_text);
	{
		const print_value vals[] = {
			{ "municipality", set[PRINT_S_MUNICIPALITY], false },
			{ "district", set[PRINT_S_DISTRICT], false },
			{ "child_name", c->child_name, true },
			{ "case_code", c->code, false },
			{ "printed_on", today_text, false },
			{ "goals", goals.s, true },
			{ "actions", actions.s, true },
			{ "next_meeting", next.s, true },
			{ "coordinator_name", set[PRINT_S_NAME], false },
			{ "coordinator_phone", set[PRINT_S_PHONE], false },
			{ "coordinator_email", set[PRINT_S_EMAIL], false },
		};

		body = print_template_expand(&tp, vals,
					     sizeof vals / sizeof vals[0], err);
		if (body == NULL)
			goto out;
	}
	/* the plan leaves the program: log it first */
	if ((e = sspf_audit_print(core, c->code)) != SSPF_OK) {
		err->core = e;
		goto out;
	}
	ok = print_emit(st, &tp, c->code, r->lang, body, fd, err);
out:
	print_settings_free(set);
	print_text_free(&goals);
	print_text_free(&actions);
	print_text_free(&next);
	if (body != NULL) {
		sodium_memzero(body, strlen(body));
		free(body);
	}
	if (plan != NULL)
		sspf_plan_free(plan);
	if (c != NULL)
		sspf_case_free(c);
	print_template_free(&tp);
	return ok;
}
