/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per network namespace state of nfs41conn.
 */
#ifndef _NFS41CONN_NETNS_H
#define _NFS41CONN_NETNS_H

#include <linux/time64.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include <nfs41conn/table.h>

struct nfs41conn_net {
	struct nfs41conn_table		table;
	struct ctl_table_header		*sysctl;	/* net.nfs41conn.* */
	struct proc_dir_entry		*proc;		/* /proc/net/nfs41conn */
};

/* Highest net.nfs41conn.evict_idle_ms (and evict_idle_ms parameter). */
#define NFS41CONN_EVICT_IDLE_MAX_MS	(3600U * MSEC_PER_SEC)

extern unsigned int nfs41conn_net_id;

static inline struct nfs41conn_net *nfs41conn_net(const struct net *net)
{
	return net_generic(net, nfs41conn_net_id);
}

int nfs41conn_sysctl_register(struct net *net);
void nfs41conn_sysctl_unregister(struct net *net);
int nfs41conn_proc_register(struct net *net);
void nfs41conn_proc_unregister(struct net *net);

#endif /* _NFS41CONN_NETNS_H */
