/*
 * core_watch.c - knowing when the consent gate's facts change, so that
 * the facts of every case (gate_batch.c) can be kept between the lists of
 * a session instead of being read anew for each one.
 *
 * SQLite itself reports the changes: for each table the gate reads
 * (cases, guardians, consents, signatures, settings) this core puts
 * temporary triggers on the connection, after every insert, update and
 * delete, that call a function of this core which counts them. Nothing
 * has to remember to say that it changed a fact: a change made by any
 * code on this connection is seen, a change that is rolled back counts
 * too (it only makes the facts be read again), and the truncation
 * shortcut of "DELETE FROM t" is off where a table has triggers. The
 * triggers are TEMP: they live in this connection's memory, never in
 * the file. The names carry the core's address, so two cores on one
 * store each see the changes. What triggers cannot see is a change that
 * bypasses SQL on this connection: another process (the store's flock
 * keeps it out) or an sqlite3_backup / deserialize into this connection
 * (sspf never does that; a restore is a file copied while sspf is
 * closed).
 */
#include <stdio.h>

#include "core/core_priv.h"

static const char *const watched[] = { "case_file", "guardian", "consent",
				       "consent_signature", "setting" };
static const char *const events[] = { "INSERT", "UPDATE", "DELETE" };

#define N_WATCHED (sizeof watched / sizeof watched[0])
#define N_EVENTS (sizeof events / sizeof events[0])

static void facts_changed(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	sspf_core *core = sqlite3_user_data(cx);

	(void)argc;
	(void)argv;
	core->facts_changes++;
	sqlite3_result_null(cx);
}

static bool trigger_sql(const sspf_core *core, size_t t, size_t ev, bool drop,
			char *sql, size_t size)
{
	int n = drop ? snprintf(sql, size,
				"DROP TRIGGER IF EXISTS temp.%s_%zu%zu",
				core->watch_name, t, ev)
		     : snprintf(sql, size,
				"CREATE TEMP TRIGGER %s_%zu%zu AFTER %s ON "
				"main.%s BEGIN SELECT %s(); END",
				core->watch_name, t, ev, events[ev], watched[t],
				core->watch_name);

	return n > 0 && (size_t)n < size;
}

void core_watch_facts(sspf_core *core)
{
	char sql[256];

	snprintf(core->watch_name, sizeof core->watch_name, "sspf_facts_%llx",
		 (unsigned long long)(uintptr_t)core);
	/*
	 * Innocuous: it only counts, and the schema is untrusted (a
	 * database file could name it in a trigger of its own; that could
	 * only make the facts be read again).
	 */
	if (sqlite3_create_function_v2(core->db, core->watch_name, 0,
				       SQLITE_UTF8 | SQLITE_INNOCUOUS, core,
				       facts_changed, NULL, NULL,
				       NULL) != SQLITE_OK)
		return;
	for (size_t t = 0; t < N_WATCHED; t++)
		for (size_t ev = 0; ev < N_EVENTS; ev++)
			if (!trigger_sql(core, t, ev, false, sql, sizeof sql) ||
			    sqlite3_exec(core->db, sql, NULL, NULL, NULL) !=
				    SQLITE_OK) {
				core_unwatch_facts(core);
				return;
			}
	core->facts_watched = true;
}

void core_unwatch_facts(sspf_core *core)
{
	char sql[256];

	if (core->watch_name[0] == '\0')
		return;
	for (size_t t = 0; t < N_WATCHED; t++)
		for (size_t ev = 0; ev < N_EVENTS; ev++)
			if (trigger_sql(core, t, ev, true, sql, sizeof sql))
				sqlite3_exec(core->db, sql, NULL, NULL, NULL);
	sqlite3_create_function_v2(core->db, core->watch_name, 0, SQLITE_UTF8,
				   NULL, NULL, NULL, NULL, NULL);
	core->facts_watched = false;
	core->facts_changes++;
}
