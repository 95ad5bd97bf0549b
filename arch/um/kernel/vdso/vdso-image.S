/* SPDX-License-Identifier: GPL-2.0 */
/* The guest vDSO, carried in the kernel image; vdso.c maps copies of it. */
#include <linux/linkage.h>
#include <asm/page.h>

	.section .rodata, "a"
	.balign	PAGE_SIZE
SYM_DATA_START(um_vdso_image)
	.incbin	"arch/um/kernel/vdso/vdso.so"
SYM_DATA_END_LABEL(um_vdso_image, SYM_L_GLOBAL, um_vdso_image_end)
