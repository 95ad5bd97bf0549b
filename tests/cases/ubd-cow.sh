#!/bin/bash
# timeout: 120
# ubd0=COW,BACKING with a missing COW creates it; writes go to the COW,
# the backing image stays unchanged; a second boot with ubd0=COW alone
# finds the backing file through the header.
# shellcheck source=ubd-common.inc
. "$(dirname "$0")/ubd-common.inc"

UML_COW=$REPO_ROOT/tools/cow/uml-cow
flock "$REPO_ROOT/tools/cow/Makefile" make -s -C "$REPO_ROOT/tools/cow" >/dev/null 2>&1 ||
	fail "building tools/cow failed"

img=$(ubd_root_image)
cow=$TEST_TMP/root.cow
before=$(sha256sum <"$img")
ubd_boot "ubd0=$cow,$img" root=/dev/ubda rw
ubd_expect_root_mounted ubda
expect_in_log "ubda: '$cow' over '$img', [0-9]+ sectors, copy-on-write" "ubda not reported as COW"
expect_exit 1
[ -f "$cow" ] || fail "the COW file was not created"
[ "$(sha256sum <"$img")" = "$before" ] || fail "the backing image changed"
"$UML_COW" info "$cow" >"$TEST_TMP/info" 2>&1 || fail "uml-cow info failed: $(cat "$TEST_TMP/info")"
grep -q "$(basename "$img")" "$TEST_TMP/info" || fail "COW header does not name the backing file: $(cat "$TEST_TMP/info")"

# Second boot: COW alone, the header names the backing file.
ubd_boot "ubd0=$cow" root=/dev/ubda rw
ubd_expect_root_mounted ubda
expect_in_log "ubda: '$cow' over '/[^']*$(basename "$img")'" "backing file not taken from the header"
[ "$(sha256sum <"$img")" = "$before" ] || fail "the backing image changed on the second boot"

# The merged disk (backing + COW) is a clean ext4 file system that
# carries the guest's writes (ext4 counts mounts).
"$UML_COW" merge "$cow" "$TEST_TMP/merged.img" >"$TEST_TMP/merge.log" 2>&1 ||
	fail "uml-cow merge failed: $(cat "$TEST_TMP/merge.log")"
e2fsck -fn "$TEST_TMP/merged.img" >"$TEST_TMP/fsck.log" 2>&1 ||
	fail "e2fsck of the merged image: $(tail -n 3 "$TEST_TMP/fsck.log")"
m0=$(dumpe2fs -h "$img" 2>/dev/null | sed -n 's/^Mount count: *//p')
m2=$(dumpe2fs -h "$TEST_TMP/merged.img" 2>/dev/null | sed -n 's/^Mount count: *//p')
if [ -z "$m0" ] || [ -z "$m2" ] || [ "$m2" -le "$m0" ]; then
	fail "mount count in the merged image ($m2) not above the backing's ($m0)"
fi
pass
