#!/bin/bash
# timeout: 180
# ethN=user's rules are checked at boot: a malformed hostfwd, an unknown
# option, a bad MAC, a host port given twice, and a host port that a
# host program holds (TCP and UDP) or an address the host does not have
# each end the boot with one line that says which rule and why.  A port
# taken after the boot makes "ip link set eth0 up" fail with that reason
# in the guest, which goes on, and comes up once the port is free.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=mconsole-common.inc
. "$TESTS_DIR/cases/mconsole-common.inc"
# shellcheck source=net-common.inc
. "$TESTS_DIR/cases/net-common.inc"
# shellcheck source=net-user-common.inc
. "$TESTS_DIR/cases/net-user-common.inc"

free_port P
free_port Q
free_port R
img=$(image_copy "$NET_IMG")
bad() {
	local opt=$1 pattern=$2
	boot_guest --timeout 20 -- "ubd0=$img" root=/dev/ubda \
		"${UML_CONSOLE_ARGS[@]}" init=/init "$opt"
	expect_exit_error_line "$pattern" 5
}
usage='\(hostfwd=\[tcp\|udp\]:\[HOSTADDR\]:HOSTPORT-\[GUESTADDR\]:GUESTPORT\)'
bad "eth0=user,hostfwd=tcp:127.0.0.1:$P" \
	"^linux: eth0: bad hostfwd 'tcp:127.0.0.1:$P': no '-' between the host and the guest side $usage\$"
bad "eth0=user,hostfwd=sctp::$P-:22" "eth0: bad hostfwd 'sctp::$P-:22': the protocol is tcp or udp"
bad "eth0=user,hostfwd=tcp:127.0.0.1:99999-:22" "eth0: bad hostfwd .*: the host port is not a number from 1 to 65535"
bad "eth0=user,hostfwd=tcp:127.0.0.1:0-:22" "the host port is not a number from 1 to 65535"
bad "eth0=user,hostfwd=tcp:localhost:$P-:22" "the host address is not an IPv4 address"
bad "eth0=user,hostfwd=udp::$P-10.0.3.15:53" "the guest address is not in 10.0.2.0/24"
bad "eth0=user,hostfwd=tcp::$P-:x" "the guest port is not a number from 1 to 65535"
bad "eth0=user,hostfwd=tcp::$P-:22,hostfwd=tcp:127.0.0.1:$P-:23" \
	"eth0: hostfwd tcp:127.0.0.1:$P: the host port is forwarded twice"
bad "eth0=user,restrict=on" "eth0: unknown user networking option 'restrict=on'"
bad "eth0=user,mac=fe:fd:00" "eth0: bad MAC address 'fe:fd:00'"
bad "eth1=user,hostfwd=tcp:10.255.255.254:$P-:22" \
	"eth1: hostfwd tcp:10.255.255.254:$P: Cannot assign requested address"

# Ports that host programs hold: TCP on the loopback, UDP on every address.
setsid busybox httpd -f -p "127.0.0.1:$P" -h "$TEST_TMP" &
BACKGROUND_PIDS="$BACKGROUND_PIDS $!"
build_udpecho "$TEST_TMP/udpecho"
setsid "$TEST_TMP/udpecho" "$Q" >/dev/null &
BACKGROUND_PIDS="$BACKGROUND_PIDS $!"
for _ in $(seq 50); do
	grep -qi ":$(printf %04X "$Q") " /proc/net/udp && break
	sleep 0.1
done
bad "eth0=user,hostfwd=udp::$R-:53,hostfwd=tcp:127.0.0.1:$P-:80" \
	"^linux: eth0: hostfwd tcp:127.0.0.1:$P: Address already in use\$"
bad "eth0=user,hostfwd=udp:127.0.0.1:$Q-:53" \
	"^linux: eth0: hostfwd udp:127.0.0.1:$Q: Address already in use\$"

# Free at boot, taken before the interface comes up: the helper says so.
GUEST_LOG=$TEST_TMP/console.log
net_boot a "eth0=user,hostfwd=tcp:127.0.0.1:$R-:80"
setsid busybox httpd -f -p "127.0.0.1:$R" -h "$TEST_TMP" &
holder=$!
BACKGROUND_PIDS="$BACKGROUND_PIDS $holder"
sleep 0.5
gsh TAKEN 'ip link set eth0 up'
[ "$GSH_RC" -ne 0 ] || fail "eth0 came up with its host port taken"
expect_in_log "eth0: hostfwd tcp:127.0.0.1:$R: Address already in use" \
	"no reason given for the failed ip link set eth0 up"
[ -z "$(children_named "${NET_PID[a]}" uml-usernet)" ] || fail "a helper is left over"
kill "$holder"
wait "$holder" 2>/dev/null
gsh_ok FREED 'ip link set eth0 up'
[ -n "$(children_named "${NET_PID[a]}" uml-usernet)" ] || fail "no helper for the interface that is up"
pass
