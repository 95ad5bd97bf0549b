#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# uml-cow merge COW OUT: byte-for-byte equal to uml_moo COW OUT.
# shellcheck source-path=SCRIPTDIR source=cow-common.inc
. "$(dirname "$0")/cow-common.inc"

command -v uml_moo >/dev/null || skip "uml_moo not installed"

size=4194304	# 8192 sectors
head -c $size /dev/urandom >back.img || fail "cannot make backing file"
touch -d '2022-06-01 12:00:00' back.img
"$COW" create cow.img back.img || fail "create failed"
layout $size
# first, last, byte/word boundaries, a run across a 1 MiB chunk boundary
for s in 0 1 7 8 9 63 64 100 101 102 2046 2047 2048 2049 4095 8191; do
	put_sector cow.img $s
done
put_garbage cow.img 5
put_garbage cow.img 3000

"$COW" info cow.img >i.txt || fail "info failed"
grep -q '^sectors in COW: *16$' i.txt || fail "info counts $(grep 'sectors in COW' i.txt)"

uml_moo cow.img moo.img >/dev/null 2>&1 || fail "uml_moo failed"
"$COW" merge cow.img out.img 2>err.txt || fail "merge failed: $(cat err.txt)"
cmp -s moo.img out.img || fail "merge output differs from uml_moo: $(cmp moo.img out.img)"
cmp -s back.img out.img && fail "merge output equals the backing file"
# the backing file and COW file are untouched
[ "$(stat -c %Y back.img)" = "$(date -d '2022-06-01 12:00:00' +%s)" ] ||
	fail "merge into OUT modified the backing file"

# existing OUT refused without -f, overwritten with -f
"$COW" merge cow.img out.img 2>err.txt && fail "merge overwrote existing OUT"
[ "$(wc -l <err.txt)" = 1 ] || fail "expected one error line: $(cat err.txt)"
echo junk >out.img
"$COW" merge -f cow.img out.img || fail "merge -f failed"
cmp -s moo.img out.img || fail "merge -f output differs from uml_moo"

# -b overrides the backing file named in the header
mkdir moved && mv back.img moved/ && touch -d '2022-06-01 12:00:00' moved/back.img
"$COW" merge cow.img x.img 2>/dev/null && fail "merge succeeded without backing file"
"$COW" merge -b moved/back.img cow.img b.img || fail "merge -b failed"
cmp -s moo.img b.img || fail "merge -b output differs from uml_moo"
mv moved/back.img . && touch -d '2022-06-01 12:00:00' back.img

# an untouched COW merges to the backing file; holes are kept
rm -f e.img e.out
truncate -s 8M sparse.img && touch -d '2021-01-01' sparse.img
"$COW" create e.img sparse.img || fail "create over sparse file failed"
"$COW" merge e.img e.out || fail "merge of empty COW failed"
cmp -s sparse.img e.out || fail "merge of empty COW differs from backing"
[ "$(stat -c %b e.out)" -lt 64 ] || fail "merged all-zero image is not sparse"

# backing size not a multiple of 512: whole sectors match uml_moo, the
# partial tail sector is kept from the backing file (uml_moo drops it)
head -c 1000123 /dev/urandom >odd.img && touch -d '2020-02-02' odd.img
"$COW" create oc.img odd.img || fail "create over odd-sized file failed"
layout 1000123
put_sector oc.img 0
put_sector oc.img 1000
uml_moo oc.img odd-moo.img >/dev/null 2>&1 || fail "uml_moo failed on odd size"
"$COW" merge oc.img odd-out.img || fail "merge failed on odd size"
[ "$(stat -c %s odd-out.img)" = 1000123 ] || fail "odd-size merge has wrong size"
n=$(stat -c %s odd-moo.img)
cmp -s -n "$n" odd-moo.img odd-out.img || fail "odd-size merge differs from uml_moo"
cmp -s -i "$n:$n" odd.img odd-out.img || fail "odd-size merge lost the tail bytes"
exit 0
