#!/bin/bash
# timeout: 90
# Root on ubd0: the ext4 image is mounted read-write, the mount writes
# reach the host file, and no I/O error shows up.
# Ends in the "no init" panic on purpose (see ubd-common.inc).
# shellcheck source=ubd-common.inc
. "$(dirname "$0")/ubd-common.inc"

img=$(ubd_root_image)
before=$(sha256sum <"$img")
ubd_boot "ubd0=$img" root=/dev/ubda rw
ubd_expect_root_mounted ubda
expect_in_log "ubda: '$img', [0-9]+ sectors" "no ubda line with the image name"
expect_in_log "EXT4-fs \\(ubda\\): mounted filesystem .* r/w" "root not mounted r/w"
expect_not_in_log 'Mounted root .*readonly' "root mounted read-only"
expect_exit 1
[ "$(sha256sum <"$img")" != "$before" ] ||
	fail "the read-write mount did not change the image (writes lost?)"
# The file system is still clean as far as the host's fsck is concerned.
e2fsck -fn "$img" >"$TEST_TMP/fsck.log" 2>&1 ||
	fail "e2fsck found problems: $(tail -n 3 "$TEST_TMP/fsck.log")"
pass
