/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest vDSO.  Clock reads jump straight to the host's vDSO, which
 * every guest process carries at UM_HOST_VDSO_BASE, through the table
 * the kernel fills in at boot (um_vdso.h).  What the host cannot answer
 * for us becomes an ordinary system call into our kernel.
 *
 * The guest's clocks are the host's: CLOCK_MONOTONIC is the host's less
 * the host's value at our boot (time.c makes this exact), CLOCK_BOOTTIME
 * equals it because a guest never suspends, and CLOCK_REALTIME is the
 * host's unless the guest sets its own (then the kernel clears
 * REALTIME_OK).  Other clocks are system calls: the COARSE ones (the
 * host's tick is not ours, and a coarse reading must agree with the
 * kernel's), and those the host would answer from its own idea of the
 * system (TAI, MONOTONIC_RAW, CPU times).
 */
#include <um_vdso.h>

#define NR_gettimeofday		96
#define NR_time			201
#define NR_clock_gettime	228
#define NR_getcpu		309

#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define CLOCK_BOOTTIME		7

	.text

/* int clock_gettime(clockid_t id, struct timespec *ts) */
	.globl	__vdso_clock_gettime
	.type	__vdso_clock_gettime, @function
__vdso_clock_gettime:
	.cfi_startproc
	cmpl	$CLOCK_BOOTTIME, %edi
	jne	1f
	movl	$CLOCK_MONOTONIC, %edi
1:	movq	um_host_table+UM_VDSO_CLOCK_GETTIME(%rip), %rax
	testq	%rax, %rax
	jz	9f
	cmpl	$CLOCK_MONOTONIC, %edi
	je	3f
	cmpl	$CLOCK_REALTIME, %edi
	jne	9f
	cmpq	$0, um_host_table+UM_VDSO_REALTIME_OK(%rip)
	je	9f
	jmp	*%rax
	/* The guest's monotonic clock is the host's, less a fixed offset. */
3:	pushq	%rsi
	.cfi_adjust_cfa_offset 8
	call	*%rax
	popq	%rsi
	.cfi_adjust_cfa_offset -8
	testl	%eax, %eax
	jnz	5f
	movq	um_host_table+UM_VDSO_MONO_SEC(%rip), %rdx
	subq	%rdx, (%rsi)
	movq	8(%rsi), %rdx
	subq	um_host_table+UM_VDSO_MONO_NSEC(%rip), %rdx
	jns	4f
	addq	$1000000000, %rdx
	decq	(%rsi)
4:	movq	%rdx, 8(%rsi)
5:	ret
9:	movl	$NR_clock_gettime, %eax
	syscall
	ret
	.cfi_endproc
	.size	__vdso_clock_gettime, . - __vdso_clock_gettime

/* int gettimeofday(struct timeval *tv, struct timezone *tz) */
	.globl	__vdso_gettimeofday
	.type	__vdso_gettimeofday, @function
__vdso_gettimeofday:
	.cfi_startproc
	/* The time zone is the guest's own. */
	testq	%rsi, %rsi
	jnz	1f
	cmpq	$0, um_host_table+UM_VDSO_REALTIME_OK(%rip)
	je	1f
	movq	um_host_table+UM_VDSO_GETTIMEOFDAY(%rip), %rax
	testq	%rax, %rax
	jz	1f
	jmp	*%rax
1:	movl	$NR_gettimeofday, %eax
	syscall
	ret
	.cfi_endproc
	.size	__vdso_gettimeofday, . - __vdso_gettimeofday

/* time_t time(time_t *t) */
	.globl	__vdso_time
	.type	__vdso_time, @function
__vdso_time:
	.cfi_startproc
	cmpq	$0, um_host_table+UM_VDSO_REALTIME_OK(%rip)
	je	1f
	movq	um_host_table+UM_VDSO_TIME(%rip), %rax
	testq	%rax, %rax
	jz	1f
	jmp	*%rax
1:	movl	$NR_time, %eax
	syscall
	ret
	.cfi_endproc
	.size	__vdso_time, . - __vdso_time

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

	.weak	clock_gettime
	.set	clock_gettime, __vdso_clock_gettime
	.weak	gettimeofday
	.set	gettimeofday, __vdso_gettimeofday
	.weak	time
	.set	time, __vdso_time
	.weak	getcpu
	.set	getcpu, __vdso_getcpu

	.section .um_host_table, "a"
	.balign	8
um_host_table:
	.fill	UM_VDSO_TABLE_SIZE, 1, 0

	.section .note.GNU-stack, "", @progbits
