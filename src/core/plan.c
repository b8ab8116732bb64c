/*
 * plan.c - a case's plan (include/sspf/meetings.h, DOMAIN.md "Meetings"):
 * goals, actions and their follow-ups, the plan as a whole
 * (sspf_case_plan) and the open actions across cases (sspf_actions_open).
 * Every read and write of a case's plan passes gate_check() first, in the
 * case view; every change is written to the audit log as "change" with
 * the case code, in the same transaction as the change itself.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include <sspf/meetings.h>

#include "core/audit.h"
#include "core/core_priv.h"
#include "core/gate.h"
#include "core/meetings_priv.h"
#include "store/errors_internal.h"

static const char *const status_text[SSPF_ACTION_STATUSES] = {
	[SSPF_ACTION_NOT_STARTED] = "ej påbörjad",
	[SSPF_ACTION_ONGOING] = "pågår",
	[SSPF_ACTION_DONE] = "klar",
	[SSPF_ACTION_CANCELLED] = "avbruten",
};

const char *sspf_action_status_name(sspf_action_status s)
{
	return (unsigned)s < SSPF_ACTION_STATUSES ? status_text[s] : NULL;
}

static sspf_action_status status_of(const char *text)
{
	for (unsigned i = 0; text != NULL && i < SSPF_ACTION_STATUSES; i++)
		if (strcmp(text, status_text[i]) == 0)
			return (sspf_action_status)i;
	return SSPF_ACTION_NOT_STARTED;
}

/* The case of an action: its id and code. */
static sspf_err action_case(sspf_core *core, sspf_id action_id,
			    sspf_id *case_id, char code[SSPF_CODE_SIZE])
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = core_prep(core, &q,
			   "SELECT c.id, c.code FROM action a JOIN case_file c "
			   "ON c.id = a.case_id WHERE a.id = ?1",
			   "i", action_id)) != SSPF_OK)
		return e;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*case_id = sqlite3_column_int64(q, 0);
		snprintf(code, SSPF_CODE_SIZE, "%s",
			 (const char *)sqlite3_column_text(q, 1));
	} else if (rc == SQLITE_DONE) {
		e = err_set(SSPF_ERR_NOT_FOUND, "there is no action %lld",
			    (long long)action_id);
	} else {
		e = sspf_store_sqlerr(core->st, rc, "reading an action");
	}
	sqlite3_finalize(q);
	return e;
}

/* ---- goals, actions, follow-ups ---- */

sspf_err sspf_goal_add(sspf_core *core, const char *code, const char *text,
		       sspf_id *id_out, sspf_verdict *v)
{
	sspf_id case_id, id = 0;
	bool own;
	sspf_err e;

	err_clear();
	mtg_verdict_clear(v);
	if (id_out != NULL)
		*id_out = 0;
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if ((e = mtg_check_text(text, SSPF_LONG_TEXT_MAX, true, "goal")) !=
	    SSPF_OK)
		return e;
	if ((e = gate_case_id(core, code, &case_id)) != SSPF_OK ||
	    (e = mtg_gate_write(core, case_id, code, NULL, v)) != SSPF_OK)
		return e;
	if ((e = core_tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = core_run(core, NULL, "saving a goal",
		     "INSERT INTO goal (case_id, text, created_on) "
		     "VALUES (?1, ?2, ?3)",
		     "itD", case_id, text, (int)sspf_core_today(core));
	if (e == SSPF_OK) {
		id = sqlite3_last_insert_rowid(core->db);
		e = audit_append(core, "change", code);
	}
	if ((e = core_tx_end(core, own, e)) == SSPF_OK && id_out != NULL)
		*id_out = id;
	return e;
}

/* Whether goal_id is a goal of case_id. */
static sspf_err goal_of_case(sspf_core *core, sspf_id goal_id, sspf_id case_id)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = core_prep(core, &q,
			   "SELECT 1 FROM goal WHERE id = ?1 AND case_id = ?2",
			   "ii", goal_id, case_id)) != SSPF_OK)
		return e;
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc == SQLITE_ROW)
		return SSPF_OK;
	if (rc == SQLITE_DONE)
		return err_set(SSPF_ERR_INVALID,
			       "goal %lld is not a goal of this case",
			       (long long)goal_id);
	return sspf_store_sqlerr(core->st, rc, "reading a goal");
}

sspf_err sspf_action_add(sspf_core *core, const char *code,
			 const sspf_action_new *a, sspf_id *id_out,
			 sspf_verdict *v)
{
	sspf_meeting_kind kind;
	sspf_id case_id, id = 0;
	bool own;
	sspf_err e;

	err_clear();
	mtg_verdict_clear(v);
	if (id_out != NULL)
		*id_out = 0;
	if (core == NULL || a == NULL)
		return err_set(SSPF_ERR_INVALID, "no action given");
	if ((e = mtg_check_text(a->what, SSPF_TEXT_MAX, true, "action")) !=
		    SSPF_OK ||
	    (e = mtg_check_text(a->person, SSPF_NAME_MAX, false, "person")) !=
		    SSPF_OK)
		return e;
	if (!mtg_one_actor(a->actor))
		return err_set(SSPF_ERR_INVALID,
			       "an action is given to one actor");
	if (a->due != 0 && !mtg_date_ok(a->due))
		return err_set(SSPF_ERR_INVALID,
			       "the due date must lie in 1900-2199");
	if ((e = gate_case_id(core, code, &case_id)) != SSPF_OK ||
	    (e = mtg_gate_write(core, case_id, code, NULL, v)) != SSPF_OK)
		return e;
	if ((e = core_tx_begin(core, &own)) != SSPF_OK)
		return e;
	if (a->goal_id != 0)
		e = goal_of_case(core, a->goal_id, case_id);
	if (e == SSPF_OK && a->meeting_id != 0)
		e = mtg_meeting_of(core, a->meeting_id, &kind, NULL);
	if (e == SSPF_OK)
		e = core_run(
			core, NULL, "saving an action",
			"INSERT INTO action (case_id, goal_id, meeting_id, "
			"what, actor, person, due_on, created_on) VALUES (?1, "
			"NULLIF(?2, 0), NULLIF(?3, 0), ?4, ?5, ?6, ?7, ?8)",
			"iiititdD", case_id, a->goal_id, a->meeting_id, a->what,
			(sspf_id)a->actor, a->person, (int)a->due,
			(int)sspf_core_today(core));
	if (e == SSPF_OK) {
		id = sqlite3_last_insert_rowid(core->db);
		e = audit_append(core, "change", code);
	}
	if ((e = core_tx_end(core, own, e)) == SSPF_OK && id_out != NULL)
		*id_out = id;
	return e;
}

/* Set the status of action_id (in the caller's transaction). */
static sspf_err set_status(sspf_core *core, sspf_id action_id,
			   sspf_action_status status)
{
	return core_run(
		core, NULL, "saving an action's status",
		"UPDATE action SET status = ?1, done_on = ?2 WHERE id = ?3",
		"tdi", status_text[status],
		status == SSPF_ACTION_DONE ? (int)sspf_core_today(core) : 0,
		action_id);
}

sspf_err sspf_action_set_status(sspf_core *core, sspf_id action_id,
				sspf_action_status status, sspf_verdict *v)
{
	char code[SSPF_CODE_SIZE];
	sspf_id case_id;
	bool own;
	sspf_err e;

	err_clear();
	mtg_verdict_clear(v);
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if ((unsigned)status >= SSPF_ACTION_STATUSES)
		return err_set(SSPF_ERR_INVALID, "unknown status %d",
			       (int)status);
	if ((e = action_case(core, action_id, &case_id, code)) != SSPF_OK ||
	    (e = mtg_gate_write(core, case_id, code, NULL, v)) != SSPF_OK)
		return e;
	if ((e = core_tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = set_status(core, action_id, status);
	if (e == SSPF_OK)
		e = audit_append(core, "change", code);
	return core_tx_end(core, own, e);
}

sspf_err sspf_follow_up_add(sspf_core *core, sspf_id action_id,
			    sspf_id meeting_id, sspf_action_status status,
			    const char *comment, sspf_id *id_out,
			    sspf_verdict *v)
{
	char code[SSPF_CODE_SIZE];
	sspf_meeting_kind kind;
	sspf_id case_id, id = 0;
	bool own;
	sspf_err e;

	err_clear();
	mtg_verdict_clear(v);
	if (id_out != NULL)
		*id_out = 0;
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if ((unsigned)status >= SSPF_ACTION_STATUSES)
		return err_set(SSPF_ERR_INVALID, "unknown status %d",
			       (int)status);
	if ((e = mtg_check_text(comment, SSPF_LONG_TEXT_MAX, false,
				"comment")) != SSPF_OK)
		return e;
	if ((e = action_case(core, action_id, &case_id, code)) != SSPF_OK ||
	    (e = mtg_gate_write(core, case_id, code, NULL, v)) != SSPF_OK)
		return e;
	if ((e = core_tx_begin(core, &own)) != SSPF_OK)
		return e;
	if (meeting_id != 0)
		e = mtg_meeting_of(core, meeting_id, &kind, NULL);
	if (e == SSPF_OK)
		e = core_run(
			core, NULL, "saving a follow-up",
			"INSERT INTO follow_up (action_id, meeting_id, "
			"made_on, status, comment) VALUES (?1, NULLIF(?2, 0), "
			"?3, ?4, ?5)",
			"iiDtt", action_id, meeting_id,
			(int)sspf_core_today(core), status_text[status],
			comment);
	if (e == SSPF_OK) {
		id = sqlite3_last_insert_rowid(core->db);
		e = set_status(core, action_id, status);
	}
	if (e == SSPF_OK)
		e = audit_append(core, "change", code);
	if ((e = core_tx_end(core, own, e)) == SSPF_OK && id_out != NULL)
		*id_out = id;
	return e;
}

/* ---- the plan ---- */

void sspf_plan_free(sspf_plan *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n_goals; i++)
		core_free_text(p->goals[i].text);
	for (size_t i = 0; i < p->n_actions; i++) {
		sspf_action_line *a = &p->actions[i];

		core_free_text(a->what);
		core_free_text(a->person);
		for (size_t j = 0; j < a->n_follow_ups; j++)
			core_free_text(a->follow_ups[j].comment);
		free(a->follow_ups);
	}
	free(p->goals);
	free(p->actions);
	free(p);
}

static sspf_err plan_goals(sspf_core *core, sspf_id case_id, sspf_plan *p)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = core_prep(
		     core, &q,
		     "SELECT id, text, created_on FROM goal WHERE case_id = "
		     "?1 ORDER BY id",
		     "i", case_id)) != SSPF_OK)
		return e;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		void *more =
			realloc(p->goals, (p->n_goals + 1) * sizeof *p->goals);
		sspf_goal_line *g;

		if (more == NULL) {
			e = err_set(SSPF_ERR_NOMEM, "reading the plan");
			break;
		}
		p->goals = more;
		g = &p->goals[p->n_goals++];
		memset(g, 0, sizeof *g);
		g->id = sqlite3_column_int64(q, 0);
		if ((g->text = mtg_text_dup(q, 1)) == NULL) {
			e = err_set(SSPF_ERR_NOMEM, "reading the plan");
			break;
		}
		if ((e = mtg_date_col(q, 2, &g->created_on)) != SSPF_OK)
			break;
	}
	if (e == SSPF_OK && rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, "reading the plan");
	sqlite3_finalize(q);
	return e;
}

static sspf_err plan_follow_ups(sspf_core *core, sspf_action_line *a)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = core_prep(
		     core, &q,
		     "SELECT id, meeting_id, made_on, status, comment FROM "
		     "follow_up WHERE action_id = ?1 ORDER BY made_on, id",
		     "i", a->id)) != SSPF_OK)
		return e;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		void *more =
			realloc(a->follow_ups,
				(a->n_follow_ups + 1) * sizeof *a->follow_ups);
		sspf_follow_up_line *f;

		if (more == NULL) {
			e = err_set(SSPF_ERR_NOMEM, "reading the plan");
			break;
		}
		a->follow_ups = more;
		f = &a->follow_ups[a->n_follow_ups++];
		memset(f, 0, sizeof *f);
		f->id = sqlite3_column_int64(q, 0);
		f->meeting_id = sqlite3_column_int64(q, 1);
		f->status = status_of((const char *)sqlite3_column_text(q, 3));
		if ((f->comment = mtg_text_dup(q, 4)) == NULL) {
			e = err_set(SSPF_ERR_NOMEM, "reading the plan");
			break;
		}
		if ((e = mtg_date_col(q, 2, &f->made_on)) != SSPF_OK)
			break;
	}
	if (e == SSPF_OK && rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, "reading the plan");
	sqlite3_finalize(q);
	return e;
}

static sspf_err plan_actions(sspf_core *core, sspf_id case_id, sspf_plan *p)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = core_prep(
		     core, &q,
		     "SELECT id, goal_id, meeting_id, what, actor, person, "
		     "due_on, status, created_on, done_on FROM action "
		     "WHERE case_id = ?1 ORDER BY due_on IS NULL, due_on, id",
		     "i", case_id)) != SSPF_OK)
		return e;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		void *more = realloc(p->actions,
				     (p->n_actions + 1) * sizeof *p->actions);
		sspf_action_line *a;

		if (more == NULL) {
			e = err_set(SSPF_ERR_NOMEM, "reading the plan");
			break;
		}
		p->actions = more;
		a = &p->actions[p->n_actions++];
		memset(a, 0, sizeof *a);
		a->id = sqlite3_column_int64(q, 0);
		a->goal_id = sqlite3_column_int64(q, 1);
		a->meeting_id = sqlite3_column_int64(q, 2);
		a->actor = (unsigned)sqlite3_column_int64(q, 4);
		a->status = status_of((const char *)sqlite3_column_text(q, 7));
		if ((a->what = mtg_text_dup(q, 3)) == NULL ||
		    (a->person = mtg_text_dup(q, 5)) == NULL) {
			e = err_set(SSPF_ERR_NOMEM, "reading the plan");
			break;
		}
		if ((e = mtg_date_col(q, 6, &a->due)) != SSPF_OK ||
		    (e = mtg_date_col(q, 8, &a->created_on)) != SSPF_OK ||
		    (e = mtg_date_col(q, 9, &a->done_on)) != SSPF_OK)
			break;
	}
	if (e == SSPF_OK && rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, "reading the plan");
	sqlite3_finalize(q);
	for (size_t i = 0; e == SSPF_OK && i < p->n_actions; i++)
		e = plan_follow_ups(core, &p->actions[i]);
	return e;
}

sspf_err sspf_case_plan(sspf_core *core, const char *code,
			const sspf_context *ctx, sspf_plan **out,
			sspf_verdict *v)
{
	sspf_verdict verdict;
	sspf_id case_id;
	sspf_plan *p;
	sspf_err e;

	err_clear();
	mtg_verdict_clear(&verdict);
	mtg_verdict_clear(v);
	if (out != NULL)
		*out = NULL;
	if (core == NULL || out == NULL)
		return err_set(SSPF_ERR_INVALID, "nowhere to put the plan");
	if ((e = gate_case_id(core, code, &case_id)) != SSPF_OK)
		return e;
	e = gate_check(core, case_id, code, ctx, &verdict);
	if (v != NULL)
		*v = verdict;
	if (e != SSPF_OK)
		return e;
	if ((p = calloc(1, sizeof *p)) == NULL)
		return err_set(SSPF_ERR_NOMEM, "reading the plan of %s", code);
	snprintf(p->code, sizeof p->code, "%s", code);
	e = plan_goals(core, case_id, p);
	if (e == SSPF_OK)
		e = plan_actions(core, case_id, p);
	if (e != SSPF_OK) {
		sspf_plan_free(p);
		return e;
	}
	*out = p;
	return SSPF_OK;
}

/* ---- open actions ---- */

struct open_list {
	sspf_open_action *line;
	sspf_id *case_id;
	char **what, **person; /* owned; NULL once withheld */
	size_t n, cap;
};

static void open_free(struct open_list *L)
{
	for (size_t i = 0; i < L->n; i++) {
		free(L->what[i]);
		free(L->person[i]);
	}
	free(L->line);
	free(L->case_id);
	free(L->what);
	free(L->person);
}

static bool open_grow(struct open_list *L)
{
	size_t cap = L->cap != 0 ? 2 * L->cap : 16;

	if (!core_grow(&L->line, cap, sizeof *L->line) ||
	    !core_grow(&L->case_id, cap, sizeof *L->case_id) ||
	    !core_grow(&L->what, cap, sizeof *L->what) ||
	    !core_grow(&L->person, cap, sizeof *L->person))
		return false;
	L->cap = cap;
	return true;
}

static sspf_err open_read(sspf_core *core, const char *code, bool overdue_only,
			  size_t limit, struct open_list *L)
{
	sspf_date today = sspf_core_today(core);
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = core_prep(
		     core, &q,
		     "SELECT a.id, c.id, c.code, a.due_on, a.what, a.actor, "
		     "a.person, a.status FROM action a JOIN case_file c "
		     "ON c.id = a.case_id WHERE a.status IN ('ej påbörjad', "
		     "'pågår') AND (?1 = '' OR c.code = ?1) "
		     "AND (?2 = 0 OR a.due_on < ?3) "
		     "ORDER BY a.due_on IS NULL, a.due_on, c.year, c.seq, a.id "
		     "LIMIT ?4",
		     "tnDi", code, overdue_only ? 1 : 0, (int)today,
		     limit > 0 && limit < (uint64_t)INT64_MAX ? (int64_t)limit
							      : (int64_t)-1)) !=
	    SSPF_OK)
		return e;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sspf_open_action *l;
		size_t i = L->n;

		if (i == L->cap && !open_grow(L)) {
			e = err_set(SSPF_ERR_NOMEM, "listing the actions");
			break;
		}
		l = &L->line[i];
		memset(l, 0, sizeof *l);
		L->what[i] = L->person[i] = NULL;
		L->n++;
		l->id = sqlite3_column_int64(q, 0);
		L->case_id[i] = sqlite3_column_int64(q, 1);
		snprintf(l->code, sizeof l->code, "%s",
			 (const char *)sqlite3_column_text(q, 2));
		if ((e = mtg_date_col(q, 3, &l->due)) != SSPF_OK)
			break;
		l->overdue = l->due != 0 && l->due < today;
		l->actor = (unsigned)sqlite3_column_int64(q, 5);
		l->status = status_of((const char *)sqlite3_column_text(q, 7));
		if ((L->what[i] = mtg_text_dup(q, 4)) == NULL ||
		    (L->person[i] = mtg_text_dup(q, 6)) == NULL) {
			e = err_set(SSPF_ERR_NOMEM, "listing the actions");
			break;
		}
	}
	if (e == SSPF_OK && rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, "listing the actions");
	sqlite3_finalize(q);
	return e;
}

/* A line's place in case order, to judge each case once. */
struct by_case {
	sspf_id case_id;
	size_t i;
};

static int by_case_cmp(const void *a, const void *b)
{
	const struct by_case *x = a, *y = b;

	if (x->case_id != y->case_id)
		return x->case_id < y->case_id ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Withhold what the verdict of line i refuses. */
static void open_withhold(struct open_list *L, size_t i)
{
	sspf_open_action *l = &L->line[i];

	l->withheld = !l->verdict.allowed;
	if (l->withheld) {
		free(L->what[i]);
		free(L->person[i]);
		L->what[i] = L->person[i] = NULL;
		l->actor = 0;
		l->status = SSPF_ACTION_NOT_STARTED;
	}
}

/*
 * Judge each case once in the case view (from one batch of facts, in one
 * transaction: one audit entry per case) and withhold what it refuses.
 */
static sspf_err open_judge(sspf_core *core, struct open_list *L)
{
	const gate_batch *b = NULL;
	struct by_case *order;
	bool own;
	sspf_err e;

	if (L->n == 0)
		return SSPF_OK;
	if ((order = malloc(L->n * sizeof *order)) == NULL)
		return err_set(SSPF_ERR_NOMEM, "listing the actions");
	for (size_t i = 0; i < L->n; i++)
		order[i] = (struct by_case){ L->case_id[i], i };
	qsort(order, L->n, sizeof *order, by_case_cmp);
	if ((e = core_tx_begin(core, &own)) != SSPF_OK) {
		free(order);
		return e;
	}
	e = gate_batch_get(core, &b);
	for (size_t k = 0; e == SSPF_OK && k < L->n; k++) {
		size_t i = order[k].i, prev = order[k > 0 ? k - 1 : 0].i;
		sspf_open_action *l = &L->line[i];

		if (k > 0 && L->case_id[prev] == L->case_id[i]) {
			l->verdict = L->line[prev].verdict;
		} else {
			e = gate_batch_check(core, b, L->case_id[i], l->code,
					     NULL, &l->verdict);
			l->verdict.guardian = NULL;
			if (e == SSPF_ERR_REFUSED)
				e = SSPF_OK;
		}
		open_withhold(L, i);
	}
	free(order);
	if (e == SSPF_OK)
		err_clear();
	return core_tx_end(core, own, e);
}

/* Whether line i is wanted; the actor and person only where readable. */
static bool open_wanted(const struct open_list *L, size_t i,
			const sspf_action_filter *f)
{
	const sspf_open_action *l = &L->line[i];

	if (f == NULL)
		return true;
	if (f->overdue_only && !l->overdue)
		return false;
	if (l->withheld)
		return true;
	if (f->actor != 0 && (l->actor & f->actor) == 0)
		return false;
	if (f->person != NULL && f->person[0] != '\0' &&
	    strcmp(L->person[i], f->person) != 0)
		return false;
	return true;
}

/* Whether the filter looks at what only a judged line shows. */
static bool open_needs_judging(const sspf_action_filter *f)
{
	return f->actor != 0 || (f->person != NULL && f->person[0] != '\0');
}

sspf_err sspf_actions_count(sspf_core *core, const sspf_action_filter *filter,
			    size_t *n)
{
	const char *code = filter != NULL ? filter->code : NULL;
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	err_clear();
	if (n != NULL)
		*n = 0;
	if (core == NULL || n == NULL)
		return err_set(SSPF_ERR_INVALID, "nothing to count into");
	if (filter != NULL && (open_needs_judging(filter) || filter->limit))
		return err_set(SSPF_ERR_INVALID,
			       "only the case and overdue filters can be "
			       "counted");
	if ((e = core_prep(core, &q,
			   "SELECT COUNT(*) FROM action a WHERE a.status IN "
			   "('ej påbörjad', 'pågår') AND (?1 = '' OR "
			   "a.case_id = (SELECT id FROM case_file WHERE "
			   "code = ?1)) AND (?2 = 0 OR a.due_on < ?3)",
			   "tnD", code,
			   filter != NULL && filter->overdue_only ? 1 : 0,
			   (int)sspf_core_today(core))) != SSPF_OK)
		return e;
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		*n = (size_t)sqlite3_column_int64(q, 0);
	else
		e = sspf_store_sqlerr(core->st, rc, "counting the actions");
	sqlite3_finalize(q);
	return e;
}

sspf_err sspf_actions_open(sspf_core *core, const sspf_action_filter *filter,
			   int (*fn)(void *arg, const sspf_open_action *a),
			   void *arg)
{
	struct open_list L = { 0 };
	sspf_err e;

	err_clear();
	if (core == NULL || fn == NULL)
		return err_set(SSPF_ERR_INVALID, "nothing to list to");
	/* the limit is the SQL's unless a filter must look at judged lines */
	e = open_read(core, filter != NULL ? filter->code : NULL,
		      filter != NULL && filter->overdue_only,
		      filter != NULL && !open_needs_judging(filter)
			      ? filter->limit
			      : 0,
		      &L);
	if (e == SSPF_OK)
		e = open_judge(core, &L);
	for (size_t i = 0, given = 0; e == SSPF_OK && i < L.n; i++) {
		if (!open_wanted(&L, i, filter))
			continue;
		if (filter != NULL && filter->limit > 0 &&
		    given++ == filter->limit)
			break;
		L.line[i].what = L.what[i];
		L.line[i].person = L.person[i];
		if (fn(arg, &L.line[i]) != 0)
			break;
	}
	open_free(&L);
	return e;
}
