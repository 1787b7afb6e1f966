// SPDX-License-Identifier: GPL-2.0
/*
 * Rotation: admitting connections nfsd bound beyond a session's limit.
 *
 * Operation:
 *
 * A bind that would take a session past net.nfs41conn.max_conns_per_session
 * is reserved beyond the limit (table_bind.c, nfs41conn_ask()): its call
 * passes to nfsd, nothing is evicted, and the connection is held -- its
 * transport reports no room to send (nfs41conn_has_wspace()), so sunrpc
 * reads no further call from it and no nfsd thread waits for it.  If nfsd
 * rejects the call, the reservation is cancelled and the hold ends.  If
 * nfsd binds the connection, the binding is held (nfs41conn_commit()) and
 * this work is kicked.
 *
 * The work runs while any binding is held, every NFS41CONN_ROTATE_POLL, and
 * takes the steps nfs41conn_rotate() allows: admit a held binding into a
 * free slot; or close the session's connection idle longest in the
 * session (no call nfsd accepted for it on that connection for
 * evict_idle_ms), at most one per evict_idle_ms and session, and admit the
 * held one in its place; or close a connection held for
 * NFS41CONN_HOLD_MAX_NS, whose client then sends its calls again on a new
 * connection.  A connection is closed only with no call in progress and no
 * partial record in its transport (nfs41conn_xprt_may_close()).  An
 * admitted connection's transport is enqueued again, and sunrpc reads
 * the calls that waited in its socket.
 *
 * Every effect on another connection follows from a bind nfsd made, never
 * from a session ID alone.  The namespace's exit cancels the work before
 * its table is destroyed.
 */

#include <linux/jiffies.h>
#include <linux/workqueue.h>

#include <nfs41conn/netns.h>
#include <nfs41conn/xprt.h>

#include "trace.h"

/* How often held bindings are looked at while there are any. */
#define NFS41CONN_ROTATE_POLL	msecs_to_jiffies(100)

static void nfs41conn_rotate_work(struct work_struct *work)
{
	struct nfs41conn_net *nn = container_of(to_delayed_work(work),
						struct nfs41conn_net, rotate);
	struct nfs41conn_table *table = &nn->table;
	struct nfs41conn_rotation step;

	while (nfs41conn_rotate(table, nfs41conn_xprt_may_close, &step)) {
		if (step.evicted) {
			trace_nfs41conn_evict(step.evicted, step.held_id,
					      step.sessionid);
			nfs41conn_xprt_close_conn(step.evicted);
			nfs41conn_conn_put(step.evicted);
		}
		if (step.expired) {
			trace_nfs41conn_expire(step.expired, step.sessionid,
					       step.held_ns);
			nfs41conn_xprt_close_conn(step.expired);
			nfs41conn_conn_put(step.expired);
		}
		if (step.admitted) {
			trace_nfs41conn_admit(step.admitted, step.sessionid,
					      step.held_ns);
			nfs41conn_xprt_resume(step.admitted);
			nfs41conn_conn_put(step.admitted);
		}
		cond_resched();
	}
	if (READ_ONCE(table->nr_held))
		queue_delayed_work(system_wq, &nn->rotate,
				   NFS41CONN_ROTATE_POLL);
}

/**
 * nfs41conn_rotate_init - set up the rotation work of a namespace
 * @nn: the namespace's state
 */
void nfs41conn_rotate_init(struct nfs41conn_net *nn)
{
	INIT_DELAYED_WORK(&nn->rotate, nfs41conn_rotate_work);
}

/**
 * nfs41conn_rotate_kick - look at held bindings now
 * @nn: the namespace's state
 *
 * After nfsd bound a connection beyond its session's limit.
 */
void nfs41conn_rotate_kick(struct nfs41conn_net *nn)
{
	mod_delayed_work(system_wq, &nn->rotate, 0);
}

/**
 * nfs41conn_rotate_stop - stop rotating
 * @nn: the namespace's state, which has no transport left: nothing kicks
 *	the work any more
 */
void nfs41conn_rotate_stop(struct nfs41conn_net *nn)
{
	cancel_delayed_work_sync(&nn->rotate);
}
