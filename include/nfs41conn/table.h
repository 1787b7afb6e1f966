/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The nfs41conn binding table: NFSv4.1 connections, sessions, and the
 * bindings between them (RFC 8881 Section 2.10.3 and Section 18.34).
 *
 * One table per network namespace.  It knows nothing of sunrpc: callers
 * hand it socket addresses, connection IDs and session IDs, and ask it
 * questions.  It never sleeps while holding its lock and may be called from
 * any process context.
 *
 * Readers (the per-RPC gate) look entries up under rcu_read_lock() and take
 * no lock: every lookup is a hash lookup.  Writers (accept, bind, drain,
 * close, session create/destroy) take the table's spinlock.
 *
 * Lock order, outermost first:
 *
 *   nfs41conn_table::lock		(every writer in table*.c)
 *     rhashtable bucket locks	(taken inside rhashtable_*_fast)
 *
 * No other lock is taken while nfs41conn_table::lock is held (the
 * may_close callback of nfs41conn_rotate(), called under it, takes none),
 * and no allocation that may sleep is made under it.
 *
 * No sunrpc lock is held when the table is called, svc_xprt::xpt_mutex
 * included.  svc_send() calls xpo_sendto, nfs41conn_sendto(), with no lock
 * held.  nfs41conn_sendto() learns from the reply, through the gate, before
 * it calls svcsock's svc_tcp_sendto(), which takes xpt_mutex itself around
 * the socket write and drops it before it returns; the call's end, which
 * may cancel its reservation, comes after that return.  Likewise
 * nfs41conn_recvfrom() asks the table only once svcsock's xpo_recvfrom has
 * returned.  transport.c's nfs41conn_xprt_lock is never held together with
 * the table's lock.
 */
#ifndef _NFS41CONN_TABLE_H
#define _NFS41CONN_TABLE_H

#include <linux/atomic.h>
#include <linux/types.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/list.h>
#include <linux/nfs4.h>
#include <linux/rhashtable-types.h>
#include <linux/refcount.h>
#include <linux/socket.h>
#include <linux/spinlock.h>
#include <linux/ktime.h>

/* Default per-session connection limit (the Linux client's nconnect cap). */
#define NFS41CONN_DEFAULT_MAX_CONNS	16
/* Highest limit an admin may set. */
#define NFS41CONN_MAX_CONNS_LIMIT	1024

/* Default idle time after which a connection may be evicted, in ms. */
#define NFS41CONN_DEFAULT_EVICT_IDLE_MS	2000

/*
 * A session without a connection for this long is forgotten when the next
 * session is created: nfsd expires a vanished client's session without a
 * DESTROY_SESSION on the wire.  One that is still alive is learned again
 * from its next SEQUENCE.
 */
#define NFS41CONN_SESSION_ORPHAN_NS	(600ULL * NSEC_PER_SEC)

/**
 * enum nfs41conn_drain_mode - what a draining connection does with a call
 * @NFS41CONN_DRAIN_DELAY: the gate answers NFS4ERR_DELAY at SEQUENCE; the
 *	connection is closed once idle for drain_close_idle_ms
 * @NFS41CONN_DRAIN_CLOSE: the gate closes the connection without a reply,
 *	once the calls in progress on it are answered; the call never
 *	reached nfsd, and the client sends it again, same slot and sequence
 *	ID, on a new connection
 * @NFS41CONN_DRAIN_REPLY_CLOSE: the call passes to nfsd, and the
 *	connection is closed once its reply is sent; calls that come after
 *	it are not passed, and are sent again on a new connection
 * @NFS41CONN_DRAIN_MODE_MAX: the highest value
 *
 * The values of net.nfs41conn.drain_mode.  A Linux client retries a
 * SEQUENCE refused with NFS4ERR_DELAY 15 s later on the same connection;
 * a close moves it to a new connection at once.
 */
enum nfs41conn_drain_mode {
	NFS41CONN_DRAIN_DELAY = 0,
	NFS41CONN_DRAIN_CLOSE = 1,
	NFS41CONN_DRAIN_REPLY_CLOSE = 2,
	NFS41CONN_DRAIN_MODE_MAX = NFS41CONN_DRAIN_REPLY_CLOSE,
};

/*
 * The default: of the three, the one that costs a client least.  A 16 MiB
 * write with nconnect=4 and one connection drained 0.2 s in took 3.2 s,
 * against 3.1 s undrained, 4.1 s with close and 19.3 s with delay
 * (30-drain.sh, sanitizer UML 6.12).
 */
#define NFS41CONN_DRAIN_DEFAULT	NFS41CONN_DRAIN_REPLY_CLOSE

/* How often a draining connection busy with a call is looked at again. */
#define NFS41CONN_DRAIN_BUSY_POLL_NS	(250 * NSEC_PER_MSEC)

/*
 * Added to nfs41conn_conn::nr_calls by nfs41conn_conn_stop_calls(): the
 * connection is about to be closed, and no call may start on it.
 */
#define NFS41CONN_CALLS_STOPPED		0x40000000

/**
 * enum nfs41conn_dir - the channels a connection carries for a session
 * @NFS41CONN_DIR_NONE: reserved for a bind whose outcome is not known yet
 * @NFS41CONN_DIR_FORE: fore channel only (CDFS4_FORE)
 * @NFS41CONN_DIR_BACK: back channel only (CDFS4_BACK)
 * @NFS41CONN_DIR_BOTH: fore and back channel (CDFS4_BOTH)
 *
 * The values are those of channel_dir_from_server4 (RFC 8881 Section
 * 18.34.2), as <linux/nfs4.h> defines them, and a bit mask.  What a client
 * asks for, channel_dir_from_client4, is <linux/nfs4.h>'s NFS4_CDFC4_*.
 */
enum nfs41conn_dir {
	NFS41CONN_DIR_NONE = 0,
	NFS41CONN_DIR_FORE = NFS4_CDFS4_FORE,
	NFS41CONN_DIR_BACK = NFS4_CDFS4_BACK,
	NFS41CONN_DIR_BOTH = NFS4_CDFS4_BOTH,
};

/**
 * enum nfs41conn_conn_state - life of a connection in the table
 * @NFS41CONN_CONN_OPEN: accepted; may be bound
 * @NFS41CONN_CONN_DRAINING: marked by the admin; new SEQUENCE-led
 *	COMPOUNDs on it are to be refused with NFS4ERR_DELAY
 * @NFS41CONN_CONN_CLOSED: removed from the table; never changes again
 */
enum nfs41conn_conn_state {
	NFS41CONN_CONN_OPEN,
	NFS41CONN_CONN_DRAINING,
	NFS41CONN_CONN_CLOSED,
};

/**
 * enum nfs41conn_conn_counter - what is counted per connection
 * @NFS41CONN_CALLS: RPC calls received
 * @NFS41CONN_REFUSED_DRAINING: SEQUENCE not passed to nfsd because the
 *	connection is draining: answered NFS4ERR_DELAY, or the connection
 *	closed without an answer (net.nfs41conn.drain_mode)
 * @NFS41CONN_HELD_LIMIT: binds made beyond a session's connection limit,
 *	each of which held the connection's calls
 * @NFS41CONN_NR_COUNTERS: number of counters
 */
enum nfs41conn_conn_counter {
	NFS41CONN_CALLS,
	NFS41CONN_REFUSED_DRAINING,
	NFS41CONN_HELD_LIMIT,
	NFS41CONN_NR_COUNTERS
};

/*
 * Results of nfs41conn_reserve() besides 0 ("reserved within the limit").
 */
#define NFS41CONN_ALREADY_BOUND		1
/* Reserved beyond the session's limit: the connection's calls are held. */
#define NFS41CONN_RESERVED_EXCESS	2

/*
 * Results of nfs41conn_commit() besides 0 ("bound"): nfsd bound a
 * connection beyond the session's limit, and its calls stay held until
 * rotation (nfs41conn_rotate()) makes room.
 */
#define NFS41CONN_HELD			1

/*
 * The slots of a session whose last sequence ID is kept, to tell nfsd's
 * replays from new requests: nfsd's NFSD_MAX_SLOTS_PER_SESSION, of
 * fs/nfsd/state.h, which is not an exported header.  A slot beyond them is
 * taken as never replayed.
 */
#define NFS41CONN_SLOTS			160

/*
 * How long a connection nfsd bound beyond the limit is held at most:
 * then it is closed, and the client sends its calls again on a new
 * connection, which meets the limit in turn.  Below the 60 s after which
 * a Linux client reports the server as not responding.
 */
#define NFS41CONN_HOLD_MAX_NS		(30ULL * NSEC_PER_SEC)

struct nfs41conn_table {
	spinlock_t		lock;		/* guards fields marked "lock" */

	/* All three are written under @lock and read under RCU. */
	struct rhashtable	conns;		/* by nfs41conn_conn::id */
	struct rhashtable	sessions;	/* by nfs41conn_session::id */
	struct rhashtable	bindings;	/* by nfs41conn_binding::key */

	struct list_head	conn_list;	/* lock; RCU: for listings */
	struct list_head	session_list;	/* lock; RCU: for listings */
	/* Sessions without a connection, longest without one first. */
	struct list_head	orphan_list;	/* lock: session::orphan_link */
	/* Draining connections the drain close has not taken yet. */
	struct list_head	drain_list;	/* lock: conn::drain_link */
	unsigned int		nr_conns;	/* lock */
	unsigned int		nr_sessions;	/* lock */
	unsigned int		nr_bindings;	/* lock */

	atomic64_t		last_conn_id;	/* IDs start at 1 */
	unsigned int		max_conns_per_session;	/* READ_ONCE */
	/* Idle time that makes a connection evictable; 0: never evict. */
	unsigned int		evict_idle_ms;	/* READ_ONCE */
	/* enum nfs41conn_drain_mode, read by the gate. */
	unsigned int		drain_mode;	/* READ_ONCE */
	/* Bindings nfsd made beyond a session's limit, oldest first. */
	struct list_head	held_list;	/* lock: binding::held_link */
	unsigned int		nr_held;	/* lock; READ_ONCE */
	/* Inode number of its network namespace, for trace events. */
	unsigned int		netns_ino;	/* set before the first conn */
};

/**
 * union nfs41conn_addr - an address of a connection, IPv4 or IPv6
 * @sa: its family, for what takes any address (%pIS, rpc_cmp_addr())
 * @sin: an AF_INET address
 * @sin6: an AF_INET6 address
 *
 * The transport's own addresses are each a &struct sockaddr_storage,
 * 128 bytes; a TCP connection of nfsd's has one of these two families,
 * 28 bytes at most, and bytes past the family's size are zero.
 */
union nfs41conn_addr {
	struct sockaddr		sa;
	struct sockaddr_in	sin;
	struct sockaddr_in6	sin6;
};

/**
 * struct nfs41conn_conn - one accepted transport connection
 * @hash: its entry in &nfs41conn_table.conns, keyed by @id
 * @link: its entry in &nfs41conn_table.conn_list, for the listing
 * @drain_link: its entry in &nfs41conn_table.drain_list while it is
 *	draining and the drain close has not taken it yet
 * @id: the module's name for the connection, unique in its network
 *	namespace: the protocol gives a connection no name, an operation
 *	acts on the connection it arrives on
 * @netns_ino: its table's &nfs41conn_table.netns_ino, for trace events
 * @local: the server's address of the connection
 * @remote: the client's address of the connection
 * @accepted_ns: when the connection was accepted, boottime
 * @last_call_ns: when its last RPC call was received, coarse boottime
 * @drained_ns: when it was last marked draining, coarse boottime
 * @nr_calls: calls passed to nfsd whose request is not released yet, plus
 *	NFS41CONN_CALLS_STOPPED once the connection is being closed
 * @ref: references: its transport's, and each caller's that looked it up
 * @state: where it is in its life (&enum nfs41conn_conn_state)
 * @bindings: its bindings, one per session it is bound or being bound to
 *	(&nfs41conn_binding.conn_link): a connection may carry the channels
 *	of more than one session
 * @last_binding: the last of @bindings made, NULL once it has none: the
 *	binding its calls' lookups try first, before the table's hash (a
 *	connection nearly always carries one session)
 * @nr_sessions: sessions whose channels it carries: bindings nfsd made,
 *	neither reserved only nor beyond the session's limit
 * @nr_excess: its bindings beyond a session's limit, reserved or made:
 *	while there is one, no further call is read from the connection
 * @transport: the transport's own state, opaque here; NULL once the
 *	transport is freed.  Written by the transport under its
 *	nfs41conn_xprt_lock ("xprt_lock", transport.c), and read under it,
 *	or with READ_ONCE() while the connection is in the table
 * @counters: events counted on it, by &enum nfs41conn_conn_counter
 * @rcu: frees it a grace period after the last reference is put
 *
 * Created by nfs41conn_conn_add() with one reference, which belongs to the
 * caller (the transport that accepted the connection).  The table itself
 * holds no reference: nfs41conn_conn_remove() takes the connection out of
 * the table and unbinds it everywhere, and the memory is freed after an RCU
 * grace period once the last reference is put.  The comment on each field
 * says what guards it: "lock" is &nfs41conn_table.lock.
 */
struct nfs41conn_conn {
	struct rhash_head	hash;		/* lock; RCU */
	struct list_head	link;		/* lock; RCU */
	struct list_head	drain_link;	/* lock */
	u64			id;		/* constant */
	unsigned int		netns_ino;	/* constant */
	union nfs41conn_addr	local;		/* constant */
	union nfs41conn_addr	remote;		/* constant */
	u64			accepted_ns;	/* constant */
	u64			last_call_ns;	/* WRITE_ONCE; READ_ONCE */
	u64			drained_ns;	/* lock; READ_ONCE */
	atomic_t		nr_calls;	/* atomic */
	refcount_t		ref;		/* atomic */

	enum nfs41conn_conn_state state;	/* lock; READ_ONCE */
	struct list_head	bindings;	/* lock; RCU */
	struct nfs41conn_binding __rcu *last_binding;	/* lock; RCU */
	unsigned int		nr_sessions;	/* lock; READ_ONCE */
	unsigned int		nr_excess;	/* lock; READ_ONCE */
	void			*transport;	/* xprt_lock; READ_ONCE */
	atomic64_t		counters[NFS41CONN_NR_COUNTERS];	/* atomic */
	struct rcu_head		rcu;
};

/**
 * struct nfs41conn_session - one NFSv4.1 session the server created
 * @hash: its entry in &nfs41conn_table.sessions, keyed by @id
 * @link: its entry in &nfs41conn_table.session_list, for the listing
 * @id: the sessionid4 nfsd chose in its CREATE_SESSION reply
 * @bindings: the connections bound or being bound to it
 *	(&nfs41conn_binding.session_link)
 * @nr_conns: what the session's connection limit counts: its bindings
 *	and reservations, those beyond the limit (@nr_excess) excepted
 * @nr_excess: its bindings and reservations beyond the limit
 *	(&nfs41conn_binding.excess)
 * @minorversion: the minor version of the COMPOUND that taught the table
 *	of the session (CREATE_SESSION, or a SEQUENCE); 0: unknown
 * @nr_fore: bound connections carrying its fore channel
 * @nr_fore_ready: those of @nr_fore that are not draining: the last of
 *	them is neither drained nor evicted, or the session would be left
 *	without a fore channel
 * @nr_back: bound connections carrying its back channel
 * @last_evict_ns: when a connection was last evicted to make room for
 *	another, boottime: at most one eviction per idle time
 * @empty_ns: when it was left without a connection, boottime; 0 while it
 *	has one
 * @orphan_link: its entry in &nfs41conn_table.orphan_list while @empty_ns
 * @slot_seqid: the last sequence ID nfsd accepted on each slot of its
 *	fore channel, 0 for none, to tell a replay from a new request
 *	(RFC 8881 Section 2.10.6.1)
 * @rcu: frees it a grace period after it leaves the table
 *
 * The comment on each field says what guards it: "lock" is
 * &nfs41conn_table.lock.
 */
struct nfs41conn_session {
	struct rhash_head	hash;		/* lock; RCU */
	struct list_head	link;		/* lock; RCU */
	u8			id[NFS4_MAX_SESSIONID_LEN];	/* constant */

	struct list_head	bindings;	/* lock; RCU */
	unsigned int		nr_conns;	/* lock; READ_ONCE */
	unsigned int		nr_excess;	/* lock; READ_ONCE */
	u32			minorversion;	/* constant */
	unsigned int		nr_fore;	/* lock; READ_ONCE */
	unsigned int		nr_fore_ready;	/* lock; READ_ONCE */
	unsigned int		nr_back;	/* lock; READ_ONCE */
	u64			last_evict_ns;	/* lock */
	u64			empty_ns;	/* lock */
	struct list_head	orphan_link;	/* lock */
	u32			slot_seqid[NFS41CONN_SLOTS];	/* READ_ONCE */
	struct rcu_head		rcu;
};

/* Key of the binding hash: 24 bytes, no padding. */
struct nfs41conn_binding_key {
	u64	conn_id;
	u8	sessionid[NFS4_MAX_SESSIONID_LEN];
};

/**
 * struct nfs41conn_binding - a connection bound to a session
 * @hash: its entry in &nfs41conn_table.bindings, keyed by @key
 * @key: its connection's ID and its session's ID
 * @conn: the connection
 * @session: the session
 * @conn_link: its entry in &nfs41conn_conn.bindings
 * @session_link: its entry in &nfs41conn_session.bindings
 * @dir: the channels the connection carries for the session, as nfsd
 *	granted them (channel_dir_from_server4 of BIND_CONN_TO_SESSION, or
 *	the fore channel, and the back channel with SESSION4_BACK_CHAN, of
 *	CREATE_SESSION); NFS41CONN_DIR_NONE while only reserved
 * @pending: reservations in flight: calls passed to nfsd that may bind
 *	the connection to the session, whose reply is not seen yet
 * @excess: reserved or bound while the session was at its limit
 * @active_ns: when nfsd last accepted a call of the session on the
 *	connection (bound it, or answered its SEQUENCE): what "idle" means
 *	for rotation.  Coarse boottime
 * @held_ns: for a held binding, since when it is held, boottime
 * @held_link: for a held binding, its entry in &nfs41conn_table.held_list
 * @rcu: frees it a grace period after it leaves the table
 *
 * Exists from the first reservation (dir NFS41CONN_DIR_NONE) or bind, until
 * cancel, session destroy, or connection close.  One reserved while the
 * session was at its limit is @excess: it does not count against the limit,
 * and while it exists no further call is read from its connection.  Once
 * nfsd has bound it, it is *held* (on table->held_list) until rotation
 * gives it a slot of the limit or closes its connection.  The comment on
 * each field says what guards it: "lock" is &nfs41conn_table.lock.
 */
struct nfs41conn_binding {
	struct rhash_head	hash;		/* lock; RCU */
	struct nfs41conn_binding_key key;	/* constant */
	struct nfs41conn_conn	*conn;		/* constant */
	struct nfs41conn_session *session;	/* constant */
	struct list_head	conn_link;	/* lock; RCU */
	struct list_head	session_link;	/* lock; RCU */
	enum nfs41conn_dir	dir;		/* lock; READ_ONCE */
	unsigned int		pending;	/* lock */
	bool			excess;		/* lock; READ_ONCE */
	u64			active_ns;	/* WRITE_ONCE; READ_ONCE */
	u64			held_ns;	/* lock */
	struct list_head	held_link;	/* lock */
	struct rcu_head		rcu;
};

int nfs41conn_table_init(struct nfs41conn_table *table);
void nfs41conn_table_destroy(struct nfs41conn_table *table);
void nfs41conn_table_set_max_conns(struct nfs41conn_table *table,
				   unsigned int max);
void nfs41conn_table_set_evict_idle(struct nfs41conn_table *table,
				    unsigned int ms);
void nfs41conn_table_set_drain_mode(struct nfs41conn_table *table,
				    enum nfs41conn_drain_mode mode);
#if IS_ENABLED(CONFIG_KUNIT)
/* For the KUnit suites: nfs41conn/table_verify.c, built only for them. */
int nfs41conn_table_verify(struct nfs41conn_table *table);
#endif

/* Connections */
struct nfs41conn_conn *nfs41conn_conn_add(struct nfs41conn_table *table,
					  const struct sockaddr *local,
					  const struct sockaddr *remote);
void nfs41conn_conn_remove(struct nfs41conn_table *table,
			   struct nfs41conn_conn *conn);
bool nfs41conn_conn_get(struct nfs41conn_conn *conn);
void nfs41conn_conn_put(struct nfs41conn_conn *conn);
struct nfs41conn_conn *nfs41conn_conn_lookup(struct nfs41conn_table *table,
					     u64 id);

/* Sessions */
int nfs41conn_session_create(struct nfs41conn_table *table, const u8 *sid,
			     struct nfs41conn_conn *conn,
			     enum nfs41conn_dir dir, u32 minorversion);
int nfs41conn_session_destroy(struct nfs41conn_table *table, const u8 *sid);
struct nfs41conn_session *
nfs41conn_session_lookup(struct nfs41conn_table *table, const u8 *sid);

/* Bindings */
int nfs41conn_negotiate_dir(u32 dir_from_client, u32 dir_from_server);
int nfs41conn_reserve(struct nfs41conn_table *table,
		      struct nfs41conn_conn *conn, const u8 *sid);
int nfs41conn_commit(struct nfs41conn_table *table,
		     struct nfs41conn_conn *conn, const u8 *sid,
		     enum nfs41conn_dir dir);
bool nfs41conn_cancel(struct nfs41conn_table *table,
		      struct nfs41conn_conn *conn, const u8 *sid);

/**
 * enum nfs41conn_answer - the table's answer on a call (nfs41conn_ask())
 * @NFS41CONN_ANSWER_PASS: nothing reserved, nothing to do: the connection
 *	is bound to the session already, or is closing
 * @NFS41CONN_ANSWER_RESERVED: a slot is reserved for the bind nfsd will
 *	make: nfs41conn_commit() or nfs41conn_cancel() ends it
 * @NFS41CONN_ANSWER_EXCESS: reserved beyond the session's limit: no
 *	further call is read from the connection until the reservation ends
 * @NFS41CONN_ANSWER_UNKNOWN: the table does not know the session: nfsd
 *	decides, and its reply may teach it
 * @NFS41CONN_ANSWER_NOMEM: the bind could not be tracked
 * @NFS41CONN_ANSWER_DRAINING: ORed into the others, or alone: a SEQUENCE
 *	on a draining connection that may be turned away (its session has a
 *	fore channel connection that is not draining, and nfsd served it in
 *	the call's minor version).  Alone, nothing was reserved.
 */
enum nfs41conn_answer {
	NFS41CONN_ANSWER_PASS,
	NFS41CONN_ANSWER_RESERVED,
	NFS41CONN_ANSWER_EXCESS,
	NFS41CONN_ANSWER_UNKNOWN,
	NFS41CONN_ANSWER_NOMEM,
	NFS41CONN_ANSWER_DRAINING = 0x100,
};

/* What nfs41conn_ask() is asked about. */
#define NFS41CONN_ASK_SEQUENCE		BIT(0)	/* SEQUENCE: draining, bound? */
#define NFS41CONN_ASK_PASS_DRAINING	BIT(1)	/* draining: pass, reserve */

unsigned int nfs41conn_ask(struct nfs41conn_table *table,
			   struct nfs41conn_conn *conn, const u8 *sid,
			   u32 minorversion, unsigned int how);
bool nfs41conn_accepted(struct nfs41conn_table *table,
			struct nfs41conn_conn *conn,
			const u8 *sid, u32 slotid, u32 seqid,
			enum nfs41conn_dir *bound);
void nfs41conn_forget_sessions(struct nfs41conn_table *table);

/**
 * struct nfs41conn_rotation - one step of rotation (nfs41conn_rotate())
 * @admitted: a held connection that got a slot of its session's limit:
 *	its calls may be read again; a reference for the caller, or NULL
 * @evicted: a connection taken out of the table to make that room, whose
 *	calls are stopped: the caller closes it; a reference, or NULL
 * @expired: a held connection held for NFS41CONN_HOLD_MAX_NS, taken out
 *	of the table with its calls stopped: the caller closes it; a
 *	reference, or NULL
 * @held_id: the ID of the connection whose binding the step was for
 * @sessionid: the session of the step
 * @held_ns: how long that binding was held
 */
struct nfs41conn_rotation {
	struct nfs41conn_conn	*admitted;
	struct nfs41conn_conn	*evicted;
	struct nfs41conn_conn	*expired;
	u64			held_id;
	u8			sessionid[NFS4_MAX_SESSIONID_LEN];
	u64			held_ns;
};

bool nfs41conn_rotate(struct nfs41conn_table *table,
		      bool (*may_close)(struct nfs41conn_conn *conn),
		      struct nfs41conn_rotation *step);

/* Draining */
int nfs41conn_drain(struct nfs41conn_table *table, struct nfs41conn_conn *conn);
int nfs41conn_undrain(struct nfs41conn_table *table,
		      struct nfs41conn_conn *conn);
unsigned int nfs41conn_drain_take_idle(struct nfs41conn_table *table,
				       u64 idle_ns,
				       struct nfs41conn_conn **conns,
				       unsigned int room, u64 *wait_ns);

/* Lock-free questions of the gate; callers hold rcu_read_lock(). */
enum nfs41conn_dir nfs41conn_bound_dir(struct nfs41conn_table *table,
				       struct nfs41conn_conn *conn,
				       const u8 *sid);

/**
 * nfs41conn_is_bound - is this connection bound to this session?
 * @table: the table
 * @conn: the connection
 * @sid: session ID
 *
 * A reservation alone is not a binding.  Caller holds rcu_read_lock().
 *
 * Return: true if nfsd bound the connection to the session, with any
 * channel.
 */
static inline bool nfs41conn_is_bound(struct nfs41conn_table *table,
				      struct nfs41conn_conn *conn,
				      const u8 *sid)
{
	return nfs41conn_bound_dir(table, conn, sid) != NFS41CONN_DIR_NONE;
}

/**
 * nfs41conn_conn_held - are the connection's calls held?
 * @conn: a connection the caller holds a reference to, or found under RCU
 *
 * No further call is read from a held connection (the transport reports
 * no room to send).
 *
 * Return: true while the connection has a binding beyond a session's
 * limit, reserved or made.
 */
static inline bool nfs41conn_conn_held(const struct nfs41conn_conn *conn)
{
	return READ_ONCE(conn->nr_excess) != 0;
}

/**
 * nfs41conn_conn_draining - is this connection being drained?
 * @conn: a connection the caller holds a reference to, or found under RCU
 *
 * Return: true if the admin marked the connection draining and it is not
 * closed yet.
 */
static inline bool nfs41conn_conn_draining(const struct nfs41conn_conn *conn)
{
	return READ_ONCE(conn->state) == NFS41CONN_CONN_DRAINING;
}

/**
 * nfs41conn_conn_touch - a call came on a connection
 * @conn: the connection
 */
static inline void nfs41conn_conn_touch(struct nfs41conn_conn *conn)
{
	WRITE_ONCE(conn->last_call_ns, ktime_get_coarse_boottime_ns());
}

/**
 * nfs41conn_conn_call_begin - a call is about to be passed to nfsd
 * @conn: the connection it came on
 *
 * Each call begun must be ended by nfs41conn_conn_call_end() when its
 * request is released, sent or dropped.
 *
 * Return: false if the connection is being closed: the call must not be
 * passed, and is not counted.
 */
static inline bool nfs41conn_conn_call_begin(struct nfs41conn_conn *conn)
{
	if (likely(atomic_inc_return(&conn->nr_calls) <
		   NFS41CONN_CALLS_STOPPED))
		return true;
	atomic_dec(&conn->nr_calls);
	return false;
}

/**
 * nfs41conn_conn_call_end - the request of a call begun is released
 * @conn: the connection
 *
 * Return: true if that was the last call in progress on a connection to be
 * closed once they end (nfs41conn_conn_close_after_calls()): the caller
 * closes its transport now.
 */
static inline bool nfs41conn_conn_call_end(struct nfs41conn_conn *conn)
{
	return atomic_dec_return(&conn->nr_calls) == NFS41CONN_CALLS_STOPPED;
}

/**
 * nfs41conn_conn_busy - has the connection a call in progress?
 * @conn: the connection
 *
 * Return: true if a call passed to nfsd on it is not released yet; also
 * true once calls are stopped: such a connection is being closed.
 */
static inline bool nfs41conn_conn_busy(const struct nfs41conn_conn *conn)
{
	return atomic_read(&conn->nr_calls) != 0;
}

/**
 * nfs41conn_conn_calls_stopped - is the connection being closed?
 * @conn: the connection
 *
 * Return: true once nfs41conn_conn_stop_calls() succeeded or
 * nfs41conn_conn_close_after_calls() ran on @conn: no call may start on it.
 */
static inline bool
nfs41conn_conn_calls_stopped(const struct nfs41conn_conn *conn)
{
	return atomic_read(&conn->nr_calls) >= NFS41CONN_CALLS_STOPPED;
}

/**
 * nfs41conn_conn_stop_calls - no call may start on an idle connection
 * @conn: a connection about to be closed
 *
 * Succeeds only if no call is in progress; from then on
 * nfs41conn_conn_call_begin() fails on @conn, for good.  Checking and
 * stopping is one atomic step, so a call received meanwhile either is
 * seen here or is refused there: none is lost with its reply.
 *
 * Return: true if calls are stopped; false if one is in progress.
 */
static inline bool nfs41conn_conn_stop_calls(struct nfs41conn_conn *conn)
{
	return atomic_cmpxchg(&conn->nr_calls, 0, NFS41CONN_CALLS_STOPPED) == 0;
}

/**
 * nfs41conn_conn_close_after_calls - no call may start; close once idle
 * @conn: a connection to be closed by its own calls (drain_mode close or
 *	reply-close, a call the gate cannot answer)
 *
 * Unlike nfs41conn_conn_stop_calls() it does not wait for the connection
 * to be idle: from now on nfs41conn_conn_call_begin() fails on @conn, for
 * good, and the nfs41conn_conn_call_end() that ends the last call in
 * progress says so, for its caller to close the transport.  No reply of
 * a call passed to nfsd is lost.  Idempotent.
 */
static inline void
nfs41conn_conn_close_after_calls(struct nfs41conn_conn *conn)
{
	atomic_or(NFS41CONN_CALLS_STOPPED, &conn->nr_calls);
}

/**
 * nfs41conn_conn_closing_busy - has a connection being closed a call left?
 * @conn: a connection on which nfs41conn_conn_call_begin() failed
 *
 * For the receiver of a call that may not start: if one is still in
 * progress, the end of the last one closes the transport
 * (nfs41conn_conn_call_end()); otherwise the receiver closes it.  Exact
 * for the one thread that receives on a transport at a time.
 *
 * Return: true if a call is in progress.
 */
static inline bool
nfs41conn_conn_closing_busy(const struct nfs41conn_conn *conn)
{
	return atomic_read(&conn->nr_calls) > NFS41CONN_CALLS_STOPPED;
}

/**
 * nfs41conn_conn_count - count an event on a connection
 * @conn: the connection
 * @counter: what happened
 */
static inline void nfs41conn_conn_count(struct nfs41conn_conn *conn,
					enum nfs41conn_conn_counter counter)
{
	atomic64_inc(&conn->counters[counter]);
}

/**
 * nfs41conn_session_nr_conns - connections counted against a session's limit
 * @session: a session found under RCU
 *
 * Return: the bound connections and reservations in flight that count
 * against the limit.
 */
static inline unsigned int
nfs41conn_session_nr_conns(const struct nfs41conn_session *session)
{
	return READ_ONCE(session->nr_conns);
}

#endif /* _NFS41CONN_TABLE_H */
