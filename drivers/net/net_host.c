// SPDX-License-Identifier: GPL-2.0
/*
 * Network devices, host side: the transports that carry the guest's
 * Ethernet frames.
 *
 *   tuntap  a tap device of the host, which the host's own stack (or a
 *           bridge) serves.  It must exist and belong to the user; we
 *           never configure the host.
 *   daemon  a port of a uml_switch (or compatible) virtual switch: a
 *           stream connection to its control socket asks for the port
 *           and keeps it while open, frames travel as datagrams
 *           between our data socket and the switch's.
 *   vde     a port of a VDE switch (vde_switch), which speaks the same
 *           port request with the port number and a description added.
 *   slirp   the slirp program, a user-space TCP/IP stack that makes the
 *           host's connections for the guest; it speaks SLIP (IP
 *           packets, no Ethernet) on its standard input and output.
 *   mcast   a UDP multicast group: every guest in the group sees every
 *           frame, like a hub; no daemon and no privilege needed.
 *
 * Every call runs on the kernel's host thread and must never block it
 * for long: descriptors are non-blocking, and a full switch gets a
 * short wait before the frame is dropped.
 */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <sys/un.h>
#include <linux/if_tun.h>
#include <host_child.h>
#include "net_host.h"

enum net_transport {
	NET_TUNTAP = 1, NET_DAEMON, NET_VDE, NET_SLIRP, NET_MCAST
};

#define NET_FIELDS		8
#define SWITCH_CTL_DEFAULT	"/tmp/uml.ctl"
/* Debian's plain slirp emulates a modem's baud rate and exits on a pty. */
#define SLIRP_DEFAULT		"slirp-fullbolt"
#define VDE_CTL_DEFAULT		"/tmp/vde.ctl"
#define MCAST_ADDR_DEFAULT	"239.192.168.1"
#define MCAST_PORT_DEFAULT	1102
#define MCAST_TTL_DEFAULT	1
/* How long a full switch may hold the kernel up before a frame is dropped. */
#define SEND_WAIT_MS		20
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

/* SLIP framing (RFC 1055) */
#define SLIP_END		0300
#define SLIP_ESC		0333
#define SLIP_ESC_END		0334
#define SLIP_ESC_ESC		0335
#define SLIP_MAX		65536

/* Where a SLIP stream is between packets. */
struct slip_rx {
	unsigned char raw[4096];	/* as read */
	int raw_len, raw_pos;
	unsigned char pkt[SLIP_MAX];	/* decoded so far */
	int pkt_len;
	int esc, overflow;
};

struct net_host_dev {
	/* configuration */
	int configured;
	enum net_transport transport;
	char spec[NET_SPEC_MAX];
	int have_mac;
	unsigned char mac[NET_MAC_LEN];
	char ifname[IFNAMSIZ];		/* tuntap */
	struct sockaddr_un ctl;		/* daemon, vde: the switch's control socket */
	char data_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	unsigned int vde_port;		/* 0: the switch chooses */
	char vde_descr[VDE_DESCR_MAX];
	struct sockaddr_in group;	/* mcast */
	int ttl;
	char slirp_args[NET_SPEC_MAX];	/* slirp: program and arguments, */
	int slirp_argc;			/* NUL-separated */

	/* open state */
	int fd;				/* frames; -1 while closed */
	int ctl_fd;			/* daemon: holds the port */
	struct sockaddr_un peer;	/* daemon: the switch's data socket */
	pid_t slirp_pid;
	struct slip_rx *slip;
};

static struct net_host_dev devs[NET_MAX_DEVS];
/* Where oversized frames end up, to be measured and dropped. */
static char overflow[65536];

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

static int parse_uint(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	if (!*s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*v = strtoul(s, &end, 10);
	return errno || *end || *v > max ? -1 : 0;
}

static int parse_tuntap(struct net_host_dev *d, char **f, int nr, int n,
			char *msg, int len)
{
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
	snprintf(d->ifname, sizeof(d->ifname), "%s", f[1]);
	/* f[3], the host's IP address, is for the host to configure. */
	return nr > 4 ? -E2BIG : 0;
}

static int set_ctl(struct net_host_dev *d, const char *path)
{
	if (strlen(path) >= sizeof(d->ctl.sun_path))
		return -1;
	d->ctl.sun_family = AF_UNIX;
	snprintf(d->ctl.sun_path, sizeof(d->ctl.sun_path), "%s", path);
	return 0;
}

static int parse_daemon(struct net_host_dev *d, char **f, int nr, int n,
			char *msg, int len)
{
	const char *ctl = nr > 3 && *f[3] ? f[3] : SWITCH_CTL_DEFAULT;

	if (nr > 2 && *f[2] && strcmp(f[2], "unix")) {
		snprintf(msg, len,
			 "eth%d: daemon socket type '%s' is not supported (only unix)",
			 n, f[2]);
		return -EINVAL;
	}
	if (set_ctl(d, ctl) || (nr > 4 && strlen(f[4]) >= sizeof(d->data_path))) {
		snprintf(msg, len, "eth%d: socket path too long", n);
		return -EINVAL;
	}
	if (nr > 4)
		snprintf(d->data_path, sizeof(d->data_path), "%s", f[4]);
	return nr > 5 ? -E2BIG : 0;
}

/* vde,SWITCH,MAC,PORT,GROUP,MODE,DESCRIPTION */
static int parse_vde(struct net_host_dev *d, char **f, int nr, int n,
		     char *msg, int len)
{
	const char *sw = nr > 1 && *f[1] ? f[1] : VDE_CTL_DEFAULT;
	unsigned long port = 0;

	if (set_ctl(d, sw)) {
		snprintf(msg, len, "eth%d: socket path too long", n);
		return -EINVAL;
	}
	if (nr > 3 && *f[3] && parse_uint(f[3], 0xffffff, &port)) {
		snprintf(msg, len, "eth%d: bad VDE port '%s'", n, f[3]);
		return -EINVAL;
	}
	d->vde_port = port;
	/*
	 * GROUP and MODE (f[4], f[5]) set the permissions of a data socket
	 * file; ours is an abstract name, which has none.
	 */
	if (nr > 6 && *f[6])
		snprintf(d->vde_descr, sizeof(d->vde_descr), "%s", f[6]);
	else
		snprintf(d->vde_descr, sizeof(d->vde_descr),
			 "user-mode Linux eth%d", n);
	return nr > 7 ? -E2BIG : 0;
}

/* slirp,MAC,PROGRAM,ARGS...: MAC means nothing without Ethernet. */
static int parse_slirp(struct net_host_dev *d, char **f, int nr, int n,
		       char *msg, int len)
{
	char *p = d->slirp_args;
	int i;

	snprintf(p, sizeof(d->slirp_args), "%s",
		 nr > 2 && *f[2] ? f[2] : SLIRP_DEFAULT);
	d->slirp_argc = 1;
	for (i = 3; i < nr; i++) {
		p += strlen(p) + 1;
		/* Fits: the fields fitted in the option. */
		memcpy(p, f[i], strlen(f[i]) + 1);
		d->slirp_argc++;
	}
	return 0;
}

static int parse_mcast(struct net_host_dev *d, char **f, int nr, int n,
		       char *msg, int len)
{
	const char *addr = nr > 2 && *f[2] ? f[2] : MCAST_ADDR_DEFAULT;
	unsigned long port = MCAST_PORT_DEFAULT, ttl = MCAST_TTL_DEFAULT;

	d->group.sin_family = AF_INET;
	if (inet_pton(AF_INET, addr, &d->group.sin_addr) != 1 ||
	    !IN_MULTICAST(ntohl(d->group.sin_addr.s_addr))) {
		snprintf(msg, len,
			 "eth%d: '%s' is not an IPv4 multicast address (224.0.0.0 to 239.255.255.255)",
			 n, addr);
		return -EINVAL;
	}
	if ((nr > 3 && *f[3] && (parse_uint(f[3], 65535, &port) || !port)) ||
	    (nr > 4 && *f[4] && parse_uint(f[4], 255, &ttl))) {
		snprintf(msg, len,
			 "eth%d: bad multicast port or TTL (eth%d=mcast,MAC,ADDR,PORT,TTL)",
			 n, n);
		return -EINVAL;
	}
	d->group.sin_port = htons(port);
	d->ttl = ttl;
	return nr > 5 ? -E2BIG : 0;
}

/* The option's first field names the transport; MAC is in mac_field. */
static const struct net_transport_syntax {
	const char *name;
	enum net_transport transport;
	int mac_field;
	int (*parse)(struct net_host_dev *d, char **f, int nr, int n,
		     char *msg, int len);
} transports[] = {
	{ "tuntap", NET_TUNTAP, 2, parse_tuntap },
	{ "daemon", NET_DAEMON, 1, parse_daemon },
	{ "vde", NET_VDE, 2, parse_vde },
	{ "slirp", NET_SLIRP, 1, parse_slirp },
	{ "mcast", NET_MCAST, 1, parse_mcast },
	{ NULL }
};

int net_host_parse(const char *opt, char *msg, int len)
{
	const struct net_transport_syntax *t;
	struct net_host_dev new = { .fd = -1, .ctl_fd = -1 };
	char buf[NET_SPEC_MAX], *f[NET_FIELDS];
	const char *mac = NULL;
	unsigned long n;
	char *eq, *end;
	int nr, err;

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

	for (t = transports; t->name && strcmp(f[0], t->name); t++)
		;
	if (!t->name) {
		snprintf(msg, len,
			 "eth%lu: unknown transport '%s' (tuntap, daemon, vde, slirp or mcast)",
			 n, f[0]);
		return -EINVAL;
	}
	new.transport = t->transport;
	err = t->parse(&new, f, nr, n, msg, len);
	if (nr > t->mac_field)
		mac = f[t->mac_field];
	if (err == -E2BIG)
		snprintf(msg, len, "eth%lu: too many fields in '%s'", n,
			 new.spec);
	if (err)
		return -EINVAL;
	if (mac && *mac) {
		if (parse_mac(mac, new.mac)) {
			snprintf(msg, len,
				 "eth%lu: bad MAC address '%s' (six hex bytes, xx:xx:xx:xx:xx:xx, not a multicast one)",
				 n, mac);
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
}

int net_host_framing(int n)
{
	return devs[n].transport == NET_SLIRP ? NET_FRAME_IP : NET_FRAME_ETH;
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
	struct net_host_dev *d = &devs[n];
	char addr[INET_ADDRSTRLEN];

	switch (d->transport) {
	case NET_TUNTAP:
		snprintf(msg, len, "host tap device %s", d->ifname);
		break;
	case NET_DAEMON:
		snprintf(msg, len, "switch at %s", d->ctl.sun_path);
		break;
	case NET_VDE:
		snprintf(msg, len, "VDE switch at %s", d->ctl.sun_path);
		break;
	case NET_SLIRP:
		snprintf(msg, len, "slirp (%s)", d->slirp_args);
		break;
	case NET_MCAST:
		inet_ntop(AF_INET, &d->group.sin_addr, addr, sizeof(addr));
		snprintf(msg, len, "multicast group %s port %d ttl %d", addr,
			 ntohs(d->group.sin_port), d->ttl);
		break;
	}
}

/* Wait up to @ms for @events on @fd: 1 if they came, 0 or -errno if not. */
static int wait_fd(int fd, short events, int ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	int ret;

	do {
		ret = poll(&p, 1, ms);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : ret;
}

static int open_tuntap(int n, struct net_host_dev *d, char *msg, int len)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	int fd, err;

	fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		err = -errno;
		snprintf(msg, len, "eth%d: cannot open /dev/net/tun: %s", n,
			 strerror(errno));
		return err;
	}
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", d->ifname);
	if (ioctl(fd, TUNSETIFF, &ifr)) {
		err = -errno;
		snprintf(msg, len,
			 "eth%d: cannot attach to host tap device %s: %s%s", n,
			 d->ifname, strerror(errno),
			 errno == EPERM ?
			 " (it must exist and belong to this user: ip tuntap add NAME mode tap user USER)" :
			 "");
		close(fd);
		return err;
	}
	d->fd = fd;
	return 0;
}

/* Read exactly @len bytes of the switch's answer, or fail. */
static int read_reply(int fd, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t r;
		int ret = wait_fd(fd, POLLIN, SWITCH_REPLY_MS);

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
static int open_switch(int n, struct net_host_dev *d, char *msg, int len)
{
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
	struct sockaddr_un ctl_addr = d->ctl;
	size_t out_len = sizeof(out.req);
	struct timespec now;
	struct stat st;
	int ctl, fd, err;
	const char *what;

	if (d->transport == NET_VDE) {
		/* The description follows the address, without padding. */
		out_len = offsetof(struct switch_request, data) +
			  sizeof(req->data);
		req->type |= d->vde_port << VDE_PORT_SHIFT;
		out_len += snprintf(out.bytes + out_len, VDE_DESCR_MAX, "%s",
				    d->vde_descr) + 1;
		/* A switch started with -s DIR listens on DIR/ctl. */
		if (!stat(d->ctl.sun_path, &st) && S_ISDIR(st.st_mode) &&
		    strlen(d->ctl.sun_path) + 4 < sizeof(ctl_addr.sun_path))
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
	if (d->data_path[0]) {
		snprintf(req->data.sun_path, sizeof(req->data.sun_path), "%s",
			 d->data_path);
		unlink(d->data_path);
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
	err = read_reply(ctl, &d->peer, sizeof(d->peer));
	if (err) {
		errno = -err;
		what = "no answer from the switch";
		goto fail;
	}
	fcntl(ctl, F_SETFL, O_NONBLOCK);
	d->fd = fd;
	d->ctl_fd = ctl;
	return 0;

fail:
	err = -errno;
	snprintf(msg, len, "eth%d: %s at %s: %s", n, what, ctl_addr.sun_path,
		 strerror(errno));
	if (fd >= 0)
		close(fd);
	if (ctl >= 0)
		close(ctl);
	if (d->data_path[0])
		unlink(d->data_path);
	return err;
}

static int open_slirp(int n, struct net_host_dev *d, char *msg, int len)
{
	char *argv[NET_FIELDS + 1], *p = d->slirp_args;
	struct termios tio;
	char pts[64];
	int sv[2], i, rc;

	if (!d->slip)
		d->slip = malloc(sizeof(*d->slip));
	if (!d->slip)
		return -ENOMEM;
	memset(d->slip, 0, sizeof(*d->slip));
	for (i = 0; i < d->slirp_argc; i++, p += strlen(p) + 1)
		argv[i] = p;
	argv[i] = NULL;
	/*
	 * slirp insists on a terminal: it gets a pseudo-terminal's slave,
	 * raw, as stdin and stdout, in a session of its own; we keep the
	 * master.
	 */
	sv[0] = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (sv[0] < 0 || grantpt(sv[0]) || unlockpt(sv[0]) ||
	    ptsname_r(sv[0], pts, sizeof(pts))) {
		rc = errno;
		if (sv[0] >= 0)
			close(sv[0]);
		goto fail;
	}
	sv[1] = open(pts, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (sv[1] < 0 || tcgetattr(sv[1], &tio)) {
		rc = errno;
		close(sv[0]);
		if (sv[1] >= 0)
			close(sv[1]);
		goto fail;
	}
	cfmakeraw(&tio);
	tcsetattr(sv[1], TCSANOW, &tio);
	rc = host_spawn(argv, (int[]){ sv[1], sv[1], -1 }, 3);
	close(sv[1]);
	if (rc < 0) {
		rc = -rc;
		close(sv[0]);
		goto fail;
	}
	d->slirp_pid = rc;
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	d->fd = sv[0];
	return 0;

fail:
	snprintf(msg, len, "eth%d: cannot start %s: %s", n, argv[0],
		 strerror(rc));
	return -rc;
}

static int open_mcast(int n, struct net_host_dev *d, char *msg, int len)
{
	struct ip_mreq mreq = { .imr_multiaddr = d->group.sin_addr };
	int fd, one = 1, ttl = d->ttl, err;
	const char *what = "cannot make a UDP socket";

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		goto fail;
	/* Several guests of this host join the same group and port. */
	what = "cannot bind the group's port";
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&d->group, sizeof(d->group)))
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
	snprintf(msg, len, "eth%d: %s (%s:%d): %s", n, what,
		 inet_ntoa(d->group.sin_addr), ntohs(d->group.sin_port),
		 strerror(errno));
	if (fd >= 0)
		close(fd);
	return err;
}

int net_host_open(int n, char *msg, int len)
{
	struct net_host_dev *d = &devs[n];
	int err = -EINVAL;

	msg[0] = '\0';
	switch (d->transport) {
	case NET_TUNTAP:
		err = open_tuntap(n, d, msg, len);
		break;
	case NET_DAEMON:
	case NET_VDE:
		err = open_switch(n, d, msg, len);
		break;
	case NET_SLIRP:
		err = open_slirp(n, d, msg, len);
		break;
	case NET_MCAST:
		err = open_mcast(n, d, msg, len);
		break;
	}
	return err ? err : d->fd;
}

void net_host_close(int n)
{
	struct net_host_dev *d = &devs[n];

	if (d->fd >= 0)
		close(d->fd);
	/* Closing the control connection gives the switch port back. */
	if (d->ctl_fd >= 0)
		close(d->ctl_fd);
	if (d->data_path[0])
		unlink(d->data_path);
	if (d->slirp_pid > 0) {
		kill(d->slirp_pid, SIGKILL);
		while (waitpid(d->slirp_pid, NULL, 0) < 0 && errno == EINTR)
			;
		d->slirp_pid = 0;
	}
	d->fd = -1;
	d->ctl_fd = -1;
}

static ssize_t send_once(struct net_host_dev *d, const void *frame,
			 unsigned int len)
{
	switch (d->transport) {
	case NET_TUNTAP:
		return write(d->fd, frame, len);
	case NET_DAEMON:
	case NET_VDE:
		return sendto(d->fd, frame, len, MSG_DONTWAIT,
			      (struct sockaddr *)&d->peer, sizeof(d->peer));
	case NET_MCAST:
		return sendto(d->fd, frame, len, MSG_DONTWAIT,
			      (struct sockaddr *)&d->group, sizeof(d->group));
	case NET_SLIRP:		/* a stream: see slip_send() */
		break;
	}
	errno = EINVAL;
	return -1;
}

/* Write all of @buf to a stream, waiting a little if it is full. */
static int write_stream(int fd, const unsigned char *buf, size_t len)
{
	while (len) {
		ssize_t w = write(fd, buf, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EAGAIN &&
		    wait_fd(fd, POLLOUT, SEND_WAIT_MS) > 0)
			continue;
		if (w < 0)
			return -errno;
		buf += w;
		len -= w;
	}
	return 0;
}

/*
 * A packet as SLIP: END, the bytes with END and ESC escaped, END.  The
 * END in front flushes whatever noise came before.
 */
static int slip_send(int fd, const unsigned char *pkt, unsigned int len)
{
	static unsigned char buf[2 * SLIP_MAX + 2];
	unsigned int i, o = 0;

	if (len > SLIP_MAX)
		return -EMSGSIZE;
	buf[o++] = SLIP_END;
	for (i = 0; i < len; i++) {
		if (pkt[i] == SLIP_END) {
			buf[o++] = SLIP_ESC;
			buf[o++] = SLIP_ESC_END;
		} else if (pkt[i] == SLIP_ESC) {
			buf[o++] = SLIP_ESC;
			buf[o++] = SLIP_ESC_ESC;
		} else {
			buf[o++] = pkt[i];
		}
	}
	buf[o++] = SLIP_END;
	return write_stream(fd, buf, o);
}

/* The next whole packet of a SLIP stream, or -EAGAIN. */
static int slip_recv(int fd, struct slip_rx *s, void *pkt, unsigned int len)
{
	for (;;) {
		while (s->raw_pos < s->raw_len) {
			unsigned char c = s->raw[s->raw_pos++];
			int got = s->pkt_len, over = s->overflow;

			if (c == SLIP_END) {
				s->pkt_len = 0;
				s->overflow = 0;
				s->esc = 0;
				if (!got && !over)
					continue;
				if (over || got > len)
					return -EMSGSIZE;
				memcpy(pkt, s->pkt, got);
				return got;
			}
			if (c == SLIP_ESC) {
				s->esc = 1;
				continue;
			}
			if (s->esc) {
				c = c == SLIP_ESC_END ? SLIP_END :
				    c == SLIP_ESC_ESC ? SLIP_ESC : c;
				s->esc = 0;
			}
			if (s->pkt_len < (int)sizeof(s->pkt))
				s->pkt[s->pkt_len++] = c;
			else
				s->overflow = 1;
		}
		s->raw_pos = 0;
		s->raw_len = read(fd, s->raw, sizeof(s->raw));
		if (s->raw_len > 0)
			continue;
		if (s->raw_len == 0) {
			/* slirp is gone. */
			return -ENOTCONN;
		}
		s->raw_len = 0;
		if (errno != EINTR)
			return -errno;
	}
}

int net_host_send(int n, const void *frame, unsigned int len)
{
	struct net_host_dev *d = &devs[n];
	int waited = 0;

	if (d->transport == NET_SLIRP)
		return slip_send(d->fd, frame, len);

	for (;;) {
		if (send_once(d, frame, len) >= 0)
			return 0;
		if (errno == EINTR)
			continue;
		/*
		 * A switch's queue holds only a few frames (net.unix.
		 * max_dgram_qlen): give it a moment to drain before dropping.
		 */
		if (errno != EAGAIN || waited++ ||
		    wait_fd(d->fd, POLLOUT, SEND_WAIT_MS) <= 0)
			return -errno;
	}
}

/*
 * Is @from (as recvmsg filled it in) the switch's data socket?  A path
 * comes back as far as its NUL, an abstract name whole; the switch's
 * own address is a whole sockaddr_un padded with zeroes.
 */
static int from_switch(const struct net_host_dev *d,
		       const struct sockaddr_un *from, socklen_t len)
{
	size_t off = offsetof(struct sockaddr_un, sun_path);

	return len > off && len <= sizeof(*from) &&
	       from->sun_family == AF_UNIX &&
	       !memcmp(from->sun_path, d->peer.sun_path, len - off);
}

int net_host_recv(int n, void *frame, unsigned int len)
{
	struct net_host_dev *d = &devs[n];
	struct iovec iov[2] = {
		{ .iov_base = frame, .iov_len = len },
		{ .iov_base = overflow, .iov_len = sizeof(overflow) },
	};
	struct sockaddr_un from;
	struct msghdr mh = {
		.msg_iov = iov,
		.msg_iovlen = 2,
		.msg_name = &from,
		.msg_namelen = sizeof(from),
	};
	ssize_t r;

	if (d->transport == NET_SLIRP)
		return slip_recv(d->fd, d->slip, frame, len);
	for (;;) {
		if (d->transport == NET_TUNTAP) {
			r = readv(d->fd, iov, 2);
		} else {
			mh.msg_namelen = d->transport == NET_MCAST ?
					 0 : sizeof(from);
			r = recvmsg(d->fd, &mh, MSG_DONTWAIT);
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		/* Only the switch may speak on a switch port. */
		if ((d->transport == NET_DAEMON || d->transport == NET_VDE) &&
		    !from_switch(d, &from, mh.msg_namelen))
			continue;
		return r > len ? -EMSGSIZE : r;
	}
}
