// SPDX-License-Identifier: GPL-2.0
/*
 * Code that runs inside a guest's host process, at UM_STUB_CODE.  It is
 * copied there page-wise, so it must not refer to anything outside its
 * own section: no globals, no libc, no jump tables, system calls by hand.
 * The kernel enters it by setting the thread's registers (rip, rsp) with
 * ptrace; it reports back with int3.
 */
#include <sys/syscall.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <um_layout.h>
#include <um_stub.h>
#include "stub.h"

static inline __attribute__((always_inline)) void stub_trap(void)
{
	__asm__ volatile("int3" ::: "memory");
}

/*
 * First run in a new process: drop every mapping inherited from the
 * kernel's process but the stub itself and the host's vDSO, then report.
 */
void STUB_CODE um_stub_init(void)
{
	stub_syscall6(__NR_munmap, 0, UM_STUB_CODE, 0, 0, 0, 0);
	stub_syscall6(__NR_munmap, UM_HOST_VDSO_END,
		      0x7ffffffff000UL - UM_HOST_VDSO_END, 0, 0, 0, 0);
	stub_trap();
	for (;;)
		stub_trap();
}

/* Apply the batch of mapping changes in the data pages, then report. */
void STUB_CODE um_stub_run_ops(void)
{
	struct um_stub_data *d = (struct um_stub_data *)UM_STUB_DATA;
	long i, ret = 0;

	for (i = 0; i < d->nr_ops; i++) {
		struct um_stub_op *op = &d->ops[i];

		if (op->kind == UM_STUB_OP_MMAP)
			ret = stub_syscall6(__NR_mmap, op->addr, op->len,
					    op->prot, MAP_SHARED | MAP_FIXED,
					    d->physmem_fd, op->offset);
		else if (op->kind == UM_STUB_OP_SET_TSC)
			ret = stub_syscall6(__NR_prctl, PR_SET_TSC, op->prot,
					    0, 0, 0, 0);
		else
			ret = stub_syscall6(__NR_munmap, op->addr, op->len,
					    0, 0, 0, 0);
		if (ret < 0 && ret > -4096)
			break;
		ret = 0;
	}
	d->err = ret;
	d->failed_op = i;
	stub_trap();
	for (;;)
		stub_trap();
}
