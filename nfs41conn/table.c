// SPDX-License-Identifier: GPL-2.0
/*
 * nfs41conn binding table: the store of connections, sessions, and the
 * bindings between them, one table per network namespace.
 *
 * Operation:
 *
 * The transport adds a connection when it accepts one and removes it when
 * the connection closes (transport.c).  What the gate learns from nfsd's
 * replies (gate.c) becomes sessions here, and bindings through the bind
 * protocol (table_bind.c); a session leaves when nfsd destroys it, or when
 * it has been without a connection for NFS41CONN_SESSION_ORPHAN_NS.
 * Connections are drained, evicted and closed when held too long by
 * table_evict.c.  The helpers that link and unlink entries, and keep every
 * count of the table right, are here, for all of them (table_internal.h).
 *
 * Everything that changes the table, or any count in it, is done under
 * nfs41conn_table::lock.  One lock is enough because changes are rare
 * (accept, the first bind of a connection, close, admin requests), and it
 * keeps rules that span several sessions -- a connection being drained
 * must not be the last fore channel connection of ANY session it is bound
 * to -- simple to get right.  Objects are freed after an RCU grace period.
 */

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/lockdep.h>
#include <linux/rculist.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/ktime.h>

#include <nfs41conn/compat.h>
#include <nfs41conn/table.h>

#include "table_internal.h"
#include "trace.h"

/**
 * nfs41conn_table_init - set up an empty table
 * @table: the table, zeroed or not
 *
 * Return: 0, or a negative errno from rhashtable_init().
 */
int nfs41conn_table_init(struct nfs41conn_table *table)
{
	int err;

	spin_lock_init(&table->lock);
	INIT_LIST_HEAD(&table->conn_list);
	INIT_LIST_HEAD(&table->session_list);
	INIT_LIST_HEAD(&table->orphan_list);
	INIT_LIST_HEAD(&table->drain_list);
	table->nr_conns = 0;
	table->nr_sessions = 0;
	table->nr_bindings = 0;
	atomic64_set(&table->last_conn_id, 0);
	table->max_conns_per_session = NFS41CONN_DEFAULT_MAX_CONNS;
	table->evict_idle_ms = NFS41CONN_DEFAULT_EVICT_IDLE_MS;
	table->drain_mode = NFS41CONN_DRAIN_DEFAULT;
	INIT_LIST_HEAD(&table->held_list);
	table->nr_held = 0;

	err = rhashtable_init(&table->conns, &nfs41conn_conn_params);
	if (err)
		return err;
	err = rhashtable_init(&table->sessions, &nfs41conn_session_params);
	if (err)
		goto out_conns;
	err = rhashtable_init(&table->bindings, &nfs41conn_binding_params);
	if (err)
		goto out_sessions;
	return 0;

out_sessions:
	rhashtable_destroy(&table->sessions);
out_conns:
	rhashtable_destroy(&table->conns);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_table_init);

/**
 * nfs41conn_table_set_max_conns - set the per-session connection limit
 * @table: the table
 * @max: connections (bound or reserved) a session may have; at least 1
 *
 * Applies to binds and reservations made from now on.  Sessions already
 * over the new limit keep their connections.
 */
void nfs41conn_table_set_max_conns(struct nfs41conn_table *table,
				   unsigned int max)
{
	WRITE_ONCE(table->max_conns_per_session, max);
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_table_set_max_conns);

/**
 * nfs41conn_table_set_evict_idle - idle time that makes a connection evictable
 * @table: the table
 * @ms: milliseconds without a call; 0 turns eviction off
 *
 * See nfs41conn_rotate().
 */
void nfs41conn_table_set_evict_idle(struct nfs41conn_table *table,
				    unsigned int ms)
{
	WRITE_ONCE(table->evict_idle_ms, ms);
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_table_set_evict_idle);

/**
 * nfs41conn_table_set_drain_mode - what draining connections do with a call
 * @table: the table
 * @mode: the mode; the gate reads it for each call
 *
 * The table only keeps the value: gate.c decides by it.
 */
void nfs41conn_table_set_drain_mode(struct nfs41conn_table *table,
				    enum nfs41conn_drain_mode mode)
{
	WRITE_ONCE(table->drain_mode, mode);
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_table_set_drain_mode);

/*
 * Adjust the counts a bound (not merely reserved) binding contributes to,
 * by @delta.  Every change of a binding's direction, or of its connection's
 * draining state, is bracketed by a -1 and a +1 call.
 */
void nfs41conn_binding_count(struct nfs41conn_binding *binding,
			     int delta)
{
	struct nfs41conn_session *session = binding->session;
	struct nfs41conn_conn *conn = binding->conn;

	/* A binding beyond the limit carries no call: it counts nowhere. */
	if (binding->dir == NFS41CONN_DIR_NONE || binding->excess)
		return;
	/* Read without the lock by the gate, the listing and the trace. */
	WRITE_ONCE(conn->nr_sessions, conn->nr_sessions + delta);
	if (binding->dir & NFS41CONN_DIR_FORE) {
		WRITE_ONCE(session->nr_fore, session->nr_fore + delta);
		if (conn->state != NFS41CONN_CONN_DRAINING)
			WRITE_ONCE(session->nr_fore_ready,
				   session->nr_fore_ready + delta);
	}
	if (binding->dir & NFS41CONN_DIR_BACK)
		WRITE_ONCE(session->nr_back, session->nr_back + delta);
}

void nfs41conn_binding_set_dir(struct nfs41conn_binding *binding,
			       enum nfs41conn_dir dir)
{
	nfs41conn_binding_count(binding, -1);
	WRITE_ONCE(binding->dir, dir);
	nfs41conn_binding_count(binding, 1);
}

/*
 * @session has no connection left, or had none yet: from now on it is an
 * orphan, and forgotten after NFS41CONN_SESSION_ORPHAN_NS without one.
 * table->orphan_list is in the order sessions became orphans, so the
 * oldest are first.
 */
static void nfs41conn_session_orphan(struct nfs41conn_table *table,
				     struct nfs41conn_session *session)
{
	lockdep_assert_held(&table->lock);

	session->empty_ns = ktime_get_coarse_boottime_ns();
	list_move_tail(&session->orphan_link, &table->orphan_list);
}

/*
 * Put @binding, allocated by the caller, into the table as a reservation
 * with no direction and nothing pending.  Within the limit it takes one of
 * @session's slots; beyond it (@excess) it takes none, and the
 * connection's calls are held from now on.
 */
int nfs41conn_binding_link(struct nfs41conn_table *table,
			   struct nfs41conn_binding *binding,
			   struct nfs41conn_conn *conn,
			   struct nfs41conn_session *session,
			   bool excess)
{
	int err;

	lockdep_assert_held(&table->lock);

	binding->key.conn_id = conn->id;
	memcpy(binding->key.sessionid, session->id, NFS4_MAX_SESSIONID_LEN);
	binding->conn = conn;
	binding->session = session;
	binding->dir = NFS41CONN_DIR_NONE;
	binding->pending = 0;
	binding->excess = excess;
	binding->active_ns = ktime_get_coarse_boottime_ns();
	INIT_LIST_HEAD(&binding->held_link);
	err = rhashtable_insert_fast(&table->bindings, &binding->hash,
				     nfs41conn_binding_params);
	if (err)
		return err;
	list_add_tail_rcu(&binding->conn_link, &conn->bindings);
	list_add_tail_rcu(&binding->session_link, &session->bindings);
	rcu_assign_pointer(conn->last_binding, binding);
	if (excess) {
		WRITE_ONCE(session->nr_excess, session->nr_excess + 1);
		WRITE_ONCE(conn->nr_excess, conn->nr_excess + 1);
	} else {
		WRITE_ONCE(session->nr_conns, session->nr_conns + 1);
	}
	if (session->empty_ns) {
		session->empty_ns = 0;
		list_del_init(&session->orphan_link);
	}
	table->nr_bindings++;
	return 0;
}

/*
 * @binding, beyond the limit, takes a slot of it: it counts as any other
 * from now on.  Return: true if that ended the hold of its connection.
 */
bool nfs41conn_binding_admit(struct nfs41conn_table *table,
			     struct nfs41conn_binding *binding)
{
	struct nfs41conn_session *session = binding->session;
	struct nfs41conn_conn *conn = binding->conn;

	lockdep_assert_held(&table->lock);

	if (!list_empty(&binding->held_link)) {
		list_del_init(&binding->held_link);
		WRITE_ONCE(table->nr_held, table->nr_held - 1);
	}
	WRITE_ONCE(binding->excess, false);
	WRITE_ONCE(session->nr_excess, session->nr_excess - 1);
	WRITE_ONCE(session->nr_conns, session->nr_conns + 1);
	WRITE_ONCE(conn->nr_excess, conn->nr_excess - 1);
	nfs41conn_binding_count(binding, 1);
	return !conn->nr_excess;
}

/* Return: true if removing @binding ended the hold of its connection. */
bool nfs41conn_binding_unlink(struct nfs41conn_table *table,
			      struct nfs41conn_binding *binding,
			      enum nfs41conn_unbind_why why)
{
	struct nfs41conn_session *session = binding->session;
	struct nfs41conn_conn *conn = binding->conn;
	bool resumed = false;

	lockdep_assert_held(&table->lock);

	/* Traced here: only under the lock is what a removal took exact. */
	trace_nfs41conn_unbind(binding, why);
	rhashtable_remove_fast(&table->bindings, &binding->hash,
			       nfs41conn_binding_params);
	list_del_rcu(&binding->conn_link);
	list_del_rcu(&binding->session_link);
	/*
	 * Readers that found it as the last binding have it until a grace
	 * period passes, as those that found it in the hash do.
	 */
	if (rcu_access_pointer(conn->last_binding) == binding)
		rcu_assign_pointer(conn->last_binding,
				   list_first_entry_or_null(&conn->bindings,
							    struct nfs41conn_binding,
							    conn_link));
	nfs41conn_binding_count(binding, -1);
	if (binding->excess) {
		if (!list_empty(&binding->held_link)) {
			list_del(&binding->held_link);
			WRITE_ONCE(table->nr_held, table->nr_held - 1);
		}
		WRITE_ONCE(session->nr_excess, session->nr_excess - 1);
		WRITE_ONCE(conn->nr_excess, conn->nr_excess - 1);
		resumed = !conn->nr_excess;
	} else {
		WRITE_ONCE(session->nr_conns, session->nr_conns - 1);
	}
	if (!session->nr_conns && !session->nr_excess)
		nfs41conn_session_orphan(table, session);
	table->nr_bindings--;
	kfree_rcu(binding, rcu);
	return resumed;
}

static void nfs41conn_session_unlink(struct nfs41conn_table *table,
				     struct nfs41conn_session *session,
				     enum nfs41conn_unbind_why why)
{
	struct nfs41conn_binding *binding, *tmp;

	lockdep_assert_held(&table->lock);

	list_for_each_entry_safe(binding, tmp, &session->bindings, session_link)
		nfs41conn_binding_unlink(table, binding, why);
	rhashtable_remove_fast(&table->sessions, &session->hash,
			       nfs41conn_session_params);
	list_del_rcu(&session->link);
	list_del(&session->orphan_link);
	table->nr_sessions--;
	kfree_rcu(session, rcu);
}

void nfs41conn_conn_unlink(struct nfs41conn_table *table,
			   struct nfs41conn_conn *conn,
			   enum nfs41conn_unbind_why why)
{
	struct nfs41conn_binding *binding, *tmp;

	lockdep_assert_held(&table->lock);

	list_for_each_entry_safe(binding, tmp, &conn->bindings, conn_link)
		nfs41conn_binding_unlink(table, binding, why);
	rhashtable_remove_fast(&table->conns, &conn->hash,
			       nfs41conn_conn_params);
	list_del_rcu(&conn->link);
	list_del_init(&conn->drain_link);
	table->nr_conns--;
	WRITE_ONCE(conn->state, NFS41CONN_CONN_CLOSED);
}

/**
 * nfs41conn_table_destroy - empty a table and release its hash tables
 * @table: the table; no other call on it may run concurrently or follow
 *
 * Sessions still present are destroyed and connections still present are
 * closed; the owners of those connections keep their references.
 */
void nfs41conn_table_destroy(struct nfs41conn_table *table)
{
	struct nfs41conn_session *session, *stmp;
	struct nfs41conn_conn *conn, *ctmp;

	spin_lock(&table->lock);
	list_for_each_entry_safe(session, stmp, &table->session_list, link)
		nfs41conn_session_unlink(table, session,
					 NFS41CONN_UNBIND_SHUTDOWN);
	list_for_each_entry_safe(conn, ctmp, &table->conn_list, link)
		nfs41conn_conn_unlink(table, conn, NFS41CONN_UNBIND_SHUTDOWN);
	spin_unlock(&table->lock);

	rhashtable_destroy(&table->bindings);
	rhashtable_destroy(&table->sessions);
	rhashtable_destroy(&table->conns);
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_table_destroy);

static int nfs41conn_copy_addr(union nfs41conn_addr *dst,
			       const struct sockaddr *src)
{
	size_t len;

	if (!src)
		return -EAFNOSUPPORT;
	switch (src->sa_family) {
	case AF_INET:
		len = sizeof(struct sockaddr_in);
		break;
	case AF_INET6:
		len = sizeof(struct sockaddr_in6);
		break;
	default:
		return -EAFNOSUPPORT;
	}
	memcpy(dst, src, len);
	return 0;
}

/**
 * nfs41conn_conn_add - record a newly accepted connection
 * @table: the table of the connection's network namespace
 * @local: the server's address of the connection (AF_INET or AF_INET6)
 * @remote: the client's address
 *
 * The connection gets the next ID of @table and starts out open and bound
 * to no session.
 *
 * Return: the connection with one reference for the caller, or
 * ERR_PTR(-EAFNOSUPPORT) for an address that is not IPv4 or IPv6, or
 * ERR_PTR(-ENOMEM).
 */
struct nfs41conn_conn *nfs41conn_conn_add(struct nfs41conn_table *table,
					  const struct sockaddr *local,
					  const struct sockaddr *remote)
{
	struct nfs41conn_conn *conn;
	int err;

	conn = kzalloc(sizeof(*conn), GFP_KERNEL);
	if (!conn)
		return ERR_PTR(-ENOMEM);
	err = nfs41conn_copy_addr(&conn->local, local);
	if (!err)
		err = nfs41conn_copy_addr(&conn->remote, remote);
	if (err)
		goto out_free;
	refcount_set(&conn->ref, 1);
	INIT_LIST_HEAD(&conn->bindings);
	INIT_LIST_HEAD(&conn->drain_link);
	conn->state = NFS41CONN_CONN_OPEN;
	conn->accepted_ns = ktime_get_boottime_ns();
	conn->last_call_ns = ktime_get_coarse_boottime_ns();
	conn->id = atomic64_inc_return(&table->last_conn_id);
	conn->netns_ino = table->netns_ino;

	spin_lock(&table->lock);
	err = rhashtable_insert_fast(&table->conns, &conn->hash,
				     nfs41conn_conn_params);
	if (!err) {
		list_add_tail_rcu(&conn->link, &table->conn_list);
		table->nr_conns++;
	}
	spin_unlock(&table->lock);
	if (err)
		goto out_free;
	return conn;

out_free:
	kfree(conn);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_conn_add);

/**
 * nfs41conn_conn_remove - a connection closed: take it out of the table
 * @table: its table
 * @conn: the connection
 *
 * Unbinds @conn from every session, cancelling its reservations, and marks
 * it closed; lookups no longer find it.  Safe to call more than once.  The
 * caller's reference is not dropped.
 */
void nfs41conn_conn_remove(struct nfs41conn_table *table,
			   struct nfs41conn_conn *conn)
{
	/* Closed is final, and the table may already be gone. */
	if (READ_ONCE(conn->state) == NFS41CONN_CONN_CLOSED)
		return;

	spin_lock(&table->lock);
	if (conn->state != NFS41CONN_CONN_CLOSED)
		nfs41conn_conn_unlink(table, conn, NFS41CONN_UNBIND_CLOSE);
	spin_unlock(&table->lock);
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_conn_remove);

/**
 * nfs41conn_conn_get - take a reference on a connection
 * @conn: a connection found under RCU, or already referenced
 *
 * Return: false if the connection is already being freed.
 */
bool nfs41conn_conn_get(struct nfs41conn_conn *conn)
{
	return refcount_inc_not_zero(&conn->ref);
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_conn_get);

/**
 * nfs41conn_conn_put - drop a reference on a connection
 * @conn: the connection
 *
 * The last reference may only be dropped once the connection is removed
 * from its table; it is then freed after an RCU grace period.
 */
void nfs41conn_conn_put(struct nfs41conn_conn *conn)
{
	if (!refcount_dec_and_test(&conn->ref))
		return;
	/* Still reachable from the table: leak it rather than free it. */
	if (WARN_ON_ONCE(READ_ONCE(conn->state) != NFS41CONN_CONN_CLOSED))
		return;
	kfree_rcu(conn, rcu);
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_conn_put);

/**
 * nfs41conn_conn_lookup - find a connection by ID
 * @table: the table
 * @id: connection ID
 *
 * Caller holds rcu_read_lock(); no reference is taken.
 *
 * Return: the connection, or NULL.
 */
struct nfs41conn_conn *nfs41conn_conn_lookup(struct nfs41conn_table *table,
					     u64 id)
{
	return rhashtable_lookup(&table->conns, &id, nfs41conn_conn_params);
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_conn_lookup);

/*
 * Forget the sessions that have been without a connection for
 * NFS41CONN_SESSION_ORPHAN_NS: nfsd has expired them, or will learn them
 * again from their next SEQUENCE.  Only those are looked at: the oldest
 * orphans come first.
 */
static void nfs41conn_forget_orphans(struct nfs41conn_table *table)
{
	struct nfs41conn_session *session, *tmp;
	u64 now = ktime_get_coarse_boottime_ns();

	lockdep_assert_held(&table->lock);

	list_for_each_entry_safe(session, tmp, &table->orphan_list,
				 orphan_link) {
		if (now - session->empty_ns < NFS41CONN_SESSION_ORPHAN_NS)
			break;
		nfs41conn_session_unlink(table, session,
					 NFS41CONN_UNBIND_SESSION);
	}
}

/**
 * nfs41conn_session_create - record a session the server created
 * @table: the table
 * @sid: the sessionid4
 * @conn: the connection CREATE_SESSION came on, or NULL
 * @dir: how @conn is bound: FORE, or BOTH with CREATE_SESSION4_FLAG_CONN_BACK_CHAN
 * @minorversion: the minor version of the COMPOUND nfsd created it in, or
 *	answered about it in; 0 if not known
 *
 * The creating connection is bound whatever the session limit is: the
 * server has already bound it, and a session has room for at least one.
 * Sessions left without a connection for NFS41CONN_SESSION_ORPHAN_NS are
 * forgotten first.
 *
 * Return: 0; -EINVAL for a bad @dir, -EEXIST if the session is known,
 * -ESHUTDOWN if @conn is closed, -ENOMEM.  On error the new session is
 * not recorded.
 */
int nfs41conn_session_create(struct nfs41conn_table *table, const u8 *sid,
			     struct nfs41conn_conn *conn,
			     enum nfs41conn_dir dir, u32 minorversion)
{
	struct nfs41conn_binding *binding = NULL;
	struct nfs41conn_session *session;
	int err = -ENOMEM;

	if (conn && !nfs41conn_dir_valid(dir))
		return -EINVAL;

	session = kzalloc(sizeof(*session), GFP_KERNEL);
	if (!session)
		return -ENOMEM;
	if (conn) {
		binding = kzalloc(sizeof(*binding), GFP_KERNEL);
		if (!binding)
			goto out_free;
	}
	memcpy(session->id, sid, NFS4_MAX_SESSIONID_LEN);
	session->minorversion = minorversion;
	INIT_LIST_HEAD(&session->bindings);
	INIT_LIST_HEAD(&session->orphan_link);

	spin_lock(&table->lock);
	nfs41conn_forget_orphans(table);
	err = -ESHUTDOWN;
	if (conn && conn->state == NFS41CONN_CONN_CLOSED)
		goto out_unlock;
	err = rhashtable_lookup_insert_fast(&table->sessions, &session->hash,
					    nfs41conn_session_params);
	if (err)
		goto out_unlock;
	list_add_tail_rcu(&session->link, &table->session_list);
	table->nr_sessions++;
	if (!conn)
		nfs41conn_session_orphan(table, session);

	if (conn) {
		err = nfs41conn_binding_link(table, binding, conn, session,
					     false);
		if (err) {
			/* Frees the session after a grace period. */
			nfs41conn_session_unlink(table, session,
						 NFS41CONN_UNBIND_SESSION);
			session = NULL;
			goto out_unlock;
		}
		nfs41conn_binding_set_dir(binding, dir);
		binding = NULL;
	}
	session = NULL;
out_unlock:
	spin_unlock(&table->lock);
out_free:
	kfree(binding);
	kfree(session);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_session_create);

/**
 * nfs41conn_session_destroy - the session is gone: purge it
 * @table: the table
 * @sid: the sessionid4
 *
 * Removes the session and all its bindings and reservations.
 *
 * Return: 0, or -ENOENT if the session is not known.
 */
int nfs41conn_session_destroy(struct nfs41conn_table *table, const u8 *sid)
{
	struct nfs41conn_session *session;
	int err = -ENOENT;

	spin_lock(&table->lock);
	session = rhashtable_lookup_fast(&table->sessions, sid,
					 nfs41conn_session_params);
	if (session) {
		nfs41conn_session_unlink(table, session,
					 NFS41CONN_UNBIND_SESSION);
		err = 0;
	}
	spin_unlock(&table->lock);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_session_destroy);

/**
 * nfs41conn_session_lookup - find a session by sessionid4
 * @table: the table
 * @sid: the sessionid4
 *
 * Caller holds rcu_read_lock().
 *
 * Return: the session, or NULL.
 */
struct nfs41conn_session *
nfs41conn_session_lookup(struct nfs41conn_table *table, const u8 *sid)
{
	return rhashtable_lookup(&table->sessions, sid,
				 nfs41conn_session_params);
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_session_lookup);

/**
 * nfs41conn_forget_sessions - forget every session
 * @table: the table
 *
 * When nfsd stops serving the namespace through nfs41conn (its last
 * listener is gone): nfsd destroys its sessions when it shuts down, and
 * one that still lives is learned again from its next SEQUENCE.
 */
void nfs41conn_forget_sessions(struct nfs41conn_table *table)
{
	struct nfs41conn_session *session, *tmp;

	spin_lock(&table->lock);
	list_for_each_entry_safe(session, tmp, &table->session_list, link)
		nfs41conn_session_unlink(table, session,
					 NFS41CONN_UNBIND_SESSION);
	spin_unlock(&table->lock);
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_forget_sessions);
