#!/bin/bash
# timeout: 180
# ethN=user plugged in through uml_mconsole: "config eth1=user,..." with
# a host port that a host program holds is refused with the reason; a
# good one adds eth1, which the guest brings up and uses both ways (a
# download from the host through 10.0.2.2, a host client through the
# forward); "config eth1" gives the option back; "remove eth1" is
# refused while it is up.  Taking it down frees the host port: eth1 is
# removed and comes back with the same forward and a MAC of our choice.
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
free_port HELD
mkdir -p "$TEST_TMP/www"
head -c 262144 /dev/urandom >"$TEST_TMP/www/blob"
HOST_SUM=$(md5sum <"$TEST_TMP/www/blob" | cut -d' ' -f1)
setsid busybox httpd -f -p "127.0.0.1:$WPORT" -h "$TEST_TMP/www" &
BACKGROUND_PIDS="$BACKGROUND_PIDS $!"
setsid busybox httpd -f -p "127.0.0.1:$HELD" -h "$TEST_TMP/www" &
BACKGROUND_PIDS="$BACKGROUND_PIDS $!"

net_boot mc
[ -S "$MC_SOCK" ] || fail "no socket $MC_SOCK"

mc_err config "eth1=user,hostfwd=tcp:127.0.0.1:$HELD-:80"
[[ $MC_OUT == *"eth1: hostfwd tcp:127.0.0.1:$HELD: Address already in use"* ]] ||
	fail "config with a held port: no reason given: $MC_OUT"
mc_err config "eth1=user,hostfwd=tcp:127.0.0.1:$TPORT"
[[ $MC_OUT == *"bad hostfwd"* ]] || fail "config with a bad rule: no reason given: $MC_OUT"

spec="user,hostfwd=tcp:127.0.0.1:$TPORT-:80"
mc_ok config "eth1=$spec"
[[ $MC_OUT == *"eth1: user networking 10.0.2.0/24, tcp 127.0.0.1:$TPORT->10.0.2.15:80"* ]] ||
	fail "config eth1=...: reply does not describe the device: $MC_OUT"
mc_ok config eth1
[ "$MC_OUT" = "OK $spec" ] || fail "config eth1: expected 'OK $spec', got '$MC_OUT'"

# Static addresses this time: the lease is net-user's business.
use_eth1() {
	gsh_ok "UP$1" 'ip addr add 10.0.2.15/24 dev eth1 && ip link set eth1 up && ip route add default via 10.0.2.2'
	gsh_out "FETCH$1" "wget -q -O /tmp/blob http://10.0.2.2:$WPORT/blob && md5sum </tmp/blob"
	[ "${GSH_OUT%% *}" = "$HOST_SUM" ] ||
		fail "the guest got a different blob from the host: ${GSH_OUT%% *}, not $HOST_SUM"
	host_get "$TPORT" /blob "$TEST_TMP/from-guest$1" ||
		fail "no download from the guest through the forward of the plugged eth1"
	[ "$(md5sum <"$TEST_TMP/from-guest$1" | cut -d' ' -f1)" = "$NET_BLOB_SUM" ] ||
		fail "the blob from the guest through the forward differs"
}
net_serve mc
use_eth1 1

mc_err remove eth1
[[ $MC_OUT == *busy* ]] || fail "remove of an interface that is up: no 'busy' reason: $MC_OUT"
gsh_ok DOWN 'ip link set eth1 down'
[ -z "$(children_named "${NET_PID[mc]}" uml-usernet)" ] ||
	fail "the helper is still there after ip link set eth1 down"
mc_ok remove eth1

mc_ok config "eth1=$spec,mac=fe:fd:0a:00:02:0f"
gsh_out MAC 'cat /sys/class/net/eth1/address'
[ "$GSH_OUT" = fe:fd:0a:00:02:0f ] || fail "the re-added eth1 has MAC '$GSH_OUT'"
use_eth1 2
helper=$(children_named "${NET_PID[mc]}" uml-usernet)
[ -n "$helper" ] || fail "no helper for eth1"
mc_halt
for _ in $(seq 50); do
	kill -0 "$helper" 2>/dev/null || break
	sleep 0.1
done
! kill -0 "$helper" 2>/dev/null || fail "the helper outlived the kernel"
pass
