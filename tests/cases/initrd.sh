#!/bin/bash
# timeout: 120
# initrd=FILE: an initramfs (a cpio archive, gzip-, xz- or un-compressed)
# is unpacked into the root file system, its /init runs as pid 1 and the
# archive's memory is freed; a missing, empty or oversized file or a
# folder is a one-line error before boot.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

command -v cpio >/dev/null || fail "cpio is not installed (make check installs it)"
root=$TEST_TMP/root
mkdir -p "$root/bin"
cp /bin/busybox "$root/bin/busybox"
cat >"$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox mkdir -p /proc
/bin/busybox mount -t proc proc /proc
echo "INITRD-INIT pid $$ $(/bin/busybox cat /proc/cmdline)"
/bin/busybox poweroff -f
INIT
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc 2>/dev/null) >"$TEST_TMP/i.cpio" || fail "cpio failed"
gzip -c "$TEST_TMP/i.cpio" >"$TEST_TMP/i.cpio.gz"
xz -c --check=crc32 "$TEST_TMP/i.cpio" >"$TEST_TMP/i.cpio.xz"

for f in i.cpio i.cpio.gz i.cpio.xz; do
	boot_guest --timeout 40 -- mem=64M "initrd=$TEST_TMP/$f" con0=fd:0,fd:1 con=null ssl=null
	expect_exit 0
	expect_in_log '^INITRD-INIT pid 1 ' "$f: /init of the archive did not run as pid 1"
	expect_in_log '^Freeing initrd memory: [0-9]+K' "$f: the archive's memory was not freed"
	expect_not_in_log 'Kernel panic|Initramfs unpacking failed'
done

boot_guest --timeout 20 -- mem=64M "initrd=$TEST_TMP/none.cpio" con0=fd:0,fd:1
expect_exit_error_line "initrd=.*none.cpio: cannot open: No such file or directory" 5
: >"$TEST_TMP/empty.cpio"
boot_guest --timeout 20 -- mem=64M "initrd=$TEST_TMP/empty.cpio" con0=fd:0,fd:1
expect_exit_error_line "initrd=.*empty.cpio: the file is empty" 5
boot_guest --timeout 20 -- mem=64M "initrd=$TEST_TMP" con0=fd:0,fd:1
expect_exit_error_line "initrd=.*: not a regular file" 5
head -c 40M /dev/zero >"$TEST_TMP/big.cpio"
boot_guest --timeout 20 -- mem=32M "initrd=$TEST_TMP/big.cpio" con0=fd:0,fd:1 con=null
expect_exit 1
expect_in_log "initrd: the file does not fit in the guest's memory"
pass
