/*
 * widget.h - what the modal widgets (form.c, form_draw.c, editor.c,
 * dialog.c) share and no screen needs: the one-line editor of form fields
 * and prompts, the box they are drawn in (line.c), and the state of a form
 * shared by its keys (form.c) and its drawing (form_draw.c).
 */
#ifndef SSPF_TUI_WIDGET_H
#define SSPF_TUI_WIDGET_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "tui/tui.h"

/* ---- line.c ---- */

/*
 * A one-line editor over a wide buffer of cap characters: enough for max
 * bytes of UTF-8, so it never grows (a realloc would leave copies behind).
 * len characters, bytes of them as UTF-8; cur the cursor, left the first
 * character shown. All zero (buf NULL) is an empty, unloaded line.
 */
typedef struct tui_line {
	wchar_t *buf;
	size_t cap, len, cur, left, bytes, max;
} tui_line;

/* Start editing UTF-8 text (NULL: empty); false if out of memory. */
bool tui_line_load(tui_line *l, const char *text, size_t max);
/* Wipe and free the buffer; l is then all zero. */
void tui_line_drop(tui_line *l);
/* What was typed, as malloc'ed UTF-8 (tui_free_text); NULL: no memory. */
char *tui_line_text(const tui_line *l);
/*
 * Edit by key k: Left, Right, Home, End, Backspace, Delete, and printable
 * characters (only those in the ASCII set only, when not NULL; a beep
 * when the line is full). False if k is not an editing key.
 */
bool tui_line_key(tui_line *l, const tui_key *k, const char *only);
/*
 * Draw in w columns at y, x (padded in attr), scrolled so that the cursor
 * shows; '*' for each character when secret. Returns the cursor's column.
 */
int tui_line_draw(tui_line *l, int y, int x, int w, bool secret, int attr);

/* A cleared box with a border over r, title (may be NULL) in the top. */
void tui_box(const tui_app *app, tui_rect r, const char *title);

/* Enter, Return or the keypad's Enter. */
bool tui_is_enter(const tui_key *k);
/* The UTF-8 bytes of c as tui_utf8() writes it. */
size_t tui_u8len(wchar_t c);
/* The columns of c as text.c draws it (controls and unknowns as one). */
int tui_wcols(wchar_t c);

/* ---- form.c, form_draw.c ---- */

#define TUI_FORM_ITEMS 32 /* checkboxes in one field: bits of an unsigned */

typedef struct tui_form_state {
	tui_app *app;
	const char *title;
	tui_field *f;
	int n, focus, top, sub; /* sub: the checkbox under the cursor */
	tui_line ed;		/* the focused text field; buf NULL if none */
	char msg[512];		/* what save() said is wrong */
	bool full;		/* redraw the frame before the box */
	tui_rect box;		/* where the box was drawn last */
	int lw, vx, vw, rows;	/* label width, value column and width */
} tui_form_state;

/* A field edited as a line of text (TEXT, DATE, TIME, INT). */
bool tui_field_is_text(const tui_field *f);
/* The names of the checkboxes of f (ACTORS, GUARDIANS); their count. */
int tui_field_items(const tui_field *f, const char **names);
/* Draw the form over the screen (form_draw.c). */
void tui_form_draw(tui_form_state *fm);

#endif
