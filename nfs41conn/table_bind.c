// SPDX-License-Identifier: GPL-2.0
/*
 * nfs41conn binding table: the bind protocol.
 *
 * Operation:
 *
 * The gate asks, for each call, whether its connection is bound to the
 * call's session (nfs41conn_bound_dir(), an RCU hash lookup).  A bind that
 * has to be decided before the server answers (an implicit bind by
 * SEQUENCE, an explicit one by BIND_CONN_TO_SESSION) is first reserved,
 * which takes one of the session's connection slots, then committed with
 * the direction the server granted when the gate sees nfsd's reply, or
 * cancelled.  Because the reservation and the limit check happen under
 * one lock, two binds racing for a session's last slot cannot both win.
 * At the limit the reservation is made beyond it, and a binding nfsd made
 * there is held until rotation (table_evict.c) admits it.  nfsd's
 * acceptance of a SEQUENCE (nfs41conn_accepted()) tells a new request from
 * a replay, and is what rotation counts as a connection's activity.
 * The gate checks nfsd's answer to a BIND_CONN_TO_SESSION against RFC
 * 8881's rule with nfs41conn_negotiate_dir(), and records it all the same.
 */

#include <linux/lockdep.h>
#include <linux/rculist.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/ktime.h>

#include <nfs41conn/compat.h>
#include <nfs41conn/table.h>

#include "table_internal.h"

/**
 * nfs41conn_negotiate_dir - may a server grant this direction?
 * @dir_from_client: the channel_dir_from_client4 of a BIND_CONN_TO_SESSION
 * @dir_from_server: the channel_dir_from_server4 of the server's reply
 *
 * RFC 8881 Section 18.34.3: CDFC4_FORE is granted CDFS4_FORE and
 * CDFC4_BACK CDFS4_BACK; CDFC4_FORE_OR_BOTH is granted CDFS4_FORE or
 * CDFS4_BOTH, CDFC4_BACK_OR_BOTH CDFS4_BACK or CDFS4_BOTH.  A connection
 * bound already keeps its channels: a request they do not satisfy is
 * NFS4ERR_INVAL, and one they do is answered with them, under the same
 * rule.
 *
 * Return: 0 if @dir_from_server is an answer to @dir_from_client;
 * -EPROTO if it is not; -EINVAL for a @dir_from_client that is no
 * channel_dir_from_client4.
 */
int nfs41conn_negotiate_dir(u32 dir_from_client, u32 dir_from_server)
{
	bool ok;

	switch (dir_from_client) {
	case NFS4_CDFC4_FORE:
		ok = dir_from_server == NFS4_CDFS4_FORE;
		break;
	case NFS4_CDFC4_BACK:
		ok = dir_from_server == NFS4_CDFS4_BACK;
		break;
	case NFS4_CDFC4_FORE_OR_BOTH:
		ok = dir_from_server == NFS4_CDFS4_FORE ||
		     dir_from_server == NFS4_CDFS4_BOTH;
		break;
	case NFS4_CDFC4_BACK_OR_BOTH:
		ok = dir_from_server == NFS4_CDFS4_BACK ||
		     dir_from_server == NFS4_CDFS4_BOTH;
		break;
	default:
		return -EINVAL;
	}
	return ok ? 0 : -EPROTO;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_negotiate_dir);

/*
 * Find the binding of @conn to the session @sid, or make a reservation-less
 * one from *@spare, taking *@spare over: in a free slot, or else beyond
 * the limit.
 */
static int nfs41conn_binding_slot(struct nfs41conn_table *table,
				  struct nfs41conn_conn *conn, const u8 *sid,
				  struct nfs41conn_binding **spare,
				  struct nfs41conn_binding **found)
{
	bool excess;
	struct nfs41conn_session *session;
	struct nfs41conn_binding *binding;
	int err;

	lockdep_assert_held(&table->lock);

	if (conn->state == NFS41CONN_CONN_CLOSED)
		return -ESHUTDOWN;
	session = rhashtable_lookup_fast(&table->sessions, sid,
					 nfs41conn_session_params);
	if (!session)
		return -ENOENT;
	binding = nfs41conn_binding_find(table, conn, sid);
	if (!binding) {
		excess = session->nr_conns >=
			 READ_ONCE(table->max_conns_per_session);
		nfs41conn_race_point();
		binding = *spare;
		err = nfs41conn_binding_link(table, binding, conn, session,
					     excess);
		if (err)
			return err;
		*spare = NULL;
	}
	*found = binding;
	return 0;
}

/**
 * nfs41conn_reserve - hold a session slot for a bind the server will decide
 * @table: the table
 * @conn: the connection
 * @sid: the session
 *
 * Each reservation made (return 0 or NFS41CONN_RESERVED_EXCESS) must be
 * followed by exactly one nfs41conn_commit() or nfs41conn_cancel().
 * Several reservations of the same connection for the same session share
 * one binding.  At the session's limit the reservation is made beyond it:
 * it takes no slot, evicts nothing, and from now on no further call is
 * read from @conn (nfs41conn_conn_held()) until the server has answered
 * and the reservation is cancelled, or the binding is admitted by
 * nfs41conn_rotate().
 *
 * Return: 0 if reserved within the limit; NFS41CONN_RESERVED_EXCESS if
 * beyond it; NFS41CONN_ALREADY_BOUND if the connection is bound already
 * (nothing is reserved); -ENOENT for an unknown session, -ESHUTDOWN for a
 * closed connection, -ENOMEM.
 */
int nfs41conn_reserve(struct nfs41conn_table *table,
		      struct nfs41conn_conn *conn, const u8 *sid)
{
	struct nfs41conn_binding *spare, *binding;
	int err;

	spare = kzalloc(sizeof(*spare), GFP_KERNEL);
	if (!spare)
		return -ENOMEM;

	spin_lock(&table->lock);
	err = nfs41conn_binding_slot(table, conn, sid, &spare, &binding);
	if (!err) {
		if (binding->dir != NFS41CONN_DIR_NONE) {
			err = NFS41CONN_ALREADY_BOUND;
		} else {
			binding->pending++;
			if (binding->excess)
				err = NFS41CONN_RESERVED_EXCESS;
		}
	}
	spin_unlock(&table->lock);
	kfree(spare);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_reserve);

/**
 * nfs41conn_ask - the gate's one question on a call
 * @table: the table
 * @conn: the connection the call came on
 * @sid: the session of its first operation
 * @minorversion: the COMPOUND's minor version
 * @how: NFS41CONN_ASK_SEQUENCE for a SEQUENCE, and with it
 *	NFS41CONN_ASK_PASS_DRAINING if a draining connection's calls pass
 *	(drain_mode reply-close); 0 for a BIND_CONN_TO_SESSION alone
 *
 * A SEQUENCE on a draining connection that may be turned away is said to
 * be so (NFS41CONN_ANSWER_DRAINING), and nothing more is done unless it
 * passes.  A SEQUENCE on a connection bound to its session needs nothing:
 * one lookup under RCU, of the binding, finds that, the usual case; the
 * session is looked up only for a draining connection.
 * Otherwise, and for a BIND_CONN_TO_SESSION, a slot is reserved for the
 * bind nfsd will make, as nfs41conn_reserve() reserves it.
 *
 * Return: an &enum nfs41conn_answer, NFS41CONN_ANSWER_DRAINING ORed in
 * when it applies.
 */
unsigned int nfs41conn_ask(struct nfs41conn_table *table,
			   struct nfs41conn_conn *conn, const u8 *sid,
			   u32 minorversion, unsigned int how)
{
	struct nfs41conn_session *session;
	unsigned int draining = 0;
	bool bound;

	if (how & NFS41CONN_ASK_SEQUENCE) {
		rcu_read_lock();
		if (nfs41conn_conn_draining(conn)) {
			session = nfs41conn_session_lookup(table, sid);
			if (session && READ_ONCE(session->nr_fore_ready) > 0 &&
			    session->minorversion == minorversion)
				draining = NFS41CONN_ANSWER_DRAINING;
		}
		if (draining && !(how & NFS41CONN_ASK_PASS_DRAINING)) {
			rcu_read_unlock();
			return draining;
		}
		bound = nfs41conn_is_bound(table, conn, sid);
		rcu_read_unlock();
		if (bound)
			return draining | NFS41CONN_ANSWER_PASS;
	}

	switch (nfs41conn_reserve(table, conn, sid)) {
	case 0:
		return draining | NFS41CONN_ANSWER_RESERVED;
	case NFS41CONN_RESERVED_EXCESS:
		return draining | NFS41CONN_ANSWER_EXCESS;
	case -ENOENT:
		return draining | NFS41CONN_ANSWER_UNKNOWN;
	case -ENOMEM:
		return draining | NFS41CONN_ANSWER_NOMEM;
	}
	/* Already bound, or the connection is closing. */
	return draining | NFS41CONN_ANSWER_PASS;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_ask);

/**
 * nfs41conn_commit - the server bound the connection: record how
 * @table: the table
 * @conn: the connection
 * @sid: the session
 * @dir: the direction the server granted
 *
 * Ends one reservation, if any is pending, and sets the binding's direction
 * to @dir.  The server's word is final: an existing binding takes @dir too.
 * A binding reserved beyond the limit takes a slot if one is free by now,
 * or if the server gave it a back channel (whose replies must be read: it
 * is never held); otherwise it is held, its connection's calls not read,
 * until nfs41conn_rotate() admits it or closes its connection.
 *
 * Return: 0; NFS41CONN_HELD if the binding is held; -EINVAL for a bad @dir,
 * -ESHUTDOWN for a closed connection, -ENOENT if neither a binding nor a
 * reservation exists any more (the session was destroyed or the
 * connection unbound meanwhile).
 */
int nfs41conn_commit(struct nfs41conn_table *table,
		     struct nfs41conn_conn *conn, const u8 *sid,
		     enum nfs41conn_dir dir)
{
	struct nfs41conn_binding *binding;
	int err = 0;

	if (!nfs41conn_dir_valid(dir))
		return -EINVAL;

	spin_lock(&table->lock);
	if (conn->state == NFS41CONN_CONN_CLOSED) {
		err = -ESHUTDOWN;
		goto out_unlock;
	}
	binding = nfs41conn_binding_find(table, conn, sid);
	if (!binding) {
		err = -ENOENT;
		goto out_unlock;
	}
	if (binding->pending)
		binding->pending--;
	nfs41conn_binding_set_dir(binding, dir);
	WRITE_ONCE(binding->active_ns, ktime_get_coarse_boottime_ns());
	if (binding->excess && list_empty(&binding->held_link)) {
		if ((dir & NFS41CONN_DIR_BACK) ||
		    binding->session->nr_conns <
		    READ_ONCE(table->max_conns_per_session)) {
			nfs41conn_binding_admit(table, binding);
		} else {
			binding->held_ns = ktime_get_coarse_boottime_ns();
			list_add_tail(&binding->held_link, &table->held_list);
			WRITE_ONCE(table->nr_held, table->nr_held + 1);
			err = NFS41CONN_HELD;
		}
	} else if (binding->excess) {
		err = NFS41CONN_HELD;
	}
out_unlock:
	spin_unlock(&table->lock);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_commit);

/**
 * nfs41conn_cancel - the server did not bind: end a reservation
 * @table: the table
 * @conn: the connection
 * @sid: the session
 *
 * When the last pending reservation of a binding that was never committed
 * ends, the binding goes and its slot is free again; one beyond the limit
 * goes without having taken anything from anyone.
 *
 * Return: true if that ended the hold of @conn: its calls may be read
 * again, and the caller has its transport look for them.
 */
bool nfs41conn_cancel(struct nfs41conn_table *table,
		      struct nfs41conn_conn *conn, const u8 *sid)
{
	struct nfs41conn_binding *binding;
	bool resumed = false;

	spin_lock(&table->lock);
	if (conn->state == NFS41CONN_CONN_CLOSED)
		goto out_unlock;
	binding = nfs41conn_binding_find(table, conn, sid);
	if (!binding || !binding->pending)
		goto out_unlock;
	binding->pending--;
	if (!binding->pending && binding->dir == NFS41CONN_DIR_NONE)
		resumed = nfs41conn_binding_unlink(table, binding,
						   NFS41CONN_UNBIND_CANCEL);
out_unlock:
	spin_unlock(&table->lock);
	return resumed;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_cancel);

/**
 * nfs41conn_accepted - nfsd accepted a SEQUENCE: is it a new request?
 * @table: the table
 * @conn: the connection it came on
 * @sid: its session
 * @slotid: its slot
 * @seqid: its sequence ID
 * @bound: if not NULL, how the connection is bound to the session:
 *	NFS41CONN_DIR_NONE if it is not, or only reserved
 *
 * nfsd answers a request whose slot and sequence ID it has answered
 * already from its reply cache, before it looks at the connection: such
 * a replay binds nothing in nfsd (nfsd4_sequence()).  Keeps the last
 * sequence ID of each slot to tell, and counts a new request as activity
 * of the connection in the session (struct nfs41conn_binding::active_ns).
 * Lock-free; the slot's own serialisation in nfsd orders the writes.
 *
 * For a connection bound to the session, the usual case, its binding is
 * found without a hash lookup (nfs41conn_binding_find()), and leads to
 * its session, which RCU keeps while the binding is found (a session is
 * freed after its bindings are unlinked).
 *
 * Return: false for a replay (or an unknown session), true otherwise.
 */
bool nfs41conn_accepted(struct nfs41conn_table *table,
			struct nfs41conn_conn *conn,
			const u8 *sid, u32 slotid, u32 seqid,
			enum nfs41conn_dir *bound)
{
	struct nfs41conn_session *session;
	struct nfs41conn_binding *binding;
	bool fresh = false;

	rcu_read_lock();
	binding = nfs41conn_binding_find(table, conn, sid);
	if (binding)
		session = binding->session;
	else
		session = rhashtable_lookup(&table->sessions, sid,
					    nfs41conn_session_params);
	if (bound)
		*bound = binding ? READ_ONCE(binding->dir) : NFS41CONN_DIR_NONE;
	if (!session)
		goto out;
	if (slotid < NFS41CONN_SLOTS) {
		if (seqid && READ_ONCE(session->slot_seqid[slotid]) == seqid)
			goto out;
		WRITE_ONCE(session->slot_seqid[slotid], seqid);
	}
	fresh = true;
	if (binding)
		WRITE_ONCE(binding->active_ns, ktime_get_coarse_boottime_ns());
out:
	rcu_read_unlock();
	return fresh;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_accepted);

/**
 * nfs41conn_bound_dir - how a connection is bound to a session
 * @table: the table
 * @conn: the connection
 * @sid: the session
 *
 * Caller holds rcu_read_lock().
 *
 * Return: the direction, or NFS41CONN_DIR_NONE if the connection is not
 * bound to the session (a reservation is not a binding).
 */
enum nfs41conn_dir nfs41conn_bound_dir(struct nfs41conn_table *table,
				       struct nfs41conn_conn *conn,
				       const u8 *sid)
{
	struct nfs41conn_binding *binding;

	binding = nfs41conn_binding_find(table, conn, sid);
	return binding ? READ_ONCE(binding->dir) : NFS41CONN_DIR_NONE;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_bound_dir);
