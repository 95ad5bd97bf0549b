// SPDX-License-Identifier: GPL-2.0
/*
 * Guest address spaces as host processes, driven with ptrace.
 *
 * A new one is forked from the kernel's process; the child asks to be
 * traced, maps the stub and stops.  The kernel then points it at
 * um_stub_init(), which unmaps everything else.  From then on the child
 * only runs guest code under PTRACE_SYSEMU (system calls stop it instead
 * of reaching the host) and stub code under PTRACE_CONT.
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
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <elf.h>
#include <host.h>
#include <host_child.h>
#include <um_layout.h>
#include <um_regs.h>
#include <um_stub.h>
#include <um_user.h>
#include "os.h"

/* The signal we send a running guest to get the CPU back. */
#define UM_PREEMPT_SIGNAL	SIGUSR1

/* The signature glibc registers its rseq area with on x86. */
#define UM_HOST_RSEQ_SIG	0x53053053
#define RSEQ_FLAG_UNREGISTER	1
/* It registers the original 32-byte struct rseq, whatever __rseq_size says. */
#define UM_HOST_RSEQ_LEN	32

#ifndef PTRACE_SYSEMU
#define PTRACE_SYSEMU		31
#define PTRACE_SYSEMU_SINGLESTEP 32
#endif

extern char __um_stub_start[];
void um_stub_init(void);
void um_stub_run_ops(void);

_Static_assert(sizeof(struct user_regs_struct) ==
	       UM_NR_GREGS * sizeof(unsigned long),
	       "guest register layout must match user_regs_struct");

static unsigned long stub_entry(void (*fn)(void))
{
	return UM_STUB_CODE + ((unsigned long)fn - (unsigned long)__um_stub_start);
}

/* Wait for a stop of pid, riding out our own interrupts. */
static int wait_stopped(int pid, int *status)
{
	for (;;) {
		int r = waitpid(pid, status, __WALL);

		if (r == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return -errno;
	}
}

/* Run stub code at entry until it reports with int3. */
static int run_stub(int pid, void (*entry)(void))
{
	struct user_regs_struct regs;
	int status;

	memset(&regs, 0, sizeof(regs));
	regs.rip = stub_entry(entry);
	regs.rsp = UM_STUB_STACK_TOP - 8;
	regs.cs = 0x33;
	regs.ss = 0x2b;
	regs.eflags = 0x202;
	if (ptrace(PTRACE_SETREGS, pid, 0, &regs))
		return -errno;
	for (;;) {
		if (ptrace(PTRACE_CONT, pid, 0, 0))
			return -errno;
		if (wait_stopped(pid, &status))
			return -ECHILD;
		if (!WIFSTOPPED(status))
			return -ECHILD;
		if (WSTOPSIG(status) == SIGTRAP)
			return 0;
		if (WSTOPSIG(status) != UM_PREEMPT_SIGNAL) {
			siginfo_t si;

			ptrace(PTRACE_GETREGS, pid, 0, &regs);
			ptrace(PTRACE_GETSIGINFO, pid, 0, &si);
			fprintf(stderr, "linux: stub of process %d stopped by "
				"signal %d (code %d) at ip %llx sp %llx, address %p\n", pid,
				WSTOPSIG(status), si.si_code, regs.rip, regs.rsp, si.si_addr);
			return -EFAULT;
		}
		/* A stale preemption request: ignore it. */
	}
}

struct child_args {
	unsigned long stub_code_phys;
	unsigned long stub_data_phys;
};

/*
 * The child's first stack.  Kernel stacks live in physmem, which the
 * child shares with us, so it must not run on the one it was forked
 * from; this array is ordinary private memory, copied on write.
 */
static char child_stack[16384] __attribute__((aligned(16)));

/* In the child, before it is traced: prepare and stop. */
static int child_start(void *argp)
{
	struct child_args *args = argp;
	int fd = host_physmem_fd();

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
	host_child_keep_fds(&fd, 1);
	/* Keep terminal signals meant for the host's job away from guests. */
	setpgid(0, 0);
	if (ptrace(PTRACE_TRACEME, 0, 0, 0))
		_exit(127);
	if (mmap((void *)UM_STUB_CODE, UM_PAGE_SIZE, PROT_READ | PROT_EXEC,
		 MAP_SHARED | MAP_FIXED, fd, args->stub_code_phys) == MAP_FAILED ||
	    mmap((void *)UM_STUB_DATA, UM_STUB_DATA_PAGES * UM_PAGE_SIZE,
		 PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd,
		 args->stub_data_phys) == MAP_FAILED)
		_exit(126);
	host_vdso_move();
	kill(getpid(), SIGSTOP);
	_exit(125);
}

/*
 * Live guest processes, to be killed when the kernel re-executes itself
 * (PR_SET_PDEATHSIG and PTRACE_O_EXITKILL act on exit, not on exec).
 */
#define MAX_GUEST_PROCS 8192
static int guest_pids[MAX_GUEST_PROCS];

void host_kill_guests(void)
{
	int i;

	/* Reaped as well: the new image would never wait for them. */
	for (i = 0; i < MAX_GUEST_PROCS; i++)
		if (guest_pids[i] > 0)
			host_mm_destroy(guest_pids[i]);
}

int host_mm_create(unsigned long stub_code_phys, unsigned long stub_data_phys)
{
	struct child_args args = { stub_code_phys, stub_data_phys };
	int status, err;
	long pid;

	host_block_irq_signals();
	pid = clone(child_start, child_stack + sizeof(child_stack), SIGCHLD,
		    &args);
	host_unblock_irq_signals();
	if (pid < 0)
		return -errno;

	if (wait_stopped(pid, &status) || !WIFSTOPPED(status) ||
	    WSTOPSIG(status) != SIGSTOP) {
		err = -ECHILD;
		goto fail;
	}
	if (ptrace(PTRACE_SETOPTIONS, pid, 0,
		   PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL)) {
		err = -errno;
		goto fail;
	}
	err = run_stub(pid, um_stub_init);
	if (err)
		goto fail;
	host_pids_swap(guest_pids, MAX_GUEST_PROCS, 0, pid);
	return pid;
fail:
	host_mm_destroy(pid);
	return err;
}

void host_mm_destroy(int pid)
{
	int status;

	host_pids_swap(guest_pids, MAX_GUEST_PROCS, pid, 0);
	kill(pid, SIGKILL);
	while (waitpid(pid, &status, __WALL) < 0 && errno == EINTR)
		;
}

int host_mm_run_ops(int pid)
{
	return run_stub(pid, um_stub_run_ops);
}

#define UM_USER_DR(n)	(offsetof(struct user, u_debugreg) + (n) * sizeof(long))

static void fill_signal_event(int pid, int sig, struct um_user_event *ev)
{
	siginfo_t si;

	ev->stop = UM_STOP_SIGNAL;
	ev->sig = sig;
	ev->code = 0;
	ev->addr = 0;
	ev->dr6 = 0;
	if (!ptrace(PTRACE_GETSIGINFO, pid, 0, &si)) {
		ev->code = si.si_code;
		ev->addr = (unsigned long)si.si_addr;
	}
	/* A debug trap: which breakpoint, or a single step. */
	if (sig == SIGTRAP && (ev->code == TRAP_HWBKPT || ev->code == TRAP_TRACE)) {
		errno = 0;
		ev->dr6 = ptrace(PTRACE_PEEKUSER, pid, UM_USER_DR(6), 0);
		if (errno)
			ev->dr6 = 0;
	}
}

int host_debugregs_set(int pid, const unsigned long *addr, unsigned long dr7)
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

int host_user_run(int pid, unsigned long *gregs, int single_step,
		  struct um_user_event *ev)
{
	int status, preempt_sent = 0;

	if (ptrace(PTRACE_SETREGS, pid, 0, gregs))
		return -errno;
	if (ptrace(single_step ? PTRACE_SYSEMU_SINGLESTEP : PTRACE_SYSEMU,
		   pid, 0, 0))
		return -errno;

	for (;;) {
		int r;

		if (!preempt_sent && um_user_should_stop()) {
			kill(pid, UM_PREEMPT_SIGNAL);
			preempt_sent = 1;
		}
		r = waitpid(pid, &status, __WALL);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return -errno;
	}

	if (!WIFSTOPPED(status)) {
		ev->stop = UM_STOP_DIED;
		ev->sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
		return 0;
	}
	if (ptrace(PTRACE_GETREGS, pid, 0, gregs))
		return -errno;

	switch (WSTOPSIG(status)) {
	case SIGTRAP | 0x80:
		ev->stop = UM_STOP_SYSCALL;
		break;
	case UM_PREEMPT_SIGNAL:
	case SIGSTOP:
	case SIGTSTP:
	case SIGTTIN:
	case SIGTTOU:
	case SIGWINCH:
	case SIGHUP:
	case SIGINT:
	case SIGQUIT:
	case SIGTERM:
	case SIGCHLD:
	case SIGALRM:
	case SIGIO:
		/* Not the guest's doing: the guest only ever gets our signals. */
		ev->stop = UM_STOP_INTERRUPT;
		break;
	default:
		fill_signal_event(pid, WSTOPSIG(status), ev);
		break;
	}
	return 0;
}

int host_tsc_ctl_supported(void)
{
	int mode;

	return prctl(PR_GET_TSC, &mode) == 0;
}

int host_fpstate_get(int pid, void *buf, unsigned int size)
{
	struct iovec iov = { buf, size };

	return ptrace(PTRACE_GETREGSET, pid, NT_X86_XSTATE, &iov) ? -errno : 0;
}

int host_fpstate_set(int pid, const void *buf, unsigned int size)
{
	struct iovec iov = { (void *)buf, size };

	return ptrace(PTRACE_SETREGSET, pid, NT_X86_XSTATE, &iov) ? -errno : 0;
}
