#!/bin/bash
# timeout: 300
# Crash safety of ubd: whatever the guest fsync()ed and acknowledged
# survives a SIGKILL of the whole kernel at a random moment.
#
# The root image's /init runs tests/guest/crash-writer, which appends
# records to files in /data, fsync()s each and then prints "ACK G K I OK"
# on the console (the host's stdout: a line the host has read is an
# acknowledged write).  Per run (UBD_CRASH_RUNS, default 20): boot with
# crashgen=RUN, wait for the writer, sleep a random 0.5-3 s, SIGKILL the
# kernel's process group (by its PID number), then check a copy of the
# disk as it was left:
#   * e2fsck -fy -E journal_only replays the journal (what the next mount
#     would do; exit 0 or 1 accepted), then e2fsck -fn must find nothing
#     at all (exit 0).  A crash must never need more than journal replay.
#   * every record acknowledged in this run and all earlier runs is in
#     the file system, byte for byte (debugfs rdump + crash-writer
#     --verify; debugfs needs no root).
# The disk is not repaired between runs: each boot mounts the crashed
# file system and replays its journal itself.  The writer first deletes
# the files of runs before the previous one (bounded disk use), so only
# the records of the last two runs are checked.
# UBD_CRASH_MODE=cow (ubd-crash-cow.sh) does the same with the root on a
# COW file over a read-only backing image; the COW is merged with
# tools/cow/uml-cow into a plain image before each check, and the
# backing image must never change.
# At the end the verifier is shown to catch a corrupted and a missing
# record (so a pass is not vacuous).
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

RUNS=${UBD_CRASH_RUNS:-20}
MODE=${UBD_CRASH_MODE:-plain}
UML_COW=$REPO_ROOT/tools/cow/uml-cow

build_guest_progs
writer=$GUEST_BUILD_DIR/crash-writer

img=$(test_image init-crash --add "$writer:/test/crash-writer") || exit 1
if [ "$MODE" = cow ]; then
	flock "$REPO_ROOT/tools/cow/Makefile" make -s -C "$REPO_ROOT/tools/cow" >/dev/null 2>&1 ||
		fail "building tools/cow failed"
	backing=$(image_copy "$img")
	backing_sum=$(sha256sum <"$backing")
	cow=$TEST_TMP/root.cow
	root_arg="$cow,$backing"
else
	disk=$(image_copy "$img")
	root_arg=$disk
fi

acks=$TEST_TMP/acks # "G K I" of every acknowledged record, all runs
: >"$acks"
check=$TEST_TMP/check.img
dump=$TEST_TMP/dump

# check_image RUN: the crashed disk (merged COW) replays its journal,
# is then clean, and holds every acknowledged record.
check_image() {
	local run=$1 rc
	rm -f -- "$check"
	if [ "$MODE" = cow ]; then
		"$UML_COW" merge "$cow" "$check" >"$TEST_TMP/merge.log" 2>&1 ||
			fail "run $run: uml-cow merge failed: $(tail -n 2 "$TEST_TMP/merge.log")"
	else
		cp --sparse=always -- "$disk" "$check" || fail "cannot copy the disk"
	fi
	e2fsck -fy -E journal_only "$check" >"$TEST_TMP/fsck-journal.$run.log" 2>&1
	rc=$?
	[ "$rc" -le 1 ] ||
		fail "run $run: journal replay by e2fsck failed (exit $rc): $(tail -n 3 "$TEST_TMP/fsck-journal.$run.log" | tr '\n' ' ')"
	e2fsck -fn "$check" >"$TEST_TMP/fsck.$run.log" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] ||
		fail "run $run: e2fsck -fn after journal replay: exit $rc: $(grep -v '^Pass\|^e2fsck' "$TEST_TMP/fsck.$run.log" | head -n 4 | tr '\n' ' ')"
	rm -rf -- "$dump"
	mkdir -p "$dump"
	debugfs -R "rdump /data $dump" "$check" >"$TEST_TMP/debugfs.log" 2>&1
	[ -d "$dump/data" ] ||
		fail "run $run: acknowledged data lost: no /data in the file system ($(grep -v '^debugfs ' "$TEST_TMP/debugfs.log" | head -n 1))"
	"$writer" --verify "$dump/data" "$acks" >"$TEST_TMP/verify.$run.log" 2>&1 ||
		fail "run $run: acknowledged data lost: $(grep -m 3 VERIFY-BAD "$TEST_TMP/verify.$run.log" | tr '\n' ' ')"
	grep -m 3 '^VERIFY-note' "$TEST_TMP/verify.$run.log" >&2
	log "run $run: fsck clean, $(tail -n 1 "$TEST_TMP/verify.$run.log")"
}

total=0
t0=$(_now_ns)
for ((run = 1; run <= RUNS; run++)); do
	# Run N's writer deletes the files of runs < N - 1.
	awk -v g="$run" '$1 + 1 >= g' "$acks" >"$acks.new" && mv -- "$acks.new" "$acks"
	mapfile -t args < <(guest_args "$root_arg")
	start_guest --log "$TEST_TMP/console.$run.log" -- "${args[@]}" "crashgen=$run"
	wait_for_log '^WRITER-START' 60 ||
		fail "run $run: the writer did not start: $(last_log_line)"
	delay_ms=$((500 + RANDOM % 2501))
	sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
	if ! kill -0 "$GUEST_PID" 2>/dev/null || [ "$(_proc_state "$GUEST_PID")" = Z ]; then
		wait_guest 5
		fail "run $run: the kernel exited by itself (exit $GUEST_EXIT): $(last_log_line)"
	fi
	kill_guest # SIGKILL to the process group -GUEST_PID, then reap
	expect_not_in_log '^WRITER-ERROR' "run $run: the writer failed"
	expect_not_in_log 'EXT4-fs error|I/O error' "run $run: errors in the guest"
	n=$(awk -v g="$run" '$1 == "ACK" && $2 == g && $5 == "OK" && NF == 5 { print $2, $3, $4; n++ }
		END { exit n == 0 }' "$GUEST_LOG" | tee -a "$acks" | wc -l)
	total=$((total + n))
	log "run $run: killed after ${delay_ms} ms of writing, $n records acknowledged"
	check_image "$run"
done
log "$RUNS runs in $((($(_now_ns) - t0) / 1000000000)) s, $total records acknowledged"
[ "$total" -gt 0 ] || fail "no record was ever acknowledged"

if [ "$MODE" = cow ]; then
	[ "$(sha256sum <"$backing")" = "$backing_sum" ] || fail "the COW's backing image changed"
fi

# The verifier must catch damage: one byte of an acknowledged record
# flipped, and an acknowledged record cut off.
read -r g k i < <(tail -n 1 "$acks")
f=$dump/data/g$g-f$k
printf 'X' | dd of="$f" bs=1 seek=20 conv=notrunc 2>/dev/null
"$writer" --verify "$dump/data" "$acks" >"$TEST_TMP/verify-bad.log" 2>&1 &&
	fail "the verifier missed a corrupted record: $(cat "$TEST_TMP/verify-bad.log")"
grep -q "VERIFY-BAD g$g-f$k: record 0 differs" "$TEST_TMP/verify-bad.log" ||
	fail "the verifier did not name the corrupted record: $(cat "$TEST_TMP/verify-bad.log")"
truncate -s -1 "$f"
"$writer" --verify "$dump/data" "$acks" >"$TEST_TMP/verify-bad.log" 2>&1 &&
	fail "the verifier missed a truncated record"
grep -q "VERIFY-BAD g$g-f$k: record $i cut short" "$TEST_TMP/verify-bad.log" ||
	fail "the verifier did not report the truncated record: $(cat "$TEST_TMP/verify-bad.log")"
pass
