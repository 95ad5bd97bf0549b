// SPDX-License-Identifier: GPL-2.0
/*
 * vecN:transport=hybrid,ifname=TAP[,gro=1]: a host tap device to send
 * on, and a packet socket on the same device to receive in batches what
 * the host sends to it.  The socket also hears the frames we write to
 * the tap device; the kernel side drops those (our own MAC).  Needs
 * CAP_NET_RAW besides what the tap device needs.
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <net/if.h>
#include "net_transport.h"

struct vec_hybrid {
	char ifname[IFNAMSIZ];
};

static int vec_hybrid_parse(struct net_host_dev *d, char **f, int nr,
			    char *msg, int len)
{
	struct vec_hybrid *h = d->priv;

	if (net_opt_ifname(d, h->ifname, msg, len))
		return -EINVAL;
	d->vnet = d->gro;
	return 0;
}

static int vec_hybrid_open(struct net_host_dev *d, char *msg, int len)
{
	struct vec_hybrid *h = d->priv;
	int tap, raw;

	tap = net_tap_open(d, h->ifname, d->vnet, msg, len);
	if (tap < 0)
		return tap;
	raw = net_raw_open(d, h->ifname, d->vnet, 1, msg, len);
	if (raw < 0) {
		close(tap);
		return raw;
	}
	d->tx_fd = tap;
	d->no_sendmmsg = 1;
	d->fd = raw;
	return 0;
}

static void vec_hybrid_describe(const struct net_host_dev *d, char *msg,
				int len)
{
	const struct vec_hybrid *h = d->priv;

	snprintf(msg, len,
		 "host tap device %s, received through a raw socket",
		 h->ifname);
}

static const struct net_transport_ops vec_hybrid_ops = {
	.name		= "hybrid",
	.family		= NET_VEC,
	.framing	= NET_FRAME_ETH,
	.priv_size	= sizeof(struct vec_hybrid),
	.parse		= vec_hybrid_parse,
	.describe	= vec_hybrid_describe,
	.open		= vec_hybrid_open,
	.send_batch	= net_vec_send,
	.recv_batch	= net_vec_recv,
};

static void __attribute__((constructor(NET_TRANSPORT_PRIO)))
vec_hybrid_register(void)
{
	net_register_transport(&vec_hybrid_ops);
}
