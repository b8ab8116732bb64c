/*
 * cmd_passwd.c - "sspf passwd": change the passphrase of a database,
 * unlocking it with the current passphrase or with the recovery key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"

static int cmd_passwd(const struct cli_cmd *self, int argc, char **argv);

const struct cli_cmd cmd_passwd_entry = {
	.name = "passwd",
	.summary = N_("Change the passphrase, also when it is forgotten"),
	.exec = cmd_passwd,
	.usage = N_("[FILE] [--passphrase-fd N] [--recovery | "
		    "--recovery-key-fd N]"),
	.help = N_(
		"Opens FILE with the current passphrase, or with the recovery\n"
		"key if the passphrase is forgotten, and sets a new "
		"passphrase\n"
		"(at least 10 characters, asked twice). The recovery key "
		"stays\n"
		"the same. Only the header of the file is rewritten; after a\n"
		"crash either the old or the new passphrase opens it.\n"
		"\n"
		"Options:\n"
		"  --recovery            unlock with the recovery key, asked "
		"on\n"
		"                        the terminal\n"
		"  --recovery-key-fd N   read the recovery key from file\n"
		"                        descriptor N\n"
		"  --passphrase-fd N     read the passphrases from descriptor "
		"N:\n"
		"                        the current one on the first line "
		"(not\n"
		"                        with the recovery key), the new one "
		"on\n"
		"                        the next\n"
		"  -h, --help            show this help\n"),
};

static int cmd_passwd(const struct cli_cmd *self, int argc, char **argv)
{
	struct cli_secret_src src = CLI_SECRET_SRC_INIT;
	cli_secret newpass = { NULL, 0 };
	char *defpath = NULL;
	const char *path;
	sspf_store *st = NULL;
	bool used_recovery = false;
	sspf_err e;
	int rc;

	if ((rc = cli_unlock_options(self, argc, argv, &src)) != CLI_GO_ON)
		return rc;
	if ((rc = cli_file_arg(self, argc, argv, &defpath, &path)) != EXIT_OK)
		return rc;

	/* A missing or foreign file is told before any secret is asked. */
	rc = cli_probe(path, false, NULL);
	if (rc != EXIT_OK)
		goto out;
	/* The new passphrase needs a terminal unless it comes from an fd. */
	if (src.pass_fd < 0 && !cli_have_tty()) {
		cli_error(_("no terminal to ask the passphrase on; use "
			    "--passphrase-fd N"));
		rc = EXIT_USAGE;
		goto out;
	}

	rc = cli_open_store(path, &src, 0, false, &st, &used_recovery, NULL);
	if (rc != EXIT_OK)
		goto out;

	rc = cli_new_passphrase(&src, &newpass);
	if (rc != EXIT_OK)
		goto out;

	if (isatty(STDERR_FILENO))
		fprintf(stderr, _("Setting up the encryption; this takes a few "
				  "seconds...\n"));
	e = sspf_store_passwd(st, newpass.buf, newpass.len, NULL);
	cli_secret_free(&newpass);
	if (e != SSPF_OK) {
		cli_fail(e, path);
		if (e != SSPF_ERR_WEAK_PASSPHRASE)
			cli_error(_("the passphrase was not changed."));
		rc = cli_exit_for(e);
		goto out;
	}

	if (used_recovery)
		printf(_("The database %s was opened with the recovery key and "
			 "now has a new passphrase.\n"),
		       path);
	else
		printf(_("The passphrase of %s has been changed.\n"), path);
	printf("%s\n", _("The recovery key has not changed; keep the paper "
			 "with it locked away.\n"
			 "Backups made earlier still open with the passphrase "
			 "they were made with."));
	rc = EXIT_OK;

out:
	cli_secret_free(&newpass);
	cli_close(NULL, st, defpath);
	return rc;
}
