/*
 * frame.c - what surrounds every screen: the tab bar with the DEMO banner,
 * the title, the message line and the status line made from the key
 * tables; colours (or none, with NO_COLOR); reading keys with the idle
 * lock, the signals and KEY_RESIZE (htop's way: ncurses reports the new
 * size as a key, no work in a signal handler).
 */
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sspf/settings.h>

#include "tui/tui.h"
#include "tui/tui_priv.h"

volatile sig_atomic_t tui_signalled;

/* ---- colours ---- */

void tui_colors_init(tui_app *app)
{
	const char *nc = getenv("NO_COLOR");

	app->color = (nc == NULL || nc[0] == '\0') && has_colors();
	if (!app->color)
		return;
	start_color();
	use_default_colors();
	init_pair(TUI_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(TUI_SELECTED, COLOR_BLACK, COLOR_CYAN);
	init_pair(TUI_OVERDUE, COLOR_RED, -1);
	init_pair(TUI_REFUSED, COLOR_YELLOW, -1);
	init_pair(TUI_OK, COLOR_GREEN, -1);
	init_pair(TUI_DEMO, COLOR_BLACK, COLOR_YELLOW);
	init_pair(TUI_DIM, -1, -1);
}

int tui_attr(const tui_app *app, enum tui_style s)
{
	if (!app->color) {
		switch (s) {
		case TUI_TITLE:
		case TUI_SELECTED:
		case TUI_DEMO:
			return A_REVERSE;
		case TUI_OVERDUE:
		case TUI_REFUSED:
			return A_BOLD;
		case TUI_DIM:
			return A_DIM;
		default:
			return A_NORMAL;
		}
	}
	switch (s) {
	case TUI_NORMAL:
		return A_NORMAL;
	case TUI_OVERDUE:
	case TUI_DEMO:
		return (int)(COLOR_PAIR(s) | A_BOLD);
	case TUI_DIM:
		return A_DIM;
	default:
		return (int)COLOR_PAIR(s);
	}
}

/* ---- the frame ---- */

tui_rect tui_body(void)
{
	tui_rect r = { 2, 0, LINES - 4, COLS };

	return r;
}

/* The top-level screens in the order of their keys 1..6. */
const tui_screen *const tui_tabs[TUI_TABS] = {
	&tui_overview_screen, &tui_meetings_screen, &tui_cases_screen,
	&tui_consents_screen, &tui_actions_screen,  &tui_settings_screen,
};

static void draw_tabs(tui_app *app)
{
	const tui_screen *root = app->depth > 0 ? app->stack[0].scr : NULL;
	int x = 0, title = tui_attr(app, TUI_TITLE);

	tui_draw_attr(0, 0, COLS, "", true, title);
	for (int i = 0; i < TUI_TABS; i++) {
		char tab[64];
		int attr = tui_tabs[i] == root
				   ? (title | (int)(A_BOLD | A_UNDERLINE))
				   : title;

		snprintf(tab, sizeof tab, " %d %s ", i + 1,
			 _(tui_tabs[i]->name));
		if (x + tui_width(tab) > COLS - 7)
			break;
		x += tui_draw_attr(0, x, COLS - x, tab, false, attr);
	}
	if (app->demo)
		tui_draw_attr(0, COLS - 6, 6, " DEMO ", false,
			      tui_attr(app, TUI_DEMO));
}

static void draw_title(tui_app *app)
{
	const tui_screen *top = app->stack[app->depth - 1].scr;
	char where[SSPF_SETTING_TEXT_MAX + 8] = "";
	int w;

	if (app->district != NULL && app->district[0] != '\0')
		snprintf(where, sizeof where, "%s ", app->district);
	w = tui_width(where);
	tui_draw_attr(1, 0, COLS, "", true, A_BOLD);
	tui_draw_attr(1, 1, COLS - w - 2, _(top->name), false, A_BOLD);
	if (w < COLS / 2)
		tui_draw_attr(1, COLS - w, w, where, false,
			      tui_attr(app, TUI_DIM));
}

/* The columns of one "key name" pair of the status line. */
static int status_width(int key, const char *name)
{
	char k[32];

	tui_key_name(key, k, sizeof k);
	return tui_width(k) + 1 + tui_width(_(name)) + 2;
}

/* Draw one "key name" pair at *x; false when it does not fit in limit. */
static bool status_item(int *x, int limit, int key, const char *name)
{
	char k[32];

	if (*x + status_width(key, name) - 2 > limit)
		return false;
	tui_key_name(key, k, sizeof k);
	tui_draw_attr(LINES - 1, *x, COLS - *x, k, false, A_BOLD);
	*x += tui_width(k) + 1;
	*x += tui_draw(LINES - 1, *x, COLS - *x, _(name), false) + 2;
	return true;
}

/* The name of a global binding here ("Quit" becomes "Back" above a tab). */
static const char *global_name(const tui_app *app, const tui_binding *g)
{
	return g->action == TUI_G_BACK && app->depth > 1 ? N_("Back") : g->name;
}

/*
 * The status line: the screen's own important keys, then the keys of
 * every screen (help, lock, back), which always keep their place.
 */
static void draw_status(tui_app *app)
{
	const tui_screen *top = app->stack[app->depth - 1].scr;
	int x = 0, global = 0;

	tui_draw(LINES - 1, 0, COLS, "", true);
	for (size_t i = 0; i < tui_global_n; i++)
		if (tui_global_keys[i].status)
			global += status_width(
				tui_global_keys[i].keys[0],
				global_name(app, &tui_global_keys[i]));
	for (size_t i = 0; i < top->n_keys; i++) {
		if (!top->keys[i].status ||
		    (top->offers != NULL &&
		     !top->offers(app->stack[app->depth - 1].state,
				  top->keys[i].action)))
			continue;
		if (!status_item(&x, COLS - global, top->keys[i].keys[0],
				 top->keys[i].name))
			break;
	}
	for (size_t i = 0; i < tui_global_n; i++)
		if (tui_global_keys[i].status)
			status_item(&x, COLS, tui_global_keys[i].keys[0],
				    global_name(app, &tui_global_keys[i]));
}

static void draw_flash(tui_app *app)
{
	int attr = app->flash_error ? tui_attr(app, TUI_OVERDUE)
				    : tui_attr(app, TUI_OK);

	tui_draw(LINES - 2, 0, COLS, "", true);
	if (app->flash[0] != '\0')
		tui_draw_attr(LINES - 2, 1, COLS - 2, app->flash, false, attr);
}

static void draw_too_small(void)
{
	char msg[160];

	erase();
	snprintf(msg, sizeof msg, _("The window is too small (%dx%d)."), COLS,
		 LINES);
	tui_draw(LINES / 2 - 1, 1, COLS - 2, msg, false);
	snprintf(msg, sizeof msg, _("Make it at least %dx%d."), TUI_MIN_COLS,
		 TUI_MIN_LINES);
	tui_draw(LINES / 2, 1, COLS - 2, msg, false);
	refresh();
}

void tui_redraw(tui_app *app)
{
	app->too_small = COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES;
	if (app->too_small) {
		draw_too_small();
		return;
	}
	erase();
	if (app->depth == 0) {
		refresh();
		return;
	}
	{
		const tui_screen *top = app->stack[app->depth - 1].scr;
		void *state = app->stack[app->depth - 1].state;

		if (top->fullscreen != NULL && top->fullscreen(state)) {
			top->draw(app, state);
			refresh();
			return;
		}
		draw_tabs(app);
		draw_title(app);
		top->draw(app, state);
		draw_flash(app);
		draw_status(app);
	}
	refresh();
}

/* ---- messages ---- */

static void vflash(tui_app *app, bool error, const char *fmt, va_list ap)
{
	vsnprintf(app->flash, sizeof app->flash, fmt, ap);
	app->flash_error = error;
}

void tui_flash(tui_app *app, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vflash(app, false, fmt, ap);
	va_end(ap);
}

void tui_flash_error(tui_app *app, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vflash(app, true, fmt, ap);
	va_end(ap);
}

const char *tui_err_why(sspf_err err)
{
	const char *detail = sspf_err_detail();

	/* a bad value: the library's detail names the field and the range */
	return err == SSPF_ERR_INVALID && detail[0] != '\0' ? detail
							    : tui_strerror(err);
}

void tui_flash_err(tui_app *app, sspf_err err, const char *what)
{
	const char *why = tui_err_why(err);

	if (what == NULL)
		what = _("Could not save");
	if (err == SSPF_ERR_NOT_FOUND)
		why = _("It is not there (any more); it may have been "
			"removed.");
	tui_flash_error(app, "%s: %s", what, why);
}

/* ---- keys ---- */

/*
 * Whether the terminal has hung up (closed window, killed terminal
 * emulator or tmux server): reading then ends at once, again and again,
 * and no SIGHUP may come when sspf is not the session's foreground.
 */
static bool terminal_gone(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };

	return poll(&p, 1, 0) == 1 &&
	       (p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

tui_key tui_getkey(tui_app *app)
{
	tui_key k = { TUI_EV_NONE, false, 0 };
	wint_t wc;
	int rc;

	if (app->pending != 0 || tui_signalled) {
		app->pending = TUI_EV_QUIT == app->pending || tui_signalled
				       ? TUI_EV_QUIT
				       : app->pending;
		k.code = app->pending;
		return k;
	}
	timeout(1000);
	rc = get_wch(&wc);
	if (tui_signalled) {
		app->pending = TUI_EV_QUIT;
		k.code = TUI_EV_QUIT;
		return k;
	}
	if (rc == ERR) {
		if (terminal_gone()) {
			app->pending = TUI_EV_QUIT;
			k.code = TUI_EV_QUIT;
			return k;
		}
		if (app->core != NULL && app->idle_minutes > 0 &&
		    time(NULL) - app->last_key >= app->idle_minutes * 60) {
			app->pending = TUI_EV_LOCK;
			k.code = TUI_EV_LOCK;
		}
		return k;
	}
	app->last_key = time(NULL);
	if (rc == KEY_CODE_YES) {
		k.is_fn = true;
		k.code = (int)wc;
		if (k.code == KEY_RESIZE) {
			tui_redraw(app);
		}
		return k;
	}
	k.ch = (wchar_t)wc;
	k.code = (int)wc;
	/* a key while the window is too small does nothing */
	if (app->too_small) {
		k.code = TUI_EV_NONE;
		return k;
	}
	return k;
}

void tui_key_name(int key, char *buf, size_t size)
{
	if (key >= KEY_F(1) && key <= KEY_F(12)) {
		snprintf(buf, size, "F%d", key - KEY_F(0));
		return;
	}
	switch (key) {
	case '\n':
	case KEY_ENTER:
		snprintf(buf, size, "%s", _("Enter"));
		return;
	case TUI_ESC:
		snprintf(buf, size, "Esc");
		return;
	case '\t':
		snprintf(buf, size, "Tab");
		return;
	case ' ':
		snprintf(buf, size, "%s", _("Space"));
		return;
	case KEY_UP:
		snprintf(buf, size, "↑");
		return;
	case KEY_DOWN:
		snprintf(buf, size, "↓");
		return;
	case KEY_LEFT:
		snprintf(buf, size, "←");
		return;
	case KEY_RIGHT:
		snprintf(buf, size, "→");
		return;
	case KEY_PPAGE:
		snprintf(buf, size, "PgUp");
		return;
	case KEY_NPAGE:
		snprintf(buf, size, "PgDn");
		return;
	case KEY_HOME:
		snprintf(buf, size, "Home");
		return;
	case KEY_END:
		snprintf(buf, size, "End");
		return;
	case KEY_DC:
		snprintf(buf, size, "Del");
		return;
	case KEY_BACKSPACE:
		snprintf(buf, size, "Backspace");
		return;
	case KEY_BTAB:
		snprintf(buf, size, "Shift-Tab");
		return;
	default:
		break;
	}
	if (key > 0 && key < 0x20) {
		snprintf(buf, size, "Ctrl-%c", key + '@');
		return;
	}
	if (key > 0 && key < 0x110000) {
		wchar_t w[2] = { (wchar_t)key, L'\0' };
		char *u = tui_utf8(w, 1);

		snprintf(buf, size, "%s", u != NULL ? u : "?");
		free(u);
		return;
	}
	snprintf(buf, size, "?");
}

/* Whether a key of a binding table is a function key (KEY_*). */
static bool is_fn_key(int key)
{
	return key >= KEY_MIN && key <= KEY_MAX;
}

const tui_binding *tui_binding_for(const tui_binding *keys, size_t n,
				   const tui_key *k)
{
	for (size_t i = 0; i < n; i++)
		for (int j = 0; j < 4 && keys[i].keys[j] != 0; j++) {
			int want = keys[i].keys[j];

			/* Enter arrives as \n, \r or KEY_ENTER */
			if (want == '\n' &&
			    (k->is_fn ? k->code == KEY_ENTER
				      : (k->code == '\r' || k->code == '\n')))
				return &keys[i];
			/* KEY_DC (330) is no "Ŋ", KEY_BTAB (353) no "š" */
			if (want == k->code && is_fn_key(want) == k->is_fn)
				return &keys[i];
		}
	return NULL;
}
