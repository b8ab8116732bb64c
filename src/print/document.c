/*
 * document.c - the documents of the print layer as the front ends see
 * them: their names on the command line, the one entry point that picks
 * the document (print_document), and where the shipped templates are.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "print/print.h"

static const char *const kind_words[PRINT_KINDS] = {
	[PRINT_CONSENT_FORM] = "consent-form",
	[PRINT_PLAN] = "plan",
	[PRINT_AGENDA] = "agenda",
	[PRINT_MINUTES] = "minutes",
};

const char *print_kind_word(print_kind k)
{
	return (unsigned)k < PRINT_KINDS ? kind_words[k] : NULL;
}

bool print_kind_parse(const char *word, print_kind *out)
{
	for (unsigned k = 0; word != NULL && k < PRINT_KINDS; k++) {
		if (strcmp(word, kind_words[k]) == 0) {
			*out = (print_kind)k;
			return true;
		}
	}
	return false;
}

bool print_document(sspf_core *core, sspf_store *st, const print_request *r,
		    int fd, print_error *err)
{
	err->core = SSPF_OK;
	err->msg[0] = '\0';
	switch (r->kind) {
	case PRINT_CONSENT_FORM:
		return print_consent_form(core, st, r, fd, err);
	case PRINT_PLAN:
		return print_plan(core, st, r, fd, err);
	case PRINT_AGENDA:
		return print_agenda(core, st, r, fd, err);
	case PRINT_MINUTES:
		return print_minutes(core, st, r, fd, err);
	}
	err->core = SSPF_ERR_INVALID;
	return false;
}

const char *print_template_dir(void)
{
	static char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		/* run from the build folder (also the tests in build/tests) */
		if (strcmp(exe, SSPF_BUILD_DIR) == 0 ||
		    (strncmp(exe, SSPF_BUILD_DIR, strlen(SSPF_BUILD_DIR)) ==
			     0 &&
		     exe[strlen(SSPF_BUILD_DIR)] == '/'))
			return SSPF_TEMPLATES_SRCDIR;
	}
	return SSPF_TEMPLATES_DIR;
}
