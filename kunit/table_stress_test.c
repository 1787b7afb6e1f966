// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit stress and race tests of the nfs41conn binding table
 * (nfs41conn/table*.c), suite nfs41conn_stress:
 *
 *   stress_random_ops	 kthreads doing random reservations and commits,
 *			 drains, closes and session re-creations on one
 *			 table; no session may ever exceed its connection
 *			 limit, and every counter must add up afterwards
 *   race_last_slot	 two connections racing for a session's last slot:
 *			 exactly one wins, the other gets a reservation
 *			 beyond the limit
 *   race_drain_last_two two fore channel connections drained at once: one
 *			 succeeds, the other gets -EBUSY
 *
 * The threads never call KUnit: they count what they see in atomics, and
 * the case checks the counts once they have finished.
 *
 * The test kernel is uniprocessor and preempts only where preemption is
 * re-enabled; between the table's checks and the changes they allow (a
 * free slot, then taking it; another fore channel connection ready, then
 * draining) there is often no such place.  So the table's
 * nfs41conn_race_point() sleeps there while KUnit runs, wherever the
 * thread could be preempted: never under the table's lock.  Without the
 * lock, the other contender then passes the same check, and the race
 * cases fail in every round.
 */

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/err.h>
#include <linux/in.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/limits.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <kunit/test.h>

#include <nfs41conn/compat.h>
#include <nfs41conn/table.h>

#include "helpers.h"

#define STRESS_THREADS		4
#define STRESS_SLOTS		3	/* connection slots of each thread */
#define STRESS_CONNS		(STRESS_THREADS * STRESS_SLOTS)
#define STRESS_SESSIONS		3
#define STRESS_LIMIT		3
#define STRESS_MSECS		1500

#define RACE_ROUNDS		100
#define RACE_LIMIT		2

struct stress_ctx {
	struct nfs41conn_table	table;
	u8			sids[STRESS_SESSIONS][NFS4_MAX_SESSIONID_LEN];
	/*
	 * While the threads of stress_random_ops run, slot i belongs to
	 * thread i / STRESS_SLOTS: only that thread binds, closes or puts
	 * the connection in it.  Whatever is left is closed by the case or
	 * by stress_exit().
	 */
	struct nfs41conn_conn	*conns[STRESS_CONNS];
	unsigned long		deadline;
	atomic_t		ops;
	atomic_t		violations;	/* a broken rule */
	atomic_t		unexpected;	/* an impossible return code */
	atomic_t		bound;		/* binds and commits that worked */
	atomic_t		emlink;		/* refused: session full */
};

struct stress_thread {
	struct stress_ctx	*ctx;
	unsigned int		idx;
	struct completion	done;
};

/* 127.0.0.1:2049 <- 127.0.0.1:port */
static struct nfs41conn_conn *stress_conn_add(struct stress_ctx *ctx,
					      u16 port)
{
	struct sockaddr_in local, remote;

	kt_addr4(&local, 2049);
	kt_addr4(&remote, port);
	return nfs41conn_conn_add(&ctx->table, (struct sockaddr *)&local,
				  (struct sockaddr *)&remote);
}

static void stress_close(struct stress_ctx *ctx, unsigned int slot)
{
	struct nfs41conn_conn *conn = ctx->conns[slot];

	if (!conn)
		return;
	ctx->conns[slot] = NULL;
	nfs41conn_conn_remove(&ctx->table, conn);
	nfs41conn_conn_put(conn);
}

static void stress_close_all(struct stress_ctx *ctx)
{
	unsigned int i;

	for (i = 0; i < STRESS_CONNS; i++)
		stress_close(ctx, i);
}

static int stress_init(struct kunit *test)
{
	struct stress_ctx *ctx;
	int err;

	test->priv = NULL;
	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	err = nfs41conn_table_init(&ctx->table);
	if (err)
		return err;
	test->priv = ctx;
	return 0;
}

static void stress_exit(struct kunit *test)
{
	struct stress_ctx *ctx = test->priv;

	if (!ctx)
		return;
	stress_close_all(ctx);
	nfs41conn_table_destroy(&ctx->table);
}

static enum nfs41conn_dir stress_bound_dir(struct stress_ctx *ctx,
					   struct nfs41conn_conn *conn,
					   const u8 *sid)
{
	enum nfs41conn_dir dir;

	rcu_read_lock();
	dir = nfs41conn_bound_dir(&ctx->table, conn, sid);
	rcu_read_unlock();
	return dir;
}

/* Count a violation if session @sid, if it exists, is over @limit. */
static void stress_check_limit(struct stress_ctx *ctx, const u8 *sid,
			       unsigned int limit)
{
	struct nfs41conn_session *session;

	rcu_read_lock();
	session = nfs41conn_session_lookup(&ctx->table, sid);
	if (session && nfs41conn_session_nr_conns(session) > limit)
		atomic_inc(&ctx->violations);
	rcu_read_unlock();
}

static enum nfs41conn_dir stress_random_dir(void)
{
	static const enum nfs41conn_dir dirs[] = {
		NFS41CONN_DIR_FORE, NFS41CONN_DIR_BACK, NFS41CONN_DIR_BOTH,
	};

	return dirs[get_random_u32_below(ARRAY_SIZE(dirs))];
}

/* Reserve, let the others run, then commit or cancel. */
static void stress_reserve(struct stress_ctx *ctx,
			   struct nfs41conn_conn *conn, const u8 *sid)
{
	enum nfs41conn_dir dir, now;
	int ret;

	ret = nfs41conn_reserve(&ctx->table, conn, sid);
	switch (ret) {
	case 0:
		break;
	case NFS41CONN_RESERVED_EXCESS:
		/* Beyond the limit: counted as refused, and let go. */
		atomic_inc(&ctx->emlink);
		nfs41conn_cancel(&ctx->table, conn, sid);
		return;
	case NFS41CONN_ALREADY_BOUND:
	case -ENOENT:
	case -ENOMEM:
		return;
	default:
		atomic_inc(&ctx->unexpected);
		return;
	}

	stress_check_limit(ctx, sid, STRESS_LIMIT);
	/* A reservation is not a binding. */
	if (stress_bound_dir(ctx, conn, sid) != NFS41CONN_DIR_NONE)
		atomic_inc(&ctx->violations);
	cond_resched();

	if (get_random_u32_below(2)) {
		nfs41conn_cancel(&ctx->table, conn, sid);
		if (stress_bound_dir(ctx, conn, sid) != NFS41CONN_DIR_NONE)
			atomic_inc(&ctx->violations);
		return;
	}
	dir = stress_random_dir();
	ret = nfs41conn_commit(&ctx->table, conn, sid, dir);
	if (!ret) {
		atomic_inc(&ctx->bound);
		stress_check_limit(ctx, sid, STRESS_LIMIT);
		now = stress_bound_dir(ctx, conn, sid);
		if (now != dir && now != NFS41CONN_DIR_NONE)
			atomic_inc(&ctx->violations);
	} else if (ret != -ENOENT) {
		atomic_inc(&ctx->unexpected);
	}
}

static void stress_drain(struct stress_ctx *ctx, struct nfs41conn_conn *conn)
{
	int ret = nfs41conn_drain(&ctx->table, conn);

	if (ret && ret != -EBUSY)
		atomic_inc(&ctx->unexpected);
	/* Only the owner changes the state of its connection. */
	if (!ret && !nfs41conn_conn_draining(conn))
		atomic_inc(&ctx->violations);
}

static void stress_undrain(struct stress_ctx *ctx, struct nfs41conn_conn *conn)
{
	if (nfs41conn_undrain(&ctx->table, conn))
		atomic_inc(&ctx->unexpected);
	if (nfs41conn_conn_draining(conn))
		atomic_inc(&ctx->violations);
}

static void stress_open_slot(struct stress_ctx *ctx, unsigned int slot)
{
	struct nfs41conn_conn *conn;

	conn = stress_conn_add(ctx, 30000 + slot);
	if (IS_ERR(conn)) {
		if (PTR_ERR(conn) != -ENOMEM)
			atomic_inc(&ctx->unexpected);
		return;
	}
	ctx->conns[slot] = conn;
}

/* The connection closes; a new one is accepted in its place. */
static void stress_reopen_slot(struct stress_ctx *ctx, unsigned int slot)
{
	struct nfs41conn_conn *conn = ctx->conns[slot], *found;

	ctx->conns[slot] = NULL;
	nfs41conn_conn_remove(&ctx->table, conn);
	if (READ_ONCE(conn->state) != NFS41CONN_CONN_CLOSED)
		atomic_inc(&ctx->violations);
	rcu_read_lock();
	found = nfs41conn_conn_lookup(&ctx->table, conn->id);
	rcu_read_unlock();
	if (found)
		atomic_inc(&ctx->violations);
	nfs41conn_conn_put(conn);
	stress_open_slot(ctx, slot);
}

/* Thread 0 only: the session goes, and comes back, maybe with @conn. */
static void stress_recreate(struct stress_ctx *ctx, const u8 *sid,
			    struct nfs41conn_conn *conn)
{
	enum nfs41conn_dir dir = NFS41CONN_DIR_NONE;
	int ret;

	ret = nfs41conn_session_destroy(&ctx->table, sid);
	if (ret && ret != -ENOENT)
		atomic_inc(&ctx->unexpected);
	cond_resched();

	if (conn && get_random_u32_below(2))
		dir = stress_random_dir();
	else
		conn = NULL;
	ret = nfs41conn_session_create(&ctx->table, sid, conn, dir, 1);
	if (ret == -ENOMEM)
		return;
	/* No one else creates sessions: -EEXIST would be a bug too. */
	if (ret) {
		atomic_inc(&ctx->unexpected);
		return;
	}
	stress_check_limit(ctx, sid, STRESS_LIMIT);
	if (conn && stress_bound_dir(ctx, conn, sid) != dir)
		atomic_inc(&ctx->violations);
}

/* Lock-free questions, as the gate asks them. */
static void stress_look(struct stress_ctx *ctx, struct nfs41conn_conn *conn)
{
	struct nfs41conn_session *session;
	struct nfs41conn_conn *found;
	unsigned int i;

	rcu_read_lock();
	found = nfs41conn_conn_lookup(&ctx->table, conn->id);
	if (found != conn)
		atomic_inc(&ctx->violations);
	for (i = 0; i < STRESS_SESSIONS; i++) {
		session = nfs41conn_session_lookup(&ctx->table, ctx->sids[i]);
		if (session &&
		    nfs41conn_session_nr_conns(session) > STRESS_LIMIT)
			atomic_inc(&ctx->violations);
	}
	rcu_read_unlock();
}

static void stress_one_op(struct stress_thread *th)
{
	struct stress_ctx *ctx = th->ctx;
	unsigned int slot = th->idx * STRESS_SLOTS +
			    get_random_u32_below(STRESS_SLOTS);
	const u8 *sid = ctx->sids[get_random_u32_below(STRESS_SESSIONS)];
	struct nfs41conn_conn *conn = ctx->conns[slot];
	u32 op = get_random_u32_below(100);

	if (op >= 95 && th->idx == 0) {
		stress_recreate(ctx, sid, conn);
		return;
	}
	if (!conn) {
		stress_open_slot(ctx, slot);
		return;
	}
	if (op < 65)
		stress_reserve(ctx, conn, sid);
	else if (op < 75)
		stress_drain(ctx, conn);
	else if (op < 85)
		stress_undrain(ctx, conn);
	else if (op < 90)
		stress_reopen_slot(ctx, slot);
	else
		stress_look(ctx, conn);
}

static int stress_thread_fn(void *data)
{
	struct stress_thread *th = data;
	struct stress_ctx *ctx = th->ctx;

	while (time_before(jiffies, ctx->deadline)) {
		stress_one_op(th);
		atomic_inc(&ctx->ops);
		cond_resched();
	}
	kthread_complete_and_exit(&th->done, 0);
}

static unsigned int stress_hashed(struct rhashtable *ht)
{
	return atomic_read(&ht->nelems);
}

static void stress_random_ops(struct kunit *test)
{
	struct stress_ctx *ctx = test->priv;
	struct nfs41conn_table *t = &ctx->table;
	unsigned int i, started = 0;
	struct stress_thread *th;
	struct task_struct *task;
	int ret;

	nfs41conn_table_set_max_conns(t, STRESS_LIMIT);
	for (i = 0; i < STRESS_SESSIONS; i++) {
		kt_sid_fill(ctx->sids[i], i);
		ret = nfs41conn_session_create(t, ctx->sids[i], NULL,
					       NFS41CONN_DIR_NONE, 1);
		KUNIT_ASSERT_EQ(test, ret, 0);
	}
	for (i = 0; i < STRESS_CONNS; i++) {
		ctx->conns[i] = stress_conn_add(ctx, 30000 + i);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx->conns[i]);
	}
	th = kunit_kcalloc(test, STRESS_THREADS, sizeof(*th), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, th);

	/* No KUNIT_ASSERT from here until the threads are done. */
	ctx->deadline = jiffies + msecs_to_jiffies(STRESS_MSECS);
	for (i = 0; i < STRESS_THREADS; i++) {
		th[i].ctx = ctx;
		th[i].idx = i;
		init_completion(&th[i].done);
		task = kthread_run(stress_thread_fn, &th[i], "nfs41c-stress/%u",
				   i);
		if (IS_ERR(task))
			break;
		started++;
	}
	for (i = 0; i < started; i++)
		wait_for_completion(&th[i].done);
	KUNIT_ASSERT_EQ_MSG(test, started, STRESS_THREADS, "kthread_run");

	kunit_info(test, "%d ops, %d binds, %d beyond the limit\n",
		   atomic_read(&ctx->ops), atomic_read(&ctx->bound),
		   atomic_read(&ctx->emlink));
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->violations), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->unexpected), 0);
	KUNIT_EXPECT_GT(test, atomic_read(&ctx->ops), 0);
	/* Else the run tested nothing much. */
	KUNIT_EXPECT_GT(test, atomic_read(&ctx->bound), 0);
	KUNIT_EXPECT_GT(test, atomic_read(&ctx->emlink), 0);
	KUNIT_EXPECT_EQ(test, nfs41conn_table_verify(t), 0);

	stress_close_all(ctx);
	KUNIT_EXPECT_EQ(test, nfs41conn_table_verify(t), 0);
	for (i = 0; i < STRESS_SESSIONS; i++) {
		/* Gone only if thread 0 could not allocate it again. */
		ret = nfs41conn_session_destroy(t, ctx->sids[i]);
		KUNIT_EXPECT_TRUE_MSG(test, ret == 0 || ret == -ENOENT,
				      "session %u: %d", i, ret);
	}
	KUNIT_EXPECT_EQ(test, t->nr_conns, 0);
	KUNIT_EXPECT_EQ(test, t->nr_sessions, 0);
	KUNIT_EXPECT_EQ(test, t->nr_bindings, 0);
	KUNIT_EXPECT_EQ(test, stress_hashed(&t->conns), 0);
	KUNIT_EXPECT_EQ(test, stress_hashed(&t->sessions), 0);
	KUNIT_EXPECT_EQ(test, stress_hashed(&t->bindings), 0);
	KUNIT_EXPECT_EQ(test, nfs41conn_table_verify(t), 0);
}

/* One contender of a race: released by @go, reports through @done. */
struct race_arg {
	struct stress_ctx	*ctx;
	struct nfs41conn_conn	*conn;
	const u8		*sid;
	struct completion	*go;
	struct completion	done;
	int			ret;
};

/* Start one kthread per @args, release them together, wait for all. */
static int race_run(struct race_arg *args, unsigned int n,
		    int (*fn)(void *data))
{
	DECLARE_COMPLETION_ONSTACK(go);
	struct task_struct *task;
	unsigned int i, started;
	int err = 0;

	for (started = 0; started < n; started++) {
		args[started].go = &go;
		init_completion(&args[started].done);
		task = kthread_run(fn, &args[started], "nfs41c-race/%u",
				   started);
		if (IS_ERR(task)) {
			err = PTR_ERR(task);
			break;
		}
	}
	complete_all(&go);
	for (i = 0; i < started; i++)
		wait_for_completion(&args[i].done);
	return err;
}

static int race_claim_fn(void *data)
{
	struct race_arg *a = data;

	wait_for_completion(a->go);
	a->ret = nfs41conn_reserve(&a->ctx->table, a->conn, a->sid);
	if (!a->ret)
		stress_check_limit(a->ctx, a->sid, RACE_LIMIT);
	kthread_complete_and_exit(&a->done, 0);
}

static unsigned int race_nr_conns(struct stress_ctx *ctx, const u8 *sid)
{
	struct nfs41conn_session *session;
	unsigned int nr = UINT_MAX;

	rcu_read_lock();
	session = nfs41conn_session_lookup(&ctx->table, sid);
	if (session)
		nr = nfs41conn_session_nr_conns(session);
	rcu_read_unlock();
	return nr;
}

/*
 * Limit 2, one connection bound: two fresh connections reserve at the
 * same time.  One gets the last slot.
 */
static void race_last_slot(struct kunit *test)
{
	struct stress_ctx *ctx = test->priv;
	struct nfs41conn_table *t = &ctx->table;
	unsigned int round, i, winners, refused, nr, after;
	unsigned int bad = 0, bad_round = 0;
	int bad_ret[2] = { 0, 0 };
	struct race_arg *args;
	u8 *sid = ctx->sids[0];
	int ret;

	nfs41conn_table_set_max_conns(t, RACE_LIMIT);
	kt_sid_fill(sid, 1);
	ctx->conns[0] = stress_conn_add(ctx, 30000);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx->conns[0]);
	ret = nfs41conn_session_create(t, sid, ctx->conns[0],
				       NFS41CONN_DIR_FORE, 1);
	KUNIT_ASSERT_EQ(test, ret, 0);
	args = kunit_kcalloc(test, 2, sizeof(*args), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, args);

	for (round = 0; round < RACE_ROUNDS; round++) {
		for (i = 0; i < 2; i++) {
			ctx->conns[1 + i] = stress_conn_add(ctx, 30001 + i);
			KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx->conns[1 + i]);
			args[i].ctx = ctx;
			args[i].conn = ctx->conns[1 + i];
			args[i].sid = sid;
			args[i].ret = 1000;
		}
		ret = race_run(args, 2, race_claim_fn);
		KUNIT_ASSERT_EQ_MSG(test, ret, 0, "kthread_run, round %u",
				    round);

		winners = 0;
		refused = 0;
		for (i = 0; i < 2; i++) {
			winners += args[i].ret == 0;
			/* A reservation at the limit is made beyond it. */
			refused += args[i].ret == NFS41CONN_RESERVED_EXCESS;
		}
		nr = race_nr_conns(ctx, sid);
		for (i = 0; i < 2; i++) {
			if (args[i].ret == NFS41CONN_RESERVED_EXCESS)
				nfs41conn_cancel(t, args[i].conn, sid);
			if (!args[i].ret)
				nfs41conn_cancel(t, args[i].conn, sid);
		}
		after = race_nr_conns(ctx, sid);
		if (winners != 1 || refused != 1 || nr != RACE_LIMIT ||
		    after != RACE_LIMIT - 1) {
			if (!bad++) {
				bad_round = round;
				bad_ret[0] = args[0].ret;
				bad_ret[1] = args[1].ret;
				kunit_err(test, "round %u: %d %d, nr_conns %u then %u\n",
					  round, args[0].ret, args[1].ret, nr,
					  after);
			}
		}
		stress_close(ctx, 1);
		stress_close(ctx, 2);
	}

	KUNIT_EXPECT_EQ_MSG(test, bad, 0,
			    "first bad round %u returned %d and %d", bad_round,
			    bad_ret[0], bad_ret[1]);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->violations), 0);
	KUNIT_EXPECT_EQ(test, race_nr_conns(ctx, sid), 1);
	KUNIT_EXPECT_EQ(test, nfs41conn_table_verify(t), 0);
}

static int race_drain_fn(void *data)
{
	struct race_arg *a = data;
	struct nfs41conn_session *session;

	wait_for_completion(a->go);
	a->ret = nfs41conn_drain(&a->ctx->table, a->conn);
	rcu_read_lock();
	session = nfs41conn_session_lookup(&a->ctx->table, a->sid);
	if (!session || READ_ONCE(session->nr_fore_ready) < 1)
		atomic_inc(&a->ctx->violations);
	rcu_read_unlock();
	kthread_complete_and_exit(&a->done, 0);
}

static unsigned int race_fore_ready(struct stress_ctx *ctx, const u8 *sid)
{
	struct nfs41conn_session *session;
	unsigned int nr = UINT_MAX;

	rcu_read_lock();
	session = nfs41conn_session_lookup(&ctx->table, sid);
	if (session)
		nr = READ_ONCE(session->nr_fore_ready);
	rcu_read_unlock();
	return nr;
}

/*
 * A session with exactly two fore channel connections; both are drained at
 * the same time.  One may drain, the other is the last one left: -EBUSY.
 */
static void race_drain_last_two(struct kunit *test)
{
	struct stress_ctx *ctx = test->priv;
	struct nfs41conn_table *t = &ctx->table;
	unsigned int round, i, drained, busy, ready, after, stuck;
	unsigned int bad = 0, bad_round = 0;
	int bad_ret[2] = { 0, 0 };
	struct race_arg *args;
	u8 *sid = ctx->sids[0];
	int ret;

	kt_sid_fill(sid, 2);
	for (i = 0; i < 2; i++) {
		ctx->conns[i] = stress_conn_add(ctx, 30000 + i);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx->conns[i]);
	}
	ret = nfs41conn_session_create(t, sid, ctx->conns[0],
				       NFS41CONN_DIR_FORE, 1);
	KUNIT_ASSERT_EQ(test, ret, 0);
	ret = nfs41conn_reserve(t, ctx->conns[1], sid);
	KUNIT_ASSERT_EQ(test, ret, 0);
	ret = nfs41conn_commit(t, ctx->conns[1], sid, NFS41CONN_DIR_FORE);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_ASSERT_EQ(test, race_fore_ready(ctx, sid), 2);
	args = kunit_kcalloc(test, 2, sizeof(*args), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, args);

	for (round = 0; round < RACE_ROUNDS; round++) {
		for (i = 0; i < 2; i++) {
			args[i].ctx = ctx;
			args[i].conn = ctx->conns[i];
			args[i].sid = sid;
			args[i].ret = 1000;
		}
		ret = race_run(args, 2, race_drain_fn);
		KUNIT_ASSERT_EQ_MSG(test, ret, 0, "kthread_run, round %u",
				    round);

		drained = 0;
		busy = 0;
		for (i = 0; i < 2; i++) {
			drained += args[i].ret == 0;
			busy += args[i].ret == -EBUSY;
		}
		ready = race_fore_ready(ctx, sid);
		stuck = 0;
		for (i = 0; i < 2; i++)
			stuck += nfs41conn_undrain(t, ctx->conns[i]) != 0;
		after = race_fore_ready(ctx, sid);
		if (drained != 1 || busy != 1 || ready != 1 || after != 2 ||
		    stuck) {
			if (!bad++) {
				bad_round = round;
				bad_ret[0] = args[0].ret;
				bad_ret[1] = args[1].ret;
				kunit_err(test, "round %u: %d %d, nr_fore_ready %u then %u\n",
					  round, args[0].ret, args[1].ret,
					  ready, after);
			}
		}
	}

	KUNIT_EXPECT_EQ_MSG(test, bad, 0,
			    "first bad round %u returned %d and %d", bad_round,
			    bad_ret[0], bad_ret[1]);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->violations), 0);
	KUNIT_EXPECT_EQ(test, nfs41conn_table_verify(t), 0);
}

static struct kunit_case nfs41conn_stress_cases[] = {
	KUNIT_CASE_SLOW(stress_random_ops),
	KUNIT_CASE(race_last_slot),
	KUNIT_CASE(race_drain_last_two),
	{}
};

KT_SUITE(stress, stress_init, stress_exit);

kunit_test_suite(nfs41conn_stress_suite);
