// SPDX-License-Identifier: GPL-2.0
/*
 * register_net_sysctl_sz() takes the table's size (v6.6).  Before: the
 * table ends with an empty entry.
 */
#include <linux/sysctl.h>
#include <net/net_namespace.h>

struct ctl_table_header *nfs41conn_probe(struct net *net,
					 struct ctl_table *table);
struct ctl_table_header *nfs41conn_probe(struct net *net,
					 struct ctl_table *table)
{
	return register_net_sysctl_sz(net, "net/nfs41conn", table, 1);
}
