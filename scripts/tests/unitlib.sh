# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers of the nfs-server.service windows (45-rpcnfsd.sh, 46-nfsdctl.sh),
# sourced after lib.sh; not a window itself (not executable).  UML has no
# systemd running: these run the Exec lines of a unit and its drop-ins the
# way systemd does, so that a window tests the admin guide's drop-in files
# (nfs-server-nfs41conn*.conf, next to this file) against the host's real
# nfs-server.service.

# portlist_is [CLASS PORT]...: nfsd's listeners are exactly these (each
# line of portlist once or twice: IPv4 and IPv6).
portlist_is() {
	local want got
	want=$(printf '%s\n' "$@" | sed '/^$/d' | sort -u)
	got=$(sort -u /proc/fs/nfsd/portlist)
	[ "$got" = "$want" ] || {
		echo "portlist: $(tr '\n' ';' </proc/fs/nfsd/portlist)"
		return 1
	}
}

threads_are() { [ "$(cat /proc/fs/nfsd/threads)" = "$1" ]; }

# The host's nfs-server.service, as nfs-utils installed it.
nfs_server_unit() {
	local d
	for d in /lib/systemd/system /usr/lib/systemd/system; do
		[ -f "$d/nfs-server.service" ] && echo "$d/nfs-server.service" &&
			return 0
	done
	return 1
}

# unit_lines KEY FILE...: the values of KEY= in FILEs (the unit, then its
# drop-ins), in order; an empty assignment empties the list, as in
# systemd.
unit_lines() {
	local key=$1 f l
	local -a out=()

	shift
	for f in "$@"; do
		while IFS= read -r l; do
			case $l in
			"$key=") out=() ;;
			"$key="*) out+=("${l#"$key="}") ;;
			esac
		done <"$f"
	done
	[ "${#out[@]}" = 0 ] || printf '%s\n' "${out[@]}"
}

# unit_run KEY FILE...: run those lines, each in order, as systemd does:
# a failing line stops the rest (status 1) unless it starts with "-".
# The lines are simple enough that sh parses them as systemd does.  One
# substitution: UML has no installed modules, so "modprobe nfs41conn"
# loads the module under test, unless it is loaded (modprobe does
# nothing then).  Each command is echoed first.
unit_run() {
	local cmd ignore

	while IFS= read -r cmd; do
		ignore=0
		if [[ $cmd == -* ]]; then
			ignore=1
			cmd=${cmd#-}
		fi
		[[ $cmd == */modprobe\ nfs41conn ]] &&
			cmd="grep -q '^nfs41conn ' /proc/modules || insmod $MODS/nfs41conn.ko"
		echo "+ $cmd"
		if ! sh -c "$cmd" </dev/null 2>&1 && [ "$ignore" = 0 ]; then
			echo "failed: $cmd"
			return 1
		fi
	done < <(unit_lines "$@")
}

# nfs_conf_private TEXT: a private /etc/nfs.conf (and an empty
# /etc/nfs.conf.d) with TEXT, for nfs-utils to read in this UML only;
# nfs_conf_restore undoes it.
nfs_conf_private() {
	printf '%s\n' "$1" >/run/nfs41conn/nfs.conf &&
		mount --bind /run/nfs41conn/nfs.conf /etc/nfs.conf || return 1
	if [ -d /etc/nfs.conf.d ]; then
		mount -t tmpfs tmpfs /etc/nfs.conf.d || return 1
	fi
}

nfs_conf_restore() {
	mountpoint -q /etc/nfs.conf.d && umount /etc/nfs.conf.d
	grep -q ' /etc/nfs.conf ' /proc/mounts && umount /etc/nfs.conf
	return 0
}
