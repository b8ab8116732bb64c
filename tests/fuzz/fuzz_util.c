/*
 * fuzz_util.c - the helpers of fuzz.h: aborting checks and in-memory
 * files for the harnesses.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <sspf/statsmerge.h>

#include "fuzz.h"

void fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
	abort();
}

int fuzz_memfd(const char *name)
{
	int fd = memfd_create(name, MFD_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "memfd_create: %s\n", strerror(errno));
		abort();
	}
	return fd;
}

void fuzz_memfd_set(int fd, const void *data, size_t n)
{
	const char *p = data;
	size_t off = 0;

	if (ftruncate(fd, 0) != 0)
		fuzz_fail(__FILE__, __LINE__, "ftruncate of a memfd");
	while (off < n) {
		ssize_t w = pwrite(fd, p + off, n - off, (off_t)off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			fuzz_fail(__FILE__, __LINE__, "pwrite to a memfd");
		off += (size_t)w;
	}
}

const char *fuzz_fd_path(int fd)
{
	static char path[64];

	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	return path;
}

/* Whether s (NUL-terminated) is valid UTF-8 (RFC 3629). */
bool fuzz_valid_utf8(const char *text)
{
	const unsigned char *s = (const unsigned char *)text;

	while (*s != '\0') {
		unsigned c = *s, k;
		unsigned long u;

		if (c < 0x80) {
			s++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			k = 1, u = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			k = 2, u = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			k = 3, u = c & 0x07;
		else
			return false;
		for (unsigned j = 1; j <= k; j++) {
			if ((s[j] & 0xC0) != 0x80)
				return false;
			u = u << 6 | (s[j] & 0x3Fu);
		}
		if ((k == 2 && u < 0x800) || (k == 3 && u < 0x10000) ||
		    u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF))
			return false;
		s += k + 1;
	}
	return true;
}

char *fuzz_strndup(const uint8_t *data, size_t n)
{
	char *s = malloc(n + 1);

	if (s == NULL)
		fuzz_fail(__FILE__, __LINE__, "out of memory");
	if (n > 0)
		memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

/* Made once with sspf_citykey_generate and a cost of { 1, 8192 }. */
const char fuzz_city_key_text[] =
	"sspf-city-key/1 secret\n"
	"public Ua9Jyq8w0FdJXQ6JY9baTlAbeNFBSpoljiRFdS9SvQo=\n"
	"kdf argon2id13 1 8192\n"
	"salt foSnGOTHASMxesqrIVq2eg==\n"
	"nonce lNCxPb+SqNC4mTOzjsYR9ngQAIT6bT17\n"
	"box "
	"iigojjh60krnswS/Tb2FYIdW/U2jpBdWkGq28wHQBWw/pVpdaztNIUoDcIsnbQir\n";
const char fuzz_city_pub_text[] =
	"sspf-city-key/1 public Ua9Jyq8w0FdJXQ6JY9baTlAbeNFBSpoljiRFdS9SvQo=\n";
const char fuzz_city_pass[] = "fuzz city passphrase";

static sspf_citykey *city_key;

static void city_key_close(void)
{
	sspf_citykey_close(city_key);
	city_key = NULL;
}

struct sspf_citykey *fuzz_city_key(void)
{
	int fd;

	if (city_key != NULL)
		return city_key;
	fd = fuzz_memfd("fuzz-city-key");
	fuzz_memfd_set(fd, fuzz_city_key_text, strlen(fuzz_city_key_text));
	if (sspf_citykey_open(fuzz_fd_path(fd), fuzz_city_pass,
			      strlen(fuzz_city_pass), &city_key) != SSPF_OK) {
		fprintf(stderr, "the fuzz city key: %s\n", sspf_err_detail());
		abort();
	}
	close(fd);
	atexit(city_key_close);
	return city_key;
}
