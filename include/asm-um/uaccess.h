/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User memory is not mapped in the kernel's host process: every access
 * walks the current mm's page tables and goes through the direct map,
 * faulting pages in as the hardware's page fault would.
 */
#ifndef __ASM_UM_UACCESS_H
#define __ASM_UM_UACCESS_H

#include <linux/types.h>
#include <asm/processor.h>

unsigned long raw_copy_from_user(void *to, const void __user *from,
				 unsigned long n);
unsigned long raw_copy_to_user(void __user *to, const void *from,
			       unsigned long n);
unsigned long __clear_user(void __user *to, unsigned long n);
#define __clear_user __clear_user

bool um_kernel_range_ok(const void *addr, unsigned long size);

#define __get_kernel_nofault(dst, src, type, err_label)			\
do {									\
	if (!um_kernel_range_ok((src), sizeof(type)))			\
		goto err_label;						\
	*((type *)(dst)) = *((type *)(src));				\
} while (0)

#define __put_kernel_nofault(dst, src, type, err_label)			\
do {									\
	if (!um_kernel_range_ok((dst), sizeof(type)))			\
		goto err_label;						\
	*((type *)(dst)) = *((type *)(src));				\
} while (0)

#include <asm-generic/access_ok.h>
#include <asm-generic/uaccess.h>

#endif
