/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel stacks.  A task's kernel context is its stack pointer: the
 * callee-saved registers live on the stack itself while it is switched
 * out, so switching is push, swap stack pointers, pop, return.
 *
 * The .cfi directives describe these frames to debuggers (gdb's `bt`),
 * in .debug_frame beside what the compiler emits for C code with debug
 * info.  They cost nothing at run time.
 */
#include <linux/linkage.h>

	.cfi_sections .debug_frame
	.text

/*
 * void um_switch_stack(unsigned long *save_sp, unsigned long next_sp)
 *
 * Both stacks hold the same frame, so the rules stay true across the
 * swap: before it they describe prev's stack, after it next's.
 */
SYM_FUNC_START(um_switch_stack)
	.cfi_startproc
	pushq	%rbp
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %rbp, 0
	pushq	%rbx
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %rbx, 0
	pushq	%r12
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %r12, 0
	pushq	%r13
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %r13, 0
	pushq	%r14
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %r14, 0
	pushq	%r15
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %r15, 0
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	popq	%r15
	.cfi_adjust_cfa_offset -8
	.cfi_restore %r15
	popq	%r14
	.cfi_adjust_cfa_offset -8
	.cfi_restore %r14
	popq	%r13
	.cfi_adjust_cfa_offset -8
	.cfi_restore %r13
	popq	%r12
	.cfi_adjust_cfa_offset -8
	.cfi_restore %r12
	popq	%rbx
	.cfi_adjust_cfa_offset -8
	.cfi_restore %rbx
	popq	%rbp
	.cfi_adjust_cfa_offset -8
	.cfi_restore %rbp
	ret
	.cfi_endproc
SYM_FUNC_END(um_switch_stack)

/*
 * Where a new task's first switch returns to: the frame copy_thread()
 * builds pops six zeroed registers, then "returns" here.  Nothing calls
 * it, so it is the outermost frame of every task's kernel stack: an
 * undefined return address tells the unwinder to stop here.
 */
SYM_FUNC_START(um_task_trampoline)
	.cfi_startproc
	.cfi_undefined %rip
	andq	$-16, %rsp
	call	um_task_start
	ud2
	.cfi_endproc
SYM_FUNC_END(um_task_trampoline)

/*
 * void um_run_on_stack(unsigned long sp, void (*fn)(void)): no return
 *
 * The caller's stack pointer and frame pointer are kept at the base of
 * the new stack, so a backtrace from fn continues on the caller's stack
 * (down to main()).  The return address is where the caller's stack
 * pointer points, the CFA is 8 above it.
 */
SYM_FUNC_START(um_run_on_stack)
	.cfi_startproc
	movq	%rsp, %rax
	.cfi_def_cfa_register %rax
	movq	%rdi, %rsp
	andq	$-16, %rsp
	pushq	%rax
	pushq	%rbp
	/* DW_CFA_def_cfa_expression: CFA = *(rsp + 8) + 8 */
	.cfi_escape 0x0f, 0x05, 0x77, 0x08, 0x06, 0x23, 0x08
	/* DW_CFA_expression: rbp is saved at rsp + 0 */
	.cfi_escape 0x10, 0x06, 0x02, 0x77, 0x00
	xorl	%ebp, %ebp
	call	*%rsi
	ud2
	.cfi_endproc
SYM_FUNC_END(um_run_on_stack)
