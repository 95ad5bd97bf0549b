/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __ASM_UM_PTRACE_H
#define __ASM_UM_PTRACE_H

#include <um_regs.h>
#include <asm/ptrace-abi.h>

#ifndef __ASSEMBLY__

/*
 * A guest thread's user state: its general registers in host
 * user_regs_struct order, and whether they stopped at a system call.
 * Interrupts that come while the kernel itself runs see a pt_regs with
 * kernel_mode set (irq.c), so that ticks are accounted to the kernel.
 */
struct pt_regs {
	unsigned long gp[UM_NR_GREGS];
	int in_syscall;		/* stopped on syscall entry */
	int kernel_mode;	/* only in the interrupt regs of kernel time */
};

#define PT_REG(regs, r)		((regs)->gp[UM_REG_##r])

#define user_mode(regs)			(!(regs)->kernel_mode)
#define instruction_pointer(regs)	PT_REG(regs, IP)
#define user_stack_pointer(regs)	PT_REG(regs, SP)
#define profile_pc(regs)		instruction_pointer(regs)
#define regs_return_value(regs)		PT_REG(regs, AX)
#define current_pt_regs()		(&current->thread.regs)
#define task_pt_regs(t)			(&(t)->thread.regs)

static inline void instruction_pointer_set(struct pt_regs *regs,
					   unsigned long val)
{
	PT_REG(regs, IP) = val;
}

static inline long regs_syscall_nr(struct pt_regs *regs)
{
	return PT_REG(regs, ORIG_AX);
}

struct task_struct;
extern long arch_ptrace(struct task_struct *child, long request,
			unsigned long addr, unsigned long data);

#define arch_has_single_step()	(1)

#endif /* !__ASSEMBLY__ */
#endif
