/*
 * bench: micro-benchmarks of the kernel paths a UML port makes expensive
 * (system call entry, address-space creation, exec).
 *
 * Build: gcc -static -O2 -o bench bench.c
 * Usage: bench [-n SCALE] [-t /path/to/tiny]
 *   SCALE multiplies the iteration counts (default 1).
 *
 * Output, one result per line, parsable as "bench NAME VALUE":
 *   bench getppid_ns 123.4        ns per getppid() system call
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

	/* getppid: the raw syscall, so no libc caching can hide the cost. */
	long n = (long)(200000 * scale);
	syscall(SYS_getppid); /* warm up */
	double t0 = now_ns();
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	double t1 = now_ns();
	printf("bench getppid_ns %.1f\n", (t1 - t0) / n);

	/* fork + _exit + waitpid */
	n = (long)(500 * scale);
	if (n < 1)
		n = 1;
	int ok = 1;
	t0 = now_ns();
	for (long i = 0; i < n && ok; i++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		ok = pid > 0 && wait_ok(pid);
	}
	t1 = now_ns();
	if (ok)
		printf("bench fork_exit_wait_us %.1f\n", (t1 - t0) / n / 1000);
	else
		printf("bench fork_exit_wait_us FAIL fork or wait failed\n");

	/* fork + execve(tiny static program) + waitpid */
	if (access(tiny, X_OK) != 0) {
		printf("bench fork_exec_wait_us FAIL %s: %s\n", tiny, strerror(errno));
		return 1;
	}
	n = (long)(300 * scale);
	if (n < 1)
		n = 1;
	ok = 1;
	t0 = now_ns();
	for (long i = 0; i < n && ok; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			char *a[] = { (char *)tiny, NULL };
			char *e[] = { NULL };
			execve(tiny, a, e);
			_exit(127);
		}
		ok = pid > 0 && wait_ok(pid);
	}
	t1 = now_ns();
	if (ok)
		printf("bench fork_exec_wait_us %.1f\n", (t1 - t0) / n / 1000);
	else
		printf("bench fork_exec_wait_us FAIL exec of %s failed\n", tiny);
	return ok ? 0 : 1;
}
