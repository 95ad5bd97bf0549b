/*
 * diskbench: block device throughput and IOPS, for tests/bench.sh.
 *
 * Build: gcc -static -O2 -o diskbench diskbench.c
 * Usage: diskbench DEVICE [-s MiB] [-t SECONDS]
 *   All I/O is O_DIRECT on DEVICE (the guest page cache is bypassed; the
 *   host's is not: that is the same for every kernel on the same host),
 *   one request at a time, on the first MiB (default 64) of DEVICE,
 *   which is overwritten.
 *
 * Output, parsable as "bench NAME VALUE" (like bench.c):
 *   bench disk_seq_write_MBps V   1 MiB writes of the whole area + fsync
 *   bench disk_seq_read_MBps V    1 MiB reads of the whole area
 *   bench disk_rand_read_iops V   4 KiB reads at random aligned offsets
 *   bench disk_rand_write_iops V  4 KiB writes at random aligned offsets,
 *                                 then one fsync (counted in the time)
 * Each random test runs SECONDS (default 2).  MB = 10^6 bytes.
 * A failure prints "bench NAME FAIL reason".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SEQ_BS	(1024 * 1024)
#define RND_BS	4096

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t rnd_state = 88172645463325252ULL;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static int fail(const char *name, const char *what)
{
	printf("bench %s FAIL %s: %s\n", name, what, strerror(errno));
	fflush(stdout);
	return 1;
}

int main(int argc, char **argv)
{
	const char *dev;
	long mib = 64;
	double secs = 2, t0, t;
	unsigned char *buf;
	long long size, off, n;
	int fd, opt, bad = 0;

	while ((opt = getopt(argc, argv, "s:t:")) != -1) {
		if (opt == 's')
			mib = atol(optarg);
		else if (opt == 't')
			secs = atof(optarg);
		else
			return 2;
	}
	if (optind != argc - 1 || mib < 1 || secs <= 0) {
		fprintf(stderr, "usage: diskbench DEVICE [-s MiB] [-t SECONDS]\n");
		return 2;
	}
	dev = argv[optind];
	size = (long long)mib * 1024 * 1024;
	if (posix_memalign((void **)&buf, 4096, SEQ_BS))
		return 1;
	for (n = 0; n < SEQ_BS; n++)
		buf[n] = (unsigned char)(n * 131 + 7);
	fd = open(dev, O_RDWR | O_DIRECT);
	if (fd < 0)
		return fail("disk_seq_write_MBps", "open O_DIRECT");

	/* Sequential write, then fsync. */
	t0 = now_s();
	for (off = 0; off < size; off += SEQ_BS)
		if (pwrite(fd, buf, SEQ_BS, off) != SEQ_BS)
			break;
	if (off < size || fsync(fd)) {
		bad |= fail("disk_seq_write_MBps", "pwrite/fsync");
	} else {
		t = now_s() - t0;
		printf("bench disk_seq_write_MBps %.1f\n", size / t / 1e6);
	}
	fflush(stdout);

	/* Sequential read. */
	t0 = now_s();
	for (off = 0; off < size; off += SEQ_BS)
		if (pread(fd, buf, SEQ_BS, off) != SEQ_BS)
			break;
	if (off < size) {
		bad |= fail("disk_seq_read_MBps", "pread");
	} else {
		t = now_s() - t0;
		printf("bench disk_seq_read_MBps %.1f\n", size / t / 1e6);
	}
	fflush(stdout);

	/* 4 KiB random reads for @secs. */
	n = 0;
	t0 = now_s();
	do {
		for (int i = 0; i < 64; i++, n++) {
			off = (long long)(rnd() % (size / RND_BS)) * RND_BS;
			if (pread(fd, buf, RND_BS, off) != RND_BS) {
				bad |= fail("disk_rand_read_iops", "pread");
				goto rw;
			}
		}
		t = now_s() - t0;
	} while (t < secs);
	printf("bench disk_rand_read_iops %.0f\n", n / t);
	fflush(stdout);
rw:
	/* 4 KiB random writes for @secs, then fsync. */
	n = 0;
	t0 = now_s();
	do {
		for (int i = 0; i < 64; i++, n++) {
			off = (long long)(rnd() % (size / RND_BS)) * RND_BS;
			if (pwrite(fd, buf, RND_BS, off) != RND_BS) {
				bad |= fail("disk_rand_write_iops", "pwrite");
				goto out;
			}
		}
		t = now_s() - t0;
	} while (t < secs);
	if (fsync(fd)) {
		bad |= fail("disk_rand_write_iops", "fsync");
		goto out;
	}
	t = now_s() - t0;
	printf("bench disk_rand_write_iops %.0f\n", n / t);
	fflush(stdout);
out:
	close(fd);
	return bad;
}
