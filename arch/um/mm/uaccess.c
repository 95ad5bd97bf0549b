// SPDX-License-Identifier: GPL-2.0
/*
 * Copies to and from guest user memory.  The kernel's host process does
 * not map user memory, so each access finds the page through the
 * current mm's page tables and copies through the direct map.  Where
 * the hardware would take a page fault, so do we: um_fault_in() runs
 * the same path a guest page fault does.
 */
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/pgtable.h>
#include "../kernel/um.h"

/* The pte mapping addr in mm, or NULL where no table exists. */
pte_t *um_user_pte(struct mm_struct *mm, unsigned long addr)
{
	pgd_t *pgd;
	p4d_t *p4d;
	pud_t *pud;
	pmd_t *pmd;

	if (!mm || addr >= TASK_SIZE)
		return NULL;
	pgd = pgd_offset(mm, addr);
	p4d = p4d_offset(pgd, addr);
	if (!p4d_present(*p4d))
		return NULL;
	pud = pud_offset(p4d, addr);
	if (!pud_present(*pud))
		return NULL;
	pmd = pmd_offset(pud, addr);
	if (!pmd_present(*pmd))
		return NULL;
	return pte_offset_kernel(pmd, addr);
}

/*
 * The kernel address of user byte addr, for reading or writing, or NULL
 * if the guest may not access it.  Valid until the next sleep: no other
 * task can run before then (one CPU, no preemption).
 */
static void *um_user_byte(unsigned long addr, bool write)
{
	int tries;

	for (tries = 0; tries < 4; tries++) {
		pte_t *ptep = um_user_pte(current->mm, addr);

		if (ptep) {
			pte_t pte = ptep_get(ptep);

			if (pte_host_visible(pte) &&
			    (pte_val(pte) & _PAGE_USER) &&
			    (!write || (pte_write(pte) && pte_dirty(pte))))
				return (char *)__va(pte_pfn(pte) << PAGE_SHIFT) +
				       (addr & ~PAGE_MASK);
		}
		if (pagefault_disabled() || !current->mm)
			return NULL;
		if (um_fault_in(addr, write, false, NULL))
			return NULL;
	}
	return NULL;
}

/* Apply op page by page; returns the number of bytes not done. */
static unsigned long um_user_walk(unsigned long uaddr, unsigned long n,
				  bool write,
				  void (*op)(void *user, void *arg,
					     unsigned long len),
				  void *arg)
{
	while (n) {
		unsigned long chunk = min(n, PAGE_SIZE - (uaddr & ~PAGE_MASK));
		void *user = um_user_byte(uaddr, write);

		if (!user)
			return n;
		op(user, arg, chunk);
		uaddr += chunk;
		arg = arg ? (char *)arg + chunk : NULL;
		n -= chunk;
	}
	return 0;
}

static void um_copy_out(void *user, void *from, unsigned long len)
{
	memcpy(user, from, len);
}

static void um_copy_in(void *user, void *to, unsigned long len)
{
	memcpy(to, user, len);
}

static void um_zero(void *user, void *unused, unsigned long len)
{
	memset(user, 0, len);
}

unsigned long raw_copy_from_user(void *to, const void __user *from,
				 unsigned long n)
{
	return um_user_walk((unsigned long)from, n, false, um_copy_in, to);
}
EXPORT_SYMBOL(raw_copy_from_user);

unsigned long raw_copy_to_user(void __user *to, const void *from,
			       unsigned long n)
{
	return um_user_walk((unsigned long)to, n, true, um_copy_out,
			    (void *)from);
}
EXPORT_SYMBOL(raw_copy_to_user);

unsigned long __clear_user(void __user *to, unsigned long n)
{
	return um_user_walk((unsigned long)to, n, true, um_zero, NULL);
}
EXPORT_SYMBOL(__clear_user);
