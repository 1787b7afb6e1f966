// SPDX-License-Identifier: GPL-2.0
/*
 * The nfs41conn gate.
 *
 * Operation:
 *
 * recvfrom.c peeks at each call and asks nfs41conn_gate_call() what to do
 * with it, before nfsd sees it.  The gate asks the table one question
 * about the call (nfs41conn_ask()) and has its answer: draining, bound
 * already, or what was reserved.  It refuses only what nfsd would
 * accept, and takes nothing from anyone for a call nfsd may reject:
 *
 *  - SEQUENCE first on a draining connection, unless every other fore
 *    channel connection of the session is draining too (a session's last
 *    fore channel is never starved), and only in the minor version nfsd
 *    served the session in: by net.nfs41conn.drain_mode, refused with
 *    NFS4ERR_DELAY at SEQUENCE, so the slot is not used (RFC 8881
 *    Section 2.10.6.2); or not answered, the connection closed (the
 *    client sends the call again, same slot and sequence ID, on a new
 *    connection); or passed, the connection closed after its reply.
 *    Each acts on the connection the call came on, and on no other;
 *  - SEQUENCE first on a connection not bound to its (known) session, and
 *    BIND_CONN_TO_SESSION alone: nfsd will bind, so a slot is reserved
 *    first.  At the session's limit the reservation is made beyond it: the
 *    call passes, nothing is evicted, and no further call is read from the
 *    connection until nfsd has answered (nfs41conn_reserve());
 *  - everything else, and any call whose session the table does not know,
 *    passes: nfsd gives its own answer.
 *
 * sendto.c peeks at nfsd's reply and hands both to nfs41conn_gate_reply(),
 * before the reply is sent, so that the next call of the client already
 * finds the table up to date:
 *
 *  - CREATE_SESSION OK: the session, with this connection bound fore, and
 *    back too when nfsd granted SESSION4_BACK_CHAN;
 *  - BIND_CONN_TO_SESSION OK: the binding, with the direction nfsd granted,
 *    which is traced if RFC 8881 Section 18.34.3 does not allow it for
 *    the direction asked (nfs41conn_negotiate_dir());
 *  - SEQUENCE OK: the implicit binding (fore, as nfsd4_sequence() binds),
 *    unless nfsd answered from its reply cache (a replay binds nothing);
 *    so do NFS4ERR_REP_TOO_BIG(_TO_CACHE), which nfsd returns after
 *    binding.  A reservation beyond the limit that nfsd bound is held, its
 *    connection's calls not read, until rotation admits it;
 *  - a session the table did not know when the call came is learned from
 *    the reply; one it knew and lost meanwhile (destroyed) is not brought
 *    back;
 *  - DESTROY_SESSION OK, and NFS4ERR_BADSESSION or NFS4ERR_DEADSESSION for
 *    a session: the session is purged;
 *  - a reservation the reply did not commit is cancelled, and a hold it
 *    put on the connection ends.
 */

#include <linux/nfs4.h>
#include <linux/rcupdate.h>
#include <linux/string.h>

#include <nfs41conn/compat.h>
#include <nfs41conn/gate.h>

#include "trace.h"

static void nfs41conn_gate_set(struct nfs41conn_gate *gate,
			       enum nfs41conn_verdict verdict, u32 status,
			       enum nfs41conn_refusal why)
{
	gate->verdict = verdict;
	gate->status = status;
	gate->why = why;
}

/*
 * A SEQUENCE on draining @conn that the drain may turn away: the table
 * said so (NFS41CONN_ANSWER_DRAINING) only if its session has a fore
 * channel connection that is not draining to take the traffic, and nfsd
 * served the session in the call's minor version: nfsd answers any other
 * itself (it may not serve it).  By the drain mode @mode, answer
 * NFS4ERR_DELAY, or close without an answer, or pass it and close after
 * its reply.
 *
 * Return: true if the call does not pass.
 */
static bool nfs41conn_gate_draining(unsigned int mode,
				    struct nfs41conn_conn *conn,
				    struct nfs41conn_gate *gate)
{
	switch (mode) {
	case NFS41CONN_DRAIN_REPLY_CLOSE:
		gate->close_after_reply = true;
		return false;
	case NFS41CONN_DRAIN_CLOSE:
		nfs41conn_gate_set(gate, NFS41CONN_CLOSE, 0,
				   NFS41CONN_REFUSAL_DRAINING);
		break;
	default:
		nfs41conn_gate_set(gate, NFS41CONN_REFUSE, NFS4ERR_DELAY,
				   NFS41CONN_REFUSAL_DRAINING);
		break;
	}
	nfs41conn_conn_count(conn, NFS41CONN_REFUSED_DRAINING);
	return true;
}

/* What the table's answer @answer holds for the bind nfsd will make. */
static void nfs41conn_gate_answer(struct nfs41conn_conn *conn,
				  unsigned int answer,
				  struct nfs41conn_gate *gate)
{
	switch (answer) {
	case NFS41CONN_ANSWER_RESERVED:
		gate->reserved = true;
		break;
	case NFS41CONN_ANSWER_EXCESS:
		gate->reserved = true;
		gate->excess = true;
		nfs41conn_conn_count(conn, NFS41CONN_HELD_LIMIT);
		trace_nfs41conn_hold(conn, gate->sessionid);
		break;
	case NFS41CONN_ANSWER_UNKNOWN:
		/* nfsd decides; its reply may teach the session. */
		gate->new_session = true;
		break;
	case NFS41CONN_ANSWER_NOMEM:
		/* The bind could not be tracked: let the client retry. */
		nfs41conn_gate_set(gate, NFS41CONN_REFUSE, NFS4ERR_DELAY,
				   NFS41CONN_REFUSAL_ENOMEM);
		break;
	default:
		/* Already bound, or the connection is closing: nfsd decides. */
		break;
	}
}

/**
 * nfs41conn_gate_call - decide what happens to a call
 * @table: the table of the connection's namespace
 * @conn: the connection the call came on
 * @call: the peeked call, NFS41CONN_PEEK_COMPOUND41
 * @gate: the decision
 */
void nfs41conn_gate_call(struct nfs41conn_table *table,
			 struct nfs41conn_conn *conn,
			 const struct nfs41conn_call *call,
			 struct nfs41conn_gate *gate)
{
	const struct nfs41conn_call_op *op = &call->op[0];
	unsigned int mode, how, answer;

	memset(gate, 0, sizeof(*gate));
	gate->verdict = NFS41CONN_PASS;
	gate->minorversion = call->minorversion;
	if (!call->nr_peeked)
		return;
	gate->opnum = op->opnum;

	switch (op->opnum) {
	case OP_SEQUENCE:
		memcpy(gate->sessionid, op->sequence.sessionid,
		       NFS4_MAX_SESSIONID_LEN);
		mode = READ_ONCE(table->drain_mode);
		how = NFS41CONN_ASK_SEQUENCE;
		if (mode == NFS41CONN_DRAIN_REPLY_CLOSE)
			how |= NFS41CONN_ASK_PASS_DRAINING;
		answer = nfs41conn_ask(table, conn, gate->sessionid,
				       call->minorversion, how);
		if ((answer & NFS41CONN_ANSWER_DRAINING) &&
		    nfs41conn_gate_draining(mode, conn, gate))
			return;
		nfs41conn_gate_answer(conn, answer & ~NFS41CONN_ANSWER_DRAINING,
				      gate);
		break;
	case OP_BIND_CONN_TO_SESSION:
		/* Not the only op: nfsd answers NFS4ERR_NOT_ONLY_OP. */
		if (call->nops != 1)
			break;
		memcpy(gate->sessionid, op->bind_conn.sessionid,
		       NFS4_MAX_SESSIONID_LEN);
		answer = nfs41conn_ask(table, conn, gate->sessionid,
				       call->minorversion, 0);
		nfs41conn_gate_answer(conn, answer, gate);
		break;
	}
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_gate_call);

static enum nfs41conn_dir nfs41conn_dir_from_server(u32 dir)
{
	switch (dir) {
	case NFS4_CDFS4_FORE:
		return NFS41CONN_DIR_FORE;
	case NFS4_CDFS4_BACK:
		return NFS41CONN_DIR_BACK;
	case NFS4_CDFS4_BOTH:
		return NFS41CONN_DIR_BOTH;
	}
	return NFS41CONN_DIR_NONE;
}

/*
 * nfsd's answer @res to the call's operation @i, a BIND_CONN_TO_SESSION,
 * against RFC 8881 Section 18.34.3: one the rule does not allow for the
 * channels asked is traced.  The binding is recorded as nfsd made it all
 * the same, since nfsd's word is what the connection carries, but an
 * answer that is no channel_dir_from_server4 changes nothing.
 */
static void nfs41conn_check_bind_dir(const struct nfs41conn_conn *conn,
				     const struct nfs41conn_call *call,
				     unsigned int i,
				     const struct nfs41conn_bind_conn_res *res)
{
	u32 asked;

	if (!call || i >= call->nr_peeked ||
	    call->op[i].opnum != OP_BIND_CONN_TO_SESSION)
		return;
	asked = call->op[i].bind_conn.dir;
	if (nfs41conn_negotiate_dir(asked, res->dir))
		trace_nfs41conn_bad_bind_dir(conn, res->sessionid, asked,
					     res->dir);
}

static bool nfs41conn_session_gone(u32 status)
{
	return status == NFS4ERR_BADSESSION || status == NFS4ERR_DEADSESSION;
}

/*
 * What nfs41conn_commit() said: a hold beyond the limit goes on, or a
 * binding beyond it was admitted (a slot was free, nfsd granted a back
 * channel) or went (its session was purged), which may have ended the
 * connection's hold.
 */
static void nfs41conn_gate_committed(struct nfs41conn_conn *conn,
				     struct nfs41conn_gate *gate, int err)
{
	if (err == NFS41CONN_HELD)
		gate->held = true;
	else if (gate->excess && !nfs41conn_conn_held(conn))
		gate->resume = true;
}

/*
 * nfsd bound @conn to @sid with @dir, by SEQUENCE (@kind implicit) or
 * BIND_CONN_TO_SESSION (explicit).  Commit the reservation if the gate
 * holds one.  Otherwise: SEQUENCE leaves an existing binding as it is,
 * and BIND_CONN_TO_SESSION may have changed its direction.  A
 * binding the table does not have at all means the session was unknown
 * when the call came: created before this module saw it, or made known
 * by another connection's reply since.  It is learned now.
 */
static void nfs41conn_learn_bind(struct nfs41conn_table *table,
				 struct nfs41conn_conn *conn, const u8 *sid,
				 enum nfs41conn_dir dir,
				 enum nfs41conn_bind_kind kind,
				 struct nfs41conn_gate *gate)
{
	enum nfs41conn_dir bound;
	int err = 0;

	if (gate->reserved &&
	    !memcmp(gate->sessionid, sid, NFS4_MAX_SESSIONID_LEN)) {
		gate->reserved = false;
		/* -ENOENT: the session was purged meanwhile. */
		err = nfs41conn_commit(table, conn, sid, dir);
		nfs41conn_gate_committed(conn, gate, err);
		trace_nfs41conn_bind(conn, sid, kind, dir, err);
		return;
	}

	rcu_read_lock();
	bound = nfs41conn_bound_dir(table, conn, sid);
	rcu_read_unlock();
	if (bound == NFS41CONN_DIR_NONE) {
		/*
		 * A session unknown when the call came is learned now.  If
		 * another connection's reply made it known since, this one
		 * is bound too, beyond the limit if need be, and held then.
		 * A session known then and gone now was destroyed
		 * meanwhile: it is not brought back (nfs41conn_reserve()
		 * finds no session).
		 */
		err = gate->new_session ?
		      nfs41conn_session_create(table, sid, conn, dir,
					       gate->minorversion) : -EEXIST;
		if (err == -EEXIST) {
			err = nfs41conn_reserve(table, conn, sid);
			if (err == NFS41CONN_RESERVED_EXCESS)
				gate->excess = true;
			if (err >= 0 && err != NFS41CONN_ALREADY_BOUND) {
				err = nfs41conn_commit(table, conn, sid, dir);
				nfs41conn_gate_committed(conn, gate, err);
			}
		}
	} else if (kind == NFS41CONN_BIND_IMPLICIT) {
		/* Already bound: SEQUENCE changes nothing. */
		return;
	} else if (bound != dir) {
		err = nfs41conn_commit(table, conn, sid, dir);
		nfs41conn_gate_committed(conn, gate, err);
	}
	trace_nfs41conn_bind(conn, sid, kind, dir, err);
}

/* The session of the call's operation @i, if the peek decoded one. */
static const u8 *nfs41conn_call_sessionid(const struct nfs41conn_call *call,
					  unsigned int i, u32 opnum)
{
	const struct nfs41conn_call_op *op;

	if (!call || i >= call->nr_peeked || call->op[i].opnum != opnum)
		return NULL;
	op = &call->op[i];
	switch (opnum) {
	case OP_SEQUENCE:
		return op->sequence.sessionid;
	case OP_BIND_CONN_TO_SESSION:
		return op->bind_conn.sessionid;
	case OP_DESTROY_SESSION:
		return op->destroy_session.sessionid;
	}
	return NULL;
}

/* Does @res, successful, make the table learn a session? */
static bool nfs41conn_res_teaches_session(const struct nfs41conn_reply_op *res,
					  const struct nfs41conn_gate *gate)
{
	if (res->status != NFS4_OK)
		return false;
	switch (res->opnum) {
	case OP_CREATE_SESSION:
		return true;
	case OP_SEQUENCE:
	case OP_BIND_CONN_TO_SESSION:
		return gate->new_session;
	}
	return false;
}

/**
 * nfs41conn_reply_needs_call - does learning from @reply need the call?
 * @reply: the peeked reply
 * @gate: the gate's decision on the call
 *
 * Results that name no session (DESTROY_SESSION, and the errors that say
 * a session is gone) are learned from with the call's arguments, and a
 * session is learned with the minor version of the call that taught it,
 * which @gate records only when it holds a reservation.  The channels a
 * BIND_CONN_TO_SESSION asked for are what nfsd's answer is checked
 * against.
 *
 * Return: true if nfs41conn_gate_reply() is to be given the call.
 */
bool nfs41conn_reply_needs_call(const struct nfs41conn_reply *reply,
				const struct nfs41conn_gate *gate)
{
	unsigned int i;

	for (i = 0; i < reply->nr_peeked; i++) {
		const struct nfs41conn_reply_op *res = &reply->res[i];

		if ((res->opnum == OP_DESTROY_SESSION ||
		     res->opnum == OP_BIND_CONN_TO_SESSION) &&
		    res->status == NFS4_OK)
			return true;
		if (nfs41conn_session_gone(res->status))
			return true;
		if (!gate->minorversion &&
		    nfs41conn_res_teaches_session(res, gate))
			return true;
	}
	return reply->last_destroyed;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_reply_needs_call);

/*
 * SEQUENCE OK: a new request binds the connection, a replay from nfsd's
 * reply cache binds nothing (nfsd4_sequence() answers it before it looks
 * at the connection).  A connection bound already, with no reservation to
 * commit, is left as it is: the lookup that told a new request from a
 * replay told that too.
 */
static void nfs41conn_learn_sequence(struct nfs41conn_table *table,
				     struct nfs41conn_conn *conn,
				     const struct nfs41conn_sequence_res *seq,
				     struct nfs41conn_gate *gate)
{
	enum nfs41conn_dir bound;

	/* Its session unknown yet: learned by the bind, and then recorded. */
	if (!nfs41conn_accepted(table, conn, seq->sessionid, seq->slotid,
				seq->sequenceid, &bound) && !gate->new_session)
		return;
	if (bound != NFS41CONN_DIR_NONE && !gate->reserved)
		return;
	nfs41conn_learn_bind(table, conn, seq->sessionid, NFS41CONN_DIR_FORE,
			     NFS41CONN_BIND_IMPLICIT, gate);
	if (gate->new_session)
		nfs41conn_accepted(table, conn, seq->sessionid,
				   seq->slotid, seq->sequenceid, NULL);
}

/*
 * Did nfsd run a DESTROY_SESSION as the last of more operations than the
 * peek decodes?  Learned only where RFC 8881 Section 18.37.3 puts it: in a
 * COMPOUND led by a SEQUENCE of the same session that nfsd accepted, all
 * of whose operations nfsd ran, the last result a successful
 * DESTROY_SESSION.  So only the caller's own session is ever concerned.
 */
static bool nfs41conn_destroyed_last(const struct nfs41conn_call *call,
				     const struct nfs41conn_reply *reply)
{
	return call && reply->last_destroyed && call->last_destroy &&
	       reply->nres == call->nops && call->nr_peeked &&
	       call->op[0].opnum == OP_SEQUENCE && reply->nr_peeked &&
	       reply->res[0].opnum == OP_SEQUENCE &&
	       reply->res[0].status == NFS4_OK &&
	       !memcmp(call->op[0].sequence.sessionid, call->last_sessionid,
		       NFS4_MAX_SESSIONID_LEN);
}

/**
 * nfs41conn_gate_reply - learn from nfsd's reply to a call
 * @table: the table of the connection's namespace
 * @conn: the connection the call came on
 * @call: the peeked call, or NULL if nfs41conn_reply_needs_call() said no
 * @reply: the peeked reply, NFS41CONN_PEEK_COMPOUND41
 * @gate: the gate's decision on the call; a reservation it holds is
 *	committed or cancelled, and @gate->held and @gate->resume say what
 *	became of a hold
 */
void nfs41conn_gate_reply(struct nfs41conn_table *table,
			  struct nfs41conn_conn *conn,
			  const struct nfs41conn_call *call,
			  const struct nfs41conn_reply *reply,
			  struct nfs41conn_gate *gate)
{
	enum nfs41conn_dir dir;
	const u8 *sid;
	unsigned int i;
	int err;

	if (call && !gate->minorversion)
		gate->minorversion = call->minorversion;
	for (i = 0; i < reply->nr_peeked; i++) {
		const struct nfs41conn_reply_op *res = &reply->res[i];

		if (nfs41conn_session_gone(res->status)) {
			sid = nfs41conn_call_sessionid(call, i, res->opnum);
			if (sid)
				nfs41conn_session_destroy(table, sid);
			continue;
		}
		/*
		 * nfsd4_sequence() binds the connection before it finds the
		 * reply too big for the slot: the reservation is committed.
		 */
		if (res->opnum == OP_SEQUENCE && gate->reserved &&
		    (res->status == NFS4ERR_REP_TOO_BIG ||
		     res->status == NFS4ERR_REP_TOO_BIG_TO_CACHE)) {
			nfs41conn_learn_bind(table, conn, gate->sessionid,
					     NFS41CONN_DIR_FORE,
					     NFS41CONN_BIND_IMPLICIT, gate);
			continue;
		}
		if (res->status != NFS4_OK)
			continue;

		switch (res->opnum) {
		case OP_SEQUENCE:
			nfs41conn_learn_sequence(table, conn, &res->sequence,
						 gate);
			break;
		case OP_BIND_CONN_TO_SESSION:
			nfs41conn_check_bind_dir(conn, call, i, &res->bind_conn);
			dir = nfs41conn_dir_from_server(res->bind_conn.dir);
			if (dir != NFS41CONN_DIR_NONE)
				nfs41conn_learn_bind(table, conn,
						     res->bind_conn.sessionid,
						     dir, NFS41CONN_BIND_EXPLICIT,
						     gate);
			break;
		case OP_CREATE_SESSION:
			dir = NFS41CONN_DIR_FORE;
			if (res->create_session.flags & SESSION4_BACK_CHAN)
				dir = NFS41CONN_DIR_BOTH;
			/* -EEXIST: a reply replayed from nfsd's cache. */
			err = nfs41conn_session_create(table,
						       res->create_session.sessionid,
						       conn, dir, gate->minorversion);
			trace_nfs41conn_bind(conn,
					     res->create_session.sessionid,
					     NFS41CONN_BIND_CREATE_SESSION,
					     dir, err);
			break;
		case OP_DESTROY_SESSION:
			sid = nfs41conn_call_sessionid(call, i, res->opnum);
			if (sid)
				nfs41conn_session_destroy(table, sid);
			break;
		}
	}
	if (nfs41conn_destroyed_last(call, reply))
		nfs41conn_session_destroy(table, call->last_sessionid);
	nfs41conn_gate_abandon(table, conn, gate);
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_gate_reply);

/**
 * nfs41conn_gate_abandon - the call will not bind: drop its reservation
 * @table: the table of the connection's namespace
 * @conn: the connection the call came on
 * @gate: the gate's decision on the call; @gate->resume is set if that
 *	ended a hold of the connection
 */
void nfs41conn_gate_abandon(struct nfs41conn_table *table,
			    struct nfs41conn_conn *conn,
			    struct nfs41conn_gate *gate)
{
	bool resumed;

	if (!gate->reserved)
		return;
	gate->reserved = false;
	resumed = nfs41conn_cancel(table, conn, gate->sessionid);
	/* A session purged meanwhile took the reservation, and the hold. */
	if (resumed || (gate->excess && !nfs41conn_conn_held(conn)))
		gate->resume = true;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_gate_abandon);
