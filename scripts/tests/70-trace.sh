#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfs41conn-window: integration trace
# nfs41conn-cost: 87 (seconds, measured; make check balances its lanes by it)
#
# The trace events of nfs41conn, enabled through tracefs, while nfsd runs
# on the nfs41conn transport and a Linux client mounts it: each event
# fires, and its fields agree with /proc/net/nfs41conn/.  Every event
# carries the inode number of nfsd's network namespace, and prints its
# addresses as ip:port, its operation and status by name.
#
#   accept, bind (create_session, implicit)  a mount with nconnect=4
#   drain, refuse_draining, undrain          a drain during I/O, undone
#   drain error=-16                          the last fore connection
#   close, unbind why=close, bind explicit   the client's transports are
#                                            made to reconnect (sunrpc
#                                            sysfs dstaddr): it binds the
#                                            new connections with
#                                            BIND_CONN_TO_SESSION
#   unbind why=session                       unmount (DESTROY_SESSION)
#   hold                                     max_conns_per_session=2,
#                                            evict_idle_ms=0, nconnect=3:
#                                            the third is held, nothing
#                                            is evicted
#   evict, admit, unbind why=evict,          the same with evict_idle_ms
#   close state=evicted                      turned on: I/O completes
#   bad_bind_dir asked=back_or_both          the raw client binds a
#   granted=0x7                              connection twice with
#                                            CDFC4_BACK_OR_BOTH: nfsd
#                                            answers the second with 7,
#                                            which RFC 8881 Section
#                                            18.34.3 does not allow
#
# refuse_enomem needs an allocation failure: only its registration is
# checked.  The trace is read before the module is unloaded, which
# discards it.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

TR=/sys/kernel/tracing
EVENTS="accept close bind unbind evict hold admit refuse_draining
	refuse_enomem drain undrain bad_bind_dir"

drain() { echo "$1" >/proc/net/nfs41conn/drain; }
# conn_field ID N: field N of connection ID in the listing.
conn_field() { conns | awk -v id="$1" -v n="$2" '$1 == id { print $n }'; }
session_ids() { sessions | awk '{ print $1 }'; }
conn_ids() { conns | awk '{ print $1 }'; }
# The IDs of the fore channel connections, the back channel one last.
fore_ids() {
	conns | awk '$9 ~ /\/fore$/ { print $1 }'
	conns | awk '$9 ~ /\/both$/ { print $1 }'
}
nr_bound() { conns | awk '$9 ~ /\/(fore|both)$/' | wc -l; }

# events NAME [KEY=VALUE...]: the events NAME in the trace with every
# KEY=VALUE among their fields, one per line, as " key=value ... ".
events() {
	local name=$1 kv lines
	shift
	lines=$(sed -n "s/^.* nfs41conn_$name: *\(.*\)$/ \1 /p" "$TR/trace")
	for kv in "$@"; do
		lines=$(grep -F -- " $kv " <<<"$lines")
	done
	[ -n "$lines" ] && printf '%s\n' "$lines"
}

# fired NAME [KEY=VALUE...]: such an event is in the trace.
fired() {
	events "$@" >/dev/null && return 0
	echo "no nfs41conn_$1 event with: ${*:2}"
	echo "nfs41conn_$1 events:"
	events "$1"
	return 1
}

# field KEY: the values of KEY in the events on stdin.
field() { sed -n "s/.* $1=\([^ ]*\) .*/\1/p"; }

events_registered() {
	local e
	for e in $EVENTS; do
		[ -f "$TR/events/nfs41conn/nfs41conn_$e/format" ] ||
			{ echo "nfs41conn_$e not registered"; return 1; }
	done
}

# "7 (expanded: 1408)" until the buffer is first used.
old_kb=$(sed 's/.*expanded: \([0-9]*\).*/\1/' "$TR/buffer_size_kb")
trace_start() {
	echo 0 >"$TR/tracing_on" &&
		echo 4096 >"$TR/buffer_size_kb" &&
		: >"$TR/trace" &&
		echo 1 >"$TR/events/nfs41conn/enable" &&
		echo 1 >"$TR/tracing_on"
}

trace_stop() {
	echo 0 >"$TR/events/nfs41conn/enable" 2>/dev/null
	: >"$TR/trace"
	echo "$old_kb" >"$TR/buffer_size_kb"
}

t_plan 26
t_check nfsd_starts nfsd_start
# Drains are undrained by the steps that follow them; the drain close is
# 35-drain-close.sh's, and on a slow kernel it would come first.
echo 0 >/proc/sys/net/nfs41conn/drain_close_idle_ms
t_check events_registered events_registered
t_check tracing_enabled trace_start

# One session over four connections.
t_check mount_nconnect_4 mount_nfs vers=4.1,nconnect=4
t_check four_bound wait_for 10 sh -c "[ \$(grep -c '/fore\|/both' /proc/net/nfs41conn/connections) = 4 ]"
sid=$(session_ids | head -n 1)
read -r -a ids <<<"$(fore_ids | xargs)"
both=${ids[3]}

accepted_as_listed() {
	local id
	for id in $(conn_ids); do
		fired accept "conn=$id" "local=$(conn_field "$id" 2)" \
			"remote=$(conn_field "$id" 3)" error=0 || return 1
	done
}
bound_as_listed() {
	local id
	fired bind "conn=$both" "session=$sid" kind=create_session dir=both \
		error=0 || return 1
	for id in "${ids[@]:0:3}"; do
		fired bind "conn=$id" "session=$sid" kind=implicit dir=fore \
			error=0 || return 1
	done
}
t_check accept_per_listed_connection accepted_as_listed

# Addresses, IPv4 here, as ip:port: 127.0.0.1:2049.
addresses_ip_port() {
	local addrs
	addrs=$(events accept error=0 | field local)$'\n'$(events accept error=0 | field remote)
	grep -qvxE '[0-9]+(\.[0-9]+){3}:[0-9]+' <<<"$addrs" || return 0
	echo "addresses: $(xargs <<<"$addrs")"
	return 1
}
t_check addresses_print_ip_port addresses_ip_port
t_check bind_create_session_and_implicit bound_as_listed

# I/O over a drained connection: SEQUENCE is refused on it.  The client
# retries the refused call 15 s later, after the undrain.
victim=${ids[0]}
drained() {
	drain "drain id $victim" &&
		fired drain "conn=$victim" by=id error=0 state=draining
}
t_check drain_fires drained
make_data 4
(cp /tmp/data "$MNT/data" && sync) &
writer=$!
refused_draining() {
	local xid
	wait_for 30 fired refuse_draining "conn=$victim" "session=$sid" \
		op=SEQUENCE status=DELAY action=reply || return 1
	xid=$(events refuse_draining "conn=$victim" | field xid | head -n 1)
	[ "$xid" != 0x00000000 ] || { echo "xid $xid"; return 1; }
}
undrained() {
	drain "undrain id $victim" &&
		fired undrain "conn=$victim" by=id error=0 state=open
}
t_check refuse_draining_fires refused_draining
t_check undrain_fires undrained
wait "$writer"
t_check io_completes_and_verifies sh -c "[ $? = 0 ] && cmp /tmp/data $MNT/data"

# The last fore channel connection: EBUSY, traced with its error.
last_refused() {
	local id last=${ids[3]}
	for id in "${ids[@]:0:3}"; do
		drain "drain id $id" || return 1
	done
	if drain "drain id $last" 2>/dev/null; then
		echo "draining the last fore connection $last succeeded"
		return 1
	fi
	fired drain "conn=$last" by=id error=-16 state=open
}
undrain_by_address() {
	local id
	drain "undrain local 127.0.0.1" || return 1
	for id in "${ids[@]:0:3}"; do
		fired undrain "conn=$id" by=local error=0 state=open ||
			return 1
	done
}
t_check drain_of_last_fore_refused last_refused
t_check undrain_by_local_address undrain_by_address

# Make the client reconnect each of its transports: the connections close,
# and the client binds the new ones with BIND_CONN_TO_SESSION.
reconnect() {
	local port f n=0
	for port in $(conns | awk '{ n = split($3, a, ":"); print a[n] }'); do
		for f in /sys/kernel/sunrpc/xprt-switches/*/xprt-*/xprt_info; do
			grep -qx "src_port=$port" "$f" 2>/dev/null || continue
			echo 127.0.0.1 >"${f%/*}/dstaddr" && n=$((n + 1))
		done
	done
	[ "$n" = 4 ] || { echo "$n of 4 transports found in sysfs"; return 1; }
}
old_ids=$(conn_ids)
closed_and_unbound() {
	local id
	for id in $old_ids; do
		wait_for 10 fired close "conn=$id" state=open || return 1
		fired unbind "conn=$id" "session=$sid" why=close || return 1
	done
}
bound_explicitly() {
	local id n=0
	ls -la "$MNT" >/dev/null
	wait_for 20 sh -c "[ \$(grep -c '/fore\|/both' /proc/net/nfs41conn/connections) = 4 ]" ||
		return 1
	for id in $(conn_ids); do
		grep -qx "$id" <<<"$old_ids" && continue
		events bind "conn=$id" "session=$sid" kind=explicit error=0 \
			>/dev/null && n=$((n + 1))
	done
	[ "$n" -ge 1 ] || { fired bind kind=explicit; return 1; }
}
t_check client_reconnects reconnect
t_check close_and_unbind_fire closed_and_unbound
t_check bind_explicit_fires bound_explicitly

new_ids=$(conn_ids)
unbound_by_destroy_session() {
	local id
	umount "$MNT" || return 1
	for id in $new_ids; do
		wait_for 10 fired unbind "conn=$id" "session=$sid" \
			why=session || return 1
	done
}
t_check unmount_unbinds_session unbound_by_destroy_session

# The limit: with no eviction a bind over it is held, and nothing is
# evicted; with eviction, an idle connection makes room for it.
echo 2 >/proc/sys/net/nfs41conn/max_conns_per_session
echo 0 >/proc/sys/net/nfs41conn/evict_idle_ms
make_data 1
(mount_nfs vers=4.1,nconnect=3 && cp /tmp/data "$MNT/limit" && sync &&
	cmp /tmp/data "$MNT/limit") &
limited=$!
held_at_limit() {
	wait_for 60 sh -c "[ \$(grep -vc '^#' /proc/net/nfs41conn/sessions) = 1 ]" ||
		return 1
	sid2=$(session_ids | head -n 1)
	wait_for 60 fired hold "session=$sid2" || return 1
	sleep 1
	if fired evict "session=$sid2"; then
		echo "evicted with evict_idle_ms=0"
		return 1
	fi
	echo "$sid2" >/tmp/sid2
}
t_check hold_fires_and_nothing_evicted held_at_limit
sid2=$(cat /tmp/sid2 2>/dev/null)
echo 300 >/proc/sys/net/nfs41conn/evict_idle_ms
wait_for 120 sh -c "! kill -0 $limited 2>/dev/null"
wait "$limited"
t_check limited_io_completes_and_verifies [ $? = 0 ]
# Each connection evicted is one the table unbound for an eviction, and
# closes as evicted, and no other does.
evicted_sets_agree() {
	local victims unbound closed
	victims=$(events evict "session=$sid2" | field conn | sort -nu)
	unbound=$(events unbind "session=$sid2" why=evict | field conn | sort -nu)
	closed=$(events close state=evicted | field conn | sort -nu)
	[ -n "$victims" ] && [ "$victims" = "$unbound" ] &&
		[ "$victims" = "$closed" ] && return 0
	echo "evicted: $(xargs <<<"$victims")"
	echo "unbound for eviction: $(xargs <<<"$unbound")"
	echo "closed as evicted: $(xargs <<<"$closed")"
	return 1
}
evicted_as_listed() {
	local victim
	wait_for 30 fired admit "session=$sid2" || return 1
	fired evict "session=$sid2" || return 1
	for victim in $(events evict "session=$sid2" | field conn); do
		fired accept "conn=$victim" error=0 || return 1
		fired bind "conn=$victim" "session=$sid2" || return 1
	done
	wait_for 10 evicted_sets_agree
}
t_check evict_and_admit_fire evicted_as_listed
t_diag "$(table)"

# The first answer, both, is one the rule allows: one event, not two.
bad_bind_dir_traced() {
	local out n
	out=$(timeout 60 "$RAW" -p 2049 bcts_back_or_both 2>&1) ||
		{ echo "$out"; return 1; }
	fired bad_bind_dir asked=back_or_both granted=0x7 || return 1
	n=$(events bad_bind_dir | wc -l)
	[ "$n" = 1 ] && return 0
	echo "$n nfs41conn_bad_bind_dir events:"
	events bad_bind_dir
	return 1
}
t_check bad_bind_dir_fires bad_bind_dir_traced

# Every connection accepted closes.  Read the trace before rmmod.
all_closed() {
	local id
	umount "$MNT" || return 1
	echo 0 >/proc/fs/nfsd/threads
	for id in $(events accept error=0 | field conn); do
		wait_for 10 fired close "conn=$id" || return 1
	done
}
# Every event is of the namespace of nfsd and of this shell, whose
# /proc/self/ns/net reads "net:[4026531840]".
netns_is_ours() {
	local ino n bad
	ino=$(readlink /proc/self/ns/net | tr -dc 0-9)
	n=$(grep -c ' nfs41conn_' "$TR/trace")
	bad=$(grep ' nfs41conn_' "$TR/trace" | grep -v " netns_ino=$ino ")
	[ "$n" -gt 0 ] && [ -z "$bad" ] && return 0
	echo "$n events; not of netns_ino=$ino:"
	printf '%s\n' "$bad" | head -n 5
	return 1
}
each_fired() {
	local e
	for e in $EVENTS; do
		[ "$e" = refuse_enomem ] && continue
		fired "$e" >/dev/null || { echo "nfs41conn_$e never fired"; return 1; }
	done
}
t_check every_accepted_connection_closes all_closed
t_check every_event_fired each_fired
t_check events_carry_netns_inode netns_is_ours
t_diag "$(for e in $EVENTS; do echo "nfs41conn_$e: $(events "$e" | wc -l)"; done)"
trace_stop
t_check nfsd_stops nfsd_stop
