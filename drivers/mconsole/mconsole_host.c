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
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
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
