/*
 * case_history.c - the meetings a case was discussed in, with the minutes
 * of its agenda items, oldest first: the "meeting history" of the case
 * view, behind the consent gate like every read of a case's data.
 */
#include <sspf/cases.h>
#include <sspf/meetings.h>

#include "core/core_priv.h"
#include "core/gate.h"
#include "store/errors_internal.h"

sspf_err sspf_case_history(sspf_core *core, const char *code,
			   int (*fn)(void *arg, const sspf_history_line *l),
			   void *arg, sspf_verdict *v)
{
	static const sspf_context view = { SSPF_CTX_CASE_VIEW, 0 };
	sqlite3_stmt *q;
	sspf_id case_id;
	sspf_err e;
	int rc;

	err_clear();
	if (core == NULL || code == NULL || fn == NULL)
		return err_set(SSPF_ERR_INVALID, "no case or no place for it");
	if ((e = gate_case_id(core, code, &case_id)) != SSPF_OK ||
	    (e = gate_check(core, case_id, code, &view, v)) != SSPF_OK)
		return e;
	if ((e = core_prepare(core,
			      "SELECT m.id, m.date, m.kind, a.minutes "
			      "FROM agenda_item a JOIN meeting m "
			      "ON m.id = a.meeting_id WHERE a.case_id = ?1 "
			      "ORDER BY m.date, m.start_time, a.position",
			      &q)) != SSPF_OK)
		return e;
	sqlite3_bind_int64(q, 1, case_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *date = (const char *)sqlite3_column_text(q, 1);
		const char *kind = (const char *)sqlite3_column_text(q, 2);
		sspf_meeting_kind k;
		sspf_history_line l = { 0 };

		l.meeting_id = sqlite3_column_int64(q, 0);
		if (date == NULL || sspf_date_parse(date, &l.date) != SSPF_OK ||
		    !sspf_meeting_kind_parse(kind ? kind : "", &k)) {
			e = err_set(
				SSPF_ERR_DAMAGED,
				"a meeting of case %s has a bad date or kind",
				code);
			break;
		}
		l.kind = sspf_meeting_kind_name(k);
		l.minutes = (const char *)sqlite3_column_text(q, 3);
		if (l.minutes == NULL)
			l.minutes = "";
		if (fn(arg, &l) != 0)
			break;
	}
	if (e == SSPF_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, "reading the meetings");
	sqlite3_finalize(q);
	return e;
}
