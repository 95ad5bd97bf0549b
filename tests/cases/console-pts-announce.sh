#!/bin/bash
# timeout: 60
# pts lines get a host pseudo-terminal each and say which; none lines
# say nothing.  With con0 on a pts, kernel messages go there and stdout
# (here the log) only gets the announcement lines (on stderr).
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

boot_guest --timeout 30 -- mem=64M con0=fd:0,fd:1 con=none ssl=none con3=pts ssl1=pts
expect_in_log '^con3: attached to /dev/pts/[0-9]+$' "con3 did not announce its pts"
expect_in_log '^ssl1: attached to /dev/pts/[0-9]+$' "ssl1 did not announce its pts"
expect_not_in_log '^(con[124-7]|ssl[023]): ' "a none line announced itself"
a=$(sed -n 's|^con3: attached to ||p' "$GUEST_LOG")
b=$(sed -n 's|^ssl1: attached to ||p' "$GUEST_LOG")
[ "$a" != "$b" ] || fail "con3 and ssl1 share $a"

boot_guest --timeout 30 -- mem=64M con0=pts con=none ssl=none
expect_in_log '^linux: con0: attached to /dev/pts/[0-9]+$' "con0=pts not announced on stderr"
expect_not_in_log 'Linux version' "kernel messages reached stdout although con0=pts"
pass
