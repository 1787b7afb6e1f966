// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the nfs41conn gate (nfs41conn/gate.c), and of rotation in
 * the binding table (nfs41conn_rotate() in nfs41conn/table.c):
 *
 *   nfs41conn_gate	what the gate decides on a peeked call, and what it
 *			learns from the peeked reply: reservations made,
 *			within or beyond the limit, committed and cancelled,
 *			holds begun and ended, refusals, sessions learned
 *			and purged
 *   nfs41conn_rotate	connections nfsd bound beyond a session's limit
 *			admitted: into a free slot, in place of a connection
 *			idle in the session, or closed after a while; and
 *			every connection that must not be closed for it
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
#include <linux/ktime.h>
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

/* Whatever a case did, it left the table consistent. */
static void gate_test_exit(struct kunit *test)
{
	struct nfs41conn_kt_ctx *ctx = test->priv;

	if (ctx && !ctx->destroyed)
		KUNIT_EXPECT_EQ(test, nfs41conn_table_verify(gt(test)), 0);
	nfs41conn_kt_exit(test);
}

/*
 * Enable eviction with TEVICT_MS.  Idle times are measured on the coarse
 * boottime clock, and a session that never lost a connection counts as
 * having lost one at boot: wait, if need be, until the system has been up
 * for a few thresholds, so that a connection made idle in a session by
 * gidle() or gidle_ms() is evictable.
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

	sid = kunit_kzalloc(test, NFS4_MAX_SESSIONID_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sid);
	sid[0] = 0x6a;
	sid[1] = i;
	for (j = 2; j < NFS4_MAX_SESSIONID_LEN; j++)
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

/*
 * Bind within the limit as the gate does, reserve and commit, with the
 * channels nfsd grants for @cdfc (nfsd4_map_bcts_dir()).
 */
static void gbind(struct kunit *test, struct nfs41conn_conn *conn,
		  const u8 *sid, u32 cdfc)
{
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_reserve(gt(test), conn, sid));
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_commit(gt(test), conn, sid,
						  cdfc & NFS41CONN_DIR_BOTH));
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

/* nfsd accepted no call of @sid on @conn since boot. */
static void gidle(struct kunit *test, struct nfs41conn_conn *conn,
		  const u8 *sid)
{
	KUNIT_ASSERT_TRUE(test, nfs41conn_kt_set_active(gt(test), conn, sid,
							0));
}

/* nfsd last accepted a call of @sid on @conn @ms ago. */
static void gidle_ms(struct kunit *test, struct nfs41conn_conn *conn,
		     const u8 *sid, unsigned int ms)
{
	u64 ns = ktime_get_coarse_boottime_ns() - (u64)ms * NSEC_PER_MSEC;

	KUNIT_ASSERT_TRUE(test, nfs41conn_kt_set_active(gt(test), conn, sid,
							ns));
}

/* 1 if the binding of @conn to @sid is beyond the limit, 0 if not, -1. */
static int gexcess(struct kunit *test, struct nfs41conn_conn *conn,
		   const u8 *sid)
{
	return nfs41conn_kt_excess(gt(test), conn, sid);
}

/* Bindings nfsd made beyond a limit, held. */
static unsigned int gnr_held(struct kunit *test)
{
	return nfs41conn_kt_nr_held(gt(test));
}

/* Bindings and reservations of @sid beyond the limit. */
static unsigned int gsession_excess(struct kunit *test, const u8 *sid)
{
	return nfs41conn_kt_session_snap(gt(test), sid).nr_excess;
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
	memcpy(call->op[0].sequence.sessionid, sid, NFS4_MAX_SESSIONID_LEN);
	call->op[0].sequence.sequenceid = 7;
}

/* BIND_CONN_TO_SESSION of @sid asking for @cdfc, in @nops operations. */
static void gcall_bcts(struct nfs41conn_call *call, const u8 *sid, u32 nops,
		       u32 cdfc)
{
	gcall_op(call, OP_BIND_CONN_TO_SESSION);
	call->nops = nops;
	memcpy(call->op[0].bind_conn.sessionid, sid, NFS4_MAX_SESSIONID_LEN);
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
	       NFS4_MAX_SESSIONID_LEN);
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
		       NFS4_MAX_SESSIONID_LEN);
}

/* BIND_CONN_TO_SESSION's result, channel_dir_from_server4 @dir. */
static void greply_bcts(struct nfs41conn_reply *reply, const u8 *sid,
			u32 status, u32 dir)
{
	greply_op(reply, OP_BIND_CONN_TO_SESSION, status);
	if (status == NFS4_OK) {
		memcpy(reply->res[0].bind_conn.sessionid, sid,
		       NFS4_MAX_SESSIONID_LEN);
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
		       NFS4_MAX_SESSIONID_LEN);
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
	KUNIT_EXPECT_FALSE(test, gate.excess);
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
	KUNIT_EXPECT_MEMEQ(test, gate.sessionid, s1, NFS4_MAX_SESSIONID_LEN);
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
	KUNIT_EXPECT_MEMEQ(test, gate.sessionid, s1, NFS4_MAX_SESSIONID_LEN);
	KUNIT_EXPECT_FALSE(test, gate.excess);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_held(c2));
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
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply, &gate));
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
	KUNIT_EXPECT_MEMEQ(test, gate.sessionid, s1, NFS4_MAX_SESSIONID_LEN);
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

/*
 * ... also at the session's limit: nfsd bound it, so it is bound beyond
 * the limit and held (gate.held), taking no slot and nothing from the
 * connection that has it.
 */
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
	KUNIT_EXPECT_TRUE(test, gate.new_session);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	gsession(test, 1, c2, NFS41CONN_DIR_FORE);
	greply_seq(&reply, s1, NFS4_OK);
	nfs41conn_gate_reply(gt(test), c1, &call, &reply, &gate);
	KUNIT_EXPECT_TRUE(test, gate.held);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c1));
	KUNIT_EXPECT_EQ(test, gdir(test, c1, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, gpending(test, c1, s1), 0);
	KUNIT_EXPECT_EQ(test, gexcess(test, c1, s1), 1);
	KUNIT_EXPECT_EQ(test, gnr_held(test), 1);
	KUNIT_EXPECT_EQ(test, gdir(test, c2, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_held(c2));
	expect_session(test, s1, 1, 1, 1, 0);
	expect_table(test, 2, 1, 2);
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

	gbind(test, c2, s1, NFS4_CDFC4_BACK);
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

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
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

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_drain(gt(test), c1));

	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_REFUSE, NFS4ERR_DELAY, false);
	KUNIT_EXPECT_EQ(test, gate.opnum, OP_SEQUENCE);
	KUNIT_EXPECT_MEMEQ(test, gate.sessionid, s1, NFS4_MAX_SESSIONID_LEN);
	KUNIT_EXPECT_EQ(test, gcount(c1, NFS41CONN_REFUSED_DRAINING), 1);
	KUNIT_EXPECT_EQ(test, gcount(c1, NFS41CONN_HELD_LIMIT), 0);
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

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
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
 * Make a session at its limit of @max and a connection with a SEQUENCE
 * reserved beyond it: the call passes, the connection is held, and
 * nothing is taken from the session's connections, even one idle long
 * enough to be evicted.
 */
static void gseq_over_limit(struct kunit *test, struct nfs41conn_conn *conn,
			    const u8 *sid, struct nfs41conn_call *call,
			    struct nfs41conn_gate *gate)
{
	gcall_seq(call, sid);
	nfs41conn_gate_call(gt(test), conn, call, gate);
	expect_gate(test, gate, NFS41CONN_PASS, 0, true);
	KUNIT_ASSERT_TRUE(test, gate->excess);
	KUNIT_ASSERT_TRUE(test, nfs41conn_conn_held(conn));
}

/*
 * At the limit: the SEQUENCE passes to nfsd with a reservation beyond the
 * limit, which takes no slot, and the connection is held; nothing is
 * evicted, not even an idle connection, and the gate refuses nothing.
 */
static void gate_seq_over_limit(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	gevict_on(test);
	gidle(test, c1, s1);

	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c3, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, true);
	KUNIT_EXPECT_TRUE(test, gate.excess);
	KUNIT_EXPECT_EQ(test, gate.why, NFS41CONN_REFUSAL_NONE);
	KUNIT_EXPECT_EQ(test, gate.opnum, OP_SEQUENCE);
	KUNIT_EXPECT_MEMEQ(test, gate.sessionid, s1, NFS4_MAX_SESSIONID_LEN);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c3));
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_held(c1));
	KUNIT_EXPECT_EQ(test, gcount(c3, NFS41CONN_HELD_LIMIT), 1);
	KUNIT_EXPECT_EQ(test, gpending(test, c3, s1), 1);
	KUNIT_EXPECT_EQ(test, gexcess(test, c3, s1), 1);
	KUNIT_EXPECT_EQ(test, gsession_excess(test, s1), 1);
	/* Nothing taken from the session's connections. */
	KUNIT_EXPECT_EQ(test, READ_ONCE(c1->state), NFS41CONN_CONN_OPEN);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c2->state), NFS41CONN_CONN_OPEN);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_calls_stopped(c1));
	KUNIT_EXPECT_EQ(test, gdir(test, c1, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, gdir(test, c2, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, gnr_held(test), 0);
	expect_session(test, s1, 2, 2, 2, 0);
	expect_table(test, 3, 1, 3);
}

struct reject_param {
	u32		status;
	bool		abandon;	/* no reply to learn from at all */
	const char	*name;
};

static const struct reject_param reject_params[] = {
	{ NFS4ERR_SEQ_MISORDERED, false, "SEQ_MISORDERED" },
	{ NFS4ERR_BADSLOT, false, "BADSLOT" },
	{ NFS4ERR_DELAY, false, "DELAY" },
	{ 0, true, "abandoned" },
};

KUNIT_ARRAY_PARAM_DESC(reject, reject_params, name);

/*
 * nfsd rejects the SEQUENCE reserved beyond the limit (or the call goes
 * without a reply): the reservation goes, the hold ends and the gate says
 * so (gate.resume), and nothing was taken from anyone.
 */
static void gate_over_limit_rejected_resumes(struct kunit *test)
{
	const struct reject_param *p = test->param_value;
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	gevict_on(test);
	gidle(test, c1, s1);
	gseq_over_limit(test, c3, s1, &call, &gate);

	if (p->abandon) {
		nfs41conn_gate_abandon(gt(test), c3, &gate);
	} else {
		greply_seq(&reply, s1, p->status);
		nfs41conn_gate_reply(gt(test), c3, &call, &reply, &gate);
	}
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_TRUE(test, gate.resume);
	KUNIT_EXPECT_FALSE(test, gate.held);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_held(c3));
	KUNIT_EXPECT_EQ(test, gpending(test, c3, s1), -1);
	KUNIT_EXPECT_EQ(test, gsession_excess(test, s1), 0);
	KUNIT_EXPECT_EQ(test, gnr_held(test), 0);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c2));
	KUNIT_EXPECT_EQ(test, gdir(test, c1, s1), NFS41CONN_DIR_FORE);
	expect_session(test, s1, 2, 2, 2, 0);
	expect_table(test, 3, 1, 2);
}

/*
 * nfsd's SEQUENCE OK binds the connection beyond the limit: the binding
 * is held (gate.held: rotation is to look at it), the connection's calls
 * stay held, and nothing is evicted at reply time either.
 */
static void gate_over_limit_reply_ok_holds(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	gevict_on(test);
	gidle(test, c1, s1);
	gseq_over_limit(test, c3, s1, &call, &gate);

	greply_seq(&reply, s1, NFS4_OK);
	nfs41conn_gate_reply(gt(test), c3, NULL, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_TRUE(test, gate.held);
	KUNIT_EXPECT_FALSE(test, gate.resume);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c3));
	KUNIT_EXPECT_EQ(test, gdir(test, c3, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, gpending(test, c3, s1), 0);
	KUNIT_EXPECT_EQ(test, gexcess(test, c3, s1), 1);
	KUNIT_EXPECT_EQ(test, gnr_held(test), 1);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c1->state), NFS41CONN_CONN_OPEN);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_calls_stopped(c1));
	KUNIT_EXPECT_EQ(test, gdir(test, c1, s1), NFS41CONN_DIR_FORE);
	/* Held: it carries no call, and counts nowhere but as held. */
	expect_session(test, s1, 2, 2, 2, 0);
	KUNIT_EXPECT_EQ(test, gsession_excess(test, s1), 1);
	expect_table(test, 3, 1, 3);
}

/*
 * Room made while nfsd ran the call (a connection closed): its SEQUENCE
 * OK takes the free slot, and the hold ends there and then.
 */
static void gate_over_limit_reply_after_room(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	gseq_over_limit(test, c3, s1, &call, &gate);
	nfs41conn_conn_remove(gt(test), c2);

	greply_seq(&reply, s1, NFS4_OK);
	nfs41conn_gate_reply(gt(test), c3, NULL, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_FALSE(test, gate.held);
	KUNIT_EXPECT_TRUE(test, gate.resume);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_held(c3));
	KUNIT_EXPECT_EQ(test, gdir(test, c3, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, gexcess(test, c3, s1), 0);
	KUNIT_EXPECT_EQ(test, gnr_held(test), 0);
	KUNIT_EXPECT_EQ(test, gsession_excess(test, s1), 0);
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
	KUNIT_EXPECT_MEMEQ(test, gate.sessionid, s1, NFS4_MAX_SESSIONID_LEN);
	KUNIT_EXPECT_EQ(test, gdir(test, c2, s1), NFS41CONN_DIR_NONE);
	expect_session(test, s1, 2, 1, 1, 0);

	greply_bcts(&reply, s1, NFS4_OK, NFS4_CDFS4_BOTH);
	/* The answer is checked against the channels asked for. */
	KUNIT_EXPECT_TRUE(test, nfs41conn_reply_needs_call(&reply, &gate));
	nfs41conn_gate_reply(gt(test), c2, &call, &reply, &gate);
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

struct bcts_over_param {
	u32		cdfc;		/* asked for */
	u32		cdfs;		/* granted by nfsd */
	bool		held;		/* bound beyond the limit, held */
	const char	*name;
};

static const struct bcts_over_param bcts_over_params[] = {
	{ NFS4_CDFC4_FORE, NFS4_CDFS4_FORE, true, "fore" },
	{ NFS4_CDFC4_FORE_OR_BOTH, NFS4_CDFS4_BOTH, false, "both" },
	{ NFS4_CDFC4_BACK, NFS4_CDFS4_BACK, false, "back" },
};

KUNIT_ARRAY_PARAM_DESC(bcts_over, bcts_over_params, name);

/*
 * BIND_CONN_TO_SESSION at the limit passes with a reservation beyond it,
 * like SEQUENCE.  nfsd's fore channel grant is held; one with the back
 * channel is admitted over the limit, its hold ended: the replies of the
 * back channel must be read.
 */
static void gate_bcts_over_limit(struct kunit *test)
{
	const struct bcts_over_param *p = test->param_value;
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	nfs41conn_table_set_max_conns(gt(test), 1);
	gcall_bcts(&call, s1, 1, p->cdfc);
	nfs41conn_gate_call(gt(test), c2, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, true);
	KUNIT_EXPECT_TRUE(test, gate.excess);
	KUNIT_EXPECT_EQ(test, gate.opnum, OP_BIND_CONN_TO_SESSION);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c2));
	expect_session(test, s1, 1, 1, 1, 0);
	expect_table(test, 2, 1, 2);

	greply_bcts(&reply, s1, NFS4_OK, p->cdfs);
	nfs41conn_gate_reply(gt(test), c2, NULL, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_EQ(test, gate.held, p->held);
	KUNIT_EXPECT_EQ(test, gate.resume, !p->held);
	KUNIT_EXPECT_EQ(test, nfs41conn_conn_held(c2), p->held);
	KUNIT_EXPECT_EQ(test, gexcess(test, c2, s1), p->held ? 1 : 0);
	KUNIT_EXPECT_EQ(test, gnr_held(test), p->held ? 1 : 0);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	if (p->held)
		expect_session(test, s1, 1, 1, 1, 0);
	else if (p->cdfs == NFS4_CDFS4_BOTH)
		expect_session(test, s1, 2, 2, 2, 1);
	else
		expect_session(test, s1, 2, 1, 1, 1);
	expect_table(test, 2, 1, 2);
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
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply, &gate));
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
	       NFS4_MAX_SESSIONID_LEN);
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

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	gcall_seq_destroy(&call, s1, s1);
	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, false);

	greply_seq(&reply, s1, NFS4_OK);
	greply_add(&reply, OP_DESTROY_SESSION, NFS4_OK);
	KUNIT_EXPECT_TRUE(test, nfs41conn_reply_needs_call(&reply, &gate));
	nfs41conn_gate_reply(gt(test), c1, &call, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gsession_found(test, s1));
	KUNIT_EXPECT_EQ(test, gdir(test, c1, s1), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, gdir(test, c2, s1), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, c1->nr_sessions, 0);
	expect_table(test, 2, 0, 0);
}

/*
 * SEQUENCE, PUTFH, DESTROY_SESSION: the last DESTROY_SESSION is past what
 * the peek decodes, and learned from how both records end, only for the
 * session of the SEQUENCE nfsd accepted, and only if nfsd ran every
 * operation.
 */
struct gate_last_destroy_case {
	const char	*name;
	u8		destroyed;	/* session named at the end of the call */
	u32		nres;		/* results in the reply */
	bool		reply_says;	/* the reply ends with DESTROY_SESSION OK */
	bool		purged;
};

static const struct gate_last_destroy_case gate_last_destroy_cases[] = {
	{ "purges", 1, 3, true, true },
	{ "other_session_kept", 2, 3, true, false },
	{ "not_all_ops_run", 1, 2, true, false },
	{ "reply_not_destroy", 1, 3, false, false },
};

static void gate_last_destroy_desc(const struct gate_last_destroy_case *c,
				   char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(gate_last_destroy, gate_last_destroy_cases,
		  gate_last_destroy_desc);

static void gate_destroy_session_last(struct kunit *test)
{
	const struct gate_last_destroy_case *c = test->param_value;
	struct nfs41conn_conn *c1 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_BOTH);
	u8 *s2 = gsession(test, 2, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gcall_seq(&call, s1);
	call.nops = 3;
	call.last_destroy = true;
	memcpy(call.last_sessionid, c->destroyed == 1 ? s1 : s2,
	       NFS4_MAX_SESSIONID_LEN);
	nfs41conn_gate_call(gt(test), c1, &call, &gate);

	greply_seq(&reply, s1, NFS4_OK);
	reply.nres = c->nres;
	reply.last_destroyed = c->reply_says;
	KUNIT_EXPECT_EQ(test, nfs41conn_reply_needs_call(&reply, &gate),
			c->reply_says);
	nfs41conn_gate_reply(gt(test), c1, &call, &reply, &gate);
	KUNIT_EXPECT_EQ(test, gsession_found(test, s1), !c->purged);
	KUNIT_EXPECT_TRUE(test, gsession_found(test, s2));
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
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply, &gate));
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
	/* The minor version is known: the gate has it from the call. */
	struct nfs41conn_gate gate = { .minorversion = 1 };
	struct nfs41conn_reply reply;
	u8 *s1 = gsid(test, 1);

	greply_seq(&reply, s1, NFS4_OK);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply, &gate));
	greply_seq(&reply, s1, NFS4ERR_BADSLOT);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply, &gate));
	greply_cs(&reply, s1, NFS4_OK, SESSION4_BACK_CHAN);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply, &gate));
	/* BIND_CONN_TO_SESSION OK is checked against the channels asked. */
	greply_bcts(&reply, s1, NFS4_OK, NFS4_CDFS4_FORE);
	KUNIT_EXPECT_TRUE(test, nfs41conn_reply_needs_call(&reply, &gate));
	greply_bcts(&reply, s1, NFS4ERR_INVAL, NFS4_CDFS4_FORE);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply, &gate));
	greply_op(&reply, OP_DESTROY_SESSION, NFS4ERR_BADXDR);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply, &gate));

	/* A result not decoded does not count. */
	greply_seq(&reply, s1, NFS4_OK);
	greply_add(&reply, OP_DESTROY_SESSION, NFS4_OK);
	reply.nr_peeked = 1;
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply, &gate));
}

/*
 * A session is learned with the minor version of the call that taught it,
 * which the gate has only from the call: with none recorded (a call that
 * held no reservation, its gate zeroed), results that teach a session
 * want the call; results that teach none do not.
 */
static void gate_needs_call_minor_unknown(struct kunit *test)
{
	struct nfs41conn_gate gate = {};
	struct nfs41conn_reply reply;
	u8 *s1 = gsid(test, 1);

	greply_cs(&reply, s1, NFS4_OK, 0);
	KUNIT_EXPECT_TRUE(test, nfs41conn_reply_needs_call(&reply, &gate));
	greply_cs(&reply, s1, NFS4ERR_STALE_CLIENTID, 0);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply, &gate));
	/* SEQUENCE teaches a session only if it was unknown at the call. */
	greply_seq(&reply, s1, NFS4_OK);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply, &gate));
	gate.new_session = true;
	KUNIT_EXPECT_TRUE(test, nfs41conn_reply_needs_call(&reply, &gate));

	/* Known from the call: CREATE_SESSION needs it no more. */
	gate.minorversion = 2;
	greply_cs(&reply, s1, NFS4_OK, 0);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply, &gate));
}

/*
 * The minor version recorded in the gate is the one the session is
 * learned with: CREATE_SESSION answered to a minor 2 COMPOUND makes a
 * minor 2 session.
 */
static void gate_create_session_minorversion(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test);
	struct nfs41conn_session *session;
	u8 *s1 = gsid(test, 1);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;
	u32 minor = 0;

	gcall_op(&call, OP_CREATE_SESSION);
	call.minorversion = 2;
	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	KUNIT_EXPECT_EQ(test, gate.minorversion, 2);
	greply_cs(&reply, s1, NFS4_OK, 0);
	nfs41conn_gate_reply(gt(test), c1, &call, &reply, &gate);
	rcu_read_lock();
	session = nfs41conn_session_lookup(gt(test), s1);
	if (session)
		minor = session->minorversion;
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, minor, 2);
	expect_session(test, s1, 1, 1, 1, 0);
}

struct minor_param {
	u32		session;	/* the minor version nfsd served it in */
	u32		call;		/* the draining SEQUENCE's */
	bool		refused;
	const char	*name;
};

static const struct minor_param minor_params[] = {
	{ 1, 1, true, "session 1, call 1" },
	{ 1, 2, false, "session 1, call 2" },
	{ 2, 1, false, "session 2, call 1" },
	{ 2, 2, true, "session 2, call 2" },
};

KUNIT_ARRAY_PARAM_DESC(minor, minor_params, name);

/*
 * Draining refuses a SEQUENCE only in the minor version nfsd served the
 * session in: a COMPOUND of another minor version nfsd answers itself.
 */
static void gate_seq_draining_minorversion(struct kunit *test)
{
	const struct minor_param *p = test->param_value;
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsid(test, 1);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	KUNIT_ASSERT_EQ(test, 0, nfs41conn_session_create(gt(test), s1, c1,
							  NFS41CONN_DIR_FORE,
							  p->session));
	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_drain(gt(test), c1));

	gcall_seq(&call, s1);
	call.minorversion = p->call;
	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	if (p->refused)
		expect_gate(test, &gate, NFS41CONN_REFUSE, NFS4ERR_DELAY,
			    false);
	else
		expect_gate(test, &gate, NFS41CONN_PASS, 0, false);
	KUNIT_EXPECT_EQ(test, gcount(c1, NFS41CONN_REFUSED_DRAINING),
			p->refused ? 1 : 0);
	expect_session(test, s1, 2, 2, 1, 0);
	expect_table(test, 2, 1, 2);
}

struct drain_mode_param {
	enum nfs41conn_drain_mode mode;
	bool		last;		/* no other fore channel is ready */
	enum nfs41conn_verdict verdict;
	u32		status;
	bool		close_after_reply;
	const char	*name;
};

static const struct drain_mode_param drain_mode_params[] = {
	{ NFS41CONN_DRAIN_DELAY, false, NFS41CONN_REFUSE, NFS4ERR_DELAY,
	  false, "delay" },
	{ NFS41CONN_DRAIN_CLOSE, false, NFS41CONN_CLOSE, 0, false, "close" },
	{ NFS41CONN_DRAIN_REPLY_CLOSE, false, NFS41CONN_PASS, 0, true,
	  "reply-close" },
	{ NFS41CONN_DRAIN_DELAY, true, NFS41CONN_PASS, 0, false,
	  "delay, last fore" },
	{ NFS41CONN_DRAIN_CLOSE, true, NFS41CONN_PASS, 0, false,
	  "close, last fore" },
	{ NFS41CONN_DRAIN_REPLY_CLOSE, true, NFS41CONN_PASS, 0, false,
	  "reply-close, last fore" },
};

KUNIT_ARRAY_PARAM_DESC(drain_mode, drain_mode_params, name);

/*
 * net.nfs41conn.drain_mode: a SEQUENCE on a draining connection is
 * answered NFS4ERR_DELAY (delay), closed without an answer (close), or
 * passed, the connection to be closed after its reply (reply-close);
 * only while another fore channel connection of the session takes the
 * traffic, or it passes as on any connection.  Nothing is reserved, no
 * other connection is touched, and a connection not draining passes
 * whatever the mode.
 */
static void gate_seq_draining_mode(struct kunit *test)
{
	const struct drain_mode_param *p = test->param_value;
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	gbind(test, c3, s1, NFS4_CDFC4_FORE);
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_drain(gt(test), c1));
	if (p->last) {
		KUNIT_ASSERT_EQ(test, 0, nfs41conn_drain(gt(test), c2));
		nfs41conn_conn_remove(gt(test), c3);
	}
	nfs41conn_table_set_drain_mode(gt(test), p->mode);

	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	expect_gate(test, &gate, p->verdict, p->status, false);
	KUNIT_EXPECT_EQ(test, gate.close_after_reply, p->close_after_reply);
	KUNIT_EXPECT_EQ(test, gate.why,
			p->verdict == NFS41CONN_PASS ?
			NFS41CONN_REFUSAL_NONE : NFS41CONN_REFUSAL_DRAINING);
	KUNIT_EXPECT_EQ(test, gcount(c1, NFS41CONN_REFUSED_DRAINING),
			p->verdict == NFS41CONN_PASS ? 0 : 1);
	/* The gate decides; it stops nothing itself, here or elsewhere. */
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_calls_stopped(c1));
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_calls_stopped(c2));
	KUNIT_EXPECT_EQ(test, gpending(test, c1, s1), 0);

	if (!p->last) {
		gcall_seq(&call, s1);
		nfs41conn_gate_call(gt(test), c2, &call, &gate);
		expect_gate(test, &gate, NFS41CONN_PASS, 0, false);
		KUNIT_EXPECT_FALSE(test, gate.close_after_reply);
		KUNIT_EXPECT_EQ(test, gcount(c2, NFS41CONN_REFUSED_DRAINING),
				0);
		expect_session(test, s1, 3, 3, 2, 0);
	}
}

/*
 * reply-close on a draining connection that is not bound to the session:
 * the SEQUENCE passes as on any connection, reserving for the bind nfsd
 * will make, and the connection is closed after its reply.
 */
static void gate_seq_draining_reply_close_unbound(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	KUNIT_ASSERT_EQ(test, 0, nfs41conn_drain(gt(test), c2));
	nfs41conn_table_set_drain_mode(gt(test), NFS41CONN_DRAIN_REPLY_CLOSE);
	gcall_seq(&call, s1);
	nfs41conn_gate_call(gt(test), c2, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, true);
	KUNIT_EXPECT_TRUE(test, gate.close_after_reply);
	KUNIT_EXPECT_EQ(test, gpending(test, c2, s1), 1);
	nfs41conn_gate_abandon(gt(test), c2, &gate);
	KUNIT_EXPECT_EQ(test, gpending(test, c2, s1), -1);
	expect_session(test, s1, 1, 1, 1, 0);
}

/* SEQUENCE of @sid on slot 0 with @seqid, and nfsd's OK for it. */
static void gseq_slot(struct nfs41conn_call *call,
		      struct nfs41conn_reply *reply, const u8 *sid, u32 seqid)
{
	gcall_seq(call, sid);
	call->op[0].sequence.slotid = 0;
	call->op[0].sequence.sequenceid = seqid;
	greply_seq(reply, sid, NFS4_OK);
	reply->res[0].sequence.slotid = 0;
	reply->res[0].sequence.sequenceid = seqid;
}

struct replay_param {
	unsigned int	max;		/* the session's limit */
	const char	*name;
};

static const struct replay_param replay_params[] = {
	{ 3, "within the limit" },
	{ 1, "beyond the limit" },
};

KUNIT_ARRAY_PARAM_DESC(replay, replay_params, name);

/*
 * nfsd answers a SEQUENCE whose slot and sequence ID it answered already
 * from its reply cache, before it looks at the connection: a replay on a
 * new connection binds nothing, and its reservation is cancelled (a hold
 * it made ends).  A new request on the slot then binds.
 */
static void gate_seq_replay_not_learned(struct kunit *test)
{
	const struct replay_param *p = test->param_value;
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	nfs41conn_table_set_max_conns(gt(test), p->max);
	/* The request, on the connection bound already. */
	gseq_slot(&call, &reply, s1, 5);
	nfs41conn_gate_call(gt(test), c1, &call, &gate);
	KUNIT_ASSERT_FALSE(test, gate.reserved);
	nfs41conn_gate_reply(gt(test), c1, NULL, &reply, &gate);

	/* Its retransmission on a new connection: answered from the cache. */
	nfs41conn_gate_call(gt(test), c2, &call, &gate);
	KUNIT_ASSERT_TRUE(test, gate.reserved);
	KUNIT_EXPECT_EQ(test, gate.excess, p->max == 1);
	nfs41conn_gate_reply(gt(test), c2, NULL, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_FALSE(test, gate.held);
	KUNIT_EXPECT_EQ(test, gate.resume, p->max == 1);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_held(c2));
	KUNIT_EXPECT_EQ(test, gdir(test, c2, s1), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, gpending(test, c2, s1), -1);
	KUNIT_EXPECT_EQ(test, gnr_held(test), 0);
	expect_session(test, s1, 1, 1, 1, 0);
	expect_table(test, 2, 1, 1);

	/* The next request on the slot is nfsd's to bind. */
	gseq_slot(&call, &reply, s1, 6);
	nfs41conn_gate_call(gt(test), c2, &call, &gate);
	nfs41conn_gate_reply(gt(test), c2, NULL, &reply, &gate);
	KUNIT_EXPECT_EQ(test, gdir(test, c2, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, gate.held, p->max == 1);
}

/*
 * The lookup that tells a new SEQUENCE from a replay also tells how the
 * connection is bound: a reservation is not a binding.
 */
static void gate_accepted_tells_binding(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_BOTH);
	u8 *s2 = gsid(test, 2);
	enum nfs41conn_dir bound;

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_reserve(gt(test), c3, s1));

	bound = NFS41CONN_DIR_NONE;
	KUNIT_EXPECT_TRUE(test, nfs41conn_accepted(gt(test), c1->id, s1, 0, 1,
						   &bound));
	KUNIT_EXPECT_EQ(test, bound, NFS41CONN_DIR_BOTH);
	bound = NFS41CONN_DIR_NONE;
	/* A replay: not new, and still bound. */
	KUNIT_EXPECT_FALSE(test, nfs41conn_accepted(gt(test), c1->id, s1, 0, 1,
						    &bound));
	KUNIT_EXPECT_EQ(test, bound, NFS41CONN_DIR_BOTH);
	KUNIT_EXPECT_TRUE(test, nfs41conn_accepted(gt(test), c2->id, s1, 1, 1,
						   &bound));
	KUNIT_EXPECT_EQ(test, bound, NFS41CONN_DIR_FORE);
	bound = NFS41CONN_DIR_BOTH;
	KUNIT_EXPECT_TRUE(test, nfs41conn_accepted(gt(test), c3->id, s1, 2, 1,
						   &bound));
	KUNIT_EXPECT_EQ(test, bound, NFS41CONN_DIR_NONE);
	/* The slot seen through a binding is the session's. */
	KUNIT_EXPECT_FALSE(test, nfs41conn_accepted(gt(test), c3->id, s1, 1, 1,
						    &bound));
	bound = NFS41CONN_DIR_BOTH;
	KUNIT_EXPECT_FALSE(test, nfs41conn_accepted(gt(test), c1->id, s2, 0, 1,
						    &bound));
	KUNIT_EXPECT_EQ(test, bound, NFS41CONN_DIR_NONE);
	/* Destroyed: its bindings and reservations go with it. */
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_session_destroy(gt(test), s1));
	KUNIT_EXPECT_FALSE(test, nfs41conn_accepted(gt(test), c1->id, s1, 3, 1,
						    &bound));
	KUNIT_EXPECT_EQ(test, bound, NFS41CONN_DIR_NONE);
}

/*
 * nfs41conn_forget_sessions() (the namespace's last listener gone): every
 * session and binding goes, held ones too, and every connection stays,
 * open and not held.
 */
static void gate_forget_sessions(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = gsession(test, 2, c2, NFS41CONN_DIR_BOTH);

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	KUNIT_ASSERT_EQ(test, NFS41CONN_RESERVED_EXCESS,
			nfs41conn_reserve(gt(test), c3, s1));
	KUNIT_ASSERT_EQ(test, NFS41CONN_HELD,
			nfs41conn_commit(gt(test), c3, s1, NFS41CONN_DIR_FORE));
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_reserve(gt(test), c3, s2));
	expect_table(test, 3, 2, 5);

	nfs41conn_forget_sessions(gt(test));
	KUNIT_EXPECT_FALSE(test, gsession_found(test, s1));
	KUNIT_EXPECT_FALSE(test, gsession_found(test, s2));
	KUNIT_EXPECT_EQ(test, gnr_held(test), 0);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_held(c3));
	KUNIT_EXPECT_EQ(test, c1->nr_sessions, 0);
	KUNIT_EXPECT_EQ(test, c2->nr_sessions, 0);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c2));
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c3));
	KUNIT_EXPECT_EQ(test, READ_ONCE(c3->state), NFS41CONN_CONN_OPEN);
	expect_table(test, 3, 0, 0);
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
	KUNIT_EXPECT_TRUE(test, nfs41conn_reply_needs_call(&reply, &gate));
	nfs41conn_gate_reply(gt(test), c2, &call, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_FALSE(test, gsession_found(test, s1));
	KUNIT_EXPECT_EQ(test, gpending(test, c2, s1), -1);
	expect_session(test, s2, 1, 1, 1, 0);
	expect_table(test, 2, 1, 1);
}

/*
 * ... also one reserved beyond the limit: the purge takes the reservation
 * and ends the hold, and the gate says so.
 */
static void gate_over_limit_session_gone_resumes(struct kunit *test)
{
	const struct gone_param *p = test->param_value;
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	nfs41conn_table_set_max_conns(gt(test), 1);
	gseq_over_limit(test, c2, s1, &call, &gate);
	greply_seq(&reply, s1, p->status);
	nfs41conn_gate_reply(gt(test), c2, &call, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_TRUE(test, gate.resume);
	KUNIT_EXPECT_FALSE(test, gate.held);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_held(c2));
	KUNIT_EXPECT_FALSE(test, gsession_found(test, s1));
	expect_table(test, 2, 0, 0);
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
	KUNIT_CASE_PARAM(gate_over_limit_rejected_resumes, reject_gen_params),
	KUNIT_CASE(gate_over_limit_reply_ok_holds),
	KUNIT_CASE(gate_over_limit_reply_after_room),
	KUNIT_CASE(gate_bcts_reserves_and_binds),
	KUNIT_CASE(gate_bcts_reply_back),
	KUNIT_CASE(gate_bcts_not_only_op_passes),
	KUNIT_CASE(gate_bcts_reply_error_cancels),
	KUNIT_CASE_PARAM(gate_bcts_over_limit, bcts_over_gen_params),
	KUNIT_CASE(gate_bcts_reply_upgrades_fore),
	KUNIT_CASE(gate_create_session_fore),
	KUNIT_CASE(gate_create_session_back_chan),
	KUNIT_CASE(gate_create_session_error),
	KUNIT_CASE(gate_create_session_replay),
	KUNIT_CASE(gate_destroy_session_purges),
	KUNIT_CASE(gate_destroy_other_session),
	KUNIT_CASE_PARAM(gate_destroy_session_last,
			 gate_last_destroy_gen_params),
	KUNIT_CASE(gate_destroy_session_not_done),
	KUNIT_CASE(gate_needs_call_false),
	KUNIT_CASE(gate_needs_call_minor_unknown),
	KUNIT_CASE(gate_create_session_minorversion),
	KUNIT_CASE_PARAM(gate_seq_draining_minorversion, minor_gen_params),
	KUNIT_CASE_PARAM(gate_seq_draining_mode, drain_mode_gen_params),
	KUNIT_CASE(gate_seq_draining_reply_close_unbound),
	KUNIT_CASE_PARAM(gate_seq_replay_not_learned, replay_gen_params),
	KUNIT_CASE(gate_accepted_tells_binding),
	KUNIT_CASE(gate_forget_sessions),
	KUNIT_CASE_PARAM(gate_session_gone_purges, gone_gen_params),
	KUNIT_CASE_PARAM(gate_over_limit_session_gone_resumes,
			 gone_gen_params),
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
/* nfs41conn_rotate: admitting connections bound beyond the limit */

/*
 * Have nfsd bind @conn to @sid beyond the session's limit: reserved beyond
 * it, and committed fore, the binding is held.
 */
static void ghold(struct kunit *test, struct nfs41conn_conn *conn,
		  const u8 *sid)
{
	KUNIT_ASSERT_EQ(test, NFS41CONN_RESERVED_EXCESS,
			nfs41conn_reserve(gt(test), conn, sid));
	KUNIT_ASSERT_EQ(test, NFS41CONN_HELD,
			nfs41conn_commit(gt(test), conn, sid,
					 NFS41CONN_DIR_FORE));
	KUNIT_ASSERT_TRUE(test, nfs41conn_conn_held(conn));
}

/* The reference a step handed over, put when the case ends. */
static void gstep_ref(struct kunit *test, struct nfs41conn_conn *conn)
{
	int err;

	if (!conn)
		return;
	err = kunit_add_action_or_reset(test, nfs41conn_kt_conn_put_action,
					conn);
	KUNIT_ASSERT_EQ(test, err, 0);
}

/* One step of rotation; its references are put when the case ends. */
static bool grotate_may(struct kunit *test,
			bool (*may_close)(struct nfs41conn_conn *conn),
			struct nfs41conn_rotation *step)
{
	bool done;

	memset(step, 0xa5, sizeof(*step));
	done = nfs41conn_rotate(gt(test), may_close, step);
	gstep_ref(test, step->admitted);
	gstep_ref(test, step->evicted);
	gstep_ref(test, step->expired);
	return done;
}

static bool grotate(struct kunit *test, struct nfs41conn_rotation *step)
{
	return grotate_may(test, NULL, step);
}

/* Rotation finds no step to take, and says so with an empty step. */
#define expect_no_step(test) __expect_no_step(test, __LINE__)

static void __expect_no_step(struct kunit *test, int line)
{
	struct nfs41conn_rotation step;

	KUNIT_EXPECT_FALSE_MSG(test, grotate(test, &step), "line %d", line);
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
	KUNIT_EXPECT_EQ_MSG(test, gexcess(test, held, sid), 0, "line %d",
			    line);
	KUNIT_EXPECT_EQ_MSG(test, gdir(test, held, sid), NFS41CONN_DIR_FORE,
			    "line %d", line);
	if (!evicted)
		return;
	KUNIT_EXPECT_EQ_MSG(test, READ_ONCE(evicted->state),
			    NFS41CONN_CONN_CLOSED, "line %d", line);
	KUNIT_EXPECT_FALSE_MSG(test, gconn_found(test, evicted), "line %d",
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
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_rotation step;

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	ghold(test, c3, s1);
	gidle(test, c1, s1);
	KUNIT_EXPECT_EQ(test, gnr_held(test), 1);

	KUNIT_EXPECT_TRUE(test, grotate(test, &step));
	expect_admitted(test, &step, c3, c1, s1);
	KUNIT_EXPECT_EQ(test, gdir(test, c1, s1), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c2));
	KUNIT_EXPECT_EQ(test, gnr_held(test), 0);
	KUNIT_EXPECT_EQ(test, gsession_excess(test, s1), 0);
	KUNIT_EXPECT_EQ(test, gpending(test, c3, s1), 0);
	expect_session(test, s1, 2, 2, 2, 0);
	expect_table(test, 2, 1, 2);

	/* Nothing held any more: nothing to do. */
	expect_no_step(test);
}

/* The evicted connection is unbound from every session, not only this one. */
static void rotate_unbinds_everywhere(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = gsession(test, 2, c2, NFS41CONN_DIR_BOTH);
	struct nfs41conn_rotation step;

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	gbind(test, c1, s2, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	ghold(test, c3, s1);
	gidle(test, c1, s1);

	KUNIT_EXPECT_TRUE(test, grotate(test, &step));
	expect_admitted(test, &step, c3, c1, s1);
	KUNIT_EXPECT_EQ(test, gdir(test, c1, s2), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, gpending(test, c1, s2), -1);
	KUNIT_EXPECT_EQ(test, c1->nr_sessions, 0);
	expect_session(test, s1, 2, 2, 2, 0);
	expect_session(test, s2, 1, 1, 1, 1);
	expect_table(test, 2, 2, 3);
}

/* Of several connections idle in the session, the one idle longest goes. */
static void rotate_longest_idle(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *c4 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_rotation step;

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	gbind(test, c3, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 3);
	ghold(test, c4, s1);
	/* The oldest neither first nor last in the session's list. */
	gidle_ms(test, c1, s1, 2 * TEVICT_MS);
	gidle(test, c2, s1);
	gidle_ms(test, c3, s1, 3 * TEVICT_MS);

	KUNIT_EXPECT_TRUE(test, grotate(test, &step));
	expect_admitted(test, &step, c4, c2, s1);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c3));
	expect_session(test, s1, 3, 3, 3, 0);
	expect_table(test, 3, 1, 3);
}

/* Idle in the session for less than evict_idle_ms: nothing is done. */
static void rotate_not_idle_enough(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	ghold(test, c3, s1);
	gidle_ms(test, c1, s1, TEVICT_MS / 2);

	expect_no_step(test);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c3));
	KUNIT_EXPECT_EQ(test, gnr_held(test), 1);
	expect_session(test, s1, 2, 2, 2, 0);
	expect_table(test, 3, 1, 3);
}

/*
 * A call of the session nfsd accepted on a connection (its SEQUENCE OK,
 * nfs41conn_accepted()) makes it active in the session again.
 */
static void rotate_accepted_protects(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	ghold(test, c3, s1);
	gidle(test, c1, s1);
	gidle(test, c2, s1);
	KUNIT_EXPECT_TRUE(test, nfs41conn_accepted(gt(test), c1->id, s1, 0, 1,
						   NULL));
	KUNIT_EXPECT_TRUE(test, nfs41conn_accepted(gt(test), c2->id, s1, 1, 1,
						   NULL));

	expect_no_step(test);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c2));
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c3));
	expect_table(test, 3, 1, 3);
}

/*
 * A call that only came on a connection (nfs41conn_conn_touch(), from
 * recvfrom, for any call, nfsd's answer unknown) is not activity in the
 * session: a client that sends nothing nfsd accepts keeps nothing.
 */
static void rotate_touch_does_not_protect(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_rotation step;

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	ghold(test, c3, s1);
	gidle(test, c1, s1);
	WRITE_ONCE(c1->last_call_ns, 0);
	WRITE_ONCE(c2->last_call_ns, 0);
	nfs41conn_conn_touch(c1);
	KUNIT_EXPECT_GT(test, READ_ONCE(c1->last_call_ns), 0);

	KUNIT_EXPECT_TRUE(test, grotate(test, &step));
	expect_admitted(test, &step, c3, c1, s1);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c2));
	expect_table(test, 2, 1, 2);
}

/*
 * Nor is a SEQUENCE nfsd answered from its reply cache: the replay of an
 * accepted request keeps nothing idle from eviction.
 */
static void rotate_replay_does_not_protect(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_rotation step;

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	ghold(test, c3, s1);
	KUNIT_EXPECT_TRUE(test, nfs41conn_accepted(gt(test), c1->id, s1, 4, 9,
						   NULL));
	gidle(test, c1, s1);
	KUNIT_EXPECT_FALSE(test, nfs41conn_accepted(gt(test), c1->id, s1, 4,
						    9, NULL));

	KUNIT_EXPECT_TRUE(test, grotate(test, &step));
	expect_admitted(test, &step, c3, c1, s1);
	expect_table(test, 2, 1, 2);
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
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *c4 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = gsession(test, 2, c4, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, cdfc[p->idle_dir]);
	if (p->back_elsewhere)
		gbind(test, c2, s2, NFS4_CDFC4_BACK);
	/* Another fore connection, so that c1 is no last fore channel. */
	gbind(test, c4, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 3);
	ghold(test, c3, s1);
	gidle(test, c2, s1);

	expect_no_step(test);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c2));
	KUNIT_EXPECT_EQ(test, gdir(test, c2, s1), p->idle_dir);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c3));
	expect_table(test, 4, 2, p->back_elsewhere ? 6 : 5);
}

/*
 * Never the session's last fore channel connection that is not draining:
 * with the only other fore connection draining, nothing is evicted.
 */
static void rotate_keeps_last_ready_fore(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_drain(gt(test), c2));
	nfs41conn_table_set_max_conns(gt(test), 2);
	ghold(test, c3, s1);
	gidle(test, c1, s1);

	expect_no_step(test);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c1->state), NFS41CONN_CONN_OPEN);
	expect_session(test, s1, 2, 2, 1, 0);
	expect_table(test, 3, 1, 3);
}

/*
 * Nor the last fore channel connection of another session it is bound
 * to: the longest idle connection is skipped for the next one.
 */
static void rotate_keeps_other_sessions_last_fore(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = gsession(test, 2, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_rotation step;

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	ghold(test, c3, s1);
	gidle(test, c1, s1);
	gidle_ms(test, c2, s1, 2 * TEVICT_MS);

	KUNIT_EXPECT_TRUE(test, grotate(test, &step));
	expect_admitted(test, &step, c3, c2, s1);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	expect_session(test, s2, 1, 1, 1, 0);
	expect_session(test, s1, 2, 2, 2, 0);
	expect_table(test, 2, 2, 3);
}

/*
 * A session over a lowered limit is not rotated into: evicting one would
 * make no room.
 */
static void rotate_not_over_lowered_limit(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *c4 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	gbind(test, c3, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	ghold(test, c4, s1);
	gidle(test, c1, s1);
	gidle(test, c2, s1);

	expect_no_step(test);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c1->state), NFS41CONN_CONN_OPEN);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c2->state), NFS41CONN_CONN_OPEN);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c4));
	expect_session(test, s1, 3, 3, 3, 0);
	expect_table(test, 4, 1, 4);
}

/* A draining connection is the admin's to close, not rotation's. */
static void rotate_skips_draining(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *c4 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	gbind(test, c3, s1, NFS4_CDFC4_FORE);
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_drain(gt(test), c1));
	nfs41conn_table_set_max_conns(gt(test), 3);
	ghold(test, c4, s1);
	gidle(test, c1, s1);

	expect_no_step(test);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c1->state), NFS41CONN_CONN_DRAINING);
	expect_session(test, s1, 3, 3, 2, 0);
	expect_table(test, 4, 1, 4);
}

/*
 * A connection with a call in progress is never evicted, however long
 * idle in the session: closing it would lose the reply.  Once the call
 * ends it is, and no call is passed on it any more.
 */
static void rotate_skips_busy(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_rotation step;

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	ghold(test, c3, s1);
	KUNIT_ASSERT_TRUE(test, nfs41conn_conn_call_begin(c1));
	gidle(test, c1, s1);
	gidle_ms(test, c2, s1, TEVICT_MS / 2);

	expect_no_step(test);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_busy(c1));

	nfs41conn_conn_call_end(c1);
	KUNIT_EXPECT_TRUE(test, grotate(test, &step));
	expect_admitted(test, &step, c3, c1, s1);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_call_begin(c1));
	/* The admitted connection's calls are not affected. */
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_call_begin(c3));
	nfs41conn_conn_call_end(c3);
	expect_session(test, s1, 2, 2, 2, 0);
	expect_table(test, 2, 1, 2);
}

/* An idle time of 0 turns eviction off. */
static void rotate_zero_disables(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	nfs41conn_table_set_evict_idle(gt(test), 0);
	ghold(test, c3, s1);
	gidle(test, c1, s1);
	gidle(test, c2, s1);

	expect_no_step(test);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c2));
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c3));
	expect_table(test, 3, 1, 3);
}

/*
 * The held connections themselves, however idle, are no victims: neither
 * the one the step is for nor another held one of the session.
 */
static void rotate_not_held_conn(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *c4 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	ghold(test, c3, s1);
	ghold(test, c4, s1);
	gidle(test, c3, s1);
	gidle(test, c4, s1);

	expect_no_step(test);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c3->state), NFS41CONN_CONN_OPEN);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c4->state), NFS41CONN_CONN_OPEN);
	KUNIT_EXPECT_EQ(test, gnr_held(test), 2);
	expect_table(test, 4, 1, 4);
}

/* No held binding, nothing is done, however idle and full a session. */
static void rotate_nothing_held(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	gidle(test, c1, s1);
	gidle(test, c2, s1);

	expect_no_step(test);
	expect_table(test, 2, 1, 2);
}

/*
 * A session loses at most one connection per evict_idle_ms to rotation,
 * oldest held first: the second held one waits, and is admitted after
 * the period.
 */
static void rotate_once_per_period(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *c4 = gconn(test);
	struct nfs41conn_conn *c5 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_rotation step;

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	gbind(test, c3, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 3);
	ghold(test, c4, s1);
	ghold(test, c5, s1);
	gidle(test, c1, s1);
	KUNIT_ASSERT_TRUE(test, nfs41conn_kt_set_active(gt(test), c2, s1, 1));

	KUNIT_ASSERT_TRUE(test, grotate(test, &step));
	expect_admitted(test, &step, c4, c1, s1);

	expect_no_step(test);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c2));
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c5));

	msleep(TEVICT_MS + 50);
	/* c3 and c4 were active meanwhile; c2 still idle since boot. */
	KUNIT_EXPECT_TRUE(test, nfs41conn_accepted(gt(test), c3->id, s1, 0, 1,
						   NULL));
	KUNIT_EXPECT_TRUE(test, nfs41conn_accepted(gt(test), c4->id, s1, 1, 1,
						   NULL));
	KUNIT_EXPECT_TRUE(test, grotate(test, &step));
	expect_admitted(test, &step, c5, c2, s1);
	expect_session(test, s1, 3, 3, 3, 0);
	expect_table(test, 3, 1, 3);
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
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_rotation step;

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	nfs41conn_table_set_evict_idle(gt(test), 0);
	ghold(test, c3, s1);
	expect_no_step(test);

	switch (p->how) {
	case ROOM_CLOSE:
		nfs41conn_conn_remove(gt(test), c2);
		break;
	case ROOM_LIMIT:
		nfs41conn_table_set_max_conns(gt(test), 3);
		break;
	}
	KUNIT_EXPECT_TRUE(test, grotate(test, &step));
	expect_admitted(test, &step, c3, NULL, s1);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	KUNIT_EXPECT_EQ(test, gnr_held(test), 0);
	if (p->how == ROOM_LIMIT) {
		KUNIT_EXPECT_TRUE(test, gconn_found(test, c2));
		expect_session(test, s1, 3, 3, 3, 0);
	} else {
		expect_session(test, s1, 2, 2, 2, 0);
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
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_rotation step;
	u64 now;

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	ghold(test, c3, s1);

	/* A second short of it. */
	now = ktime_get_coarse_boottime_ns() - NFS41CONN_HOLD_MAX_NS;
	KUNIT_ASSERT_TRUE(test, nfs41conn_kt_set_held_ns(gt(test), c3, s1,
							 now + NSEC_PER_SEC));
	expect_no_step(test);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c3));

	now = ktime_get_coarse_boottime_ns() - NFS41CONN_HOLD_MAX_NS;
	KUNIT_ASSERT_TRUE(test, nfs41conn_kt_set_held_ns(gt(test), c3, s1,
							 now));
	KUNIT_EXPECT_TRUE(test, grotate(test, &step));
	KUNIT_EXPECT_PTR_EQ(test, step.expired, c3);
	KUNIT_EXPECT_NULL(test, step.admitted);
	KUNIT_EXPECT_NULL(test, step.evicted);
	KUNIT_EXPECT_EQ(test, step.held_id, c3->id);
	KUNIT_EXPECT_MEMEQ(test, step.sessionid, s1, NFS4_MAX_SESSIONID_LEN);
	KUNIT_EXPECT_GE(test, step.held_ns, NFS41CONN_HOLD_MAX_NS);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c3->state), NFS41CONN_CONN_CLOSED);
	KUNIT_EXPECT_FALSE(test, gconn_found(test, c3));
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_calls_stopped(c3));
	KUNIT_EXPECT_EQ(test, gnr_held(test), 0);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c2));
	KUNIT_EXPECT_EQ(test, gsession_excess(test, s1), 0);
	expect_session(test, s1, 2, 2, 2, 0);
	expect_table(test, 2, 1, 2);
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
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test), *c4 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_rotation step;

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	gbind(test, c3, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 3);
	ghold(test, c4, s1);
	gidle(test, c1, s1);

	rotate_protected = c1;
	KUNIT_EXPECT_FALSE(test, grotate_may(test, rotate_may_close, &step));
	KUNIT_EXPECT_NULL(test, step.evicted);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c4));

	gidle_ms(test, c2, s1, TEVICT_MS * 2);
	KUNIT_EXPECT_TRUE(test, grotate_may(test, rotate_may_close, &step));
	rotate_protected = NULL;
	expect_admitted(test, &step, c4, c2, s1);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	expect_session(test, s1, 3, 3, 3, 0);
	expect_table(test, 3, 1, 3);
}

/*
 * A reservation beyond the limit that nfsd did not bind (cancelled) ends
 * its hold and leaves nothing for rotation: no one is evicted for it,
 * idle victim or not.
 */
static void rotate_cancelled_evicts_nothing(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	gidle(test, c1, s1);
	KUNIT_ASSERT_EQ(test, NFS41CONN_RESERVED_EXCESS,
			nfs41conn_reserve(gt(test), c3, s1));
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c3));
	/* Not nfsd's yet: nothing is held for rotation. */
	KUNIT_EXPECT_EQ(test, gnr_held(test), 0);
	expect_no_step(test);

	KUNIT_EXPECT_TRUE(test, nfs41conn_cancel(gt(test), c3, s1));
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_held(c3));
	expect_no_step(test);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	KUNIT_EXPECT_EQ(test, gpending(test, c3, s1), -1);
	expect_session(test, s1, 2, 2, 2, 0);
	expect_table(test, 3, 1, 2);
}

/*
 * Of two reservations beyond the limit on one connection, only the last
 * to go ends its hold.
 */
static void rotate_cancel_resumes_last(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = gsession(test, 2, c1, NFS41CONN_DIR_FORE);

	nfs41conn_table_set_max_conns(gt(test), 1);
	KUNIT_ASSERT_EQ(test, NFS41CONN_RESERVED_EXCESS,
			nfs41conn_reserve(gt(test), c2, s1));
	KUNIT_ASSERT_EQ(test, NFS41CONN_RESERVED_EXCESS,
			nfs41conn_reserve(gt(test), c2, s2));
	KUNIT_EXPECT_FALSE(test, nfs41conn_cancel(gt(test), c2, s1));
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c2));
	KUNIT_EXPECT_TRUE(test, nfs41conn_cancel(gt(test), c2, s2));
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_held(c2));
	/* Nothing left to cancel: no hold ended. */
	KUNIT_EXPECT_FALSE(test, nfs41conn_cancel(gt(test), c2, s2));
	expect_table(test, 2, 2, 2);
}

/*
 * Admitting one of a connection's two held bindings leaves it held: the
 * step hands it over (step.admitted) only when its hold ends.
 */
static void rotate_admitted_when_hold_ends(struct kunit *test)
{
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = gsession(test, 2, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_rotation step;

	nfs41conn_table_set_max_conns(gt(test), 1);
	ghold(test, c2, s1);
	ghold(test, c2, s2);
	KUNIT_EXPECT_EQ(test, gnr_held(test), 2);
	nfs41conn_table_set_max_conns(gt(test), 2);

	KUNIT_EXPECT_TRUE(test, grotate(test, &step));
	KUNIT_EXPECT_NULL(test, step.admitted);
	KUNIT_EXPECT_EQ(test, step.held_id, c2->id);
	KUNIT_EXPECT_MEMEQ(test, step.sessionid, s1, NFS4_MAX_SESSIONID_LEN);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c2));
	KUNIT_EXPECT_EQ(test, gexcess(test, c2, s1), 0);

	KUNIT_EXPECT_TRUE(test, grotate(test, &step));
	expect_admitted(test, &step, c2, NULL, s2);
	KUNIT_EXPECT_EQ(test, gnr_held(test), 0);
	expect_session(test, s1, 2, 2, 2, 0);
	expect_session(test, s2, 2, 2, 2, 0);
	expect_table(test, 2, 2, 4);
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
	struct nfs41conn_conn *c1 = gconn(test), *c2 = gconn(test);
	struct nfs41conn_conn *c3 = gconn(test);
	u8 *s1 = gsession(test, 1, c1, NFS41CONN_DIR_FORE);

	gbind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(gt(test), 2);
	gidle(test, c1, s1);
	KUNIT_ASSERT_EQ(test, NFS41CONN_RESERVED_EXCESS,
			nfs41conn_reserve(gt(test), c3, s1));
	KUNIT_EXPECT_EQ(test, 0, nfs41conn_commit(gt(test), c3, s1, p->dir));
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_held(c3));
	KUNIT_EXPECT_EQ(test, gexcess(test, c3, s1), 0);
	KUNIT_EXPECT_EQ(test, gdir(test, c3, s1), p->dir);
	KUNIT_EXPECT_EQ(test, gnr_held(test), 0);
	expect_no_step(test);
	KUNIT_EXPECT_TRUE(test, gconn_found(test, c1));
	if (p->dir == NFS41CONN_DIR_BOTH)
		expect_session(test, s1, 3, 3, 3, 1);
	else
		expect_session(test, s1, 3, 2, 2, 1);
	expect_table(test, 3, 1, 3);
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

/* Registered by kunit/table_test.c, as nfs41conn_gate_suite. */
struct kunit_suite nfs41conn_rotate_suite = {
	.name = "nfs41conn_rotate",
	.init = evict_test_init,
	.exit = gate_test_exit,
	.test_cases = nfs41conn_rotate_cases,
};
