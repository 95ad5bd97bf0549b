// SPDX-License-Identifier: GPL-2.0
/*
 * Page faults of guest code (reported by the host as SIGSEGV in the
 * guest's process) and of the kernel's own user copies both come here.
 */
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/perf_event.h>
#include <asm/ptrace.h>
#include "um.h"

/* The registers of a context in the kernel itself, as generic code sees it. */
struct pt_regs um_kernel_regs = { .kernel_mode = 1 };

/*
 * Resolve a fault at addr the way the hardware's fault handler would.
 * Returns 0 when the page is now there, else the signal (SIGSEGV or
 * SIGBUS) the guest should get, with *code the si_code.  The kernel's
 * own accesses to user memory pass a NULL code.
 */
int um_fault_in(unsigned long addr, bool write, bool exec, int *code)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	unsigned int flags = FAULT_FLAG_DEFAULT | FAULT_FLAG_USER;
	vm_fault_t fault;
	struct pt_regs *regs = code ? current_pt_regs() : &um_kernel_regs;
	int dummy;

	if (!code)
		code = &dummy;
	*code = SEGV_MAPERR;
	if (!mm)
		return SIGSEGV;
	if (write)
		flags |= FAULT_FLAG_WRITE;
	if (exec)
		flags |= FAULT_FLAG_INSTRUCTION;
retry:
	vma = lock_mm_and_find_vma(mm, addr, NULL);
	if (!vma)
		return SIGSEGV;
	*code = SEGV_ACCERR;
	if (exec ? !(vma->vm_flags & VM_EXEC) :
	    write ? !(vma->vm_flags & VM_WRITE) :
	    !(vma->vm_flags & (VM_READ | VM_EXEC))) {
		mmap_read_unlock(mm);
		return SIGSEGV;
	}
	fault = handle_mm_fault(vma, addr, flags, NULL);
	if (fault_signal_pending(fault, regs)) {
		/* The mm lock is already dropped. */
		return fault & VM_FAULT_COMPLETED ? 0 : SIGSEGV;
	}
	if (fault & VM_FAULT_COMPLETED)
		return 0;
	if (fault & VM_FAULT_RETRY) {
		flags |= FAULT_FLAG_TRIED;
		goto retry;
	}
	mmap_read_unlock(mm);
	if (fault & VM_FAULT_OOM) {
		pagefault_out_of_memory();
		return 0;
	}
	if (fault & (VM_FAULT_SIGBUS | VM_FAULT_HWPOISON |
		     VM_FAULT_HWPOISON_LARGE)) {
		*code = BUS_ADRERR;
		return SIGBUS;
	}
	if (fault & VM_FAULT_SIGSEGV)
		return SIGSEGV;
	return 0;
}
