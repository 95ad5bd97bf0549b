#!/bin/bash
# timeout: 120
# The management console answers Debian's uml_mconsole: version, help,
# log, proc, sysrq, stack, an unknown command and a disk that cannot be
# opened get errors, and halt ends the guest with status 0.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=mconsole-common.inc
. "$TESTS_DIR/cases/mconsole-common.inc"

mc_boot
expect_in_log "mconsole \(version 2\) initialized on $MC_SOCK"

mc version || fail "version failed: $MC_OUT"
release=$("$UML_KERNEL" --version 2>/dev/null | grep -oE '6\.12[^ ]*' | head -1)
re='^OK Linux [^ ]+ 6\.12'
[[ $MC_OUT =~ $re ]] || fail "version: unexpected reply '$MC_OUT'"
[ -z "$release" ] || [[ $MC_OUT == *"$release"* ]] || fail "version reply lacks release $release: $MC_OUT"

mc help || fail "help failed: $MC_OUT"
for c in version halt reboot cad sysrq log proc stop go stack config; do
	grep -qw "$c" <<<"$MC_OUT" || fail "help does not mention $c"
done
# Longer than one datagram: the reply must arrive whole.
grep -q 'remove DEV' <<<"$MC_OUT" || fail "help reply is cut short: $MC_OUT"

marker="mconsole-log-$RANDOM$RANDOM"
mc log "$marker" || fail "log failed: $MC_OUT"
wait_for_log "$marker" 10 || fail "the log line did not reach the console"

mc proc meminfo || fail "proc meminfo failed: $MC_OUT"
grep -qE '^(OK )?MemTotal: +[0-9]+ kB' <<<"$MC_OUT" || fail "proc meminfo: no MemTotal in '$MC_OUT'"
# Several datagrams (meminfo is well over 512 bytes), nothing lost.
grep -q '^VmallocChunk:' <<<"$MC_OUT" || fail "proc meminfo: the end of the file is missing"
if mc proc no-such-file; then fail "proc of a missing file did not fail"; fi
[[ $MC_OUT == ERR* ]] || fail "proc of a missing file: no ERR: $MC_OUT"

mc sysrq m || fail "sysrq m failed: $MC_OUT"
grep -q 'Show Memory' <<<"$MC_OUT" || fail "sysrq m: no 'Show Memory' in the reply"
grep -q 'Mem-Info' <<<"$MC_OUT" || fail "sysrq m: its output is not returned: $MC_OUT"

mc stack 1 || fail "stack 1 failed: $MC_OUT"
grep -q 'pid 1' <<<"$MC_OUT" || fail "stack 1: unexpected reply $MC_OUT"
if mc stack 99999; then fail "stack of a missing pid did not fail"; fi

if mc frobnicate; then fail "an unknown command succeeded: $MC_OUT"; fi
[[ $MC_OUT == ERR* ]] || fail "unknown command: no ERR reply: '$MC_OUT'"
if mc config ubd1=/nonexistent; then fail "config succeeded: $MC_OUT"; fi
[[ $MC_OUT == ERR* ]] || fail "config: no ERR reply: '$MC_OUT'"

# Still alive and answering after all that.
mc version || fail "version failed at the end: $MC_OUT"
mc_halt
pass
