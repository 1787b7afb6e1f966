#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfs41conn-window: interface listing
# nfs41conn-cost: 47 (seconds, measured; make check balances its lanes by it)
#
# /proc/net/nfs41conn/connections and sessions against a live NFSv4.1
# mount with nconnect=4, column by column, checked against facts found
# elsewhere: the client's sockets as ss shows them, the sysctl, the
# time, the I/O done, and each file against the other.  Then the drain
# file: draining by id and by local address changes exactly the states
# and counts it should, the last fore channel connection is refused with
# EBUSY, and malformed or unprivileged writes get EINVAL or EPERM,
# unknown targets ENOENT, changing nothing.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=iflib.sh
. "$(dirname "$0")/iflib.sh"

CONNS_HEADER='# id local remote age state calls refused_draining refused_limit sessions'
SESSIONS_HEADER='# session conns limit fore back fore_ready clients servers'

four_bound() {
	[ "$(conns | awk '$9 ~ /\/(fore|both)$/' | wc -l)" = 4 ] &&
		[ "$(nr_conns)" = 4 ] && [ "$(nr_sessions)" = 1 ]
}

headers() {
	[ "$(head -n 1 /proc/net/nfs41conn/connections)" = "$CONNS_HEADER" ] &&
		[ "$(head -n 1 /proc/net/nfs41conn/sessions)" = "$SESSIONS_HEADER" ]
}

# Every field of every line has the form the header promises.
conn_format() {
	conns | awk '
	function uint(s) { return s ~ /^(0|[1-9][0-9]*)$/ }
	function sid(s) { return length(s) == 32 && s ~ /^[0-9a-f]+$/ }
	# SESSION/DIR[,SESSION/DIR...]
	function bindings(s,	b, n, i, sd) {
		n = split(s, b, ",")
		for (i = 1; i <= n; i++)
			if (split(b[i], sd, "/") != 2 || !sid(sd[1]) ||
			    sd[2] !~ /^(reserved|fore|back|both)$/)
				return 0
		return n > 0
	}
	NF != 9 || !uint($1) || $1 == 0 || $2 !~ /^[0-9.]+:[0-9]+$/ ||
	$3 !~ /^[0-9.]+:[0-9]+$/ || !uint($4) ||
	$5 !~ /^(open|draining|closed)$/ || !uint($6) || !uint($7) ||
	!uint($8) ||
	!bindings($9) {
		print "malformed: " $0; bad = 1
	}
	END { exit bad }'
}

session_format() {
	sessions | awk '
	function uint(s) { return s ~ /^(0|[1-9][0-9]*)$/ }
	NF != 8 || length($1) != 32 || $1 !~ /^[0-9a-f]+$/ || !uint($2) || !uint($3) ||
	!uint($4) || !uint($5) || !uint($6) || $7 !~ /^[0-9a-f.:,]+$/ ||
	$8 !~ /^[0-9a-f.:,]+$/ {
		print "malformed: " $0; bad = 1
	}
	END { exit bad }'
}

ids_distinct() {
	local ids
	ids=$(conns | awk '{ print $1 }')
	[ "$(sort -u <<<"$ids" | wc -l)" = "$(wc -l <<<"$ids")" ]
}

local_is_server() {
	conns | awk '$2 != "127.0.0.1:2049" { print; bad = 1 } END { exit bad }'
}

remote_is_client() {
	local listed seen
	conns | awk '$3 !~ /^127\.0\.0\.1:/ { print; bad = 1 } END { exit bad }' ||
		return 1
	listed=$(listed_ports 127.0.0.1)
	seen=$(client_ports 127.0.0.1)
	[ "$listed" = "$seen" ] && [ "$(wc -l <<<"$seen")" = 4 ] && return 0
	echo "listed client ports: ${listed//$'\n'/ }"
	echo "ss client ports: ${seen//$'\n'/ }"
	return 1
}

all_open_no_refusals() {
	conns | awk '$5 != "open" || $7 != 0 || $8 != 0 { print; bad = 1 }
		END { exit bad }'
}

one_session_named_by_conns() {
	local sid
	sid=$(sessions | awk '{ print $1 }')
	[ "$(nr_sessions)" = 1 ] && [ "$(listed_sids)" = "$sid" ] &&
		# each connection carries it once
		conns | awk -v s="$sid" '$9 !~ "^" s "/(fore|both)$" { print; bad = 1 }
			END { exit bad }'
}

# session_is "CONNS LIMIT FORE BACK FORE_READY CLIENTS SERVERS"
session_is() {
	local got
	got=$(sessions | cut -d ' ' -f 2-)
	[ "$got" = "$1" ] && check_session_counts && return 0
	echo "session: $got, expected $1"
	return 1
}

# Each connection's age against the time since before the mount, and
# again 2 s later: it must have grown by 1 to 3 s.
ages() {
	local before
	before=$(conns | awk -v m=$((SECONDS - mount_start + 1)) '
		$4 > m { print "age " $4 " > " m " s since the mount: " $0; exit 1 }
		{ print $1, $4 }') || { echo "$before"; return 1; }
	sleep 2
	conns | awk '{ print $1, $4 }' | sort >/tmp/ages.after
	sort <<<"$before" >/tmp/ages.before
	# (no /dev/fd in UML: files, not process substitution)
	join /tmp/ages.before /tmp/ages.after | awk '
		{ n++ } $3 - $2 < 1 || $3 - $2 > 3 { print "age of " $1 ": " $2 " then " $3; bad = 1 }
		END { exit bad || n != 4 }'
}

# calls_grow MiB: write, then every connection's calls counter may only
# have grown, and together by at least one call per MiB (no WRITE carries
# more than 1 MiB); every connection carried some of it.
calls_grow() {
	conns | awk '{ print $1, $6 }' | sort >/tmp/calls.before
	dd if=/tmp/data of="$MNT/data" bs=1M conv=fsync status=none || return 1
	conns | awk '{ print $1, $6 }' | sort >/tmp/calls.after
	join /tmp/calls.before /tmp/calls.after | awk -v mib="$1" '
		{ n++; d = $3 - $2; total += d; printf "conn %s: %d -> %d\n", $1, $2, $3 }
		d <= 0 { bad = 1 }
		END { exit bad || n != 4 || total < mib }'
}

limit_follows_sysctl() {
	echo 7 >"$SYS/max_conns_per_session" &&
		[ "$(sessions | awk '{ print $3 }')" = 7 ] &&
		echo 12 >"$SYS/max_conns_per_session" &&
		[ "$(sessions | awk '{ print $3 }')" = 12 ]
}

state_of() { conns | awk -v id="$1" '$1 == id { print $5 }'; }
fore_only() { conns | awk '$9 ~ /\/fore$/ { print $1 }'; }

drain_one() {
	local id
	id=$(fore_only | head -n 1)
	drain_expect ok "drain id $id" || return 1
	[ "$(state_of "$id")" = draining ] || return 1
	session_is "4 12 4 1 3 127.0.0.1 127.0.0.1" || return 1
	# Twice is no error.
	drain_expect ok "drain id $id" || return 1
	drain_expect ok "undrain id $id" || return 1
	[ "$(state_of "$id")" = open ] &&
		session_is "4 12 4 1 4 127.0.0.1 127.0.0.1"
}

# By server address: all four match; three are drained, the last fore
# channel connection is refused, and the write says so.
drain_local() {
	drain_expect EBUSY "drain local 127.0.0.1" || return 1
	[ "$(conns | awk '$5 == "draining"' | wc -l)" = 3 ] || return 1
	session_is "4 12 4 1 1 127.0.0.1 127.0.0.1" || return 1
	drain_expect ok "undrain local 127.0.0.1" || return 1
	session_is "4 12 4 1 4 127.0.0.1 127.0.0.1" && all_open_no_refusals
}

drain_bad_syntax() {
	local l
	for l in '' drain 'drain id' 'drain id 1 2' 'bogus id 1' 'Drain id 1' \
		'drain idx 1' 'drain ip 127.0.0.1' 'drain id abc' 'drain id -1' \
		'drain id 1x' 'drain id 18446744073709551616' \
		'drain local 127.0.0.256' 'drain local 127.0.0' \
		'drain remote 127.0.0.1:2049' 'drain local host' \
		'drain id 1 2' 'drain local 127.0.0.1 x' 'undrainid 1' \
		'drainlocal 127.0.0.1' 'drain idlocal 127.0.0.1' \
		"drain id $(printf '%049d' 1)"; do
		drain_expect EINVAL "$l" || return 1
	done
	# No newline at all, and nothing at all.
	wr_expect EINVAL "$DRAIN" 'drain' && wr_expect EINVAL "$DRAIN" ''
}

drain_unknown() {
	local max
	max=$(conns | awk '$1 > m { m = $1 } END { print m }')
	drain_expect ENOENT "drain id 0" &&
		drain_expect ENOENT "drain id $((max + 1))" &&
		drain_expect ENOENT "undrain id 18446744073709551615" &&
		drain_expect ENOENT "drain local 127.0.0.2" &&
		drain_expect ENOENT "drain remote 192.0.2.1" &&
		drain_expect ENOENT "undrain local ::1"
}

# Root without CAP_NET_ADMIN opens the file (mode 0644, root's) but may
# not write: EPERM.  Another user cannot open it: EACCES.
drain_unprivileged() {
	local id out
	id=$(fore_only | head -n 1)
	export -f wr
	out=$(setpriv --bounding-set -net_admin --inh-caps -net_admin \
		bash -c "wr $DRAIN 'drain id $id'")
	[ "$out" = EPERM ] || { echo "without CAP_NET_ADMIN: $out"; return 1; }
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
		bash -c "wr $DRAIN 'drain id $id'")
	[ "$out" = EACCES ] || { echo "as nobody: $out"; return 1; }
}

drain_usage() {
	[ "$(cat "$DRAIN")" = '# write: drain|undrain id <id>|local <addr>|remote <addr>' ]
}

errors_changed_nothing() {
	all_open_no_refusals && session_is "4 12 4 1 4 127.0.0.1 127.0.0.1"
}

table_empty() {
	[ "$(nr_conns)" = 0 ] && [ "$(nr_sessions)" = 0 ] && headers
}

t_plan 24
t_check nfsd_starts nfsd_start
echo 12 >"$SYS/max_conns_per_session"
mount_start=$SECONDS
t_check mount_nconnect_4 mount_nfs vers=4.1,nconnect=4
t_check four_bound_one_session wait_for 10 four_bound
t_check headers headers
t_check connection_lines_well_formed conn_format
t_check session_line_well_formed session_format
t_check ids_distinct ids_distinct
t_check local_is_server_address local_is_server
t_check remote_ports_are_client_sockets remote_is_client
t_check all_open_no_refusals all_open_no_refusals
t_check session_named_by_every_connection one_session_named_by_conns
t_check session_columns_match_connections \
	session_is "4 12 4 1 4 127.0.0.1 127.0.0.1"
t_check limit_column_follows_sysctl limit_follows_sysctl
t_check ages_count_seconds ages
make_data 16
t_check calls_grow_with_io calls_grow 16
t_check drain_by_id drain_one
t_check drain_by_local_stops_at_last_fore drain_local
t_check drain_bad_syntax_einval drain_bad_syntax
t_check drain_unknown_enoent drain_unknown
t_check drain_unprivileged_refused drain_unprivileged
t_check drain_errors_changed_nothing errors_changed_nothing
t_check drain_file_shows_usage drain_usage
t_diag "$(table)"
# Whatever failed above: no connection stays drained into the unmount.
drain_expect ok "undrain local 127.0.0.1" >/dev/null
umount "$MNT"
t_check unmount_empties_both_files wait_for 10 table_empty
t_check nfsd_stops nfsd_stop
