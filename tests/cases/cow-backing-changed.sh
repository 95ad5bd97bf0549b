#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A COW file whose backing file changed size or mtime is refused.
# shellcheck source-path=SCRIPTDIR source=cow-common.inc
. "$(dirname "$0")/cow-common.inc"

stamp='2022-03-03 03:03:03'
head -c 1048576 /dev/urandom >back.img || fail "cannot make backing file"
touch -d "$stamp" back.img
"$COW" create cow.img back.img || fail "create failed"
"$COW" info cow.img >/dev/null || fail "info refused a fresh COW file"
cp -p back.img orig.img

# expect_refused WHAT: merge (new and in place) and info must all fail
# with exactly one error line mentioning the change
expect_refused() {
	local sum
	sum=$(md5sum <back.img)
	"$COW" merge cow.img out.img 2>err.txt && fail "$1: merge accepted it"
	[ "$(wc -l <err.txt)" = 1 ] || fail "$1: merge: not one error line: $(cat err.txt)"
	grep -q 'changed' err.txt || fail "$1: merge error unclear: $(cat err.txt)"
	[ ! -e out.img ] || fail "$1: merge left an output file behind"
	"$COW" merge cow.img 2>err.txt && fail "$1: in-place merge accepted it"
	grep -q 'changed' err.txt || fail "$1: in-place error unclear: $(cat err.txt)"
	[ "$(md5sum <back.img)" = "$sum" ] || fail "$1: refused merge modified backing"
	"$COW" info cow.img >/dev/null 2>err.txt && fail "$1: info accepted it"
	grep -q 'changed' err.txt || fail "$1: info error unclear: $(cat err.txt)"
	if command -v uml_moo >/dev/null; then
		uml_moo cow.img moo.img >/dev/null 2>&1 && fail "$1: uml_moo accepts it, we do not"
	fi
	rm -f moo.img
}

touch -d '2022-03-03 03:03:04' back.img
expect_refused "mtime +1s"
grep -q mtime err.txt || fail "mtime change not named as such: $(cat err.txt)"

cp -p orig.img back.img
truncate -s 2097152 back.img && touch -d "$stamp" back.img
expect_refused "size grown"
grep -q size err.txt || fail "size change not named as such: $(cat err.txt)"

cp -p orig.img back.img
truncate -s 524288 back.img
expect_refused "size shrunk and mtime changed"

# restored backing file: accepted again
cp -p orig.img back.img
"$COW" merge cow.img out.img || fail "merge refused the restored backing file"
cmp -s out.img back.img || fail "merge of untouched COW differs from backing"

# -b pointing at a different file with other size/mtime is refused too
head -c 4096 /dev/urandom >other.img
"$COW" merge -b other.img cow.img o2.img 2>err.txt && fail "merge -b accepted a mismatching file"
grep -q changed err.txt || fail "merge -b mismatch error unclear: $(cat err.txt)"
exit 0
