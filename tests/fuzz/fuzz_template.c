/*
 * fuzz_template.c - libFuzzer harness of the form template parser of the
 * print layer (src/print/template.c): the input is a template file, read
 * by print_template_load as FORM.sv.txt and FORM.en.txt from a private
 * temporary folder whose two names link to one in-memory file (memfd), so
 * that each input costs no disk write. A template that loads is filled in
 * with every placeholder the shipped templates use.
 *
 * Checked: a refusal always says why (a message or a library error); an
 * accepted template has version, language and title, at most
 * PRINT_TEMPLATE_KEYS_MAX keys, and print_template_get finds each; the
 * filled-in text, or the refusal, comes with a message that names the
 * file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "print/print.h"

static int fd = -1;
static char dir[256], link_sv[300], link_en[300];

static void cleanup(void)
{
	unlink(link_sv);
	unlink(link_en);
	rmdir(dir);
}

static void setup(void)
{
	char target[64];
	const char *tmp = getenv("TMPDIR");

	fd = fuzz_memfd("fuzz-template");
	snprintf(target, sizeof target, "%s", fuzz_fd_path(fd));
	snprintf(dir, sizeof dir, "%s/sspf-fuzz-tpl.XXXXXX",
		 tmp != NULL && strlen(tmp) < 200 ? tmp : "/tmp");
	FUZZ_CHECK(mkdtemp(dir) != NULL);
	snprintf(link_sv, sizeof link_sv, "%s/form.sv.txt", dir);
	snprintf(link_en, sizeof link_en, "%s/form.en.txt", dir);
	FUZZ_CHECK(symlink(target, link_sv) == 0);
	FUZZ_CHECK(symlink(target, link_en) == 0);
	atexit(cleanup);
}

/* Every placeholder of contrib/templates; the first two are required. */
static const print_value values[] = {
	{ "child_name", "Ada {Lovelace}}", true },
	{ "case_code", "2026-001", true },
	{ "child_birth", "2012-01-01", false },
	{ "coordinator_name", "Kim", false },
	{ "coordinator_phone", NULL, false },
	{ "coordinator_email", "kim@example.org", false },
	{ "participants", "A\nB", false },
	{ "meeting_time", "10:00", false },
	{ "meeting_place", "Rum 1", false },
	{ "meeting_kind", "uppföljning", false },
	{ "meeting_date", "2026-06-15", false },
	{ "items", "", false },
	{ "youth_signature", "x", false },
	{ "youth_age", "13", false },
	{ "valid_until", "2027-06-15", false },
	{ "purpose", "p", false },
	{ "printed_on", "2026-06-15", false },
	{ "next_meeting", "n", false },
	{ "information", "i", false },
	{ "guardians", "g", false },
	{ "goals", "g", false },
	{ "actors", "a", false },
	{ "actions", "a", false },
};

static void load(const char *lang)
{
	print_template t;
	print_error err;
	char *text;
	size_t n = sizeof values / sizeof values[0];

	if (!print_template_load(dir, "form", lang, &t, &err)) {
		FUZZ_CHECK(err.core != SSPF_OK || err.msg[0] != '\0');
		return;
	}
	FUZZ_CHECK(t.n_keys >= 3 && t.n_keys <= PRINT_TEMPLATE_KEYS_MAX);
	FUZZ_CHECK(strcmp(print_template_get(&t, "language"), lang) == 0);
	FUZZ_CHECK(print_template_get(&t, "version") != NULL);
	FUZZ_CHECK(print_template_get(&t, "title") != NULL);
	for (size_t i = 0; i < t.n_keys; i++)
		FUZZ_CHECK(print_template_get(&t, t.keys[i]) == t.values[i]);
	FUZZ_CHECK(t.body != NULL && t.body_line >= 2);

	/* without the required ones too: the refusal must say why */
	for (int pass = 0; pass < 2; pass++) {
		text = print_template_expand(&t, values + pass * 2,
					     n - (size_t)pass * 2, &err);
		if (text == NULL)
			FUZZ_CHECK(err.core != SSPF_OK ||
				   strstr(err.msg, "form.") != NULL);
		free(text);
	}
	print_template_free(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (fd < 0)
		setup();
	fuzz_memfd_set(fd, data, size);
	load("sv");
	load("en");
	return 0;
}
