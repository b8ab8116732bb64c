/*
 * stats_actions.c - the statistics of the work done (sspf(1) STATISTICS):
 * the actions decided in a period by actor and by status at its end, the
 * share of the actions due in it that were done in time, and the
 * meetings held in it by kind. Only categories, dates and statuses are
 * read, never what an action says or who does it.
 */
#include <string.h>

#include <sqlite3.h>

#include <sspf/consent.h>
#include <sspf/meetings.h>

#include "core/stats_priv.h"
#include "store/errors_internal.h"

enum { ACTORS = 5 };

/* The index of an action status by its name; "ej påbörjad" if unknown. */
static int status_index(const char *t)
{
	for (int i = 0; i < SSPF_ACTION_STATUSES; i++)
		if (t != NULL && strcmp(t, sspf_action_status_name(i)) == 0)
			return i;
	return 0;
}

/*
 * Actions decided in the period by actor x status at its end: done by
 * then; for a period not yet over, the status today; else the newest
 * follow-up made by then, or not started without one (a status changed
 * without a follow-up has no date). And the share of those due in the
 * period that were done by their day.
 */
sspf_err stats_action_tables(sspf_core *core, stats_build *b,
			     const sspf_period *p, sspf_date today)
{
	static const char *actor_names[ACTORS];
	static const char *status_names[SSPF_ACTION_STATUSES];
	int64_t cnt[ACTORS * SSPF_ACTION_STATUSES] = { 0 }, due = 0,
			     in_time = 0;
	/* an action's record key is its case's: counted once per action */
	uint32_t key[ACTORS * SSPF_ACTION_STATUSES] = { 0 };
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	for (int i = 0; i < ACTORS; i++)
		actor_names[i] = sspf_actor_name(1u << i);
	for (int i = 0; i < SSPF_ACTION_STATUSES; i++)
		status_names[i] = sspf_action_status_name(i);
	/* the newest follow-up made by the end of the period, per action;
	   only the actions decided or due in the period count (the loop
	   below skips the others), so only those are looked up */
	if ((e = core_prep(core, &q,
			   "SELECT a.actor, a.status, a.created_on, a.done_on, "
			   "a.due_on, (SELECT f.status FROM follow_up f WHERE "
			   "f.action_id = a.id AND f.made_on <= ?1 ORDER BY "
			   "f.made_on DESC, f.id DESC LIMIT 1), (SELECT "
			   "c.record_key FROM case_file c WHERE c.id = "
			   "a.case_id) FROM action a WHERE a.created_on "
			   "BETWEEN ?2 AND ?1 OR a.due_on BETWEEN ?2 AND ?1",
			   "DD", (int)p->last, (int)p->first)) != SSPF_OK)
		return e;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		unsigned actor = (unsigned)sqlite3_column_int64(q, 0);
		int now = status_index((const char *)sqlite3_column_text(q, 1));
		sspf_date created = stats_col_date(q, 2),
			  done = stats_col_date(q, 3),
			  due_on = stats_col_date(q, 4);
		const char *fu = (const char *)sqlite3_column_text(q, 5);
		int st, a = 0;

		if (stats_within(due_on, p)) {
			due++;
			in_time += done != 0 && done <= due_on;
		}
		if (!stats_within(created, p))
			continue;
		while (a < ACTORS && (1u << a) != actor)
			a++;
		if (a == ACTORS)
			continue;
		if (done != 0 && done <= p->last)
			st = SSPF_ACTION_DONE;
		else if (p->last >= today)
			st = now;
		else if (fu != NULL)
			st = status_index(fu);
		else
			st = SSPF_ACTION_NOT_STARTED;
		stats_count_in(cnt, key, a * SSPF_ACTION_STATUSES + st,
			       (uint32_t)sqlite3_column_int64(q, 6));
	}
	if (rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, "counting actions");
	sqlite3_finalize(q);
	if (e != SSPF_OK)
		return e;
	stats_table(b, "actions", "actor", actor_names, ACTORS, "status",
		    status_names, SSPF_ACTION_STATUSES, cnt, key, STATS_MARGINS,
		    true);
	stats_value(b, "actions_done_by_due", SSPF_CELL_SHARE,
		    due > 0 ? (double)in_time / (double)due : 0, due);
	b->share_num = in_time; /* for the figures sealed to the city */
	return SSPF_OK;
}

sspf_err stats_meeting_table(sspf_core *core, stats_build *b,
			     const sspf_period *p)
{
	static const char *kind_names[SSPF_MEETING_KINDS];
	int64_t cnt[SSPF_MEETING_KINDS] = { 0 };
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	for (int i = 0; i < SSPF_MEETING_KINDS; i++)
		kind_names[i] = sspf_meeting_kind_name(i);
	if ((e = core_prep(
		     core, &q,
		     "SELECT kind, COUNT(*) FROM meeting WHERE date >= ?1 "
		     "AND date <= ?2 AND date <= ?3 GROUP BY kind",
		     "DDD", (int)p->first, (int)p->last,
		     (int)sspf_core_today(core))) != SSPF_OK)
		return e;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sspf_meeting_kind k;

		if (sspf_meeting_kind_parse(
			    (const char *)sqlite3_column_text(q, 0), &k))
			cnt[k] = sqlite3_column_int64(q, 1);
	}
	if (rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, "counting meetings");
	sqlite3_finalize(q);
	if (e == SSPF_OK)
		/* meetings are not persons: published as they are */
		stats_table(b, "meetings", "kind", kind_names,
			    SSPF_MEETING_KINDS, NULL, NULL, 1, cnt, NULL,
			    STATS_ROW_TOTALS, false);
	return e;
}
