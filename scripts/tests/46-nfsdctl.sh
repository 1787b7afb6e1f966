#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfs41conn-window: integration nfsdctl
# nfs41conn-cost: 62 (seconds, measured; make check balances its lanes by it)
#
# What nfs-utils 2.8's nfsdctl does to an nfs41conn listener, on a kernel
# with nfsd's netlink listener API (6.10 and later; 6.1 has none, and
# nfsdctl then fails and the unit falls back to rpc.nfsd: 45-rpcnfsd.sh).
# nfsdnl.py sends the calls nfsdctl sends (Debian 12 has no nfsdctl).
# Documentation/admin-guide.rst explains each case; in short:
#   - "nfsdctl autostart" sets the versions first: nfsd refuses (EBUSY)
#     once a listener exists, so after the drop-in's ExecStartPre it stops
#     there, touching nothing, and the unit's "|| rpc.nfsd" starts threads;
#   - while threads run, every listener set is refused (EBUSY); when
#     none run, a set without nfs41conn replaces it;
#   - a set that names it (nfsdctl listener +..., which sends the current
#     listeners too) is refused, threads or not: the kernel takes only
#     tcp, udp and rdma (EPROTONOSUPPORT);
#   - threads 0 closes every listener, nfs41conn's too;
#   - with no listener configured, the first thread gets nfsd's own
#     defaults, tcp and udp on 2049: nfs.conf cannot make nfsdctl create
#     none, only move its own (port=);
#   - the recipe of the admin guide: nfsdctl on port 2050, then an
#     ExecStartPost writes "nfs41conn 2049" to portlist; a client mounts.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/unitlib.sh"

NL=(python3 "$(dirname "$0")/nfsdnl.py")
VERSIONS=(--version -3 --version +4.0 --version +4.1 --version +4.2)

# nl_fails ERRNO ARGS...: nfsdnl.py ARGS fails with ERRNO.
nl_fails() {
	local want=$1 out
	shift
	out=$("${NL[@]}" "$@") && {
		echo "succeeded: $out"
		return 1
	}
	grep -q "^$want " <<<"$out" || {
		echo "not $want: $out"
		return 1
	}
	echo "$out"
}

nl_ok() {
	local out
	out=$("${NL[@]}" "$@") || {
		echo "$out"
		return 1
	}
}

module_unused() {
	[ "$(cat /sys/module/nfs41conn/refcnt)" = 0 ] ||
		{ echo "refcnt $(cat /sys/module/nfs41conn/refcnt)"; return 1; }
}

# The drop-in's ExecStartPre lines (the admin guide's, for rpc.nfsd).
exec_start_pre() {
	echo "-2 -3 +4 +4.1 +4.2" >/proc/fs/nfsd/versions &&
		echo 10 >/proc/fs/nfsd/nfsv4gracetime &&
		echo "nfs41conn 2049" >/proc/fs/nfsd/portlist
}

setup() {
	insmod "$MODS/nfs41conn.ko" && nfsd_export && nl_ok listener ||
		return 1
	exec_start_pre
}

# Before 6.10 nfsd has no netlink listener API, and before 6.7 no nfsd
# family at all (6.1): nfsdctl fails and the unit falls back to rpc.nfsd,
# which 45-rpcnfsd.sh tests.  Check only that there.
no_listener_api() {
	if [ "$minor" -lt 7 ]; then
		nl_fails ENOENT listener
	else
		nl_fails EOPNOTSUPP listener
	fi
}
IFS=. read -r major minor _ <<<"$(uname -r)"
if [ "$major" = 6 ] && [ "$minor" -lt 10 ]; then
	t_plan 1
	t_check no_nfsd_netlink_listener_api no_listener_api
	exit 0
fi

t_plan 18
t_check drop_in_made_the_listener setup

# The unit: ExecStart=/bin/sh -c 'nfsdctl autostart || rpc.nfsd'.
autostart_stops_at_versions() {
	local out
	if ! out=$(nl_fails EBUSY autostart "${VERSIONS[@]}" \
		--listen tcp::2049 --threads 8); then
		echo "$out"
		return 1
	fi
	grep -q 'version-set' <<<"$out" || echo "$out"
	grep -q 'version-set' <<<"$out"
}
t_check autostart_stops_at_version_set_ebusy autostart_stops_at_versions
t_check autostart_left_nfs41conn_alone portlist_is "nfs41conn 2049"
fallback() { rpc.nfsd 8 && wait_for 10 threads_are 8; }
t_check rpc_nfsd_fallback_started_threads fallback
listener_get() {
	local out
	out=$("${NL[@]}" listener)
	if grep -qx 'nfs41conn:0.0.0.0:2049' <<<"$out" &&
		grep -qx 'nfs41conn:\[::\]:2049' <<<"$out"; then
		return 0
	fi
	echo "$out"
	return 1
}
t_check nfsdctl_listener_shows_nfs41conn listener_get
# While threads run, nfsd refuses every listener set (EBUSY), here the
# one autostart would send.
running_set() {
	nl_fails EBUSY listener-set tcp::2049 && portlist_is "nfs41conn 2049"
}
t_check listener_set_refused_while_threads_run running_set
# "nfsdctl listener +tcp::2050": the current listeners, and the new one.
add_refused() {
	nl_fails EPROTONOSUPPORT listener-add tcp::2050 &&
		portlist_is "nfs41conn 2049" && threads_are 8
}
t_check listener_add_refused_nfs41conn_class add_refused
# ExecStop=/bin/sh -c 'nfsdctl threads 0 || rpc.nfsd 0'.
threads_zero() {
	nl_ok threads 0 && portlist_is && module_unused
}
t_check threads_0_closed_nfs41conn_listener threads_zero

# No threads: a set naming nfs41conn is still refused; one without it
# replaces it.
add_refused_stopped() {
	exec_start_pre && portlist_is "nfs41conn 2049" &&
		nl_fails EPROTONOSUPPORT listener-add tcp::2050 &&
		portlist_is "nfs41conn 2049"
}
t_check listener_add_refused_without_threads add_refused_stopped
replaced() {
	nl_ok listener-set tcp::2049 && portlist_is "tcp 2049" &&
		module_unused
}
t_check listener_set_without_threads_replaced_nfs41conn replaced
emptied() { nl_ok listener-set && portlist_is; }
t_check empty_listener_set_closed_all emptied

# nfs.conf tcp=n (no listener configured): nfsd's defaults at the first
# thread (fs/nfsd/nfssvc.c nfsd_init_socks), and 2049 is taken.
defaults() {
	nl_ok autostart "${VERSIONS[@]}" --threads 8 &&
		portlist_is "tcp 2049" "udp 2049"
}
t_check no_listener_configured_gets_tcp_udp_2049 defaults
in_use() {
	! echo "nfs41conn 2049" 2>/dev/null >/proc/fs/nfsd/portlist &&
		portlist_is "tcp 2049" "udp 2049"
}
t_check nfs41conn_2049_then_in_use in_use
t_check defaults_stopped nl_ok threads 0

# The admin guide's drop-in for nfsdctl, nfs-server-nfs41conn-post.conf
# (its ExecStartPost line; the module is loaded already), with nfs.conf
# [nfsd] port=2050.
autostart_2050() {
	nl_ok autostart "${VERSIONS[@]}" --listen tcp::2050 --threads 8 &&
		portlist_is "tcp 2050" && threads_are 8
}
t_check autostart_on_port_2050 autostart_2050
post() {
	unit_run ExecStartPost "$(dirname "$0")/nfs-server-nfs41conn-post.conf" &&
		portlist_is "nfs41conn 2049" "tcp 2050"
}
t_check exec_start_post_added_nfs41conn post
two_conns() { [ "$(nr_conns)" = 2 ]; }
mounted() {
	mount_nfs vers=4.1,nconnect=2 && ls "$MNT" >/dev/null &&
		wait_for 10 two_conns
}
t_check mount_through_nfs41conn mounted
t_diag "$(cat /proc/fs/nfsd/portlist)" "$(table)"
t_check nfsd_stops nfsd_stop
