#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfs41conn-window: integration ipv6
# nfs41conn-cost: 21 (seconds, measured; make check balances its lanes by it)
#
# "nfs41conn 2049" listens on IPv6 too: an NFSv4.1 mount over [::1] with
# nconnect=2 gets its connections listed with IPv6 addresses and bound to
# one session, its I/O verifies, and a drain by IPv6 address works.
# shellcheck disable=SC2016 # listing's awk programs: $name is a column
. "$(dirname "$0")/lib.sh"

v6_bound() {
	[ "$(listing connections '$local == "[::1]:2049" && $sessions != "-"' |
		wc -l)" = 2 ] &&
		listing sessions '$conns == 2 && $clients == "::1" &&
			$servers == "::1" { ok = 1 } END { exit !ok }'
}

v6_io() {
	cp /tmp/data "$MNT/v6" && sync && umount "$MNT" &&
		timeout 60 mount -t nfs4 -o vers=4.1,nconnect=2 '[::1]:/' "$MNT" &&
		cmp /tmp/data "$MNT/v6"
}

# Drain by the client's IPv6 address: the first connection matched is
# drained, the second is then the session's last fore channel connection
# and is refused, so the write fails (EBUSY) with exactly one drained.
v6_drain_remote() {
	if drain "drain remote ::1" 2>/dev/null; then
		echo "draining both connections of the session succeeded"
		return 1
	fi
	[ "$(conn_column state | grep -cx draining)" = 1 ]
}

t_plan 6
t_check nfsd_starts nfsd_start
make_data 4
ip link set lo up 2>/dev/null
t_check mount_over_ipv6 timeout 60 mount -t nfs4 -o vers=4.1,nconnect=2 '[::1]:/' "$MNT"
t_check two_ipv6_connections_one_session wait_for 10 v6_bound
t_check ipv6_io_verifies v6_io
t_check drain_by_ipv6_address v6_drain_remote
t_diag "$(table)"
drain "undrain remote ::1"
umount "$MNT"
t_check nfsd_stops nfsd_stop
