/*
 * meetings.c - meetings and their participants (include/sspf/meetings.h,
 * DOMAIN.md "Meetings"): the kinds of meeting, creating, changing and
 * deleting a meeting, adding and removing participants, the list of
 * meetings and the participants of one. A family member's name is shown
 * only where every case on the agenda allows it (mtg_family_names_ok);
 * nothing else of a case is read here. Every change is written to the
 * audit log as "change" in the same transaction as the change itself.
 * The agenda is in agenda.c, goals and actions in plan.c, the helpers
 * they share in meetings_common.c.
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

int sspf_time_minutes(const char *s)
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
	if ((e = core_prep(
		     core, &q,
		     "SELECT actor FROM participant WHERE meeting_id = ?1", "i",
		     meeting_id)) != SSPF_OK)
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
sspf_err mtg_meeting_of(sspf_core *core, sspf_id meeting_id,
			sspf_meeting_kind *kind, unsigned *actors)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = core_prep(core, &q, "SELECT kind FROM meeting WHERE id = ?1",
			   "i", meeting_id)) != SSPF_OK)
		return e;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		if (!sspf_meeting_kind_parse(
			    (const char *)sqlite3_column_text(q, 0), kind))
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
	if (!mtg_date_ok(m->date))
		return err_set(SSPF_ERR_INVALID,
			       "the meeting's date must lie in 1900-2199");
	start = sspf_time_minutes(m->start);
	end = sspf_time_minutes(m->end);
	if (start < 0 || end < 0)
		return err_set(SSPF_ERR_INVALID,
			       "times are written HH:MM, from 00:00 to 23:59 "
			       "('%s', '%s')",
			       m->start != NULL ? m->start : "",
			       m->end != NULL ? m->end : "");
	if (end <= start)
		return err_set(SSPF_ERR_INVALID,
			       "the meeting must end after it starts");
	if ((e = mtg_check_text(m->place, SSPF_TEXT_MAX, false, "place")) !=
	    SSPF_OK)
		return e;
	return mtg_check_text(m->district, SSPF_TEXT_MAX, false, "district");
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
	if ((e = core_tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = core_run(
		core, NULL, "saving a meeting",
		"INSERT INTO meeting (kind, date, start_time, end_time, place, "
		"district) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
		"tDtttt", kind_text[m->kind], (int)m->date, m->start, m->end,
		m->place, m->district);
	if (e == SSPF_OK) {
		id = sqlite3_last_insert_rowid(core->db);
		e = audit_append(core, "change", NULL);
	}
	if ((e = core_tx_end(core, own, e)) == SSPF_OK && id_out != NULL)
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
	if ((e = core_tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = core_run(
		core, &changed, "saving a meeting",
		"UPDATE meeting SET kind = ?1, date = ?2, start_time = ?3, "
		"end_time = ?4, place = ?5, district = ?6 WHERE id = ?7",
		"tDtttti", kind_text[m->kind], (int)m->date, m->start, m->end,
		m->place, m->district, id);
	if (e == SSPF_OK && changed == 0)
		e = err_set(SSPF_ERR_NOT_FOUND, "there is no meeting %lld",
			    (long long)id);
	if (e == SSPF_OK)
		e = audit_append(core, "change", NULL);
	return core_tx_end(core, own, e);
}

/* One "change" entry per case on the agenda of meeting_id, or one. */
static sspf_err audit_agenda_cases(sspf_core *core, sspf_id meeting_id)
{
	sqlite3_stmt *q;
	char(*codes)[SSPF_CODE_SIZE] = NULL;
	size_t n = 0;
	sspf_err e;
	int rc;

	if ((e = core_prep(
		     core, &q,
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
	if ((e = core_tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = audit_agenda_cases(core, id);
	if (e == SSPF_OK)
		e = core_run(core, &changed, "deleting a meeting",
			     "DELETE FROM meeting WHERE id = ?1", "i", id);
	if (e == SSPF_OK && changed == 0)
		e = err_set(SSPF_ERR_NOT_FOUND, "there is no meeting %lld",
			    (long long)id);
	return core_tx_end(core, own, e);
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
	if ((e = mtg_check_text(name, SSPF_NAME_MAX, true,
				"participant's name")) != SSPF_OK ||
	    (e = mtg_check_text(role, SSPF_TEXT_MAX, false, "role")) != SSPF_OK)
		return e;
	if (actor != 0 && !mtg_one_actor(actor))
		return err_set(SSPF_ERR_INVALID,
			       "a participant belongs to one actor, or to the "
			       "family (0)");
	if ((e = core_tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = mtg_meeting_of(core, meeting_id, &kind, NULL);
	if (e == SSPF_OK)
		e = core_run(
			core, NULL, "saving a participant",
			"INSERT INTO participant (meeting_id, name, actor, "
			"role) VALUES (?1, ?2, ?3, ?4)",
			"itit", meeting_id, name, (sspf_id)actor, role);
	if (e == SSPF_OK) {
		id = sqlite3_last_insert_rowid(core->db);
		e = audit_append(core, "change", NULL);
	}
	if ((e = core_tx_end(core, own, e)) == SSPF_OK && id_out != NULL)
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
	if ((e = core_tx_begin(core, &own)) != SSPF_OK)
		return e;
	e = core_run(core, &changed, "removing a participant",
		     "DELETE FROM participant WHERE id = ?1", "i",
		     participant_id);
	if (e == SSPF_OK && changed == 0)
		e = err_set(SSPF_ERR_NOT_FOUND, "there is no participant %lld",
			    (long long)participant_id);
	if (e == SSPF_OK)
		e = audit_append(core, "change", NULL);
	return core_tx_end(core, own, e);
}

/* ---- reading meetings ---- */

/*
 * The meetings from from to to (0: open-ended) whose kind is in kinds, or
 * only meeting id (nonzero), to fn. Meeting facts only.
 */
static sspf_err meetings_read(sspf_core *core, sspf_date from, sspf_date to,
			      unsigned kinds, sspf_id id,
			      int (*fn)(void *arg, const sspf_meeting *m),
			      void *arg)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if (kinds == 0)
		kinds = (1u << SSPF_MEETING_KINDS) - 1;
	/* the meetings' facts only: nothing of a case is read here */
	/* one statement for the whole list, in date order from the index
	   (so that a caller who stops early stops the work): the
	   participants' actors are OR-ed bit by bit, as SQLite has no
	   bitwise-or aggregate */
	if ((e = core_prep(
		     core, &q,
		     "SELECT m.id, m.kind, m.date, m.start_time, m.end_time, "
		     "m.place, m.district, (SELECT COUNT(*) FROM agenda_item "
		     "a WHERE a.meeting_id = m.id), (SELECT COUNT(*) FROM "
		     "participant p WHERE p.meeting_id = m.id), (SELECT "
		     "IFNULL(MAX(p.actor & 1) | MAX(p.actor & 2) | "
		     "MAX(p.actor & 4) | MAX(p.actor & 8) | MAX(p.actor & 16), "
		     "0) FROM participant p WHERE p.meeting_id = m.id) "
		     "FROM meeting m "
		     "WHERE (?1 IS NULL OR m.date >= ?1) AND "
		     "(?2 IS NULL OR m.date <= ?2) AND (?3 = 0 OR m.id = ?3) "
		     "ORDER BY m.date, m.start_time, m.id",
		     "ddi", (int)from, (int)to, id)) != SSPF_OK)
		return e;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sspf_meeting m;

		memset(&m, 0, sizeof m);
		m.id = sqlite3_column_int64(q, 0);
		if (!sspf_meeting_kind_parse(
			    (const char *)sqlite3_column_text(q, 1), &m.kind)) {
			e = err_set(SSPF_ERR_DAMAGED,
				    "a meeting has an unknown kind");
			break;
		}
		if ((kinds & (1u << m.kind)) == 0)
			continue;
		if ((e = mtg_date_col(q, 2, &m.date)) != SSPF_OK)
			break;
		snprintf(m.start, sizeof m.start, "%s",
			 (const char *)sqlite3_column_text(q, 3));
		snprintf(m.end, sizeof m.end, "%s",
			 (const char *)sqlite3_column_text(q, 4));
		m.place = (const char *)sqlite3_column_text(q, 5);
		m.district = (const char *)sqlite3_column_text(q, 6);
		m.n_items = (size_t)sqlite3_column_int64(q, 7);
		m.n_participants = (size_t)sqlite3_column_int64(q, 8);
		m.actors =
			(unsigned)sqlite3_column_int64(q, 9) & SSPF_ACTOR_ALL;
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

sspf_err sspf_meeting_list(sspf_core *core, sspf_date from, sspf_date to,
			   unsigned kinds,
			   int (*fn)(void *arg, const sspf_meeting *m),
			   void *arg)
{
	err_clear();
	if (core == NULL || fn == NULL)
		return err_set(SSPF_ERR_INVALID, "nothing to list to");
	return meetings_read(core, from, to, kinds, 0, fn, arg);
}

/* Copy the one meeting sspf_meeting_get asks for. */
static int meeting_copy(void *arg, const sspf_meeting *m)
{
	sspf_meeting *out = arg;

	*out = *m;
	out->place = strdup(m->place != NULL ? m->place : "");
	out->district = strdup(m->district != NULL ? m->district : "");
	return 1;
}

sspf_err sspf_meeting_get(sspf_core *core, sspf_id id, sspf_meeting *out)
{
	sspf_err e;

	err_clear();
	if (core == NULL || out == NULL || id <= 0)
		return err_set(SSPF_ERR_INVALID, "no meeting to read");
	memset(out, 0, sizeof *out);
	if ((e = meetings_read(core, 0, 0, 0, id, meeting_copy, out)) !=
	    SSPF_OK) {
		sspf_meeting_clear(out);
		return e;
	}
	if (out->id == 0)
		return err_set(SSPF_ERR_NOT_FOUND, "there is no meeting %lld",
			       (long long)id);
	if (out->place == NULL || out->district == NULL) {
		sspf_meeting_clear(out);
		return err_set(SSPF_ERR_NOMEM, "reading meeting %lld",
			       (long long)id);
	}
	return SSPF_OK;
}

sspf_err sspf_case_next_meeting(sspf_core *core, const char *code,
				sspf_meeting *out)
{
	sspf_id case_id, id = 0;
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	err_clear();
	if (core == NULL || out == NULL)
		return err_set(SSPF_ERR_INVALID, "no meeting to read");
	memset(out, 0, sizeof *out);
	if ((e = gate_case_id(core, code, &case_id)) != SSPF_OK)
		return e;
	/* which meeting, not what is said about the case there */
	if ((e = core_prep(core, &q,
			   "SELECT m.id FROM meeting m JOIN agenda_item a ON "
			   "a.meeting_id = m.id WHERE a.case_id = ?1 AND "
			   "m.date >= ?2 ORDER BY m.date, m.start_time, m.id "
			   "LIMIT 1",
			   "iD", case_id, (int)sspf_core_today(core))) !=
	    SSPF_OK)
		return e;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(q, 0);
	else if (rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, "finding the next meeting");
	sqlite3_finalize(q);
	if (e != SSPF_OK)
		return e;
	if (id == 0) {
		err_clear();
		return SSPF_ERR_NOT_FOUND;
	}
	return sspf_meeting_get(core, id, out);
}

void sspf_meeting_clear(sspf_meeting *m)
{
	if (m == NULL)
		return;
	free((char *)m->place);
	free((char *)m->district);
	memset(m, 0, sizeof *m);
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
	if ((e = mtg_meeting_of(core, meeting_id, &kind, NULL)) != SSPF_OK)
		return e;
	if ((e = core_prep(core, &q,
			   "SELECT id, actor, role, name FROM participant "
			   "WHERE meeting_id = ?1 ORDER BY id",
			   "i", meeting_id)) != SSPF_OK)
		return e;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (!core_grow(&lines, n + 1, sizeof *lines) ||
		    !core_grow(&names, n + 1, sizeof *names) ||
		    !core_grow(&roles, n + 1, sizeof *roles)) {
			e = err_set(SSPF_ERR_NOMEM, "reading the participants");
			break;
		}
		memset(&lines[n], 0, sizeof lines[n]);
		lines[n].id = sqlite3_column_int64(q, 0);
		lines[n].actor =
			(unsigned)sqlite3_column_int64(q, 1) & SSPF_ACTOR_ALL;
		family |= lines[n].actor == 0;
		names[n] = mtg_text_dup(q, 3);
		roles[n] = mtg_text_dup(q, 2);
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
		e = mtg_family_names_ok(core, meeting_id, &names_ok);
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
