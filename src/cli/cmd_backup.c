/*
 * cmd_backup.c - "sspf backup": write a consistent encrypted copy of a
 * database that opens with the same passphrase and recovery key.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <sys/stat.h>

#include "cli/cli.h"

static int cmd_backup(const struct cli_cmd *self, int argc, char **argv);

const struct cli_cmd cmd_backup_entry = {
	.name = "backup",
	.summary = N_("Write an encrypted copy of the database"),
	.exec = cmd_backup,
	.usage = N_("FILE DEST [--force] [--passphrase-fd N] [--recovery | "
		    "--recovery-key-fd N]"),
	.help = N_(
		"Writes a complete copy of the database FILE to DEST, "
		"encrypted\n"
		"like the original: it opens with the same passphrase and\n"
		"recovery key. The copy is written under a temporary name and\n"
		"renamed at the end, so DEST is never half written. Keep "
		"copies\n"
		"on another disk or USB stick, locked away. An existing DEST "
		"is\n"
		"not replaced unless --force is given.\n"
		"\n"
		"Options:\n"
		"  --force               replace DEST if it exists\n"
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

static int say_dest_exists(const char *dest)
{
	cli_error(_("%s exists already; it was not touched. Give another "
		    "name, or add --force to replace it."),
		  dest);
	return EXIT_ERROR;
}

static int cmd_backup(const struct cli_cmd *self, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_secret_src src = CLI_SECRET_SRC_INIT;
	const char *path, *dest;
	sspf_store *st = NULL;
	struct stat sb_file, sb_dest;
	bool force = false;
	sspf_err e;
	int rc;

	if ((rc = cli_options(self, argc, argv, "fh", opts, cli_option_flag,
			      &force, CLI_OPT_SECRETS, &src)) != CLI_GO_ON)
		return rc;
	if (argc - optind < 2)
		return cli_usage_error(self,
				       _("give the database FILE and the "
					 "file DEST to write the copy to"));
	if (argc - optind > 2)
		return cli_usage_error(self,
				       _("give FILE and DEST only; '%s' "
					 "is one too many"),
				       argv[optind + 2]);
	path = argv[optind];
	dest = argv[optind + 1];

	rc = cli_probe(path, false, NULL);
	if (rc != EXIT_OK)
		return rc;
	/* Everything that can be told without a passphrase, first. */
	if (stat(dest, &sb_dest) == 0) {
		if (stat(path, &sb_file) == 0 &&
		    sb_file.st_dev == sb_dest.st_dev &&
		    sb_file.st_ino == sb_dest.st_ino)
			return cli_usage_error(self,
					       _("%s and %s are the same "
						 "file; give another DEST"),
					       path, dest);
		if (!force)
			return say_dest_exists(dest);
	}

	rc = cli_open_store(path, &src, 0, false, &st, NULL, NULL);
	if (rc != EXIT_OK)
		goto out;

	e = sspf_store_backup(st, dest, force ? SSPF_BACKUP_OVERWRITE : 0);
	if (e == SSPF_ERR_EXISTS) {
		rc = say_dest_exists(dest);
		goto out;
	}
	if (e != SSPF_OK) {
		cli_fail(e, dest);
		cli_error(_("no backup was written; %s is unchanged."), path);
		rc = cli_exit_for(e);
		goto out;
	}

	printf(_("Wrote an encrypted copy of %s to %s.\n"), path, dest);
	printf("%s\n", _("It opens with the same passphrase and recovery key "
			 "as the database has now.\n"
			 "Keep it on another disk or USB stick, locked "
			 "away."));
	rc = EXIT_OK;

out:
	sspf_store_close(st);
	return rc;
}
