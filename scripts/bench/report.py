#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The table of "make bench", from the UML console it ran in.

  report.py CONSOLE [--config KERNEL_CONFIG] [--rounds N]

Reads the "nfs41conn-bench: <what> key=value ..." lines that
scripts/bench/window.sh and nfs41conn_bench.ko wrote to the kernel log,
pairs the two sides of each figure round by round, and prints each ratio
as min / median / max over the rounds.  Exits 1 if a figure is missing
(the bench did not run to its end), 0 otherwise: the bench is not
pass/fail, the goals are printed beside the figures.
"""

import argparse
import re
import statistics
import sys

LINE = re.compile(r'nfs41conn-bench: (\w+)(.*)$')
KV = re.compile(r'(\w+)=(\S+)')


def parse(path):
    recs, cmdline = [], ''
    with open(path, errors='replace') as f:
        for line in f:
            if 'Kernel command line:' in line:
                cmdline = line.split('Kernel command line:', 1)[1].strip()
            m = LINE.search(line)
            if not m:
                continue
            rec = {'_what': m.group(1), '_text': m.group(2).strip()}
            for k, v in KV.findall(m.group(2)):
                rec[k] = v
            recs.append(rec)
    return recs, cmdline


def num(rec, key):
    return float(rec[key])


def div(a, b):
    """a / b, or None when b is 0 (a run that measured nothing)."""
    return a / b if b else None


def vals(values):
    return [v for v in values if v is not None]


def of(recs, what, **match):
    return [r for r in recs if r['_what'] == what and
            all(r.get(k) == str(v) for k, v in match.items())]


def mmm(values):
    """min / median / max, or None without values."""
    if not values:
        return None
    return min(values), statistics.median(values), max(values)


class Table:
    def __init__(self):
        self.rows = []
        self.missing = []

    def ratio(self, name, values, fmt='%.3f', goal=''):
        s = mmm(vals(values))
        if s is None:
            self.missing.append(name)
            self.rows.append((name, 'MISSING', '', '', '', goal))
            return
        self.rows.append((name, fmt % s[0], fmt % s[1], fmt % s[2],
                          str(len(vals(values))), goal))

    def value(self, name, values, fmt='%.0f', goal=''):
        self.ratio(name, values, fmt, goal)

    def text(self, name, text):
        self.rows.append((name, text, None, None, None, None))

    def head(self, title):
        self.rows.append((title,))

    def show(self):
        w = max(len(r[0]) for r in self.rows if len(r) > 1)
        print('%-*s  %12s %12s %12s %3s  %s' %
              (w, 'figure', 'min', 'median', 'max', 'n', 'goal'))
        for r in self.rows:
            if len(r) == 1:
                print()
                print(r[0])
            elif r[2] is None:
                print('%-*s  %s' % (w, r[0], r[1]))
            else:
                print('%-*s  %12s %12s %12s %3s  %s' % ((w,) + r))


def by_round(recs, what, **match):
    out = {}
    for r in of(recs, what, **match):
        out.setdefault(int(r.get('round', 0)), r)
    return out


def config_flags(path):
    """The kernel's options, and its "Linux/um <version>" from the header;
    None if there is no configuration to read."""
    flags = {}
    if not path:
        return None
    try:
        with open(path) as f:
            for line in f:
                m = re.match(r'# (Linux/\S+ \S+) Kernel Configuration', line)
                if m:
                    flags['_version'] = m.group(1)
                m = re.match(r'CONFIG_(\w+)=(\S+)', line)
                if m:
                    flags[m.group(1)] = m.group(2)
    except OSError:
        return None
    return flags


# The options of the test kernel that only check, and inflate what is
# timed: scripts/uml-build.sh --lean leaves them out.
CHECKS = (('KASAN', 'KASAN'), ('DEBUG_KMEMLEAK', 'kmemleak'),
          ('UBSAN', 'UBSAN'), ('PROVE_LOCKING', 'lockdep'),
          ('PROVE_RCU', 'PROVE_RCU'), ('DEBUG_ATOMIC_SLEEP',
                                       'DEBUG_ATOMIC_SLEEP'),
          ('DEBUG_LIST', 'DEBUG_LIST'), ('DEBUG_OBJECTS', 'DEBUG_OBJECTS'))


def caveat(flags, cmdline):
    """What the kernel the figures come from has, read from its .config."""
    if flags is None:
        return ['Caveat: no kernel configuration given (--config): the '
                'kernel\'s checks are unknown.']
    on = [name for opt, name in CHECKS if flags.get(opt) == 'y']
    off_at_boot = []
    if 'kmemleak=off' in cmdline:
        off_at_boot.append('kmemleak (kmemleak=off)')
    if 'lockdep.prove_locking=0' in cmdline:
        off_at_boot.append('lockdep\'s proving (lockdep.prove_locking=0)')
    kernel = '%s, %s' % (flags.get('_version', 'the UML kernel'),
                         'PREEMPT' if flags.get('PREEMPT') == 'y'
                         else 'not preemptible')
    out = []
    if on:
        out.append('Caveat: measured in %s, with %s; turned off at boot: '
                   '%s.' % (kernel, ', '.join(on),
                            ', '.join(off_at_boot) or 'nothing'))
        out.append('Every absolute time here is inflated by them, by UML, '
                   'and by whatever else runs on the host; the ratios set '
                   'two sides measured in the same boot, interleaved, '
                   'against each other.  KASAN inflates the module\'s path '
                   'and nfsd\'s alike only roughly: see '
                   'Documentation/bench.rst.')
    else:
        out.append('Caveat: measured in %s, without the test kernel\'s '
                   'checks (no %s).' % (kernel, ', '.join(
                       name for _, name in CHECKS)))
        out.append('Absolute times are still UML\'s (every host interaction '
                   'is a system call; the scheduler clock counts 10 ms '
                   'ticks) on whatever else runs on the host; the ratios set '
                   'two sides measured in the same boot, interleaved, '
                   'against each other: see Documentation/bench.rst.')
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('console')
    ap.add_argument('--config')
    ap.add_argument('--rounds', type=int, default=0)
    a = ap.parse_args()
    recs, cmdline = parse(a.console)
    flags = config_flags(a.config)
    kasan = flags is None or flags.get('KASAN') == 'y'
    t = Table()

    # a: the per-call path against one GETATTR's nfsd CPU time (tcp).
    percall = of(recs, 'percall')
    ga_tcp = by_round(recs, 'getattr', listener='tcp')
    ga_n41 = by_round(recs, 'getattr', listener='nfs41conn')

    def cpu_per_rpc(r):
        return div(num(r, 'nfsd_ns'), num(r, 'rpcs'))

    def sys_per_rpc(r):
        return div(num(r, 'sys_ns'), num(r, 'rpcs'))

    t.head('a. per-RPC cost: the module\'s per-call path / nfsd CPU of one '
           'GETATTR through "tcp"')
    ratios = []
    for i, p in enumerate(percall, 1):
        if i in ga_tcp and cpu_per_rpc(ga_tcp[i]):
            ratios.append(100 * num(p, 'path_ns') / cpu_per_rpc(ga_tcp[i]))
    t.ratio('  path / GETATTR nfsd CPU (%)', ratios, '%.2f%%', '<= 1%')
    t.value('  path, ns per call (lookup x2, peek, gate, reply peek+learn)',
            [num(p, 'path_ns') for p in percall], '%.0f')
    for st in ('lookup', 'peek_call', 'gate_call', 'reply'):
        t.value('    stage %s, ns' % st,
                [num(p, st + '_ns') for p in percall], '%.0f')
    t.value('  GETATTR: nfsd threads\' CPU ns per RPC, tcp',
            [cpu_per_rpc(r) for r in ga_tcp.values()], '%.0f')
    t.value('  GETATTR: whole system CPU ns per RPC, tcp',
            [sys_per_rpc(r) for r in ga_tcp.values()], '%.0f')
    t.value('  GETATTR: COMPOUNDs per stat(), tcp',
            [num(r, 'rpcs') / num(r, 'ops') for r in ga_tcp.values()],
            '%.2f')
    t.ratio('  cross-check: nfsd CPU per GETATTR, nfs41conn / tcp',
            [div(cpu_per_rpc(ga_n41[i]) or 0, cpu_per_rpc(ga_tcp[i]) or 0)
             for i in ga_tcp if i in ga_n41])

    # b: scale.
    t.head('b. scale: per-call path with the table at each size, '
           '/ the smallest')
    scale = of(recs, 'scale')
    samples = []
    for r in scale:
        if r.get('sample') not in samples:
            samples.append(r.get('sample'))
    if not scale:
        t.missing.append('scale')
    for smp in samples:
        rs = [r for r in scale if r.get('sample') == smp]
        points = []
        for r in rs:
            pt = (int(r['conns']), int(r['sessions']))
            if pt not in points:
                points.append(pt)
        base = min(points)
        per_round = {}
        for r in rs:
            per_round.setdefault(int(r['round']), {})[
                (int(r['conns']), int(r['sessions']))] = num(r, 'path_ns')
        rounds = sorted(per_round)
        t.text('  calls drawn from %s connections of each table' % smp,
               'as many at every size: the same working set' if
               smp == samples[0] else 'a working set growing with the '
               'table (cache misses, no search)')
        for pt in points:
            t.value('    %d conns, %d sessions: ns per call' % pt,
                    [per_round[rd][pt] for rd in rounds
                     if pt in per_round[rd]])
        for pt in points:
            if pt == base:
                continue
            t.ratio('    %d:%d / %d:%d' % (pt + base),
                    [per_round[rd][pt] / per_round[rd][base]
                     for rd in rounds
                     if pt in per_round[rd] and base in per_round[rd]],
                    '%.3f', '<= 1.2')
        t.ratio('    largest / smallest of the sizes',
                [max(v.values()) / min(v.values())
                 for v in per_round.values()
                 if len(v) == len(points) and len(points) > 1],
                '%.3f', '<= 1.2')
        if len(points) < 2:
            t.missing.append('scale points')
    mem = {r['what']: r for r in of(recs, 'mem')}
    slab = {r['cache']: r for r in of(recs, 'slab')}
    bk = of(recs, 'buckets')
    if {'conn', 'xprt', 'binding'} <= set(mem):
        n = int(mem['conn']['n'])
        t.text('  memory, at %d connections' % n, 'object (cache, its '
               'object size) / measured in this kernel (free pages)')
        prod = 0
        meas = 0
        for w in ('conn', 'xprt', 'binding', 'session'):
            if w not in mem:
                continue
            m = mem[w]
            cache = m['cache']
            # kmalloc_size_roundup() says 1024, the cache is kmalloc-1k.
            size = int(cache.split('-')[1])
            if size >= 1024 and size % 1024 == 0:
                cache = 'kmalloc-%dk' % (size // 1024)
            osz = int(slab[cache]['object_size']) if cache in slab else \
                int(cache.split('-')[1])
            ssz = slab[cache]['slab_size'] if cache in slab else '?'
            t.text('    %s' % w, '%s bytes (%s: object_size %d, slab_size '
                   '%s here) / %s bytes each' % (m['object'], cache, osz,
                                                 ssz, m['used_bytes_each']))
            if w != 'session':
                prod += osz
                meas += int(m['used_bytes_each'])
        hb = 0
        if bk:
            b = bk[-1]
            hb = 8 * (int(b['conns']) / max(int(b['entries_conns']), 1) +
                      int(b['bindings']) / max(int(b['entries_bindings']), 1))
        # The transport state's hash is global: assume its load is the
        # connection hash's.
        hb += 8 * (int(bk[-1]['conns']) / max(int(bk[-1]['entries_conns']), 1)
                   if bk else 0)
        t.text('  connection + its state + one binding',
               '%d bytes of slab objects + %.0f of hash buckets = %.0f '
               '(goal <= 256); %d measured here%s'
               % (prod, hb, prod + hb, meas,
                  ', with KASAN\'s redzones' if kasan else ''))
    else:
        t.missing.append('memory')
        t.text('  memory', 'MISSING')

    # c: end to end.
    t.head('c. end to end: nfs41conn / tcp, same nfsd, interleaved')
    t.ratio('  GETATTR rate (stat loop, noac)',
            [div(num(ga_n41[i], 'rpcs') / num(ga_n41[i], 'wall_ns'),
                 num(ga_tcp[i], 'rpcs') / num(ga_tcp[i], 'wall_ns'))
             for i in ga_tcp if i in ga_n41])
    io_tcp = by_round(recs, 'io', listener='tcp')
    io_n41 = by_round(recs, 'io', listener='nfs41conn')
    mib = next(iter(io_tcp.values()))['mib'] if io_tcp else '?'
    for k in ('write', 'read'):
        t.ratio('  %s MiB %s time, nconnect=4' % (mib, k),
                [num(io_n41[i], k + '_ns') / num(io_tcp[i], k + '_ns')
                 for i in io_tcp if i in io_n41])
    t.value('  GETATTR rate, tcp, per s',
            [num(r, 'rpcs') * 1e9 / num(r, 'wall_ns')
             for r in ga_tcp.values()])
    for k in ('write', 'read'):
        t.value('  %s, tcp, s' % k,
                [num(r, k + '_ns') / 1e9 for r in io_tcp.values()], '%.2f')

    # d: what clients pay.
    t.head('d. what clients pay')
    l4 = by_round(recs, 'limit', nconnect=4)
    l2 = by_round(recs, 'limit', nconnect=2)

    def io_ns(r):
        return num(r, 'write_ns') + num(r, 'read_ns')

    lmib = next(iter(l4.values()))['mib'] if l4 else '?'
    t.ratio('  I/O time (write+read %s MiB), limit 2 nconnect=4 / '
            'nconnect=2' % lmib,
            [io_ns(l4[i]) / io_ns(l2[i]) for i in l4 if i in l2])
    t.value('    limit 2 nconnect=4, s', [io_ns(r) / 1e9 for r in l4.values()],
            '%.2f')
    t.value('    nconnect=2, s', [io_ns(r) / 1e9 for r in l2.values()],
            '%.2f')
    modes = of(recs, 'drain_modes')
    base_runs = by_round(recs, 'drain', mode='none')
    names = []
    for r in of(recs, 'drain'):
        if r['mode'] != 'none' and r['mode'] not in names:
            names.append(r['mode'])
    if modes:
        t.text('  drain modes', 'default %s, accepted: %s' %
               (modes[0].get('default'), modes[0]['_text'].split(
                   'accepted=', 1)[-1] or 'none (no drain_mode sysctl)'))
    if not names:
        t.missing.append('drain')
        t.text('  drain', 'MISSING')
    for name in names:
        runs = by_round(recs, 'drain', mode=name)
        pairs = [(runs[i], base_runs[i]) for i in runs if i in base_runs]
        t.ratio('  %s MiB write drained mid-transfer / not drained, %s' %
                (mib, name),
                [num(d, 'write_ns') / num(b, 'write_ns') for d, b in pairs])
        t.value('    added, s (goal < 1 s)',
                [(num(d, 'write_ns') - num(b, 'write_ns')) / 1e9
                 for d, b in pairs], '%.2f')
        um = by_round(recs, 'drain_umount', mode=name)
        t.value('    then the unmount, s (not drained: see below)',
                [num(r, 'umount_ns') / 1e9 for r in um.values()], '%.2f')
        missed = [d for d, _ in pairs if not d.get('drained', '').isdigit()]
        if missed:
            t.text('    drain missed', '%d of %d runs (%s)' % (
                len(missed), len(pairs),
                ', '.join(d.get('drained', '?') for d in missed)))
    t.value('    not drained, s',
            [num(r, 'write_ns') / 1e9 for r in base_runs.values()], '%.2f')
    t.value('    then the unmount, s',
            [num(r, 'umount_ns') / 1e9 for r in
             by_round(recs, 'drain_umount', mode='none').values()], '%.2f')

    t.show()
    for n in of(recs, 'note'):
        print('note:', n['_text'])

    print()
    for line in caveat(flags, cmdline):
        print(line)
    if a.rounds and percall and len(percall) != a.rounds:
        print('note: %d per-call rounds of %d' % (len(percall), a.rounds))
    if t.missing:
        print('missing: %s' % ', '.join(t.missing))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
