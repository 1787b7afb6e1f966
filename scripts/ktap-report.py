#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge one UML test run from its console log.

    scripts/ktap-report.py <console-log> --ksrc <kernel source> [--rundir DIR]

The log holds test windows marked by scripts/uml-init.sh:

    nfs41conn-check: BEGIN <name>
    ... KTAP from KUnit modules or from test scripts, kernel messages ...
    nfs41conn-check: END <name> rc=<n>
    ...
    nfs41conn-check: ALL DONE

The KTAP in each window is parsed with the kernel's own parser
(tools/testing/kunit/kunit_parser.py).  Counted as failed, one each:
every test case that failed or crashed (or whose result is missing), every
window with a kernel splat (BUG, WARNING, lockdep, KASAN, UBSAN, ...)
between its markers, every window with a kmemleak suspect of nfs41conn
(see below), that left a module of this tree loaded or that kmemleak did
not scan, every window that exited non-zero, that printed no KTAP, or
that has no END marker (crash, hang, timeout), and every expected window
(from DIR/tests.d) that never began.  Splats outside the windows (boot,
UML's own teardown) are only counted on one line.

After each window, scripts/uml-init.sh unloads the modules, has kmemleak
scan, and copies its report to a file in the run directory (--rundir),
which the window's "KMEMLEAK <window>: scanned ..., report <file>" line
names; an older console has the report in the window, each line prefixed
with "nfs41conn-kmemleak: ".  A suspect is nfs41conn's if a frame of its
allocation backtrace names nfs41conn (either module) or is a bare
address: code kallsyms no longer knows, that of a module since unloaded
(no module but this tree's is ever loaded in the test kernel).  The other
suspects (UML's own, ...) are only counted.

Prints one line per suite, details of each failure, and last
"N passed, N failed".  Exits 0 only if nothing failed and something passed.
With --rundir, writes each window's lines (timestamps stripped: a KTAP
file "kunit.py parse" reads) and the parser's own output there.
"""

import argparse
import io
import os
import re
import sys
from typing import List, Optional, Tuple

MARK = 'nfs41conn-check: '
BEGIN_RE = re.compile(r'nfs41conn-check: BEGIN (.+?)\s*$')
END_RE = re.compile(r'nfs41conn-check: END (.+) rc=(-?\d+)\s*$')
ALL_DONE_RE = re.compile(r'nfs41conn-check: ALL DONE\s*$')
LOCKDEP_OFF_RE = re.compile(r'nfs41conn-check: lockdep off before (.+?)\s*$')
TIMEOUT_RE = re.compile(r'^nfs41conn-run: (timeout after \d+ s|console silent for \d+ s)')
LEFT_LOADED_RE = re.compile(r'nfs41conn-check: LEFT LOADED (.+?): (.*?)\s*$')
KMEMLEAK_RE = re.compile(r'nfs41conn-check: KMEMLEAK (.+?): (.*?)\s*$')
KMEMLEAK_FILE_RE = re.compile(r', report (kmemleak-[0-9]+\.txt)$')
KMEMLEAK_LINE = 'nfs41conn-kmemleak: '
SUSPECT_RE = re.compile(r'^unreferenced object ')
# A backtrace frame of nfs41conn: named, or unnamed (an unloaded module).
OUR_FRAME_RE = re.compile(r'nfs41conn|^\s*0x[0-9a-f]+\s*$')
TIMESTAMP_RE = re.compile(r'^\[\s*\d+\.\d+\] ?')
DOC_START_RE = re.compile(r'^K?TAP version \d+\s*$')
SUBDOC_START_RE = re.compile(r'^\s+K?TAP version \d+\s*$')
TOP_RESULT_RE = re.compile(r'^(not )?ok \d+ ')
# KTAP structure lines: never taken for a splat, even if a test's name
# says "lockdep".
KTAP_LINE_RE = re.compile(r'^\s*(#|(ok|not ok) \d+ |1\.\.\d+|K?TAP version )')

SPLAT_RE = re.compile('|'.join([
	r'BUG:', r'WARNING:', r'------------\[ cut here \]',
	r'possible recursive locking', r'possible circular locking',
	r'inconsistent lock state', r'suspicious RCU usage',
	r'sleeping function called', r'KASAN', r'UBSAN', r'Oops',
	r'Kernel panic', r'kernel BUG at', r'DEBUG_LOCKS_WARN_ON', r'lockdep',
	r'list_add corruption', r'list_del corruption', r'ODEBUG',
	# Not in the original list, same kind of trouble:
	r'blocked for more than \d+ seconds', r'detected stalls? on CPU',
	r'self-detected stall', r'general protection fault',
	r'Unable to handle kernel', r'refcount_t: ', r'\bBUG [-\w]+ \(',
	# UML prints a kernel fault's registers before its panic line.
	r'^Modules linked in:',
	# kmemleak turned itself off: the windows after go unjudged.
	r'kmemleak: Cannot allocate', r'kmemleak: Memory pool empty',
	r'kmemleak: Kernel memory leak detector disabled',
]))

# The first line of a splat, for listing the splats after the first.
HEADLINE_RE = re.compile(r'^(BUG|WARNING|Kernel panic|kernel BUG|UBSAN|KASAN|'
			 r'ODEBUG|INFO:|DEBUG_LOCKS_WARN_ON|refcount_t|'
			 r'list_(add|del) corruption|.*suspicious RCU usage)')
SPLAT_LINES = 40
TAIL_LINES = 60
FAIL_LOG_LINES = 20


class Line:
	"""One console line: its number, the text with any printk timestamp
	removed, and whether it came from the kernel log (had a timestamp)."""
	def __init__(self, num: int, raw: str):
		self.num = num
		self.raw = raw.rstrip('\r\n')
		m = TIMESTAMP_RE.match(self.raw)
		self.kernel = m is not None
		self.text = self.raw[m.end():] if m else self.raw


class Window:
	def __init__(self, name: str, begin: int):
		self.name = name
		self.begin = begin		# index into lines of the BEGIN marker
		self.end = None			# type: Optional[int]
		self.rc = None			# type: Optional[int]
		self.lockdep_off = False


class Report:
	def __init__(self) -> None:
		self.passed = 0
		self.failed = 0
		self.skipped = 0
		self.out = []  # type: List[str]

	def say(self, s: str = '') -> None:
		self.out.append(s)

	def fail(self, what: str, detail: Optional[List[str]] = None,
		 indent: str = '    ') -> None:
		self.failed += 1
		self.say(f'  FAIL  {what}')
		for d in detail or []:
			self.say(indent + d)


def load_parser(ksrc: str):
	path = os.path.join(ksrc, 'tools', 'testing', 'kunit')
	if not os.path.isfile(os.path.join(path, 'kunit_parser.py')):
		sys.exit(f'ktap-report: no kunit_parser.py under {path}')
	sys.path.insert(0, path)
	import kunit_parser  # pylint: disable=import-outside-toplevel
	import kunit_printer  # pylint: disable=import-outside-toplevel
	return kunit_parser, kunit_printer


def find_windows(lines: List[Line]) -> Tuple[List[Window], bool]:
	windows = []  # type: List[Window]
	cur = None  # type: Optional[Window]
	all_done = False
	lockdep_off = set()
	for i, ln in enumerate(lines):
		if MARK not in ln.text:
			continue
		m = BEGIN_RE.search(ln.text)
		if m:
			cur = Window(m.group(1), i)
			cur.lockdep_off = m.group(1) in lockdep_off
			windows.append(cur)
			continue
		m = END_RE.search(ln.text)
		if m and cur is not None and m.group(1) == cur.name:
			cur.end = i
			cur.rc = int(m.group(2))
			cur = None
			continue
		m = LOCKDEP_OFF_RE.search(ln.text)
		if m:
			lockdep_off.add(m.group(1))
			continue
		if ALL_DONE_RE.search(ln.text):
			all_done = True
			cur = None
	return windows, all_done


def is_splat(ln: Line) -> bool:
	return (ln.kernel and MARK not in ln.text and
		not ln.text.startswith(KMEMLEAK_LINE) and
		not KTAP_LINE_RE.match(ln.text) and
		SPLAT_RE.search(ln.text) is not None)


def kmemleak_suspects(body: List[Line], rundir: Optional[str]) -> List[List[str]]:
	"""The suspects of the kmemleak report of a window, from the file its
	KMEMLEAK line names, or copied into it, as lists of lines without the
	prefix."""
	texts = []  # type: List[str]
	for ln in body:
		if not ln.kernel:
			continue
		m = KMEMLEAK_RE.search(ln.text)
		f = KMEMLEAK_FILE_RE.search(m.group(2)) if m else None
		if f and rundir:
			with open(os.path.join(rundir, f.group(1)), encoding='utf-8',
				  errors='replace') as fh:
				texts += fh.read().splitlines()
		elif ln.text.startswith(KMEMLEAK_LINE):
			texts.append(ln.text[len(KMEMLEAK_LINE):])
	out = []  # type: List[List[str]]
	for text in texts:
		if SUSPECT_RE.match(text.strip()):
			out.append([])
		if out:
			out[-1].append(text)
	return out


def suspect_is_ours(suspect: List[str]) -> bool:
	frames = False
	for text in suspect:
		if text.strip().startswith('backtrace'):
			frames = True
		elif frames and OUR_FRAME_RE.search(text):
			return True
	return False


def judge_kmemleak(rep: 'Report', w: 'Window', body: List[Line],
		   rundir: Optional[str]) -> int:
	"""Fails @w for the modules it left loaded, for a missing scan and
	for suspects of nfs41conn; returns the number of other suspects."""
	scanned = False
	for ln in body:
		if not ln.kernel:
			continue
		m = LEFT_LOADED_RE.search(ln.text)
		if m:
			rep.fail(f'{w.name}: left loaded after the window: {m.group(2)}')
			continue
		m = KMEMLEAK_RE.search(ln.text)
		if m and m.group(2).startswith('scanned'):
			scanned = True
		elif m:
			rep.fail(f'{w.name}: kmemleak: {m.group(2)}')
			scanned = True
	if w.end is not None and not scanned:
		rep.fail(f'{w.name}: kmemleak did not scan after the window')
	suspects = kmemleak_suspects(body, rundir)
	ours = [s for s in suspects if suspect_is_ours(s)]
	if ours:
		detail = ours[0][:SPLAT_LINES]
		if len(ours) > 1:
			detail.append(f'... and {len(ours) - 1} more')
		rep.fail(f'{w.name}: kmemleak: {len(ours)} unreferenced object(s) '
			 'allocated by nfs41conn', detail)
	others = [s for s in suspects if not suspect_is_ours(s)]
	if others:
		rep.say(f'  note: kmemleak: {len(others)} suspect(s) not of '
			f'nfs41conn ignored, first: {others[0][0]}')
		for t in others[0][1:SPLAT_LINES]:
			rep.say(f'      {t}')
	return len(others)


def split_docs(body: List[Line]) -> List[List[str]]:
	"""Splits a window into KTAP documents, each starting at an unindented
	"KTAP version" line (one per KUnit module, one per test script).

	KUnit before 6.3 prints a module's suites without the module's own
	header: its first suite's indented "KTAP version" then starts a
	document, which gets the header, with a plan of as many results as
	its unindented ones."""
	docs = []  # type: List[List[str]]
	headless = []  # type: List[bool]
	for ln in body:
		if DOC_START_RE.match(ln.text):
			docs.append([])
			headless.append(False)
		elif not docs and SUBDOC_START_RE.match(ln.text):
			docs.append([])
			headless.append(True)
		if docs:
			docs[-1].append(ln.text)
	for doc, bare in zip(docs, headless):
		if bare:
			n = sum(1 for t in doc if TOP_RESULT_RE.match(t))
			doc[0:0] = ['KTAP version 1', f'1..{n}']
	return docs


def leaves(test, prefix: str):
	"""Yields (full name, Test) for each test case, i.e. each test without
	subtests, under test."""
	for sub in test.subtests:
		sname = sub.name or '<result missing>'
		name = f'{prefix}.{sname}' if prefix else sname
		if sub.subtests:
			yield from leaves(sub, name)
		else:
			yield name, sub


def dedent_log(log: List[str]) -> List[str]:
	out = [l.strip() for l in log if l.strip()]
	if len(out) > FAIL_LOG_LINES:
		out = out[:FAIL_LOG_LINES] + [f'... ({len(out) - FAIL_LOG_LINES} more lines)']
	return out


def judge_group(kp, rep: Report, label: str, cases, suite,
		complete: bool) -> None:
	"""Counts and prints one suite (or the top-level cases of a KTAP
	document): one line, then each case that failed with its log."""
	TS = kp.TestStatus
	p = sum(1 for _, t in cases if t.status == TS.SUCCESS)
	s = sum(1 for _, t in cases if t.status == TS.SKIPPED)
	bad = [(n, t) for n, t in cases
	       if t.status not in (TS.SUCCESS, TS.SKIPPED, TS.NO_TESTS)]
	missing = empty = 0
	if suite is not None:
		# Safety net: crashes the parser counted without a Test.
		missing = max(0, suite.counts.crashed -
			      sum(1 for _, t in bad if t.status == TS.TEST_CRASHED))
		empty = 1 if suite.status == TS.NO_TESTS else 0
	nfail = len(bad) + missing + empty
	rep.passed += p
	rep.skipped += s
	rep.failed += nfail
	counts = f'{p} passed'
	if nfail:
		counts += f', {nfail} failed'
	if s:
		counts += f', {s} skipped'
	tag = 'FAIL' if nfail else ('SKIP' if s and not p else 'ok  ')
	rep.say(f'  {tag}  {label}: {counts}')
	for n, t in bad:
		what = 'crashed' if t.status == TS.TEST_CRASHED else 'failed'
		rep.say(f'          {what}: {n}')
		if t.status == TS.TEST_CRASHED and not complete:
			continue	# the console tail printed below shows it
		for d in dedent_log(t.log):
			rep.say(f'              {d}')
	if missing:
		rep.say(f'          {missing} result(s) missing (crashed or cut short)')
	if empty:
		rep.say('          no test cases ran')


def judge_doc(kp, rep: Report, wname: str, doc: List[str],
	      complete: bool) -> None:
	TS = kp.TestStatus
	main = kp.parse_run_tests(doc)
	if main.status == TS.FAILURE_TO_PARSE_TESTS:
		rep.fail(f'{wname}: KTAP output could not be parsed')
		return
	if not main.subtests:
		rep.fail(f'{wname}: KTAP document with no tests',
			 dedent_log(main.log))
		return
	# KUnit: suites at the top level.  A test script: test cases.  A
	# result the parser expected but never saw is a Test with no name.
	kunit_style = any(t.subtests for t in main.subtests)
	top = []
	for t in main.subtests:
		if t.subtests:
			judge_group(kp, rep, t.name or '(unnamed suite)',
				    list(leaves(t, '')), t, complete)
		elif not t.name and kunit_style:
			judge_group(kp, rep, '<planned suite: no result>',
				    [('<result missing>', t)], None, complete)
		else:
			top.append((t.name or '<result missing>', t))
	if top:
		judge_group(kp, rep, wname, top, None, complete)


def splat_excerpt(lines: List[Line], start: int, stop: int) -> List[str]:
	out = []
	for ln in lines[start:min(stop, start + SPLAT_LINES)]:
		out.append(ln.raw)
		if '---[ end trace' in ln.text or '---[ end Kernel panic' in ln.text:
			break
	return out


def main() -> int:
	ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
	ap.add_argument('log')
	ap.add_argument('--ksrc', required=True,
			help='kernel source tree (for tools/testing/kunit)')
	ap.add_argument('--rundir',
			help='run directory: expected windows from its tests.d/, '
			'per-window KTAP written to it')
	args = ap.parse_args()

	kp, kprinter = load_parser(args.ksrc)
	parser_out = io.StringIO()
	kp.stdout = kprinter.Printer(parser_out)

	with open(args.log, encoding='utf-8', errors='replace') as f:
		lines = [Line(i + 1, l) for i, l in enumerate(f)]

	windows, all_done = find_windows(lines)
	timeout = None
	for ln in lines[-20:]:
		m = TIMEOUT_RE.match(ln.raw)
		if m:
			timeout = m.group(1)

	expected = []  # type: List[str]
	if args.rundir:
		tdir = os.path.join(args.rundir, 'tests.d')
		for fn in sorted(os.listdir(tdir)) if os.path.isdir(tdir) else []:
			p = os.path.join(tdir, fn)
			if not (os.path.isfile(p) and os.access(p, os.X_OK)):
				continue
			name = fn
			with open(p, encoding='utf-8', errors='replace') as f:
				for l in f:
					m = re.match(r'^# nfs41conn-window: *(.*?)\s*$', l)
					if m:
						name = m.group(1)
						break
			expected.append(name)

	rep = Report()
	leaks_elsewhere = 0
	in_window = [False] * len(lines)
	show_tail = False
	why = 'crash, hang or timeout' + (f'; killed: {timeout}' if timeout else '')
	for idx, w in enumerate(windows):
		stop = w.end if w.end is not None else len(lines)
		for i in range(w.begin, stop):
			in_window[i] = True
		body = lines[w.begin + 1:stop]
		rep.say(f'{w.name}')
		if w.lockdep_off:
			rep.say('  note: lockdep was already off when this window began '
				'(a splat before it); lock bugs here go unreported')
		docs = split_docs(body)
		for doc in docs:
			try:
				judge_doc(kp, rep, w.name, doc, w.end is not None)
			except Exception as e:  # pylint: disable=broad-except
				rep.fail(f'{w.name}: the KTAP parser failed: {e!r}')
		if not docs and w.end is not None and w.rc == 0:
			rep.fail(f'{w.name}: printed no KTAP results')
		if w.end is None:
			rep.fail(f'{w.name}: no result ({why})')
			show_tail = True
		elif w.rc != 0:
			extra = ' (timed out inside UML)' if w.rc in (124, 137) else ''
			nodoc = '; no KTAP output' if not docs else ''
			tail = [ln.raw for ln in body if not KTAP_LINE_RE.match(ln.text) and
				MARK not in ln.text][-20:]
			if tail:
				tail = ['last lines of the window:'] + ['  ' + t for t in tail]
			rep.fail(f'{w.name}: exited rc={w.rc}{extra}{nodoc}', tail)
		first = next((i for i in range(w.begin + 1, stop)
			      if is_splat(lines[i])), None)
		if first is not None:
			n = sum(1 for i in range(w.begin + 1, stop) if is_splat(lines[i]))
			excerpt = splat_excerpt(lines, first, stop)
			more = [ln.raw for ln in lines[first + len(excerpt):stop]
				if is_splat(ln) and HEADLINE_RE.match(ln.text)]
			if more:
				excerpt.append('more splats in this window:')
				excerpt += ['  ' + m for m in more[:10]]
				if len(more) > 10:
					excerpt.append(f'  ... and {len(more) - 10} more')
			rep.fail(f'{w.name}: kernel splat ({n} matching lines, first at '
				 f'console line {lines[first].num})', excerpt)
		leaks_elsewhere += judge_kmemleak(rep, w, body, args.rundir)
		if args.rundir:
			base = re.sub(r'[^A-Za-z0-9_.-]+', '_', w.name)
			fn = os.path.join(args.rundir, f'window-{idx + 1}-{base}.ktap')
			with open(fn, 'w', encoding='utf-8') as f:
				f.writelines(ln.text + '\n' for ln in body)

	seen = {w.name for w in windows}
	for name in expected:
		if name not in seen:
			rep.say(name)
			rep.fail(f'{name}: no result (never started: {why})')
			show_tail = True
	if not windows and not expected:
		rep.fail('run: no test window found')
		show_tail = True
	if not all_done and not show_tail:
		rep.fail(f'run: no result ({why})')
		show_tail = True

	outside = sum(1 for i, ln in enumerate(lines)
		      if not in_window[i] and is_splat(ln))
	if outside:
		rep.say(f'note: {outside} splat line(s) outside the test windows '
			'(boot, UML teardown) ignored')
	if leaks_elsewhere:
		rep.say(f'note: {leaks_elsewhere} kmemleak suspect(s) not of '
			'nfs41conn ignored')
	if show_tail:
		rep.say(f'last {TAIL_LINES} lines of the console:')
		for ln in lines[-TAIL_LINES:]:
			rep.say('  | ' + ln.raw)

	if args.rundir:
		with open(os.path.join(args.rundir, 'kunit-parser.txt'), 'w',
			  encoding='utf-8') as f:
			f.write(parser_out.getvalue())
	if rep.failed == 0 and rep.passed == 0:
		rep.fail('run: no test case passed')
	ok = rep.failed == 0 and rep.passed > 0
	if not ok and args.rundir:
		rep.say(f'details: {args.log} and {args.rundir}/window-*.ktap')
	for s in rep.out:
		print(s)
	print(f'{rep.passed} passed, {rep.failed} failed')
	return 0 if ok else 1


if __name__ == '__main__':
	sys.exit(main())
