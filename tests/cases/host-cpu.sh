#!/bin/bash
# timeout: 90
# The kernel and its guest processes share one host CPU (every guest
# system call is a hand-off between the two: across CPUs each one is a
# wake-up of another CPU): by default the CPU it started on, hostcpu=N
# a chosen one, hostcpu=all no pinning; a bad hostcpu= is a usage error.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

img=$(test_image init-idle) || exit 1
allowed=$(sed -n 's/^Cpus_allowed_list:\s*//p' /proc/self/status)
last=$(($(nproc) - 1))

# cpus_of PID: its Cpus_allowed_list.
cpus_of() { sed -n 's/^Cpus_allowed_list:\s*//p' "/proc/$1/status"; }

# check_boot EXPECTED ARGS...: boot; the kernel and every process of its
# session (guest processes, helpers) may run on EXPECTED CPUs.
check_boot() {
	local want=$1 pid n=0 c
	shift
	mapfile -t args < <(guest_args "$(image_copy "$img")")
	start_guest -- "${args[@]}" "$@"
	wait_for_log '^IDLE-START' 40 || fail "no IDLE-START marker; last: $(last_log_line)"
	for pid in $(pgrep -s "$GUEST_PID"); do
		c=$(cpus_of "$pid") || continue
		[ -n "$c" ] || continue
		[ "$c" = "$want" ] || fail "with '$*': process $pid of the kernel may run on CPUs $c, expected $want"
		n=$((n + 1))
	done
	[ "$n" -ge 2 ] || fail "with '$*': found $n processes of the kernel, expected the kernel and guest processes"
	kill_guest
}

[ "$last" -ge 1 ] || log "one CPU here: pinning changes nothing"
check_boot "$last" "hostcpu=$last"
check_boot "$allowed" hostcpu=all
# The default: one CPU, one the host allows.
mapfile -t args < <(guest_args "$(image_copy "$img")")
start_guest -- "${args[@]}"
wait_for_log '^IDLE-START' 40 || fail "no IDLE-START marker; last: $(last_log_line)"
c=$(cpus_of "$GUEST_PID")
[[ "$c" =~ ^[0-9]+$ ]] || fail "by default the kernel may run on CPUs '$c', expected one"
kill_guest

boot_guest --timeout 20 -- hostcpu=banana "${args[@]}"
expect_exit_error_line "hostcpu=banana: not a CPU this process may use" 5
boot_guest --timeout 20 -- hostcpu=4096 "${args[@]}"
expect_exit_error_line "hostcpu=4096: not a CPU" 5
pass
