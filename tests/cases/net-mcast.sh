#!/bin/bash
# timeout: 240
# Two guests in one UDP multicast group (eth0=mcast), a hub that needs
# neither a daemon nor privileges: they ping each other and one
# downloads a file the other serves.  A guest does not hear its own
# frames back, though the host loops them to it.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=mconsole-common.inc
. "$TESTS_DIR/cases/mconsole-common.inc"
# shellcheck source=net-common.inc
. "$TESTS_DIR/cases/net-common.inc"

net_boot a "eth0=$NET_HUB"
expect_in_log "eth0: multicast group 239.192.168.1 port $NET_PORT ttl 0, MAC" "guest a did not announce eth0"
net_boot b "eth1=$NET_HUB"

net_up a eth0 10.0.1.1
net_up b eth1 10.0.1.2
net_serve a
net_fetch b 10.0.1.1
net_counters b eth1
# Everything guest a received came from b, so it heard none of its own
# ARP broadcasts: its rx count is at most b's tx count.
on a
gsh_out RXA 'cat /sys/class/net/eth0/statistics/rx_packets'
rxa=$GSH_OUT
on b
gsh_out TXB 'cat /sys/class/net/eth1/statistics/tx_packets'
[ "$rxa" -le "$GSH_OUT" ] || fail "guest a received $rxa frames but b sent only $GSH_OUT: a hears itself"
pass
