/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest vDSO is one read-only, executable segment holding its ELF
 * headers, dynamic symbols, code and, at UM_VDSO_TABLE_OFFSET, the
 * table of host entry points the kernel writes at boot.
 */
#include <um_vdso.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)

SECTIONS
{
	. = SIZEOF_HEADERS;

	.hash		: { *(.hash) }			:text
	.gnu.hash	: { *(.gnu.hash) }
	.dynsym		: { *(.dynsym) }
	.dynstr		: { *(.dynstr) }
	.gnu.version	: { *(.gnu.version) }
	.gnu.version_d	: { *(.gnu.version_d) }
	.gnu.version_r	: { *(.gnu.version_r) }
	.dynamic	: { *(.dynamic) }		:text	:dynamic
	.rodata		: { *(.rodata*) }		:text
	.note		: { *(.note.*) }		:text	:note
	.eh_frame_hdr	: { *(.eh_frame_hdr) }		:text	:eh_frame_hdr
	.eh_frame	: { KEEP(*(.eh_frame)) }	:text
	.text		: { *(.text*) }			:text

	. = UM_VDSO_TABLE_OFFSET;
	.um_host_table	: { *(.um_host_table) }		:text

	/DISCARD/ : { *(.data*) *(.bss*) *(.got*) *(.comment) }
}

ASSERT(ADDR(.um_host_table) == UM_VDSO_TABLE_OFFSET,
       "the vDSO's code overlaps its host table")

PHDRS
{
	text		PT_LOAD		FILEHDR PHDRS FLAGS(5);
	dynamic		PT_DYNAMIC	FLAGS(4);
	note		PT_NOTE		FLAGS(4);
	eh_frame_hdr	PT_GNU_EH_FRAME;
}

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
