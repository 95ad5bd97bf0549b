#!/bin/bash
# timeout: 240
# A guest on built-in user networking (eth0=user, libslirp in our own
# helper, no privilege): it gets a DHCP lease (10.0.2.15, router
# 10.0.2.2, DNS 10.0.2.3), downloads a file that a host program serves
# on the host's loopback through 10.0.2.2, and gets an IPv6 address by
# SLAAC in fec0::/64 that reaches fec0::2.  Host clients reach a web
# server and a UDP echo server in the guest through two hostfwd rules on
# 127.0.0.1.  When the helper dies the carrier goes, with one message;
# down and up starts a new one.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=mconsole-common.inc
. "$TESTS_DIR/cases/mconsole-common.inc"
# shellcheck source=net-common.inc
. "$TESTS_DIR/cases/net-common.inc"
# shellcheck source=net-user-common.inc
. "$TESTS_DIR/cases/net-user-common.inc"

free_port WPORT
free_port TPORT
free_port UPORT

# The host's web server, on the loopback only.
mkdir -p "$TEST_TMP/www" "$TEST_TMP/share"
head -c 1048576 /dev/urandom >"$TEST_TMP/www/blob"
HOST_SUM=$(md5sum <"$TEST_TMP/www/blob" | cut -d' ' -f1)
setsid busybox httpd -f -p "127.0.0.1:$WPORT" -h "$TEST_TMP/www" &
BACKGROUND_PIDS="$BACKGROUND_PIDS $!"

# What the guest gets through hostfs: udhcpc's hook, a UDP echo server.
make_dhcp_script "$TEST_TMP/share/dhcp.sh"
build_udpecho "$TEST_TMP/share/udpecho"

net_boot a "eth0=user,hostfwd=tcp:127.0.0.1:$TPORT-:80,hostfwd=udp:127.0.0.1:$UPORT-10.0.2.15:7777"
expect_in_log "eth0: user networking 10.0.2.0/24, tcp 127.0.0.1:$TPORT->10.0.2.15:80, udp 127.0.0.1:$UPORT->10.0.2.15:7777, MAC" \
	"the guest did not announce eth0"
on a
gsh_ok MOUNT "mkdir -p /mnt/h && mount -t hostfs none /mnt/h -o $TEST_TMP/share"

# DHCP
gsh_ok DHCP 'ip link set eth0 up && udhcpc -i eth0 -s /mnt/h/dhcp.sh -q -n -t 5 -T 2'
expect_in_log "LEASE ip=10.0.2.15 mask=24 router=10.0.2.2 dns=10.0.2.3" \
	"no lease 10.0.2.15/24 with router 10.0.2.2 and DNS 10.0.2.3"

# The guest fetches from the host's loopback, through 10.0.2.2.
gsh_ok PING 'ping -c 2 -W 5 10.0.2.2'
gsh_out FETCH "wget -q -O /tmp/blob http://10.0.2.2:$WPORT/blob && md5sum </tmp/blob"
[ "${GSH_OUT%% *}" = "$HOST_SUM" ] ||
	fail "the guest got a different blob from the host: ${GSH_OUT%% *}, not $HOST_SUM"

# A host client reaches the guest's web server through the TCP forward.
net_serve a
host_get "$TPORT" /blob "$TEST_TMP/from-guest" ||
	fail "no download from the guest through hostfwd tcp 127.0.0.1:$TPORT"
[ "$(md5sum <"$TEST_TMP/from-guest" | cut -d' ' -f1)" = "$NET_BLOB_SUM" ] ||
	fail "the blob from the guest through the forward differs"

# ... and its UDP echo server through the UDP forward.
guest_send "/mnt/h/udpecho 7777 &"
wait_for_log 'UDPECHO-LISTENING' 20 || fail "the guest's UDP echo server did not start"
exec {udp}<>"/dev/udp/127.0.0.1/$UPORT" || fail "no UDP socket to 127.0.0.1:$UPORT"
reply=""
for i in 1 2 3 4 5; do
	printf 'hello-%s' "$i" >&"$udp"
	# One read of one datagram (the shell's read would take a byte).
	reply=$(timeout 3 dd bs=2048 count=1 status=none <&"$udp") && break
done
exec {udp}>&-
[[ $reply == "echo hello-"[1-5] ]] ||
	fail "no answer through hostfwd udp 127.0.0.1:$UPORT: '$reply'"

# IPv6: SLAAC in fec0::/64, and the host's side of it answers.
# (fec0::/64 is site-local: "scope site", not global.)
gsh_out V6ADDR 'for i in $(seq 20); do a=$(ip -6 addr show dev eth0 | sed -n "s/.*inet6 \(fec0:[^/ ]*\).*/\1/p"); [ -n "$a" ] && break; sleep 1; done; echo "$a"'
[[ $GSH_OUT == fec0::* ]] || fail "no SLAAC address in fec0::/64 on eth0: '$GSH_OUT'"
gsh_ok PING6 'ping6 -c 2 -W 5 fec0::2'

# The helper dies: no carrier, one message; down and up starts anew.
helper=$(children_named "${NET_PID[a]}" uml-usernet)
[ -n "$helper" ] || fail "no uml-usernet child of the kernel"
kill -KILL "$helper"
gsh CARRIER_PING 'sleep 1; ping -c 1 -W 1 10.0.2.2'
gsh_out CARRIER 'cat /sys/class/net/eth0/carrier'
[ "$GSH_OUT" = 0 ] || fail "eth0 still has a carrier after the helper died: $GSH_OUT"
expect_in_log "eth0: the host transport is gone" "no message when the helper died"
gsh_ok REUP 'ip link set eth0 down && ip link set eth0 up && udhcpc -i eth0 -s /mnt/h/dhcp.sh -q -n -t 5 -T 2'
gsh_out FETCH2 "wget -q -O /tmp/blob2 http://10.0.2.2:$WPORT/blob && md5sum </tmp/blob2"
[ "${GSH_OUT%% *}" = "$HOST_SUM" ] || fail "no download after a new helper"
host_get "$TPORT" /blob "$TEST_TMP/from-guest2" ||
	fail "no download through the forward after a new helper"

# A reboot re-executes the kernel, which finds its host ports free: the
# helper of the old one is gone before.
helper=$(children_named "${NET_PID[a]}" uml-usernet)
# shellcheck disable=SC2034 # mc uses it
MC_SOCK=$MC_DIR/a/mconsole
mc_ok reboot
for _ in $(seq 300); do
	[ "$(grep -ac MKROOTFS-INIT-READY "$GUEST_LOG")" -ge 2 ] && break
	sleep 0.2
done
[ "$(grep -ac MKROOTFS-INIT-READY "$GUEST_LOG")" -ge 2 ] ||
	fail "the guest did not come back after reboot: $(last_log_line)"
! kill -0 "$helper" 2>/dev/null || fail "the helper outlived the kernel at reboot"
expect_in_log "eth0: user networking 10.0.2.0/24, tcp 127.0.0.1:$TPORT" \
	"eth0 is not there after reboot"
gsh_ok REBOOTUP 'ip addr add 10.0.2.15/24 dev eth0 && ip link set eth0 up'
# (net_serve's step names are in the log from before the reboot.)
gsh_out SERVE2 'mkdir -p /www && echo after-reboot >/www/note && httpd -p 80 -h /www && echo served'
[ "$GSH_OUT" = served ] || fail "no web server in the guest after reboot: $GSH_OUT"
host_get "$TPORT" /note "$TEST_TMP/note" ||
	fail "no download through the forward after reboot"
[ "$(cat "$TEST_TMP/note")" = after-reboot ] || fail "the page after reboot differs"
pass
