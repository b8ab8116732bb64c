/*
 * import.h - importing the case lists coordinators keep in Excel today
 * (`sspf import FILE CSV`): one row per case, with its guardians and, if
 * signed, its consent.
 *
 * The file is read by src/core/csv.h (UTF-8 with or without BOM or
 * Windows-1252; ',' or ';'; RFC 4180). The first row names the columns, in
 * any order, in English or Swedish, case-insensitive, with spaces,
 * underscores or hyphens (and å ä ö written as a a o) as one likes:
 *
 *   case_code            ärendekod          empty: the next code of the year
 *   child_name           namn, barnets_namn required
 *   birth_date           födelsedatum       required, YYYY-MM-DD
 *   gender               kön                flicka/pojke/annat/ej angivet,
 *                                           girl/boy/other, empty
 *   school, class, district   skola, klass, stadsdel
 *   guardian1_name, guardian1_phone   vårdnadshavare1_namn, ..._telefon
 *   guardian2_name, guardian2_phone   vårdnadshavare2_namn, ..._telefon
 *   sole_custody         ensam_vårdnad      ja/nej/yes/no, empty = nej
 *   consent_signed       samtycke_undertecknat   date; empty: no consent
 *   youth_signed         ungdom_undertecknat     ja/nej
 *   consent_valid_until  samtycke_giltigt_till   date; empty: the setting
 *   consent_scope        samtycke_omfattning     skola,socialtjänst,...
 *   consent_withdrawn    samtycke_återkallat     date or empty
 *   concerns             oro                categories separated by ';',
 *                                           '|' or ','
 *   note                 anteckning
 *
 * Only child_name and birth_date must be columns; an unknown column is an
 * error. Every guardian imported has custody, except guardian2 when
 * sole_custody is ja; consent_signed means that every guardian with custody
 * signed. A withdrawal is recorded as made by "import".
 *
 * All or nothing: every row is checked first, and if any is wrong the
 * report lists every problem and nothing is written. Otherwise all rows go
 * in one transaction, through the same functions (and audit entries) as
 * cases made one by one. A row whose case_code is a case already there, or
 * without case_code whose child_name and birth_date are those of a case
 * already there, is left as it is and counted as already there, so that
 * importing a file twice adds nothing the second time.
 */
#ifndef SSPF_IMPORT_H
#define SSPF_IMPORT_H

#include <stddef.h>

#include <sspf/core.h>
#include <sspf/error.h>

/* The largest CSV file accepted, in bytes (64 MiB). */
#define SSPF_IMPORT_MAX_BYTES (64u * 1024u * 1024u)

/* Most problems listed; beyond, one last line says how many more. */
#define SSPF_IMPORT_MAX_PROBLEMS 1000u

/*
 * What an import did or found. The caller owns the struct (e.g. on the
 * stack); sspf_import_csv fills it and sspf_import_report_free frees what
 * it points to.
 */
typedef struct sspf_import_report {
	size_t n_rows;	      /* rows read, without the header and empty rows */
	size_t n_new;	      /* cases created (0 unless SSPF_OK) */
	size_t n_existing;    /* rows left as they were: already there */
	const char *encoding; /* csv_encoding_name(): static; "" if unread */
	char separator;	      /* ',' or ';'; 0 if the file was not read */
	/*
	 * Problems, each "line N, column NAME (L): reason" or "line N:
	 * reason", in file order; n_problems strings owned by the report.
	 * They never hold a name or a phone number from the file.
	 */
	char **problems;
	size_t n_problems;
} sspf_import_report;

/*
 * Import len bytes at data (a whole CSV file; not kept, the caller may wipe
 * it once this returns). *rep is always filled (earlier contents are not
 * freed). Returns SSPF_OK when every row was imported; SSPF_ERR_INVALID
 * when the file or some rows are wrong (rep->problems says what, and
 * nothing was imported); another code (with sspf_err_detail()) when the
 * database failed, and then nothing was imported either.
 */
sspf_err sspf_import_csv(sspf_core *core, const unsigned char *data, size_t len,
			 sspf_import_report *rep);

/*
 * Wipe and free the problems of rep and zero it; rep itself is the
 * caller's. NULL and a zeroed report are fine.
 */
void sspf_import_report_free(sspf_import_report *rep);

#endif
