#!/bin/bash
# timeout: 180
# Guest I/O through ubd: a COW root (file written, re-read after the
# page cache is dropped, found in the merged image afterwards), raw and
# parallel writes and a discard on a plain disk, a read-only disk that refuses writes,
# an unflushed direct write to a COW disk that power-off must keep.
# Needs a kernel that runs /init.
# shellcheck source=ubd-common.inc
. "$(dirname "$0")/ubd-common.inc"

UML_COW=$REPO_ROOT/tools/cow/uml-cow
flock "$REPO_ROOT/tools/cow/Makefile" make -s -C "$REPO_ROOT/tools/cow" >/dev/null 2>&1 ||
	fail "building tools/cow failed"

img=$(build_image ubd-guest-io --init "$(dirname "$0")/ubd-guest-io.init" \
	--add "$TESTS_DIR/images/init-common.sh:/test/init-common.sh") || exit 1
root=$(image_copy "$img")
cow=$TEST_TMP/root.cow
data=$TEST_TMP/data.img
ro=$TEST_TMP/ro.img
head -c $((8 * 1024 * 1024)) /dev/zero | tr '\0' '\252' >"$data"
head -c $((2 * 1024 * 1024)) /dev/urandom >"$ro"
root_sum=$(sha256sum <"$root")
ro_sum=$(sha256sum <"$ro")
back2=$TEST_TMP/back2.img
head -c $((1024 * 1024)) /dev/zero >"$back2"

mapfile -t args < <(guest_args "$cow,$root")
boot_guest --timeout 120 -- "${args[@]}" "ubd1=$data" "ubd2r=$ro" \
	"ubd3=$TEST_TMP/data2.cow,$back2"
expect_in_log '^GUEST-DONE' "the guest did not finish: $(last_log_line)"
expect_in_log '^GUEST-REREAD-OK' "file on the COW root read back wrong"
expect_in_log '^GUEST-RAW-OK' "raw writes to ubdb read back wrong"
expect_in_log '^GUEST-PARALLEL-OK' "parallel writes to ubdb read back wrong"
expect_in_log '^GUEST-DISCARD-DONE' "blkdiscard on ubdb failed"
expect_in_log '^GUEST-DISCARD-ZERO' "discarded blocks of ubdb do not read as zeros"
expect_in_log '^GUEST-RO-WRITE-REFUSED' "a write to the read-only ubdc succeeded"
expect_in_log '^GUEST-DIRECT-OK' "the direct write to ubdd failed"
expect_not_in_log 'I/O error|EXT4-fs error' "I/O errors in the log"
expect_exit 0

[ "$(sha256sum <"$root")" = "$root_sum" ] || fail "the COW's backing image changed"
[ "$(sha256sum <"$ro")" = "$ro_sum" ] || fail "the read-only image changed"
guest_ro=$(sed -n 's/^GUEST-RO-MD5 //p' "$GUEST_LOG")
[ "$guest_ro" = "$(md5sum <"$ro" | cut -d' ' -f1)" ] || fail "the guest read ubdc wrong"

# The data disk: the chunk at sector 7 and at 4 KiB block 1000, the
# filler around them untouched.
want=$(sed -n 's/^GUEST-CHUNK-MD5 //p' "$GUEST_LOG")
[ "$(dd if="$data" bs=512 skip=7 count=264 2>/dev/null | md5sum | cut -d' ' -f1)" = "$want" ] ||
	fail "chunk at sector 7 not in the host file"
[ "$(dd if="$data" bs=4096 skip=1000 count=33 2>/dev/null | md5sum | cut -d' ' -f1)" = "$want" ] ||
	fail "chunk at block 1000 not in the host file"
[ "$(dd if="$data" bs=512 skip=6 count=1 2>/dev/null | tr -d '\252' | wc -c)" -eq 0 ] ||
	fail "sector 6 of the data disk was modified"
[ "$(dd if="$data" bs=4096 skip=1100 count=33 2>/dev/null | tr -d '\0' | wc -c)" -eq 0 ] ||
	fail "discarded blocks of the data disk are not zeros in the host file"
[ "$(dd if="$data" bs=4096 skip=1140 count=33 2>/dev/null | md5sum | cut -d' ' -f1)" = "$want" ] ||
	fail "parallel write at block 1140 not in the host file"

# The COW root, merged: clean, with the guest's files.
"$UML_COW" merge "$cow" "$TEST_TMP/merged.img" >"$TEST_TMP/merge.log" 2>&1 ||
	fail "uml-cow merge failed: $(cat "$TEST_TMP/merge.log")"
e2fsck -fn "$TEST_TMP/merged.img" >"$TEST_TMP/fsck.log" 2>&1 ||
	fail "e2fsck of the merged image: $(tail -n 3 "$TEST_TMP/fsck.log")"
debugfs -R "dump /big $TEST_TMP/big" "$TEST_TMP/merged.img" >/dev/null 2>&1
want=$(sed -n 's/^GUEST-BIG-MD5 //p' "$GUEST_LOG")
if [ -z "$want" ] || [ "$(md5sum <"$TEST_TMP/big" | cut -d' ' -f1)" != "$want" ]; then
	fail "/big in the merged COW image differs from what the guest wrote"
fi
[ "$(debugfs -R 'cat /last' "$TEST_TMP/merged.img" 2>/dev/null)" = "written just before poweroff" ] ||
	fail "/last (written right before poweroff) missing from the COW"

"$UML_COW" merge "$TEST_TMP/data2.cow" "$TEST_TMP/data2.img" >"$TEST_TMP/merge2.log" 2>&1 ||
	fail "uml-cow merge of data2.cow failed: $(cat "$TEST_TMP/merge2.log")"
[ "$(dd if="$TEST_TMP/data2.img" bs=4096 skip=3 count=33 2>/dev/null | md5sum | cut -d' ' -f1)" = \
	"$(sed -n 's/^GUEST-CHUNK-MD5 //p' "$GUEST_LOG")" ] ||
	fail "the direct write to the COW disk ubdd was lost at power-off"
pass
