/*
 * core_priv.h - the core handle as the modules of src/core/ see it.
 * Nothing outside src/core/ (and the tests) includes this.
 */
#ifndef SSPF_CORE_PRIV_H
#define SSPF_CORE_PRIV_H

#include <stdbool.h>

#include <sqlite3.h>
#include <stdint.h>

#include <sspf/core.h>
#include <sspf/date.h>

#include "store/store_internal.h"

/* Statements kept prepared for the calls made once per case (the gate). */
#define CORE_KEPT 32

struct sspf_core {
	sspf_store *st;		 /* not owned */
	sqlite3 *db;		 /* the store's connection */
	const sspf_clock *clock; /* not owned */
	char *user;		 /* owned: who the audit log names */
	uint8_t *audit_key;	 /* owned, sodium_malloc: the MAC chain key */
	struct {
		const char *sql; /* a static string: compared by address */
		sqlite3_stmt *q; /* owned; finalized by sspf_core_close */
	} kept[CORE_KEPT];
	/*
	 * The gate's facts of every case (gate_batch.c), kept while none of
	 * the rows they come from changes: temporary triggers of this core
	 * on those tables (core_watch_facts) count every insert, update
	 * and delete in facts_changes, rolled back ones included.
	 */
	struct gate_batch *batch; /* owned; NULL: none loaded */
	uint64_t facts_changes;	  /* bumped by the triggers */
	uint64_t batch_changes;	  /* facts_changes when batch was loaded */
	bool facts_watched;	  /* the triggers are in place */
	char watch_name[40];	  /* this core's function and trigger names */
};

/*
 * Start / stop counting the changes of the gate's facts (core_watch.c).
 * Without the watch (it could not be set up) the facts are read anew for
 * every list.
 */
void core_watch_facts(sspf_core *core);
void core_unwatch_facts(sspf_core *core);

/*
 * The statement of the static string sql, prepared once and kept: a
 * screen that judges thousands of cases would otherwise prepare the same
 * few statements thousands of times. *q comes reset with no bindings; the
 * caller hands it back with core_kept_done (never finalizes it) before
 * asking for the same sql again. Falls back to a statement of its own
 * (finalized by core_kept_done) when every place is taken.
 */
sspf_err core_kept(sspf_core *core, const char *sql, sqlite3_stmt **q);
void core_kept_done(sspf_core *core, sqlite3_stmt *q);

/*
 * Prepare sql on the core's connection. On failure *q is NULL and the
 * SQLite error is mapped (sspf_store_sqlerr); the caller finalizes *q.
 */
sspf_err core_prepare(sspf_core *core, const char *sql, sqlite3_stmt **q);

/*
 * Prepare sql into *q and bind its parameters ?1, ?2, ... in order as fmt
 * says, one variadic argument each:
 *   'i'  an sspf_id (int64_t);
 *   'n'  an int (cast bools, unsigned and the like to int);
 *   't'  a const char * text, copied; NULL binds "";
 *   'd'  an sspf_date (passed as int) as 'YYYY-MM-DD'; 0 binds NULL;
 *   'D'  an sspf_date (passed as int) as 'YYYY-MM-DD', always bound.
 * fmt "" binds nothing. On error (preparing or binding, mapped with
 * sspf_store_sqlerr) *q is NULL; else the caller steps and finalizes *q.
 */
sspf_err core_prep(sspf_core *core, sqlite3_stmt **q, const char *sql,
		   const char *fmt, ...);

/*
 * Prepare and bind (as core_prep), step once and finalize a statement
 * whose rows are not wanted. *changed (may be NULL) gets the number of
 * rows it changed. what names the work in the error of a step that fails.
 */
sspf_err core_run(sspf_core *core, int *changed, const char *what,
		  const char *sql, const char *fmt, ...);

/*
 * Step q once unless rc (what binding gave) is an error, and finalize it;
 * SSPF_OK if the step gave SQLITE_DONE or SQLITE_ROW, else the error,
 * naming what was being done.
 */
sspf_err core_finish(sspf_core *core, sqlite3_stmt *q, int rc,
		     const char *what);

/* Bind text s (copied), or "" for NULL; an SQLite result code. */
int core_bind_text(sqlite3_stmt *q, int i, const char *s);

/* Bind date d as 'YYYY-MM-DD'; an SQLite result code. */
int core_bind_date(sqlite3_stmt *q, int i, sspf_date d);

/*
 * Start a change: a transaction of its own (BEGIN IMMEDIATE, *own set)
 * when none is open, else a savepoint inside the caller's transaction.
 */
sspf_err core_tx_begin(sspf_core *core, bool *own);

/*
 * End a change begun by core_tx_begin: keep it if e is SSPF_OK, else undo
 * all of it. Returns e, or the error of saving the change (then undone).
 */
sspf_err core_tx_end(sspf_core *core, bool own, sspf_err e);

/*
 * Grow the array *arrp (a pointer to a pointer to elements of elem
 * bytes) to hold cap elements. False if out of memory; *arrp is then
 * unchanged and still owned by the caller.
 */
bool core_grow(void *arrp, size_t cap, size_t elem);

/*
 * Wipe and free a string that may hold case data (what the public *_free
 * functions give back); NULL is fine.
 */
void core_free_text(char *s);

#endif
