/*
 * consent_form.c - the consent form (samtyckesblankett) as PDF: the
 * template consent-form.LANG.txt filled in with the settings (municipality,
 * district, coordinator) and, for a case, the child's and guardians' names
 * from sspf_case_consent_info (consent work: the names a consent needs, no
 * case data); without a case, lines to fill in by hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sspf/cases.h>
#include <sspf/consent.h>
#include <sspf/date.h>
#include <sspf/settings.h>

#include "print/print.h"

#define LINE_LONG "________________________________________"
#define LINE_SHORT "________________"
#define LINE_FULL LINE_LONG LINE_LONG "______"

/* The settings the form shows; each malloc'ed, "" if not set. */
enum { S_MUNICIPALITY, S_DISTRICT, S_NAME, S_PHONE, S_EMAIL, S_COUNT };
static const char *const setting_keys[S_COUNT] = {
	"municipality",	     "district",	  "coordinator.name",
	"coordinator.phone", "coordinator.email",
};

/* A growing string for the expanded values. */
struct text {
	char *s;
	size_t len, cap;
	bool nomem;
};

static void add(struct text *t, const char *s)
{
	size_t n = strlen(s);

	if (t->nomem)
		return;
	if (t->len + n + 1 > t->cap) {
		size_t cap = (t->len + n + 1) * 2 + 64;
		char *p = realloc(t->s, cap);

		if (p == NULL) {
			t->nomem = true;
			return;
		}
		t->s = p;
		t->cap = cap;
	}
	memcpy(t->s + t->len, s, n + 1);
	t->len += n;
}

/* A header label of the template, or def. */
static const char *label(const print_template *t, const char *key,
			 const char *def)
{
	const char *v = print_template_get(t, key);

	return v != NULL && *v != '\0' ? v : def;
}

/* One signature block: "Who: name" then the signature and date line. */
static void signature(struct text *t, const print_template *tp, const char *who,
		      const char *name)
{
	if (t->len > 0)
		add(t, "\n\n");
	add(t, who);
	add(t, ": ");
	add(t, name != NULL ? name : LINE_LONG);
	add(t, "\n\n");
	add(t, label(tp, "label-signature", "Underskrift"));
	add(t, ": " LINE_LONG "   ");
	add(t, label(tp, "label-date", "Datum"));
	add(t, ": " LINE_SHORT);
}

/* The actor checkboxes, one a line, "annan" with a line to name it. */
static void actors(struct text *t, const print_template *tp)
{
	const char *list = print_template_get(tp, "actors");
	char name[128];
	unsigned i = 0;

	for (unsigned a = SSPF_ACTOR_SKOLA; a <= SSPF_ACTOR_ANNAN;
	     a <<= 1, i++) {
		const char *n = sspf_actor_name(a);

		if (list != NULL) {
			const char *p = list, *comma;
			size_t len;

			for (unsigned k = 0; k < i && p != NULL; k++)
				p = (p = strchr(p, ',')) ? p + 1 : NULL;
			if (p != NULL) {
				while (*p == ' ')
					p++;
				comma = strchr(p, ',');
				len = comma ? (size_t)(comma - p) : strlen(p);
				if (len > 0 && len < sizeof name) {
					memcpy(name, p, len);
					name[len] = '\0';
					n = name;
				}
			}
		}
		if (i > 0)
			add(t, "\n");
		add(t, "\u2610  ");
		add(t, n);
		if (a == SSPF_ACTOR_ANNAN)
			add(t, ": " LINE_LONG);
	}
}

bool print_consent_form(sspf_core *core, sspf_store *st, const char *code,
			const char *tdir, const char *lang, int fd,
			print_error *err)
{
	char *set[S_COUNT] = { NULL };
	char birth[SSPF_DATE_TEXT + sizeof LINE_SHORT], age[16],
		*body = NULL, *head = NULL, *foot = NULL;
	struct text guardians = { 0 }, youth = { 0 }, act = { 0 };
	sspf_consent_info *ci = NULL;
	print_template tp;
	long youth_age = 15;
	int years;
	bool ok = false;
	sspf_err e;
	size_t n;

	if (!print_template_load(tdir, "consent-form", lang, &tp, err))
		return false;
	for (int i = 0; i < S_COUNT; i++) {
		if ((e = sspf_setting_get(st, setting_keys[i], &set[i])) !=
		    SSPF_OK) {
			err->core = e;
			goto out;
		}
	}
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
					  label(&tp, "label-guardian",
						"Vårdnadshavare"),
					  ci->guardians[i].name);
		if (guardians.len == 0 && years < 18)
			signature(
				&guardians, &tp,
				label(&tp, "label-guardian", "Vårdnadshavare"),
				NULL);
		if (years >= youth_age)
			signature(&youth, &tp,
				  label(&tp, "label-youth", "Den unga"),
				  ci->child_name);
	} else {
		snprintf(birth, sizeof birth, "%s", LINE_SHORT);
		for (int i = 0; i < 2; i++)
			signature(
				&guardians, &tp,
				label(&tp, "label-guardian", "Vårdnadshavare"),
				NULL);
		signature(&youth, &tp, label(&tp, "label-youth", "Den unga"),
			  NULL);
	}
	actors(&act, &tp);
	add(&youth, "");
	add(&guardians, "");
	if (guardians.nomem || youth.nomem || act.nomem) {
		err->core = SSPF_ERR_NOMEM;
		goto out;
	}
	{
		const char *blank = LINE_LONG;
		const print_value vals[] = {
			{ "municipality",
			  *set[S_MUNICIPALITY] ? set[S_MUNICIPALITY] : blank,
			  false },
			{ "district",
			  *set[S_DISTRICT] ? set[S_DISTRICT] : blank, false },
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
			  *set[S_NAME] ? set[S_NAME] : blank, true },
			{ "coordinator_phone",
			  *set[S_PHONE] ? set[S_PHONE] : blank, false },
			{ "coordinator_email",
			  *set[S_EMAIL] ? set[S_EMAIL] : blank, false },
		};

		body = print_template_expand(&tp, vals,
					     sizeof vals / sizeof vals[0], err);
		if (body == NULL)
			goto out;
	}
	n = strlen(set[S_MUNICIPALITY]) + strlen(set[S_DISTRICT]) + 8;
	foot = NULL;
	if ((head = malloc(n)) == NULL) {
		err->core = SSPF_ERR_NOMEM;
		goto out;
	}
	snprintf(head, n, "%s%s%s", set[S_MUNICIPALITY],
		 *set[S_MUNICIPALITY] && *set[S_DISTRICT] ? " \u00b7 " : "",
		 set[S_DISTRICT]);
	{
		const char *kind = label(&tp, "document",
					 print_template_get(&tp, "title"));
		const char *c =
			ci ? ci->code : label(&tp, "label-blank", "blank");
		const char *ver = print_template_get(&tp, "version");
		const char *vl = label(&tp, "label-version", "version");

		n = strlen(kind) + strlen(c) + strlen(ver) + strlen(vl) +
		    strlen(lang) + 32;
		if ((foot = malloc(n)) == NULL) {
			err->core = SSPF_ERR_NOMEM;
			goto out;
		}
		snprintf(foot, n, "%s \u00b7 %s \u00b7 %s %s %s", kind, c, lang,
			 vl, ver);
	}
	{
		const print_doc doc = {
			.header = head,
			.footer = foot,
			.title = print_template_get(&tp, "title"),
			.body = body,
		};

		ok = print_pdf_write(&doc, fd, err);
	}
out:
	for (int i = 0; i < S_COUNT; i++)
		free(set[i]);
	free(guardians.s);
	free(youth.s);
	free(act.s);
	free(body);
	free(head);
	free(foot);
	if (ci != NULL)
		sspf_consent_info_free(ci);
	print_template_free(&tp);
	return ok;
}
