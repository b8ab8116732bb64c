/*
 * cmd_stats.c - `sspf stats`: the district's anonymised statistics of a
 * quarter, half-year or year for the city's central unit, made by
 * sspf_stats_make (include/sspf/stats.h) with disclosure control, as CSV
 * or JSON, to a file (whole or not at all, mode 0600) or to standard
 * output.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sspf/core.h>
#include <sspf/settings.h>
#include <sspf/stats.h>

#include "cli/cli.h"

static int cmd_stats(const struct cli_cmd *self, int argc, char **argv);

const struct cli_cmd cmd_stats_entry = {
	.name = "stats",
	.summary = N_("Write the district's anonymised statistics of a period"),
	.exec = cmd_stats,
	.usage = N_("[FILE] --period P [--format csv|json] [--method "
		    "suppression|ckm] [--threshold K] [-o OUT] "
		    "[--passphrase-fd N]"),
	.help = N_("Writes counts of the SSPF work of one period for the "
		   "city's central unit:\n"
		   "cases by age band and gender, new cases by concern, "
		   "consent outcomes,\n"
		   "actions by actor and status, meetings by kind, the median "
		   "days to the\n"
		   "first network meeting and the share of actions done in "
		   "time. No names,\n"
		   "case codes, birth dates, dates, schools or classes. No "
		   "count of 1 to K-1\n"
		   "persons is published: such a count is hidden (\"..\") "
		   "with the cells it\n"
		   "could be worked out from, or with --method ckm turned "
		   "into 0 or K by a\n"
		   "noise that is the same in every export. The export is "
		   "written to the audit\n"
		   "log. See STATISTICS in sspf(1).\n"
		   "\n"
		   "Options:\n"
		   "  --period P            a quarter (2026Q3), a half-year "
		   "(2026H2) or a\n"
		   "                        year (2026); free date ranges "
		   "are not offered\n"
		   "  --format csv|json     the format (default csv)\n"
		   "  --method M            how small counts are protected: "
		   "suppression (the\n"
		   "                        default: hidden cells) or ckm "
		   "(the cell key\n"
		   "                        method: a small noise on every "
		   "count, as SCB does)\n"
		   "  --threshold K         hide counts below K (at least 3; "
		   "default: the\n"
		   "                        setting stats.threshold, 5)\n"
		   "  -o, --output OUT      write to OUT (mode 0600) instead "
		   "of standard\n"
		   "                        output\n" CLI_SECRET_OPTIONS_HELP),
};

enum { OPT_PERIOD = 256, OPT_FORMAT, OPT_METHOD, OPT_THRESHOLD };

struct stats_opts {
	const char *out;
	bool have_period;
	sspf_period period;
	sspf_stats_format format;
	sspf_stats_method method;
	int k; /* 0: the setting */
};

static int stats_option(const struct cli_cmd *cmd, int c, const char *arg,
			void *ctx)
{
	struct stats_opts *o = ctx;
	char *end;
	long k;

	switch (c) {
	case 'o':
		if (arg[0] == '\0')
			return cli_usage_error(cmd, _("-o needs a file name"));
		o->out = arg;
		return CLI_GO_ON;
	case OPT_PERIOD:
		if (sspf_period_parse(arg, &o->period) != SSPF_OK)
			return cli_usage_error(cmd, "--period: %s",
					       sspf_err_detail());
		o->have_period = true;
		return CLI_GO_ON;
	case OPT_FORMAT:
		if (strcmp(arg, "csv") == 0)
			o->format = SSPF_STATS_CSV;
		else if (strcmp(arg, "json") == 0)
			o->format = SSPF_STATS_JSON;
		else
			return cli_usage_error(
				cmd,
				_("--format must be csv or json, not '%s'"),
				arg);
		return CLI_GO_ON;
	case OPT_METHOD:
		if (strcmp(arg, "suppression") == 0)
			o->method = SSPF_STATS_SUPPRESS;
		else if (strcmp(arg, "ckm") == 0)
			o->method = SSPF_STATS_CKM;
		else
			return cli_usage_error(
				cmd,
				_("--method must be suppression or ckm, "
				  "not '%s'"),
				arg);
		return CLI_GO_ON;
	case OPT_THRESHOLD:
		k = strtol(arg, &end, 10);
		if (end == arg || *end != '\0' || k < SSPF_STATS_K_MIN ||
		    k > 1000)
			return cli_usage_error(
				cmd,
				_("--threshold must be a whole number of at "
				  "least %d, not '%s'"),
				SSPF_STATS_K_MIN, arg);
		o->k = (int)k;
		return CLI_GO_ON;
	default:
		return cli_usage_hint(cmd);
	}
}

/* What the fill needs. */
struct stats_fill {
	const sspf_stats *s;
	const struct stats_opts *o;
};

static int fill_stats(void *ctx, int fd)
{
	const struct stats_fill *f = ctx;
	sspf_err e = sspf_stats_write(f->s, f->o->format, fd);

	if (e == SSPF_OK)
		return EXIT_OK;
	cli_fail(e, f->o->out);
	return cli_exit_for(e);
}

/* Count, protect and write; the exit status. */
static int export(sspf_core *core, sspf_store *st, struct stats_opts *o,
		  const char *path)
{
	sspf_stats *s = NULL;
	long k = o->k;
	sspf_err e;
	int rc;

	if (k == 0 &&
	    (e = sspf_setting_get_int(st, "stats.threshold", &k)) != SSPF_OK) {
		cli_fail(e, path);
		return cli_exit_for(e);
	}
	if ((e = sspf_stats_make(core, &o->period, o->method, (int)k, &s)) !=
	    SSPF_OK) {
		cli_fail(e, path);
		return cli_exit_for(e);
	}
	if (o->out != NULL) {
		struct stats_fill f = { s, o };

		rc = cli_out_write(o->out, fill_stats, &f);
	} else {
		/* nothing is buffered in stdout: the export goes past it */
		e = sspf_stats_write(s, o->format, STDOUT_FILENO);
		rc = e == SSPF_OK ? EXIT_OK : cli_exit_for(e);
		if (e != SSPF_OK)
			cli_fail(e, NULL);
	}
	sspf_stats_free(s);
	return rc;
}

static int cmd_stats(const struct cli_cmd *self, int argc, char **argv)
{
	const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "period", required_argument, NULL, OPT_PERIOD },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "method", required_argument, NULL, OPT_METHOD },
		{ "threshold", required_argument, NULL, OPT_THRESHOLD },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_secret_src src = CLI_SECRET_SRC_INIT;
	struct stats_opts o = { 0 };
	sspf_store *st = NULL;
	sspf_core *core = NULL;
	char *defpath = NULL;
	const char *path;
	int rc;

	if ((rc = cli_options(self, argc, argv, "ho:", opts, stats_option, &o,
			      CLI_OPT_SECRETS, &src)) != CLI_GO_ON)
		return rc;
	if (!o.have_period)
		return cli_usage_error(self,
				       _("give the period with --period "
					 "(e.g. 2026Q3, 2026H2 or 2026)"));
	if (o.out != NULL && (rc = cli_out_check(o.out)) != EXIT_OK)
		return rc;
	if ((rc = cli_file_arg(self, argc, argv, &defpath, &path)) != EXIT_OK)
		return rc;
	rc = cli_open_core(path, &src, &st, &core);
	if (rc == EXIT_OK)
		rc = export(core, st, &o, path);
	cli_close(core, st, defpath);
	return rc;
}
