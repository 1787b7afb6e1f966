#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the User-Mode Linux test kernel (see scripts/uml-run.sh).
#
# The root filesystem is the host's / over hostfs, read-write: this script
# must not write to it.  Scratch space is tmpfs (/tmp, /run, /var/lib/nfs,
# a private /etc/exports); the only host directory a test may write to is
# the run directory, $NFS41CONN_RUN, which scripts/check.sh prepares.
#
# It runs every executable file in $NFS41CONN_RUN/tests.d/ in name order,
# each as one "test window", marked on the kernel log (hence on the console,
# in order with kernel messages) as
#
#	nfs41conn-check: BEGIN <name>
#	nfs41conn-check: END <name> rc=<exit status>
#
# and then "nfs41conn-check: ALL DONE", and powers off.  <name> is taken
# from a "# nfs41conn-window: <name>" line in the file, or is the file name.
# A window reports its results as KTAP on the kernel log: KUnit modules do
# that themselves; a shell test writes its KTAP lines to /dev/kmsg.
# scripts/ktap-report.py judges each window by what lies between its
# markers.
#
# Every window ends with a kmemleak scan (kmemleak_after below): the
# suspects kmemleak found are copied to a file in the run directory, which
# the window's last line names, and ktap-report.py fails the window if one
# of them was allocated by nfs41conn.
#
# A window runs with cwd a fresh directory on tmpfs, stdin /dev/null,
# stdout and stderr on the console, and in its environment NFS41CONN_RUN
# (the run directory) and NFS41CONN_WINDOW (its name).  Each is bounded by
# NFS41CONN_WINDOW_TIMEOUT seconds (default 600; 0: no limit).

PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH
umask 022

RUN=${NFS41CONN_RUN:-}
export NFS41CONN_RUN=$RUN

kmsg() {
	echo "nfs41conn-check: $*" >/dev/kmsg
}

power_off() {
	sync
	# On Debian poweroff is systemctl, which with a single -f may still
	# want a running systemd; -ff calls reboot(2) directly.  Without
	# systemd installed it may not exist at all: fall back to reboot(2)
	# from python3, then to sysrq.
	poweroff -f -f >/dev/null 2>&1
	poweroff -f >/dev/null 2>&1
	python3 -c 'import ctypes; ctypes.CDLL(None).reboot(0x4321fedc)' 2>/dev/null
	halt -f >/dev/null 2>&1
	echo o >/proc/sysrq-trigger 2>/dev/null
	# PID 1 must not exit (that panics the kernel); wait to be killed.
	while :; do sleep 60; done
}

# Mount $2 of type $1 on $3 if $3 exists.  Never creates directories on
# the host: a missing mount point is skipped.
mnt() {
	local type=$1 what=$2 where=$3
	shift 3
	[ -d "$where" ] || return 0
	mount -t "$type" "$@" "$what" "$where" ||
		echo "uml-init: mounting $type on $where failed" >&2
}

mnt proc proc /proc
mnt sysfs sysfs /sys
# devtmpfs is usually mounted by the kernel already (DEVTMPFS_MOUNT).
grep -q '^devtmpfs /dev ' /proc/mounts || mnt devtmpfs devtmpfs /dev
# bash's process substitution needs /dev/fd; made only on devtmpfs, never
# in the host's /dev.
if grep -q '^devtmpfs /dev ' /proc/mounts && [ ! -e /dev/fd ]; then
	ln -s /proc/self/fd /dev/fd
fi
mnt tmpfs tmpfs /tmp -o mode=1777
mnt tmpfs tmpfs /run -o mode=0755
mnt tmpfs tmpfs /var/lib/nfs -o mode=0755
mnt tmpfs tmpfs /var/tmp -o mode=1777
mnt debugfs debugfs /sys/kernel/debug
if grep -qw tracefs /proc/filesystems; then
	mnt tracefs tracefs /sys/kernel/tracing
fi
# Without tmpfs on /tmp and /run, a test would write to the host: run none.
for d in /tmp /run; do
	if ! grep -q "^tmpfs $d tmpfs " /proc/mounts; then
		kmsg "no tmpfs on $d: not running any test"
		kmsg "ALL DONE"
		power_off
	fi
done
# Private, empty exports: an nfsd test writes its own.
mkdir -p /run/nfs41conn
: >/run/nfs41conn/exports
if [ -f /etc/exports ]; then
	mount --bind /run/nfs41conn/exports /etc/exports
fi
if [ -d /etc/exports.d ]; then
	mnt tmpfs tmpfs /etc/exports.d -o mode=0755
fi
# Let tests write as many KTAP lines to /dev/kmsg as they like (the
# default rate limit drops all but 10 per open in 5 s).
echo on >/proc/sys/kernel/printk_devkmsg 2>/dev/null
hostname nfs41conn-uml 2>/dev/null
ip link set lo up 2>/dev/null

if [ -z "$RUN" ] || [ ! -d "$RUN/tests.d" ]; then
	kmsg "no run directory (NFS41CONN_RUN='$RUN')"
	kmsg "ALL DONE"
	power_off
fi

KMEMLEAK=/sys/kernel/debug/kmemleak

# The modules of this tree (nfs41conn and its KUnit modules) still loaded,
# the test modules first.
our_modules() {
	local ko m
	for ko in "$RUN"/modules/*_test.ko "$RUN"/modules/*.ko; do
		[ -f "$ko" ] || continue
		m=$(basename "$ko" .ko)
		grep -q "^$m " /proc/modules && echo "$m"
	done | awk '!seen[$0]++'
}

# After window $1: unload whatever of ours it left loaded (saying so: a
# window must unload what it loaded), then have kmemleak scan twice, some
# seconds apart, and copy its report to $RUN/kmemleak-<N>.txt.  Twice because
# kmemleak reports an object only if it is unreferenced in two scans in a
# row with the same contents, and only once it is MSECS_MIN_AGE (5 s) old:
# what the module allocated before its rmmod is old enough at the second.
# Once unloaded, a module's code has no symbols: kmemleak prints its
# return addresses as bare numbers, and ktap-report.py counts those as
# nfs41conn's (no other module is ever loaded here).
kmemleak_after() {
	local name=$1 left m t0 l report
	left=$(our_modules | tr '\n' ' ')
	if [ -n "$left" ]; then
		kmsg "LEFT LOADED $name: $left"
		for m in $left; do
			wait_for_rmmod "$m"
		done
	fi
	left=$(our_modules | tr '\n' ' ')
	if [ -n "$left" ]; then
		kmsg "KMEMLEAK $name: not scanned, cannot unload $left"
		return
	fi
	t0=$(date +%s%N)
	if ! echo scan 2>/dev/null >"$KMEMLEAK"; then
		kmsg "KMEMLEAK $name: not scanned, kmemleak is off"
		return
	fi
	# 5.5 s after the unload: everything of the module is old enough.
	l=$(((t0 + 5500000000 - $(date +%s%N)) / 1000000))
	[ "$l" -gt 0 ] && sleep "$((l / 1000)).$(printf %03d $((l % 1000)))"
	if ! echo scan 2>/dev/null >"$KMEMLEAK"; then
		kmsg "KMEMLEAK $name: not scanned, kmemleak is off"
		return
	fi
	# The report goes to the run directory, not the console: a kernel
	# with false suspects of its own (UML 6.1 has hundreds, its vmalloc'd
	# thread stacks) would take minutes to print them.
	kmemleak_nr=$((kmemleak_nr + 1))
	report=kmemleak-$kmemleak_nr.txt
	if ! cat "$KMEMLEAK" >"$RUN/$report"; then
		kmsg "KMEMLEAK $name: not scanned, cannot write $RUN/$report"
		return
	fi
	kmsg "KMEMLEAK $name: scanned in $((($(date +%s%N) - t0) / 1000000)) ms, report $report"
}
kmemleak_nr=0

# rmmod, retried for 10 s: a connection being closed may hold the module.
wait_for_rmmod() {
	local i
	for ((i = 0; i < 50; i++)); do
		rmmod "$1" 2>/dev/null && return 0
		sleep 0.2
	done
	rmmod "$1"
}

window_timeout=${NFS41CONN_WINDOW_TIMEOUT:-600}
n=0
for t in "$RUN"/tests.d/*; do
	if [ ! -f "$t" ] || [ ! -x "$t" ]; then
		continue
	fi
	n=$((n + 1))
	name=$(sed -n 's/^# nfs41conn-window: *//p' "$t" | head -n 1)
	[ -n "$name" ] || name=$(basename "$t")
	dir=/tmp/window-$n
	mkdir -p "$dir"
	# Lockdep reports only its first splat: after one, lock bugs pass
	# silently.  Say so, so that the report can.
	if grep -qE '^ *debug_locks: *0' /proc/lockdep_stats 2>/dev/null; then
		kmsg "lockdep off before $name"
	fi
	# Suspects from before this window are not its own.
	echo clear 2>/dev/null >"$KMEMLEAK"
	kmsg "BEGIN $name"
	# A heartbeat, which also pushes out a KUnit result line that would
	# otherwise stay unprinted if the next test case hangs (KUnit prints
	# it without a newline; printk holds it until the next message).
	(
		s=0
		while sleep 10; do
			s=$((s + 10))
			kmsg "RUNNING $name for $s s"
		done
	) &
	hb=$!
	if [ "$window_timeout" -gt 0 ] 2>/dev/null; then
		(cd "$dir" && NFS41CONN_WINDOW=$name \
			exec timeout -k 10 "$window_timeout" "$t") </dev/null
	else
		(cd "$dir" && NFS41CONN_WINDOW=$name exec "$t") </dev/null
	fi
	rc=$?
	kill "$hb" 2>/dev/null
	wait "$hb" 2>/dev/null
	kmemleak_after "$name"
	kmsg "END $name rc=$rc"
done

kmsg "ALL DONE"
power_off
