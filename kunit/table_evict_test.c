// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the binding table's eviction, nfs41conn_rotate(), suite
 * nfs41conn_rotate: connections nfsd bound beyond a session's limit
 * admitted, into a free slot, in place of a connection idle in the
 * session, which is evicted, or closed after a while; and every connection
 * that must not be closed for it.
 *
 * Every case runs on a fresh table with eviction on and checks the step
 * taken as well as the state left behind.
 */

#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/nfs4.h>
#include <linux/string.h>
#include <kunit/test.h>

#include <nfs41conn/table.h>

#include "helpers.h"

/* The fixture, with eviction after KT_EVICT_MS idle. */
static int rotate_init(struct kunit *test)
{
	int err = kt_init(test);

	if (!err)
		kt_evict_on(test);
	return err;
}

/*
 * Have nfsd bind @conn to @sid beyond the session's limit: reserved beyond
 * it, and committed fore, the binding is held.
 */
static void bind_held(struct kunit *test, struct nfs41conn_conn *conn,
		      const u8 *sid)
{
	KUNIT_ASSERT_EQ(test, NFS41CONN_RESERVED_EXCESS,
			nfs41conn_reserve(kt_table(test), conn, sid));
	KUNIT_ASSERT_EQ(test, NFS41CONN_HELD,
			nfs41conn_commit(kt_table(test), conn, sid,
					 NFS41CONN_DIR_FORE));
	KUNIT_ASSERT_TRUE(test, nfs41conn_conn_held(conn));
}

/* The reference a step handed over, put when the case ends. */
static void step_ref(struct kunit *test, struct nfs41conn_conn *conn)
{
	int err;

	if (!conn)
		return;
	err = kunit_add_action_or_reset(test, kt_conn_put_action,
					conn);
	KUNIT_ASSERT_EQ(test, err, 0);
}

/* One step of rotation; its references are put when the case ends. */
static bool rotate_step_may(struct kunit *test,
			    bool (*may_close)(struct nfs41conn_conn *conn),
			struct nfs41conn_rotation *step)
{
	bool done;

	memset(step, 0xa5, sizeof(*step));
	done = nfs41conn_rotate(kt_table(test), may_close, step);
	step_ref(test, step->admitted);
	step_ref(test, step->evicted);
	step_ref(test, step->expired);
	return done;
}

static bool rotate_step(struct kunit *test, struct nfs41conn_rotation *step)
{
	return rotate_step_may(test, NULL, step);
}

/* Rotation finds no step to take, and says so with an empty step. */
#define expect_no_step(test) __expect_no_step(test, __LINE__)

static void __expect_no_step(struct kunit *test, int line)
{
	struct nfs41conn_rotation step;

	KUNIT_EXPECT_FALSE_MSG(test, rotate_step(test, &step), "line %d", line);
	KUNIT_EXPECT_NULL_MSG(test, step.admitted, "line %d", line);
	KUNIT_EXPECT_NULL_MSG(test, step.evicted, "line %d", line);
	KUNIT_EXPECT_NULL_MSG(test, step.expired, "line %d", line);
}

/* A step admitted @held in place of @evicted (NULL: into a free slot). */
#define expect_admitted(test, step, held, evicted, sid) \
	__expect_admitted(test, step, held, evicted, sid, __LINE__)

static void __expect_admitted(struct kunit *test,
			      const struct nfs41conn_rotation *step,
			      struct nfs41conn_conn *held,
			      struct nfs41conn_conn *evicted, const u8 *sid,
			      int line)
{
	KUNIT_EXPECT_PTR_EQ_MSG(test, step->admitted, held, "line %d", line);
	KUNIT_EXPECT_PTR_EQ_MSG(test, step->evicted, evicted, "line %d",
				line);
	KUNIT_EXPECT_NULL_MSG(test, step->expired, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, step->held_id, held->id, "line %d", line);
	KUNIT_EXPECT_MEMEQ_MSG(test, step->sessionid, sid,
			       NFS4_MAX_SESSIONID_LEN, "line %d", line);
	KUNIT_EXPECT_FALSE_MSG(test, nfs41conn_conn_held(held), "line %d",
			       line);
	KUNIT_EXPECT_EQ_MSG(test, kt_excess(test, held, sid), 0, "line %d",
			    line);
	KUNIT_EXPECT_EQ_MSG(test, kt_dir(test, held, sid), NFS41CONN_DIR_FORE,
			    "line %d", line);
	if (!evicted)
		return;
	KUNIT_EXPECT_EQ_MSG(test, READ_ONCE(evicted->state),
			    NFS41CONN_CONN_CLOSED, "line %d", line);
	KUNIT_EXPECT_FALSE_MSG(test, kt_conn_found(test, evicted), "line %d",
			       line);
	KUNIT_EXPECT_TRUE_MSG(test, nfs41conn_conn_calls_stopped(evicted),
			      "line %d", line);
}

/*
 * The connection idle in the session is closed and the held one admitted
 * in its slot, in one step: the session never has more than its limit of
 * connections carrying calls.  The admitted binding counts as any other.
 */
static void rotate_idle_fore_evicted(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_rotation step;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 2);
	bind_held(test, c3, s1);
	kt_idle(test, c1, s1);
	KUNIT_EXPECT_EQ(test, kt_nr_held(test), 1);

	KUNIT_EXPECT_TRUE(test, rotate_step(test, &step));
	expect_admitted(test, &step, c3, c1, s1);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c2));
	KUNIT_EXPECT_EQ(test, kt_nr_held(test), 0);
	KUNIT_EXPECT_EQ(test, kt_snap(test, s1).nr_excess, 0);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c3, s1), 0);
	KT_EXPECT_SESSION(test, s1, 2, 2, 2, 0);
	KT_EXPECT_TABLE(test, 2, 1, 2);

	/* Nothing held any more: nothing to do. */
	expect_no_step(test);
}

/* The evicted connection is unbound from every session, not only this one. */
static void rotate_unbinds_everywhere(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = kt_session(test, 2, c2, NFS41CONN_DIR_BOTH);
	struct nfs41conn_rotation step;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	kt_bind(test, c1, s2, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 2);
	bind_held(test, c3, s1);
	kt_idle(test, c1, s1);

	KUNIT_EXPECT_TRUE(test, rotate_step(test, &step));
	expect_admitted(test, &step, c3, c1, s1);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s2), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c1, s2), -1);
	KUNIT_EXPECT_EQ(test, c1->nr_sessions, 0);
	KT_EXPECT_SESSION(test, s1, 2, 2, 2, 0);
	KT_EXPECT_SESSION(test, s2, 1, 1, 1, 1);
	KT_EXPECT_TABLE(test, 2, 2, 3);
}

/* Of several connections idle in the session, the one idle longest goes. */
static void rotate_longest_idle(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test), *c4 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_rotation step;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	kt_bind(test, c3, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 3);
	bind_held(test, c4, s1);
	/* The oldest neither first nor last in the session's list. */
	kt_idle_ms(test, c1, s1, 2 * KT_EVICT_MS);
	kt_idle(test, c2, s1);
	kt_idle_ms(test, c3, s1, 3 * KT_EVICT_MS);

	KUNIT_EXPECT_TRUE(test, rotate_step(test, &step));
	expect_admitted(test, &step, c4, c2, s1);
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c3));
	KT_EXPECT_SESSION(test, s1, 3, 3, 3, 0);
	KT_EXPECT_TABLE(test, 3, 1, 3);
}

/* Idle in the session for less than evict_idle_ms: nothing is done. */
static void rotate_not_idle_enough(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 2);
	bind_held(test, c3, s1);
	kt_idle_ms(test, c1, s1, KT_EVICT_MS / 2);

	expect_no_step(test);
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c3));
	KUNIT_EXPECT_EQ(test, kt_nr_held(test), 1);
	KT_EXPECT_SESSION(test, s1, 2, 2, 2, 0);
	KT_EXPECT_TABLE(test, 3, 1, 3);
}

/*
 * A call of the session nfsd accepted on a connection (its SEQUENCE OK,
 * nfs41conn_accepted()) makes it active in the session again.
 */
static void rotate_accepted_protects(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 2);
	bind_held(test, c3, s1);
	kt_idle(test, c1, s1);
	kt_idle(test, c2, s1);
	KUNIT_EXPECT_TRUE(test, nfs41conn_accepted(kt_table(test), c1, s1, 0, 1,
						   NULL));
	KUNIT_EXPECT_TRUE(test, nfs41conn_accepted(kt_table(test), c2, s1, 1, 1,
						   NULL));

	expect_no_step(test);
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c2));
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c3));
	KT_EXPECT_TABLE(test, 3, 1, 3);
}

/*
 * A call that only came on a connection (nfs41conn_conn_touch(), from
 * recvfrom, for any call, nfsd's answer unknown) is not activity in the
 * session: a client that sends nothing nfsd accepts keeps nothing.
 */
static void rotate_touch_does_not_protect(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_rotation step;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 2);
	bind_held(test, c3, s1);
	kt_idle(test, c1, s1);
	WRITE_ONCE(c1->last_call_ns, 0);
	WRITE_ONCE(c2->last_call_ns, 0);
	nfs41conn_conn_touch(c1);
	KUNIT_EXPECT_GT(test, READ_ONCE(c1->last_call_ns), 0);

	KUNIT_EXPECT_TRUE(test, rotate_step(test, &step));
	expect_admitted(test, &step, c3, c1, s1);
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c2));
	KT_EXPECT_TABLE(test, 2, 1, 2);
}

/*
 * Nor is a SEQUENCE nfsd answered from its reply cache: the replay of an
 * accepted request keeps nothing idle from eviction.
 */
static void rotate_replay_does_not_protect(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_rotation step;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 2);
	bind_held(test, c3, s1);
	KUNIT_EXPECT_TRUE(test, nfs41conn_accepted(kt_table(test), c1, s1, 4, 9,
						   NULL));
	kt_idle(test, c1, s1);
	KUNIT_EXPECT_FALSE(test, nfs41conn_accepted(kt_table(test), c1, s1, 4,
						    9, NULL));

	KUNIT_EXPECT_TRUE(test, rotate_step(test, &step));
	expect_admitted(test, &step, c3, c1, s1);
	KT_EXPECT_TABLE(test, 2, 1, 2);
}

struct skip_param {
	enum nfs41conn_dir	idle_dir;	/* the idle one, in s1 */
	bool			back_elsewhere;	/* ... and back in s2 */
	const char		*name;
};

static const struct skip_param skip_params[] = {
	{ NFS41CONN_DIR_BOTH, false, "both" },
	{ NFS41CONN_DIR_BACK, false, "back" },
	{ NFS41CONN_DIR_FORE, true, "back elsewhere" },
};

KUNIT_ARRAY_PARAM_DESC(skip, skip_params, name);

/*
 * A connection carrying a back channel -- of this session, alone or with
 * the fore channel, or of another session -- is never evicted: the
 * session's callbacks would be lost.
 */
static void rotate_skips_back_channel(struct kunit *test)
{
	static const u32 cdfc[] = {
		[NFS41CONN_DIR_FORE] = NFS4_CDFC4_FORE,
		[NFS41CONN_DIR_BACK] = NFS4_CDFC4_BACK,
		[NFS41CONN_DIR_BOTH] = NFS4_CDFC4_FORE_OR_BOTH,
	};
	const struct skip_param *p = test->param_value;
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test), *c4 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = kt_session(test, 2, c4, NFS41CONN_DIR_FORE);

	kt_bind(test, c2, s1, cdfc[p->idle_dir]);
	if (p->back_elsewhere)
		kt_bind(test, c2, s2, NFS4_CDFC4_BACK);
	/* Another fore connection, so that c1 is no last fore channel. */
	kt_bind(test, c4, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 3);
	bind_held(test, c3, s1);
	kt_idle(test, c2, s1);

	expect_no_step(test);
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c2));
	KUNIT_EXPECT_EQ(test, kt_dir(test, c2, s1), p->idle_dir);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c3));
	KT_EXPECT_TABLE(test, 4, 2, p->back_elsewhere ? 6 : 5);
}

/*
 * Never the session's last fore channel connection that is not draining:
 * with the only other fore connection draining, nothing is evicted.
 */
static void rotate_keeps_last_ready_fore(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_drain(kt_table(test), c2));
	nfs41conn_table_set_max_conns(kt_table(test), 2);
	bind_held(test, c3, s1);
	kt_idle(test, c1, s1);

	expect_no_step(test);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c1->state), NFS41CONN_CONN_OPEN);
	KT_EXPECT_SESSION(test, s1, 2, 2, 1, 0);
	KT_EXPECT_TABLE(test, 3, 1, 3);
}

/*
 * Nor the last fore channel connection of another session it is bound
 * to: the longest idle connection is skipped for the next one.
 */
static void rotate_keeps_other_sessions_last_fore(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = kt_session(test, 2, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_rotation step;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 2);
	bind_held(test, c3, s1);
	kt_idle(test, c1, s1);
	kt_idle_ms(test, c2, s1, 2 * KT_EVICT_MS);

	KUNIT_EXPECT_TRUE(test, rotate_step(test, &step));
	expect_admitted(test, &step, c3, c2, s1);
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c1));
	KT_EXPECT_SESSION(test, s2, 1, 1, 1, 0);
	KT_EXPECT_SESSION(test, s1, 2, 2, 2, 0);
	KT_EXPECT_TABLE(test, 2, 2, 3);
}

/*
 * A session over a lowered limit is not rotated into: evicting one would
 * make no room.
 */
static void rotate_not_over_lowered_limit(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test), *c4 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	kt_bind(test, c3, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 2);
	bind_held(test, c4, s1);
	kt_idle(test, c1, s1);
	kt_idle(test, c2, s1);

	expect_no_step(test);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c1->state), NFS41CONN_CONN_OPEN);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c2->state), NFS41CONN_CONN_OPEN);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c4));
	KT_EXPECT_SESSION(test, s1, 3, 3, 3, 0);
	KT_EXPECT_TABLE(test, 4, 1, 4);
}

/* A draining connection is the admin's to close, not rotation's. */
static void rotate_skips_draining(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test), *c4 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	kt_bind(test, c3, s1, NFS4_CDFC4_FORE);
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_drain(kt_table(test), c1));
	nfs41conn_table_set_max_conns(kt_table(test), 3);
	bind_held(test, c4, s1);
	kt_idle(test, c1, s1);

	expect_no_step(test);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c1->state), NFS41CONN_CONN_DRAINING);
	KT_EXPECT_SESSION(test, s1, 3, 3, 2, 0);
	KT_EXPECT_TABLE(test, 4, 1, 4);
}

/*
 * A connection with a call in progress is never evicted, however long
 * idle in the session: closing it would lose the reply.  Once the call
 * ends it is, and no call is passed on it any more.
 */
static void rotate_skips_busy(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_rotation step;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 2);
	bind_held(test, c3, s1);
	KUNIT_ASSERT_TRUE(test, nfs41conn_conn_call_begin(c1));
	kt_idle(test, c1, s1);
	kt_idle_ms(test, c2, s1, KT_EVICT_MS / 2);

	expect_no_step(test);
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_busy(c1));

	nfs41conn_conn_call_end(c1);
	KUNIT_EXPECT_TRUE(test, rotate_step(test, &step));
	expect_admitted(test, &step, c3, c1, s1);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_call_begin(c1));
	/* The admitted connection's calls are not affected. */
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_call_begin(c3));
	nfs41conn_conn_call_end(c3);
	KT_EXPECT_SESSION(test, s1, 2, 2, 2, 0);
	KT_EXPECT_TABLE(test, 2, 1, 2);
}

/* An idle time of 0 turns eviction off. */
static void rotate_zero_disables(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 2);
	nfs41conn_table_set_evict_idle(kt_table(test), 0);
	bind_held(test, c3, s1);
	kt_idle(test, c1, s1);
	kt_idle(test, c2, s1);

	expect_no_step(test);
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c2));
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c3));
	KT_EXPECT_TABLE(test, 3, 1, 3);
}

/*
 * The held connections themselves, however idle, are no victims: neither
 * the one the step is for nor another held one of the session.
 */
static void rotate_not_held_conn(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test), *c4 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 2);
	bind_held(test, c3, s1);
	bind_held(test, c4, s1);
	kt_idle(test, c3, s1);
	kt_idle(test, c4, s1);

	expect_no_step(test);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c3->state), NFS41CONN_CONN_OPEN);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c4->state), NFS41CONN_CONN_OPEN);
	KUNIT_EXPECT_EQ(test, kt_nr_held(test), 2);
	KT_EXPECT_TABLE(test, 4, 1, 4);
}

/* No held binding, nothing is done, however idle and full a session. */
static void rotate_nothing_held(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 2);
	kt_idle(test, c1, s1);
	kt_idle(test, c2, s1);

	expect_no_step(test);
	KT_EXPECT_TABLE(test, 2, 1, 2);
}

/*
 * A session loses at most one connection per evict_idle_ms to rotation,
 * oldest held first: the second held one waits, and is admitted after
 * the period.
 */
static void rotate_once_per_period(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test), *c4 = kt_conn(test);
	struct nfs41conn_conn *c5 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_rotation step;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	kt_bind(test, c3, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 3);
	bind_held(test, c4, s1);
	bind_held(test, c5, s1);
	kt_idle(test, c1, s1);
	kt_set_active(test, c2, s1, 1);

	KUNIT_ASSERT_TRUE(test, rotate_step(test, &step));
	expect_admitted(test, &step, c4, c1, s1);

	expect_no_step(test);
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c2));
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c5));

	msleep(KT_EVICT_MS + 50);
	/* c3 and c4 were active meanwhile; c2 still idle since boot. */
	KUNIT_EXPECT_TRUE(test, nfs41conn_accepted(kt_table(test), c3, s1, 0, 1,
						   NULL));
	KUNIT_EXPECT_TRUE(test, nfs41conn_accepted(kt_table(test), c4, s1, 1, 1,
						   NULL));
	KUNIT_EXPECT_TRUE(test, rotate_step(test, &step));
	expect_admitted(test, &step, c5, c2, s1);
	KT_EXPECT_SESSION(test, s1, 3, 3, 3, 0);
	KT_EXPECT_TABLE(test, 3, 1, 3);
}

struct room_param {
	int		how;
	const char	*name;
};

enum { ROOM_CLOSE, ROOM_LIMIT };

static const struct room_param room_params[] = {
	{ ROOM_CLOSE, "connection closed" },
	{ ROOM_LIMIT, "limit raised" },
};

KUNIT_ARRAY_PARAM_DESC(room, room_params, name);

/*
 * A free slot (a connection gone, the limit raised) admits a held binding
 * without closing anything, eviction off or not.
 */
static void rotate_admits_free_slot(struct kunit *test)
{
	const struct room_param *p = test->param_value;
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_rotation step;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 2);
	nfs41conn_table_set_evict_idle(kt_table(test), 0);
	bind_held(test, c3, s1);
	expect_no_step(test);

	switch (p->how) {
	case ROOM_CLOSE:
		nfs41conn_conn_remove(kt_table(test), c2);
		break;
	case ROOM_LIMIT:
		nfs41conn_table_set_max_conns(kt_table(test), 3);
		break;
	}
	KUNIT_EXPECT_TRUE(test, rotate_step(test, &step));
	expect_admitted(test, &step, c3, NULL, s1);
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c1));
	KUNIT_EXPECT_EQ(test, kt_nr_held(test), 0);
	if (p->how == ROOM_LIMIT) {
		KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c2));
		KT_EXPECT_SESSION(test, s1, 3, 3, 3, 0);
	} else {
		KT_EXPECT_SESSION(test, s1, 2, 2, 2, 0);
	}
	expect_no_step(test);
}

/*
 * Held for NFS41CONN_HOLD_MAX_NS: the held connection is taken out of the
 * table, its calls stopped, for the caller to close; the client sends its
 * calls again on a new connection.  Not a moment before.
 */
static void rotate_expires_after_hold_max(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_rotation step;
	u64 now;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 2);
	bind_held(test, c3, s1);

	/* A second short of it. */
	now = ktime_get_coarse_boottime_ns() - NFS41CONN_HOLD_MAX_NS;
	KUNIT_ASSERT_TRUE(test, kt_set_held_ns(test, c3, s1,
					       now + NSEC_PER_SEC));
	expect_no_step(test);
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c3));

	now = ktime_get_coarse_boottime_ns() - NFS41CONN_HOLD_MAX_NS;
	KUNIT_ASSERT_TRUE(test, kt_set_held_ns(test, c3, s1,
					       now));
	KUNIT_EXPECT_TRUE(test, rotate_step(test, &step));
	KUNIT_EXPECT_PTR_EQ(test, step.expired, c3);
	KUNIT_EXPECT_NULL(test, step.admitted);
	KUNIT_EXPECT_NULL(test, step.evicted);
	KUNIT_EXPECT_EQ(test, step.held_id, c3->id);
	KUNIT_EXPECT_MEMEQ(test, step.sessionid, s1, NFS4_MAX_SESSIONID_LEN);
	KUNIT_EXPECT_GE(test, step.held_ns, NFS41CONN_HOLD_MAX_NS);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c3->state), NFS41CONN_CONN_CLOSED);
	KUNIT_EXPECT_FALSE(test, kt_conn_found(test, c3));
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_calls_stopped(c3));
	KUNIT_EXPECT_EQ(test, kt_nr_held(test), 0);
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c2));
	KUNIT_EXPECT_EQ(test, kt_snap(test, s1).nr_excess, 0);
	KT_EXPECT_SESSION(test, s1, 2, 2, 2, 0);
	KT_EXPECT_TABLE(test, 2, 1, 2);
	expect_no_step(test);
}

static struct nfs41conn_conn *rotate_protected;

/* may_close of a case: every connection but rotate_protected. */
static bool rotate_may_close(struct nfs41conn_conn *conn)
{
	return conn != rotate_protected;
}

/*
 * A connection whose transport may not be closed now (it holds part of a
 * record) is not evicted: the next one idle in the session is.
 */
static void rotate_may_close_protects(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test), *c4 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_rotation step;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	kt_bind(test, c3, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 3);
	bind_held(test, c4, s1);
	kt_idle(test, c1, s1);

	rotate_protected = c1;
	KUNIT_EXPECT_FALSE(test, rotate_step_may(test, rotate_may_close, &step));
	KUNIT_EXPECT_NULL(test, step.evicted);
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c4));

	kt_idle_ms(test, c2, s1, KT_EVICT_MS * 2);
	KUNIT_EXPECT_TRUE(test, rotate_step_may(test, rotate_may_close, &step));
	rotate_protected = NULL;
	expect_admitted(test, &step, c4, c2, s1);
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c1));
	KT_EXPECT_SESSION(test, s1, 3, 3, 3, 0);
	KT_EXPECT_TABLE(test, 3, 1, 3);
}

/*
 * A reservation beyond the limit that nfsd did not bind (cancelled) ends
 * its hold and leaves nothing for rotation: no one is evicted for it,
 * idle victim or not.
 */
static void rotate_cancelled_evicts_nothing(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 2);
	kt_idle(test, c1, s1);
	KUNIT_ASSERT_EQ(test, NFS41CONN_RESERVED_EXCESS,
			nfs41conn_reserve(kt_table(test), c3, s1));
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c3));
	/* Not nfsd's yet: nothing is held for rotation. */
	KUNIT_EXPECT_EQ(test, kt_nr_held(test), 0);
	expect_no_step(test);

	KUNIT_EXPECT_TRUE(test, nfs41conn_cancel(kt_table(test), c3, s1));
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_held(c3));
	expect_no_step(test);
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c1));
	KUNIT_EXPECT_EQ(test, kt_pending(test, c3, s1), -1);
	KT_EXPECT_SESSION(test, s1, 2, 2, 2, 0);
	KT_EXPECT_TABLE(test, 3, 1, 2);
}

/*
 * Of two reservations beyond the limit on one connection, only the last
 * to go ends its hold.
 */
static void rotate_cancel_resumes_last(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = kt_session(test, 2, c1, NFS41CONN_DIR_FORE);

	nfs41conn_table_set_max_conns(kt_table(test), 1);
	KUNIT_ASSERT_EQ(test, NFS41CONN_RESERVED_EXCESS,
			nfs41conn_reserve(kt_table(test), c2, s1));
	KUNIT_ASSERT_EQ(test, NFS41CONN_RESERVED_EXCESS,
			nfs41conn_reserve(kt_table(test), c2, s2));
	KUNIT_EXPECT_FALSE(test, nfs41conn_cancel(kt_table(test), c2, s1));
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c2));
	KUNIT_EXPECT_TRUE(test, nfs41conn_cancel(kt_table(test), c2, s2));
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_held(c2));
	/* Nothing left to cancel: no hold ended. */
	KUNIT_EXPECT_FALSE(test, nfs41conn_cancel(kt_table(test), c2, s2));
	KT_EXPECT_TABLE(test, 2, 2, 2);
}

/*
 * Admitting one of a connection's two held bindings leaves it held: the
 * step hands it over (step.admitted) only when its hold ends.
 */
static void rotate_admitted_when_hold_ends(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = kt_session(test, 2, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_rotation step;

	nfs41conn_table_set_max_conns(kt_table(test), 1);
	bind_held(test, c2, s1);
	bind_held(test, c2, s2);
	KUNIT_EXPECT_EQ(test, kt_nr_held(test), 2);
	nfs41conn_table_set_max_conns(kt_table(test), 2);

	KUNIT_EXPECT_TRUE(test, rotate_step(test, &step));
	KUNIT_EXPECT_NULL(test, step.admitted);
	KUNIT_EXPECT_EQ(test, step.held_id, c2->id);
	KUNIT_EXPECT_MEMEQ(test, step.sessionid, s1, NFS4_MAX_SESSIONID_LEN);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c2));
	KUNIT_EXPECT_EQ(test, kt_excess(test, c2, s1), 0);

	KUNIT_EXPECT_TRUE(test, rotate_step(test, &step));
	expect_admitted(test, &step, c2, NULL, s2);
	KUNIT_EXPECT_EQ(test, kt_nr_held(test), 0);
	KT_EXPECT_SESSION(test, s1, 2, 2, 2, 0);
	KT_EXPECT_SESSION(test, s2, 2, 2, 2, 0);
	KT_EXPECT_TABLE(test, 2, 2, 4);
}

struct back_param {
	enum nfs41conn_dir	dir;
	const char		*name;
};

static const struct back_param back_params[] = {
	{ NFS41CONN_DIR_BACK, "back" },
	{ NFS41CONN_DIR_BOTH, "both" },
};

KUNIT_ARRAY_PARAM_DESC(back, back_params, name);

/*
 * nfsd gives a connection reserved beyond the limit a back channel: it is
 * admitted over the limit at once (the back channel's replies must be
 * read), never held, and rotation has nothing to do for it.
 */
static void rotate_commit_back_admits(struct kunit *test)
{
	const struct back_param *p = test->param_value;
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 2);
	kt_idle(test, c1, s1);
	KUNIT_ASSERT_EQ(test, NFS41CONN_RESERVED_EXCESS,
			nfs41conn_reserve(kt_table(test), c3, s1));
	KUNIT_EXPECT_EQ(test, 0, nfs41conn_commit(kt_table(test), c3, s1, p->dir));
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_held(c3));
	KUNIT_EXPECT_EQ(test, kt_excess(test, c3, s1), 0);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c3, s1), p->dir);
	KUNIT_EXPECT_EQ(test, kt_nr_held(test), 0);
	expect_no_step(test);
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c1));
	if (p->dir == NFS41CONN_DIR_BOTH)
		KT_EXPECT_SESSION(test, s1, 3, 3, 3, 1);
	else
		KT_EXPECT_SESSION(test, s1, 3, 2, 2, 1);
	KT_EXPECT_TABLE(test, 3, 1, 3);
}

static struct kunit_case nfs41conn_rotate_cases[] = {
	KUNIT_CASE(rotate_idle_fore_evicted),
	KUNIT_CASE(rotate_unbinds_everywhere),
	KUNIT_CASE(rotate_longest_idle),
	KUNIT_CASE(rotate_not_idle_enough),
	KUNIT_CASE(rotate_accepted_protects),
	KUNIT_CASE(rotate_touch_does_not_protect),
	KUNIT_CASE(rotate_replay_does_not_protect),
	KUNIT_CASE_PARAM(rotate_skips_back_channel, skip_gen_params),
	KUNIT_CASE(rotate_keeps_last_ready_fore),
	KUNIT_CASE(rotate_keeps_other_sessions_last_fore),
	KUNIT_CASE(rotate_not_over_lowered_limit),
	KUNIT_CASE(rotate_skips_draining),
	KUNIT_CASE(rotate_skips_busy),
	KUNIT_CASE(rotate_zero_disables),
	KUNIT_CASE(rotate_not_held_conn),
	KUNIT_CASE(rotate_nothing_held),
	KUNIT_CASE(rotate_once_per_period),
	KUNIT_CASE_PARAM(rotate_admits_free_slot, room_gen_params),
	KUNIT_CASE(rotate_expires_after_hold_max),
	KUNIT_CASE(rotate_may_close_protects),
	KUNIT_CASE(rotate_cancelled_evicts_nothing),
	KUNIT_CASE(rotate_cancel_resumes_last),
	KUNIT_CASE(rotate_admitted_when_hold_ends),
	KUNIT_CASE_PARAM(rotate_commit_back_admits, back_gen_params),
	{}
};

KT_SUITE(rotate, rotate_init, kt_exit);

kunit_test_suite(nfs41conn_rotate_suite);
