/*
 * memfile.c - the temporary files SQLite asks for (temporary databases,
 * sort files, statement journals), kept in memory and wiped when closed,
 * so that nothing of them reaches the disk.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "store/vfs.h"

static int mem_close(sqlite3_file *file)
{
	struct mem_file *m = (struct mem_file *)file;

	if (m->data != NULL) {
		sodium_memzero(m->data, m->cap);
		free(m->data);
	}
	m->data = NULL;
	return SQLITE_OK;
}

static int mem_read(sqlite3_file *file, void *buf, int amt, sqlite3_int64 off)
{
	struct mem_file *m = (struct mem_file *)file;
	size_t have = (size_t)off < m->size ? m->size - (size_t)off : 0;

	if (have >= (size_t)amt) {
		memcpy(buf, m->data + off, (size_t)amt);
		return SQLITE_OK;
	}
	if (have > 0)
		memcpy(buf, m->data + off, have);
	memset((uint8_t *)buf + have, 0, (size_t)amt - have);
	return SQLITE_IOERR_SHORT_READ;
}

/* Grow to at least need bytes; old memory is wiped, never left behind. */
static int mem_reserve(struct mem_file *m, size_t need)
{
	size_t cap = m->cap ? m->cap : 65536;
	uint8_t *n;

	if (need <= m->cap)
		return SQLITE_OK;
	while (cap < need)
		cap *= 2;
	if ((n = calloc(1, cap)) == NULL)
		return SQLITE_IOERR_NOMEM;
	if (m->data != NULL) {
		memcpy(n, m->data, m->size);
		sodium_memzero(m->data, m->cap);
		free(m->data);
	}
	m->data = n;
	m->cap = cap;
	return SQLITE_OK;
}

static int mem_write(sqlite3_file *file, const void *buf, int amt,
		     sqlite3_int64 off)
{
	struct mem_file *m = (struct mem_file *)file;
	size_t end = (size_t)off + (size_t)amt;
	int rc;

	if ((rc = mem_reserve(m, end)) != SQLITE_OK)
		return rc;
	if ((size_t)off > m->size)
		memset(m->data + m->size, 0, (size_t)off - m->size);
	memcpy(m->data + off, buf, (size_t)amt);
	if (end > m->size)
		m->size = end;
	return SQLITE_OK;
}

static int mem_truncate(sqlite3_file *file, sqlite3_int64 size)
{
	struct mem_file *m = (struct mem_file *)file;

	if ((size_t)size < m->size) {
		sodium_memzero(m->data + size, m->size - (size_t)size);
		m->size = (size_t)size;
	}
	return SQLITE_OK;
}

static int mem_sync(sqlite3_file *file, int flags)
{
	(void)file;
	(void)flags;
	return SQLITE_OK;
}

static int mem_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
	*size = (sqlite3_int64)((struct mem_file *)file)->size;
	return SQLITE_OK;
}

static int mem_lock(sqlite3_file *file, int level)
{
	(void)file;
	(void)level;
	return SQLITE_OK;
}

static int mem_check_reserved(sqlite3_file *file, int *out)
{
	(void)file;
	*out = 0;
	return SQLITE_OK;
}

static int mem_file_control(sqlite3_file *file, int op, void *arg)
{
	(void)file;
	(void)op;
	(void)arg;
	return SQLITE_NOTFOUND;
}

static int mem_sector_size(sqlite3_file *file)
{
	(void)file;
	return 4096;
}

static int mem_device_characteristics(sqlite3_file *file)
{
	(void)file;
	return SQLITE_IOCAP_POWERSAFE_OVERWRITE;
}

static const sqlite3_io_methods mem_methods = {
	.iVersion = 1,
	.xClose = mem_close,
	.xRead = mem_read,
	.xWrite = mem_write,
	.xTruncate = mem_truncate,
	.xSync = mem_sync,
	.xFileSize = mem_file_size,
	.xLock = mem_lock,
	.xUnlock = mem_lock,
	.xCheckReservedLock = mem_check_reserved,
	.xFileControl = mem_file_control,
	.xSectorSize = mem_sector_size,
	.xDeviceCharacteristics = mem_device_characteristics,
};

int memfile_open(sqlite3_file *file, int flags, int *out_flags)
{
	struct mem_file *m = (struct mem_file *)file;

	memset(m, 0, sizeof *m);
	if (out_flags != NULL)
		*out_flags = flags;
	file->pMethods = &mem_methods;
	return SQLITE_OK;
}
