#!/bin/bash
# timeout: 120
# stop freezes the guest (its tick loop prints nothing) while mconsole
# still answers; go resumes it, and the guest's clock does not leap.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=mconsole-common.inc
. "$TESTS_DIR/cases/mconsole-common.inc"

ticks() { grep -c '^TICK ' "$GUEST_LOG"; }

mc_boot
wait_for_log '^TICK 5 ' 30 || fail "the guest stopped ticking on its own"
mc stop || fail "stop failed: $MC_OUT"
sleep 0.5
before=$(ticks)
mc version || fail "version while stopped failed: $MC_OUT"
sleep 2.5
after=$(ticks)
[ "$after" -eq "$before" ] || fail "the guest ticked while stopped ($before -> $after)"
if mc proc uptime; then fail "proc ran while stopped: $MC_OUT"; fi
mc go || fail "go failed: $MC_OUT"
sleep 1.5
resumed=$(ticks)
[ "$resumed" -gt "$after" ] || fail "the guest did not resume after go ($after ticks)"
if mc go; then fail "go when not stopped succeeded"; fi
mc_halt
expect_in_log 'mconsole: guest stopped'
expect_in_log 'mconsole: guest resumed'
expect_not_in_log 'soft lockup|rcu.*stall'
pass
