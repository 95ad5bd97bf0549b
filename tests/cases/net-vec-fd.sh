#!/bin/bash
# timeout: 120
# vecN:transport=fd,fd=N, the way fakemachine runs a guest: the parent
# hands the kernel one end of a datagram socketpair and Debian's
# libslirp-helper the other (--fd=N).  vec0 uses it a frame at a time
# (vec=0, as fakemachine does), vec1 in batches; through each the guest
# downloads a file from a web server on the host's loopback (10.0.2.2
# and 10.0.3.2 are slirp's names for it).  All of it in a network
# namespace of the test's own, whose only device is its loopback.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=mconsole-common.inc
. "$TESTS_DIR/cases/mconsole-common.inc"
# shellcheck source=net-common.inc
. "$TESTS_DIR/cases/net-common.inc"
# shellcheck source=net-vec-common.inc
. "$TESTS_DIR/cases/net-vec-common.inc"

"$REPO_ROOT/tools/ensure-packages" libslirp-helper >&2 ||
	skip "libslirp-helper is not installed"
command -v python3 >/dev/null || skip "no python3 to make the socketpairs"
vec_netns a
port=$NET_PORT

mkdir -p "$TEST_TMP/www"
head -c 1048576 /dev/urandom >"$TEST_TMP/www/blob"
NET_BLOB_SUM=$(md5sum <"$TEST_TMP/www/blob" | cut -d' ' -f1)
setsid ip netns exec "$VEC_NS" busybox httpd -f -p "127.0.0.1:$port" -h "$TEST_TMP/www" &
BACKGROUND_PIDS="$BACKGROUND_PIDS $!"

vec_pairs_kernel "libslirp-helper --fd=FD --exit-with-parent --disable-ipv6" \
	"libslirp-helper --fd=FD --exit-with-parent --disable-ipv6 --net 10.0.3.0/24 --host 10.0.3.2 --dhcp-start 10.0.3.15 --dhcp-dns 10.0.3.3"
GUEST_NETNS=$VEC_NS
net_boot a "vec0:transport=fd,fd=3,vec=0" "vec1:transport=fd,fd=4,depth=32,mac=fe:fd:0a:00:03:0f"
expect_in_log "vec0: frames on descriptor 3, one frame at a time, MAC" "the guest did not announce vec0"
expect_in_log "vec1: frames on descriptor 4, batches of 32, MAC fe:fd:0a:00:03:0f" "the guest did not announce vec1"

fetch() {	# fetch DEV ADDR HOST: through DEV with ADDR/24, from HOST
	vec_up a "$1" "$2"
	gsh_out "FETCH-$1" "wget -q -O /tmp/blob http://$3:$port/blob && md5sum </tmp/blob"
	[ "${GSH_OUT%% *}" = "$NET_BLOB_SUM" ] ||
		fail "through $1 the guest got a different file: ${GSH_OUT%% *}, not $NET_BLOB_SUM"
	vec_counters a "$1"
}
fetch vec0 10.0.2.15 10.0.2.2
gsh_ok DOWN0 'ip link set vec0 down'
fetch vec1 10.0.3.15 10.0.3.2
# Down and up again: the parent's descriptor is still there.
gsh_ok DOWNUP 'ip link set vec1 down && ip link set vec1 up'
gsh_ok REFETCH "wget -q -O /tmp/blob http://10.0.3.2:$port/blob"
pass
