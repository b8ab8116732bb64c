/*
 * agenda.c - the agenda of a meeting (include/sspf/meetings.h, DOMAIN.md
 * "Meetings"): adding cases and topics, reordering and removing items,
 * an item's minutes and who is present at it, and reading the agenda
 * (sspf_agenda_get). Each case item is judged by gate_check() in the
 * meeting's context before its minutes or the child's name are written or
 * handed out. Every change is written to the audit log as "change" in the
 * same transaction, with the case code where a case is concerned.
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

/* The context a case item of a meeting of kind is shown in. */
static sspf_context meeting_ctx(sspf_meeting_kind kind, unsigned present)
{
	sspf_context c;

	c.kind = kind == SSPF_MEETING_GROUP ? SSPF_CTX_GROUP_MEETING
					    : SSPF_CTX_NETWORK_MEETING;
	c.present = present;
	return c;
}

/* An agenda item: its meeting, case (0: a topic) and code, present. */
struct item {
	sspf_id meeting_id, case_id;
	char code[SSPF_CODE_SIZE];
	sspf_meeting_kind kind;
	unsigned present; /* resolved: the meeting's where NULL */
};

static sspf_err item_of(sspf_core *core, sspf_id item_id, struct item *it)
{
	sqlite3_stmt *q;
	bool own_present = false;
	unsigned actors;
	sspf_err e;
	int rc;

	memset(it, 0, sizeof *it);
	if ((e = core_prep(core, &q,
			   "SELECT a.meeting_id, a.case_id, c.code, a.present "
			   "FROM agenda_item a LEFT JOIN case_file c "
			   "ON c.id = a.case_id WHERE a.id = ?1",
			   "i", item_id)) != SSPF_OK)
		return e;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(q, 2);

		it->meeting_id = sqlite3_column_int64(q, 0);
		it->case_id = sqlite3_column_int64(q, 1);
		snprintf(it->code, sizeof it->code, "%s",
			 code != NULL ? code : "");
		own_present = sqlite3_column_type(q, 3) != SQLITE_NULL;
		it->present =
			(unsigned)sqlite3_column_int64(q, 3) & SSPF_ACTOR_ALL;
	} else if (rc == SQLITE_DONE) {
		e = err_set(SSPF_ERR_NOT_FOUND, "there is no agenda item %lld",
			    (long long)item_id);
	} else {
		e = sspf_store_sqlerr(core->st, rc, "reading the agenda");
	}
	sqlite3_finalize(q);
	if (e == SSPF_OK)
		e = mtg_meeting_of(core, it->meeting_id, &it->kind, &actors);
	if (e == SSPF_OK && !own_present)
		it->present = actors;
	return e;
}

/* ---- the agenda ---- */

/* Append an item (case_id 0: a topic). */
static sspf_err agenda_append(sspf_core *core, sspf_id meeting_id,
			      sspf_id case_id, const char *code,
			      const char *topic, sspf_id *id_out)
{
	sspf_meeting_kind kind;
	sspf_id id = 0;
	bool own;
	sspf_err e;

	if ((e = core_tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = mtg_meeting_of(core, meeting_id, &kind, NULL);
	if (e == SSPF_OK && case_id != 0)
		e = core_run(
			core, NULL, "saving an agenda item",
			"INSERT INTO agenda_item (meeting_id, position, "
			"case_id) VALUES (?1, (SELECT COALESCE(MAX(position), "
			"0) + 1 FROM agenda_item WHERE meeting_id = ?1), ?2)",
			"ii", meeting_id, case_id);
	else if (e == SSPF_OK)
		e = core_run(
			core, NULL, "saving an agenda item",
			"INSERT INTO agenda_item (meeting_id, position, "
			"topic) VALUES (?1, (SELECT COALESCE(MAX(position), "
			"0) + 1 FROM agenda_item WHERE meeting_id = ?1), ?2)",
			"it", meeting_id, topic);
	if (e == SSPF_OK) {
		id = sqlite3_last_insert_rowid(core->db);
		e = audit_append(core, "change", code);
	}
	if ((e = core_tx_end(core, own, e)) == SSPF_OK && id_out != NULL)
		*id_out = id;
	return e;
}

sspf_err sspf_agenda_add_case(sspf_core *core, sspf_id meeting_id,
			      const char *code, sspf_id *id_out)
{
	sspf_id case_id;
	sspf_err e;

	err_clear();
	if (id_out != NULL)
		*id_out = 0;
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if ((e = gate_case_id(core, code, &case_id)) != SSPF_OK)
		return e;
	return agenda_append(core, meeting_id, case_id, code, NULL, id_out);
}

sspf_err sspf_agenda_add_topic(sspf_core *core, sspf_id meeting_id,
			       const char *topic, sspf_id *id_out)
{
	sspf_err e;

	err_clear();
	if (id_out != NULL)
		*id_out = 0;
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if ((e = mtg_check_text(topic, SSPF_TEXT_MAX, true, "topic")) !=
	    SSPF_OK)
		return e;
	return agenda_append(core, meeting_id, 0, NULL, topic, id_out);
}

/*
 * Number the items of meeting_id 1, 2, ... in their order, with item_id
 * (0: none) moved to position (0: removed already).
 */
static sspf_err renumber(sspf_core *core, sspf_id meeting_id, sspf_id item_id,
			 int position)
{
	sspf_id *ids = NULL;
	size_t n = 0, at = 0;
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = core_prep(core, &q,
			   "SELECT id FROM agenda_item WHERE meeting_id = ?1 "
			   "ORDER BY position, id",
			   "i", meeting_id)) != SSPF_OK)
		return e;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sspf_id id = sqlite3_column_int64(q, 0);
		void *more;

		if (id == item_id)
			continue;
		if ((more = realloc(ids, (n + 2) * sizeof *ids)) == NULL) {
			e = err_set(SSPF_ERR_NOMEM, "ordering the agenda");
			break;
		}
		ids = more;
		ids[n++] = id;
	}
	if (e == SSPF_OK && rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, "reading the agenda");
	sqlite3_finalize(q);
	if (e == SSPF_OK && item_id != 0) {
		if (ids == NULL && (ids = malloc(sizeof *ids)) == NULL)
			e = err_set(SSPF_ERR_NOMEM, "ordering the agenda");
		if (e == SSPF_OK && (position < 1 || (size_t)position > n + 1))
			e = err_set(SSPF_ERR_INVALID,
				    "the agenda has positions 1 to %zu", n + 1);
		if (e == SSPF_OK) {
			at = (size_t)position - 1;
			memmove(&ids[at + 1], &ids[at], (n - at) * sizeof *ids);
			ids[at] = item_id;
			n++;
		}
	}
	for (size_t i = 0; e == SSPF_OK && i < n; i++)
		e = core_run(
			core, NULL, "ordering the agenda",
			"UPDATE agenda_item SET position = ?1 WHERE id = ?2",
			"ii", (sspf_id)(i + 1), ids[i]);
	free(ids);
	return e;
}

sspf_err sspf_agenda_move(sspf_core *core, sspf_id item_id, int position)
{
	struct item it;
	bool own;
	sspf_err e;

	err_clear();
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if ((e = core_tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = item_of(core, item_id, &it);
	if (e == SSPF_OK)
		e = renumber(core, it.meeting_id, item_id, position);
	if (e == SSPF_OK)
		e = audit_append(core, "change", NULL);
	return core_tx_end(core, own, e);
}

sspf_err sspf_agenda_remove(sspf_core *core, sspf_id item_id)
{
	struct item it;
	bool own;
	sspf_err e;

	err_clear();
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if ((e = core_tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = item_of(core, item_id, &it);
	if (e == SSPF_OK)
		e = core_run(core, NULL, "removing an agenda item",
			     "DELETE FROM agenda_item WHERE id = ?1", "i",
			     item_id);
	if (e == SSPF_OK)
		e = renumber(core, it.meeting_id, 0, 0);
	if (e == SSPF_OK)
		e = audit_append(core, "change", it.code);
	return core_tx_end(core, own, e);
}

sspf_err sspf_agenda_set_minutes(sspf_core *core, sspf_id item_id,
				 const char *minutes, sspf_verdict *v)
{
	struct item it;
	bool own;
	sspf_err e;

	err_clear();
	mtg_verdict_clear(v);
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if ((e = mtg_check_text(minutes, SSPF_LONG_TEXT_MAX, false,
				"minutes")) != SSPF_OK)
		return e;
	if ((e = item_of(core, item_id, &it)) != SSPF_OK)
		return e;
	if (it.case_id != 0) {
		sspf_context ctx = meeting_ctx(it.kind, it.present);

		if ((e = mtg_gate_write(core, it.case_id, it.code, &ctx, v)) !=
		    SSPF_OK)
			return e;
	}
	if ((e = core_tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = core_run(core, NULL, "saving the minutes",
		     "UPDATE agenda_item SET minutes = ?1 WHERE id = ?2", "ti",
		     minutes, item_id);
	if (e == SSPF_OK)
		e = audit_append(core, "change", it.code);
	return core_tx_end(core, own, e);
}

sspf_err sspf_agenda_set_present(sspf_core *core, sspf_id item_id,
				 unsigned present)
{
	struct item it;
	bool own;
	sspf_err e;

	err_clear();
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if (present != SSPF_PRESENT_MEETING && (present & ~SSPF_ACTOR_ALL) != 0)
		return err_set(SSPF_ERR_INVALID, "unknown actor present");
	if ((e = core_tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = item_of(core, item_id, &it);
	if (e == SSPF_OK && present == SSPF_PRESENT_MEETING)
		e = core_run(
			core, NULL, "saving who is present",
			"UPDATE agenda_item SET present = NULL WHERE id = ?1",
			"i", item_id);
	else if (e == SSPF_OK)
		e = core_run(
			core, NULL, "saving who is present",
			"UPDATE agenda_item SET present = ?1 WHERE id = ?2",
			"ii", (sspf_id)present, item_id);
	if (e == SSPF_OK)
		e = audit_append(core, "change", it.code);
	return core_tx_end(core, own, e);
}

/* ---- reading the agenda ---- */

/* An agenda as read, with what it owns, before the callbacks run. */
struct agenda {
	sspf_agenda_line *line;
	sspf_id *case_id;
	char **topic, **minutes, **name; /* owned; minutes/name may be NULL */
	size_t n, cap;
};

static void agenda_free(struct agenda *A)
{
	for (size_t i = 0; i < A->n; i++) {
		free(A->topic[i]);
		free(A->minutes[i]);
		free(A->name[i]);
	}
	free(A->line);
	free(A->case_id);
	free(A->topic);
	free(A->minutes);
	free(A->name);
}

static bool agenda_grow(struct agenda *A)
{
	size_t cap = A->cap != 0 ? 2 * A->cap : 8;

	if (!core_grow(&A->line, cap, sizeof *A->line) ||
	    !core_grow(&A->case_id, cap, sizeof *A->case_id) ||
	    !core_grow(&A->topic, cap, sizeof *A->topic) ||
	    !core_grow(&A->minutes, cap, sizeof *A->minutes) ||
	    !core_grow(&A->name, cap, sizeof *A->name))
		return false;
	A->cap = cap;
	return true;
}

/* Read the rows of the agenda of meeting_id, nothing judged yet. */
static sspf_err agenda_read(sspf_core *core, sspf_id meeting_id,
			    unsigned actors, struct agenda *A)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = core_prep(
		     core, &q,
		     "SELECT a.id, a.position, a.case_id, c.code, a.topic, "
		     "a.minutes, a.present, c.child_name FROM agenda_item a "
		     "LEFT JOIN case_file c ON c.id = a.case_id "
		     "WHERE a.meeting_id = ?1 ORDER BY a.position, a.id",
		     "i", meeting_id)) != SSPF_OK)
		return e;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sspf_agenda_line *l;
		const char *code = (const char *)sqlite3_column_text(q, 3);
		size_t i = A->n;

		if (i == A->cap && !agenda_grow(A)) {
			e = err_set(SSPF_ERR_NOMEM, "reading the agenda");
			break;
		}
		l = &A->line[i];
		memset(l, 0, sizeof *l);
		A->topic[i] = A->minutes[i] = A->name[i] = NULL;
		A->n++;
		l->id = sqlite3_column_int64(q, 0);
		l->position = sqlite3_column_int(q, 1);
		A->case_id[i] = sqlite3_column_int64(q, 2);
		l->is_case = sqlite3_column_type(q, 2) != SQLITE_NULL;
		snprintf(l->code, sizeof l->code, "%s",
			 l->is_case && code != NULL ? code : "");
		l->present = sqlite3_column_type(q, 6) == SQLITE_NULL
				     ? actors
				     : (unsigned)sqlite3_column_int64(q, 6) &
					       SSPF_ACTOR_ALL;
		l->verdict.reason = SSPF_CONSENT_OK;
		/* the case's own columns stay here until the gate says */
		if ((A->topic[i] = l->is_case ? strdup("")
					      : mtg_text_dup(q, 4)) == NULL ||
		    (A->minutes[i] = mtg_text_dup(q, 5)) == NULL ||
		    (l->is_case && (A->name[i] = mtg_text_dup(q, 7)) == NULL)) {
			e = err_set(SSPF_ERR_NOMEM, "reading the agenda");
			break;
		}
	}
	if (e == SSPF_OK && rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, "reading the agenda");
	sqlite3_finalize(q);
	return e;
}

/*
 * Judge each case item in the meeting's context with the item's actors;
 * drop what the verdict does not allow before anything is handed out.
 */
static sspf_err agenda_judge(sspf_core *core, sspf_meeting_kind kind,
			     struct agenda *A)
{
	const gate_batch *b = NULL;
	bool own;
	sspf_err te = core_tx_begin(core, &own);

	if (te != SSPF_OK)
		return te;
	/* the facts every list shares (kept by the core while unchanged) */
	if ((te = gate_batch_get(core, &b)) != SSPF_OK)
		return core_tx_end(core, own, te);
	for (size_t i = 0; i < A->n; i++) {
		sspf_agenda_line *l = &A->line[i];
		sspf_context ctx = meeting_ctx(kind, l->present);
		sspf_err e;

		if (!l->is_case)
			continue;
		e = gate_batch_check(core, b, A->case_id[i], l->code, &ctx,
				     &l->verdict);
		/* no guardian's name in a meeting view */
		l->verdict.guardian = NULL;
		if (e != SSPF_OK && e != SSPF_ERR_REFUSED)
			return core_tx_end(core, own, e);
		if (!l->verdict.allowed) {
			free(A->minutes[i]);
			A->minutes[i] = NULL;
		}
		if (!l->verdict.allowed || !l->verdict.show_name ||
		    kind == SSPF_MEETING_GROUP) {
			free(A->name[i]);
			A->name[i] = NULL;
		}
	}
	err_clear();
	return core_tx_end(core, own, SSPF_OK);
}

/*
 * Read and judge the agenda of meeting_id into *A (which the caller frees,
 * also on error); *kind gets the meeting's kind.
 */
static sspf_err agenda_load(sspf_core *core, sspf_id meeting_id,
			    sspf_meeting_kind *kind, struct agenda *A)
{
	unsigned actors;
	sspf_err e;

	e = mtg_meeting_of(core, meeting_id, kind, &actors);
	if (e == SSPF_OK)
		e = agenda_read(core, meeting_id, actors, A);
	if (e == SSPF_OK)
		e = agenda_judge(core, *kind, A);
	return e;
}

sspf_err sspf_agenda_get(sspf_core *core, sspf_id meeting_id,
			 int (*fn)(void *arg, const sspf_agenda_line *l),
			 void *arg)
{
	struct agenda A = { 0 };
	sspf_meeting_kind kind;
	sspf_err e;

	err_clear();
	if (core == NULL || fn == NULL)
		return err_set(SSPF_ERR_INVALID, "nothing to list to");
	e = agenda_load(core, meeting_id, &kind, &A);
	for (size_t i = 0; e == SSPF_OK && i < A.n; i++) {
		A.line[i].topic = A.topic[i];
		A.line[i].minutes = A.minutes[i];
		A.line[i].child_name = A.name[i];
		if (fn(arg, &A.line[i]) != 0)
			break;
	}
	agenda_free(&A);
	return e;
}

/*
 * Whether a family member's name may be shown in meeting_id: not in an
 * arbetsgruppsmöte, and only if there is a case on the agenda and every
 * case item may show its name (each judged and logged).
 */
sspf_err mtg_family_names_ok(sspf_core *core, sspf_id meeting_id, bool *ok)
{
	struct agenda A = { 0 };
	sspf_meeting_kind kind;
	size_t cases = 0;
	sspf_err e;

	*ok = false;
	e = agenda_load(core, meeting_id, &kind, &A);
	if (e == SSPF_OK && kind != SSPF_MEETING_GROUP) {
		*ok = true;
		for (size_t i = 0; i < A.n; i++) {
			if (!A.line[i].is_case)
				continue;
			cases++;
			if (!A.line[i].verdict.allowed ||
			    !A.line[i].verdict.show_name)
				*ok = false;
		}
		if (cases == 0)
			*ok = false;
	}
	agenda_free(&A);
	return e;
}
