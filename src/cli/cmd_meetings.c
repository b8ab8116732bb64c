/*
 * cmd_meetings.c - `sspf meetings` and `sspf actions`: the meetings and the
 * open actions as plain text, for scripts and for screen-reader users.
 * Meetings are their facts only; an action line passes the consent gate
 * of its case, and a refused case shows its code and due date only.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sspf/consent.h>
#include <sspf/core.h>
#include <sspf/meetings.h>

#include "cli/cli.h"

static int cmd_meetings(const struct cli_cmd *self, int argc, char **argv);
static int cmd_actions(const struct cli_cmd *self, int argc, char **argv);

const struct cli_cmd cmd_meetings_entry = {
	.name = "meetings",
	.summary = N_("List the meetings: date, time, kind, place"),
	.exec = cmd_meetings,
	.usage = N_("[FILE] [--upcoming] [--passphrase-fd N]"),
	.help = N_("One line per meeting, by date: its id (for 'sspf print "
		   "agenda --meeting ID'),\nthe date, the time, the "
		   "kind,\n"
		   "the place and the number of agenda items. No case codes "
		   "and\n"
		   "no names.\n"
		   "\n"
		   "Options:\n"
		   "  --upcoming            only meetings from today "
		   "on\n" CLI_SECRET_OPTIONS_HELP),
};

const struct cli_cmd cmd_actions_entry = {
	.name = "actions",
	.summary = N_("List the open actions by due date"),
	.exec = cmd_actions,
	.usage = N_("[FILE] [--overdue] [--passphrase-fd N]"),
	.help = N_("One line per action not yet done, by due date: the due "
		   "date,\n"
		   "OVERDUE if it has passed, the case code, the actor, what "
		   "and\n"
		   "who. For a case whose consent does not allow it now, "
		   "only\n"
		   "the code and the due date are shown.\n"
		   "\n"
		   "Options:\n"
		   "  --overdue             only actions past their due "
		   "date\n" CLI_SECRET_OPTIONS_HELP),
};

/*
 * The options of both commands: the secret ones, --help and one flag
 * (--upcoming or --overdue) into *flag. CLI_GO_ON or the exit status.
 */
static int parse(const struct cli_cmd *self, int argc, char **argv,
		 const char *flag_name, bool *flag, struct cli_secret_src *src)
{
	const struct option opts[] = {
		{ flag_name, no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};

	return cli_options(self, argc, argv, "h", opts, cli_option_flag, flag,
			   CLI_OPT_SECRETS, src);
}

static int print_meeting(void *arg, const sspf_meeting *m)
{
	unsigned long *shown = arg;
	char d[SSPF_DATE_TEXT];

	sspf_date_format(m->date, d);
	/* the id is what `sspf print agenda --meeting ID` takes */
	printf("%5lld  %s %s-%s ", (long long)m->id, d, m->start, m->end);
	cli_print_padded(sspf_meeting_kind_name(m->kind), 17);
	printf(" %s  (%zu %s)\n", m->place, m->n_items,
	       m->n_items == 1 ? _("agenda item") : _("agenda items"));
	(*shown)++;
	return 0;
}

static int cmd_meetings(const struct cli_cmd *self, int argc, char **argv)
{
	struct cli_secret_src src = CLI_SECRET_SRC_INIT;
	sspf_store *st = NULL;
	sspf_core *core = NULL;
	char *defpath = NULL;
	const char *path;
	bool upcoming = false;
	unsigned long shown = 0;
	sspf_err e;
	int rc;

	if ((rc = parse(self, argc, argv, "upcoming", &upcoming, &src)) !=
	    CLI_GO_ON)
		return rc;
	if ((rc = cli_file_arg(self, argc, argv, &defpath, &path)) != EXIT_OK)
		return rc;
	rc = cli_open_core(path, &src, &st, &core);
	if (rc == EXIT_OK) {
		e = sspf_meeting_list(core,
				      upcoming ? sspf_core_today(core) : 0, 0,
				      0, print_meeting, &shown);
		if (e != SSPF_OK) {
			cli_fail(e, path);
			rc = cli_exit_for(e);
		} else if (shown == 0) {
			fprintf(stderr, _("sspf: no meetings to show.\n"));
		}
	}
	cli_close(core, st, defpath);
	return rc;
}

static int print_action(void *arg, const sspf_open_action *a)
{
	unsigned long *shown = arg;
	char d[SSPF_DATE_TEXT] = "";
	const char *actor;

	if (a->due != 0)
		sspf_date_format(a->due, d);
	printf("%-10s %-7s %-10s", a->due != 0 ? d : "-",
	       a->overdue ? _("OVERDUE") : "", a->code);
	if (a->withheld) {
		char why[256];

		sspf_verdict_text(&a->verdict, why, sizeof why);
		printf(" %s %s\n", _("not shown:"), why);
	} else {
		actor = sspf_actor_name(a->actor);
		printf(" ");
		cli_print_padded(actor != NULL ? actor : "", 13);
		printf(" %s%s%s\n", a->what, a->person[0] != '\0' ? " / " : "",
		       a->person);
	}
	(*shown)++;
	return 0;
}

static int cmd_actions(const struct cli_cmd *self, int argc, char **argv)
{
	struct cli_secret_src src = CLI_SECRET_SRC_INIT;
	sspf_action_filter filter = { 0 };
	sspf_store *st = NULL;
	sspf_core *core = NULL;
	char *defpath = NULL;
	const char *path;
	unsigned long shown = 0;
	sspf_err e;
	int rc;

	if ((rc = parse(self, argc, argv, "overdue", &filter.overdue_only,
			&src)) != CLI_GO_ON)
		return rc;
	if ((rc = cli_file_arg(self, argc, argv, &defpath, &path)) != EXIT_OK)
		return rc;
	rc = cli_open_core(path, &src, &st, &core);
	if (rc == EXIT_OK) {
		e = sspf_actions_open(core, &filter, print_action, &shown);
		if (e != SSPF_OK) {
			cli_fail(e, path);
			rc = cli_exit_for(e);
		} else if (shown == 0) {
			fprintf(stderr, _("sspf: no open actions to show.\n"));
		}
	}
	cli_close(core, st, defpath);
	return rc;
}
