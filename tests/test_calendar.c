/*
 * test_calendar.c - the meeting calendar (src/core/calendar.c,
 * include/sspf/calendar.h) on a real encrypted store with a clock the
 * tests move: a structural checker of RFC 5545 written here (CRLF, lines
 * of at most 75 octets, folding that unfolds to the text, UTF-8 never
 * split, BEGIN/END balanced, the required properties of VCALENDAR,
 * VTIMEZONE and VEVENT); the events of a from/to window; DTSTART, DTEND,
 * DTSTAMP; escaping; no case code, child's, guardian's or participant's
 * name, nor agenda topic anywhere; stable and distinct UIDs; one audit
 * entry per export.
 */
#include "testutil.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sspf/calendar.h>
#include <sspf/cases.h>
#include <sspf/consent.h>
#include <sspf/core.h>
#include <sspf/date.h>
#include <sspf/meetings.h>
#include <sspf/settings.h>

/* ---- fixture ---- */

static char *dir, *db;
static sspf_store *st;
static sspf_core *core;

static void setup(void)
{
	tu_core_setup(2026, 3, 10, &dir, &db, &st, &core);
}

static void teardown(void)
{
	tu_core_teardown(dir, db, st, core);
}

/* ---- what must never be in a calendar ---- */

#define CHILD "Selma Lindqvist"
#define CHILD2 "Omar Nilsson"
#define MOTHER "Anna Berg"
#define FATHER "Erik Berg"
#define TEACHER "Karin Lärare"
#define WORKER "Per Handläggare"
#define FAMILY_P "Farmor Gunnel Berg"
#define TOPIC "Ämne: oro kring Selma på fritids"

/* The case codes made by fill(). */
static char code1[SSPF_CODE_SIZE], code2[SSPF_CODE_SIZE];

/* A place with every character TEXT escapes. */
#define PLACE_ESC "Rum 3, Hus B; Ingång \\ Väster"
#define PLACE_ESC_OUT "Rum 3\\, Hus B\\; Ingång \\\\ Väster"
/* A long Swedish place, with an odd number of ASCII octets before a run
 * of two-octet characters so that a naive fold would cut one. */
#define PLACE_LONG                                                                                                            \
	"X Stadsdelsförvaltningen Östra Göteborg, Åkerbärsvägen 12, "                                                   \
	"åäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäö " \
	"sammanträdesrummet Älgen på våningen över källaren"

static sspf_id meeting(sspf_meeting_kind kind, sspf_date date,
		       const char *start, const char *end, const char *place)
{
	sspf_meeting_new m = { 0 };
	sspf_id id = 0;

	m.kind = kind;
	m.date = date;
	m.start = start;
	m.end = end;
	m.place = place;
	m.district = "Centrum";
	tu_ok(sspf_meeting_create(core, &m, &id), "meeting");
	tu_ok(sspf_participant_add(core, id, TEACHER, SSPF_ACTOR_SKOLA,
				   "mentor", NULL),
	      "participant");
	tu_ok(sspf_participant_add(core, id, WORKER, SSPF_ACTOR_SOCIALTJANST,
				   "handläggare", NULL),
	      "participant");
	return id;
}

static void make_case(const char *child, char code[SSPF_CODE_SIZE])
{
	sspf_case_new c = { 0 };
	sspf_guardian_new g = { 0 };

	c.child_name = child;
	c.birth = tu_date(2013, 5, 20);
	tu_ok(sspf_case_create(core, &c, code), "case");
	g.custody = true;
	g.name = MOTHER;
	tu_ok(sspf_guardian_add(core, code, &g, NULL), "guardian");
	g.name = FATHER;
	tu_ok(sspf_guardian_add(core, code, &g, NULL), "guardian");
}

/* Three meetings, one of each kind, with cases, topics and family. */
static sspf_id mids[3];
static void fill(void)
{
	make_case(CHILD, code1);
	make_case(CHILD2, code2);
	mids[0] = meeting(SSPF_MEETING_GROUP, tu_date(2026, 3, 12), "09:00",
			  "10:30", PLACE_ESC);
	tu_ok(sspf_agenda_add_case(core, mids[0], code1, NULL), "agenda");
	tu_ok(sspf_agenda_add_case(core, mids[0], code2, NULL), "agenda");
	tu_ok(sspf_agenda_add_topic(core, mids[0], TOPIC, NULL), "topic");
	/* summer time: 2026-06-15 */
	mids[1] = meeting(SSPF_MEETING_NETWORK, tu_date(2026, 6, 15), "13:00",
			  "14:30", PLACE_LONG);
	tu_ok(sspf_participant_add(core, mids[1], FAMILY_P, 0, "farmor", NULL),
	      "family");
	tu_ok(sspf_participant_add(core, mids[1], MOTHER, 0, NULL, NULL),
	      "family");
	tu_ok(sspf_participant_add(core, mids[1], "Polis Pelle",
				   SSPF_ACTOR_POLIS, NULL, NULL),
	      "police");
	tu_ok(sspf_agenda_add_case(core, mids[1], code1, NULL), "agenda");
	mids[2] = meeting(SSPF_MEETING_FOLLOW_UP, tu_date(2026, 11, 2), "15:05",
			  "16:00", "Skolan");
	tu_ok(sspf_agenda_add_case(core, mids[2], code2, NULL), "agenda");
	tu_ok(sspf_agenda_add_topic(core, mids[2], TOPIC, NULL), "topic");
}

/* ---- the structural checker ---- */

#define MAX_LINES 512

/* A calendar read back: the unfolded content lines. */
struct ics {
	char *raw;
	size_t len;
	int n;
	char *line[MAX_LINES]; /* unfolded, without CRLF; owned */
	int events;
};

static void ics_free(struct ics *c)
{
	for (int i = 0; i < c->n; i++)
		free(c->line[i]);
	free(c->raw);
	memset(c, 0, sizeof *c);
}

/* Whether s[0..n) is whole, valid UTF-8 (no cut character). */
static bool utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t k;

		if (c < 0x80)
			k = 0;
		else if ((c & 0xe0) == 0xc0 && c >= 0xc2)
			k = 1;
		else if ((c & 0xf0) == 0xe0)
			k = 2;
		else if ((c & 0xf8) == 0xf0 && c <= 0xf4)
			k = 3;
		else
			return false;
		for (size_t j = 1; j <= k; j++)
			if (i + j >= n || (s[i + j] & 0xc0) != 0x80)
				return false;
		i += k + 1;
	}
	return true;
}

/* The property name of a content line into name (up to ':' or ';'). */
static void prop_name(const char *l, char *name, size_t size)
{
	size_t n = strcspn(l, ":;");

	if (n >= size)
		n = size - 1;
	memcpy(name, l, n);
	name[n] = '\0';
}

/* Whether lines [from, to) of c hold a property named name. */
static bool has_prop(const struct ics *c, int from, int to, const char *name)
{
	char p[64];

	for (int i = from; i < to; i++) {
		prop_name(c->line[i], p, sizeof p);
		if (strcmp(p, name) == 0)
			return true;
	}
	return false;
}

/*
 * Check the whole text by the rules of RFC 5545 the calendar must keep
 * and unfold it into *c (which owns raw). Asserts.
 */
static void ics_check(char *raw, size_t len, struct ics *c)
{
	const char *stack[8];
	int start[8], depth = 0;
	size_t pos = 0;

	memset(c, 0, sizeof *c);
	c->raw = raw;
	c->len = len;
	ck_assert_msg(len > 0, "empty calendar");
	ck_assert_msg(strlen(raw) == len, "a NUL in the calendar");
	while (pos < len) {
		const char *nl = memchr(raw + pos, '\n', len - pos);
		size_t n;

		ck_assert_msg(nl != NULL, "the last line has no CRLF");
		n = (size_t)(nl - (raw + pos));
		ck_assert_msg(n > 0 && raw[pos + n - 1] == '\r',
			      "a line does not end in CRLF at %zu", pos);
		n--; /* without the CR */
		ck_assert_msg(memchr(raw + pos, '\r', n) == NULL,
			      "a bare CR at %zu", pos);
		ck_assert_msg(n <= 75, "a line of %zu octets at %zu", n, pos);
		ck_assert_msg(n > 0, "an empty line at %zu", pos);
		ck_assert_msg(utf8_ok((const unsigned char *)raw + pos, n),
			      "a line with a cut UTF-8 character at %zu", pos);
		if (raw[pos] == ' ') {
			/* a continuation: unfold into the line before */
			char *prev, *more;
			size_t plen;

			ck_assert_msg(c->n > 0, "the first line is folded");
			ck_assert_msg(n > 1, "an empty continuation line");
			prev = c->line[c->n - 1];
			plen = strlen(prev);
			more = realloc(prev, plen + n);
			ck_assert_ptr_nonnull(more);
			memcpy(more + plen, raw + pos + 1, n - 1);
			more[plen + n - 1] = '\0';
			c->line[c->n - 1] = more;
		} else {
			ck_assert_int_lt(c->n, MAX_LINES);
			c->line[c->n] = strndup(raw + pos, n);
			ck_assert_ptr_nonnull(c->line[c->n]);
			c->n++;
		}
		pos += n + 2;
	}
	/* every logical line is NAME[;params]:value */
	for (int i = 0; i < c->n; i++) {
		const char *l = c->line[i];
		size_t nlen = strcspn(l, ":;");

		ck_assert_msg(nlen > 0 && l[nlen] != '\0' &&
				      strchr(l, ':') != NULL,
			      "not a content line: '%s'", l);
		for (size_t k = 0; k < nlen; k++)
			ck_assert_msg((l[k] >= 'A' && l[k] <= 'Z') ||
					      (l[k] >= '0' && l[k] <= '9') ||
					      l[k] == '-',
				      "a bad property name in '%s'", l);
	}
	/* BEGIN/END balanced, and the required properties of each part */
	for (int i = 0; i < c->n; i++) {
		const char *l = c->line[i];

		if (strncmp(l, "BEGIN:", 6) == 0) {
			ck_assert_int_lt(depth, 8);
			if (depth == 0)
				ck_assert_str_eq(l, "BEGIN:VCALENDAR");
			stack[depth] = l + 6;
			start[depth++] = i;
		} else if (strncmp(l, "END:", 4) == 0) {
			const char *what;

			ck_assert_msg(depth > 0, "END without BEGIN: %s", l);
			what = stack[--depth];
			ck_assert_str_eq(l + 4, what);
			if (strcmp(what, "VCALENDAR") == 0) {
				ck_assert_int_eq(i, c->n - 1);
				for (int k = 0; k < c->n; k++)
					ck_assert_msg(strcmp(c->line[k],
							     "VERSION:2.0") !=
								      0 ||
							      k > 0,
						      "version");
				ck_assert(has_prop(c, 0, c->n, "PRODID"));
				ck_assert(has_prop(c, 0, c->n, "VERSION"));
				ck_assert(has_prop(c, 0, c->n, "CALSCALE"));
			} else if (strcmp(what, "VTIMEZONE") == 0) {
				ck_assert(has_prop(c, start[depth], i, "TZID"));
			} else if (strcmp(what, "STANDARD") == 0 ||
				   strcmp(what, "DAYLIGHT") == 0) {
				static const char *const req[] = {
					"DTSTART", "TZOFFSETFROM", "TZOFFSETTO",
					"RRULE"
				};
				for (size_t k = 0; k < 4; k++)
					ck_assert_msg(has_prop(c, start[depth],
							       i, req[k]),
						      "%s without %s", what,
						      req[k]);
			} else if (strcmp(what, "VEVENT") == 0) {
				static const char *const req[] = {
					"UID",	 "DTSTAMP", "DTSTART",
					"DTEND", "SUMMARY", "LOCATION",
				};
				for (size_t k = 0; k < 6; k++)
					ck_assert_msg(has_prop(c, start[depth],
							       i, req[k]),
						      "VEVENT without %s",
						      req[k]);
				c->events++;
			}
		}
	}
	ck_assert_int_eq(depth, 0);
	/* the fixed lines of the calendar and its time zone */
	{
		static const char *const must[] = {
			"VERSION:2.0",
			"CALSCALE:GREGORIAN",
			"BEGIN:VTIMEZONE",
			"TZID:Europe/Stockholm",
			"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
			"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
			"TZOFFSETFROM:+0100",
			"TZOFFSETTO:+0200",
			"TZOFFSETFROM:+0200",
			"TZOFFSETTO:+0100",
		};
		for (size_t k = 0; k < sizeof must / sizeof must[0]; k++) {
			bool found = false;

			for (int i = 0; i < c->n && !found; i++)
				found = strcmp(c->line[i], must[k]) == 0;
			ck_assert_msg(found, "no line '%s'", must[k]);
		}
	}
}

/* Export from..to through a file and check it; *c is the caller's. */
static void export(sspf_date from, sspf_date to, struct ics *c)
{
	char *path = tu_join(dir, "out.ics");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	size_t len;
	char *raw;

	ck_assert_int_ge(fd, 0);
	tu_ok(sspf_calendar_write(core, from, to, fd), "calendar");
	ck_assert_int_eq(close(fd), 0);
	raw = (char *)tu_read_file(path, &len);
	ck_assert_ptr_nonnull(raw);
	unlink(path);
	free(path);
	ics_check(raw, len, c);
}

/* The n-th (0-based) value of property name (with its parameters). */
static const char *nth(const struct ics *c, const char *name, int n)
{
	char p[64];

	for (int i = 0; i < c->n; i++) {
		prop_name(c->line[i], p, sizeof p);
		if (strcmp(p, name) == 0 && n-- == 0)
			return c->line[i] + strlen(name);
	}
	return NULL;
}

static void lacks(const struct ics *c, const char *text)
{
	ck_assert_msg(strstr(c->raw, text) == NULL, "'%s' in the calendar",
		      text);
	for (int i = 0; i < c->n; i++)
		ck_assert_msg(strstr(c->line[i], text) == NULL,
			      "'%s' in the unfolded calendar", text);
}

/* ---- tests ---- */

START_TEST(test_structure_and_facts)
{
	struct ics c;

	fill();
	export(0, 0, &c);
	ck_assert_int_eq(c.events, 3);
	/* by date: group (winter), network (summer), follow-up */
	ck_assert_str_eq(nth(&c, "DTSTART", 2),
			 ";TZID=Europe/Stockholm:20260312T090000");
	ck_assert_str_eq(nth(&c, "DTEND", 0),
			 ";TZID=Europe/Stockholm:20260312T103000");
	ck_assert_str_eq(nth(&c, "DTSTART", 3),
			 ";TZID=Europe/Stockholm:20260615T130000");
	ck_assert_str_eq(nth(&c, "DTEND", 1),
			 ";TZID=Europe/Stockholm:20260615T143000");
	ck_assert_str_eq(nth(&c, "DTSTART", 4),
			 ";TZID=Europe/Stockholm:20261102T150500");
	ck_assert_str_eq(nth(&c, "DTEND", 2),
			 ";TZID=Europe/Stockholm:20261102T160000");
	ck_assert_str_eq(nth(&c, "SUMMARY", 0), ":Arbetsgruppsmöte (SSPF)");
	ck_assert_str_eq(nth(&c, "SUMMARY", 1), ":Nätverksmöte (SSPF)");
	ck_assert_str_eq(nth(&c, "SUMMARY", 2), ":Uppföljning (SSPF)");
	/* escaping, and folding that unfolds to the text */
	ck_assert_str_eq(nth(&c, "LOCATION", 0), ":" PLACE_ESC_OUT);
	ck_assert_str_eq(
		nth(&c, "LOCATION", 1),
		":X Stadsdelsförvaltningen Östra Göteborg\\, "
		"Åkerbärsvägen 12\\, "
		"åäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäö "
		"sammanträdesrummet Älgen på våningen över källaren");
	ck_assert_msg(strstr(c.raw, "\r\n ") != NULL, "nothing was folded");
	ck_assert_str_eq(nth(&c, "LOCATION", 2), ":Skolan");
	/* the actors, not the people */
	ck_assert_str_eq(nth(&c, "DESCRIPTION", 0),
			 ":Aktörer: skola\\, socialtjänst");
	ck_assert_str_eq(nth(&c, "DESCRIPTION", 1),
			 ":Aktörer: skola\\, socialtjänst\\, polis");
	/* DTSTAMP is the core's clock: noon in Stockholm in March = 11 UTC */
	ck_assert_str_eq(nth(&c, "DTSTAMP", 0), ":20260310T110000Z");
	ck_assert_str_eq(nth(&c, "DTSTAMP", 2), ":20260310T110000Z");
	/* nothing of a child, a family or a person */
	lacks(&c, code1);
	lacks(&c, code2);
	lacks(&c, CHILD);
	lacks(&c, "Selma");
	lacks(&c, CHILD2);
	lacks(&c, "Omar");
	lacks(&c, MOTHER);
	lacks(&c, FATHER);
	lacks(&c, "Berg");
	lacks(&c, TEACHER);
	lacks(&c, "Karin");
	lacks(&c, WORKER);
	lacks(&c, "Pelle");
	lacks(&c, FAMILY_P);
	lacks(&c, "Gunnel");
	lacks(&c, "farmor");
	lacks(&c, "mentor");
	lacks(&c, "Ämne");
	lacks(&c, "oro kring");
	lacks(&c, "Centrum"); /* the district is not written either */
	ics_free(&c);
}
END_TEST

START_TEST(test_window)
{
	struct ics c;

	fill();
	export(tu_date(2026, 3, 12), tu_date(2026, 6, 15), &c);
	ck_assert_int_eq(c.events, 2);
	ics_free(&c);
	export(tu_date(2026, 3, 13), 0, &c);
	ck_assert_int_eq(c.events, 2);
	ck_assert_str_eq(nth(&c, "SUMMARY", 0), ":Nätverksmöte (SSPF)");
	ics_free(&c);
	export(0, tu_date(2026, 3, 12), &c);
	ck_assert_int_eq(c.events, 1);
	ics_free(&c);
	export(tu_date(2026, 11, 3), 0, &c);
	ck_assert_int_eq(c.events, 0); /* still a whole calendar */
	ics_free(&c);
	ck_assert_int_eq(sspf_calendar_write(core, tu_date(2026, 6, 1),
					     tu_date(2026, 5, 1), 1),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(sspf_calendar_write(core, 0, 0, -1), SSPF_ERR_INVALID);
	ck_assert_int_eq(sspf_calendar_write(NULL, 0, 0, 1), SSPF_ERR_INVALID);
}
END_TEST

START_TEST(test_uids)
{
	struct ics a, b, d;
	const char *u[3];

	fill();
	tu_ok(sspf_setting_set(st, "municipality", "Mölndal"), "set");
	tu_ok(sspf_setting_set(st, "district", "Centrum"), "set");
	export(0, 0, &a);
	tu_set_today(2026, 4, 1); /* a later export: new DTSTAMP */
	export(0, 0, &b);
	ck_assert_str_ne(nth(&a, "DTSTAMP", 0), nth(&b, "DTSTAMP", 0));
	for (int i = 0; i < 3; i++) {
		u[i] = nth(&a, "UID", i);
		ck_assert_ptr_nonnull(u[i]);
		ck_assert_str_eq(u[i], nth(&b, "UID", i));
		ck_assert_uint_eq(strlen(u[i]), 1 + 32 + 5);
		ck_assert_str_eq(u[i] + 33, "@sspf");
		ck_assert_msg(strspn(u[i] + 1, "0123456789abcdef") == 32,
			      "UID %s", u[i]);
	}
	ck_assert_str_ne(u[0], u[1]);
	ck_assert_str_ne(u[0], u[2]);
	ck_assert_str_ne(u[1], u[2]);
	/* another district's database gives other UIDs */
	tu_ok(sspf_setting_set(st, "district", "Hisingen"), "set");
	export(0, 0, &d);
	for (int i = 0; i < 3; i++)
		ck_assert_str_ne(u[i], nth(&d, "UID", i));
	lacks(&a, "Mölndal"); /* hashed, not written */
	ics_free(&a);
	ics_free(&b);
	ics_free(&d);
}
END_TEST

START_TEST(test_audit)
{
	struct ics c;
	int64_t before;

	fill();
	before = tu_int(st, "SELECT COUNT(*) FROM audit_log");
	ck_assert_int_eq(tu_audit_n(st, "export", ""), 0);
	export(0, 0, &c);
	ics_free(&c);
	ck_assert_int_eq(tu_audit_n(st, "export", ""), 1);
	export(tu_date(2026, 6, 1), 0, &c);
	ics_free(&c);
	ck_assert_int_eq(tu_audit_n(st, "export", ""), 2);
	/* those two entries and nothing else; no case code anywhere */
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM audit_log"),
			 before + 2);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM audit_log WHERE "
				    "action = 'export' AND case_code <> ''"),
			 0);
	tu_audit_lacks(st, CHILD);
	/* a refused period writes no entry */
	ck_assert_int_eq(sspf_calendar_write(core, tu_date(2026, 6, 1),
					     tu_date(2026, 5, 1), 1),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(tu_audit_n(st, "export", ""), 2);
}
END_TEST

START_TEST(test_empty_and_bad_fd)
{
	struct ics c;
	int p[2];

	export(0, 0, &c);
	ck_assert_int_eq(c.events, 0);
	ics_free(&c);
	/* a descriptor that cannot be written: an error, not a crash */
	ck_assert_int_eq(pipe(p), 0);
	close(p[1]);
	ck_assert_int_ne(sspf_calendar_write(core, 0, 0, p[0]), SSPF_OK);
	ck_assert_str_ne(sspf_err_detail(), "");
	close(p[0]);
}
END_TEST

static Suite *calendar_suite(void)
{
	Suite *s = suite_create("calendar");
	TCase *tc = tcase_create("calendar");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_structure_and_facts);
	tcase_add_test(tc, test_window);
	tcase_add_test(tc, test_uids);
	tcase_add_test(tc, test_audit);
	tcase_add_test(tc, test_empty_and_bad_fd);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	tu_tz_stockholm();
	return run_all(calendar_suite());
}
