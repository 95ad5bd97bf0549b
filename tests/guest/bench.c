/*
 * bench: micro-benchmarks of the kernel paths a UML port makes expensive
 * (system call entry, address-space creation, exec).
 *
 * Build: gcc -static -O2 -o bench bench.c
 * Usage: bench [-n SCALE] [-t /path/to/tiny]
 *   Each measurement runs for about SCALE seconds (default 1) and at
 *   least a minimum number of iterations.
 *
 * Output, one result per line, parsable as "bench NAME VALUE":
 *   bench getppid_ns 123.4        ns per getppid() system call
 *   bench clock_gettime_ns 12.3   ns per clock_gettime(CLOCK_MONOTONIC)
 *   bench fork_exit_wait_us 456.7 us per fork + child _exit + waitpid
 *   bench fork_exec_wait_us 789.0 us per fork + execve(tiny) + waitpid
 * A failed measurement prints "bench NAME FAIL reason" instead.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int wait_ok(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return 0;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/*
 * Each measurement runs in batches until it has taken at least
 * target_ns (and at least min_iter iterations), so a slow kernel does not
 * make the benchmark take minutes and a fast one still gets many samples.
 * Returns ns per iteration, or -1 if an iteration failed.
 */
typedef int (*iter_fn)(const char *arg);

static double measure(iter_fn fn, const char *arg, long batch, long min_iter, double target_ns)
{
	long done = 0;
	double t0 = now_ns(), t1 = t0;
	while (done < min_iter || t1 - t0 < target_ns) {
		for (long i = 0; i < batch; i++)
			if (fn(arg) != 0)
				return -1;
		done += batch;
		t1 = now_ns();
	}
	return (t1 - t0) / done;
}

static int do_getppid(const char *arg)
{
	(void)arg;
	/* The raw syscall, so no libc caching can hide the cost. */
	syscall(SYS_getppid);
	return 0;
}

/* Through the C library, as programs call it: the vDSO where there is one. */
static int do_clock_gettime(const char *arg)
{
	struct timespec ts;

	(void)arg;
	return clock_gettime(CLOCK_MONOTONIC, &ts);
}

static int do_fork_exit(const char *arg)
{
	(void)arg;
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	return pid > 0 && wait_ok(pid) ? 0 : 1;
}

static int do_fork_exec(const char *tiny)
{
	pid_t pid = fork();
	if (pid == 0) {
		char *a[] = { (char *)tiny, NULL };
		char *e[] = { NULL };
		execve(tiny, a, e);
		_exit(127);
	}
	return pid > 0 && wait_ok(pid) ? 0 : 1;
}

int main(int argc, char **argv)
{
	double scale = 1;
	const char *tiny = "/test/tiny";
	int opt;

	while ((opt = getopt(argc, argv, "n:t:")) != -1) {
		switch (opt) {
		case 'n':
			scale = atof(optarg);
			break;
		case 't':
			tiny = optarg;
			break;
		default:
			fprintf(stderr, "usage: %s [-n SCALE] [-t TINY]\n", argv[0]);
			return 2;
		}
	}
	if (scale <= 0)
		scale = 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	double target = 1e9 * scale; /* about one second per measurement */
	int rc = 0;

	do_getppid(NULL); /* warm up */
	double v = measure(do_getppid, NULL, 1000, 10000, target);
	printf("bench getppid_ns %.1f\n", v);

	v = measure(do_clock_gettime, NULL, 1000, 10000, target);
	printf("bench clock_gettime_ns %.1f\n", v);

	v = measure(do_fork_exit, NULL, 10, 50, target);
	if (v >= 0) {
		printf("bench fork_exit_wait_us %.1f\n", v / 1000);
	} else {
		printf("bench fork_exit_wait_us FAIL fork or wait failed\n");
		rc = 1;
	}

	if (access(tiny, X_OK) != 0) {
		printf("bench fork_exec_wait_us FAIL %s: %s\n", tiny, strerror(errno));
		return 1;
	}
	v = measure(do_fork_exec, tiny, 10, 30, target);
	if (v >= 0) {
		printf("bench fork_exec_wait_us %.1f\n", v / 1000);
	} else {
		printf("bench fork_exec_wait_us FAIL exec of %s failed\n", tiny);
		rc = 1;
	}
	return rc;
}
