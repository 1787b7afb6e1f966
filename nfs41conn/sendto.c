// SPDX-License-Identifier: GPL-2.0
/*
 * Replies sent on nfs41conn connections.
 *
 * Operation:
 *
 * svc_send() calls nfs41conn_sendto() with nfsd's reply in rqstp->rq_res.
 * nfs41conn peeks at it, and hands it to the gate (gate.c) together with
 * the gate's decision on the call (a reservation, in rqstp->rq_xprt_ctxt)
 * and, when the reply alone does not name the session concerned, the call
 * peeked again from rqstp->rq_arg, which is intact until the request is
 * released.  This happens before the reply is sent, so that the client's
 * next call, on any connection, finds the table up to date.  Then the
 * reply goes out through sunrpc's TCP transport.
 *
 * nfs41conn_release_ctxt() runs when sunrpc releases the request, sent or
 * dropped: a reservation no reply resolved is cancelled there.
 */

#include <linux/slab.h>
#include <linux/sunrpc/svc.h>

#include <nfs41conn/gate.h>
#include <nfs41conn/xprt.h>

static void nfs41conn_learn(struct nfs41conn_xprt *nx,
			    struct svc_rqst *rqstp,
			    struct nfs41conn_gate *gate)
{
	struct nfs41conn_call call, *callp = NULL;
	struct nfs41conn_reply reply;

	if (nfs41conn_peek_reply(&rqstp->rq_res, &reply) !=
	    NFS41CONN_PEEK_COMPOUND41) {
		nfs41conn_gate_abandon(nx->table, nx->conn, gate);
		return;
	}
	if (nfs41conn_reply_needs_call(&reply) &&
	    nfs41conn_peek_call(&rqstp->rq_arg, &call) ==
	    NFS41CONN_PEEK_COMPOUND41 && call.xid == reply.xid)
		callp = &call;
	nfs41conn_gate_reply(nx->table, nx->conn, callp, &reply, gate);
}

/**
 * nfs41conn_sendto - learn from a reply, then send it
 * @rqstp: the request
 *
 * Return: what sunrpc's TCP sendto returns.
 */
int nfs41conn_sendto(struct svc_rqst *rqstp)
{
	struct nfs41conn_xprt *nx = nfs41conn_xprt_find(rqstp->rq_xprt);
	struct nfs41conn_gate none = { .verdict = NFS41CONN_PASS };
	struct nfs41conn_gate *gate = rqstp->rq_xprt_ctxt;

	if (nx && nx->conn)
		nfs41conn_learn(nx, rqstp, gate ? gate : &none);
	return nfs41conn_tcp_ops->xpo_sendto(rqstp);
}

/**
 * nfs41conn_release_ctxt - the request is done: end its reservation
 * @xprt: the transport
 * @ctxt: rqstp->rq_xprt_ctxt, the gate's decision, or NULL
 */
void nfs41conn_release_ctxt(struct svc_xprt *xprt, void *ctxt)
{
	struct nfs41conn_gate *gate = ctxt;
	struct nfs41conn_xprt *nx;

	nfs41conn_tcp_ops->xpo_release_ctxt(xprt, NULL);
	if (!gate)
		return;
	nx = nfs41conn_xprt_find(xprt);
	if (nx && nx->conn)
		nfs41conn_gate_abandon(nx->table, nx->conn, gate);
	kfree(gate);
}
