/*
 * ckm.h - the cell key method (CKM) for the statistics export: small,
 * repeatable noise on counts of persons, the way Statistics Sweden (SCB)
 * protects frequency tables since 2025 (also the ABS and Destatis). The
 * alternative to cell suppression (sdc.h); issue 6, "Anonymised
 * statistics" in DOMAIN.md.
 *
 * How it is used:
 *   1. Every case gets a random record key once (ckm_record_key), which
 *      the caller stores with the case and never changes.
 *   2. A cell's key is the sum of the record keys of the persons it counts,
 *      modulo 2^32 (ckm_cell_key, or ckm_key_add while counting). Read as
 *      a fraction of 2^32 it is uniform on [0, 1) whatever the cell.
 *   3. ckm_perturb turns the true count and the cell key into the
 *      published count through the perturbation table of (k, D) (the rule
 *      and the table for k = 5, D = 2 are at the top of ckm.c). The same
 *      persons in a cell give the same cell key, so the same published
 *      value in every export: asking twice tells nothing new.
 *
 * What every published value satisfies, for a true count n:
 *   - n = 0 is published as 0 (an empty cell is no person);
 *   - a count of 1..k-1 is published as 0 or k, never as 1..k-1;
 *   - a count n >= k is published within n - D .. n + D, and >= k;
 *   - the noise has mean 0 for each n, over uniform cell keys.
 *
 * Never publish a cell key or a record key, nor which noise a cell got:
 * with the key and the table anyone can take the noise off again. The
 * published cells are not additive (a margin has its own noise), and a
 * sum of published cells is 0 or at least k, but not protected by itself.
 *
 * Pure: no database, no I/O, no global state; only ckm_record_key reads
 * the system's random source (libsodium).
 */
#ifndef SSPF_CORE_CKM_H
#define SSPF_CORE_CKM_H

#include <stddef.h>
#include <stdint.h>

#include <sspf/error.h>

#define CKM_K_MIN 3	/* the smallest threshold k */
#define CKM_D_DEFAULT 2 /* the default largest noise D */
#define CKM_D_MAX 15	/* keeps the table's arithmetic in 64 bits */
#define CKM_COUNT_MAX 1000000000000LL /* largest true count (10^12) */

/* The parameters of a perturbation table. */
typedef struct ckm_params {
	int k;	   /* counts 1..k-1 are never published; >= CKM_K_MIN */
	int d_max; /* D: the largest noise for counts >= k; 1..CKM_D_MAX */
} ckm_params;

/* The most noises a row can have: -D..D. */
#define CKM_ROW_MAX (2 * CKM_D_MAX + 1)

/*
 * One row of the perturbation table: the noises a true count can get and
 * their probabilities, exactly: noise[i] has probability weight[i] /
 * total (prob[i] is the same as a double, for printing). Noises ascend,
 * and only those with a probability above 0 are listed; a cell key c (as
 * a fraction of 2^32) picks the first i whose cumulative probability
 * (weight[0] + ... + weight[i]) / total is above c.
 */
typedef struct ckm_row {
	int64_t count; /* the true count the row was asked for */
	size_t n;      /* entries used, 1..CKM_ROW_MAX */
	int noise[CKM_ROW_MAX];
	uint64_t weight[CKM_ROW_MAX];
	uint64_t total; /* the sum of the weights */
	double prob[CKM_ROW_MAX];
} ckm_row;

/* SSPF_OK if p is a table this engine makes; else SSPF_ERR_INVALID with a
   detail saying which limit. */
sspf_err ckm_params_check(const ckm_params *p);

/* A fresh random record key for a case, from libsodium: uniform on
   1..2^32-1 (never 0, so that adding a record always changes a cell key).
   The caller stores it once and keeps it. */
uint32_t ckm_record_key(void);

/* The cell key of a cell that counts n records with these keys: their sum
   modulo 2^32. The order of the keys does not matter. keys may be NULL
   when n is 0 (the key of an empty cell is 0). */
uint32_t ckm_cell_key(const uint32_t *keys, size_t n);

/* The cell key with one more record: cell_key + record_key modulo 2^32
   (unsigned arithmetic wraps, as the method wants). */
static inline uint32_t ckm_key_add(uint32_t cell_key, uint32_t record_key)
{
	return cell_key + record_key;
}

/*
 * The last row of the table of p: every true count above it uses the
 * same noises as it (k + D with the rule of ckm.c). A table printed for
 * counts 0..ckm_last_row(p) is the whole table. p must be valid.
 */
int64_t ckm_last_row(const ckm_params *p);

/*
 * The row of true count count (0..CKM_COUNT_MAX) of the table of p into
 * *row. SSPF_ERR_INVALID for bad parameters or a count out of range.
 */
sspf_err ckm_row_get(const ckm_params *p, int64_t count, ckm_row *row);

/*
 * The value to publish for a cell with true count count (0..CKM_COUNT_MAX)
 * and cell key cell_key, into *published: count plus the noise the cell
 * key picks in the count's row. The same arguments always give the same
 * value. SSPF_ERR_INVALID (and *published untouched) for bad parameters
 * or a count out of range.
 */
sspf_err ckm_perturb(const ckm_params *p, int64_t count, uint32_t cell_key,
		     int64_t *published);

#endif
