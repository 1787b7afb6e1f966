# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# shellcheck disable=SC2016 # listing's awk programs: $name is a column
#
# Shared by the integration test windows (sourced, not run).  They run
# inside UML as root (scripts/uml-init.sh), write KTAP to /dev/kmsg, and
# judge nfs41conn by its own view of the table, /proc/net/nfs41conn/.

MODS=${NFS41CONN_RUN:?}/modules
EXPORT=/tmp/export
MNT=/tmp/mnt

exec 3>/dev/kmsg
T_N=0

# One KTAP line per /dev/kmsg record.
k() {
	local l
	while IFS= read -r l; do
		printf '%s\n' "$l" >&3
	done <<<"$*"
}

t_plan() {
	k "KTAP version 1"
	k "1..$1"
}

t_diag() {
	# shellcheck disable=SC2001 # each line of a multi-line text
	k "$(sed 's/^/# /' <<<"$*")"
}

t_ok() {
	T_N=$((T_N + 1))
	k "ok $T_N $1"
}

# t_fail NAME [DIAGNOSTIC...]
t_fail() {
	local d
	T_N=$((T_N + 1))
	k "not ok $T_N $1"
	shift
	for d in "$@"; do
		t_diag "$d"
	done
}

# t_check NAME COMMAND...: the case passes if COMMAND succeeds; its output
# is the diagnostic otherwise.
t_check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		t_ok "$name"
	else
		t_fail "$name" "$out" "$(table)"
	fi
}

# The module's view: the listings (one line a connection, a session),
# the drain file, the sysctls; and tracefs, for its events.
# shellcheck disable=SC2034 # for the windows
{
	DRAIN=/proc/net/nfs41conn/drain
	SYS=/proc/sys/net/nfs41conn
	TR=/sys/kernel/tracing
}
conns() { grep -v '^#' /proc/net/nfs41conn/connections; }
sessions() { grep -v '^#' /proc/net/nfs41conn/sessions; }
table() {
	cat /proc/net/nfs41conn/connections /proc/net/nfs41conn/sessions 2>&1
}
nr_conns() { conns | wc -l; }
nr_sessions() { sessions | wc -l; }
# Neither connections nor sessions listed.
table_empty() { [ "$(nr_conns)" = 0 ] && [ "$(nr_sessions)" = 0 ]; }

# listing FILE [AWK-OPTION...] PROGRAM: run the awk PROGRAM over the
# lines of /proc/net/nfs41conn/FILE ("connections" or "sessions"; "-":
# such a listing on stdin), without its header line.  Each name in that
# header ("# id local remote age state ...") is an awk variable holding
# its column's number: $state is a connection's state, $limit a
# session's limit.  The listing is read by these names only: a $NAME
# the header lacks, a column by number ($3; $0 is the line) or an option
# assigning a column's name is the window's bug, and listing_bug stops
# the window.  The file is read once: the header and the lines together.
listing() {
	local src=$1 text names name used
	local -a cols=()

	shift
	[ "$#" -gt 0 ] || listing_bug "listing $src: no awk program"
	case $src in
	connections | sessions) src=/proc/net/nfs41conn/$src ;;
	esac
	text=$(cat -- "$src") || return 1
	names=$(sed -n '1s/^# //p' <<<"$text")
	[ -n "$names" ] || listing_bug "$src: no header line"
	for name in $names; do
		cols+=(-v "$name=$((${#cols[@]} / 2 + 1))")
	done
	while read -r used; do
		name=${used#?}
		[ -z "$name" ] || [ "$name" = 0 ] ||
			[[ " $names " == *" $name "* ]] ||
			listing_bug "$src: no column \"$name\" (by name: $names)"
	done <<<"$(grep -oE '[$][A-Za-z0-9_]+' <<<"${*: -1}")"
	for used in "${@:1:$#-1}"; do
		name=${used%%=*}
		[[ $used != *=* || " $names " != *" $name "* ]] ||
			listing_bug "awk variable $name is a column of $src"
	done
	grep -v '^#' <<<"$text" | awk "${cols[@]}" "$@"
}

# listing_bug MESSAGE: a window reads the listing wrongly.  Said on the
# kernel log and stderr, and the window is killed: from inside $(...) a
# status would be lost, and an empty answer taken for an empty column.
listing_bug() {
	echo "# listing: $*" >/dev/kmsg
	echo "listing: $*" >&2
	kill -TERM "$$"
	exit 2
}

# conn_field ID NAME: column NAME of connection ID (nothing if ID is not
# listed).
conn_field() {
	[ -n "${2:-}" ] || listing_bug "conn_field $1: no column named"
	listing connections -v want="$1" "\$id == want { print \$$2 }"
}

# conn_column NAME, session_column NAME: column NAME of every connection,
# of every session, one a line.
conn_column() {
	[ -n "${1:-}" ] || listing_bug "conn_column: no column named"
	listing connections "{ print \$$1 }"
}
session_column() {
	[ -n "${1:-}" ] || listing_bug "session_column: no column named"
	listing sessions "{ print \$$1 }"
}

# conn_listed ID, conn_gone ID: connection ID is listed, is not.
conn_listed() { [ -n "$(conn_field "$1" id)" ]; }
conn_gone() { ! conn_listed "$1"; }

# The highest connection ID listed (0 if none).
max_id() { listing connections '$id > m { m = $id } END { print m + 0 }'; }

# ids_bound DIR...: the IDs of the connections whose last binding (the
# "sessions" column: SESSION/DIR[,...]) is in one of the directions DIR
# (reserved, fore, back, both, held), in the listing's order.
ids_bound() {
	listing connections -v dirs=" $* " '{
		d = $sessions; sub(".*/", "", d)
		if (index(dirs, " " d " ")) print $id
	}'
}
# The connections bound to a fore channel (fore, or both).
nr_bound() { ids_bound fore both | wc -l; }
# The fore channel connections' IDs, the back channel's (both) last.
fore_ids() { ids_bound fore; ids_bound both; }
# bound N: N connections listed, each bound to a fore channel, and one
# session.
bound() {
	[ "$(nr_bound)" = "$1" ] && [ "$(nr_conns)" = "$1" ] &&
		[ "$(nr_sessions)" = 1 ]
}

# drain LINE: write LINE to the drain file (echo's newline added); its
# errno is echo's status and message.
drain() { echo "$1" >"$DRAIN"; }
# drain_each drain|undrain ID...: that request for each connection ID, in
# turn, up to the first refused.
drain_each() {
	local what=$1 id
	shift
	for id in "$@"; do
		drain "$what id $id" || return 1
	done
}

# now: the time, for since START: the seconds since START, to 0.1 s.
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# trace_start [EVENT...]: an empty trace, recording nfs41conn's events
# EVENT (nfs41conn_EVENT), or all of them; trace_stop turns them off and
# empties the trace.  The module's unload discards its events: read them
# before.
trace_start() {
	local e
	echo 0 >"$TR/tracing_on" && : >"$TR/trace" || return 1
	if [ "$#" = 0 ]; then
		echo 1 >"$TR/events/nfs41conn/enable" || return 1
	fi
	for e in "$@"; do
		echo 1 >"$TR/events/nfs41conn/nfs41conn_$e/enable" || return 1
	done
	echo 1 >"$TR/tracing_on"
}
trace_stop() {
	echo 0 >"$TR/events/nfs41conn/enable" 2>/dev/null
	: >"$TR/trace"
}

# peer_conns_gone ADDR: no established TCP connection with ADDR as a peer.
peer_conns_gone() { ! ss -Htn state established | grep -qF "$1:"; }

# prints TEXT COMMAND...: COMMAND prints TEXT (and a newline), e.g.
# "wait_for 10 prints 4 nr_bound".
prints() { [ "$("${@:2}")" = "$1" ]; }

# wait_for SECONDS COMMAND...: poll until COMMAND succeeds.
wait_for() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.2
	done
}

# exports_tmp: $EXPORT exported to all (as NFSv4's root), in a private
# /etc/exports (scripts/uml-init.sh); $MNT to mount it on.
exports_tmp() {
	mkdir -p "$EXPORT" "$MNT"
	echo "$EXPORT *(rw,no_root_squash,fsid=0,insecure,no_subtree_check)" \
		>/etc/exports
}

# nfsd_export: exports_tmp, the nfsd filesystem mounted and the export
# given to it, and rpc.mountd for NFSv4 only.
nfsd_export() {
	exports_tmp
	mountpoint -q /proc/fs/nfsd || mount -t nfsd nfsd /proc/fs/nfsd ||
		return 1
	exportfs -ra && rpc.mountd -N 2 -N 3 --no-udp
}

# Start nfsd with one listener of class nfs41conn (IPv4 and IPv6) on 2049.
# rpc.nfsd cannot name the class, so nfsd is set up through /proc/fs/nfsd;
# the versions go first, or nfsd tries to register NFSv3 with rpcbind.
# 1 MiB reads and writes, the default of a server with 4 GiB or more:
# UML's 512 MiB would make it 128 KiB, and eight times the RPCs.
# shellcheck disable=SC2120 # the windows may pass module parameters
nfsd_start() {
	insmod "$MODS/nfs41conn.ko" "$@" || return 1
	# The windows check the gate's NFS4ERR_DELAY to a drained connection's
	# calls: drain_mode delay, not the default (reply-close), which
	# 30-drain.sh and 35-drain-close.sh test with the others.
	echo 0 >"$SYS/drain_mode" && nfsd_export || return 1
	echo "-2 -3 +4 +4.1 +4.2" >/proc/fs/nfsd/versions &&
		echo 1048576 >/proc/fs/nfsd/max_block_size &&
		echo 10 >/proc/fs/nfsd/nfsv4gracetime &&
		echo "nfs41conn 2049" >/proc/fs/nfsd/portlist &&
		echo 8 >/proc/fs/nfsd/threads
}

# Stop nfsd and unload the module; fails if the module cannot be unloaded.
# Each step is named on the console first: on UML 6.1, a hung kernel has
# been seen inside this function, and the console says which step it was.
nfsd_stop() {
	stop_step "umount"
	mountpoint -q "$MNT" && umount -f "$MNT"
	stop_step "nfsd threads to 0"
	echo 0 >/proc/fs/nfsd/threads
	stop_step "rpc.mountd and exports"
	pkill -x rpc.mountd
	exportfs -ua
	wait_for 10 sh -c '! pidof rpc.mountd >/dev/null'
	stop_step "rmmod nfs41conn"
	rmmod nfs41conn
	stop_step "done"
}

# stop_step WHAT: one console line, outside KTAP (not a "# " line).
stop_step() { printf 'nfs41conn-check: nfsd_stop: %s\n' "$1" >&3; }

# mount_nfs OPTIONS: mount the export, within 60 s.
mount_nfs() {
	timeout 60 mount -t nfs4 -o "$1" 127.0.0.1:/ "$MNT"
}

# remount OPTIONS N: unmount, mount with OPTIONS, and wait up to 20 s for
# N connections bound to a fore channel.
remount() {
	umount "$MNT" && mount_nfs "$1" && wait_for 20 prints "$2" nr_bound
}

# make_data MiB: a file of random data to write and compare.
make_data() {
	dd if=/dev/urandom of=/tmp/data bs=1M count="$1" status=none
}

# write_data NAME [SECONDS]: /tmp/data copied to $MNT/NAME and synced,
# within SECONDS (120); read_back NAME [SECONDS]: it reads back equal,
# from the server (the page cache dropped).
write_data() {
	timeout "${2:-120}" sh -c "cp /tmp/data $MNT/$1 && sync"
}
read_back() {
	echo 3 >/proc/sys/vm/drop_caches
	timeout "${2:-120}" cmp /tmp/data "$MNT/$1"
}

# The raw NFSv4.1 client (scripts/nfs41raw), built by scripts/check.sh,
# and the port of a plain "tcp" listener of the same nfsd to compare with.
RAW=$NFS41CONN_RUN/bin/nfs41raw
RAW_REF_PORT=2050

# raw_cases LIST-OPTION...: the raw client's cases ("-l", "-L auth", ...)
# into the array raw_case_names; if it cannot list them, the window is one
# failed case and ends.
raw_cases() {
	local out

	if ! out=$("$RAW" "$@") || [ -z "$out" ]; then
		t_plan 1
		t_fail nfs41raw_runs "$RAW $* failed: was it built?"
		exit 0
	fi
	# shellcheck disable=SC2034 # the windows read it
	mapfile -t raw_case_names <<<"$out"
}

# nfsd, and a plain TCP listener on $RAW_REF_PORT beside the nfs41conn one.
nfsd_start_ref() {
	# shellcheck disable=SC2119 # no module parameters
	nfsd_start && echo "tcp $RAW_REF_PORT" >/proc/fs/nfsd/portlist
}

# raw_window START TIMEOUT [OPTION...]: the window of the raw cases
# raw_cases listed: nfsd started by START (nfsd_start, nfsd_start_ref or
# the window's own), each case run by raw_case TIMEOUT with OPTIONs, what
# raw_diag prints (if the window defines it) and the table as
# diagnostics, nfsd stopped.
raw_window() {
	local start=$1 limit=$2 c

	shift 2
	t_plan $((${#raw_case_names[@]} + 2))
	t_check nfsd_starts "$start"
	for c in "${raw_case_names[@]}"; do
		raw_case "$limit" "$c" "$@"
	done
	if declare -F raw_diag >/dev/null; then
		t_diag "$(raw_diag)"
	fi
	t_diag "$(table)"
	t_check nfsd_stops nfsd_stop
}

# raw_case TIMEOUT NAME [OPTION...]: one case of the raw client, one KTAP
# case; what it printed is the diagnostic (on success, what it measured).
raw_case() {
	local limit=$1 name=$2 out rc=0

	shift 2
	out=$(timeout "$limit" "$RAW" -p 2049 "$@" "$name" 2>&1) || rc=$?
	if [ "$rc" = 0 ]; then
		t_ok "$name"
		t_diag "$out"
	else
		t_fail "$name" "exit status $rc" "$out" "$(table)"
	fi
}
