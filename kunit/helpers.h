/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the KUnit suites of nfs41conn_test.ko ask of a table, shared by
 * table_test.c and gate_test.c.  Each suite keeps its own per-case table
 * and wraps these with it.
 */
#ifndef _NFS41CONN_KUNIT_HELPERS_H
#define _NFS41CONN_KUNIT_HELPERS_H

#include <kunit/test.h>
#include <linux/in.h>

#include <nfs41conn/compat.h>
#include <nfs41conn/table.h>

/*
 * Per-case state of a suite that works on one fresh table (test->priv):
 * nfs41conn_kt_init() and nfs41conn_kt_exit() are the suite's init and
 * exit, or are called by them.
 */
struct nfs41conn_kt_ctx {
	struct nfs41conn_table	table;
	bool			destroyed;	/* by the case itself */
	u16			next_port;	/* the next client port */
};

int nfs41conn_kt_init(struct kunit *test, u16 first_port);
void nfs41conn_kt_exit(struct kunit *test);
struct nfs41conn_table *nfs41conn_kt_table(struct kunit *test);
void nfs41conn_kt_conn_put_action(void *conn);
void nfs41conn_kt_addr4(struct sockaddr_in *sin, u16 port);
struct nfs41conn_conn *nfs41conn_kt_conn_add(struct kunit *test,
					     struct nfs41conn_table *table);

/* A session's counters, read under RCU as the gate reads them. */
struct nfs41conn_kt_snap {
	bool		found;
	unsigned int	nr_conns;
	unsigned int	nr_fore;
	unsigned int	nr_fore_ready;
	unsigned int	nr_back;
	unsigned int	nr_excess;
};

struct nfs41conn_kt_snap nfs41conn_kt_session_snap(struct nfs41conn_table *t,
						   const u8 *sid);
enum nfs41conn_dir nfs41conn_kt_dir(struct nfs41conn_table *t,
				    struct nfs41conn_conn *conn,
				    const u8 *sid);
int nfs41conn_kt_pending(struct nfs41conn_table *t,
			 struct nfs41conn_conn *conn, const u8 *sid);
int nfs41conn_kt_excess(struct nfs41conn_table *t,
			struct nfs41conn_conn *conn, const u8 *sid);
bool nfs41conn_kt_set_active(struct nfs41conn_table *t,
			     struct nfs41conn_conn *conn, const u8 *sid,
			     u64 ns);
bool nfs41conn_kt_set_held_ns(struct nfs41conn_table *t,
			      struct nfs41conn_conn *conn, const u8 *sid,
			      u64 ns);
unsigned int nfs41conn_kt_nr_held(struct nfs41conn_table *t);
bool nfs41conn_kt_conn_found(struct nfs41conn_table *t,
			     struct nfs41conn_conn *conn);
bool nfs41conn_kt_session_found(struct nfs41conn_table *t, const u8 *sid);
void nfs41conn_kt_expect_session(struct kunit *test,
				 struct nfs41conn_table *t, const u8 *sid,
				 unsigned int conns, unsigned int fore,
				 unsigned int ready, unsigned int back,
				 int line);
void nfs41conn_kt_expect_table(struct kunit *test, struct nfs41conn_table *t,
			       unsigned int conns, unsigned int sessions,
			       unsigned int bindings, int line);

#endif /* _NFS41CONN_KUNIT_HELPERS_H */
