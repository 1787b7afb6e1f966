// SPDX-License-Identifier: GPL-2.0
/*
 * Table queries and expectations shared by the KUnit suites of
 * nfs41conn_test.ko (see helpers.h).
 */

#include <linux/in.h>
#include <linux/lockdep.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "helpers.h"

/* Set up test->priv: a fresh table; client ports from @first_port. */
int nfs41conn_kt_init(struct kunit *test, u16 first_port)
{
	struct nfs41conn_kt_ctx *ctx;
	int err;

	/* KUnit reuses struct kunit between the parameters of a case. */
	test->priv = NULL;
	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	err = nfs41conn_table_init(&ctx->table);
	if (err)
		return err;
	/*
	 * The drain cases check the NFS4ERR_DELAY of drain_mode delay; the
	 * other modes are gate_seq_draining_mode's, the default
	 * table_init_defaults'.
	 */
	nfs41conn_table_set_drain_mode(&ctx->table, NFS41CONN_DRAIN_DELAY);
	ctx->next_port = first_port;
	test->priv = ctx;
	return 0;
}

/*
 * Runs before the deferred actions: connections still in the table become
 * closed here, and the actions nfs41conn_kt_conn_add() registered then put
 * them.
 */
void nfs41conn_kt_exit(struct kunit *test)
{
	struct nfs41conn_kt_ctx *ctx = test->priv;

	if (ctx && !ctx->destroyed)
		nfs41conn_table_destroy(&ctx->table);
}

struct nfs41conn_table *nfs41conn_kt_table(struct kunit *test)
{
	struct nfs41conn_kt_ctx *ctx = test->priv;

	return &ctx->table;
}

/* A kunit action: put a connection's reference. */
void nfs41conn_kt_conn_put_action(void *conn)
{
	nfs41conn_conn_put(conn);
}

/* 127.0.0.1:@port */
void nfs41conn_kt_addr4(struct sockaddr_in *sin, u16 port)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

/*
 * Add a connection 127.0.0.1:2049 <- 127.0.0.1:<next port> to @table.  Its
 * reference is put when the case ends, after the table is destroyed.
 */
struct nfs41conn_conn *nfs41conn_kt_conn_add(struct kunit *test,
					     struct nfs41conn_table *table)
{
	struct nfs41conn_kt_ctx *ctx = test->priv;
	struct sockaddr_in local, remote;
	struct nfs41conn_conn *conn;

	nfs41conn_kt_addr4(&local, 2049);
	nfs41conn_kt_addr4(&remote, ctx->next_port++);
	conn = nfs41conn_conn_add(table, (struct sockaddr *)&local,
				  (struct sockaddr *)&remote);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, conn);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test,
						  nfs41conn_kt_conn_put_action,
						  conn));
	return conn;
}

struct nfs41conn_kt_snap nfs41conn_kt_session_snap(struct nfs41conn_table *t,
						   const u8 *sid)
{
	struct nfs41conn_session *session;
	struct nfs41conn_kt_snap snap = {};

	rcu_read_lock();
	session = nfs41conn_session_lookup(t, sid);
	if (session) {
		snap.found = true;
		snap.nr_conns = nfs41conn_session_nr_conns(session);
		snap.nr_fore = READ_ONCE(session->nr_fore);
		snap.nr_fore_ready = READ_ONCE(session->nr_fore_ready);
		snap.nr_back = READ_ONCE(session->nr_back);
		snap.nr_excess = READ_ONCE(session->nr_excess);
	}
	rcu_read_unlock();
	return snap;
}

enum nfs41conn_dir nfs41conn_kt_dir(struct nfs41conn_table *t,
				    struct nfs41conn_conn *conn,
				    const u8 *sid)
{
	enum nfs41conn_dir dir;

	rcu_read_lock();
	dir = nfs41conn_bound_dir(t, conn->id, sid);
	rcu_read_unlock();
	return dir;
}

/* Reservations pending on the binding of @conn to @sid; -1: no binding. */
int nfs41conn_kt_pending(struct nfs41conn_table *t,
			 struct nfs41conn_conn *conn, const u8 *sid)
{
	struct nfs41conn_binding *binding;
	int pending = -1;

	spin_lock(&t->lock);
	list_for_each_entry(binding, &conn->bindings, conn_link) {
		if (!memcmp(binding->key.sessionid, sid,
			    NFS4_MAX_SESSIONID_LEN)) {
			pending = binding->pending;
			break;
		}
	}
	spin_unlock(&t->lock);
	return pending;
}

/* The binding of @conn to @sid, or NULL; the caller holds @t's lock. */
static struct nfs41conn_binding *nfs41conn_kt_binding(struct nfs41conn_table *t,
						      struct nfs41conn_conn *conn,
						      const u8 *sid)
{
	struct nfs41conn_binding *binding;

	lockdep_assert_held(&t->lock);
	list_for_each_entry(binding, &conn->bindings, conn_link)
		if (!memcmp(binding->key.sessionid, sid,
			    NFS4_MAX_SESSIONID_LEN))
			return binding;
	return NULL;
}

/*
 * Is the binding of @conn to @sid beyond the limit?  1 if so, 0 if not,
 * -1: no binding.
 */
int nfs41conn_kt_excess(struct nfs41conn_table *t,
			struct nfs41conn_conn *conn, const u8 *sid)
{
	struct nfs41conn_binding *binding;
	int excess = -1;

	spin_lock(&t->lock);
	binding = nfs41conn_kt_binding(t, conn, sid);
	if (binding)
		excess = binding->excess;
	spin_unlock(&t->lock);
	return excess;
}

/*
 * Make nfsd's last accepted call of @sid on @conn, as rotation sees it
 * (binding->active_ns), be at @ns.  False if there is no such binding.
 */
bool nfs41conn_kt_set_active(struct nfs41conn_table *t,
			     struct nfs41conn_conn *conn, const u8 *sid,
			     u64 ns)
{
	struct nfs41conn_binding *binding;

	spin_lock(&t->lock);
	binding = nfs41conn_kt_binding(t, conn, sid);
	if (binding)
		WRITE_ONCE(binding->active_ns, ns);
	spin_unlock(&t->lock);
	return binding;
}

/* Make the held binding of @conn to @sid held since @ns. */
bool nfs41conn_kt_set_held_ns(struct nfs41conn_table *t,
			      struct nfs41conn_conn *conn, const u8 *sid,
			      u64 ns)
{
	struct nfs41conn_binding *binding;
	bool held;

	spin_lock(&t->lock);
	binding = nfs41conn_kt_binding(t, conn, sid);
	held = binding && !list_empty(&binding->held_link);
	if (held)
		binding->held_ns = ns;
	spin_unlock(&t->lock);
	return held;
}

/* Bindings nfsd made beyond a limit that are held. */
unsigned int nfs41conn_kt_nr_held(struct nfs41conn_table *t)
{
	unsigned int nr;

	spin_lock(&t->lock);
	nr = t->nr_held;
	spin_unlock(&t->lock);
	return nr;
}

bool nfs41conn_kt_conn_found(struct nfs41conn_table *t,
			     struct nfs41conn_conn *conn)
{
	bool found;

	rcu_read_lock();
	found = nfs41conn_conn_lookup(t, conn->id) == conn;
	rcu_read_unlock();
	return found;
}

bool nfs41conn_kt_session_found(struct nfs41conn_table *t, const u8 *sid)
{
	bool found;

	rcu_read_lock();
	found = nfs41conn_session_lookup(t, sid);
	rcu_read_unlock();
	return found;
}

/* Session @sid exists with these counters; @line is the caller's. */
void nfs41conn_kt_expect_session(struct kunit *test,
				 struct nfs41conn_table *t, const u8 *sid,
				 unsigned int conns, unsigned int fore,
				 unsigned int ready, unsigned int back,
				 int line)
{
	struct nfs41conn_kt_snap snap = nfs41conn_kt_session_snap(t, sid);

	KUNIT_EXPECT_TRUE_MSG(test, snap.found, "session %*phN, line %d",
			      NFS4_MAX_SESSIONID_LEN, sid, line);
	if (!snap.found)
		return;
	KUNIT_EXPECT_EQ_MSG(test, snap.nr_conns, conns, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, snap.nr_fore, fore, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, snap.nr_fore_ready, ready, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, snap.nr_back, back, "line %d", line);
}

/* The table's counters, and nfs41conn_table_verify() finds them right. */
void nfs41conn_kt_expect_table(struct kunit *test, struct nfs41conn_table *t,
			       unsigned int conns, unsigned int sessions,
			       unsigned int bindings, int line)
{
	unsigned int nr_conns, nr_sessions, nr_bindings;

	spin_lock(&t->lock);
	nr_conns = t->nr_conns;
	nr_sessions = t->nr_sessions;
	nr_bindings = t->nr_bindings;
	spin_unlock(&t->lock);
	KUNIT_EXPECT_EQ_MSG(test, nr_conns, conns, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, nr_sessions, sessions, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, nr_bindings, bindings, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, nfs41conn_table_verify(t), 0, "line %d",
			    line);
}
