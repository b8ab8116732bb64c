/*
 * stats_tables.c - the counts behind the statistics of a period
 * (include/sspf/stats.h, sspf(1) STATISTICS): read the few columns each
 * table needs (dates, birth dates, gender, categories, statuses; never a
 * name, code or free text), count in C, and hand the tables to the
 * builder (stats_build.c). Ages are whole years on the day that matters
 * for the table, in the bands 0-12, 13-15, 16-17 and 18+. The actions and
 * meetings are counted in stats_actions.c.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include <sspf/cases.h>
#include <sspf/consent.h>
#include <sspf/meetings.h>

#include "core/ckm.h"
#include "core/meetings_priv.h"
#include "core/stats_priv.h"
#include "store/errors_internal.h"

enum { AGES = 4, GENDERS = 4, CONCERNS = 7, OUTCOMES = 5 };

static const char *const age_names[AGES] = { "0-12", "13-15", "16-17", "18+" };
static const char *const gender_names[GENDERS] = { "flicka", "pojke", "annat",
						   "ej angivet" };
static const char *const concern_names[CONCERNS] = {
	"skolk/frånvaro",
	"misstänkt brottslighet",
	"alkohol/narkotika",
	"destruktiv miljö/kamrater",
	"våldsbejakande extremism",
	"annat",
	"ej angivet",
};
static const char *const outcome_names[OUTCOMES] = {
	"lämnat",
	"avböjt",
	"återkallat",
	"utgånget",
	"väntar vid periodens slut",
};

sspf_date stats_col_date(sqlite3_stmt *q, int col)
{
	const char *t = (const char *)sqlite3_column_text(q, col);
	sspf_date d = 0;

	if (t != NULL && sspf_date_parse(t, &d) != SSPF_OK)
		d = 0;
	return d;
}

static int age_band(sspf_date birth, sspf_date on)
{
	int age = sspf_date_age(birth, on);

	return age <= 12 ? 0 : age <= 15 ? 1 : age <= 17 ? 2 : 3;
}

bool stats_within(sspf_date d, const sspf_period *p)
{
	return d != 0 && d >= p->first && d <= p->last;
}

/* What a case contributes; loaded once. */
typedef struct scase {
	sspf_id id;
	sspf_date birth, opened, closed, first_network;
	int gender;
	unsigned concerns;
	uint32_t key; /* the record key (ckm.h), 0 until one is given */
} scase;

static int gender_of(const char *t)
{
	for (int i = 0; t != NULL && i < GENDERS; i++)
		if (strcmp(t, gender_names[i]) == 0)
			return i;
	return GENDERS - 1;
}

/* The index of case id in cs (sorted by id), or -1. */
static long find_case(const scase *cs, size_t n, sspf_id id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cs[mid].id == id)
			return (long)mid;
		if (cs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/*
 * Each case's first nätverksmöte since it was opened, up to today, in one
 * pass over the network meetings (CROSS JOIN keeps that order: not one
 * search per case or per agenda item, which over ten years of agenda
 * items made this the slowest part of an export).
 */
static sspf_err load_first_network(sspf_core *core, scase *cs, size_t n)
{
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if ((e = core_prep(
		     core, &q,
		     "SELECT a.case_id, MIN(m.date) FROM meeting m CROSS JOIN "
		     "agenda_item a ON a.meeting_id = m.id CROSS JOIN "
		     "case_file c ON c.id = a.case_id WHERE "
		     "m.kind = 'nätverksmöte' AND "
		     "m.date >= c.opened_on AND m.date <= ?1 GROUP BY "
		     "a.case_id",
		     "D", (int)sspf_core_today(core))) != SSPF_OK)
		return e;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		long i = find_case(cs, n, sqlite3_column_int64(q, 0));

		if (i >= 0)
			cs[i].first_network = stats_col_date(q, 1);
	}
	if (rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, "counting cases");
	sqlite3_finalize(q);
	return e;
}

static sspf_err load_cases(sspf_core *core, scase **out, size_t *n)
{
	sqlite3_stmt *q;
	sspf_err e;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((e = core_prep(core, &q,
			   "SELECT c.id, c.birth_date, c.gender, c.concerns, "
			   "c.opened_on, c.closed_on, c.record_key FROM "
			   "case_file c ORDER BY c.id",
			   "")) != SSPF_OK)
		return e;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		scase *c;

		if (*n == cap) {
			void *p = realloc(*out,
					  (cap = cap * 2 + 64) * sizeof **out);

			if (p == NULL) {
				e = err_set(SSPF_ERR_NOMEM, "counting cases");
				break;
			}
			*out = p;
		}
		c = &(*out)[(*n)++];
		c->id = sqlite3_column_int64(q, 0);
		c->birth = stats_col_date(q, 1);
		c->gender = gender_of((const char *)sqlite3_column_text(q, 2));
		c->concerns = (unsigned)sqlite3_column_int64(q, 3);
		c->opened = stats_col_date(q, 4);
		c->closed = stats_col_date(q, 5);
		c->first_network = 0;
		c->key = (uint32_t)sqlite3_column_int64(q, 6);
	}
	if (e == SSPF_OK && rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, "counting cases");
	sqlite3_finalize(q);
	if (e == SSPF_OK)
		e = load_first_network(core, *out, *n);
	return e;
}

void stats_count_in(int64_t *cnt, uint32_t *key, int x, uint32_t rec)
{
	cnt[x]++;
	key[x] += rec;
}

/* Cases active, new and closed, by age band x gender. */
static void case_tables(stats_build *b, const sspf_period *p, const scase *cs,
			size_t n)
{
	int64_t act[AGES * GENDERS] = { 0 }, neu[AGES * GENDERS] = { 0 },
			   clo[AGES * GENDERS] = { 0 }, con[CONCERNS] = { 0 };
	uint32_t kact[AGES * GENDERS] = { 0 }, kneu[AGES * GENDERS] = { 0 },
			     kclo[AGES * GENDERS] = { 0 },
			     kcon[CONCERNS] = { 0 };
	size_t x;

	for (size_t i = 0; i < n; i++) {
		const scase *c = &cs[i];
		bool open_at_all = c->opened <= p->last &&
				   (c->closed == 0 || c->closed >= p->first);

		if (open_at_all) {
			sspf_date on = c->closed != 0 && c->closed < p->last
					       ? c->closed
					       : p->last;

			x = (size_t)age_band(c->birth, on) * GENDERS +
			    c->gender;
			act[x]++;
			kact[x] += c->key;
		}
		if (stats_within(c->opened, p)) {
			x = (size_t)age_band(c->birth, c->opened) * GENDERS +
			    c->gender;
			neu[x]++;
			kneu[x] += c->key;
			for (int k = 0; k < CONCERNS - 1; k++) {
				if (c->concerns & (1u << k)) {
					con[k]++;
					kcon[k] += c->key;
				}
			}
			if ((c->concerns & ((1u << (CONCERNS - 1)) - 1)) == 0) {
				con[CONCERNS - 1]++;
				kcon[CONCERNS - 1] += c->key;
			}
		}
		if (stats_within(c->closed, p)) {
			x = (size_t)age_band(c->birth, c->closed) * GENDERS +
			    c->gender;
			clo[x]++;
			kclo[x] += c->key;
		}
	}
	stats_table(b, "cases_active", "age_band", age_names, AGES, "gender",
		    gender_names, GENDERS, act, kact, STATS_MARGINS, true);
	stats_table(b, "cases_new", "age_band", age_names, AGES, "gender",
		    gender_names, GENDERS, neu, kneu, STATS_MARGINS, true);
	stats_table(b, "cases_closed", "age_band", age_names, AGES, "gender",
		    gender_names, GENDERS, clo, kclo, STATS_MARGINS, true);
	/* a case may have several concerns: no total adds up */
	stats_table(b, "new_by_concern", "concern", concern_names, CONCERNS,
		    NULL, NULL, 1, con, kcon, 0, true);
}

/*
 * Consent outcomes by age band: a case counts once per outcome. Given: a
 * consent signed in the period. Declined: a "no" recorded in it.
 * Withdrawn: withdrawn in it. Expired: its last day in the period, not
 * withdrawn before and not followed by a consent signed by the day
 * after. Pending: open at the period's end with no consent signed and no
 * "no" recorded by then.
 */
static sspf_err consent_table(sspf_core *core, stats_build *b,
			      const sspf_period *p, const scase *cs, size_t n)
{
	int64_t cnt[OUTCOMES * AGES] = { 0 };
	uint32_t key[OUTCOMES * AGES] = { 0 };
	sspf_date today = sspf_core_today(core);
	unsigned char *seen = calloc(n ? n : 1, 1); /* outcome bits, per case */
	unsigned char *before = calloc(n ? n : 1, 1); /* signed or declined
							 by the end */
	sqlite3_stmt *q;
	sspf_err e;
	int rc;

	if (seen == NULL || before == NULL) {
		free(seen);
		free(before);
		return err_set(SSPF_ERR_NOMEM, "counting consents");
	}
	e = core_prep(core, &q,
		      "SELECT c.case_id, c.signed_on, c.valid_until, "
		      "c.withdrawn_on, (SELECT MIN(n.signed_on) FROM consent n "
		      "WHERE n.case_id = c.case_id AND n.id > c.id) FROM "
		      "consent c UNION ALL SELECT d.case_id, NULL, NULL, NULL, "
		      "d.declined_on FROM consent_declined d",
		      "");
	while (e == SSPF_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		long i = find_case(cs, n, sqlite3_column_int64(q, 0));
		sspf_date signed_on = stats_col_date(q, 1),
			  until = stats_col_date(q, 2),
			  wd = stats_col_date(q, 3),
			  next = stats_col_date(q, 4);
		int out = -1;
		sspf_date on = 0;

		if (i < 0)
			continue;
		if (signed_on == 0) { /* a "no" (declined_on in column 4) */
			if (stats_within(next, p))
				out = 1, on = next;
			if (next != 0 && next <= p->last)
				before[i] = 1;
		} else {
			if (signed_on <= p->last)
				before[i] = 1;
			if (stats_within(signed_on, p))
				out = 0, on = signed_on;
			if (stats_within(wd, p) && !(seen[i] & (1u << 2))) {
				seen[i] |= 1u << 2;
				stats_count_in(
					cnt, key,
					2 * AGES + age_band(cs[i].birth, wd),
					cs[i].key);
			}
			if (stats_within(until, p) && until < today &&
			    (wd == 0 || wd > until) &&
			    (next == 0 || next > until + 1))
				if (!(seen[i] & (1u << 3))) {
					seen[i] |= 1u << 3;
					stats_count_in(
						cnt, key,
						3 * AGES + age_band(cs[i].birth,
								    until),
						cs[i].key);
				}
		}
		if (out >= 0 && !(seen[i] & (1u << out))) {
			seen[i] |= 1u << out;
			stats_count_in(cnt, key,
				       out * AGES + age_band(cs[i].birth, on),
				       cs[i].key);
		}
	}
	if (e == SSPF_OK && rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, "counting consents");
	if (q != NULL)
		sqlite3_finalize(q);
	for (size_t i = 0; e == SSPF_OK && i < n; i++) {
		const scase *c = &cs[i];

		if (c->opened <= p->last &&
		    (c->closed == 0 || c->closed > p->last) && !before[i])
			stats_count_in(cnt, key,
				       4 * AGES + age_band(c->birth, p->last),
				       c->key);
	}
	free(seen);
	free(before);
	if (e == SSPF_OK)
		/* a case may have several outcomes: totals per outcome only */
		stats_table(b, "consent_outcomes", "outcome", outcome_names,
			    OUTCOMES, "age_band", age_names, AGES, cnt, key,
			    STATS_ROW_TOTALS, true);
	return e;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The median days from a new case's opening to its first nätverksmöte. */
static sspf_err network_median(stats_build *b, const sspf_period *p,
			       const scase *cs, size_t n)
{
	int *days = malloc((n ? n : 1) * sizeof *days);
	size_t m = 0;
	double med = 0;

	if (days == NULL)
		return err_set(SSPF_ERR_NOMEM, "counting cases");
	for (size_t i = 0; i < n; i++)
		if (stats_within(cs[i].opened, p) && cs[i].first_network != 0 &&
		    cs[i].first_network >= cs[i].opened)
			days[m++] = cs[i].first_network - cs[i].opened;
	if (m > 0) {
		qsort(days, m, sizeof *days, cmp_int);
		med = m % 2 ? days[m / 2]
			    : (days[m / 2 - 1] + days[m / 2]) / 2.0;
	}
	/* kept, sorted, for the figures sealed to the city (stats_seal.c) */
	free(b->days);
	b->days = days;
	b->n_days = m;
	stats_value(b, "days_to_network_meeting", SSPF_CELL_MEDIAN, med,
		    (int64_t)m);
	return SSPF_OK;
}

/* Give every case without a record key one, once; it is kept. */
static sspf_err assign_keys(sspf_core *core)
{
	sqlite3_stmt *q;
	sspf_id *ids = NULL;
	size_t n = 0, cap = 0;
	sspf_err e;
	int rc;

	if ((e = core_prep(core, &q,
			   "SELECT id FROM case_file WHERE record_key IS NULL",
			   "")) != SSPF_OK)
		return e;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (n == cap) {
			void *p = realloc(ids,
					  (cap = cap * 2 + 64) * sizeof *ids);

			if (p == NULL) {
				e = err_set(SSPF_ERR_NOMEM, "keying the cases");
				break;
			}
			ids = p;
		}
		ids[n++] = sqlite3_column_int64(q, 0);
	}
	if (e == SSPF_OK && rc != SQLITE_DONE)
		e = sspf_store_sqlerr(core->st, rc, "keying the cases");
	sqlite3_finalize(q);
	for (size_t i = 0; e == SSPF_OK && i < n; i++)
		e = core_run(
			core, NULL, "keying the cases",
			"UPDATE case_file SET record_key = ?1 WHERE id = ?2",
			"ii", (int64_t)ckm_record_key(), ids[i]);
	free(ids);
	return e;
}

sspf_err stats_collect(sspf_core *core, const sspf_period *p, bool keys,
		       stats_build *b)
{
	scase *cs = NULL;
	size_t n = 0;
	sspf_err e;

	if (keys && (e = assign_keys(core)) != SSPF_OK)
		return e;
	if ((e = load_cases(core, &cs, &n)) != SSPF_OK)
		return e;
	case_tables(b, p, cs, n);
	if ((e = consent_table(core, b, p, cs, n)) == SSPF_OK &&
	    (e = stats_action_tables(core, b, p, sspf_core_today(core))) ==
		    SSPF_OK &&
	    (e = stats_meeting_table(core, b, p)) == SSPF_OK)
		e = network_median(b, p, cs, n);
	free(cs);
	if (e == SSPF_OK && b->nomem)
		e = err_set(SSPF_ERR_NOMEM, "making the statistics");
	return e;
}

/* The cases read once for several periods (stats_link.c). */
struct stats_cases {
	scase *cs;
	size_t n;
};

sspf_err stats_cases_load(sspf_core *core, stats_cases **out)
{
	stats_cases *c = calloc(1, sizeof *c);
	sspf_err e;

	*out = NULL;
	if (c == NULL)
		return err_set(SSPF_ERR_NOMEM, "counting cases");
	if ((e = load_cases(core, &c->cs, &c->n)) != SSPF_OK) {
		stats_cases_free(c);
		return e;
	}
	*out = c;
	return SSPF_OK;
}

void stats_cases_free(stats_cases *c)
{
	if (c == NULL)
		return;
	free(c->cs);
	free(c);
}

sspf_err stats_collect_cases(const stats_cases *c, const sspf_period *p,
			     stats_build *b)
{
	case_tables(b, p, c->cs, c->n);
	if (b->nomem)
		return err_set(SSPF_ERR_NOMEM, "making the statistics");
	return SSPF_OK;
}
