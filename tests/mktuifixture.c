/*
 * mktuifixture.c - makes the databases the end-to-end tests of the screens
 * (tests/tui/test_tui.sh) drive the real sspf binary on. Cheap key
 * derivation through the library API (tests only), so unlocking is fast.
 *
 *   mktuifixture demo FILE
 *	A demo database (passphrase "demo", the DEMO banner, ~40 made-up
 *	cases from sspf_demo_fill) and, on top, three cases whose every
 *	field is a unique word the tests look for: 2026-901 with a valid
 *	consent, 2026-902 waiting for consent, 2026-903 with an expired one;
 *	and today at 08:00 an arbetsgruppsmöte whose agenda is a topic, the
 *	three cases and a second topic. Prints "key value" lines: the codes
 *	and what each case holds, the meeting's id, date and topics, and
 *	every child's and guardian's name in the database ("child NAME",
 *	"guardian NAME") so that a test can check that none is on screen.
 *
 *   mktuifixture empty FILE < passphrase
 *	An empty database with the passphrase read from standard input.
 *
 * Today is the system clock's (the tests run it under faketime). Codes
 * use the year of today; the explicit numbers 901-903 sort after the
 * demo's cases.
 */
#include <stdio.h>
#include <string.h>

#include <sspf/cases.h>
#include <sspf/core.h>
#include <sspf/date.h>
#include <sspf/demo.h>
#include <sspf/meetings.h>
#include <sspf/store.h>

static const sspf_kdf cheap = { 1, 8u << 20 };

static int fail(const char *what, sspf_err e)
{
	fprintf(stderr, "mktuifixture: %s: %s (%s)\n", what, sspf_strerror(e),
		sspf_err_detail());
	return 1;
}

/* One of the three cases with unique words; consent as asked. */
struct tcase {
	const char *key; /* "valid", "pending", "expired" */
	int number;	 /* 901, ... */
	const char *name, *school, *class_name, *concern, *g1, *g2;
	int consent_age_days; /* signed this many days ago; -1: none */
	int valid_days;
};

static const struct tcase tcases[] = {
	{ "valid", 901, "Synlig Testbarnsson", "Synligbergsskolan", "8S",
	  "SYNLIG-ORO-TEXT", "Synlig Vårdnadshavare", "Synlig Förälder", 30,
	  300 },
	{ "pending", 902, "Hemlig Väntesson", "Hemligdalsskolan", "7H",
	  "HEMLIG-ORO-VANTAR", "Hemlig Väntmamma", "Hemlig Väntpappa", -1, 0 },
	{ "expired", 903, "Utgången Hemligsson", "Utgångsgårdsskolan", "9U",
	  "HEMLIG-ORO-UTGANGEN", "Utgången Mamma", "Utgången Pappa", 400, 300 },
};
#define N_TCASES (sizeof tcases / sizeof tcases[0])

static int add_tcase(sspf_core *core, const struct tcase *t,
		     char code[SSPF_CODE_SIZE])
{
	sspf_date today = sspf_core_today(core);
	int year, month, day;
	char want[SSPF_CODE_SIZE];
	sspf_id ids[2];
	sspf_err e;

	sspf_date_parts(today, &year, &month, &day);
	snprintf(want, sizeof want, "%04d-%03d", year, t->number);
	sspf_case_new c = { .code = want,
			    .child_name = t->name,
			    .birth = today - 13 * 365 - 100,
			    .gender = SSPF_GENDER_GIRL,
			    .school = t->school,
			    .class_name = t->class_name,
			    .district = "Testdistriktet",
			    .raised_by = SSPF_ACTOR_SKOLA,
			    .concerns = SSPF_CONCERN_TRUANCY,
			    .concern_text = t->concern };
	sspf_guardian_new g1 = { .name = t->g1,
				 .phone = "070-1749901",
				 .custody = true };
	sspf_guardian_new g2 = { .name = t->g2, .custody = true };

	if ((e = sspf_case_create(core, &c, code)) != SSPF_OK)
		return fail("case", e);
	if ((e = sspf_guardian_add(core, code, &g1, &ids[0])) != SSPF_OK ||
	    (e = sspf_guardian_add(core, code, &g2, &ids[1])) != SSPF_OK)
		return fail("guardian", e);
	if (t->consent_age_days < 0)
		return 0;
	sspf_consent_new k = {
		.signed_on = today - t->consent_age_days,
		.valid_until = today - t->consent_age_days + t->valid_days,
		.signed_by = ids,
		.n_signed_by = 2,
		.scope = SSPF_ACTOR_SKOLA | SSPF_ACTOR_SOCIALTJANST |
			 SSPF_ACTOR_POLIS | SSPF_ACTOR_FRITID,
		.information = "skolgång",
		.purpose = "stöd",
		.form_version = "sv-1",
		.form_language = "sv",
	};
	if ((e = sspf_consent_register(core, code, &k, NULL)) != SSPF_OK)
		return fail("consent", e);
	return 0;
}

/* Today's arbetsgruppsmöte: topic, the three cases, topic. */
static int add_group(sspf_core *core, char code[][SSPF_CODE_SIZE], sspf_id *mid)
{
	sspf_meeting_new mn = { .kind = SSPF_MEETING_GROUP,
				.date = sspf_core_today(core),
				.start = "08:00",
				.end = "09:30",
				.place = "Testhuset, rum 9",
				.district = "Testdistriktet" };
	sspf_id item;
	sspf_err e;

	if ((e = sspf_meeting_create(core, &mn, mid)) != SSPF_OK ||
	    (e = sspf_participant_add(core, *mid, "Testa Kurator",
				      SSPF_ACTOR_SKOLA, "kurator", NULL)) !=
		    SSPF_OK ||
	    (e = sspf_participant_add(core, *mid, "Testa Socialsekreterare",
				      SSPF_ACTOR_SOCIALTJANST,
				      "socialsekreterare", NULL)) != SSPF_OK)
		return fail("group meeting", e);
	if ((e = sspf_agenda_add_topic(core, *mid, "TOPIC-FORSTA", &item)) !=
	    SSPF_OK)
		return fail("agenda", e);
	for (size_t i = 0; i < N_TCASES; i++)
		if ((e = sspf_agenda_add_case(core, *mid, code[i], &item)) !=
		    SSPF_OK)
			return fail("agenda", e);
	if ((e = sspf_agenda_add_topic(core, *mid, "TOPIC-ANDRA", &item)) !=
	    SSPF_OK)
		return fail("agenda", e);
	return 0;
}

/* Print every child's and guardian's name (consent work gives them). */
static int print_names(void *arg, const sspf_case_line *l)
{
	sspf_core *core = arg;
	sspf_consent_info *ci = NULL;
	sspf_err e = sspf_case_consent_info(core, l->code, &ci);

	if (e != SSPF_OK) {
		fail("consent info", e);
		return 1;
	}
	if (ci->child_name != NULL)
		printf("child %s\n", ci->child_name);
	for (size_t g = 0; g < ci->n_guardians; g++)
		printf("guardian %s\n", ci->guardians[g].name);
	sspf_consent_info_free(ci);
	return 0;
}

static int make_demo(const char *path)
{
	char code[N_TCASES][SSPF_CODE_SIZE], date[SSPF_DATE_TEXT];
	sspf_store *st;
	sspf_core *core;
	sspf_id mid = 0;
	sspf_err e;
	int rc = 0;

	if ((e = sspf_store_create_demo(path, &cheap, &st)) != SSPF_OK)
		return fail("create", e);
	if ((e = sspf_core_open(st, NULL, "tuifixture", &core)) != SSPF_OK) {
		sspf_store_close(st);
		return fail("core", e);
	}
	if ((e = sspf_demo_fill(core)) != SSPF_OK)
		rc = fail("demo", e);
	for (size_t i = 0; rc == 0 && i < N_TCASES; i++)
		rc = add_tcase(core, &tcases[i], code[i]);
	if (rc == 0)
		rc = add_group(core, code, &mid);
	if (rc == 0) {
		for (size_t i = 0; i < N_TCASES; i++) {
			const struct tcase *t = &tcases[i];

			printf("%s %s\n", t->key, code[i]);
			printf("%s_name %s\n", t->key, t->name);
			printf("%s_school %s\n", t->key, t->school);
			printf("%s_concern %s\n", t->key, t->concern);
			printf("%s_guardian %s\n", t->key, t->g1);
		}
		sspf_date_format(sspf_core_today(core), date);
		printf("group_id %lld\n", (long long)mid);
		printf("group_date %s\n", date);
		printf("group_place Testhuset, rum 9\n");
		printf("group_topic1 TOPIC-FORSTA\n");
		printf("group_topic2 TOPIC-ANDRA\n");
		if ((e = sspf_case_list(core, print_names, core)) != SSPF_OK)
			rc = fail("list", e);
	}
	sspf_core_close(core);
	sspf_store_close(st);
	return rc;
}

static int make_empty(const char *path)
{
	char pass[256], rec[SSPF_RECOVERY_TEXT_SIZE];
	sspf_store *st;
	sspf_err e;

	if (fgets(pass, sizeof pass, stdin) == NULL) {
		fprintf(stderr, "mktuifixture: no passphrase on stdin\n");
		return 2;
	}
	pass[strcspn(pass, "\n")] = '\0';
	if ((e = sspf_store_create(path, pass, strlen(pass), &cheap, rec,
				   &st)) != SSPF_OK)
		return fail("create", e);
	sspf_store_close(st);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "demo") == 0)
		return make_demo(argv[2]);
	if (argc == 3 && strcmp(argv[1], "empty") == 0)
		return make_empty(argv[2]);
	fprintf(stderr, "usage: mktuifixture demo FILE\n"
			"       mktuifixture empty FILE < passphrase\n");
	return 2;
}
