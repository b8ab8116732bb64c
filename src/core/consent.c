/*
 * consent.c - the consent rules of SSPF (include/sspf/consent.h and
 * ../shared/design/DOMAIN.md, "Consent"): the actors' names, the verdict
 * on a case's consent facts in a context on a day, and that verdict as a
 * sentence a coordinator can act on.
 */
#include <stdio.h>
#include <string.h>

#include <sspf/consent.h>

#include "store/errors_internal.h"

/* The youth alone consents from this age. */
#define ADULT_AGE 18
/* The youth signs too from this age unless the setting says otherwise. */
#define DEFAULT_YOUTH_AGE 15

static const struct {
	const char *name;
	unsigned actor;
} actor_names[] = {
	{ "skola", SSPF_ACTOR_SKOLA },
	{ "socialtj\xc3\xa4nst", SSPF_ACTOR_SOCIALTJANST },
	{ "socialtjanst", SSPF_ACTOR_SOCIALTJANST },
	/* decomposed: a + combining diaeresis, as some keyboards send it */
	{ "socialtja\xcc\x88nst", SSPF_ACTOR_SOCIALTJANST },
	{ "polis", SSPF_ACTOR_POLIS },
	{ "fritid", SSPF_ACTOR_FRITID },
	{ "annan", SSPF_ACTOR_ANNAN },
};

const char *sspf_actor_name(unsigned a)
{
	switch (a) {
	case SSPF_ACTOR_SKOLA:
		return "skola";
	case SSPF_ACTOR_SOCIALTJANST:
		return "socialtj\xc3\xa4nst";
	case SSPF_ACTOR_POLIS:
		return "polis";
	case SSPF_ACTOR_FRITID:
		return "fritid";
	case SSPF_ACTOR_ANNAN:
		return "annan";
	default:
		return NULL;
	}
}

unsigned sspf_actor_parse(const char *name)
{
	char low[32];
	size_t i, n;

	if (name == NULL)
		return 0;
	n = strlen(name);
	if (n >= sizeof low)
		return 0;
	/* Lower-case ASCII and the UTF-8 capital Ä, independent of locale. */
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		else if (c == 0x84 && i > 0 &&
			 (unsigned char)name[i - 1] == 0xc3)
			c = 0xa4;
		low[i] = (char)c;
	}
	low[n] = '\0';
	for (i = 0; i < sizeof actor_names / sizeof actor_names[0]; i++)
		if (strcmp(low, actor_names[i].name) == 0)
			return actor_names[i].actor;
	return 0;
}

/* The first day on which sspf_date_age(birth, day) is ADULT_AGE. */
static sspf_date adult_day(sspf_date birth)
{
	int y, m, d;
	sspf_date day;

	sspf_date_parts(birth, &y, &m, &d);
	/* 29 February in a common year: a year older on 1 March. */
	if (!sspf_date_make(y + ADULT_AGE, m, d, &day))
		sspf_date_make(y + ADULT_AGE, 3, 1, &day);
	return day;
}

static sspf_verdict refuse(sspf_consent_reason reason)
{
	sspf_verdict v = { 0 };

	v.allowed = false;
	v.reason = reason;
	v.show_name = false;
	return v;
}

/* The guardians' part: OK, or the reason and the guardian it names. */
static sspf_verdict check_guardians(const sspf_consent_facts *f)
{
	size_t n = f->n_guardians < SSPF_MAX_GUARDIANS ? f->n_guardians
						       : SSPF_MAX_GUARDIANS;
	size_t custodial = 0;
	sspf_verdict v;

	for (size_t i = 0; i < n; i++)
		custodial += f->guardians[i].custody;
	if (custodial == 0)
		return refuse(SSPF_CONSENT_NO_GUARDIAN);
	if (!f->sole_custody && custodial == 1)
		return refuse(SSPF_CONSENT_SECOND_GUARDIAN);
	for (size_t i = 0; i < n; i++) {
		if (f->guardians[i].custody && !f->guardians[i].signed_now) {
			v = refuse(SSPF_CONSENT_GUARDIAN_UNSIGNED);
			v.guardian = f->guardians[i].name;
			return v;
		}
	}
	return refuse(SSPF_CONSENT_OK);
}

sspf_verdict sspf_consent_evaluate(const sspf_consent_facts *facts,
				   const sspf_context *ctx, sspf_date today)
{
	static const sspf_context nobody = { SSPF_CTX_CASE_VIEW, 0 };
	const sspf_consent_facts *f = facts;
	int youth_age, age_signed;
	unsigned outside;
	sspf_verdict v;

	if (ctx == NULL)
		ctx = &nobody;
	if (f == NULL || !f->has_consent)
		return refuse(SSPF_CONSENT_NONE);

	age_signed = sspf_date_age(f->birth, f->signed_on);
	youth_age = f->youth_age > 0 ? f->youth_age : DEFAULT_YOUTH_AGE;
	if (age_signed >= ADULT_AGE) {
		/* The youth alone consents; guardians are not asked. */
		if (!f->youth_signed) {
			v = refuse(SSPF_CONSENT_YOUTH_UNSIGNED);
			v.age = ADULT_AGE;
			return v;
		}
	} else {
		v = check_guardians(f);
		if (v.reason != SSPF_CONSENT_OK)
			return v;
		if (age_signed >= youth_age && !f->youth_signed) {
			v = refuse(SSPF_CONSENT_YOUTH_UNSIGNED);
			v.age = youth_age;
			return v;
		}
	}

	if (today < f->signed_on) {
		v = refuse(SSPF_CONSENT_NOT_YET);
		v.date = f->signed_on;
		return v;
	}
	if (f->withdrawn && f->withdrawn_on <= today) {
		v = refuse(SSPF_CONSENT_WITHDRAWN);
		v.date = f->withdrawn_on;
		return v;
	}
	if (today > f->valid_until) {
		v = refuse(SSPF_CONSENT_EXPIRED);
		v.date = f->valid_until;
		return v;
	}
	if (age_signed < ADULT_AGE && !f->youth_signed &&
	    sspf_date_age(f->birth, today) >= ADULT_AGE) {
		/* The guardians' consent does not speak for an adult. */
		v = refuse(SSPF_CONSENT_ADULT_NOW);
		v.date = adult_day(f->birth);
		return v;
	}
	outside = ctx->present & ~f->scope & SSPF_ACTOR_ALL;
	if (outside != 0) {
		v = refuse(SSPF_CONSENT_OUT_OF_SCOPE);
		v.actors = outside;
		return v;
	}

	v = refuse(SSPF_CONSENT_OK);
	v.allowed = true;
	v.show_name = ctx->kind != SSPF_CTX_GROUP_MEETING &&
		      ctx->kind != SSPF_CTX_EXPORT;
	return v;
}

/* The actors of set by their Swedish names, joined by ", ". */
static void actor_list(unsigned set, char *out, size_t size)
{
	size_t len = 0;

	out[0] = '\0';
	for (unsigned a = 1; a & SSPF_ACTOR_ALL; a <<= 1) {
		if (!(set & a))
			continue;
		int n = snprintf(out + len, size - len, "%s%s", len ? ", " : "",
				 sspf_actor_name(a));
		if (n < 0 || (size_t)n >= size - len)
			return;
		len += (size_t)n;
	}
}

/* How many actors set holds. */
static int actor_count(unsigned set)
{
	int n = 0;

	for (set &= SSPF_ACTOR_ALL; set; set &= set - 1)
		n++;
	return n;
}

int sspf_verdict_text(const sspf_verdict *v, char *buf, size_t size)
{
	char date[SSPF_DATE_TEXT];
	char actors[64];
	char dummy[1];

	/* snprintf with size 0 writes nothing but still counts. */
	if (buf == NULL || size == 0) {
		buf = dummy;
		size = 0;
	}
	if (v == NULL)
		return snprintf(buf, size,
				L_("There is no verdict on the "
				   "consent."));
	sspf_date_format(v->date, date);

	switch (v->reason) {
	case SSPF_CONSENT_OK:
		if (!v->show_name)
			return snprintf(
				buf, size,
				L_("The consent is valid; here the case "
				   "is shown by its code only."));
		return snprintf(buf, size, L_("The consent is valid."));
	case SSPF_CONSENT_NONE:
		return snprintf(
			buf, size,
			L_("No consent has been registered for this case "
			   "yet."));
	case SSPF_CONSENT_NO_GUARDIAN:
		return snprintf(
			buf, size,
			L_("No guardian with custody is recorded; record "
			   "the guardians and who has custody."));
	case SSPF_CONSENT_SECOND_GUARDIAN:
		return snprintf(buf, size,
				L_("Only one guardian is recorded; with joint "
				   "custody both must sign (or record sole "
				   "custody)."));
	case SSPF_CONSENT_GUARDIAN_UNSIGNED:
		if (v->guardian == NULL || v->guardian[0] == '\0')
			return snprintf(buf, size,
					L_("A guardian with custody has not "
					   "signed the consent."));
		return snprintf(
			buf, size,
			L_("%s (guardian with custody) has not signed the "
			   "consent."),
			v->guardian);
	case SSPF_CONSENT_YOUTH_UNSIGNED:
		if (v->age >= ADULT_AGE)
			return snprintf(
				buf, size,
				L_("The youth was 18 or older on the "
				   "signing date and must sign; from 18 "
				   "the youth alone consents."));
		return snprintf(
			buf, size,
			L_("The youth was %d or older on the signing date "
			   "and must sign too."),
			v->age > 0 ? v->age : DEFAULT_YOUTH_AGE);
	case SSPF_CONSENT_NOT_YET:
		return snprintf(buf, size, L_("The consent is valid from %s."),
				date);
	case SSPF_CONSENT_EXPIRED:
		return snprintf(
			buf, size,
			L_("The consent expired on %s; register a renewed "
			   "consent."),
			date);
	case SSPF_CONSENT_WITHDRAWN:
		return snprintf(buf, size,
				L_("The consent was withdrawn on %s."), date);
	case SSPF_CONSENT_OUT_OF_SCOPE:
		if (actor_count(v->actors) == 0)
			return snprintf(buf, size,
					L_("An actor present is not covered by "
					   "the consent."));
		actor_list(v->actors, actors, sizeof actors);
		return snprintf(buf, size,
				actor_count(v->actors) == 1
					? L_("%s is present but not covered "
					     "by the consent.")
					: L_("%s are present but not covered "
					     "by the consent."),
				actors);
	case SSPF_CONSENT_ADULT_NOW:
		return snprintf(buf, size,
				L_("The youth turned 18 on %s; from then the "
				   "youth's own consent is needed."),
				date);
	}
	return snprintf(buf, size, L_("The consent does not allow this."));
}
