/*
 * header.h - the two header copies, the keyslots and the key hierarchy of
 * an sspf file (byte layout in contrib/FORMAT.md). Pure functions over
 * buffers: no file I/O here.
 */
#ifndef SSPF_STORE_HEADER_H
#define SSPF_STORE_HEADER_H

#include <stddef.h>
#include <stdint.h>

#include <sspf/error.h>
#include <sspf/store.h>

#define SSPF_FORMAT_VERSION 1u
#define SSPF_HDR_COPY_SIZE 4096u
#define SSPF_HDR_AREA (2u * SSPF_HDR_COPY_SIZE)
#define SSPF_PAGE_SIZE 4096u
#define SSPF_NONCE_SIZE 24u
#define SSPF_TAG_SIZE 16u
#define SSPF_PAGE_SLOT (SSPF_NONCE_SIZE + SSPF_PAGE_SIZE + SSPF_TAG_SIZE)
#define SSPF_NSLOTS 4u
#define SSPF_FILE_ID_SIZE 16u
#define SSPF_KEY_SIZE 32u
#define SSPF_RECOVERY_KEY_SIZE 16u

enum { SLOT_EMPTY = 0, SLOT_PASSPHRASE = 1, SLOT_RECOVERY = 2 };
enum { SLOT_INDEX_PASSPHRASE = 0, SLOT_INDEX_RECOVERY = 1 };

typedef struct hdr_keyslot {
	uint32_t type;
	uint64_t opslimit;
	uint64_t memlimit;
	uint8_t salt[16];
	uint8_t nonce[24];
	uint8_t wrapped[SSPF_KEY_SIZE];
	uint8_t tag[SSPF_TAG_SIZE];
} hdr_keyslot;

typedef struct sspf_header {
	uint32_t version;
	uint64_t seq;
	uint8_t file_id[SSPF_FILE_ID_SIZE];
	uint32_t page_size;
	hdr_keyslot slots[SSPF_NSLOTS];
	uint8_t mac[32]; /* as read; hdr_encode computes it */
} sspf_header;

typedef enum hdr_copy_state {
	HDR_COPY_VALID = 0,
	HDR_COPY_DAMAGED = 1, /* magic present or checksum wrong */
	HDR_COPY_ABSENT = 2,  /* no magic and checksum wrong: not a header */
} hdr_copy_state;

/*
 * Parse the 8192-byte header area. Fills *out from the valid copy with the
 * higher sequence, *used with its number (0 or 1), state[] with both
 * copies' state. Returns SSPF_OK, SSPF_ERR_NOT_SSPF (no copy has the
 * magic), SSPF_ERR_DAMAGED (no valid copy), SSPF_ERR_NEWER (version too
 * high). Sets sspf_err_detail on failure.
 */
sspf_err hdr_parse(const uint8_t area[SSPF_HDR_AREA], sspf_header *out,
		   int *used, hdr_copy_state state[2]);

/*
 * Encode h as copy number copy (0 or 1) into out, computing the MAC with
 * hdr_key and the checksum.
 */
void hdr_encode(const sspf_header *h, int copy,
		const uint8_t hdr_key[SSPF_KEY_SIZE],
		uint8_t out[SSPF_HDR_COPY_SIZE]);

/* Whether the MAC of the raw copy (as read from disk) is right. */
int hdr_mac_ok(const uint8_t raw[SSPF_HDR_COPY_SIZE],
	       const uint8_t hdr_key[SSPF_KEY_SIZE]);

/* Key material, always in sodium_malloc memory. */
typedef struct sspf_keys {
	uint8_t dk[SSPF_KEY_SIZE];   /* data key */
	uint8_t page[SSPF_KEY_SIZE]; /* page encryption */
	uint8_t hdr[SSPF_KEY_SIZE];  /* header MAC */
	uint8_t redo[SSPF_KEY_SIZE]; /* redo log MAC */
} sspf_keys;

/* A zeroed, sodium_malloc'ed key set (caller frees with keys_free), or NULL. */
sspf_keys *keys_new(void);
/* Derive page/hdr/redo from dk. */
void keys_derive(sspf_keys *k);
/* Wipe and free; NULL is fine. */
void keys_free(sspf_keys *k);

/*
 * Wrap dk into slot number index under a passphrase with kdf cost (fresh
 * salt and nonce). Fails with SSPF_ERR_NOMEM if Argon2id cannot get its
 * memory.
 */
sspf_err slot_wrap_passphrase(hdr_keyslot *slot, unsigned index,
			      const uint8_t dk[SSPF_KEY_SIZE], const char *pass,
			      size_t passlen, const sspf_kdf *kdf);

/* Wrap dk into slot number index under a 16-byte recovery key. */
sspf_err slot_wrap_recovery(hdr_keyslot *slot, unsigned index,
			    const uint8_t dk[SSPF_KEY_SIZE],
			    const uint8_t rk[SSPF_RECOVERY_KEY_SIZE]);

/*
 * Unwrap: secret is the passphrase (type 1) or the 16 recovery-key bytes
 * (type 2). SSPF_OK fills dk; SSPF_ERR_WRONG_PASSPHRASE /
 * SSPF_ERR_WRONG_RECOVERY if the tag does not verify; SSPF_ERR_INVALID if
 * the slot is empty or of another type than expected_type;
 * SSPF_ERR_DAMAGED if its Argon2id cost is one Argon2id cannot take.
 */
sspf_err slot_unwrap(const hdr_keyslot *slot, unsigned index,
		     uint32_t expected_type, const uint8_t *secret,
		     size_t secretlen, uint8_t dk[SSPF_KEY_SIZE]);

/* Recovery key text, 8 groups of 4 Crockford base32 characters. */
void recovery_encode(const uint8_t rk[SSPF_RECOVERY_KEY_SIZE],
		     char out[SSPF_RECOVERY_TEXT_SIZE]);
/* SSPF_ERR_RECOVERY_TYPO if the text is malformed or its check fails. */
sspf_err recovery_decode(const char *text, size_t len,
			 uint8_t rk[SSPF_RECOVERY_KEY_SIZE]);

/* Little-endian helpers shared by the store. */
static inline void le32_put(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}
static inline uint32_t le32_get(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}
static inline void le64_put(uint8_t *p, uint64_t v)
{
	le32_put(p, (uint32_t)v);
	le32_put(p + 4, (uint32_t)(v >> 32));
}
static inline uint64_t le64_get(const uint8_t *p)
{
	return (uint64_t)le32_get(p) | (uint64_t)le32_get(p + 4) << 32;
}

#endif
