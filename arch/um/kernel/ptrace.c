// SPDX-License-Identifier: GPL-2.0
/* ptrace of guest processes by guest processes. */
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/regset.h>
#include <linux/elf.h>
#include <asm/ptrace.h>

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

enum um_regset { REGSET_GPR };

static const struct user_regset um_regsets[] = {
	[REGSET_GPR] = {
		.core_note_type	= NT_PRSTATUS,
		.n		= UM_NR_GREGS,
		.size		= sizeof(unsigned long),
		.align		= sizeof(unsigned long),
		.regset_get	= um_gpr_get,
		.set		= um_gpr_set,
	},
};

static const struct user_regset_view um_regset_view = {
	.name		= "x86_64",
	.e_machine	= EM_X86_64,
	.regsets	= um_regsets,
	.n		= ARRAY_SIZE(um_regsets),
};

const struct user_regset_view *task_user_regset_view(struct task_struct *t)
{
	return &um_regset_view;
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
	default:
		return ptrace_request(child, request, addr, data);
	}
}
