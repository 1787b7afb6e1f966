/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fixture of the table's and the gate's KUnit suites in
 * nfs41conn_test.ko: one fresh table per case, in test->priv.  A suite
 * takes kt_init() and kt_exit() as its .init and .exit; its cases then
 * make connections and sessions on the fixture's table, look at what the
 * table holds and check its counters with these.
 */
#ifndef _NFS41CONN_KUNIT_HELPERS_H
#define _NFS41CONN_KUNIT_HELPERS_H

#include <kunit/test.h>
#include <linux/in.h>

#include <nfs41conn/compat.h>
#include <nfs41conn/table.h>

/* The idle time that makes a connection evictable, after kt_evict_on(). */
#define KT_EVICT_MS	200
#define KT_EVICT_NS	((u64)KT_EVICT_MS * NSEC_PER_MSEC)

/**
 * struct kt_fixture - what a case works on (test->priv)
 * @table: a fresh table, in drain mode delay
 * @destroyed: the case destroyed @table itself
 * @next_port: the client port of the next kt_conn()
 */
struct kt_fixture {
	struct nfs41conn_table	table;
	bool			destroyed;
	u16			next_port;
};

int kt_init(struct kunit *test);
void kt_exit(struct kunit *test);
void kt_evict_on(struct kunit *test);
struct nfs41conn_table *kt_table(struct kunit *test);

void kt_addr4(struct sockaddr_in *sin, u16 port);
void kt_sid_fill(u8 *sid, u8 i);
u8 *kt_sid(struct kunit *test, u8 i);

void kt_conn_put_action(void *conn);
struct nfs41conn_conn *kt_conn_add(struct kunit *test,
				   struct nfs41conn_table *table);
struct nfs41conn_conn *kt_conn(struct kunit *test);
void kt_conn_close(struct kunit *test, struct nfs41conn_conn *conn);
u8 *kt_session(struct kunit *test, u8 i, struct nfs41conn_conn *conn,
	       enum nfs41conn_dir dir);
void kt_bind(struct kunit *test, struct nfs41conn_conn *conn, const u8 *sid,
	     u32 cdfc);
void kt_reserve(struct kunit *test, struct nfs41conn_conn *conn,
		const u8 *sid);
void kt_set_active(struct kunit *test, struct nfs41conn_conn *conn,
		   const u8 *sid, u64 ns);
void kt_idle(struct kunit *test, struct nfs41conn_conn *conn, const u8 *sid);
void kt_idle_ms(struct kunit *test, struct nfs41conn_conn *conn,
		const u8 *sid, unsigned int ms);
bool kt_set_held_ns(struct kunit *test, struct nfs41conn_conn *conn,
		    const u8 *sid, u64 ns);

/**
 * struct kt_snap - a session's counters, read under RCU as the gate reads them
 * @found: the session exists; the counters are zero if not
 * @nr_conns: connections bound or reserved
 * @nr_fore: of those, bound to the fore channel
 * @nr_fore_ready: of those, not draining
 * @nr_back: bound to the back channel
 * @nr_excess: bindings and reservations beyond the limit
 */
struct kt_snap {
	bool		found;
	unsigned int	nr_conns;
	unsigned int	nr_fore;
	unsigned int	nr_fore_ready;
	unsigned int	nr_back;
	unsigned int	nr_excess;
};

struct kt_snap kt_snap(struct kunit *test, const u8 *sid);
enum nfs41conn_dir kt_dir(struct kunit *test, struct nfs41conn_conn *conn,
			  const u8 *sid);

/* What kt_binding_field() reads of a binding. */
enum kt_binding_field {
	KT_PENDING,	/* reservations pending on it */
	KT_EXCESS,	/* 1 if it is beyond the limit, 0 if not */
};

int kt_binding_field(struct kunit *test, struct nfs41conn_conn *conn,
		     const u8 *sid, enum kt_binding_field field);

static inline int kt_pending(struct kunit *test, struct nfs41conn_conn *conn,
			     const u8 *sid)
{
	return kt_binding_field(test, conn, sid, KT_PENDING);
}

static inline int kt_excess(struct kunit *test, struct nfs41conn_conn *conn,
			    const u8 *sid)
{
	return kt_binding_field(test, conn, sid, KT_EXCESS);
}

unsigned int kt_nr_held(struct kunit *test);
bool kt_conn_found(struct kunit *test, struct nfs41conn_conn *conn);
bool kt_session_found(struct kunit *test, const u8 *sid);

void kt_expect_session(struct kunit *test, const u8 *sid, unsigned int conns,
		       unsigned int fore, unsigned int ready,
		       unsigned int back, int line);
void kt_expect_table(struct kunit *test, unsigned int conns,
		     unsigned int sessions, unsigned int bindings, int line);

/* Session @sid exists with these counters. */
#define KT_EXPECT_SESSION(test, sid, conns, fore, ready, back) \
	kt_expect_session(test, sid, conns, fore, ready, back, __LINE__)

/* The table's counters, and nfs41conn_table_verify() finds them right. */
#define KT_EXPECT_TABLE(test, conns, sessions, bindings) \
	kt_expect_table(test, conns, sessions, bindings, __LINE__)

/**
 * KT_SUITE - define the suite nfs41conn_<sname>, nfs41conn_<sname>_suite
 * @sname: what follows "nfs41conn_" in the suite's name; its cases are
 *	nfs41conn_<sname>_cases[]
 * @case_init: the fixture's set-up, before each case: kt_init(), or the
 *	file's own that calls it
 * @case_exit: the fixture's tear-down, after each case: kt_exit(), or
 *	the file's own
 *
 * The file that defines the suite registers it.
 */
#define KT_SUITE(sname, case_init, case_exit)				\
	static struct kunit_suite nfs41conn_##sname##_suite = {		\
		.name = "nfs41conn_" #sname,				\
		.init = case_init,					\
		.exit = case_exit,					\
		.test_cases = nfs41conn_##sname##_cases,		\
	}

#endif /* _NFS41CONN_KUNIT_HELPERS_H */
