/*
 * meetings.c - meetings, participants, agendas, goals, actions and
 * follow-ups (include/sspf/meetings.h, DOMAIN.md "Meetings"). Every read
 * of a case's data here (minutes, plan, actions, the child's name) passes
 * gate_check() first, in the context the data will be shown in; so does
 * every write of case data. Every change is written to the audit log as
 * "change" in the same transaction as the change itself, with the case
 * code where a case is concerned and never what it holds.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include <sspf/meetings.h>

#include "core/audit.h"
#include "core/core_priv.h"
#include "core/gate.h"
#include "store/errors_internal.h"

static const char *const kind_text[SSPF_MEETING_KINDS] = {
	[SSPF_MEETING_GROUP] = "arbetsgruppsmöte",
	[SSPF_MEETING_NETWORK] = "nätverksmöte",
	[SSPF_MEETING_FOLLOW_UP] = "uppföljning",
};

/* The same words without å, ä, ö, for typing on any keyboard. */
static const char *const kind_ascii[SSPF_MEETING_KINDS] = {
	[SSPF_MEETING_GROUP] = "arbetsgruppsmote",
	[SSPF_MEETING_NETWORK] = "natverksmote",
	[SSPF_MEETING_FOLLOW_UP] = "uppfoljning",
};

static const char *const status_text[SSPF_ACTION_STATUSES] = {
	[SSPF_ACTION_NOT_STARTED] = "ej påbörjad",
	[SSPF_ACTION_ONGOING] = "pågår",
	[SSPF_ACTION_DONE] = "klar",
	[SSPF_ACTION_CANCELLED] = "avbruten",
};

const char *sspf_meeting_kind_name(sspf_meeting_kind k)
{
	return (unsigned)k < SSPF_MEETING_KINDS ? kind_text[k] : NULL;
}

bool sspf_meeting_kind_parse(const char *text, sspf_meeting_kind *out)
{
	for (unsigned i = 0; text != NULL && i < SSPF_MEETING_KINDS; i++)
		if (strcmp(text, kind_text[i]) == 0 ||
		    strcmp(text, kind_ascii[i]) == 0) {
			*out = (sspf_meeting_kind)i;
			return true;
		}
	return false;
}

const char *sspf_action_status_name(sspf_action_status s)
{
	return (unsigned)s < SSPF_ACTION_STATUSES ? status_text[s] : NULL;
}

static bool kind_of(const char *text, sspf_meeting_kind *k)
{
	return sspf_meeting_kind_parse(text, k);
}

static sspf_action_status status_of(const char *text)
{
	for (unsigned i = 0; text != NULL && i < SSPF_ACTION_STATUSES; i++)
		if (strcmp(text, status_text[i]) == 0)
			return (sspf_action_status)i;
	return SSPF_ACTION_NOT_STARTED;
}

/* ---- helpers ---- */

/* A change: a transaction of its own (*own), else a savepoint. */
static sspf_err tx_begin(sspf_core *core, bool *own)
{
	int rc;

	*own = sqlite3_get_autocommit(core->db) != 0;
	rc = sqlite3_exec(core->db,
			  *own ? "BEGIN IMMEDIATE" : "SAVEPOINT sspf_meetings",
			  NULL, NULL, NULL);
	return rc == SQLITE_OK
		       ? SSPF_OK
		       : sspf_store_sqlerr(core->st, rc, "starting a change");
}

/* Keep the change if e is SSPF_OK, else undo all of it; returns e. */
static sspf_err tx_end(sspf_core *core, bool own, sspf_err e)
{
	if (e == SSPF_OK) {
		int rc = sqlite3_exec(core->db,
				      own ? "COMMIT" : "RELEASE sspf_meetings",
				      NULL, NULL, NULL);

		if (rc == SQLITE_OK)
			return SSPF_OK;
		e = sspf_store_sqlerr(core->st, rc, "saving a change");
	}
	if (own)
		sqlite3_exec(core->db, "ROLLBACK", NULL, NULL, NULL);
	else
		sqlite3_exec(core->db,
			     "ROLLBACK TO sspf_meetings; RELEASE sspf_meetings",
			     NULL, NULL, NULL);
	return e;
}

/*
 * Prepare sql and bind its parameters ?1, ?2, ... in order as fmt says:
 * 'i' an sspf_id, 't' a text (NULL binds ""), 'd' an sspf_date (0 binds
 * NULL), 'D' an sspf_date always bound.
 */
static sspf_err vprep(sspf_core *core, sqlite3_stmt **q, const char *sql,
		      const char *fmt, va_list ap)
{
	int rc = sqlite3_prepare_v2(core->db, sql, -1, q, NULL);

	for (int i = 0; rc == SQLITE_OK && fmt[i] != '\0'; i++) {
		char text[SSPF_DATE_TEXT];
		const char *s;
		sspf_date d;

		switch (fmt[i]) {
		case 'i':
			rc = sqlite3_bind_int64(*q, i + 1, va_arg(ap, sspf_id));
			break;
		case 't':
			s = va_arg(ap, const char *);
			rc = sqlite3_bind_text(*q, i + 1, s != NULL ? s : "",
					       -1, SQLITE_TRANSIENT);
			break;
		default: /* 'd', 'D' */
			d = (sspf_date)va_arg(ap, int);
			if (d == 0 && fmt[i] == 'd') {
				rc = sqlite3_bind_null(*q, i + 1);
				break;
			}
			sspf_date_format(d, text);
			rc = sqlite3_bind_text(*q, i + 1, text, -1,
					       SQLITE_TRANSIENT);
			break;
		}
	}
	if (rc != SQLITE_OK) {
		sqlite3_finalize(*q);
		*q = NULL;
		return sspf_store_sqlerr(core->st, rc, "preparing a statement");
	}
	return SSPF_OK;
}

static sspf_err prep(sspf_core *core, sqlite3_stmt **q, const char *sql,
		     const char *fmt, ...)
{
	va_list ap;
	sspf_err e;

	va_start(ap, fmt);
	e = vprep(core, q, sql, fmt, ap);
	va_end(ap);
	return e;
}

/*
 * Run a statement that returns no row; *changed (may be NULL) gets the
 * number of rows it changed.
 */
static sspf_err run(sspf_core *core, int *changed, const char *what,
		    const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *q;
	va_list ap;
	sspf_err e;
	int rc;

	va_start(ap, fmt);
	e = vprep(core, &q, sql, fmt, ap);
	va_end(ap);
	if (e != SSPF_OK)
		return e;
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sspf_store_sqlerr(core->st, rc, what);
	if (changed != NULL)
		*changed = sqlite3_changes(core->db);
	return SSPF_OK;
}

/* A date column; 0 for NULL. */
static sspf_err date_col(sqlite3_stmt *q, int col, sspf_date *out)
{
	const char *text = (const char *)sqlite3_column_text(q, col);

	*out = 0;
	if (text == NULL)
		return SSPF_OK;
	if (sspf_date_parse(text, out) != SSPF_OK)
		return err_set(SSPF_ERR_DAMAGED,
			       "a meeting or plan holds a bad date ('%s')",
			       text);
	return SSPF_OK;
}

/* A copy of a text column ("" for NULL); NULL when out of memory. */
static char *text_dup(sqlite3_stmt *q, int col)
{
	const char *text = (const char *)sqlite3_column_text(q, col);

	return strdup(text != NULL ? text : "");
}

static bool date_ok(sspf_date d)
{
	sspf_date lo, hi;

	sspf_date_make(1900, 1, 1, &lo);
	sspf_date_make(2199, 12, 31, &hi);
	return d >= lo && d <= hi;
}

/* Minutes since midnight of "HH:MM" (00:00-23:59), or -1. */
static int hhmm(const char *s)
{
	int h, m;

	if (s == NULL || strlen(s) != 5 || s[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return -1;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	return h < 24 && m < 60 ? h * 60 + m : -1;
}

/* A text: required or not, at most max bytes. */
static sspf_err check_text(const char *s, size_t max, bool required,
			   const char *what)
{
	if (required && (s == NULL || s[0] == '\0'))
		return err_set(SSPF_ERR_INVALID, "the %s is missing", what);
	if (s != NULL && strlen(s) > max)
		return err_set(SSPF_ERR_INVALID,
			       "the %s is longer than %zu bytes", what, max);
	return SSPF_OK;
}

static bool one_actor(unsigned a)
{
	return a != 0 && (a & ~SSPF_ACTOR_ALL) == 0 && (a & (a - 1)) == 0;
}

/* The context a case item of a meeting of kind is shown in. */
static sspf_context meeting_ctx(sspf_meeting_kind kind, unsigned present)
{
	sspf_context c;

	c.kind = kind == SSPF_MEETING_GROUP ? SSPF_CTX_GROUP_MEETING
					    : SSPF_CTX_NETWORK_MEETING;
	c.present = present;
	return c;
}

/* The union of the actors of meeting_id's participants. */
static sspf_err meeting_actors(sspf_core *core, sspf_id meeting_id,
			       unsigned *actors, size_t *n)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	*actors = 0;
	if (n != NULL)
		*n = 0;
	if ((e = prep(core, &q,
		      "SELECT actor FROM participant WHERE meeting_id = ?1",
		      "i", meeting_id)) != SSPF_OK)
		return e;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		*actors |=
			(unsigned)sqlite3_column_int64(q, 0) & SSPF_ACTOR_ALL;
		if (n != NULL)
			(*n)++;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE
		       ? SSPF_OK
		       : sspf_store_sqlerr(core->st, rc,
					   "reading the participants");
}

/* The kind of meeting_id and its actors; SSPF_ERR_NOT_FOUND if none. */
static sspf_err meeting_of(sspf_core *core, sspf_id meeting_id,
			   sspf_meeting_kind *kind, unsigned *actors)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = prep(core, &q, "SELECT kind FROM meeting WHERE id = ?1", "i",
		      meeting_id)) != SSPF_OK)
		return e;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		if (!kind_of((const char *)sqlite3_column_text(q, 0), kind))
			e = err_set(SSPF_ERR_DAMAGED,
				    "a meeting has an unknown kind");
	} else if (rc == SQLITE_DONE) {
		e = err_set(SSPF_ERR_NOT_FOUND, "there is no meeting %lld",
			    (long long)meeting_id);
	} else {
		e = sspf_store_sqlerr(core->st, rc, "reading a meeting");
	}
	sqlite3_finalize(q);
	if (e == SSPF_OK && actors != NULL)
		e = meeting_actors(core, meeting_id, actors, NULL);
	return e;
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
	if ((e = prep(core, &q,
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
		e = meeting_of(core, it->meeting_id, &it->kind, &actors);
	if (e == SSPF_OK && !own_present)
		it->present = actors;
	return e;
}

/* The case of an action: its id and code. */
static sspf_err action_case(sspf_core *core, sspf_id action_id,
			    sspf_id *case_id, char code[SSPF_CODE_SIZE])
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = prep(core, &q,
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

/*
 * The gate for a write of case data: judged and logged before the change
 * starts, so that a refusal stays in the log. v may be NULL.
 */
static sspf_err gate_write(sspf_core *core, sspf_id case_id, const char *code,
			   const sspf_context *ctx, sspf_verdict *v)
{
	sspf_verdict local;

	return gate_check(core, case_id, code, ctx, v != NULL ? v : &local);
}

static void verdict_clear(sspf_verdict *v)
{
	if (v != NULL) {
		memset(v, 0, sizeof *v);
		v->reason = SSPF_CONSENT_NONE;
	}
}

/* ---- meetings ---- */

static sspf_err check_meeting(const sspf_meeting_new *m)
{
	int start, end;
	sspf_err e;

	if (m == NULL)
		return err_set(SSPF_ERR_INVALID, "no meeting given");
	if ((unsigned)m->kind >= SSPF_MEETING_KINDS)
		return err_set(SSPF_ERR_INVALID, "unknown kind of meeting %d",
			       (int)m->kind);
	if (!date_ok(m->date))
		return err_set(SSPF_ERR_INVALID,
			       "the meeting's date must lie in 1900-2199");
	start = hhmm(m->start);
	end = hhmm(m->end);
	if (start < 0 || end < 0)
		return err_set(SSPF_ERR_INVALID,
			       "times are written HH:MM, from 00:00 to 23:59 "
			       "('%s', '%s')",
			       m->start != NULL ? m->start : "",
			       m->end != NULL ? m->end : "");
	if (end <= start)
		return err_set(SSPF_ERR_INVALID,
			       "the meeting must end after it starts");
	if ((e = check_text(m->place, SSPF_TEXT_MAX, false, "place")) !=
	    SSPF_OK)
		return e;
	return check_text(m->district, SSPF_TEXT_MAX, false, "district");
}

sspf_err sspf_meeting_create(sspf_core *core, const sspf_meeting_new *m,
			     sspf_id *id_out)
{
	sspf_id id = 0;
	bool own;
	sspf_err e;

	err_clear();
	if (id_out != NULL)
		*id_out = 0;
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if ((e = check_meeting(m)) != SSPF_OK)
		return e;
	if ((e = tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = run(core, NULL, "saving a meeting",
		"INSERT INTO meeting (kind, date, start_time, end_time, place, "
		"district) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		"tDtttt", kind_text[m->kind], (int)m->date, m->start, m->end,
		m->place, m->district);
	if (e == SSPF_OK) {
		id = sqlite3_last_insert_rowid(core->db);
		e = audit_append(core, "change", NULL);
	}
	if ((e = tx_end(core, own, e)) == SSPF_OK && id_out != NULL)
		*id_out = id;
	return e;
}

sspf_err sspf_meeting_update(sspf_core *core, sspf_id id,
			     const sspf_meeting_new *m)
{
	int changed = 0;
	bool own;
	sspf_err e;

	err_clear();
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if ((e = check_meeting(m)) != SSPF_OK)
		return e;
	if ((e = tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = run(core, &changed, "saving a meeting",
		"UPDATE meeting SET kind = ?1, date = ?2, start_time = ?3, "
		"end_time = ?4, place = ?5, district = ?6 WHERE id = ?7",
		"tDtttti", kind_text[m->kind], (int)m->date, m->start, m->end,
		m->place, m->district, id);
	if (e == SSPF_OK && changed == 0)
		e = err_set(SSPF_ERR_NOT_FOUND, "there is no meeting %lld",
			    (long long)id);
	if (e == SSPF_OK)
		e = audit_append(core, "change", NULL);
	return tx_end(core, own, e);
}

/* One "change" entry per case on the agenda of meeting_id, or one. */
static sspf_err audit_agenda_cases(sspf_core *core, sspf_id meeting_id)
{
	sqlite3_stmt *q;
	char(*codes)[SSPF_CODE_SIZE] = NULL;
	size_t n = 0;
	sspf_err e;
	int rc;

	if ((e = prep(core, &q,
		      "SELECT DISTINCT c.code FROM agenda_item a JOIN "
		      "case_file c ON c.id = a.case_id WHERE a.meeting_id = "
		      "?1 ORDER BY c.year, c.seq",
		      "i", meeting_id)) != SSPF_OK)
		return e;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		void *more = realloc(codes, (n + 1) * sizeof *codes);

		if (more == NULL) {
			e = err_set(SSPF_ERR_NOMEM, "deleting a meeting");
			break;
		}
		codes = more;
		snprintf(codes[n++], SSPF_CODE_SIZE, "%s",
			 (const char *)sqlite3_column_text(q, 0));
	}
	if (e == SSPF_OK && rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, "reading the agenda");
	sqlite3_finalize(q);
	for (size_t i = 0; e == SSPF_OK && i < n; i++)
		e = audit_append(core, "change", codes[i]);
	if (e == SSPF_OK && n == 0)
		e = audit_append(core, "change", NULL);
	free(codes);
	return e;
}

sspf_err sspf_meeting_delete(sspf_core *core, sspf_id id)
{
	int changed = 0;
	bool own;
	sspf_err e;

	err_clear();
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if ((e = tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = audit_agenda_cases(core, id);
	if (e == SSPF_OK)
		e = run(core, &changed, "deleting a meeting",
			"DELETE FROM meeting WHERE id = ?1", "i", id);
	if (e == SSPF_OK && changed == 0)
		e = err_set(SSPF_ERR_NOT_FOUND, "there is no meeting %lld",
			    (long long)id);
	return tx_end(core, own, e);
}

/* ---- participants ---- */

sspf_err sspf_participant_add(sspf_core *core, sspf_id meeting_id,
			      const char *name, unsigned actor,
			      const char *role, sspf_id *id_out)
{
	sspf_meeting_kind kind;
	sspf_id id = 0;
	bool own;
	sspf_err e;

	err_clear();
	if (id_out != NULL)
		*id_out = 0;
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if ((e = check_text(name, SSPF_NAME_MAX, true, "participant's name")) !=
		    SSPF_OK ||
	    (e = check_text(role, SSPF_TEXT_MAX, false, "role")) != SSPF_OK)
		return e;
	if (actor != 0 && !one_actor(actor))
		return err_set(SSPF_ERR_INVALID,
			       "a participant belongs to one actor, or to the "
			       "family (0)");
	if ((e = tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = meeting_of(core, meeting_id, &kind, NULL);
	if (e == SSPF_OK)
		e = run(core, NULL, "saving a participant",
			"INSERT INTO participant (meeting_id, name, actor, "
			"role) VALUES (?1, ?2, ?3, ?4)",
			"itit", meeting_id, name, (sspf_id)actor, role);
	if (e == SSPF_OK) {
		id = sqlite3_last_insert_rowid(core->db);
		e = audit_append(core, "change", NULL);
	}
	if ((e = tx_end(core, own, e)) == SSPF_OK && id_out != NULL)
		*id_out = id;
	return e;
}

sspf_err sspf_participant_remove(sspf_core *core, sspf_id participant_id)
{
	int changed = 0;
	bool own;
	sspf_err e;

	err_clear();
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if ((e = tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = run(core, &changed, "removing a participant",
		"DELETE FROM participant WHERE id = ?1", "i", participant_id);
	if (e == SSPF_OK && changed == 0)
		e = err_set(SSPF_ERR_NOT_FOUND, "there is no participant %lld",
			    (long long)participant_id);
	if (e == SSPF_OK)
		e = audit_append(core, "change", NULL);
	return tx_end(core, own, e);
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

	if ((e = tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = meeting_of(core, meeting_id, &kind, NULL);
	if (e == SSPF_OK && case_id != 0)
		e = run(core, NULL, "saving an agenda item",
			"INSERT INTO agenda_item (meeting_id, position, "
			"case_id) VALUES (?1, (SELECT COALESCE(MAX(position), "
			"0) + 1 FROM agenda_item WHERE meeting_id = ?1), ?2)",
			"ii", meeting_id, case_id);
	else if (e == SSPF_OK)
		e = run(core, NULL, "saving an agenda item",
			"INSERT INTO agenda_item (meeting_id, position, "
			"topic) VALUES (?1, (SELECT COALESCE(MAX(position), "
			"0) + 1 FROM agenda_item WHERE meeting_id = ?1), ?2)",
			"it", meeting_id, topic);
	if (e == SSPF_OK) {
		id = sqlite3_last_insert_rowid(core->db);
		e = audit_append(core, "change", code);
	}
	if ((e = tx_end(core, own, e)) == SSPF_OK && id_out != NULL)
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
	if ((e = check_text(topic, SSPF_TEXT_MAX, true, "topic")) != SSPF_OK)
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

	if ((e = prep(core, &q,
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
		e = run(core, NULL, "ordering the agenda",
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
	if ((e = tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = item_of(core, item_id, &it);
	if (e == SSPF_OK)
		e = renumber(core, it.meeting_id, item_id, position);
	if (e == SSPF_OK)
		e = audit_append(core, "change", NULL);
	return tx_end(core, own, e);
}

sspf_err sspf_agenda_remove(sspf_core *core, sspf_id item_id)
{
	struct item it;
	bool own;
	sspf_err e;

	err_clear();
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if ((e = tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = item_of(core, item_id, &it);
	if (e == SSPF_OK)
		e = run(core, NULL, "removing an agenda item",
			"DELETE FROM agenda_item WHERE id = ?1", "i", item_id);
	if (e == SSPF_OK)
		e = renumber(core, it.meeting_id, 0, 0);
	if (e == SSPF_OK)
		e = audit_append(core, "change", it.code);
	return tx_end(core, own, e);
}

sspf_err sspf_agenda_set_minutes(sspf_core *core, sspf_id item_id,
				 const char *minutes, sspf_verdict *v)
{
	struct item it;
	bool own;
	sspf_err e;

	err_clear();
	verdict_clear(v);
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if ((e = check_text(minutes, SSPF_LONG_TEXT_MAX, false, "minutes")) !=
	    SSPF_OK)
		return e;
	if ((e = item_of(core, item_id, &it)) != SSPF_OK)
		return e;
	if (it.case_id != 0) {
		sspf_context ctx = meeting_ctx(it.kind, it.present);

		if ((e = gate_write(core, it.case_id, it.code, &ctx, v)) !=
		    SSPF_OK)
			return e;
	}
	if ((e = tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = run(core, NULL, "saving the minutes",
		"UPDATE agenda_item SET minutes = ?1 WHERE id = ?2", "ti",
		minutes, item_id);
	if (e == SSPF_OK)
		e = audit_append(core, "change", it.code);
	return tx_end(core, own, e);
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
	if ((e = tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = item_of(core, item_id, &it);
	if (e == SSPF_OK && present == SSPF_PRESENT_MEETING)
		e = run(core, NULL, "saving who is present",
			"UPDATE agenda_item SET present = NULL WHERE id = ?1",
			"i", item_id);
	else if (e == SSPF_OK)
		e = run(core, NULL, "saving who is present",
			"UPDATE agenda_item SET present = ?1 WHERE id = ?2",
			"ii", (sspf_id)present, item_id);
	if (e == SSPF_OK)
		e = audit_append(core, "change", it.code);
	return tx_end(core, own, e);
}

/* ---- goals, actions, follow-ups ---- */

sspf_err sspf_goal_add(sspf_core *core, const char *code, const char *text,
		       sspf_id *id_out, sspf_verdict *v)
{
	sspf_id case_id, id = 0;
	bool own;
	sspf_err e;

	err_clear();
	verdict_clear(v);
	if (id_out != NULL)
		*id_out = 0;
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if ((e = check_text(text, SSPF_LONG_TEXT_MAX, true, "goal")) != SSPF_OK)
		return e;
	if ((e = gate_case_id(core, code, &case_id)) != SSPF_OK ||
	    (e = gate_write(core, case_id, code, NULL, v)) != SSPF_OK)
		return e;
	if ((e = tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = run(core, NULL, "saving a goal",
		"INSERT INTO goal (case_id, text, created_on) "
		"VALUES (?1, ?2, ?3)",
		"itD", case_id, text, (int)sspf_core_today(core));
	if (e == SSPF_OK) {
		id = sqlite3_last_insert_rowid(core->db);
		e = audit_append(core, "change", code);
	}
	if ((e = tx_end(core, own, e)) == SSPF_OK && id_out != NULL)
		*id_out = id;
	return e;
}

/* Whether goal_id is a goal of case_id. */
static sspf_err goal_of_case(sspf_core *core, sspf_id goal_id, sspf_id case_id)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = prep(core, &q,
		      "SELECT 1 FROM goal WHERE id = ?1 AND case_id = ?2", "ii",
		      goal_id, case_id)) != SSPF_OK)
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
	verdict_clear(v);
	if (id_out != NULL)
		*id_out = 0;
	if (core == NULL || a == NULL)
		return err_set(SSPF_ERR_INVALID, "no action given");
	if ((e = check_text(a->what, SSPF_TEXT_MAX, true, "action")) !=
		    SSPF_OK ||
	    (e = check_text(a->person, SSPF_NAME_MAX, false, "person")) !=
		    SSPF_OK)
		return e;
	if (!one_actor(a->actor))
		return err_set(SSPF_ERR_INVALID,
			       "an action is given to one actor");
	if (a->due != 0 && !date_ok(a->due))
		return err_set(SSPF_ERR_INVALID,
			       "the due date must lie in 1900-2199");
	if ((e = gate_case_id(core, code, &case_id)) != SSPF_OK ||
	    (e = gate_write(core, case_id, code, NULL, v)) != SSPF_OK)
		return e;
	if ((e = tx_begin(core, &own)) != SSPF_OK)
		return e;
	if (a->goal_id != 0)
		e = goal_of_case(core, a->goal_id, case_id);
	if (e == SSPF_OK && a->meeting_id != 0)
		e = meeting_of(core, a->meeting_id, &kind, NULL);
	if (e == SSPF_OK)
		e = run(core, NULL, "saving an action",
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
	if ((e = tx_end(core, own, e)) == SSPF_OK && id_out != NULL)
		*id_out = id;
	return e;
}

/* Set the status of action_id (in the caller's transaction). */
static sspf_err set_status(sspf_core *core, sspf_id action_id,
			   sspf_action_status status)
{
	return run(core, NULL, "saving an action's status",
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
	verdict_clear(v);
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if ((unsigned)status >= SSPF_ACTION_STATUSES)
		return err_set(SSPF_ERR_INVALID, "unknown status %d",
			       (int)status);
	if ((e = action_case(core, action_id, &case_id, code)) != SSPF_OK ||
	    (e = gate_write(core, case_id, code, NULL, v)) != SSPF_OK)
		return e;
	if ((e = tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = set_status(core, action_id, status);
	if (e == SSPF_OK)
		e = audit_append(core, "change", code);
	return tx_end(core, own, e);
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
	verdict_clear(v);
	if (id_out != NULL)
		*id_out = 0;
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	if ((unsigned)status >= SSPF_ACTION_STATUSES)
		return err_set(SSPF_ERR_INVALID, "unknown status %d",
			       (int)status);
	if ((e = check_text(comment, SSPF_LONG_TEXT_MAX, false, "comment")) !=
	    SSPF_OK)
		return e;
	if ((e = action_case(core, action_id, &case_id, code)) != SSPF_OK ||
	    (e = gate_write(core, case_id, code, NULL, v)) != SSPF_OK)
		return e;
	if ((e = tx_begin(core, &own)) != SSPF_OK)
		return e;
	if (meeting_id != 0)
		e = meeting_of(core, meeting_id, &kind, NULL);
	if (e == SSPF_OK)
		e = run(core, NULL, "saving a follow-up",
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
	if ((e = tx_end(core, own, e)) == SSPF_OK && id_out != NULL)
		*id_out = id;
	return e;
}

/* ---- reading meetings ---- */

sspf_err sspf_meeting_list(sspf_core *core, sspf_date from, sspf_date to,
			   unsigned kinds,
			   int (*fn)(void *arg, const sspf_meeting *m),
			   void *arg)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	err_clear();
	if (core == NULL || fn == NULL)
		return err_set(SSPF_ERR_INVALID, "nothing to list to");
	if (kinds == 0)
		kinds = (1u << SSPF_MEETING_KINDS) - 1;
	/* the meetings' facts only: nothing of a case is read here */
	if ((e = prep(core, &q,
		      "SELECT m.id, m.kind, m.date, m.start_time, m.end_time, "
		      "m.place, m.district, (SELECT COUNT(*) FROM agenda_item "
		      "a WHERE a.meeting_id = m.id) FROM meeting m "
		      "WHERE (?1 IS NULL OR m.date >= ?1) AND "
		      "(?2 IS NULL OR m.date <= ?2) "
		      "ORDER BY m.date, m.start_time, m.id",
		      "dd", (int)from, (int)to)) != SSPF_OK)
		return e;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sspf_meeting m;

		memset(&m, 0, sizeof m);
		m.id = sqlite3_column_int64(q, 0);
		if (!kind_of((const char *)sqlite3_column_text(q, 1),
			     &m.kind)) {
			e = err_set(SSPF_ERR_DAMAGED,
				    "a meeting has an unknown kind");
			break;
		}
		if ((kinds & (1u << m.kind)) == 0)
			continue;
		if ((e = date_col(q, 2, &m.date)) != SSPF_OK)
			break;
		snprintf(m.start, sizeof m.start, "%s",
			 (const char *)sqlite3_column_text(q, 3));
		snprintf(m.end, sizeof m.end, "%s",
			 (const char *)sqlite3_column_text(q, 4));
		m.place = (const char *)sqlite3_column_text(q, 5);
		m.district = (const char *)sqlite3_column_text(q, 6);
		m.n_items = (size_t)sqlite3_column_int64(q, 7);
		if ((e = meeting_actors(core, m.id, &m.actors,
					&m.n_participants)) != SSPF_OK)
			break;
		if (fn(arg, &m) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (e == SSPF_OK && rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, "listing the meetings");
	sqlite3_finalize(q);
	return e;
}

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
	void *p;

#define GROW(field)                                                          \
	do {                                                                 \
		if ((p = realloc(A->field, cap * sizeof *A->field)) == NULL) \
			return false;                                        \
		A->field = p;                                                \
	} while (0)
	GROW(line);
	GROW(case_id);
	GROW(topic);
	GROW(minutes);
	GROW(name);
#undef GROW
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

	if ((e = prep(core, &q,
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
		if ((A->topic[i] = l->is_case ? strdup("") : text_dup(q, 4)) ==
			    NULL ||
		    (A->minutes[i] = text_dup(q, 5)) == NULL ||
		    (l->is_case && (A->name[i] = text_dup(q, 7)) == NULL)) {
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
	for (size_t i = 0; i < A->n; i++) {
		sspf_agenda_line *l = &A->line[i];
		sspf_context ctx = meeting_ctx(kind, l->present);
		sspf_err e;

		if (!l->is_case)
			continue;
		e = gate_check(core, A->case_id[i], l->code, &ctx, &l->verdict);
		/* no guardian's name in a meeting view */
		l->verdict.guardian = NULL;
		if (e != SSPF_OK && e != SSPF_ERR_REFUSED)
			return e;
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
	return SSPF_OK;
}

sspf_err sspf_agenda_get(sspf_core *core, sspf_id meeting_id,
			 int (*fn)(void *arg, const sspf_agenda_line *l),
			 void *arg)
{
	struct agenda A = { 0 };
	sspf_meeting_kind kind;
	unsigned actors;
	sspf_err e;

	err_clear();
	if (core == NULL || fn == NULL)
		return err_set(SSPF_ERR_INVALID, "nothing to list to");
	e = meeting_of(core, meeting_id, &kind, &actors);
	if (e == SSPF_OK)
		e = agenda_read(core, meeting_id, actors, &A);
	if (e == SSPF_OK)
		e = agenda_judge(core, kind, &A);
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
static sspf_err family_names_ok(sspf_core *core, sspf_id meeting_id, bool *ok)
{
	struct agenda A = { 0 };
	sspf_meeting_kind kind;
	unsigned actors;
	size_t cases = 0;
	sspf_err e;

	*ok = false;
	e = meeting_of(core, meeting_id, &kind, &actors);
	if (e == SSPF_OK)
		e = agenda_read(core, meeting_id, actors, &A);
	if (e == SSPF_OK)
		e = agenda_judge(core, kind, &A);
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

sspf_err sspf_participants_get(sspf_core *core, sspf_id meeting_id,
			       int (*fn)(void *arg,
					 const sspf_participant_line *l),
			       void *arg)
{
	sspf_participant_line *lines = NULL;
	char **names = NULL, **roles = NULL;
	size_t n = 0;
	bool family = false, names_ok = false;
	sspf_meeting_kind kind;
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	err_clear();
	if (core == NULL || fn == NULL)
		return err_set(SSPF_ERR_INVALID, "nothing to list to");
	if ((e = meeting_of(core, meeting_id, &kind, NULL)) != SSPF_OK)
		return e;
	if ((e = prep(core, &q,
		      "SELECT id, actor, role, name FROM participant "
		      "WHERE meeting_id = ?1 ORDER BY id",
		      "i", meeting_id)) != SSPF_OK)
		return e;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		void *p1 = realloc(lines, (n + 1) * sizeof *lines);

		if (p1 != NULL)
			lines = p1;
		p1 = p1 != NULL ? realloc(names, (n + 1) * sizeof *names)
				: NULL;
		if (p1 != NULL)
			names = p1;
		p1 = p1 != NULL ? realloc(roles, (n + 1) * sizeof *roles)
				: NULL;
		if (p1 == NULL) {
			e = err_set(SSPF_ERR_NOMEM, "reading the participants");
			break;
		}
		roles = p1;
		memset(&lines[n], 0, sizeof lines[n]);
		lines[n].id = sqlite3_column_int64(q, 0);
		lines[n].actor =
			(unsigned)sqlite3_column_int64(q, 1) & SSPF_ACTOR_ALL;
		family |= lines[n].actor == 0;
		names[n] = text_dup(q, 3);
		roles[n] = text_dup(q, 2);
		n++;
		if (names[n - 1] == NULL || roles[n - 1] == NULL) {
			e = err_set(SSPF_ERR_NOMEM, "reading the participants");
			break;
		}
	}
	if (e == SSPF_OK && rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, "reading the participants");
	sqlite3_finalize(q);
	if (e == SSPF_OK && family)
		e = family_names_ok(core, meeting_id, &names_ok);
	for (size_t i = 0; e == SSPF_OK && i < n; i++) {
		lines[i].role = roles[i];
		lines[i].name =
			lines[i].actor != 0 || names_ok ? names[i] : NULL;
		if (fn(arg, &lines[i]) != 0)
			break;
	}
	for (size_t i = 0; i < n; i++) {
		free(names[i]);
		free(roles[i]);
	}
	free(names);
	free(roles);
	free(lines);
	return e;
}

/* ---- the plan ---- */

void sspf_plan_free(sspf_plan *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n_goals; i++)
		free(p->goals[i].text);
	for (size_t i = 0; i < p->n_actions; i++) {
		sspf_action_line *a = &p->actions[i];

		free(a->what);
		free(a->person);
		for (size_t j = 0; j < a->n_follow_ups; j++)
			free(a->follow_ups[j].comment);
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

	if ((e = prep(core, &q,
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
		if ((g->text = text_dup(q, 1)) == NULL) {
			e = err_set(SSPF_ERR_NOMEM, "reading the plan");
			break;
		}
		if ((e = date_col(q, 2, &g->created_on)) != SSPF_OK)
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

	if ((e = prep(core, &q,
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
		if ((f->comment = text_dup(q, 4)) == NULL) {
			e = err_set(SSPF_ERR_NOMEM, "reading the plan");
			break;
		}
		if ((e = date_col(q, 2, &f->made_on)) != SSPF_OK)
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

	if ((e = prep(core, &q,
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
		if ((a->what = text_dup(q, 3)) == NULL ||
		    (a->person = text_dup(q, 5)) == NULL) {
			e = err_set(SSPF_ERR_NOMEM, "reading the plan");
			break;
		}
		if ((e = date_col(q, 6, &a->due)) != SSPF_OK ||
		    (e = date_col(q, 8, &a->created_on)) != SSPF_OK ||
		    (e = date_col(q, 9, &a->done_on)) != SSPF_OK)
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
	verdict_clear(&verdict);
	verdict_clear(v);
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
	void *p;

#define GROW(field)                                                          \
	do {                                                                 \
		if ((p = realloc(L->field, cap * sizeof *L->field)) == NULL) \
			return false;                                        \
		L->field = p;                                                \
	} while (0)
	GROW(line);
	GROW(case_id);
	GROW(what);
	GROW(person);
#undef GROW
	L->cap = cap;
	return true;
}

static sspf_err open_read(sspf_core *core, const char *code,
			  struct open_list *L)
{
	sspf_date today = sspf_core_today(core);
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = prep(
		     core, &q,
		     "SELECT a.id, c.id, c.code, a.due_on, a.what, a.actor, "
		     "a.person, a.status FROM action a JOIN case_file c "
		     "ON c.id = a.case_id WHERE a.status IN ('ej påbörjad', "
		     "'pågår') AND (?1 = '' OR c.code = ?1) "
		     "ORDER BY a.due_on IS NULL, a.due_on, c.year, c.seq, a.id",
		     "t", code)) != SSPF_OK)
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
		if ((e = date_col(q, 3, &l->due)) != SSPF_OK)
			break;
		l->overdue = l->due != 0 && l->due < today;
		l->actor = (unsigned)sqlite3_column_int64(q, 5);
		l->status = status_of((const char *)sqlite3_column_text(q, 7));
		if ((L->what[i] = text_dup(q, 4)) == NULL ||
		    (L->person[i] = text_dup(q, 6)) == NULL) {
			e = err_set(SSPF_ERR_NOMEM, "listing the actions");
			break;
		}
	}
	if (e == SSPF_OK && rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, "listing the actions");
	sqlite3_finalize(q);
	return e;
}

/* Judge each case once in the case view; withhold what it refuses. */
static sspf_err open_judge(sspf_core *core, struct open_list *L)
{
	for (size_t i = 0; i < L->n; i++) {
		sspf_open_action *l = &L->line[i];
		size_t j;
		sspf_err e;

		for (j = 0; j < i && L->case_id[j] != L->case_id[i]; j++)
			;
		if (j < i) {
			l->verdict = L->line[j].verdict;
		} else {
			e = gate_check(core, L->case_id[i], l->code, NULL,
				       &l->verdict);
			l->verdict.guardian = NULL;
			if (e != SSPF_OK && e != SSPF_ERR_REFUSED)
				return e;
		}
		l->withheld = !l->verdict.allowed;
		if (l->withheld) {
			free(L->what[i]);
			free(L->person[i]);
			L->what[i] = L->person[i] = NULL;
			l->actor = 0;
			l->status = SSPF_ACTION_NOT_STARTED;
		}
	}
	err_clear();
	return SSPF_OK;
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

sspf_err sspf_actions_open(sspf_core *core, const sspf_action_filter *filter,
			   int (*fn)(void *arg, const sspf_open_action *a),
			   void *arg)
{
	struct open_list L = { 0 };
	sspf_err e;

	err_clear();
	if (core == NULL || fn == NULL)
		return err_set(SSPF_ERR_INVALID, "nothing to list to");
	e = open_read(core, filter != NULL ? filter->code : NULL, &L);
	if (e == SSPF_OK)
		e = open_judge(core, &L);
	for (size_t i = 0; e == SSPF_OK && i < L.n; i++) {
		if (!open_wanted(&L, i, filter))
			continue;
		L.line[i].what = L.what[i];
		L.line[i].person = L.person[i];
		if (fn(arg, &L.line[i]) != 0)
			break;
	}
	open_free(&L);
	return e;
}
