#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The cow_format.c library on its own: builds as strict C11 + POSIX with
# no warnings, and its API (header parse/encode, layout, sector bit and
# data offsets, backing checks, absolute paths) gives the expected values
# on files made by uml_mkcow.
# shellcheck source-path=SCRIPTDIR source=cow-common.inc
. "$(dirname "$0")/cow-common.inc"

command -v uml_mkcow >/dev/null || skip "uml_mkcow not installed"
CC=${CC:-cc}

cat >t.c <<'CEOF'
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cow_format.h"

#define CHECK(c) do { if (!(c)) { printf("line %d: %s\n", __LINE__, #c); \
			exit(1); } } while (0)

int main(int argc, char **argv)
{
	struct cow_info a, b;
	unsigned char hdr[COW_V3_HEADER_SIZE], raw[COW_V3_HEADER_SIZE];
	unsigned int bad;
	uint64_t off;
	uint8_t mask;
	char abs[COW_PATH_MAX], lng[COW_PATH_MAX + 1];
	int fd = open(argv[1], O_RDONLY), bfd = open(argv[2], O_RDONLY);

	CHECK(fd >= 0 && bfd >= 0);
	CHECK(cow_read_header(fd, &a) == 0);
	CHECK(a.version == 3 && a.sector_size == 512 && a.alignment == 4096);
	CHECK(a.size == 1048576 + 1000 && a.nr_sectors == 2050);
	CHECK(a.bitmap_offset == 8192 && a.bitmap_len == 257);
	CHECK(a.data_offset == 12288 && a.header_size == 4128);
	CHECK(strcmp(a.backing_file, argv[3]) == 0);
	CHECK(a.mtime == (uint32_t)strtoll(argv[4], NULL, 10));

	CHECK(cow_sector_bit(&a, 0, &off, &mask) == 0 && off == 8192 && mask == 1);
	CHECK(cow_sector_bit(&a, 13, &off, &mask) == 0 && off == 8193 && mask == 0x20);
	CHECK(cow_sector_bit(&a, 2049, &off, &mask) == 0 && off == 8192 + 256 && mask == 2);
	CHECK(cow_sector_bit(&a, 2050, &off, &mask) == -ERANGE);
	CHECK(cow_sector_data(&a, 0, &off) == 0 && off == 12288);
	CHECK(cow_sector_data(&a, 7, &off) == 0 && off == 12288 + 7 * 512);
	CHECK(cow_sector_data(&a, 2050, &off) == -ERANGE);

	/* re-encoding gives uml_mkcow's header byte for byte */
	CHECK(pread(fd, raw, sizeof(raw), 0) == (ssize_t)sizeof(raw));
	CHECK(cow_encode_header(&a, hdr, sizeof(hdr)) == 0);
	CHECK(memcmp(hdr, raw, sizeof(hdr)) == 0);
	CHECK(cow_init_info_fd(&b, argv[3], bfd) == 0);
	CHECK(cow_encode_header(&b, hdr, sizeof(hdr)) == 0);
	CHECK(memcmp(hdr, raw, sizeof(hdr)) == 0);
	CHECK(cow_parse_header(raw, sizeof(raw), &b) == 0);
	CHECK(memcmp(&a, &b, sizeof(a)) == 0);
	CHECK(cow_parse_header(raw, 100, &b) == -EINVAL);

	/* backing checks */
	CHECK(cow_check_backing(&a, bfd, &bad) == 0 && bad == 0);
	CHECK(cow_check_backing_stat(&a, a.mtime + 1, a.size, &bad) == -ESTALE &&
	      bad == COW_MISMATCH_MTIME);
	CHECK(cow_check_backing_stat(&a, a.mtime, a.size - 1, &bad) == -ESTALE &&
	      bad == COW_MISMATCH_SIZE);
	CHECK(cow_check_backing_stat(&a, a.mtime + 0x100000000LL, a.size, NULL) == 0);
	CHECK(cow_strerror(-ESTALE) != NULL && cow_strerror(-EIO) == NULL);

	/* bad headers */
	raw[0] ^= 1;
	CHECK(cow_parse_header(raw, sizeof(raw), &b) == -EINVAL);
	raw[0] ^= 1;
	raw[7] = 4;
	CHECK(cow_parse_header(raw, sizeof(raw), &b) == -ENOTSUP);
	raw[7] = 3;
	raw[31] = 1;
	CHECK(cow_parse_header(raw, sizeof(raw), &b) == -ENOTSUP);
	raw[31] = 0;
	raw[22] = 3;
	CHECK(cow_parse_header(raw, sizeof(raw), &b) == -EUCLEAN);
	raw[22] = 2;
	memset(raw + 32, 'x', COW_V3_PATH_LEN);
	CHECK(cow_parse_header(raw, sizeof(raw), &b) == -EUCLEAN);

	/* path handling */
	memset(lng, 'y', sizeof(lng) - 1);
	lng[sizeof(lng) - 1] = 0;	/* 4096 chars: no room for the NUL */
	CHECK(cow_init_info(&b, lng, 0, 0, 0, 0) == -ENAMETOOLONG);
	lng[sizeof(lng) - 2] = 0;	/* 4095 chars: fits */
	CHECK(cow_init_info(&b, lng, 0, 0, 0, 0) == 0);
	CHECK(cow_init_info(&b, "", 0, 0, 0, 0) == -EINVAL);
	CHECK(cow_absolute_path("sub/../back.img", abs, sizeof(abs)) == 0);
	CHECK(strcmp(abs, argv[3]) == 0);
	CHECK(cow_absolute_path("nodir/x", abs, sizeof(abs)) == -ENOENT);
	CHECK(cow_absolute_path(argv[3], abs, 5) == -ENAMETOOLONG);

	/* a fresh file written by the library reads back identically */
	close(fd);
	fd = open("new.img", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0 && cow_init_info_fd(&b, argv[3], bfd) == 0);
	CHECK(cow_write_new(fd, &b) == 0 && cow_read_header(fd, &a) == 0);
	CHECK(memcmp(&a, &b, sizeof(a)) == 0);
	CHECK(lseek(fd, 0, SEEK_END) == (off_t)(a.data_offset + a.size));
	return 0;
}
CEOF

$CC -std=c11 -Wall -Wextra -Werror -pedantic -I"$TOP/drivers/ubd" -c \
	"$TOP/drivers/ubd/cow_format.c" -o cow_format.o 2>cc.txt ||
	fail "cow_format.c does not build cleanly: $(head -n1 cc.txt)"
$CC -std=c11 -Wall -Werror -I"$TOP/drivers/ubd" -o t t.c cow_format.o 2>cc.txt ||
	fail "API test does not build: $(head -n1 cc.txt)"
nm cow_format.o | grep -qE ' [BDdbCG] ' && fail "cow_format.o has global/static data"
nm -u cow_format.o | grep -qE 'printf|puts|exit|abort|malloc' &&
	fail "cow_format.o calls $(nm -u cow_format.o | grep -E 'printf|puts|exit|abort|malloc' | head -n1)"

mkdir sub
head -c $((1048576 + 1000)) /dev/urandom >back.img
touch -d '2024-04-04 04:04:04' back.img
uml_mkcow mk.img back.img >/dev/null 2>&1 || fail "uml_mkcow failed"
./t mk.img back.img "$T/back.img" "$(stat -c %Y back.img)" >out.txt ||
	fail "API check failed at $(cat out.txt)"
exit 0
