/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where things live, shared by the kernel side, the host side, the stub
 * and the linker script.  Kernel addresses are host addresses of the
 * kernel process; user addresses are host addresses of a guest's own
 * host process, which holds nothing of the kernel but the stub pages.
 */
#ifndef __UM_LAYOUT_H
#define __UM_LAYOUT_H

#ifdef __ASSEMBLER__
#define UM_UL(x)	x
#else
#define UM_UL(x)	x##UL
#endif

#define UM_PAGE_SHIFT		12
#define UM_PAGE_SIZE		(UM_UL(1) << UM_PAGE_SHIFT)

/* The executable itself. */
#define UM_IMAGE_BASE		UM_UL(0x400000)

/*
 * Loadable modules.  Modules are built like the kernel: small code
 * model, no PIE.  Their code reaches kernel symbols with 32-bit
 * pc-relative displacements and their own addresses appear as 32-bit
 * (sign-extended) immediates, so they must live in the low 2 GiB, near
 * the image: above it and the host's brk heap, below 0x80000000.
 */
#define UM_MODULES_START	UM_UL(0x40000000)
#define UM_MODULES_END		UM_UL(0x80000000)

/* "Physical" memory: a host memfd mapped here; the kernel's direct map. */
#define UM_PHYSMEM_BASE		UM_UL(0x100000000000)
#define UM_PHYSMEM_MAX		UM_UL(0x1000000000)	/* 64 GiB */

/* vmalloc space: host mappings of physmem pages, made on demand. */
#define UM_VMALLOC_START	(UM_PHYSMEM_BASE + UM_PHYSMEM_MAX)
#define UM_VMALLOC_END		(UM_VMALLOC_START + UM_UL(0x1000000000))

/*
 * Guest user space ends where the stub begins, just below the top of
 * the host's 47-bit user range: one page of stub code, then the stub's
 * data pages (its stack and the request/reply area it shares with us).
 */
#define UM_STUB_CODE		UM_UL(0x7ffffffe0000)
#define UM_STUB_DATA		(UM_STUB_CODE + UM_PAGE_SIZE)
#define UM_STUB_DATA_PAGES	8
#define UM_STUB_END		(UM_STUB_DATA + UM_STUB_DATA_PAGES * UM_PAGE_SIZE)
#define UM_TASK_SIZE		UM_STUB_CODE

/*
 * The host's own vDSO (with its data pages) moves here in every guest
 * process, out of the guest's reach, so that our vDSO can read the
 * host's clock without a system call.
 */
#define UM_HOST_VDSO_BASE	UM_STUB_END
#define UM_HOST_VDSO_PAGES	16
#define UM_HOST_VDSO_END	(UM_HOST_VDSO_BASE + UM_HOST_VDSO_PAGES * UM_PAGE_SIZE)

#endif
