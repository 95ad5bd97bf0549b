/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stub: a page of code mapped at UM_STUB_CODE in every guest's host
 * process, plus per-mm data pages at UM_STUB_DATA that the kernel also
 * sees (they are physmem pages).  The kernel stops the guest, writes a
 * batch of host mapping changes into the data pages, points the guest
 * thread at um_stub_run_ops() and lets it run until its int3.
 */
#ifndef __UM_STUB_H
#define __UM_STUB_H

#include <um_layout.h>

#define UM_STUB_OP_MMAP		1
#define UM_STUB_OP_MUNMAP	2
/* prctl(PR_SET_TSC, prot): the PR_TSC_* mode of the process's thread. */
#define UM_STUB_OP_SET_TSC	3

/* UM_PROT_* are the host's PROT_* values, fixed by the x86_64 ABI. */
#define UM_PROT_READ		1
#define UM_PROT_WRITE		2
#define UM_PROT_EXEC		4

struct um_stub_op {
	unsigned long kind;
	unsigned long addr;
	unsigned long len;
	unsigned long prot;
	unsigned long offset;	/* in physmem, for UM_STUB_OP_MMAP */
};

/* The last data page is the stub's stack; the ops fill the others. */
#define UM_STUB_STACK_TOP	UM_STUB_END
#define UM_STUB_MAX_OPS		\
	(((UM_STUB_DATA_PAGES - 1) * UM_PAGE_SIZE - 64) / sizeof(struct um_stub_op))

struct um_stub_data {
	long physmem_fd;
	long nr_ops;
	long err;		/* 0, or -errno of the op that failed */
	long failed_op;
	unsigned long pad[4];
	struct um_stub_op ops[UM_STUB_MAX_OPS];
};

#endif
