/*
 * scr_settings.h - what the two files of the settings screen share:
 * scr_settings.c (the list of settings, changing one, putting one back to
 * its default, the keys) and scr_settings_tools.c (the two tools the
 * coordinator needs without leaving the program: b makes an encrypted
 * backup copy, g runs retention, gallring). Not for other screens.
 *
 * Neither function returns a pointer or keeps app: what they allocate
 * they free before returning.
 */
#ifndef SSPF_SCR_SETTINGS_H
#define SSPF_SCR_SETTINGS_H

#include "tui/tui.h"

/*
 * Ask where to put a backup of the open database (the default is next to
 * it, named by today's date), ask before replacing a file, refuse the
 * database itself, and make the encrypted copy. Returns TUI_* flags.
 */
unsigned set_backup(tui_app *app);

/*
 * Show what retention would delete now, and after the user agreed twice
 * delete it and tell what was deleted. Returns TUI_* flags (TUI_RELOAD
 * once something may have been deleted).
 */
unsigned set_purge(tui_app *app);

#endif
