/* SPDX-License-Identifier: GPL-2.0 */
/* Guest signals follow the x86_64 ABI. */
#ifndef __ASM_UM_SIGNAL_H
#define __ASM_UM_SIGNAL_H

/* The x86_64 user definitions (uapi). */
#include_next <asm/signal.h>

#define _NSIG		64
#define _NSIG_BPW	64
#define _NSIG_WORDS	(_NSIG / _NSIG_BPW)

typedef unsigned long old_sigset_t;

typedef struct {
	unsigned long sig[_NSIG_WORDS];
} sigset_t;

#define __ARCH_HAS_SA_RESTORER

#include <asm/sigcontext.h>

#endif
