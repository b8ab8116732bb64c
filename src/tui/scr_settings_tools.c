/*
 * scr_settings_tools.c - the two tools of the settings screen
 * (scr_settings.c has the list and the keys) that the coordinator needs
 * without leaving the program, since a second sspf cannot open the
 * database while the screens have it open: b makes an encrypted backup
 * copy, g runs retention (gallring).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sspf/purge.h>

#include "tui/scr_settings.h"

/* ---- backup ---- */

/*
 * The folder of the database + "/sspf-backup-YYYY-MM-DD.db", malloc'ed:
 * the caller frees it. NULL when out of memory.
 */
static char *default_backup(tui_app *app)
{
	const char *path = app->path != NULL ? app->path : "";
	const char *slash = strrchr(path, '/');
	char date[SSPF_DATE_TEXT], *out;
	int dir = slash == NULL ? 1 : (slash == path ? 0 : (int)(slash - path));
	size_t size;

	sspf_date_format(sspf_core_today(app->core), date);
	size = strlen(path) + 64;
	if ((out = malloc(size)) == NULL)
		return NULL;
	snprintf(out, size, "%.*s/sspf-backup-%s.db", dir,
		 slash == NULL ? "." : path, date);
	return out;
}

unsigned set_backup(tui_app *app)
{
	char *text = default_backup(app), *dest = NULL, msg[1400];
	struct stat s, db;
	unsigned flags = 0;
	enum tui_result r;
	sspf_err e;

	if (text == NULL)
		return TUI_HANDLED;
	r = tui_prompt(app, _("Back up to: "), &text, 4096);
	if (r != TUI_DONE || text == NULL || text[0] == '\0') {
		free(text);
		return TUI_HANDLED;
	}
	dest = tui_expand_home(text);
	free(text);
	if (dest == NULL)
		return TUI_HANDLED;
	if (stat(dest, &s) == 0) {
		if (app->path != NULL && stat(app->path, &db) == 0 &&
		    s.st_dev == db.st_dev && s.st_ino == db.st_ino) {
			tui_flash_error(app, "%s",
					_("That is the database itself; choose "
					  "another file name."));
			free(dest);
			return TUI_HANDLED;
		}
		snprintf(msg, sizeof msg,
			 _("%s exists already. Replace it with a new backup?"),
			 dest);
		if (tui_confirm(app, msg) != TUI_DONE) {
			free(dest);
			return TUI_HANDLED;
		}
		flags = SSPF_BACKUP_OVERWRITE;
	}
	tui_flash(app, "%s", _("Making the backup..."));
	tui_redraw(app);
	e = sspf_store_backup(app->st, dest, flags);
	if (e != SSPF_OK) {
		tui_flash_err(app, e, _("Could not make the backup"));
		free(dest);
		return TUI_HANDLED;
	}
	snprintf(msg, sizeof msg,
		 _("The backup is in %s.\n\nThe copy is encrypted: it opens "
		   "with the same passphrase and recovery key as this "
		   "database. Keep it in a safe place."),
		 dest);
	free(dest);
	app->flash[0] = '\0';
	if (tui_message(app, _("Backup made"), msg) == TUI_INTERRUPTED)
		return TUI_HANDLED;
	tui_flash(app, "%s", _("Backup made."));
	return TUI_HANDLED;
}

/* ---- retention ---- */

/* The codes of rep as "2024-001, 2024-005" (at most about 60). */
static void codes_text(const sspf_purge_report *rep, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < rep->n_cases && used + 32 < size; i++) {
		if (i == 60) {
			snprintf(buf + used, size - used, _(", and %zu more"),
				 rep->n_cases - i);
			return;
		}
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 i > 0 ? ", " : "", rep->cases[i].code);
	}
}

static void report_text(const sspf_purge_report *rep, bool done, char *buf,
			size_t size)
{
	char codes[1400], date[SSPF_DATE_TEXT];

	codes_text(rep, codes, sizeof codes);
	sspf_date_format(rep->log_before, date);
	if (done)
		snprintf(buf, size,
			 _("Cases deleted (%zu): %s\n\nAudit log entries "
			   "deleted: %lld (older than %s)."),
			 rep->n_cases, rep->n_cases > 0 ? codes : "-",
			 (long long)rep->log_entries, date);
	else
		snprintf(buf, size,
			 _("Due for deletion now: cases (%zu): %s\n\nAudit log "
			   "entries older than %s: %lld.\n\nA case is due "
			   "when it was closed, or its consent ended, longer "
			   "ago than the setting \"Keep case data after it "
			   "ends\"."),
			 rep->n_cases, rep->n_cases > 0 ? codes : "-", date,
			 (long long)rep->log_entries);
}

unsigned set_purge(tui_app *app)
{
	sspf_purge_report rep;
	char text[2000];
	sspf_err e;

	memset(&rep, 0, sizeof rep);
	e = sspf_purge(app->core, true, &rep);
	if (e != SSPF_OK) {
		sspf_purge_report_free(&rep);
		tui_flash_err(app, e, _("Could not find what is due"));
		return TUI_HANDLED;
	}
	if (rep.n_cases == 0 && rep.log_entries == 0) {
		sspf_purge_report_free(&rep);
		tui_flash(app, "%s",
			  _("Nothing is due for retention (gallring)."));
		return TUI_HANDLED;
	}
	report_text(&rep, false, text, sizeof text);
	sspf_purge_report_free(&rep);
	if (tui_message(app, _("Retention (gallring)"), text) != TUI_DONE)
		return TUI_HANDLED;
	if (tui_confirm(app, _("Delete all of this now? It cannot be "
			       "undone.")) != TUI_DONE)
		return TUI_HANDLED;
	tui_flash(app, "%s", _("Deleting..."));
	tui_redraw(app);
	e = sspf_purge(app->core, false, &rep);
	if (e != SSPF_OK && !rep.purged) {
		sspf_purge_report_free(&rep);
		tui_flash_err(app, e, _("Nothing was deleted"));
		return TUI_HANDLED | TUI_RELOAD;
	}
	report_text(&rep, true, text, sizeof text);
	sspf_purge_report_free(&rep);
	app->flash[0] = '\0';
	if (tui_message(app, _("Retention done"), text) == TUI_INTERRUPTED)
		return TUI_HANDLED;
	if (e != SSPF_OK)
		tui_flash_err(app, e,
			      _("Deleted, but the file could not be "
				"rebuilt"));
	else
		tui_flash(app, "%s", _("Retention done."));
	return TUI_HANDLED | TUI_RELOAD;
}
