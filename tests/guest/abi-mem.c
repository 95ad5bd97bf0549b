/*
 * abi-mem: memory management (issue 3, item 4), run inside the guest.
 *
 * Build: gcc -static -O2 -pthread -o abi-mem abi-mem.c
 * Usage: abi-mem [--timeout S] [CHECK...] | --list
 * Prints "ok NAME" or "FAIL NAME: detail" per check, then a summary line
 * "abi-mem: N passed, M failed".  Files are created in the current
 * directory (the guest's /tmp, a tmpfs) and in $ABI_DISK_DIR (default /,
 * the ext4 root on a ubd disk).  The "oom" check allocates more than
 * the guest has (boot with a small mem=, e.g. 64M).
 */
#define _GNU_SOURCE
#include <alloca.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "abi-harness.h"

static long pg;

/* Fault probing: returns 1 if reading/writing p faults (SIGSEGV/SIGBUS). */
static sigjmp_buf probe_jb;
static volatile int probe_sig;
static void probe_handler(int sig)
{
	probe_sig = sig;
	siglongjmp(probe_jb, 1);
}

static int faults(volatile char *p, int write)
{
	struct sigaction sa, o1, o2;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = probe_handler;
	sa.sa_flags = SA_NODEFER;
	sigaction(SIGSEGV, &sa, &o1);
	sigaction(SIGBUS, &sa, &o2);
	int r = 0;
	probe_sig = 0;
	if (sigsetjmp(probe_jb, 1) == 0) {
		if (write)
			*p = *p;
		else
			(void)*p;
	} else {
		r = 1;
	}
	sigaction(SIGSEGV, &o1, NULL);
	sigaction(SIGBUS, &o2, NULL);
	return r;
}

static const char *disk_dir(void)
{
	const char *d = getenv("ABI_DISK_DIR");
	return d ? d : "/";
}

/* A file of n pages, page i filled with byte 'A'+i%26. */
static int make_file(const char *dir, const char *name, int npages, char *path, size_t len)
{
	snprintf(path, len, "%s/%s.%d", dir, name, getpid());
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	char *buf = malloc(pg);
	for (int i = 0; i < npages; i++) {
		memset(buf, 'A' + i % 26, pg);
		if (write(fd, buf, pg) != pg) {
			close(fd);
			free(buf);
			return -1;
		}
	}
	free(buf);
	return fd;
}

static int file_shared_on(const char *dir)
{
	char path[256];
	int fd = make_file(dir, "abi-mem-shared", 4, path, sizeof path);
	CHECK(fd >= 0, "create file in %s: %s", dir, strerror(errno));
	char *m = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED, "mmap shared: %s", strerror(errno));
	CHECK(m[0] == 'A' && m[3 * pg + 5] == 'D', "mapping content wrong: %c %c", m[0],
	      m[3 * pg + 5]);
	/* Stores through the mapping reach the file (read() sees them at once). */
	memcpy(m + pg + 100, "through-the-map", 15);
	char buf[32] = "";
	CHECK(pread(fd, buf, 15, pg + 100) == 15 && memcmp(buf, "through-the-map", 15) == 0,
	      "%s: pread after a store in the shared map got '%.15s'", dir, buf);
	/* write() is seen by the mapping. */
	CHECK(pwrite(fd, "via-write", 9, 2 * pg + 7) == 9, "pwrite");
	CHECK(memcmp(m + 2 * pg + 7, "via-write", 9) == 0, "%s: mapping did not see pwrite", dir);
	/* A child's stores through its inherited mapping reach the parent and the file. */
	pid_t pid = fork();
	if (pid == 0) {
		memcpy(m + 3 * pg, "from-child", 10);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	CHECK(memcmp(m + 3 * pg, "from-child", 10) == 0, "%s: parent does not see child's store", dir);
	/* msync + munmap, then a fresh open reads the data. */
	CHECK(msync(m, 4 * pg, MS_SYNC) == 0, "msync: %s", strerror(errno));
	munmap(m, 4 * pg);
	close(fd);
	fd = open(path, O_RDONLY);
	memset(buf, 0, sizeof buf);
	pread(fd, buf, 10, 3 * pg);
	CHECK(memcmp(buf, "from-child", 10) == 0, "%s: file lacks the child's store after reopen: "
	      "'%.10s'", dir, buf);
	/* A second, independent shared mapping of the same file sees it too. */
	char *m2 = mmap(NULL, 4 * pg, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(m2 != MAP_FAILED && memcmp(m2 + pg + 100, "through-the-map", 15) == 0,
	      "%s: second mapping content", dir);
	/* PROT_WRITE on a read-only descriptor: EACCES. */
	errno = 0;
	CHECK(mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED &&
		      errno == EACCES,
	      "writable shared map of an O_RDONLY fd: errno %d, want EACCES", errno);
	munmap(m2, 4 * pg);
	close(fd);
	/* Offset mappings. */
	fd = open(path, O_RDWR);
	char *m3 = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 2 * pg);
	CHECK(m3 != MAP_FAILED && m3[0] == 'C' && memcmp(m3 + 7, "via-write", 9) == 0,
	      "%s: mapping at offset 2 pages", dir);
	m3[pg - 1] = '!';
	munmap(m3, pg);
	pread(fd, buf, 1, 3 * pg - 1);
	CHECK(buf[0] == '!', "%s: last byte of an offset mapping not in the file", dir);
	/* Extending the file, then mapping the new part. */
	CHECK(ftruncate(fd, 8 * pg) == 0, "ftruncate");
	char *m4 = mmap(NULL, 8 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m4 != MAP_FAILED && m4[7 * pg] == 0, "%s: extended part not zero", dir);
	m4[7 * pg + 1] = 'z';
	munmap(m4, 8 * pg);
	struct stat st;
	fstat(fd, &st);
	pread(fd, buf, 1, 7 * pg + 1);
	CHECK(buf[0] == 'z' && st.st_size == 8 * pg, "%s: store in the extended part lost", dir);
	close(fd);
	unlink(path);
	return 0;
}

static int chk_file_shared(void)
{
	if (file_shared_on("."))
		return 1;
	return file_shared_on(disk_dir());
}

static int chk_file_private(void)
{
	const char *dirs[2] = { ".", disk_dir() };
	for (int d = 0; d < 2; d++) {
		char path[256], buf[16];
		int fd = make_file(dirs[d], "abi-mem-private", 3, path, sizeof path);
		CHECK(fd >= 0, "create: %s", strerror(errno));
		char *p = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
		char *s = mmap(NULL, 3 * pg, PROT_READ, MAP_SHARED, fd, 0);
		CHECK(p != MAP_FAILED && s != MAP_FAILED, "mmap: %s", strerror(errno));
		CHECK(p[pg] == 'B', "private mapping content");
		p[pg] = 'x';
		CHECK(p[pg] == 'x', "private store not visible in its own mapping");
		CHECK(pread(fd, buf, 1, pg) == 1 && buf[0] == 'B',
		      "%s: a MAP_PRIVATE store reached the file ('%c')", dirs[d], buf[0]);
		CHECK(s[pg] == 'B', "%s: a MAP_PRIVATE store is visible in a shared mapping",
		      dirs[d]);
		/* A child's private store: invisible to the parent. */
		pid_t pid = fork();
		if (pid == 0) {
			p[2 * pg] = 'c';
			p[pg] = 'y';
			_exit(p[2 * pg] == 'c' ? 0 : 1);
		}
		int st;
		waitpid(pid, &st, 0);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child");
		CHECK(p[2 * pg] == 'C' && p[pg] == 'x', "%s: child's private store seen by the parent",
		      dirs[d]);
		/* File changes show through in pages we never wrote (Linux). */
		pwrite(fd, "Q", 1, 0);
		CHECK(p[0] == 'Q', "%s: unwritten private page does not follow the file", dirs[d]);
		/* msync on private: fine, no write-back. */
		msync(p, 3 * pg, MS_SYNC);
		pread(fd, buf, 1, pg);
		CHECK(buf[0] == 'B', "%s: msync wrote a private page back", dirs[d]);
		munmap(p, 3 * pg);
		munmap(s, 3 * pg);
		close(fd);
		unlink(path);
	}
	/* A PROT_WRITE MAP_PRIVATE map of an O_RDONLY fd is allowed. */
	int fd = open("/proc/self/exe", O_RDONLY);
	char *e = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(e != MAP_FAILED, "private writable map of a read-only file: %s", strerror(errno));
	CHECK(memcmp(e, "\177ELF", 4) == 0, "exe mapping not ELF");
	e[0] = 0;
	close(fd);
	return 0;
}

static int chk_anon_fork(void)
{
	size_t big = 16 << 20;
	char *priv = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *shr = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(priv != MAP_FAILED && shr != MAP_FAILED, "mmap: %s", strerror(errno));
	for (size_t i = 0; i < big; i += pg) {
		CHECK(priv[i] == 0 && shr[i] == 0, "fresh anonymous memory not zero at %zu", i);
		priv[i] = 1;
		shr[i] = 1;
	}
	pid_t pid = fork();
	if (pid == 0) {
		int bad = 0;
		for (size_t i = 0; i < big; i += pg) {
			bad |= priv[i] != 1 || shr[i] != 1;
			priv[i] = 2;
			shr[i] = (char)(i / pg);
		}
		_exit(bad);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child saw wrong contents before writing");
	for (size_t i = 0; i < big; i += pg) {
		CHECK(priv[i] == 1, "child's store to MAP_PRIVATE memory seen by parent at %zu", i);
		CHECK(shr[i] == (char)(i / pg), "child's store to MAP_SHARED|MAP_ANONYMOUS lost at %zu",
		      i);
	}
	/* Both directions, concurrently: parent writes after fork, child sees. */
	volatile int *flag = (volatile int *)shr;
	*flag = 0;
	pid = fork();
	if (pid == 0) {
		while (*flag == 0)
			;
		_exit(shr[big - pg] == 'P' && priv[big - pg] == 1 ? 0 : 1);
	}
	priv[big - pg] = 'Q';
	shr[big - pg] = 'P';
	__sync_synchronize();
	*flag = 1;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "child saw parent's post-fork stores wrongly (shared must, private must not)");
	/* Three generations of COW. */
	priv[0] = 10;
	pid = fork();
	if (pid == 0) {
		priv[0] = 11;
		pid_t g = fork();
		if (g == 0) {
			int ok = priv[0] == 11;
			priv[0] = 12;
			_exit(ok ? 0 : 1);
		}
		waitpid(g, &st, 0);
		_exit(WIFEXITED(st) && WEXITSTATUS(st) == 0 && priv[0] == 11 ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0 && priv[0] == 10, "nested COW broken");
	/* MAP_FIXED_NOREPLACE over an existing mapping: EEXIST. */
	errno = 0;
	CHECK(mmap(priv, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) ==
			      MAP_FAILED &&
		      errno == EEXIST,
	      "MAP_FIXED_NOREPLACE over a mapping: errno %d, want EEXIST", errno);
	/* MAP_FIXED replaces: new zero page. */
	char *f = mmap(priv, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(f == priv && priv[0] == 0, "MAP_FIXED did not give fresh memory");
	/* A big sparse reservation (more than the guest's RAM) is fine. */
	char *huge = mmap(NULL, 8UL << 30, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1,
			  0);
	CHECK(huge != MAP_FAILED, "8 GiB PROT_NONE reservation: %s", strerror(errno));
	CHECK(mprotect(huge + (4UL << 30), pg, PROT_READ | PROT_WRITE) == 0, "mprotect in it");
	huge[(4UL << 30) + 5] = 1;
	munmap(huge, 8UL << 30);
	/* MAP_POPULATE pre-faults. */
	char *pop = mmap(NULL, 64 * pg, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	unsigned char vec[64];
	CHECK(mincore(pop, 64 * pg, vec) == 0, "mincore: %s", strerror(errno));
	int res = 0;
	for (int i = 0; i < 64; i++)
		res += vec[i] & 1;
	CHECK(res == 64, "MAP_POPULATE: %d of 64 pages resident", res);
	return 0;
}

static int chk_mprotect(void)
{
	char *m = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (int i = 0; i < 4; i++)
		memset(m + i * pg, 'a' + i, pg);
	CHECK(mprotect(m + pg, pg, PROT_NONE) == 0, "mprotect NONE");
	CHECK(faults(m + pg + 10, 0) && probe_sig == SIGSEGV, "PROT_NONE page readable");
	CHECK(!faults(m, 1) && !faults(m + 2 * pg, 1), "neighbours of a PROT_NONE page fault");
	CHECK(mprotect(m + pg, pg, PROT_READ) == 0, "mprotect READ");
	CHECK(!faults(m + pg + 10, 0) && m[pg + 10] == 'b', "content lost across PROT_NONE");
	CHECK(faults(m + pg + 10, 1), "PROT_READ page writable");
	CHECK(mprotect(m + pg, pg, PROT_READ | PROT_WRITE) == 0, "mprotect RW");
	CHECK(!faults(m + pg + 10, 1), "restored page not writable");
	m[pg + 10] = 'Z';
	CHECK(m[pg + 10] == 'Z' && m[pg + 11] == 'b', "content after restore");
	/* Many alternating protections (many VMAs / host mappings). */
	char *many = mmap(NULL, 512 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (int i = 0; i < 512; i++)
		many[i * pg] = (char)i;
	for (int i = 0; i < 512; i += 2)
		mprotect(many + i * pg, pg, PROT_READ);
	for (int i = 0; i < 512; i++) {
		CHECK(many[i * pg] == (char)i, "page %d content after mprotect", i);
		CHECK(faults(many + i * pg, 1) == (i % 2 == 0), "page %d: write %s", i,
		      i % 2 == 0 ? "allowed on a read-only page" : "faulted on a writable page");
	}
	/* Shared mapping: mprotect in the child does not affect the parent. */
	char *sh = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t pid = fork();
	if (pid == 0) {
		mprotect(sh, pg, PROT_READ);
		_exit(faults(sh, 1) ? 0 : 1);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child's read-only shared page was writable");
	CHECK(!faults(sh, 1), "child's mprotect affected the parent");
	/* Errors. */
	errno = 0;
	CHECK(mprotect(m + 1, pg, PROT_READ) == -1 && errno == EINVAL, "unaligned mprotect: errno %d",
	      errno);
	munmap(m + 3 * pg, pg);
	errno = 0;
	CHECK(mprotect(m + 2 * pg, 2 * pg, PROT_READ) == -1 && errno == ENOMEM,
	      "mprotect over an unmapped page: errno %d, want ENOMEM", errno);
	/* Write-only is readable on x86 (PROT_WRITE implies read). */
	char *wo = mmap(NULL, pg, PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	wo[0] = 5;
	CHECK(!faults(wo, 0) && wo[0] == 5, "PROT_WRITE-only page not readable");
	return 0;
}

static int chk_mremap(void)
{
	/* Grow in place when there is room. */
	char *m = mmap(NULL, 16 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(m + 4 * pg, 12 * pg);
	for (int i = 0; i < 4; i++)
		m[i * pg] = 'a' + i;
	char *g = mremap(m, 4 * pg, 12 * pg, 0);
	CHECK(g == m, "mremap in place returned %p (%s), want %p", g,
	      g == MAP_FAILED ? strerror(errno) : "", m);
	CHECK(g[3 * pg] == 'd' && g[11 * pg] == 0, "in-place grown content");
	g[11 * pg] = 'L';
	/* Blocked: no MAYMOVE gives ENOMEM; MAYMOVE moves. */
	char *blocker = mmap(g + 12 * pg, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
			     0);
	CHECK(blocker == g + 12 * pg, "blocker");
	errno = 0;
	CHECK(mremap(g, 12 * pg, 64 * pg, 0) == MAP_FAILED && errno == ENOMEM,
	      "blocked in-place grow: errno %d, want ENOMEM", errno);
	char *mv = mremap(g, 12 * pg, 64 * pg, MREMAP_MAYMOVE);
	CHECK(mv != MAP_FAILED && mv != g, "MREMAP_MAYMOVE: %p", mv);
	CHECK(mv[0] == 'a' && mv[3 * pg] == 'd' && mv[11 * pg] == 'L' && mv[63 * pg] == 0,
	      "moved content wrong");
	CHECK(faults(g, 0), "old address still mapped after a move");
	mv[63 * pg] = 'E';
	/* MREMAP_FIXED to a chosen place. */
	char *dst = mmap(NULL, 64 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *fx = mremap(mv, 64 * pg, 64 * pg, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
	CHECK(fx == dst && fx[63 * pg] == 'E' && fx[pg * 2] == 'c', "MREMAP_FIXED: %p", fx);
	/* Shrink: the tail is gone. */
	char *sh = mremap(fx, 64 * pg, 2 * pg, 0);
	CHECK(sh == fx && sh[pg] == 'b', "shrink");
	CHECK(faults(fx + 2 * pg, 0), "tail still mapped after shrink");
	/* A shared anonymous mapping moved by the child stays shared. */
	char *s = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t pid = fork();
	if (pid == 0) {
		char *n = mremap(s, 2 * pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
		n[pg] = 'S';
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	CHECK(s[pg] == 'S', "store through a child's moved shared mapping lost");
	/* A file mapping grows over a larger file. */
	char path[64];
	int fd = make_file(".", "abi-mremap", 8, path, sizeof path);
	char *f = mmap(NULL, 2 * pg, PROT_READ, MAP_SHARED, fd, 0);
	char *f2 = mremap(f, 2 * pg, 8 * pg, MREMAP_MAYMOVE);
	CHECK(f2 != MAP_FAILED && f2[7 * pg] == 'H' && f2[pg] == 'B', "file mapping remap");
	unlink(path);
	return 0;
}

static int chk_madvise(void)
{
	char *a = mmap(NULL, 8 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(a, 'x', 8 * pg);
	CHECK(madvise(a + 2 * pg, 4 * pg, MADV_DONTNEED) == 0, "MADV_DONTNEED: %s", strerror(errno));
	for (int i = 0; i < 8; i++) {
		char want = (i >= 2 && i < 6) ? 0 : 'x';
		CHECK(a[i * pg] == want && a[i * pg + pg - 1] == want,
		      "page %d after MADV_DONTNEED: %d, want %d", i, a[i * pg], want);
	}
	/* The zeroed pages are usable again. */
	a[3 * pg] = 'n';
	CHECK(a[3 * pg] == 'n', "store after DONTNEED");
	/* Private file mapping: DONTNEED drops our copy, the file shows again. */
	char path[64];
	int fd = make_file(".", "abi-madv", 2, path, sizeof path);
	char *f = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	f[0] = 'm';
	madvise(f, 2 * pg, MADV_DONTNEED);
	CHECK(f[0] == 'A', "private file page after DONTNEED: '%c', want the file's 'A'", f[0]);
	/* Shared anonymous: DONTNEED keeps the content. */
	char *s = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	s[9] = 's';
	madvise(s, pg, MADV_DONTNEED);
	CHECK(s[9] == 's', "shared anonymous page lost its content on DONTNEED");
	/* A child's DONTNEED of COW pages does not touch the parent. */
	pid_t pid = fork();
	if (pid == 0) {
		madvise(a, 8 * pg, MADV_DONTNEED);
		_exit(a[0] == 0 ? 0 : 1);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0 && a[0] == 'x',
	      "DONTNEED in the child: child status 0x%x, parent byte %d", st, a[0]);
	/* MADV_FREE: accepted; content is either kept or zero, and a store
	 * afterwards sticks. */
	CHECK(madvise(a, 8 * pg, MADV_FREE) == 0, "MADV_FREE: %s", strerror(errno));
	CHECK(a[7 * pg] == 'x' || a[7 * pg] == 0, "MADV_FREE page holds %d", a[7 * pg]);
	a[7 * pg] = 'k';
	CHECK(a[7 * pg] == 'k', "store after MADV_FREE");
	/* Other advice. */
	CHECK(madvise(a, 8 * pg, MADV_SEQUENTIAL) == 0 && madvise(a, 8 * pg, MADV_RANDOM) == 0 &&
		      madvise(a, 8 * pg, MADV_NORMAL) == 0,
	      "SEQUENTIAL/RANDOM/NORMAL: %s", strerror(errno));
	/* WILLNEED on anonymous memory: 0 with swap support; a kernel built
	 * without CONFIG_SWAP (no /proc/swaps) says EBADF. */
	errno = 0;
	int r = madvise(a, 8 * pg, MADV_WILLNEED), e = errno;
	if (access("/proc/swaps", F_OK) == 0)
		CHECK(r == 0, "MADV_WILLNEED on anonymous memory: %s", strerror(e));
	else
		CHECK(r == -1 && e == EBADF, "MADV_WILLNEED without swap: %d errno %d", r, e);
	CHECK(madvise(f, 2 * pg, MADV_WILLNEED) == 0, "MADV_WILLNEED on a file: %s",
	      strerror(errno));
	errno = 0;
	CHECK(madvise(a, 8 * pg, 12345) == -1 && errno == EINVAL, "bogus advice: errno %d", errno);
	/* MADV_DONTFORK: the child does not have it. */
	char *df = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	madvise(df, pg, MADV_DONTFORK);
	pid = fork();
	if (pid == 0)
		_exit(faults(df, 0) ? 0 : 1);
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "MADV_DONTFORK region present in the child");
	unlink(path);
	return 0;
}

/* The number after "KEY:" in a /proc file of "Key: N kB" lines, or -1. */
static long proc_kb(const char *file, const char *key)
{
	FILE *f = fopen(file, "r");
	char line[256];
	long v = -1;
	size_t kl = strlen(key);
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, key, kl) == 0 && line[kl] == ':')
			v = atol(line + kl + 1);
	if (f)
		fclose(f);
	return v;
}

static long status_kb(const char *key)
{
	return proc_kb("/proc/self/status", key);
}

static int chk_mlock(void)
{
	char *m = mmap(NULL, 64 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long before = status_kb("VmLck");
	CHECK(before >= 0, "no VmLck in /proc/self/status");
	CHECK(mlock(m, 64 * pg) == 0, "mlock: %s", strerror(errno));
	long after = status_kb("VmLck");
	CHECK(after - before == 64 * pg / 1024, "VmLck grew by %ld kB, want %ld", after - before,
	      64 * pg / 1024);
	unsigned char vec[64];
	mincore(m, 64 * pg, vec);
	for (int i = 0; i < 64; i++)
		CHECK(vec[i] & 1, "locked page %d not resident", i);
	CHECK(m[10 * pg] == 0, "locked memory not zero");
	CHECK(munlock(m, 64 * pg) == 0, "munlock");
	CHECK(status_kb("VmLck") == before, "VmLck after munlock %ld", status_kb("VmLck"));
	CHECK(mlockall(MCL_CURRENT) == 0, "mlockall: %s", strerror(errno));
	CHECK(status_kb("VmLck") > 64 * pg / 1024, "mlockall: VmLck %ld kB", status_kb("VmLck"));
	CHECK(munlockall() == 0, "munlockall");
	/* mlock2(MLOCK_ONFAULT) */
	CHECK(syscall(SYS_mlock2, m, 64 * pg, 1 /* MLOCK_ONFAULT */) == 0, "mlock2: %s",
	      strerror(errno));
	munlock(m, 64 * pg);
	/* Unprivileged with RLIMIT_MEMLOCK 0: EPERM/ENOMEM. */
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit rl = { 0, 0 };
		setrlimit(RLIMIT_MEMLOCK, &rl);
		if (setuid(1000) != 0 && getuid() == 0)
			_exit(3);
		errno = 0;
		int r = mlock(m, pg);
		_exit(r == -1 && (errno == EPERM || errno == ENOMEM) ? 0 : 1);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "mlock beyond RLIMIT_MEMLOCK 0 unprivileged: 0x%x",
	      st);
	return 0;
}

static int chk_sysv_ipc(void)
{
	int id = shmget(IPC_PRIVATE, 64 * pg, IPC_CREAT | 0600);
	CHECK(id >= 0, "shmget: %s", strerror(errno));
	char *p = shmat(id, NULL, 0);
	CHECK(p != (void *)-1, "shmat: %s", strerror(errno));
	CHECK(p[0] == 0 && p[64 * pg - 1] == 0, "fresh shm not zero");
	struct shmid_ds ds;
	shmctl(id, IPC_STAT, &ds);
	CHECK(ds.shm_nattch == 1 && ds.shm_segsz == (size_t)(64 * pg),
	      "IPC_STAT: nattch %lu size %zu", (unsigned long)ds.shm_nattch, ds.shm_segsz);
	pid_t pid = fork();
	if (pid == 0) {
		/* Inherited attachment, and a second one at another address. */
		char *q = shmat(id, NULL, 0);
		if (q == (void *)-1)
			_exit(2);
		strcpy(p + 100, "child-wrote");
		q[63 * pg] = 'T';
		_exit(p[63 * pg] == 'T' ? 0 : 1);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child: 0x%x (two attachments disagree?)", st);
	CHECK(strcmp(p + 100, "child-wrote") == 0 && p[63 * pg] == 'T', "parent does not see child's "
	      "shm stores");
	shmctl(id, IPC_STAT, &ds);
	CHECK(ds.shm_nattch == 1 && ds.shm_cpid == getpid() && ds.shm_lpid == pid,
	      "after the child: nattch %lu cpid %d lpid %d", (unsigned long)ds.shm_nattch,
	      ds.shm_cpid, ds.shm_lpid);
	/* SHM_RDONLY. */
	char *ro = shmat(id, NULL, SHM_RDONLY);
	CHECK(ro != (void *)-1 && ro[100] == 'c', "SHM_RDONLY attach");
	CHECK(faults(ro + 5, 1), "SHM_RDONLY attachment writable");
	shmdt(ro);
	/* IPC_RMID: stays attached until the last detach. */
	CHECK(shmctl(id, IPC_RMID, NULL) == 0, "IPC_RMID");
	p[1] = 'r';
	CHECK(p[1] == 'r', "removed segment unusable while attached");
	CHECK(shmdt(p) == 0, "shmdt");
	CHECK(faults(p, 0), "detached segment still mapped");
	errno = 0;
	CHECK(shmat(id, NULL, 0) == (void *)-1 && (errno == EINVAL || errno == EIDRM),
	      "attach of a removed segment: errno %d", errno);

	/* Message queue. */
	int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	CHECK(q >= 0, "msgget: %s", strerror(errno));
	struct {
		long type;
		char text[32];
	} msg = { 2, "second" }, in;
	msgsnd(q, &msg, 7, 0);
	msg.type = 1;
	strcpy(msg.text, "first");
	msgsnd(q, &msg, 6, 0);
	CHECK(msgrcv(q, &in, sizeof in.text, 1, 0) == 6 && strcmp(in.text, "first") == 0,
	      "msgrcv type 1");
	CHECK(msgrcv(q, &in, sizeof in.text, 0, 0) == 7 && strcmp(in.text, "second") == 0,
	      "msgrcv any");
	errno = 0;
	CHECK(msgrcv(q, &in, sizeof in.text, 0, IPC_NOWAIT) == -1 && errno == ENOMSG,
	      "empty queue: errno %d", errno);
	msgctl(q, IPC_RMID, NULL);

	/* Semaphore: a child blocks in semop until the parent posts. */
	int sem = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	CHECK(sem >= 0, "semget: %s", strerror(errno));
	pid = fork();
	if (pid == 0) {
		struct sembuf down = { 0, -1, 0 };
		_exit(semop(sem, &down, 1) == 0 ? 0 : 1);
	}
	usleep(100000);
	CHECK(waitpid(pid, &st, WNOHANG) == 0, "semop did not block");
	struct sembuf up = { 0, 1, 0 };
	semop(sem, &up, 1);
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "semop child 0x%x", st);
	semctl(sem, 0, IPC_RMID);
	return 0;
}

static int chk_memfd(void)
{
	int fd = memfd_create("abi-memfd", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	CHECK(fd >= 0, "memfd_create: %s", strerror(errno));
	char link[128] = "", p[64];
	snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
	readlink(p, link, sizeof link - 1);
	CHECK(strncmp(link, "/memfd:abi-memfd", 16) == 0, "memfd link '%s'", link);
	CHECK(ftruncate(fd, 4 * pg) == 0, "ftruncate");
	char *m = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK(m[3 * pg] == 0, "memfd not zero");
	strcpy(m + pg, "mapped");
	char buf[16] = "";
	pread(fd, buf, 6, pg);
	CHECK(strcmp(buf, "mapped") == 0, "pread of a mapped store: '%s'", buf);
	pwrite(fd, "written", 7, 2 * pg);
	CHECK(memcmp(m + 2 * pg, "written", 7) == 0, "mapping misses pwrite");
	/* A second mapping (as another process would have after fd passing). */
	pid_t pid = fork();
	if (pid == 0) {
		char *c = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		strcpy(c + 3 * pg, "child");
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	CHECK(strcmp(m + 3 * pg, "child") == 0, "child's memfd store not seen");
	/* Seals. */
	munmap(m, 4 * pg);
	CHECK(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE) == 0,
	      "F_ADD_SEALS: %s", strerror(errno));
	CHECK(fcntl(fd, F_GET_SEALS) == (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE), "F_GET_SEALS");
	errno = 0;
	CHECK(write(fd, "x", 1) == -1 && errno == EPERM, "write to a sealed memfd: errno %d", errno);
	errno = 0;
	CHECK(ftruncate(fd, pg) == -1 && errno == EPERM, "shrink sealed: errno %d", errno);
	errno = 0;
	CHECK(mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED &&
		      errno == EPERM,
	      "writable map of a write-sealed memfd: errno %d", errno);
	char *ro = mmap(NULL, 4 * pg, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(ro != MAP_FAILED && strcmp(ro + 3 * pg, "child") == 0, "read-only map of sealed memfd");
	/* Closing the fd keeps the memory alive while mapped. */
	close(fd);
	CHECK(strcmp(ro + pg, "mapped") == 0, "memfd content gone after close");
	return 0;
}

/* Whether a line of /proc/self/maps contains needle. */
static int maps_has(const char *needle)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[256];
	int found = 0;
	while (f && fgets(line, sizeof line, f))
		if (strstr(line, needle))
			found = 1;
	if (f)
		fclose(f);
	return found;
}

static int chk_brk(void)
{
	char *b0 = (char *)syscall(SYS_brk, 0);
	CHECK(b0 && b0 != (char *)-1, "brk(0)");
	char *want = b0 + 3 * 1024 * 1024;
	CHECK((char *)syscall(SYS_brk, want) == want, "brk grow 3 MiB");
	for (char *p = b0; p < want; p += pg)
		CHECK(*p == 0, "new break memory not zero at +%ld", (long)(p - b0));
	memset(b0, 'b', want - b0);
	/* Shrink: the top faults; grow back: zero. */
	CHECK((char *)syscall(SYS_brk, b0 + pg) == b0 + pg, "brk shrink");
	CHECK(faults(b0 + 2 * pg, 0), "memory above the shrunk break still there");
	CHECK(b0[pg - 1] == 'b', "memory below the break lost");
	CHECK((char *)syscall(SYS_brk, want) == want, "brk regrow");
	CHECK(b0[2 * pg] == 0, "re-grown break memory not zero");
	/* Below the start: refused (returns the current break). */
	char *cur = (char *)syscall(SYS_brk, (char *)4096);
	CHECK(cur == want, "brk(4096) returned %p, want the unchanged break %p", cur, want);
	/* The break survives fork with its content. */
	b0[5] = 'f';
	pid_t pid = fork();
	if (pid == 0)
		_exit((char *)syscall(SYS_brk, 0) == want && b0[5] == 'f' ? 0 : 1);
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child's break differs");
	/* Cannot grow into an existing mapping. */
	char *blk = mmap(want + 16 * pg, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			 -1, 0);
	if (blk != MAP_FAILED) {
		cur = (char *)syscall(SYS_brk, want + 32 * pg);
		CHECK(cur == want, "brk grew over a mapping (%p)", cur);
	}
	/* [heap] in maps. */
	CHECK(maps_has("[heap]"), "no [heap] line in /proc/self/maps");
	return 0;
}

static volatile long rec_depth;
static long recurse(long n, long stop)
{
	volatile char buf[4096];
	buf[0] = (char)n;
	rec_depth = n;
	if (n >= stop)
		return n;
	return recurse(n + 1, stop) + buf[0];
}

static int chk_stack_guard(void)
{
	/* The stack grows on demand: 6 MiB of recursion with an 8 MiB limit. */
	struct rlimit rl = { 8 << 20, 8 << 20 };
	setrlimit(RLIMIT_STACK, &rl);
	pid_t pid = fork();
	if (pid == 0) {
		recurse(0, 1500);
		/* A far access below the stack pointer (x86 Linux allows it). */
		volatile char *big = alloca(5 << 20);
		big[0] = 1;
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "6 MiB stack use: status 0x%x", st);
	/* Beyond RLIMIT_STACK: SIGSEGV. */
	pid = fork();
	if (pid == 0) {
		struct rlimit r2 = { 1 << 20, 1 << 20 };
		setrlimit(RLIMIT_STACK, &r2);
		recurse(0, 100000);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "stack beyond RLIMIT_STACK: status 0x%x",
	      st);
	/* A mapping placed just below the stack stops growth before it (the
	 * guard gap), without overwriting it. */
	pid = fork();
	if (pid == 0) {
		char here;
		uintptr_t sp = ((uintptr_t)&here) & ~(uintptr_t)(pg - 1);
		char *below = (char *)(sp - (2 << 20));
		char *m = mmap(below, pg, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
		if (m != below)
			_exit(3);
		memset(m, 'G', pg);
		pid_t c = fork();
		if (c == 0) {
			recurse(0, 4000); /* 16 MiB: must hit the gap, not m */
			_exit(4);
		}
		int s2;
		waitpid(c, &s2, 0);
		_exit(WIFSIGNALED(s2) && WTERMSIG(s2) == SIGSEGV ? 0 : 5);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "stack growth into a mapping 2 MiB below: status 0x%x (3: no map, 4: grew into it, 5: "
	      "not SIGSEGV)",
	      st);
	/* [stack] in maps. */
	CHECK(maps_has("[stack]"), "no [stack] line in /proc/self/maps");
	return 0;
}

/* Find the maps line for addr; fills perms/offset/path. */
static int maps_line(void *addr, unsigned long *start, unsigned long *end, char *perms,
		     unsigned long *off, unsigned long *ino, char *path)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int found = 0;
	while (f && fgets(line, sizeof line, f)) {
		unsigned long s, e, o, i;
		char pr[8], dev[16], pa[256] = "";
		int n = sscanf(line, "%lx-%lx %4s %lx %15s %lu %255s", &s, &e, pr, &o, dev, &i, pa);
		if (n >= 6 && (unsigned long)addr >= s && (unsigned long)addr < e) {
			*start = s;
			*end = e;
			strcpy(perms, pr);
			*off = o;
			*ino = i;
			strcpy(path, pa);
			found = 1;
			break;
		}
	}
	if (f)
		fclose(f);
	return found;
}

static long smaps_field(void *addr, const char *key)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512];
	int in = 0;
	long v = -1;
	size_t kl = strlen(key);
	while (f && fgets(line, sizeof line, f)) {
		unsigned long s, e;
		if (sscanf(line, "%lx-%lx ", &s, &e) == 2 && strchr(line, '-') < strchr(line, ' ')) {
			in = (unsigned long)addr >= s && (unsigned long)addr < e;
			continue;
		}
		if (in && strncmp(line, key, kl) == 0 && line[kl] == ':') {
			v = atol(line + kl + 1);
			break;
		}
	}
	if (f)
		fclose(f);
	return v;
}

static int chk_proc_maps(void)
{
	unsigned long s, e, off, ino;
	char perms[8], path[256];
	/* Anonymous regions with each protection. */
	struct {
		int prot, flags;
		const char *want;
	} cases[] = {
		{ PROT_READ, MAP_PRIVATE, "r--p" },
		{ PROT_READ | PROT_WRITE, MAP_PRIVATE, "rw-p" },
		{ PROT_READ | PROT_EXEC, MAP_PRIVATE, "r-xp" },
		{ PROT_NONE, MAP_PRIVATE, "---p" },
		{ PROT_READ | PROT_WRITE, MAP_SHARED, "rw-s" },
	};
	for (unsigned i = 0; i < 5; i++) {
		char *m = mmap(NULL, 3 * pg, cases[i].prot, cases[i].flags | MAP_ANONYMOUS, -1, 0);
		CHECK(m != MAP_FAILED, "mmap");
		CHECK(maps_line(m + pg, &s, &e, perms, &off, &ino, path), "region %p not in maps",
		      (void *)m);
		CHECK(s <= (unsigned long)m && e >= (unsigned long)m + 3 * pg && strcmp(perms,
											cases[i].want) == 0,
		      "maps for %s: %lx-%lx %s (mapped %p-%p)", cases[i].want, s, e, perms, (void *)m,
		      (void *)(m + 3 * pg));
	}
	/* A split by mprotect shows as three lines with exact bounds. */
	char *m = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(m + pg, pg, PROT_READ);
	CHECK(maps_line(m + pg, &s, &e, perms, &off, &ino, path) && s == (unsigned long)m + pg &&
		      e == (unsigned long)m + 2 * pg && strcmp(perms, "r--p") == 0,
	      "middle of a split region: %lx-%lx %s, want %p-%p r--p", s, e, perms,
	      (void *)(m + pg), (void *)(m + 2 * pg));
	/* A file mapping at an offset: path, offset and inode. */
	char fpath[64];
	int fd = make_file(".", "abi-maps", 4, fpath, sizeof fpath);
	struct stat st;
	fstat(fd, &st);
	char *f = mmap(NULL, 2 * pg, PROT_READ, MAP_SHARED, fd, 2 * pg);
	char real[256];
	realpath(fpath, real);
	CHECK(maps_line(f, &s, &e, perms, &off, &ino, path), "file mapping not in maps");
	CHECK(s == (unsigned long)f && e == (unsigned long)f + 2 * pg && strcmp(perms, "r--s") == 0 &&
		      off == (unsigned long)(2 * pg) && ino == st.st_ino && strcmp(path, real) == 0,
	      "file mapping line: %lx-%lx %s off %lx ino %lu '%s', want %p %s off %lx ino %lu '%s'", s,
	      e, perms, off, ino, path, (void *)f, "r--s", 2 * pg, (unsigned long)st.st_ino, real);
	/* The executable itself. */
	char exe[256] = "";
	readlink("/proc/self/exe", exe, sizeof exe - 1);
	CHECK(maps_line((void *)chk_proc_maps, &s, &e, perms, &off, &ino, path) &&
		      strcmp(path, exe) == 0 && perms[2] == 'x',
	      "code of this program: perms %s path '%s', want x and '%s'", perms, path, exe);
	/* smaps: Rss counts touched pages only. */
	char *r = mmap(NULL, 32 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (int i = 0; i < 10; i++)
		r[i * 3 * pg] = 1;
	long rss = smaps_field(r, "Rss"), anon = smaps_field(r, "Anonymous");
	long size = smaps_field(r, "Size");
	CHECK(size >= 32 * pg / 1024, "smaps Size %ld kB, want >= %ld", size, 32 * pg / 1024);
	CHECK(rss == 10 * pg / 1024 && anon == 10 * pg / 1024, "smaps Rss %ld Anonymous %ld kB, want "
	      "%ld (10 touched pages)", rss, anon, 10 * pg / 1024);
	/* A removed mapping disappears. */
	munmap(r, 32 * pg);
	CHECK(!maps_line(r + pg, &s, &e, perms, &off, &ino, path) || s > (unsigned long)r + pg,
	      "unmapped region still listed");
	/* /proc/PID/maps of a child equals its own /proc/self/maps view. */
	unlink(fpath);
	return 0;
}

static long meminfo_kb(const char *key)
{
	return proc_kb("/proc/meminfo", key);
}

/* A child that allocates and touches more memory than the guest has is
 * killed by the OOM killer; we survive and the kernel stays up. */
static int chk_oom(void)
{
	long total = meminfo_kb("MemTotal");
	CHECK(total > 0, "no MemTotal");
	printf("# MemTotal %ld kB\n", total);
	/* Make ourselves unattractive, the child attractive. */
	FILE *f = fopen("/proc/self/oom_score_adj", "w");
	if (f) {
		fprintf(f, "-1000\n");
		fclose(f);
	}
	pid_t pid = fork();
	if (pid == 0) {
		f = fopen("/proc/self/oom_score_adj", "w");
		if (f) {
			fprintf(f, "1000\n");
			fclose(f);
		}
		size_t chunk = 4 << 20, want = (size_t)total * 1024 * 2;
		for (size_t got = 0; got < want; got += chunk) {
			char *p = mmap(NULL, chunk, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (p == MAP_FAILED)
				_exit(2); /* overcommit refused it: not what we test */
			for (size_t i = 0; i < chunk; i += 4096)
				p[i] = 1;
		}
		_exit(3);
	}
	double t0 = 0;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	t0 = ts.tv_sec;
	int st;
	CHECK(waitpid(pid, &st, 0) == pid, "waitpid: %s", strerror(errno));
	clock_gettime(CLOCK_MONOTONIC, &ts);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "memory hog: status 0x%x, want killed by SIGKILL (2: mmap failed, 3: got 2x RAM)", st);
	printf("# hog killed after %ld s\n", (long)(ts.tv_sec - t0));
	/* We still work, and can use memory again. */
	char *p = malloc(8 << 20);
	CHECK(p, "malloc after OOM");
	memset(p, 1, 8 << 20);
	free(p);
	/* The kernel said so. */
	int k = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	int said = 0;
	if (k >= 0) {
		char rec[2048];
		ssize_t n;
		while ((n = read(k, rec, sizeof rec - 1)) > 0 || (n < 0 && errno == EPIPE)) {
			if (n <= 0)
				continue;
			rec[n] = 0;
			if (strstr(rec, "Out of memory") || strstr(rec, "oom-kill"))
				said = 1;
		}
		close(k);
	}
	CHECK(said, "no OOM killer message in the kernel log");
	return 0;
}

/* Swap on a block device (ABI_SWAP_DEV, default /dev/ubdb): a child uses
 * twice the guest's memory, and gets all of it back intact. */
static int chk_swap(void)
{
	const char *dev = getenv("ABI_SWAP_DEV") ? getenv("ABI_SWAP_DEV") : "/dev/ubdb";
	int fd = open(dev, O_RDWR);
	CHECK(fd >= 0, "%s: %s", dev, strerror(errno));
	off_t size = lseek(fd, 0, SEEK_END);
	CHECK(size >= 64 << 20, "%s is only %ld bytes", dev, (long)size);
	/* A version-1 swap header in the first page (what mkswap writes). */
	static union {
		char page[4096];
		struct {
			char bootbits[1024];
			uint32_t version, last_page, nr_badpages;
			unsigned char uuid[16];
			char label[16];
		} h;
	} hdr;
	memset(&hdr, 0, sizeof hdr);
	hdr.h.version = 1;
	hdr.h.last_page = (uint32_t)(size / 4096 - 1);
	memcpy(hdr.page + 4096 - 10, "SWAPSPACE2", 10);
	CHECK(pwrite(fd, &hdr, sizeof hdr, 0) == sizeof hdr && fsync(fd) == 0, "swap header");
	close(fd);
	CHECK(syscall(SYS_swapon, dev, 0) == 0, "swapon %s: %s", dev, strerror(errno));
	FILE *f = fopen("/proc/swaps", "r");
	char line[256];
	int listed = 0;
	while (f && fgets(line, sizeof line, f))
		listed |= strncmp(line, dev, strlen(dev)) == 0;
	if (f)
		fclose(f);
	CHECK(listed, "%s not in /proc/swaps", dev);
	long total = meminfo_kb("MemTotal"), swap = meminfo_kb("SwapTotal");
	CHECK(swap >= size / 1024 - 8, "SwapTotal %ld kB for a %ld kB device", swap,
	      (long)size / 1024);
	size_t want = (size_t)total * 1024 * 3 / 2;
	CHECK(want < (size_t)swap * 1024, "device too small for the check");
	pid_t pid = fork();
	if (pid == 0) {
		char *p = mmap(NULL, want, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
			       0);
		if (p == MAP_FAILED)
			_exit(2);
		for (size_t i = 0; i < want; i += 4096)
			*(size_t *)(p + i) = i * 2654435761u;
		for (size_t i = 0; i < want; i += 4096)
			if (*(size_t *)(p + i) != i * 2654435761u)
				_exit(3);
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	long used_peak = swap - meminfo_kb("SwapFree");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "1.5x MemTotal with swap: status 0x%x (2 mmap, 3 data corrupted, SIGKILL: OOM)", st);
	printf("# swap: %ld kB still in use after the child exited\n", used_peak);
	CHECK(syscall(SYS_swapoff, dev) == 0, "swapoff: %s", strerror(errno));
	return 0;
}

/* userfaultfd: a first touch that reads is reported as a read. */
static volatile char *uffd_area;

static void *uffd_reader(void *arg)
{
	return (void *)(long)uffd_area[100];
}

static int chk_uffd_read_fault(void)
{
	static char page[65536] __attribute__((aligned(65536)));
	struct uffdio_api api = { .api = UFFD_API };
	struct uffd_msg msg;
	void *got;
	pthread_t t;
	int uffd = syscall(SYS_userfaultfd, O_CLOEXEC);

	CHECK_SYS(uffd);
	CHECK_SYS(ioctl(uffd, UFFDIO_API, &api));
	char *area = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(area != MAP_FAILED, "mmap: %s", strerror(errno));
	struct uffdio_register reg = {
		.range = { (unsigned long)area, pg },
		.mode = UFFDIO_REGISTER_MODE_MISSING,
	};
	CHECK_SYS(ioctl(uffd, UFFDIO_REGISTER, &reg));
	uffd_area = area;
	CHECK(pthread_create(&t, NULL, uffd_reader, NULL) == 0, "pthread_create");
	struct pollfd p = { .fd = uffd, .events = POLLIN };
	CHECK(poll(&p, 1, 5000) == 1, "no userfaultfd event within 5 s");
	CHECK(read(uffd, &msg, sizeof(msg)) == sizeof(msg), "read: %s", strerror(errno));
	CHECK(msg.event == UFFD_EVENT_PAGEFAULT, "event %d, not a page fault", msg.event);
	unsigned long long flags = msg.arg.pagefault.flags;
	memset(page, 7, pg);
	struct uffdio_copy copy = {
		.dst = (unsigned long)area, .src = (unsigned long)page, .len = pg,
	};
	CHECK_SYS(ioctl(uffd, UFFDIO_COPY, &copy));
	pthread_join(t, &got);
	CHECK(!(flags & UFFD_PAGEFAULT_FLAG_WRITE), "a read of a missing page was reported as a write");
	CHECK((long)got == 7, "the reader got %ld, not the page copied in", (long)got);
	return 0;
}

/*
 * mseal() (issue 14, item 5): the errors of 6.12's mm/mseal.c as x86_64
 * gives them: EINVAL for bad flags, an unaligned start and a range that
 * wraps; ENOMEM for a range with unmapped pages, also one that runs past
 * the end of the address space; a sealed range refuses mprotect/munmap.
 */
#ifndef SYS_mseal
#define SYS_mseal 462
#endif
static int chk_mseal(void)
{
	const unsigned long pg = (unsigned long)sysconf(_SC_PAGESIZE);
	const unsigned long top = 1UL << 47;	/* x86_64's user address space */
	static const struct {
		int off;		/* pages from the mapping's start */
		unsigned long len;	/* 0: computed below */
		int which;
		unsigned long flags;
		int err;
	} c[] = {
		{ 0, 1, 0, 1, EINVAL },		/* bad flags */
		{ 0, 1, 0, ~0UL, EINVAL },
		{ 0, 1, 1, 0, EINVAL },		/* start not page aligned */
		{ 0, 0, 2, 0, EINVAL },		/* length rounds up to 0 */
		{ 0, 0, 3, 0, EINVAL },		/* start + length wraps */
		{ 2, 2, 0, 0, ENOMEM },		/* start unmapped */
		{ 1, 2, 0, 0, ENOMEM },		/* end unmapped */
		{ 0, 4, 0, 0, ENOMEM },		/* a hole inside */
		{ 0, 0, 4, 0, ENOMEM },		/* past the end of user space */
		{ 0, 0, 5, 0, ENOMEM },		/* huge, but no wrap */
		{ 0, 0, 6, 0, ENOMEM },		/* starts above user space */
		{ 0, 0, 7, 0, ENOMEM },		/* straddles its end */
	};
	char *p = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK_SYS(munmap(p + 2 * pg, pg));
	for (unsigned i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		unsigned long a = (unsigned long)p + c[i].off * pg, len = c[i].len * pg;
		long r;

		switch (c[i].which) {
		case 1: a += 1; break;
		case 2: len = ~0UL - pg + 2; break;
		case 3: len = ~0UL - a - pg + 2; break;
		case 4: len = top - a + pg; break;
		case 5: len = ~0UL / pg; break;
		case 6: a = top; len = pg; break;
		case 7: a = top - pg; len = 2 * pg; break;
		}
		errno = 0;
		r = syscall(SYS_mseal, a, len, c[i].flags);
		if (r == -1 && errno == ENOSYS)
			return fail("mseal: ENOSYS");
		CHECK(r == -1 && errno == c[i].err, "case %u: mseal(%#lx, %#lx, %#lx) = %ld (%s), want %s",
		      i, a, len, c[i].flags, r, strerror(errno), strerror(c[i].err));
	}
	CHECK(syscall(SYS_mseal, p, 2 * pg, 0) == 0, "mseal: %s", strerror(errno));
	CHECK(syscall(SYS_mseal, p, 0, 0) == 0, "mseal of 0 bytes: %s", strerror(errno));
	CHECK(mprotect(p, pg, PROT_READ) == -1 && errno == EPERM, "mprotect of a sealed page: %s",
	      strerror(errno));
	CHECK(munmap(p, pg) == -1 && errno == EPERM, "munmap of a sealed page: %s", strerror(errno));
	p[0] = 1;
	return 0;
}

static const struct check checks[] = {
	{ "file_shared", chk_file_shared, 0 },
	{ "file_private", chk_file_private, 0 },
	{ "anon_fork", chk_anon_fork, 0 },
	{ "mprotect", chk_mprotect, 0 },
	{ "mremap", chk_mremap, 0 },
	{ "madvise", chk_madvise, 0 },
	{ "mlock", chk_mlock, 0 },
	{ "mseal", chk_mseal, 0 },
	{ "sysv_ipc", chk_sysv_ipc, 0 },
	{ "memfd", chk_memfd, 0 },
	{ "brk", chk_brk, 0 },
	{ "stack_guard", chk_stack_guard, 0 },
	{ "proc_maps", chk_proc_maps, 0 },
	{ "uffd_read_fault", chk_uffd_read_fault, 0 },
	{ "oom", chk_oom, 0 },
	{ "swap", chk_swap, EXPLICIT },
};

int main(int argc, char **argv)
{
	pg = sysconf(_SC_PAGESIZE);
	return harness_main("abi-mem", checks, sizeof checks / sizeof checks[0], argc, argv);
}
