/*
 * cmd_print.c - `sspf print`: the documents of the print layer
 * (src/print/) as PDF: the consent form (samtyckesblankett, filled in for
 * a case or blank), a case's plan (åtagandeplan), and a meeting's agenda
 * (dagordning) and minutes (minnesanteckningar), in Swedish or English
 * from the templates. Written to a file the user names (whole or not at
 * all, mode 0600) or sent to a printer through lp without any file.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sspf/core.h>

#include "cli/cli.h"
#include "print/print.h"

static int cmd_print(const struct cli_cmd *self, int argc, char **argv);

const struct cli_cmd cmd_print_entry = {
	.name = "print",
	.summary = N_("Print a document or save it as PDF (consent form, "
		      "plan, agenda, minutes)"),
	.exec = cmd_print,
	.usage = N_("[FILE] DOCUMENT [--case CODE | --blank | --meeting ID] "
		    "[--lang LANG] (-o OUT.pdf | --print | --printer NAME) "
		    "[--templates DIR] [--passphrase-fd N]"),
	.help = N_("Makes an A4 document and writes it as a PDF file or sends "
		   "it to a printer.\n"
		   "\n"
		   "Documents:\n"
		   "  consent-form --case CODE | --blank\n"
		   "               the consent form (samtyckesblankett) for "
		   "the guardians and\n"
		   "               the young person to sign: filled in with "
		   "the child's and\n"
		   "               guardians' names, or blank to fill in by "
		   "hand\n"
		   "  plan --case CODE\n"
		   "               the case's commitment plan (åtagandeplan): "
		   "goals, actions,\n"
		   "               next meeting; only with a valid consent\n"
		   "  agenda --meeting ID\n"
		   "               a meeting's agenda (dagordning)\n"
		   "  minutes --meeting ID\n"
		   "               a meeting's minutes (minnesanteckningar)\n"
		   "An arbetsgruppsmöte's documents show case codes only; a "
		   "case without a valid\n"
		   "consent shows only its code. Every printed document is "
		   "written to the audit\n"
		   "log. A saved or printed document lies outside the "
		   "encrypted database: keep\n"
		   "it safe and destroy it when it is no longer needed.\n"
		   "\n"
		   "Options:\n"
		   "  -o, --output OUT.pdf  write to OUT.pdf (mode 0600); "
		   "replaces it if\n"
		   "                        it exists\n"
		   "  --print               send it to the default printer "
		   "(lp), no file\n"
		   "  --printer NAME        send it to printer NAME (lp -d), "
		   "no file\n"
		   "  --case CODE           the case\n"
		   "  --blank               a blank consent form\n"
		   "  --meeting ID          the meeting ('sspf meetings' "
		   "shows the ids)\n"
		   "  --lang LANG           the language of the document: "
		   "sv (default), en,\n"
		   "                        or any other with its template "
		   "files (e.g. ar, so)\n"
		   "  --templates DIR       take the texts from DIR (e.g. a "
		   "municipality's own\n"
		   "                        wording) instead of the installed "
		   "ones; see\n"
		   "                        "
		   "contrib/templates/README.md\n" CLI_SECRET_OPTIONS_HELP),
};

/* Long options without a letter (the letters of the secret options are
   taken: see cli_options). */
enum { OPT_PRINT = 256, OPT_PRINTER };

/* What the options of the command give. */
struct print_opts {
	const char *out;       /* -o */
	const char *code;      /* --case */
	bool blank;	       /* --blank */
	sspf_id meeting;       /* --meeting, 0 if not given */
	const char *lang;      /* --lang */
	const char *templates; /* --templates, or NULL */
	bool print;	       /* --print or --printer */
	const char *printer;   /* --printer, or NULL: the default one */
};

static int print_option(const struct cli_cmd *cmd, int c, const char *arg,
			void *ctx)
{
	struct print_opts *o = ctx;
	char *end;
	long long id;

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
	case 'm':
		errno = 0;
		id = strtoll(arg, &end, 10);
		if (errno != 0 || end == arg || *end != '\0' || id <= 0)
			return cli_usage_error(
				cmd,
				_("--meeting needs the number of a meeting "
				  "('sspf meetings' shows them), not '%s'"),
				arg);
		o->meeting = (sspf_id)id;
		return CLI_GO_ON;
	case 'l':
		/* a language code names a template file: letters only */
		if (strspn(arg, "abcdefghijklmnopqrstuvwxyz") != strlen(arg) ||
		    strlen(arg) < 2 || strlen(arg) > 3)
			return cli_usage_error(
				cmd,
				_("--lang needs a language code such as sv or "
				  "en, not '%s'"),
				arg);
		o->lang = arg;
		return CLI_GO_ON;
	case 'T':
		o->templates = arg;
		return CLI_GO_ON;
	case OPT_PRINT:
		o->print = true;
		return CLI_GO_ON;
	case OPT_PRINTER:
		if (arg[0] == '\0')
			return cli_usage_error(cmd,
					       _("--printer needs the name of "
						 "a printer"));
		o->print = true;
		o->printer = arg;
		return CLI_GO_ON;
	default:
		return cli_usage_hint(cmd);
	}
}

/* Do the options fit document kind? Else a usage error. */
static int check_opts(const struct cli_cmd *self, print_kind kind,
		      const struct print_opts *o)
{
	bool by_case = kind == PRINT_CONSENT_FORM || kind == PRINT_PLAN;

	if (by_case && o->meeting != 0)
		return cli_usage_error(self, _("--meeting is for agenda and "
					       "minutes"));
	if (!by_case && (o->code != NULL || o->blank))
		return cli_usage_error(self,
				       _("the %s of a meeting takes "
					 "--meeting ID"),
				       print_kind_word(kind));
	if (kind == PRINT_CONSENT_FORM && (o->code == NULL) == !o->blank)
		return cli_usage_error(self,
				       _("give either --case CODE or --blank"));
	if (kind == PRINT_PLAN && o->blank)
		return cli_usage_error(self, _("--blank is for the consent "
					       "form"));
	if (kind == PRINT_PLAN && o->code == NULL)
		return cli_usage_error(self, _("give the case with --case "
					       "CODE"));
	if (!by_case && o->meeting == 0)
		return cli_usage_error(self, _("give the meeting with "
					       "--meeting ID"));
	if ((o->out == NULL) == !o->print)
		return cli_usage_error(self,
				       _("give either -o OUT.pdf to save the "
					 "document or --print / --printer NAME "
					 "to print it"));
	return CLI_GO_ON;
}

/* Tell what the print layer reports; the exit status. */
static int report(const print_error *pe, const char *dbpath,
		  const print_request *r)
{
	if (pe->core == SSPF_ERR_NOT_FOUND && r->code != NULL) {
		cli_error(_("there is no case %s; 'sspf cases' lists the "
			    "cases"),
			  r->code);
		return EXIT_ERROR;
	}
	if (pe->core == SSPF_ERR_NOT_FOUND && r->meeting != 0) {
		cli_error(_("there is no meeting %lld; 'sspf meetings' lists "
			    "the meetings"),
			  (long long)r->meeting);
		return EXIT_ERROR;
	}
	if (pe->core == SSPF_ERR_REFUSED) {
		cli_error(_("case %s cannot be printed: %s"), r->code, pe->msg);
		return EXIT_REFUSED;
	}
	if (pe->core != SSPF_OK) {
		cli_fail(pe->core, dbpath);
		return cli_exit_for(pe->core) == EXIT_USAGE
			       ? EXIT_ERROR
			       : cli_exit_for(pe->core);
	}
	if (pe->msg[0] != '\0')
		cli_error("%s", pe->msg);
	return EXIT_ERROR;
}

/* What the fill needs, and what it found. */
struct print_fill {
	sspf_core *core;
	sspf_store *st;
	const print_request *r;
	print_error made; /* print_document's error, if it failed */
	bool failed;
};

/* Make the document into fd (the print layer's fill). */
static bool fill_doc(void *ctx, int fd, print_error *err)
{
	struct print_fill *f = ctx;

	if (print_document(f->core, f->st, f->r, fd, err))
		return true;
	f->made = *err;
	f->failed = true;
	return false;
}

/* Make the document and save or print it; the exit status. */
static int deliver(sspf_core *core, sspf_store *st, const print_request *r,
		   const struct print_opts *o, const char *dbpath)
{
	struct print_fill f = { core, st, r, { SSPF_OK, "" }, false };
	print_error pe = { SSPF_OK, "" };
	bool ok;

	if (o->print)
		ok = print_lp_send(o->printer, fill_doc, &f, &pe);
	else
		ok = print_file_write(o->out, fill_doc, &f, &pe);
	if (ok) {
		if (o->print)
			printf(_("The document was sent to the printer "
				 "%s.\n"),
			       o->printer != NULL ? o->printer
						  : _("(the default one)"));
		return EXIT_OK;
	}
	/* the library's reason (refused, not found) before what followed
	   from it; a printer's own complaint before the broken pipe */
	return report(f.failed && f.made.core != SSPF_OK ? &f.made : &pe,
		      dbpath, r);
}

static int cmd_print(const struct cli_cmd *self, int argc, char **argv)
{
	const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "case", required_argument, NULL, 'c' },
		{ "blank", no_argument, NULL, 'b' },
		{ "meeting", required_argument, NULL, 'm' },
		{ "lang", required_argument, NULL, 'l' },
		{ "templates", required_argument, NULL, 'T' },
		{ "print", no_argument, NULL, OPT_PRINT },
		{ "printer", required_argument, NULL, OPT_PRINTER },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_secret_src src = CLI_SECRET_SRC_INIT;
	struct print_opts o = { .lang = "sv" };
	print_error pe = { SSPF_OK, "" };
	print_request r = { 0 };
	sspf_store *st = NULL;
	sspf_core *core = NULL;
	char *defpath = NULL;
	const char *path;
	int rc;

	if ((rc = cli_options(self, argc, argv, "ho:", opts, print_option, &o,
			      CLI_OPT_SECRETS, &src)) != CLI_GO_ON)
		return rc;
	if (optind >= argc)
		return cli_usage_error(self, _("which document? (consent-form, "
					       "plan, agenda, minutes)"));
	if (!print_kind_parse(argv[argc - 1], &r.kind))
		return cli_usage_error(self,
				       _("there is no document '%s'; there "
					 "are consent-form, plan, agenda and "
					 "minutes"),
				       argv[argc - 1]);
	if ((rc = check_opts(self, r.kind, &o)) != CLI_GO_ON)
		return rc;
	/* what cannot work is said before the passphrase is asked for */
	if (o.print && !print_lp_available()) {
		cli_error(_("this computer has no printing system (the command "
			    "lp of CUPS is missing); save the document with -o "
			    "OUT.pdf and print it from another program"));
		return EXIT_ERROR;
	}
	if (o.out != NULL && !print_file_check(o.out, &pe)) {
		cli_error("%s", pe.msg);
		return EXIT_ERROR;
	}
	if ((rc = cli_file_arg(self, argc - 1, argv, &defpath, &path)) !=
	    EXIT_OK)
		return rc;
	r.code = o.blank ? NULL : o.code;
	r.meeting = o.meeting;
	r.lang = o.lang;
	r.tdir = o.templates != NULL ? o.templates : print_template_dir();
	rc = cli_open_core(path, &src, &st, &core);
	if (rc == EXIT_OK) {
		rc = deliver(core, st, &r, &o, path);
		print_release();
	}
	cli_close(core, st, defpath);
	return rc;
}
