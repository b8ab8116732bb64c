/*
 * stats_write.c - an export written out (include/sspf/stats.h): CSV by
 * RFC 4180 (UTF-8, CRLF, one row per cell in long form, a hidden cell
 * written ".." as Swedish official statistics do) or JSON with the same
 * cells, the method and the threshold (schema "sspf-stats/1", described
 * in sspf(1) STATISTICS), whether the period is preliminary, and the
 * figures sealed to the city if asked (CSV carries neither). Numbers use
 * a '.' whatever the locale.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sspf/stats.h>

#include "store/errors_internal.h"

/* A buffered writer to a descriptor; the first error sticks. */
typedef struct out {
	int fd;
	int err;
	size_t len;
	char buf[8192];
} out;

static void flush(out *o)
{
	size_t off = 0;

	while (o->err == 0 && off < o->len) {
		ssize_t w = write(o->fd, o->buf + off, o->len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			o->err = w < 0 ? errno : EIO;
		else
			off += (size_t)w;
	}
	o->len = 0;
}

static void put_n(out *o, const char *s, size_t n)
{
	while (n > 0 && o->err == 0) {
		size_t room = sizeof o->buf - o->len;
		size_t take = n < room ? n : room;

		memcpy(o->buf + o->len, s, take);
		o->len += take;
		s += take;
		n -= take;
		if (o->len == sizeof o->buf)
			flush(o);
	}
}

static void put(out *o, const char *s)
{
	put_n(o, s, strlen(s));
}

/* A value as text: integers plainly, a median with one decimal, a share
   with three; '.' as the decimal point in every locale. */
static void number(const sspf_stats_cell *c, char *buf, size_t size)
{
	double v = c->value;
	int64_t whole;
	unsigned frac;

	if (c->kind == SSPF_CELL_COUNT) {
		snprintf(buf, size, "%" PRId64, (int64_t)v);
		return;
	}
	if (c->kind == SSPF_CELL_MEDIAN) {
		whole = (int64_t)(v * 10 + 0.5);
		snprintf(buf, size, "%" PRId64 ".%u", whole / 10,
			 (unsigned)(whole % 10));
		return;
	}
	whole = (int64_t)(v * 1000 + 0.5);
	frac = (unsigned)(whole % 1000);
	snprintf(buf, size, "%" PRId64 ".%03u", whole / 1000, frac);
}

/* A CSV field, quoted when it holds a separator, quote or line break. */
static void csv_field(out *o, const char *s)
{
	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		put(o, s);
		return;
	}
	put(o, "\"");
	for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
		put_n(o, s, (size_t)(q - s));
		put(o, "\"\"");
	}
	put(o, s);
	put(o, "\"");
}

static void write_csv(out *o, const sspf_stats *s)
{
	char period[8], k[16], num[48];

	sspf_period_text(&s->period, period);
	snprintf(k, sizeof k, "%d", s->k);
	put(o, "period,district,method,k,table,dimension_1,category_1,"
	       "dimension_2,category_2,value\r\n");
	for (size_t i = 0; i < s->n_cells; i++) {
		const sspf_stats_cell *c = &s->cells[i];
		const char *f[] = { period,
				    s->district,
				    sspf_stats_method_name(s->method),
				    k,
				    c->table,
				    c->dim[0],
				    c->cat[0],
				    c->dim[1],
				    c->cat[1] };

		for (size_t j = 0; j < sizeof f / sizeof f[0]; j++) {
			csv_field(o, f[j]);
			put(o, ",");
		}
		if (c->hidden) {
			put(o, "..");
		} else {
			number(c, num, sizeof num);
			put(o, num);
		}
		put(o, "\r\n");
	}
}

/* A JSON string with the escapes RFC 8259 requires. */
static void json_string(out *o, const char *s)
{
	char esc[8];

	put(o, "\"");
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\') {
			esc[0] = '\\';
			esc[1] = (char)ch;
			esc[2] = '\0';
			put(o, esc);
		} else if (ch < 0x20) {
			snprintf(esc, sizeof esc, "\\u%04x", ch);
			put(o, esc);
		} else {
			put_n(o, s, 1);
		}
	}
	put(o, "\"");
}

static const char *const kind_names[] = { "count", "median_days", "share" };

static void write_json(out *o, const sspf_stats *s)
{
	char period[8], num[48];

	sspf_period_text(&s->period, period);
	put(o, "{\n  \"schema\": \"sspf-stats/1\",\n  \"period\": ");
	json_string(o, period);
	put(o, ",\n  \"district\": ");
	json_string(o, s->district);
	put(o, ",\n  \"method\": ");
	json_string(o, sspf_stats_method_name(s->method));
	snprintf(num, sizeof num, "%d", s->k);
	put(o, ",\n  \"threshold\": ");
	put(o, num);
	/* with noise on every count, the totals do not add up exactly */
	put(o, ",\n  \"additive\": ");
	put(o, s->method == SSPF_STATS_CKM ? "false" : "true");
	/* a period not yet over: its figures may still change */
	put(o, ",\n  \"preliminary\": ");
	put(o, s->preliminary ? "true" : "false");
	put(o, ",\n  \"cells\": [");
	for (size_t i = 0; i < s->n_cells; i++) {
		const sspf_stats_cell *c = &s->cells[i];

		put(o, i > 0 ? ",\n    {" : "\n    {");
		put(o, "\"table\": ");
		json_string(o, c->table);
		put(o, ", \"dimensions\": {");
		for (int d = 0; d < SSPF_STATS_DIMS && c->dim[d] != NULL; d++) {
			if (d > 0)
				put(o, ", ");
			json_string(o, c->dim[d]);
			put(o, ": ");
			json_string(o, c->cat[d]);
		}
		put(o, "}, \"kind\": ");
		json_string(o, kind_names[c->kind]);
		put(o, ", \"value\": ");
		if (c->hidden) {
			put(o, "null, \"hidden\": true}");
		} else {
			number(c, num, sizeof num);
			put(o, num);
			put(o, ", \"hidden\": false}");
		}
	}
	put(o, "\n  ]");
	/* the exact figures, which only the city's secret key opens
	   (base64: nothing to escape) */
	if (s->sealed != NULL) {
		put(o, ",\n  \"sealed\": ");
		json_string(o, s->sealed);
	}
	put(o, "\n}\n");
}

sspf_err sspf_stats_write(const sspf_stats *s, sspf_stats_format f, int fd)
{
	out o = { .fd = fd };

	err_clear();
	if (s == NULL || fd < 0)
		return err_set(SSPF_ERR_INVALID, "nothing to write");
	if (f == SSPF_STATS_JSON)
		write_json(&o, s);
	else
		write_csv(&o, s);
	flush(&o);
	if (o.err != 0)
		return err_set(SSPF_ERR_IO, "writing the statistics: %s",
			       strerror(o.err));
	return SSPF_OK;
}
