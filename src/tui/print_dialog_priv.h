/*
 * print_dialog_priv.h - inside the print dialog of the screens: the box
 * (print_dialog.c: asking where a document goes) and making it there
 * (print_deliver.c: the file or the printer, and what to say after).
 */
#ifndef SSPF_TUI_PRINT_DIALOG_PRIV_H
#define SSPF_TUI_PRINT_DIALOG_PRIV_H

#include "tui/print_dialog.h"
#include "tui/widget.h"

enum { F_DEST, F_WHERE, F_LANG, F_N }; /* the rows of the box */
enum { DEST_FILE, DEST_PRINTER };
enum { STAY = 100 }; /* go(): the box stays open (with a message) */

#define PRINTER_MAX 127 /* bytes of a printer's name */
#define PATH_MAX_TYPED 4095

/* The languages of the documents, in the order of the choice (sv, en). */
extern const char *const print_dialog_langs[];

typedef struct dialog {
	tui_app *app;
	print_request req; /* lang is set from the choice */
	char title[160];
	int dest, lang, focus;
	bool lp;		/* lp is on PATH */
	tui_line file, printer; /* what is typed */
	char msg[1200];		/* why it cannot be done, or "" */
	bool full;		/* redraw the screen under the box */
	tui_rect box;		/* where the box was drawn last */
} dialog;

/* What the fill needs, and what print_document said if it failed. */
typedef struct job_fill {
	tui_app *app;
	const print_request *r;
	print_error made;
	bool failed;
} job_fill;

/* Save into the file typed; TUI_DONE, STAY (d->msg says why) or
   TUI_INTERRUPTED. */
int print_dialog_save(dialog *d, job_fill *f);
/* Send to the printer typed (empty: the default); as print_dialog_save. */
int print_dialog_send(dialog *d, job_fill *f);

#endif
