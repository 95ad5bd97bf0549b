/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __ASM_UM_PROCESSOR_H
#define __ASM_UM_PROCESSOR_H

#include <asm/ptrace.h>
#include <asm/page.h>
#include <um_layout.h>

#define TASK_SIZE		UM_TASK_SIZE
#define TASK_SIZE_MAX		TASK_SIZE
#define TASK_SIZE_OF(tsk)	TASK_SIZE
#define STACK_TOP		TASK_SIZE
#define STACK_TOP_MAX		STACK_TOP
#define TASK_UNMAPPED_BASE	PAGE_ALIGN(TASK_SIZE / 3)

#ifndef __ASSEMBLY__

#include <linux/types.h>

/*
 * Per-task machine state.  The kernel context of a task is its kernel
 * stack pointer (everything else is pushed on that stack by the switch);
 * the user context is regs plus the FPU image fetched from the host.
 */
struct thread_struct {
	struct pt_regs regs;
	unsigned long ksp;		/* saved kernel stack pointer */
	int (*kthread_fn)(void *);	/* kernel threads: what to run */
	void *kthread_arg;
	unsigned long trap_no;		/* last fault, for the guest's siginfo */
	unsigned long error_code;	/* its x86 error code (page faults) */
	unsigned long fault_addr;
	int single_step;
	int tsc_sigsegv;		/* prctl PR_SET_TSC: rdtsc faults */
	/*
	 * Debug registers as ptrace sees them (PEEKUSER/POKEUSER of
	 * u_debugreg): DR0-3, DR6 (set by the traps, x86 polarity flipped
	 * like x86's virtual_dr6) and DR7 as written.  dr_used: the slots
	 * that hold a breakpoint; dr_conf: their R/W and LEN bits (DR7 bits
	 * 16-31).  dr_dirty: the host process does not have them yet.
	 */
	unsigned long debugreg[4];
	unsigned long dr6;
	unsigned long dr7;
	unsigned int dr_used;
	unsigned int dr_conf;
	int dr_dirty;
	int fpstate_valid;		/* fpstate holds this task's registers */
	unsigned char fpstate[UM_FPSTATE_SIZE] __aligned(64);
};

#define INIT_THREAD { }

static inline void cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

struct task_struct;

void start_thread(struct pt_regs *regs, unsigned long ip, unsigned long sp);
unsigned long __get_wchan(struct task_struct *p);

/* prctl(PR_GET_TSC/PR_SET_TSC), as on x86. */
int um_get_tsc_mode(unsigned long adr);
int um_set_tsc_mode(unsigned int val);
#define GET_TSC_CTL(adr)	um_get_tsc_mode(adr)
#define SET_TSC_CTL(val)	um_set_tsc_mode(val)

#define KSTK_EIP(tsk)	(PT_REG(task_pt_regs(tsk), IP))
#define KSTK_ESP(tsk)	(PT_REG(task_pt_regs(tsk), SP))


#endif /* !__ASSEMBLY__ */
#endif
