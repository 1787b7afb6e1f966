// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit runs deferred actions: kunit_add_action_or_reset() and
 * kunit_release_action() (v6.6).
 */
#include <kunit/resource.h>

int nfs41conn_probe(struct kunit *test, kunit_action_t *action, void *ctx);
int nfs41conn_probe(struct kunit *test, kunit_action_t *action, void *ctx)
{
	kunit_release_action(test, action, ctx);
	return kunit_add_action_or_reset(test, action, ctx);
}
