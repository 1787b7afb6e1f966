# SPDX-License-Identifier: GPL-2.0
"""nfsdnl: the nfsd generic netlink calls nfs-utils' nfsdctl makes.

A helper of scripts/tests/46-nfsdctl.sh (not a window: not executable;
run as "python3 nfsdnl.py ...").  Debian 12 has no nfsdctl (nfs-utils
2.8 brings it), so this sends what it sends (utils/nfsdctl/nfsdctl.c),
over a raw NETLINK_GENERIC socket, to the "nfsd" family of Linux 6.10
and later (fs/nfsd/netlink.c, include/uapi/linux/nfsd_netlink.h):

  listener                     print the listeners, CLASS:ADDR:PORT
  listener-set [SPEC...]       NFSD_CMD_LISTENER_SET with exactly SPECs
  listener-add SPEC...         what "nfsdctl listener +SPEC" sends: the
                               current listeners, and SPECs
  version-set [+|-]M.m...      NFSD_CMD_VERSION_SET
  threads N...                 NFSD_CMD_THREADS_SET, a count per pool
  autostart [--listen SPEC]... [--threads N] [--version V]...
                               what "nfsdctl autostart" sends, in its
                               order: versions, then the listeners of
                               nfs.conf only, then threads; it stops at
                               the first error, as nfsdctl does

SPEC is CLASS:ADDR:PORT, ADDR an IPv4 address, an IPv6 one in brackets,
or empty for both wildcards (as nfsdctl resolves "tcp::2049").  A set
prints "ok", or the errno's name and the kernel's extended ack message;
the exit status is 0 on success, 1 otherwise.
"""

import errno
import ipaddress
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_EXT_ACK = 11
NLM_F_REQUEST = 0x1
NLM_F_ACK = 0x4
NLM_F_CAPPED = 0x100
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLA_F_NESTED = 0x8000
NLMSGERR_ATTR_MSG = 1
GENL_ID_CTRL = 16
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2

# include/uapi/linux/nfsd_netlink.h
NFSD_CMD_THREADS_SET = 2
NFSD_CMD_VERSION_SET = 4
NFSD_CMD_LISTENER_SET = 6
NFSD_CMD_LISTENER_GET = 7
NFSD_A_SERVER_THREADS = 1
NFSD_A_SERVER_PROTO_VERSION = 1
NFSD_A_VERSION_MAJOR = 1
NFSD_A_VERSION_MINOR = 2
NFSD_A_VERSION_ENABLED = 3
NFSD_A_SERVER_SOCK_ADDR = 1
NFSD_A_SOCK_ADDR = 1
NFSD_A_SOCK_TRANSPORT_NAME = 2
SOCKADDR_STORAGE = 128


class NetlinkError(Exception):
    def __init__(self, err, msg):
        super().__init__(err, msg)
        self.err = err
        self.msg = msg

    def __str__(self):
        name = errno.errorcode.get(self.err, str(self.err))
        text = f"{name} ({os.strerror(self.err)})"
        return f"{text}: {self.msg}" if self.msg else text


def attr(kind, payload):
    hdr = struct.pack("=HH", 4 + len(payload), kind)
    return hdr + payload + b"\0" * (-len(payload) % 4)


def attrs(data):
    """Yield (type, payload) of the attributes in data."""
    off = 0
    while off + 4 <= len(data):
        length, kind = struct.unpack_from("=HH", data, off)
        if length < 4:
            break
        yield kind & ~NLA_F_NESTED, data[off + 4:off + length]
        off += (length + 3) & ~3


class Genl:
    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                  NETLINK_GENERIC)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.bind((0, 0))
        self.seq = 0

    def close(self):
        self.sock.close()

    def call(self, family, cmd, payload=b""):
        """Send one request; return the payloads of its replies.

        Raises NetlinkError if the kernel answers with an error.
        """
        self.seq += 1
        body = struct.pack("=BBH", cmd, 1, 0) + payload
        msg = struct.pack("=IHHII", 16 + len(body), family,
                          NLM_F_REQUEST | NLM_F_ACK, self.seq, 0) + body
        self.sock.send(msg)
        replies = []
        while True:
            data = self.sock.recv(65536)
            off = 0
            while off + 16 <= len(data):
                length, kind, flags, seq, _ = struct.unpack_from(
                    "=IHHII", data, off)
                if length < 16:
                    raise NetlinkError(errno.EPROTO, "short message")
                part = data[off + 16:off + length]
                off += (length + 3) & ~3
                if seq != self.seq:
                    continue
                if kind == NLMSG_DONE:
                    return replies
                if kind != NLMSG_ERROR:
                    replies.append(part[4:])  # past the genlmsghdr
                    continue
                err = -struct.unpack_from("=i", part)[0]
                if err == 0:
                    return replies
                # The request comes back, whole or (capped) its header
                # only, then the extended ack attributes.
                tlv = 4 + 16
                if not flags & NLM_F_CAPPED:
                    tlv = 4 + struct.unpack_from("=I", part, 4)[0]
                text = ""
                for k, v in attrs(part[tlv:]):
                    if k == NLMSGERR_ATTR_MSG:
                        text = v.rstrip(b"\0").decode(errors="replace")
                raise NetlinkError(err, text)

    def family(self, name):
        payload = attr(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0")
        for reply in self.call(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, payload):
            for k, v in attrs(reply):
                if k == CTRL_ATTR_FAMILY_ID:
                    return struct.unpack("=H", v[:2])[0]
        raise NetlinkError(errno.ENOENT, f"no {name} family id")


def sockaddr(addr, port):
    ip = ipaddress.ip_address(addr)
    if ip.version == 4:
        raw = struct.pack("=H", socket.AF_INET) + struct.pack(">H", port)
        raw += ip.packed
    else:
        raw = struct.pack("=H", socket.AF_INET6) + struct.pack(">H", port)
        raw += struct.pack("=I", 0) + ip.packed + struct.pack("=I", 0)
    return raw + b"\0" * (SOCKADDR_STORAGE - len(raw))


def parse_sockaddr(raw):
    fam = struct.unpack_from("=H", raw)[0]
    port = struct.unpack_from(">H", raw, 2)[0]
    if fam == socket.AF_INET:
        return str(ipaddress.ip_address(raw[4:8])), port
    if fam == socket.AF_INET6:
        return "[%s]" % ipaddress.ip_address(raw[8:24]), port
    return f"family{fam}", port


def parse_spec(spec):
    """CLASS:ADDR:PORT into [(class, sockaddr)], both wildcards for ADDR ''."""
    cls, rest = spec.split(":", 1)
    addr, port = rest.rsplit(":", 1)
    addr = addr.strip("[]")
    port = int(port)
    addrs = [addr] if addr else ["0.0.0.0", "::"]
    return [(cls, sockaddr(a, port)) for a in addrs]


def sock_nest(cls, raw):
    inner = attr(NFSD_A_SOCK_ADDR, raw)
    inner += attr(NFSD_A_SOCK_TRANSPORT_NAME, cls.encode() + b"\0")
    return attr(NFSD_A_SERVER_SOCK_ADDR | NLA_F_NESTED, inner)


def listeners(nl, fam):
    out = []
    for reply in nl.call(fam, NFSD_CMD_LISTENER_GET):
        for k, v in attrs(reply):
            if k != NFSD_A_SERVER_SOCK_ADDR:
                continue
            cls, raw = "", b""
            for k2, v2 in attrs(v):
                if k2 == NFSD_A_SOCK_TRANSPORT_NAME:
                    cls = v2.rstrip(b"\0").decode()
                elif k2 == NFSD_A_SOCK_ADDR:
                    raw = v2
            out.append((cls, raw))
    return out


def listener_set(nl, fam, socks):
    nl.call(fam, NFSD_CMD_LISTENER_SET,
            b"".join(sock_nest(c, r) for c, r in socks))


def version_set(nl, fam, versions):
    payload = b""
    for v in versions:
        on = v[0] == "+"
        major, _, minor = v[1:].partition(".")
        inner = attr(NFSD_A_VERSION_MAJOR, struct.pack("=I", int(major)))
        inner += attr(NFSD_A_VERSION_MINOR, struct.pack("=I", int(minor or 0)))
        if on:
            inner += attr(NFSD_A_VERSION_ENABLED, b"")
        payload += attr(NFSD_A_SERVER_PROTO_VERSION | NLA_F_NESTED, inner)
    nl.call(fam, NFSD_CMD_VERSION_SET, payload)


def threads(nl, fam, counts):
    nl.call(fam, NFSD_CMD_THREADS_SET,
            b"".join(attr(NFSD_A_SERVER_THREADS, struct.pack("=I", n))
                     for n in counts))


def autostart(nl, fam, args):
    listen, versions, nthreads = [], [], [16]
    while args:
        opt, val = args[0], args[1]
        args = args[2:]
        if opt == "--listen":
            listen += parse_spec(val)
        elif opt == "--version":
            versions.append(val)
        elif opt == "--threads":
            nthreads = [int(val)]
        else:
            raise SystemExit(f"autostart: unknown option {opt}")
    # nfsdctl.c autostart_func: set_nfsd_versions(), then
    # configure_listeners() (nfs.conf only: nothing fetched from the
    # kernel first) and set_listeners(), then threads_doit().
    for step, fn in (("version-set", lambda: version_set(nl, fam, versions)),
                     ("listener-set", lambda: listener_set(nl, fam, listen)),
                     ("threads", lambda: threads(nl, fam, nthreads))):
        try:
            fn()
        except NetlinkError as e:
            raise NetlinkError(e.err, f"{step}: {e.msg}") from e


def main(argv):
    if not argv:
        raise SystemExit(__doc__)
    cmd, args = argv[0], argv[1:]
    nl = Genl()
    try:
        fam = nl.family("nfsd")
        if cmd == "listener":
            for cls, raw in listeners(nl, fam):
                addr, port = parse_sockaddr(raw)
                print(f"{cls}:{addr}:{port}")
            return 0
        if cmd == "listener-set":
            listener_set(nl, fam, [s for a in args for s in parse_spec(a)])
        elif cmd == "listener-add":
            socks = listeners(nl, fam)
            socks += [s for a in args for s in parse_spec(a)]
            listener_set(nl, fam, socks)
        elif cmd == "version-set":
            version_set(nl, fam, args)
        elif cmd == "threads":
            threads(nl, fam, [int(a) for a in args])
        elif cmd == "autostart":
            autostart(nl, fam, args)
        else:
            raise SystemExit(f"unknown command {cmd}\n{__doc__}")
        print("ok")
        return 0
    except NetlinkError as e:
        print(e)
        return 1
    finally:
        nl.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
