// SPDX-License-Identifier: GPL-2.0
/*
 * Calls received on nfs41conn connections.
 *
 * Operation:
 *
 * svc_handle_xprt() calls nfs41conn_recvfrom() when a connection has data.
 * sunrpc's TCP recvfrom reads one complete RPC call into rqstp->rq_arg;
 * nfs41conn counts it, peeks at its head (xdr.c), and asks the gate
 * (gate.c) what to do:
 *
 *   PASS	the call goes to nfsd as if nfs41conn were not there; a
 *		reservation the gate took travels in rqstp->rq_xprt_ctxt to
 *		nfs41conn_sendto(), or to nfs41conn_release_ctxt() if nfsd
 *		drops the call.  A reservation beyond the session's limit
 *		passes too, and holds the connection: no further call is
 *		read from it (nfs41conn_has_wspace()) until nfsd's answer
 *		cancels the reservation or rotation (rotate.c) admits the
 *		binding nfsd made;
 *   REFUSE	the gate's reply is built in rq_res and sent through the TCP
 *		transport here, and 0 is returned: svc_handle_xprt() then
 *		releases the request without calling nfsd;
 *   CLOSE	nothing is sent, and 0 is returned: the connection is
 *		closed once the calls in progress on it are answered
 *		(nfs41conn_conn_close_after_calls()), and the client sends
 *		the call again on a new connection.
 *
 * A call that passes on a draining connection in drain_mode reply-close
 * closes it the same way: it is the last passed, and the end of its reply
 * closes the transport.
 *
 * No nfsd thread waits here: what the limit holds back waits in the
 * connection's socket.  Calls that are not NFSv4.1+ COMPOUNDs, or that
 * the peek cannot read, go to nfsd untouched, which gives its own answer,
 * and nothing is learned from their replies.
 *
 * Every call passed to nfsd is counted on its connection
 * (nfs41conn_conn_call_begin()) until sunrpc releases its request:
 * rqstp->rq_xprt_ctxt is then the gate's decision when it holds a
 * reservation, or one of the NFS41CONN_CTXT_* marks, and
 * nfs41conn_release_ctxt() ends the count.  A connection being closed
 * (evicted, expired, drained and idle, or closed by the gate) passes no
 * call any more: the client sends it again on its new connection.
 *
 * RPCSEC_GSS: the gate cannot compute the verifier of a reply under a GSS
 * context, so it never answers such a call itself.  Where it would, it
 * closes the connection instead, without a reply, as for CLOSE; the
 * client retransmits the call on a new connection, which is not draining.  Bodies wrapped by
 * krb5i or krb5p cannot be read and are never gated.
 */

#include <linux/slab.h>
#include <linux/sunrpc/svc.h>
#include <linux/sunrpc/svc_xprt.h>

#include <nfs41conn/gate.h>
#include <nfs41conn/xprt.h>

#include "trace.h"

/* Lay out rq_res as svc_process() does, with the gate's reply in it. */
static int nfs41conn_send_refusal(struct svc_rqst *rqstp,
				  const struct nfs41conn_call *call,
				  const struct nfs41conn_gate *gate)
{
	struct xdr_buf *res = &rqstp->rq_res;
	struct kvec *head = &res->head[0];
	int len;

	rqstp->rq_next_page = &rqstp->rq_respages[1];
	head->iov_base = page_address(rqstp->rq_respages[0]);
	res->pages = rqstp->rq_next_page;
	res->page_base = 0;
	res->page_len = 0;
	res->buflen = PAGE_SIZE;
	res->tail[0].iov_base = NULL;
	res->tail[0].iov_len = 0;

	len = nfs41conn_encode_refusal(head->iov_base, PAGE_SIZE, call,
				       gate->opnum, gate->status);
	if (WARN_ON_ONCE(len < 0))
		return len;
	head->iov_len = len;
	res->len = len;
	return nfs41conn_tcp_ops->xpo_sendto(rqstp);
}

static void nfs41conn_trace_refusal(const struct nfs41conn_conn *conn,
				    const struct nfs41conn_call *call,
				    const struct nfs41conn_gate *gate,
				    bool closed)
{
	u32 xid = be32_to_cpu(call->xid);

	switch (gate->why) {
	case NFS41CONN_REFUSAL_DRAINING:
		trace_nfs41conn_refuse_draining(conn, gate->sessionid, xid,
						gate->opnum, gate->status,
						closed);
		break;
	case NFS41CONN_REFUSAL_ENOMEM:
		trace_nfs41conn_refuse_enomem(conn, gate->sessionid, xid,
					      gate->opnum, gate->status,
					      closed);
		break;
	case NFS41CONN_REFUSAL_NONE:
		break;
	}
}

/*
 * Close @rqstp's connection for a call nobody answers: once the calls in
 * progress on it are answered, by the end of the last one, or now.
 */
static void nfs41conn_close_unanswered(struct svc_rqst *rqstp,
				       struct nfs41conn_conn *conn)
{
	nfs41conn_conn_close_after_calls(conn);
	if (nfs41conn_conn_call_end(conn))
		svc_xprt_deferred_close(rqstp->rq_xprt);
}

/*
 * Answer a call without nfsd, or close the connection where no answer is
 * to be given (CLOSE), or can be (RPCSEC_GSS).  @conn counts the call.
 * Returns 0: there is no call for nfsd.
 */
static int nfs41conn_refuse(struct svc_rqst *rqstp,
			    struct nfs41conn_conn *conn,
			    const struct nfs41conn_call *call,
			    const struct nfs41conn_gate *gate)
{
	bool close = gate->verdict == NFS41CONN_CLOSE ||
		     call->flavor == RPC_AUTH_GSS;

	nfs41conn_trace_refusal(conn, call, gate, close);
	if (close) {
		nfs41conn_close_unanswered(rqstp, conn);
		return 0;
	}
	nfs41conn_send_refusal(rqstp, call, gate);
	if (nfs41conn_conn_call_end(conn))
		svc_xprt_deferred_close(rqstp->rq_xprt);
	return 0;
}

/**
 * nfs41conn_recvfrom - receive a call, and gate it
 * @rqstp: the request
 *
 * Return: the call's length for nfsd, or 0 if there is none.
 */
int nfs41conn_recvfrom(struct svc_rqst *rqstp)
{
	struct nfs41conn_xprt *nx = nfs41conn_xprt_find(rqstp->rq_xprt);
	struct nfs41conn_gate gate, *ctxt;
	struct nfs41conn_call call;
	int len;

	len = nfs41conn_tcp_ops->xpo_recvfrom(rqstp);
	if (len <= 0 || !nx || !nx->conn)
		return len;
	/*
	 * Counted from here: a connection with a call in progress is neither
	 * evicted nor closed for draining.  One being closed (evicted,
	 * drained and idle, or by its own calls) passes no call: the client
	 * sends it again on its new connection.
	 */
	if (READ_ONCE(nx->conn->state) == NFS41CONN_CONN_CLOSED) {
		svc_xprt_deferred_close(rqstp->rq_xprt);
		return 0;
	}
	if (!nfs41conn_conn_call_begin(nx->conn)) {
		/* Else the end of the last call in progress closes it. */
		if (!nfs41conn_conn_closing_busy(nx->conn))
			svc_xprt_deferred_close(rqstp->rq_xprt);
		return 0;
	}
	nfs41conn_conn_count(nx->conn, NFS41CONN_CALLS);
	nfs41conn_conn_touch(nx->conn);

	/* Also a body wrapped by krb5i or krb5p: the peek cannot read it. */
	if (nfs41conn_peek_call(&rqstp->rq_arg, &call) !=
	    NFS41CONN_PEEK_COMPOUND41) {
		rqstp->rq_xprt_ctxt = NFS41CONN_CTXT_COUNTED;
		return len;
	}
	nfs41conn_gate_call(nx->table, nx->conn, &call, &gate);
	if (gate.verdict != NFS41CONN_PASS)
		goto out_refuse;

	if (!gate.reserved) {
		rqstp->rq_xprt_ctxt = gate.new_session ?
				      NFS41CONN_CTXT_NEW_SESSION :
				      NFS41CONN_CTXT_COMPOUND;
		goto out_pass;
	}
	ctxt = kmemdup(&gate, sizeof(gate), GFP_KERNEL);
	if (!ctxt) {
		nfs41conn_gate_abandon(nx->table, nx->conn, &gate);
		if (gate.resume)
			nfs41conn_xprt_resume(nx->conn);
		gate.status = NFS4ERR_DELAY;
		gate.why = NFS41CONN_REFUSAL_ENOMEM;
		goto out_refuse;
	}
	/* Counted, and the reservation travels with the request. */
	rqstp->rq_xprt_ctxt = ctxt;
out_pass:
	/* The last call passed: the end of its reply closes the connection. */
	if (gate.close_after_reply)
		nfs41conn_conn_close_after_calls(nx->conn);
	return len;

out_refuse:
	return nfs41conn_refuse(rqstp, nx->conn, &call, &gate);
}
