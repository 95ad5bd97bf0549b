/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __ASM_UM_PGALLOC_H
#define __ASM_UM_PGALLOC_H

#include <linux/mm.h>
#include <asm-generic/pgalloc.h>

static inline void pmd_populate_kernel(struct mm_struct *mm, pmd_t *pmd,
				       pte_t *pte)
{
	set_pmd(pmd, __pmd(__pa(pte) | _PAGE_TABLE));
}

static inline void pmd_populate(struct mm_struct *mm, pmd_t *pmd,
				pgtable_t pte)
{
	set_pmd(pmd, __pmd((page_to_pfn(pte) << PAGE_SHIFT) | _PAGE_TABLE));
}

static inline void pud_populate(struct mm_struct *mm, pud_t *pud, pmd_t *pmd)
{
	set_pud(pud, __pud(__pa(pmd) | _PAGE_TABLE));
}

static inline void p4d_populate(struct mm_struct *mm, p4d_t *p4d, pud_t *pud)
{
	set_p4d(p4d, __p4d(__pa(pud) | _PAGE_TABLE));
}

pgd_t *pgd_alloc(struct mm_struct *mm);

/*
 * Table pages freed as an address space shrinks go through the
 * mmu_gather, so the dtors that pte_free() and friends would run are
 * run here: they clear the page's "page table" type (a page that kept
 * it was refused by vm_insert_page() when allocated again, as the ring
 * of a packet socket or an io_uring) and its PageTables accounting.
 */
#define __pte_free_tlb(tlb, pte, addr)				\
do {								\
	pagetable_pte_dtor(page_ptdesc(pte));			\
	tlb_remove_page_ptdesc((tlb), page_ptdesc(pte));	\
} while (0)

#define __pmd_free_tlb(tlb, pmd, addr)				\
do {								\
	pagetable_pmd_dtor(virt_to_ptdesc(pmd));		\
	tlb_remove_page_ptdesc((tlb), virt_to_ptdesc(pmd));	\
} while (0)

#define __pud_free_tlb(tlb, pud, addr)				\
do {								\
	pagetable_pud_dtor(virt_to_ptdesc(pud));		\
	tlb_remove_page_ptdesc((tlb), virt_to_ptdesc(pud));	\
} while (0)

#endif
