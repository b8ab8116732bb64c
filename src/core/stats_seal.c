/*
 * stats_seal.c - an export's exact figures sealed to the city's public key
 * (stats_priv.h, include/sspf/statsmerge.h), and opened again by the
 * city's merge.
 *
 * The plaintext ("figures", all integers little-endian, a string as a
 * 16-bit length and its bytes, no NUL):
 *   "sspf-sealed-stats/1\n"
 *   period ("2026Q3"), district, method (u8: 0 suppression, 1 ckm),
 *   k (u32), preliminary (u8)
 *   n cells (u32), each: table, dim1, cat1, dim2, cat2 (empty: none),
 *     kind (u8), protect (u8), count (i64), cell key (u32), support (i64),
 *     then for the median cell its day values (u32 n, n x u32, ascending)
 *     and for the share cell its numerator (i64)
 *   n equations (u32), each: total (u32), n terms (u32), the terms (u32)
 * sealed with crypto_box_seal (an ephemeral X25519 key, so that only the
 * city's secret key opens it and nobody can tell two districts' figures
 * apart by their ciphertext), prefixed by the fingerprint of the city's
 * key, as base64. The plaintext is built in one buffer of exactly its
 * size (measured first, so that no realloc leaves a copy behind) and
 * wiped before it is freed.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/sdc.h"
#include "core/stats_priv.h"
#include "store/errors_internal.h"

#define MAGIC "sspf-sealed-stats/1\n"
#define STR_MAX 4096u

/* A writer that only measures while p is NULL. */
typedef struct wbuf {
	unsigned char *p;
	size_t len;
} wbuf;

static void w_bytes(wbuf *w, const void *s, size_t n)
{
	if (w->p != NULL && n > 0) /* s is NULL for a missing name */
		memcpy(w->p + w->len, s, n);
	w->len += n;
}

static void w_u(wbuf *w, uint64_t v, int bytes)
{
	unsigned char b[8];

	for (int i = 0; i < bytes; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	w_bytes(w, b, (size_t)bytes);
}

static void w_str(wbuf *w, const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;

	if (n > STR_MAX)
		n = STR_MAX; /* names are short; a district name is cut */
	w_u(w, n, 2);
	w_bytes(w, s, n);
}

/* The figures of b and s; false if b is not what the reader expects. */
static bool encode(wbuf *w, const stats_build *b, const sspf_stats *s)
{
	char period[8];
	int medians = 0, shares = 0;

	sspf_period_text(&s->period, period);
	w_bytes(w, MAGIC, strlen(MAGIC));
	w_str(w, period);
	w_str(w, s->district);
	w_u(w, s->method == SSPF_STATS_CKM, 1);
	w_u(w, (uint64_t)s->k, 4);
	w_u(w, s->preliminary, 1);
	w_u(w, b->n, 4);
	for (size_t i = 0; i < b->n; i++) {
		const sspf_stats_cell *c = &b->cells[i];

		w_str(w, c->table);
		for (int d = 0; d < SSPF_STATS_DIMS; d++) {
			w_str(w, c->dim[d]);
			w_str(w, c->cat[d]);
		}
		w_u(w, (uint64_t)c->kind, 1);
		w_u(w, b->protect[i], 1);
		w_u(w, (uint64_t)b->count[i], 8);
		w_u(w, b->key[i], 4);
		w_u(w, (uint64_t)b->support[i], 8);
		if (c->kind == SSPF_CELL_MEDIAN) {
			medians++;
			w_u(w, b->n_days, 4);
			for (size_t j = 0; j < b->n_days; j++)
				w_u(w, (uint64_t)(uint32_t)b->days[j], 4);
		} else if (c->kind == SSPF_CELL_SHARE) {
			shares++;
			w_u(w, (uint64_t)b->share_num, 8);
		}
	}
	w_u(w, b->n_eq, 4);
	for (size_t e = 0; e < b->n_eq; e++) {
		w_u(w, b->eq_total[e], 4);
		w_u(w, b->eq_start[e + 1] - b->eq_start[e], 4);
		for (size_t t = b->eq_start[e]; t < b->eq_start[e + 1]; t++)
			w_u(w, b->eq_terms[t], 4);
	}
	/* the build keeps one day list and one numerator */
	return medians <= 1 && shares <= 1 && (medians == 1 || b->n_days == 0);
}

sspf_err stats_seal(const stats_build *b, const sspf_stats *s,
		    const unsigned char *city_key, char **out)
{
	wbuf w = { NULL, 0 };
	unsigned char *box = NULL;
	size_t blen, tlen;
	sspf_err e = SSPF_OK;

	*out = NULL;
	if (sodium_init() < 0)
		return err_set(SSPF_ERR_INTERNAL, "libsodium did not start");
	if (!encode(&w, b, s))
		return err_set(SSPF_ERR_INTERNAL,
			       "the export has more than one median or share");
	blen = CITYKEY_FP_BYTES + crypto_box_SEALBYTES + w.len;
	tlen = sodium_base64_ENCODED_LEN(blen, sodium_base64_VARIANT_ORIGINAL);
	w.p = malloc(w.len);
	box = malloc(blen);
	*out = malloc(tlen);
	if (w.p == NULL || box == NULL || *out == NULL) {
		e = err_set(SSPF_ERR_NOMEM, "sealing the figures");
		goto done;
	}
	w.len = 0;
	(void)encode(&w, b, s);
	citykey_fingerprint(city_key, box);
	if (crypto_box_seal(box + CITYKEY_FP_BYTES, w.p, w.len, city_key) !=
	    0) {
		e = err_set(SSPF_ERR_INVALID,
			    "the city's public key is not a usable key");
		goto done;
	}
	sodium_bin2base64(*out, tlen, box, blen,
			  sodium_base64_VARIANT_ORIGINAL);
done:
	if (w.p != NULL)
		sodium_memzero(w.p, w.len);
	free(w.p);
	free(box);
	if (e != SSPF_OK) {
		free(*out);
		*out = NULL;
	}
	return e;
}

/* ---- opening ---- */

/* A bounded reader; the first overrun sticks in bad. */
typedef struct rbuf {
	const unsigned char *p;
	size_t len, off;
	bool bad;
} rbuf;

static uint64_t r_u(rbuf *r, int bytes)
{
	uint64_t v = 0;

	if (r->bad || r->len - r->off < (size_t)bytes) {
		r->bad = true;
		return 0;
	}
	for (int i = 0; i < bytes; i++)
		v |= (uint64_t)r->p[r->off + (size_t)i] << (8 * i);
	r->off += (size_t)bytes;
	return v;
}

/* A string into the arena at *at (NULL for an empty one when
   empty_null). Room: the plaintext's length bounds the arena. */
static const char *r_str(rbuf *r, char **at, bool empty_null)
{
	size_t n = (size_t)r_u(r, 2);
	char *s = *at;

	if (r->bad || n > STR_MAX || r->len - r->off < n ||
	    memchr(r->p + r->off, '\0', n) != NULL) {
		r->bad = true;
		return NULL;
	}
	if (n == 0 && empty_null)
		return NULL;
	memcpy(s, r->p + r->off, n);
	s[n] = '\0';
	r->off += n;
	*at += n + 1;
	return s;
}

/* Room for n cells in b. */
static bool alloc_cells(stats_build *b, size_t n)
{
	b->cells = calloc(n ? n : 1, sizeof *b->cells);
	b->count = calloc(n ? n : 1, sizeof *b->count);
	b->protect = calloc(n ? n : 1, sizeof *b->protect);
	b->support = calloc(n ? n : 1, sizeof *b->support);
	b->key = calloc(n ? n : 1, sizeof *b->key);
	b->n = b->cap = n;
	return b->cells && b->count && b->protect && b->support && b->key;
}

/* One cell i of the figures. */
static bool decode_cell(rbuf *r, stats_build *b, char **at, size_t i)
{
	sspf_stats_cell *c = &b->cells[i];
	unsigned kind, prot;

	c->table = r_str(r, at, false);
	for (int d = 0; d < SSPF_STATS_DIMS; d++) {
		c->dim[d] = r_str(r, at, true);
		c->cat[d] = r_str(r, at, true);
		if ((c->dim[d] == NULL) != (c->cat[d] == NULL))
			return false;
	}
	kind = (unsigned)r_u(r, 1);
	prot = (unsigned)r_u(r, 1);
	b->count[i] = (int64_t)r_u(r, 8);
	b->key[i] = (uint32_t)r_u(r, 4);
	b->support[i] = (int64_t)r_u(r, 8);
	if (r->bad || c->table == NULL || kind > SSPF_CELL_SHARE || prot > 1 ||
	    b->count[i] < 0 || b->count[i] > SDC_MAX_COUNT ||
	    b->support[i] < 0 || b->support[i] > SDC_MAX_COUNT)
		return false;
	c->kind = (sspf_stats_kind)kind;
	b->protect[i] = prot;
	c->value = (double)b->count[i];
	if (c->kind == SSPF_CELL_MEDIAN) {
		uint64_t n = r_u(r, 4);

		/* one day list, of as many days as the median is over */
		if (b->days != NULL || r->bad || n != (uint64_t)b->support[i] ||
		    n > (r->len - r->off) / 4)
			return false;
		if ((b->days = malloc((n ? n : 1) * sizeof *b->days)) == NULL)
			return false;
		for (size_t j = 0; j < n; j++) {
			uint64_t d = r_u(r, 4);

			if (d > 1000000 || (j > 0 && (int)d < b->days[j - 1]))
				return false;
			b->days[b->n_days++] = (int)d;
		}
	} else if (c->kind == SSPF_CELL_SHARE) {
		b->share_num = (int64_t)r_u(r, 8);
		if (b->share_num < 0 || b->share_num > b->support[i])
			return false;
	}
	return !r->bad;
}

/* The equations: each a total and distinct terms, all cells of b. */
static bool decode_eqs(rbuf *r, stats_build *b)
{
	size_t m = (size_t)r_u(r, 4), nt = 0, save;
	unsigned char *mark;
	bool ok = true;

	if (r->bad || m > SDC_MAX_EQUATIONS)
		return false;
	save = r->off; /* measured first, to allocate once */
	for (size_t e = 0; e < m; e++) {
		size_t k;

		(void)r_u(r, 4);
		k = (size_t)r_u(r, 4);
		if (r->bad || k == 0 || k > b->n || k > (r->len - r->off) / 4 ||
		    (nt += k) > SDC_MAX_TERMS)
			return false;
		r->off += 4 * k;
	}
	r->off = save;
	b->eq_total = calloc(m ? m : 1, sizeof *b->eq_total);
	b->eq_start = calloc(m + 1, sizeof *b->eq_start);
	b->eq_terms = calloc(nt ? nt : 1, sizeof *b->eq_terms);
	mark = calloc(b->n ? b->n : 1, 1);
	if (!b->eq_total || !b->eq_start || !b->eq_terms || !mark) {
		free(mark);
		return false;
	}
	b->cap_eq = m;
	b->cap_terms = nt;
	for (size_t e = 0; ok && e < m; e++) {
		size_t t = (size_t)r_u(r, 4), k = (size_t)r_u(r, 4);
		size_t from = b->n_terms;

		ok = t < b->n;
		b->eq_total[e] = t;
		for (size_t j = 0; ok && j < k; j++) {
			size_t x = (size_t)r_u(r, 4);

			ok = x < b->n && x != t && !mark[x];
			if (ok)
				mark[x] = 1;
			b->eq_terms[b->n_terms++] = x;
		}
		for (size_t j = from; j < b->n_terms; j++)
			if (b->eq_terms[j] < b->n)
				mark[b->eq_terms[j]] = 0;
		b->eq_start[e + 1] = b->n_terms;
		b->n_eq = e + 1;
	}
	free(mark);
	return ok && !r->bad;
}

/* The whole plaintext into f. */
static bool decode(rbuf *r, stats_figures *f)
{
	char *at;
	const char *period, *district;
	size_t n;
	unsigned method;

	if (r->len < strlen(MAGIC) || memcmp(r->p, MAGIC, strlen(MAGIC)) != 0)
		return false;
	r->off = strlen(MAGIC);
	/* every string comes from the plaintext: it bounds their room */
	if ((f->names = malloc(r->len)) == NULL)
		return false;
	at = f->names;
	period = r_str(r, &at, false);
	district = r_str(r, &at, false);
	method = (unsigned)r_u(r, 1);
	f->k = (int)r_u(r, 4);
	f->preliminary = r_u(r, 1) != 0;
	n = (size_t)r_u(r, 4);
	if (r->bad || period == NULL || strlen(period) >= sizeof f->period ||
	    method > 1 || f->k < SSPF_STATS_K_MIN || f->k > 1000000 ||
	    n > SDC_MAX_CELLS)
		return false;
	memcpy(f->period, period, strlen(period) + 1);
	if ((f->district = strdup(district != NULL ? district : "")) == NULL)
		return false;
	f->method = method ? SSPF_STATS_CKM : SSPF_STATS_SUPPRESS;
	if (!alloc_cells(&f->b, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!decode_cell(r, &f->b, &at, i))
			return false;
	return decode_eqs(r, &f->b) && r->off == r->len;
}

sspf_err stats_unseal(const sspf_citykey *key, const char *sealed,
		      const char *file, stats_figures *out)
{
	unsigned char fp[CITYKEY_FP_BYTES];
	size_t tlen = strlen(sealed), blen = 0;
	unsigned char *box = malloc(tlen / 4 * 3 + 3), *pt = NULL;
	rbuf r = { NULL, 0, 0, false };
	sspf_err e = SSPF_OK;

	memset(out, 0, sizeof *out);
	if (box == NULL)
		return err_set(SSPF_ERR_NOMEM, "opening the figures");
	if (sodium_base642bin(box, tlen / 4 * 3 + 3, sealed, tlen, NULL, &blen,
			      NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    blen < CITYKEY_FP_BYTES + crypto_box_SEALBYTES) {
		e = err_set(SSPF_ERR_DAMAGED,
			    "%s: its sealed figures are damaged (not base64 "
			    "of sealed figures)",
			    file);
		goto done;
	}
	citykey_fingerprint(citykey_public(key), fp);
	if (sodium_memcmp(fp, box, sizeof fp) != 0) {
		e = err_set(SSPF_ERR_INVALID,
			    "%s is not sealed to this city's key: it was made "
			    "with another key's .pub file",
			    file);
		goto done;
	}
	r.len = blen - CITYKEY_FP_BYTES - crypto_box_SEALBYTES;
	if ((pt = malloc(r.len ? r.len : 1)) == NULL) {
		e = err_set(SSPF_ERR_NOMEM, "opening the figures");
		goto done;
	}
	if (!citykey_unseal(key, box + CITYKEY_FP_BYTES,
			    blen - CITYKEY_FP_BYTES, pt)) {
		e = err_set(SSPF_ERR_DAMAGED,
			    "%s: its sealed figures do not open: they were "
			    "changed after the export",
			    file);
		goto done;
	}
	r.p = pt;
	if (!decode(&r, out))
		e = err_set(SSPF_ERR_INVALID,
			    "%s: its sealed figures are in a form this sspf "
			    "does not read (made by another version of sspf?)",
			    file);
done:
	if (pt != NULL)
		sodium_memzero(pt, r.len);
	free(pt);
	free(box);
	if (e != SSPF_OK)
		stats_figures_free(out);
	return e;
}

void stats_build_wipe(stats_build *b)
{
	if (b->count != NULL)
		sodium_memzero(b->count, b->cap * sizeof *b->count);
	if (b->key != NULL)
		sodium_memzero(b->key, b->cap * sizeof *b->key);
	if (b->support != NULL)
		sodium_memzero(b->support, b->cap * sizeof *b->support);
	if (b->days != NULL)
		sodium_memzero(b->days, b->n_days * sizeof *b->days);
	if (b->cells != NULL)
		sodium_memzero(b->cells, b->cap * sizeof *b->cells);
	sodium_memzero(&b->share_num, sizeof b->share_num);
	stats_build_free(b);
}

void stats_figures_free(stats_figures *f)
{
	stats_build_wipe(&f->b);
	free(f->district);
	free(f->names);
	memset(f, 0, sizeof *f);
}
