/*
 * mkstatsfixture.c - makes the database the end-to-end test of
 * `sspf stats` (tests/cli/test_stats.sh) uses: cheap key derivation
 * (tests only, through the library API), the passphrase given on standard
 * input, a clock of its own, and 6 girls of 14 whose cases were opened on
 * 2026-07-15, each with a consent signed on 2026-07-20: in 2026Q3
 * cases_new 13-15/flicka counts 6 (published for k = 5, hidden for
 * k = 7), and new_by_concern "misstänkt brottslighet" 3 (hidden for
 * k = 5). The setting district has a comma and quotes in it. Prints what
 * no export may show, one a line: the case codes, the names, the birth
 * dates, the school and the class.
 *
 * With --district NAME the setting district is NAME instead (the merge
 * test, tests/cli/test_stats_merge.sh, makes three districts so).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sspf/cases.h>
#include <sspf/core.h>
#include <sspf/settings.h>
#include <sspf/store.h>

#define SCHOOL "Lindbackaskolan"
#define CLASS "7F"

/* The fixture's own clock: noon of the day it is set to. */
static time_t now;

static time_t fixture_now(void *ctx)
{
	(void)ctx;
	return now;
}

/* Today is ymd (YYYYMMDD); its day number in *day (may be NULL). */
static void set_today(int ymd, sspf_date *day)
{
	struct tm tm = { 0 };

	if (day != NULL)
		(void)sspf_date_make(ymd / 10000, ymd / 100 % 100, ymd % 100,
				     day);
	tm.tm_year = ymd / 10000 - 1900;
	tm.tm_mon = ymd / 100 % 100 - 1;
	tm.tm_mday = ymd % 100;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	now = mktime(&tm);
}

static int fail(const char *what, sspf_err e)
{
	fprintf(stderr, "mkstatsfixture: %s: %s (%s)\n", what, sspf_strerror(e),
		sspf_err_detail());
	return 1;
}

/* A case opened on day opened (YYYYMMDD); with consent_on, a consent
   signed that day. Its identifiers are printed. */
static int add_case(sspf_core *core, const char *name, sspf_date birth,
		    sspf_gender gender, unsigned concerns, int opened,
		    int consent_on)
{
	sspf_case_new c = { 0 };
	sspf_guardian_new g = { 0 };
	sspf_consent_new k = { 0 };
	char code[SSPF_CODE_SIZE], born[SSPF_DATE_TEXT];
	sspf_id ids[2];
	sspf_err e;

	set_today(opened, NULL);
	c.child_name = name;
	c.birth = birth;
	c.gender = gender;
	c.school = SCHOOL;
	c.class_name = CLASS;
	c.concerns = concerns;
	if ((e = sspf_case_create(core, &c, code)) != SSPF_OK)
		return fail("case", e);
	g.custody = true;
	g.name = "Vårdnadshavare Ett";
	if ((e = sspf_guardian_add(core, code, &g, &ids[0])) != SSPF_OK)
		return fail("guardian", e);
	g.name = "Vårdnadshavare Två";
	if ((e = sspf_guardian_add(core, code, &g, &ids[1])) != SSPF_OK)
		return fail("guardian", e);
	sspf_date_format(birth, born);
	printf("%s\n%s\n%s\n", code, name, born);
	if (consent_on == 0)
		return 0;
	set_today(consent_on, &k.signed_on);
	k.signed_by = ids;
	k.n_signed_by = 2;
	k.youth_signed = true;
	k.scope = SSPF_ACTOR_SKOLA | SSPF_ACTOR_SOCIALTJANST;
	if ((e = sspf_consent_register(core, code, &k, NULL)) != SSPF_OK)
		return fail("consent", e);
	return 0;
}

int main(int argc, char **argv)
{
	char pass[256], rec[SSPF_RECOVERY_TEXT_SIZE], name[64];
	const sspf_kdf cheap = { 1, 8u << 20 };
	const sspf_clock clock = { fixture_now, NULL };
	sspf_store *st;
	sspf_core *core;
	sspf_date girl;
	sspf_err e;
	int rc = 0;

	const char *district = "Norr, \"Gamla\" stan";

	if (argc == 4 && strcmp(argv[2], "--district") == 0)
		district = argv[3];
	else if (argc != 2)
		argc = 0;
	if (argc == 0 || fgets(pass, sizeof pass, stdin) == NULL) {
		fprintf(stderr, "usage: mkstatsfixture FILE [--district NAME] "
				"< passphrase\n");
		return 2;
	}
	pass[strcspn(pass, "\n")] = '\0';
	if (!sspf_date_make(2012, 3, 1, &girl))
		return 1;
	if ((e = sspf_store_create(argv[1], pass, strlen(pass), &cheap, rec,
				   &st)) != SSPF_OK)
		return fail("create", e);
	set_today(20260715, NULL);
	if ((e = sspf_core_open(st, &clock, "fixture", &core)) != SSPF_OK) {
		sspf_store_close(st);
		return fail("core", e);
	}
	for (int i = 0; rc == 0 && i < 6; i++) {
		snprintf(name, sizeof name, "Flicka%d Statistiksson", i);
		rc = add_case(core, name, girl, SSPF_GENDER_GIRL,
			      SSPF_CONCERN_TRUANCY |
				      (i < 3 ? SSPF_CONCERN_CRIME : 0u),
			      20260715, 20260720);
	}
	if (rc == 0 &&
	    (e = sspf_setting_set(st, "district", district)) != SSPF_OK)
		rc = fail("district", e);
	if (rc == 0)
		printf("%s\n%s\n", SCHOOL, CLASS);
	sspf_core_close(core);
	sspf_store_close(st);
	return rc;
}
