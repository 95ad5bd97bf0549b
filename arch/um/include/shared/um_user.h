/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest address spaces as host processes, run under ptrace: the host
 * side does the ptrace work, the kernel side decides.
 */
#ifndef __UM_USER_H
#define __UM_USER_H

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
	unsigned long dr6;	/* debug traps: the host's DR6 (x86 polarity) */
};

/* New host process for a guest mm, stub mapped; returns its pid. */
int host_mm_create(unsigned long stub_code_phys, unsigned long stub_data_phys);
void host_mm_destroy(int pid);
/* Run the op batch the kernel put in the mm's stub data. */
int host_mm_run_ops(int pid);

/*
 * Load gregs into the guest thread, run it until it stops, store its
 * registers back.  single_step: stop after one instruction.
 */
int host_user_run(int pid, unsigned long *gregs, int single_step,
		  struct um_user_event *ev);

/* FPU/SSE/AVX state (XSAVE layout) of the process's thread. */
int host_fpstate_get(int pid, void *buf, unsigned int size);
int host_fpstate_set(int pid, const void *buf, unsigned int size);

/*
 * The hardware breakpoints of the process's thread: DR0-3 and DR7 (0:
 * none enabled), given to the host's ptrace, which validates them again.
 */
int host_debugregs_set(int pid, const unsigned long *addr, unsigned long dr7);

/*
 * Does the host let a process make rdtsc fault (prctl PR_SET_TSC)?
 * Guest processes are host processes: their setting is the host's.
 */
int host_tsc_ctl_supported(void);

/* Kernel side, called while a guest runs: should it be stopped? */
int um_user_should_stop(void);

#endif
