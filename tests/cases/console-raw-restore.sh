#!/bin/bash
# timeout: 90
# When con0's input is a host terminal, the terminal is raw while the
# kernel runs (Ctrl-C is a byte for the guest) and as before afterwards,
# even though the kernel ends by panicking (_exit, no atexit); rootdelay
# keeps it running for 2 s first, during which it gets SIGWINCH.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

command -v script >/dev/null || skip "script(1) is not installed"
require_kernel
t=$TEST_TMP
cat >"$t/inner.sh" <<INNER
tty >"$t/ttyname"
stty -g >"$t/before"
"$UML_KERNEL" mem=64M con0=fd:0,fd:1 con=null ssl=null rootdelay=2 "rawtest=$$" >"$t/kernel.log" 2>&1
echo "exit \$?" >"$t/kernel.exit.tmp"
for i in \$(seq 50); do
	stty -g >"$t/after"
	cmp -s "$t/before" "$t/after" && break
	sleep 0.1
done
mv "$t/kernel.exit.tmp" "$t/kernel.exit"
INNER
mkfifo "$t/in"
exec {hold}<>"$t/in"
setsid script -qfec "bash $t/inner.sh" /dev/null <"$t/in" >"$t/script.out" 2>&1 &
spid=$!
GUEST_PID=$spid

# While the kernel runs, its terminal must be raw.
raw=""
while kill -0 "$spid" 2>/dev/null && [ ! -e "$t/kernel.exit" ]; do
	if [ -s "$t/ttyname" ]; then
		now=$(stty -F "$(cat "$t/ttyname")" -a 2>/dev/null || true)
		if grep -qw -- '-icanon' <<<"$now"; then
			raw=$now
			break
		fi
	fi
done
# A window size change is noted, not a disturbance.
kpid=$(pgrep -f -n -- "rawtest=$$" || true)
if [ -n "$kpid" ]; then
	stty -F "$(cat "$t/ttyname")" rows 31 cols 97 2>/dev/null
	kill -WINCH "$kpid" 2>/dev/null
	sleep 0.1
	kill -WINCH "$kpid" 2>/dev/null
fi
wait "$spid"
exec {hold}>&-
GUEST_PID=""
[ -s "$t/before" ] || fail "the inner script did not run: $(cat "$t/script.out")"
grep -q 'Linux version' "$t/kernel.log" || fail "the kernel did not boot: $(head -n 3 "$t/kernel.log")"
[ -n "$raw" ] || fail "con0's terminal never became raw while the kernel ran"
for flag in -icanon -isig -echo -icrnl -ixon; do
	grep -qw -- "$flag" <<<"$raw" ||
		fail "con0's terminal was not raw ($flag) while the kernel ran: $raw"
done
grep -q '^exit [1-9]' "$t/kernel.exit" || fail "kernel: $(cat "$t/kernel.exit")"
[ -n "$kpid" ] || fail "could not find the kernel to send it SIGWINCH"
grep -q 'Unable to mount root' "$t/kernel.log" ||
	fail "the kernel did not end its boot normally after SIGWINCH: $(tail -n 2 "$t/kernel.log")"
cmp -s "$t/before" "$t/after" ||
	fail "terminal not restored: before $(cat "$t/before"), after $(cat "$t/after")"
pass
