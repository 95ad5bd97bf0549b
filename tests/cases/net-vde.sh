#!/bin/bash
# timeout: 240
# Two guests on a VDE switch (eth0=vde): one asks for port 5, the other
# takes what the switch gives; they ping each other and one downloads a
# file the other serves.  Taking the interface down gives the port back.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=mconsole-common.inc
. "$TESTS_DIR/cases/mconsole-common.inc"
# shellcheck source=net-common.inc
. "$TESTS_DIR/cases/net-common.inc"

command -v vde_switch >/dev/null || skip "vde_switch (vde2) is not installed"
sw=$TEST_TMP/vde
vde_switch -s "$sw" -d -p "$TEST_TMP/vde.pid" >"$TEST_TMP/vde.log" 2>&1 ||
	fail "vde_switch did not start: $(cat "$TEST_TMP/vde.log")"
at_exit "kill \$(cat $TEST_TMP/vde.pid) 2>/dev/null"
[ -S "$sw/ctl" ] || fail "vde_switch made no $sw/ctl"

net_boot a "eth0=vde,$sw,fe:fd:0a:00:00:04,5"
expect_in_log "eth0: VDE switch at $sw, MAC fe:fd:0a:00:00:04" "guest a did not announce eth0"
net_boot b "eth0=vde,$sw"

net_up a eth0 10.0.3.1
compgen -G "$sw/005.*" >/dev/null || fail "guest a did not get port 5: $(ls "$sw")"
net_up b eth0 10.0.3.2
net_serve b
net_fetch a 10.0.3.2
net_counters a eth0
on a
gsh_ok DOWN 'ip link set eth0 down'
for _ in $(seq 50); do compgen -G "$sw/005.*" >/dev/null || break; sleep 0.1; done
compgen -G "$sw/005.*" >/dev/null && fail "port 5 was not given back after ip link set eth0 down"
pass
