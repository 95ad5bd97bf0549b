#!/bin/bash
# timeout: 60
# port:N: lines wait for TCP connections on a listener they share; con0
# on a port sends the kernel's messages to whoever connects; a connection
# beyond the lines on the port is refused with a message.  (rootdelay
# keeps the kernel up for a while: until init runs, boots end in a panic.)
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

port=$((20000 + $$ % 20000))
start_guest -- mem=64M con=none ssl=none "con0=port:$port" "ssl1=port:$port" rootdelay=4
wait_for_log "linux: con0: waiting for a connection on port $port" 10 ||
	fail "con0 did not announce its port on stderr; last: $(last_log_line)"
expect_in_log "linux: ssl1: waiting for a connection on port $port"
expect_not_in_log 'Linux version' "kernel messages reached stdout although con0=port"

exec {c1}<>"/dev/tcp/127.0.0.1/$port" || fail "cannot connect to port $port"
timeout 3 cat <&"$c1" >"$TEST_TMP/c1.out" &
r1=$!
exec {c2}<>"/dev/tcp/127.0.0.1/$port" || fail "second connection refused"
exec {c3}<>"/dev/tcp/127.0.0.1/$port" || fail "third connection not even accepted"
timeout 3 cat <&"$c3" >"$TEST_TMP/c3.out"
wait "$r1"
exec {c1}>&- {c2}>&- {c3}>&-
grep -q 'Linux version 6\.' "$TEST_TMP/c1.out" ||
	fail "the first connection (con0) did not get the kernel log: $(head -c 200 "$TEST_TMP/c1.out")"
grep -q 'busy' "$TEST_TMP/c3.out" ||
	fail "the third connection was not told the lines are busy: $(head -c 200 "$TEST_TMP/c3.out")"
wait_guest 20 || fail "the kernel did not end"
pass
