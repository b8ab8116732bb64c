/*
 * statsmerge.h - the city's merge of district statistics (issue 6,
 * sspf(1) "How the city merges"): the city's key pair, and the merge of
 * district exports of one period into city totals protected again at
 * city level.
 *
 * Published district cells cannot be added up (hidden cells are unknown,
 * ckm values carry noise), so a district export made for the city
 * (sspf_stats_request.city_key) also carries its exact figures sealed to
 * the city's public key (crypto_box_seal, X25519): only the city's secret
 * key opens them. The merge opens every input's figures, checks them
 * against the published cells of the same file and against each other,
 * adds them up (counts, cell keys modulo 2^32, the day lists of the
 * median, the share's parts): the figures of one export of a database
 * holding every district's cases. The sum is protected with the inputs'
 * method and threshold: with the cell key method exactly as that export;
 * with suppression together with the districts' published cells, so
 * that the city's totals never give a district's hidden cell away.
 *
 * The key files are text. CITY.pub: one line "sspf-city-key/1 public
 * <base64>". CITY.key: the tag line "sspf-city-key/1 secret", then the
 * public key, the Argon2id cost and salt, and the secret key encrypted
 * with the passphrase (crypto_secretbox). An open secret key lives only in
 * sodium_malloc memory and is wiped when closed; opened figures only in
 * memory, wiped before they are freed. Nothing here writes a file.
 */
#ifndef SSPF_STATSMERGE_H
#define SSPF_STATSMERGE_H

#include <stddef.h>

#include <sspf/error.h>
#include <sspf/stats.h>
#include <sspf/store.h>

/* The bytes of the city's public key (crypto_box_PUBLICKEYBYTES). */
#define SSPF_CITY_PUBLIC_BYTES 32

/* The most inputs of one merge, and the largest input file. */
#define SSPF_MERGE_MAX_INPUTS 64
#define SSPF_MERGE_MAX_FILE ((size_t)16 << 20)

/*
 * Read the city's public key file (CITY.pub) into out. Errors, each with
 * a detail naming path: SSPF_ERR_NOT_FOUND (no such file), SSPF_ERR_INVALID
 * (it is the city's secret key file: give CITY.pub), SSPF_ERR_DAMAGED
 * (a city key file whose line is broken), SSPF_ERR_NOT_SSPF (not a city
 * key file at all), SSPF_ERR_PERMISSION, SSPF_ERR_IO.
 */
sspf_err sspf_citykey_read_public(const char *path,
				  unsigned char out[SSPF_CITY_PUBLIC_BYTES]);

/*
 * Make a new key pair: *pub_text is the text of CITY.pub, *key_text that
 * of CITY.key, the secret key encrypted with pass (passlen bytes) under
 * Argon2id of cost kdf (NULL: sspf_kdf_calibrate, as `sspf init` does; a
 * cost below the floor only for tests). Both malloc'ed, the caller's
 * (free); neither holds the secret key in the clear. The caller writes
 * them (CITY.key with mode 0600). SSPF_ERR_WEAK_PASSPHRASE below
 * SSPF_PASSPHRASE_MIN bytes.
 */
sspf_err sspf_citykey_generate(const char *pass, size_t passlen,
			       const sspf_kdf *kdf, char **pub_text,
			       char **key_text);

/* The city's secret key, open (in sodium_malloc memory). */
typedef struct sspf_citykey sspf_citykey;

/*
 * Open the secret key file path (CITY.key) with pass. *out is the
 * caller's (sspf_citykey_close). Errors with a detail: NOT_FOUND,
 * WRONG_PASSPHRASE (or the file was changed), INVALID (the public key file
 * given instead), DAMAGED, NOT_SSPF, NOMEM, IO.
 */
sspf_err sspf_citykey_open(const char *path, const char *pass, size_t passlen,
			   sspf_citykey **out);
/* Wipe and free; NULL is fine. */
void sspf_citykey_close(sspf_citykey *key);

/*
 * Read one JSON export of `sspf stats` (schema sspf-stats/1) from path:
 * its facts and published cells, and its sealed figures (s->sealed, NULL
 * without --for-city) as text. *out is the caller's (sspf_stats_free);
 * the cells' names are held in (*out)->names. SSPF_ERR_INVALID for a CSV
 * export or a file over SSPF_MERGE_MAX_FILE, SSPF_ERR_DAMAGED for broken
 * JSON, SSPF_ERR_NOT_SSPF for JSON that is not such an export; the detail
 * names the file and where (line and column) it is wrong.
 */
sspf_err sspf_stats_read(const char *path, sspf_stats **out);

/*
 * The checks of sspf_stats_merge that need no key, for a front end to
 * run before it asks the key's passphrase: every input reads, holds
 * sealed figures, and is of one period, method and threshold, each
 * district once. The same errors as sspf_stats_merge.
 */
sspf_err sspf_stats_merge_check(const char *const *paths, size_t n);

/*
 * Merge the district exports paths[0..n-1] (JSON made with --for-city,
 * 1..SSPF_MERGE_MAX_INPUTS of them) with the city's key into *out: the
 * period, method and threshold of the inputs, district name (NULL:
 * "city"), the cells of the sum protected again; preliminary if an input
 * is. *out is the caller's (sspf_stats_free). Refused with
 * SSPF_ERR_INVALID and a detail naming the files: different periods,
 * methods or thresholds, a district twice, an input without sealed
 * figures or a CSV one, figures sealed to another key, figures that
 * disagree with their file's published cells, or tables that differ
 * between inputs (another version of sspf). SSPF_ERR_DAMAGED: sealed
 * figures changed after sealing. Needs no database; writes nothing.
 */
sspf_err sspf_stats_merge(const sspf_citykey *key, const char *const *paths,
			  size_t n, const char *name, sspf_stats **out);

#endif
