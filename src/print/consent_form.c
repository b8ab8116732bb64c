/*
 * consent_form.c - the consent form (samtyckesblankett) as PDF: the
 * template consent-form.LANG.txt filled in with the settings (municipality,
 * district, coordinator) and, for a case, the child's and guardians' names
 * from sspf_case_consent_info (consent work: the names a consent needs, no
 * case data); without a case, lines to fill in by hand. Logged as
 * "print" (with the code, or without for a blank form) before it is made.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <sspf/audit.h>
#include <sspf/cases.h>
#include <sspf/consent.h>
#include <sspf/date.h>
#include <sspf/settings.h>

#include "print/doc.h"

#define LINE_LONG "________________________________________"
#define LINE_SHORT "________________"
#define LINE_FULL LINE_LONG LINE_LONG "______"

/* One signature block: "Who: name" then the signature and date line. */
static void signature(print_text *t, const print_template *tp, const char *who,
		      const char *name)
{
	if (t->len > 0)
		print_text_add(t, "\n\n");
	print_text_add(t, who);
	print_text_add(t, ": ");
	print_text_add(t, name != NULL ? name : LINE_LONG);
	print_text_add(t, "\n\n");
	print_text_add(t, print_label(tp, "label-signature", "Underskrift"));
	print_text_add(t, ": " LINE_LONG "   ");
	print_text_add(t, print_label(tp, "label-date", "Datum"));
	print_text_add(t, ": " LINE_SHORT);
}

/* The actor checkboxes, one a line, "annan" with a line to name it. */
static void actors(print_text *t, const print_template *tp)
{
	char name[128];
	unsigned i = 0;

	for (unsigned a = SSPF_ACTOR_SKOLA; a <= SSPF_ACTOR_ANNAN;
	     a <<= 1, i++) {
		if (i > 0)
			print_text_add(t, "\n");
		print_text_add(t, "\u2610  ");
		print_text_add(t, print_actor_word(tp, a, name, sizeof name));
		if (a == SSPF_ACTOR_ANNAN)
			print_text_add(t, ": " LINE_LONG);
	}
}

bool print_consent_form(sspf_core *core, sspf_store *st, const print_request *r,
			int fd, print_error *err)
{
	const char *code = r->code, *lang = r->lang;
	char *set[PRINT_S_COUNT] = { NULL }, *body = NULL;
	char birth[SSPF_DATE_TEXT + sizeof LINE_SHORT], age[16];
	print_text guardians = { 0 }, youth = { 0 }, act = { 0 };
	sspf_consent_info *ci = NULL;
	print_template tp;
	long youth_age = 15;
	int years;
	bool ok = false;
	sspf_err e;

	if (!print_template_load(r->tdir, "consent-form", lang, &tp, err))
		return false;
	if (!print_settings_load(st, set, err))
		goto out;
	if ((e = sspf_setting_get_int(st, "consent.youth_age", &youth_age)) !=
	    SSPF_OK) {
		err->core = e;
		goto out;
	}
	snprintf(age, sizeof age, "%ld", youth_age);
	if (code != NULL) {
		if ((e = sspf_case_consent_info(core, code, &ci)) != SSPF_OK) {
			err->core = e;
			goto out;
		}
		sspf_date_format(ci->birth, birth);
		years = sspf_date_age(ci->birth, sspf_core_today(core));
		/* from 18 the young person alone consents */
		for (size_t i = 0; i < ci->n_guardians && years < 18; i++)
			if (ci->guardians[i].custody)
				signature(&guardians, &tp,
					  print_label(&tp, "label-guardian",
						      "Vårdnadshavare"),
					  ci->guardians[i].name);
		if (guardians.len == 0 && years < 18)
			signature(&guardians, &tp,
				  print_label(&tp, "label-guardian",
					      "Vårdnadshavare"),
				  NULL);
		if (years >= youth_age)
			signature(&youth, &tp,
				  print_label(&tp, "label-youth", "Den unga"),
				  ci->child_name);
	} else {
		snprintf(birth, sizeof birth, "%s", LINE_SHORT);
		for (int i = 0; i < 2; i++)
			signature(&guardians, &tp,
				  print_label(&tp, "label-guardian",
					      "Vårdnadshavare"),
				  NULL);
		signature(&youth, &tp,
			  print_label(&tp, "label-youth", "Den unga"), NULL);
	}
	actors(&act, &tp);
	if (!print_text_done(&youth) || !print_text_done(&guardians) ||
	    !print_text_done(&act)) {
		err->core = SSPF_ERR_NOMEM;
		goto out;
	}
	{
		const char *blank = LINE_LONG;
		const print_value vals[] = {
			{ "municipality",
			  *set[PRINT_S_MUNICIPALITY] ? set[PRINT_S_MUNICIPALITY]
						     : blank,
			  false },
			{ "district",
			  *set[PRINT_S_DISTRICT] ? set[PRINT_S_DISTRICT]
						 : blank,
			  false },
			{ "child_name", ci ? ci->child_name : blank, true },
			{ "child_birth", birth, true },
			{ "case_code", ci ? ci->code : LINE_SHORT, false },
			{ "guardians", guardians.s, true },
			{ "youth_signature", youth.s, true },
			{ "youth_age", age, false },
			{ "actors", act.s, true },
			{ "information", LINE_FULL "\n\n" LINE_FULL, true },
			{ "purpose", LINE_FULL "\n\n" LINE_FULL, true },
			{ "valid_until", LINE_SHORT, true },
			{ "coordinator_name",
			  *set[PRINT_S_NAME] ? set[PRINT_S_NAME] : blank,
			  true },
			{ "coordinator_phone",
			  *set[PRINT_S_PHONE] ? set[PRINT_S_PHONE] : blank,
			  false },
			{ "coordinator_email",
			  *set[PRINT_S_EMAIL] ? set[PRINT_S_EMAIL] : blank,
			  false },
		};

		body = print_template_expand(&tp, vals,
					     sizeof vals / sizeof vals[0], err);
		if (body == NULL)
			goto out;
	}
	/* the form leaves the program: log it first */
	if ((e = sspf_audit_print(core, ci ? ci->code : NULL)) != SSPF_OK) {
		err->core = e;
		goto out;
	}
	ok = print_emit(st, &tp,
			ci ? ci->code
			   : print_label(&tp, "label-blank", "blank"),
			lang, body, fd, err);
out:
	print_settings_free(set);
	print_text_free(&guardians);
	print_text_free(&youth);
	print_text_free(&act);
	if (body != NULL) {
		sodium_memzero(body, strlen(body));
		free(body);
	}
	if (ci != NULL)
		sspf_consent_info_free(ci);
	print_template_free(&tp);
	return ok;
}
