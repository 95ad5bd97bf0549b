#!/bin/bash
# timeout: 120
# Malformed, oversized and wrong-version requests get an error reply
# (err flag set) and the console keeps working; a request from another
# user is refused even when the socket file lets it through.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=mconsole-common.inc
. "$TESTS_DIR/cases/mconsole-common.inc"
command -v python3 >/dev/null || skip "python3 is needed to forge requests"

mc_boot

# raw.py SOCKET KIND: send one forged datagram, print the err flag and
# text of the reply ("none" if there is none within 5 s).
cat >"$TEST_TMP/raw.py" <<'PY'
import os, socket, struct, sys
path, kind = sys.argv[1], sys.argv[2]
magic, ver = 0xcafebabe, 2
cmd = b"version"
reqs = {
    "good": struct.pack("=III", magic, ver, len(cmd)) + cmd.ljust(512, b"\0"),
    "short": b"\xbe\xba",
    "magic": struct.pack("=III", 0x12345678, ver, len(cmd)) + cmd.ljust(512, b"\0"),
    "version": struct.pack("=III", magic, 99, len(cmd)) + cmd.ljust(512, b"\0"),
    "len": struct.pack("=III", magic, ver, 4000) + cmd.ljust(512, b"\0"),
    "huge": struct.pack("=III", magic, ver, len(cmd)) + cmd.ljust(4000, b"\0"),
}
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("\0mconsole-test-%d" % os.getpid())
s.settimeout(5)
s.sendto(reqs[kind], path)
try:
    r = s.recv(4096)
except socket.timeout:
    print("none")
    sys.exit(0)
err, more, n = struct.unpack("=III", r[:12])
print(err, r[12:12 + n].rstrip(b"\0").decode(errors="replace"))
PY

raw() { timeout 20 python3 "$TEST_TMP/raw.py" "$MC_SOCK" "$1"; }

out=$(raw good)
[[ $out == "0 Linux "* ]] || fail "a well-formed forged request failed: $out"
for kind in short magic version len huge; do
	out=$(raw "$kind")
	log "$kind -> $out"
	[[ $out == "1 "* ]] || fail "a '$kind' request got no error reply: $out"
done

# Another user, with the socket opened to everyone: still refused.
py=/usr/bin/python3
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null && [ -x "$py" ]; then
	chmod 0755 "$TEST_TMP"
	chmod 0777 "$MC_DIR" "$MC_DIR/mc" "$MC_SOCK"
	nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	if nobody test -w "$MC_SOCK"; then
		out=$(timeout 20 setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$py" - "$MC_SOCK" good <"$TEST_TMP/raw.py" 2>&1)
		log "other user -> $out"
		[[ $out == "1 "* ]] || fail "a request from another user was not refused: $out"
	else
		log "nobody cannot reach $MC_SOCK: the other-user check is not exercised"
	fi
else
	log "not root, or no setpriv or $py: the other-user check is not exercised"
fi

mc version || fail "the console stopped answering: $MC_OUT"
mc_halt
pass
