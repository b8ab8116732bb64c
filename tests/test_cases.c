/*
 * test_cases.c - cases, guardians, consents and the consent gate
 * (src/core/cases.c, src/core/gate.c, include/sspf/cases.h, DOMAIN.md
 * "Consent" and "Accountability") on a real encrypted store with a clock
 * the tests move: case codes in order per year; a case's data hidden
 * before a valid consent, shown after it, hidden again at once on expiry
 * and withdrawal; custody, the youth's signature, the group meeting and
 * the scope of actors; the list; what the consent work may see; every
 * public read function refusing or withholding data without consent (a
 * table: a new read function is a new row); every decision and change in
 * the audit log with its code and never a name; bad input refused without
 * a trace in the database.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include <sspf/cases.h>
#include <sspf/consent.h>
#include <sspf/core.h>
#include <sspf/date.h>
#include <sspf/settings.h>

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
#define MOTHER "Anna Berg"
#define FATHER "Erik Berg"
/* Case content that must never leave the gate of a refused case. */
#define SECRET_CONCERN "SECRET-concern-text"
#define SECRET_SCHOOL "SECRET-school"
#define SECRET_CLASS "SECRET-class"
#define SECRET_DISTRICT "SECRET-district"

static const char *const secrets[] = { SECRET_CONCERN, SECRET_SCHOOL,
				       SECRET_CLASS, SECRET_DISTRICT };

#define SCOPE (SSPF_ACTOR_SKOLA | SSPF_ACTOR_SOCIALTJANST)

/* A new case of child name born on birth; its code into code. */
static void new_case(const char *name, sspf_date birth, bool sole,
		     char code[SSPF_CODE_SIZE])
{
	sspf_case_new c = { 0 };

	c.child_name = name;
	c.birth = birth;
	c.gender = SSPF_GENDER_GIRL;
	c.school = SECRET_SCHOOL;
	c.class_name = SECRET_CLASS;
	c.district = SECRET_DISTRICT;
	c.raised_by = SSPF_ACTOR_SKOLA;
	c.concerns = SSPF_CONCERN_TRUANCY | SSPF_CONCERN_PEERS;
	c.concern_text = SECRET_CONCERN;
	c.sole_custody = sole;
	tu_ok(sspf_case_create(core, &c, code), "create");
}

static sspf_id guardian(const char *code, const char *name, bool custody)
{
	sspf_guardian_new g = { 0 };
	sspf_id id = 0;

	g.name = name;
	g.phone = "070-123 45 67";
	g.email = "vh@example.se";
	g.address = "Storgatan 1, 411 01 Göteborg";
	g.custody = custody;
	tu_ok(sspf_guardian_add(core, code, &g, &id), "guardian");
	ck_assert(id > 0);
	return id;
}

static sspf_err consent(const char *code, sspf_date signed_on,
			sspf_date valid_until, const sspf_id *ids, size_t n,
			bool youth, unsigned scope)
{
	sspf_consent_new c = { 0 };

	c.signed_on = signed_on;
	c.valid_until = valid_until;
	c.signed_by = ids;
	c.n_signed_by = n;
	c.youth_signed = youth;
	c.scope = scope;
	c.information = "skolnärvaro, insatser";
	c.purpose = "SSPF";
	c.form_version = "2026-1";
	return sspf_consent_register(core, code, &c, NULL);
}

/* A case with joint custody, both guardians recorded; ids into g[2]. */
static void family(const char *child, char code[SSPF_CODE_SIZE], sspf_id g[2])
{
	new_case(child, tu_date(2013, 5, 20), false, code);
	g[0] = guardian(code, MOTHER, true);
	g[1] = guardian(code, FATHER, true);
}

/* family() and a consent both signed on 2026-03-01, default validity. */
static void consented(const char *child, char code[SSPF_CODE_SIZE])
{
	sspf_id g[2];

	family(child, code, g);
	tu_ok(consent(code, tu_date(2026, 3, 1), 0, g, 2, false, SCOPE),
	      "consent");
}

/* case_get in ctx must be refused for reason; checks out and the log. */
static sspf_verdict refused(const char *code, const sspf_context *ctx,
			    sspf_consent_reason reason)
{
	sspf_case *c = (sspf_case *)1;
	sspf_verdict v;
	int64_t before = tu_audit_n(st, "refused", code);
	sspf_err e = sspf_case_get(core, code, ctx, &c, &v);

	ck_assert_msg(e == SSPF_ERR_REFUSED, "%s gave %d (%s)", code, (int)e,
		      sspf_err_detail());
	ck_assert_ptr_null(c);
	ck_assert(!v.allowed);
	ck_assert(!v.show_name);
	ck_assert_msg(v.reason == reason, "%s: reason %d, expected %d", code,
		      (int)v.reason, (int)reason);
	ck_assert_int_eq(tu_audit_n(st, "refused", code), before + 1);
	return v;
}

/* case_get in ctx must be allowed; the caller frees the case. */
static sspf_case *allowed(const char *code, const sspf_context *ctx)
{
	sspf_case *c = NULL;
	sspf_verdict v;
	int64_t before = tu_audit_n(st, "view", code);
	sspf_err e = sspf_case_get(core, code, ctx, &c, &v);

	ck_assert_msg(e == SSPF_OK, "%s: %s (%s)", code, sspf_strerror(e),
		      sspf_err_detail());
	ck_assert_ptr_nonnull(c);
	ck_assert(v.allowed);
	ck_assert_int_eq(v.reason, SSPF_CONSENT_OK);
	ck_assert_str_eq(c->code, code);
	ck_assert_int_eq(tu_audit_n(st, "view", code), before + 1);
	return c;
}

/* ---- case codes ---- */

START_TEST(test_codes_per_year)
{
	char code[SSPF_CODE_SIZE];

	new_case("Barn Ett", tu_date(2012, 1, 1), false, code);
	ck_assert_str_eq(code, "2026-001");
	new_case("Barn Två", tu_date(2012, 1, 1), false, code);
	ck_assert_str_eq(code, "2026-002");
	new_case("Barn Tre", tu_date(2012, 1, 1), false, code);
	ck_assert_str_eq(code, "2026-003");

	/* a new year starts at 001 */
	tu_set_today(2027, 1, 2);
	new_case("Barn Fyra", tu_date(2012, 1, 1), false, code);
	ck_assert_str_eq(code, "2027-001");
	new_case("Barn Fem", tu_date(2012, 1, 1), false, code);
	ck_assert_str_eq(code, "2027-002");

	/* the last day of a year still counts in that year */
	tu_set_today(2026, 12, 31);
	new_case("Barn Sex", tu_date(2012, 1, 1), false, code);
	ck_assert_str_eq(code, "2026-004");

	for (const char *const *c =
		     (const char *const[]){ "2026-001", "2026-002", "2026-003",
					    "2026-004", "2027-001", "2027-002",
					    NULL };
	     *c != NULL; c++)
		ck_assert_int_eq(tu_audit_n(st, "create", *c), 1);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM case_file"), 6);
}
END_TEST

START_TEST(test_explicit_codes)
{
	static const char *const bad[] = {
		"26-001",    "2026-01",	   "2026-01a",	"2026_001",
		"2026-001 ", " 2026-001",  "abcd-123",	"2026--001",
		"2026-",     "20261-001",  "2026-00x1", "2026-1234567890123",
		"2026-٣٣٣",  "2026-001\n",
	};
	sspf_case_new c = { 0 };
	char code[SSPF_CODE_SIZE];
	sspf_err e;

	c.child_name = "Barn";
	c.birth = tu_date(2012, 1, 1);

	c.code = "2026-050";
	tu_ok(sspf_case_create(core, &c, code), "2026-050");
	ck_assert_str_eq(code, "2026-050");
	/* the next number follows the highest one */
	c.code = NULL;
	tu_ok(sspf_case_create(core, &c, code), "next");
	ck_assert_str_eq(code, "2026-051");
	c.code = "";
	tu_ok(sspf_case_create(core, &c, code), "next");
	ck_assert_str_eq(code, "2026-052");
	/* more digits are fine */
	c.code = "2025-1000";
	tu_ok(sspf_case_create(core, &c, code), "2025-1000");
	ck_assert_str_eq(code, "2025-1000");

	/* taken: the same code, or the same number written longer */
	c.code = "2026-050";
	e = sspf_case_create(core, &c, code);
	ck_assert_int_eq(e, SSPF_ERR_EXISTS);
	ck_assert_str_eq(code, "");
	c.code = "2026-0050";
	ck_assert_int_eq(sspf_case_create(core, &c, code), SSPF_ERR_EXISTS);

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		c.code = bad[i];
		e = sspf_case_create(core, &c, code);
		ck_assert_msg(e == SSPF_ERR_INVALID, "'%s' gave %d", bad[i],
			      (int)e);
		ck_assert_str_eq(code, "");
	}
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM case_file"), 4);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM audit_log WHERE "
				    "action = 'create'"),
			 4);
}
END_TEST

START_TEST(test_create_bad_input)
{
	sspf_case_new c = { 0 };
	char code[SSPF_CODE_SIZE];
	char longname[SSPF_NAME_MAX + 2];

	c.birth = tu_date(2012, 1, 1);
	c.child_name = NULL;
	ck_assert_int_eq(sspf_case_create(core, &c, code), SSPF_ERR_INVALID);
	c.child_name = "";
	ck_assert_int_eq(sspf_case_create(core, &c, code), SSPF_ERR_INVALID);
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	c.child_name = longname;
	ck_assert_int_eq(sspf_case_create(core, &c, code), SSPF_ERR_INVALID);

	c.child_name = "Barn";
	/* born tomorrow */
	c.birth = tu_date(2026, 3, 11);
	ck_assert_int_eq(sspf_case_create(core, &c, code), SSPF_ERR_INVALID);
	c.birth = tu_date(2026, 3, 10); /* today is fine */
	tu_ok(sspf_case_create(core, &c, code), "born today");

	c.birth = tu_date(2012, 1, 1);
	c.raised_by = SSPF_ACTOR_SKOLA | SSPF_ACTOR_POLIS;
	ck_assert_int_eq(sspf_case_create(core, &c, code), SSPF_ERR_INVALID);
	c.raised_by = 0x20;
	ck_assert_int_eq(sspf_case_create(core, &c, code), SSPF_ERR_INVALID);
	c.raised_by = 0;
	c.concerns = 0x40;
	ck_assert_int_eq(sspf_case_create(core, &c, code), SSPF_ERR_INVALID);
	c.concerns = 0;
	c.gender = (sspf_gender)7;
	ck_assert_int_eq(sspf_case_create(core, &c, code), SSPF_ERR_INVALID);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM case_file"), 1);
}
END_TEST

/* ---- the gate on case_get ---- */

START_TEST(test_get_refused_then_allowed)
{
	char code[SSPF_CODE_SIZE];
	sspf_id g[2];
	sspf_case *c;
	sspf_verdict v;

	family(CHILD, code, g);
	v = refused(code, NULL, SSPF_CONSENT_NONE);
	ck_assert_ptr_null(v.guardian);
	/* sspf_gate says the same, and logs it too */
	ck_assert_int_eq(sspf_gate(core, code, NULL, &v), SSPF_ERR_REFUSED);
	ck_assert_int_eq(v.reason, SSPF_CONSENT_NONE);
	ck_assert_int_eq(tu_audit_n(st, "refused", code), 2);
	ck_assert_int_eq(tu_audit_n(st, "view", code), 0);

	tu_ok(consent(code, tu_date(2026, 3, 1), 0, g, 2, false, SCOPE),
	      "consent");
	ck_assert_int_eq(tu_audit_n(st, "consent", code), 1);
	c = allowed(code, NULL);
	ck_assert_str_eq(c->child_name, CHILD);
	ck_assert_int_eq(c->birth, tu_date(2013, 5, 20));
	ck_assert_int_eq(c->gender, SSPF_GENDER_GIRL);
	ck_assert_str_eq(c->school, SECRET_SCHOOL);
	ck_assert_str_eq(c->class_name, SECRET_CLASS);
	ck_assert_str_eq(c->district, SECRET_DISTRICT);
	ck_assert_str_eq(c->concern_text, SECRET_CONCERN);
	ck_assert_uint_eq(c->raised_by, SSPF_ACTOR_SKOLA);
	ck_assert_uint_eq(c->concerns,
			  SSPF_CONCERN_TRUANCY | SSPF_CONCERN_PEERS);
	ck_assert_str_eq(c->note, "");
	ck_assert(!c->closed);
	ck_assert_int_eq(c->opened_on, tu_date(2026, 3, 10));
	ck_assert_int_eq(c->closed_on, 0);
	sspf_case_free(c);
	ck_assert_int_eq(sspf_gate(core, code, NULL, NULL), SSPF_OK);
	ck_assert_int_eq(tu_audit_n(st, "view", code), 2);
	/* a NULL verdict is fine for case_get */
	c = NULL;
	tu_ok(sspf_case_get(core, code, NULL, &c, NULL), "get without verdict");
	sspf_case_free(c);
	tu_audit_lacks(st, CHILD);
}
END_TEST

START_TEST(test_expiry)
{
	char code[SSPF_CODE_SIZE];
	sspf_id g[2];
	sspf_case *c;
	sspf_verdict v;

	family(CHILD, code, g);
	tu_ok(consent(code, tu_date(2026, 3, 1), 0, g, 2, false, SCOPE),
	      "consent");
	/* default validity: 12 months - 1 day, so to 2027-02-28 */
	tu_set_today(2027, 2, 28);
	sspf_case_free(allowed(code, NULL));
	tu_set_today(2027, 3, 1);
	v = refused(code, NULL, SSPF_CONSENT_EXPIRED);
	ck_assert_int_eq(v.date, tu_date(2027, 2, 28));

	/* a renewal opens it again; the newest consent counts */
	tu_ok(consent(code, tu_date(2027, 3, 1), tu_date(2027, 3, 31), g, 2,
		      false, SCOPE),
	      "renewal");
	c = allowed(code, NULL);
	ck_assert_str_eq(c->child_name, CHILD);
	sspf_case_free(c);
	tu_set_today(2027, 4, 1);
	v = refused(code, NULL, SSPF_CONSENT_EXPIRED);
	ck_assert_int_eq(v.date, tu_date(2027, 3, 31));

	/* the validity setting */
	{
		char code2[SSPF_CODE_SIZE];
		sspf_id g2[2];

		tu_ok(sspf_setting_set(st, "consent.validity_months", "6"),
		      "set");
		family("Annat Barn", code2, g2);
		tu_ok(consent(code2, tu_date(2027, 4, 1), 0, g2, 2, false,
			      SCOPE),
		      "consent");
		tu_set_today(2027, 9, 30);
		sspf_case_free(allowed(code2, NULL));
		tu_set_today(2027, 10, 1);
		v = refused(code2, NULL, SSPF_CONSENT_EXPIRED);
		ck_assert_int_eq(v.date, tu_date(2027, 9, 30));
	}
}
END_TEST

START_TEST(test_withdrawal)
{
	char code[SSPF_CODE_SIZE], other[SSPF_CODE_SIZE];
	sspf_verdict v;
	int n;

	consented(CHILD, code);
	sspf_case_free(allowed(code, NULL));
	tu_ok(sspf_consent_withdraw(core, code, tu_date(2026, 3, 10), MOTHER,
				    "all of it"),
	      "withdraw");
	ck_assert_int_eq(tu_audit_n(st, "withdraw", code), 1);
	/* hidden at once, the same day */
	v = refused(code, NULL, SSPF_CONSENT_WITHDRAWN);
	ck_assert_int_eq(v.date, tu_date(2026, 3, 10));
	n = (int)tu_int(st, "SELECT COUNT(*) FROM consent WHERE "
			    "withdrawn_by = 'Anna Berg' AND "
			    "withdrawn_note = 'all of it' AND "
			    "withdrawn_on = '2026-03-10'");
	ck_assert_int_eq(n, 1);

	/* twice, none, a date in the future or before signing: refused */
	ck_assert_int_eq(sspf_consent_withdraw(core, code, tu_date(2026, 3, 10),
					       MOTHER, NULL),
			 SSPF_ERR_INVALID);
	new_case("Ett Annat Barn", tu_date(2012, 2, 2), true, other);
	ck_assert_int_eq(sspf_consent_withdraw(core, other,
					       tu_date(2026, 3, 10), MOTHER,
					       NULL),
			 SSPF_ERR_INVALID);
	{
		sspf_id g = guardian(other, MOTHER, true);

		tu_ok(consent(other, tu_date(2026, 3, 5), 0, &g, 1, false,
			      SCOPE),
		      "consent");
	}
	ck_assert_int_eq(sspf_consent_withdraw(core, other,
					       tu_date(2026, 3, 11), MOTHER,
					       NULL),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(sspf_consent_withdraw(core, other, tu_date(2026, 3, 4),
					       MOTHER, NULL),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(sspf_consent_withdraw(core, other,
					       tu_date(2026, 3, 10), "", NULL),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(tu_audit_n(st, "withdraw", other), 0);
	sspf_case_free(allowed(other, NULL));
}
END_TEST

/* A "no" to consent is recorded for the statistics; nothing else moves. */
START_TEST(test_decline)
{
	char code[SSPF_CODE_SIZE];
	sspf_consent_info *ci;
	sspf_id g[2];

	family(CHILD, code, g);
	tu_ok(sspf_case_consent_info(core, code, &ci), "info");
	ck_assert_int_eq(ci->declined_on, 0);
	sspf_consent_info_free(ci);
	tu_ok(sspf_consent_decline(core, code, tu_date(2026, 3, 2)), "no");
	tu_ok(sspf_consent_decline(core, code, tu_date(2026, 3, 9)), "no");
	ck_assert_int_eq(tu_audit_n(st, "consent", code), 2);
	/* the consent screens show the newest no */
	tu_ok(sspf_case_consent_info(core, code, &ci), "info");
	ck_assert_int_eq(ci->declined_on, tu_date(2026, 3, 9));
	sspf_consent_info_free(ci);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM consent_declined "
				    "WHERE declined_on = '2026-03-09'"),
			 1);
	/* the case still waits for consent, and can still get one */
	refused(code, NULL, SSPF_CONSENT_NONE);
	tu_ok(consent(code, tu_date(2026, 3, 10), 0, g, 2, false, SCOPE),
	      "consent after all");
	sspf_case_free(allowed(code, NULL));
	/* after today, or an unknown case: refused, nothing recorded */
	ck_assert_int_eq(sspf_consent_decline(core, code, tu_date(2026, 3, 11)),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(
		sspf_consent_decline(core, "2026-999", tu_date(2026, 3, 9)),
		SSPF_ERR_NOT_FOUND);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM consent_declined"),
			 2);
}
END_TEST

START_TEST(test_joint_custody_one_signature)
{
	char code[SSPF_CODE_SIZE], text[256];
	sspf_id g[2];
	sspf_verdict v;

	family(CHILD, code, g);
	tu_ok(consent(code, tu_date(2026, 3, 1), 0, g, 1, false, SCOPE),
	      "consent");
	v = refused(code, NULL, SSPF_CONSENT_GUARDIAN_UNSIGNED);
	ck_assert_ptr_nonnull(v.guardian);
	ck_assert_str_eq(v.guardian, FATHER);
	sspf_verdict_text(&v, text, sizeof text);
	ck_assert_msg(strstr(text, FATHER) != NULL, "%s", text);
	ck_assert_msg(strstr(sspf_err_detail(), FATHER) != NULL, "%s",
		      sspf_err_detail());
	/* the guardian's name is not in the log either */
	tu_audit_lacks(st, FATHER);
	tu_audit_lacks(st, CHILD);

	/* only one guardian recorded, joint custody */
	{
		char code2[SSPF_CODE_SIZE];
		sspf_id g1;

		new_case("Annat Barn", tu_date(2013, 1, 1), false, code2);
		g1 = guardian(code2, MOTHER, true);
		tu_ok(consent(code2, tu_date(2026, 3, 1), 0, &g1, 1, false,
			      SCOPE),
		      "consent");
		refused(code2, NULL, SSPF_CONSENT_SECOND_GUARDIAN);
	}
}
END_TEST

START_TEST(test_sole_custody)
{
	char code[SSPF_CODE_SIZE];
	sspf_id g[2];
	sspf_case *c;

	new_case(CHILD, tu_date(2013, 5, 20), true, code);
	g[0] = guardian(code, MOTHER, true);
	/* a guardian without custody need not sign */
	g[1] = guardian(code, FATHER, false);
	tu_ok(consent(code, tu_date(2026, 3, 1), 0, g, 1, false, SCOPE),
	      "consent");
	c = allowed(code, NULL);
	ck_assert_str_eq(c->child_name, CHILD);
	sspf_case_free(c);
}
END_TEST

START_TEST(test_youth_signs)
{
	char code[SSPF_CODE_SIZE];
	sspf_id g[2];
	sspf_verdict v;

	/* 15 on 2026-03-01 */
	new_case(CHILD, tu_date(2011, 2, 28), false, code);
	g[0] = guardian(code, MOTHER, true);
	g[1] = guardian(code, FATHER, true);
	tu_ok(consent(code, tu_date(2026, 3, 1), 0, g, 2, false, SCOPE),
	      "consent");
	v = refused(code, NULL, SSPF_CONSENT_YOUTH_UNSIGNED);
	ck_assert_int_eq(v.age, 15);

	/* the setting moves the age */
	tu_ok(sspf_setting_set(st, "consent.youth_age", "16"), "youth age");
	sspf_case_free(allowed(code, NULL));
	tu_ok(sspf_setting_reset(st, "consent.youth_age"), "reset");
	refused(code, NULL, SSPF_CONSENT_YOUTH_UNSIGNED);

	tu_ok(consent(code, tu_date(2026, 3, 2), 0, g, 2, true, SCOPE),
	      "renewal");
	sspf_case_free(allowed(code, NULL));
}
END_TEST

START_TEST(test_meetings_and_scope)
{
	char code[SSPF_CODE_SIZE];
	sspf_context group = { SSPF_CTX_GROUP_MEETING,
			       SSPF_ACTOR_SKOLA | SSPF_ACTOR_SOCIALTJANST };
	sspf_context network = { SSPF_CTX_NETWORK_MEETING,
				 SSPF_ACTOR_SKOLA | SSPF_ACTOR_POLIS };
	sspf_context export_ = { SSPF_CTX_EXPORT, 0 };
	sspf_case *c;
	sspf_verdict v;

	consented(CHILD, code);
	/* the group meeting: the case by its code, no name, no birth */
	c = allowed(code, &group);
	ck_assert_ptr_null(c->child_name);
	ck_assert_int_eq(c->birth, 0);
	ck_assert_str_eq(c->concern_text, SECRET_CONCERN);
	sspf_case_free(c);
	c = allowed(code, &export_);
	ck_assert_ptr_null(c->child_name);
	ck_assert_int_eq(c->birth, 0);
	sspf_case_free(c);

	/* police present, not in the scope */
	v = refused(code, &network, SSPF_CONSENT_OUT_OF_SCOPE);
	ck_assert_uint_eq(v.actors, SSPF_ACTOR_POLIS);
	group.present |= SSPF_ACTOR_FRITID;
	v = refused(code, &group, SSPF_CONSENT_OUT_OF_SCOPE);
	ck_assert_uint_eq(v.actors, SSPF_ACTOR_FRITID);

	/* in the scope: the network meeting shows the name */
	network.present = SSPF_ACTOR_SOCIALTJANST;
	c = allowed(code, &network);
	ck_assert_str_eq(c->child_name, CHILD);
	ck_assert_int_eq(c->birth, tu_date(2013, 5, 20));
	sspf_case_free(c);
}
END_TEST

/* Sole custody recorded after the case was made opens the gate. */
START_TEST(test_set_sole_custody)
{
	char code[SSPF_CODE_SIZE];
	sspf_id g;
	sspf_verdict v;

	new_case(CHILD, tu_date(2014, 5, 1), false, code);
	g = guardian(code, MOTHER, true);
	tu_ok(consent(code, tu_date(2026, 3, 1), 0, &g, 1, false, SCOPE),
	      "consent");
	refused(code, NULL, SSPF_CONSENT_SECOND_GUARDIAN);
	tu_ok(sspf_case_set_sole_custody(core, code, true), "sole");
	ck_assert_int_eq(tu_audit_n(st, "change", code), 2); /* + guardian */
	tu_ok(sspf_gate(core, code, NULL, &v), "allowed with sole custody");
	ck_assert(v.allowed);
	tu_ok(sspf_case_set_sole_custody(core, code, false), "joint");
	refused(code, NULL, SSPF_CONSENT_SECOND_GUARDIAN);
	ck_assert_int_eq(sspf_case_set_sole_custody(core, "2026-999", true),
			 SSPF_ERR_NOT_FOUND);
}
END_TEST

/* ---- the list ---- */

struct listed {
	int n;
	char code[16][SSPF_CODE_SIZE];
	char name[16][64]; /* "" for NULL */
	bool has_name[16];
	sspf_consent_state state[16];
	sspf_consent_reason reason[16];
	sspf_date valid_until[16];
	int stop_after; /* 0: never */
};

static int collect(void *arg, const sspf_case_line *line)
{
	struct listed *L = arg;

	ck_assert_int_lt(L->n, 16);
	snprintf(L->code[L->n], SSPF_CODE_SIZE, "%s", line->code);
	L->has_name[L->n] = line->child_name != NULL;
	snprintf(L->name[L->n], sizeof L->name[0], "%s",
		 line->child_name != NULL ? line->child_name : "");
	L->state[L->n] = line->state;
	L->reason[L->n] = line->reason;
	L->valid_until[L->n] = line->valid_until;
	L->n++;
	return L->stop_after != 0 && L->n >= L->stop_after;
}

START_TEST(test_list)
{
	char c1[SSPF_CODE_SIZE], c2[SSPF_CODE_SIZE], c3[SSPF_CODE_SIZE];
	char c4[SSPF_CODE_SIZE], c5[SSPF_CODE_SIZE];
	sspf_case_new big = { 0 };
	char c6[SSPF_CODE_SIZE], c7[SSPF_CODE_SIZE];
	sspf_id g4[2];
	struct listed L = { 0 };
	int64_t views;

	/* names in the reverse order of the codes */
	consented("Örjan Ö", c1); /* 2026-001 valid */
	new_case("Malin M", tu_date(2012, 1, 1), false, c2); /* pending */
	consented("Cecilia C", c3); /* withdrawn below */
	family("Bertil B", c4, g4); /* expired */
	consented("Adam A", c5);    /* valid */
	tu_ok(sspf_consent_withdraw(core, c3, tu_date(2026, 3, 10), MOTHER,
				    NULL),
	      "withdraw");
	tu_ok(consent(c4, tu_date(2025, 1, 1), tu_date(2025, 12, 31), g4, 2,
		      false, SCOPE),
	      "old consent");
	/* codes whose text order differs from their number order */
	big.child_name = "Aaron";
	big.birth = tu_date(2012, 1, 1);
	big.code = "2026-1000";
	tu_ok(sspf_case_create(core, &big, c6), "2026-1000");
	big.code = "2026-999";
	tu_ok(sspf_case_create(core, &big, c7), "2026-999");
	{
		char c8[SSPF_CODE_SIZE];

		big.code = "2025-500";
		tu_ok(sspf_case_create(core, &big, c8), "2025-500");
	}

	views = tu_int(st, "SELECT COUNT(*) FROM audit_log WHERE action IN "
			   "('view', 'refused')");
	tu_ok(sspf_case_list(core, collect, &L), "list");
	ck_assert_int_eq(L.n, 8);
	static const char *const order[] = { "2025-500", "2026-001", "2026-002",
					     "2026-003", "2026-004", "2026-005",
					     "2026-999", "2026-1000" };
	for (int i = 0; i < 8; i++)
		ck_assert_str_eq(L.code[i], order[i]);

	ck_assert(!L.has_name[0]); /* 2025-500: no consent */
	ck_assert_int_eq(L.state[0], SSPF_STATE_PENDING);
	ck_assert_int_eq(L.reason[0], SSPF_CONSENT_NONE);
	ck_assert(L.has_name[1]);
	ck_assert_str_eq(L.name[1], "Örjan Ö");
	ck_assert_int_eq(L.state[1], SSPF_STATE_VALID);
	ck_assert(!L.has_name[2]);
	ck_assert_int_eq(L.state[2], SSPF_STATE_PENDING);
	ck_assert(!L.has_name[3]);
	ck_assert_int_eq(L.state[3], SSPF_STATE_WITHDRAWN);
	ck_assert_int_eq(L.reason[3], SSPF_CONSENT_WITHDRAWN);
	ck_assert(!L.has_name[4]);
	ck_assert_int_eq(L.state[4], SSPF_STATE_EXPIRED);
	ck_assert(L.has_name[5]);
	ck_assert_str_eq(L.name[5], "Adam A");
	ck_assert_int_eq(L.state[5], SSPF_STATE_VALID);
	ck_assert(!L.has_name[6] && !L.has_name[7]);

	/* the newest consent's last day, for every case, 0 without one */
	ck_assert_int_eq(L.valid_until[0], 0);
	ck_assert_int_eq(L.valid_until[1],
			 sspf_date_add_months(tu_date(2026, 3, 1), 12) - 1);
	ck_assert_int_eq(L.valid_until[2], 0);
	ck_assert_int_eq(L.valid_until[3], L.valid_until[1]); /* withdrawn */
	ck_assert_int_eq(L.valid_until[4], tu_date(2025, 12, 31));

	/* one "list" entry without a code, no view per case */
	ck_assert_int_eq(tu_audit_n(st, "list", ""), 1);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM audit_log WHERE "
				    "action IN ('view', 'refused')"),
			 views);

	/* stopping early */
	memset(&L, 0, sizeof L);
	L.stop_after = 2;
	tu_ok(sspf_case_list(core, collect, &L), "list");
	ck_assert_int_eq(L.n, 2);

	/* expiry hides the name from the list the next day */
	tu_set_today(2027, 3, 1);
	memset(&L, 0, sizeof L);
	tu_ok(sspf_case_list(core, collect, &L), "list");
	ck_assert(!L.has_name[1] && !L.has_name[5]);
	ck_assert_int_eq(L.state[1], SSPF_STATE_EXPIRED);
	tu_audit_lacks(st, "Örjan");
	tu_audit_lacks(st, "Adam");
}
END_TEST

/* ---- the consent work ---- */

START_TEST(test_consent_info)
{
	char code[SSPF_CODE_SIZE];
	sspf_consent_info *ci = NULL;
	sspf_id g[2];

	family(CHILD, code, g);
	tu_ok(sspf_case_consent_info(core, code, &ci), "info");
	ck_assert_ptr_nonnull(ci);
	ck_assert_str_eq(ci->code, code);
	ck_assert_str_eq(ci->child_name, CHILD);
	ck_assert_int_eq(ci->birth, tu_date(2013, 5, 20));
	ck_assert(!ci->sole_custody);
	ck_assert_uint_eq(ci->n_guardians, 2);
	ck_assert_int_eq(ci->guardians[0].id, g[0]);
	ck_assert_str_eq(ci->guardians[0].name, MOTHER);
	ck_assert_str_eq(ci->guardians[0].phone, "070-123 45 67");
	ck_assert_str_eq(ci->guardians[0].email, "vh@example.se");
	ck_assert_str_eq(ci->guardians[0].address,
			 "Storgatan 1, 411 01 Göteborg");
	ck_assert(ci->guardians[0].custody);
	ck_assert_str_eq(ci->guardians[1].name, FATHER);
	ck_assert(!ci->verdict.allowed);
	ck_assert_int_eq(ci->verdict.reason, SSPF_CONSENT_NONE);
	sspf_consent_info_free(ci);
	ck_assert_int_eq(tu_audit_n(st, "consent-work", code), 1);
	/* the consent work is not a view of the case */
	ck_assert_int_eq(tu_audit_n(st, "view", code), 0);

	/* one signature of two: the verdict names the other guardian, and
	 * points into the struct */
	tu_ok(consent(code, tu_date(2026, 3, 1), 0, &g[1], 1, false, SCOPE),
	      "consent");
	tu_ok(sspf_case_consent_info(core, code, &ci), "info");
	ck_assert_int_eq(ci->verdict.reason, SSPF_CONSENT_GUARDIAN_UNSIGNED);
	ck_assert_ptr_eq(ci->verdict.guardian, ci->guardians[0].name);
	sspf_consent_info_free(ci);

	tu_ok(consent(code, tu_date(2026, 3, 2), 0, g, 2, false, SCOPE),
	      "consent");
	tu_ok(sspf_case_consent_info(core, code, &ci), "info");
	ck_assert(ci->verdict.allowed);
	ck_assert_int_eq(ci->verdict.reason, SSPF_CONSENT_OK);
	sspf_consent_info_free(ci);
	ck_assert_int_eq(tu_audit_n(st, "consent-work", code), 3);
	tu_audit_lacks(st, CHILD);
	tu_audit_lacks(st, MOTHER);
	tu_audit_lacks(st, "070-123");
}
END_TEST

/* ---- every public read function, without a valid consent ---- */

/* What a read function gave back: all its text, and whether it refused. */
struct seen {
	sspf_err e;
	char text[4096];
	size_t len;
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

static void read_get(const char *code, struct seen *s)
{
	sspf_case *c = (sspf_case *)1;
	sspf_verdict v;

	s->e = sspf_case_get(core, code, NULL, &c, &v);
	if (s->e != SSPF_OK) {
		ck_assert_ptr_null(c);
		return;
	}
	see(s, c->child_name);
	see(s, c->school);
	see(s, c->class_name);
	see(s, c->district);
	see(s, c->concern_text);
	see(s, c->note);
	see(s, c->outcome);
	sspf_case_free(c);
}

static void read_gate(const char *code, struct seen *s)
{
	sspf_verdict v;

	s->e = sspf_gate(core, code, NULL, &v);
	see(s, v.guardian);
}

struct list_one {
	const char *code;
	struct seen *s;
	int found;
};

static int list_one_cb(void *arg, const sspf_case_line *line)
{
	struct list_one *lo = arg;

	if (strcmp(line->code, lo->code) == 0) {
		lo->found++;
		see(lo->s, line->child_name);
	}
	return 0;
}

static void read_list(const char *code, struct seen *s)
{
	struct list_one lo = { code, s, 0 };

	s->e = sspf_case_list(core, list_one_cb, &lo);
	ck_assert_int_eq(lo.found, 1);
}

static void read_consent_info(const char *code, struct seen *s)
{
	sspf_consent_info *ci = NULL;

	s->e = sspf_case_consent_info(core, code, &ci);
	if (ci == NULL)
		return;
	see(s, ci->code);
	see(s, ci->child_name);
	for (size_t i = 0; i < ci->n_guardians; i++) {
		see(s, ci->guardians[i].name);
		see(s, ci->guardians[i].phone);
		see(s, ci->guardians[i].email);
		see(s, ci->guardians[i].address);
	}
	see(s, ci->verdict.guardian);
	sspf_consent_info_free(ci);
}

static void read_search(const char *code, struct seen *s)
{
	struct list_one lo = { code, s, 0 };

	/* by its code (always findable) and by the child's name */
	s->e = sspf_case_search(core, code, list_one_cb, &lo);
	ck_assert_int_eq(lo.found, 1);
	if (s->e == SSPF_OK)
		s->e = sspf_case_search(core, CHILD, list_one_cb, &lo);
}

static int history_cb(void *arg, const sspf_history_line *l)
{
	see(arg, l->minutes);
	return 0;
}

static void read_history(const char *code, struct seen *s)
{
	sspf_verdict v;

	s->e = sspf_case_history(core, code, history_cb, s, &v);
}

static void read_consent_record(const char *code, struct seen *s)
{
	sspf_consent_record *r = NULL;

	s->e = sspf_consent_current(core, code, &r);
	if (s->e == SSPF_ERR_NOT_FOUND) /* none yet: nothing to show */
		s->e = SSPF_OK;
	if (r == NULL)
		return;
	see(s, r->information);
	see(s, r->purpose);
	see(s, r->withdrawn_note);
	sspf_consent_record_free(r);
}

/*
 * Every public function of cases.h that reads a case. A new read function
 * is a new row. refuses: returns SSPF_ERR_REFUSED; else it returns SSPF_OK
 * and withholds (it gives no case content, and the child's name only if
 * names_ok: the consent work, the one allowed exception).
 */
static const struct read_fn {
	const char *name;
	void (*read)(const char *code, struct seen *s);
	bool refuses;
	bool names_ok;
	int audit_entries; /* how many one call writes */
	bool shows_name;   /* when allowed, the child's name is in it */
} read_fns[] = {
	{ "sspf_case_get", read_get, true, false, 1, true },
	{ "sspf_gate", read_gate, true, false, 1, false },
	{ "sspf_case_list", read_list, false, false, 1, true },
	{ "sspf_case_consent_info", read_consent_info, false, true, 1, true },
	{ "sspf_case_search", read_search, false, false, 2, true },
	{ "sspf_case_history", read_history, true, false, 1, false },
	{ "sspf_consent_current", read_consent_record, false, false, 1, false },
};
#define N_READ_FNS (sizeof read_fns / sizeof read_fns[0])

/* A case in each state without a valid consent; its code into code. */
static void case_in_state(int state, char code[SSPF_CODE_SIZE])
{
	sspf_id g[2];

	switch (state) {
	case 0: /* no consent */
		family(CHILD, code, g);
		break;
	case 1: /* one signature of two */
		family(CHILD, code, g);
		tu_ok(consent(code, tu_date(2026, 3, 1), 0, g, 1, false, SCOPE),
		      "c");
		break;
	case 2: /* expired */
		family(CHILD, code, g);
		tu_ok(consent(code, tu_date(2025, 1, 1), tu_date(2025, 12, 31),
			      g, 2, false, SCOPE),
		      "c");
		break;
	case 3: /* withdrawn */
		family(CHILD, code, g);
		tu_ok(consent(code, tu_date(2026, 3, 1), 0, g, 2, false, SCOPE),
		      "c");
		tu_ok(sspf_consent_withdraw(core, code, tu_date(2026, 3, 10),
					    MOTHER, NULL),
		      "w");
		break;
	default: /* signed in the future */
		family(CHILD, code, g);
		tu_ok(consent(code, tu_date(2026, 4, 1), 0, g, 2, false, SCOPE),
		      "c");
		break;
	}
}
#define N_STATES 5

START_TEST(test_every_read_function)
{
	char code[SSPF_CODE_SIZE];
	const struct read_fn *r = &read_fns[_i % N_READ_FNS];
	int state = (int)(_i / N_READ_FNS);
	struct seen s = { 0 };

	case_in_state(state, code);
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
	if (!r->names_ok)
		ck_assert_msg(strstr(s.text, CHILD) == NULL,
			      "%s in state %d gave the child's name", r->name,
			      state);
	/* and every one of them left a trace in the log */
	ck_assert_msg(tu_int(st, "SELECT COUNT(*) FROM audit_log WHERE "
				 "action IN ('refused', 'list', "
				 "'consent-work')") == r->audit_entries,
		      "%s left no (or more than one) audit entry", r->name);
	tu_audit_lacks(st, CHILD);
}
END_TEST

/* The same functions on an allowed case give what they hold. */
START_TEST(test_read_functions_when_allowed)
{
	char code[SSPF_CODE_SIZE];
	struct seen s;

	consented(CHILD, code);
	for (size_t i = 0; i < N_READ_FNS; i++) {
		memset(&s, 0, sizeof s);
		read_fns[i].read(code, &s);
		ck_assert_msg(s.e == SSPF_OK, "%s: %s", read_fns[i].name,
			      sspf_err_detail());
		if (read_fns[i].shows_name)
			ck_assert_msg(strstr(s.text, CHILD) != NULL,
				      "%s hides the name", read_fns[i].name);
	}
	/* each gated read logged one "view" */
	ck_assert_int_eq(tu_audit_n(st, "view", code), 3);
}
END_TEST

/* ---- the audit log ---- */

START_TEST(test_audit_every_step)
{
	char code[SSPF_CODE_SIZE];
	sspf_consent_info *ci;
	sspf_id g[2];
	struct listed L = { 0 };
	sspf_case *c;

	family(CHILD, code, g);
	ck_assert_int_eq(tu_audit_n(st, "create", code), 1);
	ck_assert_int_eq(tu_audit_n(st, "change", code), 2);
	refused(code, NULL, SSPF_CONSENT_NONE);
	tu_ok(sspf_case_consent_info(core, code, &ci), "info");
	sspf_consent_info_free(ci);
	tu_ok(consent(code, tu_date(2026, 3, 1), 0, g, 2, false, SCOPE),
	      "consent");
	sspf_case_free(allowed(code, NULL));
	tu_ok(sspf_case_list(core, collect, &L), "list");
	tu_ok(sspf_consent_withdraw(core, code, tu_date(2026, 3, 10), MOTHER,
				    NULL),
	      "withdraw");
	refused(code, NULL, SSPF_CONSENT_WITHDRAWN);
	ck_assert_int_eq(sspf_case_get(core, code, NULL, &c, NULL),
			 SSPF_ERR_REFUSED);

	ck_assert_int_eq(tu_audit_n(st, "create", code), 1);
	ck_assert_int_eq(tu_audit_n(st, "change", code), 2);
	ck_assert_int_eq(tu_audit_n(st, "consent-work", code), 1);
	ck_assert_int_eq(tu_audit_n(st, "consent", code), 1);
	ck_assert_int_eq(tu_audit_n(st, "view", code), 1);
	ck_assert_int_eq(tu_audit_n(st, "refused", code), 3);
	ck_assert_int_eq(tu_audit_n(st, "withdraw", code), 1);
	ck_assert_int_eq(tu_audit_n(st, "list", ""), 1);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM audit_log"), 11);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM audit_log WHERE "
				    "os_user <> 'koordinator'"),
			 0);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM audit_log WHERE "
				    "case_code NOT IN ('', '2026-001')"),
			 0);
	tu_audit_lacks(st, CHILD);
	tu_audit_lacks(st, "Selma");
	tu_audit_lacks(st, MOTHER);
	tu_audit_lacks(st, FATHER);
	for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++)
		tu_audit_lacks(st, secrets[i]);
}
END_TEST

/* ---- bad input ---- */

START_TEST(test_unknown_code)
{
	sspf_case *c = (sspf_case *)1;
	sspf_consent_info *ci = (sspf_consent_info *)1;
	sspf_guardian_new g = { MOTHER, NULL, NULL, NULL, true };
	sspf_verdict v;
	struct listed L = { 0 };
	char code[SSPF_CODE_SIZE];

	new_case(CHILD, tu_date(2013, 1, 1), true, code);
	ck_assert_int_eq(sspf_case_get(core, "2026-999", NULL, &c, &v),
			 SSPF_ERR_NOT_FOUND);
	ck_assert_ptr_null(c);
	ck_assert(!v.allowed);
	ck_assert_int_eq(sspf_gate(core, "2026-999", NULL, &v),
			 SSPF_ERR_NOT_FOUND);
	ck_assert_int_eq(sspf_case_consent_info(core, "2026-999", &ci),
			 SSPF_ERR_NOT_FOUND);
	ck_assert_ptr_null(ci);
	ck_assert_int_eq(sspf_guardian_add(core, "2026-999", &g, NULL),
			 SSPF_ERR_NOT_FOUND);
	ck_assert_int_eq(consent("2026-999", tu_date(2026, 3, 1), 0, NULL, 0,
				 false, SCOPE),
			 SSPF_ERR_NOT_FOUND);
	ck_assert_int_eq(sspf_consent_withdraw(core, "2026-999",
					       tu_date(2026, 3, 1), MOTHER,
					       NULL),
			 SSPF_ERR_NOT_FOUND);
	/* a name where a code belongs finds nothing either */
	ck_assert_int_eq(sspf_case_get(core, CHILD, NULL, &c, &v),
			 SSPF_ERR_NOT_FOUND);
	ck_assert_int_eq(sspf_case_get(core, NULL, NULL, &c, &v),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(sspf_case_list(core, NULL, &L), SSPF_ERR_INVALID);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM audit_log"), 1);
}
END_TEST

START_TEST(test_consent_bad_input)
{
	char a[SSPF_CODE_SIZE], b[SSPF_CODE_SIZE];
	sspf_id ga[2], gb[2], dup[2];

	family(CHILD, a, ga);
	family("Annat Barn", b, gb);

	/* a guardian of another case */
	ck_assert_int_eq(consent(a, tu_date(2026, 3, 1), 0,
				 (sspf_id[]){ ga[0], gb[1] }, 2, false, SCOPE),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(consent(a, tu_date(2026, 3, 1), 0, (sspf_id[]){ 9999 },
				 1, false, SCOPE),
			 SSPF_ERR_INVALID);
	/* twice the same */
	dup[0] = dup[1] = ga[0];
	ck_assert_int_eq(
		consent(a, tu_date(2026, 3, 1), 0, dup, 2, false, SCOPE),
		SSPF_ERR_INVALID);
	/* ends before it starts; no scope; outside the actors */
	ck_assert_int_eq(consent(a, tu_date(2026, 3, 1), tu_date(2026, 2, 28),
				 ga, 2, false, SCOPE),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(consent(a, tu_date(2026, 3, 1), 0, ga, 2, false, 0),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(
		consent(a, tu_date(2026, 3, 1), 0, ga, 2, false, SCOPE | 0x20),
		SSPF_ERR_INVALID);
	/* one day is fine */
	tu_ok(consent(a, tu_date(2026, 3, 1), tu_date(2026, 3, 1), ga, 2, false,
		      SSPF_ACTOR_ALL),
	      "one day");

	/* nothing of the refused ones was kept */
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM consent"), 1);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM consent_signature"),
			 2);
	ck_assert_int_eq(tu_audit_n(st, "consent", a), 1);
	ck_assert_int_eq(
		tu_int(st, "SELECT COUNT(*) FROM consent WHERE "
			   "registered_by = 'koordinator' AND "
			   "registered_on = '2026-03-10' AND "
			   "form_language = 'sv' AND form_version = '2026-1'"),
		1);
	/* the one-day consent ended yesterday */
	refused(a, NULL, SSPF_CONSENT_EXPIRED);
}
END_TEST

START_TEST(test_guardian_limits)
{
	char code[SSPF_CODE_SIZE];
	sspf_guardian_new g = { 0 };
	sspf_id id;

	new_case(CHILD, tu_date(2013, 1, 1), false, code);
	g.name = "";
	ck_assert_int_eq(sspf_guardian_add(core, code, &g, &id),
			 SSPF_ERR_INVALID);
	g.name = NULL;
	ck_assert_int_eq(sspf_guardian_add(core, code, &g, &id),
			 SSPF_ERR_INVALID);
	for (int i = 0; i < SSPF_MAX_GUARDIANS; i++)
		guardian(code, "Vårdnadshavare", true);
	g.name = "En till";
	ck_assert_int_eq(sspf_guardian_add(core, code, &g, &id),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(id, 0);
	ck_assert_int_eq(tu_int(st, "SELECT COUNT(*) FROM guardian"),
			 SSPF_MAX_GUARDIANS);
	ck_assert_int_eq(tu_audit_n(st, "change", code), SSPF_MAX_GUARDIANS);
}
END_TEST

static Suite *cases_suite(void)
{
	Suite *s = suite_create("cases");
	TCase *tc = tcase_create("cases");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_codes_per_year);
	tcase_add_test(tc, test_explicit_codes);
	tcase_add_test(tc, test_create_bad_input);
	tcase_add_test(tc, test_get_refused_then_allowed);
	tcase_add_test(tc, test_expiry);
	tcase_add_test(tc, test_withdrawal);
	tcase_add_test(tc, test_decline);
	tcase_add_test(tc, test_joint_custody_one_signature);
	tcase_add_test(tc, test_sole_custody);
	tcase_add_test(tc, test_youth_signs);
	tcase_add_test(tc, test_meetings_and_scope);
	tcase_add_test(tc, test_set_sole_custody);
	tcase_add_test(tc, test_list);
	tcase_add_test(tc, test_consent_info);
	tcase_add_loop_test(tc, test_every_read_function, 0,
			    (int)(N_READ_FNS * N_STATES));
	tcase_add_test(tc, test_read_functions_when_allowed);
	tcase_add_test(tc, test_audit_every_step);
	tcase_add_test(tc, test_unknown_code);
	tcase_add_test(tc, test_consent_bad_input);
	tcase_add_test(tc, test_guardian_limits);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	tu_tz_stockholm();
	return run_all(cases_suite());
}
