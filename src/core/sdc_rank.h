/*
 * sdc_rank.h - the exact linear-algebra test of the disclosure control
 * (sdc.h): which hidden cells the published cells and the equations
 * determine, and which published cells, if hidden too, would free them.
 * Internal to sdc.c (with the macros the sdc files share).
 */
#ifndef SSPF_CORE_SDC_RANK_H
#define SSPF_CORE_SDC_RANK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/sdc.h"

/* Shared by sdc.c, sdc_check.c and sdc_rank.c. */
#define NONE SIZE_MAX
#define PROTECTED(p, j) ((p)->protect == NULL || (p)->protect[j])
#define FIXED(p, j) ((p)->fixed == NULL ? SDC_FREE : (p)->fixed[j])

/*
 * p must have passed sdc_check. All arrays have p->n_cells entries and
 * belong to the caller.
 *   hidden:     the hidden cells (the unknowns of the linear system);
 *   candidate:  published cells to try, or NULL;
 *   target:     the hidden cells whose freeing counts for helps, or NULL
 *               for all;
 *   determined: out: true for each hidden cell whose value follows from
 *               the published ones (exact);
 *   helps:      out, or NULL (then candidate must be NULL too): true for
 *               each candidate that, hidden as well, would leave at least
 *               one now-determined cell free. Exact with the integer
 *               method; with the modular fallback a good guess (it only
 *               steers which cell is hidden next, never what is safe).
 *   n_modular:  NULL, or a counter increased when the answer came from
 *               the modular method (forced, or the integers overflowed).
 * Returns SSPF_OK or SSPF_ERR_NOMEM.
 */
sspf_err sdc_rank_analyse(const sdc_problem *p, const bool *hidden,
			  const bool *candidate, const bool *target,
			  bool *determined, bool *helps, size_t *n_modular);

#endif
