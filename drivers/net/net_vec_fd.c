// SPDX-License-Identifier: GPL-2.0
/*
 * vecN:transport=fd,fd=N: a descriptor the parent left open for us,
 * one end of a socketpair whose other end carries the guest's Ethernet
 * frames one datagram each (libslirp-helper --fd=N, a switch of the
 * parent's own).  Batches with recvmmsg/sendmmsg; a descriptor that is
 * not a socket (a tap device's) is read and written a frame at a time.
 * Taking the interface down closes our copy of it, not the parent's, so
 * it can come up again.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include "net_transport.h"

struct vec_fd {
	int fd;
};

static int vec_fd_parse(struct net_host_dev *d, char **f, int nr, char *msg,
			int len)
{
	struct vec_fd *v = d->priv;
	unsigned long fd = ULONG_MAX;

	if (net_opt_uint(d, "fd", INT_MAX, &fd, msg, len))
		return -EINVAL;
	if (fd == ULONG_MAX) {
		snprintf(msg, len,
			 "%s: transport fd needs fd=N, a descriptor left open by the parent",
			 d->name);
		return -EINVAL;
	}
	v->fd = fd;
	return 0;
}

static int vec_fd_open(struct net_host_dev *d, char *msg, int len)
{
	struct vec_fd *v = d->priv;
	int type = 0, fd, err;
	socklen_t tlen = sizeof(type);

	fd = fcntl(v->fd, F_DUPFD_CLOEXEC, 3);
	if (fd < 0) {
		err = -errno;
		snprintf(msg, len, "%s: descriptor %d: %s", d->name, v->fd,
			 strerror(errno));
		return err;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tlen)) {
		d->no_sendmmsg = 1;
		d->no_recvmmsg = 1;
	} else if (type == SOCK_STREAM) {
		snprintf(msg, len,
			 "%s: descriptor %d is a stream socket: frames need datagrams (SOCK_DGRAM or SOCK_SEQPACKET)",
			 d->name, v->fd);
		close(fd);
		return -EINVAL;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)) {
		err = -errno;
		snprintf(msg, len, "%s: descriptor %d: %s", d->name, v->fd,
			 strerror(errno));
		close(fd);
		return err;
	}
	d->fd = fd;
	return 0;
}

static void vec_fd_describe(const struct net_host_dev *d, char *msg, int len)
{
	const struct vec_fd *v = d->priv;

	snprintf(msg, len, "frames on descriptor %d", v->fd);
}

static const struct net_transport_ops vec_fd_ops = {
	.name		= "fd",
	.family		= NET_VEC,
	.framing	= NET_FRAME_ETH,
	.priv_size	= sizeof(struct vec_fd),
	.parse		= vec_fd_parse,
	.describe	= vec_fd_describe,
	.open		= vec_fd_open,
	.send_batch	= net_vec_send,
	.recv_batch	= net_vec_recv,
};

static void __attribute__((constructor(NET_TRANSPORT_PRIO)))
vec_fd_register(void)
{
	net_register_transport(&vec_fd_ops);
}
