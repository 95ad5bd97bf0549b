/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces of the host side. */
#ifndef __UM_OS_H
#define __UM_OS_H

void host_physmem_create(unsigned long size);
void host_prepare_exit(void);
void host_kill_guests(void);
/* Helper children that end with the kernel (host_child.h). */
void host_end_children(void);
/* In a table of pids: the first @old becomes @new (0: add or remove). */
void host_pids_swap(int *pids, int n, int old, int new);
void host_umid_setup(const char *name, const char *parent);
void host_umid_cleanup(void);
void host_vdso_setup(void);
void host_vdso_move(void);
/* mode=: pick the process backend (process.c). */
void host_backend_select(const char *mode);
void host_usage_error(const char *fmt, const char *arg)
	__attribute__((noreturn));

#endif
