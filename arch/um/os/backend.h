/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Process backends: how a guest address space's host process is run.
 * Each is one ops table (backend_ptrace.c, backend_seccomp.c); process.c
 * has what they share and picks one at boot (mode=).
 */
#ifndef __UM_OS_BACKEND_H
#define __UM_OS_BACKEND_H

#include <um_user.h>

struct host_child_args {
	unsigned long stub_code_phys;
	unsigned long stub_data_phys;
	int ctl_fd;		/* the child's end of the socket, or -1 */
};

struct host_backend {
	const char *name;
	/* Must unmaps reach the host at flush time (host_mm_eager_sync)? */
	int eager_sync;
	/* Does it need a socket to the stub (struct um_host_mm.ctl_fd)? */
	int needs_socket;
	/* In the new child, stub mapped: hand it over; never returns. */
	void (*child_finish)(const struct host_child_args *args);
	/* In the kernel: wait until the new child's stub is ready. */
	int (*adopt)(struct um_host_mm *hm);
	int (*run_ops)(struct um_host_mm *hm, const struct um_stub_op *ops,
		       int nr, int *failed);
	int (*user_run)(struct um_host_mm *hm, unsigned long *gregs,
			int single_step, struct um_user_event *ev);
	int (*fpstate_get)(struct um_host_mm *hm, void *buf,
			   unsigned int size);
	int (*fpstate_set)(struct um_host_mm *hm, const void *buf,
			   unsigned int size);
	int (*debugregs_set)(struct um_host_mm *hm, const unsigned long *addr,
			     unsigned long dr7);
};

extern const struct host_backend host_backend_ptrace;
extern const struct host_backend host_backend_seccomp;

/* Can this host run the seccomp backend?  0, or why not in @why. */
int host_seccomp_probe(char *why, int len);

/* Shared by the backends. */
#define UM_PREEMPT_SIGNAL	SIGUSR1
extern char __um_stub_start[];
unsigned long host_stub_addr(const void *fn);
/* The host CPU guest processes run on, -1: the kernel's (see main.c). */
int host_guest_cpu(void);
/* Is the other CPU really another one (worth spinning for)? */
int host_guest_cpu_apart(void);
/* DR0-3 and DR7 through the host's ptrace, pid already stopped. */
int host_ptrace_set_debugregs(int pid, const unsigned long *addr,
			      unsigned long dr7);

#endif
