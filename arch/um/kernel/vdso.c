// SPDX-License-Identifier: GPL-2.0
/*
 * The guest vDSO: a copy of vdso/vdso.so in kernel pages, mapped into
 * every new program.  Its data page (um_vdso.h), shared by all guests,
 * gets the host's clock_gettime() at boot and the timekeeper's state at
 * every update, so that the vDSO's clocks are exactly the kernel's.
 */
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/binfmts.h>
#include <linux/elf.h>
#include <linux/sched/mm.h>
#include <linux/time.h>
#include <linux/timekeeper_internal.h>
#include <um_vdso.h>
#include "um.h"

extern const char um_vdso_image[], um_vdso_image_end[];

static struct page **um_vdso_pages;
static unsigned int um_vdso_npages;
static struct um_vdso_data *um_vdso_data;

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
	/* mult stays 0, "no data yet", until the next update_vsyscall(). */
	um_vdso_data = (struct um_vdso_data *)(copy + UM_VDSO_DATA_OFFSET);
	um_vdso_data->host_clock_gettime = host.clock_gettime;
	um_vdso_data->mono_offset = um_mono_offset;
	update_vsyscall_tz();
	for (i = 0; i < um_vdso_npages; i++)
		um_vdso_pages[i] = virt_to_page(copy + i * PAGE_SIZE);
	um_vdso_mapping.pages = um_vdso_pages;
	return 0;
}
arch_initcall(um_vdso_init);

/*
 * Called by timekeeping, under its lock, whenever the timekeeper
 * changes (every tick, settimeofday, adjtimex).  A reader in the vDSO
 * retries while seq is odd or has changed under it.
 */
void update_vsyscall(struct timekeeper *tk)
{
	struct um_vdso_data *d = um_vdso_data;
	struct tk_read_base *tkr = &tk->tkr_mono;

	if (!d)
		return;
	WRITE_ONCE(d->seq, d->seq + 1);
	/* seq odd before any field changes; pairs with the vDSO's reads. */
	smp_wmb();
	d->cycle_last = tkr->cycle_last;
	d->xtime_nsec = tkr->xtime_nsec;
	d->shift = tkr->shift;
	d->base[UM_VDSO_REALTIME] = tk->xtime_sec * NSEC_PER_SEC;
	d->base[UM_VDSO_MONOTONIC] = ktime_to_ns(tkr->base);
	d->base[UM_VDSO_BOOTTIME] = ktime_to_ns(ktime_add(tkr->base,
							  tk->offs_boot));
	d->mult = tkr->mult;
	/* Every field written before seq is even again. */
	smp_wmb();
	WRITE_ONCE(d->seq, d->seq + 1);
}

/* The time zone is read on its own, outside the sequence. */
void update_vsyscall_tz(void)
{
	struct um_vdso_data *d = um_vdso_data;

	if (!d)
		return;
	WRITE_ONCE(d->tz_minuteswest, sys_tz.tz_minuteswest);
	WRITE_ONCE(d->tz_dsttime, sys_tz.tz_dsttime);
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
