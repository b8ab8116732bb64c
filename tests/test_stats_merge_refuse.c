/*
 * test_stats_merge_refuse.c - what the city's merge of district
 * statistics (include/sspf/statsmerge.h) refuses, on the fixture of
 * merge_data.h: exports of other methods, thresholds or periods, one
 * district twice, exports not made --for-city, CSV, sealed to another
 * city's key; a tampered sealed field, another export's sealed figures,
 * a renamed published cell; a district with another layout of the
 * tables; the key files (wrong passphrase, the wrong file, damage); and
 * the limits (too many inputs, a file too large, broken JSON). Each
 * refusal with its own error and a detail that says why.
 */
#include "merge_data.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/stats_priv.h"

/* The merge of files fails with e and a detail holding want. */
static void refused(char *const *files, size_t n, sspf_err e, const char *want)
{
	sspf_stats *s = (sspf_stats *)1;
	sspf_err got = md_merge(files, n, &s);

	ck_assert_msg(got == e, "%s: got %s (%s)", want, sspf_strerror(got),
		      sspf_err_detail());
	ck_assert_msg(strstr(sspf_err_detail(), want) != NULL,
		      "'%s' not in '%s'", want, sspf_err_detail());
	ck_assert_ptr_null(s);
	/* what needs no key is found before the passphrase is asked */
	if (strstr("one method|one threshold|one period|district 'Norr'|"
		   "--for-city|CSV export|not 65",
		   want) != NULL)
		ck_assert_msg(sspf_stats_merge_check((const char *const *)files,
						     n) == e,
			      "the check before the passphrase: %s",
			      sspf_err_detail());
}

/* Replace the first from in file path by to. */
static void edit(const char *path, const char *from, const char *to)
{
	size_t len;
	char *text = (char *)tu_read_file(path, &len), *at, *out;

	ck_assert_ptr_nonnull(text);
	at = strstr(text, from);
	ck_assert_ptr_nonnull(at);
	out = malloc(len + strlen(to) + 1);
	memcpy(out, text, (size_t)(at - text));
	strcpy(out + (at - text), to);
	strcat(out, at + strlen(from));
	md_write_text(path, out);
	free(text);
	free(out);
}

/* The sealed field's base64 text of the JSON file at path (malloc'ed). */
static char *sealed_of(const char *path)
{
	sspf_stats *s;
	char *t;

	tu_ok(sspf_stats_read(path, &s), "read");
	ck_assert_ptr_nonnull(s->sealed);
	t = strdup(s->sealed);
	sspf_stats_free(s);
	return t;
}

START_TEST(test_refusals)
{
	char *f[4], *g[2], *alt_pub, *pt, *kt, *a, *b;
	unsigned char other[SSPF_CITY_PUBLIC_BYTES];
	sspf_stats *s;

	md_make_small();
	/* preliminary 2026Q4 exports (not remembered) of other methods and
	   thresholds, before 2026's first release fixes them */
	f[0] = md_sealed_file(0, "2026Q4", SSPF_STATS_SUPPRESS, 5, "p0.json");
	f[1] = md_sealed_file(1, "2026Q4", SSPF_STATS_CKM, 5, "p1.json");
	refused(f, 2, SSPF_ERR_INVALID, "one method");
	free(f[1]);
	f[1] = md_sealed_file(1, "2026Q4", SSPF_STATS_SUPPRESS, 6, "p1.json");
	refused(f, 2, SSPF_ERR_INVALID, "one threshold");
	free(f[1]);
	/* preliminary in, preliminary out */
	f[1] = md_sealed_file(1, "2026Q4", SSPF_STATS_SUPPRESS, 5, "p1.json");
	tu_ok(md_merge(f, 2, &s), "preliminary merge");
	ck_assert(s->preliminary);
	sspf_stats_free(s);
	free(f[0]);
	free(f[1]);

	f[0] = md_sealed_file(0, "2026Q3", SSPF_STATS_SUPPRESS, 5, "a.json");
	f[1] = md_sealed_file(1, "2026Q2", SSPF_STATS_SUPPRESS, 5, "b.json");
	refused(f, 2, SSPF_ERR_INVALID, "one period");
	free(f[1]);
	f[1] = md_sealed_file(1, "2026Q3", SSPF_STATS_SUPPRESS, 5, "b.json");
	f[2] = md_sealed_file(2, "2026Q3", SSPF_STATS_SUPPRESS, 5, "c.json");
	/* the same district twice, also under another file name */
	f[3] = f[0];
	refused(f, 4, SSPF_ERR_INVALID, "district 'Norr'");
	f[3] = md_sealed_file(0, "2026Q3", SSPF_STATS_SUPPRESS, 5, "a2.json");
	refused(f, 4, SSPF_ERR_INVALID, "district 'Norr'");
	free(f[3]);

	/* without --for-city, and CSV */
	s = md_export(2, "2026Q3", SSPF_STATS_SUPPRESS, 5, NULL);
	g[0] = f[0];
	g[1] = md_save(s, "plain.json", SSPF_STATS_JSON);
	refused(g, 2, SSPF_ERR_INVALID, "--for-city");
	free(g[1]);
	g[1] = md_save(s, "plain.csv", SSPF_STATS_CSV);
	refused(g, 2, SSPF_ERR_INVALID, "CSV export");
	free(g[1]);
	sspf_stats_free(s);

	/* sealed to another city's key */
	tu_ok(sspf_citykey_generate("another city's key", 18, &tu_kdf, &pt,
				    &kt),
	      "keygen");
	alt_pub = md_path_of("other.pub");
	md_write_text(alt_pub, pt);
	tu_ok(sspf_citykey_read_public(alt_pub, other), "other key");
	s = md_export(2, "2026Q3", SSPF_STATS_SUPPRESS, 5, other);
	g[1] = md_save(s, "other.json", SSPF_STATS_JSON);
	refused(g, 2, SSPF_ERR_INVALID, "not sealed to this city's key");
	free(g[1]);
	sspf_stats_free(s);
	free(alt_pub);
	free(pt);
	free(kt);

	/* the merge works with the three as they are */
	tu_ok(md_merge(f, 3, &s), "merge");
	sspf_stats_free(s);

	/* a tampered sealed field: one base64 character changed */
	a = sealed_of(f[2]);
	b = strdup(a);
	b[strlen(b) / 2] = b[strlen(b) / 2] == 'A' ? 'B' : 'A';
	edit(f[2], a, b);
	refused(f, 3, SSPF_ERR_DAMAGED, "changed after the export");
	edit(f[2], b, a);
	free(b);
	/* another district's sealed figures pasted into a file */
	b = sealed_of(f[1]);
	edit(f[2], a, b);
	refused(f, 3, SSPF_ERR_INVALID, "of another export");
	edit(f[2], b, a);
	free(a);
	free(b);
	/* a published cell renamed */
	edit(f[2], "\"flicka\"", "\"flickor\"");
	refused(f, 3, SSPF_ERR_INVALID, "not its published cell");
	for (int i = 0; i < 3; i++)
		free(f[i]);
}
END_TEST

/* A district whose sealed figures have one cell less (another version
   of sspf): laid out by hand through the internals. */
START_TEST(test_other_layout)
{
	sspf_period p = md_period("2026Q3");
	sspf_stats *s = calloc(1, sizeof *s), *m;
	stats_build b;
	char *f[2];

	md_make_small();
	f[0] = md_sealed_file(0, "2026Q3", SSPF_STATS_SUPPRESS, 5, "a.json");
	memset(&b, 0, sizeof b);
	tu_ok(stats_collect(md_core[1], &p, false, &b), "collect");
	/* the last cell, the median, in no equation */
	ck_assert(b.cells[b.n - 1].kind == SSPF_CELL_MEDIAN);
	b.n--;
	b.n_days = 0;
	s->period = p;
	s->district = strdup("Söder");
	s->method = SSPF_STATS_SUPPRESS;
	s->k = 5;
	tu_ok(stats_seal(&b, s, md_city_pub, &s->sealed), "seal");
	s->cells = b.cells;
	s->n_cells = b.n;
	f[1] = md_save(s, "b.json", SSPF_STATS_JSON);
	s->cells = NULL;
	refused(f, 2, SSPF_ERR_INVALID, "different tables");
	/* alone it merges */
	tu_ok(md_merge(f + 1, 1, &m), "alone");
	ck_assert_uint_eq(m->n_cells, b.n);
	sspf_stats_free(m);
	stats_build_free(&b);
	sspf_stats_free(s);
	free(f[0]);
	free(f[1]);
}
END_TEST

/* The key files: each wrong file its own error; a wrong passphrase. */
START_TEST(test_key_files)
{
	unsigned char pub[SSPF_CITY_PUBLIC_BYTES];
	sspf_citykey *k = NULL;
	char *missing = md_path_of("none.pub"), *bad = md_path_of("bad.pub");
	size_t len;
	char *text;

	ck_assert(sspf_citykey_read_public(missing, pub) == SSPF_ERR_NOT_FOUND);
	ck_assert(strstr(sspf_err_detail(), "none.pub") != NULL);
	ck_assert(sspf_citykey_read_public(md_keyfile, pub) ==
		  SSPF_ERR_INVALID);
	ck_assert(strstr(sspf_err_detail(), "secret key") != NULL);
	ck_assert(sspf_citykey_open(md_pubfile, MD_CITY_PASS,
				    strlen(MD_CITY_PASS),
				    &k) == SSPF_ERR_INVALID);
	ck_assert(strstr(sspf_err_detail(), "public key") != NULL);
	ck_assert(sspf_citykey_open(md_keyfile, "not the passphrase", 18, &k) ==
		  SSPF_ERR_WRONG_PASSPHRASE);
	ck_assert_ptr_null(k);
	/* a damaged public key line */
	text = (char *)tu_read_file(md_pubfile, &len);
	text[30] = text[30] == '!' ? '?' : '!';
	md_write_text(bad, text);
	ck_assert(sspf_citykey_read_public(bad, pub) == SSPF_ERR_DAMAGED);
	md_write_text(bad, "{\"schema\": \"sspf-stats/1\"}\n");
	ck_assert(sspf_citykey_read_public(bad, pub) == SSPF_ERR_NOT_SSPF);
	free(text);
	/* a changed secret key file opens no more */
	text = (char *)tu_read_file(md_keyfile, &len);
	*strstr(text, "salt ") = 'S';
	md_write_text(bad, text);
	ck_assert(sspf_citykey_open(bad, MD_CITY_PASS, strlen(MD_CITY_PASS),
				    &k) == SSPF_ERR_DAMAGED);
	free(text);
	/* the public key in the file is the one the secret key opens */
	tu_ok(sspf_citykey_read_public(md_pubfile, pub), "public");
	ck_assert(memcmp(pub, citykey_public(md_city), sizeof pub) == 0);
	ck_assert(sspf_citykey_generate("short", 5, &tu_kdf, &text, &text) ==
		  SSPF_ERR_WEAK_PASSPHRASE);
	free(missing);
	free(bad);
}
END_TEST

/* Limits: too many inputs, a file too large, broken JSON. */
START_TEST(test_limits)
{
	char *f[SSPF_MERGE_MAX_INPUTS + 1], *big = md_path_of("big.json");
	sspf_stats *s;
	int fd;

	for (int i = 0; i <= SSPF_MERGE_MAX_INPUTS; i++)
		f[i] = big;
	refused(f, SSPF_MERGE_MAX_INPUTS + 1, SSPF_ERR_INVALID, "not 65");
	fd = open(big, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert(ftruncate(fd, (off_t)SSPF_MERGE_MAX_FILE + 1) == 0);
	close(fd);
	ck_assert(sspf_stats_read(big, &s) == SSPF_ERR_INVALID);
	md_write_text(
		big, "{\"schema\": \"sspf-stats/1\", \"period\": \"2026Q3\"\n");
	ck_assert(sspf_stats_read(big, &s) == SSPF_ERR_DAMAGED);
	ck_assert(strstr(sspf_err_detail(), "line 2") != NULL);
	md_write_text(big, "{\"name\": 1}");
	ck_assert(sspf_stats_read(big, &s) == SSPF_ERR_NOT_SSPF);
	free(big);
}
END_TEST

int main(void)
{
	const struct tu_test tests[] = {
		{ "refusals", test_refusals, 0 },
		{ "other_layout", test_other_layout, 0 },
		{ "key_files", test_key_files, 0 },
		{ "limits", test_limits, 0 },
	};
	Suite *s = suite_create("stats_merge_refuse");

	tu_tz_stockholm();
	tu_add_tests(s, tests, sizeof tests / sizeof tests[0], md_setup,
		     md_teardown);
	return run_all(s);
}
