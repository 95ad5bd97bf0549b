#!/bin/bash
# timeout: 90
# Bad con=/ssl= channels are usage errors: one line on stderr naming the
# option, exit status 2, before the kernel says anything else.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

check() {	# check PATTERN ARG...: the kernel must reject ARGs
	local pattern=$1
	shift
	boot_guest --timeout 20 -- mem=64M "$@"
	expect_exit_error_line "$pattern" 5
	expect_exit 2
	expect_not_in_log 'Linux version' "the kernel booted before rejecting $*"
}

check "con1=bogus: unknown channel 'bogus'" con1=bogus
check "con=fd:x: .*descriptor number" con=fd:x
check 'ssl2=fd:: .*needs an argument' ssl2=fd:
check 'ssl9=null: no such line' ssl9=null
check 'con12=pts: no such line' con12=pts
check "con0=none,fd:1: .*'none'" con0=none,fd:1
check 'con1=tty:relative: .*absolute' con1=tty:relative
check 'con1=tty:/nonexistent/tty: cannot use' con1=tty:/nonexistent/tty
check 'ssl0=port:70000: .*port number' ssl0=port:70000
check "con1=null:3: channel 'null' takes no argument" con1=null:3
check 'con0=fd:0,bogus:1' con0=fd:0,bogus:1
DISPLAY='' check 'con1=xterm: no X display' con1=xterm
# The same option given well is accepted (the test can fail).
boot_guest --timeout 30 -- mem=64M con0=fd:0,fd:1 con1=null ssl=null
expect_in_log 'Linux version' "a good con= option was rejected"
[ "$GUEST_EXIT" -ne 2 ] || fail "good options gave the usage exit status 2"
pass
