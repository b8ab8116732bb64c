/*
 * mkfixture.c - makes the database the end-to-end tests of the plain-text
 * views use: cheap key derivation (tests only, through the library API),
 * the passphrase given on standard input, and three cases in known consent
 * states relative to today. Prints the codes, one per line, in the order
 * valid, pending, expired.
 */
#include <stdio.h>
#include <string.h>

#include <sspf/cases.h>
#include <sspf/core.h>
#include <sspf/store.h>

static int fail(const char *what, sspf_err e)
{
	fprintf(stderr, "mkfixture: %s: %s (%s)\n", what, sspf_strerror(e),
		sspf_err_detail());
	return 1;
}

/* A case with two guardians with custody; consent signed by both. */
static int add_case(sspf_core *core, const char *name, sspf_date birth,
		    int consent_age_days, int valid_days, char *code)
{
	sspf_case_new c = { .child_name = name,
			    .birth = birth,
			    .gender = SSPF_GENDER_GIRL,
			    .school = "Testskolan",
			    .class_name = "7B",
			    .district = "Testdistrikt",
			    .concerns = SSPF_CONCERN_TRUANCY,
			    .concern_text = "CONCERN-TEXT-" };
	sspf_guardian_new g1 = { .name = "Vårdnadshavare Ett",
				 .custody = true };
	sspf_guardian_new g2 = { .name = "Vårdnadshavare Två",
				 .custody = true };
	sspf_id ids[2];
	sspf_date today = sspf_core_today(core);
	sspf_err e;

	if ((e = sspf_case_create(core, &c, code)) != SSPF_OK)
		return fail("case", e);
	if ((e = sspf_guardian_add(core, code, &g1, &ids[0])) != SSPF_OK ||
	    (e = sspf_guardian_add(core, code, &g2, &ids[1])) != SSPF_OK)
		return fail("guardian", e);
	if (consent_age_days < 0)
		return 0;
	sspf_consent_new k = {
		.signed_on = today - consent_age_days,
		.valid_until = today - consent_age_days + valid_days,
		.signed_by = ids,
		.n_signed_by = 2,
		.scope = SSPF_ACTOR_SKOLA | SSPF_ACTOR_SOCIALTJANST,
		.information = "skolgång",
		.purpose = "stöd",
		.form_version = "sv-1",
		.form_language = "sv"
	};
	if ((e = sspf_consent_register(core, code, &k, NULL)) != SSPF_OK)
		return fail("consent", e);
	return 0;
}

int main(int argc, char **argv)
{
	char pass[256], rec[SSPF_RECOVERY_TEXT_SIZE], code[3][SSPF_CODE_SIZE];
	const sspf_kdf cheap = { 1, 8u << 20 };
	sspf_store *st;
	sspf_core *core;
	sspf_date today, birth;
	sspf_err e;
	int rc;

	if (argc != 2 || fgets(pass, sizeof pass, stdin) == NULL) {
		fprintf(stderr, "usage: mkfixture FILE < passphrase\n");
		return 2;
	}
	pass[strcspn(pass, "\n")] = '\0';
	if ((e = sspf_store_create(argv[1], pass, strlen(pass), &cheap, rec,
				   &st)) != SSPF_OK)
		return fail("create", e);
	if ((e = sspf_core_open(st, NULL, "fixture", &core)) != SSPF_OK)
		return fail("core", e);
	today = sspf_core_today(core);
	birth = today - 13 * 365; /* 13 years old: no youth signature */
	rc = add_case(core, "Giltig Testbarn", birth, 30, 300, code[0]) ||
	     add_case(core, "Väntar Testbarn", birth, -1, 0, code[1]) ||
	     add_case(core, "Utgången Testbarn", birth, 400, 300, code[2]);
	sspf_core_close(core);
	sspf_store_close(st);
	if (rc == 0)
		printf("%s\n%s\n%s\n", code[0], code[1], code[2]);
	return rc;
}
