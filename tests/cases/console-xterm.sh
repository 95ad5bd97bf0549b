#!/bin/bash
# timeout: 60
# xterm: with $DISPLAY set, the kernel starts "xterm -S<pts>/<fd>" on a
# new pseudo-terminal's master; what the line writes shows in it.  A fake
# xterm on $PATH stands in for the real one and records what it gets:
# no descriptor of the kernel's but stdio and that master.
# Without $DISPLAY, con1=xterm is a one-line usage error.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

mkdir -p "$TEST_TMP/bin"
cat >"$TEST_TMP/bin/xterm" <<'FAKE'
#!/bin/bash
printf '%s\n' "$@" >"$FAKE_XTERM_OUT.args"
ls "/proc/$$/fd" >"$FAKE_XTERM_OUT.fds"
for a in "$@"; do
	case "$a" in
	-S*/*) fd=${a##*/} ;;
	esac
done
[ -n "${fd:-}" ] || exit 3
exec cat <&"$fd" >"$FAKE_XTERM_OUT"
FAKE
chmod +x "$TEST_TMP/bin/xterm"
export FAKE_XTERM_OUT=$TEST_TMP/xterm.out
PATH=$TEST_TMP/bin:$PATH DISPLAY=:99 boot_guest --timeout 30 -- mem=64M con=none ssl=none con0=xterm
expect_in_log '^linux: con0: attached to an xterm on /dev/pts/[0-9]+' "con0=xterm was not announced"
for _ in $(seq 50); do
	grep -q 'end Kernel panic' "$FAKE_XTERM_OUT" 2>/dev/null && break
	sleep 0.1
done
grep -q '^-S[0-9]*/[0-9]*$' "$FAKE_XTERM_OUT.args" ||
	fail "xterm was not given -Sname/fd: $(tr '\n' ' ' <"$FAKE_XTERM_OUT.args" 2>/dev/null)"
# bash holds its script as 255.
extra=$(grep -vxE '[0-3]|255' "$FAKE_XTERM_OUT.fds")
[ -z "$extra" ] || fail "xterm got descriptors ${extra//$'\n'/ } besides stdio and the master"
grep -q 'Linux version 6\.' "$FAKE_XTERM_OUT" ||
	fail "the kernel's messages did not reach the xterm: $(head -c 200 "$FAKE_XTERM_OUT" 2>/dev/null)"

DISPLAY='' boot_guest --timeout 20 -- mem=64M con1=xterm
expect_exit_error_line 'con1=xterm: no X display' 5
expect_exit 2
pass
