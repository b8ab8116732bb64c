/*
 * doc.c - the pieces the documents of the print layer share (doc.h): a
 * growing text that is wiped when freed, the template's own words, the
 * settings a document shows, and laying a document out with its page
 * header and footer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <sspf/consent.h>
#include <sspf/settings.h>

#include "print/doc.h"

void print_text_add_n(print_text *t, const char *s, size_t n)
{
	if (t->nomem)
		return;
	if (t->len + n + 1 > t->cap) {
		size_t cap = (t->len + n + 1) * 2 + 64;
		char *p = malloc(cap);

		if (p == NULL) {
			t->nomem = true;
			return;
		}
		/* no realloc: the old copy is wiped, not left in the heap */
		if (t->s != NULL) {
			memcpy(p, t->s, t->len + 1);
			sodium_memzero(t->s, t->cap);
			free(t->s);
		}
		t->s = p;
		t->cap = cap;
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

void print_text_add(print_text *t, const char *s)
{
	print_text_add_n(t, s, strlen(s));
}

void print_text_add_user(print_text *t, const char *s)
{
	const char *nl;

	for (;;) {
		if (*s == '#')
			print_text_add(t, "\u200b");
		if ((nl = strchr(s, '\n')) == NULL)
			break;
		print_text_add_n(t, s, (size_t)(nl - s + 1));
		s = nl + 1;
	}
	print_text_add(t, s);
}

bool print_text_done(print_text *t)
{
	print_text_add_n(t, "", 0);
	return !t->nomem;
}

void print_text_free(print_text *t)
{
	if (t->s != NULL) {
		sodium_memzero(t->s, t->cap);
		free(t->s);
	}
	memset(t, 0, sizeof *t);
}

const char *print_label(const print_template *t, const char *key,
			const char *def)
{
	const char *v = print_template_get(t, key);

	return v != NULL && *v != '\0' ? v : def;
}

const char *print_list_item(const print_template *t, const char *key,
			    unsigned i, const char *def, char *buf, size_t size)
{
	const char *p = print_template_get(t, key), *comma;
	size_t len;

	for (unsigned k = 0; k < i && p != NULL; k++)
		p = (p = strchr(p, ',')) != NULL ? p + 1 : NULL;
	if (p == NULL)
		return def;
	while (*p == ' ')
		p++;
	comma = strchr(p, ',');
	len = comma != NULL ? (size_t)(comma - p) : strlen(p);
	while (len > 0 && p[len - 1] == ' ')
		len--;
	if (len == 0 || len >= size)
		return def;
	memcpy(buf, p, len);
	buf[len] = '\0';
	return buf;
}

const char *print_actor_word(const print_template *t, unsigned actor, char *buf,
			     size_t size)
{
	unsigned i = 0;

	while (i < 5 && (1u << i) != actor)
		i++;
	return print_list_item(t, "actors", i, sspf_actor_name(actor), buf,
			       size);
}

static const char *const setting_keys[PRINT_S_COUNT] = {
	[PRINT_S_MUNICIPALITY] = "municipality",
	[PRINT_S_DISTRICT] = "district",
	[PRINT_S_NAME] = "coordinator.name",
	[PRINT_S_PHONE] = "coordinator.phone",
	[PRINT_S_EMAIL] = "coordinator.email",
};

bool print_settings_load(sspf_store *st, char *set[PRINT_S_COUNT],
			 print_error *err)
{
	sspf_err e;

	for (int i = 0; i < PRINT_S_COUNT; i++)
		set[i] = NULL;
	for (int i = 0; i < PRINT_S_COUNT; i++) {
		if ((e = sspf_setting_get(st, setting_keys[i], &set[i])) !=
		    SSPF_OK) {
			err->core = e;
			print_settings_free(set);
			return false;
		}
	}
	return true;
}

void print_settings_free(char *set[PRINT_S_COUNT])
{
	for (int i = 0; i < PRINT_S_COUNT; i++) {
		free(set[i]);
		set[i] = NULL;
	}
}

bool print_page_texts(sspf_store *st, const print_template *t, const char *code,
		      const char *lang, char **head, char **foot,
		      print_error *err)
{
	char *mun = NULL, *dis = NULL;
	const char *kind =
		print_label(t, "document", print_template_get(t, "title"));
	const char *ver = print_template_get(t, "version");
	const char *vl = print_label(t, "label-version", "version");
	size_t n;
	sspf_err e;

	*head = *foot = NULL;
	if ((e = sspf_setting_get(st, "municipality", &mun)) != SSPF_OK ||
	    (e = sspf_setting_get(st, "district", &dis)) != SSPF_OK) {
		err->core = e;
		free(mun);
		return false;
	}
	n = strlen(mun) + strlen(dis) + 8;
	if ((*head = malloc(n)) != NULL)
		snprintf(*head, n, "%s%s%s", mun,
			 *mun != '\0' && *dis != '\0' ? " \u00b7 " : "", dis);
	n = strlen(kind) + (code != NULL ? strlen(code) : 0) + strlen(lang) +
	    strlen(vl) + strlen(ver) + 32;
	if ((*foot = malloc(n)) != NULL) {
		if (code != NULL && *code != '\0')
			snprintf(*foot, n, "%s \u00b7 %s \u00b7 %s %s %s", kind,
				 code, lang, vl, ver);
		else
			snprintf(*foot, n, "%s \u00b7 %s %s %s", kind, lang, vl,
				 ver);
	}
	free(mun);
	free(dis);
	if (*head == NULL || *foot == NULL) {
		free(*head);
		free(*foot);
		*head = *foot = NULL;
		err->core = SSPF_ERR_NOMEM;
		return false;
	}
	return true;
}

bool print_emit(sspf_store *st, const print_template *t, const char *code,
		const char *lang, const char *body, int fd, print_error *err)
{
	char *head = NULL, *foot = NULL;
	bool ok;

	if (!print_page_texts(st, t, code, lang, &head, &foot, err))
		return false;
	{
		const print_doc doc = {
			.header = head,
			.footer = foot,
			.title = print_template_get(t, "title"),
			.body = body,
		};

		ok = print_pdf_write(&doc, fd, err);
	}
	free(head);
	free(foot);
	return ok;
}
