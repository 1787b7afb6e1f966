#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfs41conn-window: integration nconnect
# nfs41conn-cost: 23 (seconds, measured; make check balances its lanes by it)
#
# A Linux client mounts NFSv4.1 with nconnect=4 through nfsd on the
# nfs41conn transport: its four connections get four IDs and are bound to
# one session, one of them with the back channel; 16 MiB written, read
# back equal after a remount; unmounting leaves nothing in the table; nfsd
# stops and the module unloads.
# shellcheck disable=SC2016 # listing's awk programs: $name is a column
. "$(dirname "$0")/lib.sh"

four_bound_one_session() {
	local n sids
	n=$(listing connections '$sessions != "-"' | wc -l)
	sids=$(listing connections '{ sub("/[a-z]*$", "", $sessions); print $sessions }' |
		sort -u)
	[ "$n" = 4 ] && [ "$(nr_conns)" = 4 ] && [ "$(nr_sessions)" = 1 ] &&
		[ "$(wc -l <<<"$sids")" = 1 ] &&
		listing sessions '$conns == 4 && $fore == 4 { ok = 1 } END { exit !ok }'
}

one_back_channel() {
	[ "$(ids_bound both | wc -l)" = 1 ] &&
		listing sessions '$back == 1 { ok = 1 } END { exit !ok }'
}

distinct_ids() {
	[ "$(conn_column id | sort -u | wc -l)" = 4 ]
}

t_plan 9
t_check nfsd_starts_on_nfs41conn nfsd_start
t_check mount_nconnect_4 mount_nfs vers=4.1,nconnect=4
t_check four_connections_one_session wait_for 10 four_bound_one_session
t_check four_distinct_ids distinct_ids
t_check one_connection_has_back_channel one_back_channel
make_data 16
t_check write_16mib write_data data
umount "$MNT"
t_check remount_read_back_equal sh -c \
	"mount -t nfs4 -o vers=4.1,nconnect=4 127.0.0.1:/ $MNT && cmp /tmp/data $MNT/data"
umount "$MNT"
t_check unmount_empties_table wait_for 10 table_empty
t_check nfsd_stops_module_unloads nfsd_stop
