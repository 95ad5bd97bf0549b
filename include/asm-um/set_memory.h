/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page protections of vmalloc and module space (arch/um/mm/pgtable.c);
 * other addresses are refused with -EINVAL.
 */
#ifndef __ASM_UM_SET_MEMORY_H
#define __ASM_UM_SET_MEMORY_H

int set_memory_ro(unsigned long addr, int numpages);
int set_memory_rw(unsigned long addr, int numpages);
int set_memory_x(unsigned long addr, int numpages);
int set_memory_nx(unsigned long addr, int numpages);
/* Read-only and executable in one host remapping. */
int set_memory_rox(unsigned long addr, int numpages);
#define set_memory_rox set_memory_rox

#endif
