#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Ask a running UML kernel for a SysRq dump through its management console.

    scripts/uml-sysrq.py <mconsole-socket> <letter>...

UML listens on a Unix datagram socket, <uml_dir>/<umid>/mconsole
(arch/um/drivers/mconsole_user.c).  "sysrq <letter>" is handled in the
socket's interrupt, so it is answered even when no task can be scheduled:
scripts/uml-run.sh uses it on a hung UML, with "w" (blocked tasks), to
say where it hung.
The dump is printed here and goes to UML's console too.  Exit status 1 if UML did not answer.
"""

import os
import socket
import struct
import sys
import tempfile

MCONSOLE_MAGIC = 0xCAFEBABE
MCONSOLE_VERSION = 2
MCONSOLE_MAX_DATA = 512
# struct mconsole_reply: u32 err, more, len; char data[MCONSOLE_MAX_DATA]
REPLY = struct.Struct("=III%ds" % MCONSOLE_MAX_DATA)


def sysrq(path, letter, timeout=10.0):
    """Send "sysrq LETTER"; return the dump, or None without an answer."""
    cmd = ("sysrq " + letter).encode()
    req = struct.pack("=III%ds" % MCONSOLE_MAX_DATA, MCONSOLE_MAGIC,
                      MCONSOLE_VERSION, len(cmd), cmd)
    here = tempfile.mkdtemp(prefix="uml-sysrq.")
    me = os.path.join(here, "sock")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    try:
        # UML replies to the sender's address: the client needs a name.
        s.bind(me)
        s.settimeout(timeout)
        s.sendto(req, path)
        out = []
        while True:
            try:
                buf = s.recv(REPLY.size)
            except socket.timeout:
                return None
            if len(buf) < 12:
                return None
            err, more, n = struct.unpack_from("=III", buf)
            out.append(buf[12:12 + min(n, MCONSOLE_MAX_DATA)])
            if not more:
                break
        return b"".join(out).decode(errors="replace")
    finally:
        s.close()
        os.unlink(me)
        os.rmdir(here)


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: %s <mconsole-socket> <letter>..." % sys.argv[0])
    ok = True
    for letter in sys.argv[2:]:
        try:
            dump = sysrq(sys.argv[1], letter)
        except OSError as e:
            print("sysrq %s: %s" % (letter, e))
            ok = False
            continue
        if dump is None:
            print("sysrq %s: no answer" % letter)
            ok = False
        else:
            print(dump)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
