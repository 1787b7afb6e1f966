#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make demo": nfs41conn at work, in User-Mode Linux, on any machine.
#
# Does what "make check" does to get there - installs what is missing and
# builds the UML kernel once (scripts/uml-build.sh), builds nfs41conn.ko
# against it, boots it with the host's / as root (scripts/uml-run.sh,
# scripts/uml-init.sh: nothing on the host is modified) - but runs one
# window only, scripts/demo-window.sh: nfsd on the nfs41conn transport, an
# NFSv4.1 mount with nconnect=4, the connection table, one connection
# drained, the table again.  Its output is shown as it comes; the whole
# console is kept in $NFS41CONN_CACHE/demo/run/console.log.  Exits
# non-zero if a step failed or the kernel complained (the window is
# judged by scripts/ktap-report.py, as in "make check").
#
# Environment: NFS41CONN_CACHE and NFS41CONN_MODDIR as for scripts/check.sh;
# NFS41CONN_VERBOSE=1 shows the whole console instead.
set -euo pipefail
start=$(date +%s)
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

moddir=$(cd "${NFS41CONN_MODDIR:-$repo}" && pwd)
[ -f "$moddir/Kbuild" ] || die "no Kbuild in $moddir"

kdir=$("$here/uml-build.sh") || die "building the UML kernel failed"
ksrc=$(readlink -f "$kdir/source")

# One demo at a time; "make check" has its own directories.
demo=$NFS41CONN_CACHE/demo
mkdir -p "$demo"
exec 8>"$demo/.lock"
flock -n 8 || die "another make demo is running (lock $demo/.lock)"

# Build from a copy, as check.sh does: the work tree gets no build
# products.  nfs41conn.ko only: the KUnit module is not needed here.
build=$demo/build
copy_tree "$moddir" "$build"
msg "building nfs41conn.ko against $kdir"
if ! make -C "$kdir" ARCH=um M="$build" CONFIG_KUNIT= -j"$(nproc)" modules \
	>"$demo/build.log" 2>&1; then
	sed "s|$build/|$moddir/|g" "$demo/build.log" | tail -n 40
	die "module build failed; full log: $demo/build.log"
fi

run=$demo/run
rm -rf "$run"
mkdir -p "$run/modules" "$run/tests.d"
cp "$build/nfs41conn.ko" "$run/modules/"
cp "$here/uml-init.sh" "$run/"
cp "$moddir/scripts/tests/lib.sh" "$run/tests.d/lib.sh"
cp "$here/demo-window.sh" "$run/tests.d/50-demo.sh"
chmod +x "$run/uml-init.sh" "$run/tests.d/50-demo.sh"
out=$run/demo.out
: >"$out"

log=$run/console.log
msg "booting UML (console: $log)"
echo
verbose=()
[ "${NFS41CONN_VERBOSE:-0}" = 1 ] && verbose=(--verbose)
NFS41CONN_WINDOW_TIMEOUT=${NFS41CONN_WINDOW_TIMEOUT:-240} \
	"$here/uml-run.sh" ${verbose[@]+"${verbose[@]}"} "$kdir" "$run" "$log" \
	"${NFS41CONN_TIMEOUT:-300}" &
uml=$!
tailpid=
if [ ${#verbose[@]} = 0 ]; then
	tail -n +1 -f --pid="$uml" "$out" &
	tailpid=$!
fi
urc=0
wait "$uml" || urc=$?
if [ -n "$tailpid" ]; then
	wait "$tailpid" 2>/dev/null || true
fi
[ "$urc" = 0 ] || msg "UML exited with status $urc"

rrc=0
report=$(python3 "$here/ktap-report.py" "$log" --ksrc "$ksrc" --rundir "$run") ||
	rrc=$?
msg "demo took $(($(date +%s) - start)) s"
if [ "$rrc" != 0 ]; then
	printf '%s\n' "$report" >&2
	die "the demo did not work; console: $log"
fi
msg "every step worked: $(printf '%s\n' "$report" | tail -n 1)"
