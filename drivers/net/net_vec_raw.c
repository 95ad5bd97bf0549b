// SPDX-License-Identifier: GPL-2.0
/*
 * vecN:transport=raw,ifname=IF[,gro=1]: a packet socket on a host
 * interface, usually one end of a veth pair whose other end the host
 * configures.  Needs CAP_NET_RAW.  With gro=1 every frame carries a
 * virtio net header (PACKET_VNET_HDR), so the large unchecksummed
 * frames that the host's offloads make on a veth come through whole;
 * without it they do not fit and are dropped.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/socket.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include "net_transport.h"

struct vec_raw {
	char ifname[IFNAMSIZ];
};

int net_raw_open(struct net_host_dev *d, const char *ifname, int vnet,
		 int outgoing, char *msg, int len)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
	};
	const char *what;
	int fd, one = 1, err;

	sll.sll_ifindex = if_nametoindex(ifname);
	if (!sll.sll_ifindex) {
		snprintf(msg, len, "%s: no host interface %s", d->name, ifname);
		return -ENODEV;
	}
	/* No protocol until bound: frames of other interfaces stay out. */
	what = "cannot make a packet socket";
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		goto fail;
	what = "no virtio net headers on packet sockets";
	if (vnet && setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, &one,
			       sizeof(one)))
		goto fail;
	/* What we send ourselves never comes back; the host's might. */
	if (!outgoing)
		setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one,
			   sizeof(one));
	what = "cannot bind a packet socket to";
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)))
		goto fail;
	return fd;

fail:
	err = -errno;
	snprintf(msg, len, "%s: %s %s: %s%s", d->name, what, ifname,
		 strerror(errno),
		 errno == EPERM ? " (needs CAP_NET_RAW)" : "");
	if (fd >= 0)
		close(fd);
	return err;
}

static int vec_raw_parse(struct net_host_dev *d, char **f, int nr,
			 char *msg, int len)
{
	struct vec_raw *r = d->priv;

	if (net_opt_ifname(d, r->ifname, msg, len))
		return -EINVAL;
	d->vnet = d->gro;
	return 0;
}

static int vec_raw_open(struct net_host_dev *d, char *msg, int len)
{
	struct vec_raw *r = d->priv;
	int fd = net_raw_open(d, r->ifname, d->vnet, 0, msg, len);

	if (fd < 0)
		return fd;
	d->fd = fd;
	return 0;
}

static void vec_raw_describe(const struct net_host_dev *d, char *msg,
			     int len)
{
	const struct vec_raw *r = d->priv;

	snprintf(msg, len, "raw socket on host interface %s", r->ifname);
}

static const struct net_transport_ops vec_raw_ops = {
	.name		= "raw",
	.family		= NET_VEC,
	.framing	= NET_FRAME_ETH,
	.priv_size	= sizeof(struct vec_raw),
	.parse		= vec_raw_parse,
	.describe	= vec_raw_describe,
	.open		= vec_raw_open,
	.send_batch	= net_vec_send,
	.recv_batch	= net_vec_recv,
};

static void __attribute__((constructor(NET_TRANSPORT_PRIO)))
vec_raw_register(void)
{
	net_register_transport(&vec_raw_ops);
}
