/*
 * scr_settings.c - the settings of the database (municipality, the
 * coordinator, the consent and retention rules, the idle lock, ...), each
 * with a translated label, its value, "(default)" when not set and the
 * allowed range; Enter changes one, r puts it back to its default. Also
 * the two things the coordinator needs without leaving the program (a
 * second sspf cannot open the database while the screens have it open):
 * b makes an encrypted backup copy, g runs retention (gallring); those
 * two are in scr_settings_tools.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sspf/settings.h>

#include "tui/scr_settings.h"

#define FOOT_ROWS 6 /* under the list: a gap, the help, a gap, file, hint */

/* What the screen says about a setting; the library has the rules. */
typedef struct set_text {
	const char *key;
	const char *label; /* N_() */
	const char *help;  /* N_(): one sentence */
} set_text;

static const set_text set_texts[] = {
	{ "municipality", N_("Municipality"),
	  N_("The municipality the SSPF work is done in.") },
	{ "district", N_("District"),
	  N_("The district this coordinator works in; it is shown at the top "
	     "right of the screen.") },
	{ "coordinator.name", N_("Coordinator's name"),
	  N_("The coordinator's full name.") },
	{ "coordinator.phone", N_("Coordinator's phone"),
	  N_("The coordinator's work phone number.") },
	{ "coordinator.email", N_("Coordinator's e-mail"),
	  N_("The coordinator's work e-mail address, such as "
	     "name@example.se.") },
	{ "consent.youth_age", N_("Age from which the youth signs too"),
	  N_("From this age the young person signs the consent too, not only "
	     "the guardians.") },
	{ "consent.validity_months", N_("How long a consent is valid"),
	  N_("A newly signed consent is valid this long unless another end "
	     "date is written on it.") },
	{ "retention.case_months", N_("Keep case data after it ends"),
	  N_("Case data is deleted this long after the case was closed or "
	     "its consent ended.") },
	{ "retention.log_years", N_("Keep the audit log"),
	  N_("How long the entries of the audit log are kept.") },
	{ "lock.idle_minutes", N_("Lock after this long unused"),
	  N_("The database is locked after this long without a key being "
	     "pressed.") },
	{ "stats.threshold", N_("Smallest count in statistics"),
	  N_("Counts smaller than this are hidden in the statistics export.") },
};

typedef struct set_row {
	const sspf_setting_def *def;
	char *value; /* as stored, or the default */
	bool is_set;
	sspf_err err;
} set_row;

typedef struct set_state {
	set_row *rows;
	int n;
	tui_list list;
} set_state;

enum {
	SET_EDIT = 1,
	SET_RESET,
	SET_BACKUP,
	SET_PURGE,
};

static const tui_binding set_keys[] = {
	{ SET_EDIT, N_("Change"), { '\n' }, true },
	{ SET_RESET, N_("Back to the default"), { 'r' }, false },
	{ SET_BACKUP, N_("Back up"), { 'b' }, true },
	{ SET_PURGE, N_("Retention"), { 'g' }, true },
	/* TUI_LIST_BINDINGS without g, which is retention here */
	{ TUI_ACT_UP, N_("Up"), { KEY_UP, 'k' }, false },
	{ TUI_ACT_DOWN, N_("Down"), { KEY_DOWN, 'j' }, false },
	{ TUI_ACT_PGUP, N_("Page up"), { KEY_PPAGE }, false },
	{ TUI_ACT_PGDN, N_("Page down"), { KEY_NPAGE }, false },
	{ TUI_ACT_HOME, N_("First"), { KEY_HOME }, false },
	{ TUI_ACT_END, N_("Last"), { KEY_END, 'G' }, false },
};

static const set_text *text_of(const sspf_setting_def *d)
{
	for (size_t i = 0; i < sizeof set_texts / sizeof set_texts[0]; i++)
		if (strcmp(set_texts[i].key, d->key) == 0)
			return &set_texts[i];
	return NULL;
}

static const char *label_of(const sspf_setting_def *d)
{
	const set_text *t = text_of(d);

	return t != NULL ? _(t->label) : d->key;
}

/* The units the library names, as whole phrases for the catalogue. */
enum set_unit { UNIT_NONE, UNIT_YEARS, UNIT_MONTHS, UNIT_MINUTES };

static enum set_unit unit_of(const sspf_setting_def *d)
{
	if (strcmp(d->unit, "years") == 0)
		return UNIT_YEARS;
	if (strcmp(d->unit, "months") == 0)
		return UNIT_MONTHS;
	if (strcmp(d->unit, "minutes") == 0)
		return UNIT_MINUTES;
	return UNIT_NONE;
}

/* "12–18 years" for an integer, "" for text. */
static void range_text(const sspf_setting_def *d, char *buf, size_t size)
{
	long lo = d->min, hi = d->max;

	buf[0] = '\0';
	if (d->type != SSPF_SETTING_INT)
		return;
	switch (unit_of(d)) {
	case UNIT_YEARS:
		snprintf(buf, size, _("%ld–%ld years"), lo, hi);
		break;
	case UNIT_MONTHS:
		snprintf(buf, size, _("%ld–%ld months"), lo, hi);
		break;
	case UNIT_MINUTES:
		snprintf(buf, size, _("%ld–%ld minutes"), lo, hi);
		break;
	default:
		snprintf(buf, size, _("%ld–%ld"), lo, hi);
		break;
	}
}

/* The label of a number's field: what it counts. */
static const char *unit_label(const sspf_setting_def *d)
{
	switch (unit_of(d)) {
	case UNIT_YEARS:
		return _("Years");
	case UNIT_MONTHS:
		return _("Months");
	case UNIT_MINUTES:
		return _("Number of minutes");
	default:
		return _("Number");
	}
}

/* What is wrong with a number for d, naming the allowed range. */
static void wrong_number(const sspf_setting_def *d, char *buf, size_t size)
{
	long lo = d->min, hi = d->max;

	switch (unit_of(d)) {
	case UNIT_YEARS:
		snprintf(buf, size,
			 _("Enter a whole number of years from %ld to %ld."),
			 lo, hi);
		break;
	case UNIT_MONTHS:
		snprintf(buf, size,
			 _("Enter a whole number of months from %ld to %ld."),
			 lo, hi);
		break;
	case UNIT_MINUTES:
		snprintf(buf, size,
			 _("Enter a whole number of minutes from %ld to %ld."),
			 lo, hi);
		break;
	default:
		snprintf(buf, size, _("Enter a whole number from %ld to %ld."),
			 lo, hi);
		break;
	}
}

/* ---- loading ---- */

static void rows_free(set_state *st)
{
	for (int i = 0; i < st->n; i++)
		free(st->rows[i].value);
	free(st->rows);
	st->rows = NULL;
	st->n = 0;
}

static sspf_err load(tui_app *app, set_state *st)
{
	size_t n = sspf_setting_count();

	rows_free(st);
	st->rows = calloc(n > 0 ? n : 1, sizeof *st->rows);
	if (st->rows == NULL)
		return SSPF_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		set_row *r = &st->rows[st->n];

		r->def = sspf_setting_at(i);
		if (r->def == NULL)
			continue;
		r->err = sspf_setting_lookup(app->st, r->def->key, &r->value,
					     &r->is_set);
		st->n++;
	}
	tui_list_set(&st->list, st->n);
	return SSPF_OK;
}

static sspf_err set_enter(tui_app *app, const void *arg, void **state)
{
	set_state *st = calloc(1, sizeof *st);
	sspf_err e;

	(void)arg;
	if (st == NULL)
		return SSPF_ERR_NOMEM;
	if ((e = load(app, st)) != SSPF_OK) {
		free(st);
		return e;
	}
	*state = st;
	return SSPF_OK;
}

static sspf_err set_reload(tui_app *app, void *state)
{
	return load(app, state);
}

static void set_leave(tui_app *app, void *state)
{
	(void)app;
	rows_free(state);
	free(state);
}

/* ---- drawing ---- */

static void draw_row(tui_app *app, const set_row *r, int y, int w, int lw,
		     int rw, bool selected)
{
	int base = selected ? tui_attr(app, TUI_SELECTED) : (int)A_NORMAL;
	int dim = selected ? base : tui_attr(app, TUI_DIM);
	int x = 2 + lw + 2, vw = w - x - rw - 2;
	char range[64];

	tui_draw_attr(y, 0, w, "", true, base);
	tui_draw_attr(y, 2, lw, label_of(r->def), false, base);
	if (r->err != SSPF_OK) {
		tui_draw_attr(y, x, w - x - 1, tui_strerror(r->err), false,
			      selected ? base : tui_attr(app, TUI_OVERDUE));
		return;
	}
	if (r->value != NULL && r->value[0] != '\0')
		x += tui_draw_attr(y, x, vw, r->value, false, base) + 1;
	if (!r->is_set && x < 2 + lw + 2 + vw)
		tui_draw_attr(y, x, 2 + lw + 2 + vw - x, _("(default)"), false,
			      dim);
	range_text(r->def, range, sizeof range);
	tui_draw_attr(y, w - rw - 1, rw, range, false, dim);
}

static void set_draw(tui_app *app, void *state)
{
	set_state *st = state;
	tui_rect r = tui_body();
	int lw = r.w >= 120 ? 44 : 34, rw = r.w >= 120 ? 20 : 16;
	int h = r.h - FOOT_ROWS, y;
	const set_text *t;

	if (h < 3)
		h = r.h;
	tui_list_set(&st->list, st->n);
	tui_list_scroll(&st->list, h);
	for (int row = 0; row < h && st->list.top + row < st->n; row++) {
		int i = st->list.top + row;

		draw_row(app, &st->rows[i], r.y + row, r.w, lw, rw,
			 i == st->list.sel);
	}
	if (h == r.h || st->n == 0)
		return;
	/* under the list: what the selected one means, and the file */
	y = r.y + (st->n - st->list.top < h ? st->n - st->list.top : h) + 1;
	t = text_of(st->rows[st->list.sel].def);
	tui_draw_wrapped((tui_rect){ y, 2, 2, r.w - 4 },
			 t != NULL ? _(t->help)
				   : st->rows[st->list.sel].def->description,
			 0, A_NORMAL);
	{
		char buf[1200];

		snprintf(buf, sizeof buf, _("Database: %s"),
			 app->path != NULL ? app->path : "");
		tui_draw_attr(y + 3, 2, r.w - 4, buf, false,
			      tui_attr(app, TUI_DIM));
		tui_draw_attr(y + 4, 2, r.w - 4,
			      _("r puts the selected setting back to its "
				"default."),
			      false, tui_attr(app, TUI_DIM));
	}
}

/* ---- changing ---- */

typedef struct edit_ctx {
	const sspf_setting_def *def;
	char msg[512];
} edit_ctx;

/* Spaces at both ends of s removed, in place. */
static void trim(char *s)
{
	size_t n = strlen(s), b = 0;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	while (s[b] == ' ' || s[b] == '\t')
		b++;
	memmove(s, s + b, n - b + 1);
}

/* Why value is not allowed for d, in plain words. */
static const char *problem(edit_ctx *c, const char *value)
{
	const sspf_setting_def *d = c->def;

	if (d->type == SSPF_SETTING_INT) {
		wrong_number(d, c->msg, sizeof c->msg);
	} else if (strlen(value) > SSPF_SETTING_TEXT_MAX) {
		snprintf(c->msg, sizeof c->msg,
			 _("The text is too long: at most %u characters "
			   "(letters like å, ä and ö count as two)."),
			 SSPF_SETTING_TEXT_MAX);
	} else if (strcmp(d->key, "coordinator.email") == 0) {
		snprintf(c->msg, sizeof c->msg, "%s",
			 _("Enter an e-mail address such as name@example.se "
			   "(one @, no spaces), or leave it empty."));
	} else {
		snprintf(c->msg, sizeof c->msg, "%s",
			 _("The text must not contain tabs or other control "
			   "characters."));
	}
	return c->msg;
}

static const char *save_setting(tui_app *app, void *ctx, tui_field *fields,
				size_t n, int *focus)
{
	edit_ctx *c = ctx;
	const char *value;
	sspf_err e;

	(void)n;
	if (fields[0].text == NULL && !tui_field_set(&fields[0], ""))
		return _("Out of memory.");
	trim(fields[0].text);
	value = fields[0].text;
	*focus = 0;
	if (sspf_setting_check(c->def->key, value) != SSPF_OK)
		return problem(c, value);
	e = sspf_setting_set(app->st, c->def->key, value);
	if (e != SSPF_OK) {
		snprintf(c->msg, sizeof c->msg, "%s: %s", _("Could not save"),
			 tui_strerror(e));
		return c->msg;
	}
	tui_read_settings(app);
	return NULL;
}

static unsigned edit(tui_app *app, set_state *st)
{
	const set_row *r;
	tui_field f;
	edit_ctx c;
	char hint[160], range[64];
	enum tui_result res;

	if (st->n == 0)
		return TUI_HANDLED;
	r = &st->rows[st->list.sel];
	memset(&f, 0, sizeof f);
	memset(&c, 0, sizeof c);
	c.def = r->def;
	f.label = label_of(r->def);
	if (r->def->type == SSPF_SETTING_INT) {
		f.type = TUI_FIELD_INT;
		f.label = unit_label(r->def);
		f.max = 20;
		range_text(r->def, range, sizeof range);
		snprintf(hint, sizeof hint, _("Allowed: %s. Default: %s."),
			 range, r->def->def);
		f.hint = hint;
	} else {
		f.type = TUI_FIELD_TEXT;
		f.max = SSPF_SETTING_TEXT_MAX;
		f.hint = _("Leave it empty if it is not used.");
	}
	if (!tui_field_set(&f, r->value != NULL ? r->value : "")) {
		tui_flash_error(app, "%s", _("Out of memory."));
		return TUI_HANDLED;
	}
	res = tui_form(app, label_of(r->def), &f, 1, save_setting, &c);
	tui_fields_free(&f, 1);
	if (res != TUI_DONE)
		return TUI_HANDLED;
	tui_flash(app, "%s", _("Saved."));
	return TUI_HANDLED | TUI_RELOAD;
}

static unsigned reset(tui_app *app, set_state *st)
{
	const set_row *r;
	char q[512];
	sspf_err e;

	if (st->n == 0)
		return TUI_HANDLED;
	r = &st->rows[st->list.sel];
	if (!r->is_set) {
		tui_flash(app, "%s", _("It has its default value already."));
		return TUI_HANDLED;
	}
	if (r->def->def[0] != '\0')
		snprintf(q, sizeof q, _("Set \"%s\" back to its default, %s?"),
			 label_of(r->def), r->def->def);
	else
		snprintf(q, sizeof q,
			 _("Set \"%s\" back to its default (empty)?"),
			 label_of(r->def));
	if (tui_confirm(app, q) != TUI_DONE)
		return TUI_HANDLED;
	e = sspf_setting_reset(app->st, r->def->key);
	if (e != SSPF_OK) {
		tui_flash_err(app, e, _("Could not save"));
		return TUI_HANDLED;
	}
	tui_read_settings(app);
	tui_flash(app, "%s", _("Saved: back to the default."));
	return TUI_HANDLED | TUI_RELOAD;
}

static unsigned set_act(tui_app *app, void *state, int action)
{
	set_state *st = state;
	int h = tui_body().h - FOOT_ROWS;

	if (tui_list_act(&st->list, action, h < 3 ? tui_body().h : h))
		return TUI_HANDLED;
	switch (action) {
	case SET_EDIT:
		return edit(app, st);
	case SET_RESET:
		return reset(app, st);
	case SET_BACKUP:
		return set_backup(app);
	case SET_PURGE:
		return set_purge(app);
	default:
		return TUI_UNHANDLED;
	}
}

const tui_screen tui_settings_screen = {
	.name = N_("Settings"),
	.keys = set_keys,
	.n_keys = sizeof set_keys / sizeof set_keys[0],
	.enter = set_enter,
	.reload = set_reload,
	.leave = set_leave,
	.draw = set_draw,
	.act = set_act,
};
