// SPDX-License-Identifier: GPL-2.0
/* Host files and descriptors, and the ways the process ends. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <host.h>
#include <host_io.h>
#include "os.h"

void host_console_write(const char *buf, unsigned int len)
{
	while (len) {
		ssize_t n = write(STDOUT_FILENO, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				struct pollfd p = { STDOUT_FILENO, POLLOUT, 0 };

				poll(&p, 1, 100);
				continue;
			}
			return;
		}
		buf += n;
		len -= n;
	}
}

/* The console driver's, when it is built in: give the terminal back. */
void cons_host_restore(void) __attribute__((weak));

void host_prepare_exit(void)
{
	if (cons_host_restore)
		cons_host_restore();
	host_umid_cleanup();
	fflush(stdout);
	fflush(stderr);
}

void host_exit(int status)
{
	host_prepare_exit();
	_exit(status);
}

void host_fatal(const char *msg)
{
	fprintf(stderr, "linux: %s\n", msg);
	host_exit(1);
}

int host_fd_set_async(int fd)
{
	struct f_owner_ex owner = {
		.type = F_OWNER_TID,
		.pid = syscall(SYS_gettid),
	};
	int flags = fcntl(fd, F_GETFL);

	/*
	 * The owner comes last: some drivers (tun) make the whole process
	 * the owner when O_ASYNC is set, and the signal is for this thread.
	 */
	if (flags < 0 ||
	    fcntl(fd, F_SETFL, flags | O_ASYNC | O_NONBLOCK) ||
	    fcntl(fd, F_SETOWN_EX, &owner))
		return -errno;
	return 0;
}

int host_fds_ready(struct host_fd_poll *fds, int nr)
{
	struct pollfd p[64];
	int i;

	if (nr > 64)
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		p[i].fd = fds[i].fd;
		p[i].events = (fds[i].events & UM_IO_READ ? POLLIN : 0) |
			      (fds[i].events & UM_IO_WRITE ? POLLOUT : 0);
		p[i].revents = 0;
	}
	if (poll(p, nr, 0) < 0)
		return -errno;
	for (i = 0; i < nr; i++)
		fds[i].ready = p[i].revents != 0;
	return 0;
}


/*
 * The host's random numbers, without blocking: the guest's equivalent
 * of a CPU's random-number instruction (asm/archrandom.h).  A raw
 * system call, as the kernel we link with has a getrandom() of its own
 * in spirit if not in name.
 */
long host_random_bytes(void *buf, unsigned long len)
{
	long n;

	do {
		n = syscall(SYS_getrandom, buf, len, GRND_NONBLOCK);
	} while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}
