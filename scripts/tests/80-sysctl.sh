#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfs41conn-window: interface sysctl
# nfs41conn-cost: 66 (seconds, measured; make check balances its lanes by it)
#
# net.nfs41conn.max_conns_per_session (1..1024, default 16),
# net.nfs41conn.evict_idle_ms (0..3600000, default 2000) and
# net.nfs41conn.drain_close_idle_ms (0..3600000, default 5000) and
# net.nfs41conn.drain_mode (0 delay, 1 close, 2 reply-close; default 0): the defaults;
# each bound is accepted and the value just past it refused; garbage,
# negative, empty and overflowing writes get EINVAL and change nothing;
# an unprivileged writer is refused.  Per network namespace: a namespace
# that existed before the module loaded gets its own pair, a new one
# starts from the defaults whatever init_net has, and a value set in one
# changes no other.  Unloading and loading again restores the defaults.
# That the gate acts on drain_mode is 30-drain.sh's and 35-drain-close.sh's.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=iflib.sh
. "$(dirname "$0")/iflib.sh"

MAXC=$SYS/max_conns_per_session
IDLE=$SYS/evict_idle_ms
CLOSE=$SYS/drain_close_idle_ms
MODE=$SYS/drain_mode

# value_is FILE VALUE
value_is() {
	local v
	v=$(cat "$1") || return 1
	[ "$v" = "$2" ] && return 0
	echo "$1 is $v, expected $2"
	return 1
}

# accepts FILE VALUE: the write succeeds and reads back.
accepts() {
	wr_expect ok "$1" "$2"$'\n' && value_is "$1" "$2"
}

# refuses FILE VALUE...: each write gets EINVAL, the value stays.
refuses() {
	local f=$1 before v
	shift
	before=$(cat "$f")
	for v in "$@"; do
		wr_expect EINVAL "$f" "$v" || return 1
		value_is "$f" "$before" || return 1
	done
}

# Not numbers, negative, blank, too large for unsigned int or for the
# parser; each also with a newline, as echo writes it.  A write of no
# bytes at all succeeds, as for any uint sysctl (do_proc_douintvec()
# ignores it): it must change nothing either.
BAD=(abc 12abc 1.5 +5 0x -1 -0 -4294967295 ' ' 4294967296 4294967312
	18446744073709551616 99999999999999999999999)
bad_writes() {
	local v before all=($'\n')
	for v in "${BAD[@]}"; do
		all+=("$v" "$v"$'\n')
	done
	refuses "$1" "${all[@]}" || return 1
	before=$(cat "$1")
	wr_expect ok "$1" '' && value_is "$1" "$before"
}

# in_ns PID COMMAND...: run COMMAND in the network namespace of PID.
in_ns() {
	local pid=$1
	shift
	nsenter -t "$pid" -n "$@"
}

both_are() {
	local got
	got=$("$@" cat "$MAXC" "$IDLE" "$CLOSE" "$MODE" | tr '\n' ' ') ||
		return 1
	[ "$got" = "$ARGS " ] && return 0
	echo "max_conns_per_session evict_idle_ms drain_close_idle_ms drain_mode: $got, expected $ARGS"
	return 1
}
# values_are "MAXC IDLE CLOSE MODE" [COMMAND PREFIX...]: read all four,
# through the prefix
values_are() {
	ARGS=$1
	shift
	both_are "$@"
}
export -f wr wr_expect value_is accepts refuses

defaults() {
	[ "$(sysctl -n net.nfs41conn.max_conns_per_session)" = 16 ] &&
		[ "$(sysctl -n net.nfs41conn.evict_idle_ms)" = 2000 ] &&
		[ "$(sysctl -n net.nfs41conn.drain_close_idle_ms)" = 5000 ] &&
		[ "$(sysctl -n net.nfs41conn.drain_mode)" = 0 ]
}
max_conns_bounds() {
	accepts "$MAXC" 1 && accepts "$MAXC" 1024 && accepts "$MAXC" 2 &&
		accepts "$MAXC" 1023
}
evict_idle_bounds() {
	accepts "$IDLE" 0 && accepts "$IDLE" 3600000 && accepts "$IDLE" 1 &&
		accepts "$IDLE" 3599999
}
drain_close_idle_bounds() {
	accepts "$CLOSE" 0 && accepts "$CLOSE" 3600000 && accepts "$CLOSE" 1 &&
		accepts "$CLOSE" 3599999
}
drain_mode_values() {
	accepts "$MODE" 2 && accepts "$MODE" 1 && accepts "$MODE" 0
}
# With white space around it, a value is taken (as by any uint sysctl).
whitespace() {
	wr_expect ok "$MAXC" $' 12 \n' && value_is "$MAXC" 12
}
unprivileged() {
	local before out
	before=$(cat "$MAXC")
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
		bash -c "wr $MAXC 3")
	[ "$out" = EACCES ] || { echo "an unprivileged write got $out"; return 1; }
	value_is "$MAXC" "$before"
}
sysctl_tool() {
	sysctl -q -w net.nfs41conn.max_conns_per_session=5 \
		net.nfs41conn.evict_idle_ms=777 \
		net.nfs41conn.drain_close_idle_ms=888 \
		net.nfs41conn.drain_mode=2 && values_are "5 777 888 2"
}
set_in_other_netns() {
	local out
	out=$(in_ns "$early" bash -c "wr $MAXC 9; wr $IDLE 4321; wr $CLOSE 6000; wr $MODE 1")
	[ "$out" = $'ok\nok\nok\nok' ] || { echo "writes got $out"; return 1; }
	values_are "9 4321 6000 1" in_ns "$early"
}
bounds_in_other_netns() {
	in_ns "$early" bash -c "refuses $MAXC 0 1025 -1 abc \$'\\n' &&
		refuses $IDLE 3600001 -1 abc \$'\\n' &&
		refuses $CLOSE 3600001 -1 abc \$'\\n' &&
		refuses $MODE 3 -1 abc \$'\\n'"
}
gone() {
	[ ! -e "$SYS" ] && ! unshare -n test -e "$SYS"
}
reload() {
	insmod "$MODS/nfs41conn.ko" && values_are "16 2000 5000 0"
}

t_plan 30

# A namespace older than the module.
unshare -n sleep 600 &
early=$!
wait_for 5 sh -c "[ \"\$(readlink /proc/$early/ns/net)\" != \"\$(readlink /proc/self/ns/net)\" ]"
t_check module_loads insmod "$MODS/nfs41conn.ko"
t_check defaults defaults
t_check max_conns_bounds_accepted max_conns_bounds
t_check max_conns_below_min_refused refuses "$MAXC" 0 $'0\n'
t_check max_conns_above_max_refused refuses "$MAXC" 1025 $'1025\n' 4294967295
t_check max_conns_bad_writes_refused bad_writes "$MAXC"
t_check evict_idle_bounds_accepted evict_idle_bounds
t_check evict_idle_above_max_refused refuses "$IDLE" 3600001 $'3600001\n' 4294967295
t_check evict_idle_bad_writes_refused bad_writes "$IDLE"
t_check drain_close_idle_bounds_accepted drain_close_idle_bounds
t_check drain_close_idle_above_max_refused refuses "$CLOSE" 3600001 \
	$'3600001\n' 4294967295
t_check drain_close_idle_bad_writes_refused bad_writes "$CLOSE"
t_check drain_mode_values_accepted drain_mode_values
t_check drain_mode_above_max_refused refuses "$MODE" 3 $'3\n' 4294967295
t_check drain_mode_bad_writes_refused bad_writes "$MODE"
t_check whitespace_accepted whitespace
t_check unprivileged_write_refused unprivileged
t_check sysctl_tool_sets sysctl_tool

# Per network namespace.  init_net has 5, 777, 888 and 2 now.
t_check older_netns_has_defaults values_are "16 2000 5000 0" in_ns "$early"
t_check new_netns_starts_from_defaults values_are "16 2000 5000 0" unshare -n
t_check set_in_other_netns set_in_other_netns
t_check init_net_unchanged values_are "5 777 888 2"
t_check bounds_in_other_netns bounds_in_other_netns
t_check other_netns_kept values_are "9 4321 6000 1" in_ns "$early"
t_check init_net_set_again sh -c "echo 1024 >$MAXC && echo 0 >$IDLE && echo 0 >$CLOSE && echo 0 >$MODE"
t_check other_netns_still_kept values_are "9 4321 6000 1" in_ns "$early"

# The namespace goes away, then the module.
kill "$early"
wait "$early" 2>/dev/null
t_check module_unloads wait_for 10 rmmod nfs41conn
t_check sysctls_gone gone
t_check reload_restores_defaults reload
t_check module_unloads_again rmmod nfs41conn
