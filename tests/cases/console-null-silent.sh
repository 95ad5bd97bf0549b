#!/bin/bash
# timeout: 60
# con0=null: kernel messages vanish, nothing reaches the host's stdout;
# the default console (fd:0,fd:1) does show them.  (Until init runs
# these boots end in a panic: a non-zero exit is expected.)
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

boot_guest --timeout 30 -- mem=64M con0=null con=null ssl=null
expect_exit nonzero
[ ! -s "$GUEST_LOG" ] ||
	fail "con0=null printed $(wc -l <"$GUEST_LOG") lines, first: $(head -n 1 "$GUEST_LOG")"

boot_guest --timeout 30 -- mem=64M con=null ssl=null con0=fd:0,fd:1
expect_in_log '^Linux version 6\.' "no banner on the default console"
expect_in_log 'Kernel panic|VFS' "the console stopped before the end of the boot"
# Handed over from the boot console without repeating a line.
[ "$(grep -c '^Linux version 6\.' "$GUEST_LOG")" -eq 1 ] ||
	fail "the banner appears $(grep -c '^Linux version' "$GUEST_LOG") times"
pass
