#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Summarize 'make bench': medians per figure, the Rex/eBPF ratio, and the
cost of one operation where a figure was run at two counts.

Usage: bench.py [MODEL=]RESULTS... (MODEL: tcg, icount; one table each)
"""

import re
import statistics
import sys
from collections import defaultdict

# name, figure with one operation, figure with many, how many more, unit,
# target (Rex/eBPF at most; for recursion eBPF/Rex at least, "speed-up")
PER_OP = [
    ("per lookup", "lookup_1", "lookup_16", 15, "ratio", 1.10),
    ("per lock+unlock", "spin_lock_1", "spin_lock_16", 15, "ratio", 1.15),
    ("per level", "recurse_d1", "recurse_d33", 32, "speed-up", 3.0),
]


# What a Rex figure is compared with: its eBPF twin, the same syscall with no
# program attached (none), memcached answering without bmc (memcached).
KINDS = ("rex", "ebpf", "none", "memcached")


def values(text):
    """{figure: {kind: [value of each round]}}"""
    runs = defaultdict(lambda: defaultdict(list))
    for m in re.finditer(rf"^bench (\S+) ({'|'.join(KINDS)}) (\d+)$", text, re.M):
        runs[m.group(1)][m.group(2)].append(int(m.group(3)))
    return runs


def medians(text):
    """{figure: {kind: (runs, median)}}"""
    return {name: {kind: (len(v), statistics.median(v)) for kind, v in kinds.items()}
            for name, kinds in values(text).items()}


def spreads(text):
    """{figure: {kind: (largest - smallest) / median}}: how far apart a
    figure's rounds are, which says how much to trust its ratio."""
    return {name: {kind: (max(v) - min(v)) / statistics.median(v) if statistics.median(v) else 0.0
                   for kind, v in kinds.items()}
            for name, kinds in values(text).items()}


def summarize(text):
    rows = []
    for name, kinds in sorted(medians(text).items()):
        if "rex" not in kinds or "ebpf" not in kinds:
            continue
        (n, mr), (_, me) = kinds["rex"], kinds["ebpf"]
        rows.append((name, n, mr, me, mr / me if me else float("inf")))
    return rows


def probe_part(meds, name="kprobe_getppid"):
    """A tracing figure timed as a syscall with the program attached (Rex,
    eBPF) and with none: what the probe and its program add to the call,
    each side's time minus the bare call's. (Rex part, eBPF part, bare
    call, Rex/eBPF), or None."""
    kinds = meds.get(name, {})
    if not all(k in kinds for k in ("rex", "ebpf", "none")):
        return None
    bare = kinds["none"][1]
    rex, ebpf = kinds["rex"][1] - bare, kinds["ebpf"][1] - bare
    return rex, ebpf, bare, rex / ebpf if ebpf > 0 else float("inf")


def bmc_speed_up(meds, name="bmc_get"):
    """A memcached get answered by bmc (Rex) and by memcached alone:
    (Rex, memcached, memcached/Rex), or None."""
    kinds = meds.get(name, {})
    if "rex" not in kinds or "memcached" not in kinds:
        return None
    rex, alone = kinds["rex"][1], kinds["memcached"][1]
    return rex, alone, alone / rex if rex else float("inf")


def per_op(rows, one, many, extra):
    """Cost of one operation on each side, from the figures run with one and
    with 1 + extra operations: the fixed cost of a run cancels."""
    by_name = {name: (mr, me) for name, _, mr, me, _ in rows}
    if one not in by_name or many not in by_name:
        return None
    (r1, e1), (rn, en) = by_name[one], by_name[many]
    return (rn - r1) / extra, (en - e1) / extra


def per_level(rows):
    """Cost of one level of recursion (Rex) and one tail call (eBPF)."""
    return per_op(rows, "recurse_d1", "recurse_d33", 32)


def derived(rows):
    """(name, Rex per op, eBPF per op, figure, kind, target, met) per PER_OP
    entry whose two figures are present."""
    out = []
    for name, one, many, extra, kind, target in PER_OP:
        costs = per_op(rows, one, many, extra)
        if not costs:
            continue
        rex, ebpf = costs
        if kind == "ratio":
            figure = rex / ebpf if ebpf > 0 else float("inf")
            met = figure <= target
        else:
            figure = ebpf / rex if rex > 0 else float("inf")
            met = figure >= target
        out.append((name, rex, ebpf, figure, kind, target, met))
    return out


def report(model, rows, meds=None, spread=None):
    unit = "instructions" if model == "icount" else "ns"
    lines = []
    if model:
        lines.append(f"== {model}: {'guest instructions per run (-icount shift=0)' if model == 'icount' else 'wall time under TCG, ns per run'}")
    if rows:
        lines.append(f"{'benchmark':<16} {'runs':>4} {'Rex':>9} {'eBPF':>9} {'Rex/eBPF':>9}"
                     + (f" {'spread Rex':>11} {'eBPF':>6}" if spread else ""))
    for name, n, mr, me, ratio in rows:
        line = f"{name:<16} {n:>4} {mr:>9.1f} {me:>9.1f} {ratio:>9.3f}"
        if spread and name in spread:
            s = spread[name]
            line += f" {s.get('rex', 0) * 100:>10.0f}% {s.get('ebpf', 0) * 100:>5.0f}%"
        lines.append(line)
    if rows and spread:
        lines.append("(spread: the largest round less the smallest, over the median)")
    for name, rex, ebpf, figure, kind, target, met in derived(rows):
        if kind == "ratio":
            goal = f"target Rex/eBPF <= {target:.2f}"
        else:
            goal = f"target Rex >= {target:.1f}x faster"
        lines.append(f"{name}: Rex {rex:.1f} {unit}, eBPF {ebpf:.1f} {unit}: "
                     f"{kind} {figure:.2f} ({goal}: {'met' if met else 'not met'})")
    probe = probe_part(meds or {})
    if probe:
        rex, ebpf, bare, ratio = probe
        lines.append(f"kprobe on getppid, over the bare call ({bare:.0f} {unit}): "
                     f"Rex {rex:.1f} {unit}, eBPF {ebpf:.1f} {unit}: ratio {ratio:.2f}")
    bmc = bmc_speed_up(meds or {})
    if bmc:
        rex, alone, speed_up = bmc
        lines.append(f"memcached get: bmc (Rex, at XDP) {rex:.0f} {unit}, memcached alone "
                     f"{alone:.0f} {unit}: speed-up {speed_up:.2f}x")
    return lines


def guest_failure(text):
    """Why the guest's bench.sh did not finish (its exit status, which the
    initramfs's init reports), or None."""
    m = re.search(r"^rex-bench: exit (\d+)$", text, re.M)
    if not m:
        return "bench.sh did not finish"
    if m.group(1) != "0":
        return f"bench.sh failed (exit {m.group(1)})"
    return None


def parse_args(args):
    out = []
    for arg in args:
        model, sep, path = arg.partition("=")
        out.append((model, path) if sep else ("", arg))
    return out


def main(args):
    status = 0
    for model, path in parse_args(args):
        text = open(path, errors="replace").read()
        rows, meds = summarize(text), medians(text)
        failed = guest_failure(text)
        if failed:
            print(f"bench: {failed} in {path} (see the console log)")
            status = 1
        if not meds:
            print(f"bench: no results in {path} (see the console log)")
            status = 1
            continue
        print("\n".join(report(model, rows, meds, spreads(text))))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
