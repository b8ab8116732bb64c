/*
 * lang.c - the language of the screens and the translated sentences of
 * the library. Swedish is the default; English with --lang en or an
 * English locale. Works where no Swedish locale was ever generated (a
 * fresh Debian has only C and C.UTF-8): the messages come from the
 * catalogue through LANGUAGE, and characters are UTF-8 through C.UTF-8.
 */
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui/tui.h"
#include "tui/tui_priv.h"

#ifndef SSPF_LOCALEDIR
#define SSPF_LOCALEDIR "/usr/share/locale"
#endif

/* The language the environment asks for: "en" for English, else "sv". */
static const char *language_of_env(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);

		if (v == NULL || v[0] == '\0')
			continue;
		return strncmp(v, "en", 2) == 0 ? "en" : "sv";
	}
	return "sv";
}

/* Whether dir holds the Swedish catalogue of sspf. */
static bool has_catalogue(const char *dir)
{
	char mo[PATH_MAX + 64];

	snprintf(mo, sizeof mo, "%s/sv/LC_MESSAGES/sspf.mo", dir);
	return access(mo, R_OK) == 0;
}

/*
 * Where the catalogue is: installed, or (running from the build folder)
 * next to the program in contrib/po/.
 */
static void bind_catalogue(void)
{
	char exe[PATH_MAX], dir[PATH_MAX + 16];
	ssize_t n;
	char *slash;

	if (has_catalogue(SSPF_LOCALEDIR)) {
		bindtextdomain("sspf", SSPF_LOCALEDIR);
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		snprintf(dir, sizeof dir, "%s/contrib/po", exe);
		if (has_catalogue(dir)) {
			bindtextdomain("sspf", dir);
			return;
		}
	}
	bindtextdomain("sspf", SSPF_LOCALEDIR);
}

const char *tui_language(const char *asked)
{
	const char *lang = asked != NULL ? asked : language_of_env();
	const char *loc = setlocale(LC_ALL, "");

	/* wide characters need UTF-8; C.UTF-8 exists on every Debian */
	if (loc == NULL || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_ALL, "C.UTF-8");
	/* gettext reads LANGUAGE unless the locale is plain C */
	setenv("LANGUAGE", lang, 1);
	bind_catalogue();
	bind_textdomain_codeset("sspf", "UTF-8");
	textdomain("sspf");
	return lang;
}

const char *tui_strerror(sspf_err err)
{
	return sspf_strerror(err); /* translated in the library */
}

void tui_verdict_text(const sspf_verdict *v, char *buf, size_t size)
{
	sspf_verdict anon = *v;

	/* guardians are named on the consent screens only */
	anon.guardian = NULL;
	sspf_verdict_text(&anon, buf, size);
}
