// SPDX-License-Identifier: GPL-2.0
/*
 * Time: the host's CLOCK_MONOTONIC is our clocksource, a host POSIX
 * timer (delivering SIGALRM, our timer IRQ) is our one-shot clock event
 * device, and the guest's wall clock is the host's.
 *
 * The clocksource is the host's CLOCK_MONOTONIC less um_mono_offset (so
 * that uptime starts near zero); everything else is the kernel's own
 * timekeeping, which the vDSO reproduces exactly from the data that
 * update_vsyscall() (vdso.c) gives it.  The wall clock starts as the
 * host's and takes the host's steps, until the guest sets its own.
 */
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/clockchips.h>
#include <linux/clocksource.h>
#include <linux/sched_clock.h>
#include <linux/timekeeping.h>
#include <linux/delay.h>
#include <linux/irq.h>
#include <linux/notifier.h>
#include <linux/pvclock_gtod.h>
#include <linux/workqueue.h>
#include <um_irq.h>
#include <host.h>
#include "um.h"

u64 um_mono_offset;

/*
 * Until time_init() the clock stands still at the value timekeeping
 * starts from, so that it reads the same instant we set as the boot
 * offset: from then on CLOCK_MONOTONIC is exactly the host's less
 * um_mono_offset.
 */
static u64 um_clock_frozen_at;

static u64 um_clocksource_read(struct clocksource *cs)
{
	if (unlikely(um_clock_frozen_at))
		return um_clock_frozen_at;
	return host_monotonic_ns() - um_mono_offset;
}

static struct clocksource um_clocksource = {
	.name		= "host-monotonic",
	.rating		= 300,
	.read		= um_clocksource_read,
	.mask		= CLOCKSOURCE_MASK(64),
	.flags		= CLOCK_SOURCE_IS_CONTINUOUS,
};

static int um_timer_next_event(unsigned long delta_ns,
			       struct clock_event_device *evt)
{
	host_timer_oneshot(delta_ns);
	return 0;
}

static int um_timer_shutdown(struct clock_event_device *evt)
{
	host_timer_stop();
	return 0;
}

static struct clock_event_device um_clockevent = {
	.name			= "host-timer",
	.rating			= 300,
	.features		= CLOCK_EVT_FEAT_ONESHOT,
	.set_next_event		= um_timer_next_event,
	.set_state_shutdown	= um_timer_shutdown,
	.set_state_oneshot_stopped = um_timer_shutdown,
	.shift			= 0,
	.mult			= 1,
	.min_delta_ns		= 10000,
	.max_delta_ns		= 0xffffffffULL * 1000,
	.min_delta_ticks	= 10000,
	.max_delta_ticks	= 0xffffffffULL * 1000,
	.cpumask		= cpu_possible_mask,
	.irq			= UM_TIMER_IRQ,
};

static irqreturn_t um_timer_irq(int irq, void *dev)
{
	um_clockevent.event_handler(&um_clockevent);
	return IRQ_HANDLED;
}

void read_persistent_clock64(struct timespec64 *ts)
{
	*ts = ns_to_timespec64(host_realtime_ns());
}

/* Timekeeping runs on our clocksource from its first instant. */
struct clocksource * __init clocksource_default_clock(void)
{
	__clocksource_update_freq_hz(&um_clocksource, NSEC_PER_SEC);
	return &um_clocksource;
}

void __init read_persistent_wall_and_boot_offset(struct timespec64 *wall,
						 struct timespec64 *boot)
{
	u64 now = host_monotonic_ns();

	*wall = ns_to_timespec64(host_realtime_ns());
	/*
	 * Uptime starts here (systemd-analyze reports it as the kernel's
	 * boot time), at 1 ns: um_clock_frozen_at of 0 means "running".
	 */
	um_mono_offset = now - 1;
	um_clock_frozen_at = now - um_mono_offset;
	*boot = ns_to_timespec64(um_clock_frozen_at);
}

static u64 notrace um_sched_clock(void)
{
	return host_monotonic_ns() - um_mono_offset;
}

/*
 * Following the host's wall clock.  Both run on one clocksource, so
 * they only part when one of them is set or slewed: the guest's own
 * slewing (adjtimex) is the guest's business, but a step of the host's
 * clock is copied.  Every few seconds the host's CLOCK_REALTIME less its
 * CLOCK_MONOTONIC is compared with the last value seen; a change is a
 * step, and the guest's clock takes the same step.  Once the guest sets
 * its own clock it no longer follows.
 */
#define UM_TIME_CHECK_PERIOD	(5 * HZ)
#define UM_TIME_MAX_SKEW_NS	(100 * NSEC_PER_USEC)

static bool um_time_follows_host = true;
static bool um_time_copying;
static s64 um_host_wall_gap;

/* The host's CLOCK_REALTIME less its CLOCK_MONOTONIC, in ns. */
static s64 um_host_wall_gap_now(void)
{
	u64 before, wall, after;
	int tries = 0;

	do {
		before = host_monotonic_ns();
		wall = host_realtime_ns();
		after = host_monotonic_ns();
	} while (after - before > 10 * NSEC_PER_USEC && ++tries < 10);
	return wall - (before + (after - before) / 2);
}

static void um_time_follow(struct work_struct *work);
static DECLARE_DEFERRABLE_WORK(um_time_work, um_time_follow);

static void um_time_follow(struct work_struct *work)
{
	struct timespec64 now;
	s64 gap, step;

	if (!READ_ONCE(um_time_follows_host))
		return;
	gap = um_host_wall_gap_now();
	step = gap - um_host_wall_gap;
	if (step > UM_TIME_MAX_SKEW_NS || step < -UM_TIME_MAX_SKEW_NS) {
		um_host_wall_gap = gap;
		now = ns_to_timespec64(ktime_get_real_ns() + step);
		um_time_copying = true;
		do_settimeofday64(&now);
		um_time_copying = false;
	}
	schedule_delayed_work(&um_time_work, UM_TIME_CHECK_PERIOD);
}

static int um_time_was_set(struct notifier_block *nb, unsigned long was_set,
			   void *tk)
{
	if (was_set && !um_time_copying && um_time_follows_host)
		WRITE_ONCE(um_time_follows_host, false);
	return NOTIFY_OK;
}

static struct notifier_block um_time_notifier = {
	.notifier_call = um_time_was_set,
};

static int __init um_time_follow_init(void)
{
	/* Registering reports "was set" at once: that one is not the guest's. */
	um_time_copying = true;
	pvclock_gtod_register_notifier(&um_time_notifier);
	um_time_copying = false;
	um_host_wall_gap = um_host_wall_gap_now();
	schedule_delayed_work(&um_time_work, UM_TIME_CHECK_PERIOD);
	return 0;
}
late_initcall(um_time_follow_init);

void __init time_init(void)
{
	if (host_timer_setup())
		panic("cannot create the host timer");
	if (request_irq(UM_TIMER_IRQ, um_timer_irq, IRQF_TIMER, "timer", NULL))
		panic("cannot attach the timer IRQ");
	um_clock_frozen_at = 0;
	clocksource_register_hz(&um_clocksource, NSEC_PER_SEC);
	sched_clock_register(um_sched_clock, 64, NSEC_PER_SEC);
	clockevents_register_device(&um_clockevent);
}

/* No delay loop to calibrate: delays spin on the host clock. */
void calibrate_delay(void)
{
	loops_per_jiffy = NSEC_PER_SEC / HZ;
}

void um_ndelay(unsigned long nsecs)
{
	unsigned long long end = host_monotonic_ns() + nsecs;

	while (host_monotonic_ns() < end)
		cpu_relax();
}
EXPORT_SYMBOL(um_ndelay);
