#!/bin/bash
# timeout: 150
# Bad vecN: options end the boot with one line saying what is wrong; a
# transport that cannot be opened (no such host interface, a descriptor
# that is not open) is an error of "ip link set vecN up" in the guest,
# which goes on running.
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
bad vec0:transport=frob "vec0: unknown transport 'frob' \(fd, tap, raw, hybrid, gre or l2tpv3\)"
bad vec0=transport=tap "bad option 'vec0=transport=tap': expected vecN:transport="
bad vec16:transport=fd,fd=3 "bad option 'vec16:"
bad vec0:ifname=tap0 "vec0: no transport="
bad vec0:transport=tap "vec0: transport tap needs ifname="
bad vec0:transport=raw,ifname=eth0,frob=1 "vec0: unknown option 'frob' for transport raw"
bad vec0:transport=raw,ifname=eth0,ifname=eth1 "vec0: option ifname= given twice"
bad vec0:transport=tap,ifname=tap0,depth=0 "vec0: bad depth=0"
bad vec0:transport=tap,ifname=tap0,depth=5000 "vec0: bad value '5000' for depth="
bad vec0:transport=tap,ifname=tap0,gro=maybe "vec0: bad value 'maybe' for gro= \(0 or 1\)"
bad vec0:transport=tap,ifname=tap0,vec=2 "vec0: bad value '2' for vec="
bad vec0:transport=tap,ifname=tap0,mac=12:34 "vec0: bad MAC address '12:34'"
bad vec0:transport=tap,ifname=tap0,mtu=20 "vec0: bad mtu=20"
bad vec0:transport=fd "vec0: transport fd needs fd=N"
bad vec0:transport=fd,fd=x "vec0: bad value 'x' for fd="
bad vec0:transport=gre,src=10.0.0.1 "vec0: transport gre needs dst="
bad vec0:transport=gre,dst=10.0.0.300 "vec0: dst=10.0.0.300 is not an IPv4 or IPv6 address"
bad vec0:transport=gre,dst=10.0.0.2,src=::1 "vec0: src=::1 is not an IPv4 address like dst="
bad vec0:transport=gre,dst=10.0.0.2,v6=1 "vec0: dst=10.0.0.2 is not an IPv6 address"
bad vec0:transport=gre,dst=10.0.0.2,rx_key=1 "vec0: gre needs both rx_key= and tx_key="
bad vec0:transport=l2tpv3,dst=10.0.0.2,rx_session=1 "vec0: l2tpv3 needs rx_session= and tx_session="
bad vec0:transport=l2tpv3,dst=10.0.0.2,rx_session=1,tx_session=0x1ffffffff "vec0: bad value '0x1ffffffff' for tx_session="
bad vec0:transport=l2tpv3,dst=10.0.0.2,rx_session=1,tx_session=2,dstport=9 "vec0: l2tpv3 on IP has no ports"
bad vec0:transport=l2tpv3,udp=1,dst=10.0.0.2,rx_session=1,tx_session=2,rx_cookie=3 "vec0: l2tpv3 needs both rx_cookie= and tx_cookie="

GUEST_LOG=$TEST_TMP/console.log
net_boot a "vec0:transport=raw,ifname=nosuchif9" "vec1:transport=fd,fd=777"
gsh NOIF 'ip link set vec0 up'
[ "$GSH_RC" -ne 0 ] || fail "vec0 came up on a host interface that does not exist"
expect_in_log "vec0: no host interface nosuchif9" "no reason given for the failed ip link set vec0 up"
gsh NOFD 'ip link set vec1 up'
[ "$GSH_RC" -ne 0 ] || fail "vec1 came up on a descriptor that is not open"
expect_in_log "vec1: descriptor 777: Bad file descriptor" "no reason given for the failed ip link set vec1 up"
gsh_ok ALIVE 'echo still here'
pass
