// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace tunables: net.nfs41conn.*
 *
 * Operation:
 *
 * Registered for each network namespace when it is created, so that a
 * container's nfsd has its own limits.  They live under "net." because
 * register_net_sysctl() only takes tables under net/: that is where the
 * kernel keeps every per-namespace sysctl.
 */

#include <linux/slab.h>
#include <linux/sysctl.h>

#include <nfs41conn/netns.h>

static unsigned int nfs41conn_max_conns_min = 1;
static unsigned int nfs41conn_max_conns_max = NFS41CONN_MAX_CONNS_LIMIT;
static unsigned int nfs41conn_evict_idle_max = NFS41CONN_EVICT_IDLE_MAX_MS;
static unsigned int nfs41conn_drain_close_idle_max =
	NFS41CONN_DRAIN_CLOSE_IDLE_MAX_MS;

static int nfs41conn_proc_max_conns(const struct ctl_table *ctl, int write,
				    void *buffer, size_t *lenp, loff_t *ppos)
{
	struct nfs41conn_table *table = ctl->data;
	unsigned int val = READ_ONCE(table->max_conns_per_session);
	struct ctl_table tmp = *ctl;
	int err;

	tmp.data = &val;
	err = proc_douintvec_minmax(&tmp, write, buffer, lenp, ppos);
	if (err || !write)
		return err;
	nfs41conn_table_set_max_conns(table, val);
	return 0;
}

static int nfs41conn_proc_evict_idle(const struct ctl_table *ctl, int write,
				     void *buffer, size_t *lenp, loff_t *ppos)
{
	struct nfs41conn_table *table = ctl->data;
	unsigned int val = READ_ONCE(table->evict_idle_ms);
	struct ctl_table tmp = *ctl;
	int err;

	tmp.data = &val;
	err = proc_douintvec_minmax(&tmp, write, buffer, lenp, ppos);
	if (err || !write)
		return err;
	nfs41conn_table_set_evict_idle(table, val);
	return 0;
}

/* The table is in struct nfs41conn_net, whose drain close work it kicks. */
static int nfs41conn_proc_drain_close_idle(const struct ctl_table *ctl,
					   int write, void *buffer,
					   size_t *lenp, loff_t *ppos)
{
	struct nfs41conn_table *table = ctl->data;
	unsigned int val = READ_ONCE(table->drain_close_idle_ms);
	struct ctl_table tmp = *ctl;
	struct nfs41conn_net *nn;
	int err;

	tmp.data = &val;
	err = proc_douintvec_minmax(&tmp, write, buffer, lenp, ppos);
	if (err || !write)
		return err;
	nfs41conn_table_set_drain_close_idle(table, val);
	/* Draining connections may be closable now, or later. */
	nn = container_of(table, struct nfs41conn_net, table);
	nfs41conn_drain_close_kick(nn);
	return 0;
}

static const struct ctl_table nfs41conn_sysctl_template[] = {
	{
		.procname	= "max_conns_per_session",
		.maxlen		= sizeof(unsigned int),
		.mode		= 0644,
		.proc_handler	= nfs41conn_proc_max_conns,
		.extra1		= &nfs41conn_max_conns_min,
		.extra2		= &nfs41conn_max_conns_max,
	},
	{
		.procname	= "evict_idle_ms",
		.maxlen		= sizeof(unsigned int),
		.mode		= 0644,
		.proc_handler	= nfs41conn_proc_evict_idle,
		.extra1		= SYSCTL_ZERO,
		.extra2		= &nfs41conn_evict_idle_max,
	},
	{
		.procname	= "drain_close_idle_ms",
		.maxlen		= sizeof(unsigned int),
		.mode		= 0644,
		.proc_handler	= nfs41conn_proc_drain_close_idle,
		.extra1		= SYSCTL_ZERO,
		.extra2		= &nfs41conn_drain_close_idle_max,
	},
};

/**
 * nfs41conn_sysctl_register - add net.nfs41conn.* for a namespace
 * @net: the namespace
 *
 * Return: 0 or -ENOMEM.
 */
int nfs41conn_sysctl_register(struct net *net)
{
	struct nfs41conn_net *nn = nfs41conn_net(net);
	struct ctl_table *table;

	table = kmemdup(nfs41conn_sysctl_template,
			sizeof(nfs41conn_sysctl_template), GFP_KERNEL);
	if (!table)
		return -ENOMEM;
	table[0].data = &nn->table;
	table[1].data = &nn->table;
	table[2].data = &nn->table;

	nn->sysctl = register_net_sysctl_sz(net, "net/nfs41conn", table,
					    ARRAY_SIZE(nfs41conn_sysctl_template));
	if (!nn->sysctl) {
		kfree(table);
		return -ENOMEM;
	}
	return 0;
}

/**
 * nfs41conn_sysctl_unregister - remove net.nfs41conn.* of a namespace
 * @net: the namespace
 */
void nfs41conn_sysctl_unregister(struct net *net)
{
	struct nfs41conn_net *nn = nfs41conn_net(net);
	const struct ctl_table *table = nn->sysctl->ctl_table_arg;

	unregister_net_sysctl_table(nn->sysctl);
	kfree(table);
}
