// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the nfs41conn peek (nfs41conn/xdr.c).
 *
 * Each case builds RPC messages on the wire format with a small encoder,
 * lays them out in an xdr_buf, and checks what the peek decodes.  A head
 * or tail segment is placed at the very end of a vmalloc'ed page, so that
 * a read past it faults on the guard page; pages are filled with poison
 * around the message.  Truncated messages are also laid out with the rest
 * of the message still behind buf->len: a peek that read past buf->len
 * would find a valid message there and decode it.
 */

#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/nfs.h>
#include <linux/nfs4.h>
#include <linux/string.h>
#include <linux/sunrpc/auth.h>
#include <linux/sunrpc/auth_gss.h>
#include <linux/sunrpc/msg_prot.h>
#include <linux/sunrpc/xdr.h>
#include <linux/vmalloc.h>

#include <nfs41conn/compat.h>
#include <nfs41conn/xdr.h>

/* Room for any message a case builds. */
#define XT_MAX		1024
#define XT_NR_PAGES	3
#define XT_POISON	0xa5
#define XT_XID		0x12345678

static const u8 xt_sid[NFS4_MAX_SESSIONID_LEN] = {
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
	0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10,
};

static const u8 xt_sid2[NFS4_MAX_SESSIONID_LEN] = {
	0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5, 0x96, 0x87,
	0x78, 0x69, 0x5a, 0x4b, 0x3c, 0x2d, 0x1e, 0x0f,
};

/* ---- A tiny XDR encoder ---- */

struct xt_enc {
	struct kunit	*test;
	u8		*p;
	unsigned int	len;
};

static struct xt_enc *xt_enc_new(struct kunit *test)
{
	struct xt_enc *e = kunit_kzalloc(test, sizeof(*e), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, e);
	e->p = kunit_kzalloc(test, XT_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, e->p);
	e->test = test;
	return e;
}

static void xt_u32(struct xt_enc *e, u32 val)
{
	KUNIT_ASSERT_LE(e->test, e->len + 4, XT_MAX);
	put_unaligned_be32(val, e->p + e->len);
	e->len += 4;
}

static void xt_u64(struct xt_enc *e, u64 val)
{
	xt_u32(e, val >> 32);
	xt_u32(e, (u32)val);
}

/* @n bytes of @data (or of @fill if @data is NULL), then zero padding. */
static void xt_raw(struct xt_enc *e, const void *data, unsigned int n, u8 fill)
{
	unsigned int padded = round_up(n, XDR_UNIT);

	KUNIT_ASSERT_LE(e->test, e->len + padded, XT_MAX);
	if (data)
		memcpy(e->p + e->len, data, n);
	else
		memset(e->p + e->len, fill, n);
	memset(e->p + e->len + n, 0, padded - n);
	e->len += padded;
}

static void xt_opaque(struct xt_enc *e, const void *data, unsigned int n,
		      u8 fill)
{
	xt_u32(e, n);
	xt_raw(e, data, n, fill);
}

/* What the RPC call header of a test call looks like. */
struct xt_hdr {
	u32	msg_type;
	u32	rpcvers;
	u32	prog;
	u32	vers;
	u32	proc;
	u32	flavor;
	int	cred_len;	/* >= 0: a zero-filled body this long */
	/* AUTH_SYS and RPCSEC_GSS: declared length minus the body's */
	int	cred_delta;
	bool	cred_decl_zero;	/* AUTH_SYS: declared length 0 */
	u32	machname_len;	/* AUTH_SYS */
	u32	ngids;		/* AUTH_SYS */
	u32	trailing;	/* AUTH_SYS: bytes in the body after the gids */
	u8	trailing_fill;
	u32	verf_flavor;
	int	verf_len;	/* >= 0: a verifier body this long */
	u32	gss_version;
	u32	gss_proc;
	u32	gss_seq;
	u32	gss_service;
	u32	gss_handle_len;
};

static const struct xt_hdr xt_sys = {
	.msg_type	= RPC_CALL,
	.rpcvers	= RPC_VERSION,
	.prog		= NFS_PROGRAM,
	.vers		= NFS4_VERSION,
	.proc		= NFSPROC4_COMPOUND,
	.flavor		= RPC_AUTH_UNIX,
	.cred_len	= -1,
	.machname_len	= 5,
	.ngids		= 1,
	.verf_flavor	= RPC_AUTH_NULL,
	.verf_len	= -1,
};

static const struct xt_hdr xt_gss = {
	.msg_type	= RPC_CALL,
	.rpcvers	= RPC_VERSION,
	.prog		= NFS_PROGRAM,
	.vers		= NFS4_VERSION,
	.proc		= NFSPROC4_COMPOUND,
	.flavor		= RPC_AUTH_GSS,
	.cred_len	= -1,
	.verf_flavor	= RPC_AUTH_GSS,
	.verf_len	= -1,
	.gss_version	= RPC_GSS_VERSION,
	.gss_proc	= RPC_GSS_PROC_DATA,
	.gss_seq	= 42,
	.gss_service	= RPC_GSS_SVC_NONE,
	.gss_handle_len	= 8,
};

static void xt_call_hdr(struct xt_enc *e, const struct xt_hdr *h)
{
	xt_u32(e, XT_XID);
	xt_u32(e, h->msg_type);
	xt_u32(e, h->rpcvers);
	xt_u32(e, h->prog);
	xt_u32(e, h->vers);
	xt_u32(e, h->proc);

	xt_u32(e, h->flavor);
	if (h->cred_len >= 0) {
		xt_opaque(e, NULL, h->cred_len, 0);
	} else if (h->flavor == RPC_AUTH_UNIX) {
		u32 body = 5 * XDR_UNIT + round_up(h->machname_len, XDR_UNIT) +
			   h->ngids * XDR_UNIT + round_up(h->trailing, XDR_UNIT);
		u32 i;

		/* authsys_parms */
		xt_u32(e, h->cred_decl_zero ? 0 : body + h->cred_delta);
		xt_u32(e, 0x5eed);		/* stamp */
		xt_opaque(e, NULL, h->machname_len, 'k');
		xt_u32(e, 0);			/* uid */
		xt_u32(e, 0);			/* gid */
		xt_u32(e, h->ngids);
		for (i = 0; i < h->ngids; i++)
			xt_u32(e, 100 + i);
		xt_raw(e, NULL, h->trailing, h->trailing_fill);
	} else if (h->flavor == RPC_AUTH_GSS) {
		xt_u32(e, 5 * XDR_UNIT + round_up(h->gss_handle_len, XDR_UNIT) +
			  h->cred_delta);
		xt_u32(e, h->gss_version);
		xt_u32(e, h->gss_proc);
		xt_u32(e, h->gss_seq);
		xt_u32(e, h->gss_service);
		xt_opaque(e, NULL, h->gss_handle_len, 0x77);
	} else {
		xt_u32(e, 0);
	}

	xt_u32(e, h->verf_flavor);
	if (h->verf_flavor == RPC_AUTH_GSS)	/* MIC of the header */
		xt_opaque(e, NULL, h->verf_len >= 0 ? h->verf_len : 28, 0x5c);
	else
		xt_opaque(e, NULL, h->verf_len >= 0 ? h->verf_len : 0, 0);
}

static void xt_compound(struct xt_enc *e, const char *tag, u32 minorversion,
			u32 nops)
{
	xt_opaque(e, tag, strlen(tag), 0);
	xt_u32(e, minorversion);
	xt_u32(e, nops);
}

static void xt_op_sequence(struct xt_enc *e, const u8 *sid, u32 seq,
			   u32 slot, u32 hslot, u32 cachethis)
{
	xt_u32(e, OP_SEQUENCE);
	xt_raw(e, sid, NFS4_MAX_SESSIONID_LEN, 0);
	xt_u32(e, seq);
	xt_u32(e, slot);
	xt_u32(e, hslot);
	xt_u32(e, cachethis);
}

static void xt_op_putfh(struct xt_enc *e)
{
	xt_u32(e, OP_PUTFH);
	xt_opaque(e, NULL, 28, 0x3f);
}

static void xt_op_bind_conn(struct xt_enc *e, const u8 *sid, u32 dir,
			    u32 rdma)
{
	xt_u32(e, OP_BIND_CONN_TO_SESSION);
	xt_raw(e, sid, NFS4_MAX_SESSIONID_LEN, 0);
	xt_u32(e, dir);
	xt_u32(e, rdma);
}

static void xt_chan_attrs(struct xt_enc *e)
{
	xt_u32(e, 0);			/* ca_headerpadsize */
	xt_u32(e, 1049620);		/* ca_maxrequestsize */
	xt_u32(e, 1049480);		/* ca_maxresponsesize */
	xt_u32(e, 7584);		/* ca_maxresponsesize_cached */
	xt_u32(e, 8);			/* ca_maxoperations */
	xt_u32(e, 64);			/* ca_maxrequests */
	xt_u32(e, 0);			/* ca_rdma_ird<1> */
}

static void xt_op_create_session(struct xt_enc *e, u64 clientid, u32 seq,
				 u32 flags)
{
	xt_u32(e, OP_CREATE_SESSION);
	xt_u64(e, clientid);
	xt_u32(e, seq);
	xt_u32(e, flags);
	xt_chan_attrs(e);
	xt_chan_attrs(e);
	xt_u32(e, 0x40000000);		/* csa_cb_program */
	xt_u32(e, 1);			/* csa_sec_parms<> */
	xt_u32(e, RPC_AUTH_NULL);
}

static void xt_op_destroy_session(struct xt_enc *e, const u8 *sid)
{
	xt_u32(e, OP_DESTROY_SESSION);
	xt_raw(e, sid, NFS4_MAX_SESSIONID_LEN, 0);
}

static void xt_op_exchange_id(struct xt_enc *e)
{
	xt_u32(e, OP_EXCHANGE_ID);
	xt_raw(e, NULL, 8, 0x11);		/* co_verifier */
	xt_opaque(e, "Linux NFSv4.1 kunit", 19, 0);	/* co_ownerid */
	xt_u32(e, 0x103);			/* eia_flags */
	xt_u32(e, 0);				/* SP4_NONE */
	xt_u32(e, 0);				/* eia_client_impl_id<1> */
}

/* ---- Laying a message out in an xdr_buf ---- */

struct xt_ctx {
	struct page	*pages[XT_NR_PAGES];
	u8		*head_area;	/* one vmalloc'ed page each */
	u8		*tail_area;
	struct xdr_buf	buf;
};

static int xt_init(struct kunit *test)
{
	struct xt_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	int i;

	if (!ctx)
		return -ENOMEM;
	test->priv = ctx;
	for (i = 0; i < XT_NR_PAGES; i++) {
		ctx->pages[i] = alloc_page(GFP_KERNEL);
		if (!ctx->pages[i])
			return -ENOMEM;
		memset(page_address(ctx->pages[i]), XT_POISON, PAGE_SIZE);
	}
	ctx->head_area = vmalloc(PAGE_SIZE);
	ctx->tail_area = vmalloc(PAGE_SIZE);
	if (!ctx->head_area || !ctx->tail_area)
		return -ENOMEM;
	memset(ctx->head_area, XT_POISON, PAGE_SIZE);
	memset(ctx->tail_area, XT_POISON, PAGE_SIZE);
	return 0;
}

static void xt_exit(struct kunit *test)
{
	struct xt_ctx *ctx = test->priv;
	int i;

	if (!ctx)
		return;
	for (i = 0; i < XT_NR_PAGES; i++)
		if (ctx->pages[i])
			__free_page(ctx->pages[i]);
	vfree(ctx->head_area);
	vfree(ctx->tail_area);
}

static u8 *xt_page_byte(struct xt_ctx *ctx, unsigned int off)
{
	return (u8 *)page_address(ctx->pages[off >> PAGE_SHIFT]) +
	       (off & ~PAGE_MASK);
}

/*
 * Lay out the @msg_len bytes of @msg: the first @head_len in the head, the
 * next @page_len in the pages from @page_base on, the rest in the tail.
 * The head and the tail end where their vmalloc'ed page ends.  buf->len
 * is @len, which may be shorter than @msg_len.
 */
static struct xdr_buf *xt_place(struct kunit *test, const u8 *msg,
				unsigned int msg_len, unsigned int len,
				unsigned int head_len, unsigned int page_base,
				unsigned int page_len)
{
	struct xt_ctx *ctx = test->priv;
	struct xdr_buf *buf = &ctx->buf;
	unsigned int tail_len, start, end, off, i;

	KUNIT_ASSERT_LE(test, head_len + page_len, msg_len);
	KUNIT_ASSERT_LE(test, len, msg_len);
	KUNIT_ASSERT_LE(test, page_base + page_len, XT_NR_PAGES * PAGE_SIZE);
	tail_len = msg_len - head_len - page_len;

	/* Poison around what this layout uses, where earlier ones wrote. */
	memset(ctx->head_area + PAGE_SIZE - XT_MAX, XT_POISON, XT_MAX);
	memset(ctx->tail_area + PAGE_SIZE - XT_MAX, XT_POISON, XT_MAX);
	start = page_base > XT_MAX ? page_base - XT_MAX : 0;
	end = min_t(unsigned int, page_base + page_len + XT_MAX,
		    XT_NR_PAGES * PAGE_SIZE);
	for (off = start; off < end; off++)
		*xt_page_byte(ctx, off) = XT_POISON;

	memset(buf, 0, sizeof(*buf));
	buf->head[0].iov_base = ctx->head_area + PAGE_SIZE - head_len;
	buf->head[0].iov_len = head_len;
	memcpy(buf->head[0].iov_base, msg, head_len);

	for (i = 0; i < page_len; i++)
		*xt_page_byte(ctx, page_base + i) = msg[head_len + i];
	buf->pages = ctx->pages;
	buf->page_base = page_base;
	buf->page_len = page_len;

	buf->tail[0].iov_base = ctx->tail_area + PAGE_SIZE - tail_len;
	buf->tail[0].iov_len = tail_len;
	memcpy(buf->tail[0].iov_base, msg + head_len + page_len, tail_len);

	buf->len = len;
	buf->buflen = msg_len;
	return buf;
}

/* All of @e in the head. */
static struct xdr_buf *xt_head(struct xt_enc *e)
{
	return xt_place(e->test, e->p, e->len, e->len, e->len, 0, 0);
}

/* ---- Comparing two decodes ---- */

static bool xt_call_op_eq(const struct nfs41conn_call_op *a,
			  const struct nfs41conn_call_op *b)
{
	if (a->opnum != b->opnum)
		return false;
	switch (a->opnum) {
	case OP_SEQUENCE:
		return !memcmp(a->sequence.sessionid, b->sequence.sessionid,
			       NFS4_MAX_SESSIONID_LEN) &&
		       a->sequence.sequenceid == b->sequence.sequenceid &&
		       a->sequence.slotid == b->sequence.slotid &&
		       a->sequence.highest_slotid ==
				b->sequence.highest_slotid &&
		       a->sequence.cachethis == b->sequence.cachethis;
	case OP_BIND_CONN_TO_SESSION:
		return !memcmp(a->bind_conn.sessionid, b->bind_conn.sessionid,
			       NFS4_MAX_SESSIONID_LEN) &&
		       a->bind_conn.dir == b->bind_conn.dir &&
		       a->bind_conn.use_rdma == b->bind_conn.use_rdma;
	case OP_DESTROY_SESSION:
		return !memcmp(a->destroy_session.sessionid,
			       b->destroy_session.sessionid,
			       NFS4_MAX_SESSIONID_LEN);
	case OP_CREATE_SESSION:
		return a->create_session.clientid ==
				b->create_session.clientid &&
		       a->create_session.sequenceid ==
				b->create_session.sequenceid &&
		       a->create_session.flags == b->create_session.flags;
	default:
		return true;
	}
}

static bool xt_call_eq(const struct nfs41conn_call *a,
		       const struct nfs41conn_call *b)
{
	u32 i;

	if (a->xid != b->xid || a->prog != b->prog || a->vers != b->vers ||
	    a->proc != b->proc || a->flavor != b->flavor ||
	    a->gss_service != b->gss_service ||
	    a->minorversion != b->minorversion || a->tag_len != b->tag_len ||
	    memcmp(a->tag, b->tag, sizeof(a->tag)) || a->nops != b->nops ||
	    a->nr_peeked != b->nr_peeked)
		return false;
	for (i = 0; i < a->nr_peeked; i++)
		if (!xt_call_op_eq(&a->op[i], &b->op[i]))
			return false;
	return true;
}

static bool xt_reply_op_eq(const struct nfs41conn_reply_op *a,
			   const struct nfs41conn_reply_op *b)
{
	if (a->opnum != b->opnum || a->status != b->status)
		return false;
	if (a->status != NFS4_OK)
		return true;
	switch (a->opnum) {
	case OP_SEQUENCE:
		return !memcmp(a->sequence.sessionid, b->sequence.sessionid,
			       NFS4_MAX_SESSIONID_LEN) &&
		       a->sequence.sequenceid == b->sequence.sequenceid &&
		       a->sequence.slotid == b->sequence.slotid &&
		       a->sequence.highest_slotid ==
				b->sequence.highest_slotid &&
		       a->sequence.target_highest_slotid ==
				b->sequence.target_highest_slotid &&
		       a->sequence.status_flags == b->sequence.status_flags;
	case OP_CREATE_SESSION:
		return !memcmp(a->create_session.sessionid,
			       b->create_session.sessionid,
			       NFS4_MAX_SESSIONID_LEN) &&
		       a->create_session.sequenceid ==
				b->create_session.sequenceid &&
		       a->create_session.flags == b->create_session.flags;
	case OP_BIND_CONN_TO_SESSION:
		return !memcmp(a->bind_conn.sessionid, b->bind_conn.sessionid,
			       NFS4_MAX_SESSIONID_LEN) &&
		       a->bind_conn.dir == b->bind_conn.dir &&
		       a->bind_conn.use_rdma == b->bind_conn.use_rdma;
	default:
		return true;
	}
}

static bool xt_reply_eq(const struct nfs41conn_reply *a,
			const struct nfs41conn_reply *b)
{
	u32 i;

	if (a->xid != b->xid || a->reply_stat != b->reply_stat ||
	    a->accept_stat != b->accept_stat || a->status != b->status ||
	    a->tag_len != b->tag_len ||
	    memcmp(a->tag, b->tag, sizeof(a->tag)) || a->nres != b->nres ||
	    a->nr_peeked != b->nr_peeked)
		return false;
	for (i = 0; i < a->nr_peeked; i++)
		if (!xt_reply_op_eq(&a->res[i], &b->res[i]))
			return false;
	return true;
}

/* ---- Calls ---- */

static enum nfs41conn_peek_result xt_peek(struct xt_enc *e,
					  struct nfs41conn_call *call)
{
	return nfs41conn_peek_call(xt_head(e), call);
}

/* AUTH_SYS, SEQUENCE + PUTFH: the common NFSv4.1 call. */
static void xt_call_sys_sequence_putfh(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_call call;

	xt_call_hdr(e, &xt_sys);
	xt_compound(e, "", 1, 2);
	xt_op_sequence(e, xt_sid, 17, 3, 9, 1);
	xt_op_putfh(e);

	KUNIT_ASSERT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_COMPOUND41);
	KUNIT_EXPECT_EQ(test, call.xid, cpu_to_be32(XT_XID));
	KUNIT_EXPECT_EQ(test, call.prog, NFS_PROGRAM);
	KUNIT_EXPECT_EQ(test, call.vers, 4);
	KUNIT_EXPECT_EQ(test, call.proc, NFSPROC4_COMPOUND);
	KUNIT_EXPECT_EQ(test, call.flavor, RPC_AUTH_UNIX);
	KUNIT_EXPECT_EQ(test, call.gss_service, 0);
	KUNIT_EXPECT_EQ(test, call.minorversion, 1);
	KUNIT_EXPECT_EQ(test, call.tag_len, 0);
	KUNIT_EXPECT_EQ(test, call.nops, 2);
	KUNIT_ASSERT_EQ(test, call.nr_peeked, 2);
	KUNIT_EXPECT_EQ(test, call.op[0].opnum, OP_SEQUENCE);
	KUNIT_EXPECT_MEMEQ(test, call.op[0].sequence.sessionid, xt_sid,
			   NFS4_MAX_SESSIONID_LEN);
	KUNIT_EXPECT_EQ(test, call.op[0].sequence.sequenceid, 17);
	KUNIT_EXPECT_EQ(test, call.op[0].sequence.slotid, 3);
	KUNIT_EXPECT_EQ(test, call.op[0].sequence.highest_slotid, 9);
	KUNIT_EXPECT_TRUE(test, call.op[0].sequence.cachethis);
	KUNIT_EXPECT_EQ(test, call.op[1].opnum, OP_PUTFH);
}

static void xt_call_auth_none(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct xt_hdr h = xt_sys;
	struct nfs41conn_call call;

	h.flavor = RPC_AUTH_NULL;
	xt_call_hdr(e, &h);
	xt_compound(e, "", 1, 1);
	xt_op_sequence(e, xt_sid, 1, 0, 0, 0);

	KUNIT_ASSERT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_COMPOUND41);
	KUNIT_EXPECT_EQ(test, call.flavor, RPC_AUTH_NULL);
	KUNIT_ASSERT_EQ(test, call.nr_peeked, 1);
	KUNIT_EXPECT_EQ(test, call.op[0].sequence.sequenceid, 1);
	KUNIT_EXPECT_FALSE(test, call.op[0].sequence.cachethis);
}

static void xt_call_bind_conn_to_session(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_call call;

	xt_call_hdr(e, &xt_sys);
	xt_compound(e, "", 1, 1);
	xt_op_bind_conn(e, xt_sid2, NFS4_CDFC4_BACK_OR_BOTH, 1);

	KUNIT_ASSERT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_COMPOUND41);
	KUNIT_ASSERT_EQ(test, call.nr_peeked, 1);
	KUNIT_EXPECT_EQ(test, call.op[0].opnum, OP_BIND_CONN_TO_SESSION);
	KUNIT_EXPECT_MEMEQ(test, call.op[0].bind_conn.sessionid, xt_sid2,
			   NFS4_MAX_SESSIONID_LEN);
	KUNIT_EXPECT_EQ(test, call.op[0].bind_conn.dir,
			NFS4_CDFC4_BACK_OR_BOTH);
	KUNIT_EXPECT_TRUE(test, call.op[0].bind_conn.use_rdma);
}

/* CREATE_SESSION is decoded up to csa_flags, and decoding stops there. */
static void xt_call_create_session(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_call call;

	xt_call_hdr(e, &xt_sys);
	xt_compound(e, "", 1, 2);
	xt_op_create_session(e, 0x0123456789abcdefULL, 5,
			     SESSION4_BACK_CHAN | SESSION4_PERSIST);
	xt_op_destroy_session(e, xt_sid);

	KUNIT_ASSERT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_COMPOUND41);
	KUNIT_EXPECT_EQ(test, call.nops, 2);
	KUNIT_ASSERT_EQ(test, call.nr_peeked, 1);
	KUNIT_EXPECT_EQ(test, call.op[0].opnum, OP_CREATE_SESSION);
	KUNIT_EXPECT_EQ(test, call.op[0].create_session.clientid,
			0x0123456789abcdefULL);
	KUNIT_EXPECT_EQ(test, call.op[0].create_session.sequenceid, 5);
	KUNIT_EXPECT_EQ(test, call.op[0].create_session.flags,
			SESSION4_BACK_CHAN | SESSION4_PERSIST);
}

static void xt_call_destroy_session(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_call call;

	xt_call_hdr(e, &xt_sys);
	xt_compound(e, "", 1, 1);
	xt_op_destroy_session(e, xt_sid2);

	KUNIT_ASSERT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_COMPOUND41);
	KUNIT_ASSERT_EQ(test, call.nr_peeked, 1);
	KUNIT_EXPECT_EQ(test, call.op[0].opnum, OP_DESTROY_SESSION);
	KUNIT_EXPECT_MEMEQ(test, call.op[0].destroy_session.sessionid,
			   xt_sid2, NFS4_MAX_SESSIONID_LEN);
}

/*
 * SEQUENCE, PUTFH, DESTROY_SESSION: the last operation, past the two the
 * peek decodes, is noted from the end of the record (RFC 8881 Section
 * 18.37.3 puts it last); anything after it, and it is not.
 */
struct xt_last_destroy_case {
	const char	*name;
	u32		nr_putfh_after;	/* operations after DESTROY_SESSION */
	bool		last;
};

static const struct xt_last_destroy_case xt_last_destroy_cases[] = {
	{ "last", 0, true },
	{ "not_last", 1, false },
};

static void xt_last_destroy_desc(const struct xt_last_destroy_case *c,
				 char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xt_last_destroy, xt_last_destroy_cases,
		  xt_last_destroy_desc);

static void xt_call_destroy_session_last(struct kunit *test)
{
	const struct xt_last_destroy_case *c = test->param_value;
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_call call;
	u32 i;

	xt_call_hdr(e, &xt_sys);
	xt_compound(e, "", 1, 3 + c->nr_putfh_after);
	xt_op_sequence(e, xt_sid, 17, 3, 9, 0);
	xt_op_putfh(e);
	xt_op_destroy_session(e, xt_sid2);
	for (i = 0; i < c->nr_putfh_after; i++)
		xt_op_putfh(e);

	KUNIT_ASSERT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_COMPOUND41);
	KUNIT_EXPECT_EQ(test, call.nr_peeked, 2);
	KUNIT_EXPECT_EQ(test, call.last_destroy, c->last);
	if (c->last)
		KUNIT_EXPECT_MEMEQ(test, call.last_sessionid, xt_sid2,
				   NFS4_MAX_SESSIONID_LEN);
}

/* Within the two operations decoded, the tail is not looked at. */
static void xt_call_destroy_session_second(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_call call;

	xt_call_hdr(e, &xt_sys);
	xt_compound(e, "", 1, 2);
	xt_op_sequence(e, xt_sid, 17, 3, 9, 0);
	xt_op_destroy_session(e, xt_sid);

	KUNIT_ASSERT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_COMPOUND41);
	KUNIT_ASSERT_EQ(test, call.nr_peeked, 2);
	KUNIT_EXPECT_EQ(test, call.op[1].opnum, OP_DESTROY_SESSION);
	KUNIT_EXPECT_FALSE(test, call.last_destroy);
}

/* After fixed-size arguments, the next operation is decoded too. */
static void xt_call_second_op_args(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_call call;

	xt_call_hdr(e, &xt_sys);
	xt_compound(e, "", 1, 3);
	xt_op_sequence(e, xt_sid, 2, 0, 0, 0);
	xt_op_destroy_session(e, xt_sid2);
	xt_op_putfh(e);

	KUNIT_ASSERT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_COMPOUND41);
	KUNIT_EXPECT_EQ(test, call.nops, 3);
	KUNIT_ASSERT_EQ(test, call.nr_peeked, NFS41CONN_PEEK_OPS);
	KUNIT_EXPECT_EQ(test, call.op[1].opnum, OP_DESTROY_SESSION);
	KUNIT_EXPECT_MEMEQ(test, call.op[1].destroy_session.sessionid,
			   xt_sid2, NFS4_MAX_SESSIONID_LEN);
}

/*
 * Only NFSv4.1 and NFSv4.2 COMPOUNDs are peeked: nfsd answers NFSv4.0's
 * without sessions, and a minor version it does not know with
 * NFS4ERR_MINOR_VERS_MISMATCH, executing nothing.
 */
struct xt_minor_param {
	const char			*desc;
	u32				minorversion;
	enum nfs41conn_peek_result	want;
};

static const struct xt_minor_param xt_minor_params[] = {
	{ "v4.0", 0, NFS41CONN_PEEK_OTHER },
	{ "v4.2", 2, NFS41CONN_PEEK_COMPOUND41 },
	{ "v4.3", 3, NFS41CONN_PEEK_OTHER },
};

KUNIT_ARRAY_PARAM_DESC(xt_minor, xt_minor_params, desc);

static void xt_call_minorversion(struct kunit *test)
{
	const struct xt_minor_param *p = test->param_value;
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_call call;

	xt_call_hdr(e, &xt_sys);
	xt_compound(e, "", p->minorversion, 1);
	xt_op_sequence(e, xt_sid, 1, 0, 0, 0);

	KUNIT_ASSERT_EQ(test, xt_peek(e, &call), p->want);
	KUNIT_EXPECT_EQ(test, call.minorversion, p->minorversion);
	if (p->want == NFS41CONN_PEEK_OTHER)
		KUNIT_EXPECT_EQ(test, call.nr_peeked, 0);
	else
		KUNIT_EXPECT_EQ(test, call.op[0].opnum, OP_SEQUENCE);
}

static void xt_call_null_proc(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct xt_hdr h = xt_sys;
	struct nfs41conn_call call;

	h.proc = 0;
	xt_call_hdr(e, &h);

	KUNIT_EXPECT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_OTHER);
	KUNIT_EXPECT_EQ(test, call.proc, 0);
}

static void xt_call_other_program(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct xt_hdr h = xt_sys;
	struct nfs41conn_call call;

	h.prog = 100005;	/* mountd */
	h.vers = 3;
	xt_call_hdr(e, &h);
	xt_compound(e, "", 1, 1);
	xt_op_sequence(e, xt_sid, 1, 0, 0, 0);

	KUNIT_EXPECT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_OTHER);
	KUNIT_EXPECT_EQ(test, call.prog, 100005);
}

static void xt_call_nfsv3(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct xt_hdr h = xt_sys;
	struct nfs41conn_call call;

	h.vers = 3;
	xt_call_hdr(e, &h);
	xt_u32(e, 0);

	KUNIT_EXPECT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_OTHER);
	KUNIT_EXPECT_EQ(test, call.vers, 3);
}

/* A backchannel reply is well-formed but not a call: not ours. */
static void xt_call_msg_type_reply(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct xt_hdr h = xt_sys;
	struct nfs41conn_call call;

	h.msg_type = RPC_REPLY;
	xt_call_hdr(e, &h);

	KUNIT_EXPECT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_OTHER);
}

static void xt_call_msg_type_bad(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct xt_hdr h = xt_sys;
	struct nfs41conn_call call;

	h.msg_type = 2;
	xt_call_hdr(e, &h);

	KUNIT_EXPECT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_GARBLED);
}

/* sunrpc answers RPC_MISMATCH. */
static void xt_call_rpcvers_3(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct xt_hdr h = xt_sys;
	struct nfs41conn_call call;

	h.rpcvers = 3;
	xt_call_hdr(e, &h);

	KUNIT_EXPECT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_OTHER);
}

static void xt_call_verf_too_long(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct xt_hdr h = xt_sys;
	struct nfs41conn_call call;

	h.verf_len = RPC_MAX_AUTH_SIZE + 4;
	xt_call_hdr(e, &h);
	xt_compound(e, "", 1, 1);
	xt_op_sequence(e, xt_sid, 1, 0, 0, 0);

	KUNIT_EXPECT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_GARBLED);
}

static void xt_call_tag_too_long(struct kunit *test)
{
	char tag[NFS41CONN_TAG_MAX + 2];
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_call call;

	memset(tag, 't', sizeof(tag) - 1);
	tag[sizeof(tag) - 1] = '\0';
	xt_call_hdr(e, &xt_sys);
	xt_compound(e, tag, 1, 1);
	xt_op_sequence(e, xt_sid, 1, 0, 0, 0);

	KUNIT_EXPECT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_OTHER);
	KUNIT_EXPECT_EQ(test, call.tag_len, NFS41CONN_TAG_MAX + 1);
	KUNIT_EXPECT_EQ(test, call.nr_peeked, 0);
}

static void xt_call_tag_max(struct kunit *test)
{
	char tag[NFS41CONN_TAG_MAX + 1];
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_call call;

	memset(tag, 'm', sizeof(tag) - 1);
	tag[sizeof(tag) - 1] = '\0';
	xt_call_hdr(e, &xt_sys);
	xt_compound(e, tag, 1, 1);
	xt_op_sequence(e, xt_sid, 1, 0, 0, 0);

	KUNIT_ASSERT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_COMPOUND41);
	KUNIT_EXPECT_EQ(test, call.tag_len, NFS41CONN_TAG_MAX);
	KUNIT_EXPECT_MEMEQ(test, call.tag, tag, NFS41CONN_TAG_MAX);
	KUNIT_EXPECT_EQ(test, call.op[0].opnum, OP_SEQUENCE);
}

/* An odd-length tag is copied, and its padding skipped. */
static void xt_call_tag_echoed(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_call call;

	xt_call_hdr(e, &xt_sys);
	xt_compound(e, "mount", 1, 1);
	xt_op_sequence(e, xt_sid, 8, 1, 1, 0);

	KUNIT_ASSERT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_COMPOUND41);
	KUNIT_EXPECT_EQ(test, call.tag_len, 5);
	KUNIT_EXPECT_MEMEQ(test, call.tag, "mount", 5);
	KUNIT_EXPECT_EQ(test, call.op[0].sequence.sequenceid, 8);
}

/* A tag length past the end of the record is malformed, not "long". */
static void xt_call_tag_past_end(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_call call;

	xt_call_hdr(e, &xt_sys);
	xt_u32(e, 0xfffffffd);

	KUNIT_EXPECT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_GARBLED);
}

static void xt_call_gss_none(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_call call;

	xt_call_hdr(e, &xt_gss);
	xt_compound(e, "", 1, 2);
	xt_op_sequence(e, xt_sid, 4, 2, 7, 0);
	xt_op_putfh(e);

	KUNIT_ASSERT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_COMPOUND41);
	KUNIT_EXPECT_EQ(test, call.flavor, RPC_AUTH_GSS);
	KUNIT_EXPECT_EQ(test, call.gss_service, RPC_GSS_SVC_NONE);
	KUNIT_ASSERT_EQ(test, call.nr_peeked, 2);
	KUNIT_EXPECT_EQ(test, call.op[0].sequence.slotid, 2);
	KUNIT_EXPECT_EQ(test, call.op[1].opnum, OP_PUTFH);
}

/* An RPCSEC_GSS service or procedure. */
struct xt_gss_choice {
	const char	*desc;
	u32		val;
};

/* Integrity and privacy wrap the body: passed through unread. */
static const struct xt_gss_choice xt_gss_services[] = {
	{ "integrity", RPC_GSS_SVC_INTEGRITY },
	{ "privacy", RPC_GSS_SVC_PRIVACY },
};

KUNIT_ARRAY_PARAM_DESC(xt_gss_service, xt_gss_services, desc);

static void xt_call_gss_wrapped(struct kunit *test)
{
	const struct xt_gss_choice *p = test->param_value;
	struct xt_enc *e = xt_enc_new(test);
	struct xt_hdr h = xt_gss;
	struct nfs41conn_call call;

	h.gss_service = p->val;
	xt_call_hdr(e, &h);
	xt_u32(e, 64);		/* databody_integ<> or databody_priv<> */

	KUNIT_EXPECT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_OTHER);
	KUNIT_EXPECT_EQ(test, call.gss_service, p->val);
	KUNIT_EXPECT_EQ(test, call.nr_peeked, 0);
}

/* Context creation and destruction are RPCSEC_GSS's business. */
static const struct xt_gss_choice xt_gss_procs[] = {
	{ "init", RPC_GSS_PROC_INIT },
	{ "continue_init", RPC_GSS_PROC_CONTINUE_INIT },
	{ "destroy", RPC_GSS_PROC_DESTROY },
};

KUNIT_ARRAY_PARAM_DESC(xt_gss_proc, xt_gss_procs, desc);

static void xt_call_gss_control(struct kunit *test)
{
	const struct xt_gss_choice *p = test->param_value;
	struct xt_enc *e = xt_enc_new(test);
	struct xt_hdr h = xt_gss;
	struct nfs41conn_call call;

	h.gss_proc = p->val;
	xt_call_hdr(e, &h);
	xt_compound(e, "", 1, 1);
	xt_op_sequence(e, xt_sid, 1, 0, 0, 0);

	KUNIT_EXPECT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_OTHER);
	KUNIT_EXPECT_EQ(test, call.nr_peeked, 0);
}

static void xt_call_gss_version_2(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct xt_hdr h = xt_gss;
	struct nfs41conn_call call;

	h.gss_version = 2;
	xt_call_hdr(e, &h);
	xt_compound(e, "", 1, 1);
	xt_op_sequence(e, xt_sid, 1, 0, 0, 0);

	KUNIT_EXPECT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_OTHER);
}

/* A GSS credential whose declared length leaves no room for the handle. */
static void xt_call_gss_handle_overflow(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_call call;

	xt_call_hdr(e, &xt_gss);
	xt_compound(e, "", 1, 1);
	xt_op_sequence(e, xt_sid, 1, 0, 0, 0);
	/* The credential's length, at 28: sunrpc denies it (badcred). */
	put_unaligned_be32(5 * XDR_UNIT, e->p + 28);

	KUNIT_EXPECT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_OTHER);
	KUNIT_EXPECT_EQ(test, call.nr_peeked, 0);
}

/* ---- Credentials and verifiers, read as sunrpc reads them ---- */

/*
 * A SEQUENCE under header @h: the peek says @want, and a COMPOUND it finds
 * is the one that follows the verifier, where sunrpc finds it.
 */
static void xt_cred_check(struct kunit *test, const struct xt_hdr *h,
			  enum nfs41conn_peek_result want)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_call call;

	xt_call_hdr(e, h);
	xt_compound(e, "", 1, 1);
	xt_op_sequence(e, xt_sid, 17, 3, 9, 1);

	KUNIT_ASSERT_EQ(test, xt_peek(e, &call), want);
	KUNIT_EXPECT_EQ(test, call.flavor, h->flavor);
	if (want != NFS41CONN_PEEK_COMPOUND41) {
		KUNIT_EXPECT_EQ(test, call.tag_len, 0);
		KUNIT_EXPECT_EQ(test, call.nr_peeked, 0);
		return;
	}
	KUNIT_EXPECT_EQ(test, call.minorversion, 1);
	KUNIT_EXPECT_EQ(test, call.nops, 1);
	KUNIT_ASSERT_EQ(test, call.nr_peeked, 1);
	KUNIT_EXPECT_EQ(test, call.op[0].opnum, OP_SEQUENCE);
	KUNIT_EXPECT_MEMEQ(test, call.op[0].sequence.sessionid, xt_sid,
			   NFS4_MAX_SESSIONID_LEN);
	KUNIT_EXPECT_EQ(test, call.op[0].sequence.sequenceid, 17);
	KUNIT_EXPECT_EQ(test, call.op[0].sequence.slotid, 3);
}

/*
 * AUTH_SYS: sunrpc reads authsys_parms by structure and ignores the
 * declared length; bytes the length covers past the gids are read as the
 * verifier, and what follows them as the COMPOUND.
 */
struct xt_sys_param {
	const char	*desc;
	int		cred_delta;
	bool		cred_decl_zero;
	u32		machname_len;
	u32		ngids;
	u32		trailing;
	u8		trailing_fill;
	enum nfs41conn_peek_result want;
	u32		minorversion;	/* if not a COMPOUND41 */
};

static const struct xt_sys_param xt_sys_params[] = {
	{ "declared length exact", 0, false, 5, 1, 0, 0,
	  NFS41CONN_PEEK_COMPOUND41 },
	{ "declared length 4 too long", 4, false, 5, 1, 0, 0,
	  NFS41CONN_PEEK_COMPOUND41 },
	{ "declared length 8 too long", 8, false, 5, 1, 0, 0,
	  NFS41CONN_PEEK_COMPOUND41 },
	{ "declared length 64 too long", 64, false, 5, 1, 0, 0,
	  NFS41CONN_PEEK_COMPOUND41 },
	{ "declared length over RPC_MAX_AUTH_SIZE", RPC_MAX_AUTH_SIZE, false,
	  5, 1, 0, 0, NFS41CONN_PEEK_COMPOUND41 },
	{ "declared length past the record", 0x7fff0000, false, 5, 1, 0, 0,
	  NFS41CONN_PEEK_COMPOUND41 },
	{ "declared length 4 too short", -4, false, 5, 1, 0, 0,
	  NFS41CONN_PEEK_COMPOUND41 },
	{ "declared length 12 too short", -12, false, 5, 1, 0, 0,
	  NFS41CONN_PEEK_COMPOUND41 },
	{ "declared length 0", 0, true, 5, 1, 0, 0,
	  NFS41CONN_PEEK_COMPOUND41 },
	{ "machine name empty", 0, false, 0, 1, 0, 0,
	  NFS41CONN_PEEK_COMPOUND41 },
	{ "machine name longest", 0, false, NFS41CONN_AUTH_SYS_MACHINENAME_MAX,
	  1, 0, 0, NFS41CONN_PEEK_COMPOUND41 },
	{ "machine name one byte too long", 0, false,
	  NFS41CONN_AUTH_SYS_MACHINENAME_MAX + 1, 1, 0, 0,
	  NFS41CONN_AUTH_SYS_MACHINENAME_DENIED ? NFS41CONN_PEEK_OTHER :
	  NFS41CONN_PEEK_GARBLED },
	{ "no gids", 0, false, 5, 0, 0, 0, NFS41CONN_PEEK_COMPOUND41 },
	{ "16 gids", 0, false, 5, UNX_NGROUPS, 0, 0,
	  NFS41CONN_PEEK_COMPOUND41 },
	{ "17 gids", 0, false, 5, UNX_NGROUPS + 1, 0, 0,
	  NFS41CONN_PEEK_OTHER },
	/* The real verifier's length is then read as the tag's length. */
	{ "4 trailing zero bytes", 0, false, 5, 1, 4, 0, NFS41CONN_PEEK_OTHER },
	/* The real verifier is then read as the tag and the minor version. */
	{ "8 trailing zero bytes", 0, false, 5, 1, 8, 0, NFS41CONN_PEEK_OTHER },
	{ "4 trailing bytes 0xff", 0, false, 5, 1, 4, 0xff,
	  NFS41CONN_PEEK_OTHER },
	{ "8 trailing bytes, declared too short", -8, false, 5, 1, 8, 0,
	  NFS41CONN_PEEK_OTHER },
};

KUNIT_ARRAY_PARAM_DESC(xt_sys, xt_sys_params, desc);

static void xt_call_sys_cred(struct kunit *test)
{
	const struct xt_sys_param *p = test->param_value;
	struct xt_hdr h = xt_sys;

	h.cred_delta = p->cred_delta;
	h.cred_decl_zero = p->cred_decl_zero;
	h.machname_len = p->machname_len;
	h.ngids = p->ngids;
	h.trailing = p->trailing;
	h.trailing_fill = p->trailing_fill;
	xt_cred_check(test, &h, p->want);
}

/* Trailing zero bytes: the peek reads the COMPOUND head sunrpc hands nfsd. */
static void xt_call_sys_trailing_minorversion(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct xt_hdr h = xt_sys;
	struct nfs41conn_call call;

	h.trailing = 8;
	xt_call_hdr(e, &h);
	xt_compound(e, "", 1, 1);
	xt_op_sequence(e, xt_sid, 17, 3, 9, 1);

	/* Tag and minor version: the real verifier, AUTH_NONE and 0. */
	KUNIT_EXPECT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_OTHER);
	KUNIT_EXPECT_EQ(test, call.tag_len, 0);
	KUNIT_EXPECT_EQ(test, call.minorversion, 0);
}

/* AUTH_NONE and AUTH_SYS take an empty AUTH_NONE verifier, nothing else. */
struct xt_verf_param {
	const char	*desc;
	u32		flavor;
	u32		verf_flavor;
	int		verf_len;
	enum nfs41conn_peek_result want;
};

static const struct xt_verf_param xt_verf_params[] = {
	{ "AUTH_SYS, AUTH_NONE verifier", RPC_AUTH_UNIX, RPC_AUTH_NULL, 0,
	  NFS41CONN_PEEK_COMPOUND41 },
	{ "AUTH_SYS, AUTH_NONE verifier of 4 bytes", RPC_AUTH_UNIX,
	  RPC_AUTH_NULL, 4, NFS41CONN_PEEK_OTHER },
	{ "AUTH_SYS, AUTH_NONE verifier of 400 bytes", RPC_AUTH_UNIX,
	  RPC_AUTH_NULL, RPC_MAX_AUTH_SIZE, NFS41CONN_PEEK_OTHER },
	{ "AUTH_SYS, AUTH_NONE verifier of 404 bytes", RPC_AUTH_UNIX,
	  RPC_AUTH_NULL, RPC_MAX_AUTH_SIZE + 4, NFS41CONN_PEEK_GARBLED },
	{ "AUTH_SYS, AUTH_SYS verifier", RPC_AUTH_UNIX, RPC_AUTH_UNIX, 0,
	  NFS41CONN_PEEK_OTHER },
	{ "AUTH_SYS, AUTH_SHORT verifier", RPC_AUTH_UNIX, RPC_AUTH_SHORT, 0,
	  NFS41CONN_PEEK_OTHER },
	{ "AUTH_SYS, RPCSEC_GSS verifier", RPC_AUTH_UNIX, RPC_AUTH_GSS, 0,
	  NFS41CONN_PEEK_OTHER },
	{ "AUTH_SYS, verifier of flavor 0xffffffff", RPC_AUTH_UNIX,
	  0xffffffff, 0, NFS41CONN_PEEK_OTHER },
	{ "AUTH_NONE, AUTH_NONE verifier", RPC_AUTH_NULL, RPC_AUTH_NULL, 0,
	  NFS41CONN_PEEK_COMPOUND41 },
	{ "AUTH_NONE, AUTH_NONE verifier of 4 bytes", RPC_AUTH_NULL,
	  RPC_AUTH_NULL, 4, NFS41CONN_PEEK_OTHER },
	{ "AUTH_NONE, AUTH_NONE verifier of 404 bytes", RPC_AUTH_NULL,
	  RPC_AUTH_NULL, RPC_MAX_AUTH_SIZE + 4, NFS41CONN_PEEK_GARBLED },
	{ "AUTH_NONE, AUTH_SYS verifier", RPC_AUTH_NULL, RPC_AUTH_UNIX, 0,
	  NFS41CONN_PEEK_OTHER },
	{ "AUTH_NONE, RPCSEC_GSS verifier", RPC_AUTH_NULL, RPC_AUTH_GSS, 0,
	  NFS41CONN_PEEK_OTHER },
};

KUNIT_ARRAY_PARAM_DESC(xt_verf, xt_verf_params, desc);

static void xt_call_verf(struct kunit *test)
{
	const struct xt_verf_param *p = test->param_value;
	struct xt_hdr h = xt_sys;

	h.flavor = p->flavor;
	h.verf_flavor = p->verf_flavor;
	h.verf_len = p->verf_len;
	xt_cred_check(test, &h, p->want);
}

/* Flavors sunrpc has no auth_ops for, AUTH_NONE bodies, AUTH_TLS. */
struct xt_flavor_param {
	const char	*desc;
	u32		flavor;
	int		cred_len;
	enum nfs41conn_peek_result want;
};

static const struct xt_flavor_param xt_flavor_params[] = {
	{ "AUTH_NONE, empty", RPC_AUTH_NULL, 0, NFS41CONN_PEEK_COMPOUND41 },
	{ "AUTH_NONE, a body of 4 bytes", RPC_AUTH_NULL, 4,
	  NFS41CONN_PEEK_OTHER },
	{ "AUTH_NONE, a body of 400 bytes", RPC_AUTH_NULL, RPC_MAX_AUTH_SIZE,
	  NFS41CONN_PEEK_OTHER },
	{ "AUTH_TLS on COMPOUND", RPC_AUTH_TLS, 0, NFS41CONN_PEEK_OTHER },
	{ "AUTH_SHORT", RPC_AUTH_SHORT, 0, NFS41CONN_PEEK_OTHER },
	{ "AUTH_DES", RPC_AUTH_DES, 0, NFS41CONN_PEEK_OTHER },
	{ "flavor 4", 4, 0, NFS41CONN_PEEK_OTHER },
	{ "flavor 5", 5, 0, NFS41CONN_PEEK_OTHER },
	{ "RPC_AUTH_MAXFLAVOR", RPC_AUTH_MAXFLAVOR, 0, NFS41CONN_PEEK_OTHER },
	{ "pseudoflavor krb5", RPC_AUTH_GSS_KRB5, 0, NFS41CONN_PEEK_OTHER },
	{ "flavor 0xffffffff", 0xffffffff, 0, NFS41CONN_PEEK_OTHER },
};

KUNIT_ARRAY_PARAM_DESC(xt_flavor, xt_flavor_params, desc);

static void xt_call_flavor(struct kunit *test)
{
	const struct xt_flavor_param *p = test->param_value;
	struct xt_hdr h = xt_sys;

	h.flavor = p->flavor;
	h.cred_len = p->cred_len;
	xt_cred_check(test, &h, p->want);
}

/*
 * RPCSEC_GSS credentials and verifiers by their form, as
 * svcauth_gss_decode_credbody() and svcauth_gss_verify_header() take them.
 */
struct xt_gss_param {
	const char	*desc;
	int		cred_delta;
	u32		handle_len;
	u32		version;
	u32		proc;
	u32		seq;
	u32		service;
	u32		verf_flavor;
	int		verf_len;
	enum nfs41conn_peek_result want;
};

#define XT_GSS(d, delta, hl, v, pr, sq, sv, vf, vl, w) \
	{ d, delta, hl, v, pr, sq, sv, vf, vl, NFS41CONN_PEEK_##w }
#define XT_GSS_DATA(d, delta, hl, sq, vf, vl, w) \
	XT_GSS(d, delta, hl, RPC_GSS_VERSION, RPC_GSS_PROC_DATA, sq, \
	       RPC_GSS_SVC_NONE, vf, vl, w)

static const struct xt_gss_param xt_gss_params[] = {
	XT_GSS_DATA("DATA, service none", 0, 8, 42, RPC_AUTH_GSS, 28,
		    COMPOUND41),
	XT_GSS_DATA("empty handle", 0, 0, 42, RPC_AUTH_GSS, 28, COMPOUND41),
	XT_GSS_DATA("handle of 3 bytes", 0, 3, 42, RPC_AUTH_GSS, 28,
		    COMPOUND41),
	XT_GSS_DATA("body of 400 bytes", 0, RPC_MAX_AUTH_SIZE - 20, 42,
		    RPC_AUTH_GSS, 28, COMPOUND41),
	XT_GSS_DATA("body of 404 bytes", 0, RPC_MAX_AUTH_SIZE - 16, 42,
		    RPC_AUTH_GSS, 28, OTHER),
	XT_GSS_DATA("declared length 4 too long", 4, 8, 42, RPC_AUTH_GSS, 28,
		    OTHER),
	XT_GSS_DATA("declared length 4 too short", -4, 8, 42, RPC_AUTH_GSS,
		    28, OTHER),
	XT_GSS("version 0", 0, 8, 0, RPC_GSS_PROC_DATA, 42,
	       RPC_GSS_SVC_NONE, RPC_AUTH_GSS, 28, OTHER),
	XT_GSS("version 2", 0, 8, 2, RPC_GSS_PROC_DATA, 42,
	       RPC_GSS_SVC_NONE, RPC_AUTH_GSS, 28, OTHER),
	XT_GSS("INIT on COMPOUND", 0, 8, RPC_GSS_VERSION, RPC_GSS_PROC_INIT,
	       42, RPC_GSS_SVC_NONE, RPC_AUTH_GSS, 28, OTHER),
	XT_GSS("CONTINUE_INIT on COMPOUND", 0, 8, RPC_GSS_VERSION,
	       RPC_GSS_PROC_CONTINUE_INIT, 42, RPC_GSS_SVC_NONE, RPC_AUTH_GSS,
	       28, OTHER),
	XT_GSS("DESTROY on COMPOUND", 0, 8, RPC_GSS_VERSION,
	       RPC_GSS_PROC_DESTROY, 42, RPC_GSS_SVC_NONE, RPC_AUTH_GSS, 28,
	       OTHER),
	XT_GSS("gss_proc 4", 0, 8, RPC_GSS_VERSION, 4, 42, RPC_GSS_SVC_NONE,
	       RPC_AUTH_GSS, 28, OTHER),
	XT_GSS("service integrity", 0, 8, RPC_GSS_VERSION, RPC_GSS_PROC_DATA,
	       42, RPC_GSS_SVC_INTEGRITY, RPC_AUTH_GSS, 28, OTHER),
	XT_GSS("service 4", 0, 8, RPC_GSS_VERSION, RPC_GSS_PROC_DATA, 42, 4,
	       RPC_AUTH_GSS, 28, OTHER),
	XT_GSS_DATA("seq_num MAXSEQ", 0, 8, MAXSEQ, RPC_AUTH_GSS, 28,
		    COMPOUND41),
	XT_GSS_DATA("seq_num past MAXSEQ", 0, 8, MAXSEQ + 1, RPC_AUTH_GSS, 28,
		    OTHER),
	XT_GSS_DATA("AUTH_NONE verifier", 0, 8, 42, RPC_AUTH_NULL, 28, OTHER),
	XT_GSS_DATA("empty verifier", 0, 8, 42, RPC_AUTH_GSS, 0, OTHER),
	XT_GSS_DATA("verifier of 4 bytes", 0, 8, 42, RPC_AUTH_GSS, 4,
		    COMPOUND41),
	XT_GSS_DATA("verifier of 400 bytes", 0, 8, 42, RPC_AUTH_GSS,
		    RPC_MAX_AUTH_SIZE, COMPOUND41),
	XT_GSS_DATA("verifier of 404 bytes", 0, 8, 42, RPC_AUTH_GSS,
		    RPC_MAX_AUTH_SIZE + 4, OTHER),
};

KUNIT_ARRAY_PARAM_DESC(xt_gss, xt_gss_params, desc);

static void xt_call_gss_form(struct kunit *test)
{
	const struct xt_gss_param *p = test->param_value;
	struct xt_hdr h = xt_gss;

	h.cred_delta = p->cred_delta;
	h.gss_handle_len = p->handle_len;
	h.gss_version = p->version;
	h.gss_proc = p->proc;
	h.gss_seq = p->seq;
	h.gss_service = p->service;
	h.verf_flavor = p->verf_flavor;
	h.verf_len = p->verf_len;
	xt_cred_check(test, &h, p->want);
}

/* An operation whose arguments are not decoded ends the peek. */
static void xt_call_unknown_first_op(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_call call;

	xt_call_hdr(e, &xt_sys);
	xt_compound(e, "", 1, 2);
	xt_u32(e, OP_PUTROOTFH);
	xt_op_sequence(e, xt_sid, 1, 0, 0, 0);

	KUNIT_ASSERT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_COMPOUND41);
	KUNIT_EXPECT_EQ(test, call.nops, 2);
	KUNIT_EXPECT_EQ(test, call.nr_peeked, 1);
	KUNIT_EXPECT_EQ(test, call.op[0].opnum, OP_PUTROOTFH);
	KUNIT_EXPECT_EQ(test, call.op[1].opnum, 0);
}

static void xt_call_exchange_id(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_call call;

	xt_call_hdr(e, &xt_sys);
	xt_compound(e, "", 1, 1);
	xt_op_exchange_id(e);

	KUNIT_ASSERT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_COMPOUND41);
	KUNIT_EXPECT_EQ(test, call.nr_peeked, 1);
	KUNIT_EXPECT_EQ(test, call.op[0].opnum, OP_EXCHANGE_ID);
}

static void xt_call_destroy_clientid(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_call call;

	xt_call_hdr(e, &xt_sys);
	xt_compound(e, "", 1, 1);
	xt_u32(e, OP_DESTROY_CLIENTID);
	xt_u64(e, 0x55);

	KUNIT_ASSERT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_COMPOUND41);
	KUNIT_EXPECT_EQ(test, call.nr_peeked, 1);
	KUNIT_EXPECT_EQ(test, call.op[0].opnum, OP_DESTROY_CLIENTID);
}

static void xt_call_no_ops(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_call call;

	xt_call_hdr(e, &xt_sys);
	xt_compound(e, "", 1, 0);

	KUNIT_EXPECT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_COMPOUND41);
	KUNIT_EXPECT_EQ(test, call.nops, 0);
	KUNIT_EXPECT_EQ(test, call.nr_peeked, 0);
}

/* More operations than the record could hold. */
static void xt_call_nops_past_end(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_call call;

	xt_call_hdr(e, &xt_sys);
	xt_compound(e, "", 1, 10);
	xt_op_sequence(e, xt_sid, 1, 0, 0, 0);

	KUNIT_EXPECT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_GARBLED);
}

/*
 * More operations claimed than the record holds, but a second one nfsd
 * fails to decode: nfsd runs the first, so the peek still reads it.
 */
static void xt_call_nops_past_end_runs_first(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_call call;

	xt_call_hdr(e, &xt_sys);
	xt_compound(e, "", 1, 1000);
	xt_op_sequence(e, xt_sid, 1, 0, 0, 0);
	xt_u32(e, 9999);	/* OP_ILLEGAL to nfsd */

	KUNIT_ASSERT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_COMPOUND41);
	KUNIT_EXPECT_EQ(test, call.nops, 1000);
	KUNIT_EXPECT_GE(test, call.nr_peeked, 1);
	KUNIT_EXPECT_EQ(test, call.op[0].opnum, OP_SEQUENCE);
}

/* A bool is true when not zero, as nfsd reads it. */
static void xt_call_bool_nonzero(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_call call;

	xt_call_hdr(e, &xt_sys);
	xt_compound(e, "", 1, 1);
	xt_op_sequence(e, xt_sid, 1, 0, 0, 0x100);

	KUNIT_ASSERT_EQ(test, xt_peek(e, &call), NFS41CONN_PEEK_COMPOUND41);
	KUNIT_EXPECT_TRUE(test, call.op[0].sequence.cachethis);
}

/* The peek leaves the message as it found it. */
static void xt_call_buffer_untouched(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_call call;
	struct xdr_buf *buf;
	u8 *copy;

	xt_call_hdr(e, &xt_gss);
	xt_compound(e, "tag", 1, 2);
	xt_op_sequence(e, xt_sid, 1, 0, 0, 0);
	xt_op_bind_conn(e, xt_sid, NFS4_CDFC4_FORE, 0);
	copy = kunit_kzalloc(test, e->len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);

	buf = xt_place(test, e->p, e->len, e->len, 40, 100, e->len - 80);
	KUNIT_ASSERT_EQ(test, nfs41conn_peek_call(buf, &call),
			NFS41CONN_PEEK_COMPOUND41);
	KUNIT_ASSERT_EQ(test, read_bytes_from_xdr_buf(buf, 0, copy, e->len), 0);
	KUNIT_EXPECT_MEMEQ(test, copy, e->p, e->len);
	KUNIT_EXPECT_EQ(test, buf->len, e->len);
	KUNIT_EXPECT_EQ(test, buf->head[0].iov_len, 40);
	KUNIT_EXPECT_EQ(test, buf->page_base, 100);
}

/*
 * The messages the truncation and layout cases are run on: every byte of
 * each is read by the peek.
 */
/*
 * Three calls; @op1_args[i] is where the arguments of call i's second
 * operation start (past its opnum), or its length if it has none.
 */
static void xt_build_calls_at(struct kunit *test, struct xt_enc *e[3],
			      unsigned int op1_args[3])
{
	e[0] = xt_enc_new(test);
	xt_call_hdr(e[0], &xt_sys);
	xt_compound(e[0], "", 1, 1);
	xt_op_sequence(e[0], xt_sid, 1, 2, 3, 1);
	op1_args[0] = e[0]->len;

	e[1] = xt_enc_new(test);
	xt_call_hdr(e[1], &xt_sys);
	xt_compound(e[1], "abcde", 2, 2);
	xt_op_sequence(e[1], xt_sid, 0xfffffffe, 0x7f, 0x80, 0);
	op1_args[1] = e[1]->len + XDR_UNIT;
	xt_op_destroy_session(e[1], xt_sid2);

	e[2] = xt_enc_new(test);
	xt_call_hdr(e[2], &xt_gss);
	xt_compound(e[2], "gss", 1, 2);
	xt_op_sequence(e[2], xt_sid2, 9, 8, 7, 0);
	op1_args[2] = e[2]->len + XDR_UNIT;
	xt_op_bind_conn(e[2], xt_sid2, NFS4_CDFC4_FORE_OR_BOTH, 0);
}

static void xt_build_calls(struct kunit *test, struct xt_enc *e[3])
{
	unsigned int op1_args[3];

	xt_build_calls_at(test, e, op1_args);
}

/*
 * What the peek says of call @e cut to @len bytes: garbled, unless the cut
 * is inside the second operation's arguments -- nfsd then runs the first,
 * and the peek gives it to the gate.
 */
static enum nfs41conn_peek_result xt_cut_result(const struct xt_enc *e,
						unsigned int op1_args,
						unsigned int len)
{
	return len >= op1_args && len < e->len ? NFS41CONN_PEEK_COMPOUND41 :
						 NFS41CONN_PEEK_GARBLED;
}

/* Truncated anywhere (xt_cut_result()); the head ends at a guard page. */
static void xt_call_truncated_guarded(struct kunit *test)
{
	unsigned int i, len, op1_args[3];
	struct nfs41conn_call call;
	struct xt_enc *e[3];

	xt_build_calls_at(test, e, op1_args);
	for (i = 0; i < ARRAY_SIZE(e); i++) {
		for (len = 0; len < e[i]->len; len++) {
			struct xdr_buf *buf = xt_place(test, e[i]->p, len, len,
						       len, 0, 0);

			KUNIT_EXPECT_EQ_MSG(test,
					    nfs41conn_peek_call(buf, &call),
					    xt_cut_result(e[i], op1_args[i], len),
					    "call %u, len %u", i, len);
		}
	}
}

/* Truncated anywhere, though the rest is there past buf->len. */
static void xt_call_truncated_len(struct kunit *test)
{
	unsigned int i, len, op1_args[3];
	struct nfs41conn_call call;
	struct xt_enc *e[3];

	xt_build_calls_at(test, e, op1_args);
	for (i = 0; i < ARRAY_SIZE(e); i++) {
		for (len = 0; len < e[i]->len; len++) {
			struct xdr_buf *buf;

			/* All in the head ... */
			buf = xt_place(test, e[i]->p, e[i]->len, len,
				       e[i]->len, 0, 0);
			KUNIT_EXPECT_EQ_MSG(test,
					    nfs41conn_peek_call(buf, &call),
					    xt_cut_result(e[i], op1_args[i], len),
					    "head: call %u, len %u", i, len);

			/* ... or mostly in the pages. */
			buf = xt_place(test, e[i]->p, e[i]->len, len, 12,
				       PAGE_SIZE - 30, e[i]->len - 12);
			KUNIT_EXPECT_EQ_MSG(test,
					    nfs41conn_peek_call(buf, &call),
					    xt_cut_result(e[i], op1_args[i], len),
					    "pages: call %u, len %u", i, len);
		}
	}
}

/*
 * The peek reads only the head of the COMPOUND: a truncation past what
 * it reads is left for nfsd to find.
 */
static void xt_call_truncated_unread(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_call call;
	unsigned int fh_at;

	xt_call_hdr(e, &xt_sys);
	xt_compound(e, "", 1, 2);
	xt_op_sequence(e, xt_sid, 1, 0, 0, 0);
	fh_at = e->len + 4;
	xt_op_putfh(e);

	KUNIT_EXPECT_EQ(test,
			nfs41conn_peek_call(xt_place(test, e->p, e->len,
						     fh_at - 1, e->len, 0, 0),
					    &call),
			NFS41CONN_PEEK_GARBLED);
	KUNIT_EXPECT_EQ(test,
			nfs41conn_peek_call(xt_place(test, e->p, e->len,
						     fh_at, e->len, 0, 0),
					    &call),
			NFS41CONN_PEEK_COMPOUND41);
	KUNIT_EXPECT_EQ(test, call.nr_peeked, 2);
}

/* buf->len promises more than head, pages and tail hold. */
static void xt_call_segments_short(struct kunit *test)
{
	struct nfs41conn_call call;
	struct xt_enc *e[3];
	struct xdr_buf *buf;

	xt_build_calls(test, e);
	buf = xt_place(test, e[1]->p, e[1]->len, e[1]->len, 40, 0,
		       e[1]->len - 80);
	buf->tail[0].iov_len = 0;
	KUNIT_EXPECT_EQ(test, nfs41conn_peek_call(buf, &call),
			NFS41CONN_PEEK_GARBLED);

	buf = xt_place(test, e[1]->p, e[1]->len, e[1]->len, e[1]->len - 20,
		       0, 0);
	buf->tail[0].iov_len = 0;
	KUNIT_EXPECT_EQ(test, nfs41conn_peek_call(buf, &call),
			NFS41CONN_PEEK_GARBLED);
}

/* Head and pages, split at every byte offset. */
static void xt_call_split_head_page(struct kunit *test)
{
	struct nfs41conn_call ref, call;
	struct xt_enc *e[3];
	unsigned int i, s;

	xt_build_calls(test, e);
	for (i = 0; i < ARRAY_SIZE(e); i++) {
		unsigned int n = e[i]->len;

		KUNIT_ASSERT_EQ(test, xt_peek(e[i], &ref),
				NFS41CONN_PEEK_COMPOUND41);
		for (s = 0; s <= n; s++) {
			struct xdr_buf *buf = xt_place(test, e[i]->p, n, n,
						       s, 0, n - s);

			KUNIT_EXPECT_EQ_MSG(test,
					    nfs41conn_peek_call(buf, &call),
					    NFS41CONN_PEEK_COMPOUND41,
					    "call %u, split %u", i, s);
			KUNIT_EXPECT_TRUE_MSG(test, xt_call_eq(&ref, &call),
					      "call %u, split %u", i, s);
		}
	}
}

/* Head, then pages that cross a page boundary at every byte offset. */
static void xt_call_split_head_two_pages(struct kunit *test)
{
	struct nfs41conn_call ref, call;
	struct xt_enc *e[3];
	unsigned int i, s, k;

	xt_build_calls(test, e);
	for (i = 0; i < ARRAY_SIZE(e); i++) {
		unsigned int n = e[i]->len;

		KUNIT_ASSERT_EQ(test, xt_peek(e[i], &ref),
				NFS41CONN_PEEK_COMPOUND41);
		for (s = 0; s < n; s++) {
			for (k = 1; k <= n - s; k++) {
				struct xdr_buf *buf;

				buf = xt_place(test, e[i]->p, n, n, s,
					       PAGE_SIZE - k, n - s);
				if (nfs41conn_peek_call(buf, &call) !=
				    NFS41CONN_PEEK_COMPOUND41 ||
				    !xt_call_eq(&ref, &call)) {
					KUNIT_FAIL(test,
						   "call %u, head %u, base %u",
						   i, s, k);
					return;
				}
			}
		}
	}
}

/* Head, pages and tail, at every pair of split offsets. */
static void xt_call_split_head_page_tail(struct kunit *test)
{
	struct nfs41conn_call ref, call;
	struct xt_enc *e[3];
	unsigned int i, s, t;

	xt_build_calls(test, e);
	for (i = 0; i < ARRAY_SIZE(e); i++) {
		unsigned int n = e[i]->len;

		KUNIT_ASSERT_EQ(test, xt_peek(e[i], &ref),
				NFS41CONN_PEEK_COMPOUND41);
		for (s = 0; s <= n; s++) {
			for (t = s; t <= n; t++) {
				struct xdr_buf *buf;

				buf = xt_place(test, e[i]->p, n, n, s,
					       3 * s + 1, t - s);
				if (nfs41conn_peek_call(buf, &call) !=
				    NFS41CONN_PEEK_COMPOUND41 ||
				    !xt_call_eq(&ref, &call)) {
					KUNIT_FAIL(test,
						   "call %u, head %u, tail at %u",
						   i, s, t);
					return;
				}
			}
		}
	}
}

/* ---- Replies ---- */

static void xt_reply_hdr(struct xt_enc *e, u32 accept_stat)
{
	xt_u32(e, XT_XID);
	xt_u32(e, RPC_REPLY);
	xt_u32(e, RPC_MSG_ACCEPTED);
	xt_u32(e, RPC_AUTH_NULL);
	xt_u32(e, 0);
	xt_u32(e, accept_stat);
}

static void xt_compound_res(struct xt_enc *e, u32 status, const char *tag,
			    u32 nres)
{
	xt_u32(e, status);
	xt_opaque(e, tag, strlen(tag), 0);
	xt_u32(e, nres);
}

static void xt_res_sequence(struct xt_enc *e, const u8 *sid)
{
	xt_u32(e, OP_SEQUENCE);
	xt_u32(e, NFS4_OK);
	xt_raw(e, sid, NFS4_MAX_SESSIONID_LEN, 0);
	xt_u32(e, 21);			/* sr_sequenceid */
	xt_u32(e, 4);			/* sr_slotid */
	xt_u32(e, 63);			/* sr_highest_slotid */
	xt_u32(e, 31);			/* sr_target_highest_slotid */
	xt_u32(e, 0x40);		/* sr_status_flags */
}

static void xt_res_status(struct xt_enc *e, u32 opnum, u32 status)
{
	xt_u32(e, opnum);
	xt_u32(e, status);
}

static enum nfs41conn_peek_result xt_peek_reply(struct xt_enc *e,
						struct nfs41conn_reply *reply)
{
	return nfs41conn_peek_reply(xt_head(e), reply);
}

/* A reply ending with DESTROY_SESSION's result: noted only if OK. */
struct xt_last_destroyed_case {
	const char	*name;
	u32		status;
	bool		last;
};

static const struct xt_last_destroyed_case xt_last_destroyed_cases[] = {
	{ "ok", NFS4_OK, true },
	{ "badsession", NFS4ERR_BADSESSION, false },
};

static void xt_last_destroyed_desc(const struct xt_last_destroyed_case *c,
				   char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xt_last_destroyed, xt_last_destroyed_cases,
		  xt_last_destroyed_desc);

static void xt_reply_destroy_session_last(struct kunit *test)
{
	const struct xt_last_destroyed_case *c = test->param_value;
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_reply reply;

	xt_reply_hdr(e, RPC_SUCCESS);
	xt_compound_res(e, c->status, "", 3);
	xt_res_sequence(e, xt_sid);
	xt_res_status(e, OP_PUTFH, NFS4_OK);
	xt_res_status(e, OP_DESTROY_SESSION, c->status);

	KUNIT_ASSERT_EQ(test, xt_peek_reply(e, &reply),
			NFS41CONN_PEEK_COMPOUND41);
	KUNIT_EXPECT_EQ(test, reply.nres, 3);
	KUNIT_EXPECT_EQ(test, reply.last_destroyed, c->last);
}

static void xt_reply_sequence_ok(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_reply reply;

	xt_reply_hdr(e, RPC_SUCCESS);
	xt_compound_res(e, NFS4_OK, "", 2);
	xt_res_sequence(e, xt_sid);
	xt_res_status(e, OP_PUTFH, NFS4_OK);

	KUNIT_ASSERT_EQ(test, xt_peek_reply(e, &reply),
			NFS41CONN_PEEK_COMPOUND41);
	KUNIT_EXPECT_EQ(test, reply.xid, cpu_to_be32(XT_XID));
	KUNIT_EXPECT_EQ(test, reply.reply_stat, RPC_MSG_ACCEPTED);
	KUNIT_EXPECT_EQ(test, reply.accept_stat, RPC_SUCCESS);
	KUNIT_EXPECT_EQ(test, reply.status, NFS4_OK);
	KUNIT_EXPECT_EQ(test, reply.nres, 2);
	KUNIT_ASSERT_EQ(test, reply.nr_peeked, 2);
	KUNIT_EXPECT_EQ(test, reply.res[0].opnum, OP_SEQUENCE);
	KUNIT_EXPECT_EQ(test, reply.res[0].status, NFS4_OK);
	KUNIT_EXPECT_MEMEQ(test, reply.res[0].sequence.sessionid, xt_sid,
			   NFS4_MAX_SESSIONID_LEN);
	KUNIT_EXPECT_EQ(test, reply.res[0].sequence.sequenceid, 21);
	KUNIT_EXPECT_EQ(test, reply.res[0].sequence.slotid, 4);
	KUNIT_EXPECT_EQ(test, reply.res[0].sequence.highest_slotid, 63);
	KUNIT_EXPECT_EQ(test, reply.res[0].sequence.target_highest_slotid, 31);
	KUNIT_EXPECT_EQ(test, reply.res[0].sequence.status_flags, 0x40);
	KUNIT_EXPECT_EQ(test, reply.res[1].opnum, OP_PUTFH);
	KUNIT_EXPECT_EQ(test, reply.res[1].status, NFS4_OK);
}

static void xt_reply_sequence_badsession(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_reply reply;

	xt_reply_hdr(e, RPC_SUCCESS);
	xt_compound_res(e, NFS4ERR_BADSESSION, "", 1);
	xt_res_status(e, OP_SEQUENCE, NFS4ERR_BADSESSION);

	KUNIT_ASSERT_EQ(test, xt_peek_reply(e, &reply),
			NFS41CONN_PEEK_COMPOUND41);
	KUNIT_EXPECT_EQ(test, reply.status, NFS4ERR_BADSESSION);
	KUNIT_EXPECT_EQ(test, reply.nres, 1);
	KUNIT_ASSERT_EQ(test, reply.nr_peeked, 1);
	KUNIT_EXPECT_EQ(test, reply.res[0].opnum, OP_SEQUENCE);
	KUNIT_EXPECT_EQ(test, reply.res[0].status, NFS4ERR_BADSESSION);
}

static void xt_reply_create_session_ok(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_reply reply;

	xt_reply_hdr(e, RPC_SUCCESS);
	xt_compound_res(e, NFS4_OK, "", 1);
	xt_res_status(e, OP_CREATE_SESSION, NFS4_OK);
	xt_raw(e, xt_sid2, NFS4_MAX_SESSIONID_LEN, 0);
	xt_u32(e, 6);
	xt_u32(e, SESSION4_BACK_CHAN);
	xt_chan_attrs(e);
	xt_chan_attrs(e);

	KUNIT_ASSERT_EQ(test, xt_peek_reply(e, &reply),
			NFS41CONN_PEEK_COMPOUND41);
	KUNIT_ASSERT_EQ(test, reply.nr_peeked, 1);
	KUNIT_EXPECT_EQ(test, reply.res[0].opnum, OP_CREATE_SESSION);
	KUNIT_EXPECT_MEMEQ(test, reply.res[0].create_session.sessionid,
			   xt_sid2, NFS4_MAX_SESSIONID_LEN);
	KUNIT_EXPECT_EQ(test, reply.res[0].create_session.sequenceid, 6);
	KUNIT_EXPECT_EQ(test, reply.res[0].create_session.flags,
			SESSION4_BACK_CHAN);
}

static void xt_reply_bind_conn_ok(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_reply reply;

	xt_reply_hdr(e, RPC_SUCCESS);
	xt_compound_res(e, NFS4_OK, "", 1);
	xt_res_status(e, OP_BIND_CONN_TO_SESSION, NFS4_OK);
	xt_raw(e, xt_sid, NFS4_MAX_SESSIONID_LEN, 0);
	xt_u32(e, NFS4_CDFS4_BOTH);
	xt_u32(e, 0);

	KUNIT_ASSERT_EQ(test, xt_peek_reply(e, &reply),
			NFS41CONN_PEEK_COMPOUND41);
	KUNIT_ASSERT_EQ(test, reply.nr_peeked, 1);
	KUNIT_EXPECT_EQ(test, reply.res[0].opnum, OP_BIND_CONN_TO_SESSION);
	KUNIT_EXPECT_MEMEQ(test, reply.res[0].bind_conn.sessionid, xt_sid,
			   NFS4_MAX_SESSIONID_LEN);
	KUNIT_EXPECT_EQ(test, reply.res[0].bind_conn.dir, NFS4_CDFS4_BOTH);
	KUNIT_EXPECT_FALSE(test, reply.res[0].bind_conn.use_rdma);
}

/* DESTROY_SESSION's result is its status: the next result is read. */
static void xt_reply_destroy_session(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_reply reply;

	xt_reply_hdr(e, RPC_SUCCESS);
	xt_compound_res(e, NFS4ERR_DELAY, "", 2);
	xt_res_status(e, OP_DESTROY_SESSION, NFS4_OK);
	xt_res_status(e, OP_BIND_CONN_TO_SESSION, NFS4ERR_DELAY);

	KUNIT_ASSERT_EQ(test, xt_peek_reply(e, &reply),
			NFS41CONN_PEEK_COMPOUND41);
	KUNIT_ASSERT_EQ(test, reply.nr_peeked, 2);
	KUNIT_EXPECT_EQ(test, reply.res[0].opnum, OP_DESTROY_SESSION);
	KUNIT_EXPECT_EQ(test, reply.res[1].opnum, OP_BIND_CONN_TO_SESSION);
	KUNIT_EXPECT_EQ(test, reply.res[1].status, NFS4ERR_DELAY);
}

/* A result the peek does not decode ends the peek. */
static void xt_reply_other_op_stops(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_reply reply;

	xt_reply_hdr(e, RPC_SUCCESS);
	xt_compound_res(e, NFS4_OK, "", 2);
	xt_res_status(e, OP_PUTROOTFH, NFS4_OK);
	xt_res_sequence(e, xt_sid);

	KUNIT_ASSERT_EQ(test, xt_peek_reply(e, &reply),
			NFS41CONN_PEEK_COMPOUND41);
	KUNIT_EXPECT_EQ(test, reply.nres, 2);
	KUNIT_EXPECT_EQ(test, reply.nr_peeked, 1);
	KUNIT_EXPECT_EQ(test, reply.res[0].opnum, OP_PUTROOTFH);
}

static void xt_reply_msg_denied(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_reply reply;

	xt_u32(e, XT_XID);
	xt_u32(e, RPC_REPLY);
	xt_u32(e, RPC_MSG_DENIED);
	xt_u32(e, RPC_AUTH_ERROR);
	xt_u32(e, RPC_AUTH_REJECTEDCRED);

	KUNIT_EXPECT_EQ(test, xt_peek_reply(e, &reply), NFS41CONN_PEEK_OTHER);
	KUNIT_EXPECT_EQ(test, reply.xid, cpu_to_be32(XT_XID));
	KUNIT_EXPECT_EQ(test, reply.reply_stat, RPC_MSG_DENIED);
	KUNIT_EXPECT_EQ(test, reply.nr_peeked, 0);
}

static void xt_reply_prog_mismatch(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_reply reply;

	xt_reply_hdr(e, RPC_PROG_MISMATCH);
	xt_u32(e, 2);
	xt_u32(e, 4);

	KUNIT_EXPECT_EQ(test, xt_peek_reply(e, &reply), NFS41CONN_PEEK_OTHER);
	KUNIT_EXPECT_EQ(test, reply.reply_stat, RPC_MSG_ACCEPTED);
	KUNIT_EXPECT_EQ(test, reply.accept_stat, RPC_PROG_MISMATCH);
	KUNIT_EXPECT_EQ(test, reply.nr_peeked, 0);
}

static void xt_reply_not_a_reply(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_reply reply;

	xt_call_hdr(e, &xt_sys);
	xt_compound(e, "", 1, 0);

	KUNIT_EXPECT_EQ(test, xt_peek_reply(e, &reply),
			NFS41CONN_PEEK_GARBLED);
}

static void xt_reply_verf_too_long(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_reply reply;

	xt_u32(e, XT_XID);
	xt_u32(e, RPC_REPLY);
	xt_u32(e, RPC_MSG_ACCEPTED);
	xt_u32(e, RPC_AUTH_GSS);
	xt_opaque(e, NULL, RPC_MAX_AUTH_SIZE + 4, 0x5c);
	xt_u32(e, RPC_SUCCESS);
	xt_compound_res(e, NFS4_OK, "", 0);

	KUNIT_EXPECT_EQ(test, xt_peek_reply(e, &reply),
			NFS41CONN_PEEK_GARBLED);
}

/* A GSS verifier is skipped, and a long tag is skipped, not copied. */
static void xt_reply_gss_verf_long_tag(struct kunit *test)
{
	char tag[NFS41CONN_TAG_MAX + 4];
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_reply reply;

	memset(tag, 'x', sizeof(tag) - 1);
	tag[sizeof(tag) - 1] = '\0';
	xt_u32(e, XT_XID);
	xt_u32(e, RPC_REPLY);
	xt_u32(e, RPC_MSG_ACCEPTED);
	xt_u32(e, RPC_AUTH_GSS);
	xt_opaque(e, NULL, 28, 0x5c);
	xt_u32(e, RPC_SUCCESS);
	xt_compound_res(e, NFS4_OK, tag, 1);
	xt_res_sequence(e, xt_sid2);

	KUNIT_ASSERT_EQ(test, xt_peek_reply(e, &reply),
			NFS41CONN_PEEK_COMPOUND41);
	KUNIT_EXPECT_EQ(test, reply.tag_len, NFS41CONN_TAG_MAX + 3);
	KUNIT_EXPECT_EQ(test, reply.tag[0], 0);
	KUNIT_ASSERT_EQ(test, reply.nr_peeked, 1);
	KUNIT_EXPECT_MEMEQ(test, reply.res[0].sequence.sessionid, xt_sid2,
			   NFS4_MAX_SESSIONID_LEN);
}

static void xt_reply_nres_past_end(struct kunit *test)
{
	struct xt_enc *e = xt_enc_new(test);
	struct nfs41conn_reply reply;

	xt_reply_hdr(e, RPC_SUCCESS);
	xt_compound_res(e, NFS4_OK, "", 3);
	xt_res_status(e, OP_DESTROY_SESSION, NFS4_OK);
	xt_res_status(e, OP_DESTROY_SESSION, NFS4_OK);

	KUNIT_EXPECT_EQ(test, xt_peek_reply(e, &reply),
			NFS41CONN_PEEK_GARBLED);
}

static void xt_build_replies(struct kunit *test, struct xt_enc *e[3])
{
	e[0] = xt_enc_new(test);
	xt_reply_hdr(e[0], RPC_SUCCESS);
	xt_compound_res(e[0], NFS4_OK, "", 2);
	xt_res_sequence(e[0], xt_sid);
	xt_res_status(e[0], OP_PUTFH, NFS4_OK);

	e[1] = xt_enc_new(test);
	xt_reply_hdr(e[1], RPC_SUCCESS);
	xt_compound_res(e[1], NFS4_OK, "tag", 1);
	xt_res_status(e[1], OP_CREATE_SESSION, NFS4_OK);
	xt_raw(e[1], xt_sid2, NFS4_MAX_SESSIONID_LEN, 0);
	xt_u32(e[1], 1);
	xt_u32(e[1], SESSION4_BACK_CHAN);

	e[2] = xt_enc_new(test);
	xt_reply_hdr(e[2], RPC_SUCCESS);
	xt_compound_res(e[2], NFS4_OK, "", 2);
	xt_res_sequence(e[2], xt_sid2);
	xt_res_status(e[2], OP_BIND_CONN_TO_SESSION, NFS4_OK);
	xt_raw(e[2], xt_sid2, NFS4_MAX_SESSIONID_LEN, 0);
	xt_u32(e[2], NFS4_CDFS4_FORE);
	xt_u32(e[2], 0);
}

static void xt_reply_truncated(struct kunit *test)
{
	struct nfs41conn_reply reply;
	struct xt_enc *e[3];
	unsigned int i, len;

	xt_build_replies(test, e);
	for (i = 0; i < ARRAY_SIZE(e); i++) {
		for (len = 0; len < e[i]->len; len++) {
			struct xdr_buf *buf;

			buf = xt_place(test, e[i]->p, len, len, len, 0, 0);
			KUNIT_EXPECT_EQ_MSG(test,
					    nfs41conn_peek_reply(buf, &reply),
					    NFS41CONN_PEEK_GARBLED,
					    "guarded: reply %u, len %u", i, len);

			buf = xt_place(test, e[i]->p, e[i]->len, len, 8,
				       PAGE_SIZE - 20, e[i]->len - 8);
			KUNIT_EXPECT_EQ_MSG(test,
					    nfs41conn_peek_reply(buf, &reply),
					    NFS41CONN_PEEK_GARBLED,
					    "len: reply %u, len %u", i, len);
		}
	}
}

static void xt_reply_split(struct kunit *test)
{
	struct nfs41conn_reply ref, reply;
	struct xt_enc *e[3];
	unsigned int i, s, t;

	xt_build_replies(test, e);
	for (i = 0; i < ARRAY_SIZE(e); i++) {
		unsigned int n = e[i]->len;

		KUNIT_ASSERT_EQ(test, xt_peek_reply(e[i], &ref),
				NFS41CONN_PEEK_COMPOUND41);
		for (s = 0; s <= n; s++) {
			for (t = s; t <= n; t++) {
				struct xdr_buf *buf;

				buf = xt_place(test, e[i]->p, n, n, s,
					       PAGE_SIZE - 1 - s, t - s);
				if (nfs41conn_peek_reply(buf, &reply) !=
				    NFS41CONN_PEEK_COMPOUND41 ||
				    !xt_reply_eq(&ref, &reply)) {
					KUNIT_FAIL(test,
						   "reply %u, head %u, tail at %u",
						   i, s, t);
					return;
				}
			}
		}
	}
}

/* ---- The gate's own replies ---- */

static void xt_refusal_call(struct kunit *test, struct nfs41conn_call *call,
			    const char *tag)
{
	struct xt_enc *e = xt_enc_new(test);

	xt_call_hdr(e, &xt_sys);
	xt_compound(e, tag, 1, 2);
	xt_op_sequence(e, xt_sid, 1, 0, 0, 0);
	xt_op_putfh(e);
	KUNIT_ASSERT_EQ(test, xt_peek(e, call), NFS41CONN_PEEK_COMPOUND41);
}

static void xt_refusal_wire(struct kunit *test)
{
	static const u8 expect[] = {
		0x12, 0x34, 0x56, 0x78,	/* xid */
		0, 0, 0, 1,		/* REPLY */
		0, 0, 0, 0,		/* MSG_ACCEPTED */
		0, 0, 0, 0,		/* AUTH_NONE */
		0, 0, 0, 0,
		0, 0, 0, 0,		/* SUCCESS */
		0, 0, 0x27, 0x18,	/* NFS4ERR_DELAY */
		0, 0, 0, 5,		/* tag */
		'm', 'o', 'u', 'n', 't', 0, 0, 0,
		0, 0, 0, 1,		/* resarray<> */
		0, 0, 0, 53,		/* OP_SEQUENCE */
		0, 0, 0x27, 0x18,	/* NFS4ERR_DELAY */
	};
	struct nfs41conn_call call;
	u8 *out;

	xt_refusal_call(test, &call, "mount");
	out = kunit_kzalloc(test, NFS41CONN_REFUSAL_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_ASSERT_EQ(test,
			nfs41conn_encode_refusal(out, NFS41CONN_REFUSAL_MAX,
						 &call, OP_SEQUENCE,
						 NFS4ERR_DELAY),
			(int)sizeof(expect));
	KUNIT_EXPECT_MEMEQ(test, out, expect, sizeof(expect));
}

/* What the gate writes, the reply peek reads back. */
static void xt_refusal_round_trip(struct kunit *test)
{
	char tag[NFS41CONN_TAG_MAX + 1];
	/* On the heap: with KASAN, both on the stack overflow FRAME_WARN. */
	struct nfs41conn_reply *rp;
	struct nfs41conn_call *cp;
	struct xdr_buf *buf;
	u8 *out;
	int len;

	rp = kunit_kzalloc(test, sizeof(*rp), GFP_KERNEL);
	cp = kunit_kzalloc(test, sizeof(*cp), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rp);
	KUNIT_ASSERT_NOT_NULL(test, cp);
	memset(tag, 'r', sizeof(tag) - 1);
	tag[sizeof(tag) - 1] = '\0';
	xt_refusal_call(test, cp, tag);
	out = kunit_kzalloc(test, NFS41CONN_REFUSAL_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, out);
	len = nfs41conn_encode_refusal(out, NFS41CONN_REFUSAL_MAX, cp,
				       OP_SEQUENCE, NFS4ERR_BADSESSION);
	KUNIT_ASSERT_EQ(test, len, NFS41CONN_REFUSAL_MAX);

	buf = xt_place(test, out, len, len, len, 0, 0);
	KUNIT_ASSERT_EQ(test, nfs41conn_peek_reply(buf, rp),
			NFS41CONN_PEEK_COMPOUND41);
	KUNIT_EXPECT_EQ(test, rp->xid, cp->xid);
	KUNIT_EXPECT_EQ(test, rp->reply_stat, RPC_MSG_ACCEPTED);
	KUNIT_EXPECT_EQ(test, rp->accept_stat, RPC_SUCCESS);
	KUNIT_EXPECT_EQ(test, rp->status, NFS4ERR_BADSESSION);
	KUNIT_EXPECT_EQ(test, rp->tag_len, NFS41CONN_TAG_MAX);
	KUNIT_EXPECT_MEMEQ(test, rp->tag, tag, NFS41CONN_TAG_MAX);
	KUNIT_EXPECT_EQ(test, rp->nres, 1);
	KUNIT_ASSERT_EQ(test, rp->nr_peeked, 1);
	KUNIT_EXPECT_EQ(test, rp->res[0].opnum, OP_SEQUENCE);
	KUNIT_EXPECT_EQ(test, rp->res[0].status, NFS4ERR_BADSESSION);
}

/* Too little room: nothing is written past @len. */
static void xt_refusal_short(struct kunit *test)
{
	struct nfs41conn_call call;
	unsigned int len, i;
	u8 *out;
	int need;

	xt_refusal_call(test, &call, "abc");
	out = kunit_kzalloc(test, NFS41CONN_REFUSAL_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, out);
	need = nfs41conn_encode_refusal(out, NFS41CONN_REFUSAL_MAX, &call,
					OP_SEQUENCE, NFS4ERR_DELAY);
	KUNIT_ASSERT_EQ(test, need, 11 * 4 + 4);

	for (len = 0; len < need; len++) {
		memset(out, XT_POISON, NFS41CONN_REFUSAL_MAX);
		KUNIT_EXPECT_EQ(test,
				nfs41conn_encode_refusal(out, len, &call,
							 OP_SEQUENCE,
							 NFS4ERR_DELAY),
				-EMSGSIZE);
		for (i = 0; i < NFS41CONN_REFUSAL_MAX; i++)
			if (out[i] != XT_POISON)
				break;
		KUNIT_EXPECT_EQ(test, i, NFS41CONN_REFUSAL_MAX);
	}
	KUNIT_EXPECT_EQ(test, nfs41conn_encode_refusal(out, need, &call,
						       OP_SEQUENCE,
						       NFS4ERR_DELAY),
			need);
}

static void xt_refusal_invalid(struct kunit *test)
{
	struct nfs41conn_call call;
	u8 *out;

	xt_refusal_call(test, &call, "");
	out = kunit_kzalloc(test, NFS41CONN_REFUSAL_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, out);

	KUNIT_EXPECT_EQ(test, nfs41conn_encode_refusal(out,
						       NFS41CONN_REFUSAL_MAX,
						       &call, OP_SEQUENCE,
						       NFS4_OK),
			-EINVAL);
	call.flavor = RPC_AUTH_GSS;
	KUNIT_EXPECT_EQ(test, nfs41conn_encode_refusal(out,
						       NFS41CONN_REFUSAL_MAX,
						       &call, OP_SEQUENCE,
						       NFS4ERR_DELAY),
			-EINVAL);
	call.flavor = RPC_AUTH_UNIX;
	call.tag_len = NFS41CONN_TAG_MAX + 1;
	KUNIT_EXPECT_EQ(test, nfs41conn_encode_refusal(out,
						       NFS41CONN_REFUSAL_MAX,
						       &call, OP_SEQUENCE,
						       NFS4ERR_DELAY),
			-EINVAL);
}

static struct kunit_case nfs41conn_xdr_cases[] = {
	KUNIT_CASE(xt_call_sys_sequence_putfh),
	KUNIT_CASE(xt_call_auth_none),
	KUNIT_CASE(xt_call_bind_conn_to_session),
	KUNIT_CASE(xt_call_create_session),
	KUNIT_CASE(xt_call_destroy_session),
	KUNIT_CASE_PARAM(xt_call_destroy_session_last, xt_last_destroy_gen_params),
	KUNIT_CASE(xt_call_destroy_session_second),
	KUNIT_CASE(xt_call_second_op_args),
	KUNIT_CASE_PARAM(xt_call_minorversion, xt_minor_gen_params),
	KUNIT_CASE(xt_call_null_proc),
	KUNIT_CASE(xt_call_other_program),
	KUNIT_CASE(xt_call_nfsv3),
	KUNIT_CASE(xt_call_msg_type_reply),
	KUNIT_CASE(xt_call_msg_type_bad),
	KUNIT_CASE(xt_call_rpcvers_3),
	KUNIT_CASE(xt_call_verf_too_long),
	KUNIT_CASE(xt_call_tag_too_long),
	KUNIT_CASE(xt_call_tag_max),
	KUNIT_CASE(xt_call_tag_echoed),
	KUNIT_CASE(xt_call_tag_past_end),
	KUNIT_CASE(xt_call_gss_none),
	KUNIT_CASE_PARAM(xt_call_gss_wrapped, xt_gss_service_gen_params),
	KUNIT_CASE_PARAM(xt_call_gss_control, xt_gss_proc_gen_params),
	KUNIT_CASE(xt_call_gss_version_2),
	KUNIT_CASE(xt_call_gss_handle_overflow),
	KUNIT_CASE_PARAM(xt_call_sys_cred, xt_sys_gen_params),
	KUNIT_CASE(xt_call_sys_trailing_minorversion),
	KUNIT_CASE_PARAM(xt_call_verf, xt_verf_gen_params),
	KUNIT_CASE_PARAM(xt_call_flavor, xt_flavor_gen_params),
	KUNIT_CASE_PARAM(xt_call_gss_form, xt_gss_gen_params),
	KUNIT_CASE(xt_call_unknown_first_op),
	KUNIT_CASE(xt_call_exchange_id),
	KUNIT_CASE(xt_call_destroy_clientid),
	KUNIT_CASE(xt_call_no_ops),
	KUNIT_CASE(xt_call_nops_past_end),
	KUNIT_CASE(xt_call_nops_past_end_runs_first),
	KUNIT_CASE(xt_call_bool_nonzero),
	KUNIT_CASE(xt_call_buffer_untouched),
	KUNIT_CASE(xt_call_truncated_guarded),
	KUNIT_CASE(xt_call_truncated_len),
	KUNIT_CASE(xt_call_truncated_unread),
	KUNIT_CASE(xt_call_segments_short),
	KUNIT_CASE(xt_call_split_head_page),
	KUNIT_CASE(xt_call_split_head_two_pages),
	KUNIT_CASE(xt_call_split_head_page_tail),
	KUNIT_CASE(xt_reply_sequence_ok),
	KUNIT_CASE_PARAM(xt_reply_destroy_session_last,
			 xt_last_destroyed_gen_params),
	KUNIT_CASE(xt_reply_sequence_badsession),
	KUNIT_CASE(xt_reply_create_session_ok),
	KUNIT_CASE(xt_reply_bind_conn_ok),
	KUNIT_CASE(xt_reply_destroy_session),
	KUNIT_CASE(xt_reply_other_op_stops),
	KUNIT_CASE(xt_reply_msg_denied),
	KUNIT_CASE(xt_reply_prog_mismatch),
	KUNIT_CASE(xt_reply_not_a_reply),
	KUNIT_CASE(xt_reply_verf_too_long),
	KUNIT_CASE(xt_reply_gss_verf_long_tag),
	KUNIT_CASE(xt_reply_nres_past_end),
	KUNIT_CASE(xt_reply_truncated),
	KUNIT_CASE(xt_reply_split),
	KUNIT_CASE(xt_refusal_wire),
	KUNIT_CASE(xt_refusal_round_trip),
	KUNIT_CASE(xt_refusal_short),
	KUNIT_CASE(xt_refusal_invalid),
	{}
};

static struct kunit_suite nfs41conn_xdr_suite = {
	.name		= "nfs41conn_xdr",
	.init		= xt_init,
	.exit		= xt_exit,
	.test_cases	= nfs41conn_xdr_cases,
};

kunit_test_suite(nfs41conn_xdr_suite);
