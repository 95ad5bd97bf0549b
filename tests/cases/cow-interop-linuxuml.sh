#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 180
# Interoperability with a booted user-mode Linux (Debian's linux.uml for
# now): a COW file made by uml-cow is used by the guest, whose writes
# uml_moo and uml-cow merge identically; a COW file made by linux.uml is
# read and merged by uml-cow exactly like uml_moo does.
# shellcheck source-path=SCRIPTDIR source=cow-common.inc
. "$(dirname "$0")/cow-common.inc"

LINUX=${UML_LINUX:-linux.uml}
command -v "$LINUX" >/dev/null || skip "$LINUX not installed"
command -v uml_moo >/dev/null || skip "uml_moo not installed"
umid=cowtest-$$
trap 'rm -rf "$HOME/.uml/$umid"; cleanup' EXIT

size=4194304
head -c $size /dev/urandom >back.img || fail "cannot make backing file"
head -c $size /dev/urandom >back2.img || fail "cannot make backing file"
touch -d '2021-07-07 07:07:07' back.img back2.img
head -c 512 /dev/urandom >p0
head -c 100 /dev/urandom >p1
head -c 65536 /dev/urandom >p2
head -c 512 /dev/urandom >p3
head -c 512 /dev/urandom >p4

# where each pattern goes (byte offsets)
writes="p0:0 p1:4615 p2:1048576 p3:$((size - 512))"

# the guest runs this from the host file system (hostfs root)
{
	cat <<'INIT'
#!/bin/sh
off() {
	[ -x /bin/busybox ] && exec /bin/busybox poweroff -f
	mount -t proc proc /proc && echo o >/proc/sysrq-trigger
	sleep 10
}
put() {	# FILE DEV OFFSET [DD-FLAGS]
	dd if="$1" of="/dev/$2" bs=65536 seek="$3" oflag=seek_bytes$4 \
		conv=notrunc,fsync 2>/dev/null || { echo "COWTEST-FAIL $*"; off; }
}
INIT
	for dev in ubda ubdb; do
		for w in $writes; do
			echo "put $T/${w%%:*} $dev ${w#*:}"
		done
		# one lone 512-byte sector, bypassing the 4 KiB page cache, so
		# the bitmap gets a bit that is not part of a full byte
		echo "put $T/p4 $dev $((3001 * 512)) ,direct"
	done
	echo 'sync'
	echo 'echo COWTEST-OK'
	echo 'off'
} >init.sh
chmod +x init.sh

expected() {	# BACKING OUT: BACKING with the guest writes applied
	cp "$1" "$2"
	for w in $writes; do
		dd if="${w%%:*}" of="$2" bs=1 seek="${w#*:}" conv=notrunc status=none
	done
	dd if=p4 of="$2" bs=512 seek=3001 conv=notrunc status=none
}

"$COW" create cow.img back.img || fail "uml-cow create failed"

# ubd0: our COW file alone (linux.uml finds the backing file from our
# header); ubd1: a COW file linux.uml creates itself
timeout 120 "$LINUX" mem=64M umid=$umid root=/dev/root rootfstype=hostfs \
	rootflags=/ rw init="$T/init.sh" ubd0=cow.img ubd1=lcow.img,back2.img \
	con=null con0=null,fd:1 </dev/null >boot.log 2>&1
if ! grep -q COWTEST-OK boot.log; then
	why=$(grep -m1 -iE 'COWTEST-FAIL|mismatch|errno|panic' boot.log ||
	      tail -n1 boot.log)
	fail "guest did not finish: $why"
fi
[ -f lcow.img ] || fail "linux.uml did not create lcow.img"

expected back.img want.img
expected back2.img want2.img

# our COW file, written by the guest
uml_moo cow.img moo.img >/dev/null 2>&1 || fail "uml_moo rejects our COW file after boot"
cmp -s want.img moo.img || fail "uml_moo result lacks the guest writes"
"$COW" merge cow.img out.img || fail "uml-cow merge failed on our COW file"
cmp -s moo.img out.img || fail "uml-cow merge differs from uml_moo on our COW file"

# linux.uml's COW file
"$COW" info lcow.img >i.txt || fail "info on linux.uml COW file failed: $(tail -n1 i.txt)"
grep -q "^backing file: *$T/back2.img$" i.txt || fail "linux.uml COW: wrong backing path"
grep -q '^version: *3$' i.txt || fail "linux.uml COW: not version 3"
uml_moo lcow.img moo2.img >/dev/null 2>&1 || fail "uml_moo failed on linux.uml COW file"
cmp -s want2.img moo2.img || fail "uml_moo result lacks the guest writes (linux.uml COW)"
"$COW" merge lcow.img out2.img || fail "uml-cow merge failed on linux.uml COW file"
cmp -s moo2.img out2.img || fail "uml-cow merge differs from uml_moo on linux.uml COW file"

# in place, on the linux.uml COW file
"$COW" merge lcow.img || fail "in-place merge failed on linux.uml COW file"
cmp -s moo2.img back2.img || fail "in-place merge differs from uml_moo"
exit 0
