/*
 * cmd_cases.c - `sspf cases` and `sspf case`: the cases as plain text, for
 * scripts and for screen-reader users, through the same consent gate as
 * everything else. A refused case is its code, its state and the reason.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sspf/cases.h>
#include <sspf/core.h>
#include <sspf/meetings.h>

#include "cli/cli.h"

static int cmd_cases(const struct cli_cmd *self, int argc, char **argv);
/* The guardians (consent work data, shown here only for an allowed case). */
static void print_guardians(sspf_core *core, const char *code)
{
	sspf_consent_info *ci = NULL;

	if (sspf_case_consent_info(core, code, &ci) != SSPF_OK)
		return;
	for (size_t i = 0; i < ci->n_guardians; i++)
		printf("%-14s%s%s%s%s%s\n", i == 0 ? _("Guardians:") : "",
		       ci->guardians[i].name,
		       ci->guardians[i].custody ? "" : _(" (no custody)"),
		       *ci->guardians[i].phone ? ", " : "",
		       ci->guardians[i].phone,
		       i == 0 && ci->sole_custody ? _(" (sole custody)") : "");
	sspf_consent_info_free(ci);
}

/* The newest consent: when signed, until when, which actors it covers. */
static void print_consent(sspf_core *core, const char *code)
{
	sspf_consent_record *r = NULL;
	char from[SSPF_DATE_TEXT], to[SSPF_DATE_TEXT];
	const char *sep = "";

	if (sspf_consent_current(core, code, &r) != SSPF_OK)
		return;
	sspf_date_format(r->signed_on, from);
	sspf_date_format(r->valid_until, to);
	printf("%-14s%s %s, %s %s\n", _("Consent:"), _("signed"), from,
	       _("valid until"), to);
	printf("%-14s%s ", "", _("covers"));
	for (unsigned a = 1; a <= SSPF_ACTOR_ANNAN; a <<= 1)
		if (r->scope & a) {
			printf("%s%s", sep, sspf_actor_name(a));
			sep = ", ";
		}
	if ((r->scope & SSPF_ACTOR_ANNAN) && *r->scope_other)
		printf(" (%s)", r->scope_other);
	printf("\n");
	if (*r->information)
		printf("%-14s%s: %s\n", "", _("information"), r->information);
	if (*r->purpose)
		printf("%-14s%s: %s\n", "", _("purpose"), r->purpose);
	sspf_consent_record_free(r);
}

static void print_plan(const sspf_plan *p)
{
	char d[SSPF_DATE_TEXT];

	for (size_t i = 0; i < p->n_goals; i++)
		printf("%-14s%s\n", i == 0 ? _("Goals:") : "",
		       p->goals[i].text);
	for (size_t i = 0; i < p->n_actions; i++) {
		const sspf_action_line *a = &p->actions[i];
		const char *actor = sspf_actor_name(a->actor);

		if (a->due != 0)
			sspf_date_format(a->due, d);
		else
			strcpy(d, "-");
		printf("%-14s%s  %s  %s%s%s  (%s)\n",
		       i == 0 ? _("Actions:") : "", d, a->what,
		       actor ? actor : "", *a->person ? ", " : "", a->person,
		       sspf_action_status_name(a->status));
		for (size_t j = 0; j < a->n_follow_ups; j++) {
			sspf_date_format(a->follow_ups[j].made_on, d);
			printf("%-14s  %s %s: %s\n", "", d,
			       sspf_action_status_name(a->follow_ups[j].status),
			       a->follow_ups[j].comment);
		}
	}
	if (p->n_goals == 0 && p->n_actions == 0)
		printf("%-14s%s\n", _("Plan:"), _("no goals or actions yet"));
}

static int print_history_line(void *arg, const sspf_history_line *l)
{
	char d[SSPF_DATE_TEXT];
	int *n = arg;

	sspf_date_format(l->date, d);
	printf("%-14s%s %s\n", (*n)++ == 0 ? _("Meetings:") : "", d, l->kind);
	if (*l->minutes)
		printf("%-14s  %s\n", "", l->minutes);
	return 0;
}

static int cmd_case(const struct cli_cmd *self, int argc, char **argv);

const struct cli_cmd cmd_cases_entry = {
	.name = "cases",
	.summary = N_("List the cases: code, status and consent state"),
	.exec = cmd_cases,
	.usage = N_("[FILE] [--state open|closed|pending|refused] "
		    "[--passphrase-fd N]"),
	.help = N_("One line per case, in code order: the code, open or "
		   "closed,\n"
		   "the consent state, and the child's name only where a "
		   "valid\n"
		   "consent allows it.\n"
		   "\n"
		   "Options:\n"
		   "  --state S             only open, closed, pending (no "
		   "valid\n"
		   "                        consent yet) or refused (any "
		   "case the\n"
		   "                        consent rules do not open "
		   "now)\n" CLI_SECRET_OPTIONS_HELP),
};

const struct cli_cmd cmd_case_entry = {
	.name = "case",
	.summary = N_("Show one case as text, if its consent allows"),
	.exec = cmd_case,
	.usage = N_("[FILE] CODE [--passphrase-fd N]"),
	.help = N_("Shows the case CODE as text. If the consent rules do "
		   "not\n"
		   "allow it now, nothing of the case is shown: the reason "
		   "goes\n"
		   "to standard error and the exit status is 5.\n"
		   "\n"
		   "Options:\n" CLI_SECRET_OPTIONS_HELP),
};

static const char *state_word(sspf_consent_state s)
{
	switch (s) {
	case SSPF_STATE_VALID:
		return _("consent valid");
	case SSPF_STATE_EXPIRED:
		return _("consent expired");
	case SSPF_STATE_WITHDRAWN:
		return _("consent withdrawn");
	default:
		return _("waiting for consent");
	}
}

enum state_filter { ALL, OPEN, CLOSED, PENDING, REFUSED };

struct list_ctx {
	enum state_filter filter;
	unsigned long shown;
};

static int print_line(void *arg, const sspf_case_line *l)
{
	struct list_ctx *c = arg;
	bool refused = l->reason != SSPF_CONSENT_OK;

	if ((c->filter == OPEN && l->closed) ||
	    (c->filter == CLOSED && !l->closed) ||
	    (c->filter == PENDING && l->state != SSPF_STATE_PENDING) ||
	    (c->filter == REFUSED && !refused))
		return 0;
	printf("%-10s %-7s %-20s %s\n", l->code,
	       l->closed ? _("closed") : _("open"), state_word(l->state),
	       l->child_name != NULL ? l->child_name : "");
	c->shown++;
	return 0;
}

/* --state S into the list_ctx. */
static int state_option(const struct cli_cmd *self, int c, const char *arg,
			void *arg_ctx)
{
	static const char *const names[] = { "", "open", "closed", "pending",
					     "refused" };
	struct list_ctx *ctx = arg_ctx;

	(void)c;
	ctx->filter = ALL;
	for (int i = 1; i < 5; i++)
		if (strcmp(arg, names[i]) == 0)
			ctx->filter = (enum state_filter)i;
	if (ctx->filter == ALL)
		return cli_usage_error(self,
				       _("--state is open, closed, pending or "
					 "refused, not '%s'"),
				       arg);
	return CLI_GO_ON;
}

static int cmd_cases(const struct cli_cmd *self, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "state", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_secret_src src = CLI_SECRET_SRC_INIT;
	struct list_ctx ctx = { ALL, 0 };
	sspf_store *st = NULL;
	sspf_core *core = NULL;
	char *defpath = NULL;
	const char *path;
	sspf_err e;
	int rc;

	if ((rc = cli_options(self, argc, argv, "h", opts, state_option, &ctx,
			      CLI_OPT_SECRETS, &src)) != CLI_GO_ON)
		return rc;
	if ((rc = cli_file_arg(self, argc, argv, &defpath, &path)) != EXIT_OK)
		return rc;
	rc = cli_open_core(path, &src, &st, &core);
	if (rc == EXIT_OK) {
		e = sspf_case_list(core, print_line, &ctx);
		if (e != SSPF_OK) {
			cli_fail(e, path);
			rc = cli_exit_for(e);
		} else if (ctx.shown == 0) {
			fprintf(stderr, _("sspf: no cases to show.\n"));
		}
	}
	cli_close(core, st, defpath);
	return rc;
}

static const char *gender_word(sspf_gender g)
{
	switch (g) {
	case SSPF_GENDER_GIRL:
		return _("girl");
	case SSPF_GENDER_BOY:
		return _("boy");
	case SSPF_GENDER_OTHER:
		return _("other");
	default:
		return _("not stated");
	}
}

static void print_concerns(unsigned bits)
{
	static const char *const words[] = {
		N_("truancy or absence"), N_("suspected crime"),
		N_("alcohol or drugs"),	  N_("destructive peers or setting"),
		N_("violent extremism"),  N_("other"),
	};
	const char *sep = "";

	printf("%-14s", _("Concerns:"));
	for (unsigned i = 0; i < 6; i++) {
		if (bits & (1u << i)) {
			printf("%s%s", sep, _(words[i]));
			sep = ", ";
		}
	}
	printf("%s\n", *sep ? "" : _("none recorded"));
}

static void print_case(const sspf_case *c)
{
	char d[SSPF_DATE_TEXT];

	printf("%-14s%s\n", _("Case:"), c->code);
	if (c->child_name != NULL) {
		sspf_date_format(c->birth, d);
		printf("%-14s%s\n", _("Child:"), c->child_name);
		printf("%-14s%s\n", _("Born:"), d);
	}
	printf("%-14s%s\n", _("Gender:"), gender_word(c->gender));
	printf("%-14s%s %s\n", _("School:"), c->school, c->class_name);
	printf("%-14s%s\n", _("District:"), c->district);
	sspf_date_format(c->opened_on, d);
	printf("%-14s%s\n", _("Opened:"), d);
	if (c->closed) {
		sspf_date_format(c->closed_on, d);
		printf("%-14s%s (%s)\n", _("Closed:"), d,
		       c->outcome ? c->outcome : "");
	}
	print_concerns(c->concerns);
	if (c->concern_text != NULL && *c->concern_text)
		printf("%-14s%s\n", "", c->concern_text);
	if (c->note != NULL && *c->note)
		printf("%-14s%s\n", _("Note:"), c->note);
}

static int cmd_case(const struct cli_cmd *self, int argc, char **argv)
{
	struct cli_secret_src src = CLI_SECRET_SRC_INIT;
	sspf_context view = { SSPF_CTX_CASE_VIEW, 0 };
	sspf_store *st = NULL;
	sspf_core *core = NULL;
	sspf_case *c = NULL;
	sspf_verdict v;
	char *defpath = NULL;
	const char *path, *code;
	sspf_err e;
	int rc;

	if ((rc = cli_unlock_options(self, argc, argv, &src)) != CLI_GO_ON)
		return rc;
	if (argc - optind < 1)
		return cli_usage_error(self, _("give the CODE of the case"));
	code = argv[argc - 1];
	/* [FILE] CODE: the file is whatever stands before the code */
	if ((rc = cli_file_arg(self, argc - 1, argv, &defpath, &path)) !=
	    EXIT_OK)
		return rc;
	rc = cli_open_core(path, &src, &st, &core);
	if (rc == EXIT_OK) {
		e = sspf_case_get(core, code, &view, &c, &v);
		if (e == SSPF_ERR_REFUSED) {
			char why[256];

			/* names belong on the consent screens only */
			v.guardian = NULL;
			sspf_verdict_text(&v, why, sizeof why);
			cli_error(_("case %s cannot be shown: %s"), code, why);
			rc = EXIT_REFUSED;
		} else if (e != SSPF_OK) {
			cli_fail(e, path);
			rc = cli_exit_for(e);
		} else {
			sspf_plan *plan = NULL;

			print_case(c);
			print_guardians(core, code);
			print_consent(core, code);
			if (sspf_case_plan(core, code, &view, &plan, &v) ==
			    SSPF_OK)
				print_plan(plan);
			sspf_plan_free(plan);
			int n = 0;
			if (sspf_case_history(core, code, print_history_line,
					      &n, &v) == SSPF_OK &&
			    n == 0)
				printf("%-14s%s\n", _("Meetings:"),
				       _("none yet"));
		}
	}
	sspf_case_free(c);
	cli_close(core, st, defpath);
	return rc;
}
