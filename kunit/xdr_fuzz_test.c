// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit fuzz suite for the nfs41conn peek (nfs41conn/xdr.c).
 *
 * Every input is a record (one RPC message, record marker stripped) made
 * from a seed: calls and replies captured from the Linux client and from
 * scripts/nfs41raw (kunit/xdr_fuzz_seeds.h), and calls crafted from them.
 * The seeds are mutated: split across head, pages and tail at every
 * boundary, truncated at every offset, every bit flipped, every length
 * field set to 0, to the maximum and off by one, and stacked random
 * mutations.  Each input is checked for three properties:
 *
 * - No read past the record.  Each segment is sized exactly: the head and
 *   the tail are kmalloc'ed at their length, the page data end where a
 *   page ends, and the array of page pointers has one entry per page
 *   used, so that KASAN reports a read one byte past the record (in the
 *   head or the tail) or one page past it (through the page array).
 * - The same input gives the same result: the peek runs twice on each
 *   layout, and every layout of the same bytes gives what all of them in
 *   one head gives.
 * - A reference decoder agrees with the peek.  It is written from
 *   sunrpc's and nfsd's own readers, with xdr_stream: svc_process(),
 *   svc_process_common(), svc_authenticate() with svcauth_null_accept(),
 *   svcauth_unix_accept() and svcauth_gss_accept(), then
 *   nfsd4_decode_compound() and nfsd's decoders of the session operations.
 *   Where it finds an NFSv4.1 or NFSv4.2 COMPOUND that nfsd would run, the
 *   peek must find one too, with the same tag, minor version, operation
 *   count and first operations (opnums and arguments, session IDs
 *   included), and where it finds none, the peek must find none.  Replies
 *   are read the way the Linux client reads them (rpc_decode_header(),
 *   fs/nfs/nfs4xdr.c).
 *
 * The pseudo-random numbers come from prandom with a fixed seed, printed
 * in the log, so that a failure is repeated exactly by running again.
 * A disagreement is reported with the input in hex.
 */

#include <kunit/test.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/nfs.h>
#include <linux/nfs4.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sunrpc/auth_gss.h>
#include <linux/sunrpc/msg_prot.h>
#include <linux/sunrpc/xdr.h>

#include <nfs41conn/compat.h>
#include <nfs41conn/xdr.h>

#include "xdr_fuzz_seeds.h"

#define XF_PRNG_SEED		0x6e66733431636f6eULL	/* "nfs41con" */
#define XF_MAX			2048	/* longest input */
#define XF_NR_PAGES		2	/* pages a record may span */
#define XF_POISON		0xa5
#define XF_REPORT_MAX		3	/* disagreements printed per case */
/* Random inputs of xf_random, on top of the systematic ones. */
#define XF_RANDOM_INPUTS	1600000

/* nfsd's limits (fs/nfsd/xdr4.h, nfsd.h) and sunrpc's (svcauth_unix.c). */
#define XF_NFSD4_MAX_TAGLEN	128
#define XF_NFSD_MAX_OPS		50
#define XF_UNX_NGROUPS		16
#define XF_MACHINENAME_MAX	NFS41CONN_AUTH_SYS_MACHINENAME_MAX

/* How a record is laid out in an xdr_buf. */
enum xf_pages_mode {
	XF_PAGES_END,		/* page data end where a page ends */
	XF_PAGES_CROSS,		/* page data cross a page boundary */
};

struct xf_layout {
	unsigned int		head;
	unsigned int		pages;
	enum xf_pages_mode	mode;
	unsigned int		cross;	/* XF_PAGES_CROSS: bytes before it */
};

/* What one decode found: a call or a reply. */
struct xf_result {
	enum nfs41conn_peek_result	ret;
	union {
		struct nfs41conn_call	call;
		struct nfs41conn_reply	reply;
	};
};

/* What the reference decoder learned on its way, for the mutations. */
#define XF_MAX_FIELDS		24
struct xf_walk {
	unsigned int	compound;	/* offset of COMPOUND4args/res, or 0 */
	unsigned int	nr_fields;
	unsigned int	field[XF_MAX_FIELDS];	/* offsets of length words */
	bool		odd_cred;	/* read by sunrpc otherwise than declared */
};

/*
 * A credential or verifier that sunrpc denies, or reads otherwise than
 * its declared length says: what issue 8 has the peek learn to read.
 * Disagreements are counted apart for those, to tell them from others.
 */
static enum nfs41conn_peek_result xf_odd(struct xf_walk *walk,
					 enum nfs41conn_peek_result ret)
{
	if (walk)
		walk->odd_cred = true;
	return ret;
}

struct xf_ctx {
	struct kunit	*test;
	struct rnd_state rnd;
	struct page	*pages[XF_NR_PAGES];
	void		*scratch;	/* the reference's xdr_stream scratch */
	u8		*in;		/* the input being checked */
	struct xf_result flat;		/* the peek, all in the head */
	struct xf_result ref;		/* the reference */
	struct xf_walk	walk;
	struct xf_pool	*pool;
	ktime_t		start;
	bool		reply;
	unsigned long	inputs;
	unsigned long	disagreements;
	unsigned long	cred_disagreements;	/* of those, on credentials */
	unsigned long	undecided;	/* the reference found no COMPOUND */
};

/* ---- Laying a record out ---- */

/*
 * Exactly sized segments, kmalloc'ed once for each length on first use and
 * reused: a segment of @len bytes is a kmalloc(@len), so that KASAN
 * reports a read of the byte after it.  kmalloc(0) is ZERO_SIZE_PTR, which
 * faults when read.  The page pointer arrays likewise, one per count.
 */
struct xf_pool {
	u8		*head[XF_MAX + 1];
	u8		*tail[XF_MAX + 1];
	struct page	**pages[XF_NR_PAGES + 1];
};

static u8 *xf_pool_get(u8 **slot, unsigned int len)
{
	if (!*slot)
		*slot = kmalloc(len, GFP_KERNEL);
	return *slot;
}

static void xf_pool_free(struct xf_pool *pool)
{
	unsigned int i;

	for (i = 0; i <= XF_MAX; i++) {
		kfree(pool->head[i]);
		kfree(pool->tail[i]);
	}
	for (i = 0; i <= XF_NR_PAGES; i++)
		kfree(pool->pages[i]);
}

static void xf_page_copy(struct xf_ctx *ctx, unsigned int off, const u8 *src,
			 unsigned int len)
{
	while (len) {
		unsigned int in_page = off & ~PAGE_MASK;
		unsigned int n = min_t(unsigned int, len, PAGE_SIZE - in_page);

		memcpy((u8 *)page_address(ctx->pages[off >> PAGE_SHIFT]) +
		       in_page, src, n);
		off += n;
		src += n;
		len -= n;
	}
}

/* Lay @msg out in @buf as @lay says, each segment sized exactly. */
static bool xf_place(struct xf_ctx *ctx, struct xdr_buf *buf, const u8 *msg,
		     unsigned int len, const struct xf_layout *lay)
{
	struct xf_pool *pool = ctx->pool;
	unsigned int tail = len - lay->head - lay->pages;
	unsigned int base = 0, nr = 0, i;
	struct page **pages;

	memset(buf, 0, sizeof(*buf));
	if (lay->pages) {
		if (lay->mode == XF_PAGES_END)
			base = (PAGE_SIZE - lay->pages % PAGE_SIZE) % PAGE_SIZE;
		else
			base = PAGE_SIZE - lay->cross;
		nr = DIV_ROUND_UP(base + lay->pages, PAGE_SIZE);
		if (WARN_ON(nr > XF_NR_PAGES))
			return false;
	}
	buf->head[0].iov_base = xf_pool_get(&pool->head[lay->head], lay->head);
	buf->tail[0].iov_base = xf_pool_get(&pool->tail[tail], tail);
	if (!pool->pages[nr])
		pool->pages[nr] = kmalloc_array(nr, sizeof(*pages), GFP_KERNEL);
	pages = pool->pages[nr];
	if (!buf->head[0].iov_base || !buf->tail[0].iov_base || !pages)
		return false;
	memcpy(buf->head[0].iov_base, msg, lay->head);
	buf->head[0].iov_len = lay->head;
	for (i = 0; i < nr; i++)
		pages[i] = ctx->pages[i];
	xf_page_copy(ctx, base, msg + lay->head, lay->pages);
	buf->pages = pages;
	buf->page_base = base;
	buf->page_len = lay->pages;
	memcpy(buf->tail[0].iov_base, msg + lay->head + lay->pages, tail);
	buf->tail[0].iov_len = tail;
	buf->len = len;
	buf->buflen = len;
	return true;
}

/* ---- The reference decoder ---- */

static void xf_walk_field(struct xf_walk *walk, struct xdr_stream *xdr)
{
	/* The length word was just decoded. */
	if (walk && walk->nr_fields < XF_MAX_FIELDS)
		walk->field[walk->nr_fields++] = xdr_stream_pos(xdr) - XDR_UNIT;
}

static bool xf_u32(struct xdr_stream *xdr, u32 *val)
{
	return xdr_stream_decode_u32(xdr, val) == 0;
}

static bool xf_length(struct xdr_stream *xdr, u32 *val, struct xf_walk *walk)
{
	if (!xf_u32(xdr, val))
		return false;
	xf_walk_field(walk, xdr);
	return true;
}

static bool xf_bytes(struct xdr_stream *xdr, void *obj, size_t len)
{
	__be32 *p = xdr_inline_decode(xdr, len);

	if (!p)
		return false;
	memcpy(obj, p, len);
	return true;
}

/*
 * An opaque_auth as xdr_stream_decode_opaque_auth() reads it; false on
 * SVC_GARBAGE (too short, or a body over RPC_MAX_AUTH_SIZE).
 */
static bool xf_opaque_auth(struct xdr_stream *xdr, u32 *flavor, u32 *len,
			   struct xf_walk *walk)
{
	void *body;
	ssize_t ret;

	if (!xf_u32(xdr, flavor))
		return false;
	ret = xdr_stream_decode_opaque_inline(xdr, &body, RPC_MAX_AUTH_SIZE);
	if (ret < 0)
		return false;
	xf_walk_field(walk, xdr);	/* only near enough: after the body */
	if (walk && walk->nr_fields)
		walk->field[walk->nr_fields - 1] -= xdr_align_size(ret);
	*len = ret;
	return true;
}

/*
 * The verifier of an AUTH_NULL or AUTH_SYS call: AUTH_NULL and empty, or
 * sunrpc denies the call.  Returns what the call is, so far.
 */
static enum nfs41conn_peek_result xf_ref_null_verf(struct xdr_stream *xdr,
						   struct xf_walk *walk)
{
	u32 flavor, len;

	if (!xf_opaque_auth(xdr, &flavor, &len, walk))
		return xf_odd(walk, NFS41CONN_PEEK_GARBLED);
	if (flavor != RPC_AUTH_NULL || len)
		return xf_odd(walk, NFS41CONN_PEEK_OTHER);	/* AUTH_BADVERF */
	return NFS41CONN_PEEK_COMPOUND41;
}

/* svcauth_null_accept() */
static enum nfs41conn_peek_result xf_ref_auth_null(struct xdr_stream *xdr,
						   struct xf_walk *walk)
{
	u32 len;

	if (!xf_length(xdr, &len, walk))
		return NFS41CONN_PEEK_GARBLED;
	if (len)
		return xf_odd(walk, NFS41CONN_PEEK_OTHER);	/* AUTH_BADCRED */
	return xf_ref_null_verf(xdr, walk);
}

/*
 * svcauth_unix_accept(): the body is read by its structure; its declared
 * length is not used.
 */
static enum nfs41conn_peek_result xf_ref_auth_unix(struct xdr_stream *xdr,
						   struct xf_walk *walk)
{
	u32 declared, len, stamp, uid, gid;
	unsigned int body;

	if (!xf_length(xdr, &declared, walk))
		return NFS41CONN_PEEK_GARBLED;
	body = xdr_stream_pos(xdr);
	if (!xf_u32(xdr, &stamp) || !xf_length(xdr, &len, walk))
		return xf_odd(walk, NFS41CONN_PEEK_GARBLED);
	if (len > XF_MACHINENAME_MAX)
		return xf_odd(walk, NFS41CONN_AUTH_SYS_MACHINENAME_DENIED ?
			      NFS41CONN_PEEK_OTHER : NFS41CONN_PEEK_GARBLED);
	if (!xdr_inline_decode(xdr, len) || !xf_u32(xdr, &uid) ||
	    !xf_u32(xdr, &gid) || !xf_length(xdr, &len, walk))
		return xf_odd(walk, NFS41CONN_PEEK_GARBLED);
	if (len > XF_UNX_NGROUPS)
		return xf_odd(walk, NFS41CONN_PEEK_OTHER);	/* AUTH_BADCRED */
	if (!xdr_inline_decode(xdr, XDR_UNIT * len))
		return xf_odd(walk, NFS41CONN_PEEK_GARBLED);
	if (declared != xdr_stream_pos(xdr) - body)
		xf_odd(walk, NFS41CONN_PEEK_COMPOUND41);
	return xf_ref_null_verf(xdr, walk);
}

/*
 * svcauth_gss_decode_credbody(), then what svcauth_gss_accept() and
 * svcauth_gss_verify_header() check of a DATA call before the MIC: the
 * context and the MIC cannot be checked here and are taken to be good.
 */
static enum nfs41conn_peek_result xf_ref_auth_gss(struct xdr_stream *xdr,
						  struct nfs41conn_call *c,
						  struct xf_walk *walk)
{
	u32 body_len, v, proc, seq, svc, flavor, len;
	ssize_t handle_len;
	void *handle;

	if (!xf_length(xdr, &body_len, walk))
		return NFS41CONN_PEEK_OTHER;
	if (body_len > RPC_MAX_AUTH_SIZE || !xf_u32(xdr, &v) ||
	    !xf_u32(xdr, &proc) || !xf_u32(xdr, &seq) || !xf_u32(xdr, &svc))
		return xf_odd(walk, NFS41CONN_PEEK_OTHER);	/* SVC_DENIED */
	handle_len = xdr_stream_decode_opaque_inline(xdr, &handle, body_len);
	if (handle_len < 0)
		return xf_odd(walk, NFS41CONN_PEEK_OTHER);
	xf_walk_field(walk, xdr);
	if (walk && walk->nr_fields)
		walk->field[walk->nr_fields - 1] -= xdr_align_size(handle_len);
	if (body_len != XDR_UNIT * 5 + xdr_align_size(handle_len))
		return xf_odd(walk, NFS41CONN_PEEK_OTHER);
	if (v != RPC_GSS_VERSION)
		return NFS41CONN_PEEK_OTHER;
	/* INIT, CONTINUE_INIT and DESTROY are for the NULL procedure only. */
	if (proc != RPC_GSS_PROC_DATA)
		return NFS41CONN_PEEK_OTHER;
	if (!xf_opaque_auth(xdr, &flavor, &len, walk) ||
	    flavor != RPC_AUTH_GSS || len < XDR_UNIT)
		return xf_odd(walk, NFS41CONN_PEEK_OTHER);	/* AUTH_BADVERF */
	c->gss_service = svc;
	/* A body wrapped for integrity or privacy is not for the peek. */
	if (svc != RPC_GSS_SVC_NONE)
		return NFS41CONN_PEEK_OTHER;
	return NFS41CONN_PEEK_COMPOUND41;
}

/*
 * nfsd's decoder of one operation (nfsd4_dec_ops[]), for the operations
 * the peek decodes.  Of CREATE_SESSION, the peek reads, and the gate
 * uses, the fields before the channel attributes only: so does this.
 * False on nfserr_bad_xdr.
 */
static bool xf_ref_op(struct xdr_stream *xdr, struct nfs41conn_call_op *op)
{
	__be32 *p;

	switch (op->opnum) {
	case OP_SEQUENCE:	/* nfsd4_decode_sequence() */
		if (!xf_bytes(xdr, op->sequence.sessionid,
			      NFS4_MAX_SESSIONID_LEN))
			return false;
		p = xdr_inline_decode(xdr, XDR_UNIT * 4);
		if (!p)
			return false;
		op->sequence.sequenceid = be32_to_cpup(p++);
		op->sequence.slotid = be32_to_cpup(p++);
		op->sequence.highest_slotid = be32_to_cpup(p++);
		op->sequence.cachethis = be32_to_cpup(p) != 0;
		return true;
	case OP_BIND_CONN_TO_SESSION:
		p = xdr_inline_decode(xdr, NFS4_MAX_SESSIONID_LEN + 8);
		if (!p)
			return false;
		memcpy(op->bind_conn.sessionid, p, NFS4_MAX_SESSIONID_LEN);
		p += XDR_QUADLEN(NFS4_MAX_SESSIONID_LEN);
		op->bind_conn.dir = be32_to_cpup(p++);
		op->bind_conn.use_rdma = be32_to_cpup(p) != 0;
		return true;
	case OP_DESTROY_SESSION:
		return xf_bytes(xdr, op->destroy_session.sessionid,
				NFS4_MAX_SESSIONID_LEN);
	case OP_CREATE_SESSION:
		return xdr_stream_decode_u64(xdr,
					     &op->create_session.clientid) == 0 &&
		       xf_u32(xdr, &op->create_session.sequenceid) &&
		       xf_u32(xdr, &op->create_session.flags);
	default:
		return true;
	}
}

/* The operations after which the peek decodes the next one. */
static bool xf_op_goes_on(u32 opnum)
{
	return opnum == OP_SEQUENCE || opnum == OP_BIND_CONN_TO_SESSION ||
	       opnum == OP_DESTROY_SESSION;
}

static enum nfs41conn_peek_result xf_ref_call(struct xf_ctx *ctx,
					      struct xdr_buf *buf,
					      struct nfs41conn_call *c,
					      struct xf_walk *walk)
{
	enum nfs41conn_peek_result ret;
	struct xdr_stream xdr;
	u32 msg_type, rpcvers, i;
	__be32 *p;

	memset(c, 0, sizeof(*c));
	xdr_init_decode(&xdr, buf, buf->head[0].iov_base, NULL);
	xdr_set_scratch_buffer(&xdr, ctx->scratch, PAGE_SIZE);

	/* svc_process(); a REPLY is the client's, taken before it */
	p = xdr_inline_decode(&xdr, XDR_UNIT * 2);
	if (!p)
		return NFS41CONN_PEEK_GARBLED;
	c->xid = *p++;
	msg_type = be32_to_cpup(p);
	if (msg_type != RPC_CALL)
		return NFS41CONN_PEEK_OTHER;

	/* svc_process_common() */
	p = xdr_inline_decode(&xdr, XDR_UNIT * 4);
	if (!p)
		return NFS41CONN_PEEK_GARBLED;
	rpcvers = be32_to_cpup(p++);
	c->prog = be32_to_cpup(p++);
	c->vers = be32_to_cpup(p++);
	c->proc = be32_to_cpup(p);
	if (rpcvers != RPC_VERSION)
		return NFS41CONN_PEEK_OTHER;

	/* svc_authenticate() */
	if (!xf_u32(&xdr, &c->flavor))
		return NFS41CONN_PEEK_GARBLED;
	switch (c->flavor) {
	case RPC_AUTH_NULL:
		ret = xf_ref_auth_null(&xdr, walk);
		break;
	case RPC_AUTH_UNIX:
		ret = xf_ref_auth_unix(&xdr, walk);
		break;
	case RPC_AUTH_GSS:
		ret = xf_ref_auth_gss(&xdr, c, walk);
		break;
	default:
		/* No such flavor, or AUTH_TLS, for the NULL procedure only. */
		return xf_odd(walk, NFS41CONN_PEEK_OTHER);
	}
	if (ret != NFS41CONN_PEEK_COMPOUND41)
		return ret;
	if (c->prog != NFS_PROGRAM || c->vers != NFS4_VERSION ||
	    c->proc != NFSPROC4_COMPOUND)
		return NFS41CONN_PEEK_OTHER;

	/* nfsd4_decode_compound() */
	if (walk)
		walk->compound = xdr_stream_pos(&xdr);
	if (!xf_length(&xdr, &c->tag_len, walk))
		return NFS41CONN_PEEK_GARBLED;
	if (c->tag_len > XF_NFSD4_MAX_TAGLEN)
		return NFS41CONN_PEEK_GARBLED;
	if (c->tag_len && !xf_bytes(&xdr, c->tag, c->tag_len))
		return NFS41CONN_PEEK_GARBLED;
	if (!xf_u32(&xdr, &c->minorversion) || !xf_length(&xdr, &c->nops, walk))
		return NFS41CONN_PEEK_GARBLED;
	/* nfsd runs no operation of minor version 0 for the gate */
	if (c->minorversion < NFS41CONN_MINORVERSION_MIN ||
	    c->minorversion > NFS41CONN_MINORVERSION_MAX)
		return NFS41CONN_PEEK_OTHER;
	for (i = 0; i < min_t(u32, c->nops, XF_NFSD_MAX_OPS) &&
	     i < NFS41CONN_PEEK_OPS; i++) {
		struct nfs41conn_call_op *op = &c->op[i];

		if (!xf_u32(&xdr, &op->opnum))
			return NFS41CONN_PEEK_GARBLED;
		/* nfsd fails this one, and runs those before it */
		if (!xf_ref_op(&xdr, op))
			return i ? NFS41CONN_PEEK_COMPOUND41 :
				   NFS41CONN_PEEK_GARBLED;
		c->nr_peeked = i + 1;
		/* nfsd4_opnum_in_range(): OP_ILLEGAL stops the COMPOUND */
		if (!xf_op_goes_on(op->opnum))
			break;
	}
	return NFS41CONN_PEEK_COMPOUND41;
}

/* One result's resok, as fs/nfs/nfs4xdr.c's decode_*() read them. */
static bool xf_ref_resok(struct xdr_stream *xdr, struct nfs41conn_reply_op *r)
{
	__be32 *p;

	switch (r->opnum) {
	case OP_SEQUENCE:	/* decode_sequence() */
		p = xdr_inline_decode(xdr, NFS4_MAX_SESSIONID_LEN + 20);
		if (!p)
			return false;
		memcpy(r->sequence.sessionid, p, NFS4_MAX_SESSIONID_LEN);
		p += XDR_QUADLEN(NFS4_MAX_SESSIONID_LEN);
		r->sequence.sequenceid = be32_to_cpup(p++);
		r->sequence.slotid = be32_to_cpup(p++);
		r->sequence.highest_slotid = be32_to_cpup(p++);
		r->sequence.target_highest_slotid = be32_to_cpup(p++);
		r->sequence.status_flags = be32_to_cpup(p);
		return true;
	case OP_BIND_CONN_TO_SESSION:	/* decode_bind_conn_to_session() */
		p = xdr_inline_decode(xdr, NFS4_MAX_SESSIONID_LEN + 8);
		if (!p)
			return false;
		memcpy(r->bind_conn.sessionid, p, NFS4_MAX_SESSIONID_LEN);
		p += XDR_QUADLEN(NFS4_MAX_SESSIONID_LEN);
		r->bind_conn.dir = be32_to_cpup(p++);
		r->bind_conn.use_rdma = be32_to_cpup(p) != 0;
		return true;
	case OP_CREATE_SESSION:	/* decode_create_session(), to csr_flags */
		p = xdr_inline_decode(xdr, NFS4_MAX_SESSIONID_LEN + 8);
		if (!p)
			return false;
		memcpy(r->create_session.sessionid, p, NFS4_MAX_SESSIONID_LEN);
		p += XDR_QUADLEN(NFS4_MAX_SESSIONID_LEN);
		r->create_session.sequenceid = be32_to_cpup(p++);
		r->create_session.flags = be32_to_cpup(p);
		return true;
	default:
		return true;
	}
}

static enum nfs41conn_peek_result xf_ref_reply(struct xf_ctx *ctx,
					       struct xdr_buf *buf,
					       struct nfs41conn_reply *r,
					       struct xf_walk *walk)
{
	struct xdr_stream xdr;
	u32 msg_type, flavor, len, i;
	__be32 *p;

	memset(r, 0, sizeof(*r));
	xdr_init_decode(&xdr, buf, buf->head[0].iov_base, NULL);
	xdr_set_scratch_buffer(&xdr, ctx->scratch, PAGE_SIZE);

	/* rpc_decode_header() */
	p = xdr_inline_decode(&xdr, XDR_UNIT * 3);
	if (!p)
		return NFS41CONN_PEEK_GARBLED;
	r->xid = *p++;
	msg_type = be32_to_cpup(p++);
	r->reply_stat = be32_to_cpup(p);
	if (msg_type != RPC_REPLY)
		return NFS41CONN_PEEK_GARBLED;
	if (r->reply_stat == RPC_MSG_DENIED)
		return NFS41CONN_PEEK_OTHER;
	if (r->reply_stat != RPC_MSG_ACCEPTED ||
	    !xf_opaque_auth(&xdr, &flavor, &len, walk) ||
	    !xf_u32(&xdr, &r->accept_stat))
		return NFS41CONN_PEEK_GARBLED;
	if (r->accept_stat != RPC_SUCCESS)
		return NFS41CONN_PEEK_OTHER;

	/* decode_compound_hdr() */
	if (walk)
		walk->compound = xdr_stream_pos(&xdr);
	if (!xf_u32(&xdr, &r->status) || !xf_length(&xdr, &r->tag_len, walk))
		return NFS41CONN_PEEK_GARBLED;
	p = xdr_inline_decode(&xdr, r->tag_len);
	if (!p)
		return NFS41CONN_PEEK_GARBLED;
	if (r->tag_len <= NFS41CONN_TAG_MAX)
		memcpy(r->tag, p, r->tag_len);
	if (!xf_length(&xdr, &r->nres, walk))
		return NFS41CONN_PEEK_GARBLED;
	/*
	 * The peek's own sanity check, which the client does not make: an
	 * array cannot hold more results (resop and status) than bytes left.
	 * In bytes: xdr_stream_remaining() counts a last, partial word whole.
	 */
	if (r->nres > (buf->len - xdr_stream_pos(&xdr)) / (2 * XDR_UNIT))
		return NFS41CONN_PEEK_GARBLED;
	for (i = 0; i < r->nres && i < NFS41CONN_PEEK_OPS; i++) {
		struct nfs41conn_reply_op *res = &r->res[i];

		/* decode_op_hdr() */
		if (!xf_u32(&xdr, &res->opnum) || !xf_u32(&xdr, &res->status))
			return NFS41CONN_PEEK_GARBLED;
		if (res->status == NFS4_OK && !xf_ref_resok(&xdr, res))
			return NFS41CONN_PEEK_GARBLED;
		r->nr_peeked = i + 1;
		/* The peek goes on past session results and failed ones. */
		if (!xf_op_goes_on(res->opnum) &&
		    (res->status == NFS4_OK || res->opnum != OP_CREATE_SESSION))
			break;
	}
	return NFS41CONN_PEEK_COMPOUND41;
}

/* ---- Comparing ---- */

static bool xf_call_ops_agree(const struct nfs41conn_call *a,
			      const struct nfs41conn_call *b)
{
	u32 i;

	for (i = 0; i < a->nr_peeked; i++) {
		const struct nfs41conn_call_op *x = &a->op[i], *y = &b->op[i];

		if (x->opnum != y->opnum)
			return false;
		switch (x->opnum) {
		case OP_SEQUENCE:
			if (memcmp(&x->sequence, &y->sequence,
				   sizeof(x->sequence)))
				return false;
			break;
		case OP_BIND_CONN_TO_SESSION:
			if (memcmp(&x->bind_conn, &y->bind_conn,
				   sizeof(x->bind_conn)))
				return false;
			break;
		case OP_DESTROY_SESSION:
			if (memcmp(&x->destroy_session, &y->destroy_session,
				   sizeof(x->destroy_session)))
				return false;
			break;
		case OP_CREATE_SESSION:
			if (memcmp(&x->create_session, &y->create_session,
				   sizeof(x->create_session)))
				return false;
			break;
		}
	}
	return true;
}

static bool xf_reply_ops_agree(const struct nfs41conn_reply *a,
			       const struct nfs41conn_reply *b)
{
	u32 i;

	for (i = 0; i < a->nr_peeked; i++) {
		const struct nfs41conn_reply_op *x = &a->res[i], *y = &b->res[i];

		if (x->opnum != y->opnum || x->status != y->status)
			return false;
		if (x->status != NFS4_OK)
			continue;
		switch (x->opnum) {
		case OP_SEQUENCE:
			if (memcmp(&x->sequence, &y->sequence,
				   sizeof(x->sequence)))
				return false;
			break;
		case OP_BIND_CONN_TO_SESSION:
			if (memcmp(&x->bind_conn, &y->bind_conn,
				   sizeof(x->bind_conn)))
				return false;
			break;
		case OP_CREATE_SESSION:
			if (memcmp(&x->create_session, &y->create_session,
				   sizeof(x->create_session)))
				return false;
			break;
		}
	}
	return true;
}

/*
 * The peek and the reference agree: both find a COMPOUND nfsd runs, or
 * neither does; if both do, at the same place (same tag, minor version
 * and count) and with the same first operations.
 */
static bool xf_agree(const struct xf_result *peek, const struct xf_result *ref,
		     bool reply)
{
	bool p = peek->ret == NFS41CONN_PEEK_COMPOUND41;
	bool r = ref->ret == NFS41CONN_PEEK_COMPOUND41;

	if (p != r)
		return false;
	if (!p)
		return true;
	if (reply) {
		const struct nfs41conn_reply *a = &peek->reply, *b = &ref->reply;

		return a->xid == b->xid && a->status == b->status &&
		       a->tag_len == b->tag_len &&
		       !memcmp(a->tag, b->tag, sizeof(a->tag)) &&
		       a->nres == b->nres && a->nr_peeked == b->nr_peeked &&
		       xf_reply_ops_agree(a, b);
	}
	return peek->call.xid == ref->call.xid &&
	       peek->call.flavor == ref->call.flavor &&
	       peek->call.tag_len == ref->call.tag_len &&
	       !memcmp(peek->call.tag, ref->call.tag, sizeof(peek->call.tag)) &&
	       peek->call.minorversion == ref->call.minorversion &&
	       peek->call.nops == ref->call.nops &&
	       peek->call.nr_peeked == ref->call.nr_peeked &&
	       xf_call_ops_agree(&peek->call, &ref->call);
}

static void xf_peek(struct xf_ctx *ctx, const struct xdr_buf *buf,
		    struct xf_result *res)
{
	memset(res, 0, sizeof(*res));
	if (ctx->reply)
		res->ret = nfs41conn_peek_reply(buf, &res->reply);
	else
		res->ret = nfs41conn_peek_call(buf, &res->call);
}

static bool xf_same(const struct xf_result *a, const struct xf_result *b)
{
	return a->ret == b->ret && !memcmp(a, b, sizeof(*a));
}

/*
 * Fail the case, printing the first XF_REPORT_MAX inputs of each kind:
 * @cred for disagreements on credentials (see xf_odd()), others apart.
 */
static void xf_report(struct xf_ctx *ctx, const char *what, const u8 *msg,
		      unsigned int len, const struct xf_layout *lay, bool cred)
{
	struct kunit *test = ctx->test;
	unsigned int off;
	unsigned long n;

	n = cred ? ctx->cred_disagreements :
		   ctx->disagreements - ctx->cred_disagreements;
	ctx->disagreements++;
	ctx->cred_disagreements += cred;
	if (n >= XF_REPORT_MAX)
		return;
	KUNIT_FAIL(test, "%s%s: %u bytes, head %u pages %u (%s, %u), peek %d, reference %d",
		   what, cred ? " on a credential sunrpc denies or reads otherwise" : "",
		   len, lay ? lay->head : len, lay ? lay->pages : 0,
		   lay && lay->mode == XF_PAGES_CROSS ? "cross" : "end",
		   lay ? lay->cross : 0, ctx->flat.ret, ctx->ref.ret);
	for (off = 0; off < len; off += 32)
		kunit_info(test, "  %04x: %*ph", off,
			   (int)min_t(unsigned int, 32, len - off), msg + off);
}

/* ---- Checking one input ---- */

static void xf_layout_flat(struct xf_layout *lay, unsigned int len)
{
	memset(lay, 0, sizeof(*lay));
	lay->head = len;
}

/*
 * Check @msg all in the head: the peek twice, the reference once, and
 * their agreement.  Leaves the peek's result in ctx->flat for
 * xf_check_layout().  Records in ctx->walk what the reference found.
 */
static void xf_check_flat(struct xf_ctx *ctx, const u8 *msg, unsigned int len)
{
	struct xf_result again;
	struct xf_layout lay;
	struct xdr_buf buf;

	xf_layout_flat(&lay, len);
	if (!xf_place(ctx, &buf, msg, len, &lay)) {
		KUNIT_FAIL(ctx->test, "out of memory");
		return;
	}
	memset(&ctx->walk, 0, sizeof(ctx->walk));
	xf_peek(ctx, &buf, &ctx->flat);
	xf_peek(ctx, &buf, &again);
	if (ctx->reply)
		ctx->ref.ret = xf_ref_reply(ctx, &buf, &ctx->ref.reply,
					    &ctx->walk);
	else
		ctx->ref.ret = xf_ref_call(ctx, &buf, &ctx->ref.call,
					   &ctx->walk);
	ctx->inputs++;
	if (ctx->ref.ret != NFS41CONN_PEEK_COMPOUND41)
		ctx->undecided++;
	if (!xf_same(&ctx->flat, &again))
		xf_report(ctx, "the same input gave another result", msg, len,
			  NULL, false);
	else if (!xf_agree(&ctx->flat, &ctx->ref, ctx->reply))
		xf_report(ctx, "the peek and the reference disagree", msg,
			  len, NULL, ctx->walk.odd_cred);
}

/* Check @msg laid out as @lay gives what it gives all in the head. */
static void xf_check_layout(struct xf_ctx *ctx, const u8 *msg,
			    unsigned int len, const struct xf_layout *lay)
{
	struct xf_result res;
	struct xdr_buf buf;

	if (!xf_place(ctx, &buf, msg, len, lay)) {
		KUNIT_FAIL(ctx->test, "out of memory");
		return;
	}
	xf_peek(ctx, &buf, &res);
	ctx->inputs++;
	if (!xf_same(&res, &ctx->flat))
		xf_report(ctx, "another layout gave another result", msg, len,
			  lay, false);
}

static u32 xf_rand(struct xf_ctx *ctx, u32 n)
{
	return n ? prandom_u32_state(&ctx->rnd) % n : 0;
}

/* A random layout of @len bytes over head, pages and tail. */
static void xf_layout_random(struct xf_ctx *ctx, struct xf_layout *lay,
			     unsigned int len)
{
	memset(lay, 0, sizeof(*lay));
	lay->head = xf_rand(ctx, len + 1);
	lay->pages = xf_rand(ctx, len - lay->head + 1);
	lay->mode = xf_rand(ctx, 2) ? XF_PAGES_CROSS : XF_PAGES_END;
	if (lay->pages < 2)
		lay->mode = XF_PAGES_END;
	else
		lay->cross = 1 + xf_rand(ctx, lay->pages - 1);
}

/* The flat check, then @nr random layouts. */
static void xf_check(struct xf_ctx *ctx, const u8 *msg, unsigned int len,
		     unsigned int nr)
{
	struct xf_layout lay;

	xf_check_flat(ctx, msg, len);
	while (nr--) {
		xf_layout_random(ctx, &lay, len);
		xf_check_layout(ctx, msg, len, &lay);
	}
}

/* ---- Fixture ---- */

static int xf_init(struct kunit *test)
{
	struct xf_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	int i;

	if (!ctx)
		return -ENOMEM;
	test->priv = ctx;
	ctx->test = test;
	for (i = 0; i < XF_NR_PAGES; i++) {
		ctx->pages[i] = alloc_page(GFP_KERNEL);
		if (!ctx->pages[i])
			return -ENOMEM;
		memset(page_address(ctx->pages[i]), XF_POISON, PAGE_SIZE);
	}
	ctx->scratch = kunit_kmalloc(test, PAGE_SIZE, GFP_KERNEL);
	ctx->in = kunit_kmalloc(test, XF_MAX, GFP_KERNEL);
	ctx->pool = kzalloc(sizeof(*ctx->pool), GFP_KERNEL);
	if (!ctx->scratch || !ctx->in || !ctx->pool)
		return -ENOMEM;
	prandom_seed_state(&ctx->rnd, XF_PRNG_SEED);
	ctx->start = ktime_get();
	return 0;
}

static void xf_exit(struct kunit *test)
{
	struct xf_ctx *ctx = test->priv;
	int i;

	if (!ctx)
		return;
	for (i = 0; i < XF_NR_PAGES; i++)
		if (ctx->pages[i])
			__free_page(ctx->pages[i]);
	if (ctx->pool) {
		xf_pool_free(ctx->pool);
		kfree(ctx->pool);
	}
	kunit_info(test, "%lu inputs in %lld ms, %lu disagreements (%lu on credentials), %lu with no COMPOUND for nfsd",
		   ctx->inputs, ktime_ms_delta(ktime_get(), ctx->start),
		   ctx->disagreements, ctx->cred_disagreements,
		   ctx->undecided);
}

static struct xf_ctx *xf_ctx(struct kunit *test, const struct xf_seed *seed)
{
	struct xf_ctx *ctx = test->priv;

	ctx->reply = seed->reply;
	KUNIT_ASSERT_LE(test, seed->len, XF_MAX);
	return ctx;
}

/* ---- Crafted seeds: credentials sunrpc reads otherwise than declared ---- */

/*
 * A call made of the head of the captured SEQUENCE call of the Linux client
 * (xid to flavor), an AUTH_SYS credential built here, an AUTH_NULL
 * verifier, and the captured call's COMPOUND4args.
 */
struct xf_craft {
	const char	*name;
	int		len_delta;	/* declared length minus the real one */
	unsigned int	machlen;
	unsigned int	ngids;
	u32		flavor;		/* of the credential */
	u32		verf_flavor;
	unsigned int	verf_len;
	unsigned int	trailing;	/* bytes inside the body, after gids */
};

static const struct xf_craft xf_crafts[] = {
	{ "authsys_honest", 0, 8, 2, RPC_AUTH_UNIX, RPC_AUTH_NULL, 0, 0 },
	{ "authsys_len_long", 8, 8, 2, RPC_AUTH_UNIX, RPC_AUTH_NULL, 0, 0 },
	{ "authsys_len_short", -8, 8, 2, RPC_AUTH_UNIX, RPC_AUTH_NULL, 0, 0 },
	{ "authsys_len_zero", -44, 8, 2, RPC_AUTH_UNIX, RPC_AUTH_NULL, 0, 0 },
	{ "authsys_trailing", 0, 8, 2, RPC_AUTH_UNIX, RPC_AUTH_NULL, 0, 8 },
	{ "authsys_machine_255", 0, 255, 0, RPC_AUTH_UNIX, RPC_AUTH_NULL, 0, 0 },
	{ "authsys_machine_256", 0, 256, 0, RPC_AUTH_UNIX, RPC_AUTH_NULL, 0, 0 },
	{ "authsys_gids_16", 0, 8, 16, RPC_AUTH_UNIX, RPC_AUTH_NULL, 0, 0 },
	{ "authsys_gids_17", 0, 8, 17, RPC_AUTH_UNIX, RPC_AUTH_NULL, 0, 0 },
	{ "authsys_verf_sys", 0, 8, 2, RPC_AUTH_UNIX, RPC_AUTH_UNIX, 0, 0 },
	{ "authsys_verf_body", 0, 8, 2, RPC_AUTH_UNIX, RPC_AUTH_NULL, 4, 0 },
	{ "authnull_with_body", 0, 8, 2, RPC_AUTH_NULL, RPC_AUTH_NULL, 0, 0 },
	{ "unknown_flavor", 0, 8, 2, 9, RPC_AUTH_NULL, 0, 0 },
};

static void xf_craft_desc(const struct xf_craft *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xf_craft, xf_crafts, xf_craft_desc);

static void xf_put32(u8 *p, unsigned int *len, u32 val)
{
	put_unaligned_be32(val, p + *len);
	*len += XDR_UNIT;
}

/*
 * Build @c into @out; returns its length.  The COMPOUND is found in the
 * captured seed by the reference decoder (ctx->walk.compound).
 */
static unsigned int xf_craft_build(struct xf_ctx *ctx, const struct xf_craft *c,
				   u8 *out)
{
	const struct xf_seed *base = &xf_seeds[XF_SEED_SEQUENCE_CALL];
	unsigned int len = 0, body, compound, i;

	ctx->reply = false;
	xf_check_flat(ctx, base->data, base->len);
	compound = ctx->walk.compound;
	KUNIT_ASSERT_GT(ctx->test, compound, 7 * XDR_UNIT);

	memcpy(out, base->data, 6 * XDR_UNIT);	/* xid to proc */
	len = 6 * XDR_UNIT;
	xf_put32(out, &len, c->flavor);
	body = XDR_UNIT * (5 + XDR_QUADLEN(c->machlen) + c->ngids) +
	       c->trailing;
	xf_put32(out, &len, body + c->len_delta);
	xf_put32(out, &len, 0x5eed);			/* stamp */
	xf_put32(out, &len, c->machlen);		/* machinename */
	memset(out + len, 'm', c->machlen);
	memset(out + len + c->machlen, 0, xdr_align_size(c->machlen) -
	       c->machlen);
	len += xdr_align_size(c->machlen);
	xf_put32(out, &len, 0);				/* uid */
	xf_put32(out, &len, 0);				/* gid */
	xf_put32(out, &len, c->ngids);
	for (i = 0; i < c->ngids; i++)
		xf_put32(out, &len, 100 + i);
	memset(out + len, 0, c->trailing);
	len += c->trailing;
	xf_put32(out, &len, c->verf_flavor);
	xf_put32(out, &len, c->verf_len);
	memset(out + len, 0, c->verf_len);
	len += c->verf_len;
	KUNIT_ASSERT_LE(ctx->test, len + base->len - compound, XF_MAX);
	memcpy(out + len, base->data + compound, base->len - compound);
	return len + base->len - compound;
}

/* Each crafted call: the peek reads it as sunrpc does. */
static void xf_crafted(struct kunit *test)
{
	const struct xf_craft *c = test->param_value;
	struct xf_ctx *ctx = test->priv;
	unsigned int len;

	len = xf_craft_build(ctx, c, ctx->in);
	xf_check(ctx, ctx->in, len, 8);
	kunit_info(test, "%s: peek %d, reference %d", c->name, ctx->flat.ret,
		   ctx->ref.ret);
}

/* ---- Systematic mutations, per captured seed ---- */

static void xf_seed_desc(const struct xf_seed *s, char *desc)
{
	strscpy(desc, s->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xf_seed, xf_seeds, xf_seed_desc);

/* Each seed as captured: a COMPOUND the peek and the reference agree on. */
static void xf_seed_as_captured(struct kunit *test)
{
	struct xf_ctx *ctx = xf_ctx(test, test->param_value);
	const struct xf_seed *s = test->param_value;

	xf_check_flat(ctx, s->data, s->len);
	KUNIT_EXPECT_EQ(test, ctx->ref.ret, NFS41CONN_PEEK_COMPOUND41);
	KUNIT_EXPECT_EQ(test, ctx->flat.ret, NFS41CONN_PEEK_COMPOUND41);
	if (!s->reply)
		KUNIT_EXPECT_GT(test, ctx->flat.call.nr_peeked, 0);
}

/*
 * Every split of the whole seed over head, pages and tail: each pair of
 * boundaries, the page data ending where a page ends, and crossing a page
 * boundary (at every offset for the splits into head and pages only).
 */
static void xf_split(struct kunit *test)
{
	struct xf_ctx *ctx = xf_ctx(test, test->param_value);
	const struct xf_seed *s = test->param_value;
	struct xf_layout lay = {};
	unsigned int h, p;

	xf_check_flat(ctx, s->data, s->len);
	for (h = 0; h <= s->len; h++) {
		for (p = 0; h + p <= s->len; p++) {
			lay.head = h;
			lay.pages = p;
			lay.mode = XF_PAGES_END;
			lay.cross = 0;
			xf_check_layout(ctx, s->data, s->len, &lay);
			if (p < 2)
				continue;
			lay.mode = XF_PAGES_CROSS;
			lay.cross = 1 + xf_rand(ctx, p - 1);
			xf_check_layout(ctx, s->data, s->len, &lay);
		}
	}
	/* the page boundary at every offset, no tail */
	for (h = 0; h + 2 <= s->len; h += 4) {
		lay.head = h;
		lay.pages = s->len - h;
		lay.mode = XF_PAGES_CROSS;
		for (p = 1; p < lay.pages; p++) {
			lay.cross = p;
			xf_check_layout(ctx, s->data, s->len, &lay);
		}
	}
}

/* Truncated at every offset, each in the head and in 3 random layouts. */
static void xf_truncate(struct kunit *test)
{
	struct xf_ctx *ctx = xf_ctx(test, test->param_value);
	const struct xf_seed *s = test->param_value;
	unsigned int len;

	for (len = 0; len < s->len; len++)
		xf_check(ctx, s->data, len, 3);
}

/* Every bit flipped, each in the head and in one random layout. */
static void xf_bitflip(struct kunit *test)
{
	struct xf_ctx *ctx = xf_ctx(test, test->param_value);
	const struct xf_seed *s = test->param_value;
	unsigned int bit;

	memcpy(ctx->in, s->data, s->len);
	for (bit = 0; bit < s->len * 8; bit++) {
		ctx->in[bit / 8] ^= BIT(bit % 8);
		xf_check(ctx, ctx->in, s->len, 1);
		ctx->in[bit / 8] ^= BIT(bit % 8);
	}
}

/*
 * Every length field the reference met (credential and verifier bodies,
 * machine name, gid count, GSS handle, tag, operation or result count)
 * set to values around its limits and its own value.
 */
static void xf_lengths(struct kunit *test)
{
	struct xf_ctx *ctx = xf_ctx(test, test->param_value);
	const struct xf_seed *s = test->param_value;
	struct xf_walk walk;
	unsigned int f, v;

	xf_check_flat(ctx, s->data, s->len);
	walk = ctx->walk;
	KUNIT_EXPECT_GT(test, walk.nr_fields, 2);
	for (f = 0; f < walk.nr_fields; f++) {
		unsigned int off = walk.field[f];
		u32 was = get_unaligned_be32(s->data + off);
		const u32 vals[] = {
			0, 1, 2, 3, 4, 5, was - 1, was + 1, was - 4, was + 4,
			was + 8, was - 8, U32_MAX, U32_MAX - 3, S32_MAX,
			(u32)S32_MAX + 1, s->len, s->len - off, s->len - off - 4,
			XF_UNX_NGROUPS, XF_UNX_NGROUPS + 1,
			XF_MACHINENAME_MAX, XF_MACHINENAME_MAX + 1,
			NFS41CONN_TAG_MAX, NFS41CONN_TAG_MAX + 1,
			RPC_MAX_AUTH_SIZE, RPC_MAX_AUTH_SIZE + 1,
			XF_NFSD_MAX_OPS, XF_NFSD_MAX_OPS + 1,
		};

		memcpy(ctx->in, s->data, s->len);
		for (v = 0; v < ARRAY_SIZE(vals); v++) {
			put_unaligned_be32(vals[v], ctx->in + off);
			xf_check(ctx, ctx->in, s->len, 2);
		}
	}
}

/* ---- Random, stacked mutations of all seeds ---- */

static const u32 xf_interesting[] = {
	0, 1, 2, 4, 7, 16, 17, 128, 129, 255, 256, 400, 401, 0x7fffffff,
	0x80000000, 0xfffffffc, 0xffffffff, OP_SEQUENCE, OP_CREATE_SESSION,
	OP_BIND_CONN_TO_SESSION, OP_DESTROY_SESSION, RPC_AUTH_GSS,
};

static unsigned int xf_mutate(struct xf_ctx *ctx, u8 *in, unsigned int len)
{
	unsigned int n = 1 + xf_rand(ctx, 6), a, b, w;

	while (n--) {
		switch (xf_rand(ctx, 8)) {
		case 0:		/* flip a bit */
			if (len)
				in[xf_rand(ctx, len)] ^= BIT(xf_rand(ctx, 8));
			break;
		case 1:		/* set a byte */
			if (len)
				in[xf_rand(ctx, len)] = xf_rand(ctx, 256);
			break;
		case 2:		/* an interesting word at a word boundary */
		case 3:
			if (len < XDR_UNIT)
				break;
			w = xf_rand(ctx, len / XDR_UNIT) * XDR_UNIT;
			a = xf_interesting[xf_rand(ctx,
						   ARRAY_SIZE(xf_interesting))];
			put_unaligned_be32(a, in + w);
			break;
		case 4:		/* a word off by a little */
			if (len < XDR_UNIT)
				break;
			w = xf_rand(ctx, len / XDR_UNIT) * XDR_UNIT;
			put_unaligned_be32(get_unaligned_be32(in + w) +
					   xf_rand(ctx, 9) - 4, in + w);
			break;
		case 5:		/* cut a range out */
			if (!len)
				break;
			a = xf_rand(ctx, len);
			b = min(len - a, 1 + xf_rand(ctx, 16));
			memmove(in + a, in + a + b, len - a - b);
			len -= b;
			break;
		case 6:		/* copy a range again */
			if (!len)
				break;
			a = xf_rand(ctx, len);
			b = min3(len - a, 1 + xf_rand(ctx, 16), XF_MAX - len);
			memmove(in + a + b, in + a, len - a);
			len += b;
			break;
		case 7:		/* truncate */
			len = xf_rand(ctx, len + 1);
			break;
		}
	}
	return len;
}

static void xf_random(struct kunit *test)
{
	struct xf_ctx *ctx = test->priv;
	unsigned long i, calls = 0;
	unsigned int len;

	for (i = 0; i < XF_RANDOM_INPUTS / 2; i++) {
		const struct xf_seed *s;

		if (xf_rand(ctx, 8)) {
			s = &xf_seeds[xf_rand(ctx, ARRAY_SIZE(xf_seeds))];
			ctx->reply = s->reply;
			memcpy(ctx->in, s->data, s->len);
			len = s->len;
		} else {
			const struct xf_craft *c =
				&xf_crafts[xf_rand(ctx, ARRAY_SIZE(xf_crafts))];

			len = xf_craft_build(ctx, c, ctx->in);
		}
		calls += !ctx->reply;
		len = xf_mutate(ctx, ctx->in, len);
		xf_check(ctx, ctx->in, len, 1);
		if (!(i % 32768))
			cond_resched();
	}
	kunit_info(test, "%lu random calls, %lu random replies", calls,
		   XF_RANDOM_INPUTS / 2 - calls);
}

/* ---- Suite ---- */

static int xf_suite_init(struct kunit_suite *suite)
{
	pr_info("nfs41conn_xdr_fuzz: prandom seed %#llx, %zu seeds\n",
		XF_PRNG_SEED, ARRAY_SIZE(xf_seeds));
	return 0;
}

static struct kunit_case nfs41conn_xdr_fuzz_cases[] = {
	KUNIT_CASE_PARAM(xf_seed_as_captured, xf_seed_gen_params),
	KUNIT_CASE_PARAM(xf_crafted, xf_craft_gen_params),
	KUNIT_CASE_PARAM(xf_split, xf_seed_gen_params),
	KUNIT_CASE_PARAM(xf_truncate, xf_seed_gen_params),
	KUNIT_CASE_PARAM(xf_bitflip, xf_seed_gen_params),
	KUNIT_CASE_PARAM(xf_lengths, xf_seed_gen_params),
	KUNIT_CASE(xf_random),
	{}
};

static struct kunit_suite nfs41conn_xdr_fuzz_suite = {
	.name		= "nfs41conn_xdr_fuzz",
	.suite_init	= xf_suite_init,
	.init		= xf_init,
	.exit		= xf_exit,
	.test_cases	= nfs41conn_xdr_fuzz_cases,
};

kunit_test_suite(nfs41conn_xdr_fuzz_suite);
