/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per network namespace state of nfs41conn.
 */
#ifndef _NFS41CONN_NETNS_H
#define _NFS41CONN_NETNS_H

#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include <nfs41conn/table.h>

struct nfs41conn_net {
	struct nfs41conn_table	table;
};

extern unsigned int nfs41conn_net_id;

static inline struct nfs41conn_net *nfs41conn_net(const struct net *net)
{
	return net_generic(net, nfs41conn_net_id);
}

#endif /* _NFS41CONN_NETNS_H */
