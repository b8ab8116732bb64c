/*
 * cmd_calendar.c - `sspf calendar`: the meetings as an iCalendar file
 * (RFC 5545) for Outlook or Thunderbird, made by sspf_calendar_write
 * (include/sspf/calendar.h): times, places, kinds and actors only, never
 * a child's name or a case code. With -o the file is written under a
 * temporary name in the same folder (mode 0600), synced and renamed, so
 * that no half-written file is ever left; else to standard output.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sspf/calendar.h>
#include <sspf/core.h>
#include <sspf/date.h>

#include "cli/cli.h"

static int cmd_calendar(const struct cli_cmd *self, int argc, char **argv);

const struct cli_cmd cmd_calendar_entry = {
	.name = "calendar",
	.summary = N_("Write the meetings as a calendar file (.ics)"),
	.exec = cmd_calendar,
	.usage = N_("[FILE] [-o OUT.ics] [--from DATE] [--to DATE] "
		    "[--passphrase-fd N]"),
	.help = N_("Writes the meetings as an iCalendar file (RFC 5545) "
		   "for Outlook,\n"
		   "Thunderbird and other calendar programs: date, time "
		   "(Europe/Stockholm),\n"
		   "kind, place and the actors taking part. No case codes, "
		   "no names and\n"
		   "no agenda topics. Exporting again gives the same events "
		   "the same\n"
		   "identity, so a calendar program updates them. The export "
		   "is written\n"
		   "to the audit log.\n"
		   "\n"
		   "Options:\n"
		   "  -o, --output OUT.ics  write to OUT.ics (mode 0600) "
		   "instead of\n"
		   "                        standard output; replaces it if "
		   "it exists\n"
		   "  --from DATE           only meetings on or after DATE "
		   "(YYYY-MM-DD)\n"
		   "  --to DATE             only meetings on or before "
		   "DATE\n" CLI_SECRET_OPTIONS_HELP),
};

/* What the options of the command give. */
struct calendar_opts {
	const char *out; /* -o, or NULL: standard output */
	sspf_date from, to;
};

static int calendar_option(const struct cli_cmd *cmd, int c, const char *arg,
			   void *ctx)
{
	struct calendar_opts *o = ctx;
	sspf_date *d;
	sspf_err e;

	switch (c) {
	case 'o':
		if (arg[0] == '\0')
			return cli_usage_error(cmd, _("-o needs a file name"));
		o->out = arg;
		return CLI_GO_ON;
	case 'f':
	case 't':
		d = c == 'f' ? &o->from : &o->to;
		if ((e = sspf_date_parse(arg, d)) != SSPF_OK)
			return cli_usage_error(cmd, "%s: %s",
					       c == 'f' ? "--from" : "--to",
					       sspf_err_detail());
		return CLI_GO_ON;
	default:
		return cli_usage_hint(cmd);
	}
}

/* What cli_out_write needs to write the calendar. */
struct calendar_fill {
	sspf_core *core;
	const struct calendar_opts *o;
	const char *dbpath;
};

/* Write the calendar into fd (cli_out_write's fill). */
static int fill_calendar(void *ctx, int fd)
{
	const struct calendar_fill *f = ctx;
	sspf_err e = sspf_calendar_write(f->core, f->o->from, f->o->to, fd);

	if (e == SSPF_OK)
		return EXIT_OK;
	cli_fail(e, e == SSPF_ERR_IO || e == SSPF_ERR_FULL ? f->o->out
							   : f->dbpath);
	return cli_exit_for(e);
}

/* Write the calendar to o->out, whole or not at all. */
static int write_file(sspf_core *core, const struct calendar_opts *o,
		      const char *dbpath)
{
	struct calendar_fill f = { core, o, dbpath };

	return cli_out_write(o->out, fill_calendar, &f);
}

static int cmd_calendar(const struct cli_cmd *self, int argc, char **argv)
{
	const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_secret_src src = CLI_SECRET_SRC_INIT;
	struct calendar_opts o = { 0 };
	sspf_store *st = NULL;
	sspf_core *core = NULL;
	char *defpath = NULL;
	const char *path;
	sspf_err e;
	int rc;

	if ((rc = cli_options(self, argc, argv, "ho:", opts, calendar_option,
			      &o, CLI_OPT_SECRETS, &src)) != CLI_GO_ON)
		return rc;
	if (o.from != 0 && o.to != 0 && o.to < o.from)
		return cli_usage_error(self,
				       _("--to must not lie before --from"));
	if (o.out != NULL && (rc = cli_out_check(o.out)) != EXIT_OK)
		return rc;
	if ((rc = cli_file_arg(self, argc, argv, &defpath, &path)) != EXIT_OK)
		return rc;
	rc = cli_open_core(path, &src, &st, &core);
	if (rc == EXIT_OK && o.out != NULL) {
		rc = write_file(core, &o, path);
	} else if (rc == EXIT_OK) {
		/* nothing is buffered in stdout: the calendar goes past it */
		if ((e = sspf_calendar_write(core, o.from, o.to,
					     STDOUT_FILENO)) != SSPF_OK) {
			cli_fail(e, path);
			rc = cli_exit_for(e);
		}
	}
	cli_close(core, st, defpath);
	return rc;
}
