// SPDX-License-Identifier: GPL-2.0
/*
 * Page table pages of guest mms, and the kernel's own vmalloc space,
 * whose entries are mirrored into the kernel's host process at once.
 */
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/pgtable.h>
#include <asm/pgalloc.h>
#include <asm/set_memory.h>
#include <asm/tlbflush.h>
#include <host.h>

pgd_t *pgd_alloc(struct mm_struct *mm)
{
	return (pgd_t *)__get_free_page(GFP_KERNEL | __GFP_ZERO);
}

/*
 * The pte of a kernel address, or NULL where no table exists; then
 * *span (when asked for) is the size of the hole at that level, so that
 * walks over mostly empty ranges move on a pgd or pud at a time.
 */
static pte_t *um_kernel_pte_span(unsigned long addr, unsigned long *span)
{
	pgd_t *pgd = pgd_offset_k(addr);
	p4d_t *p4d = p4d_offset(pgd, addr);
	unsigned long hole = PGDIR_SIZE;
	pte_t *ptep = NULL;
	pud_t *pud;
	pmd_t *pmd;

	if (p4d_none(*p4d))
		goto out;
	pud = pud_offset(p4d, addr);
	hole = PUD_SIZE;
	if (pud_none(*pud))
		goto out;
	pmd = pmd_offset(pud, addr);
	hole = PMD_SIZE;
	if (pmd_none(*pmd))
		goto out;
	ptep = pte_offset_kernel(pmd, addr);
out:
	if (span)
		*span = hole;
	return ptep;
}

static pte_t *um_kernel_pte(unsigned long addr)
{
	return um_kernel_pte_span(addr, NULL);
}

/* Bring host mappings of [start, end) of vmalloc or module space up to date. */
void um_kernel_sync_range(unsigned long start, unsigned long end)
{
	unsigned long addr = start & PAGE_MASK;

	while (addr < end) {
		unsigned long hole, next;
		pte_t *ptep = um_kernel_pte_span(addr, &hole);
		pte_t pte;
		int err;

		if (!ptep) {
			next = (addr | (hole - 1)) + 1;
			if (next <= addr)
				break;
			addr = next;
			continue;
		}
		pte = *ptep;
		if (pte_needsync(pte)) {
			if (pte_host_visible(pte))
				err = host_kernel_map(addr, PAGE_SIZE,
						      pte_pfn(pte) << PAGE_SHIFT,
						      pte_write(pte),
						      pte_exec(pte));
			else
				err = host_kernel_unmap(addr, PAGE_SIZE);
			if (err)
				panic("host mapping of kernel page %lx failed: %d",
				      addr, err);
			*ptep = __pte(pte_val(pte) & ~_PAGE_NEEDSYNC);
		}
		addr += PAGE_SIZE;
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
	if ((addr >= VMALLOC_START && last < VMALLOC_END) ||
	    (addr >= MODULES_VADDR && last < MODULES_END)) {
		pte_t *first = um_kernel_pte(addr);
		pte_t *final = um_kernel_pte(last);

		return first && final && pte_host_visible(*first) &&
		       pte_host_visible(*final);
	}
	return false;
}

/*
 * set_memory_*(): the protection of pages of vmalloc or module space,
 * which have their own host mappings (the direct map's cannot change
 * page by page).  Module text becomes read-only and executable this way
 * once it is relocated, its data never executable.
 */
static bool um_pt_mapped(unsigned long start, unsigned long end)
{
	return (start >= VMALLOC_START && end <= VMALLOC_END) ||
	       (start >= MODULES_VADDR && end <= MODULES_END);
}

static int um_change_prot(unsigned long addr, int numpages,
			  unsigned long set, unsigned long clear)
{
	unsigned long start = addr & PAGE_MASK;
	unsigned long end = start + (unsigned long)numpages * PAGE_SIZE;
	unsigned long a;
	bool changed = false;

	if (numpages <= 0)
		return 0;
	if (end <= start || !um_pt_mapped(start, end))
		return -EINVAL;
	for (a = start; a < end; a += PAGE_SIZE) {
		pte_t *ptep = um_kernel_pte(a);
		pte_t old, new;

		if (!ptep || !pte_present(ptep_get(ptep)))
			continue;
		old = ptep_get(ptep);
		new = __pte((pte_val(old) & ~clear) | set);
		if (pte_same(old, new))
			continue;
		set_pte(ptep, new);
		changed = true;
	}
	if (changed)
		um_kernel_sync_range(start, end);
	return 0;
}

int set_memory_ro(unsigned long addr, int numpages)
{
	return um_change_prot(addr, numpages, 0, _PAGE_RW);
}

int set_memory_rw(unsigned long addr, int numpages)
{
	return um_change_prot(addr, numpages, _PAGE_RW, 0);
}

int set_memory_x(unsigned long addr, int numpages)
{
	return um_change_prot(addr, numpages, _PAGE_EXEC, 0);
}

int set_memory_nx(unsigned long addr, int numpages)
{
	return um_change_prot(addr, numpages, 0, _PAGE_EXEC);
}

int set_memory_rox(unsigned long addr, int numpages)
{
	return um_change_prot(addr, numpages, _PAGE_EXEC, _PAGE_RW);
}
