/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ubd driver's host/kernel interface.  The host side (ubd_host.c)
 * owns the image files, the COW bitmaps and a small pool of I/O
 * threads; the kernel side (ubd_kern.c) turns blk-mq requests into
 * struct ubd_host_req and completes them from the UM_UBD_IRQ handler.
 *
 * A request is handed over by pointer through a pipe to the I/O
 * threads; when it is done its pointer comes back through a second
 * pipe, whose read end raises UM_UBD_IRQ.  Data buffers are kernel
 * direct-map addresses, valid host addresses in this process.
 *
 * Nothing here takes or returns a kernel or glibc type; functions
 * return >= 0 on success, -errno on failure.
 */
#ifndef __UBD_HOST_H
#define __UBD_HOST_H

#define UBD_MAX_DEVS	16
#define UBD_SECTOR_SIZE	512

/* Option flags: ubdN[rscd]= */
#define UBD_FL_RO	0x1	/* r: read-only */
#define UBD_FL_SYNC	0x2	/* s: every write is fdatasync'ed */
#define UBD_FL_NOPART	0x4	/* d: data only, no partition table */
#define UBD_FL_SHARED	0x8	/* c: shared, no flock */
#define UBD_FL_COW	0x10	/* reported by ubd_host_open(): COW device */

/* Request operations */
#define UBD_OP_READ		0
#define UBD_OP_WRITE		1
#define UBD_OP_FLUSH		2
#define UBD_OP_DISCARD		3
#define UBD_OP_WRITE_ZEROES	4

/* Request flags */
#define UBD_REQ_FUA	0x1	/* data on stable storage before completion */

/* Enough for any request of at most UBD_MAX_SECTORS, page by page. */
#define UBD_MAX_SECTORS	1024
#define UBD_MAX_SEGS	(UBD_MAX_SECTORS * UBD_SECTOR_SIZE / 4096 + 2)

struct ubd_host_seg {
	void *buf;
	unsigned long len;
};

struct ubd_host_req {
	int dev;			/* 0 .. UBD_MAX_DEVS - 1 */
	int op;				/* UBD_OP_* */
	unsigned int flags;		/* UBD_REQ_* */
	int nr_segs;			/* READ / WRITE only */
	unsigned long long offset;	/* bytes from the start of the disk */
	unsigned long long len;		/* bytes */
	int error;			/* set by the host: 0 or -errno */
	struct ubd_host_seg segs[UBD_MAX_SEGS];
};

/*
 * Record the option "N[flags]=FILE[,BACKING]" (the text after "ubd" of
 * a ubd option).  Returns N; on a malformed option -EINVAL, and @err
 * gets a message.  Repeating an option for a device replaces it.
 */
int ubd_host_parse(const char *opt, char *err, int errlen);

/* Is device @n configured (by ubd_host_parse())? */
int ubd_host_configured(int n);

/*
 * Hot-plug: like ubd_host_parse(), but a device that is configured
 * already is refused (-EBUSY, message in @err).
 */
int ubd_host_parse_new(const char *opt, char *err, int errlen);

/*
 * Hot-unplug, or a hot-plug whose open failed: make device @n's data
 * durable, unlock and close its files, forget its configuration.  No
 * request of it may be in flight.
 */
void ubd_host_close(int n);

/*
 * Open, lock (and for COW devices check or create) the files of device
 * @n; *size gets the size of the disk in bytes (a multiple of 512),
 * *flags its UBD_FL_* flags.  Calling it again for an open device only
 * reports.  On failure @err gets a one-line message naming the device
 * and the file ("ubd0: cannot open 'x.img': No such file or directory").
 */
int ubd_host_open(int n, unsigned long long *size, unsigned int *flags,
		  char *err, int errlen);

/* "'FILE'" or "'COW' over 'BACKING'", for the boot log. */
void ubd_host_describe(int n, char *buf, int len);

/* "FILE" or "COW,BACKING": the device's files, as in the option. */
void ubd_host_spec(int n, char *buf, int len);

/*
 * Start the I/O threads.  Returns the descriptor to read completions
 * from (to be registered for UM_UBD_IRQ), or -errno.
 */
int ubd_host_start(void);

/* Hand a request to the I/O threads; -EAGAIN if they are backed up. */
int ubd_host_submit(struct ubd_host_req *req);

/* The next completed request, or NULL if there is none right now. */
struct ubd_host_req *ubd_host_next_done(void);

/*
 * Make everything written to device @n so far durable: data, then the
 * COW bitmap.  Synchronous; for shutdown and panic.
 */
int ubd_host_sync(int n);

/*
 * Drop the locks of device @n (at restart: the guests' host processes
 * hold copies of our descriptors, and so would keep the lock alive
 * across the re-exec of the kernel).
 */
void ubd_host_unlock(int n);

#endif
