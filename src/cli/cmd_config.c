/*
 * cmd_config.c - "sspf config": list the settings of a database, show one,
 * change one, or put one back to its default.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sspf/settings.h>

#include "cli/cli.h"

static int cmd_config(const struct cli_cmd *self, int argc, char **argv);

const struct cli_cmd cmd_config_entry = {
	.name = "config",
	.summary = N_("Show or change the settings of the database"),
	.exec = cmd_config,
	.usage = N_("[FILE] [KEY [VALUE] | --reset KEY] [--passphrase-fd N] "
		    "[--recovery | --recovery-key-fd N]"),
	.help = N_(
		"Without KEY, lists every setting: its value (\"(default)\" "
		"when\n"
		"it has not been set), what is allowed and what it is for.\n"
		"With KEY, prints the value of that setting. With KEY and "
		"VALUE,\n"
		"sets it and says what was changed. A value that is not "
		"allowed\n"
		"changes nothing (exit status 2). The settings are kept in "
		"the\n"
		"encrypted database, so they travel with it; all keys, "
		"ranges\n"
		"and defaults are listed in sspf(1).\n"
		"\n"
		"If the first argument is the name of a setting, FILE is the\n"
		"default database; to use a file that has the name of a\n"
		"setting, write it as ./NAME.\n"
		"\n"
		"Options:\n"
		"  --reset KEY           put KEY back to its default\n"
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
		"  sspf config\n"
		"  sspf config consent.youth_age 16\n"
		"  sspf config coordinator.name \"Anna Berg\"\n"
		"  sspf config --reset consent.youth_age\n"),
};

/* A value as shown to the user: text in double quotes, numbers bare. */
static void print_value(const sspf_setting_def *d, const char *value)
{
	if (d->type == SSPF_SETTING_TEXT)
		printf("\"%s\"", value);
	else
		printf("%s", value);
}

/* What is allowed for d, in words. */
static void print_allowed(const sspf_setting_def *d)
{
	if (d->type == SSPF_SETTING_INT) {
		printf(_("a whole number from %ld to %ld"), d->min, d->max);
		if (*d->unit != '\0')
			printf(" (%s)", d->unit);
	} else if (strcmp(d->key, "coordinator.email") == 0) {
		printf(_("an e-mail address such as name@example.se, or "
			 "empty"));
	} else {
		printf(_("text of at most %u bytes, on one line"),
		       SSPF_SETTING_TEXT_MAX);
	}
	putchar('\n');
}

static int list_all(sspf_store *st)
{
	printf(_("Settings of %s:\n"), sspf_store_path(st));
	for (size_t i = 0; i < sspf_setting_count(); i++) {
		const sspf_setting_def *d = sspf_setting_at(i);
		char *value;
		bool is_set;
		sspf_err e = sspf_setting_lookup(st, d->key, &value, &is_set);

		if (e != SSPF_OK) {
			cli_fail(e, sspf_store_path(st));
			return cli_exit_for(e);
		}
		printf("\n%s = ", d->key);
		print_value(d, value);
		printf("%s\n", is_set ? "" : _(" (default)"));
		printf("    %s.\n", d->description);
		printf("    %s", _("Allowed: "));
		print_allowed(d);
		free(value);
	}
	printf(_("\nChange one with 'sspf config KEY VALUE'; put it back to "
		 "its default with\n'sspf config --reset KEY'.\n"));
	return EXIT_OK;
}

static int show_one(sspf_store *st, const char *key)
{
	char *value;
	sspf_err e = sspf_setting_get(st, key, &value);

	if (e != SSPF_OK) {
		cli_fail(e, sspf_store_path(st));
		return cli_exit_for(e);
	}
	printf("%s\n", value);
	free(value);
	return EXIT_OK;
}

/* Set key to value (value NULL: reset) and say what changed. */
static int change(sspf_store *st, const char *key, const char *value)
{
	const sspf_setting_def *d = sspf_setting_find(key);
	char *before = NULL, *after = NULL;
	bool was_set, is_set;
	sspf_err e;
	int rc = EXIT_OK;

	e = sspf_setting_lookup(st, key, &before, &was_set);
	if (e == SSPF_OK)
		e = value != NULL ? sspf_setting_set(st, key, value)
				  : sspf_setting_reset(st, key);
	if (e != SSPF_OK) {
		cli_fail(e, sspf_store_path(st));
		cli_error(_("%s was not changed."), key);
		rc = cli_exit_for(e);
		goto out;
	}
	e = sspf_setting_lookup(st, key, &after, &is_set);
	if (e != SSPF_OK) {
		cli_fail(e, sspf_store_path(st));
		rc = cli_exit_for(e);
		goto out;
	}
	if (value == NULL && !was_set) {
		printf(_("%s: not set; it stays at its default, "), key);
		print_value(d, after);
		putchar('\n');
		goto out;
	}
	printf("%s: ", key);
	print_value(d, before);
	printf(" -> ");
	print_value(d, after);
	printf("%s\n", is_set ? "" : _(" (default)"));
out:
	free(before);
	free(after);
	return rc;
}

/* A key or value the library refused: its words, and exit status 2. */
static int refused(const char *key, bool changing)
{
	cli_error("%s", sspf_err_detail());
	if (changing && sspf_setting_find(key) != NULL)
		cli_error(_("%s was not changed."), key);
	return EXIT_USAGE;
}

/* --reset KEY into *(const char **)ctx. */
static int reset_option(const struct cli_cmd *self, int c, const char *arg,
			void *ctx)
{
	const char **reset = ctx;

	(void)c;
	if (*reset != NULL)
		return cli_usage_error(self, _("give --reset once"));
	*reset = arg;
	return CLI_GO_ON;
}

static int cmd_config(const struct cli_cmd *self, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reset", required_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_secret_src src = CLI_SECRET_SRC_INIT;
	const char *file = NULL, *key = NULL, *value = NULL, *reset = NULL;
	char *defpath = NULL;
	sspf_store *st = NULL;
	char **args;
	int rc, nargs;

	if ((rc = cli_options(self, argc, argv, "h", opts, reset_option, &reset,
			      CLI_OPT_SECRETS, &src)) != CLI_GO_ON)
		return rc;

	/* A first argument that is not a setting is the FILE. */
	args = argv + optind;
	nargs = argc - optind;
	if (nargs > 0 && sspf_setting_find(args[0]) == NULL) {
		struct stat sb;

		file = args[0];
		args++;
		nargs--;
		if (strchr(file, '/') == NULL && stat(file, &sb) != 0 &&
		    errno == ENOENT) {
			cli_error(_("'%s' is not a setting, and there is no "
				    "file of that name."),
				  file);
			cli_error(_("'sspf config' lists the settings; a new "
				    "database is made with 'sspf init'."));
			return EXIT_USAGE;
		}
	}
	if (nargs > 2)
		return cli_usage_error(self,
				       _("give at most KEY and VALUE; '%s' is "
					 "one too many"),
				       args[2]);
	if (reset != NULL && nargs > 0)
		return cli_usage_error(self, _("give either --reset KEY or KEY "
					       "[VALUE], not both"));
	if (nargs > 0)
		key = args[0];
	if (nargs > 1)
		value = args[1];

	/* Everything that can be refused without a passphrase, first. */
	if (reset != NULL && sspf_setting_find(reset) == NULL) {
		(void)sspf_setting_check(reset, "");
		return refused(reset, false);
	}
	if (key != NULL && sspf_setting_find(key) == NULL) {
		(void)sspf_setting_check(key, "");
		return refused(key, false);
	}
	if (value != NULL && sspf_setting_check(key, value) != SSPF_OK)
		return refused(key, true);

	if (file == NULL) {
		if ((rc = cli_default_path(&defpath)) != EXIT_OK)
			return rc;
		file = defpath;
	}
	rc = cli_open_store(file, &src, 0, false, &st, NULL, NULL);
	if (rc != EXIT_OK)
		goto out;

	if (reset != NULL)
		rc = change(st, reset, NULL);
	else if (value != NULL)
		rc = change(st, key, value);
	else if (key != NULL)
		rc = show_one(st, key);
	else
		rc = list_all(st);

out:
	cli_close(NULL, st, defpath);
	return rc;
}
