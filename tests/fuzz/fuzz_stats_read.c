/*
 * fuzz_stats_read.c - libFuzzer harness of the reader of `sspf stats` JSON
 * exports (sspf_stats_read, src/core/stats_read.c and stats_json.c) and
 * of the city's merge of one such file (sspf_stats_merge_check and
 * sspf_stats_merge, src/core/stats_merge*.c). The input is the file,
 * given to the library as /proc/self/fd/N of an in-memory file.
 *
 * The seeds are exports whose figures are sealed to the fuzz city key
 * (fuzz.h), so that a mutated file still opens and reaches the merge's
 * checks of the published cells against the sealed figures.
 *
 * Checked: the reader returns one of its documented codes; what it
 * accepts has cells with a table, dimension names paired with their
 * categories and a known kind; a merge that succeeds publishes, under
 * suppression, no count from 1 to k-1 (the promise of the whole stats
 * feature: no small group can be seen).
 */
#include <stdio.h>
#include <string.h>

#include <sspf/stats.h>
#include <sspf/statsmerge.h>

#include "fuzz.h"

static int fd = -1;

static void check_cells(const sspf_stats *s)
{
	for (size_t i = 0; i < s->n_cells; i++) {
		const sspf_stats_cell *c = &s->cells[i];

		FUZZ_CHECK(c->table != NULL);
		FUZZ_CHECK(c->kind == SSPF_CELL_COUNT ||
			   c->kind == SSPF_CELL_MEDIAN ||
			   c->kind == SSPF_CELL_SHARE);
		for (int d = 0; d < SSPF_STATS_DIMS; d++)
			FUZZ_CHECK((c->dim[d] == NULL) == (c->cat[d] == NULL));
	}
}

/* Under suppression no published count is 1..k-1. */
static void check_protected(const sspf_stats *s)
{
	if (s->method != SSPF_STATS_SUPPRESS)
		return;
	for (size_t i = 0; i < s->n_cells; i++) {
		const sspf_stats_cell *c = &s->cells[i];

		if (c->kind != SSPF_CELL_COUNT || c->hidden)
			continue;
		FUZZ_CHECK(c->value == 0 || c->value >= s->k);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	const char *paths[1] = { path };
	sspf_stats *s = NULL, *merged = NULL;
	sspf_err e;

	if (fd < 0)
		fd = fuzz_memfd("fuzz-stats");
	fuzz_memfd_set(fd, data, size);
	snprintf(path, sizeof path, "%s", fuzz_fd_path(fd));

	e = sspf_stats_read(path, &s);
	FUZZ_CHECK(e == SSPF_OK || e == SSPF_ERR_INVALID ||
		   e == SSPF_ERR_DAMAGED || e == SSPF_ERR_NOT_SSPF ||
		   e == SSPF_ERR_NOMEM);
	if (e != SSPF_OK) {
		FUZZ_CHECK(s == NULL);
		return 0;
	}
	check_cells(s);
	if (s->sealed != NULL && sspf_stats_merge_check(paths, 1) == SSPF_OK &&
	    sspf_stats_merge(fuzz_city_key(), paths, 1, NULL, &merged) ==
		    SSPF_OK) {
		check_cells(merged);
		check_protected(merged);
		sspf_stats_free(merged);
	}
	sspf_stats_free(s);
	return 0;
}
