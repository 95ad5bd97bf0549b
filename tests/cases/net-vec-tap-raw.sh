#!/bin/bash
# timeout: 150
# One guest, in a network namespace of the test's own whose stack is
# the host-side peer of three vector devices:
#   vec0  transport=tap on tap device vtap0, with offloads (gro=1: a
#         virtio net header on every frame, TSO both ways)
#   vec1  transport=raw on vraw, one end of a veth pair whose other end
#         (vhost) has the host's address, with offloads too
#   vec2  transport=hybrid on tap device vtap2, without offloads
# Through each, the host pings the guest, the guest downloads a file
# from the host and the host one from the guest.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=mconsole-common.inc
. "$TESTS_DIR/cases/mconsole-common.inc"
# shellcheck source=net-common.inc
. "$TESTS_DIR/cases/net-common.inc"
# shellcheck source=net-vec-common.inc
. "$TESTS_DIR/cases/net-vec-common.inc"

vec_netns a
ns=$VEC_NS
inns() { ip netns exec "$ns" "$@"; }
x=$((RANDOM % 200 + 10))
inns ip tuntap add dev vtap0 mode tap && inns ip tuntap add dev vtap2 mode tap ||
	fail "cannot make tap devices in namespace $ns"
inns ip link add vraw type veth peer name vhost || fail "cannot make a veth pair in $ns"
for dev in vtap0 vtap2 vraw vhost; do
	inns ip link set "$dev" up || fail "cannot bring $dev up"
done
vec_addr "$ns" vtap0 "10.205.$x.1/24"
vec_addr "$ns" vhost "10.206.$x.1/24"
vec_addr "$ns" vtap2 "10.207.$x.1/24"

mkdir -p "$TEST_TMP/www"
head -c 1048576 /dev/urandom >"$TEST_TMP/www/blob"
host_sum=$(md5sum <"$TEST_TMP/www/blob" | cut -d' ' -f1)
setsid ip netns exec "$ns" busybox httpd -f -p 8080 -h "$TEST_TMP/www" &
BACKGROUND_PIDS="$BACKGROUND_PIDS $!"

GUEST_NETNS=$ns
net_boot a "vec0:transport=tap,ifname=vtap0,depth=128,gro=1" \
	"vec1:transport=raw,ifname=vraw,gro=1" \
	"vec2:transport=hybrid,ifname=vtap2,depth=32"
expect_in_log "vec0: host tap device vtap0, batches of 128, offloads on, MAC" "the guest did not announce vec0"
expect_in_log "vec1: raw socket on host interface vraw, batches of 64, offloads on, MAC" "the guest did not announce vec1"
expect_in_log "vec2: host tap device vtap2, received through a raw socket, batches of 32, MAC" "the guest did not announce vec2"
net_serve a
guest_sum=$NET_BLOB_SUM

# both DEV NET: the host and the guest (NET.2) talk through DEV both ways.
both() {
	local dev=$1 net=$2 got
	vec_up a "$dev" "$net.2"
	inns busybox ping -c 3 -W 5 "$net.2" >"$TEST_TMP/ping.log" 2>&1 ||
		fail "the host cannot ping the guest on $dev: $(tail -n 2 "$TEST_TMP/ping.log")"
	NET_BLOB_SUM=$host_sum
	vec_fetch a "$dev" "$net.1" 8080
	got=$(inns busybox wget -q -O - "http://$net.2/blob" | md5sum | cut -d' ' -f1)
	[ "$got" = "$guest_sum" ] ||
		fail "the host got a different file from the guest on $dev: $got, not $guest_sum"
	vec_counters a "$dev"
}
both vec0 "10.205.$x"
both vec1 "10.206.$x"
both vec2 "10.207.$x"

# The offloads were used: the guest received frames larger than its
# MTU (the host's TSO segments, whole) on vec0 and vec1.
for dev in vec0 vec1; do
	gsh_out "BIG-$dev" "echo \$(( \$(cat /sys/class/net/$dev/statistics/rx_bytes) / \$(cat /sys/class/net/$dev/statistics/rx_packets) ))"
	[ "$GSH_OUT" -gt 1514 ] || fail "$dev: frames of $GSH_OUT bytes on average: no large ones, no offloads"
done
pass
