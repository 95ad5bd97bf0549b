/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Network transports, host side: what every transport file provides
 * (one ops table each) and what the common part (net_host.c) gives them.
 * Host-side only: glibc types are fine here, the kernel never sees this.
 *
 * A transport serves one family of devices: ethN (its option is comma-
 * separated fields, f[0] its name) or vecN (KEY=VALUE options, which it
 * takes with net_opt() and the like; the common ones, transport=,
 * depth=, mac=, gro=, vec=, mtu= and headroom=, are read for it).
 * Frames move in batches: a transport gives send_batch/recv_batch, or
 * send/recv for one frame, which the common part calls in a loop.
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
#include <netinet/in.h>
#include "net_host.h"

#define NET_FIELDS		8
#define NET_OPTS_MAX		32
/* Batches: ethN's (one frame a call underneath), vecN's by default. */
#define NET_ETH_DEPTH		8
#define NET_VEC_DEPTH		64
#define NET_VEC_DEPTH_MAX	1024
#define NET_VEC_MTU_MIN		68
#define NET_VEC_MTU_MAX		9000
#define NET_VEC_HEADROOM_MAX	256
#define NET_TRANSPORT_PRIO	101
/* How long a full peer may hold the kernel up before a frame is dropped. */
#define NET_SEND_WAIT_MS	20

struct net_host_dev;

struct net_transport_ops {
	const char *name;
	int family;			/* NET_ETH or NET_VEC */
	/* Which comma-separated field of the option is the MAC, or 0. */
	int mac_field;
	/* NET_FRAME_ETH or NET_FRAME_IP */
	int framing;
	/* Size of the transport's own state, zeroed, at dev->priv. */
	size_t priv_size;
	/*
	 * The option's fields, f[0] the transport's name (NET_ETH; a vecN
	 * gets nr == 0 and takes its options with net_opt()).  Fill @msg
	 * and return -EINVAL for a bad one, -E2BIG for too many fields.
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
	/* A batch (net_host.h); may be NULL, then send/recv one by one. */
	int (*send_batch)(struct net_host_dev *d, struct net_tx *tx, int nr);
	int (*recv_batch)(struct net_host_dev *d, struct net_rx *rx, int nr);
	/*
	 * For net_vec_send/net_vec_recv: write the transport's header
	 * for the next frame to @hdr (NET_ENCAP_MAX bytes) and return its
	 * length; find the frame in a datagram received, return where it
	 * starts or -EPROTO when it is not ours.  May be NULL: none.
	 */
	unsigned int (*encap)(struct net_host_dev *d, unsigned char *hdr);
	int (*decap)(struct net_host_dev *d, const unsigned char *buf,
		     unsigned int len);
};

/* A vecN option KEY=VALUE. */
struct net_opt {
	const char *key;
	const char *val;
	int used;
};

/* Where a vecN's batches are built, for net_vec_send/net_vec_recv. */
struct net_vec_io;

struct net_host_dev {
	int n;				/* the N of ethN or vecN */
	int family;
	char name[8];			/* "eth0", "vec0" */
	int configured;
	const struct net_transport_ops *ops;
	char spec[NET_SPEC_MAX];
	int have_mac;
	unsigned char mac[NET_MAC_LEN];
	int fd;				/* frames; -1 while closed */
	void *priv;			/* the transport's own */
	/* vecN only */
	char optbuf[NET_SPEC_MAX];	/* the options, split */
	struct net_opt opts[NET_OPTS_MAX];
	int nr_opts;
	int depth;			/* batch size, 1 with vec=0 */
	int gro;			/* gro=1: offloads wanted */
	int vnet;			/* the transport carries virtio net headers */
	int mtu, headroom;
	int tx_fd;			/* where frames go, if not fd (hybrid) */
	int no_sendmmsg;		/* tx_fd is no socket: writev */
	int no_recvmmsg;		/* fd is no socket: readv */
	int lossy;			/* an IP tunnel: ICMP errors lose a frame */
	struct net_vec_io *io;
};

void net_register_transport(const struct net_transport_ops *ops);

/*
 * vecN options: the value of KEY (NULL when absent), marked as used;
 * an option nobody used is an error once the transport's parse is done.
 * The others fill @msg ("vec0: bad value 'x' for depth= (1 to 1024)")
 * and return -EINVAL for a bad value, or leave *v alone when absent.
 */
const char *net_opt(struct net_host_dev *d, const char *key);
int net_opt_uint(struct net_host_dev *d, const char *key, unsigned long max,
		 unsigned long *v, char *msg, int len);
int net_opt_bool(struct net_host_dev *d, const char *key, int *v, char *msg,
		 int len);
/* ifname=NAME: required, a valid interface name. */
int net_opt_ifname(struct net_host_dev *d, char *name, char *msg, int len);

/* The two ends of an IP tunnel (gre, l2tpv3), read from the options. */
struct net_tunnel {
	struct sockaddr_storage src, dst;
	socklen_t alen;
	int have_src;
	int v6;
};
/*
 * dst=ADDR (required) and src=ADDR, numeric IPv4 or IPv6 addresses of
 * one family, which v6=0 or v6=1 may impose, with ports @sport and
 * @dport (for UDP; 0 for raw IP).
 */
int net_opt_tunnel(struct net_host_dev *d, struct net_tunnel *t,
		   unsigned int sport, unsigned int dport, char *msg, int len);
/* A socket bound to src and connected to dst; sets d->fd, or -errno. */
int net_tunnel_open(struct net_host_dev *d, const struct net_tunnel *t,
		    int type, int proto, char *msg, int len);
/* What net_tunnel_open talks to, for describe ("10.0.0.2 from 10.0.0.1"). */
void net_tunnel_describe(const struct net_tunnel *t, char *msg, int len);

/*
 * vecN batches over d->fd (receive) and d->tx_fd (send): recvmmsg and
 * sendmmsg on a socket, readv/writev one by one on anything else; with
 * the transport's encap/decap around each frame.
 */
int net_vec_send(struct net_host_dev *d, struct net_tx *tx, int nr);
int net_vec_recv(struct net_host_dev *d, struct net_rx *rx, int nr);

/*
 * Host interfaces, for the transports on them: a descriptor, or fill
 * @msg and return -errno.  net_tap_open (net_tuntap.c) attaches to tap
 * device @ifname, with virtio net headers and offloads if @vnet;
 * net_raw_open (net_vec_raw.c) opens a packet socket on @ifname, which
 * hears what the host sends there too if @outgoing.
 */
int net_tap_open(struct net_host_dev *d, const char *ifname, int vnet,
		 char *msg, int len);
int net_raw_open(struct net_host_dev *d, const char *ifname, int vnet,
		 int outgoing, char *msg, int len);

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
