/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of the binding table share, and nothing outside them
 * sees: nfs41conn/table.c (the store), table_bind.c (the bind protocol),
 * table_evict.c (drain and eviction), table_verify.c (the KUnit check).
 * Every function here is called with nfs41conn_table::lock held, but
 * nfs41conn_binding_hashed() and nfs41conn_binding_find(), which may also
 * be called under RCU.
 */
#ifndef _NFS41CONN_TABLE_INTERNAL_H
#define _NFS41CONN_TABLE_INTERNAL_H

#include <linux/delay.h>
#include <linux/rhashtable.h>

#include <nfs41conn/compat.h>
#include <nfs41conn/table.h>

#include "trace.h"

/*
 * Between a check of the table and the change it allows.  While KUnit tests
 * run, a thread that could be preempted here (never one holding the table's
 * lock) sleeps, so that the race suites (kunit/table_stress_test.c) fail if
 * the lock is gone: a uniprocessor UML kernel preempts only where
 * preemption is re-enabled, and there is no such place in most of these
 * gaps.  Nothing outside KUnit builds.
 */
#if IS_ENABLED(CONFIG_KUNIT)
#define nfs41conn_race_point()						\
	do {								\
		if (nfs41conn_kunit_running() && preemptible())		\
			usleep_range(20, 50);				\
	} while (0)
#else
#define nfs41conn_race_point() do { } while (0)
#endif

/*
 * The hash tables' parameters, seen wherever a table is looked up so that
 * rhashtable's inline functions are compiled for them.  Not every file of
 * the table looks up all three.
 */
static const struct rhashtable_params nfs41conn_conn_params __maybe_unused = {
	.key_len		= sizeof_field(struct nfs41conn_conn, id),
	.key_offset		= offsetof(struct nfs41conn_conn, id),
	.head_offset		= offsetof(struct nfs41conn_conn, hash),
	.automatic_shrinking	= true,
};

static const struct rhashtable_params nfs41conn_session_params __maybe_unused = {
	.key_len		= NFS4_MAX_SESSIONID_LEN,
	.key_offset		= offsetof(struct nfs41conn_session, id),
	.head_offset		= offsetof(struct nfs41conn_session, hash),
	.automatic_shrinking	= true,
};

static const struct rhashtable_params nfs41conn_binding_params __maybe_unused = {
	.key_len		= sizeof(struct nfs41conn_binding_key),
	.key_offset		= offsetof(struct nfs41conn_binding, key),
	.head_offset		= offsetof(struct nfs41conn_binding, hash),
	.automatic_shrinking	= true,
};

static inline bool nfs41conn_dir_valid(enum nfs41conn_dir dir)
{
	return dir == NFS41CONN_DIR_FORE || dir == NFS41CONN_DIR_BACK ||
	       dir == NFS41CONN_DIR_BOTH;
}

/* The binding of connection @conn_id to @sid in the table's hash, or NULL. */
static inline struct nfs41conn_binding *
nfs41conn_binding_hashed(struct nfs41conn_table *table, u64 conn_id,
			 const u8 *sid)
{
	struct nfs41conn_binding_key key;

	key.conn_id = conn_id;
	memcpy(key.sessionid, sid, NFS4_MAX_SESSIONID_LEN);
	return rhashtable_lookup_fast(&table->bindings, &key,
				      nfs41conn_binding_params);
}

/*
 * The binding of @conn to @sid, or NULL: @conn's last binding if it is
 * that one, which spares the usual call a walk of the hash, whose buckets
 * and chains are spread over memory as large as the table; else the hash.
 */
static inline struct nfs41conn_binding *
nfs41conn_binding_find(struct nfs41conn_table *table,
		       struct nfs41conn_conn *conn, const u8 *sid)
{
	struct nfs41conn_binding *binding;

	binding = rcu_dereference_check(conn->last_binding,
					lockdep_is_held(&table->lock));
	if (binding &&
	    !memcmp(binding->key.sessionid, sid, NFS4_MAX_SESSIONID_LEN))
		return binding;
	return nfs41conn_binding_hashed(table, conn->id, sid);
}

/* The store's own helpers (table.c), for the bind protocol and eviction. */
void nfs41conn_binding_count(struct nfs41conn_binding *binding, int delta);
void nfs41conn_binding_set_dir(struct nfs41conn_binding *binding,
			       enum nfs41conn_dir dir);
int nfs41conn_binding_link(struct nfs41conn_table *table,
			   struct nfs41conn_binding *binding,
			   struct nfs41conn_conn *conn,
			   struct nfs41conn_session *session,
			   bool excess);
bool nfs41conn_binding_admit(struct nfs41conn_table *table,
			     struct nfs41conn_binding *binding);
bool nfs41conn_binding_unlink(struct nfs41conn_table *table,
			      struct nfs41conn_binding *binding,
			      enum nfs41conn_unbind_why why);
void nfs41conn_conn_unlink(struct nfs41conn_table *table,
			   struct nfs41conn_conn *conn,
			   enum nfs41conn_unbind_why why);

#endif /* _NFS41CONN_TABLE_INTERNAL_H */
