/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "Flushing the TLB" here means bringing host mappings in line with the
 * page tables: at once for the kernel's own vmalloc space, and for a
 * guest mm before its host process next runs.
 */
#ifndef __ASM_UM_TLBFLUSH_H
#define __ASM_UM_TLBFLUSH_H

#include <linux/mm_types.h>
#include <asm/pgtable.h>

void um_kernel_sync_range(unsigned long start, unsigned long end);
/* Note the change; with some process backends also apply it now. */
void um_flush_tlb_range(struct mm_struct *mm, unsigned long start,
			unsigned long end);

static inline void flush_tlb_mm(struct mm_struct *mm)
{
	um_flush_tlb_range(mm, 0, TASK_SIZE);
}

static inline void flush_tlb_range(struct vm_area_struct *vma,
				   unsigned long start, unsigned long end)
{
	um_flush_tlb_range(vma->vm_mm, start, end);
}

static inline void flush_tlb_page(struct vm_area_struct *vma,
				  unsigned long addr)
{
	um_flush_tlb_range(vma->vm_mm, addr, addr + PAGE_SIZE);
}

static inline void flush_tlb_kernel_range(unsigned long start,
					  unsigned long end)
{
	um_kernel_sync_range(start, end);
}

static inline void flush_tlb_all(void)
{
}

#endif
