#!/bin/bash
# timeout: 120
# ssl0=pts: the guest's /dev/ttyS0 and the announced host pts are two
# ends of one line; closing the host end hangs the guest's line up, and
# opening the pts again reconnects it.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

cat >"$TEST_TMP/init" <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo INIT-READY
stty -F /dev/ttyS0 raw -echo
echo HELLO-SSL >/dev/ttyS0
read -r line </dev/ttyS0
echo "GOT $line"
cat /dev/ttyS0 >/dev/null
echo "CAT-ENDED"
read -r line </dev/ttyS0
echo "AGAIN $line"
poweroff -f
INIT
img=$(build_image console-ssl --init "$TEST_TMP/init") || exit 1
start_guest -- "ubd0=$(image_copy "$img")" root=/dev/ubda rw mem=128M \
	con0=fd:0,fd:1 con=none ssl=none ssl0=pts init=/init
wait_for_log '^ssl0: attached to /dev/pts/[0-9]+' 20 || fail "ssl0 did not announce its pts"
pts=$(sed -n 's|^ssl0: attached to \(/dev/pts/[0-9]*\).*|\1|p' "$GUEST_LOG" | head -n 1)
stty -F "$pts" raw -echo
exec {p}<>"$pts"
wait_for_log '^INIT-READY' 30 || fail "init did not start"
read -r -t 10 got <&"$p" || fail "nothing came out of $pts"
[ "${got%$'\r'}" = HELLO-SSL ] || fail "read '$got' from $pts"
# The guest may still be setting its line up (which can flush input):
# offer the line again until it is read, for up to 10 s.
seen=0
for _ in 1 2 3 4 5 6 7 8 9 10; do
	printf 'ping\n' >&"$p"
	if wait_for_log '^GOT ping' 1; then
		seen=1
		break
	fi
done
[ "$seen" = 1 ] || fail "the guest did not read what the host wrote"
exec {p}>&-
wait_for_log '^CAT-ENDED' 10 || fail "closing the host side did not hang the guest's line up"
# The line lives on: a new host-side peer on the same pts is heard.
sleep 1
exec {p}<>"$pts"
printf 'second\n' >&"$p"
wait_for_log '^AGAIN second' 10 || fail "reattaching to $pts did not reconnect the line"
exec {p}>&-
wait_guest 30 || fail "the guest did not power off"
pass
