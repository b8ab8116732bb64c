/*
 * test_header.c - the header copies, keyslots, key hierarchy and recovery
 * key text (src/store/header.c), checked against contrib/FORMAT.md byte
 * by byte, plus the error messages and the kdf calibration. Where the
 * format is concerned the expected bytes are computed here from the spec,
 * not from the code under test, so that another reader of FORMAT.md would
 * agree with what sspf writes.
 */
#include <check.h>
#include <errno.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sspf/error.h>
#include <sspf/store.h>

#include "store/errors_internal.h"
#include "store/header.h"

/* Cheap Argon2id cost: tests need speed, not strength. */
static const sspf_kdf cheap = { 1, 8192u * 1024u };

static const char pass[] = "correct horse battery staple";
#define PASSLEN (sizeof pass - 1)

#define COPY(area, c) ((area) + (size_t)(c)*SSPF_HDR_COPY_SIZE)

/* ---- helpers computed from FORMAT.md alone ---- */

static void spec_checksum(uint8_t *copy)
{
	crypto_generichash(copy + 4064, 32, copy, 4064, NULL, 0);
}

static void spec_mac(const uint8_t *copy, const uint8_t key[32],
		     uint8_t mac[32])
{
	uint8_t buf[576];

	memcpy(buf, copy, sizeof buf);
	memset(buf + 12, 0, 4);
	crypto_generichash(mac, 32, buf, sizeof buf, key, 32);
}

/* Decrypt keyslot index of a raw copy with the KEK, as FORMAT.md says. */
static int spec_unwrap(const uint8_t *copy, unsigned index,
		       const uint8_t kek[32], uint8_t dk[32])
{
	const uint8_t *slot = copy + 64 + 128 * index;
	uint8_t ad[9 + 4 + 40];

	memcpy(ad, "sspf-slot", 9);
	le32_put(ad + 9, index);
	memcpy(ad + 13, slot, 40);
	return crypto_aead_xchacha20poly1305_ietf_decrypt_detached(
		dk, NULL, slot + 64, 32, slot + 96, ad, sizeof ad, slot + 40,
		kek);
}

static int all_zero(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

/* ---- fixtures ---- */

struct fix {
	sspf_keys *k;
	uint8_t rk[SSPF_RECOVERY_KEY_SIZE];
	sspf_header h;
	uint8_t area[SSPF_HDR_AREA];
};

/* A real header: passphrase in slot 0, recovery key in slot 1. */
static void fix_init(struct fix *f, uint64_t seq)
{
	memset(f, 0, sizeof *f);
	f->k = keys_new();
	ck_assert_ptr_nonnull(f->k);
	randombytes_buf(f->k->dk, sizeof f->k->dk);
	keys_derive(f->k);
	randombytes_buf(f->rk, sizeof f->rk);
	f->h.version = SSPF_FORMAT_VERSION;
	f->h.seq = seq;
	randombytes_buf(f->h.file_id, sizeof f->h.file_id);
	f->h.page_size = SSPF_PAGE_SIZE;
	ck_assert_int_eq(slot_wrap_passphrase(&f->h.slots[0], 0, f->k->dk, pass,
					      PASSLEN, &cheap),
			 SSPF_OK);
	ck_assert_int_eq(slot_wrap_recovery(&f->h.slots[1], 1, f->k->dk, f->rk),
			 SSPF_OK);
	hdr_encode(&f->h, 0, f->k->hdr, COPY(f->area, 0));
	hdr_encode(&f->h, 1, f->k->hdr, COPY(f->area, 1));
}

static void fix_done(struct fix *f)
{
	keys_free(f->k);
	f->k = NULL;
}

/* Encode copy c with sequence seq and file id byte 0 = seq (to tell). */
static void put_copy(struct fix *f, int c, uint64_t seq)
{
	sspf_header h = f->h;

	h.seq = seq;
	h.file_id[0] = (uint8_t)seq;
	hdr_encode(&h, c, f->k->hdr, COPY(f->area, c));
}

static void assert_slot_eq(const hdr_keyslot *a, const hdr_keyslot *b)
{
	ck_assert_uint_eq(a->type, b->type);
	ck_assert_uint_eq(a->opslimit, b->opslimit);
	ck_assert_uint_eq(a->memlimit, b->memlimit);
	ck_assert_mem_eq(a->salt, b->salt, sizeof a->salt);
	ck_assert_mem_eq(a->nonce, b->nonce, sizeof a->nonce);
	ck_assert_mem_eq(a->wrapped, b->wrapped, sizeof a->wrapped);
	ck_assert_mem_eq(a->tag, b->tag, sizeof a->tag);
}

/* ---- header copies ---- */

START_TEST(test_roundtrip)
{
	struct fix f;
	sspf_header out;
	hdr_copy_state st[2] = { 9, 9 };
	int used = -5;
	unsigned i;

	fix_init(&f, 42);
	ck_assert_int_eq(hdr_parse(f.area, &out, &used, st), SSPF_OK);
	ck_assert_int_eq(used, 0);
	ck_assert_int_eq(st[0], HDR_COPY_VALID);
	ck_assert_int_eq(st[1], HDR_COPY_VALID);
	ck_assert_uint_eq(out.version, 1);
	ck_assert_uint_eq(out.seq, 42);
	ck_assert_mem_eq(out.file_id, f.h.file_id, 16);
	ck_assert_uint_eq(out.page_size, 4096);
	for (i = 0; i < SSPF_NSLOTS; i++)
		assert_slot_eq(&out.slots[i], &f.h.slots[i]);
	ck_assert_mem_eq(out.mac, COPY(f.area, 0) + 576, 32);

	/* The keys open what was parsed. */
	{
		uint8_t dk[32];

		ck_assert_int_eq(slot_unwrap(&out.slots[0], 0, SLOT_PASSPHRASE,
					     (const uint8_t *)pass, PASSLEN,
					     dk),
				 SSPF_OK);
		ck_assert_mem_eq(dk, f.k->dk, 32);
		memset(dk, 0, sizeof dk);
		ck_assert_int_eq(slot_unwrap(&out.slots[1], 1, SLOT_RECOVERY,
					     f.rk, sizeof f.rk, dk),
				 SSPF_OK);
		ck_assert_mem_eq(dk, f.k->dk, 32);
	}
	fix_done(&f);
}
END_TEST

/* Every field sits where FORMAT.md puts it. */
START_TEST(test_layout)
{
	static const uint8_t magic[8] = { 0x73, 0x73, 0x70, 0x66,
					  0x2d, 0x64, 0x62, 0x00 };
	struct fix f;
	uint8_t sum[32], mac[32], kek[32], dk[32];
	int c;
	unsigned i;

	fix_init(&f, 0x0102030405060708ull);
	for (c = 0; c < 2; c++) {
		const uint8_t *p = COPY(f.area, c);

		ck_assert_mem_eq(p, magic, 8);
		ck_assert_uint_eq(le32_get(p + 8), 1);
		ck_assert_uint_eq(le32_get(p + 12), (unsigned)c);
		ck_assert_uint_eq(le64_get(p + 16), 0x0102030405060708ull);
		ck_assert_mem_eq(p + 24, f.h.file_id, 16);
		ck_assert_uint_eq(le32_get(p + 40), 4096);
		ck_assert_uint_eq(le32_get(p + 44), 4);
		ck_assert(all_zero(p + 48, 16));
		for (i = 0; i < 4; i++) {
			const uint8_t *s = p + 64 + 128 * i;
			const hdr_keyslot *k = &f.h.slots[i];

			ck_assert_uint_eq(le32_get(s), k->type);
			ck_assert(all_zero(s + 4, 4));
			ck_assert_uint_eq(le64_get(s + 8), k->opslimit);
			ck_assert_uint_eq(le64_get(s + 16), k->memlimit);
			ck_assert_mem_eq(s + 24, k->salt, 16);
			ck_assert_mem_eq(s + 40, k->nonce, 24);
			ck_assert_mem_eq(s + 64, k->wrapped, 32);
			ck_assert_mem_eq(s + 96, k->tag, 16);
			ck_assert(all_zero(s + 112, 16));
		}
		ck_assert_uint_eq(le32_get(p + 64), 1);
		ck_assert_uint_eq(le32_get(p + 64 + 128), 2);
		ck_assert_uint_eq(le32_get(p + 64 + 256), 0);
		ck_assert_uint_eq(le32_get(p + 64 + 384), 0);
		spec_mac(p, f.k->hdr, mac);
		ck_assert_mem_eq(p + 576, mac, 32);
		ck_assert(all_zero(p + 608, 3456));
		crypto_generichash(sum, 32, p, 4064, NULL, 0);
		ck_assert_mem_eq(p + 4064, sum, 32);

		/* Slot 0 opens with a KEK made as FORMAT.md says. */
		ck_assert_int_eq(crypto_pwhash(kek, 32, pass, PASSLEN, p + 88,
					       le64_get(p + 72),
					       (size_t)le64_get(p + 80),
					       crypto_pwhash_ALG_ARGON2ID13),
				 0);
		ck_assert_int_eq(spec_unwrap(p, 0, kek, dk), 0);
		ck_assert_mem_eq(dk, f.k->dk, 32);

		/* Slot 1 likewise with the recovery key. */
		{
			uint8_t msg[32];

			memcpy(msg, "sspf recovery v1", 16);
			memcpy(msg + 16, p + 64 + 128 + 24, 16);
			crypto_generichash(kek, 32, msg, sizeof msg, f.rk,
					   sizeof f.rk);
		}
		memset(dk, 0, sizeof dk);
		ck_assert_int_eq(spec_unwrap(p, 1, kek, dk), 0);
		ck_assert_mem_eq(dk, f.k->dk, 32);
	}
	/* Both copies share one MAC and differ only in copy number and sum. */
	ck_assert_mem_eq(COPY(f.area, 0) + 576, COPY(f.area, 1) + 576, 32);
	ck_assert_mem_eq(COPY(f.area, 0), COPY(f.area, 1), 12);
	ck_assert_mem_eq(COPY(f.area, 0) + 16, COPY(f.area, 1) + 16, 4064 - 16);

	/* A field of the struct lands at its offset. */
	f.h.slots[0].opslimit = 0x1122334455667788ull;
	hdr_encode(&f.h, 0, f.k->hdr, COPY(f.area, 0));
	ck_assert_uint_eq(le64_get(COPY(f.area, 0) + 72),
			  0x1122334455667788ull);
	fix_done(&f);
}
END_TEST

START_TEST(test_higher_seq_wins)
{
	struct fix f;
	sspf_header out;
	hdr_copy_state st[2];
	int used;

	fix_init(&f, 1);
	put_copy(&f, 0, 7);
	put_copy(&f, 1, 8);
	ck_assert_int_eq(hdr_parse(f.area, &out, &used, st), SSPF_OK);
	ck_assert_int_eq(used, 1);
	ck_assert_uint_eq(out.seq, 8);
	ck_assert_uint_eq(out.file_id[0], 8);

	put_copy(&f, 0, 9);
	ck_assert_int_eq(hdr_parse(f.area, &out, &used, st), SSPF_OK);
	ck_assert_int_eq(used, 0);
	ck_assert_uint_eq(out.seq, 9);
	ck_assert_uint_eq(out.file_id[0], 9);
	ck_assert_int_eq(st[0], HDR_COPY_VALID);
	ck_assert_int_eq(st[1], HDR_COPY_VALID);

	/* Sequence numbers compare as 64-bit values. */
	put_copy(&f, 0, 0xff);
	put_copy(&f, 1, 0x100);
	ck_assert_int_eq(hdr_parse(f.area, &out, &used, st), SSPF_OK);
	ck_assert_int_eq(used, 1);
	ck_assert_uint_eq(out.seq, 0x100);
	fix_done(&f);
}
END_TEST

/* A flipped byte anywhere in one copy: that copy is not used. */
START_TEST(test_flipped_byte)
{
	static const unsigned pos[] = { 0,   3,	   7,	 8,    12,  16,
					23,  24,   40,	 44,   50,  64,
					72,  100,  200,	 575,  576, 607,
					608, 2000, 4063, 4064, 4095 };
	struct fix f;
	uint8_t area[SSPF_HDR_AREA];
	sspf_header out;
	hdr_copy_state st[2];
	int used, c;
	size_t i;

	fix_init(&f, 1);
	for (c = 0; c < 2; c++) {
		/* The damaged copy has the higher sequence: still not used. */
		put_copy(&f, c, 11);
		put_copy(&f, 1 - c, 10);
		for (i = 0; i < sizeof pos / sizeof pos[0]; i++) {
			memcpy(area, f.area, sizeof area);
			COPY(area, c)[pos[i]] ^= 0x01;
			ck_assert_int_eq(hdr_parse(area, &out, &used, st),
					 SSPF_OK);
			ck_assert_int_eq(used, 1 - c);
			ck_assert_uint_eq(out.seq, 10);
			ck_assert_uint_eq(out.file_id[0], 10);
			ck_assert_int_eq(st[1 - c], HDR_COPY_VALID);
			/* without its magic a copy is not a header at all */
			ck_assert_int_eq(st[c], pos[i] < 8 ? HDR_COPY_ABSENT
							   : HDR_COPY_DAMAGED);
		}
	}
	fix_done(&f);
}
END_TEST

START_TEST(test_both_damaged)
{
	struct fix f;
	uint8_t area[SSPF_HDR_AREA];
	sspf_header out;
	hdr_copy_state st[2];
	int used;

	fix_init(&f, 3);
	memcpy(area, f.area, sizeof area);
	COPY(area, 0)[100] ^= 0x80;
	COPY(area, 1)[3000] ^= 0x01;
	err_clear();
	ck_assert_int_eq(hdr_parse(area, &out, &used, st), SSPF_ERR_DAMAGED);
	ck_assert_int_eq(st[0], HDR_COPY_DAMAGED);
	ck_assert_int_eq(st[1], HDR_COPY_DAMAGED);
	ck_assert_str_ne(sspf_err_detail(), "");

	/* One copy damaged, the other gone (zeros): damage, not "not sspf". */
	memcpy(area, f.area, sizeof area);
	COPY(area, 0)[2000] ^= 0x01;
	memset(COPY(area, 1), 0, SSPF_HDR_COPY_SIZE);
	ck_assert_int_eq(hdr_parse(area, &out, &used, st), SSPF_ERR_DAMAGED);
	ck_assert_int_eq(st[0], HDR_COPY_DAMAGED);
	ck_assert_int_eq(st[1], HDR_COPY_ABSENT);

	/* ...and with copy 0 gone and copy 1 valid, copy 1 is used. */
	memcpy(area, f.area, sizeof area);
	memset(COPY(area, 0), 0, SSPF_HDR_COPY_SIZE);
	ck_assert_int_eq(hdr_parse(area, &out, &used, st), SSPF_OK);
	ck_assert_int_eq(used, 1);
	ck_assert_int_eq(st[0], HDR_COPY_ABSENT);
	fix_done(&f);
}
END_TEST

/* The first 8192 bytes of a real SQLite database file. */
static void sqlite_head(uint8_t area[SSPF_HDR_AREA])
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096], path[4200];
	sqlite3 *db;
	FILE *fp;
	size_t n;

	snprintf(dir, sizeof dir, "%s/sspf-test-XXXXXX",
		 tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/plain.db", dir);
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db,
				      "PRAGMA page_size=4096;"
				      "CREATE TABLE t(x TEXT);"
				      "INSERT INTO t VALUES('sspf-db');"
				      "CREATE TABLE u(y);",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(sqlite3_close(db), SQLITE_OK);
	memset(area, 0, SSPF_HDR_AREA);
	fp = fopen(path, "rb");
	ck_assert_ptr_nonnull(fp);
	n = fread(area, 1, SSPF_HDR_AREA, fp);
	fclose(fp);
	unlink(path);
	rmdir(dir);
	ck_assert_uint_ge(n, 4096);
	ck_assert_mem_eq(area, "SQLite format 3", 16);
}

START_TEST(test_not_sspf)
{
	uint8_t area[SSPF_HDR_AREA];
	sspf_header out;
	hdr_copy_state st[2];
	int used, i;

	memset(area, 0, sizeof area);
	ck_assert_int_eq(hdr_parse(area, &out, &used, st), SSPF_ERR_NOT_SSPF);
	ck_assert_int_eq(st[0], HDR_COPY_ABSENT);
	ck_assert_int_eq(st[1], HDR_COPY_ABSENT);

	for (i = 0; i < 50; i++) {
		randombytes_buf(area, sizeof area);
		ck_assert_int_eq(hdr_parse(area, &out, &used, st),
				 SSPF_ERR_NOT_SSPF);
	}

	sqlite_head(area);
	ck_assert_int_eq(hdr_parse(area, &out, &used, st), SSPF_ERR_NOT_SSPF);
	ck_assert_int_eq(st[0], HDR_COPY_ABSENT);
	ck_assert_int_eq(st[1], HDR_COPY_ABSENT);

	memset(area, 0, sizeof area);
	memcpy(area, "sspf-dbX", 8); /* no NUL: not the magic */
	ck_assert_int_eq(hdr_parse(area, &out, &used, st), SSPF_ERR_NOT_SSPF);
}
END_TEST

START_TEST(test_newer)
{
	struct fix f;
	sspf_header h, out;
	hdr_copy_state st[2];
	int used;

	fix_init(&f, 5);
	h = f.h;
	h.version = 2;
	hdr_encode(&h, 0, f.k->hdr, COPY(f.area, 0));
	hdr_encode(&h, 1, f.k->hdr, COPY(f.area, 1));
	err_clear();
	ck_assert_int_eq(hdr_parse(f.area, &out, &used, st), SSPF_ERR_NEWER);
	ck_assert_ptr_nonnull(strstr(sspf_err_detail(), "file format 2"));
	ck_assert_ptr_nonnull(
		strstr(sspf_err_detail(), "this sspf reads format 1"));

	/* A newer layout is refused before its other fields are judged. */
	h.page_size = 16384;
	hdr_encode(&h, 0, f.k->hdr, COPY(f.area, 0));
	hdr_encode(&h, 1, f.k->hdr, COPY(f.area, 1));
	ck_assert_int_eq(hdr_parse(f.area, &out, &used, st), SSPF_ERR_NEWER);

	/* Newer copy 0 (higher seq), old copy 1: still refused. */
	h = f.h;
	h.version = 7;
	h.seq = 6;
	hdr_encode(&h, 0, f.k->hdr, COPY(f.area, 0));
	hdr_encode(&f.h, 1, f.k->hdr, COPY(f.area, 1));
	ck_assert_int_eq(hdr_parse(f.area, &out, &used, st), SSPF_ERR_NEWER);
	ck_assert_ptr_nonnull(strstr(sspf_err_detail(), "file format 7"));

	/* A damaged copy claiming a newer version is only damage. */
	COPY(f.area, 0)[1000] ^= 1;
	ck_assert_int_eq(hdr_parse(f.area, &out, &used, st), SSPF_OK);
	ck_assert_int_eq(used, 1);
	ck_assert_uint_eq(out.version, 1);
	fix_done(&f);
}
END_TEST

/* Checksum right, but a page size or slot count no sspf writes. */
START_TEST(test_bad_fields_are_damage)
{
	static const unsigned off[] = { 40, 44, 8 };
	static const uint32_t val[] = { 8192, 5, 0 };
	struct fix f;
	uint8_t area[SSPF_HDR_AREA];
	sspf_header out;
	hdr_copy_state st[2];
	int used;
	size_t i;

	fix_init(&f, 1);
	put_copy(&f, 0, 2);
	for (i = 0; i < sizeof off / sizeof off[0]; i++) {
		memcpy(area, f.area, sizeof area);
		le32_put(COPY(area, 0) + off[i], val[i]);
		spec_checksum(COPY(area, 0));
		ck_assert_int_eq(hdr_parse(area, &out, &used, st), SSPF_OK);
		ck_assert_int_eq(st[0], HDR_COPY_DAMAGED);
		ck_assert_int_eq(used, 1);
		ck_assert_uint_eq(out.page_size, 4096);

		le32_put(COPY(area, 1) + off[i], val[i]);
		spec_checksum(COPY(area, 1));
		ck_assert_int_eq(hdr_parse(area, &out, &used, st),
				 SSPF_ERR_DAMAGED);
	}
	fix_done(&f);
}
END_TEST

START_TEST(test_mac)
{
	struct fix f;
	uint8_t area[SSPF_HDR_AREA], other[32];
	sspf_header out;
	hdr_copy_state st[2];
	int used;

	fix_init(&f, 1);
	ck_assert(hdr_mac_ok(COPY(f.area, 0), f.k->hdr));
	ck_assert(hdr_mac_ok(COPY(f.area, 1), f.k->hdr));

	/* Someone lowers the Argon2id cost and fixes the checksum. */
	memcpy(area, f.area, sizeof area);
	le64_put(COPY(area, 0) + 64 + 8, 1);
	COPY(area, 0)[64 + 16] ^= 0x10;
	spec_checksum(COPY(area, 0));
	ck_assert_int_eq(hdr_parse(area, &out, &used, st), SSPF_OK);
	ck_assert_int_eq(st[0], HDR_COPY_VALID); /* passes the checksum... */
	ck_assert(!hdr_mac_ok(COPY(area, 0), f.k->hdr)); /* ...not the MAC */

	/* Any single byte under the MAC. */
	memcpy(area, f.area, sizeof area);
	COPY(area, 0)[24] ^= 0x01; /* file id */
	spec_checksum(COPY(area, 0));
	ck_assert(!hdr_mac_ok(COPY(area, 0), f.k->hdr));
	memcpy(area, f.area, sizeof area);
	COPY(area, 0)[600] ^= 0x01; /* the MAC itself */
	ck_assert(!hdr_mac_ok(COPY(area, 0), f.k->hdr));

	/* The copy number is not under the MAC. */
	memcpy(area, f.area, sizeof area);
	le32_put(COPY(area, 0) + 12, 1);
	ck_assert(hdr_mac_ok(COPY(area, 0), f.k->hdr));

	/* Another key (another file's) does not verify it. */
	randombytes_buf(other, sizeof other);
	ck_assert(!hdr_mac_ok(COPY(f.area, 0), other));
	ck_assert(!hdr_mac_ok(COPY(f.area, 0), f.k->page));
	fix_done(&f);
}
END_TEST

/* ---- keyslots ---- */

START_TEST(test_passphrase_slot)
{
	uint8_t dk[32], got[32];
	hdr_keyslot s, s2, moved;

	randombytes_buf(dk, sizeof dk);
	ck_assert_int_eq(slot_wrap_passphrase(&s, 0, dk, pass, PASSLEN, &cheap),
			 SSPF_OK);
	ck_assert_uint_eq(s.type, SLOT_PASSPHRASE);
	ck_assert_uint_eq(s.opslimit, cheap.opslimit);
	ck_assert_uint_eq(s.memlimit, cheap.memlimit);
	ck_assert_mem_ne(s.wrapped, dk, 32); /* not stored in the clear */

	ck_assert_int_eq(slot_unwrap(&s, 0, SLOT_PASSPHRASE,
				     (const uint8_t *)pass, PASSLEN, got),
			 SSPF_OK);
	ck_assert_mem_eq(got, dk, 32);

	/* Wrong passphrases: one character, a prefix, empty. */
	memset(got, 0xaa, sizeof got);
	ck_assert_int_eq(
		slot_unwrap(&s, 0, SLOT_PASSPHRASE,
			    (const uint8_t *)"correct horse battery stapLe",
			    PASSLEN, got),
		SSPF_ERR_WRONG_PASSPHRASE);
	ck_assert(all_zero(got, sizeof got)); /* nothing half-decrypted */
	ck_assert_int_eq(slot_unwrap(&s, 0, SLOT_PASSPHRASE,
				     (const uint8_t *)pass, PASSLEN - 1, got),
			 SSPF_ERR_WRONG_PASSPHRASE);
	ck_assert_int_eq(slot_unwrap(&s, 0, SLOT_PASSPHRASE,
				     (const uint8_t *)"", 0, got),
			 SSPF_ERR_WRONG_PASSPHRASE);

	/* A slot copied to another index does not open (index in AD). */
	moved = s;
	ck_assert_int_eq(slot_unwrap(&moved, 2, SLOT_PASSPHRASE,
				     (const uint8_t *)pass, PASSLEN, got),
			 SSPF_ERR_WRONG_PASSPHRASE);

	/* Tampered cost or nonce does not open either. */
	moved = s;
	moved.memlimit += 1024;
	ck_assert_int_eq(slot_unwrap(&moved, 0, SLOT_PASSPHRASE,
				     (const uint8_t *)pass, PASSLEN, got),
			 SSPF_ERR_WRONG_PASSPHRASE);
	moved = s;
	moved.nonce[5] ^= 1;
	ck_assert_int_eq(slot_unwrap(&moved, 0, SLOT_PASSPHRASE,
				     (const uint8_t *)pass, PASSLEN, got),
			 SSPF_ERR_WRONG_PASSPHRASE);

	/* Nonsense Argon2id parameters from a file are damage. */
	moved = s;
	moved.memlimit = 16;
	ck_assert_int_eq(slot_unwrap(&moved, 0, SLOT_PASSPHRASE,
				     (const uint8_t *)pass, PASSLEN, got),
			 SSPF_ERR_DAMAGED);

	/* Wrong kind of slot, empty slot, bad index. */
	ck_assert_int_eq(slot_unwrap(&s, 0, SLOT_RECOVERY,
				     (const uint8_t *)pass, 16, got),
			 SSPF_ERR_INVALID);
	memset(&moved, 0, sizeof moved);
	ck_assert_int_eq(slot_unwrap(&moved, 0, SLOT_PASSPHRASE,
				     (const uint8_t *)pass, PASSLEN, got),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(slot_unwrap(&s, 4, SLOT_PASSPHRASE,
				     (const uint8_t *)pass, PASSLEN, got),
			 SSPF_ERR_INVALID);

	/* Every rewrap has a fresh salt and nonce. */
	ck_assert_int_eq(
		slot_wrap_passphrase(&s2, 0, dk, pass, PASSLEN, &cheap),
		SSPF_OK);
	ck_assert_mem_ne(s.salt, s2.salt, sizeof s.salt);
	ck_assert_mem_ne(s.nonce, s2.nonce, sizeof s.nonce);
	ck_assert_mem_ne(s.wrapped, s2.wrapped, sizeof s.wrapped);

	/* A cost Argon2id cannot do is refused, not written. */
	{
		const sspf_kdf bad = { 0, 8192u * 1024u };

		ck_assert_int_eq(
			slot_wrap_passphrase(&s2, 0, dk, pass, PASSLEN, &bad),
			SSPF_ERR_INVALID);
	}
}
END_TEST

START_TEST(test_recovery_slot)
{
	uint8_t dk[32], got[32], rk[16], wrong[16];
	hdr_keyslot s, s2;

	randombytes_buf(dk, sizeof dk);
	randombytes_buf(rk, sizeof rk);
	ck_assert_int_eq(slot_wrap_recovery(&s, 1, dk, rk), SSPF_OK);
	ck_assert_uint_eq(s.type, SLOT_RECOVERY);
	ck_assert_uint_eq(s.opslimit, 0);
	ck_assert_uint_eq(s.memlimit, 0);
	ck_assert_int_eq(slot_unwrap(&s, 1, SLOT_RECOVERY, rk, 16, got),
			 SSPF_OK);
	ck_assert_mem_eq(got, dk, 32);

	memcpy(wrong, rk, sizeof wrong);
	wrong[15] ^= 0x01;
	ck_assert_int_eq(slot_unwrap(&s, 1, SLOT_RECOVERY, wrong, 16, got),
			 SSPF_ERR_WRONG_RECOVERY);
	ck_assert(all_zero(got, sizeof got));
	ck_assert_int_eq(slot_unwrap(&s, 0, SLOT_RECOVERY, rk, 16, got),
			 SSPF_ERR_WRONG_RECOVERY);
	ck_assert_int_eq(slot_unwrap(&s, 1, SLOT_RECOVERY, rk, 15, got),
			 SSPF_ERR_INVALID);
	ck_assert_int_eq(slot_unwrap(&s, 1, SLOT_PASSPHRASE, rk, 16, got),
			 SSPF_ERR_INVALID);

	ck_assert_int_eq(slot_wrap_recovery(&s2, 1, dk, rk), SSPF_OK);
	ck_assert_mem_ne(s.salt, s2.salt, sizeof s.salt);
	ck_assert_mem_ne(s.nonce, s2.nonce, sizeof s.nonce);
}
END_TEST

/* ---- recovery key text ---- */

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static void assert_text_shape(const char *t)
{
	size_t i;

	ck_assert_uint_eq(strlen(t), 39);
	for (i = 0; i < 39; i++) {
		if (i % 5 == 4)
			ck_assert_int_eq(t[i], '-');
		else
			ck_assert_ptr_nonnull(strchr(alphabet, t[i]));
	}
}

/* Known answers, computed from FORMAT.md with an independent encoder. */
START_TEST(test_recovery_known)
{
	uint8_t rk[16], got[16];
	char t[SSPF_RECOVERY_TEXT_SIZE];
	unsigned i;

	memset(rk, 0, sizeof rk);
	recovery_encode(rk, t);
	ck_assert_str_eq(t, "0000-0000-0000-0000-0000-0000-02AC-3G48");
	for (i = 0; i < 16; i++)
		rk[i] = (uint8_t)i;
	recovery_encode(rk, t);
	ck_assert_str_eq(t, "000G-40R4-0M30-E209-185G-R38E-1Z3W-PQ8T");
	ck_assert_int_eq(recovery_decode(t, strlen(t), got), SSPF_OK);
	ck_assert_mem_eq(got, rk, 16);
}
END_TEST

START_TEST(test_recovery_roundtrip)
{
	uint8_t rk[16], got[16];
	char t[SSPF_RECOVERY_TEXT_SIZE];
	int i;

	for (i = 0; i < 500; i++) {
		randombytes_buf(rk, sizeof rk);
		memset(t, 'x', sizeof t);
		recovery_encode(rk, t);
		assert_text_shape(t);
		memset(got, 0, sizeof got);
		ck_assert_int_eq(recovery_decode(t, strlen(t), got), SSPF_OK);
		ck_assert_mem_eq(got, rk, 16);
	}
}
END_TEST

/* What people type: lower case, spaces, no dashes, O for 0, I/L for 1. */
START_TEST(test_recovery_lenient)
{
	uint8_t rk[16], got[16];
	char t[SSPF_RECOVERY_TEXT_SIZE], v[128];
	size_t i, n;

	randombytes_buf(rk, sizeof rk);
	recovery_encode(rk, t);

	for (i = 0; i <= strlen(t); i++)
		v[i] = (char)(t[i] >= 'A' && t[i] <= 'Z' ? t[i] - 'A' + 'a'
							 : t[i]);
	ck_assert_int_eq(recovery_decode(v, strlen(v), got), SSPF_OK);
	ck_assert_mem_eq(got, rk, 16);

	for (i = 0; i <= strlen(t); i++)
		v[i] = t[i] == '-' ? ' ' : t[i];
	ck_assert_int_eq(recovery_decode(v, strlen(v), got), SSPF_OK);
	ck_assert_mem_eq(got, rk, 16);

	for (i = 0, n = 0; t[i] != '\0'; i++)
		if (t[i] != '-')
			v[n++] = t[i];
	v[n] = '\0';
	ck_assert_int_eq(recovery_decode(v, n, got), SSPF_OK);
	ck_assert_mem_eq(got, rk, 16);

	snprintf(v, sizeof v, "  %s \n", t);
	ck_assert_int_eq(recovery_decode(v, strlen(v), got), SSPF_OK);
	ck_assert_mem_eq(got, rk, 16);

	/* Only len bytes are read: no NUL needed. */
	memcpy(v, t, 39);
	memset(v + 39, 'Z', 10);
	ck_assert_int_eq(recovery_decode(v, 39, got), SSPF_OK);
	ck_assert_mem_eq(got, rk, 16);

	/* rk[0] = 0x08 makes the first character '1'; zeros make '0'. */
	memset(rk, 0, sizeof rk);
	rk[0] = 0x08;
	recovery_encode(rk, t);
	ck_assert_str_eq(t, "1000-0000-0000-0000-0000-0000-02ED-TPDT");
	ck_assert_int_eq(
		recovery_decode("IOoO-0000-0000-0000-0000-0000-02ED-TPDT", 39,
				got),
		SSPF_OK);
	ck_assert_mem_eq(got, rk, 16);
	ck_assert_int_eq(
		recovery_decode("lOoO-0000-0000-0000-0000-0000-02ED-TPDT", 39,
				got),
		SSPF_OK);
	ck_assert_mem_eq(got, rk, 16);
	ck_assert_int_eq(
		recovery_decode("L000 0000 0000 0000 0000 0000 02ed tpdt", 39,
				got),
		SSPF_OK);
	ck_assert_mem_eq(got, rk, 16);
	ck_assert_int_eq(
		recovery_decode("i000-0000-0000-0000-0000-0000-02ED-TPDT", 39,
				got),
		SSPF_OK);
	ck_assert_mem_eq(got, rk, 16);
}
END_TEST

/* The next character of the alphabet that reads differently. */
static char other_char(char c)
{
	const char *p = strchr(alphabet, c);

	ck_assert_ptr_nonnull(p);
	return p[1] != '\0' ? p[1] : alphabet[0];
}

START_TEST(test_recovery_typos)
{
	uint8_t rk[16], got[16];
	char t[SSPF_RECOVERY_TEXT_SIZE], v[SSPF_RECOVERY_TEXT_SIZE + 8];
	size_t i;

	for (i = 0; i < 16; i++)
		rk[i] = (uint8_t)(0x35 * i + 7);
	recovery_encode(rk, t);

	/* One wrong character, at every position. */
	for (i = 0; i < 39; i++) {
		if (t[i] == '-')
			continue;
		memcpy(v, t, sizeof t);
		v[i] = other_char(t[i]);
		err_clear();
		ck_assert_int_eq(recovery_decode(v, 39, got),
				 SSPF_ERR_RECOVERY_TYPO);
		ck_assert_ptr_nonnull(
			strstr(sspf_err_detail(), "typing mistake"));
	}
	/* Two neighbours swapped. */
	for (i = 0; i + 1 < 39; i++) {
		char x;

		if (t[i] == '-' || t[i + 1] == '-' || t[i] == t[i + 1])
			continue;
		memcpy(v, t, sizeof t);
		x = v[i];
		v[i] = v[i + 1];
		v[i + 1] = x;
		ck_assert_int_eq(recovery_decode(v, 39, got),
				 SSPF_ERR_RECOVERY_TYPO);
	}

	/* Wrong length. */
	memcpy(v, t, sizeof t);
	memmove(v + 10, v + 11, sizeof t - 11); /* one character less */
	ck_assert_int_eq(recovery_decode(v, strlen(v), got),
			 SSPF_ERR_RECOVERY_TYPO);
	ck_assert_str_eq(
		sspf_err_detail(),
		"the recovery key has 31 characters; it should have 32");
	snprintf(v, sizeof v, "%sA", t);
	ck_assert_int_eq(recovery_decode(v, strlen(v), got),
			 SSPF_ERR_RECOVERY_TYPO);
	ck_assert_ptr_nonnull(strstr(sspf_err_detail(), "33 characters"));
	ck_assert_int_eq(recovery_decode("", 0, got), SSPF_ERR_RECOVERY_TYPO);
	ck_assert_int_eq(recovery_decode(t, 38, got), SSPF_ERR_RECOVERY_TYPO);

	/* Characters not in the alphabet. */
	memcpy(v, t, sizeof t);
	v[6] = 'U';
	ck_assert_int_eq(recovery_decode(v, 39, got), SSPF_ERR_RECOVERY_TYPO);
	ck_assert_ptr_nonnull(strstr(sspf_err_detail(),
				     "character 'U' is not used in recovery"));
	v[6] = '*';
	ck_assert_int_eq(recovery_decode(v, 39, got), SSPF_ERR_RECOVERY_TYPO);
	ck_assert_ptr_nonnull(strstr(sspf_err_detail(), "'*'"));
	memcpy(v, t, sizeof t);
	v[0] = (char)0xc3; /* start of a UTF-8 letter */
	ck_assert_int_eq(recovery_decode(v, 39, got), SSPF_ERR_RECOVERY_TYPO);
	ck_assert_str_ne(sspf_err_detail(), "");
	memcpy(v, t, sizeof t);
	v[0] = '\0';
	ck_assert_int_eq(recovery_decode(v, 39, got), SSPF_ERR_RECOVERY_TYPO);
}
END_TEST

/* ---- keys ---- */

START_TEST(test_keys)
{
	static const char ctx[8] = { 's', 's', 'p', 'f', 'k', 'e', 'y', '1' };
	sspf_keys *k = keys_new(), *k2 = keys_new();
	uint8_t want[32];

	ck_assert_ptr_nonnull(k);
	ck_assert_ptr_nonnull(k2);
	ck_assert(all_zero((const uint8_t *)k, sizeof *k));
	randombytes_buf(k->dk, sizeof k->dk);
	keys_derive(k);
	ck_assert_mem_ne(k->page, k->hdr, 32);
	ck_assert_mem_ne(k->page, k->redo, 32);
	ck_assert_mem_ne(k->hdr, k->redo, 32);
	ck_assert_mem_ne(k->page, k->dk, 32);
	ck_assert_mem_ne(k->hdr, k->dk, 32);
	ck_assert_mem_ne(k->redo, k->dk, 32);

	/* As FORMAT.md says: ids 1, 2, 3 under context "sspfkey1". */
	crypto_kdf_derive_from_key(want, 32, 1, ctx, k->dk);
	ck_assert_mem_eq(k->page, want, 32);
	crypto_kdf_derive_from_key(want, 32, 2, ctx, k->dk);
	ck_assert_mem_eq(k->hdr, want, 32);
	crypto_kdf_derive_from_key(want, 32, 3, ctx, k->dk);
	ck_assert_mem_eq(k->redo, want, 32);

	/* The same data key gives the same subkeys (reopening works). */
	memcpy(k2->dk, k->dk, 32);
	keys_derive(k2);
	ck_assert_mem_eq(k2->page, k->page, 32);
	ck_assert_mem_eq(k2->hdr, k->hdr, 32);
	ck_assert_mem_eq(k2->redo, k->redo, 32);

	keys_free(k);
	keys_free(k2);
	keys_free(NULL);
}
END_TEST

/* ---- no input makes the parser misbehave ---- */

START_TEST(test_parse_garbage)
{
	struct fix f;
	uint8_t area[SSPF_HDR_AREA];
	sspf_header out;
	hdr_copy_state st[2];
	int used, i, j;
	sspf_err e;

	fix_init(&f, 1);
	for (i = 0; i < 300; i++) {
		memcpy(area, f.area, sizeof area);
		for (j = 0; j < 1 + i % 8; j++)
			area[randombytes_uniform(SSPF_HDR_AREA)] ^=
				(uint8_t)(1 + randombytes_uniform(255));
		e = hdr_parse(area, &out, &used, st);
		ck_assert(e == SSPF_OK || e == SSPF_ERR_DAMAGED ||
			  e == SSPF_ERR_NOT_SSPF);
		if (e == SSPF_OK) {
			ck_assert(used == 0 || used == 1);
			ck_assert_int_eq(st[used], HDR_COPY_VALID);
			ck_assert_uint_eq(out.seq, 1);
		}
	}
	/* Magic and garbage. */
	for (i = 0; i < 50; i++) {
		randombytes_buf(area, sizeof area);
		memcpy(COPY(area, i % 2), "sspf-db", 8);
		ck_assert_int_eq(hdr_parse(area, &out, &used, st),
				 SSPF_ERR_DAMAGED);
	}
	/* used and state may be NULL. */
	ck_assert_int_eq(hdr_parse(f.area, &out, NULL, NULL), SSPF_OK);
	fix_done(&f);
}
END_TEST

/* ---- error messages and kdf ---- */

START_TEST(test_errors)
{
	static const struct {
		int errnum;
		sspf_err code;
	} map[] = {
		{ ENOENT, SSPF_ERR_NOT_FOUND },	 { EEXIST, SSPF_ERR_EXISTS },
		{ EACCES, SSPF_ERR_PERMISSION }, { EPERM, SSPF_ERR_PERMISSION },
		{ EROFS, SSPF_ERR_PERMISSION },	 { ENOSPC, SSPF_ERR_FULL },
		{ EFBIG, SSPF_ERR_FULL },	 { EDQUOT, SSPF_ERR_FULL },
		{ ENOMEM, SSPF_ERR_NOMEM },	 { EIO, SSPF_ERR_IO },
		{ EBADF, SSPF_ERR_IO },
	};
	char want[600];
	int i, j;
	size_t m;

	for (i = 0; i < SSPF_ERR_COUNT_; i++) {
		const char *s = sspf_strerror((sspf_err)i);

		ck_assert_ptr_nonnull(s);
		ck_assert_uint_gt(strlen(s), 10);
		ck_assert_int_eq(s[strlen(s) - 1], '.');
		for (j = 0; j < i; j++)
			ck_assert_str_ne(s, sspf_strerror((sspf_err)j));
	}
	ck_assert_ptr_nonnull(sspf_strerror(SSPF_ERR_COUNT_));
	ck_assert_ptr_nonnull(sspf_strerror((sspf_err)-1));

	for (m = 0; m < sizeof map / sizeof map[0]; m++) {
		ck_assert_int_eq(
			err_errno(map[m].errnum, "cannot open", "/x/sspf.db"),
			map[m].code);
		snprintf(want, sizeof want, "cannot open /x/sspf.db: %s",
			 strerror(map[m].errnum));
		ck_assert_str_eq(sspf_err_detail(), want);
	}

	ck_assert_int_eq(err_set(SSPF_ERR_IO, "page %d of %s", 17, "a.db"),
			 SSPF_ERR_IO);
	ck_assert_str_eq(sspf_err_detail(), "page 17 of a.db");
	/* The old detail may be used in the new one. */
	err_set(SSPF_ERR_IO, "opening b.db: %s", sspf_err_detail());
	ck_assert_str_eq(sspf_err_detail(), "opening b.db: page 17 of a.db");
	err_clear();
	ck_assert_str_eq(sspf_err_detail(), "");
}
END_TEST

START_TEST(test_calibrate)
{
	sspf_kdf k = { 0, 0 };

	ck_assert_int_eq(sspf_kdf_calibrate(&k), SSPF_OK);
	ck_assert_uint_eq(k.memlimit, SSPF_KDF_MEM_FLOOR);
	ck_assert_uint_ge(k.opslimit, SSPF_KDF_OPS_FLOOR);
	ck_assert_uint_le(k.opslimit, 64);
}
END_TEST

static Suite *header_suite(void)
{
	Suite *s = suite_create("header");
	TCase *tc;

	tc = tcase_create("copies");
	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_layout);
	tcase_add_test(tc, test_higher_seq_wins);
	tcase_add_test(tc, test_flipped_byte);
	tcase_add_test(tc, test_both_damaged);
	tcase_add_test(tc, test_not_sspf);
	tcase_add_test(tc, test_newer);
	tcase_add_test(tc, test_bad_fields_are_damage);
	tcase_add_test(tc, test_mac);
	tcase_add_test(tc, test_parse_garbage);
	suite_add_tcase(s, tc);

	tc = tcase_create("keyslots");
	tcase_add_test(tc, test_passphrase_slot);
	tcase_add_test(tc, test_recovery_slot);
	tcase_add_test(tc, test_keys);
	suite_add_tcase(s, tc);

	tc = tcase_create("recovery text");
	tcase_add_test(tc, test_recovery_known);
	tcase_add_test(tc, test_recovery_roundtrip);
	tcase_add_test(tc, test_recovery_lenient);
	tcase_add_test(tc, test_recovery_typos);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors and kdf");
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_calibrate);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;

	if (sodium_init() < 0)
		return 1;
	sr = srunner_create(header_suite());
	srunner_run_all(sr, CK_VERBOSE);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed != 0;
}
