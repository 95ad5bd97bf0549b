/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's vDSO forwards clock reads to the host's vDSO, which every
 * guest process carries at UM_HOST_VDSO_BASE.  The kernel fills in a
 * table inside the guest vDSO image with the host entry points; zero
 * means "make the system call".  Shared by the vDSO's assembly, the
 * kernel and the host side.
 */
#ifndef __UM_VDSO_H
#define __UM_VDSO_H

/* Where the table sits in the guest vDSO image. */
#define UM_VDSO_TABLE_OFFSET	0x1000

/* Byte offsets of the table's 64-bit words. */
#define UM_VDSO_CLOCK_GETTIME	0	/* host clock_gettime() */
#define UM_VDSO_GETTIMEOFDAY	8	/* host gettimeofday(), realtime only */
#define UM_VDSO_TIME		16	/* host time(), realtime only */
#define UM_VDSO_REALTIME_OK	24	/* guest wall clock == host's */
#define UM_VDSO_MONO_SEC	32	/* host CLOCK_MONOTONIC - guest's, */
#define UM_VDSO_MONO_NSEC	40	/* as a normalized timespec */
#define UM_VDSO_TABLE_SIZE	48

#ifndef __ASSEMBLER__
struct um_host_vdso_entries {
	unsigned long clock_gettime;
	unsigned long gettimeofday;
	unsigned long time;
};

/* Host side: 0 and the entry points if the host vDSO can be used. */
int host_vdso_entries(struct um_host_vdso_entries *e);
#endif

#endif
