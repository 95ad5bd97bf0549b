// SPDX-License-Identifier: GPL-2.0
/*
 * The seccomp backend: a guest's system calls and faults are caught in
 * its own host process, by a seccomp filter (SECCOMP_RET_TRAP) and the
 * stub's signal handler (stub_seccomp.c), and handed to the kernel
 * through the stub data pages, each side spinning a while before it
 * sleeps on a futex.  With the kernel and its guests on two host CPUs,
 * a system call costs no host context switch.
 *
 * Threat model.  Guest code is hostile: it can run any instruction, jump
 * into the stub at any offset with any registers, rewrite the data pages
 * (they are mapped writable in its process), make host system calls from
 * any address, and race the kernel from other guest processes.  It must
 * gain nothing: no kernel memory, no physmem descriptor, no host system
 * call beyond those below, no mapping the kernel did not make.
 *
 *  - The filter: a system call from outside the stub page is trapped
 *    (SIGSYS), never run.  From the stub page only rt_sigreturn,
 *    exit_group, futex wait/wake, recvmsg(0, ..., MSG_DONTWAIT),
 *    close_range(1, ~0, 0), prctl(PR_SET_TSC), arch_prctl(SET_FS/GS),
 *    and mmap/munmap entirely below the stub pass; anything else kills
 *    the process.  So guest code can neither replace the stub nor make
 *    its data pages anything but what we mapped.
 *  - The process holds no descriptor but its end of a socket.  Physmem
 *    comes only inside the stub's window, in the same message as the
 *    batch of ops it was sent for, and is closed before the window ends
 *    (stub_seccomp.c says how the window keeps that under any entry).
 *  - The batch is built in kernel memory and sent; the stub never reads
 *    ops the guest could have written.  The kernel waits for the reply
 *    and checks the message was taken (SIOCOUTQ): taken means applied,
 *    or the process died in the window.
 *  - Everything the stub reports (registers, event, FPU image) is guest
 *    data, read once and checked by the kernel like any user input.  A
 *    process that fakes a report may go on running while the kernel
 *    believes it stopped; hence unmaps are applied at flush_tlb time
 *    (host_mm_eager_sync), before a page can be used for anything else,
 *    and a process that does not take its batch in time is killed.  What
 *    such a process gains is host CPU time on its own host CPU.
 *  - A process that blocks the preemption signal (with a forged
 *    rt_sigreturn frame) is killed once that is seen.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/sockios.h>
#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <asm/prctl.h>
#include <host.h>
#include <um_layout.h>
#include <um_regs.h>
#include <um_stub.h>
#include <um_user.h>
#include "backend.h"

void um_stub_signal(int sig, siginfo_t *si, void *ctx);
void um_stub_sigreturn(void);
void um_stub_seccomp_init(void);
extern char um_stub_init_trap[];

/* Spin this long for the other side before sleeping. */
#define SPIN_NS			30000ULL
/* A stub that has not answered the kernel in this long is killed. */
#define STUB_ANSWER_NS		(10 * 1000000000ULL)
/* A guest not back this long after a preemption request is looked at. */
#define PREEMPT_CHECK_NS	1000000000ULL

static unsigned long long spin_ns;
static long stub_spin_iters;

/* --- the filter ---------------------------------------------------- */

struct bpf_prog_builder {
	struct sock_filter *f;
	int n, max;
};

#define ARG_LO(i)	(offsetof(struct seccomp_data, args) + 8 * (i))
#define ARG_HI(i)	(ARG_LO(i) + 4)
#define IP_LO		offsetof(struct seccomp_data, instruction_pointer)
#define IP_HI		(IP_LO + 4)

/* Jump targets are labels, resolved when the program is done. */
enum { L_NEXT = 0, L_ALLOW = 200, L_TRAP, L_KILL, L_FUTEX, L_RECV, L_CLOSE,
       L_RANGE, L_PRCTL, L_ARCH, L_RANGE_SUM, L_NR_LABELS };

static int label_at[L_NR_LABELS - L_ALLOW];

static void emit(struct bpf_prog_builder *b, unsigned short code,
		 unsigned int k, int jt, int jf)
{
	if (b->n < b->max)
		b->f[b->n] = (struct sock_filter){ code, (unsigned char)jt,
						   (unsigned char)jf, k };
	b->n++;
}

static void label(struct bpf_prog_builder *b, int l)
{
	label_at[l - L_ALLOW] = b->n;
}

#define LD(off)		emit(b, BPF_LD | BPF_W | BPF_ABS, (off), 0, 0)
#define JEQ(k, t, f)	emit(b, BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define JGT(k, t, f)	emit(b, BPF_JMP | BPF_JGT | BPF_K, (k), (t), (f))
#define RET(k)		emit(b, BPF_RET | BPF_K, (k), 0, 0)

/* Jumps name labels (>= L_ALLOW) or L_NEXT; fix them into offsets. */
static int resolve(struct bpf_prog_builder *b)
{
	int i;

	for (i = 0; i < b->n; i++) {
		struct sock_filter *s = &b->f[i];
		int t;

		if (BPF_CLASS(s->code) != BPF_JMP)
			continue;
		if (s->jt >= L_ALLOW) {
			t = label_at[s->jt - L_ALLOW] - i - 1;
			if (t < 0 || t > 255)
				return -1;
			s->jt = t;
		}
		if (s->jf >= L_ALLOW) {
			t = label_at[s->jf - L_ALLOW] - i - 1;
			if (t < 0 || t > 255)
				return -1;
			s->jf = t;
		}
	}
	return 0;
}

/* Is 64-bit argument @i equal to @v?  Falls through if so, else kills. */
static void arg_is(struct bpf_prog_builder *b, int i, unsigned long v)
{
	LD(ARG_LO(i));
	JEQ((unsigned int)v, L_NEXT, L_KILL);
	LD(ARG_HI(i));
	JEQ((unsigned int)(v >> 32), L_NEXT, L_KILL);
}

static int build_filter(struct sock_filter *f, int max)
{
	struct bpf_prog_builder bb = { f, 0, max }, *b = &bb;
	unsigned int stub_lo = (unsigned int)UM_STUB_CODE;

	LD(offsetof(struct seccomp_data, arch));
	JEQ(AUDIT_ARCH_X86_64, L_NEXT, L_TRAP);
	/* The address after the syscall instruction, in the stub page? */
	LD(IP_HI);
	JEQ((unsigned int)(UM_STUB_CODE >> 32), L_NEXT, L_TRAP);
	LD(IP_LO);
	JGT(stub_lo, L_NEXT, L_TRAP);
	JGT(stub_lo + UM_PAGE_SIZE, L_TRAP, L_NEXT);

	LD(offsetof(struct seccomp_data, nr));
	JEQ(__NR_rt_sigreturn, L_ALLOW, L_NEXT);
	JEQ(__NR_exit_group, L_ALLOW, L_NEXT);
	JEQ(__NR_futex, L_FUTEX, L_NEXT);
	JEQ(__NR_recvmsg, L_RECV, L_NEXT);
	JEQ(__NR_close_range, L_CLOSE, L_NEXT);
	JEQ(__NR_mmap, L_RANGE, L_NEXT);
	JEQ(__NR_munmap, L_RANGE, L_NEXT);
	JEQ(__NR_prctl, L_PRCTL, L_NEXT);
	JEQ(__NR_arch_prctl, L_ARCH, L_KILL);

	label(b, L_FUTEX);
	LD(ARG_HI(1));
	JEQ(0, L_NEXT, L_KILL);
	LD(ARG_LO(1));
	JEQ(FUTEX_WAIT, L_ALLOW, L_NEXT);
	JEQ(FUTEX_WAKE, L_ALLOW, L_KILL);

	label(b, L_RECV);
	arg_is(b, 0, 0);
	arg_is(b, 2, MSG_DONTWAIT);
	RET(SECCOMP_RET_ALLOW);

	label(b, L_CLOSE);
	arg_is(b, 0, 1);
	arg_is(b, 1, 0xffffffffUL);
	arg_is(b, 2, 0);
	RET(SECCOMP_RET_ALLOW);

	label(b, L_PRCTL);
	arg_is(b, 0, PR_SET_TSC);
	RET(SECCOMP_RET_ALLOW);

	label(b, L_ARCH);
	LD(ARG_HI(0));
	JEQ(0, L_NEXT, L_KILL);
	LD(ARG_LO(0));
	JEQ(ARCH_SET_FS, L_ALLOW, L_NEXT);
	JEQ(ARCH_SET_GS, L_ALLOW, L_KILL);

	/*
	 * addr + len <= UM_STUB_CODE, in 32-bit halves: both below 2^47,
	 * then the low words' sum (M[1]) with its carry into the high one.
	 */
	label(b, L_RANGE);
	LD(ARG_HI(0));
	JGT(0x7fff, L_KILL, L_NEXT);
	emit(b, BPF_ST, 0, 0, 0);			/* M[0] = addr hi */
	LD(ARG_HI(1));
	JGT(0x7fff, L_KILL, L_NEXT);
	emit(b, BPF_LDX | BPF_W | BPF_MEM, 0, 0, 0);	/* X = addr hi */
	emit(b, BPF_ALU | BPF_ADD | BPF_X, 0, 0, 0);	/* A = hi sum */
	emit(b, BPF_ST, 2, 0, 0);			/* M[2] = hi sum */
	LD(ARG_LO(0));
	emit(b, BPF_MISC | BPF_TAX, 0, 0, 0);		/* X = addr lo */
	LD(ARG_LO(1));
	emit(b, BPF_ALU | BPF_ADD | BPF_X, 0, 0, 0);	/* A = lo sum */
	emit(b, BPF_ST, 1, 0, 0);			/* M[1] = lo sum */
	/* carry when the sum is below an addend */
	emit(b, BPF_JMP | BPF_JGE | BPF_X, 0, L_RANGE_SUM, L_NEXT);
	emit(b, BPF_LD | BPF_MEM, 2, 0, 0);
	emit(b, BPF_ALU | BPF_ADD | BPF_K, 1, 0, 0);
	emit(b, BPF_ST, 2, 0, 0);
	label(b, L_RANGE_SUM);
	emit(b, BPF_LD | BPF_MEM, 2, 0, 0);
	JGT((unsigned int)(UM_STUB_CODE >> 32), L_KILL, L_NEXT);
	JEQ((unsigned int)(UM_STUB_CODE >> 32), L_NEXT, L_ALLOW);
	emit(b, BPF_LD | BPF_MEM, 1, 0, 0);
	JGT(stub_lo, L_KILL, L_ALLOW);

	label(b, L_ALLOW);
	RET(SECCOMP_RET_ALLOW);
	label(b, L_TRAP);
	RET(SECCOMP_RET_TRAP);
	label(b, L_KILL);
	RET(SECCOMP_RET_KILL_PROCESS);

	if (b->n > b->max || resolve(b))
		return -1;
	return b->n;
}

int host_seccomp_probe(char *why, int len)
{
	unsigned int trap = SECCOMP_RET_TRAP, kill = SECCOMP_RET_KILL_PROCESS;
	struct um_stub_data *d = NULL;

	if (syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &trap) ||
	    syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &kill)) {
		snprintf(why, len, "the host has no seccomp filters (%s)",
			 strerror(errno));
		return -1;
	}
	if (build_filter(NULL, 0) > (int)(sizeof(d->filter) / sizeof(struct sock_filter))) {
		snprintf(why, len, "the stub's filter does not fit");
		return -1;
	}
	return 0;
}

/* --- the new process ----------------------------------------------- */

struct kernel_sigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	unsigned long mask;
};

static const int stub_signals[] = {
	SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS, UM_PREEMPT_SIGNAL,
	SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGALRM, SIGIO, SIGWINCH, SIGTSTP,
	SIGTTIN, SIGTTOU, SIGPIPE, SIGUSR2,
};

static void seccomp_child_finish(const struct host_child_args *args)
{
	struct um_stub_data *d = (struct um_stub_data *)UM_STUB_DATA;
	struct sock_filter *f = (struct sock_filter *)d->filter;
	struct kernel_sigaction ksa = {
		.handler = (void *)host_stub_addr(um_stub_signal),
		.flags = SA_SIGINFO | SA_ONSTACK | 0x04000000 /* SA_RESTORER */,
		.restorer = (void *)host_stub_addr(um_stub_sigreturn),
		.mask = ~0UL,
	};
	stack_t ss = {
		.ss_sp = (void *)UM_STUB_STACK,
		.ss_size = UM_STUB_STACK_TOP - UM_STUB_STACK,
	};
	unsigned long none = 0, fs = 0;
	unsigned int i;
	int n;

	/* The socket is descriptor 0, and the only one. */
	if (dup2(args->ctl_fd, 0) < 0 || syscall(SYS_close_range, 1, ~0U, 0))
		_exit(124);
	n = build_filter(f, sizeof(d->filter) / sizeof(*f));
	if (n < 0)
		_exit(123);
	d->fprog[0] = n;
	d->fprog[1] = (unsigned long)f;
	syscall(SYS_arch_prctl, ARCH_GET_FS, &fs);
	d->cur_fs = fs;
	d->cur_gs = 0;
	if (sigaltstack(&ss, NULL))
		_exit(122);
	for (i = 0; i < sizeof(stub_signals) / sizeof(*stub_signals); i++)
		if (syscall(SYS_rt_sigaction, stub_signals[i], &ksa, NULL, 8))
			_exit(121);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		_exit(120);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, 8);
	__asm__ volatile("mov %0, %%rsp\n\tjmp *%1"
			 : : "r" (UM_STUB_STACK_TOP - 8),
			     "r" (host_stub_addr(um_stub_seccomp_init)));
	__builtin_unreachable();
}

/* --- the channel, kernel side ------------------------------------- */

static void command(struct um_stub_data *d, int cmd)
{
	d->cmd = cmd;
	__atomic_exchange_n(&d->ch, UM_CH_STUB, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&d->stub_waiting, __ATOMIC_SEQ_CST))
		syscall(SYS_futex, &d->ch, FUTEX_WAKE, 1, NULL, NULL, 0);
}

static int reported(struct um_stub_data *d)
{
	return __atomic_load_n(&d->ch, __ATOMIC_ACQUIRE) == UM_CH_KERNEL;
}

/* Is @sig blocked in process @pid?  (A guest cannot do that honestly.) */
static int signal_blocked(int pid, int sig)
{
	char path[64], buf[2048], *p;
	unsigned long long mask;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	p = strstr(buf, "SigBlk:");
	if (!p || sscanf(p + 7, "%llx", &mask) != 1)
		return 0;
	return !!(mask & (1ULL << (sig - 1)));
}

#define WAIT_REPORT	0
#define WAIT_DIED	1

/*
 * Wait for the stub's report.  @preempt: the guest runs, stop it when
 * the kernel needs the CPU; else the stub owes us an answer soon.
 */
static int wait_report(struct um_host_mm *hm, int preempt, int *status)
{
	struct um_stub_data *d = hm->data;
	unsigned long long start = host_monotonic_ns(), now, asked = 0;
	int i;

	if (spin_ns) {
		for (;;) {
			for (i = 0; i < 64; i++) {
				if (reported(d))
					return WAIT_REPORT;
				__builtin_ia32_pause();
			}
			if (preempt && !asked && um_user_should_stop()) {
				kill(hm->pid, UM_PREEMPT_SIGNAL);
				asked = host_monotonic_ns();
			}
			if (host_monotonic_ns() - start > spin_ns)
				break;
		}
	}
	for (;;) {
		struct timespec ts = { 0, 20 * 1000 * 1000 };

		if (preempt && !asked && um_user_should_stop()) {
			kill(hm->pid, UM_PREEMPT_SIGNAL);
			asked = host_monotonic_ns();
		}
		__atomic_exchange_n(&d->kernel_waiting, 1, __ATOMIC_SEQ_CST);
		if (reported(d))
			break;
		/* Woken: look again.  Else (timeout, our interrupts) also see
		 * whether the process is still there. */
		if (syscall(SYS_futex, &d->ch, FUTEX_WAIT, UM_CH_STUB, &ts,
			    NULL, 0) == 0)
			continue;
		if (waitpid(hm->pid, status, WNOHANG) == hm->pid) {
			d->kernel_waiting = 0;
			return WAIT_DIED;
		}
		now = host_monotonic_ns();
		if (!preempt && now - start > STUB_ANSWER_NS) {
			fprintf(stderr, "linux: guest process %d does not answer: killed\n",
				hm->pid);
			kill(hm->pid, SIGKILL);
		}
		if (asked && now - asked > PREEMPT_CHECK_NS) {
			if (signal_blocked(hm->pid, UM_PREEMPT_SIGNAL))
				kill(hm->pid, SIGKILL);
			else
				kill(hm->pid, UM_PREEMPT_SIGNAL);
			asked = now;
		}
	}
	d->kernel_waiting = 0;
	return WAIT_REPORT;
}

static void calibrate(void)
{
	unsigned long long t;
	int i;

	if (!host_guest_cpu_apart())
		return;
	spin_ns = SPIN_NS;
	t = host_monotonic_ns();
	for (i = 0; i < 20000; i++)
		__builtin_ia32_pause();
	t = host_monotonic_ns() - t;
	stub_spin_iters = t ? SPIN_NS * 20000 / t : 20000;
}

static int seccomp_adopt(struct um_host_mm *hm)
{
	struct um_stub_data *d = hm->data;
	static int calibrated;
	int status;

	if (!calibrated) {
		calibrate();
		calibrated = 1;
	}
	d->spin = stub_spin_iters;
	if (wait_report(hm, 0, &status) != WAIT_REPORT)
		return -ECHILD;
	if (d->ev_kind != UM_EV_TRAP || d->ev_sig != SIGILL ||
	    d->regs[UM_REG_IP] != host_stub_addr(um_stub_init_trap))
		return -EPROTO;
	return 0;
}

/* The process broke the protocol: it goes, with its mappings. */
static int stub_broken(struct um_host_mm *hm, int err)
{
	kill(hm->pid, SIGKILL);
	return err;
}

static int seccomp_run_ops(struct um_host_mm *hm, const struct um_stub_op *ops,
			   int nr, int *failed)
{
	struct um_stub_data *d = hm->data;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { (void *)ops, nr * sizeof(*ops) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	int fd = host_physmem_fd(), status, queued;
	ssize_t n;

	if (hm->pid <= 0)
		return -ESRCH;
	if (nr > (int)UM_STUB_MAX_OPS)
		return -E2BIG;
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	do
		n = sendmsg(hm->ctl_fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)iov.iov_len)
		return stub_broken(hm, n < 0 ? -errno : -EIO);
	command(d, UM_CMD_RUN_OPS);
	if (wait_report(hm, 0, &status) != WAIT_REPORT)
		return -ECHILD;
	if (ioctl(hm->ctl_fd, SIOCOUTQ, &queued) || queued ||
	    d->ev_kind != UM_EV_OPS_DONE)
		return stub_broken(hm, -EPROTO);
	return 0;
}

static unsigned long seccomp_read_dr6(struct um_host_mm *hm);

static int seccomp_user_run(struct um_host_mm *hm, unsigned long *gregs,
			    int single_step, struct um_user_event *ev)
{
	struct um_stub_data *d = hm->data;
	int status, i, sig;

	if (hm->pid <= 0)
		return -ESRCH;
	memcpy(d->regs, gregs, sizeof(d->regs));
	if (single_step)
		d->regs[UM_REG_FLAGS] |= 0x100;		/* TF */
	command(d, UM_CMD_RESUME);
	if (wait_report(hm, 1, &status) == WAIT_DIED) {
		ev->stop = UM_STOP_DIED;
		ev->sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
		return 0;
	}
	/* Guest data from here on: read each field once. */
	for (i = 0; i < UM_NR_GREGS; i++)
		gregs[i] = __atomic_load_n(&d->regs[i], __ATOMIC_RELAXED);
	if (single_step)
		gregs[UM_REG_FLAGS] &= ~0x100UL;
	sig = __atomic_load_n(&d->ev_sig, __ATOMIC_RELAXED);
	ev->sig = sig;
	ev->code = __atomic_load_n(&d->ev_code, __ATOMIC_RELAXED);
	ev->addr = __atomic_load_n(&d->ev_addr, __ATOMIC_RELAXED);
	ev->trapno = __atomic_load_n(&d->ev_trapno, __ATOMIC_RELAXED);
	ev->err = __atomic_load_n(&d->ev_err, __ATOMIC_RELAXED) & 0xffff;
	ev->dr6 = 0;
	if (__atomic_load_n(&d->ev_kind, __ATOMIC_RELAXED) != UM_EV_TRAP) {
		ev->stop = UM_STOP_INTERRUPT;
		return 0;
	}
	switch (sig) {
	case SIGSYS:
		ev->stop = ev->code == 1 /* SYS_SECCOMP */ ? UM_STOP_SYSCALL :
							      UM_STOP_SIGNAL;
		break;
	case SIGSEGV:
	case SIGBUS:
	case SIGILL:
	case SIGFPE:
		ev->stop = UM_STOP_SIGNAL;
		break;
	case SIGTRAP:
		ev->stop = UM_STOP_SIGNAL;
		/* Which breakpoint: the one at the address, as DR6 would say. */
		ev->dr6 = 0xffff0ff0UL;
		if (ev->code == TRAP_TRACE || single_step)
			ev->dr6 |= 0x4000;
		if (ev->code == TRAP_HWBKPT)
			ev->dr6 = seccomp_read_dr6(hm);
		break;
	default:
		/* Not the guest's doing: the guest only ever gets our signals. */
		ev->stop = UM_STOP_INTERRUPT;
		break;
	}
	return 0;
}

static int seccomp_fpstate_get(struct um_host_mm *hm, void *buf,
			       unsigned int size)
{
	if (size > sizeof(hm->data->fpstate))
		return -EINVAL;
	memcpy(buf, hm->data->fpstate, size);
	return 0;
}

static int seccomp_fpstate_set(struct um_host_mm *hm, const void *buf,
			       unsigned int size)
{
	if (size > sizeof(hm->data->fpstate))
		return -EINVAL;
	memcpy(hm->data->fpstate, buf, size);
	return 0;
}

/*
 * Debug registers are only reachable through ptrace: attach for the
 * moment it takes.  The stub is waiting for us, so the stop is brief.
 */
static int ptrace_hold(int pid)
{
	int status;

	if (ptrace(PTRACE_SEIZE, pid, 0, 0))
		return -errno;
	if (ptrace(PTRACE_INTERRUPT, pid, 0, 0))
		goto fail;
	while (waitpid(pid, &status, __WALL) < 0)
		if (errno != EINTR)
			goto fail;
	return 0;
fail:
	ptrace(PTRACE_DETACH, pid, 0, 0);
	return -EIO;
}

static int seccomp_debugregs_set(struct um_host_mm *hm,
				 const unsigned long *addr, unsigned long dr7)
{
	int err = ptrace_hold(hm->pid);

	if (err)
		return err;
	err = host_ptrace_set_debugregs(hm->pid, addr, dr7);
	ptrace(PTRACE_DETACH, hm->pid, 0, 0);
	return err;
}

/* Which breakpoint fired: the host's DR6, as ptrace shows it. */
static unsigned long seccomp_read_dr6(struct um_host_mm *hm)
{
	unsigned long dr6;

	if (ptrace_hold(hm->pid))
		return 0xffff0ff0UL;
	errno = 0;
	dr6 = ptrace(PTRACE_PEEKUSER, hm->pid,
		     offsetof(struct user, u_debugreg) + 6 * sizeof(long), 0);
	if (errno)
		dr6 = 0xffff0ff0UL;
	ptrace(PTRACE_DETACH, hm->pid, 0, 0);
	return dr6;
}

const struct host_backend host_backend_seccomp = {
	.name		= "seccomp",
	.eager_sync	= 1,
	.needs_socket	= 1,
	.child_finish	= seccomp_child_finish,
	.adopt		= seccomp_adopt,
	.run_ops	= seccomp_run_ops,
	.user_run	= seccomp_user_run,
	.fpstate_get	= seccomp_fpstate_get,
	.fpstate_set	= seccomp_fpstate_set,
	.debugregs_set	= seccomp_debugregs_set,
};
