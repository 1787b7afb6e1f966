// SPDX-License-Identifier: GPL-2.0
/*
 * <linux/unaligned.h> (v6.12).  Before: <asm/unaligned.h>.
 */
#include <linux/unaligned.h>

u32 nfs41conn_probe(const void *p);
u32 nfs41conn_probe(const void *p)
{
	return get_unaligned_be32(p);
}
