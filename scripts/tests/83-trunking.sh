#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfs41conn-window: interface trunking
# nfs41conn-cost: 38 (seconds, measured; make check balances its lanes by it)
#
# Session trunking over two server addresses: 127.0.0.1:/ and then
# 127.0.0.2:/ mounted with max_connect=2 give one client and one session
# carried by one connection to each address.  The sessions listing shows
# both in its servers column, and the connection lines agree with it and
# with ss.  16 MiB are written with O_DIRECT (a WRITE per 16 KiB, spread
# over both connections); after the first two MiB, "drain local
# 127.0.0.2" drains the connection to that address, and draining
# 127.0.0.1 too is refused (EBUSY): that connection stays open.  The
# drained connection refuses calls, is closed once idle, the client
# reconnects to 127.0.0.2, the write completes, and the data verifies
# after a remount.  Until the drained connection has refused a call,
# net.nfs41conn.drain_close_idle_ms is 0 (never closed): when the client
# sends its next call there is its own business, and on a slow kernel the
# checks between the drain and the writer's next WRITE may take longer
# than the idle time; then the default is back, and closes it.
# shellcheck disable=SC2016 # listing's awk programs: $name is a column
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=iflib.sh
. "$(dirname "$0")/iflib.sh"

MNT2=/tmp/mnt2
OPTS=vers=4.1,max_connect=2

# to_column ADDR NAME: column NAME of the connections to server address
# ADDR.
to_column() {
	[ -n "${2:-}" ] || listing_bug "to_column $1: no column named"
	listing connections -v to="$1:2049" "\$local == to { print \$$2 }"
}

# nr_bound_to ADDR: the connections to ADDR bound to a fore channel.
nr_bound_to() {
	listing connections -v to="$1:2049" \
		'$local == to && $sessions ~ /\/(fore|both)$/' | wc -l
}

trunked() {
	[ "$(nr_sessions)" = 1 ] && [ "$(nr_conns)" = 2 ] &&
		[ "$(nr_bound_to 127.0.0.1)" = 1 ] && [ "$(nr_bound_to 127.0.0.2)" = 1 ]
}

# Both connections name the one session; its servers column lists both
# addresses, its clients column the connections' client addresses; the
# counts agree with the connection lines; nfsd has one client; ss sees
# one client socket to each address, from the listed ports.
trunking_shown() {
	local sid servers clients want_clients a
	sid=$(session_column session)
	[ "$(listed_sids)" = "$sid" ] || { echo "session IDs: $(listed_sids)"; return 1; }
	servers=$(session_column servers | tr ',' '\n' | sort | tr '\n' ' ')
	[ "$servers" = "127.0.0.1 127.0.0.2 " ] || { echo "servers: $servers"; return 1; }
	clients=$(session_column clients | tr ',' '\n' | sort | tr '\n' ' ')
	want_clients=$(listing connections '{ sub(":[0-9]+$", "", $remote); print $remote }' |
		sort -u | tr '\n' ' ')
	[ "$clients" = "$want_clients" ] || { echo "clients: $clients, connections from $want_clients"; return 1; }
	check_session_counts || return 1
	[ "$(listing sessions '{ print $conns, $fore, $back, $fore_ready }')" = \
		"2 2 1 2" ] || return 1
	[ "$(find /proc/fs/nfsd/clients -mindepth 1 -maxdepth 1 -type d | wc -l)" = 1 ] ||
		{ echo "nfsd clients: $(ls /proc/fs/nfsd/clients)"; return 1; }
	for a in 127.0.0.1 127.0.0.2; do
		if [ "$(client_ports "$a")" != "$(listed_ports "$a")" ] ||
			[ "$(client_ports "$a" | wc -l)" != 1 ]; then
			echo "to $a: ss $(client_ports "$a" | tr '\n' ' '), listed $(listed_ports "$a" | tr '\n' ' ')"
			return 1
		fi
	done
}

# Until /tmp/stop-sampler: the most refused_draining and calls seen on
# connections to 127.0.0.2 (summed over those listed at once), and every ID
# to that address seen, in /tmp/sampled.
sampler() {
	local max_ref=0 max_calls=0 r c ids=
	while [ ! -e /tmp/stop-sampler ]; do
		read -r r c <<<"$(listing connections '$local == "127.0.0.2:2049" {
			r += $refused_draining; c += $calls } END { print r + 0, c + 0 }')"
		[ "$r" -gt "$max_ref" ] && max_ref=$r
		[ "$c" -gt "$max_calls" ] && max_calls=$c
		ids+=" $(to_column 127.0.0.2 id | tr '\n' ' ')"
		echo "$max_ref $max_calls $(tr ' ' '\n' <<<"$ids" | sort -nu | tr '\n' ' ')" \
			>/tmp/sampled
		sleep 0.2
	done
}

writer_done() { ! kill -0 "$writer" 2>/dev/null; }

# Write /tmp/data to $MNT/data with O_DIRECT, a WRITE per 16 KiB, a MiB
# at a time; after the first two MiB, wait for the drain.  (Unpaced, the
# 16 MiB may be written before the drain request is.)
writer() {
	local i
	for ((i = 0; i < 16; i++)); do
		if [ "$i" = 2 ]; then
			touch /tmp/writer-waits
			wait_for 60 test -e /tmp/drained || return 1
		fi
		dd if=/tmp/data of="$MNT/data" bs=16k count=64 skip=$((i * 64)) \
			seek=$((i * 64)) oflag=direct conv=notrunc status=none ||
			return 1
	done
}

size_of() { stat -c %s "$1" 2>/dev/null || echo 0; }

drain_second_address() {
	drain_expect ok "drain local 127.0.0.2" || return 1
	to_column 127.0.0.2 id >/tmp/drained-id
	[ "$(to_column 127.0.0.2 state)" = draining ] &&
		[ "$(session_column fore_ready)" = 1 ]
}

# The drained connection, still listed, has refused at least one call.
drained_refused() {
	local r
	r=$(conn_field "$(cat /tmp/drained-id)" refused_draining)
	[ "${r:-0}" -gt 0 ]
}

# Closed once idle (net.nfs41conn.drain_close_idle_ms), the drained
# connection is gone; the client reconnected to 127.0.0.2, and the session
# is trunked again over a new, open connection.
drained_replaced() {
	local old new
	old=$(cat /tmp/drained-id)
	new=$(to_column 127.0.0.2 id)
	[ -n "$new" ] && [ "$new" != "$old" ] &&
		[ "$(to_column 127.0.0.2 state)" = open ] && trunked &&
		[ "$(session_column fore_ready)" = 2 ] && return 0
	echo "drained connection $old, now to 127.0.0.2: ${new:-none}"
	return 1
}

# The last fore channel connection: refused, stays open.
last_fore_refused() {
	drain_expect EBUSY "drain local 127.0.0.1" &&
		[ "$(to_column 127.0.0.1 state)" = open ] &&
		[ "$(session_column fore_ready)" = 1 ]
}

verify_after_remount() {
	umount "$MNT2" && umount "$MNT" && mount_nfs vers=4.1 &&
		cmp /tmp/data "$MNT/data"
}

added_addr=0
if ! ip -o addr show dev lo | grep -q 'inet 127\.0\.0\.2/' &&
	! ip route get 127.0.0.2 | grep -q '^local '; then
	ip addr add 127.0.0.2/8 dev lo && added_addr=1
fi
mkdir -p "$MNT2"

t_plan 12
t_check nfsd_starts nfsd_start
t_check mount_127_0_0_1 mount_nfs "$OPTS"
t_check mount_127_0_0_2 timeout 60 mount -t nfs4 -o "$OPTS" 127.0.0.2:/ "$MNT2"
t_check one_session_over_both_addresses wait_for 10 trunked
t_check trunking_shown trunking_shown
t_diag "$(table)"

make_data 16
rm -f /tmp/stop-sampler /tmp/writer-waits /tmp/drained
sampler &
sampler_pid=$!
start=$(date +%s.%N)
writer &
writer=$!
wait_for 60 test -e /tmp/writer-waits
at=$(size_of "$EXPORT/data")
close_ms=$(cat "$SYS/drain_close_idle_ms")
echo 0 >"$SYS/drain_close_idle_ms"
t_check drain_127_0_0_2_during_io drain_second_address
t_check drain_127_0_0_1_refused_stays_open last_fore_refused
touch /tmp/drained
t_diag "drained with $at of $((16 << 20)) bytes written"
t_check drained_connection_refused_calls wait_for 60 drained_refused
echo "$close_ms" >"$SYS/drain_close_idle_ms"
wrc=timeout
if wait_for 300 writer_done; then
	wait "$writer"
	wrc=$?
fi
t_check io_completes [ "$wrc" = 0 ]
end=$(date +%s.%N)
touch /tmp/stop-sampler
wait "$sampler_pid"
read -r refused calls ids2 <<<"$(cat /tmp/sampled)"
t_diag "16 MiB written in $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') s; to 127.0.0.2: at most $calls calls and $refused refused while draining, connection IDs seen: $ids2"
t_check drained_connection_replaced wait_for 10 drained_replaced
t_diag "$(table)"
drain_expect ok "undrain local 127.0.0.2" >/dev/null
t_check data_verifies_after_remount verify_after_remount
umount "$MNT"
t_check nfsd_stops nfsd_stop
if [ "$added_addr" = 1 ]; then
	ip addr del 127.0.0.2/8 dev lo
fi
