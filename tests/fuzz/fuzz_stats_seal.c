/*
 * fuzz_stats_seal.c - libFuzzer harness of the decoder of the sealed
 * figures of a district's export (stats_unseal, src/core/stats_seal.c).
 * The figures are sealed to the city's public key, so random text never
 * opens; here the input is the plaintext ("sspf-sealed-stats/1\n" and the
 * binary figures), which the harness seals to the fuzz city key (fuzz.h)
 * so that every input reaches the decoder behind the crypto. The input
 * is also given as the sealed text itself, for the base64 and key checks
 * in front of it (one seed is the sealed text of an export).
 *
 * Checked: what the decoder accepts is within its bounds (cells,
 * threshold, period), every equation's total and terms are cells of the
 * figures and a term is never its own total, and the day list of the
 * median is ascending.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/sdc.h"
#include "core/stats_priv.h"
#include "fuzz.h"

static void check_figures(const stats_figures *f)
{
	const stats_build *b = &f->b;

	FUZZ_CHECK(b->n <= SDC_MAX_CELLS);
	FUZZ_CHECK(f->k >= SSPF_STATS_K_MIN);
	FUZZ_CHECK(memchr(f->period, '\0', sizeof f->period) != NULL);
	FUZZ_CHECK(f->district != NULL);
	for (size_t i = 0; i < b->n; i++) {
		FUZZ_CHECK(b->cells[i].table != NULL);
		FUZZ_CHECK(b->count[i] >= 0 && b->support[i] >= 0);
	}
	for (size_t j = 1; j < b->n_days; j++)
		FUZZ_CHECK(b->days[j - 1] <= b->days[j]);
	FUZZ_CHECK(b->eq_start[0] == 0);
	for (size_t e = 0; e < b->n_eq; e++) {
		FUZZ_CHECK(b->eq_total[e] < b->n);
		FUZZ_CHECK(b->eq_start[e] < b->eq_start[e + 1]);
		FUZZ_CHECK(b->eq_start[e + 1] <= b->n_terms);
		for (size_t t = b->eq_start[e]; t < b->eq_start[e + 1]; t++) {
			FUZZ_CHECK(b->eq_terms[t] < b->n);
			FUZZ_CHECK(b->eq_terms[t] != b->eq_total[e]);
		}
	}
}

/* data sealed to the fuzz city key, as base64 text (malloc'ed). */
static char *seal(const uint8_t *data, size_t size)
{
	const sspf_citykey *key = fuzz_city_key();
	size_t blen = CITYKEY_FP_BYTES + crypto_box_SEALBYTES + size;
	size_t tlen =
		sodium_base64_ENCODED_LEN(blen, sodium_base64_VARIANT_ORIGINAL);
	unsigned char *box = malloc(blen);
	char *text = malloc(tlen);

	FUZZ_CHECK(box != NULL && text != NULL);
	citykey_fingerprint(citykey_public(key), box);
	FUZZ_CHECK(crypto_box_seal(box + CITYKEY_FP_BYTES, data, size,
				   citykey_public(key)) == 0);
	sodium_bin2base64(text, tlen, box, blen,
			  sodium_base64_VARIANT_ORIGINAL);
	free(box);
	return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	stats_figures f;
	char *text;
	sspf_err e;

	/* the plaintext, sealed as an export seals it */
	text = seal(data, size);
	e = stats_unseal(fuzz_city_key(), text, "fuzz.json", &f);
	FUZZ_CHECK(e == SSPF_OK || e == SSPF_ERR_INVALID ||
		   e == SSPF_ERR_NOMEM);
	if (e == SSPF_OK)
		check_figures(&f);
	stats_figures_free(&f);
	free(text);

	/* the input as the sealed text (a seed is one of an export) */
	text = fuzz_strndup(data, size);
	e = stats_unseal(fuzz_city_key(), text, "fuzz.json", &f);
	FUZZ_CHECK(e == SSPF_OK || e == SSPF_ERR_DAMAGED ||
		   e == SSPF_ERR_INVALID || e == SSPF_ERR_NOMEM);
	if (e == SSPF_OK)
		check_figures(&f);
	stats_figures_free(&f);
	free(text);
	return 0;
}
