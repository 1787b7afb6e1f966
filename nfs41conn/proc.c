// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/net/nfs41conn/: the binding table as an admin sees it, and drain
 * control.
 *
 * Operation:
 *
 * Each network namespace has its own directory, showing only its own
 * table: a container sees its own nfsd's connections and nothing else.
 *
 *   connections  one line per connection: ID, server and client address,
 *		  age in seconds, state, counters, and the sessions it is
 *		  bound to with the channels it carries for each
 *   sessions	  one line per session: ID, connections against the limit,
 *		  fore, back and not-draining fore connections, and the
 *		  distinct client and server addresses carrying it (the
 *		  trunking view)
 *   drain	  write "drain|undrain id|local|remote <value>"; a drained
 *		  connection is closed once idle (drain.c)
 *
 * Listings walk the table under RCU, taking no lock: a line is consistent
 * with itself only as far as the counts read with READ_ONCE are.
 *
 * A session ID is all a peer needs to speak in an SP4_NONE session, so
 * both listings print session IDs only to an opener with CAP_NET_ADMIN in
 * the namespace's user namespace (who may also drain), and "-" in their
 * place to anyone else: nfsd likewise keeps clients/<n>/info and states
 * 0400.  The rest, much of which /proc/net/tcp shows anyway, stays
 * readable by all for monitoring.
 */

#include <linux/capability.h>
#include <linux/ctype.h>
#include <linux/inet.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sunrpc/addr.h>
#include <linux/ktime.h>
#include <linux/uaccess.h>
#include <net/net_namespace.h>

#include <nfs41conn/netns.h>

#include "trace.h"

static const char * const nfs41conn_state_names[] = {
	[NFS41CONN_CONN_OPEN]		= "open",
	[NFS41CONN_CONN_DRAINING]	= "draining",
	[NFS41CONN_CONN_CLOSED]		= "closed",
};

static const char * const nfs41conn_dir_names[] = {
	[NFS41CONN_DIR_NONE]	= "reserved",
	[NFS41CONN_DIR_FORE]	= "fore",
	[NFS41CONN_DIR_BACK]	= "back",
	[NFS41CONN_DIR_BOTH]	= "both",
};

/**
 * struct nfs41conn_seq_private - per-open state of a listing
 * @p: what seq_file_net() reads; must be first
 * @checked: @show_sessionids is known
 * @show_sessionids: the opener may see session IDs
 */
struct nfs41conn_seq_private {
	struct seq_net_private p;
	bool checked;
	bool show_sessionids;
};

static struct nfs41conn_table *nfs41conn_seq_table(struct seq_file *seq)
{
	return &nfs41conn_net(seq_file_net(seq))->table;
}

/*
 * The opener's right, as for drain: a descriptor passed to another process
 * shows what it showed its opener.  Asked once per open, so that a denial
 * is audited once, not once per read().
 */
static bool nfs41conn_show_sessionids(struct seq_file *seq)
{
	struct nfs41conn_seq_private *priv = seq->private;

	if (!priv->checked) {
		priv->show_sessionids =
			file_ns_capable(seq->file, seq_file_net(seq)->user_ns,
					CAP_NET_ADMIN);
		priv->checked = true;
	}
	return priv->show_sessionids;
}

/* A session ID in hex, or "-" to an opener who may not see it. */
static void nfs41conn_show_sessionid(struct seq_file *seq, const u8 *id)
{
	struct nfs41conn_seq_private *priv = seq->private;

	if (priv->show_sessionids)
		seq_printf(seq, "%*phN", NFS4_MAX_SESSIONID_LEN, id);
	else
		seq_putc(seq, '-');
}

static void *nfs41conn_conns_start(struct seq_file *seq, loff_t *pos)
	__acquires(RCU)
{
	nfs41conn_show_sessionids(seq);
	rcu_read_lock();
	return seq_list_start_head_rcu(&nfs41conn_seq_table(seq)->conn_list,
				       *pos);
}

static void *nfs41conn_conns_next(struct seq_file *seq, void *v, loff_t *pos)
{
	return seq_list_next_rcu(v, &nfs41conn_seq_table(seq)->conn_list, pos);
}

static void nfs41conn_seq_stop(struct seq_file *seq, void *v)
	__releases(RCU)
{
	rcu_read_unlock();
}

static int nfs41conn_conns_show(struct seq_file *seq, void *v)
{
	struct nfs41conn_table *table = nfs41conn_seq_table(seq);
	struct nfs41conn_binding *binding;
	struct nfs41conn_conn *conn;
	const char *sep = "";
	u64 age;

	if (v == &table->conn_list) {
		seq_puts(seq, "# id local remote age state calls refused_draining held_limit sessions\n");
		return 0;
	}
	conn = list_entry(v, struct nfs41conn_conn, link);
	age = ktime_get_boottime_ns() - conn->accepted_ns;
	seq_printf(seq, "%llu %pISpc %pISpc %llu %s %lld %lld %lld ",
		   conn->id, &conn->local, &conn->remote,
		   div_u64(age, NSEC_PER_SEC),
		   nfs41conn_state_names[READ_ONCE(conn->state)],
		   (long long)atomic64_read(&conn->counters[NFS41CONN_CALLS]),
		   (long long)atomic64_read(&conn->counters[NFS41CONN_REFUSED_DRAINING]),
		   (long long)atomic64_read(&conn->counters[NFS41CONN_HELD_LIMIT]));
	list_for_each_entry_rcu(binding, &conn->bindings, conn_link) {
		seq_puts(seq, sep);
		nfs41conn_show_sessionid(seq, binding->key.sessionid);
		/* Beyond the limit: no call is read from the connection. */
		seq_printf(seq, "/%s", READ_ONCE(binding->excess) ? "held" :
			   nfs41conn_dir_names[READ_ONCE(binding->dir)]);
		sep = ",";
	}
	seq_puts(seq, *sep ? "\n" : "-\n");
	return 0;
}

static const struct seq_operations nfs41conn_conns_seq_ops = {
	.start	= nfs41conn_conns_start,
	.next	= nfs41conn_conns_next,
	.stop	= nfs41conn_seq_stop,
	.show	= nfs41conn_conns_show,
};

static void *nfs41conn_sessions_start(struct seq_file *seq, loff_t *pos)
	__acquires(RCU)
{
	nfs41conn_show_sessionids(seq);
	rcu_read_lock();
	return seq_list_start_head_rcu(&nfs41conn_seq_table(seq)->session_list,
				       *pos);
}

static void *nfs41conn_sessions_next(struct seq_file *seq, void *v,
				     loff_t *pos)
{
	return seq_list_next_rcu(v, &nfs41conn_seq_table(seq)->session_list,
				 pos);
}

static bool nfs41conn_addr_equal(const union nfs41conn_addr *a,
				 const union nfs41conn_addr *b)
{
	return rpc_cmp_addr(&a->sa, &b->sa);
}

/*
 * Print the distinct client (remote) or server (local) addresses of the
 * connections bound to @session, without ports.
 */
static void nfs41conn_show_addrs(struct seq_file *seq,
				 struct nfs41conn_session *session,
				 bool local)
{
	struct nfs41conn_binding *binding, *earlier;
	const union nfs41conn_addr *addr;
	const char *sep = "";

	list_for_each_entry_rcu(binding, &session->bindings, session_link) {
		bool seen = false;

		addr = local ? &binding->conn->local : &binding->conn->remote;
		list_for_each_entry_rcu(earlier, &session->bindings,
					session_link) {
			if (earlier == binding)
				break;
			if (nfs41conn_addr_equal(addr, local ?
						 &earlier->conn->local :
						 &earlier->conn->remote)) {
				seen = true;
				break;
			}
		}
		if (seen)
			continue;
		seq_printf(seq, "%s%pISc", sep, addr);
		sep = ",";
	}
	if (!*sep)
		seq_puts(seq, "-");
}

static int nfs41conn_sessions_show(struct seq_file *seq, void *v)
{
	struct nfs41conn_table *table = nfs41conn_seq_table(seq);
	struct nfs41conn_session *session;

	if (v == &table->session_list) {
		seq_puts(seq, "# session conns limit fore back fore_ready clients servers held\n");
		return 0;
	}
	session = list_entry(v, struct nfs41conn_session, link);
	nfs41conn_show_sessionid(seq, session->id);
	seq_printf(seq, " %u %u %u %u %u ",
		   nfs41conn_session_nr_conns(session),
		   READ_ONCE(table->max_conns_per_session),
		   READ_ONCE(session->nr_fore), READ_ONCE(session->nr_back),
		   READ_ONCE(session->nr_fore_ready));
	nfs41conn_show_addrs(seq, session, false);
	seq_putc(seq, ' ');
	nfs41conn_show_addrs(seq, session, true);
	seq_printf(seq, " %u\n", READ_ONCE(session->nr_excess));
	return 0;
}

static const struct seq_operations nfs41conn_sessions_seq_ops = {
	.start	= nfs41conn_sessions_start,
	.next	= nfs41conn_sessions_next,
	.stop	= nfs41conn_seq_stop,
	.show	= nfs41conn_sessions_show,
};

static int nfs41conn_parse_addr(const char *s, union nfs41conn_addr *ss)
{
	struct sockaddr_in6 *sin6 = &ss->sin6;
	struct sockaddr_in *sin = &ss->sin;
	const char *end;

	/*
	 * in4_pton() also stops, successfully, at a colon: without the
	 * check of @end, "192.0.2.7:2049" would be taken for 192.0.2.7.
	 */
	memset(ss, 0, sizeof(*ss));
	if (in4_pton(s, -1, (u8 *)&sin->sin_addr.s_addr, '\0', &end) &&
	    !*end) {
		sin->sin_family = AF_INET;
		return 0;
	}
	if (in6_pton(s, -1, sin6->sin6_addr.s6_addr, '\0', &end) && !*end) {
		sin6->sin6_family = AF_INET6;
		return 0;
	}
	return -EINVAL;
}

static int nfs41conn_drain_one(struct nfs41conn_table *table,
			       struct nfs41conn_conn *conn,
			       enum nfs41conn_drain_by by, bool drain)
{
	int err;

	if (drain) {
		err = nfs41conn_drain(table, conn);
		trace_nfs41conn_drain(conn, by, err);
	} else {
		err = nfs41conn_undrain(table, conn);
		trace_nfs41conn_undrain(conn, by, err);
	}
	if (err == -EBUSY)
		pr_info("nfs41conn: connection %llu not drained: it is the last fore channel connection of a session\n",
			conn->id);
	return err;
}

/*
 * Drain or undrain every connection that matches.  Connections that can
 * be drained are, even when others cannot.
 *
 * Return: 0; -ENOENT if nothing matched; otherwise the first error, such
 * as -EBUSY for a connection that is the last fore channel connection of a
 * session.
 */
static int nfs41conn_drain_matching(struct nfs41conn_table *table,
				    enum nfs41conn_drain_by by, u64 id,
				    const union nfs41conn_addr *addr,
				    bool drain)
{
	struct nfs41conn_conn *conn;
	bool matched = false;
	int err = 0, ret;

	rcu_read_lock();
	if (by == NFS41CONN_DRAIN_BY_ID) {
		conn = nfs41conn_conn_lookup(table, id);
		err = conn ? nfs41conn_drain_one(table, conn, by, drain) :
			     -ENOENT;
		rcu_read_unlock();
		return err;
	}
	list_for_each_entry_rcu(conn, &table->conn_list, link) {
		if (!nfs41conn_addr_equal(addr, by == NFS41CONN_DRAIN_BY_LOCAL ?
					  &conn->local : &conn->remote))
			continue;
		matched = true;
		ret = nfs41conn_drain_one(table, conn, by, drain);
		/* A connection that closed meanwhile is not an error here. */
		if (ret && ret != -ESHUTDOWN && !err)
			err = ret;
	}
	rcu_read_unlock();
	return matched ? err : -ENOENT;
}

/* No ID (20 digits) or address (45 characters) is longer. */
#define NFS41CONN_DRAIN_VALUE_MAX	46

/*
 * Split @buf in place into at most @max words separated by white space.
 *
 * Return: the number of words, or -EINVAL if there are more.
 */
static int nfs41conn_split_words(char *buf, char **words, int max)
{
	int n = 0;

	buf = skip_spaces(buf);
	while (*buf) {
		if (n == max)
			return -EINVAL;
		words[n++] = buf;
		while (*buf && !isspace(*buf))
			buf++;
		if (*buf)
			*buf++ = '\0';
		buf = skip_spaces(buf);
	}
	return n;
}

static int nfs41conn_drain_write(struct file *file, char *buf, size_t size)
{
	struct seq_file *seq = file->private_data;
	struct net *net = seq_file_single_net(seq);
	struct nfs41conn_table *table = &nfs41conn_net(net)->table;
	union nfs41conn_addr addr;
	enum nfs41conn_drain_by by;
	char *word[3];
	bool drain;
	u64 id = 0;
	int err;

	/* The opener's right, not the writer's: a descriptor may be passed. */
	if (!file_ns_capable(file, net->user_ns, CAP_NET_ADMIN))
		return -EPERM;
	/*
	 * Exactly three whole words: "drain id 1 2" must not drain
	 * connection 1, nor "undrainid 5" undrain connection 5.
	 */
	if (nfs41conn_split_words(buf, word, ARRAY_SIZE(word)) != 3 ||
	    strlen(word[2]) > NFS41CONN_DRAIN_VALUE_MAX)
		return -EINVAL;
	if (!strcmp(word[0], "drain"))
		drain = true;
	else if (!strcmp(word[0], "undrain"))
		drain = false;
	else
		return -EINVAL;

	if (!strcmp(word[1], "id")) {
		by = NFS41CONN_DRAIN_BY_ID;
		if (kstrtou64(word[2], 10, &id))
			return -EINVAL;
	} else if (!strcmp(word[1], "local") || !strcmp(word[1], "remote")) {
		by = word[1][0] == 'l' ? NFS41CONN_DRAIN_BY_LOCAL :
					 NFS41CONN_DRAIN_BY_REMOTE;
		if (nfs41conn_parse_addr(word[2], &addr))
			return -EINVAL;
	} else {
		return -EINVAL;
	}
	err = nfs41conn_drain_matching(table, by, id, &addr, drain);
	/* Even partly done: what was drained closes once idle. */
	if (drain && err != -ENOENT)
		nfs41conn_drain_close_kick(nfs41conn_net(net));
	return err;
}

static int nfs41conn_drain_show(struct seq_file *seq, void *v)
{
	seq_puts(seq, "# write: drain|undrain id <id>|local <addr>|remote <addr>\n");
	return 0;
}

/**
 * nfs41conn_proc_register - create /proc/net/nfs41conn/ for a namespace
 * @net: the namespace
 *
 * Return: 0 or -ENOMEM.
 */
int nfs41conn_proc_register(struct net *net)
{
	struct nfs41conn_net *nn = nfs41conn_net(net);
	struct proc_dir_entry *dir;

	dir = proc_net_mkdir(net, "nfs41conn", net->proc_net);
	if (!dir)
		return -ENOMEM;
	if (!proc_create_net("connections", 0444, dir, &nfs41conn_conns_seq_ops,
			     sizeof(struct nfs41conn_seq_private)) ||
	    !proc_create_net("sessions", 0444, dir, &nfs41conn_sessions_seq_ops,
			     sizeof(struct nfs41conn_seq_private)) ||
	    !proc_create_net_single_write("drain", 0644, dir,
					  nfs41conn_drain_show,
					  nfs41conn_drain_write, NULL)) {
		remove_proc_subtree("nfs41conn", net->proc_net);
		return -ENOMEM;
	}
	nn->proc = dir;
	return 0;
}

/**
 * nfs41conn_proc_unregister - remove /proc/net/nfs41conn/ of a namespace
 * @net: the namespace
 */
void nfs41conn_proc_unregister(struct net *net)
{
	remove_proc_subtree("nfs41conn", net->proc_net);
}
