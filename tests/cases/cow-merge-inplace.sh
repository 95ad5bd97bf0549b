#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# uml-cow merge COW (no OUT): in-place merge into the backing file, same
# result as uml_moo (new image) and uml_moo -d (in place).
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
fail() { echo "FAIL: $(basename "$0" .sh): $*"; exit 1; }
skip() { echo "SKIP: $(basename "$0" .sh): $*"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/cowtest.XXXXXX") || fail "mktemp"
MOUNTS=()
cleanup() {
	local i
	cd / || return
	for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
		umount "${MOUNTS[i]}" 2>/dev/null
	done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
if [ -n "${UML_COW:-}" ]; then
	COW=$UML_COW
else
	flock "$TOP/tools/cow/Makefile" make -s -C "$TOP/tools/cow" \
		>"$T/build.log" 2>&1 ||
		fail "building tools/cow failed: $(head -n1 "$T/build.log")"
	COW=$TOP/tools/cow/uml-cow
fi
[ -x "$COW" ] || fail "no uml-cow binary at $COW"
cd "$T" || fail "cd $T"

# layout of a version 3 file with default sector size and alignment
layout() {	# SIZE -> BM_OFF DATA_OFF NSECT
	NSECT=$((($1 + 511) / 512))
	BM_OFF=8192
	DATA_OFF=$(((BM_OFF + (NSECT + 7) / 8 + 4095) / 4096 * 4096))
}

# mark SECTOR as present in COW FILE (bitmap at BM_OFF) and fill its data
# (at DATA_OFF) with 512 random bytes
put_sector() {	# FILE SECTOR
	local off=$((BM_OFF + $2 / 8)) cur
	cur=$(od -An -tu1 -j $off -N1 "$1" | tr -d ' ')
	printf "\\$(printf %03o $((${cur:-0} | (1 << ($2 % 8)))))" |
		dd of="$1" bs=1 seek=$off conv=notrunc status=none
	head -c 512 /dev/urandom |
		dd of="$1" bs=512 seek=$((DATA_OFF + $2 * 512)) oflag=seek_bytes \
			conv=notrunc status=none
}

# write data for SECTOR without setting its bit (must be ignored)
put_garbage() {	# FILE SECTOR
	head -c 512 /dev/urandom |
		dd of="$1" bs=512 seek=$((DATA_OFF + $2 * 512)) oflag=seek_bytes \
			conv=notrunc status=none
}

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
