/*
 * print_dialog.h - printing from the screens (print_dialog.c): the case,
 * consent and meeting screens hand a document of the print layer to a
 * small dialog that asks where it goes (a PDF file or a printer) and in
 * which language, makes it, and says on the message line how it went.
 */
#ifndef SSPF_TUI_PRINT_DIALOG_H
#define SSPF_TUI_PRINT_DIALOG_H

#include "print/print.h"
#include "tui/tui.h"

/* Which document of its kind; read during the call only, not kept. */
typedef struct tui_print_job {
	const char *code; /* consent form (NULL: a blank one) and plan */
	sspf_id meeting;  /* agenda and minutes */
	/* in the title and the default file name: the meeting's date;
	   NULL: the code (or nothing for a blank form) */
	const char *tag;
} tui_print_job;

/*
 * Ask where document kind of job goes, then make it: saved as a PDF file
 * (the default in $HOME, a question before an existing file is replaced)
 * or sent to a printer through lp with no file. The dialog always says
 * that the document then lies outside the encrypted database. Esc writes
 * nothing. The message line tells where it went, or why it could not be
 * made (refused by the consent gate, not found, a write error). Returns
 * the TUI_* flags for the main loop (TUI_HANDLED).
 */
unsigned tui_print(tui_app *app, print_kind kind, const tui_print_job *job);

/*
 * Let the user choose one of the n documents kinds (in that order), then
 * tui_print() it; with only one, no question is asked.
 */
unsigned tui_print_choose(tui_app *app, const print_kind *kinds, int n,
			  const tui_print_job *job);

#endif
