/*
 * kdf.c - choosing the Argon2id cost of a passphrase keyslot for this
 * machine: memory at the floor, passes so that one derivation takes about
 * 0.75 s (FORMAT.md, "Keyslot").
 */
#include <stdint.h>
#include <time.h>

#include <sodium.h>

#include <sspf/store.h>

#include "store/errors_internal.h"

#define KDF_TARGET_SEC 0.75
#define KDF_OPS_LO 1u
#define KDF_OPS_HI 4u
#define KDF_OPS_CAP 64u

_Static_assert(KDF_OPS_CAP >= SSPF_KDF_OPS_FLOOR, "cap above the floor");

static double now_sec(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return -1.0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds one derivation with ops passes takes; -1 on failure. */
static double time_pwhash(uint64_t ops, sspf_err *err)
{
	static const char pass[] = "sspf calibration";
	uint8_t salt[crypto_pwhash_SALTBYTES] = { 0 };
	uint8_t key[32];
	double t0, t1;

	t0 = now_sec();
	if (crypto_pwhash(key, sizeof key, pass, sizeof pass - 1, salt, ops,
			  (size_t)SSPF_KDF_MEM_FLOOR,
			  crypto_pwhash_ALG_ARGON2ID13) != 0) {
		*err = err_set(SSPF_ERR_NOMEM,
			       "Argon2id could not get %llu MiB of memory",
			       (unsigned long long)(SSPF_KDF_MEM_FLOOR >> 20));
		return -1.0;
	}
	t1 = now_sec();
	if (t0 < 0 || t1 < 0) {
		*err = err_set(SSPF_ERR_INTERNAL,
			       "the monotonic clock cannot be read");
		return -1.0;
	}
	return t1 - t0;
}

sspf_err sspf_kdf_calibrate(sspf_kdf *out)
{
	sspf_err err = SSPF_OK;
	double lo, hi, per_pass, fixed, want;
	uint64_t ops;

	if (out == NULL)
		return err_set(SSPF_ERR_INVALID, "no place for the kdf cost");
	if (sodium_init() < 0)
		return err_set(SSPF_ERR_INTERNAL, "libsodium did not start");

	/*
	 * The time is a fixed part (getting and first touching the memory)
	 * plus a part linear in the passes; two measurements separate them.
	 */
	if ((lo = time_pwhash(KDF_OPS_LO, &err)) < 0 ||
	    (hi = time_pwhash(KDF_OPS_HI, &err)) < 0)
		return err;
	per_pass = (hi - lo) / (KDF_OPS_HI - KDF_OPS_LO);
	fixed = lo - per_pass * KDF_OPS_LO;
	if (per_pass <= 0 || fixed < 0) {
		/* A noisy clock or machine: assume no fixed part. */
		per_pass = hi / KDF_OPS_HI;
		fixed = 0;
	}
	if (per_pass <= 0) {
		ops = KDF_OPS_CAP;
	} else {
		want = (KDF_TARGET_SEC - fixed) / per_pass + 0.5;
		if (want >= KDF_OPS_CAP)
			ops = KDF_OPS_CAP;
		else if (want < 0)
			ops = 0;
		else
			ops = (uint64_t)want;
	}
	if (ops < SSPF_KDF_OPS_FLOOR)
		ops = SSPF_KDF_OPS_FLOOR;

	out->opslimit = ops;
	out->memlimit = SSPF_KDF_MEM_FLOOR;
	return SSPF_OK;
}
