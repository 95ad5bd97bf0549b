/* SPDX-License-Identifier: GPL-2.0 */
/* Guest system calls use the x86_64 convention. */
#ifndef __ASM_UM_SYSCALL_H
#define __ASM_UM_SYSCALL_H

#include <uapi/linux/audit.h>
#include <linux/sched.h>
#include <linux/err.h>
#include <asm/ptrace.h>

typedef long (*syscall_fn_t)(unsigned long, unsigned long, unsigned long,
			     unsigned long, unsigned long, unsigned long);
extern const syscall_fn_t sys_call_table[];

static inline int syscall_get_nr(struct task_struct *task,
				 struct pt_regs *regs)
{
	return regs->in_syscall ? PT_REG(regs, ORIG_AX) : -1;
}

static inline void syscall_rollback(struct task_struct *task,
				    struct pt_regs *regs)
{
	PT_REG(regs, AX) = PT_REG(regs, ORIG_AX);
}

static inline long syscall_get_error(struct task_struct *task,
				     struct pt_regs *regs)
{
	long error = PT_REG(regs, AX);

	return IS_ERR_VALUE(error) ? error : 0;
}

static inline long syscall_get_return_value(struct task_struct *task,
					    struct pt_regs *regs)
{
	return PT_REG(regs, AX);
}

static inline void syscall_set_return_value(struct task_struct *task,
					    struct pt_regs *regs,
					    int error, long val)
{
	PT_REG(regs, AX) = error ? (long)error : val;
}

static inline void syscall_get_arguments(struct task_struct *task,
					 struct pt_regs *regs,
					 unsigned long *args)
{
	args[0] = PT_REG(regs, DI);
	args[1] = PT_REG(regs, SI);
	args[2] = PT_REG(regs, DX);
	args[3] = PT_REG(regs, R10);
	args[4] = PT_REG(regs, R8);
	args[5] = PT_REG(regs, R9);
}

static inline int syscall_get_arch(struct task_struct *task)
{
	return AUDIT_ARCH_X86_64;
}

#endif
