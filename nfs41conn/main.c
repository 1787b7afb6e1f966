// SPDX-License-Identifier: GPL-2.0
/*
 * nfs41conn: NFSv4.1 connection management for knfsd.
 *
 * Operation:
 *
 * Module entry and exit.  Each network namespace gets its own binding
 * table when it is created, and loses it when it goes away.
 */

#include <linux/module.h>
#include <net/net_namespace.h>

#include <nfs41conn/netns.h>

unsigned int nfs41conn_net_id __read_mostly;

static int __net_init nfs41conn_net_init(struct net *net)
{
	return nfs41conn_table_init(&nfs41conn_net(net)->table);
}

static void __net_exit nfs41conn_net_exit(struct net *net)
{
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
	return register_pernet_subsys(&nfs41conn_net_ops);
}

static void __exit nfs41conn_exit(void)
{
	unregister_pernet_subsys(&nfs41conn_net_ops);
}

module_init(nfs41conn_init);
module_exit(nfs41conn_exit);

MODULE_DESCRIPTION("NFSv4.1 connection management (RFC 8881 2.10.3) for knfsd");
MODULE_AUTHOR("The nfs41conn developers");
MODULE_LICENSE("GPL");
