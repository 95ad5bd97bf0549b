/*
 * abi-harness.h: the check harness shared by the per-area guest ABI
 * programs tests/guest/abi-{threads,signals,time,mem,proc,io}.c.
 *
 * A program defines its checks as
 *
 *	static int chk_foo(void) { CHECK(x == 1, "x is %d", x); return 0; }
 *	static const struct check checks[] = { { "foo", chk_foo }, ... };
 *	int main(int argc, char **argv)
 *	{
 *		return harness_main("abi-NAME", checks,
 *				    sizeof checks / sizeof checks[0], argc, argv);
 *	}
 *
 * Command line: PROG [--timeout S] [CHECK...] | --list
 *   --list      print the names of the default checks (neither PENDING
 *               nor EXPLICIT), one a line, and exit 0
 *   CHECK...    run only these (PENDING and EXPLICIT ones included);
 *               an unknown name is an error (exit 2)
 *   (none)      run every default check
 *
 * Each check runs in a forked child that is the leader of its own process
 * group, with alarm(S) (default 30 s); the group is killed with SIGKILL
 * when the check returns.  Output, line-buffered, one line a check:
 *   "ok NAME"  or  "FAIL NAME: detail"
 * then the summary "PROG: N passed, M failed"; the exit status is 1 when
 * a check failed.  tests/cases/abi-* parse exactly these lines.
 *
 * A check fails by returning non-zero; fail() / CHECK() record the reason
 * in a shared page so that it survives the child's exit, and a reason set
 * by a check that still returns 0 also counts as a failure.
 *
 * Everything is static: the header is included by one .c file a program.
 * The including file defines _GNU_SOURCE before its first #include.
 */
#ifndef ABI_HARNESS_H
#define ABI_HARNESS_H

#ifndef _GNU_SOURCE
#error "define _GNU_SOURCE before including abi-harness.h"
#endif

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define REASON_LEN 512
static char *reason; /* shared with the forked check */

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, REASON_LEN, fmt, ap);
	va_end(ap);
	return 1;
}

#define CHECK(cond, ...)                          \
	do {                                      \
		if (!(cond))                      \
			return fail(__VA_ARGS__); \
	} while (0)
#define CHECK_SYS(expr) CHECK((expr) != -1, "%s: %s (line %d)", #expr, strerror(errno), __LINE__)

/* waitpid(pid, __WALL) retried on EINTR: the raw status, or -1. */
__attribute__((unused)) static int wait_status(pid_t pid)
{
	int st;

	for (;;) {
		pid_t r = waitpid(pid, &st, __WALL);
		if (r == pid)
			return st;
		if (r < 0 && errno == EINTR)
			continue;
		return -1;
	}
}

__attribute__((unused)) static double now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

__attribute__((unused)) static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

struct check {
	const char *name;
	int (*fn)(void);
	int flags;
};
/* Not run by default, only when named on the command line: a check that
 * fails on our kernel today (kernel bug reported, fix pending). */
#define PENDING 1
/* Not run by default because it needs a set-up of its own (named on the
 * command line by a test script that provides it). */
#define EXPLICIT 2

/*
 * Run fn() in a child of its own process group, with @timeout seconds;
 * kill whatever it leaves behind in the group.  0 if it returned 0
 * without a failure reason, else 1 with what went wrong in @why.
 */
__attribute__((unused)) static int run_isolated(int (*fn)(void), int timeout, char *why,
						size_t len)
{
	const char *sep;
	int st;

	reason[0] = 0;
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(why, len, "fork: %s", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		setpgid(0, 0);
		alarm(timeout);
		int r = fn();
		fflush(stdout);
		_exit(r ? 1 : 0);
	}
	setpgid(pid, pid);
	st = wait_status(pid);
	kill(-pid, SIGKILL);
	while (waitpid(-pid, NULL, WNOHANG | __WALL) > 0)
		;
	sep = reason[0] ? ": " : "";
	if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0 && !reason[0])
		return 0;
	if (st == -1)
		snprintf(why, len, "waitpid: %s", strerror(errno));
	else if (WIFEXITED(st))
		snprintf(why, len, "%s", reason[0] ? reason : "exit status non-zero");
	else if (WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM)
		snprintf(why, len, "timeout after %d s%s%s", timeout, sep, reason);
	else if (WIFSIGNALED(st))
		snprintf(why, len, "killed by signal %d (%s)%s%s", WTERMSIG(st),
			 strsignal(WTERMSIG(st)), sep, reason);
	else
		snprintf(why, len, "status 0x%x", st);
	return 1;
}

__attribute__((unused)) static int run_check(const struct check *c, int timeout)
{
	char why[REASON_LEN + 100];

	if (run_isolated(c->fn, timeout, why, sizeof(why))) {
		printf("FAIL %s: %s\n", c->name, why);
		return 1;
	}
	printf("ok %s\n", c->name);
	return 0;
}

__attribute__((unused)) static int harness_main(const char *prog, const struct check *checks, int n, int argc,
			char **argv)
{
	int timeout = 30, passed = 0, failed = 0, a0 = 1;

	if (argc > 2 && strcmp(argv[1], "--timeout") == 0) {
		timeout = atoi(argv[2]);
		a0 = 3;
	}
	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		for (int i = 0; i < n; i++)
			if (!(checks[i].flags & (PENDING | EXPLICIT)))
				puts(checks[i].name);
		return 0;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	reason = mmap(NULL, REASON_LEN, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (reason == MAP_FAILED) {
		perror("mmap");
		return 2;
	}
	for (int a = a0; a < argc; a++) {
		int found = 0;
		for (int i = 0; i < n; i++)
			found |= strcmp(argv[a], checks[i].name) == 0;
		if (!found) {
			fprintf(stderr, "%s: no check named %s\n", prog, argv[a]);
			return 2;
		}
	}
	for (int i = 0; i < n; i++) {
		int selected = a0 >= argc && !(checks[i].flags & (PENDING | EXPLICIT));
		for (int a = a0; a < argc; a++)
			selected |= strcmp(argv[a], checks[i].name) == 0;
		if (!selected)
			continue;
		if (run_check(&checks[i], timeout))
			failed++;
		else
			passed++;
	}
	printf("%s: %d passed, %d failed\n", prog, passed, failed);
	return failed ? 1 : 0;
}

#endif /* ABI_HARNESS_H */
