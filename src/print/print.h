/*
 * print.h - the internal interface of the print layer (src/print/): form
 * templates with {placeholders} (contrib/templates/README.md) and the PDF
 * documents made from them with cairo and pango. Like the CLI, the print
 * layer uses only the public API of libsspf; the core knows no cairo.
 */
#ifndef SSPF_PRINT_H
#define SSPF_PRINT_H

#include <stdbool.h>
#include <stddef.h>

#include <sspf/core.h>
#include <sspf/error.h>
#include <sspf/store.h>

/* What went wrong: a library error (core != SSPF_OK), or a message. */
typedef struct print_error {
	sspf_err core;	/* SSPF_OK when msg says it all */
	char msg[1024]; /* a sentence naming the file and line, or "" */
} print_error;

/* The most header keys a template may have. */
#define PRINT_TEMPLATE_KEYS_MAX 32

/* A template file, read and split into its header and its body. */
typedef struct print_template {
	char *path; /* the file it was read from */
	size_t n_keys;
	char *keys[PRINT_TEMPLATE_KEYS_MAX], *values[PRINT_TEMPLATE_KEYS_MAX];
	char *body;    /* the text after the blank line */
	int body_line; /* the line number of the body's first line */
} print_template;

/*
 * Read dir/FORM.LANG.txt (e.g. "consent-form.sv.txt") into *t. The header
 * must have version, language (equal to lang) and title. False with
 * err->msg set if the file cannot be read or is not a template.
 */
bool print_template_load(const char *dir, const char *form, const char *lang,
			 print_template *t, print_error *err);

/* The value of header key, or NULL if the template has none. */
const char *print_template_get(const print_template *t, const char *key);

void print_template_free(print_template *t);

/* One placeholder: its name (without braces) and its text. */
typedef struct print_value {
	const char *name;
	const char *text; /* may be NULL: expands to nothing */
	bool required;	  /* the template must use it */
} print_value;

/*
 * The body of t with every {name} replaced by its value in vals (n of
 * them); "{{" and "}}" stand for a brace. Malloc'ed; the caller frees it.
 * NULL with err->msg naming the placeholder, file and line when a
 * placeholder is unknown or unfinished, or when a required one is not used.
 */
char *print_template_expand(const print_template *t, const print_value *vals,
			    size_t n, print_error *err);

/* The texts of a document page (header, footer) and its body. */
typedef struct print_doc {
	const char *header; /* top of each page: municipality, district */
	const char *footer; /* bottom left: kind, case code, version */
	const char *title;  /* large, at the top of the first page */
	const char *body;   /* paragraphs; see print_pdf_write */
} print_doc;

/*
 * Lay out doc on A4 pages and write it as PDF to descriptor fd. Paragraphs
 * are separated by blank lines; the first line of a paragraph starting
 * "# " is a heading; single line breaks are kept. Pages are numbered
 * "1 / 2" at the bottom right. False with err set on a write error.
 */
bool print_pdf_write(const print_doc *doc, int fd, print_error *err);

/*
 * Let go of the fonts and caches of pango, cairo and fontconfig (so that
 * a leak checker sees none); call when no more documents are made. The
 * next document sets them up again.
 */
void print_release(void);

/*
 * The consent form (samtyckesblankett) as PDF on fd: for case code (its
 * child's and guardians' names through sspf_case_consent_info, logged as
 * consent work) or, with code NULL, blank to fill in by hand; from the
 * template consent-form.LANG.txt in tdir and the settings of st.
 */
bool print_consent_form(sspf_core *core, sspf_store *st, const char *code,
			const char *tdir, const char *lang, int fd,
			print_error *err);

#endif
