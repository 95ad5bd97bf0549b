#!/bin/bash
# timeout: 150
# "reboot" restarts the guest kernel in the same host process: the
# guest boots a second time (a boot counter on its root disk says 2) and
# the mconsole answers again.  "cad" is ctrl-alt-del: the kernel sends
# SIGINT to init (busybox init, which disabled the kernel's own
# ctrl-alt-del reboot), whose inittab prints a marker and powers off.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=mconsole-common.inc
. "$TESTS_DIR/cases/mconsole-common.inc"

img=$(build_image mconsole-reboot --init "$TESTS_DIR/cases/mconsole-reboot.init" \
	--add "$TESTS_DIR/images/init-common.sh:/test/init-common.sh" \
	--add "$TESTS_DIR/cases/mconsole-reboot.inittab:/etc/inittab") || exit 1
mkdir -p "$MC_DIR"
mapfile -t args < <(guest_args "$(image_copy "$img")")
start_guest -- "${args[@]}" umid=mc uml_dir="$MC_DIR"
wait_for_log '^ALIVE 1' 60 || fail "the first boot did not reach init: $(last_log_line)"
expect_in_log '^BOOT-COUNT 1'

mc reboot || fail "reboot failed: $MC_OUT"
wait_for_log '^ALIVE 2' 60 || fail "no second boot after reboot: $(last_log_line)"
kill -0 "$GUEST_PID" || fail "the kernel process ended at reboot"
[ "$(grep -c 'Linux version' "$GUEST_LOG")" -eq 2 ] || fail "expected two kernel boots in the log"
[ "$(grep -c '^BOOT-COUNT' "$GUEST_LOG")" -eq 2 ] || fail "expected exactly two boots"
for _ in $(seq 50); do [ -S "$MC_SOCK" ] && break; sleep 0.1; done
mc version || fail "the mconsole does not answer after reboot: $MC_OUT"

mc cad || fail "cad failed: $MC_OUT"
wait_guest 30 || fail "the guest did not power off after cad"
expect_in_log '^CAD-REACHED-INIT 2' "init did not see ctrl-alt-del"
expect_not_in_log '^BOOT-COUNT 3' "cad rebooted instead of reaching init"
expect_exit 0
pass
