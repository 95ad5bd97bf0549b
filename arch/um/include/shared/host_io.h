/* SPDX-License-Identifier: GPL-2.0 */
/* Host file descriptors, for drivers.  -errno on failure. */
#ifndef __UM_HOST_IO_H
#define __UM_HOST_IO_H

#define UM_IO_READ	1
#define UM_IO_WRITE	2

/* Have the descriptor raise SIGIO (our SIGIO IRQ) when it gets ready. */
int host_fd_set_async(int fd);
/* Is it ready for any of these UM_IO_* events right now? */
int host_fd_ready(int fd, int events);

#endif
