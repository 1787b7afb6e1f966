// SPDX-License-Identifier: GPL-2.0
/*
 * The "nfs41conn" sunrpc transport class.
 *
 * Operation:
 *
 * nfsd creates a listener of class "nfs41conn" when "nfs41conn <port>" is
 * written to /proc/fs/nfsd/portlist.  nfs41conn_create() has sunrpc's own
 * TCP transport create the listener, then adopts it: the transport's class
 * becomes nfs41conn_class and its ops nfs41conn_xprt_ops, whose methods
 * call the TCP ones.  nfs41conn_accept() adopts each accepted connection
 * the same way, and records it in its network namespace's binding table:
 * that is where a connection gets its ID.  From then on sunrpc calls
 *
 *   nfs41conn_recvfrom() (recvfrom.c) for each call received,
 *   nfs41conn_sendto() (sendto.c) for each reply,
 *   nfs41conn_detach() when the connection closes: it leaves the table,
 *   nfs41conn_free() when sunrpc drops its last reference.
 *
 * The class says XPRT_TRANSPORT_TCP, so that nfsd sets up NFSv4.1 back
 * channels over these connections as it does over "tcp" ones.
 *
 * svcsock's TCP ops are not exported.  nfs41conn_xprt_register() finds
 * them once, by creating an anonymous TCP listener on an ephemeral port in
 * a private svc_serv and reading its xpt_ops, then destroying it.  The
 * class's ops are a copy of them with the module's methods over those it
 * wraps: whatever else the TCP transport has is inherited as it is.
 */

#include <linux/module.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/sunrpc/svc.h>
#include <linux/sunrpc/svcsock.h>
#include <linux/sunrpc/xprt.h>
#include <net/sock.h>

#include <nfs41conn/compat.h>
#include <nfs41conn/netns.h>
#include <nfs41conn/xprt.h>

#include "trace.h"

const struct svc_xprt_ops *nfs41conn_tcp_ops __read_mostly;

/*
 * Every adopted transport, by svc_xprt address: the way from the svc_xprt
 * that sunrpc hands each method to nfs41conn's state, on every call and
 * reply.  svc_xprt has no field for a transport class's own data, and
 * svcsock allocates the svc_sock that holds it, so the state cannot be
 * reached by container_of(): a resizable hash keeps the lookup one short
 * chain whatever the number of connections.
 */
static struct rhashtable nfs41conn_xprts;

static const struct rhashtable_params nfs41conn_xprt_params = {
	.key_len		= sizeof_field(struct nfs41conn_xprt, xprt),
	.key_offset		= offsetof(struct nfs41conn_xprt, xprt),
	.head_offset		= offsetof(struct nfs41conn_xprt, hash),
	.automatic_shrinking	= true,
};

/* Guards nfs41conn_conn::transport: see nfs41conn_conn_xprt(). */
static DEFINE_SPINLOCK(nfs41conn_xprt_lock);

/**
 * nfs41conn_xprt_find - nfs41conn's state of a transport
 * @xprt: a transport of class "nfs41conn"
 *
 * Return: the state, valid until @xprt's xpo_free; NULL only for a
 * transport of another class, or one adopted without state.
 */
struct nfs41conn_xprt *nfs41conn_xprt_find(const struct svc_xprt *xprt)
{
	struct nfs41conn_xprt *nx;

	/* RCU for the walk; @xprt, referenced, keeps what it finds. */
	rcu_read_lock();
	nx = rhashtable_lookup(&nfs41conn_xprts, &xprt, nfs41conn_xprt_params);
	rcu_read_unlock();
	return nx;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_xprt_find);

#if IS_ENABLED(CONFIG_KUNIT)
/*
 * For the benchmark of make bench (kunit/bench_test.c), which times
 * nfs41conn_xprt_find() among as many transports as it has states for:
 * record and forget a state whose @xprt is only a key, never a transport.
 * Nothing else calls them, and only a kernel with KUnit has them.
 */
int nfs41conn_xprt_bench_add(struct nfs41conn_xprt *nx)
{
	return rhashtable_insert_fast(&nfs41conn_xprts, &nx->hash,
				      nfs41conn_xprt_params);
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_xprt_bench_add);

void nfs41conn_xprt_bench_del(struct nfs41conn_xprt *nx)
{
	rhashtable_remove_fast(&nfs41conn_xprts, &nx->hash,
			       nfs41conn_xprt_params);
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_xprt_bench_del);
#endif

/*
 * The transport of @conn, with a reference, or NULL once it is freed.
 * Under the lock, not RCU: RCU keeps the nfs41conn_xprt, not the svc_xprt,
 * which svcsock frees at once.  nfs41conn_free() clears conn->transport
 * under the lock before that, so a transport found here is still there.
 */
static struct svc_xprt *nfs41conn_conn_xprt(struct nfs41conn_conn *conn)
{
	struct svc_xprt *xprt = NULL;
	struct nfs41conn_xprt *nx;

	spin_lock(&nfs41conn_xprt_lock);
	nx = conn->transport;
	if (nx && kref_get_unless_zero(&nx->xprt->xpt_ref))
		xprt = nx->xprt;
	spin_unlock(&nfs41conn_xprt_lock);
	return xprt;
}

/**
 * nfs41conn_xprt_close_conn - close the transport of a connection
 * @conn: a connection the caller holds a reference to
 *
 * For connections taken out of the table by rotation or the drain close.
 */
void nfs41conn_xprt_close_conn(struct nfs41conn_conn *conn)
{
	struct svc_xprt *xprt = nfs41conn_conn_xprt(conn);

	if (!xprt)
		return;
	svc_xprt_deferred_close(xprt);
	svc_xprt_put(xprt);
}

/**
 * nfs41conn_xprt_resume - the calls of a connection may be read again
 * @conn: a connection the caller holds a reference to, no longer held
 *
 * Its transport is enqueued, and sunrpc reads what waited in its socket.
 */
void nfs41conn_xprt_resume(struct nfs41conn_conn *conn)
{
	struct svc_xprt *xprt = nfs41conn_conn_xprt(conn);

	if (!xprt)
		return;
	svc_xprt_enqueue(xprt);
	svc_xprt_put(xprt);
}

/**
 * nfs41conn_xprt_may_close - may a connection be closed to make room?
 * @conn: a connection in its table, whose table lock the caller holds
 *
 * Not while its transport holds part of a record, received or still in the
 * socket: the client would have to send it again.  Reads the TCP
 * transport's state without its lock; the answer is advisory, the close
 * itself waits for no call in progress (nfs41conn_conn_stop_calls()).
 * Does not sleep.
 *
 * Return: true if the transport holds nothing unread.
 */
bool nfs41conn_xprt_may_close(struct nfs41conn_conn *conn)
{
	/*
	 * @conn is in the table, so nfs41conn_free() has not removed it yet
	 * and the transport is not freed: it waits for the table lock.
	 */
	struct nfs41conn_xprt *nx = READ_ONCE(conn->transport);
	struct svc_sock *svsk;

	if (!nx)
		return false;
	svsk = container_of(nx->xprt, struct svc_sock, sk_xprt);
	return !READ_ONCE(svsk->sk_tcplen) &&
	       skb_queue_empty_lockless(&svsk->sk_sk->sk_receive_queue);
}

/*
 * The class's methods: sunrpc's TCP ones, with the module's over those it
 * wraps (nfs41conn_wrap_tcp_ops()), so that a method a newer kernel adds
 * to the TCP transport is inherited, not left NULL.  Written once, at load.
 */
static struct svc_xprt_ops nfs41conn_xprt_ops __ro_after_init;
static struct svc_xprt_class nfs41conn_class;

/*
 * Record @nx, the state of @xprt, so that nfs41conn_xprt_find() finds it,
 * and give @conn (if any) its way back to the transport.
 *
 * Return: 0, or a negative errno from the hash (-ENOMEM): nothing is
 * recorded then.
 */
static int nfs41conn_xprt_insert(struct svc_xprt *xprt,
				 struct nfs41conn_xprt *nx,
				 struct nfs41conn_conn *conn)
{
	int err;

	nx->xprt = xprt;
	nx->table = &nfs41conn_net(xprt->xpt_net)->table;
	nx->conn = conn;
	err = rhashtable_insert_fast(&nfs41conn_xprts, &nx->hash,
				     nfs41conn_xprt_params);
	if (err)
		return err;
	if (conn) {
		spin_lock(&nfs41conn_xprt_lock);
		WRITE_ONCE(conn->transport, nx);
		spin_unlock(&nfs41conn_xprt_lock);
	}
	return 0;
}

/*
 * Make @xprt a transport of class nfs41conn.  Without state recorded for
 * it (no memory for it) every method only calls the TCP one.
 */
static void nfs41conn_adopt(struct svc_xprt *xprt)
{
	/*
	 * Safe: a new transport is XPT_BUSY until its creator calls
	 * svc_xprt_received(), so no thread uses its ops before this.  The
	 * reference on this module that svc_xprt_free() drops was taken for
	 * nfs41conn_class by _svc_xprt_create() or svc_handle_xprt().
	 */
	xprt->xpt_class = &nfs41conn_class;
	xprt->xpt_ops = &nfs41conn_xprt_ops;
}

/*
 * Undo the TCP transport's xpo_create: @xprt, not adopted, was never
 * seen by sunrpc.  Detached and put as svc_delete_xprt() would; the
 * reference on its class's owner that svc_xprt_free() drops is taken
 * here, as _svc_xprt_create() took one for nfs41conn_class, which it
 * drops itself when create fails.
 */
static void nfs41conn_discard(struct svc_xprt *xprt)
{
	nfs41conn_tcp_ops->xpo_detach(xprt);
	__module_get(xprt->xpt_class->xcl_owner);
	svc_xprt_put(xprt);
}

static struct svc_xprt *nfs41conn_create(struct svc_serv *serv,
					 struct net *net,
					 struct sockaddr *sa, int salen,
					 int flags)
{
	struct nfs41conn_xprt *nx;
	struct svc_xprt *xprt;
	int err;

	nx = kzalloc(sizeof(*nx), GFP_KERNEL);
	if (!nx)
		return ERR_PTR(-ENOMEM);
	xprt = nfs41conn_tcp_ops->xpo_create(serv, net, sa, salen, flags);
	if (IS_ERR(xprt)) {
		kfree(nx);
		return xprt;
	}
	nx->listener = true;
	err = nfs41conn_xprt_insert(xprt, nx, NULL);
	if (err) {
		nfs41conn_discard(xprt);
		kfree(nx);
		return ERR_PTR(err);
	}
	atomic_inc(&nfs41conn_net(net)->nr_listeners);
	nfs41conn_adopt(xprt);
	return xprt;
}

static struct svc_xprt *nfs41conn_accept(struct svc_xprt *listener)
{
	struct nfs41conn_table *table;
	struct nfs41conn_conn *conn;
	struct nfs41conn_xprt *nx;
	struct svc_xprt *xprt;
	int err;

	xprt = nfs41conn_tcp_ops->xpo_accept(listener);
	if (!xprt)
		return NULL;
	/*
	 * Accepted first: a connection left queued for want of memory would
	 * have the listener polled again at once, in a loop.  One the table
	 * does not know could not be gated: without memory it is closed
	 * instead, and the client reconnects.
	 */
	nx = kzalloc(sizeof(*nx), GFP_KERNEL);
	if (!nx) {
		err = -ENOMEM;
		goto out_close;
	}
	table = &nfs41conn_net(xprt->xpt_net)->table;
	conn = nfs41conn_conn_add(table, (struct sockaddr *)&xprt->xpt_local,
				  (struct sockaddr *)&xprt->xpt_remote);
	if (IS_ERR(conn)) {
		err = PTR_ERR(conn);
		goto out_free;
	}
	err = nfs41conn_xprt_insert(xprt, nx, conn);
	if (err) {
		nfs41conn_conn_remove(table, conn);
		nfs41conn_conn_put(conn);
		goto out_free;
	}
	trace_nfs41conn_accept(xprt->xpt_net->ns.inum, conn->id,
			       &xprt->xpt_local, &xprt->xpt_remote, 0);
	nfs41conn_adopt(xprt);
	return xprt;

out_free:
	kfree(nx);
out_close:
	trace_nfs41conn_accept(xprt->xpt_net->ns.inum, 0, &xprt->xpt_local,
			       &xprt->xpt_remote, err);
	pr_warn_ratelimited("nfs41conn: closing connection from %s: %d\n",
			    xprt->xpt_remotebuf, err);
	set_bit(XPT_CLOSE, &xprt->xpt_flags);
	nfs41conn_adopt(xprt);
	return xprt;
}

static void nfs41conn_detach(struct svc_xprt *xprt)
{
	struct nfs41conn_xprt *nx = nfs41conn_xprt_find(xprt);

	nfs41conn_tcp_ops->xpo_detach(xprt);
	if (nx && nx->conn) {
		/* Before it leaves the table: an evicted one has already. */
		trace_nfs41conn_close(nx->conn);
		nfs41conn_conn_remove(nx->table, nx->conn);
	}
}

static void nfs41conn_free(struct svc_xprt *xprt)
{
	struct nfs41conn_xprt *nx = nfs41conn_xprt_find(xprt);
	struct nfs41conn_net *nn;

	if (!nx) {
		nfs41conn_tcp_ops->xpo_free(xprt);
		return;
	}
	rhashtable_remove_fast(&nfs41conn_xprts, &nx->hash,
			       nfs41conn_xprt_params);
	if (nx->conn) {
		spin_lock(&nfs41conn_xprt_lock);
		WRITE_ONCE(nx->conn->transport, NULL);
		spin_unlock(&nfs41conn_xprt_lock);
	}
	/*
	 * Normally done by detach; free without detach is possible.  Before
	 * the TCP transport goes: nfs41conn_xprt_may_close() relies on it.
	 */
	if (nx->conn)
		nfs41conn_conn_remove(nx->table, nx->conn);
	nfs41conn_tcp_ops->xpo_free(xprt);
	if (nx->conn)
		nfs41conn_conn_put(nx->conn);
	/*
	 * nfsd stopped serving the namespace through nfs41conn: it destroys
	 * its sessions when it stops, and its versions may change before it
	 * starts again.
	 */
	nn = container_of(nx->table, struct nfs41conn_net, table);
	if (nx->listener && atomic_dec_and_test(&nn->nr_listeners))
		nfs41conn_forget_sessions(nx->table);
	kfree_rcu(nx, rcu);
}

/*
 * A held connection (one bound beyond a session's limit) reports no room:
 * svc_xprt_enqueue() then leaves it alone, and no call is read from it
 * until nfs41conn_xprt_resume().
 */
static int nfs41conn_has_wspace(struct svc_xprt *xprt)
{
	struct nfs41conn_xprt *nx = nfs41conn_xprt_find(xprt);

	if (nx && nx->conn && nfs41conn_conn_held(nx->conn))
		return 0;
	return nfs41conn_tcp_ops->xpo_has_wspace(xprt);
}

static struct svc_xprt_class nfs41conn_class = {
	.xcl_name		= "nfs41conn",
	.xcl_owner		= THIS_MODULE,
	.xcl_ops		= &nfs41conn_xprt_ops,
	.xcl_max_payload	= RPCSVC_MAXPAYLOAD_TCP,
	.xcl_ident		= XPRT_TRANSPORT_TCP,
};

/* The private service used once to reach svcsock's TCP ops. */
static int nfs41conn_probe_rpcbind_set(struct net *net,
				       const struct svc_program *progp,
				       u32 version, int family,
				       unsigned short proto,
				       unsigned short port)
{
	return 0;
}

static struct svc_program nfs41conn_probe_program = {
	.pg_name		= "nfs41conn-probe",
	.pg_class		= "nfs41conn-probe",
	.pg_rpcbind_set		= nfs41conn_probe_rpcbind_set,
};

static int nfs41conn_probe_threadfn(void *data)
{
	return 0;
}

/*
 * The TCP methods the module's own call: without any of them it cannot
 * work, and refuses to load.
 */
static const char *nfs41conn_tcp_missing(const struct svc_xprt_ops *ops)
{
	if (!ops->xpo_create)
		return "xpo_create";
	if (!ops->xpo_accept)
		return "xpo_accept";
	if (!ops->xpo_has_wspace)
		return "xpo_has_wspace";
	if (!ops->xpo_recvfrom)
		return "xpo_recvfrom";
	if (!ops->xpo_sendto)
		return "xpo_sendto";
	if (!ops->NFS41CONN_TCP_RELEASE)
		return __stringify(NFS41CONN_TCP_RELEASE);
	if (!ops->xpo_detach)
		return "xpo_detach";
	if (!ops->xpo_free)
		return "xpo_free";
	return NULL;
}

/* Build nfs41conn_xprt_ops over sunrpc's TCP @ops. */
static int nfs41conn_wrap_tcp_ops(const struct svc_xprt_ops *ops)
{
	const char *missing = nfs41conn_tcp_missing(ops);

	if (missing) {
		pr_err("nfs41conn: sunrpc's TCP transport has no %s: cannot wrap it\n",
		       missing);
		return -EOPNOTSUPP;
	}
	nfs41conn_tcp_ops = ops;
	nfs41conn_xprt_ops = *ops;
	nfs41conn_xprt_ops.xpo_create = nfs41conn_create;
	nfs41conn_xprt_ops.xpo_accept = nfs41conn_accept;
	nfs41conn_xprt_ops.xpo_has_wspace = nfs41conn_has_wspace;
	nfs41conn_xprt_ops.xpo_recvfrom = nfs41conn_recvfrom;
	nfs41conn_xprt_ops.xpo_sendto = nfs41conn_sendto;
	nfs41conn_set_release(&nfs41conn_xprt_ops, nfs41conn_release_ctxt);
	nfs41conn_xprt_ops.xpo_detach = nfs41conn_detach;
	nfs41conn_xprt_ops.xpo_free = nfs41conn_free;
	return 0;
}

static int nfs41conn_find_tcp_ops(void)
{
	const struct svc_xprt_ops *ops = NULL;
	struct svc_serv *serv;
	struct svc_xprt *xprt;
	int err;

	serv = svc_create(&nfs41conn_probe_program, PAGE_SIZE,
			  nfs41conn_probe_threadfn);
	if (!serv)
		return -ENOMEM;
	err = svc_xprt_create(serv, "tcp", &init_net, PF_INET, 0,
			      SVC_SOCK_ANONYMOUS, current_cred());
	if (err < 0)
		goto out_destroy;
	xprt = svc_find_xprt(serv, "tcp", &init_net, AF_INET, 0);
	if (xprt) {
		ops = xprt->xpt_ops;
		svc_xprt_put(xprt);
	}
	err = ops ? nfs41conn_wrap_tcp_ops(ops) : -ENOENT;
out_destroy:
	svc_xprt_destroy_all(serv, &init_net);
	nfs41conn_svc_destroy(&serv);
	return err;
}

/**
 * nfs41conn_xprt_register - make the "nfs41conn" class available to nfsd
 *
 * Return: 0, or a negative errno.
 */
int nfs41conn_xprt_register(void)
{
	int err;

	err = nfs41conn_find_tcp_ops();
	if (err) {
		pr_err("nfs41conn: cannot reach sunrpc's TCP transport: %d\n",
		       err);
		return err;
	}
	err = rhashtable_init(&nfs41conn_xprts, &nfs41conn_xprt_params);
	if (err)
		return err;
	err = svc_reg_xprt_class(&nfs41conn_class);
	if (err)
		rhashtable_destroy(&nfs41conn_xprts);
	return err;
}

/**
 * nfs41conn_xprt_unregister - withdraw the "nfs41conn" class
 *
 * Every transport of the class holds a reference on this module, so none
 * exists any more when the module is unloaded, and the hash is empty.
 */
void nfs41conn_xprt_unregister(void)
{
	svc_unreg_xprt_class(&nfs41conn_class);
	rhashtable_destroy(&nfs41conn_xprts);
}
