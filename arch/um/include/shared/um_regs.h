/* SPDX-License-Identifier: GPL-2.0 */
/*
 * General registers of a guest thread, kept in the order of the x86_64
 * host's struct user_regs_struct so PTRACE_GETREGS/SETREGS copy them
 * as one block, both for the host ptrace we drive and the ptrace the
 * guest sees.
 */
#ifndef __UM_REGS_H
#define __UM_REGS_H

#define UM_REG_R15	0
#define UM_REG_R14	1
#define UM_REG_R13	2
#define UM_REG_R12	3
#define UM_REG_BP	4
#define UM_REG_BX	5
#define UM_REG_R11	6
#define UM_REG_R10	7
#define UM_REG_R9	8
#define UM_REG_R8	9
#define UM_REG_AX	10
#define UM_REG_CX	11
#define UM_REG_DX	12
#define UM_REG_SI	13
#define UM_REG_DI	14
#define UM_REG_ORIG_AX	15
#define UM_REG_IP	16
#define UM_REG_CS	17
#define UM_REG_FLAGS	18
#define UM_REG_SP	19
#define UM_REG_SS	20
#define UM_REG_FS_BASE	21
#define UM_REG_GS_BASE	22
#define UM_REG_DS	23
#define UM_REG_ES	24
#define UM_REG_FS	25
#define UM_REG_GS	26
#define UM_NR_GREGS	27

/* Room for the host's XSAVE image of a thread's FPU/SSE/AVX state. */
#define UM_FPSTATE_SIZE	4096

#endif
