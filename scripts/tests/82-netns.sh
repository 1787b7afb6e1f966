#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfs41conn-window: interface netns
# nfs41conn-cost: 16 (seconds, measured; make check balances its lanes by it)
#
# Two nfsd instances on the nfs41conn class, one in init_net and one in a
# second network namespace (own loopback, own nfsd filesystem, exports,
# rpc.mountd and threads), each mounted from its own namespace with a
# different nconnect.  Each namespace's /proc/net/nfs41conn shows its own
# connections and sessions only, checked against its own ss; IDs are
# counted per namespace; drain and the sysctl act in their own namespace
# only; I/O in one is counted there only.  Deleting the second namespace
# with its nfsd still running releases all it held (module references,
# nfsd threads), with no splat, and leaves init_net's mount working.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=iflib.sh
. "$(dirname "$0")/iflib.sh"

B_EXPORT=/tmp/export-b
B_MNT=/tmp/mnt-b
B_EXPORTS=/run/nfs41conn/exports-b
TESTS=$(cd "$(dirname "$0")" && pwd)

# in_b COMMAND...: run COMMAND in the second namespace (network and mount).
in_b() { nsenter -F -t "$holder" -n -m "$@"; }
# in_b_lib SCRIPT: run the bash SCRIPT there, with lib.sh's and iflib.sh's
# helpers.
in_b_lib() { in_b bash -c ". $TESTS/lib.sh && . $TESTS/iflib.sh && $1"; }

no_process_in_b() {
	local p left=
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/ns/net" 2>/dev/null)" = "$b_net" ] &&
			left+=" ${p#/proc/} $(cat "$p/comm")"
	done
	[ -z "$left" ] && return 0
	echo "left in B:$left"
	return 1
}

refcnt() { cat /sys/module/nfs41conn/refcnt; }
nr_nfsd_threads() { pgrep -x nfsd | wc -l; }
ids() { conn_column id | sort -n | tr '\n' ' '; }

# The listing of this namespace against this namespace's ss: N
# connections, their client ports those ss sees, the session they name
# the one session listed, and nfsd knows one client.
own_view() {
	local n=$1 listed seen
	listed=$(listed_ports 127.0.0.1)
	seen=$(client_ports 127.0.0.1)
	if [ "$listed" != "$seen" ] || [ "$(wc -l <<<"$seen")" != "$n" ]; then
		echo "$(hostname) net $(readlink /proc/self/ns/net): listed ports ${listed//$'\n'/ }, ss ${seen//$'\n'/ }, expected $n"
		return 1
	fi
	[ "$(nr_conns)" = "$n" ] && [ "$(nr_sessions)" = 1 ] &&
		[ "$(listed_sids)" = "$(session_column session)" ] &&
		check_session_counts &&
		[ "$(find /proc/fs/nfsd/clients -mindepth 1 -maxdepth 1 -type d | wc -l)" = 1 ]
}

nfsd_start_b() {
	mkdir -p "$B_EXPORT" "$B_MNT"
	echo "$B_EXPORT *(rw,no_root_squash,fsid=0,insecure,no_subtree_check)" \
		>"$B_EXPORTS"
	in_b sh -c "ip link set lo up &&
		mount --bind $B_EXPORTS /etc/exports &&
		mount -t tmpfs tmpfs /var/lib/nfs &&
		mount -t nfsd nfsd /proc/fs/nfsd &&
		exportfs -ra" || return 1
}

nfsd_threads_b() {
	in_b sh -c 'echo "-2 -3 +4 +4.1 +4.2" >/proc/fs/nfsd/versions &&
		echo 10 >/proc/fs/nfsd/nfsv4gracetime &&
		echo "nfs41conn 2049" >/proc/fs/nfsd/portlist &&
		echo 4 >/proc/fs/nfsd/threads' &&
		[ "$(in_b grep -c '^nfs41conn 2049$' /proc/fs/nfsd/portlist)" = 2 ] &&
		[ "$(in_b cat /proc/fs/nfsd/threads)" = 4 ]
}

# I/O in B is counted in B's table and not in init_net's.
io_counted_in_b_only() {
	local b0 i0 b1 i1
	b0=$(in_b_lib total_calls)
	i0=$(total_calls)
	in_b sh -c "dd if=/tmp/data of=$B_MNT/data bs=1M conv=fsync status=none &&
		echo 3 >/proc/sys/vm/drop_caches && cmp /tmp/data $B_MNT/data" ||
		return 1
	b1=$(in_b_lib total_calls)
	i1=$(total_calls)
	echo "calls: B $b0 -> $b1, init_net $i0 -> $i1"
	# 4 MiB need 4 WRITEs at least; an idle client may renew its lease.
	[ $((b1 - b0)) -ge 4 ] && [ $((i1 - i0)) -lt 4 ]
}

drain_in_b_only() {
	local b
	in_b_lib "drain_expect ok 'drain id 1'" || return 1
	b=$(in_b_lib "conn_field 1 state")
	if [ "$b" != draining ] || [ "$(conn_field 1 state)" != open ]; then
		echo "connection 1: $b in B, $(conn_field 1 state) in init_net"
		return 1
	fi
	in_b_lib "drain_expect ok 'undrain id 1'"
}

sysctl_in_b_only() {
	in_b sh -c "echo 3 >$SYS/max_conns_per_session" &&
		[ "$(in_b_lib "session_column limit")" = 3 ] &&
		[ "$(session_column limit)" = 16 ]
}

# Both tables count from 1: B's first three connections are 1, 2, 3,
# whatever init_net has handed out.
ids_per_netns() {
	local a b
	a=$(ids)
	b=$(in_b_lib "$(declare -f ids); ids")
	[ "$a" = "1 2 " ] && [ "$b" = "1 2 3 " ] && return 0
	echo "IDs: init_net $a, B $b"
	return 1
}

unmount_b() {
	in_b umount "$B_MNT" && wait_for 10 in_b_lib table_empty
}

init_still_works() {
	bound 2 && own_view 2 && write_data data && read_back data
}

t_plan 18
t_check nfsd_starts nfsd_start
t_check mount_nconnect_2 mount_nfs vers=4.1,nconnect=2
t_check init_net_two_bound wait_for 10 bound 2
refs_init=$(refcnt)
threads_init=$(nr_nfsd_threads)

# The second namespace: network and mount, held by a sleeping process.
unshare -n -m --propagation private sleep 3600 &
holder=$!
wait_for 5 sh -c "[ \"\$(readlink /proc/$holder/ns/net)\" != \"\$(readlink /proc/self/ns/net)\" ]"
t_check netns_b_nfsd_fs nfsd_start_b
# Not through in_b: $! must be rpc.mountd itself, not a subshell.
nsenter -F -t "$holder" -n -m rpc.mountd -F -N 2 -N 3 --no-udp \
	>/dev/null 2>&1 &
mountd_b=$!
t_check netns_b_nfsd_listens_on_nfs41conn nfsd_threads_b
t_check netns_b_mount_nconnect_3 in_b timeout 60 mount -t nfs4 \
	-o vers=4.1,nconnect=3 127.0.0.1:/ "$B_MNT"
t_check netns_b_three_bound in_b_lib "wait_for 10 bound 3"

t_check init_net_sees_only_its_own own_view 2
t_check netns_b_sees_only_its_own in_b_lib "$(declare -f own_view); own_view 3"
t_check ids_per_netns ids_per_netns
make_data 4
t_check io_counted_in_b_only io_counted_in_b_only
# The drain, not the drain close (35-drain-close.sh) or the close of
# drain_mode reply-close: on a slow kernel the close could come before
# the undrain.
in_b sh -c "echo 0 >$SYS/drain_close_idle_ms && echo 0 >$SYS/drain_mode"
t_check drain_in_b_only drain_in_b_only
t_check sysctl_in_b_only sysctl_in_b_only
t_check netns_b_unmount_empties_its_table unmount_b
t_diag "before deleting B: module refcnt $(refcnt) (init_net alone: $refs_init), $(nr_nfsd_threads) nfsd threads (init_net alone: $threads_init)"

# Delete B with its nfsd running: the last process in its namespaces
# goes, its nfsd filesystem is unmounted, nfsd shuts down there and the
# namespace is dismantled.
b_net=$(readlink "/proc/$holder/ns/net")
kill "$mountd_b" "$holder"
wait "$mountd_b" "$holder" 2>/dev/null
t_check no_process_left_in_b wait_for 5 no_process_in_b
t_check netns_b_deleted_releases_all wait_for 30 sh -c \
	"[ \$(cat /sys/module/nfs41conn/refcnt) = $refs_init ] && [ \$(pgrep -x nfsd | wc -l) = $threads_init ]"
t_diag "after: module refcnt $(refcnt), $(nr_nfsd_threads) nfsd threads"
t_check init_net_unaffected init_still_works
t_check nfsd_stops nfsd_stop
