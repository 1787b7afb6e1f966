#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfs41conn-window: integration storm
# nfs41conn-cost: 100 (seconds, measured; make check balances its lanes by it)
#
# STORM_SECONDS (60) of everything at once, racing with a Linux client's
# I/O (nconnect=2 from 127.0.0.1): scripts/tests/nfs41fuzz.py's storm
# workers, each on a client and session of its own (recreated now and
# then, half of them with a back channel), open connections from
# 127.0.0.2, bind them with BIND_CONN_TO_SESSION in every direction or
# implicitly with SEQUENCE (each then passes a filehandle check, PUTROOTFH
# and GETATTR: sunrpc closes the oldest of more than 64 connections that
# never did, so only the NULL pings, closed at once, never do), use and
# close them, destroy their sessions; drains and undrains of those
# connections by id, by local and by remote address; changes of every
# net.nfs41conn sysctl; and the listing read in a loop.  The limit stays
# at 2 or more and only 127.0.0.2's connections are drained, so that the
# Linux client is never refused: its I/O must verify.  Each time a worker
# has closed all of its connections, before it destroys its session, the
# session must soon count no connection in the listing.  Afterwards the
# sysctls are restored, the storm's connections are closed, the client
# unmounts, and the table is empty; nfsd stops, the module unloads, and
# kmemleak finds no leak whose backtrace names nfs41conn.
# shellcheck disable=SC2016 # listing's awk programs: $name is a column
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

FUZZ=(python3 "$(dirname "$0")/nfs41fuzz.py")
STORM_SECONDS=${STORM_SECONDS:-60}
KMEMLEAK=/sys/kernel/debug/kmemleak

# Until /tmp/storm.done exists: write a 2 MiB file, read it back with
# O_DIRECT, compare.
io_loop() {
	local i=0
	while [ ! -e /tmp/storm.done ]; do
		i=$((i + 1))
		dd if=/tmp/data of="$MNT/s$i" bs=1M oflag=direct status=none ||
			{ echo "write s$i failed"; return 1; }
		dd if="$MNT/s$i" bs=1M iflag=direct status=none |
			cmp - /tmp/data || { echo "s$i read back differs"; return 1; }
		rm -f "$MNT/s$i"
	done
	echo "$i files of 2 MiB written, read back and removed"
}

# Drains and undrains of the storm's connections (remote 127.0.0.2).
drain_loop() {
	local n=0 id ids
	while [ ! -e /tmp/storm.done ]; do
		mapfile -t ids < <(listing connections '$remote ~ /^127\.0\.0\.2:/ { print $id }')
		for id in "${ids[@]}"; do
			case $((RANDOM % 3)) in
			0) echo "drain id $id" ;;
			1) echo "undrain id $id" ;;
			esac
		done >"$DRAIN" 2>/dev/null
		case $((RANDOM % 6)) in
		0) echo "drain local 127.0.0.2" ;;
		1) echo "undrain local 127.0.0.2" ;;
		2) echo "drain remote 127.0.0.2" ;;
		3) echo "undrain remote 127.0.0.2" ;;
		esac >"$DRAIN" 2>/dev/null
		n=$((n + 1))
		sleep 0.$((RANDOM % 3))
	done
	echo "undrain local 127.0.0.2" >"$DRAIN" 2>/dev/null
	echo "$n drain rounds"
}

sysctl_loop() {
	local n=0 limits=(2 3 4 8 16) idle=(0 50 200 500) close=(0 100 1000 5000)
	while [ ! -e /tmp/storm.done ]; do
		echo "${limits[RANDOM % 5]}" >$SYS/max_conns_per_session
		echo "${idle[RANDOM % 4]}" >$SYS/evict_idle_ms
		echo "${close[RANDOM % 4]}" >$SYS/drain_close_idle_ms
		n=$((n + 1))
		sleep 0.$((RANDOM % 5))
	done
	echo "$n sysctl rounds"
}

listing_loop() {
	local n=0
	while [ ! -e /tmp/storm.done ]; do
		cat /proc/net/nfs41conn/connections /proc/net/nfs41conn/sessions >/dev/null
		n=$((n + 1))
	done
	echo "$n listings read"
}

sysctls() { cat $SYS/max_conns_per_session $SYS/evict_idle_ms $SYS/drain_close_idle_ms; }

kmemleak_clean() {
	[ -w "$KMEMLEAK" ] || { echo "no $KMEMLEAK"; return 1; }
	echo scan >"$KMEMLEAK"
	sleep 5
	echo scan >"$KMEMLEAK"
	if grep -q nfs41conn "$KMEMLEAK"; then
		head -n 60 "$KMEMLEAK"
		return 1
	fi
}

t_plan 10
t_check nfsd_starts nfsd_start
[ -w "$KMEMLEAK" ] && echo clear >"$KMEMLEAK"
saved=$(sysctls)
t_check mount_nconnect_2 mount_nfs vers=4.1,nconnect=2
make_data 2
rm -f /tmp/storm.done
io_loop >/tmp/io.out 2>&1 &
io=$!
drain_loop >/tmp/drain.out 2>&1 &
dr=$!
sysctl_loop >/tmp/sysctl.out 2>&1 &
sy=$!
listing_loop >/tmp/listing.out 2>&1 &
li=$!
start=$SECONDS
"${FUZZ[@]}" storm --seconds "$STORM_SECONDS" >/tmp/storm.out 2>&1
storm_rc=$?
touch /tmp/storm.done
wait "$dr" "$sy" "$li"
io_rc=0
wait "$io" || io_rc=$?
t_diag "storm took $((SECONDS - start)) s; $(cat /tmp/drain.out /tmp/sysctl.out /tmp/listing.out | tr '\n' ';')"
if [ "$storm_rc" = 0 ]; then
	t_ok storm_runs_server_answers
	t_diag "$(tail -n 1 /tmp/storm.out)"
else
	t_fail storm_runs_server_answers "exit status $storm_rc" "$(tail -n 20 /tmp/storm.out)"
fi
t_check sessions_unbound_when_their_connections_close \
	grep -q 'stale 0,' /tmp/storm.out
if [ "$io_rc" = 0 ]; then
	t_ok io_during_storm_verifies
	t_diag "$(cat /tmp/io.out)"
else
	t_fail io_during_storm_verifies "$(cat /tmp/io.out)"
fi
read -r -d '' lim idl clo <<<"$saved"
echo "$lim" >$SYS/max_conns_per_session
echo "$idl" >$SYS/evict_idle_ms
echo "$clo" >$SYS/drain_close_idle_ms
t_check sysctls_restored test "$(sysctls)" = "$saved"
t_check storm_connections_closed wait_for 10 peer_conns_gone 127.0.0.2
umount "$MNT"
t_check table_empty_after_storm wait_for 20 table_empty
t_check nfsd_stops_module_unloads nfsd_stop
t_check kmemleak_clean_after_unload kmemleak_clean
