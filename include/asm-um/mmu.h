/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __ASM_UM_MMU_H
#define __ASM_UM_MMU_H

/*
 * A guest address space is a host process running our stub.  Its data
 * pages are physmem pages the kernel also sees, through which the stub
 * takes batched mmap/munmap/mprotect requests.
 */
#include <um_user.h>

struct task_struct;

typedef struct {
	struct um_host_mm host;		/* host.pid 0: no host process */
	struct task_struct *fp_owner;	/* whose FPU state the host holds */
	struct page *stub_pages;	/* UM_STUB_DATA_PAGES pages */
	unsigned long sync_start;	/* range with unsynced entries */
	unsigned long sync_end;
	unsigned long vdso;		/* where the vDSO is mapped */
	int host_tsc_sigsegv;		/* the host process's PR_SET_TSC mode */
	struct task_struct *dr_owner;	/* whose debug registers it holds */
	unsigned long host_dr7;		/* their enabled part, 0: none */
} mm_context_t;

#endif
