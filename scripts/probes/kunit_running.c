// SPDX-License-Identifier: GPL-2.0
/*
 * The kunit_running static key says whether a KUnit test runs (v6.3).
 */
#include <kunit/test-bug.h>

bool nfs41conn_probe(void);
bool nfs41conn_probe(void)
{
	return static_branch_unlikely(&kunit_running);
}
