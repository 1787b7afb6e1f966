# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
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

# The module's view.
conns() { grep -v '^#' /proc/net/nfs41conn/connections; }
sessions() { grep -v '^#' /proc/net/nfs41conn/sessions; }
table() {
	cat /proc/net/nfs41conn/connections /proc/net/nfs41conn/sessions 2>&1
}
nr_conns() { conns | wc -l; }
nr_sessions() { sessions | wc -l; }
# Neither connections nor sessions listed.
table_empty() { [ "$(nr_conns)" = 0 ] && [ "$(nr_sessions)" = 0 ]; }
# peer_conns_gone ADDR: no established TCP connection with ADDR as a peer.
peer_conns_gone() { ! ss -Htn state established | grep -qF "$1:"; }

# wait_for SECONDS COMMAND...: poll until COMMAND succeeds.
wait_for() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.2
	done
}

# Start nfsd with one listener of class nfs41conn (IPv4 and IPv6) on 2049.
# rpc.nfsd cannot name the class, so nfsd is set up through /proc/fs/nfsd;
# the versions go first, or nfsd tries to register NFSv3 with rpcbind.
# 1 MiB reads and writes, the default of a server with 4 GiB or more:
# UML's 512 MiB would make it 128 KiB, and eight times the RPCs.
nfsd_start() {
	insmod "$MODS/nfs41conn.ko" "$@" || return 1
	# The windows check the gate's NFS4ERR_DELAY to a drained connection's
	# calls: drain_mode delay, not the default (reply-close), which
	# 30-drain.sh and 35-drain-close.sh test with the others.
	echo 0 >/proc/sys/net/nfs41conn/drain_mode || return 1
	mkdir -p "$EXPORT" "$MNT"
	echo "$EXPORT *(rw,no_root_squash,fsid=0,insecure,no_subtree_check)" \
		>/etc/exports
	mountpoint -q /proc/fs/nfsd || mount -t nfsd nfsd /proc/fs/nfsd ||
		return 1
	exportfs -ra || return 1
	rpc.mountd -N 2 -N 3 --no-udp || return 1
	echo "-2 -3 +4 +4.1 +4.2" >/proc/fs/nfsd/versions &&
		echo 1048576 >/proc/fs/nfsd/max_block_size &&
		echo 10 >/proc/fs/nfsd/nfsv4gracetime &&
		echo "nfs41conn 2049" >/proc/fs/nfsd/portlist &&
		echo 8 >/proc/fs/nfsd/threads
}

# Stop nfsd and unload the module; fails if the module cannot be unloaded.
nfsd_stop() {
	mountpoint -q "$MNT" && umount -f "$MNT"
	echo 0 >/proc/fs/nfsd/threads
	pkill -x rpc.mountd
	exportfs -ua
	wait_for 10 sh -c '! pidof rpc.mountd >/dev/null'
	rmmod nfs41conn
}

# mount_nfs OPTIONS: mount the export, within 60 s.
mount_nfs() {
	timeout 60 mount -t nfs4 -o "$1" 127.0.0.1:/ "$MNT"
}

# make_data MiB: a file of random data to write and compare.
make_data() {
	dd if=/dev/urandom of=/tmp/data bs=1M count="$1" status=none
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
