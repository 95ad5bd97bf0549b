// SPDX-License-Identifier: GPL-2.0
/*
 * The guest vDSO's clocks.  They are the kernel's own: the host's
 * CLOCK_MONOTONIC (our clocksource, read through the host's vDSO) run
 * through the kernel's latest timekeeping data (um_vdso.h), so a vDSO
 * reading and a system call agree to the nanosecond whatever the guest
 * did to its clocks (settimeofday, adjtimex).  What we cannot answer
 * becomes a system call.
 *
 * Built as user code on its own (no kernel headers), see the Makefile.
 */
#include <um_vdso.h>

#define NR_gettimeofday		96
#define NR_time			201
#define NR_clock_gettime	228

#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define CLOCK_REALTIME_COARSE	5
#define CLOCK_MONOTONIC_COARSE	6
#define CLOCK_BOOTTIME		7

#define NSEC_PER_SEC		1000000000LL

struct vts {
	long long sec;
	long long nsec;
};

struct vtv {
	long long sec;
	long long usec;
};

struct vtz {
	int minuteswest;
	int dsttime;
};

#define READ(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)

/* x86 keeps loads in order: the compiler must, too. */
static inline void barrier(void)
{
	__asm__ __volatile__("" : : : "memory");
}

static long syscall2(long nr, long a, long b)
{
	long ret;

	__asm__ __volatile__("syscall"
			     : "=a" (ret)
			     : "0" (nr), "D" (a), "S" (b)
			     : "rcx", "r11", "memory");
	return ret;
}

/*
 * Clock @idx in ns, or -1 for "make the system call".  The host's clock
 * is read inside the sequence so that it is never older than the
 * cycle_last it is measured from.
 */
static long long clock_ns(int idx, int coarse)
{
	const struct um_vdso_data *d = &um_vdso_data;
	int (*host_gettime)(int id, struct vts *ts);
	unsigned long long cycles, delta, ns;
	unsigned int seq;
	struct vts h;
	long long v;

	host_gettime = (void *)READ(d->host_clock_gettime);
	if (!host_gettime)
		return -1;
	do {
		seq = READ(d->seq);
		if (seq & 1)
			continue;
		barrier();
		if (!d->mult)
			return -1;
		if (coarse) {
			ns = d->xtime_nsec >> d->shift;
		} else {
			if (host_gettime(CLOCK_MONOTONIC, &h))
				return -1;
			cycles = h.sec * NSEC_PER_SEC + h.nsec - d->mono_offset;
			delta = cycles - d->cycle_last;
			if ((long long)delta < 0)
				delta = 0;
			ns = ((__uint128_t)delta * d->mult + d->xtime_nsec) >>
			     d->shift;
		}
		v = d->base[idx] + (long long)ns;
		barrier();
	} while (READ(d->seq) != seq || (seq & 1));
	return v;
}

static int clock_idx(int id, int *coarse)
{
	*coarse = 0;
	switch (id) {
	case CLOCK_REALTIME_COARSE:
		*coarse = 1;
		return UM_VDSO_REALTIME;
	case CLOCK_REALTIME:
		return UM_VDSO_REALTIME;
	case CLOCK_MONOTONIC_COARSE:
		*coarse = 1;
		return UM_VDSO_MONOTONIC;
	case CLOCK_MONOTONIC:
		return UM_VDSO_MONOTONIC;
	case CLOCK_BOOTTIME:
		return UM_VDSO_BOOTTIME;
	}
	return -1;
}

int __vdso_clock_gettime(int id, struct vts *ts)
{
	int coarse, idx = clock_idx(id, &coarse);
	long long ns = idx < 0 ? -1 : clock_ns(idx, coarse);

	if (ns < 0)
		return syscall2(NR_clock_gettime, id, (long)ts);
	ts->sec = ns / NSEC_PER_SEC;
	ts->nsec = ns % NSEC_PER_SEC;
	return 0;
}

int __vdso_gettimeofday(struct vtv *tv, struct vtz *tz)
{
	long long ns = clock_ns(UM_VDSO_REALTIME, 0);

	if (ns < 0)
		return syscall2(NR_gettimeofday, (long)tv, (long)tz);
	if (tv) {
		tv->sec = ns / NSEC_PER_SEC;
		tv->usec = ns % NSEC_PER_SEC / 1000;
	}
	if (tz) {
		tz->minuteswest = READ(um_vdso_data.tz_minuteswest);
		tz->dsttime = READ(um_vdso_data.tz_dsttime);
	}
	return 0;
}

/* The kernel's time() is the wall clock's second at the last tick. */
long long __vdso_time(long long *t)
{
	long long ns = clock_ns(UM_VDSO_REALTIME, 1);

	if (ns < 0)
		return syscall2(NR_time, (long)t, 0);
	ns /= NSEC_PER_SEC;
	if (t)
		*t = ns;
	return ns;
}


/* Each entry point under its plain name too, as a weak alias. */
#define VDSO_ALIAS(name) \
	__asm__(".weak " #name "\n.set " #name ", __vdso_" #name)

VDSO_ALIAS(clock_gettime);
VDSO_ALIAS(gettimeofday);
VDSO_ALIAS(time);
