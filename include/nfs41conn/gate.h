/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The nfs41conn gate: what to do with a peeked NFSv4.1 COMPOUND before
 * nfsd sees it, and what to learn from nfsd's reply.  Knows the table and
 * the peek, not sunrpc.
 */
#ifndef _NFS41CONN_GATE_H
#define _NFS41CONN_GATE_H

#include <nfs41conn/table.h>
#include <nfs41conn/xdr.h>

/**
 * enum nfs41conn_verdict - what happens to a call
 * @NFS41CONN_PASS: nfsd executes it
 * @NFS41CONN_REFUSE: the gate answers it: @status at the first operation
 * @NFS41CONN_CLOSE: nobody answers it: the connection is closed once the
 *	calls in progress on it are answered, and the client sends the call
 *	again on a new connection
 */
enum nfs41conn_verdict {
	NFS41CONN_PASS,
	NFS41CONN_REFUSE,
	NFS41CONN_CLOSE,
};

/**
 * enum nfs41conn_refusal - why a call is not passed to nfsd
 * @NFS41CONN_REFUSAL_NONE: it is
 * @NFS41CONN_REFUSAL_DRAINING: SEQUENCE on a draining connection (a
 *	refusal in drain_mode delay, a close in drain_mode close)
 * @NFS41CONN_REFUSAL_ENOMEM: a bind that could not be tracked
 */
enum nfs41conn_refusal {
	NFS41CONN_REFUSAL_NONE,
	NFS41CONN_REFUSAL_DRAINING,
	NFS41CONN_REFUSAL_ENOMEM,
};

/**
 * struct nfs41conn_gate - the gate's decision on one call
 * @verdict: what happens to the call
 * @opnum: the operation a refusal answers (the COMPOUND's first)
 * @status: the nfsstat4 of a refusal
 * @why: the reason for a refusal, or a close
 * @minorversion: the COMPOUND's minor version
 * @reserved: a reservation for @sessionid is held; the reply must commit
 *	or cancel it (nfs41conn_gate_reply(), nfs41conn_gate_abandon())
 * @excess: that reservation is beyond the session's limit: the
 *	connection's calls are held until nfsd has answered
 * @new_session: the table did not know @sessionid when the call came:
 *	nfsd's reply may teach it
 * @resume: set by the reply or the abandon: the connection's hold ended,
 *	the caller has its transport look for calls again
 * @held: set by the reply: nfsd bound the connection beyond the limit,
 *	the caller has rotation (nfs41conn_rotate()) look at it
 * @close_after_reply: a call that passes on a draining connection in
 *	drain_mode reply-close: no further call is passed on it, and it is
 *	closed once this one's reply is sent
 * @sessionid: the session of the first operation
 */
struct nfs41conn_gate {
	enum nfs41conn_verdict	verdict;
	u32			opnum;
	u32			status;
	enum nfs41conn_refusal	why;
	u32			minorversion;
	bool			reserved;
	bool			excess;
	bool			new_session;
	bool			resume;
	bool			held;
	bool			close_after_reply;
	u8			sessionid[NFS4_MAX_SESSIONID_LEN];
};

void nfs41conn_gate_call(struct nfs41conn_table *table,
			 struct nfs41conn_conn *conn,
			 const struct nfs41conn_call *call,
			 struct nfs41conn_gate *gate);
void nfs41conn_gate_reply(struct nfs41conn_table *table,
			  struct nfs41conn_conn *conn,
			  const struct nfs41conn_call *call,
			  const struct nfs41conn_reply *reply,
			  struct nfs41conn_gate *gate);
void nfs41conn_gate_abandon(struct nfs41conn_table *table,
			    struct nfs41conn_conn *conn,
			    struct nfs41conn_gate *gate);
bool nfs41conn_reply_needs_call(const struct nfs41conn_reply *reply,
				const struct nfs41conn_gate *gate);

#endif /* _NFS41CONN_GATE_H */
