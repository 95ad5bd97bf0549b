/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ./linux is an ordinary host executable linked against glibc, so this
 * script lays out what the host's dynamic loader and C library expect
 * (interp, dynamic tables, PLT/GOT, init arrays, TLS) around the
 * sections the kernel's generic code collects through vmlinux.lds.h.
 */
#include <asm/page.h>
#include <asm/thread_info.h>
#include <asm/cache.h>
#include <asm-generic/vmlinux.lds.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(_start)

SECTIONS
{
	. = UM_IMAGE_BASE + SIZEOF_HEADERS;
	__executable_start = UM_IMAGE_BASE;

	.interp : { *(.interp) }
	.note.gnu.build-id : { *(.note.gnu.build-id) }
	.hash : { *(.hash) }
	.gnu.hash : { *(.gnu.hash) }
	.dynsym : { *(.dynsym) }
	.dynstr : { *(.dynstr) }
	.gnu.version : { *(.gnu.version) }
	.gnu.version_d : { *(.gnu.version_d) }
	.gnu.version_r : { *(.gnu.version_r) }
	.rela.dyn : { *(.rela.init) *(.rela.text .rela.text.*) *(.rela.rodata .rela.rodata.*)
		      *(.rela.data .rela.data.*) *(.rela.got) *(.rela.bss .rela.bss.*)
		      *(.rela.tdata .rela.tdata.*) *(.rela.tbss .rela.tbss.*) *(.rela.ifunc) }
	.rela.plt : {
		*(.rela.plt)
		PROVIDE_HIDDEN(__rela_iplt_start = .);
		*(.rela.iplt)
		PROVIDE_HIDDEN(__rela_iplt_end = .);
	}

	. = ALIGN(PAGE_SIZE);
	.init : { KEEP(*(SORT_NONE(.init))) }
	.plt : { *(.plt) *(.iplt) }
	.plt.got : { *(.plt.got) }
	.plt.sec : { *(.plt.sec) }

	. = ALIGN(PAGE_SIZE);
	_text = .;
	_stext = .;
	.text : {
		TEXT_TEXT
		SCHED_TEXT
		LOCK_TEXT
		IRQENTRY_TEXT
		SOFTIRQENTRY_TEXT
		*(.text.unlikely .text.unlikely.*)
		*(.text.startup .text.startup.*)
		*(.text.hot .text.hot.*)
		*(.stub .text.* .gnu.warning)
		*(.fixup)
	}
	.fini : { KEEP(*(SORT_NONE(.fini))) }
	_etext = .;
	PROVIDE(etext = .);

	/* The page copied into every guest address space as its stub. */
	. = ALIGN(PAGE_SIZE);
	.um_stub : {
		__um_stub_start = .;
		*(.um_stub.text)
		. = ALIGN(PAGE_SIZE);
		__um_stub_end = .;
	}

	_sdata = .;
	RO_DATA(PAGE_SIZE)
	.eh_frame_hdr : { *(.eh_frame_hdr) }
	.eh_frame : ONLY_IF_RO { KEEP(*(.eh_frame)) }
	.gcc_except_table : ONLY_IF_RO { *(.gcc_except_table .gcc_except_table.*) }

	EXCEPTION_TABLE(16)

	. = ALIGN(PAGE_SIZE);
	.tdata : { *(.tdata .tdata.*) }
	.tbss : { *(.tbss .tbss.*) *(.tcommon) }
	.preinit_array : {
		PROVIDE_HIDDEN(__preinit_array_start = .);
		KEEP(*(.preinit_array))
		PROVIDE_HIDDEN(__preinit_array_end = .);
	}
	.init_array : {
		PROVIDE_HIDDEN(__init_array_start = .);
		KEEP(*(SORT_BY_INIT_PRIORITY(.init_array.*)))
		KEEP(*(.init_array))
		PROVIDE_HIDDEN(__init_array_end = .);
	}
	.fini_array : {
		PROVIDE_HIDDEN(__fini_array_start = .);
		KEEP(*(SORT_BY_INIT_PRIORITY(.fini_array.*)))
		KEEP(*(.fini_array))
		PROVIDE_HIDDEN(__fini_array_end = .);
	}
	.dynamic : { *(.dynamic) }
	.got : { *(.got) *(.igot) }
	.got.plt : { *(.got.plt) *(.igot.plt) }

	. = ALIGN(PAGE_SIZE);
	RW_DATA(L1_CACHE_BYTES, PAGE_SIZE, THREAD_SIZE)
	.data_rest : { *(.data.*) }
	_edata = .;
	PROVIDE(edata = .);

	. = ALIGN(PAGE_SIZE);
	__init_begin = .;
	INIT_TEXT_SECTION(PAGE_SIZE)
	INIT_DATA_SECTION(16)
	PERCPU_SECTION(L1_CACHE_BYTES)
	. = ALIGN(PAGE_SIZE);
	__init_end = .;

	BSS_SECTION(0, PAGE_SIZE, 0)
	_end = .;
	jiffies = jiffies_64;
	PROVIDE(end = .);

	STABS_DEBUG
	DWARF_DEBUG
	ELF_DETAILS

	DISCARDS
}
