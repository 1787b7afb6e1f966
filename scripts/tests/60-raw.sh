#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfs41conn-window: integration raw
# nfs41conn-cost: 35 (seconds, measured; make check balances its lanes by it)
#
# The raw NFSv4.1 client, scripts/nfs41raw (built by scripts/check.sh into
# $NFS41CONN_RUN/bin), against nfsd on the nfs41conn class: what the
# Linux client never sends -- BIND_CONN_TO_SESSION in each direction and
# rebinds, not alone, for unknown sessions; binds over the session limit,
# which nfsd answers and which then hold the connection until a slot frees
# or an idle one is evicted, and calls over it that nfsd rejects, which
# harm no one; an idle connection holding the first half of a record,
# which is not evicted until its client sends the rest; COMPOUND heads
# truncated at every offset; SEQUENCE on a draining connection.  Each case
# of the tool is one KTAP case here; it checks nfsd's or the gate's reply
# and /proc/net/nfs41conn/, and prints what differed.  A plain "tcp"
# listener of the same nfsd, on $RAW_REF_PORT, is the reference the
# truncated calls are compared with.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

raw_cases -l
raw_window nfsd_start_ref 300 -r "$RAW_REF_PORT"
