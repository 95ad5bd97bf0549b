#!/bin/bash
# timeout: 180
# A guest on slirp (eth0=slirp): no privilege, no daemon; slirp makes
# the guest's connections from the host.  The guest downloads a file a
# host program serves on the host's loopback, through slirp's alias
# for the host, 10.0.2.2.  ethN carries bare IP packets there (no MAC,
# no ARP).  When slirp dies, the guest's eth0 loses its carrier and the
# kernel says so once.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=mconsole-common.inc
. "$TESTS_DIR/cases/mconsole-common.inc"
# shellcheck source=net-common.inc
. "$TESTS_DIR/cases/net-common.inc"

command -v slirp >/dev/null || skip "slirp is not installed"
mkdir -p "$TEST_TMP/www"
head -c 1048576 /dev/urandom >"$TEST_TMP/www/blob"
NET_BLOB_SUM=$(md5sum <"$TEST_TMP/www/blob" | cut -d' ' -f1)
setsid busybox httpd -f -p "127.0.0.1:$NET_PORT" -h "$TEST_TMP/www" &
BACKGROUND_PIDS="$BACKGROUND_PIDS $!"

net_boot a eth0=slirp
expect_in_log "eth0: slirp \(slirp-fullbolt\), IP packets" "the guest did not announce eth0"
on a
gsh_ok UP 'ip addr add 10.0.2.15/24 dev eth0 && ip link set eth0 up && ip route add default dev eth0'
gsh_out FETCH "wget -q -O /tmp/blob http://10.0.2.2:$NET_PORT/blob && md5sum </tmp/blob"
[ "${GSH_OUT%% *}" = "$NET_BLOB_SUM" ] ||
	fail "the guest got a different blob through slirp: ${GSH_OUT%% *}, not $NET_BLOB_SUM"
gsh_out FLAGS 'cat /sys/class/net/eth0/flags /sys/class/net/eth0/type | tr "\n" " "; echo'
read -r flags type <<<"$GSH_OUT"
[ $((flags & 0x90)) -eq $((0x90)) ] && [ "$type" = 65534 ] ||
	fail "eth0 is not a point-to-point NOARP link of type none: flags $flags type $type"

# slirp dies: the carrier goes at the next packet, one message, the
# guest goes on.
slirp_pid=$(children_named "${NET_PID[a]}" slirp-fullbolt)
[ -n "$slirp_pid" ] || fail "no slirp child of the kernel"
kill -KILL "$slirp_pid"
gsh CARRIER_PING 'sleep 1; ping -c 1 -W 1 10.0.2.2'
gsh_out CARRIER 'cat /sys/class/net/eth0/carrier'
[ "$GSH_OUT" = 0 ] || fail "eth0 still has a carrier after slirp died: $GSH_OUT"
expect_in_log "eth0: the host transport is gone" "no message when slirp died"
# Down and up again starts a new slirp.
gsh_ok REUP 'ip link set eth0 down && ip link set eth0 up && ip route add default dev eth0'
gsh_out FETCH2 "wget -q -O /tmp/blob2 http://10.0.2.2:$NET_PORT/blob && md5sum </tmp/blob2"
[ "${GSH_OUT%% *}" = "$NET_BLOB_SUM" ] || fail "no download after a new slirp"
pass
