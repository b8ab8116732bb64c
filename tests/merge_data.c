/*
 * merge_data.c - the shared fixture of the city merge's suites (see
 * merge_data.h): the stores and the city's key pair, the generated cases
 * of the three districts and of their union, each step on its day, and
 * making, sealing, writing and merging exports.
 */
#include "merge_data.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include <sspf/cases.h>
#include <sspf/meetings.h>
#include <sspf/settings.h>

#include "core/stats_priv.h"

static const char *const district_names[MD_NDIST] = { "Norr", "Söder",
						      "Väster" };
static const int n_cases[MD_NDIST] = { 16, 12, 9 };

static char *dir;
sspf_store *md_st[MD_NDIST + 1]; /* the districts, then the union */
sspf_core *md_core[MD_NDIST + 1];
char *md_keyfile, *md_pubfile;
unsigned char md_city_pub[SSPF_CITY_PUBLIC_BYTES];
sspf_citykey *md_city;

/* What the identifier check looks for: codes and names. */
static char ids[400][64];
static int n_ids;

char *md_path_of(const char *name)
{
	return tu_join(dir, name);
}

void md_write_text(const char *path, const char *text)
{
	tu_write_file(path, text, strlen(text));
}

/* A store and core per district and the union; the city's key pair. */
void md_setup(void)
{
	char *pt, *kt;

	tu_set_today(2026, 1, 2);
	dir = tu_tmpdir();
	for (int i = 0; i <= MD_NDIST; i++) {
		char name[32], *db;

		snprintf(name, sizeof name, "d%d.db", i);
		db = md_path_of(name);
		md_st[i] = tu_create(db, NULL);
		md_core[i] = tu_core_open(md_st[i]);
		tu_ok(sspf_setting_set(md_st[i], "district",
				       i < MD_NDIST ? district_names[i]
						    : "Hela"),
		      "district");
		free(db);
	}
	tu_ok(sspf_citykey_generate(MD_CITY_PASS, strlen(MD_CITY_PASS), &tu_kdf,
				    &pt, &kt),
	      "keygen");
	md_keyfile = md_path_of("city.key");
	md_pubfile = md_path_of("city.pub");
	md_write_text(md_keyfile, kt);
	md_write_text(md_pubfile, pt);
	free(pt);
	free(kt);
	tu_ok(sspf_citykey_read_public(md_pubfile, md_city_pub), "public key");
	tu_ok(sspf_citykey_open(md_keyfile, MD_CITY_PASS, strlen(MD_CITY_PASS),
				&md_city),
	      "secret key");
	n_ids = 0;
}

void md_teardown(void)
{
	sspf_citykey_close(md_city);
	md_city = NULL;
	for (int i = 0; i <= MD_NDIST; i++) {
		sspf_core_close(md_core[i]);
		sspf_store_close(md_st[i]);
	}
	free(md_keyfile);
	free(md_pubfile);
	tu_rmrf(dir);
	free(dir);
}

/* ---- the generated cases ---- */

/* One case of district d: every date a day number, 0 for none. */
struct kase {
	sspf_date birth, opened, closed, consent, withdrawn, declined;
	sspf_date action, done, net;
	sspf_gender gender;
	unsigned concerns, actor;
};

static uint64_t mix(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ull;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
	return x ^ (x >> 31);
}

/* Case j of district d, the same every time. */
static struct kase kase(int d, int j)
{
	static const int years[4] = { 2015, 2012, 2009, 2004 };
	static const sspf_gender gs[4] = { SSPF_GENDER_GIRL, SSPF_GENDER_BOY,
					   SSPF_GENDER_OTHER,
					   SSPF_GENDER_UNSTATED };
	uint64_t r = mix((uint64_t)d * 1000 + (uint64_t)j);
	struct kase k = { 0 };
	int band = (int)(r % 10 < 5 ? 1 : r % 10 < 7 ? 2 : r % 10 < 9 ? 0 : 3);

	r /= 10;
	k.birth = tu_date(years[band], 3, 1);
	k.gender = gs[r % 8 < 4 ? 0 : r % 8 < 7 ? 1 : (int)(r % 8 - 5)];
	r /= 8;
	k.concerns = (1u << (r % 6)) | (r % 5 == 0 ? SSPF_CONCERN_CRIME : 0);
	r /= 30;
	k.opened = tu_date(2026, 5, 1) + (sspf_date)(r % 140);
	r /= 140;
	if (r % 3 == 0)
		k.closed = k.opened + 20 + (sspf_date)(r / 3 % 60);
	r /= 180;
	if (r % 4 != 0) {
		k.consent = k.opened + 2;
		if (r % 7 == 0)
			k.withdrawn = k.consent + 15;
		k.action = k.opened + 4;
		k.actor = 1u << (r / 4 % 5);
		if (r % 2)
			k.done = k.opened + 5 + (sspf_date)(r / 8 % 7);
	} else if (r / 4 % 2) {
		k.declined = k.opened + 3;
	}
	r /= 200;
	if (r % 5 != 0)
		k.net = k.opened + 5 + (sspf_date)(r / 5 % 20);
	return k;
}

static void on(sspf_date day)
{
	int y, m, dd;

	sspf_date_parts(day, &y, &m, &dd);
	tu_set_today(y, m, dd);
}

/* Case j of district d into core c, each step on its day. */
static void make_case(sspf_core *c, int d, int j, sspf_id meeting)
{
	struct kase k = kase(d, j);
	sspf_case_new cn = { 0 };
	sspf_guardian_new g = { 0 };
	sspf_id gid[2], aid;
	char code[SSPF_CODE_SIZE], name[64];

	snprintf(name, sizeof name, "Mergebarn%d%02d Testsson", d, j);
	on(k.opened);
	cn.child_name = name;
	cn.birth = k.birth;
	cn.gender = k.gender;
	cn.school = "Hagaskolan";
	cn.class_name = "9B";
	cn.concerns = k.concerns;
	tu_ok(sspf_case_create(c, &cn, code), "case");
	if (n_ids < 398) {
		snprintf(ids[n_ids++], 64, "%s", code);
		snprintf(ids[n_ids++], 64, "%s", name);
	}
	g.custody = true;
	g.name = "Vårdnadshavare Ett";
	tu_ok(sspf_guardian_add(c, code, &g, &gid[0]), "guardian");
	g.name = "Vårdnadshavare Två";
	tu_ok(sspf_guardian_add(c, code, &g, &gid[1]), "guardian");
	if (k.net)
		tu_ok(sspf_agenda_add_case(c, meeting, code, NULL), "agenda");
	if (k.consent) {
		sspf_consent_new cs = { 0 };

		on(k.consent);
		cs.signed_on = k.consent;
		cs.valid_until = k.consent + 180;
		cs.signed_by = gid;
		cs.n_signed_by = 2;
		cs.youth_signed = true;
		cs.scope = SSPF_ACTOR_ALL;
		tu_ok(sspf_consent_register(c, code, &cs, NULL), "consent");
	}
	if (k.declined) {
		on(k.declined);
		tu_ok(sspf_consent_decline(c, code, k.declined), "no");
	}
	if (k.action) {
		sspf_action_new a = { 0 };

		on(k.action);
		a.what = "Stöd i skolan";
		a.actor = k.actor;
		a.due = k.opened + 30;
		tu_ok(sspf_action_add(c, code, &a, &aid, NULL), "action");
		if (k.done) {
			on(k.done);
			tu_ok(sspf_follow_up_add(c, aid, 0, SSPF_ACTION_DONE,
						 "Klart", NULL, NULL),
			      "follow-up");
		}
	}
	if (k.withdrawn) {
		on(k.withdrawn);
		tu_ok(sspf_consent_withdraw(c, code, k.withdrawn,
					    "Vårdnadshavare Ett", NULL),
		      "withdraw");
	}
	if (k.closed) {
		on(k.closed);
		tu_ok(sspf_case_close(c, code, k.closed, "Avslutat"), "close");
	}
}

/* The cases of district d into store i (d itself, or the union). */
static void md_make_district(int i, int d)
{
	sspf_id mid[32];

	ck_assert_int_le(n_cases[d], 32);
	/* the network meetings first, while they lie ahead */
	tu_set_today(2026, 1, 2);
	for (int j = 0; j < n_cases[d]; j++) {
		struct kase k = kase(d, j);
		sspf_meeting_new m = { SSPF_MEETING_NETWORK,
				       k.net,
				       "09:00",
				       "10:00",
				       "Rum 1",
				       "Skolan" };

		mid[j] = 0;
		if (k.net)
			tu_ok(sspf_meeting_create(md_core[i], &m, &mid[j]),
			      "meeting");
	}
	for (int j = 0; j < n_cases[d]; j++)
		make_case(md_core[i], d, j, mid[j]);
}

/* Every district's cases in its own store and in the union. */
void md_make_all(void)
{
	for (int d = 0; d < MD_NDIST; d++) {
		md_make_district(d, d);
		md_make_district(MD_NDIST, d);
	}
	tu_set_today(2026, 11, 16);
}

/* The same record key for a case in its district and in the union:
   from its name (tests only: the library draws them at random). */
void md_give_keys(sspf_store *s)
{
	sqlite3 *db = sspf_store_db(s);
	sqlite3_stmt *q, *u;

	ck_assert(sqlite3_prepare_v2(db, "SELECT id, child_name FROM case_file",
				     -1, &q, NULL) == SQLITE_OK);
	ck_assert(sqlite3_prepare_v2(db,
				     "UPDATE case_file SET record_key = ?1 "
				     "WHERE id = ?2",
				     -1, &u, NULL) == SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(q, 1);
		uint64_t h = 1469598103934665603ull;

		for (const char *p = name; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ull;
		sqlite3_bind_int64(u, 1, (int64_t)(mix(h) % 0xFFFFFFFEu + 1));
		sqlite3_bind_int64(u, 2, sqlite3_column_int64(q, 0));
		ck_assert(sqlite3_step(u) == SQLITE_DONE);
		sqlite3_reset(u);
	}
	sqlite3_finalize(q);
	sqlite3_finalize(u);
}

/* A few cases in each district: enough to export. */
void md_make_small(void)
{
	for (int d = 0; d < MD_NDIST; d++)
		md_make_district(d, d);
	tu_set_today(2026, 11, 16);
}

/* No code or name of a case in the file at path; no date. */
void md_no_identifier(const char *path)
{
	size_t len;
	char *text = (char *)tu_read_file(path, &len);

	ck_assert_ptr_nonnull(text);
	for (int i = 0; i < n_ids; i++)
		ck_assert_msg(strstr(text, ids[i]) == NULL, "%s in %s", ids[i],
			      path);
	ck_assert(strstr(text, "Hagaskolan") == NULL);
	ck_assert(strstr(text, "2015-03-01") == NULL);
	ck_assert(strstr(text, "2012-03-01") == NULL);
	free(text);
}

/* ---- exports ---- */

sspf_period md_period(const char *text)
{
	sspf_period p;

	tu_ok(sspf_period_parse(text, &p), "period");
	return p;
}

/* Store i's export of period p, sealed to pub (NULL: not sealed). */
sspf_stats *md_export(int i, const char *p, sspf_stats_method m, int k,
		      const unsigned char *pub)
{
	sspf_period per = md_period(p);
	sspf_stats_request rq = { m, k, pub };
	sspf_stats *s = NULL;

	tu_ok(sspf_stats_make_for(md_core[i], &per, &rq, &s), "export");
	ck_assert(pub == NULL || s->sealed != NULL);
	return s;
}

/* s written to dir/name in format f; the path (malloc'ed). */
char *md_save(const sspf_stats *s, const char *name, sspf_stats_format f)
{
	char *path = md_path_of(name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	ck_assert_int_ge(fd, 0);
	tu_ok(sspf_stats_write(s, f, fd), "write");
	close(fd);
	return path;
}

/* Store i's sealed JSON export of p into dir/name. */
char *md_sealed_file(int i, const char *p, sspf_stats_method m, int k,
		     const char *name)
{
	sspf_stats *s = md_export(i, p, m, k, md_city_pub);
	char *path = md_save(s, name, SSPF_STATS_JSON);

	sspf_stats_free(s);
	return path;
}

/* Merge the files; the error, with *out set on success. */
sspf_err md_merge(char *const *files, size_t n, sspf_stats **out)
{
	*out = NULL;
	return sspf_stats_merge(md_city, (const char *const *)files, n, NULL,
				out);
}
