/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces of the um kernel side. */
#ifndef __UM_KERNEL_UM_H
#define __UM_KERNEL_UM_H

#include <linux/types.h>
#include <asm/page.h>

struct pt_regs;
struct mm_struct;
struct task_struct;

/* switch.S */
void um_run_on_stack(unsigned long sp, void (*fn)(void)) __noreturn;
void um_switch_stack(unsigned long *save_sp, unsigned long next_sp);
void um_task_trampoline(void);
void um_task_start(void);

/* setup, memory */
void um_console_early_init(void);
void um_mem_setup(unsigned long size);
void um_cpu_features_init(void);
void paging_init(void);

/* faults and user memory */
extern struct pt_regs um_kernel_regs;
int um_fault_in(unsigned long addr, bool write, bool exec, int *code);
pte_t *um_user_pte(struct mm_struct *mm, unsigned long addr);

/* user mode */
extern int um_user_running;
void um_user_loop(void) __noreturn;
int um_copy_fpstate(struct task_struct *dst, struct task_struct *src);
void um_reset_fpstate(struct task_struct *tsk);
void um_fpstate_save(struct task_struct *tsk);
void um_fpstate_changed(struct task_struct *tsk);
void um_fpstate_export(struct task_struct *tsk);
void um_fpstate_import(struct task_struct *tsk);
unsigned int um_fpstate_bytes(void);
void um_do_signal(struct pt_regs *regs);
struct thread_struct;
unsigned long um_dr7_active(struct thread_struct *t);
void um_dr_reset(struct task_struct *tsk);

/* time.c, vdso.c */
extern u64 um_mono_offset;

/* system calls with x86_64-specific entry points */
long um_sys_mmap(unsigned long addr, unsigned long len, unsigned long prot,
		 unsigned long flags, unsigned long fd, unsigned long off);
long um_sys_arch_prctl(int code, unsigned long arg);
long um_sys_rt_sigreturn(void);

/* Segment selectors and flags of a fresh x86_64 user thread. */
#define UM_USER_CS	0x33
#define UM_USER_SS	0x2b
#define UM_USER_FLAGS	0x202

#endif
