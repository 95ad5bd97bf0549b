// SPDX-License-Identifier: GPL-2.0
/*
 * Guest address spaces as host processes: what the process backends
 * share.  A new one is cloned from the kernel's process; the child drops
 * what it inherited, maps the stub and is handed to the backend, which
 * from then on runs it (backend_ptrace.c, backend_seccomp.c).
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/rseq.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <host.h>
#include <host_child.h>
#include <um_layout.h>
#include <um_regs.h>
#include <um_stub.h>
#include <um_user.h>
#include "backend.h"
#include "os.h"

/* The signature glibc registers its rseq area with on x86. */
#define UM_HOST_RSEQ_SIG	0x53053053
#define RSEQ_FLAG_UNREGISTER	1
/* It registers the original 32-byte struct rseq, whatever __rseq_size says. */
#define UM_HOST_RSEQ_LEN	32

_Static_assert(sizeof(struct user_regs_struct) ==
	       UM_NR_GREGS * sizeof(unsigned long),
	       "guest register layout must match user_regs_struct");
_Static_assert(offsetof(struct um_stub_data, rx) + UM_STUB_OPS_BYTES <=
	       UM_STUB_STACK - UM_STUB_DATA,
	       "the stub's data must leave its stack free");

static const struct host_backend *backend = &host_backend_ptrace;

unsigned long host_stub_addr(const void *fn)
{
	return UM_STUB_CODE + ((unsigned long)fn - (unsigned long)__um_stub_start);
}

/*
 * mode=ptrace|seccomp.  Without it: seccomp where the host allows it,
 * else ptrace, said in one line.
 */
void host_backend_select(const char *mode)
{
	char why[128];

	if (mode && !strcmp(mode, "ptrace")) {
		backend = &host_backend_ptrace;
		return;
	}
	if (mode && strcmp(mode, "seccomp"))
		host_usage_error("mode=%s: not a process backend (ptrace or seccomp)",
				 mode);
	if (host_seccomp_probe(why, sizeof(why)) == 0) {
		backend = &host_backend_seccomp;
		return;
	}
	if (mode) {
		fprintf(stderr, "linux: mode=seccomp: %s\n", why);
		exit(1);
	}
	fprintf(stderr, "linux: %s: using mode=ptrace\n", why);
	backend = &host_backend_ptrace;
}

const char *host_backend_name(void)
{
	return backend->name;
}

int host_mm_eager_sync(void)
{
	return backend->eager_sync;
}

/*
 * The child's first stack.  Kernel stacks live in physmem, which the
 * child shares with us, so it must not run on the one it was forked
 * from; this array is ordinary private memory, copied on write.
 */
static char child_stack[16384] __attribute__((aligned(16)));

/* In the child: drop what belongs to the kernel, map the stub. */
static int child_start(void *argp)
{
	const struct host_child_args *args = argp;
	int keep[2] = { host_physmem_fd(), args->ctl_fd };
	int cpu = host_guest_cpu();

	/*
	 * glibc registered an rseq area in our TLS, and the registration is
	 * inherited: drop it before the stub unmaps the TLS, or the host
	 * kills the process on its next resume.
	 */
	if (__rseq_size)
		syscall(SYS_rseq, (char *)__builtin_thread_pointer() +
			__rseq_offset, UM_HOST_RSEQ_LEN, RSEQ_FLAG_UNREGISTER,
			UM_HOST_RSEQ_SIG);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* Nothing of the kernel's open files belongs in a guest. */
	if (host_child_keep_fds(keep, 2))
		_exit(127);
	/* Keep terminal signals meant for the host's job away from guests. */
	setpgid(0, 0);
	if (cpu >= 0) {
		cpu_set_t one;

		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		syscall(SYS_sched_setaffinity, 0, sizeof(one), &one);
	}
	if (mmap((void *)UM_STUB_CODE, UM_PAGE_SIZE, PROT_READ | PROT_EXEC,
		 MAP_SHARED | MAP_FIXED, keep[0], args->stub_code_phys) == MAP_FAILED ||
	    mmap((void *)UM_STUB_DATA, UM_STUB_DATA_PAGES * UM_PAGE_SIZE,
		 PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, keep[0],
		 args->stub_data_phys) == MAP_FAILED)
		_exit(126);
	host_vdso_move();
	backend->child_finish(args);
	_exit(119);
}

/*
 * Live guest processes, to be killed when the kernel re-executes itself
 * (PR_SET_PDEATHSIG and PTRACE_O_EXITKILL act on exit, not on exec).
 */
#define MAX_GUEST_PROCS 8192
static int guest_pids[MAX_GUEST_PROCS];

static void end_process(int pid)
{
	int status;

	host_pids_swap(guest_pids, MAX_GUEST_PROCS, pid, 0);
	kill(pid, SIGKILL);
	while (waitpid(pid, &status, __WALL) < 0 && errno == EINTR)
		;
}

void host_kill_guests(void)
{
	int i;

	/* Reaped as well: the new image would never wait for them. */
	for (i = 0; i < MAX_GUEST_PROCS; i++)
		if (guest_pids[i] > 0)
			end_process(guest_pids[i]);
}

int host_mm_create(struct um_host_mm *hm, unsigned long stub_code_phys,
		   unsigned long stub_data_phys, struct um_stub_data *data)
{
	struct host_child_args args = { stub_code_phys, stub_data_phys, -1 };
	int sv[2] = { -1, -1 };
	int err;
	long pid;

	memset(hm, 0, sizeof(*hm));
	hm->ctl_fd = -1;
	hm->data = data;
	if (backend->needs_socket) {
		if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
			return -errno;
		hm->ctl_fd = sv[0];
		args.ctl_fd = sv[1];
	}
	host_block_irq_signals();
	pid = clone(child_start, child_stack + sizeof(child_stack), SIGCHLD,
		    &args);
	host_unblock_irq_signals();
	if (sv[1] >= 0)
		close(sv[1]);
	if (pid < 0) {
		err = -errno;
		if (hm->ctl_fd >= 0)
			close(hm->ctl_fd);
		hm->ctl_fd = -1;
		return err;
	}
	hm->pid = pid;
	err = backend->adopt(hm);
	if (err) {
		host_mm_destroy(hm);
		return err;
	}
	host_pids_swap(guest_pids, MAX_GUEST_PROCS, 0, pid);
	return 0;
}

void host_mm_destroy(struct um_host_mm *hm)
{
	if (hm->pid > 0)
		end_process(hm->pid);
	hm->pid = 0;
	if (hm->ctl_fd >= 0)
		close(hm->ctl_fd);
	hm->ctl_fd = -1;
}

int host_mm_run_ops(struct um_host_mm *hm, const struct um_stub_op *ops,
		    int nr, int *failed)
{
	*failed = 0;
	if (nr <= 0)
		return 0;
	return backend->run_ops(hm, ops, nr, failed);
}

int host_user_run(struct um_host_mm *hm, unsigned long *gregs,
		  int single_step, struct um_user_event *ev)
{
	return backend->user_run(hm, gregs, single_step, ev);
}

int host_fpstate_get(struct um_host_mm *hm, void *buf, unsigned int size)
{
	return backend->fpstate_get(hm, buf, size);
}

int host_fpstate_set(struct um_host_mm *hm, const void *buf,
		     unsigned int size)
{
	return backend->fpstate_set(hm, buf, size);
}

int host_debugregs_set(struct um_host_mm *hm, const unsigned long *addr,
		       unsigned long dr7)
{
	return backend->debugregs_set(hm, addr, dr7);
}

#define UM_USER_DR(n)	(offsetof(struct user, u_debugreg) + (n) * sizeof(long))

int host_ptrace_set_debugregs(int pid, const unsigned long *addr,
			      unsigned long dr7)
{
	int i;

	/* Off first: the host checks each address against the slot's type. */
	if (ptrace(PTRACE_POKEUSER, pid, UM_USER_DR(7), 0))
		return -errno;
	for (i = 0; i < 4; i++)
		if (ptrace(PTRACE_POKEUSER, pid, UM_USER_DR(i), addr[i]))
			return -errno;
	if (dr7 && ptrace(PTRACE_POKEUSER, pid, UM_USER_DR(7), dr7))
		return -errno;
	return 0;
}

int host_tsc_ctl_supported(void)
{
	int mode;

	return prctl(PR_GET_TSC, &mode) == 0;
}
