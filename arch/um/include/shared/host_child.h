/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helper processes of the host side (arch/um/os/child.c), for the host
 * parts of drivers: small children of the kernel process that wait for
 * something on its behalf (a terminal to restore at its end, window
 * size changes, a hang).  Host side only.
 */
#ifndef __UM_HOST_CHILD_H
#define __UM_HOST_CHILD_H

/*
 * Run fn(arg) in a new child process named @name (its comm, at most 15
 * characters); SIGCHLD tells its end.  Returns the pid or -errno.
 *
 * The child is a copy of the kernel process but for the guest's
 * physical memory, which it shares: kmalloc()ed data and kernel stacks
 * are not its own and must not be written.  It starts on a private
 * stack with every signal blocked; arg and whatever fn reads should be
 * static data.  The kernel process may have other host threads (block
 * I/O): a lock one of them held at the fork stays held in the child,
 * so fn must not call malloc(), stdio or the like, only plain system
 * calls and string functions.
 *
 * With HOST_CHILD_ENDS_WITH_KERNEL the child is killed when the kernel
 * process ends, and killed and reaped before it re-executes itself at
 * reboot; without, it lives on (to restore something afterwards).
 */
#define HOST_CHILD_ENDS_WITH_KERNEL	1
int host_start_child(int (*fn)(void *), void *arg, const char *name,
		     int flags);

/* Kill a child that was started to end with the kernel, and reap it. */
void host_end_child(int pid);

/* In such a child: close every descriptor but the @n in @keep. */
int host_child_keep_fds(const int *keep, int n);

/*
 * Run the program @argv[0] (looked up in PATH) in a session of its own,
 * with default signal dispositions and nothing blocked.  It gets
 * descriptor i from fds[i] for i < @nr (-1: the kernel's own i, for
 * stdio), and no other descriptor of ours.  Returns its pid or -errno;
 * its end is a SIGCHLD like any child's.
 */
int host_spawn(char *const argv[], const int *fds, int nr);

#endif
