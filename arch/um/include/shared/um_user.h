/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest address spaces as host processes: the host side runs them
 * through a process backend (ptrace or seccomp), the kernel side decides.
 */
#ifndef __UM_USER_H
#define __UM_USER_H

#include <um_stub.h>

/* Why a guest thread stopped. */
enum um_user_stop {
	UM_STOP_SYSCALL,	/* at a system call (not executed) */
	UM_STOP_SIGNAL,		/* a fault or trap: sig, code, addr */
	UM_STOP_INTERRUPT,	/* we stopped it to run the kernel */
	UM_STOP_DIED,		/* the host process is gone */
};

struct um_user_event {
	enum um_user_stop stop;
	int sig;
	int code;
	unsigned long addr;
	int trapno;
	long err;		/* x86 error code of a fault, -1: unknown */
	unsigned long dr6;	/* debug traps: the host's DR6 (x86 polarity) */
};

/* The host's handle on one guest address space. */
struct um_host_mm {
	int pid;		/* 0: none */
	int ctl_fd;		/* seccomp: our end of the stub's socket */
	struct um_stub_data *data;	/* its stub data, as we see it */
};

/* New host process for a guest mm, stub mapped, filled into @hm. */
int host_mm_create(struct um_host_mm *hm, unsigned long stub_code_phys,
		   unsigned long stub_data_phys, struct um_stub_data *data);
void host_mm_destroy(struct um_host_mm *hm);
/*
 * Apply a batch of mapping changes to the process; *failed is the index
 * of the op that failed when it returns an error.
 */
int host_mm_run_ops(struct um_host_mm *hm, const struct um_stub_op *ops,
		    int nr, int *failed);
/*
 * Must mappings lose access at flush_tlb time, rather than before the
 * process next runs?  Under seccomp a hostile process may go on running
 * when the kernel believes it stopped.
 */
int host_mm_eager_sync(void);

/*
 * Load gregs into the guest thread, run it until it stops, store its
 * registers back.  single_step: stop after one instruction.
 */
int host_user_run(struct um_host_mm *hm, unsigned long *gregs,
		  int single_step, struct um_user_event *ev);

/* FPU/SSE/AVX state (XSAVE layout) of the process's thread. */
int host_fpstate_get(struct um_host_mm *hm, void *buf, unsigned int size);
int host_fpstate_set(struct um_host_mm *hm, const void *buf,
		     unsigned int size);

/*
 * The hardware breakpoints of the process's thread: DR0-3 and DR7 (0:
 * none enabled), given to the host's ptrace, which validates them again.
 */
int host_debugregs_set(struct um_host_mm *hm, const unsigned long *addr,
		       unsigned long dr7);

/*
 * Does the host let a process make rdtsc fault (prctl PR_SET_TSC)?
 * Guest processes are host processes: their setting is the host's.
 */
int host_tsc_ctl_supported(void);

/* Kernel side, called while a guest runs: should it be stopped? */
int um_user_should_stop(void);

#endif
