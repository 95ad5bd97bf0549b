#!/bin/bash
# timeout: 600
# Loadable modules.  `make modules install DESTDIR=D` lays out the kernel
# and its modules as Debian's user-mode-linux package does
# (usr/bin/linux.uml, usr/lib/uml/modules/RELEASE with depmod's files);
# the installed kernel boots with them at /lib/modules through hostfs;
# busybox's modprobe (then kmod's) loads a module, a driver that is then
# used, and a file system the kernel itself asks for, with its
# dependencies; lsmod lists them, rmmod removes them; module text is
# read-only and executable on the host; broken modules (truncated,
# garbage, missing symbol, unknown or out-of-range relocation, not ELF)
# are errors and the kernel goes on; 20 loads and unloads reuse the space.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

[ -f "$REPO_ROOT/build/kernel/.config" ] ||
	skip "no kernel build tree in $REPO_ROOT/build (make linux first)"
command -v python3 >/dev/null || skip "python3 is needed to make broken modules"

# --- build and install -----------------------------------------------------
dest=$TEST_TMP/dest
start=$(date +%s)
# Called from `make check`: none of its jobserver or flags here.
if ! env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	make -C "$REPO_ROOT" modules install DESTDIR="$dest" >"$TEST_TMP/make.log" 2>&1; then
	tail -20 "$TEST_TMP/make.log" >&2
	fail "make modules install DESTDIR=... failed"
fi
log "make modules install took $(($(date +%s) - start)) s"

# --- the layout ------------------------------------------------------------
kernel=$dest/usr/bin/linux.uml
[ -x "$kernel" ] || fail "no executable usr/bin/linux.uml in DESTDIR"
cmp -s "$kernel" "$REPO_ROOT/linux" || fail "usr/bin/linux.uml is not ./linux"
[ "$(readlink "$dest/usr/bin/linux")" = linux.uml ] || fail "usr/bin/linux is not a link to linux.uml"
rel=$("$kernel" --version | sed -n 's/^Linux //p')
[ -n "$rel" ] || fail "linux.uml --version gave no release"
moddir=$dest/usr/lib/uml/modules/$rel
[ -d "$moddir/kernel" ] || fail "no usr/lib/uml/modules/$rel/kernel in DESTDIR"
for f in modules.dep modules.dep.bin modules.alias modules.alias.bin \
	modules.builtin modules.builtin.bin modules.builtin.modinfo \
	modules.symbols modules.symbols.bin modules.order modules.softdep; do
	[ -f "$moddir/$f" ] || fail "$f missing from usr/lib/uml/modules/$rel"
done
if [ -e "$moddir/build" ] || [ -L "$moddir/build" ]; then
	fail "a build link into the build tree was installed"
fi
grep -q '^kernel/fs/fat/vfat.ko: .*kernel/fs/fat/fat.ko' "$moddir/modules.dep" ||
	fail "modules.dep does not say that vfat needs fat"
grep -q '^alias symbol:fat_fill_super fat$' "$moddir/modules.symbols" ||
	fail "modules.symbols does not list fat's exports"
extra=$(cd "$dest" && find . -mindepth 1 -not -path './usr/lib/uml/modules/*' |
	grep -vxE '\./usr|\./usr/bin|\./usr/bin/linux(\.uml)?|\./usr/lib|\./usr/lib/uml|\./usr/lib/uml/modules')
[ -z "$extra" ] || fail "unexpected files in DESTDIR: $extra"
# What Debian's own package installs there, when it is installed here.
if deb=$(dpkg -L user-mode-linux 2>/dev/null); then
	while read -r f; do
		[ -e "$moddir/$f" ] || fail "Debian's package has usr/lib/uml/modules/VERSION/$f, ours not"
	done < <(sed -n 's|^/usr/lib/uml/modules/[^/]*/\([^/]*\)$|\1|p' <<<"$deb")
	grep -qx /usr/bin/linux.uml <<<"$deb" || fail "Debian's kernel is no longer /usr/bin/linux.uml?"
fi

# --- broken modules, from the good test_module.ko ----------------------------
bad=$TEST_TMP/bad
mkdir -p "$bad"
python3 - "$moddir/kernel/lib/test_module.ko" "$bad" <<'EOF' || fail "cannot make the broken modules"
import struct, sys
src, out = sys.argv[1], sys.argv[2]
data = open(src, 'rb').read()
def put(name, b):
    open(f'{out}/{name}', 'wb').write(b)
put('truncated.ko', data[:1000])
put('notelf.ko', b'this is not a module\n' * 50)
assert data.count(b'\0_printk\0') == 1
put('nosym.ko', data.replace(b'\0_printk\0', b'\0_prinXk\0'))
shoff, = struct.unpack_from('<Q', data, 0x28)
shnum, = struct.unpack_from('<H', data, 0x3c)
g = bytearray(data)
g[shoff + 64:shoff + 64 * shnum] = bytes([0xa5]) * (64 * (shnum - 1))
put('garbage.ko', bytes(g))
def sh(i):
    return struct.unpack_from('<IIQQQQIIQQ', data, shoff + 64 * i)
# The first relocation of code (the call of _printk in init), changed.
for i in range(shnum):
    _, typ, _, _, off, size, _, info, _, _ = sh(i)
    if typ == 4 and sh(info)[2] & 6 == 6 and size:
        break
else:
    sys.exit('no relocations of code')
for n in range(size // 24):
    at = off + 24 * n
    r_off, r_info, r_add = struct.unpack_from('<QQq', data, at)
    if r_info & 0xffffffff in (2, 4):
        break
else:
    sys.exit('no pc-relative relocation')
b = bytearray(data)
struct.pack_into('<QQq', b, at, r_off, (r_info & ~0xffffffff) | 0xff, r_add)
put('badreloc.ko', bytes(b))
b = bytearray(data)
struct.pack_into('<QQq', b, at, r_off, r_info, r_add + (1 << 33))
put('farreloc.ko', bytes(b))
EOF

# --- the guest -------------------------------------------------------------
kmod=$(command -v kmod) || fail "no kmod on the host (make install needs its depmod)"
img=$(build_image modules --init "$TESTS_DIR/cases/modules-guest.init" \
	--add "$TESTS_DIR/images/init-common.sh:/test/init-common.sh" \
	--add "$kmod:/usr/bin/kmod" --glibc "$kmod") || exit 1
export UML_KERNEL=$kernel
mapfile -t args < <(guest_args "$(image_copy "$img")")
start_guest -- "${args[@]}" "MODDIR=$dest/usr/lib/uml/modules" "BADDIR=$bad"
wait_for_log '^GUEST-MAPS-NOW' 90 || fail "the guest did not get to loading modules: $(last_log_line)"

# Module space on the host: text read-only and executable, nothing both
# writable and executable, and each loaded module's text mapped so.
maps=$(awk '{ split($1, r, "-"); if (r[1] >= "40000000" && r[2] <= "80000000" && length(r[1]) == 8) print }' \
	"/proc/$GUEST_PID/maps")
[ -n "$maps" ] || fail "no host mappings in module space"
! grep -qE '^[^ ]+ .wx' <<<"$maps" || fail "module space has writable and executable pages: $(grep -E '^[^ ]+ .wx' <<<"$maps")"
grep -qE '^[^ ]+ rw-s' <<<"$maps" || fail "no writable module data"
for base in $(sed -n '/^GUEST-MODULES-BEGIN/,/^GUEST-MODULES-END/s/.* Live 0x0*\([0-9a-f]*\).*/\1/p' "$GUEST_LOG" | tr -d '\r'); do
	perm=$(awk -v a="$base" '{ split($1, r, "-"); if (r[1] == a) print $2 }' <<<"$maps")
	[ "$perm" = r-xs ] || fail "module text at $base is '$perm' on the host, not r-x"
	checked=1
done
[ -n "${checked:-}" ] || fail "no module addresses in /proc/modules"
guest_send go
wait_guest 120 || fail "the guest did not finish: $(last_log_line)"
grep -E '^GUEST-' "$GUEST_LOG" >&2
expect_in_log '^GUEST-DONE' "the guest did not finish: $(last_log_line)"
expect_exit 0
expect_not_in_log 'Kernel panic|BUG:|Oops|WARNING:' "the kernel complained"

expect_in_log '^GUEST-MOUNTED' "the modules folder could not be mounted with hostfs"
expect_in_log "^GUEST-UNAME $rel\$" "the guest's release is not $rel"
expect_in_log '^GUEST-HAS-DEP' "no modules.dep at /lib/modules/\$(uname -r)"
expect_in_log '^GUEST-MODPROBE-TEST 0$' "modprobe test_module failed"
expect_in_log '^test_module: Hello, world' "test_module's init did not run"
expect_in_log '^GUEST-LISTED-TEST' "test_module is not in /proc/modules"
expect_in_log '^GUEST-LSMOD-TEST' "lsmod does not list test_module"
expect_in_log '^GUEST-MODPROBE-DUMMY 0$' "modprobe dummy failed"
expect_in_log '^GUEST-DUMMY-UP unknown$' "a dummy link could not be made"
expect_in_log '^GUEST-DUMMY-TX [1-9]' "no packets went out through the dummy link"
expect_in_log '^GUEST-VFAT-READ module-data$' "vfat (loaded on demand by the kernel) did not work"
for m in vfat fat nls_base nls_cp437 nls_iso8859_1; do
	expect_in_log "^GUEST-LOADED $m\$" "$m was not loaded on demand"
done
expect_not_in_log '^GUEST-RMMOD-FAT-IN-USE 0$' "rmmod removed fat while vfat used it"
expect_in_log '^GUEST-RMMOD-DUMMY 0$' "rmmod dummy failed"
expect_in_log '^GUEST-RMMOD-VFAT 0$' "rmmod of vfat and its dependencies failed"
expect_in_log '^GUEST-RMMOD-TEST 0$' "rmmod test_module failed"
expect_in_log '^test_module: Goodbye' "test_module's exit did not run"
expect_in_log '^GUEST-ALL-GONE' "modules are still listed after rmmod"

for f in truncated garbage nosym badreloc farreloc notelf; do
	expect_in_log "^GUEST-INSMOD-BAD $f.ko [1-9]" "insmod of the broken $f.ko did not fail"
	expect_in_log "^GUEST-INSMOD-MSG $f.ko ." "insmod of $f.ko printed no error"
	expect_not_in_log "^GUEST-BAD-LOADED $f.ko" "the broken $f.ko is loaded"
done
expect_in_log '^GUEST-INSMOD-MSG nosym.ko .*[Uu]nknown symbol' "no 'unknown symbol' error for a missing symbol"
expect_in_log '^test_module: Unknown symbol _prinXk' "no kernel message for the missing symbol"
expect_in_log "^test_module: unknown relocation type 255 against '_printk'" \
	"no kernel message for an unknown relocation"
expect_in_log "^test_module: relocation type [24] against '_printk' out of range" \
	"no kernel message for an out-of-range relocation"
expect_in_log '^GUEST-INSMOD-MSG badreloc.ko .*[Ii]nvalid module format' "an unknown relocation is not ENOEXEC"
expect_in_log '^GUEST-MODPROBE-MISSING [1-9]' "modprobe of a missing module succeeded"
expect_in_log '^GUEST-KMOD-MODPROBE 0$' "kmod's modprobe vfat failed"
expect_in_log '^GUEST-KMOD-LSMOD' "kmod's lsmod does not show fat used by vfat"
expect_in_log '^GUEST-KMOD-MODINFO rtnl-link-dummy$' "kmod's modinfo does not find dummy's alias"
expect_in_log '^GUEST-KMOD-MODPROBE-R 0$' "kmod's modprobe -r vfat failed"
expect_in_log '^GUEST-KMOD-GONE' "vfat and fat are still loaded after modprobe -r"
expect_in_log '^GUEST-KMOD-MISSING .*not found' "kmod's modprobe of a missing module did not say so"
expect_not_in_log '^GUEST-RELOAD-FAILED' "loading dummy again failed"
expect_in_log '^GUEST-STILL-LOADS' "modules did not load after the broken ones"
pass
