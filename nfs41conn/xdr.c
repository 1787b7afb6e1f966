// SPDX-License-Identifier: GPL-2.0
/*
 * nfs41conn peek: the head of RPC calls and replies, read in place.
 *
 * Operation:
 *
 * nfs41conn_recvfrom() calls nfs41conn_peek_call() on rq_arg once the TCP
 * transport has received a whole call, before the call reaches svc_process:
 * the gate decides on what the peek found (the COMPOUND's first operations
 * and their session arguments).  nfs41conn_sendto() calls
 * nfs41conn_peek_reply() on rq_res to learn what nfsd answered to the
 * session operations it let through.  When the gate answers a call itself,
 * nfs41conn_encode_refusal() builds that reply.
 *
 * Both peeks read through a cursor over the xdr_buf.  A field that lies in
 * the head is copied from it directly; any other field is copied with
 * read_bytes_from_xdr_buf(), which walks pages and tail at any byte offset.
 * Every read is first checked against buf->len, and read_bytes_from_xdr_buf()
 * fails rather than read past the segments.  Nothing here sleeps, takes a
 * lock or allocates.  Pages are mapped with kmap_atomic() for the copy.
 */

#include <linux/types.h>	/* before <linux/nfs.h>, which needs it in 6.1 */
#include <linux/errno.h>
#include <linux/nfs.h>
#include <linux/nfs4.h>
#include <linux/string.h>
#include <linux/sunrpc/auth.h>
#include <linux/sunrpc/auth_gss.h>
#include <linux/sunrpc/msg_prot.h>
#include <linux/sunrpc/xdr.h>

#include <nfs41conn/compat.h>
#include <nfs41conn/xdr.h>

/* Where the peek is in the message; @end may be below buf->len. */
struct nfs41conn_cursor {
	const struct xdr_buf	*buf;
	unsigned int		pos;
	unsigned int		end;	/* no byte at or past it is read */
	unsigned int		head;	/* head bytes below buf->len */
};

static void nfs41conn_cursor_init(struct nfs41conn_cursor *cur,
				  const struct xdr_buf *buf)
{
	cur->buf = buf;
	cur->pos = 0;
	cur->end = buf->len;
	cur->head = min_t(size_t, buf->head[0].iov_len, buf->len);
}

static unsigned int nfs41conn_remaining(const struct nfs41conn_cursor *cur)
{
	return cur->end - cur->pos;
}

/*
 * Copy @len bytes at the cursor into @obj.  Inlined: nearly every field a
 * peek reads is in the head, and with @len known where it is called, that
 * read is two compares and a move, not a call to memcpy().
 */
static __always_inline bool nfs41conn_read(struct nfs41conn_cursor *cur,
					   void *obj, unsigned int len)
{
	if (len > nfs41conn_remaining(cur))
		return false;
	/* No overflow: cur->pos + len <= cur->end. */
	if (cur->pos + len <= cur->head)
		memcpy(obj, cur->buf->head[0].iov_base + cur->pos, len);
	else if (read_bytes_from_xdr_buf(cur->buf, cur->pos, obj, len))
		return false;
	cur->pos += len;
	return true;
}

static bool nfs41conn_read_u32(struct nfs41conn_cursor *cur, u32 *val)
{
	__be32 raw;

	if (!nfs41conn_read(cur, &raw, sizeof(raw)))
		return false;
	*val = be32_to_cpu(raw);
	return true;
}

static bool nfs41conn_read_u64(struct nfs41conn_cursor *cur, u64 *val)
{
	__be64 raw;

	if (!nfs41conn_read(cur, &raw, sizeof(raw)))
		return false;
	*val = be64_to_cpu(raw);
	return true;
}

/* An XDR bool, read as nfsd's xdr_stream_decode_bool() reads it. */
static bool nfs41conn_read_bool(struct nfs41conn_cursor *cur, bool *val)
{
	u32 raw;

	if (!nfs41conn_read_u32(cur, &raw))
		return false;
	*val = raw != 0;
	return true;
}

/* Skip @len bytes of opaque data and their padding. */
static bool nfs41conn_skip(struct nfs41conn_cursor *cur, u32 len)
{
	u64 padded = round_up((u64)len, XDR_UNIT);

	if (padded > nfs41conn_remaining(cur))
		return false;
	cur->pos += padded;
	return true;
}

/* Copy @len bytes of opaque data into @obj, and skip their padding. */
static bool nfs41conn_read_opaque(struct nfs41conn_cursor *cur, void *obj,
				  u32 len)
{
	u64 padded = round_up((u64)len, XDR_UNIT);

	if (padded > nfs41conn_remaining(cur) ||
	    !nfs41conn_read(cur, obj, len))
		return false;
	cur->pos += padded - len;
	return true;
}

/* Skip the body of an opaque_auth (RFC 5531 Section 8.2). */
static bool nfs41conn_skip_auth_body(struct nfs41conn_cursor *cur)
{
	u32 len;

	return nfs41conn_read_u32(cur, &len) && len <= RPC_MAX_AUTH_SIZE &&
	       nfs41conn_skip(cur, len);
}

/*
 * Credentials and verifiers, read as sunrpc 6.12 reads them: the flavor
 * (svc_authenticate() in net/sunrpc/svcauth.c), then the flavor's accept
 * method (svcauth_null_accept(), svcauth_unix_accept() and
 * svcauth_tls_accept() in net/sunrpc/svcauth_unix.c, svcauth_gss_accept()
 * in net/sunrpc/auth_gss/svcauth_gss.c): the same fields, in the same
 * order, with the same limits.  The procedure's arguments begin where
 * these readers leave the cursor, which is where sunrpc leaves
 * rq_arg_stream.  A call sunrpc would deny is NFS41CONN_PEEK_OTHER, one it
 * would answer GARBAGE (or that is cut short) is NFS41CONN_PEEK_GARBLED:
 * either way the gate never sees it, and nfsd gives its own answer.
 */

/*
 * The verifier AUTH_NONE, AUTH_SYS and AUTH_TLS calls must carry: an
 * opaque_auth (xdr_stream_decode_opaque_auth()) of flavor AUTH_NONE and
 * no body.
 */
static enum nfs41conn_peek_result
nfs41conn_null_verf(struct nfs41conn_cursor *cur)
{
	u32 flavor, len;

	if (!nfs41conn_read_u32(cur, &flavor) ||
	    !nfs41conn_read_u32(cur, &len) || len > RPC_MAX_AUTH_SIZE ||
	    !nfs41conn_skip(cur, len))
		return NFS41CONN_PEEK_GARBLED;
	if (flavor != RPC_AUTH_NULL || len != 0)
		return NFS41CONN_PEEK_OTHER;	/* rpc_autherr_badverf */
	return NFS41CONN_PEEK_COMPOUND41;
}

/* AUTH_NONE (svcauth_null_accept): an empty body, and an empty verifier. */
static enum nfs41conn_peek_result
nfs41conn_null_cred(struct nfs41conn_cursor *cur)
{
	u32 len;

	if (!nfs41conn_read_u32(cur, &len))
		return NFS41CONN_PEEK_GARBLED;
	if (len != 0)
		return NFS41CONN_PEEK_OTHER;	/* rpc_autherr_badcred */
	return nfs41conn_null_verf(cur);
}

/*
 * AUTH_SYS (svcauth_unix_accept, RFC 5531 Appendix A): sunrpc ignores the
 * body's declared length and reads authsys_parms by structure: stamp,
 * machine name of at most NFS41CONN_AUTH_SYS_MACHINENAME_MAX bytes (see
 * compat.h), uid, gid, and at most
 * UNX_NGROUPS gids.  The peek does the same, so that a declared length
 * longer or shorter than the body moves neither of them.
 */
static enum nfs41conn_peek_result
nfs41conn_unix_cred(struct nfs41conn_cursor *cur)
{
	u32 len;

	/* The declared length, the stamp, the machine name's length. */
	if (!nfs41conn_skip(cur, 2 * XDR_UNIT) ||
	    !nfs41conn_read_u32(cur, &len))
		return NFS41CONN_PEEK_GARBLED;
	if (len > NFS41CONN_AUTH_SYS_MACHINENAME_MAX)
		return NFS41CONN_AUTH_SYS_MACHINENAME_DENIED ?
		       NFS41CONN_PEEK_OTHER : NFS41CONN_PEEK_GARBLED;
	if (!nfs41conn_skip(cur, len) ||
	    !nfs41conn_skip(cur, 2 * XDR_UNIT) ||	/* uid, gid */
	    !nfs41conn_read_u32(cur, &len))
		return NFS41CONN_PEEK_GARBLED;
	if (len > UNX_NGROUPS)
		return NFS41CONN_PEEK_OTHER;	/* rpc_autherr_badcred */
	if (!nfs41conn_skip(cur, len * XDR_UNIT))
		return NFS41CONN_PEEK_GARBLED;
	return nfs41conn_null_verf(cur);
}

/*
 * AUTH_TLS (svcauth_tls_accept): an empty body and an empty verifier, and
 * then sunrpc denies it on every procedure but NULL, so on COMPOUND.
 */
static enum nfs41conn_peek_result
nfs41conn_tls_cred(struct nfs41conn_cursor *cur,
		   const struct nfs41conn_call *call)
{
	enum nfs41conn_peek_result ret;

	ret = nfs41conn_null_cred(cur);
	if (ret != NFS41CONN_PEEK_COMPOUND41)
		return ret;
	return call->proc ? NFS41CONN_PEEK_OTHER : NFS41CONN_PEEK_COMPOUND41;
}

/*
 * RPCSEC_GSS (svcauth_gss_accept, RFC 2203 Section 5): the body
 * (svcauth_gss_decode_credbody) is at most RPC_MAX_AUTH_SIZE bytes, holds
 * version, gss_proc, seq_num, service and a handle no longer than the
 * body, and its declared length must be exactly what those take.  Only a
 * DATA request of version 1 is served on a procedure other than NULL; its
 * verifier (svcauth_gss_verify_header) is an RPCSEC_GSS checksum of at
 * least one XDR unit, and seq_num is at most MAXSEQ.  What the peek cannot
 * check (that the handle names a context, the checksum, the sequence
 * window) sunrpc checks before nfsd runs.  Only service "none" leaves the
 * arguments readable.
 */
static enum nfs41conn_peek_result
nfs41conn_gss_cred(struct nfs41conn_cursor *cur, struct nfs41conn_call *call)
{
	u32 body_len, version, gss_proc, seq, service, handle_len, flavor, len;

	if (!nfs41conn_read_u32(cur, &body_len))
		return NFS41CONN_PEEK_GARBLED;
	if (body_len > RPC_MAX_AUTH_SIZE)
		return NFS41CONN_PEEK_OTHER;	/* rpc_autherr_badcred */
	if (!nfs41conn_read_u32(cur, &version) ||
	    !nfs41conn_read_u32(cur, &gss_proc) ||
	    !nfs41conn_read_u32(cur, &seq) ||
	    !nfs41conn_read_u32(cur, &service) ||
	    !nfs41conn_read_u32(cur, &handle_len) ||
	    !nfs41conn_skip(cur, handle_len))
		return NFS41CONN_PEEK_GARBLED;
	if (handle_len > body_len ||
	    body_len != 5 * XDR_UNIT + round_up(handle_len, XDR_UNIT))
		return NFS41CONN_PEEK_OTHER;	/* rpc_autherr_badcred */
	call->gss_service = service;
	if (version != RPC_GSS_VERSION || gss_proc != RPC_GSS_PROC_DATA)
		return NFS41CONN_PEEK_OTHER;

	/* The verifier: rpc_autherr_badverf, or GSS errors, if not so. */
	if (!nfs41conn_read_u32(cur, &flavor) ||
	    !nfs41conn_read_u32(cur, &len) || !nfs41conn_skip(cur, len))
		return NFS41CONN_PEEK_GARBLED;
	if (flavor != RPC_AUTH_GSS || len < XDR_UNIT ||
	    len > RPC_MAX_AUTH_SIZE || seq > MAXSEQ)
		return NFS41CONN_PEEK_OTHER;
	if (service != RPC_GSS_SVC_NONE)
		return NFS41CONN_PEEK_OTHER;
	return NFS41CONN_PEEK_COMPOUND41;
}

/*
 * The RPC call header (RFC 5531 Section 9), up to the procedure's
 * arguments.
 */
static enum nfs41conn_peek_result
nfs41conn_call_header(struct nfs41conn_cursor *cur, struct nfs41conn_call *call)
{
	u32 msg_type, rpcvers;

	if (!nfs41conn_read(cur, &call->xid, sizeof(call->xid)) ||
	    !nfs41conn_read_u32(cur, &msg_type))
		return NFS41CONN_PEEK_GARBLED;
	/* A backchannel reply: the TCP transport hands it to the client. */
	if (msg_type == RPC_REPLY)
		return NFS41CONN_PEEK_OTHER;
	if (msg_type != RPC_CALL || !nfs41conn_read_u32(cur, &rpcvers))
		return NFS41CONN_PEEK_GARBLED;
	/* sunrpc answers RPC_MISMATCH. */
	if (rpcvers != RPC_VERSION)
		return NFS41CONN_PEEK_OTHER;
	if (!nfs41conn_read_u32(cur, &call->prog) ||
	    !nfs41conn_read_u32(cur, &call->vers) ||
	    !nfs41conn_read_u32(cur, &call->proc))
		return NFS41CONN_PEEK_GARBLED;
	if (call->prog != NFS_PROGRAM || call->vers != NFS4_VERSION ||
	    call->proc != NFSPROC4_COMPOUND)
		return NFS41CONN_PEEK_OTHER;

	if (!nfs41conn_read_u32(cur, &call->flavor))
		return NFS41CONN_PEEK_GARBLED;
	switch (call->flavor) {
	case RPC_AUTH_NULL:
		return nfs41conn_null_cred(cur);
	case RPC_AUTH_UNIX:
		return nfs41conn_unix_cred(cur);
	case RPC_AUTH_TLS:
		return nfs41conn_tls_cred(cur, call);
	case RPC_AUTH_GSS:
		return nfs41conn_gss_cred(cur, call);
	default:
		/* No auth_ops: rpc_autherr_badcred. */
		return NFS41CONN_PEEK_OTHER;
	}
}

/*
 * The arguments of one operation.  Returns false if they are truncated;
 * clears *@more unless they were decoded to their end.
 */
static bool nfs41conn_call_op(struct nfs41conn_cursor *cur,
			      struct nfs41conn_call_op *op, bool *more)
{
	switch (op->opnum) {
	case OP_SEQUENCE:
		return nfs41conn_read(cur, op->sequence.sessionid,
				      NFS4_MAX_SESSIONID_LEN) &&
		       nfs41conn_read_u32(cur, &op->sequence.sequenceid) &&
		       nfs41conn_read_u32(cur, &op->sequence.slotid) &&
		       nfs41conn_read_u32(cur, &op->sequence.highest_slotid) &&
		       nfs41conn_read_bool(cur, &op->sequence.cachethis);
	case OP_BIND_CONN_TO_SESSION:
		return nfs41conn_read(cur, op->bind_conn.sessionid,
				      NFS4_MAX_SESSIONID_LEN) &&
		       nfs41conn_read_u32(cur, &op->bind_conn.dir) &&
		       nfs41conn_read_bool(cur, &op->bind_conn.use_rdma);
	case OP_DESTROY_SESSION:
		return nfs41conn_read(cur, op->destroy_session.sessionid,
				      NFS4_MAX_SESSIONID_LEN);
	case OP_CREATE_SESSION:
		/* Channel attributes, callback program and security follow. */
		*more = false;
		return nfs41conn_read_u64(cur, &op->create_session.clientid) &&
		       nfs41conn_read_u32(cur,
					  &op->create_session.sequenceid) &&
		       nfs41conn_read_u32(cur, &op->create_session.flags);
	default:
		*more = false;
		return true;
	}
}

/*
 * RFC 8881 Section 18.37.3: a DESTROY_SESSION in a COMPOUND that starts
 * with a SEQUENCE of the same session is its last operation.  Its
 * arguments then end the record, past what the peek decodes.  Note how
 * the record ends, for nfs41conn_reply_tail() to confirm.
 */
static void nfs41conn_call_tail(struct nfs41conn_cursor *cur,
				struct nfs41conn_call *call)
{
	unsigned int len = XDR_UNIT + NFS4_MAX_SESSIONID_LEN;
	u32 opnum;

	if (call->nops <= NFS41CONN_PEEK_OPS || cur->end - cur->pos < len)
		return;
	cur->pos = cur->end - len;
	if (nfs41conn_read_u32(cur, &opnum) && opnum == OP_DESTROY_SESSION &&
	    nfs41conn_read(cur, call->last_sessionid, NFS4_MAX_SESSIONID_LEN))
		call->last_destroy = true;
}

/**
 * nfs41conn_peek_call - decode the head of an NFSv4.1 COMPOUND call
 * @buf: one whole RPC call, starting at the XID
 * @call: filled in with what was decoded
 *
 * Reads the RPC call header, the credential and the verifier, the
 * COMPOUND4args head, and up to NFS41CONN_PEEK_OPS operations.  The
 * credential and the verifier are read field by field as sunrpc's
 * svc_authenticate() and the flavor's accept method read them, whatever
 * length the credential declares, so the COMPOUND is found where nfsd
 * finds it.  @buf is not modified.  Does not sleep, takes no lock,
 * allocates nothing, and reads nothing past buf->len.
 *
 * Return: %NFS41CONN_PEEK_COMPOUND41 if @call describes an NFSv4.1 or
 * NFSv4.2 COMPOUND whose credential and verifier sunrpc would accept by
 * their form, %NFS41CONN_PEEK_OTHER if the call is not one the gate looks
 * at (sunrpc denying the credential or the verifier included),
 * %NFS41CONN_PEEK_GARBLED if it is truncated or malformed.
 */
enum nfs41conn_peek_result nfs41conn_peek_call(const struct xdr_buf *buf,
					       struct nfs41conn_call *call)
{
	struct nfs41conn_cursor cur;
	enum nfs41conn_peek_result ret;
	bool more = true;
	u32 i;

	memset(call, 0, sizeof(*call));
	nfs41conn_cursor_init(&cur, buf);

	ret = nfs41conn_call_header(&cur, call);
	if (ret != NFS41CONN_PEEK_COMPOUND41)
		return ret;

	/* COMPOUND4args */
	if (!nfs41conn_read_u32(&cur, &call->tag_len))
		return NFS41CONN_PEEK_GARBLED;
	if (round_up((u64)call->tag_len, XDR_UNIT) > nfs41conn_remaining(&cur))
		return NFS41CONN_PEEK_GARBLED;
	if (call->tag_len > NFS41CONN_TAG_MAX)
		return NFS41CONN_PEEK_OTHER;
	if (!nfs41conn_read_opaque(&cur, call->tag, call->tag_len) ||
	    !nfs41conn_read_u32(&cur, &call->minorversion))
		return NFS41CONN_PEEK_GARBLED;
	/* nfsd executes no operation of another minor version. */
	if (call->minorversion < NFS41CONN_MINORVERSION_MIN ||
	    call->minorversion > NFS41CONN_MINORVERSION_MAX)
		return NFS41CONN_PEEK_OTHER;
	/*
	 * An operation count past the end of the record is no reason to
	 * stop: nfsd decodes operations until one fails, and runs those
	 * before it.
	 */
	if (!nfs41conn_read_u32(&cur, &call->nops))
		return NFS41CONN_PEEK_GARBLED;

	for (i = 0; i < call->nops && i < NFS41CONN_PEEK_OPS && more; i++) {
		struct nfs41conn_call_op *op = &call->op[i];

		/* Without an opnum nfsd rejects the whole COMPOUND. */
		if (!nfs41conn_read_u32(&cur, &op->opnum))
			return NFS41CONN_PEEK_GARBLED;
		/*
		 * Arguments cut short: nfsd fails that operation and runs
		 * those before it, so only the first one's make it garbled.
		 */
		if (!nfs41conn_call_op(&cur, op, &more))
			return i ? NFS41CONN_PEEK_COMPOUND41 :
				   NFS41CONN_PEEK_GARBLED;
		call->nr_peeked = i + 1;
	}
	nfs41conn_call_tail(&cur, call);
	return NFS41CONN_PEEK_COMPOUND41;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_peek_call);

/*
 * The resok of one result whose status is NFS4_OK.  Returns false if it
 * is truncated; clears *@more unless it was decoded to its end.
 */
static bool nfs41conn_reply_resok(struct nfs41conn_cursor *cur,
				  struct nfs41conn_reply_op *res, bool *more)
{
	switch (res->opnum) {
	case OP_SEQUENCE:
		return nfs41conn_read(cur, res->sequence.sessionid,
				      NFS4_MAX_SESSIONID_LEN) &&
		       nfs41conn_read_u32(cur, &res->sequence.sequenceid) &&
		       nfs41conn_read_u32(cur, &res->sequence.slotid) &&
		       nfs41conn_read_u32(cur,
					  &res->sequence.highest_slotid) &&
		       nfs41conn_read_u32(cur,
					  &res->sequence.target_highest_slotid) &&
		       nfs41conn_read_u32(cur, &res->sequence.status_flags);
	case OP_BIND_CONN_TO_SESSION:
		return nfs41conn_read(cur, res->bind_conn.sessionid,
				      NFS4_MAX_SESSIONID_LEN) &&
		       nfs41conn_read_u32(cur, &res->bind_conn.dir) &&
		       nfs41conn_read_bool(cur, &res->bind_conn.use_rdma);
	case OP_DESTROY_SESSION:
		return true;
	case OP_CREATE_SESSION:
		/* Channel attributes follow. */
		*more = false;
		return nfs41conn_read(cur, res->create_session.sessionid,
				      NFS4_MAX_SESSIONID_LEN) &&
		       nfs41conn_read_u32(cur,
					  &res->create_session.sequenceid) &&
		       nfs41conn_read_u32(cur, &res->create_session.flags);
	default:
		*more = false;
		return true;
	}
}

static bool nfs41conn_session_op(u32 opnum)
{
	return opnum == OP_SEQUENCE || opnum == OP_BIND_CONN_TO_SESSION ||
	       opnum == OP_CREATE_SESSION || opnum == OP_DESTROY_SESSION;
}

/* The result that ends the reply: DESTROY_SESSION, NFS4_OK? */
static void nfs41conn_reply_tail(struct nfs41conn_cursor *cur,
				 struct nfs41conn_reply *reply)
{
	u32 opnum, status;

	if (reply->nres <= NFS41CONN_PEEK_OPS ||
	    cur->end - cur->pos < 2 * XDR_UNIT)
		return;
	cur->pos = cur->end - 2 * XDR_UNIT;
	if (nfs41conn_read_u32(cur, &opnum) &&
	    nfs41conn_read_u32(cur, &status) &&
	    opnum == OP_DESTROY_SESSION && status == NFS4_OK)
		reply->last_destroyed = true;
}

/**
 * nfs41conn_peek_reply - decode the head of a reply to a COMPOUND
 * @buf: one whole RPC reply, starting at the XID
 * @reply: filled in with what was decoded
 *
 * Reads the RPC reply header, the COMPOUND4res head, and up to
 * NFS41CONN_PEEK_OPS results.  A body wrapped by RPCSEC_GSS integrity or
 * privacy is not unwrapped: the caller does not peek such replies.  @buf
 * is not modified.  Does not sleep.
 *
 * Return: %NFS41CONN_PEEK_COMPOUND41 if @reply describes an accepted,
 * successful reply, %NFS41CONN_PEEK_OTHER if the reply was denied or its
 * accept_stat is not SUCCESS, %NFS41CONN_PEEK_GARBLED if it is truncated
 * or malformed.
 */
enum nfs41conn_peek_result nfs41conn_peek_reply(const struct xdr_buf *buf,
						struct nfs41conn_reply *reply)
{
	struct nfs41conn_cursor cur;
	bool more = true;
	u32 msg_type, i;

	memset(reply, 0, sizeof(*reply));
	nfs41conn_cursor_init(&cur, buf);

	if (!nfs41conn_read(&cur, &reply->xid, sizeof(reply->xid)) ||
	    !nfs41conn_read_u32(&cur, &msg_type) || msg_type != RPC_REPLY ||
	    !nfs41conn_read_u32(&cur, &reply->reply_stat))
		return NFS41CONN_PEEK_GARBLED;
	if (reply->reply_stat == RPC_MSG_DENIED)
		return NFS41CONN_PEEK_OTHER;
	if (reply->reply_stat != RPC_MSG_ACCEPTED ||
	    !nfs41conn_skip(&cur, XDR_UNIT) ||
	    !nfs41conn_skip_auth_body(&cur) ||
	    !nfs41conn_read_u32(&cur, &reply->accept_stat))
		return NFS41CONN_PEEK_GARBLED;
	if (reply->accept_stat != RPC_SUCCESS)
		return NFS41CONN_PEEK_OTHER;

	/* COMPOUND4res */
	if (!nfs41conn_read_u32(&cur, &reply->status) ||
	    !nfs41conn_read_u32(&cur, &reply->tag_len))
		return NFS41CONN_PEEK_GARBLED;
	if (reply->tag_len > NFS41CONN_TAG_MAX) {
		if (!nfs41conn_skip(&cur, reply->tag_len))
			return NFS41CONN_PEEK_GARBLED;
	} else if (!nfs41conn_read_opaque(&cur, reply->tag, reply->tag_len)) {
		return NFS41CONN_PEEK_GARBLED;
	}
	if (!nfs41conn_read_u32(&cur, &reply->nres))
		return NFS41CONN_PEEK_GARBLED;
	/* Each nfs_resop4 is at least its resop and a status. */
	if (reply->nres > nfs41conn_remaining(&cur) / (2 * XDR_UNIT))
		return NFS41CONN_PEEK_GARBLED;

	for (i = 0; i < reply->nres && i < NFS41CONN_PEEK_OPS && more; i++) {
		struct nfs41conn_reply_op *res = &reply->res[i];

		if (!nfs41conn_read_u32(&cur, &res->opnum) ||
		    !nfs41conn_read_u32(&cur, &res->status))
			return NFS41CONN_PEEK_GARBLED;
		if (res->status == NFS4_OK) {
			if (!nfs41conn_reply_resok(&cur, res, &more))
				return NFS41CONN_PEEK_GARBLED;
		} else if (!nfs41conn_session_op(res->opnum)) {
			more = false;
		}
		reply->nr_peeked = i + 1;
	}
	nfs41conn_reply_tail(&cur, reply);
	return NFS41CONN_PEEK_COMPOUND41;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_peek_reply);

/**
 * nfs41conn_encode_refusal - build the gate's reply to a call
 * @p: where to write, 4-byte aligned
 * @len: room at @p, in bytes
 * @call: the call being answered, as nfs41conn_peek_call() decoded it
 * @opnum: the operation that fails (normally @call's first)
 * @status: why it fails: an NFS4ERR_* value, not NFS4_OK
 *
 * Builds a complete RPC reply, without a record marker: accepted, with an
 * AUTH_NONE verifier, SUCCESS, and a COMPOUND4res of status @status that
 * echoes @call's tag and holds one result, { @opnum, @status }.  The
 * AUTH_NONE verifier is right for AUTH_NONE and AUTH_SYS callers only, so
 * an RPCSEC_GSS call is never answered this way.  NFS41CONN_REFUSAL_MAX
 * bytes are always enough.
 *
 * Return: the length of the reply in bytes, %-EMSGSIZE if @len is too
 * small, or %-EINVAL if @call uses RPCSEC_GSS, its tag is longer than
 * NFS41CONN_TAG_MAX, or @status is NFS4_OK.
 */
int nfs41conn_encode_refusal(void *p, size_t len,
			     const struct nfs41conn_call *call,
			     u32 opnum, u32 status)
{
	size_t need;
	__be32 *q = p;

	if (call->flavor == RPC_AUTH_GSS || call->tag_len > NFS41CONN_TAG_MAX ||
	    status == NFS4_OK)
		return -EINVAL;
	need = 11 * XDR_UNIT + round_up(call->tag_len, XDR_UNIT);
	if (len < need)
		return -EMSGSIZE;

	*q++ = call->xid;
	*q++ = cpu_to_be32(RPC_REPLY);
	*q++ = cpu_to_be32(RPC_MSG_ACCEPTED);
	*q++ = cpu_to_be32(RPC_AUTH_NULL);	/* verifier */
	*q++ = cpu_to_be32(0);
	*q++ = cpu_to_be32(RPC_SUCCESS);
	*q++ = cpu_to_be32(status);		/* COMPOUND4res */
	q = xdr_encode_opaque(q, call->tag, call->tag_len);
	*q++ = cpu_to_be32(1);
	*q++ = cpu_to_be32(opnum);
	*q = cpu_to_be32(status);
	return need;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_encode_refusal);
