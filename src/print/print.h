/*
 * print.h - the internal interface of the print layer (src/print/): form
 * templates with {placeholders} (contrib/templates/README.md) and the PDF
 * documents made from them with cairo and pango. Like the CLI, the print
 * layer uses only the public API of libsspf; the core knows no cairo.
 */
#ifndef SSPF_PRINT_H
#define SSPF_PRINT_H

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>

#include <sspf/cases.h>
#include <sspf/core.h>
#include <sspf/error.h>
#include <sspf/store.h>

/* A sentence of the print layer, translated by the "sspf" catalogue. */
#ifndef L_
#define L_(s) dgettext("sspf", s)
#endif

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

/* ---- the documents (document.c, plan.c, meeting_docs.c) ---- */

typedef enum print_kind {
	PRINT_CONSENT_FORM = 0, /* "consent-form": for code, or blank */
	PRINT_PLAN,		/* "plan": the åtagandeplan of code */
	PRINT_AGENDA,		/* "agenda": the dagordning of meeting */
	PRINT_MINUTES,		/* "minutes": the minnesanteckningar */
} print_kind;
#define PRINT_KINDS 4

/* The command word of a kind ("plan"), NULL if unknown. */
const char *print_kind_word(print_kind k);
/* The kind of a command word; false if there is none. */
bool print_kind_parse(const char *word, print_kind *out);

/* What to print. */
typedef struct print_request {
	print_kind kind;
	const char *code; /* consent form (NULL: blank) and plan */
	sspf_id meeting;  /* agenda and minutes */
	const char *lang; /* "sv" or "en": the template's language */
	const char *tdir; /* the template folder (print_template_dir()) */
} print_request;

/*
 * Make the document r asks for as PDF on fd. Everything of a child goes
 * through the consent gate: the plan in SSPF_CTX_DOCUMENT (refused:
 * err->core SSPF_ERR_REFUSED, err->msg the reason, nothing written);
 * agenda and minutes in the meeting's context, so an arbetsgruppsmöte
 * shows codes only and a refused item only its code. Before the first
 * byte, one audit entry "print" per case the document holds (or one
 * without a case). SSPF_ERR_NOT_FOUND in err->core for an unknown case
 * or meeting.
 */
bool print_document(sspf_core *core, sspf_store *st, const print_request *r,
		    int fd, print_error *err);

/* The parts of print_document, one file each (same contract). */
/*
 * The consent form (samtyckesblankett) as PDF on fd: for r->code (its
 * child's and guardians' names through sspf_case_consent_info, logged as
 * consent work) or, with r->code NULL, blank to fill in by hand; from the
 * template consent-form.LANG.txt in r->tdir and the settings of st.
 */
bool print_consent_form(sspf_core *core, sspf_store *st, const print_request *r,
			int fd, print_error *err);

bool print_plan(sspf_core *core, sspf_store *st, const print_request *r, int fd,
		print_error *err);
bool print_agenda(sspf_core *core, sspf_store *st, const print_request *r,
		  int fd, print_error *err);
bool print_minutes(sspf_core *core, sspf_store *st, const print_request *r,
		   int fd, print_error *err);

/*
 * The folder of the shipped templates: the source tree's
 * contrib/templates when the program runs from its build folder, else
 * the installed one. Static storage.
 */
const char *print_template_dir(void);

/* ---- where a document goes (output.c) ---- */

/* Writes the document into fd; false with err set (see print_document). */
typedef bool (*print_fill)(void *ctx, int fd, print_error *err);

/*
 * Can path be written: not a folder, its folder exists and is writable?
 * For a check before any work; false with err->msg saying why.
 */
bool print_file_check(const char *path, print_error *err);

/*
 * Write a file whole or not at all: fill writes into a temporary file of
 * mode 0600 in path's folder, which is synced and renamed to path. On any
 * error the temporary file is removed and an existing file of that name
 * is left as it was; false with err set (by fill or here).
 */
bool print_file_write(const char *path, print_fill fill, void *ctx,
		      print_error *err);

/* Is the command lp (CUPS) on PATH? */
bool print_lp_available(void);

/*
 * Send the document to a printer through lp (to printer, or the default
 * printer when NULL) without a file: fill writes into a pipe to lp. False
 * with err->msg saying what went wrong (no lp on this machine, lp's own
 * complaint, the printer system refused it).
 */
bool print_lp_send(const char *printer, print_fill fill, void *ctx,
		   print_error *err);

#endif
