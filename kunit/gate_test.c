// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the nfs41conn gate (nfs41conn/gate.c), and of eviction in
 * the binding table (nfs41conn_reserve_evicting() in nfs41conn/table.c):
 *
 *   nfs41conn_gate	what the gate decides on a peeked call, and what it
 *			learns from the peeked reply: reservations made,
 *			committed and cancelled, refusals, sessions learned
 *			and purged
 *   nfs41conn_evict	room made in a session at its connection limit by
 *			closing an idle connection, and every connection
 *			that must not be closed for it
 *
 * The peeks (struct nfs41conn_call, struct nfs41conn_reply) are filled in
 * by hand: no XDR is involved.  Every case runs on a fresh table and checks
 * the decision as well as the state left behind.  Both suites are
 * registered by kunit/table_test.c, in the one kunit_test_suites() of
 * nfs41conn_test.ko.
 */

#include <linux/delay.h>
#include <linux/in.h>
#include <linux/nfs.h>
#include <linux/nfs4.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <kunit/test.h>

#include <nfs41conn/gate.h>
#include <nfs41conn/table.h>
#include <nfs41conn/xdr.h>

#include "helpers.h"

/* The idle time that makes a connection evictable in these tests. */
#define TEVICT_MS	200
#define TEVICT_NS	((u64)TEVICT_MS * NSEC_PER_MSEC)

static struct nfs41conn_table *gt(struct kunit *test)
{
	return nfs41conn_kt_table(test);
}

static int gate_test_init(struct kunit *test)
{
	return nfs41conn_kt_init(test, 41000);
}

static void gate_test_exit(struct kunit *test)
{
	nfs41conn_kt_exit(test);
}

/*
 * Enable eviction with TEVICT_MS.  Idle times are measured on the coarse
 * boottime clock, and a session that never lost a connection counts as
 * having lost one at boot: wait, if need be, until the system has been up
 * for a few thresholds, so that a connection made idle by gidle() or
 * gidle_ms() is evictable.
 */
static void gevict_on(struct kunit *test)
{
	nfs41conn_table_set_evict_idle(gt(test), TEVICT_MS);
	while (ktime_get_coarse_boottime_ns() < 4 * TEVICT_NS)
		msleep(20);
}

static int evict_test_init(struct kunit *test)
{
	int err = gate_test_init(test);

	if (!err)
		gevict_on(test);
	return err;
}

/* A sessionid4 {0x6a, i, 0xc2, 0xc3, ...}. */
static u8 *gsid(struct kunit *test, u8 i)
{
	unsigned int j;
	u8 *sid;

	sid = kunit_kzalloc(test, NFS41CONN_SESSIONID_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sid);
	sid[0] = 0x6a;
	sid[1] = i;
	for (j = 2; j < NFS41CONN_SESSIONID_SIZE; j++)
		sid[j] = 0xc0 + j;
	return sid;
}

static struct nfs41conn_conn *gconn(struct kunit *test)
{
	return nfs41conn_kt_conn_add(test, gt(test));
}

/* Create session @i, bound to @conn (or to nothing if NULL). */
static u8 *gsession(struct kunit *test, u8 i, struct nfs41conn_conn *conn,
		    enum nfs41conn_dir dir)
{
	u8 *sid = gsid(test, i);

	KUNIT_ASSERT_EQ(test, 0,
			nfs41conn_session_create(gt(test), sid, conn, dir, 1));
	return sid;
}

static void gbind(struct kunit *test, struct nfs41conn_conn *conn,
		  const u8 *sid, u32 cdfc)
{
	enum nfs41conn_dir granted;

	KUNIT_ASSERT_EQ(test, 0,
			nfs41conn_bind(gt(test), conn, sid, cdfc, &granted));
}

static enum nfs41conn_dir gdir(struct kunit *test,
			       struct nfs41conn_conn *conn, const u8 *sid)
{
	return nfs41conn_kt_dir(gt(test), conn, sid);
}

/* Reservations pending on the binding of @conn to @sid; -1: no binding. */
static int gpending(struct kunit *test, struct nfs41conn_conn *conn,
		    const u8 *sid)
{
	return nfs41conn_kt_pending(gt(test), conn, sid);
}

static bool gconn_found(struct kunit *test, struct nfs41conn_conn *conn)
{
	return nfs41conn_kt_conn_found(gt(test), conn);
}

static bool gsession_found(struct kunit *test, const u8 *sid)
{
	return nfs41conn_kt_session_found(gt(test), sid);
}

static long long gcount(struct nfs41conn_conn *conn,
			enum nfs41conn_conn_counter counter)
{
	return atomic64_read(&conn->counters[counter]);
}

/* @conn had its last call at boot. */
static void gidle(struct nfs41conn_conn *conn)
{
	WRITE_ONCE(conn->last_call_ns, 0);
}

/* @conn had its last call @ms ago. */
static void gidle_ms(struct nfs41conn_conn *conn, unsigned int ms)
{
	WRITE_ONCE(conn->last_call_ns, ktime_get_coarse_boottime_ns() -
				       (u64)ms * NSEC_PER_MSEC);
}

/* Session @sid exists with these counters. */
#define expect_session(test, sid, conns, fore, ready, back) \
	__expect_session(test, sid, conns, fore, ready, back, __LINE__)

static void __expect_session(struct kunit *test, const u8 *sid,
			     unsigned int conns, unsigned int fore,
			     unsigned int ready, unsigned int back, int line)
{
	nfs41conn_kt_expect_session(test, gt(test), sid, conns, fore, ready,
				    back, line);
}

/* The table's counters, and nfs41conn_table_verify() finds them right. */
#define expect_table(test, conns, sessions, bindings) \
	__expect_table(test, conns, sessions, bindings, __LINE__)

static void __expect_table(struct kunit *test, unsigned int conns,
			   unsigned int sessions, unsigned int bindings,
			   int line)
{
	nfs41conn_kt_expect_table(test, gt(test), conns, sessions, bindings,
				  line);
}

/* The gate decided @verdict with @status, holding a reservation or not. */
#define expect_gate(test, gate, verdict, status, reserved) \
	__expect_gate(test, gate, verdict, status, reserved, __LINE__)

static void __expect_gate(struct kunit *test,
			  const struct nfs41conn_gate *gate,
			  enum nfs41conn_verdict verdict, u32 status,
			  bool reserved, int line)
{
	KUNIT_EXPECT_EQ_MSG(test, gate->verdict, verdict, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, gate->status, status, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, gate->reserved, reserved, "line %d", line);
}

/*
 * The peeks, as nfs41conn_peek_call() and nfs41conn_peek_reply() would
 * fill them in.
 */

static void gcall_op(struct nfs41conn_call *call, u32 opnum)
{
	memset(call, 0, sizeof(*call));
	call->prog = NFS_PROGRAM;
	call->vers = 4;
	call->proc = 1;		/* NFSPROC4_COMPOUND */
	call->minorversion = 1;
	call->nops = 1;
	call->nr_peeked = 1;
	call->op[0].opnum = opnum;
}

/* SEQUENCE of @sid, then nothing the peek decoded. */
static void gcall_seq(struct nfs41conn_call *call, const u8 *sid)
{
	gcall_op(call, OP_SEQUENCE);
	call->nops = 2;
	memcpy(call->op[0].sequence.sessionid, sid, NFS41CONN_SESSIONID_SIZE);
	call->op[0].sequence.sequenceid = 7;
}

/* BIND_CONN_TO_SESSION of @sid asking for @cdfc, in @nops operations. */
static void gcall_bcts(struct nfs41conn_call *call, const u8 *sid, u32 nops,
		       u32 cdfc)
{
	gcall_op(call, OP_BIND_CONN_TO_SESSION);
	call->nops = nops;
	memcpy(call->op[0].bind_conn.sessionid, sid, NFS41CONN_SESSIONID_SIZE);
	call->op[0].bind_conn.dir = cdfc;
}

/* SEQUENCE of @seq_sid, then DESTROY_SESSION of @sid. */
static void gcall_seq_destroy(struct nfs41conn_call *call, const u8 *seq_sid,
			      const u8 *sid)
{
	gcall_seq(call, seq_sid);
	call->nr_peeked = 2;
	call->op[1].opnum = OP_DESTROY_SESSION;
	memcpy(call->op[1].destroy_session.sessionid, sid,
	       NFS41CONN_SESSIONID_SIZE);
}

static void greply_op(struct nfs41conn_reply *reply, u32 opnum, u32 status)
{
	memset(reply, 0, sizeof(*reply));
	reply->reply_stat = 0;		/* MSG_ACCEPTED */
	reply->accept_stat = 0;		/* SUCCESS */
	reply->status = status;
	reply->nres = 1;
	reply->nr_peeked = 1;
	reply->res[0].opnum = opnum;
	reply->res[0].status = status;
}

/* Another result after the first; the COMPOUND's status is its own. */
static void greply_add(struct nfs41conn_reply *reply, u32 opnum, u32 status)
{
	reply->res[1].opnum = opnum;
	reply->res[1].status = status;
	reply->status = status;
	reply->nres = 2;
	reply->nr_peeked = 2;
}

/* SEQUENCE's result: the resok naming @sid if @status is NFS4_OK. */
static void greply_seq(struct nfs41conn_reply *reply, const u8 *sid,
		       u32 status)
{
	greply_op(reply, OP_SEQUENCE, status);
	if (status == NFS4_OK)
		memcpy(reply->res[0].sequence.sessionid, sid,
		       NFS41CONN_SESSIONID_SIZE);
}

/* BIND_CONN_TO_SESSION's result, channel_dir_from_server4 @dir. */
static void greply_bcts(struct nfs41conn_reply *reply, const u8 *sid,
			u32 status, u32 dir)
{
	greply_op(reply, OP_BIND_CONN_TO_SESSION, status);
	if (status == NFS4_OK) {
		memcpy(reply->res[0].bind_conn.sessionid, sid,
		       NFS41CONN_SESSIONID_SIZE);
		reply->res[0].bind_conn.dir = dir;
	}
}

/* CREATE_SESSION's result with csr_flags @flags. */
static void greply_cs(struct nfs41conn_reply *reply, const u8 *sid,
		      u32 status, u32 flags)
{
	greply_op(reply, OP_CREATE_SESSION, status);
	if (status == NFS4_OK) {
		memcpy(reply->res[0].create_session.sessionid, sid,
		       NFS41CONN_SESSIONID_SIZE);
		reply->res[0].create_session.sequenceid = 1;
		reply->res[0].create_session.flags = flags;
	}
}

/* ---------------------------------------------------------------------- */
/* nfs41conn_gate: decisions on calls, learning from replies */

/* A call of which the peek decoded no operation passes, gate zeroed. */
static void gate_no_op_passes(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	/* What op[0] holds is not decoded and must not be looked at. */
	gcall_seq(&call, s1);
	call.nr_peeked = 0;
	memset(&gate, 0xa5, sizeof(gate));
	nfs41conn_gate_call(gt(test), c2, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, false);
	KUNIT_EXPECT_EQ(test, gate.opnum, 0);
	KUNIT_EXPECT_NULL(test, gate.evicted);
	KUNIT_EXPECT_EQ(test, gdir(test, c2, s1), NFS41CONN_DIR_NONE);
	expect_session(test, s1, 1, 1, 1, 0);
	expect_table(test, 2, 1, 1);
}

/* A COMPOUND led by an operation that binds nothing passes. */
static void gate_other_op_passes(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_op(&call, OP_PUTROOTFH);
	nfs41conn_gate_call(gt(test), c2, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, false);
	KUNIT_EXPECT_EQ(test, gate.opnum, OP_PUTROOTFH);
	expect_session(test, s1, 1, 1, 1, 0);
	expect_table(test, 2, 1, 1);
}

/* SEQUENCE on a connection bound to its session: nothing to reserve. */
static void gate_seq_bound_passes(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, false);
	KUNIT_EXPECT_EQ(test, gate.opnum, OP_SEQUENCE);
	KUNIT_EXPECT_MEMEQ(test, gate.sessionid, s1, NFS41CONN_SESSIONID_SIZE);
	KUNIT_EXPECT_EQ(test, gpending(test, c1, s1), 0);
	expect_session(test, s1, 1, 1, 1, 0);
	expect_table(test, 1, 1, 1);
}

/* SEQUENCE on an unbound connection reserves a slot, binding nothing. */
static void gate_seq_unbound_reserves(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c2, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, true);
	KUNIT_EXPECT_MEMEQ(test, gate.sessionid, s1, NFS41CONN_SESSIONID_SIZE);
	KUNIT_EXPECT_NULL(test, gate.evicted);
	KUNIT_EXPECT_EQ(test, gdir(test, c2, s1), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, gpending(test, c2, s1), 1);
	expect_session(test, s1, 2, 1, 1, 0);
	expect_table(test, 2, 1, 2);
}

/* nfsd's SEQUENCE OK commits the reservation: bound fore, slot kept. */
static void gate_seq_reply_ok_binds_fore(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c2, &call, &gate);
	KUNIT_ASSERT_TRUE(test, gate.reserved);

	greply_seq(&reply, s1, NFS4_OK);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply));
	nfs41conn_gate_reply(gt(test), c2, NULL, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_EQ(test, gdir(test, c2, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, gpending(test, c2, s1), 0);
	expect_session(test, s1, 2, 2, 2, 0);
	expect_table(test, 2, 1, 2);
}

/* A failed SEQUENCE did not bind: the reservation is cancelled. */
static void gate_seq_reply_error_cancels(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c2, &call, &gate);
	KUNIT_ASSERT_TRUE(test, gate.reserved);

	greply_seq(&reply, s1, NFS4ERR_BADSLOT);
	nfs41conn_gate_reply(gt(test), c2, &call, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_EQ(test, gdir(test, c2, s1), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, gpending(test, c2, s1), -1);
	expect_session(test, s1, 1, 1, 1, 0);
	expect_table(test, 2, 1, 1);
}

/* A reply of which the peek decoded no result cancels the reservation. */
static void gate_reply_no_result_cancels(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c2, &call, &gate);
	KUNIT_ASSERT_TRUE(test, gate.reserved);

	/* res[0] is not decoded and must not be looked at. */
	greply_seq(&reply, s1, NFS4_OK);
	reply.nr_peeked = 0;
	nfs41conn_gate_reply(gt(test), c2, &call, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_EQ(test, gdir(test, c2, s1), NFS41CONN_DIR_NONE);
	expect_session(test, s1, 1, 1, 1, 0);
	expect_table(test, 2, 1, 1);
}

/* No reply to learn from (not decodable, or none sent): abandon cancels. */
static void gate_abandon_cancels(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c2, &call, &gate);
	KUNIT_ASSERT_TRUE(test, gate.reserved);

	nfs41conn_gate_abandon(gt(test), c2, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_EQ(test, gpending(test, c2, s1), -1);
	expect_session(test, s1, 1, 1, 1, 0);
	expect_table(test, 2, 1, 1);

	/* Once only: a second abandon finds nothing to cancel. */
	nfs41conn_gate_abandon(gt(test), c2, &gate);
	expect_session(test, s1, 1, 1, 1, 0);
	expect_table(test, 2, 1, 1);
}

/* One reservation per call: abandoning one leaves the other's slot. */
static void gate_abandon_keeps_other_call(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_gate gate1, gate2;
	struct nfs41conn_call call;

	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c2, &call, &gate1);
	nfs41conn_gate_call(gt(test), c2, &call, &gate2);
	KUNIT_ASSERT_TRUE(test, gate1.reserved);
	KUNIT_ASSERT_TRUE(test, gate2.reserved);
	KUNIT_EXPECT_EQ(test, gpending(test, c2, s1), 2);
	expect_session(test, s1, 2, 1, 1, 0);

	nfs41conn_gate_abandon(gt(test), c2, &gate1);
	KUNIT_EXPECT_EQ(test, gpending(test, c2, s1), 1);
	expect_session(test, s1, 2, 1, 1, 0);
	nfs41conn_gate_abandon(gt(test), c2, &gate2);
	KUNIT_EXPECT_EQ(test, gpending(test, c2, s1), -1);
	expect_session(test, s1, 1, 1, 1, 0);
	expect_table(test, 2, 1, 1);
}

/* SEQUENCE of a session the table does not know: nfsd decides. */
static void gate_seq_unknown_session_passes(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test);
	u8 *s1 = gsid(test, 1);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, false);
	KUNIT_EXPECT_MEMEQ(test, gate.sessionid, s1, NFS41CONN_SESSIONID_SIZE);
	KUNIT_EXPECT_FALSE(test, gsession_found(test, s1));
	expect_table(test, 1, 0, 0);
}

/* ... and its SEQUENCE OK teaches the table the session, bound fore. */
static void gate_seq_reply_learns_session(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test);
	u8 *s1 = gsid(test, 1);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	greply_seq(&reply, s1, NFS4_OK);
	nfs41conn_gate_reply(gt(test), c1, NULL, &reply, &gate);
	KUNIT_EXPECT_TRUE(test, gsession_found(test, s1));
	KUNIT_EXPECT_EQ(test, gdir(test, c1, s1), NFS41CONN_DIR_FORE);
	expect_session(test, s1, 1, 1, 1, 0);
	expect_table(test, 1, 1, 1);
}

/*
 * The session was unknown when the call came, and another connection's
 * reply made it known before this one's: the connection is bound too.
 */
static void gate_seq_reply_binds_known_session(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsid(test, 1);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	gsession(test, 1, c2, NFS41CONN_DIR_FORE);
	greply_seq(&reply, s1, NFS4_OK);
	nfs41conn_gate_reply(gt(test), c1, &call, &reply, &gate);
	KUNIT_EXPECT_EQ(test, gdir(test, c1, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, gpending(test, c1, s1), 0);
	expect_session(test, s1, 2, 2, 2, 0);
	expect_table(test, 2, 1, 2);
}

/* ... but not beyond the session's limit: the next call meets the gate. */
static void gate_seq_reply_known_session_full(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsid(test, 1);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	nfs41conn_table_set_max_conns(gt(test), 1);
	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	gsession(test, 1, c2, NFS41CONN_DIR_FORE);
	greply_seq(&reply, s1, NFS4_OK);
	nfs41conn_gate_reply(gt(test), c1, &call, &reply, &gate);
	KUNIT_EXPECT_EQ(test, gdir(test, c1, s1), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, gpending(test, c1, s1), -1);
	expect_session(test, s1, 1, 1, 1, 0);
	expect_table(test, 2, 1, 1);

	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	KUNIT_EXPECT_NULL(test, gate.evicted);
	KUNIT_EXPECT_EQ(test, gate.verdict, NFS41CONN_OVER_LIMIT);
}

/* A SEQUENCE error for an unknown session teaches nothing. */
static void gate_seq_reply_error_learns_nothing(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test);
	u8 *s1 = gsid(test, 1);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	greply_seq(&reply, s1, NFS4ERR_SEQ_MISORDERED);
	nfs41conn_gate_reply(gt(test), c1, &call, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gsession_found(test, s1));
	expect_table(test, 1, 0, 0);
}

/* SEQUENCE binds implicitly fore: it never narrows a BOTH binding. */
static void gate_seq_reply_keeps_both(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_BOTH);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	greply_seq(&reply, s1, NFS4_OK);
	nfs41conn_gate_reply(gt(test), c1, NULL, &reply, &gate);
	KUNIT_EXPECT_EQ(test, gdir(test, c1, s1), NFS41CONN_DIR_BOTH);
	expect_session(test, s1, 1, 1, 1, 1);
	expect_table(test, 1, 1, 1);
}

/* ... nor turns a back channel binding into a fore one (nfsd does not). */
static void gate_seq_reply_keeps_back(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gbind(test, c2, s1, NFS41CONN_CDFC4_BACK);
	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c2, &call, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	greply_seq(&reply, s1, NFS4_OK);
	nfs41conn_gate_reply(gt(test), c2, NULL, &reply, &gate);
	KUNIT_EXPECT_EQ(test, gdir(test, c2, s1), NFS41CONN_DIR_BACK);
	expect_session(test, s1, 2, 1, 1, 1);
	expect_table(test, 2, 1, 2);
}

/* A session purged while its SEQUENCE ran is not brought back. */
static void gate_seq_reply_after_destroy(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c2, &call, &gate);
	KUNIT_ASSERT_TRUE(test, gate.reserved);
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_session_destroy(gt(test), s1));

	greply_seq(&reply, s1, NFS4_OK);
	nfs41conn_gate_reply(gt(test), c2, NULL, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_FALSE(test, gsession_found(test, s1));
	expect_table(test, 2, 0, 0);
}

/*
 * A bound connection's SEQUENCE answered after another connection
 * destroyed the session: the session is not brought back.
 */
static void gate_seq_bound_reply_after_destroy(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c2, &call, &gate);
	KUNIT_ASSERT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_FALSE(test, gate.new_session);
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_session_destroy(gt(test), s1));

	greply_seq(&reply, s1, NFS4_OK);
	nfs41conn_gate_reply(gt(test), c2, &call, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gsession_found(test, s1));
	expect_table(test, 2, 0, 0);
}

/*
 * NFS4ERR_REP_TOO_BIG(_TO_CACHE) at SEQUENCE: nfsd bound the connection
 * before it found the reply too big, so the reservation is committed.
 */
static void gate_seq_rep_too_big_binds(struct kunit *test)
{
	static const u32 statuses[] = {
		NFS4ERR_REP_TOO_BIG, NFS4ERR_REP_TOO_BIG_TO_CACHE,
	};
	struct nfs41conn_conn *c1 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(statuses); i++) {
		struct nfs41conn_conn *c = gconn(test);

		gcall_seq(&call, s1);
		nfs41conn_gate_call(gt(test), c, &call, &gate);
		KUNIT_ASSERT_TRUE(test, gate.reserved);
		greply_seq(&reply, s1, statuses[i]);
		nfs41conn_gate_reply(gt(test), c, &call, &reply, &gate);
		KUNIT_EXPECT_FALSE(test, gate.reserved);
		KUNIT_EXPECT_EQ(test, gdir(test, c, s1), NFS41CONN_DIR_FORE);
		KUNIT_EXPECT_EQ(test, gpending(test, c, s1), 0);
	}
	expect_session(test, s1, 3, 3, 3, 0);
	expect_table(test, 3, 1, 3);
}

/* SEQUENCE on a connection already closed: nothing reserved for it. */
static void gate_seq_closed_conn_passes(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	nfs41conn_conn_remove(gt(test), c2);
	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c2, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, false);
	expect_session(test, s1, 1, 1, 1, 0);
	expect_table(test, 1, 1, 1);
}

/*
 * SEQUENCE on a draining connection is refused with NFS4ERR_DELAY while
 * another fore channel connection of the session takes the traffic.
 */
static void gate_seq_draining_refused(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_drain(gt(test), c1));

	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_REFUSE, NFS4ERR_DELAY, false);
	KUNIT_EXPECT_EQ(test, gate.opnum, OP_SEQUENCE);
	KUNIT_EXPECT_MEMEQ(test, gate.sessionid, s1, NFS41CONN_SESSIONID_SIZE);
	KUNIT_EXPECT_EQ(test, gcount(c1, NFS41CONN_REFUSED_DRAINING), 1);
	KUNIT_EXPECT_EQ(test, gcount(c1, NFS41CONN_REFUSED_LIMIT), 0);
	KUNIT_EXPECT_EQ(test, gcount(c2, NFS41CONN_REFUSED_DRAINING), 0);

	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	KUNIT_EXPECT_EQ(test, gate.verdict, NFS41CONN_REFUSE);
	KUNIT_EXPECT_EQ(test, gcount(c1, NFS41CONN_REFUSED_DRAINING), 2);
	expect_session(test, s1, 2, 2, 1, 0);
	expect_table(test, 2, 1, 2);
}

/* A draining connection not bound to the session reserves nothing. */
static void gate_seq_draining_unbound_refused(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	KUNIT_ASSERT_EQ(test, 0, nfs41conn_drain(gt(test), c2));
	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c2, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_REFUSE, NFS4ERR_DELAY, false);
	KUNIT_EXPECT_EQ(test, gcount(c2, NFS41CONN_REFUSED_DRAINING), 1);
	KUNIT_EXPECT_EQ(test, gpending(test, c2, s1), -1);
	expect_session(test, s1, 1, 1, 1, 0);
	expect_table(test, 2, 1, 1);
}

/*
 * The session's last fore channel is never starved: a draining connection
 * whose fore channel peers are all gone passes.  (Draining the last fore
 * connection is refused, so the peer is closed after the drain.)
 */
static void gate_seq_draining_last_fore_passes(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_drain(gt(test), c1));
	nfs41conn_conn_remove(gt(test), c2);
	expect_session(test, s1, 1, 1, 0, 0);

	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, false);
	KUNIT_EXPECT_EQ(test, gcount(c1, NFS41CONN_REFUSED_DRAINING), 0);
	expect_session(test, s1, 1, 1, 0, 0);
	expect_table(test, 1, 1, 1);
}

/*
 * At the limit, with eviction off: OVER_LIMIT with NFS4ERR_DELAY, and the
 * table is left as it was.  The refusal is counted by the transport, which
 * may yet find room (nfs41conn_wait_for_room()), not by the gate.
 */
static void gate_seq_over_limit(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	nfs41conn_table_set_max_conns(gt(test), 1);
	nfs41conn_table_set_evict_idle(gt(test), 0);
	gidle(c1);

	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c2, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_OVER_LIMIT, NFS4ERR_DELAY, false);
	KUNIT_EXPECT_EQ(test, gate.opnum, OP_SEQUENCE);
	KUNIT_EXPECT_MEMEQ(test, gate.sessionid, s1, NFS41CONN_SESSIONID_SIZE);
	KUNIT_EXPECT_NULL(test, gate.evicted);
	KUNIT_EXPECT_EQ(test, gcount(c2, NFS41CONN_REFUSED_LIMIT), 0);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	KUNIT_EXPECT_EQ(test, gpending(test, c2, s1), -1);
	expect_session(test, s1, 1, 1, 1, 0);
	expect_table(test, 2, 1, 1);
}

/* nfs41conn_gate_reserve() again, once there is room: reserved. */
static void gate_reserve_again_after_room(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	nfs41conn_table_set_evict_idle(gt(test), 0);
	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c3, &call, &gate);
	KUNIT_ASSERT_EQ(test, gate.verdict, NFS41CONN_OVER_LIMIT);

	/* Still no room: OVER_LIMIT again. */
	gate.verdict = NFS41CONN_PASS;
	nfs41conn_gate_reserve(gt(test), c3, &gate);
	KUNIT_EXPECT_EQ(test, gate.verdict, NFS41CONN_OVER_LIMIT);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	expect_session(test, s1, 2, 2, 2, 0);

	KUNIT_ASSERT_EQ(test, 0, nfs41conn_unbind(gt(test), c2, s1));
	gate.verdict = NFS41CONN_PASS;
	nfs41conn_gate_reserve(gt(test), c3, &gate);
	KUNIT_EXPECT_EQ(test, gate.verdict, NFS41CONN_PASS);
	KUNIT_EXPECT_TRUE(test, gate.reserved);
	KUNIT_EXPECT_EQ(test, gpending(test, c3, s1), 1);
	expect_session(test, s1, 2, 1, 1, 0);
	expect_table(test, 3, 1, 2);
}

/*
 * At the limit with an idle fore channel connection: it is evicted, and
 * the call gets its slot, the session never over its limit.
 */
static void gate_seq_over_limit_evicts(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	gevict_on(test);
	gidle(c1);

	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c3, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, true);
	KUNIT_EXPECT_PTR_EQ(test, gate.evicted, c1);
	if (gate.evicted)
		nfs41conn_conn_put(gate.evicted);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c1->state), NFS41CONN_CONN_CLOSED);
	KUNIT_EXPECT_FALSE(test, gconn_found(test, c1));
	KUNIT_EXPECT_EQ(test, gpending(test, c3, s1), 1);
	expect_session(test, s1, 2, 1, 1, 0);
	expect_table(test, 2, 1, 2);

	greply_seq(&reply, s1, NFS4_OK);
	nfs41conn_gate_reply(gt(test), c3, NULL, &reply, &gate);
	KUNIT_EXPECT_EQ(test, gdir(test, c3, s1), NFS41CONN_DIR_FORE);
	expect_session(test, s1, 2, 2, 2, 0);
	expect_table(test, 2, 1, 2);
}

/* BIND_CONN_TO_SESSION alone reserves; its OK binds as nfsd granted. */
static void gate_bcts_reserves_and_binds(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_bcts(&call, s1, 1, NFS4_CDFC4_FORE_OR_BOTH);
	nfs41conn_gate_call(gt(test), c2, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, true);
	KUNIT_EXPECT_EQ(test, gate.opnum, OP_BIND_CONN_TO_SESSION);
	KUNIT_EXPECT_MEMEQ(test, gate.sessionid, s1, NFS41CONN_SESSIONID_SIZE);
	KUNIT_EXPECT_EQ(test, gdir(test, c2, s1), NFS41CONN_DIR_NONE);
	expect_session(test, s1, 2, 1, 1, 0);

	greply_bcts(&reply, s1, NFS4_OK, NFS4_CDFS4_BOTH);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply));
	nfs41conn_gate_reply(gt(test), c2, NULL, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_EQ(test, gdir(test, c2, s1), NFS41CONN_DIR_BOTH);
	KUNIT_EXPECT_EQ(test, gpending(test, c2, s1), 0);
	expect_session(test, s1, 2, 2, 2, 1);
	expect_table(test, 2, 1, 2);
}

/* A back channel only grant binds back only. */
static void gate_bcts_reply_back(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_bcts(&call, s1, 1, NFS4_CDFC4_BACK);
	nfs41conn_gate_call(gt(test), c2, &call, &gate);
	KUNIT_ASSERT_TRUE(test, gate.reserved);
	greply_bcts(&reply, s1, NFS4_OK, NFS4_CDFS4_BACK);
	nfs41conn_gate_reply(gt(test), c2, NULL, &reply, &gate);
	KUNIT_EXPECT_EQ(test, gdir(test, c2, s1), NFS41CONN_DIR_BACK);
	expect_session(test, s1, 2, 1, 1, 1);
	expect_table(test, 2, 1, 2);
}

/* BIND_CONN_TO_SESSION that is not the only op: nfsd refuses it. */
static void gate_bcts_not_only_op_passes(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_bcts(&call, s1, 2, NFS4_CDFC4_FORE);
	nfs41conn_gate_call(gt(test), c2, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, false);
	KUNIT_EXPECT_EQ(test, gpending(test, c2, s1), -1);
	expect_session(test, s1, 1, 1, 1, 0);
	expect_table(test, 2, 1, 1);
}

/* A failed BIND_CONN_TO_SESSION cancels its reservation. */
static void gate_bcts_reply_error_cancels(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_bcts(&call, s1, 1, NFS4_CDFC4_FORE);
	nfs41conn_gate_call(gt(test), c2, &call, &gate);
	KUNIT_ASSERT_TRUE(test, gate.reserved);
	greply_bcts(&reply, s1, NFS4ERR_INVAL, 0);
	nfs41conn_gate_reply(gt(test), c2, &call, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_EQ(test, gpending(test, c2, s1), -1);
	expect_session(test, s1, 1, 1, 1, 0);
	expect_table(test, 2, 1, 1);
}

/* BIND_CONN_TO_SESSION at the limit is OVER_LIMIT like SEQUENCE. */
static void gate_bcts_over_limit(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	nfs41conn_table_set_max_conns(gt(test), 1);
	nfs41conn_table_set_evict_idle(gt(test), 0);
	gcall_bcts(&call, s1, 1, NFS4_CDFC4_FORE_OR_BOTH);
	nfs41conn_gate_call(gt(test), c2, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_OVER_LIMIT, NFS4ERR_DELAY, false);
	KUNIT_EXPECT_EQ(test, gate.opnum, OP_BIND_CONN_TO_SESSION);
	expect_session(test, s1, 1, 1, 1, 0);
	expect_table(test, 2, 1, 1);
}

/*
 * BIND_CONN_TO_SESSION of a bound connection reserves nothing, and the
 * direction nfsd grants is final: FORE_OR_BOTH on a fore binding gets
 * both channels.
 */
static void gate_bcts_reply_upgrades_fore(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_bcts(&call, s1, 1, NFS4_CDFC4_FORE_OR_BOTH);
	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, false);
	KUNIT_EXPECT_EQ(test, gpending(test, c1, s1), 0);

	greply_bcts(&reply, s1, NFS4_OK, NFS4_CDFS4_BOTH);
	nfs41conn_gate_reply(gt(test), c1, NULL, &reply, &gate);
	KUNIT_EXPECT_EQ(test, gdir(test, c1, s1), NFS41CONN_DIR_BOTH);
	expect_session(test, s1, 1, 1, 1, 1);
	expect_table(test, 1, 1, 1);
}

/* CREATE_SESSION OK without SESSION4_BACK_CHAN: the session, fore. */
static void gate_create_session_fore(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test);
	u8 *s1 = gsid(test, 1);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_op(&call, OP_CREATE_SESSION);
	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, false);
	expect_table(test, 1, 0, 0);

	greply_cs(&reply, s1, NFS4_OK, SESSION4_PERSIST);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply));
	nfs41conn_gate_reply(gt(test), c1, NULL, &reply, &gate);
	KUNIT_EXPECT_EQ(test, gdir(test, c1, s1), NFS41CONN_DIR_FORE);
	expect_session(test, s1, 1, 1, 1, 0);
	expect_table(test, 1, 1, 1);
}

/* ... with SESSION4_BACK_CHAN among its flags: bound both ways. */
static void gate_create_session_back_chan(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test);
	u8 *s1 = gsid(test, 1);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_op(&call, OP_CREATE_SESSION);
	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	greply_cs(&reply, s1, NFS4_OK, SESSION4_PERSIST | SESSION4_BACK_CHAN);
	nfs41conn_gate_reply(gt(test), c1, NULL, &reply, &gate);
	KUNIT_EXPECT_EQ(test, gdir(test, c1, s1), NFS41CONN_DIR_BOTH);
	expect_session(test, s1, 1, 1, 1, 1);
	expect_table(test, 1, 1, 1);
}

/* A failed CREATE_SESSION creates nothing. */
static void gate_create_session_error(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test);
	u8 *s1 = gsid(test, 1);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_op(&call, OP_CREATE_SESSION);
	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	greply_cs(&reply, s1, NFS4ERR_STALE_CLIENTID, 0);
	memcpy(reply.res[0].create_session.sessionid, s1,
	       NFS41CONN_SESSIONID_SIZE);
	nfs41conn_gate_reply(gt(test), c1, &call, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gsession_found(test, s1));
	expect_table(test, 1, 0, 0);
}

/* A CREATE_SESSION reply replayed from nfsd's cache changes nothing. */
static void gate_create_session_replay(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_op(&call, OP_CREATE_SESSION);
	greply_cs(&reply, s1, NFS4_OK, SESSION4_BACK_CHAN);

	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	nfs41conn_gate_reply(gt(test), c1, NULL, &reply, &gate);
	KUNIT_EXPECT_EQ(test, gdir(test, c1, s1), NFS41CONN_DIR_FORE);

	nfs41conn_gate_call(gt(test), c2, &call, &gate);
	nfs41conn_gate_reply(gt(test), c2, NULL, &reply, &gate);
	KUNIT_EXPECT_EQ(test, gdir(test, c2, s1), NFS41CONN_DIR_NONE);
	expect_session(test, s1, 1, 1, 1, 0);
	expect_table(test, 2, 1, 1);
}

/* DESTROY_SESSION OK after SEQUENCE purges the session the call named. */
static void gate_destroy_session_purges(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_BOTH);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	gcall_seq_destroy(&call, s1, s1);
	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, false);

	greply_seq(&reply, s1, NFS4_OK);
	greply_add(&reply, OP_DESTROY_SESSION, NFS4_OK);
	KUNIT_EXPECT_TRUE(test, nfs41conn_reply_needs_call(&reply));
	nfs41conn_gate_reply(gt(test), c1, &call, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gsession_found(test, s1));
	KUNIT_EXPECT_EQ(test, gdir(test, c1, s1), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, gdir(test, c2, s1), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, c1->nr_sessions, 0);
	expect_table(test, 2, 0, 0);
}

/* DESTROY_SESSION's own argument says which session: not SEQUENCE's. */
static void gate_destroy_other_session(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = gsession(test, 2, c2, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_seq_destroy(&call, s1, s2);
	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	greply_seq(&reply, s1, NFS4_OK);
	greply_add(&reply, OP_DESTROY_SESSION, NFS4_OK);
	nfs41conn_gate_reply(gt(test), c1, &call, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gsession_found(test, s2));
	expect_session(test, s1, 1, 1, 1, 0);
	expect_table(test, 2, 1, 1);
}

/* A failed DESTROY_SESSION, or one the peek did not decode, purges nothing. */
static void gate_destroy_session_not_done(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_seq_destroy(&call, s1, s1);
	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	greply_seq(&reply, s1, NFS4_OK);
	greply_add(&reply, OP_DESTROY_SESSION,
		   NFS4ERR_CONN_NOT_BOUND_TO_SESSION);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply));
	nfs41conn_gate_reply(gt(test), c1, &call, &reply, &gate);
	expect_session(test, s1, 1, 1, 1, 0);

	/* OK, but the call's DESTROY_SESSION was not decoded. */
	greply_seq(&reply, s1, NFS4_OK);
	greply_add(&reply, OP_DESTROY_SESSION, NFS4_OK);
	call.nr_peeked = 1;
	nfs41conn_gate_reply(gt(test), c1, &call, &reply, &gate);
	expect_session(test, s1, 1, 1, 1, 0);
	expect_table(test, 1, 1, 1);
}

/* Plain results are learned from without the call. */
static void gate_needs_call_false(struct kunit *test)
{
	struct nfs41conn_reply reply;
	u8 *s1 = gsid(test, 1);

	greply_seq(&reply, s1, NFS4_OK);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply));
	greply_seq(&reply, s1, NFS4ERR_BADSLOT);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply));
	greply_cs(&reply, s1, NFS4_OK, SESSION4_BACK_CHAN);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply));
	greply_bcts(&reply, s1, NFS4_OK, NFS4_CDFS4_FORE);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply));
	greply_op(&reply, OP_DESTROY_SESSION, NFS4ERR_BADXDR);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply));

	/* A result not decoded does not count. */
	greply_seq(&reply, s1, NFS4_OK);
	greply_add(&reply, OP_DESTROY_SESSION, NFS4_OK);
	reply.nr_peeked = 1;
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply));
}

struct gone_param {
	u32		status;
	const char	*name;
};

static const struct gone_param gone_params[] = {
	{ NFS4ERR_BADSESSION, "BADSESSION" },
	{ NFS4ERR_DEADSESSION, "DEADSESSION" },
};

KUNIT_ARRAY_PARAM_DESC(gone, gone_params, name);

/*
 * SEQUENCE answered "no such session": the session is purged, with the
 * reservation the call held.
 */
static void gate_session_gone_purges(struct kunit *test)
{
	const struct gone_param *p = test->param_value;
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = gsession(test, 2, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c2, &call, &gate);
	KUNIT_ASSERT_TRUE(test, gate.reserved);

	greply_seq(&reply, s1, p->status);
	KUNIT_EXPECT_TRUE(test, nfs41conn_reply_needs_call(&reply));
	nfs41conn_gate_reply(gt(test), c2, &call, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_FALSE(test, gsession_found(test, s1));
	KUNIT_EXPECT_EQ(test, gpending(test, c2, s1), -1);
	expect_session(test, s2, 1, 1, 1, 0);
	expect_table(test, 2, 1, 1);
}

static struct kunit_case nfs41conn_gate_cases[] = {
	KUNIT_CASE(gate_no_op_passes),
	KUNIT_CASE(gate_other_op_passes),
	KUNIT_CASE(gate_seq_bound_passes),
	KUNIT_CASE(gate_seq_unbound_reserves),
	KUNIT_CASE(gate_seq_reply_ok_binds_fore),
	KUNIT_CASE(gate_seq_reply_error_cancels),
	KUNIT_CASE(gate_reply_no_result_cancels),
	KUNIT_CASE(gate_abandon_cancels),
	KUNIT_CASE(gate_abandon_keeps_other_call),
	KUNIT_CASE(gate_seq_unknown_session_passes),
	KUNIT_CASE(gate_seq_reply_learns_session),
	KUNIT_CASE(gate_seq_reply_binds_known_session),
	KUNIT_CASE(gate_seq_reply_known_session_full),
	KUNIT_CASE(gate_seq_reply_error_learns_nothing),
	KUNIT_CASE(gate_seq_reply_keeps_both),
	KUNIT_CASE(gate_seq_reply_keeps_back),
	KUNIT_CASE(gate_seq_reply_after_destroy),
	KUNIT_CASE(gate_seq_bound_reply_after_destroy),
	KUNIT_CASE(gate_seq_rep_too_big_binds),
	KUNIT_CASE(gate_seq_closed_conn_passes),
	KUNIT_CASE(gate_seq_draining_refused),
	KUNIT_CASE(gate_seq_draining_unbound_refused),
	KUNIT_CASE(gate_seq_draining_last_fore_passes),
	KUNIT_CASE(gate_seq_over_limit),
	KUNIT_CASE(gate_reserve_again_after_room),
	KUNIT_CASE(gate_seq_over_limit_evicts),
	KUNIT_CASE(gate_bcts_reserves_and_binds),
	KUNIT_CASE(gate_bcts_reply_back),
	KUNIT_CASE(gate_bcts_not_only_op_passes),
	KUNIT_CASE(gate_bcts_reply_error_cancels),
	KUNIT_CASE(gate_bcts_over_limit),
	KUNIT_CASE(gate_bcts_reply_upgrades_fore),
	KUNIT_CASE(gate_create_session_fore),
	KUNIT_CASE(gate_create_session_back_chan),
	KUNIT_CASE(gate_create_session_error),
	KUNIT_CASE(gate_create_session_replay),
	KUNIT_CASE(gate_destroy_session_purges),
	KUNIT_CASE(gate_destroy_other_session),
	KUNIT_CASE(gate_destroy_session_not_done),
	KUNIT_CASE(gate_needs_call_false),
	KUNIT_CASE_PARAM(gate_session_gone_purges, gone_gen_params),
	{}
};

/*
 * Registered by kunit/table_test.c, which owns kunit_test_suites() and the
 * module's MODULE_*() tags.
 */
struct kunit_suite nfs41conn_gate_suite = {
	.name = "nfs41conn_gate",
	.init = gate_test_init,
	.exit = gate_test_exit,
	.test_cases = nfs41conn_gate_cases,
};

/* ---------------------------------------------------------------------- */
/* nfs41conn_evict: making room in a session at its limit */

/* What *evicted is set to before a call that must leave it alone. */
#define GUNTOUCHED	((struct nfs41conn_conn *)ERR_PTR(-ESRCH))

/* Put the reference an eviction handed over, if there is one. */
static void gput_evicted(struct nfs41conn_conn *evicted)
{
	if (evicted && evicted != GUNTOUCHED)
		nfs41conn_conn_put(evicted);
}

/*
 * The idle fore channel connection is closed and its slot reserved for
 * the requester in one step: the session stays at its limit.
 */
static void evict_idle_fore(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *evicted = NULL;
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	gidle(c1);

	KUNIT_EXPECT_EQ(test, 0, nfs41conn_reserve_evicting(gt(test), c3, s1,
							    &evicted));
	KUNIT_EXPECT_PTR_EQ(test, evicted, c1);
	gput_evicted(evicted);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c1->state), NFS41CONN_CONN_CLOSED);
	KUNIT_EXPECT_FALSE(test, gconn_found(test, c1));
	KUNIT_EXPECT_EQ(test, gdir(test, c1, s1), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, gdir(test, c3, s1), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, gpending(test, c3, s1), 1);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c2));
	expect_session(test, s1, 2, 1, 1, 0);
	expect_table(test, 2, 1, 2);
}

/* The slot an eviction reserved is committed like any other. */
static void evict_then_commit(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *evicted = NULL;
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	gidle(c2);

	KUNIT_ASSERT_EQ(test, 0, nfs41conn_reserve_evicting(gt(test), c3, s1,
							    &evicted));
	KUNIT_EXPECT_PTR_EQ(test, evicted, c2);
	gput_evicted(evicted);
	KUNIT_EXPECT_EQ(test, 0, nfs41conn_commit(gt(test), c3, s1,
						  NFS41CONN_DIR_FORE));
	KUNIT_EXPECT_EQ(test, gdir(test, c3, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, gpending(test, c3, s1), 0);
	expect_session(test, s1, 2, 2, 2, 0);
	expect_table(test, 2, 1, 2);
}

/* The victim is unbound from every session, not only the full one. */
static void evict_unbinds_everywhere(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *evicted = NULL;
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = gsession(test, 2, c2, NFS41CONN_DIR_BOTH);

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	gbind(test, c1, s2, NFS41CONN_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	gidle(c1);

	KUNIT_EXPECT_EQ(test, 0, nfs41conn_reserve_evicting(gt(test), c3, s1,
							    &evicted));
	KUNIT_EXPECT_PTR_EQ(test, evicted, c1);
	gput_evicted(evicted);
	KUNIT_EXPECT_EQ(test, gdir(test, c1, s2), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, gpending(test, c1, s2), -1);
	KUNIT_EXPECT_EQ(test, c1->nr_sessions, 0);
	expect_session(test, s1, 2, 1, 1, 0);
	expect_session(test, s2, 1, 1, 1, 1);
	expect_table(test, 2, 2, 3);
}

/* Of several idle connections, the one idle longest goes. */
static void evict_longest_idle(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *c4 = gconn(test);
	struct nfs41conn_conn *evicted = NULL;
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	gbind(test, c3, s1, NFS41CONN_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 3);
	/* The oldest neither first nor last in the session's list. */
	gidle_ms(c1, 2 * TEVICT_MS);
	gidle(c2);
	gidle_ms(c3, 3 * TEVICT_MS);

	KUNIT_EXPECT_EQ(test, 0, nfs41conn_reserve_evicting(gt(test), c4, s1,
							    &evicted));
	KUNIT_EXPECT_PTR_EQ(test, evicted, c2);
	gput_evicted(evicted);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c3));
	KUNIT_EXPECT_FALSE(test, gconn_found(test, c2));
	expect_session(test, s1, 3, 2, 2, 0);
	expect_table(test, 3, 1, 3);
}

/* Idle for less than the threshold: not evictable. */
static void evict_not_idle_enough(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *evicted = GUNTOUCHED;
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	gidle_ms(c1, TEVICT_MS / 2);

	KUNIT_EXPECT_EQ(test, -EMLINK,
			nfs41conn_reserve_evicting(gt(test), c3, s1, &evicted));
	KUNIT_EXPECT_PTR_EQ(test, evicted, GUNTOUCHED);
	gput_evicted(evicted);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	KUNIT_EXPECT_EQ(test, gpending(test, c3, s1), -1);
	expect_session(test, s1, 2, 2, 2, 0);
	expect_table(test, 3, 1, 2);
}

/* A call makes an idle connection busy again: nfs41conn_conn_touch(). */
static void evict_touch_protects(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *evicted = GUNTOUCHED;
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	gidle(c1);
	gidle(c2);
	nfs41conn_conn_touch(c1);
	nfs41conn_conn_touch(c2);
	KUNIT_EXPECT_GT(test, READ_ONCE(c1->last_call_ns), 0);

	KUNIT_EXPECT_EQ(test, -EMLINK,
			nfs41conn_reserve_evicting(gt(test), c3, s1, &evicted));
	KUNIT_EXPECT_PTR_EQ(test, evicted, GUNTOUCHED);
	gput_evicted(evicted);
	expect_session(test, s1, 2, 2, 2, 0);
	expect_table(test, 3, 1, 2);
}

/* A connection carrying the back channel too is never evicted. */
static void evict_skips_both(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *evicted = GUNTOUCHED;
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_BOTH);

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	gidle(c1);

	KUNIT_EXPECT_EQ(test, -EMLINK,
			nfs41conn_reserve_evicting(gt(test), c3, s1, &evicted));
	KUNIT_EXPECT_PTR_EQ(test, evicted, GUNTOUCHED);
	gput_evicted(evicted);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	expect_session(test, s1, 2, 2, 2, 1);
	expect_table(test, 3, 1, 2);
}

/* ... nor one carrying the back channel alone. */
static void evict_skips_back(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *c4 = gconn(test);
	struct nfs41conn_conn *evicted = GUNTOUCHED;
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	gbind(test, c3, s1, NFS41CONN_CDFC4_BACK);
	nfs41conn_table_set_max_conns(gt(test), 3);
	gidle(c3);

	KUNIT_EXPECT_EQ(test, -EMLINK,
			nfs41conn_reserve_evicting(gt(test), c4, s1, &evicted));
	KUNIT_EXPECT_PTR_EQ(test, evicted, GUNTOUCHED);
	gput_evicted(evicted);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c3));
	expect_session(test, s1, 3, 2, 2, 1);
	expect_table(test, 4, 1, 3);
}

/* ... nor a fore-only one that is another session's back channel. */
static void evict_skips_back_elsewhere(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *evicted = GUNTOUCHED;
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = gsession(test, 2, c2, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	gbind(test, c1, s2, NFS41CONN_CDFC4_BACK);
	nfs41conn_table_set_max_conns(gt(test), 2);
	gidle(c1);

	KUNIT_EXPECT_EQ(test, -EMLINK,
			nfs41conn_reserve_evicting(gt(test), c3, s1, &evicted));
	KUNIT_EXPECT_PTR_EQ(test, evicted, GUNTOUCHED);
	gput_evicted(evicted);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	expect_session(test, s1, 2, 2, 2, 0);
	expect_session(test, s2, 2, 1, 1, 1);
	expect_table(test, 3, 2, 4);
}

/*
 * Never the session's last fore channel connection that is not draining:
 * with the only other fore connection draining, nothing is evicted.
 */
static void evict_keeps_last_ready_fore(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *evicted = GUNTOUCHED;
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_drain(gt(test), c2));
	nfs41conn_table_set_max_conns(gt(test), 2);
	gidle(c1);

	KUNIT_EXPECT_EQ(test, -EMLINK,
			nfs41conn_reserve_evicting(gt(test), c3, s1, &evicted));
	KUNIT_EXPECT_PTR_EQ(test, evicted, GUNTOUCHED);
	gput_evicted(evicted);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c1->state), NFS41CONN_CONN_OPEN);
	expect_session(test, s1, 2, 2, 1, 0);
	expect_table(test, 3, 1, 2);
}

/*
 * Nor the last fore channel connection of another session it is bound
 * to: the longest idle connection is skipped for the next one.
 */
static void evict_keeps_other_sessions_last_fore(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *evicted = NULL;
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = gsession(test, 2, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	gidle_ms(c1, 2 * TEVICT_MS);
	gidle(c2);

	KUNIT_EXPECT_EQ(test, 0, nfs41conn_reserve_evicting(gt(test), c3, s1,
							    &evicted));
	KUNIT_EXPECT_PTR_EQ(test, evicted, c2);
	gput_evicted(evicted);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	expect_session(test, s2, 1, 1, 1, 0);
	expect_session(test, s1, 2, 1, 1, 0);
	expect_table(test, 2, 2, 3);
}

/*
 * A session over a lowered limit keeps its connections: evicting one
 * would make no room.
 */
static void evict_not_over_lowered_limit(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *c4 = gconn(test);
	struct nfs41conn_conn *evicted = GUNTOUCHED;
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	gbind(test, c3, s1, NFS41CONN_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	gidle(c1);
	gidle(c2);

	KUNIT_EXPECT_EQ(test, -EMLINK,
			nfs41conn_reserve_evicting(gt(test), c4, s1, &evicted));
	KUNIT_EXPECT_PTR_EQ(test, evicted, GUNTOUCHED);
	gput_evicted(evicted);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c1->state), NFS41CONN_CONN_OPEN);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c2->state), NFS41CONN_CONN_OPEN);
	expect_session(test, s1, 3, 3, 3, 0);
	expect_table(test, 4, 1, 3);
}

/* A draining connection is the admin's to close, not eviction's. */
static void evict_skips_draining(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *c4 = gconn(test);
	struct nfs41conn_conn *evicted = GUNTOUCHED;
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	gbind(test, c3, s1, NFS41CONN_CDFC4_FORE);
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_drain(gt(test), c1));
	nfs41conn_table_set_max_conns(gt(test), 3);
	gidle(c1);

	KUNIT_EXPECT_EQ(test, -EMLINK,
			nfs41conn_reserve_evicting(gt(test), c4, s1, &evicted));
	KUNIT_EXPECT_PTR_EQ(test, evicted, GUNTOUCHED);
	gput_evicted(evicted);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c1->state), NFS41CONN_CONN_DRAINING);
	expect_session(test, s1, 3, 3, 2, 0);
	expect_table(test, 4, 1, 3);
}

/*
 * A connection with a call in progress is never evicted, however long ago
 * the call came: closing it would lose the reply.  Once the call ends it
 * is, and no call is passed on it any more.
 */
static void evict_skips_busy(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *evicted = GUNTOUCHED;
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	KUNIT_ASSERT_TRUE(test, nfs41conn_conn_call_begin(c1));
	gidle(c1);
	gidle_ms(c2, TEVICT_MS / 2);

	KUNIT_EXPECT_EQ(test, -EMLINK,
			nfs41conn_reserve_evicting(gt(test), c3, s1, &evicted));
	KUNIT_EXPECT_PTR_EQ(test, evicted, GUNTOUCHED);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_busy(c1));
	expect_session(test, s1, 2, 2, 2, 0);

	nfs41conn_conn_call_end(c1);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_busy(c1));
	evicted = NULL;
	KUNIT_EXPECT_EQ(test, 0, nfs41conn_reserve_evicting(gt(test), c3, s1,
							    &evicted));
	KUNIT_EXPECT_PTR_EQ(test, evicted, c1);
	gput_evicted(evicted);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_calls_stopped(c1));
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_call_begin(c1));
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_calls_stopped(c1));
	/* The requester's own calls are not affected. */
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_call_begin(c3));
	nfs41conn_conn_call_end(c3);
	expect_session(test, s1, 2, 1, 1, 0);
	expect_table(test, 2, 1, 2);
}

/* An idle time of 0 turns eviction off. */
static void evict_zero_disables(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *evicted = GUNTOUCHED;
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	nfs41conn_table_set_evict_idle(gt(test), 0);
	gidle(c1);
	gidle(c2);

	KUNIT_EXPECT_EQ(test, -EMLINK,
			nfs41conn_reserve_evicting(gt(test), c3, s1, &evicted));
	KUNIT_EXPECT_PTR_EQ(test, evicted, GUNTOUCHED);
	gput_evicted(evicted);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c2));
	expect_session(test, s1, 2, 2, 2, 0);
	expect_table(test, 3, 1, 2);
}

/* An idle requester is not what gets evicted: it gets -EMLINK. */
static void evict_not_requester(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *evicted = GUNTOUCHED;
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = gsession(test, 2, c3, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	gbind(test, c2, s2, NFS41CONN_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	gidle(c3);

	KUNIT_EXPECT_EQ(test, -EMLINK,
			nfs41conn_reserve_evicting(gt(test), c3, s1, &evicted));
	KUNIT_EXPECT_PTR_EQ(test, evicted, GUNTOUCHED);
	gput_evicted(evicted);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c3->state), NFS41CONN_CONN_OPEN);
	KUNIT_EXPECT_EQ(test, gdir(test, c3, s2), NFS41CONN_DIR_FORE);
	expect_session(test, s1, 2, 2, 2, 0);
	expect_table(test, 3, 2, 4);
}

/* A requester that already holds its slot evicts nobody. */
static void evict_not_for_bound_requester(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *evicted = GUNTOUCHED;
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_reserve(gt(test), c3, s1));
	nfs41conn_table_set_max_conns(gt(test), 3);
	gidle(c1);
	gidle(c3);

	/* Its reservation: a second one shares the slot. */
	KUNIT_EXPECT_EQ(test, 0, nfs41conn_reserve_evicting(gt(test), c3, s1,
							    &evicted));
	KUNIT_EXPECT_EQ(test, gpending(test, c3, s1), 2);
	/* Its binding: nothing to reserve. */
	KUNIT_EXPECT_EQ(test, NFS41CONN_ALREADY_BOUND,
			nfs41conn_reserve_evicting(gt(test), c2, s1, &evicted));
	KUNIT_EXPECT_PTR_EQ(test, evicted, GUNTOUCHED);
	gput_evicted(evicted);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c3));
	expect_session(test, s1, 3, 2, 2, 0);
	expect_table(test, 3, 1, 3);
}

/* With room in the session nobody is evicted, however idle. */
static void evict_not_below_limit(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *evicted = GUNTOUCHED;
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 3);
	gidle(c1);
	gidle(c2);

	KUNIT_EXPECT_EQ(test, 0, nfs41conn_reserve_evicting(gt(test), c3, s1,
							    &evicted));
	KUNIT_EXPECT_PTR_EQ(test, evicted, GUNTOUCHED);
	gput_evicted(evicted);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c2));
	expect_session(test, s1, 3, 2, 2, 0);
	expect_table(test, 3, 1, 3);
}

/*
 * A session loses at most one connection per idle period to eviction:
 * a second request right after the first gets -EMLINK, and one after the
 * period evicts again.
 */
static void evict_once_per_period(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *c4 = gconn(test);
	struct nfs41conn_conn *c5 = gconn(test), *evicted = NULL;
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS41CONN_CDFC4_FORE);
	gbind(test, c3, s1, NFS41CONN_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 3);
	gidle(c1);
	WRITE_ONCE(c2->last_call_ns, 1);

	KUNIT_ASSERT_EQ(test, 0, nfs41conn_reserve_evicting(gt(test), c4, s1,
							    &evicted));
	KUNIT_EXPECT_PTR_EQ(test, evicted, c1);
	gput_evicted(evicted);

	evicted = GUNTOUCHED;
	KUNIT_EXPECT_EQ(test, -EMLINK,
			nfs41conn_reserve_evicting(gt(test), c5, s1, &evicted));
	KUNIT_EXPECT_PTR_EQ(test, evicted, GUNTOUCHED);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c2));
	expect_session(test, s1, 3, 2, 2, 0);

	msleep(TEVICT_MS + 50);
	nfs41conn_conn_touch(c3);
	evicted = NULL;
	KUNIT_EXPECT_EQ(test, 0, nfs41conn_reserve_evicting(gt(test), c5, s1,
							    &evicted));
	KUNIT_EXPECT_PTR_EQ(test, evicted, c2);
	gput_evicted(evicted);
	expect_session(test, s1, 3, 1, 1, 0);
	expect_table(test, 3, 1, 3);
}

static struct kunit_case nfs41conn_evict_cases[] = {
	KUNIT_CASE(evict_idle_fore),
	KUNIT_CASE(evict_then_commit),
	KUNIT_CASE(evict_unbinds_everywhere),
	KUNIT_CASE(evict_longest_idle),
	KUNIT_CASE(evict_not_idle_enough),
	KUNIT_CASE(evict_touch_protects),
	KUNIT_CASE(evict_skips_both),
	KUNIT_CASE(evict_skips_back),
	KUNIT_CASE(evict_skips_back_elsewhere),
	KUNIT_CASE(evict_keeps_last_ready_fore),
	KUNIT_CASE(evict_keeps_other_sessions_last_fore),
	KUNIT_CASE(evict_not_over_lowered_limit),
	KUNIT_CASE(evict_skips_draining),
	KUNIT_CASE(evict_skips_busy),
	KUNIT_CASE(evict_zero_disables),
	KUNIT_CASE(evict_not_requester),
	KUNIT_CASE(evict_not_for_bound_requester),
	KUNIT_CASE(evict_not_below_limit),
	KUNIT_CASE(evict_once_per_period),
	{}
};

/* Registered by kunit/table_test.c, as nfs41conn_gate_suite. */
struct kunit_suite nfs41conn_evict_suite = {
	.name = "nfs41conn_evict",
	.init = evict_test_init,
	.exit = gate_test_exit,
	.test_cases = nfs41conn_evict_cases,
};
