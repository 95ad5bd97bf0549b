/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stub: a page of code mapped at UM_STUB_CODE in every guest's host
 * process, plus per-mm data pages at UM_STUB_DATA that the kernel also
 * sees (they are physmem pages).  How the kernel and the stub talk
 * depends on the process backend (arch/um/os/backend_*.c): under ptrace
 * the kernel points the stopped thread at stub code; under seccomp the
 * stub's signal handler reports through the channel below and waits.
 */
#ifndef __UM_STUB_H
#define __UM_STUB_H

#include <um_layout.h>
#include <um_regs.h>

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

/*
 * Data pages: the header page (channel, registers, ptrace-mode results),
 * a page of FPU state, two of ops (the kernel's batch under ptrace), two
 * the seccomp stub receives its batch into, and two of stack.
 */
#define UM_STUB_OPS_BYTES	(2 * UM_PAGE_SIZE)
#define UM_STUB_MAX_OPS		(UM_STUB_OPS_BYTES / sizeof(struct um_stub_op))
#define UM_STUB_STACK_TOP	UM_STUB_END
#define UM_STUB_STACK		(UM_STUB_END - 2 * UM_PAGE_SIZE)

/* Channel owner (the futex word): who may act on the data pages now. */
#define UM_CH_STUB		0	/* the guest or its stub runs */
#define UM_CH_KERNEL		1	/* a report waits for the kernel */

/* What the stub reports. */
#define UM_EV_TRAP		1	/* a signal stopped the guest: ev_* */
#define UM_EV_OPS_DONE		2	/* the batch of ops was applied */

/* What the kernel asks. */
#define UM_CMD_RESUME		1	/* run the guest with regs/fpstate */
#define UM_CMD_RUN_OPS		2	/* take a batch from the socket */

/* exit_group() status of a stub that caught the guest cheating. */
#define UM_STUB_DIE		111

struct um_stub_data {
	/* ptrace backend */
	long physmem_fd;
	long nr_ops;
	long err;		/* 0, or -errno of the op that failed */
	long failed_op;

	/* seccomp backend: the channel */
	int ch;
	int kernel_waiting;
	int stub_waiting;
	int cmd;
	int ev_kind;
	int ev_sig;
	int ev_code;
	int ev_syscall;
	long ev_addr;
	long ev_trapno;
	long ev_err;
	long spin;		/* how long the stub spins before sleeping */
	unsigned long cur_fs;	/* the thread's fs/gs base as last set */
	unsigned long cur_gs;
	unsigned long regs[UM_NR_GREGS];

	/* recvmsg() of the batch: header, vector, one descriptor's cmsg */
	unsigned long msg[7];
	unsigned long iov[2];
	unsigned long cmsg[3];

	/* the filter, while the process starts */
	unsigned long fprog[2];
	unsigned long filter[128];

	unsigned char fpstate[UM_PAGE_SIZE]
		__attribute__((aligned(UM_PAGE_SIZE)));
	struct um_stub_op ops[UM_STUB_MAX_OPS];
	unsigned char rx[UM_STUB_OPS_BYTES];
};

#endif
