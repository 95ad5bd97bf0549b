#!/bin/bash
# timeout: 150
# Two guests, each in a network namespace of its own (two hosts joined
# by a veth pair), on one LAN through Ethernet over GRE tunnels between
# the namespaces: vec0 over IPv4 with keys and sequence numbers, vec1
# over IPv6.  They ping each other over IPv4 and IPv6 and one downloads
# a file the other serves; a frame with the wrong key is dropped.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=mconsole-common.inc
. "$TESTS_DIR/cases/mconsole-common.inc"
# shellcheck source=net-common.inc
. "$TESTS_DIR/cases/net-common.inc"
# shellcheck source=net-vec-common.inc
. "$TESTS_DIR/cases/net-vec-common.inc"

vec_two_hosts
GUEST_NETNS=$VEC_NS_A
net_boot a "vec0:transport=gre,src=$VEC_A4,dst=$VEC_B4,rx_key=7,tx_key=8,sequence=1" \
	"vec1:transport=gre,src=$VEC_A6,dst=$VEC_B6,depth=16"
expect_in_log "vec0: Ethernet over GRE to $VEC_B4 from $VEC_A4, batches of 64, MAC" "guest a did not announce vec0"
expect_in_log "vec1: Ethernet over GRE to $VEC_B6 from $VEC_A6, batches of 16, MAC" "guest a did not announce vec1"
GUEST_NETNS=$VEC_NS_B
net_boot b "vec0:transport=gre,src=$VEC_B4,dst=$VEC_A4,rx_key=8,tx_key=7,sequence=1" \
	"vec1:transport=gre,v6=1,src=$VEC_B6,dst=$VEC_A6"

vec_up a vec0 "$VEC_NET.1"
vec_up b vec0 "$VEC_NET.2"
net_serve a
vec_fetch b vec0 "$VEC_NET.1"
vec_counters b vec0
vec_addr6 a vec0 "$VEC_NET6::1"
vec_addr6 b vec0 "$VEC_NET6::2"
vec_ping6 a "$VEC_NET6::2"
vec_ping6 b "$VEC_NET6::1"

# vec1, the tunnel over IPv6: another LAN.
vec_up a vec1 "$VEC_NET.129"
vec_up b vec1 "$VEC_NET.130"
on b
gsh_ok PING-V1 "ping -c 3 -W 5 $VEC_NET.129"
vec_addr6 a vec1 "$VEC_NET6:1::1"
vec_addr6 b vec1 "$VEC_NET6:1::2"
vec_ping6 b "$VEC_NET6:1::1"
vec_counters a vec1

# Guest b's vec0 comes back with a key that a does not expect: nothing
# gets through, and a counts the frames it dropped.
MC_SOCK=$MC_DIR/b/mconsole MC_NETNS=$VEC_NS_B
on b
gsh_ok DOWN 'ip link set vec0 down'
mc_ok remove vec0
mc_ok config "vec0:transport=gre,src=$VEC_B4,dst=$VEC_A4,rx_key=8,tx_key=9"
[[ $MC_OUT == *"vec0: Ethernet over GRE to $VEC_A4"* ]] || fail "config vec0: reply does not describe it: $MC_OUT"
mc_ok config vec0
[ "$MC_OUT" = "OK transport=gre,src=$VEC_B4,dst=$VEC_A4,rx_key=8,tx_key=9" ] ||
	fail "config vec0 gave '$MC_OUT'"
gsh_ok UP-AGAIN "ip addr add $VEC_NET.2/24 dev vec0 && ip link set vec0 up"
on a
gsh_out DROP0 'cat /sys/class/net/vec0/statistics/rx_dropped'
drop0=$GSH_OUT
on b
gsh BADKEY "ping -c 2 -W 2 $VEC_NET.1"
[ "$GSH_RC" -ne 0 ] || fail "guest b got through with the wrong GRE key"
on a
gsh_out DROP1 'cat /sys/class/net/vec0/statistics/rx_dropped'
[ "$GSH_OUT" -gt "$drop0" ] || fail "guest a did not drop the frames with the wrong key ($drop0, then $GSH_OUT)"
pass
