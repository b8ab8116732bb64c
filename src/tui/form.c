/*
 * form.c - the modal form: a centred box of labelled fields edited in
 * place (one-line text, dates, times, numbers, choices, yes/no, the
 * actors of a consent, the guardians who signed), saved through the
 * caller's save function, which may send the user back to a field. The
 * edit buffer may hold a child's data: it is wiped whenever it is let go.
 * This file has the keys; form_draw.c draws the form.
 */
#include <stdio.h>
#include <string.h>
#include <wctype.h>

#include <sodium.h>

#include "tui/widget.h"

#define ACTOR_KEYS "sopfa" /* skola, socialtjänst (omsorg), polis, ... */

typedef tui_form_state form;

bool tui_field_is_text(const tui_field *f)
{
	return f->type == TUI_FIELD_TEXT || f->type == TUI_FIELD_DATE ||
	       f->type == TUI_FIELD_TIME || f->type == TUI_FIELD_INT;
}

int tui_field_items(const tui_field *f, const char **names)
{
	int n = 0;

	if (f->type == TUI_FIELD_ACTORS) {
		for (; n < 5; n++)
			names[n] = tui_actor_name(1u << n);
	} else if (f->type == TUI_FIELD_GUARDIANS && f->choices != NULL) {
		for (; n < TUI_FORM_ITEMS && f->choices[n] != NULL; n++)
			names[n] = f->choices[n];
	}
	return n;
}

static void focus_load(form *fm)
{
	tui_field *f = &fm->f[fm->focus];

	tui_line_drop(&fm->ed);
	if (tui_field_is_text(f) &&
	    !tui_line_load(&fm->ed, f->text, f->max ? f->max : SSPF_TEXT_MAX))
		snprintf(fm->msg, sizeof fm->msg, "%s", _("Out of memory."));
}

/* Put what was typed into the field's text; false if out of memory. */
static bool focus_commit(form *fm)
{
	tui_field *f = &fm->f[fm->focus];
	char *s;

	if (fm->ed.buf == NULL)
		return true;
	if ((s = tui_line_text(&fm->ed)) == NULL) {
		snprintf(fm->msg, sizeof fm->msg, "%s", _("Out of memory."));
		return false;
	}
	tui_free_text(f->text);
	f->text = s;
	return true;
}

/* ---- editing a field ---- */

static void toggle(tui_field *f, int i)
{
	unsigned bit = 1u << i;

	if (f->type == TUI_FIELD_ACTORS && f->allowed != 0 &&
	    (f->allowed & bit) == 0 && (f->bits & bit) == 0) {
		beep();
		return;
	}
	f->bits ^= bit;
}

static void edit_boxes(form *fm, const tui_key *k)
{
	tui_field *f = &fm->f[fm->focus];
	const char *names[TUI_FORM_ITEMS];
	const char *key;
	int n = tui_field_items(f, names);

	if (n == 0)
		return;
	if (k->is_fn && k->code == KEY_LEFT) {
		fm->sub -= fm->sub > 0;
	} else if (k->is_fn && k->code == KEY_RIGHT) {
		fm->sub += fm->sub < n - 1;
	} else if (!k->is_fn && k->ch == ' ') {
		toggle(f, fm->sub);
	} else if (!k->is_fn && f->type == TUI_FIELD_GUARDIANS &&
		   k->ch >= '1' && k->ch < '1' + (n < 9 ? n : 9)) {
		fm->sub = (int)(k->ch - '1');
		toggle(f, fm->sub);
	} else if (!k->is_fn && f->type == TUI_FIELD_ACTORS && k->ch < 0x80 &&
		   k->ch != 0 &&
		   (key = strchr(ACTOR_KEYS, towlower((wint_t)k->ch))) !=
			   NULL) {
		fm->sub = (int)(key - ACTOR_KEYS);
		toggle(f, fm->sub);
	}
}

static void edit_field(form *fm, const tui_key *k)
{
	tui_field *f = &fm->f[fm->focus];
	int n = 0;

	if (tui_field_is_text(f)) {
		static const char *const only[] = {
			[TUI_FIELD_DATE] = "0123456789-",
			[TUI_FIELD_TIME] = "0123456789:",
			[TUI_FIELD_INT] = "0123456789-",
		};

		if (fm->ed.buf == NULL ||
		    !tui_line_key(&fm->ed, k, only[f->type]))
			beep();
		return;
	}
	if (f->type == TUI_FIELD_ACTORS || f->type == TUI_FIELD_GUARDIANS) {
		edit_boxes(fm, k);
		return;
	}
	if (f->type == TUI_FIELD_BOOL && !k->is_fn && k->ch == ' ') {
		f->choice = !f->choice;
		return;
	}
	while (f->type == TUI_FIELD_CHOICE && f->choices != NULL &&
	       f->choices[n] != NULL)
		n++;
	if (n == 0)
		return;
	if (k->is_fn && k->code == KEY_LEFT)
		f->choice = (f->choice + n - 1) % n;
	else if ((k->is_fn && k->code == KEY_RIGHT) ||
		 (!k->is_fn && k->ch == ' '))
		f->choice = (f->choice + 1) % n;
	if (f->choice < 0 || f->choice >= n)
		f->choice = 0;
}

/* ---- keys ---- */

/* Move to field to, keeping what was typed; false if out of memory. */
static bool go(form *fm, int to)
{
	if (to < 0 || to >= fm->n || to == fm->focus)
		return true;
	if (!focus_commit(fm))
		return false;
	fm->focus = to;
	fm->sub = 0;
	focus_load(fm);
	return true;
}

/* Save through save(); true when done. */
static bool save_form(form *fm, tui_form_save save, void *ctx)
{
	const char *m;
	int focus = -1;

	if (!focus_commit(fm))
		return false;
	curs_set(0);
	fm->msg[0] = '\0';
	m = save != NULL ? save(fm->app, ctx, fm->f, (size_t)fm->n, &focus)
			 : NULL;
	fm->full = true;
	if (m == NULL)
		return true;
	snprintf(fm->msg, sizeof fm->msg, "%s", m);
	if (focus >= 0 && focus < fm->n) {
		fm->focus = focus;
		fm->sub = 0;
	}
	focus_load(fm); /* save() may have changed the texts */
	return false;
}

enum tui_result tui_form(tui_app *app, const char *title, tui_field *fields,
			 size_t n, tui_form_save save, void *ctx)
{
	form fm = { .app = app, .title = title, .f = fields, .n = (int)n };
	enum tui_result r;

	if (n == 0 || n > 1000)
		return TUI_CANCELLED;
	focus_load(&fm);
	for (;;) {
		tui_key k;

		tui_form_draw(&fm);
		k = tui_getkey(app);
		if (k.code == TUI_EV_LOCK || k.code == TUI_EV_QUIT) {
			r = TUI_INTERRUPTED;
			break;
		}
		if (k.code == TUI_EV_NONE || app->too_small ||
		    (k.is_fn && k.code == KEY_RESIZE))
			continue;
		if (!k.is_fn && k.ch == TUI_ESC) {
			r = TUI_CANCELLED;
			break;
		}
		if ((k.is_fn && k.code == KEY_F(2)) ||
		    (!k.is_fn && k.ch == TUI_CTRL('s')) ||
		    (tui_is_enter(&k) && fm.focus == fm.n - 1)) {
			if (save_form(&fm, save, ctx)) {
				r = TUI_DONE;
				break;
			}
			if (app->pending != 0) {
				r = TUI_INTERRUPTED;
				break;
			}
		} else if (tui_is_enter(&k) ||
			   (k.is_fn && k.code == KEY_DOWN)) {
			go(&fm, fm.focus + 1);
		} else if (!k.is_fn && k.ch == '\t') {
			go(&fm, (fm.focus + 1) % fm.n);
		} else if (k.is_fn && k.code == KEY_UP) {
			go(&fm, fm.focus - 1);
		} else if (k.is_fn && k.code == KEY_BTAB) {
			go(&fm, (fm.focus + fm.n - 1) % fm.n);
		} else {
			edit_field(&fm, &k);
		}
	}
	focus_commit(&fm); /* the fields hold what was on the screen */
	tui_line_drop(&fm.ed);
	sodium_memzero(fm.msg, sizeof fm.msg);
	curs_set(0);
	return r;
}

void tui_fields_free(tui_field *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		tui_free_text(fields[i].text);
		fields[i].text = NULL;
	}
}

bool tui_field_set(tui_field *f, const char *s)
{
	char *copy = strdup(s != NULL ? s : "");

	if (copy == NULL)
		return false;
	tui_free_text(f->text);
	f->text = copy;
	return true;
}
