#!/bin/bash
# timeout: 240
# A guest on built-in user networking (eth0=user, libslirp in our own
# helper, no privilege): it gets a DHCP lease (10.0.2.15, router
# 10.0.2.2, DNS 10.0.2.3), downloads a file that a host program serves
# on the host's loopback through 10.0.2.2, and gets an IPv6 address by
# SLAAC in fec0::/64 that reaches fec0::2.  Host clients reach a web
# server and a UDP echo server in the guest through two hostfwd rules on
# 127.0.0.1.  When the helper dies the carrier goes, with one message;
# down and up starts a new one.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=mconsole-common.inc
. "$TESTS_DIR/cases/mconsole-common.inc"
# shellcheck source=net-common.inc
. "$TESTS_DIR/cases/net-common.inc"

/sbin/ldconfig -p | grep -q 'libslirp\.so\.0 ' || skip "libslirp0 is not installed"

# free_port: a port that no TCP or UDP socket of this host has, nor one
# handed out before by this test.
TAKEN=" "
free_port() {
	local p hex i
	for i in $(seq 50); do
		p=$((20000 + RANDOM % 40000))
		hex=$(printf ':%04X ' "$p")
		[[ $TAKEN == *" $p "* ]] && continue
		cat /proc/net/tcp /proc/net/udp /proc/net/tcp6 /proc/net/udp6 2>/dev/null |
			awk '{ print $2 }' | grep -qi -- "${hex% }\$" && continue
		TAKEN="$TAKEN$p "
		echo "$p"
		return 0
	done
	fail "no free port found"
}
# host_get PORT PATH FILE: HTTP GET from 127.0.0.1:PORT into FILE, with
# the shell alone (Debian's static busybox wget crashes on this host).
host_get() {
	local c line
	exec {c}<>"/dev/tcp/127.0.0.1/$1" || return 1
	printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&"$c"
	read -r -t 20 -u "$c" line && [[ $line == "HTTP/1."?" 200"* ]] || {
		exec {c}>&-
		return 1
	}
	while read -r -t 20 -u "$c" line && [ "$line" != $'\r' ]; do :; done
	timeout 20 cat <&"$c" >"$3"
	local rc=$?
	exec {c}>&-
	return $rc
}
WPORT=$(free_port)
TPORT=$(free_port)
UPORT=$(free_port)

# The host's web server, on the loopback only.
mkdir -p "$TEST_TMP/www" "$TEST_TMP/share"
head -c 1048576 /dev/urandom >"$TEST_TMP/www/blob"
HOST_SUM=$(md5sum <"$TEST_TMP/www/blob" | cut -d' ' -f1)
setsid busybox httpd -f -p "127.0.0.1:$WPORT" -h "$TEST_TMP/www" &
BACKGROUND_PIDS="$BACKGROUND_PIDS $!"

# What the guest gets through hostfs: udhcpc's hook, which sets eth0 up
# from the lease and says what the lease was, and a UDP echo server.
cat >"$TEST_TMP/share/dhcp.sh" <<'EOF'
#!/bin/sh
case "$1" in
deconfig)
	ip -4 addr flush dev "$interface"
	;;
bound | renew)
	ip -4 addr flush dev "$interface"
	ip addr add "$ip/$mask" dev "$interface"
	ip route add default via "$router" dev "$interface"
	echo "LEASE ip=$ip mask=$mask router=$router dns=$dns"
	;;
esac
EOF
chmod +x "$TEST_TMP/share/dhcp.sh"
cat >"$TEST_TMP/udpecho.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>

/* udpecho PORT: answer each datagram with "echo " and its text. */
int main(int argc, char **argv)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	char buf[1500], out[1510];
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	sin.sin_port = htons(atoi(argv[1]));
	if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		perror("udpecho");
		return 1;
	}
	printf("UDPECHO-LISTENING\n");
	fflush(stdout);
	for (;;) {
		struct sockaddr_in from;
		socklen_t flen = sizeof(from);
		ssize_t n = recvfrom(fd, buf, sizeof(buf) - 1, 0,
				     (struct sockaddr *)&from, &flen);

		if (n < 0)
			return 1;
		buf[n] = 0;
		n = snprintf(out, sizeof(out), "echo %s", buf);
		sendto(fd, out, n, 0, (struct sockaddr *)&from, flen);
	}
}
EOF
gcc -static -O2 -o "$TEST_TMP/share/udpecho" "$TEST_TMP/udpecho.c" ||
	fail "cannot build the UDP echo server"

net_boot a "eth0=user,hostfwd=tcp:127.0.0.1:$TPORT-:80,hostfwd=udp:127.0.0.1:$UPORT-10.0.2.15:7777"
expect_in_log "eth0: user networking 10.0.2.0/24, tcp 127.0.0.1:$TPORT->10.0.2.15:80, udp 127.0.0.1:$UPORT->10.0.2.15:7777, MAC" \
	"the guest did not announce eth0"
on a
gsh_ok MOUNT "mkdir -p /mnt/h && mount -t hostfs none /mnt/h -o $TEST_TMP/share"

# DHCP
gsh_ok DHCP 'ip link set eth0 up && udhcpc -i eth0 -s /mnt/h/dhcp.sh -q -n -t 5 -T 2'
expect_in_log "LEASE ip=10.0.2.15 mask=24 router=10.0.2.2 dns=10.0.2.3" \
	"no lease 10.0.2.15/24 with router 10.0.2.2 and DNS 10.0.2.3"

# The guest fetches from the host's loopback, through 10.0.2.2.
gsh_out FETCH "wget -q -O /tmp/blob http://10.0.2.2:$WPORT/blob && md5sum </tmp/blob"
[ "${GSH_OUT%% *}" = "$HOST_SUM" ] ||
	fail "the guest got a different blob from the host: ${GSH_OUT%% *}, not $HOST_SUM"

# A host client reaches the guest's web server through the TCP forward.
net_serve a
host_get "$TPORT" /blob "$TEST_TMP/from-guest" ||
	fail "no download from the guest through hostfwd tcp 127.0.0.1:$TPORT"
[ "$(md5sum <"$TEST_TMP/from-guest" | cut -d' ' -f1)" = "$NET_BLOB_SUM" ] ||
	fail "the blob from the guest through the forward differs"

# ... and its UDP echo server through the UDP forward.
guest_send "/mnt/h/udpecho 7777 &"
wait_for_log 'UDPECHO-LISTENING' 20 || fail "the guest's UDP echo server did not start"
exec {udp}<>"/dev/udp/127.0.0.1/$UPORT" || fail "no UDP socket to 127.0.0.1:$UPORT"
reply=""
for i in 1 2 3 4 5; do
	printf 'hello-%s' "$i" >&"$udp"
	# One read of one datagram (the shell's read would take a byte).
	reply=$(timeout 3 dd bs=2048 count=1 status=none <&"$udp") && break
done
exec {udp}>&-
[[ $reply == "echo hello-"[1-5] ]] ||
	fail "no answer through hostfwd udp 127.0.0.1:$UPORT: '$reply'"

# IPv6: SLAAC in fec0::/64, and the host's side of it answers.
# (fec0::/64 is site-local: "scope site", not global.)
gsh_out V6ADDR 'for i in $(seq 20); do a=$(ip -6 addr show dev eth0 | sed -n "s/.*inet6 \(fec0:[^/ ]*\).*/\1/p"); [ -n "$a" ] && break; sleep 1; done; echo "$a"'
[[ $GSH_OUT == fec0::* ]] || fail "no SLAAC address in fec0::/64 on eth0: '$GSH_OUT'"
gsh_ok PING6 'ping6 -c 2 -W 5 fec0::2'

# The helper dies: no carrier, one message; down and up starts anew.
helper=$(children_named "${NET_PID[a]}" uml-usernet)
[ -n "$helper" ] || fail "no uml-usernet child of the kernel"
kill -KILL "$helper"
gsh CARRIER_PING 'sleep 1; ping -c 1 -W 1 10.0.2.2'
gsh_out CARRIER 'cat /sys/class/net/eth0/carrier'
[ "$GSH_OUT" = 0 ] || fail "eth0 still has a carrier after the helper died: $GSH_OUT"
expect_in_log "eth0: the host transport is gone" "no message when the helper died"
gsh_ok REUP 'ip link set eth0 down && ip link set eth0 up && udhcpc -i eth0 -s /mnt/h/dhcp.sh -q -n -t 5 -T 2'
gsh_out FETCH2 "wget -q -O /tmp/blob2 http://10.0.2.2:$WPORT/blob && md5sum </tmp/blob2"
[ "${GSH_OUT%% *}" = "$HOST_SUM" ] || fail "no download after a new helper"
host_get "$TPORT" /blob "$TEST_TMP/from-guest2" ||
	fail "no download through the forward after a new helper"
pass
