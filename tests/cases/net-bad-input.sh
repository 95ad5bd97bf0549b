#!/bin/bash
# timeout: 120
# Bad ethN= options end the boot with one line saying what is wrong;
# a transport that cannot be opened (no switch at the socket) is an
# error of "ip link set eth0 up" in the guest, which goes on running.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=mconsole-common.inc
. "$TESTS_DIR/cases/mconsole-common.inc"
# shellcheck source=net-common.inc
. "$TESTS_DIR/cases/net-common.inc"

img=$(image_copy "$NET_IMG")
bad() {
	local opt=$1 pattern=$2
	boot_guest --timeout 20 -- "ubd0=$img" root=/dev/ubda \
		"${UML_CONSOLE_ARGS[@]}" init=/init "$opt"
	expect_exit_error_line "$pattern" 5
}
bad eth0=frob "eth0: unknown transport 'frob'"
bad eth0=tuntap "eth0: tuntap needs the name of a host tap device"
bad eth0=mcast,12:34 "eth0: bad MAC address '12:34'"
bad eth0=mcast,01:00:00:00:00:01 "bad MAC address"
bad eth0=mcast,,10.1.2.3 "'10.1.2.3' is not an IPv4 multicast address"
bad eth0=mcast,,,99999 "eth0: bad multicast port or TTL"
bad eth0=daemon,,tcp "daemon socket type 'tcp' is not supported"
bad eth16=mcast "bad option 'eth16=mcast'"
bad eth0=mcast,,,,,,,,, "eth0: too many fields"

GUEST_LOG=$TEST_TMP/console.log
net_boot a "eth0=daemon,,unix,$TEST_TMP/no-switch.ctl"
gsh NOSWITCH 'ip link set eth0 up'
[ "$GSH_RC" -ne 0 ] || fail "eth0 came up without a switch"
expect_in_log "eth0: cannot reach the switch at $TEST_TMP/no-switch.ctl: No such file or directory" \
	"no reason given for the failed ip link set eth0 up"
gsh_ok ALIVE 'echo still here'
pass
