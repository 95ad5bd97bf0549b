// SPDX-License-Identifier: GPL-2.0
/* The x86_64 system call table, generated from the x86_64 syscall list. */
#include <linux/syscalls.h>
#include <linux/linkage.h>
#include <asm/syscall.h>
#include <asm/unistd.h>
#include "um.h"

#define __SYSCALL(nr, sym)	[nr] = (syscall_fn_t)(void (*)(void))sym,
#define __SYSCALL_NORETURN(nr, sym)	__SYSCALL(nr, sym)

/* Entry points the generic code has but under other names. */
#define sys_mmap		um_sys_mmap
#define sys_arch_prctl		um_sys_arch_prctl
#define sys_rt_sigreturn	um_sys_rt_sigreturn
#define sys_iopl		sys_ni_syscall
#define sys_ioperm		sys_ni_syscall
#define sys_modify_ldt		sys_ni_syscall
#define sys_map_shadow_stack	sys_ni_syscall
#define sys_uretprobe		sys_ni_syscall


const syscall_fn_t sys_call_table[] = {
#include <asm/syscall_table_64.h>
};

long um_sys_mmap(unsigned long addr, unsigned long len, unsigned long prot,
		 unsigned long flags, unsigned long fd, unsigned long off)
{
	if (off & ~PAGE_MASK)
		return -EINVAL;
	return ksys_mmap_pgoff(addr, len, prot, flags, fd, off >> PAGE_SHIFT);
}
