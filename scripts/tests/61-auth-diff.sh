#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfs41conn-window: integration auth-diff
# nfs41conn-cost: 20 (seconds, estimated)
#
# Crafted credentials and verifiers, differentially: the raw client
# (scripts/nfs41raw, "-L auth") sends a SEQUENCE under each crafted form
# -- AUTH_SYS declared lengths too long and too short, machine names of
# 255 and 256 bytes, 16 and 17 gids, trailing bytes, bad verifiers,
# AUTH_NONE with a body, unknown flavors, AUTH_TLS, RPCSEC_GSS forms --
# through a plain "tcp" listener of the same nfsd ($RAW_REF_PORT, nfsd alone)
# and through the nfs41conn listener, on a connection of the session and
# on one that is drained.  Through nfs41conn the answer must be nfsd's
# (RPC accept or deny, auth_stat, COMPOUND status, first result), and on
# the drained connection the gate must refuse (NFS4ERR_DELAY) exactly when
# nfsd ran the SEQUENCE, as it refuses the honest form: a crafted
# credential neither bypasses the gate nor makes it answer in place of
# sunrpc's rejection.  A well-formed RPCSEC_GSS call, which nfsd rejects
# (no such context), is closed by the gate on the drained connection: it
# cannot sign a reply.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

raw_cases -L auth
raw_window nfsd_start_ref 120 -r "$RAW_REF_PORT"
