// SPDX-License-Identifier: GPL-2.0
/*
 * nfs41conn: NFSv4.1 connection management for knfsd.
 *
 * Operation:
 *
 * Module entry and exit.  Each network namespace gets its own binding
 * table when it is created, and loses it when it goes away; the transport
 * class is registered once the tables exist and withdrawn before they go.
 */

#include <linux/module.h>
#include <net/net_namespace.h>

#include <nfs41conn/netns.h>
#include <nfs41conn/xprt.h>

unsigned int nfs41conn_net_id __read_mostly;

static int __net_init nfs41conn_net_init(struct net *net)
{
	struct nfs41conn_net *nn = nfs41conn_net(net);
	int err;

	err = nfs41conn_table_init(&nn->table);
	if (err)
		return err;
	err = nfs41conn_sysctl_register(net);
	if (err)
		goto out_table;
	err = nfs41conn_proc_register(net);
	if (err)
		goto out_sysctl;
	return 0;

out_sysctl:
	nfs41conn_sysctl_unregister(net);
out_table:
	nfs41conn_table_destroy(&nn->table);
	return err;
}

static void __net_exit nfs41conn_net_exit(struct net *net)
{
	nfs41conn_proc_unregister(net);
	nfs41conn_sysctl_unregister(net);
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
