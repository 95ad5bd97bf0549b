#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# uml-cow merge COW (no OUT): in-place merge into the backing file, same
# result as uml_moo (new image) and uml_moo -d (in place).
# shellcheck source-path=SCRIPTDIR source=cow-common.inc
. "$(dirname "$0")/cow-common.inc"

command -v uml_moo >/dev/null || skip "uml_moo not installed"

size=2097152
head -c $size /dev/urandom >back.img || fail "cannot make backing file"
touch -d '2022-06-01 12:00:00' back.img
cp -p back.img back2.img
"$COW" create cow.img back.img || fail "create failed"
layout $size
for s in 0 3 8 15 16 17 1000 2047 2048 4000 4095; do
	put_sector cow.img $s
done
put_garbage cow.img 20
uml_moo cow.img ref.img >/dev/null 2>&1 || fail "uml_moo failed"
sum=$(md5sum <cow.img)

"$COW" merge cow.img 2>err.txt || fail "in-place merge failed: $(cat err.txt)"
cmp -s ref.img back.img || fail "in-place result differs from uml_moo: $(cmp ref.img back.img)"
[ "$(md5sum <cow.img)" = "$sum" ] || fail "in-place merge modified the COW file"

# the COW file is now stale: info and merge must say so
"$COW" info cow.img >/dev/null 2>err.txt && fail "info accepted a stale COW file"
grep -q 'changed' err.txt || fail "info gave no 'changed' error: $(cat err.txt)"
"$COW" merge cow.img 2>err.txt && fail "second in-place merge was not refused"
[ "$(wc -l <err.txt)" = 1 ] || fail "expected one error line: $(cat err.txt)"

# same thing against uml_moo -d, via -b on a copy of the backing file
cp cow.img cow2.img
uml_moo -d -b back2.img cow2.img >/dev/null 2>&1 || fail "uml_moo -d failed"
cmp -s ref.img back2.img || fail "uml_moo -d result differs from uml_moo"
head -c $size /dev/urandom >back3.img && touch -d '2022-06-01 12:00:00' back3.img
cp -p back3.img back4.img
uml_moo -d -b back3.img cow.img >/dev/null 2>&1 || fail "uml_moo -d -b failed"
"$COW" merge -b back4.img cow.img || fail "in-place merge -b failed"
cmp -s back3.img back4.img || fail "in-place merge -b differs from uml_moo -d -b"
exit 0
