/*
 * cmd_purge.c - "sspf purge": retention (gallring). Lists the cases whose
 * time is up by the retention settings (closed, or consent ended, longer
 * ago than retention.case_months) and the audit log entries older than
 * retention.log_years, then purges them unless --dry-run. Prints case
 * codes and dates only, never what a case held.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <sspf/core.h>
#include <sspf/date.h>
#include <sspf/purge.h>

#include "cli/cli.h"

static int cmd_purge(const struct cli_cmd *self, int argc, char **argv);

const struct cli_cmd cmd_purge_entry = {
	.name = "purge",
	.summary = N_("Purge the cases and log entries whose retention "
		      "time is up"),
	.exec = cmd_purge,
	.usage = N_("[FILE] [--dry-run] [--passphrase-fd N] "
		    "[--recovery | --recovery-key-fd N]"),
	.help = N_(
		"Lists what the retention rules say must go, then deletes "
		"it:\n"
		"cases closed longer ago than retention.case_months, cases\n"
		"whose newest consent ended (withdrawn or expired) longer "
		"ago\n"
		"than that, with everything that belongs to them (guardians,\n"
		"consents, plans, actions, follow-ups, agenda items; meetings\n"
		"stay), and audit log entries older than "
		"retention.log_years.\n"
		"The log gets one entry \"purge\" per case code. The file is\n"
		"then rebuilt so that nothing of the purged data stays in "
		"it.\n"
		"Only case codes are shown.\n"
		"\n"
		"Options:\n"
		"  --dry-run             only list what is due; change "
		"nothing\n"
		"  --passphrase-fd N     read the passphrase from the first "
		"line\n"
		"                        of file descriptor N\n"
		"  --recovery            unlock with the recovery key, asked "
		"on\n"
		"                        the terminal\n"
		"  --recovery-key-fd N   read the recovery key from descriptor "
		"N\n"
		"  -h, --help            show this help\n"
		"\n"
		"Examples:\n"
		"  sspf purge --dry-run\n"
		"  sspf purge\n"),
};

/* What is due, one line each. */
static void print_due(const sspf_purge_report *rep)
{
	char date[SSPF_DATE_TEXT];

	for (size_t i = 0; i < rep->n_cases; i++) {
		const sspf_purge_case *c = &rep->cases[i];

		sspf_date_format(c->since, date);
		if (c->why == SSPF_PURGE_CLOSED)
			printf(_("%s  closed on %s\n"), c->code, date);
		else
			printf(_("%s  consent ended on %s\n"), c->code, date);
	}
	if (rep->n_cases == 0)
		printf(_("no case is due\n"));
	sspf_date_format(rep->log_before, date);
	printf(_("%" PRId64 " audit log entries older than %s\n"),
	       rep->log_entries, date);
}

static int cmd_purge(const struct cli_cmd *self, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_secret_src src = CLI_SECRET_SRC_INIT;
	sspf_purge_report rep = { 0 };
	const char *path;
	char *defpath = NULL;
	bool dry_run = false;
	sspf_store *st = NULL;
	sspf_core *core = NULL;
	sspf_err e;
	int rc;

	if ((rc = cli_options(self, argc, argv, "h", opts, cli_option_flag,
			      &dry_run, CLI_OPT_SECRETS, &src)) != CLI_GO_ON)
		return rc;
	if ((rc = cli_file_arg(self, argc, argv, &defpath, &path)) != EXIT_OK)
		return rc;

	if ((rc = cli_open_core(path, &src, &st, &core)) != EXIT_OK)
		goto out;
	/* What was due is listed from the report of the purge itself. */
	e = sspf_purge(core, dry_run, &rep);
	if (e == SSPF_OK || rep.purged)
		print_due(&rep);
	if (dry_run && e == SSPF_OK)
		printf(_("dry run: nothing was changed\n"));
	else if (rep.purged)
		printf(_("purged: %zu cases, %" PRId64 " audit log entries\n"),
		       rep.n_cases, rep.log_entries);
	if (e != SSPF_OK) {
		cli_fail(e, path);
		rc = cli_exit_for(e);
		goto out;
	}
	if (!dry_run)
		printf(_("the file was rebuilt: nothing of the purged data "
			 "is left in it\n"));

out:
	sspf_purge_report_free(&rep);
	cli_close(core, st, defpath);
	return rc;
}
