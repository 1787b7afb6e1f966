#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfs41conn-window: bench
#
# The one window of "make bench" (scripts/bench.sh), inside UML: every
# measurement, in one boot, each figure's two sides interleaved round by
# round.  It judges nothing: each measurement is one line
# "nfs41conn-bench: <what> key=value ..." on the kernel log, which
# scripts/bench/report.py turns into the table.  Settings come from
# bench.conf in the run directory (scripts/bench.sh writes it).
#
#   a, c  per round, in alternating order, on the "tcp" listener (port
#         2050) and the "nfs41conn" one (2049) of the same nfsd: a GETATTR
#         loop (stat on a noac mount) with the nfsd threads' CPU time,
#         then a write and a read with nconnect=4; then nfs41conn_bench.ko
#         run=percall, the module's per-call path
#   b     nfs41conn_bench.ko run=scale: its rounds interleave the points
#   d     per round: the I/O with max_conns_per_session=2 and nconnect=4,
#         and with nconnect=2; then a write drained mid-transfer in each
#         net.nfs41conn.drain_mode the sysctl accepts, and one not drained,
#         each followed by the unmount, timed too
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=/dev/null
. "$NFS41CONN_RUN/bench.conf"

HERE=$(dirname "$0")
PY=$HERE/nfsbench.py
SYS=/proc/sys/net/nfs41conn
TCP_PORT=2050
N41_PORT=2049

out() { k "nfs41conn-bench: $*"; }
note() { k "nfs41conn-bench: note $*"; }

port_of() { if [ "$1" = tcp ]; then echo "$TCP_PORT"; else echo "$N41_PORT"; fi; }

# bmount LISTENER OPTIONS: mount the export through LISTENER.
bmount() {
	timeout 60 mount -t nfs4 -o "vers=4.1,port=$(port_of "$1"),$2" \
		127.0.0.1:/ "$MNT"
}

# A mount's connections are gone from the table before the next one:
# the runs do not overlap.
bumount() {
	umount "$MNT" || umount -f "$MNT"
	wait_for 20 table_empty_conns || note "connections left after umount: $(nr_conns)"
}
table_empty_conns() { [ "$(nr_conns)" = 0 ]; }

# run_py WHAT KEY=VALUE... -- ARGS: one measurement line, or a note.
run_py() {
	local what=$1 tags=() o
	shift
	while [ "$1" != -- ]; do
		tags+=("$1")
		shift
	done
	shift
	if o=$(python3 "$PY" "$@" 2>&1); then
		out "$what ${tags[*]} $o"
	else
		note "$what ${tags[*]} failed: $(tr '\n' ' ' <<<"$o")"
	fi
}

insmod_bench() {
	insmod "$MODS/nfs41conn_bench.ko" "$@" || note "insmod nfs41conn_bench $* failed"
	rmmod nfs41conn_bench 2>/dev/null
}

# The listeners, the files.
if ! nfsd_start || ! echo "tcp $TCP_PORT" >/proc/fs/nfsd/portlist; then
	note "nfsd did not start"
	exit 1
fi
out "setup threads=$(cat /proc/fs/nfsd/threads) listeners=$(tr '\n' ' ' </proc/fs/nfsd/portlist)"
head -c 4096 /dev/zero >"$EXPORT/small"

# a and c, interleaved.
for ((r = 1; r <= BENCH_ROUNDS; r++)); do
	if ((r % 2)); then order="tcp nfs41conn"; else order="nfs41conn tcp"; fi
	for l in $order; do
		if bmount "$l" noac; then
			run_py getattr "listener=$l" "round=$r" -- \
				getattr "$MNT/small" "$BENCH_GETATTR_OPS"
			bumount
		else
			note "mount $l noac failed"
		fi
		if bmount "$l" nconnect=4; then
			run_py io "listener=$l" "round=$r" nconnect=4 -- \
				io "$MNT/io" "$BENCH_MIB"
			rm -f "$MNT/io"
			bumount
		else
			note "mount $l nconnect=4 failed"
		fi
	done
	insmod_bench run=percall iters="$BENCH_ITERS" \
		stage_iters="$BENCH_STAGE_ITERS" scale="$BENCH_SCALE" \
		sample="$BENCH_SAMPLE"
done

# b
insmod_bench run=scale iters="$BENCH_SCALE_ITERS" rounds="$BENCH_ROUNDS" \
	scale="$BENCH_SCALE" sample="$BENCH_SAMPLE" \
	wide_sample="$BENCH_WIDE_SAMPLE"
for c in /sys/kernel/slab/kmalloc-[0-9]*; do
	[ -r "$c/object_size" ] || continue
	out "slab cache=${c##*/} object_size=$(cat "$c/object_size") slab_size=$(cat "$c/slab_size")"
done

# d: the limit.
default_limit=$(cat "$SYS/max_conns_per_session")
echo 2 >"$SYS/max_conns_per_session"
for ((r = 1; r <= BENCH_ROUNDS; r++)); do
	if ((r % 2)); then order="4 2"; else order="2 4"; fi
	for n in $order; do
		if bmount nfs41conn "nconnect=$n"; then
			run_py limit "round=$r" limit=2 "nconnect=$n" -- \
				io "$MNT/io" "$BENCH_LIMIT_MIB"
			rm -f "$MNT/io"
			bumount
		else
			note "mount nconnect=$n with limit 2 failed"
		fi
	done
done
echo "$default_limit" >"$SYS/max_conns_per_session"

# d: the drain, in each mode the sysctl takes (none: today's only one).
modes=()
if [ -w "$SYS/drain_mode" ]; then
	# nfsd_start (tests/lib.sh) set this namespace's to delay, for the
	# test windows: the module's default is a new namespace's.
	set_mode=$(cat "$SYS/drain_mode")
	default_mode=$(unshare -n cat "$SYS/drain_mode" 2>/dev/null) ||
		default_mode="?"
	for m in 0 1 2 3 4 5 6 7; do
		echo "$m" 2>/dev/null >"$SYS/drain_mode" || break
		modes+=("$m")
	done
	echo "$set_mode" >"$SYS/drain_mode"
	out "drain_modes default=$default_mode accepted=${modes[*]}"
else
	out "drain_modes default=delay accepted=none"
fi
mode_name() {
	case $1 in
	0) echo delay ;; 1) echo close ;; 2) echo reply-close ;;
	none) echo delay ;; *) echo "mode$1" ;;
	esac
}
runs=(nodrain "${modes[@]:-none}")
drain_at=$((BENCH_DRAIN_AT_MIB * 1048576))
for ((r = 1; r <= BENCH_ROUNDS; r++)); do
	# A different run first in each round.
	n=${#runs[@]}
	for ((i = 0; i < n; i++)); do
		run=${runs[$(((i + r - 1) % n))]}
		if [ "$run" != nodrain ] && [ "$run" != none ]; then
			echo "$run" >"$SYS/drain_mode"
		fi
		if ! bmount nfs41conn nconnect=4 ||
			! wait_for 20 sh -c '[ "$(grep -c "/fore\|/both" /proc/net/nfs41conn/connections)" -ge 4 ]'; then
			note "drain run $run: mount nconnect=4 failed"
			continue
		fi
		if [ "$run" = nodrain ]; then
			run_py drain "round=$r" mode=none -- \
				write "$MNT/dw" "$BENCH_MIB"
		else
			run_py drain "round=$r" "mode=$(mode_name "$run")" -- \
				write "$MNT/dw" "$BENCH_MIB" --drain-at "$drain_at" \
				--server-file "$EXPORT/dw"
		fi
		rm -f "$MNT/dw"
		# What a drain leaves behind shows when the mount goes: a call
		# stalled on the drained connection holds the unmount.
		t0=$(date +%s%N)
		bumount
		out "drain_umount round=$r mode=$(if [ "$run" = nodrain ]; then echo none; else mode_name "$run"; fi) umount_ns=$(($(date +%s%N) - t0))"
		[ -w "$SYS/drain_mode" ] && echo "$default_mode" >"$SYS/drain_mode"
	done
done

nfsd_stop || note "nfsd_stop failed"
out "done"
exit 0
