#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make check": for each kernel series in NFS41CONN_KERNEL (default: every
# supported one, 6.1 and 6.12), build nfs41conn.ko and its KUnit modules
# against the cached User-Mode Linux kernel of that series
# (scripts/uml-build.sh), boot that kernel with the
# host's / as its root (scripts/uml-init.sh keeps every write on tmpfs or
# in the run directory: nothing on the host is modified), run every test
# window in it (in several UML instances at once), and judge the consoles:
# scripts/ktap-report.py prints each suite's result and, last,
# "N passed, N failed".  Exits non-zero on any failed test case, any
# missing result (crash, hang, timeout), any kernel splat (BUG, WARNING,
# lockdep, ...) inside a test window, and on any build warning (W=1).
#
# Test windows (see scripts/uml-init.sh), each lane's in name order:
#   10-kunit-<m>.sh  generated, one per KUnit module <m> (a module of this
#                    tree named *_test): loads nfs41conn.ko then <m>.ko (the
#                    suites run at load), unloads both; an unload failure
#                    is reported as a failed KTAP case.
#   scripts/tests/*  if that directory exists, its contents are staged
#                    into tests.d/ too: each executable file there is a
#                    window (an integration test writing KTAP to
#                    /dev/kmsg), other files are its helpers.  Name them
#                    NN-name.sh to order them against the KUnit windows.
#                    A "# nfs41conn-cost: <seconds>" line says how long
#                    a window takes; the lanes are balanced by it.
#
# The kernels are checked one after the other; each result line is marked
# with its kernel ("[6.1] ok ..."), and the last line counts them all.
#
# Environment:
#   NFS41CONN_KERNEL   the kernel series to check, e.g. "6.12" while
#                      developing (default: "6.1 6.12")
#   NFS41CONN_CACHE    cache directory (default /var/cache/nfs41conn as
#                      root)
#   NFS41CONN_WORK     where the build copies, the logs and the run
#                      directories ($NFS41CONN_WORK/<series>/run) go
#                      (default: NFS41CONN_CACHE);
#                      two checks with different NFS41CONN_WORK may run at
#                      once and share the kernel build
#   NFS41CONN_WINDOWS  run only the windows whose names match one of these
#                      shell patterns, e.g. "*limit* 10-kunit-*"
#   NFS41CONN_MODDIR   module tree to build and test (default: this repo)
#   NFS41CONN_TIMEOUT  limit for the whole UML run in seconds (default 900)
#   NFS41CONN_WINDOW_TIMEOUT  limit per window inside UML (default 600)
#   NFS41CONN_VERBOSE=1  show the UML console while it runs
#   NFS41CONN_UML_ARGS extra kernel parameters, e.g. to run some suites only:
#                      NFS41CONN_UML_ARGS=kunit.filter_glob=nfs41conn_xdr
#   NFS41CONN_LANES    UML instances the windows are dealt out to, each
#                      booted at once with its own run directory
#                      $NFS41CONN_WORK/<series>/run/lane<N> (default 3)
set -euo pipefail
start=$(date +%s)
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

finished=0
# Whatever happens, the last line printed is "N passed, N failed".
finish() {
	local passed=$1 failed=$2 rc=$3
	finished=1
	msg "check took $(($(date +%s) - start)) s"
	echo "$passed passed, $failed failed"
	exit "$rc"
}
# shellcheck disable=SC2317 # called by the trap
on_exit() {
	local rc=$?
	[ "$finished" = 1 ] && return
	finished=1
	msg "check aborted (status $rc)"
	msg "check took $(($(date +%s) - start)) s"
	echo "0 passed, 1 failed"
	exit 1
}
trap on_exit EXIT

moddir=$(cd "${NFS41CONN_MODDIR:-$repo}" && pwd)
[ -f "$moddir/Kbuild" ] || die "no Kbuild in $moddir"
uml_visible NFS41CONN_CACHE "$NFS41CONN_CACHE"

# One check at a time: the build copy and the run directory are shared.
lock_work_dir check
# A failure that ends the check of one kernel: it counts as one failed
# case, and the other kernels are still checked.
kernel_failed() {
	msg "$series: $*"
	failed=$((failed + 1))
	rc=1
}

# check_kernel SERIES: build the UML kernel of SERIES and the modules
# against it, run the windows in it, and add its results to passed and
# failed.  Its build copy and run directory are in $work/SERIES/.
check_kernel() {
	local series=$1
	local kdir ksrc build blog mods main_mod have_main kunit_mods run rawlog
	local lanes windows helpers load verbose pids lane want keep pat
	local m o f l w cost best urc rrc report last
	local passed0=$passed failed0=$failed

	msg "checking on the UML $series kernel"
	kdir=$("$here/uml-build.sh" "$series") ||
		{ kernel_failed "building the UML kernel failed"; return; }
	ksrc=$(readlink -f "$kdir/source")
	[ -f "$ksrc/tools/testing/kunit/kunit_parser.py" ] ||
		{ kernel_failed "kernel source not found at $kdir/source"; return; }

	# Build from a fresh copy of the tree, so that a warning cannot hide in an
	# object left from an earlier build.
	build=$work/$series/build
	mkdir -p "$work/$series"
	copy_tree "$moddir" "$build"
	blog=$work/$series/build.log
	msg "building the modules (W=1) against the UML $series kernel"
	if ! make -C "$kdir" ARCH=um M="$build" W=1 -j"$(nproc)" modules >"$blog" 2>&1; then
		sed "s|$build/|$moddir/|g" "$blog" | tail -n 40
		kernel_failed "module build failed; full log: $blog"
		return
	fi
	if grep -qE 'warning:|WARNING:' "$blog"; then
		grep -E -A4 'warning:|WARNING:' "$blog" | sed "s|$build/|$moddir/|g" | head -n 60
		kernel_failed "the module build has warnings (W=1 must be clean); full log: $blog"
		return
	fi

	# Which modules were built, from modules.order: "<dir>/<name>.o",
	# "<name>.o" or "<dir>/<name>.ko" per line, depending on the kernel.
	mods=()
	while read -r o; do
		o=${o%.o}
		o=${o%.ko}
		mods+=("${o##*/}")
	done <"$build/modules.order"
	main_mod=nfs41conn
	have_main=0
	kunit_mods=()
	for m in "${mods[@]}"; do
		[ "$m" = "$main_mod" ] && have_main=1
		case $m in *_test) kunit_mods+=("$m") ;; esac
	done
	[ "$have_main" = 1 ] || { kernel_failed "the build made no $main_mod.ko"; return; }

	# The run directory: everything UML needs, outside /tmp (tmpfs inside UML)
	# and outside the work tree (which may itself be under /tmp).
	run=$work/$series/run
	rm -rf "$run"
	mkdir -p "$run/modules" "$run/tests.d"
	for m in "${mods[@]}"; do
		f=$(find "$build" -name "$m.ko" -print -quit)
		[ -n "$f" ] || die "$m.ko not found in $build"
		cp "$f" "$run/modules/"
	done
	cp "$here/uml-init.sh" "$run/"
	chmod +x "$run/uml-init.sh"

	# The raw NFSv4.1 test client (scripts/tests/60-raw.sh): a host program,
	# which UML runs from the run directory.
	rawlog=$work/$series/nfs41raw.log
	mkdir -p "$run/bin"
	if ! make -C "$build/scripts/nfs41raw" OUT="$run/bin" >"$rawlog" 2>&1; then
		sed "s|$build/|$moddir/|g" "$rawlog" | tail -n 40
		kernel_failed "building scripts/nfs41raw failed; full log: $rawlog"
		return
	fi

	for m in ${kunit_mods[@]+"${kunit_mods[@]}"}; do
		cat >"$run/tests.d/10-kunit-$m.sh" <<EOF
#!/bin/bash
# nfs41conn-window: kunit $m
# Generated by scripts/check.sh: the suites of $m.ko run when it is
# loaded and print their KTAP on the kernel log.
mods=\$NFS41CONN_RUN/modules
insmod "\$mods/$main_mod.ko" || exit 1
insmod "\$mods/$m.ko" || { rmmod $main_mod; exit 2; }
# Unloading must work too: report a failure as a KTAP test case.
bad=()
rmmod $m || bad+=("rmmod_$m")
rmmod $main_mod || bad+=("rmmod_$main_mod")
if [ \${#bad[@]} -gt 0 ]; then
	{
		echo "KTAP version 1"
		echo "1..\${#bad[@]}"
		n=0
		for t in "\${bad[@]}"; do
			n=\$((n + 1))
			echo "not ok \$n \$t"
		done
	} | while IFS= read -r l; do echo "\$l" >/dev/kmsg; done
fi
exit 0
EOF
		chmod +x "$run/tests.d/10-kunit-$m.sh"
	done
	if [ -d "$moddir/scripts/tests" ]; then
		cp -a "$moddir/scripts/tests/." "$run/tests.d/"
	fi
	[ -n "$(ls -A "$run/tests.d")" ] || die "no test windows: no KUnit module was built"
	# NFS41CONN_WINDOWS: drop the windows that match none of its patterns.
	if [ -n "${NFS41CONN_WINDOWS:-}" ]; then
		read -r -a want <<<"$NFS41CONN_WINDOWS"
		for f in "$run/tests.d"/*; do
			[ -f "$f" ] && [ -x "$f" ] || continue
			keep=0
			for pat in "${want[@]}"; do
				# shellcheck disable=SC2053 # a pattern, on purpose
				[[ ${f##*/} == $pat ]] && keep=1
			done
			[ "$keep" = 1 ] || rm -f "$f"
		done
	fi

	# The windows run in NFS41CONN_LANES UML instances at once (default 3):
	# most windows wait on timers and the network rather than compute, so
	# two cores carry three kernels.  Each lane is a
	# run directory of its own, with the modules, the helper files of
	# tests.d/ and its share of the windows.
	lanes=${NFS41CONN_LANES:-3}
	[[ $lanes =~ ^[1-9][0-9]*$ ]] || die "NFS41CONN_LANES=$lanes is not a positive number"
	windows=()
	helpers=()
	for f in "$run/tests.d"/*; do
		if [ -f "$f" ] && [ -x "$f" ]; then
			windows+=("${f##*/}")
		else
			helpers+=("$f")
		fi
	done
	[ "${#windows[@]}" -gt 0 ] || die "no test window matches NFS41CONN_WINDOWS=$NFS41CONN_WINDOWS"
	[ "${#windows[@]}" -lt "$lanes" ] && lanes=${#windows[@]}
	for ((l = 0; l < lanes; l++)); do
		lane=$run/lane$l
		mkdir -p "$lane/tests.d"
		cp -a "$run/modules" "$run/bin" "$run/uml-init.sh" "$lane/"
		[ "${#helpers[@]}" = 0 ] || cp -a "${helpers[@]}" "$lane/tests.d/"
	done
	# Longest first, each to the lane with the least work so far, by the
	# seconds a window says it takes ("# nfs41conn-cost: <s>"; default 5).
	declare -a load
	for ((l = 0; l < lanes; l++)); do load[l]=0; done
	while read -r cost w; do
		best=0
		for ((l = 1; l < lanes; l++)); do
			if [ "${load[l]}" -lt "${load[best]}" ]; then
				best=$l
			fi
		done
		load[best]=$((load[best] + cost))
		mv "$run/tests.d/$w" "$run/lane$best/tests.d/"
	done < <(for w in "${windows[@]}"; do
		cost=$(sed -n 's/^# nfs41conn-cost: *\([0-9][0-9]*\).*/\1/p' \
			"$run/tests.d/$w" | head -n 1)
		echo "${cost:-5} $w"
	done | sort -k1,1nr -k2,2)

	verbose=()
	[ "${NFS41CONN_VERBOSE:-0}" = 1 ] && verbose=(--verbose)
	msg "booting $lanes UML $series instance(s) for ${#windows[@]} test window(s); consoles: $run/lane*/console.log"
	pids=()
	for ((l = 0; l < lanes; l++)); do
		"$here/uml-run.sh" ${verbose[@]+"${verbose[@]}"} "$kdir" "$run/lane$l" \
			"$run/lane$l/console.log" "${NFS41CONN_TIMEOUT:-900}" &
		pids+=($!)
	done
	for l in "${!pids[@]}"; do
		urc=0
		wait "${pids[$l]}" || urc=$?
		[ "$urc" = 0 ] || msg "UML of lane $l exited with status $urc"
	done

	# Each lane's console judged alone; the counts add up, and each line
	# says which kernel it is from.
	for ((l = 0; l < lanes; l++)); do
		rrc=0
		report=$(python3 "$here/ktap-report.py" "$run/lane$l/console.log" \
			--ksrc "$ksrc" --rundir "$run/lane$l") || rrc=$?
		# File names as in the tree, not in the build copy.
		report=${report//"$build/"/"$moddir/"}
		last=$(printf '%s\n' "$report" | tail -n 1)
		if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
			printf '%s\n' "$report" | sed -e '$d' -e "s/^/[$series] /"
			passed=$((passed + BASH_REMATCH[1]))
			failed=$((failed + BASH_REMATCH[2]))
		else
			printf '%s\n' "$report" | sed "s/^/[$series] /"
			msg "ktap-report.py failed on lane $l (status $rrc)"
			failed=$((failed + 1))
		fi
		[ "$rrc" = 0 ] || rc=1
	done
	msg "$series: $((passed - passed0)) passed, $((failed - failed0)) failed"
}

passed=0
failed=0
rc=0
read -r -a kernels <<<"$NFS41CONN_KERNEL"
[ "${#kernels[@]}" -gt 0 ] || die "NFS41CONN_KERNEL is empty"
for series in "${kernels[@]}"; do
	check_kernel "$series"
done
finish "$passed" "$failed" "$rc"
