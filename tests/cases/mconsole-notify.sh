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

command -v python3 >/dev/null || skip "python3 is not installed"

notify=$TEST_TMP/notify.sock
heard=$TEST_TMP/heard
# The listener prints one line per datagram: magic version type len
# datagram-size and the data (Python's repr of the bytes before NUL).
cat >"$TEST_TMP/listen.py" <<'PY'
import socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
out = open(sys.argv[2], "w", buffering=1)
out.write("READY\n")
while True:
    d = s.recv(65536)
    if len(d) < 16:
        out.write("SHORT %d\n" % len(d))
        continue
    magic, version, typ, length = struct.unpack("=IIII", d[:16])
    data = d[16:16 + length]
    nul = data.endswith(b"\0")
    out.write("MSG %#x %d %d %d %d nul=%d %r\n" % (magic, version, typ, length,
              len(d), nul, data.rstrip(b"\0").decode(errors="replace")))
PY
timeout 110 python3 "$TEST_TMP/listen.py" "$notify" "$heard" &
listener=$!
# Stop it on the way out, then lib.sh's cleanup with our exit status.
trap 'rc=$?; kill "$listener" 2>/dev/null; (exit $rc); _cleanup' EXIT
for _ in $(seq 50); do grep -q READY "$heard" 2>/dev/null && break; sleep 0.1; done
grep -q READY "$heard" || fail "the listener did not start"

# heard TYPE PATTERN: a well-formed message of TYPE whose data matches.
heard() {
	grep -qE "^MSG 0xcafebabe 2 $1 [0-9]+ [0-9]+ nul=1 $2" "$heard"
}
wait_heard() {
	local _
	for _ in $(seq 100); do
		heard "$1" "$2" && return 0
		sleep 0.1
	done
	return 1
}

root=$(image_copy "$(build_image mconsole-shell)") || exit 1
mkdir -p "$MC_DIR"
mapfile -t args < <(guest_args "$root")
start_guest -- "${args[@]}" umid=mc uml_dir="$MC_DIR" "mconsole=notify:$notify"
wait_for_log 'MKROOTFS-INIT-READY' 60 || fail "the guest shell did not start: $(last_log_line)"
wait_heard 0 "'$MC_SOCK'" || fail "no socket notification with '$MC_SOCK' (heard: $(head -c 400 "$heard"))"
# The length counts the data and its NUL; the datagram is header + data.
grep -qE "^MSG 0xcafebabe 2 0 $((${#MC_SOCK} + 1)) $((${#MC_SOCK} + 17)) " "$heard" ||
	fail "socket notification with a wrong length: $(grep '^MSG' "$heard" | head -n 1)"
# The path it names is a working mconsole.
mc version || fail "the notified socket does not answer: $MC_OUT"

guest_send 'echo "note from the guest" >/proc/mconsole; echo NOTE-SENT'
wait_for_log '^NOTE-SENT' 20 || fail "the guest could not write /proc/mconsole: $(last_log_line)"
wait_heard 3 "'note from the guest" || fail "no user notification (heard: $(tail -c 400 "$heard"))"

guest_send 'echo c >/proc/sysrq-trigger'
wait_guest 30 || fail "the guest did not end after its panic"
expect_exit 1
expect_in_log 'Kernel panic'
wait_heard 1 "'sysrq triggered crash" || fail "no panic notification with the message (heard: $(tail -c 400 "$heard"))"
[ "$(grep -c '^MSG 0xcafebabe 2 0 ' "$heard")" -eq 1 ] || fail "more than one socket notification"
grep -q '^SHORT' "$heard" && fail "a notification shorter than its header"

# Without mconsole=notify there is no /proc/mconsole.
start_guest -- "${args[@]}" umid=mc uml_dir="$MC_DIR"
wait_for_log 'MKROOTFS-INIT-READY' 60 || fail "the second guest did not start: $(last_log_line)"
guest_send '[ -e /proc/mconsole ] && echo HAS-PROC-MCONSOLE; echo CHECKED'
wait_for_log '^CHECKED' 20 || fail "the second guest did not answer"
expect_not_in_log '^HAS-PROC-MCONSOLE' "/proc/mconsole exists without mconsole=notify"
mc_halt
pass
