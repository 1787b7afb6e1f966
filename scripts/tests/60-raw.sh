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
# harm no one; COMPOUND heads truncated at every offset; SEQUENCE on a
# draining connection.  Each case of the tool is one KTAP case here; it checks
# nfsd's or the gate's reply and /proc/net/nfs41conn/, and prints what
# differed.  A plain "tcp" listener of the same nfsd, on $REF_PORT, is the
# reference the truncated calls are compared with.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

RAW=$NFS41CONN_RUN/bin/nfs41raw
REF_PORT=2050

if ! cases=$("$RAW" -l) || [ -z "$cases" ]; then
	t_plan 1
	t_fail nfs41raw_runs "$RAW -l failed: was it built?"
	exit 0
fi
mapfile -t cases <<<"$cases"

# nfsd, and a plain TCP listener beside the nfs41conn one.
nfsd_start_ref() {
	# shellcheck disable=SC2119 # no module parameters
	nfsd_start && echo "tcp $REF_PORT" >/proc/fs/nfsd/portlist
}

# run_case NAME: one case of the tool; what it printed is the diagnostic
# (on success, what it measured).
run_case() {
	local out rc=0

	out=$(timeout 300 "$RAW" -p 2049 -r "$REF_PORT" "$1" 2>&1) || rc=$?
	if [ "$rc" = 0 ]; then
		t_ok "$1"
		t_diag "$out"
	else
		t_fail "$1" "exit status $rc" "$out" "$(table)"
	fi
}

t_plan $((${#cases[@]} + 2))
t_check nfsd_starts nfsd_start_ref
for c in "${cases[@]}"; do
	run_case "$c"
done
t_diag "$(table)"
t_check nfsd_stops nfsd_stop
