/* SPDX-License-Identifier: GPL-2.0 */
/* Guest programs make x86_64 system calls; seccomp filters see them so. */
#ifndef __ASM_UM_SECCOMP_H
#define __ASM_UM_SECCOMP_H

#include <uapi/linux/audit.h>
#include <asm-generic/seccomp.h>

#define SECCOMP_ARCH_NATIVE		AUDIT_ARCH_X86_64
#define SECCOMP_ARCH_NATIVE_NR		NR_syscalls
#define SECCOMP_ARCH_NATIVE_NAME	"x86_64"

#endif
