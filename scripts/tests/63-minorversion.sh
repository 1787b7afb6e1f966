#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfs41conn-window: integration minorversion
# nfs41conn-cost: 12 (seconds, measured; make check balances its lanes by it)
#
# Where nfsd would answer differently, the gate passes the call: it
# refuses a SEQUENCE on a draining connection (NFS4ERR_DELAY) only in the
# minor version nfsd served the session in.  nfsd serves 4.1, not 4.2
# ("-4.2" in /proc/fs/nfsd/versions), on the nfs41conn listener and on a
# plain "tcp" one ($RAW_REF_PORT, nfsd alone).  The raw client
# (scripts/nfs41raw, "-L minor"): on a drained connection of a minor
# version 1 session, SEQUENCE in minor version 1 is the gate's
# NFS4ERR_DELAY, in minor version 2 nfsd's NFS4ERR_MINOR_VERS_MISMATCH,
# as through the tcp listener.  Then, its session live, nfsd stops (its
# listeners go, and with the last nfs41conn one the table forgets every
# session: /proc/net/nfs41conn/sessions lists none) and starts serving
# 4.2, not 4.1; on a drained connection of a new minor version 2 session,
# SEQUENCE in minor version 1, of it or of the old session, and of the old
# session in minor version 2, is nfsd's answer (MINOR_VERS_MISMATCH,
# BADSESSION), as through the tcp listener, not the gate's DELAY.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

raw_cases -L minor

# nfsd as lib.sh starts it, restarted (versions change only while no
# thread runs) serving 4.1 and not 4.2, with a plain TCP listener beside
# the nfs41conn one.
nfsd_start_v41() {
	# shellcheck disable=SC2119 # no module parameters
	nfsd_start && echo 0 >/proc/fs/nfsd/threads &&
		echo "-2 -3 +4 +4.1 -4.2" >/proc/fs/nfsd/versions &&
		echo "nfs41conn 2049" >/proc/fs/nfsd/portlist &&
		echo "tcp $RAW_REF_PORT" >/proc/fs/nfsd/portlist &&
		echo 8 >/proc/fs/nfsd/threads &&
		grep -qw -- -4.2 /proc/fs/nfsd/versions &&
		grep -qw -- +4.1 /proc/fs/nfsd/versions
}

raw_diag() { cat /proc/fs/nfsd/versions; }
raw_window nfsd_start_v41 120 -r "$RAW_REF_PORT"
