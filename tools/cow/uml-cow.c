// SPDX-License-Identifier: GPL-2.0
/*
 * uml-cow: create, inspect and merge user-mode Linux COW files.
 *
 *   uml-cow create [-f] [--keep-path] COW BACKING
 *   uml-cow merge [-f] [-b BACKING] COW [OUT]
 *   uml-cow info [-b BACKING] COW
 *
 * Exit status: 0 success, 1 error, 2 usage error.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "cow_format.h"

#define PROG		"uml-cow"
#define CHUNK_BYTES	(1024 * 1024)

#define __printf(a, b)	__attribute__((format(printf, a, b)))

static const char *cmd_name = "";

static void __printf(1, 2) err_msg(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s%s", PROG, cmd_name, *cmd_name ? ": " : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static const char *errstr(int err)
{
	const char *s = cow_strerror(err);

	return s ? s : strerror(-err);
}

static int usage_error(const char *usage, const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: %s: ", PROG, cmd_name);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (usage: %s)\n", usage);
	return 2;
}

/* ------------------------------------------------------------------ */

static bool all_zero(const uint8_t *p, size_t len)
{
	while (len && !*p) {
		p++;
		len--;
	}
	return !len;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Open a COW file and decode its header, reporting errors. */
static int open_cow(const char *path, int flags, struct cow_info *info)
{
	struct stat st;
	int fd, err;

	fd = open(path, flags | O_CLOEXEC);
	if (fd < 0) {
		err_msg("cannot open COW file '%s': %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || S_ISDIR(st.st_mode)) {
		err_msg("'%s' is not a COW file: %s", path,
			S_ISDIR(st.st_mode) ? "is a directory" :
			strerror(errno));
		close(fd);
		return -1;
	}
	err = cow_read_header(fd, info);
	if (err) {
		if (err == -EINVAL || err == -ENOTSUP || err == -EUCLEAN)
			err_msg("'%s' is not a usable COW file: %s", path,
				errstr(err));
		else
			err_msg("cannot read COW file '%s': %s", path,
				errstr(err));
		close(fd);
		return -1;
	}
	if (S_ISREG(st.st_mode) &&
	    (uint64_t)st.st_size < info->bitmap_offset + info->bitmap_len) {
		err_msg("COW file '%s' is truncated (%lld bytes, bitmap ends at %llu)",
			path, (long long)st.st_size,
			(unsigned long long)(info->bitmap_offset +
					     info->bitmap_len));
		close(fd);
		return -1;
	}
	return fd;
}

static void describe_mismatch(char *buf, size_t len,
			      const struct cow_info *info,
			      const struct stat *st, uint64_t size,
			      unsigned int bad)
{
	int n = 0;

	buf[0] = '\0';
	if (bad & COW_MISMATCH_SIZE)
		n = snprintf(buf, len, "size %llu, COW header says %llu",
			     (unsigned long long)size,
			     (unsigned long long)info->size);
	if ((bad & COW_MISMATCH_MTIME) && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n,
			 "%smtime %lld, COW header says %u", n ? "; " : "",
			 (long long)st->st_mtime, info->mtime);
}

/*
 * Open the backing file named in @info (or @override) and check it
 * against the header.  Returns the fd or -1 after printing an error.
 */
static int open_backing(const struct cow_info *info, const char *override,
			int flags, const char **name_out)
{
	const char *name = override ? override : info->backing_file;
	unsigned int bad = 0;
	struct stat st;
	uint64_t size;
	char why[160];
	int fd, err;

	*name_out = name;
	fd = open(name, flags | O_CLOEXEC);
	if (fd < 0) {
		err_msg("cannot open backing file '%s'%s: %s", name,
			(flags & O_ACCMODE) == O_RDWR ? " for writing" : "",
			strerror(errno));
		return -1;
	}
	if (fstat(fd, &st)) {
		err_msg("cannot stat backing file '%s': %s", name,
			strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
		err_msg("backing file '%s' is not a regular file or block device",
			name);
		goto fail;
	}
	err = cow_fd_size(fd, &size);
	if (!err)
		err = cow_check_backing(info, fd, &bad);
	if (err == -ESTALE) {
		describe_mismatch(why, sizeof(why), info, &st, size, bad);
		err_msg("backing file '%s' changed since the COW file was created (%s)",
			name, why);
		goto fail;
	}
	if (err) {
		err_msg("cannot check backing file '%s': %s", name,
			errstr(err));
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return -1;
}

/* ------------------------------------------------------------------ */

#define CREATE_USAGE "uml-cow create [-f] [--keep-path] COW BACKING"

static void create_help(void)
{
	printf("usage: " CREATE_USAGE "\n\n"
	       "Create a new, empty COW file COW over the disk image BACKING.\n"
	       "The header records BACKING's size and modification time; the\n"
	       "COW file becomes invalid if BACKING changes afterwards.\n\n"
	       "  -f, --force      overwrite COW if it already exists\n"
	       "  --keep-path      store BACKING as given instead of the\n"
	       "                   absolute path linux.uml and uml_mkcow store\n"
	       "  -h, --help       show this help\n");
}

static int cmd_create(int argc, char **argv)
{
	bool force = false, keep = false, created = false;
	char path[COW_PATH_MAX + 1];
	const char *cow, *backing;
	const char *args[2];
	struct cow_info info;
	struct stat st, cst;
	int nargs = 0, bfd = -1, cfd = -1, err, i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			create_help();
			return 0;
		} else if (!strcmp(a, "-f") || !strcmp(a, "--force")) {
			force = true;
		} else if (!strcmp(a, "--keep-path")) {
			keep = true;
		} else if (a[0] == '-' && a[1]) {
			return usage_error(CREATE_USAGE, "unknown option '%s'",
					   a);
		} else if (nargs < 2) {
			args[nargs++] = a;
		} else {
			return usage_error(CREATE_USAGE,
					   "unexpected argument '%s'", a);
		}
	}
	if (nargs != 2)
		return usage_error(CREATE_USAGE, "%s", nargs < 2 ?
				   "need COW and BACKING" :
				   "too many arguments");
	cow = args[0];
	backing = args[1];

	bfd = open(backing, O_RDONLY | O_CLOEXEC);
	if (bfd < 0) {
		err_msg("cannot open backing file '%s': %s", backing,
			strerror(errno));
		return 1;
	}
	if (fstat(bfd, &st) || (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))) {
		err_msg("backing file '%s' is not a regular file or block device",
			backing);
		goto fail;
	}
	if (keep) {
		if (strlen(backing) > COW_PATH_MAX - 1) {
			err_msg("backing file path '%s' too long for a COW header",
				backing);
			goto fail;
		}
		snprintf(path, sizeof(path), "%s", backing);
	} else {
		err = cow_absolute_path(backing, path, COW_PATH_MAX);
		if (err) {
			err_msg("cannot make '%s' absolute: %s", backing,
				errstr(err));
			goto fail;
		}
	}
	err = cow_init_info_fd(&info, path, bfd);
	if (err) {
		err_msg("cannot set up COW header for '%s': %s", backing,
			err == -EINVAL ? "invalid backing file" : errstr(err));
		goto fail;
	}

	cfd = open(cow, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (cfd >= 0) {
		created = true;
	} else if (errno == EEXIST && force) {
		cfd = open(cow, O_RDWR | O_CLOEXEC);
	} else if (errno == EEXIST) {
		err_msg("COW file '%s' already exists (use -f to overwrite)",
			cow);
		goto fail;
	}
	if (cfd < 0) {
		err_msg("cannot create COW file '%s': %s", cow,
			strerror(errno));
		goto fail;
	}
	if (fstat(cfd, &cst) || !S_ISREG(cst.st_mode)) {
		err_msg("COW file '%s' is not a regular file", cow);
		goto fail;
	}
	if (same_file(&st, &cst)) {
		err_msg("COW file '%s' and backing file are the same file", cow);
		goto fail;
	}
	err = cow_write_new(cfd, &info);
	if (!err && fsync(cfd))
		err = -errno;
	if (!err && close(cfd))
		err = -errno;
	cfd = -1;
	if (err) {
		err_msg("cannot write COW file '%s': %s", cow, errstr(err));
		goto fail;
	}
	close(bfd);
	return 0;
fail:
	if (cfd >= 0)
		close(cfd);
	if (created)
		unlink(cow);
	close(bfd);
	return 1;
}

/* ------------------------------------------------------------------ */

#define INFO_USAGE "uml-cow info [-b BACKING] COW"

static void info_help(void)
{
	printf("usage: " INFO_USAGE "\n\n"
	       "Print the header of the COW file COW and check that its\n"
	       "backing file is still unchanged (exit status 1 if it is\n"
	       "missing or changed, after printing the header).\n\n"
	       "  -b, --backing FILE  check FILE instead of the backing file\n"
	       "                      named in the header\n"
	       "  -h, --help          show this help\n");
}

static int count_dirty(int fd, const struct cow_info *info, uint64_t *dirty)
{
	static const uint8_t pop[16] = { 0, 1, 1, 2, 1, 2, 2, 3,
					 1, 2, 2, 3, 2, 3, 3, 4 };
	uint8_t buf[65536];
	uint64_t off = 0, n = 0;
	int err;

	while (off < info->bitmap_len) {
		size_t len = sizeof(buf);
		size_t i;

		if (info->bitmap_len - off < len)
			len = (size_t)(info->bitmap_len - off);
		err = cow_full_io(fd, buf, len, info->bitmap_offset + off, 0);
		if (err)
			return err;
		/* ignore bits past the last sector */
		if (off + len == info->bitmap_len && info->nr_sectors % 8)
			buf[len - 1] &= (uint8_t)((1U << (info->nr_sectors % 8)) - 1);
		for (i = 0; i < len; i++)
			n += pop[buf[i] & 15] + pop[buf[i] >> 4];
		off += len;
	}
	*dirty = n;
	return 0;
}

static int cmd_info(int argc, char **argv)
{
	const char *cow = NULL, *override = NULL, *bname;
	struct cow_info info;
	char when[64];
	struct tm tm;
	time_t t;
	uint64_t dirty;
	int fd, bfd, err, i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			info_help();
			return 0;
		} else if (!strcmp(a, "-b") || !strcmp(a, "--backing")) {
			if (++i >= argc)
				return usage_error(INFO_USAGE,
						   "option '%s' needs a file",
						   a);
			override = argv[i];
		} else if (a[0] == '-' && a[1]) {
			return usage_error(INFO_USAGE, "unknown option '%s'",
					   a);
		} else if (!cow) {
			cow = a;
		} else {
			return usage_error(INFO_USAGE,
					   "unexpected argument '%s'", a);
		}
	}
	if (!cow)
		return usage_error(INFO_USAGE, "%s", "need a COW file");

	fd = open_cow(cow, O_RDONLY, &info);
	if (fd < 0)
		return 1;
	err = count_dirty(fd, &info, &dirty);
	if (err) {
		err_msg("cannot read bitmap of '%s': %s", cow,
			err == -ENODATA ? "file truncated" : errstr(err));
		close(fd);
		return 1;
	}

	t = (time_t)info.mtime;
	if (gmtime_r(&t, &tm))
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
	else
		snprintf(when, sizeof(when), "?");

	printf("COW file:       %s\n", cow);
	printf("version:        %u\n", info.version);
	printf("backing file:   %s\n", info.backing_file);
	printf("backing mtime:  %u (%s)\n", info.mtime, when);
	printf("backing size:   %llu bytes\n",
	       (unsigned long long)info.size);
	printf("sector size:    %u bytes\n", info.sector_size);
	printf("alignment:      %u bytes\n", info.alignment);
	printf("sectors:        %llu\n",
	       (unsigned long long)info.nr_sectors);
	printf("header size:    %llu bytes\n",
	       (unsigned long long)info.header_size);
	printf("bitmap offset:  %llu\n",
	       (unsigned long long)info.bitmap_offset);
	printf("bitmap length:  %llu bytes\n",
	       (unsigned long long)info.bitmap_len);
	printf("data offset:    %llu\n",
	       (unsigned long long)info.data_offset);
	printf("sectors in COW: %llu\n", (unsigned long long)dirty);
	fflush(stdout);
	close(fd);

	bfd = open_backing(&info, override, O_RDONLY, &bname);
	if (bfd < 0) {
		printf("backing status: bad\n");
		return 1;
	}
	close(bfd);
	printf("backing status: ok\n");
	return 0;
}

/* ------------------------------------------------------------------ */

#define MERGE_USAGE "uml-cow merge [-f] [-b BACKING] COW [OUT]"

static void merge_help(void)
{
	printf("usage: " MERGE_USAGE "\n\n"
	       "Merge the COW file COW with its backing file.\n"
	       "With OUT, write the merged disk image to the new file OUT\n"
	       "(the same bytes uml_moo COW OUT produces; all-zero blocks are\n"
	       "left as holes).  Without OUT, write the sectors held in COW\n"
	       "into the backing file itself, in place (like uml_moo -d);\n"
	       "COW is left untouched and no longer matches the backing file\n"
	       "afterwards.\n\n"
	       "  -b, --backing FILE  use FILE as the backing file instead of\n"
	       "                      the one named in the header\n"
	       "  -f, --force         overwrite OUT if it already exists\n"
	       "  -h, --help          show this help\n");
}

struct merge_ctx {
	const struct cow_info *info;
	int cow_fd, back_fd, out_fd;	/* out_fd < 0: in place */
	const char *cow, *back, *out;
	bool out_sparse;
	uint8_t *buf, *bitmap;
	size_t chunk_sectors;
};

static int merge_chunk(struct merge_ctx *m, uint64_t first, uint64_t count)
{
	const struct cow_info *info = m->info;
	uint64_t ss = info->sector_size;
	uint64_t start = first * ss;
	uint64_t len = count * ss;
	uint64_t i, run;
	int err;

	if (start + len > info->size)
		len = info->size - start;

	/* first is a multiple of 8, so the chunk starts on a bitmap byte */
	err = cow_full_io(m->cow_fd, m->bitmap, (size_t)((count + 7) / 8),
			  info->bitmap_offset + first / 8, 0);
	if (err) {
		err_msg("cannot read bitmap of '%s': %s", m->cow,
			err == -ENODATA ? "file truncated" : errstr(err));
		return -1;
	}

	if (m->out_fd >= 0) {
		err = cow_full_io(m->back_fd, m->buf, (size_t)len, start, 0);
		if (err) {
			err_msg("cannot read backing file '%s': %s", m->back,
				err == -ENODATA ? "file shrank" : errstr(err));
			return -1;
		}
	}

	for (i = 0; i < count; i += run) {
		uint64_t off, rlen;

		run = 1;
		if (!cow_bitmap_test(m->bitmap, i))
			continue;
		while (i + run < count && cow_bitmap_test(m->bitmap, i + run))
			run++;
		off = i * ss;
		rlen = run * ss;
		if (off + rlen > len)
			rlen = len - off;
		err = cow_full_io(m->cow_fd, m->buf + off, (size_t)rlen,
				  info->data_offset + start + off, 0);
		if (err) {
			err_msg("cannot read data of '%s': %s", m->cow,
				err == -ENODATA ? "file truncated" :
				errstr(err));
			return -1;
		}
		if (m->out_fd < 0) {
			err = cow_full_io(m->back_fd, m->buf + off, (size_t)rlen,
					  start + off, 1);
			if (err) {
				err_msg("cannot write backing file '%s': %s",
					m->back, errstr(err));
				return -1;
			}
		}
	}

	if (m->out_fd >= 0 && !(m->out_sparse && all_zero(m->buf, len))) {
		err = cow_full_io(m->out_fd, m->buf, (size_t)len, start, 1);
		if (err) {
			err_msg("cannot write '%s': %s", m->out, errstr(err));
			return -1;
		}
	}
	return 0;
}

static int cmd_merge(int argc, char **argv)
{
	const char *cow = NULL, *out = NULL, *override = NULL, *bname;
	bool force = false, created = false;
	struct merge_ctx m = { 0 };
	struct stat bst, cst, ost;
	struct cow_info info;
	int cfd = -1, bfd = -1, ofd = -1, ret = 1, i;
	uint64_t s;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			merge_help();
			return 0;
		} else if (!strcmp(a, "-f") || !strcmp(a, "--force")) {
			force = true;
		} else if (!strcmp(a, "-b") || !strcmp(a, "--backing")) {
			if (++i >= argc)
				return usage_error(MERGE_USAGE,
						   "option '%s' needs a file",
						   a);
			override = argv[i];
		} else if (a[0] == '-' && a[1]) {
			return usage_error(MERGE_USAGE, "unknown option '%s'",
					   a);
		} else if (!cow) {
			cow = a;
		} else if (!out) {
			out = a;
		} else {
			return usage_error(MERGE_USAGE,
					   "unexpected argument '%s'", a);
		}
	}
	if (!cow)
		return usage_error(MERGE_USAGE, "%s", "need a COW file");

	cfd = open_cow(cow, O_RDONLY, &info);
	if (cfd < 0)
		return 1;
	bfd = open_backing(&info, override, out ? O_RDONLY : O_RDWR, &bname);
	if (bfd < 0)
		goto done;
	if (fstat(bfd, &bst) || fstat(cfd, &cst)) {
		err_msg("cannot stat input files: %s", strerror(errno));
		goto done;
	}
	if (same_file(&bst, &cst)) {
		err_msg("COW file '%s' names itself as its backing file", cow);
		goto done;
	}

	if (out) {
		ofd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (ofd >= 0) {
			created = true;
		} else if (errno == EEXIST && !force) {
			err_msg("output '%s' already exists (use -f to overwrite)",
				out);
			goto done;
		} else if (errno == EEXIST) {
			ofd = open(out, O_WRONLY | O_CLOEXEC);
			if (ofd >= 0 && !fstat(ofd, &ost) &&
			    (same_file(&ost, &bst) || same_file(&ost, &cst))) {
				err_msg("output '%s' is one of the input files",
					out);
				goto done;
			}
			if (ofd >= 0 && S_ISREG(ost.st_mode) &&
			    ftruncate(ofd, 0)) {
				err_msg("cannot truncate '%s': %s", out,
					strerror(errno));
				goto done;
			}
		}
		if (ofd < 0) {
			err_msg("cannot create output '%s': %s", out,
				strerror(errno));
			goto done;
		}
		if (fstat(ofd, &ost)) {
			err_msg("cannot stat output '%s': %s", out,
				strerror(errno));
			goto done;
		}
		m.out_sparse = S_ISREG(ost.st_mode);
	}

	m.info = &info;
	m.cow_fd = cfd;
	m.back_fd = bfd;
	m.out_fd = ofd;
	m.cow = cow;
	m.back = bname;
	m.out = out;
	m.chunk_sectors = CHUNK_BYTES / info.sector_size;
	if (m.chunk_sectors < 8)
		m.chunk_sectors = 8;
	m.chunk_sectors &= ~(size_t)7;
	m.buf = malloc(m.chunk_sectors * info.sector_size);
	m.bitmap = malloc(m.chunk_sectors / 8);
	if (!m.buf || !m.bitmap) {
		err_msg("out of memory");
		goto done;
	}

	for (s = 0; s < info.nr_sectors; s += m.chunk_sectors) {
		uint64_t n = info.nr_sectors - s;

		if (n > m.chunk_sectors)
			n = m.chunk_sectors;
		if (merge_chunk(&m, s, n))
			goto done;
	}

	if (out) {
		if (m.out_sparse && ftruncate(ofd, (off_t)info.size)) {
			err_msg("cannot extend '%s': %s", out, strerror(errno));
			goto done;
		}
		if (fsync(ofd) && errno != EINVAL && errno != EROFS) {
			err_msg("cannot write '%s': %s", out, strerror(errno));
			goto done;
		}
		i = close(ofd);
		ofd = -1;
		if (i) {
			err_msg("cannot write '%s': %s", out, strerror(errno));
			goto done;
		}
	} else if (fsync(bfd)) {
		err_msg("cannot write backing file '%s': %s", bname,
			strerror(errno));
		goto done;
	}
	ret = 0;
done:
	free(m.buf);
	free(m.bitmap);
	if (ofd >= 0)
		close(ofd);
	if (ret && created)
		unlink(out);
	if (bfd >= 0)
		close(bfd);
	close(cfd);
	return ret;
}

/* ------------------------------------------------------------------ */

static void main_help(FILE *f)
{
	fprintf(f, "usage: uml-cow COMMAND [ARGS]\n\n"
		"Work with user-mode Linux COW (copy-on-write) disk files.\n\n"
		"commands:\n"
		"  create [-f] [--keep-path] COW BACKING\n"
		"                    create a new COW file over BACKING\n"
		"  merge [-f] [-b BACKING] COW [OUT]\n"
		"                    merge COW into a new image OUT, or into\n"
		"                    its backing file in place\n"
		"  info [-b BACKING] COW\n"
		"                    print the COW header\n"
		"  help              show this help\n\n"
		"Run 'uml-cow COMMAND --help' for details.\n");
}

int main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2) {
		fprintf(stderr, "%s: missing command (try '%s --help')\n",
			PROG, PROG);
		return 2;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") ||
	    !strcmp(cmd, "help")) {
		main_help(stdout);
		return 0;
	}
	cmd_name = cmd;
	if (!strcmp(cmd, "create"))
		return cmd_create(argc - 1, argv + 1);
	if (!strcmp(cmd, "merge"))
		return cmd_merge(argc - 1, argv + 1);
	if (!strcmp(cmd, "info"))
		return cmd_info(argc - 1, argv + 1);
	cmd_name = "";
	fprintf(stderr, "%s: unknown command '%s' (try '%s --help')\n",
		PROG, cmd, PROG);
	return 2;
}
