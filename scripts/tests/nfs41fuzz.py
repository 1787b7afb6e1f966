# SPDX-License-Identifier: GPL-2.0
"""nfs41fuzz: mutated NFSv4.1 calls, and a connection storm, for nfs41conn.

A helper of scripts/tests/85-wire-fuzz.sh and 86-storm.sh (not a window:
not executable; run as "python3 nfs41fuzz.py ...").  It speaks RPC over
TCP by hand (RFC 5531 record marking, AUTH_SYS and AUTH_NONE, NFSv4.1
COMPOUNDs of RFC 8881), to control every byte.

  fuzz [--count N] [--seed S]    send N mutated calls
  storm [--seconds T] [--seed S] open, bind, use and close connections

Both make their own client (EXCHANGE_ID, CREATE_SESSION) and destroy it
at the end.  Every connection they keep open passes a filehandle check
(SEQUENCE, PUTROOTFH, GETATTR) first, so that sunrpc never closes one for
being one of more than 64 connections without (XPT_PEER_VALID).  They
connect from CLIENT_ADDR to SERVER_ADDR (127.0.0.2 both, by default), so
that a window can tell their connections from a Linux client's on
127.0.0.1.  The last line printed is a summary; the exit status is 0 if
the server still answered a plain SEQUENCE at the end (and, for storm, if
every session a worker had closed all connections of soon counted none in
/proc/net/nfs41conn/sessions), 1 otherwise.
"""

import argparse
import os
import random
import socket
import struct
import sys
import threading
import time

PORT = 2049
SERVER_ADDR = os.environ.get("NFS41FUZZ_SERVER", "127.0.0.2")
CLIENT_ADDR = os.environ.get("NFS41FUZZ_CLIENT", "127.0.0.2")

NFS_PROGRAM, NFS_V4, COMPOUND = 100003, 4, 1
AUTH_NONE, AUTH_SYS = 0, 1
OP_GETATTR, OP_PUTROOTFH = 9, 24
OP_BCTS, OP_EXCHANGE_ID, OP_CREATE_SESSION = 41, 42, 43
OP_DESTROY_SESSION, OP_SEQUENCE, OP_DESTROY_CLIENTID = 44, 53, 57
LAST_FRAGMENT = 0x80000000
SESSION4_BACK_CHAN = 2
NSLOTS = 16


def u32(v):
    return struct.pack(">I", v & 0xFFFFFFFF)


def u64(v):
    return struct.pack(">Q", v)


def opaque(b):
    return u32(len(b)) + b + b"\0" * (-len(b) % 4)


def cred(flavor, machine=b"nfs41fuzz", gids=(0,)):
    if flavor == AUTH_SYS:
        body = u32(0x6E667331) + opaque(machine) + u32(0) + u32(0)
        body += u32(len(gids)) + b"".join(u32(g) for g in gids)
        return u32(AUTH_SYS) + opaque(body)
    return u32(AUTH_NONE) + u32(0)


class Xid:
    lock = threading.Lock()
    n = random.getrandbits(31)

    @classmethod
    def next(cls):
        with cls.lock:
            cls.n = (cls.n + 1) & 0xFFFFFFFF
            return cls.n


def call(ops, nops, flavor=AUTH_SYS, tag=b"nfs41fuzz", xid=None):
    """A COMPOUND call record body (no marker)."""
    xid = Xid.next() if xid is None else xid
    hdr = u32(xid) + u32(0) + u32(2) + u32(NFS_PROGRAM) + u32(NFS_V4)
    hdr += u32(COMPOUND) + cred(flavor) + u32(AUTH_NONE) + u32(0)
    return xid, hdr + opaque(tag) + u32(1) + u32(nops) + ops


def null_call():
    xid = Xid.next()
    return xid, (u32(xid) + u32(0) + u32(2) + u32(NFS_PROGRAM) + u32(NFS_V4)
                 + u32(0) + cred(AUTH_NONE) + u32(AUTH_NONE) + u32(0))


def op_sequence(sid, seq, slot):
    return u32(OP_SEQUENCE) + sid + u32(seq) + u32(slot) + u32(NSLOTS - 1) + u32(0)


def op_bcts(sid, direction):
    return u32(OP_BCTS) + sid + u32(direction) + u32(0)


def op_putroot_getattr():
    return u32(OP_PUTROOTFH) + u32(OP_GETATTR) + u32(1) + u32(1 << 1)


def op_exchange_id(owner):
    return (u32(OP_EXCHANGE_ID) + os.urandom(8) + opaque(owner)
            + u32(0x00010000) + u32(0) + u32(0))


def chan(size, cached, maxops, maxreqs):
    return (u32(0) + u32(size) + u32(size) + u32(cached) + u32(maxops)
            + u32(maxreqs) + u32(0))


def op_create_session(clientid, seq, flags):
    return (u32(OP_CREATE_SESSION) + u64(clientid) + u32(seq) + u32(flags)
            + chan(1048576, 8192, 16, NSLOTS) + chan(65536, 0, 4, 1)
            + u32(0x40000000) + u32(1) + u32(AUTH_NONE))


class Closed(Exception):
    pass


class Conn:
    """One TCP connection to nfsd, with record marking."""

    def __init__(self, timeout=5.0):
        self.s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                          struct.pack("ii", 1, 0))
        self.s.bind((CLIENT_ADDR, 0))
        self.s.settimeout(timeout)
        self.s.connect((SERVER_ADDR, PORT))
        self.buf = b""

    def close(self):
        try:
            self.s.close()
        except OSError:
            pass

    def send(self, body):
        try:
            self.s.sendall(u32(LAST_FRAGMENT | len(body)) + body)
        except OSError as e:
            raise Closed(str(e)) from e

    def _fill(self):
        """Receive what is there into the buffer; False if nothing was."""
        try:
            d = self.s.recv(65536)
        except (socket.timeout, BlockingIOError) as e:
            raise TimeoutError from e
        except OSError as e:
            raise Closed(str(e)) from e
        if not d:
            raise Closed("EOF")
        self.buf += d

    def _take(self):
        """A whole record from the buffer (all its fragments), or None."""
        rec, p = b"", 0
        while len(self.buf) >= p + 4:
            (m,) = struct.unpack(">I", self.buf[p:p + 4])
            n = m & ~LAST_FRAGMENT
            if len(self.buf) < p + 4 + n:
                return None
            rec += self.buf[p + 4:p + 4 + n]
            p += 4 + n
            if m & LAST_FRAGMENT:
                self.buf = self.buf[p:]
                return rec
        return None

    def recv(self):
        while True:
            rec = self._take()
            if rec is not None:
                return rec
            self._fill()

    def rpc(self, xid_body):
        """Send a call, return the reply with its XID, skipping others."""
        xid, body = xid_body
        self.send(body)
        while True:
            r = self.recv()
            if len(r) >= 4 and struct.unpack(">I", r[:4])[0] == xid:
                return r

    def drain(self):
        """Read whatever replies are there, without waiting."""
        n = 0
        self.s.settimeout(0.0)
        try:
            while True:
                self._fill()
        except TimeoutError:
            pass
        finally:
            self.s.settimeout(5.0)
        while self._take() is not None:
            n += 1
        return n


def results(r):
    """(status, [(opnum, status, resok bytes)]) of a COMPOUND reply, or None."""
    try:
        xid, mtype, stat = struct.unpack(">III", r[:12])
        if mtype != 1 or stat != 0:
            return None
        vlen = struct.unpack(">I", r[16:20])[0]
        p = 20 + vlen + (-vlen % 4)
        (acc,) = struct.unpack(">I", r[p:p + 4])
        if acc != 0:
            return None
        status, taglen = struct.unpack(">II", r[p + 4:p + 12])
        p += 12 + taglen + (-taglen % 4)
        (n,) = struct.unpack(">I", r[p:p + 4])
        p += 4
        res = []
        for _ in range(n):
            op, st = struct.unpack(">II", r[p:p + 8])
            res.append((op, st, r[p + 8:]))
            p += 8
            if st:
                break
            break  # only the first result's resok is used
        return status, res
    except struct.error:
        return None


class Client:
    """An NFSv4.1 client of its own: a client ID and one session."""

    def __init__(self, owner, back=False):
        self.owner = owner
        self.lock = threading.Lock()
        self.slotseq = [0] * NSLOTS
        c = Conn()
        try:
            st = results(c.rpc(call(op_exchange_id(owner), 1)))
            if not st or st[0]:
                raise RuntimeError("EXCHANGE_ID failed: %r" % (st,))
            resok = st[1][0][2]
            self.clientid, self.seq = struct.unpack(">QI", resok[:12])
            st = results(c.rpc(call(op_create_session(
                self.clientid, self.seq, SESSION4_BACK_CHAN if back else 0), 1)))
            if not st or st[0]:
                raise RuntimeError("CREATE_SESSION failed: %r" % (st,))
            self.sid = st[1][0][2][:16]
        finally:
            c.close()

    def seq_ops(self, slot, extra=b"", nextra=0):
        """A SEQUENCE on @slot with the next seqid, and @extra ops."""
        with self.lock:
            self.slotseq[slot] += 1
            s = self.slotseq[slot]
        return call(op_sequence(self.sid, s, slot) + extra, 1 + nextra)

    def validate(self, conn, slot=0):
        """SEQUENCE, PUTROOTFH, GETATTR on @conn: binds it and makes it
        pass a filehandle check.  Returns the COMPOUND status or None."""
        for _ in range(3):
            st = results(conn.rpc(self.seq_ops(slot, op_putroot_getattr(), 2)))
            if st is None:
                return None
            if st[0] == 10063:  # SEQ_MISORDERED: someone used the slot
                with self.lock:
                    self.slotseq[slot] += 7
                continue
            return st[0]
        return st[0]

    def destroy(self):
        c = Conn()
        try:
            c.rpc(call(u32(OP_DESTROY_SESSION) + self.sid, 1))
            c.rpc(call(u32(OP_DESTROY_CLIENTID) + u64(self.clientid), 1))
        finally:
            c.close()


# ---- Mutations, the same kinds as kunit/xdr_fuzz_test.c's ----

INTERESTING = [0, 1, 2, 4, 7, 16, 17, 128, 129, 255, 256, 400, 401,
               0x7FFFFFFF, 0x80000000, 0xFFFFFFFC, 0xFFFFFFFF, OP_SEQUENCE,
               OP_CREATE_SESSION, OP_BCTS, OP_DESTROY_SESSION, 6]


def mutate(rnd, b):
    b = bytearray(b)
    for _ in range(rnd.randint(1, 6)):
        k = rnd.randrange(8)
        if not b:
            break
        if k == 0:
            b[rnd.randrange(len(b))] ^= 1 << rnd.randrange(8)
        elif k == 1:
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        elif k in (2, 3) and len(b) >= 4:
            w = rnd.randrange(len(b) // 4) * 4
            b[w:w + 4] = u32(rnd.choice(INTERESTING))
        elif k == 4 and len(b) >= 4:
            w = rnd.randrange(len(b) // 4) * 4
            v = struct.unpack(">I", b[w:w + 4])[0] + rnd.randint(-4, 4)
            b[w:w + 4] = u32(v)
        elif k == 5:
            a = rnd.randrange(len(b))
            del b[a:a + rnd.randint(1, 16)]
        elif k == 6:
            a = rnd.randrange(len(b))
            b[a:a] = b[a:a + rnd.randint(1, 16)]
        elif k == 7:
            del b[rnd.randrange(len(b) + 1):]
    return bytes(b)


def seeds(cl, rnd):
    """Calls like those kunit/xdr_fuzz_seeds.h holds, on a live session."""
    slot = rnd.randrange(1, NSLOTS)
    with cl.lock:
        cl.slotseq[slot] += 1
        s = cl.slotseq[slot]
    seq = op_sequence(cl.sid, s, slot)
    long_cred = bytearray(call(seq + op_putroot_getattr(), 3)[1])
    # the AUTH_SYS body's declared length, 8 too long (issue 8's bypass)
    long_cred[28:32] = u32(struct.unpack(">I", long_cred[28:32])[0] + 8)
    return [
        call(seq + op_putroot_getattr(), 3)[1],
        call(seq, 1, flavor=AUTH_NONE)[1],
        call(op_bcts(cl.sid, 3), 1)[1],
        call(op_bcts(cl.sid, 2) + u32(OP_PUTROOTFH), 2)[1],
        call(op_exchange_id(cl.owner), 1)[1],
        call(op_create_session(cl.clientid, 0x7fff, 0), 1)[1],
        call(u32(OP_DESTROY_SESSION) + bytes(16), 1)[1],
        null_call()[1],
        bytes(long_cred),
    ]


def alive(owner):
    """A new client gets a session, and a SEQUENCE on it succeeds."""
    cl = Client(owner)
    c = Conn()
    try:
        return cl.validate(c) == 0
    finally:
        c.close()
        cl.destroy()


def fresh_conn(cl, owner):
    """A connection that passed a filehandle check on @cl's session, or on
    a new client's if a mutated call destroyed that one."""
    c = Conn()
    if cl.validate(c) != 0:
        cl.destroy()
        cl = Client(owner)
        cl.validate(c)
    return c, cl


def do_fuzz(args):
    rnd = random.Random(args.seed)
    owner = b"nfs41fuzz-%d" % os.getpid()
    cl = Client(owner)
    conns = []
    sent = replies = closed = 0
    try:
        for _ in range(args.conns):
            c, cl = fresh_conn(cl, owner)
            conns.append(c)
        for i in range(args.count):
            k = rnd.randrange(len(conns))
            c = conns[k]
            body = mutate(rnd, rnd.choice(seeds(cl, rnd)))
            for _ in range(2):	# again on a new connection if closed
                try:
                    c.send(body)
                    sent += 1
                    if i % 8 == 0:
                        time.sleep(0.002)
                    replies += c.drain()
                    break
                except Closed:
                    closed += 1
                    c.close()
                    c, cl = fresh_conn(cl, owner)
                    conns[k] = c
        time.sleep(0.5)
        for c in conns:
            try:
                replies += c.drain()
            except Closed:
                pass
    finally:
        for c in conns:
            c.close()
        cl.destroy()
    ok = alive(owner + b"-check")
    print("fuzz: seed %d, %d mutated calls sent, %d replies, %d connections "
          "closed by the server, server alive: %s"
          % (args.seed, sent, replies, closed, ok))
    return 0 if ok else 1


def listed_conns(sid):
    """The conns column of @sid's line in /proc/net/nfs41conn/sessions,
    or 0 if it is not listed."""
    with open("/proc/net/nfs41conn/sessions") as f:
        for line in f:
            w = line.split()
            if w and w[0] == sid.hex():
                return int(w[1])
    return 0


def closed_all(cl, conns, stats):
    """Close @conns, all of @cl's: the table must soon count none on its
    session (each close unbinds)."""
    for c in conns:
        c.close()
    deadline = time.time() + 10
    while listed_conns(cl.sid) and time.time() < deadline:
        time.sleep(0.1)
    n = listed_conns(cl.sid)
    if n:
        stats["stale"] += 1
        print("session %s: %d connections still counted after all of its "
              "connections closed" % (cl.sid.hex(), n), flush=True)


def storm_worker(stop, rnd, stats, idx):
    """Binds and closes connections on a session of its own, recreated
    now and then."""
    cl = None
    conns = []
    try:
        while not stop.is_set():
            try:
                if cl is None or rnd.random() < 0.02:
                    if cl is not None:
                        closed_all(cl, conns, stats)
                    conns = []
                    if cl is not None:
                        cl.destroy()
                        stats["destroyed"] += 1
                    cl = Client(b"nfs41storm-%d-%d" % (os.getpid(), idx),
                                back=rnd.random() < 0.5)
                    stats["sessions"] += 1
                act = rnd.randrange(6)
                if act <= 1 or not conns:
                    c = Conn(timeout=3.0)
                    stats["opened"] += 1
                    if rnd.random() < 0.5:
                        d = rnd.choice([1, 2, 3, 7])
                        c.rpc(call(op_bcts(cl.sid, d), 1))
                        stats["bcts"] += 1
                    cl.validate(c, rnd.randrange(NSLOTS))
                    conns.append(c)
                elif act == 2:
                    c = conns.pop(rnd.randrange(len(conns)))
                    c.close()
                    stats["closed"] += 1
                elif act == 3:
                    # a connection that never passes a filehandle check
                    c = Conn(timeout=3.0)
                    c.rpc(null_call())
                    c.close()
                    stats["pings"] += 1
                else:
                    c = rnd.choice(conns)
                    cl.validate(c, rnd.randrange(NSLOTS))
                    stats["sequences"] += 1
                if len(conns) > 6:
                    conns.pop(0).close()
                    stats["closed"] += 1
            except (Closed, TimeoutError, OSError, RuntimeError):
                stats["errors"] += 1
                for c in conns:
                    c.close()
                conns = []
                time.sleep(0.05)
    finally:
        if cl is not None:
            closed_all(cl, conns, stats)
            try:
                cl.destroy()
            except (Closed, TimeoutError, OSError):
                stats["errors"] += 1


def do_storm(args):
    stop = threading.Event()
    stats = {k: 0 for k in ("sessions", "destroyed", "opened", "closed",
                            "bcts", "pings", "sequences", "errors",
                            "stale")}
    threads = [threading.Thread(target=storm_worker,
                                args=(stop, random.Random(args.seed + i),
                                      stats, i))
               for i in range(args.workers)]
    for t in threads:
        t.start()
    time.sleep(args.seconds)
    stop.set()
    for t in threads:
        t.join()
    ok = alive(b"nfs41storm-check-%d" % os.getpid()) and not stats["stale"]
    print("storm: %d s, %d workers, %s, server answers: %s" % (
        args.seconds, args.workers,
        ", ".join("%s %d" % kv for kv in stats.items()), ok))
    return 0 if ok else 1


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("fuzz")
    f.add_argument("--count", type=int, default=3000)
    f.add_argument("--conns", type=int, default=4)
    f.add_argument("--seed", type=int, default=20261201)
    s = sub.add_parser("storm")
    s.add_argument("--seconds", type=int, default=60)
    s.add_argument("--workers", type=int, default=6)
    s.add_argument("--seed", type=int, default=20261201)
    args = ap.parse_args()
    return do_fuzz(args) if args.cmd == "fuzz" else do_storm(args)


if __name__ == "__main__":
    sys.exit(main())
