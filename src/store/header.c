/*
 * header.c - the two header copies, the keyslots, the key hierarchy and
 * the recovery key text of an sspf file. The byte layout is specified in
 * contrib/FORMAT.md; this file is its only encoder and decoder. Pure
 * functions over caller buffers: no file I/O, nothing printed.
 */
#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "store/errors_internal.h"
#include "store/header.h"

/* Header copy layout (FORMAT.md, "Header copy"). */
#define OFF_MAGIC 0u
#define OFF_VERSION 8u
#define OFF_COPY 12u
#define OFF_SEQ 16u
#define OFF_FILE_ID 24u
#define OFF_PAGE_SIZE 40u
#define OFF_NSLOTS 44u
#define OFF_SLOTS 64u
#define SLOT_SIZE 128u
#define OFF_MAC 576u
#define MAC_SIZE 32u
#define OFF_CHECKSUM 4064u
#define CHECKSUM_SIZE 32u

/* Keyslot layout (FORMAT.md, "Keyslot"). */
#define SOFF_TYPE 0u
#define SOFF_OPS 8u
#define SOFF_MEM 16u
#define SOFF_SALT 24u
#define SOFF_NONCE 40u
#define SOFF_WRAPPED 64u
#define SOFF_TAG 96u
#define SLOT_AD_PART 40u /* bytes 0-39 of the slot go into the AD */

static const uint8_t hdr_magic[8] = { 's', 's', 'p', 'f', '-', 'd', 'b', 0 };
static const char slot_ad_prefix[9] = { 's', 's', 'p', 'f', '-',
					's', 'l', 'o', 't' };
static const char recovery_prefix[16] = { 's', 's', 'p', 'f', ' ', 'r',
					  'e', 'c', 'o', 'v', 'e', 'r',
					  'y', ' ', 'v', '1' };
static const char kdf_context[crypto_kdf_CONTEXTBYTES] = { 's', 's', 'p', 'f',
							   'k', 'e', 'y', '1' };
static const char crockford[32] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

#define RECOVERY_CHECK_SIZE 4u
#define RECOVERY_RAW_SIZE (SSPF_RECOVERY_KEY_SIZE + RECOVERY_CHECK_SIZE)
#define RECOVERY_CHARS 32u /* 20 bytes = 160 bits = 32 * 5 bits */

_Static_assert(OFF_SLOTS + SSPF_NSLOTS * SLOT_SIZE == OFF_MAC,
	       "keyslots end where the MAC starts");
_Static_assert(OFF_CHECKSUM + CHECKSUM_SIZE == SSPF_HDR_COPY_SIZE,
	       "the checksum ends the copy");
_Static_assert(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES == 24,
	       "nonce size");
_Static_assert(crypto_aead_xchacha20poly1305_ietf_ABYTES == SSPF_TAG_SIZE,
	       "tag size");
_Static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == SSPF_KEY_SIZE,
	       "key size");
_Static_assert(crypto_pwhash_SALTBYTES == 16, "salt size");
_Static_assert(crypto_kdf_KEYBYTES == SSPF_KEY_SIZE, "kdf key size");
_Static_assert(crypto_generichash_BYTES == 32, "BLAKE2b-256");
_Static_assert(SSPF_RECOVERY_KEY_SIZE >= crypto_generichash_KEYBYTES_MIN,
	       "the recovery key is a valid BLAKE2b key");
_Static_assert(RECOVERY_RAW_SIZE * 8 == RECOVERY_CHARS * 5,
	       "recovery text is whole base32 characters");
_Static_assert(SSPF_RECOVERY_TEXT_SIZE == RECOVERY_CHARS + 7 + 1,
	       "8 groups of 4, 7 dashes, NUL");

/* ---- header copies ---- */

static void checksum(const uint8_t *copy, uint8_t out[CHECKSUM_SIZE])
{
	crypto_generichash(out, CHECKSUM_SIZE, copy, OFF_CHECKSUM, NULL, 0);
}

/* The MAC over bytes 0-575 with the copy number (bytes 12-15) as zero. */
static void header_mac(const uint8_t *copy,
		       const uint8_t hdr_key[SSPF_KEY_SIZE],
		       uint8_t out[MAC_SIZE])
{
	static const uint8_t zero[4];
	crypto_generichash_state st;

	crypto_generichash_init(&st, hdr_key, SSPF_KEY_SIZE, MAC_SIZE);
	crypto_generichash_update(&st, copy, OFF_COPY);
	crypto_generichash_update(&st, zero, sizeof zero);
	crypto_generichash_update(&st, copy + OFF_COPY + 4,
				  OFF_MAC - (OFF_COPY + 4));
	crypto_generichash_final(&st, out, MAC_SIZE);
	sodium_memzero(&st, sizeof st);
}

static void slot_decode(const uint8_t *p, hdr_keyslot *s)
{
	s->type = le32_get(p + SOFF_TYPE);
	s->opslimit = le64_get(p + SOFF_OPS);
	s->memlimit = le64_get(p + SOFF_MEM);
	memcpy(s->salt, p + SOFF_SALT, sizeof s->salt);
	memcpy(s->nonce, p + SOFF_NONCE, sizeof s->nonce);
	memcpy(s->wrapped, p + SOFF_WRAPPED, sizeof s->wrapped);
	memcpy(s->tag, p + SOFF_TAG, sizeof s->tag);
}

/* Bytes 0-39 of a slot: type, reserved, opslimit, memlimit, salt. */
static void slot_encode_head(const hdr_keyslot *s, uint8_t p[SLOT_AD_PART])
{
	memset(p, 0, SLOT_AD_PART);
	le32_put(p + SOFF_TYPE, s->type);
	le64_put(p + SOFF_OPS, s->opslimit);
	le64_put(p + SOFF_MEM, s->memlimit);
	memcpy(p + SOFF_SALT, s->salt, sizeof s->salt);
}

static void slot_encode(const hdr_keyslot *s, uint8_t p[SLOT_SIZE])
{
	memset(p, 0, SLOT_SIZE);
	slot_encode_head(s, p);
	memcpy(p + SOFF_NONCE, s->nonce, sizeof s->nonce);
	memcpy(p + SOFF_WRAPPED, s->wrapped, sizeof s->wrapped);
	memcpy(p + SOFF_TAG, s->tag, sizeof s->tag);
}

/* What one copy is, beyond hdr_copy_state. */
struct copy_info {
	hdr_copy_state state;
	int magic; /* starts with the magic */
	int newer; /* valid checksum, version above ours */
	uint32_t version;
	uint64_t seq;
};

static struct copy_info copy_classify(const uint8_t *copy)
{
	struct copy_info ci;
	uint8_t sum[CHECKSUM_SIZE];
	int sum_ok;

	memset(&ci, 0, sizeof ci);
	checksum(copy, sum);
	sum_ok = sodium_memcmp(sum, copy + OFF_CHECKSUM, CHECKSUM_SIZE) == 0;
	ci.magic = memcmp(copy + OFF_MAGIC, hdr_magic, sizeof hdr_magic) == 0;
	ci.version = le32_get(copy + OFF_VERSION);
	ci.seq = le64_get(copy + OFF_SEQ);

	if (!ci.magic) {
		/* Without the magic it is no header, whatever its checksum. */
		ci.state = HDR_COPY_ABSENT;
	} else if (!sum_ok) {
		ci.state = HDR_COPY_DAMAGED;
	} else if (ci.version > SSPF_FORMAT_VERSION) {
		/* A newer layout: read nothing else of it. */
		ci.state = HDR_COPY_VALID;
		ci.newer = 1;
	} else if (ci.version == 0 ||
		   le32_get(copy + OFF_PAGE_SIZE) != SSPF_PAGE_SIZE ||
		   le32_get(copy + OFF_NSLOTS) != SSPF_NSLOTS) {
		/* A checksum-valid copy that no sspf writes. */
		ci.state = HDR_COPY_DAMAGED;
	} else {
		ci.state = HDR_COPY_VALID;
	}
	return ci;
}

sspf_err hdr_parse(const uint8_t area[SSPF_HDR_AREA], sspf_header *out,
		   int *used, hdr_copy_state state[2])
{
	struct copy_info ci[2];
	const uint8_t *copy;
	int pick;
	unsigned i;

	memset(out, 0, sizeof *out);
	if (used != NULL)
		*used = -1;
	ci[0] = copy_classify(area);
	ci[1] = copy_classify(area + SSPF_HDR_COPY_SIZE);
	if (state != NULL) {
		state[0] = ci[0].state;
		state[1] = ci[1].state;
	}

	if (!ci[0].magic && !ci[1].magic)
		return err_set(SSPF_ERR_NOT_SSPF,
			       "the file does not start with an sspf header");

	/*
	 * A newer format is refused before anything else is read. Either
	 * valid copy counts: a newer sspf may have been interrupted between
	 * its two header writes, and this one must not "repair" its work.
	 */
	for (i = 0; i < 2; i++) {
		if (ci[i].newer)
			return err_set(
				SSPF_ERR_NEWER,
				"written by a newer sspf (file format %u);"
				" this sspf reads format %u",
				(unsigned)ci[i].version,
				(unsigned)SSPF_FORMAT_VERSION);
	}

	if (ci[0].state != HDR_COPY_VALID && ci[1].state != HDR_COPY_VALID)
		return err_set(SSPF_ERR_DAMAGED,
			       "both header copies are damaged");

	if (ci[0].state != HDR_COPY_VALID)
		pick = 1;
	else if (ci[1].state != HDR_COPY_VALID)
		pick = 0;
	else
		pick = ci[1].seq > ci[0].seq ? 1 : 0;

	copy = area + (size_t)pick * SSPF_HDR_COPY_SIZE;
	out->version = ci[pick].version;
	out->seq = ci[pick].seq;
	memcpy(out->file_id, copy + OFF_FILE_ID, SSPF_FILE_ID_SIZE);
	out->page_size = le32_get(copy + OFF_PAGE_SIZE);
	for (i = 0; i < SSPF_NSLOTS; i++)
		slot_decode(copy + OFF_SLOTS + i * SLOT_SIZE, &out->slots[i]);
	memcpy(out->mac, copy + OFF_MAC, MAC_SIZE);
	if (used != NULL)
		*used = pick;
	return SSPF_OK;
}

void hdr_encode(const sspf_header *h, int copy,
		const uint8_t hdr_key[SSPF_KEY_SIZE],
		uint8_t out[SSPF_HDR_COPY_SIZE])
{
	unsigned i;

	memset(out, 0, SSPF_HDR_COPY_SIZE);
	memcpy(out + OFF_MAGIC, hdr_magic, sizeof hdr_magic);
	le32_put(out + OFF_VERSION, h->version);
	/* copy number stays zero until the MAC is computed */
	le64_put(out + OFF_SEQ, h->seq);
	memcpy(out + OFF_FILE_ID, h->file_id, SSPF_FILE_ID_SIZE);
	le32_put(out + OFF_PAGE_SIZE, h->page_size);
	le32_put(out + OFF_NSLOTS, SSPF_NSLOTS);
	for (i = 0; i < SSPF_NSLOTS; i++)
		slot_encode(&h->slots[i], out + OFF_SLOTS + i * SLOT_SIZE);
	header_mac(out, hdr_key, out + OFF_MAC);
	le32_put(out + OFF_COPY, copy == 0 ? 0u : 1u);
	checksum(out, out + OFF_CHECKSUM);
}

int hdr_mac_ok(const uint8_t raw[SSPF_HDR_COPY_SIZE],
	       const uint8_t hdr_key[SSPF_KEY_SIZE])
{
	uint8_t mac[MAC_SIZE];

	header_mac(raw, hdr_key, mac);
	return sodium_memcmp(mac, raw + OFF_MAC, MAC_SIZE) == 0;
}

/* ---- keys ---- */

/* The key set is the caller's: free it with keys_free(). */
sspf_keys *keys_new(void)
{
	sspf_keys *k;

	if (sodium_init() < 0)
		return NULL;
	k = sodium_malloc(sizeof *k);
	if (k != NULL)
		sodium_memzero(k, sizeof *k);
	return k;
}

void keys_derive(sspf_keys *k)
{
	crypto_kdf_derive_from_key(k->page, sizeof k->page, 1, kdf_context,
				   k->dk);
	crypto_kdf_derive_from_key(k->hdr, sizeof k->hdr, 2, kdf_context,
				   k->dk);
	crypto_kdf_derive_from_key(k->redo, sizeof k->redo, 3, kdf_context,
				   k->dk);
}

void keys_free(sspf_keys *k)
{
	sodium_free(k); /* wipes; NULL is fine */
}

/* ---- keyslots ---- */

#define SLOT_AD_SIZE (sizeof slot_ad_prefix + 4u + SLOT_AD_PART)

/* AD = "sspf-slot" || u32 slot index || bytes 0-39 of the slot. */
static void slot_ad(const hdr_keyslot *s, unsigned index,
		    uint8_t ad[SLOT_AD_SIZE])
{
	memcpy(ad, slot_ad_prefix, sizeof slot_ad_prefix);
	le32_put(ad + sizeof slot_ad_prefix, index);
	slot_encode_head(s, ad + sizeof slot_ad_prefix + 4);
}

/* Whether Argon2id accepts these parameters at all. */
static int pwhash_params_ok(uint64_t opslimit, uint64_t memlimit)
{
	return opslimit >= crypto_pwhash_OPSLIMIT_MIN &&
	       opslimit <= crypto_pwhash_OPSLIMIT_MAX &&
	       memlimit >= crypto_pwhash_MEMLIMIT_MIN &&
	       memlimit <= crypto_pwhash_MEMLIMIT_MAX && memlimit <= SIZE_MAX;
}

static int kek_passphrase(uint8_t kek[SSPF_KEY_SIZE], const char *pass,
			  size_t passlen, const uint8_t salt[16],
			  uint64_t opslimit, uint64_t memlimit)
{
	return crypto_pwhash(kek, SSPF_KEY_SIZE, pass, passlen, salt,
			     (unsigned long long)opslimit, (size_t)memlimit,
			     crypto_pwhash_ALG_ARGON2ID13);
}

static void kek_recovery(uint8_t kek[SSPF_KEY_SIZE],
			 const uint8_t rk[SSPF_RECOVERY_KEY_SIZE],
			 const uint8_t salt[16])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, rk, SSPF_RECOVERY_KEY_SIZE, SSPF_KEY_SIZE);
	crypto_generichash_update(&st, (const uint8_t *)recovery_prefix,
				  sizeof recovery_prefix);
	crypto_generichash_update(&st, salt, 16);
	crypto_generichash_final(&st, kek, SSPF_KEY_SIZE);
	sodium_memzero(&st, sizeof st);
}

/* Fill nonce, encrypt dk under kek into slot (type, limits, salt set). */
static void slot_seal(hdr_keyslot *slot, unsigned index,
		      const uint8_t dk[SSPF_KEY_SIZE],
		      const uint8_t kek[SSPF_KEY_SIZE])
{
	uint8_t ad[SLOT_AD_SIZE];

	randombytes_buf(slot->nonce, sizeof slot->nonce);
	slot_ad(slot, index, ad);
	crypto_aead_xchacha20poly1305_ietf_encrypt_detached(
		slot->wrapped, slot->tag, NULL, dk, SSPF_KEY_SIZE, ad,
		sizeof ad, NULL, slot->nonce, kek);
}

sspf_err slot_wrap_passphrase(hdr_keyslot *slot, unsigned index,
			      const uint8_t dk[SSPF_KEY_SIZE], const char *pass,
			      size_t passlen, const sspf_kdf *kdf)
{
	hdr_keyslot s;
	uint8_t *kek;

	if (index >= SSPF_NSLOTS || kdf == NULL ||
	    (pass == NULL && passlen != 0))
		return err_set(SSPF_ERR_INVALID, "bad keyslot arguments");
	if (!pwhash_params_ok(kdf->opslimit, kdf->memlimit))
		return err_set(SSPF_ERR_INVALID,
			       "Argon2id cannot use opslimit %llu and memlimit "
			       "%llu",
			       (unsigned long long)kdf->opslimit,
			       (unsigned long long)kdf->memlimit);
	if (passlen > crypto_pwhash_PASSWD_MAX)
		return err_set(SSPF_ERR_INVALID, "the passphrase is too long");
	if (sodium_init() < 0)
		return err_set(SSPF_ERR_INTERNAL, "libsodium did not start");
	kek = sodium_malloc(SSPF_KEY_SIZE);
	if (kek == NULL)
		return err_set(SSPF_ERR_NOMEM, "no memory for a key");

	memset(&s, 0, sizeof s);
	s.type = SLOT_PASSPHRASE;
	s.opslimit = kdf->opslimit;
	s.memlimit = kdf->memlimit;
	randombytes_buf(s.salt, sizeof s.salt);
	if (kek_passphrase(kek, pass != NULL ? pass : "", passlen, s.salt,
			   s.opslimit, s.memlimit) != 0) {
		sodium_free(kek);
		return err_set(SSPF_ERR_NOMEM,
			       "Argon2id could not get %llu MiB of memory",
			       (unsigned long long)(kdf->memlimit >> 20));
	}
	slot_seal(&s, index, dk, kek);
	sodium_free(kek);
	*slot = s;
	return SSPF_OK;
}

sspf_err slot_wrap_recovery(hdr_keyslot *slot, unsigned index,
			    const uint8_t dk[SSPF_KEY_SIZE],
			    const uint8_t rk[SSPF_RECOVERY_KEY_SIZE])
{
	hdr_keyslot s;
	uint8_t *kek;

	if (index >= SSPF_NSLOTS)
		return err_set(SSPF_ERR_INVALID, "bad keyslot index %u", index);
	if (sodium_init() < 0)
		return err_set(SSPF_ERR_INTERNAL, "libsodium did not start");
	kek = sodium_malloc(SSPF_KEY_SIZE);
	if (kek == NULL)
		return err_set(SSPF_ERR_NOMEM, "no memory for a key");

	memset(&s, 0, sizeof s);
	s.type = SLOT_RECOVERY;
	randombytes_buf(s.salt, sizeof s.salt);
	kek_recovery(kek, rk, s.salt);
	slot_seal(&s, index, dk, kek);
	sodium_free(kek);
	*slot = s;
	return SSPF_OK;
}

sspf_err slot_unwrap(const hdr_keyslot *slot, unsigned index,
		     uint32_t expected_type, const uint8_t *secret,
		     size_t secretlen, uint8_t dk[SSPF_KEY_SIZE])
{
	uint8_t ad[SLOT_AD_SIZE];
	uint8_t *kek;
	int rc;

	if (index >= SSPF_NSLOTS)
		return err_set(SSPF_ERR_INVALID, "bad keyslot index %u", index);
	if (expected_type != SLOT_PASSPHRASE && expected_type != SLOT_RECOVERY)
		return err_set(SSPF_ERR_INVALID, "bad keyslot type %u",
			       (unsigned)expected_type);
	if (slot->type != expected_type)
		return err_set(
			SSPF_ERR_INVALID, "keyslot %u holds no %s", index,
			expected_type == SLOT_PASSPHRASE ? "passphrase"
							 : "recovery key");
	if (secret == NULL && secretlen != 0)
		return err_set(SSPF_ERR_INVALID, "no secret given");
	if (expected_type == SLOT_RECOVERY &&
	    secretlen != SSPF_RECOVERY_KEY_SIZE)
		return err_set(SSPF_ERR_INVALID,
			       "a recovery key has %u bytes, not %zu",
			       SSPF_RECOVERY_KEY_SIZE, secretlen);
	if (expected_type == SLOT_PASSPHRASE) {
		/* The parameters come from the file: out of range is damage. */
		if (!pwhash_params_ok(slot->opslimit, slot->memlimit))
			return err_set(SSPF_ERR_DAMAGED,
				       "keyslot %u has impossible Argon2id "
				       "parameters (opslimit %llu, memlimit "
				       "%llu)",
				       index,
				       (unsigned long long)slot->opslimit,
				       (unsigned long long)slot->memlimit);
		if (secretlen > crypto_pwhash_PASSWD_MAX)
			return err_set(SSPF_ERR_INVALID,
				       "the passphrase is too long");
	}

	kek = sodium_malloc(SSPF_KEY_SIZE);
	if (kek == NULL)
		return err_set(SSPF_ERR_NOMEM, "no memory for a key");
	if (expected_type == SLOT_PASSPHRASE) {
		if (kek_passphrase(kek,
				   secret != NULL ? (const char *)secret : "",
				   secretlen, slot->salt, slot->opslimit,
				   slot->memlimit) != 0) {
			sodium_free(kek);
			return err_set(
				SSPF_ERR_NOMEM,
				"Argon2id could not get %llu MiB of "
				"memory",
				(unsigned long long)(slot->memlimit >> 20));
		}
	} else {
		kek_recovery(kek, secret, slot->salt);
	}

	slot_ad(slot, index, ad);
	rc = crypto_aead_xchacha20poly1305_ietf_decrypt_detached(
		dk, NULL, slot->wrapped, SSPF_KEY_SIZE, slot->tag, ad,
		sizeof ad, slot->nonce, kek);
	sodium_free(kek);
	if (rc != 0) {
		sodium_memzero(dk, SSPF_KEY_SIZE);
		if (expected_type == SLOT_PASSPHRASE)
			return err_set(SSPF_ERR_WRONG_PASSPHRASE,
				       "the passphrase does not open "
				       "keyslot %u",
				       index);
		return err_set(SSPF_ERR_WRONG_RECOVERY,
			       "the recovery key does not open keyslot %u",
			       index);
	}
	return SSPF_OK;
}

/* ---- recovery key text ---- */

static void recovery_check(const uint8_t rk[SSPF_RECOVERY_KEY_SIZE],
			   uint8_t check[RECOVERY_CHECK_SIZE])
{
	uint8_t h[crypto_generichash_BYTES];

	crypto_generichash(h, sizeof h, rk, SSPF_RECOVERY_KEY_SIZE, NULL, 0);
	memcpy(check, h, RECOVERY_CHECK_SIZE);
	sodium_memzero(h, sizeof h);
}

void recovery_encode(const uint8_t rk[SSPF_RECOVERY_KEY_SIZE],
		     char out[SSPF_RECOVERY_TEXT_SIZE])
{
	uint8_t raw[RECOVERY_RAW_SIZE];
	uint32_t acc = 0;
	unsigned bits = 0, n = 0, o = 0, i;

	memcpy(raw, rk, SSPF_RECOVERY_KEY_SIZE);
	recovery_check(rk, raw + SSPF_RECOVERY_KEY_SIZE);
	for (i = 0; i < RECOVERY_RAW_SIZE; i++) {
		acc = (acc << 8 | raw[i]) & 0xfffu;
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			if (n > 0 && n % 4 == 0)
				out[o++] = '-';
			out[o++] = crockford[(acc >> bits) & 31u];
			n++;
		}
	}
	out[o] = '\0';
	sodium_memzero(raw, sizeof raw);
	acc = 0;
	sodium_memzero(&acc, sizeof acc);
}

/* The 5-bit value of a recovery-text character, -1 if none. */
static int crockford_value(unsigned char c)
{
	unsigned i;

	if (c >= 'a' && c <= 'z')
		c = (unsigned char)(c - 'a' + 'A');
	if (c == 'O')
		c = '0';
	else if (c == 'I' || c == 'L')
		c = '1';
	for (i = 0; i < sizeof crockford; i++)
		if ((unsigned char)crockford[i] == c)
			return (int)i;
	return -1;
}

sspf_err recovery_decode(const char *text, size_t len,
			 uint8_t rk[SSPF_RECOVERY_KEY_SIZE])
{
	uint8_t raw[RECOVERY_RAW_SIZE];
	uint8_t check[RECOVERY_CHECK_SIZE];
	uint32_t acc = 0;
	unsigned bits = 0, o = 0;
	size_t i, n = 0;
	sspf_err err = SSPF_OK;

	sodium_memzero(rk, SSPF_RECOVERY_KEY_SIZE);
	if (text == NULL)
		len = 0;

	/* First pass: every character must be one of ours. */
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == ' ' || c == '-' || c == '\t' || c == '\n' || c == '\r')
			continue;
		if (crockford_value(c) < 0) {
			if (c == 'u' || c == 'U')
				return err_set(SSPF_ERR_RECOVERY_TYPO,
					       "character 'U' is not used in "
					       "recovery keys (it may be a "
					       "'V')");
			if (c > 0x20 && c < 0x7f)
				return err_set(SSPF_ERR_RECOVERY_TYPO,
					       "character '%c' is not used in "
					       "recovery keys",
					       c);
			return err_set(SSPF_ERR_RECOVERY_TYPO,
				       "the recovery key contains a character "
				       "that is not a letter or a digit (at "
				       "position %zu)",
				       i + 1);
		}
		n++;
	}
	if (n != RECOVERY_CHARS)
		return err_set(SSPF_ERR_RECOVERY_TYPO,
			       "the recovery key has %zu character%s; it "
			       "should have %u",
			       n, n == 1 ? "" : "s", RECOVERY_CHARS);

	for (i = 0; i < len; i++) {
		int v = crockford_value((unsigned char)text[i]);

		if (v < 0)
			continue; /* a separator: the first pass saw to it */
		acc = (acc << 5 | (uint32_t)v) & 0xfffu;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			raw[o++] = (uint8_t)(acc >> bits);
		}
	}
	/* 32 * 5 = 160 bits fill the 20 bytes exactly, bits is 0 here. */
	recovery_check(raw, check);
	if (o != RECOVERY_RAW_SIZE ||
	    sodium_memcmp(check, raw + SSPF_RECOVERY_KEY_SIZE,
			  RECOVERY_CHECK_SIZE) != 0)
		err = err_set(SSPF_ERR_RECOVERY_TYPO,
			      "the recovery key has a typing mistake (its "
			      "check does not match)");
	else
		memcpy(rk, raw, SSPF_RECOVERY_KEY_SIZE);
	sodium_memzero(raw, sizeof raw);
	sodium_memzero(check, sizeof check);
	sodium_memzero(&acc, sizeof acc);
	return err;
}
