/*
 * bench_gen_meet.c - the steps of the ten-year dataset (bench_gen.c runs
 * them day by day): opening a case with its guardians, its consent,
 * planning its network or follow-up meeting with its participants
 * and agenda, holding it (minutes, goals, actions, follow-ups of the open
 * actions), and the weekly arbetsgruppsmöte with about 40 case codes.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench_gen.h"

static const struct {
	const char *name, *role;
	unsigned actor;
} pros[] = {
	{ "Lena Åberg", "kurator", SSPF_ACTOR_SKOLA },
	{ "Sara Nyström", "socialsekreterare", SSPF_ACTOR_SOCIALTJANST },
	{ "Peter Lind", "områdespolis", SSPF_ACTOR_POLIS },
	{ "Jonna Ek", "fritidsledare", SSPF_ACTOR_FRITID },
};
static const char *const topics[] = { "Läget i skolan", "Fritiden",
				      "Nästa steg" };
static const char *const whats[] = {
	"Veckovis avstämning av närvaron med mentor",
	"Erbjuda plats i läxhjälpen tisdagar",
	"Inleda utredning och erbjuda föräldrastöd",
	"Kontakt med fältassistent under kvällstid",
	"Orosamtal med familjen",
	"Introducera på fritidsgården",
};

/* The made-up minutes of a case item (about 600 bytes). */
static const char *minutes_for(gen *g, const gcase *c)
{
	snprintf(g->minutes, sizeof g->minutes,
		 "Ärende %s. Skolan rapporterar att närvaron har varierat "
		 "under perioden; mentor har haft veckovisa samtal. "
		 "Socialtjänsten har träffat familjen två gånger och "
		 "erbjudit föräldrastöd, som vårdnadshavarna tackat ja till. "
		 "Polisen har inga nya uppgifter sedan förra mötet. "
		 "Fritidsgården rapporterar att den unge deltar i "
		 "aktiviteter en till två kvällar i veckan. Överenskommet: "
		 "fortsatt stöd enligt planen, ny uppföljning om cirka "
		 "sex månader. Ansvarig för kallelse: samordnaren (%d).",
		 c->code, between(g, 1, 99999));
	return g->minutes;
}

int open_case(gen *g, gcase *c, sspf_date today)
{
	sspf_case_new n = {
		.child_name = "Testbarn Påhittad",
		.birth = c->birth,
		.gender = (sspf_gender)between(g, 1, 2),
		.school = "Björkdalsskolan",
		.class_name = "7B",
		.district = "Benchdistrikt",
		.raised_by = pros[between(g, 0, 3)].actor,
		.concerns = (unsigned)between(g, 1, 63),
		.concern_text = "Hög frånvaro och oro för umgänget.",
		.sole_custody = c->n_guardians == 1,
	};

	(void)today;
	TRY(sspf_case_create(g->core, &n, c->code));
	for (int i = 0; i < c->n_guardians; i++) {
		sspf_guardian_new gn = { .name = i ? "Förälder Två"
						   : "Förälder Ett",
					 .phone = "070-1740000",
					 .custody = true };
		TRY(sspf_guardian_add(g->core, c->code, &gn, &c->guardians[i]));
	}
	c->opened = true;
	g->d->n_cases++;
	return 0;
}

int register_consent(gen *g, gcase *c, sspf_date today)
{
	sspf_consent_new k = {
		.signed_on = today,
		.signed_by = c->guardians,
		.n_signed_by = (size_t)c->n_guardians,
		.youth_signed = sspf_date_age(c->birth, today) >= 15,
		.scope = ACTORS,
		.purpose = "samordnat stöd inom SSPF",
	};

	TRY(sspf_consent_register(g->core, c->code, &k, NULL));
	c->valid_until = sspf_date_add_months(today, 12) - 1;
	g->d->n_consents++;
	return 0;
}

/* Plan a meeting on day with the given participants and agenda. */
static int plan_meeting(gen *g, sspf_meeting_kind kind, sspf_date day,
			int family, sspf_id *mid)
{
	sspf_meeting_new m = {
		.kind = kind,
		.date = day,
		.start = kind == SSPF_MEETING_GROUP ? "09:00" : "13:00",
		.end = kind == SSPF_MEETING_GROUP ? "11:00" : "14:30",
		.place = "Björkdalsskolan, rum 12",
		.district = "Benchdistrikt"
	};

	TRY(sspf_meeting_create(g->core, &m, mid));
	g->d->n_meetings++;
	for (size_t i = 0; i < sizeof pros / sizeof pros[0]; i++) {
		TRY(sspf_participant_add(g->core, *mid, pros[i].name,
					 pros[i].actor, pros[i].role, NULL));
		g->d->n_participants++;
	}
	if (family) {
		TRY(sspf_participant_add(g->core, *mid, "Förälder Ett", 0,
					 "vårdnadshavare", NULL));
		g->d->n_participants++;
	}
	return 0;
}

static int add_topics(gen *g, sspf_id mid, int n)
{
	for (int i = 0; i < n; i++) {
		TRY(sspf_agenda_add_topic(g->core, mid, topics[i % 3], NULL));
		g->d->n_items++;
	}
	return 0;
}

int plan_case_meeting(gen *g, gcase *c)
{
	sspf_meeting_kind k = c->first_meeting_done ? SSPF_MEETING_FOLLOW_UP
						    : SSPF_MEETING_NETWORK;

	if (plan_meeting(g, k, c->meet_day, 1, &c->mid) != 0)
		return 1;
	TRY(sspf_agenda_add_case(g->core, c->mid, c->code, &c->item));
	g->d->n_items++;
	if (k == SSPF_MEETING_NETWORK)
		g->d->network_meeting = c->mid;
	return add_topics(g, c->mid, 3);
}

static int add_actions(gen *g, gcase *c, sspf_date today, int n, sspf_id goal)
{
	for (int i = 0; i < n; i++) {
		sspf_action_new a = {
			.what = whats[between(g, 0, 5)],
			.actor = pros[i % 4].actor,
			.person = pros[i % 4].name,
			.due = today + between(g, 20, 150),
			.goal_id = goal,
			.meeting_id = c->mid,
		};
		sspf_id id;

		TRY(sspf_action_add(g->core, c->code, &a, &id, NULL));
		if (c->n_acts == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 16;
			sspf_id *more = realloc(c->acts, cap * sizeof *more);

			if (more == NULL)
				return bench_fail("generating", SSPF_ERR_NOMEM);
			c->acts = more;
			c->cap = cap;
		}
		c->acts[c->n_acts++] = id;
		c->total_acts++;
		g->d->n_actions++;
	}
	return 0;
}

/* The meeting of a case is held today: minutes, plan, follow-ups. */
int hold_case_meeting(gen *g, gcase *c, sspf_date today)
{
	sspf_id goal = 0;
	size_t keep = 0;

	TRY(sspf_agenda_set_minutes(g->core, c->item, minutes_for(g, c), NULL));
	if (!c->first_meeting_done) {
		for (int i = 0; i < 2; i++) {
			TRY(sspf_goal_add(g->core, c->code,
					  i ? "Trivs på fritiden"
					    : "Full närvaro i skolan",
					  &goal, NULL));
			g->d->n_goals++;
		}
		c->first_meeting_done = true;
		return add_actions(g, c, today, NET_ACTIONS, goal);
	}
	for (size_t i = 0; i < c->n_acts; i++) {
		int r = between(g, 0, 99);
		sspf_action_status s = r < 45	? SSPF_ACTION_DONE
				       : r < 90 ? SSPF_ACTION_ONGOING
						: SSPF_ACTION_CANCELLED;

		TRY(sspf_follow_up_add(g->core, c->acts[i], c->mid, s,
				       "Avstämt på mötet.", NULL, NULL));
		g->d->n_follow_ups++;
		if (s == SSPF_ACTION_ONGOING)
			c->acts[keep++] = c->acts[i];
	}
	c->n_acts = keep;
	return add_actions(g, c, today, FU_ACTIONS, 0);
}

/* The weekly arbetsgruppsmöte: planned AHEAD days before. */
int group_day(gen *g, sspf_date today)
{
	sspf_id mid = 0;
	int slot = -1;

	for (int i = 0; i < 4; i++) {
		if (g->planned[i].mid != 0 && g->planned[i].day <= today) {
			g->d->big_group_meeting = g->planned[i].mid;
			g->planned[i].mid = 0;
		}
		if (g->planned[i].mid == 0)
			slot = i;
	}
	if ((today - g->d->first_day) % g->group_every != 0 || slot < 0)
		return 0;
	if (plan_meeting(g, SSPF_MEETING_GROUP, today + AHEAD, 0, &mid) != 0 ||
	    add_topics(g, mid, 2) != 0)
		return 1;
	g->planned[slot].mid = mid;
	g->planned[slot].day = today + AHEAD;
	for (int n = 0, tries = 0; n < GROUP_CASES && tries < g->n; tries++) {
		long live = g->next_open - g->first_live;
		gcase *c;
		sspf_id item;
		sspf_err e;

		if (live <= 0)
			break;
		c = &g->c[g->first_live + (g->group_pos++ % live)];
		if (!c->opened || c->closed)
			continue;
		TRY(sspf_agenda_add_case(g->core, mid, c->code, &item));
		g->d->n_items++;
		n++;
		/* minutes where the gate allows them, codes only */
		e = sspf_agenda_set_minutes(g->core, item, "Går enligt plan.",
					    NULL);
		g->d->n_calls++;
		if (e != SSPF_OK && e != SSPF_ERR_REFUSED)
			return bench_fail("group minutes", (int)e);
	}
	return 0;
}
