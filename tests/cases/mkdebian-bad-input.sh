#!/bin/bash
# timeout: 180
# tools/mkdebian on bad input: a clear one-line error as its last line,
# a non-zero exit, and nothing left behind (no image, no work folder):
# bad options, a missing folder, an unknown suite, an unreachable
# mirror, too little space, and a build killed half way.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

command -v mmdebstrap >/dev/null || fail "mmdebstrap is not installed (make check installs it)"
mk=$REPO_ROOT/tools/mkdebian
out=$TEST_TMP/out
mkdir -p "$out"

# bad EXPECTED-REGEX ARGS...: mkdebian ARGS must fail with a last line
# matching "mkdebian: EXPECTED" and leave $out empty.
bad() {
	local want=$1 rc last
	shift
	"$mk" "$@" >"$TEST_TMP/mk.log" 2>&1
	rc=$?
	last=$(tail -n 1 "$TEST_TMP/mk.log")
	[ "$rc" -ne 0 ] || fail "mkdebian $* succeeded"
	[[ "$last" =~ ^mkdebian:\ $want ]] || fail "mkdebian $*: last line '$last', expected /mkdebian: $want/"
	[ -z "$(ls -A "$out")" ] || fail "mkdebian $* left $(ls -A "$out" | head -n 1) behind"
}

bad "no output image given"
bad "unknown option '--frob'" "$out/a.img" --frob
bad "bad --size '12X'" "$out/a.img" --size 12X
bad "--size 100M is too small" "$out/a.img" --size 100M
bad "bad --init 'upstart'" "$out/a.img" --init upstart
bad "bad --hostname" "$out/a.img" --hostname 'no spaces'
bad "--ssh-key '/nonexistent': no such readable file" "$out/a.img" --ssh-key /nonexistent
bad "--ssh-key '.*' is not an OpenSSH public key" "$out/a.img" --ssh-key /etc/hostname
bad "output folder '$out/nonexistent' does not exist" "$out/nonexistent/a.img"
bad "more than one output image given" "$out/a.img" "$out/b.img"
# These ask Debian's archive (or an address where nothing listens).
bad "unknown suite 'nosuchsuite'" "$out/a.img" --suite nosuchsuite
bad "cannot reach http://127.0.0.1:9/debian" "$out/a.img" --mirror http://127.0.0.1:9/debian
# A folder on a small file system of its own (a private mount namespace).
unshare -rm sh -c "mount -t tmpfs -o size=64m none '$out' && '$mk' '$out/a.img'; echo rc=\$?" \
	>"$TEST_TMP/small.log" 2>&1
grep -q '^mkdebian: not enough space in .*64 MB free' "$TEST_TMP/small.log" ||
	fail "no space: $(head -n 1 "$TEST_TMP/small.log")"
grep -q '^rc=1$' "$TEST_TMP/small.log" || fail "no space: mkdebian did not exit 1"

# Killed while building (as Ctrl-C kills the terminal's process group):
# no image, no work folder.
setsid "$mk" "$out/a.img" >"$TEST_TMP/kill.log" 2>&1 &
mkpid=$!
BACKGROUND_PIDS="$BACKGROUND_PIDS $mkpid"
for _ in $(seq 600); do
	grep -q 'downloading packages\|extracting' "$TEST_TMP/kill.log" && break
	kill -0 "$mkpid" 2>/dev/null || break
	sleep 0.1
done
grep -q 'downloading packages\|extracting' "$TEST_TMP/kill.log" ||
	fail "the build to kill did not get going: $(tail -n 1 "$TEST_TMP/kill.log")"
kill -TERM -- "-$mkpid"
wait "$mkpid"
rc=$?
[ "$rc" -ne 0 ] || fail "a killed mkdebian exited 0"
[ -z "$(ls -A "$out")" ] || fail "a killed mkdebian left $(ls -A "$out" | head -n 1) behind"
pass
