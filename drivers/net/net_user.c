// SPDX-License-Identifier: GPL-2.0
/*
 * ethN=user[,hostfwd=RULE]...[,mac=MAC]: user networking as qemu's
 * "-netdev user" has it, rootless, on Debian's libslirp.  The guest's
 * Ethernet is a virtual network 10.0.2.0/24 (and fec0::/64) where
 * libslirp answers DHCP (the guest gets 10.0.2.15), DNS (10.0.2.3) and
 * router advertisements, and turns the guest's connections into the
 * host's own sockets: 10.0.2.2 is the host itself.  A rule
 *
 *	hostfwd=[tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT
 *
 * makes the host listen on HOSTADDR (default: every address) and pass
 * what comes to GUESTADDR (default 10.0.2.15) in the guest.
 *
 * libslirp needs its own timers and sockets and a glib of its own, so
 * it runs in a helper program of ours (net_user_helper.c) carried inside
 * ./linux, started from a memfd copy when ethN comes up; frames go over
 * a SOCK_SEQPACKET socket pair.  See net_user.h.
 *
 * The rules are checked when the option is parsed (at boot, or by the
 * mconsole's config): a malformed one, or a host port that something
 * else holds, ends the boot with one line.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <host_child.h>
#include "net_transport.h"
#include "net_user.h"

#ifndef MFD_EXEC
#define MFD_EXEC	0x0010U
#endif

#define USER_MAX_FWD	NET_FIELDS
#define USER_RULE_LEN	64
#define USER_USAGE \
	"hostfwd=[tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT"

struct user_fwd {
	int udp;
	struct in_addr host, guest;
	unsigned int host_port, guest_port;
};

struct user {
	struct user_fwd fwd[USER_MAX_FWD];
	int nr_fwd;
	pid_t pid;
	/* The helper's arguments, made at parse time: the child can't. */
	char rules[USER_MAX_FWD][USER_RULE_LEN];
	char *argv[USER_MAX_FWD + 2];
	/* Descriptors the child puts in place: frames, status, image. */
	int child_fds[3];
};

static int parse_port(const char *s, unsigned int *port)
{
	unsigned long v;

	if (net_parse_uint(s, 65535, &v) || !v)
		return -1;
	*port = v;
	return 0;
}

/* "" is @def, else a dotted quad. */
static int parse_addr(const char *s, const char *def, struct in_addr *a)
{
	return inet_pton(AF_INET, *s ? s : def, a) == 1 ? 0 : -1;
}

/* [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT, cut in place. */
static const char *parse_rule(char *r, struct user_fwd *fw)
{
	char *proto = r, *haddr, *hport, *gaddr, *gport;
	struct in_addr net, mask;

	haddr = strchr(proto, ':');
	if (!haddr)
		return "no ':' after the protocol";
	*haddr++ = '\0';
	hport = strchr(haddr, ':');
	if (!hport)
		return "no ':' before the host port";
	*hport++ = '\0';
	gaddr = strchr(hport, '-');
	if (!gaddr)
		return "no '-' between the host and the guest side";
	*gaddr++ = '\0';
	gport = strchr(gaddr, ':');
	if (!gport)
		return "no ':' before the guest port";
	*gport++ = '\0';

	if (!*proto || !strcmp(proto, "tcp"))
		fw->udp = 0;
	else if (!strcmp(proto, "udp"))
		fw->udp = 1;
	else
		return "the protocol is tcp or udp";
	if (parse_addr(haddr, "0.0.0.0", &fw->host))
		return "the host address is not an IPv4 address";
	if (parse_port(hport, &fw->host_port))
		return "the host port is not a number from 1 to 65535";
	if (parse_addr(gaddr, NET_USER_GUEST, &fw->guest))
		return "the guest address is not an IPv4 address";
	if (parse_port(gport, &fw->guest_port))
		return "the guest port is not a number from 1 to 65535";
	inet_pton(AF_INET, NET_USER_NET, &net);
	inet_pton(AF_INET, NET_USER_NETMASK, &mask);
	if ((fw->guest.s_addr & mask.s_addr) != net.s_addr)
		return "the guest address is not in " NET_USER_NET "/24";
	return NULL;
}

/* tcp:127.0.0.1:8080, for messages */
static void fwd_name(const struct user_fwd *fw, char *buf, int len)
{
	char a[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &fw->host, a, sizeof(a));
	snprintf(buf, len, "%s:%s:%u", fw->udp ? "udp" : "tcp", a,
		 fw->host_port);
}

/*
 * Can the host port be had?  libslirp binds it only when the helper
 * starts; saying it at boot is what users of such options expect.  TCP
 * with SO_REUSEADDR as libslirp binds it, so that a connection of an
 * earlier run in TIME_WAIT is no obstacle; UDP without, so that a socket
 * that shares is found too.
 */
static int fwd_check_port(const struct user_fwd *fw)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_addr = fw->host,
		.sin_port = htons(fw->host_port),
	};
	int fd, one = 1, err = 0;

	fd = socket(AF_INET, (fw->udp ? SOCK_DGRAM : SOCK_STREAM) |
		    SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (!fw->udp)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) ||
	    (!fw->udp && listen(fd, 1)))
		err = -errno;
	close(fd);
	return err;
}

static int fwd_overlap(const struct user_fwd *a, const struct user_fwd *b)
{
	return a->udp == b->udp && a->host_port == b->host_port &&
	       (a->host.s_addr == b->host.s_addr || !a->host.s_addr ||
		!b->host.s_addr);
}

static int user_parse_mac(struct net_host_dev *d, const char *s)
{
	unsigned int b[NET_MAC_LEN];
	char end;
	int i;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2],
		   &b[3], &b[4], &b[5], &end) != NET_MAC_LEN || (b[0] & 1) ||
	    strlen(s) != 17)
		return -1;
	for (i = 0; i < NET_MAC_LEN; i++)
		d->mac[i] = b[i];
	d->have_mac = 1;
	return 0;
}

static int user_parse(struct net_host_dev *d, char **f, int nr, char *msg,
		      int len)
{
	struct user *u = d->priv;
	char a[2][INET_ADDRSTRLEN], name[48], rule[NET_SPEC_MAX];
	const char *why;
	int i, j, err;

	for (i = 1; i < nr; i++) {
		struct user_fwd *fw = &u->fwd[u->nr_fwd];

		if (!*f[i])
			continue;
		if (!strncmp(f[i], "mac=", 4)) {
			if (user_parse_mac(d, f[i] + 4)) {
				snprintf(msg, len,
					 "eth%d: bad MAC address '%s' (six hex bytes, xx:xx:xx:xx:xx:xx, not a multicast one)",
					 d->n, f[i] + 4);
				return -EINVAL;
			}
			continue;
		}
		if (strncmp(f[i], "hostfwd=", 8)) {
			snprintf(msg, len,
				 "eth%d: unknown user networking option '%s' (%s, mac=MAC)",
				 d->n, f[i], USER_USAGE);
			return -EINVAL;
		}
		snprintf(rule, sizeof(rule), "%s", f[i] + 8);
		why = parse_rule(rule, fw);
		if (why) {
			snprintf(msg, len, "eth%d: bad hostfwd '%s': %s (%s)",
				 d->n, f[i] + 8, why, USER_USAGE);
			return -EINVAL;
		}
		fwd_name(fw, name, sizeof(name));
		for (j = 0; j < u->nr_fwd; j++) {
			if (fwd_overlap(&u->fwd[j], fw)) {
				snprintf(msg, len,
					 "eth%d: hostfwd %s: the host port is forwarded twice",
					 d->n, name);
				return -EINVAL;
			}
		}
		err = fwd_check_port(fw);
		if (err) {
			snprintf(msg, len, "eth%d: hostfwd %s: %s", d->n, name,
				 strerror(-err));
			return -EINVAL;
		}
		inet_ntop(AF_INET, &fw->host, a[0], sizeof(a[0]));
		inet_ntop(AF_INET, &fw->guest, a[1], sizeof(a[1]));
		snprintf(u->rules[u->nr_fwd], USER_RULE_LEN, NET_USER_FWD_FMT,
			 fw->udp ? "udp" : "tcp", a[0], fw->host_port, a[1],
			 fw->guest_port);
		u->nr_fwd++;
	}
	u->argv[0] = NET_USER_NAME;
	for (i = 0; i < u->nr_fwd; i++)
		u->argv[i + 1] = u->rules[i];
	u->argv[i + 1] = NULL;
	return 0;
}

static void user_describe(const struct net_host_dev *d, char *msg, int len)
{
	const struct user *u = d->priv;
	char a[2][INET_ADDRSTRLEN];
	int i, o;

	o = snprintf(msg, len, "user networking %s/%d", NET_USER_NET,
		     NET_USER_PREFIX_LEN);
	for (i = 0; i < u->nr_fwd && o < len; i++) {
		const struct user_fwd *fw = &u->fwd[i];

		inet_ntop(AF_INET, &fw->host, a[0], sizeof(a[0]));
		inet_ntop(AF_INET, &fw->guest, a[1], sizeof(a[1]));
		o += snprintf(msg + o, len - o, ", %s %s:%u->%s:%u",
			      fw->udp ? "udp" : "tcp", a[0], fw->host_port,
			      a[1], fw->guest_port);
	}
}

/* A copy of the helper program that can be executed, or -errno. */
static int user_image(void)
{
	const char *p = net_user_helper_image;
	size_t left = net_user_helper_end - net_user_helper_image;
	int fd;

	/* Asked for explicitly, or newer hosts may seal it non-executable. */
	fd = memfd_create(NET_USER_NAME, MFD_CLOEXEC | MFD_EXEC);
	if (fd < 0 && errno == EINVAL)
		fd = memfd_create(NET_USER_NAME, MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (left) {
		ssize_t w = write(fd, p, left);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int err = w < 0 ? -errno : -EIO;

			close(fd);
			return err;
		}
		p += w;
		left -= w;
	}
	return fd;
}

/* "text NUMBER\n" with plain system calls only. */
static void child_say(const char *text, int num)
{
	char buf[128], digits[12];
	int n = 0, i = sizeof(digits);

	while (*text && n < 100)
		buf[n++] = *text++;
	do {
		digits[--i] = '0' + num % 10;
		num /= 10;
	} while (num && i);
	while (i < (int)sizeof(digits))
		buf[n++] = digits[i++];
	buf[n++] = '\n';
	if (write(NET_USER_FD_STATUS, buf, n) < 0)
		return;
}

/*
 * In the child (host_child.h: no malloc, no stdio): put the descriptors
 * in place and execute the helper.  Each is first moved above the
 * places so that none is overwritten before it is moved.
 */
static int user_child(void *arg)
{
	struct user *u = arg;
	int places[3] = {
		NET_USER_FD_FRAMES, NET_USER_FD_STATUS, NET_USER_FD_IMAGE
	};
	int keep[5] = { 0, 1, 2, 3, 4 };
	int high[3], i, null;
	sigset_t none;

	for (i = 0; i < 3; i++) {
		high[i] = fcntl(u->child_fds[i], F_DUPFD, 10);
		if (high[i] < 0)
			_exit(127);
	}
	for (i = 0; i < 3; i++)
		if (dup2(high[i], places[i]) < 0)
			_exit(127);
	/* The guest's console may be on stdin and stdout: not for it. */
	null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
	}
	if (host_child_keep_fds(keep, 5))
		_exit(127);
	sigemptyset(&none);
	/* Not sigprocmask(): in ./linux that name is the kernel's. */
	pthread_sigmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	fexecve(NET_USER_FD_IMAGE, u->argv, environ);
	child_say("cannot execute the helper program: error ", errno);
	_exit(127);
}

/*
 * Everything the helper says until it closes the pipe; 0 if that was
 * NET_USER_READY.  Bounded by NET_USER_START_MS.
 */
static int user_wait_ready(int fd, char *buf, int size)
{
	struct timespec t0, t;
	int got = 0, ms, r;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		ms = NET_USER_START_MS - ((t.tv_sec - t0.tv_sec) * 1000 +
					  (t.tv_nsec - t0.tv_nsec) / 1000000);
		if (ms <= 0 || net_wait_fd(fd, POLLIN, ms) <= 0) {
			snprintf(buf, size, "the user networking helper did not start in %d s",
				 NET_USER_START_MS / 1000);
			return -ETIMEDOUT;
		}
		r = read(fd, buf + got, size - 1 - got);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r <= 0 || got + r == size - 1)
			break;
		got += r;
	}
	buf[got] = '\0';
	if (!strcmp(buf, NET_USER_READY))
		return 0;
	/* One line, as the reasons of the other transports. */
	buf[strcspn(buf, "\n")] = '\0';
	if (!buf[0])
		snprintf(buf, size, "the user networking helper ended without a word");
	return -EIO;
}

static int user_open(struct net_host_dev *d, char *msg, int len)
{
	struct user *u = d->priv;
	int frames[2], status[2], image, err;
	const char *what;
	char why[256];
	pid_t pid;

	what = "cannot make a socket pair";
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, frames)) {
		err = -errno;
		goto fail;
	}
	what = "cannot make a pipe";
	if (pipe2(status, O_CLOEXEC)) {
		err = -errno;
		goto fail_frames;
	}
	what = "cannot copy the helper program to a memfd";
	image = user_image();
	if (image < 0) {
		err = image;
		goto fail_status;
	}
	u->child_fds[0] = frames[1];
	u->child_fds[1] = status[1];
	u->child_fds[2] = image;
	pid = host_start_child(user_child, u, NET_USER_NAME,
			       HOST_CHILD_ENDS_WITH_KERNEL);
	close(image);
	close(status[1]);
	close(frames[1]);
	if (pid < 0) {
		err = pid;
		what = "cannot start the helper";
		close(status[0]);
		close(frames[0]);
		goto fail;
	}
	err = user_wait_ready(status[0], why, sizeof(why));
	close(status[0]);
	if (err) {
		host_end_child(pid);
		close(frames[0]);
		snprintf(msg, len, "eth%d: %s", d->n, why);
		return err;
	}
	u->pid = pid;
	fcntl(frames[0], F_SETFL, O_NONBLOCK);
	d->fd = frames[0];
	return 0;

fail_status:
	close(status[0]);
	close(status[1]);
fail_frames:
	close(frames[0]);
	close(frames[1]);
fail:
	snprintf(msg, len, "eth%d: %s: %s", d->n, what, strerror(-err));
	return err;
}

static void user_close(struct net_host_dev *d)
{
	struct user *u = d->priv;

	host_end_child(u->pid);
	u->pid = 0;
}

static int user_send(struct net_host_dev *d, const void *frame,
		     unsigned int len)
{
	return net_send_datagram(d, frame, len, NULL, 0);
}

static int user_recv(struct net_host_dev *d, void *frame, unsigned int len)
{
	int r = net_recv_datagram(d, frame, len, NULL, NULL);

	/* No frame is empty: the helper has gone. */
	return r ? r : -ENOTCONN;
}

static const struct net_transport_ops user_ops = {
	.name		= "user",
	.framing	= NET_FRAME_ETH,
	.priv_size	= sizeof(struct user),
	.parse		= user_parse,
	.describe	= user_describe,
	.open		= user_open,
	.close		= user_close,
	.send		= user_send,
	.recv		= user_recv,
};

static void __attribute__((constructor(NET_TRANSPORT_PRIO)))
user_register(void)
{
	net_register_transport(&user_ops);
}
