/*
 * test_meetings.c - meetings, agendas, plans and actions
 * (src/core/meetings.c, include/sspf/meetings.h, DOMAIN.md "Meetings" and
 * "Consent") on a real encrypted store with a clock the tests move: an
 * arbetsgruppsmöte never shows a child's name; a network meeting shows the
 * name of an allowed case; an actor present outside the consent's scope
 * closes the item; expiry hides minutes, plan and actions at once; open
 * actions sorted by due date and flagged overdue as the clock moves;
 * follow-ups set the action's status; the agenda reordered; every gated
 * read and every change in the audit log, never a name; and every public
 * read function of meetings.h refusing or withholding for a case without
 * a valid consent (a table: a new read function is a new row).
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include <sspf/audit.h>
#include <sspf/cases.h>
#include <sspf/consent.h>
#include <sspf/core.h>
#include <sspf/date.h>
#include <sspf/meetings.h>

/* ---- fixture: a store, a core and a clock the tests move ---- */

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

/* ---- helpers ---- */

#define CHILD "Selma Lindqvist"
#define CHILD2 "Omar Nilsson"
#define MOTHER "Anna Berg"
#define FATHER "Erik Berg"
/* Case content that must never leave the gate of a refused case. */
#define SECRET_MINUTES "SECRET-minutes"
#define SECRET_GOAL "SECRET-goal"
#define SECRET_WHAT "SECRET-what"
#define SECRET_PERSON "SECRET-person"
#define SECRET_COMMENT "SECRET-comment"

static const char *const secrets[] = { SECRET_MINUTES, SECRET_GOAL, SECRET_WHAT,
				       SECRET_PERSON, SECRET_COMMENT };

#define SCOPE (SSPF_ACTOR_SKOLA | SSPF_ACTOR_SOCIALTJANST)

/* A case with joint custody, both guardians recorded; ids into g[2]. */
static void family(const char *child, char code[SSPF_CODE_SIZE], sspf_id g[2])
{
	sspf_case_new c = { 0 };
	sspf_guardian_new gn = { 0 };

	c.child_name = child;
	c.birth = tu_date(2013, 5, 20);
	tu_ok(sspf_case_create(core, &c, code), "create");
	gn.custody = true;
	gn.name = MOTHER;
	tu_ok(sspf_guardian_add(core, code, &gn, &g[0]), "guardian");
	gn.name = FATHER;
	tu_ok(sspf_guardian_add(core, code, &gn, &g[1]), "guardian");
}

static sspf_err consent(const char *code, sspf_date signed_on,
			sspf_date valid_until, const sspf_id *ids, size_t n,
			unsigned scope)
{
	sspf_consent_new c = { 0 };

	c.signed_on = signed_on;
	c.valid_until = valid_until;
	c.signed_by = ids;
	c.n_signed_by = n;
	c.scope = scope;
	return sspf_consent_register(core, code, &c, NULL);
}

/* family() and a consent signed 2026-03-01, valid to 2027-02-28. */
static void consented(const char *child, char code[SSPF_CODE_SIZE])
{
	sspf_id g[2];

	family(child, code, g);
	tu_ok(consent(code, tu_date(2026, 3, 1), 0, g, 2, SCOPE), "consent");
}

/* A meeting on date, 13:00-14:30, with a school and a social worker. */
static sspf_id meeting(sspf_meeting_kind kind, sspf_date date)
{
	sspf_meeting_new m = { 0 };
	sspf_id id = 0;

	m.kind = kind;
	m.date = date;
	m.start = "13:00";
	m.end = "14:30";
	m.place = "Rum 12, Stadsdelshuset";
	m.district = "Centrum";
	tu_ok(sspf_meeting_create(core, &m, &id), "meeting");
	tu_ok(sspf_participant_add(core, id, "Karin Lärare", SSPF_ACTOR_SKOLA,
				   "mentor", NULL),
	      "participant");
	tu_ok(sspf_participant_add(core, id, "Per Handläggare",
				   SSPF_ACTOR_SOCIALTJANST, "handläggare",
				   NULL),
	      "participant");
	return id;
}

static sspf_id add_case(sspf_id m, const char *code)
{
	sspf_id id = 0;

	tu_ok(sspf_agenda_add_case(core, m, code, &id), "agenda case");
	return id;
}

static sspf_id action(const char *code, const char *what, const char *person,
		      sspf_date due)
{
	sspf_action_new a = { 0 };
	sspf_id id = 0;

	a.what = what;
	a.actor = SSPF_ACTOR_SKOLA;
	a.person = person;
	a.due = due;
	tu_ok(sspf_action_add(core, code, &a, &id, NULL), "action");
	return id;
}

static int64_t audit_all(void)
{
	return tu_int(st, "SELECT COUNT(*) FROM audit_log");
}

static void audit_clean(void)
{
	tu_audit_lacks(st, CHILD);
	tu_audit_lacks(st, CHILD2);
	tu_audit_lacks(st, "Selma");
	tu_audit_lacks(st, MOTHER);
	tu_audit_lacks(st, FATHER);
	tu_audit_lacks(st, "Karin");
	for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++)
		tu_audit_lacks(st, secrets[i]);
}

/* What an agenda gave, copied out of the callbacks. */
struct agenda_seen {
	int n;
	struct {
		sspf_id id;
		int position;
		bool is_case;
		char code[SSPF_CODE_SIZE];
		char topic[64];
		bool has_minutes, has_name;
		char minutes[64], name[64];
		unsigned present;
		sspf_verdict verdict;
	} l[16];
};

static int agenda_cb(void *arg, const sspf_agenda_line *l)
{
	struct agenda_seen *A = arg;

	ck_assert_int_lt(A->n, 16);
	A->l[A->n].id = l->id;
	A->l[A->n].position = l->position;
	A->l[A->n].is_case = l->is_case;
	snprintf(A->l[A->n].code, SSPF_CODE_SIZE, "%s", l->code);
	snprintf(A->l[A->n].topic, 64, "%s", l->topic);
	A->l[A->n].has_minutes = l->minutes != NULL;
	A->l[A->n].has_name = l->child_name != NULL;
	snprintf(A->l[A->n].minutes, 64, "%s",
		 l->minutes != NULL ? l->minutes : "");
	snprintf(A->l[A->n].name, 64, "%s",
		 l->child_name != NULL ? l->child_name : "");
	A->l[A->n].present = l->present;
	A->l[A->n].verdict = l->verdict;
	A->n++;
	return 0;
}

static struct agenda_seen agenda(sspf_id m)
{
	struct agenda_seen A;

	memset(&A, 0, sizeof A);
	tu_ok(sspf_agenda_get(core, m, agenda_cb, &A), "agenda");
	return A;
}

struct open_seen {
	int n;
	struct {
		char code[SSPF_CODE_SIZE];
		sspf_date due;
		bool overdue, withheld, has_what, has_person;
		char what[64], person[64];
		unsigned actor;
		sspf_consent_reason reason;
	} l[16];
};

static int open_cb(void *arg, const sspf_open_action *a)
{
	struct open_seen *O = arg;

	ck_assert_int_lt(O->n, 16);
	snprintf(O->l[O->n].code, SSPF_CODE_SIZE, "%s", a->code);
	O->l[O->n].due = a->due;
	O->l[O->n].overdue = a->overdue;
	O->l[O->n].withheld = a->withheld;
	O->l[O->n].has_what = a->what != NULL;
	O->l[O->n].has_person = a->person != NULL;
	snprintf(O->l[O->n].what, 64, "%s", a->what != NULL ? a->what : "");
	snprintf(O->l[O->n].person, 64, "%s",
		 a->person != NULL ? a->person : "");
	O->l[O->n].actor = a->actor;
	O->l[O->n].reason = a->verdict.reason;
	O->n++;
	return 0;
}

static struct open_seen open_actions(const sspf_action_filter *f)
{
	struct open_seen O;

	memset(&O, 0, sizeof O);
	tu_ok(sspf_actions_open(core, f, open_cb, &O), "actions");
	return O;
}

/* ---- meetings ---- */

START_TEST(test_meeting_facts)
{
	sspf_meeting_new m = { 0 };
	sspf_id id = 0;

	m.kind = SSPF_MEETING_NETWORK;
	m.date = tu_date(2026, 3, 12);
	m.start = "09:00";
	m.end = "08:59";
	ck_assert_int_eq(sspf_meeting_create(core, &m, &id), SSPF_ERR_INVALID);
	static const char *const bad[] = { "9:00",  "24:00", "12:60", "12-00",
					   "12:0a", "",	     "12:000" };
	m.end = "10:00";
	ck_assert_int_eq(sspf_time_minutes("00:00"), 0);
	ck_assert_int_eq(sspf_time_minutes("23:59"), 23 * 60 + 59);
	ck_assert_int_eq(sspf_time_minutes(NULL), -1);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_int_eq(sspf_time_minutes(bad[i]), -1);
		m.start = bad[i];
		ck_assert_msg(sspf_meeting_create(core, &m, &id) ==
				      SSPF_ERR_INVALID,
			      "'%s' accepted", bad[i]);
	}
	m.start = NULL;
	ck_assert_int_eq(sspf_meeting_create(core, &m, &id), SSPF_ERR_INVALID);
	m.start = "09:00";
	m.kind = (sspf_meeting_kind)9;
	ck_assert_int_eq(sspf_meeting_create(core, &m, &id), SSPF_ERR_INVALID);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM meeting"), 0);
	m.kind = SSPF_MEETING_NETWORK;
	tu_ok(sspf_meeting_create(core, &m, &id), "create");
	m.place = "Skolan";
	m.start = "10:00";
	m.end = "11:00";
	tu_ok(sspf_meeting_update(core, id, &m), "update");
	ck_assert_int_eq(sspf_meeting_update(core, id + 1, &m),
			 SSPF_ERR_NOT_FOUND);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM meeting WHERE "
				    "start_time = '10:00' AND place = "
				    "'Skolan'"),
			 1);
	ck_assert_int_eq(
		sspf_participant_add(core, id, "X",
				     SSPF_ACTOR_SKOLA | SSPF_ACTOR_POLIS, NULL,
				     NULL),
		SSPF_ERR_INVALID);
	ck_assert_int_eq(sspf_participant_add(core, id, "", 0, NULL, NULL),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(sspf_participant_add(core, id + 1, "X", 0, NULL, NULL),
			 SSPF_ERR_NOT_FOUND);
	/* one meeting by its id, as the screens open it */
	{
		sspf_meeting got;

		tu_ok(sspf_participant_add(core, id, "Lärare L",
					   SSPF_ACTOR_SKOLA, "mentor", NULL),
		      "participant");
		tu_ok(sspf_meeting_get(core, id, &got), "get");
		ck_assert_int_eq(got.id, id);
		ck_assert_int_eq(got.kind, SSPF_MEETING_NETWORK);
		ck_assert_int_eq(got.date, tu_date(2026, 3, 12));
		ck_assert_str_eq(got.start, "10:00");
		ck_assert_str_eq(got.end, "11:00");
		ck_assert_str_eq(got.place, "Skolan");
		ck_assert_str_eq(got.district, "");
		ck_assert_uint_eq(got.actors, SSPF_ACTOR_SKOLA);
		ck_assert_uint_eq(got.n_participants, 1);
		sspf_meeting_clear(&got);
		ck_assert_ptr_null(got.place);
		ck_assert_int_eq(sspf_meeting_get(core, id + 1, &got),
				 SSPF_ERR_NOT_FOUND);
		ck_assert_int_eq(sspf_meeting_get(core, 0, &got),
				 SSPF_ERR_INVALID);
	}
	tu_ok(sspf_meeting_delete(core, id), "delete");
	ck_assert_int_eq(sspf_meeting_delete(core, id), SSPF_ERR_NOT_FOUND);
	ck_assert_int_eq(tu_audit_n(st, "change", ""), 4);

	sspf_meeting_kind k;
	ck_assert(sspf_meeting_kind_parse("arbetsgruppsmöte", &k) &&
		  k == SSPF_MEETING_GROUP);
	ck_assert(sspf_meeting_kind_parse("natverksmote", &k) &&
		  k == SSPF_MEETING_NETWORK);
	ck_assert(!sspf_meeting_kind_parse("möte", &k));
}
END_TEST

struct list_seen {
	int n;
	sspf_id id[16];
	size_t items[16];
	unsigned actors[16];
	char text[2048];
};

static int list_cb(void *arg, const sspf_meeting *m)
{
	struct list_seen *L = arg;
	size_t len = strlen(L->text);

	ck_assert_int_lt(L->n, 16);
	L->id[L->n] = m->id;
	L->items[L->n] = m->n_items;
	L->actors[L->n] = m->actors;
	snprintf(L->text + len, sizeof L->text - len, "%s %s %s %s|", m->start,
		 m->end, m->place, m->district);
	L->n++;
	return 0;
}

START_TEST(test_meeting_list)
{
	char code[SSPF_CODE_SIZE];
	sspf_id m1, m2, m3;
	struct list_seen L = { 0 };
	int64_t before;

	consented(CHILD, code);
	m2 = meeting(SSPF_MEETING_NETWORK, tu_date(2026, 3, 20));
	m1 = meeting(SSPF_MEETING_GROUP, tu_date(2026, 3, 12));
	m3 = meeting(SSPF_MEETING_FOLLOW_UP, tu_date(2026, 4, 2));
	add_case(m1, code);
	tu_ok(sspf_agenda_add_topic(core, m1, "Läget i området", NULL),
	      "topic");
	before = audit_all();
	tu_ok(sspf_meeting_list(core, 0, 0, 0, list_cb, &L), "list");
	ck_assert_int_eq(L.n, 3);
	ck_assert_int_eq(L.id[0], m1);
	ck_assert_int_eq(L.id[1], m2);
	ck_assert_int_eq(L.id[2], m3);
	ck_assert_uint_eq(L.items[0], 2);
	ck_assert_uint_eq(L.actors[0], SCOPE);
	ck_assert_ptr_null(strstr(L.text, code));
	ck_assert_ptr_null(strstr(L.text, CHILD));
	/* meeting facts only: nothing of a case read, nothing logged */
	ck_assert_int_eq(audit_all(), before);

	memset(&L, 0, sizeof L);
	tu_ok(sspf_meeting_list(core, tu_date(2026, 3, 13),
				tu_date(2026, 3, 31), 0, list_cb, &L),
	      "from-to");
	ck_assert_int_eq(L.n, 1);
	ck_assert_int_eq(L.id[0], m2);
	memset(&L, 0, sizeof L);
	tu_ok(sspf_meeting_list(core, 0, 0,
				(1u << SSPF_MEETING_GROUP) |
					(1u << SSPF_MEETING_FOLLOW_UP),
				list_cb, &L),
	      "kinds");
	ck_assert_int_eq(L.n, 2);
	ck_assert_int_eq(L.id[0], m1);
	ck_assert_int_eq(L.id[1], m3);
}
END_TEST

/* ---- agendas and the gate ---- */

START_TEST(test_group_agenda_no_names)
{
	char a[SSPF_CODE_SIZE], b[SSPF_CODE_SIZE];
	sspf_id g[2], m, ia, ib, it;
	struct agenda_seen A;
	sspf_verdict v;
	char *sql;

	consented(CHILD, a);
	family(CHILD2, b, g); /* no consent */
	m = meeting(SSPF_MEETING_GROUP, tu_date(2026, 3, 12));
	ia = add_case(m, a);
	ib = add_case(m, b);
	tu_ok(sspf_agenda_add_topic(core, m, "Läget i området", &it), "topic");
	tu_ok(sspf_agenda_set_minutes(core, ia, "Närvaron har ökat.", &v),
	      "minutes");
	ck_assert(v.allowed);
	tu_ok(sspf_agenda_set_minutes(core, it, "Allmänt lugnt.", NULL),
	      "topic");
	/* no minutes for a case without consent: nothing is written */
	ck_assert_int_eq(sspf_agenda_set_minutes(core, ib, "x", &v),
			 SSPF_ERR_REFUSED);
	ck_assert_int_eq(v.reason, SSPF_CONSENT_NONE);
	/* were there any (from before), they are not shown */
	sql = sqlite3_mprintf("UPDATE agenda_item SET minutes = %Q WHERE "
			      "id = %lld",
			      SECRET_MINUTES, (long long)ib);
	tu_exec(st, sql);
	sqlite3_free(sql);

	int64_t va = tu_audit_n(st, "view", a),
		rb = tu_audit_n(st, "refused", b);
	A = agenda(m);
	ck_assert_int_eq(A.n, 3);
	ck_assert_int_eq(A.l[0].position, 1);
	ck_assert_str_eq(A.l[0].code, a);
	ck_assert(A.l[0].verdict.allowed);
	ck_assert(A.l[0].has_minutes);
	ck_assert_str_eq(A.l[0].minutes, "Närvaron har ökat.");
	ck_assert(!A.l[0].has_name); /* never in an arbetsgruppsmöte */
	ck_assert_uint_eq(A.l[0].present, SCOPE);
	ck_assert_str_eq(A.l[1].code, b);
	ck_assert(!A.l[1].verdict.allowed);
	ck_assert_int_eq(A.l[1].verdict.reason, SSPF_CONSENT_NONE);
	ck_assert(!A.l[1].has_minutes && !A.l[1].has_name);
	ck_assert(!A.l[2].is_case);
	ck_assert_str_eq(A.l[2].topic, "Läget i området");
	ck_assert_str_eq(A.l[2].minutes, "Allmänt lugnt.");
	ck_assert_int_eq(tu_audit_n(st, "view", a), va + 1);
	ck_assert_int_eq(tu_audit_n(st, "refused", b), rb + 1);
	audit_clean();
}
END_TEST

struct people {
	int n, named;
};

static int people_cb(void *arg, const sspf_participant_line *l)
{
	struct people *P = arg;

	P->n++;
	if (l->name != NULL) {
		P->named++;
		if (l->actor == 0)
			ck_assert_str_eq(l->name, MOTHER);
	}
	return 0;
}

START_TEST(test_network_agenda_name)
{
	char a[SSPF_CODE_SIZE], b[SSPF_CODE_SIZE];
	sspf_id g[2], m, ia;
	struct agenda_seen A;
	struct people P = { 0, 0 };

	consented(CHILD, a);
	m = meeting(SSPF_MEETING_NETWORK, tu_date(2026, 3, 12));
	tu_ok(sspf_participant_add(core, m, MOTHER, 0, "vårdnadshavare", NULL),
	      "mother");
	ia = add_case(m, a);
	tu_ok(sspf_agenda_set_minutes(core, ia, "Plan gjord.", NULL),
	      "minutes");
	A = agenda(m);
	ck_assert_int_eq(A.n, 1);
	ck_assert(A.l[0].verdict.allowed && A.l[0].verdict.show_name);
	ck_assert(A.l[0].has_name);
	ck_assert_str_eq(A.l[0].name, CHILD);
	ck_assert_str_eq(A.l[0].minutes, "Plan gjord.");
	/* the family's names with it */
	tu_ok(sspf_participants_get(core, m, people_cb, &P), "participants");
	ck_assert_int_eq(P.n, 3);
	ck_assert_int_eq(P.named, 3);

	/* a case without consent on the agenda: no family names */
	family(CHILD2, b, g);
	add_case(m, b);
	memset(&P, 0, sizeof P);
	tu_ok(sspf_participants_get(core, m, people_cb, &P), "participants");
	ck_assert_int_eq(P.n, 3);
	ck_assert_int_eq(P.named, 2);
	audit_clean();
}
END_TEST

START_TEST(test_out_of_scope_item)
{
	char a[SSPF_CODE_SIZE];
	sspf_id m, ia;
	struct agenda_seen A;
	sspf_verdict v;
	int64_t refused_before;

	consented(CHILD, a); /* scope: school, social services */
	m = meeting(SSPF_MEETING_NETWORK, tu_date(2026, 3, 12));
	ia = add_case(m, a);
	tu_ok(sspf_agenda_set_minutes(core, ia, SECRET_MINUTES, NULL),
	      "minutes");
	tu_ok(sspf_participant_add(core, m, "Polis Polisson", SSPF_ACTOR_POLIS,
				   "kontaktpolis", NULL),
	      "police");
	refused_before = tu_audit_n(st, "refused", a);
	A = agenda(m);
	ck_assert_uint_eq(A.l[0].present, SCOPE | SSPF_ACTOR_POLIS);
	ck_assert(!A.l[0].verdict.allowed);
	ck_assert_int_eq(A.l[0].verdict.reason, SSPF_CONSENT_OUT_OF_SCOPE);
	ck_assert_uint_eq(A.l[0].verdict.actors, SSPF_ACTOR_POLIS);
	ck_assert(!A.l[0].has_minutes && !A.l[0].has_name);
	ck_assert_int_eq(tu_audit_n(st, "refused", a), refused_before + 1);
	/* nor can minutes be written with the police present */
	ck_assert_int_eq(sspf_agenda_set_minutes(core, ia, "x", &v),
			 SSPF_ERR_REFUSED);
	ck_assert_int_eq(v.reason, SSPF_CONSENT_OUT_OF_SCOPE);

	/* the police leave before this item */
	tu_ok(sspf_agenda_set_present(core, ia, SCOPE), "present");
	A = agenda(m);
	ck_assert(A.l[0].verdict.allowed);
	ck_assert_str_eq(A.l[0].minutes, SECRET_MINUTES);
	ck_assert_str_eq(A.l[0].name, CHILD);
	/* and back to the meeting's actors */
	tu_ok(sspf_agenda_set_present(core, ia, SSPF_PRESENT_MEETING),
	      "present");
	A = agenda(m);
	ck_assert(!A.l[0].verdict.allowed);
	ck_assert_int_eq(sspf_agenda_set_present(core, ia, 0x40),
			 SSPF_ERR_INVALID);
}
END_TEST

START_TEST(test_expiry_hides_everything)
{
	char a[SSPF_CODE_SIZE];
	sspf_id m, ia, goal;
	struct agenda_seen A;
	struct open_seen O;
	sspf_action_new an = { 0 };
	sspf_plan *p = NULL;
	sspf_verdict v;

	consented(CHILD, a); /* valid to 2027-02-28 */
	m = meeting(SSPF_MEETING_NETWORK, tu_date(2026, 3, 12));
	ia = add_case(m, a);
	tu_ok(sspf_agenda_set_minutes(core, ia, SECRET_MINUTES, NULL),
	      "minutes");
	tu_ok(sspf_goal_add(core, a, SECRET_GOAL, &goal, NULL), "goal");
	an.what = SECRET_WHAT;
	an.actor = SSPF_ACTOR_SOCIALTJANST;
	an.person = SECRET_PERSON;
	an.due = tu_date(2027, 3, 15);
	an.goal_id = goal;
	an.meeting_id = m;
	tu_ok(sspf_action_add(core, a, &an, NULL, NULL), "action");

	tu_set_today(2027, 2, 28);
	A = agenda(m);
	ck_assert_str_eq(A.l[0].minutes, SECRET_MINUTES);
	tu_ok(sspf_case_plan(core, a, NULL, &p, &v), "plan");
	ck_assert_uint_eq(p->n_goals, 1);
	ck_assert_str_eq(p->goals[0].text, SECRET_GOAL);
	ck_assert_uint_eq(p->n_actions, 1);
	ck_assert_str_eq(p->actions[0].what, SECRET_WHAT);
	ck_assert_int_eq(p->actions[0].goal_id, goal);
	ck_assert_int_eq(p->actions[0].meeting_id, m);
	sspf_plan_free(p);
	O = open_actions(NULL);
	ck_assert(!O.l[0].withheld);
	ck_assert_str_eq(O.l[0].what, SECRET_WHAT);

	/* the next day: gone everywhere at once */
	tu_set_today(2027, 3, 1);
	A = agenda(m);
	ck_assert(!A.l[0].has_minutes && !A.l[0].has_name);
	ck_assert_int_eq(A.l[0].verdict.reason, SSPF_CONSENT_EXPIRED);
	p = (sspf_plan *)1;
	ck_assert_int_eq(sspf_case_plan(core, a, NULL, &p, &v),
			 SSPF_ERR_REFUSED);
	ck_assert_ptr_null(p);
	ck_assert_int_eq(v.reason, SSPF_CONSENT_EXPIRED);
	O = open_actions(NULL);
	ck_assert_int_eq(O.n, 1);
	ck_assert(O.l[0].withheld);
	ck_assert(!O.l[0].has_what && !O.l[0].has_person);
	ck_assert_uint_eq(O.l[0].actor, 0);
	ck_assert_str_eq(O.l[0].code, a);
	ck_assert_int_eq(O.l[0].due, tu_date(2027, 3, 15));
	ck_assert_int_eq(O.l[0].reason, SSPF_CONSENT_EXPIRED);
	/* and nothing new can be added to it */
	ck_assert_int_eq(sspf_goal_add(core, a, "x", NULL, &v),
			 SSPF_ERR_REFUSED);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM goal"), 1);
	audit_clean();
}
END_TEST

/* ---- open actions ---- */

START_TEST(test_open_actions_order_overdue)
{
	char a[SSPF_CODE_SIZE], b[SSPF_CODE_SIZE], c[SSPF_CODE_SIZE];
	sspf_action_filter f = { 0 };
	struct open_seen O;
	sspf_id done;

	consented(CHILD, a);
	consented(CHILD2, b);
	consented("Tredje Barnet", c);
	action(a, "Kontakta hemmet", "Karin", tu_date(2026, 3, 20));
	action(b, "Ordna läxhjälp", "Per", tu_date(2026, 3, 12));
	action(a, "Utan datum", "Karin", 0);
	action(b, "Fritidsgård", "Per", tu_date(2026, 4, 1));
	action(c, SECRET_WHAT, SECRET_PERSON, tu_date(2026, 3, 11));
	done = action(a, "Redan klar", "Karin", tu_date(2026, 3, 1));
	tu_ok(sspf_action_set_status(core, done, SSPF_ACTION_DONE, NULL),
	      "done");
	tu_ok(sspf_consent_withdraw(core, c, tu_date(2026, 3, 10), MOTHER,
				    NULL),
	      "w");

	O = open_actions(NULL);
	ck_assert_int_eq(O.n, 5);
	ck_assert_str_eq(O.l[0].code, c);
	ck_assert(O.l[0].withheld);
	ck_assert(!O.l[0].has_what && !O.l[0].has_person);
	ck_assert_int_eq(O.l[0].reason, SSPF_CONSENT_WITHDRAWN);
	ck_assert_str_eq(O.l[1].what, "Ordna läxhjälp");
	ck_assert_str_eq(O.l[1].person, "Per");
	ck_assert_str_eq(O.l[2].what, "Kontakta hemmet");
	ck_assert_str_eq(O.l[3].what, "Fritidsgård");
	ck_assert_str_eq(O.l[4].what, "Utan datum");
	for (int i = 0; i < 5; i++)
		ck_assert(!O.l[i].overdue);

	tu_set_today(2026, 3, 15);
	O = open_actions(NULL);
	ck_assert(O.l[0].overdue && O.l[1].overdue);
	ck_assert(!O.l[2].overdue && !O.l[3].overdue && !O.l[4].overdue);
	f.overdue_only = true;
	O = open_actions(&f);
	ck_assert_int_eq(O.n, 2);

	tu_set_today(2026, 3, 21);
	O = open_actions(&f);
	ck_assert_int_eq(O.n, 3);
	ck_assert_str_eq(O.l[2].what, "Kontakta hemmet");

	/* filters; a withheld line is listed whatever they say */
	memset(&f, 0, sizeof f);
	f.person = "Per";
	O = open_actions(&f);
	ck_assert_int_eq(O.n, 3);
	ck_assert(O.l[0].withheld);
	ck_assert_str_eq(O.l[1].person, "Per");
	ck_assert_str_eq(O.l[2].person, "Per");
	f.person = NULL;
	f.code = a;
	O = open_actions(&f);
	ck_assert_int_eq(O.n, 2);
	f.code = NULL;
	f.actor = SSPF_ACTOR_POLIS;
	O = open_actions(&f);
	ck_assert_int_eq(O.n, 1);
	ck_assert(O.l[0].withheld);

	/* one gate decision per case and list */
	int64_t va = tu_audit_n(st, "view", a),
		rc_ = tu_audit_n(st, "refused", c);
	open_actions(NULL);
	ck_assert_int_eq(tu_audit_n(st, "view", a), va + 1);
	ck_assert_int_eq(tu_audit_n(st, "refused", c), rc_ + 1);
	audit_clean();
}
END_TEST

/* How many open actions the filter counts; asserts it worked. */
static size_t counted(const sspf_action_filter *f)
{
	size_t n = 99;

	tu_ok(sspf_actions_count(core, f, &n), "count");
	return n;
}

/*
 * The overview's short list: the first lines only, only their cases
 * judged and logged; the count of all without the gate.
 */
START_TEST(test_open_actions_limit_count)
{
	char a[SSPF_CODE_SIZE], b[SSPF_CODE_SIZE], c[SSPF_CODE_SIZE];
	sspf_action_filter f = { .overdue_only = true };
	struct open_seen all, O;

	consented(CHILD, a);
	consented(CHILD2, b);
	consented("Tredje Barnet", c);
	action(b, "Ordna läxhjälp", "Per", tu_date(2026, 3, 12));
	action(b, "Fritidsgård", "Per", tu_date(2026, 3, 13));
	action(a, "Kontakta hemmet", "Karin", tu_date(2026, 3, 14));
	action(c, "Senare", "Karin", tu_date(2026, 4, 14));
	action(c, "Utan datum", "Karin", 0);
	tu_set_today(2026, 3, 20);

	all = open_actions(&f);
	ck_assert_int_eq(all.n, 3);
	ck_assert_uint_eq(counted(&f), 3);
	f.overdue_only = false;
	ck_assert_uint_eq(counted(&f), 5);
	f.code = c;
	ck_assert_uint_eq(counted(&f), 2);
	f.code = "1999-999";
	ck_assert_uint_eq(counted(&f), 0);

	/* two lines: the first two of the whole list, b's; a not judged */
	int64_t va = tu_audit_n(st, "view", a), vb = tu_audit_n(st, "view", b);
	memset(&f, 0, sizeof f);
	f.overdue_only = true;
	f.limit = 2;
	O = open_actions(&f);
	ck_assert_int_eq(O.n, 2);
	for (int i = 0; i < 2; i++)
		ck_assert_str_eq(O.l[i].what, all.l[i].what);
	ck_assert_int_eq(tu_audit_n(st, "view", b), vb + 1);
	ck_assert_int_eq(tu_audit_n(st, "view", a), va);
	/* with a filter that needs the gate, the limit only cuts the list */
	f.person = "Karin";
	O = open_actions(&f);
	ck_assert_int_eq(O.n, 1);
	ck_assert_str_eq(O.l[0].what, "Kontakta hemmet");

	/* what needs the gate cannot be counted without it */
	size_t n = 7;
	ck_assert_int_eq(sspf_actions_count(core, &f, &n), SSPF_ERR_INVALID);
	ck_assert_uint_eq(n, 0);
	f.person = NULL;
	f.actor = SSPF_ACTOR_SKOLA;
	f.limit = 0;
	ck_assert_int_eq(sspf_actions_count(core, &f, &n), SSPF_ERR_INVALID);
	audit_clean();
}
END_TEST

START_TEST(test_follow_up)
{
	char a[SSPF_CODE_SIZE];
	sspf_id m, act, fu;
	sspf_plan *p = NULL;
	struct open_seen O;

	consented(CHILD, a);
	m = meeting(SSPF_MEETING_FOLLOW_UP, tu_date(2026, 4, 1));
	act = action(a, "Kontakta hemmet", "Karin", tu_date(2026, 3, 20));
	tu_ok(sspf_follow_up_add(core, act, m, SSPF_ACTION_ONGOING, "Påbörjat",
				 &fu, NULL),
	      "follow-up");
	ck_assert(fu > 0);
	O = open_actions(NULL);
	ck_assert_int_eq(O.n, 1);
	tu_set_today(2026, 4, 1);
	tu_ok(sspf_follow_up_add(core, act, m, SSPF_ACTION_DONE, "Klart", NULL,
				 NULL),
	      "follow-up");
	tu_ok(sspf_case_plan(core, a, NULL, &p, NULL), "plan");
	ck_assert_int_eq(p->actions[0].status, SSPF_ACTION_DONE);
	ck_assert_int_eq(p->actions[0].done_on, tu_date(2026, 4, 1));
	ck_assert_uint_eq(p->actions[0].n_follow_ups, 2);
	ck_assert_int_eq(p->actions[0].follow_ups[0].status,
			 SSPF_ACTION_ONGOING);
	ck_assert_str_eq(p->actions[0].follow_ups[0].comment, "Påbörjat");
	ck_assert_int_eq(p->actions[0].follow_ups[0].made_on,
			 tu_date(2026, 3, 10));
	ck_assert_int_eq(p->actions[0].follow_ups[1].meeting_id, m);
	ck_assert_str_eq(p->actions[0].follow_ups[1].comment, "Klart");
	sspf_plan_free(p);
	O = open_actions(NULL);
	ck_assert_int_eq(O.n, 0);
	ck_assert_int_eq(sspf_follow_up_add(core, act + 99, 0, SSPF_ACTION_DONE,
					    NULL, NULL, NULL),
			 SSPF_ERR_NOT_FOUND);
	ck_assert_int_eq(sspf_follow_up_add(core, act, m + 99, SSPF_ACTION_DONE,
					    NULL, NULL, NULL),
			 SSPF_ERR_NOT_FOUND);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM follow_up"), 2);
	ck_assert_int_eq(sspf_case_plan(core, a, NULL, &p, NULL), SSPF_OK);
	ck_assert_str_eq(sspf_action_status_name(p->actions[0].status), "klar");
	sspf_plan_free(p);
	/* 4 changes: action, 2 follow-ups, no more for the failures */
	ck_assert_int_eq(tu_audit_n(st, "change", a), 2 + 1 + 2);
	audit_clean();
}
END_TEST

START_TEST(test_reorder_agenda)
{
	char a[SSPF_CODE_SIZE];
	sspf_id m, i1, i2, i3;
	struct agenda_seen A;

	consented(CHILD, a);
	m = meeting(SSPF_MEETING_GROUP, tu_date(2026, 3, 12));
	tu_ok(sspf_agenda_add_topic(core, m, "Ett", &i1), "1");
	i2 = add_case(m, a);
	tu_ok(sspf_agenda_add_topic(core, m, "Tre", &i3), "3");
	tu_ok(sspf_agenda_move(core, i3, 1), "move");
	A = agenda(m);
	ck_assert_int_eq(A.l[0].id, i3);
	ck_assert_int_eq(A.l[1].id, i1);
	ck_assert_int_eq(A.l[2].id, i2);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(A.l[i].position, i + 1);
	tu_ok(sspf_agenda_move(core, i3, 3), "move");
	A = agenda(m);
	ck_assert_int_eq(A.l[0].id, i1);
	ck_assert_int_eq(A.l[2].id, i3);
	ck_assert_int_eq(sspf_agenda_move(core, i3, 4), SSPF_ERR_INVALID);
	ck_assert_int_eq(sspf_agenda_move(core, i3, 0), SSPF_ERR_INVALID);
	ck_assert_int_eq(sspf_agenda_move(core, i3 + 9, 1), SSPF_ERR_NOT_FOUND);
	tu_ok(sspf_agenda_remove(core, i2), "remove");
	A = agenda(m);
	ck_assert_int_eq(A.n, 2);
	ck_assert_int_eq(A.l[0].id, i1);
	ck_assert_int_eq(A.l[1].id, i3);
	ck_assert_int_eq(A.l[1].position, 2);
	ck_assert_int_eq(tu_audit_n(st, "change", a), 2 + 2); /* add, remove */
	/* deleting the meeting takes the agenda, logged per case */
	add_case(m, a);
	tu_ok(sspf_meeting_delete(core, m), "delete");
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM agenda_item"), 0);
	ck_assert_int_eq(tu_audit_n(st, "change", a), 2 + 4);
}
END_TEST

START_TEST(test_audit_every_step)
{
	char a[SSPF_CODE_SIZE], b[SSPF_CODE_SIZE];
	sspf_id g[2], m, ia;
	sspf_plan *p;
	int64_t n;

	consented(CHILD, a);
	family(CHILD2, b, g);
	m = meeting(SSPF_MEETING_GROUP, tu_date(2026, 3, 12));
	ia = add_case(m, a);
	add_case(m, b);
	tu_ok(sspf_agenda_set_minutes(core, ia, "Bra.", NULL), "minutes");
	action(a, "Kontakta hemmet", "Karin", tu_date(2026, 3, 20));

	/* each gated read: one entry per case judged, with its code */
	n = audit_all();
	agenda(m);
	ck_assert_int_eq(audit_all(), n + 2);
	tu_ok(sspf_case_plan(core, a, NULL, &p, NULL), "plan");
	sspf_plan_free(p);
	ck_assert_int_eq(sspf_case_plan(core, b, NULL, &p, NULL),
			 SSPF_ERR_REFUSED);
	ck_assert_int_eq(audit_all(), n + 4);
	open_actions(NULL);
	ck_assert_int_eq(audit_all(), n + 5);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM audit_log WHERE "
				    "action IN ('view', 'refused') AND "
				    "case_code = ''"),
			 0);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM audit_log WHERE "
				    "os_user <> 'koordinator'"),
			 0);
	audit_clean();
}
END_TEST

/* ---- every public read function, without a valid consent ---- */

struct seen {
	sspf_err e;
	char text[8192];
	size_t len;
	sspf_id meeting;
};

static void see(struct seen *s, const char *text)
{
	int n;

	if (text == NULL)
		return;
	n = snprintf(s->text + s->len, sizeof s->text - s->len, "%s\n", text);
	ck_assert(n > 0 && (size_t)n < sizeof s->text - s->len);
	s->len += (size_t)n;
}

static int see_meeting(void *arg, const sspf_meeting *m)
{
	see(arg, m->place);
	see(arg, m->district);
	return 0;
}

static int see_agenda(void *arg, const sspf_agenda_line *l)
{
	see(arg, l->code);
	see(arg, l->topic);
	see(arg, l->minutes);
	see(arg, l->child_name);
	see(arg, l->verdict.guardian);
	return 0;
}

static int see_participant(void *arg, const sspf_participant_line *l)
{
	see(arg, l->name);
	see(arg, l->role);
	return 0;
}

static int see_open(void *arg, const sspf_open_action *a)
{
	see(arg, a->code);
	see(arg, a->what);
	see(arg, a->person);
	see(arg, a->verdict.guardian);
	return 0;
}

static void read_meeting_list(const char *code, struct seen *s)
{
	(void)code;
	s->e = sspf_meeting_list(core, 0, 0, 0, see_meeting, s);
}

static void read_agenda(const char *code, struct seen *s)
{
	(void)code;
	s->e = sspf_agenda_get(core, s->meeting, see_agenda, s);
}

static void read_participants(const char *code, struct seen *s)
{
	(void)code;
	s->e = sspf_participants_get(core, s->meeting, see_participant, s);
}

static void read_plan(const char *code, struct seen *s)
{
	sspf_plan *p = (sspf_plan *)1;
	sspf_context ctx = { SSPF_CTX_NETWORK_MEETING, SSPF_ACTOR_SKOLA };

	s->e = sspf_case_plan(core, code, &ctx, &p, NULL);
	if (s->e != SSPF_OK) {
		ck_assert_ptr_null(p);
		return;
	}
	for (size_t i = 0; i < p->n_goals; i++)
		see(s, p->goals[i].text);
	for (size_t i = 0; i < p->n_actions; i++) {
		see(s, p->actions[i].what);
		see(s, p->actions[i].person);
		for (size_t j = 0; j < p->actions[i].n_follow_ups; j++)
			see(s, p->actions[i].follow_ups[j].comment);
	}
	sspf_plan_free(p);
}

static void read_actions(const char *code, struct seen *s)
{
	(void)code;
	s->e = sspf_actions_open(core, NULL, see_open, s);
}

/*
 * Every public function of meetings.h that reads. A new read function is
 * a new row. refuses: returns SSPF_ERR_REFUSED; else SSPF_OK and withholds
 * all case content and names. logs: the case's refusal is in the log.
 */
static const struct read_fn {
	const char *name;
	void (*read)(const char *code, struct seen *s);
	bool refuses;
	bool logs;
} read_fns[] = {
	{ "sspf_meeting_list", read_meeting_list, false, false },
	{ "sspf_agenda_get", read_agenda, false, true },
	{ "sspf_participants_get", read_participants, false, true },
	{ "sspf_case_plan", read_plan, true, true },
	{ "sspf_actions_open", read_actions, false, true },
};
#define N_READ_FNS (sizeof read_fns / sizeof read_fns[0])

/*
 * A case in state (see below) with a network meeting about it holding
 * the family, minutes, a goal, an action and a follow-up, all written
 * straight into the tables (as if from before the consent ended).
 */
static sspf_id case_in_state(int state, char code[SSPF_CODE_SIZE])
{
	sspf_id g[2], m, item, act;
	char *sql;

	family(CHILD, code, g);
	switch (state) {
	case 0: /* no consent */
		break;
	case 1: /* one signature of two */
		tu_ok(consent(code, tu_date(2026, 3, 1), 0, g, 1, SCOPE), "c");
		break;
	case 2: /* expired */
		tu_ok(consent(code, tu_date(2025, 1, 1), tu_date(2025, 12, 31),
			      g, 2, SCOPE),
		      "c");
		break;
	case 3: /* withdrawn */
		tu_ok(consent(code, tu_date(2026, 3, 1), 0, g, 2, SCOPE), "c");
		tu_ok(sspf_consent_withdraw(core, code, tu_date(2026, 3, 10),
					    MOTHER, NULL),
		      "w");
		break;
	default: /* signed in the future */
		tu_ok(consent(code, tu_date(2026, 4, 1), 0, g, 2, SCOPE), "c");
		break;
	}
	m = meeting(SSPF_MEETING_NETWORK, tu_date(2026, 3, 12));
	tu_ok(sspf_participant_add(core, m, MOTHER, 0, "vårdnadshavare", NULL),
	      "mother");
	item = add_case(m, code);
	sql = sqlite3_mprintf(
		"UPDATE agenda_item SET minutes = %Q WHERE id = %lld;"
		"INSERT INTO goal (case_id, text, created_on) SELECT id, %Q, "
		"'2026-03-01' FROM case_file WHERE code = %Q;"
		"INSERT INTO action (case_id, what, actor, person, due_on, "
		"created_on) SELECT id, %Q, 1, %Q, '2026-03-05', '2026-03-01' "
		"FROM case_file WHERE code = %Q;",
		SECRET_MINUTES, (long long)item, SECRET_GOAL, code, SECRET_WHAT,
		SECRET_PERSON, code);
	tu_exec(st, sql);
	sqlite3_free(sql);
	act = tu_int(st, "SELECT MAX(id) FROM action");
	sql = sqlite3_mprintf("INSERT INTO follow_up (action_id, made_on, "
			      "status, comment) VALUES (%lld, '2026-03-05', "
			      "'pågår', %Q)",
			      (long long)act, SECRET_COMMENT);
	tu_exec(st, sql);
	sqlite3_free(sql);
	return m;
}
#define N_STATES 5

START_TEST(test_every_read_function)
{
	char code[SSPF_CODE_SIZE];
	const struct read_fn *r = &read_fns[_i % N_READ_FNS];
	int state = (int)(_i / N_READ_FNS);
	struct seen s;
	int64_t refused_before;

	memset(&s, 0, sizeof s);
	s.meeting = case_in_state(state, code);
	refused_before = tu_audit_n(st, "refused", code);
	r->read(code, &s);
	if (r->refuses)
		ck_assert_msg(s.e == SSPF_ERR_REFUSED,
			      "%s in state %d gave %d (%s)", r->name, state,
			      (int)s.e, sspf_err_detail());
	else
		ck_assert_msg(s.e == SSPF_OK, "%s in state %d: %s (%s)",
			      r->name, state, sspf_strerror(s.e),
			      sspf_err_detail());
	for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++)
		ck_assert_msg(strstr(s.text, secrets[i]) == NULL,
			      "%s in state %d gave '%s'", r->name, state,
			      secrets[i]);
	ck_assert_msg(strstr(s.text, CHILD) == NULL,
		      "%s in state %d gave the child's name", r->name, state);
	ck_assert_msg(strstr(s.text, MOTHER) == NULL,
		      "%s in state %d gave the guardian's name", r->name,
		      state);
	if (r->logs)
		ck_assert_msg(tu_audit_n(st, "refused", code) ==
				      refused_before + 1,
			      "%s left no refusal (or more than one) in the "
			      "log",
			      r->name);
	else
		ck_assert_int_eq(tu_audit_n(st, "refused", code),
				 refused_before);
	ck_assert_int_eq(tu_audit_n(st, "view", code), 0);
	audit_clean();
}
END_TEST

/* The same functions on an allowed case give what they hold. */
START_TEST(test_read_functions_when_allowed)
{
	char code[SSPF_CODE_SIZE];
	sspf_id g[2];
	struct seen s;
	sspf_id m;

	m = case_in_state(0, code);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM consent"), 0);
	g[0] = tu_int(st, "SELECT MIN(id) FROM guardian");
	g[1] = tu_int(st, "SELECT MAX(id) FROM guardian");
	tu_ok(consent(code, tu_date(2026, 3, 1), 0, g, 2, SCOPE), "consent");
	for (size_t i = 0; i < N_READ_FNS; i++) {
		memset(&s, 0, sizeof s);
		s.meeting = m;
		read_fns[i].read(code, &s);
		ck_assert_msg(s.e == SSPF_OK, "%s: %s", read_fns[i].name,
			      sspf_err_detail());
		if (read_fns[i].read == read_meeting_list)
			continue;
		if (read_fns[i].read == read_participants)
			ck_assert_msg(strstr(s.text, MOTHER) != NULL,
				      "%s hides the family", read_fns[i].name);
		else if (read_fns[i].read == read_agenda)
			ck_assert(strstr(s.text, CHILD) != NULL &&
				  strstr(s.text, SECRET_MINUTES) != NULL);
		else
			ck_assert_msg(strstr(s.text, SECRET_WHAT) != NULL,
				      "%s hides the action", read_fns[i].name);
	}
	ck_assert_int_eq(tu_audit_n(st, "view", code), 4);
	tu_audit_lacks(st, CHILD);
}
END_TEST

/* The plan's "next meeting": the first from today with the case on it. */
START_TEST(test_next_meeting)
{
	char code[SSPF_CODE_SIZE], other[SSPF_CODE_SIZE];
	sspf_id past, later, sooner;
	sspf_meeting m;
	int64_t before;

	consented(CHILD, code);
	consented(CHILD2, other);
	tu_ok(sspf_case_next_meeting(core, code, &m) == SSPF_ERR_NOT_FOUND
		      ? SSPF_OK
		      : SSPF_ERR_INVALID,
	      "none planned yet");
	ck_assert_int_eq(m.id, 0);
	past = meeting(SSPF_MEETING_NETWORK, tu_date(2026, 3, 9));
	later = meeting(SSPF_MEETING_FOLLOW_UP, tu_date(2026, 5, 4));
	sooner = meeting(SSPF_MEETING_NETWORK, tu_date(2026, 4, 1));
	add_case(past, code);
	add_case(later, code);
	add_case(sooner, other);
	before = audit_all();
	tu_ok(sspf_case_next_meeting(core, code, &m), "next");
	ck_assert_int_eq(m.id, later);
	ck_assert_int_eq(m.kind, SSPF_MEETING_FOLLOW_UP);
	ck_assert_str_eq(m.place, "Rum 12, Stadsdelshuset");
	sspf_meeting_clear(&m);
	/* meeting facts, not case data: nothing logged */
	ck_assert_int_eq(audit_all(), before);
	add_case(sooner, code);
	tu_ok(sspf_case_next_meeting(core, code, &m), "next");
	ck_assert_int_eq(m.id, sooner);
	sspf_meeting_clear(&m);
	/* today's meeting counts; yesterday's does not */
	tu_set_today(2026, 5, 4);
	tu_ok(sspf_case_next_meeting(core, code, &m), "today");
	ck_assert_int_eq(m.id, later);
	sspf_meeting_clear(&m);
	tu_set_today(2026, 5, 5);
	ck_assert_int_eq(sspf_case_next_meeting(core, code, &m),
			 SSPF_ERR_NOT_FOUND);
	ck_assert_int_eq(sspf_case_next_meeting(core, "2026-999", &m),
			 SSPF_ERR_NOT_FOUND);
}
END_TEST

/* A printed document is logged as "print", with its case or without. */
START_TEST(test_audit_print)
{
	char code[SSPF_CODE_SIZE];

	consented(CHILD, code);
	ck_assert_int_eq(tu_audit_n(st, "print", code), 0);
	tu_ok(sspf_audit_print(core, code), "print");
	ck_assert_int_eq(tu_audit_n(st, "print", code), 1);
	tu_ok(sspf_audit_print(core, NULL), "print blank");
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM audit_log WHERE "
				    "action = 'print' AND (case_code IS NULL "
				    "OR case_code = '')"),
			 1);
	ck_assert_int_eq(sspf_audit_print(core, "2026-999"),
			 SSPF_ERR_NOT_FOUND);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM audit_log WHERE "
				    "action = 'print'"),
			 2);
	tu_ok(sspf_audit_verify(core, NULL), "chain");
}
END_TEST

static Suite *meetings_suite(void)
{
	Suite *s = suite_create("meetings");
	TCase *tc = tcase_create("meetings");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_meeting_facts);
	tcase_add_test(tc, test_meeting_list);
	tcase_add_test(tc, test_group_agenda_no_names);
	tcase_add_test(tc, test_network_agenda_name);
	tcase_add_test(tc, test_out_of_scope_item);
	tcase_add_test(tc, test_expiry_hides_everything);
	tcase_add_test(tc, test_open_actions_order_overdue);
	tcase_add_test(tc, test_open_actions_limit_count);
	tcase_add_test(tc, test_follow_up);
	tcase_add_test(tc, test_reorder_agenda);
	tcase_add_test(tc, test_next_meeting);
	tcase_add_test(tc, test_audit_print);
	tcase_add_test(tc, test_audit_every_step);
	tcase_add_loop_test(tc, test_every_read_function, 0,
			    (int)(N_READ_FNS * N_STATES));
	tcase_add_test(tc, test_read_functions_when_allowed);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	tu_tz_stockholm();
	return run_all(meetings_suite());
}
