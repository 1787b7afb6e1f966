// SPDX-License-Identifier: GPL-2.0
/*
 * Operation: each reply sent on an nfs41conn connection.
 */
#include <nfs41conn/xprt.h>

int nfs41conn_sendto(struct svc_rqst *rqstp)
{
	return nfs41conn_tcp_ops->xpo_sendto(rqstp);
}

void nfs41conn_release_ctxt(struct svc_xprt *xprt, void *ctxt)
{
	nfs41conn_tcp_ops->xpo_release_ctxt(xprt, ctxt);
}
