#!/bin/bash
# timeout: 120
# mconsole=notify:SOCKET: at boot the kernel sends the listener on
# SOCKET a "socket" notification with its mconsole socket's path; what
# the guest writes to /proc/mconsole arrives as a "user" notification;
# when the guest panics, a "panic" notification with the message.  Each
# message is the classic struct: magic 0xcafebabe, version 2, type
# (0 socket, 1 panic, 2 hang, 3 user), length, NUL-terminated data.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=mconsole-common.inc
. "$TESTS_DIR/cases/mconsole-common.inc"

notify=$TEST_TMP/notify.sock
mc_listen "$notify"

root=$(image_copy "$(build_image mconsole-shell)") || exit 1
mkdir -p "$MC_DIR"
mapfile -t args < <(guest_args "$root")
start_guest -- "${args[@]}" umid=mc uml_dir="$MC_DIR" "mconsole=notify:$notify"
wait_for_log 'MKROOTFS-INIT-READY' 60 || fail "the guest shell did not start: $(last_log_line)"
wait_heard 0 "'$MC_SOCK'" || fail "no socket notification with '$MC_SOCK' (heard: $(head -c 400 "$MC_HEARD"))"
# The length counts the data and its NUL; the datagram is header + data.
grep -qE "^MSG 0xcafebabe 2 0 $((${#MC_SOCK} + 1)) $((${#MC_SOCK} + 17)) " "$MC_HEARD" ||
	fail "socket notification with a wrong length: $(grep '^MSG' "$MC_HEARD" | head -n 1)"
# The path it names is a working mconsole.
mc version || fail "the notified socket does not answer: $MC_OUT"

guest_send 'echo "note from the guest" >/proc/mconsole; echo NOTE-SENT'
wait_for_log '^NOTE-SENT' 20 || fail "the guest could not write /proc/mconsole: $(last_log_line)"
wait_heard 3 "'note from the guest" || fail "no user notification (heard: $(tail -c 400 "$MC_HEARD"))"

guest_send 'echo c >/proc/sysrq-trigger'
wait_guest 30 || fail "the guest did not end after its panic"
expect_exit 1
expect_in_log 'Kernel panic'
wait_heard 1 "'sysrq triggered crash" || fail "no panic notification with the message (heard: $(tail -c 400 "$MC_HEARD"))"
[ "$(heard_count 0)" -eq 1 ] || fail "more than one socket notification"
grep -q '^SHORT' "$MC_HEARD" && fail "a notification shorter than its header"

# Without mconsole=notify there is no /proc/mconsole.
start_guest -- "${args[@]}" umid=mc uml_dir="$MC_DIR"
wait_for_log 'MKROOTFS-INIT-READY' 60 || fail "the second guest did not start: $(last_log_line)"
guest_send '[ -e /proc/mconsole ] && echo HAS-PROC-MCONSOLE; echo CHECKED'
wait_for_log '^CHECKED' 20 || fail "the second guest did not answer"
expect_not_in_log '^HAS-PROC-MCONSOLE' "/proc/mconsole exists without mconsole=notify"
mc_halt
pass
