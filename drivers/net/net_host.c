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
 * and the vecN: options, with the transports of the vector family,
 * which move frames in batches (recvmmsg/sendmmsg, net_vec_send/recv):
 *
 *   fd      a descriptor the parent passed, a socketpair (net_vec_fd.c)
 *   tap     a tap device of the host (net_vec_tap.c)
 *   raw     a raw socket on a host interface (net_vec_raw.c)
 *   hybrid  tap for sending, a raw socket on it for receiving (same)
 *   gre     Ethernet over GRE (net_vec_gre.c)
 *   l2tpv3  Ethernet over L2TPv3, on IP or UDP (net_vec_l2tpv3.c)
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
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include "net_transport.h"

#define NET_MAX_TRANSPORTS	32

static struct net_host_dev devs[NET_MAX_SLOTS];
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
static void transport_names(int family, char *buf, int len)
{
	int i, o = 0, nr = 0, k = 0;

	for (i = 0; i < nr_transports; i++)
		nr += transports[i]->family == family;
	buf[0] = '\0';
	for (i = 0; i < nr_transports && o < len; i++) {
		if (transports[i]->family != family)
			continue;
		o += snprintf(buf + o, len - o, "%s%s",
			      !k ? "" : k == nr - 1 ? " or " : ", ",
			      transports[i]->name);
		k++;
	}
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

/* ethN=TRANSPORT,FIELD,...: the transport's own fields, in order. */
static int parse_eth(struct net_host_dev *d, char *msg, int len)
{
	const struct net_transport_ops *t = NULL;
	char buf[NET_SPEC_MAX], *f[NET_FIELDS];
	const char *mac = NULL;
	char names[128];
	int nr, err, i;

	snprintf(buf, sizeof(buf), "%s", d->spec);
	nr = split_fields(buf, f);
	if (nr < 0) {
		snprintf(msg, len, "%s: too many fields in '%s'", d->name,
			 d->spec);
		return -EINVAL;
	}
	for (i = 0; i < nr_transports && !t; i++)
		if (transports[i]->family == NET_ETH &&
		    !strcmp(f[0], transports[i]->name))
			t = transports[i];
	if (!t) {
		transport_names(NET_ETH, names, sizeof(names));
		snprintf(msg, len, "%s: unknown transport '%s' (%s)", d->name,
			 f[0], names);
		return -EINVAL;
	}
	d->ops = t;
	d->priv = calloc(1, t->priv_size ? t->priv_size : 1);
	if (!d->priv) {
		snprintf(msg, len, "%s: out of memory", d->name);
		return -ENOMEM;
	}
	err = t->parse(d, f, nr, msg, len);
	if (t->mac_field && nr > t->mac_field)
		mac = f[t->mac_field];
	if (err == -E2BIG)
		snprintf(msg, len, "%s: too many fields in '%s'", d->name,
			 d->spec);
	if (err)
		return -EINVAL;
	if (mac && *mac) {
		if (parse_mac(mac, d->mac)) {
			snprintf(msg, len,
				 "%s: bad MAC address '%s' (six hex bytes, xx:xx:xx:xx:xx:xx, not a multicast one)",
				 d->name, mac);
			return -EINVAL;
		}
		d->have_mac = 1;
	}
	return 0;
}

const char *net_opt(struct net_host_dev *d, const char *key)
{
	int i;

	for (i = 0; i < d->nr_opts; i++) {
		if (!strcmp(d->opts[i].key, key)) {
			d->opts[i].used = 1;
			return d->opts[i].val;
		}
	}
	return NULL;
}

/* Decimal, or hexadecimal after 0x (sessions and keys are often so). */
static int parse_num(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (!isxdigit((unsigned char)s[2]))
			return -1;
		errno = 0;
		*v = strtoul(s + 2, &end, 16);
		return errno || *end || *v > max ? -1 : 0;
	}
	return net_parse_uint(s, max, v);
}

int net_opt_uint(struct net_host_dev *d, const char *key, unsigned long max,
		 unsigned long *v, char *msg, int len)
{
	const char *s = net_opt(d, key);

	if (!s)
		return 0;
	if (parse_num(s, max, v)) {
		snprintf(msg, len, "%s: bad value '%s' for %s= (0 to %lu)",
			 d->name, s, key, max);
		return -EINVAL;
	}
	return 0;
}

int net_opt_bool(struct net_host_dev *d, const char *key, int *v, char *msg,
		 int len)
{
	const char *s = net_opt(d, key);

	if (!s)
		return 0;
	if (!strcmp(s, "1") || !strcmp(s, "yes") || !strcmp(s, "true")) {
		*v = 1;
	} else if (!strcmp(s, "0") || !strcmp(s, "no") ||
		   !strcmp(s, "false")) {
		*v = 0;
	} else {
		snprintf(msg, len, "%s: bad value '%s' for %s= (0 or 1)",
			 d->name, s, key);
		return -EINVAL;
	}
	return 0;
}

int net_opt_ifname(struct net_host_dev *d, char *name, char *msg, int len)
{
	const char *s = net_opt(d, "ifname");

	if (!s || !*s) {
		snprintf(msg, len,
			 "%s: transport %s needs ifname=HOST_INTERFACE",
			 d->name, d->ops->name);
		return -EINVAL;
	}
	if (strlen(s) >= IFNAMSIZ || strchr(s, '/') || strchr(s, ' ')) {
		snprintf(msg, len, "%s: bad interface name '%s'", d->name, s);
		return -EINVAL;
	}
	snprintf(name, IFNAMSIZ, "%s", s);
	return 0;
}

/* A numeric address of @family (AF_UNSPEC: either) with @port. */
static int parse_inet(const char *s, int family, unsigned int port,
		      struct sockaddr_storage *ss, socklen_t *alen)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (family != AF_INET6 && inet_pton(AF_INET, s, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		*alen = sizeof(*sin);
		return AF_INET;
	}
	if (family != AF_INET && inet_pton(AF_INET6, s, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		*alen = sizeof(*sin6);
		return AF_INET6;
	}
	return -1;
}

int net_opt_tunnel(struct net_host_dev *d, struct net_tunnel *t,
		   unsigned int sport, unsigned int dport, char *msg, int len)
{
	const char *src = net_opt(d, "src"), *dst = net_opt(d, "dst");
	int v6 = -1, family;

	if (net_opt_bool(d, "v6", &v6, msg, len))
		return -EINVAL;
	if (!dst || !*dst) {
		snprintf(msg, len,
			 "%s: transport %s needs dst=ADDRESS, the other end of the tunnel",
			 d->name, d->ops->name);
		return -EINVAL;
	}
	family = v6 < 0 ? AF_UNSPEC : v6 ? AF_INET6 : AF_INET;
	family = parse_inet(dst, family, dport, &t->dst, &t->alen);
	if (family < 0) {
		snprintf(msg, len, "%s: dst=%s is not an IPv%s address",
			 d->name, dst, v6 < 0 ? "4 or IPv6" : v6 ? "6" : "4");
		return -EINVAL;
	}
	t->v6 = family == AF_INET6;
	t->have_src = src && *src;
	if (t->have_src &&
	    parse_inet(src, family, sport, &t->src, &t->alen) < 0) {
		snprintf(msg, len, "%s: src=%s is not an IPv%s address like dst=",
			 d->name, src, t->v6 ? "6" : "4");
		return -EINVAL;
	}
	if (!t->have_src) {
		/* The wildcard address, still with our port. */
		parse_inet(t->v6 ? "::" : "0.0.0.0", family, sport, &t->src,
			   &t->alen);
	}
	return 0;
}

int net_tunnel_open(struct net_host_dev *d, const struct net_tunnel *t,
		    int type, int proto, char *msg, int len)
{
	const char *what = "cannot make a socket";
	char addr[160];
	int fd, err;

	fd = socket(t->dst.ss_family, type | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    proto);
	if (fd < 0)
		goto fail;
	what = "cannot bind to the tunnel's source";
	if (bind(fd, (const struct sockaddr *)&t->src, t->alen))
		goto fail;
	what = "cannot connect to the tunnel's destination";
	if (connect(fd, (const struct sockaddr *)&t->dst, t->alen))
		goto fail;
	d->fd = fd;
	d->lossy = 1;
	return 0;

fail:
	err = -errno;
	net_tunnel_describe(t, addr, sizeof(addr));
	snprintf(msg, len, "%s: %s (%s): %s%s", d->name, what, addr,
		 strerror(errno),
		 errno == EPERM && type == SOCK_RAW ? " (needs CAP_NET_RAW)" :
		 "");
	if (fd >= 0)
		close(fd);
	return err;
}

static void inet_text(const struct sockaddr_storage *ss, char *buf, int len)
{
	const struct sockaddr_in *sin = (const void *)ss;
	const struct sockaddr_in6 *sin6 = (const void *)ss;
	char a[INET6_ADDRSTRLEN];
	int port;

	if (ss->ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &sin6->sin6_addr, a, sizeof(a));
		port = ntohs(sin6->sin6_port);
	} else {
		inet_ntop(AF_INET, &sin->sin_addr, a, sizeof(a));
		port = ntohs(sin->sin_port);
	}
	if (port)
		snprintf(buf, len, ss->ss_family == AF_INET6 ? "[%s]:%d" :
			 "%s:%d", a, port);
	else
		snprintf(buf, len, "%s", a);
}

void net_tunnel_describe(const struct net_tunnel *t, char *msg, int len)
{
	char src[INET6_ADDRSTRLEN + 8], dst[INET6_ADDRSTRLEN + 8];

	inet_text(&t->src, src, sizeof(src));
	inet_text(&t->dst, dst, sizeof(dst));
	snprintf(msg, len, "to %s from %s", dst, src);
}

/* The options every vecN has, whatever its transport. */
static int parse_vec_common(struct net_host_dev *d, char *msg, int len)
{
	unsigned long depth = NET_VEC_DEPTH, mtu = 0, headroom = 0;
	const char *mac = net_opt(d, "mac");
	int vec = 1;

	if (net_opt_uint(d, "depth", NET_VEC_DEPTH_MAX, &depth, msg, len) ||
	    net_opt_bool(d, "vec", &vec, msg, len) ||
	    net_opt_bool(d, "gro", &d->gro, msg, len) ||
	    net_opt_uint(d, "mtu", NET_VEC_MTU_MAX, &mtu, msg, len) ||
	    net_opt_uint(d, "headroom", NET_VEC_HEADROOM_MAX, &headroom, msg,
			 len))
		return -EINVAL;
	if (!depth) {
		snprintf(msg, len, "%s: bad depth=0 (1 to %d)", d->name,
			 NET_VEC_DEPTH_MAX);
		return -EINVAL;
	}
	if (mtu && mtu < NET_VEC_MTU_MIN) {
		snprintf(msg, len, "%s: bad mtu=%lu (%d to %d)", d->name, mtu,
			 NET_VEC_MTU_MIN, NET_VEC_MTU_MAX);
		return -EINVAL;
	}
	d->depth = vec ? depth : 1;
	d->mtu = mtu;
	d->headroom = headroom;
	if (mac) {
		if (parse_mac(mac, d->mac)) {
			snprintf(msg, len,
				 "%s: bad MAC address '%s' (six hex bytes, xx:xx:xx:xx:xx:xx, not a multicast one)",
				 d->name, mac);
			return -EINVAL;
		}
		d->have_mac = 1;
	}
	return 0;
}

/* vecN:transport=NAME,KEY=VALUE,...: options by name, in any order. */
static int parse_vec(struct net_host_dev *d, char *msg, int len)
{
	const struct net_transport_ops *t = NULL;
	const char *name;
	char names[128], *s = d->optbuf;
	int i, j;

	snprintf(d->optbuf, sizeof(d->optbuf), "%s", d->spec);
	for (;;) {
		char *comma = strchr(s, ','), *eq;

		if (comma)
			*comma = '\0';
		eq = strchr(s, '=');
		if (!eq || eq == s) {
			snprintf(msg, len,
				 "%s: bad option '%s' (KEY=VALUE expected, as in %s:transport=tap,ifname=tap0)",
				 d->name, s, d->name);
			return -EINVAL;
		}
		if (d->nr_opts == NET_OPTS_MAX) {
			snprintf(msg, len, "%s: too many options", d->name);
			return -EINVAL;
		}
		*eq = '\0';
		for (j = 0; j < d->nr_opts; j++) {
			if (!strcmp(d->opts[j].key, s)) {
				snprintf(msg, len, "%s: option %s= given twice",
					 d->name, s);
				return -EINVAL;
			}
		}
		d->opts[d->nr_opts].key = s;
		d->opts[d->nr_opts++].val = eq + 1;
		if (!comma)
			break;
		s = comma + 1;
	}

	transport_names(NET_VEC, names, sizeof(names));
	name = net_opt(d, "transport");
	if (!name) {
		snprintf(msg, len, "%s: no transport= (%s)", d->name, names);
		return -EINVAL;
	}
	for (i = 0; i < nr_transports && !t; i++)
		if (transports[i]->family == NET_VEC &&
		    !strcmp(name, transports[i]->name))
			t = transports[i];
	if (!t) {
		snprintf(msg, len, "%s: unknown transport '%s' (%s)", d->name,
			 name, names);
		return -EINVAL;
	}
	d->ops = t;
	d->priv = calloc(1, t->priv_size ? t->priv_size : 1);
	if (!d->priv) {
		snprintf(msg, len, "%s: out of memory", d->name);
		return -ENOMEM;
	}
	if (parse_vec_common(d, msg, len) || t->parse(d, NULL, 0, msg, len))
		return -EINVAL;
	for (i = 0; i < d->nr_opts; i++) {
		if (!d->opts[i].used) {
			snprintf(msg, len,
				 "%s: unknown option '%s' for transport %s",
				 d->name, d->opts[i].key, t->name);
			return -EINVAL;
		}
	}
	return 0;
}

int net_host_parse(int family, const char *opt, char *msg, int len)
{
	const char *pfx = family == NET_VEC ? "vec" : "eth";
	struct net_host_dev *new;
	unsigned long n;
	char *end;
	int slot, err;

	n = strtoul(opt, &end, 10);
	if (!isdigit((unsigned char)*opt) || n >= NET_MAX_DEVS ||
	    *end != (family == NET_VEC ? ':' : '=')) {
		if (family == NET_VEC)
			snprintf(msg, len,
				 "bad option 'vec%s': expected vecN:transport=TRANSPORT,OPTION=VALUE,... with N from 0 to %d",
				 opt, NET_MAX_DEVS - 1);
		else
			snprintf(msg, len,
				 "bad option 'eth%s': expected ethN=TRANSPORT,... with N from 0 to %d",
				 opt, NET_MAX_DEVS - 1);
		return -EINVAL;
	}
	slot = family == NET_VEC ? NET_VEC_SLOT(n) : (int)n;
	if (devs[slot].configured) {
		snprintf(msg, len, "%s%lu is configured already", pfx, n);
		return -EEXIST;
	}
	if (strlen(end + 1) >= NET_SPEC_MAX) {
		snprintf(msg, len, "%s%lu: option too long", pfx, n);
		return -EINVAL;
	}
	new = calloc(1, sizeof(*new));
	if (!new) {
		snprintf(msg, len, "%s%lu: out of memory", pfx, n);
		return -ENOMEM;
	}
	new->fd = -1;
	new->tx_fd = -1;
	new->n = n;
	new->family = family;
	new->depth = NET_ETH_DEPTH;
	snprintf(new->name, sizeof(new->name), "%s%lu", pfx, n);
	snprintf(new->spec, sizeof(new->spec), "%s", end + 1);
	err = family == NET_VEC ? parse_vec(new, msg, len) :
				  parse_eth(new, msg, len);
	if (err) {
		free(new->priv);
		free(new);
		return err;
	}
	/* The options point into new->optbuf: done with them. */
	new->nr_opts = 0;
	new->configured = 1;
	devs[slot] = *new;
	free(new);
	msg[0] = '\0';
	return slot;
}

/*
 * The ethN= and vecN: options are checked before the kernel starts, so
 * that a bad one is the only thing printed, as for the other options.
 */
static void __attribute__((constructor))
net_host_early(int argc, char **argv, char **envp)
{
	char msg[NET_SPEC_MAX + 200];
	int i, family;

	if (argc < 2 || !argv)
		return;
	for (i = 1; i < argc; i++)
		if (argv[i][0] == '-')
			return;	/* --help and the like: main() answers */
	for (i = 1; i < argc; i++) {
		if (!isdigit((unsigned char)argv[i][3]))
			continue;
		if (!strncmp(argv[i], "eth", 3))
			family = NET_ETH;
		else if (!strncmp(argv[i], "vec", 3))
			family = NET_VEC;
		else
			continue;
		if (net_host_parse(family, argv[i] + 3, msg, sizeof(msg)) < 0) {
			fprintf(stderr, "linux: %s\n", msg);
			exit(1);
		}
	}
}

int net_host_configured(int slot)
{
	return devs[slot].configured;
}

void net_host_forget(int slot)
{
	devs[slot].configured = 0;
	free(devs[slot].priv);
	devs[slot].priv = NULL;
}

void net_host_info(int slot, struct net_host_info *info)
{
	const struct net_host_dev *d = &devs[slot];

	memset(info, 0, sizeof(*info));
	info->framing = d->ops->framing;
	info->have_mac = d->have_mac;
	memcpy(info->mac, d->mac, NET_MAC_LEN);
	info->depth = d->depth;
	info->vnet = d->vnet;
	info->mtu = d->mtu;
	info->headroom = d->headroom;
}

void net_host_spec(int slot, char *msg, int len)
{
	snprintf(msg, len, "%s", devs[slot].spec);
}

void net_host_describe(int slot, char *msg, int len)
{
	const struct net_host_dev *d = &devs[slot];
	int o;

	d->ops->describe(d, msg, len);
	if (d->family != NET_VEC)
		return;
	o = strlen(msg);
	if (d->depth > 1)
		o += snprintf(msg + o, len - o, ", batches of %d", d->depth);
	else
		o += snprintf(msg + o, len - o, ", one frame at a time");
	if (d->vnet && o < len)
		snprintf(msg + o, len - o, ", offloads on");
}

/* Arrays for the batches of a vecN, as deep as it is. */
struct net_vec_io {
	struct mmsghdr *mm;
	struct iovec *iov;		/* NET_TX_SEGS + 1 a frame */
	unsigned char *hdr;		/* NET_ENCAP_MAX a frame */
};

static struct net_vec_io *vec_io_alloc(int depth)
{
	struct net_vec_io *io = calloc(1, sizeof(*io));

	if (!io)
		return NULL;
	io->mm = calloc(depth, sizeof(*io->mm));
	io->iov = calloc(depth * (NET_TX_SEGS + 1), sizeof(*io->iov));
	io->hdr = calloc(depth, NET_ENCAP_MAX);
	if (io->mm && io->iov && io->hdr)
		return io;
	free(io->mm);
	free(io->iov);
	free(io->hdr);
	free(io);
	return NULL;
}

static void vec_io_free(struct net_vec_io *io)
{
	if (!io)
		return;
	free(io->mm);
	free(io->iov);
	free(io->hdr);
	free(io);
}

int net_host_open(int slot, char *msg, int len)
{
	struct net_host_dev *d = &devs[slot];
	int err;

	msg[0] = '\0';
	d->no_sendmmsg = 0;
	d->no_recvmmsg = 0;
	if (d->family == NET_VEC) {
		d->io = vec_io_alloc(d->depth);
		if (!d->io) {
			snprintf(msg, len, "%s: out of memory", d->name);
			return -ENOMEM;
		}
	}
	err = d->ops->open(d, msg, len);
	if (err) {
		vec_io_free(d->io);
		d->io = NULL;
	}
	return err ? err : d->fd;
}

void net_host_close(int slot)
{
	struct net_host_dev *d = &devs[slot];

	if (d->tx_fd >= 0 && d->tx_fd != d->fd)
		close(d->tx_fd);
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
	d->tx_fd = -1;
	if (d->ops->close)
		d->ops->close(d);
	vec_io_free(d->io);
	d->io = NULL;
}

/* A frame in one piece, for the transports that send one at a time. */
static const void *flatten(const struct net_tx *tx, unsigned int *len)
{
	unsigned int o = 0;
	int i;

	if (tx->nr_seg == 1) {
		*len = tx->seg[0].len;
		return tx->seg[0].base;
	}
	for (i = 0; i < tx->nr_seg; i++) {
		if (o + tx->seg[i].len > sizeof(overflow))
			return NULL;
		memcpy(overflow + o, tx->seg[i].base, tx->seg[i].len);
		o += tx->seg[i].len;
	}
	*len = o;
	return overflow;
}

int net_host_send(int slot, struct net_tx *tx, int nr)
{
	struct net_host_dev *d = &devs[slot];
	int i, err;

	if (d->ops->send_batch)
		return d->ops->send_batch(d, tx, nr);
	for (i = 0; i < nr; i++) {
		unsigned int len;
		const void *frame = flatten(&tx[i], &len);

		err = frame ? d->ops->send(d, frame, len) : -EMSGSIZE;
		/* A frame the peer would not take is dropped, not kept. */
		if (err && err != -EMSGSIZE && err != -EAGAIN)
			return i ? i : err;
	}
	return nr;
}

int net_host_recv(int slot, struct net_rx *rx, int nr)
{
	struct net_host_dev *d = &devs[slot];
	int i, len;

	if (d->ops->recv_batch)
		return d->ops->recv_batch(d, rx, nr);
	for (i = 0; i < nr; i++) {
		len = d->ops->recv(d, rx[i].buf, rx[i].room);
		if (len == -EAGAIN)
			break;
		if (len < 0 && len != -EMSGSIZE)
			return i ? i : len;
		rx[i].len = len;
		rx[i].off = 0;
	}
	return i;
}

/*
 * ICMP errors for a tunnel's datagrams (no one listening at the other
 * end yet, no route for a while) come back as errors of a later call:
 * a frame lost on the way, not a tunnel gone.
 */
static int transient(struct net_host_dev *d, int err)
{
	switch (err) {
	case ECONNREFUSED: case EHOSTUNREACH: case ENETUNREACH:
	case EHOSTDOWN: case ENETDOWN: case ENONET: case ENOPROTOOPT:
	case EOPNOTSUPP: case EACCES: case EPROTO: case EMSGSIZE:
		return d->lossy;
	}
	return 0;
}

int net_vec_send(struct net_host_dev *d, struct net_tx *tx, int nr)
{
	struct net_vec_io *io = d->io;
	int fd = d->tx_fd >= 0 ? d->tx_fd : d->fd;
	int i, j, k, done = 0, waited = 0, r;

	for (i = 0; i < nr; i++) {
		struct iovec *iov = io->iov + i * (NET_TX_SEGS + 1);
		unsigned char *hdr = io->hdr + i * NET_ENCAP_MAX;
		struct msghdr *mh = &io->mm[i].msg_hdr;
		unsigned int hlen = d->ops->encap ? d->ops->encap(d, hdr) : 0;

		k = 0;
		if (hlen)
			iov[k++] = (struct iovec){ hdr, hlen };
		for (j = 0; j < tx[i].nr_seg && j < NET_TX_SEGS; j++) {
			iov[k].iov_base = (void *)tx[i].seg[j].base;
			iov[k++].iov_len = tx[i].seg[j].len;
		}
		memset(mh, 0, sizeof(*mh));
		mh->msg_iov = iov;
		mh->msg_iovlen = k;
	}
	while (done < nr) {
		if (d->no_sendmmsg) {
			struct msghdr *mh = &io->mm[done].msg_hdr;

			r = writev(fd, mh->msg_iov, mh->msg_iovlen) < 0 ? -1 : 1;
		} else {
			r = sendmmsg(fd, io->mm + done, nr - done, MSG_DONTWAIT);
		}
		if (r > 0) {
			done += r;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno == ENOTSOCK && !d->no_sendmmsg) {
			d->no_sendmmsg = 1;
			continue;
		}
		/* A full peer: a moment to drain, then the rest is dropped. */
		if (errno == EAGAIN || errno == ENOBUFS) {
			if (waited++ ||
			    net_wait_fd(fd, POLLOUT, NET_SEND_WAIT_MS) <= 0)
				break;
			continue;
		}
		if (transient(d, errno)) {
			done++;
			continue;
		}
		return done ? done : -errno;
	}
	return done;
}

int net_vec_recv(struct net_host_dev *d, struct net_rx *rx, int nr)
{
	struct net_vec_io *io = d->io;
	int i, r, tries = 0;

	for (i = 0; i < nr; i++) {
		struct iovec *iov = io->iov + i * (NET_TX_SEGS + 1);
		struct msghdr *mh = &io->mm[i].msg_hdr;

		iov[0] = (struct iovec){ rx[i].buf, rx[i].room };
		memset(mh, 0, sizeof(*mh));
		mh->msg_iov = iov;
		mh->msg_iovlen = 1;
	}
	for (;;) {
		if (d->no_recvmmsg) {
			/* One at a time; the rest of an oversized one here. */
			struct iovec *iov = io->iov;
			ssize_t n;

			iov[1] = (struct iovec){ overflow, sizeof(overflow) };
			n = readv(d->fd, iov, 2);
			r = n < 0 ? -1 : 1;
			if (n >= 0) {
				io->mm[0].msg_len = n;
				io->mm[0].msg_hdr.msg_flags =
					n > rx[0].room ? MSG_TRUNC : 0;
			}
		} else {
			r = recvmmsg(d->fd, io->mm, nr, MSG_DONTWAIT, NULL);
		}
		if (r >= 0)
			break;
		if (errno == EAGAIN)
			return 0;
		if (errno == ENOTSOCK && !d->no_recvmmsg) {
			d->no_recvmmsg = 1;
			continue;
		}
		if (errno == EINTR || (transient(d, errno) && tries++ < 8))
			continue;
		return -errno;
	}
	for (i = 0; i < r; i++) {
		unsigned int len = io->mm[i].msg_len;
		int off = 0;

		rx[i].off = 0;
		if (io->mm[i].msg_hdr.msg_flags & MSG_TRUNC) {
			rx[i].len = -EMSGSIZE;
			continue;
		}
		if (d->ops->decap)
			off = d->ops->decap(d, rx[i].buf, len);
		if (off < 0) {
			rx[i].len = -EPROTO;
			continue;
		}
		rx[i].off = off;
		rx[i].len = len - off;
	}
	return r;
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
