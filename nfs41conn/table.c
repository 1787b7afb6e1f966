// SPDX-License-Identifier: GPL-2.0
/*
 * nfs41conn binding table: connections, sessions, and the bindings
 * between them, one table per network namespace.
 *
 * Operation:
 *
 * The transport adds a connection when it accepts one and removes it when
 * the connection closes.  The gate asks, for each call, whether the
 * connection is bound to the call's session and whether it is draining:
 * those are RCU hash lookups.  What the gate learns from replies becomes
 * sessions and bindings here.  A bind that has to be decided before the
 * server answers (an implicit bind by SEQUENCE, an explicit one by
 * BIND_CONN_TO_SESSION) is first reserved, which takes one of the session's
 * connection slots, then committed with the direction the server granted,
 * or cancelled.  Because the reservation and the limit check happen under
 * one lock, two binds racing for a session's last slot cannot both win.
 *
 * Everything that changes the table, or any count in it, is done under
 * nfs41conn_table::lock.  One lock is enough because changes are rare
 * (accept, the first bind of a connection, close, admin requests), and it
 * keeps rules that span several sessions -- a connection being drained
 * must not be the last fore channel connection of ANY session it is bound
 * to -- simple to get right.  Objects are freed after an RCU grace period.
 */

#include <linux/delay.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/printk.h>
#include <linux/rculist.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <kunit/test-bug.h>
#include <kunit/visibility.h>

#include <nfs41conn/table.h>

#include "trace.h"

/*
 * Between a check of the table and the change it allows.  While KUnit tests
 * run, a thread that could be preempted here (never one holding the table's
 * lock) sleeps, so that the race suites (kunit/table_stress_test.c) fail if
 * the lock is gone: a uniprocessor UML kernel preempts only where
 * preemption is re-enabled, and there is no such place in most of these
 * gaps.  Nothing outside KUnit builds.
 */
#if IS_ENABLED(CONFIG_KUNIT)
#define nfs41conn_race_point()						\
	do {								\
		if (static_branch_unlikely(&kunit_running) && preemptible()) \
			usleep_range(20, 50);				\
	} while (0)
#else
#define nfs41conn_race_point() do { } while (0)
#endif

static const struct rhashtable_params nfs41conn_conn_params = {
	.key_len		= sizeof_field(struct nfs41conn_conn, id),
	.key_offset		= offsetof(struct nfs41conn_conn, id),
	.head_offset		= offsetof(struct nfs41conn_conn, hash),
	.automatic_shrinking	= true,
};

static const struct rhashtable_params nfs41conn_session_params = {
	.key_len		= NFS41CONN_SESSIONID_SIZE,
	.key_offset		= offsetof(struct nfs41conn_session, id),
	.head_offset		= offsetof(struct nfs41conn_session, hash),
	.automatic_shrinking	= true,
};

static const struct rhashtable_params nfs41conn_binding_params = {
	.key_len		= sizeof(struct nfs41conn_binding_key),
	.key_offset		= offsetof(struct nfs41conn_binding, key),
	.head_offset		= offsetof(struct nfs41conn_binding, hash),
	.automatic_shrinking	= true,
};

static bool nfs41conn_dir_valid(enum nfs41conn_dir dir)
{
	return dir == NFS41CONN_DIR_FORE || dir == NFS41CONN_DIR_BACK ||
	       dir == NFS41CONN_DIR_BOTH;
}

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
	table->drain_close_idle_ms = NFS41CONN_DEFAULT_DRAIN_CLOSE_IDLE_MS;
	table->drain_mode = NFS41CONN_DRAIN_DELAY;
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
 * nfs41conn_table_set_drain_close_idle - idle time that closes a drained connection
 * @table: the table
 * @ms: milliseconds without a call, and since the drain, after which a
 *	draining connection with no call in progress is closed; 0: never
 *
 * The table only keeps the value: nfs41conn/drain.c closes.
 */
void nfs41conn_table_set_drain_close_idle(struct nfs41conn_table *table,
					  unsigned int ms)
{
	WRITE_ONCE(table->drain_close_idle_ms, ms);
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_table_set_drain_close_idle);

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
static void nfs41conn_binding_count(struct nfs41conn_binding *binding,
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

static void nfs41conn_binding_set_dir(struct nfs41conn_binding *binding,
				      enum nfs41conn_dir dir)
{
	nfs41conn_binding_count(binding, -1);
	WRITE_ONCE(binding->dir, dir);
	nfs41conn_binding_count(binding, 1);
}

static struct nfs41conn_binding *
nfs41conn_binding_find(struct nfs41conn_table *table, u64 conn_id,
		       const u8 *sid)
{
	struct nfs41conn_binding_key key;

	key.conn_id = conn_id;
	memcpy(key.sessionid, sid, NFS41CONN_SESSIONID_SIZE);
	return rhashtable_lookup_fast(&table->bindings, &key,
				      nfs41conn_binding_params);
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
static int nfs41conn_binding_link(struct nfs41conn_table *table,
				  struct nfs41conn_binding *binding,
				  struct nfs41conn_conn *conn,
				  struct nfs41conn_session *session,
				  bool excess)
{
	int err;

	lockdep_assert_held(&table->lock);

	binding->key.conn_id = conn->id;
	memcpy(binding->key.sessionid, session->id, NFS41CONN_SESSIONID_SIZE);
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
static bool nfs41conn_binding_admit(struct nfs41conn_table *table,
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
static bool nfs41conn_binding_unlink(struct nfs41conn_table *table,
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

static void nfs41conn_conn_unlink(struct nfs41conn_table *table,
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

static int nfs41conn_copy_addr(struct sockaddr_storage *dst,
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
	memcpy(session->id, sid, NFS41CONN_SESSIONID_SIZE);
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
 * nfs41conn_negotiate_dir - the server's answer to a requested direction
 * @dir_from_client: channel_dir_from_client4 of BIND_CONN_TO_SESSION
 * @rdma_requested: bctsa_use_conn_in_rdma_mode
 * @dir: the direction granted
 * @rdma: whether RDMA mode is granted: never
 *
 * The generous policy: a client that accepts either the one channel or
 * both gets both (RFC 8881 Section 18.34.3).
 *
 * Return: 0, or -EINVAL for a value that is no channel_dir_from_client4.
 */
int nfs41conn_negotiate_dir(u32 dir_from_client, bool rdma_requested,
			    enum nfs41conn_dir *dir, bool *rdma)
{
	switch (dir_from_client) {
	case NFS41CONN_CDFC4_FORE:
		*dir = NFS41CONN_DIR_FORE;
		break;
	case NFS41CONN_CDFC4_BACK:
		*dir = NFS41CONN_DIR_BACK;
		break;
	case NFS41CONN_CDFC4_FORE_OR_BOTH:
	case NFS41CONN_CDFC4_BACK_OR_BOTH:
		*dir = NFS41CONN_DIR_BOTH;
		break;
	default:
		return -EINVAL;
	}
	/* Connections are TCP: RDMA mode is never granted. */
	*rdma = false;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_negotiate_dir);

/*
 * RFC 8881 Section 18.34.3: binding an already bound connection again has
 * no effect unless the client demands a change of its channels, which is
 * NFS4ERR_INVAL.
 */
static bool nfs41conn_rebind_compatible(enum nfs41conn_dir bound,
					u32 dir_from_client)
{
	switch (dir_from_client) {
	case NFS41CONN_CDFC4_FORE:
		return bound == NFS41CONN_DIR_FORE;
	case NFS41CONN_CDFC4_BACK:
		return bound == NFS41CONN_DIR_BACK;
	case NFS41CONN_CDFC4_FORE_OR_BOTH:
		return bound & NFS41CONN_DIR_FORE;
	case NFS41CONN_CDFC4_BACK_OR_BOTH:
		return bound & NFS41CONN_DIR_BACK;
	}
	return false;
}

/*
 * Find the binding of @conn to the session @sid, or make a reservation-less
 * one from *@spare, taking *@spare over: in a free slot, or else, if
 * @excess_ok, beyond the limit.
 */
static int nfs41conn_binding_slot(struct nfs41conn_table *table,
				  struct nfs41conn_conn *conn, const u8 *sid,
				  bool excess_ok,
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
	binding = nfs41conn_binding_find(table, conn->id, sid);
	if (!binding) {
		excess = session->nr_conns >=
			 READ_ONCE(table->max_conns_per_session);
		if (excess && !excess_ok)
			return -EMLINK;
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
 * nfs41conn_bind - bind a connection to a session (BIND_CONN_TO_SESSION)
 * @table: the table
 * @conn: the connection
 * @sid: the session
 * @dir_from_client: the channel_dir_from_client4 asked for
 * @granted: the direction the connection is bound with afterwards
 *
 * A new binding gets the negotiated direction and takes a slot unless the
 * connection already holds a reservation for the session.  Binding an
 * already bound connection changes nothing if its direction satisfies the
 * request.
 *
 * Return: 0; -EINVAL for a bad @dir_from_client or an incompatible rebind,
 * -ENOENT for an unknown session, -ESHUTDOWN for a closed connection,
 * -EMLINK when the session is at its connection limit, -ENOMEM.
 */
int nfs41conn_bind(struct nfs41conn_table *table, struct nfs41conn_conn *conn,
		   const u8 *sid, u32 dir_from_client,
		   enum nfs41conn_dir *granted)
{
	struct nfs41conn_binding *spare, *binding;
	enum nfs41conn_dir dir;
	bool rdma;
	int err;

	err = nfs41conn_negotiate_dir(dir_from_client, false, &dir, &rdma);
	if (err)
		return err;
	spare = kzalloc(sizeof(*spare), GFP_KERNEL);
	if (!spare)
		return -ENOMEM;

	spin_lock(&table->lock);
	err = nfs41conn_binding_slot(table, conn, sid, false, &spare,
				     &binding);
	if (err)
		goto out_unlock;
	if (binding->dir == NFS41CONN_DIR_NONE)
		nfs41conn_binding_set_dir(binding, dir);
	else if (!nfs41conn_rebind_compatible(binding->dir, dir_from_client))
		err = -EINVAL;
	*granted = binding->dir;
out_unlock:
	spin_unlock(&table->lock);
	kfree(spare);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_bind);

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
	err = nfs41conn_binding_slot(table, conn, sid, true, &spare, &binding);
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
	binding = nfs41conn_binding_find(table, conn->id, sid);
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
	binding = nfs41conn_binding_find(table, conn->id, sid);
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
 * @conn_id: the connection it came on
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
 * One hash lookup for a connection bound to the session, the usual case:
 * the binding leads to its session, which RCU keeps while the binding is
 * found (a session is freed after its bindings are unlinked).
 *
 * Return: false for a replay (or an unknown session), true otherwise.
 */
bool nfs41conn_accepted(struct nfs41conn_table *table, u64 conn_id,
			const u8 *sid, u32 slotid, u32 seqid,
			enum nfs41conn_dir *bound)
{
	struct nfs41conn_binding_key key;
	struct nfs41conn_session *session;
	struct nfs41conn_binding *binding;
	bool fresh = false;

	key.conn_id = conn_id;
	memcpy(key.sessionid, sid, NFS41CONN_SESSIONID_SIZE);
	rcu_read_lock();
	binding = rhashtable_lookup(&table->bindings, &key,
				    nfs41conn_binding_params);
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
			       NFS41CONN_SESSIONID_SIZE);
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
		memcpy(step->sessionid, session->id, NFS41CONN_SESSIONID_SIZE);
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

/**
 * nfs41conn_unbind - take a connection off a session
 * @table: the table
 * @conn: the connection
 * @sid: the session
 *
 * Removes the binding, or the reservation, whatever is pending on it.
 *
 * Return: 0, or -ENOENT if the connection is not bound to the session.
 */
int nfs41conn_unbind(struct nfs41conn_table *table,
		     struct nfs41conn_conn *conn, const u8 *sid)
{
	struct nfs41conn_binding *binding;
	int err = -ENOENT;

	spin_lock(&table->lock);
	binding = nfs41conn_binding_find(table, conn->id, sid);
	if (binding) {
		nfs41conn_binding_unlink(table, binding,
					 NFS41CONN_UNBIND_REQUEST);
		err = 0;
	}
	spin_unlock(&table->lock);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_unbind);

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

/**
 * nfs41conn_bound_dir - how a connection is bound to a session
 * @table: the table
 * @conn_id: connection ID
 * @sid: the session
 *
 * Caller holds rcu_read_lock().
 *
 * Return: the direction, or NFS41CONN_DIR_NONE if the connection is not
 * bound to the session (a reservation is not a binding).
 */
enum nfs41conn_dir nfs41conn_bound_dir(struct nfs41conn_table *table,
				       u64 conn_id, const u8 *sid)
{
	struct nfs41conn_binding_key key;
	struct nfs41conn_binding *binding;

	key.conn_id = conn_id;
	memcpy(key.sessionid, sid, NFS41CONN_SESSIONID_SIZE);
	binding = rhashtable_lookup(&table->bindings, &key,
				    nfs41conn_binding_params);
	return binding ? READ_ONCE(binding->dir) : NFS41CONN_DIR_NONE;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_bound_dir);

static bool nfs41conn_verify_eq(const char *what, long long got,
				long long counted)
{
	if (got == counted)
		return false;
	pr_err("nfs41conn: table inconsistent: %s is %lld, counted %lld\n",
	       what, got, counted);
	return true;
}

static bool nfs41conn_verify_session(struct nfs41conn_table *table,
				     struct nfs41conn_session *session)
{
	unsigned int nr = 0, excess = 0, fore = 0, ready = 0, back = 0;
	struct nfs41conn_binding *binding;
	bool bad = false;

	list_for_each_entry(binding, &session->bindings, session_link) {
		if (binding->excess) {
			excess++;
			continue;
		}
		nr++;
		if (binding->session != session ||
		    nfs41conn_binding_find(table, binding->conn->id,
					   session->id) != binding) {
			pr_err("nfs41conn: table inconsistent: binding of conn %llu not hashed\n",
			       binding->conn->id);
			bad = true;
		}
		if (binding->dir == NFS41CONN_DIR_NONE && !binding->pending) {
			pr_err("nfs41conn: table inconsistent: conn %llu has a reservation with nothing pending\n",
			       binding->conn->id);
			bad = true;
		}
		if (binding->dir & NFS41CONN_DIR_FORE) {
			fore++;
			if (binding->conn->state != NFS41CONN_CONN_DRAINING)
				ready++;
		}
		if (binding->dir & NFS41CONN_DIR_BACK)
			back++;
	}
	bad |= nfs41conn_verify_eq("session nr_conns", session->nr_conns, nr);
	bad |= nfs41conn_verify_eq("session nr_excess", session->nr_excess,
				   excess);
	bad |= nfs41conn_verify_eq("session nr_fore", session->nr_fore, fore);
	bad |= nfs41conn_verify_eq("session nr_fore_ready",
				   session->nr_fore_ready, ready);
	bad |= nfs41conn_verify_eq("session nr_back", session->nr_back, back);
	return bad;
}

static bool nfs41conn_verify_conn(struct nfs41conn_table *table,
				  struct nfs41conn_conn *conn,
				  unsigned int *nr_bindings)
{
	struct nfs41conn_binding *binding;
	unsigned int bound = 0, excess = 0;
	bool bad = false;

	if (conn->state == NFS41CONN_CONN_CLOSED ||
	    rhashtable_lookup_fast(&table->conns, &conn->id,
				   nfs41conn_conn_params) != conn) {
		pr_err("nfs41conn: table inconsistent: conn %llu listed but not open and hashed\n",
		       conn->id);
		bad = true;
	}
	list_for_each_entry(binding, &conn->bindings, conn_link) {
		(*nr_bindings)++;
		if (binding->conn != conn) {
			pr_err("nfs41conn: table inconsistent: conn %llu lists a foreign binding\n",
			       conn->id);
			bad = true;
		}
		if (binding->excess)
			excess++;
		else if (binding->dir != NFS41CONN_DIR_NONE)
			bound++;
	}
	bad |= nfs41conn_verify_eq("conn nr_sessions", conn->nr_sessions,
				   bound);
	bad |= nfs41conn_verify_eq("conn nr_excess", conn->nr_excess, excess);
	return bad;
}

/**
 * nfs41conn_table_verify - check every count against what it counts
 * @table: the table
 *
 * For tests and debugging: walks the whole table under its lock.
 *
 * Return: 0 if consistent, -EUCLEAN (after logging what is wrong) if not.
 */
int nfs41conn_table_verify(struct nfs41conn_table *table)
{
	unsigned int nr_conns = 0, nr_sessions = 0, nr_bindings = 0;
	struct nfs41conn_binding *binding;
	struct nfs41conn_session *session;
	struct nfs41conn_conn *conn;
	unsigned int nr_held = 0;
	bool bad = false;

	spin_lock(&table->lock);
	list_for_each_entry(binding, &table->held_list, held_link) {
		nr_held++;
		if (!binding->excess || binding->dir == NFS41CONN_DIR_NONE) {
			pr_err("nfs41conn: table inconsistent: conn %llu is held but not bound beyond the limit\n",
			       binding->conn->id);
			bad = true;
		}
	}
	bad |= nfs41conn_verify_eq("table nr_held", table->nr_held, nr_held);
	list_for_each_entry(session, &table->orphan_list, orphan_link) {
		if (!session->empty_ns || !list_empty(&session->bindings)) {
			pr_err("nfs41conn: table inconsistent: a session listed as an orphan has a connection\n");
			bad = true;
		}
	}
	list_for_each_entry(conn, &table->drain_list, drain_link) {
		if (conn->state != NFS41CONN_CONN_DRAINING) {
			pr_err("nfs41conn: table inconsistent: conn %llu listed as draining is not\n",
			       conn->id);
			bad = true;
		}
	}
	list_for_each_entry(session, &table->session_list, link) {
		nr_sessions++;
		bad |= nfs41conn_verify_session(table, session);
	}
	list_for_each_entry(conn, &table->conn_list, link) {
		nr_conns++;
		bad |= nfs41conn_verify_conn(table, conn, &nr_bindings);
	}
	bad |= nfs41conn_verify_eq("table nr_sessions", table->nr_sessions,
				   nr_sessions);
	bad |= nfs41conn_verify_eq("table nr_conns", table->nr_conns,
				   nr_conns);
	bad |= nfs41conn_verify_eq("table nr_bindings", table->nr_bindings,
				   nr_bindings);
	bad |= nfs41conn_verify_eq("hashed sessions",
				   atomic_read(&table->sessions.nelems),
				   nr_sessions);
	bad |= nfs41conn_verify_eq("hashed conns",
				   atomic_read(&table->conns.nelems),
				   nr_conns);
	bad |= nfs41conn_verify_eq("hashed bindings",
				   atomic_read(&table->bindings.nelems),
				   nr_bindings);
	spin_unlock(&table->lock);
	return bad ? -EUCLEAN : 0;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_table_verify);
