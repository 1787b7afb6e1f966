#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfs41conn-window: integration rpc.nfsd
# nfs41conn-cost: 61 (seconds, measured; make check balances its lanes by it)
#
# The admin guide's drop-ins for nfs-server.service, run line by line
# (unitlib.sh) with the host's real unit and rpc.nfsd: Debian 12's
# nfs-utils 2.6, and nfs-utils 2.8's fallback when nfsdctl cannot (6.1
# has no nfsd netlink family).  rpcbind runs, as the unit wants.
#   nfs-server-nfs41conn.conf: its ExecStartPre lines make the nfs41conn
#     listener; the unit's rpc.nfsd then starts the threads nfs.conf
#     asks for and leaves that listener the only one; a client mounts
#     through it; the unit's ExecStop closes it, a restart makes it again.
#   nfs-server-nfs41conn-post.conf, nfs.conf port=2050: rpc.nfsd opens
#     its own tcp listener on 2050, the ExecStartPost line adds
#     nfs41conn on 2049 while the threads run, a client mounts on 2049.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/unitlib.sh"

PRE=$(dirname "$0")/nfs-server-nfs41conn.conf
POST=$(dirname "$0")/nfs-server-nfs41conn-post.conf
UNIT=$(nfs_server_unit)

setup() {
	[ -n "$UNIT" ] || { echo "no nfs-server.service"; return 1; }
	wait_for 10 rpcinfo -p 127.0.0.1 >/dev/null || return 1
	exports_tmp
	# nfs-mountd.service, which nfs-server.service requires.
	rpc.mountd --no-udp || return 1
	nfs_conf_private "[nfsd]
threads=6"
}
# Outside t_check, which waits for its command's output to close.
mkdir -p /run/rpcbind
rpcbind -f >/dev/null 2>&1 &
RPCBIND=$!
t_plan 12
t_check rpcbind_mountd_nfs_conf setup

start() {
	unit_run ExecStartPre "$UNIT" "$@" && unit_run ExecStart "$UNIT" "$@" &&
		unit_run ExecStartPost "$UNIT" "$@"
}
stop() {
	unit_run ExecStop "$UNIT" "$@" && unit_run ExecStopPost "$UNIT" "$@"
}
two_bound() {
	[ "$(ids_bound fore | wc -l)" = 1 ] && [ "$(ids_bound both | wc -l)" = 1 ]
}
mount_through_nfs41conn() {
	mount_nfs vers=4.1,nconnect=2 && ls "$MNT" >/dev/null &&
		wait_for 10 two_bound
}

# The nfs41conn listener first, then rpc.nfsd.
started() {
	start "$PRE" && wait_for 10 threads_are 6 && portlist_is "nfs41conn 2049"
}
t_check pre_unit_started_6_threads_nfs41conn_only started
t_check pre_mount_through_nfs41conn mount_through_nfs41conn
# A portlist listener is not registered with rpcbind: an NFSv3 client
# must name the port.
t_diag "$(rpcinfo -p 127.0.0.1)"
stopped() {
	umount "$MNT" && stop "$1" && portlist_is && threads_are 0 &&
		wait_for 10 table_empty
}
t_check pre_unit_stop_closed_the_listener stopped "$PRE"
t_check pre_unit_restarted started
t_check pre_mount_again mount_through_nfs41conn
t_check pre_unit_stopped stopped "$PRE"
t_check module_unloads rmmod nfs41conn

# nfs-utils' own listener on 2050, then nfs41conn on 2049.
post_started() {
	nfs_conf_restore && nfs_conf_private "[nfsd]
threads=6
port=2050" && start "$POST" && threads_are 6 &&
		portlist_is "nfs41conn 2049" "tcp 2050"
}
t_check post_unit_started_tcp_2050_nfs41conn_2049 post_started
t_check post_mount_through_nfs41conn mount_through_nfs41conn
t_diag "$(cat /proc/fs/nfsd/portlist)" "$(table)"
t_check post_unit_stopped stopped "$POST"
cleanup() {
	rmmod nfs41conn || return 1
	pkill -x rpc.mountd
	kill "$RPCBIND"
	wait_for 10 sh -c '! pidof rpc.mountd rpcbind >/dev/null'
	nfs_conf_restore
}
t_check cleanup cleanup
