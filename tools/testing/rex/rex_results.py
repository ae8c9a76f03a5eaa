#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Collect the results of a 'make check' run into one verdict.

Sources: host tests (ctest and Python unittest summaries), KUnit (the JSON
written by 'kunit.py parse'), end-to-end TAP from the guest's result channel,
and the kernel console, which is scanned for signs of an unhealthy kernel.
Prints every failure with its cause, then 'N passed, N failed' last.
"""

import argparse
import json
import re
import sys
from dataclasses import dataclass, field

# Console lines that mean the kernel is not healthy, whatever the tests said.
CONSOLE_ALARMS = re.compile(
    r"(BUG:|WARNING:|Oops|Kernel panic|general protection fault|"
    r"UBSAN:|kmemleak: \d+ new suspected|INFO: task .* blocked|"
    r"watchdog: BUG: soft lockup|rcu: INFO: rcu_\w+ detected stalls)")

TAP_LINE = re.compile(r"^(not ok|ok)\s+(\d+)\s*-?\s*([^#]*?)\s*(#\s*(\w+).*)?$")


@dataclass
class Tally:
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    failures: list = field(default_factory=list)

    def add(self, ok, name, why=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            self.failures.append(f"{name}: {why}" if why else name)

    def merge(self, other):
        self.passed += other.passed
        self.failed += other.failed
        self.skipped += other.skipped
        self.failures += other.failures


def parse_tap(text, area):
    """Count TAP results; a SKIP directive is a skip, never a pass."""
    t = Tally()
    current = None
    for line in text.splitlines():
        m = TAP_LINE.match(line.strip())
        if m:
            ok, name, directive = m.group(1) == "ok", m.group(3), (m.group(5) or "").upper()
            current = f"{area}/{name}"
            if directive == "SKIP":
                t.skipped += 1
            else:
                t.add(ok, current)
        elif line.startswith("# ") and t.failures and current and t.failures[-1].startswith(current):
            t.failures[-1] += "\n      " + line[2:]
    return t


def scan_console(text):
    """Every alarming console line is a failure of its own."""
    t = Tally()
    scenario = "boot"
    for line in text.splitlines():
        m = re.search(r"rex-e2e: start (\S+)", line)
        if m:
            scenario = m.group(1)
            continue
        if CONSOLE_ALARMS.search(line):
            t.add(False, "console", f"during {scenario}: {line.strip()}")
    return t


def kunit_cases(node, prefix=""):
    """Yield (name, status) for every leaf test case in kunit.py's JSON."""
    name = f"{prefix}.{node['name']}" if prefix else node.get("name", "")
    for case in node.get("test_cases", []):
        yield f"{name}.{case['name']}" if name else case["name"], case["status"]
    for group in node.get("sub_groups", []):
        yield from kunit_cases(group, name)


def parse_kunit_json(text):
    t = Tally()
    for name, status in kunit_cases(json.loads(text)):
        if status == "SKIP":
            t.skipped += 1
        else:
            t.add(status == "PASS", f"kunit/{name}", status)
    return t


def parse_ctest(text):
    """'95% tests passed, 1 tests failed out of 20' plus the failed names."""
    t = Tally()
    m = re.search(r"(\d+)% tests passed, (\d+) tests? failed out of (\d+)", text)
    if not m:
        t.add(False, "host/ctest", "no ctest summary (did the build fail?)")
        return t
    failed, total = int(m.group(2)), int(m.group(3))
    skipped = len(re.findall(r"\*\*\*Skipped|Not Run", text))
    t.passed, t.skipped = total - failed - skipped, skipped
    for name in re.findall(r"^\s*\d+ - (\S+) \(Failed\)", text, re.M):
        t.add(False, f"host/{name}")
    t.failed = failed
    return t


def parse_unittest(text, area):
    """Python unittest: 'Ran N tests' then 'OK' or 'FAILED (failures=1, ...)'."""
    t = Tally()
    m = re.search(r"^Ran (\d+) tests?", text, re.M)
    if not m:
        t.add(False, area, "no unittest summary")
        return t
    total = int(m.group(1))
    bad = sum(int(n) for n in re.findall(r"(?:failures|errors)=(\d+)", text))
    t.skipped = sum(int(n) for n in re.findall(r"skipped=(\d+)", text))
    for name in re.findall(r"^(?:FAIL|ERROR): (\S+)", text, re.M):
        t.failures.append(f"{area}/{name}")
    t.failed, t.passed = bad, total - bad - t.skipped
    return t


def split_label(spec):
    """'LABEL=FILE' (LABEL of lower-case letters, digits and '-') or 'FILE'."""
    m = re.match(r"^([a-z0-9-]+)=(.+)$", spec)
    return (m.group(1), m.group(2)) if m else ("", spec)


def labelled(tally, label):
    """Name a later boot's results after it: 'rethunk:e2e/a/b'."""
    if label:
        tally.failures = [f"{label}:{f}" for f in tally.failures]
    return tally


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--ctest", help="ctest output")
    ap.add_argument("--unittest", action="append", default=[], metavar="AREA=FILE")
    # One of each per boot; a boot after the first is named: LABEL=FILE,
    # and its results are reported as LABEL:kunit/..., LABEL:e2e/...
    ap.add_argument("--kunit-json", action="append", default=[], metavar="[LABEL=]FILE",
                    help="kunit.py parse --json output")
    ap.add_argument("--tap", action="append", default=[], metavar="[LABEL=]FILE",
                    help="end-to-end TAP from the guest")
    ap.add_argument("--console", action="append", default=[], metavar="[LABEL=]FILE",
                    help="kernel console log")
    ap.add_argument("--fail", action="append", default=[], metavar="STEP=WHY",
                    help="a step that failed before producing results")
    args = ap.parse_args(argv)

    total = Tally()
    for f in args.fail:
        step, _, why = f.partition("=")
        total.add(False, step, why)
    if args.ctest:
        total.merge(parse_ctest(open(args.ctest, errors="replace").read()))
    for spec in args.unittest:
        area, _, path = spec.partition("=")
        total.merge(parse_unittest(open(path, errors="replace").read(), area))
    for spec in args.kunit_json:
        label, path = split_label(spec)
        try:
            kunit = parse_kunit_json(open(path).read())
            if kunit.passed + kunit.failed + kunit.skipped == 0:
                kunit.add(False, "kunit", "no KUnit test ran")
        except (OSError, ValueError, KeyError) as e:
            kunit = Tally()
            kunit.add(False, "kunit", f"no parsable KUnit results ({e})")
        total.merge(labelled(kunit, label))
    for spec in args.tap:
        label, path = split_label(spec)
        tap = open(path, errors="replace").read()
        e2e = parse_tap(tap, "e2e")
        if e2e.passed + e2e.failed + e2e.skipped == 0:
            e2e.add(False, "e2e", "no scenario results (boot failure?)")
        if "rex-init: done" not in tap:
            e2e.add(False, "e2e", "the guest did not finish (crash or timeout)")
        total.merge(labelled(e2e, label))
    for spec in args.console:
        label, path = split_label(spec)
        total.merge(labelled(scan_console(open(path, errors="replace").read()), label))

    for f in total.failures:
        print(f"FAILED {f}")
    line = f"{total.passed} passed, {total.failed} failed"
    if total.skipped:
        line += f", {total.skipped} skipped"
    print(line)
    return 1 if total.failed else 0


if __name__ == "__main__":
    sys.exit(main())
