// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the nfs41conn binding table (nfs41conn/table*.c):
 *
 *   nfs41conn_table	 connections, sessions, binds, reservations, removal
 *   nfs41conn_direction what a server may grant, and the rebind rules
 *			 of RFC 8881 Section 18.34.3
 *   nfs41conn_limit	 the per-session connection limit, exactly
 *   nfs41conn_drain	 draining, and the last fore channel connection
 *
 * Every case runs on a fresh table and checks the return codes as well as
 * the state left behind: the counters, the bindings a lookup sees, and
 * nfs41conn_table_verify().  The stress suite is in table_stress_test.c,
 * eviction's in table_evict_test.c.
 */

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <linux/ktime.h>
#include <kunit/test.h>

#include <nfs41conn/table.h>

#include "helpers.h"

KUNIT_DEFINE_ACTION_WRAPPER(table_destroy_action, nfs41conn_table_destroy,
			    struct nfs41conn_table *);

/*
 * At the session's limit a reservation is made beyond it: it takes no
 * slot and holds the connection's calls.  Cancelled here, it leaves the
 * table as it was and ends the hold.
 */
static void reserve_excess_cancel(struct kunit *test,
				  struct nfs41conn_conn *conn, const u8 *sid)
{
	unsigned int nr = kt_snap(test, sid).nr_conns;

	KUNIT_EXPECT_EQ(test, nfs41conn_reserve(kt_table(test), conn, sid),
			NFS41CONN_RESERVED_EXCESS);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(conn));
	KUNIT_EXPECT_EQ(test, kt_snap(test, sid).nr_conns, nr);
	KUNIT_EXPECT_TRUE(test, nfs41conn_cancel(kt_table(test), conn, sid));
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_held(conn));
}

/* ---------------------------------------------------------------------- */
/* nfs41conn_table: connections, sessions, binds, reservations, removal */

/* The fixture's table is set to drain_mode delay: a fresh one is not. */
static void table_init_default_drain_mode(struct kunit *test)
{
	struct nfs41conn_table *fresh;

	fresh = kunit_kzalloc(test, sizeof(*fresh), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fresh);
	KUNIT_ASSERT_EQ(test, nfs41conn_table_init(fresh), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(fresh->drain_mode),
			NFS41CONN_DRAIN_DEFAULT);
	KUNIT_EXPECT_EQ(test, NFS41CONN_DRAIN_DEFAULT,
			NFS41CONN_DRAIN_REPLY_CLOSE);
	nfs41conn_table_destroy(fresh);
}

static void table_init_defaults(struct kunit *test)
{
	struct nfs41conn_table *t = kt_table(test);
	struct nfs41conn_conn *conn;
	u8 *sid = kt_sid(test, 1);

	KUNIT_EXPECT_EQ(test, NFS41CONN_DEFAULT_MAX_CONNS, 16);
	KUNIT_EXPECT_EQ(test, t->max_conns_per_session,
			NFS41CONN_DEFAULT_MAX_CONNS);
	rcu_read_lock();
	conn = nfs41conn_conn_lookup(t, 1);
	rcu_read_unlock();
	KUNIT_EXPECT_NULL(test, conn);
	KUNIT_EXPECT_FALSE(test, kt_session_found(test, sid));
	KT_EXPECT_TABLE(test, 0, 0, 0);
}

/* @sid has been without a connection for @ns. */
static void session_empty_for(struct kunit *test, const u8 *sid, u64 ns)
{
	struct nfs41conn_session *session;

	spin_lock(&kt_table(test)->lock);
	rcu_read_lock();
	session = nfs41conn_session_lookup(kt_table(test), sid);
	if (session)
		session->empty_ns = ktime_get_coarse_boottime_ns() - ns;
	rcu_read_unlock();
	spin_unlock(&kt_table(test)->lock);
	KUNIT_ASSERT_NOT_NULL(test, session);
}

/*
 * A session left without a connection (its client vanished; nfsd expires
 * it without a DESTROY_SESSION) is forgotten when a session is created
 * once NFS41CONN_SESSION_ORPHAN_NS have passed, and only then.
 */
static void table_orphan_session_forgotten(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = kt_session(test, 2, c2, NFS41CONN_DIR_FORE);

	kt_conn_close(test, c1);
	kt_session(test, 3, NULL, NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_TRUE(test, kt_session_found(test, s1));

	session_empty_for(test, s1, NFS41CONN_SESSION_ORPHAN_NS);
	kt_session(test, 4, NULL, NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_FALSE(test, kt_session_found(test, s1));
	KUNIT_EXPECT_TRUE(test, kt_session_found(test, s2));
	KT_EXPECT_TABLE(test, 1, 3, 1);
}

/* A session with a connection is never an orphan, however old. */
static void table_bound_session_kept(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	session_empty_for(test, s1, 2 * NFS41CONN_SESSION_ORPHAN_NS);
	/* A stale mark is no matter: the session has a connection. */
	kt_session(test, 2, NULL, NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_TRUE(test, kt_session_found(test, s1));
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
}

/*
 * An orphan that gets a connection again is no orphan any more, whatever
 * its old mark says; the next to become one is looked at after it.
 */
static void table_orphan_rebound_kept(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = kt_session(test, 2, NULL, NFS41CONN_DIR_FORE);

	kt_conn_close(test, c1);
	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	KUNIT_EXPECT_EQ(test, nfs41conn_table_verify(kt_table(test)), 0);
	session_empty_for(test, s1, 2 * NFS41CONN_SESSION_ORPHAN_NS);
	session_empty_for(test, s2, NFS41CONN_SESSION_ORPHAN_NS);
	kt_session(test, 3, NULL, NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_TRUE(test, kt_session_found(test, s1));
	KUNIT_EXPECT_FALSE(test, kt_session_found(test, s2));
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 1, 2, 1);
	KUNIT_EXPECT_EQ(test, nfs41conn_table_verify(kt_table(test)), 0);
}

/* verify() is no stub: it notices a counter that is off. */
static void table_verify_detects_bad_counts(struct kunit *test)
{
	struct nfs41conn_table *t = kt_table(test);
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_session *session;

	KUNIT_EXPECT_EQ(test, nfs41conn_table_verify(t), 0);

	spin_lock(&t->lock);
	t->nr_bindings++;
	spin_unlock(&t->lock);
	KUNIT_EXPECT_EQ(test, nfs41conn_table_verify(t), -EUCLEAN);
	spin_lock(&t->lock);
	t->nr_bindings--;
	spin_unlock(&t->lock);
	KUNIT_EXPECT_EQ(test, nfs41conn_table_verify(t), 0);

	rcu_read_lock();
	session = nfs41conn_session_lookup(t, s1);
	rcu_read_unlock();
	KUNIT_ASSERT_NOT_NULL(test, session);
	spin_lock(&t->lock);
	session->nr_fore_ready++;
	spin_unlock(&t->lock);
	KUNIT_EXPECT_EQ(test, nfs41conn_table_verify(t), -EUCLEAN);
	spin_lock(&t->lock);
	session->nr_fore_ready--;
	spin_unlock(&t->lock);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

/* A connection's last binding must be one of its bindings. */
static void table_verify_detects_bad_last_binding(struct kunit *test)
{
	struct nfs41conn_table *t = kt_table(test);
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_binding *last;

	kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	spin_lock(&t->lock);
	last = rcu_dereference_protected(c1->last_binding,
					 lockdep_is_held(&t->lock));
	RCU_INIT_POINTER(c1->last_binding, NULL);
	spin_unlock(&t->lock);
	KUNIT_EXPECT_NOT_NULL(test, last);
	KUNIT_EXPECT_EQ(test, nfs41conn_table_verify(t), -EUCLEAN);
	spin_lock(&t->lock);
	rcu_assign_pointer(c1->last_binding, last);
	spin_unlock(&t->lock);
	KUNIT_EXPECT_EQ(test, nfs41conn_table_verify(t), 0);
}

static void conn_add_ipv4(struct kunit *test)
{
	struct sockaddr_storage local, remote;
	struct sockaddr_in *lin = (struct sockaddr_in *)&local;
	struct sockaddr_in *rin = (struct sockaddr_in *)&remote;
	size_t len = sizeof(struct sockaddr_in);
	struct nfs41conn_conn *conn;
	u64 before, after;

	/* Bytes beyond the family's size must not be copied. */
	memset(&local, 0xa5, sizeof(local));
	memset(&remote, 0xa5, sizeof(remote));
	kt_addr4(lin, 2049);
	kt_addr4(rin, 871);

	before = ktime_get_boottime_ns();
	conn = nfs41conn_conn_add(kt_table(test), (struct sockaddr *)&local,
				  (struct sockaddr *)&remote);
	after = ktime_get_boottime_ns();
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, conn);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, kt_conn_put_action, conn));

	KUNIT_EXPECT_EQ(test, conn->id, 1);
	KUNIT_EXPECT_EQ(test, conn->state, NFS41CONN_CONN_OPEN);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_draining(conn));
	KUNIT_EXPECT_EQ(test, refcount_read(&conn->ref), 1);
	KUNIT_EXPECT_EQ(test, conn->nr_sessions, 0);
	KUNIT_EXPECT_NE(test, conn->accepted_ns, 0);
	KUNIT_EXPECT_GE(test, conn->accepted_ns, before);
	KUNIT_EXPECT_LE(test, conn->accepted_ns, after);
	KUNIT_EXPECT_MEMEQ(test, &conn->local, lin, len);
	KUNIT_EXPECT_MEMEQ(test, &conn->remote, rin, len);
	KUNIT_EXPECT_NULL(test, memchr_inv((u8 *)&conn->local + len, 0,
					   sizeof(conn->local) - len));
	KUNIT_EXPECT_NULL(test, memchr_inv((u8 *)&conn->remote + len, 0,
					   sizeof(conn->remote) - len));
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, conn));
	KT_EXPECT_TABLE(test, 1, 0, 0);
}

static void conn_add_ipv6(struct kunit *test)
{
	const struct in6_addr loopback = IN6ADDR_LOOPBACK_INIT;
	struct sockaddr_storage local, remote;
	struct sockaddr_in6 *lin6 = (struct sockaddr_in6 *)&local;
	struct sockaddr_in6 *rin6 = (struct sockaddr_in6 *)&remote;
	size_t len = sizeof(struct sockaddr_in6);
	struct nfs41conn_conn *conn;

	memset(&local, 0xa5, sizeof(local));
	memset(&remote, 0xa5, sizeof(remote));
	memset(lin6, 0, len);
	memset(rin6, 0, len);
	lin6->sin6_family = AF_INET6;
	lin6->sin6_port = htons(2049);
	lin6->sin6_addr = loopback;
	rin6->sin6_family = AF_INET6;
	rin6->sin6_port = htons(51234);
	rin6->sin6_addr = loopback;
	rin6->sin6_flowinfo = htonl(0x12345);
	rin6->sin6_scope_id = 7;

	conn = nfs41conn_conn_add(kt_table(test), (struct sockaddr *)&local,
				  (struct sockaddr *)&remote);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, conn);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, kt_conn_put_action, conn));

	KUNIT_EXPECT_EQ(test, conn->id, 1);
	KUNIT_EXPECT_EQ(test, conn->state, NFS41CONN_CONN_OPEN);
	KUNIT_EXPECT_EQ(test, refcount_read(&conn->ref), 1);
	KUNIT_EXPECT_NE(test, conn->accepted_ns, 0);
	KUNIT_EXPECT_MEMEQ(test, &conn->local, lin6, len);
	KUNIT_EXPECT_MEMEQ(test, &conn->remote, rin6, len);
	KUNIT_EXPECT_NULL(test, memchr_inv((u8 *)&conn->local + len, 0,
					   sizeof(conn->local) - len));
	KUNIT_EXPECT_NULL(test, memchr_inv((u8 *)&conn->remote + len, 0,
					   sizeof(conn->remote) - len));
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, conn));
	KT_EXPECT_TABLE(test, 1, 0, 0);
}

static void conn_add_bad_family(struct kunit *test)
{
	struct sockaddr_storage unix_addr, unspec;
	struct sockaddr_in good;
	struct sockaddr *g = (struct sockaddr *)&good;
	struct sockaddr *u = (struct sockaddr *)&unix_addr;
	struct sockaddr *n = (struct sockaddr *)&unspec;
	struct nfs41conn_table *t = kt_table(test);

	kt_addr4(&good, 2049);
	memset(&unix_addr, 0, sizeof(unix_addr));
	unix_addr.ss_family = AF_UNIX;
	memset(&unspec, 0, sizeof(unspec));
	unspec.ss_family = AF_UNSPEC;

	KUNIT_EXPECT_EQ(test, PTR_ERR(nfs41conn_conn_add(t, NULL, g)),
			-EAFNOSUPPORT);
	KUNIT_EXPECT_EQ(test, PTR_ERR(nfs41conn_conn_add(t, g, NULL)),
			-EAFNOSUPPORT);
	KUNIT_EXPECT_EQ(test, PTR_ERR(nfs41conn_conn_add(t, NULL, NULL)),
			-EAFNOSUPPORT);
	KUNIT_EXPECT_EQ(test, PTR_ERR(nfs41conn_conn_add(t, u, g)),
			-EAFNOSUPPORT);
	KUNIT_EXPECT_EQ(test, PTR_ERR(nfs41conn_conn_add(t, g, u)),
			-EAFNOSUPPORT);
	KUNIT_EXPECT_EQ(test, PTR_ERR(nfs41conn_conn_add(t, n, g)),
			-EAFNOSUPPORT);
	KT_EXPECT_TABLE(test, 0, 0, 0);
}

static void conn_ids_increase(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_conn *c2 = kt_conn(test);
	struct nfs41conn_conn *c3;

	KUNIT_EXPECT_EQ(test, c1->id, 1);
	KUNIT_EXPECT_EQ(test, c2->id, 2);
	/* IDs are not reused. */
	kt_conn_close(test, c2);
	c3 = kt_conn(test);
	KUNIT_EXPECT_EQ(test, c3->id, 3);
	KT_EXPECT_TABLE(test, 2, 0, 0);
}

static void conn_ids_per_table(struct kunit *test)
{
	struct nfs41conn_conn *a1, *a2, *a3, *b1, *b2, *found;
	struct nfs41conn_table *t2;
	int ret;

	t2 = kunit_kzalloc(test, sizeof(*t2), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t2);
	KUNIT_ASSERT_EQ(test, nfs41conn_table_init(t2), 0);
	a1 = kt_conn(test);
	b1 = kt_conn_add(test, t2);
	a2 = kt_conn(test);
	b2 = kt_conn_add(test, t2);
	a3 = kt_conn(test);
	/* Registered last, so it runs before the puts. */
	ret = kunit_add_action_or_reset(test, table_destroy_action, t2);
	KUNIT_ASSERT_EQ(test, ret, 0);

	KUNIT_EXPECT_EQ(test, a1->id, 1);
	KUNIT_EXPECT_EQ(test, a2->id, 2);
	KUNIT_EXPECT_EQ(test, a3->id, 3);
	KUNIT_EXPECT_EQ(test, b1->id, 1);
	KUNIT_EXPECT_EQ(test, b2->id, 2);
	KUNIT_EXPECT_EQ(test, t2->nr_conns, 2);

	rcu_read_lock();
	found = nfs41conn_conn_lookup(t2, 1);
	rcu_read_unlock();
	KUNIT_EXPECT_PTR_EQ(test, found, b1);
	rcu_read_lock();
	found = nfs41conn_conn_lookup(t2, 3);
	rcu_read_unlock();
	KUNIT_EXPECT_NULL(test, found);
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, a1));
	KUNIT_EXPECT_EQ(test, nfs41conn_table_verify(t2), 0);
	KT_EXPECT_TABLE(test, 3, 0, 0);
}

static void conn_lookup_by_id(struct kunit *test)
{
	struct nfs41conn_table *t = kt_table(test);
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_conn *c2 = kt_conn(test);
	struct nfs41conn_conn *f1, *f2, *f0, *f3;

	rcu_read_lock();
	f1 = nfs41conn_conn_lookup(t, c1->id);
	f2 = nfs41conn_conn_lookup(t, c2->id);
	f0 = nfs41conn_conn_lookup(t, 0);
	f3 = nfs41conn_conn_lookup(t, 3);
	rcu_read_unlock();
	KUNIT_EXPECT_PTR_EQ(test, f1, c1);
	KUNIT_EXPECT_PTR_EQ(test, f2, c2);
	KUNIT_EXPECT_NULL(test, f0);
	KUNIT_EXPECT_NULL(test, f3);
	KT_EXPECT_TABLE(test, 2, 0, 0);
}

static void conn_get_put(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);

	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_get(c1));
	KUNIT_EXPECT_EQ(test, refcount_read(&c1->ref), 2);
	nfs41conn_conn_put(c1);
	KUNIT_EXPECT_EQ(test, refcount_read(&c1->ref), 1);
	KUNIT_EXPECT_EQ(test, c1->state, NFS41CONN_CONN_OPEN);
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c1));
	KT_EXPECT_TABLE(test, 1, 0, 0);
}

static void conn_remove_closes(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_conn *c2 = kt_conn(test);

	nfs41conn_conn_remove(kt_table(test), c1);
	KUNIT_EXPECT_EQ(test, c1->state, NFS41CONN_CONN_CLOSED);
	KUNIT_EXPECT_FALSE(test, kt_conn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c2));
	/* The caller's reference is still there. */
	KUNIT_EXPECT_EQ(test, refcount_read(&c1->ref), 1);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_get(c1));
	nfs41conn_conn_put(c1);
	KT_EXPECT_TABLE(test, 1, 0, 0);
}

static void conn_remove_idempotent(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_conn *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c2, NFS41CONN_DIR_FORE);

	nfs41conn_conn_remove(kt_table(test), c1);
	nfs41conn_conn_remove(kt_table(test), c1);
	KUNIT_EXPECT_EQ(test, c1->state, NFS41CONN_CONN_CLOSED);
	KUNIT_EXPECT_EQ(test, refcount_read(&c1->ref), 1);
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c2));
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

static void conn_remove_unbinds(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_conn *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = kt_session(test, 2, NULL, NFS41CONN_DIR_NONE);
	u8 *s3 = kt_session(test, 3, NULL, NFS41CONN_DIR_NONE);

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	kt_bind(test, c1, s2, NFS4_CDFC4_BACK);
	kt_reserve(test, c1, s3);
	KT_EXPECT_TABLE(test, 2, 3, 4);

	nfs41conn_conn_remove(kt_table(test), c1);
	KUNIT_EXPECT_EQ(test, c1->state, NFS41CONN_CONN_CLOSED);
	KUNIT_EXPECT_EQ(test, c1->nr_sessions, 0);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s2), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c1, s3), -1);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c2, s1), NFS41CONN_DIR_FORE);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_SESSION(test, s2, 0, 0, 0, 0);
	KT_EXPECT_SESSION(test, s3, 0, 0, 0, 0);
	/* The reservation is gone with the connection. */
	KUNIT_EXPECT_EQ(test, nfs41conn_commit(kt_table(test), c1, s3,
					       NFS41CONN_DIR_FORE),
			-ESHUTDOWN);
	KT_EXPECT_TABLE(test, 1, 3, 1);
}

static void table_destroy_closes_everything(struct kunit *test)
{
	struct kt_fixture *ctx = test->priv;
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_conn *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_BOTH);

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	kt_reserve(test, c3, s1);
	KUNIT_ASSERT_EQ(test, nfs41conn_drain(kt_table(test), c2), 0);

	ctx->destroyed = true;
	nfs41conn_table_destroy(&ctx->table);
	KUNIT_EXPECT_EQ(test, c1->state, NFS41CONN_CONN_CLOSED);
	KUNIT_EXPECT_EQ(test, c2->state, NFS41CONN_CONN_CLOSED);
	KUNIT_EXPECT_EQ(test, c3->state, NFS41CONN_CONN_CLOSED);
	/* The owners keep their references; the case's actions put them. */
	KUNIT_EXPECT_EQ(test, refcount_read(&c1->ref), 1);
	KUNIT_EXPECT_EQ(test, refcount_read(&c2->ref), 1);
	KUNIT_EXPECT_EQ(test, refcount_read(&c3->ref), 1);
	KUNIT_EXPECT_EQ(test, ctx->table.nr_conns, 0);
	KUNIT_EXPECT_EQ(test, ctx->table.nr_sessions, 0);
	KUNIT_EXPECT_EQ(test, ctx->table.nr_bindings, 0);
	/* Removing a connection of a destroyed table is a no-op. */
	nfs41conn_conn_remove(&ctx->table, c1);
	KUNIT_EXPECT_EQ(test, c1->state, NFS41CONN_CONN_CLOSED);
}

static void session_create_no_conn(struct kunit *test)
{
	u8 *s1 = kt_sid(test, 1);

	KUNIT_EXPECT_EQ(test, nfs41conn_session_create(kt_table(test), s1, NULL,
						       NFS41CONN_DIR_NONE, 1), 0);
	KUNIT_EXPECT_TRUE(test, kt_session_found(test, s1));
	KT_EXPECT_SESSION(test, s1, 0, 0, 0, 0);
	KT_EXPECT_TABLE(test, 0, 1, 0);
}

/* A session created with its first connection, in each direction. */
struct create_dir_param {
	const char		*desc;
	enum nfs41conn_dir	dir;
	unsigned int		fore;	/* fore channel connections, ready */
	unsigned int		back;	/* back channel connections */
};

static const struct create_dir_param create_dir_params[] = {
	{ "fore", NFS41CONN_DIR_FORE, 1, 0 },
	{ "both", NFS41CONN_DIR_BOTH, 1, 1 },
	{ "back", NFS41CONN_DIR_BACK, 0, 1 },
};

KUNIT_ARRAY_PARAM_DESC(create_dir, create_dir_params, desc);

static void session_create_dir(struct kunit *test)
{
	const struct create_dir_param *p = test->param_value;
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_sid(test, 1);

	KUNIT_EXPECT_EQ(test, nfs41conn_session_create(kt_table(test), s1, c1,
						       p->dir, 1), 0);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), p->dir);
	KUNIT_EXPECT_EQ(test, c1->nr_sessions, 1);
	KT_EXPECT_SESSION(test, s1, 1, p->fore, p->fore, p->back);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

static void session_create_bad_dir(struct kunit *test)
{
	static const unsigned int bad[] = { NFS41CONN_DIR_NONE, 4, 5, 7, 0xff };
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_sid(test, 1);
	enum nfs41conn_dir dir;
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		dir = (enum nfs41conn_dir)bad[i];
		ret = nfs41conn_session_create(kt_table(test), s1, c1, dir, 1);
		KUNIT_EXPECT_EQ_MSG(test, ret, -EINVAL, "dir %#x", bad[i]);
	}
	KUNIT_EXPECT_FALSE(test, kt_session_found(test, s1));
	KUNIT_EXPECT_EQ(test, c1->nr_sessions, 0);
	KT_EXPECT_TABLE(test, 1, 0, 0);
}

static void session_create_null_conn_ignores_dir(struct kunit *test)
{
	u8 *s1 = kt_sid(test, 1);
	u8 *s2 = kt_sid(test, 2);

	enum nfs41conn_dir odd = (enum nfs41conn_dir)0x42;

	KUNIT_EXPECT_EQ(test, nfs41conn_session_create(kt_table(test), s1, NULL,
						       odd, 1), 0);
	KUNIT_EXPECT_EQ(test, nfs41conn_session_create(kt_table(test), s2, NULL,
						       NFS41CONN_DIR_BOTH, 1), 0);
	KT_EXPECT_SESSION(test, s1, 0, 0, 0, 0);
	KT_EXPECT_SESSION(test, s2, 0, 0, 0, 0);
	KT_EXPECT_TABLE(test, 0, 2, 0);
}

static void session_create_duplicate(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_conn *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	KUNIT_EXPECT_EQ(test, nfs41conn_session_create(kt_table(test), s1, c2,
						       NFS41CONN_DIR_BOTH, 1),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, nfs41conn_session_create(kt_table(test), s1, NULL,
						       NFS41CONN_DIR_NONE, 1),
			-EEXIST);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c2, s1), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, c2->nr_sessions, 0);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 1);
}

static void session_create_closed_conn(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_sid(test, 1);

	nfs41conn_conn_remove(kt_table(test), c1);
	KUNIT_EXPECT_EQ(test, nfs41conn_session_create(kt_table(test), s1, c1,
						       NFS41CONN_DIR_FORE, 1),
			-ESHUTDOWN);
	KUNIT_EXPECT_FALSE(test, kt_session_found(test, s1));
	KT_EXPECT_TABLE(test, 0, 0, 0);
	/* The failed create left nothing behind under that ID. */
	KUNIT_EXPECT_EQ(test, nfs41conn_session_create(kt_table(test), s1, NULL,
						       NFS41CONN_DIR_NONE, 1), 0);
	KT_EXPECT_SESSION(test, s1, 0, 0, 0, 0);
	KT_EXPECT_TABLE(test, 0, 1, 0);
}

static void session_lookup_exact_id(struct kunit *test)
{
	u8 *s1 = kt_session(test, 1, NULL, NFS41CONN_DIR_NONE);
	u8 *s2 = kt_sid(test, 2);
	u8 *last = kt_sid(test, 1);
	u8 *first = kt_sid(test, 1);

	last[NFS4_MAX_SESSIONID_LEN - 1] ^= 1;
	first[0] ^= 0x80;
	KUNIT_EXPECT_TRUE(test, kt_session_found(test, s1));
	KUNIT_EXPECT_FALSE(test, kt_session_found(test, s2));
	KUNIT_EXPECT_FALSE(test, kt_session_found(test, last));
	KUNIT_EXPECT_FALSE(test, kt_session_found(test, first));
	KT_EXPECT_TABLE(test, 0, 1, 0);
}

static void session_destroy_unknown(struct kunit *test)
{
	u8 *s1 = kt_session(test, 1, NULL, NFS41CONN_DIR_NONE);
	u8 *s2 = kt_sid(test, 2);

	KUNIT_EXPECT_EQ(test, nfs41conn_session_destroy(kt_table(test), s2),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, nfs41conn_session_destroy(kt_table(test), s1), 0);
	KUNIT_EXPECT_EQ(test, nfs41conn_session_destroy(kt_table(test), s1),
			-ENOENT);
	KUNIT_EXPECT_FALSE(test, kt_session_found(test, s1));
	KT_EXPECT_TABLE(test, 0, 0, 0);
}

static void session_destroy_unbinds(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_conn *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	kt_bind(test, c2, s1, NFS4_CDFC4_BACK);
	kt_reserve(test, c3, s1);
	KT_EXPECT_TABLE(test, 3, 1, 3);

	KUNIT_EXPECT_EQ(test, nfs41conn_session_destroy(kt_table(test), s1), 0);
	KUNIT_EXPECT_FALSE(test, kt_session_found(test, s1));
	KUNIT_EXPECT_EQ(test, c1->nr_sessions, 0);
	KUNIT_EXPECT_EQ(test, c2->nr_sessions, 0);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c2, s1), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c3, s1), -1);
	/* The connections stay. */
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c2));
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c3));
	KUNIT_EXPECT_EQ(test, c1->state, NFS41CONN_CONN_OPEN);
	KT_EXPECT_TABLE(test, 3, 0, 0);

	/* A session created again under that ID starts empty. */
	KUNIT_EXPECT_EQ(test, nfs41conn_session_create(kt_table(test), s1, NULL,
						       NFS41CONN_DIR_NONE, 1), 0);
	KT_EXPECT_SESSION(test, s1, 0, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_NONE);
	KT_EXPECT_TABLE(test, 3, 1, 0);
}

static void session_destroy_keeps_other_sessions(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = kt_session(test, 2, c1, NFS41CONN_DIR_BOTH);

	KUNIT_EXPECT_EQ(test, c1->nr_sessions, 2);
	KUNIT_EXPECT_EQ(test, nfs41conn_session_destroy(kt_table(test), s1), 0);
	KUNIT_EXPECT_EQ(test, c1->nr_sessions, 1);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s2), NFS41CONN_DIR_BOTH);
	KT_EXPECT_SESSION(test, s2, 1, 1, 1, 1);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

/* Bind @c to two new sessions, @s1 with its fore channel, @s2 its back. */
static void bind_fore_back(struct kunit *test, struct nfs41conn_conn *c,
			   u8 **s1, u8 **s2)
{
	*s1 = kt_session(test, 1, NULL, NFS41CONN_DIR_NONE);
	*s2 = kt_session(test, 2, NULL, NFS41CONN_DIR_NONE);
	kt_bind(test, c, *s1, NFS4_CDFC4_FORE);
	kt_bind(test, c, *s2, NFS4_CDFC4_BACK);
}

static void bind_two_sessions(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1, *s2;

	bind_fore_back(test, c1, &s1, &s2);
	KUNIT_EXPECT_EQ(test, c1->nr_sessions, 2);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s2), NFS41CONN_DIR_BACK);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_SESSION(test, s2, 1, 0, 0, 1);
	KT_EXPECT_TABLE(test, 1, 2, 2);
}

/*
 * The binding a connection's lookups try first is its last one; when it
 * goes, another of the connection's takes its place, and with the last
 * of them none: a session destroyed is not found through it.
 */
static void last_binding_follows_unbind(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1, *s2;

	bind_fore_back(test, c1, &s1, &s2);
	KUNIT_EXPECT_EQ(test, nfs41conn_session_destroy(kt_table(test), s2), 0);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s2), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, nfs41conn_table_verify(kt_table(test)), 0);
	KUNIT_EXPECT_EQ(test, nfs41conn_session_destroy(kt_table(test), s1), 0);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(c1->last_binding));
	KT_EXPECT_TABLE(test, 1, 0, 0);
}

static void reserve_is_not_bound(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, NULL, NFS41CONN_DIR_NONE);
	bool bound;

	KUNIT_EXPECT_EQ(test, nfs41conn_reserve(kt_table(test), c1, s1), 0);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_NONE);
	rcu_read_lock();
	bound = nfs41conn_is_bound(kt_table(test), c1, s1);
	rcu_read_unlock();
	KUNIT_EXPECT_FALSE(test, bound);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c1, s1), 1);
	/* Counted against the limit, not as a session of the connection. */
	KUNIT_EXPECT_EQ(test, c1->nr_sessions, 0);
	KT_EXPECT_SESSION(test, s1, 1, 0, 0, 0);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

static void reserve_already_bound(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	KUNIT_EXPECT_EQ(test, NFS41CONN_ALREADY_BOUND, 1);
	KUNIT_EXPECT_EQ(test, nfs41conn_reserve(kt_table(test), c1, s1),
			NFS41CONN_ALREADY_BOUND);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c1, s1), 0);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, c1->nr_sessions, 1);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

static void reserve_unknown_session(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_sid(test, 1);

	KUNIT_EXPECT_EQ(test, nfs41conn_reserve(kt_table(test), c1, s1), -ENOENT);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c1, s1), -1);
	KT_EXPECT_TABLE(test, 1, 0, 0);
}

static void reserve_closed_conn(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, NULL, NFS41CONN_DIR_NONE);

	nfs41conn_conn_remove(kt_table(test), c1);
	KUNIT_EXPECT_EQ(test, nfs41conn_reserve(kt_table(test), c1, s1),
			-ESHUTDOWN);
	KT_EXPECT_SESSION(test, s1, 0, 0, 0, 0);
	KT_EXPECT_TABLE(test, 0, 1, 0);
}

static void commit_binds_reservation(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, NULL, NFS41CONN_DIR_NONE);

	kt_reserve(test, c1, s1);
	KUNIT_EXPECT_EQ(test, nfs41conn_commit(kt_table(test), c1, s1,
					       NFS41CONN_DIR_BOTH), 0);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_BOTH);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c1, s1), 0);
	KUNIT_EXPECT_EQ(test, c1->nr_sessions, 1);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 1);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

static void commit_bad_dir(struct kunit *test)
{
	static const unsigned int bad[] = { NFS41CONN_DIR_NONE, 4, 7, 0xff };
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, NULL, NFS41CONN_DIR_NONE);
	enum nfs41conn_dir dir;
	unsigned int i;
	int ret;

	kt_reserve(test, c1, s1);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		dir = (enum nfs41conn_dir)bad[i];
		ret = nfs41conn_commit(kt_table(test), c1, s1, dir);
		KUNIT_EXPECT_EQ_MSG(test, ret, -EINVAL, "dir %#x", bad[i]);
	}
	/* Still just reserved. */
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c1, s1), 1);
	KUNIT_EXPECT_EQ(test, c1->nr_sessions, 0);
	KT_EXPECT_SESSION(test, s1, 1, 0, 0, 0);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

static void commit_after_session_destroy(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, NULL, NFS41CONN_DIR_NONE);

	kt_reserve(test, c1, s1);
	KUNIT_ASSERT_EQ(test, nfs41conn_session_destroy(kt_table(test), s1), 0);
	KUNIT_EXPECT_EQ(test, nfs41conn_commit(kt_table(test), c1, s1,
					       NFS41CONN_DIR_FORE), -ENOENT);
	KUNIT_EXPECT_FALSE(test, kt_session_found(test, s1));
	KUNIT_EXPECT_EQ(test, c1->nr_sessions, 0);
	KT_EXPECT_TABLE(test, 1, 0, 0);
}

static void commit_closed_conn(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, NULL, NFS41CONN_DIR_NONE);

	kt_reserve(test, c1, s1);
	nfs41conn_conn_remove(kt_table(test), c1);
	KUNIT_EXPECT_EQ(test, nfs41conn_commit(kt_table(test), c1, s1,
					       NFS41CONN_DIR_FORE),
			-ESHUTDOWN);
	KT_EXPECT_SESSION(test, s1, 0, 0, 0, 0);
	KT_EXPECT_TABLE(test, 0, 1, 0);
}

static void cancel_frees_reservation(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, NULL, NFS41CONN_DIR_NONE);

	kt_reserve(test, c1, s1);
	nfs41conn_cancel(kt_table(test), c1, s1);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c1, s1), -1);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, nfs41conn_commit(kt_table(test), c1, s1,
					       NFS41CONN_DIR_FORE), -ENOENT);
	KT_EXPECT_SESSION(test, s1, 0, 0, 0, 0);
	KT_EXPECT_TABLE(test, 1, 1, 0);
}

static void cancel_double_reservation(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, NULL, NFS41CONN_DIR_NONE);

	kt_reserve(test, c1, s1);
	kt_reserve(test, c1, s1);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c1, s1), 2);
	KT_EXPECT_SESSION(test, s1, 1, 0, 0, 0);

	nfs41conn_cancel(kt_table(test), c1, s1);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c1, s1), 1);
	KT_EXPECT_SESSION(test, s1, 1, 0, 0, 0);
	KT_EXPECT_TABLE(test, 1, 1, 1);

	nfs41conn_cancel(kt_table(test), c1, s1);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c1, s1), -1);
	KT_EXPECT_SESSION(test, s1, 0, 0, 0, 0);
	KT_EXPECT_TABLE(test, 1, 1, 0);
}

static void cancel_keeps_committed(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, NULL, NFS41CONN_DIR_NONE);

	kt_reserve(test, c1, s1);
	kt_reserve(test, c1, s1);
	KUNIT_EXPECT_EQ(test, nfs41conn_commit(kt_table(test), c1, s1,
					       NFS41CONN_DIR_FORE), 0);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c1, s1), 1);
	nfs41conn_cancel(kt_table(test), c1, s1);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c1, s1), 0);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, c1->nr_sessions, 1);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

static void cancel_without_reservation(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_conn *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = kt_sid(test, 2);

	/* Nothing reserved, a bound connection, an unknown session. */
	nfs41conn_cancel(kt_table(test), c2, s1);
	nfs41conn_cancel(kt_table(test), c1, s1);
	nfs41conn_cancel(kt_table(test), c1, s2);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c1, s1), 0);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c2, s1), -1);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 1);
}

/* ---------------------------------------------------------------------- */
/* nfs41conn_direction: what nfsd may grant, and binding again */

/*
 * RFC 8881 Section 18.34.3: for @cdfc the server may grant exactly the
 * channel_dir_from_server4 values in @allowed (a mask of 1 << value);
 * every other answer, 7 (nfsd's answer to a rebind with BACK_OR_BOTH)
 * and values that are no channel_dir_from_server4 included, is -EPROTO.
 */
static void expect_negotiate(struct kunit *test, u32 cdfc,
			     unsigned int allowed)
{
	static const u32 granted[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 0xffffffff };
	unsigned int i;
	int want;

	for (i = 0; i < ARRAY_SIZE(granted); i++) {
		want = granted[i] < 32 && (allowed & BIT(granted[i])) ?
		       0 : -EPROTO;
		KUNIT_EXPECT_EQ_MSG(test,
				    nfs41conn_negotiate_dir(cdfc, granted[i]),
				    want, "cdfc %#x, granted %#x", cdfc,
				    granted[i]);
	}
}

static void negotiate_fore(struct kunit *test)
{
	expect_negotiate(test, NFS4_CDFC4_FORE, BIT(NFS4_CDFS4_FORE));
}

static void negotiate_back(struct kunit *test)
{
	expect_negotiate(test, NFS4_CDFC4_BACK, BIT(NFS4_CDFS4_BACK));
}

static void negotiate_fore_or_both(struct kunit *test)
{
	expect_negotiate(test, NFS4_CDFC4_FORE_OR_BOTH,
			 BIT(NFS4_CDFS4_FORE) | BIT(NFS4_CDFS4_BOTH));
}

static void negotiate_back_or_both(struct kunit *test)
{
	expect_negotiate(test, NFS4_CDFC4_BACK_OR_BOTH,
			 BIT(NFS4_CDFS4_BACK) | BIT(NFS4_CDFS4_BOTH));
}

static void negotiate_invalid(struct kunit *test)
{
	static const u32 bad[] = { 0, 4, 5, 6, 8, 0xffffffff };
	unsigned int i, dir;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		for (dir = NFS4_CDFS4_FORE; dir <= NFS4_CDFS4_BOTH; dir++)
			KUNIT_EXPECT_EQ_MSG(test,
					    nfs41conn_negotiate_dir(bad[i], dir),
					    -EINVAL, "cdfc %#x, granted %#x",
					    bad[i], dir);
}

struct rebind_param {
	const char		*desc;
	u32			first;	/* cdfc of the first bind */
	enum nfs41conn_dir	bound;	/* what it binds */
	u32			again;	/* cdfc of the second bind */
	int			ret;	/* of a grant of @bound for @again */
};

/*
 * RFC 8881 Section 18.34.3: a rebind may not change the channels.  nfsd
 * answers one the channels satisfy with them, and any other with
 * NFS4ERR_INVAL; had it granted them, nfs41conn_negotiate_dir() says no.
 */
static const struct rebind_param rebind_params[] = {
	{ "FORE+FORE",		   NFS4_CDFC4_FORE,  NFS41CONN_DIR_FORE,
	  NFS4_CDFC4_FORE,		0 },
	{ "FORE+BACK",		   NFS4_CDFC4_FORE,  NFS41CONN_DIR_FORE,
	  NFS4_CDFC4_BACK,		-EPROTO },
	{ "FORE+FORE_OR_BOTH",	   NFS4_CDFC4_FORE,  NFS41CONN_DIR_FORE,
	  NFS4_CDFC4_FORE_OR_BOTH,	0 },
	{ "FORE+BACK_OR_BOTH",	   NFS4_CDFC4_FORE,  NFS41CONN_DIR_FORE,
	  NFS4_CDFC4_BACK_OR_BOTH,	-EPROTO },
	{ "BACK+FORE",		   NFS4_CDFC4_BACK,  NFS41CONN_DIR_BACK,
	  NFS4_CDFC4_FORE,		-EPROTO },
	{ "BACK+BACK",		   NFS4_CDFC4_BACK,  NFS41CONN_DIR_BACK,
	  NFS4_CDFC4_BACK,		0 },
	{ "BACK+FORE_OR_BOTH",	   NFS4_CDFC4_BACK,  NFS41CONN_DIR_BACK,
	  NFS4_CDFC4_FORE_OR_BOTH,	-EPROTO },
	{ "BACK+BACK_OR_BOTH",	   NFS4_CDFC4_BACK,  NFS41CONN_DIR_BACK,
	  NFS4_CDFC4_BACK_OR_BOTH,	0 },
	{ "BOTH+FORE",	   NFS4_CDFC4_FORE_OR_BOTH,  NFS41CONN_DIR_BOTH,
	  NFS4_CDFC4_FORE,		-EPROTO },
	{ "BOTH+BACK",	   NFS4_CDFC4_FORE_OR_BOTH,  NFS41CONN_DIR_BOTH,
	  NFS4_CDFC4_BACK,		-EPROTO },
	{ "BOTH+FORE_OR_BOTH", NFS4_CDFC4_FORE_OR_BOTH, NFS41CONN_DIR_BOTH,
	  NFS4_CDFC4_FORE_OR_BOTH,	0 },
	{ "BOTH+BACK_OR_BOTH", NFS4_CDFC4_BACK_OR_BOTH, NFS41CONN_DIR_BOTH,
	  NFS4_CDFC4_BACK_OR_BOTH,	0 },
	{ "BOTH+invalid",  NFS4_CDFC4_BACK_OR_BOTH,  NFS41CONN_DIR_BOTH,
	  0,				-EINVAL },
	{ "FORE+invalid",	   NFS4_CDFC4_FORE,  NFS41CONN_DIR_FORE,
	  4,				-EINVAL },
};

KUNIT_ARRAY_PARAM_DESC(rebind, rebind_params, desc);

/*
 * Bind as nfsd does for @first, then check a grant of the same channels
 * for @again: compatible -> 0, incompatible -> -EPROTO, invalid -> -EINVAL.
 */
static void rebind_rules(struct kunit *test)
{
	const struct rebind_param *p = test->param_value;
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, NULL, NFS41CONN_DIR_NONE);

	kt_bind(test, c1, s1, p->first);
	KUNIT_ASSERT_EQ(test, kt_dir(test, c1, s1), p->bound);
	KUNIT_EXPECT_EQ(test, nfs41conn_negotiate_dir(p->again, p->bound),
			p->ret);
}

/* The server's word is final: commit sets what it granted. */
static void commit_sets_server_dir(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, NULL, NFS41CONN_DIR_NONE);

	kt_reserve(test, c1, s1);
	KUNIT_EXPECT_EQ(test, nfs41conn_commit(kt_table(test), c1, s1,
					       NFS41CONN_DIR_BACK), 0);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_BACK);
	KT_EXPECT_SESSION(test, s1, 1, 0, 0, 1);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

static void commit_changes_binding(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	KUNIT_EXPECT_EQ(test, nfs41conn_commit(kt_table(test), c1, s1,
					       NFS41CONN_DIR_BOTH), 0);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_BOTH);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 1);
	KUNIT_EXPECT_EQ(test, nfs41conn_commit(kt_table(test), c1, s1,
					       NFS41CONN_DIR_BACK), 0);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_BACK);
	KUNIT_EXPECT_EQ(test, c1->nr_sessions, 1);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c1, s1), 0);
	KT_EXPECT_SESSION(test, s1, 1, 0, 0, 1);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

/* Directions are per binding. */
static void dir_per_session(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_conn *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = kt_session(test, 2, NULL, NFS41CONN_DIR_NONE);

	kt_bind(test, c1, s2, NFS4_CDFC4_BACK);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s2), NFS41CONN_DIR_BACK);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c2, s1), NFS41CONN_DIR_NONE);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_SESSION(test, s2, 1, 0, 0, 1);
	KT_EXPECT_TABLE(test, 2, 2, 2);
}

/* ---------------------------------------------------------------------- */
/* nfs41conn_limit: the per-session connection limit */

struct limit_param {
	const char	*desc;
	unsigned int	max;
};

static const struct limit_param limit_params[] = {
	{ "max=1", 1 },
	{ "max=2", 2 },
	{ "max=3", 3 },
	{ "max=16", 16 },
};

KUNIT_ARRAY_PARAM_DESC(limit, limit_params, desc);

static struct nfs41conn_conn **conns_add(struct kunit *test, unsigned int n)
{
	struct nfs41conn_conn **conns;
	unsigned int i;

	conns = kunit_kcalloc(test, n, sizeof(*conns), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, conns);
	for (i = 0; i < n; i++)
		conns[i] = kt_conn(test);
	return conns;
}

/* The same, with reservations. */
static void limit_reserve_exact(struct kunit *test)
{
	const struct limit_param *p = test->param_value;
	struct nfs41conn_conn **c = conns_add(test, p->max + 1);
	u8 *s1 = kt_session(test, 1, NULL, NFS41CONN_DIR_NONE);
	unsigned int i;

	nfs41conn_table_set_max_conns(kt_table(test), p->max);
	for (i = 0; i < p->max; i++)
		KUNIT_EXPECT_EQ_MSG(test, nfs41conn_reserve(kt_table(test), c[i], s1),
				    0, "reservation %u of %u", i + 1, p->max);
	reserve_excess_cancel(test, c[p->max], s1);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c[p->max], s1), -1);
	KT_EXPECT_SESSION(test, s1, p->max, 0, 0, 0);
	KT_EXPECT_TABLE(test, p->max + 1, 1, p->max);
}

static void limit_default_is_16(struct kunit *test)
{
	struct nfs41conn_conn **c = conns_add(test, 17);
	u8 *s1 = kt_session(test, 1, NULL, NFS41CONN_DIR_NONE);
	unsigned int i;

	for (i = 0; i < 16; i++)
		kt_bind(test, c[i], s1, NFS4_CDFC4_BACK);
	reserve_excess_cancel(test, c[16], s1);
	KT_EXPECT_SESSION(test, s1, 16, 0, 0, 16);
	KT_EXPECT_TABLE(test, 17, 1, 16);
}

static void limit_lowered_keeps_existing(struct kunit *test)
{
	struct nfs41conn_conn **c = conns_add(test, 4);
	u8 *s1 = kt_session(test, 1, NULL, NFS41CONN_DIR_NONE);

	kt_bind(test, c[0], s1, NFS4_CDFC4_FORE);
	kt_bind(test, c[1], s1, NFS4_CDFC4_FORE);
	kt_bind(test, c[2], s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 2);

	/* Over the new limit: all kept, and still bound. */
	KUNIT_EXPECT_EQ(test, kt_dir(test, c[2], s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, nfs41conn_reserve(kt_table(test), c[2], s1),
			NFS41CONN_ALREADY_BOUND);
	KT_EXPECT_SESSION(test, s1, 3, 3, 3, 0);
	reserve_excess_cancel(test, c[3], s1);

	/* 2 of 2 is still full... */
	kt_conn_close(test, c[0]);
	reserve_excess_cancel(test, c[3], s1);
	/* ... 1 of 2 is not. */
	kt_conn_close(test, c[1]);
	kt_bind(test, c[3], s1, NFS4_CDFC4_FORE);
	KT_EXPECT_SESSION(test, s1, 2, 2, 2, 0);
	KT_EXPECT_TABLE(test, 2, 1, 2);
}

static void limit_raised_admits_more(struct kunit *test)
{
	struct nfs41conn_conn **c = conns_add(test, 3);
	u8 *s1 = kt_session(test, 1, NULL, NFS41CONN_DIR_NONE);

	nfs41conn_table_set_max_conns(kt_table(test), 1);
	kt_bind(test, c[0], s1, NFS4_CDFC4_FORE);
	reserve_excess_cancel(test, c[1], s1);
	nfs41conn_table_set_max_conns(kt_table(test), 2);
	kt_bind(test, c[1], s1, NFS4_CDFC4_FORE);
	reserve_excess_cancel(test, c[2], s1);
	KT_EXPECT_SESSION(test, s1, 2, 2, 2, 0);
	KT_EXPECT_TABLE(test, 3, 1, 2);
}

static void limit_reservation_counts(struct kunit *test)
{
	struct nfs41conn_conn **c = conns_add(test, 3);
	u8 *s1 = kt_session(test, 1, NULL, NFS41CONN_DIR_NONE);

	nfs41conn_table_set_max_conns(kt_table(test), 2);
	kt_bind(test, c[0], s1, NFS4_CDFC4_FORE);
	kt_reserve(test, c[1], s1);
	reserve_excess_cancel(test, c[2], s1);
	KT_EXPECT_SESSION(test, s1, 2, 1, 1, 0);
	KT_EXPECT_TABLE(test, 3, 1, 2);
}

static void limit_cancel_frees_slot(struct kunit *test)
{
	struct nfs41conn_conn **c = conns_add(test, 2);
	u8 *s1 = kt_session(test, 1, NULL, NFS41CONN_DIR_NONE);

	nfs41conn_table_set_max_conns(kt_table(test), 1);
	kt_reserve(test, c[0], s1);
	reserve_excess_cancel(test, c[1], s1);
	nfs41conn_cancel(kt_table(test), c[0], s1);
	KT_EXPECT_SESSION(test, s1, 0, 0, 0, 0);
	kt_bind(test, c[1], s1, NFS4_CDFC4_FORE);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 1);
}

/* Committing a reservation binds in the reserved slot, not a new one. */
static void limit_commit_keeps_slot(struct kunit *test)
{
	struct nfs41conn_conn **c = conns_add(test, 2);
	u8 *s1 = kt_session(test, 1, NULL, NFS41CONN_DIR_NONE);

	nfs41conn_table_set_max_conns(kt_table(test), 1);
	kt_reserve(test, c[0], s1);
	KUNIT_EXPECT_EQ(test, nfs41conn_commit(kt_table(test), c[0], s1,
					       NFS41CONN_DIR_FORE), 0);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	reserve_excess_cancel(test, c[1], s1);
	/* The reservation has ended: a cancel does not free the slot. */
	nfs41conn_cancel(kt_table(test), c[0], s1);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c[0], s1), NFS41CONN_DIR_FORE);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 1);
}

static void limit_double_reservation_one_slot(struct kunit *test)
{
	struct nfs41conn_conn **c = conns_add(test, 3);
	u8 *s1 = kt_session(test, 1, NULL, NFS41CONN_DIR_NONE);

	nfs41conn_table_set_max_conns(kt_table(test), 2);
	kt_reserve(test, c[0], s1);
	kt_reserve(test, c[0], s1);
	KT_EXPECT_SESSION(test, s1, 1, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, nfs41conn_reserve(kt_table(test), c[1], s1), 0);
	reserve_excess_cancel(test, c[2], s1);
	/* At the limit, another reservation of c0 shares its slot. */
	KUNIT_EXPECT_EQ(test, nfs41conn_reserve(kt_table(test), c[0], s1), 0);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c[0], s1), 3);
	KT_EXPECT_SESSION(test, s1, 2, 0, 0, 0);
	KT_EXPECT_TABLE(test, 3, 1, 2);
}

static void limit_reserve_bound_at_limit(struct kunit *test)
{
	struct nfs41conn_conn **c = conns_add(test, 1);
	u8 *s1 = kt_session(test, 1, c[0], NFS41CONN_DIR_FORE);

	nfs41conn_table_set_max_conns(kt_table(test), 1);
	KUNIT_EXPECT_EQ(test, nfs41conn_reserve(kt_table(test), c[0], s1),
			NFS41CONN_ALREADY_BOUND);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

static void limit_session_create_counts(struct kunit *test)
{
	struct nfs41conn_conn **c = conns_add(test, 3);
	u8 *s1;

	nfs41conn_table_set_max_conns(kt_table(test), 2);
	s1 = kt_session(test, 1, c[0], NFS41CONN_DIR_FORE);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KUNIT_EXPECT_EQ(test, nfs41conn_reserve(kt_table(test), c[1], s1), 0);
	reserve_excess_cancel(test, c[2], s1);
	KT_EXPECT_SESSION(test, s1, 2, 1, 1, 0);
	KT_EXPECT_TABLE(test, 3, 1, 2);
}

static void limit_is_per_session(struct kunit *test)
{
	struct nfs41conn_conn **c = conns_add(test, 2);
	u8 *s1, *s2;

	nfs41conn_table_set_max_conns(kt_table(test), 1);
	s1 = kt_session(test, 1, c[0], NFS41CONN_DIR_FORE);
	s2 = kt_session(test, 2, NULL, NFS41CONN_DIR_NONE);
	kt_bind(test, c[0], s2, NFS4_CDFC4_FORE);
	KUNIT_EXPECT_EQ(test, c[0]->nr_sessions, 2);
	reserve_excess_cancel(test, c[1], s1);
	reserve_excess_cancel(test, c[1], s2);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_SESSION(test, s2, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 2, 2, 2);
}

static void limit_conn_remove_frees_slot(struct kunit *test)
{
	struct nfs41conn_conn **c = conns_add(test, 2);
	u8 *s1;

	nfs41conn_table_set_max_conns(kt_table(test), 1);
	s1 = kt_session(test, 1, c[0], NFS41CONN_DIR_FORE);
	kt_conn_close(test, c[0]);
	KT_EXPECT_SESSION(test, s1, 0, 0, 0, 0);
	kt_bind(test, c[1], s1, NFS4_CDFC4_FORE);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

/* A commit after the reservation is gone must not take a slot. */
static void limit_commit_after_cancel(struct kunit *test)
{
	struct nfs41conn_conn **c = conns_add(test, 2);
	u8 *s1 = kt_session(test, 1, NULL, NFS41CONN_DIR_NONE);

	nfs41conn_table_set_max_conns(kt_table(test), 1);
	kt_reserve(test, c[0], s1);
	KUNIT_EXPECT_FALSE(test, nfs41conn_cancel(kt_table(test), c[0], s1));
	kt_bind(test, c[1], s1, NFS4_CDFC4_FORE);
	KUNIT_EXPECT_EQ(test, nfs41conn_commit(kt_table(test), c[0], s1,
					       NFS41CONN_DIR_FORE), -ENOENT);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c[0], s1), NFS41CONN_DIR_NONE);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 1);
}

/* ---------------------------------------------------------------------- */
/* nfs41conn_drain: draining, and the last fore channel connection */

static void drain_unbound_conn(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);

	KUNIT_EXPECT_EQ(test, nfs41conn_drain(kt_table(test), c1), 0);
	KUNIT_EXPECT_EQ(test, c1->state, NFS41CONN_CONN_DRAINING);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_draining(c1));
	/* Still in the table. */
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c1));
	KT_EXPECT_TABLE(test, 1, 0, 0);
}

static void drain_idempotent(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_conn *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	KUNIT_EXPECT_EQ(test, nfs41conn_drain(kt_table(test), c1), 0);
	KUNIT_EXPECT_EQ(test, nfs41conn_drain(kt_table(test), c1), 0);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_draining(c1));
	KT_EXPECT_SESSION(test, s1, 2, 2, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 2);
}

static void drain_last_fore_busy(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	KUNIT_EXPECT_EQ(test, nfs41conn_drain(kt_table(test), c1), -EBUSY);
	KUNIT_EXPECT_EQ(test, c1->state, NFS41CONN_CONN_OPEN);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_draining(c1));
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

static void drain_last_both_busy(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_conn *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_BOTH);

	/* A back-only peer does not carry the fore channel. */
	kt_bind(test, c2, s1, NFS4_CDFC4_BACK);
	KUNIT_EXPECT_EQ(test, nfs41conn_drain(kt_table(test), c1), -EBUSY);
	KUNIT_EXPECT_EQ(test, c1->state, NFS41CONN_CONN_OPEN);
	KT_EXPECT_SESSION(test, s1, 2, 1, 1, 2);
	KT_EXPECT_TABLE(test, 2, 1, 2);
}

static void drain_back_only_ok(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_BACK);

	KUNIT_EXPECT_EQ(test, nfs41conn_drain(kt_table(test), c1), 0);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_draining(c1));
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_BACK);
	KT_EXPECT_SESSION(test, s1, 1, 0, 0, 1);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

static void drain_one_of_two_fore(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_conn *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE_OR_BOTH);
	KUNIT_EXPECT_EQ(test, nfs41conn_drain(kt_table(test), c1), 0);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_draining(c1));
	/* Still bound, and counted as fore, but not as ready. */
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, c1->nr_sessions, 1);
	KT_EXPECT_SESSION(test, s1, 2, 2, 1, 1);
	KT_EXPECT_TABLE(test, 2, 1, 2);
}

static void drain_second_of_two_busy(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_conn *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	KUNIT_ASSERT_EQ(test, nfs41conn_drain(kt_table(test), c1), 0);
	KUNIT_EXPECT_EQ(test, nfs41conn_drain(kt_table(test), c2), -EBUSY);
	KUNIT_EXPECT_EQ(test, c2->state, NFS41CONN_CONN_OPEN);
	KT_EXPECT_SESSION(test, s1, 2, 2, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 2);
}

/* c1 is one of two fore conns of s1 but the only one of s2. */
static void drain_two_sessions_last_on_one(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_conn *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = kt_session(test, 2, c1, NFS41CONN_DIR_BOTH);

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	KUNIT_EXPECT_EQ(test, nfs41conn_drain(kt_table(test), c1), -EBUSY);
	KUNIT_EXPECT_EQ(test, c1->state, NFS41CONN_CONN_OPEN);
	KT_EXPECT_SESSION(test, s1, 2, 2, 2, 0);
	KT_EXPECT_SESSION(test, s2, 1, 1, 1, 1);
	KT_EXPECT_TABLE(test, 2, 2, 3);
	/* c2 is not the last of any session. */
	KUNIT_EXPECT_EQ(test, nfs41conn_drain(kt_table(test), c2), 0);
	KT_EXPECT_SESSION(test, s1, 2, 2, 1, 0);
	KT_EXPECT_TABLE(test, 2, 2, 3);
}

static void drain_two_sessions_ok(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_conn *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = kt_session(test, 2, c1, NFS41CONN_DIR_FORE);

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	kt_bind(test, c3, s2, NFS4_CDFC4_FORE);
	KUNIT_EXPECT_EQ(test, nfs41conn_drain(kt_table(test), c1), 0);
	KT_EXPECT_SESSION(test, s1, 2, 2, 1, 0);
	KT_EXPECT_SESSION(test, s2, 2, 2, 1, 0);
	KT_EXPECT_TABLE(test, 3, 2, 4);
}

static void drain_ignores_back_only_sessions(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_conn *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = kt_session(test, 2, c1, NFS41CONN_DIR_BACK);

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	KUNIT_EXPECT_EQ(test, nfs41conn_drain(kt_table(test), c1), 0);
	KT_EXPECT_SESSION(test, s1, 2, 2, 1, 0);
	KT_EXPECT_SESSION(test, s2, 1, 0, 0, 1);
	KT_EXPECT_TABLE(test, 2, 2, 3);
}

static void drain_reservation_only(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, NULL, NFS41CONN_DIR_NONE);

	kt_reserve(test, c1, s1);
	KUNIT_EXPECT_EQ(test, nfs41conn_drain(kt_table(test), c1), 0);
	/* Committed while draining: fore, not ready. */
	KUNIT_EXPECT_EQ(test, nfs41conn_commit(kt_table(test), c1, s1,
					       NFS41CONN_DIR_FORE), 0);
	KT_EXPECT_SESSION(test, s1, 1, 1, 0, 0);
	KUNIT_EXPECT_EQ(test, nfs41conn_undrain(kt_table(test), c1), 0);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

static void drain_closed_conn(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);

	nfs41conn_conn_remove(kt_table(test), c1);
	KUNIT_EXPECT_EQ(test, nfs41conn_drain(kt_table(test), c1), -ESHUTDOWN);
	KUNIT_EXPECT_EQ(test, c1->state, NFS41CONN_CONN_CLOSED);
	KUNIT_EXPECT_EQ(test, nfs41conn_undrain(kt_table(test), c1), -ESHUTDOWN);
	KUNIT_EXPECT_EQ(test, c1->state, NFS41CONN_CONN_CLOSED);
	KT_EXPECT_TABLE(test, 0, 0, 0);
}

static void undrain_restores_ready(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_conn *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_BOTH);
	u8 *s2 = kt_session(test, 2, c1, NFS41CONN_DIR_FORE);

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	kt_bind(test, c2, s2, NFS4_CDFC4_FORE);
	KUNIT_ASSERT_EQ(test, nfs41conn_drain(kt_table(test), c1), 0);
	KT_EXPECT_SESSION(test, s1, 2, 2, 1, 1);
	KT_EXPECT_SESSION(test, s2, 2, 2, 1, 0);
	KUNIT_EXPECT_EQ(test, nfs41conn_undrain(kt_table(test), c1), 0);
	KUNIT_EXPECT_EQ(test, c1->state, NFS41CONN_CONN_OPEN);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_draining(c1));
	KT_EXPECT_SESSION(test, s1, 2, 2, 2, 1);
	KT_EXPECT_SESSION(test, s2, 2, 2, 2, 0);
	/* So c2 may drain now. */
	KUNIT_EXPECT_EQ(test, nfs41conn_drain(kt_table(test), c2), 0);
	KT_EXPECT_TABLE(test, 2, 2, 4);
}

static void undrain_idempotent(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_conn *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	/* Undraining an open connection changes nothing. */
	KUNIT_EXPECT_EQ(test, nfs41conn_undrain(kt_table(test), c1), 0);
	KUNIT_EXPECT_EQ(test, c1->state, NFS41CONN_CONN_OPEN);
	KT_EXPECT_SESSION(test, s1, 2, 2, 2, 0);
	KUNIT_ASSERT_EQ(test, nfs41conn_drain(kt_table(test), c1), 0);
	KUNIT_EXPECT_EQ(test, nfs41conn_undrain(kt_table(test), c1), 0);
	KUNIT_EXPECT_EQ(test, nfs41conn_undrain(kt_table(test), c1), 0);
	KUNIT_EXPECT_EQ(test, c1->state, NFS41CONN_CONN_OPEN);
	KT_EXPECT_SESSION(test, s1, 2, 2, 2, 0);
	KT_EXPECT_TABLE(test, 2, 1, 2);
}

static void bind_draining_conn(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_conn *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	KUNIT_ASSERT_EQ(test, nfs41conn_drain(kt_table(test), c2), 0);
	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c2, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_draining(c2));
	KT_EXPECT_SESSION(test, s1, 2, 2, 1, 0);
	/* c1 is still the last ready one. */
	KUNIT_EXPECT_EQ(test, nfs41conn_drain(kt_table(test), c1), -EBUSY);
	KT_EXPECT_TABLE(test, 2, 1, 2);
}

static void commit_on_draining_conn(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_conn *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	kt_bind(test, c2, s1, NFS4_CDFC4_BACK);
	KUNIT_ASSERT_EQ(test, nfs41conn_drain(kt_table(test), c2), 0);
	KUNIT_EXPECT_EQ(test, nfs41conn_commit(kt_table(test), c2, s1,
					       NFS41CONN_DIR_BOTH), 0);
	KT_EXPECT_SESSION(test, s1, 2, 2, 1, 1);
	KUNIT_EXPECT_EQ(test, nfs41conn_commit(kt_table(test), c2, s1,
					       NFS41CONN_DIR_BACK), 0);
	KT_EXPECT_SESSION(test, s1, 2, 1, 1, 1);
	KT_EXPECT_TABLE(test, 2, 1, 2);
}

/* Closing is not draining: the last fore connection may close. */
static void remove_last_fore_allowed(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_conn *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	kt_bind(test, c2, s1, NFS4_CDFC4_BACK);
	nfs41conn_conn_remove(kt_table(test), c1);
	KUNIT_EXPECT_EQ(test, c1->state, NFS41CONN_CONN_CLOSED);
	KUNIT_EXPECT_TRUE(test, kt_session_found(test, s1));
	KT_EXPECT_SESSION(test, s1, 1, 0, 0, 1);
	/* With no fore channel left, the back-only conn may drain. */
	KUNIT_EXPECT_EQ(test, nfs41conn_drain(kt_table(test), c2), 0);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

static void remove_draining_conn(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_conn *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	KUNIT_ASSERT_EQ(test, nfs41conn_drain(kt_table(test), c2), 0);
	nfs41conn_conn_remove(kt_table(test), c2);
	KUNIT_EXPECT_EQ(test, c2->state, NFS41CONN_CONN_CLOSED);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_draining(c2));
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

/* The ready peer goes away: the draining conn is left, and may undrain. */
static void drain_after_peer_removed(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_conn *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	KUNIT_ASSERT_EQ(test, nfs41conn_drain(kt_table(test), c1), 0);
	kt_conn_close(test, c2);
	KT_EXPECT_SESSION(test, s1, 1, 1, 0, 0);
	KUNIT_EXPECT_EQ(test, nfs41conn_drain(kt_table(test), c1), 0);
	KUNIT_EXPECT_EQ(test, nfs41conn_undrain(kt_table(test), c1), 0);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KUNIT_EXPECT_EQ(test, nfs41conn_drain(kt_table(test), c1), -EBUSY);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

/*
 * A connection closed by its own calls: no call starts once that is
 * decided, those in progress go on, and the end of the last one -- and
 * only that one -- says to close it.  Neither the drain close nor
 * rotation may take it meanwhile.
 */
static void drain_close_after_calls(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_conn *got[1];
	u64 wait;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	KUNIT_ASSERT_EQ(test, nfs41conn_drain(kt_table(test), c2), 0);
	spin_lock(&kt_table(test)->lock);
	c2->drained_ns = 0;
	WRITE_ONCE(c2->last_call_ns, 0);
	spin_unlock(&kt_table(test)->lock);
	KUNIT_ASSERT_TRUE(test, nfs41conn_conn_call_begin(c2));
	KUNIT_ASSERT_TRUE(test, nfs41conn_conn_call_begin(c2));

	nfs41conn_conn_close_after_calls(c2);
	nfs41conn_conn_close_after_calls(c2);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_calls_stopped(c2));
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_call_begin(c2));
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_closing_busy(c2));
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_stop_calls(c2));
	KUNIT_EXPECT_EQ(test, nfs41conn_drain_take_idle(kt_table(test), 1, got,
							ARRAY_SIZE(got), &wait),
			0);

	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_call_end(c2));
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_closing_busy(c2));
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_call_end(c2));
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_closing_busy(c2));
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_call_begin(c2));
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_closing_busy(c2));
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_calls_stopped(c2));

	/* One not being closed is never told; one with one call, at its end. */
	KUNIT_ASSERT_TRUE(test, nfs41conn_conn_call_begin(c1));
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_call_end(c1));
	KUNIT_ASSERT_TRUE(test, nfs41conn_conn_call_begin(c1));
	nfs41conn_conn_close_after_calls(c1);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_call_end(c1));
	KUNIT_EXPECT_EQ(test, nfs41conn_table_verify(kt_table(test)), 0);
}

/* Drain @conn, with its last call and the drain long ago. */
static void drain_long_ago(struct kunit *test, struct nfs41conn_conn *conn)
{
	KUNIT_ASSERT_EQ(test, nfs41conn_drain(kt_table(test), conn), 0);
	spin_lock(&kt_table(test)->lock);
	conn->drained_ns = 0;
	WRITE_ONCE(conn->last_call_ns, 0);
	spin_unlock(&kt_table(test)->lock);
}

/* The idle time of the drain close in these cases. */
#define DRAIN_IDLE_NS	NSEC_PER_MSEC

/*
 * The drain close takes draining connections idle long enough, and only
 * those: not an open one however idle; each one once, with its calls
 * stopped.
 */
static void drain_take_idle_only_draining(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_conn *got[4];
	u64 wait;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	kt_bind(test, c3, s1, NFS4_CDFC4_FORE);
	WRITE_ONCE(c3->last_call_ns, 0);
	drain_long_ago(test, c2);

	KUNIT_ASSERT_EQ(test, nfs41conn_drain_take_idle(kt_table(test),
							DRAIN_IDLE_NS, got,
							ARRAY_SIZE(got), &wait),
			1);
	KUNIT_EXPECT_PTR_EQ(test, got[0], c2);
	KUNIT_EXPECT_EQ(test, wait, U64_MAX);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_calls_stopped(c2));
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_calls_stopped(c3));
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_calls_stopped(c1));
	/* Still in the table, draining, until its transport is detached. */
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_draining(c2));
	nfs41conn_conn_put(c2);

	KUNIT_EXPECT_EQ(test, nfs41conn_drain_take_idle(kt_table(test),
							DRAIN_IDLE_NS, got,
							ARRAY_SIZE(got), &wait),
			0);
	KUNIT_EXPECT_EQ(test, wait, U64_MAX);
	KUNIT_EXPECT_EQ(test, nfs41conn_table_verify(kt_table(test)), 0);
	KT_EXPECT_TABLE(test, 3, 1, 3);
}

/* One drained just now is not taken: the caller is told when to look. */
static void drain_take_idle_waits(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_conn *got[1];
	u64 wait;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	WRITE_ONCE(c2->last_call_ns, 0);
	KUNIT_ASSERT_EQ(test, nfs41conn_drain(kt_table(test), c2), 0);

	KUNIT_EXPECT_EQ(test, nfs41conn_drain_take_idle(kt_table(test),
							NSEC_PER_SEC, got,
							ARRAY_SIZE(got), &wait),
			0);
	KUNIT_EXPECT_GT(test, wait, 0);
	KUNIT_EXPECT_LE(test, wait, NSEC_PER_SEC);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_calls_stopped(c2));
	KUNIT_EXPECT_EQ(test, nfs41conn_table_verify(kt_table(test)), 0);
}

/* Nor one with a call in progress: looked at again soon. */
static void drain_take_idle_busy(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_conn *got[1];
	u64 wait;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	drain_long_ago(test, c2);
	KUNIT_ASSERT_TRUE(test, nfs41conn_conn_call_begin(c2));

	KUNIT_EXPECT_EQ(test, nfs41conn_drain_take_idle(kt_table(test),
							DRAIN_IDLE_NS, got,
							ARRAY_SIZE(got), &wait),
			0);
	KUNIT_EXPECT_LE(test, wait, NFS41CONN_DRAIN_BUSY_POLL_NS);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_calls_stopped(c2));

	nfs41conn_conn_call_end(c2);
	KUNIT_EXPECT_EQ(test, nfs41conn_drain_take_idle(kt_table(test),
							DRAIN_IDLE_NS, got,
							ARRAY_SIZE(got), &wait),
			1);
	KUNIT_EXPECT_PTR_EQ(test, got[0], c2);
	nfs41conn_conn_put(c2);
	KUNIT_EXPECT_EQ(test, nfs41conn_table_verify(kt_table(test)), 0);
}

/*
 * Undrained, or closed, a connection leaves the drain close's list; a
 * full batch says so, and the rest come next time.
 */
static void drain_take_idle_list(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test), *c4 = kt_conn(test);
	struct nfs41conn_conn *c5 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_conn *got[1];
	u64 wait;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	kt_bind(test, c3, s1, NFS4_CDFC4_FORE);
	kt_bind(test, c4, s1, NFS4_CDFC4_FORE);
	kt_bind(test, c5, s1, NFS4_CDFC4_FORE);
	drain_long_ago(test, c2);
	drain_long_ago(test, c3);
	drain_long_ago(test, c4);
	KUNIT_EXPECT_EQ(test, nfs41conn_undrain(kt_table(test), c2), 0);
	nfs41conn_conn_remove(kt_table(test), c3);
	KUNIT_EXPECT_EQ(test, nfs41conn_table_verify(kt_table(test)), 0);

	KUNIT_EXPECT_EQ(test, nfs41conn_drain_take_idle(kt_table(test),
							DRAIN_IDLE_NS, got,
							ARRAY_SIZE(got), &wait),
			1);
	KUNIT_EXPECT_PTR_EQ(test, got[0], c4);
	KUNIT_EXPECT_EQ(test, wait, U64_MAX);
	nfs41conn_conn_put(c4);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_calls_stopped(c2));

	/* Two at once, one at a time. */
	drain_long_ago(test, c2);
	drain_long_ago(test, c5);
	KUNIT_EXPECT_EQ(test, nfs41conn_drain_take_idle(kt_table(test),
							DRAIN_IDLE_NS, got,
							ARRAY_SIZE(got), &wait),
			1);
	KUNIT_EXPECT_PTR_EQ(test, got[0], c2);
	KUNIT_EXPECT_EQ(test, wait, 0);
	nfs41conn_conn_put(c2);
	KUNIT_EXPECT_EQ(test, nfs41conn_drain_take_idle(kt_table(test),
							DRAIN_IDLE_NS, got,
							ARRAY_SIZE(got), &wait),
			1);
	KUNIT_EXPECT_PTR_EQ(test, got[0], c5);
	nfs41conn_conn_put(c5);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_calls_stopped(c1));
	KUNIT_EXPECT_EQ(test, nfs41conn_table_verify(kt_table(test)), 0);
}

/* ---------------------------------------------------------------------- */

static struct kunit_case nfs41conn_table_cases[] = {
	KUNIT_CASE(table_init_defaults),
	KUNIT_CASE(table_init_default_drain_mode),
	KUNIT_CASE(table_verify_detects_bad_counts),
	KUNIT_CASE(table_verify_detects_bad_last_binding),
	KUNIT_CASE(table_orphan_session_forgotten),
	KUNIT_CASE(table_bound_session_kept),
	KUNIT_CASE(table_orphan_rebound_kept),
	KUNIT_CASE(conn_add_ipv4),
	KUNIT_CASE(conn_add_ipv6),
	KUNIT_CASE(conn_add_bad_family),
	KUNIT_CASE(conn_ids_increase),
	KUNIT_CASE(conn_ids_per_table),
	KUNIT_CASE(conn_lookup_by_id),
	KUNIT_CASE(conn_get_put),
	KUNIT_CASE(conn_remove_closes),
	KUNIT_CASE(conn_remove_idempotent),
	KUNIT_CASE(conn_remove_unbinds),
	KUNIT_CASE(table_destroy_closes_everything),
	KUNIT_CASE(session_create_no_conn),
	KUNIT_CASE_PARAM(session_create_dir, create_dir_gen_params),
	KUNIT_CASE(session_create_bad_dir),
	KUNIT_CASE(session_create_null_conn_ignores_dir),
	KUNIT_CASE(session_create_duplicate),
	KUNIT_CASE(session_create_closed_conn),
	KUNIT_CASE(session_lookup_exact_id),
	KUNIT_CASE(session_destroy_unknown),
	KUNIT_CASE(session_destroy_unbinds),
	KUNIT_CASE(session_destroy_keeps_other_sessions),
	KUNIT_CASE(bind_two_sessions),
	KUNIT_CASE(last_binding_follows_unbind),
	KUNIT_CASE(reserve_is_not_bound),
	KUNIT_CASE(reserve_already_bound),
	KUNIT_CASE(reserve_unknown_session),
	KUNIT_CASE(reserve_closed_conn),
	KUNIT_CASE(commit_binds_reservation),
	KUNIT_CASE(commit_bad_dir),
	KUNIT_CASE(commit_after_session_destroy),
	KUNIT_CASE(commit_closed_conn),
	KUNIT_CASE(cancel_frees_reservation),
	KUNIT_CASE(cancel_double_reservation),
	KUNIT_CASE(cancel_keeps_committed),
	KUNIT_CASE(cancel_without_reservation),
	{}
};

KT_SUITE(table, kt_init, kt_exit);

static struct kunit_case nfs41conn_direction_cases[] = {
	KUNIT_CASE(negotiate_fore),
	KUNIT_CASE(negotiate_back),
	KUNIT_CASE(negotiate_fore_or_both),
	KUNIT_CASE(negotiate_back_or_both),
	KUNIT_CASE(negotiate_invalid),
	KUNIT_CASE_PARAM(rebind_rules, rebind_gen_params),
	KUNIT_CASE(commit_sets_server_dir),
	KUNIT_CASE(commit_changes_binding),
	KUNIT_CASE(dir_per_session),
	{}
};

KT_SUITE(direction, kt_init, kt_exit);

static struct kunit_case nfs41conn_limit_cases[] = {
	KUNIT_CASE_PARAM(limit_reserve_exact, limit_gen_params),
	KUNIT_CASE(limit_default_is_16),
	KUNIT_CASE(limit_lowered_keeps_existing),
	KUNIT_CASE(limit_raised_admits_more),
	KUNIT_CASE(limit_reservation_counts),
	KUNIT_CASE(limit_cancel_frees_slot),
	KUNIT_CASE(limit_commit_keeps_slot),
	KUNIT_CASE(limit_double_reservation_one_slot),
	KUNIT_CASE(limit_reserve_bound_at_limit),
	KUNIT_CASE(limit_session_create_counts),
	KUNIT_CASE(limit_is_per_session),
	KUNIT_CASE(limit_conn_remove_frees_slot),
	KUNIT_CASE(limit_commit_after_cancel),
	{}
};

KT_SUITE(limit, kt_init, kt_exit);

static struct kunit_case nfs41conn_drain_cases[] = {
	KUNIT_CASE(drain_unbound_conn),
	KUNIT_CASE(drain_idempotent),
	KUNIT_CASE(drain_last_fore_busy),
	KUNIT_CASE(drain_last_both_busy),
	KUNIT_CASE(drain_back_only_ok),
	KUNIT_CASE(drain_one_of_two_fore),
	KUNIT_CASE(drain_second_of_two_busy),
	KUNIT_CASE(drain_two_sessions_last_on_one),
	KUNIT_CASE(drain_two_sessions_ok),
	KUNIT_CASE(drain_ignores_back_only_sessions),
	KUNIT_CASE(drain_reservation_only),
	KUNIT_CASE(drain_closed_conn),
	KUNIT_CASE(undrain_restores_ready),
	KUNIT_CASE(undrain_idempotent),
	KUNIT_CASE(bind_draining_conn),
	KUNIT_CASE(commit_on_draining_conn),
	KUNIT_CASE(remove_last_fore_allowed),
	KUNIT_CASE(remove_draining_conn),
	KUNIT_CASE(drain_after_peer_removed),
	KUNIT_CASE(drain_take_idle_only_draining),
	KUNIT_CASE(drain_take_idle_waits),
	KUNIT_CASE(drain_take_idle_busy),
	KUNIT_CASE(drain_take_idle_list),
	KUNIT_CASE(drain_close_after_calls),
	{}
};

KT_SUITE(drain, kt_init, kt_exit);

kunit_test_suites(&nfs41conn_table_suite, &nfs41conn_direction_suite,
		  &nfs41conn_limit_suite, &nfs41conn_drain_suite);

/* The module's tags, for all the files of nfs41conn_test.ko. */
NFS41CONN_IMPORT_KUNIT_NS();
MODULE_DESCRIPTION("KUnit tests of nfs41conn");
MODULE_LICENSE("GPL");
