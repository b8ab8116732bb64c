/*
 * errors_internal.h - setting the thread's error detail inside libsspf.
 */
#ifndef SSPF_ERRORS_INTERNAL_H
#define SSPF_ERRORS_INTERNAL_H

#include <libintl.h>

#include <sspf/error.h>

/*
 * A sentence of the library for the user, translated through the text
 * domain "sspf" (the program binds it; English where it does not).
 */
#define L_(s) dgettext("sspf", s)

/* printf-style; returns code so that callers can `return err_set(...)`. */
sspf_err err_set(sspf_err code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Map errno after a failed system call on path into a code with detail. */
sspf_err err_errno(int errnum, const char *what, const char *path);
void err_clear(void);

#endif
