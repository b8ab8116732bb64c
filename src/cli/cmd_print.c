/*
 * cmd_print.c - `sspf print`: documents as PDF, made by the print layer
 * (src/print/). So far the consent form (samtyckesblankett), filled in for
 * a case or blank, from the template of the chosen language. The file is
 * written under a temporary name in the same folder (mode 0600), synced
 * and renamed, so that no half-written file is ever left.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sspf/core.h>

#include "cli/cli.h"
#include "print/print.h"

static int cmd_print(const struct cli_cmd *self, int argc, char **argv);

const struct cli_cmd cmd_print_entry = {
	.name = "print",
	.summary = N_("Write a document as PDF (the consent form)"),
	.exec = cmd_print,
	.usage = N_("[FILE] consent-form (--case CODE | --blank) "
		    "[--lang sv|en] -o OUT.pdf [--templates DIR] "
		    "[--passphrase-fd N]"),
	.help = N_("Writes a document as an A4 PDF file.\n"
		   "\n"
		   "Documents:\n"
		   "  consent-form   the consent form (samtyckesblankett) for "
		   "the guardians\n"
		   "                 and the young person to sign: with "
		   "--case, filled in\n"
		   "                 with the child's and guardians' names "
		   "(this is consent\n"
		   "                 work and is written to the audit log); "
		   "with --blank,\n"
		   "                 lines to fill in by hand\n"
		   "\n"
		   "A saved PDF lies outside the encrypted database: keep it "
		   "safe and delete\n"
		   "it when it is no longer needed.\n"
		   "\n"
		   "Options:\n"
		   "  -o, --output OUT.pdf  write to OUT.pdf (mode 0600); "
		   "replaces it if\n"
		   "                        it exists\n"
		   "  --case CODE           fill in the form for case CODE\n"
		   "  --blank               a blank form\n"
		   "  --lang sv|en          the language of the form "
		   "(default sv)\n"
		   "  --templates DIR       take the form texts from DIR "
		   "(e.g. a municipality's\n"
		   "                        own wording) instead of the "
		   "installed ones;\n"
		   "                        see "
		   "contrib/templates/README.md\n" CLI_SECRET_OPTIONS_HELP),
};

/* What the options of the command give. */
struct print_opts {
	const char *out;       /* -o */
	const char *code;      /* --case */
	bool blank;	       /* --blank */
	const char *lang;      /* --lang */
	const char *templates; /* --templates, or NULL */
};

static int print_option(const struct cli_cmd *cmd, int c, const char *arg,
			void *ctx)
{
	struct print_opts *o = ctx;

	switch (c) {
	case 'o':
		if (arg[0] == '\0')
			return cli_usage_error(cmd, _("-o needs a file name"));
		o->out = arg;
		return CLI_GO_ON;
	case 'c':
		o->code = arg;
		return CLI_GO_ON;
	case 'b':
		o->blank = true;
		return CLI_GO_ON;
	case 'l':
		if (strcmp(arg, "sv") != 0 && strcmp(arg, "en") != 0)
			return cli_usage_error(
				cmd, _("--lang must be sv or en, not '%s'"),
				arg);
		o->lang = arg;
		return CLI_GO_ON;
	case 'T':
		o->templates = arg;
		return CLI_GO_ON;
	default:
		return cli_usage_hint(cmd);
	}
}

/*
 * Where the templates are: the source tree's contrib/templates when this
 * program runs from its build folder, else the installed ones.
 */
static const char *template_dir(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		if (strcmp(exe, SSPF_BUILD_DIR) == 0)
			return SSPF_TEMPLATES_SRCDIR;
	}
	return SSPF_TEMPLATES_DIR;
}

/* Tell what the print layer reports; the exit status. */
static int report(const print_error *pe, const char *dbpath, const char *code)
{
	if (pe->core == SSPF_ERR_NOT_FOUND && code != NULL) {
		cli_error(_("there is no case %s; 'sspf cases' lists the "
			    "cases"),
			  code);
		return EXIT_ERROR;
	}
	if (pe->core != SSPF_OK) {
		cli_fail(pe->core, dbpath);
		return cli_exit_for(pe->core) == EXIT_USAGE
			       ? EXIT_ERROR
			       : cli_exit_for(pe->core);
	}
	cli_error("%s", pe->msg);
	return EXIT_ERROR;
}

/* What cli_out_write needs to write the form. */
struct print_fill {
	sspf_core *core;
	sspf_store *st;
	const struct print_opts *o;
	const char *dbpath;
};

/* Write the form into fd (cli_out_write's fill). */
static int fill_form(void *ctx, int fd)
{
	const struct print_fill *f = ctx;
	const struct print_opts *o = f->o;
	print_error pe = { SSPF_OK, "" };

	if (print_consent_form(f->core, f->st, o->blank ? NULL : o->code,
			       o->templates != NULL ? o->templates
						    : template_dir(),
			       o->lang, fd, &pe))
		return EXIT_OK;
	return report(&pe, f->dbpath, o->blank ? NULL : o->code);
}

/* Write the form to o->out, whole or not at all. */
static int write_file(sspf_core *core, sspf_store *st,
		      const struct print_opts *o, const char *dbpath)
{
	struct print_fill f = { core, st, o, dbpath };

	return cli_out_write(o->out, fill_form, &f);
}

static int cmd_print(const struct cli_cmd *self, int argc, char **argv)
{
	const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "case", required_argument, NULL, 'c' },
		{ "blank", no_argument, NULL, 'b' },
		{ "lang", required_argument, NULL, 'l' },
		{ "templates", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_secret_src src = CLI_SECRET_SRC_INIT;
	struct print_opts o = { .lang = "sv" };
	sspf_store *st = NULL;
	sspf_core *core = NULL;
	char *defpath = NULL;
	const char *path, *kind;
	int rc;

	if ((rc = cli_options(self, argc, argv, "ho:", opts, print_option, &o,
			      CLI_OPT_SECRETS, &src)) != CLI_GO_ON)
		return rc;
	if (optind >= argc)
		return cli_usage_error(self,
				       _("which document? (consent-form)"));
	kind = argv[argc - 1];
	if (strcmp(kind, "consent-form") != 0)
		return cli_usage_error(self,
				       _("there is no document '%s'; there is "
					 "consent-form"),
				       kind);
	if ((o.code == NULL) == !o.blank)
		return cli_usage_error(self,
				       _("give either --case CODE or --blank"));
	if (o.out == NULL)
		return cli_usage_error(self, _("give the file to write with -o "
					       "OUT.pdf"));
	if ((rc = cli_out_check(o.out)) != EXIT_OK)
		return rc;
	if ((rc = cli_file_arg(self, argc - 1, argv, &defpath, &path)) !=
	    EXIT_OK)
		return rc;
	rc = cli_open_core(path, &src, &st, &core);
	if (rc == EXIT_OK) {
		rc = write_file(core, st, &o, path);
		print_release();
	}
	cli_close(core, st, defpath);
	return rc;
}
