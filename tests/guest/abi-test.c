/*
 * abi-test: exercises the user-visible kernel ABI from inside a UML guest.
 *
 * Build: gcc -static -O2 -pthread -o abi-test abi-test.c -lm
 *
 * Every case runs in its own forked child under alarm(), so a case that
 * crashes or hangs is reported as FAIL and the remaining cases still run.
 * Output (one line per case, then a summary):
 *     CASE <name>: ok
 *     CASE <name>: FAIL <reason>
 *     abi-test: N passed, M failed
 *
 * Usage: abi-test [CASE...]          run all cases or only those named
 *        abi-test --exit CODE        exit immediately with CODE (exec target)
 *        abi-test --list             list case names
 *
 * The dynamic-exec case runs /test/hello-dyn (override with env
 * ABI_DYN_PROG), a dynamically linked helper that prints "hello-dyn ok"
 * and exits 5.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <ucontext.h>
#include <fcntl.h>
#include <fenv.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <asm/prctl.h>
#include <linux/futex.h>

#define CASE_TIMEOUT 20 /* seconds per case */

static char self_path[256] = "/proc/self/exe";

/* reason, fail(), CHECK(), wait_status() and the case runner. */
#include "abi-harness.h"

/* ------------------------------------------------------------------ */
/* processes */

static int case_fork_wait(void)
{
	volatile int local = 1234;
	pid_t pid = fork();

	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		/* The child gets a copy: changing it must not affect the parent. */
		local = 99;
		_exit(getppid() > 0 && local == 99 ? 42 : 1);
	}
	int st = wait_status(pid);
	CHECK(st != -1, "waitpid: %s", strerror(errno));
	CHECK(WIFEXITED(st), "child did not exit normally (status 0x%x)", st);
	CHECK(WEXITSTATUS(st) == 42, "child exit code %d, want 42", WEXITSTATUS(st));
	CHECK(local == 1234, "parent memory changed by child (%d)", local);
	/* No more children: ECHILD. */
	CHECK(waitpid(-1, &st, WNOHANG) == -1 && errno == ECHILD,
	      "waitpid with no children did not give ECHILD");

	/* Several children reaped in any order. */
	for (int i = 0; i < 8; i++) {
		pid_t p = fork();
		CHECK(p >= 0, "fork %d: %s", i, strerror(errno));
		if (p == 0)
			_exit(10 + i);
	}
	unsigned seen = 0;
	for (int i = 0; i < 8; i++) {
		pid_t p = wait(&st);
		CHECK(p > 0, "wait: %s", strerror(errno));
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) >= 10 && WEXITSTATUS(st) < 18,
		      "bad status 0x%x", st);
		seen |= 1u << (WEXITSTATUS(st) - 10);
	}
	CHECK(seen == 0xff, "missing exit codes (mask 0x%x)", seen);
	return 0;
}

static int case_vfork(void)
{
	/* vfork shares memory until exec/_exit: the write must be visible. */
	static volatile int shared;
	shared = 0;
	pid_t pid = vfork();

	if (pid == 0) {
		shared = 77;
		_exit(3);
	}
	CHECK(pid > 0, "vfork: %s", strerror(errno));
	int st = wait_status(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3, "vfork child status 0x%x", st);
	CHECK(shared == 77, "vfork child write not visible (%d)", shared);

	/* vfork + execve */
	pid = vfork();
	if (pid == 0) {
		char *argv[] = { self_path, "--exit", "9", NULL };
		execv(self_path, argv);
		_exit(127);
	}
	CHECK(pid > 0, "vfork: %s", strerror(errno));
	st = wait_status(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 9, "vfork+exec status 0x%x", st);
	return 0;
}

/* --- raw clone() with CLONE_SETTLS ---
 * The thread runs with a private TLS block that glibc knows nothing about,
 * so it must not call into libc; it reads %fs:0 (the TCB self pointer on
 * x86_64) and reports through plain memory. */
struct fake_tcb {
	struct fake_tcb *self;
	unsigned long pad[63];
};

static struct fake_tcb tcb;
static volatile unsigned long clone_seen_fs;
static volatile int clone_ran;

static int clone_fn(void *arg)
{
	unsigned long v;

	asm volatile("mov %%fs:0, %0" : "=r"(v));
	clone_seen_fs = v;
	clone_ran = (int)(long)arg;
	return 0;
}

static int case_clone_tls(void)
{
	size_t sz = 256 * 1024;
	char *stack = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(stack != MAP_FAILED, "mmap stack: %s", strerror(errno));
	tcb.self = &tcb;

	static volatile pid_t ctid, ptid;
	ctid = 1;
	int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
		    CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
	int tid = clone(clone_fn, stack + sz, flags, (void *)5L, (pid_t *)&ptid, &tcb,
			(pid_t *)&ctid);
	CHECK(tid > 0, "clone: %s", strerror(errno));
	CHECK(ptid == tid, "CLONE_PARENT_SETTID stored %d, want %d", ptid, tid);

	/* CLONE_CHILD_CLEARTID: the kernel zeroes ctid and wakes the futex
	 * when the thread exits. */
	for (int i = 0; i < 5000 && ctid != 0; i++) {
		pid_t cur = ctid;
		if (cur != 0) {
			struct timespec ts = { 0, 1000000 };
			syscall(SYS_futex, &ctid, FUTEX_WAIT, cur, &ts, NULL, 0);
		}
	}
	CHECK(ctid == 0, "thread exit did not clear child tid (%d)", ctid);
	CHECK(clone_ran == 5, "thread did not run (clone_ran=%d)", clone_ran);
	CHECK(clone_seen_fs == (unsigned long)&tcb, "thread %%fs:0 = %#lx, want %p",
	      clone_seen_fs, (void *)&tcb);

	/* Our own TLS must be untouched. */
	unsigned long mine;
	asm volatile("mov %%fs:0, %0" : "=r"(mine));
	CHECK(mine == (unsigned long)pthread_self(), "parent %%fs:0 changed to %#lx", mine);
	munmap(stack, sz);
	return 0;
}

/* --- pthreads and __thread --- */
static __thread int tls_var = 17;
static __thread char tls_buf[64];
#define NTHREADS 6
static pthread_mutex_t mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t barrier;
static int counter;

static void *thread_fn(void *arg)
{
	long id = (long)arg;

	if (tls_var != 17)
		return (void *)1L; /* initial TLS image not copied */
	tls_var = 100 + (int)id;
	snprintf(tls_buf, sizeof tls_buf, "thread-%ld", id);
	/* All threads set their copy before anyone checks. */
	pthread_barrier_wait(&barrier);
	for (int i = 0; i < 10000; i++) {
		pthread_mutex_lock(&mtx);
		counter++;
		pthread_mutex_unlock(&mtx);
		if (i % 1000 == 0)
			sched_yield();
	}
	char want[64];
	snprintf(want, sizeof want, "thread-%ld", id);
	if (tls_var != 100 + id || strcmp(tls_buf, want) != 0)
		return (void *)2L;

	/* The FS base the kernel holds for this thread is our TCB. */
	unsigned long fs = 0;
	if (syscall(SYS_arch_prctl, ARCH_GET_FS, &fs) != 0 || fs != (unsigned long)pthread_self())
		return (void *)3L;
	return (void *)(uintptr_t)&tls_var;
}

static int case_pthreads(void)
{
	pthread_t th[NTHREADS];
	void *ret[NTHREADS];

	counter = 0;
	tls_var = 5;
	pthread_barrier_init(&barrier, NULL, NTHREADS);
	for (long i = 0; i < NTHREADS; i++) {
		int e = pthread_create(&th[i], NULL, thread_fn, (void *)i);
		CHECK(e == 0, "pthread_create: %s", strerror(e));
	}
	for (int i = 0; i < NTHREADS; i++) {
		int e = pthread_join(th[i], &ret[i]);
		CHECK(e == 0, "pthread_join: %s", strerror(e));
		CHECK((uintptr_t)ret[i] > 16, "thread %d failed check %ld", i, (long)(uintptr_t)ret[i]);
	}
	/* Each thread had its own tls_var. */
	for (int i = 0; i < NTHREADS; i++)
		for (int j = i + 1; j < NTHREADS; j++)
			CHECK(ret[i] != ret[j], "threads %d and %d share a TLS address", i, j);
	CHECK(tls_var == 5, "main thread TLS changed to %d", tls_var);
	CHECK(counter == NTHREADS * 10000, "counter %d, want %d", counter, NTHREADS * 10000);
	return 0;
}

/* arch_prctl: FS/GS base set and read back, per thread. */
static void *gs_thread(void *arg)
{
	unsigned long gs = 0;
	(void)arg;
	/* A new thread must not inherit another thread's GS write. */
	if (syscall(SYS_arch_prctl, ARCH_GET_GS, &gs) != 0)
		return (void *)1L;
	if (syscall(SYS_arch_prctl, ARCH_SET_GS, 0x5a5a000UL) != 0)
		return (void *)2L;
	gs = 0;
	if (syscall(SYS_arch_prctl, ARCH_GET_GS, &gs) != 0 || gs != 0x5a5a000UL)
		return (void *)3L;
	return NULL;
}

static int case_arch_prctl(void)
{
	unsigned long fs = 0, gs = 0;

	CHECK(syscall(SYS_arch_prctl, ARCH_GET_FS, &fs) == 0, "ARCH_GET_FS: %s", strerror(errno));
	CHECK(fs == (unsigned long)pthread_self(), "FS base %#lx != TCB %#lx", fs,
	      (unsigned long)pthread_self());
	unsigned long v;
	asm volatile("mov %%fs:0, %0" : "=r"(v));
	CHECK(v == fs, "%%fs:0 = %#lx, FS base %#lx", v, fs);

	unsigned long want = 0x12345000UL;
	CHECK(syscall(SYS_arch_prctl, ARCH_SET_GS, want) == 0, "ARCH_SET_GS: %s", strerror(errno));
	CHECK(syscall(SYS_arch_prctl, ARCH_GET_GS, &gs) == 0, "ARCH_GET_GS: %s", strerror(errno));
	CHECK(gs == want, "GS base %#lx, want %#lx", gs, want);

	/* Survives a context switch / sleep. */
	usleep(20000);
	gs = 0;
	syscall(SYS_arch_prctl, ARCH_GET_GS, &gs);
	CHECK(gs == want, "GS base %#lx after sleep, want %#lx", gs, want);

	pthread_t t;
	void *r;
	CHECK(pthread_create(&t, NULL, gs_thread, NULL) == 0, "pthread_create failed");
	pthread_join(t, &r);
	CHECK(r == NULL, "thread GS check %ld failed", (long)r);
	gs = 0;
	syscall(SYS_arch_prctl, ARCH_GET_GS, &gs);
	CHECK(gs == want, "thread changed our GS base to %#lx", gs);

	/* Also inherited by fork. */
	pid_t pid = fork();
	if (pid == 0) {
		unsigned long g = 0;
		syscall(SYS_arch_prctl, ARCH_GET_GS, &g);
		_exit(g == want ? 0 : 1);
	}
	CHECK(pid > 0, "fork: %s", strerror(errno));
	int st = wait_status(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "GS base not inherited by fork (0x%x)", st);

	/* Bad codes are refused (x86_64 gives EINVAL; linux.uml 6.1 EPERM). */
	errno = 0;
	CHECK(syscall(SYS_arch_prctl, 0x9999, 0) == -1 && (errno == EINVAL || errno == EPERM),
	      "bad arch_prctl code gave errno %d, want EINVAL", errno);
	return 0;
}

/* ------------------------------------------------------------------ */
/* exec */

static int run_capture(const char *path, char *const argv[], char *out, size_t outlen, int *status)
{
	int p[2];
	if (pipe(p) != 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		char *envp[] = { "PATH=/bin:/sbin:/usr/bin:/usr/sbin", "ABI_ENV_TEST=yes", NULL };
		execve(path, argv, envp);
		_exit(127);
	}
	close(p[1]);
	size_t n = 0;
	ssize_t r;
	while (n + 1 < outlen && (r = read(p[0], out + n, outlen - 1 - n)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		n += r;
	}
	out[n] = 0;
	close(p[0]);
	*status = wait_status(pid);
	return 0;
}

static int case_execve_static(void)
{
	int st;
	char out[256];
	char *argv[] = { self_path, "--exit", "33", NULL };

	CHECK(run_capture(self_path, argv, out, sizeof out, &st) == 0, "fork/pipe failed");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 33, "exec self: status 0x%x, want exit 33", st);

	/* argv and envp arrive intact: busybox sh echoes them. */
	char *argv2[] = { "/bin/sh", "-c", "echo \"$0:$1:$ABI_ENV_TEST\"", "arg0", "arg1", NULL };
	CHECK(run_capture("/bin/sh", argv2, out, sizeof out, &st) == 0, "fork/pipe failed");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "sh status 0x%x", st);
	CHECK(strcmp(out, "arg0:arg1:yes\n") == 0, "sh printed '%s'", out);

	/* Nonexistent program: execve fails with ENOENT in the child. */
	pid_t pid = fork();
	if (pid == 0) {
		char *a[] = { "/nonexistent", NULL };
		execv("/nonexistent", a);
		_exit(errno == ENOENT ? 44 : 45);
	}
	st = wait_status(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 44, "exec of missing file: status 0x%x", st);

	/* A non-executable file: EACCES or ENOEXEC. */
	pid = fork();
	if (pid == 0) {
		char *a[] = { "/etc/passwd", NULL };
		execv("/etc/passwd", a);
		_exit(errno == EACCES || errno == ENOEXEC ? 46 : 47);
	}
	st = wait_status(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 46, "exec of /etc/passwd: status 0x%x", st);
	return 0;
}

static int case_execve_dynamic(void)
{
	const char *prog = getenv("ABI_DYN_PROG");
	if (!prog)
		prog = "/test/hello-dyn";
	CHECK(access(prog, X_OK) == 0, "%s: %s", prog, strerror(errno));
	CHECK(access("/lib64/ld-linux-x86-64.so.2", R_OK) == 0, "no dynamic loader in image");

	int st;
	char out[256];
	char *argv[] = { (char *)prog, "x", NULL };
	CHECK(run_capture(prog, argv, out, sizeof out, &st) == 0, "fork/pipe failed");
	CHECK(WIFEXITED(st), "%s died: status 0x%x, output '%s'", prog, st, out);
	CHECK(WEXITSTATUS(st) == 5, "%s exit %d, want 5; output '%s'", prog, WEXITSTATUS(st), out);
	CHECK(strcmp(out, "hello-dyn ok argc=2\n") == 0, "%s printed '%s'", prog, out);
	return 0;
}

static int case_exit_status(void)
{
	static const int codes[] = { 0, 1, 2, 127, 128, 255 };
	for (unsigned i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(codes[i]);
		CHECK(pid > 0, "fork: %s", strerror(errno));
		int st = wait_status(pid);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == codes[i], "exit(%d) gave status 0x%x",
		      codes[i], st);
	}
	/* exit() with a value > 255 is truncated to 8 bits. */
	pid_t pid = fork();
	if (pid == 0)
		syscall(SYS_exit_group, 0x1ff);
	int st = wait_status(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0xff, "exit_group(0x1ff) gave 0x%x", st);

	/* Killed by signals. */
	static const int sigs[] = { SIGKILL, SIGTERM, SIGABRT, SIGSEGV };
	/* volatile pointer: the compiler must really emit the bad store. */
	volatile int *volatile bad_ptr = (volatile int *)8;
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		pid = fork();
		if (pid == 0) {
			/* No core dumps in the guest's filesystem. */
			struct rlimit rl = { 0, 0 };
			setrlimit(RLIMIT_CORE, &rl);
			if (sigs[i] == SIGSEGV)
				*bad_ptr = 1;
			else
				kill(getpid(), sigs[i]);
			pause();
			_exit(0);
		}
		st = wait_status(pid);
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == sigs[i], "signal %d gave status 0x%x",
		      sigs[i], st);
	}

	/* A stopped child reported via WUNTRACED, then continued. */
	pid = fork();
	if (pid == 0) {
		raise(SIGSTOP);
		_exit(6);
	}
	CHECK(waitpid(pid, &st, WUNTRACED) == pid, "waitpid WUNTRACED: %s", strerror(errno));
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "stop status 0x%x", st);
	kill(pid, SIGCONT);
	st = wait_status(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 6, "status after SIGCONT 0x%x", st);
	return 0;
}

/* ------------------------------------------------------------------ */
/* signals */

static volatile sig_atomic_t got_sig, got_code, got_pid, got_val, got_count;
static volatile int handler_mask_ok;

static void info_handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got_sig = sig;
	got_code = si->si_code;
	got_pid = si->si_pid;
	got_val = si->si_value.sival_int;
	got_count++;
	/* While the handler runs, the signal itself and sa_mask are blocked. */
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	handler_mask_ok = sigismember(&cur, sig) && sigismember(&cur, SIGUSR2);
}

static int case_signal_siginfo(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = info_handler;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0, "sigaction: %s", strerror(errno));

	got_sig = 0;
	CHECK(kill(getpid(), SIGUSR1) == 0, "kill: %s", strerror(errno));
	CHECK(got_sig == SIGUSR1, "handler not run (got_sig=%d)", got_sig);
	CHECK(got_code == SI_USER, "si_code %d, want SI_USER", got_code);
	CHECK(got_pid == getpid(), "si_pid %d, want %d", got_pid, getpid());
	CHECK(handler_mask_ok, "signal/sa_mask not blocked inside handler");

	/* sigqueue carries a value and SI_QUEUE. */
	got_sig = 0;
	union sigval v = { .sival_int = 4242 };
	CHECK(sigqueue(getpid(), SIGUSR1, v) == 0, "sigqueue: %s", strerror(errno));
	CHECK(got_sig == SIGUSR1 && got_code == SI_QUEUE && got_val == 4242,
	      "sigqueue: sig %d code %d val %d", got_sig, got_code, got_val);

	/* Blocked signal stays pending and is delivered on unblock, once. */
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	got_count = 0;
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR1);
	sigset_t pend;
	sigpending(&pend);
	CHECK(got_count == 0, "blocked signal was delivered");
	CHECK(sigismember(&pend, SIGUSR1), "blocked signal not pending");
	sigprocmask(SIG_SETMASK, &old, NULL);
	CHECK(got_count == 1, "standard signal delivered %d times, want 1", got_count);

	/* Real-time signals queue. */
	CHECK(sigaction(SIGRTMIN + 1, &sa, NULL) == 0, "sigaction rt: %s", strerror(errno));
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 1);
	sigprocmask(SIG_BLOCK, &set, &old);
	got_count = 0;
	for (int i = 0; i < 3; i++)
		sigqueue(getpid(), SIGRTMIN + 1, v);
	sigprocmask(SIG_SETMASK, &old, NULL);
	CHECK(got_count == 3, "rt signal delivered %d times, want 3", got_count);

	/* Signal from another process. */
	got_sig = 0;
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		kill(parent, SIGUSR1);
		_exit(0);
	}
	int st = wait_status(pid);
	for (int i = 0; i < 100 && !got_sig; i++)
		usleep(1000);
	CHECK(WIFEXITED(st), "child status 0x%x", st);
	CHECK(got_sig == SIGUSR1 && got_pid == pid, "cross-process: sig %d from pid %d, want %d",
	      got_sig, got_pid, pid);

	/* A handler interrupts a blocking read with EINTR (no SA_RESTART). */
	int p[2];
	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = { { 0, 0 }, { 0, 50000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	char c;
	errno = 0;
	ssize_t r = read(p[0], &c, 1);
	CHECK(r == -1 && errno == EINTR, "read returned %zd errno %d, want EINTR", r, errno);
	CHECK(got_sig == SIGALRM, "SIGALRM handler not run");
	return 0;
}

static char *altstack;
static size_t altstack_size;
static volatile int on_alt, ss_flags_in_handler;

static void alt_handler(int sig)
{
	char local;
	stack_t ss;
	(void)sig;
	on_alt = (&local >= altstack && &local < altstack + altstack_size);
	sigaltstack(NULL, &ss);
	ss_flags_in_handler = ss.ss_flags;
}

static int case_sigaltstack(void)
{
	altstack_size = 64 * 1024;
	altstack = malloc(altstack_size);
	stack_t ss = { .ss_sp = altstack, .ss_size = altstack_size, .ss_flags = 0 };
	CHECK(sigaltstack(&ss, NULL) == 0, "sigaltstack: %s", strerror(errno));

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = alt_handler;
	sa.sa_flags = SA_ONSTACK;
	sigaction(SIGUSR2, &sa, NULL);
	on_alt = -1;
	raise(SIGUSR2);
	CHECK(on_alt == 1, "handler did not run on the alternate stack (%d)", on_alt);
	CHECK(ss_flags_in_handler & SS_ONSTACK, "SS_ONSTACK not reported in handler");

	stack_t cur;
	sigaltstack(NULL, &cur);
	CHECK(!(cur.ss_flags & SS_ONSTACK), "still SS_ONSTACK after handler");
	CHECK(cur.ss_sp == altstack && cur.ss_size == altstack_size, "altstack changed");

	/* Without SA_ONSTACK the normal stack is used. */
	sa.sa_flags = 0;
	sigaction(SIGUSR2, &sa, NULL);
	on_alt = -1;
	raise(SIGUSR2);
	CHECK(on_alt == 0, "handler ran on alt stack without SA_ONSTACK");

	/* Too-small stack is refused. */
	stack_t tiny = { .ss_sp = altstack, .ss_size = 512, .ss_flags = 0 };
	errno = 0;
	CHECK(sigaltstack(&tiny, NULL) == -1 && errno == ENOMEM,
	      "tiny altstack: errno %d, want ENOMEM", errno);

	return 0;
}

/* rt_sigreturn: registers, mask and flow are restored after a handler. */
static volatile int ret_handler_ran;
static void ret_handler(int sig)
{
	(void)sig;
	ret_handler_ran++;
	/* Clobber callee-saved registers; sigreturn must restore them. */
	asm volatile("xor %%ebx, %%ebx; xor %%r12d, %%r12d; xor %%r13d, %%r13d;"
		     "xor %%r14d, %%r14d; xor %%r15d, %%r15d"
		     ::: "rbx", "r12", "r13", "r14", "r15");
}

static int case_rt_sigreturn(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = ret_handler;
	sigaction(SIGUSR1, &sa, NULL);

	/* Values held in registers across a signal delivered at a syscall
	 * boundary (kill on ourselves is delivered before kill returns). */
	unsigned long r12 = 0x1212121212121212UL, r13 = 0x1313131313131313UL, rbx = 0xb0b0b0b0UL;
	unsigned long o12, o13, obx;
	register unsigned long in12 asm("r12") = r12;
	register unsigned long in13 asm("r13") = r13;
	asm volatile("mov %[bx], %%rbx\n\t"
		     "mov $62, %%eax\n\t" /* __NR_kill */
		     "syscall\n\t"
		     "mov %%rbx, %[obx]\n\t"
		     "mov %%r12, %[o12]\n\t"
		     "mov %%r13, %[o13]\n\t"
		     : [obx] "=m"(obx), [o12] "=m"(o12), [o13] "=m"(o13), "+r"(in12), "+r"(in13)
		     : [bx] "r"(rbx), "D"((long)getpid()), "S"((long)SIGUSR1)
		     : "rax", "rbx", "rcx", "r11", "memory");
	CHECK(ret_handler_ran == 1, "handler ran %d times", ret_handler_ran);
	CHECK(obx == rbx && o12 == r12 && o13 == r13,
	      "registers not restored: rbx %#lx r12 %#lx r13 %#lx", obx, o12, o13);

	/* Asynchronous signals during a computation loop (timer). */
	sigaction(SIGALRM, &sa, NULL);
	ret_handler_ran = 0;
	struct itimerval it = { { 0, 2000 }, { 0, 2000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	unsigned long acc = 0, n = 0;
	struct timeval start, now;
	gettimeofday(&start, NULL);
	do {
		for (int i = 0; i < 100000; i++)
			acc = acc * 6364136223846793005UL + 1442695040888963407UL;
		n++;
		gettimeofday(&now, NULL);
	} while (ret_handler_ran < 20 && now.tv_sec - start.tv_sec < 5);
	it.it_value.tv_usec = it.it_interval.tv_usec = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK(ret_handler_ran >= 20, "only %d timer signals in 5 s", ret_handler_ran);
	unsigned long ref = 0;
	for (unsigned long k = 0; k < n * 100000; k++)
		ref = ref * 6364136223846793005UL + 1442695040888963407UL;
	CHECK(acc == ref, "computation corrupted by signals");

	/* The signal mask is restored by sigreturn. */
	sigset_t before, after;
	sigprocmask(SIG_BLOCK, NULL, &before);
	raise(SIGUSR1);
	sigprocmask(SIG_BLOCK, NULL, &after);
	CHECK(!sigismember(&after, SIGUSR1) && sigismember(&before, SIGUSR1) == 0,
	      "SIGUSR1 left blocked after handler");
	return 0;
}

/* SIGSEGV on a bad address, recovered with siglongjmp. */
static sigjmp_buf segv_jmp;
static volatile void *segv_addr;
static volatile int segv_code;
static volatile long segv_trapno, segv_cr2;

static void segv_handler(int sig, siginfo_t *si, void *uc)
{
	ucontext_t *ctx = uc;

	(void)sig;
	segv_addr = si->si_addr;
	segv_code = si->si_code;
	/* What x86_64 Linux puts in the frame: vector 14, CR2 = address. */
	segv_trapno = ctx->uc_mcontext.gregs[REG_TRAPNO];
	segv_cr2 = ctx->uc_mcontext.gregs[REG_CR2];
	siglongjmp(segv_jmp, 1);
}

static int install_segv(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = segv_handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGBUS, &sa, NULL);
	return sigaction(SIGSEGV, &sa, NULL);
}

/* Returns 1 if writing to p faulted, 0 if not; records si_addr/si_code. */
static int write_faults(volatile char *p)
{
	segv_addr = NULL;
	segv_code = 0;
	if (sigsetjmp(segv_jmp, 1) == 0) {
		*p = 1;
		return 0;
	}
	return 1;
}

static int read_faults(volatile char *p)
{
	segv_addr = NULL;
	if (sigsetjmp(segv_jmp, 1) == 0) {
		(void)*p;
		return 0;
	}
	return 1;
}

static int case_sigsegv(void)
{
	CHECK(install_segv() == 0, "sigaction: %s", strerror(errno));
	volatile char *bad = (volatile char *)0x10;
	CHECK(read_faults(bad) == 1, "read of address 0x10 did not fault");
	CHECK(segv_addr == (void *)bad, "si_addr %p, want %p", segv_addr, (void *)bad);
	CHECK(segv_code == SEGV_MAPERR, "si_code %d, want SEGV_MAPERR", segv_code);
	CHECK(segv_trapno == 14, "sigcontext trapno %ld, want 14 (page fault)",
	      segv_trapno);
	CHECK(segv_cr2 == 0x10, "sigcontext cr2 %#lx, want 0x10", segv_cr2);

	/* Kernel-half / non-canonical address. */
	CHECK(write_faults((volatile char *)0xffff880000001000UL) == 1,
	      "write to kernel address did not fault");

	/* Fault repeatedly: each one must be delivered and recovered. */
	for (int i = 0; i < 50; i++)
		CHECK(write_faults((volatile char *)(uintptr_t)(0x1000 + i * 8)) == 1,
		      "fault %d not delivered", i);

	/* The mask is restored by siglongjmp(…, savemask=1): SIGSEGV usable again. */
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	CHECK(!sigismember(&cur, SIGSEGV), "SIGSEGV left blocked");

	/* A bad pointer passed to a syscall gives EFAULT, not a signal. */
	errno = 0;
	/* Raw syscalls: the libc wrappers are annotated against this misuse. */
	CHECK(syscall(SYS_write, 1, (void *)0x10, 4) == -1 && errno == EFAULT,
	      "write from bad buffer: errno %d, want EFAULT", errno);
	errno = 0;
	CHECK(syscall(SYS_read, open("/proc/self/status", O_RDONLY), (void *)0x10, 4) == -1 && errno == EFAULT,
	      "read into bad buffer: errno %d, want EFAULT", errno);
	return 0;
}

/* ------------------------------------------------------------------ */
/* FPU / SSE */

static void clobber_fpu_handler(int sig)
{
	(void)sig;
	/* Fill every xmm register with garbage and change the rounding mode. */
	asm volatile("pcmpeqd %%xmm0, %%xmm0\n\t"
		     "movdqa %%xmm0, %%xmm1\n\t movdqa %%xmm0, %%xmm2\n\t movdqa %%xmm0, %%xmm3\n\t"
		     "movdqa %%xmm0, %%xmm4\n\t movdqa %%xmm0, %%xmm5\n\t movdqa %%xmm0, %%xmm6\n\t"
		     "movdqa %%xmm0, %%xmm7\n\t movdqa %%xmm0, %%xmm8\n\t movdqa %%xmm0, %%xmm9\n\t"
		     "movdqa %%xmm0, %%xmm10\n\t movdqa %%xmm0, %%xmm11\n\t movdqa %%xmm0, %%xmm12\n\t"
		     "movdqa %%xmm0, %%xmm13\n\t movdqa %%xmm0, %%xmm14\n\t movdqa %%xmm0, %%xmm15\n\t"
		     ::: "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8",
		     "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
	fesetround(FE_TOWARDZERO);
	volatile double x = 1.0;
	for (int i = 0; i < 100; i++)
		x = x * 1.5 + 0.25;
	(void)x;
	/* x87 too */
	volatile long double ld = 3.0L;
	ld = ld * ld;
	(void)ld;
}

static double fp_work(long n)
{
	double s = 0.0;
	for (long i = 1; i <= n; i++)
		s += sqrt((double)i) / (double)(i + 1) + sin((double)i * 0.001);
	return s;
}

static int case_fpu_sse(void)
{
	volatile double a = 2.0;
	double r = sqrt(a);
	CHECK(fabs(r * r - 2.0) < 1e-15, "sqrt(2)^2 = %.17g", r * r);
	CHECK(fabs(sin(M_PI / 6) - 0.5) < 1e-15, "sin(pi/6) = %.17g", sin(M_PI / 6));
	volatile long double ld = 1.0L / 3.0L;
	CHECK(fabsl(ld * 3.0L - 1.0L) < 1e-18L, "x87 long double arithmetic wrong");

	double ref = fp_work(200000);

	/* Across fork: the child computes the same value; the parent's
	 * registers survive the child's work. */
	int p[2];
	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	pid_t pid = fork();
	if (pid == 0) {
		double v = fp_work(200000);
		write(p[1], &v, sizeof v);
		_exit(0);
	}
	double mine = fp_work(200000);
	double child = 0;
	CHECK(read(p[0], &child, sizeof child) == sizeof child, "read from child failed");
	wait_status(pid);
	CHECK(child == ref, "child result %.17g != %.17g", child, ref);
	CHECK(mine == ref, "parent result %.17g != %.17g", mine, ref);

	/* xmm registers and MXCSR across a synchronous signal. */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = clobber_fpu_handler;
	sigaction(SIGUSR2, &sa, NULL);
	CHECK(fesetround(FE_UPWARD) == 0, "fesetround failed");
	double in = 1.2345678901234567, out8 = 0, out15 = 0;
	asm volatile("movsd %[in], %%xmm8\n\t"
		     "movsd %[in], %%xmm15\n\t"
		     "mov $62, %%eax\n\t" /* __NR_kill */
		     "syscall\n\t"
		     "movsd %%xmm8, %[o8]\n\t"
		     "movsd %%xmm15, %[o15]\n\t"
		     : [o8] "=m"(out8), [o15] "=m"(out15)
		     : [in] "m"(in), "D"((long)getpid()), "S"((long)SIGUSR2)
		     : "rax", "rcx", "r11", "xmm8", "xmm15", "memory");
	int mode = fegetround();
	fesetround(FE_TONEAREST);
	CHECK(out8 == in && out15 == in, "xmm8/xmm15 clobbered by handler: %.17g %.17g", out8,
	      out15);
	CHECK(mode == FE_UPWARD, "rounding mode not restored after handler (%d)", mode);

	/* Rounding mode is inherited by fork. */
	fesetround(FE_DOWNWARD);
	pid = fork();
	if (pid == 0)
		_exit(fegetround() == FE_DOWNWARD ? 0 : 1);
	fesetround(FE_TONEAREST);
	int st = wait_status(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "rounding mode not inherited by fork");

	/* Timer signals that clobber the FPU arriving during a long FP loop. */
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = { { 0, 1000 }, { 0, 1000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	double v = 0;
	for (int k = 0; k < 10; k++)
		v = fp_work(200000);
	it.it_value.tv_usec = it.it_interval.tv_usec = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK(v == ref, "FP result %.17g != %.17g with timer signals", v, ref);
	return 0;
}

/* ------------------------------------------------------------------ */
/* pipes and ptys */

static int case_pipes(void)
{
	int p[2];
	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	const size_t total = 1 << 20; /* larger than the pipe buffer */
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		unsigned char buf[4096];
		size_t sent = 0;
		while (sent < total) {
			for (size_t i = 0; i < sizeof buf; i++)
				buf[i] = (unsigned char)((sent + i) * 7 + 3);
			ssize_t w = write(p[1], buf, sizeof buf);
			if (w <= 0)
				_exit(1);
			/* Partial writes must be handled: resend the rest. */
			sent += w;
		}
		_exit(0);
	}
	close(p[1]);
	unsigned char buf[3000];
	size_t got = 0;
	ssize_t r;
	while ((r = read(p[0], buf, sizeof buf)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		CHECK(r > 0, "read: %s", strerror(errno));
		for (ssize_t i = 0; i < r; i++)
			CHECK(buf[i] == (unsigned char)((got + i) * 7 + 3), "byte %zu corrupted",
			      got + i);
		got += r;
	}
	CHECK(got == total, "got %zu bytes, want %zu", got, total);
	close(p[0]);
	int st = wait_status(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "writer status 0x%x", st);

	/* Writing to a pipe with no reader: EPIPE (SIGPIPE ignored). */
	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	signal(SIGPIPE, SIG_IGN);
	close(p[0]);
	errno = 0;
	CHECK(write(p[1], "x", 1) == -1 && errno == EPIPE, "write with no reader: errno %d",
	      errno);
	close(p[1]);

	/* ... and SIGPIPE kills by default. */
	int go[2];

	CHECK(pipe(p) == 0 && pipe(go) == 0, "pipe: %s", strerror(errno));
	pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		close(p[0]);
		close(go[1]);
		/* Write only once the parent has closed its read end too. */
		read(go[0], &st, 1);
		write(p[1], "x", 1);
		_exit(0);
	}
	close(p[0]);
	close(p[1]);
	close(go[0]);
	close(go[1]);
	st = wait_status(pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE, "SIGPIPE status 0x%x", st);

	/* Non-blocking read of an empty pipe: EAGAIN. */
	CHECK(pipe2(p, O_NONBLOCK) == 0, "pipe2: %s", strerror(errno));
	char c;
	errno = 0;
	CHECK(read(p[0], &c, 1) == -1 && errno == EAGAIN, "nonblock read errno %d", errno);
	close(p[0]);
	close(p[1]);
	return 0;
}

static ssize_t read_timeout(int fd, char *buf, size_t len, int ms)
{
	fd_set fds;
	FD_ZERO(&fds);
	FD_SET(fd, &fds);
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
	if (select(fd + 1, &fds, NULL, NULL, &tv) <= 0)
		return -2;
	return read(fd, buf, len);
}

static int case_pty(void)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	CHECK(m >= 0, "posix_openpt: %s", strerror(errno));
	CHECK(grantpt(m) == 0, "grantpt: %s", strerror(errno));
	CHECK(unlockpt(m) == 0, "unlockpt: %s", strerror(errno));
	char *name = ptsname(m);
	CHECK(name && strncmp(name, "/dev/pts/", 9) == 0, "ptsname gave '%s'", name ? name : "NULL");
	int s = open(name, O_RDWR | O_NOCTTY);
	CHECK(s >= 0, "open %s: %s", name, strerror(errno));
	CHECK(isatty(s) && isatty(m), "isatty false on pty");

	/* Master -> slave in canonical mode: a full line arrives. */
	CHECK(write(m, "hello\n", 6) == 6, "write master: %s", strerror(errno));
	char buf[64];
	ssize_t r = read_timeout(s, buf, sizeof buf, 2000);
	CHECK(r == 6 && memcmp(buf, "hello\n", 6) == 0, "slave read %zd bytes", r);

	/* Echo is on by default: the master sees the echoed line. */
	r = read_timeout(m, buf, sizeof buf, 2000);
	CHECK(r > 0 && memmem(buf, r, "hello", 5), "no echo on master (%zd)", r);

	/* Slave -> master with ONLCR: "\n" becomes "\r\n". */
	CHECK(write(s, "out\n", 4) == 4, "write slave: %s", strerror(errno));
	r = read_timeout(m, buf, sizeof buf, 2000);
	CHECK(r == 5 && memcmp(buf, "out\r\n", 5) == 0, "master read %zd bytes '%.*s'", r,
	      (int)(r > 0 ? r : 0), buf);

	/* Raw mode via termios. */
	struct termios t;
	CHECK(tcgetattr(s, &t) == 0, "tcgetattr: %s", strerror(errno));
	cfmakeraw(&t);
	CHECK(tcsetattr(s, TCSANOW, &t) == 0, "tcsetattr: %s", strerror(errno));
	write(m, "ab", 2);
	r = read_timeout(s, buf, sizeof buf, 2000);
	CHECK(r == 2 && memcmp(buf, "ab", 2) == 0, "raw read %zd", r);

	/* Window size ioctl round trip. */
	struct winsize ws = { .ws_row = 33, .ws_col = 101 }, ws2;
	CHECK(ioctl(m, TIOCSWINSZ, &ws) == 0, "TIOCSWINSZ: %s", strerror(errno));
	CHECK(ioctl(s, TIOCGWINSZ, &ws2) == 0 && ws2.ws_row == 33 && ws2.ws_col == 101,
	      "TIOCGWINSZ mismatch");

	/* Closing the slave gives EIO (or EOF) on the master. */
	close(s);
	r = read_timeout(m, buf, sizeof buf, 2000);
	CHECK(r <= 0 && r != -2, "master read after slave close returned %zd", r);
	close(m);
	return 0;
}

/* ------------------------------------------------------------------ */
/* /proc and /sys */

static int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	size_t n = 0;
	ssize_t r;
	while (n + 1 < len && (r = read(fd, buf + n, len - 1 - n)) > 0)
		n += r;
	buf[n] = 0;
	close(fd);
	return (int)n;
}

static int case_proc(void)
{
	static char buf[65536];
	char want[64];

	CHECK(read_file("/proc/self/status", buf, sizeof buf) > 0, "/proc/self/status: %s",
	      strerror(errno));
	snprintf(want, sizeof want, "\nPid:\t%d\n", getpid());
	CHECK(strstr(buf, want), "status lacks '%s'", want + 1);
	snprintf(want, sizeof want, "\nPPid:\t%d\n", getppid());
	CHECK(strstr(buf, want), "status lacks PPid %d", getppid());
	CHECK(strncmp(buf, "Name:\t", 6) == 0, "status does not start with Name:");
	CHECK(strstr(buf, "\nVmRSS:"), "status lacks VmRSS");

	CHECK(read_file("/proc/self/maps", buf, sizeof buf) > 0, "/proc/self/maps: %s",
	      strerror(errno));
	CHECK(strstr(buf, "[stack]"), "maps lacks [stack]");
	/* The line covering our own code is r-xp. */
	unsigned long code = (unsigned long)&case_proc, lo, hi;
	char perms[8];
	int found = 0;
	for (char *line = buf; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : 0) {
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) == 3 && code >= lo && code < hi) {
			found = 1;
			CHECK(perms[0] == 'r' && perms[2] == 'x', "code mapped '%s'", perms);
		}
	}
	CHECK(found, "no maps line covers code at %#lx", code);

	/* A new mapping shows up with the right permissions. */
	void *m = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	read_file("/proc/self/maps", buf, sizeof buf);
	snprintf(want, sizeof want, "%lx-%lx r--p", (unsigned long)m, (unsigned long)m + 8192);
	CHECK(strstr(buf, want), "maps lacks '%s'", want);
	munmap(m, 8192);

	CHECK(read_file("/proc/self/cmdline", buf, sizeof buf) > 0, "cmdline unreadable");
	CHECK(read_file("/proc/meminfo", buf, sizeof buf) > 0 && strstr(buf, "MemTotal:"),
	      "/proc/meminfo lacks MemTotal");
	CHECK(read_file("/proc/cpuinfo", buf, sizeof buf) > 0, "/proc/cpuinfo unreadable");
	CHECK(read_file("/proc/uptime", buf, sizeof buf) > 0, "/proc/uptime unreadable");
	char link[256];
	ssize_t n = readlink("/proc/self/exe", link, sizeof link - 1);
	CHECK(n > 0, "readlink /proc/self/exe: %s", strerror(errno));
	snprintf(want, sizeof want, "/proc/%d", getpid());
	struct stat st;
	CHECK(stat(want, &st) == 0 && S_ISDIR(st.st_mode), "%s missing", want);
	return 0;
}

static int case_sys(void)
{
	struct stat st;
	static const char *dirs[] = { "/sys/kernel", "/sys/class", "/sys/devices", "/sys/block" };
	for (unsigned i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		CHECK(stat(dirs[i], &st) == 0 && S_ISDIR(st.st_mode), "%s: %s", dirs[i],
		      strerror(errno));
	char buf[256];
	/* The root block device should be visible. */
	CHECK(stat("/sys/block/ubda", &st) == 0, "/sys/block/ubda: %s", strerror(errno));
	CHECK(read_file("/sys/block/ubda/size", buf, sizeof buf) > 0 && atol(buf) > 0,
	      "/sys/block/ubda/size unreadable or zero");
	return 0;
}

/* ------------------------------------------------------------------ */
/* memory */

static int case_mmap(void)
{
	CHECK(install_segv() == 0, "sigaction: %s", strerror(errno));
	long pg = sysconf(_SC_PAGESIZE);
	CHECK(pg == 4096, "page size %ld", pg);

	size_t len = 4 << 20;
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	for (size_t i = 0; i < len; i++)
		CHECK(p[i] == 0, "anonymous memory not zero at %zu", i);
	for (size_t i = 0; i < len; i += 512)
		p[i] = (unsigned char)(i >> 9);
	for (size_t i = 0; i < len; i += 512)
		CHECK(p[i] == (unsigned char)(i >> 9), "readback mismatch at %zu", i);

	/* mprotect read-only: writes fault with SEGV_ACCERR at that address. */
	CHECK(mprotect(p + pg, pg, PROT_READ) == 0, "mprotect: %s", strerror(errno));
	CHECK(write_faults((volatile char *)p + pg + 100) == 1, "write to PROT_READ page succeeded");
	CHECK(segv_addr == p + pg + 100, "si_addr %p, want %p", segv_addr, (void *)(p + pg + 100));
	CHECK(segv_code == SEGV_ACCERR, "si_code %d, want SEGV_ACCERR", segv_code);
	CHECK(read_faults((volatile char *)p + pg) == 0, "read of PROT_READ page faulted");
	CHECK(write_faults((volatile char *)p) == 0, "neighbouring page became read-only");
	CHECK(mprotect(p + pg, pg, PROT_READ | PROT_WRITE) == 0, "mprotect rw: %s", strerror(errno));
	CHECK(write_faults((volatile char *)p + pg + 100) == 0, "write after mprotect RW faulted");

	/* PROT_NONE: even reads fault. */
	CHECK(mprotect(p, pg, PROT_NONE) == 0, "mprotect none: %s", strerror(errno));
	CHECK(read_faults((volatile char *)p) == 1, "read of PROT_NONE page succeeded");
	mprotect(p, pg, PROT_READ | PROT_WRITE);

	/* munmap: later access faults with SEGV_MAPERR. */
	CHECK(munmap(p + 2 * pg, pg) == 0, "munmap: %s", strerror(errno));
	CHECK(read_faults((volatile char *)p + 2 * pg) == 1, "read of unmapped page succeeded");
	CHECK(segv_code == SEGV_MAPERR, "unmapped si_code %d, want SEGV_MAPERR", segv_code);
	CHECK(read_faults((volatile char *)p + 3 * pg) == 0, "page after hole faulted");
	munmap(p, len);

	/* Copy-on-write across fork; MAP_SHARED is shared. */
	int *priv = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int *shr = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(priv != MAP_FAILED && shr != MAP_FAILED, "mmap: %s", strerror(errno));
	*priv = 1;
	*shr = 1;
	pid_t pid = fork();
	if (pid == 0) {
		*priv = 2;
		*shr = 2;
		_exit(0);
	}
	wait_status(pid);
	CHECK(*priv == 1, "MAP_PRIVATE page changed by child (%d)", *priv);
	CHECK(*shr == 2, "MAP_SHARED page not changed by child (%d)", *shr);

	/* File mapping: write through the map, read with read(). */
	char path[] = "/tmp/abi-mmap-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0, "mkstemp in /tmp: %s", strerror(errno));
	unlink(path);
	CHECK(ftruncate(fd, 2 * pg) == 0, "ftruncate: %s", strerror(errno));
	char *f = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(f != MAP_FAILED, "mmap file: %s", strerror(errno));
	memcpy(f + pg - 3, "mapped!", 7);
	CHECK(msync(f, 2 * pg, MS_SYNC) == 0, "msync: %s", strerror(errno));
	char rb[8] = { 0 };
	CHECK(pread(fd, rb, 7, pg - 3) == 7 && memcmp(rb, "mapped!", 7) == 0,
	      "file content via read() is '%s'", rb);
	CHECK(pwrite(fd, "W", 1, 5) == 1, "pwrite: %s", strerror(errno));
	CHECK(f[5] == 'W', "pwrite not visible through mapping");
	munmap(f, 2 * pg);
	close(fd);

	/* mremap grows a mapping, keeping content. */
	char *g = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	g[0] = 'q';
	char *g2 = mremap(g, pg, 16 * pg, MREMAP_MAYMOVE);
	CHECK(g2 != MAP_FAILED && g2[0] == 'q', "mremap failed or lost data");
	g2[15 * pg] = 1;
	munmap(g2, 16 * pg);

	/* Invalid requests. */
	errno = 0;
	CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
		      errno == EINVAL,
	      "mmap of length 0: errno %d, want EINVAL", errno);
	errno = 0;
	CHECK(munmap((void *)1, pg) == -1 && errno == EINVAL, "unaligned munmap: errno %d", errno);
	return 0;
}

static int case_brk(void)
{
	void *cur = (void *)syscall(SYS_brk, 0);
	CHECK(cur != (void *)-1 && cur != NULL, "brk(0) failed");
	size_t grow = 1 << 20;
	char *want = (char *)cur + grow;
	void *nb = (void *)syscall(SYS_brk, want);
	CHECK(nb == want, "brk grow to %p returned %p", (void *)want, nb);
	for (size_t i = 0; i < grow; i += 4096) {
		CHECK(((char *)cur)[i] == 0, "new brk memory not zero at %zu", i);
		((char *)cur)[i] = (char)i;
	}
	CHECK(((char *)cur)[grow - 4096] == (char)(grow - 4096), "brk memory readback failed");
	/* Shrink: memory beyond the break faults. */
	nb = (void *)syscall(SYS_brk, cur);
	CHECK(nb == cur, "brk shrink returned %p, want %p", nb, cur);
	CHECK(install_segv() == 0, "sigaction failed");
	CHECK(read_faults((char *)cur + 65536) == 1, "memory above shrunk break still mapped");
	/* Grow again: fresh zeroed memory. */
	nb = (void *)syscall(SYS_brk, want);
	CHECK(nb == want, "second grow failed");
	CHECK(((char *)cur)[65536] == 0, "re-grown brk memory not zero");
	syscall(SYS_brk, cur);

	/* malloc of many small blocks (glibc uses brk) works. */
	void *blocks[1000];
	for (int i = 0; i < 1000; i++) {
		blocks[i] = malloc(1000 + i);
		CHECK(blocks[i], "malloc failed at %d", i);
		memset(blocks[i], i & 0xff, 1000 + i);
	}
	for (int i = 0; i < 1000; i++) {
		CHECK(((unsigned char *)blocks[i])[999 + i] == (i & 0xff), "malloc block %d corrupt", i);
		free(blocks[i]);
	}
	return 0;
}

/* ------------------------------------------------------------------ */

struct test_case {
	const char *name;
	int (*fn)(void);
};

static const struct test_case cases[] = {
	{ "fork_wait", case_fork_wait },
	{ "vfork", case_vfork },
	{ "clone_tls", case_clone_tls },
	{ "pthreads_tls", case_pthreads },
	{ "arch_prctl", case_arch_prctl },
	{ "execve_static", case_execve_static },
	{ "execve_dynamic", case_execve_dynamic },
	{ "exit_status", case_exit_status },
	{ "signal_siginfo", case_signal_siginfo },
	{ "sigaltstack", case_sigaltstack },
	{ "rt_sigreturn", case_rt_sigreturn },
	{ "sigsegv", case_sigsegv },
	{ "fpu_sse", case_fpu_sse },
	{ "pipes", case_pipes },
	{ "pty", case_pty },
	{ "proc", case_proc },
	{ "sys", case_sys },
	{ "mmap", case_mmap },
	{ "brk", case_brk },
};
#define NCASES (sizeof cases / sizeof cases[0])

static int run_case(const struct test_case *tc)
{
	char why[REASON_LEN + 100];

	if (run_isolated(tc->fn, CASE_TIMEOUT, why, sizeof(why))) {
		printf("CASE %s: FAIL %s\n", tc->name, why);
		return 1;
	}
	printf("CASE %s: ok\n", tc->name);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--exit") == 0)
		return atoi(argv[2]);
	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		for (unsigned i = 0; i < NCASES; i++)
			puts(cases[i].name);
		return 0;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);

	/* Re-exec target: our own binary by its real path. */
	ssize_t n = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
	if (n > 0)
		self_path[n] = 0;
	else if (argv[0][0] == '/')
		snprintf(self_path, sizeof self_path, "%s", argv[0]);

	reason = mmap(NULL, REASON_LEN, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (reason == MAP_FAILED) {
		perror("abi-test: mmap");
		return 2;
	}

	int passed = 0, failed = 0;
	for (unsigned i = 0; i < NCASES; i++) {
		int selected = argc < 2;
		for (int a = 1; a < argc; a++)
			if (strcmp(argv[a], cases[i].name) == 0)
				selected = 1;
		if (!selected)
			continue;
		if (run_case(&cases[i]))
			failed++;
		else
			passed++;
	}
	if (passed + failed == 0) {
		fprintf(stderr, "abi-test: no such case\n");
		return 2;
	}
	printf("abi-test: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
