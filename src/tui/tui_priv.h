/*
 * tui_priv.h - what app.c, frame.c and help.c share and no screen needs:
 * the global key table, the tabs, the signal flag.
 */
#ifndef SSPF_TUI_PRIV_H
#define SSPF_TUI_PRIV_H

#include <signal.h>

#include "tui/tui.h"

/* Set by the handler of SIGTERM, SIGHUP and SIGINT. */
extern volatile sig_atomic_t tui_signalled;

/* The top-level screens, keys 1..TUI_TABS. */
#define TUI_TABS 6
extern const tui_screen *const tui_tabs[TUI_TABS];

/* The actions every screen has (app.c). */
enum {
	TUI_G_TAB1 = 2000, /* ... TUI_G_TAB1 + TUI_TABS - 1 */
	TUI_G_HELP = 2100,
	TUI_G_LOCK,
	TUI_G_BACK,
	TUI_G_QUIT,
	TUI_G_REDRAW,
};
extern const tui_binding tui_global_keys[];
extern const size_t tui_global_n;

void tui_colors_init(tui_app *app);

/*
 * Set the locale and the language of the messages: asked ("sv", "en") or
 * NULL for what the environment says (Swedish unless English). Returns
 * "sv" or "en" (static).
 */
const char *tui_language(const char *asked);

#endif
