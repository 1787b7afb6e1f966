/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What differs between the kernels nfs41conn builds on, in one place.
 *
 * Each difference is keyed on a feature, not on a version number: stable
 * and distribution kernels backport sunrpc changes, so the version does
 * not tell which API a kernel has.  A feature is either a macro tested
 * here or, for a header, a type or a function, a NFS41CONN_HAVE_* macro
 * that Kbuild defines when the probe of that name in scripts/probes/
 * compiles against the kernel.  No other file tests a kernel's version or
 * features.
 *
 * Each block names the newer API, which the module's files use, and maps
 * it onto the older one.
 */
#ifndef _NFS41CONN_COMPAT_H
#define _NFS41CONN_COMPAT_H

#include <linux/sunrpc/svc.h>
#include <linux/sunrpc/svc_xprt.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>

/*
 * Releasing a request's transport context.  Since v6.4 (and in stable
 * trees that took it) sunrpc calls xpo_release_ctxt(xprt, ctxt), also for
 * a deferred request it frees unvisited; svc_defer() moves the context
 * into the deferred request.  Before, it called xpo_release_rqst(rqstp),
 * and the context was the request's own.  The module's method is the new
 * one, nfs41conn_release_ctxt(); on an older kernel compat.c's
 * nfs41conn_release_rqst() calls it.  NFS41CONN_TCP_RELEASE names the TCP
 * op, nfs41conn_set_release() fills the module's.
 */
#ifdef NFS41CONN_HAVE_XPO_RELEASE_CTXT
#define NFS41CONN_TCP_RELEASE		xpo_release_ctxt

static inline void nfs41conn_set_release(struct svc_xprt_ops *ops,
					 void (*release)(struct svc_xprt *,
							 void *))
{
	ops->xpo_release_ctxt = release;
}

static inline void nfs41conn_tcp_release(const struct svc_xprt_ops *tcp,
					 struct svc_xprt *xprt)
{
	tcp->xpo_release_ctxt(xprt, NULL);
}
#else
#define NFS41CONN_TCP_RELEASE		xpo_release_rqst

void nfs41conn_release_rqst(struct svc_rqst *rqstp);

static inline void nfs41conn_set_release(struct svc_xprt_ops *ops,
					 void (*release)(struct svc_xprt *,
							 void *))
{
	ops->xpo_release_rqst = nfs41conn_release_rqst;
}

/* nfs41conn_release_rqst() has called it already. */
static inline void nfs41conn_tcp_release(const struct svc_xprt_ops *tcp,
					 struct svc_xprt *xprt)
{
}
#endif

/*
 * The call as it was received, for reading it again once nfsd has run.
 * Before v6.3, svc_process() and the flavors' accept methods read the RPC
 * header from the kvec rq_arg.head[0], moving it past what they read, and
 * svcxdr_init_decode() then counted only the rest in rq_arg.len; since,
 * they read through rq_arg_stream and leave rq_arg as svc_tcp_recvfrom()
 * set it.  The call's first byte is at the start of rq_pages[0] in both
 * (svc_alloc_arg()): @buf is rq_arg with its head put back there.  A
 * deferred request's call is a copy elsewhere (svc_deferred_recv()), which
 * is left as it is.
 */
static inline void nfs41conn_received_call(const struct svc_rqst *rqstp,
					   struct xdr_buf *buf)
{
	void *start = page_address(rqstp->rq_pages[0]);
	size_t read;

	*buf = rqstp->rq_arg;
	if (buf->head[0].iov_base < start ||
	    buf->head[0].iov_base >= start + PAGE_SIZE)
		return;
	read = buf->head[0].iov_base - start;
	buf->head[0].iov_base = start;
	buf->head[0].iov_len += read;
	buf->len += read;
}

/* Destroying a service from svc_create(): svc_destroy(&serv) since v6.7. */
static inline void nfs41conn_svc_destroy(struct svc_serv **servp)
{
#ifdef NFS41CONN_HAVE_SVC_DESTROY_SERVP
	svc_destroy(servp);
#else
	svc_put(*servp);
	*servp = NULL;
#endif
}

/*
 * Sysctl handlers take a const table since v6.11.  Tables are registered
 * with their size since v6.6; before, an empty entry ends them.  Every
 * table passed to nfs41conn_register_net_sysctl() has one more entry than
 * @count, left empty.
 */
#ifdef NFS41CONN_HAVE_CTL_TABLE_CONST
#define nfs41conn_ctl_table		const struct ctl_table
#else
#define nfs41conn_ctl_table		struct ctl_table
#endif

static inline struct ctl_table_header *
nfs41conn_register_net_sysctl(struct net *net, const char *path,
			      struct ctl_table *table, size_t count)
{
#ifdef NFS41CONN_HAVE_REGISTER_NET_SYSCTL_SZ
	return register_net_sysctl_sz(net, path, table, count);
#else
	if (WARN_ON_ONCE(table[count].procname))
		return NULL;
	return register_net_sysctl(net, path, table);
#endif
}

/*
 * Symbols exported to the KUnit suites only: <kunit/visibility.h> (v6.2,
 * and 6.1 stable kernels that took it).  A symbol namespace is a string
 * literal since v6.13, an identifier before.
 */
#ifdef NFS41CONN_HAVE_KUNIT_VISIBILITY
#include <kunit/visibility.h>
#else
#error "nfs41conn needs <kunit/visibility.h>: Linux 6.2, or a 6.1 stable kernel with it"
#endif

#ifdef NFS41CONN_HAVE_MODULE_NS_IDENT
#define NFS41CONN_IMPORT_KUNIT_NS()					\
	MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING)
#else
#define NFS41CONN_IMPORT_KUNIT_NS()					\
	MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING")
#endif

/*
 * Whether a KUnit test is running, anywhere: the kunit_running static key
 * (v6.3).  Without it, the race points of table.c never wait; neither do
 * they on a kernel that cannot preempt, such as UML 6.1.
 */
#ifdef NFS41CONN_HAVE_KUNIT_RUNNING
#include <kunit/test-bug.h>
#define nfs41conn_kunit_running()	static_branch_unlikely(&kunit_running)
#else
#define nfs41conn_kunit_running()	false
#endif

/*
 * The longest AUTH_SYS machine name sunrpc takes: RPC_MAX_MACHINENAME
 * (255 bytes) since svcauth_unix_accept() reads with an xdr_stream (v6.3,
 * which added the macro), and a longer one is GARBAGE_ARGS.  Before, 64
 * XDR units (256 bytes), and a longer one is denied (AUTH_BADCRED).
 */
#include <linux/sunrpc/msg_prot.h>
#ifdef RPC_MAX_MACHINENAME
#define NFS41CONN_AUTH_SYS_MACHINENAME_MAX	RPC_MAX_MACHINENAME
#define NFS41CONN_AUTH_SYS_MACHINENAME_DENIED	false
#else
#define NFS41CONN_AUTH_SYS_MACHINENAME_MAX	(64 * 4)
#define NFS41CONN_AUTH_SYS_MACHINENAME_DENIED	true
#endif

#ifdef NFS41CONN_HAVE_LINUX_UNALIGNED
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

#endif /* _NFS41CONN_COMPAT_H */

/*
 * KUnit, for the test modules, which include <kunit/test.h> before any
 * header of the module: what a KUnit older than v6.6 lacks.  Outside the
 * guard above, so that it is seen once <kunit/test.h> is.
 */
#if defined(_KUNIT_TEST_H) && !defined(_NFS41CONN_COMPAT_KUNIT)
#define _NFS41CONN_COMPAT_KUNIT

#include <kunit/resource.h>

#ifndef KUNIT_CASE_SLOW
#define KUNIT_CASE_SLOW(test_name)	KUNIT_CASE(test_name)
#endif

#ifndef KUNIT_ARRAY_PARAM_DESC
/*
 * The description is the member @desc, a const char *, of each element,
 * reached by its offset: a macro argument that names a member cannot be
 * put in parentheses, which checkpatch asks of every argument used
 * otherwise.  (v6.6's own, on the kernels that have it, copies any
 * string member.)
 */
#define KUNIT_ARRAY_PARAM_DESC(name, array, desc)			\
	static void name##_desc(typeof((array) + 0) param, char *buf)	\
	{								\
		const char *const *str = (const void *)param +		\
					 offsetof(typeof(*param), desc); \
									\
		strscpy(buf, *str, KUNIT_PARAM_DESC_SIZE);		\
	}								\
	KUNIT_ARRAY_PARAM(name, array, name##_desc)
#endif

#ifndef KUNIT_EXPECT_MEMEQ
/* Without the byte dump of v6.1's KUNIT_MEM_ASSERTION, which it lacks. */
#define KUNIT_EXPECT_MEMEQ_MSG(test, left, right, size, fmt, ...)	\
	do {								\
		size_t __size = (size);					\
									\
		KUNIT_EXPECT_TRUE_MSG(test, !memcmp(left, right, __size), \
				      "%s == %s (%zu bytes) " fmt,	\
				      #left, #right, __size,		\
				      ##__VA_ARGS__);			\
	} while (0)
#define KUNIT_EXPECT_MEMEQ(test, left, right, size)			\
	KUNIT_EXPECT_MEMEQ_MSG(test, left, right, size, "")
#endif

#ifndef KUNIT_DEFINE_ACTION_WRAPPER
#define KUNIT_DEFINE_ACTION_WRAPPER(wrapper, orig, arg_type)		\
	static void wrapper(void *in)					\
	{								\
		orig((arg_type)in);					\
	}
#endif

#ifndef NFS41CONN_HAVE_KUNIT_ADD_ACTION
/*
 * Deferred actions, as KUnit resources: each holds its action and the
 * action's argument, and runs the action when the resource is freed, at
 * the end of the test in reverse order of adding, or when released.
 */
typedef void (kunit_action_t)(void *);

struct nfs41conn_kunit_action {
	kunit_action_t	*action;
	void		*ctx;
};

static inline int nfs41conn_kunit_action_init(struct kunit_resource *res,
					      void *context)
{
	res->data = context;
	return 0;
}

static inline void nfs41conn_kunit_action_free(struct kunit_resource *res)
{
	struct nfs41conn_kunit_action *act = res->data;

	act->action(act->ctx);
	kfree(act);
}

static inline bool nfs41conn_kunit_action_match(struct kunit *test,
						struct kunit_resource *res,
						void *match_data)
{
	const struct nfs41conn_kunit_action *want = match_data;
	const struct nfs41conn_kunit_action *act = res->data;

	return res->free == nfs41conn_kunit_action_free &&
	       act->action == want->action && act->ctx == want->ctx;
}

static inline int kunit_add_action_or_reset(struct kunit *test,
					    kunit_action_t *action, void *ctx)
{
	struct nfs41conn_kunit_action *act;

	act = kmalloc(sizeof(*act), GFP_KERNEL);
	if (!act)
		goto out_reset;
	act->action = action;
	act->ctx = ctx;
	if (kunit_alloc_resource(test, nfs41conn_kunit_action_init,
				 nfs41conn_kunit_action_free, GFP_KERNEL,
				 act))
		return 0;
	kfree(act);
out_reset:
	action(ctx);
	return -ENOMEM;
}

static inline void kunit_release_action(struct kunit *test,
					kunit_action_t *action, void *ctx)
{
	struct nfs41conn_kunit_action want = { .action = action, .ctx = ctx };

	kunit_destroy_resource(test, nfs41conn_kunit_action_match, &want);
}
#endif

#endif /* _KUNIT_TEST_H && !_NFS41CONN_COMPAT_KUNIT */
