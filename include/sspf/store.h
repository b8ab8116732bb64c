/*
 * store.h - the encrypted database file: create, open, change passphrase,
 * check, back up.
 *
 * A store is one SQLite database kept in an encrypted file (format in
 * contrib/FORMAT.md). Opening needs the passphrase or the recovery key.
 * Passphrases are passed as (pointer, length); the library copies what it
 * needs into sodium_malloc memory and never keeps the caller's buffer.
 */
#ifndef SSPF_STORE_H
#define SSPF_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sspf/error.h>

typedef struct sspf_store sspf_store;

/* Argon2id cost of a passphrase keyslot. */
typedef struct sspf_kdf {
	uint64_t opslimit;
	uint64_t memlimit; /* bytes */
} sspf_kdf;

/* The floor sspf itself never goes below when it writes a slot. */
#define SSPF_KDF_MEM_FLOOR ((uint64_t)64 << 20)
#define SSPF_KDF_OPS_FLOOR 3u

/* Shortest passphrase accepted for a new database or a new passphrase. */
#define SSPF_PASSPHRASE_MIN 10u

/* "XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX" plus NUL */
#define SSPF_RECOVERY_TEXT_SIZE 40u

/*
 * Measure this machine: memlimit at the floor, opslimit so that one
 * derivation takes about 0.75 s (never below the floor).
 */
sspf_err sspf_kdf_calibrate(sspf_kdf *out);

/*
 * The default database path, $XDG_DATA_HOME/sspf/sspf.db or
 * ~/.local/share/sspf/sspf.db. *out is malloc'ed; the caller frees it.
 */
sspf_err sspf_default_path(char **out);

/*
 * Look at a file without a passphrase: SSPF_OK if it is an sspf database
 * this version can open; else NOT_FOUND, NOT_SSPF, DAMAGED (both header
 * copies damaged), NEWER, PERMISSION. Writes nothing.
 */
sspf_err sspf_store_probe(const char *path);

/*
 * Create a new database at path (which must not exist; its folder is made
 * with mode 0700 if missing). kdf NULL means calibrate on this machine; a
 * kdf below the floor is accepted here only so that tests run fast.
 * recovery_text receives the recovery key, to be shown to the user once.
 * On success *out is an open store the caller closes with
 * sspf_store_close().
 */
sspf_err sspf_store_create(const char *path, const char *pass, size_t passlen,
			   const sspf_kdf *kdf,
			   char recovery_text[SSPF_RECOVERY_TEXT_SIZE],
			   sspf_store **out);

/*
 * The passphrase of every demo database. It is shorter than
 * SSPF_PASSPHRASE_MIN on purpose: a demo database holds only fictional
 * data and its passphrase is printed for everyone to use.
 */
#define SSPF_DEMO_PASSPHRASE "demo"

/*
 * Create a demo database at path (as sspf_store_create) whose passphrase
 * is SSPF_DEMO_PASSPHRASE: the only exception to SSPF_PASSPHRASE_MIN.
 * kdf NULL means calibrate. The recovery key is made (the format needs
 * one) but discarded at once. The database is marked as a demo by the row
 * 'demo' in the table store_flag (schema/0003_demo.sql), which
 * sspf_store_is_demo() reads; front ends show a "DEMO" banner from it.
 * It is empty: sspf_demo_fill() (sspf/demo.h) puts the made-up data in.
 */
sspf_err sspf_store_create_demo(const char *path, const sspf_kdf *kdf,
				sspf_store **out);

/* Whether st was made by sspf_store_create_demo (false on any error). */
bool sspf_store_is_demo(sspf_store *st);

typedef enum sspf_unlock {
	SSPF_UNLOCK_PASSPHRASE = 0,
	SSPF_UNLOCK_RECOVERY = 1, /* secret is the recovery key text */
} sspf_unlock;

enum {
	SSPF_OPEN_READONLY = 1u << 0,  /* never write to the file */
	SSPF_OPEN_NO_REPAIR = 1u << 1, /* leave a damaged header copy as is */
	/*
	 * For sspf_store_check: once the key is verified, open even a file
	 * whose length or pages are damaged, so that every problem can be
	 * reported. Implies NO_REPAIR; an interrupted commit is still
	 * completed, and a file that may not be written is opened read-only.
	 * Such a store is good for nothing but sspf_store_check and
	 * sspf_store_close.
	 */
	SSPF_OPEN_INSPECT = 1u << 2,
};

/*
 * Open an existing database. On success *out is owned by the caller. A
 * wrong passphrase gives SSPF_ERR_WRONG_PASSPHRASE and leaves the file
 * untouched, byte for byte. A store (and the core on it) is used by one
 * thread at a time: SQLite's connection is opened without its own locks.
 */
sspf_err sspf_store_open(const char *path, sspf_unlock how, const char *secret,
			 size_t secretlen, unsigned flags, sspf_store **out);

/* Close, wipe the keys. NULL is fine. */
void sspf_store_close(sspf_store *st);

/* Warnings found while opening (bit set), for the front end to show. */
enum {
	SSPF_WARN_HEADER_REPAIRED =
		1u << 0, /* a damaged header copy was rewritten */
	SSPF_WARN_HEADER_DAMAGED =
		1u << 1, /* a header copy is damaged (not repaired) */
	SSPF_WARN_WEAK_KDF = 1u << 2, /* passphrase slot below the floor */
	SSPF_WARN_REDO_APPLIED = 1u
				 << 3, /* an interrupted commit was completed */
};
unsigned sspf_store_warnings(const sspf_store *st);

/* The path the store was opened with; owned by the store. */
const char *sspf_store_path(const sspf_store *st);

/* The schema version of the open database (PRAGMA user_version). */
int sspf_store_schema_version(const sspf_store *st);

/* The newest schema version this build knows. */
int sspf_schema_latest(void);

/*
 * Replace the passphrase (slot 0). Rewrites only the header, crash-safe:
 * after a crash either the old or the new passphrase opens the file. kdf
 * NULL means calibrate.
 */
sspf_err sspf_store_passwd(sspf_store *st, const char *newpass, size_t len,
			   const sspf_kdf *kdf);

enum { SSPF_BACKUP_OVERWRITE = 1u << 0 };

/*
 * Write a consistent encrypted copy to dest, opened by the same passphrase
 * and recovery key, through a temporary name in dest's folder and rename.
 * dest must not exist unless SSPF_BACKUP_OVERWRITE.
 */
sspf_err sspf_store_backup(sspf_store *st, const char *dest, unsigned flags);

typedef enum sspf_check_level {
	SSPF_CHECK_INFO = 0,
	SSPF_CHECK_PROBLEM = 1,
} sspf_check_level;

typedef void (*sspf_check_report)(void *ctx, sspf_check_level level,
				  const char *message);

/*
 * Verify everything: both header copies, the length of the file, the
 * authentication tag of every page, then SQLite's integrity check. Each
 * finding goes to report (may be NULL). Returns SSPF_OK if all is well,
 * SSPF_ERR_DAMAGED if any problem was found.
 */
sspf_err sspf_store_check(sspf_store *st, sspf_check_report report, void *ctx);

#endif
