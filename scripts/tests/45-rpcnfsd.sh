#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfs41conn-window: integration rpc.nfsd
# nfs41conn-cost: 14 (seconds, measured; make check balances its lanes by it)
#
# The set-up of Documentation/admin-guide.rst for servers started by
# rpc.nfsd (nfs-server.service): the nfs41conn listener is created first,
# then rpc.nfsd starts the threads and leaves the listener alone, opening
# no "tcp" one of its own.  A client then mounts through nfs41conn.
. "$(dirname "$0")/lib.sh"

listeners() { cat /proc/fs/nfsd/portlist; }

only_nfs41conn_listeners() {
	listeners | grep -q '^nfs41conn 2049$' && ! listeners | grep -qv '^nfs41conn '
}

threads_running() { [ "$(cat /proc/fs/nfsd/threads)" = 8 ]; }

t_plan 5
setup() {
	insmod "$MODS/nfs41conn.ko" || return 1
	mkdir -p "$EXPORT" "$MNT"
	echo "$EXPORT *(rw,no_root_squash,fsid=0,insecure,no_subtree_check)" \
		>/etc/exports
	mountpoint -q /proc/fs/nfsd || mount -t nfsd nfsd /proc/fs/nfsd ||
		return 1
	exportfs -ra && rpc.mountd -N 2 -N 3 --no-udp || return 1
	# What the drop-in's ExecStartPre lines do (no rpcbind here: no v3).
	echo "-2 -3 +4 +4.1 +4.2" >/proc/fs/nfsd/versions &&
		echo "nfs41conn 2049" >/proc/fs/nfsd/portlist
}
t_check listener_created_before_rpc_nfsd setup
# rpc.nfsd cannot set the versions any more, and says so: expected.
rpc.nfsd 8 >/tmp/rpc.nfsd.out 2>&1
t_diag "rpc.nfsd: status $?; $(cat /tmp/rpc.nfsd.out)"
t_check rpc_nfsd_started_threads wait_for 10 threads_running
t_check rpc_nfsd_left_only_nfs41conn_listeners only_nfs41conn_listeners
two_bound() {
	[ "$(conns | grep -c '/fore$')" = 1 ] && [ "$(conns | grep -c '/both$')" = 1 ]
}
mount_through_nfs41conn() {
	mount_nfs vers=4.1,nconnect=2 && ls "$MNT" >/dev/null &&
		wait_for 10 two_bound
}
t_check mount_through_nfs41conn mount_through_nfs41conn
t_diag "$(listeners)" "$(table)"
t_check nfsd_stops nfsd_stop
