#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfs41conn-window: integration limit
# nfs41conn-cost: 48 (seconds, measured; make check balances its lanes by it)
#
# net.nfs41conn.max_conns_per_session=2 against a Linux client mounting
# with nconnect=4, which binds each connection implicitly with SEQUENCE.
# The session never has more than 2 connections (bound or reserved, as the
# module counts them, sampled every 0.2 s); the client's I/O completes and
# verifies; and the client opens fewer than one new connection per second
# after the mount: a connection nfsd binds beyond the limit is held (no
# call read from it) and rotates in only in place of one idle in the
# session for net.nfs41conn.evict_idle_ms, or is closed after 30 s.
# shellcheck disable=SC2016 # listing's awk programs: $name is a column
. "$(dirname "$0")/lib.sh"

limit_holds() { listing connections '{ n += $held_limit } END { print n + 0 }'; }

# Largest per-session count seen, written to /tmp/max-per-session.
sampler() {
	local max=0 n
	while [ ! -e /tmp/stop-sampler ]; do
		n=$(listing sessions '$conns > m { m = $conns } END { print m + 0 }')
		[ "$n" -gt "$max" ] && max=$n && echo "$max" >/tmp/max-per-session
		sleep 0.2
	done
}

t_plan 6
t_check nfsd_starts nfsd_start
echo 2 >"$SYS/max_conns_per_session"
echo 0 >/tmp/max-per-session
sampler &
sampler_pid=$!

t_check mount_nconnect_4_limit_2 mount_nfs vers=4.1,nconnect=4
start_id=$(max_id)
start=$(date +%s.%N)
make_data 16
io() {
	mountpoint -q "$MNT" && write_data data 300 && read_back data 300
}
t_check io_completes_and_verifies io
end=$(date +%s.%N)
touch /tmp/stop-sampler
wait "$sampler_pid"

max=$(cat /tmp/max-per-session)
t_check never_more_than_2_per_session [ "$max" -le 2 ]
new=$(($(max_id) - start_id))
secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
t_diag "I/O took ${secs}s; ${new} new connections; max ${max} per session; $(limit_holds) holds on open connections"
t_diag "$(table)"
t_check under_one_new_connection_per_second \
	awk -v n="$new" -v s="$secs" 'BEGIN { exit !(n < s) }'
umount -f "$MNT"
t_check nfsd_stops nfsd_stop
