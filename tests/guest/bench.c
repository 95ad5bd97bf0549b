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
 *   bench page_fault_ns 1234.5    ns per first touch of an anonymous page
 *   bench pipe_rtt_us 12.3        us per one-byte round trip between two
 *                                 processes over a pair of pipes
 *   bench fork_exit_wait_us 456.7 us per fork + child _exit + waitpid
 *   bench fork_exec_wait_us 789.0 us per fork + execve(tiny) + waitpid
 * A failed measurement prints "bench NAME FAIL reason" instead.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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

/* First touch of fresh anonymous pages: one fault each (write). */
#define FAULT_PAGES 256
static int do_fault_batch(const char *arg)
{
	long page = sysconf(_SC_PAGESIZE);
	char *m = mmap(NULL, FAULT_PAGES * page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)arg;
	if (m == MAP_FAILED)
		return 1;
	for (long i = 0; i < FAULT_PAGES; i++)
		m[i * page] = 1;
	return munmap(m, FAULT_PAGES * page);
}

/* A one-byte ping-pong with a child over two pipes, rounds at a time. */
static int ping[2], pong[2];
static int do_pipe_rtt(const char *arg)
{
	char c = 0;

	(void)arg;
	return write(ping[1], &c, 1) == 1 && read(pong[0], &c, 1) == 1 ? 0 : 1;
}

static double measure_pipe_rtt(double target)
{
	double v;
	pid_t pid;
	char c;

	if (pipe(ping) || pipe(pong))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(ping[1]);
		while (read(ping[0], &c, 1) == 1)
			if (write(pong[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	if (pid < 0)
		return -1;
	v = measure(do_pipe_rtt, NULL, 100, 1000, target);
	close(ping[1]);
	if (!wait_ok(pid))
		v = -1;
	close(ping[0]);
	close(pong[0]);
	close(pong[1]);
	return v;
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

	do_fault_batch(NULL);
	v = measure(do_fault_batch, NULL, 4, 20, target);
	if (v >= 0) {
		printf("bench page_fault_ns %.1f\n", v / FAULT_PAGES);
	} else {
		printf("bench page_fault_ns FAIL mmap or munmap failed\n");
		rc = 1;
	}

	v = measure_pipe_rtt(target);
	if (v >= 0) {
		printf("bench pipe_rtt_us %.1f\n", v / 1000);
	} else {
		printf("bench pipe_rtt_us FAIL pipe, fork or the child failed\n");
		rc = 1;
	}

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
