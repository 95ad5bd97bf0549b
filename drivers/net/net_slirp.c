// SPDX-License-Identifier: GPL-2.0
/*
 * ethN=slirp[,MAC[,PROGRAM[,ARG...]]]: the slirp program (Debian's
 * slirp-fullbolt by default), a user-space TCP/IP stack that makes the
 * host's connections for the guest.  It speaks SLIP (IP packets, no
 * Ethernet: ethN is then a point-to-point link without MAC or ARP) on a
 * pseudo-terminal, started when the interface comes up.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sys/wait.h>
#include <host_child.h>
#include "net_transport.h"

/* Debian's plain slirp emulates a modem's baud rate and exits on a pty. */
#define SLIRP_DEFAULT		"slirp-fullbolt"

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

struct slirp {
	char args[NET_SPEC_MAX];	/* program and arguments, */
	int argc;			/* NUL-separated */
	pid_t pid;
	struct slip_rx rx;
};

/* slirp,MAC,PROGRAM,ARGS...: MAC means nothing without Ethernet. */
static int slirp_parse(struct net_host_dev *d, char **f, int nr, char *msg,
		       int len)
{
	struct slirp *s = d->priv;
	char *p = s->args;
	int i;

	snprintf(p, sizeof(s->args), "%s",
		 nr > 2 && *f[2] ? f[2] : SLIRP_DEFAULT);
	s->argc = 1;
	for (i = 3; i < nr; i++) {
		p += strlen(p) + 1;
		/* Fits: the fields fitted in the option. */
		memcpy(p, f[i], strlen(f[i]) + 1);
		s->argc++;
	}
	return 0;
}

static int slirp_open(struct net_host_dev *d, char *msg, int len)
{
	struct slirp *s = d->priv;
	char *argv[NET_FIELDS + 1], *p = s->args;
	struct termios tio;
	char pts[64];
	int sv[2], i, rc;

	memset(&s->rx, 0, sizeof(s->rx));
	for (i = 0; i < s->argc; i++, p += strlen(p) + 1)
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
	s->pid = rc;
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	d->fd = sv[0];
	return 0;

fail:
	snprintf(msg, len, "eth%d: cannot start %s: %s", d->n, argv[0],
		 strerror(rc));
	return -rc;
}

static void slirp_close(struct net_host_dev *d)
{
	struct slirp *s = d->priv;

	if (s->pid > 0) {
		kill(s->pid, SIGKILL);
		while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
			;
		s->pid = 0;
	}
}

static void slirp_describe(const struct net_host_dev *d, char *msg, int len)
{
	const struct slirp *s = d->priv;

	snprintf(msg, len, "slirp (%s)", s->args);
}

/* Write all of @buf to a stream, waiting a little if it is full. */
static int write_stream(int fd, const unsigned char *buf, size_t len)
{
	while (len) {
		ssize_t w = write(fd, buf, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EAGAIN &&
		    net_wait_fd(fd, POLLOUT, NET_SEND_WAIT_MS) > 0)
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

static int slirp_send(struct net_host_dev *d, const void *frame,
		      unsigned int len)
{
	return slip_send(d->fd, frame, len);
}

static int slirp_recv(struct net_host_dev *d, void *frame, unsigned int len)
{
	struct slirp *s = d->priv;

	return slip_recv(d->fd, &s->rx, frame, len);
}

static const struct net_transport_ops slirp_ops = {
	.name		= "slirp",
	.mac_field	= 1,
	.framing	= NET_FRAME_IP,
	.priv_size	= sizeof(struct slirp),
	.parse		= slirp_parse,
	.describe	= slirp_describe,
	.open		= slirp_open,
	.close		= slirp_close,
	.send		= slirp_send,
	.recv		= slirp_recv,
};

static void __attribute__((constructor(NET_TRANSPORT_PRIO)))
slirp_register(void)
{
	net_register_transport(&slirp_ops);
}
