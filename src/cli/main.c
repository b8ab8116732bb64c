/*
 * main.c - the sspf program: global options, the command table, help,
 * error messages and exit codes shared by all commands.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <sodium.h>

#include "cli/cli.h"

#ifndef SSPF_VERSION
#error "SSPF_VERSION must be defined by the build"
#endif
#ifndef SSPF_LOCALEDIR
#define SSPF_LOCALEDIR "/usr/share/locale"
#endif

static int cmd_help(const struct cli_cmd *self, int argc, char **argv);

static const struct cli_cmd cmd_help_entry = {
	.name = "help",
	.summary = N_("Show the help of sspf or of one command"),
	.exec = cmd_help,
	.usage = N_("[COMMAND]"),
	.help = N_("Without COMMAND, lists the commands and exit codes; with\n"
		   "COMMAND, shows what it does and its options.\n"),
};

/* Every command, in the order --help lists them. */
static const struct cli_cmd *const cli_cmds[] = {
	&cmd_init_entry,	 &cmd_passwd_entry,
	&cmd_check_entry,	 &cmd_backup_entry,
	&cmd_config_entry,	 &cmd_audit_entry,
	&cmd_cases_entry,	 &cmd_case_entry,
	&cmd_import_entry,	 &cmd_meetings_entry,
	&cmd_actions_entry,	 &cmd_calendar_entry,
	&cmd_print_entry,	 &cmd_stats_entry,
	&cmd_stats_keygen_entry, &cmd_stats_merge_entry,
	&cmd_purge_entry,	 &cmd_demo_entry,
	&cmd_help_entry,	 NULL,
};

static const struct cli_cmd *cli_find(const char *name)
{
	for (const struct cli_cmd *const *c = cli_cmds; *c != NULL; c++) {
		if (strcmp((*c)->name, name) == 0)
			return *c;
	}
	return NULL;
}

/* ---- reporting ---- */

int cli_exit_for(sspf_err err)
{
	switch (err) {
	case SSPF_OK:
		return EXIT_OK;
	case SSPF_ERR_WRONG_PASSPHRASE:
	case SSPF_ERR_WRONG_RECOVERY:
	case SSPF_ERR_RECOVERY_TYPO:
		return EXIT_WRONG_SECRET;
	case SSPF_ERR_NOT_SSPF:
	case SSPF_ERR_DAMAGED:
		return EXIT_DAMAGED;
	case SSPF_ERR_REFUSED:
		return EXIT_REFUSED;
	case SSPF_ERR_INVALID:
		return EXIT_USAGE;
	default:
		return EXIT_ERROR;
	}
}

/*
 * Say what to do next after err, where sspf_strerror() does not say it
 * already. file is the file concerned.
 */
static void cli_hint(sspf_err err, const char *file)
{
	switch (err) {
	case SSPF_ERR_NOT_FOUND:
		cli_error(_("A new database is made with 'sspf init'."));
		break;
	case SSPF_ERR_WRONG_PASSPHRASE:
		cli_error(
			_("If the passphrase is forgotten, set a new one with "
			  "the recovery key: sspf passwd --recovery %s"),
			file);
		break;
	case SSPF_ERR_NOT_SSPF:
		cli_error(_("Check the file name; sspf has not changed this "
			    "file."));
		break;
	case SSPF_ERR_DAMAGED:
		cli_error(_("Do not write to the file; 'sspf check %s' lists "
			    "what is wrong."),
			  file);
		break;
	default:
		break;
	}
}

void cli_fail(sspf_err err, const char *context)
{
	const char *detail = sspf_err_detail();
	bool named = context != NULL && *context != '\0';

	if (detail == NULL)
		detail = "";
	/* Do not name the file twice when the detail names it already. */
	if (named && strstr(detail, context) == NULL)
		fprintf(stderr, "sspf: %s: %s\n", context, sspf_strerror(err));
	else
		fprintf(stderr, "sspf: %s\n", sspf_strerror(err));
	if (*detail != '\0')
		fprintf(stderr, "sspf: %s\n", detail);
	cli_hint(err, named ? context : _("FILE"));
}

int cli_fail_not_db(sspf_err err)
{
	const char *d = sspf_err_detail();
	bool detail = d != NULL && *d != '\0';

	if (!detail || (err != SSPF_ERR_INVALID && err != SSPF_ERR_DAMAGED &&
			err != SSPF_ERR_NOT_SSPF && err != SSPF_ERR_NEWER))
		cli_error("%s", sspf_strerror(err));
	if (detail)
		cli_error("%s", d);
	return cli_exit_for(err);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("sspf: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage_hint(const struct cli_cmd *cmd)
{
	fprintf(stderr, _("Usage: sspf %s %s\n"), cmd->name, _(cmd->usage));
	fprintf(stderr, _("Run 'sspf help %s' for more.\n"), cmd->name);
	return EXIT_USAGE;
}

int cli_usage_error(const struct cli_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "sspf %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return cli_usage_hint(cmd);
}

void cli_cmd_help(const struct cli_cmd *cmd)
{
	printf(_("Usage: sspf %s %s\n"), cmd->name, _(cmd->usage));
	printf("\n%s.\n", _(cmd->summary));
	if (cmd->help != NULL)
		printf("\n%s", _(cmd->help));
}

void cli_getopt_begin(const struct cli_cmd *cmd, char **argv)
{
	static char progname[64];

	snprintf(progname, sizeof progname, "sspf %s", cmd->name);
	argv[0] = progname;
	optind = 0; /* glibc: start over completely */
	opterr = 1;
}

int cli_secret_option(const struct cli_cmd *cmd, int c,
		      struct cli_secret_src *src)
{
	switch (c) {
	case 'p':
		return cli_parse_fd(cmd, "--passphrase-fd", optarg,
				    &src->pass_fd)
			       ? 1
			       : -1;
	case 'r':
		return cli_parse_fd(cmd, "--recovery-key-fd", optarg,
				    &src->recovery_fd)
			       ? 1
			       : -1;
	case 'R':
		src->recovery = true;
		return 1;
	default:
		return 0;
	}
}

int cli_options(const struct cli_cmd *cmd, int argc, char **argv,
		const char *shortopts, const struct option *own,
		cli_option_fn *handle, void *ctx, unsigned secrets,
		struct cli_secret_src *src)
{
	static const struct option pass_opt[] = {
		{ "passphrase-fd", required_argument, NULL, 'p' },
	};
	static const struct option recovery_opts[] = {
		{ "recovery-key-fd", required_argument, NULL, 'r' },
		{ "recovery", no_argument, NULL, 'R' },
	};
	static const struct option tail[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct option opts[CLI_OWN_OPTIONS_MAX + 5];
	size_t n = 0;
	int c, rc;

	for (; own != NULL && own[n].name != NULL; n++) {
		if (n == CLI_OWN_OPTIONS_MAX)
			abort(); /* a mistake in the command's table */
		opts[n] = own[n];
	}
	if (secrets & CLI_OPT_PASSPHRASE)
		opts[n++] = pass_opt[0];
	if (secrets & CLI_OPT_RECOVERY) {
		opts[n++] = recovery_opts[0];
		opts[n++] = recovery_opts[1];
	}
	opts[n++] = tail[0];
	opts[n] = tail[1];

	cli_getopt_begin(cmd, argv);
	while ((c = getopt_long(argc, argv, shortopts, opts, NULL)) != -1) {
		if (c == 'h') {
			cli_cmd_help(cmd);
			return EXIT_OK;
		}
		if (c == '?' || c == ':')
			return cli_usage_hint(cmd);
		if (secrets != 0 &&
		    (rc = cli_secret_option(cmd, c, src)) != 0) {
			if (rc < 0)
				return EXIT_USAGE;
			continue;
		}
		if (handle == NULL)
			return cli_usage_hint(cmd);
		if ((rc = handle(cmd, c, optarg, ctx)) != CLI_GO_ON)
			return rc;
	}
	return CLI_GO_ON;
}

int cli_option_flag(const struct cli_cmd *cmd, int c, const char *arg,
		    void *flag)
{
	(void)cmd;
	(void)c;
	(void)arg;
	*(bool *)flag = true;
	return CLI_GO_ON;
}

int cli_unlock_options(const struct cli_cmd *cmd, int argc, char **argv,
		       struct cli_secret_src *src)
{
	return cli_options(cmd, argc, argv, "h", NULL, NULL, NULL,
			   CLI_OPT_SECRETS, src);
}

int cli_default_path(char **defpath)
{
	sspf_err e = sspf_default_path(defpath);

	if (e != SSPF_OK) {
		cli_fail(e, NULL);
		return cli_exit_for(e);
	}
	return EXIT_OK;
}

void cli_remove_new_db(const char *path)
{
	size_t n = strlen(path) + sizeof "-redo";
	char *redo = malloc(n);

	(void)unlink(path);
	if (redo != NULL) {
		snprintf(redo, n, "%s-redo", path);
		(void)unlink(redo);
		free(redo);
	}
}

int cli_file_arg(const struct cli_cmd *cmd, int argc, char **argv,
		 char **defpath, const char **path)
{
	int rc;

	*defpath = NULL;
	if (argc - optind > 1)
		return cli_usage_error(cmd,
				       _("give one FILE only; '%s' is "
					 "one too many"),
				       argv[optind + 1]);
	if (argc - optind == 1) {
		*path = argv[optind];
		return EXIT_OK;
	}
	if ((rc = cli_default_path(defpath)) != EXIT_OK)
		return rc;
	*path = *defpath;
	return EXIT_OK;
}

bool cli_parse_fd(const struct cli_cmd *cmd, const char *option,
		  const char *arg, int *fd)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v < 0 || v > INT_MAX) {
		cli_usage_error(cmd,
				_("%s needs the number of an open file "
				  "descriptor, not '%s'"),
				option, arg);
		return false;
	}
	if (fcntl((int)v, F_GETFD) == -1) {
		cli_usage_error(cmd, _("%s %ld: descriptor %ld is not open"),
				option, v, v);
		return false;
	}
	*fd = (int)v;
	return true;
}

void cli_print_warnings(const sspf_store *st, unsigned ignore)
{
	unsigned w = sspf_store_warnings(st) & ~ignore;
	const char *path = sspf_store_path(st);

	if (w & SSPF_WARN_REDO_APPLIED)
		cli_error(_("note: a save to %s that was interrupted (for "
			    "example by a crash or a power cut) has now been "
			    "completed."),
			  path);
	if (w & SSPF_WARN_HEADER_REPAIRED)
		cli_error(_("note: one of the two header copies of %s was "
			    "damaged and has been rewritten from the good one. "
			    "Run 'sspf check %s' to verify the rest of the "
			    "file."),
			  path, path);
	if (w & SSPF_WARN_HEADER_DAMAGED)
		cli_error(_("warning: one of the two header copies of %s is "
			    "damaged. Run 'sspf check %s'; if it finds "
			    "problems, restore the file from a backup."),
			  path, path);
	if (w & SSPF_WARN_WEAK_KDF)
		cli_error(_("warning: the passphrase of %s is protected by "
			    "weaker key derivation than sspf uses today. Run "
			    "'sspf passwd %s' to strengthen it (you may keep "
			    "the same passphrase)."),
			  path, path);
}

/* ---- help ---- */

static void main_help(FILE *f)
{
	fputs(_("Usage: sspf [--lang sv|en] [FILE]\n"
		"       sspf [--help] [--version] COMMAND [ARGS]\n"
		"\n"
		"Keeps the records of an SSPF coordinator in an encrypted "
		"database file.\n"
		"Without a command, sspf opens its screens on FILE (a path, "
		"e.g. ./sspf.db).\n"
		"\n"
		"Commands:\n"),
	      f);
	for (const struct cli_cmd *const *c = cli_cmds; *c != NULL; c++)
		fprintf(f, "  %-8s  %s\n", (*c)->name, _((*c)->summary));
	fputs(_("\n"
		"FILE is the database; without it sspf uses\n"
		"$XDG_DATA_HOME/sspf/sspf.db (normally "
		"~/.local/share/sspf/sspf.db).\n"
		"Passphrases are asked on the terminal, or read from a file "
		"descriptor\n"
		"with --passphrase-fd N; never give them on the command "
		"line.\n"
		"Run 'sspf help COMMAND' or 'sspf COMMAND --help' for the "
		"options.\n"
		"\n"
		"Exit status:\n"
		"  0  it worked\n"
		"  1  an error (the message says which)\n"
		"  2  wrong usage: unknown command or option, missing "
		"argument, no passphrase given\n"
		"  3  wrong passphrase or recovery key\n"
		"  4  damaged or tampered file, or not an sspf database\n"
		"  5  refused by the consent rules\n"),
	      f);
}

static void main_usage_hint(void)
{
	fputs(_("Usage: sspf [--help] [--version] COMMAND [ARGS]\n"
		"Run 'sspf --help' for the list of commands.\n"),
	      stderr);
}

static int cmd_help(const struct cli_cmd *self, int argc, char **argv)
{
	const struct cli_cmd *cmd;
	int rc;

	if ((rc = cli_options(self, argc, argv, "h", NULL, NULL, NULL, 0,
			      NULL)) != CLI_GO_ON)
		return rc;
	if (argc - optind > 1)
		return cli_usage_error(self,
				       _("give one command name, not "
					 "'%s' as well"),
				       argv[optind + 1]);
	if (argc - optind == 0) {
		main_help(stdout);
		return EXIT_OK;
	}
	cmd = cli_find(argv[optind]);
	if (cmd == NULL)
		return cli_usage_error(self, _("'%s' is not an sspf command"),
				       argv[optind]);
	cli_cmd_help(cmd);
	return EXIT_OK;
}

/* Secrets must not end up in a core file. */
static void no_core_dumps(void)
{
	struct rlimit rl = { 0, 0 };

	(void)setrlimit(RLIMIT_CORE, &rl);
#ifdef __linux__
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
}

/*
 * Whether argv asks for the screens: no arguments, --lang, or a FILE
 * (a path with '/' or '.', or an existing file) rather than a command.
 */
static bool wants_screens(int argc, char **argv)
{
	const char *a;

	if (argc < 2)
		return true;
	a = argv[1];
	if (strncmp(a, "--lang", 6) == 0)
		return true;
	if (a[0] == '-' || cli_find(a) != NULL)
		return false;
	return strchr(a, '/') != NULL || strchr(a, '.') != NULL ||
	       access(a, F_OK) == 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static char progname[] = "sspf";
	const struct cli_cmd *cmd;
	int c, rc;

	setlocale(LC_ALL, "");
	bindtextdomain("sspf", SSPF_LOCALEDIR);
	textdomain("sspf");
	no_core_dumps();
	/* A closed output pipe is reported as an error, not a silent death. */
	signal(SIGPIPE, SIG_IGN);
	/* A file size limit makes the write fail with a message instead. */
	signal(SIGXFSZ, SIG_IGN);

	if (sodium_init() < 0) {
		cli_error(_("the encryption library (libsodium) could not be "
			    "started, so sspf cannot run. Check the "
			    "installation of libsodium."));
		return EXIT_ERROR;
	}

	if (argc < 1)
		return EXIT_USAGE;
	if (wants_screens(argc, argv))
		return tui_main(argc, argv);
	argv[0] = progname; /* getopt names the program in its messages */
	opterr = 1;
	/* "+": stop at the command; its options are its own. */
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			main_help(stdout);
			return EXIT_OK;
		case 'V':
			printf("sspf %s\n", SSPF_VERSION);
			printf(_(
				"License GPL-3.0-or-later: GNU GPL version 3 "
				"or later "
				"<https://gnu.org/licenses/gpl.html>.\n"
				"This is free software: you are free to change "
				"and redistribute it.\n"
				"There is NO WARRANTY, to the extent permitted "
				"by law.\n"));
			return EXIT_OK;
		default:
			main_usage_hint();
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		cli_error(_("no command given."));
		main_usage_hint();
		return EXIT_USAGE;
	}
	cmd = cli_find(argv[optind]);
	if (cmd == NULL) {
		cli_error(_("'%s' is not an sspf command (a database file "
			    "is named with its path, e.g. ./%s)."),
			  argv[optind], argv[optind]);
		main_usage_hint();
		return EXIT_USAGE;
	}

	rc = cmd->exec(cmd, argc - optind, argv + optind);

	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error(_("the output could not be written: %s"),
			  strerror(errno));
		if (rc == EXIT_OK)
			rc = EXIT_ERROR;
	}
	return rc;
}

void cli_print_padded(const char *s, int width)
{
	int chars = 0;

	for (const char *p = s; *p != '\0'; p++)
		chars += ((unsigned char)*p & 0xc0) != 0x80;
	printf("%s%*s", s, chars < width ? width - chars : 0, "");
}
