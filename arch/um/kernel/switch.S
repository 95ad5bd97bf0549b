/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel stacks.  A task's kernel context is its stack pointer: the
 * callee-saved registers live on the stack itself while it is switched
 * out, so switching is push, swap stack pointers, pop, return.
 */
#include <linux/linkage.h>

	.text

/* void um_switch_stack(unsigned long *save_sp, unsigned long next_sp) */
SYM_FUNC_START(um_switch_stack)
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
SYM_FUNC_END(um_switch_stack)

/*
 * Where a new task's first switch returns to: the frame copy_thread()
 * builds pops six zeroed registers, then "returns" here.
 */
SYM_FUNC_START(um_task_trampoline)
	andq	$-16, %rsp
	call	um_task_start
	ud2
SYM_FUNC_END(um_task_trampoline)

/* void um_run_on_stack(unsigned long sp, void (*fn)(void)): no return */
SYM_FUNC_START(um_run_on_stack)
	movq	%rdi, %rsp
	andq	$-16, %rsp
	xorl	%ebp, %ebp
	call	*%rsi
	ud2
SYM_FUNC_END(um_run_on_stack)
