/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-side entry points the host side calls.  Everything here runs
 * on the kernel's only host thread.
 */
#ifndef __UM_KERN_H
#define __UM_KERN_H

/* Start Linux with this command line and physmem size; never returns. */
void um_boot(const char *cmdline, unsigned long physmem_size)
	__attribute__((noreturn));

/* The kernel release string ("6.12.x-um"), usable before boot. */
const char *um_release(void);

/* The kernel itself faulted (a bug): report and stop. */
void um_kernel_fault(int sig, unsigned long addr, unsigned long ip)
	__attribute__((noreturn));

#endif
