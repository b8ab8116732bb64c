/*
 * template.c - form templates (contrib/templates/README.md): a header of
 * "key: value" lines, a blank line, then the body with {placeholders}.
 * Reading a template and filling in its placeholders; every error names
 * the file and, where there is one, the line.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "print/print.h"

/* The largest template read, in bytes. */
#define TEMPLATE_MAX (256u * 1024u)

static void set_msg(print_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void set_msg(print_error *err, const char *fmt, ...)
{
	va_list ap;

	err->core = SSPF_OK;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
}

/* The whole of path, NUL-terminated (malloc'ed), or NULL with err set. */
static char *slurp(const char *path, print_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (f == NULL) {
		set_msg(err, L_("cannot read the template %s: %s%s"), path,
			strerror(errno),
			errno == ENOENT ? L_(" (--templates DIR reads the "
					     "templates from another folder)")
					: "");
		return NULL;
	}
	if ((buf = malloc(TEMPLATE_MAX + 1)) == NULL) {
		fclose(f);
		err->core = SSPF_ERR_NOMEM;
		err->msg[0] = '\0';
		return NULL;
	}
	n = fread(buf, 1, TEMPLATE_MAX + 1, f);
	if (ferror(f) || n > TEMPLATE_MAX) {
		set_msg(err, L_("cannot read the template %s: %s"), path,
			ferror(f) ? strerror(errno) : L_("it is too large"));
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	if (memchr(buf, '\0', n) != NULL) {
		set_msg(err, L_("%s is not a text file"), path);
		free(buf);
		return NULL;
	}
	return buf;
}

static char *trimmed_dup(const char *s, size_t n)
{
	char *out;

	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n > 0 &&
	       (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if ((out = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

const char *print_template_get(const print_template *t, const char *key)
{
	for (size_t i = 0; i < t->n_keys; i++)
		if (strcmp(t->keys[i], key) == 0)
			return t->values[i];
	return NULL;
}

void print_template_free(print_template *t)
{
	for (size_t i = 0; i < t->n_keys; i++) {
		free(t->keys[i]);
		free(t->values[i]);
	}
	free(t->path);
	free(t->body);
	memset(t, 0, sizeof *t);
}

/* Parse the header of text into t; the body starts after it. */
static bool parse(print_template *t, const char *text, print_error *err)
{
	const char *p = text, *nl, *colon;
	int line = 1;

	for (;; line++, p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL) {
			set_msg(err,
				L_("%s:%d: the header must end with an empty "
				   "line "
				   "before the text of the form"),
				t->path, line);
			return false;
		}
		if (nl == p || (nl == p + 1 && *p == '\r'))
			break;
		colon = memchr(p, ':', (size_t)(nl - p));
		if (colon == NULL || colon == p) {
			set_msg(err,
				L_("%s:%d: a header line must be 'key: value' "
				   "(an empty line ends the header)"),
				t->path, line);
			return false;
		}
		if (t->n_keys == PRINT_TEMPLATE_KEYS_MAX) {
			set_msg(err,
				L_("%s:%d: too many header lines (at most %d)"),
				t->path, line, PRINT_TEMPLATE_KEYS_MAX);
			return false;
		}
		t->keys[t->n_keys] = trimmed_dup(p, (size_t)(colon - p));
		t->values[t->n_keys] =
			trimmed_dup(colon + 1, (size_t)(nl - colon - 1));
		if (t->keys[t->n_keys] == NULL ||
		    t->values[t->n_keys] == NULL) {
			t->n_keys++;
			err->core = SSPF_ERR_NOMEM;
			return false;
		}
		if (print_template_get(t, t->keys[t->n_keys]) != NULL) {
			set_msg(err, L_("%s:%d: '%s' is given twice"), t->path,
				line, t->keys[t->n_keys]);
			t->n_keys++;
			return false;
		}
		t->n_keys++;
	}
	t->body_line = line + 1;
	if ((t->body = strdup(nl + 1)) == NULL) {
		err->core = SSPF_ERR_NOMEM;
		return false;
	}
	return true;
}

bool print_template_load(const char *dir, const char *form, const char *lang,
			 print_template *t, print_error *err)
{
	static const char *const required[] = { "version", "language",
						"title" };
	size_t n = strlen(dir) + strlen(form) + strlen(lang) + sizeof "/..txt";
	const char *v;
	char *text;
	bool ok;

	memset(t, 0, sizeof *t);
	err->core = SSPF_OK;
	err->msg[0] = '\0';
	if ((t->path = malloc(n)) == NULL) {
		err->core = SSPF_ERR_NOMEM;
		return false;
	}
	snprintf(t->path, n, "%s/%s.%s.txt", dir, form, lang);
	if (access(t->path, F_OK) != 0 && errno == ENOENT &&
	    access(dir, F_OK) == 0) {
		/* the folder is there: it is the language that is missing */
		set_msg(err,
			L_("there is no template for the language '%s' (%s "
			   "is missing); see contrib/templates/README.md for "
			   "how to add one"),
			lang, t->path);
		goto fail;
	}
	if ((text = slurp(t->path, err)) == NULL)
		goto fail;
	ok = parse(t, text, err);
	free(text);
	if (!ok)
		goto fail;
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
		if ((v = print_template_get(t, required[i])) == NULL ||
		    *v == '\0') {
			set_msg(err, L_("%s:1: the header has no '%s:' line"),
				t->path, required[i]);
			goto fail;
		}
	}
	if (strcmp(print_template_get(t, "language"), lang) != 0) {
		set_msg(err,
			L_("%s: 'language: %s' in the header, but the file "
			   "is for '%s'"),
			t->path, print_template_get(t, "language"), lang);
		goto fail;
	}
	return true;
fail:
	print_template_free(t);
	return false;
}

/* A growing string. */
struct buf {
	char *s;
	size_t len, cap;
	bool nomem;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->nomem)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *p = realloc(b->s, cap);

		if (p == NULL) {
			b->nomem = true;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

char *print_template_expand(const print_template *t, const print_value *vals,
			    size_t n, print_error *err)
{
	struct buf b = { 0 };
	bool used[64] = { false };
	const char *p = t->body, *end;
	int line = t->body_line;
	size_t i, len;

	err->core = SSPF_OK;
	err->msg[0] = '\0';
	if (n > sizeof used / sizeof used[0]) {
		err->core = SSPF_ERR_INTERNAL;
		return NULL;
	}
	put(&b, "", 0);
	while (*p != '\0') {
		if ((p[0] == '{' && p[1] == '{') ||
		    (p[0] == '}' && p[1] == '}')) {
			put(&b, p, 1);
			p += 2;
			continue;
		}
		if (*p == '}') {
			set_msg(err,
				L_("%s:%d: a '}' without its '{' (write '}}' "
				   "for "
				   "a brace)"),
				t->path, line);
			goto fail;
		}
		if (*p != '{') {
			if (*p == '\n')
				line++;
			if (*p != '\r')
				put(&b, p, 1);
			p++;
			continue;
		}
		for (end = p + 1; name_char(*end); end++)
			;
		len = (size_t)(end - p - 1);
		if (*end != '}' || len == 0) {
			set_msg(err,
				L_("%s:%d: a placeholder must be {name} with "
				   "a-z, 0-9 and _ (write '{{' for a brace)"),
				t->path, line);
			goto fail;
		}
		for (i = 0; i < n; i++)
			if (strlen(vals[i].name) == len &&
			    memcmp(vals[i].name, p + 1, len) == 0)
				break;
		if (i == n) {
			set_msg(err, L_("%s:%d: unknown placeholder {%.*s}"),
				t->path, line, (int)len, p + 1);
			goto fail;
		}
		used[i] = true;
		if (vals[i].text != NULL)
			put(&b, vals[i].text, strlen(vals[i].text));
		p = end + 1;
	}
	for (i = 0; i < n; i++) {
		if (vals[i].required && !used[i]) {
			set_msg(err,
				L_("%s: the placeholder {%s} is required but "
				   "missing from the text"),
				t->path, vals[i].name);
			goto fail;
		}
	}
	if (b.nomem) {
		err->core = SSPF_ERR_NOMEM;
		goto fail;
	}
	return b.s;
fail:
	free(b.s);
	return NULL;
}
