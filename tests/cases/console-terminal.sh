#!/bin/bash
# timeout: 120
# con0 on a host terminal (a pty from script(1)): Ctrl-C is a byte that
# interrupts the guest's foreground job (the kernel lives on), and the
# terminal's size reaches the guest at start and after SIGWINCH.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

command -v script >/dev/null || skip "script(1) is not installed"
img=$(build_image console-term) || exit 1
t=$TEST_TMP
disk=$(image_copy "$img")
cat >"$t/inner.sh" <<INNER
tty >"$t/ttyname"
stty rows 31 cols 97
"$UML_KERNEL" "ubd0=$disk" root=/dev/ubda rw mem=128M con0=fd:0,fd:1 con=none ssl=none init=/init "termtest=$$"
echo "KERNEL-EXIT \$?"
INNER
mkfifo "$t/in"
exec {in}<>"$t/in"
GUEST_LOG=$t/console.log
setsid script -qfec "bash $t/inner.sh" /dev/null <"$t/in" >"$GUEST_LOG" 2>&1 &
GUEST_PID=$!
send() { printf '%s' "$1" >&"$in"; }
wait_for_log 'INIT-READY' 30 || fail "the guest shell did not start"
sleep 0.5
send $'stty size\r'
wait_for_log '^31 97' 10 || fail "the guest did not get the window size 31x97"
stty -F "$(cat "$t/ttyname")" rows 40 cols 100
kill -WINCH "$(pgrep -f -n -- "termtest=$$")"
sleep 0.5
send $'stty size\r'
wait_for_log '^40 100' 10 || fail "SIGWINCH did not bring the new size 40x100 to the guest"
# /dev/console is never a controlling tty: a shell with job control on
# /dev/tty0 (the same line) gets the Ctrl-C.
send $'exec setsid sh -c \'exec sh -i </dev/tty0 >/dev/tty0 2>&1\'\r'
sleep 1
send $'sleep 100\r'
sleep 1
send $'\003'
sleep 0.5
send $'echo AFTER-$((1+1))\r'
wait_for_log '^AFTER-2' 10 || fail "after Ctrl-C the guest shell did not come back"
send $'poweroff -f\r'
wait_for_log 'KERNEL-EXIT 0' 30 || fail "the kernel did not power off cleanly: $(last_log_line)"
pass
