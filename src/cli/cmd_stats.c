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
#include <sspf/statsmerge.h>

#include "cli/cli.h"

static int cmd_stats(const struct cli_cmd *self, int argc, char **argv);

const struct cli_cmd cmd_stats_entry = {
	.name = "stats",
	.summary = N_("Write the district's anonymised statistics of a period"),
	.exec = cmd_stats,
	.usage = N_("[FILE] --period P [--format csv|json] [--method "
		    "suppression|ckm] [--threshold K] [--for-city CITY.pub] "
		    "[-o OUT] [--passphrase-fd N]"),
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
		   "  --for-city CITY.pub   also seal the exact figures to "
		   "the city's key\n"
		   "                        (made by sspf stats-keygen), for "
		   "sspf stats-merge;\n"
		   "                        only the city's secret key opens "
		   "them (needs\n"
		   "                        --format json)\n"
		   "  -o, --output OUT      write to OUT (mode 0600) instead "
		   "of standard\n"
		   "                        output\n" CLI_SECRET_OPTIONS_HELP),
};

enum { OPT_PERIOD = 256, OPT_FORMAT, OPT_METHOD, OPT_THRESHOLD, OPT_FOR_CITY };

struct stats_opts {
	const char *out;
	bool have_period;
	sspf_period period;
	sspf_stats_format format;
	sspf_stats_method method;
	int k;		  /* 0: the setting */
	const char *city; /* --for-city: the city's public key file */
	unsigned char city_key[SSPF_CITY_PUBLIC_BYTES];
};

int cli_stats_format(const struct cli_cmd *cmd, const char *arg,
		     sspf_stats_format *out)
{
	if (strcmp(arg, "csv") == 0)
		*out = SSPF_STATS_CSV;
	else if (strcmp(arg, "json") == 0)
		*out = SSPF_STATS_JSON;
	else
		return cli_usage_error(
			cmd, _("--format must be csv or json, not '%s'"), arg);
	return CLI_GO_ON;
}

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
		return cli_stats_format(cmd, arg, &o->format);
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
	case OPT_FOR_CITY:
		if (arg[0] == '\0')
			return cli_usage_error(
				cmd, _("--for-city needs the city's CITY.pub"));
		o->city = arg;
		return CLI_GO_ON;
	default:
		return cli_usage_hint(cmd);
	}
}

/* What the fill needs. */
struct stats_fill {
	const sspf_stats *s;
	sspf_stats_format format;
};

static int fill_stats(void *ctx, int fd)
{
	const struct stats_fill *f = ctx;
	sspf_err e = sspf_stats_write(f->s, f->format, fd);

	return e == SSPF_OK ? EXIT_OK : cli_fail_not_db(e);
}

int cli_stats_out(const sspf_stats *s, sspf_stats_format format,
		  const char *out)
{
	struct stats_fill f = { s, format };
	sspf_err e;

	if (out != NULL)
		return cli_out_write(out, fill_stats, &f);
	/* nothing is buffered in stdout: the export goes past it */
	e = sspf_stats_write(s, format, STDOUT_FILENO);
	return e == SSPF_OK ? EXIT_OK : cli_fail_not_db(e);
}

/*
 * What the coordinator must know of this export's release, on standard
 * error (the export itself may be on standard output).
 */
static void tell_release(const sspf_stats *s)
{
	char name[8];

	sspf_period_text(&s->period, name);
	if (s->preliminary)
		fprintf(stderr,
			_("note: %s has not ended yet. These figures are "
			  "preliminary and not remembered: do not publish "
			  "them.\n"),
			name);
	else if (s->rewritten)
		fprintf(stderr,
			_("note: %s was exported before. It is written as "
			  "it was then, so that two versions cannot be "
			  "compared.\n"),
			name);
	else if (s->remembered)
		fprintf(stderr,
			_("note: this export of %s is remembered. A later "
			  "export of %s gives the same figures, and every "
			  "export of %d uses method %s and threshold %d.\n"),
			name, name, s->period.year,
			sspf_stats_method_name(s->method), s->k);
	if (s->n_inherited > 0)
		fprintf(stderr,
			_("warning: earlier exports of %d already allow %zu "
			  "hidden figures to be worked out. Nothing more can "
			  "be done about it here; tell whoever received "
			  "them.\n"),
			s->period.year, s->n_inherited);
}

/* Count, protect and write; the exit status. */
static int export(sspf_core *core, sspf_store *st, struct stats_opts *o,
		  const char *path)
{
	sspf_stats_request rq = { o->method, 0,
				  o->city != NULL ? o->city_key : NULL };
	sspf_stats *s = NULL;
	long k = o->k;
	sspf_err e;
	int rc;

	if (k == 0 &&
	    (e = sspf_setting_get_int(st, "stats.threshold", &k)) != SSPF_OK) {
		cli_fail(e, path);
		return cli_exit_for(e);
	}
	rq.k = (int)k;
	if ((e = sspf_stats_make_for(core, &o->period, &rq, &s)) != SSPF_OK) {
		cli_fail(e, path);
		return cli_exit_for(e);
	}
	rc = cli_stats_out(s, o->format, o->out);
	if (rc == EXIT_OK)
		tell_release(s);
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
		{ "for-city", required_argument, NULL, OPT_FOR_CITY },
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
	if (o.city != NULL && o.format != SSPF_STATS_JSON)
		return cli_usage_error(
			self, _("--for-city needs --format json: a CSV "
				"file cannot carry the sealed "
				"figures"));
	if (o.city != NULL) {
		sspf_err e = sspf_citykey_read_public(o.city, o.city_key);

		if (e != SSPF_OK)
			return cli_fail_not_db(e);
	}
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
