// SPDX-License-Identifier: GPL-2.0
/*
 * Host signals as interrupts.  SIGALRM (the host timer) and SIGIO (a
 * host descriptor got ready) are noted in um_irqs_pending; when the
 * kernel has interrupts enabled they are handled at once, on the stack
 * of whatever was interrupted, as a hardware interrupt would be.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include <host.h>
#include <kern.h>
#include <um_irq.h>
#include "os.h"

static void irq_signal(int sig, siginfo_t *info, void *uc)
{
	int saved_errno = errno;

	um_irq_mark(sig == SIGALRM ? UM_TIMER_IRQ : UM_SIGIO_IRQ);
	if (__atomic_load_n(&um_irqs_on, __ATOMIC_SEQ_CST))
		um_irq_replay();
	errno = saved_errno;
}

/* A fault in the kernel's own process is a kernel bug. */
static void kernel_fault_signal(int sig, siginfo_t *info, void *ucv)
{
	ucontext_t *uc = ucv;

	um_kernel_fault(sig, (unsigned long)info->si_addr,
			uc->uc_mcontext.gregs[REG_RIP]);
}

static void irq_signal_set(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGALRM);
	sigaddset(set, SIGIO);
}

static void child_signal(int sig)
{
}

void host_signals_setup(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = irq_signal;
	sa.sa_flags = SA_SIGINFO;	/* no SA_RESTART: waits must see EINTR */
	irq_signal_set(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, NULL) || sigaction(SIGIO, &sa, NULL))
		host_fatal("cannot install the interrupt signal handlers");
	sa.sa_sigaction = kernel_fault_signal;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	/*
	 * A guest's host process that dies must end the kernel's wait for
	 * it at once: SIGCHLD interrupts that wait (no SA_RESTART), and the
	 * waiter looks with waitpid().
	 */
	sa.sa_handler = child_signal;
	sa.sa_flags = SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	/* Terminal writes from a background guest must not stop us. */
	signal(SIGTTOU, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	host_unblock_irq_signals();
}

void host_block_irq_signals(void)
{
	sigset_t set;

	irq_signal_set(&set);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
}

void host_unblock_irq_signals(void)
{
	sigset_t set;

	irq_signal_set(&set);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

void host_idle_wait(void)
{
	sigset_t block, old;

	irq_signal_set(&block);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	/* Checked with the signals blocked, so none slips in between. */
	if (!__atomic_load_n(&um_irqs_pending, __ATOMIC_SEQ_CST)) {
		sigset_t wait = old;

		sigdelset(&wait, SIGALRM);
		sigdelset(&wait, SIGIO);
		sigsuspend(&wait);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}
