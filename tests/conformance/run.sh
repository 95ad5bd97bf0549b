#!/bin/bash
# tests/conformance/run.sh - the kernel's own selftests, our kernel against
# Debian's user-mode-linux on the same image (`make conformance`).
#
# Usage: tests/conformance/run.sh [options]
#   --only ours|ref    boot only one of the two kernels (the table then
#                      shows the other column from its last run, if any)
#   --filter REGEX     run only the programs whose ID (COLLECTION/NAME)
#                      matches REGEX (extended regex)
#   --build-only       build the selftests and the image, boot nothing
#   --table-only       tabulate the last run's results again, boot nothing
#   --timeout S        per-program timeout inside the guest (default 120;
#                      a collection's `settings` file may raise it, capped
#                      at 600)
#   -h, --help
#
# Environment:
#   UML_KERNEL       our kernel (default ./linux); copied before booting,
#                    so a rebuild during the run does not disturb it
#   UML_REF_KERNEL   reference (default /usr/bin/linux.uml)
#   CONF_MEM         guest memory (default 512M)
#   CONF_TARGETS     selftest collections to build (default: below)
#   CONF_OUT         results folder (default build/conformance)
#
# What it does: builds the selftests of linux-source-6.12 out of tree into
# build/selftests (kernel headers installed there too, ARCH=x86), an ext4
# image with them plus bash and the shared libraries they need
# (build/conformance/conformance.img), then boots each kernel on its own
# copy, with the list of programs on a second disk.  The guest (/init =
# tests/conformance/guest-init) runs every
# program with a timeout and writes its output to /conf/results, which
# is read back with debugfs once the kernel has exited.  If a program
# hangs the guest (no progress for timeout + 60 s) or kills the kernel,
# the guest is killed by its process group and booted again after that
# program.  Programs are rated from their exit status (0 pass, 4 skip,
# timeout, crash = killed by a signal, else fail), test cases from
# their TAP lines (`ok N name`, `not ok N name`, `# SKIP`).
#
# Output: the table (build/conformance/table.txt), one row per program and
# one per test case, then a summary and the list of regressions: what
# passes on the reference and does not on ours.  Exit status 1 if there
# is any regression, 2 on a build or boot error.
set -uo pipefail

# shellcheck disable=SC2034 # read by lib.sh
TEST_NAME=conformance
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

CONF_DIR=$TESTS_DIR/conformance
KSRC=$REPO_ROOT/build/linux-source-6.12
SFT=$KSRC/tools/testing/selftests
SBUILD=$REPO_ROOT/build/selftests
W=${CONF_OUT:-$REPO_ROOT/build/conformance}
OURS_SRC=$UML_KERNEL
REF=${UML_REF_KERNEL:-/usr/bin/linux.uml}
MEM=${CONF_MEM:-512M}
TIMEOUT=120
MAX_TIMEOUT=600
GRACE=60        # host waits this long past a program's own timeout
BOOT_WAIT=180   # from exec to the guest's @@BOOT line
MAX_BOOTS=25    # per kernel (one extra boot per program that hangs it)

# The issue's list, then more collections that test the same ABI.
# (There is no "signal" collection in 6.12: x86 holds the signal-frame
# tests - sigreturn, sigaltstack, single-step, syscall restart.)
DEFAULT_TARGETS="futex timers sigaltstack ptrace exec proc mqueue clone3 pidfd
seccomp kcmp capabilities size splice x86 vDSO prctl rlimits mincore
membarrier openat2 ipc rseq timens"
# shellcheck disable=SC2086,SC2116 # one line, single spaces
TARGETS=$(echo ${CONF_TARGETS:-$DEFAULT_TARGETS})
# Built separately: mm/khugepaged.c in 6.12 uses KSFT_SKIP without
# including kselftest.h, so these get -include kselftest.h.
MM_TARGETS="mm memfd"

only=""
filter=""
build_only=0
table_only=0
while [ $# -gt 0 ]; do
	case "$1" in
	--only) only=$2; shift 2 ;;
	--filter) filter=$2; shift 2 ;;
	--build-only) build_only=1; shift ;;
	--table-only) table_only=1; shift ;;
	--timeout) TIMEOUT=$2; shift 2 ;;
	-h | --help) sed -n '2,45s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "conformance: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
case "$only" in "" | ours | ref) ;; *) echo "conformance: --only ours|ref" >&2; exit 2 ;; esac

say() { echo "conformance: $*" >&2; }
die() { say "error: $*"; exit 2; }

mkdir -p "$W" "$SBUILD"

# --- build the selftests -------------------------------------------------
# make(1) of the top-level Makefile passes its own flags (ARCH=um...) in
# the environment: the selftests are built for the host, x86.
sft_make() {
	env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u ARCH \
		make -C "$SFT" -j"$(nproc)" ARCH=x86 O="$SBUILD" "$@"
}

build_selftests() {
	local stamp=$SBUILD/.built key
	key=$(printf '%s\n' "$TARGETS" "$MM_TARGETS" "$(gcc --version | head -1)" | sha256sum | cut -c1-16)
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ]; then
		return 0
	fi
	[ -d "$SFT" ] || die "$SFT missing: run 'make linux' once (it unpacks the kernel source)"
	if [ ! -f "$SBUILD/usr/include/linux/futex.h" ]; then
		say "installing the 6.12 UAPI headers into $SBUILD/usr/include"
		env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s -C "$KSRC" O="$SBUILD" ARCH=x86 headers \
			>"$W/headers.log" 2>&1 || die "make headers failed (see $W/headers.log)"
	fi
	say "building selftests: $TARGETS (log: $W/build.log)"
	rm -rf "$SBUILD/install" "$SBUILD/install-mm"
	sft_make TARGETS="$TARGETS" KSFT_INSTALL_PATH="$SBUILD/install" install \
		>"$W/build.log" 2>&1 || die "building the selftests failed (see $W/build.log)"
	say "building selftests: $MM_TARGETS (log: $W/build-mm.log)"
	sft_make TARGETS="$MM_TARGETS" EXTRA_CFLAGS="-include $SFT/kselftest.h" \
		KSFT_INSTALL_PATH="$SBUILD/install-mm" install \
		>"$W/build-mm.log" 2>&1 || die "building the mm selftests failed (see $W/build-mm.log)"
	echo "$key" >"$stamp"
}

# --- the list of programs --------------------------------------------------
# ID <TAB> DIR <TAB> TIMEOUT <TAB> COMMAND, from kselftest-list.txt minus
# what cannot run here, plus tests/conformance/extra.list (the mm
# programs run_vmtests.sh would start, which needs a full distribution).
collection_timeout() {
	local s=$1/settings t=$TIMEOUT v
	if [ -f "$s" ]; then
		v=$(sed -n 's/^timeout=\([0-9]*\)$/\1/p' "$s")
		if [ -n "$v" ]; then
			[ "$v" -eq 0 ] && v=$MAX_TIMEOUT
			[ "$v" -gt "$t" ] && t=$v
		fi
	fi
	[ "$t" -gt "$MAX_TIMEOUT" ] && t=$MAX_TIMEOUT
	echo "$t"
}

make_list() {
	local out=$1 coll prog t
	: >"$out"
	while IFS=: read -r coll prog; do
		[ -n "$coll" ] || continue
		# Left out: needs python3 / runs for many minutes / a wrapper of
		# the mm programs below / needs FUSE or hugetlbfs.
		case "$coll:$prog" in
		exec:binfmt_script.py | rseq:run_param_test.sh | mm:run_vmtests.sh | \
			memfd:run_fuse_test.sh | memfd:run_hugetlbfs_test.sh) continue ;;
		esac
		t=$(collection_timeout "$SFT/$coll")
		printf '%s/%s\t/ksft/%s\t%s\t./%s\n' "$coll" "$prog" "$coll" "$t" "$prog" >>"$out"
	done < <(cat "$SBUILD/install/kselftest-list.txt" "$SBUILD/install-mm/kselftest-list.txt")
	while read -r coll name cmd; do
		case "$coll" in "" | "#"*) continue ;; esac
		t=$(collection_timeout "$SFT/$coll")
		printf '%s/%s\t/ksft/%s\t%s\t%s\n' "$coll" "$name" "$coll" "$t" "$cmd" >>"$out"
	done <"$CONF_DIR/extra.list"
	if [ -n "$filter" ]; then
		grep -E -- "^[^	]*($filter)" "$out" >"$out.f" || true
		mv "$out.f" "$out"
	fi
	[ -s "$out" ] || die "no test program selected"
}

# --- the image -----------------------------------------------------------
build_conf_image() {
	local img=$1 stage=$W/stage f
	rm -rf "$stage"
	mkdir -p "$stage"
	cp -a "$SBUILD/install/." "$stage/"
	cp -a "$SBUILD/install-mm/." "$stage/"
	local glibc=(--glibc /bin/bash)
	while IFS= read -r -d '' f; do
		if readelf -l "$f" 2>/dev/null | grep -q 'Requesting program interpreter'; then
			glibc+=(--glibc "$f")
		fi
	done < <(find "$stage" -type f -perm -u+x -print0)
	"$REPO_ROOT/tools/mkrootfs" "$img.tmp" --size 1G --init "$CONF_DIR/guest-init" \
		--add "$stage:/ksft" --add /bin/bash:/bin/bash \
		"${glibc[@]}" >"$W/mkrootfs.log" 2>&1 || {
		cat "$W/mkrootfs.log" >&2
		die "mkrootfs failed"
	}
	mv "$img.tmp" "$img"
}

# --- booting ---------------------------------------------------------------
list_timeout() { sed -n "$(($1 + 1))p" "$LIST" | cut -f3; }
list_id() { sed -n "$(($1 + 1))p" "$LIST" | cut -f1; }

# dump_results IMG OUT: the guest's /conf/results (journal replayed first).
dump_results() {
	e2fsck -fy "$1" >/dev/null 2>&1
	rm -f -- "$2"
	debugfs -R "dump /conf/results $2" "$1" >/dev/null 2>&1
	[ -f "$2" ] || : >"$2"
}

# run_kernel LABEL KERNEL: boot until the whole list has run; leaves
# $W/LABEL.results (guest output) and $W/LABEL.host (host notes).
run_kernel() {
	local label=$1 kernel=$2 img=$W/$1.img res=$W/$1.results notes=$W/$1.host
	local start=0 boots=0 bootfail=0 n last idx t_last now tmo reason
	n=$(wc -l <"$LIST")
	: >"$notes"
	rm -f -- "$W/$label".console.*
	cp --sparse=always -- "$IMG" "$img" || die "cannot copy the image"
	# The list goes in on the second disk, so the image does not depend
	# on --filter.
	cp -- "$LIST" "$W/$label.list"
	truncate -s $((($(stat -c %s "$LIST") / 4096 + 1) * 4096)) "$W/$label.list"
	local t0=$SECONDS
	while [ "$start" -lt "$n" ] && [ "$boots" -lt "$MAX_BOOTS" ]; do
		boots=$((boots + 1))
		local log=$W/$label.console.$boots
		local -a args
		mapfile -t args < <(UML_MEM=$MEM guest_args "$img")
		args+=("ubd1r=$W/$label.list")
		say "$label: boot $boots, programs $start..$((n - 1))"
		UML_KERNEL=$kernel start_guest --log "$log" -- "${args[@]}" "conf_start=$start" 2>/dev/null
		last=-1
		t_last=$SECONDS
		reason=""
		while :; do
			if ! kill -0 "$GUEST_PID" 2>/dev/null || [ "$(_proc_state "$GUEST_PID")" = Z ]; then
				wait "$GUEST_PID" 2>/dev/null
				GUEST_EXIT=$?
				_reap_group
				_remove_umid_dir
				reason="kernel exited (status $GUEST_EXIT)"
				break
			fi
			now=$SECONDS
			idx=$(tr -d '\r' <"$log" | sed -n 's/^@@START \([0-9]*\) .*/\1/p' | tail -n 1)
			if [ -n "$idx" ] && [ "$idx" != "$last" ]; then
				last=$idx
				t_last=$now
			fi
			if [ "$last" -lt 0 ]; then
				if [ $((now - t_last)) -gt "$BOOT_WAIT" ]; then
					kill_guest
					reason="no test started within $BOOT_WAIT s of boot"
					break
				fi
			else
				tmo=$(list_timeout "$last")
				if [ $((now - t_last)) -gt $((tmo + GRACE)) ]; then
					kill_guest
					reason="killed: no progress for $((now - t_last)) s"
					break
				fi
			fi
			sleep 1
		done
		sed -i 's/\r$//' "$log"
		dump_results "$img" "$res"
		if grep -q '^@@ALLDONE' "$res"; then
			break
		fi
		# Which program was running?  START without END.
		idx=$(awk '/^@@START /{s=$2} /^@@END /{if ($2==s) s=""} END{print s}' "$res")
		if [ -z "$idx" ]; then
			idx=$(awk '/^@@END /{e=$2} END{print e}' "$res")
			if [ -z "$idx" ] || [ "$idx" -lt "$start" ]; then
				# Nothing ran in this boot at all.
				say "$label: boot $boots failed: $reason; last console line: $(grep -v '^[[:space:]]*$' "$log" | tail -n 1 | cut -c1-150)"
				printf '@@HOST %s %s boot failed: %s\n' "$start" "$(list_id "$start")" "$reason" >>"$notes"
				idx=$start
				bootfail=$((bootfail + 1))
				if [ "$bootfail" -ge 2 ]; then
					say "$label: giving up after $bootfail boots that ran nothing"
					break
				fi
			else
				# Died between two programs.
				bootfail=0
				idx=$((idx + 1))
				printf '@@HOST %s %s guest died before it: %s\n' "$idx" "$(list_id "$idx")" "$reason" >>"$notes"
			fi
		else
			bootfail=0
			printf '@@HOST %s %s %s\n' "$idx" "$(list_id "$idx")" "$reason" >>"$notes"
			say "$label: program $idx $(list_id "$idx"): $reason"
		fi
		start=$((idx + 1))
	done
	say "$label: done in $((SECONDS - t0)) s, $boots boot(s)"
}

# --- results -------------------------------------------------------------
# parse LABEL: "KEY <TAB> STATUS <TAB> NAME" for every program of the
# list (KEY = NAME = its ID, in list order) and, after each, one line per
# TAP result, KEY = "ID :: B.NNN" (NNN its TAP number, B counting the
# restarts of the numbering, for wrappers that run several programs).
# Test cases are matched between the kernels by KEY, because a case's
# text may hold data that differs ("#PF(0x5)") or be only a SKIP reason.
parse() {
	local label=$1
	awk -F'\t' -v res="$W/$label.results" -v notes="$W/$label.host" '
	function prog_status(rc, secs, tmo) {
		if (rc == 0) return "pass"
		if (rc == 4) return "skip"
		if ((rc == 143 || rc == 137 || rc == 124) && secs + 2 >= tmo) return "timeout"
		if (rc == 127) return "fail(not found)"
		if (rc > 128 && rc <= 128 + 64) return "crash(sig " (rc - 128) ")"
		return "fail(rc " rc ")"
	}
	FNR == NR { id[NR - 1] = $1; tmo[$1] = $3; n = NR; next }
	END {
		while ((getline line < notes) > 0) {
			split(line, f, " ")
			host[f[3]] = substr(line, index(line, f[3]) + length(f[3]) + 1)
		}
		cur = -1
		while ((getline line < res) > 0) {
			if (line ~ /^@@START /) {
				split(line, f, " "); cur = f[3]; started[cur] = 1; nc[cur] = 0
				block = 1; lastnum = 0
				continue
			}
			if (line ~ /^@@END /) {
				split(line, f, " ")
				rc = f[4]; sub(/^rc=/, "", rc); secs = f[5]; sub(/^secs=/, "", secs)
				st[f[3]] = prog_status(rc + 0, secs + 0, tmo[f[3]]); dt[f[3]] = secs "s"
				cur = -1
				continue
			}
			if (line ~ /^@@/) { cur = -1; continue }
			if (cur == -1) continue
			if (line !~ /^(not )?ok [0-9]+/) continue
			s = (line ~ /^not /) ? "fail" : "pass"
			num = line; sub(/^(not )?ok /, "", num); sub(/[^0-9].*/, "", num); num += 0
			if (num <= lastnum) block++
			lastnum = num
			name = line
			sub(/^(not )?ok [0-9]+ *(- )?/, "", name)
			dir = ""
			if (match(name, /(^| )# *([Ss][Kk][Ii][Pp]|[Tt][Oo][Dd][Oo]|[Xx][Ff][Aa][Ii][Ll])/)) {
				dir = toupper(substr(name, RSTART, RLENGTH))
				if (RSTART == 1) { name = substr(name, RLENGTH + 1); sub(/^ +/, "", name); name = "[" substr(dir, index(dir, "#") + 1) "] " name; sub(/\[ +/, "[", name) }
				else name = substr(name, 1, RSTART - 1)
			}
			if (dir ~ /SKIP/) s = "skip"
			else if (dir ~ /XFAIL/) s = "xfail"
			else if (dir ~ /TODO/) s = "todo"
			gsub(/\t/, " ", name); sub(/ +$/, "", name)
			if (name == "") name = "(unnamed)"
			c = ++nc[cur]; cn[cur, c] = name; cs[cur, c] = s; ck[cur, c] = sprintf("%d.%03d", block, num)
		}
		for (j = 0; j < n; j++) {
			i = id[j]
			if (i in st) { s = st[i]; d = dt[i] }
			else if (i in host) { s = (host[i] ~ /no progress/) ? "hang" : "died"; d = host[i] }
			else if (i in started) { s = "died"; d = "" }
			else { s = "notrun"; d = "" }
			printf "%s\t%s\t%s\n", i, s, i
			for (c = 1; c <= nc[i]; c++) printf "%s :: %s\t%s\t%s\n", i, ck[i, c], cs[i, c], cn[i, c]
		}
	}' "$LIST"
}

# table OURS.tsv REF.tsv: merged rows, then the summary and the
# regressions.  A case is named as the reference names it (ours if the
# reference has no such case).
table() {
	awk -F'\t' '
	FNR == NR { if (!($1 in o)) { order[++n] = $1 }; o[$1] = $2; nm[$1] = $3; next }
	{ if (!($1 in o) && !($1 in r)) order[++n] = $1; r[$1] = $2; nm[$1] = $3 }
	END {
		printf "%-72s %-14s %-14s\n", "test", "ours", "reference"
		for (i = 1; i <= n; i++) {
			k = order[i]; a = (k in o) ? o[k] : "missing"; b = (k in r) ? r[k] : "missing"
			mark = (b == "pass" && a != "pass") ? "  <-- regression" : ""
			kind = (k ~ / :: /) ? "case" : "prog"
			name = (kind == "case") ? "    " nm[k] : k
			if (length(name) > 72) name = substr(name, 1, 69) "..."
			printf "%-72s %-14s %-14s%s\n", name, a, b, mark
			if (kind == "prog") prog = k
			cnt[kind]++
			oa = a; sub(/\(.*/, "", oa); ob = b; sub(/\(.*/, "", ob)
			so[kind, oa]++; sr[kind, ob]++
			if (mark != "") { reg[kind]++; regl[++nr] = ((kind == "case") ? prog " :: " nm[k] : k) "\t" a }
			if (a == "pass" && b != "pass" && b != "missing") better[kind]++
		}
		printf "\n"
		for (j = 1; j <= 2; j++) {
			kind = (j == 1) ? "prog" : "case"
			printf "%s: %d | ours: %d pass, %d fail, %d skip, %d timeout/hang/crash | reference: %d pass, %d fail, %d skip, %d timeout/hang/crash | %d regressions, %d better on ours\n", \
				(kind == "prog") ? "programs" : "test cases", cnt[kind], \
				so[kind, "pass"], so[kind, "fail"], so[kind, "skip"], so[kind, "timeout"] + so[kind, "hang"] + so[kind, "crash"] + so[kind, "died"], \
				sr[kind, "pass"], sr[kind, "fail"], sr[kind, "skip"], sr[kind, "timeout"] + sr[kind, "hang"] + sr[kind, "crash"] + sr[kind, "died"], \
				reg[kind], better[kind]
		}
		printf "\nRegressions (pass on the reference, not on ours): %d\n", nr
		for (i = 1; i <= nr; i++) { split(regl[i], f, "\t"); printf "  %-80s %s\n", f[1], f[2] }
		exit (nr > 0)
	}' "$1" "$2"
}

# --- main ----------------------------------------------------------------
LIST=$W/list
if [ "$table_only" = 1 ]; then
	[ -f "$LIST" ] || die "no previous run in $W"
	for label in ours ref; do
		[ -f "$W/$label.results" ] && parse "$label" >"$W/$label.tsv"
	done
	table "$W/ours.tsv" "$W/ref.tsv" | tee "$W/table.txt"
	exit "${PIPESTATUS[0]}"
fi
build_selftests
make_list "$LIST"
IMG=$W/conformance.img
key=$(cat "$CONF_DIR/guest-init" "$REPO_ROOT/tools/mkrootfs" "$SBUILD/.built" | sha256sum | cut -c1-16)
if [ ! -f "$IMG" ] || [ "$(cat "$IMG.key" 2>/dev/null)" != "$key" ]; then
	say "building the image"
	rm -f "$IMG"
	build_conf_image "$IMG"
	echo "$key" >"$IMG.key"
fi
[ "$build_only" = 1 ] && { say "built $IMG"; exit 0; }

t_all=$SECONDS
if [ "$only" != ref ]; then
	[ -x "$OURS_SRC" ] || die "our kernel $OURS_SRC is missing (make linux)"
	cp -- "$OURS_SRC" "$W/ours.linux"
	run_kernel ours "$W/ours.linux"
	parse ours >"$W/ours.tsv"
fi
if [ "$only" != ours ]; then
	[ -x "$REF" ] || die "reference kernel $REF is missing (apt-get install user-mode-linux)"
	run_kernel ref "$REF"
	parse ref >"$W/ref.tsv"
fi
[ -f "$W/ours.tsv" ] || : >"$W/ours.tsv"
[ -f "$W/ref.tsv" ] || : >"$W/ref.tsv"
say "ran in $((SECONDS - t_all)) s; guest output: $W/{ours,ref}.results"
table "$W/ours.tsv" "$W/ref.tsv" | tee "$W/table.txt"
rc=${PIPESTATUS[0]}
# Kernel trouble on our side is worth a line of its own.
if grep -qE 'Oops|BUG:|WARNING:|Kernel panic' "$W/ours.results" "$W"/ours.console.* 2>/dev/null; then
	echo "ours: kernel messages (Oops/BUG/WARNING/panic) in $W/ours.results or ours.console.*:"
	grep -hE 'Oops|BUG:|WARNING:|Kernel panic' "$W/ours.results" "$W"/ours.console.* 2>/dev/null | sort | uniq -c | sort -rn | head -n 10
fi
exit "$rc"
