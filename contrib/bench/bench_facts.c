/*
 * bench_facts.c - what sspf-bench --keep DIR leaves next to the ten-year
 * file, so that a later run can measure the same file again (--reuse DIR)
 * and the TUI test can open it (tests/tui/test_tui.sh, scenario
 * "tenyears"): DIR/tenyears.facts, one "key value" per line.
 *
 * The file holds the made-up passphrase and recovery key that sspf-bench
 * invented for its made-up dataset. That is why it is mode 0600 and lives
 * only in the folder the user named; a real district's secrets are never
 * written anywhere by sspf.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"

int bench_facts_save(const char *dir, const bench_data *d)
{
	char path[4200];
	FILE *f;
	int fd;

	snprintf(path, sizeof path, "%s/tenyears.facts", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		perror(path);
		if (fd >= 0)
			close(fd);
		return 1;
	}
	fprintf(f, "passphrase %s\nrecovery %s\n", d->passphrase, d->recovery);
	fprintf(f, "first_day %d\nlast_day %d\ntoday %d\n", (int)d->first_day,
		(int)d->last_day, (int)d->today);
	fprintf(f, "cases %ld\nmeetings %ld\nitems %ld\nactions %ld\n",
		d->n_cases, d->n_meetings, d->n_items, d->n_actions);
	fprintf(f, "follow_ups %ld\ngoals %ld\nparticipants %ld\n",
		d->n_follow_ups, d->n_goals, d->n_participants);
	fprintf(f, "consents %ld\naudit %lld\n", d->n_consents, d->n_audit);
	fprintf(f, "group_meeting %lld\nnetwork_meeting %lld\nbusy_case %s\n",
		(long long)d->big_group_meeting, (long long)d->network_meeting,
		d->busy_case);
	fprintf(f,
		"days %ld\ncalls %ld\ngen_seconds %.3f\n"
		"change_seconds %.3f\n",
		d->n_days, d->n_calls, d->gen_seconds, d->change_seconds);
	if (fclose(f) != 0) {
		perror(path);
		return 1;
	}
	return 0;
}

/* Copy the value of one line into d; unknown keys are ignored. */
static void take(bench_data *d, const char *key, const char *val)
{
	if (strcmp(key, "passphrase") == 0)
		snprintf(d->passphrase, sizeof d->passphrase, "%s", val);
	else if (strcmp(key, "recovery") == 0)
		snprintf(d->recovery, sizeof d->recovery, "%s", val);
	else if (strcmp(key, "busy_case") == 0)
		snprintf(d->busy_case, sizeof d->busy_case, "%s", val);
	else if (strcmp(key, "first_day") == 0)
		d->first_day = (sspf_date)atol(val);
	else if (strcmp(key, "last_day") == 0)
		d->last_day = (sspf_date)atol(val);
	else if (strcmp(key, "today") == 0)
		d->today = (sspf_date)atol(val);
	else if (strcmp(key, "cases") == 0)
		d->n_cases = atol(val);
	else if (strcmp(key, "meetings") == 0)
		d->n_meetings = atol(val);
	else if (strcmp(key, "items") == 0)
		d->n_items = atol(val);
	else if (strcmp(key, "actions") == 0)
		d->n_actions = atol(val);
	else if (strcmp(key, "follow_ups") == 0)
		d->n_follow_ups = atol(val);
	else if (strcmp(key, "goals") == 0)
		d->n_goals = atol(val);
	else if (strcmp(key, "participants") == 0)
		d->n_participants = atol(val);
	else if (strcmp(key, "consents") == 0)
		d->n_consents = atol(val);
	else if (strcmp(key, "audit") == 0)
		d->n_audit = atoll(val);
	else if (strcmp(key, "group_meeting") == 0)
		d->big_group_meeting = atoll(val);
	else if (strcmp(key, "network_meeting") == 0)
		d->network_meeting = atoll(val);
	else if (strcmp(key, "days") == 0)
		d->n_days = atol(val);
	else if (strcmp(key, "calls") == 0)
		d->n_calls = atol(val);
	else if (strcmp(key, "gen_seconds") == 0)
		d->gen_seconds = atof(val);
	else if (strcmp(key, "change_seconds") == 0)
		d->change_seconds = atof(val);
}

int bench_facts_load(const char *dir, bench_data *d)
{
	char path[4200], line[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/tenyears.facts", dir);
	if ((f = fopen(path, "r")) == NULL) {
		perror(path);
		fprintf(stderr, "sspf-bench: --reuse needs a folder made by "
				"--keep\n");
		return 1;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		char *sp = strchr(line, ' ');

		line[strcspn(line, "\n")] = '\0';
		if (sp == NULL)
			continue;
		*sp = '\0';
		take(d, line, sp + 1);
	}
	fclose(f);
	snprintf(d->path, sizeof d->path, "%s/tenyears.db", dir);
	if (d->passphrase[0] == '\0' || d->recovery[0] == '\0' ||
	    d->n_cases <= 0 || access(d->path, R_OK) != 0) {
		fprintf(stderr,
			"sspf-bench: %s is incomplete or its "
			"tenyears.db is missing\n",
			path);
		return 1;
	}
	return 0;
}
