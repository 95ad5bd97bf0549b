/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest vDSO is one read-only, executable segment holding its ELF
 * headers, dynamic symbols, code and, at UM_VDSO_DATA_OFFSET, the
 * page of timekeeping data the kernel keeps current (um_vdso.h).
 */
#include <um_vdso.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)

PHDRS
{
	image	PT_LOAD FILEHDR PHDRS FLAGS(5);	/* r-x */
	dyn	PT_DYNAMIC FLAGS(4);
	notes	PT_NOTE FLAGS(4);
	unwind	PT_GNU_EH_FRAME;
}

SECTIONS
{
	/* Symbols and versions first, right after the headers. */
	. = SIZEOF_HEADERS;
	.dynsym		: { *(.dynsym) }		:image
	.dynstr		: { *(.dynstr) }		:image
	.gnu.hash	: { *(.gnu.hash) }		:image
	.hash		: { *(.hash) }			:image
	.gnu.version	: { *(.gnu.version) }		:image
	.gnu.version_d	: { *(.gnu.version_d) }		:image
	.gnu.version_r	: { *(.gnu.version_r) }		:image
	.dynamic	: { *(.dynamic) }		:image :dyn
	.note		: { *(.note.*) }		:image :notes

	/* Then the code and what unwinds it. */
	.text		: { *(.text .text.*) *(.rodata .rodata.*) } :image
	.eh_frame_hdr	: { *(.eh_frame_hdr) }		:image :unwind
	.eh_frame	: { KEEP(*(.eh_frame)) }	:image

	/* The kernel fills this in; nothing of ours may reach it. */
	. = UM_VDSO_DATA_OFFSET;
	.um_vdso_data	: { *(.um_vdso_data) }		:image

	/* A vDSO is one read-only page set: no writable data at all. */
	/DISCARD/	: { *(.data .data.* .bss .bss.* .got .got.* .comment) }
}

ASSERT(ADDR(.um_vdso_data) == UM_VDSO_DATA_OFFSET,
       "the vDSO's code overlaps its data page")

VERSION
{
	LINUX_2.6 {
	global:
		clock_gettime;
		__vdso_clock_gettime;
		gettimeofday;
		__vdso_gettimeofday;
		time;
		__vdso_time;
		getcpu;
		__vdso_getcpu;
	local: *;
	};
}
