/*
 * doc.h - what the documents of the print layer (consent_form.c, plan.c,
 * meeting_docs.c) share inside src/print/: a growing text for the values
 * of a template, the template's own words (labels and lists), the
 * settings every document shows, and the last step, laying the text out
 * as PDF with its page header and footer. Not for the front ends: they
 * use print.h.
 */
#ifndef SSPF_PRINT_DOC_H
#define SSPF_PRINT_DOC_H

#include "print/print.h"

/* A growing string; zero-initialise it. Out of memory sticks in nomem. */
typedef struct print_text {
	char *s; /* NULL until something is added; NUL-terminated */
	size_t len, cap;
	bool nomem;
} print_text;

void print_text_add(print_text *t, const char *s);
void print_text_add_n(print_text *t, const char *s, size_t n);
/*
 * Text a user wrote (a goal, minutes, a name): a line of it that starts
 * with '#' gets an invisible zero-width space in front, so that it is
 * never taken for a heading of the document.
 */
void print_text_add_user(print_text *t, const char *s);
/* Make t "" if nothing was added; false if out of memory. */
bool print_text_done(print_text *t);
/* Wipe and free the text (it may hold a child's data). */
void print_text_free(print_text *t);

/* The value of header key of t if set and not empty, else def. */
const char *print_label(const print_template *t, const char *key,
			const char *def);

/*
 * Item i (0-based) of the comma-separated list in header key of t, copied
 * into buf (size bytes), trimmed; def if the template has no such item.
 */
const char *print_list_item(const print_template *t, const char *key,
			    unsigned i, const char *def, char *buf,
			    size_t size);

/* One actor (a single sspf_actor bit) in the words of t's "actors". */
const char *print_actor_word(const print_template *t, unsigned actor, char *buf,
			     size_t size);

/* The settings documents show; each malloc'ed, "" if not set. */
enum {
	PRINT_S_MUNICIPALITY,
	PRINT_S_DISTRICT,
	PRINT_S_NAME,
	PRINT_S_PHONE,
	PRINT_S_EMAIL,
	PRINT_S_COUNT
};

/* Read the settings into set; false with err set (set is then freed). */
bool print_settings_load(sspf_store *st, char *set[PRINT_S_COUNT],
			 print_error *err);
void print_settings_free(char *set[PRINT_S_COUNT]);

/*
 * The "municipality · district" page header from the settings of st and
 * the footer "DOCUMENT · CODE · LANG LABEL VERSION" of template t (its
 * keys document/title, label-version, version; code may be NULL).
 * Malloc'ed into *head and *foot (the caller frees both); false with err
 * set if out of memory or a setting cannot be read.
 */
bool print_page_texts(sspf_store *st, const print_template *t, const char *code,
		      const char *lang, char **head, char **foot,
		      print_error *err);

/*
 * Lay out body under t's title with the page texts above (code in the
 * footer) and write it as PDF on fd. The caller logs the print first.
 */
bool print_emit(sspf_store *st, const print_template *t, const char *code,
		const char *lang, const char *body, int fd, print_error *err);

#endif
