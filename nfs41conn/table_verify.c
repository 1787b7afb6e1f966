// SPDX-License-Identifier: GPL-2.0
/*
 * nfs41conn binding table: the consistency check of the KUnit suites.
 *
 * Operation:
 *
 * Not part of any flow: built only with CONFIG_KUNIT (Kbuild), for the
 * suites, which call nfs41conn_table_verify() after the steps they take.
 * It walks the whole table under its lock and checks each count the
 * table keeps against the entries it stands for, so that a change that
 * forgets one fails a test where it happens, not later in a listing.
 */

#include <linux/printk.h>
#include <linux/rhashtable.h>

#include <nfs41conn/compat.h>
#include <nfs41conn/table.h>

#include "table_internal.h"

static bool nfs41conn_verify_eq(const char *what, long long got,
				long long counted)
{
	if (got == counted)
		return false;
	pr_err("nfs41conn: table inconsistent: %s is %lld, counted %lld\n",
	       what, got, counted);
	return true;
}

static bool nfs41conn_verify_session(struct nfs41conn_table *table,
				     struct nfs41conn_session *session)
{
	unsigned int nr = 0, excess = 0, fore = 0, ready = 0, back = 0;
	struct nfs41conn_binding *binding;
	bool bad = false;

	list_for_each_entry(binding, &session->bindings, session_link) {
		if (binding->excess) {
			excess++;
			continue;
		}
		nr++;
		if (binding->session != session ||
		    nfs41conn_binding_hashed(table, binding->conn->id,
					     session->id) != binding) {
			pr_err("nfs41conn: table inconsistent: binding of conn %llu not hashed\n",
			       binding->conn->id);
			bad = true;
		}
		if (binding->dir == NFS41CONN_DIR_NONE && !binding->pending) {
			pr_err("nfs41conn: table inconsistent: conn %llu has a reservation with nothing pending\n",
			       binding->conn->id);
			bad = true;
		}
		if (binding->dir & NFS41CONN_DIR_FORE) {
			fore++;
			if (binding->conn->state != NFS41CONN_CONN_DRAINING)
				ready++;
		}
		if (binding->dir & NFS41CONN_DIR_BACK)
			back++;
	}
	bad |= nfs41conn_verify_eq("session nr_conns", session->nr_conns, nr);
	bad |= nfs41conn_verify_eq("session nr_excess", session->nr_excess,
				   excess);
	bad |= nfs41conn_verify_eq("session nr_fore", session->nr_fore, fore);
	bad |= nfs41conn_verify_eq("session nr_fore_ready",
				   session->nr_fore_ready, ready);
	bad |= nfs41conn_verify_eq("session nr_back", session->nr_back, back);
	return bad;
}

static bool nfs41conn_verify_conn(struct nfs41conn_table *table,
				  struct nfs41conn_conn *conn,
				  unsigned int *nr_bindings)
{
	struct nfs41conn_binding *binding, *last;
	unsigned int bound = 0, excess = 0;
	bool bad = false, last_listed = false;

	if (conn->state == NFS41CONN_CONN_CLOSED ||
	    rhashtable_lookup_fast(&table->conns, &conn->id,
				   nfs41conn_conn_params) != conn) {
		pr_err("nfs41conn: table inconsistent: conn %llu listed but not open and hashed\n",
		       conn->id);
		bad = true;
	}
	last = rcu_dereference_protected(conn->last_binding,
					 lockdep_is_held(&table->lock));
	list_for_each_entry(binding, &conn->bindings, conn_link) {
		(*nr_bindings)++;
		if (binding == last)
			last_listed = true;
		if (binding->conn != conn) {
			pr_err("nfs41conn: table inconsistent: conn %llu lists a foreign binding\n",
			       conn->id);
			bad = true;
		}
		if (binding->excess)
			excess++;
		else if (binding->dir != NFS41CONN_DIR_NONE)
			bound++;
	}
	/* NULL without bindings, one of them with some. */
	if (list_empty(&conn->bindings) ? !!last : !last_listed) {
		pr_err("nfs41conn: table inconsistent: conn %llu's last binding is not one of its bindings\n",
		       conn->id);
		bad = true;
	}
	bad |= nfs41conn_verify_eq("conn nr_sessions", conn->nr_sessions,
				   bound);
	bad |= nfs41conn_verify_eq("conn nr_excess", conn->nr_excess, excess);
	return bad;
}

/**
 * nfs41conn_table_verify - check every count against what it counts
 * @table: the table
 *
 * For tests and debugging: walks the whole table under its lock.
 *
 * Return: 0 if consistent, -EUCLEAN (after logging what is wrong) if not.
 */
int nfs41conn_table_verify(struct nfs41conn_table *table)
{
	unsigned int nr_conns = 0, nr_sessions = 0, nr_bindings = 0;
	struct nfs41conn_binding *binding;
	struct nfs41conn_session *session;
	struct nfs41conn_conn *conn;
	unsigned int nr_held = 0;
	bool bad = false;

	spin_lock(&table->lock);
	list_for_each_entry(binding, &table->held_list, held_link) {
		nr_held++;
		if (!binding->excess || binding->dir == NFS41CONN_DIR_NONE) {
			pr_err("nfs41conn: table inconsistent: conn %llu is held but not bound beyond the limit\n",
			       binding->conn->id);
			bad = true;
		}
	}
	bad |= nfs41conn_verify_eq("table nr_held", table->nr_held, nr_held);
	list_for_each_entry(session, &table->orphan_list, orphan_link) {
		if (!session->empty_ns || !list_empty(&session->bindings)) {
			pr_err("nfs41conn: table inconsistent: a session listed as an orphan has a connection\n");
			bad = true;
		}
	}
	list_for_each_entry(conn, &table->drain_list, drain_link) {
		if (conn->state != NFS41CONN_CONN_DRAINING) {
			pr_err("nfs41conn: table inconsistent: conn %llu listed as draining is not\n",
			       conn->id);
			bad = true;
		}
	}
	list_for_each_entry(session, &table->session_list, link) {
		nr_sessions++;
		bad |= nfs41conn_verify_session(table, session);
	}
	list_for_each_entry(conn, &table->conn_list, link) {
		nr_conns++;
		bad |= nfs41conn_verify_conn(table, conn, &nr_bindings);
	}
	bad |= nfs41conn_verify_eq("table nr_sessions", table->nr_sessions,
				   nr_sessions);
	bad |= nfs41conn_verify_eq("table nr_conns", table->nr_conns,
				   nr_conns);
	bad |= nfs41conn_verify_eq("table nr_bindings", table->nr_bindings,
				   nr_bindings);
	bad |= nfs41conn_verify_eq("hashed sessions",
				   atomic_read(&table->sessions.nelems),
				   nr_sessions);
	bad |= nfs41conn_verify_eq("hashed conns",
				   atomic_read(&table->conns.nelems),
				   nr_conns);
	bad |= nfs41conn_verify_eq("hashed bindings",
				   atomic_read(&table->bindings.nelems),
				   nr_bindings);
	spin_unlock(&table->lock);
	return bad ? -EUCLEAN : 0;
}
EXPORT_SYMBOL_IF_KUNIT(nfs41conn_table_verify);
