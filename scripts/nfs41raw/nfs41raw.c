// SPDX-License-Identifier: GPL-2.0
/*
 * nfs41raw - a raw NFSv4.1 client, to test nfs41conn in front of knfsd
 *
 *	nfs41raw [-p PORT] [-r REFPORT] [-s ADDR] CASE...
 *	nfs41raw -l | -L auth | -L gss | -L minor
 *
 * Sends what the Linux NFS client never sends -- BIND_CONN_TO_SESSION in
 * each direction and rebinds, BIND_CONN_TO_SESSION not alone, unknown
 * sessions, binds over the session limit (held, admitted, rejected),
 * COMPOUND heads truncated at every offset, SEQUENCE on a draining
 * connection -- and checks both the server's replies and what nfs41conn
 * shows in /proc/net/nfs41conn/.
 *
 * Each CASE is self-contained: it opens its own connections, creates its
 * own client and session, restores any sysctl it changes, and destroys
 * what it created.  The exit status is 0 if every case passed, 1 if one
 * failed, 2 on a usage error.  Diagnostics go to standard output; a test
 * window (scripts/tests/60-raw.sh) runs one case per invocation and makes
 * each a KTAP test case.  -l lists the cases.  -L auth lists the crafted
 * credential cases (scripts/tests/61-auth-diff.sh): one SEQUENCE under
 * each crafted credential and verifier, sent through REFPORT and through
 * nfs41conn, drained and not.  -L gss lists the RPCSEC_GSS reconnect
 * cases (scripts/tests/62-gss-storm.sh); -L minor the minor version
 * cases (scripts/tests/63-minorversion.sh), which stop and start nfsd.
 *
 * REFPORT is a plain sunrpc "tcp" listener of the same nfsd: the
 * truncation cases send every truncated call to both ports and require
 * the same outcome, i.e. that nfs41conn answers as nfsd alone does.
 *
 * The XDR (RFC 4506), RPC (RFC 5531) and record marking are written by
 * hand here, to control every byte: no libtirpc.  Sessions are made over
 * AUTH_SYS; other flavors (RPCSEC_GSS with made-up handles included) are
 * only ever crafted.  Everything runs as root inside User-Mode Linux.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/types.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef __u8 u8;
typedef __u32 u32;
typedef __u64 u64;

/* The kernel's __printf(), which user space has no header for. */
#define __gnu_attribute		__attribute__
#define __printf(a, b)		__gnu_attribute((format(printf, a, b)))

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define XDR_PAD(n)		(((n) + 3) & ~(size_t)3)

/* RFC 5531 */
#define RPC_CALL		0
#define RPC_REPLY		1
#define RPC_VERSION		2
#define MSG_ACCEPTED		0
#define MSG_DENIED		1
#define RPC_SUCCESS		0
#define RPC_PROC_UNAVAIL	3
#define AUTH_NONE		0
#define AUTH_SYS		1
#define AUTH_SHORT		2
#define AUTH_TLS		7
#define RPCSEC_GSS		6
#define RPCSEC_GSS_DATA		0
#define RPCSEC_GSS_INIT		1
#define RPC_GSS_SVC_NONE	1
#define AUTH_ERROR		1	/* reject_stat */
#define AUTH_BADCRED		1
#define RPCSEC_GSS_CREDPROBLEM	13
#define LAST_FRAGMENT		0x80000000u

/* RFC 8881 */
#define NFS_PROGRAM		100003
#define NFS_V4			4
#define NFSPROC4_NULL		0
#define NFSPROC4_COMPOUND	1
#define CB_PROGRAM		0x40000000u

#define OP_GETATTR		9
#define OP_PUTROOTFH		24
#define OP_BIND_CONN_TO_SESSION	41
#define OP_EXCHANGE_ID		42
#define OP_CREATE_SESSION	43
#define OP_DESTROY_SESSION	44
#define OP_SEQUENCE		53
#define OP_DESTROY_CLIENTID	57

#define NFS4_OK			0
#define NFS4ERR_INVAL		22
#define NFS4ERR_MINOR_VERS_MISMATCH	10021
#define NFS4ERR_DELAY		10008
#define NFS4ERR_BADSESSION	10052
#define NFS4ERR_NOT_ONLY_OP	10081

#define CDFC4_FORE		0x1
#define CDFC4_BACK		0x2
#define CDFC4_FORE_OR_BOTH	0x3
#define CDFC4_BACK_OR_BOTH	0x7
#define CDFS4_FORE		0x1
#define CDFS4_BACK		0x2
#define CDFS4_BOTH		0x3

#define SESSION4_BACK_CHAN	0x2
#define EXCHGID4_FLAG_USE_NON_PNFS	0x00010000
#define SP4_NONE		0
#define SESSIONID_SIZE		16
#define FATTR4_TYPE		1

#define BUF_MAX			16384
#define REPLY_TIMEOUT_MS	10000
#define EMPTY_RECORD_MS		1000
#define RES_MAX			4
#define TAG			"nfs41raw"
#define PROC_CONNS		"/proc/net/nfs41conn/connections"
#define PROC_SESSIONS		"/proc/net/nfs41conn/sessions"
#define PROC_DRAIN		"/proc/net/nfs41conn/drain"
#define SYSCTL_MAX_CONNS	"/proc/sys/net/nfs41conn/max_conns_per_session"
#define SYSCTL_EVICT_IDLE	"/proc/sys/net/nfs41conn/evict_idle_ms"
#define SYSCTL_DRAIN_CLOSE	"/proc/sys/net/nfs41conn/drain_close_idle_ms"
#define NFSD_THREADS		"/proc/fs/nfsd/threads"
#define NFSD_VERSIONS		"/proc/fs/nfsd/versions"
#define NFSD_PORTLIST		"/proc/fs/nfsd/portlist"

static const char *server_addr = "127.0.0.1";
static int server_port = 2049;
static int ref_port;
static u32 next_xid;
static unsigned int owner_seq;
static unsigned int failures;
/* The tag of the COMPOUNDs sequence() and bcts() send. */
static const char *call_tag = TAG;
/* The minor version of every COMPOUND sent; case_end() resets it. */
static u32 call_minor = 1;
static unsigned int checks;

/* Diagnostics: one line each, on standard output. */
static void __printf(1, 2) diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* Check @cond; a failure is counted and described.  Returns @cond. */
static bool __printf(3, 4)
expect_at(int line, bool cond, const char *fmt, ...)
{
	va_list ap;

	checks++;
	if (cond)
		return true;
	failures++;
	printf("line %d: ", line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	return false;
}

#define expect(cond, ...)	expect_at(__LINE__, (cond), __VA_ARGS__)

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void hex(const u8 *p, size_t len, char *out)
{
	size_t i;

	for (i = 0; i < len; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
	out[2 * len] = '\0';
}

/* XDR encoding into a fixed buffer; an overflow is remembered. */
struct xdr_out {
	u8	data[BUF_MAX];
	size_t	len;
	bool	overflow;
};

static void put_bytes(struct xdr_out *x, const void *p, size_t len)
{
	size_t padded = XDR_PAD(len);

	if (padded > sizeof(x->data) - x->len) {
		x->overflow = true;
		return;
	}
	memcpy(x->data + x->len, p, len);
	memset(x->data + x->len + len, 0, padded - len);
	x->len += padded;
}

static void put_u32(struct xdr_out *x, u32 v)
{
	u32 be = htonl(v);

	put_bytes(x, &be, sizeof(be));
}

static void put_u64(struct xdr_out *x, u64 v)
{
	put_u32(x, (u32)(v >> 32));
	put_u32(x, (u32)v);
}

static void put_opaque(struct xdr_out *x, const void *p, size_t len)
{
	put_u32(x, (u32)len);
	put_bytes(x, p, len);
}

/* XDR decoding; reading past the end sets @bad and yields zeroes. */
struct xdr_in {
	const u8	*data;
	size_t		len;
	size_t		pos;
	bool		bad;
};

static bool get_bytes(struct xdr_in *x, void *p, size_t len)
{
	size_t padded = XDR_PAD(len);

	if (x->bad || padded > x->len - x->pos) {
		x->bad = true;
		if (p)
			memset(p, 0, len);
		return false;
	}
	if (p)
		memcpy(p, x->data + x->pos, len);
	x->pos += padded;
	return true;
}

static u32 get_u32(struct xdr_in *x)
{
	u32 be;

	if (!get_bytes(x, &be, sizeof(be)))
		return 0;
	return ntohl(be);
}

static u64 get_u64(struct xdr_in *x)
{
	u64 hi = get_u32(x);

	return hi << 32 | get_u32(x);
}

/* Read an opaque<> of at most @max bytes into @p (NULL: skip it). */
static u32 get_opaque(struct xdr_in *x, void *p, size_t max)
{
	u32 len = get_u32(x);

	if (len > max) {
		x->bad = true;
		return 0;
	}
	get_bytes(x, p, len);
	return len;
}

/* A TCP connection to the server. */
struct conn {
	int		fd;
	int		port;		/* the server's */
	unsigned int	lport;		/* ours: the "remote" in the listing */
};

static int conn_open(struct conn *c, int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	int one = 1;

	c->fd = -1;
	c->port = port;
	sin.sin_port = htons(port);
	if (inet_pton(AF_INET, server_addr, &sin.sin_addr) != 1) {
		diag("bad server address %s", server_addr);
		return -1;
	}
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		diag("socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(c->fd, (struct sockaddr *)&sin, sizeof(sin)) ||
	    getsockname(c->fd, (struct sockaddr *)&sin, &len)) {
		diag("connecting to %s:%d: %s", server_addr, port,
		     strerror(errno));
		close(c->fd);
		c->fd = -1;
		return -1;
	}
	c->lport = ntohs(sin.sin_port);
	return 0;
}

static void conn_close(struct conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

static int write_all(int fd, const void *p, size_t len)
{
	const u8 *b = p;
	ssize_t n;

	while (len) {
		n = send(fd, b, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -errno;
		b += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Send @len bytes of @p as one record whose marker says @reclen. */
static int send_record_len(struct conn *c, const void *p, size_t len,
			   u32 reclen)
{
	u32 marker = htonl(LAST_FRAGMENT | reclen);
	int err;

	err = write_all(c->fd, &marker, sizeof(marker));
	if (!err)
		err = write_all(c->fd, p, len);
	if (err)
		diag("sending on port %u: %s", c->lport, strerror(-err));
	return err;
}

static int send_record(struct conn *c, const void *p, size_t len)
{
	return send_record_len(c, p, len, (u32)len);
}

/*
 * Read exactly @len bytes by @deadline.  Returns 0, -EPIPE at end of
 * file (or a reset: the server closed), -ETIMEDOUT, or another -errno.
 */
static int read_all(int fd, void *p, size_t len, long long deadline)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	u8 *b = p;
	ssize_t n;
	int left;

	while (len) {
		left = (int)(deadline - now_ms());
		if (left <= 0)
			return -ETIMEDOUT;
		n = poll(&pfd, 1, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			return -ETIMEDOUT;
		n = recv(fd, b, len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (!n || (n < 0 && errno == ECONNRESET))
			return -EPIPE;
		if (n < 0)
			return -errno;
		b += n;
		len -= (size_t)n;
	}
	return 0;
}

/* How long the rest of a record whose marker arrived may take. */
#define RECORD_REST_MS	5000

/* Receive one record (all its fragments).  Returns its length or -errno. */
static int recv_record(struct conn *c, u8 *buf, size_t max, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	size_t len = 0;
	u32 marker, frag;
	int err;

	do {
		err = read_all(c->fd, &marker, sizeof(marker), deadline);
		if (err)
			return err;
		marker = ntohl(marker);
		frag = marker & ~LAST_FRAGMENT;
		if (frag > max - len)
			return -EMSGSIZE;
		/*
		 * A record begun is read to its end, whatever the caller's
		 * timeout: giving up in its middle would leave the rest to
		 * be taken for the next record marker.
		 */
		if (deadline < now_ms() + RECORD_REST_MS)
			deadline = now_ms() + RECORD_REST_MS;
		err = read_all(c->fd, buf + len, frag, deadline);
		if (err)
			return err;
		len += frag;
	} while (!(marker & LAST_FRAGMENT));
	return (int)len;
}

/*
 * A credential and verifier, honest or crafted.  AUTH_SYS: authsys_parms
 * with a machine name of @machname_len bytes and @ngids gids, then
 * @trailing bytes of @trailing_fill, under a declared length off by
 * @decl_delta (or 0 if @decl_zero).  RPCSEC_GSS: rpc_gss_cred_vers_1_t
 * with a handle of @handle_len bytes, its declared length off by
 * @decl_delta.  Any other flavor: a body of @cred_len bytes.  The
 * verifier is @verf_flavor with @verf_len bytes.
 */
struct cred_form {
	const char	*name;
	u32		flavor;
	int		decl_delta;
	bool		decl_zero;
	u32		machname_len;
	u32		ngids;
	u32		trailing;
	u8		trailing_fill;
	u32		cred_len;
	u32		gss_version;
	u32		gss_proc;
	u32		gss_seq;
	u32		gss_service;
	u32		handle_len;
	u32		verf_flavor;
	u32		verf_len;
	/* RPCSEC_GSS of the form sunrpc takes: the gate cannot answer it */
	bool		gss_wellformed;
};

/* What nfs41raw sends unless told otherwise: uid 0, gid 0, no gids. */
static const struct cred_form form_sys = {
	.name = "honest AUTH_SYS", .flavor = AUTH_SYS, .machname_len = 8,
	.verf_flavor = AUTH_NONE,
};

static const struct cred_form form_none = {
	.name = "AUTH_NONE", .flavor = AUTH_NONE, .verf_flavor = AUTH_NONE,
};

static void put_cred(struct xdr_out *x, const struct cred_form *f)
{
	static const char machine[] = "nfs41raw";
	u8 body[1024];
	u32 i, len;

	memset(body, 0, sizeof(body));
	put_u32(x, f->flavor);
	if (f->flavor == AUTH_SYS) {
		/* authsys_parms: stamp, machinename, uid, gid, gids */
		len = 5 * 4 + (u32)XDR_PAD(f->machname_len) + 4 * f->ngids +
		      (u32)XDR_PAD(f->trailing);
		put_u32(x, f->decl_zero ? 0 : len + (u32)f->decl_delta);
		put_u32(x, 0x6e667331);
		for (i = 0; i < f->machname_len && i < sizeof(body); i++)
			body[i] = (u8)machine[i % (sizeof(machine) - 1)];
		put_opaque(x, body, f->machname_len);
		put_u32(x, 0);
		put_u32(x, 0);
		put_u32(x, f->ngids);
		for (i = 0; i < f->ngids; i++)
			put_u32(x, 100 + i);
		memset(body, f->trailing_fill, sizeof(body));
		if (f->trailing)
			put_bytes(x, body, f->trailing);
	} else if (f->flavor == RPCSEC_GSS) {
		put_u32(x, 5 * 4 + (u32)XDR_PAD(f->handle_len) +
			   (u32)f->decl_delta);
		put_u32(x, f->gss_version);
		put_u32(x, f->gss_proc);
		put_u32(x, f->gss_seq);
		put_u32(x, f->gss_service);
		memset(body, 0x77, sizeof(body));
		put_opaque(x, body, f->handle_len);
	} else {
		put_opaque(x, body, f->cred_len);
	}
	memset(body, f->verf_flavor == RPCSEC_GSS ? 0x5c : 0, sizeof(body));
	put_u32(x, f->verf_flavor);
	put_opaque(x, body, f->verf_len);
}

/* The RPC call header (RFC 5531 Section 9), with @f; returns the XID. */
static u32 start_call_form(struct xdr_out *x, u32 prog, u32 vers, u32 proc,
			   const struct cred_form *f)
{
	u32 xid = next_xid++;

	memset(x, 0, sizeof(*x));
	put_u32(x, xid);
	put_u32(x, RPC_CALL);
	put_u32(x, RPC_VERSION);
	put_u32(x, prog);
	put_u32(x, vers);
	put_u32(x, proc);
	put_cred(x, f);
	return xid;
}

/* The RPC call header (RFC 5531 Section 9); returns the XID. */
static u32 start_call(struct xdr_out *x, u32 prog, u32 vers, u32 proc,
		      u32 flavor)
{
	return start_call_form(x, prog, vers, proc,
			       flavor == AUTH_SYS ? &form_sys : &form_none);
}

/* An NFSv4.1 COMPOUND call under @f, up to its first operation. */
static u32 start_compound_form(struct xdr_out *x, const struct cred_form *f,
			       const char *tag, u32 nops)
{
	u32 xid = start_call_form(x, NFS_PROGRAM, NFS_V4, NFSPROC4_COMPOUND,
				  f);

	put_opaque(x, tag, strlen(tag));
	put_u32(x, call_minor);
	put_u32(x, nops);
	return xid;
}

/* An NFSv4.1 COMPOUND call, up to its first operation; returns the XID. */
static u32 start_compound(struct xdr_out *x, u32 flavor, const char *tag,
			  u32 nops)
{
	u32 xid = start_call(x, NFS_PROGRAM, NFS_V4, NFSPROC4_COMPOUND,
			     flavor);

	put_opaque(x, tag, strlen(tag));
	put_u32(x, call_minor);
	put_u32(x, nops);
	return xid;
}

static void op_sequence(struct xdr_out *x, const u8 *sid, u32 seqid, u32 slot)
{
	put_u32(x, OP_SEQUENCE);
	put_bytes(x, sid, SESSIONID_SIZE);
	put_u32(x, seqid);
	put_u32(x, slot);
	put_u32(x, slot);		/* highest_slotid */
	put_u32(x, 0);			/* cachethis */
}

static void op_bcts(struct xdr_out *x, const u8 *sid, u32 dir)
{
	put_u32(x, OP_BIND_CONN_TO_SESSION);
	put_bytes(x, sid, SESSIONID_SIZE);
	put_u32(x, dir);
	put_u32(x, 0);			/* use_conn_in_rdma_mode */
}

static void op_putrootfh(struct xdr_out *x)
{
	put_u32(x, OP_PUTROOTFH);
}

static void op_getattr_type(struct xdr_out *x)
{
	put_u32(x, OP_GETATTR);
	put_u32(x, 1);
	put_u32(x, 1u << FATTR4_TYPE);
}

static void op_exchange_id(struct xdr_out *x, const char *owner,
			   const u8 *verifier)
{
	put_u32(x, OP_EXCHANGE_ID);
	put_bytes(x, verifier, 8);
	put_opaque(x, owner, strlen(owner));
	put_u32(x, EXCHGID4_FLAG_USE_NON_PNFS);
	put_u32(x, SP4_NONE);
	put_u32(x, 0);			/* no client_impl_id */
}

static void put_channel_attrs(struct xdr_out *x, u32 size, u32 cached,
			      u32 maxops, u32 maxreqs)
{
	put_u32(x, 0);			/* headerpadsize */
	put_u32(x, size);		/* maxrequestsize */
	put_u32(x, size);		/* maxresponsesize */
	put_u32(x, cached);		/* maxresponsesize_cached */
	put_u32(x, maxops);
	put_u32(x, maxreqs);
	put_u32(x, 0);			/* no rdma_ird */
}

static void op_create_session(struct xdr_out *x, u64 clientid, u32 seqid,
			      u32 flags)
{
	put_u32(x, OP_CREATE_SESSION);
	put_u64(x, clientid);
	put_u32(x, seqid);
	put_u32(x, flags);
	put_channel_attrs(x, 1048576, 8192, 16, 4);
	put_channel_attrs(x, 65536, 0, 4, 1);
	put_u32(x, CB_PROGRAM);
	put_u32(x, 1);			/* csa_sec_parms: one, AUTH_NONE */
	put_u32(x, AUTH_NONE);
}

static void op_destroy_session(struct xdr_out *x, const u8 *sid)
{
	put_u32(x, OP_DESTROY_SESSION);
	put_bytes(x, sid, SESSIONID_SIZE);
}

static void op_destroy_clientid(struct xdr_out *x, u64 clientid)
{
	put_u32(x, OP_DESTROY_CLIENTID);
	put_u64(x, clientid);
}

/* One result of a COMPOUND4res. */
struct result {
	u32	opnum;
	u32	status;
	u8	sid[SESSIONID_SIZE];	/* SEQUENCE, BCTS, CREATE_SESSION */
	u32	seqid;			/* SEQUENCE, EXCHANGE_ID, CREATE_SESSION */
	u32	dir;			/* BCTS */
	u32	flags;			/* EXCHANGE_ID, CREATE_SESSION */
	u64	clientid;		/* EXCHANGE_ID */
};

/* A reply, as received and as decoded. */
struct reply {
	u8		raw[BUF_MAX];
	size_t		len;
	u32		xid;
	u32		msg_type;
	u32		reply_stat;
	u32		verf_flavor;
	u32		verf_len;
	u32		accept_stat;	/* if MSG_ACCEPTED */
	u32		reject_stat;	/* if MSG_DENIED */
	u32		auth_stat;	/* if AUTH_ERROR */
	u32		status;		/* COMPOUND4res */
	char		tag[256];
	u32		tag_len;
	u32		nres;
	u32		nparsed;	/* results decoded into @res */
	bool		complete;	/* every result decoded, nothing after */
	struct result	res[RES_MAX];
};

static void get_channel_attrs(struct xdr_in *x)
{
	u32 i, n;

	for (i = 0; i < 6; i++)
		get_u32(x);
	n = get_u32(x);			/* ca_rdma_ird<1> */
	if (n > 1)
		x->bad = true;
	else if (n)
		get_u32(x);
}

/* Decode one resok; false if it is not decoded (unknown operation). */
static bool get_resok(struct xdr_in *x, struct result *res)
{
	u32 n, i;

	switch (res->opnum) {
	case OP_SEQUENCE:
		get_bytes(x, res->sid, SESSIONID_SIZE);
		res->seqid = get_u32(x);
		for (i = 0; i < 4; i++)	/* slot, highest, target, flags */
			get_u32(x);
		return true;
	case OP_BIND_CONN_TO_SESSION:
		get_bytes(x, res->sid, SESSIONID_SIZE);
		res->dir = get_u32(x);
		get_u32(x);
		return true;
	case OP_EXCHANGE_ID:
		res->clientid = get_u64(x);
		res->seqid = get_u32(x);
		res->flags = get_u32(x);
		if (get_u32(x) != SP4_NONE)
			return false;
		get_u64(x);			/* so_minor_id */
		get_opaque(x, NULL, 1024);	/* so_major_id */
		get_opaque(x, NULL, 1024);	/* server_scope */
		n = get_u32(x);			/* eir_server_impl_id<1> */
		if (n > 1) {
			x->bad = true;
			return false;
		}
		if (n) {
			get_opaque(x, NULL, 1024);
			get_opaque(x, NULL, 1024);
			get_u64(x);
			get_u32(x);
		}
		return true;
	case OP_CREATE_SESSION:
		get_bytes(x, res->sid, SESSIONID_SIZE);
		res->seqid = get_u32(x);
		res->flags = get_u32(x);
		get_channel_attrs(x);
		get_channel_attrs(x);
		return true;
	case OP_GETATTR:
		n = get_u32(x);			/* bitmap4 */
		if (n > 8) {
			x->bad = true;
			return false;
		}
		for (i = 0; i < n; i++)
			get_u32(x);
		get_opaque(x, NULL, BUF_MAX);
		return true;
	case OP_PUTROOTFH:
	case OP_DESTROY_SESSION:
	case OP_DESTROY_CLIENTID:
		return true;
	}
	return false;
}

/* Decode @r->raw.  Returns false if it is not a well-formed reply. */
static bool parse_reply(struct reply *r)
{
	struct xdr_in x = { .data = r->raw, .len = r->len };
	bool more = true;
	u32 i;

	memset(&r->xid, 0, sizeof(*r) - offsetof(struct reply, xid));
	r->xid = get_u32(&x);
	r->msg_type = get_u32(&x);
	r->reply_stat = get_u32(&x);
	if (x.bad || r->msg_type != RPC_REPLY)
		return false;
	if (r->reply_stat == MSG_DENIED) {
		r->reject_stat = get_u32(&x);
		r->auth_stat = get_u32(&x);	/* or mismatch_info.low */
		return !x.bad;
	}
	if (r->reply_stat != MSG_ACCEPTED)
		return false;
	r->verf_flavor = get_u32(&x);
	r->verf_len = get_opaque(&x, NULL, 400);
	r->accept_stat = get_u32(&x);
	if (x.bad)
		return false;
	if (r->accept_stat != RPC_SUCCESS)
		return true;
	if (x.pos == x.len) {		/* a NULL reply */
		r->complete = true;
		return true;
	}
	r->status = get_u32(&x);
	r->tag_len = get_opaque(&x, r->tag, sizeof(r->tag) - 1);
	r->tag[r->tag_len] = '\0';
	r->nres = get_u32(&x);
	for (i = 0; i < r->nres && i < RES_MAX && more && !x.bad; i++) {
		struct result *res = &r->res[i];

		memset(res, 0, sizeof(*res));
		res->opnum = get_u32(&x);
		res->status = get_u32(&x);
		if (res->status == NFS4_OK)
			more = get_resok(&x, res);
		if (!x.bad)
			r->nparsed = i + 1;
	}
	r->complete = !x.bad && more && r->nparsed == r->nres &&
		      x.pos == x.len;
	return !x.bad;
}

/*
 * A call from the server on the back channel: answer CB_NULL, refuse
 * anything else (PROC_UNAVAIL).
 */
static void answer_callback(struct conn *c, const u8 *buf, size_t len)
{
	struct xdr_in in = { .data = buf, .len = len };
	struct xdr_out *out = calloc(1, sizeof(*out));
	u32 xid, proc;

	if (!out)
		return;
	xid = get_u32(&in);
	get_u32(&in);			/* CALL */
	get_u32(&in);			/* rpcvers */
	get_u32(&in);			/* prog */
	get_u32(&in);			/* vers */
	proc = get_u32(&in);
	put_u32(out, xid);
	put_u32(out, RPC_REPLY);
	put_u32(out, MSG_ACCEPTED);
	put_u32(out, AUTH_NONE);
	put_u32(out, 0);
	put_u32(out, proc == 0 ? RPC_SUCCESS : RPC_PROC_UNAVAIL);
	if (!in.bad)
		send_record(c, out->data, out->len);
	free(out);
}

/*
 * Receive the reply to @xid on @c, answering callbacks meanwhile.
 * Returns 0, or -errno: -EPIPE if the server closed, -ETIMEDOUT,
 * -EPROTO for a malformed reply or one to another XID.
 */
static int wait_reply(struct conn *c, u32 xid, struct reply *r,
		      int timeout_ms)
{
	int n;

	for (;;) {
		n = recv_record(c, r->raw, sizeof(r->raw), timeout_ms);
		if (n < 0)
			return n;
		r->len = (size_t)n;
		if (r->len >= 8 && !memcmp(r->raw + 4, "\0\0\0\0", 4)) {
			answer_callback(c, r->raw, r->len);
			continue;
		}
		if (!parse_reply(r)) {
			diag("port %u: malformed reply of %zu bytes", c->lport,
			     r->len);
			return -EPROTO;
		}
		if (r->xid != xid) {
			diag("port %u: reply to xid %#x, expected %#x",
			     c->lport, r->xid, xid);
			return -EPROTO;
		}
		return 0;
	}
}

/* Send the call in @x and receive its reply. */
static int rpc_call(struct conn *c, const struct xdr_out *x, u32 xid,
		    struct reply *r)
{
	int err;

	if (x->overflow) {
		diag("the call does not fit in %d bytes", BUF_MAX);
		return -EMSGSIZE;
	}
	err = send_record(c, x->data, x->len);
	if (!err)
		err = wait_reply(c, xid, r, REPLY_TIMEOUT_MS);
	if (err && err != -EPROTO)
		diag("port %u: no reply: %s", c->lport, strerror(-err));
	return err;
}

/* Did @r come back accepted, with a COMPOUND4res of @status? */
static bool compound_status(const struct reply *r, u32 status)
{
	return r->reply_stat == MSG_ACCEPTED && r->accept_stat == RPC_SUCCESS &&
	       r->status == status;
}

static const char *describe(const struct reply *r, char *buf, size_t size)
{
	size_t n;
	u32 i;

	if (r->reply_stat == MSG_DENIED) {
		snprintf(buf, size, "denied reject_stat=%u auth_stat=%u",
			 r->reject_stat, r->auth_stat);
		return buf;
	}
	if (r->accept_stat != RPC_SUCCESS) {
		snprintf(buf, size, "accepted accept_stat=%u", r->accept_stat);
		return buf;
	}
	n = (size_t)snprintf(buf, size, "status=%u tag='%s' nres=%u", r->status,
			     r->tag, r->nres);
	for (i = 0; i < r->nparsed && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, " op%u=%u/%u", i,
				      r->res[i].opnum, r->res[i].status);
	return buf;
}

/* A client of the server, with one session. */
struct session {
	u64	clientid;
	u8	verifier[8];
	char	owner[64];
	u8	sid[SESSIONID_SIZE];
	char	sid_hex[2 * SESSIONID_SIZE + 1];
	u32	flags;			/* granted */
	u32	slot_seqid;		/* the last one used on slot 0 */
	bool	created;
};

static int exchange_id(struct conn *c, struct session *s, struct reply *r)
{
	struct xdr_out x;
	u32 xid;
	int err;

	xid = start_compound(&x, AUTH_SYS, TAG, 1);
	op_exchange_id(&x, s->owner, s->verifier);
	err = rpc_call(c, &x, xid, r);
	if (err)
		return err;
	if (!expect(compound_status(r, NFS4_OK) && r->nparsed == 1 &&
		    r->res[0].opnum == OP_EXCHANGE_ID,
		    "EXCHANGE_ID failed: status %u", r->status))
		return -EPROTO;
	return 0;
}

/* EXCHANGE_ID then CREATE_SESSION on @c, with @flags (SESSION4_*). */
static int new_session(struct conn *c, struct session *s, u32 flags)
{
	struct reply *r = calloc(1, sizeof(*r));
	struct xdr_out x;
	u32 xid, seqid;
	int err;

	if (!r)
		return -ENOMEM;
	memset(s, 0, sizeof(*s));
	snprintf(s->owner, sizeof(s->owner), "nfs41raw.%d.%u", getpid(),
		 owner_seq++);
	memcpy(s->verifier, &next_xid, sizeof(next_xid));
	err = exchange_id(c, s, r);
	if (err)
		goto out;
	s->clientid = r->res[0].clientid;
	seqid = r->res[0].seqid;

	xid = start_compound(&x, AUTH_SYS, TAG, 1);
	op_create_session(&x, s->clientid, seqid, flags);
	err = rpc_call(c, &x, xid, r);
	if (err)
		goto out;
	if (!expect(compound_status(r, NFS4_OK) && r->nparsed == 1 &&
		    r->res[0].opnum == OP_CREATE_SESSION,
		    "CREATE_SESSION failed: status %u", r->status)) {
		err = -EPROTO;
		goto out;
	}
	memcpy(s->sid, r->res[0].sid, SESSIONID_SIZE);
	hex(s->sid, SESSIONID_SIZE, s->sid_hex);
	s->flags = r->res[0].flags;
	s->created = true;
out:
	free(r);
	return err;
}

/* A COMPOUND of SEQUENCE alone; the slot's seqid moves on if it passed. */
static int sequence(struct conn *c, struct session *s, u32 flavor,
		    struct reply *r, u32 *xidp)
{
	struct xdr_out x;
	u32 xid;
	int err;

	xid = start_compound(&x, flavor, call_tag, 1);
	op_sequence(&x, s->sid, s->slot_seqid + 1, 0);
	if (xidp)
		*xidp = xid;
	err = rpc_call(c, &x, xid, r);
	if (!err && r->nparsed && r->res[0].opnum == OP_SEQUENCE &&
	    r->res[0].status == NFS4_OK)
		s->slot_seqid++;
	return err;
}

/* A COMPOUND of BIND_CONN_TO_SESSION alone. */
static int bcts(struct conn *c, const u8 *sid, u32 dir, u32 flavor,
		struct reply *r, u32 *xidp)
{
	struct xdr_out x;
	u32 xid;

	xid = start_compound(&x, flavor, call_tag, 1);
	op_bcts(&x, sid, dir);
	if (xidp)
		*xidp = xid;
	return rpc_call(c, &x, xid, r);
}

static int null_call(struct conn *c, struct reply *r)
{
	struct xdr_out x;
	u32 xid;

	xid = start_call(&x, NFS_PROGRAM, NFS_V4, NFSPROC4_NULL, AUTH_NONE);
	return rpc_call(c, &x, xid, r);
}

/* Best effort: DESTROY_SESSION and DESTROY_CLIENTID, on a new connection. */
static void destroy_session(struct session *s)
{
	struct reply *r = calloc(1, sizeof(*r));
	struct xdr_out x;
	struct conn c;
	u32 xid;

	if (!r)
		return;
	if (!s->clientid || conn_open(&c, server_port))
		goto out;
	if (s->created) {
		xid = start_compound(&x, AUTH_SYS, TAG, 1);
		op_destroy_session(&x, s->sid);
		rpc_call(&c, &x, xid, r);
		s->created = false;
	}
	xid = start_compound(&x, AUTH_SYS, TAG, 1);
	op_destroy_clientid(&x, s->clientid);
	rpc_call(&c, &x, xid, r);
	s->clientid = 0;
	conn_close(&c);
out:
	free(r);
}

/* The module's view: /proc/net/nfs41conn/. */
struct conn_line {
	unsigned long long	id;
	char			local[64];
	char			remote[64];
	char			state[16];
	long long		calls;
	long long		refused_draining;
	long long		refused_limit;
	char			sessions[2048];
};

struct session_line {
	unsigned int	conns;
	unsigned int	limit;
	unsigned int	fore;
	unsigned int	back;
	unsigned int	fore_ready;
};

/*
 * The line of the connection whose client port is @lport.  Returns 1 if
 * found, 0 if not, -1 if the listing cannot be read.
 */
static int find_conn_line(unsigned int lport, struct conn_line *cl)
{
	char line[4096], suffix[16];
	int found = 0;
	FILE *f;

	f = fopen(PROC_CONNS, "r");
	if (!f) {
		diag("%s: %s", PROC_CONNS, strerror(errno));
		return -1;
	}
	snprintf(suffix, sizeof(suffix), ":%u", lport);
	while (!found && fgets(line, sizeof(line), f)) {
		size_t rl, sl = strlen(suffix);

		if (line[0] == '#')
			continue;
		if (sscanf(line, "%llu %63s %63s %*u %15s %lld %lld %lld %2047s",
			   &cl->id, cl->local, cl->remote, cl->state,
			   &cl->calls, &cl->refused_draining,
			   &cl->refused_limit, cl->sessions) != 8)
			continue;
		rl = strlen(cl->remote);
		found = rl > sl && !strcmp(cl->remote + rl - sl, suffix);
	}
	fclose(f);
	return found;
}

/* The direction @cl shows for @sid, or NULL if it is not bound to it. */
static const char *conn_dir(const struct conn_line *cl, const char *sid_hex,
			    char *dir, size_t size)
{
	const char *p = strstr(cl->sessions, sid_hex);
	size_t n;

	if (!p || p[strlen(sid_hex)] != '/')
		return NULL;
	p += strlen(sid_hex) + 1;
	n = strcspn(p, ",");
	if (n >= size)
		n = size - 1;
	memcpy(dir, p, n);
	dir[n] = '\0';
	return dir;
}

static int find_session_line(const char *sid_hex, struct session_line *sl)
{
	char line[4096], id[64];
	int found = 0;
	FILE *f;

	f = fopen(PROC_SESSIONS, "r");
	if (!f) {
		diag("%s: %s", PROC_SESSIONS, strerror(errno));
		return -1;
	}
	while (!found && fgets(line, sizeof(line), f)) {
		if (line[0] == '#')
			continue;
		if (sscanf(line, "%63s %u %u %u %u %u", id, &sl->conns,
			   &sl->limit, &sl->fore, &sl->back,
			   &sl->fore_ready) == 6 && !strcmp(id, sid_hex))
			found = 1;
	}
	fclose(f);
	return found;
}

static void dump_file(const char *path)
{
	char line[4096];
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		printf("%s: %s", path, line);
	fclose(f);
	fflush(stdout);
}

static void dump_table(void)
{
	dump_file(PROC_CONNS);
	dump_file(PROC_SESSIONS);
}

/* @c is listed as bound to @s with @want ("fore", ...; NULL: unbound). */
static bool expect_bound_at(int line, const struct conn *c,
			    const struct session *s, const char *want)
{
	struct conn_line cl;
	char buf[32];
	const char *dir;
	int found, i;

	/*
	 * connect() returns once the kernel's TCP accepted; sunrpc's accept,
	 * which lists the connection, may come a little later.
	 */
	for (i = 0; (found = find_conn_line(c->lport, &cl)) == 0 && i < 20;
	     i++)
		sleep_ms(100);
	if (!expect_at(line, found == 1, "connection from port %u not listed",
		       c->lport))
		return false;
	dir = conn_dir(&cl, s->sid_hex, buf, sizeof(buf));
	if (!want)
		return expect_at(line, !dir,
				 "connection %llu (port %u) is %s for %s, expected unbound",
				 cl.id, c->lport, dir, s->sid_hex);
	return expect_at(line, dir && !strcmp(dir, want),
			 "connection %llu (port %u) is %s for %s, expected %s",
			 cl.id, c->lport, dir ? dir : "unbound", s->sid_hex,
			 want);
}

#define expect_bound(c, s, want)	expect_bound_at(__LINE__, c, s, want)

/* The session line of @s shows @conns, @fore and @back (-1: any). */
static bool expect_session_at(int line, const struct session *s, int conns,
			      int fore, int back)
{
	struct session_line sl;
	int found = find_session_line(s->sid_hex, &sl);

	if (conns < 0)
		return expect_at(line, found == 0,
				 "session %s still listed", s->sid_hex);
	if (!expect_at(line, found == 1, "session %s not listed", s->sid_hex))
		return false;
	return expect_at(line, (int)sl.conns == conns &&
			 (fore < 0 || (int)sl.fore == fore) &&
			 (back < 0 || (int)sl.back == back),
			 "session %s: conns %u fore %u back %u, expected %d %d %d",
			 s->sid_hex, sl.conns, sl.fore, sl.back, conns, fore,
			 back);
}

#define expect_session(s, conns, fore, back) \
	expect_session_at(__LINE__, s, conns, fore, back)

/*
 * The reply the gate builds (nfs41conn_encode_refusal()): accepted, an
 * AUTH_NONE verifier, SUCCESS, COMPOUND4res of @status echoing @tag, with
 * one result { @opnum, @status }, and nothing more.
 */
static bool expect_refusal_at(int line, const struct reply *r, u32 xid,
			      const char *tag, u32 opnum, u32 status)
{
	size_t want = 11 * 4 + XDR_PAD(strlen(tag));
	char buf[256];

	return expect_at(line, r->xid == xid && r->msg_type == RPC_REPLY &&
			 r->reply_stat == MSG_ACCEPTED &&
			 r->verf_flavor == AUTH_NONE && r->verf_len == 0 &&
			 r->accept_stat == RPC_SUCCESS && r->status == status &&
			 r->tag_len == strlen(tag) && !strcmp(r->tag, tag) &&
			 r->nres == 1 && r->nparsed == 1 &&
			 r->res[0].opnum == opnum &&
			 r->res[0].status == status && r->complete &&
			 r->len == want,
			 "not the refusal {op %u, status %u} to xid %#x: xid %#x verf %u/%u len %zu (want %zu): %s",
			 opnum, status, xid, r->xid, r->verf_flavor,
			 r->verf_len, r->len, want,
			 describe(r, buf, sizeof(buf)));
}

#define expect_refusal(r, xid, tag, opnum, status) \
	expect_refusal_at(__LINE__, r, xid, tag, opnum, status)

/* The reply @r to a COMPOUND of one @opnum has @status. */
static bool expect_result_at(int line, const struct reply *r, u32 opnum,
			     u32 status)
{
	char buf[256];

	return expect_at(line, compound_status(r, status) && r->nparsed >= 1 &&
			 r->res[0].opnum == opnum &&
			 r->res[0].status == status,
			 "expected op %u status %u, got %s", opnum, status,
			 describe(r, buf, sizeof(buf)));
}

#define expect_result(r, opnum, status) \
	expect_result_at(__LINE__, r, opnum, status)

static int read_uint(const char *path, unsigned int *val)
{
	FILE *f = fopen(path, "r");
	int ok;

	if (!f) {
		diag("%s: %s", path, strerror(errno));
		return -1;
	}
	ok = fscanf(f, "%u", val) == 1;
	fclose(f);
	return ok ? 0 : -1;
}

/* Write @s to @path; returns 0 or -errno. */
static int write_str(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");
	int err = 0;

	if (!f)
		return -errno;
	if (fputs(s, f) < 0)
		err = -errno;
	if (fclose(f) && !err)
		err = -errno;
	return err;
}

static int write_uint(const char *path, unsigned int val)
{
	char buf[32];
	int err;

	snprintf(buf, sizeof(buf), "%u\n", val);
	err = write_str(path, buf);
	if (err)
		diag("writing %u to %s: %s", val, path, strerror(-err));
	return err;
}

/* Drain or undrain the connection of @c by its ID; returns 0 or -errno. */
static int drain_conn(const struct conn *c, bool drain)
{
	struct conn_line cl;
	char buf[64];

	if (find_conn_line(c->lport, &cl) != 1)
		return -ENOENT;
	snprintf(buf, sizeof(buf), "%s id %llu\n", drain ? "drain" : "undrain",
		 cl.id);
	return write_str(PROC_DRAIN, buf);
}

/* Wait up to @ms for the server to close @c.  True if it did. */
static bool closed_by_server(struct conn *c, int ms)
{
	long long deadline = now_ms() + ms;
	u8 buf[BUF_MAX];
	int n;

	for (;;) {
		n = recv_record(c, buf, sizeof(buf), (int)(deadline - now_ms()));
		if (n == -EPIPE)
			return true;
		if (n < 0)
			return false;
		if (n >= 8 && !memcmp(buf + 4, "\0\0\0\0", 4))
			answer_callback(c, buf, (size_t)n);
	}
}

struct sysctl_save {
	unsigned int	max_conns;
	unsigned int	evict_idle;
	bool		saved;
};

static int set_limits(struct sysctl_save *save, unsigned int max_conns,
		      unsigned int evict_idle)
{
	if (read_uint(SYSCTL_MAX_CONNS, &save->max_conns) ||
	    read_uint(SYSCTL_EVICT_IDLE, &save->evict_idle))
		return -1;
	save->saved = true;
	if (write_uint(SYSCTL_MAX_CONNS, max_conns) ||
	    write_uint(SYSCTL_EVICT_IDLE, evict_idle))
		return -1;
	return 0;
}

static void restore_limits(struct sysctl_save *save)
{
	if (!save->saved)
		return;
	write_uint(SYSCTL_MAX_CONNS, save->max_conns);
	write_uint(SYSCTL_EVICT_IDLE, save->evict_idle);
}

/* Everything a case holds, released by case_end(). */
struct ctx {
	struct conn	c[4];
	struct session	s;
	struct reply	*r;
	struct sysctl_save limits;
};

static int case_begin(struct ctx *t, unsigned int nconns)
{
	unsigned int i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < ARRAY_SIZE(t->c); i++)
		t->c[i].fd = -1;
	t->r = calloc(1, sizeof(*t->r));
	if (!t->r)
		return -1;
	for (i = 0; i < nconns; i++)
		if (conn_open(&t->c[i], server_port))
			return -1;
	return 0;
}

static int case_end(struct ctx *t)
{
	unsigned int i;

	call_tag = TAG;
	if (failures)
		dump_table();
	destroy_session(&t->s);
	call_minor = 1;
	for (i = 0; i < ARRAY_SIZE(t->c); i++)
		conn_close(&t->c[i]);
	restore_limits(&t->limits);
	free(t->r);
	return failures ? 1 : 0;
}

/* A NULL call is answered: accepted, SUCCESS, no body. */
static int case_null_call(void)
{
	struct ctx t;

	if (case_begin(&t, 1) || null_call(&t.c[0], t.r))
		failures++;
	else
		expect(t.r->reply_stat == MSG_ACCEPTED &&
		       t.r->accept_stat == RPC_SUCCESS && t.r->complete,
		       "NULL: reply_stat %u accept_stat %u len %zu",
		       t.r->reply_stat, t.r->accept_stat, t.r->len);
	return case_end(&t);
}

/*
 * CREATE_SESSION with or without SESSION4_BACK_CHAN: the connection is
 * listed fore, or both; DESTROY_SESSION purges the session.
 */
static int create_session_case(bool back_chan)
{
	u32 flags = back_chan ? SESSION4_BACK_CHAN : 0;
	struct xdr_out x;
	struct ctx t;
	u32 xid;

	if (case_begin(&t, 1) || new_session(&t.c[0], &t.s, flags)) {
		failures++;
		goto out;
	}
	expect(!!(t.s.flags & SESSION4_BACK_CHAN) == back_chan,
	       "CREATE_SESSION granted flags %#x", t.s.flags);
	expect_bound(&t.c[0], &t.s, back_chan ? "both" : "fore");
	expect_session(&t.s, 1, 1, back_chan ? 1 : 0);

	xid = start_compound(&x, AUTH_SYS, TAG, 1);
	op_destroy_session(&x, t.s.sid);
	if (rpc_call(&t.c[0], &x, xid, t.r)) {
		failures++;
		goto out;
	}
	if (expect_result(t.r, OP_DESTROY_SESSION, NFS4_OK))
		t.s.created = false;
	expect_session(&t.s, -1, -1, -1);
	expect_bound(&t.c[0], &t.s, NULL);
out:
	return case_end(&t);
}

static int case_create_session_fore(void)
{
	return create_session_case(false);
}

static int case_create_session_back_chan(void)
{
	return create_session_case(true);
}

static const char *dir_name(u32 cdfs)
{
	switch (cdfs) {
	case CDFS4_FORE:
		return "fore";
	case CDFS4_BACK:
		return "back";
	case CDFS4_BOTH:
		return "both";
	}
	return "?";
}

/*
 * BIND_CONN_TO_SESSION with @dir on a second connection: nfsd grants
 * @granted (FORE_OR_BOTH and BACK_OR_BOTH give both), the listing shows
 * it; binding again with @dir changes nothing.
 */
static int bcts_case(u32 dir, u32 granted)
{
	const char *name = dir_name(granted);
	struct ctx t;

	if (case_begin(&t, 2) || new_session(&t.c[0], &t.s, 0)) {
		failures++;
		goto out;
	}
	expect_bound(&t.c[1], &t.s, NULL);
	if (bcts(&t.c[1], t.s.sid, dir, AUTH_SYS, t.r, NULL)) {
		failures++;
		goto out;
	}
	if (expect_result(t.r, OP_BIND_CONN_TO_SESSION, NFS4_OK)) {
		expect(!memcmp(t.r->res[0].sid, t.s.sid, SESSIONID_SIZE),
		       "BIND_CONN_TO_SESSION answered for another session");
		expect(t.r->res[0].dir == granted,
		       "asked %#x, granted %#x, expected %#x", dir,
		       t.r->res[0].dir, granted);
	}
	expect_bound(&t.c[1], &t.s, name);
	expect_session(&t.s, 2, granted & CDFS4_FORE ? 2 : 1,
		       granted & CDFS4_BACK ? 1 : 0);

	/* The same direction again: no change. */
	if (bcts(&t.c[1], t.s.sid, dir, AUTH_SYS, t.r, NULL)) {
		failures++;
		goto out;
	}
	if (expect_result(t.r, OP_BIND_CONN_TO_SESSION, NFS4_OK)) {
		/*
		 * nfsd (6.12) answers a rebind with the direction the
		 * client asked for, not mapped to a channel_dir_from_server4
		 * (nfsd4_bind_conn_to_session): BACK_OR_BOTH comes back as
		 * 7.  nfs41conn ignores a direction it cannot read.
		 */
		expect(t.r->res[0].dir == granted || t.r->res[0].dir == dir,
		       "rebind: asked %#x, granted %#x", dir, t.r->res[0].dir);
		if (t.r->res[0].dir != granted)
			diag("rebind %#x: nfsd answered dir %#x", dir,
			     t.r->res[0].dir);
	}
	expect_bound(&t.c[1], &t.s, name);
	expect_session(&t.s, 2, granted & CDFS4_FORE ? 2 : 1,
		       granted & CDFS4_BACK ? 1 : 0);
out:
	return case_end(&t);
}

static int case_bcts_fore(void)
{
	return bcts_case(CDFC4_FORE, CDFS4_FORE);
}

static int case_bcts_back(void)
{
	return bcts_case(CDFC4_BACK, CDFS4_BACK);
}

static int case_bcts_fore_or_both(void)
{
	return bcts_case(CDFC4_FORE_OR_BOTH, CDFS4_BOTH);
}

static int case_bcts_back_or_both(void)
{
	return bcts_case(CDFC4_BACK_OR_BOTH, CDFS4_BOTH);
}

/* Rebind @c with @dir: nfsd answers @status, the listing shows @listed. */
static void rebind(struct ctx *t, struct conn *c, u32 dir, u32 status,
		   const char *listed)
{
	if (bcts(c, t->s.sid, dir, AUTH_SYS, t->r, NULL)) {
		failures++;
		return;
	}
	if (!expect_result(t->r, OP_BIND_CONN_TO_SESSION, status))
		diag("rebinding a %s connection with %#x", listed, dir);
	expect_bound(c, &t->s, listed);
}

/*
 * Rebinding to a direction the binding does not satisfy (RFC 8881
 * Section 18.34.3): nfsd answers NFS4ERR_INVAL and the table keeps the
 * binding as it was.  FORE_OR_BOTH on a fore connection passes, and nfsd
 * then carries the back channel on it too: the table says both.
 */
static int case_bcts_rebind_incompatible(void)
{
	struct ctx t;

	if (case_begin(&t, 3) || new_session(&t.c[0], &t.s, 0)) {
		failures++;
		goto out;
	}
	rebind(&t, &t.c[1], CDFC4_FORE, NFS4_OK, "fore");
	rebind(&t, &t.c[1], CDFC4_BACK, NFS4ERR_INVAL, "fore");
	rebind(&t, &t.c[1], CDFC4_BACK_OR_BOTH, NFS4ERR_INVAL, "fore");
	rebind(&t, &t.c[2], CDFC4_BACK, NFS4_OK, "back");
	rebind(&t, &t.c[2], CDFC4_FORE, NFS4ERR_INVAL, "back");
	rebind(&t, &t.c[2], CDFC4_FORE_OR_BOTH, NFS4ERR_INVAL, "back");
	expect_session(&t.s, 3, 2, 1);

	rebind(&t, &t.c[1], CDFC4_FORE_OR_BOTH, NFS4_OK, "both");
	if (t.r->nparsed && t.r->res[0].status == NFS4_OK)
		expect(t.r->res[0].dir == CDFS4_BOTH,
		       "FORE_OR_BOTH on a fore connection: dir %#x",
		       t.r->res[0].dir);
	/* Now both: FORE alone is not what it is. */
	rebind(&t, &t.c[1], CDFC4_FORE, NFS4ERR_INVAL, "both");
	rebind(&t, &t.c[1], CDFC4_BACK_OR_BOTH, NFS4_OK, "both");
	expect_session(&t.s, 3, 2, 2);
out:
	return case_end(&t);
}

/*
 * BIND_CONN_TO_SESSION followed by another operation: nfsd answers
 * NFS4ERR_NOT_ONLY_OP at BIND_CONN_TO_SESSION, and nothing is bound.
 */
static int case_bcts_not_only_op(void)
{
	struct xdr_out x;
	struct ctx t;
	u32 xid;

	if (case_begin(&t, 2) || new_session(&t.c[0], &t.s, 0)) {
		failures++;
		goto out;
	}
	xid = start_compound(&x, AUTH_SYS, TAG, 2);
	op_bcts(&x, t.s.sid, CDFC4_FORE);
	op_putrootfh(&x);
	if (rpc_call(&t.c[1], &x, xid, t.r)) {
		failures++;
		goto out;
	}
	expect_result(t.r, OP_BIND_CONN_TO_SESSION, NFS4ERR_NOT_ONLY_OP);
	expect(t.r->nres == 1 && t.r->complete, "%u results", t.r->nres);
	expect_bound(&t.c[1], &t.s, NULL);
	expect_session(&t.s, 1, 1, 0);
out:
	return case_end(&t);
}

/*
 * BIND_CONN_TO_SESSION and SEQUENCE for a session the server never
 * created: NFS4ERR_BADSESSION from nfsd, and the table learns nothing.
 */
static int case_unknown_session(void)
{
	struct session bogus;
	struct ctx t;
	u32 xid;

	if (case_begin(&t, 1)) {
		failures++;
		goto out;
	}
	memset(&bogus, 0, sizeof(bogus));
	memcpy(bogus.sid, "nfs41raw\xde\xad\xbe\xef", 12);
	memcpy(bogus.sid + 12, &next_xid, 4);
	hex(bogus.sid, SESSIONID_SIZE, bogus.sid_hex);

	if (bcts(&t.c[0], bogus.sid, CDFC4_FORE_OR_BOTH, AUTH_SYS, t.r, &xid)) {
		failures++;
		goto out;
	}
	expect_result(t.r, OP_BIND_CONN_TO_SESSION, NFS4ERR_BADSESSION);
	if (sequence(&t.c[0], &bogus, AUTH_SYS, t.r, &xid)) {
		failures++;
		goto out;
	}
	expect_result(t.r, OP_SEQUENCE, NFS4ERR_BADSESSION);
	expect_bound(&t.c[0], &bogus, NULL);
	expect_session(&bogus, -1, -1, -1);
out:
	return case_end(&t);
}

/*
 * The over-limit cases.  A bind beyond max_conns_per_session passes to
 * nfsd, and a connection nfsd bound so is held: nothing more is read from
 * it until the rotation admits it (a slot frees, or an idle connection of
 * the session is evicted), so its next call is answered only then.
 */

#define NFS4ERR_BADSLOT		10053
#define NFS4ERR_SEQ_MISORDERED	10063
/* How long a held connection must stay unanswered, and an admission take. */
#define HELD_MS			1000
#define ADMIT_MS		1000

/* Send SEQUENCE for @s on @slot with @seqid, without waiting for a reply. */
static int send_sequence(struct conn *c, const struct session *s, u32 slot,
			 u32 seqid, u32 *xidp)
{
	struct xdr_out x;

	*xidp = start_compound(&x, AUTH_SYS, TAG, 1);
	op_sequence(&x, s->sid, seqid, slot);
	return send_record(c, x.data, x.len);
}

/* Nothing comes back on @c for @ms: the call @xid sent is not read. */
static bool expect_silent_at(int line, struct conn *c, u32 xid,
			     struct reply *r, int ms)
{
	int err = wait_reply(c, xid, r, ms);
	char buf[256];

	return expect_at(line, err == -ETIMEDOUT,
			 "port %u should be held, yet within %d ms: %s",
			 c->lport, ms,
			 err ? strerror(-err) : describe(r, buf, sizeof(buf)));
}

#define expect_silent(c, xid, r, ms)	expect_silent_at(__LINE__, c, xid, r, ms)

/*
 * The reply to the SEQUENCE @xid, held on @c, comes within @ms: nfsd
 * answers it.  Returns how long it took, or -1.
 */
static long long expect_admitted_at(int line, struct conn *c, u32 xid,
				    struct reply *r, int ms)
{
	long long start = now_ms();
	int err = wait_reply(c, xid, r, ms);

	if (!expect_at(line, !err, "port %u not admitted within %d ms: %s",
		       c->lport, ms, strerror(-err)) ||
	    !expect_result_at(line, r, OP_SEQUENCE, NFS4_OK))
		return -1;
	return now_ms() - start;
}

#define expect_admitted(c, xid, r, ms) \
	expect_admitted_at(__LINE__, c, xid, r, ms)

/* @c is listed fore for the session, and nfsd answers its SEQUENCE. */
static void expect_serves_at(int line, struct ctx *t, struct conn *c)
{
	expect_bound_at(line, c, &t->s, "fore");
	if (sequence(c, &t->s, AUTH_SYS, t->r, NULL))
		expect_at(line, false, "port %u: SEQUENCE unanswered",
			  c->lport);
	else
		expect_result_at(line, t->r, OP_SEQUENCE, NFS4_OK);
}

#define expect_serves(t, c)	expect_serves_at(__LINE__, t, c)

/* The listing counts @holds binds beyond the limit on @c. */
static void expect_holds_at(int line, const struct conn *c, long long holds)
{
	struct conn_line cl;

	if (expect_at(line, find_conn_line(c->lport, &cl) == 1,
		      "connection from port %u not listed", c->lport))
		expect_at(line, cl.refused_limit == holds,
			  "connection %llu (port %u): %lld holds, expected %lld",
			  cl.id, c->lport, cl.refused_limit, holds);
}

#define expect_holds(c, holds)	expect_holds_at(__LINE__, c, holds)

/* @c, which the client closed, has left the listing. */
static void expect_unlisted_at(int line, const struct conn *c)
{
	struct conn_line cl = { .id = 0 };

	expect_at(line, find_conn_line(c->lport, &cl) == 0,
		  "closed connection %llu (port %u) still listed", cl.id,
		  c->lport);
}

#define expect_unlisted(c)	expect_unlisted_at(__LINE__, c)

/* The sessions listing's last column: @held connections held beyond it. */
static void expect_session_held_at(int line, const struct session *s,
				   unsigned int held)
{
	char buf[4096], *end;
	unsigned int found = 0;
	long val = -1;
	FILE *f;

	f = fopen(PROC_SESSIONS, "r");
	if (!f) {
		expect_at(line, false, "%s: %s", PROC_SESSIONS, strerror(errno));
		return;
	}
	while (fgets(buf, sizeof(buf), f)) {
		if (strncmp(buf, s->sid_hex, strlen(s->sid_hex)))
			continue;
		found++;
		end = buf + strcspn(buf, "\n");
		*end = '\0';
		end = strrchr(buf, ' ');
		if (end)
			val = strtol(end + 1, NULL, 10);
	}
	fclose(f);
	expect_at(line, found == 1 && val == (long)held,
		  "session %s: %ld held (listed %u times), expected %u",
		  s->sid_hex, val, found, held);
}

#define expect_session_held(s, held) \
	expect_session_held_at(__LINE__, s, held)

/* Open the session on c[0] and bind c[1] by SEQUENCE: two of @max. */
static int limit_begin(struct ctx *t, unsigned int nconns, unsigned int max,
		       unsigned int evict_idle)
{
	if (case_begin(t, nconns) || set_limits(&t->limits, max, evict_idle) ||
	    new_session(&t->c[0], &t->s, 0) ||
	    sequence(&t->c[1], &t->s, AUTH_SYS, t->r, NULL))
		return -1;
	expect_result(t->r, OP_SEQUENCE, NFS4_OK);
	expect_session(&t->s, 2, 2, 0);
	return 0;
}

/*
 * With max_conns_per_session=2 and eviction off, a third connection's
 * BIND_CONN_TO_SESSION and a fourth one's SEQUENCE get nfsd's own answer,
 * NFS4_OK; then both are held: their next SEQUENCE is not answered, while
 * the session's two connections serve on, and the session stays at two.
 * Closing one of the two admits the connection held longest, whose
 * SEQUENCE nfsd then answers; the other stays held until the second of
 * the two closes.
 */
static int case_over_limit(void)
{
	long long ms;
	struct ctx t;
	u32 xid[4];

	if (limit_begin(&t, 4, 2, 0)) {
		failures++;
		goto out;
	}
	if (bcts(&t.c[2], t.s.sid, CDFC4_FORE, AUTH_SYS, t.r, NULL)) {
		failures++;
		goto out;
	}
	if (expect_result(t.r, OP_BIND_CONN_TO_SESSION, NFS4_OK))
		expect(t.r->res[0].dir == CDFS4_FORE, "granted dir %#x",
		       t.r->res[0].dir);
	if (sequence(&t.c[3], &t.s, AUTH_SYS, t.r, NULL)) {
		failures++;
		goto out;
	}
	expect_result(t.r, OP_SEQUENCE, NFS4_OK);
	/* nfsd bound them; the table lists them held, and counts two. */
	expect_bound(&t.c[2], &t.s, "held");
	expect_bound(&t.c[3], &t.s, "held");
	expect_session(&t.s, 2, 2, 0);
	expect_session_held(&t.s, 2);
	expect_holds(&t.c[0], 0);
	expect_holds(&t.c[1], 0);
	expect_holds(&t.c[2], 1);
	expect_holds(&t.c[3], 1);

	/* Held: their next calls wait in their sockets, on slots 1 and 2. */
	if (send_sequence(&t.c[2], &t.s, 1, 1, &xid[2]) ||
	    send_sequence(&t.c[3], &t.s, 2, 1, &xid[3])) {
		failures++;
		goto out;
	}
	expect_silent(&t.c[2], xid[2], t.r, HELD_MS);
	expect_silent(&t.c[3], xid[3], t.r, 100);

	/* The session's own two are untouched. */
	expect_serves(&t, &t.c[0]);
	expect_serves(&t, &t.c[1]);
	expect_session(&t.s, 2, 2, 0);

	/* One closes: the one held longest takes its slot. */
	conn_close(&t.c[1]);
	ms = expect_admitted(&t.c[2], xid[2], t.r, ADMIT_MS);
	if (ms >= 0)
		diag("held connection admitted %lld ms after a close", ms);
	expect_unlisted(&t.c[1]);
	expect_bound(&t.c[2], &t.s, "fore");
	expect_silent(&t.c[3], xid[3], t.r, 300);
	expect_bound(&t.c[3], &t.s, "held");
	expect_session(&t.s, 2, 2, 0);
	expect_session_held(&t.s, 1);

	conn_close(&t.c[0]);
	expect_admitted(&t.c[3], xid[3], t.r, ADMIT_MS);
	expect_serves(&t, &t.c[2]);
	expect_serves(&t, &t.c[3]);
	expect_session(&t.s, 2, 2, 0);
	expect_session_held(&t.s, 0);
out:
	return case_end(&t);
}

/* No connection of @t's session among c[0..@n) is closed within @ms. */
static void expect_none_closed_at(int line, struct ctx *t, unsigned int n,
				  int ms)
{
	long long deadline = now_ms() + ms;
	unsigned int i;

	long long left;

	for (i = 0; i < n; i++) {
		/* Whatever is left, but long enough to see an EOF queued. */
		left = deadline - now_ms();
		expect_at(line, !closed_by_server(&t->c[i],
						  left > 50 ? (int)left : 50),
			  "connection from port %u closed", t->c[i].lport);
	}
}

/*
 * Nothing nfsd rejects harms anyone: with max_conns_per_session=2,
 * evict_idle_ms=200, and both connections of the session idle longer, a
 * third connection names the session in calls nfsd rejects -- SEQUENCE
 * with a misordered seqid, SEQUENCE on a slot the session does not have,
 * BIND_CONN_TO_SESSION with an invalid direction.  Each gets nfsd's error
 * and leaves the third connection unheld (its NULL is answered); neither
 * of the session's connections is closed, and both still serve.
 */
static int case_over_limit_rejected(void)
{
	static const struct {
		u32	slot;
		u32	seqid_ahead;	/* of the slot's next */
		u32	dir;		/* 0: SEQUENCE */
		u32	status;
	} calls[] = {
		{ 0, 5, 0, NFS4ERR_SEQ_MISORDERED },
		{ 200, 0, 0, NFS4ERR_BADSLOT },
		{ 0, 0, 5, NFS4ERR_INVAL },
	};
	unsigned int i;
	struct ctx t;
	u32 xid;

	if (limit_begin(&t, 3, 2, 200)) {
		failures++;
		goto out;
	}
	for (i = 0; i < ARRAY_SIZE(calls); i++) {
		sleep_ms(400);		/* both idle: evictable */
		if (calls[i].dir) {
			if (bcts(&t.c[2], t.s.sid, calls[i].dir, AUTH_SYS,
				 t.r, NULL)) {
				failures++;
				goto out;
			}
			expect_result(t.r, OP_BIND_CONN_TO_SESSION,
				      calls[i].status);
		} else {
			if (send_sequence(&t.c[2], &t.s, calls[i].slot,
					  t.s.slot_seqid + 1 +
					  calls[i].seqid_ahead, &xid) ||
			    wait_reply(&t.c[2], xid, t.r, REPLY_TIMEOUT_MS)) {
				diag("call %u unanswered", i);
				failures++;
				goto out;
			}
			expect_result(t.r, OP_SEQUENCE, calls[i].status);
		}
		/* Not held: its next call is read. */
		if (null_call(&t.c[2], t.r))
			failures++;
		else
			expect(t.r->accept_stat == RPC_SUCCESS,
			       "NULL after rejected call %u: accept_stat %u",
			       i, t.r->accept_stat);
		expect_bound(&t.c[2], &t.s, NULL);
	}
	expect_holds(&t.c[2], ARRAY_SIZE(calls));
	/* Nobody was evicted for calls nfsd rejected. */
	expect_none_closed_at(__LINE__, &t, 2, 1000);
	expect_serves(&t, &t.c[0]);
	expect_serves(&t, &t.c[1]);
	expect_session(&t.s, 2, 2, 0);
	expect_session_held(&t.s, 0);
out:
	return case_end(&t);
}

/*
 * With eviction on (evict_idle_ms=200): a third connection nfsd bound by
 * SEQUENCE is held, and gets in once one of the two has been idle in the
 * session for 200 ms: that one is closed (its client sees end of file)
 * and leaves the table, and the session stays at two.  The first
 * connection sends SEQUENCE all along; the second only NULL, which is no
 * activity in the session: the second is the one evicted.
 */
static int case_over_limit_evict(void)
{
	long long idle_since, admitted = -1, closed = -1, deadline;
	struct ctx t;
	u32 xid;
	int err;

	if (limit_begin(&t, 3, 2, 200)) {
		failures++;
		goto out;
	}
	idle_since = now_ms();
	if (sequence(&t.c[2], &t.s, AUTH_SYS, t.r, NULL)) {
		failures++;
		goto out;
	}
	expect_result(t.r, OP_SEQUENCE, NFS4_OK);
	expect_holds(&t.c[2], 1);
	expect_bound(&t.c[2], &t.s, "held");
	if (send_sequence(&t.c[2], &t.s, 1, 1, &xid)) {
		failures++;
		goto out;
	}
	for (deadline = now_ms() + 3000; now_ms() < deadline;) {
		if (sequence(&t.c[0], &t.s, AUTH_SYS, t.r, NULL)) {
			failures++;
			break;
		}
		expect_result(t.r, OP_SEQUENCE, NFS4_OK);
		if (closed < 0) {
			struct xdr_out x;
			u32 nxid;

			nxid = start_call(&x, NFS_PROGRAM, NFS_V4,
					  NFSPROC4_NULL, AUTH_NONE);
			err = send_record(&t.c[1], x.data, x.len);
			if (!err)
				err = wait_reply(&t.c[1], nxid, t.r, 1000);
			if (err == -EPIPE || err == -ECONNRESET)
				closed = now_ms();
			else if (!expect(!err, "NULL on the second: %s",
					 strerror(-err)))
				break;
		}
		err = wait_reply(&t.c[2], xid, t.r, 50);
		if (!err) {
			admitted = now_ms();
			expect_result(t.r, OP_SEQUENCE, NFS4_OK);
			break;
		}
		if (!expect(err == -ETIMEDOUT, "held connection: %s",
			    strerror(-err)))
			break;
	}
	if (!expect(admitted >= 0, "held connection not admitted in 3 s"))
		goto out;
	if (closed < 0 && closed_by_server(&t.c[1], 1000))
		closed = now_ms();
	expect(closed >= 0, "the connection busy with NULL only was not closed");
	/* Not before the second was idle for evict_idle_ms (less a tick). */
	expect(admitted - idle_since >= 180,
	       "admitted %lld ms after the second's last SEQUENCE",
	       admitted - idle_since);
	diag("held connection admitted %lld ms after the second's last SEQUENCE",
	     admitted - idle_since);
	conn_close(&t.c[1]);
	expect_unlisted(&t.c[1]);
	expect_serves(&t, &t.c[0]);
	expect_serves(&t, &t.c[2]);
	expect_session(&t.s, 2, 2, 0);
	expect_session_held(&t.s, 0);
out:
	return case_end(&t);
}

/*
 * Eviction never cuts a record in two: with max_conns_per_session=2 and
 * evict_idle_ms=200, the second connection sends its last SEQUENCE, then
 * the record marker and the first half of a NULL call, and stays silent.
 * A third connection nfsd bound by SEQUENCE is held.  For 1 s -- five
 * times evict_idle_ms -- the second, idle in the session but holding part
 * of a record, is not closed and the held one is not admitted (the first
 * sends SEQUENCE all along, so it is never the idle one).  Once the second
 * sends the rest of its record and gets its reply, nothing of it is
 * unread: it is evicted (its client reads end of file) and the held
 * connection's waiting SEQUENCE is answered.
 */
static int case_over_limit_partial_record(void)
{
	long long completed, admitted = -1, closed = -1, deadline;
	struct xdr_out x;
	struct ctx t;
	u32 xid, nxid;
	size_t half;
	int err;

	if (limit_begin(&t, 3, 2, 200)) {
		failures++;
		goto out;
	}
	/* The second's last SEQUENCE was limit_begin()'s; now half a NULL. */
	nxid = start_call(&x, NFS_PROGRAM, NFS_V4, NFSPROC4_NULL, AUTH_NONE);
	half = x.len / 2;
	if (send_record_len(&t.c[1], x.data, half, (u32)x.len)) {
		failures++;
		goto out;
	}
	if (sequence(&t.c[2], &t.s, AUTH_SYS, t.r, NULL)) {
		failures++;
		goto out;
	}
	expect_result(t.r, OP_SEQUENCE, NFS4_OK);
	expect_holds(&t.c[2], 1);
	expect_bound(&t.c[2], &t.s, "held");
	if (send_sequence(&t.c[2], &t.s, 1, 1, &xid)) {
		failures++;
		goto out;
	}

	/* Part of a record in its transport: the second stays. */
	for (deadline = now_ms() + HELD_MS; now_ms() < deadline;) {
		if (sequence(&t.c[0], &t.s, AUTH_SYS, t.r, NULL)) {
			failures++;
			goto out;
		}
		expect_result(t.r, OP_SEQUENCE, NFS4_OK);
		if (!expect(!closed_by_server(&t.c[1], 20),
			    "the second, holding half a record, was closed"))
			goto out;
		err = wait_reply(&t.c[2], xid, t.r, 30);
		if (!expect(err == -ETIMEDOUT,
			    "held connection admitted with the second's record partial: %s",
			    err ? strerror(-err) : "answered"))
			goto out;
	}
	expect_bound(&t.c[1], &t.s, "fore");
	expect_bound(&t.c[2], &t.s, "held");

	/* The rest of the record: its reply, then nothing unread. */
	err = write_all(t.c[1].fd, x.data + half, x.len - half);
	if (!err)
		err = wait_reply(&t.c[1], nxid, t.r, REPLY_TIMEOUT_MS);
	if (!expect(!err, "the second's completed NULL: %s", strerror(-err)))
		goto out;
	completed = now_ms();
	expect(t.r->accept_stat == RPC_SUCCESS, "NULL: accept_stat %u",
	       t.r->accept_stat);
	for (deadline = completed + ADMIT_MS; now_ms() < deadline;) {
		if (sequence(&t.c[0], &t.s, AUTH_SYS, t.r, NULL)) {
			failures++;
			goto out;
		}
		expect_result(t.r, OP_SEQUENCE, NFS4_OK);
		if (closed < 0 && closed_by_server(&t.c[1], 20))
			closed = now_ms();
		err = wait_reply(&t.c[2], xid, t.r, 30);
		if (!err) {
			admitted = now_ms();
			expect_result(t.r, OP_SEQUENCE, NFS4_OK);
			break;
		}
		if (!expect(err == -ETIMEDOUT, "held connection: %s",
			    strerror(-err)))
			goto out;
	}
	if (!expect(admitted >= 0,
		    "held connection not admitted %d ms after the record completed",
		    ADMIT_MS))
		goto out;
	if (closed < 0 && closed_by_server(&t.c[1], 1000))
		closed = now_ms();
	expect(closed >= 0, "the second, its record complete, was not closed");
	diag("held connection admitted %lld ms after the second's record completed",
	     admitted - completed);
	conn_close(&t.c[1]);
	expect_unlisted(&t.c[1]);
	expect_serves(&t, &t.c[0]);
	expect_serves(&t, &t.c[2]);
	expect_session(&t.s, 2, 2, 0);
	expect_session_held(&t.s, 0);
out:
	return case_end(&t);
}

/*
 * Send the first @trunc bytes of the call @msg as one record, on a new
 * connection to @port, and describe what came back in @out: "eof",
 * "timeout" (nothing within @timeout_ms), or the reply.  Returns the
 * reply's first result's status if it has one, or -1.
 */
static long truncated_once(int port, const u8 *msg, size_t trunc, u32 xid,
			   int timeout_ms, struct reply *r, char *out,
			   size_t size)
{
	struct conn c;
	long ret = -1;
	char buf[200];
	int err;

	if (conn_open(&c, port)) {
		snprintf(out, size, "error: connect");
		return -1;
	}
	err = send_record(&c, msg, trunc);
	if (!err)
		err = wait_reply(&c, xid, r, timeout_ms);
	if (err == -EPIPE) {
		snprintf(out, size, "eof");
	} else if (err == -ETIMEDOUT) {
		snprintf(out, size, "timeout");
	} else if (err && err != -EPROTO) {
		snprintf(out, size, "error %d", err);
	} else {
		/*
		 * sunrpc's own answer, even one that is not a well-formed
		 * reply: 6.1 answers an AUTH_SYS credential cut short with
		 * GARBAGE_ARGS and no verifier, 16 bytes.
		 */
		if (err)
			snprintf(out, size, "malformed reply of %zu bytes",
				 r->len);
		else
			snprintf(out, size, "reply %s",
				 describe(r, buf, sizeof(buf)));
		if (!err && r->nparsed)
			ret = r->res[0].status;
		/* The connection still serves. */
		if (null_call(&c, r) || r->accept_stat != RPC_SUCCESS)
			snprintf(out + strlen(out), size - strlen(out),
				 "; then NULL failed");
	}
	conn_close(&c);
	return ret;
}

/*
 * A COMPOUND led by SEQUENCE (@seq) or BIND_CONN_TO_SESSION, with a tag,
 * truncated at every length below its own: on each port the server
 * answers (GARBAGE_ARGS, BADXDR...) or closes, within the timeout, and
 * the nfs41conn port answers as the plain TCP port does.  Then a NULL
 * call works, and the table holds nothing but the session's own
 * connection.
 */
static int truncated_case(bool seq)
{
	static const char tag[] = "nfs41raw-truncated";
	char got[512], ref[512];
	unsigned int ports, p;
	long long start = now_ms();
	struct conn_line cl;
	size_t full, len;
	struct xdr_out *x;
	struct ctx t;
	bool clean;
	u32 xid;
	long st;
	int i;

	x = malloc(sizeof(*x));
	if (case_begin(&t, 1) || !x || new_session(&t.c[0], &t.s, 0)) {
		failures++;
		goto out;
	}
	ports = ref_port ? 2 : 1;
	for (len = 0, full = 1; len < full; len++) {
		for (p = 0; p < ports; p++) {
			xid = start_compound(x, AUTH_SYS, tag, seq ? 3 : 1);
			if (seq) {
				op_sequence(x, t.s.sid, t.s.slot_seqid + 1, 0);
				op_putrootfh(x);
				op_getattr_type(x);
			} else {
				op_bcts(x, t.s.sid, CDFC4_FORE);
			}
			full = x->len;
			st = truncated_once(p ? ref_port : server_port,
					    x->data, len, xid,
					    len ? REPLY_TIMEOUT_MS :
						  EMPTY_RECORD_MS,
					    t.r, p ? ref : got, sizeof(got));
			/* nfsd executed SEQUENCE before a bad last op. */
			if (seq && st == NFS4_OK)
				t.s.slot_seqid++;
		}
		/*
		 * An empty record is neither answered nor closed: sunrpc's
		 * svc_tcp_recvfrom() reads its 0 bytes as -EAGAIN and waits
		 * for more.  Anything longer is answered or closed.
		 */
		if (!expect((!len || strncmp(got, "timeout", 7)) &&
			    strncmp(got, "error", 5) &&
			    !strstr(got, "NULL failed") &&
			    !strstr(got, "status=0 "),
			    "truncated to %zu of %zu bytes: %s", len, full,
			    got))
			continue;
		/* sunrpc closes on a record shorter than its call header. */
		expect(!len || len >= 24 || !strcmp(got, "eof"),
		       "truncated to %zu bytes: %s, expected eof", len, got);
		if (ref_port)
			expect(!strcmp(got, ref),
			       "truncated to %zu of %zu bytes: nfs41conn: %s; tcp: %s",
			       len, full, got, ref);
	}
	diag("%zu truncations on %u port(s) in %lld ms", full, ports,
	     now_ms() - start);

	/* Nothing stays bound or reserved but the session's connection. */
	for (i = 0; i < 50; i++) {
		struct session_line sl;
		FILE *f = fopen(PROC_CONNS, "r");
		char line[4096];

		clean = f && find_session_line(t.s.sid_hex, &sl) == 1 &&
			sl.conns == 1;
		while (clean && fgets(line, sizeof(line), f))
			if (strstr(line, "/reserved") ||
			    (strstr(line, t.s.sid_hex) &&
			     (find_conn_line(t.c[0].lport, &cl) != 1 ||
			      strtoull(line, NULL, 10) != cl.id)))
				clean = false;
		if (f)
			fclose(f);
		if (clean)
			break;
		sleep_ms(100);
	}
	expect(clean, "stray bindings or reservations remain");
	expect_bound(&t.c[0], &t.s, "fore");
	if (conn_open(&t.c[1], server_port) || null_call(&t.c[1], t.r))
		failures++;
	else
		expect(t.r->accept_stat == RPC_SUCCESS,
		       "NULL after truncations: accept_stat %u",
		       t.r->accept_stat);
out:
	free(x);
	return case_end(&t);
}

static int case_truncated_sequence(void)
{
	return truncated_case(true);
}

static int case_truncated_bcts(void)
{
	return truncated_case(false);
}

/*
 * SEQUENCE on a draining connection: NFS4ERR_DELAY from the gate,
 * well-formed, and the slot is not used.  A COMPOUND led by EXCHANGE_ID or
 * BIND_CONN_TO_SESSION on it still reaches nfsd.  Draining the session's
 * last fore connection is refused with EBUSY, and SEQUENCE on it passes.
 */
static int case_draining(void)
{
	struct conn_line cl;
	struct ctx t;
	u32 xid;
	int err;

	if (case_begin(&t, 2) || new_session(&t.c[0], &t.s, 0)) {
		failures++;
		goto out;
	}
	if (sequence(&t.c[1], &t.s, AUTH_SYS, t.r, NULL)) {
		failures++;
		goto out;
	}
	expect_result(t.r, OP_SEQUENCE, NFS4_OK);
	expect_session(&t.s, 2, 2, 0);

	err = drain_conn(&t.c[1], true);
	if (!expect(!err, "draining: %s", strerror(-err)))
		goto out;
	if (expect(find_conn_line(t.c[1].lport, &cl) == 1, "not listed"))
		expect(!strcmp(cl.state, "draining"), "state %s", cl.state);

	call_tag = "nfs41raw-drain";
	if (sequence(&t.c[1], &t.s, AUTH_SYS, t.r, &xid)) {
		failures++;
		goto out;
	}
	expect_refusal(t.r, xid, call_tag, OP_SEQUENCE, NFS4ERR_DELAY);
	call_tag = TAG;
	if (expect(find_conn_line(t.c[1].lport, &cl) == 1, "not listed"))
		expect(cl.refused_draining == 1, "refused_draining %lld",
		       cl.refused_draining);

	/* Not SEQUENCE-led: nfsd answers. */
	if (exchange_id(&t.c[1], &t.s, t.r))
		failures++;
	else
		expect(t.r->res[0].clientid == t.s.clientid,
		       "EXCHANGE_ID on the draining connection: clientid %#llx, expected %#llx",
		       (unsigned long long)t.r->res[0].clientid,
		       (unsigned long long)t.s.clientid);
	if (bcts(&t.c[1], t.s.sid, CDFC4_FORE, AUTH_SYS, t.r, NULL))
		failures++;
	else if (expect_result(t.r, OP_BIND_CONN_TO_SESSION, NFS4_OK))
		expect(t.r->res[0].dir == CDFS4_FORE, "dir %#x",
		       t.r->res[0].dir);
	expect_bound(&t.c[1], &t.s, "fore");

	/* The refused SEQUENCE did not use the slot. */
	if (sequence(&t.c[0], &t.s, AUTH_SYS, t.r, NULL))
		failures++;
	else
		expect_result(t.r, OP_SEQUENCE, NFS4_OK);

	/* The last fore connection that is not draining stays. */
	err = drain_conn(&t.c[0], true);
	expect(err == -EBUSY, "draining the last fore connection: %s",
	       err ? strerror(-err) : "succeeded");
	if (expect(find_conn_line(t.c[0].lport, &cl) == 1, "not listed"))
		expect(!strcmp(cl.state, "open"), "state %s", cl.state);
	if (sequence(&t.c[0], &t.s, AUTH_SYS, t.r, NULL))
		failures++;
	else
		expect_result(t.r, OP_SEQUENCE, NFS4_OK);

	err = drain_conn(&t.c[1], false);
	expect(!err, "undraining: %s", strerror(-err));
	if (sequence(&t.c[1], &t.s, AUTH_SYS, t.r, NULL))
		failures++;
	else
		expect_result(t.r, OP_SEQUENCE, NFS4_OK);
out:
	return case_end(&t);
}

/*
 * DESTROY_SESSION of a session with two connections, one carrying the
 * back channel: the session and every binding go, and SEQUENCE for it
 * then gets NFS4ERR_BADSESSION.
 */
static int case_destroy_session(void)
{
	struct xdr_out x;
	struct ctx t;
	u32 xid;

	if (case_begin(&t, 2) ||
	    new_session(&t.c[0], &t.s, SESSION4_BACK_CHAN)) {
		failures++;
		goto out;
	}
	if (bcts(&t.c[1], t.s.sid, CDFC4_FORE, AUTH_SYS, t.r, NULL)) {
		failures++;
		goto out;
	}
	expect_result(t.r, OP_BIND_CONN_TO_SESSION, NFS4_OK);
	expect_session(&t.s, 2, 2, 1);

	xid = start_compound(&x, AUTH_SYS, TAG, 1);
	op_destroy_session(&x, t.s.sid);
	if (rpc_call(&t.c[1], &x, xid, t.r)) {
		failures++;
		goto out;
	}
	if (expect_result(t.r, OP_DESTROY_SESSION, NFS4_OK))
		t.s.created = false;
	expect_session(&t.s, -1, -1, -1);
	expect_bound(&t.c[0], &t.s, NULL);
	expect_bound(&t.c[1], &t.s, NULL);
	if (sequence(&t.c[0], &t.s, AUTH_SYS, t.r, NULL))
		failures++;
	else
		expect_result(t.r, OP_SEQUENCE, NFS4ERR_BADSESSION);
out:
	return case_end(&t);
}

/* ---- Crafted credentials, through both listeners (61-auth-diff.sh) ---- */

/* The macros below give defaults that a form's own fields override. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"

#define SYS(n, ...) { .name = n, .flavor = AUTH_SYS, .machname_len = 8, \
		      .verf_flavor = AUTH_NONE, __VA_ARGS__ }
#define GSS(n, ...) { .name = n, .flavor = RPCSEC_GSS, .gss_version = 1, \
		      .gss_proc = RPCSEC_GSS_DATA, .gss_seq = 1, \
		      .gss_service = RPC_GSS_SVC_NONE, .handle_len = 16, \
		      .verf_flavor = RPCSEC_GSS, .verf_len = 32, __VA_ARGS__ }

/*
 * sunrpc (svcauth_unix_accept()) reads AUTH_SYS by structure and ignores
 * the declared length; the others as svcauth_{null,tls,gss}_accept() do.
 */
static const struct cred_form auth_forms[] = {
	SYS("sys_exact"),
	SYS("sys_declared_4_long", .decl_delta = 4),
	SYS("sys_declared_8_long", .decl_delta = 8),
	SYS("sys_declared_64_long", .decl_delta = 64),
	SYS("sys_declared_past_record", .decl_delta = 0x7fff0000),
	SYS("sys_declared_4_short", .decl_delta = -4),
	SYS("sys_declared_12_short", .decl_delta = -12),
	SYS("sys_declared_0", .decl_zero = true),
	SYS("sys_machname_255", .machname_len = 255),
	SYS("sys_machname_256", .machname_len = 256),
	SYS("sys_gids_16", .ngids = 16),
	SYS("sys_gids_17", .ngids = 17),
	SYS("sys_trailing_4_zero", .trailing = 4),
	SYS("sys_trailing_8_zero", .trailing = 8),
	SYS("sys_trailing_4_ff", .trailing = 4, .trailing_fill = 0xff),
	SYS("sys_trailing_8_declared_short", .trailing = 8, .decl_delta = -8),
	SYS("sys_verf_none_4", .verf_len = 4),
	SYS("sys_verf_none_400", .verf_len = 400),
	SYS("sys_verf_none_404", .verf_len = 404),
	SYS("sys_verf_sys", .verf_flavor = AUTH_SYS),
	SYS("sys_verf_gss", .verf_flavor = RPCSEC_GSS, .verf_len = 32),
	{ .name = "none_exact", .flavor = AUTH_NONE },
	{ .name = "none_body_4", .flavor = AUTH_NONE, .cred_len = 4 },
	{ .name = "none_verf_sys", .flavor = AUTH_NONE,
	  .verf_flavor = AUTH_SYS },
	{ .name = "tls", .flavor = AUTH_TLS },
	{ .name = "flavor_short", .flavor = AUTH_SHORT },
	{ .name = "flavor_ffffffff", .flavor = 0xffffffff },
	GSS("gss_data", .gss_wellformed = true),
	GSS("gss_declared_4_long", .decl_delta = 4),
	GSS("gss_declared_4_short", .decl_delta = -4),
	GSS("gss_version_2", .gss_version = 2),
	GSS("gss_init", .gss_proc = RPCSEC_GSS_INIT),
	GSS("gss_verf_none", .verf_flavor = AUTH_NONE, .verf_len = 0),
	GSS("gss_verf_empty", .verf_len = 0),
};

/* The RPCSEC_GSS call of 62-gss-storm.sh: DATA, service none. */
static const struct cred_form form_gss = GSS("gss_data",
					     .gss_wellformed = true);

#pragma GCC diagnostic pop

/*
 * SEQUENCE for @s under @f on @c; what came back in @out ("eof",
 * "timeout", or the reply).  The slot's seqid moves on if it passed.
 */
static int crafted_once(struct conn *c, const struct cred_form *f,
			struct session *s, struct reply *r, u32 *xidp,
			char *out, size_t size)
{
	struct xdr_out *x = malloc(sizeof(*x));
	char buf[256];
	u32 xid;
	int err;

	if (!x)
		return -ENOMEM;
	xid = start_compound_form(x, f, call_tag, 1);
	op_sequence(x, s->sid, s->slot_seqid + 1, 0);
	if (xidp)
		*xidp = xid;
	err = send_record(c, x->data, x->len);
	free(x);
	if (!err)
		err = wait_reply(c, xid, r, REPLY_TIMEOUT_MS);
	if (err == -EPIPE)
		snprintf(out, size, "eof");
	else if (err == -ETIMEDOUT)
		snprintf(out, size, "timeout");
	else if (err)
		snprintf(out, size, "error %d", err);
	else
		snprintf(out, size, "%s", describe(r, buf, sizeof(buf)));
	if (!err && r->nparsed && r->res[0].opnum == OP_SEQUENCE &&
	    r->res[0].status == NFS4_OK)
		s->slot_seqid++;
	return err;
}

/* Did nfsd run the SEQUENCE of @r (it has a SEQUENCE result)? */
static bool ran_sequence(const struct reply *r)
{
	return r->reply_stat == MSG_ACCEPTED && r->accept_stat == RPC_SUCCESS &&
	       r->nparsed && r->res[0].opnum == OP_SEQUENCE;
}

/*
 * One form @f, on three connections of one session: c[2] to the plain
 * "tcp" listener (nfsd alone), c[0] to nfs41conn, c[1] to nfs41conn and
 * drained.  The honest SEQUENCE is refused with NFS4ERR_DELAY on c[1]
 * only.  Under @f, c[0] answers as c[2]; c[1] is refused exactly when
 * nfsd ran the SEQUENCE on c[2] (an RPCSEC_GSS call of the form sunrpc
 * takes by closing: the gate cannot sign a reply), and answers as c[2]
 * otherwise.
 */
static int auth_case(const struct cred_form *f)
{
	char ref[512], got[512];
	struct reply *ref_r = calloc(1, sizeof(*ref_r));
	unsigned int drain_close = 0;
	bool drain_saved = false;
	struct ctx t;
	u32 xid;
	int err;

	if (!expect(ref_port, "needs -r REFPORT") || !ref_r ||
	    case_begin(&t, 2) || new_session(&t.c[0], &t.s, 0) ||
	    conn_open(&t.c[2], ref_port)) {
		failures++;
		goto out;
	}
	/* Drained connections must not be closed under the test. */
	if (read_uint(SYSCTL_DRAIN_CLOSE, &drain_close) ||
	    write_uint(SYSCTL_DRAIN_CLOSE, 0)) {
		failures++;
		goto out;
	}
	drain_saved = true;
	if (sequence(&t.c[1], &t.s, AUTH_SYS, t.r, NULL) ||
	    !expect_result(t.r, OP_SEQUENCE, NFS4_OK) ||
	    sequence(&t.c[2], &t.s, AUTH_SYS, t.r, NULL) ||
	    !expect_result(t.r, OP_SEQUENCE, NFS4_OK)) {
		failures++;
		goto out;
	}
	err = drain_conn(&t.c[1], true);
	if (!expect(!err, "draining: %s", strerror(-err)))
		goto out;
	/* The honest form: refused on the drained connection only. */
	if (sequence(&t.c[1], &t.s, AUTH_SYS, t.r, &xid)) {
		failures++;
		goto out;
	}
	if (!expect_refusal(t.r, xid, call_tag, OP_SEQUENCE, NFS4ERR_DELAY))
		goto out;

	crafted_once(&t.c[2], f, &t.s, ref_r, NULL, ref, sizeof(ref));
	crafted_once(&t.c[0], f, &t.s, t.r, NULL, got, sizeof(got));
	diag("%s: tcp: %s", f->name, ref);
	expect(!strcmp(got, ref), "%s: nfs41conn: %s; tcp: %s", f->name, got,
	       ref);
	expect(strcmp(ref, "eof") && strcmp(ref, "timeout") &&
	       strncmp(ref, "error", 5), "%s: no reply from nfsd", f->name);

	crafted_once(&t.c[1], f, &t.s, t.r, &xid, got, sizeof(got));
	if (f->gss_wellformed) {
		expect(ref_r->reply_stat == MSG_DENIED,
		       "%s: nfsd took a made-up GSS context", f->name);
		expect(!strcmp(got, "eof"),
		       "%s: drained: %s, expected the gate to close", f->name,
		       got);
		diag("%s: drained: closed", f->name);
		conn_close(&t.c[1]);
	} else if (ran_sequence(ref_r)) {
		if (expect(strcmp(got, "eof") && strcmp(got, "timeout") &&
			   strncmp(got, "error", 5),
			   "%s: drained: %s", f->name, got))
			expect_refusal(t.r, xid, call_tag, OP_SEQUENCE,
				       NFS4ERR_DELAY);
		diag("%s: drained: refused (%s)", f->name, got);
	} else {
		expect(!strcmp(got, ref), "%s: drained: nfs41conn: %s; tcp: %s",
		       f->name, got, ref);
	}
	/* The session still serves, and a refusal used no slot. */
	if (sequence(&t.c[0], &t.s, AUTH_SYS, t.r, NULL))
		failures++;
	else
		expect_result(t.r, OP_SEQUENCE, NFS4_OK);
out:
	if (drain_saved)
		write_uint(SYSCTL_DRAIN_CLOSE, drain_close);
	free(ref_r);
	return case_end(&t);
}

/* ---- Minor versions nfsd does not serve (63-minorversion.sh) ---- */

/* How many sessions /proc/net/nfs41conn/sessions lists, or -1. */
static int nr_sessions(void)
{
	char line[4096];
	int n = 0;
	FILE *f;

	f = fopen(PROC_SESSIONS, "r");
	if (!f) {
		diag("%s: %s", PROC_SESSIONS, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f))
		if (line[0] != '#')
			n++;
	fclose(f);
	return n;
}

/*
 * SEQUENCE of @s in minor version @minor through @ref (the plain "tcp"
 * listener, nfsd alone) and through @c (nfs41conn, drained): the same
 * answer, nfsd's, of COMPOUND status @status -- not the gate's
 * NFS4ERR_DELAY.
 */
static void expect_as_nfsd_at(int line, struct conn *c, struct conn *ref,
			      struct session *s, u32 minor, u32 status,
			      struct reply *r, const char *what)
{
	char got[512], want[512];
	u32 minor_saved = call_minor;

	call_minor = minor;
	crafted_once(ref, &form_sys, s, r, NULL, want, sizeof(want));
	crafted_once(c, &form_sys, s, r, NULL, got, sizeof(got));
	call_minor = minor_saved;
	diag("%s, minor version %u: tcp: %s", what, minor, want);
	expect_at(line, !strcmp(got, want),
		  "%s, minor version %u: drained: %s; tcp: %s", what, minor,
		  got, want);
	expect_at(line, compound_status(r, status),
		  "%s, minor version %u: drained: %s, expected status %u",
		  what, minor, got, status);
}

#define expect_as_nfsd(c, ref, s, minor, status, r, what) \
	expect_as_nfsd_at(__LINE__, c, ref, s, minor, status, r, what)

/*
 * On c[0] and c[1] (nfs41conn, open), a session made in minor version
 * call_minor, and c[2] to REFPORT, all bound to it; then c[1] drained.
 * SEQUENCE on c[1] in the session's minor version is the gate's
 * NFS4ERR_DELAY.
 */
static int minorversion_begin(struct ctx *t)
{
	u32 xid;
	int err;

	if (new_session(&t->c[0], &t->s, 0) ||
	    conn_open(&t->c[2], ref_port) ||
	    sequence(&t->c[1], &t->s, AUTH_SYS, t->r, NULL) ||
	    !expect_result(t->r, OP_SEQUENCE, NFS4_OK) ||
	    sequence(&t->c[2], &t->s, AUTH_SYS, t->r, NULL) ||
	    !expect_result(t->r, OP_SEQUENCE, NFS4_OK))
		return -1;
	err = drain_conn(&t->c[1], true);
	if (!expect(!err, "draining: %s", strerror(-err)))
		return -1;
	if (sequence(&t->c[1], &t->s, AUTH_SYS, t->r, &xid) ||
	    !expect_refusal(t->r, xid, call_tag, OP_SEQUENCE, NFS4ERR_DELAY))
		return -1;
	return 0;
}

/*
 * nfsd serves minor version 1, not 2 (63-minorversion.sh writes "-4.2"
 * to /proc/fs/nfsd/versions).  On a drained connection of a minor
 * version 1 session, SEQUENCE in minor version 1 is the gate's
 * NFS4ERR_DELAY; in minor version 2 it is nfsd's answer,
 * NFS4ERR_MINOR_VERS_MISMATCH, as through the plain "tcp" listener.
 */
static int case_minorversion_drained(void)
{
	unsigned int drain_close = 0;
	bool drain_saved = false;
	struct conn_line cl;
	struct ctx t;

	if (case_begin(&t, 2) || !expect(ref_port, "needs -r REFPORT") ||
	    read_uint(SYSCTL_DRAIN_CLOSE, &drain_close) ||
	    write_uint(SYSCTL_DRAIN_CLOSE, 0)) {
		failures++;
		goto out;
	}
	drain_saved = true;
	if (minorversion_begin(&t)) {
		failures++;
		goto out;
	}
	expect_as_nfsd(&t.c[1], &t.c[2], &t.s, 2, NFS4ERR_MINOR_VERS_MISMATCH,
		       t.r, "the session");
	if (expect(find_conn_line(t.c[1].lport, &cl) == 1, "not listed"))
		expect(cl.refused_draining == 1, "refused_draining %lld",
		       cl.refused_draining);
	/* The session still serves, and the refusal used no slot. */
	if (sequence(&t.c[0], &t.s, AUTH_SYS, t.r, NULL))
		failures++;
	else
		expect_result(t.r, OP_SEQUENCE, NFS4_OK);
out:
	if (drain_saved)
		write_uint(SYSCTL_DRAIN_CLOSE, drain_close);
	return case_end(&t);
}

/* Stop nfsd's threads: nfsd closes every listener and connection. */
static int nfsd_stop_threads(void)
{
	int err = write_str(NFSD_THREADS, "0\n");

	if (err)
		diag("stopping nfsd: %s", strerror(-err));
	return err;
}

/*
 * Start nfsd's threads serving @versions, on the nfs41conn listener and
 * on the plain "tcp" one, as 63-minorversion.sh started them.
 */
static int nfsd_start_threads(const char *versions)
{
	char buf[64];
	int err;

	snprintf(buf, sizeof(buf), "nfs41conn %d\n", server_port);
	err = write_str(NFSD_VERSIONS, versions);
	if (!err)
		err = write_str(NFSD_PORTLIST, buf);
	snprintf(buf, sizeof(buf), "tcp %d\n", ref_port);
	if (!err)
		err = write_str(NFSD_PORTLIST, buf);
	if (!err)
		err = write_str(NFSD_THREADS, "8\n");
	if (err)
		diag("starting nfsd (%s): %s", versions, strerror(-err));
	return err;
}

/*
 * nfsd restarts with its versions changed: a minor version 1 session,
 * with a drained connection, while nfsd serves 4.1; nfsd stops, which
 * takes the nfs41conn listener and so every session in the table
 * (/proc/net/nfs41conn/sessions lists none), and starts serving 4.2 and
 * not 4.1.  On a drained connection of a new, minor version 2 session,
 * SEQUENCE in minor version 2 is the gate's NFS4ERR_DELAY; in minor
 * version 1, of the new session or of the old one, it is nfsd's
 * NFS4ERR_MINOR_VERS_MISMATCH; of the old session in minor version 2,
 * nfsd's NFS4ERR_BADSESSION.  Each as through the plain "tcp" listener.
 */
static int case_minorversion_restart(void)
{
	unsigned int drain_close = 0;
	bool drain_saved = false;
	struct session old;
	long long deadline;
	struct ctx t;
	unsigned int i;
	int n;

	if (case_begin(&t, 2) || !expect(ref_port, "needs -r REFPORT") ||
	    read_uint(SYSCTL_DRAIN_CLOSE, &drain_close) ||
	    write_uint(SYSCTL_DRAIN_CLOSE, 0)) {
		failures++;
		goto out;
	}
	drain_saved = true;
	if (minorversion_begin(&t)) {
		failures++;
		goto out;
	}
	expect_session(&t.s, 2, 2, 0);

	old = t.s;
	memset(&t.s, 0, sizeof(t.s));	/* nfsd forgets it: not to destroy */
	if (nfsd_stop_threads()) {
		failures++;
		goto out;
	}
	for (i = 0; i < ARRAY_SIZE(t.c); i++)
		conn_close(&t.c[i]);
	deadline = now_ms() + REPLY_TIMEOUT_MS;
	while ((n = nr_sessions()) > 0 && now_ms() < deadline)
		sleep_ms(50);
	expect(n == 0, "%d sessions listed after nfsd stopped", n);
	diag("nfsd stopped: %d sessions listed", n);

	if (nfsd_start_threads("-2 -3 +4 -4.1 +4.2\n") ||
	    conn_open(&t.c[0], server_port) ||
	    conn_open(&t.c[1], server_port)) {
		failures++;
		goto out;
	}
	call_minor = 2;
	if (minorversion_begin(&t)) {
		failures++;
		goto out;
	}
	expect_as_nfsd(&t.c[1], &t.c[2], &t.s, 1, NFS4ERR_MINOR_VERS_MISMATCH,
		       t.r, "the session");
	expect_as_nfsd(&t.c[1], &t.c[2], &old, 1, NFS4ERR_MINOR_VERS_MISMATCH,
		       t.r, "the old session");
	expect_as_nfsd(&t.c[1], &t.c[2], &old, 2, NFS4ERR_BADSESSION, t.r,
		       "the old session");
	if (sequence(&t.c[0], &t.s, AUTH_SYS, t.r, NULL))
		failures++;
	else
		expect_result(t.r, OP_SEQUENCE, NFS4_OK);
out:
	if (drain_saved)
		write_uint(SYSCTL_DRAIN_CLOSE, drain_close);
	return case_end(&t);
}

/* ---- RPCSEC_GSS calls the gate closes (62-gss-storm.sh) ---- */

/* The highest connection ID listed, or 0. */
static unsigned long long max_conn_id(void)
{
	unsigned long long id, max = 0;
	char line[4096];
	FILE *f = fopen(PROC_CONNS, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (line[0] != '#' && sscanf(line, "%llu", &id) == 1 &&
		    id > max)
			max = id;
	fclose(f);
	return max;
}

struct storm {
	unsigned int	connects;	/* accepted by the server */
	unsigned int	closes;		/* by the server */
	unsigned int	replies;
	unsigned int	badcred;	/* AUTH_ERROR, AUTH_BADCRED */
	unsigned int	credproblem;	/* AUTH_ERROR, RPCSEC_GSS_CREDPROBLEM */
	unsigned int	other;
	long long	ms;
};

#define STORM_MS		10000
#define STORM_MAX_CONNECTS	2000
#define STORM_REPLY_PAUSE_MS	100
#define STORM_MAX_RATE		2	/* connections per second */

/*
 * For STORM_MS, send RPCSEC_GSS SEQUENCE calls for @s on @c, as a client
 * that keeps coming back: reconnect at once whenever the server closes,
 * send again STORM_REPLY_PAUSE_MS after a reply.  Stops early after
 * STORM_MAX_CONNECTS connections.
 */
static void gss_storm(struct conn *c, struct session *s, struct storm *st)
{
	long long start = now_ms();
	char out[512];
	struct reply *r = calloc(1, sizeof(*r));
	int err;

	memset(st, 0, sizeof(*st));
	if (!r)
		return;
	while (now_ms() - start < STORM_MS &&
	       st->connects < STORM_MAX_CONNECTS) {
		if (c->fd < 0) {
			if (conn_open(c, server_port)) {
				sleep_ms(10);
				continue;
			}
			st->connects++;
		}
		err = crafted_once(c, &form_gss, s, r, NULL, out, sizeof(out));
		if (err) {
			if (err == -EPIPE)
				st->closes++;
			else
				st->other++;
			conn_close(c);
			continue;
		}
		st->replies++;
		if (r->reply_stat == MSG_DENIED && r->reject_stat == AUTH_ERROR &&
		    r->auth_stat == AUTH_BADCRED)
			st->badcred++;
		else if (r->reply_stat == MSG_DENIED &&
			 r->reject_stat == AUTH_ERROR &&
			 r->auth_stat == RPCSEC_GSS_CREDPROBLEM)
			st->credproblem++;
		else if (st->other++ < 3)
			diag("unexpected reply: %s", out);
		sleep_ms(STORM_REPLY_PAUSE_MS);
	}
	st->ms = now_ms() - start;
	free(r);
}

/* Judge a storm: at most STORM_MAX_RATE connections a second. */
static void storm_verdict(const char *what, const struct storm *st,
			  unsigned long long id0)
{
	unsigned long long id1 = max_conn_id();
	double rate = st->connects * 1000.0 / (double)(st->ms ? st->ms : 1);

	diag("%s: %u connections in %lld ms (%.1f/s), %u closed by the server, %u replies (%u AUTH_BADCRED, %u RPCSEC_GSS_CREDPROBLEM), %u other; connection IDs advanced by %llu",
	     what, st->connects, st->ms, rate, st->closes, st->replies,
	     st->badcred, st->credproblem, st->other,
	     id1 > id0 ? id1 - id0 : 0);
	expect(rate <= STORM_MAX_RATE,
	       "%s: %.1f connections/s, more than %d/s: a reconnect storm",
	       what, rate, STORM_MAX_RATE);
	expect(st->other == 0, "%s: %u unexpected outcomes", what, st->other);
}

/*
 * (a) The admin drained the connection that carries the GSS calls: the
 * gate closes it (it cannot answer RPCSEC_GSS), the client reconnects;
 * the new connection is not drained, so sunrpc answers from then on.
 */
static int case_gss_storm_drained(void)
{
	unsigned int drain_close = 0;
	bool drain_saved = false;
	unsigned long long id0;
	struct storm st;
	struct ctx t;
	int err;

	if (case_begin(&t, 2) || new_session(&t.c[0], &t.s, 0) ||
	    read_uint(SYSCTL_DRAIN_CLOSE, &drain_close) ||
	    write_uint(SYSCTL_DRAIN_CLOSE, 0)) {
		failures++;
		goto out;
	}
	drain_saved = true;
	if (sequence(&t.c[1], &t.s, AUTH_SYS, t.r, NULL) ||
	    !expect_result(t.r, OP_SEQUENCE, NFS4_OK)) {
		failures++;
		goto out;
	}
	err = drain_conn(&t.c[1], true);
	if (!expect(!err, "draining: %s", strerror(-err)))
		goto out;
	id0 = max_conn_id();
	gss_storm(&t.c[1], &t.s, &st);
	storm_verdict("drained", &st, id0);
out:
	if (drain_saved)
		write_uint(SYSCTL_DRAIN_CLOSE, drain_close);
	return case_end(&t);
}

/*
 * (b) Over the session's limit: max_conns_per_session 1, no eviction, the
 * session's one connection held by another connection; each GSS call on
 * a new connection is over the limit.
 */
static int case_gss_storm_over_limit(void)
{
	unsigned long long id0;
	struct storm st;
	struct ctx t;

	if (case_begin(&t, 1) || set_limits(&t.limits, 1, 0) ||
	    new_session(&t.c[0], &t.s, 0)) {
		failures++;
		goto out;
	}
	expect_session(&t.s, 1, 1, 0);
	id0 = max_conn_id();
	gss_storm(&t.c[1], &t.s, &st);
	storm_verdict("over the limit", &st, id0);
	/* The session's own connection still serves. */
	if (sequence(&t.c[0], &t.s, AUTH_SYS, t.r, NULL))
		failures++;
	else
		expect_result(t.r, OP_SEQUENCE, NFS4_OK);
out:
	return case_end(&t);
}

static const struct {
	const char	*name;
	int		(*run)(void);
	int		group;		/* -l: 0; -L auth, -L gss: 2; -L minor: 3 */
} cases[] = {
	{ "null_call", case_null_call, 0 },
	{ "create_session_fore", case_create_session_fore, 0 },
	{ "create_session_back_chan", case_create_session_back_chan, 0 },
	{ "bcts_fore", case_bcts_fore, 0 },
	{ "bcts_back", case_bcts_back, 0 },
	{ "bcts_fore_or_both", case_bcts_fore_or_both, 0 },
	{ "bcts_back_or_both", case_bcts_back_or_both, 0 },
	{ "bcts_rebind_incompatible", case_bcts_rebind_incompatible, 0 },
	{ "bcts_not_only_op", case_bcts_not_only_op, 0 },
	{ "unknown_session", case_unknown_session, 0 },
	{ "over_limit", case_over_limit, 0 },
	{ "over_limit_rejected", case_over_limit_rejected, 0 },
	{ "over_limit_evict", case_over_limit_evict, 0 },
	{ "over_limit_partial_record", case_over_limit_partial_record, 0 },
	{ "truncated_sequence", case_truncated_sequence, 0 },
	{ "truncated_bcts", case_truncated_bcts, 0 },
	{ "draining", case_draining, 0 },
	{ "destroy_session", case_destroy_session, 0 },
	{ "gss_storm_drained", case_gss_storm_drained, 2 },
	{ "gss_storm_over_limit", case_gss_storm_over_limit, 2 },
	{ "minorversion_drained", case_minorversion_drained, 3 },
	{ "minorversion_restart", case_minorversion_restart, 3 },
};

#define AUTH_PREFIX	"auth_"

static void print_usage(void)
{
	fprintf(stderr,
		"usage: nfs41raw [-s ADDR] [-p PORT] [-r REFPORT] CASE...\n"
		"       nfs41raw -l | -L auth | -L gss | -L minor\n");
}

int main(int argc, char **argv)
{
	int opt, i, ret = 0;
	long long start;
	size_t j, k;

	while ((opt = getopt(argc, argv, "lL:s:p:r:")) != -1) {
		switch (opt) {
		case 'l':
			for (j = 0; j < ARRAY_SIZE(cases); j++)
				if (!cases[j].group)
					printf("%s\n", cases[j].name);
			return 0;
		case 'L':
			if (!strcmp(optarg, "auth")) {
				for (j = 0; j < ARRAY_SIZE(auth_forms); j++)
					printf(AUTH_PREFIX "%s\n",
					       auth_forms[j].name);
			} else if (!strcmp(optarg, "gss") ||
				   !strcmp(optarg, "minor")) {
				k = optarg[0] == 'g' ? 2 : 3;
				for (j = 0; j < ARRAY_SIZE(cases); j++)
					if (cases[j].group == (int)k)
						printf("%s\n", cases[j].name);
			} else {
				print_usage();
				return 2;
			}
			return 0;
		case 's':
			server_addr = optarg;
			break;
		case 'p':
			server_port = atoi(optarg);
			break;
		case 'r':
			ref_port = atoi(optarg);
			break;
		default:
			print_usage();
			return 2;
		}
	}
	if (optind == argc) {
		print_usage();
		return 2;
	}
	next_xid = (u32)getpid() << 16 ^ (u32)time(NULL);
	for (i = optind; i < argc; i++) {
		const struct cred_form *form = NULL;
		int rc;

		for (j = 0; j < ARRAY_SIZE(cases); j++)
			if (!strcmp(argv[i], cases[j].name))
				break;
		if (j == ARRAY_SIZE(cases) &&
		    !strncmp(argv[i], AUTH_PREFIX, strlen(AUTH_PREFIX))) {
			for (k = 0; k < ARRAY_SIZE(auth_forms); k++)
				if (!strcmp(argv[i] + strlen(AUTH_PREFIX),
					    auth_forms[k].name))
					form = &auth_forms[k];
		}
		if (j == ARRAY_SIZE(cases) && !form) {
			fprintf(stderr, "nfs41raw: no case %s\n", argv[i]);
			return 2;
		}
		failures = 0;
		checks = 0;
		start = now_ms();
		rc = form ? auth_case(form) : cases[j].run();
		if (rc) {
			diag("%s failed", argv[i]);
			ret = 1;
		} else {
			diag("%s: %u checks passed in %lld ms", argv[i],
			     checks, now_ms() - start);
		}
	}
	return ret;
}
