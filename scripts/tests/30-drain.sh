#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfs41conn-window: integration drain
# nfs41conn-cost: 28 (seconds, measured; make check balances its lanes by it)
#
# Draining one of four nconnect connections while 16 MiB are written: the
# gate refuses SEQUENCE on it with NFS4ERR_DELAY, the client retries, and
# the data arrives intact.  Draining connections of the session one after
# the other stops at the last fore channel connection: that one is refused
# with EBUSY and stays open.
. "$(dirname "$0")/lib.sh"

drain() { echo "$1" >/proc/net/nfs41conn/drain; }
state_of() { conns | awk -v id="$1" '$1 == id { print $5 }'; }
refused_draining() { conns | awk -v id="$1" '$1 == id { print $7 }'; }
# The IDs of the fore channel connections, the back channel one last.
fore_ids() {
	conns | awk '$9 ~ /\/fore$/ { print $1 }'
	conns | awk '$9 ~ /\/both$/ { print $1 }'
}

t_plan 8
t_check nfsd_starts nfsd_start
t_check mount_nconnect_4 mount_nfs vers=4.1,nconnect=4
t_check four_bound wait_for 10 sh -c "[ \$(grep -c '/fore\|/both' /proc/net/nfs41conn/connections) = 4 ]"

read -r -a ids <<<"$(fore_ids | tr '\n' ' ')"
victim=${ids[0]}
make_data 16
# The victim is drained while the copy runs.
(cp /tmp/data "$MNT/data" && sync) &
writer=$!
sleep 0.2
t_check drain_during_io drain "drain id $victim"
# Waited for here: t_check runs its command in a subshell, whose wait
# would not know the writer.
writer_rc=0
wait "$writer" || writer_rc=$?
write_then_verify() {
	[ "$writer_rc" = 0 ] || { echo "the copy failed: $writer_rc"; return 1; }
	umount "$MNT" &&
		mount -t nfs4 -o vers=4.1,nconnect=4 127.0.0.1:/ "$MNT" &&
		cmp /tmp/data "$MNT/data"
}
t_check io_completes_and_verifies write_then_verify
t_diag "$(table)"

# After the remount: drain all but the last fore channel connection.
wait_for 10 sh -c "[ \$(grep -c '/fore\|/both' /proc/net/nfs41conn/connections) = 4 ]"
read -r -a ids <<<"$(fore_ids | tr '\n' ' ')"
all_but_last_drained() {
	local id
	for id in "${ids[@]:0:3}"; do
		drain "drain id $id" || return 1
		[ "$(state_of "$id")" = draining ] || return 1
	done
}
last_refused() {
	local last=${ids[3]}
	if drain "drain id $last" 2>/dev/null; then
		echo "draining the last fore connection $last succeeded"
		return 1
	fi
	[ "$(state_of "$last")" = open ]
}
t_check drain_all_but_last all_but_last_drained
t_check last_fore_connection_refused last_refused
for id in "${ids[@]}"; do drain "undrain id $id"; done
t_check nfsd_stops nfsd_stop
