// SPDX-License-Identifier: GPL-2.0
/*
 * ubd, host side: image files, COW files and the I/O threads.
 *
 * Requests arrive by pointer on a pipe read by a few I/O threads, which
 * do the host I/O straight into the kernel's pages and send the pointer
 * back on the completion pipe (its read end raises UM_UBD_IRQ).
 *
 * COW devices: a sector whose bitmap bit is set is read from the COW
 * file, the others from the backing file; writes go to the COW file.
 * The bitmap lives in memory; the bits a write sets only reach the file
 * on the next flush (or FUA write, or sync device, or shutdown), after
 * an fdatasync of the data, so a bit on disk never points at data that
 * is not.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <linux/falloc.h>
#include "ubd_host.h"
#include "cow_format.h"

#define UBD_THREADS	4
#define UBD_PATH_MAX	4096

struct ubd_host_dev {
	/* configuration */
	int configured;
	unsigned int flags;
	char file[UBD_PATH_MAX];
	char backing[UBD_PATH_MAX];	/* "" unless given or COW */

	/* open state */
	int open;
	int fd;				/* image, or COW file */
	int backing_fd;			/* COW only, read-only */
	unsigned long long size;	/* bytes, multiple of 512 */

	/* COW state, under lock */
	pthread_mutex_t lock;
	struct cow_info cow;
	unsigned char *bitmap;
	unsigned long long dirty_lo;	/* dirty bitmap bytes [lo, hi) */
	unsigned long long dirty_hi;
};

static struct ubd_host_dev devs[UBD_MAX_DEVS];
static int req_pipe[2] = { -1, -1 };
static int done_pipe[2] = { -1, -1 };

int ubd_host_parse(const char *opt, char *err, int errlen)
{
	struct ubd_host_dev *d;
	unsigned int flags = 0;
	const char *p = opt, *file, *comma;
	int n;

	if (*p < '0' || *p > '9')
		goto bad;
	n = *p++ - '0';
	if (*p >= '0' && *p <= '9')
		n = n * 10 + (*p++ - '0');
	if (n >= UBD_MAX_DEVS)
		goto bad;
	/* Opened before main() from the same command line: keep it. */
	if (devs[n].open)
		return n;
	for (; *p && *p != '='; p++) {
		switch (*p) {
		case 'r':
			flags |= UBD_FL_RO;
			break;
		case 's':
			flags |= UBD_FL_SYNC;
			break;
		case 'd':
			flags |= UBD_FL_NOPART;
			break;
		case 'c':
			flags |= UBD_FL_SHARED;
			break;
		default:
			goto bad;
		}
	}
	if (*p != '=' || !p[1])
		goto bad;
	file = p + 1;
	comma = strchr(file, ',');
	d = &devs[n];
	if (comma) {
		if (comma == file || !comma[1] ||
		    (size_t)(comma - file) >= sizeof(d->file) ||
		    strlen(comma + 1) >= sizeof(d->backing))
			goto bad;
		memcpy(d->file, file, comma - file);
		d->file[comma - file] = '\0';
		memcpy(d->backing, comma + 1, strlen(comma + 1) + 1);
	} else {
		if (strlen(file) >= sizeof(d->file))
			goto bad;
		memcpy(d->file, file, strlen(file) + 1);
		d->backing[0] = '\0';
	}
	d->flags = flags;
	d->configured = 1;
	return n;
bad:
	snprintf(err, errlen,
		 "bad block device option 'ubd%.200s' (expected ubdN[rscd]=FILE[,BACKING], N = 0..%d)",
		 opt, UBD_MAX_DEVS - 1);
	return -EINVAL;
}

int ubd_host_configured(int n)
{
	return n >= 0 && n < UBD_MAX_DEVS && devs[n].configured;
}

int ubd_host_parse_new(const char *opt, char *err, int errlen)
{
	int n = -1;

	if (opt[0] >= '0' && opt[0] <= '9') {
		n = opt[0] - '0';
		if (opt[1] >= '0' && opt[1] <= '9')
			n = n * 10 + opt[1] - '0';
	}
	if (ubd_host_configured(n)) {
		snprintf(err, errlen,
			 "ubd%d is configured already (remove it first)", n);
		return -EBUSY;
	}
	return ubd_host_parse(opt, err, errlen);
}

/* Message for an error of cow_format.c or of a system call. */
static const char *errstr(int err)
{
	const char *s = cow_strerror(err);

	return s ? s : strerror(-err);
}

static int lock_fd(int fd, int exclusive)
{
	int r;

	do {
		r = flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB);
	} while (r && errno == EINTR);
	return r ? -errno : 0;
}

/* Open @path and lock it as the options ask; -errno, message in @err. */
static int open_image(int n, const char *path, int writable, int shared,
		      char *err, int errlen)
{
	int fd = open(path, (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	int r;

	if (fd < 0) {
		r = -errno;
		snprintf(err, errlen, "ubd%d: cannot open '%s': %s", n, path,
			 strerror(-r));
		return r;
	}
	if (!shared) {
		r = lock_fd(fd, writable);
		if (r) {
			snprintf(err, errlen,
				 "ubd%d: '%s' is in use by another process (cannot lock it: %s; option c shares it)",
				 n, path, strerror(-r));
			close(fd);
			return r;
		}
	}
	return fd;
}

/* Create a fresh COW file @d->file over @d->backing (already open). */
static int create_cow(int n, struct ubd_host_dev *d, char *err, int errlen)
{
	char abs[COW_PATH_MAX + 1];
	int fd, r;

	r = cow_absolute_path(d->backing, abs, sizeof(abs));
	if (r) {
		snprintf(err, errlen, "ubd%d: bad backing file path '%s': %s",
			 n, d->backing, errstr(r));
		return r;
	}
	fd = open(d->file, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		r = -errno;
		snprintf(err, errlen, "ubd%d: cannot create COW file '%s': %s",
			 n, d->file, strerror(-r));
		return r;
	}
	if (!(d->flags & UBD_FL_SHARED)) {
		r = lock_fd(fd, 1);
		if (r)
			goto fail;
	}
	r = cow_init_info_fd(&d->cow, abs, d->backing_fd);
	if (!r)
		r = cow_write_new(fd, &d->cow);
	if (!r && fdatasync(fd))
		r = -errno;
	if (r)
		goto fail;
	return fd;
fail:
	snprintf(err, errlen, "ubd%d: cannot create COW file '%s': %s",
		 n, d->file, errstr(r));
	close(fd);
	unlink(d->file);
	return r;
}

static int open_cow(int n, struct ubd_host_dev *d, int writable, int shared,
		    char *err, int errlen)
{
	unsigned int mismatch = 0;
	int r;

	if (d->backing[0]) {
		/* COW,BACKING: the backing file first, the COW may be new. */
		d->backing_fd = open_image(n, d->backing, 0, shared, err,
					   errlen);
		if (d->backing_fd < 0)
			return d->backing_fd;
		if (access(d->file, F_OK) && errno == ENOENT && writable) {
			d->fd = create_cow(n, d, err, errlen);
			return d->fd < 0 ? d->fd : 0;
		}
		d->fd = open_image(n, d->file, writable, shared, err, errlen);
		if (d->fd < 0)
			return d->fd;
		r = cow_read_header(d->fd, &d->cow);
		if (r) {
			snprintf(err, errlen, "ubd%d: '%s' is not a usable COW file: %s",
				 n, d->file, errstr(r));
			return r;
		}
	} else {
		/* The backing file is named in the header read by the caller. */
		size_t len = strlen(d->cow.backing_file);

		if (len >= sizeof(d->backing))
			return -ENAMETOOLONG;
		memcpy(d->backing, d->cow.backing_file, len + 1);
		d->backing_fd = open_image(n, d->backing, 0, shared, err,
					   errlen);
		if (d->backing_fd < 0)
			return d->backing_fd;
	}
	r = cow_check_backing(&d->cow, d->backing_fd, &mismatch);
	if (r) {
		snprintf(err, errlen,
			 "ubd%d: backing file '%s' of COW file '%s' has changed since the COW was made (%s%s%s)",
			 n, d->backing, d->file,
			 mismatch & COW_MISMATCH_SIZE ? "size" : "",
			 mismatch == (COW_MISMATCH_SIZE | COW_MISMATCH_MTIME) ?
			 " and " : "",
			 mismatch & COW_MISMATCH_MTIME ? "mtime" : "");
		return r;
	}
	return 0;
}

static int load_bitmap(int n, struct ubd_host_dev *d, char *err, int errlen)
{
	int r;

	d->bitmap = calloc(1, d->cow.bitmap_len ? d->cow.bitmap_len : 1);
	if (!d->bitmap)
		return -ENOMEM;
	r = cow_full_io(d->fd, d->bitmap, d->cow.bitmap_len,
			d->cow.bitmap_offset, 0);
	/* A bitmap cut short by a truncated file reads as zero. */
	if (r == -ENODATA)
		r = 0;
	if (r)
		snprintf(err, errlen, "ubd%d: cannot read the bitmap of '%s': %s",
			 n, d->file, strerror(-r));
	return r;
}

int ubd_host_open(int n, unsigned long long *size, unsigned int *flags,
		  char *err, int errlen)
{
	struct ubd_host_dev *d;
	int writable, shared, r;
	uint64_t sz;

	if (n < 0 || n >= UBD_MAX_DEVS || !devs[n].configured)
		return -ENODEV;
	d = &devs[n];
	if (d->open)
		goto report;

	writable = !(d->flags & UBD_FL_RO);
	shared = !!(d->flags & UBD_FL_SHARED);
	d->fd = -1;
	d->backing_fd = -1;
	err[0] = '\0';
	if (d->backing[0]) {
		r = open_cow(n, d, writable, shared, err, errlen);
	} else {
		d->fd = open_image(n, d->file, writable, shared, err, errlen);
		if (d->fd < 0) {
			r = d->fd;
			goto fail;
		}
		r = cow_read_header(d->fd, &d->cow);
		if (!r)
			r = open_cow(n, d, writable, shared, err, errlen);
		else if (r == -EINVAL || r == -ENOTSUP)
			r = 0;	/* a plain image */
	}
	if (r)
		goto fail;

	if (d->backing_fd >= 0) {
		d->flags |= UBD_FL_COW;
		d->size = d->cow.size;
		r = load_bitmap(n, d, err, errlen);
		if (r)
			goto fail;
	} else {
		r = cow_fd_size(d->fd, &sz);
		if (r) {
			snprintf(err, errlen, "ubd%d: cannot get the size of '%s': %s",
				 n, d->file, strerror(-r));
			goto fail;
		}
		d->size = sz;
	}
	d->size &= ~(unsigned long long)(UBD_SECTOR_SIZE - 1);
	pthread_mutex_init(&d->lock, NULL);
	d->dirty_lo = ~0ULL;
	d->dirty_hi = 0;
	d->open = 1;
report:
	*size = d->size;
	*flags = d->flags;
	return 0;
fail:
	if (!err[0])
		snprintf(err, errlen, "ubd%d: cannot open '%s': %s", n,
			 d->file, errstr(r));
	if (d->fd >= 0)
		close(d->fd);
	if (d->backing_fd >= 0)
		close(d->backing_fd);
	free(d->bitmap);
	d->bitmap = NULL;
	d->fd = -1;
	d->backing_fd = -1;
	d->flags &= ~UBD_FL_COW;
	return r;
}

void ubd_host_describe(int n, char *buf, int len)
{
	struct ubd_host_dev *d = &devs[n];

	if (d->flags & UBD_FL_COW)
		snprintf(buf, len, "'%s' over '%s'", d->file, d->backing);
	else
		snprintf(buf, len, "'%s'", d->file);
}

void ubd_host_spec(int n, char *buf, int len)
{
	struct ubd_host_dev *d = &devs[n];

	if (d->backing[0])
		snprintf(buf, len, "%s,%s", d->file, d->backing);
	else
		snprintf(buf, len, "%s", d->file);
}

/*
 * Before main(), glibc passes the executable's constructors argc and
 * argv: the images are opened (and checked, and locked) here, so that a
 * bad one ends the process with its one line before the kernel has
 * printed anything.  Any "-" option is left to main().  The kernel's
 * own parse of the same options (ubd_host_parse()) keeps open devices.
 */
static void __attribute__((constructor))
ubd_host_early(int argc, char **argv, char **envp)
{
	unsigned long long size;
	unsigned int flags;
	char err[1024];
	int i;

	if (argc < 2 || !argv)
		return;
	for (i = 1; i < argc; i++)
		if (argv[i][0] == '-')
			return;
	for (i = 1; i < argc; i++) {
		if (strncmp(argv[i], "ubd", 3))
			continue;
		if (ubd_host_parse(argv[i] + 3, err, sizeof(err)) < 0)
			goto fatal;
	}
	for (i = 0; i < UBD_MAX_DEVS; i++) {
		if (devs[i].configured &&
		    ubd_host_open(i, &size, &flags, err, sizeof(err)))
			goto fatal;
	}
	return;
fatal:
	fprintf(stderr, "linux: %s\n", err);
	exit(1);
}

/* --- the I/O threads ------------------------------------------------ */

/*
 * Read or write bytes [start, start + len) of the request's buffer at
 * file offset @off of @fd.
 */
static int rw_part(int fd, int write, struct ubd_host_req *req,
		   unsigned long long start, unsigned long long len,
		   unsigned long long off)
{
	struct iovec iov[UBD_MAX_SEGS];
	unsigned long long pos = 0;
	int i, nr = 0;

	for (i = 0; i < req->nr_segs && len; i++) {
		struct ubd_host_seg *s = &req->segs[i];
		unsigned long long skip, take;

		if (pos + s->len <= start) {
			pos += s->len;
			continue;
		}
		skip = start > pos ? start - pos : 0;
		take = s->len - skip;
		if (take > len)
			take = len;
		iov[nr].iov_base = (char *)s->buf + skip;
		iov[nr].iov_len = take;
		nr++;
		len -= take;
		pos += s->len;
		start = pos;
	}
	if (len)
		return -EINVAL;

	/* Loop over short transfers by advancing the vector. */
	i = 0;
	while (i < nr) {
		ssize_t r = write ? pwritev(fd, iov + i, nr - i, off) :
				    preadv(fd, iov + i, nr - i, off);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!r) {
			if (write)
				return -EIO;
			/* Past the end of a file that shrank: zeros. */
			for (; i < nr; i++)
				memset(iov[i].iov_base, 0, iov[i].iov_len);
			return 0;
		}
		off += r;
		while (i < nr && (size_t)r >= iov[i].iov_len) {
			r -= iov[i].iov_len;
			i++;
		}
		if (i < nr) {
			iov[i].iov_base = (char *)iov[i].iov_base + r;
			iov[i].iov_len -= r;
		}
	}
	return 0;
}

static void mark_dirty(struct ubd_host_dev *d, unsigned long long first,
		       unsigned long long last)
{
	unsigned long long lo = first >> 3, hi = (last >> 3) + 1;

	if (lo < d->dirty_lo)
		d->dirty_lo = lo;
	if (hi > d->dirty_hi)
		d->dirty_hi = hi;
}

/* Set the bits of sectors [first, last]; under d->lock. */
static void set_bits(struct ubd_host_dev *d, unsigned long long first,
		     unsigned long long last)
{
	unsigned long long s;

	for (s = first; s <= last; s++)
		cow_bitmap_set(d->bitmap, s);
	mark_dirty(d, first, last);
}

/*
 * Make written data durable; for COW devices then write the dirty part
 * of the bitmap and make that durable too.  Holding the lock from before
 * the data sync keeps bits of later writes (set under the lock, after
 * their data was written) out of the bitmap written here... unless their
 * data was written before the sync began, which is fine.
 */
static int flush_dev(struct ubd_host_dev *d)
{
	int r = 0;

	if (!(d->flags & UBD_FL_COW))
		return fdatasync(d->fd) ? -errno : 0;

	pthread_mutex_lock(&d->lock);
	if (fdatasync(d->fd))
		r = -errno;
	if (!r && d->dirty_hi > d->dirty_lo) {
		r = cow_full_io(d->fd, d->bitmap + d->dirty_lo,
				d->dirty_hi - d->dirty_lo,
				d->cow.bitmap_offset + d->dirty_lo, 1);
		if (!r && fdatasync(d->fd))
			r = -errno;
		if (!r) {
			d->dirty_lo = ~0ULL;
			d->dirty_hi = 0;
		}
	}
	pthread_mutex_unlock(&d->lock);
	return r;
}

static int do_read_cow(struct ubd_host_dev *d, struct ubd_host_req *req)
{
	unsigned long long first = req->offset / UBD_SECTOR_SIZE;
	unsigned long long nr = req->len / UBD_SECTOR_SIZE;
	unsigned long long i = 0;
	int r = 0;

	while (i < nr && !r) {
		unsigned long long j = i;
		int bit;

		pthread_mutex_lock(&d->lock);
		bit = cow_bitmap_test(d->bitmap, first + i);
		while (j < nr && cow_bitmap_test(d->bitmap, first + j) == bit)
			j++;
		pthread_mutex_unlock(&d->lock);
		r = rw_part(bit ? d->fd : d->backing_fd, 0, req,
			    i * UBD_SECTOR_SIZE, (j - i) * UBD_SECTOR_SIZE,
			    (bit ? d->cow.data_offset : 0) +
			    (first + i) * UBD_SECTOR_SIZE);
		i = j;
	}
	return r;
}

static int zero_range(int fd, unsigned long long off, unsigned long long len,
		      int must_zero)
{
	static const char zeros[65536];

	if (!fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		       off, len))
		return 0;
	if (errno != EOPNOTSUPP)
		return -errno;
	if (!must_zero)
		return 0;
	while (len) {
		size_t n = len < sizeof(zeros) ? len : sizeof(zeros);
		int r = cow_full_io(fd, (void *)zeros, n, off, 1);

		if (r)
			return r;
		off += n;
		len -= n;
	}
	return 0;
}

static int do_request(struct ubd_host_req *req)
{
	struct ubd_host_dev *d;
	int cow, r;

	if (req->dev < 0 || req->dev >= UBD_MAX_DEVS || !devs[req->dev].open)
		return -ENODEV;
	d = &devs[req->dev];
	cow = d->flags & UBD_FL_COW;
	if (req->op != UBD_OP_FLUSH &&
	    (req->offset > d->size || req->len > d->size - req->offset ||
	     (req->offset | req->len) & (UBD_SECTOR_SIZE - 1)))
		return -EIO;
	if (req->op != UBD_OP_READ && req->op != UBD_OP_FLUSH &&
	    (d->flags & UBD_FL_RO))
		return -EROFS;

	switch (req->op) {
	case UBD_OP_READ:
		if (cow)
			return do_read_cow(d, req);
		return rw_part(d->fd, 0, req, 0, req->len, req->offset);
	case UBD_OP_WRITE:
		r = rw_part(d->fd, 1, req, 0, req->len,
			    req->offset + (cow ? d->cow.data_offset : 0));
		break;
	case UBD_OP_DISCARD:
	case UBD_OP_WRITE_ZEROES:
		r = zero_range(d->fd, req->offset +
			       (cow ? d->cow.data_offset : 0), req->len,
			       req->op == UBD_OP_WRITE_ZEROES || cow);
		break;
	case UBD_OP_FLUSH:
		return flush_dev(d);
	default:
		return -EOPNOTSUPP;
	}
	if (r)
		return r;
	if (cow && req->len) {
		unsigned long long first = req->offset / UBD_SECTOR_SIZE;

		pthread_mutex_lock(&d->lock);
		set_bits(d, first, first + req->len / UBD_SECTOR_SIZE - 1);
		pthread_mutex_unlock(&d->lock);
	}
	if ((req->flags & UBD_REQ_FUA) || (d->flags & UBD_FL_SYNC))
		r = flush_dev(d);
	return r;
}

static void *io_thread(void *arg)
{
	struct ubd_host_req *req;

	for (;;) {
		ssize_t n = read(req_pipe[0], &req, sizeof(req));

		if (n < 0 && errno == EINTR)
			continue;
		if (n != sizeof(req))
			return NULL;
		req->error = do_request(req);
		for (;;) {
			n = write(done_pipe[1], &req, sizeof(req));
			if (n == sizeof(req) || (n < 0 && errno != EINTR))
				break;
		}
	}
}

int ubd_host_start(void)
{
	sigset_t all, old;
	pthread_attr_t attr;
	pthread_t t;
	int i, r = 0;

	if (done_pipe[0] >= 0)
		return done_pipe[0];
	if (pipe2(req_pipe, O_CLOEXEC))
		return -errno;
	if (pipe2(done_pipe, O_CLOEXEC)) {
		r = -errno;
		close(req_pipe[0]);
		close(req_pipe[1]);
		return r;
	}
	/* The kernel must never block on a full request pipe. */
	fcntl(req_pipe[1], F_SETFL, O_NONBLOCK);

	/* The threads inherit a mask with every signal blocked. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	for (i = 0; i < UBD_THREADS; i++) {
		r = pthread_create(&t, &attr, io_thread, NULL);
		if (r) {
			r = -r;
			break;
		}
	}
	pthread_attr_destroy(&attr);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (i == 0)
		return r;
	return done_pipe[0];
}

int ubd_host_submit(struct ubd_host_req *req)
{
	ssize_t n;

	do {
		n = write(req_pipe[1], &req, sizeof(req));
	} while (n < 0 && errno == EINTR);
	if (n == sizeof(req))
		return 0;
	return n < 0 ? -errno : -EIO;
}

struct ubd_host_req *ubd_host_next_done(void)
{
	struct ubd_host_req *req;
	ssize_t n;

	do {
		n = read(done_pipe[0], &req, sizeof(req));
	} while (n < 0 && errno == EINTR);
	return n == sizeof(req) ? req : NULL;
}

int ubd_host_sync(int n)
{
	if (n < 0 || n >= UBD_MAX_DEVS || !devs[n].open)
		return -ENODEV;
	if (devs[n].flags & UBD_FL_RO)
		return 0;
	return flush_dev(&devs[n]);
}

void ubd_host_unlock(int n)
{
	struct ubd_host_dev *d;

	if (n < 0 || n >= UBD_MAX_DEVS || !devs[n].open)
		return;
	d = &devs[n];
	if (d->flags & UBD_FL_SHARED)
		return;
	flock(d->fd, LOCK_UN);
	if (d->backing_fd >= 0)
		flock(d->backing_fd, LOCK_UN);
}

void ubd_host_close(int n)
{
	struct ubd_host_dev *d;

	if (n < 0 || n >= UBD_MAX_DEVS)
		return;
	d = &devs[n];
	if (d->open) {
		ubd_host_sync(n);
		ubd_host_unlock(n);
		close(d->fd);
		if (d->backing_fd >= 0)
			close(d->backing_fd);
		free(d->bitmap);
		pthread_mutex_destroy(&d->lock);
	}
	memset(d, 0, sizeof(*d));
	d->fd = -1;
	d->backing_fd = -1;
}
