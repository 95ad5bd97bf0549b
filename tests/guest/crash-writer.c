/*
 * crash-writer: fsync-acknowledged appends for the ubd crash tests.
 *
 * Build: gcc -static -O2 -o crash-writer crash-writer.c
 *
 * Guest:  crash-writer DIR GEN
 *   Forever: appends record i to file DIR/gGEN-fK (a few files open at
 *   once, round robin; a file full after RECS_PER_FILE records is
 *   replaced by a new one), fsync()s the file (and DIR after creating
 *   it), then prints "ACK GEN K I OK" on stdout.  Once that line has
 *   reached the host, record I of file K (and every earlier one) must
 *   survive a crash.  Record sizes are not multiples of the block size,
 *   so an append rewrites the tail block holding acknowledged data.
 *   First, files of generations before GEN - 1 are deleted (so the disk
 *   does not fill up over many runs; the host forgets their records).
 *
 * Host:   crash-writer --verify DIR ACKS
 *   ACKS holds "GEN K I" lines (any order).  For every (GEN, K) the file
 *   DIR/gGEN-fK must hold records 0..max(I), each byte as written.
 *   Complete records past the acknowledged ones are checked too but only
 *   reported as "note" (they were never promised).  Prints "VERIFY-OK
 *   files=N records=N" or one "VERIFY-BAD ..." line per problem; exit 0
 *   if all acknowledged records are intact, 1 otherwise.
 *
 * Record I of file K of generation G: 16-byte header "rGGGG-KKKKK-IIII"
 * (decimal, wrapped), then bytes of an xorshift stream seeded by (G,K,I);
 * the length depends on K (see rec_len).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>

#define NOPEN		3
#define RECS_PER_FILE	64
#define MAX_REC		8192

static size_t rec_len(unsigned k)
{
	return 700 + (k * 2657u) % 5000u;	/* 700..5699 bytes */
}

static void make_rec(unsigned g, unsigned k, unsigned i, unsigned char *buf)
{
	size_t len = rec_len(k), p;
	uint64_t x = 0x9e3779b97f4a7c15ULL ^ ((uint64_t)g << 40) ^
		     ((uint64_t)k << 20) ^ i;
	char hdr[32];

	snprintf(hdr, sizeof(hdr), "r%04u-%05u-%04u", g % 10000, k % 100000,
		 i % 10000);
	memcpy(buf, hdr, 16);
	for (p = 16; p < len; p++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		buf[p] = (unsigned char)(x >> 24);
	}
	buf[len - 1] = '\n';
}

static void path_of(char *out, size_t n, const char *dir, unsigned g,
		    unsigned k)
{
	snprintf(out, n, "%s/g%u-f%u", dir, g, k);
}

static void die(const char *what)
{
	dprintf(1, "WRITER-ERROR %s: %s\n", what, strerror(errno));
	exit(2);
}

static int full_write(int fd, const unsigned char *b, size_t n)
{
	while (n) {
		ssize_t r = write(fd, b, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		b += r;
		n -= r;
	}
	return 0;
}

/* Delete the files of generations < @g - 1. */
static void drop_old(const char *dir, int dfd, unsigned g)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	unsigned fg, fk;
	int n = 0;

	if (!d)
		die("opendir");
	while ((e = readdir(d)))
		if (sscanf(e->d_name, "g%u-f%u", &fg, &fk) == 2 && fg + 1 < g) {
			if (unlinkat(dfd, e->d_name, 0))
				die("unlink");
			n++;
		}
	closedir(d);
	if (fsync(dfd))
		die("fsync dir");
	dprintf(1, "WRITER-DROPPED %d\n", n);
}

static void __attribute__((noreturn)) writer(const char *dir, unsigned g)
{
	struct { int fd; unsigned k, i; } f[NOPEN];
	unsigned char buf[MAX_REC];
	unsigned next_k = 0, slot = 0;
	char path[512], line[64];
	int dfd, j;

	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd < 0)
		die("open dir");
	for (j = 0; j < NOPEN; j++)
		f[j].fd = -1;
	drop_old(dir, dfd, g);
	dprintf(1, "WRITER-START gen=%u\n", g);
	for (;;) {
		int new = 0;

		if (f[slot].fd < 0 || f[slot].i >= RECS_PER_FILE) {
			if (f[slot].fd >= 0)
				close(f[slot].fd);
			f[slot].k = next_k++;
			f[slot].i = 0;
			path_of(path, sizeof(path), dir, g, f[slot].k);
			f[slot].fd = open(path, O_WRONLY | O_CREAT | O_EXCL |
					  O_APPEND, 0644);
			if (f[slot].fd < 0)
				die("create");
			new = 1;
		}
		make_rec(g, f[slot].k, f[slot].i, buf);
		if (full_write(f[slot].fd, buf, rec_len(f[slot].k)))
			die("write");
		if (fsync(f[slot].fd))
			die("fsync");
		if (new && fsync(dfd))
			die("fsync dir");
		j = snprintf(line, sizeof(line), "ACK %u %u %u OK\n", g,
			     f[slot].k, f[slot].i);
		if (full_write(1, (unsigned char *)line, j))
			die("write ack");
		f[slot].i++;
		slot = (slot + 1) % NOPEN;
	}
}

struct ack { unsigned g, k, max; };

static int verify(const char *dir, const char *acks_path)
{
	FILE *acks = fopen(acks_path, "r");
	struct ack *a = NULL;
	size_t na = 0, cap = 0, x;
	unsigned g, k, i, files = 0, records = 0;
	unsigned char want[MAX_REC], got[MAX_REC];
	int bad = 0;

	if (!acks) {
		printf("VERIFY-BAD cannot open %s: %s\n", acks_path,
		       strerror(errno));
		return 1;
	}
	while (fscanf(acks, "%u %u %u", &g, &k, &i) == 3) {
		for (x = 0; x < na; x++)
			if (a[x].g == g && a[x].k == k)
				break;
		if (x == na) {
			if (na == cap) {
				cap = cap ? 2 * cap : 64;
				a = realloc(a, cap * sizeof(*a));
				if (!a)
					return 1;
			}
			a[na].g = g;
			a[na].k = k;
			a[na].max = i;
			na++;
		} else if (i > a[x].max) {
			a[x].max = i;
		}
	}
	fclose(acks);
	for (x = 0; x < na; x++) {
		char path[512];
		size_t len = rec_len(a[x].k);
		int fd;

		path_of(path, sizeof(path), dir, a[x].g, a[x].k);
		fd = open(path, O_RDONLY);
		files++;
		if (fd < 0) {
			printf("VERIFY-BAD g%u-f%u: missing (%u records acknowledged): %s\n",
			       a[x].g, a[x].k, a[x].max + 1, strerror(errno));
			bad = 1;
			continue;
		}
		for (i = 0;; i++) {
			ssize_t r = pread(fd, got, len, (off_t)i * len);

			if (r < (ssize_t)len) {
				if (i <= a[x].max) {
					printf("VERIFY-BAD g%u-f%u: record %u %s (records 0..%u acknowledged)\n",
					       a[x].g, a[x].k, i,
					       r <= 0 ? "missing" : "cut short",
					       a[x].max);
					bad = 1;
				}
				break;
			}
			make_rec(a[x].g, a[x].k, i, want);
			if (memcmp(got, want, len)) {
				size_t p = 0;

				while (got[p] == want[p])
					p++;
				printf("VERIFY-%s g%u-f%u: record %u differs at byte %zu (records 0..%u acknowledged)\n",
				       i <= a[x].max ? "BAD" : "note",
				       a[x].g, a[x].k, i, p, a[x].max);
				if (i <= a[x].max)
					bad = 1;
			} else if (i <= a[x].max) {
				records++;
			}
		}
		close(fd);
	}
	free(a);
	if (!bad)
		printf("VERIFY-OK files=%u records=%u\n", files, records);
	return bad;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "--verify"))
		return verify(argv[2], argv[3]);
	if (argc == 3)
		writer(argv[1], (unsigned)strtoul(argv[2], NULL, 10));
	fprintf(stderr, "usage: crash-writer DIR GEN | crash-writer --verify DIR ACKS\n");
	return 2;
}
