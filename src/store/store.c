/*
 * store.c - creating, opening and closing an encrypted database, changing
 * its passphrase and backing it up (the public API of include/sspf/store.h).
 *
 * Opening reads and checks the header, unwraps the data key, and only then
 * writes anything (saves a crash left in the write-ahead log, a header
 * copy to repair). Closing checkpoints the log into NAME and empties it.
 * SQLite is opened through this store's own VFS (vfs.c) with the settings
 * that keep plaintext off the disk.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "store/errors_internal.h"
#include "store/fileio.h"
#include "store/header.h"
#include "store/migrate.h"
#include "store/store_internal.h"
#include "store/store_priv.h"
#include "store/vfs.h"

/* ---- core dumps off while any database is open ---- */

static pthread_mutex_t guard_lock = PTHREAD_MUTEX_INITIALIZER;
static int guard_count;
static struct rlimit guard_saved;
static int guard_dumpable;

static void guard_enter(void)
{
	struct rlimit none = { 0, 0 };

	pthread_mutex_lock(&guard_lock);
	if (guard_count++ == 0) {
		getrlimit(RLIMIT_CORE, &guard_saved);
		none.rlim_max = guard_saved.rlim_max;
		setrlimit(RLIMIT_CORE, &none);
		guard_dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
		prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	}
	pthread_mutex_unlock(&guard_lock);
}

static void guard_leave(void)
{
	pthread_mutex_lock(&guard_lock);
	if (--guard_count == 0) {
		setrlimit(RLIMIT_CORE, &guard_saved);
		if (guard_dumpable > 0)
			prctl(PR_SET_DUMPABLE, guard_dumpable, 0, 0, 0);
	}
	pthread_mutex_unlock(&guard_lock);
}

/* ---- the header on disk ---- */

/* Write header copy `copy` of h and make it durable. */
static sspf_err write_header_copy(struct sspf_store *st, int copy)
{
	uint8_t raw[SSPF_HDR_COPY_SIZE];
	int e;

	hdr_encode(&st->hdr, copy, st->keys->hdr, raw);
	e = io_write_all(st->ctx.fd, raw, sizeof raw,
			 (off_t)copy * SSPF_HDR_COPY_SIZE);
	if (e == 0 && io_fdatasync(st->ctx.fd) != 0)
		e = errno;
	return e == 0 ? SSPF_OK : err_errno(e, "saving", st->user_path);
}

/* Both copies, in order: a crash leaves one of them whole. */
sspf_err store_write_header(struct sspf_store *st)
{
	sspf_err e = write_header_copy(st, 0);

	return e != SSPF_OK ? e : write_header_copy(st, 1);
}

/* ---- opening ---- */

struct sspf_store *store_new(const char *path, unsigned flags)
{
	struct sspf_store *st = calloc(1, sizeof *st);

	if (st == NULL)
		return NULL;
	st->ctx.fd = st->ctx.redo_fd = -1;
	st->flags = flags;
	st->ctx.readonly = (flags & SSPF_OPEN_READONLY) != 0;
	st->user_path = strdup(path);
	st->keys = keys_new();
	if (st->user_path == NULL || st->keys == NULL) {
		free(st->user_path);
		keys_free(st->keys);
		free(st);
		return NULL;
	}
	st->ctx.keys = st->keys;
	return st;
}

/* Open the file (not creating it) and lock it for this process alone. */
static sspf_err open_locked(struct sspf_store *st, int create)
{
	int mode = st->ctx.readonly ? O_RDONLY : O_RDWR;
	struct stat sb;

	if (create)
		st->ctx.fd =
			io_create(st->user_path,
				  mode | O_EXCL | O_CLOEXEC | O_NOCTTY, 0600);
	else
		st->ctx.fd = open(st->user_path, mode | O_CLOEXEC | O_NOCTTY);
	if (st->ctx.fd < 0 && (st->flags & SSPF_OPEN_INSPECT) &&
	    (errno == EACCES || errno == EROFS)) {
		/* a check of a file we may not write: look without writing */
		st->ctx.readonly = 1;
		st->ctx.fd =
			open(st->user_path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	}
	if (st->ctx.fd < 0) {
		if (errno == EEXIST)
			return err_set(SSPF_ERR_EXISTS,
				       "%s exists already and was not touched",
				       st->user_path);
		return err_errno(errno, "opening", st->user_path);
	}
	if (fstat(st->ctx.fd, &sb) != 0)
		return err_errno(errno, "opening", st->user_path);
	if (!S_ISREG(sb.st_mode))
		return err_set(SSPF_ERR_NOT_SSPF, "%s is not a regular file",
			       st->user_path);
	if (flock(st->ctx.fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK)
			return err_set(SSPF_ERR_LOCKED,
				       "%s is open in another program",
				       st->user_path);
		return err_errno(errno, "locking", st->user_path);
	}
	return SSPF_OK;
}

/* Open NAME-redo (made if missing, 0600, when writable) and recover it. */
sspf_err store_open_redo(struct sspf_store *st, uint64_t *found)
{
	char *rp = io_redo_path(st->user_path);
	int created = 0;

	if (rp == NULL)
		return err_set(SSPF_ERR_NOMEM, "opening %s", st->user_path);
	if (st->ctx.readonly) {
		st->ctx.redo_fd = open(rp, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	} else {
		st->ctx.redo_fd = open(rp, O_RDWR | O_CLOEXEC | O_NOCTTY);
		if (st->ctx.redo_fd < 0 && errno == ENOENT) {
			st->ctx.redo_fd = io_create(
				rp, O_RDWR | O_EXCL | O_CLOEXEC | O_NOCTTY,
				0600);
			created = 1;
		}
		if (st->ctx.redo_fd < 0) {
			sspf_err e = err_errno(errno, "opening", rp);
			free(rp);
			return e;
		}
		if (created && io_sync_dir_of(rp) != 0) {
			sspf_err e = err_errno(errno, "saving", rp);
			free(rp);
			return e;
		}
	}
	free(rp);
	/* the log names the file it belongs to */
	memcpy(st->ctx.file_id, st->hdr.file_id, SSPF_FILE_ID_SIZE);
	return redo_recover(&st->ctx, st->user_path, found);
}

/* Read the header area; say what a too short file is. */
static sspf_err read_header_area(int fd, const char *path,
				 uint8_t area[SSPF_HDR_AREA])
{
	size_t got = 0;

	while (got < SSPF_HDR_AREA) {
		ssize_t r = io_pread(fd, area + got, SSPF_HDR_AREA - got,
				     (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return err_errno(errno, "reading", path);
		if (r == 0)
			break;
		got += (size_t)r;
	}
	if (got == 0)
		return err_set(SSPF_ERR_NOT_SSPF, "%s is empty", path);
	if (got < SSPF_HDR_AREA) {
		if (got >= 8 && memcmp(area, "sspf-db", 8) == 0)
			return err_set(SSPF_ERR_DAMAGED,
				       "%s is cut short (%zu bytes)", path,
				       got);
		return err_set(SSPF_ERR_NOT_SSPF,
			       "%s is too short to be an sspf database", path);
	}
	return SSPF_OK;
}

static sspf_err parse_header(struct sspf_store *st, uint8_t *area, int *used,
			     hdr_copy_state state[2])
{
	sspf_err e = read_header_area(st->ctx.fd, st->user_path, area);

	if (e != SSPF_OK)
		return e;
	e = hdr_parse(area, &st->hdr, used, state);
	if (e == SSPF_ERR_NOT_SSPF)
		return err_set(e, "%s is not an sspf database", st->user_path);
	if (e == SSPF_ERR_DAMAGED)
		return err_set(e, "both header copies of %s are damaged",
			       st->user_path);
	return e;
}

/* Far above anything sspf_kdf_calibrate writes (64 MiB, <= 64 passes). */
#define KDF_MEM_SANE ((uint64_t)4 << 30)
#define KDF_OPS_SANE 10000u

/* Find the data key: any slot of the right type. */
static sspf_err unlock_keys(struct sspf_store *st, sspf_unlock how,
			    const char *secret, size_t len)
{
	uint8_t *rk = NULL;
	const uint8_t *sec = (const uint8_t *)secret;
	uint32_t type =
		how == SSPF_UNLOCK_RECOVERY ? SLOT_RECOVERY : SLOT_PASSPHRASE;
	sspf_err e = how == SSPF_UNLOCK_RECOVERY ? SSPF_ERR_WRONG_RECOVERY
						 : SSPF_ERR_WRONG_PASSPHRASE;
	unsigned i;

	if (how == SSPF_UNLOCK_RECOVERY) {
		if ((rk = sodium_malloc(SSPF_RECOVERY_KEY_SIZE)) == NULL)
			return err_set(SSPF_ERR_NOMEM,
				       "reading the recovery key");
		if ((e = recovery_decode(secret, len, rk)) != SSPF_OK) {
			sodium_free(rk);
			return e;
		}
		sec = rk;
		len = SSPF_RECOVERY_KEY_SIZE;
		e = SSPF_ERR_WRONG_RECOVERY;
	}
	for (i = 0; i < SSPF_NSLOTS; i++) {
		sspf_err r;

		if (st->hdr.slots[i].type != type)
			continue;
		/* cost no sspf writes: refuse rather than hang or exhaust */
		if (st->hdr.slots[i].memlimit > KDF_MEM_SANE ||
		    st->hdr.slots[i].opslimit > KDF_OPS_SANE) {
			e = err_set(SSPF_ERR_DAMAGED,
				    "keyslot %u of %s asks for an impossible "
				    "key derivation cost",
				    i, st->user_path);
			break;
		}
		r = slot_unwrap(&st->hdr.slots[i], i, type, sec, len,
				st->keys->dk);
		if (r == SSPF_OK || r == SSPF_ERR_NOMEM ||
		    r == SSPF_ERR_DAMAGED) {
			e = r;
			break;
		}
	}
	sodium_free(rk);
	if (e == SSPF_OK) {
		keys_derive(st->keys);
		return SSPF_OK;
	}
	if (e == SSPF_ERR_WRONG_PASSPHRASE)
		return err_set(e, "the passphrase does not open %s",
			       st->user_path);
	if (e == SSPF_ERR_WRONG_RECOVERY)
		return err_set(e, "the recovery key does not open %s",
			       st->user_path);
	return e;
}

static sspf_err exec(struct sspf_store *st, const char *sql)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? SSPF_OK : sspf_store_sqlerr(st, rc, sql);
}

/* Open SQLite through the VFS, set it up, bring the schema up to date. */
sspf_err store_open_sqlite(struct sspf_store *st, int creating)
{
	char full[4097];
	sqlite3_vfs *base = sqlite3_vfs_find(NULL);
	int rc;
	sspf_err e;

	memcpy(st->ctx.file_id, st->hdr.file_id, SSPF_FILE_ID_SIZE);
	if (base->xFullPathname(base, st->user_path, sizeof full, full) !=
		    SQLITE_OK ||
	    (st->ctx.path = strdup(full)) == NULL)
		return err_set(SSPF_ERR_NOMEM, "opening %s", st->user_path);
	if (vfs_register(&st->ctx) != SQLITE_OK)
		return err_set(SSPF_ERR_INTERNAL, "registering the VFS");
	/* NOMUTEX: a store is used by one thread at a time (sspf has one),
	   so SQLite's locking of the connection is only cost */
	rc = sqlite3_open_v2(st->ctx.path, &st->db,
			     (st->ctx.readonly ? SQLITE_OPEN_READONLY
					       : SQLITE_OPEN_READWRITE) |
				     SQLITE_OPEN_EXRESCODE |
				     SQLITE_OPEN_NOMUTEX,
			     st->ctx.name);
	if (rc != SQLITE_OK)
		return sspf_store_sqlerr(st, rc, "opening the database");
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	if (creating && (e = exec(st, "PRAGMA page_size=4096")) != SSPF_OK)
		return e;
	if ((e = exec(st, "PRAGMA journal_mode=MEMORY;"
			  "PRAGMA temp_store=MEMORY;"
			  "PRAGMA mmap_size=0;"
			  "PRAGMA secure_delete=ON;"
			  "PRAGMA synchronous=FULL;"
			  "PRAGMA cell_size_check=ON;"
			  "PRAGMA foreign_keys=ON;"
			  /*
			   * The operating system caches the file's
			   * pages encrypted; the decrypted ones only
			   * SQLite's cache holds, and each miss is a
			   * read and a decryption. 16 MiB (not SQLite's
			   * 2) holds what the screens of a ten-year
			   * district read (README, "Performance").
			   */
			  "PRAGMA cache_size=-16384")) != SSPF_OK)
		return e;
	e = migrate_apply(st->db, st->ctx.readonly, &st->schema_version, &rc);
	if (e != SSPF_OK && rc != SQLITE_OK)
		return sspf_store_sqlerr(st, rc, "reading the schema version");
	return e;
}

/* After the key is known: MAC, pending redo log, length, repairs. */
static sspf_err verify_and_recover(struct sspf_store *st, const uint8_t *area,
				   int used, const hdr_copy_state state[2])
{
	struct stat sb;
	uint64_t found;
	sspf_err e;

	if (!hdr_mac_ok(area + (size_t)used * SSPF_HDR_COPY_SIZE,
			st->keys->hdr))
		return err_set(
			SSPF_ERR_DAMAGED,
			"the header of %s has been changed (its MAC does "
			"not match)",
			st->user_path);
	if ((e = store_open_redo(st, &found)) != SSPF_OK)
		return e;
	if (found > 0) {
		/*
		 * Saves a crash left in the log: they are read from it, and
		 * (when writable) written into NAME at once. If that fails
		 * they stay in the log, which is as safe.
		 */
		st->warnings |= SSPF_WARN_REDO_APPLIED;
		(void)redo_checkpoint(&st->ctx, 0);
	}
	if (fstat(st->ctx.fd, &sb) != 0)
		return err_errno(errno, "reading", st->user_path);
	/* with records in the log, NAME is made whole by the checkpoint */
	if (st->ctx.wal.nrec == 0 && file_pages(sb.st_size) < 0 &&
	    !(st->flags & SSPF_OPEN_INSPECT))
		return err_set(SSPF_ERR_DAMAGED,
			       "%s has the wrong length (%lld bytes): it was "
			       "cut short or added to",
			       st->user_path, (long long)sb.st_size);
	if (st->hdr.slots[SLOT_INDEX_PASSPHRASE].type == SLOT_PASSPHRASE &&
	    st->hdr.slots[SLOT_INDEX_PASSPHRASE].memlimit < SSPF_KDF_MEM_FLOOR)
		st->warnings |= SSPF_WARN_WEAK_KDF;
	(void)state;
	return SSPF_OK;
}

/* The other header copy is damaged or older: make it equal to ours. */
static sspf_err repair_header(struct sspf_store *st, int used,
			      const hdr_copy_state state[2],
			      const uint8_t *area)
{
	int other = 1 - used;
	int differs = state[other] != HDR_COPY_VALID ||
		      memcmp(area, area + SSPF_HDR_COPY_SIZE, 12) != 0 ||
		      memcmp(area + 16, area + SSPF_HDR_COPY_SIZE + 16,
			     SSPF_HDR_COPY_SIZE - 16 - 32) != 0;
	sspf_err e;

	if (!differs)
		return SSPF_OK;
	if (st->ctx.readonly || (st->flags & SSPF_OPEN_NO_REPAIR)) {
		if (state[other] != HDR_COPY_VALID)
			st->warnings |= SSPF_WARN_HEADER_DAMAGED;
		return SSPF_OK;
	}
	if ((e = write_header_copy(st, other)) != SSPF_OK)
		return e;
	if (state[other] != HDR_COPY_VALID)
		st->warnings |= SSPF_WARN_HEADER_REPAIRED;
	return SSPF_OK;
}

/* With SSPF_OPEN_INSPECT, damage that stops SQLite is left to the check. */
static sspf_err open_sqlite_or_inspect(struct sspf_store *st)
{
	sspf_err e = store_open_sqlite(st, 0);

	if (e == SSPF_ERR_DAMAGED && (st->flags & SSPF_OPEN_INSPECT)) {
		sqlite3_close_v2(st->db);
		st->db = NULL;
		err_clear();
		return SSPF_OK;
	}
	return e;
}

sspf_err sspf_store_open(const char *path, sspf_unlock how, const char *secret,
			 size_t secretlen, unsigned flags, sspf_store **out)
{
	uint8_t area[SSPF_HDR_AREA];
	hdr_copy_state state[2];
	struct sspf_store *st;
	int used;
	sspf_err e;

	*out = NULL;
	err_clear();
	if (sodium_init() < 0)
		return err_set(SSPF_ERR_INTERNAL, "libsodium cannot start");
	if (path == NULL || secret == NULL)
		return err_set(SSPF_ERR_INVALID, "no file or no secret given");
	if (flags & SSPF_OPEN_INSPECT)
		flags |= SSPF_OPEN_NO_REPAIR;
	if ((st = store_new(path, flags)) == NULL)
		return err_set(SSPF_ERR_NOMEM, "opening %s", path);
	guard_enter();
	st->guarded = 1;
	if ((e = open_locked(st, 0)) != SSPF_OK ||
	    (e = parse_header(st, area, &used, state)) != SSPF_OK ||
	    (e = unlock_keys(st, how, secret, secretlen)) != SSPF_OK ||
	    (e = verify_and_recover(st, area, used, state)) != SSPF_OK ||
	    (e = open_sqlite_or_inspect(st)) != SSPF_OK ||
	    (e = repair_header(st, used, state, area)) != SSPF_OK) {
		sspf_store_close(st);
		return e;
	}
	*out = st;
	return SSPF_OK;
}

sspf_err sspf_store_probe(const char *path)
{
	uint8_t area[SSPF_HDR_AREA];
	sspf_header h;
	hdr_copy_state state[2];
	int fd, used;
	struct stat sb;
	sspf_err e;

	err_clear();
	if (sodium_init() < 0)
		return err_set(SSPF_ERR_INTERNAL, "libsodium cannot start");
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0)
		return err_errno(errno, "opening", path);
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return err_set(SSPF_ERR_NOT_SSPF, "%s is not a regular file",
			       path);
	}
	e = read_header_area(fd, path, area);
	close(fd);
	if (e != SSPF_OK)
		return e;
	e = hdr_parse(area, &h, &used, state);
	if (e == SSPF_ERR_NOT_SSPF)
		return err_set(e, "%s is not an sspf database", path);
	if (e == SSPF_ERR_DAMAGED)
		return err_set(e, "both header copies of %s are damaged", path);
	return e;
}

/* ---- creating ---- */

static sspf_err create_header(struct sspf_store *st, const char *pass,
			      size_t passlen, const sspf_kdf *kdf,
			      char recovery_text[SSPF_RECOVERY_TEXT_SIZE])
{
	uint64_t found;
	sspf_kdf cal;
	uint8_t *rk;
	sspf_err e;

	if (kdf == NULL) {
		if ((e = sspf_kdf_calibrate(&cal)) != SSPF_OK)
			return e;
		kdf = &cal;
	}
	memset(&st->hdr, 0, sizeof st->hdr);
	st->hdr.version = SSPF_FORMAT_VERSION;
	st->hdr.seq = 1;
	st->hdr.page_size = SSPF_PAGE_SIZE;
	randombytes_buf(st->hdr.file_id, sizeof st->hdr.file_id);
	randombytes_buf(st->keys->dk, SSPF_KEY_SIZE);
	keys_derive(st->keys);
	if ((rk = sodium_malloc(SSPF_RECOVERY_KEY_SIZE)) == NULL)
		return err_set(SSPF_ERR_NOMEM, "making the recovery key");
	randombytes_buf(rk, SSPF_RECOVERY_KEY_SIZE);
	e = slot_wrap_passphrase(&st->hdr.slots[SLOT_INDEX_PASSPHRASE],
				 SLOT_INDEX_PASSPHRASE, st->keys->dk, pass,
				 passlen, kdf);
	if (e == SSPF_OK)
		e = slot_wrap_recovery(&st->hdr.slots[SLOT_INDEX_RECOVERY],
				       SLOT_INDEX_RECOVERY, st->keys->dk, rk);
	if (e == SSPF_OK)
		recovery_encode(rk, recovery_text);
	sodium_free(rk);
	if (e != SSPF_OK)
		return e;
	if ((e = store_write_header(st)) != SSPF_OK)
		return e;
	if (io_sync_dir_of(st->user_path) != 0)
		return err_errno(errno, "saving", st->user_path);
	return store_open_redo(st, &found);
}

/* Remove a database made a moment ago (and its redo file). */
static void remove_new(const char *path)
{
	char *rp = io_redo_path(path);

	(void)io_unlink(path);
	if (rp != NULL)
		(void)io_unlink(rp);
	free(rp);
}

/* sspf_store_create without the passphrase length rule. */
static sspf_err store_create(const char *path, const char *pass, size_t passlen,
			     const sspf_kdf *kdf,
			     char recovery_text[SSPF_RECOVERY_TEXT_SIZE],
			     sspf_store **out)
{
	struct sspf_store *st;
	sspf_err e;

	if ((e = io_make_parents(path)) != SSPF_OK)
		return e;
	if ((st = store_new(path, 0)) == NULL)
		return err_set(SSPF_ERR_NOMEM, "creating %s", path);
	guard_enter();
	st->guarded = 1;
	if ((e = open_locked(st, 1)) != SSPF_OK) {
		sspf_store_close(st);
		return e;
	}
	if ((e = create_header(st, pass, passlen, kdf, recovery_text)) !=
		    SSPF_OK ||
	    (e = store_open_sqlite(st, 1)) != SSPF_OK) {
		/* leave nothing half-made behind */
		remove_new(path);
		sodium_memzero(recovery_text, SSPF_RECOVERY_TEXT_SIZE);
		sspf_store_close(st);
		return e;
	}
	*out = st;
	return SSPF_OK;
}

sspf_err sspf_store_create(const char *path, const char *pass, size_t passlen,
			   const sspf_kdf *kdf,
			   char recovery_text[SSPF_RECOVERY_TEXT_SIZE],
			   sspf_store **out)
{
	*out = NULL;
	err_clear();
	if (sodium_init() < 0)
		return err_set(SSPF_ERR_INTERNAL, "libsodium cannot start");
	if (path == NULL || pass == NULL)
		return err_set(SSPF_ERR_INVALID, "no file or no passphrase");
	if (passlen < SSPF_PASSPHRASE_MIN)
		return err_set(SSPF_ERR_WEAK_PASSPHRASE,
			       "the passphrase has %zu characters; it needs at "
			       "least %u",
			       passlen, SSPF_PASSPHRASE_MIN);
	return store_create(path, pass, passlen, kdf, recovery_text, out);
}

/*
 * The one place a passphrase shorter than SSPF_PASSPHRASE_MIN is written:
 * a demo database holds only made-up people, and its passphrase is printed.
 */
sspf_err sspf_store_create_demo(const char *path, const sspf_kdf *kdf,
				sspf_store **out)
{
	char rec[SSPF_RECOVERY_TEXT_SIZE];
	struct sspf_store *st;
	sspf_err e;

	*out = NULL;
	err_clear();
	if (sodium_init() < 0)
		return err_set(SSPF_ERR_INTERNAL, "libsodium cannot start");
	if (path == NULL)
		return err_set(SSPF_ERR_INVALID, "no file");
	e = store_create(path, SSPF_DEMO_PASSPHRASE,
			 sizeof SSPF_DEMO_PASSPHRASE - 1, kdf, rec, &st);
	/* A demo needs no recovery key: forget it. */
	sodium_memzero(rec, sizeof rec);
	if (e != SSPF_OK)
		return e;
	if ((e = exec(st, "INSERT INTO store_flag(name) VALUES('demo')")) !=
	    SSPF_OK) {
		sspf_store_close(st);
		remove_new(path);
		return e;
	}
	*out = st;
	return SSPF_OK;
}

bool sspf_store_is_demo(sspf_store *st)
{
	sqlite3_stmt *q;
	bool demo = false;

	if (st == NULL || st->db == NULL ||
	    sqlite3_prepare_v2(st->db,
			       "SELECT 1 FROM store_flag WHERE name = 'demo'",
			       -1, &q, NULL) != SQLITE_OK)
		return false;
	demo = sqlite3_step(q) == SQLITE_ROW;
	sqlite3_finalize(q);
	return demo;
}

/* ---- closing and accessors ---- */

void sspf_store_close(sspf_store *st)
{
	if (st == NULL)
		return;
	if (st->db != NULL)
		sqlite3_close_v2(st->db);
	/* everything into NAME and the log emptied; if that fails the
	 * log keeps it all for the next open */
	if (st->ctx.redo_fd >= 0 && st->ctx.fd >= 0)
		(void)redo_checkpoint(&st->ctx, 1);
	redo_free(&st->ctx);
	if (st->ctx.name[0] != '\0')
		vfs_unregister(&st->ctx);
	if (st->ctx.redo_fd >= 0)
		close(st->ctx.redo_fd);
	if (st->ctx.fd >= 0)
		close(st->ctx.fd);
	keys_free(st->keys);
	sodium_memzero(&st->hdr, sizeof st->hdr);
	free(st->ctx.path);
	free(st->user_path);
	if (st->guarded)
		guard_leave();
	free(st);
}

unsigned sspf_store_warnings(const sspf_store *st)
{
	return st->warnings;
}

const char *sspf_store_path(const sspf_store *st)
{
	return st->user_path;
}

int sspf_store_schema_version(const sspf_store *st)
{
	return st->schema_version;
}

int sspf_schema_latest(void)
{
	return schema_steps[schema_step_count - 1].version;
}

sspf_err sspf_store_subkey(sspf_store *st, uint64_t id, uint8_t out[32])
{
	if (id < 16)
		return err_set(SSPF_ERR_INVALID,
			       "subkey %llu is the store's own",
			       (unsigned long long)id);
	crypto_kdf_derive_from_key(out, 32, id, "sspfkey1", st->keys->dk);
	return SSPF_OK;
}

sqlite3 *sspf_store_db(sspf_store *st)
{
	return st->db;
}

sspf_err sspf_store_checkpoint(sspf_store *st)
{
	int err = redo_checkpoint(&st->ctx, 1);

	return err == 0 ? SSPF_OK
			: err_errno(err, "writing the saves into", st->user_path);
}

/* The file operation an extended SQLite I/O error code stands for. */
static const char *io_operation(int rc)
{
	switch (rc) {
	case SQLITE_IOERR_READ:
	case SQLITE_IOERR_SHORT_READ:
		return "reading";
	case SQLITE_IOERR_WRITE:
		return "writing";
	case SQLITE_IOERR_FSYNC:
	case SQLITE_IOERR_DIR_FSYNC:
		return "syncing (making durable)";
	case SQLITE_IOERR_TRUNCATE:
		return "truncating";
	default:
		return "reading or writing";
	}
}

/* An I/O failure with errno err (0 if not known) in words, by its kind. */
static sspf_err io_failure(sspf_store *st, int rc, int err)
{
	const char *why = err ? strerror(err) : "input/output error";

	if (err == ENOSPC || err == EFBIG || err == EDQUOT)
		return err_set(SSPF_ERR_FULL, "saving to %s: the disk is full",
			       st->user_path);
	if (err == EROFS || err == EACCES || err == EPERM)
		return err_set(SSPF_ERR_PERMISSION,
			       "saving to %s: the disk is read-only or may "
			       "not be written (%s)",
			       st->user_path, why);
	if (st->ctx.wal.tail_uncertain)
		return err_set(SSPF_ERR_IO,
			       "%s %s failed (%s). This save was not made; "
			       "if the computer stops before the next save "
			       "succeeds, it may still turn up",
			       io_operation(rc), st->user_path, why);
	return err_set(SSPF_ERR_IO, "%s %s failed (%s)", io_operation(rc),
		       st->user_path, why);
}

sspf_err sspf_store_sqlerr(sspf_store *st, int rc, const char *what)
{
	const char *msg = st->db != NULL ? sqlite3_errmsg(st->db) : "";
	int err = st->ctx.last_errno;

	/* used up here: a later failure must not be blamed on it */
	st->ctx.last_errno = 0;
	if (st->ctx.bad_page != 0) {
		uint32_t page = st->ctx.bad_page;

		st->ctx.bad_page = 0;
		return err_set(SSPF_ERR_DAMAGED,
			       "page %u of %s failed authentication: it is "
			       "damaged or was tampered with",
			       page, st->user_path);
	}
	switch (rc & 0xff) {
	case SQLITE_FULL:
		return err_set(SSPF_ERR_FULL, "saving to %s: the disk is full",
			       st->user_path);
	case SQLITE_IOERR:
		return io_failure(st, rc, err);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
	case SQLITE_CANTOPEN:
		return err_set(SSPF_ERR_DAMAGED, "%s: %s", st->user_path, msg);
	case SQLITE_NOMEM:
		return err_set(SSPF_ERR_NOMEM, "%s", what);
	case SQLITE_READONLY:
		return err_set(SSPF_ERR_PERMISSION, "%s is open read-only",
			       st->user_path);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return err_set(SSPF_ERR_LOCKED, "%s is busy", st->user_path);
	case SQLITE_CONSTRAINT:
	case SQLITE_MISMATCH:
	case SQLITE_RANGE:
		return err_set(SSPF_ERR_INVALID, "%s", msg);
	default:
		return err_set(SSPF_ERR_INTERNAL, "%s: %s", what, msg);
	}
}

/* ---- passphrase ---- */

sspf_err sspf_store_passwd(sspf_store *st, const char *newpass, size_t len,
			   const sspf_kdf *kdf)
{
	sspf_header saved = st->hdr;
	sspf_kdf cal;
	sspf_err e;

	err_clear();
	if (st->ctx.readonly)
		return err_set(SSPF_ERR_PERMISSION, "%s is open read-only",
			       st->user_path);
	if (len < SSPF_PASSPHRASE_MIN)
		return err_set(SSPF_ERR_WEAK_PASSPHRASE,
			       "the passphrase has %zu characters; it needs at "
			       "least %u",
			       len, SSPF_PASSPHRASE_MIN);
	if (kdf == NULL) {
		if ((e = sspf_kdf_calibrate(&cal)) != SSPF_OK)
			return e;
		kdf = &cal;
	}
	e = slot_wrap_passphrase(&st->hdr.slots[SLOT_INDEX_PASSPHRASE],
				 SLOT_INDEX_PASSPHRASE, st->keys->dk, newpass,
				 len, kdf);
	if (e == SSPF_OK) {
		st->hdr.seq++;
		e = store_write_header(st);
	}
	if (e != SSPF_OK) {
		st->hdr = saved;
		return e;
	}
	st->warnings &= ~SSPF_WARN_WEAK_KDF;
	if (kdf->memlimit < SSPF_KDF_MEM_FLOOR)
		st->warnings |= SSPF_WARN_WEAK_KDF;
	return SSPF_OK;
}

/* ---- default location ---- */

sspf_err sspf_default_path(char **out)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	size_t n;

	*out = NULL;
	if (xdg != NULL && xdg[0] == '/') {
		n = strlen(xdg) + sizeof "/sspf/sspf.db";
		if ((*out = malloc(n)) == NULL)
			return err_set(SSPF_ERR_NOMEM, "finding the database");
		snprintf(*out, n, "%s/sspf/sspf.db", xdg);
		return SSPF_OK;
	}
	if (home == NULL || home[0] != '/')
		return err_set(
			SSPF_ERR_NOT_FOUND,
			"neither XDG_DATA_HOME nor HOME is set; name the "
			"database file");
	n = strlen(home) + sizeof "/.local/share/sspf/sspf.db";
	if ((*out = malloc(n)) == NULL)
		return err_set(SSPF_ERR_NOMEM, "finding the database");
	snprintf(*out, n, "%s/.local/share/sspf/sspf.db", home);
	return SSPF_OK;
}
