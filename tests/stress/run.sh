#!/bin/bash
# tests/stress/run.sh - stress-ng in a guest of our kernel (`make stress`).
#
# Usage: tests/stress/run.sh [--time S] [--stressors a,b,c] [--ref]
#        tests/stress/run.sh --soak MINUTES
#   --time S        seconds per stressor (default $STRESS_TIME or 60)
#   --soak MINUTES  one boot of MINUTES (`make soak`: 30): rounds of the
#                   guest ABI programs (tests/guest/abi-*.c) and stress-ng
#                   stressors (20 s each); every program must pass every
#                   round, the kernel log no Oops/BUG/WARNING, the guest
#                   answer at the end and power off within the time plus
#                   a margin
#   --stressors L   comma-separated (default fork,clone,signal,mmap,pipe,
#                   futex,timer,vm,exec)
#   --ref           also run the same on Debian's linux.uml, for comparison
#                   (its verdicts are informational: exit status is ours)
#
# Environment: UML_KERNEL (default ./linux), UML_REF_KERNEL (default
# /usr/bin/linux.uml), STRESS_TIME, STRESS_MEM (default 512M).
#
# The image has Debian's stress-ng with its shared libraries; /init
# (tests/stress/guest-init) runs `stress-ng --NAME 2 --timeout S --verify
# --metrics-brief` for each stressor in turn, then prints dmesg, proves
# the guest still forks and execs, and powers off.  A stressor passes if
# stress-ng exits 0, prints no "fail:"/"error:" line and the kernel logs
# no Oops/BUG/panic/WARNING while it runs.  The run passes if every
# stressor does, dmesg is clean, the guest answered at the end and the
# kernel exited 0.  Logs: build/stress/LABEL.console.
set -uo pipefail

# shellcheck disable=SC2034 # read by lib.sh
TEST_NAME=stress
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

W=$REPO_ROOT/build/stress
T=${STRESS_TIME:-60}
MEM=${STRESS_MEM:-512M}
STRESSORS=fork,clone,signal,mmap,pipe,futex,timer,vm,exec
REF=${UML_REF_KERNEL:-/usr/bin/linux.uml}
with_ref=0
soak=0
while [ $# -gt 0 ]; do
	case "$1" in
	--soak) soak=$2; shift 2 ;;
	--time) T=$2; shift 2 ;;
	--stressors) STRESSORS=$2; shift 2 ;;
	--ref) with_ref=1; shift ;;
	-h | --help) sed -n '2,31s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "stress: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
[[ "$T" =~ ^[1-9][0-9]*$ ]] || { echo "stress: --time needs a positive number" >&2; exit 2; }
[[ "$STRESSORS" =~ ^[a-z0-9-]+(,[a-z0-9-]+)*$ ]] || { echo "stress: bad --stressors" >&2; exit 2; }

say() { echo "stress: $*" >&2; }
SN=$(command -v stress-ng) || { say "stress-ng is not installed (apt-get install stress-ng)"; exit 2; }
mkdir -p "$W"

[[ "$soak" =~ ^[0-9]+$ ]] || { echo "stress: --soak needs a number of minutes" >&2; exit 2; }

WARN_RE='Oops|BUG[: ]|Kernel panic|panic\(|WARNING:|general protection|Call Trace'

# --soak: one long boot, ABI programs and stressors in rounds.
if [ "$soak" -gt 0 ]; then
	build_guest_progs
	adds=()
	for p in "$GUEST_BUILD_DIR"/abi-*; do
		[ -f "$p" ] || continue
		case "${p##*/}" in
		# abi-proc wants its exec variants and strace beside it;
		# abi-mem-swap a swap disk: their own tests cover them.
		abi-proc | abi-mem-swap | *.*) continue ;;
		esac
		adds+=(--add "$p:/test/${p##*/}")
	done
	# abi-test's exec targets.
	b=$GUEST_BUILD_DIR
	img=$(build_image soak --size 256M --init "$TESTS_DIR/stress/soak-init" \
		--add "$SN:/usr/bin/stress-ng" --glibc "$SN" "${adds[@]}" \
		--add "$b/hello-dyn:/test/hello-dyn" --add "$b/tiny:/test/tiny" \
		--glibc "$b/hello-dyn") || exit 2
	log=$W/soak.console
	disk=$W/soak.img
	cp --sparse=always -- "$img" "$disk"
	mapfile -t args < <(UML_MEM=$MEM guest_args "$disk")
	list=${STRESSORS//,exec/}
	limit=$((soak * 60 + 900))
	say "soak: $soak minutes, ABI programs and stressors $list, console: $log"
	start_guest --log "$log" -- "${args[@]}" "soak_time=$((soak * 60))" \
		"stress_list=$list" stress_time=20 2>/dev/null
	timed_out=0
	wait_guest "$limit" 2>/dev/null || timed_out=1
	sed -i 's/\r$//' "$log"
	rm -f -- "$disk"
	bad=0
	rounds=$(sed -n 's/^@@SOAK-DONE rounds=\([0-9]*\)/\1/p' "$log")
	runs=$(grep -cE '^@@(ABI|STRESS) ' "$log")
	fails=$(grep -E '^@@(ABI|STRESS) .* rc=[1-9]' "$log" | sort | uniq -c | sed 's/^ *//' | tr '\n' ';')
	dm=$(awk '/^@@DMESG$/ {on = 1; next} /^@@DMESG-END/ {on = 0} on' "$log")
	echo "soak: ${rounds:-0} rounds, $runs program runs in $((GUEST_ELAPSED_MS / 1000)) s"
	[ -n "$rounds" ] && [ "$rounds" -gt 0 ] || { echo "FAIL soak did not finish (last line: $(grep -v '^$' "$log" | tail -n 1 | cut -c1-100))"; bad=1; }
	[ -z "$fails" ] || { echo "FAIL runs that failed: $fails"; grep -E '^FAIL |^CASE .*: FAIL|stress-ng: (fail|error)' "$log" | sort | uniq -c | head -n 5; bad=1; }
	# abi-mem calls the OOM killer on purpose, whose report carries a
	# stack trace: a trace is a problem when no OOM report explains it.
	if grep -qE "${WARN_RE%|Call Trace}" "$log"; then
		echo "FAIL kernel: $(grep -m1 -E "${WARN_RE%|Call Trace}" "$log" | cut -c1-120)"
		bad=1
	elif [ "$(grep -c 'Call Trace' "$log")" -gt "$(grep -c 'invoked oom-killer' "$log")" ]; then
		echo "FAIL kernel: a stack trace that is not an OOM report"
		bad=1
	fi
	[ -n "$dm" ] || { echo "FAIL no dmesg at the end"; bad=1; }
	grep -q '^@@ALIVE' "$log" || { echo "FAIL the guest did not answer at the end"; bad=1; }
	if [ "$timed_out" = 1 ]; then
		echo "FAIL killed after $limit s (hung?)"
		bad=1
	elif [ "${GUEST_EXIT:-}" != 0 ]; then
		echo "FAIL kernel exit status ${GUEST_EXIT:-?}"
		bad=1
	fi
	echo "stress: soak $([ "$bad" = 0 ] && echo PASS || echo FAIL)"
	exit "$bad"
fi

img=$(build_image stress --size 256M --init "$TESTS_DIR/stress/guest-init" \
	--add "$SN:/usr/bin/stress-ng" --glibc "$SN") || exit 2

# run_stress LABEL KERNEL: boot, run, judge; prints one line per stressor.
# Returns 0 if everything passed.
run_stress() {
	local label=$1 kernel=$2 log=$W/$1.console ok=0 n s rc secs out verdict
	n=$(tr ',' '\n' <<<"$STRESSORS" | wc -l)
	local limit=$((n * (T + 150) + 180))
	if [ ! -x "$kernel" ]; then
		say "$label: kernel $kernel missing"
		return 1
	fi
	cp -- "$kernel" "$W/$label.linux"
	local disk=$W/$label.img
	cp --sparse=always -- "$img" "$disk"
	local -a args
	mapfile -t args < <(UML_MEM=$MEM guest_args "$disk")
	say "$label: $n stressors x $T s (host timeout $limit s), console: $log"
	UML_KERNEL=$W/$label.linux start_guest --log "$log" -- "${args[@]}" \
		"stress_list=$STRESSORS" "stress_time=$T" 2>/dev/null
	local timed_out=0
	wait_guest "$limit" 2>/dev/null || timed_out=1
	sed -i 's/\r$//' "$log"
	rm -f -- "$disk"
	for s in $(tr ',' ' ' <<<"$STRESSORS"); do
		out=$(awk -v s="$s" '$0 == "@@STRESS-START " s {on = 1; next}
			on && /^@@STRESS-END / {print; exit} on {print}' "$log")
		verdict=PASS
		local why=""
		if ! grep -q "^@@STRESS-START $s\$" "$log"; then
			verdict=FAIL why="did not start"
		elif ! grep -q "^@@STRESS-END $s " <<<"$out"; then
			verdict=FAIL why="did not finish (guest hung or died): $(grep -v '^$' <<<"$out" | tail -n 1 | cut -c1-120)"
		else
			rc=$(sed -n "s/^@@STRESS-END $s rc=\([0-9]*\) .*/\1/p" <<<"$out")
			secs=$(sed -n "s/^@@STRESS-END $s .*secs=\([0-9]*\)/\1/p" <<<"$out")
			if grep -qE "$WARN_RE" <<<"$out"; then
				verdict=FAIL why="kernel: $(grep -m1 -E "$WARN_RE" <<<"$out" | cut -c1-120)"
			elif grep -qiE 'skipping the stressor|not implemented|no stress workers invoked' <<<"$out"; then
				verdict=SKIP why="$(grep -m1 -iE 'skipping|not implemented|no stress workers' <<<"$out" | cut -c1-120)"
			elif grep -qE 'stress-ng: (fail|error):' <<<"$out"; then
				verdict=FAIL why="rc=$rc: $(grep -m1 -E 'stress-ng: (fail|error):' <<<"$out" | cut -c1-120)"
			elif [ "$rc" != 0 ]; then
				verdict=FAIL why="stress-ng exit status $rc"
			else
				why="$(awk -v s="$s" '$4 == s && $5 ~ /^[0-9]+$/ {printf "%s bogo ops, %s ops/s", $5, $9}' <<<"$out") ${secs}s"
			fi
		fi
		[ "$verdict" = PASS ] || ok=1
		printf '%-4s %-8s %s\n' "$verdict" "$s" "$why"
	done
	# Whole-run checks.
	local dm
	dm=$(awk '/^@@DMESG$/ {on = 1; next} /^@@DMESG-END/ {on = 0} on' "$log")
	if [ -z "$dm" ]; then
		printf '%-4s %-8s %s\n' FAIL dmesg "no dmesg output (guest did not get that far)"
		ok=1
	elif grep -qE "$WARN_RE" <<<"$dm"; then
		printf '%-4s %-8s %s\n' FAIL dmesg "$(grep -m1 -E "$WARN_RE" <<<"$dm" | cut -c1-120)"
		ok=1
	else
		printf '%-4s %-8s %s\n' PASS dmesg "no Oops/BUG/panic/WARNING"
	fi
	if grep -q '^@@ALIVE' "$log"; then
		printf '%-4s %-8s %s\n' PASS alive "guest forked, exec'd and read /proc after the run"
	else
		printf '%-4s %-8s %s\n' FAIL alive "no answer at the end (last line: $(grep -v '^$' "$log" | tail -n 1 | cut -c1-100))"
		ok=1
	fi
	if [ "$timed_out" = 1 ]; then
		printf '%-4s %-8s %s\n' FAIL exit "killed after $limit s"
		ok=1
	elif [ "${GUEST_EXIT:-}" != 0 ]; then
		printf '%-4s %-8s %s\n' FAIL exit "kernel exit status ${GUEST_EXIT:-?} (0 expected after poweroff)"
		ok=1
	else
		printf '%-4s %-8s %s\n' PASS exit "kernel exited 0 after $((GUEST_ELAPSED_MS / 1000)) s"
	fi
	return $ok
}

t0=$SECONDS
echo "== ours ($UML_KERNEL)"
# Not in a pipeline: a subshell would not kill its guest on SIGTERM.
run_stress ours "$UML_KERNEL" >"$W/ours.verdicts"
rc=$?
cat "$W/ours.verdicts"
if [ "$with_ref" = 1 ]; then
	echo "== reference ($REF), for comparison"
	run_stress ref "$REF" >"$W/ref.verdicts"
	cat "$W/ref.verdicts"
fi
npass=$(grep -c '^PASS' "$W/ours.verdicts")
nall=$(grep -c . "$W/ours.verdicts")
echo "stress: ours: $npass/$nall checks passed in $((SECONDS - t0)) s; $([ "$rc" = 0 ] && echo PASS || echo FAIL)"
exit "$rc"
