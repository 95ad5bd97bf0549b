/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page tables of the um port.  No MMU walks them: the kernel reads them
 * itself (for user copies) and mirrors user entries into the guest's host
 * process as mmap()s of the physmem file.  Entries the host has not yet
 * been told about carry _PAGE_NEEDSYNC; the TLB flush calls act on them.
 *
 * Four levels (pgd, pud, pmd, pte; p4d folded) cover the host's 47-bit
 * user range, so guests see the usual x86_64 address space.
 */
#ifndef __ASM_UM_PGTABLE_H
#define __ASM_UM_PGTABLE_H

#include <asm-generic/pgtable-nop4d.h>
#include <asm/page.h>
#include <um_layout.h>

#define PGDIR_SHIFT	39
#define PUD_SHIFT	30
#define PMD_SHIFT	21

#define PTRS_PER_PGD	512
#define PTRS_PER_PUD	512
#define PTRS_PER_PMD	512
#define PTRS_PER_PTE	512

#define PGDIR_SIZE	(1UL << PGDIR_SHIFT)
#define PGDIR_MASK	(~(PGDIR_SIZE - 1))
#define PUD_SIZE	(1UL << PUD_SHIFT)
#define PUD_MASK	(~(PUD_SIZE - 1))
#define PMD_SIZE	(1UL << PMD_SHIFT)
#define PMD_MASK	(~(PMD_SIZE - 1))

#define USER_PTRS_PER_PGD	((UM_TASK_SIZE + PGDIR_SIZE - 1) / PGDIR_SIZE)
#define FIRST_USER_ADDRESS	0UL

#define VMALLOC_START	UM_VMALLOC_START
#define VMALLOC_END	UM_VMALLOC_END

#define MODULES_VADDR	UM_MODULES_START
#define MODULES_END	UM_MODULES_END
#define MODULES_LEN	(MODULES_END - MODULES_VADDR)

/* Entry bits.  Bits 12 and up hold the page frame number. */
#define _PAGE_PRESENT	0x001UL
#define _PAGE_RW	0x002UL
#define _PAGE_USER	0x004UL
#define _PAGE_ACCESSED	0x020UL
#define _PAGE_DIRTY	0x040UL
#define _PAGE_PROTNONE	0x100UL	/* mapped for the mm, inaccessible */
#define _PAGE_SPECIAL	0x200UL
#define _PAGE_EXEC	0x400UL
#define _PAGE_NEEDSYNC	0x800UL	/* host mapping not yet updated */

/* In a swap entry (not present): type in bits 1-5, offset from bit 12. */
#define _PAGE_SWP_EXCLUSIVE	0x080UL

#define _PFN_MASK	(~(PAGE_SIZE - 1))
#define PFN_PTE_SHIFT	PAGE_SHIFT
#define _PAGE_CHG_MASK	(_PFN_MASK | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_SPECIAL)
#define _PAGE_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)

#define _PAGE_USER_RO	(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)
#define _PAGE_KERNEL_RO	(_PAGE_PRESENT | _PAGE_DIRTY | _PAGE_ACCESSED)

#define PAGE_NONE		__pgprot(_PAGE_PROTNONE | _PAGE_ACCESSED)
#define PAGE_SHARED		__pgprot(_PAGE_USER_RO | _PAGE_RW)
#define PAGE_SHARED_EXEC	__pgprot(_PAGE_USER_RO | _PAGE_RW | _PAGE_EXEC)
#define PAGE_COPY		__pgprot(_PAGE_USER_RO)
#define PAGE_COPY_EXEC		__pgprot(_PAGE_USER_RO | _PAGE_EXEC)
#define PAGE_READONLY		PAGE_COPY
#define PAGE_READONLY_EXEC	PAGE_COPY_EXEC
#define PAGE_KERNEL		__pgprot(_PAGE_KERNEL_RO | _PAGE_RW)
#define PAGE_KERNEL_RO		__pgprot(_PAGE_KERNEL_RO)
#define PAGE_KERNEL_EXEC	__pgprot(_PAGE_KERNEL_RO | _PAGE_RW | _PAGE_EXEC)
#define PAGE_KERNEL_RX		__pgprot(_PAGE_KERNEL_RO | _PAGE_EXEC)

#ifndef __ASSEMBLY__

#include <linux/mm_types.h>

extern pgd_t swapper_pg_dir[PTRS_PER_PGD];
extern unsigned long empty_zero_page[PAGE_SIZE / sizeof(unsigned long)];
#define ZERO_PAGE(vaddr)	virt_to_page(um_zero_page)
extern void *um_zero_page;

/* --- pte --- */
static inline int pte_none(pte_t pte)
{
	return !(pte_val(pte) & ~_PAGE_NEEDSYNC);
}

static inline int pte_present(pte_t pte)
{
	return !!(pte_val(pte) & (_PAGE_PRESENT | _PAGE_PROTNONE));
}

/* What the host may map: present, accessible and not aged out. */
static inline int pte_host_visible(pte_t pte)
{
	return (pte_val(pte) & (_PAGE_PRESENT | _PAGE_ACCESSED)) ==
		(_PAGE_PRESENT | _PAGE_ACCESSED);
}

static inline int pte_write(pte_t pte)	{ return !!(pte_val(pte) & _PAGE_RW); }
static inline int pte_dirty(pte_t pte)	{ return !!(pte_val(pte) & _PAGE_DIRTY); }
static inline int pte_young(pte_t pte)	{ return !!(pte_val(pte) & _PAGE_ACCESSED); }
static inline int pte_special(pte_t pte) { return !!(pte_val(pte) & _PAGE_SPECIAL); }
static inline int pte_exec(pte_t pte)	{ return !!(pte_val(pte) & _PAGE_EXEC); }
static inline int pte_needsync(pte_t pte) { return !!(pte_val(pte) & _PAGE_NEEDSYNC); }

static inline pte_t pte_set_bits(pte_t pte, unsigned long bits)
{
	return __pte(pte_val(pte) | bits);
}

static inline pte_t pte_clear_bits(pte_t pte, unsigned long bits)
{
	return __pte(pte_val(pte) & ~bits);
}

static inline pte_t pte_wrprotect(pte_t pte)	{ return pte_clear_bits(pte, _PAGE_RW); }
static inline pte_t pte_mkwrite_novma(pte_t pte) { return pte_set_bits(pte, _PAGE_RW); }
static inline pte_t pte_mkclean(pte_t pte)	{ return pte_clear_bits(pte, _PAGE_DIRTY); }
static inline pte_t pte_mkdirty(pte_t pte)	{ return pte_set_bits(pte, _PAGE_DIRTY); }
static inline pte_t pte_mkold(pte_t pte)	{ return pte_clear_bits(pte, _PAGE_ACCESSED); }
static inline pte_t pte_mkyoung(pte_t pte)	{ return pte_set_bits(pte, _PAGE_ACCESSED); }
static inline pte_t pte_mkspecial(pte_t pte)	{ return pte_set_bits(pte, _PAGE_SPECIAL); }

static inline unsigned long pte_pfn(pte_t pte)
{
	return pte_val(pte) >> PAGE_SHIFT;
}

static inline pte_t pfn_pte(unsigned long pfn, pgprot_t prot)
{
	return __pte((pfn << PAGE_SHIFT) | pgprot_val(prot));
}

#define pte_page(pte)		pfn_to_page(pte_pfn(pte))
#define mk_pte(page, prot)	pfn_pte(page_to_pfn(page), (prot))

static inline pte_t pte_modify(pte_t pte, pgprot_t prot)
{
	return __pte((pte_val(pte) & _PAGE_CHG_MASK) | pgprot_val(prot));
}

static inline pgprot_t pte_pgprot(pte_t pte)
{
	return __pgprot(pte_val(pte) & ~_PFN_MASK & ~_PAGE_NEEDSYNC);
}

/* Every store marks the entry for the next host sync. */
static inline void set_pte(pte_t *ptep, pte_t pte)
{
	WRITE_ONCE(*ptep, __pte(pte_val(pte) | _PAGE_NEEDSYNC));
}

/* Changes to a guest mm's entries are noted for its next host sync. */
void um_mm_note_change(struct mm_struct *mm, unsigned long start,
		       unsigned long end);

static inline void set_ptes(struct mm_struct *mm, unsigned long addr,
			    pte_t *ptep, pte_t pte, unsigned int nr)
{
	um_mm_note_change(mm, addr, addr + nr * PAGE_SIZE);
	for (;;) {
		set_pte(ptep, pte);
		if (--nr == 0)
			break;
		ptep++;
		pte = __pte(pte_val(pte) + (1UL << PFN_PTE_SHIFT));
	}
}
#define set_ptes set_ptes

static inline void pte_clear(struct mm_struct *mm, unsigned long addr,
			     pte_t *ptep)
{
	um_mm_note_change(mm, addr, addr + PAGE_SIZE);
	WRITE_ONCE(*ptep, __pte(_PAGE_NEEDSYNC));
}

#define __HAVE_ARCH_PTE_SAME
static inline int pte_same(pte_t a, pte_t b)
{
	return !((pte_val(a) ^ pte_val(b)) & ~_PAGE_NEEDSYNC);
}

#define __HAVE_ARCH_PTEP_GET_AND_CLEAR
static inline pte_t ptep_get_and_clear(struct mm_struct *mm,
				       unsigned long addr, pte_t *ptep)
{
	pte_t old = *ptep;

	pte_clear(mm, addr, ptep);
	return __pte(pte_val(old) & ~_PAGE_NEEDSYNC);
}

#define ptep_get ptep_get
static inline pte_t ptep_get(pte_t *ptep)
{
	return __pte(pte_val(READ_ONCE(*ptep)) & ~_PAGE_NEEDSYNC);
}

/* --- swap entries --- */
#define __swp_type(x)		(((x).val >> 1) & 0x1f)
#define __swp_offset(x)		((x).val >> PAGE_SHIFT)
#define __swp_entry(type, off)	((swp_entry_t) { (((type) & 0x1f) << 1) | \
						 ((off) << PAGE_SHIFT) })
#define __pte_to_swp_entry(pte)	((swp_entry_t) { pte_val(pte) & ~_PAGE_NEEDSYNC })
#define __swp_entry_to_pte(x)	__pte((x).val)

static inline int pte_swp_exclusive(pte_t pte)
{
	return !!(pte_val(pte) & _PAGE_SWP_EXCLUSIVE);
}

static inline pte_t pte_swp_mkexclusive(pte_t pte)
{
	return pte_set_bits(pte, _PAGE_SWP_EXCLUSIVE);
}

static inline pte_t pte_swp_clear_exclusive(pte_t pte)
{
	return pte_clear_bits(pte, _PAGE_SWP_EXCLUSIVE);
}

/* --- pmd: points to a pte table --- */
static inline int pmd_none(pmd_t pmd)	{ return !pmd_val(pmd); }
static inline int pmd_present(pmd_t pmd) { return !!(pmd_val(pmd) & _PAGE_PRESENT); }
static inline int pmd_bad(pmd_t pmd)
{
	return (pmd_val(pmd) & ~_PFN_MASK) != _PAGE_TABLE;
}

static inline void set_pmd(pmd_t *pmdp, pmd_t pmd)	{ WRITE_ONCE(*pmdp, pmd); }
static inline void pmd_clear(pmd_t *pmdp)		{ set_pmd(pmdp, __pmd(0)); }

static inline unsigned long pmd_page_vaddr(pmd_t pmd)
{
	return (unsigned long)__va(pmd_val(pmd) & _PFN_MASK);
}

#define pmd_pfn(pmd)	(pmd_val(pmd) >> PAGE_SHIFT)
#define pmd_page(pmd)	pfn_to_page(pmd_pfn(pmd))
#define pmd_pgtable(pmd) pmd_page(pmd)

/* --- pud: points to a pmd table --- */
static inline int pud_none(pud_t pud)	{ return !pud_val(pud); }
static inline int pud_present(pud_t pud) { return !!(pud_val(pud) & _PAGE_PRESENT); }
static inline int pud_bad(pud_t pud)
{
	return (pud_val(pud) & ~_PFN_MASK) != _PAGE_TABLE;
}

static inline void set_pud(pud_t *pudp, pud_t pud)	{ WRITE_ONCE(*pudp, pud); }
static inline void pud_clear(pud_t *pudp)		{ set_pud(pudp, __pud(0)); }

static inline pmd_t *pud_pgtable(pud_t pud)
{
	return (pmd_t *)__va(pud_val(pud) & _PFN_MASK);
}

#define pud_pfn(pud)	(pud_val(pud) >> PAGE_SHIFT)
#define pud_page(pud)	pfn_to_page(pud_pfn(pud))

/* --- p4d (the pgd entry): points to a pud table --- */
static inline int p4d_none(p4d_t p4d)	{ return !p4d_val(p4d); }
static inline int p4d_present(p4d_t p4d) { return !!(p4d_val(p4d) & _PAGE_PRESENT); }
static inline int p4d_bad(p4d_t p4d)
{
	return (p4d_val(p4d) & ~_PFN_MASK) != _PAGE_TABLE;
}

static inline void set_p4d(p4d_t *p4dp, p4d_t p4d)	{ WRITE_ONCE(*p4dp, p4d); }
static inline void p4d_clear(p4d_t *p4dp)		{ set_p4d(p4dp, __p4d(0)); }

static inline pud_t *p4d_pgtable(p4d_t p4d)
{
	return (pud_t *)__va(p4d_val(p4d) & _PFN_MASK);
}

#define p4d_page(p4d)	pfn_to_page(p4d_val(p4d) >> PAGE_SHIFT)

#define pte_ERROR(e)	pr_err("%s:%d: bad pte %016lx\n", __FILE__, __LINE__, pte_val(e))
#define pmd_ERROR(e)	pr_err("%s:%d: bad pmd %016lx\n", __FILE__, __LINE__, pmd_val(e))
#define pud_ERROR(e)	pr_err("%s:%d: bad pud %016lx\n", __FILE__, __LINE__, pud_val(e))
#define pgd_ERROR(e)	pr_err("%s:%d: bad pgd %016lx\n", __FILE__, __LINE__, pgd_val(e))

/* The host mapping is brought up to date when the guest next runs. */
static inline void update_mmu_cache_range(struct vm_fault *vmf,
		struct vm_area_struct *vma, unsigned long addr, pte_t *ptep,
		unsigned int nr)
{
}
#define update_mmu_cache(vma, addr, ptep) \
	update_mmu_cache_range(NULL, vma, addr, ptep, 1)

#define pgprot_noncached(prot)	(prot)
#define pgprot_writecombine(prot) (prot)

#endif /* !__ASSEMBLY__ */

#endif
