// SPDX-License-Identifier: GPL-2.0
/*
 * Replies sent on nfs41conn connections.
 *
 * Operation:
 *
 * svc_send() calls nfs41conn_sendto() with nfsd's reply in rqstp->rq_res.
 * For a call that nfs41conn_recvfrom() peeked as an NFSv4.1+ COMPOUND,
 * nfs41conn peeks at the reply, and hands it to the gate (gate.c) together
 * with the gate's decision on the call (a reservation, in
 * rqstp->rq_xprt_ctxt) and, when the reply alone does not tell what is
 * to be learned, the call peeked again from rqstp->rq_arg, which is intact
 * until the request is released.  This happens before the reply is sent,
 * so that the client's next call, on any connection, finds the table up to
 * date.  Then the reply goes out through sunrpc's TCP transport.
 *
 * Each call nfs41conn_recvfrom() passed to nfsd ends exactly once: here,
 * right after its reply is handed to the socket (sunrpc's TCP sendto
 * releases and clears rqstp->rq_xprt_ctxt, so it must be taken first), or
 * in nfs41conn_release_ctxt() when sunrpc releases a request nfsd dropped
 * without a reply, or a deferred copy of it (svc_defer() moves
 * rq_xprt_ctxt into the copy, which is either revisited -- and then sent
 * or dropped like any request -- or freed with free_deferred()).  Ending
 * a call stops it counting as in progress on its connection, and cancels
 * a reservation no reply resolved.  Where that ends a hold of the
 * connection, its transport looks for calls again; where nfsd bound it
 * beyond the limit, rotation (rotate.c) is told; where it was the last
 * call in progress on a connection closed by its own calls (a draining
 * one in drain_mode close or reply-close), the connection is closed, its
 * replies sent.
 */

#include <linux/slab.h>
#include <linux/sunrpc/svc.h>

#include <nfs41conn/gate.h>
#include <nfs41conn/netns.h>
#include <nfs41conn/xprt.h>

/* The addresses are what count (NFS41CONN_CTXT_*), not the values. */
char nfs41conn_ctxt_marks[3];

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
	if (nfs41conn_reply_needs_call(&reply, gate) &&
	    nfs41conn_peek_call(&rqstp->rq_arg, &call) ==
	    NFS41CONN_PEEK_COMPOUND41 && call.xid == reply.xid)
		callp = &call;
	nfs41conn_gate_reply(nx->table, nx->conn, callp, &reply, gate);
}

/* Act on what became of a hold of @nx's connection. */
static void nfs41conn_after_gate(struct nfs41conn_xprt *nx,
				 struct nfs41conn_gate *gate)
{
	if (gate->resume)
		nfs41conn_xprt_resume(nx->conn);
	if (gate->held)
		nfs41conn_rotate_kick(container_of(nx->table,
						   struct nfs41conn_net,
						   table));
}

/*
 * The call of @ctxt (rqstp->rq_xprt_ctxt) is over: it stops counting as in
 * progress on its connection, and a reservation it still holds, which no
 * reply resolved, is cancelled.
 */
static void nfs41conn_end_call(struct svc_xprt *xprt, void *ctxt)
{
	struct nfs41conn_gate *gate = ctxt;
	struct nfs41conn_xprt *nx;

	if (!ctxt)
		return;
	/* Only a connection the table knows has its calls counted. */
	nx = nfs41conn_xprt_find(xprt);
	if (!WARN_ON_ONCE(!nx || !nx->conn)) {
		if (nfs41conn_ctxt_is_gate(ctxt)) {
			nfs41conn_gate_abandon(nx->table, nx->conn, gate);
			nfs41conn_after_gate(nx, gate);
		}
		/* The last call of a connection closed by its own calls. */
		if (nfs41conn_conn_call_end(nx->conn))
			svc_xprt_deferred_close(xprt);
	}
	if (nfs41conn_ctxt_is_gate(ctxt))
		kfree(gate);
}

/**
 * nfs41conn_sendto - learn from a reply, then send it
 * @rqstp: the request
 *
 * sunrpc's TCP sendto releases rqstp->rq_xprt_ctxt itself, and clears it:
 * the call ends here, once its reply is in the socket.
 *
 * Return: what sunrpc's TCP sendto returns.
 */
int nfs41conn_sendto(struct svc_rqst *rqstp)
{
	struct nfs41conn_xprt *nx = nfs41conn_xprt_find(rqstp->rq_xprt);
	struct nfs41conn_gate none = { .verdict = NFS41CONN_PASS };
	void *ctxt = rqstp->rq_xprt_ctxt;
	struct nfs41conn_gate *gate = ctxt;
	int ret;

	if (!nfs41conn_ctxt_is_gate(ctxt)) {
		none.new_session = ctxt == NFS41CONN_CTXT_NEW_SESSION;
		gate = &none;
	}
	/* Only what was peeked as an NFSv4.1+ COMPOUND teaches anything. */
	if (nx && nx->conn && ctxt && ctxt != NFS41CONN_CTXT_COUNTED) {
		nfs41conn_learn(nx, rqstp, gate);
		nfs41conn_after_gate(nx, gate);
		/* Acted on: the call's end must not act again. */
		gate->resume = false;
		gate->held = false;
	}
	rqstp->rq_xprt_ctxt = NULL;
	ret = nfs41conn_tcp_ops->xpo_sendto(rqstp);
	nfs41conn_end_call(rqstp->rq_xprt, ctxt);
	return ret;
}

/**
 * nfs41conn_release_ctxt - the request is done: end its call
 * @xprt: the transport
 * @ctxt: rqstp->rq_xprt_ctxt, or a deferred request's: NULL for a call not
 *	passed to nfsd or already ended by nfs41conn_sendto(); one of the
 *	NFS41CONN_CTXT_* marks, or the gate's decision holding a
 *	reservation, for one nfsd dropped
 */
void nfs41conn_release_ctxt(struct svc_xprt *xprt, void *ctxt)
{
	nfs41conn_tcp_ops->xpo_release_ctxt(xprt, NULL);
	nfs41conn_end_call(xprt, ctxt);
}
