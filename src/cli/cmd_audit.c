/*
 * cmd_audit.c - "sspf audit": show the audit log of a database (who
 * viewed, printed, exported or changed which case, and when), all of it,
 * of one case or from a date on; with --verify, check that no entry has
 * been changed, added or removed. Reading the log is not logged itself:
 * the log is of case access only.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <sspf/audit.h>
#include <sspf/core.h>
#include <sspf/date.h>

#include "cli/cli.h"

static int cmd_audit(const struct cli_cmd *self, int argc, char **argv);

const struct cli_cmd cmd_audit_entry = {
	.name = "audit",
	.summary = N_("Show or verify the audit log of case access"),
	.exec = cmd_audit,
	.usage = N_("[FILE] [--case CODE] [--since YYYY-MM-DD] [--verify] "
		    "[--passphrase-fd N] [--recovery | --recovery-key-fd N]"),
	.help = N_(
		"Lists the audit log of FILE, oldest first, one entry a "
		"line:\n"
		"its number, the time (UTC), the user, what was done (view,\n"
		"print, export, change, ...) and the case code. The log holds\n"
		"no case content. Entries are kept at least as long as the\n"
		"setting retention.log_years says.\n"
		"\n"
		"With --verify, checks instead that no entry has been "
		"changed,\n"
		"added or removed since it was written: exit status 0 if the\n"
		"log is intact, 4 if not (the message names the first entry\n"
		"that is wrong).\n"
		"\n"
		"Options:\n"
		"  --case CODE           only the entries of case CODE\n"
		"  --since YYYY-MM-DD    only the entries from that day on "
		"(UTC)\n"
		"  --verify              verify the log instead of listing "
		"it\n"
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
		"  sspf audit --case 2026-014\n"
		"  sspf audit --since 2026-01-01\n"
		"  sspf audit --verify\n"),
};

struct list_ctx {
	unsigned long n;
};

static int print_entry(void *arg, const sspf_audit_entry *e)
{
	struct list_ctx *c = arg;

	if (c->n++ == 0)
		printf("%6s  %-20s  %-12s  %-12s  %s\n", _("ENTRY"), _("TIME"),
		       _("USER"), _("ACTION"), _("CASE"));
	printf("%6" PRId64 "  %-20s  ", e->seq, e->at);
	cli_print_padded(e->user, 12); /* a user name may hold å ä ö */
	if (*e->case_code == '\0')
		printf("  %s\n", e->action);
	else
		printf("  %-12s  %s\n", e->action, e->case_code);
	return 0;
}

static int verify(sspf_core *core, const char *path)
{
	int64_t n = 0;
	sspf_err e = sspf_audit_verify(core, &n);

	if (e == SSPF_ERR_DAMAGED) {
		printf(_("problem: %s\n"), sspf_err_detail());
		printf(_("%s: the audit log has been tampered with or "
			 "damaged.\n"),
		       path);
		return EXIT_DAMAGED;
	}
	if (e != SSPF_OK) {
		cli_fail(e, path);
		return cli_exit_for(e);
	}
	printf(_("the audit log is intact: %" PRId64 " entries\n"), n);
	return EXIT_OK;
}

static int list(sspf_core *core, const char *path, const char *code,
		sspf_date since)
{
	struct list_ctx ctx = { 0 };
	sspf_err e = sspf_audit_list(core, code, since, print_entry, &ctx);

	if (e != SSPF_OK) {
		cli_fail(e, path);
		return cli_exit_for(e);
	}
	if (ctx.n == 0)
		printf(_("no entries\n"));
	return EXIT_OK;
}

/* What the options ask for. */
struct audit_opts {
	const char *code;
	sspf_date since;
	bool do_verify, have_since;
};

static int audit_option(const struct cli_cmd *self, int c, const char *arg,
			void *ctx)
{
	struct audit_opts *o = ctx;

	switch (c) {
	case 'c':
		if (o->code != NULL)
			return cli_usage_error(self, _("give --case once"));
		if (*arg == '\0')
			return cli_usage_error(self,
					       _("--case needs a case code"));
		o->code = arg;
		break;
	case 's':
		if (o->have_since)
			return cli_usage_error(self, _("give --since once"));
		if (sspf_date_parse(arg, &o->since) != SSPF_OK)
			return cli_usage_error(self, _("--since %s: %s"), arg,
					       sspf_err_detail());
		o->have_since = true;
		break;
	default: /* 'v' */
		o->do_verify = true;
		break;
	}
	return CLI_GO_ON;
}

static int cmd_audit(const struct cli_cmd *self, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "case", required_argument, NULL, 'c' },
		{ "since", required_argument, NULL, 's' },
		{ "verify", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_secret_src src = CLI_SECRET_SRC_INIT;
	struct audit_opts o = { NULL, 0, false, false };
	const char *path;
	char *defpath = NULL;
	sspf_store *st = NULL;
	sspf_core *core = NULL;
	int rc;

	if ((rc = cli_options(self, argc, argv, "h", opts, audit_option, &o,
			      CLI_OPT_SECRETS, &src)) != CLI_GO_ON)
		return rc;
	if (o.do_verify && (o.code != NULL || o.have_since))
		return cli_usage_error(self, _("--verify checks the whole log; "
					       "leave out --case and --since"));
	if ((rc = cli_file_arg(self, argc, argv, &defpath, &path)) != EXIT_OK)
		return rc;

	rc = cli_open_core(path, &src, &st, &core);
	if (rc == EXIT_OK)
		rc = o.do_verify ? verify(core, path)
				 : list(core, path, o.code, o.since);
	cli_close(core, st, defpath);
	return rc;
}
