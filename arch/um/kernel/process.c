// SPDX-License-Identifier: GPL-2.0
/*
 * Tasks: kernel stacks, context switches, new threads, idle.
 *
 * Every task runs its kernel part on its own kernel stack in the host
 * process of the kernel.  A task with user context runs its user part
 * in the host process of its mm, driven from um_user_loop() on its
 * kernel stack.
 */
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/sched/debug.h>
#include <linux/sched/idle.h>
#include <linux/ptrace.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/tick.h>
#include <linux/elf.h>
#include <linux/cpu.h>
#include <asm/ptrace.h>
#include <asm/switch_to.h>
#include <host.h>
#include "um.h"

/* The task that ran before the current one: what switch_to() returns. */
static struct task_struct *um_switched_from;

/*
 * The task running on each CPU, for debuggers only: the kernel's gdb
 * helpers (scripts/gdb, $lx_current()) read cpu_tasks[0].task on a UML
 * kernel.  Code in the kernel uses current, which the stack gives.  The
 * helpers cast the pointer to struct task_struct *: from void * that is
 * quick, from a struct pointer typed in another file gdb takes seconds.
 */
struct um_cpu_task {
	void *task;
};
struct um_cpu_task cpu_tasks[NR_CPUS] = { { .task = &init_task } };

struct task_struct *__switch_to(struct task_struct *prev,
				struct task_struct *next)
{
	um_switched_from = prev;
	cpu_tasks[task_cpu(next)].task = next;
	um_switch_stack(&prev->thread.ksp, next->thread.ksp);
	/* We are prev again, resumed by whoever switched to us. */
	return um_switched_from;
}

/* First code a new task runs, on its own stack (see switch.S). */
void um_task_start(void)
{
	struct thread_struct *t = &current->thread;

	schedule_tail(um_switched_from);
	if (t->kthread_fn) {
		int (*fn)(void *) = t->kthread_fn;

		t->kthread_fn = NULL;
		fn(t->kthread_arg);
		/* A kernel thread that returns has exec'd a user program. */
	}
	um_user_loop();
}

/* Frame popped by um_switch_stack(): six registers, then the return. */
struct um_switch_frame {
	unsigned long r15, r14, r13, r12, bx, bp;
	unsigned long ret;
};

int copy_thread(struct task_struct *p, const struct kernel_clone_args *args)
{
	struct thread_struct *t = &p->thread;
	unsigned long top = (unsigned long)task_stack_page(p) + THREAD_SIZE;
	struct um_switch_frame *frame;

	/* Room below the top, so the trampoline can align freely. */
	frame = (struct um_switch_frame *)(top - 64) - 1;
	memset(frame, 0, sizeof(*frame));
	frame->ret = (unsigned long)um_task_trampoline;
	t->ksp = (unsigned long)frame;

	if (args->fn) {
		t->kthread_fn = args->fn;
		t->kthread_arg = args->fn_arg;
		memset(&t->regs, 0, sizeof(t->regs));
		return 0;
	}

	/* A user thread: the parent's registers, returning 0 from clone. */
	t->kthread_fn = NULL;
	t->regs = current->thread.regs;
	t->regs.in_syscall = 0;
	PT_REG(&t->regs, AX) = 0;
	if (args->stack)
		PT_REG(&t->regs, SP) = args->stack;
	if (args->flags & CLONE_SETTLS)
		PT_REG(&t->regs, FS_BASE) = args->tls;
	/* As on x86, DR6 and DR7 read as the parent's, but none is set. */
	um_dr_reset(p);
	return um_copy_fpstate(p, current);
}

void start_thread(struct pt_regs *regs, unsigned long ip, unsigned long sp)
{
	PT_REG(regs, IP) = ip;
	PT_REG(regs, SP) = sp;
	PT_REG(regs, CS) = UM_USER_CS;
	PT_REG(regs, SS) = UM_USER_SS;
	PT_REG(regs, FLAGS) = UM_USER_FLAGS;
	PT_REG(regs, FS_BASE) = 0;
	PT_REG(regs, GS_BASE) = 0;
	regs->in_syscall = 0;
	um_reset_fpstate(current);
}
EXPORT_SYMBOL(start_thread);

void flush_thread(void)
{
	um_reset_fpstate(current);
	um_dr_reset(current);
	current->thread.dr6 = 0;
	current->thread.dr7 = 0;
}

unsigned long __get_wchan(struct task_struct *p)
{
	return 0;
}

void arch_cpu_idle(void)
{
	/* Sleep the host until a signal comes; it unmasks nothing. */
	host_idle_wait();
	raw_local_irq_enable();
}

int arch_dup_task_struct(struct task_struct *dst, struct task_struct *src)
{
	memcpy(dst, src, arch_task_struct_size);
	return 0;
}

void show_regs(struct pt_regs *regs)
{
	show_regs_print_info(KERN_DEFAULT);
	pr_info("RIP: %016lx RSP: %016lx RFLAGS: %08lx\n",
		PT_REG(regs, IP), PT_REG(regs, SP), PT_REG(regs, FLAGS));
	pr_info("RAX: %016lx RBX: %016lx RCX: %016lx\n",
		PT_REG(regs, AX), PT_REG(regs, BX), PT_REG(regs, CX));
	pr_info("RDX: %016lx RSI: %016lx RDI: %016lx\n",
		PT_REG(regs, DX), PT_REG(regs, SI), PT_REG(regs, DI));
	pr_info("RBP: %016lx R8: %016lx R9: %016lx\n",
		PT_REG(regs, BP), PT_REG(regs, R8), PT_REG(regs, R9));
}

void show_stack(struct task_struct *task, unsigned long *sp,
		const char *loglvl)
{
	unsigned long *stack, *top;

	if (!task)
		task = current;
	if (!sp)
		sp = task == current ? (unsigned long *)__builtin_frame_address(0)
				     : (unsigned long *)task->thread.ksp;
	top = (unsigned long *)((unsigned long)task_stack_page(task) + THREAD_SIZE);
	printk("%sCall Trace (raw kernel stack words that look like code):\n",
	       loglvl);
	for (stack = sp; stack < top; stack++) {
		extern char _stext[], _etext[];

		if (*stack >= (unsigned long)_stext &&
		    *stack < (unsigned long)_etext)
			printk("%s [<%016lx>] %pS\n", loglvl, *stack,
			       (void *)*stack);
	}
}
