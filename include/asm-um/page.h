/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __ASM_UM_PAGE_H
#define __ASM_UM_PAGE_H

#include <linux/const.h>
#include <um_layout.h>

#define PAGE_SHIFT	UM_PAGE_SHIFT
#define PAGE_SIZE	(_AC(1, UL) << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))

/* The direct map: physical address 0 is the first byte of the memfd. */
#define PAGE_OFFSET	UM_PHYSMEM_BASE

#ifndef __ASSEMBLY__

#include <linux/types.h>

struct page;

typedef struct { unsigned long pte; } pte_t;
typedef struct { unsigned long pmd; } pmd_t;
typedef struct { unsigned long pud; } pud_t;
typedef struct { unsigned long pgd; } pgd_t;
typedef struct { unsigned long pgprot; } pgprot_t;
typedef struct page *pgtable_t;

#define pte_val(x)	((x).pte)
#define pmd_val(x)	((x).pmd)
#define pud_val(x)	((x).pud)
#define pgd_val(x)	((x).pgd)
#define pgprot_val(x)	((x).pgprot)

#define __pte(x)	((pte_t) { (x) })
#define __pmd(x)	((pmd_t) { (x) })
#define __pud(x)	((pud_t) { (x) })
#define __pgd(x)	((pgd_t) { (x) })
#define __pgprot(x)	((pgprot_t) { (x) })

#define clear_page(page)	memset((page), 0, PAGE_SIZE)
#define copy_page(to, from)	memcpy((to), (from), PAGE_SIZE)
#define clear_user_page(page, vaddr, pg)	clear_page(page)
#define copy_user_page(to, from, vaddr, pg)	copy_page(to, from)

#define __pa(x)		((unsigned long)(x) - PAGE_OFFSET)
#define __va(x)		((void *)((unsigned long)(x) + PAGE_OFFSET))

#define ARCH_PFN_OFFSET		0UL

#define virt_to_pfn(kaddr)	(__pa(kaddr) >> PAGE_SHIFT)
#define pfn_to_virt(pfn)	__va((unsigned long)(pfn) << PAGE_SHIFT)
#define phys_to_pfn(p)		((p) >> PAGE_SHIFT)
#define pfn_to_phys(pfn)	((unsigned long)(pfn) << PAGE_SHIFT)

#define virt_to_page(kaddr)	pfn_to_page(virt_to_pfn(kaddr))
#define page_to_virt(page)	pfn_to_virt(page_to_pfn(page))
#define page_to_phys(page)	pfn_to_phys(page_to_pfn(page))

extern unsigned long um_physmem_size;

/* Only the direct map is "physical": the image's own data is not. */
#define virt_addr_valid(kaddr)						\
	((unsigned long)(kaddr) >= PAGE_OFFSET &&			\
	 (unsigned long)(kaddr) < PAGE_OFFSET + um_physmem_size)

#include <asm-generic/memory_model.h>
#include <asm-generic/getorder.h>

#endif /* !__ASSEMBLY__ */

#define VM_DATA_DEFAULT_FLAGS	VM_DATA_FLAGS_TSK_EXEC

#endif
