/*
 * help.c - the help screen (? or F1): every key of the screen that asked,
 * made from its table of named actions, then the keys every screen has.
 * Nothing here is written by hand, so the help cannot drift from the keys.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"
#include "tui/tui_priv.h"

typedef struct help_state {
	const tui_screen *of;
	tui_list list;
} help_state;

enum { HELP_UP = 1, HELP_DOWN };

static const tui_binding help_keys[] = {
	TUI_LIST_BINDINGS,
};

static sspf_err help_enter(tui_app *app, const void *arg, void **state)
{
	help_state *h = calloc(1, sizeof *h);

	(void)app;
	if (h == NULL)
		return SSPF_ERR_NOMEM;
	h->of = arg;
	*state = h;
	return SSPF_OK;
}

static void help_leave(tui_app *app, void *state)
{
	(void)app;
	free(state);
}

/* "Enter, o" for a binding's keys. */
static void keys_text(const tui_binding *b, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int j = 0; j < 4 && b->keys[j] != 0; j++) {
		char k[32];

		tui_key_name(b->keys[j], k, sizeof k);
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 j > 0 ? ", " : "", k);
		if (used >= size)
			break;
	}
}

/* The lines of help: the screen's bindings, a gap, the global ones. */
static int help_lines(const help_state *h)
{
	return (int)(h->of != NULL ? h->of->n_keys : 0) + 2 + (int)tui_global_n;
}

static void draw_line(int y, const tui_binding *b, int w)
{
	char keys[128];

	keys_text(b, keys, sizeof keys);
	tui_draw_attr(y, 2, 22, keys, true, A_BOLD);
	tui_draw(y, 25, w - 26, _(b->name), true);
}

static void help_draw(tui_app *app, void *state)
{
	help_state *h = state;
	tui_rect r = tui_body();
	size_t n_own = h->of != NULL ? h->of->n_keys : 0;
	char title[160];

	tui_list_set(&h->list, help_lines(h));
	tui_list_scroll(&h->list, r.h);
	for (int row = 0; row < r.h; row++) {
		int i = h->list.top + row;

		if (i >= h->list.n)
			break;
		if ((size_t)i < n_own) {
			draw_line(r.y + row, &h->of->keys[i], r.w);
		} else if ((size_t)i == n_own + 1) {
			snprintf(title, sizeof title, "%s",
				 _("On every screen:"));
			tui_draw_attr(r.y + row, 1, r.w - 2, title, false,
				      tui_attr(app, TUI_DIM));
		} else if ((size_t)i >= n_own + 2) {
			draw_line(r.y + row,
				  &tui_global_keys[(size_t)i - n_own - 2], r.w);
		}
	}
}

static unsigned help_act(tui_app *app, void *state, int action)
{
	help_state *h = state;

	(void)app;
	/* the whole text scrolls: move the top, not a selection */
	h->list.sel = action == TUI_ACT_UP || action == TUI_ACT_PGUP ||
				      action == TUI_ACT_HOME
			      ? h->list.top
			      : h->list.top + tui_body().h - 1;
	tui_list_act(&h->list, action, tui_body().h);
	return TUI_HANDLED;
}

const tui_screen tui_help_screen = {
	.name = N_("Help"),
	.keys = help_keys,
	.n_keys = sizeof help_keys / sizeof help_keys[0],
	.enter = help_enter,
	.leave = help_leave,
	.draw = help_draw,
	.act = help_act,
};
