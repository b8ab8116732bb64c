/*
 * mkprintfixture.c - makes the database the end-to-end tests of the plan,
 * agenda and minutes (tests/print/test_print.sh) print from: cheap key
 * derivation (tests only, through the library API), the passphrase on
 * standard input. Every name and text is a unique word a test can look
 * for (or make sure is absent):
 *
 *   valid    a case with a valid consent, goals, actions (with and
 *	      without a due date, one overdue) and a follow-up
 *   pending  a case whose consent one guardian with custody has not
 *	      signed, so the gate refuses it and its reason would name him
 *   alone    a case with a valid consent, no plan and no meeting
 *   net      a nätverksmöte in 7 days: a topic, valid and pending, with
 *	      professionals and a family member; minutes for the topic and
 *	      for valid (a refused case's minutes cannot be written)
 *   group    an arbetsgruppsmöte in 14 days: valid, pending and a topic,
 *	      a family member too; minutes for valid
 *   follow   an uppföljning in 21 days about valid alone, with a family
 *	      member, whose name may be shown there
 *   topics   an arbetsgruppsmöte in 28 days with a topic only
 *
 * Prints "key value" lines: the codes, the meeting ids and dates, and the
 * words (key_name, key_guardian, ...).
 */
#include <stdio.h>
#include <string.h>

#include <sspf/cases.h>
#include <sspf/core.h>
#include <sspf/date.h>
#include <sspf/meetings.h>
#include <sspf/store.h>

static const sspf_kdf cheap = { 1, 8u << 20 };

static int fail(const char *what, sspf_err e)
{
	fprintf(stderr, "mkprintfixture: %s: %s (%s)\n", what, sspf_strerror(e),
		sspf_err_detail());
	return 1;
}

/* A case with two guardians with custody; n_signed of them signed. */
static int add_case(sspf_core *core, const char *key, const char *name,
		    const char *g1, const char *g2, size_t n_signed,
		    char code[SSPF_CODE_SIZE])
{
	sspf_date today = sspf_core_today(core);
	sspf_case_new c = { .child_name = name,
			    .birth = today - 13 * 365 - 100,
			    .gender = SSPF_GENDER_BOY,
			    .school = "Testskolan",
			    .class_name = "7A",
			    .concerns = SSPF_CONCERN_TRUANCY,
			    .concern_text = "ORO-TEXT-HEMLIG" };
	sspf_guardian_new gn1 = { .name = g1, .custody = true };
	sspf_guardian_new gn2 = { .name = g2, .custody = true };
	sspf_id ids[2];
	sspf_err e;

	if ((e = sspf_case_create(core, &c, code)) != SSPF_OK)
		return fail("case", e);
	if ((e = sspf_guardian_add(core, code, &gn1, &ids[0])) != SSPF_OK ||
	    (e = sspf_guardian_add(core, code, &gn2, &ids[1])) != SSPF_OK)
		return fail("guardian", e);
	sspf_consent_new k = {
		.signed_on = today - 30,
		.valid_until = today + 300,
		.signed_by = ids,
		.n_signed_by = n_signed,
		.scope = SSPF_ACTOR_ALL,
		.information = "skolgång",
		.purpose = "stöd",
		.form_version = "1",
		.form_language = "sv",
	};
	if ((e = sspf_consent_register(core, code, &k, NULL)) != SSPF_OK)
		return fail("consent", e);
	printf("%s %s\n%s_name %s\n%s_guardian1 %s\n%s_guardian2 %s\n", key,
	       code, key, name, key, g1, key, g2);
	return 0;
}

/* The plan of the valid case: two goals, three actions, a follow-up. */
static int add_plan(sspf_core *core, const char *code)
{
	sspf_date today = sspf_core_today(core);
	sspf_action_new a1 = { .what = "ÅTGÄRD-NÄRVAROPLAN",
			       .actor = SSPF_ACTOR_SKOLA,
			       .person = "Mentor Mentorsson",
			       .due = today + 10 };
	sspf_action_new a2 = { .what = "ÅTGÄRD-FRITIDSGÅRD",
			       .actor = SSPF_ACTOR_FRITID };
	sspf_action_new a3 = { .what = "ÅTGÄRD-FÖRSENAD",
			       .actor = SSPF_ACTOR_SOCIALTJANST,
			       .person = "Handläggare Handsson",
			       .due = today - 5 };
	sspf_id goal, act;
	sspf_err e;

	if ((e = sspf_goal_add(core, code, "MÅL-NÄRVARO varje skoldag", &goal,
			       NULL)) != SSPF_OK ||
	    (e = sspf_goal_add(core, code, "# MÅL-FRITID en aktivitet i veckan",
			       NULL, NULL)) != SSPF_OK)
		return fail("goal", e);
	a1.goal_id = goal;
	if ((e = sspf_action_add(core, code, &a1, &act, NULL)) != SSPF_OK ||
	    (e = sspf_follow_up_add(core, act, 0, SSPF_ACTION_ONGOING,
				    "UPPFÖLJNING-KOMMENTAR", NULL, NULL)) !=
		    SSPF_OK ||
	    (e = sspf_action_add(core, code, &a2, NULL, NULL)) != SSPF_OK ||
	    (e = sspf_action_add(core, code, &a3, NULL, NULL)) != SSPF_OK)
		return fail("action", e);
	return 0;
}

/* A meeting in days days; its id and date are printed under key. */
static int add_meeting(sspf_core *core, const char *key, sspf_meeting_kind k,
		       int days, const char *start, const char *end,
		       const char *place, sspf_id *id)
{
	sspf_meeting_new mn = { .kind = k,
				.date = sspf_core_today(core) + days,
				.start = start,
				.end = end,
				.place = place,
				.district = "Testdistriktet" };
	char date[SSPF_DATE_TEXT];
	sspf_err e;

	if ((e = sspf_meeting_create(core, &mn, id)) != SSPF_OK)
		return fail("meeting", e);
	sspf_date_format(mn.date, date);
	printf("%s %lld\n%s_date %s\n%s_place %s\n", key, (long long)*id, key,
	       date, key, place);
	return 0;
}

/* The participants every meeting has, and a family member if family. */
static int add_people(sspf_core *core, sspf_id m, const char *family)
{
	sspf_err e;

	if ((e = sspf_participant_add(core, m, "Mentor Mentorsson",
				      SSPF_ACTOR_SKOLA, "mentor", NULL)) !=
		    SSPF_OK ||
	    (e = sspf_participant_add(core, m, "Handläggare Handsson",
				      SSPF_ACTOR_SOCIALTJANST, "handläggare",
				      NULL)) != SSPF_OK)
		return fail("participant", e);
	if (family != NULL &&
	    (e = sspf_participant_add(core, m, family, 0, "vårdnadshavare",
				      NULL)) != SSPF_OK)
		return fail("participant", e);
	return 0;
}

static int add_topic(sspf_core *core, sspf_id m, const char *topic,
		     const char *minutes)
{
	sspf_id item;
	sspf_err e;

	if ((e = sspf_agenda_add_topic(core, m, topic, &item)) != SSPF_OK ||
	    (minutes != NULL &&
	     (e = sspf_agenda_set_minutes(core, item, minutes, NULL)) !=
		     SSPF_OK))
		return fail("topic", e);
	return 0;
}

static int add_item(sspf_core *core, sspf_id m, const char *code,
		    const char *minutes)
{
	sspf_id item;
	sspf_err e;

	if ((e = sspf_agenda_add_case(core, m, code, &item)) != SSPF_OK ||
	    (minutes != NULL &&
	     (e = sspf_agenda_set_minutes(core, item, minutes, NULL)) !=
		     SSPF_OK))
		return fail("case item", e);
	return 0;
}

static int fill(sspf_core *core)
{
	char valid[SSPF_CODE_SIZE], pending[SSPF_CODE_SIZE],
		alone[SSPF_CODE_SIZE];
	sspf_id net, group, follow, topics;

	if (add_case(core, "valid", "Giltig Planbarnsson", "Giltig Mamma",
		     "Giltig Pappa", 2, valid) ||
	    add_case(core, "pending", "Hemlig Väntbarnsson", "Hemlig Väntmamma",
		     "Hemlig Väntpappa", 1, pending) ||
	    add_case(core, "alone", "Ensam Planbarnsson", "Ensam Mamma",
		     "Ensam Pappa", 2, alone) ||
	    add_plan(core, valid))
		return 1;
	if (add_meeting(core, "net", SSPF_MEETING_NETWORK, 7, "10:00", "11:30",
			"Familjecentralen rum 2", &net) ||
	    add_people(core, net, "Förälder Nätverksson") ||
	    add_topic(core, net, "PUNKT-INLEDNING", "INLEDNING-ANTECKNING") ||
	    add_item(core, net, valid, "NÄTVERK-ANTECKNING-GILTIG") ||
	    add_item(core, net, pending, NULL))
		return 1;
	if (add_meeting(core, "group", SSPF_MEETING_GROUP, 14, "08:00", "09:00",
			"Stadshuset rum 4", &group) ||
	    add_people(core, group, "Förälder Gruppsson") ||
	    add_item(core, group, valid, "GRUPP-ANTECKNING-GILTIG") ||
	    add_item(core, group, pending, NULL) ||
	    add_topic(core, group, "PUNKT-ÖVRIGT", NULL))
		return 1;
	if (add_meeting(core, "follow", SSPF_MEETING_FOLLOW_UP, 21, "14:00",
			"15:00", "Skolan rum 7", &follow) ||
	    add_people(core, follow, "Förälder Uppföljningsson") ||
	    add_item(core, follow, valid, NULL))
		return 1;
	if (add_meeting(core, "topics", SSPF_MEETING_GROUP, 28, "08:00",
			"08:30", "Stadshuset rum 5", &topics) ||
	    add_people(core, topics, NULL) ||
	    add_topic(core, topics, "PUNKT-ENDAST-ÄMNE", NULL))
		return 1;
	return 0;
}

int main(int argc, char **argv)
{
	char pass[256], rec[SSPF_RECOVERY_TEXT_SIZE];
	sspf_store *st;
	sspf_core *core;
	sspf_err e;
	int rc;

	if (argc != 2 || fgets(pass, sizeof pass, stdin) == NULL) {
		fprintf(stderr, "usage: mkprintfixture FILE < passphrase\n");
		return 2;
	}
	pass[strcspn(pass, "\n")] = '\0';
	if ((e = sspf_store_create(argv[1], pass, strlen(pass), &cheap, rec,
				   &st)) != SSPF_OK)
		return fail("create", e);
	if ((e = sspf_core_open(st, NULL, "printfixture", &core)) != SSPF_OK) {
		sspf_store_close(st);
		return fail("core", e);
	}
	rc = fill(core);
	sspf_core_close(core);
	sspf_store_close(st);
	return rc;
}
