// SPDX-License-Identifier: GPL-2.0
/*
 * The management console's host side: a unix datagram socket in the
 * instance folder, in plain C against glibc.
 *
 * The sender's user is checked with SO_PASSCRED: the host kernel
 * attaches the credentials of whoever sent each datagram, whether the
 * sender asked for it or not.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <host.h>
#include <host_child.h>
#include "mconsole_host.h"

_Static_assert(sizeof(struct sockaddr_un) <= sizeof(((struct mc_peer *)0)->addr),
	       "struct mc_peer is too small");

int mc_host_open(const char *dir, char *path, unsigned int path_len)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd, on = 1;

	if ((unsigned int)snprintf(sun.sun_path, sizeof(sun.sun_path),
				   "%s/mconsole", dir) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	snprintf(path, path_len, "%s", sun.sun_path);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* Left behind by an earlier boot of this instance (reboot). */
	unlink(sun.sun_path);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    chmod(sun.sun_path, 0700) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

int mc_host_recv(int fd, void *buf, unsigned int len, struct mc_peer *peer,
		 int *foreign)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(struct ucred))];
	} ctl;
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = {
		.msg_name = peer->addr,
		.msg_namelen = sizeof(peer->addr),
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = ctl.buf,
		.msg_controllen = sizeof(ctl.buf),
	};
	struct cmsghdr *c;
	ssize_t n;

	do {
		n = recvmsg(fd, &msg, MSG_DONTWAIT | MSG_TRUNC);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	peer->len = msg.msg_namelen;
	*foreign = 1;
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		struct ucred cred;

		if (c->cmsg_level != SOL_SOCKET ||
		    c->cmsg_type != SCM_CREDENTIALS)
			continue;
		memcpy(&cred, CMSG_DATA(c), sizeof(cred));
		*foreign = cred.uid != geteuid() && cred.uid != 0;
	}
	return n;
}

int mc_host_send(int fd, const void *buf, unsigned int len,
		 const struct mc_peer *peer)
{
	ssize_t n;

	/* An unbound sender has no address to answer. */
	if (peer->len <= sizeof(sa_family_t))
		return -ENOTCONN;
	do {
		n = sendto(fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL,
			   (const struct sockaddr *)peer->addr, peer->len);
	} while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

void mc_host_wait(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	poll(&p, 1, -1);
}

int mc_host_notify_open(void)
{
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	return fd < 0 ? -errno : fd;
}

int mc_host_notify(int fd, const char *path, unsigned int type,
		   const char *text, unsigned int len)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct timespec pause = { .tv_nsec = 20 * 1000 * 1000 };
	struct mc_wire_notify msg;
	size_t plen = strlen(path);
	int tries = 0;
	ssize_t n;

	if (plen >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	memcpy(sun.sun_path, path, plen + 1);
	if (len > MC_DATA_LEN - 1)
		len = MC_DATA_LEN - 1;
	msg.magic = MC_MAGIC;
	msg.version = MC_VERSION;
	msg.type = type;
	msg.len = len + 1;
	memcpy(msg.data, text, len);
	msg.data[len] = '\0';
	for (;;) {
		n = sendto(fd, &msg, MC_NOTIFY_HDR + msg.len,
			   MSG_DONTWAIT | MSG_NOSIGNAL,
			   (struct sockaddr *)&sun, sizeof(sun));
		if (n >= 0)
			return 0;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN || ++tries > 50)
			return -errno;
		nanosleep(&pause, NULL);
	}
}

/* --- the hang watchdog ------------------------------------------------- */

/* What the child needs, in private memory (see host_child.h). */
static struct {
	int fd;
	unsigned int seconds;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char text[MC_DATA_LEN];
} wd;

#define WD_PING_MS	1000

static long long wd_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

static int wd_send(char msg)
{
	ssize_t n;

	do {
		n = write(wd.fd, &msg, 1);
	} while (n < 0 && errno == EINTR);
	return n < 0 && errno != EAGAIN ? -1 : 0;
}

static int mc_watchdog(void *unused)
{
	long long now, sent = 0, next = 0, limit = wd.seconds * 1000LL;
	int waiting = 0, paused = 0, hung = 0, nfd, i;
	char buf[64];
	ssize_t n;

	if (host_child_keep_fds(&wd.fd, 1))
		_exit(0);
	nfd = mc_host_notify_open();
	if (nfd < 0)
		_exit(1);
	for (;;) {
		struct pollfd p = { .fd = wd.fd, .events = POLLIN };
		int timeout = -1;

		now = wd_now_ms();
		if (!paused && !waiting && now >= next) {
			if (wd_send(MC_WD_PING))
				_exit(0);
			waiting = 1;
			sent = now;
		}
		if (waiting && !hung)
			timeout = sent + limit > now ? sent + limit - now : 0;
		else if (!waiting && !paused)
			timeout = next - now;
		poll(&p, 1, timeout);
		now = wd_now_ms();
		if (p.revents) {
			n = read(wd.fd, buf, sizeof(buf));
			/* The kernel's end is closed: it ended or re-executed. */
			if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
				_exit(0);
			for (i = 0; i < n; i++) {
				/* Anything from the kernel shows it runs. */
				hung = 0;
				if (buf[i] == MC_WD_ALIVE && waiting) {
					waiting = 0;
					next = now + WD_PING_MS;
				} else if (buf[i] == MC_WD_STOP) {
					paused = 1;
					waiting = 0;
				} else if (buf[i] == MC_WD_GO) {
					paused = 0;
					next = now;
				}
			}
		}
		if (waiting && !hung && now - sent >= limit) {
			hung = 1;
			mc_host_notify(nfd, wd.path, MC_NOTIFY_HANG, wd.text,
				       strlen(wd.text));
			/* For the kernel's log, once it runs again. */
			wd_send(MC_WD_HUNG);
		}
	}
}

int mc_host_watchdog_start(const char *path, unsigned int seconds, int *fd)
{
	size_t plen = strlen(path);
	int sv[2], pid;

	if (plen >= sizeof(wd.path))
		return -ENAMETOOLONG;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		       0, sv))
		return -errno;
	wd.fd = sv[1];
	wd.seconds = seconds;
	memcpy(wd.path, path, plen + 1);
	snprintf(wd.text, sizeof(wd.text),
		 "umid %s, pid %d: the kernel has not answered for %u s",
		 host_umid(), (int)getpid(), seconds);
	pid = host_start_child(mc_watchdog, NULL, "uml-watchdog",
			       HOST_CHILD_ENDS_WITH_KERNEL);
	close(sv[1]);
	if (pid < 0) {
		close(sv[0]);
		return pid;
	}
	*fd = sv[0];
	return pid;
}

void mc_host_watchdog_stop(int pid)
{
	host_end_child(pid);
}

int mc_host_watchdog_read(int fd, char *buf, unsigned int len)
{
	ssize_t n;

	do {
		n = read(fd, buf, len);
	} while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

void mc_host_watchdog_send(int fd, char msg)
{
	while (write(fd, &msg, 1) < 0 && errno == EINTR)
		;
}

void mc_host_watchdog_mute(int fd)
{
	int quiet = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);

	if (quiet < 0)
		return;
	dup3(quiet, fd, O_CLOEXEC);
	close(quiet);
}
