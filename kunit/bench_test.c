// SPDX-License-Identifier: GPL-2.0
/*
 * The in-kernel micro-benchmark of "make bench" (scripts/bench.sh), suite
 * nfs41conn_bench of nfs41conn_bench.ko.  It is no test: it measures, and
 * fails only when it cannot set up what it measures.  make check builds
 * it (so that it keeps compiling) but never loads it.
 *
 *   bench_percall  the module's own work on one RPC, timed over @iters
 *		    calls: the state lookup, the peek of a captured Linux
 *		    SEQUENCE+PUTFH+GETATTR call, the gate's decision, the
 *		    peek of nfsd's captured reply and what the gate learns
 *		    from it, on a table of the first point of @scale
 *   bench_scale    the same per-call path with tables of each point of
 *		    @scale ("conns:sessions,..."), all built first (by the
 *		    suite's init, freed by its exit: KUnit would time the
 *		    case out), then measured round-robin, @rounds times; and
 *		    the kernel memory each connection, its transport state,
 *		    session and binding takes
 *
 * Each call of the loop is for another connection, drawn at random from
 * the table (@sample of them, cycled), with its session's ID and a
 * fresh sequence ID written into the captured call and reply: that costs
 * the loop a few stores, which an empty loop doing only them measures
 * (harness_ns), and which is subtracted.
 *
 * The state lookup is nfs41conn_xprt_find() itself, among one state per
 * connection of every table built (recorded with nfs41conn_xprt_bench_add(),
 * keyed by an address that is no transport), once for the call and once
 * for the reply, as nfs41conn_recvfrom() and nfs41conn_sendto() each look
 * the state up.
 *
 * Results go to the kernel log, one line each, "nfs41conn-bench: ...",
 * which scripts/bench.sh reads.  Parameters (module parameters):
 *   run     "percall", "scale" or "all" (default)
 *   iters   calls per measurement of the whole path (default 1000000)
 *   stage_iters  calls per measurement of each stage alone, for
 *	     bench_percall's breakdown (default 100000)
 *   rounds  measurements of each point of the scale (default 3)
 *   scale   the points (default "1000:10000,100000:10000,1000000:100000")
 *   sample  connections drawn per point (default 1000: as many at every
 *	     point, so that the calls touch as much memory whatever the
 *	     table's size)
 *   wide_sample  bench_scale measures each point again drawing this many
 *	     (default 65536; 0: not): a working set that grows with the
 *	     table, as a real server's does
 */

#include <linux/err.h>
#include <linux/in.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/rcupdate.h>
#include <linux/rhashtable.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sunrpc/xdr.h>
#include <linux/vmalloc.h>
#include <linux/vmstat.h>
#include <kunit/test.h>

#include <nfs41conn/compat.h>
#include <nfs41conn/gate.h>
#include <nfs41conn/table.h>
#include <nfs41conn/xdr.h>
#include <nfs41conn/xprt.h>

#include "xdr_fuzz_seeds.h"

static char *run = "all";
module_param(run, charp, 0444);
MODULE_PARM_DESC(run, "percall, scale or all");

static unsigned int iters = 1000000;
module_param(iters, uint, 0444);
MODULE_PARM_DESC(iters, "calls per measurement");

static unsigned int stage_iters = 100000;
module_param(stage_iters, uint, 0444);
MODULE_PARM_DESC(stage_iters, "calls per measurement of one stage (percall)");

static unsigned int rounds = 3;
module_param(rounds, uint, 0444);
MODULE_PARM_DESC(rounds, "measurements of each point of the scale");

static char *scale = "1000:10000,100000:10000,1000000:100000";
module_param(scale, charp, 0444);
MODULE_PARM_DESC(scale, "table sizes, conns:sessions,...");

static unsigned int sample = 1000;
module_param(sample, uint, 0444);
MODULE_PARM_DESC(sample, "connections drawn per point");

static unsigned int wide_sample = 65536;
module_param(wide_sample, uint, 0444);
MODULE_PARM_DESC(wide_sample, "connections drawn per point, second pass");

#define NB_MAX_POINTS	8
#define NB_PREFIX	"nfs41conn-bench: "

/* One connection a call of the loop is for. */
struct nb_pick {
	const struct svc_xprt	*key;		/* of its state */
	struct nfs41conn_conn	*conn;
	u32			session;	/* index: the ID's last word */
};

/* A table of one size, with its connections and what the loop draws. */
struct nb_point {
	struct nfs41conn_table	table;
	bool			table_ready;
	unsigned int		nr_conns;
	unsigned int		nr_sessions;
	unsigned int		nr_added;
	unsigned int		nr_created;
	struct nfs41conn_conn	**conns;
	/* The state of each connection, as nfs41conn_accept() makes it. */
	struct nfs41conn_xprt	**xprts;
	unsigned int		nr_xprts;
	struct nb_pick		*picks;
	unsigned int		nr_picks;
	unsigned int		nr_use;		/* of @picks, this measurement */
};

/* The captured call and reply, writable, and where to patch them. */
struct nb_msgs {
	u8		*call;
	unsigned int	call_len;
	u8		*reply;
	unsigned int	reply_len;
	unsigned int	call_sid;	/* offset of the call's sessionid */
	unsigned int	reply_sid;	/* the reply's; its sequenceid follows */
	u8		sid[NFS4_MAX_SESSIONID_LEN];	/* as captured */
	struct xdr_buf	call_buf;
	struct xdr_buf	reply_buf;
	u32		seqid;
};

/* What the measured path leaves, so that the compiler keeps it. */
static unsigned long nb_sink;

static const struct xf_seed *nb_seed(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xf_seeds); i++)
		if (!strcmp(xf_seeds[i].name, name))
			return &xf_seeds[i];
	return NULL;
}

static void nb_buf(struct xdr_buf *buf, u8 *data, unsigned int len)
{
	memset(buf, 0, sizeof(*buf));
	buf->head[0].iov_base = data;
	buf->head[0].iov_len = len;
	buf->len = len;
	buf->buflen = len;
}

static int nb_find(const u8 *hay, unsigned int len, const u8 *needle)
{
	unsigned int i;

	for (i = 0; i + NFS4_MAX_SESSIONID_LEN <= len; i++)
		if (!memcmp(hay + i, needle, NFS4_MAX_SESSIONID_LEN))
			return i;
	return -1;
}

static void nb_msgs_free(struct nb_msgs *m)
{
	kfree(m->call);
	kfree(m->reply);
}

/*
 * The captured SEQUENCE+PUTFH+GETATTR call and its reply, and where each
 * holds the session ID (and the reply its sequence ID after it).
 */
static int nb_msgs_init(struct nb_msgs *m)
{
	const struct xf_seed *c = nb_seed("call_linux_sequence_putfh_getattr");
	const struct xf_seed *r = nb_seed("reply_linux_sequence_putfh_getattr");
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	int off;

	memset(m, 0, sizeof(*m));
	if (!c || !r)
		return -ENOENT;
	m->call = kmemdup(c->data, c->len, GFP_KERNEL);
	m->reply = kmemdup(r->data, r->len, GFP_KERNEL);
	if (!m->call || !m->reply)
		goto out_nomem;
	m->call_len = c->len;
	m->reply_len = r->len;
	nb_buf(&m->call_buf, m->call, m->call_len);
	nb_buf(&m->reply_buf, m->reply, m->reply_len);

	if (nfs41conn_peek_call(&m->call_buf, &call) !=
	    NFS41CONN_PEEK_COMPOUND41 || call.nr_peeked < 1 ||
	    call.op[0].opnum != OP_SEQUENCE)
		goto out_inval;
	memcpy(m->sid, call.op[0].sequence.sessionid, sizeof(m->sid));
	off = nb_find(m->call, m->call_len, m->sid);
	if (off < 0)
		goto out_inval;
	m->call_sid = off;
	if (nfs41conn_peek_reply(&m->reply_buf, &reply) !=
	    NFS41CONN_PEEK_COMPOUND41 || reply.nr_peeked < 1 ||
	    reply.res[0].opnum != OP_SEQUENCE || reply.res[0].status)
		goto out_inval;
	off = nb_find(m->reply, m->reply_len, m->sid);
	if (off < 0 || off + NFS4_MAX_SESSIONID_LEN + 4 > m->reply_len ||
	    get_unaligned_be32(m->reply + off + NFS4_MAX_SESSIONID_LEN) !=
	    reply.res[0].sequence.sequenceid)
		goto out_inval;
	m->reply_sid = off;
	m->seqid = reply.res[0].sequence.sequenceid;
	pr_info(NB_PREFIX "msgs call_bytes=%u call_ops=%u reply_bytes=%u\n",
		m->call_len, call.nops, m->reply_len);
	return 0;

out_inval:
	nb_msgs_free(m);
	return -EINVAL;
out_nomem:
	nb_msgs_free(m);
	return -ENOMEM;
}

/* Session @i of every table: the captured ID with @i in its last word. */
static void nb_sid(const struct nb_msgs *m, u32 i, u8 *sid)
{
	memcpy(sid, m->sid, NFS4_MAX_SESSIONID_LEN);
	put_unaligned_be32(i, sid + NFS4_MAX_SESSIONID_LEN - 4);
}

/* The next call is for @pick: its session, and a new sequence ID. */
static __always_inline void nb_patch(struct nb_msgs *m,
				     const struct nb_pick *pick)
{
	u8 *tail = m->reply + m->reply_sid + NFS4_MAX_SESSIONID_LEN;

	put_unaligned_be32(pick->session, m->call + m->call_sid +
			   NFS4_MAX_SESSIONID_LEN - 4);
	put_unaligned_be32(pick->session, tail - 4);
	put_unaligned_be32(++m->seqid ? m->seqid : ++m->seqid, tail);
}

/* The same, in a call peeked already: for the stages after the peek. */
static __always_inline void nb_call_for(struct nfs41conn_call *call,
					const struct nb_pick *pick)
{
	put_unaligned_be32(pick->session, call->op[0].sequence.sessionid +
			   NFS4_MAX_SESSIONID_LEN - 4);
}

static u32 nb_random(u64 *state)
{
	/* xorshift64*: the same draw every run. */
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return (*state * 0x2545f4914f6cdd1dULL) >> 32;
}

static void nb_point_free(struct nb_point *p, const struct nb_msgs *m)
{
	u8 sid[NFS4_MAX_SESSIONID_LEN];
	u64 t[4];
	unsigned int i;

	/*
	 * One at a time, not nfs41conn_table_destroy() on a full table: that
	 * holds the table's spinlock over all of them.
	 */
	t[0] = ktime_get_ns();
	for (i = 0; i < p->nr_xprts; i++) {
		nfs41conn_xprt_bench_del(p->xprts[i]);
		if (!(i % 1024))
			cond_resched();
	}
	synchronize_rcu();
	for (i = 0; i < p->nr_xprts; i++)
		kfree(p->xprts[i]);
	t[1] = ktime_get_ns();
	for (i = 0; i < p->nr_created; i++) {
		nb_sid(m, i, sid);
		nfs41conn_session_destroy(&p->table, sid);
		if (!(i % 1024))
			cond_resched();
	}
	t[2] = ktime_get_ns();
	for (i = 0; i < p->nr_added; i++) {
		nfs41conn_conn_remove(&p->table, p->conns[i]);
		nfs41conn_conn_put(p->conns[i]);
		if (!(i % 1024))
			cond_resched();
	}
	t[3] = ktime_get_ns();
	if (p->nr_conns)
		pr_info(NB_PREFIX "freed conns=%u sessions=%u xprts_ms=%llu sessions_ms=%llu conns_ms=%llu\n",
			p->nr_conns, p->nr_sessions,
			div_u64(t[1] - t[0], NSEC_PER_MSEC),
			div_u64(t[2] - t[1], NSEC_PER_MSEC),
			div_u64(t[3] - t[2], NSEC_PER_MSEC));
	if (p->table_ready)
		nfs41conn_table_destroy(&p->table);
	kvfree(p->conns);
	kvfree(p->xprts);
	kvfree(p->picks);
	memset(p, 0, sizeof(*p));
}

/* Free memory, and slab, in bytes, now. */
struct nb_mem {
	long	free;
	long	slab;
};

static struct nb_mem nb_mem_now(void)
{
	struct nb_mem now;

	/* Let RCU free what it is to free, from earlier points. */
	rcu_barrier();
	now.free = global_zone_page_state(NR_FREE_PAGES) << PAGE_SHIFT;
	now.slab = global_node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B) <<
		   PAGE_SHIFT;
	return now;
}

static void nb_mem_report(const char *what, unsigned int n,
			  struct nb_mem before, struct nb_mem after,
			  size_t object)
{
	long used = before.free - after.free;
	long slab = after.slab - before.slab;

	pr_info(NB_PREFIX "mem what=%s n=%u used_bytes_each=%ld slab_bytes_each=%ld object=%zu cache=kmalloc-%zu\n",
		what, n, n ? used / n : 0, n ? slab / n : 0, object,
		kmalloc_size_roundup(object));
}

/*
 * Build @p: @p->nr_conns connections, @p->nr_sessions sessions; connection
 * i bound (fore) to session i % nr_sessions, the first of each session by
 * CREATE_SESSION, the others by BIND_CONN_TO_SESSION.  With @mem, the
 * memory each step took is reported.
 */
static int nb_point_build(struct nb_point *p, const struct nb_msgs *m,
			  bool mem)
{
	u8 sid[NFS4_MAX_SESSIONID_LEN];
	struct sockaddr_in local, remote;
	struct nb_mem m0, m1, m2, m3, m4;
	u64 rnd = 0x6e66733431636f6eULL;
	u64 t[5];
	unsigned int i, s;
	int err;

	if (!p->nr_conns || !p->nr_sessions)
		return -EINVAL;
	err = nfs41conn_table_init(&p->table);
	if (err)
		return err;
	p->table_ready = true;
	nfs41conn_table_set_max_conns(&p->table, NFS41CONN_MAX_CONNS_LIMIT);
	/* Nothing is ever idle long enough to matter here, but say so. */
	nfs41conn_table_set_evict_idle(&p->table, 0);
	p->conns = kvcalloc(p->nr_conns, sizeof(*p->conns), GFP_KERNEL);
	p->xprts = kvcalloc(p->nr_conns, sizeof(*p->xprts), GFP_KERNEL);
	p->nr_picks = min(p->nr_conns, max3(sample, wide_sample, 1U));
	p->picks = kvcalloc(p->nr_picks, sizeof(*p->picks), GFP_KERNEL);
	if (!p->conns || !p->xprts || !p->picks)
		return -ENOMEM;

	memset(&local, 0, sizeof(local));
	local.sin_family = AF_INET;
	local.sin_port = htons(2049);
	local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	remote = local;

	if (mem)
		m0 = nb_mem_now();
	t[0] = ktime_get_ns();
	for (i = 0; i < p->nr_conns; i++) {
		struct nfs41conn_conn *conn;

		remote.sin_port = htons(1024 + i % 60000);
		conn = nfs41conn_conn_add(&p->table, (struct sockaddr *)&local,
					  (struct sockaddr *)&remote);
		if (IS_ERR(conn))
			return PTR_ERR(conn);
		p->conns[p->nr_added++] = conn;
		if (!(i % 1024))
			cond_resched();
	}
	if (mem)
		m1 = nb_mem_now();
	t[1] = ktime_get_ns();
	for (i = 0; i < p->nr_conns; i++) {
		struct nfs41conn_xprt *nx = kzalloc(sizeof(*nx), GFP_KERNEL);

		if (!nx)
			return -ENOMEM;
		/* A key only: nfs41conn_xprt_find() compares it, nothing more. */
		nx->xprt = (struct svc_xprt *)nx;
		nx->table = &p->table;
		nx->conn = p->conns[i];
		err = nfs41conn_xprt_bench_add(nx);
		if (err) {
			kfree(nx);
			return err;
		}
		p->xprts[p->nr_xprts++] = nx;
		if (!(i % 1024))
			cond_resched();
	}
	if (mem)
		m4 = nb_mem_now();
	t[2] = ktime_get_ns();
	for (s = 0; s < p->nr_sessions; s++) {
		nb_sid(m, s, sid);
		err = nfs41conn_session_create(&p->table, sid, NULL,
					       NFS41CONN_DIR_NONE, 1);
		if (err)
			return err;
		p->nr_created++;
		if (!(s % 1024))
			cond_resched();
	}
	if (mem)
		m2 = nb_mem_now();
	t[3] = ktime_get_ns();
	for (i = 0; i < p->nr_conns; i++) {
		nb_sid(m, i % p->nr_sessions, sid);
		/* As the gate binds: a reservation nfsd's answer commits. */
		err = nfs41conn_reserve(&p->table, p->conns[i], sid);
		if (!err)
			err = nfs41conn_commit(&p->table, p->conns[i], sid,
					       NFS41CONN_DIR_FORE);
		if (err)
			return err < 0 ? err : -EMLINK;
		if (!(i % 1024))
			cond_resched();
	}
	t[4] = ktime_get_ns();
	pr_info(NB_PREFIX "build conns=%u sessions=%u conns_ms=%llu xprts_ms=%llu sessions_ms=%llu binds_ms=%llu\n",
		p->nr_conns, p->nr_sessions,
		div_u64(t[1] - t[0], NSEC_PER_MSEC),
		div_u64(t[2] - t[1], NSEC_PER_MSEC),
		div_u64(t[3] - t[2], NSEC_PER_MSEC),
		div_u64(t[4] - t[3], NSEC_PER_MSEC));
	if (mem) {
		m3 = nb_mem_now();
		nb_mem_report("conn", p->nr_conns, m0, m1,
			      sizeof(struct nfs41conn_conn));
		nb_mem_report("xprt", p->nr_conns, m1, m4,
			      sizeof(struct nfs41conn_xprt));
		nb_mem_report("session", p->nr_sessions, m4, m2,
			      sizeof(struct nfs41conn_session));
		nb_mem_report("binding", p->nr_conns, m2, m3,
			      sizeof(struct nfs41conn_binding));
		rcu_read_lock();
		pr_info(NB_PREFIX "buckets conns=%u sessions=%u bindings=%u entries_conns=%u entries_sessions=%u entries_bindings=%u\n",
			rcu_dereference(p->table.conns.tbl)->size,
			rcu_dereference(p->table.sessions.tbl)->size,
			rcu_dereference(p->table.bindings.tbl)->size,
			atomic_read(&p->table.conns.nelems),
			atomic_read(&p->table.sessions.nelems),
			atomic_read(&p->table.bindings.nelems));
		rcu_read_unlock();
	}

	for (i = 0; i < p->nr_picks; i++) {
		unsigned int c = nb_random(&rnd) % p->nr_conns;

		p->picks[i].key = p->xprts[c]->xprt;
		p->picks[i].conn = p->conns[c];
		p->picks[i].session = c % p->nr_sessions;
	}
	return 0;
}

/* What one measurement of a point gives, in tenths of ns per call. */
struct nb_result {
	u64	stage_harness;
	u64	harness;
	u64	lookup;
	u64	peek_call;
	u64	gate_call;
	u64	reply;
	u64	path;
};

enum nb_stage {
	NB_HARNESS,
	NB_LOOKUP,
	NB_PEEK_CALL,
	NB_GATE_CALL,
	NB_REPLY,
	NB_PATH,
};

/*
 * @n calls through @stage, in tenths of ns per call.  @err is set if
 * the path did not do what a GETATTR on a bound connection does.
 */
static u64 nb_loop(struct nb_point *p, struct nb_msgs *m, enum nb_stage stage,
		   unsigned int n, int *err)
{
	struct nfs41conn_table *table = &p->table;
	struct nfs41conn_xprt *nx;
	struct nfs41conn_reply reply;
	struct nfs41conn_call call;
	struct nfs41conn_gate gate;
	unsigned long sink = 0;
	unsigned int i, k = 0;
	u64 t0, t;

	/* Peeked once, for the stages that start after the peek. */
	if (nfs41conn_peek_call(&m->call_buf, &call) !=
	    NFS41CONN_PEEK_COMPOUND41 ||
	    nfs41conn_peek_reply(&m->reply_buf, &reply) !=
	    NFS41CONN_PEEK_COMPOUND41) {
		*err = -EINVAL;
		return 0;
	}
	nb_call_for(&call, &p->picks[0]);
	nfs41conn_gate_call(table, p->picks[0].conn, &call, &gate);
	if (gate.verdict != NFS41CONN_PASS || gate.reserved) {
		*err = -EPROTO;
		return 0;
	}

	t0 = ktime_get_ns();
	for (i = 0; i < n; i++) {
		const struct nb_pick *pick = &p->picks[k];

		if (++k == p->nr_use)
			k = 0;
		nb_patch(m, pick);
		switch (stage) {
		case NB_HARNESS:
			sink += (unsigned long)pick->key;
			break;
		case NB_LOOKUP:
			sink += (unsigned long)nfs41conn_xprt_find(pick->key);
			break;
		case NB_PEEK_CALL:
			sink += nfs41conn_peek_call(&m->call_buf, &call);
			break;
		case NB_GATE_CALL:
			nb_call_for(&call, pick);
			nfs41conn_gate_call(table, pick->conn, &call, &gate);
			if (unlikely(gate.verdict != NFS41CONN_PASS ||
				     gate.reserved))
				*err = -EPROTO;
			break;
		case NB_REPLY:
			sink += nfs41conn_peek_reply(&m->reply_buf, &reply);
			sink += nfs41conn_reply_needs_call(&reply, &gate);
			nfs41conn_gate_reply(table, pick->conn, NULL, &reply,
					     &gate);
			break;
		case NB_PATH:
			/* nfs41conn_recvfrom() */
			nx = nfs41conn_xprt_find(pick->key);
			if (unlikely(!nx || !nx->conn ||
				     !nfs41conn_conn_call_begin(nx->conn))) {
				*err = -ENOENT;
				break;
			}
			nfs41conn_conn_count(nx->conn, NFS41CONN_CALLS);
			nfs41conn_conn_touch(nx->conn);
			if (unlikely(nfs41conn_peek_call(&m->call_buf, &call) !=
				     NFS41CONN_PEEK_COMPOUND41)) {
				*err = -EINVAL;
				break;
			}
			nfs41conn_gate_call(nx->table, nx->conn, &call, &gate);
			if (unlikely(gate.verdict != NFS41CONN_PASS ||
				     gate.reserved || gate.new_session)) {
				*err = -EPROTO;
				break;
			}
			/* nfs41conn_sendto() */
			nx = nfs41conn_xprt_find(pick->key);
			if (unlikely(!nx ||
				     nfs41conn_peek_reply(&m->reply_buf, &reply) !=
				     NFS41CONN_PEEK_COMPOUND41)) {
				*err = -EINVAL;
				break;
			}
			nfs41conn_gate_reply(nx->table, nx->conn,
					     nfs41conn_reply_needs_call(&reply, &gate) ?
					     &call : NULL, &reply, &gate);
			nfs41conn_conn_call_end(nx->conn);
			sink += gate.resume + gate.held;
			break;
		}
		if (unlikely(*err))
			break;
	}
	t = ktime_get_ns() - t0;
	WRITE_ONCE(nb_sink, nb_sink + sink);
	return div_u64(t * 10, max(n, 1U));
}

/* Tenths of ns per call, the harness's taken off. */
static u64 nb_net(u64 v, u64 harness)
{
	return v > harness ? v - harness : 0;
}

static int nb_measure(struct nb_point *p, struct nb_msgs *m, bool stages,
		      struct nb_result *r)
{
	int err = 0;

	memset(r, 0, sizeof(*r));
	if (stages) {
		r->stage_harness = nb_loop(p, m, NB_HARNESS, stage_iters, &err);
		r->lookup = nb_loop(p, m, NB_LOOKUP, stage_iters, &err);
		r->peek_call = nb_loop(p, m, NB_PEEK_CALL, stage_iters, &err);
		r->gate_call = nb_loop(p, m, NB_GATE_CALL, stage_iters, &err);
		r->reply = nb_loop(p, m, NB_REPLY, stage_iters, &err);
	}
	r->harness = nb_loop(p, m, NB_HARNESS, iters, &err);
	r->path = nb_loop(p, m, NB_PATH, iters, &err);
	/* The harness's share taken off. */
	r->lookup = nb_net(r->lookup, r->stage_harness);
	r->peek_call = nb_net(r->peek_call, r->stage_harness);
	r->gate_call = nb_net(r->gate_call, r->stage_harness);
	r->reply = nb_net(r->reply, r->stage_harness);
	r->path = nb_net(r->path, r->harness);
	return err;
}

/* Tenths printed as "%llu.%u". */
static unsigned long long nb_whole(u64 tenths)
{
	return div_u64(tenths, 10);
}

static unsigned int nb_tenth(u64 tenths)
{
	return do_div(tenths, 10);
}

static bool nb_selected(const char *name)
{
	return !strcmp(run, "all") || !strcmp(run, name);
}

/* Parse @scale into @points; returns how many, or a negative errno. */
static int nb_parse_scale(struct nb_point *points)
{
	const char *s = scale;
	int n = 0;

	while (*s) {
		unsigned int c, ss;
		int used;

		if (n == NB_MAX_POINTS ||
		    sscanf(s, "%u:%u%n", &c, &ss, &used) != 2 || !c || !ss)
			return -EINVAL;
		points[n].nr_conns = c;
		points[n].nr_sessions = ss;
		n++;
		s += used;
		if (*s == ',')
			s++;
		else if (*s)
			return -EINVAL;
	}
	return n ? n : -EINVAL;
}

static void bench_percall(struct kunit *test)
{
	struct nb_point *points;
	struct nb_result r;
	struct nb_msgs m;
	int err;

	if (!nb_selected("percall"))
		kunit_skip(test, "run=%s", run);
	points = kunit_kcalloc(test, NB_MAX_POINTS, sizeof(*points),
			       GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, points);
	KUNIT_ASSERT_GT(test, nb_parse_scale(points), 0);
	KUNIT_ASSERT_EQ(test, nb_msgs_init(&m), 0);
	err = nb_point_build(&points[0], &m, false);
	points[0].nr_use = min(points[0].nr_picks, max(sample, 1U));
	if (!err)
		err = nb_measure(&points[0], &m, true, &r);
	KUNIT_EXPECT_EQ(test, err, 0);
	if (!err)
		pr_info(NB_PREFIX "percall conns=%u sessions=%u iters=%u stage_iters=%u harness_ns=%llu.%u lookup_ns=%llu.%u peek_call_ns=%llu.%u gate_call_ns=%llu.%u reply_ns=%llu.%u path_ns=%llu.%u\n",
			points[0].nr_conns, points[0].nr_sessions, iters,
			stage_iters, nb_whole(r.harness), nb_tenth(r.harness),
			nb_whole(r.lookup), nb_tenth(r.lookup),
			nb_whole(r.peek_call), nb_tenth(r.peek_call),
			nb_whole(r.gate_call), nb_tenth(r.gate_call),
			nb_whole(r.reply), nb_tenth(r.reply),
			nb_whole(r.path), nb_tenth(r.path));
	nb_point_free(&points[0], &m);
	nb_msgs_free(&m);
}

/*
 * The tables of bench_scale, built by the suite's init and freed by its
 * exit: a million connections take minutes to add and to remove in the
 * sanitizer kernel, longer than KUnit gives a case.
 */
static struct nb_point *nb_points;
static int nb_nr_points;
static struct nb_msgs nb_scale_msgs;
static int nb_scale_err;

static void nb_scale_free(void)
{
	int i;

	if (!nb_points)
		return;
	for (i = 0; i < nb_nr_points; i++)
		nb_point_free(&nb_points[i], &nb_scale_msgs);
	kfree(nb_points);
	nb_points = NULL;
	nb_msgs_free(&nb_scale_msgs);
}

static int nb_scale_build(void)
{
	int n, i, big = 0, err;

	nb_points = kcalloc(NB_MAX_POINTS, sizeof(*nb_points), GFP_KERNEL);
	if (!nb_points)
		return -ENOMEM;
	n = nb_parse_scale(nb_points);
	if (n < 0) {
		kfree(nb_points);
		nb_points = NULL;
		return n;
	}
	err = nb_msgs_init(&nb_scale_msgs);
	if (err) {
		kfree(nb_points);
		nb_points = NULL;
		return err;
	}
	nb_nr_points = n;
	/* The memory is measured on the largest, where it is clearest. */
	for (i = 1; i < n; i++)
		if (nb_points[i].nr_conns > nb_points[big].nr_conns)
			big = i;
	for (i = 0; i < n; i++) {
		u64 t0 = ktime_get_ns();

		err = nb_point_build(&nb_points[i], &nb_scale_msgs, i == big);
		pr_info(NB_PREFIX "built conns=%u sessions=%u ms=%llu err=%d\n",
			nb_points[i].nr_conns, nb_points[i].nr_sessions,
			div_u64(ktime_get_ns() - t0, NSEC_PER_MSEC), err);
		if (err)
			return err;
	}
	return 0;
}

/* Whatever fails here, bench_scale reports. */
static int nfs41conn_bench_suite_init(struct kunit_suite *suite)
{
	if (nb_selected("scale"))
		nb_scale_err = nb_scale_build();
	return 0;
}

static void nfs41conn_bench_suite_exit(struct kunit_suite *suite)
{
	nb_scale_free();
}

static void bench_scale(struct kunit *test)
{
	struct nb_result r;
	unsigned int round;
	int n = nb_nr_points, i, err = 0;

	if (!nb_selected("scale"))
		kunit_skip(test, "run=%s", run);
	KUNIT_ASSERT_EQ_MSG(test, nb_scale_err, 0, "building the tables");
	KUNIT_ASSERT_NOT_NULL(test, nb_points);
	for (round = 1; round <= rounds && !err; round++) {
		for (i = 0; i < n * 2 && !err; i++) {
			struct nb_point *p = &nb_points[i % n];
			unsigned int want = i < n ? sample : wide_sample;

			if (!want)
				continue;
			p->nr_use = min(p->nr_picks, want);
			err = nb_measure(p, &nb_scale_msgs, false, &r);
			if (err)
				break;
			pr_info(NB_PREFIX "scale round=%u conns=%u sessions=%u iters=%u sample=%u drawn=%u harness_ns=%llu.%u path_ns=%llu.%u\n",
				round, p->nr_conns, p->nr_sessions, iters,
				want, p->nr_use,
				nb_whole(r.harness), nb_tenth(r.harness),
				nb_whole(r.path), nb_tenth(r.path));
		}
	}
	KUNIT_EXPECT_EQ(test, err, 0);
}

static struct kunit_case nfs41conn_bench_cases[] = {
	KUNIT_CASE(bench_percall),
	KUNIT_CASE(bench_scale),
	{}
};

static struct kunit_suite nfs41conn_bench_suite = {
	.name = "nfs41conn_bench",
	.suite_init = nfs41conn_bench_suite_init,
	.suite_exit = nfs41conn_bench_suite_exit,
	.test_cases = nfs41conn_bench_cases,
};

kunit_test_suites(&nfs41conn_bench_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_DESCRIPTION("Micro-benchmark of nfs41conn's per-call path (make bench)");
MODULE_LICENSE("GPL");
