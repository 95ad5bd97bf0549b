#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every bad input gives one "uml-cow: ..." error line and a non-zero exit:
# missing files, non-COW files, corrupt headers, unwritable output, disk
# full, usage errors.
# shellcheck source-path=SCRIPTDIR source=cow-common.inc
. "$(dirname "$0")/cow-common.inc"

# expect_err WHAT PATTERN CMD...: CMD fails with one matching error line
expect_err() {
	local what=$1 pat=$2 rc
	shift 2
	"$@" >out.txt 2>err.txt
	rc=$?
	[ $rc -ne 0 ] || fail "$what: exit status 0"
	[ "$(wc -l <err.txt)" = 1 ] || fail "$what: expected one error line, got: $(cat err.txt)"
	grep -q '^uml-cow: ' err.txt || fail "$what: error not prefixed: $(cat err.txt)"
	grep -qi -- "$pat" err.txt || fail "$what: error does not match '$pat': $(cat err.txt)"
}

head -c 1048576 /dev/urandom >back.img || fail "cannot make backing file"
touch -d '2022-01-01' back.img
"$COW" create cow.img back.img || fail "create failed"

# usage errors (exit 2)
expect_err "no command" "missing command" "$COW"
expect_err "unknown command" "unknown command" "$COW" frobnicate
for c in create merge info; do
	expect_err "$c unknown option" "unknown option" "$COW" $c --bogus cow.img
	"$COW" $c --bogus cow.img 2>/dev/null; [ $? = 2 ] || fail "$c: usage error not exit 2"
done
expect_err "create no args" "need COW" "$COW" create
expect_err "create one arg" "need COW" "$COW" create new.img
expect_err "create three args" "unexpected" "$COW" create a b c
expect_err "merge no args" "need a COW" "$COW" merge
expect_err "merge three args" "unexpected" "$COW" merge a b c
expect_err "info no args" "need a COW" "$COW" info
expect_err "info two args" "unexpected" "$COW" info a b
expect_err "merge -b no file" "needs a file" "$COW" merge cow.img -b

# missing files
expect_err "info missing COW" "No such file" "$COW" info nothere.img
expect_err "merge missing COW" "No such file" "$COW" merge nothere.img o.img
expect_err "create missing backing" "No such file" "$COW" create n.img nothere.img
[ ! -e n.img ] || fail "create with missing backing left a COW file"
expect_err "create backing is dir" "not a regular file" "$COW" create n.img .
expect_err "create into missing dir" "cannot create" "$COW" create nodir/n.img back.img
expect_err "create over existing" "already exists" "$COW" create cow.img back.img
mv back.img gone.img
expect_err "info backing missing" "cannot open backing" "$COW" info cow.img
grep -q '^version:' out.txt || fail "info printed no header when backing is missing"
expect_err "merge backing missing" "cannot open backing" "$COW" merge cow.img o.img
[ ! -e o.img ] || fail "failed merge left output behind"
expect_err "merge -b missing" "No such file" "$COW" merge -b nothere.img cow.img o.img
mv gone.img back.img

# not COW files
: >empty.img
head -c 100000 /dev/urandom >random.img
printf 'hello world\n' >text.img
for f in empty.img random.img text.img back.img; do
	expect_err "info on $f" "not a usable COW file" "$COW" info $f
	expect_err "merge on $f" "not a usable COW file" "$COW" merge $f o.img
done
expect_err "info on a directory" "not a COW file" "$COW" info .
expect_err "merge on a directory" "not a COW file" "$COW" merge . o.img

# corrupt headers: (offset, bytes) patches of a good file
patch_cow() {	# NAME OFFSET HEXBYTES
	cp cow.img "$1"
	# shellcheck disable=SC2059 # HEXBYTES are printf escapes
	printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
patch_cow badver.img 4 '\x00\x00\x00\x09'
expect_err "version 9" "unsupported" "$COW" info badver.img
patch_cow badfmt.img 28 '\x00\x00\x00\x01'
expect_err "bitmap format 1" "unsupported" "$COW" merge badfmt.img o.img
patch_cow badsect.img 20 '\x00\x00\x00\x00'
expect_err "sector size 0" "corrupt" "$COW" info badsect.img
patch_cow badsect2.img 20 '\x00\x00\x03\x00'
expect_err "sector size 768" "corrupt" "$COW" info badsect2.img
patch_cow badalign.img 24 '\x00\x00\x00\x00'
expect_err "alignment 0" "corrupt" "$COW" info badalign.img
cp cow.img nopath.img
head -c 4096 /dev/zero | tr '\0' 'a' | dd of=nopath.img bs=1 seek=32 conv=notrunc status=none
expect_err "unterminated path" "corrupt" "$COW" info nopath.img
head -c 4128 cow.img >short.img
expect_err "truncated before bitmap end" "truncated" "$COW" merge short.img o.img
head -c 100 cow.img >short2.img
expect_err "truncated header" "not a usable COW file" "$COW" info short2.img
head -c 16384 cow.img >short3.img
printf '\x10' | dd of=short3.img bs=1 seek=8204 conv=notrunc status=none
touch -d '2022-01-01' back.img
expect_err "truncated data" "truncated" "$COW" merge short3.img o.img
[ ! -e o.img ] || fail "failed merge left output behind"

# unwritable output
expect_err "merge into missing dir" "cannot create output" "$COW" merge cow.img nodir/o.img
expect_err "merge onto existing OUT" "already exists" "$COW" merge cow.img random.img
expect_err "merge onto the backing file" "one of the input" "$COW" merge -f cow.img back.img
expect_err "merge onto the COW file" "one of the input" "$COW" merge -f cow.img cow.img

# disk full without any mount: /dev/full as output
if [ -w /dev/full ]; then
	expect_err "merge to /dev/full" "No space left" "$COW" merge -f cow.img /dev/full
fi

# read-only and full file systems need a scratch tmpfs (root only)
if [ "$(id -u)" = 0 ] && mkdir ro full && mount -t tmpfs -o ro,size=1m tmpfs ro 2>/dev/null; then
	MOUNTS+=("$T/ro")
	expect_err "merge into read-only fs" "Read-only file system" "$COW" merge cow.img ro/o.img
	expect_err "create on read-only fs" "Read-only file system" "$COW" create ro/c.img back.img
	mount -t tmpfs -o size=256k tmpfs full || fail "mount tmpfs failed"
	MOUNTS+=("$T/full")
	expect_err "merge onto full fs" "No space left" "$COW" merge cow.img full/o.img
	[ ! -e full/o.img ] || fail "merge onto full fs left a partial output"
	dd if=/dev/zero of=full/fill bs=4k status=none 2>/dev/null
	expect_err "create on full fs" "No space left" "$COW" create full/c.img back.img
	[ ! -e full/c.img ] || fail "create on full fs left a partial COW file"
	# read-only backing for an in-place merge
	# shellcheck disable=SC2015 # any failing step is a setup failure
	mkdir rob && cp -p back.img rob/ && "$COW" create ro-cow.img rob/back.img ||
		fail "setup for read-only backing failed"
	# shellcheck disable=SC2015 # any failing step is a setup failure
	mount --bind rob rob && MOUNTS+=("$T/rob") && mount -o remount,bind,ro rob ||
		fail "read-only bind mount failed"
	expect_err "in-place merge, read-only backing" "for writing" "$COW" merge ro-cow.img
else
	echo "note: not root or no mount(8); read-only/full fs cases skipped"
fi
exit 0
