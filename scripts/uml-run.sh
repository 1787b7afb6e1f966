#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the User-Mode Linux test kernel once, with the host's / as its root
# (hostfs) and scripts/uml-init.sh, staged in the run directory, as init.
#
#   scripts/uml-run.sh [--verbose] <kdir> <rundir> <console-log> [timeout-s]
#
# <kdir>         UML build directory (holds the "linux" binary)
# <rundir>       run directory prepared by scripts/check.sh: uml-init.sh,
#                tests.d/, modules.  Must be outside /tmp, /run and
#                /var/lib/nfs, which init covers with tmpfs.
# <console-log>  the kernel console (and init's output) is written here
# timeout-s      the whole boot is killed after this long (default 900)
#                or once its console has been silent for
#                NFS41CONN_UML_SILENCE seconds (default 300): init prints
#                a line every 10 s while a window runs, so a silent
#                console is a hung kernel.  Before the kill, UML is asked
#                where it is (the host's view with gdb; SysRq w through
#                its management console, scripts/uml-sysrq.py): written
#                to the console log, and the first lines to stderr.
# --verbose      also copy the console to stdout as it is written
#
# Environment: NFS41CONN_UML_ARGS (more kernel parameters, split at
# white space), NFS41CONN_WINDOW_TIMEOUT (passed to uml-init.sh),
# NFS41CONN_UML_MEM_MB (default 1024).
#
# Exits with UML's status, or 124 if it timed out or hung.  Nothing is left
# running: the UML process group is killed when the run ends.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

verbose=0
if [ "${1:-}" = --verbose ]; then
	verbose=1
	shift
fi
if [ $# -lt 3 ] || [ $# -gt 4 ]; then
	die "usage: $0 [--verbose] <kdir> <rundir> <console-log> [timeout-seconds]"
fi
kdir=$(cd "$1" && pwd)
run=$(cd "$2" && pwd)
log=$3
limit=${4:-900}
linux=$kdir/linux

[ -x "$linux" ] || die "no UML kernel at $linux"
[ -x "$run/uml-init.sh" ] || die "no executable $run/uml-init.sh"
case $run in
/tmp | /tmp/* | /run | /run/* | /var/lib/nfs | /var/lib/nfs/* | /var/tmp | /var/tmp/*)
	die "run directory $run is hidden by tmpfs inside UML; use another" ;;
*[[:space:]]*)
	die "run directory $run contains white space" ;;
esac

# UML's "physical" memory is a file in TMPDIR, preferably tmpfs.  Use
# /dev/shm only when it has room for all of it (a container's is often
# 64 MB) and allows executable mappings; else the cache directory.
mem_mb=${NFS41CONN_UML_MEM_MB:-1024}
umltmp=$NFS41CONN_CACHE/uml-tmp
if [ -d /dev/shm ] && [ -w /dev/shm ] &&
	! grep -qE '^[^ ]+ /dev/shm [^ ]+ [^ ]*noexec' /proc/mounts &&
	[ "$(df -Pm /dev/shm | awk 'NR == 2 { print $4 }')" -gt $((mem_mb + 256)) ]; then
	umltmp=/dev/shm
fi
mkdir -p "$umltmp"
# UML's own state (pid file, mconsole socket) would go to ~/.uml.
umldir=$NFS41CONN_CACHE/uml-state
umid=nfs41conn-$$
mkdir -p "$umldir"

mkdir -p "$(dirname "$log")"
: >"$log"

# shellcheck disable=SC2054 # the commas are in con0=null,fd:1
cmdline=(mem="${mem_mb}M" root=/dev/root rootfstype=hostfs rootflags=/ rw
	init="$run/uml-init.sh" con=null con0=null,fd:1 printk.devkmsg=on
	uml_dir="$umldir" umid="$umid" NFS41CONN_RUN="$run")
# Extra kernel parameters, e.g. NFS41CONN_UML_ARGS=kunit.filter_glob=nfs41conn_xdr
if [ -n "${NFS41CONN_UML_ARGS:-}" ]; then
	read -r -a extra <<<"$NFS41CONN_UML_ARGS"
	cmdline+=("${extra[@]}")
fi
if [ -n "${NFS41CONN_WINDOW_TIMEOUT:-}" ]; then
	cmdline+=(NFS41CONN_WINDOW_TIMEOUT="$NFS41CONN_WINDOW_TIMEOUT")
fi

# SIGKILL on timeout, not SIGTERM: on SIGTERM UML tears itself down and
# prints splats of its own (close_devices, free_irq) into the test window
# that was running.  The subshell only keeps bash from printing "Killed".
silence=${NFS41CONN_UML_SILENCE:-300}
[[ $silence =~ ^[1-9][0-9]*$ ]] || die "NFS41CONN_UML_SILENCE=$silence is not a positive number"
started=$(date +%s)
(
	TMPDIR=$umltmp "$linux" "${cmdline[@]}" </dev/null >>"$log" 2>&1
	exit $?		# (a second command, so that bash forks, not execs)
) 2>/dev/null &
pid=$!
tailpid=
if [ "$verbose" = 1 ]; then
	tail -n +1 -f --pid="$pid" "$log" &
	tailpid=$!
fi

# UML's helper processes (one per process inside it, and more) are clones
# of it: same binary, same command line.  Whatever a crash or a timeout
# leaves behind is found by our umid and killed, nothing else.
# (/proc/PID/exe is the binary's real path: the cache may be a symlink.)
linux_exe=$(readlink -f "$linux")
uml_pids() {
	local p
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/exe" 2>/dev/null)" = "$linux_exe" ] || continue
		tr '\0' '\n' <"$p/cmdline" 2>/dev/null | grep -qx "umid=$umid" || continue
		echo "${p#/proc/}"
	done
}
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	local p
	for p in $(uml_pids); do
		kill -KILL "$p" 2>/dev/null || true
	done
	rm -rf "${umldir:?}/$umid"
}
trap cleanup EXIT

# Where a hung UML is: the host's view of its kernel process (the one
# whose parent is our subshell; the others run UML's user space), whose
# stack is the stack of the task UML runs; then the kernel's answer to
# SysRq w (tasks blocked).  Not t: on 6.1, printing a worker's name
# faults in UML (copy_from_kernel_nofault) and panics it.
where_hung() {
	local k

	k=$(pgrep -P "$pid" -x "$(basename "$linux" | cut -c1-15)" | head -n 1) || true
	if [ -n "$k" ]; then
		echo "nfs41conn-run: UML kernel process $k on the host: $(cut -d' ' -f3 "/proc/$k/stat" 2>/dev/null) in $(cat "/proc/$k/wchan" 2>/dev/null)"
		if command -v gdb >/dev/null; then
			timeout 60 gdb -p "$k" -batch -ex 'bt 40' 2>&1 | grep '^#' || true
		fi
	fi
	echo "nfs41conn-run: SysRq w through the management console:"
	timeout 60 python3 "$here/uml-sysrq.py" "$umldir/$umid/mconsole" w 2>&1 ||
		echo "nfs41conn-run: the management console did not answer"
}

hung=
while kill -0 "$pid" 2>/dev/null; do
	sleep 2
	now=$(date +%s)
	if [ $((now - started)) -ge "$limit" ]; then
		hung="timeout after $limit s"
	elif [ $((now - $(stat -c %Y "$log"))) -ge "$silence" ]; then
		hung="console silent for $silence s"
	fi
	[ -z "$hung" ] || break
done
if [ -n "$hung" ] && kill -0 "$pid" 2>/dev/null; then
	dump=$(where_hung | tr -d '\0')
	printf '%s\n' "$dump" >>"$log"
	msg "UML hung ($hung); where it was (all of it in $log):"
	printf '%s\n' "$dump" | head -n 60 >&2
	cleanup
fi

rc=0
wait "$pid" || rc=$?
if [ -n "$tailpid" ]; then
	wait "$tailpid" 2>/dev/null || true
fi
if [ -n "$hung" ]; then
	msg "UML killed: $hung"
	echo "nfs41conn-run: $hung, UML killed" >>"$log"
	rc=124
fi
exit "$rc"
