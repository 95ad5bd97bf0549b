/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's vDSO reads the host's CLOCK_MONOTONIC, which is our
 * clocksource (less um_mono_offset), through the host's vDSO that every
 * guest process carries at UM_HOST_VDSO_BASE, and turns it into the
 * guest's clocks with the kernel's own timekeeping data, which the
 * kernel copies into a page of the guest vDSO image at every update.
 * Shared by the vDSO, the kernel and the host side.
 */
#ifndef __UM_VDSO_H
#define __UM_VDSO_H

/* Where the data page sits in the guest vDSO image. */
#define UM_VDSO_DATA_OFFSET	0x1000
#define UM_VDSO_DATA_SIZE	0x1000

#ifndef __ASSEMBLER__

/* Indexes of um_vdso_data.base[]. */
enum { UM_VDSO_REALTIME, UM_VDSO_MONOTONIC, UM_VDSO_BOOTTIME, UM_VDSO_CLOCKS };

/*
 * Clock c at clocksource value cs (the host's CLOCK_MONOTONIC in ns,
 * less mono_offset) is, in ns,
 *	base[c] + (((cs - cycle_last) * mult + xtime_nsec) >> shift)
 * and its coarse version (the kernel's at its last tick)
 *	base[c] + (xtime_nsec >> shift).
 * The kernel makes seq odd while it writes; mult 0 means "no data yet"
 * and host_clock_gettime 0 "no host vDSO": both mean system calls.
 */
struct um_vdso_data {
	unsigned int seq;
	unsigned int mult;
	unsigned int shift;
	int tz_minuteswest;
	int tz_dsttime;
	unsigned int pad;
	unsigned long long host_clock_gettime;
	unsigned long long mono_offset;
	unsigned long long cycle_last;
	unsigned long long xtime_nsec;
	long long base[UM_VDSO_CLOCKS];
};

#ifdef __UM_VDSO__
/*
 * The vDSO's own copy, at UM_VDSO_DATA_OFFSET (vdso.S, vdso.lds.S).
 * Not const: the kernel changes it under the vDSO's feet, and a const
 * object's fields could be loaded once, outside the sequence loop.
 */
extern struct um_vdso_data um_vdso_data
	__attribute__((visibility("hidden")));
#endif

/* The host vDSO's clock_gettime: the only host clock the guest's vDSO reads. */
struct um_host_vdso_entries {
	unsigned long clock_gettime;
};

/* Host side: 0 and the entry points if the host vDSO can be used. */
int host_vdso_entries(struct um_host_vdso_entries *e);
#endif

#endif
