/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest vDSO's getcpu and the room for its data page; the clocks
 * are in vclock.c.
 */
#include <um_vdso.h>

#define NR_getcpu		309

	.text

/*
 * long getcpu(unsigned int *cpu, unsigned int *node, void *cache)
 * The host's answer would name a host CPU; ours is a system call.
 */
	.globl	__vdso_getcpu
	.type	__vdso_getcpu, @function
__vdso_getcpu:
	.cfi_startproc
	movl	$NR_getcpu, %eax
	syscall
	ret
	.cfi_endproc
	.size	__vdso_getcpu, . - __vdso_getcpu

	.weak	getcpu
	.set	getcpu, __vdso_getcpu

/* Written by the kernel (vdso.c), read by vclock.c. */
	.section .um_vdso_data, "a"
	.balign	8
	.globl	um_vdso_data
	.hidden	um_vdso_data
um_vdso_data:
	.fill	UM_VDSO_DATA_SIZE, 1, 0

	.section .note.GNU-stack, "", @progbits
