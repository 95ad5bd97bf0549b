/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What both stubs (stub.c, stub_seccomp.c) are made of: code copied
 * page-wise into guest processes, so only inline helpers, no calls out.
 */
#ifndef __UM_OS_STUB_H
#define __UM_OS_STUB_H

#define STUB_CODE __attribute__((section(".um_stub.text"), used, noinline))
#define STUB_INLINE static inline __attribute__((always_inline))

STUB_INLINE long stub_syscall6(long nr, long a, long b, long c, long d,
			       long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a" (ret)
			 : "0" (nr), "D" (a), "S" (b), "d" (c), "r" (r10),
			   "r" (r8), "r" (r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#endif
