// SPDX-License-Identifier: GPL-2.0
/*
 * Network devices, host side: the ethN= options, and the transports
 * that carry the guest's frames, one file each behind one ops table
 * (net_transport.h):
 *
 *   tuntap  a tap device of the host (net_tuntap.c)
 *   daemon  a port of a uml_switch virtual switch (net_switch.c)
 *   vde     a port of a VDE switch (net_switch.c)
 *   slirp   the slirp program, IP packets over SLIP (net_slirp.c)
 *   mcast   a UDP multicast group, a hub (net_mcast.c)
 *
 * Every call runs on the kernel's host thread and must never block it
 * for long: descriptors are non-blocking, and a full peer gets a short
 * wait before the frame is dropped.
 */
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include "net_transport.h"

#define NET_MAX_TRANSPORTS	16

static struct net_host_dev devs[NET_MAX_DEVS];
static const struct net_transport_ops *transports[NET_MAX_TRANSPORTS];
static int nr_transports;
/* Where oversized frames end up, to be measured and dropped. */
static char overflow[65536];

void net_register_transport(const struct net_transport_ops *ops)
{
	if (nr_transports < NET_MAX_TRANSPORTS)
		transports[nr_transports++] = ops;
}

/* "tuntap, daemon, vde, slirp or mcast" */
static void transport_names(char *buf, int len)
{
	int i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < nr_transports && o < len; i++)
		o += snprintf(buf + o, len - o, "%s%s",
			      !i ? "" : i == nr_transports - 1 ? " or " : ", ",
			      transports[i]->name);
}

/* Split @s in place at commas into at most NET_FIELDS fields. */
static int split_fields(char *s, char **f)
{
	int nr = 0;

	for (;;) {
		if (nr == NET_FIELDS)
			return -1;
		f[nr++] = s;
		s = strchr(s, ',');
		if (!s)
			return nr;
		*s++ = '\0';
	}
}

static int parse_mac(const char *s, unsigned char *mac)
{
	int i;

	for (i = 0; i < NET_MAC_LEN; i++) {
		char *end;
		unsigned long v;

		if (!isxdigit((unsigned char)s[0]))
			return -1;
		v = strtoul(s, &end, 16);
		if (v > 0xff || end - s > 2 || *end != (i < 5 ? ':' : '\0'))
			return -1;
		mac[i] = v;
		s = end + 1;
	}
	/* A group address cannot be a station's. */
	return mac[0] & 1 ? -1 : 0;
}

int net_parse_uint(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	if (!*s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*v = strtoul(s, &end, 10);
	return errno || *end || *v > max ? -1 : 0;
}

int net_host_parse(const char *opt, char *msg, int len)
{
	const struct net_transport_ops *t = NULL;
	struct net_host_dev new = { .fd = -1 };
	char names[128];
	char buf[NET_SPEC_MAX], *f[NET_FIELDS];
	const char *mac = NULL;
	unsigned long n;
	char *eq, *end;
	int nr, err, i;

	n = strtoul(opt, &end, 10);
	eq = strchr(opt, '=');
	if (end == opt || end != eq || n >= NET_MAX_DEVS) {
		snprintf(msg, len,
			 "bad option 'eth%s': expected ethN=TRANSPORT,... with N from 0 to %d",
			 opt, NET_MAX_DEVS - 1);
		return -EINVAL;
	}
	if (devs[n].configured) {
		snprintf(msg, len, "eth%lu is configured already", n);
		return -EEXIST;
	}
	if (strlen(eq + 1) >= sizeof(buf)) {
		snprintf(msg, len, "eth%lu: option too long", n);
		return -EINVAL;
	}
	snprintf(new.spec, sizeof(new.spec), "%s", eq + 1);
	snprintf(buf, sizeof(buf), "%s", eq + 1);
	nr = split_fields(buf, f);
	if (nr < 0) {
		snprintf(msg, len, "eth%lu: too many fields in '%s'", n,
			 new.spec);
		return -EINVAL;
	}

	for (i = 0; i < nr_transports && !t; i++)
		if (!strcmp(f[0], transports[i]->name))
			t = transports[i];
	if (!t) {
		transport_names(names, sizeof(names));
		snprintf(msg, len, "eth%lu: unknown transport '%s' (%s)", n,
			 f[0], names);
		return -EINVAL;
	}
	new.n = n;
	new.ops = t;
	new.priv = calloc(1, t->priv_size ? t->priv_size : 1);
	if (!new.priv) {
		snprintf(msg, len, "eth%lu: out of memory", n);
		return -ENOMEM;
	}
	err = t->parse(&new, f, nr, msg, len);
	if (t->mac_field && nr > t->mac_field)
		mac = f[t->mac_field];
	if (err == -E2BIG)
		snprintf(msg, len, "eth%lu: too many fields in '%s'", n,
			 new.spec);
	if (err) {
		free(new.priv);
		return -EINVAL;
	}
	if (mac && *mac) {
		if (parse_mac(mac, new.mac)) {
			snprintf(msg, len,
				 "eth%lu: bad MAC address '%s' (six hex bytes, xx:xx:xx:xx:xx:xx, not a multicast one)",
				 n, mac);
			free(new.priv);
			return -EINVAL;
		}
		new.have_mac = 1;
	}
	new.configured = 1;
	devs[n] = new;
	msg[0] = '\0';
	return n;
}

/*
 * The ethN= options are checked before the kernel starts, so that a bad
 * one is the only thing printed, as for the other options.
 */
static void __attribute__((constructor))
net_host_early(int argc, char **argv, char **envp)
{
	char msg[NET_SPEC_MAX + 200];
	int i;

	if (argc < 2 || !argv)
		return;
	for (i = 1; i < argc; i++)
		if (argv[i][0] == '-')
			return;	/* --help and the like: main() answers */
	for (i = 1; i < argc; i++) {
		if (strncmp(argv[i], "eth", 3) || !isdigit((unsigned char)argv[i][3]))
			continue;
		if (net_host_parse(argv[i] + 3, msg, sizeof(msg)) < 0) {
			fprintf(stderr, "linux: %s\n", msg);
			exit(1);
		}
	}
}

int net_host_configured(int n)
{
	return devs[n].configured;
}

void net_host_forget(int n)
{
	devs[n].configured = 0;
	free(devs[n].priv);
	devs[n].priv = NULL;
}

int net_host_framing(int n)
{
	return devs[n].ops->framing;
}

int net_host_mac(int n, unsigned char *mac)
{
	memcpy(mac, devs[n].mac, NET_MAC_LEN);
	return devs[n].have_mac;
}

void net_host_spec(int n, char *msg, int len)
{
	snprintf(msg, len, "%s", devs[n].spec);
}

void net_host_describe(int n, char *msg, int len)
{
	devs[n].ops->describe(&devs[n], msg, len);
}

int net_host_open(int n, char *msg, int len)
{
	struct net_host_dev *d = &devs[n];
	int err;

	msg[0] = '\0';
	err = d->ops->open(d, msg, len);
	return err ? err : d->fd;
}

void net_host_close(int n)
{
	struct net_host_dev *d = &devs[n];

	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
	if (d->ops->close)
		d->ops->close(d);
}

int net_host_send(int n, const void *frame, unsigned int len)
{
	return devs[n].ops->send(&devs[n], frame, len);
}

int net_host_recv(int n, void *frame, unsigned int len)
{
	return devs[n].ops->recv(&devs[n], frame, len);
}

/* Wait up to @ms for @events on @fd: 1 if they came, 0 or -errno if not. */
int net_wait_fd(int fd, short events, int ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	int ret;

	do {
		ret = poll(&p, 1, ms);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : ret;
}

int net_send_datagram(struct net_host_dev *d, const void *frame,
		      unsigned int len, const struct sockaddr *to,
		      socklen_t tolen)
{
	int waited = 0;

	for (;;) {
		ssize_t r = to ? sendto(d->fd, frame, len, MSG_DONTWAIT, to, tolen) :
				 write(d->fd, frame, len);

		if (r >= 0)
			return 0;
		if (errno == EINTR)
			continue;
		/*
		 * A switch's queue holds only a few frames (net.unix.
		 * max_dgram_qlen): give it a moment to drain before dropping.
		 */
		if (errno != EAGAIN || waited++ ||
		    net_wait_fd(d->fd, POLLOUT, NET_SEND_WAIT_MS) <= 0)
			return -errno;
	}
}

int net_recv_datagram(struct net_host_dev *d, void *frame, unsigned int len,
		      struct sockaddr *from, socklen_t *fromlen)
{
	struct iovec iov[2] = {
		{ .iov_base = frame, .iov_len = len },
		{ .iov_base = overflow, .iov_len = sizeof(overflow) },
	};
	struct msghdr mh = {
		.msg_iov = iov,
		.msg_iovlen = 2,
		.msg_name = from,
		.msg_namelen = from ? *fromlen : 0,
	};
	ssize_t r;

	do {
		r = from ? recvmsg(d->fd, &mh, MSG_DONTWAIT) : readv(d->fd, iov, 2);
	} while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	if (from)
		*fromlen = mh.msg_namelen;
	return r > len ? -EMSGSIZE : r;
}
