/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The nfs41conn peek: a bounded, read-only decode of the head of an RPC
 * call or reply carrying an NFSv4.1 COMPOUND (RFC 5531, RFC 2203,
 * RFC 8881 Section 16 and Section 18).
 *
 * The peek knows nothing of transports, sessions or the table: it is
 * handed an xdr_buf holding one complete RPC message, starting at the XID
 * with the record marker already stripped, and fills in a small structure
 * on the caller's stack.  It takes no lock, allocates nothing, never
 * sleeps, never modifies the buffer, and never reads past buf->len or past
 * the end of the segment (head, pages, tail) that holds a byte.  A field
 * may straddle any segment or page boundary, at any byte offset.
 *
 * What the peek reads, sunrpc and nfsd read the same way: a bool is true
 * when it is not zero; a credential and its verifier are read field by
 * field as sunrpc's svcauth_*_accept() read them, with their limits (an
 * AUTH_SYS machine name of at most 255 bytes, at most 16 gids, an empty
 * AUTH_NONE verifier), and the length an AUTH_SYS credential declares is
 * ignored as sunrpc ignores it.  The peek gives up (NFS41CONN_PEEK_OTHER
 * or NFS41CONN_PEEK_GARBLED) on everything sunrpc would reject and nfsd
 * would not execute as an NFSv4.1 or NFSv4.2 COMPOUND, so the gate never
 * answers a call in place of a rejection.
 */
#ifndef _NFS41CONN_XDR_H
#define _NFS41CONN_XDR_H

#include <linux/types.h>
#include <linux/nfs4.h>
#include <linux/sunrpc/xdr.h>

/*
 * The longest tag nfsd takes: NFSD4_MAX_TAGLEN, of fs/nfsd/xdr4.h, which is
 * not an exported header.  nfsd rejects a COMPOUND with a longer one as
 * garbage, running no operation, so it is not gated.
 */
#define NFS41CONN_TAG_MAX		128

/* How many operations, or results, the peek decodes at most. */
#define NFS41CONN_PEEK_OPS		2

/*
 * Minor versions whose COMPOUNDs nfsd executes: up to
 * NFSD_SUPPORTED_MINOR_VERSION, of fs/nfsd/nfsd.h, not an exported header.
 */
#define NFS41CONN_MINORVERSION_MIN	1
#define NFS41CONN_MINORVERSION_MAX	2

/*
 * The longest reply nfs41conn_encode_refusal() builds: eleven XDR words
 * and a tag of NFS41CONN_TAG_MAX bytes (a multiple of four).
 */
#define NFS41CONN_REFUSAL_MAX		(11 * XDR_UNIT + NFS41CONN_TAG_MAX)

/**
 * enum nfs41conn_peek_result - what kind of message the peek found
 * @NFS41CONN_PEEK_COMPOUND41: a call: an NFSv4 COMPOUND of minor version 1
 *	or 2 whose head was decoded.  A reply: an accepted, successful
 *	reply whose COMPOUND4res head was decoded.
 * @NFS41CONN_PEEK_OTHER: well-formed as far as it was read, but not for
 *	the gate: another program, version or procedure (NULL included),
 *	minor version 0 or one nfsd does not serve, a tag longer than
 *	NFS41CONN_TAG_MAX, a credential or verifier sunrpc denies (unknown
 *	flavor, AUTH_NONE with a body, more than 16 AUTH_SYS gids, a
 *	verifier other than an empty AUTH_NONE one for AUTH_NONE and
 *	AUTH_SYS, AUTH_TLS on COMPOUND, an RPCSEC_GSS credential of the
 *	wrong form or version), an RPCSEC_GSS control procedure or a body
 *	wrapped by RPCSEC_GSS integrity or privacy, a REPLY where a call was
 *	expected; on the reply side, MSG_DENIED or an accept_stat other than
 *	SUCCESS.  What was decoded up to that point is filled in.
 * @NFS41CONN_PEEK_GARBLED: truncated, or malformed in the part that was
 *	read (an AUTH_SYS machine name longer than 255 bytes, for one).
 *	The caller passes the message on untouched; sunrpc, nfsd (or the
 *	client) will reject it.
 */
enum nfs41conn_peek_result {
	NFS41CONN_PEEK_COMPOUND41,
	NFS41CONN_PEEK_OTHER,
	NFS41CONN_PEEK_GARBLED,
};

/* SEQUENCE4args */
struct nfs41conn_sequence_args {
	u8	sessionid[NFS4_MAX_SESSIONID_LEN];
	u32	sequenceid;
	u32	slotid;
	u32	highest_slotid;
	bool	cachethis;
};

/* BIND_CONN_TO_SESSION4args */
struct nfs41conn_bind_conn_args {
	u8	sessionid[NFS4_MAX_SESSIONID_LEN];
	u32	dir;			/* channel_dir_from_client4 */
	bool	use_rdma;		/* bctsa_use_conn_in_rdma_mode */
};

/* CREATE_SESSION4args, up to csa_flags: the channel attributes are not read. */
struct nfs41conn_create_session_args {
	u64	clientid;
	u32	sequenceid;
	u32	flags;			/* SESSION4_PERSIST, SESSION4_BACK_CHAN, ... */
};

/* DESTROY_SESSION4args */
struct nfs41conn_destroy_session_args {
	u8	sessionid[NFS4_MAX_SESSIONID_LEN];
};

/**
 * struct nfs41conn_call_op - one operation of a peeked COMPOUND
 * @opnum: the operation (enum nfs_opnum4)
 * @sequence: if @opnum is OP_SEQUENCE
 * @bind_conn: if @opnum is OP_BIND_CONN_TO_SESSION
 * @create_session: if @opnum is OP_CREATE_SESSION
 * @destroy_session: if @opnum is OP_DESTROY_SESSION
 *
 * Arguments are decoded for OP_SEQUENCE, OP_BIND_CONN_TO_SESSION,
 * OP_CREATE_SESSION and OP_DESTROY_SESSION only: the union member that
 * matches @opnum is valid, and no member is valid for another operation.
 */
struct nfs41conn_call_op {
	u32	opnum;
	union {
		struct nfs41conn_sequence_args		sequence;
		struct nfs41conn_bind_conn_args		bind_conn;
		struct nfs41conn_create_session_args	create_session;
		struct nfs41conn_destroy_session_args	destroy_session;
	};
};

/**
 * struct nfs41conn_call - what the peek learned of one call
 * @xid: the XID, as on the wire
 * @prog: RPC program
 * @vers: program version
 * @proc: procedure
 * @flavor: credential flavor: RPC_AUTH_NULL, RPC_AUTH_UNIX, RPC_AUTH_GSS...
 * @gss_service: for RPC_AUTH_GSS, the credential's enum rpc_gss_svc;
 *	else 0
 * @minorversion: COMPOUND4args minorversion
 * @tag_len: length of the COMPOUND's tag
 * @tag: the tag, if @tag_len <= NFS41CONN_TAG_MAX
 * @nops: length of the COMPOUND's argarray
 * @nr_peeked: entries of @op filled in, at most NFS41CONN_PEEK_OPS
 * @op: the first operations
 * @last_destroy: with more than NFS41CONN_PEEK_OPS operations, the record
 *	ends the way a last DESTROY_SESSION would: its opnum, then
 *	@last_sessionid.  Only a hint: nothing before it was decoded
 * @last_sessionid: that DESTROY_SESSION's session, if @last_destroy
 *
 * Fields are zero until decoded.  Decoding stops at the first operation
 * whose arguments are not decoded, or not decoded to their end (every
 * operation but SEQUENCE, BIND_CONN_TO_SESSION and DESTROY_SESSION): that
 * operation is the last one in @op with its @opnum set.
 */
struct nfs41conn_call {
	__be32	xid;
	u32	prog;
	u32	vers;
	u32	proc;
	u32	flavor;
	u32	gss_service;
	u32	minorversion;
	u32	tag_len;
	u8	tag[NFS41CONN_TAG_MAX];
	u32	nops;
	u32	nr_peeked;
	struct nfs41conn_call_op op[NFS41CONN_PEEK_OPS];
	bool	last_destroy;
	u8	last_sessionid[NFS4_MAX_SESSIONID_LEN];
};

/* SEQUENCE4resok */
struct nfs41conn_sequence_res {
	u8	sessionid[NFS4_MAX_SESSIONID_LEN];
	u32	sequenceid;
	u32	slotid;
	u32	highest_slotid;
	u32	target_highest_slotid;
	u32	status_flags;		/* SEQ4_STATUS_* */
};

/* CREATE_SESSION4resok, up to csr_flags */
struct nfs41conn_create_session_res {
	u8	sessionid[NFS4_MAX_SESSIONID_LEN];
	u32	sequenceid;
	u32	flags;
};

/* BIND_CONN_TO_SESSION4resok */
struct nfs41conn_bind_conn_res {
	u8	sessionid[NFS4_MAX_SESSIONID_LEN];
	u32	dir;			/* channel_dir_from_server4 */
	bool	use_rdma;
};

/**
 * struct nfs41conn_reply_op - one result of a peeked COMPOUND4res
 * @opnum: resop (enum nfs_opnum4)
 * @status: the result's status (enum nfsstat4)
 * @sequence: SEQUENCE4resok
 * @create_session: CREATE_SESSION4resok, up to csr_flags
 * @bind_conn: BIND_CONN_TO_SESSION4resok
 *
 * When @status is NFS4_OK and @opnum is OP_SEQUENCE, OP_CREATE_SESSION or
 * OP_BIND_CONN_TO_SESSION, the matching union member holds the resok.
 */
struct nfs41conn_reply_op {
	u32	opnum;
	u32	status;
	union {
		struct nfs41conn_sequence_res		sequence;
		struct nfs41conn_create_session_res	create_session;
		struct nfs41conn_bind_conn_res		bind_conn;
	};
};

/**
 * struct nfs41conn_reply - what the peek learned of one reply
 * @xid: the XID, as on the wire
 * @reply_stat: RPC_MSG_ACCEPTED or RPC_MSG_DENIED
 * @accept_stat: if accepted: RPC_SUCCESS, RPC_PROG_MISMATCH, ...
 * @status: COMPOUND4res status
 * @tag_len: length of the COMPOUND's tag
 * @tag: the tag, if @tag_len <= NFS41CONN_TAG_MAX
 * @nres: length of the COMPOUND's resarray
 * @nr_peeked: entries of @res filled in, at most NFS41CONN_PEEK_OPS
 * @res: the first results
 * @last_destroyed: with more than NFS41CONN_PEEK_OPS results, the record
 *	ends the way a successful last DESTROY_SESSION's result would
 *
 * Fields are zero until decoded.  Decoding goes on past a result of
 * SEQUENCE, BIND_CONN_TO_SESSION or DESTROY_SESSION and past a failed
 * CREATE_SESSION, and stops after any other result.
 */
struct nfs41conn_reply {
	__be32	xid;
	u32	reply_stat;
	u32	accept_stat;
	u32	status;
	u32	tag_len;
	u8	tag[NFS41CONN_TAG_MAX];
	u32	nres;
	u32	nr_peeked;
	struct nfs41conn_reply_op res[NFS41CONN_PEEK_OPS];
	bool	last_destroyed;
};

enum nfs41conn_peek_result nfs41conn_peek_call(const struct xdr_buf *buf,
					       struct nfs41conn_call *call);
enum nfs41conn_peek_result nfs41conn_peek_reply(const struct xdr_buf *buf,
						struct nfs41conn_reply *reply);
int nfs41conn_encode_refusal(void *p, size_t len,
			     const struct nfs41conn_call *call,
			     u32 opnum, u32 status);

#endif /* _NFS41CONN_XDR_H */
