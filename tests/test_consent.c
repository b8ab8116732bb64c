/*
 * test_consent.c - the consent rules (src/core/consent.c, DOMAIN.md
 * "Consent"): every rule with its date moved across the boundary (the day
 * before, on, after), the order in which the rules decide, the scope of
 * actors, where the child's name may be shown, the actor names, and the
 * reason sentences. fixture() makes facts that are valid today; each test
 * changes one thing and asserts the exact reason and its details.
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include <sspf/consent.h>
#include <sspf/date.h>

/* ---- helpers ---- */

/* The same calendar day `years` earlier (no 29 February here). */
static sspf_date years_before(sspf_date day, int years)
{
	int y, m, d;

	sspf_date_parts(day, &y, &m, &d);
	return tu_date(y - years, m, d);
}

/* The fixture's dates. */
#define BIRTH tu_date(2012, 6, 15) /* 13 on the signing date */
#define SIGNED tu_date(2026, 2, 1)
#define VALID_UNTIL tu_date(2027, 1, 31)
#define TODAY tu_date(2026, 3, 10)
#define BIRTH_TEXT "2012-06-15"

#define SCOPE (SSPF_ACTOR_SKOLA | SSPF_ACTOR_SOCIALTJANST)

/* A consent that is valid on TODAY: joint custody, both signed, 13 years
 * old, school and social services. */
static sspf_consent_facts fixture(void)
{
	sspf_consent_facts f;

	memset(&f, 0, sizeof f);
	f.birth = BIRTH;
	f.sole_custody = false;
	f.n_guardians = 2;
	f.guardians[0] = (sspf_guardian_facts){ "Anna Berg", true, true };
	f.guardians[1] = (sspf_guardian_facts){ "Erik Berg", true, true };
	f.has_consent = true;
	f.signed_on = SIGNED;
	f.valid_until = VALID_UNTIL;
	f.youth_signed = false;
	f.scope = SCOPE;
	f.withdrawn = false;
	f.withdrawn_on = 0;
	f.youth_age = 15;
	return f;
}

static sspf_verdict eval_ctx(const sspf_consent_facts *f,
			     sspf_context_kind kind, unsigned present,
			     sspf_date today)
{
	sspf_context ctx = { kind, present };

	return sspf_consent_evaluate(f, &ctx, today);
}

/* In the coordinator's case view, nobody else present. */
static sspf_verdict eval(const sspf_consent_facts *f, sspf_date today)
{
	return eval_ctx(f, SSPF_CTX_CASE_VIEW, 0, today);
}

static const char *text(sspf_verdict v)
{
	static char buf[512];
	int n = sspf_verdict_text(&v, buf, sizeof buf);

	ck_assert_int_eq(n, (int)strlen(buf));
	ck_assert_msg(strstr(buf, BIRTH_TEXT) == NULL, "birth date in '%s'",
		      buf);
	return buf;
}

/* Allowed, with every detail zero. */
#define ck_allowed(v, name_shown)                                   \
	do {                                                        \
		sspf_verdict v_ = (v);                              \
		ck_assert_msg(v_.allowed, "refused: %s", text(v_)); \
		ck_assert_int_eq(v_.reason, SSPF_CONSENT_OK);       \
		ck_assert_ptr_null(v_.guardian);                    \
		ck_assert_int_eq(v_.date, 0);                       \
		ck_assert_uint_eq(v_.actors, 0);                    \
		ck_assert_int_eq(v_.show_name, (name_shown));       \
	} while (0)

/* Refused for reason; the name is never shown. */
#define ck_refused(v, why)                                                \
	do {                                                              \
		sspf_verdict v_ = (v);                                    \
		ck_assert_msg(!v_.allowed, "allowed, expected %s", #why); \
		ck_assert_int_eq(v_.reason, (why));                       \
		ck_assert(!v_.show_name);                                 \
	} while (0)

/* Refused for reason with the date as detail and no other detail. */
#define ck_refused_on(v, why, day)                \
	do {                                      \
		sspf_verdict w_ = (v);            \
		ck_refused(w_, why);              \
		ck_assert_int_eq(w_.date, (day)); \
		ck_assert_ptr_null(w_.guardian);  \
		ck_assert_uint_eq(w_.actors, 0);  \
	} while (0)

/* ---- the fixture and "no consent" ---- */

START_TEST(test_fixture_allowed)
{
	sspf_consent_facts f = fixture();

	ck_allowed(eval(&f, TODAY), true);
	ck_assert_str_eq(text(eval(&f, TODAY)), "The consent is valid.");
	/* a NULL context is the case view */
	ck_allowed(sspf_consent_evaluate(&f, NULL, TODAY), true);
}
END_TEST

START_TEST(test_none)
{
	sspf_consent_facts f = fixture();
	sspf_verdict v;

	f.has_consent = false;
	v = eval(&f, TODAY);
	ck_refused(v, SSPF_CONSENT_NONE);
	ck_assert_ptr_null(v.guardian);
	ck_assert_int_eq(v.date, 0);
	ck_assert_uint_eq(v.actors, 0);
	ck_assert_str_eq(text(v),
			 "No consent has been registered for this case yet.");
	/* decides before everything else */
	f.n_guardians = 0;
	f.withdrawn = true;
	f.withdrawn_on = SIGNED;
	f.valid_until = SIGNED;
	ck_refused(eval_ctx(&f, SSPF_CTX_NETWORK_MEETING, SSPF_ACTOR_POLIS,
			    SIGNED - 1),
		   SSPF_CONSENT_NONE);
	ck_refused(sspf_consent_evaluate(NULL, NULL, TODAY), SSPF_CONSENT_NONE);
}
END_TEST

/* ---- dates: signing, valid until, withdrawal ---- */

START_TEST(test_signing_date)
{
	sspf_consent_facts f = fixture();
	sspf_verdict v;

	v = eval(&f, SIGNED - 1);
	ck_refused_on(v, SSPF_CONSENT_NOT_YET, SIGNED);
	ck_assert_str_eq(text(v), "The consent is valid from 2026-02-01.");
	ck_refused_on(eval(&f, SIGNED - 30), SSPF_CONSENT_NOT_YET, SIGNED);
	ck_allowed(eval(&f, SIGNED), true);
	ck_allowed(eval(&f, SIGNED + 1), true);
}
END_TEST

START_TEST(test_valid_until)
{
	sspf_consent_facts f = fixture();
	sspf_verdict v;

	ck_allowed(eval(&f, VALID_UNTIL - 1), true);
	ck_allowed(eval(&f, VALID_UNTIL), true);
	v = eval(&f, VALID_UNTIL + 1);
	ck_refused_on(v, SSPF_CONSENT_EXPIRED, VALID_UNTIL);
	ck_assert_str_eq(text(v), "The consent expired on 2027-01-31; "
				  "register a renewed consent.");
	ck_refused_on(eval(&f, VALID_UNTIL + 400), SSPF_CONSENT_EXPIRED,
		      VALID_UNTIL);
	/* valid for the signing day only */
	f.valid_until = SIGNED;
	ck_refused_on(eval(&f, SIGNED - 1), SSPF_CONSENT_NOT_YET, SIGNED);
	ck_allowed(eval(&f, SIGNED), true);
	ck_refused_on(eval(&f, SIGNED + 1), SSPF_CONSENT_EXPIRED, SIGNED);
}
END_TEST

START_TEST(test_withdrawn)
{
	sspf_consent_facts f = fixture();
	sspf_verdict v;

	f.withdrawn = true;
	f.withdrawn_on = tu_date(2026, 3, 1);
	/* a withdrawal takes effect on its date */
	ck_allowed(eval(&f, tu_date(2026, 2, 28)), true);
	v = eval(&f, tu_date(2026, 3, 1));
	ck_refused_on(v, SSPF_CONSENT_WITHDRAWN, tu_date(2026, 3, 1));
	ck_assert_str_eq(text(v), "The consent was withdrawn on 2026-03-01.");
	ck_refused_on(eval(&f, tu_date(2026, 3, 2)), SSPF_CONSENT_WITHDRAWN,
		      tu_date(2026, 3, 1));
	/* dated later than today: still valid today */
	f.withdrawn_on = TODAY + 1;
	ck_allowed(eval(&f, TODAY), true);
	ck_refused_on(eval(&f, TODAY + 1), SSPF_CONSENT_WITHDRAWN, TODAY + 1);
	/* withdrawn on the signing date */
	f.withdrawn_on = SIGNED;
	ck_refused_on(eval(&f, SIGNED), SSPF_CONSENT_WITHDRAWN, SIGNED);
	/* the flag decides, not a stray date */
	f.withdrawn = false;
	f.withdrawn_on = SIGNED;
	ck_allowed(eval(&f, TODAY), true);
}
END_TEST

/* ---- the order of the rules ---- */

START_TEST(test_order)
{
	sspf_consent_facts f;
	sspf_verdict v;

	/* not yet valid beats withdrawn (withdrawal dated before signing) */
	f = fixture();
	f.withdrawn = true;
	f.withdrawn_on = SIGNED - 5;
	ck_refused_on(eval(&f, SIGNED - 1), SSPF_CONSENT_NOT_YET, SIGNED);
	ck_refused_on(eval(&f, SIGNED), SSPF_CONSENT_WITHDRAWN, SIGNED - 5);

	/* withdrawn beats expired */
	f = fixture();
	f.withdrawn = true;
	f.withdrawn_on = TODAY;
	ck_refused_on(eval(&f, VALID_UNTIL + 1), SSPF_CONSENT_WITHDRAWN, TODAY);

	/* a guardian's missing signature beats the dates */
	f = fixture();
	f.guardians[1].signed_now = false;
	v = eval(&f, VALID_UNTIL + 1);
	ck_refused(v, SSPF_CONSENT_GUARDIAN_UNSIGNED);
	ck_refused(eval(&f, SIGNED - 1), SSPF_CONSENT_GUARDIAN_UNSIGNED);

	/* a second guardian missing beats an unsigned one */
	f = fixture();
	f.n_guardians = 1;
	f.guardians[0].signed_now = false;
	ck_refused(eval(&f, TODAY), SSPF_CONSENT_SECOND_GUARDIAN);

	/* guardians before the youth */
	f = fixture();
	f.birth = years_before(SIGNED, 16);
	f.guardians[0].signed_now = false;
	ck_refused(eval(&f, TODAY), SSPF_CONSENT_GUARDIAN_UNSIGNED);

	/* the youth before the dates */
	f = fixture();
	f.birth = years_before(SIGNED, 16);
	ck_refused(eval(&f, SIGNED - 1), SSPF_CONSENT_YOUTH_UNSIGNED);
	ck_refused(eval(&f, VALID_UNTIL + 1), SSPF_CONSENT_YOUTH_UNSIGNED);

	/* expired beats out of scope */
	f = fixture();
	ck_refused_on(eval_ctx(&f, SSPF_CTX_NETWORK_MEETING, SSPF_ACTOR_POLIS,
			       VALID_UNTIL + 1),
		      SSPF_CONSENT_EXPIRED, VALID_UNTIL);
	/* withdrawn beats out of scope */
	f.withdrawn = true;
	f.withdrawn_on = TODAY;
	ck_refused_on(
		eval_ctx(&f, SSPF_CTX_NETWORK_MEETING, SSPF_ACTOR_POLIS, TODAY),
		SSPF_CONSENT_WITHDRAWN, TODAY);
	/* not yet beats out of scope */
	f = fixture();
	ck_refused_on(eval_ctx(&f, SSPF_CTX_NETWORK_MEETING, SSPF_ACTOR_POLIS,
			       SIGNED - 1),
		      SSPF_CONSENT_NOT_YET, SIGNED);
}
END_TEST

/* ---- guardians and custody ---- */

START_TEST(test_no_guardian)
{
	sspf_consent_facts f = fixture();
	sspf_verdict v;

	f.n_guardians = 0;
	v = eval(&f, TODAY);
	ck_refused(v, SSPF_CONSENT_NO_GUARDIAN);
	ck_assert_ptr_null(v.guardian);
	ck_assert_str_eq(text(v), "No guardian with custody is recorded; "
				  "record the guardians and who has custody.");
	f.sole_custody = true;
	ck_refused(eval(&f, TODAY), SSPF_CONSENT_NO_GUARDIAN);
	/* guardians without custody only, even if they signed */
	f = fixture();
	f.guardians[0].custody = false;
	f.guardians[1].custody = false;
	ck_refused(eval(&f, TODAY), SSPF_CONSENT_NO_GUARDIAN);
	f.sole_custody = true;
	ck_refused(eval(&f, TODAY), SSPF_CONSENT_NO_GUARDIAN);
}
END_TEST

START_TEST(test_joint_custody_one_guardian)
{
	sspf_consent_facts f = fixture();
	sspf_verdict v;

	/* joint custody is the default: one signature is not enough */
	f.n_guardians = 1;
	v = eval(&f, TODAY);
	ck_refused(v, SSPF_CONSENT_SECOND_GUARDIAN);
	ck_assert_ptr_null(v.guardian);
	ck_assert_int_eq(v.date, 0);
	ck_assert_str_eq(text(v), "Only one guardian is recorded; with joint "
				  "custody both must sign (or record sole "
				  "custody).");
	/* a second guardian without custody is no second signature */
	f.n_guardians = 2;
	f.guardians[1].custody = false;
	f.guardians[1].signed_now = true;
	ck_refused(eval(&f, TODAY), SSPF_CONSENT_SECOND_GUARDIAN);
	/* recording sole custody makes the one signature enough */
	f.sole_custody = true;
	ck_allowed(eval(&f, TODAY), true);
}
END_TEST

START_TEST(test_sole_custody)
{
	sspf_consent_facts f = fixture();
	sspf_verdict v;

	f.sole_custody = true;
	f.n_guardians = 1;
	ck_allowed(eval(&f, TODAY), true);
	/* a parent without custody who did not sign does not matter */
	f.n_guardians = 2;
	f.guardians[1] = (sspf_guardian_facts){ "Olle Ek", false, false };
	ck_allowed(eval(&f, TODAY), true);
	/* nor when listed first */
	f.guardians[1] = f.guardians[0];
	f.guardians[0] = (sspf_guardian_facts){ "Olle Ek", false, false };
	ck_allowed(eval(&f, TODAY), true);
	/* the one with custody must sign */
	f.guardians[1].signed_now = false;
	v = eval(&f, TODAY);
	ck_refused(v, SSPF_CONSENT_GUARDIAN_UNSIGNED);
	ck_assert_str_eq(v.guardian, "Anna Berg");
	/* sole custody recorded, but two with custody: both sign */
	f = fixture();
	f.sole_custody = true;
	f.guardians[1].signed_now = false;
	v = eval(&f, TODAY);
	ck_refused(v, SSPF_CONSENT_GUARDIAN_UNSIGNED);
	ck_assert_str_eq(v.guardian, "Erik Berg");
}
END_TEST

START_TEST(test_guardian_unsigned)
{
	sspf_consent_facts f = fixture();
	sspf_verdict v;

	f.guardians[1].signed_now = false;
	v = eval(&f, TODAY);
	ck_refused(v, SSPF_CONSENT_GUARDIAN_UNSIGNED);
	ck_assert_ptr_eq(v.guardian, f.guardians[1].name);
	ck_assert_int_eq(v.date, 0);
	ck_assert_uint_eq(v.actors, 0);
	ck_assert_str_eq(text(v),
			 "Erik Berg (guardian with custody) has not signed "
			 "the consent.");
	/* both unsigned: the first is named */
	f.guardians[0].signed_now = false;
	v = eval(&f, TODAY);
	ck_refused(v, SSPF_CONSENT_GUARDIAN_UNSIGNED);
	ck_assert_str_eq(v.guardian, "Anna Berg");
	ck_assert_str_eq(text(v),
			 "Anna Berg (guardian with custody) has not signed "
			 "the consent.");
	/* the first only */
	f.guardians[1].signed_now = true;
	v = eval(&f, TODAY);
	ck_assert_str_eq(v.guardian, "Anna Berg");
	/* a guardian without a recorded name */
	f.guardians[0].name = NULL;
	v = eval(&f, TODAY);
	ck_refused(v, SSPF_CONSENT_GUARDIAN_UNSIGNED);
	ck_assert_str_eq(text(v),
			 "A guardian with custody has not signed the consent.");
}
END_TEST

START_TEST(test_non_custodial_unsigned)
{
	sspf_consent_facts f = fixture();

	/* two with custody signed; a third without custody did not */
	f.n_guardians = 3;
	f.guardians[2] = (sspf_guardian_facts){ "Olle Ek", false, false };
	ck_allowed(eval(&f, TODAY), true);
	/* ... and listed first, before an unsigned one with custody */
	f.guardians[2] = f.guardians[0];
	f.guardians[0] = (sspf_guardian_facts){ "Olle Ek", false, false };
	f.guardians[1].signed_now = false;
	ck_assert_str_eq(eval(&f, TODAY).guardian, "Erik Berg");
	/* four guardians, the last with custody unsigned */
	f = fixture();
	f.n_guardians = SSPF_MAX_GUARDIANS;
	f.guardians[2] = (sspf_guardian_facts){ "Olle Ek", false, false };
	f.guardians[3] = (sspf_guardian_facts){ "Sara Ek", true, false };
	ck_assert_str_eq(eval(&f, TODAY).guardian, "Sara Ek");
	f.guardians[3].signed_now = true;
	ck_allowed(eval(&f, TODAY), true);
}
END_TEST

/* ---- the youth ---- */

START_TEST(test_youth_15th_birthday)
{
	sspf_consent_facts f = fixture();
	sspf_verdict v;

	/* 15th birthday the day after signing: 14 on the signing date */
	f.birth = years_before(SIGNED + 1, 15);
	ck_allowed(eval(&f, TODAY), true); /* 15 today: does not matter */
	/* 15th birthday on the signing date */
	f.birth = years_before(SIGNED, 15);
	v = eval(&f, TODAY);
	ck_refused(v, SSPF_CONSENT_YOUTH_UNSIGNED);
	ck_assert_int_eq(v.age, 15);
	ck_assert_ptr_null(v.guardian);
	ck_assert_int_eq(v.date, 0);
	ck_assert_str_eq(text(v), "The youth was 15 or older on the signing "
				  "date and must sign too.");
	/* 15th birthday the day before */
	f.birth = years_before(SIGNED - 1, 15);
	ck_refused(eval(&f, TODAY), SSPF_CONSENT_YOUTH_UNSIGNED);
	/* 17 */
	f.birth = years_before(SIGNED, 17);
	ck_refused(eval(&f, TODAY), SSPF_CONSENT_YOUTH_UNSIGNED);
	/* with the youth's signature */
	f.youth_signed = true;
	ck_allowed(eval(&f, TODAY), true);
	f.birth = years_before(SIGNED, 15);
	ck_allowed(eval(&f, TODAY), true);
	f.birth = years_before(SIGNED - 1, 15);
	ck_allowed(eval(&f, TODAY), true);
}
END_TEST

START_TEST(test_youth_age_setting)
{
	sspf_consent_facts f = fixture();
	sspf_verdict v;

	f.youth_age = 16;
	/* 15 on the signing date: not needed with the setting 16 */
	f.birth = years_before(SIGNED, 15);
	ck_allowed(eval(&f, TODAY), true);
	f.birth = years_before(SIGNED + 1, 16);
	ck_allowed(eval(&f, TODAY), true);
	f.birth = years_before(SIGNED, 16);
	v = eval(&f, TODAY);
	ck_refused(v, SSPF_CONSENT_YOUTH_UNSIGNED);
	ck_assert_int_eq(v.age, 16);
	ck_assert_str_eq(text(v), "The youth was 16 or older on the signing "
				  "date and must sign too.");
	f.birth = years_before(SIGNED - 1, 16);
	ck_refused(eval(&f, TODAY), SSPF_CONSENT_YOUTH_UNSIGNED);
	f.youth_signed = true;
	ck_allowed(eval(&f, TODAY), true);

	/* a lower setting: the fixture's 13-year-old must sign */
	f = fixture();
	f.youth_age = 13;
	v = eval(&f, TODAY);
	ck_refused(v, SSPF_CONSENT_YOUTH_UNSIGNED);
	ck_assert_int_eq(v.age, 13);
	f.youth_age = 14;
	ck_allowed(eval(&f, TODAY), true);

	/* 0 or negative means the default 15 */
	for (int setting = -1; setting <= 0; setting++) {
		f = fixture();
		f.youth_age = setting;
		f.birth = years_before(SIGNED + 1, 15);
		ck_allowed(eval(&f, TODAY), true);
		f.birth = years_before(SIGNED, 15);
		v = eval(&f, TODAY);
		ck_refused(v, SSPF_CONSENT_YOUTH_UNSIGNED);
		ck_assert_int_eq(v.age, 15);
	}
}
END_TEST

START_TEST(test_adult_at_signing)
{
	sspf_consent_facts f = fixture();
	sspf_verdict v;

	/* 18th birthday on the signing date: the youth alone consents */
	f.birth = years_before(SIGNED, 18);
	v = eval(&f, TODAY);
	ck_refused(v, SSPF_CONSENT_YOUTH_UNSIGNED);
	ck_assert_int_eq(v.age, 18);
	ck_assert_ptr_null(v.guardian);
	ck_assert_str_eq(text(v), "The youth was 18 or older on the signing "
				  "date and must sign; from 18 the youth "
				  "alone consents.");
	f.youth_signed = true;
	ck_allowed(eval(&f, TODAY), true);
	/* guardians are not needed */
	f.n_guardians = 0;
	ck_allowed(eval(&f, TODAY), true);
	f.n_guardians = 1;
	f.guardians[0].signed_now = false;
	ck_allowed(eval(&f, TODAY), true);
	/* a youth setting above 18 changes nothing */
	f.youth_age = 20;
	ck_allowed(eval(&f, TODAY), true);
	f.youth_signed = false;
	ck_refused(eval(&f, TODAY), SSPF_CONSENT_YOUTH_UNSIGNED);

	/* the day before: 18 already */
	f = fixture();
	f.birth = years_before(SIGNED - 1, 18);
	f.n_guardians = 0;
	f.youth_signed = true;
	ck_allowed(eval(&f, TODAY), true);
	f.youth_signed = false;
	ck_refused(eval(&f, TODAY), SSPF_CONSENT_YOUTH_UNSIGNED);

	/* the day after: 17 on the signing date, so the guardians consent */
	f = fixture();
	f.birth = years_before(SIGNED + 1, 18);
	f.youth_signed = true;
	ck_allowed(eval(&f, TODAY), true);
	f.n_guardians = 0;
	ck_refused(eval(&f, TODAY), SSPF_CONSENT_NO_GUARDIAN);

	/* the youth's consent, then the dates */
	f = fixture();
	f.birth = years_before(SIGNED, 18);
	f.youth_signed = true;
	ck_refused_on(eval(&f, SIGNED - 1), SSPF_CONSENT_NOT_YET, SIGNED);
	ck_refused_on(eval(&f, VALID_UNTIL + 1), SSPF_CONSENT_EXPIRED,
		      VALID_UNTIL);
}
END_TEST

START_TEST(test_adult_since_signing)
{
	sspf_consent_facts f = fixture();
	sspf_date adult = tu_date(2026, 6, 15);
	sspf_verdict v;

	/* 17 at signing; the municipality asks the youth from 18 only, so
	 * the guardians' consent was complete until the 18th birthday */
	f.birth = years_before(adult, 18);
	f.youth_age = 18;
	ck_allowed(eval(&f, adult - 1), true);
	v = eval(&f, adult);
	ck_refused_on(v, SSPF_CONSENT_ADULT_NOW, adult);
	ck_assert_str_eq(text(v), "The youth turned 18 on 2026-06-15; from "
				  "then the youth's own consent is needed.");
	ck_refused_on(eval(&f, adult + 1), SSPF_CONSENT_ADULT_NOW, adult);
	ck_refused_on(eval(&f, VALID_UNTIL), SSPF_CONSENT_ADULT_NOW, adult);
	/* expired decides before */
	ck_refused_on(eval(&f, VALID_UNTIL + 1), SSPF_CONSENT_EXPIRED,
		      VALID_UNTIL);
	/* withdrawn decides before */
	f.withdrawn = true;
	f.withdrawn_on = adult + 1;
	ck_refused_on(eval(&f, adult), SSPF_CONSENT_ADULT_NOW, adult);
	ck_refused_on(eval(&f, adult + 1), SSPF_CONSENT_WITHDRAWN, adult + 1);
	f.withdrawn = false;
	/* before out of scope */
	ck_refused_on(
		eval_ctx(&f, SSPF_CTX_NETWORK_MEETING, SSPF_ACTOR_POLIS, adult),
		SSPF_CONSENT_ADULT_NOW, adult);
	/* if the youth signed too, the consent stands */
	f.youth_signed = true;
	ck_allowed(eval(&f, adult), true);
	ck_allowed(eval(&f, VALID_UNTIL), true);

	/* 14 at signing, a consent for several years */
	f = fixture();
	f.birth = years_before(SIGNED + 1, 15);
	f.valid_until = tu_date(2031, 1, 31);
	adult = years_before(SIGNED + 1, -3);
	ck_allowed(eval(&f, adult - 1), true);
	ck_refused_on(eval(&f, adult), SSPF_CONSENT_ADULT_NOW, adult);

	/* 17 at signing with youth_age 15: the youth had to sign anyway */
	f = fixture();
	f.birth = years_before(tu_date(2026, 6, 15), 18);
	f.youth_signed = true;
	ck_allowed(eval(&f, tu_date(2026, 6, 15)), true);
	f.youth_signed = false;
	ck_refused(eval(&f, tu_date(2026, 6, 15)), SSPF_CONSENT_YOUTH_UNSIGNED);
}
END_TEST

START_TEST(test_adult_since_signing_leap_day)
{
	sspf_consent_facts f = fixture();
	sspf_verdict v;

	/* born 29 February 2008: 18 on 1 March 2026 */
	f.birth = tu_date(2008, 2, 29);
	f.youth_age = 18;
	f.signed_on = tu_date(2026, 2, 1);
	ck_allowed(eval(&f, tu_date(2026, 2, 28)), true);
	v = eval(&f, tu_date(2026, 3, 1));
	ck_refused_on(v, SSPF_CONSENT_ADULT_NOW, tu_date(2026, 3, 1));
	ck_assert_str_eq(text(v), "The youth turned 18 on 2026-03-01; from "
				  "then the youth's own consent is needed.");
	ck_assert_ptr_null(strstr(text(v), "2008-02-29"));
	/* signed on 1 March: 18 at signing, the youth alone */
	f.signed_on = tu_date(2026, 3, 1);
	ck_refused(eval(&f, tu_date(2026, 3, 2)), SSPF_CONSENT_YOUTH_UNSIGNED);
	/* signed on 28 February: still 17 */
	f.signed_on = tu_date(2026, 2, 28);
	ck_allowed(eval(&f, tu_date(2026, 2, 28)), true);
	ck_refused_on(eval(&f, tu_date(2026, 3, 1)), SSPF_CONSENT_ADULT_NOW,
		      tu_date(2026, 3, 1));
}
END_TEST

/* ---- scope ---- */

START_TEST(test_each_actor_out_of_scope)
{
	static const char *const names[] = { "skola", "socialtj\xc3\xa4nst",
					     "polis", "fritid", "annan" };

	for (int i = 0; i < 5; i++) {
		sspf_consent_facts f = fixture();
		unsigned a = 1u << i;
		char want[128];
		sspf_verdict v;

		f.scope = SSPF_ACTOR_ALL & ~a;
		v = eval_ctx(&f, SSPF_CTX_NETWORK_MEETING, a, TODAY);
		ck_refused(v, SSPF_CONSENT_OUT_OF_SCOPE);
		ck_assert_uint_eq(v.actors, a);
		ck_assert_ptr_null(v.guardian);
		ck_assert_int_eq(v.date, 0);
		snprintf(want, sizeof want,
			 "%s is present but not covered by the consent.",
			 names[i]);
		ck_assert_str_eq(text(v), want);
		/* everyone else present is fine */
		ck_allowed(eval_ctx(&f, SSPF_CTX_NETWORK_MEETING,
				    SSPF_ACTOR_ALL & ~a, TODAY),
			   true);
		/* and this one alone is fine in its own scope */
		f.scope = a;
		ck_allowed(eval_ctx(&f, SSPF_CTX_NETWORK_MEETING, a, TODAY),
			   true);
	}
}
END_TEST

START_TEST(test_several_out_of_scope)
{
	sspf_consent_facts f = fixture();
	sspf_verdict v;

	v = eval_ctx(&f, SSPF_CTX_NETWORK_MEETING,
		     SSPF_ACTOR_SKOLA | SSPF_ACTOR_POLIS | SSPF_ACTOR_FRITID,
		     TODAY);
	ck_refused(v, SSPF_CONSENT_OUT_OF_SCOPE);
	ck_assert_uint_eq(v.actors, SSPF_ACTOR_POLIS | SSPF_ACTOR_FRITID);
	ck_assert_str_eq(text(v),
			 "polis, fritid are present but not covered by the "
			 "consent.");
	/* all of them, none in scope */
	f.scope = 0;
	v = eval_ctx(&f, SSPF_CTX_GROUP_MEETING, SSPF_ACTOR_ALL, TODAY);
	ck_refused(v, SSPF_CONSENT_OUT_OF_SCOPE);
	ck_assert_uint_eq(v.actors, SSPF_ACTOR_ALL);
	ck_assert_str_eq(text(v),
			 "skola, socialtj\xc3\xa4nst, polis, fritid, annan "
			 "are present but not covered by the consent.");
	/* only the coordinator: scope does not matter */
	ck_allowed(eval(&f, TODAY), true);
}
END_TEST

START_TEST(test_scope_bits)
{
	sspf_consent_facts f = fixture();
	sspf_verdict v;

	/* exactly the scope */
	ck_allowed(eval_ctx(&f, SSPF_CTX_NETWORK_MEETING, SCOPE, TODAY), true);
	ck_allowed(
		eval_ctx(&f, SSPF_CTX_NETWORK_MEETING, SSPF_ACTOR_SKOLA, TODAY),
		true);
	/* bits outside SSPF_ACTOR_ALL are no actors */
	ck_allowed(eval_ctx(&f, SSPF_CTX_NETWORK_MEETING,
			    SSPF_ACTOR_SKOLA | 0x20u | 0x80000000u, TODAY),
		   true);
	v = eval_ctx(&f, SSPF_CTX_NETWORK_MEETING, SSPF_ACTOR_ANNAN | 0x40u,
		     TODAY);
	ck_refused(v, SSPF_CONSENT_OUT_OF_SCOPE);
	ck_assert_uint_eq(v.actors, SSPF_ACTOR_ANNAN);
	/* a scope with stray bits covers nothing more */
	f.scope = SCOPE | 0xffffffe0u;
	v = eval_ctx(&f, SSPF_CTX_NETWORK_MEETING, SSPF_ACTOR_POLIS, TODAY);
	ck_refused(v, SSPF_CONSENT_OUT_OF_SCOPE);
	ck_assert_uint_eq(v.actors, SSPF_ACTOR_POLIS);
}
END_TEST

/* ---- where the name may be shown ---- */

START_TEST(test_show_name_by_context)
{
	sspf_consent_facts f = fixture();

	ck_allowed(eval_ctx(&f, SSPF_CTX_CASE_VIEW, 0, TODAY), true);
	ck_allowed(eval_ctx(&f, SSPF_CTX_NETWORK_MEETING, SCOPE, TODAY), true);
	ck_allowed(eval_ctx(&f, SSPF_CTX_DOCUMENT, 0, TODAY), true);
	/* allowed, by code only */
	ck_allowed(eval_ctx(&f, SSPF_CTX_GROUP_MEETING, SCOPE, TODAY), false);
	ck_allowed(eval_ctx(&f, SSPF_CTX_GROUP_MEETING, 0, TODAY), false);
	ck_allowed(eval_ctx(&f, SSPF_CTX_EXPORT, 0, TODAY), false);
	ck_assert_str_eq(
		text(eval_ctx(&f, SSPF_CTX_GROUP_MEETING, SCOPE, TODAY)),
		"The consent is valid; here the case is shown by its "
		"code only.");
}
END_TEST

START_TEST(test_refused_never_shows_name)
{
	static const sspf_context_kind kinds[] = {
		SSPF_CTX_CASE_VIEW, SSPF_CTX_GROUP_MEETING,
		SSPF_CTX_NETWORK_MEETING, SSPF_CTX_DOCUMENT, SSPF_CTX_EXPORT
	};

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		sspf_consent_facts f = fixture();

		ck_refused(eval_ctx(&f, kinds[i], SSPF_ACTOR_POLIS, TODAY),
			   SSPF_CONSENT_OUT_OF_SCOPE);
		ck_refused_on(eval_ctx(&f, kinds[i], 0, VALID_UNTIL + 1),
			      SSPF_CONSENT_EXPIRED, VALID_UNTIL);
		f.withdrawn = true;
		f.withdrawn_on = TODAY;
		ck_refused(eval_ctx(&f, kinds[i], 0, TODAY),
			   SSPF_CONSENT_WITHDRAWN);
		f = fixture();
		f.guardians[0].signed_now = false;
		ck_refused(eval_ctx(&f, kinds[i], 0, TODAY),
			   SSPF_CONSENT_GUARDIAN_UNSIGNED);
		f.has_consent = false;
		ck_refused(eval_ctx(&f, kinds[i], 0, TODAY), SSPF_CONSENT_NONE);
	}
}
END_TEST

/* ---- actor names ---- */

START_TEST(test_actor_names)
{
	ck_assert_str_eq(sspf_actor_name(SSPF_ACTOR_SKOLA), "skola");
	ck_assert_str_eq(sspf_actor_name(SSPF_ACTOR_SOCIALTJANST),
			 "socialtj\xc3\xa4nst");
	ck_assert_str_eq(sspf_actor_name(SSPF_ACTOR_POLIS), "polis");
	ck_assert_str_eq(sspf_actor_name(SSPF_ACTOR_FRITID), "fritid");
	ck_assert_str_eq(sspf_actor_name(SSPF_ACTOR_ANNAN), "annan");
	ck_assert_ptr_null(sspf_actor_name(0));
	ck_assert_ptr_null(
		sspf_actor_name(SSPF_ACTOR_SKOLA | SSPF_ACTOR_POLIS));
	ck_assert_ptr_null(sspf_actor_name(1u << 5));
	ck_assert_ptr_null(sspf_actor_name(SSPF_ACTOR_ALL));
	for (unsigned a = 1; a & SSPF_ACTOR_ALL; a <<= 1)
		ck_assert_uint_eq(sspf_actor_parse(sspf_actor_name(a)), a);
}
END_TEST

START_TEST(test_actor_parse)
{
	ck_assert_uint_eq(sspf_actor_parse("skola"), SSPF_ACTOR_SKOLA);
	ck_assert_uint_eq(sspf_actor_parse("SKOLA"), SSPF_ACTOR_SKOLA);
	ck_assert_uint_eq(sspf_actor_parse("Skola"), SSPF_ACTOR_SKOLA);
	ck_assert_uint_eq(sspf_actor_parse("socialtj\xc3\xa4nst"),
			  SSPF_ACTOR_SOCIALTJANST);
	ck_assert_uint_eq(sspf_actor_parse("Socialtj\xc3\xa4nst"),
			  SSPF_ACTOR_SOCIALTJANST);
	ck_assert_uint_eq(sspf_actor_parse("SOCIALTJ\xc3\x84NST"),
			  SSPF_ACTOR_SOCIALTJANST);
	ck_assert_uint_eq(sspf_actor_parse("socialtjanst"),
			  SSPF_ACTOR_SOCIALTJANST);
	ck_assert_uint_eq(sspf_actor_parse("SocialTjanst"),
			  SSPF_ACTOR_SOCIALTJANST);
	ck_assert_uint_eq(sspf_actor_parse("socialtja\xcc\x88nst"),
			  SSPF_ACTOR_SOCIALTJANST);
	ck_assert_uint_eq(sspf_actor_parse("Polis"), SSPF_ACTOR_POLIS);
	ck_assert_uint_eq(sspf_actor_parse("FRITID"), SSPF_ACTOR_FRITID);
	ck_assert_uint_eq(sspf_actor_parse("annan"), SSPF_ACTOR_ANNAN);
	ck_assert_uint_eq(sspf_actor_parse("aNNaN"), SSPF_ACTOR_ANNAN);
	/* unknown */
	ck_assert_uint_eq(sspf_actor_parse(NULL), 0);
	ck_assert_uint_eq(sspf_actor_parse(""), 0);
	ck_assert_uint_eq(sspf_actor_parse("skol"), 0);
	ck_assert_uint_eq(sspf_actor_parse("skolan"), 0);
	ck_assert_uint_eq(sspf_actor_parse(" polis"), 0);
	ck_assert_uint_eq(sspf_actor_parse("polis "), 0);
	ck_assert_uint_eq(sspf_actor_parse("school"), 0);
	ck_assert_uint_eq(sspf_actor_parse("socialtj"), 0);
	ck_assert_uint_eq(sspf_actor_parse("skol\xc3\xa4"), 0);
	ck_assert_uint_eq(sspf_actor_parse("\xc3\x84nnan"), 0);
	ck_assert_uint_eq(
		sspf_actor_parse("skolaskolaskolaskolaskolaskolaskolaskola"),
		0);
}
END_TEST

/* ---- the sentences ---- */

START_TEST(test_text_small_buffer)
{
	sspf_consent_facts f = fixture();
	sspf_verdict v;
	char buf[16];
	int full, n;

	f.guardians[1].signed_now = false;
	v = eval(&f, TODAY);
	full = (int)strlen("Erik Berg (guardian with custody) has not signed "
			   "the consent.");
	/* size 0: nothing written, buf may be NULL */
	ck_assert_int_eq(sspf_verdict_text(&v, NULL, 0), full);
	memset(buf, 'X', sizeof buf);
	ck_assert_int_eq(sspf_verdict_text(&v, buf, 0), full);
	ck_assert_int_eq(buf[0], 'X');
	/* size 1: the empty string */
	ck_assert_int_eq(sspf_verdict_text(&v, buf, 1), full);
	ck_assert_int_eq(buf[0], '\0');
	ck_assert_int_eq(buf[1], 'X');
	/* truncated, terminated, nothing written past size */
	n = sspf_verdict_text(&v, buf, 10);
	ck_assert_int_eq(n, full);
	ck_assert_str_eq(buf, "Erik Berg");
	ck_assert_int_eq(buf[10], 'X');
	/* every reason, with a small buffer */
	for (int r = SSPF_CONSENT_OK; r <= SSPF_CONSENT_ADULT_NOW; r++) {
		sspf_verdict w = v;
		char big[512];

		w.reason = (sspf_consent_reason)r;
		w.actors = SSPF_ACTOR_ALL;
		w.date = TODAY;
		memset(buf, 'X', sizeof buf);
		n = sspf_verdict_text(&w, buf, 8);
		ck_assert_int_eq(n, sspf_verdict_text(&w, big, sizeof big));
		ck_assert_int_ge(n, 8);
		ck_assert_int_eq(strlen(buf), 7);
		ck_assert_int_eq(buf[8], 'X');
		ck_assert(strncmp(buf, big, 7) == 0);
	}
}
END_TEST

START_TEST(test_text_every_reason)
{
	/* one sentence each, distinct, ending in a full stop */
	char seen[SSPF_CONSENT_ADULT_NOW + 1][512];

	for (int r = SSPF_CONSENT_OK; r <= SSPF_CONSENT_ADULT_NOW; r++) {
		sspf_verdict v = { 0 };

		v.allowed = r == SSPF_CONSENT_OK;
		v.show_name = v.allowed;
		v.reason = (sspf_consent_reason)r;
		v.guardian = "Anna Berg";
		v.date = tu_date(2026, 3, 1);
		v.actors = SSPF_ACTOR_POLIS;
		v.age = 15;
		snprintf(seen[r], sizeof seen[r], "%s", text(v));
		ck_assert_int_gt(strlen(seen[r]), 20);
		ck_assert_int_eq(seen[r][strlen(seen[r]) - 1], '.');
		/* capitalised, except where it starts with an actor's name */
		if (r != SSPF_CONSENT_OUT_OF_SCOPE)
			ck_assert_msg(seen[r][0] >= 'A' && seen[r][0] <= 'Z',
				      "%s", seen[r]);
		for (int q = 0; q < r; q++)
			ck_assert_str_ne(seen[q], seen[r]);
	}
	ck_assert_ptr_nonnull(strstr(seen[SSPF_CONSENT_NOT_YET], "2026-03-01"));
	ck_assert_ptr_nonnull(strstr(seen[SSPF_CONSENT_EXPIRED], "2026-03-01"));
	ck_assert_ptr_nonnull(
		strstr(seen[SSPF_CONSENT_WITHDRAWN], "2026-03-01"));
	ck_assert_ptr_nonnull(
		strstr(seen[SSPF_CONSENT_ADULT_NOW], "2026-03-01"));
	ck_assert_ptr_nonnull(
		strstr(seen[SSPF_CONSENT_GUARDIAN_UNSIGNED], "Anna Berg"));
	ck_assert_ptr_nonnull(strstr(seen[SSPF_CONSENT_OUT_OF_SCOPE], "polis"));
}
END_TEST

START_TEST(test_text_never_names_the_child)
{
	/* every verdict on many days around the fixture's boundaries; text()
	 * checks that the birth date never appears */
	sspf_consent_facts f = fixture();
	sspf_date days[] = { SIGNED - 1,
			     SIGNED,
			     TODAY,
			     VALID_UNTIL,
			     VALID_UNTIL + 1,
			     BIRTH,
			     tu_date(2030, 6, 15),
			     tu_date(2030, 6, 14) };

	f.valid_until = tu_date(2031, 1, 1);
	for (int variant = 0; variant < 6; variant++) {
		sspf_consent_facts g = f;

		switch (variant) {
		case 1:
			g.guardians[0].signed_now = false;
			break;
		case 2:
			g.withdrawn = true;
			g.withdrawn_on = TODAY;
			break;
		case 3:
			g.n_guardians = 1;
			break;
		case 4:
			g.youth_age = 13;
			break;
		case 5:
			g.has_consent = false;
			break;
		}
		for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
			(void)text(eval(&g, days[i]));
			(void)text(eval_ctx(&g, SSPF_CTX_EXPORT, SSPF_ACTOR_ALL,
					    days[i]));
		}
	}
	/* the 18th-birthday reason names the birthday, not the birth date */
	ck_assert_str_eq(text(eval(&f, tu_date(2030, 6, 15))),
			 "The youth turned 18 on 2030-06-15; from then the "
			 "youth's own consent is needed.");
}
END_TEST

static Suite *consent_suite(void)
{
	Suite *s = suite_create("consent");
	TCase *tc;

	tc = tcase_create("dates");
	tcase_add_test(tc, test_fixture_allowed);
	tcase_add_test(tc, test_none);
	tcase_add_test(tc, test_signing_date);
	tcase_add_test(tc, test_valid_until);
	tcase_add_test(tc, test_withdrawn);
	tcase_add_test(tc, test_order);
	suite_add_tcase(s, tc);

	tc = tcase_create("guardians");
	tcase_add_test(tc, test_no_guardian);
	tcase_add_test(tc, test_joint_custody_one_guardian);
	tcase_add_test(tc, test_sole_custody);
	tcase_add_test(tc, test_guardian_unsigned);
	tcase_add_test(tc, test_non_custodial_unsigned);
	suite_add_tcase(s, tc);

	tc = tcase_create("youth");
	tcase_add_test(tc, test_youth_15th_birthday);
	tcase_add_test(tc, test_youth_age_setting);
	tcase_add_test(tc, test_adult_at_signing);
	tcase_add_test(tc, test_adult_since_signing);
	tcase_add_test(tc, test_adult_since_signing_leap_day);
	suite_add_tcase(s, tc);

	tc = tcase_create("scope and context");
	tcase_add_test(tc, test_each_actor_out_of_scope);
	tcase_add_test(tc, test_several_out_of_scope);
	tcase_add_test(tc, test_scope_bits);
	tcase_add_test(tc, test_show_name_by_context);
	tcase_add_test(tc, test_refused_never_shows_name);
	suite_add_tcase(s, tc);

	tc = tcase_create("names and text");
	tcase_add_test(tc, test_actor_names);
	tcase_add_test(tc, test_actor_parse);
	tcase_add_test(tc, test_text_small_buffer);
	tcase_add_test(tc, test_text_every_reason);
	tcase_add_test(tc, test_text_never_names_the_child);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(consent_suite());
	int failed;

	srunner_run_all(sr, CK_VERBOSE);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
