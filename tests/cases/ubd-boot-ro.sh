#!/bin/bash
# timeout: 90
# ubd0r=: the disk is read-only; "rw" root falls back to a read-only
# mount and the image is byte for byte unchanged.
# shellcheck source=ubd-common.inc
. "$(dirname "$0")/ubd-common.inc"

img=$(ubd_root_image)
before=$(sha256sum <"$img")
ubd_boot "ubd0r=$img" root=/dev/ubda rw
ubd_expect_root_mounted ubda
expect_in_log "ubda: '$img', [0-9]+ sectors, read-only" "ubda not reported read-only"
expect_in_log 'VFS: Mounted root \(ext4 filesystem\) readonly' "root not mounted read-only"
expect_exit 1
[ "$(sha256sum <"$img")" = "$before" ] || fail "a read-only boot changed the image"

# A read-only user only needs a shared lock: another shared holder is fine.
exec {lk}<"$img"
flock -s "$lk" || fail "cannot take a shared lock for the test"
ubd_boot "ubd0r=$img" root=/dev/ubda
exec {lk}<&-
ubd_expect_root_mounted ubda
pass
