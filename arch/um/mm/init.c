// SPDX-License-Identifier: GPL-2.0
/*
 * Physical memory is a host memfd mapped at PAGE_OFFSET, all of it
 * free for the page allocator: the kernel image lives outside it, in
 * the executable's own mappings.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/pfn.h>
#include <linux/swap.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/sections.h>
#include "../kernel/um.h"

pgd_t swapper_pg_dir[PTRS_PER_PGD] __page_aligned_bss;
void *um_zero_page;

void __init um_mem_setup(unsigned long size)
{
	memblock_add(0, size);
	min_low_pfn = 0;
	max_low_pfn = PFN_DOWN(size);
	max_pfn = max_low_pfn;
	set_max_mapnr(max_pfn);
	high_memory = __va(size);
	init_mm.pgd = swapper_pg_dir;
}

void __init paging_init(void)
{
	unsigned long max_zone_pfn[MAX_NR_ZONES] = { 0 };

	um_zero_page = memblock_alloc(PAGE_SIZE, PAGE_SIZE);
	if (!um_zero_page)
		panic("no memory for the zero page");
	max_zone_pfn[ZONE_NORMAL] = max_low_pfn;
	free_area_init(max_zone_pfn);
}

void __init mem_init(void)
{
	memblock_free_all();
}

/* Init sections are part of the executable, not of physmem. */
void free_initmem(void)
{
}

static const pgprot_t protection_map[16] = {
	[VM_NONE]					= PAGE_NONE,
	[VM_READ]					= PAGE_READONLY,
	[VM_WRITE]					= PAGE_COPY,
	[VM_WRITE | VM_READ]				= PAGE_COPY,
	[VM_EXEC]					= PAGE_READONLY_EXEC,
	[VM_EXEC | VM_READ]				= PAGE_READONLY_EXEC,
	[VM_EXEC | VM_WRITE]				= PAGE_COPY_EXEC,
	[VM_EXEC | VM_WRITE | VM_READ]			= PAGE_COPY_EXEC,
	[VM_SHARED]					= PAGE_NONE,
	[VM_SHARED | VM_READ]				= PAGE_READONLY,
	[VM_SHARED | VM_WRITE]				= PAGE_SHARED,
	[VM_SHARED | VM_WRITE | VM_READ]		= PAGE_SHARED,
	[VM_SHARED | VM_EXEC]				= PAGE_READONLY_EXEC,
	[VM_SHARED | VM_EXEC | VM_READ]			= PAGE_READONLY_EXEC,
	[VM_SHARED | VM_EXEC | VM_WRITE]		= PAGE_SHARED_EXEC,
	[VM_SHARED | VM_EXEC | VM_WRITE | VM_READ]	= PAGE_SHARED_EXEC,
};
DECLARE_VM_GET_PAGE_PROT
