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
 * all.
 *
 * The debug registers are checked as x86 checks them: DR0-3 must be user
 * addresses, aligned to the length their DR7 bits give them; DR7's R/W
 * and LEN bits must describe a breakpoint x86 can set (no I/O breakpoints,
 * an instruction breakpoint is one byte long) for every slot in use; its
 * reserved bits are ignored, but read back as written.  DR4 and DR5 do
 * not exist.  The host's own debug registers of the guest's host process
 * get the enabled breakpoints (see um_dr_load()), so they do fire.
 */
#define UM_USER_DEBUGREG	848
#define UM_USER_SIZE		912
#define UM_DR6_FLIP		0xffff0ff0UL	/* x86's DR6_RESERVED */
#define UM_DR7_RESERVED		0xffffffff0000fc00UL
#define UM_DR_CONF_W_LEN1	0x1		/* R/W 01 (write), LEN 00 */

/* A breakpoint in slot n as conf (DR7 >> 16) describes it: its length. */
static int um_dr_len(unsigned int conf, int n)
{
	unsigned int rw = (conf >> (4 * n)) & 3;
	unsigned int len = (conf >> (4 * n + 2)) & 3;
	static const int bytes[4] = { 1, 2, 8, 4 };

	if (rw == 2)		/* I/O port breakpoints */
		return -EINVAL;
	if (rw == 0)		/* instruction: LEN must be 00 */
		return len ? -EINVAL : 1;
	return bytes[len];
}

static int um_dr_check(unsigned long addr, unsigned int conf, int n)
{
	int len = um_dr_len(conf, n);

	if (len < 0)
		return len;
	if (addr & (len - 1))
		return -EINVAL;
	if (addr >= TASK_SIZE || addr + len - 1 >= TASK_SIZE)
		return -EINVAL;
	return 0;
}

static int um_dr_set_addr(struct thread_struct *t, int n, unsigned long addr)
{
	unsigned int conf = t->dr_conf;
	int err;

	/* A new breakpoint starts as a disabled one-byte write watchpoint. */
	if (!(t->dr_used & (1 << n))) {
		conf &= ~(0xfU << (4 * n));
		conf |= UM_DR_CONF_W_LEN1 << (4 * n);
	}
	err = um_dr_check(addr, conf, n);
	if (err)
		return err;
	t->debugreg[n] = addr;
	t->dr_conf = conf;
	t->dr_used |= 1 << n;
	t->dr_dirty = 1;
	return 0;
}

static int um_dr_set_dr7(struct thread_struct *t, unsigned long val)
{
	unsigned long dr7 = val & ~UM_DR7_RESERVED;
	unsigned int conf = dr7 >> 16, used = t->dr_used;
	int n, err;

	for (n = 0; n < 4; n++) {
		if (!((dr7 >> (2 * n)) & 3) && !(used & (1 << n)))
			continue;
		err = um_dr_check(t->debugreg[n], conf, n);
		if (err)
			return err;
		used |= 1 << n;
	}
	t->dr7 = val;
	t->dr_conf = conf;
	t->dr_used = used;
	t->dr_dirty = 1;
	return 0;
}

/* The enabled breakpoints of t, as the host's DR7 must hold them. */
unsigned long um_dr7_active(struct thread_struct *t)
{
	unsigned long dr7 = 0;
	int n;

	for (n = 0; n < 4; n++) {
		unsigned long en = (t->dr7 >> (2 * n)) & 3;

		if (!en || !(t->dr_used & (1 << n)))
			continue;
		dr7 |= en << (2 * n);
		dr7 |= (unsigned long)((t->dr_conf >> (4 * n)) & 0xf) << (16 + 4 * n);
	}
	return dr7;
}

static unsigned long um_dr_get(struct thread_struct *t, int n)
{
	if (n < 4)
		return t->debugreg[n];
	if (n == 6)
		return t->dr6 ^ UM_DR6_FLIP;
	if (n == 7)
		return t->dr7;
	return 0;
}

static int um_dr_set(struct thread_struct *t, int n, unsigned long val)
{
	if (n < 4)
		return um_dr_set_addr(t, n, val);
	if (n == 6) {
		t->dr6 = val ^ UM_DR6_FLIP;
		return 0;
	}
	if (n == 7)
		return um_dr_set_dr7(t, val);
	return -EIO;
}

static int um_peekusr(struct task_struct *child, unsigned long addr,
		      unsigned long __user *data)
{
	unsigned long val = 0;

	if ((addr & (sizeof(long) - 1)) || addr >= UM_USER_SIZE)
		return -EIO;
	if (addr < sizeof(child->thread.regs.gp))
		val = child->thread.regs.gp[addr / sizeof(long)];
	else if (addr >= UM_USER_DEBUGREG &&
		 addr < UM_USER_DEBUGREG + 8 * sizeof(long))
		val = um_dr_get(&child->thread,
				(addr - UM_USER_DEBUGREG) / sizeof(long));
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
		return um_dr_set(&child->thread,
				 (addr - UM_USER_DEBUGREG) / sizeof(long), data);
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
