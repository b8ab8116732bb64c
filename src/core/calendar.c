/*
 * calendar.c - the meetings as an RFC 5545 iCalendar
 * (include/sspf/calendar.h): content lines folded at 75 octets on UTF-8
 * character boundaries, TEXT values escaped, a VTIMEZONE for
 * Europe/Stockholm and one VEVENT per meeting with meeting facts only
 * (read through sspf_meeting_list, which reads nothing of a case). The
 * calendar is made in a memory buffer owned by this file, then written to
 * the caller's descriptor; one "export" audit entry without a case code.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include <sspf/calendar.h>
#include <sspf/consent.h>
#include <sspf/meetings.h>
#include <sspf/settings.h>

#include "core/audit.h"
#include "core/core_priv.h"
#include "store/errors_internal.h"

/* The longest content line before folding (RFC 5545 3.1), in octets. */
#define ICS_LINE_MAX 75

/* What SUMMARY says for each kind of meeting. */
static const char *const kind_summary[SSPF_MEETING_KINDS] = {
	[SSPF_MEETING_GROUP] = "Arbetsgruppsm\xc3\xb6te (SSPF)",
	[SSPF_MEETING_NETWORK] = "N\xc3\xa4tverksm\xc3\xb6te (SSPF)",
	[SSPF_MEETING_FOLLOW_UP] = "Uppf\xc3\xb6ljning (SSPF)",
};

/* The time zone of every event: CET/CEST with the EU rules since 1996. */
static const char *const vtimezone[] = {
	"BEGIN:VTIMEZONE",
	"TZID:Europe/Stockholm",
	"BEGIN:DAYLIGHT",
	"TZOFFSETFROM:+0100",
	"TZOFFSETTO:+0200",
	"TZNAME:CEST",
	"DTSTART:19700329T020000",
	"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
	"END:DAYLIGHT",
	"BEGIN:STANDARD",
	"TZOFFSETFROM:+0200",
	"TZOFFSETTO:+0100",
	"TZNAME:CET",
	"DTSTART:19701025T030000",
	"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
	"END:STANDARD",
	"END:VTIMEZONE",
};

/* A growing byte buffer; oom is sticky. The owner frees p. */
struct buf {
	char *p;
	size_t len, cap;
	bool oom;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap != 0 ? b->cap : 4096;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		if ((p = realloc(b->p, cap)) == NULL) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

/*
 * Append the content line s (unfolded, without CRLF) folded: at most 75
 * octets a line, the continuation lines starting with one space, never
 * cutting a UTF-8 character; each line ends in CRLF.
 */
static void line(struct buf *b, const char *s)
{
	size_t len = strlen(s), pos = 0, limit = ICS_LINE_MAX;

	do {
		size_t n = len - pos < limit ? len - pos : limit;

		/* do not end a line before a continuation byte */
		while (n > 0 && pos + n < len &&
		       ((unsigned char)s[pos + n] & 0xc0) == 0x80)
			n--;
		if (pos != 0)
			put(b, " ", 1);
		put(b, s + pos, n);
		put(b, "\r\n", 2);
		pos += n;
		limit = ICS_LINE_MAX - 1; /* the space counts */
	} while (pos < len);
}

/* Append value escaped as RFC 5545 TEXT (3.3.11); controls dropped. */
static void escape_text(struct buf *b, const char *value)
{
	for (const char *p = value; p != NULL && *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '\\' || c == ';' || c == ',') {
			char e[2] = { '\\', (char)c };

			put(b, e, 2);
		} else if (c == '\n') {
			put(b, "\\n", 2);
		} else if (c < 0x20 || c == 0x7f) {
			continue; /* \r, tabs and other controls */
		} else {
			put(b, p, 1);
		}
	}
}

/* Append the property name with a TEXT value, escaped and folded. */
static void prop_text(struct buf *b, const char *name, const char *value)
{
	struct buf t = { 0 };

	puts_(&t, name);
	put(&t, ":", 1);
	escape_text(&t, value);
	if (t.oom)
		b->oom = true;
	else
		line(b, t.p);
	free(t.p);
}

/* What the meetings are written with. */
struct cal {
	struct buf *b;
	const char *municipality, *district;
	char stamp[17]; /* "YYYYMMDDTHHMMSSZ" */
	bool bad_hash;
};

/* "<32 hex>@sspf" into uid (see calendar.h); false if hashing failed. */
static bool make_uid(const struct cal *c, sspf_id id, char uid[40])
{
	static const char tag[] = "sspf-calendar-uid-1";
	crypto_generichash_state h;
	unsigned char out[16];
	char num[24];

	snprintf(num, sizeof num, "%lld", (long long)id);
	if (crypto_generichash_init(&h, NULL, 0, sizeof out) != 0 ||
	    crypto_generichash_update(&h, (const unsigned char *)tag,
				      sizeof tag) != 0 ||
	    crypto_generichash_update(&h,
				      (const unsigned char *)c->municipality,
				      strlen(c->municipality) + 1) != 0 ||
	    crypto_generichash_update(&h, (const unsigned char *)c->district,
				      strlen(c->district) + 1) != 0 ||
	    crypto_generichash_update(&h, (const unsigned char *)num,
				      strlen(num)) != 0 ||
	    crypto_generichash_final(&h, out, sizeof out) != 0)
		return false;
	sodium_bin2hex(uid, 33, out, sizeof out);
	memcpy(uid + 32, "@sspf", sizeof "@sspf");
	return true;
}

/* "NAME;TZID=Europe/Stockholm:YYYYMMDDTHHMM00" for date d at hhmm. */
static void prop_local(struct buf *b, const char *name, sspf_date d,
		       const char *hhmm)
{
	char s[80];
	int y, mo, da;

	sspf_date_parts(d, &y, &mo, &da);
	snprintf(s, sizeof s,
		 "%s;TZID=Europe/Stockholm:%04d%02d%02dT%.2s%.2s00", name, y,
		 mo, da, hhmm, hhmm + 3);
	line(b, s);
}

/* The actors taking part, "Aktörer: skola, socialtjänst". */
static void prop_actors(struct buf *b, unsigned actors)
{
	char s[160] = "Akt\xc3\xb6rer: ";
	bool first = true;

	if ((actors & SSPF_ACTOR_ALL) == 0)
		return;
	for (unsigned a = 1; a <= SSPF_ACTOR_ALL; a <<= 1) {
		const char *name = (actors & a) ? sspf_actor_name(a) : NULL;

		if (name == NULL)
			continue;
		if (!first)
			strcat(s, ", ");
		strcat(s, name);
		first = false;
	}
	prop_text(b, "DESCRIPTION", s);
}

static int write_event(void *arg, const sspf_meeting *m)
{
	struct cal *c = arg;
	struct buf *b = c->b;
	char uid[40], s[64];

	if ((unsigned)m->kind >= SSPF_MEETING_KINDS || strlen(m->start) != 5 ||
	    strlen(m->end) != 5)
		return 0; /* meetings.c checks these on the way in */
	if (!make_uid(c, m->id, uid)) {
		c->bad_hash = true;
		return 1;
	}
	line(b, "BEGIN:VEVENT");
	snprintf(s, sizeof s, "UID:%s", uid);
	line(b, s);
	snprintf(s, sizeof s, "DTSTAMP:%s", c->stamp);
	line(b, s);
	prop_local(b, "DTSTART", m->date, m->start);
	prop_local(b, "DTEND", m->date, m->end);
	prop_text(b, "SUMMARY", kind_summary[m->kind]);
	if (m->place != NULL && m->place[0] != '\0')
		prop_text(b, "LOCATION", m->place);
	prop_actors(b, m->actors);
	line(b, "END:VEVENT");
	return b->oom ? 1 : 0;
}

/* Write n bytes of p to fd; SSPF_OK or the error of write(2). */
static sspf_err write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return err_errno(errno, "writing the calendar", NULL);
		}
		p += w;
		n -= (size_t)w;
	}
	return SSPF_OK;
}

/* The calendar of meetings from..to into b, with c's settings. */
static sspf_err build(sspf_core *core, sspf_date from, sspf_date to,
		      struct cal *c)
{
	struct buf *b = c->b;
	struct tm tm;
	time_t now = sspf_clock_now(core->clock);
	sspf_err e;

	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(c->stamp, sizeof c->stamp, "%Y%m%dT%H%M%SZ", &tm) == 0)
		return err_set(SSPF_ERR_INTERNAL,
			       "the clock gave a time that cannot be written");
	line(b, "BEGIN:VCALENDAR");
	line(b, "VERSION:2.0");
	line(b, "PRODID:-//sspf//sspf calendar 1//SV");
	line(b, "CALSCALE:GREGORIAN");
	line(b, "METHOD:PUBLISH");
	for (size_t i = 0; i < sizeof vtimezone / sizeof vtimezone[0]; i++)
		line(b, vtimezone[i]);
	e = sspf_meeting_list(core, from, to, 0, write_event, c);
	if (e != SSPF_OK)
		return e;
	if (c->bad_hash)
		return err_set(SSPF_ERR_INTERNAL,
			       "an event's UID could not be made");
	line(b, "END:VCALENDAR");
	if (b->oom)
		return err_set(SSPF_ERR_NOMEM, "making the calendar");
	return SSPF_OK;
}

sspf_err sspf_calendar_write(sspf_core *core, sspf_date from, sspf_date to,
			     int fd)
{
	struct buf b = { 0 };
	struct cal c = { .b = &b };
	char *municipality = NULL, *district = NULL;
	sspf_err e;

	err_clear();
	if (core == NULL || fd < 0)
		return err_set(SSPF_ERR_INVALID, "no calendar to write to");
	if (from != 0 && to != 0 && to < from)
		return err_set(SSPF_ERR_INVALID,
			       "the end of the period lies before its start");
	if ((e = sspf_setting_get(core->st, "municipality", &municipality)) !=
		    SSPF_OK ||
	    (e = sspf_setting_get(core->st, "district", &district)) != SSPF_OK)
		goto out;
	c.municipality = municipality;
	c.district = district;
	if ((e = build(core, from, to, &c)) != SSPF_OK)
		goto out;
	/* accountable before anything leaves the database */
	if ((e = audit_append(core, "export", NULL)) != SSPF_OK)
		goto out;
	e = write_all(fd, b.p, b.len);
out:
	free(municipality);
	free(district);
	free(b.p);
	return e;
}
