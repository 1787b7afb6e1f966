/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "nfs41conn" sunrpc transport class: knfsd's TCP transport with a
 * connection table and a COMPOUND gate in front of it.
 */
#ifndef _NFS41CONN_XPRT_H
#define _NFS41CONN_XPRT_H

#include <linux/rhashtable-types.h>
#include <linux/sunrpc/svc_xprt.h>

#include <nfs41conn/table.h>

/**
 * struct nfs41conn_xprt - what nfs41conn keeps of one transport
 * @hash: in the hash of transports by @xprt (RCU)
 * @xprt: the transport (constant)
 * @table: the binding table of its network namespace (constant)
 * @conn: its connection in @table, with one reference; NULL for a
 *	listener (constant)
 * @listener: a listener (constant)
 * @rcu: freed after a grace period
 *
 * One for each listener and each accepted connection of class
 * "nfs41conn", from xpo_create or xpo_accept until xpo_free, unless no
 * memory could be had for it.  Found from the svc_xprt through
 * nfs41conn_xprt_find(), a hash lookup; the connection's own way to it is
 * nfs41conn_conn::transport.
 */
struct nfs41conn_xprt {
	struct rhash_head	hash;
	struct svc_xprt		*xprt;
	struct nfs41conn_table	*table;
	struct nfs41conn_conn	*conn;
	bool			listener;
	struct rcu_head		rcu;
};

extern const struct svc_xprt_ops *nfs41conn_tcp_ops;

struct nfs41conn_xprt *nfs41conn_xprt_find(const struct svc_xprt *xprt);
#if IS_ENABLED(CONFIG_KUNIT)
/* kunit/bench_test.c only: a state whose xprt is a key, not a transport. */
int nfs41conn_xprt_bench_add(struct nfs41conn_xprt *nx);
void nfs41conn_xprt_bench_del(struct nfs41conn_xprt *nx);
#endif
void nfs41conn_xprt_close_conn(struct nfs41conn_conn *conn);
void nfs41conn_xprt_resume(struct nfs41conn_conn *conn);
bool nfs41conn_xprt_may_close(struct nfs41conn_conn *conn);

int nfs41conn_xprt_register(void);
void nfs41conn_xprt_unregister(void);

/* recvfrom.c, sendto.c */

/*
 * rqstp->rq_xprt_ctxt of a call passed to nfsd that holds no reservation:
 * NULL means "not counted" (see nfs41conn_conn_call_begin()).
 * NFS41CONN_CTXT_COUNTED: not an NFSv4.1+ COMPOUND the peek read (another
 * program or version, garbled, or a body wrapped by RPCSEC_GSS integrity
 * or privacy): nothing is learned from its reply.  NFS41CONN_CTXT_COMPOUND:
 * an NFSv4.1+ COMPOUND.  NFS41CONN_CTXT_NEW_SESSION: one naming a session
 * the table did not know, which its reply may teach
 * (struct nfs41conn_gate::new_session).
 */
extern char nfs41conn_ctxt_marks[3];
#define NFS41CONN_CTXT_COUNTED		((void *)&nfs41conn_ctxt_marks[0])
#define NFS41CONN_CTXT_COMPOUND		((void *)&nfs41conn_ctxt_marks[1])
#define NFS41CONN_CTXT_NEW_SESSION	((void *)&nfs41conn_ctxt_marks[2])

/* Does @ctxt (rqstp->rq_xprt_ctxt) hold the gate's decision? */
static inline bool nfs41conn_ctxt_is_gate(const void *ctxt)
{
	return ctxt && ctxt != NFS41CONN_CTXT_COUNTED &&
	       ctxt != NFS41CONN_CTXT_COMPOUND &&
	       ctxt != NFS41CONN_CTXT_NEW_SESSION;
}

int nfs41conn_recvfrom(struct svc_rqst *rqstp);
int nfs41conn_sendto(struct svc_rqst *rqstp);
void nfs41conn_release_ctxt(struct svc_xprt *xprt, void *ctxt);

#endif /* _NFS41CONN_XPRT_H */
