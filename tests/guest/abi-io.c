/*
 * abi-io: I/O interfaces (issue 3, item 6), run inside the guest.
 *
 * Build: gcc -static -O2 -pthread -o abi-io abi-io.c
 * Usage: abi-io [--timeout S] [CHECK...] | --list
 * Prints "ok NAME" or "FAIL NAME: detail" per check, then a summary line
 * "abi-io: N passed, M failed".  Files go to the current directory.
 * The loopback checks bring "lo" up themselves (root in the guest).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/io_uring.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "abi-harness.h"

static int make_data_file(const char *name, size_t len, char *path, size_t plen)
{
	snprintf(path, plen, "./%s.%d", name, getpid());
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	char buf[4096];
	for (size_t off = 0; off < len; off += sizeof buf) {
		for (size_t i = 0; i < sizeof buf; i++)
			buf[i] = (char)((off + i) * 7 + 3);
		size_t n = len - off < sizeof buf ? len - off : sizeof buf;
		if (write(fd, buf, n) != (ssize_t)n)
			return -1;
	}
	return fd;
}

static int verify_data(const char *buf, size_t off, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != (char)((off + i) * 7 + 3))
			return 0;
	return 1;
}

static int chk_pipes(void)
{
	int p[2];
	CHECK(pipe2(p, O_CLOEXEC | O_NONBLOCK) == 0, "pipe2: %s", strerror(errno));
	CHECK(fcntl(p[0], F_GETFD) & FD_CLOEXEC, "O_CLOEXEC not set");
	int sz = fcntl(p[0], F_GETPIPE_SZ);
	CHECK(sz == 65536, "F_GETPIPE_SZ %d, want 65536", sz);
	/* Fill it: exactly the capacity, then EAGAIN. */
	char buf[4096];
	memset(buf, 'p', sizeof buf);
	long total = 0;
	for (;;) {
		ssize_t w = write(p[1], buf, sizeof buf);
		if (w < 0) {
			CHECK(errno == EAGAIN, "write to a full pipe: errno %d", errno);
			break;
		}
		total += w;
	}
	CHECK(total == 65536, "pipe took %ld bytes, want 65536", total);
	int avail = 0;
	ioctl(p[0], FIONREAD, &avail);
	CHECK(avail == 65536, "FIONREAD %d", avail);
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 1 << 20) >= (1 << 20), "F_SETPIPE_SZ 1M: %s",
	      strerror(errno));
	close(p[0]);
	close(p[1]);
	/* Atomic writes of PIPE_BUF from 4 writers are never interleaved. */
	pipe(p);
	for (int w = 0; w < 4; w++) {
		if (fork() == 0) {
			char b[PIPE_BUF];
			memset(b, 'a' + w, sizeof b);
			for (int i = 0; i < 200; i++)
				write(p[1], b, sizeof b);
			_exit(0);
		}
	}
	close(p[1]);
	char rb[PIPE_BUF];
	int counts[4] = { 0 };
	for (;;) {
		size_t got = 0;
		while (got < sizeof rb) {
			ssize_t r = read(p[0], rb + got, sizeof rb - got);
			if (r <= 0)
				break;
			got += r;
		}
		if (got == 0)
			break;
		CHECK(got == sizeof rb, "short final record %zu", got);
		for (size_t i = 1; i < sizeof rb; i++)
			CHECK(rb[i] == rb[0], "PIPE_BUF write interleaved at byte %zu", i);
		counts[rb[0] - 'a']++;
	}
	for (int w = 0; w < 4; w++)
		CHECK(counts[w] == 200, "writer %d: %d records", w, counts[w]);
	while (wait(NULL) > 0)
		;
	close(p[0]);
	/* EOF and EPIPE. */
	pipe(p);
	close(p[1]);
	CHECK(read(p[0], rb, 1) == 0, "no EOF after the writer closed");
	close(p[0]);
	pipe(p);
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	errno = 0;
	CHECK(write(p[1], "x", 1) == -1 && errno == EPIPE, "write without readers: errno %d", errno);
	/* Packet mode (O_DIRECT): each write is one read. */
	CHECK(pipe2(p, O_DIRECT) == 0, "pipe2 O_DIRECT: %s", strerror(errno));
	write(p[1], "one", 3);
	write(p[1], "three", 5);
	CHECK(read(p[0], rb, sizeof rb) == 3 && read(p[0], rb, sizeof rb) == 5, "packet pipe");
	/* A FIFO in the file system. */
	char fifo[64];
	snprintf(fifo, sizeof fifo, "./abi-fifo.%d", getpid());
	CHECK(mkfifo(fifo, 0600) == 0, "mkfifo: %s", strerror(errno));
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(fifo, O_WRONLY);
		write(fd, "through-fifo", 12);
		_exit(0);
	}
	int fd = open(fifo, O_RDONLY);
	memset(rb, 0, 16);
	CHECK(read(fd, rb, 12) == 12 && memcmp(rb, "through-fifo", 12) == 0, "fifo data");
	waitpid(pid, NULL, 0);
	unlink(fifo);
	return 0;
}

static int chk_poll_select(void)
{
	int p[2];
	pipe(p);
	struct pollfd pf[2] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 } };
	CHECK(poll(pf, 2, 0) == 1 && pf[1].revents == POLLOUT && pf[0].revents == 0,
	      "empty pipe: revents %#x %#x", pf[0].revents, pf[1].revents);
	write(p[1], "x", 1);
	CHECK(poll(pf, 1, 0) == 1 && pf[0].revents == POLLIN, "readable: %#x", pf[0].revents);
	char c;
	read(p[0], &c, 1);
	/* Timeout accuracy. */
	double el;
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	CHECK(poll(pf, 1, 100) == 0, "poll timeout");
	clock_gettime(CLOCK_MONOTONIC, &b);
	el = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	CHECK(el >= 0.1 && el < 0.2, "poll(100 ms) took %.3f s", el);
	/* Woken by a write from another process. */
	pid_t pid = fork();
	if (pid == 0) {
		usleep(100000);
		write(p[1], "y", 1);
		_exit(0);
	}
	CHECK(poll(pf, 1, 5000) == 1 && (pf[0].revents & POLLIN), "poll not woken by a write");
	waitpid(pid, NULL, 0);
	read(p[0], &c, 1);
	/* Hangup. */
	close(p[1]);
	CHECK(poll(pf, 1, 0) == 1 && (pf[0].revents & POLLHUP), "no POLLHUP: %#x", pf[0].revents);
	/* A closed descriptor: POLLNVAL. */
	struct pollfd bad = { 1000, POLLIN, 0 };
	CHECK(poll(&bad, 1, 0) == 1 && bad.revents == POLLNVAL, "POLLNVAL: %#x", bad.revents);
	close(p[0]);
	/* select: a descriptor above 64, the timeout is updated. */
	pipe(p);
	int hi = dup2(p[0], 100);
	fd_set rf;
	FD_ZERO(&rf);
	FD_SET(hi, &rf);
	struct timeval tv = { 0, 150000 };

	clock_gettime(CLOCK_MONOTONIC, &a);
	CHECK(select(hi + 1, &rf, NULL, NULL, &tv) == 0, "select timeout");
	clock_gettime(CLOCK_MONOTONIC, &b);
	el = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	CHECK(el >= 0.15 && el < 0.25, "select(150 ms) took %.3f s", el);
	CHECK(tv.tv_sec == 0 && tv.tv_usec == 0, "select left %ld us in the timeout", (long)tv.tv_usec);
	write(p[1], "z", 1);
	FD_ZERO(&rf);
	FD_SET(hi, &rf);
	fd_set wf;
	FD_ZERO(&wf);
	FD_SET(p[1], &wf);
	tv.tv_sec = 1;
	CHECK(select(hi + 1, &rf, &wf, NULL, &tv) == 2 && FD_ISSET(hi, &rf) && FD_ISSET(p[1], &wf),
	      "select readiness");
	/* pselect / ppoll with a signal mask: a blocked signal becomes
	 * deliverable only inside the call. */
	static volatile sig_atomic_t got;
	void h(int s)
	{
		(void)s;
		got = 1;
	}
	signal(SIGUSR1, h);
	sigset_t bl, empty;
	sigemptyset(&bl);
	sigaddset(&bl, SIGUSR1);
	sigemptyset(&empty);
	sigprocmask(SIG_BLOCK, &bl, NULL);
	raise(SIGUSR1);
	CHECK(!got, "blocked signal delivered");
	read(hi, &c, 1);
	struct pollfd pp = { hi, POLLIN, 0 };
	struct timespec ts = { 2, 0 };
	errno = 0;
	CHECK(ppoll(&pp, 1, &ts, &empty) == -1 && errno == EINTR && got,
	      "ppoll with an unblocking mask: errno %d got %d", errno, got);
	got = 0;
	raise(SIGUSR1);
	FD_ZERO(&rf);
	FD_SET(hi, &rf);
	errno = 0;
	CHECK(pselect(hi + 1, &rf, NULL, NULL, &ts, &empty) == -1 && errno == EINTR && got,
	      "pselect with an unblocking mask: errno %d", errno);
	return 0;
}

static int chk_epoll(void)
{
	int ep = epoll_create1(EPOLL_CLOEXEC);
	CHECK(ep >= 0, "epoll_create1: %s", strerror(errno));
	/* 500 pipes, data in every 7th. */
	enum { N = 500 };
	int rd[N], wr[N];
	struct rlimit rl = { 4096, 4096 };
	setrlimit(RLIMIT_NOFILE, &rl);
	for (int i = 0; i < N; i++) {
		int p[2];
		CHECK(pipe(p) == 0, "pipe %d: %s", i, strerror(errno));
		rd[i] = p[0];
		wr[i] = p[1];
		struct epoll_event ev = { .events = EPOLLIN, .data.u32 = i };
		CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, rd[i], &ev) == 0, "EPOLL_CTL_ADD: %s",
		      strerror(errno));
	}
	for (int i = 0; i < N; i += 7)
		write(wr[i], "e", 1);
	struct epoll_event evs[N];
	int n = epoll_wait(ep, evs, N, 1000);
	CHECK(n == (N + 6) / 7, "epoll_wait: %d ready, want %d", n, (N + 6) / 7);
	for (int i = 0; i < n; i++)
		CHECK(evs[i].data.u32 % 7 == 0 && evs[i].events == EPOLLIN, "event for %u: %#x",
		      evs[i].data.u32, evs[i].events);
	/* Level-triggered: still ready. */
	CHECK(epoll_wait(ep, evs, N, 0) == n, "level-triggered events vanished");
	/* Edge-triggered: reported once per new data. */
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.u32 = 0 };
	epoll_ctl(ep, EPOLL_CTL_MOD, rd[0], &ev);
	int e1 = 0;
	n = epoll_wait(ep, evs, N, 0);
	for (int i = 0; i < n; i++)
		e1 += evs[i].data.u32 == 0;
	int e2 = 0;
	n = epoll_wait(ep, evs, N, 0);
	for (int i = 0; i < n; i++)
		e2 += evs[i].data.u32 == 0;
	CHECK(e1 == 1 && e2 == 0, "edge-triggered reported %d then %d times", e1, e2);
	write(wr[0], "f", 1);
	n = epoll_wait(ep, evs, N, 0);
	e2 = 0;
	for (int i = 0; i < n; i++)
		e2 += evs[i].data.u32 == 0;
	CHECK(e2 == 1, "edge-triggered not re-armed by new data");
	/* EPOLLONESHOT. */
	ev.events = EPOLLIN | EPOLLONESHOT;
	ev.data.u32 = 7;
	epoll_ctl(ep, EPOLL_CTL_MOD, rd[7], &ev);
	n = epoll_wait(ep, evs, N, 0);
	int o1 = 0, o2 = 0;
	for (int i = 0; i < n; i++)
		o1 += evs[i].data.u32 == 7;
	n = epoll_wait(ep, evs, N, 0);
	for (int i = 0; i < n; i++)
		o2 += evs[i].data.u32 == 7;
	CHECK(o1 == 1 && o2 == 0, "EPOLLONESHOT: %d then %d", o1, o2);
	/* Closing a descriptor removes it (no more dup holders). */
	for (int i = 0; i < N; i++) {
		close(rd[i]);
		close(wr[i]);
	}
	CHECK(epoll_wait(ep, evs, N, 0) == 0, "events for closed descriptors");
	/* Timeout and wake-up from another thread. */
	int p[2];
	pipe(p);
	ev.events = EPOLLIN | EPOLLRDHUP;
	ev.data.u32 = 1;
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	CHECK(epoll_wait(ep, evs, 4, 100) == 0, "epoll_wait timeout");
	clock_gettime(CLOCK_MONOTONIC, &b);
	double el = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	CHECK(el >= 0.099 && el < 0.2, "epoll_wait(100 ms) took %.3f s", el);
	void *writer(void *arg)
	{
		usleep(100000);
		write(*(int *)arg, "w", 1);
		return NULL;
	}
	pthread_t t;
	pthread_create(&t, NULL, writer, &p[1]);
	CHECK(epoll_wait(ep, evs, 4, 5000) == 1 && evs[0].data.u32 == 1, "not woken by a thread");
	pthread_join(t, NULL);
	close(p[1]);
	n = epoll_wait(ep, evs, 4, 0);
	CHECK(n == 1 && (evs[0].events & EPOLLHUP), "no EPOLLHUP: %#x", n ? evs[0].events : 0);
	/* Nested: an epoll fd inside another. */
	int outer = epoll_create1(0);
	ev.events = EPOLLIN;
	ev.data.u32 = 99;
	CHECK(epoll_ctl(outer, EPOLL_CTL_ADD, ep, &ev) == 0, "nested epoll add");
	CHECK(epoll_wait(outer, evs, 4, 0) == 1 && evs[0].data.u32 == 99, "nested epoll not ready");
	/* Errors. */
	errno = 0;
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == -1 && errno == EEXIST, "double add: %d",
	      errno);
	int f = open("/proc/self/status", O_RDONLY);
	errno = 0;
	(void)f;
	int reg = open(".", O_RDONLY | O_DIRECTORY);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, reg, &ev) == -1 && errno == EPERM,
	      "adding a directory: errno %d, want EPERM", errno);
	return 0;
}

static int chk_eventfd(void)
{
	int fd = eventfd(5, EFD_NONBLOCK);
	CHECK(fd >= 0, "eventfd: %s", strerror(errno));
	uint64_t v;
	CHECK(read(fd, &v, 8) == 8 && v == 5, "initial value %llu", (unsigned long long)v);
	errno = 0;
	CHECK(read(fd, &v, 8) == -1 && errno == EAGAIN, "read of 0: errno %d", errno);
	v = 3;
	write(fd, &v, 8);
	write(fd, &v, 8);
	CHECK(read(fd, &v, 8) == 8 && v == 6, "sum %llu, want 6", (unsigned long long)v);
	errno = 0;
	CHECK(read(fd, &v, 4) == -1 && errno == EINVAL, "4-byte read: errno %d", errno);
	v = 0xffffffffffffffffULL;
	errno = 0;
	CHECK(write(fd, &v, 8) == -1 && errno == EINVAL, "write of ~0: errno %d", errno);
	v = 0xfffffffffffffffeULL;
	CHECK(write(fd, &v, 8) == 8, "write of max");
	v = 1;
	errno = 0;
	CHECK(write(fd, &v, 8) == -1 && errno == EAGAIN, "overflowing write: errno %d", errno);
	struct pollfd p = { fd, POLLIN | POLLOUT, 0 };
	CHECK(poll(&p, 1, 0) == 1 && p.revents == POLLIN, "full eventfd revents %#x", p.revents);
	read(fd, &v, 8);
	close(fd);
	/* Semaphore mode, blocking, across processes. */
	fd = eventfd(0, EFD_SEMAPHORE);
	pid_t pid = fork();
	if (pid == 0) {
		uint64_t one;
		int ok = 1;
		for (int i = 0; i < 3; i++)
			ok &= read(fd, &one, 8) == 8 && one == 1;
		_exit(ok ? 0 : 1);
	}
	usleep(50000);
	v = 3;
	write(fd, &v, 8);
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "EFD_SEMAPHORE reads in a child");
	return 0;
}

static int chk_inotify(void)
{
	char dir[64];
	snprintf(dir, sizeof dir, "./abi-inotify.%d", getpid());
	mkdir(dir, 0755);
	int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	CHECK(in >= 0, "inotify_init1: %s", strerror(errno));
	int wd = inotify_add_watch(in, dir, IN_CREATE | IN_MODIFY | IN_DELETE | IN_MOVED_FROM |
						    IN_MOVED_TO | IN_CLOSE_WRITE | IN_ATTRIB);
	CHECK(wd >= 0, "inotify_add_watch: %s", strerror(errno));
	char p1[128], p2[128];
	snprintf(p1, sizeof p1, "%s/a", dir);
	snprintf(p2, sizeof p2, "%s/b", dir);
	int fd = open(p1, O_WRONLY | O_CREAT, 0644);
	write(fd, "data", 4);
	close(fd);
	chmod(p1, 0600);
	rename(p1, p2);
	unlink(p2);
	struct pollfd pf = { in, POLLIN, 0 };
	CHECK(poll(&pf, 1, 1000) == 1, "inotify fd not readable");
	char buf[4096] __attribute__((aligned(8)));
	ssize_t n = read(in, buf, sizeof buf);
	CHECK(n > 0, "read: %s", strerror(errno));
	char seq[256] = "";
	uint32_t cookie_from = 0, cookie_to = 1;
	for (char *p = buf; p < buf + n;) {
		struct inotify_event *e = (struct inotify_event *)p;
		const char *nm = e->len ? e->name : "";
		const char *k = e->mask & IN_CREATE ? "create" : e->mask & IN_MODIFY ? "modify" :
				e->mask & IN_CLOSE_WRITE ? "close" : e->mask & IN_ATTRIB ? "attrib" :
				e->mask & IN_MOVED_FROM ? "from" : e->mask & IN_MOVED_TO ? "to" :
				e->mask & IN_DELETE ? "delete" : "?";
		if (e->mask & IN_MOVED_FROM)
			cookie_from = e->cookie;
		if (e->mask & IN_MOVED_TO)
			cookie_to = e->cookie;
		snprintf(seq + strlen(seq), sizeof seq - strlen(seq), "%s:%s ", k, nm);
		CHECK(e->wd == wd, "event for wd %d", e->wd);
		p += sizeof *e + e->len;
	}
	CHECK(strcmp(seq, "create:a modify:a close:a attrib:a from:a to:b delete:b ") == 0,
	      "events '%s'", seq);
	CHECK(cookie_from == cookie_to && cookie_from != 0, "rename cookies %u %u", cookie_from,
	      cookie_to);
	/* Removing the watch yields IN_IGNORED. */
	CHECK(inotify_rm_watch(in, wd) == 0, "rm_watch");
	n = read(in, buf, sizeof buf);
	CHECK(n >= (ssize_t)sizeof(struct inotify_event) &&
		      (((struct inotify_event *)buf)->mask & IN_IGNORED),
	      "no IN_IGNORED after rm_watch");
	/* A watch on a file that is deleted: IN_DELETE_SELF then IN_IGNORED. */
	fd = open(p1, O_WRONLY | O_CREAT, 0644);
	close(fd);
	wd = inotify_add_watch(in, p1, IN_DELETE_SELF);
	unlink(p1);
	usleep(10000);
	n = read(in, buf, sizeof buf);
	CHECK(n > 0 && (((struct inotify_event *)buf)->mask & IN_DELETE_SELF), "no IN_DELETE_SELF");
	rmdir(dir);
	return 0;
}

static int chk_splice_sendfile(void)
{
	char path[64], path2[64];
	size_t len = 1 << 20;
	int fd = make_data_file("abi-splice", len, path, sizeof path);
	CHECK(fd >= 0, "data file: %s", strerror(errno));
	/* sendfile file -> file. */
	snprintf(path2, sizeof path2, "./abi-splice-out.%d", getpid());
	int out = open(path2, O_RDWR | O_CREAT | O_TRUNC, 0644);
	off_t off = 0;
	size_t done = 0;
	while (done < len) {
		ssize_t s = sendfile(out, fd, &off, len - done);
		CHECK(s > 0, "sendfile: %s", strerror(errno));
		done += s;
	}
	CHECK(off == (off_t)len && lseek(fd, 0, SEEK_CUR) == (off_t)len, "sendfile offsets");
	char *m = mmap(NULL, len, PROT_READ, MAP_SHARED, out, 0);
	CHECK(m != MAP_FAILED && verify_data(m, 0, len), "sendfile copy differs");
	munmap(m, len);
	/* sendfile file -> pipe, from an offset. */
	int p[2];
	pipe(p);
	off = 12345;
	CHECK(sendfile(p[1], fd, &off, 1000) == 1000, "sendfile to a pipe: %s", strerror(errno));
	char buf[65536];
	CHECK(read(p[0], buf, sizeof buf) == 1000 && verify_data(buf, 12345, 1000), "pipe data");
	/* splice file -> pipe -> file, through a child reading the pipe. */
	loff_t in_off = 0, out_off = 0;
	ftruncate(out, 0);
	done = 0;
	while (done < len) {
		ssize_t s = splice(fd, &in_off, p[1], NULL, 65536, SPLICE_F_MOVE);
		CHECK(s > 0, "splice file->pipe: %s", strerror(errno));
		ssize_t s2 = 0;
		while (s2 < s) {
			ssize_t k = splice(p[0], NULL, out, &out_off, s - s2, SPLICE_F_MOVE);
			CHECK(k > 0, "splice pipe->file: %s", strerror(errno));
			s2 += k;
		}
		done += s;
	}
	m = mmap(NULL, len, PROT_READ, MAP_SHARED, out, 0);
	CHECK(m != MAP_FAILED && verify_data(m, 0, len), "spliced copy differs");
	munmap(m, len);
	/* tee duplicates pipe data; vmsplice from user memory. */
	int q[2];
	pipe(q);
	char msg[] = "vmspliced-bytes";
	struct iovec iov = { msg, sizeof msg };
	CHECK(vmsplice(p[1], &iov, 1, 0) == sizeof msg, "vmsplice: %s", strerror(errno));
	CHECK(tee(p[0], q[1], sizeof msg, 0) == sizeof msg, "tee: %s", strerror(errno));
	char b1[32], b2[32];
	CHECK(read(p[0], b1, sizeof b1) == sizeof msg && read(q[0], b2, sizeof b2) == sizeof msg &&
		      strcmp(b1, msg) == 0 && strcmp(b2, msg) == 0,
	      "tee/vmsplice data");
	/* copy_file_range. */
	loff_t o1 = 4096, o2 = 0;
	ftruncate(out, 0);
	ssize_t c = copy_file_range(fd, &o1, out, &o2, 100000, 0);
	CHECK(c == 100000, "copy_file_range: %zd (%s)", c, strerror(errno));
	CHECK(pread(out, buf, 65536, 0) == 65536, "pread of the copy");
	CHECK(verify_data(buf, 4096, 65536), "copy_file_range data");
	unlink(path);
	unlink(path2);
	return 0;
}

static int chk_file_locks(void)
{
	char path[64];
	int fd = make_data_file("abi-lock", 4096, path, sizeof path);
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 100 };
	CHECK(fcntl(fd, F_SETLK, &fl) == 0, "F_SETLK: %s", strerror(errno));
	pid_t pid = fork();
	if (pid == 0) {
		int f2 = open(path, O_RDWR);
		struct flock l = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 50, .l_len = 10 };
		if (fcntl(f2, F_SETLK, &l) != -1 || (errno != EAGAIN && errno != EACCES))
			_exit(1);
		fcntl(f2, F_GETLK, &l);
		if (l.l_type != F_WRLCK || l.l_pid != getppid())
			_exit(2);
		l.l_start = 200; /* outside: fine */
		if (fcntl(f2, F_SETLK, &l) != 0)
			_exit(3);
		l.l_start = 0;
		if (fcntl(f2, F_SETLKW, &l) != 0) /* blocks until the parent unlocks */
			_exit(4);
		_exit(0);
	}
	usleep(200000);
	int st;
	CHECK(waitpid(pid, &st, WNOHANG) == 0, "child did not block in F_SETLKW (status 0x%x)", st);
	fl.l_type = F_UNLCK;
	fcntl(fd, F_SETLK, &fl);
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "fcntl locks in the child: exit %d",
	      WEXITSTATUS(st));
	/* flock. */
	CHECK(flock(fd, LOCK_EX) == 0, "flock");
	pid = fork();
	if (pid == 0) {
		int f2 = open(path, O_RDWR);
		_exit(flock(f2, LOCK_EX | LOCK_NB) == -1 && errno == EWOULDBLOCK ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "flock not exclusive");
	unlink(path);
	return 0;
}

/* ------------------------------------------------------------------ */
/* AF_UNIX (CONFIG_UNIX) */
/* A one-byte message with room for one SCM_RIGHTS descriptor. */
struct fd_msg {
	char c;
	struct iovec iov;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr mh;
};

static struct msghdr *fd_msg_init(struct fd_msg *m)
{
	memset(m, 0, sizeof *m);
	m->c = 'F';
	m->iov = (struct iovec){ &m->c, 1 };
	m->mh = (struct msghdr){ .msg_iov = &m->iov, .msg_iovlen = 1, .msg_control = m->u.buf,
				 .msg_controllen = sizeof m->u.buf };
	return &m->mh;
}

static int send_fd(int sock, int fd)
{
	struct fd_msg m;
	struct msghdr *mh = fd_msg_init(&m);
	struct cmsghdr *cm = CMSG_FIRSTHDR(mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof fd);
	return sendmsg(sock, mh, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock)
{
	struct fd_msg m;
	struct msghdr *mh = fd_msg_init(&m);
	if (recvmsg(sock, mh, 0) != 1)
		return -1;
	struct cmsghdr *cm = CMSG_FIRSTHDR(mh);
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		return -2;
	int fd;
	memcpy(&fd, CMSG_DATA(cm), sizeof fd);
	return fd;
}

static int chk_unix_sockets(void)
{
	int sv[2];
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair: %s", strerror(errno));
	/* 4 MiB through a stream socket to a child, checked. */
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[0]);
		static char b[65536];
		size_t got = 0;
		uint64_t sum = 0;
		ssize_t r;
		while ((r = read(sv[1], b, sizeof b)) > 0) {
			for (ssize_t i = 0; i < r; i++)
				sum = sum * 31 + (unsigned char)b[i];
			got += r;
		}
		write(sv[1], &sum, 8);
		write(sv[1], &got, 8);
		_exit(0);
	}
	close(sv[1]);
	static char b[65536];
	uint64_t sum = 0;
	for (int k = 0; k < 64; k++) {
		for (size_t i = 0; i < sizeof b; i++)
			b[i] = (char)(i * k + 1);
		for (size_t i = 0; i < sizeof b; i++)
			sum = sum * 31 + (unsigned char)b[i];
		CHECK(write(sv[0], b, sizeof b) == sizeof b, "stream write");
	}
	shutdown(sv[0], SHUT_WR);
	uint64_t rs = 0, rg = 0;
	CHECK(read(sv[0], &rs, 8) == 8 && read(sv[0], &rg, 8) == 8, "result read");
	CHECK(rs == sum && rg == 64 * sizeof b, "stream data: %llu bytes, checksum %s",
	      (unsigned long long)rg, rs == sum ? "ok" : "bad");
	waitpid(pid, NULL, 0);
	close(sv[0]);
	/* SCM_RIGHTS: pass a pipe's write end; SCM_CREDENTIALS. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	int p[2];
	pipe(p);
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		int fd = recv_fd(sv[1]);
		if (fd < 0)
			_exit(2);
		write(fd, "passed", 6);
		_exit(0);
	}
	CHECK(send_fd(sv[0], p[1]) == 0, "sendmsg SCM_RIGHTS: %s", strerror(errno));
	close(p[1]);
	char buf[16] = "";
	CHECK(read(p[0], buf, 6) == 6 && memcmp(buf, "passed", 6) == 0, "fd passing failed");
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "receiver: 0x%x", st);
	int one = 1;
	setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof one);
	struct ucred uc;
	socklen_t ul = sizeof uc;
	CHECK(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &uc, &ul) == 0 && uc.pid == getpid(),
	      "SO_PEERCRED pid %d", uc.pid);
	close(sv[0]);
	close(sv[1]);
	/* Datagram: message boundaries; seqpacket. */
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0, "dgram socketpair");
	send(sv[0], "12345", 5, 0);
	send(sv[0], "ab", 2, 0);
	CHECK(recv(sv[1], buf, sizeof buf, 0) == 5 && recv(sv[1], buf, sizeof buf, 0) == 2,
	      "datagram boundaries");
	close(sv[0]);
	close(sv[1]);
	CHECK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) == 0, "seqpacket socketpair");
	send(sv[0], "xyz", 3, 0);
	CHECK(recv(sv[1], buf, sizeof buf, 0) == 3, "seqpacket");
	close(sv[0]);
	close(sv[1]);
	/* A named socket in the file system, and an abstract one. */
	for (int abstract = 0; abstract < 2; abstract++) {
		struct sockaddr_un sa = { .sun_family = AF_UNIX };
		socklen_t sl;
		if (abstract) {
			snprintf(sa.sun_path + 1, sizeof sa.sun_path - 1, "abi-abstract-%d", getpid());
			sl = offsetof(struct sockaddr_un, sun_path) + 1 + strlen(sa.sun_path + 1);
		} else {
			snprintf(sa.sun_path, sizeof sa.sun_path, "/tmp/abi-sock.%d", getpid());
			sl = sizeof sa;
		}
		int ls = socket(AF_UNIX, SOCK_STREAM, 0);
		CHECK(bind(ls, (struct sockaddr *)&sa, sl) == 0, "bind: %s", strerror(errno));
		CHECK(listen(ls, 4) == 0, "listen");
		pid = fork();
		if (pid == 0) {
			int c = socket(AF_UNIX, SOCK_STREAM, 0);
			if (connect(c, (struct sockaddr *)&sa, sl) != 0)
				_exit(2);
			write(c, "hello", 5);
			_exit(0);
		}
		int a = accept(ls, NULL, NULL);
		CHECK(a >= 0, "accept: %s", strerror(errno));
		memset(buf, 0, sizeof buf);
		CHECK(read(a, buf, 5) == 5 && strcmp(buf, "hello") == 0, "named socket data");
		waitpid(pid, &st, 0);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "connect (abstract %d)", abstract);
		close(a);
		close(ls);
		if (!abstract)
			unlink(sa.sun_path);
	}
	return 0;
}

/* Loopback TCP and UDP (CONFIG_INET). */
static int lo_up(void)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0)
		return -1;
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(s, SIOCGIFFLAGS, &ifr) != 0)
		return -1;
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	int r = ioctl(s, SIOCSIFFLAGS, &ifr);
	close(s);
	return r;
}

static int chk_loopback(void)
{
	CHECK(lo_up() == 0, "bringing lo up: %s", strerror(errno));
	int ls = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(ls >= 0, "socket: %s", strerror(errno));
	int one = 1;
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = 0 };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(bind(ls, (struct sockaddr *)&sa, sizeof sa) == 0, "bind: %s", strerror(errno));
	socklen_t sl = sizeof sa;
	getsockname(ls, (struct sockaddr *)&sa, &sl);
	CHECK(ntohs(sa.sin_port) != 0, "no ephemeral port");
	CHECK(listen(ls, 8) == 0, "listen");
	pid_t pid = fork();
	if (pid == 0) {
		int c = socket(AF_INET, SOCK_STREAM, 0);
		if (connect(c, (struct sockaddr *)&sa, sizeof sa) != 0)
			_exit(2);
		setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		static char b[65536];
		for (int k = 0; k < 64; k++) {
			memset(b, k, sizeof b);
			if (write(c, b, sizeof b) != sizeof b)
				_exit(3);
		}
		shutdown(c, SHUT_WR);
		char ack[4];
		if (read(c, ack, 4) != 4 || memcmp(ack, "done", 4))
			_exit(4);
		_exit(0);
	}
	struct sockaddr_in peer;
	socklen_t pl = sizeof peer;
	int a = accept(ls, (struct sockaddr *)&peer, &pl);
	CHECK(a >= 0, "accept: %s", strerror(errno));
	CHECK(peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK), "peer address");
	static char b[65536];
	size_t got = 0;
	ssize_t r;
	int bad = 0;
	while ((r = read(a, b, sizeof b)) > 0) {
		for (ssize_t i = 0; i < r; i++)
			bad |= b[i] != (char)((got + i) / 65536);
		got += r;
	}
	CHECK(got == 64 * 65536 && !bad, "TCP: %zu bytes received, corrupt %d", got, bad);
	write(a, "done", 4);
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "TCP client: exit %d", WEXITSTATUS(st));
	close(a);
	/* Connection refused on a closed port. */
	close(ls);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	errno = 0;
	CHECK(connect(c, (struct sockaddr *)&sa, sizeof sa) == -1 && errno == ECONNREFUSED,
	      "connect to a closed port: errno %d", errno);
	close(c);
	/* UDP. */
	int u1 = socket(AF_INET, SOCK_DGRAM, 0), u2 = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in ua = { .sin_family = AF_INET };
	ua.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(u2, (struct sockaddr *)&ua, sizeof ua);
	sl = sizeof ua;
	getsockname(u2, (struct sockaddr *)&ua, &sl);
	CHECK(sendto(u1, "datagram", 8, 0, (struct sockaddr *)&ua, sizeof ua) == 8, "sendto: %s",
	      strerror(errno));
	struct pollfd pf = { u2, POLLIN, 0 };
	CHECK(poll(&pf, 1, 2000) == 1, "UDP datagram not received");
	char ub[16] = "";
	struct sockaddr_in from;
	socklen_t fl = sizeof from;
	CHECK(recvfrom(u2, ub, sizeof ub, 0, (struct sockaddr *)&from, &fl) == 8 &&
		      memcmp(ub, "datagram", 8) == 0,
	      "UDP data");
	/* IPv6 loopback if the kernel has it. */
	int s6 = socket(AF_INET6, SOCK_DGRAM, 0);
	if (s6 >= 0) {
		struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
		CHECK(bind(s6, (struct sockaddr *)&a6, sizeof a6) == 0, "bind ::1: %s",
		      strerror(errno));
		sl = sizeof a6;
		getsockname(s6, (struct sockaddr *)&a6, &sl);
		int t6 = socket(AF_INET6, SOCK_DGRAM, 0);
		CHECK(sendto(t6, "v6", 2, 0, (struct sockaddr *)&a6, sizeof a6) == 2, "sendto ::1: %s",
		      strerror(errno));
		CHECK(recv(s6, ub, sizeof ub, 0) == 2, "UDP over ::1");
	}
	return 0;
}

/* io_uring: either works (NOP and READ complete) or is cleanly ENOSYS. */
static int chk_io_uring(void)
{
	struct io_uring_params prm;
	memset(&prm, 0, sizeof prm);
	int fd = (int)syscall(SYS_io_uring_setup, 8, &prm);
	if (fd < 0) {
		CHECK(errno == ENOSYS, "io_uring_setup: %s (want success or ENOSYS)", strerror(errno));
		printf("# io_uring: ENOSYS\n");
		return 0;
	}
	size_t sq_sz = prm.sq_off.array + prm.sq_entries * sizeof(unsigned);
	size_t cq_sz = prm.cq_off.cqes + prm.cq_entries * sizeof(struct io_uring_cqe);
	char *sq = mmap(NULL, sq_sz, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd,
			IORING_OFF_SQ_RING);
	char *cq = (prm.features & IORING_FEAT_SINGLE_MMAP) ? sq :
		   mmap(NULL, cq_sz, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd,
			IORING_OFF_CQ_RING);
	if (prm.features & IORING_FEAT_SINGLE_MMAP && cq_sz > sq_sz) {
		munmap(sq, sq_sz);
		sq = cq = mmap(NULL, cq_sz, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd,
			       IORING_OFF_SQ_RING);
	}
	struct io_uring_sqe *sqes = mmap(NULL, prm.sq_entries * sizeof *sqes,
					 PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd,
					 IORING_OFF_SQES);
	CHECK(sq != MAP_FAILED && cq != MAP_FAILED && sqes != MAP_FAILED, "ring mmap: %s",
	      strerror(errno));
	unsigned *sq_tail = (unsigned *)(sq + prm.sq_off.tail);
	unsigned *sq_mask = (unsigned *)(sq + prm.sq_off.ring_mask);
	unsigned *sq_array = (unsigned *)(sq + prm.sq_off.array);
	unsigned *cq_head = (unsigned *)(cq + prm.cq_off.head);
	unsigned *cq_tail = (unsigned *)(cq + prm.cq_off.tail);
	unsigned *cq_mask = (unsigned *)(cq + prm.cq_off.ring_mask);
	struct io_uring_cqe *cqes = (struct io_uring_cqe *)(cq + prm.cq_off.cqes);
	char path[64];
	int dfd = make_data_file("abi-uring", 8192, path, sizeof path);
	static char rbuf[4096];
	/* A NOP and a READ at offset 4096. */
	unsigned t = *sq_tail;
	struct io_uring_sqe *s = &sqes[t & *sq_mask];
	memset(s, 0, sizeof *s);
	s->opcode = IORING_OP_NOP;
	s->user_data = 1;
	sq_array[t & *sq_mask] = t & *sq_mask;
	t++;
	s = &sqes[t & *sq_mask];
	memset(s, 0, sizeof *s);
	s->opcode = IORING_OP_READ;
	s->fd = dfd;
	s->addr = (uintptr_t)rbuf;
	s->len = sizeof rbuf;
	s->off = 4096;
	s->user_data = 2;
	sq_array[t & *sq_mask] = t & *sq_mask;
	t++;
	__atomic_store_n(sq_tail, t, __ATOMIC_RELEASE);
	int r = (int)syscall(SYS_io_uring_enter, fd, 2, 2, IORING_ENTER_GETEVENTS, NULL, 0);
	CHECK(r == 2, "io_uring_enter submitted %d (%s)", r, strerror(errno));
	int seen = 0;
	while (__atomic_load_n(cq_head, __ATOMIC_ACQUIRE) != __atomic_load_n(cq_tail, __ATOMIC_ACQUIRE)) {
		struct io_uring_cqe *c = &cqes[*cq_head & *cq_mask];
		if (c->user_data == 1)
			CHECK(c->res == 0, "NOP res %d", c->res);
		if (c->user_data == 2)
			CHECK(c->res == 4096 && verify_data(rbuf, 4096, 4096), "READ res %d", c->res);
		seen |= 1 << c->user_data;
		__atomic_store_n(cq_head, *cq_head + 1, __ATOMIC_RELEASE);
	}
	CHECK(seen == 6, "completions seen %#x", seen);
	unlink(path);
	return 0;
}

/* PageTables: in /proc/meminfo, in kB. */
static long meminfo_page_tables(void)
{
	char line[128];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "PageTables: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/*
 * Children that spread their memory over many page tables and exit:
 * the table pages go back to the allocator through the mmu_gather.
 */
static int churn_page_tables(int children)
{
	for (int c = 0; c < children; c++) {
		pid_t pid = fork();

		if (pid == 0) {
			/* One page in each of 64 page tables (2 MiB apart). */
			char *m = mmap(NULL, 128UL << 20, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

			if (m == MAP_FAILED)
				_exit(1);
			for (int i = 0; i < 64; i++)
				m[(size_t)i << 21] = 1;
			_exit(0);
		}
		int st;

		if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 0)
			return -1;
	}
	return 0;
}

/*
 * Page-table pages freed and allocated again for a driver that maps
 * its own pages into user space (vm_insert_page: a packet socket's
 * ring, io_uring's rings) must be accepted, and the kernel's count of
 * page-table memory must come back down when processes exit.
 */
static int chk_packet_ring_after_churn(void)
{
	long before, after;

	CHECK(churn_page_tables(4) == 0, "page-table churn: a child failed");
	before = meminfo_page_tables();
	CHECK(churn_page_tables(40) == 0, "page-table churn: a child failed");
	after = meminfo_page_tables();
	CHECK(before >= 0 && after >= 0, "no PageTables in /proc/meminfo");
	CHECK(after - before < 64, "PageTables grew from %ld to %ld kB over 40 exited processes",
	      before, after);
	for (int round = 0; round < 20; round++) {
		int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)), v = TPACKET_V2;
		struct tpacket_req req = { .tp_block_size = 4096, .tp_block_nr = 16,
					   .tp_frame_size = 2048, .tp_frame_nr = 32 };

		CHECK(fd >= 0, "packet socket: %s", strerror(errno));
		CHECK_SYS(setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v, sizeof v));
		CHECK_SYS(setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req));
		void *ring = mmap(NULL, 16 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

		CHECK(ring != MAP_FAILED, "round %d: mmap of the packet ring: %s", round,
		      strerror(errno));
		munmap(ring, 16 * 4096);
		close(fd);
		CHECK(churn_page_tables(2) == 0, "page-table churn: a child failed");
	}
	return 0;
}

/*
 * posix_fadvise() (the x86_64 fadvise64 system call): every advice is
 * taken on a regular file (one in tmpfs, and our own program on the
 * ext4 root), a bad advice is
 * EINVAL, a pipe ESPIPE, a closed descriptor EBADF.
 */
static int chk_fadvise(void)
{
	static const int advice[] = {
		POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
		POSIX_FADV_NOREUSE, POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,
	};
	const char *files[] = { "fadvise.tmp", "/proc/self/exe" };
	char buf[8192];
	int p[2], r;

	memset(buf, 'f', sizeof(buf));
	for (unsigned f = 0; f < 2; f++) {
		int fd = f ? open(files[f], O_RDONLY) :
			     open(files[f], O_RDWR | O_CREAT | O_TRUNC, 0600);

		CHECK(fd >= 0, "open %s: %s", files[f], strerror(errno));
		if (!f)
			CHECK(write(fd, buf, sizeof(buf)) == sizeof(buf), "write: %s", strerror(errno));
		for (unsigned i = 0; i < sizeof(advice) / sizeof(advice[0]); i++) {
			r = posix_fadvise(fd, 0, 0, advice[i]);
			CHECK(r == 0, "posix_fadvise(%s, 0, 0, %d) = %s", files[f], advice[i], strerror(r));
			r = posix_fadvise(fd, 4096, 4096, advice[i]);
			CHECK(r == 0, "posix_fadvise(%s, 4096, 4096, %d) = %s", files[f], advice[i],
			      strerror(r));
		}
		errno = 0;
		CHECK(syscall(SYS_fadvise64, fd, 0L, 8192L, POSIX_FADV_WILLNEED) == 0,
		      "fadvise64(%s, WILLNEED): %s", files[f], strerror(errno));
		r = posix_fadvise(fd, 0, 0, 99);
		CHECK(r == EINVAL, "posix_fadvise(%s, advice 99) = %s, not EINVAL", files[f],
		      strerror(r));
		close(fd);
	}
	unlink(files[0]);
	CHECK_SYS(pipe(p));
	r = posix_fadvise(p[0], 0, 0, POSIX_FADV_NORMAL);
	CHECK(r == ESPIPE, "posix_fadvise(pipe) = %s, not ESPIPE", strerror(r));
	close(p[1]);
	r = posix_fadvise(p[1], 0, 0, POSIX_FADV_NORMAL);
	CHECK(r == EBADF, "posix_fadvise(closed fd) = %s, not EBADF", strerror(r));
	close(p[0]);
	return 0;
}

/* IPv6 on the loopback (::1): TCP both ways and a UDP datagram. */
static int chk_loopback6(void)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	socklen_t sl = sizeof sa;
	char buf[16];
	int st;

	CHECK(lo_up() == 0, "bringing lo up: %s", strerror(errno));
	int ls = socket(AF_INET6, SOCK_STREAM, 0);

	CHECK(ls >= 0, "AF_INET6 socket: %s", strerror(errno));
	CHECK(bind(ls, (struct sockaddr *)&sa, sizeof sa) == 0, "bind [::1]: %s", strerror(errno));
	CHECK_SYS(getsockname(ls, (struct sockaddr *)&sa, &sl));
	CHECK_SYS(listen(ls, 1));
	pid_t pid = fork();

	if (pid == 0) {
		int c = socket(AF_INET6, SOCK_STREAM, 0);

		if (connect(c, (struct sockaddr *)&sa, sizeof sa) || write(c, "ping6", 5) != 5 ||
		    read(c, buf, 5) != 5 || memcmp(buf, "pong6", 5))
			_exit(1);
		_exit(0);
	}
	int a = accept(ls, NULL, NULL);

	CHECK(a >= 0, "accept on [::1]: %s", strerror(errno));
	CHECK(read(a, buf, 5) == 5 && !memcmp(buf, "ping6", 5), "TCP over ::1: wrong data");
	CHECK(write(a, "pong6", 5) == 5, "TCP over ::1: write");
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && !WEXITSTATUS(st),
	      "TCP client over ::1 failed");
	close(a);
	close(ls);
	int u = socket(AF_INET6, SOCK_DGRAM, 0);

	sa.sin6_port = 0;
	sl = sizeof sa;
	CHECK(bind(u, (struct sockaddr *)&sa, sizeof sa) == 0, "UDP bind [::1]: %s", strerror(errno));
	CHECK_SYS(getsockname(u, (struct sockaddr *)&sa, &sl));
	CHECK(sendto(u, "dgram6", 6, 0, (struct sockaddr *)&sa, sizeof sa) == 6,
	      "UDP sendto [::1]: %s", strerror(errno));
	CHECK(recv(u, buf, sizeof buf, 0) == 6 && !memcmp(buf, "dgram6", 6), "UDP over ::1: wrong datagram");
	close(u);
	return 0;
}

static const struct check checks[] = {
	{ "pipes", chk_pipes, 0 },
	{ "poll_select", chk_poll_select, 0 },
	{ "epoll", chk_epoll, 0 },
	{ "eventfd", chk_eventfd, 0 },
	{ "inotify", chk_inotify, 0 },
	{ "splice_sendfile", chk_splice_sendfile, 0 },
	{ "file_locks", chk_file_locks, 0 },
	{ "unix_sockets", chk_unix_sockets, 0 },
	{ "loopback", chk_loopback, 0 },
	{ "loopback6", chk_loopback6, 0 },
	{ "io_uring", chk_io_uring, 0 },
	{ "packet_ring_after_churn", chk_packet_ring_after_churn, 0 },
	{ "fadvise", chk_fadvise, 0 },
};

int main(int argc, char **argv)
{
	return harness_main("abi-io", checks, sizeof checks / sizeof checks[0], argc, argv);
}
