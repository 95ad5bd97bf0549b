/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Network devices ethN and vecN, host/kernel interface.  The host side
 * (net_host.c) parses the ethN= and vecN: options and owns the
 * transport: a host tap device, a uml_switch port, a multicast group, a
 * raw socket, a GRE tunnel...  The kernel side (net_kern.c) is an
 * ordinary Ethernet net_device that moves whole frames through it, a
 * batch at a time.
 *
 * Both families share one table of devices: ethN is slot N, vecN slot
 * NET_VEC_SLOT(N); every function below takes the slot.
 *
 * The transport is opened when the guest brings the interface up and
 * closed when it takes it down; its descriptor raises the device's IRQ
 * when a frame can be read.
 *
 * Nothing here takes or returns a kernel or glibc type; functions
 * return >= 0 on success, -errno on failure, and fill @msg (of @len
 * bytes) with a one-line reason where they say so.
 */
#ifndef __NET_HOST_H
#define __NET_HOST_H

#define NET_MAX_DEVS	16		/* of each family */
#define NET_MAX_SLOTS	(2 * NET_MAX_DEVS)
#define NET_VEC_SLOT(n)	(NET_MAX_DEVS + (n))
#define NET_MAC_LEN	6
#define NET_SPEC_MAX	512

/* The two families of devices, by their name's prefix. */
#define NET_ETH		0	/* ethN=TRANSPORT,ARG,...  (one frame a call) */
#define NET_VEC		1	/* vecN:transport=NAME,KEY=VALUE,... */

/*
 * Record the option of @family, @opt being its text after "eth" or
 * "vec" ("0=tuntap,tap0" or "0:transport=tap,ifname=tap0"), and return
 * its slot.  See the README for the syntax.  Fails if the text is
 * malformed, or if the device is configured already.
 */
int net_host_parse(int family, const char *opt, char *msg, int len);
int net_host_configured(int slot);
/* Forget the device's configuration (it must be closed). */
void net_host_forget(int slot);

/*
 * What the transport carries: Ethernet frames, or bare IP packets
 * (slirp), for which ethN has no link-layer header and no ARP.
 */
#define NET_FRAME_ETH	0
#define NET_FRAME_IP	1

/*
 * Room for what a transport puts before a frame it receives (an IP
 * and a GRE or L2TPv3 header), and the largest frame that a transport
 * with offloads hands over (a virtio net header and 64 KiB).
 */
#define NET_ENCAP_MAX	128
#define NET_VNET_HDR_LEN 10		/* struct virtio_net_hdr */
#define NET_GSO_MAX	(NET_VNET_HDR_LEN + 65536)

/* What the kernel side needs to know to make the device. */
struct net_host_info {
	int framing;			/* NET_FRAME_* */
	int have_mac;
	unsigned char mac[NET_MAC_LEN];
	int depth;			/* frames per batch; 1: one at a time */
	int vnet;			/* frames start with a virtio net header */
	int mtu;			/* 0: the default */
	int headroom;			/* extra skb headroom asked for */
};

void net_host_info(int slot, struct net_host_info *info);

/* The option as given ("daemon,,unix,/tmp/uml.ctl"). */
void net_host_spec(int slot, char *msg, int len);
/* What the transport is, for the boot log ("uml_switch /tmp/uml.ctl"). */
void net_host_describe(int slot, char *msg, int len);

/* Open the transport; returns the descriptor to wait on for frames. */
int net_host_open(int slot, char *msg, int len);
void net_host_close(int slot);

/*
 * Frames move in batches of at most the device's depth.  A frame to
 * send is a list of pieces (an skb's head and its page fragments).
 */
#define NET_TX_SEGS	20
struct net_seg {
	const void *base;
	unsigned long len;
};

struct net_tx {
	struct net_seg seg[NET_TX_SEGS];
	int nr_seg;
};

/*
 * A frame received goes to @buf (@room bytes); on return @len is its
 * length and @off where it starts in @buf (after the transport's own
 * header), or @len is -EMSGSIZE (too big, dropped) or -EPROTO (not a
 * frame for this device: a wrong key or session, dropped).
 */
struct net_rx {
	void *buf;
	unsigned int room;
	int len;
	unsigned int off;
};

/*
 * net_host_send takes up to @nr frames and returns how many it took (a
 * full peer may make it take fewer; the rest are the caller's to drop);
 * net_host_recv fills up to @nr and returns how many it filled, 0 when
 * there is none.  Either returns -errno when the transport is gone (a
 * slirp that exited, a tap device deleted on the host).
 */
int net_host_send(int slot, struct net_tx *tx, int nr);
int net_host_recv(int slot, struct net_rx *rx, int nr);

#endif
