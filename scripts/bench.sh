#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make bench": what nfs41conn costs, measured in one boot of the UML test
# kernel (scripts/uml-build.sh, scripts/uml-run.sh, scripts/uml-init.sh as
# make check uses them), and printed as a table of ratios, each with the
# min, median and max over interleaved rounds (scripts/bench/report.py).
# Not pass/fail: it fails only if the bench could not run or a figure is
# missing.  What is measured, and how: Documentation/bench.rst.
#
# Environment (defaults in brackets; .ci/run sets a small budget):
#   NFS41CONN_BENCH_ROUNDS       interleaved rounds of every figure [3]
#   NFS41CONN_BENCH_ITERS        calls timed per per-call measurement [1000000]
#   NFS41CONN_BENCH_STAGE_ITERS  calls per stage of its breakdown [100000]
#   NFS41CONN_BENCH_SCALE        table sizes, conns:sessions,...
#                                [1000:10000,100000:10000,1000000:100000]
#   NFS41CONN_BENCH_SCALE_ITERS  calls timed per point of the scale [200000]
#   NFS41CONN_BENCH_SAMPLE       connections drawn per point: as many at
#                                every size [1000]
#   NFS41CONN_BENCH_WIDE_SAMPLE  the scale again, drawing this many: a
#                                working set that grows with the table
#                                [65536; 0: not]
#   NFS41CONN_BENCH_GETATTR_OPS  stat() calls per GETATTR loop [30000]: enough
#                                10 ms ticks of nfsd CPU to count (~100)
#   NFS41CONN_BENCH_MIB          MiB written and read per I/O run [16]
#   NFS41CONN_BENCH_LIMIT_MIB    the same, for the limit's runs [8]
#   NFS41CONN_BENCH_DRAIN_AT_MIB drain once nfsd holds this much [4]
#   NFS41CONN_BENCH_MEM_MB       UML memory [4096]
#   NFS41CONN_BENCH_KERNEL       lean: the bench's kernel; debug: make
#                                check's, with KASAN, UBSAN, kmemleak and
#                                lockdep [lean]
#   NFS41CONN_BENCH_LEAN         debug kernel only: 1 boots it with
#                                kmemleak=off and lockdep.prove_locking=0
#                                (KASAN and UBSAN cannot be turned off at
#                                boot) [1]
#   NFS41CONN_WORK, NFS41CONN_CACHE, NFS41CONN_KERNEL, NFS41CONN_UML_ARGS
#                                as for make check (scripts/check.sh); the
#                                bench runs on one kernel series, the last
#                                of NFS41CONN_KERNEL [6.12]
set -euo pipefail
start=$(date +%s)
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

series=${NFS41CONN_KERNEL##* }
flavour=()
case ${NFS41CONN_BENCH_KERNEL:-lean} in
lean) flavour=(--lean) ;;
debug) ;;
*) die "NFS41CONN_BENCH_KERNEL is lean or debug, not '$NFS41CONN_BENCH_KERNEL'" ;;
esac
kdir=$("$here/uml-build.sh" "${flavour[@]}" "$series") ||
	die "building the UML kernel failed"

lock_work_dir bench

build=$work/bench-build
copy_tree "$repo" "$build"
blog=$work/bench-build.log
msg "building the modules against $kdir"
if ! make -C "$kdir" ARCH=um M="$build" -j"$(nproc)" modules >"$blog" 2>&1; then
	tail -n 40 "$blog"
	die "module build failed; full log: $blog"
fi

run=$work/bench-run
rm -rf "$run"
mkdir -p "$run/modules" "$run/tests.d"
for m in nfs41conn nfs41conn_bench; do
	f=$(find "$build" -name "$m.ko" -print -quit)
	[ -n "$f" ] || die "$m.ko not built (does $kdir have CONFIG_KUNIT?)"
	cp "$f" "$run/modules/"
done
cp "$here/uml-init.sh" "$run/"
chmod +x "$run/uml-init.sh"
cp "$here/bench/window.sh" "$run/tests.d/50-bench.sh"
chmod +x "$run/tests.d/50-bench.sh"
cp "$here/tests/lib.sh" "$here/bench/nfsbench.py" "$run/tests.d/"
chmod -x "$run/tests.d/lib.sh" "$run/tests.d/nfsbench.py"

rounds=${NFS41CONN_BENCH_ROUNDS:-3}
cat >"$run/bench.conf" <<EOF
BENCH_ROUNDS=$rounds
BENCH_ITERS=${NFS41CONN_BENCH_ITERS:-1000000}
BENCH_STAGE_ITERS=${NFS41CONN_BENCH_STAGE_ITERS:-100000}
BENCH_SCALE=${NFS41CONN_BENCH_SCALE:-1000:10000,100000:10000,1000000:100000}
BENCH_SCALE_ITERS=${NFS41CONN_BENCH_SCALE_ITERS:-200000}
BENCH_SAMPLE=${NFS41CONN_BENCH_SAMPLE:-1000}
BENCH_WIDE_SAMPLE=${NFS41CONN_BENCH_WIDE_SAMPLE:-65536}
BENCH_GETATTR_OPS=${NFS41CONN_BENCH_GETATTR_OPS:-30000}
BENCH_MIB=${NFS41CONN_BENCH_MIB:-16}
BENCH_LIMIT_MIB=${NFS41CONN_BENCH_LIMIT_MIB:-8}
BENCH_DRAIN_AT_MIB=${NFS41CONN_BENCH_DRAIN_AT_MIB:-4}
EOF
# Only numbers: the file is sourced inside UML.
grep -qvE '^[A-Z_]+=[0-9:,]+$' "$run/bench.conf" &&
	die "NFS41CONN_BENCH_* take numbers (and conns:sessions lists): $(grep -vE '^[A-Z_]+=[0-9:,]+$' "$run/bench.conf")"

args=()
if [ "${NFS41CONN_BENCH_LEAN:-1}" = 1 ]; then
	# Only what this kernel has: an unknown option without a dot would
	# reach init's environment.
	if grep -qx 'CONFIG_DEBUG_KMEMLEAK=y' "$kdir/.config"; then
		args+=(kmemleak=off)
	fi
	if grep -qx 'CONFIG_PROVE_LOCKING=y' "$kdir/.config"; then
		args+=(lockdep.prove_locking=0)
	fi
fi
[ -z "${NFS41CONN_UML_ARGS:-}" ] || args+=("$NFS41CONN_UML_ARGS")
console=$run/console.log
msg "booting UML (${NFS41CONN_BENCH_MEM_MB:-4096} MiB, ${args[*]:-no extra arguments}); console: $console"
urc=0
NFS41CONN_UML_MEM_MB=${NFS41CONN_BENCH_MEM_MB:-4096} \
	NFS41CONN_UML_ARGS="${args[*]}" NFS41CONN_WINDOW_TIMEOUT=1500 \
	"$here/uml-run.sh" "$kdir" "$run" "$console" 1800 || urc=$?
[ "$urc" = 0 ] || msg "UML exited with status $urc"

rc=0
python3 "$here/bench/report.py" "$console" --config "$kdir/.config" \
	--rounds "$rounds" || rc=$?
msg "bench took $(($(date +%s) - start)) s; console: $console"
exit "$rc"
