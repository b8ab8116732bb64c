/*
 * cmd_check.c - "sspf check": verify every byte of a database file (both
 * header copies, the length, every page's authentication tag, SQLite's
 * integrity check) without writing to it, and then the audit log's chain.
 */
#include <stdio.h>
#include <stdlib.h>

#include <sspf/audit.h>
#include <sspf/core.h>

#include "cli/cli.h"

static int cmd_check(const struct cli_cmd *self, int argc, char **argv);

const struct cli_cmd cmd_check_entry = {
	.name = "check",
	.summary = N_("Verify that the database file is whole and unchanged"),
	.exec = cmd_check,
	.usage = N_("[FILE] [--passphrase-fd N] [--recovery | "
		    "--recovery-key-fd N]"),
	.help = N_(
		"Reads all of FILE and verifies both header copies, the "
		"length\n"
		"of the file, every encrypted page, the database inside and "
		"the\n"
		"chain of its audit log (see 'sspf help audit'). It\n"
		"repairs nothing (it only completes a save a crash cut "
		"short).\n"
		"Each problem is printed on a line of its own starting with\n"
		"\"problem: \". Exit status 0 means no problems, 4 that the "
		"file\n"
		"is damaged or has been tampered with.\n"
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

struct check_ctx {
	unsigned long problems;
};

static void check_report(void *ctx, sspf_check_level level, const char *message)
{
	struct check_ctx *c = ctx;

	if (level == SSPF_CHECK_PROBLEM) {
		c->problems++;
		printf(_("problem: %s\n"), message);
	} else {
		printf("%s\n", message);
	}
}

static void say_problems(const char *path)
{
	printf(_("%s: problems found; restore from a backup (see 'sspf help "
		 "backup').\n"),
	       path);
}

/*
 * Once the file is whole: verify the audit log's chain. A store that has
 * no database to read (sspf_core_open says SSPF_ERR_INVALID) is skipped.
 */
static sspf_err check_audit(sspf_store *st, struct check_ctx *ctx)
{
	sspf_core *core;
	sspf_err e = sspf_core_open(st, NULL, NULL, &core);

	if (e == SSPF_ERR_INVALID)
		return SSPF_OK;
	if (e == SSPF_OK)
		e = sspf_audit_verify(core, NULL);
	sspf_core_close(core);
	if (e == SSPF_ERR_DAMAGED) {
		check_report(ctx, SSPF_CHECK_PROBLEM, sspf_err_detail());
		return SSPF_OK;
	}
	return e;
}

static int cmd_check(const struct cli_cmd *self, int argc, char **argv)
{
	struct cli_secret_src src = CLI_SECRET_SRC_INIT;
	struct check_ctx ctx = { 0 };
	char *defpath = NULL;
	const char *path;
	sspf_store *st = NULL;
	sspf_err e;
	int rc;

	if ((rc = cli_unlock_options(self, argc, argv, &src)) != CLI_GO_ON)
		return rc;
	if ((rc = cli_file_arg(self, argc, argv, &defpath, &path)) != EXIT_OK)
		return rc;

	rc = cli_open_store(path, &src, SSPF_OPEN_INSPECT, true, &st, NULL, &e);
	if (rc != EXIT_OK) {
		/* Damage found while opening is the result of the check. */
		if (e == SSPF_ERR_DAMAGED) {
			const char *detail = sspf_err_detail();

			printf(_("problem: %s\n"), detail != NULL && *detail
							   ? detail
							   : sspf_strerror(e));
			say_problems(path);
		}
		goto out;
	}

	e = sspf_store_check(st, check_report, &ctx);
	if (e == SSPF_OK && ctx.problems == 0)
		e = check_audit(st, &ctx);
	if (e == SSPF_OK && ctx.problems == 0) {
		/* the library's last line said how many pages were verified */
		printf(_("%s: no problems found.\n"), path);
		rc = EXIT_OK;
	} else if (e == SSPF_OK || e == SSPF_ERR_DAMAGED) {
		say_problems(path);
		rc = EXIT_DAMAGED;
	} else {
		cli_fail(e, path);
		rc = cli_exit_for(e);
	}

out:
	cli_close(NULL, st, defpath);
	return rc;
}
