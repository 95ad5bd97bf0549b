#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# uml-cow create + info: header fields, layout, byte-identical to uml_mkcow.
# shellcheck source-path=SCRIPTDIR source=cow-common.inc
. "$(dirname "$0")/cow-common.inc"

command -v uml_mkcow >/dev/null || skip "uml_mkcow not installed"

head -c 1024000 /dev/urandom >back.img || fail "cannot make backing file"
touch -d '2023-01-02 03:04:05' back.img
mtime=$(stat -c %Y back.img)

"$COW" create cow.img back.img || fail "create failed"
[ -f cow.img ] || fail "create made no file"
[ "$(stat -c %s cow.img)" = $((12288 + 1024000)) ] ||
	fail "COW file size $(stat -c %s cow.img), expected $((12288 + 1024000))"

"$COW" info cow.img >info.txt || fail "info failed: $(tail -n1 info.txt)"
field() { sed -n "s/^$1: *//p" info.txt; }
[ "$(field version)" = 3 ] || fail "version '$(field version)'"
[ "$(field 'backing file')" = "$T/back.img" ] ||
	fail "backing file '$(field 'backing file')' != '$T/back.img'"
[ "$(field 'backing size')" = "1024000 bytes" ] || fail "size '$(field 'backing size')'"
[ "$(field 'backing mtime' | cut -d' ' -f1)" = "$mtime" ] || fail "mtime '$(field 'backing mtime')'"
[ "$(field 'sector size')" = "512 bytes" ] || fail "sector size '$(field 'sector size')'"
[ "$(field alignment)" = "4096 bytes" ] || fail "alignment '$(field alignment)'"
[ "$(field sectors)" = 2000 ] || fail "sectors '$(field sectors)'"
[ "$(field 'bitmap offset')" = 8192 ] || fail "bitmap offset '$(field 'bitmap offset')'"
[ "$(field 'bitmap length')" = "250 bytes" ] || fail "bitmap length '$(field 'bitmap length')'"
[ "$(field 'data offset')" = 12288 ] || fail "data offset '$(field 'data offset')'"
[ "$(field 'sectors in COW')" = 0 ] || fail "fresh COW has '$(field 'sectors in COW')' sectors"
[ "$(field 'backing status')" = ok ] || fail "backing status '$(field 'backing status')'"

# raw header check: magic "OOOM", version 3 big-endian, absolute path at 32
[ "$(head -c 8 cow.img | od -An -tx1 | tr -d ' \n')" = 4f4f4f4d00000003 ] ||
	fail "bad magic/version bytes"
[ "$(dd if=cow.img bs=1 skip=32 count=${#T} status=none)" = "$T" ] ||
	fail "path at offset 32 is not absolute '$T/...'"

# byte-identical to uml_mkcow, for several spellings of the backing path
mkdir sub && ln -s ../back.img sub/link.img && ln -s "$T/sub" dirlink
for p in back.img ./sub/../back.img sub/link.img dirlink/link.img "$T/back.img"; do
	rm -f a.img b.img
	uml_mkcow a.img "$p" >/dev/null 2>&1 || fail "uml_mkcow failed on $p"
	"$COW" create b.img "$p" || fail "create failed on $p"
	cmp -s a.img b.img || fail "create '$p' differs from uml_mkcow"
done

# odd sizes, an empty backing file, and one > 4 GiB (size field high word)
for sz in 0 513 1000123 16777216 16777217 5368709120; do
	rm -f s.img a.img b.img
	truncate -s $sz s.img
	uml_mkcow a.img s.img >/dev/null 2>&1 || fail "uml_mkcow failed for size $sz"
	"$COW" create b.img s.img || fail "create failed for size $sz"
	# header and bitmap (the data area is a hole in both)
	cmp -s -n 2097152 a.img b.img || fail "create differs from uml_mkcow for size $sz"
	[ "$(stat -c %s a.img)" = "$(stat -c %s b.img)" ] ||
		fail "COW file size differs from uml_mkcow's for size $sz"
	"$COW" info b.img >i.txt || fail "info failed for size $sz"
	grep -q "^backing size: *$sz bytes$" i.txt || fail "info size wrong for $sz"
done

# --keep-path stores the path as given
"$COW" create --keep-path k.img sub/link.img || fail "create --keep-path failed"
"$COW" info k.img >i.txt || fail "info on --keep-path file failed"
grep -q '^backing file: *sub/link.img$' i.txt || fail "--keep-path did not keep the path"

# existing COW refused without -f, replaced with -f
"$COW" create cow.img back.img 2>err.txt && fail "create overwrote an existing COW file"
[ "$(wc -l <err.txt)" = 1 ] || fail "expected one error line, got: $(cat err.txt)"
"$COW" create -f cow.img back.img || fail "create -f failed"

# --help for everything
for c in create merge info; do
	"$COW" $c --help >h.txt || fail "$c --help failed"
	grep -q "^usage: uml-cow $c" h.txt || fail "$c --help shows no usage"
done
# shellcheck disable=SC2015 # either step failing is a failure
"$COW" --help >h.txt && grep -q '^usage:' h.txt || fail "uml-cow --help"
exit 0
