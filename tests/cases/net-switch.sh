#!/bin/bash
# timeout: 240
# Two guests on a uml_switch (eth0=daemon): the MAC given on the command
# line is used and a random one made otherwise; they ping each other,
# one downloads a file the other serves and gets it whole; taking the
# interface down gives the switch port back.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=mconsole-common.inc
. "$TESTS_DIR/cases/mconsole-common.inc"
# shellcheck source=net-common.inc
. "$TESTS_DIR/cases/net-common.inc"

ctl=$TEST_TMP/switch.ctl
setsid uml_switch -unix "$ctl" </dev/null >"$TEST_TMP/switch.log" 2>&1 &
BACKGROUND_PIDS="$BACKGROUND_PIDS $!"
for _ in $(seq 100); do [ -S "$ctl" ] && break; sleep 0.05; done
[ -S "$ctl" ] || fail "uml_switch did not make $ctl: $(cat "$TEST_TMP/switch.log")"

net_boot a "eth0=daemon,fe:fd:0a:00:00:01,unix,$ctl"
expect_in_log "eth0: switch at $ctl, MAC fe:fd:0a:00:00:01" "guest a did not announce eth0 with its MAC"
net_boot b "eth0=daemon,,unix,$ctl"
expect_in_log "eth0: switch at $ctl, MAC" "guest b did not announce eth0"
mac=$(grep -ao "eth0: switch at .*, MAC [0-9a-f:]*" "$GUEST_LOG" | sed 's/.*MAC //')
# A random MAC is a locally administered unicast one.
[ $((0x${mac%%:*} & 3)) -eq 2 ] || fail "guest b's random MAC $mac is not locally administered unicast"

net_up a eth0 10.0.0.1
net_up b eth0 10.0.0.2
net_serve b
net_fetch a 10.0.0.2
net_counters a eth0
net_counters b eth0

# Down and up again: a new port each time.
on a
gsh_ok DOWN 'ip link set eth0 down'
gsh_ok UP2 'ip link set eth0 up && ping -c 2 -W 5 10.0.0.2'
pass
