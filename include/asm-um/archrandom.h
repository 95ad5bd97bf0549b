/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __ASM_UM_ARCHRANDOM_H
#define __ASM_UM_ARCHRANDOM_H

/*
 * Where a PC has RDRAND and RDSEED, we have the host's getrandom(): the
 * guest's random pool is seeded at boot (no waiting for interrupt
 * timings, of which an idle guest has few), so getrandom() in early
 * userspace, ssh host keys and systemd's random seed do not block.
 */
#include <linux/types.h>
#include <host.h>

static inline size_t __must_check arch_get_random_longs(unsigned long *v,
							 size_t max_longs)
{
	long n = host_random_bytes(v, max_longs * sizeof(*v));

	return n > 0 ? n / sizeof(*v) : 0;
}

static inline size_t __must_check arch_get_random_seed_longs(unsigned long *v,
							      size_t max_longs)
{
	return arch_get_random_longs(v, max_longs);
}

#endif
