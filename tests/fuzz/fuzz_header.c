/*
 * fuzz_header.c - libFuzzer harness of the file header and keyslot parser
 * (src/store/header.c) and of the recovery key text: the input is the
 * start of a database file, its first 8192 bytes the two header copies
 * (zero-padded when shorter).
 *
 * A BLAKE2b checksum guards each copy, which random bytes never match; so
 * that the fuzzer gets past it, a copy whose stored checksum is all zero
 * bytes gets the right one filled in here (the seeds are stored that way).
 * A copy with any other checksum is parsed as it is.
 *
 * Checked beyond "no crash": hdr_parse returns one of its documented
 * codes; a header it accepts encodes (hdr_encode) back into copies that
 * parse to the same header and whose MAC verifies; sspf_store_probe gives
 * the same verdict on the same bytes in a file; the keyslots unwrap or
 * refuse without a crash (recovery slots with a fixed key; passphrase
 * slots only when their Argon2id cost is tiny or impossible, because a
 * real cost would take the fuzzer a second an input); a recovery text
 * that decodes encodes back to the same key.
 */
#include <stdbool.h>
#include <string.h>

#include <sodium.h>

#include <sspf/store.h>

#include "fuzz.h"
#include "store/header.h"

/* Copy layout (contrib/FORMAT.md): the checksum ends each copy. */
#define CHECKSUM_OFF 4064u
#define CHECKSUM_LEN 32u

static int probe_fd = -1;

static void fix_checksum(uint8_t *copy)
{
	static const uint8_t zero[CHECKSUM_LEN];

	if (memcmp(copy + CHECKSUM_OFF, zero, CHECKSUM_LEN) == 0)
		crypto_generichash(copy + CHECKSUM_OFF, CHECKSUM_LEN, copy,
				   CHECKSUM_OFF, NULL, 0);
}

static bool same_header(const sspf_header *a, const sspf_header *b)
{
	if (a->version != b->version || a->seq != b->seq ||
	    a->page_size != b->page_size ||
	    memcmp(a->file_id, b->file_id, sizeof a->file_id) != 0)
		return false;
	for (unsigned i = 0; i < SSPF_NSLOTS; i++) {
		const hdr_keyslot *x = &a->slots[i], *y = &b->slots[i];

		if (x->type != y->type || x->opslimit != y->opslimit ||
		    x->memlimit != y->memlimit ||
		    memcmp(x->salt, y->salt, sizeof x->salt) != 0 ||
		    memcmp(x->nonce, y->nonce, sizeof x->nonce) != 0 ||
		    memcmp(x->wrapped, y->wrapped, sizeof x->wrapped) != 0 ||
		    memcmp(x->tag, y->tag, sizeof x->tag) != 0)
			return false;
	}
	return true;
}

/* Whether unwrapping slot s with a passphrase costs next to nothing. */
static bool cheap_or_impossible(const hdr_keyslot *s)
{
	bool possible = s->opslimit >= crypto_pwhash_OPSLIMIT_MIN &&
			s->opslimit <= crypto_pwhash_OPSLIMIT_MAX &&
			s->memlimit >= crypto_pwhash_MEMLIMIT_MIN &&
			s->memlimit <= crypto_pwhash_MEMLIMIT_MAX;

	return !possible || (s->opslimit <= 2 && s->memlimit <= 65536);
}

static void try_slots(const sspf_header *h)
{
	static const uint8_t rk[SSPF_RECOVERY_KEY_SIZE] = "fuzz recoverykey";
	uint8_t dk[SSPF_KEY_SIZE];
	sspf_err e;

	for (unsigned i = 0; i < SSPF_NSLOTS; i++) {
		const hdr_keyslot *s = &h->slots[i];

		if (s->type == SLOT_RECOVERY) {
			e = slot_unwrap(s, i, SLOT_RECOVERY, rk, sizeof rk, dk);
			FUZZ_CHECK(e == SSPF_OK ||
				   e == SSPF_ERR_WRONG_RECOVERY);
		} else if (s->type == SLOT_PASSPHRASE &&
			   cheap_or_impossible(s)) {
			e = slot_unwrap(s, i, SLOT_PASSPHRASE,
					(const uint8_t *)"fuzz", 4, dk);
			FUZZ_CHECK(e == SSPF_OK ||
				   e == SSPF_ERR_WRONG_PASSPHRASE ||
				   e == SSPF_ERR_DAMAGED ||
				   e == SSPF_ERR_NOMEM);
		} else {
			/* another type than the one asked for is refused */
			e = slot_unwrap(s, i, SLOT_RECOVERY, rk, sizeof rk, dk);
			FUZZ_CHECK(e == SSPF_ERR_INVALID);
		}
	}
}

/* hdr_encode of an accepted header parses back to the same header. */
static void round_trip(const sspf_header *h, int used)
{
	static const uint8_t key[SSPF_KEY_SIZE] =
		"fuzz header mac key, 32 bytes!!";
	uint8_t area[SSPF_HDR_AREA];
	hdr_copy_state state[2];
	sspf_header back;
	int used2;

	hdr_encode(h, 0, key, area);
	hdr_encode(h, 1, key, area + SSPF_HDR_COPY_SIZE);
	FUZZ_CHECK(hdr_mac_ok(area, key));
	FUZZ_CHECK(hdr_mac_ok(area + SSPF_HDR_COPY_SIZE, key));
	FUZZ_CHECK(hdr_parse(area, &back, &used2, state) == SSPF_OK);
	FUZZ_CHECK(state[0] == HDR_COPY_VALID && state[1] == HDR_COPY_VALID);
	FUZZ_CHECK(same_header(h, &back));
	(void)used;
}

static void recovery_text(const uint8_t *data, size_t size)
{
	uint8_t rk[SSPF_RECOVERY_KEY_SIZE], rk2[SSPF_RECOVERY_KEY_SIZE];
	char text[SSPF_RECOVERY_TEXT_SIZE];

	if (size > 256)
		size = 256;
	if (recovery_decode((const char *)data, size, rk) != SSPF_OK)
		return;
	recovery_encode(rk, text);
	FUZZ_CHECK(strlen(text) == SSPF_RECOVERY_TEXT_SIZE - 1);
	FUZZ_CHECK(recovery_decode(text, strlen(text), rk2) == SSPF_OK);
	FUZZ_CHECK(memcmp(rk, rk2, sizeof rk) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t area[SSPF_HDR_AREA];
	hdr_copy_state state[2];
	sspf_header h;
	sspf_err e, probe;
	int used;

	if (sodium_init() < 0)
		fuzz_fail(__FILE__, __LINE__, "sodium_init");
	if (probe_fd < 0)
		probe_fd = fuzz_memfd("fuzz-header");
	memset(area, 0, sizeof area);
	memcpy(area, data, size < sizeof area ? size : sizeof area);
	fix_checksum(area);
	fix_checksum(area + SSPF_HDR_COPY_SIZE);

	e = hdr_parse(area, &h, &used, state);
	FUZZ_CHECK(e == SSPF_OK || e == SSPF_ERR_NOT_SSPF ||
		   e == SSPF_ERR_DAMAGED || e == SSPF_ERR_NEWER);
	if (e == SSPF_OK) {
		FUZZ_CHECK(used == 0 || used == 1);
		FUZZ_CHECK(state[used] == HDR_COPY_VALID);
		FUZZ_CHECK(h.version >= 1 && h.version <= SSPF_FORMAT_VERSION);
		FUZZ_CHECK(h.page_size == SSPF_PAGE_SIZE);
		round_trip(&h, used);
		try_slots(&h);
	} else {
		FUZZ_CHECK(used == -1);
	}

	/* the same bytes as a file: probe agrees (a short file is not sspf) */
	if (size >= SSPF_HDR_AREA) {
		fuzz_memfd_set(probe_fd, area, sizeof area);
		probe = sspf_store_probe(fuzz_fd_path(probe_fd));
		FUZZ_CHECK(probe == e);
	}
	recovery_text(data, size);
	return 0;
}
