/*
 * import_rows.c - checking the rows of a case list to import (see
 * import.c): each field of a row against its format and vocabulary, the
 * fields of a row against each other, and the rows against each other,
 * turning each row into the plan (struct import_row) and every error into
 * a problem naming line and column.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sspf/cases.h>
#include <sspf/consent.h>
#include <sspf/date.h>

#include "core/cases_priv.h"
#include "core/csv.h"
#include "core/import_priv.h"

/* ---- checking a row ---- */

/* The text of field c of row r ("" if the column is absent). */
static const char *fld(const struct import_ctx *x, const struct csv_row *r,
		       int c)
{
	return x->idx[c] >= 0 ? r->fields[x->idx[c]] : "";
}

/* Whether s looks like YYYY-MM-DD (digits and dashes in place). */
static bool date_shaped(const char *s)
{
	if (strlen(s) != 10)
		return false;
	for (int i = 0; i < 10; i++) {
		bool dash = i == 4 || i == 7;

		if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	}
	return true;
}

/*
 * Date field c of cr into *out; *present tells whether it was filled in.
 * False after a problem.
 */
static bool get_date(struct import_ctx *x, const struct csv_row *cr, int c,
		     sspf_date *out, bool *present)
{
	const char *s = fld(x, cr, c);
	sspf_err e;

	*out = 0;
	*present = s[0] != '\0';
	if (!*present)
		return true;
	if (!date_shaped(s)) {
		import_problem(
			x, cr->line, x->idx[c],
			"not a date written as YYYY-MM-DD (e.g. 2012-03-31)");
		return false;
	}
	e = sspf_date_parse(s, out);
	if (e != SSPF_OK) {
		import_problem(x, cr->line, x->idx[c],
			       "not a real date, or not from 1900-2199");
		return false;
	}
	return true;
}

/* ja/nej of field c: 1, 0 (also empty), or -1 after a problem. */
static int get_yes_no(struct import_ctx *x, const struct csv_row *cr, int c)
{
	static const char *const yes[] = { "ja", "j",	 "yes",	 "y", "x",
					   "1",	 "sant", "true", NULL };
	static const char *const no[] = { "nej",    "n",     "no", "0",
					  "falskt", "false", NULL };
	const char *s = fld(x, cr, c);
	char w[IMPORT_FOLD_MAX];

	if (s[0] == '\0')
		return 0;
	if (import_fold(s, w)) {
		if (import_word_in(w, yes))
			return 1;
		if (import_word_in(w, no))
			return 0;
	}
	import_problem(x, cr->line, x->idx[c],
		       "'%.40s' is not ja or nej (yes or no)", s);
	return -1;
}

static bool get_gender(struct import_ctx *x, const struct csv_row *cr,
		       sspf_gender *g)
{
	static const struct {
		const char *w;
		sspf_gender g;
	} words[] = {
		{ "flicka", SSPF_GENDER_GIRL },
		{ "girl", SSPF_GENDER_GIRL },
		{ "tjej", SSPF_GENDER_GIRL },
		{ "pojke", SSPF_GENDER_BOY },
		{ "boy", SSPF_GENDER_BOY },
		{ "kille", SSPF_GENDER_BOY },
		{ "annat", SSPF_GENDER_OTHER },
		{ "other", SSPF_GENDER_OTHER },
		{ "ejangivet", SSPF_GENDER_UNSTATED },
		{ "ejangiven", SSPF_GENDER_UNSTATED },
		{ "notstated", SSPF_GENDER_UNSTATED },
		{ "unstated", SSPF_GENDER_UNSTATED },
	};
	const char *s = fld(x, cr, C_GENDER);
	char w[IMPORT_FOLD_MAX];

	*g = SSPF_GENDER_UNSTATED;
	if (s[0] == '\0')
		return true;
	if (import_fold(s, w))
		for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
			if (strcmp(w, words[i].w) == 0) {
				*g = words[i].g;
				return true;
			}
	import_problem(x, cr->line, x->idx[C_GENDER],
		       "unknown gender '%.40s'; write flicka, pojke, annat, ej "
		       "angivet or leave it empty",
		       s);
	return false;
}

/* The actor of one word of a scope; 0 if unknown. */
static unsigned actor_of(const char *word)
{
	static const struct {
		const char *w;
		unsigned a;
	} more[] = {
		{ "school", SSPF_ACTOR_SKOLA },
		{ "socialservices", SSPF_ACTOR_SOCIALTJANST },
		{ "soc", SSPF_ACTOR_SOCIALTJANST },
		{ "socialtjansten", SSPF_ACTOR_SOCIALTJANST },
		{ "police", SSPF_ACTOR_POLIS },
		{ "polisen", SSPF_ACTOR_POLIS },
		{ "leisure", SSPF_ACTOR_FRITID },
		{ "fritiden", SSPF_ACTOR_FRITID },
		{ "other", SSPF_ACTOR_ANNAN },
		{ "annat", SSPF_ACTOR_ANNAN },
	};
	unsigned a = sspf_actor_parse(word);
	char w[IMPORT_FOLD_MAX];

	if (a != 0)
		return a;
	if (import_fold(word, w))
		for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
			if (strcmp(w, more[i].w) == 0)
				return more[i].a;
	return 0;
}

/* The concern category of one folded word; 0 if unknown. */
static unsigned concern_of_folded(const char *w)
{
	static const struct {
		const char *w;
		unsigned c;
	} words[] = {
		{ "skolk", SSPF_CONCERN_TRUANCY },
		{ "franvaro", SSPF_CONCERN_TRUANCY },
		{ "skolfranvaro", SSPF_CONCERN_TRUANCY },
		{ "skolk/franvaro", SSPF_CONCERN_TRUANCY },
		{ "skolkochfranvaro", SSPF_CONCERN_TRUANCY },
		{ "truancy", SSPF_CONCERN_TRUANCY },
		{ "absence", SSPF_CONCERN_TRUANCY },
		{ "truancy/absence", SSPF_CONCERN_TRUANCY },
		{ "brott", SSPF_CONCERN_CRIME },
		{ "brottslighet", SSPF_CONCERN_CRIME },
		{ "misstanktbrottslighet", SSPF_CONCERN_CRIME },
		{ "misstanktbrott", SSPF_CONCERN_CRIME },
		{ "kriminalitet", SSPF_CONCERN_CRIME },
		{ "crime", SSPF_CONCERN_CRIME },
		{ "suspectedcrime", SSPF_CONCERN_CRIME },
		{ "alkohol", SSPF_CONCERN_DRUGS },
		{ "narkotika", SSPF_CONCERN_DRUGS },
		{ "alkohol/narkotika", SSPF_CONCERN_DRUGS },
		{ "alkoholochnarkotika", SSPF_CONCERN_DRUGS },
		{ "droger", SSPF_CONCERN_DRUGS },
		{ "missbruk", SSPF_CONCERN_DRUGS },
		{ "drugs", SSPF_CONCERN_DRUGS },
		{ "alcohol", SSPF_CONCERN_DRUGS },
		{ "alcohol/drugs", SSPF_CONCERN_DRUGS },
		{ "destruktivmiljo", SSPF_CONCERN_PEERS },
		{ "destruktivmiljo/kamrater", SSPF_CONCERN_PEERS },
		{ "destruktivamiljoer", SSPF_CONCERN_PEERS },
		{ "destruktivakamrater", SSPF_CONCERN_PEERS },
		{ "kamrater", SSPF_CONCERN_PEERS },
		{ "miljo", SSPF_CONCERN_PEERS },
		{ "peers", SSPF_CONCERN_PEERS },
		{ "destructivepeers", SSPF_CONCERN_PEERS },
		{ "vbe", SSPF_CONCERN_EXTREMISM },
		{ "valdsbejakandeextremism", SSPF_CONCERN_EXTREMISM },
		{ "extremism", SSPF_CONCERN_EXTREMISM },
		{ "violentextremism", SSPF_CONCERN_EXTREMISM },
		{ "annat", SSPF_CONCERN_OTHER },
		{ "ovrigt", SSPF_CONCERN_OTHER },
		{ "other", SSPF_CONCERN_OTHER },
	};

	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(w, words[i].w) == 0)
			return words[i].c;
	return 0;
}

/* One word of concerns: whole, or its parts between '/'; 0 if unknown. */
static unsigned concern_of(const char *word)
{
	char w[IMPORT_FOLD_MAX], *part, *save = NULL;
	unsigned c, all = 0;

	if (!import_fold(word, w))
		return 0;
	if ((c = concern_of_folded(w)) != 0)
		return c;
	for (part = strtok_r(w, "/", &save); part != NULL;
	     part = strtok_r(NULL, "/", &save)) {
		if ((c = concern_of_folded(part)) == 0)
			return 0;
		all |= c;
	}
	return all;
}

/*
 * Split field c of cr at any of seps and give each non-empty, trimmed word
 * to parse; the bits of all words into *out. An unknown word is a problem
 * (what names the vocabulary). False after a problem.
 */
static bool get_words(struct import_ctx *x, const struct csv_row *cr, int c,
		      const char *seps, unsigned (*parse)(const char *),
		      const char *what, unsigned *out)
{
	const char *s = fld(x, cr, c);
	char word[IMPORT_FOLD_MAX];
	bool good = true;

	*out = 0;
	while (*s != '\0') {
		size_t n = strcspn(s, seps);
		unsigned bits = 0;

		if (n < sizeof word) {
			memcpy(word, s, n);
			word[n] = '\0';
			import_trim(word);
			if (word[0] == '\0')
				goto next;
			bits = parse(word);
		} else {
			memcpy(word, s, sizeof word - 1);
			word[sizeof word - 1] = '\0';
		}
		if (bits == 0) {
			import_problem(x, cr->line, x->idx[c],
				       "unknown %s '%.40s'", what, word);
			good = false;
		}
		*out |= bits;
next:
		s += n;
		if (*s != '\0')
			s++;
	}
	return good;
}

/* A name field: at most SSPF_NAME_MAX bytes. */
static bool name_fits(struct import_ctx *x, const struct csv_row *cr, int c)
{
	if (strlen(fld(x, cr, c)) <= SSPF_NAME_MAX)
		return true;
	import_problem(x, cr->line, x->idx[c],
		       "the name is longer than %d bytes", SSPF_NAME_MAX);
	return false;
}

/* The consent columns of a row; false after a problem. */
static bool check_consent(struct import_ctx *x, const struct csv_row *cr,
			  struct import_row *r)
{
	bool good = true, present;
	int youth;

	if (!get_date(x, cr, C_SIGNED, &r->signed_on, &r->has_consent))
		return false;
	if (!get_date(x, cr, C_UNTIL, &r->until, &present))
		good = false;
	else if (present && !r->has_consent) {
		import_problem(x, cr->line, x->idx[C_UNTIL],
			       "filled in, but consent_signed is empty");
		good = false;
	}
	if (!get_date(x, cr, C_WITHDRAWN, &r->withdrawn_on, &r->withdrawn))
		good = false;
	if ((youth = get_yes_no(x, cr, C_YOUTH)) < 0)
		good = false;
	r->youth = youth == 1;
	if (!get_words(x, cr, C_SCOPE, ",;|/+", actor_of,
		       "actor (skola, socialtjänst, polis, fritid, annan)",
		       &r->scope))
		good = false;

	if (!r->has_consent) {
		if (r->youth) {
			import_problem(x, cr->line, x->idx[C_YOUTH],
				       "ja, but consent_signed is empty");
			good = false;
		}
		if (r->scope != 0) {
			import_problem(
				x, cr->line, x->idx[C_SCOPE],
				"filled in, but consent_signed is empty");
			good = false;
		}
		if (r->withdrawn) {
			import_problem(
				x, cr->line, x->idx[C_WITHDRAWN],
				"filled in, but consent_signed is empty");
			good = false;
		}
		return good;
	}
	if (r->signed_on > x->today) {
		import_problem(x, cr->line, x->idx[C_SIGNED],
			       "the signing date lies in the future");
		good = false;
	}
	if (r->until != 0 && r->until < r->signed_on) {
		import_problem(x, cr->line, x->idx[C_UNTIL],
			       "the consent would end before it was signed "
			       "(consent_signed)");
		good = false;
	}
	if (r->scope == 0 && fld(x, cr, C_SCOPE)[0] == '\0') {
		import_problem(
			x, cr->line,
			x->idx[C_SCOPE] >= 0 ? x->idx[C_SCOPE]
					     : x->idx[C_SIGNED],
			"a consent must name the actors it covers in "
			"consent_scope (e.g. skola,socialtjänst,polis,fritid)");
		good = false;
	}
	if (r->withdrawn && r->withdrawn_on < r->signed_on) {
		import_problem(x, cr->line, x->idx[C_WITHDRAWN],
			       "the withdrawal lies before the signing date "
			       "(consent_signed)");
		good = false;
	}
	if (r->withdrawn && r->withdrawn_on > x->today) {
		import_problem(x, cr->line, x->idx[C_WITHDRAWN],
			       "the withdrawal date lies in the future");
		good = false;
	}
	if (r->g1name[0] == '\0' && r->birth_ok &&
	    sspf_date_age(r->birth, r->signed_on) < 18) {
		import_problem(
			x, cr->line, x->idx[C_SIGNED],
			"a consent for a child is signed by the guardians, "
			"but guardian1_name is empty");
		good = false;
	}
	return good;
}

/* Check row cr into *r; problems for everything wrong. */
void import_check_row(struct import_ctx *x, const struct csv_row *cr,
		      struct import_row *r)
{
	bool good = true, present;
	int sole;

	memset(r, 0, sizeof *r);
	r->line = cr->line;

	r->code = fld(x, cr, C_CODE);
	if (r->code[0] != '\0' &&
	    !cases_parse_code(r->code, &r->year, &r->seq)) {
		import_problem(
			x, cr->line, x->idx[C_CODE],
			"'%.20s' is not a case code (YYYY-NNN, e.g. 2026-014); "
			"leave it empty to get the next code",
			r->code);
		good = false;
	}

	r->name = fld(x, cr, C_NAME);
	if (r->name[0] == '\0') {
		if (x->idx[C_NAME] >= 0)
			import_problem(x, cr->line, x->idx[C_NAME],
				       "the child's name is missing");
		good = false;
	} else if (!name_fits(x, cr, C_NAME)) {
		good = false;
	}

	if (!get_date(x, cr, C_BIRTH, &r->birth, &present)) {
		good = false;
	} else if (!present) {
		if (x->idx[C_BIRTH] >= 0)
			import_problem(
				x, cr->line, x->idx[C_BIRTH],
				"the birth date is missing (YYYY-MM-DD)");
		good = false;
	} else if (r->birth > x->today) {
		import_problem(x, cr->line, x->idx[C_BIRTH],
			       "the birth date lies in the future");
		good = false;
	} else {
		r->birth_ok = true;
	}

	if (!get_gender(x, cr, &r->gender))
		good = false;
	r->school = fld(x, cr, C_SCHOOL);
	r->class_name = fld(x, cr, C_CLASS);
	r->district = fld(x, cr, C_DISTRICT);
	r->note = fld(x, cr, C_NOTE);

	r->g1name = fld(x, cr, C_G1NAME);
	r->g1phone = fld(x, cr, C_G1PHONE);
	r->g2name = fld(x, cr, C_G2NAME);
	r->g2phone = fld(x, cr, C_G2PHONE);
	if (!name_fits(x, cr, C_G1NAME) || !name_fits(x, cr, C_G2NAME))
		good = false;
	if (r->g1name[0] == '\0' && r->g1phone[0] != '\0') {
		import_problem(x, cr->line, x->idx[C_G1PHONE],
			       "a phone number without guardian1_name");
		good = false;
	}
	if (r->g2name[0] == '\0' && r->g2phone[0] != '\0') {
		import_problem(x, cr->line, x->idx[C_G2PHONE],
			       "a phone number without guardian2_name");
		good = false;
	}
	if (r->g1name[0] == '\0' && r->g2name[0] != '\0') {
		import_problem(
			x, cr->line, x->idx[C_G2NAME],
			"guardian2 is filled in but guardian1 is not; use "
			"guardian1 first");
		good = false;
	}
	if ((sole = get_yes_no(x, cr, C_SOLE)) < 0)
		good = false;
	r->sole = sole == 1;
	if (r->sole && r->g1name[0] == '\0') {
		import_problem(
			x, cr->line, x->idx[C_SOLE],
			"sole custody, but guardian1_name (who has it) is "
			"empty");
		good = false;
	}

	if (!check_consent(x, cr, r))
		good = false;
	if (!get_words(x, cr, C_CONCERNS, ";|,\n", concern_of,
		       "concern (skolk/frånvaro, brott, alkohol/narkotika, "
		       "destruktiv miljö/kamrater, vbe, annat)",
		       &r->concerns))
		good = false;
	r->ok = good;
}

/* Whether every field of cr is empty (after trimming). */
bool import_row_empty(const csv_table *t, const struct csv_row *cr)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (cr->fields[i][0] != '\0')
			return false;
	return true;
}

/* ---- the same case twice in the file ---- */

static int by_code(const void *a, const void *b)
{
	const struct import_row *p = *(const struct import_row *const *)a;
	const struct import_row *q = *(const struct import_row *const *)b;

	if (p->year != q->year)
		return p->year < q->year ? -1 : 1;
	if (p->seq != q->seq)
		return p->seq < q->seq ? -1 : 1;
	return p->line < q->line ? -1 : p->line > q->line;
}

static int by_child(const void *a, const void *b)
{
	const struct import_row *p = *(const struct import_row *const *)a;
	const struct import_row *q = *(const struct import_row *const *)b;
	int c = strcmp(p->name, q->name);

	if (c != 0)
		return c;
	if (p->birth != q->birth)
		return p->birth < q->birth ? -1 : 1;
	return p->line < q->line ? -1 : p->line > q->line;
}

/*
 * Problems for the same case code twice, and for a row without a code
 * whose child (name and birth date) is on another row too: importing them
 * would make two cases of one child, or match the row with itself.
 */
void import_check_twice(struct import_ctx *x, struct import_row *rows, size_t n)
{
	struct import_row **v = malloc((n != 0 ? n : 1) * sizeof *v);
	size_t m = 0;

	if (v == NULL) {
		x->nomem = true;
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (rows[i].ok && rows[i].code[0] != '\0')
			v[m++] = &rows[i];
	qsort(v, m, sizeof *v, by_code);
	for (size_t i = 1; i < m; i++)
		if (v[i]->year == v[i - 1]->year &&
		    v[i]->seq == v[i - 1]->seq) {
			import_problem(x, v[i]->line, x->idx[C_CODE],
				       "the same case code as on line %u",
				       v[i - 1]->line);
			v[i]->ok = false;
		}

	m = 0;
	for (size_t i = 0; i < n; i++)
		if (rows[i].name[0] != '\0' && rows[i].birth_ok)
			v[m++] = &rows[i];
	qsort(v, m, sizeof *v, by_child);
	for (size_t i = 0; i < m;) {
		size_t j = i + 1;

		while (j < m && strcmp(v[j]->name, v[i]->name) == 0 &&
		       v[j]->birth == v[i]->birth)
			j++;
		for (size_t k = i; j - i > 1 && k < j; k++) {
			if (v[k]->code[0] != '\0')
				continue;
			import_problem(
				x, v[k]->line, x->idx[C_NAME],
				"the same child_name and birth_date as on "
				"line %u; give each case once",
				v[k == i ? i + 1 : i]->line);
			v[k]->ok = false;
		}
		i = j;
	}
	free(v);
}
