/*
 * unlock.c - the first screen and the lock screen: the passphrase typed
 * without echo into sodium_malloc memory, a growing delay after each
 * wrong one, the recovery key as the other way in (then a new passphrase
 * is asked), and a new database when the file does not exist yet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "tui/tui.h"
#include "tui/tui_priv.h"

#define SECRET_MAX 1024u

typedef struct unlock_state {
	char *secret; /* sodium_malloc, SECRET_MAX + 1 */
	size_t len;
	bool recovery;
	int failures;
	char message[512];
	bool message_error;
} unlock_state;

static void draw_unlock(tui_app *app, const unlock_state *u)
{
	int w = COLS < 72 ? COLS - 2 : 70, x = (COLS - w) / 2,
	    y = LINES / 2 - 5;
	char line[600];

	erase();
	if (app->too_small) {
		tui_redraw(app);
		return;
	}
	tui_draw_attr(0, 0, COLS, " sspf", true, tui_attr(app, TUI_TITLE));
	tui_draw_attr(y, x, w, _("Unlock the database"), false, A_BOLD);
	tui_draw_attr(y + 1, x, w, app->path, false, tui_attr(app, TUI_DIM));
	snprintf(line, sizeof line, "%s ",
		 u->recovery ? _("Recovery key:") : _("Passphrase:"));
	tui_draw(y + 3, x, w, line, false);
	if (u->recovery) {
		/* one star per character: long keys are easy to mistype */
		int stars = (int)u->len, lx = x + tui_width(line);

		for (int i = 0; i < stars && lx + i < x + w; i++)
			mvaddch(y + 3, lx + i, '*');
	}
	tui_draw_attr(y + 4, x, w,
		      u->recovery ? _("(the 32 characters you wrote down "
				      "when the database was made)")
				  : _("(what you type is not shown)"),
		      false, tui_attr(app, TUI_DIM));
	if (u->message[0] != '\0')
		tui_draw_wrapped((tui_rect){ y + 6, x, 3, w }, u->message, 0,
				 u->message_error ? tui_attr(app, TUI_OVERDUE)
						  : (int)A_NORMAL);
	snprintf(line, sizeof line, "%s   %s   %s", _("Enter Unlock"),
		 u->recovery ? _("F3 Use the passphrase")
			     : _("F3 Use the recovery key"),
		 _("Esc Quit"));
	tui_draw_attr(LINES - 1, 0, COLS, line, true, A_NORMAL);
	refresh();
}

/* Wait seconds, showing it; false if a signal came. */
static bool delay(tui_app *app, unlock_state *u, int seconds)
{
	char base[sizeof u->message];

	snprintf(base, sizeof base, "%s", u->message);
	for (int left = seconds; left > 0; left--) {
		snprintf(u->message, sizeof u->message, "%.300s %s", base,
			 _("Wait a moment..."));
		draw_unlock(app, u);
		sleep(1);
		if (app->pending != 0 || tui_signalled)
			return false;
	}
	flushinp();
	snprintf(u->message, sizeof u->message, "%s", base);
	return true;
}

/* Check the two passphrases typed; NULL if they will do. */
static const char *check_pass(tui_field *f, int *focus)
{
	if (strcmp(f[0].text, f[1].text) != 0) {
		*focus = 1;
		return _("The two passphrases differ; type them again.");
	}
	if (strlen(f[0].text) < SSPF_PASSPHRASE_MIN) {
		*focus = 0;
		return _(
			"The passphrase is too short: at least 10 characters.");
	}
	return NULL;
}

/* Make the new database; ctx is the buffer for the recovery key. */
static const char *save_create(tui_app *app, void *ctx, tui_field *f, size_t n,
			       int *focus)
{
	const char *bad = check_pass(f, focus);
	sspf_err e;

	(void)n;
	if (bad != NULL)
		return bad;
	tui_flash(app, "%s", _("Making the database..."));
	e = sspf_store_create(app->path, f[0].text, strlen(f[0].text), NULL,
			      ctx, &app->st);
	return e == SSPF_OK ? NULL : tui_strerror(e);
}

/* After the recovery key: a new passphrase, or Esc to keep the old. */
static const char *save_new_pass(tui_app *app, void *ctx, tui_field *f,
				 size_t n, int *focus)
{
	const char *bad = check_pass(f, focus);
	sspf_err e;

	(void)ctx;
	(void)n;
	if (bad != NULL)
		return bad;
	tui_flash(app, "%s", _("Saving the new passphrase..."));
	e = sspf_store_passwd(app->st, f[0].text, strlen(f[0].text), NULL);
	return e == SSPF_OK ? NULL : tui_strerror(e);
}

/*
 * Ask a new passphrase twice in a form titled title (label: the first
 * field's); save() checks and uses it, with ctx.
 */
static enum tui_result ask_passphrase(tui_app *app, const char *title,
				      const char *label, tui_form_save save,
				      void *ctx)
{
	tui_field f[2] = {
		{ .label = label,
		  .secret = true,
		  .max = 1024,
		  .hint = _("At least 10 characters; a few unrelated words "
			    "work well.") },
		{ .label = _("Repeat it"), .secret = true, .max = 1024 },
	};
	enum tui_result r = TUI_CANCELLED;

	if (tui_field_set(&f[0], "") && tui_field_set(&f[1], ""))
		r = tui_form(app, title, f, 2, save, ctx);
	tui_fields_free(f, 2);
	return r;
}

/* Make a new database at app->path; TUI_DONE leaves it open. */
static enum tui_result create_db(tui_app *app)
{
	char question[600], recovery[SSPF_RECOVERY_TEXT_SIZE], text[800];
	enum tui_result r;

	snprintf(question, sizeof question,
		 _("There is no database at %s. Make a new one?"), app->path);
	if ((r = tui_confirm(app, question)) != TUI_DONE)
		return r;
	r = ask_passphrase(app, _("A passphrase for the new database"),
			   _("Passphrase"), save_create, recovery);
	if (r != TUI_DONE)
		return r;
	snprintf(text, sizeof text,
		 _("Your recovery key:\n\n    %s\n\nWrite it down on paper "
		   "and keep it locked away. It opens the database if the "
		   "passphrase is lost. It is shown only this once."),
		 recovery);
	sodium_memzero(recovery, sizeof recovery);
	tui_message(app, _("The database was made"), text);
	sodium_memzero(text, sizeof text);
	return TUI_DONE;
}

static void type_char(unlock_state *u, const tui_key *k)
{
	char mb[8];
	int n;

	if (k->ch == 0x7f || k->ch == 8 ||
	    (k->is_fn && k->code == KEY_BACKSPACE)) {
		/* remove a whole UTF-8 character */
		while (u->len > 0 && (u->secret[--u->len] & 0xc0) == 0x80)
			;
		u->secret[u->len] = '\0';
		return;
	}
	if (k->is_fn || k->ch < 0x20)
		return;
	n = wctomb(mb, k->ch);
	if (n <= 0 || u->len + (size_t)n > SECRET_MAX)
		return;
	memcpy(u->secret + u->len, mb, (size_t)n);
	u->len += (size_t)n;
	u->secret[u->len] = '\0';
}

/* Try the secret typed; true when open. */
static bool try_open(tui_app *app, unlock_state *u, sspf_err *err)
{
	sspf_store *st = NULL;

	*err = sspf_store_open(app->path,
			       u->recovery ? SSPF_UNLOCK_RECOVERY
					   : SSPF_UNLOCK_PASSPHRASE,
			       u->secret, u->len, 0, &st);
	sodium_memzero(u->secret, SECRET_MAX + 1);
	u->len = 0;
	if (*err != SSPF_OK)
		return false;
	app->st = st;
	return true;
}

static enum tui_result unlock_loop(tui_app *app, unlock_state *u)
{
	for (;;) {
		tui_key k;
		sspf_err e;

		draw_unlock(app, u);
		k = tui_getkey(app);
		if (k.code == TUI_EV_QUIT)
			return TUI_INTERRUPTED;
		if (k.code == TUI_EV_NONE || k.code == TUI_EV_LOCK)
			continue;
		if (k.is_fn && k.code == KEY_F(3)) {
			u->recovery = !u->recovery;
			sodium_memzero(u->secret, SECRET_MAX + 1);
			u->len = 0;
			continue;
		}
		if (!k.is_fn && k.ch == TUI_ESC)
			return TUI_CANCELLED;
		if (!(k.code == '\r' || k.code == '\n' ||
		      (k.is_fn && k.code == KEY_ENTER))) {
			type_char(u, &k);
			continue;
		}
		snprintf(u->message, sizeof u->message, "%s", _("Opening..."));
		u->message_error = false;
		draw_unlock(app, u);
		if (try_open(app, u, &e))
			return TUI_DONE;
		u->message_error = true;
		snprintf(u->message, sizeof u->message, "%s", tui_strerror(e));
		if (e == SSPF_ERR_WRONG_PASSPHRASE ||
		    e == SSPF_ERR_WRONG_RECOVERY ||
		    e == SSPF_ERR_RECOVERY_TYPO) {
			int wait = 1 << (u->failures < 5 ? u->failures : 5);

			u->failures++;
			if (!delay(app, u, wait))
				return TUI_INTERRUPTED;
		}
	}
}

static void show_warnings(tui_app *app)
{
	unsigned w = sspf_store_warnings(app->st);

	if (w & SSPF_WARN_REDO_APPLIED)
		tui_flash(app, "%s",
			  _("A change interrupted last time (power cut or "
			    "crash) was completed."));
	if (w & (SSPF_WARN_HEADER_REPAIRED | SSPF_WARN_HEADER_DAMAGED))
		tui_message(app, _("Check the disk"),
			    _("One of the two copies of the file's header was "
			      "damaged. The other one opened the database. "
			      "Make a backup now and check the disk."));
}

enum tui_result tui_unlock(tui_app *app)
{
	unlock_state u;
	enum tui_result r;
	sspf_err e = sspf_store_probe(app->path);

	memset(&u, 0, sizeof u);
	if (e == SSPF_ERR_NOT_FOUND) {
		r = create_db(app);
		if (r != TUI_DONE)
			return r;
	} else if (e != SSPF_OK) {
		tui_message(app, _("Cannot open the database"),
			    tui_strerror(e));
		return TUI_CANCELLED;
	} else {
		if ((u.secret = sodium_malloc(SECRET_MAX + 1)) == NULL)
			return TUI_CANCELLED;
		sodium_memzero(u.secret, SECRET_MAX + 1);
		r = unlock_loop(app, &u);
		sodium_free(u.secret);
		if (r != TUI_DONE)
			return r;
	}
	if ((e = sspf_core_open(app->st, NULL, NULL, &app->core)) != SSPF_OK) {
		sspf_store_close(app->st);
		app->st = NULL;
		tui_message(app, _("Cannot open the database"),
			    tui_strerror(e));
		return TUI_CANCELLED;
	}
	show_warnings(app);
	if (u.recovery) {
		r = ask_passphrase(app,
				   _("Opened with the recovery key: choose "
				     "a new passphrase (Esc: later)"),
				   _("New passphrase"), save_new_pass, NULL);
		if (r == TUI_INTERRUPTED)
			return r;
	}
	return TUI_DONE;
}
