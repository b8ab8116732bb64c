/*
 * print_deliver.c - the print dialog's last step (print_dialog_priv.h):
 * the document made by the print layer goes into the file the user typed
 * (checked first; never the database itself; an existing file replaced
 * only after a question; written whole or not at all) or to a printer
 * through lp with no file, and the message line says where it went or,
 * in plain words, why it could not be made.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tui/print_dialog_priv.h"

static bool fill_doc(void *ctx, int fd, print_error *err)
{
	job_fill *f = ctx;

	if (print_document(f->app->core, f->app->st, f->r, fd, err))
		return true;
	f->made = *err;
	f->failed = true;
	return false;
}

/*
 * After a document pango and cairo keep fonts and caches; print_release()
 * lets go of them so that a leak checker sees none. The screens keep them
 * while they run (the next document is made faster) and let go of them
 * when the program ends.
 */
static void release_at_exit(void)
{
	static bool registered;

	if (!registered && atexit(print_release) == 0)
		registered = true;
}

/* Say on the message line why the document was not made. */
static void report(tui_app *app, const dialog *d, const job_fill *f,
		   const print_error *pe)
{
	/* the library's reason before what followed from it; a printer's
	   own complaint before the broken pipe it left */
	const print_error *e =
		f->failed && f->made.core != SSPF_OK ? &f->made : pe;
	bool printing = d->dest == DEST_PRINTER;

	if (e->core == SSPF_ERR_REFUSED)
		tui_flash_error(app, _("%s cannot be printed: %s"), d->title,
				e->msg[0] != '\0' ? e->msg
						  : tui_strerror(e->core));
	else if (e->core == SSPF_ERR_NOT_FOUND && d->req.code != NULL)
		tui_flash_error(app, _("There is no case %s."), d->req.code);
	else if (e->core == SSPF_ERR_NOT_FOUND)
		tui_flash_error(app, "%s", _("The meeting is not there."));
	else if (e->core != SSPF_OK)
		tui_flash_err(app, e->core,
			      printing ? _("Not printed") : _("Not saved"));
	else
		tui_flash_error(app,
				printing ? _("Not printed: %s")
					 : _("Not saved: %s"),
				e->msg);
}

/* Is path the database (or its redo file)? Never write over that. */
static bool is_database(const tui_app *app, const struct stat *s)
{
	char redo[4200];
	struct stat db;

	if (app->path == NULL)
		return false;
	if (stat(app->path, &db) == 0 && db.st_dev == s->st_dev &&
	    db.st_ino == s->st_ino)
		return true;
	snprintf(redo, sizeof redo, "%s-redo", app->path);
	return stat(redo, &db) == 0 && db.st_dev == s->st_dev &&
	       db.st_ino == s->st_ino;
}

int print_dialog_save(dialog *d, job_fill *f)
{
	tui_app *app = d->app;
	print_error pe = { SSPF_OK, "" };
	char *typed = tui_line_text(&d->file), *path = NULL, q[4400];
	struct stat s;
	enum tui_result r;
	int rc = STAY;

	if (typed == NULL || tui_blank(typed)) {
		snprintf(d->msg, sizeof d->msg, "%s",
			 typed == NULL ? _("Out of memory.")
				       : _("Write the name of the file."));
		goto out;
	}
	if ((path = tui_expand_home(typed)) == NULL) {
		snprintf(d->msg, sizeof d->msg, "%s", _("Out of memory."));
		goto out;
	}
	if (!print_file_check(path, &pe)) {
		snprintf(d->msg, sizeof d->msg, "%s",
			 pe.msg[0] != '\0' ? pe.msg : tui_strerror(pe.core));
		goto out;
	}
	if (stat(path, &s) == 0) {
		if (is_database(app, &s)) {
			snprintf(d->msg, sizeof d->msg, "%s",
				 _("That is the database itself; choose "
				   "another file name."));
			goto out;
		}
		snprintf(q, sizeof q, _("%s exists already. Replace it?"),
			 path);
		r = tui_confirm(app, q);
		d->full = true;
		if (r != TUI_DONE) {
			rc = r == TUI_INTERRUPTED ? TUI_INTERRUPTED : STAY;
			goto out;
		}
	}
	tui_flash(app, "%s", _("Making the document..."));
	tui_redraw(app);
	if (print_file_write(path, fill_doc, f, &pe))
		tui_flash(app, _("Saved: %s"), path);
	else
		report(app, d, f, &pe);
	release_at_exit();
	rc = TUI_DONE;
out:
	tui_free_text(typed);
	free(path);
	return rc;
}

int print_dialog_send(dialog *d, job_fill *f)
{
	tui_app *app = d->app;
	print_error pe = { SSPF_OK, "" };
	char *name;
	bool ok;

	if (!d->lp) {
		snprintf(d->msg, sizeof d->msg, "%s",
			 _("There is no printing system on this computer: "
			   "choose \"Save as PDF\"."));
		return STAY;
	}
	if ((name = tui_line_text(&d->printer)) == NULL) {
		snprintf(d->msg, sizeof d->msg, "%s", _("Out of memory."));
		return STAY;
	}
	tui_flash(app, "%s", _("Sending the document to the printer..."));
	tui_redraw(app);
	ok = print_lp_send(tui_blank(name) ? NULL : name, fill_doc, f, &pe);
	if (ok && tui_blank(name))
		tui_flash(app, "%s", _("Sent to the printer."));
	else if (ok)
		tui_flash(app, _("Sent to the printer %s."), name);
	else
		report(app, d, f, &pe);
	release_at_exit();
	free(name);
	return TUI_DONE;
}
