/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interfaces of the host side. */
#ifndef __UM_OS_H
#define __UM_OS_H

void host_physmem_create(unsigned long size);
void host_prepare_exit(void);
void host_kill_guests(void);
void host_umid_setup(const char *name, const char *parent);
void host_umid_cleanup(void);
void host_vdso_setup(void);
void host_vdso_move(void);
void host_usage_error(const char *fmt, const char *arg)
	__attribute__((noreturn));

#endif
