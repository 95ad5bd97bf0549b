/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Network transports, host side: what every transport file provides
 * (one ops table each) and what the common part (net_host.c) gives them.
 * Host-side only: glibc types are fine here, the kernel never sees this.
 *
 * A transport registers itself from a constructor of priority
 * NET_TRANSPORT_PRIO, which runs before the ethN= options are parsed
 * (also from a constructor, at the default priority): adding a transport
 * is adding a file and naming it in the Makefile.
 */
#ifndef __NET_TRANSPORT_H
#define __NET_TRANSPORT_H

#include <stddef.h>
#include <sys/socket.h>
#include "net_host.h"

#define NET_FIELDS		8
#define NET_TRANSPORT_PRIO	101
/* How long a full peer may hold the kernel up before a frame is dropped. */
#define NET_SEND_WAIT_MS	20

struct net_host_dev;

struct net_transport_ops {
	const char *name;
	/* Which comma-separated field of the option is the MAC, or 0. */
	int mac_field;
	/* NET_FRAME_ETH or NET_FRAME_IP */
	int framing;
	/* Size of the transport's own state, zeroed, at dev->priv. */
	size_t priv_size;
	/*
	 * The option's fields, f[0] the transport's name.  Fill @msg and
	 * return -EINVAL for a bad one, -E2BIG for too many fields.
	 */
	int (*parse)(struct net_host_dev *d, char **f, int nr, char *msg,
		     int len);
	void (*describe)(const struct net_host_dev *d, char *msg, int len);
	/* Set d->fd (non-blocking), or fill @msg and return -errno. */
	int (*open)(struct net_host_dev *d, char *msg, int len);
	/* What there is to undo besides closing d->fd; may be NULL. */
	void (*close)(struct net_host_dev *d);
	/* One frame: 0 or -errno (see net_host_send/net_host_recv). */
	int (*send)(struct net_host_dev *d, const void *frame,
		    unsigned int len);
	int (*recv)(struct net_host_dev *d, void *frame, unsigned int len);
};

struct net_host_dev {
	int n;				/* ethN */
	int configured;
	const struct net_transport_ops *ops;
	char spec[NET_SPEC_MAX];
	int have_mac;
	unsigned char mac[NET_MAC_LEN];
	int fd;				/* frames; -1 while closed */
	void *priv;			/* the transport's own */
};

void net_register_transport(const struct net_transport_ops *ops);

/* Helpers for the transports. */
int net_parse_uint(const char *s, unsigned long max, unsigned long *v);
/* Wait up to @ms for @events on @fd: 1 if they came, 0 or -errno if not. */
int net_wait_fd(int fd, short events, int ms);
/*
 * Send a frame as one datagram (to @to, or with write() when @to is
 * NULL), waiting NET_SEND_WAIT_MS once if the peer is full.
 */
int net_send_datagram(struct net_host_dev *d, const void *frame,
		      unsigned int len, const struct sockaddr *to,
		      socklen_t tolen);
/*
 * Receive one datagram (with read() when @from is NULL), its sender in
 * @from/@fromlen; an oversized one is consumed and gives -EMSGSIZE.
 */
int net_recv_datagram(struct net_host_dev *d, void *frame, unsigned int len,
		      struct sockaddr *from, socklen_t *fromlen);

#endif
