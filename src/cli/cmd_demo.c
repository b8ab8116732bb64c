/*
 * cmd_demo.c - "sspf demo FILE": make a database of fictional data, with
 * the printed passphrase "demo", for trying sspf and for training.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sspf/core.h>
#include <sspf/demo.h>
#include <sspf/store.h>

#include "cli/cli.h"

static int cmd_demo(const struct cli_cmd *self, int argc, char **argv);

const struct cli_cmd cmd_demo_entry = {
	.name = "demo",
	.summary = N_("Make a database of made-up people to try sspf on"),
	.exec = cmd_demo,
	.usage = N_("FILE"),
	.help = N_("Makes a new database in FILE with about 40 fictional "
		   "cases in every\n"
		   "consent state, a year of meetings and commitment plans, "
		   "for trying\n"
		   "sspf and for training. Everyone in it is made up. Its "
		   "passphrase is\n"
		   "\"demo\" (shorter than sspf allows for real data, on "
		   "purpose), and it\n"
		   "is marked as a demo database. A file that exists already "
		   "is never\n"
		   "touched. Never put real people's data into it.\n"
		   "\n"
		   "Options:\n"
		   "  -h, --help  show this help\n"),
};

static int cmd_demo(const struct cli_cmd *self, int argc, char **argv)
{
	const char *path;
	sspf_store *st = NULL;
	sspf_core *core = NULL;
	struct stat sb;
	sspf_err e;
	int rc;

	if ((rc = cli_options(self, argc, argv, "h", NULL, NULL, NULL, 0,
			      NULL)) != CLI_GO_ON)
		return rc;
	if (argc - optind != 1)
		return cli_usage_error(
			self, argc - optind == 0 ? _("give the FILE to make")
						 : _("give one FILE only"));
	path = argv[optind];
	if (lstat(path, &sb) == 0) {
		cli_error(_("%s exists already; it was not touched. Give the "
			    "name of a new file."),
			  path);
		return EXIT_ERROR;
	}

	if (isatty(STDERR_FILENO))
		fprintf(stderr, _("Setting up the encryption; this takes a few "
				  "seconds...\n"));
	/* kdf NULL: calibrated, never below the floor */
	e = sspf_store_create_demo(path, NULL, &st);
	if (e != SSPF_OK) {
		cli_fail(e, path);
		return cli_exit_for(e);
	}
	if ((e = sspf_core_open(st, NULL, NULL, &core)) != SSPF_OK ||
	    (e = sspf_demo_fill(core)) != SSPF_OK) {
		cli_fail(e, path);
		cli_close(core, st, NULL);
		cli_remove_new_db(path);
		return cli_exit_for(e);
	}
	cli_close(core, st, NULL);

	printf(_("Made the demo database %s.\n"), path);
	printf(_("The passphrase is: %s\n"), SSPF_DEMO_PASSPHRASE);
	printf(_("It holds only made-up people: fictional cases, families "
		 "and meetings,\n"
		 "for trying sspf and for training. Never put real data "
		 "into it.\n"));
	printf(_("Look at it with:\n"
		 "  sspf cases %s\n"
		 "  sspf meetings %s\n"
		 "  sspf actions %s\n"),
	       path, path, path);
	return EXIT_OK;
}
