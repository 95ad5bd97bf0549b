# shellcheck shell=bash
# tests/lib.sh - helpers for UML test cases.  Source it from a test script:
#
#     #!/bin/bash
#     # timeout: 60            <- optional, read by tests/run (default 120 s)
#     . "$(dirname "$0")/../lib.sh"
#     boot_guest -- "$(guest_args "$img")" ...
#     expect_in_log 'Linux version 6\.'
#     pass
#
# Environment:
#   UML_KERNEL     kernel under test (default: ./linux at the repo root)
#   UML_MEM        guest memory for guest_args (default 128M)
#   UML_KEEP_OUT=1 keep the per-test temp dir even on success
#   GUEST_NETNS    network namespace (ip netns) the guests start in
#
# Results: a test ends with `pass` (exit 0) or `fail REASON` (exit 1).  The
# reason is also written to $TEST_RESULT_FILE when tests/run provides one,
# so the runner can print "FAIL name: reason".

set -uo pipefail

TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$TESTS_DIR/.." && pwd)
OUT_DIR=$TESTS_DIR/out
TEST_NAME=${TEST_NAME:-$(basename "$0")}

# Resolve the kernel to an absolute path once, so tests may cd freely.
UML_KERNEL=${UML_KERNEL:-./linux}
case "$UML_KERNEL" in
/*) ;;
*/*) UML_KERNEL=$REPO_ROOT/${UML_KERNEL#./} ;;
*) UML_KERNEL=$(command -v "$UML_KERNEL" 2>/dev/null || echo "$REPO_ROOT/$UML_KERNEL") ;;
esac
export UML_KERNEL

# State of the most recent guest.
GUEST_PID=""
GUEST_EXIT=""
GUEST_LOG=""
GUEST_START_NS=0
GUEST_ELAPSED_MS=0
# shellcheck disable=SC2034 # read by test scripts
GUEST_TIMED_OUT=0
GUEST_STDIN_FD=""
BACKGROUND_PIDS=""
AT_EXIT=()
# at_exit CMD: run CMD (a shell string) when the test ends, whatever
# the result, e.g. to take down what it set up on the host.
at_exit() { AT_EXIT+=("$1"); }

_now_ns() { date +%s%N; }

log() { echo "[$TEST_NAME] $*" >&2; }

# --- result reporting ---------------------------------------------------
_test_result=""

fail() {
	_test_result="fail"
	local msg="$*"
	echo "FAIL: $msg" >&2
	if [ -n "${TEST_RESULT_FILE:-}" ]; then
		printf '%s\n' "$msg" >"$TEST_RESULT_FILE"
	fi
	exit 1
}

pass() {
	_test_result="pass"
	exit 0
}

# Skip: reported by the runner as SKIP; counted neither passed nor failed.
skip() {
	_test_result="skip"
	echo "SKIP: $*" >&2
	if [ -n "${TEST_RESULT_FILE:-}" ]; then
		printf 'SKIP %s\n' "$*" >"$TEST_RESULT_FILE"
	fi
	exit 77
}

# --- per-test temp dir, removed on success ------------------------------
mkdir -p "$OUT_DIR/tmp"
TEST_TMP=$(mktemp -d "$OUT_DIR/tmp/$TEST_NAME.XXXXXX")
export TEST_TMP

_cleanup() {
	local rc=$?
	# Never leave a guest running behind us, nor what a test started
	# beside it (process-group leaders in BACKGROUND_PIDS).
	local pid
	for pid in $GUEST_PID $BACKGROUND_PIDS; do
		if kill -0 "$pid" 2>/dev/null; then
			kill -KILL -- "-$pid" 2>/dev/null
			wait "$pid" 2>/dev/null
		fi
	done
	_remove_umid_dir
	local cmd
	for cmd in "${AT_EXIT[@]}"; do
		eval "$cmd"
	done
	if [ -n "$GUEST_STDIN_FD" ]; then
		eval "exec $GUEST_STDIN_FD>&-"
	fi
	if [ "$rc" -eq 0 ] && [ "${UML_KEEP_OUT:-0}" != 1 ]; then
		rm -rf -- "$TEST_TMP"
	else
		echo "test files kept in $TEST_TMP" >&2
	fi
	exit "$rc"
}
trap _cleanup EXIT
# A test killed by the runner's timeout (SIGTERM) must still clean up.
trap 'fail "terminated (timeout?)"' TERM INT

# --- guest programs and images, built once per run ------------------------
# Cache keys are hashes of every input, so a changed source or script
# rebuilds and an unchanged one is reused across tests and runs.

_hash_inputs() {
	# Hash file contents (or the literal string for non-files).
	local a
	for a in "$@"; do
		if [ -f "$a" ]; then
			sha256sum <"$a"
		else
			printf '%s\n' "$a"
		fi
	done | sha256sum | cut -c1-16
}

# Run a command under an exclusive lock on $1, so parallel test runs do
# not build the same cache entry at once.
_locked() {
	local lock=$1
	shift
	mkdir -p "$(dirname "$lock")"
	(
		flock 9
		"$@"
	) 9>"$lock"
}

GUEST_BUILD_DIR=""

# build_guest_progs: compile tests/guest/*.c; sets GUEST_BUILD_DIR.
# abi-test and bench are static; hello-dyn is dynamic on purpose; tiny has
# no libc at all.  The key covers the headers (abi-harness.h) too.
build_guest_progs() {
	local src=$TESTS_DIR/guest key
	key=$(_hash_inputs "$src"/*.c "$src"/*.h "$(gcc --version | head -1)")
	GUEST_BUILD_DIR=$OUT_DIR/build/guest-$key
	[ -f "$GUEST_BUILD_DIR/.done" ] && return 0
	_locked "$OUT_DIR/build/.lock" _build_guest_progs "$src" "$GUEST_BUILD_DIR" ||
		fail "building guest programs failed (see $OUT_DIR/build/guest-build.log)"
}

_build_guest_progs() {
	local src=$1 dst=$2
	[ -f "$dst/.done" ] && return 0
	rm -rf -- "$dst"
	mkdir -p "$dst"
	{
		gcc -static -O2 -Wall -pthread -o "$dst/abi-test" "$src/abi-test.c" -lm &&
			gcc -static -O2 -Wall -o "$dst/bench" "$src/bench.c" &&
			gcc -static -O2 -Wall -o "$dst/crash-writer" "$src/crash-writer.c" &&
			gcc -static -O2 -Wall -o "$dst/diskbench" "$src/diskbench.c" &&
			gcc -static -O2 -Wall -o "$dst/hostfs-ops" "$src/hostfs-ops.c" &&
			gcc -static -nostdlib -O2 -Wall -o "$dst/tiny" "$src/tiny.c" &&
			gcc -O2 -Wall -o "$dst/hello-dyn" "$src/hello-dyn.c" &&
			_build_abi_progs "$src" "$dst"
	} >"$OUT_DIR/build/guest-build.log" 2>&1 || return 1
	touch "$dst/.done"
}

# The per-area ABI programs tests/guest/abi-*.c (all but abi-test.c, built
# above): static, as abi-NAME.
_build_abi_progs() {
	local src=$1 dst=$2 f n
	for f in "$src"/abi-*.c; do
		n=$(basename "$f" .c)
		[ "$n" = abi-test ] && continue
		gcc -static -O2 -Wall -pthread -o "$dst/$n" "$f" -lm -lrt || return 1
	done
}

# build_image NAME [mkrootfs args...]: prints the path of a cached image.
# Host paths inside --add/--init/--glibc are hashed by content.
build_image() {
	local name=$1
	shift
	local inputs=("$REPO_ROOT/tools/mkrootfs" "$@") a
	for a in "$@"; do
		case "$a" in
		*:/*) inputs+=("${a%%:*}") ;; # --add HOST:GUEST
		esac
		if [ -d "$a" ]; then
			# Directory: hash a listing of its files' contents.
			inputs+=("$(find "$a" -type f -exec sha256sum {} + | sort)")
		fi
	done
	local key img
	key=$(_hash_inputs "${inputs[@]}" "$(sha256sum /bin/busybox)")
	img=$OUT_DIR/images/$name-$key.img
	if [ ! -f "$img" ]; then
		_locked "$OUT_DIR/images/.lock" _build_image "$img" "$@" ||
			fail "mkrootfs failed for image $name (see $img.log)"
	fi
	echo "$img"
}

_build_image() {
	local img=$1
	shift
	[ -f "$img" ] && return 0
	mkdir -p "$(dirname "$img")"
	# Build under a temporary name so an interrupted build is never cached.
	if "$REPO_ROOT/tools/mkrootfs" "$img.tmp" "$@" >"$img.log" 2>&1; then
		mv -- "$img.tmp" "$img"
	else
		rm -f -- "$img.tmp"
		cat "$img.log" >&2
		return 1
	fi
}

# test_image INIT [mkrootfs args...]: image whose /init is
# tests/images/INIT, with init-common.sh at /test/init-common.sh.
test_image() {
	local init=$1
	shift
	build_image "$init" --init "$TESTS_DIR/images/$init" \
		--add "$TESTS_DIR/images/init-common.sh:/test/init-common.sh" "$@"
}

# image_copy IMG: private writable copy in the test dir (guests may write
# to their root disk, and the cached image must stay pristine).
image_copy() {
	local dst
	dst=$TEST_TMP/$(basename "$1" .img)-copy.img
	cp --sparse=always -- "$1" "$dst" || fail "cannot copy image $1"
	echo "$dst"
}

# --- kernel command line --------------------------------------------------
# The console setup that works non-interactively: console 0 reads the
# host's stdin and writes to its stdout; every other console and serial
# line is disabled so the kernel never tries to open xterms or ptys.
# shellcheck disable=SC2054 # the commas are part of the UML option
UML_CONSOLE_ARGS=(con0=fd:0,fd:1 con=null ssl=null)

# guest_args IMAGE [INIT]: standard arguments for booting IMAGE as ubd0.
# Prints one argument per line; use with mapfile or "$(...)"-splitting.
guest_args() {
	local img=$1 init=${2:-/init}
	printf '%s\n' "ubd0=$img" root=/dev/ubda rw "mem=${UML_MEM:-128M}" \
		"${UML_CONSOLE_ARGS[@]}" "init=$init"
}

# --- running the kernel -------------------------------------------------

require_kernel() {
	[ -x "$UML_KERNEL" ] || fail "kernel $UML_KERNEL not found or not executable (set UML_KERNEL)"
}

# start_guest [--stdin FILE] [--log FILE] [--] KERNEL_ARGS...
#   Starts the kernel in its own session/process group (setsid) so that the
#   whole tree of host processes it creates can be killed via the group,
#   without ever matching processes by name.
#   Console input (stdin) is by default a fifo that we hold open: the guest
#   never sees EOF, and guest_send can type into it.  (UML waits for input
#   with epoll; /dev/null and regular files cannot be polled, so with
#   linux.uml they give "epollctl add err fd 0" and input is never read.)
#   --stdin FILE  use FILE as console input instead of the fifo.
start_guest() {
	local stdin=""
	GUEST_LOG=$TEST_TMP/console.log
	while [ $# -gt 0 ]; do
		case "$1" in
		--stdin) stdin=$2; shift 2 ;;
		--fifo) shift ;; # the default; accepted for clarity
		--log) GUEST_LOG=$2; shift 2 ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	require_kernel
	if [ -z "$stdin" ]; then
		stdin=$TEST_TMP/console.fifo
		rm -f -- "$stdin"
		mkfifo "$stdin" || fail "mkfifo failed"
		if [ -n "$GUEST_STDIN_FD" ]; then
			eval "exec $GUEST_STDIN_FD>&-"
		fi
		# Opening read-write never blocks and keeps a writer alive, so the
		# guest sees no EOF until the test ends.
		exec {GUEST_STDIN_FD}<>"$stdin"
	fi
	: >"$GUEST_LOG"
	GUEST_EXIT=""
	GUEST_TIMED_OUT=0
	GUEST_START_NS=$(_now_ns)
	# A background job of a non-interactive shell is not a process-group
	# leader, so setsid(1) calls setsid() itself and execs the kernel:
	# $! is the kernel's PID and also its process-group ID.
	# With GUEST_NETNS set the kernel runs in that network namespace:
	# `ip netns exec` execs it in the same process, so $! stays its PID.
	local wrap=()
	[ -z "${GUEST_NETNS:-}" ] || wrap=(ip netns exec "$GUEST_NETNS")
	setsid "${wrap[@]}" "$UML_KERNEL" "$@" <"$stdin" >"$GUEST_LOG" 2>&1 &
	GUEST_PID=$!
	log "started $UML_KERNEL (pid $GUEST_PID): $*"
}

# guest_send TEXT: write TEXT plus newline to the guest console (--fifo).
guest_send() {
	[ -n "$GUEST_STDIN_FD" ] || fail "guest_send: console input is not the fifo"
	printf '%s\n' "$*" >&"$GUEST_STDIN_FD"
}

# wait_guest [TIMEOUT_S]: wait for the kernel to exit; sets GUEST_EXIT and
# GUEST_ELAPSED_MS.  On timeout kills the process group, sets
# GUEST_TIMED_OUT=1 and returns 1.
wait_guest() {
	local timeout=${1:-60}
	local deadline=$(($(_now_ns) + timeout * 1000000000))
	while kill -0 "$GUEST_PID" 2>/dev/null; do
		# kill -0 also succeeds for a zombie; check the state.
		if [ "$(_proc_state "$GUEST_PID")" = Z ]; then
			break
		fi
		if [ "$(_now_ns)" -ge "$deadline" ]; then
			# shellcheck disable=SC2034 # read by test scripts
			GUEST_TIMED_OUT=1
			kill_guest
			GUEST_ELAPSED_MS=$((($(_now_ns) - GUEST_START_NS) / 1000000))
			return 1
		fi
		sleep 0.05
	done
	wait "$GUEST_PID"
	GUEST_EXIT=$?
	GUEST_ELAPSED_MS=$((($(_now_ns) - GUEST_START_NS) / 1000000))
	_remove_umid_dir
	_reap_group
	_strip_cr
	log "kernel exited with $GUEST_EXIT after ${GUEST_ELAPSED_MS} ms"
	return 0
}

_proc_state() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
	stat=${stat##*) }
	echo "${stat%% *}"
}

# kill_guest: SIGKILL the kernel's whole process group, by PID number.
kill_guest() {
	[ -n "$GUEST_PID" ] || return 0
	kill -KILL -- "-$GUEST_PID" 2>/dev/null
	wait "$GUEST_PID" 2>/dev/null
	GUEST_EXIT=$?
	_remove_umid_dir
	_reap_group
	_strip_cr
}

# The guest console is a tty with ONLCR, so lines end in "\r\n".  Once
# the guest is gone, normalise the log so patterns and parsers can use $.
_strip_cr() {
	[ -f "$GUEST_LOG" ] && sed -i 's/\r$//' "$GUEST_LOG"
	return 0
}

# Children of the kernel (UML's helper/userspace processes) may outlive it
# for a moment; make sure nothing of the group is left.
_reap_group() {
	local _
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		pgrep -g "$GUEST_PID" >/dev/null 2>&1 || return 0
		kill -KILL -- "-$GUEST_PID" 2>/dev/null
		sleep 0.05
	done
}

# A UML that dies abnormally leaves ~/.uml/<umid>/ behind; remove the one
# whose pid file names our kernel (never anything else).
_remove_umid_dir() {
	local d
	[ -n "$GUEST_PID" ] || return 0
	for d in "${HOME:-/root}"/.uml/*/; do
		[ -f "$d/pid" ] || continue
		if [ "$(cat "$d/pid" 2>/dev/null)" = "$GUEST_PID" ]; then
			rm -rf -- "$d"
		fi
	done
}

# boot_guest [start_guest options] [--timeout S] [--] KERNEL_ARGS...
#   Start the kernel and wait until it exits; fail the test on timeout.
boot_guest() {
	local timeout=${GUEST_TIMEOUT:-60} args=()
	while [ $# -gt 0 ]; do
		case "$1" in
		--timeout) timeout=$2; shift 2 ;;
		--stdin | --log) args+=("$1" "$2"); shift 2 ;;
		--fifo) args+=("$1"); shift ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	start_guest "${args[@]}" -- "$@"
	if ! wait_guest "$timeout"; then
		fail "kernel did not exit within $timeout s; last console line: $(last_log_line)"
	fi
}

# wait_for_log PATTERN [TIMEOUT_S]: wait until the console log matches the
# extended regex PATTERN (while the guest runs); returns 1 on timeout or if
# the guest exits first.
wait_for_log() {
	local pattern=$1 timeout=${2:-60}
	local deadline=$(($(_now_ns) + timeout * 1000000000))
	while ! grep -qE -- "$pattern" "$GUEST_LOG" 2>/dev/null; do
		if ! kill -0 "$GUEST_PID" 2>/dev/null || [ "$(_proc_state "$GUEST_PID")" = Z ]; then
			grep -qE -- "$pattern" "$GUEST_LOG" 2>/dev/null && return 0
			return 1
		fi
		[ "$(_now_ns)" -lt "$deadline" ] || return 1
		sleep 0.02
	done
	return 0
}

last_log_line() {
	grep -v '^[[:space:]]*$' "$GUEST_LOG" 2>/dev/null | tail -n 1 | cut -c1-160
}

# --- assertions -----------------------------------------------------------

# expect_in_log PATTERN [MESSAGE]: extended regex must match the console log.
expect_in_log() {
	grep -qE -- "$1" "$GUEST_LOG" ||
		fail "${2:-console output lacks /$1/}; last line: $(last_log_line)"
}

expect_not_in_log() {
	local m
	if m=$(grep -E -m1 -- "$1" "$GUEST_LOG"); then
		fail "${2:-console output contains /$1/}: $m"
	fi
}

# expect_exit CODE: the kernel's host exit status must be CODE ("nonzero"
# accepts anything but 0).
expect_exit() {
	[ -n "$GUEST_EXIT" ] || fail "expect_exit: the guest has not exited"
	if [ "$1" = nonzero ]; then
		[ "$GUEST_EXIT" -ne 0 ] || fail "kernel exited 0, expected a non-zero status"
	else
		[ "$GUEST_EXIT" -eq "$1" ] ||
			fail "kernel exit status $GUEST_EXIT, expected $1; last line: $(last_log_line)"
	fi
}

# expect_exit_error_line PATTERN MAX_SECONDS: for bad-input tests.  The
# kernel must have exited non-zero within MAX_SECONDS, printed few lines
# (an error, not a boot log or panic trace: at most 3 non-empty lines)
# and one of them must match PATTERN.
expect_exit_error_line() {
	local pattern=$1 max_s=$2 lines
	[ -n "$GUEST_EXIT" ] || fail "the kernel has not exited"
	[ "$GUEST_EXIT" -ne 0 ] || fail "exit status 0 for bad input; last line: $(last_log_line)"
	lines=$(grep -cv '^[[:space:]]*$' "$GUEST_LOG")
	grep -qE -- "$pattern" "$GUEST_LOG" ||
		fail "no error line matching /$pattern/ (exit $GUEST_EXIT, $lines lines, last: $(last_log_line))"
	[ "$lines" -le 3 ] ||
		fail "expected a one-line error, got $lines lines (exit $GUEST_EXIT; last: $(last_log_line))"
	[ "$GUEST_ELAPSED_MS" -le $((max_s * 1000)) ] ||
		fail "took $GUEST_ELAPSED_MS ms to reject bad input (limit $max_s s)"
}

# --- host-side CPU accounting ---------------------------------------------

# Print "pid ppid ticks" for every host process, where ticks is
# utime+stime+cutime+cstime.  One cat + awk (not a loop of subshells) so
# that sampling is cheap and does not disturb what it measures.  The comm
# field may contain spaces or ")", so fields are counted after the last ")".
_proc_table() {
	cat /proc/[0-9]*/stat 2>/dev/null | awk '{
		line = $0
		pid = line; sub(/ .*/, "", pid)
		rest = line; sub(/.*\) /, "", rest)
		n = split(rest, f, " ")
		# rest: state ppid pgrp session tty tpgid flags minflt cminflt
		#       majflt cmajflt utime stime cutime cstime ...
		print pid, f[2], f[12] + f[13] + f[14] + f[15]
	}'
}

# tree_pids PID: PID and all its descendants.
tree_pids() {
	_proc_table | awk -v root="$1" '
		{ ppid[$1] = $2 }
		END {
			print root; q[0] = root; n = 1
			for (i = 0; i < n; i++)
				for (p in ppid)
					if (ppid[p] == q[i]) { print p; q[n++] = p }
		}'
}

# tree_cpu_ticks PID: CPU clock ticks (user+system, including reaped
# children) summed over PID and all its descendants.  Threads are included
# because /proc/PID/stat already sums a process's threads.
tree_cpu_ticks() {
	_proc_table | awk -v root="$1" '
		{ ppid[$1] = $2; t[$1] = $3 }
		END {
			if (!(root in t)) { print 0; exit }
			q[0] = root; n = 1; total = 0
			for (i = 0; i < n; i++) {
				total += t[q[i]]
				for (p in ppid)
					if (ppid[p] == q[i]) q[n++] = p
			}
			print total
		}'
}

# children_named PID NAME: the PIDs of PID's child processes whose
# command name (comm, as the kernel's helper children set it) is NAME,
# zombies included.
children_named() {
	local d stat
	for d in /proc/[0-9]*; do
		stat=$(cat "$d/stat" 2>/dev/null) || continue
		[[ $stat == *"($2) "* ]] || continue
		stat=${stat##*) }
		stat=${stat#* }
		[ "${stat%% *}" = "$1" ] && echo "${d#/proc/}"
	done
	return 0
}
