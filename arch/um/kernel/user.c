// SPDX-License-Identifier: GPL-2.0
/*
 * Running guest user code.
 *
 * Each mm is a host process (see arch/um/os/process.c) whose mappings
 * follow the mm's page tables: changes are noted by range as the page
 * tables change and applied in one batch, by the stub, before the
 * process next runs.  Each task runs its user part from its own kernel
 * stack: load registers, run until a system call, fault or interrupt,
 * handle it, repeat.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/task_stack.h>
#include <linux/sched/signal.h>
#include <linux/mm.h>
#include <linux/nospec.h>
#include <linux/gfp.h>
#include <linux/ptrace.h>
#include <linux/prctl.h>
#include <linux/resume_user_mode.h>
#include <linux/syscalls.h>
#include <linux/seccomp.h>
#include <linux/string.h>
#include <linux/userfaultfd_k.h>
#include <asm/mmu_context.h>
#include <asm/pgalloc.h>
#include <asm/syscall.h>
#include <asm/prctl.h>
#include <asm/sigcontext.h>
#include <asm/unistd.h>
#include <um_stub.h>
#include <um_user.h>
#include <host.h>
#include "um.h"

/* The stub's code, copied into a physmem page every guest maps. */
static unsigned long stub_code_phys;

static int __init um_stub_page_init(void)
{
	extern char __um_stub_start[], __um_stub_end[];
	void *page = (void *)__get_free_page(GFP_KERNEL | __GFP_ZERO);

	if (!page)
		panic("no memory for the stub page");
	if (__um_stub_end - __um_stub_start > PAGE_SIZE)
		panic("the stub is larger than a page");
	memcpy(page, __um_stub_start, __um_stub_end - __um_stub_start);
	stub_code_phys = __pa(page);
	return 0;
}
arch_initcall(um_stub_page_init);

/* ---------------------------------------------------------------- */
/* Address spaces                                                   */

int init_new_context(struct task_struct *tsk, struct mm_struct *mm)
{
	mm_context_t *ctx = &mm->context;
	int err;

	ctx->stub_pages = alloc_pages(GFP_KERNEL | __GFP_ZERO,
				      get_order(UM_STUB_DATA_PAGES * PAGE_SIZE));
	if (!ctx->stub_pages)
		return -ENOMEM;
	err = host_mm_create(&ctx->host, stub_code_phys,
			     page_to_phys(ctx->stub_pages),
			     page_address(ctx->stub_pages));
	if (err) {
		__free_pages(ctx->stub_pages,
			     get_order(UM_STUB_DATA_PAGES * PAGE_SIZE));
		ctx->stub_pages = NULL;
		return err;
	}
	ctx->fp_owner = NULL;
	ctx->host_tsc_sigsegv = 0;	/* a new host process reads the TSC */
	ctx->dr_owner = NULL;
	ctx->host_dr7 = 0;
	/* Whatever the page tables hold (a fork's copy) is not mapped yet. */
	ctx->sync_start = 0;
	ctx->sync_end = TASK_SIZE;
	return 0;
}

void destroy_context(struct mm_struct *mm)
{
	mm_context_t *ctx = &mm->context;

	host_mm_destroy(&ctx->host);
	if (ctx->stub_pages)
		__free_pages(ctx->stub_pages,
			     get_order(UM_STUB_DATA_PAGES * PAGE_SIZE));
	ctx->stub_pages = NULL;
}

void um_mm_note_change(struct mm_struct *mm, unsigned long start,
		       unsigned long end)
{
	mm_context_t *ctx;

	if (!mm || mm == &init_mm)
		return;
	ctx = &mm->context;
	end = min(end, TASK_SIZE);
	if (start >= end)
		return;
	if (ctx->sync_start >= ctx->sync_end) {
		ctx->sync_start = start;
		ctx->sync_end = end;
		return;
	}
	ctx->sync_start = min(ctx->sync_start, start);
	ctx->sync_end = max(ctx->sync_end, end);
}

/*
 * Batches of host mapping changes, merged where they continue.  They are
 * built in kernel memory, where no guest can touch them; one batch at a
 * time (the callers keep preemption off).
 */
static struct um_stub_op um_sync_ops[UM_STUB_MAX_OPS];

struct um_sync {
	struct mm_struct *mm;
	int nr_ops;
};

static void um_sync_flush(struct um_sync *s)
{
	mm_context_t *ctx = &s->mm->context;
	int err, failed;

	if (!s->nr_ops)
		return;
	err = host_mm_run_ops(&ctx->host, um_sync_ops, s->nr_ops, &failed);
	s->nr_ops = 0;
	if (!err)
		return;
	pr_err("um: host mapping update failed (%d) at %lx+%lx\n", err,
	       um_sync_ops[failed].addr, um_sync_ops[failed].len);
	/* Its mappings must not outlive the failure: the process goes. */
	host_mm_destroy(&ctx->host);
	if (current->mm == s->mm)
		force_sig(SIGKILL);
}

static void um_sync_add(struct um_sync *s, unsigned long kind,
			unsigned long addr, unsigned long len,
			unsigned long prot, unsigned long offset)
{
	if (s->nr_ops) {
		struct um_stub_op *last = &um_sync_ops[s->nr_ops - 1];

		if (last->kind == kind && last->prot == prot &&
		    last->addr + last->len == addr &&
		    (kind != UM_STUB_OP_MMAP ||
		     last->offset + last->len == offset)) {
			last->len += len;
			return;
		}
	}
	if (s->nr_ops == UM_STUB_MAX_OPS)
		um_sync_flush(s);
	um_sync_ops[s->nr_ops++] = (struct um_stub_op) {
		.kind = kind, .addr = addr, .len = len, .prot = prot,
		.offset = offset,
	};
}

static void um_sync_pte(struct um_sync *s, pte_t *ptep, unsigned long addr)
{
	pte_t pte = *ptep;
	unsigned long prot;

	if (!pte_needsync(pte))
		return;
	*ptep = __pte(pte_val(pte) & ~_PAGE_NEEDSYNC);
	if (!pte_host_visible(pte) || !(pte_val(pte) & _PAGE_USER)) {
		um_sync_add(s, UM_STUB_OP_MUNMAP, addr, PAGE_SIZE, 0, 0);
		return;
	}
	prot = UM_PROT_READ;
	/* Clean pages stay read-only, so the first write marks them dirty. */
	if (pte_write(pte) && pte_dirty(pte))
		prot |= UM_PROT_WRITE;
	if (pte_exec(pte))
		prot |= UM_PROT_EXEC;
	um_sync_add(s, UM_STUB_OP_MMAP, addr, PAGE_SIZE, prot,
		    pte_pfn(pte) << PAGE_SHIFT);
}

/*
 * Bring the host process of mm in line with its page tables over the
 * noted range.  Where a whole table is missing, nothing may be mapped.
 */
static void um_mm_sync(struct mm_struct *mm)
{
	mm_context_t *ctx = &mm->context;
	unsigned long addr = ctx->sync_start, end = ctx->sync_end;
	struct um_sync s = { .mm = mm };

	if (addr >= end || !ctx->host.pid)
		return;
	preempt_disable();
	ctx->sync_start = ctx->sync_end = 0;

	while (addr < end) {
		pgd_t *pgd = pgd_offset(mm, addr);
		p4d_t *p4d = p4d_offset(pgd, addr);
		unsigned long next;
		pud_t *pud;
		pmd_t *pmd;
		pte_t *pte;

		next = min(pgd_addr_end(addr, end), end);
		if (!p4d_present(*p4d))
			goto hole;
		pud = pud_offset(p4d, addr);
		next = min(pud_addr_end(addr, end), end);
		if (!pud_present(*pud))
			goto hole;
		pmd = pmd_offset(pud, addr);
		next = min(pmd_addr_end(addr, end), end);
		if (!pmd_present(*pmd))
			goto hole;
		pte = pte_offset_kernel(pmd, addr);
		for (; addr < next; addr += PAGE_SIZE, pte++)
			um_sync_pte(&s, pte, addr);
		continue;
hole:
		um_sync_add(&s, UM_STUB_OP_MUNMAP, addr, next - addr, 0, 0);
		addr = next;
	}
	um_sync_flush(&s);
	preempt_enable();
}

/*
 * flush_tlb_*(): under a backend that cannot be sure a guest process is
 * stopped, the host must drop mappings now, before the pages they name
 * are used for anything else.
 */
static bool um_eager_sync;

static int __init um_eager_sync_init(void)
{
	um_eager_sync = host_mm_eager_sync();
	pr_info("um: guest processes run under the %s backend\n",
		host_backend_name());
	return 0;
}
early_initcall(um_eager_sync_init);

void um_flush_tlb_range(struct mm_struct *mm, unsigned long start,
			unsigned long end)
{
	um_mm_note_change(mm, start, end);
	if (um_eager_sync && mm && mm != &init_mm)
		um_mm_sync(mm);
}

/*
 * prctl(PR_SET_TSC): a guest process is a host process, so the host's own
 * PR_SET_TSC makes rdtsc fault there (#GP: SIGSEGV, SI_KERNEL, as on x86).
 * The mode is per thread, kept across fork and exec as on x86; the threads
 * of an mm share its host process, whose mode follows the one that runs.
 */
static bool um_tsc_ctl;

static int __init um_tsc_ctl_init(void)
{
	um_tsc_ctl = host_tsc_ctl_supported();
	return 0;
}
early_initcall(um_tsc_ctl_init);

int um_get_tsc_mode(unsigned long adr)
{
	unsigned int val = current->thread.tsc_sigsegv ? PR_TSC_SIGSEGV :
							 PR_TSC_ENABLE;

	if (!um_tsc_ctl)
		return -EINVAL;
	return put_user(val, (unsigned int __user *)adr);
}

int um_set_tsc_mode(unsigned int val)
{
	if (!um_tsc_ctl || (val != PR_TSC_SIGSEGV && val != PR_TSC_ENABLE))
		return -EINVAL;
	current->thread.tsc_sigsegv = val == PR_TSC_SIGSEGV;
	return 0;
}

static void um_tsc_load(struct task_struct *tsk)
{
	mm_context_t *ctx = &tsk->mm->context;
	struct um_sync s = { .mm = tsk->mm };

	if (ctx->host_tsc_sigsegv == tsk->thread.tsc_sigsegv)
		return;
	preempt_disable();
	um_sync_add(&s, UM_STUB_OP_SET_TSC, 0, 0, tsk->thread.tsc_sigsegv ?
		    PR_TSC_SIGSEGV : PR_TSC_ENABLE, 0);
	um_sync_flush(&s);
	preempt_enable();
	ctx->host_tsc_sigsegv = tsk->thread.tsc_sigsegv;
}

/*
 * Hardware breakpoints (ptrace's u_debugreg, checked in ptrace.c): the
 * host process of the mm gets the enabled ones of the thread that runs
 * there, through the host's ptrace.  They then fire as on x86: the host
 * stops the process with SIGTRAP (TRAP_HWBKPT) and DR6 names the slot.
 */
static void um_dr_load(struct task_struct *tsk)
{
	mm_context_t *ctx = &tsk->mm->context;
	unsigned long dr7 = um_dr7_active(&tsk->thread);
	int err;

	if (ctx->dr_owner == tsk && !tsk->thread.dr_dirty)
		return;
	ctx->dr_owner = tsk;
	tsk->thread.dr_dirty = 0;
	if (!dr7 && !ctx->host_dr7)
		return;
	err = host_debugregs_set(&ctx->host, tsk->thread.debugreg, dr7);
	if (err) {
		pr_warn_once("um: the host refused a guest's debug registers (%d)\n",
			     err);
		dr7 = 0;
	}
	ctx->host_dr7 = dr7;
}

/* A new thread, an exec: no breakpoints, and the host must be told. */
void um_dr_reset(struct task_struct *tsk)
{
	struct thread_struct *t = &tsk->thread;

	memset(t->debugreg, 0, sizeof(t->debugreg));
	t->dr_used = 0;
	t->dr_conf = 0;
	t->dr_dirty = 1;
}

/* ---------------------------------------------------------------- */
/* FPU state: lives in the host process of the task that last ran.  */

static unsigned int um_fpstate_size;

static int __init um_fpstate_init(void)
{
	unsigned int eax, ebx, ecx, edx;

	__asm__("cpuid" : "=a" (eax), "=b" (ebx), "=c" (ecx), "=d" (edx)
		: "a" (0xd), "c" (0));
	um_fpstate_size = ebx;
	if (!um_fpstate_size || um_fpstate_size > UM_FPSTATE_SIZE)
		panic("host XSAVE area of %u bytes is not supported",
		      um_fpstate_size);
	return 0;
}
early_initcall(um_fpstate_init);

/* Make tsk->thread.fpstate current (fetch it from the host if needed). */
void um_fpstate_save(struct task_struct *tsk)
{
	struct mm_struct *mm = tsk->mm;

	if (mm && mm->context.fp_owner == tsk) {
		if (host_fpstate_get(&mm->context.host, tsk->thread.fpstate,
				     um_fpstate_size) == 0)
			tsk->thread.fpstate_valid = 1;
	}
}

/* tsk->thread.fpstate changed: the host copy is stale. */
void um_fpstate_changed(struct task_struct *tsk)
{
	if (tsk->mm && tsk->mm->context.fp_owner == tsk)
		tsk->mm->context.fp_owner = NULL;
}

/* The registers of a fresh thread: x87 control word and MXCSR defaults. */
static void um_fpstate_default(struct task_struct *tsk)
{
	unsigned char *f = tsk->thread.fpstate;

	memset(f, 0, um_fpstate_size);
	*(u16 *)(f + 0) = 0x37f;	/* FCW */
	*(u32 *)(f + 24) = 0x1f80;	/* MXCSR */
	*(u64 *)(f + 512) = 3;		/* XSTATE_BV: x87, SSE */
	tsk->thread.fpstate_valid = 1;
}

static void um_fpstate_load(struct task_struct *tsk)
{
	mm_context_t *ctx = &tsk->mm->context;

	if (ctx->fp_owner == tsk)
		return;
	if (ctx->fp_owner)
		um_fpstate_save(ctx->fp_owner);
	if (!tsk->thread.fpstate_valid)
		um_fpstate_default(tsk);
	if (host_fpstate_set(&ctx->host, tsk->thread.fpstate,
			     um_fpstate_size))
		pr_warn_once("um: cannot load FPU state of a guest thread\n");
	ctx->fp_owner = tsk;
}

static u64 um_xcr0(void)
{
	u32 lo, hi;

	__asm__("xgetbv" : "=a" (lo), "=d" (hi) : "c" (0));
	return ((u64)hi << 32) | lo;
}

/*
 * Make tsk->thread.fpstate current and self-describing, as user space
 * sees an XSAVE image: the software bytes in the FXSAVE area's reserved
 * tail name the enabled features and the image size.
 */
void um_fpstate_export(struct task_struct *tsk)
{
	struct _fpx_sw_bytes sw = {
		.magic1		= FP_XSTATE_MAGIC1,
		.extended_size	= um_fpstate_size + FP_XSTATE_MAGIC2_SIZE,
		.xfeatures	= um_xcr0(),
		.xstate_size	= um_fpstate_size,
	};

	um_fpstate_save(tsk);
	if (!tsk->thread.fpstate_valid)
		um_fpstate_default(tsk);
	memcpy(tsk->thread.fpstate + 464, &sw, sizeof(sw));
}

/* User space wrote tsk->thread.fpstate: keep only what the host accepts. */
void um_fpstate_import(struct task_struct *tsk)
{
	unsigned char *f = tsk->thread.fpstate;

	/* Reserved XSAVE header bits would make the host refuse the image. */
	memset(f + 512 + 16, 0, 48);
	*(u64 *)(f + 512) &= um_xcr0();
	*(u64 *)(f + 520) = 0;
	/* Reserved MXCSR bits fault on restore. */
	*(u32 *)(f + 24) &= 0xffff;
	tsk->thread.fpstate_valid = 1;
	um_fpstate_changed(tsk);
}

int um_copy_fpstate(struct task_struct *dst, struct task_struct *src)
{
	um_fpstate_save(src);
	memcpy(dst->thread.fpstate, src->thread.fpstate,
	       sizeof(dst->thread.fpstate));
	dst->thread.fpstate_valid = src->thread.fpstate_valid;
	return 0;
}

void um_reset_fpstate(struct task_struct *tsk)
{
	tsk->thread.fpstate_valid = 0;
	um_fpstate_changed(tsk);
}

unsigned int um_fpstate_bytes(void)
{
	return um_fpstate_size;
}

void deactivate_mm(struct task_struct *tsk, struct mm_struct *mm)
{
	if (mm && mm->context.fp_owner == tsk)
		mm->context.fp_owner = NULL;
	if (mm && mm->context.dr_owner == tsk)
		mm->context.dr_owner = NULL;
}

/* ---------------------------------------------------------------- */
/* System calls                                                     */

static void um_syscall(struct pt_regs *regs)
{
	/* As on x86-64, the number is the low 32 bits of rax. */
	int nr;
	long ret = -ENOSYS;

	regs->in_syscall = 1;
	if (unlikely(test_thread_flag(TIF_SYSCALL_TRACE)) &&
	    ptrace_report_syscall_entry(regs)) {
		PT_REG(regs, AX) = -ENOSYS;
		goto out;
	}
	/* A filter that denies the call has already set its return value. */
	if (secure_computing() == -1)
		goto out;
	nr = (int)PT_REG(regs, ORIG_AX);
	/* A tracer cancels a call with nr -1 and chooses its result. */
	if (nr == -1)
		goto out;
	if ((unsigned int)nr < NR_syscalls) {
		nr = array_index_nospec(nr, NR_syscalls);
		ret = sys_call_table[nr](PT_REG(regs, DI), PT_REG(regs, SI),
					 PT_REG(regs, DX), PT_REG(regs, R10),
					 PT_REG(regs, R8), PT_REG(regs, R9));
	}
	PT_REG(regs, AX) = ret;
out:
	if (unlikely(test_thread_flag(TIF_SYSCALL_TRACE)))
		ptrace_report_syscall_exit(regs, 0);
}

long um_sys_arch_prctl(int code, unsigned long arg)
{
	struct pt_regs *regs = current_pt_regs();

	switch (code) {
	case ARCH_SET_FS:
		if (arg >= TASK_SIZE)
			return -EPERM;
		PT_REG(regs, FS_BASE) = arg;
		return 0;
	case ARCH_SET_GS:
		if (arg >= TASK_SIZE)
			return -EPERM;
		PT_REG(regs, GS_BASE) = arg;
		return 0;
	case ARCH_GET_FS:
		return put_user(PT_REG(regs, FS_BASE), (unsigned long __user *)arg);
	case ARCH_GET_GS:
		return put_user(PT_REG(regs, GS_BASE), (unsigned long __user *)arg);
	case ARCH_GET_CPUID:
		/* cpuid always works: there is no CPUID faulting to turn on. */
		return 1;
	case ARCH_SET_CPUID:
		/* What x86 says on a CPU without CPUID faulting. */
		return -ENODEV;
	default:
		return -EINVAL;
	}
}

/* ---------------------------------------------------------------- */
/* Faults and traps                                                 */

static void um_user_signal(struct pt_regs *regs, struct um_user_event *ev)
{
	int code = SEGV_MAPERR, sig;
	unsigned long addr = ev->addr;

	current->thread.fault_addr = addr;
	current->thread.error_code = 0;
	/* The x86 exception vector, for the guest's sigcontext. */
	switch (ev->sig) {
	case SIGSEGV:
		current->thread.trap_no = ev->code == SI_KERNEL ? 13 : 14;
		break;
	case SIGTRAP:
		current->thread.trap_no = ev->code == SI_KERNEL ? 3 : 1;
		break;
	case SIGILL:
		current->thread.trap_no = 6;
		break;
	case SIGBUS:
		current->thread.trap_no = 17;	/* #AC, the only user SIGBUS trap */
		break;
	default:		/* SIGFPE: #DE (0); x87/SIMD errors are 16/19 */
		current->thread.trap_no = ev->code == FPE_INTDIV ||
					  ev->code == FPE_INTOVF ? 0 : 19;
		break;
	}
	if (ev->sig == SIGSEGV && ev->code > 0 && ev->code != SI_KERNEL) {
		/* A page fault: resolve it as the MMU's handler would. */
		struct vm_area_struct *vma;
		bool write = false, exec = addr == PT_REG(regs, IP);

		pte_t *ptep;

		/*
		 * The host does not say whether the access was a write.  If
		 * the page is already mapped readable it must have been; else
		 * take a writable mapping's fault as a write at once.
		 */
		ptep = um_user_pte(current->mm, addr);
		if (ptep && pte_host_visible(ptep_get(ptep)) && !exec)
			write = true;
		/* The host's error code, where it gives one, says it all. */
		if (ev->err >= 0) {
			write = ev->err & 2;
			exec = ev->err & 0x10;
			goto fault;
		}
		mmap_read_lock(current->mm);
		vma = find_vma(current->mm, addr);
		/*
		 * An instruction fetch is never a write.  Where userfaultfd
		 * reports missing pages, a read is the safe guess: its
		 * handler must not see a write that was not one, and a write
		 * faults again once the page is there if it is read-only.
		 */
		if (!exec && vma && vma->vm_start <= addr &&
		    (vma->vm_flags & VM_WRITE) && !userfaultfd_missing(vma))
			write = true;
		mmap_read_unlock(current->mm);
fault:
		sig = um_fault_in(addr, write, exec, &code);
		if (!sig)
			return;
		/* The x86 page-fault error code: user, write, fetch, present. */
		current->thread.error_code = 4 | (write ? 2 : 0) |
			(exec ? 0x10 : 0) | (code == SEGV_ACCERR ? 1 : 0);
		force_sig_fault(sig, code, (void __user *)addr);
		return;
	}
	if (ev->sig == SIGSEGV) {
		/* General protection: no address to report. */
		force_sig_fault(SIGSEGV, SI_KERNEL, NULL);
		return;
	}
	/* A debug trap: DR6 tells the single step and the breakpoints hit. */
	if (ev->sig == SIGTRAP && (ev->code == TRAP_HWBKPT ||
				   ev->code == TRAP_TRACE))
		current->thread.dr6 = (ev->dr6 ^ 0xffff0ff0UL) & 0x400f;
	if (ev->sig == SIGTRAP && current->thread.single_step) {
		force_sig_fault(SIGTRAP, TRAP_TRACE,
				(void __user *)PT_REG(regs, IP));
		return;
	}
	force_sig_fault(ev->sig, ev->code, (void __user *)addr);
}

/* Host side asks, while a guest runs: does the kernel need the CPU? */
int um_user_should_stop(void)
{
	return need_resched() ||
	       (READ_ONCE(current_thread_info()->flags) & _TIF_WORK_USER);
}

/* Work before returning to user mode: signals, rescheduling, notifiers. */
static void um_exit_to_user(struct pt_regs *regs)
{
	unsigned long flags;

	for (;;) {
		local_irq_disable();
		flags = READ_ONCE(current_thread_info()->flags);
		if (!(flags & _TIF_WORK_USER))
			break;
		local_irq_enable();
		if (flags & _TIF_NEED_RESCHED)
			schedule();
		if (flags & (_TIF_SIGPENDING | _TIF_NOTIFY_SIGNAL))
			um_do_signal(regs);
		if (flags & _TIF_NOTIFY_RESUME)
			resume_user_mode_work(regs);
	}
	local_irq_enable();
}

void um_user_loop(void)
{
	struct pt_regs *regs = current_pt_regs();
	struct um_user_event ev;

	for (;;) {
		struct mm_struct *mm;
		int err;

		um_exit_to_user(regs);
		regs->in_syscall = 0;
		mm = current->mm;
		um_mm_sync(mm);
		um_tsc_load(current);
		um_dr_load(current);
		um_fpstate_load(current);

		WRITE_ONCE(um_user_running, 1);
		err = host_user_run(&mm->context.host, regs->gp,
				    current->thread.single_step, &ev);
		WRITE_ONCE(um_user_running, 0);
		if (err) {
			pr_err("um: lost control of guest process %d: %d\n",
			       task_pid_nr(current), err);
			force_sig(SIGKILL);
			continue;
		}
		switch (ev.stop) {
		case UM_STOP_SYSCALL:
			um_syscall(regs);
			break;
		case UM_STOP_SIGNAL:
			um_user_signal(regs, &ev);
			break;
		case UM_STOP_INTERRUPT:
			break;
		case UM_STOP_DIED:
			pr_err("um: host process of guest %d died (signal %d)\n",
			       task_pid_nr(current), ev.sig);
			host_mm_destroy(&mm->context.host);
			force_sig(SIGKILL);
			break;
		}
	}
}

void um_cpu_features_init(void)
{
	unsigned int eax, ebx, ecx, edx;

	__asm__("cpuid" : "=a" (eax), "=b" (ebx), "=c" (ecx), "=d" (edx)
		: "a" (1), "c" (0));
	um_elf_hwcap = edx;
}

unsigned long um_elf_hwcap;
