#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfs41conn-window: integration gss-storm
# nfs41conn-cost: 25 (seconds, estimated)
#
# Where the gate closes an RPCSEC_GSS call's connection instead of
# answering it (it cannot sign a reply), a client that keeps coming back
# must not cause a reconnect storm.  The raw client (scripts/nfs41raw,
# "-L gss") sends RPCSEC_GSS_DATA SEQUENCE calls (service none, a made-up
# handle) naming a session it created over AUTH_SYS, for 10 s, and
# reconnects at once whenever the server closes: (a) on a connection the
# admin drained, (b) over the session's limit (max_conns_per_session 1,
# evict_idle_ms 0, the one connection held by another).  It passes if it
# connected at most 2 times a second.  nfsd rejects the calls itself
# (AUTH_ERROR: RPCSEC_GSS_CREDPROBLEM with the kernel's RPCSEC_GSS,
# AUTH_BADCRED without it): either is taken.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

raw_cases -L gss
raw_diag() {
	if [ -e /proc/net/rpc/auth.rpcsec.context ]; then
		echo "RPCSEC_GSS is in this kernel: nfsd answers RPCSEC_GSS_CREDPROBLEM"
	else
		echo "no RPCSEC_GSS in this kernel: nfsd answers AUTH_BADCRED"
	fi
}
raw_window nfsd_start 120
