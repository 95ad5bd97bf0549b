#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Reading COW files made by uml_mkcow, and version 1 and 2 files (built
# here byte by byte): info decodes them, merge matches uml_moo exactly.
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

command -v uml_mkcow >/dev/null || skip "uml_mkcow not installed"
command -v uml_moo >/dev/null || skip "uml_moo not installed"

# bytes of an integer: NBYTES be|le VALUE
bytes() {
	local n=$1 order=$2 v=$3 i s=
	for ((i = 0; i < n; i++)); do
		if [ $order = be ]; then
			s+=$(printf '\\x%02x' $(((v >> (8 * (n - 1 - i))) & 255)))
		else
			s+=$(printf '\\x%02x' $(((v >> (8 * i)) & 255)))
		fi
	done
	printf "$s"
}

size=1048576
head -c $size /dev/urandom >back.img || fail "cannot make backing file"
touch -d '2019-05-05 05:05:05' back.img
mtime=$(stat -c %Y back.img)

# --- uml_mkcow version 3 file
uml_mkcow mk.img back.img >/dev/null 2>&1 || fail "uml_mkcow failed"
"$COW" info mk.img >i.txt || fail "info on uml_mkcow file failed"
grep -q "^backing file: *$T/back.img$" i.txt || fail "wrong backing path from uml_mkcow file"
grep -q "^backing mtime: *$mtime " i.txt || fail "wrong mtime from uml_mkcow file"
grep -q '^data offset: *12288$' i.txt || fail "wrong data offset from uml_mkcow file"
layout $size
for s in 0 2 9 10 11 12 13 14 15 16 1024 2047; do
	put_sector mk.img $s
done
put_garbage mk.img 1
uml_moo mk.img moo.img >/dev/null 2>&1 || fail "uml_moo failed"
"$COW" merge mk.img out.img || fail "merge of uml_mkcow file failed"
cmp -s moo.img out.img || fail "merge of uml_mkcow file differs from uml_moo"

# --- old versions: header, then the bitmap right after it, data rounded
# up to the sector size.  v1 is little-endian with a 256 byte path, v2
# big-endian with a 4096 byte path.
make_old() {	# VERSION FILE
	local ver=$1 f=$2 plen hdr order
	if [ $ver = 1 ]; then plen=256 order=le; else plen=4096 order=be; fi
	hdr=$((8 + plen + 16))
	{
		bytes 4 $order $((0x4f4f4f4d))
		bytes 4 $order $ver
		printf '%s' "$T/back.img"
		head -c $((plen - ${#T} - 9)) /dev/zero
		bytes 4 $order $mtime
		bytes 8 $order $size
		bytes 4 $order 512
	} >"$f"
	[ "$(stat -c %s "$f")" = $hdr ] || fail "built v$ver header has wrong size"
	NSECT=$((size / 512))
	BM_OFF=$hdr
	DATA_OFF=$(((hdr + NSECT / 8 + 511) / 512 * 512))
	truncate -s $((DATA_OFF + size)) "$f"
}

for v in 1 2; do
	make_old $v v$v.img
	for s in 0 5 6 7 8 100 2047; do
		put_sector v$v.img $s
	done
	put_garbage v$v.img 4
	"$COW" info v$v.img >i.txt || fail "info on v$v file failed"
	grep -q "^version: *$v$" i.txt || fail "v$v file: wrong version"
	grep -q "^bitmap offset: *$BM_OFF$" i.txt || fail "v$v file: wrong bitmap offset"
	grep -q "^data offset: *$DATA_OFF$" i.txt || fail "v$v file: wrong data offset"
	grep -q '^sectors in COW: *7$' i.txt || fail "v$v file: wrong sector count"
	uml_moo v$v.img moo$v.img >/dev/null 2>&1 || fail "uml_moo rejects built v$v file"
	"$COW" merge v$v.img out$v.img || fail "merge of v$v file failed"
	cmp -s moo$v.img out$v.img || fail "merge of v$v file differs from uml_moo"
done
exit 0
