#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Reading COW files made by uml_mkcow, and version 1 and 2 files (built
# here byte by byte): info decodes them, merge matches uml_moo exactly.
# shellcheck source-path=SCRIPTDIR source=cow-common.inc
. "$(dirname "$0")/cow-common.inc"

command -v uml_mkcow >/dev/null || skip "uml_mkcow not installed"
command -v uml_moo >/dev/null || skip "uml_moo not installed"

# bytes of an integer: NBYTES be|le VALUE
bytes() {
	local n=$1 order=$2 v=$3 i s=
	for ((i = 0; i < n; i++)); do
		if [ "$order" = be ]; then
			s+=$(printf '\\x%02x' $(((v >> (8 * (n - 1 - i))) & 255)))
		else
			s+=$(printf '\\x%02x' $(((v >> (8 * i)) & 255)))
		fi
	done
	# shellcheck disable=SC2059 # $s is a string of \xNN escapes
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
	if [ "$ver" = 1 ]; then plen=256 order=le; else plen=4096 order=be; fi
	hdr=$((8 + plen + 16))
	{
		bytes 4 $order $((0x4f4f4f4d))
		bytes 4 $order "$ver"
		printf '%s' "$T/back.img"
		head -c $((plen - ${#T} - 9)) /dev/zero
		bytes 4 $order "$mtime"
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
