/*
 * cmd_stats_merge.c - the city's side of the statistics
 * (include/sspf/statsmerge.h): `sspf stats-keygen` makes the city's key
 * pair (CITY.pub for the districts, CITY.key kept by the city, encrypted
 * with a passphrase); `sspf stats-merge` opens the exact figures the
 * districts sealed to that key in their JSON exports (`sspf stats
 * --for-city CITY.pub`), adds them up and protects the city totals again,
 * written as `sspf stats` writes an export. Neither needs a database.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sspf/stats.h>
#include <sspf/statsmerge.h>

#include "cli/cli.h"

static int cmd_keygen(const struct cli_cmd *self, int argc, char **argv);
static int cmd_merge(const struct cli_cmd *self, int argc, char **argv);

const struct cli_cmd cmd_stats_keygen_entry = {
	.name = "stats-keygen",
	.summary = N_("Make the city's key for merging district statistics"),
	.exec = cmd_keygen,
	.usage = N_("-o CITY [--passphrase-fd N]"),
	.help = N_("Makes the key pair of the city's central unit: CITY.pub, "
		   "the public key,\n"
		   "for the districts (`sspf stats --for-city CITY.pub`), and "
		   "CITY.key, the\n"
		   "secret key, encrypted with a passphrase asked twice (at "
		   "least 10\n"
		   "characters), mode 0600. Only CITY.key and its passphrase "
		   "open the exact\n"
		   "figures the districts seal to CITY.pub: keep both, as "
		   "a lost key opens\n"
		   "nothing. Existing files are never overwritten. See HOW "
		   "THE CITY MERGES\n"
		   "in sspf(1).\n"
		   "\n"
		   "Options:\n"
		   "  -o, --output CITY     write CITY.pub and CITY.key\n"
		   "  --passphrase-fd N     read the passphrase from the first "
		   "line of file\n"
		   "                        descriptor N instead of the "
		   "terminal\n"
		   "  -h, --help            show this help\n"),
};

const struct cli_cmd cmd_stats_merge_entry = {
	.name = "stats-merge",
	.summary = N_("Merge district statistics into the city's"),
	.exec = cmd_merge,
	.usage = N_("--key CITY.key IN.json... [-o OUT] [--format csv|json] "
		    "[--name NAME] [--passphrase-fd N]"),
	.help = N_("Adds up the district exports IN.json of one period, "
		   "method and threshold,\n"
		   "made with `sspf stats --format json --for-city CITY.pub`, "
		   "and protects\n"
		   "the city totals again with the same method and threshold: "
		   "the cells are\n"
		   "those one export of all the districts' cases would have. "
		   "The exact\n"
		   "figures come sealed in each export; CITY.key and its "
		   "passphrase open\n"
		   "them. Refused: exports of different periods, methods or "
		   "thresholds, a\n"
		   "district twice, CSV exports or ones made without "
		   "--for-city, exports\n"
		   "sealed to another key or changed since. No database is "
		   "used and nothing\n"
		   "is logged. See \"How the city merges\" in sspf(1).\n"
		   "\n"
		   "Options:\n"
		   "  --key CITY.key        the city's secret key "
		   "(stats-keygen)\n"
		   "  -o, --output OUT      write to OUT (mode 0600) instead "
		   "of standard\n"
		   "                        output\n"
		   "  --format csv|json     the format (default csv)\n"
		   "  --name NAME           the district column of the "
		   "output (default\n"
		   "                        \"city\")\n"
		   "  --passphrase-fd N     read CITY.key's passphrase from "
		   "the first line\n"
		   "                        of file descriptor N\n"
		   "  -h, --help            show this help\n"),
};

/* ---- stats-keygen ---- */

struct text_fill {
	const char *text;
	mode_t mode;
};

static int fill_text(void *ctx, int fd)
{
	const struct text_fill *f = ctx;
	size_t len = strlen(f->text), off = 0;

	/* the temporary file is 0600; the public key may be read by all */
	if (f->mode != 0600 && fchmod(fd, f->mode) != 0) {
		cli_error(_("the mode of the key file cannot be set: %s"),
			  strerror(errno));
		return EXIT_ERROR;
	}
	while (off < len) {
		ssize_t n = write(fd, f->text + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			cli_error(_("the key file cannot be written: %s"),
				  strerror(n < 0 ? errno : EIO));
			return EXIT_ERROR;
		}
		off += (size_t)n;
	}
	return EXIT_OK;
}

static int keygen_option(const struct cli_cmd *cmd, int c, const char *arg,
			 void *ctx)
{
	if (c != 'o')
		return cli_usage_hint(cmd);
	if (arg[0] == '\0')
		return cli_usage_error(cmd, _("-o needs a name"));
	*(const char **)ctx = arg;
	return CLI_GO_ON;
}

/* Make the pair and write both files; the exit status. */
static int keygen_write(const char *pub, const char *key,
			const cli_secret *pass)
{
	char *pt = NULL, *kt = NULL;
	struct text_fill fk, fp;
	sspf_err e;
	int rc;

	e = sspf_citykey_generate(pass->buf, pass->len, NULL, &pt, &kt);
	if (e != SSPF_OK)
		return cli_fail_not_db(e);
	fk = (struct text_fill){ kt, 0600 };
	fp = (struct text_fill){ pt, 0644 };
	rc = cli_out_write(key, fill_text, &fk);
	if (rc == EXIT_OK && (rc = cli_out_write(pub, fill_text, &fp)) != 0)
		(void)unlink(key); /* both or neither */
	if (rc == EXIT_OK)
		printf(_("Wrote %s: give it to the districts (sspf stats "
			 "--for-city %s).\n"
			 "Wrote %s: keep it and its passphrase; only they open "
			 "the districts' figures.\n"),
		       pub, pub, key);
	free(pt);
	free(kt);
	return rc;
}

static int cmd_keygen(const struct cli_cmd *self, int argc, char **argv)
{
	const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_secret_src src = CLI_SECRET_SRC_INIT;
	cli_secret pass = { NULL, 0 };
	const char *base = NULL;
	char *pub = NULL, *key = NULL;
	struct stat sb;
	int rc;

	if ((rc = cli_options(self, argc, argv, "ho:", opts, keygen_option,
			      &base, CLI_OPT_PASSPHRASE, &src)) != CLI_GO_ON)
		return rc;
	if (base == NULL)
		return cli_usage_error(self, _("give the name with -o CITY"));
	if (optind < argc)
		return cli_usage_error(self, _("'%s' is one argument too many"),
				       argv[optind]);
	pub = malloc(strlen(base) + 5);
	key = malloc(strlen(base) + 5);
	if (pub == NULL || key == NULL) {
		rc = cli_fail_not_db(SSPF_ERR_NOMEM);
		goto out;
	}
	sprintf(pub, "%s.pub", base);
	sprintf(key, "%s.key", base);
	/* a city key is never replaced: what was sealed to it would be lost */
	if (lstat(key, &sb) == 0 || lstat(pub, &sb) == 0) {
		cli_error(_("%s exists already; it was not touched. A city "
			    "key is never overwritten: the figures sealed to "
			    "it could no longer be opened."),
			  lstat(key, &sb) == 0 ? key : pub);
		rc = EXIT_ERROR;
		goto out;
	}
	if ((rc = cli_out_check(key)) != EXIT_OK ||
	    (rc = cli_new_passphrase(&src, &pass)) != EXIT_OK)
		goto out;
	rc = keygen_write(pub, key, &pass);
out:
	cli_secret_free(&pass);
	free(pub);
	free(key);
	return rc;
}

/* ---- stats-merge ---- */

enum { OPT_KEY = 256, OPT_FORMAT, OPT_NAME };

struct merge_opts {
	const char *key, *out, *name;
	sspf_stats_format format;
};

static int merge_option(const struct cli_cmd *cmd, int c, const char *arg,
			void *ctx)
{
	struct merge_opts *o = ctx;

	switch (c) {
	case 'o':
		if (arg[0] == '\0')
			return cli_usage_error(cmd, _("-o needs a file name"));
		o->out = arg;
		return CLI_GO_ON;
	case OPT_KEY:
		o->key = arg;
		return CLI_GO_ON;
	case OPT_NAME:
		if (arg[0] == '\0' || strlen(arg) > 200)
			return cli_usage_error(
				cmd,
				_("--name needs a name of 1 to 200 bytes"));
		o->name = arg;
		return CLI_GO_ON;
	case OPT_FORMAT:
		return cli_stats_format(cmd, arg, &o->format);
	default:
		return cli_usage_hint(cmd);
	}
}

/* Open CITY.key with the passphrase src says: on the terminal a wrong
   one may be tried again, 3 times in all. The exit status. */
static int open_key(const char *path, const struct cli_secret_src *src,
		    sspf_citykey **key)
{
	char prompt[512];
	cli_secret s = { NULL, 0 };
	sspf_err e;
	int rc;

	if (src->pass_fd >= 0) {
		if ((rc = cli_secret_from_fd(src->pass_fd, _("the passphrase"),
					     &s)) != EXIT_OK)
			return rc;
		e = sspf_citykey_open(path, s.buf, s.len, key);
		cli_secret_free(&s);
		return e == SSPF_OK ? EXIT_OK : cli_fail_not_db(e);
	}
	snprintf(prompt, sizeof prompt, _("Passphrase for %s: "), path);
	for (int tries = 1;; tries++) {
		if ((rc = cli_secret_from_tty(prompt, false, &s)) != EXIT_OK)
			return rc;
		e = sspf_citykey_open(path, s.buf, s.len, key);
		cli_secret_free(&s);
		if (e == SSPF_OK)
			return EXIT_OK;
		if (e != SSPF_ERR_WRONG_PASSPHRASE || tries == 3)
			return cli_fail_not_db(e);
		cli_error("%s", sspf_strerror(e));
		sleep((unsigned)tries);
	}
}

static int cmd_merge(const struct cli_cmd *self, int argc, char **argv)
{
	const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "key", required_argument, NULL, OPT_KEY },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "name", required_argument, NULL, OPT_NAME },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_secret_src src = CLI_SECRET_SRC_INIT;
	struct merge_opts o = { 0 };
	const char *const *in;
	sspf_citykey *key = NULL;
	sspf_stats *s = NULL;
	size_t n;
	sspf_err e;
	int rc;

	if ((rc = cli_options(self, argc, argv, "ho:", opts, merge_option, &o,
			      CLI_OPT_PASSPHRASE, &src)) != CLI_GO_ON)
		return rc;
	if (o.key == NULL)
		return cli_usage_error(self,
				       _("give the city's secret key with "
					 "--key CITY.key"));
	if (optind >= argc)
		return cli_usage_error(self, _("give the district exports to "
					       "merge"));
	in = (const char *const *)argv + optind;
	n = (size_t)(argc - optind);
	if (n > SSPF_MERGE_MAX_INPUTS)
		return cli_usage_error(self, _("at most %d exports at a time"),
				       SSPF_MERGE_MAX_INPUTS);
	/* everything that needs no key is checked before the passphrase */
	if (o.out != NULL && (rc = cli_out_check(o.out)) != EXIT_OK)
		return rc;
	if ((e = sspf_stats_merge_check(in, n)) != SSPF_OK)
		return cli_fail_not_db(e);
	if ((rc = open_key(o.key, &src, &key)) != EXIT_OK)
		return rc;
	e = sspf_stats_merge(key, in, n, o.name, &s);
	sspf_citykey_close(key);
	if (e != SSPF_OK)
		return cli_fail_not_db(e);
	if (s->preliminary)
		cli_error(_("warning: a period that has not ended: the merged "
			    "figures are preliminary and may still change."));
	rc = cli_stats_out(s, o.format, o.out);
	sspf_stats_free(s);
	return rc;
}
