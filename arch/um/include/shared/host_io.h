/* SPDX-License-Identifier: GPL-2.0 */
/* Host file descriptors, for drivers.  -errno on failure. */
#ifndef __UM_HOST_IO_H
#define __UM_HOST_IO_H

#define UM_IO_READ	1
#define UM_IO_WRITE	2

/* Have the descriptor raise SIGIO (our SIGIO IRQ) when it gets ready. */
int host_fd_set_async(int fd);
/* A descriptor and the UM_IO_* events asked of it; ready is the answer. */
struct host_fd_poll {
	int fd;
	int events;
	int ready;
};
/* Which of @nr descriptors are ready right now, in one host call. */
int host_fds_ready(struct host_fd_poll *fds, int nr);

#endif
