/*
 * cmd_init.c - "sspf init": create a new encrypted database and show its
 * recovery key, once.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cli.h"

static int cmd_init(const struct cli_cmd *self, int argc, char **argv);

const struct cli_cmd cmd_init_entry = {
	.name = "init",
	.summary = N_("Create a new encrypted database"),
	.exec = cmd_init,
	.usage = N_("[FILE] [--passphrase-fd N]"),
	.help = N_("Makes a new, empty database in FILE (default\n"
		   "$XDG_DATA_HOME/sspf/sspf.db, normally "
		   "~/.local/share/sspf/sspf.db).\n"
		   "A file that exists already is never touched. The "
		   "passphrase is\n"
		   "asked twice on the terminal; it must be at least 10 "
		   "characters.\n"
		   "Then the recovery key is shown, once: write it down on "
		   "paper.\n"
		   "\n"
		   "Options:\n"
		   "  --passphrase-fd N  read the passphrase from the first "
		   "line of\n"
		   "                     file descriptor N instead of the "
		   "terminal\n"
		   "  -h, --help         show this help\n"),
};

static int say_exists(const char *path)
{
	cli_error(_("%s exists already; it was not touched. To make a new "
		    "database, give another file name."),
		  path);
	return EXIT_ERROR;
}

static int cmd_init(const struct cli_cmd *self, int argc, char **argv)
{
	struct cli_secret_src src = CLI_SECRET_SRC_INIT;
	cli_secret pass = { NULL, 0 };
	char *defpath = NULL, *rk = NULL;
	const char *path;
	sspf_store *st = NULL;
	struct stat sb;
	sspf_err e;
	int rc;

	if ((rc = cli_options(self, argc, argv, "h", NULL, NULL, NULL,
			      CLI_OPT_PASSPHRASE, &src)) != CLI_GO_ON)
		return rc;
	if ((rc = cli_file_arg(self, argc, argv, &defpath, &path)) != EXIT_OK)
		return rc;

	/* Say so before asking anything. */
	if (lstat(path, &sb) == 0) {
		rc = say_exists(path);
		goto out;
	}

	rc = cli_new_passphrase(&src, &pass);
	if (rc != EXIT_OK)
		goto out;

	rk = sodium_malloc(SSPF_RECOVERY_TEXT_SIZE);
	if (rk == NULL) {
		cli_fail(SSPF_ERR_NOMEM, NULL);
		rc = EXIT_ERROR;
		goto out;
	}
	memset(rk, 0, SSPF_RECOVERY_TEXT_SIZE);

	if (isatty(STDERR_FILENO))
		fprintf(stderr, _("Setting up the encryption; this takes a few "
				  "seconds...\n"));
	e = sspf_store_create(path, pass.buf, pass.len, NULL, rk, &st);
	cli_secret_free(&pass);
	if (e == SSPF_ERR_EXISTS) {
		rc = say_exists(path);
		goto out;
	}
	if (e != SSPF_OK) {
		cli_fail(e, path);
		rc = cli_exit_for(e);
		goto out;
	}
	cli_print_warnings(st, 0);

	printf(_("Created the encrypted database %s\n"), path);
	printf("\n%s\n\n", _("Recovery key:"));
	if (!cli_write_secret_stdout("    ", 4) ||
	    !cli_write_secret_stdout(rk,
				     strnlen(rk, SSPF_RECOVERY_TEXT_SIZE)) ||
	    !cli_write_secret_stdout("\n", 1)) {
		int err = errno;

		sspf_store_close(st);
		st = NULL;
		cli_remove_new_db(path);
		cli_error(_("the recovery key could not be shown (%s), so the "
			    "new database was removed again. Run 'sspf init' "
			    "again in a terminal window."),
			  strerror(err));
		rc = EXIT_ERROR;
		goto out;
	}
	printf("\n%s\n",
	       _("Write the recovery key down on paper now and keep the paper\n"
		 "locked away. It is shown only this time. If the passphrase "
		 "is\n"
		 "ever forgotten, the recovery key is the only way to open "
		 "the\n"
		 "database (with 'sspf passwd --recovery')."));
	if (!isatty(STDOUT_FILENO))
		cli_error(_("note: the recovery key went to a file or another "
			    "program, not to the screen. Once it is written on "
			    "paper, delete every other copy of it."));
	rc = EXIT_OK;

out:
	sspf_store_close(st);
	if (rk != NULL)
		sodium_free(rk);
	cli_secret_free(&pass);
	free(defpath);
	return rc;
}
