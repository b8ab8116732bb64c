/*
 * words.c - the words of the domain as the screens show them, translated
 * (English message ids; the Swedish catalogue gives the words coordinators
 * say: skola, nätverksmöte, pågår), the date format of forms, and file
 * names as typed in them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

const char *tui_actor_name(unsigned a)
{
	switch (a) {
	case SSPF_ACTOR_SKOLA:
		return _("school");
	case SSPF_ACTOR_SOCIALTJANST:
		return _("social services");
	case SSPF_ACTOR_POLIS:
		return _("police");
	case SSPF_ACTOR_FRITID:
		return _("leisure");
	case SSPF_ACTOR_ANNAN:
		return _("other actor");
	case 0:
		return _("family");
	default:
		return "?";
	}
}

void tui_actors_text(unsigned bits, char *buf, size_t size)
{
	size_t used = 0;

	if (size == 0)
		return;
	buf[0] = '\0';
	for (unsigned a = 1; a <= SSPF_ACTOR_ANNAN; a <<= 1) {
		int k;

		if ((bits & a) == 0)
			continue;
		k = snprintf(buf + used, size - used, "%s%s",
			     used > 0 ? ", " : "", tui_actor_name(a));
		if (k < 0 || (size_t)k >= size - used)
			break;
		used += (size_t)k;
	}
	if (used == 0)
		snprintf(buf, size, "%s", _("none"));
}

const char *tui_kind_name(sspf_meeting_kind k)
{
	switch (k) {
	case SSPF_MEETING_GROUP:
		return _("group meeting");
	case SSPF_MEETING_NETWORK:
		return _("network meeting");
	case SSPF_MEETING_FOLLOW_UP:
		return _("follow-up meeting");
	}
	return "?";
}

const char *tui_status_name(sspf_action_status s)
{
	switch (s) {
	case SSPF_ACTION_NOT_STARTED:
		return _("not started");
	case SSPF_ACTION_ONGOING:
		return _("ongoing");
	case SSPF_ACTION_DONE:
		return _("done");
	case SSPF_ACTION_CANCELLED:
		return _("cancelled");
	}
	return "?";
}

const char *tui_state_name(sspf_consent_state s)
{
	switch (s) {
	case SSPF_STATE_VALID:
		return _("consent valid");
	case SSPF_STATE_PENDING:
		return _("waiting for consent");
	case SSPF_STATE_EXPIRED:
		return _("consent expired");
	case SSPF_STATE_WITHDRAWN:
		return _("consent withdrawn");
	}
	return "?";
}

void tui_date_text(sspf_date d, char buf[SSPF_DATE_TEXT])
{
	if (d == 0)
		buf[0] = '\0';
	else
		sspf_date_format(d, buf);
}

bool tui_blank(const char *s)
{
	return s == NULL || s[strspn(s, " ")] == '\0';
}

bool tui_parse_date(const char *s, bool optional, sspf_date *out)
{
	if (s == NULL || *s == '\0') {
		*out = 0;
		return optional;
	}
	return sspf_date_parse(s, out) == SSPF_OK;
}

char *tui_expand_home(const char *p)
{
	const char *home = getenv("HOME");
	size_t size;
	char *out;

	if (p[0] != '~' || p[1] != '/' || home == NULL || home[0] == '\0')
		return strdup(p);
	size = strlen(home) + strlen(p);
	if ((out = malloc(size)) != NULL)
		snprintf(out, size, "%s%s", home, p + 1);
	return out;
}
