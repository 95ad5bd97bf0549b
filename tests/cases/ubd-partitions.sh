#!/bin/bash
# timeout: 90
# A partitioned disk: the partition table is read (ubda1, ubda2), the
# root file system is mounted from ubda2; with d the table is ignored.
# shellcheck source=ubd-common.inc
. "$(dirname "$0")/ubd-common.inc"

# le32 N: four little-endian bytes as printf escapes.
le32() {
	printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) \
		$(($1 >> 16 & 255)) $(($1 >> 24 & 255))
}

# mbr_entry SLOT START SECTORS: a Linux (0x83) primary partition.
mbr_entry() {
	# shellcheck disable=SC2059 # the format is built from escapes
	printf "\\x00\\x00\\x00\\x00\\x83\\x00\\x00\\x00$(le32 "$2")$(le32 "$3")" |
		dd of="$disk" bs=1 seek=$((446 + 16 * $1)) conv=notrunc status=none
}

fs=$(build_image ubd-part-root --size 32M) || exit 1
disk=$TEST_TMP/disk.img
truncate -s 48M "$disk"
# ubda1: 8 MiB at 1 MiB, ubda2: 32 MiB at 9 MiB.
# (Written by hand: an MBR needs no tool, and sfdisk is not everywhere.)
mbr_entry 0 2048 16384
mbr_entry 1 18432 65536
printf '\x55\xaa' | dd of="$disk" bs=1 seek=510 conv=notrunc status=none
dd if="$fs" of="$disk" bs=512 seek=18432 conv=notrunc,sparse status=none ||
	fail "cannot copy the file system into the partition"

ubd_boot "ubd0=$disk" root=/dev/ubda2 rw
expect_in_log '^ ?ubda: ubda1 ubda2' "partition list 'ubda: ubda1 ubda2' missing"
ubd_expect_root_mounted ubda2
expect_exit 1

# d: data only, the disk is not scanned for partitions.
ubd_boot "ubd0d=$disk" root=/dev/ubda2
expect_not_in_log 'ubda: ubda1' "partitions scanned although d was given"
expect_in_log "ubda: '$disk', 98304 sectors"
pass
