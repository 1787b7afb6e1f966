#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfs41conn-window: integration modinfo
# nfs41conn-cost: 8 (seconds, measured; make check balances its lanes by it)
#
# What packaging relies on: modinfo of the built nfs41conn.ko has a
# description, license GPL, a version and both parameters with their
# descriptions.  A parameter given to insmod is the initial value of the
# matching net.nfs41conn sysctl in init_net and in a namespace created
# later; one changed in /sys/module afterwards reaches only namespaces
# created after the change; out-of-range values make insmod fail (and a
# bad write to /sys/module is refused), at both ends of each range.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

KO=$MODS/nfs41conn.ko
PARAMS=/sys/module/nfs41conn/parameters

field() { modinfo -F "$1" "$KO"; }

modinfo_fields() {
	[ -n "$(field description)" ] || { echo "no description"; return 1; }
	[ "$(field license)" = GPL ] || { echo "license '$(field license)'"; return 1; }
	[ -n "$(field version)" ] || { echo "no version"; return 1; }
}

# Each parameter is listed with a description (modinfo "name:description").
modinfo_parms() {
	local p
	for p in max_conns_per_session evict_idle_ms; do
		field parm | grep -q "^$p:.\+" || {
			echo "parameter $p not listed:"
			field parm
			return 1
		}
	done
}

# in_new_netns FILE: FILE read from inside a new network namespace.
in_new_netns() { unshare -n cat "$1"; }

# expect NAME WANT GOT
expect() {
	[ "$2" = "$3" ] || { echo "$1: want $2, got $3"; return 1; }
}

# pair_is NAME DIR MAX IDLE [READER]: max_conns_per_session and
# evict_idle_ms in DIR ($SYS or $PARAMS), read by READER (cat, or
# in_new_netns), are MAX and IDLE.
pair_is() {
	local name=$1 dir=$2 max=$3 idle=$4 read=${5:-cat}
	expect "${name}_max" "$max" "$("$read" "$dir/max_conns_per_session")" &&
		expect "${name}_idle" "$idle" "$("$read" "$dir/evict_idle_ms")"
}

loaded_defaults() {
	insmod "$KO" || return 1
	pair_is init_net "$SYS" 16 2000 && pair_is param "$PARAMS" 16 2000
	local rc=$?
	rmmod nfs41conn || return 1
	return "$rc"
}

params_set_defaults() {
	insmod "$KO" max_conns_per_session=5 evict_idle_ms=1234 || return 1
	local rc=0
	pair_is init_net "$SYS" 5 1234 &&
		pair_is new_netns "$SYS" 5 1234 in_new_netns || rc=1
	# Changed later: new namespaces only.
	if [ "$rc" = 0 ]; then
		echo 7 >$PARAMS/max_conns_per_session &&
			echo 0 >$PARAMS/evict_idle_ms &&
			pair_is later_netns "$SYS" 7 0 in_new_netns &&
			pair_is init_net_kept "$SYS" 5 1234 || rc=1
	fi
	# A namespace's own sysctl is still bounded and settable.
	if [ "$rc" = 0 ]; then
		echo 9 >$SYS/max_conns_per_session &&
			expect sysctl_write 9 "$(cat $SYS/max_conns_per_session)" || rc=1
	fi
	rmmod nfs41conn || return 1
	return "$rc"
}

# The bounds of the sysctls: max_conns_per_session 1..1024,
# evict_idle_ms 0..3600000.
edges_load() {
	local a
	for a in max_conns_per_session=1 max_conns_per_session=1024 \
		evict_idle_ms=0 evict_idle_ms=3600000; do
		insmod "$KO" "$a" || { echo "insmod $a failed"; return 1; }
		expect "$a" "${a#*=}" "$(cat "$SYS/${a%=*}")" || { rmmod nfs41conn; return 1; }
		rmmod nfs41conn || return 1
	done
}

bad_values_refused() {
	local a
	for a in max_conns_per_session=0 max_conns_per_session=1025 \
		max_conns_per_session=-1 max_conns_per_session=abc \
		evict_idle_ms=3600001 evict_idle_ms=-1 evict_idle_ms=4294967296; do
		if insmod "$KO" "$a" 2>/dev/null; then
			echo "insmod $a succeeded"
			rmmod nfs41conn
			return 1
		fi
		if [ -d /sys/module/nfs41conn ]; then
			echo "module present after failed insmod $a"
			return 1
		fi
	done
}

bad_writes_refused() {
	insmod "$KO" || return 1
	local rc=0 w
	for w in max_conns_per_session:0 max_conns_per_session:1025 \
		evict_idle_ms:3600001; do
		if echo "${w#*:}" >"$PARAMS/${w%%:*}" 2>/dev/null; then
			echo "writing ${w#*:} to ${w%%:*} succeeded"
			rc=1
		fi
	done
	[ "$rc" = 0 ] && { pair_is unchanged "$PARAMS" 16 2000 || rc=1; }
	rmmod nfs41conn || return 1
	return "$rc"
}

t_plan 7
t_check modinfo_description_license_version modinfo_fields
t_check modinfo_lists_parameters modinfo_parms
t_check defaults_without_parameters loaded_defaults
t_check parameters_are_new_netns_defaults params_set_defaults
t_check range_edges_load edges_load
t_check bad_values_fail_insmod bad_values_refused
t_check bad_parameter_writes_refused bad_writes_refused
