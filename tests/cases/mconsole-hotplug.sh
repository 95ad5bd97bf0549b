#!/bin/bash
# timeout: 240
# Disk hot-plug through uml_mconsole: "config ubdN" tells a disk's
# files; "config ubd1=FILE" adds a disk that the guest sees appear and
# mounts; "remove ubd1" is refused while it is mounted and works once it
# is not, releasing the image's lock; what the guest wrote is in the
# host file; the disk comes back (read-only, then under a COW layer);
# bad requests get errors that say why.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=mconsole-common.inc
. "$TESTS_DIR/cases/mconsole-common.inc"

command -v debugfs >/dev/null || skip "debugfs (e2fsprogs) is not installed"

# The data disk: an ext4 file system holding hello.txt.
mkdir -p "$TEST_TMP/seed"
echo "hello from the host $$" >"$TEST_TMP/seed/hello.txt"
disk=$TEST_TMP/data.img
mke2fs -q -t ext4 -d "$TEST_TMP/seed" -F "$disk" 16M || fail "mke2fs failed"

root=$(image_copy "$(build_image mconsole-shell)") || exit 1
mkdir -p "$MC_DIR"
mapfile -t args < <(guest_args "$root")
start_guest -- "${args[@]}" umid=mc uml_dir="$MC_DIR"
wait_for_log 'MKROOTFS-INIT-READY' 60 || fail "the guest shell did not start: $(last_log_line)"
[ -S "$MC_SOCK" ] || fail "no socket $MC_SOCK"

# wait_dev NAME STEP: until /dev/NAME exists (0) or not (1) in the guest.
wait_dev() {
	gsh "$2" "i=0; while [ \$i -lt 100 ] && ! [ -b /dev/$1 ]; do sleep 0.1; i=\$((i+1)); done; [ -b /dev/$1 ]"
}
locked() { ! flock -n -x "$1" true; }

# Queries.
mc_ok config ubd0
[ "$MC_OUT" = "OK $root" ] || fail "config ubd0: expected 'OK $root', got '$MC_OUT'"
mc_err config ubd1
mc_err config ubd16
mc_err config frob1
mc_err config
mc_err remove ubd5

# Add a disk; the guest sees it and mounts it.
locked "$disk" && fail "the data disk is locked before it is plugged in"
mc_ok config ubd1="$disk"
wait_dev ubdb ADD1
[ "$GSH_RC" -eq 0 ] || fail "/dev/ubdb did not appear after config ubd1=..."
mc_ok config ubd1
[ "$MC_OUT" = "OK $disk" ] || fail "config ubd1: expected 'OK $disk', got '$MC_OUT'"
locked "$disk" || fail "the plugged-in disk is not locked on the host"
mc_err config ubd1="$disk"
[[ $MC_OUT == *"configured already"* ]] || fail "a second config ubd1= is not refused as configured: $MC_OUT"
gsh_ok MOUNT1 'mkdir -p /mnt && mount /dev/ubdb /mnt'
gsh_ok READ1 'cat /mnt/hello.txt'
expect_in_log "^hello from the host $$" "the guest did not read hello.txt from the new disk"
gsh_ok WRITE1 'echo "written by the guest" >/mnt/guest.txt && sync'

# Busy: mounted, and while a process holds it open.
mc_err remove ubd1
[[ $MC_OUT == *busy* ]] || fail "remove of a mounted disk: no 'busy' reason: $MC_OUT"
mc_ok config ubd1
gsh_ok UMOUNT1 'umount /mnt'
guest_send 'sleep 3 </dev/ubdb &'
sleep 1
mc_err remove ubd1
[[ $MC_OUT == *busy* ]] || fail "remove of an open disk: no 'busy' reason: $MC_OUT"
sleep 3
mc_err remove ubd0
[[ $MC_OUT == *busy* ]] || fail "remove of the root disk: no 'busy' reason: $MC_OUT"

# Removal: the device goes, the lock is released, the data is there.
mc_ok remove ubd1
gsh GONE1 '[ ! -e /dev/ubdb ] && ! cat /sys/block/ubdb/size 2>/dev/null'
[ "$GSH_RC" -eq 0 ] || fail "/dev/ubdb is still there after remove"
locked "$disk" && fail "the image is still locked after remove"
mc_err config ubd1
got=$(debugfs -R 'cat /guest.txt' "$disk" 2>/dev/null)
[ "$got" = "written by the guest" ] || fail "host file lacks the guest's write (got '$got')"
e2fsck -fn "$disk" >"$TEST_TMP/fsck.log" 2>&1 || fail "e2fsck after remove: $(tail -n 3 "$TEST_TMP/fsck.log")"
expect_in_log 'ubd1: removed'

# Back again, read-only: readable, not writable.
mc_ok config ubd1r="$disk"
wait_dev ubdb ADD2
[ "$GSH_RC" -eq 0 ] || fail "/dev/ubdb did not come back"
gsh_ok MOUNT2 'mount -o ro /dev/ubdb /mnt && cat /mnt/guest.txt'
# shellcheck disable=SC2016 # expanded by the guest's shell
gsh_ok RO2 '[ "$(cat /sys/block/ubdb/ro)" = 1 ]'
gsh WRITE2 'dd if=/dev/zero of=/dev/ubdb bs=512 count=1 2>/dev/null'
[ "$GSH_RC" -ne 0 ] || fail "a write to the read-only disk succeeded"
gsh_ok UMOUNT2 'umount /mnt'
mc_ok remove ubd1

# Under a COW layer: writes go to the COW file, the backing file stays.
sum=$(sha256sum <"$disk")
cow=$TEST_TMP/data.cow
mc_ok config ubd2="$cow,$disk"
wait_dev ubdc ADD3
[ "$GSH_RC" -eq 0 ] || fail "/dev/ubdc did not appear for the COW disk"
mc_ok config ubd2
[ "$MC_OUT" = "OK $cow,$disk" ] || fail "config ubd2: expected 'OK $cow,$disk', got '$MC_OUT'"
gsh_ok MOUNT3 'mount /dev/ubdc /mnt && echo cow-data >/mnt/cow.txt && umount /mnt'
mc_ok remove ubd2
[ "$(sha256sum <"$disk")" = "$sum" ] || fail "the backing file changed under a COW layer"
[ -s "$cow" ] || fail "no COW file $cow"
# The COW file alone names its backing file.
mc_ok config ubd2="$cow"
wait_dev ubdc ADD4
[ "$GSH_RC" -eq 0 ] || fail "/dev/ubdc did not come back from the COW file alone"
gsh_ok READ4 'mount /dev/ubdc /mnt && cat /mnt/cow.txt && umount /mnt'
expect_in_log '^cow-data' "the COW layer lost the guest's write"
mc_ok remove ubd2

# Bad requests.
mc_err config ubd3="$TEST_TMP/no-such.img"
[[ $MC_OUT == *"cannot open"* ]] || fail "missing image: no 'cannot open' reason: $MC_OUT"
mc_err config ubd3
mc_err config ubd3x="$disk"
mc_err config ubd3="$root"
[[ $MC_OUT == *"in use"* ]] || fail "the root image plugged in twice: no 'in use' reason: $MC_OUT"
mc_err config ubd99="$disk"

guest_send 'poweroff -f'
wait_guest 30 || fail "the guest did not power off"
expect_exit 0
expect_not_in_log 'I/O error|EXT4-fs error|BUG|Oops' "errors in the guest's log"
pass
