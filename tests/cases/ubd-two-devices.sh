#!/bin/bash
# timeout: 90
# Two devices: the root on the second one (ubdb, synchronous), a data
# disk of an odd size (rounded down to whole sectors) as ubda.
# shellcheck source=ubd-common.inc
. "$(dirname "$0")/ubd-common.inc"

img=$(ubd_root_image)
data=$TEST_TMP/data.img
head -c $((1024 * 1024 + 300)) /dev/zero | tr '\0' '\125' >"$data"
ubd_boot "ubd0=$data" "ubd1s=$img" root=/dev/ubdb rw
expect_in_log "ubda: '$data', 2048 sectors" "odd-sized data disk not rounded to 2048 sectors"
expect_in_log "ubdb: '$img', [0-9]+ sectors, synchronous"
ubd_expect_root_mounted ubdb
expect_exit 1
pass
