#!/bin/bash
# timeout: 120
# A guest "reboot -f" re-executes the kernel: the images (a plain root
# and a COW disk) must open again (their locks released at restart),
# and what the first boot wrote is there in the second.
# Needs a kernel that runs /init.
# shellcheck source=ubd-common.inc
. "$(dirname "$0")/ubd-common.inc"

img=$(build_image ubd-reboot --init "$(dirname "$0")/ubd-reboot.init" \
	--add "$TESTS_DIR/images/init-common.sh:/test/init-common.sh") || exit 1
root=$(image_copy "$img")
head -c 1M /dev/zero >"$TEST_TMP/back.img"
mapfile -t args < <(guest_args "$root")
boot_guest --timeout 90 -- "${args[@]}" "ubd1=$TEST_TMP/d.cow,$TEST_TMP/back.img"
expect_in_log '^UBD-FIRST-BOOT' "first boot did not reach init: $(last_log_line)"
expect_not_in_log 'in use by another process' "the restarted kernel found its own images locked"
expect_in_log '^UBD-SECOND-BOOT first boot' "second boot missing or did not see the first boot's file"
[ "$(grep -c '^UBD-FIRST-BOOT' "$GUEST_LOG")" -eq 1 ] || fail "more than one first boot"
expect_exit 0
pass
