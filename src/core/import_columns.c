/*
 * import_columns.c - the columns of a case list to import (see import.c):
 * their English names and the other names they go by, folding words for
 * comparing them, and mapping the header row to the columns.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "core/csv.h"
#include "core/import_priv.h"

/* ---- columns ---- */

/*
 * The columns: the English name, then other names folded as import_fold() does
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

/*
 * Fold s for comparing: ASCII lower case, å ä (also A/a with a combining
 * ring or diaeresis) as a, ö as o, é as e, without spaces, tabs, '_', '-'
 * and no-break spaces. False if the result does not fit out.
 */
bool import_fold(const char *s, char out[IMPORT_FOLD_MAX])
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
		if (n + 1 >= IMPORT_FOLD_MAX)
			return false;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return true;
}

/* Whether folded word w is one of the NULL-ended list. */
bool import_word_in(const char *w, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(w, *list) == 0)
			return true;
	return false;
}

/* Excel's letters of 0-based column i (A, B, ..., Z, AA, ...). */
void import_col_letters(size_t i, char out[4])
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
void import_trim(char *s)
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

/* ---- the header ---- */

/* Map the header's columns to fields; problems for wrong ones. */
void import_read_header(struct import_ctx *x)
{
	const struct csv_row *h = &x->t->rows[0];
	char w[IMPORT_FOLD_MAX];

	for (int c = 0; c < N_COLS; c++)
		x->idx[c] = -1;
	for (size_t i = 0; i < x->t->ncols; i++) {
		int found = -1;

		import_trim(h->fields[i]);
		if (h->fields[i][0] == '\0') {
			import_problem(
				x, h->line, (int)i,
				"the column has no name; remove it or name it");
			continue;
		}
		if (import_fold(h->fields[i], w))
			for (int c = 0; c < N_COLS && found < 0; c++)
				if (import_word_in(w, columns[c].alias))
					found = c;
		if (found < 0) {
			import_problem(
				x, h->line, (int)i,
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

			import_col_letters((size_t)x->idx[found], letters);
			import_problem(x, h->line, (int)i,
				       "the same column as column %s (%s), %s",
				       h->fields[x->idx[found]], letters,
				       columns[found].name);
			continue;
		}
		x->idx[found] = (int)i;
	}
	if (x->idx[C_NAME] < 0)
		import_problem(
			x, h->line, -1,
			"the file has no column child_name (namn); it is "
			"needed");
	if (x->idx[C_BIRTH] < 0)
		import_problem(
			x, h->line, -1,
			"the file has no column birth_date (födelsedatum); "
			"it is needed");
}
