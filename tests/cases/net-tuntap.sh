#!/bin/bash
# timeout: 180
# A guest on a host tap device (eth0=tuntap,TAP): the host pings the
# guest, the guest pings the host and downloads a file the host serves.
# Making the namespace and the tap device takes root (CAP_SYS_ADMIN,
# CAP_NET_ADMIN); the guest itself runs as it would for its user, the
# device's owner.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=mconsole-common.inc
. "$TESTS_DIR/cases/mconsole-common.inc"
# shellcheck source=net-common.inc
. "$TESTS_DIR/cases/net-common.inc"

command -v ip >/dev/null || skip "no ip command (iproute2) on the host"
# Everything happens in a network namespace of this test's own: the
# host's namespace never sees the tap device, its address or the traffic.
ns=umlt$$
tap=umlt$$
ip netns add "$ns" 2>/dev/null ||
	skip "cannot make a network namespace here (needs CAP_SYS_ADMIN)"
at_exit "ip netns del $ns 2>/dev/null"
inns() { ip netns exec "$ns" "$@"; }
inns ip link set lo up
inns ip tuntap add dev "$tap" mode tap user "$(id -u)" ||
	fail "cannot make a tap device in namespace $ns"
net=10.201.$((RANDOM % 200))
inns ip addr add "$net.1/24" dev "$tap" && inns ip link set "$tap" up ||
	fail "cannot configure $tap in namespace $ns"

mkdir -p "$TEST_TMP/www"
head -c 1048576 /dev/urandom >"$TEST_TMP/www/blob"
NET_BLOB_SUM=$(md5sum <"$TEST_TMP/www/blob" | cut -d' ' -f1)
setsid ip netns exec "$ns" busybox httpd -f -p "$net.1:8080" -h "$TEST_TMP/www" &
BACKGROUND_PIDS="$BACKGROUND_PIDS $!"

GUEST_NETNS=$ns
net_boot a "eth0=tuntap,$tap,fe:fd:0a:00:00:02"
expect_in_log "eth0: host tap device $tap, MAC fe:fd:0a:00:00:02" "the guest did not announce eth0"
net_up a eth0 "$net.2"
inns busybox ping -c 3 -W 5 "$net.2" >"$TEST_TMP/ping.log" 2>&1 ||
	fail "the host cannot ping the guest: $(tail -n 2 "$TEST_TMP/ping.log")"
net_fetch a "$net.1" 8080
net_counters a eth0
pass
