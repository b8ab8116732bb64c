/*
 * citykey.c - the city's key pair for the merge of district statistics
 * (include/sspf/statsmerge.h): making it, the two key files' text, reading
 * the public key, and opening the secret key with its passphrase.
 *
 * CITY.pub is one line: "sspf-city-key/1 public <base64 of 32 bytes>".
 * CITY.key is six lines:
 *   sspf-city-key/1 secret
 *   public <base64: the public key, to check the secret key against>
 *   kdf argon2id13 <opslimit> <memlimit in bytes>
 *   salt <base64: 16 bytes>
 *   nonce <base64: 24 bytes>
 *   box <base64: crypto_secretbox of the 32-byte secret key>
 * The box's key is Argon2id of the passphrase and the salt. A changed
 * salt or cost opens nothing (it gives another key), a changed public key
 * no longer matches the secret one. The secret key, the passphrase's key
 * and the open key live only in sodium_malloc memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "core/stats_priv.h"
#include "store/errors_internal.h"

#define TAG "sspf-city-key/"
#define TAG_PUBLIC "sspf-city-key/1 public "
#define TAG_SECRET "sspf-city-key/1 secret\n"
#define KEYFILE_MAX 4096 /* both files are a few hundred bytes */
/* The cost a key file may ask for: beyond it, a damaged file */
#define KDF_OPS_MAX 1024u
#define KDF_MEM_MAX ((uint64_t)4 << 30)

_Static_assert(SSPF_CITY_PUBLIC_BYTES == crypto_box_PUBLICKEYBYTES,
	       "the public key is an X25519 key");

struct sspf_citykey {
	unsigned char pk[crypto_box_PUBLICKEYBYTES];
	unsigned char sk[crypto_box_SECRETKEYBYTES];
};

void citykey_fingerprint(const unsigned char pk[SSPF_CITY_PUBLIC_BYTES],
			 unsigned char fp[CITYKEY_FP_BYTES])
{
	static const unsigned char ctx[] = "sspf city key fingerprint";

	crypto_generichash(fp, CITYKEY_FP_BYTES, pk, SSPF_CITY_PUBLIC_BYTES,
			   ctx, sizeof ctx - 1);
}

const unsigned char *citykey_public(const sspf_citykey *key)
{
	return key->pk;
}

bool citykey_unseal(const sspf_citykey *key, const unsigned char *c,
		    size_t clen, unsigned char *m)
{
	return clen >= crypto_box_SEALBYTES &&
	       crypto_box_seal_open(m, c, clen, key->pk, key->sk) == 0;
}

/* The whole small file path, NUL-terminated, into buf. */
static sspf_err read_small(const char *path, char *buf, size_t cap)
{
	size_t len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return err_errno(errno, "reading the city key", path);
	for (;;) {
		ssize_t n = read(fd, buf + len, cap - 1 - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			sspf_err e =
				err_errno(errno, "reading the city key", path);

			close(fd);
			return e;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len == cap - 1) {
			close(fd);
			return err_set(SSPF_ERR_NOT_SSPF,
				       "%s is too large for a city key file",
				       path);
		}
	}
	close(fd);
	buf[len] = '\0';
	if (strlen(buf) != len)
		return err_set(SSPF_ERR_NOT_SSPF, "%s is not a city key file",
			       path);
	return SSPF_OK;
}

/* base64 text (up to the end of its line) into exactly n bytes. */
static bool b64_exact(const char *text, size_t tlen, unsigned char *out,
		      size_t n)
{
	size_t got = 0;
	const char *end = NULL;

	return sodium_base642bin(out, n, text, tlen, NULL, &got, &end,
				 sodium_base64_VARIANT_ORIGINAL) == 0 &&
	       got == n && end == text + tlen;
}

/*
 * The value of line "label value\n" at *p, into out (n bytes of base64)
 * or, with n 0, left as text at *val (*vlen bytes); *p moves past it.
 */
static bool field(const char **p, const char *label, unsigned char *out,
		  size_t n, const char **val, size_t *vlen)
{
	size_t ll = strlen(label);
	const char *v, *nl;

	if (strncmp(*p, label, ll) != 0 || (*p)[ll] != ' ')
		return false;
	v = *p + ll + 1;
	if ((nl = strchr(v, '\n')) == NULL)
		return false;
	*p = nl + 1;
	if (n == 0) {
		*val = v;
		*vlen = (size_t)(nl - v);
		return true;
	}
	return b64_exact(v, (size_t)(nl - v), out, n);
}

/* What a file that is not the one wanted is: an error for path. */
static sspf_err wrong_file(const char *path, const char *text, bool want_pub)
{
	if (want_pub && strncmp(text, TAG_SECRET, strlen(TAG_SECRET)) == 0)
		return err_set(SSPF_ERR_INVALID,
			       "%s is the city's secret key: the districts "
			       "need the public key (the .pub file); the "
			       "secret key stays with the city",
			       path);
	if (!want_pub && strncmp(text, TAG_PUBLIC, strlen(TAG_PUBLIC)) == 0)
		return err_set(SSPF_ERR_INVALID,
			       "%s is the city's public key: the merge needs "
			       "the secret key (the .key file)",
			       path);
	if (strncmp(text, TAG "1 ", strlen(TAG "1 ")) == 0)
		return err_set(SSPF_ERR_DAMAGED,
			       "%s is a damaged city key file: its text was "
			       "changed",
			       path);
	if (strncmp(text, TAG, strlen(TAG)) == 0)
		return err_set(SSPF_ERR_NEWER,
			       "%s is a city key file of a newer sspf", path);
	return err_set(SSPF_ERR_NOT_SSPF, "%s is not a city key file", path);
}

sspf_err sspf_citykey_read_public(const char *path,
				  unsigned char out[SSPF_CITY_PUBLIC_BYTES])
{
	char buf[KEYFILE_MAX];
	const char *p = buf, *v;
	size_t vlen;
	sspf_err e;

	err_clear();
	if (path == NULL || out == NULL)
		return err_set(SSPF_ERR_INVALID, "no city key file");
	if (sodium_init() < 0)
		return err_set(SSPF_ERR_INTERNAL, "libsodium did not start");
	if ((e = read_small(path, buf, sizeof buf)) != SSPF_OK)
		return e;
	if (strncmp(buf, TAG_PUBLIC, strlen(TAG_PUBLIC)) != 0)
		return wrong_file(path, buf, true);
	p += strlen(TAG_PUBLIC);
	v = p;
	vlen = strcspn(p, "\n");
	if (p[vlen] != '\n' || p[vlen + 1] != '\0' ||
	    !b64_exact(v, vlen, out, SSPF_CITY_PUBLIC_BYTES))
		return wrong_file(path, buf, true);
	return SSPF_OK;
}

/* Argon2id of pass and salt into key (32 bytes). */
static sspf_err derive(const char *pass, size_t passlen,
		       const unsigned char *salt, const sspf_kdf *kdf,
		       unsigned char *key)
{
	if (crypto_pwhash(key, crypto_secretbox_KEYBYTES, pass, passlen, salt,
			  kdf->opslimit, (size_t)kdf->memlimit,
			  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return err_set(SSPF_ERR_NOMEM,
			       "Argon2id could not get %llu MiB of memory",
			       (unsigned long long)(kdf->memlimit >> 20));
	return SSPF_OK;
}

static bool kdf_ok(const sspf_kdf *kdf)
{
	return kdf->opslimit >= crypto_pwhash_OPSLIMIT_MIN &&
	       kdf->opslimit <= KDF_OPS_MAX &&
	       kdf->memlimit >= crypto_pwhash_MEMLIMIT_MIN &&
	       kdf->memlimit <= KDF_MEM_MAX && kdf->memlimit <= SIZE_MAX;
}

/* "label <base64 of bin>\n" appended to text at *len (room checked). */
static void put_b64(char *text, size_t cap, size_t *len, const char *label,
		    const unsigned char *bin, size_t n)
{
	char b64[128];

	sodium_bin2base64(b64, sizeof b64, bin, n,
			  sodium_base64_VARIANT_ORIGINAL);
	*len += (size_t)snprintf(text + *len, cap - *len, "%s %s\n", label,
				 b64);
}

/* The texts of the two files for the pair pk/sk, the secret key boxed
   with key. */
static sspf_err write_texts(const unsigned char *pk, const unsigned char *sk,
			    const unsigned char *key, const unsigned char *salt,
			    const sspf_kdf *kdf, char **pub_text,
			    char **key_text)
{
	unsigned char nonce[crypto_secretbox_NONCEBYTES];
	unsigned char
		box[crypto_secretbox_MACBYTES + crypto_box_SECRETKEYBYTES];
	size_t len = 0, cap = 1024;

	randombytes_buf(nonce, sizeof nonce);
	crypto_secretbox_easy(box, sk, crypto_box_SECRETKEYBYTES, nonce, key);
	*pub_text = malloc(cap);
	*key_text = malloc(cap);
	if (*pub_text == NULL || *key_text == NULL) {
		free(*pub_text);
		free(*key_text);
		*pub_text = *key_text = NULL;
		return err_set(SSPF_ERR_NOMEM, "making the city key");
	}
	put_b64(*pub_text, cap, &len, TAG "1 public", pk,
		crypto_box_PUBLICKEYBYTES);
	len = (size_t)snprintf(*key_text, cap, "%s", TAG_SECRET);
	put_b64(*key_text, cap, &len, "public", pk, crypto_box_PUBLICKEYBYTES);
	len += (size_t)snprintf(*key_text + len, cap - len,
				"kdf argon2id13 %llu %llu\n",
				(unsigned long long)kdf->opslimit,
				(unsigned long long)kdf->memlimit);
	put_b64(*key_text, cap, &len, "salt", salt, crypto_pwhash_SALTBYTES);
	put_b64(*key_text, cap, &len, "nonce", nonce, sizeof nonce);
	put_b64(*key_text, cap, &len, "box", box, sizeof box);
	return SSPF_OK;
}

sspf_err sspf_citykey_generate(const char *pass, size_t passlen,
			       const sspf_kdf *kdf, char **pub_text,
			       char **key_text)
{
	unsigned char pk[crypto_box_PUBLICKEYBYTES];
	unsigned char salt[crypto_pwhash_SALTBYTES];
	unsigned char *sk, *key;
	sspf_kdf cost;
	sspf_err e;

	err_clear();
	if (pass == NULL || pub_text == NULL || key_text == NULL)
		return err_set(SSPF_ERR_INVALID, "no passphrase");
	*pub_text = *key_text = NULL;
	if (passlen < SSPF_PASSPHRASE_MIN)
		return err_set(SSPF_ERR_WEAK_PASSPHRASE,
			       "the city key's passphrase needs at least %u "
			       "characters",
			       SSPF_PASSPHRASE_MIN);
	if (sodium_init() < 0)
		return err_set(SSPF_ERR_INTERNAL, "libsodium did not start");
	if (kdf == NULL) {
		if ((e = sspf_kdf_calibrate(&cost)) != SSPF_OK)
			return e;
	} else {
		cost = *kdf;
	}
	if (!kdf_ok(&cost))
		return err_set(SSPF_ERR_INVALID,
			       "an Argon2id cost sspf cannot read back");
	sk = sodium_malloc(crypto_box_SECRETKEYBYTES);
	key = sodium_malloc(crypto_secretbox_KEYBYTES);
	if (sk == NULL || key == NULL) {
		e = err_set(SSPF_ERR_NOMEM, "making the city key");
	} else {
		crypto_box_keypair(pk, sk);
		randombytes_buf(salt, sizeof salt);
		e = derive(pass, passlen, salt, &cost, key);
		if (e == SSPF_OK)
			e = write_texts(pk, sk, key, salt, &cost, pub_text,
					key_text);
	}
	if (sk != NULL)
		sodium_free(sk); /* wipes it */
	if (key != NULL)
		sodium_free(key);
	return e;
}

/* The parts of a secret key file. */
struct keyfile {
	unsigned char pk[crypto_box_PUBLICKEYBYTES];
	sspf_kdf kdf;
	unsigned char salt[crypto_pwhash_SALTBYTES];
	unsigned char nonce[crypto_secretbox_NONCEBYTES];
	unsigned char
		box[crypto_secretbox_MACBYTES + crypto_box_SECRETKEYBYTES];
};

static sspf_err parse_keyfile(const char *path, const char *buf,
			      struct keyfile *kf)
{
	const char *p = buf, *v;
	unsigned long long ops, mem;
	size_t vlen;
	int used = 0;

	if (strncmp(buf, TAG_SECRET, strlen(TAG_SECRET)) != 0)
		return wrong_file(path, buf, false);
	p += strlen(TAG_SECRET);
	if (!field(&p, "public", kf->pk, sizeof kf->pk, NULL, NULL) ||
	    !field(&p, "kdf", NULL, 0, &v, &vlen) || vlen > 60 ||
	    sscanf(v, "argon2id13 %llu %llu%n", &ops, &mem, &used) != 2 ||
	    (size_t)used != vlen ||
	    !field(&p, "salt", kf->salt, sizeof kf->salt, NULL, NULL) ||
	    !field(&p, "nonce", kf->nonce, sizeof kf->nonce, NULL, NULL) ||
	    !field(&p, "box", kf->box, sizeof kf->box, NULL, NULL) ||
	    *p != '\0')
		return err_set(SSPF_ERR_DAMAGED,
			       "%s is a damaged city key file: its text was "
			       "changed",
			       path);
	kf->kdf.opslimit = ops;
	kf->kdf.memlimit = mem;
	if (!kdf_ok(&kf->kdf))
		return err_set(SSPF_ERR_DAMAGED,
			       "%s is a damaged city key file: its Argon2id "
			       "cost is out of range",
			       path);
	return SSPF_OK;
}

sspf_err sspf_citykey_open(const char *path, const char *pass, size_t passlen,
			   sspf_citykey **out)
{
	char buf[KEYFILE_MAX];
	struct keyfile kf;
	unsigned char *key = NULL, pk[crypto_box_PUBLICKEYBYTES];
	sspf_citykey *ck = NULL;
	sspf_err e;

	err_clear();
	if (path == NULL || pass == NULL || out == NULL)
		return err_set(SSPF_ERR_INVALID, "no city key file");
	*out = NULL;
	if (sodium_init() < 0)
		return err_set(SSPF_ERR_INTERNAL, "libsodium did not start");
	if ((e = read_small(path, buf, sizeof buf)) != SSPF_OK ||
	    (e = parse_keyfile(path, buf, &kf)) != SSPF_OK)
		return e;
	key = sodium_malloc(crypto_secretbox_KEYBYTES);
	ck = sodium_malloc(sizeof *ck);
	if (key == NULL || ck == NULL) {
		e = err_set(SSPF_ERR_NOMEM, "opening the city key");
		goto done;
	}
	if ((e = derive(pass, passlen, kf.salt, &kf.kdf, key)) != SSPF_OK)
		goto done;
	if (crypto_secretbox_open_easy(ck->sk, kf.box, sizeof kf.box, kf.nonce,
				       key) != 0) {
		e = err_set(SSPF_ERR_WRONG_PASSPHRASE,
			    "the passphrase does not open the city key %s "
			    "(or the file was changed)",
			    path);
		goto done;
	}
	/* the public key in the file must be this secret key's */
	crypto_scalarmult_base(pk, ck->sk);
	if (sodium_memcmp(pk, kf.pk, sizeof pk) != 0) {
		e = err_set(SSPF_ERR_DAMAGED,
			    "%s is a damaged city key file: its public key "
			    "does not belong to its secret key",
			    path);
		goto done;
	}
	memcpy(ck->pk, pk, sizeof pk);
	*out = ck;
	ck = NULL;
done:
	if (key != NULL)
		sodium_free(key);
	if (ck != NULL)
		sodium_free(ck);
	return e;
}

void sspf_citykey_close(sspf_citykey *key)
{
	if (key != NULL)
		sodium_free(key); /* wipes it */
}
