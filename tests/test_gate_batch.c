/*
 * test_gate_batch.c - the lists judge from one batch of facts
 * (src/core/gate_batch.c), the single case views one case at a time
 * (src/core/gate.c): on many random cases, with every kind of consent
 * history the API can record, on several days, the case list, the search
 * and the open actions must give each case exactly the verdict that the
 * case's own consent work gives (sspf_case_consent_info) and that
 * sspf_gate gives: the same reason, the name only where it may be shown,
 * the action's text only where the case may be read, the valid-until day
 * of the newest consent. Between the lists the facts change (consents,
 * withdrawals, guardians, custody, the youth age): the facts the core
 * keeps from one list to the next (core_watch.c) must follow at once.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sspf/cases.h>
#include <sspf/consent.h>
#include <sspf/core.h>
#include <sspf/date.h>
#include <sspf/meetings.h>
#include <sspf/purge.h>
#include <sspf/settings.h>

#define N_CASES 40

static char *dir, *db;
static sspf_store *st;
static sspf_core *core;

/* What the test recorded of each case. */
static struct made {
	char code[SSPF_CODE_SIZE];
	char name[64];
	sspf_date valid_until; /* of the newest consent, 0: none */
	bool has_action;
} made[N_CASES];

static unsigned rnd_state;

static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 8) % n;
}

static void setup(void)
{
	tu_core_setup(2026, 3, 10, &dir, &db, &st, &core);
}

static void teardown(void)
{
	tu_core_teardown(dir, db, st, core);
}

/* A consent of the kind the test wants, or a random one. */
static void add_consent(struct made *m, const sspf_id *g, size_t ng,
			sspf_date today, bool whole)
{
	sspf_id signers[SSPF_MAX_GUARDIANS];
	sspf_consent_new c = { 0 };
	size_t n = 0;

	for (size_t i = 0; i < ng; i++)
		if (whole || rnd(4) != 0)
			signers[n++] = g[i];
	c.signed_on = whole ? today - 10 : today - 400 + (int)rnd(420);
	c.valid_until = c.signed_on + (whole ? 365 : 30 + (int)rnd(500));
	c.signed_by = signers;
	c.n_signed_by = n;
	c.youth_signed = whole || rnd(3) != 0;
	c.scope = whole ? SSPF_ACTOR_ALL : 1u + rnd(SSPF_ACTOR_ALL);
	tu_ok(sspf_consent_register(core, m->code, &c, NULL),
	      "registering a consent");
	m->valid_until = c.valid_until;
	if (!whole && rnd(5) == 0 && c.signed_on <= today)
		tu_ok(sspf_consent_withdraw(
			      core, m->code,
			      c.signed_on +
				      (int)rnd((unsigned)(today - c.signed_on +
							  1)),
			      "vårdnadshavare", NULL),
		      "withdrawing");
}

/* One random case: a child of 8 to 19, 0-2 guardians, 0-3 consents. */
static void make_case(int k, sspf_date today)
{
	struct made *m = &made[k];
	sspf_case_new c = { 0 };
	sspf_id g[SSPF_MAX_GUARDIANS];
	size_t ng = rnd(3);

	snprintf(m->name, sizeof m->name, "Barn Nummer%d", k);
	c.child_name = m->name;
	c.birth = today - 365 * 8 - (int)rnd(365 * 11 + 200);
	c.sole_custody = rnd(4) == 0;
	tu_ok(sspf_case_create(core, &c, m->code), "creating a case");
	for (size_t i = 0; i < ng; i++) {
		char name[64];
		sspf_guardian_new gn = { .name = name, .custody = rnd(5) != 0 };

		snprintf(name, sizeof name, "Förälder %d-%zu", k, i);
		tu_ok(sspf_guardian_add(core, m->code, &gn, &g[i]),
		      "adding a guardian");
	}
	if (ng == 0 || rnd(6) == 0)
		return;
	/* a whole consent first, so that an action can be added */
	add_consent(m, g, ng, today, true);
	if (sspf_gate(core, m->code, NULL, NULL) == SSPF_OK) {
		sspf_action_new a = { .what = "Läxhjälp",
				      .actor = SSPF_ACTOR_SKOLA };

		a.due = today + (int)rnd(200) - 100;
		tu_ok(sspf_action_add(core, m->code, &a, NULL, NULL),
		      "adding an action");
		m->has_action = true;
	}
	for (unsigned n = rnd(3); n > 0; n--)
		add_consent(m, g, ng, today, false);
}

/* The guardians' ids of a case. */
static size_t guardians_of(const struct made *m, sspf_id *g)
{
	sspf_consent_info *ci = NULL;
	size_t ng;

	tu_ok(sspf_case_consent_info(core, m->code, &ci), "info");
	ng = ci->n_guardians;
	for (size_t i = 0; i < ng; i++)
		g[i] = ci->guardians[i].id;
	sspf_consent_info_free(ci);
	return ng;
}

enum { M_CONSENT, M_WITHDRAW, M_GUARDIAN, M_CUSTODY, M_YOUTH_AGE, M_KINDS };

/*
 * Change one kind of fact of some cases after the lists have been read,
 * so that the facts the core keeps between lists must be read again.
 * Returns how many changes were made.
 */
static int mutate(int kind, sspf_date today)
{
	sspf_guardian_new gn = { .name = "Ny Förälder", .custody = true };
	int changed = 0;

	if (kind == M_YOUTH_AGE) {
		tu_ok(sspf_setting_set(st, "consent.youth_age",
				       rnd(2) == 0 ? "12" : "17"),
		      "setting the youth age");
		return 1;
	}
	for (int k = 0; k < N_CASES && changed < 6; k++) {
		struct made *m = &made[(k * 7 + (int)rnd(N_CASES)) % N_CASES];
		sspf_id g[SSPF_MAX_GUARDIANS];
		size_t ng = guardians_of(m, g);

		switch (kind) {
		case M_CONSENT:
			if (ng == 0)
				continue;
			add_consent(m, g, ng, today, rnd(2) == 0);
			break;
		case M_WITHDRAW:
			/* a consent that is valid now, so the verdict turns */
			if (sspf_gate(core, m->code, NULL, NULL) != SSPF_OK ||
			    sspf_consent_withdraw(core, m->code, today,
						  "vårdnadshavare",
						  NULL) != SSPF_OK)
				continue;
			break;
		case M_GUARDIAN:
			if (ng == SSPF_MAX_GUARDIANS)
				continue;
			tu_ok(sspf_guardian_add(core, m->code, &gn, NULL),
			      "adding a guardian");
			break;
		default:
			tu_ok(sspf_case_set_sole_custody(core, m->code,
							 rnd(2) == 0),
			      "custody");
			break;
		}
		changed++;
	}
	return changed;
}

/* A nätverksmöte (school and police) and an arbetsgruppsmöte, with every
   case on their agendas. */
static sspf_id meetings[2];

static void make_meetings(sspf_date day)
{
	static const sspf_meeting_kind kinds[2] = { SSPF_MEETING_NETWORK,
						    SSPF_MEETING_GROUP };

	for (int i = 0; i < 2; i++) {
		sspf_meeting_new m = { .kind = kinds[i],
				       .date = day,
				       .start = "09:00",
				       .end = "10:00" };

		tu_ok(sspf_meeting_create(core, &m, &meetings[i]), "meeting");
		tu_ok(sspf_participant_add(core, meetings[i], "Rektor",
					   SSPF_ACTOR_SKOLA, NULL, NULL),
		      "participant");
		tu_ok(sspf_participant_add(core, meetings[i], "Polis",
					   SSPF_ACTOR_POLIS, NULL, NULL),
		      "participant");
		for (int k = 0; k < N_CASES; k++)
			tu_ok(sspf_agenda_add_case(core, meetings[i],
						   made[k].code, NULL),
			      "agenda item");
	}
}

static struct made *find(const char *code)
{
	for (int k = 0; k < N_CASES; k++)
		if (strcmp(made[k].code, code) == 0)
			return &made[k];
	return NULL;
}

static int seen_lines, seen_names;

/* Each list line against the single case's judgement. */
static int check_line(void *arg, const sspf_case_line *l)
{
	struct made *m = find(l->code);
	sspf_consent_info *ci = NULL;
	sspf_verdict v;
	sspf_err e;

	(void)arg;
	ck_assert_ptr_nonnull(m);
	seen_lines++;
	seen_names += l->child_name != NULL;
	tu_ok(sspf_case_consent_info(core, l->code, &ci), "consent info");
	ck_assert_int_eq(l->reason, ci->verdict.reason);
	e = sspf_gate(core, l->code, NULL, &v);
	ck_assert_int_eq(e == SSPF_OK, v.allowed);
	ck_assert_int_eq(l->reason, v.reason);
	ck_assert_int_eq(l->state == SSPF_STATE_VALID, v.allowed);
	if (v.allowed && v.show_name)
		ck_assert_str_eq(l->child_name, m->name);
	else
		ck_assert_ptr_null(l->child_name);
	ck_assert_int_eq(l->valid_until, m->valid_until);
	sspf_consent_info_free(ci);
	return 0;
}

static int check_action(void *arg, const sspf_open_action *a)
{
	sspf_verdict v;

	(void)arg;
	ck_assert_ptr_nonnull(find(a->code));
	seen_lines++;
	(void)sspf_gate(core, a->code, NULL, &v);
	ck_assert_int_eq(a->withheld, !v.allowed);
	ck_assert_int_eq(a->verdict.reason, v.reason);
	if (a->withheld)
		ck_assert_ptr_null(a->what);
	else
		ck_assert_str_eq(a->what, "Läxhjälp");
	return 0;
}

/* Each agenda line against sspf_gate in the meeting's context. */
static int check_item(void *arg, const sspf_agenda_line *l)
{
	sspf_context ctx = { *(const sspf_context_kind *)arg, l->present };
	sspf_verdict v;

	if (!l->is_case)
		return 0;
	seen_lines++;
	(void)sspf_gate(core, l->code, &ctx, &v);
	ck_assert_int_eq(l->verdict.allowed, v.allowed);
	ck_assert_int_eq(l->verdict.reason, v.reason);
	ck_assert_int_eq(l->minutes == NULL, !v.allowed);
	return 0;
}

static void check_agendas(void)
{
	static const sspf_context_kind ctx[2] = { SSPF_CTX_NETWORK_MEETING,
						  SSPF_CTX_GROUP_MEETING };

	for (int i = 0; i < 2; i++) {
		seen_lines = 0;
		tu_ok(sspf_agenda_get(core, meetings[i], check_item,
				      (void *)&ctx[i]),
		      "an agenda");
		ck_assert_int_eq(seen_lines, N_CASES);
	}
}

START_TEST(test_lists_judge_as_one_case)
{
	sspf_date start = tu_date(2026, 3, 10);
	int with_actions = 0;

	rnd_state = 20261126u + (unsigned)_i;
	tu_ok(sspf_setting_set(st, "consent.youth_age",
			       _i % 2 == 0 ? "13" : "15"),
	      "setting the youth age");
	for (int k = 0; k < N_CASES; k++) {
		make_case(k, start);
		with_actions += made[k].has_action;
	}
	ck_assert_int_gt(with_actions, 6);
	make_meetings(start + 7);
	/* today, and later days on which consents expire and children
	   turn 18 */
	/* fewer days under valgrind (tests/vgwrap): each still checks all */
	for (int step = 0, steps = tu_rounds(3); step < steps; step++) {
		int y, m, d;

		sspf_date_parts(start + step * 120, &y, &m, &d);
		tu_set_today(y, m, d);
		int named;

		seen_lines = seen_names = 0;
		tu_ok(sspf_case_list(core, check_line, NULL), "the list");
		ck_assert_int_eq(seen_lines, N_CASES);
		/* a name is found where the list shows it, never elsewhere */
		named = seen_names;
		seen_lines = 0;
		tu_ok(sspf_case_search(core, "nummer", check_line, NULL),
		      "the search by name");
		ck_assert_int_eq(seen_lines, named);
		seen_lines = 0;
		tu_ok(sspf_case_search(core, "2026-00", check_line, NULL),
		      "the search by code");
		ck_assert_int_eq(seen_lines, 9);
		seen_lines = 0;
		tu_ok(sspf_actions_open(core, NULL, check_action, NULL),
		      "the open actions");
		ck_assert_int_eq(seen_lines, with_actions);
		for (int kind = 0; kind < M_KINDS; kind++) {
			ck_assert_int_gt(mutate(kind, start + step * 120), 0);
			seen_lines = 0;
			tu_ok(sspf_case_list(core, check_line, NULL),
			      "the list after changes");
			ck_assert_int_eq(seen_lines, N_CASES);
			seen_lines = 0;
			tu_ok(sspf_actions_open(core, NULL, check_action, NULL),
			      "the open actions after changes");
			ck_assert_int_eq(seen_lines, with_actions);
			check_agendas();
		}
	}
}
END_TEST

/* How many cases a dry run of retention finds due. */
static size_t due_now(void)
{
	sspf_purge_report rep;
	size_t n;

	tu_ok(sspf_purge(core, true, &rep), "dry run");
	n = rep.n_cases;
	sspf_purge_report_free(&rep);
	return n;
}

/*
 * Retention reads the same kept facts: a case closed, or a consent
 * withdrawn, long enough ago is due at the very next dry run.
 */
START_TEST(test_retention_follows_changes)
{
	sspf_date start = tu_date(2024, 1, 10);

	rnd_state = 7;
	tu_set_today(2024, 1, 10);
	for (int k = 0; k < 4; k++) {
		make_case(k, start);
	}
	tu_ok(sspf_setting_set(st, "retention.case_months", "12"), "setting");
	ck_assert_uint_eq(due_now(), 0);
	tu_ok(sspf_case_close(core, made[0].code, start, NULL), "closing");
	ck_assert_uint_eq(due_now(), 0);
	tu_set_today(2025, 2, 11);
	ck_assert_uint_eq(due_now(), 1);
	tu_ok(sspf_setting_set(st, "retention.case_months", "36"), "setting");
	ck_assert_uint_eq(due_now(), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("gate_batch");
	TCase *tc = tcase_create("lists");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_loop_test(tc, test_lists_judge_as_one_case, 0, 2);
	tcase_add_test(tc, test_retention_follows_changes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	tu_tz_stockholm();
	return run_all(suite());
}
