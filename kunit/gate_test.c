// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the nfs41conn gate (nfs41conn/gate.c), suite
 * nfs41conn_gate: what the gate decides on a peeked call, and what it
 * learns from the peeked reply: reservations made, within or beyond the
 * limit, committed and cancelled, holds begun and ended, refusals,
 * sessions learned and purged.
 *
 * The peeks (struct nfs41conn_call, struct nfs41conn_reply) are filled in
 * by hand: no XDR is involved.  Every case runs on a fresh table and checks
 * the decision as well as the state left behind.
 */

#include <kunit/test.h>
#include <linux/nfs.h>
#include <linux/nfs4.h>
#include <linux/rcupdate.h>
#include <linux/string.h>

#include <nfs41conn/gate.h>
#include <nfs41conn/table.h>
#include <nfs41conn/xdr.h>

#include "helpers.h"

/* One of a connection's counters. */
static long long conn_counter(struct nfs41conn_conn *conn,
			      enum nfs41conn_conn_counter counter)
{
	return atomic64_read(&conn->counters[counter]);
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

static void call_op(struct nfs41conn_call *call, u32 opnum)
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
static void call_seq(struct nfs41conn_call *call, const u8 *sid)
{
	call_op(call, OP_SEQUENCE);
	call->nops = 2;
	memcpy(call->op[0].sequence.sessionid, sid, NFS4_MAX_SESSIONID_LEN);
	call->op[0].sequence.sequenceid = 7;
}

/* BIND_CONN_TO_SESSION of @sid asking for @cdfc, in @nops operations. */
static void call_bcts(struct nfs41conn_call *call, const u8 *sid, u32 nops,
		      u32 cdfc)
{
	call_op(call, OP_BIND_CONN_TO_SESSION);
	call->nops = nops;
	memcpy(call->op[0].bind_conn.sessionid, sid, NFS4_MAX_SESSIONID_LEN);
	call->op[0].bind_conn.dir = cdfc;
}

/* SEQUENCE of @seq_sid, then DESTROY_SESSION of @sid. */
static void call_seq_destroy(struct nfs41conn_call *call, const u8 *seq_sid,
			     const u8 *sid)
{
	call_seq(call, seq_sid);
	call->nr_peeked = 2;
	call->op[1].opnum = OP_DESTROY_SESSION;
	memcpy(call->op[1].destroy_session.sessionid, sid,
	       NFS4_MAX_SESSIONID_LEN);
}

static void reply_op(struct nfs41conn_reply *reply, u32 opnum, u32 status)
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
static void reply_add(struct nfs41conn_reply *reply, u32 opnum, u32 status)
{
	reply->res[1].opnum = opnum;
	reply->res[1].status = status;
	reply->status = status;
	reply->nres = 2;
	reply->nr_peeked = 2;
}

/* SEQUENCE's result: the resok naming @sid if @status is NFS4_OK. */
static void reply_seq(struct nfs41conn_reply *reply, const u8 *sid,
		      u32 status)
{
	reply_op(reply, OP_SEQUENCE, status);
	if (status == NFS4_OK)
		memcpy(reply->res[0].sequence.sessionid, sid,
		       NFS4_MAX_SESSIONID_LEN);
}

/* BIND_CONN_TO_SESSION's result, channel_dir_from_server4 @dir. */
static void reply_bcts(struct nfs41conn_reply *reply, const u8 *sid,
		       u32 status, u32 dir)
{
	reply_op(reply, OP_BIND_CONN_TO_SESSION, status);
	if (status == NFS4_OK) {
		memcpy(reply->res[0].bind_conn.sessionid, sid,
		       NFS4_MAX_SESSIONID_LEN);
		reply->res[0].bind_conn.dir = dir;
	}
}

/* CREATE_SESSION's result with csr_flags @flags. */
static void reply_cs(struct nfs41conn_reply *reply, const u8 *sid,
		     u32 status, u32 flags)
{
	reply_op(reply, OP_CREATE_SESSION, status);
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
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	/* What op[0] holds is not decoded and must not be looked at. */
	call_seq(&call, s1);
	call.nr_peeked = 0;
	memset(&gate, 0xa5, sizeof(gate));
	nfs41conn_gate_call(kt_table(test), c2, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, false);
	KUNIT_EXPECT_EQ(test, gate.opnum, 0);
	KUNIT_EXPECT_FALSE(test, gate.excess);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c2, s1), NFS41CONN_DIR_NONE);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 1);
}

/* A COMPOUND led by an operation that binds nothing passes. */
static void gate_other_op_passes(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_op(&call, OP_PUTROOTFH);
	nfs41conn_gate_call(kt_table(test), c2, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, false);
	KUNIT_EXPECT_EQ(test, gate.opnum, OP_PUTROOTFH);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 1);
}

/* SEQUENCE on a connection bound to its session: nothing to reserve. */
static void gate_seq_bound_passes(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_seq(&call, s1);
	nfs41conn_gate_call(kt_table(test), c1, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, false);
	KUNIT_EXPECT_EQ(test, gate.opnum, OP_SEQUENCE);
	KUNIT_EXPECT_MEMEQ(test, gate.sessionid, s1, NFS4_MAX_SESSIONID_LEN);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c1, s1), 0);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

/* SEQUENCE on an unbound connection reserves a slot, binding nothing. */
static void gate_seq_unbound_reserves(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_seq(&call, s1);
	nfs41conn_gate_call(kt_table(test), c2, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, true);
	KUNIT_EXPECT_MEMEQ(test, gate.sessionid, s1, NFS4_MAX_SESSIONID_LEN);
	KUNIT_EXPECT_FALSE(test, gate.excess);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_held(c2));
	KUNIT_EXPECT_EQ(test, kt_dir(test, c2, s1), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c2, s1), 1);
	KT_EXPECT_SESSION(test, s1, 2, 1, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 2);
}

/* nfsd's SEQUENCE OK commits the reservation: bound fore, slot kept. */
static void gate_seq_reply_ok_binds_fore(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_seq(&call, s1);
	nfs41conn_gate_call(kt_table(test), c2, &call, &gate);
	KUNIT_ASSERT_TRUE(test, gate.reserved);

	reply_seq(&reply, s1, NFS4_OK);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply, &gate));
	nfs41conn_gate_reply(kt_table(test), c2, NULL, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c2, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c2, s1), 0);
	KT_EXPECT_SESSION(test, s1, 2, 2, 2, 0);
	KT_EXPECT_TABLE(test, 2, 1, 2);
}

/* A failed SEQUENCE did not bind: the reservation is cancelled. */
static void gate_seq_reply_error_cancels(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_seq(&call, s1);
	nfs41conn_gate_call(kt_table(test), c2, &call, &gate);
	KUNIT_ASSERT_TRUE(test, gate.reserved);

	reply_seq(&reply, s1, NFS4ERR_BADSLOT);
	nfs41conn_gate_reply(kt_table(test), c2, &call, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c2, s1), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c2, s1), -1);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 1);
}

/* A reply of which the peek decoded no result cancels the reservation. */
static void gate_reply_no_result_cancels(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_seq(&call, s1);
	nfs41conn_gate_call(kt_table(test), c2, &call, &gate);
	KUNIT_ASSERT_TRUE(test, gate.reserved);

	/* res[0] is not decoded and must not be looked at. */
	reply_seq(&reply, s1, NFS4_OK);
	reply.nr_peeked = 0;
	nfs41conn_gate_reply(kt_table(test), c2, &call, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c2, s1), NFS41CONN_DIR_NONE);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 1);
}

/* No reply to learn from (not decodable, or none sent): abandon cancels. */
static void gate_abandon_cancels(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_seq(&call, s1);
	nfs41conn_gate_call(kt_table(test), c2, &call, &gate);
	KUNIT_ASSERT_TRUE(test, gate.reserved);

	nfs41conn_gate_abandon(kt_table(test), c2, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c2, s1), -1);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 1);

	/* Once only: a second abandon finds nothing to cancel. */
	nfs41conn_gate_abandon(kt_table(test), c2, &gate);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 1);
}

/* One reservation per call: abandoning one leaves the other's slot. */
static void gate_abandon_keeps_other_call(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_gate gate1, gate2;
	struct nfs41conn_call call;

	call_seq(&call, s1);
	nfs41conn_gate_call(kt_table(test), c2, &call, &gate1);
	nfs41conn_gate_call(kt_table(test), c2, &call, &gate2);
	KUNIT_ASSERT_TRUE(test, gate1.reserved);
	KUNIT_ASSERT_TRUE(test, gate2.reserved);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c2, s1), 2);
	KT_EXPECT_SESSION(test, s1, 2, 1, 1, 0);

	nfs41conn_gate_abandon(kt_table(test), c2, &gate1);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c2, s1), 1);
	KT_EXPECT_SESSION(test, s1, 2, 1, 1, 0);
	nfs41conn_gate_abandon(kt_table(test), c2, &gate2);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c2, s1), -1);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 1);
}

/* SEQUENCE of a session the table does not know: nfsd decides. */
static void gate_seq_unknown_session_passes(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_sid(test, 1);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_seq(&call, s1);
	nfs41conn_gate_call(kt_table(test), c1, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, false);
	KUNIT_EXPECT_MEMEQ(test, gate.sessionid, s1, NFS4_MAX_SESSIONID_LEN);
	KUNIT_EXPECT_FALSE(test, kt_session_found(test, s1));
	KT_EXPECT_TABLE(test, 1, 0, 0);
}

/* ... and its SEQUENCE OK teaches the table the session, bound fore. */
static void gate_seq_reply_learns_session(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_sid(test, 1);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_seq(&call, s1);
	nfs41conn_gate_call(kt_table(test), c1, &call, &gate);
	reply_seq(&reply, s1, NFS4_OK);
	nfs41conn_gate_reply(kt_table(test), c1, NULL, &reply, &gate);
	KUNIT_EXPECT_TRUE(test, kt_session_found(test, s1));
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_FORE);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

/*
 * The session was unknown when the call came, and another connection's
 * reply made it known before this one's: the connection is bound too.
 */
static void gate_seq_reply_binds_known_session(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_sid(test, 1);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_seq(&call, s1);
	nfs41conn_gate_call(kt_table(test), c1, &call, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	kt_session(test, 1, c2, NFS41CONN_DIR_FORE);
	reply_seq(&reply, s1, NFS4_OK);
	nfs41conn_gate_reply(kt_table(test), c1, &call, &reply, &gate);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c1, s1), 0);
	KT_EXPECT_SESSION(test, s1, 2, 2, 2, 0);
	KT_EXPECT_TABLE(test, 2, 1, 2);
}

/*
 * ... also at the session's limit: nfsd bound it, so it is bound beyond
 * the limit and held (gate.held), taking no slot and nothing from the
 * connection that has it.
 */
static void gate_seq_reply_known_session_full(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_sid(test, 1);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	nfs41conn_table_set_max_conns(kt_table(test), 1);
	call_seq(&call, s1);
	nfs41conn_gate_call(kt_table(test), c1, &call, &gate);
	KUNIT_EXPECT_TRUE(test, gate.new_session);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	kt_session(test, 1, c2, NFS41CONN_DIR_FORE);
	reply_seq(&reply, s1, NFS4_OK);
	nfs41conn_gate_reply(kt_table(test), c1, &call, &reply, &gate);
	KUNIT_EXPECT_TRUE(test, gate.held);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c1));
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c1, s1), 0);
	KUNIT_EXPECT_EQ(test, kt_excess(test, c1, s1), 1);
	KUNIT_EXPECT_EQ(test, kt_nr_held(test), 1);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c2, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_held(c2));
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 2);
}

/* A SEQUENCE error for an unknown session teaches nothing. */
static void gate_seq_reply_error_learns_nothing(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_sid(test, 1);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_seq(&call, s1);
	nfs41conn_gate_call(kt_table(test), c1, &call, &gate);
	reply_seq(&reply, s1, NFS4ERR_SEQ_MISORDERED);
	nfs41conn_gate_reply(kt_table(test), c1, &call, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, kt_session_found(test, s1));
	KT_EXPECT_TABLE(test, 1, 0, 0);
}

/* SEQUENCE binds implicitly fore: it never narrows a BOTH binding. */
static void gate_seq_reply_keeps_both(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_BOTH);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_seq(&call, s1);
	nfs41conn_gate_call(kt_table(test), c1, &call, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	reply_seq(&reply, s1, NFS4_OK);
	nfs41conn_gate_reply(kt_table(test), c1, NULL, &reply, &gate);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_BOTH);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 1);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

/* ... nor turns a back channel binding into a fore one (nfsd does not). */
static void gate_seq_reply_keeps_back(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	kt_bind(test, c2, s1, NFS4_CDFC4_BACK);
	call_seq(&call, s1);
	nfs41conn_gate_call(kt_table(test), c2, &call, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	reply_seq(&reply, s1, NFS4_OK);
	nfs41conn_gate_reply(kt_table(test), c2, NULL, &reply, &gate);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c2, s1), NFS41CONN_DIR_BACK);
	KT_EXPECT_SESSION(test, s1, 2, 1, 1, 1);
	KT_EXPECT_TABLE(test, 2, 1, 2);
}

/* A session purged while its SEQUENCE ran is not brought back. */
static void gate_seq_reply_after_destroy(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_seq(&call, s1);
	nfs41conn_gate_call(kt_table(test), c2, &call, &gate);
	KUNIT_ASSERT_TRUE(test, gate.reserved);
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_session_destroy(kt_table(test), s1));

	reply_seq(&reply, s1, NFS4_OK);
	nfs41conn_gate_reply(kt_table(test), c2, NULL, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_FALSE(test, kt_session_found(test, s1));
	KT_EXPECT_TABLE(test, 2, 0, 0);
}

/*
 * A bound connection's SEQUENCE answered after another connection
 * destroyed the session: the session is not brought back.
 */
static void gate_seq_bound_reply_after_destroy(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	call_seq(&call, s1);
	nfs41conn_gate_call(kt_table(test), c2, &call, &gate);
	KUNIT_ASSERT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_FALSE(test, gate.new_session);
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_session_destroy(kt_table(test), s1));

	reply_seq(&reply, s1, NFS4_OK);
	nfs41conn_gate_reply(kt_table(test), c2, &call, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, kt_session_found(test, s1));
	KT_EXPECT_TABLE(test, 2, 0, 0);
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
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(statuses); i++) {
		struct nfs41conn_conn *c = kt_conn(test);

		call_seq(&call, s1);
		nfs41conn_gate_call(kt_table(test), c, &call, &gate);
		KUNIT_ASSERT_TRUE(test, gate.reserved);
		reply_seq(&reply, s1, statuses[i]);
		nfs41conn_gate_reply(kt_table(test), c, &call, &reply, &gate);
		KUNIT_EXPECT_FALSE(test, gate.reserved);
		KUNIT_EXPECT_EQ(test, kt_dir(test, c, s1), NFS41CONN_DIR_FORE);
		KUNIT_EXPECT_EQ(test, kt_pending(test, c, s1), 0);
	}
	KT_EXPECT_SESSION(test, s1, 3, 3, 3, 0);
	KT_EXPECT_TABLE(test, 3, 1, 3);
}

/* SEQUENCE on a connection already closed: nothing reserved for it. */
static void gate_seq_closed_conn_passes(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	nfs41conn_conn_remove(kt_table(test), c2);
	call_seq(&call, s1);
	nfs41conn_gate_call(kt_table(test), c2, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, false);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

/*
 * SEQUENCE on a draining connection is refused with NFS4ERR_DELAY while
 * another fore channel connection of the session takes the traffic.
 */
static void gate_seq_draining_refused(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_drain(kt_table(test), c1));

	call_seq(&call, s1);
	nfs41conn_gate_call(kt_table(test), c1, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_REFUSE, NFS4ERR_DELAY, false);
	KUNIT_EXPECT_EQ(test, gate.opnum, OP_SEQUENCE);
	KUNIT_EXPECT_MEMEQ(test, gate.sessionid, s1, NFS4_MAX_SESSIONID_LEN);
	KUNIT_EXPECT_EQ(test, conn_counter(c1, NFS41CONN_REFUSED_DRAINING), 1);
	KUNIT_EXPECT_EQ(test, conn_counter(c1, NFS41CONN_HELD_LIMIT), 0);
	KUNIT_EXPECT_EQ(test, conn_counter(c2, NFS41CONN_REFUSED_DRAINING), 0);

	nfs41conn_gate_call(kt_table(test), c1, &call, &gate);
	KUNIT_EXPECT_EQ(test, gate.verdict, NFS41CONN_REFUSE);
	KUNIT_EXPECT_EQ(test, conn_counter(c1, NFS41CONN_REFUSED_DRAINING), 2);
	KT_EXPECT_SESSION(test, s1, 2, 2, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 2);
}

/* A draining connection not bound to the session reserves nothing. */
static void gate_seq_draining_unbound_refused(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	KUNIT_ASSERT_EQ(test, 0, nfs41conn_drain(kt_table(test), c2));
	call_seq(&call, s1);
	nfs41conn_gate_call(kt_table(test), c2, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_REFUSE, NFS4ERR_DELAY, false);
	KUNIT_EXPECT_EQ(test, conn_counter(c2, NFS41CONN_REFUSED_DRAINING), 1);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c2, s1), -1);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 1);
}

/*
 * The session's last fore channel is never starved: a draining connection
 * whose fore channel peers are all gone passes.  (Draining the last fore
 * connection is refused, so the peer is closed after the drain.)
 */
static void gate_seq_draining_last_fore_passes(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_drain(kt_table(test), c1));
	nfs41conn_conn_remove(kt_table(test), c2);
	KT_EXPECT_SESSION(test, s1, 1, 1, 0, 0);

	call_seq(&call, s1);
	nfs41conn_gate_call(kt_table(test), c1, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, false);
	KUNIT_EXPECT_EQ(test, conn_counter(c1, NFS41CONN_REFUSED_DRAINING), 0);
	KT_EXPECT_SESSION(test, s1, 1, 1, 0, 0);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

/*
 * Make a session at its limit of @max and a connection with a SEQUENCE
 * reserved beyond it: the call passes, the connection is held, and
 * nothing is taken from the session's connections, even one idle long
 * enough to be evicted.
 */
static void seq_over_limit(struct kunit *test, struct nfs41conn_conn *conn,
			   const u8 *sid, struct nfs41conn_call *call,
			    struct nfs41conn_gate *gate)
{
	call_seq(call, sid);
	nfs41conn_gate_call(kt_table(test), conn, call, gate);
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
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 2);
	kt_evict_on(test);
	kt_idle(test, c1, s1);

	call_seq(&call, s1);
	nfs41conn_gate_call(kt_table(test), c3, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, true);
	KUNIT_EXPECT_TRUE(test, gate.excess);
	KUNIT_EXPECT_EQ(test, gate.why, NFS41CONN_REFUSAL_NONE);
	KUNIT_EXPECT_EQ(test, gate.opnum, OP_SEQUENCE);
	KUNIT_EXPECT_MEMEQ(test, gate.sessionid, s1, NFS4_MAX_SESSIONID_LEN);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c3));
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_held(c1));
	KUNIT_EXPECT_EQ(test, conn_counter(c3, NFS41CONN_HELD_LIMIT), 1);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c3, s1), 1);
	KUNIT_EXPECT_EQ(test, kt_excess(test, c3, s1), 1);
	KUNIT_EXPECT_EQ(test, kt_snap(test, s1).nr_excess, 1);
	/* Nothing taken from the session's connections. */
	KUNIT_EXPECT_EQ(test, READ_ONCE(c1->state), NFS41CONN_CONN_OPEN);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c2->state), NFS41CONN_CONN_OPEN);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_calls_stopped(c1));
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c2, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, kt_nr_held(test), 0);
	KT_EXPECT_SESSION(test, s1, 2, 2, 2, 0);
	KT_EXPECT_TABLE(test, 3, 1, 3);
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
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 2);
	kt_evict_on(test);
	kt_idle(test, c1, s1);
	seq_over_limit(test, c3, s1, &call, &gate);

	if (p->abandon) {
		nfs41conn_gate_abandon(kt_table(test), c3, &gate);
	} else {
		reply_seq(&reply, s1, p->status);
		nfs41conn_gate_reply(kt_table(test), c3, &call, &reply, &gate);
	}
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_TRUE(test, gate.resume);
	KUNIT_EXPECT_FALSE(test, gate.held);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_held(c3));
	KUNIT_EXPECT_EQ(test, kt_pending(test, c3, s1), -1);
	KUNIT_EXPECT_EQ(test, kt_snap(test, s1).nr_excess, 0);
	KUNIT_EXPECT_EQ(test, kt_nr_held(test), 0);
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c2));
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_FORE);
	KT_EXPECT_SESSION(test, s1, 2, 2, 2, 0);
	KT_EXPECT_TABLE(test, 3, 1, 2);
}

/*
 * nfsd's SEQUENCE OK binds the connection beyond the limit: the binding
 * is held (gate.held: rotation is to look at it), the connection's calls
 * stay held, and nothing is evicted at reply time either.
 */
static void gate_over_limit_reply_ok_holds(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 2);
	kt_evict_on(test);
	kt_idle(test, c1, s1);
	seq_over_limit(test, c3, s1, &call, &gate);

	reply_seq(&reply, s1, NFS4_OK);
	nfs41conn_gate_reply(kt_table(test), c3, NULL, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_TRUE(test, gate.held);
	KUNIT_EXPECT_FALSE(test, gate.resume);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c3));
	KUNIT_EXPECT_EQ(test, kt_dir(test, c3, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c3, s1), 0);
	KUNIT_EXPECT_EQ(test, kt_excess(test, c3, s1), 1);
	KUNIT_EXPECT_EQ(test, kt_nr_held(test), 1);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c1->state), NFS41CONN_CONN_OPEN);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_calls_stopped(c1));
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_FORE);
	/* Held: it carries no call, and counts nowhere but as held. */
	KT_EXPECT_SESSION(test, s1, 2, 2, 2, 0);
	KUNIT_EXPECT_EQ(test, kt_snap(test, s1).nr_excess, 1);
	KT_EXPECT_TABLE(test, 3, 1, 3);
}

/*
 * Room made while nfsd ran the call (a connection closed): its SEQUENCE
 * OK takes the free slot, and the hold ends there and then.
 */
static void gate_over_limit_reply_after_room(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 2);
	seq_over_limit(test, c3, s1, &call, &gate);
	nfs41conn_conn_remove(kt_table(test), c2);

	reply_seq(&reply, s1, NFS4_OK);
	nfs41conn_gate_reply(kt_table(test), c3, NULL, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_FALSE(test, gate.held);
	KUNIT_EXPECT_TRUE(test, gate.resume);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_held(c3));
	KUNIT_EXPECT_EQ(test, kt_dir(test, c3, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, kt_excess(test, c3, s1), 0);
	KUNIT_EXPECT_EQ(test, kt_nr_held(test), 0);
	KUNIT_EXPECT_EQ(test, kt_snap(test, s1).nr_excess, 0);
	KT_EXPECT_SESSION(test, s1, 2, 2, 2, 0);
	KT_EXPECT_TABLE(test, 2, 1, 2);
}

/* BIND_CONN_TO_SESSION alone reserves; its OK binds as nfsd granted. */
static void gate_bcts_reserves_and_binds(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_bcts(&call, s1, 1, NFS4_CDFC4_FORE_OR_BOTH);
	nfs41conn_gate_call(kt_table(test), c2, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, true);
	KUNIT_EXPECT_EQ(test, gate.opnum, OP_BIND_CONN_TO_SESSION);
	KUNIT_EXPECT_MEMEQ(test, gate.sessionid, s1, NFS4_MAX_SESSIONID_LEN);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c2, s1), NFS41CONN_DIR_NONE);
	KT_EXPECT_SESSION(test, s1, 2, 1, 1, 0);

	reply_bcts(&reply, s1, NFS4_OK, NFS4_CDFS4_BOTH);
	/* The answer is checked against the channels asked for. */
	KUNIT_EXPECT_TRUE(test, nfs41conn_reply_needs_call(&reply, &gate));
	nfs41conn_gate_reply(kt_table(test), c2, &call, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c2, s1), NFS41CONN_DIR_BOTH);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c2, s1), 0);
	KT_EXPECT_SESSION(test, s1, 2, 2, 2, 1);
	KT_EXPECT_TABLE(test, 2, 1, 2);
}

/* A back channel only grant binds back only. */
static void gate_bcts_reply_back(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_bcts(&call, s1, 1, NFS4_CDFC4_BACK);
	nfs41conn_gate_call(kt_table(test), c2, &call, &gate);
	KUNIT_ASSERT_TRUE(test, gate.reserved);
	reply_bcts(&reply, s1, NFS4_OK, NFS4_CDFS4_BACK);
	nfs41conn_gate_reply(kt_table(test), c2, NULL, &reply, &gate);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c2, s1), NFS41CONN_DIR_BACK);
	KT_EXPECT_SESSION(test, s1, 2, 1, 1, 1);
	KT_EXPECT_TABLE(test, 2, 1, 2);
}

/* BIND_CONN_TO_SESSION that is not the only op: nfsd refuses it. */
static void gate_bcts_not_only_op_passes(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_bcts(&call, s1, 2, NFS4_CDFC4_FORE);
	nfs41conn_gate_call(kt_table(test), c2, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, false);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c2, s1), -1);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 1);
}

/* A failed BIND_CONN_TO_SESSION cancels its reservation. */
static void gate_bcts_reply_error_cancels(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_bcts(&call, s1, 1, NFS4_CDFC4_FORE);
	nfs41conn_gate_call(kt_table(test), c2, &call, &gate);
	KUNIT_ASSERT_TRUE(test, gate.reserved);
	reply_bcts(&reply, s1, NFS4ERR_INVAL, 0);
	nfs41conn_gate_reply(kt_table(test), c2, &call, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c2, s1), -1);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 1);
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
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	nfs41conn_table_set_max_conns(kt_table(test), 1);
	call_bcts(&call, s1, 1, p->cdfc);
	nfs41conn_gate_call(kt_table(test), c2, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, true);
	KUNIT_EXPECT_TRUE(test, gate.excess);
	KUNIT_EXPECT_EQ(test, gate.opnum, OP_BIND_CONN_TO_SESSION);
	KUNIT_EXPECT_TRUE(test, nfs41conn_conn_held(c2));
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 2);

	reply_bcts(&reply, s1, NFS4_OK, p->cdfs);
	nfs41conn_gate_reply(kt_table(test), c2, NULL, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_EQ(test, gate.held, p->held);
	KUNIT_EXPECT_EQ(test, gate.resume, !p->held);
	KUNIT_EXPECT_EQ(test, nfs41conn_conn_held(c2), p->held);
	KUNIT_EXPECT_EQ(test, kt_excess(test, c2, s1), p->held ? 1 : 0);
	KUNIT_EXPECT_EQ(test, kt_nr_held(test), p->held ? 1 : 0);
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c1));
	if (p->held)
		KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	else if (p->cdfs == NFS4_CDFS4_BOTH)
		KT_EXPECT_SESSION(test, s1, 2, 2, 2, 1);
	else
		KT_EXPECT_SESSION(test, s1, 2, 1, 1, 1);
	KT_EXPECT_TABLE(test, 2, 1, 2);
}

/*
 * BIND_CONN_TO_SESSION of a bound connection reserves nothing, and the
 * direction nfsd grants is final: FORE_OR_BOTH on a fore binding gets
 * both channels.
 */
static void gate_bcts_reply_upgrades_fore(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_bcts(&call, s1, 1, NFS4_CDFC4_FORE_OR_BOTH);
	nfs41conn_gate_call(kt_table(test), c1, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, false);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c1, s1), 0);

	reply_bcts(&reply, s1, NFS4_OK, NFS4_CDFS4_BOTH);
	nfs41conn_gate_reply(kt_table(test), c1, NULL, &reply, &gate);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_BOTH);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 1);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

/*
 * CREATE_SESSION OK: the session, bound fore, and both ways with
 * SESSION4_BACK_CHAN among its flags.
 */
struct create_session_param {
	const char		*desc;
	u32			flags;
	enum nfs41conn_dir	dir;
	unsigned int		back;	/* back channel connections */
};

static const struct create_session_param create_session_params[] = {
	{ "fore", SESSION4_PERSIST, NFS41CONN_DIR_FORE, 0 },
	{ "back_chan", SESSION4_PERSIST | SESSION4_BACK_CHAN,
	  NFS41CONN_DIR_BOTH, 1 },
};

KUNIT_ARRAY_PARAM_DESC(create_session, create_session_params, desc);

static void gate_create_session_ok(struct kunit *test)
{
	const struct create_session_param *p = test->param_value;
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_sid(test, 1);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_op(&call, OP_CREATE_SESSION);
	nfs41conn_gate_call(kt_table(test), c1, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, false);
	KT_EXPECT_TABLE(test, 1, 0, 0);

	reply_cs(&reply, s1, NFS4_OK, p->flags);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply, &gate));
	nfs41conn_gate_reply(kt_table(test), c1, NULL, &reply, &gate);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), p->dir);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, p->back);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

/* A failed CREATE_SESSION creates nothing. */
static void gate_create_session_error(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_sid(test, 1);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_op(&call, OP_CREATE_SESSION);
	nfs41conn_gate_call(kt_table(test), c1, &call, &gate);
	reply_cs(&reply, s1, NFS4ERR_STALE_CLIENTID, 0);
	memcpy(reply.res[0].create_session.sessionid, s1,
	       NFS4_MAX_SESSIONID_LEN);
	nfs41conn_gate_reply(kt_table(test), c1, &call, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, kt_session_found(test, s1));
	KT_EXPECT_TABLE(test, 1, 0, 0);
}

/* A CREATE_SESSION reply replayed from nfsd's cache changes nothing. */
static void gate_create_session_replay(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_op(&call, OP_CREATE_SESSION);
	reply_cs(&reply, s1, NFS4_OK, SESSION4_BACK_CHAN);

	nfs41conn_gate_call(kt_table(test), c1, &call, &gate);
	nfs41conn_gate_reply(kt_table(test), c1, NULL, &reply, &gate);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_FORE);

	nfs41conn_gate_call(kt_table(test), c2, &call, &gate);
	nfs41conn_gate_reply(kt_table(test), c2, NULL, &reply, &gate);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c2, s1), NFS41CONN_DIR_NONE);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 1);
}

/* DESTROY_SESSION OK after SEQUENCE purges the session the call named. */
static void gate_destroy_session_purges(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_BOTH);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	call_seq_destroy(&call, s1, s1);
	nfs41conn_gate_call(kt_table(test), c1, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, false);

	reply_seq(&reply, s1, NFS4_OK);
	reply_add(&reply, OP_DESTROY_SESSION, NFS4_OK);
	KUNIT_EXPECT_TRUE(test, nfs41conn_reply_needs_call(&reply, &gate));
	nfs41conn_gate_reply(kt_table(test), c1, &call, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, kt_session_found(test, s1));
	KUNIT_EXPECT_EQ(test, kt_dir(test, c1, s1), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c2, s1), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, c1->nr_sessions, 0);
	KT_EXPECT_TABLE(test, 2, 0, 0);
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
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_BOTH);
	u8 *s2 = kt_session(test, 2, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_seq(&call, s1);
	call.nops = 3;
	call.last_destroy = true;
	memcpy(call.last_sessionid, c->destroyed == 1 ? s1 : s2,
	       NFS4_MAX_SESSIONID_LEN);
	nfs41conn_gate_call(kt_table(test), c1, &call, &gate);

	reply_seq(&reply, s1, NFS4_OK);
	reply.nres = c->nres;
	reply.last_destroyed = c->reply_says;
	KUNIT_EXPECT_EQ(test, nfs41conn_reply_needs_call(&reply, &gate),
			c->reply_says);
	nfs41conn_gate_reply(kt_table(test), c1, &call, &reply, &gate);
	KUNIT_EXPECT_EQ(test, kt_session_found(test, s1), !c->purged);
	KUNIT_EXPECT_TRUE(test, kt_session_found(test, s2));
}

/* DESTROY_SESSION's own argument says which session: not SEQUENCE's. */
static void gate_destroy_other_session(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = kt_session(test, 2, c2, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_seq_destroy(&call, s1, s2);
	nfs41conn_gate_call(kt_table(test), c1, &call, &gate);
	reply_seq(&reply, s1, NFS4_OK);
	reply_add(&reply, OP_DESTROY_SESSION, NFS4_OK);
	nfs41conn_gate_reply(kt_table(test), c1, &call, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, kt_session_found(test, s2));
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 1);
}

/* A failed DESTROY_SESSION, or one the peek did not decode, purges nothing. */
static void gate_destroy_session_not_done(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_seq_destroy(&call, s1, s1);
	nfs41conn_gate_call(kt_table(test), c1, &call, &gate);
	reply_seq(&reply, s1, NFS4_OK);
	reply_add(&reply, OP_DESTROY_SESSION,
		  NFS4ERR_CONN_NOT_BOUND_TO_SESSION);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply, &gate));
	nfs41conn_gate_reply(kt_table(test), c1, &call, &reply, &gate);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);

	/* OK, but the call's DESTROY_SESSION was not decoded. */
	reply_seq(&reply, s1, NFS4_OK);
	reply_add(&reply, OP_DESTROY_SESSION, NFS4_OK);
	call.nr_peeked = 1;
	nfs41conn_gate_reply(kt_table(test), c1, &call, &reply, &gate);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 1, 1, 1);
}

/* Plain results are learned from without the call. */
static void gate_needs_call_false(struct kunit *test)
{
	/* The minor version is known: the gate has it from the call. */
	struct nfs41conn_gate gate = { .minorversion = 1 };
	struct nfs41conn_reply reply;
	u8 *s1 = kt_sid(test, 1);

	reply_seq(&reply, s1, NFS4_OK);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply, &gate));
	reply_seq(&reply, s1, NFS4ERR_BADSLOT);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply, &gate));
	reply_cs(&reply, s1, NFS4_OK, SESSION4_BACK_CHAN);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply, &gate));
	/* BIND_CONN_TO_SESSION OK is checked against the channels asked. */
	reply_bcts(&reply, s1, NFS4_OK, NFS4_CDFS4_FORE);
	KUNIT_EXPECT_TRUE(test, nfs41conn_reply_needs_call(&reply, &gate));
	reply_bcts(&reply, s1, NFS4ERR_INVAL, NFS4_CDFS4_FORE);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply, &gate));
	reply_op(&reply, OP_DESTROY_SESSION, NFS4ERR_BADXDR);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply, &gate));

	/* A result not decoded does not count. */
	reply_seq(&reply, s1, NFS4_OK);
	reply_add(&reply, OP_DESTROY_SESSION, NFS4_OK);
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
	u8 *s1 = kt_sid(test, 1);

	reply_cs(&reply, s1, NFS4_OK, 0);
	KUNIT_EXPECT_TRUE(test, nfs41conn_reply_needs_call(&reply, &gate));
	reply_cs(&reply, s1, NFS4ERR_STALE_CLIENTID, 0);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply, &gate));
	/* SEQUENCE teaches a session only if it was unknown at the call. */
	reply_seq(&reply, s1, NFS4_OK);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply, &gate));
	gate.new_session = true;
	KUNIT_EXPECT_TRUE(test, nfs41conn_reply_needs_call(&reply, &gate));

	/* Known from the call: CREATE_SESSION needs it no more. */
	gate.minorversion = 2;
	reply_cs(&reply, s1, NFS4_OK, 0);
	KUNIT_EXPECT_FALSE(test, nfs41conn_reply_needs_call(&reply, &gate));
}

/*
 * The minor version recorded in the gate is the one the session is
 * learned with: CREATE_SESSION answered to a minor 2 COMPOUND makes a
 * minor 2 session.
 */
static void gate_create_session_minorversion(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test);
	struct nfs41conn_session *session;
	u8 *s1 = kt_sid(test, 1);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;
	u32 minor = 0;

	call_op(&call, OP_CREATE_SESSION);
	call.minorversion = 2;
	nfs41conn_gate_call(kt_table(test), c1, &call, &gate);
	KUNIT_EXPECT_EQ(test, gate.minorversion, 2);
	reply_cs(&reply, s1, NFS4_OK, 0);
	nfs41conn_gate_reply(kt_table(test), c1, &call, &reply, &gate);
	rcu_read_lock();
	session = nfs41conn_session_lookup(kt_table(test), s1);
	if (session)
		minor = session->minorversion;
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, minor, 2);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
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
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_sid(test, 1);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	KUNIT_ASSERT_EQ(test, 0, nfs41conn_session_create(kt_table(test), s1, c1,
							  NFS41CONN_DIR_FORE,
							  p->session));
	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_drain(kt_table(test), c1));

	call_seq(&call, s1);
	call.minorversion = p->call;
	nfs41conn_gate_call(kt_table(test), c1, &call, &gate);
	if (p->refused)
		expect_gate(test, &gate, NFS41CONN_REFUSE, NFS4ERR_DELAY,
			    false);
	else
		expect_gate(test, &gate, NFS41CONN_PASS, 0, false);
	KUNIT_EXPECT_EQ(test, conn_counter(c1, NFS41CONN_REFUSED_DRAINING),
			p->refused ? 1 : 0);
	KT_EXPECT_SESSION(test, s1, 2, 2, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 2);
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
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	kt_bind(test, c3, s1, NFS4_CDFC4_FORE);
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_drain(kt_table(test), c1));
	if (p->last) {
		KUNIT_ASSERT_EQ(test, 0, nfs41conn_drain(kt_table(test), c2));
		nfs41conn_conn_remove(kt_table(test), c3);
	}
	nfs41conn_table_set_drain_mode(kt_table(test), p->mode);

	call_seq(&call, s1);
	nfs41conn_gate_call(kt_table(test), c1, &call, &gate);
	expect_gate(test, &gate, p->verdict, p->status, false);
	KUNIT_EXPECT_EQ(test, gate.close_after_reply, p->close_after_reply);
	KUNIT_EXPECT_EQ(test, gate.why,
			p->verdict == NFS41CONN_PASS ?
			NFS41CONN_REFUSAL_NONE : NFS41CONN_REFUSAL_DRAINING);
	KUNIT_EXPECT_EQ(test, conn_counter(c1, NFS41CONN_REFUSED_DRAINING),
			p->verdict == NFS41CONN_PASS ? 0 : 1);
	/* The gate decides; it stops nothing itself, here or elsewhere. */
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_calls_stopped(c1));
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_calls_stopped(c2));
	KUNIT_EXPECT_EQ(test, kt_pending(test, c1, s1), 0);

	if (!p->last) {
		call_seq(&call, s1);
		nfs41conn_gate_call(kt_table(test), c2, &call, &gate);
		expect_gate(test, &gate, NFS41CONN_PASS, 0, false);
		KUNIT_EXPECT_FALSE(test, gate.close_after_reply);
		KUNIT_EXPECT_EQ(test, conn_counter(c2, NFS41CONN_REFUSED_DRAINING),
				0);
		KT_EXPECT_SESSION(test, s1, 3, 3, 2, 0);
	}
}

/*
 * reply-close on a draining connection that is not bound to the session:
 * the SEQUENCE passes as on any connection, reserving for the bind nfsd
 * will make, and the connection is closed after its reply.
 */
static void gate_seq_draining_reply_close_unbound(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	KUNIT_ASSERT_EQ(test, 0, nfs41conn_drain(kt_table(test), c2));
	nfs41conn_table_set_drain_mode(kt_table(test), NFS41CONN_DRAIN_REPLY_CLOSE);
	call_seq(&call, s1);
	nfs41conn_gate_call(kt_table(test), c2, &call, &gate);
	expect_gate(test, &gate, NFS41CONN_PASS, 0, true);
	KUNIT_EXPECT_TRUE(test, gate.close_after_reply);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c2, s1), 1);
	nfs41conn_gate_abandon(kt_table(test), c2, &gate);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c2, s1), -1);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
}

/* SEQUENCE of @sid on slot 0 with @seqid, and nfsd's OK for it. */
static void seq_slot(struct nfs41conn_call *call,
		     struct nfs41conn_reply *reply, const u8 *sid, u32 seqid)
{
	call_seq(call, sid);
	call->op[0].sequence.slotid = 0;
	call->op[0].sequence.sequenceid = seqid;
	reply_seq(reply, sid, NFS4_OK);
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
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	nfs41conn_table_set_max_conns(kt_table(test), p->max);
	/* The request, on the connection bound already. */
	seq_slot(&call, &reply, s1, 5);
	nfs41conn_gate_call(kt_table(test), c1, &call, &gate);
	KUNIT_ASSERT_FALSE(test, gate.reserved);
	nfs41conn_gate_reply(kt_table(test), c1, NULL, &reply, &gate);

	/* Its retransmission on a new connection: answered from the cache. */
	nfs41conn_gate_call(kt_table(test), c2, &call, &gate);
	KUNIT_ASSERT_TRUE(test, gate.reserved);
	KUNIT_EXPECT_EQ(test, gate.excess, p->max == 1);
	nfs41conn_gate_reply(kt_table(test), c2, NULL, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_FALSE(test, gate.held);
	KUNIT_EXPECT_EQ(test, gate.resume, p->max == 1);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_held(c2));
	KUNIT_EXPECT_EQ(test, kt_dir(test, c2, s1), NFS41CONN_DIR_NONE);
	KUNIT_EXPECT_EQ(test, kt_pending(test, c2, s1), -1);
	KUNIT_EXPECT_EQ(test, kt_nr_held(test), 0);
	KT_EXPECT_SESSION(test, s1, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 1);

	/* The next request on the slot is nfsd's to bind. */
	seq_slot(&call, &reply, s1, 6);
	nfs41conn_gate_call(kt_table(test), c2, &call, &gate);
	nfs41conn_gate_reply(kt_table(test), c2, NULL, &reply, &gate);
	KUNIT_EXPECT_EQ(test, kt_dir(test, c2, s1), NFS41CONN_DIR_FORE);
	KUNIT_EXPECT_EQ(test, gate.held, p->max == 1);
}

/*
 * The lookup that tells a new SEQUENCE from a replay also tells how the
 * connection is bound: a reservation is not a binding.
 */
static void gate_accepted_tells_binding(struct kunit *test)
{
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_BOTH);
	u8 *s2 = kt_sid(test, 2);
	enum nfs41conn_dir bound;

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_reserve(kt_table(test), c3, s1));

	bound = NFS41CONN_DIR_NONE;
	KUNIT_EXPECT_TRUE(test, nfs41conn_accepted(kt_table(test), c1, s1, 0, 1,
						   &bound));
	KUNIT_EXPECT_EQ(test, bound, NFS41CONN_DIR_BOTH);
	bound = NFS41CONN_DIR_NONE;
	/* A replay: not new, and still bound. */
	KUNIT_EXPECT_FALSE(test, nfs41conn_accepted(kt_table(test), c1, s1, 0, 1,
						    &bound));
	KUNIT_EXPECT_EQ(test, bound, NFS41CONN_DIR_BOTH);
	KUNIT_EXPECT_TRUE(test, nfs41conn_accepted(kt_table(test), c2, s1, 1, 1,
						   &bound));
	KUNIT_EXPECT_EQ(test, bound, NFS41CONN_DIR_FORE);
	bound = NFS41CONN_DIR_BOTH;
	KUNIT_EXPECT_TRUE(test, nfs41conn_accepted(kt_table(test), c3, s1, 2, 1,
						   &bound));
	KUNIT_EXPECT_EQ(test, bound, NFS41CONN_DIR_NONE);
	/* The slot seen through a binding is the session's. */
	KUNIT_EXPECT_FALSE(test, nfs41conn_accepted(kt_table(test), c3, s1, 1, 1,
						    &bound));
	bound = NFS41CONN_DIR_BOTH;
	KUNIT_EXPECT_FALSE(test, nfs41conn_accepted(kt_table(test), c1, s2, 0, 1,
						    &bound));
	KUNIT_EXPECT_EQ(test, bound, NFS41CONN_DIR_NONE);
	/* Destroyed: its bindings and reservations go with it. */
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_session_destroy(kt_table(test), s1));
	KUNIT_EXPECT_FALSE(test, nfs41conn_accepted(kt_table(test), c1, s1, 3, 1,
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
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	struct nfs41conn_conn *c3 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = kt_session(test, 2, c2, NFS41CONN_DIR_BOTH);

	kt_bind(test, c2, s1, NFS4_CDFC4_FORE);
	nfs41conn_table_set_max_conns(kt_table(test), 2);
	KUNIT_ASSERT_EQ(test, NFS41CONN_RESERVED_EXCESS,
			nfs41conn_reserve(kt_table(test), c3, s1));
	KUNIT_ASSERT_EQ(test, NFS41CONN_HELD,
			nfs41conn_commit(kt_table(test), c3, s1, NFS41CONN_DIR_FORE));
	KUNIT_ASSERT_EQ(test, 0, nfs41conn_reserve(kt_table(test), c3, s2));
	KT_EXPECT_TABLE(test, 3, 2, 5);

	nfs41conn_forget_sessions(kt_table(test));
	KUNIT_EXPECT_FALSE(test, kt_session_found(test, s1));
	KUNIT_EXPECT_FALSE(test, kt_session_found(test, s2));
	KUNIT_EXPECT_EQ(test, kt_nr_held(test), 0);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_held(c3));
	KUNIT_EXPECT_EQ(test, c1->nr_sessions, 0);
	KUNIT_EXPECT_EQ(test, c2->nr_sessions, 0);
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c1));
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c2));
	KUNIT_EXPECT_TRUE(test, kt_conn_found(test, c3));
	KUNIT_EXPECT_EQ(test, READ_ONCE(c3->state), NFS41CONN_CONN_OPEN);
	KT_EXPECT_TABLE(test, 3, 0, 0);
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
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	u8 *s2 = kt_session(test, 2, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	call_seq(&call, s1);
	nfs41conn_gate_call(kt_table(test), c2, &call, &gate);
	KUNIT_ASSERT_TRUE(test, gate.reserved);

	reply_seq(&reply, s1, p->status);
	KUNIT_EXPECT_TRUE(test, nfs41conn_reply_needs_call(&reply, &gate));
	nfs41conn_gate_reply(kt_table(test), c2, &call, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_FALSE(test, kt_session_found(test, s1));
	KUNIT_EXPECT_EQ(test, kt_pending(test, c2, s1), -1);
	KT_EXPECT_SESSION(test, s2, 1, 1, 1, 0);
	KT_EXPECT_TABLE(test, 2, 1, 1);
}

/*
 * ... also one reserved beyond the limit: the purge takes the reservation
 * and ends the hold, and the gate says so.
 */
static void gate_over_limit_session_gone_resumes(struct kunit *test)
{
	const struct gone_param *p = test->param_value;
	struct nfs41conn_conn *c1 = kt_conn(test), *c2 = kt_conn(test);
	u8 *s1 = kt_session(test, 1, c1, NFS41CONN_DIR_FORE);
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;

	nfs41conn_table_set_max_conns(kt_table(test), 1);
	seq_over_limit(test, c2, s1, &call, &gate);
	reply_seq(&reply, s1, p->status);
	nfs41conn_gate_reply(kt_table(test), c2, &call, &reply, &gate);
	KUNIT_EXPECT_FALSE(test, gate.reserved);
	KUNIT_EXPECT_TRUE(test, gate.resume);
	KUNIT_EXPECT_FALSE(test, gate.held);
	KUNIT_EXPECT_FALSE(test, nfs41conn_conn_held(c2));
	KUNIT_EXPECT_FALSE(test, kt_session_found(test, s1));
	KT_EXPECT_TABLE(test, 2, 0, 0);
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
	KUNIT_CASE_PARAM(gate_create_session_ok, create_session_gen_params),
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

KT_SUITE(gate, kt_init, kt_exit);

kunit_test_suite(nfs41conn_gate_suite);
