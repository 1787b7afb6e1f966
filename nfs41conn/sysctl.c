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

#include <nfs41conn/compat.h>
#include <nfs41conn/netns.h>

static unsigned int nfs41conn_max_conns_min = 1;
static unsigned int nfs41conn_max_conns_max = NFS41CONN_MAX_CONNS_LIMIT;
static unsigned int nfs41conn_evict_idle_max = NFS41CONN_EVICT_IDLE_MAX_MS;
static unsigned int nfs41conn_drain_close_idle_max =
	NFS41CONN_DRAIN_CLOSE_IDLE_MAX_MS;
static unsigned int nfs41conn_drain_mode_max = NFS41CONN_DRAIN_MODE_MAX;

/*
 * A tunable of the namespace, which the gate and the works read without a
 * lock (READ_ONCE): the value written is checked on a copy, then stored
 * whole.
 * @ctl->data is the field.
 */
static int nfs41conn_proc_tunable(nfs41conn_ctl_table *ctl, int write,
				  void *buffer, size_t *lenp, loff_t *ppos)
{
	unsigned int *field = ctl->data;
	unsigned int val = READ_ONCE(*field);
	struct ctl_table tmp = *ctl;
	int err;

	tmp.data = &val;
	err = proc_douintvec_minmax(&tmp, write, buffer, lenp, ppos);
	if (!err && write)
		WRITE_ONCE(*field, val);
	return err;
}

static int nfs41conn_proc_drain_close_idle(nfs41conn_ctl_table *ctl,
					   int write, void *buffer,
					   size_t *lenp, loff_t *ppos)
{
	struct nfs41conn_net *nn = container_of(ctl->data, struct nfs41conn_net,
						drain_close_idle_ms);
	int err;

	err = nfs41conn_proc_tunable(ctl, write, buffer, lenp, ppos);
	/* Draining connections may be closable now, or later. */
	if (!err && write)
		nfs41conn_drain_close_kick(nn);
	return err;
}

static const struct ctl_table nfs41conn_sysctl_template[] = {
	{
		.procname	= "max_conns_per_session",
		.maxlen		= sizeof(unsigned int),
		.mode		= 0644,
		.proc_handler	= nfs41conn_proc_tunable,
		.extra1		= &nfs41conn_max_conns_min,
		.extra2		= &nfs41conn_max_conns_max,
	},
	{
		.procname	= "evict_idle_ms",
		.maxlen		= sizeof(unsigned int),
		.mode		= 0644,
		.proc_handler	= nfs41conn_proc_tunable,
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
	{
		/* enum nfs41conn_drain_mode: 0 delay, 1 close, 2 reply-close */
		.procname	= "drain_mode",
		.maxlen		= sizeof(unsigned int),
		.mode		= 0644,
		.proc_handler	= nfs41conn_proc_tunable,
		.extra1		= SYSCTL_ZERO,
		.extra2		= &nfs41conn_drain_mode_max,
	},
	{ }	/* the end, for nfs41conn_register_net_sysctl() */
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
	size_t count;

	table = kmemdup(nfs41conn_sysctl_template,
			sizeof(nfs41conn_sysctl_template), GFP_KERNEL);
	if (!table)
		return -ENOMEM;
	table[0].data = &nn->table.max_conns_per_session;
	table[1].data = &nn->table.evict_idle_ms;
	table[2].data = &nn->drain_close_idle_ms;
	table[3].data = &nn->table.drain_mode;

	/* Without the empty entry that ends the template. */
	count = ARRAY_SIZE(nfs41conn_sysctl_template) - 1;
	nn->sysctl = nfs41conn_register_net_sysctl(net, "net/nfs41conn", table,
						   count);
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
