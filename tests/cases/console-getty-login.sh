#!/bin/bash
# timeout: 180
# A getty with login on a serial line and on con1 (ssl0=pts con1=pts),
# started by busybox init from /etc/inittab: over each announced host
# pts a user gets "login:", a wrong password is refused, the right one
# gives a shell whose `id` is the user's and whose `tty` is /dev/ttyS0
# resp. /dev/tty1 (also its controlling terminal); `exit` brings the
# next login prompt.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

# tester's password; console-getty.shadow has its hash (openssl passwd -6).
user=tester
password=s3cret-pw
t=$TEST_TMP
c=$TESTS_DIR/cases
img=$(build_image console-getty --add "$c/console-getty.passwd:/etc/passwd" \
	--add "$c/console-getty.shadow:/etc/shadow" --add "$c/console-getty.group:/etc/group" \
	--add "$c/console-getty.inittab:/etc/inittab") || exit 1

start_guest -- "ubd0=$(image_copy "$img")" root=/dev/ubda rw mem=128M \
	con0=fd:0,fd:1 con=none ssl=none ssl0=pts con1=pts init=/sbin/init
wait_for_log '^ssl0: attached to /dev/pts/[0-9]+' 20 || fail "ssl0 did not announce its pts"
wait_for_log '^con1: attached to /dev/pts/[0-9]+' 20 || fail "con1 did not announce its pts"
ssl_pts=$(sed -n 's|^ssl0: attached to \(/dev/pts/[0-9]*\).*|\1|p' "$GUEST_LOG" | head -n 1)
con_pts=$(sed -n 's|^con1: attached to \(/dev/pts/[0-9]*\).*|\1|p' "$GUEST_LOG" | head -n 1)
# Held open by the test until the end: a guest writing to a pts nobody
# has open loses its output, and the last close on the host side hangs
# the line up in the guest.  Raw and without echo at once (as screen or
# minicom would set it): nothing the guest writes comes back as input.
# shellcheck disable=SC2034 # only held
exec {hold1}<>"$ssl_pts" {hold2}<>"$con_pts"
stty -F "$ssl_pts" raw -echo || fail "cannot set up $ssl_pts"
stty -F "$con_pts" raw -echo || fail "cannot set up $con_pts"
wait_for_log '^INIT-READY' 60 || fail "busybox init did not start: $(last_log_line)"
guest_send go

dialog=$TESTS_DIR/cases/console-dialog.py
# Both lines at once: two logins on one guest.
python3 "$dialog" login "$ssl_pts" /dev/ttyS0 "$user" "$password" "$t/ssl0.out" >"$t/ssl0.res" 2>&1 &
p1=$!
python3 "$dialog" login "$con_pts" /dev/tty1 "$user" "$password" "$t/con1.out" >"$t/con1.res" 2>&1 &
p2=$!
wait "$p1" || fail "ssl0: $(tail -n 1 "$t/ssl0.res")"
wait "$p2" || fail "con1: $(tail -n 1 "$t/con1.res")"

guest_send 'poweroff -f'
wait_guest 30 || fail "the guest did not power off"
expect_exit 0
pass
