// SPDX-License-Identifier: GPL-2.0
/*
 * A port of a virtual switch:
 *
 *   ethN=daemon[,MAC[,unix[,CTL[,DATA]]]]   Debian's uml_switch (or a
 *       compatible switch): a stream connection to its control socket
 *       asks for the port and keeps it while open, frames travel as
 *       datagrams between our data socket and the switch's.
 *   ethN=vde[,SWITCH[,MAC[,PORT[,GROUP[,MODE[,DESCR]]]]]]   a VDE switch
 *       (vde_switch), which speaks the same port request with the port
 *       number and a description added.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include "net_transport.h"

#define SWITCH_CTL_DEFAULT	"/tmp/uml.ctl"
#define VDE_CTL_DEFAULT		"/tmp/vde.ctl"
/* How long the switch has to answer a port request. */
#define SWITCH_REPLY_MS		5000

/*
 * The uml_switch port request, protocol version 3 (a wire format).  A
 * VDE switch takes the port wanted in the type's upper bits and a
 * NUL-terminated description after the request.
 */
#define SWITCH_MAGIC		0xfeedface
#define SWITCH_VERSION		3
#define SWITCH_REQ_NEW_PORT	0
#define VDE_PORT_SHIFT		8
#define VDE_DESCR_MAX		128
struct switch_request {
	uint32_t magic;
	uint32_t version;
	uint32_t type;
	struct sockaddr_un data;	/* where the switch sends our frames */
};

struct sw {
	int vde;
	struct sockaddr_un ctl;		/* the switch's control socket */
	char data_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	unsigned int vde_port;		/* 0: the switch chooses */
	char vde_descr[VDE_DESCR_MAX];
	int ctl_fd;			/* holds the port; -1 while closed */
	struct sockaddr_un peer;	/* the switch's data socket */
};

static int set_ctl(struct sw *s, const char *path)
{
	if (strlen(path) >= sizeof(s->ctl.sun_path))
		return -1;
	s->ctl.sun_family = AF_UNIX;
	snprintf(s->ctl.sun_path, sizeof(s->ctl.sun_path), "%s", path);
	return 0;
}

static int daemon_parse(struct net_host_dev *d, char **f, int nr, char *msg,
			int len)
{
	const char *ctl = nr > 3 && *f[3] ? f[3] : SWITCH_CTL_DEFAULT;
	struct sw *s = d->priv;
	int n = d->n;

	s->ctl_fd = -1;
	if (nr > 2 && *f[2] && strcmp(f[2], "unix")) {
		snprintf(msg, len,
			 "eth%d: daemon socket type '%s' is not supported (only unix)",
			 n, f[2]);
		return -EINVAL;
	}
	if (set_ctl(s, ctl) || (nr > 4 && strlen(f[4]) >= sizeof(s->data_path))) {
		snprintf(msg, len, "eth%d: socket path too long", n);
		return -EINVAL;
	}
	if (nr > 4)
		snprintf(s->data_path, sizeof(s->data_path), "%s", f[4]);
	return nr > 5 ? -E2BIG : 0;
}

/* vde,SWITCH,MAC,PORT,GROUP,MODE,DESCRIPTION */
static int vde_parse(struct net_host_dev *d, char **f, int nr, char *msg,
		     int len)
{
	struct sw *s = d->priv;
	int n = d->n;
	const char *sw = nr > 1 && *f[1] ? f[1] : VDE_CTL_DEFAULT;
	unsigned long port = 0;

	s->vde = 1;
	s->ctl_fd = -1;
	if (set_ctl(s, sw)) {
		snprintf(msg, len, "eth%d: socket path too long", n);
		return -EINVAL;
	}
	if (nr > 3 && *f[3] && net_parse_uint(f[3], 0xffffff, &port)) {
		snprintf(msg, len, "eth%d: bad VDE port '%s'", n, f[3]);
		return -EINVAL;
	}
	s->vde_port = port;
	/*
	 * GROUP and MODE (f[4], f[5]) set the permissions of a data socket
	 * file; ours is an abstract name, which has none.
	 */
	if (nr > 6 && *f[6])
		snprintf(s->vde_descr, sizeof(s->vde_descr), "%s", f[6]);
	else
		snprintf(s->vde_descr, sizeof(s->vde_descr),
			 "user-mode Linux eth%d", n);
	return nr > 7 ? -E2BIG : 0;
}

/* Read exactly @len bytes of the switch's answer, or fail. */
static int read_reply(int fd, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t r;
		int ret = net_wait_fd(fd, POLLIN, SWITCH_REPLY_MS);

		if (ret <= 0)
			return ret ? ret : -ETIMEDOUT;
		r = read(fd, (char *)buf + done, len - done);
		if (r == 0)
			return -ECONNRESET;
		if (r < 0 && errno != EINTR && errno != EAGAIN)
			return -errno;
		if (r > 0)
			done += r;
	}
	return 0;
}

/* Ask a uml_switch or VDE switch for a port (its socket a file or a folder). */
static int switch_open(struct net_host_dev *d, char *msg, int len)
{
	struct sw *s = d->priv;
	int n = d->n;
	union {
		struct switch_request req;
		char bytes[sizeof(struct switch_request) + VDE_DESCR_MAX];
	} out = {
		.req.magic = SWITCH_MAGIC,
		.req.version = SWITCH_VERSION,
		.req.type = SWITCH_REQ_NEW_PORT,
		.req.data.sun_family = AF_UNIX,
	};
	struct switch_request *req = &out.req;
	struct sockaddr_un ctl_addr = s->ctl;
	size_t out_len = sizeof(out.req);
	struct timespec now;
	struct stat st;
	int ctl, fd, err;
	const char *what;

	if (s->vde) {
		/* The description follows the address, without padding. */
		out_len = offsetof(struct switch_request, data) +
			  sizeof(req->data);
		req->type |= s->vde_port << VDE_PORT_SHIFT;
		out_len += snprintf(out.bytes + out_len, VDE_DESCR_MAX, "%s",
				    s->vde_descr) + 1;
		/* A switch started with -s DIR listens on DIR/ctl. */
		if (!stat(s->ctl.sun_path, &st) && S_ISDIR(st.st_mode) &&
		    strlen(s->ctl.sun_path) + 4 < sizeof(ctl_addr.sun_path))
			strcat(ctl_addr.sun_path, "/ctl");
	}

	clock_gettime(CLOCK_MONOTONIC, &now);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	ctl = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	what = "cannot make sockets";
	if (fd < 0 || ctl < 0)
		goto fail;

	/*
	 * Our data socket: a file if the option names one, else a name in
	 * the abstract namespace that no file system holds on to.  The
	 * switch replies to the whole sockaddr_un, so the abstract name is
	 * bound with its trailing zeroes.
	 */
	if (s->data_path[0]) {
		snprintf(req->data.sun_path, sizeof(req->data.sun_path), "%s",
			 s->data_path);
		unlink(s->data_path);
	} else {
		snprintf(req->data.sun_path + 1, sizeof(req->data.sun_path) - 1,
			 "uml-%d-eth%d-%ld", getpid(), n, (long)now.tv_nsec);
	}
	what = "cannot bind the data socket";
	if (bind(fd, (struct sockaddr *)&req->data, sizeof(req->data)))
		goto fail;

	what = "cannot reach the switch";
	if (connect(ctl, (struct sockaddr *)&ctl_addr, sizeof(ctl_addr)) ||
	    write(ctl, &out, out_len) != out_len)
		goto fail;
	err = read_reply(ctl, &s->peer, sizeof(s->peer));
	if (err) {
		errno = -err;
		what = "no answer from the switch";
		goto fail;
	}
	fcntl(ctl, F_SETFL, O_NONBLOCK);
	d->fd = fd;
	s->ctl_fd = ctl;
	return 0;

fail:
	err = -errno;
	snprintf(msg, len, "eth%d: %s at %s: %s", n, what, ctl_addr.sun_path,
		 strerror(errno));
	if (fd >= 0)
		close(fd);
	if (ctl >= 0)
		close(ctl);
	if (s->data_path[0])
		unlink(s->data_path);
	return err;
}

static void switch_close(struct net_host_dev *d)
{
	struct sw *s = d->priv;

	/* Closing the control connection gives the switch port back. */
	if (s->ctl_fd >= 0)
		close(s->ctl_fd);
	s->ctl_fd = -1;
	if (s->data_path[0])
		unlink(s->data_path);
}

static void switch_describe(const struct net_host_dev *d, char *msg, int len)
{
	const struct sw *s = d->priv;

	snprintf(msg, len, "%sswitch at %s", s->vde ? "VDE " : "",
		 s->ctl.sun_path);
}

static int switch_send(struct net_host_dev *d, const void *frame,
		       unsigned int len)
{
	struct sw *s = d->priv;

	return net_send_datagram(d, frame, len, (struct sockaddr *)&s->peer,
				 sizeof(s->peer));
}

/*
 * Is @from (as recvmsg filled it in) the switch's data socket?  A path
 * comes back as far as its NUL, an abstract name whole; the switch's
 * own address is a whole sockaddr_un padded with zeroes.
 */
static int from_switch(const struct sw *s,
		       const struct sockaddr_un *from, socklen_t len)
{
	size_t off = offsetof(struct sockaddr_un, sun_path);

	return len > off && len <= sizeof(*from) &&
	       from->sun_family == AF_UNIX &&
	       !memcmp(from->sun_path, s->peer.sun_path, len - off);
}

static int switch_recv(struct net_host_dev *d, void *frame, unsigned int len)
{
	struct sw *s = d->priv;
	struct sockaddr_un from;
	socklen_t fromlen;
	int r;

	/* Only the switch may speak on a switch port. */
	do {
		fromlen = sizeof(from);
		r = net_recv_datagram(d, frame, len, (struct sockaddr *)&from,
				      &fromlen);
	} while ((r >= 0 || r == -EMSGSIZE) && !from_switch(s, &from, fromlen));
	return r;
}

static const struct net_transport_ops daemon_ops = {
	.name		= "daemon",
	.mac_field	= 1,
	.framing	= NET_FRAME_ETH,
	.priv_size	= sizeof(struct sw),
	.parse		= daemon_parse,
	.describe	= switch_describe,
	.open		= switch_open,
	.close		= switch_close,
	.send		= switch_send,
	.recv		= switch_recv,
};

static const struct net_transport_ops vde_ops = {
	.name		= "vde",
	.mac_field	= 2,
	.framing	= NET_FRAME_ETH,
	.priv_size	= sizeof(struct sw),
	.parse		= vde_parse,
	.describe	= switch_describe,
	.open		= switch_open,
	.close		= switch_close,
	.send		= switch_send,
	.recv		= switch_recv,
};

static void __attribute__((constructor(NET_TRANSPORT_PRIO)))
switch_register(void)
{
	net_register_transport(&daemon_ops);
	net_register_transport(&vde_ops);
}
