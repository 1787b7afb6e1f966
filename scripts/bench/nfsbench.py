#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Timed NFS client loops for "make bench" (scripts/bench/window.sh).

Runs inside the UML kernel, where the Linux NFS client and nfsd share
one kernel.  Each command prints one line of key=value pairs on stdout,
which the window copies to the kernel log for scripts/bench/report.py.

  getattr FILE OPS       stat() FILE on a noac mount OPS times: each
                         sends nfsd a GETATTR COMPOUND (or two: the
                         directory's too, to revalidate the name); not
                         fstat() on an open file, which a delegation
                         answers from the client's cache.  Reports
                         the wall time, the COMPOUNDs nfsd counted
                         (/proc/net/rpc/nfsd), the CPU time of the nfsd
                         threads (se.sum_exec_runtime of /proc/PID/sched)
                         and of the whole system (/proc/stat).
  io FILE MIB            write MIB MiB to FILE and fsync, drop the page
                         cache, read it back: the time of each
  write FILE MIB [--drain-at BYTES --server-file PATH]
                         write MIB MiB, with an fsync after each MiB so
                         that the WRITEs flow all along; with --drain-at, once
                         PATH (the file as nfsd stores it) holds BYTES,
                         drain the fore channel connection with the most
                         calls (/proc/net/nfs41conn/drain)
"""

import os
import sys
import threading
import time

CHUNK = 1 << 20


def nfsd_compounds():
    """COMPOUNDs nfsd has counted: the 'proc4' line, procedure 1."""
    with open('/proc/net/rpc/nfsd') as f:
        for line in f:
            w = line.split()
            if w and w[0] == 'proc4':
                return int(w[3])
    return 0


def nfsd_pids():
    pids = []
    for d in os.listdir('/proc'):
        if not d.isdigit():
            continue
        try:
            with open('/proc/%s/comm' % d) as f:
                if f.read().strip() == 'nfsd':
                    pids.append(d)
        except OSError:
            pass
    return pids


def nfsd_runtime_ns(pids):
    """Sum of the nfsd threads' se.sum_exec_runtime (ms in the file)."""
    total = 0.0
    for p in pids:
        try:
            with open('/proc/%s/sched' % p) as f:
                for line in f:
                    if line.startswith('se.sum_exec_runtime'):
                        total += float(line.split(':')[1])
                        break
        except OSError:
            pass
    return int(total * 1e6)


def system_busy_ns():
    """CPU time not idle, of the whole system (/proc/stat, USER_HZ)."""
    with open('/proc/stat') as f:
        w = f.readline().split()
    ticks = [int(x) for x in w[1:]]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
    hz = os.sysconf('SC_CLK_TCK')
    return (sum(ticks[:8]) - idle) * 1000000000 // hz


def cmd_getattr(path, ops):
    os.stat(path)
    pids = nfsd_pids()
    c0, r0, s0 = nfsd_compounds(), nfsd_runtime_ns(pids), system_busy_ns()
    t0 = time.monotonic_ns()
    for _ in range(ops):
        os.stat(path)
    t1 = time.monotonic_ns()
    c1, r1, s1 = nfsd_compounds(), nfsd_runtime_ns(pids), system_busy_ns()
    print('ops=%d rpcs=%d wall_ns=%d nfsd_ns=%d sys_ns=%d threads=%d' %
          (ops, c1 - c0, t1 - t0, r1 - r0, s1 - s0, len(pids)))


def write_file(path, mib, sync_each=False):
    buf = os.urandom(CHUNK)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        for _ in range(mib):
            os.write(fd, buf)
            if sync_each:
                os.fsync(fd)
        os.fsync(fd)
    finally:
        os.close(fd)


def drop_caches():
    os.sync()
    with open('/proc/sys/vm/drop_caches', 'w') as f:
        f.write('3\n')


def cmd_io(path, mib):
    t0 = time.monotonic_ns()
    write_file(path, mib)
    t1 = time.monotonic_ns()
    drop_caches()
    t2 = time.monotonic_ns()
    n = 0
    fd = os.open(path, os.O_RDONLY)
    try:
        while True:
            b = os.read(fd, CHUNK)
            if not b:
                break
            n += len(b)
    finally:
        os.close(fd)
    t3 = time.monotonic_ns()
    if n != mib * CHUNK:
        sys.exit('read %d bytes of %d' % (n, mib * CHUNK))
    print('mib=%d write_ns=%d read_ns=%d' % (mib, t1 - t0, t3 - t2))


def busiest_fore_conn():
    """The fore-only connection with the most calls, or None."""
    best = None
    with open('/proc/net/nfs41conn/connections') as f:
        for line in f:
            w = line.split()
            if not w or w[0].startswith('#') or len(w) < 9:
                continue
            if w[4] != 'open' or not w[8].endswith('/fore'):
                continue
            if best is None or int(w[5]) > best[1]:
                best = (w[0], int(w[5]))
    return best[0] if best else None


def cmd_write(path, mib, drain_at=None, server_file=None):
    result = {}

    def drainer():
        while not done.is_set():
            try:
                size = os.stat(server_file).st_size
            except OSError:
                size = 0
            if size >= drain_at:
                conn = busiest_fore_conn()
                if conn is None:
                    result['drain'] = 'none'
                    return
                try:
                    with open('/proc/net/nfs41conn/drain', 'w') as f:
                        f.write('drain id %s\n' % conn)
                    result['drain'] = conn
                except OSError as e:
                    result['drain'] = 'error%d' % e.errno
                result['drain_ns'] = time.monotonic_ns() - t0
                return
            time.sleep(0.005)

    done = threading.Event()
    t0 = time.monotonic_ns()
    th = None
    if drain_at is not None:
        th = threading.Thread(target=drainer)
        th.start()
    try:
        write_file(path, mib, True)
    finally:
        t1 = time.monotonic_ns()
        done.set()
        if th:
            th.join()
    extra = ''
    if drain_at is not None:
        extra = ' drained=%s drain_ns=%d' % (result.get('drain', 'missed'),
                                             result.get('drain_ns', 0))
    print('mib=%d write_ns=%d%s' % (mib, t1 - t0, extra))


def main(argv):
    if len(argv) >= 3 and argv[0] == 'getattr':
        cmd_getattr(argv[1], int(argv[2]))
    elif len(argv) >= 3 and argv[0] == 'io':
        cmd_io(argv[1], int(argv[2]))
    elif len(argv) in (3, 7) and argv[0] == 'write':
        drain_at = server_file = None
        if len(argv) == 7 and argv[3] == '--drain-at' and \
                argv[5] == '--server-file':
            drain_at, server_file = int(argv[4]), argv[6]
        elif len(argv) == 7:
            sys.exit(__doc__)
        cmd_write(argv[1], int(argv[2]), drain_at, server_file)
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv[1:])
