/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per network namespace state of nfs41conn.
 */
#ifndef _NFS41CONN_NETNS_H
#define _NFS41CONN_NETNS_H

#include <linux/time64.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include <nfs41conn/table.h>

struct nfs41conn_net {
	struct nfs41conn_table		table;
	struct ctl_table_header		*sysctl;	/* net.nfs41conn.* */
	struct proc_dir_entry		*proc;		/* /proc/net/nfs41conn */
	/* Closes draining connections once idle: nfs41conn/drain.c */
	struct delayed_work		drain_close;
	/* Idle time after which it closes one, in ms; 0: never. */
	unsigned int			drain_close_idle_ms;	/* READ_ONCE */
	/* Admits connections held beyond a limit: nfs41conn/rotate.c */
	struct delayed_work		rotate;
	/* nfs41conn listeners of the namespace: nfs41conn/transport.c */
	atomic_t			nr_listeners;
};

/*
 * Default idle time after which a draining connection is closed, in ms:
 * below the 15 s a Linux client waits before retrying a call refused with
 * NFS4ERR_DELAY, so that a connection whose only traffic is such a retry
 * is closed between two of them.
 */
#define NFS41CONN_DEFAULT_DRAIN_CLOSE_IDLE_MS	5000

/* Highest net.nfs41conn.evict_idle_ms (and evict_idle_ms parameter). */
#define NFS41CONN_EVICT_IDLE_MAX_MS	(3600U * MSEC_PER_SEC)
/* Highest net.nfs41conn.drain_close_idle_ms (and its parameter). */
#define NFS41CONN_DRAIN_CLOSE_IDLE_MAX_MS	(3600U * MSEC_PER_SEC)

extern unsigned int nfs41conn_net_id;

static inline struct nfs41conn_net *nfs41conn_net(const struct net *net)
{
	return net_generic(net, nfs41conn_net_id);
}

int nfs41conn_sysctl_register(struct net *net);
void nfs41conn_sysctl_unregister(struct net *net);
int nfs41conn_proc_register(struct net *net);
void nfs41conn_proc_unregister(struct net *net);
void nfs41conn_drain_close_init(struct nfs41conn_net *nn);
void nfs41conn_drain_close_kick(struct nfs41conn_net *nn);
void nfs41conn_drain_close_stop(struct nfs41conn_net *nn);
void nfs41conn_rotate_init(struct nfs41conn_net *nn);
void nfs41conn_rotate_kick(struct nfs41conn_net *nn);
void nfs41conn_rotate_stop(struct nfs41conn_net *nn);

#endif /* _NFS41CONN_NETNS_H */
