#!/bin/bash
# timeout: 240
# Network hot-plug through uml_mconsole: "config eth1=SPEC" adds a
# device that the guest brings up and uses; "config eth1" gives its
# option back; "remove eth1" is refused while the interface is up and
# works once it is down; the device can come back; bad requests get
# errors that say why.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=mconsole-common.inc
. "$TESTS_DIR/cases/mconsole-common.inc"
# shellcheck source=net-common.inc
. "$TESTS_DIR/cases/net-common.inc"

spec=$NET_HUB
net_boot peer "eth0=$spec"
net_up peer eth0 10.0.2.2
net_serve peer
net_boot mc
[ -S "$MC_SOCK" ] || fail "no socket $MC_SOCK"

mc_err config eth1
mc_err config eth16=mcast
mc_err remove eth1
mc_err config eth1=frob
[[ $MC_OUT == *"unknown transport"* ]] || fail "config eth1=frob: no reason given: $MC_OUT"
mc_err config eth1=mcast,not-a-mac
[[ $MC_OUT == *"bad MAC"* ]] || fail "config with a bad MAC: no reason given: $MC_OUT"

mc_ok config eth1="$spec"
[[ $MC_OUT == *"eth1: multicast group 239.192.168.1 port $NET_PORT"* ]] ||
	fail "config eth1=...: reply does not describe the device: $MC_OUT"
mc_ok config eth1
[ "$MC_OUT" = "OK $spec" ] || fail "config eth1: expected 'OK $spec', got '$MC_OUT'"
mc_err config eth1="$spec"
[[ $MC_OUT == *"configured already"* ]] || fail "a second config eth1= is not refused: $MC_OUT"

net_up mc eth1 10.0.2.1
net_fetch mc 10.0.2.2
mc_err remove eth1
[[ $MC_OUT == *busy* ]] || fail "remove of an interface that is up: no 'busy' reason: $MC_OUT"
gsh_ok DOWN 'ip link set eth1 down'
mc_ok remove eth1
gsh GONE '! ip link show eth1 2>/dev/null'
[ "$GSH_RC" -eq 0 ] || fail "eth1 is still there after remove"
mc_err config eth1

# It comes back, with a MAC of our choosing this time.
mc_ok config eth1="mcast,fe:fd:0a:00:00:03,239.192.168.1,$NET_PORT,0"
gsh_out MAC 'cat /sys/class/net/eth1/address'
[ "$GSH_OUT" = fe:fd:0a:00:00:03 ] || fail "the re-added eth1 has MAC '$GSH_OUT'"
net_up mc eth1 10.0.2.1
gsh_ok PING2 'ping -c 2 -W 5 10.0.2.2'
mc_halt
pass
