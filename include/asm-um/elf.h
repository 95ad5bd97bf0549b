/* SPDX-License-Identifier: GPL-2.0 */
/* Guests run x86_64 ELF programs. */
#ifndef __ASM_UM_ELF_H
#define __ASM_UM_ELF_H

#include <linux/types.h>
#include <asm/ptrace.h>
#include <asm/auxvec.h>

#define EM_X86_64	62

#define ELF_CLASS	ELFCLASS64
#define ELF_DATA	ELFDATA2LSB
#define ELF_ARCH	EM_X86_64

#define elf_check_arch(x)	((x)->e_machine == EM_X86_64)

typedef unsigned long elf_greg_t;
#define ELF_NGREG	UM_NR_GREGS
typedef elf_greg_t elf_gregset_t[ELF_NGREG];

/* The 512-byte FXSAVE layout, as in struct user_i387_struct. */
typedef struct { unsigned char data[512]; } elf_fpregset_t;

/* Core dumps are written from the ptrace register sets. */
#define CORE_DUMP_USE_REGSET

#define ELF_EXEC_PAGESIZE	4096
#define ELF_ET_DYN_BASE		(TASK_SIZE / 3 * 2)

/* The ABI says registers are zero at entry, except what start_thread sets. */
#define ELF_PLAT_INIT(regs, load_addr)				\
do {								\
	unsigned long __ip = PT_REG(regs, IP);			\
	unsigned long __sp = PT_REG(regs, SP);			\
	memset((regs)->gp, 0, sizeof((regs)->gp));		\
	start_thread(regs, __ip, __sp);				\
} while (0)

extern unsigned long um_elf_hwcap;
#define ELF_HWCAP		(um_elf_hwcap)
#define ELF_PLATFORM		("x86_64")

#define SET_PERSONALITY(ex)	set_personality(PER_LINUX | (current->personality & (~PER_MASK)))

/* Every program gets the vDSO (vdso.c), named in its auxiliary vector. */
#define ARCH_HAS_SETUP_ADDITIONAL_PAGES 1
struct linux_binprm;
int arch_setup_additional_pages(struct linux_binprm *bprm, int uses_interp);

/*
 * x86-64 also tells programs how big a signal frame gets (AT_MINSIGSTKSZ,
 * glibc's sysconf(_SC_MINSIGSTKSZ)).
 */
unsigned long um_sigframe_size(void);

#define ARCH_DLINFO							\
do {									\
	if (current->mm->context.vdso)					\
		NEW_AUX_ENT(AT_SYSINFO_EHDR, current->mm->context.vdso);	\
	NEW_AUX_ENT(AT_MINSIGSTKSZ, um_sigframe_size());		\
} while (0)

#endif
