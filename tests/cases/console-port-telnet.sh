#!/bin/bash
# timeout: 90
# A port: line speaks enough telnet: on connection it offers to echo
# and to send characters at once (IAC WILL ECHO, IAC WILL SGA); the
# client's commands never reach the guest, and its CR LF is one Enter.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

cat >"$TEST_TMP/init" <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo INIT-READY
read -r l </dev/ttyS0 && echo "GOT[$l]"
poweroff -f
INIT
img=$(build_image console-port-telnet --init "$TEST_TMP/init") || exit 1
port=$((20000 + ($$ + 7) % 20000))
start_guest -- "ubd0=$(image_copy "$img")" root=/dev/ubda rw mem=128M \
	con0=fd:0,fd:1 con=none ssl=none "ssl0=port:$port" init=/init
wait_for_log '^INIT-READY' 30 || fail "init did not start; last: $(last_log_line)"
expect_in_log "^ssl0: waiting for a connection on port $port"
exec {c}<>"/dev/tcp/127.0.0.1/$port" || fail "cannot connect to port $port"
timeout 3 cat <&"$c" >"$TEST_TMP/client.out" &
reader=$!
# IAC DO ECHO, IAC DO SGA, a subnegotiation, then a line typed in telnet.
printf '\377\375\001\377\375\003\377\372\030\001\377\360hello\r\n' >&"$c"
wait_for_log '^GOT\[' 10 || fail "the guest did not read a line from ssl0"
expect_in_log '^GOT\[hello\]' "the guest got telnet bytes or an extra line"
wait "$reader"
exec {c}>&-
od -An -tu1 "$TEST_TMP/client.out" | tr -s ' \n' ' ' | grep -q '255 251 1 255 251 3' ||
	fail "the client was not offered IAC WILL ECHO, IAC WILL SGA"
wait_guest 30 || fail "the guest did not power off"
pass
