#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfs41conn-window: integration wire fuzz
# nfs41conn-cost: 60 (seconds, measured; make check balances its lanes by it)
#
# Mutated calls over TCP through the nfs41conn listener while a Linux
# client does I/O on the same server.  scripts/tests/nfs41fuzz.py makes a
# client and session of its own, on connections from 127.0.0.2 to
# 127.0.0.2:2049, and sends FUZZ_CALLS calls made from the kinds of seeds
# kunit/xdr_fuzz_test.c mutates (SEQUENCE-led COMPOUNDs with AUTH_SYS and
# AUTH_NONE, BIND_CONN_TO_SESSION alone and not alone, EXCHANGE_ID,
# CREATE_SESSION, DESTROY_SESSION, NULL, an AUTH_SYS credential whose
# declared length is too long), mutated the same ways: bit flips, bytes,
# interesting words, words off by a little, ranges cut and repeated,
# truncation.  Meanwhile the Linux client (nconnect=4, from 127.0.0.1)
# writes and reads back, with O_DIRECT, files of 2 MiB.  Afterwards: the
# server still answers, the last 8 files read back equal after a remount,
# and once the fuzzer's connections are closed and the client unmounted
# the listing is empty; nfsd stops and the module unloads.  A kernel
# splat anywhere in the window fails it (scripts/ktap-report.py).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

FUZZ=(python3 "$(dirname "$0")/nfs41fuzz.py")
FUZZ_CALLS=${FUZZ_CALLS:-4000}

# write_read_loop FILE_PREFIX: until /tmp/fuzz.done exists, write a file
# and read it back with O_DIRECT (from the server, not the page cache).
write_read_loop() {
	local i=0
	while :; do
		i=$((i + 1))
		dd if=/tmp/data of="$MNT/$1$i" bs=1M oflag=direct status=none ||
			{ echo "write $1$i failed"; return 1; }
		dd if="$MNT/$1$i" bs=1M iflag=direct status=none |
			cmp - /tmp/data || { echo "$1$i read back differs"; return 1; }
		# keep 8 for the remount, in turn
		[ -e "$MNT/$1$((i - 8))" ] && rm "$MNT/$1$((i - 8))"
		[ -e /tmp/fuzz.done ] && break
	done
	echo "$i files written and read back"
}

remount_all_equal() {
	local f n=0
	mount_nfs vers=4.1,nconnect=4 || return 1
	for f in "$MNT"/f*; do
		cmp "$f" /tmp/data || return 1
		n=$((n + 1))
	done
	[ "$n" -gt 0 ] || return 1
	echo "$n files equal after remount"
	umount "$MNT"
}

t_plan 8
t_check nfsd_starts nfsd_start
t_check mount_nconnect_4 mount_nfs vers=4.1,nconnect=4
make_data 2
rm -f /tmp/fuzz.done
write_read_loop f >/tmp/io.out 2>&1 &
io=$!
start=$SECONDS
"${FUZZ[@]}" fuzz --count "$FUZZ_CALLS" >/tmp/fuzz.out 2>&1
fuzz_rc=$?
touch /tmp/fuzz.done
t_diag "fuzzer took $((SECONDS - start)) s"
if [ "$fuzz_rc" = 0 ]; then
	t_ok fuzzer_runs_server_answers
	t_diag "$(tail -n 1 /tmp/fuzz.out)"
else
	t_fail fuzzer_runs_server_answers "exit status $fuzz_rc" "$(tail -n 20 /tmp/fuzz.out)"
fi
io_rc=0
wait "$io" || io_rc=$?
if [ "$io_rc" = 0 ]; then
	t_ok io_during_fuzz_verifies
	t_diag "$(cat /tmp/io.out)"
else
	t_fail io_during_fuzz_verifies "$(cat /tmp/io.out)"
fi
t_check fuzzer_connections_closed wait_for 10 peer_conns_gone 127.0.0.2
umount "$MNT"
t_check remount_read_back_equal remount_all_equal
t_check listing_empty_after_umount wait_for 20 table_empty
t_check nfsd_stops_module_unloads nfsd_stop
