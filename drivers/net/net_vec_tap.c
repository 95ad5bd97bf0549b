// SPDX-License-Identifier: GPL-2.0
/*
 * vecN:transport=tap,ifname=TAP[,gro=1]: a tap device of the host, which
 * must exist and belong to the user (or the kernel have CAP_NET_ADMIN).
 * A tap device moves one frame per read or write, so its batches are
 * loops; gro=1 puts a virtio net header before every frame, through
 * which checksums and TCP segmentation are left to whoever can do them.
 */
#include <errno.h>
#include <stdio.h>
#include <net/if.h>
#include "net_transport.h"

struct vec_tap {
	char ifname[IFNAMSIZ];
};

static int vec_tap_parse(struct net_host_dev *d, char **f, int nr,
			 char *msg, int len)
{
	struct vec_tap *t = d->priv;

	if (net_opt_ifname(d, t->ifname, msg, len))
		return -EINVAL;
	d->vnet = d->gro;
	return 0;
}

static int vec_tap_open(struct net_host_dev *d, char *msg, int len)
{
	struct vec_tap *t = d->priv;
	int fd = net_tap_open(d, t->ifname, d->vnet, msg, len);

	if (fd < 0)
		return fd;
	d->fd = fd;
	d->no_sendmmsg = 1;
	d->no_recvmmsg = 1;
	return 0;
}

static void vec_tap_describe(const struct net_host_dev *d, char *msg,
			     int len)
{
	const struct vec_tap *t = d->priv;

	snprintf(msg, len, "host tap device %s", t->ifname);
}

static const struct net_transport_ops vec_tap_ops = {
	.name		= "tap",
	.family		= NET_VEC,
	.framing	= NET_FRAME_ETH,
	.priv_size	= sizeof(struct vec_tap),
	.parse		= vec_tap_parse,
	.describe	= vec_tap_describe,
	.open		= vec_tap_open,
	.send_batch	= net_vec_send,
	.recv_batch	= net_vec_recv,
};

static void __attribute__((constructor(NET_TRANSPORT_PRIO)))
vec_tap_register(void)
{
	net_register_transport(&vec_tap_ops);
}
