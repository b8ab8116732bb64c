/*
 * app.c - the ncurses front end of sspf: `sspf [--lang sv|en] [FILE]`.
 * Chooses the language, unlocks the database, runs the screen stack and
 * the keys every screen shares, locks (closing the database and wiping
 * the keys) on a key or after the idle time, and on SIGTERM, SIGHUP or
 * SIGINT closes the database cleanly: every change was committed when it
 * was made, an edit in progress is dropped whole.
 */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sspf/settings.h>

#include "tui/tui.h"
#include "tui/tui_priv.h"

const tui_binding tui_global_keys[] = {
	{ TUI_G_TAB1 + 0, N_("Overview"), { '1' }, false },
	{ TUI_G_TAB1 + 1, N_("Meetings"), { '2' }, false },
	{ TUI_G_TAB1 + 2, N_("Cases"), { '3' }, false },
	{ TUI_G_TAB1 + 3, N_("Consents"), { '4' }, false },
	{ TUI_G_TAB1 + 4, N_("Actions"), { '5' }, false },
	{ TUI_G_TAB1 + 5, N_("Settings"), { '6' }, false },
	{ TUI_G_HELP, N_("Help"), { '?', KEY_F(1) }, true },
	{ TUI_G_LOCK, N_("Lock"), { 'L', KEY_F(12) }, true },
	{ TUI_G_BACK, N_("Quit"), { 'q', TUI_ESC }, true },
	{ TUI_G_REDRAW, N_("Redraw the screen"), { TUI_CTRL('l') }, false },
};
const size_t tui_global_n = sizeof tui_global_keys / sizeof tui_global_keys[0];

/* ---- the screen stack ---- */

static void leave_top(tui_app *app)
{
	int i = --app->depth;

	app->stack[i].scr->leave(app, app->stack[i].state);
	app->stack[i].scr = NULL;
	app->stack[i].state = NULL;
}

static void leave_all(tui_app *app)
{
	while (app->depth > 0)
		leave_top(app);
}

bool tui_push(tui_app *app, const tui_screen *scr, const void *arg)
{
	void *state = NULL;
	sspf_err e;

	if (app->depth == TUI_STACK_MAX) {
		tui_flash_error(app, "%s",
				_("Too many screens open; go back first."));
		return false;
	}
	e = scr->enter(app, arg, &state);
	if (e != SSPF_OK) {
		tui_flash_err(app, e, _("Could not open it"));
		return false;
	}
	app->stack[app->depth].scr = scr;
	app->stack[app->depth].state = state;
	app->depth++;
	return true;
}

void tui_switch(tui_app *app, const tui_screen *scr)
{
	leave_all(app);
	if (!tui_push(app, scr, NULL) && scr != &tui_overview_screen)
		tui_push(app, &tui_overview_screen, NULL);
}

void tui_refresh_all(tui_app *app)
{
	for (int i = 0; i < app->depth; i++) {
		const tui_screen *s = app->stack[i].scr;

		if (s->reload != NULL) {
			sspf_err e = s->reload(app, app->stack[i].state);

			if (e != SSPF_OK)
				tui_flash_err(app, e, _("Could not read it"));
		}
	}
}

/* ---- opening and locking ---- */

void tui_read_settings(tui_app *app)
{
	long minutes = 5;

	if (sspf_setting_get_int(app->st, "lock.idle_minutes", &minutes) !=
	    SSPF_OK)
		minutes = 5;
	app->idle_minutes = minutes;
	free(app->district);
	app->district = NULL;
	if (sspf_setting_get(app->st, "district", &app->district) != SSPF_OK)
		app->district = NULL;
	app->demo = sspf_store_is_demo(app->st);
}

static void close_db(tui_app *app)
{
	leave_all(app);
	sspf_core_close(app->core);
	sspf_store_close(app->st);
	app->core = NULL;
	app->st = NULL;
}

/* Unlock (again); false when the user quits or a signal came. */
static bool open_db(tui_app *app)
{
	if (tui_unlock(app) != TUI_DONE)
		return false;
	tui_read_settings(app);
	app->last_key = time(NULL);
	app->pending = 0;
	tui_switch(app, &tui_overview_screen);
	return true;
}

/* ---- the keys every screen has ---- */

/* Returns false when the program should end. */
static bool global_action(tui_app *app, int action)
{
	const tui_screen *top = app->stack[app->depth - 1].scr;

	if (action >= TUI_G_TAB1 && action < TUI_G_TAB1 + TUI_TABS) {
		tui_switch(app, tui_tabs[action - TUI_G_TAB1]);
		return true;
	}
	switch (action) {
	case TUI_G_HELP:
		if (top != &tui_help_screen)
			tui_push(app, &tui_help_screen, top);
		return true;
	case TUI_G_LOCK:
		app->pending = TUI_EV_LOCK;
		return true;
	case TUI_G_BACK:
		if (app->depth > 1) {
			leave_top(app);
			tui_refresh_all(app);
			return true;
		}
		return false;
	case TUI_G_REDRAW:
		clearok(curscr, TRUE);
		return true;
	default:
		return true;
	}
}

/* One key for the screen on top; false when the program should end. */
static bool dispatch(tui_app *app, const tui_key *k)
{
	const tui_screen *top = app->stack[app->depth - 1].scr;
	void *state = app->stack[app->depth - 1].state;
	const tui_binding *b = NULL;
	unsigned flags = TUI_UNHANDLED;

	if (!k->is_fn || k->code != KEY_RESIZE)
		app->flash[0] = '\0';
	b = tui_binding_for(top->keys, top->n_keys, k);
	if (b != NULL)
		flags = top->act(app, state, b->action);
	else if (top->key != NULL)
		flags = top->key(app, state, k);
	if (flags == TUI_UNHANDLED) {
		b = tui_binding_for(tui_global_keys, tui_global_n, k);
		if (b != NULL)
			return global_action(app, b->action);
		return true;
	}
	if (flags & TUI_POP) {
		if (app->depth > 1)
			leave_top(app);
		flags |= TUI_RELOAD;
	}
	if ((flags & TUI_RELOAD) && app->pending == 0)
		tui_refresh_all(app);
	return true;
}

/* The main loop; returns when the user quits or a signal came. */
static void run(tui_app *app)
{
	for (;;) {
		tui_key k;

		if (app->pending == TUI_EV_LOCK) {
			close_db(app);
			app->pending = 0;
			tui_flash(app, "%s", _("Locked."));
			if (!open_db(app))
				return;
		}
		if (app->pending == TUI_EV_QUIT || tui_signalled)
			return;
		tui_redraw(app);
		k = tui_getkey(app);
		if (k.code == TUI_EV_NONE || k.code == TUI_EV_LOCK ||
		    (k.is_fn && k.code == KEY_RESIZE))
			continue;
		if (k.code == TUI_EV_QUIT)
			return;
		if (!dispatch(app, &k))
			return;
	}
}

/* ---- language and start ---- */

static void on_signal(int sig)
{
	(void)sig;
	tui_signalled = 1;
}

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: a waiting read returns at once */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static void usage(FILE *to)
{
	fprintf(to, "%s",
		_("usage: sspf [--lang sv|en] [FILE]\n"
		  "       sspf COMMAND [OPTIONS]   (sspf help lists them)\n"
		  "\n"
		  "Without a command, sspf opens the screens for the "
		  "coordinator's work on\n"
		  "FILE (default: the database in ~/.local/share/sspf).\n"
		  "  --lang sv|en   the language of the screens (default: "
		  "Swedish, English\n"
		  "                 in an English locale)\n"
		  "  -h, --help     show this help\n"));
}

int tui_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "lang", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	tui_app app;
	const char *lang = NULL;
	int c;

	memset(&app, 0, sizeof app);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			lang = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (lang != NULL && strcmp(lang, "sv") != 0 &&
	    strcmp(lang, "en") != 0) {
		fprintf(stderr, "sspf: --lang takes sv or en, not '%s'\n",
			lang);
		return 2;
	}
	if (argc - optind > 1) {
		usage(stderr);
		return 2;
	}
	app.lang = tui_language(lang);
	if (optind < argc) {
		app.path = strdup(argv[optind]);
	} else if (sspf_default_path(&app.path) != SSPF_OK) {
		fprintf(stderr, "sspf: %s\n", tui_strerror(SSPF_ERR_NOT_FOUND));
		return 1;
	}
	if (app.path == NULL)
		return 1;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "%s\n",
			_("sspf: the screens need a terminal; for scripts use "
			  "the commands (sspf help)."));
		free(app.path);
		return 2;
	}
	catch_signals();
	initscr();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(50);
	curs_set(0);
	tui_colors_init(&app);
	if (open_db(&app))
		run(&app);
	close_db(&app);
	endwin();
	free(app.district);
	free(app.path);
	return 0;
}
