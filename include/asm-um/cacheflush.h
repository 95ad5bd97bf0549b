/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __ASM_UM_CACHEFLUSH_H
#define __ASM_UM_CACHEFLUSH_H

#include <asm/tlbflush.h>

/* New vmalloc mappings must exist on the host before they are used. */
#define flush_cache_vmap flush_cache_vmap
static inline void flush_cache_vmap(unsigned long start, unsigned long end)
{
	um_kernel_sync_range(start, end);
}

#include <asm-generic/cacheflush.h>

#endif
