/*
 * faultio_disk.c - the disk of the fault layer (faultio_disk.h).
 *
 * The real files play the disk. Every write, truncation and rename goes
 * through to them at once, and is also kept as an undo record (what stood
 * there before, what was written) until an fsync/fdatasync of that file
 * (or, for a rename, of a folder) makes it durable. A power cut replays
 * the records backwards to get the disk as it was at the last sync, then
 * forwards again for the ones that "reached the disk" anyway. Records hold
 * a dup of the descriptor, so a file the store closed or renamed since is
 * still reached.
 *
 * Names change durably only with an fsync of a folder. Until then a file
 * made with O_CREAT can vanish again, and a file removed by unlink, or
 * replaced by a rename over it, is kept under a second name (hard link)
 * "NAME.fio-N" in its folder so that a cut can bring it back; that name
 * goes when the change is durable or the cut is over. A process that ends
 * without a cut or a sync can leave such names behind: tests ignore them.
 */
#include "faultio_disk.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A change not yet durable. */
struct rec {
	unsigned kind; /* FIO_WRITE, FIO_TRUNC or FIO_RENAME */
	int fd;	       /* dup of the file's descriptor */
	dev_t dev;
	ino_t ino;
	off_t off;	/* write: where; truncation: the new length */
	size_t len;	/* write: how many bytes */
	off_t old_size; /* the file's length before */
	uint8_t *pre;	/* what stood at off (write) or past off (trunc) */
	size_t prelen;
	uint8_t *data;	 /* write: the bytes written */
	char *from, *to; /* rename; create and unlink: from */
	char *hidden;	 /* where a removed or replaced file is kept */
};

/* A file the layer has seen change. */
struct inode {
	dev_t dev;
	ino_t ino;
	int fd;		/* dup, kept until fio_uninstall */
	off_t reserved; /* end of what fallocate reserved */
};

#define MAX_INODES 64

static struct rec *recs;
static size_t nrec, caprec;
static struct inode inodes[MAX_INODES];
static size_t ninodes;

/* ---- bookkeeping ---- */

static void die(const char *what)
{
	/* a broken test harness, not a finding: say so and stop hard */
	fprintf(stderr, "faultio: %s: %s\n", what, strerror(errno));
	_exit(125);
}

/* The inode record of fd (made on first sight), or NULL for a folder. */
static struct inode *inode_of(int fd, struct stat *sb)
{
	size_t i;

	if (fstat(fd, sb) != 0)
		return NULL;
	for (i = 0; i < ninodes; i++)
		if (inodes[i].dev == sb->st_dev && inodes[i].ino == sb->st_ino)
			return &inodes[i];
	if (ninodes == MAX_INODES)
		die("too many files");
	inodes[ninodes].dev = sb->st_dev;
	inodes[ninodes].ino = sb->st_ino;
	inodes[ninodes].fd = fcntl(fd, F_DUPFD_CLOEXEC, 100);
	inodes[ninodes].reserved = 0;
	if (inodes[ninodes].fd < 0)
		die("dup");
	return &inodes[ninodes++];
}

static struct rec *rec_add(unsigned kind)
{
	if (nrec == caprec) {
		caprec = caprec ? caprec * 2 : 64;
		recs = realloc(recs, caprec * sizeof *recs);
		if (recs == NULL)
			die("out of memory");
	}
	memset(&recs[nrec], 0, sizeof recs[nrec]);
	recs[nrec].kind = kind;
	return &recs[nrec++];
}

static void rec_free(struct rec *r)
{
	free(r->pre);
	free(r->data);
	free(r->from);
	free(r->to);
	free(r->hidden);
}

/* A second name for a file of folder-of-path, malloc'ed. */
static char *hidden_name(const char *path)
{
	static unsigned serial;
	size_t n = strlen(path) + 32;
	char *h = malloc(n);

	if (h == NULL)
		die("out of memory");
	snprintf(h, n, "%s.fio-%u", path, ++serial);
	return h;
}

static void *copy_of(const void *p, size_t n)
{
	void *c = malloc(n ? n : 1);

	if (c == NULL)
		die("out of memory");
	memcpy(c, p, n);
	return c;
}

/* Read what stands at [off, off+len) within a file of length size. */
static uint8_t *read_pre(int fd, off_t off, size_t len, off_t size, size_t *got)
{
	size_t n = off >= size		     ? 0
		   : (off_t)len > size - off ? (size_t)(size - off)
					     : len;
	uint8_t *p = malloc(n ? n : 1);

	if (p == NULL)
		die("out of memory");
	if (n > 0 && pread(fd, p, n, off) != (ssize_t)n)
		die("reading a pre-image");
	*got = n;
	return p;
}

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* ---- the changes, recorded ---- */

/* A record of a change to file in, with what stood there before. */
static struct rec *rec_file(unsigned kind, const struct inode *in, off_t off,
			    off_t old_size, uint8_t *pre, size_t prelen)
{
	struct rec *r = rec_add(kind);

	r->fd = in->fd;
	r->dev = in->dev;
	r->ino = in->ino;
	r->off = off;
	r->old_size = old_size;
	r->pre = pre;
	r->prelen = prelen;
	return r;
}

ssize_t disk_write(int fd, const void *buf, size_t n, off_t off)
{
	struct stat sb;
	struct inode *in = inode_of(fd, &sb);
	size_t prelen;
	uint8_t *pre;
	ssize_t w;

	if (in == NULL)
		return pwrite(fd, buf, n, off);
	pre = read_pre(fd, off, n, sb.st_size, &prelen);
	w = pwrite(fd, buf, n, off);
	if (w <= 0) {
		free(pre);
		return w;
	}
	struct rec *r = rec_file(FIO_WRITE, in, off, sb.st_size, pre,
				 prelen > (size_t)w ? (size_t)w : prelen);
	r->len = (size_t)w;
	r->data = copy_of(buf, (size_t)w);
	return w;
}

int disk_trunc(int fd, off_t length)
{
	struct stat sb;
	struct inode *in = inode_of(fd, &sb);
	size_t prelen = 0;
	uint8_t *pre = NULL;

	if (in == NULL)
		return ftruncate(fd, length);
	if (length < sb.st_size)
		pre = read_pre(fd, length, (size_t)(sb.st_size - length),
			       sb.st_size, &prelen);
	if (ftruncate(fd, length) != 0) {
		free(pre);
		return -1;
	}
	in->reserved = length;
	rec_file(FIO_TRUNC, in, length, sb.st_size, pre, prelen);
	return 0;
}

int disk_rename(const char *from, const char *to)
{
	char *hidden = NULL;

	/* a file replaced by the rename: kept until the rename is durable */
	if (access(from, F_OK) == 0 && access(to, F_OK) == 0) {
		hidden = hidden_name(to);
		if (link(to, hidden) != 0)
			die("keeping a replaced file");
	}
	if (rename(from, to) != 0) {
		if (hidden != NULL)
			unlink(hidden);
		free(hidden);
		return -1;
	}
	struct rec *r = rec_add(FIO_RENAME);
	r->from = copy_of(from, strlen(from) + 1);
	r->to = copy_of(to, strlen(to) + 1);
	r->hidden = hidden;
	return 0;
}

int disk_create(const char *path, int flags, mode_t mode)
{
	int existed = access(path, F_OK) == 0;
	int fd = open(path, flags, mode);

	if (fd >= 0 && !existed) {
		struct rec *r = rec_add(FIO_CREATE);
		r->from = copy_of(path, strlen(path) + 1);
	}
	return fd;
}

int disk_unlink(const char *path)
{
	char *hidden = hidden_name(path);

	if (link(path, hidden) != 0) {
		free(hidden);
		return unlink(path); /* POSIX's answer: ENOENT, ... */
	}
	if (unlink(path) != 0) {
		unlink(hidden);
		free(hidden);
		return -1;
	}
	struct rec *r = rec_add(FIO_UNLINK);
	r->from = copy_of(path, strlen(path) + 1);
	r->hidden = hidden;
	return 0;
}

/* A name change is durable: a file it removed is gone for good. */
static void name_durable(struct rec *r)
{
	if (r->hidden != NULL && r->kind != FIO_CREATE)
		unlink(r->hidden);
}

static int is_name(unsigned kind)
{
	return kind == FIO_RENAME || kind == FIO_CREATE || kind == FIO_UNLINK;
}

/* A sync of fd made its changes durable: forget their records. */
void disk_durable(int fd)
{
	struct stat sb;
	size_t i, k = 0;
	int dir;

	if (fstat(fd, &sb) != 0)
		return;
	dir = S_ISDIR(sb.st_mode);
	for (i = 0; i < nrec; i++) {
		struct rec *r = &recs[i];
		int done = dir ? is_name(r->kind)
			       : !is_name(r->kind) && r->dev == sb.st_dev &&
					   r->ino == sb.st_ino;
		if (done && dir)
			name_durable(r);
		if (done)
			rec_free(r);
		else
			recs[k++] = *r;
	}
	nrec = k;
}

/* ---- the power cut ---- */

static void undo(struct rec *r)
{
	int ok = 1;

	switch (r->kind) {
	case FIO_WRITE:
		ok = pwrite(r->fd, r->pre, r->prelen, r->off) ==
			     (ssize_t)r->prelen &&
		     ftruncate(r->fd, r->old_size) == 0;
		break;
	case FIO_TRUNC:
		ok = ftruncate(r->fd, r->old_size) == 0 &&
		     pwrite(r->fd, r->pre, r->prelen, r->off) ==
			     (ssize_t)r->prelen;
		break;
	case FIO_RENAME:
		ok = rename(r->to, r->from) == 0 &&
		     (r->hidden == NULL || rename(r->hidden, r->to) == 0);
		break;
	case FIO_CREATE:
		/* kept aside, in case the disk keeps it after all */
		r->hidden = hidden_name(r->from);
		ok = rename(r->from, r->hidden) == 0 || errno == ENOENT;
		break;
	case FIO_UNLINK:
		ok = rename(r->hidden, r->from) == 0;
		break;
	}
	if (!ok)
		die("undoing a write");
}

/* Apply r again, a write cut after keep bytes. */
static void redo(const struct rec *r, size_t keep)
{
	int ok = 1;

	switch (r->kind) {
	case FIO_WRITE:
		ok = pwrite(r->fd, r->data, keep, r->off) == (ssize_t)keep;
		break;
	case FIO_TRUNC:
		ok = ftruncate(r->fd, r->off) == 0;
		break;
	case FIO_RENAME:
		ok = rename(r->from, r->to) == 0;
		break;
	case FIO_CREATE:
		ok = rename(r->hidden, r->from) == 0 || errno == ENOENT;
		break;
	case FIO_UNLINK:
		ok = unlink(r->from) == 0;
		break;
	}
	if (!ok)
		die("redoing a write");
}

static size_t torn_len(size_t len, unsigned j)
{
	size_t k = (size_t)j * 512;

	return k < len ? k : len;
}

/* After a cut: the second names of files that are not there go. */
static void names_settle(void)
{
	size_t i;

	for (i = 0; i < nrec; i++)
		if (recs[i].hidden != NULL)
			unlink(recs[i].hidden);
}

/* The power goes now, as call (kind, fd, ...) is about to be made. */
_Noreturn void disk_cut(enum fio_cut how, unsigned tear, uint64_t seed,
			unsigned kind, int fd, const void *buf, size_t n,
			off_t off, const char *from, const char *to)
{
	uint64_t s = seed;
	size_t i, last = (size_t)-1;

	if (how == FIO_CUT_TORN) {
		/* everything before reached the disk, this write in part */
		if (kind == FIO_WRITE &&
		    pwrite(fd, buf, torn_len(n, tear), off) < 0)
			die("a torn write");
		names_settle();
		_exit(FIO_EXIT_CUT);
	}
	if (how == FIO_CUT_REORDER) {
		/* the call is made, then the disk keeps what it likes */
		if (kind == FIO_WRITE && disk_write(fd, buf, n, off) < 0)
			die("a write before the cut");
		if (kind == FIO_TRUNC && disk_trunc(fd, off) != 0)
			die("a truncation before the cut");
		if (kind == FIO_RENAME && disk_rename(from, to) != 0)
			die("a rename before the cut");
	}
	for (i = nrec; i-- > 0;)
		undo(&recs[i]);
	if (how == FIO_CUT_REORDER) {
		unsigned char *keep = calloc(nrec + 1, 1);

		if (keep == NULL)
			die("out of memory");
		/* names change in order (the file system's journal): the
		 * kept ones are a prefix of them */
		int names_lost = 0;
		for (i = 0; i < nrec; i++) {
			keep[i] = rng_next(&s) & 1;
			if (is_name(recs[i].kind)) {
				if (names_lost)
					keep[i] = 0;
				names_lost |= !keep[i];
			}
			if (keep[i] && recs[i].kind == FIO_WRITE)
				last = i;
		}
		for (i = 0; i < nrec; i++) {
			size_t len = recs[i].len;

			if (!keep[i])
				continue;
			if (i == last && (rng_next(&s) & 1))
				len = torn_len(len,
					       (unsigned)(rng_next(&s) %
							  (len / 512 + 1)));
			redo(&recs[i], len);
		}
		free(keep);
	}
	names_settle();
	_exit(FIO_EXIT_CUT);
}

int disk_allocating(int fd, off_t end)
{
	struct stat sb;
	struct inode *in = inode_of(fd, &sb);

	return in != NULL && end > sb.st_size && end > in->reserved;
}

void disk_reserved(int fd, off_t end)
{
	struct stat sb;
	struct inode *in = inode_of(fd, &sb);

	if (in != NULL && end > in->reserved)
		in->reserved = end;
}

void disk_reset(void)
{
	size_t i;

	for (i = 0; i < nrec; i++) {
		name_durable(&recs[i]); /* the process saw them removed */
		rec_free(&recs[i]);
	}
	free(recs);
	recs = NULL;
	nrec = caprec = 0;
	for (i = 0; i < ninodes; i++)
		close(inodes[i].fd);
	ninodes = 0;
}
