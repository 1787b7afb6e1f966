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
#
# Session IDs (a credential for SP4_NONE sessions) are shown only to an
# opener with CAP_NET_ADMIN: nobody, and root without the capability, see
# the same listing with "-" for each, and no ID; nobody with the
# capability sees them, and so does nobody reading a descriptor root
# opened (the opener's right, as for drain).
# shellcheck disable=SC2016 # listing's awk programs: $name is a column
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=iflib.sh
. "$(dirname "$0")/iflib.sh"

CONNS_HEADER='# id local remote age state calls refused_draining held_limit sessions'
SESSIONS_HEADER='# session conns limit fore back fore_ready clients servers held'

headers() {
	[ "$(head -n 1 /proc/net/nfs41conn/connections)" = "$CONNS_HEADER" ] &&
		[ "$(head -n 1 /proc/net/nfs41conn/sessions)" = "$SESSIONS_HEADER" ]
}

# Every field of every line has the form the header promises.
conn_format() {
	listing connections -v ncols="$(wc -w <<<"${CONNS_HEADER#\# }")" '
	function uint(s) { return s ~ /^(0|[1-9][0-9]*)$/ }
	function sid(s) { return length(s) == 32 && s ~ /^[0-9a-f]+$/ }
	# SESSION/DIR[,SESSION/DIR...]
	function bindings(s,	b, n, i, sd) {
		n = split(s, b, ",")
		for (i = 1; i <= n; i++)
			if (split(b[i], sd, "/") != 2 || !sid(sd[1]) ||
			    sd[2] !~ /^(reserved|fore|back|both|held)$/)
				return 0
		return n > 0
	}
	NF != ncols || !uint($id) || $id == 0 ||
	$local !~ /^[0-9.]+:[0-9]+$/ || $remote !~ /^[0-9.]+:[0-9]+$/ ||
	!uint($age) || $state !~ /^(open|draining|closed)$/ ||
	!uint($calls) || !uint($refused_draining) || !uint($held_limit) ||
	!bindings($sessions) {
		print "malformed: " $0; bad = 1
	}
	END { exit bad }'
}

session_format() {
	listing sessions -v ncols="$(wc -w <<<"${SESSIONS_HEADER#\# }")" '
	function uint(s) { return s ~ /^(0|[1-9][0-9]*)$/ }
	NF != ncols || length($session) != 32 || $session !~ /^[0-9a-f]+$/ ||
	!uint($conns) || !uint($limit) || !uint($fore) || !uint($back) ||
	!uint($fore_ready) || $clients !~ /^[0-9a-f.:,]+$/ ||
	$servers !~ /^[0-9a-f.:,]+$/ || !uint($held) {
		print "malformed: " $0; bad = 1
	}
	END { exit bad }'
}

ids_distinct() {
	local ids
	ids=$(conn_column id)
	[ "$(sort -u <<<"$ids" | wc -l)" = "$(wc -l <<<"$ids")" ]
}

local_is_server() {
	listing connections '$local != "127.0.0.1:2049" { print; bad = 1 }
		END { exit bad }'
}

remote_is_client() {
	local listed seen
	listing connections '$remote !~ /^127\.0\.0\.1:/ { print; bad = 1 }
		END { exit bad }' || return 1
	listed=$(listed_ports 127.0.0.1)
	seen=$(client_ports 127.0.0.1)
	[ "$listed" = "$seen" ] && [ "$(wc -l <<<"$seen")" = 4 ] && return 0
	echo "listed client ports: ${listed//$'\n'/ }"
	echo "ss client ports: ${seen//$'\n'/ }"
	return 1
}

all_open_no_refusals() {
	listing connections '$state != "open" || $refused_draining != 0 ||
		$held_limit != 0 { print; bad = 1 } END { exit bad }'
}

one_session_named_by_conns() {
	local sid
	sid=$(session_column session)
	[ "$(nr_sessions)" = 1 ] && [ "$(listed_sids)" = "$sid" ] &&
		# each connection carries it once
		listing connections -v s="$sid" '$sessions !~ "^" s "/(fore|both)$" {
			print; bad = 1 } END { exit bad }'
}

# session_is "CONNS LIMIT FORE BACK FORE_READY CLIENTS SERVERS HELD"
session_is() {
	local got
	got=$(listing sessions '{ print $conns, $limit, $fore, $back, $fore_ready,
		$clients, $servers, $held }')
	[ "$got" = "$1" ] && check_session_counts && return 0
	echo "session: $got, expected $1"
	return 1
}

# Each connection's age against the time since before the mount, and
# again 2 s later: it must have grown by as much as the clock did between
# the two reads, give or take the second the ages are rounded to (a loaded
# machine stretches the 2 s).
ages() {
	local before t0 t1 t2 t3
	t0=$(date +%s)
	before=$(listing connections -v m=$((SECONDS - mount_start + 1)) '
		$age > m { print "age " $age " > " m " s since the mount: " $0; exit 1 }
		{ print $id, $age }') || { echo "$before"; return 1; }
	t1=$(date +%s)
	sleep 2
	t2=$(date +%s)
	listing connections '{ print $id, $age }' | sort >/tmp/ages.after
	t3=$(date +%s)
	sort <<<"$before" >/tmp/ages.before
	# (no /dev/fd in UML: files, not process substitution)
	join /tmp/ages.before /tmp/ages.after |
		awk -v lo=$((t2 - t1 - 1)) -v hi=$((t3 - t0 + 1)) '
		{ n++ } $3 - $2 < lo || $3 - $2 > hi {
			print "age of " $1 ": " $2 " then " $3 ", not " lo " to " hi " s more"; bad = 1 }
		END { exit bad || n != 4 }'
}

# calls_grow MiB: write, then every connection's calls counter may only
# have grown, and together by at least one call per MiB (no WRITE carries
# more than 1 MiB); every connection carried some of it.
calls_grow() {
	listing connections '{ print $id, $calls }' | sort >/tmp/calls.before
	dd if=/tmp/data of="$MNT/data" bs=1M conv=fsync status=none || return 1
	listing connections '{ print $id, $calls }' | sort >/tmp/calls.after
	join /tmp/calls.before /tmp/calls.after | awk -v mib="$1" '
		{ n++; d = $3 - $2; total += d; printf "conn %s: %d -> %d\n", $1, $2, $3 }
		d <= 0 { bad = 1 }
		END { exit bad || n != 4 || total < mib }'
}

limit_follows_sysctl() {
	echo 7 >"$SYS/max_conns_per_session" &&
		[ "$(session_column limit)" = 7 ] &&
		echo 12 >"$SYS/max_conns_per_session" &&
		[ "$(session_column limit)" = 12 ]
}

NOBODY=(--reuid=65534 --regid=65534 --clear-groups)
NO_NET_ADMIN=(--bounding-set -net_admin --inh-caps -net_admin)
NOBODY_NET_ADMIN=("${NOBODY[@]}" --inh-caps +net_admin --ambient-caps +net_admin)

# steady FILE: the header of that listing on stdin, then its columns
# that do not move on an idle mount: of connections all but age and
# calls, of sessions all.
steady() {
	local text
	text=$(cat)
	head -n 1 <<<"$text"
	if [ "$1" = connections ]; then
		listing - '{ print $id, $local, $remote, $state, $refused_draining,
			$held_limit, $sessions }' <<<"$text"
	else
		listing - '{ print }' <<<"$text"
	fi
}

# view_is shown|hidden SETPRIV_ARGS...: both listings, read by a process
# setpriv makes, against root's read just before; "hidden" is root's with
# each session ID replaced by "-".  The process's capabilities are shown
# too: the case is only as good as the setpriv it rests on.
view_is() {
	local want=$1 f mine theirs sid
	shift
	sid=$(session_column session)
	[ ${#sid} = 32 ] || { echo "root sees session '$sid'"; return 1; }
	setpriv "$@" grep -E '^(Uid|CapEff)' /proc/self/status | tr '\n\t' '  '
	echo
	for f in connections sessions; do
		mine=$(steady $f </proc/net/nfs41conn/$f)
		[ "$want" = hidden ] && mine=${mine//$sid/-}
		theirs=$(setpriv "$@" cat /proc/net/nfs41conn/$f | steady $f) ||
			return 1
		if [ "$want" = hidden ] && grep -Eq '[0-9a-f]{32}' <<<"$theirs"; then
			echo "$f shows a session ID:"; echo "$theirs"; return 1
		fi
		[ "$mine" = "$theirs" ] && continue
		echo "$f: expected"; echo "$mine"; echo "got"; echo "$theirs"
		return 1
	done
}

# Root opens, nobody reads: the opener's right.
descriptor_of_root() {
	local sid out
	sid=$(session_column session)
	out=$(setpriv "${NOBODY[@]}" cat </proc/net/nfs41conn/sessions)
	grep -q "^$sid " <<<"$out" && return 0
	echo "nobody reading root's descriptor got:"; echo "$out"
	return 1
}

drain_one() {
	local id
	id=$(ids_bound fore | head -n 1)
	drain_expect ok "drain id $id" || return 1
	[ "$(conn_field "$id" state)" = draining ] || return 1
	session_is "4 12 4 1 3 127.0.0.1 127.0.0.1 0" || return 1
	# Twice is no error.
	drain_expect ok "drain id $id" || return 1
	drain_expect ok "undrain id $id" || return 1
	[ "$(conn_field "$id" state)" = open ] &&
		session_is "4 12 4 1 4 127.0.0.1 127.0.0.1 0"
}

# By server address: all four match; three are drained, the last fore
# channel connection is refused, and the write says so.
drain_local() {
	drain_expect EBUSY "drain local 127.0.0.1" || return 1
	[ "$(conn_column state | grep -cx draining)" = 3 ] || return 1
	session_is "4 12 4 1 1 127.0.0.1 127.0.0.1 0" || return 1
	drain_expect ok "undrain local 127.0.0.1" || return 1
	session_is "4 12 4 1 4 127.0.0.1 127.0.0.1 0" && all_open_no_refusals
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
	max=$(max_id)
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
	id=$(ids_bound fore | head -n 1)
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
	all_open_no_refusals && session_is "4 12 4 1 4 127.0.0.1 127.0.0.1 0"
}

both_files_empty() { table_empty && headers; }

t_plan 28
t_check nfsd_starts nfsd_start
# The drain requests, not the drain close (35-drain-close.sh), which on a
# slow kernel would close a drained connection before the next step.
echo 0 >"$SYS/drain_close_idle_ms"
echo 12 >"$SYS/max_conns_per_session"
mount_start=$SECONDS
t_check mount_nconnect_4 mount_nfs vers=4.1,nconnect=4
t_check four_bound_one_session wait_for 10 bound 4
t_check headers headers
t_check connection_lines_well_formed conn_format
t_check session_line_well_formed session_format
t_check ids_distinct ids_distinct
t_check local_is_server_address local_is_server
t_check remote_ports_are_client_sockets remote_is_client
t_check all_open_no_refusals all_open_no_refusals
t_check session_named_by_every_connection one_session_named_by_conns
t_check session_columns_match_connections \
	session_is "4 12 4 1 4 127.0.0.1 127.0.0.1 0"
t_check sessionids_hidden_from_nobody view_is hidden "${NOBODY[@]}"
t_check sessionids_hidden_from_root_without_net_admin \
	view_is hidden "${NO_NET_ADMIN[@]}"
t_check sessionids_shown_to_net_admin_not_root \
	view_is shown "${NOBODY_NET_ADMIN[@]}"
t_check sessionids_follow_the_opener descriptor_of_root
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
t_check unmount_empties_both_files wait_for 10 both_files_empty
t_check nfsd_stops nfsd_stop
