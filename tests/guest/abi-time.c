/*
 * abi-time: clocks and timers (issue 3, item 3), run inside the guest.
 *
 * Build: gcc -static -O2 -pthread -o abi-time abi-time.c
 * Usage: abi-time [--timeout S] [CHECK...] | --list
 * Prints "ok NAME" or "FAIL NAME: detail" per check, then a summary line
 * "abi-time: N passed, M failed".  The check "clock_report" prints
 * "GUEST-REALTIME <seconds.nanoseconds>" for the host to compare with
 * its own clock.  Each check runs in a forked child (alarm()).
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/times.h>
#include <sys/timex.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "abi-harness.h"

static double fabs_(double x)
{
	return x < 0 ? -x : x;
}

static double ts2d(struct timespec t)
{
	return t.tv_sec + t.tv_nsec / 1e9;
}

static double clk(clockid_t c)
{
	struct timespec t;
	clock_gettime(c, &t);
	return ts2d(t);
}

/* Raw syscall, bypassing any vDSO. */
static int sys_clock_gettime(clockid_t c, struct timespec *t)
{
	return (int)syscall(SYS_clock_gettime, c, t);
}

static void burn_cpu(double secs)
{
	struct timespec t0, t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	do {
		for (volatile int i = 0; i < 100000; i++)
			;
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	} while (ts2d(t) - ts2d(t0) < secs);
}

static const struct {
	clockid_t id;
	const char *name;
} clocks[] = {
	{ CLOCK_REALTIME, "REALTIME" },
	{ CLOCK_MONOTONIC, "MONOTONIC" },
	{ CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME_ID" },
	{ CLOCK_THREAD_CPUTIME_ID, "THREAD_CPUTIME_ID" },
	{ CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW" },
	{ CLOCK_REALTIME_COARSE, "REALTIME_COARSE" },
	{ CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE" },
	{ CLOCK_BOOTTIME, "BOOTTIME" },
	{ CLOCK_TAI, "TAI" },
};
#define NCLOCKS (int)(sizeof clocks / sizeof clocks[0])

static int chk_clocks(void)
{
	for (int i = 0; i < NCLOCKS; i++) {
		struct timespec t, r, prev;
		CHECK(clock_gettime(clocks[i].id, &t) == 0, "clock_gettime(%s): %s", clocks[i].name,
		      strerror(errno));
		CHECK(t.tv_nsec >= 0 && t.tv_nsec < 1000000000, "%s: tv_nsec %ld", clocks[i].name,
		      t.tv_nsec);
		CHECK(sys_clock_gettime(clocks[i].id, &t) == 0, "syscall clock_gettime(%s): %s",
		      clocks[i].name, strerror(errno));
		CHECK(clock_getres(clocks[i].id, &r) == 0, "clock_getres(%s): %s", clocks[i].name,
		      strerror(errno));
		CHECK(r.tv_sec == 0 && r.tv_nsec > 0 && r.tv_nsec <= 10000000,
		      "%s resolution %ld.%09ld", clocks[i].name, (long)r.tv_sec, r.tv_nsec);
		/* Monotonic over many reads (REALTIME/TAI too, nobody sets them). */
		clock_gettime(clocks[i].id, &prev);
		for (int k = 0; k < 20000; k++) {
			clock_gettime(clocks[i].id, &t);
			CHECK(t.tv_sec > prev.tv_sec ||
				      (t.tv_sec == prev.tv_sec && t.tv_nsec >= prev.tv_nsec),
			      "%s went backwards: %ld.%09ld then %ld.%09ld", clocks[i].name,
			      (long)prev.tv_sec, prev.tv_nsec, (long)t.tv_sec, t.tv_nsec);
			prev = t;
		}
	}
	/* The fine clocks have fine resolution. */
	struct timespec r;
	clock_getres(CLOCK_MONOTONIC, &r);
	CHECK(r.tv_nsec == 1, "CLOCK_MONOTONIC resolution %ld ns, want 1 (high-res timers)",
	      r.tv_nsec);
	/* A clock that ticks: 20 ms of sleep advance MONOTONIC by >= 20 ms. */
	double m0 = clk(CLOCK_MONOTONIC), r0 = clk(CLOCK_MONOTONIC_RAW);
	usleep(200000);
	double m1 = clk(CLOCK_MONOTONIC), b1 = clk(CLOCK_BOOTTIME), r1 = clk(CLOCK_MONOTONIC_RAW);
	CHECK(m1 - m0 >= 0.2 && m1 - m0 < 1, "MONOTONIC advanced %.3f s over a 200 ms sleep",
	      m1 - m0);
	CHECK(b1 >= m1, "BOOTTIME %.3f < MONOTONIC %.3f", b1, m1);
	CHECK(fabs_((r1 - r0) - (m1 - m0)) < 0.01, "MONOTONIC_RAW advanced %.4f, MONOTONIC %.4f",
	      r1 - r0, m1 - m0);
	/* Coarse clocks are close to the fine ones. */
	double rc = clk(CLOCK_REALTIME_COARSE), rf = clk(CLOCK_REALTIME);
	CHECK(rf - rc >= -0.001 && rf - rc < 0.05, "REALTIME %.6f vs REALTIME_COARSE %.6f", rf, rc);
	double mc = clk(CLOCK_MONOTONIC_COARSE), mf = clk(CLOCK_MONOTONIC);
	CHECK(mf - mc >= -0.001 && mf - mc < 0.05, "MONOTONIC %.6f vs MONOTONIC_COARSE %.6f", mf, mc);
	/* TAI = REALTIME + tai offset (0 unless set; 37 with leap seconds). */
	double tai = clk(CLOCK_TAI), rt = clk(CLOCK_REALTIME);
	CHECK(tai - rt > -0.01 && tai - rt < 37.5, "TAI - REALTIME = %.3f", tai - rt);
	/* time(), gettimeofday() and REALTIME agree. */
	struct timeval tv;
	gettimeofday(&tv, NULL);
	double g = tv.tv_sec + tv.tv_usec / 1e6;
	rt = clk(CLOCK_REALTIME);
	CHECK(rt - g >= -0.001 && rt - g < 0.05, "gettimeofday %.6f vs REALTIME %.6f", g, rt);
	time_t tt = time(NULL);
	CHECK(tt == (time_t)rt || tt + 1 == (time_t)rt, "time() %ld vs REALTIME %.3f", (long)tt, rt);
	/* Invalid clocks. */
	struct timespec t;
	errno = 0;
	CHECK(clock_gettime(1234, &t) == -1 && errno == EINVAL, "clock 1234: errno %d", errno);
	errno = 0;
	CHECK(sys_clock_gettime(CLOCK_REALTIME, (void *)8) == -1 && errno == EFAULT,
	      "clock_gettime to a bad pointer: errno %d", errno);
	/* Setting the clock needs CAP_SYS_TIME; unprivileged: EPERM. */
	return 0;
}

static int chk_cpu_clocks(void)
{
	double p0 = clk(CLOCK_PROCESS_CPUTIME_ID), t0 = clk(CLOCK_THREAD_CPUTIME_ID);
	double w0 = clk(CLOCK_MONOTONIC);
	burn_cpu(0.3);
	double p1 = clk(CLOCK_PROCESS_CPUTIME_ID), t1 = clk(CLOCK_THREAD_CPUTIME_ID);
	double w1 = clk(CLOCK_MONOTONIC);
	CHECK(t1 - t0 >= 0.3 && p1 - p0 >= 0.3, "thread %.3f process %.3f s of CPU after burning 0.3",
	      t1 - t0, p1 - p0);
	CHECK(p1 - p0 <= (w1 - w0) + 0.05, "process CPU %.3f s > wall %.3f s", p1 - p0, w1 - w0);
	/* Sleeping costs no CPU time. */
	t0 = clk(CLOCK_THREAD_CPUTIME_ID);
	usleep(300000);
	t1 = clk(CLOCK_THREAD_CPUTIME_ID);
	CHECK(t1 - t0 < 0.05, "300 ms of sleep used %.3f s of thread CPU", t1 - t0);
	/* A second thread's CPU time counts for the process, not for us. */
	void *burner(void *a)
	{
		(void)a;
		burn_cpu(0.3);
		return NULL;
	}
	pthread_t th;
	p0 = clk(CLOCK_PROCESS_CPUTIME_ID);
	t0 = clk(CLOCK_THREAD_CPUTIME_ID);
	pthread_create(&th, NULL, burner, NULL);
	pthread_join(th, NULL);
	p1 = clk(CLOCK_PROCESS_CPUTIME_ID);
	t1 = clk(CLOCK_THREAD_CPUTIME_ID);
	CHECK(p1 - p0 >= 0.3, "process CPU grew %.3f s while a thread burned 0.3 s", p1 - p0);
	CHECK(t1 - t0 < 0.1, "our thread CPU grew %.3f s while we waited", t1 - t0);
	/* Another process's CPU clock via clock_getcpuclockid. */
	pid_t pid = fork();
	if (pid == 0) {
		burn_cpu(0.5);
		pause();
		_exit(0);
	}
	usleep(100000);
	clockid_t cc;
	CHECK(clock_getcpuclockid(pid, &cc) == 0, "clock_getcpuclockid");
	double c0 = clk(cc);
	usleep(300000);
	double c1 = clk(cc);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	CHECK(c1 - c0 > 0.1, "a burning child's CPU clock advanced %.3f s in 300 ms", c1 - c0);
	/* getrusage / times agree in magnitude. */
	struct tms tm;
	times(&tm);
	long hz = sysconf(_SC_CLK_TCK);
	double tu = (double)(tm.tms_utime + tm.tms_stime) / hz;
	p1 = clk(CLOCK_PROCESS_CPUTIME_ID);
	CHECK(tu > p1 - 0.2 && tu < p1 + 0.2, "times() says %.2f s, CPU clock %.2f s", tu, p1);
	return 0;
}

/* Prints the guest's realtime clock for the host to compare. */
static int chk_clock_report(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	printf("GUEST-REALTIME %ld.%09ld\n", (long)t.tv_sec, t.tv_nsec);
	CHECK(t.tv_sec > 1700000000, "REALTIME %ld is before 2023: not the host's clock",
	      (long)t.tv_sec);
	/* The clock keeps pace with the host's: compared by the test script. */
	return 0;
}

/* Relative and absolute sleeps: never early, not much late. */
#define SLACK 0.05
static int chk_sleep_accuracy(void)
{
	const double d[] = { 0.001, 0.01, 0.05, 0.2 };
	for (unsigned i = 0; i < 4; i++) {
		struct timespec req = { 0, (long)(d[i] * 1e9) };
		double t0 = clk(CLOCK_MONOTONIC);
		CHECK(nanosleep(&req, NULL) == 0, "nanosleep: %s", strerror(errno));
		double el = clk(CLOCK_MONOTONIC) - t0;
		CHECK(el >= d[i] && el < d[i] + SLACK, "nanosleep(%.3f) took %.4f s", d[i], el);
		t0 = clk(CLOCK_MONOTONIC);
		CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL) == 0, "clock_nanosleep rel");
		el = clk(CLOCK_MONOTONIC) - t0;
		CHECK(el >= d[i] && el < d[i] + SLACK, "clock_nanosleep(MONOTONIC, %.3f) took %.4f s",
		      d[i], el);
	}
	/* Absolute, on MONOTONIC, REALTIME and BOOTTIME. */
	clockid_t abs_clocks[] = { CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_BOOTTIME };
	for (unsigned i = 0; i < 3; i++) {
		struct timespec dl;
		clock_gettime(abs_clocks[i], &dl);
		dl.tv_nsec += 100000000;
		if (dl.tv_nsec >= 1000000000) {
			dl.tv_sec++;
			dl.tv_nsec -= 1000000000;
		}
		int r = clock_nanosleep(abs_clocks[i], TIMER_ABSTIME, &dl, NULL);
		CHECK(r == 0, "clock_nanosleep abs on clock %d: %s", abs_clocks[i], strerror(r));
		double now = clk(abs_clocks[i]);
		CHECK(now >= ts2d(dl) && now < ts2d(dl) + SLACK,
		      "absolute sleep on clock %d woke %.4f s after its deadline", abs_clocks[i],
		      now - ts2d(dl));
	}
	/* A deadline in the past returns at once. */
	struct timespec past = { 1, 0 };
	double t0 = clk(CLOCK_MONOTONIC);
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL) == 0, "past deadline");
	CHECK(clk(CLOCK_MONOTONIC) - t0 < 0.01, "sleep until a past deadline took time");
	/* Invalid arguments. */
	struct timespec bad = { 0, 1000000000 };
	errno = 0;
	CHECK(nanosleep(&bad, NULL) == -1 && errno == EINVAL, "nanosleep tv_nsec 1e9: errno %d",
	      errno);
	CHECK(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &past, NULL) == EINVAL,
	      "clock_nanosleep on the thread CPU clock did not give EINVAL");
	/* 100 sleeps of 1 ms take about 100 ms, not 100 ticks of 4 ms. */
	t0 = clk(CLOCK_MONOTONIC);
	for (int i = 0; i < 100; i++)
		usleep(1000);
	double el = clk(CLOCK_MONOTONIC) - t0;
	CHECK(el >= 0.1 && el < 0.6, "100 x usleep(1000) took %.3f s", el);
	return 0;
}

/* POSIX timers */
/* The handler may run in another thread (SIGEV_THREAD_ID) while the
 * checking thread polls tm_count: it fills in the other fields first and
 * then publishes them with a release increment of tm_count; the reader
 * loads tm_count with acquire (tm_seen()) before reading the fields. */
static volatile int tm_code, tm_val, tm_tid, tm_overrun;
static atomic_int tm_count;
static void tm_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	tm_code = si->si_code;
	tm_val = si->si_value.sival_int;
	tm_tid = gettid_();
	tm_overrun = si->si_overrun;
	atomic_fetch_add_explicit(&tm_count, 1, memory_order_release);
}

static int tm_seen(void)
{
	return atomic_load_explicit(&tm_count, memory_order_acquire);
}

static int chk_posix_timers(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = tm_handler;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(SIGRTMIN, &sa, NULL);
	struct sigevent sev;
	memset(&sev, 0, sizeof sev);
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGRTMIN;
	sev.sigev_value.sival_int = 31337;
	timer_t t;
	CHECK(timer_create(CLOCK_MONOTONIC, &sev, &t) == 0, "timer_create: %s", strerror(errno));
	/* One shot, 100 ms. */
	struct itimerspec its = { { 0, 0 }, { 0, 100000000 } }, cur;
	double t0 = clk(CLOCK_MONOTONIC);
	CHECK(timer_settime(t, 0, &its, NULL) == 0, "timer_settime");
	timer_gettime(t, &cur);
	CHECK(ts2d(cur.it_value) > 0.05 && ts2d(cur.it_value) <= 0.1, "timer_gettime: %.3f left",
	      ts2d(cur.it_value));
	while (tm_seen() == 0 && clk(CLOCK_MONOTONIC) - t0 < 3)
		usleep(1000);
	double el = clk(CLOCK_MONOTONIC) - t0;
	CHECK(tm_seen() == 1, "one-shot timer fired %d times", tm_seen());
	CHECK(el >= 0.1 && el < 0.1 + SLACK + 0.002, "one-shot 100 ms timer fired after %.4f s", el);
	CHECK(tm_code == SI_TIMER && tm_val == 31337, "timer siginfo: code %d value %d", tm_code,
	      tm_val);
	/* Periodic 10 ms for 0.5 s: about 50 expirations. */
	atomic_store(&tm_count, 0);
	struct itimerspec per = { { 0, 10000000 }, { 0, 10000000 } };
	timer_settime(t, 0, &per, NULL);
	t0 = clk(CLOCK_MONOTONIC);
	while (clk(CLOCK_MONOTONIC) - t0 < 0.5)
		usleep(2000);
	struct itimerspec off = { { 0, 0 }, { 0, 0 } };
	timer_settime(t, 0, &off, NULL);
	int n = tm_seen();
	CHECK(n >= 40 && n <= 52, "periodic 10 ms timer: %d signals in 0.5 s, want ~50", n);
	/* Overrun while blocked. */
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGRTMIN);
	sigprocmask(SIG_BLOCK, &s, NULL);
	atomic_store(&tm_count, 0);
	tm_overrun = -1;
	timer_settime(t, 0, &per, NULL);
	usleep(200000);
	/* One signal was queued, the other expirations are its overrun.
	 * (Unblock while armed: newer kernels drop the pending signal of a
	 * timer that is re-armed or disarmed.) */
	sigset_t pend;
	sigpending(&pend);
	CHECK(sigismember(&pend, SIGRTMIN), "blocked timer signal not pending");
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	int first_overrun = tm_overrun;
	timer_settime(t, 0, &off, NULL);
	CHECK(tm_seen() >= 1, "blocked periodic timer delivered no signal");
	CHECK(first_overrun >= 10 && first_overrun <= 21,
	      "si_overrun %d after 200 ms of 10 ms periods", first_overrun);
	/* Absolute time on REALTIME. */
	timer_t t2;
	CHECK(timer_create(CLOCK_REALTIME, &sev, &t2) == 0, "timer_create REALTIME");
	struct itimerspec ab = { { 0, 0 }, { 0, 0 } };
	clock_gettime(CLOCK_REALTIME, &ab.it_value);
	ab.it_value.tv_nsec += 50000000;
	if (ab.it_value.tv_nsec >= 1000000000) {
		ab.it_value.tv_sec++;
		ab.it_value.tv_nsec -= 1000000000;
	}
	atomic_store(&tm_count, 0);
	timer_settime(t2, TIMER_ABSTIME, &ab, NULL);
	t0 = clk(CLOCK_MONOTONIC);
	while (tm_seen() == 0 && clk(CLOCK_MONOTONIC) - t0 < 3)
		usleep(1000);
	CHECK(tm_seen() == 1 && clk(CLOCK_REALTIME) >= ts2d(ab.it_value),
	      "absolute REALTIME timer: %d signals", tm_seen());
	/* A CPU-time timer fires after CPU is used, not wall time. */
	timer_t t3;
	CHECK(timer_create(CLOCK_PROCESS_CPUTIME_ID, &sev, &t3) == 0, "timer_create CPU: %s",
	      strerror(errno));
	struct itimerspec c = { { 0, 0 }, { 0, 200000000 } };
	atomic_store(&tm_count, 0);
	timer_settime(t3, 0, &c, NULL);
	usleep(300000);
	CHECK(tm_seen() == 0, "CPU-time timer fired while sleeping");
	double cpu0 = clk(CLOCK_PROCESS_CPUTIME_ID);
	while (tm_seen() == 0 && clk(CLOCK_PROCESS_CPUTIME_ID) - cpu0 < 2)
		for (volatile int i = 0; i < 10000; i++)
			;
	CHECK(tm_seen() == 1, "CPU-time timer did not fire after 2 s of CPU");
	timer_delete(t);
	timer_delete(t2);
	timer_delete(t3);
	errno = 0;
	CHECK(timer_settime(t, 0, &per, NULL) == -1 && errno == EINVAL,
	      "deleted timer: errno %d, want EINVAL", errno);
	return 0;
}

/* SIGEV_THREAD_ID: the timer's signal goes to one chosen thread. */
static volatile pid_t target_tid;
static volatile int stop_flag;
static void *idle_thread(void *a)
{
	(void)a;
	target_tid = gettid_();
	while (!stop_flag)
		usleep(1000);
	return NULL;
}

static int chk_timer_thread_id(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = tm_handler;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(SIGRTMIN + 1, &sa, NULL);
	pthread_t th[3];
	for (int i = 0; i < 3; i++) {
		target_tid = 0;
		pthread_create(&th[i], NULL, idle_thread, NULL);
		while (!target_tid)
			usleep(1000);
	}
	pid_t want = target_tid; /* the last one */
	struct sigevent sev;
	memset(&sev, 0, sizeof sev);
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = SIGRTMIN + 1;
	sev._sigev_un._tid = want;
	timer_t t;
	CHECK(timer_create(CLOCK_MONOTONIC, &sev, &t) == 0, "timer_create THREAD_ID: %s",
	      strerror(errno));
	struct itimerspec per = { { 0, 20000000 }, { 0, 20000000 } };
	atomic_store(&tm_count, 0);
	timer_settime(t, 0, &per, NULL);
	for (int k = 0; k < 10; k++) {
		int c = tm_seen();
		double t0 = clk(CLOCK_MONOTONIC);
		while (tm_seen() == c && clk(CLOCK_MONOTONIC) - t0 < 2)
			usleep(1000);
		CHECK(tm_seen() > c, "SIGEV_THREAD_ID timer stopped firing");
		CHECK(tm_tid == want, "timer signal handled by tid %d, want %d", tm_tid, want);
	}
	timer_delete(t);
	/* A tid outside our process is refused. */
	sev._sigev_un._tid = getppid();
	errno = 0;
	CHECK(timer_create(CLOCK_MONOTONIC, &sev, &t) == -1 && errno == EINVAL,
	      "SIGEV_THREAD_ID to another process: errno %d, want EINVAL", errno);
	/* SIGEV_THREAD (glibc helper thread) works too. */
	static atomic_int thr_calls;
	void notify(union sigval v)
	{
		if (v.sival_int == 99)
			atomic_fetch_add(&thr_calls, 1);
	}
	memset(&sev, 0, sizeof sev);
	sev.sigev_notify = SIGEV_THREAD;
	sev.sigev_notify_function = notify;
	sev.sigev_value.sival_int = 99;
	CHECK(timer_create(CLOCK_MONOTONIC, &sev, &t) == 0, "timer_create SIGEV_THREAD");
	timer_settime(t, 0, &per, NULL);
	double t0 = clk(CLOCK_MONOTONIC);
	while (atomic_load(&thr_calls) < 5 && clk(CLOCK_MONOTONIC) - t0 < 3)
		usleep(1000);
	CHECK(atomic_load(&thr_calls) >= 5, "SIGEV_THREAD: %d calls", atomic_load(&thr_calls));
	timer_delete(t);
	stop_flag = 1;
	for (int i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	return 0;
}

static int chk_timerfd(void)
{
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	CHECK(fd >= 0, "timerfd_create: %s", strerror(errno));
	uint64_t n;
	errno = 0;
	CHECK(read(fd, &n, 8) == -1 && errno == EAGAIN, "unarmed timerfd read: errno %d", errno);
	struct itimerspec its = { { 0, 20000000 }, { 0, 20000000 } };
	double t0 = clk(CLOCK_MONOTONIC);
	CHECK(timerfd_settime(fd, 0, &its, NULL) == 0, "timerfd_settime");
	struct pollfd p = { fd, POLLIN, 0 };
	CHECK(poll(&p, 1, 2000) == 1, "timerfd never readable");
	double el = clk(CLOCK_MONOTONIC) - t0;
	CHECK(el >= 0.02 && el < 0.02 + SLACK, "first expiry after %.4f s, want 0.02", el);
	CHECK(read(fd, &n, 8) == 8 && n >= 1, "read: %llu", (unsigned long long)n);
	usleep(205000);
	CHECK(read(fd, &n, 8) == 8 && n >= 9 && n <= 12, "%llu expirations in ~205 ms of 20 ms",
	      (unsigned long long)n);
	/* timerfd_gettime shows the remaining time and interval. */
	struct itimerspec cur;
	timerfd_gettime(fd, &cur);
	CHECK(ts2d(cur.it_interval) == 0.02 && ts2d(cur.it_value) <= 0.02,
	      "gettime: value %.4f interval %.4f", ts2d(cur.it_value), ts2d(cur.it_interval));
	/* Absolute, one shot, blocking read. */
	int fd2 = timerfd_create(CLOCK_REALTIME, 0);
	struct itimerspec ab = { { 0, 0 }, { 0, 0 } };
	clock_gettime(CLOCK_REALTIME, &ab.it_value);
	ab.it_value.tv_nsec += 80000000;
	if (ab.it_value.tv_nsec >= 1000000000) {
		ab.it_value.tv_sec++;
		ab.it_value.tv_nsec -= 1000000000;
	}
	CHECK(timerfd_settime(fd2, TFD_TIMER_ABSTIME, &ab, NULL) == 0, "abs settime");
	CHECK(read(fd2, &n, 8) == 8 && n == 1, "blocking read: n %llu", (unsigned long long)n);
	double now = clk(CLOCK_REALTIME);
	CHECK(now >= ts2d(ab.it_value) && now < ts2d(ab.it_value) + SLACK,
	      "absolute timerfd fired %.4f s after the deadline", now - ts2d(ab.it_value));
	/* Disarm. */
	struct itimerspec off = { { 0, 0 }, { 0, 0 } };
	timerfd_settime(fd, 0, &off, NULL);
	read(fd, &n, 8);
	usleep(50000);
	errno = 0;
	CHECK(read(fd, &n, 8) == -1 && errno == EAGAIN, "disarmed timerfd still expires");
	/* BOOTTIME timerfd exists too. */
	int fd3 = timerfd_create(CLOCK_BOOTTIME, 0);
	CHECK(fd3 >= 0, "timerfd_create(BOOTTIME): %s", strerror(errno));
	close(fd);
	close(fd2);
	close(fd3);
	return 0;
}

static volatile int it_sig[3];
static void it_handler(int sig)
{
	if (sig == SIGALRM)
		it_sig[0]++;
	if (sig == SIGVTALRM)
		it_sig[1]++;
	if (sig == SIGPROF)
		it_sig[2]++;
}

static int chk_itimers(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = it_handler;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGVTALRM, &sa, NULL);
	sigaction(SIGPROF, &sa, NULL);
	alarm(0); /* the harness's alarm: we use ITIMER_REAL ourselves */
	/* ITIMER_REAL one shot 100 ms. */
	struct itimerval it = { { 0, 0 }, { 0, 100000 } }, cur;
	double t0 = clk(CLOCK_MONOTONIC);
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0, "setitimer REAL");
	getitimer(ITIMER_REAL, &cur);
	CHECK(cur.it_value.tv_usec > 50000 && cur.it_value.tv_usec <= 100000,
	      "getitimer REAL: %ld us left", (long)cur.it_value.tv_usec);
	while (!it_sig[0] && clk(CLOCK_MONOTONIC) - t0 < 3)
		usleep(1000);
	double el = clk(CLOCK_MONOTONIC) - t0;
	CHECK(it_sig[0] == 1 && el >= 0.1 && el < 0.1 + SLACK, "ITIMER_REAL: %d signals after %.4f s",
	      it_sig[0], el);
	/* Periodic ITIMER_REAL 20 ms over 0.4 s. */
	it_sig[0] = 0;
	struct itimerval per = { { 0, 20000 }, { 0, 20000 } }, off = { { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &per, NULL);
	t0 = clk(CLOCK_MONOTONIC);
	while (clk(CLOCK_MONOTONIC) - t0 < 0.4)
		usleep(5000);
	setitimer(ITIMER_REAL, &off, NULL);
	CHECK(it_sig[0] >= 16 && it_sig[0] <= 21, "periodic ITIMER_REAL: %d in 0.4 s, want ~20",
	      it_sig[0]);
	alarm(60);
	/* ITIMER_VIRTUAL counts user CPU only: no signal while sleeping. */
	struct itimerval v = { { 0, 0 }, { 0, 100000 } };
	CHECK(setitimer(ITIMER_VIRTUAL, &v, NULL) == 0, "setitimer VIRTUAL");
	usleep(300000);
	CHECK(it_sig[1] == 0, "ITIMER_VIRTUAL fired while sleeping");
	double c0 = clk(CLOCK_PROCESS_CPUTIME_ID);
	while (!it_sig[1] && clk(CLOCK_PROCESS_CPUTIME_ID) - c0 < 3)
		for (volatile int i = 0; i < 10000; i++)
			;
	double used = clk(CLOCK_PROCESS_CPUTIME_ID) - c0;
	CHECK(it_sig[1] == 1, "ITIMER_VIRTUAL never fired (%.2f s CPU)", used);
	CHECK(used >= 0.09 && used < 0.3, "ITIMER_VIRTUAL of 100 ms fired after %.3f s CPU", used);
	/* ITIMER_PROF, periodic 50 ms, during 0.5 s of CPU: ~10. */
	struct itimerval pr = { { 0, 50000 }, { 0, 50000 } };
	CHECK(setitimer(ITIMER_PROF, &pr, NULL) == 0, "setitimer PROF");
	usleep(200000);
	CHECK(it_sig[2] == 0, "ITIMER_PROF fired while sleeping");
	c0 = clk(CLOCK_PROCESS_CPUTIME_ID);
	while (clk(CLOCK_PROCESS_CPUTIME_ID) - c0 < 0.5)
		for (volatile int i = 0; i < 10000; i++)
			;
	setitimer(ITIMER_PROF, &off, NULL);
	CHECK(it_sig[2] >= 7 && it_sig[2] <= 12, "ITIMER_PROF 50 ms: %d signals in 0.5 s CPU",
	      it_sig[2]);
	getitimer(ITIMER_PROF, &cur);
	CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0, "ITIMER_PROF not disarmed");
	/* Invalid which. */
	errno = 0;
	CHECK(setitimer(7, &v, NULL) == -1 && errno == EINVAL, "setitimer(7): errno %d", errno);
	return 0;
}

/* vDSO: present, an ELF image exporting __vdso_clock_gettime & co with
 * the version LINUX_2.6 (what glibc asks for), and answering the
 * MONOTONIC, REALTIME and BOOTTIME clocks, gettimeofday and time without
 * entering the kernel. */

/* The number of dynamic symbols, from DT_HASH or else DT_GNU_HASH. */
static uint32_t vdso_nsyms(const uint32_t *hash, const uint32_t *gnu)
{
	if (hash)
		return hash[1]; /* nchain */
	if (!gnu)
		return 0;
	uint32_t nbuckets = gnu[0], symoffset = gnu[1], bloom_size = gnu[2];
	const uint32_t *buckets = gnu + 4 + bloom_size * (sizeof(Elf64_Addr) / 4);
	const uint32_t *chain = buckets + nbuckets;
	uint32_t last = 0;
	for (uint32_t b = 0; b < nbuckets; b++)
		if (buckets[b] > last)
			last = buckets[b];
	if (last < symoffset)
		return symoffset;
	while (!(chain[last - symoffset] & 1))
		last++;
	return last + 1;
}

/* The address of the vDSO's defined symbol NAME, or NULL; *version gets
 * the name of its version ("" when the vDSO has no version info). */
static void *vdso_sym_ver(const char *name, const char **version)
{
	*version = "";
	uintptr_t base = getauxval(AT_SYSINFO_EHDR);
	if (!base)
		return NULL;
	Elf64_Ehdr *eh = (Elf64_Ehdr *)base;
	Elf64_Phdr *ph = (Elf64_Phdr *)(base + eh->e_phoff);
	uintptr_t load_off = 0;
	int have_load = 0;
	Elf64_Dyn *dyn = NULL;
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && !have_load) {
			load_off = base + ph[i].p_offset - ph[i].p_vaddr;
			have_load = 1;
		}
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = (Elf64_Dyn *)(base + ph[i].p_offset);
	}
	if (!dyn)
		return NULL;
	Elf64_Sym *symtab = NULL;
	const char *strtab = NULL;
	const uint32_t *hash = NULL, *gnu = NULL;
	const Elf64_Half *versym = NULL;
	const char *verdef = NULL;
	for (; dyn->d_tag != DT_NULL; dyn++) {
		void *p = (void *)(dyn->d_un.d_ptr + load_off);
		switch (dyn->d_tag) {
		case DT_SYMTAB: symtab = p; break;
		case DT_STRTAB: strtab = p; break;
		case DT_HASH: hash = p; break;
		case DT_GNU_HASH: gnu = p; break;
		case DT_VERSYM: versym = p; break;
		case DT_VERDEF: verdef = p; break;
		}
	}
	if (!symtab || !strtab)
		return NULL;
	uint32_t n = vdso_nsyms(hash, gnu);
	for (uint32_t i = 0; i < n; i++) {
		if (symtab[i].st_shndx == SHN_UNDEF || strcmp(strtab + symtab[i].st_name, name))
			continue;
		if (versym && verdef) {
			Elf64_Half want = versym[i] & 0x7fff;
			const char *d = verdef;
			for (;;) {
				const Elf64_Verdef *vd = (const Elf64_Verdef *)d;
				if (vd->vd_ndx == want && !(vd->vd_flags & VER_FLG_BASE)) {
					const Elf64_Verdaux *va =
						(const Elf64_Verdaux *)(d + vd->vd_aux);
					*version = strtab + va->vda_name;
					break;
				}
				if (!vd->vd_next)
					break;
				d += vd->vd_next;
			}
		}
		return (void *)(symtab[i].st_value + load_off);
	}
	return NULL;
}

static long long ts_ns(struct timespec t)
{
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

typedef int (*vdso_gettime_fn)(clockid_t, struct timespec *);
typedef int (*vdso_gettimeofday_fn)(struct timeval *, void *);
typedef time_t (*vdso_time_fn)(time_t *);

/* Seconds a call of one of these, the best of 5 rounds of n calls (the
 * machine may be busy: the best round is the one least disturbed). */
enum { T_GETPPID, T_VDSO_GETTIME, T_VDSO_GETTIMEOFDAY, T_VDSO_TIME, T_LIBC_GETTIME };
static double per_call(int what, void *fn, clockid_t id, int n)
{
	double best = 1e9;
	for (int round = 0; round < 5; round++) {
		struct timespec t;
		struct timeval tv;
		double t0 = clk(CLOCK_MONOTONIC_RAW);
		for (int k = 0; k < n; k++) {
			switch (what) {
			case T_GETPPID: syscall(SYS_getppid); break;
			case T_VDSO_GETTIME: ((vdso_gettime_fn)fn)(id, &t); break;
			case T_VDSO_GETTIMEOFDAY: ((vdso_gettimeofday_fn)fn)(&tv, NULL); break;
			case T_VDSO_TIME: ((vdso_time_fn)fn)(NULL); break;
			case T_LIBC_GETTIME: clock_gettime(id, &t); break;
			}
		}
		double el = (clk(CLOCK_MONOTONIC_RAW) - t0) / n;
		if (el < best)
			best = el;
	}
	return best;
}

static int chk_vdso(void)
{
	uintptr_t base = getauxval(AT_SYSINFO_EHDR);
	CHECK(base != 0, "no AT_SYSINFO_EHDR in the auxiliary vector");
	CHECK(memcmp((void *)base, ELFMAG, SELFMAG) == 0, "AT_SYSINFO_EHDR does not point at ELF");
	/* It is listed in /proc/self/maps as [vdso]. */
	FILE *f = fopen("/proc/self/maps", "r");
	char line[256];
	int listed = 0;
	while (f && fgets(line, sizeof line, f))
		if (strstr(line, "[vdso]") && strtoull(line, NULL, 16) == base)
			listed = 1;
	if (f)
		fclose(f);
	CHECK(listed, "[vdso] at %#lx not in /proc/self/maps", (unsigned long)base);
	/* The entry points, each with the version glibc looks up.  (No
	 * __vdso_clock_getres is required: glibc then makes the system
	 * call, as it does on kernels whose vDSO lacks it.) */
	static const char *const names[] = { "__vdso_clock_gettime", "__vdso_gettimeofday",
					     "__vdso_time", "__vdso_getcpu" };
	void *fns[4];
	for (int i = 0; i < 4; i++) {
		const char *ver;
		fns[i] = vdso_sym_ver(names[i], &ver);
		CHECK(fns[i], "no %s in the vDSO", names[i]);
		CHECK(strcmp(ver, "LINUX_2.6") == 0, "%s has version '%s', want LINUX_2.6",
		      names[i], ver);
	}
	vdso_gettime_fn vgt = (vdso_gettime_fn)fns[0];
	vdso_gettimeofday_fn vtod = (vdso_gettimeofday_fn)fns[1];
	vdso_time_fn vtime = (vdso_time_fn)fns[2];
	/* Agrees with the system call.  For the precise clocks a vDSO read,
	 * a system call and another vDSO read are in order: a <= b <= c.
	 * The coarse ones may be a tick apart: within 50 ms; the others
	 * are system calls behind the vDSO. */
	static const struct {
		clockid_t id;
		int exact;
	} ids[] = { { CLOCK_REALTIME, 1 },	   { CLOCK_MONOTONIC, 1 },
		    { CLOCK_BOOTTIME, 1 },	   { CLOCK_MONOTONIC_RAW, 1 },
		    { CLOCK_REALTIME_COARSE, 0 }, { CLOCK_MONOTONIC_COARSE, 0 },
		    { CLOCK_TAI, 1 },		   { CLOCK_PROCESS_CPUTIME_ID, 0 } };
	for (unsigned i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		clockid_t id = ids[i].id;
		struct timespec a, b, c;
		if (ids[i].exact) {
			CHECK(vgt(id, &a) == 0, "__vdso_clock_gettime(%d) failed", id);
			CHECK(sys_clock_gettime(id, &b) == 0, "clock_gettime(%d) failed", id);
			CHECK(vgt(id, &c) == 0, "__vdso_clock_gettime(%d) failed", id);
			CHECK(ts_ns(a) <= ts_ns(b) && ts_ns(b) <= ts_ns(c),
			      "clock %d: vDSO %lld.%09ld, syscall %lld.%09ld, vDSO %lld.%09ld: not in order",
			      id, (long long)a.tv_sec, a.tv_nsec, (long long)b.tv_sec, b.tv_nsec,
			      (long long)c.tv_sec, c.tv_nsec);
		} else {
			sys_clock_gettime(id, &a);
			CHECK(vgt(id, &b) == 0, "__vdso_clock_gettime(%d) failed", id);
			sys_clock_gettime(id, &c);
			CHECK(ts_ns(b) >= ts_ns(a) - 50000000 && ts_ns(b) <= ts_ns(c) + 50000000,
			      "vDSO clock %d: %.6f not between syscall reads %.6f and %.6f", id,
			      ts2d(b), ts2d(a), ts2d(c));
		}
	}
	/* gettimeofday and time agree with CLOCK_REALTIME. */
	struct timeval tv;
	struct timespec r0, r1;
	vgt(CLOCK_REALTIME, &r0);
	CHECK(vtod(&tv, NULL) == 0, "__vdso_gettimeofday failed");
	time_t tt = vtime(NULL);
	vgt(CLOCK_REALTIME, &r1);
	long long tv_ns = tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL;
	CHECK(tv_ns >= ts_ns(r0) - 1000 && tv_ns <= ts_ns(r1),
	      "__vdso_gettimeofday %lld.%06ld outside CLOCK_REALTIME %.6f..%.6f",
	      (long long)tv.tv_sec, (long)tv.tv_usec, ts2d(r0), ts2d(r1));
	CHECK(tt >= r0.tv_sec - 1 && tt <= r1.tv_sec, "__vdso_time %lld outside %lld..%lld",
	      (long long)tt, (long long)r0.tv_sec, (long long)r1.tv_sec);
	unsigned cpu = 99, node = 99;
	CHECK(((long (*)(unsigned *, unsigned *, void *))fns[3])(&cpu, &node, NULL) == 0 &&
		      cpu < 64 && node < 64,
	      "__vdso_getcpu: cpu %u node %u", cpu, node);
	/* Monotonic across many calls, including across sleeps. */
	struct timespec prev, t;
	vgt(CLOCK_MONOTONIC, &prev);
	for (int k = 0; k < 200000; k++) {
		vgt(CLOCK_MONOTONIC, &t);
		CHECK(ts_ns(t) >= ts_ns(prev), "vDSO MONOTONIC went backwards");
		prev = t;
		if (k % 50000 == 0)
			usleep(10000);
	}
	/* No kernel entry, by timing: a guest system call costs many
	 * microseconds here, a vDSO read tens of nanoseconds.  Unloaded the
	 * ratio is far above 10; the machine may be busy, so demand 5. */
	double per_sys = per_call(T_GETPPID, NULL, 0, 500);
	/* The _COARSE clocks too: the vDSO answers them from the kernel's
	 * timekeeping data at its last tick, as real Linux does. */
	static const struct {
		int what;
		clockid_t id;
		const char *name;
		int may_trap;
	} fast[] = { { T_VDSO_GETTIME, CLOCK_MONOTONIC, "MONOTONIC", 0 },
		     { T_VDSO_GETTIME, CLOCK_REALTIME, "REALTIME", 0 },
		     { T_VDSO_GETTIME, CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE", 0 },
		     { T_VDSO_GETTIME, CLOCK_REALTIME_COARSE, "REALTIME_COARSE", 0 },
		     { T_VDSO_GETTIME, CLOCK_BOOTTIME, "BOOTTIME", 0 },
		     { T_VDSO_GETTIMEOFDAY, 0, "gettimeofday", 0 },
		     { T_VDSO_TIME, 0, "time", 0 },
		     { T_LIBC_GETTIME, CLOCK_MONOTONIC, "glibc clock_gettime(MONOTONIC)", 0 } };
	void *fn_of[] = { [T_VDSO_GETTIME] = (void *)vgt,
			  [T_VDSO_GETTIMEOFDAY] = (void *)vtod,
			  [T_VDSO_TIME] = (void *)vtime };
	char slow[400] = "";
	for (unsigned i = 0; i < sizeof fast / sizeof fast[0]; i++) {
		int w = fast[i].what;
		double v = per_call(w, w == T_LIBC_GETTIME ? NULL : fn_of[w], fast[i].id, 20000);
		printf("# vdso: %s %.0f ns per call, getppid %.0f ns\n", fast[i].name, v * 1e9,
		       per_sys * 1e9);
		if (v >= per_sys / 5 && !fast[i].may_trap)
			snprintf(slow + strlen(slow), sizeof slow - strlen(slow), "%s%s %.0f ns",
				 slow[0] ? ", " : "", fast[i].name, v * 1e9);
	}
	CHECK(!slow[0], "these trap into the kernel (getppid %.0f ns): %s", per_sys * 1e9, slow);
	return 0;
}

/*
 * Every reader of a clock agrees with every other: the vDSO, the system
 * call, gettimeofday and time (issue 14, item 3).  Two readers of the
 * same clock alternate; each reading, cut to the coarser unit of the
 * two, must not be before the one just taken, nor more than 10 ms after
 * it unless that much time really passed (the host descheduled us): the
 * processor's time-stamp counter, which no kernel's timekeeping touches,
 * is the judge.
 */
typedef long long (*clock_reader)(void);

static void *vdso_sym(const char *name)
{
	const char *ver;

	return vdso_sym_ver(name, &ver);
}

static vdso_gettime_fn agree_vgt;
static vdso_gettimeofday_fn agree_vtod;
static vdso_time_fn agree_vtime;

static long long sys_ns(clockid_t id)
{
	struct timespec t;

	if (sys_clock_gettime(id, &t))
		return -1;
	return ts_ns(t);
}

static long long vdso_ns(clockid_t id)
{
	struct timespec t;

	if (agree_vgt(id, &t))
		return -1;
	return ts_ns(t);
}

static long long rd_sys_mono(void) { return sys_ns(CLOCK_MONOTONIC); }
static long long rd_sys_boot(void) { return sys_ns(CLOCK_BOOTTIME); }
static long long rd_sys_real(void) { return sys_ns(CLOCK_REALTIME); }
static long long rd_vdso_mono(void) { return vdso_ns(CLOCK_MONOTONIC); }
static long long rd_vdso_boot(void) { return vdso_ns(CLOCK_BOOTTIME); }
static long long rd_vdso_real(void) { return vdso_ns(CLOCK_REALTIME); }

static long long rd_vdso_tod(void)
{
	struct timeval tv;

	if (agree_vtod(&tv, NULL))
		return -1;
	return tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL;
}

static long long rd_sys_tod(void)
{
	struct timeval tv;

	if (syscall(SYS_gettimeofday, &tv, NULL))
		return -1;
	return tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL;
}

static long long rd_vdso_time(void)
{
	return agree_vtime(NULL) * 1000000000LL;
}

static long long rd_sys_time(void)
{
	return syscall(SYS_time, NULL) * 1000000000LL;
}

struct agree_pair {
	const char *name;
	clock_reader a, b;
	long long unit; /* ns: both readings are cut to this */
};

static double tsc_per_ns;

/* 0 if in agreement, else 1 with the reason in *why. */
static int agree_run(const struct agree_pair *p, int n, char *why, size_t len)
{
	const long long max_jump = 10000000;
	long long prev = p->a() / p->unit * p->unit;
	unsigned long long tsc_prev = __builtin_ia32_rdtsc();

	for (int k = 0; k < 2 * n; k++) {
		long long v = (k & 1) ? p->a() : p->b();
		unsigned long long tsc = __builtin_ia32_rdtsc();

		if (v < 0) {
			snprintf(why, len, "%s: a reading failed", p->name);
			return 1;
		}
		v = v / p->unit * p->unit;
		if (v < prev) {
			snprintf(why, len, "%s: went back %lld ns from %s %lld.%09lld to %s %lld.%09lld (reading %d)",
				 p->name, prev - v, (k & 1) ? "the second" : "the first",
				 prev / 1000000000, prev % 1000000000, (k & 1) ? "the first" : "the second",
				 v / 1000000000, v % 1000000000, k);
			return 1;
		}
		/* Half the jump must show on the TSC, to allow for its rate
		 * being measured roughly. */
		if (v - prev > max_jump && p->unit < max_jump &&
		    (tsc - tsc_prev) / tsc_per_ns < (v - prev) / 2) {
			snprintf(why, len, "%s: jumped forward %lld us in %.0f us (reading %d)", p->name,
				 (v - prev) / 1000, (tsc - tsc_prev) / tsc_per_ns / 1000, k);
			return 1;
		}
		prev = v;
		tsc_prev = tsc;
	}
	return 0;
}

static int agree_pairs(const struct agree_pair *pairs, int npairs, int n)
{
	agree_vgt = (vdso_gettime_fn)vdso_sym("__vdso_clock_gettime");
	agree_vtod = (vdso_gettimeofday_fn)vdso_sym("__vdso_gettimeofday");
	agree_vtime = (vdso_time_fn)vdso_sym("__vdso_time");
	CHECK(agree_vgt && agree_vtod && agree_vtime, "the vDSO lacks a clock function");
	/* The TSC's rate, well enough to tell 5 ms from 10 us. */
	long long t0 = sys_ns(CLOCK_MONOTONIC_RAW);
	unsigned long long c0 = __builtin_ia32_rdtsc();
	usleep(50000);
	long long t1 = sys_ns(CLOCK_MONOTONIC_RAW);
	unsigned long long c1 = __builtin_ia32_rdtsc();
	tsc_per_ns = (double)(c1 - c0) / (t1 - t0);
	CHECK(tsc_per_ns > 0.05, "the TSC runs at %.3f per ns", tsc_per_ns);
	for (int i = 0; i < npairs; i++) {
		char why[300];

		CHECK(!agree_run(&pairs[i], n, why, sizeof(why)), "%s", why);
	}
	return 0;
}

static int chk_clocks_agree(void)
{
	static const struct agree_pair pairs[] = {
		{ "MONOTONIC vDSO/syscall", rd_vdso_mono, rd_sys_mono, 1 },
		{ "BOOTTIME vDSO/syscall", rd_vdso_boot, rd_sys_boot, 1 },
		{ "REALTIME vDSO/syscall", rd_vdso_real, rd_sys_real, 1 },
		{ "MONOTONIC syscall/BOOTTIME vDSO", rd_sys_mono, rd_vdso_boot, 1 },
	};

	return agree_pairs(pairs, sizeof(pairs) / sizeof(pairs[0]), 100000);
}

static int chk_clocks_agree_tod(void)
{
	static const struct agree_pair pairs[] = {
		{ "gettimeofday vDSO/REALTIME syscall", rd_vdso_tod, rd_sys_real, 1000 },
		{ "gettimeofday syscall/REALTIME vDSO", rd_sys_tod, rd_vdso_real, 1000 },
		{ "time vDSO/syscall", rd_vdso_time, rd_sys_time, 1000000000 },
	};

	return agree_pairs(pairs, sizeof(pairs) / sizeof(pairs[0]), 100000);
}

static long long rd_sys_mono_coarse(void) { return sys_ns(CLOCK_MONOTONIC_COARSE); }
static long long rd_sys_real_coarse(void) { return sys_ns(CLOCK_REALTIME_COARSE); }
static long long rd_vdso_mono_coarse(void) { return vdso_ns(CLOCK_MONOTONIC_COARSE); }
static long long rd_vdso_real_coarse(void) { return vdso_ns(CLOCK_REALTIME_COARSE); }

/*
 * The COARSE clocks, and time(), are the kernel's at its last tick: the
 * same through the vDSO and the system call, never ahead of the precise
 * clock, never more than a few ticks behind it.
 */
static int chk_clocks_agree_coarse(void)
{
	static const struct agree_pair pairs[] = {
		{ "MONOTONIC_COARSE vDSO/syscall", rd_vdso_mono_coarse, rd_sys_mono_coarse, 1 },
		{ "REALTIME_COARSE vDSO/syscall", rd_vdso_real_coarse, rd_sys_real_coarse, 1 },
		{ "time vDSO/REALTIME_COARSE syscall", rd_vdso_time, rd_sys_real_coarse, 1000000000 },
		{ "time syscall/REALTIME_COARSE vDSO", rd_sys_time, rd_vdso_real_coarse, 1000000000 },
	};
	static const struct {
		const char *name;
		clockid_t coarse, fine;
	} c[] = { { "MONOTONIC", CLOCK_MONOTONIC_COARSE, CLOCK_MONOTONIC },
		  { "REALTIME", CLOCK_REALTIME_COARSE, CLOCK_REALTIME } };

	if (agree_pairs(pairs, sizeof(pairs) / sizeof(pairs[0]), 20000))
		return 1;
	for (unsigned int i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct timespec res;
		long long prev_coarse = 0, fine_before = vdso_ns(c[i].fine), late = 0;

		CHECK_SYS(clock_getres(c[i].coarse, &res));
		/* A tick may come late on a busy host: allow 5 of them. */
		long long slack = 5 * ts_ns(res);
		for (int k = 0; k < 20000; k++) {
			long long coarse = sys_ns(c[i].coarse);
			long long fine = vdso_ns(c[i].fine);

			CHECK(coarse >= prev_coarse, "%s_COARSE went back %lld ns", c[i].name,
			      prev_coarse - coarse);
			CHECK(coarse <= fine, "%s_COARSE %lld is %lld ns ahead of the clock read after it",
			      c[i].name, coarse, coarse - fine);
			if (fine_before - coarse > slack)
				late++;
			prev_coarse = coarse;
			fine_before = fine;
		}
		CHECK(late < 10, "%s_COARSE more than 5 ticks (%lld ns) behind %lld times of 20000",
		      c[i].name, slack, late);
	}
	return 0;
}

/*
 * The same while the guest's NTP frequency is off by 500 ppm (as an NTP
 * daemon or a test of adjtimex leaves it): the guest's clocks then part
 * from the host's, and every reader must follow the guest's.
 */
static int chk_clocks_agree_slewed(void)
{
	static const struct agree_pair pairs[] = {
		{ "slewed MONOTONIC vDSO/syscall", rd_vdso_mono, rd_sys_mono, 1 },
		{ "slewed REALTIME vDSO/syscall", rd_vdso_real, rd_sys_real, 1 },
		{ "slewed gettimeofday vDSO/REALTIME syscall", rd_vdso_tod, rd_sys_real, 1000 },
	};
	struct timex tx = { .modes = ADJ_FREQUENCY, .freq = 500L << 16 };
	int r;

	CHECK_SYS(adjtimex(&tx));
	r = agree_pairs(pairs, sizeof(pairs) / sizeof(pairs[0]), 100000);
	tx.modes = ADJ_FREQUENCY;
	tx.freq = 0;
	CHECK_SYS(adjtimex(&tx));
	return r;
}

static const struct check checks[] = {
	{ "clocks", chk_clocks, 0 },
	{ "cpu_clocks", chk_cpu_clocks, 0 },
	{ "clock_report", chk_clock_report, 0 },
	{ "sleep_accuracy", chk_sleep_accuracy, 0 },
	{ "posix_timers", chk_posix_timers, 0 },
	{ "timer_thread_id", chk_timer_thread_id, 0 },
	{ "timerfd", chk_timerfd, 0 },
	{ "itimers", chk_itimers, 0 },
	{ "vdso", chk_vdso, 0 },
	{ "clocks_agree", chk_clocks_agree, 0 },
	{ "clocks_agree_tod", chk_clocks_agree_tod, 0 },
	{ "clocks_agree_coarse", chk_clocks_agree_coarse, 0 },
	{ "clocks_agree_slewed", chk_clocks_agree_slewed, 0 },
};

int main(int argc, char **argv)
{
	return harness_main("abi-time", checks, sizeof checks / sizeof checks[0], argc, argv);
}
