/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace events of nfs41conn: /sys/kernel/tracing/events/nfs41conn/.
 *
 * Each event is emitted where its fact is known: accept and close in
 * transport.c, what a reply bound in gate.c, the bindings a close, an
 * eviction or a session purge removed in table.c (only the table knows
 * them exactly, under its lock), refusals and waits in recvfrom.c, drain
 * requests in proc.c, closes of idle drained connections in drain.c.  Connection IDs are those of
 * /proc/net/nfs41conn/connections, per network namespace; session IDs are
 * printed in hex as in the listing.
 *
 * This header needs the table's types only: the table includes it and
 * must stay free of sunrpc.  No event sleeps; several fire under the
 * table's spinlock.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM nfs41conn

#if !defined(_NFS41CONN_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _NFS41CONN_TRACE_H

#include <linux/in6.h>
#include <linux/math64.h>
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
 * @NFS41CONN_UNBIND_SESSION: its session was destroyed or is gone
 * @NFS41CONN_UNBIND_CANCEL: a reservation nfsd did not bind
 * @NFS41CONN_UNBIND_REQUEST: nfs41conn_unbind()
 * @NFS41CONN_UNBIND_SHUTDOWN: the network namespace went away
 */
enum nfs41conn_unbind_why {
	NFS41CONN_UNBIND_CLOSE,
	NFS41CONN_UNBIND_EVICT,
	NFS41CONN_UNBIND_EXPIRE,
	NFS41CONN_UNBIND_SESSION,
	NFS41CONN_UNBIND_CANCEL,
	NFS41CONN_UNBIND_REQUEST,
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
TRACE_DEFINE_ENUM(NFS41CONN_UNBIND_REQUEST);
TRACE_DEFINE_ENUM(NFS41CONN_UNBIND_SHUTDOWN);

#define show_nfs41conn_unbind_why(why)					\
	__print_symbolic(why,						\
		{ NFS41CONN_UNBIND_CLOSE,	"close" },		\
		{ NFS41CONN_UNBIND_EVICT,	"evict" },		\
		{ NFS41CONN_UNBIND_EXPIRE,	"expire" },		\
		{ NFS41CONN_UNBIND_SESSION,	"session" },		\
		{ NFS41CONN_UNBIND_CANCEL,	"cancel" },		\
		{ NFS41CONN_UNBIND_REQUEST,	"request" },		\
		{ NFS41CONN_UNBIND_SHUTDOWN,	"shutdown" })

TRACE_DEFINE_ENUM(NFS41CONN_DRAIN_BY_ID);
TRACE_DEFINE_ENUM(NFS41CONN_DRAIN_BY_LOCAL);
TRACE_DEFINE_ENUM(NFS41CONN_DRAIN_BY_REMOTE);

#define show_nfs41conn_drain_by(by)					\
	__print_symbolic(by,						\
		{ NFS41CONN_DRAIN_BY_ID,	"id" },			\
		{ NFS41CONN_DRAIN_BY_LOCAL,	"local" },		\
		{ NFS41CONN_DRAIN_BY_REMOTE,	"remote" })

/* As in the listing: lower case hex, no separators. */
#define show_nfs41conn_sessionid(sid)					\
	__print_hex_str(sid, NFS41CONN_SESSIONID_SIZE)

/* nfs41conn_trace_count(conn, CALLS): a counter of the connection. */
#define nfs41conn_trace_count(conn, counter)				\
	atomic64_read(&(conn)->counters[NFS41CONN_##counter])

/* Addresses are copied up to the size of the larger of the two families. */
#define NFS41CONN_TRACE_ADDR_SIZE	sizeof(struct sockaddr_in6)

TRACE_EVENT(nfs41conn_accept,
	    TP_PROTO(u64 id, const struct sockaddr_storage *local,
		     const struct sockaddr_storage *remote, int error),
	    TP_ARGS(id, local, remote, error),
	    TP_STRUCT__entry(__field(u64, id)
			     __field(int, error)
			     __array(u8, local, NFS41CONN_TRACE_ADDR_SIZE)
			     __array(u8, remote, NFS41CONN_TRACE_ADDR_SIZE)),
	    TP_fast_assign(__entry->id = id;
			   __entry->error = error;
			   memcpy(__entry->local, local, NFS41CONN_TRACE_ADDR_SIZE);
			   memcpy(__entry->remote, remote,
				  NFS41CONN_TRACE_ADDR_SIZE);),
	    TP_printk("conn=%llu local=%pISpc remote=%pISpc error=%d",
		      __entry->id, __entry->local, __entry->remote, __entry->error)
);

TRACE_EVENT(nfs41conn_close,
	    TP_PROTO(const struct nfs41conn_conn *conn),
	    TP_ARGS(conn),
	    TP_STRUCT__entry(__field(u64, id)
			     __field(u64, age_ms)
			     __field(s64, calls)
			     __field(s64, refused_draining)
			     __field(s64, held_limit)
			     __field(unsigned int, state)
			     __field(unsigned int, sessions)
			     __array(u8, local, NFS41CONN_TRACE_ADDR_SIZE)
			     __array(u8, remote, NFS41CONN_TRACE_ADDR_SIZE)),
	    TP_fast_assign(__entry->id = conn->id;
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
			   memcpy(__entry->local, &conn->local,
				  NFS41CONN_TRACE_ADDR_SIZE);
			   memcpy(__entry->remote, &conn->remote,
				  NFS41CONN_TRACE_ADDR_SIZE);),
	    TP_printk("conn=%llu local=%pISpc remote=%pISpc state=%s age_ms=%llu calls=%lld refused_draining=%lld held_limit=%lld sessions=%u",
		      __entry->id, __entry->local, __entry->remote,
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
			     __field(unsigned int, kind)
			     __field(unsigned int, dir)
			     __field(int, error)
			     __array(u8, sessionid, NFS41CONN_SESSIONID_SIZE)),
	    TP_fast_assign(__entry->id = conn->id;
			   __entry->kind = kind;
			   __entry->dir = dir;
			   __entry->error = error;
			   memcpy(__entry->sessionid, sid,
				  NFS41CONN_SESSIONID_SIZE);),
	    TP_printk("conn=%llu session=%s kind=%s dir=%s error=%d",
		      __entry->id, show_nfs41conn_sessionid(__entry->sessionid),
		      show_nfs41conn_bind_kind(__entry->kind),
		      show_nfs41conn_dir(__entry->dir), __entry->error)
);

TRACE_EVENT(nfs41conn_unbind,
	    TP_PROTO(const struct nfs41conn_binding *binding,
		     enum nfs41conn_unbind_why why),
	    TP_ARGS(binding, why),
	    TP_STRUCT__entry(__field(u64, id)
			     __field(unsigned int, dir)
			     __field(unsigned int, why)
			     __array(u8, sessionid, NFS41CONN_SESSIONID_SIZE)),
	    TP_fast_assign(__entry->id = binding->key.conn_id;
			   __entry->dir = binding->dir;
			   __entry->why = why;
			   memcpy(__entry->sessionid, binding->key.sessionid,
				  NFS41CONN_SESSIONID_SIZE);),
	    TP_printk("conn=%llu session=%s dir=%s why=%s",
		      __entry->id, show_nfs41conn_sessionid(__entry->sessionid),
		      show_nfs41conn_dir(__entry->dir),
		      show_nfs41conn_unbind_why(__entry->why))
);

TRACE_EVENT(nfs41conn_evict,
	    TP_PROTO(const struct nfs41conn_conn *victim, u64 for_id,
		     const u8 *sid),
	    TP_ARGS(victim, for_id, sid),
	    TP_STRUCT__entry(__field(u64, id)
			     __field(u64, for_id)
			     __array(u8, sessionid, NFS41CONN_SESSIONID_SIZE)),
	    TP_fast_assign(__entry->id = victim->id;
			   __entry->for_id = for_id;
			   memcpy(__entry->sessionid, sid,
				  NFS41CONN_SESSIONID_SIZE);),
	    TP_printk("conn=%llu for=%llu session=%s",
		      __entry->id, __entry->for_id,
		      show_nfs41conn_sessionid(__entry->sessionid))
);

TRACE_EVENT(nfs41conn_hold,
	    TP_PROTO(const struct nfs41conn_conn *conn, const u8 *sid),
	    TP_ARGS(conn, sid),
	    TP_STRUCT__entry(__field(u64, id)
			     __array(u8, sessionid, NFS41CONN_SESSIONID_SIZE)),
	    TP_fast_assign(__entry->id = conn->id;
			   memcpy(__entry->sessionid, sid,
				  NFS41CONN_SESSIONID_SIZE);),
	    TP_printk("conn=%llu session=%s",
		      __entry->id, show_nfs41conn_sessionid(__entry->sessionid))
);

DECLARE_EVENT_CLASS(nfs41conn_held_class,
		    TP_PROTO(const struct nfs41conn_conn *conn, const u8 *sid,
			     u64 held_ns),
		    TP_ARGS(conn, sid, held_ns),
		    TP_STRUCT__entry(__field(u64, id)
				     __field(u64, held_ms)
				     __array(u8, sessionid,
					     NFS41CONN_SESSIONID_SIZE)),
		    TP_fast_assign(__entry->id = conn->id;
				   __entry->held_ms = div_u64(held_ns,
							      NSEC_PER_MSEC);
				   memcpy(__entry->sessionid, sid,
					  NFS41CONN_SESSIONID_SIZE);),
		    TP_printk("conn=%llu session=%s held_ms=%llu",
			      __entry->id,
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
		    TP_PROTO(const struct nfs41conn_conn *conn, const u8 *sid, u32 xid,
			     u32 opnum, u32 status, bool closed),
		    TP_ARGS(conn, sid, xid, opnum, status, closed),
		    TP_STRUCT__entry(__field(u64, id)
				     __field(u32, xid)
				     __field(u32, opnum)
				     __field(u32, status)
				     __field(bool, closed)
				     __array(u8, sessionid, NFS41CONN_SESSIONID_SIZE)),
		    TP_fast_assign(__entry->id = conn->id;
				   __entry->xid = xid;
				   __entry->opnum = opnum;
				   __entry->status = status;
				   __entry->closed = closed;
				   memcpy(__entry->sessionid, sid,
					  NFS41CONN_SESSIONID_SIZE);),
		    TP_printk("conn=%llu xid=0x%08x session=%s opnum=%u status=%u action=%s",
			      __entry->id, __entry->xid,
			      show_nfs41conn_sessionid(__entry->sessionid),
			      __entry->opnum, __entry->status,
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
				     __field(unsigned int, by)
				     __field(unsigned int, state)
				     __field(int, error)
				     __array(u8, local, NFS41CONN_TRACE_ADDR_SIZE)
				     __array(u8, remote, NFS41CONN_TRACE_ADDR_SIZE)),
		    TP_fast_assign(__entry->id = conn->id;
				   __entry->by = by;
				   __entry->state = READ_ONCE(conn->state);
				   __entry->error = error;
				   memcpy(__entry->local, &conn->local,
					  NFS41CONN_TRACE_ADDR_SIZE);
				   memcpy(__entry->remote, &conn->remote,
					  NFS41CONN_TRACE_ADDR_SIZE);),
		    TP_printk("conn=%llu local=%pISpc remote=%pISpc by=%s error=%d state=%s",
			      __entry->id, __entry->local, __entry->remote,
			      show_nfs41conn_drain_by(__entry->by), __entry->error,
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
			     __field(u64, idle_ms)
			     __field(u64, drained_ms)
			     __field(s64, refused_draining)
			     __field(unsigned int, sessions)
			     __array(u8, local, NFS41CONN_TRACE_ADDR_SIZE)
			     __array(u8, remote, NFS41CONN_TRACE_ADDR_SIZE)),
	    TP_fast_assign(u64 now = ktime_get_coarse_boottime_ns();

			   __entry->id = conn->id;
			   __entry->idle_ms =
				div_u64(now - READ_ONCE(conn->last_call_ns),
					NSEC_PER_MSEC);
			   __entry->drained_ms =
				div_u64(now - READ_ONCE(conn->drained_ns),
					NSEC_PER_MSEC);
			   __entry->refused_draining =
				nfs41conn_trace_count(conn, REFUSED_DRAINING);
			   __entry->sessions = READ_ONCE(conn->nr_sessions);
			   memcpy(__entry->local, &conn->local,
				  NFS41CONN_TRACE_ADDR_SIZE);
			   memcpy(__entry->remote, &conn->remote,
				  NFS41CONN_TRACE_ADDR_SIZE);),
	    TP_printk("conn=%llu local=%pISpc remote=%pISpc idle_ms=%llu drained_ms=%llu refused_draining=%lld sessions=%u",
		      __entry->id, __entry->local, __entry->remote,
		      __entry->idle_ms, __entry->drained_ms,
		      __entry->refused_draining, __entry->sessions)
);

#endif /* _NFS41CONN_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
