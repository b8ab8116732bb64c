/*
 * test_stats_merge.c - the city's merge of district statistics
 * (include/sspf/statsmerge.h, src/core/citykey.c, stats_seal.c,
 * stats_read.c, stats_merge.c) equals the union: on the fixture of
 * merge_data.h (three districts' stores and a fourth, the union, with
 * all their cases), for an ended quarter, the merge of the three
 * districts' exports sealed to the city has the union's exact figures
 * before protection; with the cell key method (the union given the
 * districts' record keys) it equals the union's own export cell for
 * cell; with suppression every cell it publishes is the union's count,
 * no published count is 1..k-1, and no hidden cell of the city or of a
 * district can be worked out from both levels published together
 * (sdc_determined over city = sum of districts). No identifier in any
 * output. The refusals are in test_stats_merge_refuse.c.
 */
#include "merge_data.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sdc.h"
#include "core/stats_priv.h"

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* a and b have the same cells, hidden the same way, the same values. */
static void same_cells(const sspf_stats *a, const sspf_stats *b)
{
	ck_assert_uint_eq(a->n_cells, b->n_cells);
	for (size_t i = 0; i < a->n_cells; i++) {
		const sspf_stats_cell *x = &a->cells[i], *y = &b->cells[i];

		ck_assert_msg(same_str(x->table, y->table) &&
				      same_str(x->dim[0], y->dim[0]) &&
				      same_str(x->cat[0], y->cat[0]) &&
				      same_str(x->dim[1], y->dim[1]) &&
				      same_str(x->cat[1], y->cat[1]) &&
				      x->kind == y->kind,
			      "cell %zu is another cell", i);
		ck_assert_msg(x->hidden == y->hidden &&
				      fabs(x->value - y->value) < 1e-9,
			      "cell %zu (%s %s %s): %s%g vs %s%g", i, x->table,
			      x->cat[0] ? x->cat[0] : "",
			      x->cat[1] ? x->cat[1] : "", x->hidden ? ".." : "",
			      x->value, y->hidden ? ".." : "", y->value);
	}
}

/* The union's exact figures: those of store MD_NDIST, counted again. */
static void union_figures(const char *p, stats_build *b)
{
	sspf_period per = md_period(p);

	memset(b, 0, sizeof *b);
	tu_ok(stats_collect(md_core[MD_NDIST], &per, false, b), "collect");
}

/* The districts' opened figures, summed cell by cell, equal the union's:
   counts, supports, cell keys (with keys), the days and the share. */
static void sums_equal(char *const *files, const char *p, bool keys)
{
	stats_build u;
	int64_t num = 0;
	size_t days = 0;

	union_figures(p, &u);
	for (size_t c = 0; c < u.n; c++) {
		int64_t cnt = 0, sup = 0;
		uint32_t key = 0;

		for (int d = 0; d < MD_NDIST; d++) {
			sspf_stats *s;
			stats_figures f;

			tu_ok(sspf_stats_read(files[d], &s), "read");
			tu_ok(stats_unseal(md_city, s->sealed, files[d], &f),
			      "unseal");
			ck_assert_uint_eq(f.b.n, u.n);
			cnt += f.b.count[c];
			sup += f.b.support[c];
			key += f.b.key[c];
			if (c == 0) {
				num += f.b.share_num;
				days += f.b.n_days;
			}
			stats_figures_free(&f);
			sspf_stats_free(s);
		}
		ck_assert_msg(cnt == u.count[c] && sup == u.support[c],
			      "cell %zu: the districts' sum is not the union's",
			      c);
		ck_assert(!keys || key == u.key[c]);
	}
	ck_assert_int_eq(num, u.share_num);
	ck_assert_uint_eq(days, u.n_days);
	stats_build_free(&u);
}

/* No protected count 1..k-1 published, and no hidden cell of s can be
   worked out from its published cells (the exact figures of period p). */
static void protection_holds(const sspf_stats *s, const char *p)
{
	stats_build u;
	sdc_problem pr = { 0 };
	bool *hidden, *det;
	size_t n_hidden = 0;

	union_figures(p, &u);
	ck_assert_uint_eq(u.n, s->n_cells);
	hidden = calloc(u.n, sizeof *hidden);
	det = calloc(u.n, sizeof *det);
	for (size_t i = 0; i < u.n; i++) {
		const sspf_stats_cell *c = &s->cells[i];

		hidden[i] = c->hidden;
		n_hidden += c->hidden;
		if (c->kind == SSPF_CELL_COUNT && u.protect[i] && !c->hidden)
			ck_assert_msg(c->value == 0 || c->value >= s->k,
				      "cell %zu published as %g", i, c->value);
		if (c->kind != SSPF_CELL_COUNT)
			ck_assert(c->hidden == (u.support[i] < s->k));
	}
	pr.n_cells = u.n;
	pr.count = u.count;
	pr.protect = u.protect;
	pr.n_eq = u.n_eq;
	pr.eq_total = u.eq_total;
	pr.eq_start = u.eq_start;
	pr.eq_terms = u.eq_terms;
	pr.k = s->k;
	tu_ok(sdc_determined(&pr, hidden, det), "determined");
	for (size_t i = 0; i < u.n; i++)
		ck_assert_msg(!det[i] || u.count[i] == 0,
			      "hidden cell %zu can be worked out", i);
	if (s->method == SSPF_STATS_SUPPRESS)
		ck_assert_uint_gt(n_hidden,
				  0); /* the test protects something */
	free(hidden);
	free(det);
	stats_build_free(&u);
}

/*
 * Suppression: every cell the merge publishes is the union's exact figure
 * (the merge equals the union before suppression; it may hide more than
 * the union's own export, as it also protects the districts' cells).
 */
static void published_are_union(const sspf_stats *merged, const sspf_stats *uni,
				const char *p)
{
	stats_build u;
	size_t published = 0;

	union_figures(p, &u);
	ck_assert_uint_eq(u.n, merged->n_cells);
	ck_assert_uint_eq(uni->n_cells, merged->n_cells);
	for (size_t i = 0; i < u.n; i++) {
		const sspf_stats_cell *c = &merged->cells[i];

		if (c->hidden)
			continue;
		published++;
		if (c->kind == SSPF_CELL_COUNT)
			ck_assert_msg(c->value == (double)u.count[i],
				      "cell %zu: %g, the union counts %lld", i,
				      c->value, (long long)u.count[i]);
		else if (!uni->cells[i].hidden)
			ck_assert(fabs(c->value - uni->cells[i].value) < 1e-9);
	}
	ck_assert_uint_gt(published, u.n / 2);
	stats_build_free(&u);
}

/*
 * Both levels published together: the city's cells and every district's
 * (as each district published them) tied by city = sum of districts.
 * No hidden cell of either level can be worked out, and in particular no
 * city total minus the other districts gives one district's hidden cell.
 */
static void levels_hold(const sspf_stats *merged, char *const *files,
			const char *p)
{
	stats_build u, f[MD_NDIST];
	sspf_stats *pub[MD_NDIST];
	size_t n, nc, ne = 0, nt = 0;
	int64_t *count;
	bool *protect, *hidden, *det;
	size_t *eq_total, *eq_start, *eq_terms;
	sdc_problem pr = { 0 };

	union_figures(p, &u);
	n = u.n;
	nc = (MD_NDIST + 1) * n;
	for (int d = 0; d < MD_NDIST; d++) {
		stats_figures fig;

		tu_ok(sspf_stats_read(files[d], &pub[d]), "read");
		tu_ok(stats_unseal(md_city, pub[d]->sealed, files[d], &fig),
		      "unseal");
		f[d] = fig.b; /* kept; the rest of fig freed below */
		memset(&fig.b, 0, sizeof fig.b);
		stats_figures_free(&fig);
	}
	count = calloc(nc, sizeof *count);
	protect = calloc(nc, sizeof *protect);
	hidden = calloc(nc, sizeof *hidden);
	det = calloc(nc, sizeof *det);
	eq_total = calloc((MD_NDIST + 1) * u.n_eq + n, sizeof *eq_total);
	eq_start = calloc((MD_NDIST + 1) * u.n_eq + n + 1, sizeof *eq_start);
	eq_terms = calloc((MD_NDIST + 1) * u.n_terms + n * MD_NDIST,
			  sizeof *eq_terms);
	ck_assert(count && protect && hidden && det && eq_total && eq_start &&
		  eq_terms);
	for (size_t b = 0; b <= MD_NDIST; b++) {
		const stats_build *x = b == 0 ? &u : &f[b - 1];

		for (size_t i = 0; i < n; i++) {
			bool prot = u.protect[i] &&
				    u.cells[i].kind == SSPF_CELL_COUNT;

			count[b * n + i] = prot ? x->count[i] : 0;
			protect[b * n + i] = prot;
			hidden[b * n + i] =
				prot && (b == 0 ? merged->cells[i].hidden
						: pub[b - 1]->cells[i].hidden);
		}
		for (size_t e = 0; e < u.n_eq; e++) {
			eq_total[ne] = b * n + u.eq_total[e];
			for (size_t t = u.eq_start[e]; t < u.eq_start[e + 1];
			     t++)
				eq_terms[nt++] = b * n + u.eq_terms[t];
			eq_start[++ne] = nt;
		}
	}
	for (size_t i = 0; i < n; i++) {
		int hid_d = 0;

		if (!protect[i])
			continue;
		eq_total[ne] = i;
		for (size_t d = 0; d < MD_NDIST; d++) {
			eq_terms[nt++] = (d + 1) * n + i;
			hid_d += hidden[(d + 1) * n + i];
		}
		eq_start[++ne] = nt;
		/* the subtraction: a published city cell and one hidden
		   district cell among published ones */
		ck_assert_msg(hidden[i] || hid_d != 1,
			      "city cell %zu minus the other districts gives "
			      "a district's hidden cell",
			      i);
	}
	pr.n_cells = nc;
	pr.count = count;
	pr.protect = protect;
	pr.n_eq = ne;
	pr.eq_total = eq_total;
	pr.eq_start = eq_start;
	pr.eq_terms = eq_terms;
	pr.k = merged->k;
	tu_ok(sdc_determined(&pr, hidden, det), "determined");
	for (size_t i = 0; i < nc; i++)
		ck_assert_msg(!det[i] || count[i] == 0,
			      "hidden cell %zu of level %zu can be worked out",
			      i % n, i / n);
	for (int d = 0; d < MD_NDIST; d++) {
		stats_build_free(&f[d]);
		sspf_stats_free(pub[d]);
	}
	free(count);
	free(protect);
	free(hidden);
	free(det);
	free(eq_total);
	free(eq_start);
	free(eq_terms);
	stats_build_free(&u);
}

static void merge_equals_union(sspf_stats_method m)
{
	char *files[MD_NDIST], name[32];
	sspf_stats *merged, *uni;
	char *out_csv, *out_json;

	md_make_all();
	if (m == SSPF_STATS_CKM)
		for (int i = 0; i <= MD_NDIST; i++)
			md_give_keys(md_st[i]);
	for (int d = 0; d < MD_NDIST; d++) {
		snprintf(name, sizeof name, "d%d.json", d);
		files[d] = md_sealed_file(d, "2026Q3", m, 5, name);
	}
	uni = md_export(MD_NDIST, "2026Q3", m, 5, NULL);
	ck_assert(!uni->preliminary);
	tu_ok(md_merge(files, MD_NDIST, &merged), "merge");
	ck_assert_str_eq(merged->district, "city");
	ck_assert(!merged->preliminary && merged->method == m &&
		  merged->k == 5);
	if (m == SSPF_STATS_CKM) {
		/* the same counts and cell keys: the same noise */
		same_cells(merged, uni);
	} else {
		published_are_union(merged, uni, "2026Q3");
		levels_hold(merged, files, "2026Q3");
	}
	sums_equal(files, "2026Q3", m == SSPF_STATS_CKM);
	protection_holds(merged, "2026Q3");
	out_csv = md_save(merged, "city.csv", SSPF_STATS_CSV);
	out_json = md_save(merged, "city.json", SSPF_STATS_JSON);
	md_no_identifier(out_csv);
	md_no_identifier(out_json);
	for (int d = 0; d < MD_NDIST; d++) {
		md_no_identifier(files[d]);
		free(files[d]);
	}
	free(out_csv);
	free(out_json);
	sspf_stats_free(merged);
	sspf_stats_free(uni);
}

START_TEST(test_merge_suppression)
{
	merge_equals_union(SSPF_STATS_SUPPRESS);
}
END_TEST

START_TEST(test_merge_ckm)
{
	merge_equals_union(SSPF_STATS_CKM);
}
END_TEST

int main(void)
{
	const struct tu_test tests[] = {
		{ "merge_suppression", test_merge_suppression, 0 },
		{ "merge_ckm", test_merge_ckm, 0 },
	};
	Suite *s = suite_create("stats_merge");

	tu_tz_stockholm();
	tu_add_tests(s, tests, sizeof tests / sizeof tests[0], md_setup,
		     md_teardown);
	return run_all(s);
}
