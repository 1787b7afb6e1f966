// SPDX-License-Identifier: GPL-2.0
/*
 * nfs41conn binding table: taking connections out of service, by drain
 * and by eviction.
 *
 * Operation:
 *
 * Both pick an idle connection and stop its calls, and the works that
 * close it run beside each other: drain.c and rotate.c.  The admin drains
 * a connection (proc.c): nfs41conn_drain() marks it, the gate refuses its
 * SEQUENCEs, and drain.c closes it once idle, taking it from the draining
 * ones with nfs41conn_drain_take_idle().  A binding nfsd made beyond a
 * session's limit is held (table_bind.c) until rotate.c's
 * nfs41conn_rotate() admits it: into a free slot, or into the slot of
 * the connection idle longest in the session, which is evicted -- taken
 * out of the table for rotate.c to close -- or it closes a connection held
 * too long.
 *
 * The drain marks are here with the eviction because both keep one rule:
 * a session's last fore channel connection that is not draining is
 * neither drained nor evicted (nfs41conn_conn_last_fore()).  And neither
 * takes a connection with a call in progress: checking that and stopping
 * its calls is one step (nfs41conn_conn_stop_calls()), so no reply is
 * lost.
 */

#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/ktime.h>

#include <nfs41conn/compat.h>
#include <nfs41conn/table.h>

#include "table_internal.h"

/*
 * Is @conn, open, the last fore channel connection that is not draining of
 * any session it is bound to?  Such a connection is neither drained nor
 * evicted: the session would be left without a way in.
 */
static bool nfs41conn_conn_last_fore(struct nfs41conn_conn *conn)
{
	struct nfs41conn_binding *binding;

	list_for_each_entry(binding, &conn->bindings, conn_link)
		if ((binding->dir & NFS41CONN_DIR_FORE) && !binding->excess &&
		    binding->session->nr_fore_ready <= 1)
			return true;
	return false;
}

/* Does @conn carry the back channel of any session? */
static bool nfs41conn_conn_has_back(struct nfs41conn_conn *conn)
{
	struct nfs41conn_binding *binding;

	list_for_each_entry(binding, &conn->bindings, conn_link)
		if (binding->dir & NFS41CONN_DIR_BACK)
			return true;
	return false;
}

/**
 * nfs41conn_drain - mark a connection as draining
 * @table: the table
 * @conn: the connection
 *
 * A draining connection stays bound; the gate refuses new SEQUENCE-led
 * COMPOUNDs on it so that the client moves its traffic elsewhere.  A
 * session must keep one fore channel connection that is not draining, so
 * the request is refused if @conn is that connection for any session.
 *
 * Return: 0 (also if already draining); -EBUSY if @conn is the last fore
 * channel connection of a session that is not draining (nothing changes);
 * -ESHUTDOWN for a closed connection.
 */
int nfs41conn_drain(struct nfs41conn_table *table, struct nfs41conn_conn *conn)
{
	struct nfs41conn_binding *binding;
	int err = 0;

	spin_lock(&table->lock);
	if (conn->state == NFS41CONN_CONN_CLOSED) {
		err = -ESHUTDOWN;
		goto out_unlock;
	}
	if (conn->state == NFS41CONN_CONN_DRAINING)
		goto out_unlock;

	if (nfs41conn_conn_last_fore(conn)) {
		err = -EBUSY;
		goto out_unlock;
	}
	nfs41conn_race_point();
	list_for_each_entry(binding, &conn->bindings, conn_link)
		nfs41conn_binding_count(binding, -1);
	WRITE_ONCE(conn->state, NFS41CONN_CONN_DRAINING);
	WRITE_ONCE(conn->drained_ns, ktime_get_coarse_boottime_ns());
	list_add_tail(&conn->drain_link, &table->drain_list);
	list_for_each_entry(binding, &conn->bindings, conn_link)
		nfs41conn_binding_count(binding, 1);
out_unlock:
	spin_unlock(&table->lock);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_drain);

/**
 * nfs41conn_undrain - a draining connection is back in normal service
 * @table: the table
 * @conn: the connection
 *
 * Return: 0 (also if it was not draining), or -ESHUTDOWN for a closed
 * connection.
 */
int nfs41conn_undrain(struct nfs41conn_table *table,
		      struct nfs41conn_conn *conn)
{
	struct nfs41conn_binding *binding;
	int err = 0;

	spin_lock(&table->lock);
	if (conn->state == NFS41CONN_CONN_CLOSED) {
		err = -ESHUTDOWN;
	} else if (conn->state == NFS41CONN_CONN_DRAINING) {
		list_for_each_entry(binding, &conn->bindings, conn_link)
			nfs41conn_binding_count(binding, -1);
		WRITE_ONCE(conn->state, NFS41CONN_CONN_OPEN);
		list_del_init(&conn->drain_link);
		list_for_each_entry(binding, &conn->bindings, conn_link)
			nfs41conn_binding_count(binding, 1);
	}
	spin_unlock(&table->lock);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_undrain);

/**
 * nfs41conn_drain_take_idle - draining connections idle long enough to close
 * @table: the table
 * @idle_ns: how long a draining connection must have had no call, and no
 *	drain request
 * @conns: where to put them
 * @room: room in @conns
 * @wait_ns: set to how soon the next may be idle: U64_MAX if no draining
 *	connection is left to look at, 0 if @conns is full (call again),
 *	at most NFS41CONN_DRAIN_BUSY_POLL_NS while one has a call in
 *	progress
 *
 * Looks at the draining connections only (table->drain_list), not at
 * every connection.  Each one taken has its calls stopped -- none was in
 * progress, none may start -- and leaves the list: the caller closes it,
 * and it leaves the table when its transport is detached.
 *
 * Return: how many were put in @conns, each with a reference for the
 * caller.
 */
unsigned int nfs41conn_drain_take_idle(struct nfs41conn_table *table,
				       u64 idle_ns,
				       struct nfs41conn_conn **conns,
				       unsigned int room, u64 *wait_ns)
{
	u64 now = ktime_get_coarse_boottime_ns();
	struct nfs41conn_conn *conn, *tmp;
	unsigned int n = 0;
	u64 since;

	*wait_ns = U64_MAX;
	spin_lock(&table->lock);
	list_for_each_entry_safe(conn, tmp, &table->drain_list, drain_link) {
		if (n == room) {
			*wait_ns = 0;
			break;
		}
		since = max(READ_ONCE(conn->last_call_ns), conn->drained_ns);
		if (since + idle_ns > now) {
			*wait_ns = min(*wait_ns, since + idle_ns - now);
			continue;
		}
		/* A call in progress, or being closed by its own calls. */
		if (!nfs41conn_conn_stop_calls(conn)) {
			*wait_ns = min_t(u64, *wait_ns,
					 NFS41CONN_DRAIN_BUSY_POLL_NS);
			continue;
		}
		/* In the table: its transport's reference is not put yet. */
		refcount_inc(&conn->ref);
		list_del_init(&conn->drain_link);
		conns[n++] = conn;
	}
	spin_unlock(&table->lock);
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_drain_take_idle);

/*
 * A connection of @session that may be closed to make room for one nfsd
 * bound beyond the limit: bound to it with the fore channel only, carrying
 * no back channel for any session, open, not held itself, without a call
 * in progress (closing it would lose the reply, and leave nfsd's slot busy
 * for the client's retransmission), idle in the session -- no call of the
 * session accepted by nfsd on it -- for @idle_ns, not the last fore channel
 * connection of this or any other session it is bound to, and one that
 * @may_close allows (its transport holds no partial record).  The one idle
 * longest in the session.
 */
static struct nfs41conn_conn *
nfs41conn_idle_victim(struct nfs41conn_session *session, u64 now, u64 idle_ns,
		      bool (*may_close)(struct nfs41conn_conn *conn))
{
	struct nfs41conn_conn *victim = NULL, *c;
	struct nfs41conn_binding *binding;
	u64 oldest = U64_MAX, last;

	if (session->nr_fore_ready < 2)
		return NULL;
	list_for_each_entry(binding, &session->bindings, session_link) {
		c = binding->conn;
		/* Accepted on another CPU since @now: signed, not idle. */
		last = READ_ONCE(binding->active_ns);
		if (binding->dir != NFS41CONN_DIR_FORE || binding->excess ||
		    c->nr_excess || c->state != NFS41CONN_CONN_OPEN ||
		    nfs41conn_conn_busy(c) ||
		    (s64)(now - last) < (s64)idle_ns || last >= oldest)
			continue;
		if (nfs41conn_conn_has_back(c) || nfs41conn_conn_last_fore(c))
			continue;
		if (may_close && !may_close(c))
			continue;
		victim = c;
		oldest = last;
	}
	return victim;
}

/* Take @conn out of the table for its caller to close. */
static struct nfs41conn_conn *
nfs41conn_take_out(struct nfs41conn_table *table, struct nfs41conn_conn *conn,
		   enum nfs41conn_unbind_why why)
{
	lockdep_assert_held(&table->lock);

	/* The caller closes it; this reference is for that. */
	refcount_inc(&conn->ref);
	nfs41conn_conn_unlink(table, conn, why);
	return conn;
}

/**
 * nfs41conn_rotate - one step towards every held binding's admission
 * @table: the table
 * @may_close: whether a connection's transport may be closed now (it
 *	holds no partial record); called under the table lock, must not
 *	sleep.  NULL: always.
 * @step: what was done
 *
 * Looks at the held bindings, longest held first, and takes the first
 * step one of them allows:
 *
 *  - its session has a free slot (a connection closed, the limit was
 *    raised): the binding is admitted;
 *  - it was held for NFS41CONN_HOLD_MAX_NS: its connection is taken out
 *    of the table (@step->expired), and the client sends the held calls
 *    again on a new connection;
 *  - its session has a connection idle in the session for evict_idle_ms
 *    (nfs41conn_idle_victim()) and has evicted none for as long: that one
 *    is taken out of the table (@step->evicted) and the binding admitted
 *    in its slot, in one step, so the session never has more than its
 *    limit of admitted connections.
 *
 * Only nfsd's acceptance makes a binding held, so nothing here acts on a
 * call nfsd rejected.  With evict_idle_ms 0 nothing is evicted.
 *
 * Return: true if a step was taken (call again), false if none can be now.
 */
bool nfs41conn_rotate(struct nfs41conn_table *table,
		      bool (*may_close)(struct nfs41conn_conn *conn),
		      struct nfs41conn_rotation *step)
{
	u64 idle_ns = (u64)READ_ONCE(table->evict_idle_ms) * NSEC_PER_MSEC;
	unsigned int max = READ_ONCE(table->max_conns_per_session);
	u64 now = ktime_get_coarse_boottime_ns();
	struct nfs41conn_session *session;
	struct nfs41conn_binding *binding;
	struct nfs41conn_conn *victim;
	bool done = false;

	memset(step, 0, sizeof(*step));
	spin_lock(&table->lock);
	list_for_each_entry(binding, &table->held_list, held_link) {
		session = binding->session;
		victim = NULL;
		if (session->nr_conns >= max &&
		    now - binding->held_ns >= NFS41CONN_HOLD_MAX_NS) {
			if (!nfs41conn_conn_stop_calls(binding->conn))
				continue;
			memcpy(step->sessionid, session->id,
			       NFS4_MAX_SESSIONID_LEN);
			step->held_id = binding->conn->id;
			step->held_ns = now - binding->held_ns;
			victim = binding->conn;
			step->expired = nfs41conn_take_out(table, victim,
							   NFS41CONN_UNBIND_EXPIRE);
			done = true;
			break;
		}
		if (session->nr_conns >= max) {
			if (!idle_ns || session->nr_conns > max ||
			    now - session->last_evict_ns < idle_ns)
				continue;
			victim = nfs41conn_idle_victim(session, now, idle_ns,
						       may_close);
			if (!victim || !nfs41conn_conn_stop_calls(victim))
				continue;
			session->last_evict_ns = now;
			step->evicted = nfs41conn_take_out(table, victim,
							   NFS41CONN_UNBIND_EVICT);
		}
		memcpy(step->sessionid, session->id, NFS4_MAX_SESSIONID_LEN);
		step->held_id = binding->conn->id;
		step->held_ns = now - binding->held_ns;
		if (nfs41conn_binding_admit(table, binding)) {
			refcount_inc(&binding->conn->ref);
			step->admitted = binding->conn;
		}
		done = true;
		break;
	}
	spin_unlock(&table->lock);
	return done;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_rotate);
