/*
 * fuzz_page.c - libFuzzer harness of the page cipher of the encrypted
 * store (page_open and page_seal, src/store/vfs.c): every 4096-byte page
 * of SQLite is stored as a slot of nonce, ciphertext and tag, bound to the
 * file's id and the page number. The input is a page number (4 bytes,
 * little-endian) and then the bytes of a slot as read from a file
 * (zero-padded or cut to the slot size).
 *
 * Checked: a slot the fixed key did not seal is refused and leaves a
 * zeroed page (never a crash, never garbage handed to SQLite); the input
 * as a plaintext page seals and opens back to itself, and the sealed slot
 * is refused as another page, with another file id, and with any one bit
 * changed; file_pages accepts exactly the lengths of whole slots.
 */
#include <stdbool.h>
#include <string.h>

#include <sodium.h>

#include "fuzz.h"
#include "store/header.h"
#include "store/vfs.h"

static sspf_keys *keys;
static const uint8_t file_id[SSPF_FILE_ID_SIZE] = "fuzz file id 16";

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0)
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t slot[SSPF_PAGE_SLOT], sealed[SSPF_PAGE_SLOT];
	static uint8_t plain[SSPF_PAGE_SIZE], out[SSPF_PAGE_SIZE];
	uint8_t other_id[SSPF_FILE_ID_SIZE];
	uint32_t pgno, bit;
	size_t body;
	int64_t len, n;
	uint64_t u;

	if (keys == NULL) {
		FUZZ_CHECK((keys = keys_new()) != NULL);
		memcpy(keys->dk, "fuzz data key, thirty-two bytes", 32);
		keys_derive(keys);
	}
	if (size < 4)
		return 0;
	pgno = le32_get(data);
	data += 4;
	size -= 4;
	body = size < SSPF_PAGE_SLOT ? size : SSPF_PAGE_SLOT;

	/* the input as a slot: nobody sealed it under this key */
	memset(slot, 0, sizeof slot);
	memcpy(slot, data, body);
	memset(out, 0xAA, sizeof out);
	FUZZ_CHECK(page_open(keys, file_id, pgno, slot, out) == -1);
	FUZZ_CHECK(all_zero(out, sizeof out));

	/* the input as a page: sealed, it opens as that page only */
	memset(plain, 0, sizeof plain);
	memcpy(plain, data, size < SSPF_PAGE_SIZE ? size : SSPF_PAGE_SIZE);
	page_seal(keys, file_id, pgno, plain, sealed);
	FUZZ_CHECK(page_open(keys, file_id, pgno, sealed, out) == 0);
	FUZZ_CHECK(memcmp(out, plain, sizeof out) == 0);
	FUZZ_CHECK(page_open(keys, file_id, pgno + 1, sealed, out) == -1);
	memcpy(other_id, file_id, sizeof other_id);
	other_id[pgno % sizeof other_id] ^= 1;
	FUZZ_CHECK(page_open(keys, other_id, pgno, sealed, out) == -1);
	/* one bit anywhere in the slot, chosen by the input */
	bit = (pgno ^ (uint32_t)size) % (SSPF_PAGE_SLOT * 8u);
	sealed[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	FUZZ_CHECK(page_open(keys, file_id, pgno, sealed, out) == -1);
	FUZZ_CHECK(all_zero(out, sizeof out));

	/* the file length the first 8 bytes would make */
	u = 0;
	for (size_t i = 0; i < 8 && i < size; i++)
		u |= (uint64_t)data[i] << (8 * i);
	len = (int64_t)(u >> 1); /* a length is never negative */
	n = file_pages(len);
	if (n >= 0)
		FUZZ_CHECK(n <= (INT64_MAX - SSPF_HDR_AREA) / SSPF_PAGE_SLOT &&
			   SSPF_HDR_AREA + n * (int64_t)SSPF_PAGE_SLOT == len);
	else
		FUZZ_CHECK(len < (int64_t)SSPF_HDR_AREA ||
			   (len - SSPF_HDR_AREA) % SSPF_PAGE_SLOT != 0);
	return 0;
}
