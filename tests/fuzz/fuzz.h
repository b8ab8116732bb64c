/*
 * fuzz.h - what the fuzz harnesses of tests/fuzz/ share: the libFuzzer
 * entry point every harness defines, a check that aborts (so that both
 * libFuzzer and the replay runner report it as a crash), and in-memory
 * files (memfd) for the parsers that take a path. Nothing here writes to
 * the disk.
 */
#ifndef SSPF_FUZZ_H
#define SSPF_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Each harness defines this; libFuzzer or replay.c calls it. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * An invariant of the code under test: when it does not hold, print where
 * and abort, which libFuzzer keeps as a crash with its input.
 */
#define FUZZ_CHECK(cond)                                      \
	do {                                                  \
		if (!(cond))                                  \
			fuzz_fail(__FILE__, __LINE__, #cond); \
	} while (0)

__attribute__((noreturn)) void fuzz_fail(const char *file, int line,
					 const char *what);

/* A new in-memory file (memfd) named name; aborts if there is none. */
int fuzz_memfd(const char *name);

/* Make the memfd fd hold exactly the n bytes at data. */
void fuzz_memfd_set(int fd, const void *data, size_t n);

/*
 * A path that opens fd ("/proc/self/fd/N"), for the functions that take a
 * path. The buffer is static: one per call site is enough, copy it to keep
 * two.
 */
const char *fuzz_fd_path(int fd);

/* Whether text (NUL-terminated) is valid UTF-8 (RFC 3629). */
bool fuzz_valid_utf8(const char *text);

/* A copy of data with a NUL after it (malloc'ed, the caller frees it). */
char *fuzz_strndup(const uint8_t *data, size_t n);

/*
 * The city key of the fuzz corpora (tests/fuzz/README.md): a fixed key
 * pair whose secret key file is made with the cheapest Argon2id cost, so
 * that seeds can hold figures sealed to it. Opened at the first call and
 * kept open; NULL never (aborts instead). Not a secret: test data only.
 */
struct sspf_citykey;
struct sspf_citykey *fuzz_city_key(void);

/* The text of that key's CITY.key and CITY.pub files, and its passphrase. */
extern const char fuzz_city_key_text[], fuzz_city_pub_text[];
extern const char fuzz_city_pass[];

#endif
