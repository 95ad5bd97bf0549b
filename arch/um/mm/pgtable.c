// SPDX-License-Identifier: GPL-2.0
/*
 * Page table pages of guest mms, and the kernel's own vmalloc space,
 * whose entries are mirrored into the kernel's host process at once.
 */
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/pgtable.h>
#include <asm/pgalloc.h>
#include <asm/tlbflush.h>
#include <host.h>

pgd_t *pgd_alloc(struct mm_struct *mm)
{
	return (pgd_t *)__get_free_page(GFP_KERNEL | __GFP_ZERO);
}

/* The pte of a kernel address, or NULL where no table exists. */
static pte_t *um_kernel_pte(unsigned long addr)
{
	pgd_t *pgd = pgd_offset_k(addr);
	p4d_t *p4d = p4d_offset(pgd, addr);
	pud_t *pud;
	pmd_t *pmd;

	if (p4d_none(*p4d))
		return NULL;
	pud = pud_offset(p4d, addr);
	if (pud_none(*pud))
		return NULL;
	pmd = pmd_offset(pud, addr);
	if (pmd_none(*pmd))
		return NULL;
	return pte_offset_kernel(pmd, addr);
}

/* Bring host mappings of [start, end) of vmalloc space up to date. */
void um_kernel_sync_range(unsigned long start, unsigned long end)
{
	unsigned long addr;

	for (addr = start & PAGE_MASK; addr < end; addr += PAGE_SIZE) {
		pte_t *ptep = um_kernel_pte(addr);
		pte_t pte;
		int err;

		if (!ptep) {
			/* Skip to the next pmd's worth. */
			addr = (addr | (PMD_SIZE - 1)) & PAGE_MASK;
			continue;
		}
		pte = *ptep;
		if (!pte_needsync(pte))
			continue;
		if (pte_host_visible(pte))
			err = host_kernel_map(addr, PAGE_SIZE,
					      pte_pfn(pte) << PAGE_SHIFT,
					      pte_write(pte), pte_exec(pte));
		else
			err = host_kernel_unmap(addr, PAGE_SIZE);
		if (err)
			panic("host mapping of kernel page %lx failed: %d",
			      addr, err);
		*ptep = __pte(pte_val(pte) & ~_PAGE_NEEDSYNC);
	}
}
EXPORT_SYMBOL(um_kernel_sync_range);

bool um_kernel_range_ok(const void *ptr, unsigned long size)
{
	extern char __executable_start[], _end[];
	unsigned long addr = (unsigned long)ptr;
	unsigned long last = addr + size - 1;

	if (last < addr)
		return false;
	if (addr >= (unsigned long)__executable_start &&
	    last < (unsigned long)_end)
		return true;
	if (addr >= PAGE_OFFSET && last < PAGE_OFFSET + um_physmem_size)
		return true;
	if (addr >= VMALLOC_START && last < VMALLOC_END) {
		pte_t *first = um_kernel_pte(addr);
		pte_t *final = um_kernel_pte(last);

		return first && final && pte_host_visible(*first) &&
		       pte_host_visible(*final);
	}
	return false;
}
