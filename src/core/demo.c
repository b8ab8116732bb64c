/*
 * demo.c - the fictional data of a demo database (sspf/demo.h).
 *
 * Everything goes through the public core API (cases.h, meetings.h,
 * settings.h), so the consent rules and the audit log apply as to real
 * data. That API stamps what it records with the core's "today": cases
 * are opened (and the closed ones closed), actions created and marked
 * done, and follow-ups made today. What takes a date as a parameter
 * (consent signing and validity, withdrawal, meeting dates, due dates) is
 * spread over the past nine months and the next three.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sspf/cases.h>
#include <sspf/demo.h>
#include <sspf/meetings.h>
#include <sspf/settings.h>

#include "core/core_priv.h"

/* ---- a fixed-seed generator (splitmix64): the same demo every time ---- */

static uint64_t demo_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static int demo_between(uint64_t *s, int lo, int hi)
{
	return lo + (int)(demo_rand(s) % (uint64_t)(hi - lo + 1));
}

/* ---- the cases ---- */

enum consent_kind {
	K_VALID,     /* signed by all, valid for months yet */
	K_EXPIRING,  /* valid, but ends within 30 days */
	K_NONE,	     /* no consent registered yet */
	K_ONE,	     /* joint custody, one guardian has not signed */
	K_YOUTH,     /* the youth (15+) has not signed */
	K_EXPIRED,   /* valid_until has passed */
	K_WITHDRAWN, /* withdrawn by a guardian */
};

enum {
	F_SOLE = 1u << 0,    /* sole custody: g1 only has custody */
	F_CLOSED = 1u << 1,  /* closed with an outcome */
	F_NOCUST2 = 1u << 2, /* g2 is a parent without custody */
};

#define SK SSPF_ACTOR_SKOLA
#define SO SSPF_ACTOR_SOCIALTJANST
#define PO SSPF_ACTOR_POLIS
#define FR SSPF_ACTOR_FRITID
#define C_TRU SSPF_CONCERN_TRUANCY
#define C_CRI SSPF_CONCERN_CRIME
#define C_DRU SSPF_CONCERN_DRUGS
#define C_PEE SSPF_CONCERN_PEERS
#define C_EXT SSPF_CONCERN_EXTREMISM
#define C_OTH SSPF_CONCERN_OTHER

struct demo_case {
	const char *child;
	sspf_gender gender;
	int age;	     /* whole years today */
	const char *g1, *g2; /* g2 may be NULL */
	const char *mail1;   /* e-mail name of g1 at example.se, or NULL */
	unsigned concerns;
	unsigned raised_by;
	enum consent_kind kind;
	unsigned flags;
};

#define GIRL SSPF_GENDER_GIRL
#define BOY SSPF_GENDER_BOY

/* Made-up people, as the families of a Göteborg district could be. */
static const struct demo_case demo_cases[] = {
	{ "Elsa Lindqvist", GIRL, 13, "Maria Lindqvist", "Johan Lindqvist",
	  "maria.lindqvist", C_TRU, SK, K_VALID, 0 },
	{ "Noah Karlsson", BOY, 14, "Anna Karlsson", "Mikael Karlsson",
	  "anna.karlsson", C_CRI | C_PEE, PO, K_VALID, 0 },
	{ "Wilma Johansson", GIRL, 12, "Karin Johansson", NULL,
	  "karin.johansson", C_TRU | C_OTH, SK, K_VALID, F_SOLE },
	{ "Liam Andersson", BOY, 16, "Sofia Andersson", "Erik Andersson",
	  "sofia.andersson", C_DRU | C_PEE, SO, K_VALID, 0 },
	{ "Alva Nilsson", GIRL, 14, "Helena Nilsson", "Peter Nilsson", NULL,
	  C_TRU, SK, K_EXPIRING, 0 },
	{ "Hugo Eriksson", BOY, 13, "Linda Eriksson", "Tomas Eriksson",
	  "linda.eriksson", C_CRI, PO, K_ONE, 0 },
	{ "Ella Persson", GIRL, 15, "Camilla Persson", "Fredrik Persson",
	  "camilla.persson", C_PEE | C_DRU, FR, K_EXPIRED, F_SOLE | F_NOCUST2 },
	{ "William Olsson", BOY, 12, "Jenny Olsson", "Daniel Olsson",
	  "jenny.olsson", C_PEE, FR, K_VALID, 0 },
	{ "Saga Svensson", GIRL, 11, "Emma Svensson", "Marcus Svensson", NULL,
	  C_TRU, SK, K_NONE, 0 },
	{ "Oscar Gustafsson", BOY, 14, "Malin Gustafsson", "Niklas Gustafsson",
	  "malin.gustafsson", C_CRI | C_DRU, PO, K_VALID, 0 },
	{ "Maja Pettersson", GIRL, 13, "Therese Pettersson", NULL, NULL, C_OTH,
	  SO, K_WITHDRAWN, F_SOLE },
	{ "Lucas Jonsson", BOY, 15, "Sara Jonsson", "Andreas Jonsson",
	  "sara.jonsson", C_CRI | C_PEE, PO, K_VALID, 0 },
	{ "Alice Berg", GIRL, 12, "Jessica Berg", "Patrik Berg", "jessica.berg",
	  C_TRU, SK, K_ONE, 0 },
	{ "Elias Holm", BOY, 14, "Annika Holm", "Stefan Holm", NULL, C_PEE, FR,
	  K_VALID, 0 },
	{ "Ebba Sandberg", GIRL, 16, "Lena Sandberg", "Henrik Sandberg",
	  "lena.sandberg", C_DRU, SO, K_YOUTH, 0 },
	{ "Theo Forsberg", BOY, 13, "Maria Forsberg", "Jonas Forsberg",
	  "maria.forsberg", C_TRU | C_PEE, SK, K_VALID, F_CLOSED },
	{ "Astrid Wikström", GIRL, 14, "Petra Wikström", NULL, NULL, C_TRU, SK,
	  K_EXPIRED, F_SOLE },
	{ "Viktor Hedlund", BOY, 15, "Susanne Hedlund", "Magnus Hedlund",
	  "susanne.hedlund", C_CRI, PO, K_NONE, 0 },
	{ "Leah Björk", GIRL, 13, "Ida Björk", "Robin Björk", NULL, C_PEE, FR,
	  K_ONE, 0 },
	{ "Adam Engström", BOY, 11, "Caroline Engström", "Johan Engström",
	  "caroline.engstrom", C_TRU, SK, K_VALID, 0 },
	{ "Freja Lundgren", GIRL, 14, "Elin Lundgren", "Kristoffer Lundgren",
	  "elin.lundgren", C_OTH | C_PEE, SO, K_VALID, F_CLOSED },
	{ "Melvin Falk", BOY, 15, "Josefin Falk", NULL, NULL, C_CRI | C_DRU, PO,
	  K_WITHDRAWN, F_SOLE },
	{ "يوسف حداد", BOY, 14, "ليلى حداد", "سامي حداد", NULL, C_TRU | C_PEE,
	  SK, K_EXPIRING, 0 },
	{ "مريم خليل", GIRL, 12, "فاطمة خليل", "أحمد خليل", NULL, C_TRU, SK,
	  K_VALID, 0 },
	{ "Omar Al-Sayed", BOY, 15, "هدى السيد", "Khaled Al-Sayed", NULL,
	  C_CRI | C_PEE, PO, K_WITHDRAWN, 0 },
	{ "Nour Ibrahim", GIRL, 13, "Rania Ibrahim", "Tariq Ibrahim",
	  "rania.ibrahim", C_OTH, SO, K_NONE, 0 },
	{ "Hodan Warsame", GIRL, 15, "Faadumo Warsame", "Mohamed Warsame",
	  "faadumo.warsame", C_TRU, SK, K_VALID, 0 },
	{ "Abdirahman Farah", BOY, 14, "Sahra Farah", "Abdullahi Farah", NULL,
	  C_CRI | C_PEE, PO, K_EXPIRING, 0 },
	{ "Ayaan Mohamud", GIRL, 16, "Hibo Mohamud", NULL, NULL, C_PEE, FR,
	  K_YOUTH, F_SOLE },
	{ "Yasmin Hassan", GIRL, 13, "Ubah Hassan", "Ahmed Hassan",
	  "ubah.hassan", C_TRU, SK, K_VALID, F_CLOSED },
	{ "Aino Virtanen", GIRL, 12, "Päivi Virtanen", "Jukka Virtanen",
	  "paivi.virtanen", C_TRU | C_OTH, SK, K_VALID, 0 },
	{ "Eetu Korhonen", BOY, 15, "Satu Korhonen", NULL, NULL, C_DRU, SO,
	  K_EXPIRED, F_SOLE },
	{ "Emir Hodžić", BOY, 16, "Amra Hodžić", "Edin Hodžić", "amra.hodzic",
	  C_CRI | C_DRU, PO, K_VALID, 0 },
	{ "Lejla Begović", GIRL, 13, "Selma Begović", "Adnan Begović", NULL,
	  C_PEE, FR, K_ONE, 0 },
	{ "Aram Karimi", BOY, 14, "Shirin Karimi", "Dara Karimi",
	  "shirin.karimi", C_EXT | C_PEE, SO, K_VALID, 0 },
	{ "دریا احمدی", GIRL, 12, "Leila Ahmadi", "Reza Ahmadi", NULL, C_TRU,
	  SK, K_NONE, 0 },
	{ "ሳባ ተስፋይ", GIRL, 14, "Tsega Tesfay", NULL, NULL, C_OTH, SO, K_EXPIRED,
	  F_SOLE },
	{ "Zofia Nowak", GIRL, 11, "Katarzyna Nowak", "Piotr Nowak",
	  "katarzyna.nowak", C_TRU, SK, K_VALID, 0 },
	{ "Ali Mahmoud", BOY, 15, "Amal Mahmoud", "Jamal Mahmoud", NULL,
	  C_CRI | C_EXT, PO, K_EXPIRING, 0 },
	{ "Isak Lund", BOY, 10, "Frida Lund", "Oskar Lund", "frida.lund", C_PEE,
	  FR, K_NONE, 0 },
};
#define N_CASES (sizeof demo_cases / sizeof demo_cases[0])

static const char *const schools[] = { "Björkdalsskolan", "Solängens skola",
				       "Granhöjdens skola" };
static const char *const classes[] = { "A", "B", "C" };

static const char *concern_text(unsigned concerns)
{
	if (concerns & SSPF_CONCERN_EXTREMISM)
		return "Har delat våldsbejakande material i sociala medier.";
	if (concerns & SSPF_CONCERN_CRIME)
		return "Misstänkt inblandning i stölder och skadegörelse i "
		       "centrum.";
	if (concerns & SSPF_CONCERN_DRUGS)
		return "Uppgifter om cannabis på skolgården och på helger.";
	if (concerns & SSPF_CONCERN_TRUANCY)
		return "Hög frånvaro sedan höstterminens start, mest "
		       "förmiddagar.";
	if (concerns & SSPF_CONCERN_PEERS)
		return "Umgås med äldre ungdomar som är kända av polisen.";
	return "Oro från hemmet; familjen har bett om stöd.";
}

/* ---- the professionals (made up) ---- */

struct pro {
	const char *name;
	unsigned actor;
	const char *role;
};
static const struct pro pros[] = {
	{ "Lena Åberg", SK, "kurator" },
	{ "Mats Holm", SK, "biträdande rektor" },
	{ "Sara Nyström", SO, "socialsekreterare" },
	{ "Amir Rahimi", SO, "fältassistent" },
	{ "Peter Lind", PO, "områdespolis" },
	{ "Jonna Ek", FR, "fritidsledare" },
};

struct action_tpl {
	const char *what;
	unsigned actor;
	const char *person;
};
static const struct action_tpl action_tpls[] = {
	{ "Veckovis avstämning av närvaron med mentor", SK, "Lena Åberg" },
	{ "Erbjuda plats i läxhjälpen tisdagar", SK, "Mats Holm" },
	{ "Inleda utredning och erbjuda föräldrastöd", SO, "Sara Nyström" },
	{ "Kontakt med fältassistent under kvällstid", SO, "Amir Rahimi" },
	{ "Orosamtal med familjen", PO, "Peter Lind" },
	{ "Introducera på fritidsgården Gnistan", FR, "Jonna Ek" },
	{ "Prova på fotbollsträning i föreningen", FR, "Jonna Ek" },
};
#define N_TPLS (sizeof action_tpls / sizeof action_tpls[0])

/* What the demo keeps of a case while it fills. */
struct made {
	char code[SSPF_CODE_SIZE];
	sspf_date birth;
	bool plan;	     /* may get plan data (consent valid now) */
	sspf_id net, follow; /* its network and follow-up meeting, or 0 */
	sspf_date net_on, follow_on;
};

struct fill {
	sspf_core *core;
	sspf_date today;
	uint64_t rng;
	struct made m[N_CASES];
	unsigned n_action; /* actions made so far: picks their status */
};

#define TRY(x)                     \
	do {                       \
		sspf_err e_ = (x); \
		if (e_ != SSPF_OK) \
			return e_; \
	} while (0)

static sspf_err make_case(struct fill *f, size_t i)
{
	const struct demo_case *d = &demo_cases[i];
	struct made *m = &f->m[i];
	sspf_date today = f->today;
	char cls[16], phone[24], mail[80], addr[64];
	sspf_id ids[2];
	size_t n_ids = 0;

	m->birth = today - d->age * 365 - d->age / 4 -
		   demo_between(&f->rng, 20, 330);
	snprintf(cls, sizeof cls, "%d%s", d->age - 6 > 9 ? 9 : d->age - 6,
		 classes[i % 3]);
	sspf_case_new c = {
		.child_name = d->child,
		.birth = m->birth,
		.gender = d->gender,
		.school = d->age >= 16 ? "Gymnasiet Demo" : schools[i % 3],
		.class_name = d->age >= 16 ? "NA1" : cls,
		.district = "Demodistrikt Nord",
		.raised_by = d->raised_by,
		.concerns = d->concerns,
		.concern_text = concern_text(d->concerns),
		.sole_custody = (d->flags & F_SOLE) != 0,
	};
	TRY(sspf_case_create(f->core, &c, m->code));

	for (int g = 0; g < 2; g++) {
		const char *name = g == 0 ? d->g1 : d->g2;
		if (name == NULL)
			continue;
		snprintf(phone, sizeof phone, "070-1740%03zu",
			 2 * i + (size_t)g);
		snprintf(mail, sizeof mail, "%s@example.se",
			 d->mail1 != NULL ? d->mail1 : "");
		snprintf(addr, sizeof addr, "Påhittade gatan %zu, Demostad",
			 i + 1);
		sspf_guardian_new gn = {
			.name = name,
			.phone = phone,
			.email = g == 0 && d->mail1 != NULL ? mail : NULL,
			.address = addr,
			.custody = !(g == 1 && (d->flags & F_NOCUST2)),
		};
		TRY(sspf_guardian_add(f->core, m->code, &gn, &ids[g]));
		if (gn.custody)
			ids[n_ids++] = ids[g];
	}
	if (d->kind == K_NONE)
		return SSPF_OK;

	sspf_consent_new k = {
		.signed_by = ids,
		.n_signed_by = d->kind == K_ONE ? 1 : n_ids,
		.scope = SK | SO | PO | FR,
		.information = "skolgång, närvaro, insatser och polisens "
			       "kännedom",
		.purpose = "samordnat stöd till barnet inom SSPF",
		.form_version = "demo-1",
		.form_language = "sv",
	};
	switch (d->kind) {
	case K_EXPIRING:
		k.valid_until = today + demo_between(&f->rng, 4, 27);
		k.signed_on = sspf_date_add_months(k.valid_until + 1, -12);
		break;
	case K_EXPIRED:
		k.signed_on = today - demo_between(&f->rng, 400, 520);
		break;
	case K_WITHDRAWN:
		k.signed_on = today - demo_between(&f->rng, 120, 220);
		break;
	default:
		k.signed_on = today - demo_between(&f->rng, 15, 290);
		break;
	}
	/* The youth signs from the age of the setting (15) on signing. */
	k.youth_signed = d->kind != K_YOUTH &&
			 sspf_date_age(m->birth, k.signed_on) >= 15;
	TRY(sspf_consent_register(f->core, m->code, &k, NULL));
	m->plan = d->kind == K_VALID || d->kind == K_EXPIRING ||
		  d->kind == K_WITHDRAWN;
	return SSPF_OK;
}

/* ---- meetings ---- */

static sspf_err add_pros(struct fill *f, sspf_id mid, unsigned actors)
{
	for (size_t p = 0; p < sizeof pros / sizeof pros[0]; p++) {
		/* one of each actor asked for, the second of a pair at times */
		if (!(actors & pros[p].actor))
			continue;
		if (p > 0 && pros[p - 1].actor == pros[p].actor &&
		    demo_between(&f->rng, 0, 2) != 0)
			continue;
		TRY(sspf_participant_add(f->core, mid, pros[p].name,
					 pros[p].actor, pros[p].role, NULL));
	}
	return SSPF_OK;
}

/* Minutes, only where the consent rules allow them (else no minutes). */
static sspf_err minutes(struct fill *f, sspf_id item, const char *text)
{
	sspf_err e = sspf_agenda_set_minutes(f->core, item, text, NULL);

	(void)f;
	return e == SSPF_ERR_REFUSED ? SSPF_OK : e;
}

/* The 2-weekly arbetsgruppsmöte, on Tuesdays, 9 months back, 3 ahead. */
static sspf_err group_meetings(struct fill *f)
{
	static const char *const group_minutes[] = {
		"Lägesbild: närvaron har blivit bättre. Fortsatt uppföljning.",
		"Skolan och fritid ser oro; socialtjänsten tar kontakt.",
		"Polisen har inga nya uppgifter. Åtgärderna fortsätter.",
		"Insatserna ger effekt; förslag att följa upp i nätverksmöte.",
	};
	/* day 0 (1970-01-01) was a Thursday: Tuesday is (d + 3) % 7 == 1 */
	sspf_date d = f->today - 270;

	while ((d + 3) % 7 != 1)
		d++;
	for (int n = 0; d <= f->today + 90; d += 14, n++) {
		sspf_meeting_new mn = { .kind = SSPF_MEETING_GROUP,
					.date = d,
					.start = "13:00",
					.end = "15:00",
					.place = "Stadsdelshuset, rum 3",
					.district = "Demodistrikt Nord" };
		sspf_id mid, item;

		TRY(sspf_meeting_create(f->core, &mn, &mid));
		TRY(add_pros(f, mid, SK | SO | PO | FR));
		TRY(sspf_agenda_add_topic(f->core, mid,
					  n % 3 == 0 ? "Lägesbild i området"
						     : "Nya orosanmälningar",
					  &item));
		for (int k = 0; k < 4; k++) {
			size_t i = (size_t)demo_between(&f->rng, 0,
							(int)N_CASES - 1);
			TRY(sspf_agenda_add_case(f->core, mid, f->m[i].code,
						 &item));
			if (d < f->today)
				TRY(minutes(f, item,
					    group_minutes[(n + k) % 4]));
		}
	}
	return SSPF_OK;
}

/* A meeting about one child, with the family and the professionals. */
static sspf_err child_meeting(struct fill *f, size_t i, sspf_meeting_kind kind,
			      sspf_date on, sspf_id *out)
{
	const struct demo_case *d = &demo_cases[i];
	sspf_meeting_new mn = {
		.kind = kind,
		.date = on,
		.start = kind == SSPF_MEETING_NETWORK ? "08:30" : "15:00",
		.end = kind == SSPF_MEETING_NETWORK ? "10:00" : "16:00",
		.place = schools[i % 3],
		.district = "Demodistrikt Nord"
	};
	sspf_id item;

	TRY(sspf_meeting_create(f->core, &mn, out));
	TRY(sspf_participant_add(f->core, *out, d->g1, 0, "vårdnadshavare",
				 NULL));
	if (d->g2 != NULL && !(d->flags & F_NOCUST2))
		TRY(sspf_participant_add(f->core, *out, d->g2, 0,
					 "vårdnadshavare", NULL));
	if (d->age >= 12)
		TRY(sspf_participant_add(f->core, *out, d->child, 0, "ungdom",
					 NULL));
	TRY(add_pros(f, *out, SK | SO | d->raised_by));
	TRY(sspf_agenda_add_case(f->core, *out, f->m[i].code, &item));
	if (on < f->today)
		TRY(minutes(f, item,
			    kind == SSPF_MEETING_NETWORK
				    ? "Familjen och verksamheterna gick igenom "
				      "läget. Åtagandeplan upprättad."
				    : "Uppföljning av åtagandeplanen; familjen "
				      "upplever att stödet hjälper."));
	return SSPF_OK;
}

/* ---- plans ---- */

static sspf_err plan(struct fill *f, size_t i)
{
	static const char *const goals[] = {
		"Regelbunden skolgång, närvaro över 90 %",
		"En meningsfull fritid med vuxna förebilder",
		"Ingen ny misstanke om brott",
	};
	struct made *m = &f->m[i];
	bool closed = (demo_cases[i].flags & F_CLOSED) != 0;
	sspf_id goal, act;

	TRY(sspf_goal_add(f->core, m->code, goals[i % 3], &goal, NULL));
	for (int j = 0; j < 3; j++) {
		const struct action_tpl *t =
			&action_tpls[(i + (size_t)j * 2) % N_TPLS];
		unsigned pick = closed ? 0 : f->n_action++ % 6;
		/* 0 klar, 1 pågår (försenad), 2 ej påbörjad, 3 avbruten,
		 * 4 ej påbörjad (försenad), 5 pågår */
		bool past = pick == 0 || pick == 1 || pick == 3 || pick == 4;
		sspf_action_new a = {
			.what = t->what,
			.actor = t->actor,
			.person = t->person,
			.due = past ? f->today - demo_between(&f->rng, 3, 60)
				    : f->today + demo_between(&f->rng, 7, 80),
			.goal_id = j == 0 ? goal : 0,
			.meeting_id = m->net,
		};
		sspf_id in = m->follow_on != 0 && m->follow_on < f->today
				     ? m->follow
				     : 0;

		TRY(sspf_action_add(f->core, m->code, &a, &act, NULL));
		switch (pick) {
		case 0:
			TRY(sspf_follow_up_add(
				f->core, act, in, SSPF_ACTION_DONE,
				"Genomfört enligt plan.", NULL, NULL));
			break;
		case 1:
		case 5:
			TRY(sspf_follow_up_add(
				f->core, act, in, SSPF_ACTION_ONGOING,
				"Påbörjat; fortsätter.", NULL, NULL));
			break;
		case 3:
			TRY(sspf_action_set_status(
				f->core, act, SSPF_ACTION_CANCELLED, NULL));
			break;
		default:
			break;
		}
	}
	return SSPF_OK;
}

static sspf_err finish(struct fill *f, size_t i)
{
	static const char *const outcomes[] = {
		"Närvaron är god; familjen klarar sig utan SSPF-stöd.",
		"Överlämnat till socialtjänstens ordinarie insatser.",
		"Målen uppnådda; aktiv i föreningsliv.",
	};
	const struct demo_case *d = &demo_cases[i];

	if (d->kind == K_WITHDRAWN)
		TRY(sspf_consent_withdraw(f->core, f->m[i].code,
					  f->today -
						  demo_between(&f->rng, 3, 40),
					  d->g1, "hela samtycket"));
	if (d->flags & F_CLOSED)
		TRY(sspf_case_close(f->core, f->m[i].code, f->today,
				    outcomes[i % 3]));
	return SSPF_OK;
}

sspf_err sspf_demo_fill(sspf_core *core)
{
	static struct fill zero;
	struct fill f = zero;

	if (core == NULL)
		return SSPF_ERR_INVALID;
	f.core = core;
	f.today = sspf_core_today(core);
	f.rng = 0x5350534644454d4fu; /* "SSPFDEMO" */

	TRY(sspf_setting_set(core->st, "municipality", "Demokommun"));
	TRY(sspf_setting_set(core->st, "district", "Demodistrikt Nord"));
	TRY(sspf_setting_set(core->st, "coordinator.name", "Kim Demo"));
	TRY(sspf_setting_set(core->st, "coordinator.email",
			     "kim.demo@example.se"));

	for (size_t i = 0; i < N_CASES; i++)
		TRY(make_case(&f, i));
	TRY(group_meetings(&f));
	for (size_t i = 0; i < N_CASES; i++) {
		struct made *m = &f.m[i];

		if (!f.m[i].plan)
			continue;
		m->net_on = f.today - demo_between(&f.rng, 20, 250);
		/* the closed ones are all followed up */
		m->follow_on = m->net_on + demo_between(&f.rng, 50, 100);
		if ((demo_cases[i].flags & F_CLOSED) && m->follow_on >= f.today)
			m->follow_on = f.today - 1;
		TRY(child_meeting(&f, i, SSPF_MEETING_NETWORK, m->net_on,
				  &m->net));
		TRY(child_meeting(&f, i, SSPF_MEETING_FOLLOW_UP, m->follow_on,
				  &m->follow));
		TRY(plan(&f, i));
		/* some open cases have a new network meeting booked */
		if (!(demo_cases[i].flags & F_CLOSED) && i % 3 == 0) {
			sspf_id next;
			TRY(child_meeting(&f, i, SSPF_MEETING_NETWORK,
					  f.today + demo_between(&f.rng, 5, 85),
					  &next));
		}
	}
	for (size_t i = 0; i < N_CASES; i++)
		TRY(finish(&f, i));
	return SSPF_OK;
}
