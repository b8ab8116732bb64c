/*
 * faultio.c - the fault layer of the tests (see faultio.h): the table of
 * file calls put under the store, the count of calls, the power cut at
 * the chosen one and the injected errors. What the disk keeps after a cut
 * is faultio_disk.c's.
 */
#include "faultio.h"
#include "faultio_disk.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "store/store_internal.h"

#define TRACE_MAX 65536

static long calls;
static unsigned char trace[TRACE_MAX + 1];
static struct {
	long at;
	enum fio_cut how;
	unsigned tear;
	uint64_t seed;
} cut;
static struct {
	int on, err;
	unsigned kinds, flags;
	long from, failed; /* from: the first call that may fail */
} rule;

/* Does the rule fail this call (the calls-th)? Sets errno if so. */
static int rule_hits(unsigned kind, int allocating)
{
	if (!rule.on || !(rule.kinds & kind) || calls < rule.from)
		return 0;
	if ((rule.flags & FIO_ALLOCATING) && !allocating)
		return 0;
	if (!(rule.flags & FIO_PERSIST) && rule.failed > 0)
		return 0;
	rule.failed++;
	errno = rule.err;
	return 1;
}

/* Count a call; cut the power if it is the one. */
static void count(unsigned kind, int fd, const void *buf, size_t n, off_t off,
		  const char *from, const char *to)
{
	calls++;
	if (calls <= TRACE_MAX)
		trace[calls] = (unsigned char)kind;
	if (calls == cut.at)
		disk_cut(cut.how, cut.tear, cut.seed, kind, fd, buf, n, off,
			 from, to);
}

/* ---- the table ---- */

static ssize_t f_pread(int fd, void *buf, size_t n, off_t off)
{
	count(FIO_READ, fd, NULL, n, off, NULL, NULL);
	if (rule_hits(FIO_READ, 0))
		return -1;
	return pread(fd, buf, n, off);
}

static ssize_t f_pwrite(int fd, const void *buf, size_t n, off_t off)
{
	count(FIO_WRITE, fd, buf, n, off, NULL, NULL);
	if (rule_hits(FIO_WRITE, disk_allocating(fd, off + (off_t)n)))
		return -1;
	return disk_write(fd, buf, n, off);
}

/* fsync and fdatasync alike: the model decides what is durable, and the
 * real disk never loses power under a test, so its (slow) sync is left out. */
static int f_sync(int fd)
{
	count(FIO_SYNC, fd, NULL, 0, 0, NULL, NULL);
	if (rule_hits(FIO_SYNC, 0))
		return -1;
	disk_durable(fd);
	return 0;
}

static int f_ftruncate(int fd, off_t length)
{
	count(FIO_TRUNC, fd, NULL, 0, length, NULL, NULL);
	if (rule_hits(FIO_TRUNC, 0))
		return -1;
	return disk_trunc(fd, length);
}

static int f_fallocate(int fd, int mode, off_t off, off_t len)
{
	count(FIO_ALLOC, fd, NULL, 0, off, NULL, NULL);
	if (rule_hits(FIO_ALLOC, disk_allocating(fd, off + len)))
		return -1;
	if (fallocate(fd, mode, off, len) != 0)
		return -1;
	disk_reserved(fd, off + len);
	return 0;
}

static int f_rename(const char *from, const char *to)
{
	count(FIO_RENAME, -1, NULL, 0, 0, from, to);
	if (rule_hits(FIO_RENAME, 0))
		return -1;
	return disk_rename(from, to);
}

static int f_open(const char *path, int flags, mode_t mode)
{
	count(FIO_CREATE, -1, NULL, 0, 0, path, NULL);
	if (rule_hits(FIO_CREATE, 0))
		return -1;
	return disk_create(path, flags, mode);
}

static int f_unlink(const char *path)
{
	count(FIO_UNLINK, -1, NULL, 0, 0, path, NULL);
	if (rule_hits(FIO_UNLINK, 0))
		return -1;
	return disk_unlink(path);
}

static const struct sspf_io fault_io = {
	.pread = f_pread,
	.pwrite = f_pwrite,
	.fsync = f_sync,
	.fdatasync = f_sync,
	.ftruncate = f_ftruncate,
	.fallocate = f_fallocate,
	.rename = f_rename,
	.open = f_open,
	.unlink = f_unlink,
};

/* ---- the interface ---- */

void fio_install(void)
{
	fio_uninstall();
	sspf_store_set_io(&fault_io);
}

void fio_uninstall(void)
{
	sspf_store_set_io(NULL);
	disk_reset();
	calls = 0;
	memset(&cut, 0, sizeof cut);
	memset(&rule, 0, sizeof rule);
	memset(trace, 0, sizeof trace);
}

long fio_calls(void)
{
	return calls;
}

unsigned fio_kind_of(long n)
{
	return n >= 1 && n <= TRACE_MAX ? trace[n] : 0;
}

const char *fio_kind_name(unsigned kind)
{
	static const char *const names[] = { "read",	 "write",   "sync",
					     "truncate", "reserve", "rename",
					     "create",	 "unlink" };

	for (unsigned i = 0; i < sizeof names / sizeof *names; i++)
		if (kind == 1u << i)
			return names[i];
	return "?";
}

void fio_cut_at(long n, enum fio_cut how, unsigned tear_sectors, uint64_t seed)
{
	cut.at = n;
	cut.how = how;
	cut.tear = tear_sectors;
	cut.seed = seed;
}

void fio_fail(unsigned kinds, long nth, int err, unsigned flags)
{
	rule.on = 1;
	rule.kinds = kinds;
	rule.from = calls + nth;
	rule.err = err;
	rule.flags = flags;
	rule.failed = 0;
}

void fio_fail_stop(void)
{
	rule.on = 0;
}

long fio_failed(void)
{
	return rule.failed;
}
