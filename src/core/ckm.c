/*
 * ckm.c - the cell key method (ckm.h): record keys, cell keys and the
 * perturbation table that turns a true count and a cell key into the
 * count to publish.
 *
 * The perturbation table of (k, D). Row n lists the noises d that a cell
 * with true count n can get, and their probabilities:
 *
 *   n = 0         d = 0 with probability 1: an empty cell stays 0.
 *   1 <= n < k    d = -n (published 0) with probability (k - n) / k,
 *                 d = k - n (published k) with probability n / k.
 *                 Nothing else is allowed (0 and k are the nearest values
 *                 outside 1..k-1), so these are the only two-point rows
 *                 with mean 0; |d| may here be up to k - 1, above D.
 *   n >= k        m = min(D, n - k), and d = -m..m with probability
 *                 C(2m, m + d) / 4^m: the sum of 2m fair coin flips of
 *                 +-1/2, a bell on -m..m with variance m/2.
 *                 m = D when the whole width fits above k; nearer to k
 *                 the row is narrowed on both sides alike, so that n + d
 *                 never falls below k and the mean stays exactly 0 by
 *                 symmetry (cutting only the low side would move the
 *                 mean up). The cost: a count of exactly k is published
 *                 as it is. That tells nothing, as k is also published
 *                 for counts 1..k-1 and k+1..k+D.
 *   n > k + D     the same noises as row k + D (ckm_last_row).
 *
 * So every row has mean noise exactly 0 (unbiased for every n), |d| <= D
 * for n >= k, and no published value is negative or in 1..k-1. The
 * binomial rows have a power of two as denominator (at most 4^D), so on
 * any grid of 2^b evenly spaced cell keys with 2D <= b they are met
 * exactly; the rows for 1..k-1 have denominator k and are met on such a
 * grid within 2^-b per noise (their mean noise within k * 2^-b of 0).
 *
 * The table for k = 5, D = 2 (probabilities of each noise; published
 * value in brackets):
 *
 *   n     d=-4  d=-3  d=-2  d=-1  d=0   d=+1  d=+2  d=+3  d=+4
 *   0                             1
 *   1                       4/5(0)                        1/5(5)
 *   2                 3/5(0)                        2/5(5)
 *   3           2/5(0)                        3/5(5)
 *   4     1/5(0)                        4/5(5)
 *   5                             1
 *   6                       1/4   1/2   1/4
 *   >=7               1/16  4/16  6/16  4/16  1/16
 *
 * A cell key c (the uint32 read as c / 2^32 in [0, 1)) picks the noise
 * whose slot of the cumulative probabilities, noises ascending, holds c:
 * in row 6 above, c < 1/4 gives -1, c < 3/4 gives 0, else +1. The
 * comparison is done in integers (c * total < cumulative weight * 2^32),
 * so no rounding can make two machines disagree.
 */
#include <sodium.h>

#include "core/ckm.h"
#include "store/errors_internal.h"

sspf_err ckm_params_check(const ckm_params *p)
{
	if (p == NULL)
		return err_set(SSPF_ERR_INVALID,
			       "cell key method: no parameters");
	if (p->k < CKM_K_MIN)
		return err_set(SSPF_ERR_INVALID,
			       "cell key method: the threshold is %d; it must "
			       "be at least %d",
			       p->k, CKM_K_MIN);
	if (p->d_max < 1 || p->d_max > CKM_D_MAX)
		return err_set(SSPF_ERR_INVALID,
			       "cell key method: the largest noise is %d; it "
			       "must be 1 to %d",
			       p->d_max, CKM_D_MAX);
	return SSPF_OK;
}

uint32_t ckm_record_key(void)
{
	uint32_t key;

	/*
	 * randombytes_random works before sodium_init too (it sets itself
	 * up); the store has called it anyway. Key 0 is drawn again: a
	 * record with key 0 would leave its cells' keys as they were, and
	 * never 0 means that one more person always changes a cell key. The
	 * cost, a key space of 2^32 - 1, is nothing.
	 */
	do
		key = randombytes_random();
	while (key == 0);
	return key;
}

uint32_t ckm_cell_key(const uint32_t *keys, size_t n)
{
	uint32_t sum = 0;
	size_t i;

	/* uint32_t arithmetic wraps: the sum modulo 2^32, exactly. */
	for (i = 0; i < n; i++)
		sum = ckm_key_add(sum, keys[i]);
	return sum;
}

int64_t ckm_last_row(const ckm_params *p)
{
	return (int64_t)p->k + p->d_max;
}

/* C(n, r) for n <= 2 * CKM_D_MAX: at most C(30, 15), well inside 64 bits;
   each step's product stays below 2^64 as C(n, i) * n does. */
static uint64_t binomial(int n, int r)
{
	uint64_t c = 1;
	int i;

	for (i = 1; i <= r; i++)
		c = c * (uint64_t)(n - r + i) / (uint64_t)i;
	return c;
}

static sspf_err check_count(int64_t count)
{
	if (count < 0 || count > CKM_COUNT_MAX)
		return err_set(SSPF_ERR_INVALID,
			       "cell key method: the count %lld is out of "
			       "range 0 to %lld (a bug in how the tables "
			       "were built)",
			       (long long)count, (long long)CKM_COUNT_MAX);
	return SSPF_OK;
}

/* Fill row for a valid p and count (the rule at the top). */
static void row_fill(const ckm_params *p, int64_t count, ckm_row *row)
{
	size_t i;

	row->count = count;
	if (count == 0) {
		row->n = 1;
		row->noise[0] = 0;
		row->weight[0] = 1;
		row->total = 1;
	} else if (count < p->k) {
		int n = (int)count;

		row->n = 2;
		row->noise[0] = -n;
		row->weight[0] = (uint64_t)(p->k - n);
		row->noise[1] = p->k - n;
		row->weight[1] = (uint64_t)n;
		row->total = (uint64_t)p->k;
	} else {
		int64_t room = count - p->k;
		int m = room < p->d_max ? (int)room : p->d_max;
		int d;

		row->n = (size_t)(2 * m + 1);
		for (d = -m; d <= m; d++) {
			row->noise[d + m] = d;
			row->weight[d + m] = binomial(2 * m, m + d);
		}
		row->total = (uint64_t)1 << (2 * m);
	}
	for (i = 0; i < row->n; i++)
		row->prob[i] = (double)row->weight[i] / (double)row->total;
}

sspf_err ckm_row_get(const ckm_params *p, int64_t count, ckm_row *row)
{
	sspf_err e = ckm_params_check(p);

	if (e == SSPF_OK)
		e = check_count(count);
	if (e != SSPF_OK)
		return e;
	row_fill(p, count, row);
	return SSPF_OK;
}

sspf_err ckm_perturb(const ckm_params *p, int64_t count, uint32_t cell_key,
		     int64_t *published)
{
	ckm_row row;
	uint64_t cum = 0, at;
	size_t i;
	sspf_err e = ckm_row_get(p, count, &row);

	if (e != SSPF_OK)
		return e;
	/*
	 * c / 2^32 < cum / total  <=>  c * total < cum * 2^32. total is at
	 * most max(k, 4^D) < 2^31 and c < 2^32, so both sides fit in 64
	 * bits. The last slot ends at total / total = 1 > c: always found.
	 */
	at = (uint64_t)cell_key * row.total;
	for (i = 0; i + 1 < row.n; i++) {
		cum += row.weight[i];
		if (at < (cum << 32))
			break;
	}
	*published = count + row.noise[i];
	return SSPF_OK;
}
