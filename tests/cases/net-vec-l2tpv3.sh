#!/bin/bash
# timeout: 150
# Two guests, each in a network namespace of its own (two hosts joined
# by a veth pair), on one LAN through static L2TPv3 sessions between
# the namespaces: vec0 on UDP over IPv4 with 64-bit cookies and
# counters, vec1 on IP (protocol 115) over IPv6, plugged in through the
# management console.  They ping each other over IPv4 and IPv6 and one
# downloads a file the other serves.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=mconsole-common.inc
. "$TESTS_DIR/cases/mconsole-common.inc"
# shellcheck source=net-common.inc
. "$TESTS_DIR/cases/net-common.inc"
# shellcheck source=net-vec-common.inc
. "$TESTS_DIR/cases/net-vec-common.inc"

vec_two_hosts
udp="transport=l2tpv3,udp=1,srcport=1706,dstport=1707,cookie64=1,counter=1"
GUEST_NETNS=$VEC_NS_A
net_boot a "vec0:$udp,src=$VEC_A4,dst=$VEC_B4,rx_session=0xffffffff,tx_session=0xffff,rx_cookie=0x1122334455667788,tx_cookie=0x99"
expect_in_log "vec0: Ethernet over L2TPv3 on UDP to $VEC_B4:1707 from $VEC_A4:1706, session 0xffff/0xffffffff, batches of 64, MAC" \
	"guest a did not announce vec0"
GUEST_NETNS=$VEC_NS_B
net_boot b "vec0:transport=l2tpv3,udp=1,srcport=1707,dstport=1706,cookie64=1,counter=1,src=$VEC_B4,dst=$VEC_A4,rx_session=0xffff,tx_session=0xffffffff,rx_cookie=0x99,tx_cookie=0x1122334455667788"

vec_up a vec0 "$VEC_NET.1"
vec_up b vec0 "$VEC_NET.2"
net_serve a
vec_fetch b vec0 "$VEC_NET.1"
vec_counters b vec0
vec_addr6 a vec0 "$VEC_NET6::1"
vec_addr6 b vec0 "$VEC_NET6::2"
vec_ping6 a "$VEC_NET6::2"
vec_ping6 b "$VEC_NET6::1"

# vec1 on both, hot-plugged: L2TPv3 on IP over IPv6.
ip6="transport=l2tpv3,v6=1,depth=8"
MC_SOCK=$MC_DIR/a/mconsole MC_NETNS=$VEC_NS_A
mc_err config "vec1:$ip6,src=$VEC_A6,dst=$VEC_B6,rx_session=5"
[[ $MC_OUT == *"needs rx_session= and tx_session="* ]] || fail "config with no tx_session: no reason given: $MC_OUT"
mc_ok config "vec1:$ip6,src=$VEC_A6,dst=$VEC_B6,rx_session=5,tx_session=6"
[[ $MC_OUT == *"vec1: Ethernet over L2TPv3 on IP to $VEC_B6 from $VEC_A6, session 0x6/0x5, batches of 8"* ]] ||
	fail "config vec1: reply does not describe it: $MC_OUT"
MC_SOCK=$MC_DIR/b/mconsole MC_NETNS=$VEC_NS_B
mc_ok config "vec1:$ip6,src=$VEC_B6,dst=$VEC_A6,rx_session=6,tx_session=5"
vec_up a vec1 "$VEC_NET.129"
vec_up b vec1 "$VEC_NET.130"
on b
gsh_ok PING-V1 "ping -c 3 -W 5 $VEC_NET.129"
vec_addr6 a vec1 "$VEC_NET6:1::1"
vec_addr6 b vec1 "$VEC_NET6:1::2"
vec_ping6 b "$VEC_NET6:1::1"
vec_counters a vec1
pass
