// SPDX-License-Identifier: GPL-2.0
/*
 * What the older kernels nfs41conn builds on need in code: see
 * include/nfs41conn/compat.h.  On a kernel with every feature probed, this
 * file is empty.
 */

#include <nfs41conn/compat.h>
#include <nfs41conn/xprt.h>

#ifndef NFS41CONN_HAVE_XPO_RELEASE_CTXT
/**
 * nfs41conn_release_rqst - xpo_release_rqst of a kernel without
 *	xpo_release_ctxt
 * @rqstp: the request being released
 *
 * The request's context is the module's: it is taken off the request
 * before sunrpc's TCP method runs, which has nothing to release for TCP,
 * then released as nfs41conn_release_ctxt() does on newer kernels.  sunrpc's
 * TCP sendto calls this too, after nfs41conn_sendto() has taken the
 * context: it then finds none.
 */
void nfs41conn_release_rqst(struct svc_rqst *rqstp)
{
	void *ctxt = rqstp->rq_xprt_ctxt;

	rqstp->rq_xprt_ctxt = NULL;
	nfs41conn_tcp_ops->xpo_release_rqst(rqstp);
	nfs41conn_release_ctxt(rqstp->rq_xprt, ctxt);
}
#endif
