#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfs41conn-window: integration drain-close
# nfs41conn-cost: 90 (seconds, measured; make check balances its lanes by it)
#
# A drained connection is closed once idle for
# net.nfs41conn.drain_close_idle_ms (default 5000): the Linux client pins
# each RPC task to one transport and retries a call refused with
# NFS4ERR_DELAY 15 s later on the same connection, so only a close moves
# it.  With nconnect=4: a drained idle connection leaves the listing within
# the idle time and a margin, traced by nfs41conn_drain_close; the client
# reconnects that transport (a new ID, bound, the session back at 4) and
# I/O verifies; with the sysctl at 0 a drained idle connection stays.
# Then the hang seen without it: connections drained while written data is
# still to be flushed, and the file system unmounted and nfsd stopped
# without undraining -- with the default this completes (measured).
# Before that, the same three drains in net.nfs41conn.drain_mode close and
# reply-close with the idle close off: the write verifies, and each
# drained connection the client used is closed by the mode, none idle
# ("# drain_mode=X three_drained_write_s=Y").
# shellcheck disable=SC2016 # listing's awk programs: $name is a column
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

IDLE_MS=5000
# Work period, the coarse clock, and sunrpc closing the transport.
MARGIN_S=3

# The session carries four connections, all fore, none draining.
session_back_at_4() {
	listing sessions '$conns == 4 && $fore == 4 && $fore_ready == 4 { ok = 1 }
		END { exit !ok }'
}
# traced ID: the drain close of connection ID is in the trace.
traced() {
	grep -q "nfs41conn_drain_close: conn=$1 " "$TR/trace" || {
		echo "no nfs41conn_drain_close of conn $1"
		grep nfs41conn_drain_close "$TR/trace"
		return 1
	}
}

# 0..3600000; a refused write changes nothing.
bounds() {
	local f=$SYS/drain_close_idle_ms
	echo 3600000 >"$f" && [ "$(cat "$f")" = 3600000 ] || return 1
	if echo 3600001 >"$f" 2>/dev/null; then
		echo "3600001 accepted"
		return 1
	fi
	[ "$(cat "$f")" = 3600000 ] && echo "$IDLE_MS" >"$f"
}

t_plan 16
t_check nfsd_starts nfsd_start
t_check default_drain_close_idle_ms [ "$(cat "$SYS/drain_close_idle_ms")" = "$IDLE_MS" ]
t_check drain_close_idle_ms_bounds bounds
t_check tracing_enabled trace_start drain_close
t_check mount_nconnect_4 mount_nfs vers=4.1,nconnect=4
t_check four_bound wait_for 10 prints 4 nr_bound

# Idle after the mount: closed drain_close_idle_ms after the drain.
victim=$(ids_bound fore | head -n 1)
first_new=$(($(max_id) + 1))
start=$(now)
# Not before the idle time: the drain itself counts as activity.  The
# kernel's own measure of that (drained_ms in the trace event) is judged,
# not this shell's, which a loaded machine delays by seconds.
closed_not_before_idle() {
	local ms
	ms=$(sed -n "s/.*nfs41conn_drain_close: conn=$1 .* drained_ms=\([0-9]*\) .*/\1/p" \
		"$TR/trace" | head -n 1)
	[ -n "$ms" ] && [ "$ms" -ge "$IDLE_MS" ] && return 0
	echo "closed ${ms:-?} ms after its drain, before $IDLE_MS"
	return 1
}
closed_when_idle() {
	drain "drain id $victim" || return 1
	[ "$(conn_field "$victim" state)" = draining ] || return 1
	wait_for $((IDLE_MS / 1000 + MARGIN_S)) conn_gone "$victim" ||
		{ echo "still listed after $(since "$start") s"; return 1; }
	traced "$victim" && closed_not_before_idle "$victim"
}
t_check drained_idle_connection_closes closed_when_idle
t_diag "connection $victim closed $(since "$start") s after its drain"
t_diag "$(grep nfs41conn_drain_close "$TR/trace")"

# The client reconnects the transport when it next uses it.
make_data 16
io() { write_data data && read_back data; }
reconnected() {
	wait_for 20 session_back_at_4 || return 1
	[ "$(max_id)" -ge "$first_new" ] || { echo "no new connection"; return 1; }
	listing connections -v n="$first_new" '$id >= n && $sessions ~ /\/fore$/ { ok = 1 }
		END { exit !ok }'
}
t_check io_after_close_verifies io
t_check client_reconnects_session_back_at_4 reconnected
t_diag "$(table)"

# With 0, a drained idle connection stays.
stays_with_0() {
	local id
	echo 0 >"$SYS/drain_close_idle_ms" || return 1
	id=$(ids_bound fore | head -n 1)
	drain "drain id $id" || return 1
	sleep $((IDLE_MS / 1000 + MARGIN_S))
	[ "$(conn_field "$id" state)" = draining ] ||
		{ echo "connection $id: '$(conn_field "$id" state)'"; return 1; }
	# Turned on again: it is closed, idle long enough already.
	echo "$IDLE_MS" >"$SYS/drain_close_idle_ms" || return 1
	wait_for "$MARGIN_S" conn_gone "$id" ||
		{ echo "connection $id not closed once turned on again"; return 1; }
	traced "$id"
}
t_check zero_keeps_drained_connection stays_with_0

# The hang: three of the four connections drained, then a file written,
# the file system unmounted and nfsd stopped, without undraining.  The
# calls that land on drained connections get NFS4ERR_DELAY and are
# retried on the same connection 15 s later, and again, for as long as it
# is draining: with drain_close_idle_ms=0 neither the write nor the
# unmount ever completes.  With the default the connection is closed in
# between, and the retry goes out on the reconnected transport.

# three_drained MODE NUMBER: three of four connections drained, 16 MiB
# written and read back; the drained ones are closed by the mode.
three_drained() {
	local mode=$1 ids id rc=0 start
	echo "$2" >"$SYS/drain_mode" && echo 0 >"$SYS/drain_close_idle_ms" ||
		return 1
	read -r -a ids <<<"$(ids_bound fore | xargs)"
	drain_each drain "${ids[@]}" || return 1
	start=$(now)
	write_data "data.$mode" || rc=$?
	t_diag "drain_mode=$mode three_drained_write_s=$(since "$start") (status $rc)"
	[ "$rc" = 0 ] && read_back "data.$mode" || return 1
	for id in "${ids[@]}"; do
		wait_for "$MARGIN_S" conn_gone "$id" ||
			{ echo "drained connection $id still listed"; return 1; }
	done
	if grep -q nfs41conn_drain_close "$TR/trace"; then
		echo "the drain close closed connections"
		return 1
	fi
}
: >"$TR/trace"
for mode in close reply-close; do
	t_check remount_for_${mode//-/_} remount vers=4.1,nconnect=4 4
	t_check "three_drained_${mode//-/_}_closed_by_mode" three_drained "$mode" \
		"$([ "$mode" = close ] && echo 1 || echo 2)"
done
echo 0 >"$SYS/drain_mode"	# what nfsd_start chose
echo "$IDLE_MS" >"$SYS/drain_close_idle_ms"

t_check remount remount vers=4.1,nconnect=4 4
read -r -a drained_ids <<<"$(ids_bound fore | xargs)"
unmount_stop_without_undrain() {
	local rc=0
	drain_each drain "${drained_ids[@]}" || return 1
	start=$(now)
	write_data data2 || rc=$?
	t_diag "16 MiB written in $(since "$start") s (status $rc)"
	[ "$rc" = 0 ] && { timeout 120 umount "$MNT" || rc=$?; }
	t_diag "written and unmounted in $(since "$start") s (status $rc)"
	t_diag "$(grep nfs41conn_drain_close "$TR/trace")"
	# Unloading the module discards its events.
	trace_stop
	[ "$rc" = 0 ] || return 1
	nfsd_stop || return 1
	t_diag "unmount and nfsd stop took $(since "$start") s"
}
t_check unmount_and_nfsd_stop_complete unmount_stop_without_undrain
