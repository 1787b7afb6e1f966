// SPDX-License-Identifier: GPL-2.0
/*
 * A sysctl handler is given a const struct ctl_table (v6.11).
 */
#include <linux/sysctl.h>

int nfs41conn_probe(const struct ctl_table *ctl, int write, void *buffer,
		    size_t *lenp, loff_t *ppos);
int nfs41conn_probe(const struct ctl_table *ctl, int write, void *buffer,
		    size_t *lenp, loff_t *ppos)
{
	return 0;
}

proc_handler *nfs41conn_probe_handler = nfs41conn_probe;
