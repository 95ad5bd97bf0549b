// SPDX-License-Identifier: GPL-2.0
/*
 * The guest vDSO: a copy of vdso/vdso.so in kernel pages, mapped into
 * every new program, with the table of host vDSO entry points (see
 * um_vdso.h) written in at boot.  The table is shared by all guests, so
 * flipping its REALTIME_OK word takes effect everywhere at once.
 */
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/binfmts.h>
#include <linux/elf.h>
#include <linux/sched/mm.h>
#include <um_vdso.h>
#include "um.h"

extern const char um_vdso_image[], um_vdso_image_end[];

static struct page **um_vdso_pages;
static unsigned int um_vdso_npages;
static u64 *um_vdso_table;

static int um_vdso_mremap(const struct vm_special_mapping *sm,
			  struct vm_area_struct *new_vma)
{
	new_vma->vm_mm->context.vdso = new_vma->vm_start;
	return 0;
}

static struct vm_special_mapping um_vdso_mapping = {
	.name	= "[vdso]",
	.mremap	= um_vdso_mremap,
};

static int __init um_vdso_init(void)
{
	size_t size = um_vdso_image_end - um_vdso_image;
	struct um_host_vdso_entries host;
	unsigned int i;
	char *copy;

	if (host_vdso_entries(&host)) {
		pr_info("vdso: the host's vDSO cannot be used; clocks are system calls\n");
		return 0;
	}
	um_vdso_npages = DIV_ROUND_UP(size, PAGE_SIZE);
	um_vdso_pages = kcalloc(um_vdso_npages + 1, sizeof(*um_vdso_pages),
				GFP_KERNEL);
	copy = alloc_pages_exact(um_vdso_npages * PAGE_SIZE,
				 GFP_KERNEL | __GFP_ZERO);
	if (!um_vdso_pages || !copy) {
		kfree(um_vdso_pages);
		um_vdso_pages = NULL;
		return -ENOMEM;
	}
	memcpy(copy, um_vdso_image, size);
	um_vdso_table = (u64 *)(copy + UM_VDSO_TABLE_OFFSET);
	um_vdso_table[UM_VDSO_CLOCK_GETTIME / 8] = host.clock_gettime;
	um_vdso_table[UM_VDSO_GETTIMEOFDAY / 8] = host.gettimeofday;
	um_vdso_table[UM_VDSO_TIME / 8] = host.time;
	um_vdso_table[UM_VDSO_REALTIME_OK / 8] = 1;
	um_vdso_table[UM_VDSO_MONO_SEC / 8] = um_mono_offset / NSEC_PER_SEC;
	um_vdso_table[UM_VDSO_MONO_NSEC / 8] = um_mono_offset % NSEC_PER_SEC;
	for (i = 0; i < um_vdso_npages; i++)
		um_vdso_pages[i] = virt_to_page(copy + i * PAGE_SIZE);
	um_vdso_mapping.pages = um_vdso_pages;
	return 0;
}
arch_initcall(um_vdso_init);

/* The guest set its own wall clock: stop reading the host's. */
void um_vdso_realtime_from_host(bool yes)
{
	if (um_vdso_table)
		WRITE_ONCE(um_vdso_table[UM_VDSO_REALTIME_OK / 8], yes);
}

int arch_setup_additional_pages(struct linux_binprm *bprm, int uses_interp)
{
	unsigned long len = um_vdso_npages * PAGE_SIZE, addr;
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	int ret = 0;

	if (!um_vdso_pages)
		return 0;
	if (mmap_write_lock_killable(mm))
		return -EINTR;
	addr = get_unmapped_area(NULL, 0, len, 0, 0);
	if (IS_ERR_VALUE(addr)) {
		ret = addr;
		goto out;
	}
	vma = _install_special_mapping(mm, addr, len,
				       VM_READ | VM_EXEC | VM_MAYREAD |
				       VM_MAYWRITE | VM_MAYEXEC,
				       &um_vdso_mapping);
	if (IS_ERR(vma)) {
		ret = PTR_ERR(vma);
		goto out;
	}
	mm->context.vdso = addr;
out:
	mmap_write_unlock(mm);
	return ret;
}
