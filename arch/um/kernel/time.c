// SPDX-License-Identifier: GPL-2.0
/*
 * Time: the host's CLOCK_MONOTONIC is our clocksource, a host POSIX
 * timer (delivering SIGALRM, our timer IRQ) is our one-shot clock event
 * device, and the guest's wall clock starts at the host's.
 */
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/clockchips.h>
#include <linux/clocksource.h>
#include <linux/sched_clock.h>
#include <linux/timekeeping.h>
#include <linux/delay.h>
#include <linux/irq.h>
#include <um_irq.h>
#include <host.h>

static u64 um_clocksource_read(struct clocksource *cs)
{
	return host_monotonic_ns();
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

static u64 notrace um_sched_clock(void)
{
	return host_monotonic_ns();
}

void __init time_init(void)
{
	if (host_timer_setup())
		panic("cannot create the host timer");
	if (request_irq(UM_TIMER_IRQ, um_timer_irq, IRQF_TIMER, "timer", NULL))
		panic("cannot attach the timer IRQ");
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
