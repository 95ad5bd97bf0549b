// SPDX-License-Identifier: GPL-2.0
/*
 * The ptrace backend.  The child asks to be traced, and stops; the
 * kernel points it at um_stub_init(), which unmaps everything else.  From
 * then on the child only runs guest code under PTRACE_SYSEMU (system
 * calls stop it instead of reaching the host) and stub code under
 * PTRACE_CONT.  Guest code never makes a host system call.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <elf.h>
#include <host.h>
#include <um_layout.h>
#include <um_stub.h>
#include <um_user.h>
#include "backend.h"

#ifndef PTRACE_SYSEMU
#define PTRACE_SYSEMU		31
#define PTRACE_SYSEMU_SINGLESTEP 32
#endif

void um_stub_init(void);
void um_stub_run_ops(void);

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
	regs.rip = host_stub_addr(entry);
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

static void ptrace_child_finish(const struct host_child_args *args)
{
	if (ptrace(PTRACE_TRACEME, 0, 0, 0))
		_exit(127);
	kill(getpid(), SIGSTOP);
	_exit(125);
}

static int ptrace_adopt(struct um_host_mm *hm)
{
	int status;

	if (wait_stopped(hm->pid, &status) || !WIFSTOPPED(status) ||
	    WSTOPSIG(status) != SIGSTOP)
		return -ECHILD;
	if (ptrace(PTRACE_SETOPTIONS, hm->pid, 0,
		   PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL))
		return -errno;
	return run_stub(hm->pid, um_stub_init);
}

static int ptrace_run_ops(struct um_host_mm *hm, const struct um_stub_op *ops,
			  int nr, int *failed)
{
	struct um_stub_data *d = hm->data;
	int err;

	/* The process is stopped: nothing of the guest's can change them. */
	memcpy(d->ops, ops, nr * sizeof(*ops));
	d->nr_ops = nr;
	d->physmem_fd = host_physmem_fd();
	d->err = 0;
	err = run_stub(hm->pid, um_stub_run_ops);
	*failed = d->failed_op;
	return err ? err : d->err;
}

static void fill_signal_event(int pid, int sig, struct um_user_event *ev)
{
	siginfo_t si;

	ev->stop = UM_STOP_SIGNAL;
	ev->sig = sig;
	ev->code = 0;
	ev->addr = 0;
	ev->err = -1;
	ev->dr6 = 0;
	if (!ptrace(PTRACE_GETSIGINFO, pid, 0, &si)) {
		ev->code = si.si_code;
		ev->addr = (unsigned long)si.si_addr;
	}
	/* A debug trap: which breakpoint, or a single step. */
	if (sig == SIGTRAP && (ev->code == TRAP_HWBKPT || ev->code == TRAP_TRACE)) {
		errno = 0;
		ev->dr6 = ptrace(PTRACE_PEEKUSER, pid,
				 offsetof(struct user, u_debugreg) + 6 * sizeof(long), 0);
		if (errno)
			ev->dr6 = 0;
	}
}

static int ptrace_debugregs_set(struct um_host_mm *hm, const unsigned long *addr,
				unsigned long dr7)
{
	return host_ptrace_set_debugregs(hm->pid, addr, dr7);
}

static int ptrace_user_run(struct um_host_mm *hm, unsigned long *gregs,
			   int single_step, struct um_user_event *ev)
{
	int status, preempt_sent = 0, pid = hm->pid;

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

static int ptrace_fpstate_get(struct um_host_mm *hm, void *buf,
			      unsigned int size)
{
	struct iovec iov = { buf, size };

	return ptrace(PTRACE_GETREGSET, hm->pid, NT_X86_XSTATE, &iov) ?
		-errno : 0;
}

static int ptrace_fpstate_set(struct um_host_mm *hm, const void *buf,
			      unsigned int size)
{
	struct iovec iov = { (void *)buf, size };

	return ptrace(PTRACE_SETREGSET, hm->pid, NT_X86_XSTATE, &iov) ?
		-errno : 0;
}

const struct host_backend host_backend_ptrace = {
	.name		= "ptrace",
	.child_finish	= ptrace_child_finish,
	.adopt		= ptrace_adopt,
	.run_ops	= ptrace_run_ops,
	.user_run	= ptrace_user_run,
	.fpstate_get	= ptrace_fpstate_get,
	.fpstate_set	= ptrace_fpstate_set,
	.debugregs_set	= ptrace_debugregs_set,
};
