// SPDX-License-Identifier: GPL-2.0
/*
 * uml-usernet: the helper program of ethN=user (net_user.c), a host
 * program of its own, linked with Debian's libslirp, carried inside
 * ./linux.  It runs one libslirp stack for one ethN: Ethernet frames
 * from the kernel go in with slirp_input, libslirp's frames for the
 * guest go back, and in between one poll() loop serves the stack's
 * sockets and timers.  See net_user.h for how it is started.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <slirp/libslirp.h>
#include "net_user.h"

/* Frames that the kernel may send (a GSO-less MTU of 64 KiB at most). */
#define FRAME_MAX		65536
/* Frames taken from the kernel before the sockets get a turn. */
#define FRAMES_PER_ROUND	64
/* Room for frames queued towards a busy kernel before they are dropped. */
#define FRAMES_SNDBUF		(2 << 20)

/* libslirp's timers: one list, looked at once per round. */
struct timer {
	SlirpTimerCb cb;		/* old style, or */
	SlirpTimerId id;		/* slirp_handle_timer's */
	void *cb_opaque;
	int64_t expire_ms;		/* -1: not armed */
	struct timer *next;
};

static Slirp *slirp;
static struct timer *timers;
static struct pollfd *pfds;
static int nr_pfds, max_pfds;
static unsigned char frame[FRAME_MAX];

/* Before it is ready: say why not on the status pipe, and end. */
static void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static ssize_t cb_send_packet(const void *buf, size_t len, void *opaque)
{
	ssize_t r;

	do {
		r = send(NET_USER_FD_FRAMES, buf, len,
			 MSG_DONTWAIT | MSG_NOSIGNAL);
	} while (r < 0 && errno == EINTR);
	/*
	 * A kernel that does not keep up loses the frame, as on a wire;
	 * a kernel that is gone is seen by the loop, at the end of file.
	 */
	return r < 0 && errno != EAGAIN && errno != ENOBUFS ? -1 : (ssize_t)len;
}

/* The guest's mistakes are the guest's business. */
static void cb_guest_error(const char *msg, void *opaque)
{
}

static int64_t cb_clock_get_ns(void *opaque)
{
	return now_ns();
}

static struct timer *timer_add(void)
{
	struct timer *t = calloc(1, sizeof(*t));

	if (!t)
		abort();
	t->expire_ms = -1;
	t->next = timers;
	timers = t;
	return t;
}

static void *cb_timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
	struct timer *t = timer_add();

	t->cb = cb;
	t->cb_opaque = cb_opaque;
	return t;
}

static void *cb_timer_new_opaque(SlirpTimerId id, void *cb_opaque,
				 void *opaque)
{
	struct timer *t = timer_add();

	t->id = id;
	t->cb_opaque = cb_opaque;
	return t;
}

static void cb_timer_free(void *timer, void *opaque)
{
	struct timer **p;

	for (p = &timers; *p; p = &(*p)->next) {
		if (*p == timer) {
			*p = (*p)->next;
			free(timer);
			return;
		}
	}
}

static void cb_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
	((struct timer *)timer)->expire_ms = expire_ms;
}

/* Every round polls what slirp_pollfds_fill names: nothing to keep. */
static void cb_register_poll_fd(int fd, void *opaque)
{
}

static void cb_unregister_poll_fd(int fd, void *opaque)
{
}

/* The loop is the only thread; it looks again before it sleeps. */
static void cb_notify(void *opaque)
{
}

static const SlirpCb callbacks = {
	.send_packet		= cb_send_packet,
	.guest_error		= cb_guest_error,
	.clock_get_ns		= cb_clock_get_ns,
	.timer_new		= cb_timer_new,
	.timer_free		= cb_timer_free,
	.timer_mod		= cb_timer_mod,
	.register_poll_fd	= cb_register_poll_fd,
	.unregister_poll_fd	= cb_unregister_poll_fd,
	.notify			= cb_notify,
	.timer_new_opaque	= cb_timer_new_opaque,
};

static int poll_events(int slirp_events)
{
	return (slirp_events & SLIRP_POLL_IN ? POLLIN : 0) |
	       (slirp_events & SLIRP_POLL_OUT ? POLLOUT : 0) |
	       (slirp_events & SLIRP_POLL_PRI ? POLLPRI : 0);
}

static int cb_add_poll(int fd, int events, void *opaque)
{
	if (nr_pfds == max_pfds) {
		int n = max_pfds ? 2 * max_pfds : 64;
		struct pollfd *p = realloc(pfds, n * sizeof(*p));

		if (!p)
			abort();
		pfds = p;
		max_pfds = n;
	}
	pfds[nr_pfds].fd = fd;
	pfds[nr_pfds].events = poll_events(events);
	pfds[nr_pfds].revents = 0;
	return nr_pfds++;
}

static int cb_get_revents(int idx, void *opaque)
{
	int r = pfds[idx].revents;

	return (r & POLLIN ? SLIRP_POLL_IN : 0) |
	       (r & POLLOUT ? SLIRP_POLL_OUT : 0) |
	       (r & POLLPRI ? SLIRP_POLL_PRI : 0) |
	       (r & POLLERR ? SLIRP_POLL_ERR : 0) |
	       (r & POLLHUP ? SLIRP_POLL_HUP : 0);
}

/* Milliseconds to the first armed timer, at most @limit (-1: none). */
static int timers_wait(int limit)
{
	int64_t now = now_ns() / 1000000;
	struct timer *t;

	for (t = timers; t; t = t->next) {
		int64_t left;

		if (t->expire_ms < 0)
			continue;
		left = t->expire_ms > now ? t->expire_ms - now : 0;
		if (limit < 0 || left < limit)
			limit = left;
	}
	return limit;
}

/* Fire the timers that are due; one may arm or free another. */
static void timers_run(void)
{
	int64_t now = now_ns() / 1000000;
	struct timer *t;

again:
	for (t = timers; t; t = t->next) {
		if (t->expire_ms < 0 || t->expire_ms > now)
			continue;
		t->expire_ms = -1;
		if (t->cb)
			t->cb(t->cb_opaque);
		else
			slirp_handle_timer(slirp, t->id, t->cb_opaque);
		goto again;
	}
}

/* The kernel's frames, into the stack: -1 once the kernel is gone. */
static int frames_in(void)
{
	int i;

	for (i = 0; i < FRAMES_PER_ROUND; i++) {
		ssize_t r = recv(NET_USER_FD_FRAMES, frame, sizeof(frame),
				 MSG_DONTWAIT);

		if (r > 0)
			slirp_input(slirp, frame, r);
		else if (!r)
			return -1;
		else if (errno == EAGAIN)
			return 0;
		else if (errno != EINTR)
			return -1;
	}
	return 0;
}

static void run(void)
{
	for (;;) {
		uint32_t timeout = UINT32_MAX;
		int ready, ms;

		nr_pfds = 0;
		cb_add_poll(NET_USER_FD_FRAMES, SLIRP_POLL_IN, NULL);
		slirp_pollfds_fill(slirp, &timeout, cb_add_poll, NULL);
		ms = timers_wait(timeout == UINT32_MAX ? -1 :
				 timeout > INT32_MAX ? INT32_MAX : (int)timeout);
		ready = poll(pfds, nr_pfds, ms);
		if (ready < 0 && errno != EINTR)
			exit(1);
		slirp_pollfds_poll(slirp, ready < 0, cb_get_revents, NULL);
		if (ready > 0 && pfds[0].revents && frames_in() < 0)
			exit(0);
		timers_run();
	}
}

static void config(SlirpConfig *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->version = 4;
	cfg->in_enabled = true;
	inet_pton(AF_INET, NET_USER_NET, &cfg->vnetwork);
	inet_pton(AF_INET, NET_USER_NETMASK, &cfg->vnetmask);
	inet_pton(AF_INET, NET_USER_HOST, &cfg->vhost);
	inet_pton(AF_INET, NET_USER_GUEST, &cfg->vdhcp_start);
	inet_pton(AF_INET, NET_USER_DNS, &cfg->vnameserver);
	cfg->in6_enabled = true;
	inet_pton(AF_INET6, NET_USER_NET6, &cfg->vprefix_addr6);
	cfg->vprefix_len = NET_USER_PREFIX6_LEN;
	inet_pton(AF_INET6, NET_USER_HOST6, &cfg->vhost6);
	inet_pton(AF_INET6, NET_USER_DNS6, &cfg->vnameserver6);
}

/* One rule as the kernel wrote it (NET_USER_FWD_FMT). */
static void forward(const char *rule)
{
	char proto[4], host[INET_ADDRSTRLEN], guest[INET_ADDRSTRLEN], end;
	struct in_addr h, g;
	unsigned int hport, gport;

	if (sscanf(rule, "%3[a-z]:%15[0-9.]:%u:%15[0-9.]:%u%c", proto, host,
		   &hport, guest, &gport, &end) != 5 ||
	    inet_pton(AF_INET, host, &h) != 1 ||
	    inet_pton(AF_INET, guest, &g) != 1) {
		fail("hostfwd: bad rule '%s' from the kernel", rule);
		return;
	}
	errno = 0;
	if (slirp_add_hostfwd(slirp, !strcmp(proto, "udp"), h, hport, g,
			      gport) < 0)
		fail("hostfwd %s:%s:%u: %s", proto, host, hport,
		     errno ? strerror(errno) : "libslirp cannot listen there");
}

int main(int argc, char **argv)
{
	SlirpConfig cfg;
	int i, null, sndbuf = FRAMES_SNDBUF;

	prctl(PR_SET_NAME, NET_USER_NAME);
	close(NET_USER_FD_IMAGE);
	signal(SIGPIPE, SIG_IGN);
	config(&cfg);
	slirp = slirp_new(&cfg, &callbacks, NULL);
	if (!slirp)
		fail("libslirp did not start");
	for (i = 1; i < argc; i++)
		forward(argv[i]);
	setsockopt(NET_USER_FD_FRAMES, SOL_SOCKET, SO_SNDBUF, &sndbuf,
		   sizeof(sndbuf));

	/* Ready: and nothing more on the status pipe, which closes. */
	if (write(NET_USER_FD_STATUS, NET_USER_READY,
		  strlen(NET_USER_READY)) < 0)
		exit(1);
	null = open("/dev/null", O_WRONLY);
	if (null < 0 || dup2(null, NET_USER_FD_STATUS) < 0)
		exit(1);
	close(null);
	run();
	return 0;
}
