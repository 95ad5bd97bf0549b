#!/bin/bash
# timeout: 120
# A shell on con0: typed input reaches it, its output comes back; only
# configured lines have devices; output is never lost when the host reads
# it slowly (con0's output on a fifo read after a pause).
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

img=$(build_image console-shell) || exit 1
fifo=$TEST_TMP/out.fifo
mkfifo "$fifo"
# The slow reader: nothing for 3 s, then everything.
(sleep 3; cat) <"$fifo" >"$TEST_TMP/slow.out" &
reader=$!
exec {out}<>"$fifo"
start_guest -- "ubd0=$(image_copy "$img")" root=/dev/ubda rw mem=128M \
	"con0=fd:0,fd:$out" con=none ssl=none ssl0=null init=/init
exec {out}>&-
sleep 1
# shellcheck disable=SC2016 # expanded by the guest's shell
guest_send 'echo HELLO-$((6*7))'
# shellcheck disable=SC2016 # expanded by the guest's shell
guest_send 'cat /proc/consoles; for d in /dev/tty0 /dev/ttyS0; do [ -c $d ] && echo "HAVE $d"; done; [ -e /dev/tty1 ] || echo NO-TTY1'
guest_send 'head -c 200000 /dev/zero | tr "\0" x; echo; echo BIG-DONE'
guest_send 'poweroff -f'
wait_guest 60 || fail "the guest did not power off"
wait "$reader"
GUEST_LOG=$TEST_TMP/slow.out
_strip_cr
expect_in_log '^HELLO-42$' "typed input did not reach the shell"
expect_in_log '^tty0 ' "/proc/consoles does not list tty0"
expect_in_log '^HAVE /dev/tty0$' "no /dev/tty0 for con0"
expect_in_log '^HAVE /dev/ttyS0$' "no /dev/ttyS0 for ssl0=null"
expect_in_log '^NO-TTY1$' "/dev/tty1 exists although con1 is none"
expect_in_log '^BIG-DONE$' "the big output did not finish"
n=$(tr -cd x <"$GUEST_LOG" | wc -c)
[ "$n" -ge 200000 ] || fail "only $n of 200000 bytes of output arrived"
expect_exit 0
pass
