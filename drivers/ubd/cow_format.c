// SPDX-License-Identifier: GPL-2.0
/*
 * User-mode Linux COW file format: header decoding and encoding and the
 * sector -> bitmap/data arithmetic.  See cow_format.h for the layout.
 *
 * Plain host C: no kernel headers, no global state, no output.
 */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "cow_format.h"

/* largest sector size / alignment we are willing to believe */
#define COW_MAX_UNIT	(1U << 20)

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static uint64_t get_be64(const uint8_t *p)
{
	return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[1] << 8 | (uint32_t)p[0];
}

static uint64_t get_le64(const uint8_t *p)
{
	return (uint64_t)get_le32(p + 4) << 32 | get_le32(p);
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void put_be64(uint8_t *p, uint64_t v)
{
	put_be32(p, v >> 32);
	put_be32(p + 4, (uint32_t)v);
}

static int is_pow2(uint32_t v)
{
	return v && !(v & (v - 1));
}

/* round @v up to a multiple of @unit (a power of two); 0 on overflow */
static uint64_t round_up_u64(uint64_t v, uint32_t unit)
{
	uint64_t r = (v + unit - 1) & ~((uint64_t)unit - 1);

	return r < v ? 0 : r;
}

/* Derive nr_sectors, bitmap and data placement from the header fields. */
static int cow_layout(struct cow_info *info)
{
	uint64_t end;

	if (!is_pow2(info->sector_size) || info->sector_size > COW_MAX_UNIT)
		return -EUCLEAN;
	if (!is_pow2(info->alignment) || info->alignment > COW_MAX_UNIT)
		return -EUCLEAN;

	info->nr_sectors = info->size / info->sector_size +
			   !!(info->size % info->sector_size);
	info->bitmap_len = info->nr_sectors / 8 + !!(info->nr_sectors % 8);

	if (info->version >= 3)
		info->bitmap_offset = round_up_u64(info->header_size,
						   info->alignment);
	else
		info->bitmap_offset = info->header_size;

	end = info->bitmap_offset + info->bitmap_len;
	info->data_offset = round_up_u64(end, info->alignment);
	if (!info->data_offset)
		return -EUCLEAN;
	/* the whole data area must be addressable with off_t */
	if (info->size > (uint64_t)INT64_MAX - info->data_offset)
		return -EUCLEAN;
	return 0;
}

static int copy_path(struct cow_info *info, const uint8_t *src, size_t max)
{
	const void *nul = memchr(src, '\0', max);

	if (!nul)
		return -EUCLEAN;
	memcpy(info->backing_file, src, (const uint8_t *)nul - src + 1);
	return 0;
}

/*
 * Versions 1 and 2: magic, version, path, then mtime (32 bits), size (64)
 * and sector size (32), in the header's byte order; no alignment field.
 */
static int parse_old_header(struct cow_info *info, const uint8_t *p,
			    size_t len, size_t path_len, size_t header_size,
			    int little)
{
	int err;

	if (len < header_size)
		return -EINVAL;
	err = copy_path(info, p + 8, path_len);
	if (err)
		return err;
	p += 8 + path_len;
	info->mtime = little ? get_le32(p) : get_be32(p);
	info->size = little ? get_le64(p + 4) : get_be64(p + 4);
	info->sector_size = little ? get_le32(p + 12) : get_be32(p + 12);
	info->alignment = info->sector_size;
	info->header_size = header_size;
	return 0;
}

int cow_parse_header(const void *buf, size_t len, struct cow_info *info)
{
	const uint8_t *p = buf;
	uint32_t version;
	int little = 0;
	int err;

	if (len < 8)
		return -EINVAL;

	memset(info, 0, sizeof(*info));
	if (get_be32(p) == COW_MAGIC) {
		version = get_be32(p + 4);
	} else if (get_le32(p) == COW_MAGIC) {
		/* only version 1 was ever written in host byte order */
		version = get_le32(p + 4);
		if (version != 1)
			return -ENOTSUP;
		little = 1;
	} else {
		return -EINVAL;
	}
	info->version = version;

	switch (version) {
	case 1:
		err = parse_old_header(info, p, len, COW_V1_PATH_LEN,
				       COW_V1_HEADER_SIZE, little);
		if (err)
			return err;
		break;
	case 2:
		err = parse_old_header(info, p, len, COW_V2_PATH_LEN,
				       COW_V2_HEADER_SIZE, 0);
		if (err)
			return err;
		break;
	case 3:
		if (len < COW_V3_HEADER_SIZE)
			return -EINVAL;
		info->mtime = get_be32(p + 8);
		info->size = get_be64(p + 12);
		info->sector_size = get_be32(p + 20);
		info->alignment = get_be32(p + 24);
		info->bitmap_format = get_be32(p + 28);
		if (info->bitmap_format != COW_BITMAP_FORMAT)
			return -ENOTSUP;
		err = copy_path(info, p + 32, COW_V3_PATH_LEN);
		if (err)
			return err;
		info->header_size = COW_V3_HEADER_SIZE;
		break;
	default:
		return -ENOTSUP;
	}

	return cow_layout(info);
}

int cow_read_header(int fd, struct cow_info *info)
{
	uint8_t buf[COW_MAX_HEADER_SIZE];
	uint64_t size;
	size_t got = sizeof(buf);
	int err;

	/* A file shorter than the largest header is fine: parse what is there. */
	err = cow_fd_size(fd, &size);
	if (err)
		return err;
	if (size < got)
		got = (size_t)size;
	err = cow_full_io(fd, buf, got, 0, 0);
	if (err)
		return err;
	return cow_parse_header(buf, got, info);
}

int cow_full_io(int fd, void *buf, size_t len, uint64_t off, int write)
{
	uint8_t *p = buf;
	ssize_t n;

	while (len) {
		n = write ? pwrite(fd, p, len, (off_t)off) :
			    pread(fd, p, len, (off_t)off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!n)
			return write ? -ENOSPC : -ENODATA;
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

int cow_init_info(struct cow_info *info, const char *backing_path,
		  int64_t mtime, uint64_t size, uint32_t sector_size,
		  uint32_t alignment)
{
	size_t plen = strlen(backing_path);

	if (!plen)
		return -EINVAL;
	if (plen >= COW_V3_PATH_LEN)
		return -ENAMETOOLONG;

	memset(info, 0, sizeof(*info));
	info->version = COW_VERSION;
	info->mtime = (uint32_t)mtime;
	info->size = size;
	info->sector_size = sector_size ? sector_size : COW_SECTOR_SIZE;
	info->alignment = alignment ? alignment : COW_ALIGNMENT;
	info->bitmap_format = COW_BITMAP_FORMAT;
	info->header_size = COW_V3_HEADER_SIZE;
	memcpy(info->backing_file, backing_path, plen + 1);

	return cow_layout(info) ? -EINVAL : 0;
}

int cow_fd_size(int fd, uint64_t *size)
{
	struct stat st;
	off_t end;

	if (fstat(fd, &st))
		return -errno;
	if (S_ISREG(st.st_mode)) {
		*size = (uint64_t)st.st_size;
		return 0;
	}
	if (!S_ISBLK(st.st_mode))
		return -EINVAL;
	end = lseek(fd, 0, SEEK_END);
	if (end < 0)
		return -errno;
	*size = (uint64_t)end;
	return 0;
}

int cow_init_info_fd(struct cow_info *info, const char *backing_path,
		     int backing_fd)
{
	struct stat st;
	uint64_t size;
	int err;

	if (fstat(backing_fd, &st))
		return -errno;
	err = cow_fd_size(backing_fd, &size);
	if (err)
		return err;
	return cow_init_info(info, backing_path, (int64_t)st.st_mtime, size,
			     0, 0);
}

int cow_encode_header(const struct cow_info *info, void *buf, size_t len)
{
	uint8_t *p = buf;
	size_t plen = strnlen(info->backing_file, sizeof(info->backing_file));

	if (len < COW_V3_HEADER_SIZE)
		return -EINVAL;
	if (plen >= COW_V3_PATH_LEN)
		return -ENAMETOOLONG;

	memset(p, 0, COW_V3_HEADER_SIZE);
	put_be32(p, COW_MAGIC);
	put_be32(p + 4, COW_VERSION);
	put_be32(p + 8, info->mtime);
	put_be64(p + 12, info->size);
	put_be32(p + 20, info->sector_size);
	put_be32(p + 24, info->alignment);
	put_be32(p + 28, COW_BITMAP_FORMAT);
	memcpy(p + 32, info->backing_file, plen);
	return 0;
}

int cow_write_new(int fd, const struct cow_info *info)
{
	uint8_t buf[COW_V3_HEADER_SIZE];
	int err;

	if (info->version != COW_VERSION || !info->data_offset)
		return -EINVAL;
	err = cow_encode_header(info, buf, sizeof(buf));
	if (err)
		return err;

	/* start from an empty file so the bitmap reads back as zeroes */
	if (ftruncate(fd, 0))
		return -errno;
	err = cow_full_io(fd, buf, sizeof(buf), 0, 1);
	if (err)
		return err;
	if (ftruncate(fd, (off_t)(info->data_offset + info->size)))
		return -errno;
	return 0;
}

int cow_absolute_path(const char *path, char *out, size_t outlen)
{
	char dir[PATH_MAX], real[PATH_MAX];
	const char *base;
	size_t plen = strlen(path), dlen, rlen, blen;

	if (!plen)
		return -ENOENT;
	if (plen >= sizeof(dir))
		return -ENAMETOOLONG;

	/* strip trailing slashes, then split off the last component */
	while (plen > 1 && path[plen - 1] == '/')
		plen--;
	base = path + plen;
	while (base > path && base[-1] != '/')
		base--;
	blen = (size_t)(path + plen - base);
	dlen = (size_t)(base - path);

	if (!dlen) {
		dir[0] = '.';
		dir[1] = '\0';
	} else {
		memcpy(dir, path, dlen);
		dir[dlen] = '\0';
	}
	if (!realpath(dir, real))
		return -errno;

	rlen = strlen(real);
	/* "/" on its own, or "." / ".." as last component: use as is */
	if (blen == 0 || (blen == 1 && base[0] == '/')) {
		if (rlen + 1 > outlen)
			return -ENAMETOOLONG;
		memcpy(out, real, rlen + 1);
		return 0;
	}
	if ((blen == 1 && base[0] == '.') ||
	    (blen == 2 && base[0] == '.' && base[1] == '.')) {
		char full[PATH_MAX];

		if (rlen + 1 + blen + 1 > sizeof(full))
			return -ENAMETOOLONG;
		memcpy(full, real, rlen);
		full[rlen] = '/';
		memcpy(full + rlen + 1, base, blen);
		full[rlen + 1 + blen] = '\0';
		if (!realpath(full, real))
			return -errno;
		rlen = strlen(real);
		if (rlen + 1 > outlen)
			return -ENAMETOOLONG;
		memcpy(out, real, rlen + 1);
		return 0;
	}
	if (rlen == 1)	/* real == "/" */
		rlen = 0;
	if (rlen + 1 + blen + 1 > outlen)
		return -ENAMETOOLONG;
	memcpy(out, real, rlen);
	out[rlen] = '/';
	memcpy(out + rlen + 1, base, blen);
	out[rlen + 1 + blen] = '\0';
	return 0;
}

int cow_check_backing_stat(const struct cow_info *info, int64_t mtime,
			   uint64_t size, unsigned int *mismatch)
{
	unsigned int bad = 0;

	if (size != info->size)
		bad |= COW_MISMATCH_SIZE;
	if ((uint32_t)mtime != info->mtime)
		bad |= COW_MISMATCH_MTIME;
	if (mismatch)
		*mismatch = bad;
	return bad ? -ESTALE : 0;
}

int cow_check_backing(const struct cow_info *info, int backing_fd,
		      unsigned int *mismatch)
{
	struct stat st;
	uint64_t size;
	int err;

	if (fstat(backing_fd, &st))
		return -errno;
	err = cow_fd_size(backing_fd, &size);
	if (err)
		return err;
	return cow_check_backing_stat(info, (int64_t)st.st_mtime, size,
				      mismatch);
}

int cow_sector_bit(const struct cow_info *info, uint64_t sector,
		   uint64_t *byte_offset, uint8_t *mask)
{
	if (sector >= info->nr_sectors)
		return -ERANGE;
	*byte_offset = info->bitmap_offset + sector / 8;
	*mask = (uint8_t)(1U << (sector % 8));
	return 0;
}

int cow_sector_data(const struct cow_info *info, uint64_t sector,
		    uint64_t *offset)
{
	if (sector >= info->nr_sectors)
		return -ERANGE;
	*offset = info->data_offset + sector * info->sector_size;
	return 0;
}

const char *cow_strerror(int err)
{
	switch (err) {
	case -EINVAL:
		return "not a COW file";
	case -ENOTSUP:
		return "unsupported COW version or bitmap format";
	case -EUCLEAN:
		return "corrupt COW header";
	case -ESTALE:
		return "backing file changed since the COW file was created";
	case -ENAMETOOLONG:
		return "backing file path too long for the COW header";
	default:
		return NULL;
	}
}
