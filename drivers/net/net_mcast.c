// SPDX-License-Identifier: GPL-2.0
/*
 * ethN=mcast[,MAC[,ADDR[,PORT[,TTL]]]]: a UDP multicast group: every
 * guest in the group sees every frame, like a hub; no daemon and no
 * privilege needed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "net_transport.h"

#define MCAST_ADDR_DEFAULT	"239.192.168.1"
#define MCAST_PORT_DEFAULT	1102
#define MCAST_TTL_DEFAULT	1

struct mcast {
	struct sockaddr_in group;
	int ttl;
};

static int mcast_parse(struct net_host_dev *d, char **f, int nr, char *msg,
		       int len)
{
	struct mcast *m = d->priv;
	int n = d->n;
	const char *addr = nr > 2 && *f[2] ? f[2] : MCAST_ADDR_DEFAULT;
	unsigned long port = MCAST_PORT_DEFAULT, ttl = MCAST_TTL_DEFAULT;

	m->group.sin_family = AF_INET;
	if (inet_pton(AF_INET, addr, &m->group.sin_addr) != 1 ||
	    !IN_MULTICAST(ntohl(m->group.sin_addr.s_addr))) {
		snprintf(msg, len,
			 "eth%d: '%s' is not an IPv4 multicast address (224.0.0.0 to 239.255.255.255)",
			 n, addr);
		return -EINVAL;
	}
	if ((nr > 3 && *f[3] && (net_parse_uint(f[3], 65535, &port) || !port)) ||
	    (nr > 4 && *f[4] && net_parse_uint(f[4], 255, &ttl))) {
		snprintf(msg, len,
			 "eth%d: bad multicast port or TTL (eth%d=mcast,MAC,ADDR,PORT,TTL)",
			 n, n);
		return -EINVAL;
	}
	m->group.sin_port = htons(port);
	m->ttl = ttl;
	return nr > 5 ? -E2BIG : 0;
}

static int mcast_open(struct net_host_dev *d, char *msg, int len)
{
	struct mcast *m = d->priv;
	struct ip_mreq mreq = { .imr_multiaddr = m->group.sin_addr };
	int fd, one = 1, ttl = m->ttl, err;
	const char *what = "cannot make a UDP socket";

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		goto fail;
	/* Several guests of this host join the same group and port. */
	what = "cannot bind the group's port";
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&m->group, sizeof(m->group)))
		goto fail;
	what = "cannot join the group";
	if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq,
		       sizeof(mreq))) {
		/*
		 * No route for multicast (a host or container with only a
		 * loopback): the hub can still serve the guests of this
		 * host, over the loopback.
		 */
		mreq.imr_interface.s_addr = htonl(INADDR_LOOPBACK);
		if (errno != ENODEV ||
		    setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq,
			       sizeof(mreq)) ||
		    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF,
			       &mreq.imr_interface,
			       sizeof(mreq.imr_interface)))
			goto fail;
	}
	if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &one, sizeof(one)) ||
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof(ttl)))
		goto fail;
	d->fd = fd;
	return 0;

fail:
	err = -errno;
	snprintf(msg, len, "eth%d: %s (%s:%d): %s", d->n, what,
		 inet_ntoa(m->group.sin_addr), ntohs(m->group.sin_port),
		 strerror(errno));
	if (fd >= 0)
		close(fd);
	return err;
}

static void mcast_describe(const struct net_host_dev *d, char *msg, int len)
{
	const struct mcast *m = d->priv;
	char addr[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &m->group.sin_addr, addr, sizeof(addr));
	snprintf(msg, len, "multicast group %s port %d ttl %d", addr,
		 ntohs(m->group.sin_port), m->ttl);
}

static int mcast_send(struct net_host_dev *d, const void *frame,
		      unsigned int len)
{
	struct mcast *m = d->priv;

	return net_send_datagram(d, frame, len, (struct sockaddr *)&m->group,
				 sizeof(m->group));
}

static int mcast_recv(struct net_host_dev *d, void *frame, unsigned int len)
{
	return net_recv_datagram(d, frame, len, NULL, NULL);
}

static const struct net_transport_ops mcast_ops = {
	.name		= "mcast",
	.mac_field	= 1,
	.framing	= NET_FRAME_ETH,
	.priv_size	= sizeof(struct mcast),
	.parse		= mcast_parse,
	.describe	= mcast_describe,
	.open		= mcast_open,
	.send		= mcast_send,
	.recv		= mcast_recv,
};

static void __attribute__((constructor(NET_TRANSPORT_PRIO)))
mcast_register(void)
{
	net_register_transport(&mcast_ops);
}
