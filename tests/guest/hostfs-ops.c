// SPDX-License-Identifier: GPL-2.0
/*
 * hostfs-ops DIR: file system calls a shell cannot make, run by the
 * hostfs tests in the guest on a hostfs folder DIR.  One line per check:
 * "HOSTFS-OK name" or "HOSTFS-FAIL name: reason"; the host then looks at
 * what they left in its folder.
 *
 * hostfs-ops --rename FROM TO: one rename(2), prints "RENAME-OK" or
 * "RENAME-ERR <errno name>" (busybox mv copies when rename fails).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/types.h>

#define BIG_OFF (5LL * 1024 * 1024 * 1024 + 10)	/* past 4 GiB */
#define NFILES 2000

static int failed;

static void fail(const char *name, const char *fmt, const char *what)
{
	printf("HOSTFS-FAIL %s: ", name);
	printf(fmt, what);
	printf(" (%s)\n", strerror(errno));
	failed = 1;
}

#define CHECK(name, cond, what) \
	do { if (!(cond)) { fail(name, "%s", what); return; } } while (0)

static int put(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, s, strlen(s)) == (ssize_t)strlen(s);
	return close(fd) == 0 && ok ? 0 : -1;
}

static int get(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

static void mmap_shared(void)
{
	const char *n = "mmap_shared";
	char buf[32];
	char *p;
	int fd;

	fd = open("mm_shared", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(n, fd >= 0, "open");
	CHECK(n, ftruncate(fd, 8192) == 0, "ftruncate");
	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(n, p != MAP_FAILED, "mmap");
	memcpy(p, "shared-page-0", 13);
	memcpy(p + 4096, "shared-page-1", 13);
	CHECK(n, msync(p, 8192, MS_SYNC) == 0, "msync");
	CHECK(n, pread(fd, buf, 13, 4096) == 13 && !memcmp(buf, "shared-page-1", 13),
	      "read back through read()");
	munmap(p, 8192);
	close(fd);
	printf("HOSTFS-OK %s\n", n);
}

static void mmap_private(void)
{
	const char *n = "mmap_private";
	char buf[32];
	char *p;
	int fd;

	CHECK(n, put("mm_private", "original\n") == 0, "create");
	fd = open("mm_private", O_RDWR);
	CHECK(n, fd >= 0, "open");
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(n, p != MAP_FAILED, "mmap");
	CHECK(n, !memcmp(p, "original\n", 9), "mapping has the file's data");
	memcpy(p, "CHANGED!", 8);
	CHECK(n, pread(fd, buf, 9, 0) == 9 && !memcmp(buf, "original\n", 9),
	      "private write reached the file");
	munmap(p, 8192);
	close(fd);
	printf("HOSTFS-OK %s\n", n);
}

static void append(void)
{
	const char *n = "append";
	char buf[64];
	int fd, i;

	CHECK(n, put("appended", "start\n") == 0, "create");
	for (i = 0; i < 2; i++) {
		fd = open("appended", O_WRONLY | O_APPEND);
		CHECK(n, fd >= 0, "open O_APPEND");
		lseek(fd, 0, SEEK_SET);	/* O_APPEND writes at the end anyway */
		CHECK(n, write(fd, i ? "two\n" : "one\n", 4) == 4, "write");
		close(fd);
	}
	CHECK(n, get("appended", buf, sizeof(buf)) > 0 &&
	      !strcmp(buf, "start\none\ntwo\n"), "content after appends");
	printf("HOSTFS-OK %s\n", n);
}

static void rename_flags(void)
{
	const char *n = "rename_flags";
	char buf[16];

	CHECK(n, put("x1", "one") == 0 && put("x2", "two") == 0, "create");
	errno = 0;
	CHECK(n, syscall(SYS_renameat2, AT_FDCWD, "x1", AT_FDCWD, "x2",
			 RENAME_NOREPLACE) < 0 && errno == EEXIST,
	      "RENAME_NOREPLACE over an existing file");
	CHECK(n, syscall(SYS_renameat2, AT_FDCWD, "x1", AT_FDCWD, "x3",
			 RENAME_NOREPLACE) == 0, "RENAME_NOREPLACE to a new name");
	CHECK(n, syscall(SYS_renameat2, AT_FDCWD, "x3", AT_FDCWD, "x2",
			 RENAME_EXCHANGE) == 0, "RENAME_EXCHANGE");
	CHECK(n, get("x3", buf, sizeof(buf)) == 3 && !strcmp(buf, "two"),
	      "exchanged x3");
	CHECK(n, get("x2", buf, sizeof(buf)) == 3 && !strcmp(buf, "one"),
	      "exchanged x2");
	errno = 0;
	CHECK(n, syscall(SYS_renameat2, AT_FDCWD, "x3", AT_FDCWD, "x4",
			 RENAME_WHITEOUT) < 0 && errno == EINVAL,
	      "RENAME_WHITEOUT refused");
	CHECK(n, rename("x3", "x2") == 0, "plain rename over a file");
	CHECK(n, access("x3", F_OK) < 0 && get("x2", buf, sizeof(buf)) == 3 &&
	      !strcmp(buf, "two"), "after rename over");
	printf("HOSTFS-OK %s\n", n);
}

static void big_sparse(void)
{
	const char *n = "big_sparse";
	struct stat st;
	char buf[8];
	int fd;

	fd = open("big", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(n, fd >= 0, "open");
	CHECK(n, pwrite(fd, "END", 3, BIG_OFF) == 3, "pwrite past 4 GiB");
	CHECK(n, fsync(fd) == 0, "fsync");
	CHECK(n, fstat(fd, &st) == 0 && st.st_size == BIG_OFF + 3, "size");
	close(fd);
	fd = open("big", O_RDONLY);
	CHECK(n, fd >= 0, "reopen");
	CHECK(n, pread(fd, buf, 3, BIG_OFF) == 3 && !memcmp(buf, "END", 3),
	      "read back past 4 GiB");
	CHECK(n, pread(fd, buf, 4, 4LL << 30) == 4 && !memcmp(buf, "\0\0\0\0", 4),
	      "hole reads as zeros");
	CHECK(n, lseek(fd, 0, SEEK_END) == BIG_OFF + 3, "SEEK_END");
	close(fd);
	printf("HOSTFS-OK %s\n", n);
}

static void truncation(void)
{
	const char *n = "truncate";
	char buf[8192];
	struct stat st;
	int fd;

	memset(buf, 'T', sizeof(buf));
	fd = open("trunc", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(n, fd >= 0, "open");
	CHECK(n, write(fd, buf, sizeof(buf)) == sizeof(buf), "write");
	CHECK(n, ftruncate(fd, 100) == 0, "shrink");
	CHECK(n, ftruncate(fd, 6000) == 0, "grow");
	CHECK(n, pread(fd, buf, 8, 96) == 8 && !memcmp(buf, "TTTT\0\0\0\0", 8),
	      "data after shrink and grow");
	close(fd);
	CHECK(n, truncate("trunc", 5000) == 0, "truncate(2) on a closed file");
	CHECK(n, stat("trunc", &st) == 0 && st.st_size == 5000, "size");
	printf("HOSTFS-OK %s\n", n);
}

struct linux_dirent64 {
	unsigned long long d_ino;
	long long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* Read the rest of the folder in small calls; count names like f1234. */
static int scan(int fd, char *seen, long long *mid, char *mid_name)
{
	char buf[512];
	int count = 0;
	long nread, at;

	while ((nread = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (at = 0; at < nread;) {
			struct linux_dirent64 *d = (void *)(buf + at);
			int i;

			at += d->d_reclen;
			if (sscanf(d->d_name, "f%d", &i) != 1 || i < 0 ||
			    i >= NFILES)
				continue;
			if (seen)
				seen[i]++;
			count++;
			if (mid && count == NFILES / 2) {
				*mid = d->d_off;	/* position after it */
				strcpy(mid_name, "");
			} else if (mid && count == NFILES / 2 + 1 &&
				   !mid_name[0]) {
				strcpy(mid_name, d->d_name);
			}
		}
	}
	return nread < 0 ? -1 : count;
}

static void large_dir(void)
{
	const char *n = "large_dir";
	static char seen[NFILES];
	char name[32], mid_name[32] = "", again[32] = "";
	long long mid = -1;
	int fd, i, count;

	CHECK(n, mkdir("many", 0755) == 0, "mkdir");
	for (i = 0; i < NFILES; i++) {
		snprintf(name, sizeof(name), "many/f%d", i);
		fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0644);
		CHECK(n, fd >= 0, name);
		close(fd);
	}
	fd = open("many", O_RDONLY | O_DIRECTORY);
	CHECK(n, fd >= 0, "open folder");
	count = scan(fd, seen, &mid, mid_name);
	CHECK(n, count == NFILES, "every file listed once");
	for (i = 0; i < NFILES; i++)
		CHECK(n, seen[i] == 1, "a file listed twice or never");
	/* A position handed out mid-way leads to the same next entry. */
	CHECK(n, mid >= 0 && mid_name[0], "no mid-way position");
	CHECK(n, lseek(fd, mid, SEEK_SET) == mid, "seek to a position");
	{
		char buf[512];
		long nread = syscall(SYS_getdents64, fd, buf, sizeof(buf));
		long at = 0;

		while (at < nread && !again[0]) {
			struct linux_dirent64 *d = (void *)(buf + at);

			at += d->d_reclen;
			if (d->d_name[0] == 'f')
				strcpy(again, d->d_name);
		}
	}
	CHECK(n, !strcmp(again, mid_name), "seek to a position: other entry");
	/* From the start again, after the seeks. */
	CHECK(n, lseek(fd, 0, SEEK_SET) == 0, "rewind");
	CHECK(n, scan(fd, NULL, NULL, NULL) == NFILES, "count after rewind");
	close(fd);
	printf("HOSTFS-OK %s\n", n);
}

static void misc(void)
{
	const char *n = "misc";
	struct timespec ts[2] = { { 1000000000, 0 }, { 1234567890, 500 } };
	struct statfs sf;
	struct stat st;
	char c = 0;
	int fd, r, w;

	CHECK(n, statfs(".", &sf) == 0, "statfs");
	CHECK(n, sf.f_type == 0x00c0ffee && sf.f_blocks > 0 && sf.f_bsize > 0,
	      "statfs values");
	CHECK(n, put("timed", "t") == 0, "create");
	CHECK(n, utimensat(AT_FDCWD, "timed", ts, 0) == 0, "utimensat");
	CHECK(n, stat("timed", &st) == 0 && st.st_mtim.tv_sec == 1234567890 &&
	      st.st_atim.tv_sec == 1000000000, "times after utimensat");
	fd = open("synced", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(n, fd >= 0 && write(fd, "durable\n", 8) == 8, "write");
	CHECK(n, fsync(fd) == 0 && fdatasync(fd) == 0, "fsync");
	close(fd);
	CHECK(n, mkfifo("fifo", 0600) == 0, "mkfifo");
	CHECK(n, stat("fifo", &st) == 0 && S_ISFIFO(st.st_mode), "a fifo");
	r = open("fifo", O_RDONLY | O_NONBLOCK);
	w = open("fifo", O_WRONLY | O_NONBLOCK);
	CHECK(n, r >= 0 && w >= 0, "open the fifo");
	CHECK(n, write(w, "p", 1) == 1 && read(r, &c, 1) == 1 && c == 'p',
	      "data through the fifo");
	close(r);
	close(w);
	fd = open("excl", O_RDWR | O_CREAT | O_EXCL, 0400);
	CHECK(n, fd >= 0 && write(fd, "ro", 2) == 2,
	      "create read-only with O_RDWR");
	close(fd);
	errno = 0;
	CHECK(n, open("excl", O_RDWR | O_CREAT | O_EXCL, 0600) < 0 &&
	      errno == EEXIST, "O_EXCL on an existing file");
	printf("HOSTFS-OK %s\n", n);
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "--rename")) {
		if (rename(argv[2], argv[3]) == 0)
			printf("RENAME-OK\n");
		else
			printf("RENAME-ERR %s\n", strerrorname_np(errno));
		return 0;
	}
	if (argc != 2 || chdir(argv[1])) {
		fprintf(stderr, "usage: hostfs-ops DIR\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	mmap_shared();
	mmap_private();
	append();
	rename_flags();
	big_sparse();
	truncation();
	large_dir();
	misc();
	printf("HOSTFS-OPS-DONE %s\n", failed ? "failed" : "ok");
	return failed;
}
