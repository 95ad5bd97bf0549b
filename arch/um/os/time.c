// SPDX-License-Identifier: GPL-2.0
/* Host clocks and the one host timer behind the kernel's clock events. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <host.h>

static timer_t host_timer;

static unsigned long long clock_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

unsigned long long host_monotonic_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

unsigned long long host_realtime_ns(void)
{
	return clock_ns(CLOCK_REALTIME);
}

int host_timer_setup(void)
{
	struct sigevent sev;

	memset(&sev, 0, sizeof(sev));
	/* To this thread: the kernel's only one takes interrupts. */
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = SIGALRM;
	sev._sigev_un._tid = syscall(SYS_gettid);
	if (timer_create(CLOCK_MONOTONIC, &sev, &host_timer))
		return -errno;
	return 0;
}

void host_timer_oneshot(unsigned long long ns)
{
	struct itimerspec its;

	memset(&its, 0, sizeof(its));
	if (!ns)
		ns = 1;
	its.it_value.tv_sec = ns / 1000000000ULL;
	its.it_value.tv_nsec = ns % 1000000000ULL;
	timer_settime(host_timer, 0, &its, NULL);
}

void host_timer_stop(void)
{
	struct itimerspec its;

	memset(&its, 0, sizeof(its));
	timer_settime(host_timer, 0, &its, NULL);
}
