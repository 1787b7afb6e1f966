// SPDX-License-Identifier: GPL-2.0
/*
 * Operation: each call received on an nfs41conn connection.
 */
#include <nfs41conn/xprt.h>

int nfs41conn_recvfrom(struct svc_rqst *rqstp)
{
	return nfs41conn_tcp_ops->xpo_recvfrom(rqstp);
}
