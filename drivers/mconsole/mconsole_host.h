/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The management console: the host side (mconsole_host.c) for the
 * kernel side (mconsole_kern.c).  The wire format is the classic one
 * that uml_mconsole speaks: every value in host byte order.
 */
#ifndef __UM_MCONSOLE_HOST_H
#define __UM_MCONSOLE_HOST_H

#define MC_MAGIC	0xcafebabe
#define MC_VERSION	2
#define MC_DATA_LEN	512

/* A request datagram: the client always sends all of it. */
struct mc_wire_request {
	unsigned int magic;
	unsigned int version;
	unsigned int len;		/* bytes of data used */
	char data[MC_DATA_LEN];
};

/* A reply datagram: only the header and len bytes are sent. */
struct mc_wire_reply {
	unsigned int err;		/* 1: data is an error message */
	unsigned int more;		/* 1: more replies follow */
	unsigned int len;		/* bytes of data, with its final NUL */
	char data[MC_DATA_LEN];
};

#define MC_REQ_HDR	12
#define MC_REPLY_HDR	12

/*
 * A notification, sent by the kernel to the host program named by
 * mconsole=notify:SOCKET (a unix datagram socket): the header and len
 * bytes of data, a NUL-terminated text.
 */
#define MC_NOTIFY_SOCKET	0	/* at boot: our mconsole socket's path */
#define MC_NOTIFY_PANIC		1	/* the panic message */
#define MC_NOTIFY_HANG		2	/* the kernel stopped making progress */
#define MC_NOTIFY_USER		3	/* written to /proc/mconsole in the guest */

struct mc_wire_notify {
	unsigned int magic;		/* MC_MAGIC */
	unsigned int version;		/* MC_VERSION */
	unsigned int type;		/* MC_NOTIFY_* */
	unsigned int len;		/* bytes of data, with its final NUL */
	char data[MC_DATA_LEN];
};

#define MC_NOTIFY_HDR	16

/* Where a request came from (a struct sockaddr_un, opaque here). */
struct mc_peer {
	unsigned int len;
	char addr[124];
};

/*
 * Create the socket DIR/mconsole (a stale one is replaced) and return
 * its non-blocking descriptor; path receives the socket's name.
 */
int mc_host_open(const char *dir, char *path, unsigned int path_len);

/*
 * Take one datagram, if any (-EAGAIN if none).  Returns its length,
 * which is more than len if it was too long.  *foreign is set when the
 * sender is another user (neither ours nor root).
 */
int mc_host_recv(int fd, void *buf, unsigned int len, struct mc_peer *peer,
		 int *foreign);

/* Send one datagram, never blocking: -EAGAIN if the peer is full. */
int mc_host_send(int fd, const void *buf, unsigned int len,
		 const struct mc_peer *peer);

/* Sleep until fd is readable or a signal arrives. */
void mc_host_wait(int fd);

/* A socket to send notifications from; -errno on failure. */
int mc_host_notify_open(void);

/*
 * Send one notification of @type with the text @text (cut to fit) to
 * the socket @path.  Never blocks for more than about a second (a
 * listener that does not read loses it).  Returns 0 or -errno.
 */
int mc_host_notify(int fd, const char *path, unsigned int type,
		   const char *text, unsigned int len);

/*
 * The hang watchdog (mconsole=hang:SECONDS, with notify): a child
 * process pings the kernel every second through a socket pair whose
 * kernel end raises UM_MCONSOLE_WATCHDOG_IRQ, and sends MC_NOTIFY_HANG
 * when a ping has had no answer for SECONDS.  Messages are single bytes.
 *
 * IRQs 0 to 4 are um_irq.h's, 8 and up are the network driver's.
 */
#define UM_MCONSOLE_WATCHDOG_IRQ	5

#define MC_WD_PING	'p'	/* child: answer, please */
#define MC_WD_HUNG	'h'	/* child: I reported you hung */
#define MC_WD_ALIVE	'a'	/* kernel: the answer to a ping */
#define MC_WD_STOP	's'	/* kernel: frozen by "stop", it is no hang */
#define MC_WD_GO	'g'	/* kernel: running again after "go" */

/*
 * Start the watchdog child for the notification socket @path.  Returns
 * its pid and puts the kernel's end of the pair in *fd, or -errno.
 */
int mc_host_watchdog_start(const char *path, unsigned int seconds, int *fd);

/* Kill the child (if it still runs) and reap it. */
void mc_host_watchdog_stop(int pid);

/* What came on the kernel's end: bytes read, 0 at its end, or -errno. */
int mc_host_watchdog_read(int fd, char *buf, unsigned int len);

/* Send one message byte to the child, never blocking. */
void mc_host_watchdog_send(int fd, char msg);

/*
 * The child is gone, but its descriptor stays bound to the IRQ: make it
 * one that is never ready again, or every SIGIO would call the handler.
 */
void mc_host_watchdog_mute(int fd);

#endif
