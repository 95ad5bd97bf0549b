#!/bin/bash
# tests/bench.sh - compare our kernel with Debian's linux.uml.
#
# Usage: tests/bench.sh [--runs N]
#   Boots both kernels on the same benchmark image (a private copy each)
#   and prints, side by side, the boot-to-init time (host wall clock from
#   exec until the guest's init prints INIT-READY) and the results of
#   tests/guest/bench.c: getppid latency, clock_gettime latency (the
#   vDSO where the kernel has one), the first touch of an anonymous page,
#   a pipe round trip between two processes, fork+exit+wait and
#   fork+exec+wait.  The same program also runs on the host itself, on
#   one CPU as our kernel does (the "host" column: the limit).  With --runs N each kernel is booted N times and the
#   median of each metric is shown.  Disk metrics (tests/guest/diskbench.c,
#   O_DIRECT on a second disk /dev/ubdb, a fresh sparse host file per
#   boot): sequential write (+fsync) and read MB/s of 64 MiB in 1 MiB
#   requests, 4 KiB random read and write IOPS (2 s each, one request at
#   a time).  Network metrics (eth0=mcast, TTL 0: a hub on this host
#   that both kernels have): a second guest of the same kernel serves
#   32 MiB over HTTP; the benchmark guest measures the ping round trip
#   (average of 20) and the TCP download rate with busybox wget.
#   A Debian bookworm with systemd (tools/mkdebian, the image the
#   debian-systemd test uses) boots with mem=512M: guest uptime when
#   multi-user.target is reached (a unit ordered after it prints
#   /proc/uptime, then powers off), the host's wall clock from exec to
#   that point, and from there until the kernel has exited.
#
# Environment:
#   UML_KERNEL     our kernel (default ./linux at the repo root)
#   UML_REF_KERNEL reference kernel (default /usr/bin/linux.uml)
#
# A kernel that is missing or fails gets "n/a" and the reason in its
# column; no number is ever made up.
set -uo pipefail

runs=1
while [ $# -gt 0 ]; do
	case "$1" in
	--runs)
		if [ $# -lt 2 ] || ! [[ "$2" =~ ^[1-9][0-9]*$ ]]; then
			echo "bench.sh: --runs needs a positive number" >&2
			exit 2
		fi
		runs=$2
		shift 2
		;;
	-h | --help)
		sed -n '2,18s/^# \{0,1\}//p' "$0"
		exit 0
		;;
	*)
		echo "bench.sh: unknown argument '$1'" >&2
		exit 2
		;;
	esac
done

TEST_NAME=bench
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

OURS=$UML_KERNEL # resolved to an absolute path by lib.sh
REF=${UML_REF_KERNEL:-/usr/bin/linux.uml}
METRICS=(boot_to_init_ms getppid_ns clock_gettime_ns page_fault_ns pipe_rtt_us
	fork_exit_wait_us fork_exec_wait_us
	disk_seq_write_MBps disk_seq_read_MBps disk_rand_read_iops disk_rand_write_iops
	net_ping_rtt_us net_tcp_MBps debian_multi_user_ms debian_boot_wall_ms debian_poweroff_ms)
BOOT_TIMEOUT=60
RUN_TIMEOUT=300

build_guest_progs
b=$GUEST_BUILD_DIR
# /init: what tests/images/init-bench does, then diskbench on the
# second disk.
init=$TEST_TMP/init-bench-disk
cat >"$init" <<'EOF'
#!/bin/sh
. /test/init-common.sh
/test/bench
s=$?
if [ -b /dev/ubdb ]; then
	/test/diskbench /dev/ubdb || s=1
else
	echo "bench disk FAIL no /dev/ubdb"
	s=1
fi
# The network: the peer (10.9.0.2) serves /www/blob.
ip addr add 10.9.0.1/24 dev eth0 && ip link set eth0 up
i=0
until ping -c 1 -W 1 10.9.0.2 >/dev/null 2>&1 || [ $i -ge 30 ]; do i=$((i + 1)); done
ping -c 20 -i 0.05 10.9.0.2 | sed -n 's/^round-trip.*= [0-9.]*\/\([0-9.]*\)\/.*/\1/p' |
	awk '$1 > 0 { printf "bench net_ping_rtt_us %d\n", $1 * 1000; ok = 1 }
		END { if (!ok) print "bench net_ping_rtt_us FAIL no reply" }'
t0=$(cut -d' ' -f1 /proc/uptime)
if wget -q -O /dev/null http://10.9.0.2/blob; then
	t1=$(cut -d' ' -f1 /proc/uptime)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "bench net_tcp_MBps %.1f\n", 32 / (b - a > 0.01 ? b - a : 0.01) }'
else
	echo "bench net_tcp_MBps FAIL wget"
	s=1
fi
echo "BENCH-EXIT $s"
poweroff -f
EOF
peer_init=$TEST_TMP/init-net-peer
cat >"$peer_init" <<'EOF'
#!/bin/sh
. /test/init-common.sh
mkdir -p /www
dd if=/dev/zero of=/www/blob bs=1M count=32 2>/dev/null
ip addr add 10.9.0.2/24 dev eth0 && ip link set eth0 up
httpd -f -p 80 -h /www
EOF
peer_img=$(build_image bench-net-peer --init "$peer_init" \
	--add "$TESTS_DIR/images/init-common.sh:/test/init-common.sh") || exit 1
img=$(build_image bench-disk --init "$init" \
	--add "$TESTS_DIR/images/init-common.sh:/test/init-common.sh" \
	--add "$b/bench:/test/bench" \
	--add "$b/tiny:/test/tiny" \
	--add "$b/diskbench:/test/diskbench") || exit 1

# run_one LABEL KERNEL RUN: boot once; writes "metric value" lines to
# $TEST_TMP/LABEL.RUN.res, or an error message to $TEST_TMP/LABEL.err.
run_one() {
	local label=$1 kernel=$2 run=$3 res=$TEST_TMP/$1.$3.res t_init
	local disk=$TEST_TMP/$label-disk.img data=$TEST_TMP/$label-data.img
	: >"$res"
	if [ ! -x "$kernel" ]; then
		echo "missing: $kernel" >"$TEST_TMP/$label.err"
		return 1
	fi
	cp --sparse=always -- "$img" "$disk" || { echo "cannot copy image" >"$TEST_TMP/$label.err"; return 1; }
	rm -f -- "$data"
	truncate -s 80M "$data" || { echo "cannot create the data disk" >"$TEST_TMP/$label.err"; return 1; }
	# The network peer: the same kernel, on a hub of this run's own.
	local -a args
	local hub peer_disk=$TEST_TMP/$label-peer.img peer_pid
	hub=eth0=mcast,,239.192.168.1,$((20000 + ($$ + run) % 20000)),0
	cp --sparse=always -- "$peer_img" "$peer_disk" || { echo "cannot copy image" >"$TEST_TMP/$label.err"; return 1; }
	mapfile -t args < <(guest_args "$peer_disk")
	setsid "$kernel" "${args[@]}" "$hub" con0=null umid="bench-peer-$$" uml_dir="$TEST_TMP/u" </dev/null >"$TEST_TMP/$label.$run.peer.log" 2>&1 &
	peer_pid=$!
	BACKGROUND_PIDS="$BACKGROUND_PIDS $peer_pid"
	mapfile -t args < <(guest_args "$disk")
	args+=("ubd1=$data" "$hub")
	UML_KERNEL=$kernel start_guest --log "$TEST_TMP/$label.$run.log" -- "${args[@]}"
	if ! wait_for_log '^INIT-READY' "$BOOT_TIMEOUT"; then
		kill_guest
		echo "no init marker (exit ${GUEST_EXIT:-?}): $(last_log_line)" >"$TEST_TMP/$label.err"
		return 1
	fi
	t_init=$(_now_ns)
	echo "boot_to_init_ms $(((t_init - GUEST_START_NS) / 1000000))" >>"$res"
	if ! wait_guest "$RUN_TIMEOUT"; then
		echo "benchmark did not finish within $RUN_TIMEOUT s" >"$TEST_TMP/$label.err"
		return 1
	fi
	# "bench NAME VALUE" lines; a "bench NAME FAIL ..." line is kept out.
	awk '$1 == "bench" && $3 ~ /^[0-9.]+$/ { print $2, $3 }' "$GUEST_LOG" >>"$res"
	if grep -q '^bench .* FAIL' "$GUEST_LOG"; then
		grep '^bench .* FAIL' "$GUEST_LOG" | head -n 1 >"$TEST_TMP/$label.err"
	elif ! grep -q '^BENCH-EXIT 0' "$GUEST_LOG"; then
		echo "guest bench did not complete: $(last_log_line)" >"$TEST_TMP/$label.err"
	fi
	kill -KILL -- "-$peer_pid" 2>/dev/null
	wait "$peer_pid" 2>/dev/null
	rm -f -- "$disk" "$data" "$peer_disk"
	return 0
}

# The Debian image, with a unit that reports reaching multi-user.target
# and powers off (written with debugfs: no mount, no root).
# shellcheck source=cases/debian-common.inc
. "$TESTS_DIR/cases/debian-common.inc"
deb_img=$(debian_image systemd) || exit 1
deb_unit=$TEST_TMP/bench-multi-user.service
cat >"$deb_unit" <<'EOF'
[Unit]
Description=bench: report multi-user.target, then power off
After=multi-user.target

[Service]
Type=oneshot
ExecStart=/bin/sh -c 'echo "BENCH-MULTI-USER $(cut -d" " -f1 /proc/uptime)" >/dev/console; systemctl --no-block poweroff'
EOF

# run_debian LABEL KERNEL RUN: boot the Debian image once; appends to the
# run's results.
run_debian() {
	local label=$1 kernel=$2 run=$3 res=$TEST_TMP/$1.$3.res
	local disk=$TEST_TMP/$label-debian.img t_mu up
	cp --sparse=always -- "$deb_img" "$disk" &&
		debugfs -w -R "write $deb_unit /etc/systemd/system/bench-multi-user.service" \
			"$disk" >/dev/null 2>&1 ||
		{ echo "cannot prepare the Debian image" >"$TEST_TMP/$label.err"; return 1; }
	UML_KERNEL=$kernel start_guest --log "$TEST_TMP/$label.$run.debian.log" -- \
		"ubd0=$disk" mem=512M con0=fd:0,fd:1 systemd.wants=bench-multi-user.service
	if ! wait_for_log '^BENCH-MULTI-USER [0-9.]+' 120; then
		kill_guest
		echo "Debian did not reach multi-user.target: $(last_log_line)" >"$TEST_TMP/$label.err"
		return 1
	fi
	t_mu=$(_now_ns)
	up=$(sed -n 's/^BENCH-MULTI-USER \([0-9.]*\).*/\1/p' "$GUEST_LOG" | head -n 1)
	if ! wait_guest 120 || [ "$GUEST_EXIT" != 0 ]; then
		echo "Debian did not power off (exit ${GUEST_EXIT:-?}): $(last_log_line)" >"$TEST_TMP/$label.err"
		return 1
	fi
	{
		awk -v u="$up" 'BEGIN { printf "debian_multi_user_ms %d\n", u * 1000 }'
		echo "debian_boot_wall_ms $(((t_mu - GUEST_START_NS) / 1000000))"
		echo "debian_poweroff_ms $((($(_now_ns) - t_mu) / 1000000))"
	} >>"$res"
	rm -f -- "$disk"
}

# median LABEL METRIC: median over the runs, or empty if never measured.
median() {
	cat "$TEST_TMP/$1".*.res 2>/dev/null | awk -v m="$2" '$1 == m { print $2 }' | sort -g |
		awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

# The host's own figures for the same program, on one CPU (the first
# this shell may use).
host_cpu=$(sed -n 's/^Cpus_allowed_list:\s*//p' /proc/self/status | sed 's/[-,].*//')
for ((r = 1; r <= runs; r++)); do
	taskset -c "$host_cpu" "$b/bench" -t "$b/tiny" |
		awk '$1 == "bench" && $3 ~ /^[0-9.]+$/ { print $2, $3 }' >"$TEST_TMP/host.$r.res"
done

for label in ours ref; do
	kernel=$OURS
	[ "$label" = ref ] && kernel=$REF
	for ((r = 1; r <= runs; r++)); do
		echo "bench.sh: $label ($kernel) run $r/$runs" >&2
		run_one "$label" "$kernel" "$r" || break
		run_debian "$label" "$kernel" "$r" || break
	done
done

status() {
	local f=$TEST_TMP/$1.err
	[ -s "$f" ] && head -n 1 "$f"
}

printf '\n%-22s %-12s %-16s %-16s %s\n' "metric" "host" "ours" "reference" "ours/ref"
printf '%-22s %-12s %-16s %-16s\n' "" "(one CPU)" "${OURS##*/}" "${REF##*/}"
for m in "${METRICS[@]}"; do
	h=$(median host "$m")
	o=$(median ours "$m")
	r=$(median ref "$m")
	ratio="-"
	if [ -n "$o" ] && [ -n "$r" ]; then
		ratio=$(awk -v o="$o" -v r="$r" 'BEGIN { if (r > 0) printf "%.2f", o / r; else print "-" }')
	fi
	printf '%-22s %-12s %-16s %-16s %s\n' "$m" "${h:--}" "${o:-n/a}" "${r:-n/a}" "$ratio"
done
echo
echo "ours:      $OURS${runs:+ (median of $runs run(s))}"
[ -n "$(status ours)" ] && echo "  problem: $(status ours)"
echo "reference: $REF"
[ -n "$(status ref)" ] && echo "  problem: $(status ref)"
# Keep logs for inspection only when something went wrong.
if [ -n "$(status ours)$(status ref)" ]; then
	exit 1
fi
exit 0
