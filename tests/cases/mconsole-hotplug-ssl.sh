#!/bin/bash
# timeout: 180
# Serial line and console hot-plug through uml_mconsole: "config sslN"
# tells a line's channel; "config ssl1=pts" gives a line that had none
# a host pseudo-terminal (the reply names it), /dev/ttyS1 appears and
# carries data both ways; "remove ssl1" is refused while the guest has
# the line open and works once it has not; the kernel's console cannot
# be removed; a configured line cannot be configured again.  Lines
# open at boot (ssl2 on a host terminal, which makes the kernel start
# its terminal-restoring child, and ssl3 on a pts) hang their host side
# up when removed: no helper child of the kernel holds their
# descriptors.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=mconsole-common.inc
. "$TESTS_DIR/cases/mconsole-common.inc"

command -v python3 >/dev/null || skip "python3 is not installed"

# hup.py OUT master: a new host pts; its slave's name goes to OUT, and
# once the file OUT.go exists our copy of the slave is closed and HUP
# is written when nobody else has the slave open either.
# hup.py OUT slave PTS: PTS opened; HUP written when its master is gone.
cat >"$TEST_TMP/hup.py" <<'PY'
import os, pty, select, sys, time
out = open(sys.argv[1], "w", buffering=1)
if sys.argv[2] == "master":
    fd, slave = pty.openpty()
    out.write("NAME %s\n" % os.ttyname(slave))
    while not os.path.exists(sys.argv[1] + ".go"):
        time.sleep(0.1)
    os.close(slave)
else:
    fd = os.open(sys.argv[3], os.O_RDWR | os.O_NOCTTY)
out.write("OPEN\n")
p = select.poll()
p.register(fd, select.POLLIN)
end = time.time() + 120
while time.time() < end:
    for _, ev in p.poll(200):
        try:
            if ev & select.POLLHUP or not os.read(fd, 4096):
                raise OSError
        except OSError:
            out.write("HUP\n")
            sys.exit(0)
PY
hup_wait() { # hup_wait FILE WORD: until FILE has a line WORD (5 s)
	local _
	for _ in $(seq 50); do
		grep -q "^$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
python3 "$TEST_TMP/hup.py" "$TEST_TMP/term" master &
at_exit "kill $! 2>/dev/null"
hup_wait "$TEST_TMP/term" NAME || fail "no host pts for ssl2"
term=$(sed -n 's/^NAME //p' "$TEST_TMP/term")

root=$(image_copy "$(build_image mconsole-shell)") || exit 1
mkdir -p "$MC_DIR"
mapfile -t args < <(guest_args "$root")
start_guest -- "${args[@]}" ssl1=none con2=none "ssl2=tty:$term" ssl3=pts \
	umid=mc uml_dir="$MC_DIR"
wait_for_log 'MKROOTFS-INIT-READY' 60 || fail "the guest shell did not start: $(last_log_line)"

# wait_chr NAME STEP: until /dev/NAME exists in the guest (GSH_RC 0).
wait_chr() {
	gsh "$2" "i=0; while [ \$i -lt 100 ] && ! [ -c /dev/$1 ]; do sleep 0.1; i=\$((i+1)); done; [ -c /dev/$1 ]"
}

# Queries: the channel of each line, as configured.
mc_ok config con0
[ "$MC_OUT" = "OK fd:0,fd:1" ] || fail "config con0: expected 'OK fd:0,fd:1', got '$MC_OUT'"
mc_ok config ssl0
[ "$MC_OUT" = "OK null" ] || fail "config ssl0: expected 'OK null', got '$MC_OUT'"
mc_ok config ssl1
[ "$MC_OUT" = "OK none" ] || fail "config ssl1: expected 'OK none', got '$MC_OUT'"
mc_err config ssl4
mc_err config con8
gsh NODEV '[ ! -e /dev/ttyS1 ] && [ ! -e /dev/tty2 ]'
[ "$GSH_RC" -eq 0 ] || fail "/dev/ttyS1 or /dev/tty2 exist although their lines are none"

# Refusals.
mc_err config ssl0=pts
[[ $MC_OUT == *"configured already"* ]] || fail "config of a configured line: no reason: $MC_OUT"
mc_err remove con0
[[ $MC_OUT == *console* ]] || fail "remove con0: no reason: $MC_OUT"
mc_err config ssl1=bogus
[[ $MC_OUT == *"unknown channel"* ]] || fail "a bad channel: no reason: $MC_OUT"
mc_ok config ssl1
[ "$MC_OUT" = "OK none" ] || fail "a refused config changed ssl1: '$MC_OUT'"

# ssl1 on a new host pts.
mc_ok config ssl1=pts
pts=$(grep -oE '/dev/pts/[0-9]+' <<<"$MC_OUT")
if [ -z "$pts" ] || [ ! -c "$pts" ]; then
	fail "config ssl1=pts: no pts named in '$MC_OUT'"
fi
mc_ok config ssl1
[ "$MC_OUT" = "OK pts" ] || fail "config ssl1: expected 'OK pts', got '$MC_OUT'"
wait_chr ttyS1 ADD1
[ "$GSH_RC" -eq 0 ] || fail "/dev/ttyS1 did not appear"

# The host end: wait for the guest's line, answer with one of its own.
cat >"$TEST_TMP/pts.py" <<'PY'
import os, select, sys, time, tty
fd = os.open(sys.argv[1], os.O_RDWR | os.O_NOCTTY)
tty.setraw(fd)
print("OPEN", flush=True)
seen, answered, end = b"", False, time.time() + 30
while time.time() < end:
    if select.select([fd], [], [], 0.2)[0]:
        seen += os.read(fd, 1024)
        sys.stdout.write(repr(seen) + "\n")
        sys.stdout.flush()
    if not answered and b"hello-ssl" in seen:
        os.write(fd, b"ping-from-host\r")
        answered = True
        print("ANSWERED", flush=True)
    if b"BYE" in seen:
        break
PY
python3 "$TEST_TMP/pts.py" "$pts" >"$TEST_TMP/pts.out" 2>&1 &
reader=$!
for _ in $(seq 50); do grep -q OPEN "$TEST_TMP/pts.out" && break; sleep 0.1; done
# shellcheck disable=SC2016 # expanded by the guest's shell
gsh TALK 'sh -c '\''exec 3<>/dev/ttyS1; echo hello-ssl >&3; read -r x <&3; echo "GOT-$x"; echo BYE >&3'\'''
wait "$reader"
grep -q ANSWERED "$TEST_TMP/pts.out" || fail "the host end never saw hello-ssl: $(tail -c 300 "$TEST_TMP/pts.out")"
expect_in_log '^GOT-ping-from-host' "the guest did not read the host's line"

# Busy while open; gone once removed.
guest_send 'sleep 3 </dev/ttyS1 &'
sleep 1
mc_err remove ssl1
[[ $MC_OUT == *busy* ]] || fail "remove of an open line: no 'busy' reason: $MC_OUT"
sleep 3
mc_ok remove ssl1
[ -e "$pts" ] && fail "the host pts $pts is still there after remove"
gsh GONE1 '[ ! -e /dev/ttyS1 ]'
[ "$GSH_RC" -eq 0 ] || fail "/dev/ttyS1 is still there after remove"
mc_ok config ssl1
[ "$MC_OUT" = "OK none" ] || fail "config ssl1 after remove: expected 'OK none', got '$MC_OUT'"
mc_err remove ssl1

# Again, and a console line too.
mc_ok config ssl1=null
wait_chr ttyS1 ADD2
[ "$GSH_RC" -eq 0 ] || fail "/dev/ttyS1 did not come back"
mc_ok config con2=null
wait_chr tty2 ADD3
[ "$GSH_RC" -eq 0 ] || fail "/dev/tty2 did not appear for con2"
gsh_write() { gsh "$1" "echo x >/dev/$2"; [ "$GSH_RC" -eq 0 ] || fail "cannot write to /dev/$2"; }
gsh_write W2 ttyS1
gsh_write W3 tty2
mc_ok remove con2
mc_ok remove ssl1

# Lines open at boot, removed: their host sides hang up.
restorer=$(children_named "$GUEST_PID" uml-restorer)
[ "$(wc -w <<<"$restorer")" -eq 1 ] || fail "expected one terminal-restoring child, found '$restorer'"
held=$(for f in "/proc/$restorer/fd/"*; do readlink "$f"; done)
log "the restorer $restorer holds: ${held//$'\n'/ }"
grep -qE 'ptmx|/dev/pts/' <<<"$held" && fail "the restorer holds a terminal of a line: ${held//$'\n'/ }"
for w in $(children_named "$GUEST_PID" uml-winch); do
	[ -z "$(ls "/proc/$w/fd")" ] || fail "the pts watcher $w holds descriptors: $(ls -l "/proc/$w/fd")"
done
touch "$TEST_TMP/term.go"
hup_wait "$TEST_TMP/term" OPEN || fail "the ssl2 terminal's holder did not let go"
sleep 1
grep -q '^HUP' "$TEST_TMP/term" && fail "ssl2's terminal was hung up before its removal"
pts3=$(grep -oE '^ssl3: attached to /dev/pts/[0-9]+' "$GUEST_LOG" | grep -oE '/dev/pts/[0-9]+')
[ -n "$pts3" ] || fail "ssl3 did not announce its pts"
python3 "$TEST_TMP/hup.py" "$TEST_TMP/pts3" slave "$pts3" &
at_exit "kill $! 2>/dev/null"
hup_wait "$TEST_TMP/pts3" OPEN || fail "cannot open ssl3's $pts3"
sleep 1
grep -q '^HUP' "$TEST_TMP/pts3" && fail "ssl3's $pts3 was hung up before its removal"
mc_ok remove ssl3
hup_wait "$TEST_TMP/pts3" HUP || fail "ssl3's host side $pts3 was not hung up by its removal"
mc_ok remove ssl2
hup_wait "$TEST_TMP/term" HUP || fail "ssl2's host terminal $term was not let go by its removal"

guest_send 'poweroff -f'
wait_guest 30 || fail "the guest did not power off"
expect_exit 0
expect_not_in_log 'BUG|Oops|WARNING' "kernel warnings in the log"
pass
