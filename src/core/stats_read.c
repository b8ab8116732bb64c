/*
 * stats_read.c - reading a JSON export of `sspf stats` back (schema
 * sspf-stats/1, include/sspf/statsmerge.h) for the city's merge: a small
 * strict reader of exactly what stats_write.c writes (objects of known
 * fields, strings, whole and decimal numbers, true, false, null), with
 * errors that name the file, the line and the column. Bounded: a file of
 * at most SSPF_MERGE_MAX_FILE bytes, at most SDC_MAX_CELLS cells.
 * This file knows the schema (the fields of the export and of a cell);
 * the JSON under it (strings, numbers, keys, the errors' line and
 * column) is read by stats_json.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/sdc.h"
#include "core/stats_json.h"
#include "core/stats_priv.h"
#include "store/errors_internal.h"

static const char *const kind_names[] = { "count", "median_days", "share" };

/* The index of k among names[0..n-1], or -1. */
static int which(const char *k, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(k, names[i]) == 0)
			return i;
	return -1;
}

static const char *const cell_fields[] = { "table", "dimensions", "kind",
					   "value", "hidden" };

/* A cell's dimensions object into c. */
static bool dimensions(sj_reader *r, sspf_stats_cell *c)
{
	bool first = true;
	const char *d;
	int nd = 0;

	if (!sj_expect(r, '{'))
		return false;
	while ((d = sj_key(r, &first)) != NULL) {
		if (nd == SSPF_STATS_DIMS)
			return sj_fail(r, SSPF_ERR_NOT_SSPF,
				       "more than %d dimensions", nd);
		c->dim[nd] = d;
		if ((c->cat[nd++] = sj_string(r)) == NULL)
			return false;
	}
	return r->err == SSPF_OK;
}

/* One cell object into c. */
static bool cell(sj_reader *r, sspf_stats_cell *c)
{
	unsigned seen = 0;
	bool first = true;
	const char *k, *v;
	int hidden = 0, f, i;

	memset(c, 0, sizeof *c);
	if (!sj_expect(r, '{'))
		return false;
	while ((k = sj_key(r, &first)) != NULL) {
		if ((f = which(k, cell_fields, 5)) < 0)
			return sj_fail(r, SSPF_ERR_NOT_SSPF,
				       "an unknown field \"%s\" in a cell", k);
		if (!sj_once(r, &seen, 1u << f, k))
			return false;
		switch (f) {
		case 0:
			c->table = sj_string(r);
			break;
		case 1:
			(void)dimensions(r, c);
			break;
		case 2:
			if ((v = sj_string(r)) == NULL)
				return false;
			if ((i = which(v, kind_names, 3)) < 0)
				return sj_fail(r, SSPF_ERR_NOT_SSPF,
					       "an unknown kind \"%s\"", v);
			c->kind = (sspf_stats_kind)i;
			break;
		case 3:
			sj_ws(r);
			if (r->p < r->end && *r->p == 'n')
				c->hidden = sj_literal(r, true) == -1;
			else
				(void)sj_number(r, &c->value);
			break;
		default:
			hidden = sj_literal(r, false);
			break;
		}
		if (r->err != SSPF_OK)
			return false;
	}
	if (r->err != SSPF_OK)
		return false;
	if (seen != 31)
		return sj_fail(r, SSPF_ERR_NOT_SSPF, "a cell lacks a field");
	if (hidden != (int)c->hidden)
		return sj_fail(r, SSPF_ERR_NOT_SSPF,
			       "a cell's value and \"hidden\" disagree");
	return true;
}

/* The cells array into s. */
static bool cells(sj_reader *r, sspf_stats *s)
{
	size_t cap = 0;

	if (!sj_expect(r, '['))
		return false;
	if (sj_take(r, ']'))
		return true;
	do {
		if (s->n_cells == SDC_MAX_CELLS)
			return sj_fail(r, SSPF_ERR_NOT_SSPF, "too many cells");
		if (s->n_cells == cap) {
			void *p = realloc(s->cells, (cap = cap * 2 + 256) *
							    sizeof *s->cells);

			if (p == NULL) {
				r->err = err_set(SSPF_ERR_NOMEM, "reading %s",
						 r->file);
				return false;
			}
			s->cells = p;
		}
		if (!cell(r, &s->cells[s->n_cells]))
			return false;
		s->n_cells++;
	} while (sj_take(r, ','));
	return sj_expect(r, ']');
}

static const char *const top_fields[] = {
	"schema",   "period",	   "district", "method", "threshold",
	"additive", "preliminary", "cells",    "sealed"
};

/* The value of top-level field f into s. */
static bool top_field(sj_reader *r, int f, sspf_stats *s)
{
	const char *v = NULL;
	double k;

	switch (f) {
	case 0:
		if ((v = sj_string(r)) != NULL &&
		    strcmp(v, "sspf-stats/1") != 0)
			return sj_fail(r, SSPF_ERR_NOT_SSPF,
				       "schema \"%s\", not sspf-stats/1", v);
		return v != NULL;
	case 1:
		if ((v = sj_string(r)) != NULL &&
		    sspf_period_parse(v, &s->period) != SSPF_OK)
			return sj_fail(r, SSPF_ERR_NOT_SSPF, "a bad period");
		return v != NULL;
	case 2:
		if ((v = sj_string(r)) != NULL &&
		    (s->district = strdup(v)) == NULL)
			return sj_fail(r, SSPF_ERR_NOMEM, "out of memory");
		return v != NULL;
	case 3:
		if ((v = sj_string(r)) == NULL)
			return false;
		if (strcmp(v, "suppression") && strcmp(v, "ckm"))
			return sj_fail(r, SSPF_ERR_NOT_SSPF,
				       "an unknown method \"%s\"", v);
		s->method = strcmp(v, "ckm") == 0 ? SSPF_STATS_CKM
						  : SSPF_STATS_SUPPRESS;
		return true;
	case 4:
		if (!sj_number(r, &k))
			return false;
		if (k < SSPF_STATS_K_MIN || k > 1000000 || k != (int)k)
			return sj_fail(r, SSPF_ERR_NOT_SSPF, "a bad threshold");
		s->k = (int)k;
		return true;
	case 5:
		(void)sj_literal(r, false);
		return r->err == SSPF_OK;
	case 6:
		s->preliminary = sj_literal(r, false) == 1;
		return r->err == SSPF_OK;
	case 7:
		return cells(r, s);
	default:
		if ((v = sj_string(r)) != NULL &&
		    (s->sealed = strdup(v)) == NULL)
			return sj_fail(r, SSPF_ERR_NOMEM, "out of memory");
		return v != NULL;
	}
}

/* The whole export into s; preliminary and sealed may be missing. */
static bool top(sj_reader *r, sspf_stats *s)
{
	unsigned seen = 0, need = 0xBF; /* all but preliminary, sealed */
	bool first = true;
	const char *k;
	int f;

	sj_ws(r);
	if ((size_t)(r->end - r->p) > 16 &&
	    strncmp(r->p, "period,district,", 16) == 0)
		return sj_fail(
			r, SSPF_ERR_INVALID,
			"a CSV export: stats-merge needs the JSON exports "
			"made with --for-city");
	if (!sj_take(r, '{'))
		return sj_fail(r, SSPF_ERR_NOT_SSPF,
			       "not a JSON export of sspf stats");
	while ((k = sj_key(r, &first)) != NULL) {
		if ((f = which(k, top_fields, 9)) < 0)
			return sj_fail(r, SSPF_ERR_NOT_SSPF,
				       "an unknown field \"%s\"", k);
		if (!sj_once(r, &seen, 1u << f, k) || !top_field(r, f, s))
			return false;
		if (f == 0 && seen != 1) /* the schema first */
			return sj_fail(r, SSPF_ERR_NOT_SSPF,
				       "\"schema\" is not the first field");
	}
	if (r->err != SSPF_OK)
		return false;
	if ((seen & need) != need)
		return sj_fail(r, SSPF_ERR_NOT_SSPF,
			       seen & 1 ? "a field of the export is missing"
					: "no \"schema\": not an sspf export");
	sj_ws(r);
	if (r->p != r->end)
		return sj_fail(r, SSPF_ERR_DAMAGED, "text after the export");
	return true;
}

/* The whole file path (up to SSPF_MERGE_MAX_FILE) into *buf, *len. */
static sspf_err slurp(const char *path, char **buf, size_t *len)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	sspf_err e = SSPF_OK;

	*buf = NULL;
	*len = 0;
	if (fd < 0)
		return err_errno(errno, "reading the export", path);
	if (fstat(fd, &sb) != 0)
		e = err_errno(errno, "reading the export", path);
	else if (!S_ISREG(sb.st_mode) || sb.st_size < 0 ||
		 (uint64_t)sb.st_size > SSPF_MERGE_MAX_FILE)
		e = err_set(SSPF_ERR_INVALID,
			    "%s is not an export: not a file of at most %zu "
			    "MiB",
			    path, SSPF_MERGE_MAX_FILE >> 20);
	else if ((*buf = malloc((size_t)sb.st_size + 1)) == NULL)
		e = err_set(SSPF_ERR_NOMEM, "reading %s", path);
	while (e == SSPF_OK && *len < (size_t)sb.st_size) {
		ssize_t n = read(fd, *buf + *len, (size_t)sb.st_size - *len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			e = n < 0 ? err_errno(errno, "reading the export", path)
				  : err_set(SSPF_ERR_IO,
					    "%s changed while it was read",
					    path);
			break;
		}
		*len += (size_t)n;
	}
	close(fd);
	if (e != SSPF_OK) {
		free(*buf);
		*buf = NULL;
	}
	return e;
}

sspf_err sspf_stats_read(const char *path, sspf_stats **out)
{
	sspf_stats *s;
	char *text;
	size_t len;
	sspf_err e;
	sj_reader r;

	err_clear();
	if (path == NULL || out == NULL)
		return err_set(SSPF_ERR_INVALID, "no export to read");
	*out = NULL;
	if ((e = slurp(path, &text, &len)) != SSPF_OK)
		return e;
	s = calloc(1, sizeof *s);
	if (s == NULL || (s->names = malloc(len + 1)) == NULL) {
		free(s);
		free(text);
		return err_set(SSPF_ERR_NOMEM, "reading %s", path);
	}
	memset(&r, 0, sizeof r);
	r.s = r.p = text;
	r.end = text + len;
	r.file = path;
	r.at = s->names;
	if (memchr(text, '\0', len) != NULL)
		sj_fail(&r, SSPF_ERR_NOT_SSPF, "a NUL byte: not a JSON export");
	else
		(void)top(&r, s);
	free(text);
	if (r.err != SSPF_OK) {
		sspf_stats_free(s);
		return r.err;
	}
	*out = s;
	return SSPF_OK;
}
