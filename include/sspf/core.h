/*
 * core.h - the SSPF core over an open store: the one handle every front
 * end works through. It knows the clock (so that tests can move time), the
 * user the audit log names, and it is the only way to the case tables.
 */
#ifndef SSPF_CORE_H
#define SSPF_CORE_H

#include <sspf/date.h>
#include <sspf/error.h>
#include <sspf/store.h>

typedef struct sspf_core sspf_core;

/*
 * Start the core on an open store. clock NULL means the system clock;
 * user NULL means the operating-system user running the program. Neither
 * st nor clock is owned: close the core before the store. On success *out
 * is the caller's, freed with sspf_core_close().
 */
sspf_err sspf_core_open(sspf_store *st, const sspf_clock *clock,
			const char *user, sspf_core **out);
void sspf_core_close(sspf_core *core);

/* Today by the core's clock, in the local time zone. */
sspf_date sspf_core_today(const sspf_core *core);

#endif
