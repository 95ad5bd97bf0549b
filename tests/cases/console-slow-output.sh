#!/bin/bash
# timeout: 60
# Output is never lost when the host reads slowly: con0's stdout is a
# 4 KiB pipe nobody reads for 3 s while the kernel prints ~14 KiB
# (initcall_debug); everything, up to the final panic line, arrives and
# matches a boot whose stdout is a plain file.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

command -v python3 >/dev/null || skip "python3 is needed to shrink a pipe"
require_kernel
# shellcheck disable=SC2054 # the comma belongs to the option
args=(mem=64M con=none ssl=none con0=fd:0,fd:1 initcall_debug loglevel=8)
cat >"$TEST_TMP/slowpipe.py" <<'PY'
import fcntl, os, subprocess, sys, time
r, w = os.pipe()
fcntl.fcntl(w, 1031, 4096)  # F_SETPIPE_SZ
p = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=w, stderr=w)
os.close(w)
time.sleep(float(sys.argv[1]))
with open("/dev/stdout", "wb") as out:
    while True:
        b = os.read(r, 1024)
        if not b:
            break
        out.write(b)
        time.sleep(0.002)
sys.exit(p.wait())
PY
norm() { tr -d '\r' <"$1" | sed -E 's/ after [0-9]+ usecs//; s/ @ [0-9]+//; s/#[0-9]+ .*//; s/^Instance umid: .*/Instance umid/; s/\.uml\/[^/]*\//.uml\/UMID\//'; }
"$UML_KERNEL" "${args[@]}" </dev/null >"$TEST_TMP/ref.log" 2>&1
python3 "$TEST_TMP/slowpipe.py" 3 "$UML_KERNEL" "${args[@]}" >"$TEST_TMP/slow.log"
rc=$?
[ "$rc" -ne 0 ] || fail "the kernel exited 0 (expected the root-mount panic)"
size=$(wc -c <"$TEST_TMP/ref.log")
[ "$size" -gt 8192 ] || fail "the reference boot printed only $size bytes: the pipe is never full"
grep -q 'end Kernel panic' "$TEST_TMP/slow.log" ||
	fail "the last lines were lost: $(tail -n 1 "$TEST_TMP/slow.log")"
diff <(norm "$TEST_TMP/ref.log") <(norm "$TEST_TMP/slow.log") >"$TEST_TMP/diff" ||
	fail "output through the slow pipe differs: $(head -n 3 "$TEST_TMP/diff" | tr '\n' ' ')"
pass
