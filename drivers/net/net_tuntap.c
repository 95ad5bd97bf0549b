// SPDX-License-Identifier: GPL-2.0
/*
 * ethN=tuntap,TAP[,MAC[,IP]]: a tap device of the host, which the host's
 * own stack (or a bridge) serves.  It must exist and belong to the user;
 * we never configure the host (IP is the host's business).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <linux/if_tun.h>
#include "net_transport.h"

struct tuntap {
	char ifname[IFNAMSIZ];
};

static int tuntap_parse(struct net_host_dev *d, char **f, int nr, char *msg,
			int len)
{
	struct tuntap *t = d->priv;
	int n = d->n;

	if (nr < 2 || !*f[1]) {
		snprintf(msg, len,
			 "eth%d: tuntap needs the name of a host tap device (eth%d=tuntap,TAP[,MAC]); create one with 'ip tuntap add TAP mode tap user USER'",
			 n, n);
		return -EINVAL;
	}
	if (strlen(f[1]) >= IFNAMSIZ) {
		snprintf(msg, len, "eth%d: tap device name '%s' is too long",
			 n, f[1]);
		return -EINVAL;
	}
	snprintf(t->ifname, sizeof(t->ifname), "%s", f[1]);
	/* f[3], the host's IP address, is for the host to configure. */
	return nr > 4 ? -E2BIG : 0;
}

/*
 * Attach to host tap device @ifname; with @vnet its frames start with a
 * virtio net header and it may hand us unchecksummed and unsegmented
 * (TSO) frames.  The descriptor, or fill @msg and return -errno.
 */
int net_tap_open(struct net_host_dev *d, const char *ifname, int vnet,
		 char *msg, int len)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	unsigned int offloads = TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6 |
				TUN_F_TSO_ECN;
	int fd, err;

	fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		err = -errno;
		snprintf(msg, len, "%s: cannot open /dev/net/tun: %s", d->name,
			 strerror(errno));
		return err;
	}
	if (vnet)
		ifr.ifr_flags |= IFF_VNET_HDR;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, TUNSETIFF, &ifr)) {
		err = -errno;
		snprintf(msg, len,
			 "%s: cannot attach to host tap device %s: %s%s",
			 d->name, ifname, strerror(errno),
			 errno == EPERM ?
			 " (it must exist and belong to this user: ip tuntap add NAME mode tap user USER)" :
			 "");
		close(fd);
		return err;
	}
	if (vnet && ioctl(fd, TUNSETOFFLOAD, offloads)) {
		err = -errno;
		snprintf(msg, len, "%s: tap device %s takes no offloads: %s",
			 d->name, ifname, strerror(errno));
		close(fd);
		return err;
	}
	return fd;
}

static int tuntap_open(struct net_host_dev *d, char *msg, int len)
{
	struct tuntap *t = d->priv;
	int fd = net_tap_open(d, t->ifname, 0, msg, len);

	if (fd < 0)
		return fd;
	d->fd = fd;
	return 0;
}

static void tuntap_describe(const struct net_host_dev *d, char *msg, int len)
{
	const struct tuntap *t = d->priv;

	snprintf(msg, len, "host tap device %s", t->ifname);
}

static int tuntap_send(struct net_host_dev *d, const void *frame,
		       unsigned int len)
{
	return net_send_datagram(d, frame, len, NULL, 0);
}

static int tuntap_recv(struct net_host_dev *d, void *frame, unsigned int len)
{
	return net_recv_datagram(d, frame, len, NULL, NULL);
}

static const struct net_transport_ops tuntap_ops = {
	.name		= "tuntap",
	.mac_field	= 2,
	.framing	= NET_FRAME_ETH,
	.priv_size	= sizeof(struct tuntap),
	.parse		= tuntap_parse,
	.describe	= tuntap_describe,
	.open		= tuntap_open,
	.send		= tuntap_send,
	.recv		= tuntap_recv,
};

static void __attribute__((constructor(NET_TRANSPORT_PRIO)))
tuntap_register(void)
{
	net_register_transport(&tuntap_ops);
}
