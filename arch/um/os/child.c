// SPDX-License-Identifier: GPL-2.0
/* Helper processes for the host parts of drivers: see host_child.h. */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <host_child.h>
#include "os.h"

/*
 * Kernel stacks are in the guest's physical memory, a shared mapping:
 * a fork()ed child would go on running on the very stack its parent
 * keeps using.  A child starts instead on this array, which clone()
 * copies like the rest of the private memory; so are the statics it
 * starts from.
 */
static char child_stack[16384] __attribute__((aligned(16)));

static struct {
	int (*fn)(void *arg);
	void *arg;
	const char *name;
	int flags;
	pid_t kernel;
} start;

/*
 * Children that end with the kernel.  PR_SET_PDEATHSIG acts when the
 * kernel exits, not when it re-executes itself at reboot: these are
 * killed and reaped then, or they would linger as zombies of the new
 * kernel (or on, as processes).
 */
#define MAX_CHILDREN	64
static int ending[MAX_CHILDREN];

static int child_main(void *unused)
{
	prctl(PR_SET_NAME, start.name);
	if (start.flags & HOST_CHILD_ENDS_WITH_KERNEL) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		/* It may have ended before the request was made. */
		if (getppid() != start.kernel)
			_exit(0);
	}
	return start.fn(start.arg);
}

void host_pids_swap(int *pids, int n, int old, int new)
{
	int i;

	for (i = 0; i < n; i++) {
		if (pids[i] == old) {
			pids[i] = new;
			return;
		}
	}
}

int host_start_child(int (*fn)(void *), void *arg, const char *name,
		     int flags)
{
	sigset_t all, old;
	pid_t pid;

	start.fn = fn;
	start.arg = arg;
	start.name = name;
	start.flags = flags;
	start.kernel = getpid();
	/* No handler of the kernel's may run in the child. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pid = clone(child_main, child_stack + sizeof(child_stack), SIGCHLD,
		    NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (pid < 0)
		return -errno;
	if (flags & HOST_CHILD_ENDS_WITH_KERNEL)
		host_pids_swap(ending, MAX_CHILDREN, 0, pid);
	return pid;
}

void host_end_child(int pid)
{
	if (pid <= 0)
		return;
	host_pids_swap(ending, MAX_CHILDREN, pid, 0);
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

void host_end_children(void)
{
	int i;

	for (i = 0; i < MAX_CHILDREN; i++)
		host_end_child(ending[i]);
}

int host_child_keep_fds(const int *keep, int n)
{
	unsigned int from = 0, next;
	int i;

	/* Close the gaps between the kept descriptors, lowest first. */
	for (;;) {
		next = ~0U;
		for (i = 0; i < n; i++)
			if (keep[i] >= 0 && (unsigned int)keep[i] >= from &&
			    (unsigned int)keep[i] < next)
				next = keep[i];
		if (next == ~0U)
			break;
		if (next > from && close_range(from, next - 1, 0))
			return -errno;
		from = next + 1;
	}
	return close_range(from, ~0U, 0) ? -errno : 0;
}

int host_spawn(char *const argv[], const int *fds, int nr)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, all;
	pid_t pid;
	int i, rc;

	sigemptyset(&none);
	sigfillset(&all);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &all);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
				 POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSID);
	posix_spawn_file_actions_init(&fa);
	for (i = 0; i < nr; i++)
		if (fds[i] >= 0)
			posix_spawn_file_actions_adddup2(&fa, fds[i], i);
	/*
	 * Nothing else of ours: a restorer's pipe (an earlier boot's too,
	 * after a reboot) or a descriptor handed to us must not stay open
	 * in it.
	 */
	posix_spawn_file_actions_addclosefrom_np(&fa, nr > 3 ? nr : 3);
	rc = posix_spawnp(&pid, argv[0], &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	return rc ? -rc : pid;
}
