// SPDX-License-Identifier: GPL-2.0
/*
 * sunrpc releases a request's transport context with
 * xpo_release_ctxt(xprt, ctxt), and svc_defer() moves the context into the
 * deferred request, which releases it when it is freed (v6.4, and stable
 * backports).  Before: xpo_release_rqst(rqstp).
 */
#include <linux/sunrpc/svc_xprt.h>

void nfs41conn_probe(struct svc_xprt_ops *ops, struct svc_xprt *xprt);
void nfs41conn_probe(struct svc_xprt_ops *ops, struct svc_xprt *xprt)
{
	ops->xpo_release_ctxt(xprt, NULL);
}
