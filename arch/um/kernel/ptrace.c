// SPDX-License-Identifier: GPL-2.0
/* ptrace of guest processes by guest processes. */
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/regset.h>
#include <linux/elf.h>
#include <asm/ptrace.h>
#include "um.h"

void ptrace_disable(struct task_struct *child)
{
	user_disable_single_step(child);
}

void user_enable_single_step(struct task_struct *child)
{
	child->thread.single_step = 1;
	set_tsk_thread_flag(child, TIF_SINGLESTEP);
}

void user_disable_single_step(struct task_struct *child)
{
	child->thread.single_step = 0;
	clear_tsk_thread_flag(child, TIF_SINGLESTEP);
}

static int um_gpr_get(struct task_struct *target,
		      const struct user_regset *regset, struct membuf to)
{
	return membuf_write(&to, task_pt_regs(target)->gp,
			    sizeof(task_pt_regs(target)->gp));
}

static int um_gpr_set(struct task_struct *target,
		      const struct user_regset *regset, unsigned int pos,
		      unsigned int count, const void *kbuf,
		      const void __user *ubuf)
{
	struct pt_regs *regs = task_pt_regs(target);
	unsigned long gp[UM_NR_GREGS];
	int ret;

	memcpy(gp, regs->gp, sizeof(gp));
	ret = user_regset_copyin(&pos, &count, &kbuf, &ubuf, gp, 0, sizeof(gp));
	if (ret)
		return ret;
	/* The guest may not change its code or stack segment. */
	gp[UM_REG_CS] = regs->gp[UM_REG_CS];
	gp[UM_REG_SS] = regs->gp[UM_REG_SS];
	memcpy(regs->gp, gp, sizeof(gp));
	return 0;
}

/*
 * The FPU registers: the FXSAVE layout (user_i387_struct) is the head of
 * the XSAVE image, so both views are windows on thread.fpstate.
 */
static int um_fp_get(struct task_struct *target,
		     const struct user_regset *regset, struct membuf to)
{
	um_fpstate_export(target);
	return membuf_write(&to, target->thread.fpstate,
			    regset->n * regset->size);
}

static int um_fp_set(struct task_struct *target,
		     const struct user_regset *regset, unsigned int pos,
		     unsigned int count, const void *kbuf,
		     const void __user *ubuf)
{
	int ret;

	um_fpstate_export(target);
	ret = user_regset_copyin(&pos, &count, &kbuf, &ubuf,
				 target->thread.fpstate, 0,
				 regset->n * regset->size);
	um_fpstate_import(target);
	return ret;
}


enum um_regset { REGSET_GPR, REGSET_FP, REGSET_XSTATE };

static struct user_regset um_regsets[] __ro_after_init = {
	[REGSET_GPR] = {
		.core_note_type	= NT_PRSTATUS,
		.n		= UM_NR_GREGS,
		.size		= sizeof(unsigned long),
		.align		= sizeof(unsigned long),
		.regset_get	= um_gpr_get,
		.set		= um_gpr_set,
	},
	[REGSET_FP] = {
		.core_note_type	= NT_PRFPREG,
		.n		= 512 / sizeof(u64),
		.size		= sizeof(u64),
		.align		= sizeof(u64),
		.regset_get	= um_fp_get,
		.set		= um_fp_set,
	},
	[REGSET_XSTATE] = {
		.core_note_type	= NT_X86_XSTATE,
		.n		= UM_FPSTATE_SIZE / sizeof(u64),
		.size		= sizeof(u64),
		.align		= sizeof(u64),
		.regset_get	= um_fp_get,
		.set		= um_fp_set,
	},
};

static const struct user_regset_view um_regset_view = {
	.name		= "x86_64",
	.e_machine	= EM_X86_64,
	.regsets	= um_regsets,
	.n		= ARRAY_SIZE(um_regsets),
};

/* The XSAVE image is as large as the host CPU's features make it. */
static int __init um_ptrace_init(void)
{
	um_regsets[REGSET_XSTATE].n = um_fpstate_bytes() / sizeof(u64);
	return 0;
}
core_initcall(um_ptrace_init);

const struct user_regset_view *task_user_regset_view(struct task_struct *t)
{
	return &um_regset_view;
}

/*
 * PEEKUSER/POKEUSER address a struct user (x86_64 layout): the general
 * registers first, the debug registers u_debugreg[8] at 848, 912 bytes in
 * all.  There are no hardware breakpoints here: the debug registers read
 * as 0 and only 0 may be written (gdb then uses software watchpoints).
 */
#define UM_USER_DEBUGREG	848
#define UM_USER_SIZE		912

static int um_peekusr(struct task_struct *child, unsigned long addr,
		      unsigned long __user *data)
{
	unsigned long val = 0;

	if ((addr & (sizeof(long) - 1)) || addr >= UM_USER_SIZE)
		return -EIO;
	if (addr < sizeof(child->thread.regs.gp))
		val = child->thread.regs.gp[addr / sizeof(long)];
	return put_user(val, data);
}

static int um_pokeusr(struct task_struct *child, unsigned long addr,
		      unsigned long data)
{
	if ((addr & (sizeof(long) - 1)) || addr >= UM_USER_SIZE)
		return -EIO;
	if (addr < sizeof(child->thread.regs.gp))
		return um_gpr_set(child, NULL, addr, sizeof(data), &data, NULL);
	if (addr >= UM_USER_DEBUGREG && addr < UM_USER_DEBUGREG + 8 * sizeof(long))
		return data ? -EIO : 0;
	return 0;
}

long arch_ptrace(struct task_struct *child, long request, unsigned long addr,
		 unsigned long data)
{
	switch (request) {
	case PTRACE_GETREGS:
		return copy_regset_to_user(child, &um_regset_view, REGSET_GPR,
					   0, sizeof(child->thread.regs.gp),
					   (void __user *)data);
	case PTRACE_SETREGS:
		return copy_regset_from_user(child, &um_regset_view, REGSET_GPR,
					     0, sizeof(child->thread.regs.gp),
					     (const void __user *)data);
	case PTRACE_GETFPREGS:
		return copy_regset_to_user(child, &um_regset_view, REGSET_FP,
					   0, 512, (void __user *)data);
	case PTRACE_SETFPREGS:
		return copy_regset_from_user(child, &um_regset_view, REGSET_FP,
					     0, 512, (const void __user *)data);
	case PTRACE_PEEKUSR:
		return um_peekusr(child, addr, (unsigned long __user *)data);
	case PTRACE_POKEUSR:
		return um_pokeusr(child, addr, data);
	default:
		return ptrace_request(child, request, addr, data);
	}
}
