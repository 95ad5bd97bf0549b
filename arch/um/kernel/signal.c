// SPDX-License-Identifier: GPL-2.0
/*
 * Delivering signals to guest code: x86_64 rt signal frames, built on
 * the guest's stack exactly as an x86_64 Linux kernel builds them, so
 * that unmodified C libraries and debuggers understand them.
 */
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/signal.h>
#include <linux/ptrace.h>
#include <linux/uaccess.h>
#include <linux/syscalls.h>
#include <linux/resume_user_mode.h>
#include <asm/ucontext.h>
#include <asm/sigcontext.h>
#include <asm/unistd.h>
#include "um.h"

struct rt_sigframe {
	char __user *pretcode;	/* the handler returns here */
	struct ucontext uc;
	struct siginfo info;
	/* the XSAVE image follows, 64-byte aligned */
};

/* Flags a guest may change through sigreturn: the arithmetic ones, DF, TF, AC. */
#define UM_USER_FLAGS_MASK	0x0000000000050dd5UL

/* The most a signal frame takes: AT_MINSIGSTKSZ. */
unsigned long um_sigframe_size(void)
{
	return round_up(sizeof(struct rt_sigframe) + 8 + 64 +
			um_fpstate_bytes() + FP_XSTATE_MAGIC2_SIZE, 16);
}

static int um_save_fpstate(void __user *buf)
{
	struct task_struct *tsk = current;
	unsigned int size = um_fpstate_bytes();

	um_fpstate_export(tsk);
	if (copy_to_user(buf, tsk->thread.fpstate, size))
		return -EFAULT;
	return put_user(FP_XSTATE_MAGIC2, (u32 __user *)(buf + size));
}

static int um_restore_fpstate(void __user *buf)
{
	struct task_struct *tsk = current;

	if (!buf) {
		tsk->thread.fpstate_valid = 0;
		um_fpstate_changed(tsk);
		return 0;
	}
	if (copy_from_user(tsk->thread.fpstate, buf, um_fpstate_bytes()))
		return -EFAULT;
	um_fpstate_import(tsk);
	return 0;
}

static int um_setup_sigcontext(struct sigcontext __user *sc, void __user *fp,
			       struct pt_regs *regs, unsigned long mask)
{
	struct sigcontext c = {
		.r8 = PT_REG(regs, R8),	.r9 = PT_REG(regs, R9),
		.r10 = PT_REG(regs, R10), .r11 = PT_REG(regs, R11),
		.r12 = PT_REG(regs, R12), .r13 = PT_REG(regs, R13),
		.r14 = PT_REG(regs, R14), .r15 = PT_REG(regs, R15),
		.di = PT_REG(regs, DI),	.si = PT_REG(regs, SI),
		.bp = PT_REG(regs, BP),	.bx = PT_REG(regs, BX),
		.dx = PT_REG(regs, DX),	.ax = PT_REG(regs, AX),
		.cx = PT_REG(regs, CX),	.sp = PT_REG(regs, SP),
		.ip = PT_REG(regs, IP),	.flags = PT_REG(regs, FLAGS),
		.cs = PT_REG(regs, CS),	.ss = PT_REG(regs, SS),
		.err = current->thread.error_code,
		.trapno = current->thread.trap_no,
		.oldmask = mask,
		.cr2 = current->thread.fault_addr,
		.fpstate = (unsigned long)fp,
	};

	return copy_to_user(sc, &c, sizeof(c)) ? -EFAULT : 0;
}

static int um_setup_rt_frame(struct ksignal *ksig, sigset_t *set,
			     struct pt_regs *regs)
{
	unsigned long sp = PT_REG(regs, SP) - 128;	/* the red zone */
	unsigned int fpsize = um_fpstate_bytes() + FP_XSTATE_MAGIC2_SIZE;
	struct rt_sigframe __user *frame;
	void __user *fp;
	int err = 0;
	/* Already on the alternate stack, or about to switch to it? */
	bool on_altstack = on_sig_stack(PT_REG(regs, SP)) ||
			   ((ksig->ka.sa.sa_flags & SA_ONSTACK) &&
			    sas_ss_flags(sp) == 0);

	sp = sigsp(sp, ksig);
	sp = round_down(sp - fpsize, 64);
	fp = (void __user *)sp;
	sp -= sizeof(*frame);
	/* At the handler's entry, (rsp + 8) is 16-byte aligned. */
	sp = round_down(sp, 16) - 8;
	frame = (struct rt_sigframe __user *)sp;
	/* A frame that overflows the alternate stack is not written below it. */
	if (on_altstack && !__on_sig_stack(sp))
		return -EFAULT;

	if (!(ksig->ka.sa.sa_flags & SA_RESTORER))
		return -EFAULT;	/* x86_64 has no default restorer */
	if (!access_ok(frame, sizeof(*frame)))
		return -EFAULT;

	err |= um_save_fpstate(fp);
	err |= put_user((char __user *)ksig->ka.sa.sa_restorer, &frame->pretcode);
	err |= put_user(UC_FP_XSTATE | UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS,
			&frame->uc.uc_flags);
	err |= put_user(NULL, &frame->uc.uc_link);
	err |= __save_altstack(&frame->uc.uc_stack, PT_REG(regs, SP));
	err |= um_setup_sigcontext(&frame->uc.uc_mcontext, fp, regs,
				   set->sig[0]);
	err |= copy_to_user(&frame->uc.uc_sigmask, set, sizeof(*set));
	if (ksig->ka.sa.sa_flags & SA_SIGINFO)
		err |= copy_siginfo_to_user(&frame->info, &ksig->info);
	if (err)
		return -EFAULT;

	PT_REG(regs, DI) = ksig->sig;
	PT_REG(regs, SI) = (unsigned long)&frame->info;
	PT_REG(regs, DX) = (unsigned long)&frame->uc;
	PT_REG(regs, AX) = 0;
	PT_REG(regs, SP) = sp;
	PT_REG(regs, IP) = (unsigned long)ksig->ka.sa.sa_handler;
	PT_REG(regs, CS) = UM_USER_CS;
	PT_REG(regs, SS) = UM_USER_SS;
	/* Handlers start with DF and TF clear. */
	PT_REG(regs, FLAGS) &= ~0x500UL;
	/* A fresh FPU state for the handler, as x86 Linux gives it. */
	current->thread.fpstate_valid = 0;
	um_fpstate_changed(current);
	return 0;
}

long um_sys_rt_sigreturn(void)
{
	struct pt_regs *regs = current_pt_regs();
	struct rt_sigframe __user *frame =
		(struct rt_sigframe __user *)(PT_REG(regs, SP) - 8);
	struct sigcontext c;
	sigset_t set;

	current->restart_block.fn = do_no_restart_syscall;
	if (copy_from_user(&set, &frame->uc.uc_sigmask, sizeof(set)) ||
	    copy_from_user(&c, &frame->uc.uc_mcontext, sizeof(c)))
		goto badframe;
	set_current_blocked(&set);

	PT_REG(regs, R8) = c.r8;	PT_REG(regs, R9) = c.r9;
	PT_REG(regs, R10) = c.r10;	PT_REG(regs, R11) = c.r11;
	PT_REG(regs, R12) = c.r12;	PT_REG(regs, R13) = c.r13;
	PT_REG(regs, R14) = c.r14;	PT_REG(regs, R15) = c.r15;
	PT_REG(regs, DI) = c.di;	PT_REG(regs, SI) = c.si;
	PT_REG(regs, BP) = c.bp;	PT_REG(regs, BX) = c.bx;
	PT_REG(regs, DX) = c.dx;	PT_REG(regs, AX) = c.ax;
	PT_REG(regs, CX) = c.cx;	PT_REG(regs, SP) = c.sp;
	PT_REG(regs, IP) = c.ip;
	PT_REG(regs, FLAGS) = (PT_REG(regs, FLAGS) & ~UM_USER_FLAGS_MASK) |
			      (c.flags & UM_USER_FLAGS_MASK);
	PT_REG(regs, CS) = UM_USER_CS;
	PT_REG(regs, SS) = UM_USER_SS;
	/* Not a system call any more: no restart of what the frame holds. */
	regs->in_syscall = 0;
	PT_REG(regs, ORIG_AX) = -1;

	if (um_restore_fpstate((void __user *)c.fpstate))
		goto badframe;
	if (restore_altstack(&frame->uc.uc_stack))
		goto badframe;
	return PT_REG(regs, AX);

badframe:
	force_sig(SIGSEGV);
	return 0;
}

/* Undo a system call's interruption so it runs again, or fails EINTR. */
static void um_syscall_restart(struct pt_regs *regs, struct k_sigaction *ka)
{
	long ret = PT_REG(regs, AX);

	if (!regs->in_syscall)
		return;
	switch (ret) {
	case -ERESTART_RESTARTBLOCK:
	case -ERESTARTNOHAND:
		if (ka) {
			PT_REG(regs, AX) = -EINTR;
			break;
		}
		if (ret == -ERESTART_RESTARTBLOCK) {
			PT_REG(regs, AX) = __NR_restart_syscall;
			PT_REG(regs, IP) -= 2;
			break;
		}
		fallthrough;
	case -ERESTARTNOINTR:
		PT_REG(regs, AX) = PT_REG(regs, ORIG_AX);
		PT_REG(regs, IP) -= 2;	/* back onto the syscall instruction */
		break;
	case -ERESTARTSYS:
		if (ka && !(ka->sa.sa_flags & SA_RESTART)) {
			PT_REG(regs, AX) = -EINTR;
			break;
		}
		PT_REG(regs, AX) = PT_REG(regs, ORIG_AX);
		PT_REG(regs, IP) -= 2;
		break;
	}
	regs->in_syscall = 0;
}

void um_do_signal(struct pt_regs *regs)
{
	struct ksignal ksig;

	if (get_signal(&ksig)) {
		sigset_t *oldset = sigmask_to_save();
		int failed;

		um_syscall_restart(regs, &ksig.ka);
		/* A restartable sequence the signal interrupts is aborted. */
		rseq_signal_deliver(&ksig, regs);
		failed = um_setup_rt_frame(&ksig, oldset, regs);
		signal_setup_done(failed, &ksig,
				  test_thread_flag(TIF_SINGLESTEP));
		return;
	}
	um_syscall_restart(regs, NULL);
	restore_saved_sigmask();
}
