#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfs41conn-window: integration drain
# nfs41conn-cost: 120 (seconds, measured; make check balances its lanes by it)
#
# Draining one of four nconnect connections while 16 MiB are written, in
# each net.nfs41conn.drain_mode, on a fresh mount each time: the data
# written is read back intact, and the time of the write is printed as
# "# drain_mode=X write_s=Y" (X "none": the same write, nothing drained,
# first).
#   delay        SEQUENCE on it is answered NFS4ERR_DELAY, the client
#                retries 15 s later, the connection is closed once idle;
#   close        no call on it is answered NFS4ERR_DELAY: the connection is
#                closed at its first SEQUENCE, unanswered;
#   reply-close  no call on it is turned away: the connection is closed
#                after the reply to its first SEQUENCE.
# In close and reply-close the drain close is off (drain_close_idle_ms
# 0), so the connection's close is the mode's doing; reading the file back
# routes READs to it if the write did not.  Then: draining connections of
# the session one after the other stops at the last fore channel
# connection, which is refused with EBUSY and stays open.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

# refusals ID ACTION: how many SEQUENCEs of connection ID the gate turned
# away with ACTION ("reply": NFS4ERR_DELAY, "close": unanswered).
refusals() {
	grep -c "nfs41conn_refuse_draining: conn=$1 .* action=$2\$" "$TR/trace"
}

# drain_during_write MODE NUMBER: drain a fore channel connection while
# 16 MiB are written, read them back, and judge what the mode did to it.
drain_during_write() {
	local mode=$1 victim writer rc=0 start write_s delays closes

	echo "$2" >"$SYS/drain_mode" || return 1
	if [ "$mode" = delay ]; then
		echo 5000 >"$SYS/drain_close_idle_ms"
	else
		echo 0 >"$SYS/drain_close_idle_ms"
	fi || return 1
	trace_start refuse_draining drain_close || return 1
	victim=$(fore_ids | head -n 1)
	start=$(now)
	write_data "data.$mode" &
	writer=$!
	sleep 0.2
	drain "drain id $victim" || { wait "$writer"; return 1; }
	wait "$writer" || rc=$?
	write_s=$(since "$start")
	t_diag "drain_mode=$mode write_s=$write_s"
	[ "$rc" = 0 ] || { echo "the copy failed: $rc"; return 1; }
	read_back "data.$mode" || return 1

	delays=$(refusals "$victim" reply)
	closes=$(refusals "$victim" close)
	t_diag "drain_mode=$mode connection $victim: $delays NFS4ERR_DELAY," \
		"$closes closed unanswered"
	case $mode in
	delay)
		;;
	close)
		[ "$delays" = 0 ] ||
			{ echo "$delays NFS4ERR_DELAY in close mode"; return 1; }
		[ "$closes" -ge 1 ] ||
			{ echo "$victim never closed unanswered"; return 1; }
		;;
	reply-close)
		[ "$delays$closes" = 00 ] ||
			{ echo "a SEQUENCE turned away in reply-close"; return 1; }
		;;
	esac
	if [ "$mode" != delay ]; then
		# Closed by the mode: the drain close is off.
		wait_for 5 conn_gone "$victim" ||
			{ echo "connection $victim still $(conn_field "$victim" state)"; return 1; }
		! grep -q "nfs41conn_drain_close: conn=$victim " "$TR/trace" ||
			{ echo "connection $victim closed by the drain close"; return 1; }
	fi
}

# The same write with no drain, to compare with.
write_undrained() {
	local start
	start=$(now)
	write_data data.none || return 1
	t_diag "drain_mode=none write_s=$(since "$start")"
	read_back data.none
}

t_plan 13
t_check nfsd_starts nfsd_start
t_check mount_nconnect_4 mount_nfs vers=4.1,nconnect=4
t_check four_bound wait_for 10 prints 4 nr_bound
make_data 16
t_check undrained_write_verifies write_undrained
n=0
for mode in delay close reply-close; do
	t_check "drain_${mode//-/_}_write_verifies" drain_during_write "$mode" "$n"
	t_diag "$(table)"
	trace_stop
	t_check "remount_after_${mode//-/_}" remount vers=4.1,nconnect=4 4
	n=$((n + 1))
done
echo 0 >"$SYS/drain_mode"	# what nfsd_start chose
echo 5000 >"$SYS/drain_close_idle_ms"

# Drain all but the last fore channel connection.
read -r -a ids <<<"$(fore_ids | tr '\n' ' ')"
all_but_last_drained() {
	local id
	for id in "${ids[@]:0:3}"; do
		drain "drain id $id" && [ "$(conn_field "$id" state)" = draining ] ||
			return 1
	done
}
last_refused() {
	local last=${ids[3]}
	if drain "drain id $last" 2>/dev/null; then
		echo "draining the last fore connection $last succeeded"
		return 1
	fi
	[ "$(conn_field "$last" state)" = open ]
}
t_check drain_all_but_last all_but_last_drained
t_check last_fore_connection_refused last_refused
for id in "${ids[@]}"; do drain "undrain id $id"; done
t_check nfsd_stops nfsd_stop
