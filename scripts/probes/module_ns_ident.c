// SPDX-License-Identifier: GPL-2.0
/*
 * A symbol namespace is named by an identifier, which MODULE_IMPORT_NS()
 * turns into a string.  Since v6.13 it is a string literal.
 */
#include <linux/module.h>

MODULE_IMPORT_NS(NFS41CONN_PROBE_NS);
