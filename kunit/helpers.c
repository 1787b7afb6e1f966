// SPDX-License-Identifier: GPL-2.0
/*
 * The fixture of the table's and the gate's KUnit suites (see helpers.h).
 */

#include <linux/delay.h>
#include <linux/in.h>
#include <linux/ktime.h>
#include <linux/lockdep.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "helpers.h"

/* The client port of a case's first connection. */
#define KT_FIRST_PORT	40000

/* A suite's .init: test->priv is a fresh table, in drain mode delay. */
int kt_init(struct kunit *test)
{
	struct kt_fixture *fx;
	int err;

	/* KUnit reuses struct kunit between the parameters of a case. */
	test->priv = NULL;
	fx = kunit_kzalloc(test, sizeof(*fx), GFP_KERNEL);
	if (!fx)
		return -ENOMEM;
	err = nfs41conn_table_init(&fx->table);
	if (err)
		return err;
	/*
	 * The drain cases check the NFS4ERR_DELAY of drain_mode delay; the
	 * other modes are gate_seq_draining_mode's, the default
	 * table_init_default_drain_mode's.
	 */
	nfs41conn_table_set_drain_mode(&fx->table, NFS41CONN_DRAIN_DELAY);
	fx->next_port = KT_FIRST_PORT;
	test->priv = fx;
	return 0;
}

/*
 * A suite's .exit: whatever the case did, it left the table consistent.
 * Runs before the deferred actions: connections still in the table become
 * closed here, and the actions kt_conn_add() registered then put them.
 */
void kt_exit(struct kunit *test)
{
	struct kt_fixture *fx = test->priv;

	if (!fx || fx->destroyed)
		return;
	KUNIT_EXPECT_EQ(test, nfs41conn_table_verify(&fx->table), 0);
	nfs41conn_table_destroy(&fx->table);
}

/*
 * Enable eviction with KT_EVICT_MS.  Idle times are measured on the
 * coarse boottime clock, and a session that never lost a connection
 * counts as having lost one at boot: wait, if need be, until the system
 * has been up for a few thresholds, so that a connection made idle in a
 * session by kt_idle() or kt_idle_ms() is evictable.
 */
void kt_evict_on(struct kunit *test)
{
	nfs41conn_table_set_evict_idle(kt_table(test), KT_EVICT_MS);
	while (ktime_get_coarse_boottime_ns() < 4 * KT_EVICT_NS)
		msleep(20);
}

struct nfs41conn_table *kt_table(struct kunit *test)
{
	struct kt_fixture *fx = test->priv;

	return &fx->table;
}

/* 127.0.0.1:@port */
void kt_addr4(struct sockaddr_in *sin, u16 port)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

/* The sessionid4 {0x5e, @i, 0xa2, 0xa3, ...}. */
void kt_sid_fill(u8 *sid, u8 i)
{
	unsigned int j;

	sid[0] = 0x5e;
	sid[1] = i;
	for (j = 2; j < NFS4_MAX_SESSIONID_LEN; j++)
		sid[j] = 0xa0 + j;
}

/* kt_sid_fill()'s session ID @i, freed when the case ends. */
u8 *kt_sid(struct kunit *test, u8 i)
{
	u8 *sid;

	sid = kunit_kzalloc(test, NFS4_MAX_SESSIONID_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sid);
	kt_sid_fill(sid, i);
	return sid;
}

/* A kunit action: put a connection's reference. */
void kt_conn_put_action(void *conn)
{
	nfs41conn_conn_put(conn);
}

/*
 * Add a connection 127.0.0.1:2049 <- 127.0.0.1:<next port> to @table.  Its
 * reference is put when the case ends, after the table is destroyed.
 */
struct nfs41conn_conn *kt_conn_add(struct kunit *test,
				   struct nfs41conn_table *table)
{
	struct kt_fixture *fx = test->priv;
	struct sockaddr_in local, remote;
	struct nfs41conn_conn *conn;

	kt_addr4(&local, 2049);
	kt_addr4(&remote, fx->next_port++);
	conn = nfs41conn_conn_add(table, (struct sockaddr *)&local,
				  (struct sockaddr *)&remote);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, conn);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, kt_conn_put_action,
						  conn));
	return conn;
}

/* A connection in the fixture's table. */
struct nfs41conn_conn *kt_conn(struct kunit *test)
{
	return kt_conn_add(test, kt_table(test));
}

/* Close @conn and put the reference now: @conn is gone afterwards. */
void kt_conn_close(struct kunit *test, struct nfs41conn_conn *conn)
{
	nfs41conn_conn_remove(kt_table(test), conn);
	kunit_release_action(test, kt_conn_put_action, conn);
}

/* Create session @i, bound to @conn (or to nothing if NULL). */
u8 *kt_session(struct kunit *test, u8 i, struct nfs41conn_conn *conn,
	       enum nfs41conn_dir dir)
{
	u8 *sid = kt_sid(test, i);

	KUNIT_ASSERT_EQ(test, 0, nfs41conn_session_create(kt_table(test), sid,
							  conn, dir, 1));
	return sid;
}

/*
 * Bind @conn to @sid within the limit as the gate does, reserve and
 * commit, with the channels nfsd grants for @cdfc (nfsd4_map_bcts_dir():
 * both for FORE_OR_BOTH and BACK_OR_BOTH).
 */
void kt_bind(struct kunit *test, struct nfs41conn_conn *conn, const u8 *sid,
	     u32 cdfc)
{
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_reserve(kt_table(test), conn, sid));
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_commit(kt_table(test), conn, sid,
						  cdfc & NFS41CONN_DIR_BOTH));
}

void kt_reserve(struct kunit *test, struct nfs41conn_conn *conn,
		const u8 *sid)
{
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_reserve(kt_table(test), conn, sid));
}

/* The binding of @conn to @sid, or NULL; the caller holds @t's lock. */
static struct nfs41conn_binding *kt_binding(struct nfs41conn_table *t,
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
 * Make nfsd's last accepted call of @sid on @conn, as rotation sees it
 * (binding->active_ns), be at @ns.
 */
void kt_set_active(struct kunit *test, struct nfs41conn_conn *conn,
		   const u8 *sid, u64 ns)
{
	struct nfs41conn_table *t = kt_table(test);
	struct nfs41conn_binding *binding;

	spin_lock(&t->lock);
	binding = kt_binding(t, conn, sid);
	if (binding)
		WRITE_ONCE(binding->active_ns, ns);
	spin_unlock(&t->lock);
	KUNIT_ASSERT_NOT_NULL(test, binding);
}

/* nfsd accepted no call of @sid on @conn since boot. */
void kt_idle(struct kunit *test, struct nfs41conn_conn *conn, const u8 *sid)
{
	kt_set_active(test, conn, sid, 0);
}

/* nfsd last accepted a call of @sid on @conn @ms ago. */
void kt_idle_ms(struct kunit *test, struct nfs41conn_conn *conn,
		const u8 *sid, unsigned int ms)
{
	kt_set_active(test, conn, sid, ktime_get_coarse_boottime_ns() -
				       (u64)ms * NSEC_PER_MSEC);
}

/* Make the held binding of @conn to @sid held since @ns. */
bool kt_set_held_ns(struct kunit *test, struct nfs41conn_conn *conn,
		    const u8 *sid, u64 ns)
{
	struct nfs41conn_table *t = kt_table(test);
	struct nfs41conn_binding *binding;
	bool held;

	spin_lock(&t->lock);
	binding = kt_binding(t, conn, sid);
	held = binding && !list_empty(&binding->held_link);
	if (held)
		binding->held_ns = ns;
	spin_unlock(&t->lock);
	return held;
}

struct kt_snap kt_snap(struct kunit *test, const u8 *sid)
{
	struct nfs41conn_session *session;
	struct kt_snap snap = {};

	rcu_read_lock();
	session = nfs41conn_session_lookup(kt_table(test), sid);
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

enum nfs41conn_dir kt_dir(struct kunit *test, struct nfs41conn_conn *conn,
			  const u8 *sid)
{
	enum nfs41conn_dir dir;

	rcu_read_lock();
	dir = nfs41conn_bound_dir(kt_table(test), conn, sid);
	rcu_read_unlock();
	return dir;
}

/*
 * @field of the binding of @conn to @sid, read under the table's lock; -1:
 * no binding.
 */
int kt_binding_field(struct kunit *test, struct nfs41conn_conn *conn,
		     const u8 *sid, enum kt_binding_field field)
{
	struct nfs41conn_table *t = kt_table(test);
	struct nfs41conn_binding *binding;
	int val = -1;

	spin_lock(&t->lock);
	binding = kt_binding(t, conn, sid);
	if (binding)
		val = field == KT_PENDING ? binding->pending : binding->excess;
	spin_unlock(&t->lock);
	return val;
}

/* Bindings nfsd made beyond a limit that are held. */
unsigned int kt_nr_held(struct kunit *test)
{
	struct nfs41conn_table *t = kt_table(test);
	unsigned int nr;

	spin_lock(&t->lock);
	nr = t->nr_held;
	spin_unlock(&t->lock);
	return nr;
}

bool kt_conn_found(struct kunit *test, struct nfs41conn_conn *conn)
{
	bool found;

	rcu_read_lock();
	found = nfs41conn_conn_lookup(kt_table(test), conn->id) == conn;
	rcu_read_unlock();
	return found;
}

bool kt_session_found(struct kunit *test, const u8 *sid)
{
	bool found;

	rcu_read_lock();
	found = nfs41conn_session_lookup(kt_table(test), sid);
	rcu_read_unlock();
	return found;
}

/* Session @sid exists with these counters; @line is the caller's. */
void kt_expect_session(struct kunit *test, const u8 *sid, unsigned int conns,
		       unsigned int fore, unsigned int ready,
		       unsigned int back, int line)
{
	struct kt_snap snap = kt_snap(test, sid);

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
void kt_expect_table(struct kunit *test, unsigned int conns,
		     unsigned int sessions, unsigned int bindings, int line)
{
	struct nfs41conn_table *t = kt_table(test);
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
