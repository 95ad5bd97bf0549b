#!/bin/bash
# timeout: 90
# Without c an image is locked: a second user gets a clear one-line
# error; with c (shared) the lock is not taken and the boot goes on.
# shellcheck source=ubd-common.inc
. "$(dirname "$0")/ubd-common.inc"

img=$(ubd_root_image)
exec {lk}<"$img"
flock -x "$lk" || fail "cannot take the test's lock"

ubd_run_bad "ubd0=$img" root=/dev/ubda
ubd_expect_bad "^linux: ubd0: '$img' is in use by another process"
ubd_run_bad "ubd0r=$img" root=/dev/ubda
ubd_expect_bad "^linux: ubd0: '$img' is in use by another process"

ubd_boot "ubd0rc=$img" root=/dev/ubda
ubd_expect_root_mounted ubda
expect_in_log "ubda: '$img', [0-9]+ sectors, read-only, shared"
exec {lk}<&-

# A running kernel holds the lock: one that waits for a root device
# that never comes (rootwait) keeps ubd0 open, and a second kernel must
# be refused.
start_guest -- mem=128M "${UML_CONSOLE_ARGS[@]}" "init=$UBD_NO_INIT" \
	"ubd0=$img" root=/dev/ubdp rootwait
wait_for_log "ubda: '" 30 || fail "first kernel did not open its disk: $(last_log_line)"
ubd_run_bad "ubd0=$img" root=/dev/ubda
kill_guest
ubd_expect_bad "^linux: ubd0: '$img' is in use by another process"
# ... and once it is gone, the image is free again.
ubd_boot "ubd0=$img" root=/dev/ubda
ubd_expect_root_mounted ubda
pass
