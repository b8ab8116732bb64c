/*
 * tui.h - what the parts of the ncurses front end share: the application
 * (the open database, the language, the lock), the screens with their
 * tables of named actions and keys, and the widgets (lists, forms, the
 * multi-line editor, dialogs) and text drawing with correct widths.
 *
 * Layout of the terminal (at least TUI_MIN_COLS x TUI_MIN_LINES):
 *   line 0            the tab bar: screens, district, DEMO banner
 *   line 1            the title of the current screen
 *   lines 2..LINES-3  the body (tui_body())
 *   line LINES-2      the message line (tui_flash)
 *   line LINES-1      the status line: the keys that matter here
 *
 * A screen reads everything through the public core API (include/sspf/),
 * never the database itself; the consent gate decides what it may show.
 * Screens keep what they show in their own state, freed (and wiped) in
 * leave(): locking leaves every screen before the keys are wiped.
 *
 * Modal widgets (forms, editor, dialogs) run their own key loop with
 * tui_getkey(); when it returns TUI_EV_LOCK or TUI_EV_QUIT they return
 * TUI_INTERRUPTED at once, and every caller returns to the main loop,
 * which locks or quits. Nothing half-made is ever saved.
 */
#ifndef SSPF_TUI_H
#define SSPF_TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <wchar.h>

#include <curses.h>
#include <libintl.h>

#include <sspf/cases.h>
#include <sspf/core.h>
#include <sspf/meetings.h>
#include <sspf/store.h>

#define _(s) gettext(s)
#define N_(s) (s)

#define TUI_MIN_COLS 80
#define TUI_MIN_LINES 24

/* Colour pairs (attributes only when NO_COLOR is set or no colours). */
enum tui_style {
	TUI_NORMAL = 0,
	TUI_TITLE,    /* tab bar and title line */
	TUI_SELECTED, /* the selected line of a list */
	TUI_OVERDUE,  /* an overdue action, an expired consent */
	TUI_REFUSED,  /* what the consent gate refused */
	TUI_OK,	      /* a valid consent, a saved change */
	TUI_DEMO,     /* the DEMO banner */
	TUI_DIM,      /* hints, empty fields */
	TUI_STYLES_
};

/* Keys beyond ncurses' own, returned by tui_getkey(). */
enum {
	TUI_EV_NONE = -1,     /* nothing: a tick (about once a second) */
	TUI_EV_LOCK = -2,     /* idle too long: lock now */
	TUI_EV_QUIT = -3,     /* SIGTERM, SIGHUP or SIGINT: close and quit */
	TUI_KEY_CTRL = 0x100, /* never a key; see TUI_CTRL */
};
#define TUI_CTRL(c) ((c)&0x1f)
#define TUI_ESC 27

/* A key as tui_getkey() reads it: a character or a KEY_* code. */
typedef struct tui_key {
	int code;   /* KEY_* when is_fn, else the character; TUI_EV_* */
	bool is_fn; /* a function key (KEY_*) */
	wchar_t ch; /* the character when !is_fn */
} tui_key;

/* One named action of a screen and the keys that run it. */
typedef struct tui_binding {
	int action;	  /* the screen's own number, > 0 */
	const char *name; /* N_("Open"): shown in help and the status line */
	int keys[4];	  /* characters or KEY_*; 0 ends early */
	bool status;	  /* shown in the status line */
} tui_binding;

/* What an action or key handler tells the main loop (flags). */
enum {
	TUI_UNHANDLED = 0,
	TUI_HANDLED = 1u << 0,
	TUI_RELOAD = 1u << 1, /* reload the screen's data (reload()) */
	TUI_POP = 1u << 2,    /* leave this screen, back to the one below */
};

/* Results of modal widgets. */
enum tui_result {
	TUI_DONE = 0,	     /* saved / chosen / confirmed */
	TUI_CANCELLED = 1,   /* Esc: nothing changed */
	TUI_INTERRUPTED = 2, /* lock or quit pending: return to the loop */
};

typedef struct tui_app tui_app;

/* A screen: one file each, its bindings in one table. */
typedef struct tui_screen {
	const char *name;	 /* N_("Meetings"), the title */
	const tui_binding *keys; /* its actions, help is made from them */
	size_t n_keys;
	/*
	 * Make the state (*state, owned by the screen) from arg (screen
	 * specific, may be NULL; copied, not kept) and load the data.
	 * Returns SSPF_OK or an error the app shows (the screen is then not
	 * opened and leave() is not called).
	 */
	sspf_err (*enter)(tui_app *app, const void *arg, void **state);
	/* Reload the data after a change, keeping the selection. */
	sspf_err (*reload)(tui_app *app, void *state);
	/* Free (and wipe what came from a case) the state. */
	void (*leave)(tui_app *app, void *state);
	/* Draw the body (tui_body()); called after every key and tick. */
	void (*draw)(tui_app *app, void *state);
	/* Run one of its actions; returns TUI_* flags. */
	unsigned (*act)(tui_app *app, void *state, int action);
	/* A key no binding has (may be NULL): returns TUI_* flags. */
	unsigned (*key)(tui_app *app, void *state, const tui_key *k);
	/*
	 * Whether an action of the table is offered now (may be NULL: all
	 * are): the status line leaves out what would only be refused, e.g.
	 * adding a goal to a case the consent gate closes.
	 */
	bool (*offers)(const void *state, int action);
	/* Draw on the whole terminal instead of the frame (presentation). */
	bool (*fullscreen)(const void *state);
} tui_screen;

/* The top-level screens, reached with the keys 1..7 from anywhere. */
extern const tui_screen tui_overview_screen;
extern const tui_screen tui_meetings_screen;
extern const tui_screen tui_cases_screen;
extern const tui_screen tui_consents_screen;
extern const tui_screen tui_actions_screen;
extern const tui_screen tui_settings_screen;
/* Pushed from those: arg is a const sspf_id * (meeting) or a code. */
extern const tui_screen tui_meeting_screen; /* one meeting: facts, agenda */
extern const tui_screen tui_run_screen;	    /* run a meeting, item by item */
extern const tui_screen tui_case_screen;    /* one case (arg: code) */
extern const tui_screen tui_consent_screen; /* consent work (arg: code) */
extern const tui_screen tui_help_screen;    /* arg: the screen asking */

#define TUI_STACK_MAX 8

struct tui_app {
	/* the open database; NULL while locked */
	sspf_store *st;
	sspf_core *core;
	char *path;	  /* the database file (owned) */
	bool demo;	  /* sspf_store_is_demo */
	char *district;	  /* the setting "district", for the title (owned) */
	const char *lang; /* "sv" or "en" */
	bool color;	  /* colours in use (not NO_COLOR) */
	/* the screen stack; stack[depth-1] is shown */
	struct {
		const tui_screen *scr;
		void *state;
	} stack[TUI_STACK_MAX];
	int depth;
	/* the message line */
	char flash[512];
	bool flash_error;
	/* idle lock */
	long idle_minutes;
	time_t last_key;
	int pending; /* 0, TUI_EV_LOCK or TUI_EV_QUIT */
	bool too_small;
};

/* ---- app.c: the loop, screens, keys ---- */

/* The program: `sspf [--lang sv|en] [FILE]`. Returns the exit status. */
int tui_main(int argc, char **argv);

/*
 * The next key, waiting at most about a second (then TUI_EV_NONE). Keeps
 * the idle time, handles KEY_RESIZE (redraws everything, and below the
 * minimum size shows only "make the window larger" until it grows) and
 * the signals: returns TUI_EV_LOCK when idle too long and TUI_EV_QUIT on
 * SIGTERM/SIGHUP/SIGINT (app->pending is then set; keep returning).
 */
tui_key tui_getkey(tui_app *app);

/*
 * Read again what the app keeps of the settings (the idle time, the
 * district of the title) and whether the database is a demo: at unlock,
 * and after a setting was changed.
 */
void tui_read_settings(tui_app *app);

/* Push screen scr made from arg; false (and a message) if it failed. */
bool tui_push(tui_app *app, const tui_screen *scr, const void *arg);
/* Replace the whole stack by the top-level screen scr. */
void tui_switch(tui_app *app, const tui_screen *scr);
/* Ask the screen below the top one to refresh (after a change). */
void tui_refresh_all(tui_app *app);

/* The binding for key k in table keys (NULL if none). */
const tui_binding *tui_binding_for(const tui_binding *keys, size_t n,
				   const tui_key *k);
/* A key's name for help and the status line ("Enter", "F1", "a"). */
void tui_key_name(int key, char *buf, size_t size);

/* Redraw the whole frame and the current screen (under a modal). */
void tui_redraw(tui_app *app);

/* The body rectangle of the frame. */
typedef struct tui_rect {
	int y, x, h, w;
} tui_rect;
tui_rect tui_body(void);

/* A message on the message line until the next key; printf-style. */
void tui_flash(tui_app *app, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void tui_flash_error(tui_app *app, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * Tell a failed library call: the translated sentence of err and its
 * detail, after what (may be NULL: "Could not save").
 */
void tui_flash_err(tui_app *app, sspf_err err, const char *what);
/* The translated sentence of a library error code. */
const char *tui_strerror(sspf_err err);
/*
 * Why the last library call on this thread failed with err, in words: the
 * library's detail for a bad value (it names the field and the range),
 * else tui_strerror(err). Valid until the next library call.
 */
const char *tui_err_why(sspf_err err);
/* The reason of a verdict as a translated sentence into buf. */
void tui_verdict_text(const sspf_verdict *v, char *buf, size_t size);

/* Attribute of a style (colour pair or bold/reverse without colour). */
int tui_attr(const tui_app *app, enum tui_style s);

/* ---- text.c: UTF-8 on screen ---- */

/*
 * Columns the UTF-8 text s needs (wcwidth; invalid bytes count as one
 * U+FFFD; control characters as one).
 */
int tui_width(const char *s);
/*
 * Draw UTF-8 s at y, x in at most w columns (cut at a character, never in
 * the middle of a double-width one), padding with spaces to w when pad.
 * Returns the columns drawn. Invalid bytes are drawn as U+FFFD.
 */
int tui_draw(int y, int x, int w, const char *s, bool pad);
/* tui_draw() in attribute attr. */
int tui_draw_attr(int y, int x, int w, const char *s, bool pad, int attr);
/*
 * Draw s wrapped at word boundaries into the rectangle r, starting with
 * wrapped line skip. Returns the number of wrapped lines the whole text
 * needs (for scrolling).
 */
int tui_draw_wrapped(tui_rect r, const char *s, int skip, int attr);
/* Convert UTF-8 to a malloc'ed wide string (invalid: U+FFFD). */
wchar_t *tui_wide(const char *s, size_t *len);
/* Convert a wide string to malloc'ed UTF-8. */
char *tui_utf8(const wchar_t *w, size_t len);
/* Wipe and free text that came from a case (NULL is fine). */
void tui_free_text(char *s);

/* ---- list.c: a scrolling selection ---- */

typedef struct tui_list {
	int n;	 /* lines */
	int sel; /* selected, 0..n-1 (0 when empty) */
	int top; /* first one shown */
} tui_list;

/* The common list actions; screens put TUI_LIST_BINDINGS in their table. */
enum {
	TUI_ACT_UP = 1000,
	TUI_ACT_DOWN,
	TUI_ACT_PGUP,
	TUI_ACT_PGDN,
	TUI_ACT_HOME,
	TUI_ACT_END,
};
#define TUI_LIST_BINDINGS                                                \
	{ TUI_ACT_UP, N_("Up"), { KEY_UP, 'k' }, false },                \
		{ TUI_ACT_DOWN, N_("Down"), { KEY_DOWN, 'j' }, false },  \
		{ TUI_ACT_PGUP, N_("Page up"), { KEY_PPAGE }, false },   \
		{ TUI_ACT_PGDN, N_("Page down"), { KEY_NPAGE }, false }, \
		{ TUI_ACT_HOME, N_("First"), { KEY_HOME, 'g' }, false }, \
	{                                                                \
		TUI_ACT_END, N_("Last"), { KEY_END, 'G' }, false         \
	}

/* Move the selection for a TUI_ACT_* list action; true if it was one. */
bool tui_list_act(tui_list *l, int action, int height);
/* Set the number of lines, keeping the selection within range. */
void tui_list_set(tui_list *l, int n);
/* Scroll so that sel is visible in height lines. */
void tui_list_scroll(tui_list *l, int height);

/* ---- form.c: a modal form of fields ---- */

typedef enum tui_field_type {
	TUI_FIELD_TEXT = 0, /* one line */
	TUI_FIELD_DATE,	    /* YYYY-MM-DD */
	TUI_FIELD_TIME,	    /* HH:MM */
	TUI_FIELD_INT,
	TUI_FIELD_CHOICE, /* one of choices[]; Left/Right or Space */
	TUI_FIELD_ACTORS, /* actor bits: s o p f a (the Swedish initials) toggle
			     one, Left/Right move, Space toggles the one there */
	TUI_FIELD_BOOL,	  /* Space toggles */
	TUI_FIELD_GUARDIANS, /* bits of up to SSPF_MAX_GUARDIANS names */
} tui_field_type;

typedef struct tui_field {
	const char *label; /* translated */
	tui_field_type type;
	char *text; /* TEXT/DATE/TIME/INT: malloc'ed UTF-8 in and out */
	size_t max; /* longest text in bytes (0: SSPF_TEXT_MAX) */
	int choice; /* CHOICE: the index; BOOL: 0/1 */
	const char *const *choices; /* CHOICE: translated, NULL-terminated;
				       GUARDIANS: the names */
	unsigned bits;		    /* ACTORS / GUARDIANS */
	unsigned allowed;	    /* ACTORS: which may be chosen (0: all) */
	const char *hint;	    /* translated, may be NULL */
	bool secret;		    /* draw '*' (for passphrases) */
} tui_field;

/*
 * Called on save (Enter on the last field, or F2/Ctrl-S): do the change
 * with the core. Returns NULL when done, or a translated message telling
 * what is wrong; *focus (preset to -1) may name the field to go to. The
 * form stays open with everything typed kept.
 */
typedef const char *(*tui_form_save)(tui_app *app, void *ctx, tui_field *fields,
				     size_t n, int *focus);

/*
 * Run a modal form over the current screen. Tab/Down next field,
 * Shift-Tab/Up previous, Enter next or save on the last, F2/Ctrl-S save,
 * Esc cancel. Returns TUI_DONE after save() returned NULL, TUI_CANCELLED,
 * or TUI_INTERRUPTED.
 */
enum tui_result tui_form(tui_app *app, const char *title, tui_field *fields,
			 size_t n, tui_form_save save, void *ctx);
/* Free the texts of fields (wiped). */
void tui_fields_free(tui_field *fields, size_t n);
/* Set a field's text to a copy of s (or ""); false if out of memory. */
bool tui_field_set(tui_field *f, const char *s);

/* ---- editor.c: multi-line text ---- */

/*
 * Edit *text (malloc'ed UTF-8, replaced on TUI_DONE) of at most max bytes
 * in a window over the body; lines wrap; Enter makes a new line; F2 or
 * Ctrl-S saves, Esc cancels. When the screens lock after the idle time,
 * what was typed is handed back with TUI_DONE (app->pending is then
 * TUI_EV_LOCK), so that the caller saves it before the lock: a
 * coordinator listening for a while loses nothing. On TUI_INTERRUPTED (a
 * signal: quit) *text is left as it was and the typed text is wiped.
 */
enum tui_result tui_editor(tui_app *app, const char *title, char **text,
			   size_t max);

/* ---- dialog.c ---- */

/* A message in a box until a key; returns TUI_DONE or TUI_INTERRUPTED. */
enum tui_result tui_message(tui_app *app, const char *title, const char *text);
/* A yes/no question (j/y yes, n/Esc no); TUI_DONE means yes. */
enum tui_result tui_confirm(tui_app *app, const char *question);
/*
 * One line of input on the message line after prompt (e.g. the "/" of a
 * search). *text malloc'ed in and out. Enter TUI_DONE, Esc TUI_CANCELLED.
 */
enum tui_result tui_prompt(tui_app *app, const char *prompt, char **text,
			   size_t max);
/* Choose one of n translated items in a box; *choice in and out. */
enum tui_result tui_choose(tui_app *app, const char *title,
			   const char *const *items, int n, int *choice);

/* ---- words.c: words and formats the screens share ---- */

/* The translated name of actor bit a ("skola" / "school"). */
const char *tui_actor_name(unsigned a);
/* Actor bits as "skola, polis" into buf. */
void tui_actors_text(unsigned bits, char *buf, size_t size);
/* Translated meeting kind, action status, consent state. */
const char *tui_kind_name(sspf_meeting_kind k);
const char *tui_status_name(sspf_action_status s);
const char *tui_state_name(sspf_consent_state s);
/* Date as YYYY-MM-DD into buf; "" for 0. */
void tui_date_text(sspf_date d, char buf[SSPF_DATE_TEXT]);
/* Whether a form's text is empty or only spaces (NULL is empty). */
bool tui_blank(const char *s);
/* Parse a form's date field ("" gives 0 when optional). */
bool tui_parse_date(const char *s, bool optional, sspf_date *out);
/* A typed file name: "~/x" as $HOME/x, else a copy of p; malloc'ed (the
   caller frees it), NULL if out of memory. */
char *tui_expand_home(const char *p);

/* ---- unlock.c ---- */

/*
 * Ask the passphrase (or the recovery key) and open app->path into
 * app->st and app->core; create a new database when the file is missing
 * and the user agrees. Returns TUI_DONE (open), TUI_CANCELLED (the user
 * quits) or TUI_INTERRUPTED (a signal).
 */
enum tui_result tui_unlock(tui_app *app);

#endif
