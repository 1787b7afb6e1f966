// SPDX-License-Identifier: GPL-2.0
/*
 * nfs41conn: NFSv4.1 connection management for knfsd.
 *
 * Operation:
 *
 * Module entry and exit.  Each network namespace gets its own binding
 * table when it is created, and loses it when it goes away; the transport
 * class is registered once the tables exist and withdrawn before they go.
 *
 * The module parameters are the values a namespace's net.nfs41conn.*
 * sysctls start with: those of init_net when the module loads, those of
 * every namespace created later while the module is loaded.  Changing a
 * parameter afterwards (/sys/module/nfs41conn/parameters/) changes no
 * existing namespace.  They are bounded like the sysctls.
 */

#include <linux/moduleparam.h>
#include <linux/module.h>
#include <net/net_namespace.h>

#include <nfs41conn/netns.h>
#include <nfs41conn/xprt.h>

unsigned int nfs41conn_net_id __read_mostly;

static unsigned int nfs41conn_param_max_conns = NFS41CONN_DEFAULT_MAX_CONNS;
static unsigned int nfs41conn_param_evict_idle = NFS41CONN_DEFAULT_EVICT_IDLE_MS;
static unsigned int nfs41conn_param_drain_close_idle =
	NFS41CONN_DEFAULT_DRAIN_CLOSE_IDLE_MS;

static int nfs41conn_param_set_max_conns(const char *val,
					 const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, NFS41CONN_MAX_CONNS_LIMIT);
}

static const struct kernel_param_ops nfs41conn_param_max_conns_ops = {
	.set	= nfs41conn_param_set_max_conns,
	.get	= param_get_uint,
};

static int nfs41conn_param_set_evict_idle(const char *val,
					  const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 0, NFS41CONN_EVICT_IDLE_MAX_MS);
}

static const struct kernel_param_ops nfs41conn_param_evict_idle_ops = {
	.set	= nfs41conn_param_set_evict_idle,
	.get	= param_get_uint,
};

static int nfs41conn_param_set_drain_close_idle(const char *val,
						const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 0,
				     NFS41CONN_DRAIN_CLOSE_IDLE_MAX_MS);
}

static const struct kernel_param_ops nfs41conn_param_drain_close_idle_ops = {
	.set	= nfs41conn_param_set_drain_close_idle,
	.get	= param_get_uint,
};

module_param_cb(max_conns_per_session, &nfs41conn_param_max_conns_ops,
		&nfs41conn_param_max_conns, 0644);
MODULE_PARM_DESC(max_conns_per_session,
		 "Initial net.nfs41conn.max_conns_per_session of each network namespace (1-1024, default 16)");
module_param_cb(evict_idle_ms, &nfs41conn_param_evict_idle_ops,
		&nfs41conn_param_evict_idle, 0644);
MODULE_PARM_DESC(evict_idle_ms,
		 "Initial net.nfs41conn.evict_idle_ms of each network namespace (0-3600000, 0: never evict, default 2000)");
module_param_cb(drain_close_idle_ms, &nfs41conn_param_drain_close_idle_ops,
		&nfs41conn_param_drain_close_idle, 0644);
MODULE_PARM_DESC(drain_close_idle_ms,
		 "Initial net.nfs41conn.drain_close_idle_ms of each network namespace (0-3600000, 0: never close, default 5000)");

static int __net_init nfs41conn_net_init(struct net *net)
{
	struct nfs41conn_net *nn = nfs41conn_net(net);
	int err;

	err = nfs41conn_table_init(&nn->table);
	if (err)
		return err;
	nn->table.netns_ino = net->ns.inum;
	/* Parameters are written under kernel_param_lock(); a torn read
	 * cannot happen for an unsigned int, a stale one does no harm.
	 */
	nfs41conn_table_set_max_conns(&nn->table,
				      READ_ONCE(nfs41conn_param_max_conns));
	nfs41conn_table_set_evict_idle(&nn->table,
				       READ_ONCE(nfs41conn_param_evict_idle));
	nn->drain_close_idle_ms = READ_ONCE(nfs41conn_param_drain_close_idle);
	nfs41conn_drain_close_init(nn);
	nfs41conn_rotate_init(nn);
	atomic_set(&nn->nr_listeners, 0);
	err = nfs41conn_sysctl_register(net);
	if (err)
		goto out_table;
	err = nfs41conn_proc_register(net);
	if (err)
		goto out_sysctl;
	return 0;

out_sysctl:
	nfs41conn_sysctl_unregister(net);
	/* A sysctl write may have kicked it meanwhile. */
	nfs41conn_drain_close_stop(nn);
	nfs41conn_rotate_stop(nn);
out_table:
	nfs41conn_table_destroy(&nn->table);
	return err;
}

static void __net_exit nfs41conn_net_exit(struct net *net)
{
	nfs41conn_proc_unregister(net);
	nfs41conn_sysctl_unregister(net);
	/* Nothing kicks them any more; they may be running still. */
	nfs41conn_drain_close_stop(nfs41conn_net(net));
	nfs41conn_rotate_stop(nfs41conn_net(net));
	nfs41conn_table_destroy(&nfs41conn_net(net)->table);
}

static struct pernet_operations nfs41conn_net_ops = {
	.init	= nfs41conn_net_init,
	.exit	= nfs41conn_net_exit,
	.id	= &nfs41conn_net_id,
	.size	= sizeof(struct nfs41conn_net),
};

static int __init nfs41conn_init(void)
{
	int err;

	err = register_pernet_subsys(&nfs41conn_net_ops);
	if (err)
		return err;
	err = nfs41conn_xprt_register();
	if (err)
		unregister_pernet_subsys(&nfs41conn_net_ops);
	return err;
}

static void __exit nfs41conn_exit(void)
{
	nfs41conn_xprt_unregister();
	unregister_pernet_subsys(&nfs41conn_net_ops);
}

module_init(nfs41conn_init);
module_exit(nfs41conn_exit);

MODULE_DESCRIPTION("NFSv4.1 connection management (RFC 8881 2.10.3) for knfsd");
MODULE_AUTHOR("The nfs41conn developers");
MODULE_LICENSE("GPL");
/* The one version: the Makefile, dkms.conf and debian/ read it here. */
MODULE_VERSION("0.1.0");
