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
t_plan $((${#raw_case_names[@]} + 2))
# shellcheck disable=SC2119 # no module parameters
t_check nfsd_starts nfsd_start
if [ -e /proc/net/rpc/auth.rpcsec.context ]; then
	t_diag "RPCSEC_GSS is in this kernel: nfsd answers RPCSEC_GSS_CREDPROBLEM"
else
	t_diag "no RPCSEC_GSS in this kernel: nfsd answers AUTH_BADCRED"
fi
for c in "${raw_case_names[@]}"; do
	raw_case 120 "$c"
done
t_check nfsd_stops nfsd_stop
