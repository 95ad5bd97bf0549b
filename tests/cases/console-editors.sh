#!/bin/bash
# timeout: 180
# Full-screen and line-editing programs on a serial line (ssl0=pts),
# driven through the announced host pts like a terminal emulator: the
# window size set on the host pts is what the guest's tty says, at open
# and after a later resize; busybox sh's line editing and history (raw
# mode), the tty's own erase/kill (canonical mode), vi (insert, ESC, :wq,
# the file checked in the guest) and less (space pages, q quits).
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

t=$TEST_TMP
img=$(build_image console-editors \
	--add "$TESTS_DIR/cases/console-editors.inittab:/etc/inittab") || exit 1

start_guest -- "ubd0=$(image_copy "$img")" root=/dev/ubda rw mem=128M \
	con0=fd:0,fd:1 con=none ssl=none ssl0=pts init=/sbin/init
wait_for_log '^ssl0: attached to /dev/pts/[0-9]+' 20 || fail "ssl0 did not announce its pts"
pts=$(sed -n 's|^ssl0: attached to \(/dev/pts/[0-9]*\).*|\1|p' "$GUEST_LOG" | head -n 1)
# Held open until the end: a guest writing to a pts nobody has open
# loses its output, and the last close hangs the guest's line up.
# shellcheck disable=SC2034 # only held
exec {hold}<>"$pts"
stty -F "$pts" raw -echo || fail "cannot set up $pts"
# The guest's shell opens the line when we say so: after the size is
# set (console-dialog.py does that first, then waits for SHELL-READY).
python3 "$TESTS_DIR/cases/console-dialog.py" editors "$pts" "$t/ssl0.out" >"$t/dialog.res" 2>&1 &
dialog=$!
wait_for_log '^INIT-READY' 60 || fail "busybox init did not start: $(last_log_line)"
sleep 1
guest_send go
wait "$dialog" || fail "$(tail -n 1 "$t/dialog.res")"
wait_guest 30 || fail "the guest did not power off"
expect_exit 0
pass
