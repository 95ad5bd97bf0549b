#!/bin/bash
# timeout: 90
# A COW file whose backing file changed (size or mtime) is refused with
# one line, exit 1; a file that is no COW given as COW,BACKING likewise.
# shellcheck source=ubd-common.inc
. "$(dirname "$0")/ubd-common.inc"

UML_COW=$REPO_ROOT/tools/cow/uml-cow
flock "$REPO_ROOT/tools/cow/Makefile" make -s -C "$REPO_ROOT/tools/cow" >/dev/null 2>&1 ||
	fail "building tools/cow failed"

back=$TEST_TMP/back.img
head -c 4M /dev/zero >"$back"
"$UML_COW" create "$TEST_TMP/a.cow" "$back" >/dev/null || fail "uml-cow create failed"
touch -d '2001-01-01' "$back"
ubd_run_bad "ubd0=$TEST_TMP/a.cow"
ubd_expect_bad "^linux: ubd0: backing file '.*back\\.img' of COW file '.*a\\.cow' has changed .*mtime"

"$UML_COW" create -f "$TEST_TMP/a.cow" "$back" >/dev/null || fail "uml-cow create -f failed"
truncate -s 5M "$back"
ubd_run_bad "ubd0=$TEST_TMP/a.cow,$back"
ubd_expect_bad "^linux: ubd0: backing file .* has changed .*size"

head -c 64K /dev/zero >"$TEST_TMP/plain.img"
ubd_run_bad "ubd0=$TEST_TMP/plain.img,$back"
ubd_expect_bad "^linux: ubd0: '.*plain\\.img' is not a usable COW file: not a COW file"
pass
