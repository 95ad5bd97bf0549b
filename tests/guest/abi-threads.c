/*
 * abi-threads: threads and futexes (issue 3, item 1), run inside the guest.
 *
 * Build: gcc -static -O2 -pthread -o abi-threads abi-threads.c
 * Usage: abi-threads [--timeout S] [CHECK...] | --list
 * Prints "ok NAME" or "FAIL NAME: detail" per check, then a summary line
 * "abi-threads: N passed, M failed".  Each check runs in a forked child
 * (own process group, alarm()), so a crash or hang fails only that check.
 * The same binary runs on the host, as a reference for the checks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <linux/sched.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "abi-harness.h"

static long futex(void *uaddr, int op, int val, const struct timespec *ts, void *uaddr2,
		  int val3)
{
	return syscall(SYS_futex, uaddr, op, val, ts, uaddr2, val3);
}

/* ------------------------------------------------------------------ */

static void *ret_arg_times3(void *arg)
{
	return (void *)((intptr_t)arg * 3);
}

static int chk_create_join(void)
{
	pthread_t t[16];

	for (intptr_t i = 0; i < 16; i++)
		CHECK(pthread_create(&t[i], NULL, ret_arg_times3, (void *)(i + 1)) == 0,
		      "pthread_create %ld failed", (long)i);
	for (intptr_t i = 0; i < 16; i++) {
		void *rv;
		CHECK(pthread_join(t[i], &rv) == 0, "pthread_join %ld failed", (long)i);
		CHECK((intptr_t)rv == (i + 1) * 3, "thread %ld returned %ld, want %ld", (long)i,
		      (long)(intptr_t)rv, (long)(i + 1) * 3);
	}
	/* Joining the same thread twice / a bogus join: ESRCH or EINVAL, no crash. */
	pthread_t self = pthread_self();
	CHECK(pthread_join(self, NULL) == EDEADLK, "joining self did not give EDEADLK");

	/* A detached thread runs to completion without a join. */
	static atomic_int done;
	pthread_attr_t at;
	pthread_attr_init(&at);
	pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
	pthread_t d;
	void *set_done(void *a)
	{
		(void)a;
		atomic_store(&done, 1);
		return NULL;
	}
	CHECK(pthread_create(&d, &at, set_done, NULL) == 0, "detached create failed");
	for (int i = 0; i < 2000 && !atomic_load(&done); i++)
		usleep(1000);
	CHECK(atomic_load(&done) == 1, "detached thread never ran");

	/* Many short-lived threads in sequence (thread exit and stack reuse). */
	for (intptr_t i = 0; i < 300; i++) {
		pthread_t x;
		void *rv;
		CHECK(pthread_create(&x, NULL, ret_arg_times3, (void *)i) == 0, "create #%ld", (long)i);
		CHECK(pthread_join(x, &rv) == 0 && (intptr_t)rv == i * 3, "join #%ld", (long)i);
	}
	return 0;
}

/* Cancellation: deferred cancel of threads blocked in read(), in
 * pthread_cond_wait() and in nanosleep(), with cleanup handlers. */
static atomic_int cleanups;
static pthread_mutex_t cmx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ccv = PTHREAD_COND_INITIALIZER;
static int cancel_pipe[2];
static atomic_int started;

static void cleanup_inc(void *a)
{
	(void)a;
	atomic_fetch_add(&cleanups, 1);
}

static void *cancel_reader(void *a)
{
	char c;
	(void)a;
	pthread_cleanup_push(cleanup_inc, NULL);
	atomic_fetch_add(&started, 1);
	for (;;)
		read(cancel_pipe[0], &c, 1);
	pthread_cleanup_pop(0);
	return NULL;
}

static void unlock_cmx(void *a)
{
	(void)a;
	pthread_mutex_unlock(&cmx);
	atomic_fetch_add(&cleanups, 1);
}

static void *cancel_condwait(void *a)
{
	(void)a;
	pthread_mutex_lock(&cmx);
	pthread_cleanup_push(unlock_cmx, NULL);
	atomic_fetch_add(&started, 1);
	for (;;)
		pthread_cond_wait(&ccv, &cmx);
	pthread_cleanup_pop(0);
	return NULL;
}

static void *cancel_sleeper(void *a)
{
	(void)a;
	pthread_cleanup_push(cleanup_inc, NULL);
	atomic_fetch_add(&started, 1);
	for (;;)
		sleep(100);
	pthread_cleanup_pop(0);
	return NULL;
}

static void *cancel_spinner(void *a)
{
	(void)a;
	pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, NULL);
	atomic_fetch_add(&started, 1);
	for (volatile unsigned long i = 0;; i++)
		;
	return NULL;
}

static int chk_cancel(void)
{
	void *(*fns[])(void *) = { cancel_reader, cancel_condwait, cancel_sleeper, cancel_spinner };
	const char *names[] = { "read", "cond_wait", "sleep", "async spin" };
	pthread_t t[4];

	CHECK_SYS(pipe(cancel_pipe));
	for (int i = 0; i < 4; i++)
		CHECK(pthread_create(&t[i], NULL, fns[i], NULL) == 0, "create");
	while (atomic_load(&started) < 4)
		usleep(1000);
	usleep(50000); /* let them block */
	double t0 = now_mono();
	for (int i = 0; i < 4; i++) {
		void *rv = NULL;
		CHECK(pthread_cancel(t[i]) == 0, "pthread_cancel %s", names[i]);
		CHECK(pthread_join(t[i], &rv) == 0, "join %s", names[i]);
		CHECK(rv == PTHREAD_CANCELED, "thread blocked in %s returned %p, not PTHREAD_CANCELED",
		      names[i], rv);
	}
	CHECK(now_mono() - t0 < 5, "cancellation took %.1f s", now_mono() - t0);
	CHECK(atomic_load(&cleanups) == 3, "%d cleanup handlers ran, want 3", atomic_load(&cleanups));
	/* The condvar mutex was released by the cleanup handler. */
	CHECK(pthread_mutex_trylock(&cmx) == 0, "mutex still held after cancelled cond_wait");
	pthread_mutex_unlock(&cmx);
	return 0;
}

/* Mutex + condvar under contention: a counter and a bounded queue. */
#define NTHR 8
#define ITERS 20000
static pthread_mutex_t mx = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static long unlocked_check; /* only touched under mx */

static void *contend(void *a)
{
	(void)a;
	for (int i = 0; i < ITERS; i++) {
		pthread_mutex_lock(&mx);
		long c = counter;
		unlocked_check++;
		if (i % 64 == 0)
			sched_yield(); /* hold the lock across a reschedule */
		counter = c + 1;
		pthread_mutex_unlock(&mx);
	}
	return NULL;
}

#define QLEN 16
static struct {
	pthread_mutex_t m;
	pthread_cond_t not_empty, not_full;
	long buf[QLEN];
	int head, tail, count;
} q = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER };
#define NPROD 4
#define NCONS 4
#define PER_PROD 5000
static long consumed_sum[NCONS], consumed_n[NCONS];

static void *producer(void *a)
{
	long base = (intptr_t)a * 1000000L;
	for (long i = 1; i <= PER_PROD; i++) {
		pthread_mutex_lock(&q.m);
		while (q.count == QLEN)
			pthread_cond_wait(&q.not_full, &q.m);
		q.buf[q.tail] = base + i;
		q.tail = (q.tail + 1) % QLEN;
		q.count++;
		pthread_cond_signal(&q.not_empty);
		pthread_mutex_unlock(&q.m);
	}
	return NULL;
}

static void *consumer(void *a)
{
	int id = (intptr_t)a;
	for (;;) {
		pthread_mutex_lock(&q.m);
		while (q.count == 0)
			pthread_cond_wait(&q.not_empty, &q.m);
		long v = q.buf[q.head];
		q.head = (q.head + 1) % QLEN;
		q.count--;
		pthread_cond_signal(&q.not_full);
		pthread_mutex_unlock(&q.m);
		if (v < 0)
			return NULL;
		consumed_sum[id] += v;
		consumed_n[id]++;
	}
}

static int chk_mutex_condvar(void)
{
	pthread_t t[NTHR];

	for (int i = 0; i < NTHR; i++)
		CHECK(pthread_create(&t[i], NULL, contend, NULL) == 0, "create");
	for (int i = 0; i < NTHR; i++)
		pthread_join(t[i], NULL);
	CHECK(counter == (long)NTHR * ITERS, "mutex counter %ld, want %ld (lost updates)", counter,
	      (long)NTHR * ITERS);
	CHECK(unlocked_check == counter, "second counter %ld != %ld", unlocked_check, counter);

	pthread_t p[NPROD], c[NCONS];
	for (intptr_t i = 0; i < NCONS; i++)
		CHECK(pthread_create(&c[i], NULL, consumer, (void *)i) == 0, "create consumer");
	for (intptr_t i = 0; i < NPROD; i++)
		CHECK(pthread_create(&p[i], NULL, producer, (void *)i) == 0, "create producer");
	for (int i = 0; i < NPROD; i++)
		pthread_join(p[i], NULL);
	/* One poison pill per consumer. */
	for (int i = 0; i < NCONS; i++) {
		pthread_mutex_lock(&q.m);
		while (q.count == QLEN)
			pthread_cond_wait(&q.not_full, &q.m);
		q.buf[q.tail] = -1;
		q.tail = (q.tail + 1) % QLEN;
		q.count++;
		pthread_cond_signal(&q.not_empty);
		pthread_mutex_unlock(&q.m);
	}
	long n = 0, sum = 0, want = 0;
	for (int i = 0; i < NCONS; i++) {
		pthread_join(c[i], NULL);
		n += consumed_n[i];
		sum += consumed_sum[i];
	}
	for (long pi = 0; pi < NPROD; pi++)
		want += pi * 1000000L * PER_PROD + (long)PER_PROD * (PER_PROD + 1) / 2;
	CHECK(n == NPROD * PER_PROD, "consumed %ld items, want %d", n, NPROD * PER_PROD);
	CHECK(sum == want, "consumed sum %ld, want %ld", sum, want);

	/* pthread_cond_timedwait times out (ETIMEDOUT) at about the right time. */
	pthread_mutex_t m2 = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t cv2 = PTHREAD_COND_INITIALIZER;
	struct timespec dl;
	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_nsec += 100 * 1000000;
	if (dl.tv_nsec >= 1000000000) {
		dl.tv_sec++;
		dl.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&m2);
	double t0 = now_mono();
	int r = pthread_cond_timedwait(&cv2, &m2, &dl);
	double el = now_mono() - t0;
	pthread_mutex_unlock(&m2);
	CHECK(r == ETIMEDOUT, "cond_timedwait returned %d, want ETIMEDOUT", r);
	CHECK(el > 0.09 && el < 1.0, "cond_timedwait of 100 ms took %.3f s", el);
	return 0;
}

/* Raw futex operations. */
static int chk_futex_ops(void)
{
	static atomic_int w = 0;
	struct timespec ts = { 0, 50 * 1000000 };

	/* Value mismatch: EAGAIN at once. */
	errno = 0;
	CHECK(futex(&w, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0) == -1 && errno == EAGAIN,
	      "FUTEX_WAIT with wrong value: errno %d, want EAGAIN", errno);
	/* Timeout (relative). */
	double t0 = now_mono();
	errno = 0;
	CHECK(futex(&w, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0) == -1 && errno == ETIMEDOUT,
	      "FUTEX_WAIT timeout: errno %d, want ETIMEDOUT", errno);
	double el = now_mono() - t0;
	CHECK(el >= 0.049 && el < 1, "50 ms FUTEX_WAIT took %.3f s", el);
	/* Absolute timeout with WAIT_BITSET on CLOCK_MONOTONIC. */
	struct timespec abs;
	clock_gettime(CLOCK_MONOTONIC, &abs);
	abs.tv_nsec += 30 * 1000000;
	if (abs.tv_nsec >= 1000000000) {
		abs.tv_sec++;
		abs.tv_nsec -= 1000000000;
	}
	errno = 0;
	CHECK(futex(&w, FUTEX_WAIT_BITSET_PRIVATE, 0, &abs, NULL, FUTEX_BITSET_MATCH_ANY) == -1 &&
		      errno == ETIMEDOUT,
	      "FUTEX_WAIT_BITSET abs: errno %d", errno);
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	CHECK(now.tv_sec > abs.tv_sec || (now.tv_sec == abs.tv_sec && now.tv_nsec >= abs.tv_nsec),
	      "FUTEX_WAIT_BITSET returned before its absolute deadline");
	/* Bad pointer: EFAULT. */
	errno = 0;
	CHECK(futex((void *)8, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0) == -1 && errno == EFAULT,
	      "FUTEX_WAIT on address 8: errno %d, want EFAULT", errno);
	/* Unaligned: EINVAL. */
	errno = 0;
	CHECK(futex((char *)&w + 1, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0) == -1 && errno == EINVAL,
	      "FUTEX_WAIT unaligned: errno %d, want EINVAL", errno);
	/* Wake with nobody waiting: 0. */
	CHECK(futex(&w, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0) == 0, "FUTEX_WAKE woke phantoms");

	/* Wake counts with 5 waiters, then requeue. */
	static atomic_int w2 = 0, woken = 0, nwaiting = 0;
	static atomic_int tgt = 0;
	void *waiter(void *a)
	{
		(void)a;
		atomic_fetch_add(&nwaiting, 1);
		while (atomic_load(&w2) == 0)
			futex(&w2, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
		atomic_fetch_add(&woken, 1);
		return NULL;
	}
	pthread_t th[5];
	for (int i = 0; i < 5; i++)
		pthread_create(&th[i], NULL, waiter, NULL);
	while (atomic_load(&nwaiting) < 5)
		usleep(1000);
	usleep(100000); /* all in FUTEX_WAIT now (very likely) */
	/* Requeue: wake 0, move up to 3 onto tgt. */
	long r = futex(&w2, FUTEX_CMP_REQUEUE_PRIVATE, 0, (void *)3L, &tgt, 0);
	CHECK(r == 3, "FUTEX_CMP_REQUEUE returned %ld, want 3", r);
	/* A requeue with a stale compare value: EAGAIN. */
	errno = 0;
	CHECK(futex(&w2, FUTEX_CMP_REQUEUE_PRIVATE, 0, (void *)1L, &tgt, 5) == -1 && errno == EAGAIN,
	      "CMP_REQUEUE with mismatching val3: errno %d", errno);
	atomic_store(&w2, 1);
	r = futex(&w2, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	CHECK(r == 1, "FUTEX_WAKE(1) on the original word woke %ld", r);
	r = futex(&w2, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
	CHECK(r == 1, "FUTEX_WAKE(all) on the original word woke %ld, want 1", r);
	r = futex(&tgt, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
	CHECK(r == 3, "FUTEX_WAKE on the requeue target woke %ld, want 3", r);
	for (int i = 0; i < 5; i++)
		pthread_join(th[i], NULL);
	CHECK(atomic_load(&woken) == 5, "%d waiters finished", atomic_load(&woken));

	/* Shared futex between two processes (MAP_SHARED memory). */
	atomic_int *sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED, "mmap");
	sh[0] = 0;
	pid_t pid = fork();
	if (pid == 0) {
		while (atomic_load(&sh[0]) == 0)
			futex(&sh[0], FUTEX_WAIT, 0, NULL, NULL, 0);
		_exit(atomic_load(&sh[0]) == 7 ? 0 : 1);
	}
	usleep(100000);
	atomic_store(&sh[0], 7);
	r = futex(&sh[0], FUTEX_WAKE, 1, NULL, NULL, 0);
	int st = wait_status(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "shared-futex child status 0x%x", st);
	CHECK(r == 1, "shared FUTEX_WAKE woke %ld, want 1 (child should have been waiting)", r);
	return 0;
}

/* Priority-inheritance mutexes under contention (FUTEX_LOCK_PI/UNLOCK_PI). */
static pthread_mutex_t pimx;
static long picount;
static void *pi_worker(void *a)
{
	(void)a;
	for (int i = 0; i < 5000; i++) {
		if (pthread_mutex_lock(&pimx) != 0)
			return (void *)1;
		long c = picount;
		if (i % 50 == 0)
			sched_yield();
		picount = c + 1;
		pthread_mutex_unlock(&pimx);
	}
	return NULL;
}

static int chk_pi_mutex(void)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	CHECK(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT) == 0, "setprotocol");
	CHECK(pthread_mutex_init(&pimx, &a) == 0, "PI mutex init");
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, pi_worker, NULL);
	for (int i = 0; i < 4; i++) {
		void *rv;
		pthread_join(t[i], &rv);
		CHECK(rv == NULL, "PI lock failed in a thread");
	}
	CHECK(picount == 20000, "PI mutex count %ld, want 20000", picount);
	return 0;
}

/* Robust mutexes: owner dies holding the lock -> EOWNERDEAD. */
static pthread_mutex_t *rmx;
static void *lock_and_exit(void *a)
{
	(void)a;
	pthread_mutex_lock(rmx);
	return NULL; /* thread exits holding it */
}

static int chk_robust(void)
{
	pthread_mutexattr_t a;

	/* In-process: a thread dies holding the mutex. */
	rmx = malloc(sizeof *rmx);
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	CHECK(pthread_mutex_init(rmx, &a) == 0, "robust init");
	pthread_t t;
	pthread_create(&t, NULL, lock_and_exit, NULL);
	pthread_join(t, NULL);
	int r = pthread_mutex_lock(rmx);
	CHECK(r == EOWNERDEAD, "lock after owner thread died: %d (%s), want EOWNERDEAD", r,
	      strerror(r));
	CHECK(pthread_mutex_consistent(rmx) == 0, "consistent");
	pthread_mutex_unlock(rmx);
	CHECK(pthread_mutex_lock(rmx) == 0, "lock after consistent");
	pthread_mutex_unlock(rmx);

	/* Cross-process: a child process holding a pshared robust mutex is
	 * killed while a waiter (this process) blocks on it. */
	pthread_mutex_t *sm = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
				   -1, 0);
	CHECK(sm != MAP_FAILED, "mmap");
	pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	CHECK(pthread_mutex_init(sm, &a) == 0, "pshared robust init");
	volatile int *flag = (volatile int *)(sm + 1);
	*flag = 0;
	pid_t pid = fork();
	if (pid == 0) {
		pthread_mutex_lock(sm);
		*flag = 1;
		for (;;)
			pause();
	}
	while (*flag == 0)
		usleep(1000);
	/* A waiter thread blocks in the kernel; the owner is then killed. */
	static int wret = -1;
	void *waiter(void *x)
	{
		wret = pthread_mutex_lock((pthread_mutex_t *)x);
		return NULL;
	}
	pthread_create(&t, NULL, waiter, sm);
	usleep(100000);
	kill(pid, SIGKILL);
	wait_status(pid);
	pthread_join(t, NULL);
	CHECK(wret == EOWNERDEAD, "waiter on a killed owner's robust mutex got %d (%s)", wret,
	      strerror(wret));
	pthread_mutex_consistent(sm);
	pthread_mutex_unlock(sm);

	/* The same, owner exits normally (exit()) and nobody is waiting. */
	pid = fork();
	if (pid == 0) {
		pthread_mutex_lock(sm);
		_exit(0);
	}
	wait_status(pid);
	r = pthread_mutex_trylock(sm);
	CHECK(r == EOWNERDEAD, "trylock after the owner process exited: %d (%s)", r, strerror(r));

	/* get_robust_list returns what glibc registered. */
	struct robust_list_head *head;
	size_t len;
	CHECK(syscall(SYS_get_robust_list, 0, &head, &len) == 0, "get_robust_list: %s",
	      strerror(errno));
	CHECK(head != NULL && len == sizeof(struct robust_list_head),
	      "robust list head %p len %zu", (void *)head, len);
	return 0;
}

/* set_tid_address / CLONE_CHILD_CLEARTID: the kernel clears the word and
 * wakes a futex waiter when the thread exits. */
static volatile pid_t ctid_word;
static atomic_int thread_saw_tid;
static int raw_thread_fn(void *arg)
{
	(void)arg;
	/* set_tid_address returns the caller's tid. */
	long r = syscall(SYS_set_tid_address, &ctid_word);
	atomic_store(&thread_saw_tid, (int)r);
	ctid_word = (pid_t)r;
	usleep(100000);
	syscall(SYS_exit, 0);
	return 0;
}

static int chk_clear_child_tid(void)
{
	/* In the main thread: set_tid_address returns our tid (== pid). */
	static int dummy;
	long r = syscall(SYS_set_tid_address, &dummy);
	CHECK(r == getpid(), "set_tid_address returned %ld, want %d", r, getpid());

	/* A raw clone()d thread sets its clear_child_tid, then exits; a
	 * FUTEX_WAIT on the word must return once it is cleared. */
	size_t ssz = 256 * 1024;
	char *stk = mmap(NULL, ssz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(stk != MAP_FAILED, "mmap");
	ctid_word = -1;
	int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
		    CLONE_SYSVSEM;
	int tid = clone(raw_thread_fn, stk + ssz, flags, NULL);
	CHECK(tid > 0, "clone: %s", strerror(errno));
	double t0 = now_mono();
	while (ctid_word == -1)
		sched_yield();
	pid_t v;
	while ((v = ctid_word) != 0) {
		struct timespec ts = { 5, 0 };
		futex((void *)&ctid_word, FUTEX_WAIT, v, &ts, NULL, 0);
		if (now_mono() - t0 > 5)
			break;
	}
	CHECK(ctid_word == 0, "clear_child_tid word still %d after thread exit", ctid_word);
	CHECK(atomic_load(&thread_saw_tid) == tid, "set_tid_address in thread returned %d, clone %d",
	      atomic_load(&thread_saw_tid), tid);

	/* CLONE_CHILD_CLEARTID|CLONE_PARENT_SETTID through clone(). */
	static volatile pid_t ptid, ctid2;
	int f2 = flags | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
	int fn2(void *a)
	{
		(void)a;
		usleep(50000);
		return 0;
	}
	ptid = 0;
	ctid2 = 12345;
	tid = clone(fn2, stk + ssz, f2, NULL, &ptid, NULL, &ctid2);
	CHECK(tid > 0, "clone 2: %s", strerror(errno));
	CHECK(ptid == tid, "CLONE_PARENT_SETTID stored %d, clone returned %d", ptid, tid);
	t0 = now_mono();
	while ((v = ctid2) != 0 && now_mono() - t0 < 5) {
		struct timespec ts = { 5, 0 };
		futex((void *)&ctid2, FUTEX_WAIT, v, &ts, NULL, 0);
	}
	CHECK(ctid2 == 0, "CLONE_CHILD_CLEARTID word not cleared");
	/* The thread is gone from /proc/self/task. */
	char p[64];
	snprintf(p, sizeof p, "/proc/self/task/%d", tid);
	usleep(10000);
	CHECK(access(p, F_OK) != 0, "%s still exists after the thread exited", p);
	return 0;
}

/* clone3 */
static long clone3_(struct clone_args *ca, size_t sz)
{
	return syscall(SYS_clone3, ca, sz);
}

static int chk_clone3(void)
{
	struct clone_args ca;
	int pidfd = -1;
	pid_t ptid = 0;

	memset(&ca, 0, sizeof ca);
	ca.flags = CLONE_PIDFD | CLONE_PARENT_SETTID;
	ca.pidfd = (uintptr_t)&pidfd;
	ca.parent_tid = (uintptr_t)&ptid;
	ca.exit_signal = SIGCHLD;
	long pid = clone3_(&ca, sizeof ca);
	CHECK(pid >= 0, "clone3: %s", strerror(errno));
	if (pid == 0) {
		usleep(100000);
		_exit(33);
	}
	CHECK(pidfd >= 0, "CLONE_PIDFD gave fd %d", pidfd);
	CHECK(ptid == pid, "parent_tid %d, pid %ld", ptid, pid);
	CHECK((fcntl(pidfd, F_GETFD) & FD_CLOEXEC) != 0, "pidfd is not close-on-exec");
	/* Not readable before the child exits, readable (POLLIN) after. */
	struct pollfd pfd = { pidfd, POLLIN, 0 };
	CHECK(poll(&pfd, 1, 0) == 0, "pidfd polled ready while the child runs");
	CHECK(poll(&pfd, 1, 5000) == 1 && (pfd.revents & POLLIN), "pidfd never became readable");
	siginfo_t si;
	memset(&si, 0, sizeof si);
	CHECK(waitid(P_PIDFD, pidfd, &si, WEXITED) == 0, "waitid(P_PIDFD): %s", strerror(errno));
	CHECK(si.si_pid == pid && si.si_code == CLD_EXITED && si.si_status == 33,
	      "waitid P_PIDFD: pid %d code %d status %d", si.si_pid, si.si_code, si.si_status);
	close(pidfd);

	/* pidfd_send_signal to a live child. */
	memset(&ca, 0, sizeof ca);
	ca.flags = CLONE_PIDFD;
	ca.pidfd = (uintptr_t)&pidfd;
	ca.exit_signal = SIGCHLD;
	pid = clone3_(&ca, sizeof ca);
	CHECK(pid >= 0, "clone3 #2: %s", strerror(errno));
	if (pid == 0) {
		for (;;)
			pause();
	}
	CHECK(syscall(SYS_pidfd_send_signal, pidfd, SIGTERM, NULL, 0) == 0,
	      "pidfd_send_signal: %s", strerror(errno));
	int st = wait_status(pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "child status 0x%x after pidfd SIGTERM",
	      st);
	close(pidfd);

	/* exit_signal other than SIGCHLD is delivered to the parent. */
	static volatile sig_atomic_t got_usr2;
	void h(int s)
	{
		(void)s;
		got_usr2 = 1;
	}
	signal(SIGUSR2, h);
	memset(&ca, 0, sizeof ca);
	ca.exit_signal = SIGUSR2;
	pid = clone3_(&ca, sizeof ca);
	if (pid == 0)
		_exit(0);
	CHECK(pid > 0, "clone3 exit_signal: %s", strerror(errno));
	st = wait_status(pid); /* __WALL: not a SIGCHLD child */
	CHECK(st != -1 && WIFEXITED(st), "wait for exit_signal child");
	for (int i = 0; i < 100 && !got_usr2; i++)
		usleep(1000);
	CHECK(got_usr2, "exit_signal SIGUSR2 not delivered");

	/* Invalid arguments. */
	memset(&ca, 0, sizeof ca);
	ca.exit_signal = SIGCHLD;
	errno = 0;
	CHECK(clone3_(&ca, 8) == -1 && errno == EINVAL, "clone3 with size 8: errno %d, want EINVAL",
	      errno);
	errno = 0;
	ca.exit_signal = 0x1000; /* not a valid signal */
	CHECK(clone3_(&ca, sizeof ca) == -1 && errno == EINVAL,
	      "clone3 with exit_signal 0x1000: errno %d, want EINVAL", errno);
	ca.exit_signal = SIGCHLD;
	/* CLONE_PIDFD with CLONE_THREAD is refused... */
	ca.flags = CLONE_THREAD | CLONE_PIDFD;
	errno = 0;
	CHECK(clone3_(&ca, sizeof ca) == -1 && errno == EINVAL,
	      "CLONE_THREAD without CLONE_SIGHAND: errno %d, want EINVAL", errno);
	/* set_tid: size without pointer, too many, an existing pid. */
	pid_t tids[40];
	memset(&ca, 0, sizeof ca);
	ca.exit_signal = SIGCHLD;
	ca.set_tid_size = 1;
	errno = 0;
	CHECK(clone3_(&ca, sizeof ca) == -1 && errno == EINVAL,
	      "set_tid_size 1 with set_tid NULL: errno %d, want EINVAL", errno);
	ca.set_tid = (uintptr_t)tids;
	ca.set_tid_size = 40;
	tids[0] = 0;
	errno = 0;
	CHECK(clone3_(&ca, sizeof ca) == -1 && errno == EINVAL,
	      "set_tid_size 40: errno %d, want EINVAL", errno);
	ca.set_tid_size = 1;
	tids[0] = getpid(); /* in use */
	errno = 0;
	long r = clone3_(&ca, sizeof ca);
	if (r == 0)
		_exit(0);
	CHECK(r == -1 && (errno == EEXIST || errno == EPERM),
	      "set_tid of an existing pid: %ld errno %d, want EEXIST (root) or EPERM", r, errno);
	if (geteuid() == 0) {
		CHECK(errno == EEXIST, "root: set_tid of an existing pid gave errno %d, want EEXIST",
		      errno);
		/* A free pid is used as asked. */
		for (pid_t want = 4000 + getpid() % 1000; want < 30000; want += 97) {
			char p[32];
			snprintf(p, sizeof p, "/proc/%d", want);
			if (access(p, F_OK) == 0)
				continue;
			tids[0] = want;
			r = clone3_(&ca, sizeof ca);
			if (r == 0)
				_exit(getpid() == want ? 0 : 1);
			CHECK(r == want, "clone3 set_tid %d returned %ld (%s)", want, r,
			      r < 0 ? strerror(errno) : "");
			st = wait_status(r);
			CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child's getpid() != set_tid");
			break;
		}
	}
	return 0;
}

/* gettid and /proc/self/task */
static pid_t tids_seen[8];
static void *record_tid(void *a)
{
	tids_seen[(intptr_t)a] = gettid_();
	usleep(100000);
	return NULL;
}

static int chk_gettid(void)
{
	CHECK(gettid_() == getpid(), "main thread tid %d != pid %d", gettid_(), getpid());
	pthread_t t[8];
	for (intptr_t i = 0; i < 8; i++)
		pthread_create(&t[i], NULL, record_tid, (void *)i);
	usleep(50000);
	int in_task = 0;
	DIR *d = opendir("/proc/self/task");
	CHECK(d, "opendir /proc/self/task: %s", strerror(errno));
	struct dirent *e;
	while ((e = readdir(d))) {
		int id = atoi(e->d_name);
		for (int i = 0; i < 8; i++)
			if (id && id == tids_seen[i])
				in_task++;
	}
	closedir(d);
	for (int i = 0; i < 8; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < 8; i++) {
		CHECK(tids_seen[i] > 0 && tids_seen[i] != getpid(), "thread %d tid %d", i, tids_seen[i]);
		for (int j = 0; j < i; j++)
			CHECK(tids_seen[i] != tids_seen[j], "threads %d and %d share tid %d", i, j,
			      tids_seen[i]);
		/* Every thread's getpid() is the process id: checked via the
		 * status file of the task. */
	}
	CHECK(in_task == 8, "%d of 8 thread ids listed in /proc/self/task", in_task);
	return 0;
}

/* tgkill to specific threads; thread-directed vs process-directed. */
#define NT 4
static pid_t tk_tid[NT];
static atomic_int tk_ready;
static volatile pid_t tk_got[NT]; /* tid that ran the handler for thread i */
static __thread int my_index = -1;
static volatile sig_atomic_t stop_threads;

static void tk_handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	(void)sig;
	if (my_index >= 0)
		tk_got[my_index] = gettid_();
	(void)si;
}

static void *tk_thread(void *a)
{
	my_index = (intptr_t)a;
	tk_tid[my_index] = gettid_();
	atomic_fetch_add(&tk_ready, 1);
	while (!stop_threads)
		usleep(1000);
	return NULL;
}

static int chk_tgkill(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = tk_handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	pthread_t t[NT];
	for (intptr_t i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, tk_thread, (void *)i);
	while (atomic_load(&tk_ready) < NT)
		usleep(1000);
	/* Signal them in reverse order; each must be handled by its target. */
	for (int i = NT - 1; i >= 0; i--) {
		CHECK(syscall(SYS_tgkill, getpid(), tk_tid[i], SIGUSR1) == 0, "tgkill: %s",
		      strerror(errno));
		for (int k = 0; k < 2000 && !tk_got[i]; k++)
			usleep(1000);
		CHECK(tk_got[i] == tk_tid[i], "tgkill to thread %d (tid %d) handled by tid %d", i,
		      tk_tid[i], tk_got[i]);
	}
	/* Wrong tgid: ESRCH; signal 0 probes. */
	errno = 0;
	CHECK(syscall(SYS_tgkill, getpid() + 100000, tk_tid[0], 0) == -1 && errno == ESRCH,
	      "tgkill with a wrong tgid: errno %d, want ESRCH", errno);
	CHECK(syscall(SYS_tgkill, getpid(), tk_tid[0], 0) == 0, "tgkill sig 0");
	/* tkill also reaches one thread. */
	tk_got[2] = 0;
	CHECK(syscall(SYS_tkill, tk_tid[2], SIGUSR1) == 0, "tkill");
	for (int k = 0; k < 2000 && !tk_got[2]; k++)
		usleep(1000);
	CHECK(tk_got[2] == tk_tid[2], "tkill handled by %d, want %d", tk_got[2], tk_tid[2]);
	/* pthread_kill. */
	tk_got[1] = 0;
	CHECK(pthread_kill(t[1], SIGUSR1) == 0, "pthread_kill");
	for (int k = 0; k < 2000 && !tk_got[1]; k++)
		usleep(1000);
	CHECK(tk_got[1] == tk_tid[1], "pthread_kill handled by %d, want %d", tk_got[1], tk_tid[1]);
	stop_threads = 1;
	for (int i = 0; i < NT; i++)
		pthread_join(t[i], NULL);
	return 0;
}

/* A process-directed signal goes to the one thread that does not block it;
 * a thread-directed one stays pending on its (blocking) thread; sigwait in
 * a thread consumes a process-directed signal; a fault is handled by the
 * faulting thread. */
static volatile pid_t pd_handled_by;
static void pd_handler(int s)
{
	(void)s;
	pd_handled_by = gettid_();
}
static atomic_int pd_phase;
static volatile pid_t open_tid;
static void *pd_open_thread(void *a)
{
	(void)a;
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &s, NULL);
	open_tid = gettid_();
	atomic_store(&pd_phase, 1);
	while (atomic_load(&pd_phase) < 2)
		usleep(1000);
	return NULL;
}

static volatile pid_t segv_tid;
static sigjmp_buf *segv_jb;
static void segv_handler(int s)
{
	(void)s;
	segv_tid = gettid_();
	siglongjmp(*segv_jb, 1);
}
static volatile int *volatile bad_ptr = (volatile int *)16;
static void *fault_thread(void *a)
{
	sigjmp_buf jb;
	(void)a;
	segv_jb = &jb;
	if (sigsetjmp(jb, 1) == 0)
		*bad_ptr = 1;
	return (void *)(intptr_t)gettid_();
}

static int chk_thread_signals(void)
{
	signal(SIGUSR1, pd_handler);
	sigset_t s, old;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &s, &old); /* main blocks, the thread won't */
	pthread_t t;
	pthread_create(&t, NULL, pd_open_thread, NULL);
	while (atomic_load(&pd_phase) < 1)
		usleep(1000);
	for (int i = 0; i < 5; i++) {
		pd_handled_by = 0;
		kill(getpid(), SIGUSR1);
		for (int k = 0; k < 2000 && !pd_handled_by; k++)
			usleep(1000);
		CHECK(pd_handled_by == open_tid,
		      "process-directed SIGUSR1 handled by %d, want the unblocking thread %d",
		      pd_handled_by, open_tid);
	}
	atomic_store(&pd_phase, 2);
	pthread_join(t, NULL);

	/* Thread-directed to the blocking main thread: pending for the thread
	 * only, not the process. */
	pd_handled_by = 0;
	syscall(SYS_tgkill, getpid(), gettid_(), SIGUSR1);
	sigset_t pend;
	sigpending(&pend);
	CHECK(sigismember(&pend, SIGUSR1), "tgkill'ed blocked signal not pending");
	CHECK(pd_handled_by == 0, "blocked signal was handled");
	/* Unblocking delivers it to us. */
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	CHECK(pd_handled_by == gettid_(), "after unblock handled by %d, want %d", pd_handled_by,
	      gettid_());

	/* sigwait in another thread consumes a process-directed signal. */
	pthread_sigmask(SIG_BLOCK, &s, NULL);
	static int waited = 0;
	void *sw(void *a)
	{
		(void)a;
		int sig = 0;
		sigset_t ws;
		sigemptyset(&ws);
		sigaddset(&ws, SIGUSR1);
		if (sigwait(&ws, &sig) == 0)
			waited = sig;
		return NULL;
	}
	pthread_create(&t, NULL, sw, NULL);
	usleep(50000);
	pd_handled_by = 0;
	kill(getpid(), SIGUSR1);
	pthread_join(t, NULL);
	CHECK(waited == SIGUSR1 && pd_handled_by == 0, "sigwait in a thread got %d (handler ran: %d)",
	      waited, pd_handled_by != 0);

	/* Synchronous fault in a thread: handled in that thread. */
	signal(SIGSEGV, segv_handler);
	void *rv;
	pthread_create(&t, NULL, fault_thread, NULL);
	pthread_join(t, &rv);
	CHECK(segv_tid == (pid_t)(intptr_t)rv && segv_tid != gettid_(),
	      "SIGSEGV of a thread handled by %d, faulting thread %d", segv_tid,
	      (int)(intptr_t)rv);
	return 0;
}

/* exit_group with 50 threads (some blocked, some spinning). */
static void *blocker(void *a)
{
	int kind = (intptr_t)a % 4;
	if (kind == 0)
		for (;;)
			pause();
	if (kind == 1) {
		int w = 0;
		for (;;)
			futex(&w, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	}
	if (kind == 2)
		for (;;)
			sleep(1000);
	for (volatile long i = 0;; i++)
		;
	return NULL;
}

static int chk_exit_group(void)
{
	for (int variant = 0; variant < 3; variant++) {
		pid_t pid = fork();
		CHECK(pid >= 0, "fork");
		if (pid == 0) {
			pthread_t t;
			pthread_attr_t at;
			pthread_attr_init(&at);
			pthread_attr_setstacksize(&at, 64 * 1024);
			for (intptr_t i = 0; i < 50; i++)
				if (pthread_create(&t, &at, blocker, (void *)i) != 0)
					_exit(99);
			usleep(200000);
			if (variant == 0)
				exit(7); /* from the main thread */
			if (variant == 1) {
				/* From a thread, while main waits in pthread_join. */
				void *ex(void *a)
				{
					(void)a;
					usleep(100000);
					syscall(SYS_exit_group, 8);
					return NULL;
				}
				pthread_create(&t, &at, ex, NULL);
				pthread_join(t, NULL);
				_exit(98);
			}
			/* Main thread exits alone (SYS_exit): process lives on
			 * until a thread calls exit_group. */
			void *ex2(void *a)
			{
				(void)a;
				usleep(300000);
				syscall(SYS_exit_group, 9);
				return NULL;
			}
			pthread_create(&t, &at, ex2, NULL);
			syscall(SYS_exit, 0);
		}
		double t0 = now_mono();
		int st = wait_status(pid);
		double el = now_mono() - t0;
		int want = 7 + variant;
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == want,
		      "variant %d: process with 50 threads: status 0x%x, want exit %d", variant, st,
		      want);
		CHECK(el < 5, "variant %d: exit_group took %.1f s", variant, el);
	}
	/* No thread of the group is left. */
	return 0;
}

static const struct check checks[] = {
	{ "create_join", chk_create_join, 0 },
	{ "cancel", chk_cancel, 0 },
	{ "mutex_condvar", chk_mutex_condvar, 0 },
	{ "futex_ops", chk_futex_ops, 0 },
	{ "pi_mutex", chk_pi_mutex, 0 },
	{ "robust", chk_robust, 0 },
	{ "clear_child_tid", chk_clear_child_tid, 0 },
	{ "clone3", chk_clone3, 0 },
	{ "gettid", chk_gettid, 0 },
	{ "tgkill", chk_tgkill, 0 },
	{ "thread_signals", chk_thread_signals, 0 },
	{ "exit_group", chk_exit_group, 0 },
};

int main(int argc, char **argv)
{
	return harness_main("abi-threads", checks, sizeof checks / sizeof checks[0], argc, argv);
}
