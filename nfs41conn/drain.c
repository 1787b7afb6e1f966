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
 * been drained -- for net.nfs41conn.drain_close_idle_ms (0: never).  A
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
#include <linux/minmax.h>
#include <linux/rculist.h>
#include <linux/ktime.h>
#include <linux/workqueue.h>

#include <nfs41conn/netns.h>
#include <nfs41conn/xprt.h>

#include "trace.h"

/* How often a draining connection busy with a call is looked at again. */
#define NFS41CONN_DRAIN_BUSY_POLL_NS	(250 * NSEC_PER_MSEC)

/*
 * Find a draining connection of @table idle for @idle_ns, and stop its
 * calls.  Otherwise, tell in @wait_ns how soon one may be, if any
 * draining connection is left (@draining).
 *
 * Return: the connection, with a reference for the caller, or NULL.
 */
static struct nfs41conn_conn *
nfs41conn_drain_close_next(struct nfs41conn_table *table, u64 idle_ns,
			   u64 *wait_ns, bool *draining)
{
	u64 now = ktime_get_coarse_boottime_ns();
	struct nfs41conn_conn *conn, *found = NULL;
	u64 since;

	*draining = false;
	*wait_ns = U64_MAX;
	rcu_read_lock();
	list_for_each_entry_rcu(conn, &table->conn_list, link) {
		if (!nfs41conn_conn_draining(conn) ||
		    nfs41conn_conn_calls_stopped(conn))
			continue;
		*draining = true;
		since = max(READ_ONCE(conn->last_call_ns),
			    READ_ONCE(conn->drained_ns));
		if (since + idle_ns > now) {
			*wait_ns = min(*wait_ns, since + idle_ns - now);
			continue;
		}
		if (!nfs41conn_conn_get(conn))
			continue;
		if (!nfs41conn_conn_stop_calls(conn)) {
			nfs41conn_conn_put(conn);
			*wait_ns = min_t(u64, *wait_ns,
					 NFS41CONN_DRAIN_BUSY_POLL_NS);
			continue;
		}
		/* Undrained since it was looked at: it stays. */
		if (!nfs41conn_conn_draining(conn)) {
			nfs41conn_conn_resume_calls(conn);
			nfs41conn_conn_put(conn);
			continue;
		}
		found = conn;
		break;
	}
	rcu_read_unlock();
	return found;
}

static void nfs41conn_drain_close_work(struct work_struct *work)
{
	struct nfs41conn_net *nn = container_of(to_delayed_work(work),
						struct nfs41conn_net,
						drain_close);
	struct nfs41conn_table *table = &nn->table;
	struct nfs41conn_conn *conn;
	unsigned int idle_ms;
	bool draining;
	u64 wait_ns;

	for (;;) {
		idle_ms = READ_ONCE(table->drain_close_idle_ms);
		if (!idle_ms)
			return;
		conn = nfs41conn_drain_close_next(table,
						  (u64)idle_ms * NSEC_PER_MSEC,
						  &wait_ns, &draining);
		if (!conn)
			break;
		trace_nfs41conn_drain_close(conn);
		nfs41conn_xprt_close_conn(conn);
		nfs41conn_conn_put(conn);
		cond_resched();
	}
	/* The coarse clock lags by up to a tick: one more is enough. */
	if (draining)
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
