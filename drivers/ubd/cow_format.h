/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-mode Linux copy-on-write (COW) file format, host side.
 *
 * A COW file sits on top of a read-only "backing" image.  It holds a
 * header, a bitmap with one bit per sector of the backing image and a
 * sparse data area that mirrors the backing image sector for sector.
 * A set bit means "this sector has been written, read it from the COW
 * file"; a clear bit means "read it from the backing file".
 *
 * The layout below was worked out by experiment: files were made with
 * uml_mkcow(1) and by booting linux.uml with ubdN=cow,backing, then
 * hex-dumped; hand-made files of every version were checked against
 * uml_moo(1), which merges them.
 *
 * Version 3 (the only version written today; all integers big-endian,
 * no padding anywhere):
 *
 *   offset  size  field
 *   ------  ----  ---------------------------------------------------
 *        0     4  magic, 0x4f4f4f4d (the bytes "OOOM")
 *        4     4  version, 3
 *        8     4  backing file mtime, seconds since the epoch, unsigned
 *                 (only the low 32 bits of the host mtime are kept)
 *       12     8  backing file size in bytes (not 8-byte aligned!)
 *       20     4  sector size in bytes, 512 in practice
 *       24     4  alignment in bytes, 4096 in practice
 *       28     4  bitmap format, 0 = one bit per sector (the only one)
 *       32  4096  backing file path, NUL-terminated, NUL-padded
 *     4128        end of header
 *
 *   nr_sectors    = DIV_ROUND_UP(backing size, sector size)
 *   bitmap_offset = round_up(4128, alignment)                  (8192)
 *   bitmap_len    = DIV_ROUND_UP(nr_sectors, 8)
 *   data_offset   = round_up(bitmap_offset + bitmap_len, alignment)
 *
 * Versions 1 and 2 (read only):
 *
 *   v1: fields in the byte order of the machine that wrote the file
 *       (little-endian in practice; a byte-swapped magic tells):
 *          0 magic, 4 version = 1, 8 path[256], 264 mtime (32 bit),
 *        268 size (64 bit), 276 sector size (32 bit), 280 end.
 *   v2: big-endian:
 *          0 magic, 4 version = 2, 8 path[4096], 4104 mtime (32 bit),
 *       4108 size (64 bit), 4116 sector size (32 bit), 4120 end.
 *
 *   For both: bitmap_offset = end of header (no rounding),
 *   data_offset = round_up(bitmap_offset + bitmap_len, sector size),
 *   alignment is reported as the sector size.
 *
 * Bitmap: bit for sector n is bit (n % 8), counting from the least
 * significant bit, of byte (n / 8) of the bitmap.
 *
 * Data: sector n of the virtual disk lives at
 *   data_offset + n * sector size
 * of the COW file.  The file is normally sparse and is extended to
 * data_offset + backing size when created.
 *
 * Backing path: linux.uml and uml_mkcow store an absolute path, built
 * by resolving the directory part of the given path (realpath(3),
 * symlinks followed) and appending the last component unchanged (a
 * symlink as the last component is kept as the link).
 *
 * Consistency: a COW file is only valid while the backing file keeps
 * the size and (low 32 bits of the) mtime recorded in the header;
 * linux.uml refuses to open it otherwise.
 *
 * This file is plain C11 + POSIX, free of global state, and never
 * prints; all functions return 0 or a negative errno value:
 *   -EINVAL     not a COW file (bad magic, file shorter than a header)
 *   -ENOTSUP    unknown version or bitmap format
 *   -EUCLEAN    header is corrupt (bad sector size, alignment, path...)
 *   -ESTALE     backing file no longer matches the header
 *   -ENAMETOOLONG  backing path does not fit into the header
 *   anything else: from the failing system call
 */
#ifndef UM_COW_FORMAT_H
#define UM_COW_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#define COW_MAGIC		0x4f4f4f4dU
#define COW_VERSION		3
#define COW_SECTOR_SIZE		512
#define COW_ALIGNMENT		4096
#define COW_BITMAP_FORMAT	0

#define COW_V1_PATH_LEN		256
#define COW_V2_PATH_LEN		4096
#define COW_V3_PATH_LEN		4096
#define COW_V1_HEADER_SIZE	(8 + COW_V1_PATH_LEN + 16)	/* 280 */
#define COW_V2_HEADER_SIZE	(8 + COW_V2_PATH_LEN + 16)	/* 4120 */
#define COW_V3_HEADER_SIZE	(32 + COW_V3_PATH_LEN)		/* 4128 */
#define COW_MAX_HEADER_SIZE	COW_V3_HEADER_SIZE
#define COW_PATH_MAX		COW_V3_PATH_LEN

/* bits reported by cow_check_backing() */
#define COW_MISMATCH_SIZE	0x1
#define COW_MISMATCH_MTIME	0x2

/* A decoded header plus the layout derived from it. */
struct cow_info {
	uint32_t version;
	uint32_t sector_size;
	uint32_t alignment;
	uint32_t bitmap_format;
	uint32_t mtime;		/* as stored: low 32 bits, seconds */
	uint64_t size;		/* backing size in bytes */
	uint64_t nr_sectors;
	uint64_t header_size;
	uint64_t bitmap_offset;
	uint64_t bitmap_len;
	uint64_t data_offset;
	char backing_file[COW_PATH_MAX + 1];
};

/*
 * Decode a header from @buf (@len bytes from the start of the file).
 * @len may be shorter than COW_MAX_HEADER_SIZE only for v1 files.
 */
int cow_parse_header(const void *buf, size_t len, struct cow_info *info);

/* Read and decode the header at the start of @fd (uses pread). */
int cow_read_header(int fd, struct cow_info *info);

/*
 * Fill @info for a new version 3 file over a backing file with the given
 * path (stored as is), mtime and size.  @sector_size and @alignment may
 * be 0 for the defaults (512 and 4096).
 */
int cow_init_info(struct cow_info *info, const char *backing_path,
		  int64_t mtime, uint64_t size, uint32_t sector_size,
		  uint32_t alignment);

/* Like cow_init_info(), taking mtime and size from the open backing fd. */
int cow_init_info_fd(struct cow_info *info, const char *backing_path,
		     int backing_fd);

/* Encode @info as a version 3 header into @buf (COW_V3_HEADER_SIZE). */
int cow_encode_header(const struct cow_info *info, void *buf, size_t len);

/*
 * Write a fresh COW file to @fd: truncate it, write the version 3 header,
 * leave the bitmap all zero and extend the file (sparsely) to
 * data_offset + size.  Does not fsync.
 */
int cow_write_new(int fd, const struct cow_info *info);

/*
 * Turn @path into the absolute form linux.uml stores: realpath() of the
 * directory part plus the unchanged last component.  @out gets at most
 * @outlen bytes including the NUL.
 */
int cow_absolute_path(const char *path, char *out, size_t outlen);

/*
 * Compare a backing file's current state with the header.  Returns 0 if
 * it matches, -ESTALE if not; *mismatch (may be NULL) gets a mask of
 * COW_MISMATCH_* bits.
 */
int cow_check_backing_stat(const struct cow_info *info, int64_t mtime,
			   uint64_t size, unsigned int *mismatch);
int cow_check_backing(const struct cow_info *info, int backing_fd,
		      unsigned int *mismatch);

/*
 * Read (@write == 0) or write all @len bytes at @off, riding out EINTR and
 * short transfers.  Returns 0, -errno, -ENODATA when a read meets the end
 * of the file, or -ENOSPC when a write makes no progress.
 */
int cow_full_io(int fd, void *buf, size_t len, uint64_t off, int write);

/* Size in bytes of a file or block device open on @fd. */
int cow_fd_size(int fd, uint64_t *size);

/* Where the bit of @sector lives: absolute file offset of its byte and
 * the mask within that byte.  -ERANGE if @sector is past the end.
 */
int cow_sector_bit(const struct cow_info *info, uint64_t sector,
		   uint64_t *byte_offset, uint8_t *mask);

/* Absolute file offset of the data of @sector, -ERANGE past the end. */
int cow_sector_data(const struct cow_info *info, uint64_t sector,
		    uint64_t *offset);

/* Bitmap helpers on an in-memory copy of (part of) the bitmap. */
static inline int cow_bitmap_test(const uint8_t *bitmap, uint64_t bit)
{
	return (bitmap[bit >> 3] >> (bit & 7)) & 1;
}

static inline void cow_bitmap_set(uint8_t *bitmap, uint64_t bit)
{
	bitmap[bit >> 3] |= (uint8_t)(1U << (bit & 7));
}

static inline void cow_bitmap_clear(uint8_t *bitmap, uint64_t bit)
{
	bitmap[bit >> 3] &= (uint8_t)~(1U << (bit & 7));
}

/* Short description of the COW-specific error codes above. */
const char *cow_strerror(int err);

#endif /* UM_COW_FORMAT_H */
