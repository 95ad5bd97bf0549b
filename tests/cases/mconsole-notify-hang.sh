#!/bin/bash
# timeout: 180
# mconsole=hang:SECONDS with mconsole=notify:SOCKET: a watchdog child
# of the kernel (comm uml-watchdog) pings it every second and sends a
# "hang" notification (type 2) when a ping had no answer for SECONDS.
# The kernel's host process frozen with SIGSTOP is reported once per
# hang, within SECONDS plus the ping interval, and again at the next
# hang; a guest that runs or idles is not, nor one that the mconsole's
# "stop" freezes for as long.  The watchdog costs an idle guest next to
# nothing and ends with the kernel: at halt, at reboot (the new kernel
# starts its own, the old one is reaped, as are the guest's processes)
# and when the kernel is killed.
# The default is 30 s; hang:0 turns it off.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=mconsole-common.inc
. "$TESTS_DIR/cases/mconsole-common.inc"

HANG=3
notify=$TEST_TMP/notify.sock
mc_listen "$notify"
hangs() { heard_count 2; }
# watchdog: the one watchdog child of the kernel, in WD.
watchdog() {
	WD=$(children_named "$GUEST_PID" uml-watchdog)
	[ "$(wc -w <<<"$WD")" -eq 1 ] || fail "$1: expected one watchdog child, found '$WD'"
}
# gone PID: PID has ended within 5 s (whether reaped is the watchdog
# function's business: a zombie of the kernel's is its child still).
gone() {
	local _
	for _ in $(seq 50); do
		case $(_proc_state "$1") in "" | Z) return 0 ;; esac
		sleep 0.1
	done
	return 1
}
# freeze S: SIGSTOP the kernel's host process (its process alone) for
# S seconds; FROZE_AT is when, on the host's wall clock.
freeze() {
	FROZE_AT=$(date +%s.%N)
	kill -STOP "$GUEST_PID"
	sleep "$1"
	kill -CONT "$GUEST_PID"
}

root=$(image_copy "$(build_image mconsole-shell)") || exit 1
mkdir -p "$MC_DIR"
mapfile -t args < <(guest_args "$root")
start_guest -- "${args[@]}" umid=mc uml_dir="$MC_DIR" \
	"mconsole=notify:$notify" "mconsole=hang:$HANG"
# Make sure the kernel is never left stopped.
at_exit "kill -CONT $GUEST_PID 2>/dev/null"
wait_for_log 'MKROOTFS-INIT-READY' 60 || fail "the guest shell did not start: $(last_log_line)"
wait_heard 0 "'$MC_SOCK'" || fail "no socket notification (heard: $(head -c 400 "$MC_HEARD"))"
expect_in_log "mconsole: hangs of $HANG s are reported to $notify"
watchdog "first boot"
first=$WD

# Idle, then busy: no report, and the pings cost next to nothing.
ticks0=$(tree_cpu_ticks "$GUEST_PID")
sleep $((2 * HANG + 4))
ticks1=$(tree_cpu_ticks "$GUEST_PID")
hz=$(getconf CLK_TCK)
log "idle: $((ticks1 - ticks0)) ticks of $(((2 * HANG + 4) * hz)) (hz $hz)"
[ $(((ticks1 - ticks0) * 100)) -lt $(((2 * HANG + 4) * hz * 2)) ] ||
	fail "an idle guest with the watchdog used $((ticks1 - ticks0)) ticks in $((2 * HANG + 4)) s (2 % is the limit)"
# shellcheck disable=SC2016 # expanded by the guest's shell
gsh_ok BUSY 'i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done'
[ "$(hangs)" -eq 0 ] || fail "a hang was reported while the guest idled or ran: $(grep ' 2 2 ' "$MC_HEARD")"

# Frozen by the mconsole for longer than the limit: no hang.
mc_ok stop
sleep $((2 * HANG + 2))
mc_ok go
gsh_ok AFTER-STOP true
sleep 1
[ "$(hangs)" -eq 0 ] || fail "a hang was reported during mconsole stop: $(grep ' 2 2 ' "$MC_HEARD")"

# A real hang: the kernel's process frozen for twice the limit.  One
# report, that names the instance, in time.
freeze $((2 * HANG + 2))
wait_heard 2 "'umid mc, pid $GUEST_PID: the kernel has not answered for $HANG s'" 5 ||
	fail "no hang notification (heard: $(tail -c 400 "$MC_HEARD"))"
[ "$(hangs)" -eq 1 ] || fail "$(hangs) hang notifications for one hang"
at=$(grep -m1 -oE ' 2 2 .* at=[0-9.]+' "$MC_HEARD" | sed 's/.* at=//')
delay_ms=$(awk -v a="$at" -v f="$FROZE_AT" 'BEGIN { printf "%d", (a - f) * 1000 }')
log "hang reported $delay_ms ms after SIGSTOP (limit $HANG s, pings every 1 s)"
[ "$delay_ms" -ge $((HANG * 1000 - 100)) ] || fail "hang reported after $delay_ms ms, before the limit of $HANG s"
[ "$delay_ms" -le $((HANG * 1000 + 2500)) ] || fail "hang reported only after $delay_ms ms (limit $HANG s)"
wait_for_log 'mconsole: the kernel did not answer the hang watchdog' 10 ||
	fail "the kernel did not log the reported hang after SIGCONT"
mc_ok version
gsh_ok ALIVE true

# The next hang is reported again.
freeze $((HANG + 3))
wait_heard 2 "'umid mc" 5
[ "$(hangs)" -eq 2 ] || fail "the second hang gave $(($(hangs) - 1)) notifications"
gsh_ok ALIVE2 true

# reboot: the first watchdog is reaped, the second kernel has its own.
mc_ok reboot
for _ in $(seq 300); do [ "$(heard_count 0)" -ge 2 ] && break; sleep 0.1; done
[ "$(heard_count 0)" -eq 2 ] || fail "no socket notification after reboot"
gone "$first" || fail "the first boot's watchdog $first is still there after reboot: $(cat "/proc/$first/stat" 2>/dev/null)"
watchdog "after reboot"
[ "$WD" != "$first" ] || fail "the watchdog was not replaced at reboot"
# Nor anything else of the first boot's: the guest's processes are
# reaped too, no zombie of the kernel's stays.
for _ in $(seq 20); do
	zombies=$(for p in $(tree_pids "$GUEST_PID"); do [ "$(_proc_state "$p")" != Z ] || echo "$p"; done)
	[ -z "$zombies" ] && break
	sleep 0.1
done
[ -z "$zombies" ] || fail "zombies of the first boot after reboot: ${zombies//$'\n'/ }"
mc_ok halt
gone "$WD" || fail "the watchdog $WD outlived halt"
wait_guest 30 || fail "the guest did not end after halt"
expect_exit 0
[ "$(hangs)" -eq 2 ] || fail "halt or reboot was reported as a hang"
expect_not_in_log 'BUG|Oops|WARNING|watchdog .* ended' "kernel warnings in the log"

# The default limit; a killed kernel takes its watchdog along.
start_guest -- "${args[@]}" umid=mc uml_dir="$MC_DIR" "mconsole=notify:$notify"
wait_for_log 'mconsole: hangs of 30 s are reported' 60 ||
	fail "no watchdog by default: $(grep mconsole "$GUEST_LOG")"
watchdog "default"
kill -KILL "$GUEST_PID"
gone "$WD" || fail "the watchdog $WD outlived the killed kernel"
wait_guest 10

# hang:0: none.
start_guest -- "${args[@]}" umid=mc uml_dir="$MC_DIR" "mconsole=notify:$notify" mconsole=hang:0
wait_for_log 'MKROOTFS-INIT-READY' 60 || fail "the hang:0 guest did not start"
[ -z "$(children_named "$GUEST_PID" uml-watchdog)" ] || fail "a watchdog with mconsole=hang:0"
expect_not_in_log 'mconsole: hangs of'
mc_halt
pass
