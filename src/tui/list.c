/*
 * list.c - the selection and scrolling of a list: the one piece every
 * list screen shares (meetings, cases, actions, agenda, ...). Drawing is
 * the screen's own.
 */
#include "tui/tui.h"

void tui_list_set(tui_list *l, int n)
{
	l->n = n > 0 ? n : 0;
	if (l->sel >= l->n)
		l->sel = l->n > 0 ? l->n - 1 : 0;
	if (l->sel < 0)
		l->sel = 0;
	if (l->top > l->sel)
		l->top = l->sel;
	if (l->top < 0)
		l->top = 0;
}

void tui_list_scroll(tui_list *l, int height)
{
	if (height < 1)
		height = 1;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + height)
		l->top = l->sel - height + 1;
	if (l->top > l->n - height)
		l->top = l->n - height;
	if (l->top < 0)
		l->top = 0;
}

bool tui_list_act(tui_list *l, int action, int height)
{
	int page = height > 1 ? height - 1 : 1;

	switch (action) {
	case TUI_ACT_UP:
		l->sel--;
		break;
	case TUI_ACT_DOWN:
		l->sel++;
		break;
	case TUI_ACT_PGUP:
		l->sel -= page;
		break;
	case TUI_ACT_PGDN:
		l->sel += page;
		break;
	case TUI_ACT_HOME:
		l->sel = 0;
		break;
	case TUI_ACT_END:
		l->sel = l->n - 1;
		break;
	default:
		return false;
	}
	if (l->sel >= l->n)
		l->sel = l->n - 1;
	if (l->sel < 0)
		l->sel = 0;
	tui_list_scroll(l, height);
	return true;
}
