/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __ASM_UM_SIGCONTEXT_H
#define __ASM_UM_SIGCONTEXT_H
/* The x86_64 signal frame layout (struct sigcontext, _fpstate). */
#include_next <asm/sigcontext.h>
#endif
