/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace events of nfs41conn: /sys/kernel/tracing/events/nfs41conn/.
 *
 * Each event is emitted where its fact is known: accept and close in
 * transport.c, what a reply bound in gate.c, the bindings a close, an
 * eviction or a session purge removed in table.c (only the table knows
 * them exactly, under its lock), refusals and waits in recvfrom.c, drain
 * requests in proc.c, closes of idle drained connections in drain.c.
 * Connection IDs are those of /proc/net/nfs41conn/connections, which are
 * per network namespace: each event carries the namespace's inode number
 * (netns_ino, as fs/nfsd/trace.h's events do) to tell them apart.
 * Session IDs are printed in hex as in the listing, addresses as
 * ip:port, NFSv4 operations and status codes by name.
 *
 * This header needs the table's types only: the table includes it and
 * must stay free of sunrpc.  No event sleeps; several fire under the
 * table's spinlock.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM nfs41conn

#if !defined(_NFS41CONN_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _NFS41CONN_TRACE_H

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/math64.h>
#include <linux/nfs4.h>
#include <linux/tracepoint.h>

#include <nfs41conn/table.h>

#ifndef __NFS41CONN_DECLARE_TRACE_ENUMS_ONCE_ONLY
#define __NFS41CONN_DECLARE_TRACE_ENUMS_ONCE_ONLY

/**
 * enum nfs41conn_bind_kind - how nfsd bound a connection to a session
 * @NFS41CONN_BIND_CREATE_SESSION: CREATE_SESSION, on its connection
 * @NFS41CONN_BIND_EXPLICIT: BIND_CONN_TO_SESSION
 * @NFS41CONN_BIND_IMPLICIT: SEQUENCE on a connection not bound yet
 */
enum nfs41conn_bind_kind {
	NFS41CONN_BIND_CREATE_SESSION,
	NFS41CONN_BIND_EXPLICIT,
	NFS41CONN_BIND_IMPLICIT,
};

/**
 * enum nfs41conn_unbind_why - why a binding or reservation left the table
 * @NFS41CONN_UNBIND_CLOSE: its connection closed
 * @NFS41CONN_UNBIND_EVICT: its connection was evicted to make room
 * @NFS41CONN_UNBIND_EXPIRE: its connection was held too long and closed
 * @NFS41CONN_UNBIND_SESSION: its session was destroyed or is gone
 * @NFS41CONN_UNBIND_CANCEL: a reservation nfsd did not bind
 * @NFS41CONN_UNBIND_SHUTDOWN: the network namespace went away
 */
enum nfs41conn_unbind_why {
	NFS41CONN_UNBIND_CLOSE,
	NFS41CONN_UNBIND_EVICT,
	NFS41CONN_UNBIND_EXPIRE,
	NFS41CONN_UNBIND_SESSION,
	NFS41CONN_UNBIND_CANCEL,
	NFS41CONN_UNBIND_SHUTDOWN,
};

/**
 * enum nfs41conn_drain_by - which connections a drain request names
 * @NFS41CONN_DRAIN_BY_ID: one, by ID
 * @NFS41CONN_DRAIN_BY_LOCAL: those to a server address
 * @NFS41CONN_DRAIN_BY_REMOTE: those from a client address
 */
enum nfs41conn_drain_by {
	NFS41CONN_DRAIN_BY_ID,
	NFS41CONN_DRAIN_BY_LOCAL,
	NFS41CONN_DRAIN_BY_REMOTE,
};

/*
 * The length of an address of the table: the table holds AF_INET and
 * AF_INET6 ones only.
 */
static inline size_t nfs41conn_trace_addrlen(const void *addr)
{
	const struct sockaddr *sa = addr;

	return sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
					   sizeof(struct sockaddr_in);
}

#endif /* __NFS41CONN_DECLARE_TRACE_ENUMS_ONCE_ONLY */

TRACE_DEFINE_ENUM(NFS41CONN_DIR_NONE);
TRACE_DEFINE_ENUM(NFS41CONN_DIR_FORE);
TRACE_DEFINE_ENUM(NFS41CONN_DIR_BACK);
TRACE_DEFINE_ENUM(NFS41CONN_DIR_BOTH);

#define show_nfs41conn_dir(dir)					\
	__print_symbolic(dir,						\
		{ NFS41CONN_DIR_NONE,		"reserved" },		\
		{ NFS41CONN_DIR_FORE,		"fore" },		\
		{ NFS41CONN_DIR_BACK,		"back" },		\
		{ NFS41CONN_DIR_BOTH,		"both" })

TRACE_DEFINE_ENUM(NFS41CONN_CONN_OPEN);
TRACE_DEFINE_ENUM(NFS41CONN_CONN_DRAINING);
TRACE_DEFINE_ENUM(NFS41CONN_CONN_CLOSED);

#define show_nfs41conn_state(state)					\
	__print_symbolic(state,						\
		{ NFS41CONN_CONN_OPEN,		"open" },		\
		{ NFS41CONN_CONN_DRAINING,	"draining" },		\
		{ NFS41CONN_CONN_CLOSED,	"closed" })

/* A connection already out of the table when its transport closes. */
#define show_nfs41conn_close_state(state)				\
	__print_symbolic(state,						\
		{ NFS41CONN_CONN_OPEN,		"open" },		\
		{ NFS41CONN_CONN_DRAINING,	"draining" },		\
		{ NFS41CONN_CONN_CLOSED,	"evicted" })

TRACE_DEFINE_ENUM(NFS41CONN_BIND_CREATE_SESSION);
TRACE_DEFINE_ENUM(NFS41CONN_BIND_EXPLICIT);
TRACE_DEFINE_ENUM(NFS41CONN_BIND_IMPLICIT);

#define show_nfs41conn_bind_kind(kind)					\
	__print_symbolic(kind,						\
		{ NFS41CONN_BIND_CREATE_SESSION, "create_session" },	\
		{ NFS41CONN_BIND_EXPLICIT,	"explicit" },		\
		{ NFS41CONN_BIND_IMPLICIT,	"implicit" })

TRACE_DEFINE_ENUM(NFS41CONN_UNBIND_CLOSE);
TRACE_DEFINE_ENUM(NFS41CONN_UNBIND_EVICT);
TRACE_DEFINE_ENUM(NFS41CONN_UNBIND_EXPIRE);
TRACE_DEFINE_ENUM(NFS41CONN_UNBIND_SESSION);
TRACE_DEFINE_ENUM(NFS41CONN_UNBIND_CANCEL);
TRACE_DEFINE_ENUM(NFS41CONN_UNBIND_SHUTDOWN);

#define show_nfs41conn_unbind_why(why)					\
	__print_symbolic(why,						\
		{ NFS41CONN_UNBIND_CLOSE,	"close" },		\
		{ NFS41CONN_UNBIND_EVICT,	"evict" },		\
		{ NFS41CONN_UNBIND_EXPIRE,	"expire" },		\
		{ NFS41CONN_UNBIND_SESSION,	"session" },		\
		{ NFS41CONN_UNBIND_CANCEL,	"cancel" },		\
		{ NFS41CONN_UNBIND_SHUTDOWN,	"shutdown" })

TRACE_DEFINE_ENUM(NFS41CONN_DRAIN_BY_ID);
TRACE_DEFINE_ENUM(NFS41CONN_DRAIN_BY_LOCAL);
TRACE_DEFINE_ENUM(NFS41CONN_DRAIN_BY_REMOTE);

#define show_nfs41conn_drain_by(by)					\
	__print_symbolic(by,						\
		{ NFS41CONN_DRAIN_BY_ID,	"id" },			\
		{ NFS41CONN_DRAIN_BY_LOCAL,	"local" },		\
		{ NFS41CONN_DRAIN_BY_REMOTE,	"remote" })

/*
 * NFSv4 status names: show_nfs4_status() of include/trace/misc/nfs.h in
 * Linux 6.12, which 6.1 lacks; <trace/misc/nfs.h> would also bring
 * linux/nfs.h, and with it sunrpc's auth.h, into the table.
 */
TRACE_DEFINE_ENUM(NFS4_OK);
TRACE_DEFINE_ENUM(NFS4ERR_ACCESS);
TRACE_DEFINE_ENUM(NFS4ERR_ATTRNOTSUPP);
TRACE_DEFINE_ENUM(NFS4ERR_ADMIN_REVOKED);
TRACE_DEFINE_ENUM(NFS4ERR_BACK_CHAN_BUSY);
TRACE_DEFINE_ENUM(NFS4ERR_BADCHAR);
TRACE_DEFINE_ENUM(NFS4ERR_BADHANDLE);
TRACE_DEFINE_ENUM(NFS4ERR_BADIOMODE);
TRACE_DEFINE_ENUM(NFS4ERR_BADLAYOUT);
TRACE_DEFINE_ENUM(NFS4ERR_BADLABEL);
TRACE_DEFINE_ENUM(NFS4ERR_BADNAME);
TRACE_DEFINE_ENUM(NFS4ERR_BADOWNER);
TRACE_DEFINE_ENUM(NFS4ERR_BADSESSION);
TRACE_DEFINE_ENUM(NFS4ERR_BADSLOT);
TRACE_DEFINE_ENUM(NFS4ERR_BADTYPE);
TRACE_DEFINE_ENUM(NFS4ERR_BADXDR);
TRACE_DEFINE_ENUM(NFS4ERR_BAD_COOKIE);
TRACE_DEFINE_ENUM(NFS4ERR_BAD_HIGH_SLOT);
TRACE_DEFINE_ENUM(NFS4ERR_BAD_RANGE);
TRACE_DEFINE_ENUM(NFS4ERR_BAD_SEQID);
TRACE_DEFINE_ENUM(NFS4ERR_BAD_SESSION_DIGEST);
TRACE_DEFINE_ENUM(NFS4ERR_BAD_STATEID);
TRACE_DEFINE_ENUM(NFS4ERR_CB_PATH_DOWN);
TRACE_DEFINE_ENUM(NFS4ERR_CLID_INUSE);
TRACE_DEFINE_ENUM(NFS4ERR_CLIENTID_BUSY);
TRACE_DEFINE_ENUM(NFS4ERR_COMPLETE_ALREADY);
TRACE_DEFINE_ENUM(NFS4ERR_CONN_NOT_BOUND_TO_SESSION);
TRACE_DEFINE_ENUM(NFS4ERR_DEADLOCK);
TRACE_DEFINE_ENUM(NFS4ERR_DEADSESSION);
TRACE_DEFINE_ENUM(NFS4ERR_DELAY);
TRACE_DEFINE_ENUM(NFS4ERR_DELEG_ALREADY_WANTED);
TRACE_DEFINE_ENUM(NFS4ERR_DELEG_REVOKED);
TRACE_DEFINE_ENUM(NFS4ERR_DENIED);
TRACE_DEFINE_ENUM(NFS4ERR_DIRDELEG_UNAVAIL);
TRACE_DEFINE_ENUM(NFS4ERR_DQUOT);
TRACE_DEFINE_ENUM(NFS4ERR_ENCR_ALG_UNSUPP);
TRACE_DEFINE_ENUM(NFS4ERR_EXIST);
TRACE_DEFINE_ENUM(NFS4ERR_EXPIRED);
TRACE_DEFINE_ENUM(NFS4ERR_FBIG);
TRACE_DEFINE_ENUM(NFS4ERR_FHEXPIRED);
TRACE_DEFINE_ENUM(NFS4ERR_FILE_OPEN);
TRACE_DEFINE_ENUM(NFS4ERR_GRACE);
TRACE_DEFINE_ENUM(NFS4ERR_HASH_ALG_UNSUPP);
TRACE_DEFINE_ENUM(NFS4ERR_INVAL);
TRACE_DEFINE_ENUM(NFS4ERR_IO);
TRACE_DEFINE_ENUM(NFS4ERR_ISDIR);
TRACE_DEFINE_ENUM(NFS4ERR_LAYOUTTRYLATER);
TRACE_DEFINE_ENUM(NFS4ERR_LAYOUTUNAVAILABLE);
TRACE_DEFINE_ENUM(NFS4ERR_LEASE_MOVED);
TRACE_DEFINE_ENUM(NFS4ERR_LOCKED);
TRACE_DEFINE_ENUM(NFS4ERR_LOCKS_HELD);
TRACE_DEFINE_ENUM(NFS4ERR_LOCK_RANGE);
TRACE_DEFINE_ENUM(NFS4ERR_MINOR_VERS_MISMATCH);
TRACE_DEFINE_ENUM(NFS4ERR_MLINK);
TRACE_DEFINE_ENUM(NFS4ERR_MOVED);
TRACE_DEFINE_ENUM(NFS4ERR_NAMETOOLONG);
TRACE_DEFINE_ENUM(NFS4ERR_NOENT);
TRACE_DEFINE_ENUM(NFS4ERR_NOFILEHANDLE);
TRACE_DEFINE_ENUM(NFS4ERR_NOMATCHING_LAYOUT);
TRACE_DEFINE_ENUM(NFS4ERR_NOSPC);
TRACE_DEFINE_ENUM(NFS4ERR_NOTDIR);
TRACE_DEFINE_ENUM(NFS4ERR_NOTEMPTY);
TRACE_DEFINE_ENUM(NFS4ERR_NOTSUPP);
TRACE_DEFINE_ENUM(NFS4ERR_NOT_ONLY_OP);
TRACE_DEFINE_ENUM(NFS4ERR_NOT_SAME);
TRACE_DEFINE_ENUM(NFS4ERR_NO_GRACE);
TRACE_DEFINE_ENUM(NFS4ERR_NXIO);
TRACE_DEFINE_ENUM(NFS4ERR_OLD_STATEID);
TRACE_DEFINE_ENUM(NFS4ERR_OPENMODE);
TRACE_DEFINE_ENUM(NFS4ERR_OP_ILLEGAL);
TRACE_DEFINE_ENUM(NFS4ERR_OP_NOT_IN_SESSION);
TRACE_DEFINE_ENUM(NFS4ERR_PERM);
TRACE_DEFINE_ENUM(NFS4ERR_PNFS_IO_HOLE);
TRACE_DEFINE_ENUM(NFS4ERR_PNFS_NO_LAYOUT);
TRACE_DEFINE_ENUM(NFS4ERR_RECALLCONFLICT);
TRACE_DEFINE_ENUM(NFS4ERR_RECLAIM_BAD);
TRACE_DEFINE_ENUM(NFS4ERR_RECLAIM_CONFLICT);
TRACE_DEFINE_ENUM(NFS4ERR_REJECT_DELEG);
TRACE_DEFINE_ENUM(NFS4ERR_REP_TOO_BIG);
TRACE_DEFINE_ENUM(NFS4ERR_REP_TOO_BIG_TO_CACHE);
TRACE_DEFINE_ENUM(NFS4ERR_REQ_TOO_BIG);
TRACE_DEFINE_ENUM(NFS4ERR_RESOURCE);
TRACE_DEFINE_ENUM(NFS4ERR_RESTOREFH);
TRACE_DEFINE_ENUM(NFS4ERR_RETRY_UNCACHED_REP);
TRACE_DEFINE_ENUM(NFS4ERR_RETURNCONFLICT);
TRACE_DEFINE_ENUM(NFS4ERR_ROFS);
TRACE_DEFINE_ENUM(NFS4ERR_SAME);
TRACE_DEFINE_ENUM(NFS4ERR_SHARE_DENIED);
TRACE_DEFINE_ENUM(NFS4ERR_SEQUENCE_POS);
TRACE_DEFINE_ENUM(NFS4ERR_SEQ_FALSE_RETRY);
TRACE_DEFINE_ENUM(NFS4ERR_SEQ_MISORDERED);
TRACE_DEFINE_ENUM(NFS4ERR_SERVERFAULT);
TRACE_DEFINE_ENUM(NFS4ERR_STALE);
TRACE_DEFINE_ENUM(NFS4ERR_STALE_CLIENTID);
TRACE_DEFINE_ENUM(NFS4ERR_STALE_STATEID);
TRACE_DEFINE_ENUM(NFS4ERR_SYMLINK);
TRACE_DEFINE_ENUM(NFS4ERR_TOOSMALL);
TRACE_DEFINE_ENUM(NFS4ERR_TOO_MANY_OPS);
TRACE_DEFINE_ENUM(NFS4ERR_UNKNOWN_LAYOUTTYPE);
TRACE_DEFINE_ENUM(NFS4ERR_UNSAFE_COMPOUND);
TRACE_DEFINE_ENUM(NFS4ERR_WRONGSEC);
TRACE_DEFINE_ENUM(NFS4ERR_WRONG_CRED);
TRACE_DEFINE_ENUM(NFS4ERR_WRONG_TYPE);
TRACE_DEFINE_ENUM(NFS4ERR_XDEV);

TRACE_DEFINE_ENUM(NFS4ERR_RESET_TO_MDS);
TRACE_DEFINE_ENUM(NFS4ERR_RESET_TO_PNFS);

#define show_nfs41conn_nfs4_status(x)					\
	__print_symbolic(x, \
		{ NFS4_OK,			"OK" }, \
		{ EPERM,			"EPERM" }, \
		{ ENOENT,			"ENOENT" }, \
		{ EIO,				"EIO" }, \
		{ ENXIO,			"ENXIO" }, \
		{ EACCES,			"EACCES" }, \
		{ EEXIST,			"EEXIST" }, \
		{ EXDEV,			"EXDEV" }, \
		{ ENOTDIR,			"ENOTDIR" }, \
		{ EISDIR,			"EISDIR" }, \
		{ EFBIG,			"EFBIG" }, \
		{ ENOSPC,			"ENOSPC" }, \
		{ EROFS,			"EROFS" }, \
		{ EMLINK,			"EMLINK" }, \
		{ ENAMETOOLONG,			"ENAMETOOLONG" }, \
		{ ENOTEMPTY,			"ENOTEMPTY" }, \
		{ EDQUOT,			"EDQUOT" }, \
		{ ESTALE,			"ESTALE" }, \
		{ EBADHANDLE,			"EBADHANDLE" }, \
		{ EBADCOOKIE,			"EBADCOOKIE" }, \
		{ ENOTSUPP,			"ENOTSUPP" }, \
		{ ETOOSMALL,			"ETOOSMALL" }, \
		{ EREMOTEIO,			"EREMOTEIO" }, \
		{ EBADTYPE,			"EBADTYPE" }, \
		{ EAGAIN,			"EAGAIN" }, \
		{ ELOOP,			"ELOOP" }, \
		{ EOPNOTSUPP,			"EOPNOTSUPP" }, \
		{ EDEADLK,			"EDEADLK" }, \
		{ ENOMEM,			"ENOMEM" }, \
		{ EKEYEXPIRED,			"EKEYEXPIRED" }, \
		{ ETIMEDOUT,			"ETIMEDOUT" }, \
		{ ERESTARTSYS,			"ERESTARTSYS" }, \
		{ ECONNREFUSED,			"ECONNREFUSED" }, \
		{ ECONNRESET,			"ECONNRESET" }, \
		{ ENETUNREACH,			"ENETUNREACH" }, \
		{ EHOSTUNREACH,			"EHOSTUNREACH" }, \
		{ EHOSTDOWN,			"EHOSTDOWN" }, \
		{ EPIPE,			"EPIPE" }, \
		{ EPFNOSUPPORT,			"EPFNOSUPPORT" }, \
		{ EINVAL,			"EINVAL" }, \
		{ EPROTONOSUPPORT,		"EPROTONOSUPPORT" }, \
		{ NFS4ERR_ACCESS,		"ACCESS" }, \
		{ NFS4ERR_ATTRNOTSUPP,		"ATTRNOTSUPP" }, \
		{ NFS4ERR_ADMIN_REVOKED,	"ADMIN_REVOKED" }, \
		{ NFS4ERR_BACK_CHAN_BUSY,	"BACK_CHAN_BUSY" }, \
		{ NFS4ERR_BADCHAR,		"BADCHAR" }, \
		{ NFS4ERR_BADHANDLE,		"BADHANDLE" }, \
		{ NFS4ERR_BADIOMODE,		"BADIOMODE" }, \
		{ NFS4ERR_BADLAYOUT,		"BADLAYOUT" }, \
		{ NFS4ERR_BADLABEL,		"BADLABEL" }, \
		{ NFS4ERR_BADNAME,		"BADNAME" }, \
		{ NFS4ERR_BADOWNER,		"BADOWNER" }, \
		{ NFS4ERR_BADSESSION,		"BADSESSION" }, \
		{ NFS4ERR_BADSLOT,		"BADSLOT" }, \
		{ NFS4ERR_BADTYPE,		"BADTYPE" }, \
		{ NFS4ERR_BADXDR,		"BADXDR" }, \
		{ NFS4ERR_BAD_COOKIE,		"BAD_COOKIE" }, \
		{ NFS4ERR_BAD_HIGH_SLOT,	"BAD_HIGH_SLOT" }, \
		{ NFS4ERR_BAD_RANGE,		"BAD_RANGE" }, \
		{ NFS4ERR_BAD_SEQID,		"BAD_SEQID" }, \
		{ NFS4ERR_BAD_SESSION_DIGEST,	"BAD_SESSION_DIGEST" }, \
		{ NFS4ERR_BAD_STATEID,		"BAD_STATEID" }, \
		{ NFS4ERR_CB_PATH_DOWN,		"CB_PATH_DOWN" }, \
		{ NFS4ERR_CLID_INUSE,		"CLID_INUSE" }, \
		{ NFS4ERR_CLIENTID_BUSY,	"CLIENTID_BUSY" }, \
		{ NFS4ERR_COMPLETE_ALREADY,	"COMPLETE_ALREADY" }, \
		{ NFS4ERR_CONN_NOT_BOUND_TO_SESSION, "CONN_NOT_BOUND_TO_SESSION" }, \
		{ NFS4ERR_DEADLOCK,		"DEADLOCK" }, \
		{ NFS4ERR_DEADSESSION,		"DEAD_SESSION" }, \
		{ NFS4ERR_DELAY,		"DELAY" }, \
		{ NFS4ERR_DELEG_ALREADY_WANTED,	"DELEG_ALREADY_WANTED" }, \
		{ NFS4ERR_DELEG_REVOKED,	"DELEG_REVOKED" }, \
		{ NFS4ERR_DENIED,		"DENIED" }, \
		{ NFS4ERR_DIRDELEG_UNAVAIL,	"DIRDELEG_UNAVAIL" }, \
		{ NFS4ERR_DQUOT,		"DQUOT" }, \
		{ NFS4ERR_ENCR_ALG_UNSUPP,	"ENCR_ALG_UNSUPP" }, \
		{ NFS4ERR_EXIST,		"EXIST" }, \
		{ NFS4ERR_EXPIRED,		"EXPIRED" }, \
		{ NFS4ERR_FBIG,			"FBIG" }, \
		{ NFS4ERR_FHEXPIRED,		"FHEXPIRED" }, \
		{ NFS4ERR_FILE_OPEN,		"FILE_OPEN" }, \
		{ NFS4ERR_GRACE,		"GRACE" }, \
		{ NFS4ERR_HASH_ALG_UNSUPP,	"HASH_ALG_UNSUPP" }, \
		{ NFS4ERR_INVAL,		"INVAL" }, \
		{ NFS4ERR_IO,			"IO" }, \
		{ NFS4ERR_ISDIR,		"ISDIR" }, \
		{ NFS4ERR_LAYOUTTRYLATER,	"LAYOUTTRYLATER" }, \
		{ NFS4ERR_LAYOUTUNAVAILABLE,	"LAYOUTUNAVAILABLE" }, \
		{ NFS4ERR_LEASE_MOVED,		"LEASE_MOVED" }, \
		{ NFS4ERR_LOCKED,		"LOCKED" }, \
		{ NFS4ERR_LOCKS_HELD,		"LOCKS_HELD" }, \
		{ NFS4ERR_LOCK_RANGE,		"LOCK_RANGE" }, \
		{ NFS4ERR_MINOR_VERS_MISMATCH,	"MINOR_VERS_MISMATCH" }, \
		{ NFS4ERR_MLINK,		"MLINK" }, \
		{ NFS4ERR_MOVED,		"MOVED" }, \
		{ NFS4ERR_NAMETOOLONG,		"NAMETOOLONG" }, \
		{ NFS4ERR_NOENT,		"NOENT" }, \
		{ NFS4ERR_NOFILEHANDLE,		"NOFILEHANDLE" }, \
		{ NFS4ERR_NOMATCHING_LAYOUT,	"NOMATCHING_LAYOUT" }, \
		{ NFS4ERR_NOSPC,		"NOSPC" }, \
		{ NFS4ERR_NOTDIR,		"NOTDIR" }, \
		{ NFS4ERR_NOTEMPTY,		"NOTEMPTY" }, \
		{ NFS4ERR_NOTSUPP,		"NOTSUPP" }, \
		{ NFS4ERR_NOT_ONLY_OP,		"NOT_ONLY_OP" }, \
		{ NFS4ERR_NOT_SAME,		"NOT_SAME" }, \
		{ NFS4ERR_NO_GRACE,		"NO_GRACE" }, \
		{ NFS4ERR_NXIO,			"NXIO" }, \
		{ NFS4ERR_OLD_STATEID,		"OLD_STATEID" }, \
		{ NFS4ERR_OPENMODE,		"OPENMODE" }, \
		{ NFS4ERR_OP_ILLEGAL,		"OP_ILLEGAL" }, \
		{ NFS4ERR_OP_NOT_IN_SESSION,	"OP_NOT_IN_SESSION" }, \
		{ NFS4ERR_PERM,			"PERM" }, \
		{ NFS4ERR_PNFS_IO_HOLE,		"PNFS_IO_HOLE" }, \
		{ NFS4ERR_PNFS_NO_LAYOUT,	"PNFS_NO_LAYOUT" }, \
		{ NFS4ERR_RECALLCONFLICT,	"RECALLCONFLICT" }, \
		{ NFS4ERR_RECLAIM_BAD,		"RECLAIM_BAD" }, \
		{ NFS4ERR_RECLAIM_CONFLICT,	"RECLAIM_CONFLICT" }, \
		{ NFS4ERR_REJECT_DELEG,		"REJECT_DELEG" }, \
		{ NFS4ERR_REP_TOO_BIG,		"REP_TOO_BIG" }, \
		{ NFS4ERR_REP_TOO_BIG_TO_CACHE,	"REP_TOO_BIG_TO_CACHE" }, \
		{ NFS4ERR_REQ_TOO_BIG,		"REQ_TOO_BIG" }, \
		{ NFS4ERR_RESOURCE,		"RESOURCE" }, \
		{ NFS4ERR_RESTOREFH,		"RESTOREFH" }, \
		{ NFS4ERR_RETRY_UNCACHED_REP,	"RETRY_UNCACHED_REP" }, \
		{ NFS4ERR_RETURNCONFLICT,	"RETURNCONFLICT" }, \
		{ NFS4ERR_ROFS,			"ROFS" }, \
		{ NFS4ERR_SAME,			"SAME" }, \
		{ NFS4ERR_SHARE_DENIED,		"SHARE_DENIED" }, \
		{ NFS4ERR_SEQUENCE_POS,		"SEQUENCE_POS" }, \
		{ NFS4ERR_SEQ_FALSE_RETRY,	"SEQ_FALSE_RETRY" }, \
		{ NFS4ERR_SEQ_MISORDERED,	"SEQ_MISORDERED" }, \
		{ NFS4ERR_SERVERFAULT,		"SERVERFAULT" }, \
		{ NFS4ERR_STALE,		"STALE" }, \
		{ NFS4ERR_STALE_CLIENTID,	"STALE_CLIENTID" }, \
		{ NFS4ERR_STALE_STATEID,	"STALE_STATEID" }, \
		{ NFS4ERR_SYMLINK,		"SYMLINK" }, \
		{ NFS4ERR_TOOSMALL,		"TOOSMALL" }, \
		{ NFS4ERR_TOO_MANY_OPS,		"TOO_MANY_OPS" }, \
		{ NFS4ERR_UNKNOWN_LAYOUTTYPE,	"UNKNOWN_LAYOUTTYPE" }, \
		{ NFS4ERR_UNSAFE_COMPOUND,	"UNSAFE_COMPOUND" }, \
		{ NFS4ERR_WRONGSEC,		"WRONGSEC" }, \
		{ NFS4ERR_WRONG_CRED,		"WRONG_CRED" }, \
		{ NFS4ERR_WRONG_TYPE,		"WRONG_TYPE" }, \
		{ NFS4ERR_XDEV,			"XDEV" }, \
		/* ***** Internal to Linux NFS client ***** */ \
		{ NFS4ERR_RESET_TO_MDS,		"RESET_TO_MDS" }, \
		{ NFS4ERR_RESET_TO_PNFS,	"RESET_TO_PNFS" })

/* NFSv4 operation names, as show_nfs4_cb_op() names the callback ones. */
TRACE_DEFINE_ENUM(OP_ACCESS);
TRACE_DEFINE_ENUM(OP_CLOSE);
TRACE_DEFINE_ENUM(OP_COMMIT);
TRACE_DEFINE_ENUM(OP_CREATE);
TRACE_DEFINE_ENUM(OP_DELEGPURGE);
TRACE_DEFINE_ENUM(OP_DELEGRETURN);
TRACE_DEFINE_ENUM(OP_GETATTR);
TRACE_DEFINE_ENUM(OP_GETFH);
TRACE_DEFINE_ENUM(OP_LINK);
TRACE_DEFINE_ENUM(OP_LOCK);
TRACE_DEFINE_ENUM(OP_LOCKT);
TRACE_DEFINE_ENUM(OP_LOCKU);
TRACE_DEFINE_ENUM(OP_LOOKUP);
TRACE_DEFINE_ENUM(OP_LOOKUPP);
TRACE_DEFINE_ENUM(OP_NVERIFY);
TRACE_DEFINE_ENUM(OP_OPEN);
TRACE_DEFINE_ENUM(OP_OPENATTR);
TRACE_DEFINE_ENUM(OP_OPEN_CONFIRM);
TRACE_DEFINE_ENUM(OP_OPEN_DOWNGRADE);
TRACE_DEFINE_ENUM(OP_PUTFH);
TRACE_DEFINE_ENUM(OP_PUTPUBFH);
TRACE_DEFINE_ENUM(OP_PUTROOTFH);
TRACE_DEFINE_ENUM(OP_READ);
TRACE_DEFINE_ENUM(OP_READDIR);
TRACE_DEFINE_ENUM(OP_READLINK);
TRACE_DEFINE_ENUM(OP_REMOVE);
TRACE_DEFINE_ENUM(OP_RENAME);
TRACE_DEFINE_ENUM(OP_RENEW);
TRACE_DEFINE_ENUM(OP_RESTOREFH);
TRACE_DEFINE_ENUM(OP_SAVEFH);
TRACE_DEFINE_ENUM(OP_SECINFO);
TRACE_DEFINE_ENUM(OP_SETATTR);
TRACE_DEFINE_ENUM(OP_SETCLIENTID);
TRACE_DEFINE_ENUM(OP_SETCLIENTID_CONFIRM);
TRACE_DEFINE_ENUM(OP_VERIFY);
TRACE_DEFINE_ENUM(OP_WRITE);
TRACE_DEFINE_ENUM(OP_RELEASE_LOCKOWNER);
TRACE_DEFINE_ENUM(OP_BACKCHANNEL_CTL);
TRACE_DEFINE_ENUM(OP_BIND_CONN_TO_SESSION);
TRACE_DEFINE_ENUM(OP_EXCHANGE_ID);
TRACE_DEFINE_ENUM(OP_CREATE_SESSION);
TRACE_DEFINE_ENUM(OP_DESTROY_SESSION);
TRACE_DEFINE_ENUM(OP_FREE_STATEID);
TRACE_DEFINE_ENUM(OP_GET_DIR_DELEGATION);
TRACE_DEFINE_ENUM(OP_GETDEVICEINFO);
TRACE_DEFINE_ENUM(OP_GETDEVICELIST);
TRACE_DEFINE_ENUM(OP_LAYOUTCOMMIT);
TRACE_DEFINE_ENUM(OP_LAYOUTGET);
TRACE_DEFINE_ENUM(OP_LAYOUTRETURN);
TRACE_DEFINE_ENUM(OP_SECINFO_NO_NAME);
TRACE_DEFINE_ENUM(OP_SEQUENCE);
TRACE_DEFINE_ENUM(OP_SET_SSV);
TRACE_DEFINE_ENUM(OP_TEST_STATEID);
TRACE_DEFINE_ENUM(OP_WANT_DELEGATION);
TRACE_DEFINE_ENUM(OP_DESTROY_CLIENTID);
TRACE_DEFINE_ENUM(OP_RECLAIM_COMPLETE);
TRACE_DEFINE_ENUM(OP_ALLOCATE);
TRACE_DEFINE_ENUM(OP_COPY);
TRACE_DEFINE_ENUM(OP_COPY_NOTIFY);
TRACE_DEFINE_ENUM(OP_DEALLOCATE);
TRACE_DEFINE_ENUM(OP_IO_ADVISE);
TRACE_DEFINE_ENUM(OP_LAYOUTERROR);
TRACE_DEFINE_ENUM(OP_LAYOUTSTATS);
TRACE_DEFINE_ENUM(OP_OFFLOAD_CANCEL);
TRACE_DEFINE_ENUM(OP_OFFLOAD_STATUS);
TRACE_DEFINE_ENUM(OP_READ_PLUS);
TRACE_DEFINE_ENUM(OP_SEEK);
TRACE_DEFINE_ENUM(OP_WRITE_SAME);
TRACE_DEFINE_ENUM(OP_CLONE);
TRACE_DEFINE_ENUM(OP_ILLEGAL);

#define show_nfs41conn_op(x) \
	__print_symbolic(x, \
		{ OP_ACCESS,			"ACCESS" }, \
		{ OP_CLOSE,			"CLOSE" }, \
		{ OP_COMMIT,			"COMMIT" }, \
		{ OP_CREATE,			"CREATE" }, \
		{ OP_DELEGPURGE,		"DELEGPURGE" }, \
		{ OP_DELEGRETURN,		"DELEGRETURN" }, \
		{ OP_GETATTR,			"GETATTR" }, \
		{ OP_GETFH,			"GETFH" }, \
		{ OP_LINK,			"LINK" }, \
		{ OP_LOCK,			"LOCK" }, \
		{ OP_LOCKT,			"LOCKT" }, \
		{ OP_LOCKU,			"LOCKU" }, \
		{ OP_LOOKUP,			"LOOKUP" }, \
		{ OP_LOOKUPP,			"LOOKUPP" }, \
		{ OP_NVERIFY,			"NVERIFY" }, \
		{ OP_OPEN,			"OPEN" }, \
		{ OP_OPENATTR,			"OPENATTR" }, \
		{ OP_OPEN_CONFIRM,		"OPEN_CONFIRM" }, \
		{ OP_OPEN_DOWNGRADE,		"OPEN_DOWNGRADE" }, \
		{ OP_PUTFH,			"PUTFH" }, \
		{ OP_PUTPUBFH,			"PUTPUBFH" }, \
		{ OP_PUTROOTFH,			"PUTROOTFH" }, \
		{ OP_READ,			"READ" }, \
		{ OP_READDIR,			"READDIR" }, \
		{ OP_READLINK,			"READLINK" }, \
		{ OP_REMOVE,			"REMOVE" }, \
		{ OP_RENAME,			"RENAME" }, \
		{ OP_RENEW,			"RENEW" }, \
		{ OP_RESTOREFH,			"RESTOREFH" }, \
		{ OP_SAVEFH,			"SAVEFH" }, \
		{ OP_SECINFO,			"SECINFO" }, \
		{ OP_SETATTR,			"SETATTR" }, \
		{ OP_SETCLIENTID,		"SETCLIENTID" }, \
		{ OP_SETCLIENTID_CONFIRM,	"SETCLIENTID_CONFIRM" }, \
		{ OP_VERIFY,			"VERIFY" }, \
		{ OP_WRITE,			"WRITE" }, \
		{ OP_RELEASE_LOCKOWNER,		"RELEASE_LOCKOWNER" }, \
		{ OP_BACKCHANNEL_CTL,		"BACKCHANNEL_CTL" }, \
		{ OP_BIND_CONN_TO_SESSION,	"BIND_CONN_TO_SESSION" }, \
		{ OP_EXCHANGE_ID,		"EXCHANGE_ID" }, \
		{ OP_CREATE_SESSION,		"CREATE_SESSION" }, \
		{ OP_DESTROY_SESSION,		"DESTROY_SESSION" }, \
		{ OP_FREE_STATEID,		"FREE_STATEID" }, \
		{ OP_GET_DIR_DELEGATION,	"GET_DIR_DELEGATION" }, \
		{ OP_GETDEVICEINFO,		"GETDEVICEINFO" }, \
		{ OP_GETDEVICELIST,		"GETDEVICELIST" }, \
		{ OP_LAYOUTCOMMIT,		"LAYOUTCOMMIT" }, \
		{ OP_LAYOUTGET,			"LAYOUTGET" }, \
		{ OP_LAYOUTRETURN,		"LAYOUTRETURN" }, \
		{ OP_SECINFO_NO_NAME,		"SECINFO_NO_NAME" }, \
		{ OP_SEQUENCE,			"SEQUENCE" }, \
		{ OP_SET_SSV,			"SET_SSV" }, \
		{ OP_TEST_STATEID,		"TEST_STATEID" }, \
		{ OP_WANT_DELEGATION,		"WANT_DELEGATION" }, \
		{ OP_DESTROY_CLIENTID,		"DESTROY_CLIENTID" }, \
		{ OP_RECLAIM_COMPLETE,		"RECLAIM_COMPLETE" }, \
		{ OP_ALLOCATE,			"ALLOCATE" }, \
		{ OP_COPY,			"COPY" }, \
		{ OP_COPY_NOTIFY,		"COPY_NOTIFY" }, \
		{ OP_DEALLOCATE,		"DEALLOCATE" }, \
		{ OP_IO_ADVISE,			"IO_ADVISE" }, \
		{ OP_LAYOUTERROR,		"LAYOUTERROR" }, \
		{ OP_LAYOUTSTATS,		"LAYOUTSTATS" }, \
		{ OP_OFFLOAD_CANCEL,		"OFFLOAD_CANCEL" }, \
		{ OP_OFFLOAD_STATUS,		"OFFLOAD_STATUS" }, \
		{ OP_READ_PLUS,			"READ_PLUS" }, \
		{ OP_SEEK,			"SEEK" }, \
		{ OP_WRITE_SAME,		"WRITE_SAME" }, \
		{ OP_CLONE,			"CLONE" }, \
		{ OP_ILLEGAL,			"ILLEGAL" })

/* As in the listing: lower case hex, no separators. */
#define show_nfs41conn_sessionid(sid)					\
	__print_hex_str(sid, NFS4_MAX_SESSIONID_LEN)

/* nfs41conn_trace_count(conn, CALLS): a counter of the connection. */
#define nfs41conn_trace_count(conn, counter)				\
	atomic64_read(&(conn)->counters[NFS41CONN_##counter])

/*
 * Every event names a connection by its ID and its network namespace's
 * inode number, printed first: IDs are per namespace.
 */
TRACE_EVENT(nfs41conn_accept,
	    TP_PROTO(unsigned int netns_ino, u64 id,
		     const struct sockaddr_storage *local,
		     const struct sockaddr_storage *remote, int error),
	    TP_ARGS(netns_ino, id, local, remote, error),
	    TP_STRUCT__entry(__field(u64, id)
			     __field(unsigned int, netns_ino)
			     __field(int, error)
			     __sockaddr(local, nfs41conn_trace_addrlen(local))
			     __sockaddr(remote, nfs41conn_trace_addrlen(remote))),
	    TP_fast_assign(__entry->id = id;
			   __entry->netns_ino = netns_ino;
			   __entry->error = error;
			   __assign_sockaddr(local, local,
					     nfs41conn_trace_addrlen(local));
			   __assign_sockaddr(remote, remote,
					     nfs41conn_trace_addrlen(remote));),
	    TP_printk("conn=%llu netns_ino=%u local=%pISpc remote=%pISpc error=%d",
		      __entry->id, __entry->netns_ino, __get_sockaddr(local),
		      __get_sockaddr(remote), __entry->error)
);

TRACE_EVENT(nfs41conn_close,
	    TP_PROTO(const struct nfs41conn_conn *conn),
	    TP_ARGS(conn),
	    TP_STRUCT__entry(__field(u64, id)
			     __field(unsigned int, netns_ino)
			     __field(u64, age_ms)
			     __field(s64, calls)
			     __field(s64, refused_draining)
			     __field(s64, held_limit)
			     __field(unsigned int, state)
			     __field(unsigned int, sessions)
			     __sockaddr(local,
					nfs41conn_trace_addrlen(&conn->local))
			     __sockaddr(remote,
					nfs41conn_trace_addrlen(&conn->remote))),
	    TP_fast_assign(__entry->id = conn->id;
			   __entry->netns_ino = conn->netns_ino;
			   __entry->age_ms = div_u64(ktime_get_boottime_ns() -
						     conn->accepted_ns,
						     NSEC_PER_MSEC);
			   __entry->calls = nfs41conn_trace_count(conn, CALLS);
			   __entry->refused_draining =
				nfs41conn_trace_count(conn, REFUSED_DRAINING);
			   __entry->held_limit =
				nfs41conn_trace_count(conn, HELD_LIMIT);
			   __entry->state = READ_ONCE(conn->state);
			   __entry->sessions = READ_ONCE(conn->nr_sessions);
			   __assign_sockaddr(local, &conn->local,
					     nfs41conn_trace_addrlen(&conn->local));
			   __assign_sockaddr(remote, &conn->remote,
					     nfs41conn_trace_addrlen(&conn->remote));),
	    TP_printk("conn=%llu netns_ino=%u local=%pISpc remote=%pISpc state=%s age_ms=%llu calls=%lld refused_draining=%lld held_limit=%lld sessions=%u",
		      __entry->id, __entry->netns_ino, __get_sockaddr(local),
		      __get_sockaddr(remote),
		      show_nfs41conn_close_state(__entry->state), __entry->age_ms,
		      __entry->calls, __entry->refused_draining,
		      __entry->held_limit, __entry->sessions)
);

TRACE_EVENT(nfs41conn_bind,
	    TP_PROTO(const struct nfs41conn_conn *conn, const u8 *sid,
		     enum nfs41conn_bind_kind kind, enum nfs41conn_dir dir,
		     int error),
	    TP_ARGS(conn, sid, kind, dir, error),
	    TP_STRUCT__entry(__field(u64, id)
			     __field(unsigned int, netns_ino)
			     __field(unsigned int, kind)
			     __field(unsigned int, dir)
			     __field(int, error)
			     __array(u8, sessionid, NFS4_MAX_SESSIONID_LEN)),
	    TP_fast_assign(__entry->id = conn->id;
			   __entry->netns_ino = conn->netns_ino;
			   __entry->kind = kind;
			   __entry->dir = dir;
			   __entry->error = error;
			   memcpy(__entry->sessionid, sid,
				  NFS4_MAX_SESSIONID_LEN);),
	    TP_printk("conn=%llu netns_ino=%u session=%s kind=%s dir=%s error=%d",
		      __entry->id, __entry->netns_ino,
		      show_nfs41conn_sessionid(__entry->sessionid),
		      show_nfs41conn_bind_kind(__entry->kind),
		      show_nfs41conn_dir(__entry->dir), __entry->error)
);

#define show_nfs41conn_cdfc(dir)					\
	__print_symbolic(dir,						\
		{ NFS4_CDFC4_FORE,		"fore" },		\
		{ NFS4_CDFC4_BACK,		"back" },		\
		{ NFS4_CDFC4_FORE_OR_BOTH,	"fore_or_both" },	\
		{ NFS4_CDFC4_BACK_OR_BOTH,	"back_or_both" })

#define show_nfs41conn_cdfs(dir)					\
	__print_symbolic(dir,						\
		{ NFS4_CDFS4_FORE,		"fore" },		\
		{ NFS4_CDFS4_BACK,		"back" },		\
		{ NFS4_CDFS4_BOTH,		"both" })

/*
 * nfsd answered a BIND_CONN_TO_SESSION with a channel_dir_from_server4
 * that RFC 8881 Section 18.34.3 does not allow for the
 * channel_dir_from_client4 asked (nfs41conn_negotiate_dir()).  Values
 * that are neither print in hex.
 */
TRACE_EVENT(nfs41conn_bad_bind_dir,
	    TP_PROTO(const struct nfs41conn_conn *conn, const u8 *sid,
		     u32 asked, u32 granted),
	    TP_ARGS(conn, sid, asked, granted),
	    TP_STRUCT__entry(__field(u64, id)
			     __field(unsigned int, netns_ino)
			     __field(u32, asked)
			     __field(u32, granted)
			     __array(u8, sessionid, NFS4_MAX_SESSIONID_LEN)),
	    TP_fast_assign(__entry->id = conn->id;
			   __entry->netns_ino = conn->netns_ino;
			   __entry->asked = asked;
			   __entry->granted = granted;
			   memcpy(__entry->sessionid, sid,
				  NFS4_MAX_SESSIONID_LEN);),
	    TP_printk("conn=%llu netns_ino=%u session=%s asked=%s granted=%s",
		      __entry->id, __entry->netns_ino,
		      show_nfs41conn_sessionid(__entry->sessionid),
		      show_nfs41conn_cdfc(__entry->asked),
		      show_nfs41conn_cdfs(__entry->granted))
);

TRACE_EVENT(nfs41conn_unbind,
	    TP_PROTO(const struct nfs41conn_binding *binding,
		     enum nfs41conn_unbind_why why),
	    TP_ARGS(binding, why),
	    TP_STRUCT__entry(__field(u64, id)
			     __field(unsigned int, netns_ino)
			     __field(unsigned int, dir)
			     __field(unsigned int, why)
			     __array(u8, sessionid, NFS4_MAX_SESSIONID_LEN)),
	    TP_fast_assign(__entry->id = binding->key.conn_id;
			   __entry->netns_ino = binding->conn->netns_ino;
			   __entry->dir = binding->dir;
			   __entry->why = why;
			   memcpy(__entry->sessionid, binding->key.sessionid,
				  NFS4_MAX_SESSIONID_LEN);),
	    TP_printk("conn=%llu netns_ino=%u session=%s dir=%s why=%s",
		      __entry->id, __entry->netns_ino,
		      show_nfs41conn_sessionid(__entry->sessionid),
		      show_nfs41conn_dir(__entry->dir),
		      show_nfs41conn_unbind_why(__entry->why))
);

TRACE_EVENT(nfs41conn_evict,
	    TP_PROTO(const struct nfs41conn_conn *victim, u64 for_id,
		     const u8 *sid),
	    TP_ARGS(victim, for_id, sid),
	    TP_STRUCT__entry(__field(u64, id)
			     __field(unsigned int, netns_ino)
			     __field(u64, for_id)
			     __array(u8, sessionid, NFS4_MAX_SESSIONID_LEN)),
	    TP_fast_assign(__entry->id = victim->id;
			   __entry->netns_ino = victim->netns_ino;
			   __entry->for_id = for_id;
			   memcpy(__entry->sessionid, sid,
				  NFS4_MAX_SESSIONID_LEN);),
	    TP_printk("conn=%llu netns_ino=%u for=%llu session=%s",
		      __entry->id, __entry->netns_ino, __entry->for_id,
		      show_nfs41conn_sessionid(__entry->sessionid))
);

TRACE_EVENT(nfs41conn_hold,
	    TP_PROTO(const struct nfs41conn_conn *conn, const u8 *sid),
	    TP_ARGS(conn, sid),
	    TP_STRUCT__entry(__field(u64, id)
			     __field(unsigned int, netns_ino)
			     __array(u8, sessionid, NFS4_MAX_SESSIONID_LEN)),
	    TP_fast_assign(__entry->id = conn->id;
			   __entry->netns_ino = conn->netns_ino;
			   memcpy(__entry->sessionid, sid,
				  NFS4_MAX_SESSIONID_LEN);),
	    TP_printk("conn=%llu netns_ino=%u session=%s",
		      __entry->id, __entry->netns_ino,
		      show_nfs41conn_sessionid(__entry->sessionid))
);

DECLARE_EVENT_CLASS(nfs41conn_held_class,
		    TP_PROTO(const struct nfs41conn_conn *conn, const u8 *sid,
			     u64 held_ns),
		    TP_ARGS(conn, sid, held_ns),
		    TP_STRUCT__entry(__field(u64, id)
				     __field(unsigned int, netns_ino)
				     __field(u64, held_ms)
				     __array(u8, sessionid,
					     NFS4_MAX_SESSIONID_LEN)),
		    TP_fast_assign(__entry->id = conn->id;
				   __entry->netns_ino = conn->netns_ino;
				   __entry->held_ms = div_u64(held_ns,
							      NSEC_PER_MSEC);
				   memcpy(__entry->sessionid, sid,
					  NFS4_MAX_SESSIONID_LEN);),
		    TP_printk("conn=%llu netns_ino=%u session=%s held_ms=%llu",
			      __entry->id, __entry->netns_ino,
			      show_nfs41conn_sessionid(__entry->sessionid),
			      __entry->held_ms)
);

#define DEFINE_NFS41CONN_HELD_EVENT(name)				\
DEFINE_EVENT(nfs41conn_held_class, nfs41conn_##name,			\
	     TP_PROTO(const struct nfs41conn_conn *conn, const u8 *sid,	\
		      u64 held_ns),					\
	     TP_ARGS(conn, sid, held_ns))

DEFINE_NFS41CONN_HELD_EVENT(admit);
DEFINE_NFS41CONN_HELD_EVENT(expire);

DECLARE_EVENT_CLASS(nfs41conn_refuse_class,
		    TP_PROTO(const struct nfs41conn_conn *conn, const u8 *sid,
			     u32 xid, u32 opnum, u32 status, bool closed),
		    TP_ARGS(conn, sid, xid, opnum, status, closed),
		    TP_STRUCT__entry(__field(u64, id)
				     __field(unsigned int, netns_ino)
				     __field(u32, xid)
				     __field(u32, opnum)
				     __field(u32, status)
				     __field(bool, closed)
				     __array(u8, sessionid,
					     NFS4_MAX_SESSIONID_LEN)),
		    TP_fast_assign(__entry->id = conn->id;
				   __entry->netns_ino = conn->netns_ino;
				   __entry->xid = xid;
				   __entry->opnum = opnum;
				   __entry->status = status;
				   __entry->closed = closed;
				   memcpy(__entry->sessionid, sid,
					  NFS4_MAX_SESSIONID_LEN);),
		    TP_printk("conn=%llu netns_ino=%u xid=0x%08x session=%s op=%s status=%s action=%s",
			      __entry->id, __entry->netns_ino, __entry->xid,
			      show_nfs41conn_sessionid(__entry->sessionid),
			      show_nfs41conn_op(__entry->opnum),
			      show_nfs41conn_nfs4_status(__entry->status),
			      __entry->closed ? "close" : "reply")
);

#define DEFINE_NFS41CONN_REFUSE_EVENT(name)				\
DEFINE_EVENT(nfs41conn_refuse_class, nfs41conn_refuse_##name,		\
	TP_PROTO(const struct nfs41conn_conn *conn, const u8 *sid,	\
		 u32 xid, u32 opnum, u32 status, bool closed),		\
	TP_ARGS(conn, sid, xid, opnum, status, closed))

/* SEQUENCE on a draining connection. */
DEFINE_NFS41CONN_REFUSE_EVENT(draining);
/* A bind that could not be tracked for want of memory. */
DEFINE_NFS41CONN_REFUSE_EVENT(enomem);

DECLARE_EVENT_CLASS(nfs41conn_drain_class,
		    TP_PROTO(const struct nfs41conn_conn *conn,
			     enum nfs41conn_drain_by by, int error),
		    TP_ARGS(conn, by, error),
		    TP_STRUCT__entry(__field(u64, id)
				     __field(unsigned int, netns_ino)
				     __field(unsigned int, by)
				     __field(unsigned int, state)
				     __field(int, error)
				     __sockaddr(local,
						nfs41conn_trace_addrlen(&conn->local))
				     __sockaddr(remote,
						nfs41conn_trace_addrlen(&conn->remote))),
		    TP_fast_assign(__entry->id = conn->id;
				   __entry->netns_ino = conn->netns_ino;
				   __entry->by = by;
				   __entry->state = READ_ONCE(conn->state);
				   __entry->error = error;
				   __assign_sockaddr(local, &conn->local,
						     nfs41conn_trace_addrlen(&conn->local));
				   __assign_sockaddr(remote, &conn->remote,
						     nfs41conn_trace_addrlen(&conn->remote));),
		    TP_printk("conn=%llu netns_ino=%u local=%pISpc remote=%pISpc by=%s error=%d state=%s",
			      __entry->id, __entry->netns_ino,
			      __get_sockaddr(local), __get_sockaddr(remote),
			      show_nfs41conn_drain_by(__entry->by),
			      __entry->error,
			      show_nfs41conn_state(__entry->state))
);

#define DEFINE_NFS41CONN_DRAIN_EVENT(name)				\
DEFINE_EVENT(nfs41conn_drain_class, nfs41conn_##name,			\
	TP_PROTO(const struct nfs41conn_conn *conn,			\
		 enum nfs41conn_drain_by by, int error),		\
	TP_ARGS(conn, by, error))

DEFINE_NFS41CONN_DRAIN_EVENT(drain);
DEFINE_NFS41CONN_DRAIN_EVENT(undrain);

/* A draining connection, idle, is closed; its close event follows. */
TRACE_EVENT(nfs41conn_drain_close,
	    TP_PROTO(const struct nfs41conn_conn *conn),
	    TP_ARGS(conn),
	    TP_STRUCT__entry(__field(u64, id)
			     __field(unsigned int, netns_ino)
			     __field(u64, idle_ms)
			     __field(u64, drained_ms)
			     __field(s64, refused_draining)
			     __field(unsigned int, sessions)
			     __sockaddr(local,
					nfs41conn_trace_addrlen(&conn->local))
			     __sockaddr(remote,
					nfs41conn_trace_addrlen(&conn->remote))),
	    TP_fast_assign(u64 now = ktime_get_coarse_boottime_ns();

			   __entry->id = conn->id;
			   __entry->netns_ino = conn->netns_ino;
			   __entry->idle_ms =
				div_u64(now - READ_ONCE(conn->last_call_ns),
					NSEC_PER_MSEC);
			   __entry->drained_ms =
				div_u64(now - READ_ONCE(conn->drained_ns),
					NSEC_PER_MSEC);
			   __entry->refused_draining =
				nfs41conn_trace_count(conn, REFUSED_DRAINING);
			   __entry->sessions = READ_ONCE(conn->nr_sessions);
			   __assign_sockaddr(local, &conn->local,
					     nfs41conn_trace_addrlen(&conn->local));
			   __assign_sockaddr(remote, &conn->remote,
					     nfs41conn_trace_addrlen(&conn->remote));),
	    TP_printk("conn=%llu netns_ino=%u local=%pISpc remote=%pISpc idle_ms=%llu drained_ms=%llu refused_draining=%lld sessions=%u",
		      __entry->id, __entry->netns_ino, __get_sockaddr(local),
		      __get_sockaddr(remote), __entry->idle_ms,
		      __entry->drained_ms, __entry->refused_draining,
		      __entry->sessions)
);

#endif /* _NFS41CONN_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
