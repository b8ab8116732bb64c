/*
 * cmd_import.c - `sspf import [FILE] CSV`: import the case list a
 * coordinator keeps in Excel, saved as CSV (include/sspf/import.h says
 * which columns). All or nothing: if any row is wrong, every problem is
 * listed and nothing is imported (exit status 1).
 *
 * The CSV file is read whole into a buffer this file owns (malloc), which
 * is wiped (sodium_memzero) and freed as soon as the import has parsed it;
 * so is every smaller buffer left behind while reading it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include <sspf/core.h>
#include <sspf/import.h>

#include "cli/cli.h"

static int cmd_import(const struct cli_cmd *self, int argc, char **argv);

const struct cli_cmd cmd_import_entry = {
	.name = "import",
	.summary = N_("Import cases from a spreadsheet saved as CSV"),
	.exec = cmd_import,
	.usage = N_("[FILE] CSV [--passphrase-fd N]"),
	.help = N_(
		"Imports the cases of CSV, a spreadsheet saved as CSV from "
		"Excel\n"
		"(\"CSV UTF-8\" or \"CSV (semicolon)\"), one case per row. The "
		"first row\n"
		"names the columns, in any order, in English or Swedish:\n"
		"  case_code (ärendekod; empty: the next code), child_name "
		"(namn),\n"
		"  birth_date (födelsedatum, YYYY-MM-DD), gender (kön), "
		"school (skola),\n"
		"  class (klass), district (stadsdel), guardian1_name,\n"
		"  guardian1_phone, guardian2_name, guardian2_phone\n"
		"  (vårdnadshavare1_namn, ...), sole_custody (ensam_vårdnad: "
		"ja/nej),\n"
		"  consent_signed (samtycke_undertecknat, a date), "
		"youth_signed\n"
		"  (ungdom_undertecknat), consent_valid_until "
		"(samtycke_giltigt_till),\n"
		"  consent_scope (samtycke_omfattning: "
		"skola,socialtjänst,polis,fritid),\n"
		"  consent_withdrawn (samtycke_återkallat), concerns (oro:\n"
		"  skolk;brott;alkohol/narkotika;kamrater;vbe;annat), note "
		"(anteckning).\n"
		"child_name and birth_date are needed. The guardians get "
		"custody (with\n"
		"sole custody only guardian1), and a consent date means they "
		"signed.\n"
		"\n"
		"If any row is wrong, every problem is listed, nothing is "
		"imported and\n"
		"the exit status is 1. A case already there (the same "
		"case_code, or\n"
		"without one the same name and birth date) is left as it is, "
		"so a\n"
		"file can be imported again without making cases twice.\n"
		"\n"
		"Options:\n"
		"  --passphrase-fd N     read the passphrase from the first "
		"line\n"
		"                        of file descriptor N\n"
		"  --recovery            unlock with the recovery key, asked "
		"on\n"
		"                        the terminal\n"
		"  --recovery-key-fd N   read the recovery key from descriptor "
		"N\n"
		"  -h, --help            show this help\n"),
};

/* Wipe and free a buffer of len bytes (NULL is fine). */
static void wipe_free(unsigned char *buf, size_t len)
{
	if (buf != NULL)
		sodium_memzero(buf, len);
	free(buf);
}

/*
 * Read all of path (at most SSPF_IMPORT_MAX_BYTES) into *out (malloc'ed, the
 * caller wipes and frees it with wipe_free(*out, *cap)). Returns EXIT_OK
 * or tells what is wrong and returns the exit status.
 */
static int read_csv(const char *path, unsigned char **out, size_t *len,
		    size_t *cap)
{
	unsigned char *buf = NULL, *bigger;
	size_t n = 0, size = 0;
	struct stat sb;
	int fd, err = 0;

	*out = NULL;
	*len = *cap = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		cli_error(_("%s cannot be read: %s"), path, strerror(errno));
		return EXIT_ERROR;
	}
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		close(fd);
		cli_error(_("%s is a folder, not a CSV file"), path);
		return EXIT_ERROR;
	}
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    sb.st_size > (off_t)SSPF_IMPORT_MAX_BYTES)
		goto too_big;
	for (;;) {
		ssize_t r;

		if (n == size) {
			size_t grow = size == 0 ? 64 * 1024 : 2 * size;

			if (grow > (size_t)SSPF_IMPORT_MAX_BYTES + 1)
				grow = (size_t)SSPF_IMPORT_MAX_BYTES + 1;
			if (grow <= size)
				goto too_big;
			/* not realloc: the old buffer must be wiped */
			if ((bigger = malloc(grow)) == NULL) {
				err = ENOMEM;
				break;
			}
			if (n > 0)
				memcpy(bigger, buf, n);
			wipe_free(buf, size);
			buf = bigger;
			size = grow;
		}
		r = read(fd, buf + n, size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = errno;
			break;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (err != 0) {
		wipe_free(buf, size);
		cli_error(_("%s cannot be read: %s"), path, strerror(err));
		return EXIT_ERROR;
	}
	*out = buf;
	*len = n;
	*cap = size;
	return EXIT_OK;
too_big:
	close(fd);
	wipe_free(buf, size);
	cli_error(_("%s is larger than %u MiB; is it the right file? Split it "
		    "into smaller files to import it."),
		  path, SSPF_IMPORT_MAX_BYTES / (1024u * 1024u));
	return EXIT_ERROR;
}

/* Print what the report found and that nothing was imported. */
static void print_problems(const char *csv, const sspf_import_report *rep)
{
	for (size_t i = 0; i < rep->n_problems; i++)
		fprintf(stderr, "sspf: %s: %s\n", csv, rep->problems[i]);
	cli_error(_("Nothing was imported."));
}

static int cmd_import(const struct cli_cmd *self, int argc, char **argv)
{
	struct cli_secret_src src = CLI_SECRET_SRC_INIT;
	sspf_import_report rep = { 0 };
	unsigned char *data = NULL;
	size_t len = 0, cap = 0;
	sspf_store *st = NULL;
	sspf_core *core = NULL;
	char *defpath = NULL;
	const char *path, *csv;
	sspf_err e;
	int rc;

	if ((rc = cli_unlock_options(self, argc, argv, &src)) != CLI_GO_ON)
		return rc;
	switch (argc - optind) {
	case 1:
		csv = argv[optind];
		if ((rc = cli_default_path(&defpath)) != EXIT_OK)
			return rc;
		path = defpath;
		break;
	case 2:
		path = argv[optind];
		csv = argv[optind + 1];
		break;
	case 0:
		return cli_usage_error(self, _("give the CSV file to import"));
	default:
		return cli_usage_error(self,
				       _("give the database and one CSV file "
					 "only; '%s' is one too many"),
				       argv[optind + 2]);
	}

	/* the CSV first: no passphrase is asked for a file that is not there */
	if ((rc = read_csv(csv, &data, &len, &cap)) != EXIT_OK)
		goto out;
	if ((rc = cli_open_core(path, &src, &st, &core)) != EXIT_OK)
		goto out;
	e = sspf_import_csv(core, data, len, &rep);
	wipe_free(data, cap);
	data = NULL;
	if (e == SSPF_OK) {
		printf(ngettext("Imported %zu new case ",
				"Imported %zu new cases ", rep.n_new),
		       rep.n_new);
		printf(ngettext("(%zu was already there) ",
				"(%zu were already there) ", rep.n_existing),
		       rep.n_existing);
		printf(_("from %s (%s, '%c').\n"), csv, rep.encoding,
		       rep.separator);
		rc = EXIT_OK;
	} else if (rep.n_problems > 0) {
		print_problems(csv, &rep);
		rc = EXIT_ERROR;
	} else {
		cli_fail(e, path);
		cli_error(_("Nothing was imported."));
		rc = e == SSPF_ERR_INVALID ? EXIT_ERROR : cli_exit_for(e);
	}
out:
	wipe_free(data, cap);
	sspf_import_report_free(&rep);
	cli_close(core, st, defpath);
	return rc;
}
