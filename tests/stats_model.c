/*
 * stats_model.c - the expected export of the statistics suites' data (see
 * stats_model.h): each cell counted from the profiles by the rules the
 * man page states, sspf(1) STATISTICS; none of the library's code.
 */
#include "stats_model.h"

#include <stdlib.h>
#include <string.h>

/* ---- the tables ---- */

const char *const sd_ages[4] = { "0-12", "13-15", "16-17", "18+" };
const char *const sd_genders[4] = { "flicka", "pojke", "annat", "ej angivet" };
static const char *const concerns[] = { "skolk/frånvaro",
					"misstänkt brottslighet",
					"alkohol/narkotika",
					"destruktiv miljö/kamrater",
					"våldsbejakande extremism",
					"annat",
					"ej angivet" };
static const char *const outcomes[] = { "lämnat", "avböjt", "återkallat",
					"utgånget",
					"väntar vid periodens slut" };
static const char *actors[5], *statuses[4], *kinds[3];

struct tdesc sd_tables[NT];

/* A table's description; margins: 1 row totals, 2 column totals. */
static struct tdesc td(const char *name, const char *d1, const char *const *c1,
		       int n1, const char *d2, const char *const *c2, int n2,
		       unsigned margins, bool prot)
{
	struct tdesc t = { name, d1, d2,	  c1,	       c2,
			   n1,	 n2, margins & 1, margins & 2, prot };

	return t;
}

void sd_tables_init(void)
{
	for (unsigned i = 0; i < 5; i++)
		actors[i] = sspf_actor_name(1u << i);
	for (int i = 0; i < 4; i++)
		statuses[i] = sspf_action_status_name((sspf_action_status)i);
	for (int i = 0; i < 3; i++)
		kinds[i] = sspf_meeting_kind_name((sspf_meeting_kind)i);
	sd_tables[T_ACTIVE] = td("cases_active", "age_band", sd_ages, 4,
				 "gender", sd_genders, 4, 3, true);
	sd_tables[T_NEW] = td("cases_new", "age_band", sd_ages, 4, "gender",
			      sd_genders, 4, 3, true);
	sd_tables[T_CLOSED] = td("cases_closed", "age_band", sd_ages, 4,
				 "gender", sd_genders, 4, 3, true);
	sd_tables[T_CONCERN] = td("new_by_concern", "concern", concerns, 7,
				  NULL, NULL, 0, 0, true);
	sd_tables[T_OUTCOME] = td("consent_outcomes", "outcome", outcomes, 5,
				  "age_band", sd_ages, 4, 1, true);
	sd_tables[T_ACTIONS] = td("actions", "actor", actors, 5, "status",
				  statuses, 4, 3, true);
	/* meetings are not persons: published as they are */
	sd_tables[T_MEETINGS] =
		td("meetings", "kind", kinds, 3, NULL, NULL, 0, 1, false);
}

/* ---- the expected cells, by the rules of sspf(1) STATISTICS ---- */

static int band(int birth, int on)
{
	int age = (on - birth) / 10000; /* whole years, YYYYMMDD apart */

	return age <= 12 ? 0 : age <= 15 ? 1 : age <= 17 ? 2 : 3;
}

static int gcol(sspf_gender g)
{
	return g == SSPF_GENDER_UNSTATED ? 3 : (int)g - 1;
}

static bool in(int d, int first, int last)
{
	return d != 0 && d >= first && d <= last;
}

static int next_day(int ymd)
{
	int y, m, d;

	sspf_date_parts(sd_day(ymd) + 1, &y, &m, &d);
	return y * 10000 + m * 100 + d;
}

static void add(struct expect *x, int t, int r, int c, int64_t m)
{
	x->grid[t][r][c] += m;
}

static void model_consents(const struct data *d, size_t pi, int64_t m, int f,
			   int l, int now, struct expect *x)
{
	const struct pcase *p = &d->cs[pi];
	int given = 0, no = 0, wd = 0, gone = 0;
	bool before = false;

	for (size_t i = 0; i < d->nno; i++) {
		const struct pno *n = &d->no[i];

		if ((size_t)n->prof != pi)
			continue;
		if (in(n->on, f, l) && (!no || n->on < no))
			no = n->on;
		before = before || n->on <= l;
	}
	for (size_t i = 0; i < d->ncon; i++) {
		const struct pcon *c = &d->con[i];
		bool renewed = false;

		if ((size_t)c->prof != pi)
			continue;
		/* renewed: a later consent signed by the day after */
		for (size_t j = i + 1; j < d->ncon; j++)
			renewed = renewed ||
				  ((size_t)d->con[j].prof == pi &&
				   d->con[j].signed_on <= next_day(c->until));
		before = before || c->signed_on <= l;
		if (in(c->signed_on, f, l) && !given)
			given = c->signed_on;
		if (in(c->withdrawn, f, l) && !wd)
			wd = c->withdrawn;
		/* its last day has gone by in P, not withdrawn before */
		if (in(c->until, f, l) && c->until < now && !renewed &&
		    !(c->withdrawn && c->withdrawn <= c->until) && !gone)
			gone = c->until;
	}
	if (given)
		add(x, T_OUTCOME, 0, band(p->birth, given), m);
	if (no)
		add(x, T_OUTCOME, 1, band(p->birth, no), m);
	if (wd)
		add(x, T_OUTCOME, 2, band(p->birth, wd), m);
	if (gone)
		add(x, T_OUTCOME, 3, band(p->birth, gone), m);
	/* waiting: open at the end, nothing signed and no "no" by then */
	if (p->opened <= l && (!p->closed || p->closed > l) && !before)
		add(x, T_OUTCOME, 4, band(p->birth, l), m);
}

static void model_actions(const struct data *d, size_t pi, int64_t m, int f,
			  int l, int now, struct expect *x)
{
	for (size_t i = 0; i < d->nact; i++) {
		const struct pact *a = &d->act[i];
		int status = ST_NS, done = 0, fu = -1, at_end, who = 0;

		if ((size_t)a->prof != pi)
			continue;
		for (size_t j = 0; j < d->nstep; j++) {
			const struct pstep *s = &d->step[j];

			if ((size_t)s->act != i)
				continue;
			status = s->status;
			done = status == ST_DONE ? s->on : 0;
			if (s->how == FOLLOW && s->on <= l)
				fu = status;
		}
		if (in(a->due, f, l)) {
			x->due += m;
			if (done && done <= a->due)
				x->in_time += m;
		}
		if (!in(a->created, f, l))
			continue;
		while ((1u << who) != a->actor)
			who++;
		if (done && done <= l)
			at_end = ST_DONE;
		else if (l >= now) /* not over: the status today */
			at_end = status;
		else /* the newest follow-up by then, else as decided */
			at_end = fu >= 0 ? fu : ST_NS;
		add(x, T_ACTIONS, who, at_end, m);
	}
}

/* Margins: row n1 the column sums, column n2 the row sums. */
static void margins(struct expect *x)
{
	for (int t = 0; t < NT; t++) {
		const struct tdesc *d = &sd_tables[t];
		int n2 = d->n2 ? d->n2 : 1, tc = d->n2 ? d->n2 : 0;

		for (int r = 0; r < d->n1; r++)
			for (int c = 0; c < n2; c++) {
				if (d->rows && d->n2)
					x->grid[t][r][tc] += x->grid[t][r][c];
				if (d->cols || (d->rows && !d->n2))
					x->grid[t][d->n1][c] +=
						x->grid[t][r][c];
			}
		if (d->rows && d->cols)
			for (int r = 0; r < d->n1; r++)
				x->grid[t][d->n1][tc] += x->grid[t][r][tc];
	}
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* Every expected cell of period f..l, exported on day now. */
void sd_model(const struct data *d, const int *mult, int f, int l, int now,
	      struct expect *x)
{
	memset(x, 0, sizeof *x);
	for (size_t i = 0; i < d->ncs; i++) {
		const struct pcase *p = &d->cs[i];
		int64_t m = mult[i];
		int g = gcol(p->gender), net = 0;

		if (m == 0)
			continue;
		if (p->opened <= l && (!p->closed || p->closed >= f))
			add(x, T_ACTIVE,
			    band(p->birth,
				 p->closed && p->closed < l ? p->closed : l),
			    g, m);
		if (in(p->opened, f, l)) {
			add(x, T_NEW, band(p->birth, p->opened), g, m);
			for (int b = 0; b < 6; b++)
				if (p->concerns & (1u << b))
					add(x, T_CONCERN, b, 0, m);
			if (p->concerns == 0)
				add(x, T_CONCERN, 6, 0, m);
			/* its first nätverksmöte held (not one planned) */
			for (size_t j = 0; j < d->nag; j++) {
				const struct pagenda *a = &d->ag[j];

				if ((size_t)a->prof == i && a->kind == NET &&
				    a->on >= p->opened && a->on <= now &&
				    (net == 0 || a->on < net))
					net = a->on;
			}
			for (int r = 0; net && r < m; r++)
				x->days[x->n_days++] =
					sd_day(net) - sd_day(p->opened);
		}
		if (in(p->closed, f, l))
			add(x, T_CLOSED, band(p->birth, p->closed), g, m);
		model_consents(d, i, m, f, l, now, x);
		model_actions(d, i, m, f, l, now, x);
	}
	for (size_t i = 0; i < SD_NMEET; i++)
		if (in(sd_meetings[i].on, f, l) && sd_meetings[i].on <= now)
			add(x, T_MEETINGS, (int)sd_meetings[i].kind, 0, 1);
	qsort(x->days, (size_t)x->n_days, sizeof x->days[0], cmp_int);
	margins(x);
}

double sd_median(const struct expect *x)
{
	int n = x->n_days;

	return n % 2 ? x->days[n / 2]
		     : (x->days[n / 2 - 1] + x->days[n / 2]) / 2.0;
}
