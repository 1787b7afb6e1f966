#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfs41conn-window: demo
#
# The "make demo" window (scripts/demo.sh stages it as the only window,
# next to scripts/tests/lib.sh, and runs it in UML like a test): nfsd on
# the nfs41conn transport, an NFSv4.1 mount with nconnect=4, some I/O,
# the table, one connection drained, the table again.  What an admin
# would type and see goes to $NFS41CONN_RUN/demo.out, which demo.sh
# shows while it is written; each step is also a KTAP case, so that
# demo.sh can tell a demo that worked from one that did not.
# (scripts/tests/lib.sh, staged beside this script)
# shellcheck source-path=SCRIPTDIR source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

exec 4>>"$NFS41CONN_RUN/demo.out"
say() { printf '%s\n' "$*" >&4; }
# show 'COMMAND': print it as typed at a root prompt, run it, print its
# output; fails as COMMAND does.
show() {
	local rc=0
	say "# $1"
	eval "$1" >&4 2>&1 || rc=$?
	say ""
	return "$rc"
}
bound() { [ "$(grep -c '/fore$\|/both$' /proc/net/nfs41conn/connections)" = 4 ]; }
# A fore channel only connection: never the last fore one, so it drains.
fore_only_id() { conns | awk '$9 ~ /\/fore$/ { print $1; exit }'; }

t_plan 7
say "== nfsd on the nfs41conn transport (insmod nfs41conn.ko; portlist \"nfs41conn 2049\")"
t_check nfsd_starts_on_nfs41conn nfsd_start
show "cat /proc/fs/nfsd/portlist"

say "== a Linux NFSv4.1 client with four connections"
t_check mount_nconnect_4 show "mount -t nfs4 -o vers=4.1,nconnect=4 127.0.0.1:/ $MNT"
t_check four_connections_bound wait_for 10 bound
make_data 8
t_check write_8mib show "cp /tmp/data $MNT/data && sync && ls -l $MNT"

say "== the table: connections (id, addresses, state, calls, sessions/channel) and sessions"
t_check table_listed show "cat /proc/net/nfs41conn/connections /proc/net/nfs41conn/sessions"

id=$(fore_only_id)
say "== drain connection ${id:-?}: new SEQUENCE calls on it get NFS4ERR_DELAY"
drained() {
	[ -n "$id" ] || { echo "no fore channel only connection"; return 1; }
	show "echo \"drain id $id\" >/proc/net/nfs41conn/drain" &&
		show "cat /proc/net/nfs41conn/connections" &&
		conns | awk -v id="$id" '$1 == id && $5 == "draining" { ok = 1 } END { exit !ok }'
}
t_check one_connection_drained drained

# The client would retry SEQUENCE on the drained connection (each
# NFS4ERR_DELAY costs it 15 s), also for the calls of the unmount.
say "== undrain, unmount, stop nfsd, rmmod nfs41conn"
undrain_and_stop() {
	echo "undrain id $id" >/proc/net/nfs41conn/drain && nfsd_stop
}
t_check undrained_and_stopped undrain_and_stop
