/*
 * print_dialog.c - printing from the screens: for a document of the print
 * layer (the consent form, a case's plan, a meeting's agenda or minutes)
 * a small box asks where it goes - a PDF file the user names, in $HOME by
 * default, or a printer through lp with no file at all - and in which
 * language; then the print layer makes it and the message line says where
 * it went, or why it could not be made.
 *
 * The box always says that a saved or printed document lies outside the
 * encrypted database: from then on it is the user's to keep safe. Nothing
 * is written before the user says so and Esc writes nothing; a file is
 * written whole or not at all (print_file_write), and an existing one is
 * replaced only after a question.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tui/print_dialog_priv.h"

const char *const print_dialog_langs[] = { "sv", "en" };

/* ---- names ---- */

/*
 * The title of the box for kind and its default file name, "~/NAME"
 * (the folder: $HOME); tag is the code or the date, NULL for a blank
 * form.
 */
static void names_of(dialog *d, print_kind kind, const char *tag, char *file,
		     size_t size)
{
	const char *home = getenv("HOME");
	char name[200];

	/* TRANSLATORS: the names ending in .pdf are file names: no spaces,
	   and no å, ä or ö (not every system shows them well). */
	if (kind == PRINT_CONSENT_FORM && tag == NULL) {
		snprintf(d->title, sizeof d->title, "%s",
			 _("Blank consent form"));
		snprintf(name, sizeof name, "%s", _("consent-form.pdf"));
	} else if (kind == PRINT_CONSENT_FORM) {
		snprintf(d->title, sizeof d->title, _("Consent form for %s"),
			 tag);
		snprintf(name, sizeof name, _("consent-form-%s.pdf"), tag);
	} else if (kind == PRINT_PLAN) {
		snprintf(d->title, sizeof d->title, _("Commitment plan for %s"),
			 tag);
		snprintf(name, sizeof name, _("plan-%s.pdf"), tag);
	} else if (kind == PRINT_AGENDA) {
		snprintf(d->title, sizeof d->title,
			 _("Agenda of the meeting on %s"), tag);
		snprintf(name, sizeof name, _("agenda-%s.pdf"), tag);
	} else {
		snprintf(d->title, sizeof d->title,
			 _("Minutes of the meeting on %s"), tag);
		snprintf(name, sizeof name, _("minutes-%s.pdf"), tag);
	}
	snprintf(file, size, "%s%s",
		 home != NULL && home[0] != '\0' ? "~/" : "", name);
}

/* ---- drawing ---- */

static const char *note(void)
{
	return _("A saved or printed document lies outside the encrypted "
		 "database: keep it safe and destroy it when it is no longer "
		 "needed.");
}

static const char *hint_of(const dialog *d)
{
	if (d->focus == F_LANG)
		return _("The language of the document. Left and Right "
			 "change it.");
	if (d->dest == DEST_PRINTER && !d->lp)
		return _("The command lp (CUPS) is missing here: save the "
			 "document as a PDF file and print it from another "
			 "program.");
	if (d->focus == F_DEST)
		return _("Left and Right: save it as a PDF file, or send it "
			 "to a printer.");
	if (d->dest == DEST_PRINTER)
		return _("The name of the printer; empty: the default "
			 "printer.");
	return _("The PDF file; only you may read it (mode 600). ~ is your "
		 "home folder.");
}

static int lines_of(const char *s, int w, int most)
{
	int n = s[0] != '\0'
			? tui_draw_wrapped((tui_rect){ 0, 0, 0, w }, s, 0, 0)
			: 0;

	return n < most ? n : most;
}

/* Where the box goes; *lw the width of the labels. */
static tui_rect layout(const dialog *d, int *lw)
{
	const char *labels[] = { _("Destination"), _("File name"), _("Printer"),
				 _("Language") };
	tui_rect body = tui_body(), r;
	int iw;

	r.w = COLS - 4 < 76 ? COLS - 4 : 76;
	iw = r.w - 4;
	*lw = 0;
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		*lw = tui_width(labels[i]) > *lw ? tui_width(labels[i]) : *lw;
	*lw = *lw < iw * 2 / 5 ? *lw : iw * 2 / 5;
	/* borders and blank lines, the fields, two lines of hint, the note,
	   the message */
	r.h = 8 + F_N + lines_of(note(), iw, 4);
	if (d->msg[0] != '\0')
		r.h += 1 + lines_of(d->msg, iw, 4);
	r.h = r.h < body.h ? r.h : body.h;
	r.y = body.y + (body.h - r.h) / 2;
	r.x = (COLS - r.w) / 2;
	return r;
}

/* A choice "< text >", marked when it has the focus. */
static void draw_choice(const dialog *d, int y, int x, int w, int field,
			const char *text)
{
	char s[300];

	snprintf(s, sizeof s, "< %s >", text);
	tui_draw_attr(y, x, w, s, false,
		      tui_attr(d->app,
			       d->focus == field ? TUI_SELECTED : TUI_NORMAL));
}

static void draw(dialog *d)
{
	tui_app *app = d->app;
	const char *labels[F_N];
	tui_line *where = d->dest == DEST_FILE ? &d->file : &d->printer;
	int lw, vx, vw, y, cursor;
	tui_rect r, t;

	if (d->full)
		tui_redraw(app);
	d->full = false;
	curs_set(0);
	if (app->too_small)
		return;
	r = layout(d, &lw);
	if (memcmp(&r, &d->box, sizeof r) != 0) { /* first, moved, resized */
		tui_redraw(app);
		if (app->too_small)
			return;
	}
	d->box = r;
	tui_box(app, r, d->title);
	labels[F_DEST] = _("Destination");
	labels[F_WHERE] = d->dest == DEST_FILE ? _("File name") : _("Printer");
	labels[F_LANG] = _("Language");
	vx = r.x + 2 + lw + 2;
	vw = r.x + r.w - 2 - vx;
	y = r.y + 2;
	for (int i = 0; i < F_N; i++)
		tui_draw_attr(y + i, r.x + 2, lw, labels[i], true,
			      i == d->focus ? A_BOLD : A_NORMAL);
	draw_choice(d, y + F_DEST, vx, vw, F_DEST,
		    d->dest == DEST_FILE ? _("Save as PDF")
		    : d->lp		 ? _("Print")
			    : _("Print (this computer has no printing "
				"system)"));
	cursor = tui_line_draw(where, y + F_WHERE, vx, vw, false, A_UNDERLINE);
	draw_choice(d, y + F_LANG, vx, vw, F_LANG,
		    d->lang == 1 ? _("English (en)") : _("Swedish (sv)"));
	t = (tui_rect){ y + F_N + 1, r.x + 2, 2, r.w - 4 };
	tui_draw_wrapped(t, hint_of(d), 0, tui_attr(app, TUI_DIM));
	t.y += 3;
	t.h = lines_of(note(), t.w, 4);
	tui_draw_wrapped(t, note(), 0, A_BOLD);
	t.y += t.h + 1;
	t.h = r.y + r.h - 1 - t.y;
	if (d->msg[0] != '\0' && t.h > 0)
		tui_draw_wrapped(t, d->msg, 0, tui_attr(app, TUI_OVERDUE));
	tui_draw_attr(LINES - 1, 0, COLS,
		      d->dest == DEST_FILE
			      ? _("Enter Save  Esc Cancel  Tab Next field")
			      : _("Enter Print  Esc Cancel  Tab Next field"),
		      true, A_NORMAL);
	if (d->focus == F_WHERE) {
		move(y + F_WHERE, vx + cursor);
		curs_set(1);
	}
	refresh();
}

/* ---- the box ---- */

/* Enter: make it; the result of the dialog, or STAY. */
static int go(dialog *d)
{
	job_fill f = { d->app, &d->req, { SSPF_OK, "" }, false };

	d->msg[0] = '\0';
	d->req.lang = print_dialog_langs[d->lang];
	if (d->dest == DEST_FILE) {
		int rc = print_dialog_save(d, &f);

		if (rc == STAY && d->msg[0] != '\0')
			d->focus = F_WHERE;
		return rc;
	}
	return print_dialog_send(d, &f);
}

/* A key on the focused row. */
static void edit(dialog *d, const tui_key *k)
{
	bool toggle =
		(k->is_fn && (k->code == KEY_LEFT || k->code == KEY_RIGHT)) ||
		(!k->is_fn && k->ch == ' ');

	if (d->focus == F_WHERE) {
		if (!tui_line_key(d->dest == DEST_FILE ? &d->file : &d->printer,
				  k, NULL))
			beep();
	} else if (toggle && d->focus == F_DEST) {
		d->dest = !d->dest;
		d->msg[0] = '\0';
	} else if (toggle) {
		d->lang = !d->lang;
	}
}

static enum tui_result run(dialog *d)
{
	for (;;) {
		tui_key k;
		int rc;

		draw(d);
		k = tui_getkey(d->app);
		if (k.code == TUI_EV_LOCK || k.code == TUI_EV_QUIT)
			return TUI_INTERRUPTED;
		if (k.code == TUI_EV_NONE || d->app->too_small ||
		    (k.is_fn && k.code == KEY_RESIZE))
			continue;
		if (!k.is_fn && k.ch == TUI_ESC)
			return TUI_CANCELLED;
		if (tui_is_enter(&k) || (k.is_fn && k.code == KEY_F(2)) ||
		    (!k.is_fn && k.ch == TUI_CTRL('s'))) {
			curs_set(0);
			if ((rc = go(d)) != STAY)
				return (enum tui_result)rc;
			if (d->app->pending != 0)
				return TUI_INTERRUPTED;
		} else if ((!k.is_fn && k.ch == '\t') ||
			   (k.is_fn && k.code == KEY_DOWN)) {
			d->focus = (d->focus + 1) % F_N;
		} else if (k.is_fn &&
			   (k.code == KEY_BTAB || k.code == KEY_UP)) {
			d->focus = (d->focus + F_N - 1) % F_N;
		} else {
			edit(d, &k);
		}
	}
}

unsigned tui_print(tui_app *app, print_kind kind, const tui_print_job *job)
{
	dialog *d = calloc(1, sizeof *d);
	const char *tag = job->tag != NULL ? job->tag : job->code;
	char file[300];
	enum tui_result r;

	if (d == NULL) {
		tui_flash_err(app, SSPF_ERR_NOMEM, NULL);
		return TUI_HANDLED;
	}
	d->app = app;
	d->req.kind = kind;
	d->req.code = job->code;
	d->req.meeting = job->meeting;
	d->req.tdir = print_template_dir();
	d->lang = app->lang != NULL && strcmp(app->lang, "en") == 0;
	d->lp = print_lp_available();
	d->full = true;
	/* only a blank consent form has no tag */
	if (tag == NULL && kind != PRINT_CONSENT_FORM)
		tag = "";
	names_of(d, kind, tag, file, sizeof file);
	if (!tui_line_load(&d->file, file, PATH_MAX_TYPED) ||
	    !tui_line_load(&d->printer, "", PRINTER_MAX)) {
		tui_flash_err(app, SSPF_ERR_NOMEM, NULL);
		r = TUI_CANCELLED;
	} else {
		r = run(d);
	}
	tui_line_drop(&d->file);
	tui_line_drop(&d->printer);
	curs_set(0);
	if (r == TUI_CANCELLED && app->flash[0] == '\0')
		tui_flash(app, "%s", _("Nothing was saved or printed."));
	free(d);
	return TUI_HANDLED;
}

unsigned tui_print_choose(tui_app *app, const print_kind *kinds, int n,
			  const tui_print_job *job)
{
	const char *items[PRINT_KINDS];
	int choice = 0;

	if (n <= 0 || n > PRINT_KINDS)
		return TUI_HANDLED;
	for (int i = 0; i < n; i++) {
		switch (kinds[i]) {
		case PRINT_CONSENT_FORM:
			items[i] = job->code != NULL ? _("Consent form")
						     : _("Blank consent form");
			break;
		case PRINT_PLAN:
			items[i] = _("Commitment plan (åtagandeplan)");
			break;
		case PRINT_AGENDA:
			items[i] = _("Agenda (dagordning)");
			break;
		default:
			items[i] = _("Minutes (minnesanteckningar)");
			break;
		}
	}
	if (n > 1 && tui_choose(app, _("Print or save as PDF"), items, n,
				&choice) != TUI_DONE)
		return TUI_HANDLED;
	return tui_print(app, kinds[choice], job);
}
