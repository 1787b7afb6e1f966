// SPDX-License-Identifier: GPL-2.0
/*
 * Closing drained connections once they are idle.
 *
 * Operation:
 *
 * A draining connection only gets NFS4ERR_DELAY for new SEQUENCE-led
 * COMPOUNDs (gate.c).  That is not enough to move a Linux client: it pins
 * each RPC task to one transport, and retries a call refused with
 * NFS4ERR_DELAY 15 s later on the same connection, forever.  What moves it
 * is a close: the client reconnects that transport, and the new connection
 * is not draining.
 *
 * So each network namespace has a delayed work that closes every draining
 * connection which has had no call in progress and no call received -- nor
 * been drained -- for net.nfs41conn.drain_close_idle_ms (0: never).  It
 * looks at the draining connections only, which the table keeps on a list
 * of their own (nfs41conn_drain_take_idle()), never at every connection.  A
 * connection with a call in progress is never closed: the reply would be
 * lost, and nfsd's session slot stay busy for the client's retransmission.
 * Checking that and stopping the connection's calls is one atomic step
 * (nfs41conn_conn_stop_calls()): a call that arrives later is not passed
 * to nfsd, the client sends it again on its new connection.  The close
 * itself is sunrpc's (svc_xprt_deferred_close()); the connection leaves
 * the table when its transport is detached, like any other.
 *
 * The work is kicked when a drain request is written, and when the sysctl
 * is written; it runs again only while draining connections exist, when
 * the first of them may become closable.  A connection is drained only
 * while its session has another fore channel connection that is not (the
 * table refuses otherwise); if that one closes meanwhile, the drained one
 * may be the session's last when it is closed, and the client reconnects
 * as after any close.  The namespace's exit cancels the work before its
 * table is destroyed.
 */

#include <linux/jiffies.h>
#include <linux/workqueue.h>

#include <nfs41conn/netns.h>
#include <nfs41conn/xprt.h>

#include "trace.h"

/* Connections closed per look at the table: its lock is not held long. */
#define NFS41CONN_DRAIN_CLOSE_BATCH	16

static void nfs41conn_drain_close_work(struct work_struct *work)
{
	struct nfs41conn_net *nn = container_of(to_delayed_work(work),
						struct nfs41conn_net,
						drain_close);
	struct nfs41conn_conn *conns[NFS41CONN_DRAIN_CLOSE_BATCH];
	struct nfs41conn_table *table = &nn->table;
	unsigned int idle_ms, i, n;
	u64 wait_ns;

	do {
		idle_ms = READ_ONCE(nn->drain_close_idle_ms);
		if (!idle_ms)
			return;
		n = nfs41conn_drain_take_idle(table,
					      (u64)idle_ms * NSEC_PER_MSEC,
					      conns, ARRAY_SIZE(conns),
					      &wait_ns);
		for (i = 0; i < n; i++) {
			trace_nfs41conn_drain_close(conns[i]);
			nfs41conn_xprt_close_conn(conns[i]);
			nfs41conn_conn_put(conns[i]);
		}
		cond_resched();
	} while (!wait_ns);
	/* The coarse clock lags by up to a tick: one more is enough. */
	if (wait_ns != U64_MAX)
		queue_delayed_work(system_wq, &nn->drain_close,
				   nsecs_to_jiffies(wait_ns) + 1);
}

/**
 * nfs41conn_drain_close_init - set up the drain close work of a namespace
 * @nn: the namespace's state, before its /proc and sysctl files exist
 */
void nfs41conn_drain_close_init(struct nfs41conn_net *nn)
{
	INIT_DELAYED_WORK(&nn->drain_close, nfs41conn_drain_close_work);
}

/**
 * nfs41conn_drain_close_kick - look for drained connections to close now
 * @nn: the namespace's state
 *
 * After a drain request, or a change of net.nfs41conn.drain_close_idle_ms.
 */
void nfs41conn_drain_close_kick(struct nfs41conn_net *nn)
{
	mod_delayed_work(system_wq, &nn->drain_close, 0);
}

/**
 * nfs41conn_drain_close_stop - stop closing drained connections
 * @nn: the namespace's state, whose /proc and sysctl files are gone:
 *	nothing kicks the work any more
 */
void nfs41conn_drain_close_stop(struct nfs41conn_net *nn)
{
	cancel_delayed_work_sync(&nn->drain_close);
}
