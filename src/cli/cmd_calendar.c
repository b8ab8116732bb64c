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

/*
 * The folder of path (malloc'ed, "." for a bare name) and a template
 * for mkstemp in it, "FOLDER/.BASE.XXXXXX" (malloc'ed). False if out of
 * memory.
 */
static bool temp_name(const char *path, char **folder, char **tmpl)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash != NULL ? slash + 1 : path;
	size_t flen = slash == NULL   ? 1
		      : slash == path ? 1
				      : (size_t)(slash - path);
	size_t n;

	*tmpl = NULL;
	if ((*folder = malloc(flen + 1)) == NULL)
		return false;
	if (slash == NULL)
		memcpy(*folder, ".", 2);
	else {
		memcpy(*folder, slash == path ? "/" : path, flen);
		(*folder)[flen] = '\0';
	}
	n = strlen(*folder) + strlen(base) + sizeof "/..XXXXXX";
	if ((*tmpl = malloc(n)) == NULL) {
		free(*folder);
		*folder = NULL;
		return false;
	}
	snprintf(*tmpl, n, "%s/.%s.XXXXXX", *folder, base);
	return true;
}

/* Make sure a rename in folder survives a crash; errors are ignored. */
static void sync_folder(const char *folder)
{
	int fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		(void)close(fd);
	}
}

/*
 * Before the passphrase is asked: whether o->out can be written at all
 * (not a folder; its folder exists and is writable). The write itself
 * checks again. Returns EXIT_OK or tells why not and returns EXIT_ERROR.
 */
static int check_out(const char *out)
{
	char *folder = NULL, *tmp = NULL;
	struct stat sb;
	int rc = EXIT_OK, err = 0;

	if (stat(out, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		cli_error(_("%s is a folder; give the name of the file to "
			    "write."),
			  out);
		return EXIT_ERROR;
	}
	if (!temp_name(out, &folder, &tmp)) {
		cli_error(_("out of memory"));
		return EXIT_ERROR;
	}
	if (stat(folder, &sb) != 0)
		err = errno;
	else if (!S_ISDIR(sb.st_mode))
		err = ENOTDIR;
	else if (access(folder, W_OK | X_OK) != 0)
		err = errno;
	if (err != 0) {
		cli_error(_("cannot write a file in the folder %s: %s"), folder,
			  strerror(err));
		rc = EXIT_ERROR;
	}
	free(folder);
	free(tmp);
	return rc;
}

/*
 * Write the calendar to out through a temporary file. Returns the exit
 * status after telling what went wrong; nothing is left behind on error.
 */
static int write_file(sspf_core *core, const struct calendar_opts *o,
		      const char *dbpath)
{
	char *folder = NULL, *tmp = NULL;
	int fd, rc = EXIT_OK;
	sspf_err e;

	if (!temp_name(o->out, &folder, &tmp)) {
		cli_error(_("out of memory"));
		return EXIT_ERROR;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		cli_error(_("cannot write a file in the folder %s: %s"), folder,
			  strerror(errno));
		rc = EXIT_ERROR;
		goto out;
	}
	if (fchmod(fd, 0600) != 0) {
		cli_error(_("cannot write %s: %s"), o->out, strerror(errno));
		rc = EXIT_ERROR;
	} else if ((e = sspf_calendar_write(core, o->from, o->to, fd)) !=
		   SSPF_OK) {
		cli_fail(e, e == SSPF_ERR_IO || e == SSPF_ERR_FULL ? o->out
								   : dbpath);
		rc = cli_exit_for(e);
	} else if (fsync(fd) != 0) {
		cli_error(_("cannot write %s: %s"), o->out, strerror(errno));
		rc = EXIT_ERROR;
	}
	if (close(fd) != 0 && rc == EXIT_OK) {
		cli_error(_("cannot write %s: %s"), o->out, strerror(errno));
		rc = EXIT_ERROR;
	}
	if (rc == EXIT_OK && rename(tmp, o->out) != 0) {
		cli_error(_("cannot write %s: %s"), o->out, strerror(errno));
		rc = EXIT_ERROR;
	}
	if (rc != EXIT_OK)
		(void)unlink(tmp);
	else
		sync_folder(folder);
out:
	free(folder);
	free(tmp);
	return rc;
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
	if (o.out != NULL && (rc = check_out(o.out)) != EXIT_OK)
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
