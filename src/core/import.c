/*
 * import.c - importing a coordinator's case list from a CSV file
 * (include/sspf/import.h). Three steps:
 *
 *   1. csv_parse() reads the file into a table of UTF-8 fields;
 *   2. every row is checked and turned into a plan (struct row), without
 *      touching the database, collecting every problem of every row;
 *   3. only if there is none, the plan is applied in one transaction
 *      through sspf_case_create, sspf_guardian_add, sspf_consent_register
 *      and sspf_consent_withdraw (which open a SAVEPOINT inside it), so the
 *      rules and audit entries are those of cases made one by one. Any
 *      failure rolls all of it back.
 *
 * Ownership: the plan points into the CSV table (owned here, wiped and
 * freed by csv_table_free before returning); the problem texts belong to
 * the report (sspf_import_report_free wipes them). Problem texts name
 * lines, columns and short values of the fixed vocabularies (gender, yes
 * or no, actors, concerns), never a name, a phone number, a date or a note.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include <sspf/cases.h>
#include <sspf/consent.h>
#include <sspf/date.h>
#include <sspf/import.h>

#include "core/core_priv.h"
#include "core/csv.h"
#include "store/errors_internal.h"

/* ---- columns ---- */

enum col {
	C_CODE,
	C_NAME,
	C_BIRTH,
	C_GENDER,
	C_SCHOOL,
	C_CLASS,
	C_DISTRICT,
	C_G1NAME,
	C_G1PHONE,
	C_G2NAME,
	C_G2PHONE,
	C_SOLE,
	C_SIGNED,
	C_YOUTH,
	C_UNTIL,
	C_SCOPE,
	C_WITHDRAWN,
	C_CONCERNS,
	C_NOTE,
	N_COLS
};

/*
 * The columns: the English name, then other names folded as fold() does
 * (lower case, without spaces, '_' and '-', å and ä as a, ö as o).
 */
static const struct {
	const char *name;
	const char *alias[8];
} columns[N_COLS] = {
	[C_CODE] = { "case_code",
		     { "casecode", "code", "arendekod", "arende",
		       "arendenummer", "kod" } },
	[C_NAME] = { "child_name",
		     { "childname", "name", "namn", "barnetsnamn", "barnnamn",
		       "barn" } },
	[C_BIRTH] = { "birth_date",
		      { "birthdate", "dateofbirth", "fodelsedatum", "fodd" } },
	[C_GENDER] = { "gender", { "gender", "kon" } },
	[C_SCHOOL] = { "school", { "school", "skola" } },
	[C_CLASS] = { "class", { "class", "klass" } },
	[C_DISTRICT] = { "district", { "district", "stadsdel", "omrade" } },
	[C_G1NAME] = { "guardian1_name",
		       { "guardian1name", "guardian1", "vardnadshavare1namn",
			 "vardnadshavare1", "vh1namn", "vh1" } },
	[C_G1PHONE] = { "guardian1_phone",
			{ "guardian1phone", "vardnadshavare1telefon",
			  "vardnadshavare1tel", "vh1telefon", "vh1tel" } },
	[C_G2NAME] = { "guardian2_name",
		       { "guardian2name", "guardian2", "vardnadshavare2namn",
			 "vardnadshavare2", "vh2namn", "vh2" } },
	[C_G2PHONE] = { "guardian2_phone",
			{ "guardian2phone", "vardnadshavare2telefon",
			  "vardnadshavare2tel", "vh2telefon", "vh2tel" } },
	[C_SOLE] = { "sole_custody", { "solecustody", "ensamvardnad" } },
	[C_SIGNED] = { "consent_signed",
		       { "consentsigned", "samtyckeundertecknat",
			 "samtyckeunderskrivet", "samtyckedatum" } },
	[C_YOUTH] = { "youth_signed",
		      { "youthsigned", "ungdomundertecknat",
			"ungdomenundertecknat", "ungdomunderskrift" } },
	[C_UNTIL] = { "consent_valid_until",
		      { "consentvaliduntil", "samtyckegiltigttill",
			"giltigttill" } },
	[C_SCOPE] = { "consent_scope",
		      { "consentscope", "samtyckeomfattning", "omfattning" } },
	[C_WITHDRAWN] = { "consent_withdrawn",
			  { "consentwithdrawn", "samtyckeaterkallat",
			    "aterkallat" } },
	[C_CONCERNS] = { "concerns",
			 { "concerns", "concern", "oro", "orosomraden",
			   "oroskategorier" } },
	[C_NOTE] = { "note",
		     { "note", "notes", "anteckning", "anteckningar",
		       "kommentar" } },
};

_Static_assert(SSPF_IMPORT_MAX_BYTES == CSV_MAX_BYTES,
	       "import.h and csv.h must agree on the largest file");

/* Who a withdrawal read from a spreadsheet is recorded as made by. */
#define WITHDRAWN_BY "import"

/* Longest folded word compared (column names, vocabulary values). */
#define FOLD_MAX 64

/*
 * Fold s for comparing: ASCII lower case, å ä (also A/a with a combining
 * ring or diaeresis) as a, ö as o, é as e, without spaces, tabs, '_', '-'
 * and no-break spaces. False if the result does not fit out.
 */
static bool fold(const char *s, char out[FOLD_MAX])
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	while (*p != '\0') {
		unsigned char c = *p++;

		if (c == ' ' || c == '\t' || c == '_' || c == '-')
			continue;
		if (c == 0xc2 && *p == 0xa0) { /* no-break space */
			p++;
			continue;
		}
		if (c == 0xcc &&
		    (*p == 0x8a || *p == 0x88)) { /* ring, diaer. */
			p++;
			continue;
		}
		if (c == 0xc3) {
			switch (*p) {
			case 0xa5: /* å */
			case 0x85: /* Å */
			case 0xa4: /* ä */
			case 0x84: /* Ä */
				c = 'a';
				p++;
				break;
			case 0xb6: /* ö */
			case 0x96: /* Ö */
				c = 'o';
				p++;
				break;
			case 0xa9: /* é */
			case 0x89: /* É */
				c = 'e';
				p++;
				break;
			default:
				break;
			}
		} else if (c >= 'A' && c <= 'Z') {
			c = (unsigned char)(c - 'A' + 'a');
		}
		if (n + 1 >= FOLD_MAX)
			return false;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return true;
}

/* Whether folded word w is one of the NULL-ended list. */
static bool word_in(const char *w, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(w, *list) == 0)
			return true;
	return false;
}

/* Excel's letters of 0-based column i (A, B, ..., Z, AA, ...). */
static void col_letters(size_t i, char out[4])
{
	if (i < 26) {
		out[0] = (char)('A' + i);
		out[1] = '\0';
	} else if (i < 26 + 26 * 26) {
		out[0] = (char)('A' + (i - 26) / 26);
		out[1] = (char)('A' + (i - 26) % 26);
		out[2] = '\0';
	} else {
		strcpy(out, "?");
	}
}

/* Remove leading and trailing white space of s in place. */
static void trim(char *s)
{
	size_t a = 0, n = strlen(s);

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
			 s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	while (a < n &&
	       (s[a] == ' ' || s[a] == '\t' || s[a] == '\r' || s[a] == '\n'))
		a++;
	memmove(s, s + a, n - a);
	s[n - a] = '\0';
}

/* ---- problems ---- */

struct problem {
	unsigned line;
	size_t order; /* the order found, for a stable sort */
	char *text;   /* owned */
};

/* Everything the checking step needs. */
struct ctx {
	const csv_table *t;
	int idx[N_COLS];       /* column of each field, -1 if absent */
	struct problem *probs; /* owned */
	size_t n_probs, cap_probs;
	size_t more; /* problems beyond SSPF_IMPORT_MAX_PROBLEMS */
	bool nomem;
	sspf_date today;
};

static void problem_add(struct ctx *x, unsigned line, const char *text)
{
	char *copy;

	if (x->nomem)
		return;
	if (x->n_probs >= SSPF_IMPORT_MAX_PROBLEMS) {
		x->more++;
		return;
	}
	if (x->n_probs == x->cap_probs) {
		size_t cap = x->cap_probs != 0 ? 2 * x->cap_probs : 16;
		struct problem *p = realloc(x->probs, cap * sizeof *p);

		if (p == NULL) {
			x->nomem = true;
			return;
		}
		x->probs = p;
		x->cap_probs = cap;
	}
	if ((copy = strdup(text)) == NULL) {
		x->nomem = true;
		return;
	}
	x->probs[x->n_probs].line = line;
	x->probs[x->n_probs].order = x->n_probs;
	x->probs[x->n_probs].text = copy;
	x->n_probs++;
}

/*
 * A problem of the field at header column hcol (-1: the row as a whole) on
 * line: "line N, column NAME (L): " + the message.
 */
static void problem(struct ctx *x, unsigned line, int hcol, const char *fmt,
		    ...) __attribute__((format(printf, 4, 5)));
static void problem(struct ctx *x, unsigned line, int hcol, const char *fmt,
		    ...)
{
	char buf[512], letters[4];
	int n;
	va_list ap;

	if (hcol >= 0) {
		col_letters((size_t)hcol, letters);
		n = snprintf(buf, sizeof buf,
			     "line %u, column %.60s (%s): ", line,
			     x->t->rows[0].fields[hcol], letters);
	} else {
		n = snprintf(buf, sizeof buf, "line %u: ", line);
	}
	if (n < 0 || (size_t)n >= sizeof buf)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(buf + n, sizeof buf - (size_t)n, fmt, ap);
	va_end(ap);
	problem_add(x, line, buf);
	sodium_memzero(buf, sizeof buf);
}

static int problem_cmp(const void *a, const void *b)
{
	const struct problem *p = a, *q = b;

	if (p->line != q->line)
		return p->line < q->line ? -1 : 1;
	return p->order < q->order ? -1 : p->order > q->order;
}

static void problems_free(struct problem *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sodium_memzero(p[i].text, strlen(p[i].text));
		free(p[i].text);
	}
	free(p);
}

/* Move the problems of x into rep, in file order. */
static sspf_err problems_to_report(struct ctx *x, sspf_import_report *rep)
{
	size_t n = x->n_probs + (x->more > 0 ? 1 : 0);
	char more[96];

	if (x->nomem)
		return err_set(SSPF_ERR_NOMEM, "listing the problems");
	if (n == 0)
		return SSPF_OK;
	qsort(x->probs, x->n_probs, sizeof *x->probs, problem_cmp);
	if ((rep->problems = calloc(n, sizeof *rep->problems)) == NULL)
		return err_set(SSPF_ERR_NOMEM, "listing the problems");
	for (size_t i = 0; i < x->n_probs; i++) {
		rep->problems[i] = x->probs[i].text;
		x->probs[i].text = NULL;
	}
	rep->n_problems = x->n_probs;
	free(x->probs);
	x->probs = NULL;
	x->n_probs = 0;
	if (x->more > 0) {
		snprintf(more, sizeof more, "... and %zu more problems",
			 x->more);
		if ((rep->problems[rep->n_problems] = strdup(more)) == NULL)
			return err_set(SSPF_ERR_NOMEM, "listing the problems");
		rep->n_problems++;
	}
	return SSPF_OK;
}

void sspf_import_report_free(sspf_import_report *rep)
{
	if (rep == NULL)
		return;
	for (size_t i = 0; i < rep->n_problems; i++) {
		if (rep->problems[i] == NULL)
			continue;
		sodium_memzero(rep->problems[i], strlen(rep->problems[i]));
		free(rep->problems[i]);
	}
	free(rep->problems);
	memset(rep, 0, sizeof *rep);
	rep->encoding = "";
}

/* ---- the header ---- */

/* Map the header's columns to fields; problems for wrong ones. */
static void read_header(struct ctx *x)
{
	const struct csv_row *h = &x->t->rows[0];
	char w[FOLD_MAX];

	for (int c = 0; c < N_COLS; c++)
		x->idx[c] = -1;
	for (size_t i = 0; i < x->t->ncols; i++) {
		int found = -1;

		trim(h->fields[i]);
		if (h->fields[i][0] == '\0') {
			problem(x, h->line, (int)i,
				"the column has no name; remove it or name it");
			continue;
		}
		if (fold(h->fields[i], w))
			for (int c = 0; c < N_COLS && found < 0; c++)
				if (word_in(w, columns[c].alias))
					found = c;
		if (found < 0) {
			problem(x, h->line, (int)i,
				"unknown column; the columns are case_code, "
				"child_name, birth_date, gender, school, "
				"class, district, guardian1_name, "
				"guardian1_phone, guardian2_name, "
				"guardian2_phone, sole_custody, "
				"consent_signed, youth_signed, "
				"consent_valid_until, consent_scope, "
				"consent_withdrawn, concerns, note (or their "
				"Swedish names)");
			continue;
		}
		if (x->idx[found] >= 0) {
			char letters[4];

			col_letters((size_t)x->idx[found], letters);
			problem(x, h->line, (int)i,
				"the same column as column %s (%s), %s",
				h->fields[x->idx[found]], letters,
				columns[found].name);
			continue;
		}
		x->idx[found] = (int)i;
	}
	if (x->idx[C_NAME] < 0)
		problem(x, h->line, -1,
			"the file has no column child_name (namn); it is "
			"needed");
	if (x->idx[C_BIRTH] < 0)
		problem(x, h->line, -1,
			"the file has no column birth_date (födelsedatum); "
			"it is needed");
}

/* ---- checking a row ---- */

/* One case to import, as checked; strings point into the CSV table. */
struct row {
	unsigned line;
	bool ok;	  /* no problem found */
	const char *code; /* "" for the next code */
	int year;
	int64_t seq;
	const char *name;
	bool birth_ok;
	sspf_date birth;
	sspf_gender gender;
	const char *school, *class_name, *district, *note;
	const char *g1name, *g1phone, *g2name, *g2phone;
	bool sole;
	bool has_consent;
	sspf_date signed_on, until; /* until 0: the setting's validity */
	bool youth;
	unsigned scope;
	bool withdrawn;
	sspf_date withdrawn_on;
	unsigned concerns;
};

/* The text of field c of row r ("" if the column is absent). */
static const char *fld(const struct ctx *x, const struct csv_row *r, int c)
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
static bool get_date(struct ctx *x, const struct csv_row *cr, int c,
		     sspf_date *out, bool *present)
{
	const char *s = fld(x, cr, c);
	sspf_err e;

	*out = 0;
	*present = s[0] != '\0';
	if (!*present)
		return true;
	if (!date_shaped(s)) {
		problem(x, cr->line, x->idx[c],
			"not a date written as YYYY-MM-DD (e.g. 2012-03-31)");
		return false;
	}
	e = sspf_date_parse(s, out);
	if (e != SSPF_OK) {
		problem(x, cr->line, x->idx[c],
			"not a real date, or not from 1900-2199");
		return false;
	}
	return true;
}

/* ja/nej of field c: 1, 0 (also empty), or -1 after a problem. */
static int get_yes_no(struct ctx *x, const struct csv_row *cr, int c)
{
	static const char *const yes[] = { "ja", "j",	 "yes",	 "y", "x",
					   "1",	 "sant", "true", NULL };
	static const char *const no[] = { "nej",    "n",     "no", "0",
					  "falskt", "false", NULL };
	const char *s = fld(x, cr, c);
	char w[FOLD_MAX];

	if (s[0] == '\0')
		return 0;
	if (fold(s, w)) {
		if (word_in(w, yes))
			return 1;
		if (word_in(w, no))
			return 0;
	}
	problem(x, cr->line, x->idx[c], "'%.40s' is not ja or nej (yes or no)",
		s);
	return -1;
}

static bool get_gender(struct ctx *x, const struct csv_row *cr, sspf_gender *g)
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
	char w[FOLD_MAX];

	*g = SSPF_GENDER_UNSTATED;
	if (s[0] == '\0')
		return true;
	if (fold(s, w))
		for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
			if (strcmp(w, words[i].w) == 0) {
				*g = words[i].g;
				return true;
			}
	problem(x, cr->line, x->idx[C_GENDER],
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
	char w[FOLD_MAX];

	if (a != 0)
		return a;
	if (fold(word, w))
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
	char w[FOLD_MAX], *part, *save = NULL;
	unsigned c, all = 0;

	if (!fold(word, w))
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
static bool get_words(struct ctx *x, const struct csv_row *cr, int c,
		      const char *seps, unsigned (*parse)(const char *),
		      const char *what, unsigned *out)
{
	const char *s = fld(x, cr, c);
	char word[FOLD_MAX];
	bool good = true;

	*out = 0;
	while (*s != '\0') {
		size_t n = strcspn(s, seps);
		unsigned bits = 0;

		if (n < sizeof word) {
			memcpy(word, s, n);
			word[n] = '\0';
			trim(word);
			if (word[0] == '\0')
				goto next;
			bits = parse(word);
		} else {
			memcpy(word, s, sizeof word - 1);
			word[sizeof word - 1] = '\0';
		}
		if (bits == 0) {
			problem(x, cr->line, x->idx[c], "unknown %s '%.40s'",
				what, word);
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

/* Whether code matches ^[0-9]{4}-[0-9]{3,}$ and fits; year and number. */
static bool parse_code(const char *code, int *year, int64_t *seq)
{
	size_t n = strlen(code);

	if (n < 8 || n >= SSPF_CODE_SIZE || code[4] != '-')
		return false;
	*year = 0;
	*seq = 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 4)
			continue;
		if (code[i] < '0' || code[i] > '9')
			return false;
		if (i < 4)
			*year = *year * 10 + (code[i] - '0');
		else
			*seq = *seq * 10 + (code[i] - '0');
	}
	return true;
}

/* A name field: at most SSPF_NAME_MAX bytes. */
static bool name_fits(struct ctx *x, const struct csv_row *cr, int c)
{
	if (strlen(fld(x, cr, c)) <= SSPF_NAME_MAX)
		return true;
	problem(x, cr->line, x->idx[c], "the name is longer than %d bytes",
		SSPF_NAME_MAX);
	return false;
}

/* The consent columns of a row; false after a problem. */
static bool check_consent(struct ctx *x, const struct csv_row *cr,
			  struct row *r)
{
	bool good = true, present;
	int youth;

	if (!get_date(x, cr, C_SIGNED, &r->signed_on, &r->has_consent))
		return false;
	if (!get_date(x, cr, C_UNTIL, &r->until, &present))
		good = false;
	else if (present && !r->has_consent) {
		problem(x, cr->line, x->idx[C_UNTIL],
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
			problem(x, cr->line, x->idx[C_YOUTH],
				"ja, but consent_signed is empty");
			good = false;
		}
		if (r->scope != 0) {
			problem(x, cr->line, x->idx[C_SCOPE],
				"filled in, but consent_signed is empty");
			good = false;
		}
		if (r->withdrawn) {
			problem(x, cr->line, x->idx[C_WITHDRAWN],
				"filled in, but consent_signed is empty");
			good = false;
		}
		return good;
	}
	if (r->signed_on > x->today) {
		problem(x, cr->line, x->idx[C_SIGNED],
			"the signing date lies in the future");
		good = false;
	}
	if (r->until != 0 && r->until < r->signed_on) {
		problem(x, cr->line, x->idx[C_UNTIL],
			"the consent would end before it was signed "
			"(consent_signed)");
		good = false;
	}
	if (r->scope == 0 && fld(x, cr, C_SCOPE)[0] == '\0') {
		problem(x, cr->line,
			x->idx[C_SCOPE] >= 0 ? x->idx[C_SCOPE]
					     : x->idx[C_SIGNED],
			"a consent must name the actors it covers in "
			"consent_scope (e.g. skola,socialtjänst,polis,fritid)");
		good = false;
	}
	if (r->withdrawn && r->withdrawn_on < r->signed_on) {
		problem(x, cr->line, x->idx[C_WITHDRAWN],
			"the withdrawal lies before the signing date "
			"(consent_signed)");
		good = false;
	}
	if (r->withdrawn && r->withdrawn_on > x->today) {
		problem(x, cr->line, x->idx[C_WITHDRAWN],
			"the withdrawal date lies in the future");
		good = false;
	}
	if (r->g1name[0] == '\0' && r->birth_ok &&
	    sspf_date_age(r->birth, r->signed_on) < 18) {
		problem(x, cr->line, x->idx[C_SIGNED],
			"a consent for a child is signed by the guardians, "
			"but guardian1_name is empty");
		good = false;
	}
	return good;
}

/* Check row cr into *r; problems for everything wrong. */
static void check_row(struct ctx *x, const struct csv_row *cr, struct row *r)
{
	bool good = true, present;
	int sole;

	memset(r, 0, sizeof *r);
	r->line = cr->line;

	r->code = fld(x, cr, C_CODE);
	if (r->code[0] != '\0' && !parse_code(r->code, &r->year, &r->seq)) {
		problem(x, cr->line, x->idx[C_CODE],
			"'%.20s' is not a case code (YYYY-NNN, e.g. 2026-014); "
			"leave it empty to get the next code",
			r->code);
		good = false;
	}

	r->name = fld(x, cr, C_NAME);
	if (r->name[0] == '\0') {
		if (x->idx[C_NAME] >= 0)
			problem(x, cr->line, x->idx[C_NAME],
				"the child's name is missing");
		good = false;
	} else if (!name_fits(x, cr, C_NAME)) {
		good = false;
	}

	if (!get_date(x, cr, C_BIRTH, &r->birth, &present)) {
		good = false;
	} else if (!present) {
		if (x->idx[C_BIRTH] >= 0)
			problem(x, cr->line, x->idx[C_BIRTH],
				"the birth date is missing (YYYY-MM-DD)");
		good = false;
	} else if (r->birth > x->today) {
		problem(x, cr->line, x->idx[C_BIRTH],
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
		problem(x, cr->line, x->idx[C_G1PHONE],
			"a phone number without guardian1_name");
		good = false;
	}
	if (r->g2name[0] == '\0' && r->g2phone[0] != '\0') {
		problem(x, cr->line, x->idx[C_G2PHONE],
			"a phone number without guardian2_name");
		good = false;
	}
	if (r->g1name[0] == '\0' && r->g2name[0] != '\0') {
		problem(x, cr->line, x->idx[C_G2NAME],
			"guardian2 is filled in but guardian1 is not; use "
			"guardian1 first");
		good = false;
	}
	if ((sole = get_yes_no(x, cr, C_SOLE)) < 0)
		good = false;
	r->sole = sole == 1;
	if (r->sole && r->g1name[0] == '\0') {
		problem(x, cr->line, x->idx[C_SOLE],
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
static bool row_empty(const csv_table *t, const struct csv_row *cr)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (cr->fields[i][0] != '\0')
			return false;
	return true;
}

/* ---- the same case twice in the file ---- */

static int by_code(const void *a, const void *b)
{
	const struct row *p = *(const struct row *const *)a;
	const struct row *q = *(const struct row *const *)b;

	if (p->year != q->year)
		return p->year < q->year ? -1 : 1;
	if (p->seq != q->seq)
		return p->seq < q->seq ? -1 : 1;
	return p->line < q->line ? -1 : p->line > q->line;
}

static int by_child(const void *a, const void *b)
{
	const struct row *p = *(const struct row *const *)a;
	const struct row *q = *(const struct row *const *)b;
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
static void check_twice(struct ctx *x, struct row *rows, size_t n)
{
	struct row **v = malloc((n != 0 ? n : 1) * sizeof *v);
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
			problem(x, v[i]->line, x->idx[C_CODE],
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
			problem(x, v[k]->line, x->idx[C_NAME],
				"the same child_name and birth_date as on "
				"line %u; give each case once",
				v[k == i ? i + 1 : i]->line);
			v[k]->ok = false;
		}
		i = j;
	}
	free(v);
}

/* ---- applying the plan ---- */

static sspf_err prepare(sspf_core *core, const char *sql, sqlite3_stmt **q)
{
	int rc = sqlite3_prepare_v2(core->db, sql, -1, q, NULL);

	if (rc != SQLITE_OK) {
		sqlite3_finalize(*q);
		*q = NULL;
		return sspf_store_sqlerr(core->st, rc, "preparing a statement");
	}
	return SSPF_OK;
}

/* Statements used for every row. */
struct stmts {
	sqlite3_stmt *by_code, *by_child, *note;
};

static void stmts_free(struct stmts *s)
{
	sqlite3_finalize(s->by_code);
	sqlite3_finalize(s->by_child);
	sqlite3_finalize(s->note);
	memset(s, 0, sizeof *s);
}

static sspf_err stmts_prepare(sspf_core *core, struct stmts *s)
{
	sspf_err e;

	memset(s, 0, sizeof *s);
	e = prepare(core,
		    "SELECT 1 FROM case_file WHERE code = ?1 OR "
		    "(year = ?2 AND seq = ?3)",
		    &s->by_code);
	if (e == SSPF_OK)
		e = prepare(core,
			    "SELECT 1 FROM case_file WHERE child_name = ?1 "
			    "AND birth_date = ?2",
			    &s->by_child);
	if (e == SSPF_OK)
		e = prepare(core,
			    "UPDATE case_file SET note = ?1 WHERE code = ?2",
			    &s->note);
	if (e != SSPF_OK)
		stmts_free(s);
	return e;
}

/* Run q (bound), reset it and clear its bindings; *row: a row came. */
static sspf_err run(sspf_core *core, sqlite3_stmt *q, int rc, bool *row,
		    const char *what)
{
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q);
	if (row != NULL)
		*row = rc == SQLITE_ROW;
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return SSPF_OK;
	return sspf_store_sqlerr(core->st, rc, what);
}

/* Whether the case of r is there already: by code, else by child. */
static sspf_err already_there(sspf_core *core, struct stmts *s,
			      const struct row *r, bool *found)
{
	char birth[SSPF_DATE_TEXT];
	int rc;

	if (r->code[0] != '\0') {
		rc = sqlite3_bind_text(s->by_code, 1, r->code, -1,
				       SQLITE_STATIC);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int(s->by_code, 2, r->year);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(s->by_code, 3, r->seq);
		return run(core, s->by_code, rc, found, "looking up a case");
	}
	sspf_date_format(r->birth, birth);
	rc = sqlite3_bind_text(s->by_child, 1, r->name, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(s->by_child, 2, birth, -1,
				       SQLITE_STATIC);
	return run(core, s->by_child, rc, found, "looking up a case");
}

/* Create the case of r with its guardians and consent. */
static sspf_err create(sspf_core *core, struct stmts *s, const struct row *r)
{
	char code[SSPF_CODE_SIZE];
	sspf_case_new c = { 0 };
	sspf_guardian_new g = { 0 };
	sspf_consent_new cn = { 0 };
	sspf_id ids[2];
	size_t n = 0;
	sspf_err e;
	int rc;

	c.code = r->code;
	c.child_name = r->name;
	c.birth = r->birth;
	c.gender = r->gender;
	c.school = r->school;
	c.class_name = r->class_name;
	c.district = r->district;
	c.concerns = r->concerns;
	c.sole_custody = r->sole;
	if ((e = sspf_case_create(core, &c, code)) != SSPF_OK)
		return e;
	if (r->note[0] != '\0') {
		rc = sqlite3_bind_text(s->note, 1, r->note, -1, SQLITE_STATIC);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_text(s->note, 2, code, -1,
					       SQLITE_STATIC);
		if ((e = run(core, s->note, rc, NULL, "saving a note")) !=
		    SSPF_OK)
			return e;
	}
	if (r->g1name[0] != '\0') {
		g.name = r->g1name;
		g.phone = r->g1phone;
		g.custody = true;
		if ((e = sspf_guardian_add(core, code, &g, &ids[n++])) !=
		    SSPF_OK)
			return e;
	}
	if (r->g2name[0] != '\0') {
		g.name = r->g2name;
		g.phone = r->g2phone;
		g.custody = !r->sole;
		if ((e = sspf_guardian_add(core, code, &g, &ids[n])) != SSPF_OK)
			return e;
		if (g.custody)
			n++;
	}
	if (!r->has_consent)
		return SSPF_OK;
	/* the guardians with custody signed */
	cn.signed_on = r->signed_on;
	cn.valid_until = r->until;
	cn.signed_by = ids;
	cn.n_signed_by = n;
	cn.youth_signed = r->youth;
	cn.scope = r->scope;
	if ((e = sspf_consent_register(core, code, &cn, NULL)) != SSPF_OK)
		return e;
	if (r->withdrawn)
		e = sspf_consent_withdraw(core, code, r->withdrawn_on,
					  WITHDRAWN_BY, NULL);
	return e;
}

/*
 * Apply every row in one transaction (or a savepoint inside the caller's);
 * counts into rep. On failure everything is rolled back; a row the
 * database refused becomes a problem in x with SSPF_ERR_INVALID.
 */
static sspf_err apply(sspf_core *core, struct ctx *x, const struct row *rows,
		      size_t n, sspf_import_report *rep)
{
	const struct row *failed = NULL;
	struct stmts s;
	bool own = sqlite3_get_autocommit(core->db) != 0;
	sspf_err e;
	size_t i = 0;
	int rc;

	rc = sqlite3_exec(core->db,
			  own ? "BEGIN IMMEDIATE" : "SAVEPOINT sspf_import",
			  NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return sspf_store_sqlerr(core->st, rc, "starting the import");
	e = stmts_prepare(core, &s);
	/*
	 * Rows with a code first, so that the codes given to the others
	 * (the highest of the year + 1) never take a code the file names.
	 */
	for (int pass = 0; pass < 2 && e == SSPF_OK; pass++)
		for (i = 0; e == SSPF_OK && i < n; i++) {
			const struct row *r = &rows[i];
			bool found = false;

			if ((r->code[0] != '\0') != (pass == 0))
				continue;
			e = already_there(core, &s, r, &found);
			if (e == SSPF_OK && found)
				rep->n_existing++;
			else if (e == SSPF_OK &&
				 (e = create(core, &s, r)) == SSPF_OK)
				rep->n_new++;
			if (e != SSPF_OK)
				failed = r;
		}
	stmts_free(&s);
	if (e == SSPF_OK) {
		rc = sqlite3_exec(core->db,
				  own ? "COMMIT" : "RELEASE sspf_import", NULL,
				  NULL, NULL);
		if (rc == SQLITE_OK)
			return SSPF_OK;
		e = sspf_store_sqlerr(core->st, rc, "saving the import");
	} else if (failed != NULL) {
		/* the row that failed: say which */
		char detail[400];

		snprintf(detail, sizeof detail, "%s", sspf_err_detail());
		if (e == SSPF_ERR_INVALID || e == SSPF_ERR_EXISTS) {
			problem(x, failed->line, -1,
				"could not be imported: %s", detail);
			e = err_set(SSPF_ERR_INVALID,
				    "a row could not be imported");
		} else {
			e = err_set(e, "line %u: %s", failed->line, detail);
		}
	}
	/* SQLite may have rolled back already; the first error counts */
	if (own)
		sqlite3_exec(core->db, "ROLLBACK", NULL, NULL, NULL);
	else
		sqlite3_exec(core->db,
			     "ROLLBACK TO sspf_import; RELEASE sspf_import",
			     NULL, NULL, NULL);
	rep->n_new = 0;
	rep->n_existing = 0;
	return e;
}

/* ---- the import ---- */

sspf_err sspf_import_csv(sspf_core *core, const unsigned char *data, size_t len,
			 sspf_import_report *rep)
{
	struct ctx x;
	csv_table *t = NULL;
	struct row *rows = NULL;
	size_t n = 0;
	sspf_err e, e2;

	err_clear();
	if (rep == NULL)
		return err_set(SSPF_ERR_INVALID, "no report to fill in");
	memset(rep, 0, sizeof *rep);
	rep->encoding = "";
	if (core == NULL)
		return err_set(SSPF_ERR_INVALID, "no core");
	memset(&x, 0, sizeof x);
	x.today = sspf_core_today(core);

	if ((e = csv_parse(data, len, &t)) != SSPF_OK) {
		if (e == SSPF_ERR_INVALID) {
			problem_add(&x, 0, sspf_err_detail());
			if ((e2 = problems_to_report(&x, rep)) != SSPF_OK)
				e = e2;
			else
				e = err_set(SSPF_ERR_INVALID,
					    "the file cannot be read as CSV");
		}
		problems_free(x.probs, x.n_probs);
		return e;
	}
	x.t = t;
	rep->encoding = csv_encoding_name(t->enc);
	rep->separator = t->sep;

	read_header(&x);
	if ((rows = calloc(t->nrows, sizeof *rows)) == NULL) {
		e = err_set(SSPF_ERR_NOMEM, "reading the rows");
		goto out;
	}
	for (size_t i = 1; i < t->nrows; i++) {
		for (size_t j = 0; j < t->ncols; j++)
			trim(t->rows[i].fields[j]);
		if (row_empty(t, &t->rows[i]))
			continue;
		check_row(&x, &t->rows[i], &rows[n++]);
	}
	rep->n_rows = n;
	check_twice(&x, rows, n);

	if (x.n_probs == 0 && !x.nomem)
		e = apply(core, &x, rows, n, rep);
	else
		e = SSPF_ERR_INVALID;
	if ((e2 = problems_to_report(&x, rep)) != SSPF_OK)
		e = e2;
	else if (e == SSPF_ERR_INVALID)
		e = err_set(SSPF_ERR_INVALID,
			    "%zu problem%s in the file; nothing was imported",
			    rep->n_problems, rep->n_problems == 1 ? "" : "s");
out:
	if (rows != NULL)
		sodium_memzero(rows, t->nrows * sizeof *rows);
	free(rows);
	problems_free(x.probs, x.n_probs);
	csv_table_free(t);
	return e;
}
