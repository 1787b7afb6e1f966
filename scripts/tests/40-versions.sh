#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfs41conn-window: integration versions
# nfs41conn-cost: 19 (seconds, measured; make check balances its lanes by it)
#
# NFSv4.0 and NFSv4.2 mounts work through the same nfs41conn listener: the
# gate leaves minor version 0 to nfsd (no session appears in the table)
# and handles 4.2 as 4.1.
. "$(dirname "$0")/lib.sh"

rw_check() {
	cp /tmp/data "$MNT/$1" && sync && umount "$MNT" &&
		mount_nfs "$2" && cmp /tmp/data "$MNT/$1"
}

v40_no_session() { [ "$(nr_sessions)" = 0 ] && [ "$(nr_conns)" -ge 1 ]; }

v42_session_and_io() { [ "$(nr_sessions)" = 1 ] && rw_check v42 vers=4.2; }

t_plan 7
t_check nfsd_starts nfsd_start
make_data 4
t_check mount_v40 mount_nfs vers=4.0
t_check v40_no_session v40_no_session
t_check v40_write_read rw_check v40 vers=4.0
umount "$MNT"
t_check mount_v42 mount_nfs vers=4.2,nconnect=2
t_check v42_session_and_io v42_session_and_io
umount "$MNT"
t_check nfsd_stops nfsd_stop
